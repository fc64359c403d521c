package dev.ripple.cascade.bench;

import dev.ripple.cascade.correlation.CorrelationSettings;
import dev.ripple.cascade.correlation.InMemoryCorrelation;
import dev.ripple.cascade.eval.Generator;
import dev.ripple.events.RippleEvent;
import java.util.List;
import java.util.concurrent.TimeUnit;
import org.openjdk.jmh.annotations.Benchmark;
import org.openjdk.jmh.annotations.BenchmarkMode;
import org.openjdk.jmh.annotations.Fork;
import org.openjdk.jmh.annotations.Measurement;
import org.openjdk.jmh.annotations.Mode;
import org.openjdk.jmh.annotations.OperationsPerInvocation;
import org.openjdk.jmh.annotations.OutputTimeUnit;
import org.openjdk.jmh.annotations.Scope;
import org.openjdk.jmh.annotations.Setup;
import org.openjdk.jmh.annotations.State;
import org.openjdk.jmh.annotations.Warmup;
import org.openjdk.jmh.infra.Blackhole;

/**
 * JMH benchmark of the pure correlation core: a generated world (≈ 45,000 shares, follows and following snapshots)
 * replayed through the {@link dev.ripple.cascade.correlation.Correlator} with all state in memory, no I/O. Reports
 * events per second. Run: {@code ./mvnw -q -pl cascade-service exec:java -Dbench.main=org.openjdk.jmh.Main
 * -Dexec.args=CorrelationCoreBenchmark}.
 */
@State(Scope.Benchmark)
@BenchmarkMode(Mode.Throughput)
@OutputTimeUnit(TimeUnit.SECONDS)
@Warmup(iterations = 3, time = 5)
@Measurement(iterations = 5, time = 5)
@Fork(
        value = 1,
        jvmArgs = {"-Xmx2g"})
public class CorrelationCoreBenchmark {

    static final int EVENTS = 44_737;

    private List<RippleEvent> events;

    @Setup
    public void generate() {
        events = new Generator(Generator.Settings.defaults(7).scaled(20_000, 300, 6))
                .generate()
                .events();
        if (events.size() != EVENTS) {
            throw new IllegalStateException("the generated world changed: " + events.size() + " events; update EVENTS");
        }
    }

    @Benchmark
    @OperationsPerInvocation(EVENTS)
    public void replayWorld(Blackhole blackhole) {
        InMemoryCorrelation correlation = new InMemoryCorrelation(CorrelationSettings.DEFAULTS);
        for (RippleEvent event : events) {
            blackhole.consume(correlation.apply(event));
        }
    }
}
