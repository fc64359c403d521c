package dev.ripple.cascade.config;

import static org.assertj.core.api.Assertions.assertThat;

import dev.ripple.cascade.correlation.CorrelationSettings;
import dev.ripple.cascade.correlation.GraphPolicy;
import java.time.Duration;
import org.junit.jupiter.api.Test;
import org.springframework.boot.test.context.runner.ApplicationContextRunner;

/** Bad settings stop start-up with a message naming the setting. */
class CascadeSettingsTests {

    private final ApplicationContextRunner runner = new ApplicationContextRunner()
            .withUserConfiguration(CascadeConfiguration.class)
            .withPropertyValues(
                    "ripple.kafka.bootstrap-servers=localhost:9092",
                    "ripple.kafka.partitions=6",
                    "ripple.kafka.replication-factor=1",
                    "ripple.cascade.mention-window=48h",
                    "ripple.cascade.follow-window=24h",
                    "ripple.cascade.kernel-tau=60s",
                    "ripple.cascade.kernel-alpha=1.5",
                    "ripple.cascade.graph-policy=most-recent",
                    "ripple.cascade.popularity-weight=0.5",
                    "ripple.cascade.lateness=5m",
                    "ripple.cascade.cache-entries=100000",
                    "ripple.cascade.consumer-threads=2",
                    "ripple.cascade.calibration=",
                    "ripple.cascade.outbox.poll-interval=50ms",
                    "ripple.cascade.outbox.batch-size=500");

    @Test
    void defaultsBindToTheCoreSettings() {
        runner.run(context -> {
            assertThat(context).hasNotFailed();
            CorrelationSettings settings = context.getBean(CorrelationSettings.class);
            assertThat(settings.followWindow()).isEqualTo(Duration.ofHours(24));
            assertThat(settings.graphPolicy()).isEqualTo(GraphPolicy.MOST_RECENT);
        });
    }

    @Test
    void aNegativeKernelExponentIsRefusedByName() {
        runner.withPropertyValues("ripple.cascade.kernel-alpha=-1")
                .run(context -> assertThat(context)
                        .getFailure()
                        .rootCause()
                        .hasMessageContaining("ripple.cascade")
                        .hasMessageContaining("kernelAlpha"));
    }

    @Test
    void zeroConsumerThreadsAreRefusedByName() {
        runner.withPropertyValues("ripple.cascade.consumer-threads=0")
                .run(context -> assertThat(context)
                        .getFailure()
                        .rootCause()
                        .hasMessageContaining("ripple.cascade")
                        .hasMessageContaining("consumerThreads"));
    }

    @Test
    void anUnknownPolicyIsRefusedByName() {
        runner.withPropertyValues("ripple.cascade.graph-policy=loudest")
                .run(context ->
                        assertThat(context).getFailure().hasStackTraceContaining("ripple.cascade.graph-policy"));
    }

    @Test
    void zeroPartitionsAreRefusedByName() {
        runner.withPropertyValues("ripple.kafka.partitions=0")
                .run(context ->
                        assertThat(context).getFailure().rootCause().hasMessageContaining("ripple.kafka.partitions"));
    }

    @Test
    void aZeroFollowWindowIsRefused() {
        runner.withPropertyValues("ripple.cascade.follow-window=0s")
                .run(context -> assertThat(context).getFailure().rootCause().hasMessageContaining("windowsPositive"));
    }
}
