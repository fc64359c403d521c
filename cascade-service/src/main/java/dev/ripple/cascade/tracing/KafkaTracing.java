package dev.ripple.cascade.tracing;

import dev.ripple.events.CloudEvents;
import io.micrometer.tracing.Span;
import io.micrometer.tracing.Tracer;
import io.micrometer.tracing.propagation.Propagator;
import java.nio.charset.StandardCharsets;
import java.util.LinkedHashMap;
import java.util.Map;
import org.apache.kafka.common.header.Headers;
import org.springframework.beans.factory.ObjectProvider;
import org.springframework.stereotype.Component;

/**
 * W3C trace context across this service's Kafka records, where no instrumentation reaches: the batch consumer and the
 * plain producer of the outbox relay. A consumed record's {@code traceparent} becomes the parent of a span for its
 * processing; that span's context travels with the decisions it causes (through the outbox) and becomes the parent of
 * the span that publishes them, whose context goes out in the published record's headers. Uses Micrometer Tracing
 * (OpenTelemetry bridge); without a tracer (slice tests) everything here is a no-op.
 */
@Component
public class KafkaTracing {

    private final Tracer tracer;
    private final Propagator propagator;

    @org.springframework.beans.factory.annotation.Autowired
    KafkaTracing(ObjectProvider<Tracer> tracer, ObjectProvider<Propagator> propagator) {
        this(tracer.getIfAvailable(() -> Tracer.NOOP), propagator.getIfAvailable(() -> Propagator.NOOP));
    }

    public KafkaTracing(Tracer tracer, Propagator propagator) {
        this.tracer = tracer;
        this.propagator = propagator;
    }

    /**
     * Starts a consumer span for one record, the child of the trace context in its headers (a new trace when it has
     * none).
     */
    public Span consume(Map<String, Object> headers, String topic, String operation) {
        Span.Builder builder = propagator.extract(headers, (carrier, key) -> CloudEvents.string(carrier.get(key)));
        return builder.kind(Span.Kind.CONSUMER)
                .name(operation + " " + topic)
                .tag("messaging.system", "kafka")
                .tag("messaging.destination.name", topic)
                .tag("messaging.operation", "process")
                .start();
    }

    /** Starts a producer span, the child of a trace context stored earlier ({@link #carrier}); a root when empty. */
    public Span produce(Map<String, String> parent, String topic) {
        Span.Builder builder = parent.isEmpty() ? tracer.spanBuilder() : propagator.extract(parent, Map::get);
        return builder.kind(Span.Kind.PRODUCER)
                .name("publish " + topic)
                .tag("messaging.system", "kafka")
                .tag("messaging.destination.name", topic)
                .tag("messaging.operation", "publish")
                .start();
    }

    /** The span's context as propagation fields ({@code traceparent}, {@code tracestate}), to store or send. */
    public Map<String, String> carrier(Span span) {
        Map<String, String> fields = new LinkedHashMap<>();
        propagator.inject(span.context(), fields, Map::put);
        return fields;
    }

    /** Writes the span's context into a record's headers, replacing what they carried. */
    public void inject(Span span, Headers headers) {
        propagator.inject(span.context(), headers, (carrier, key, value) -> {
            carrier.remove(key);
            carrier.add(key, value.getBytes(StandardCharsets.UTF_8));
        });
    }

    /** Makes the span current (its trace id in the logs' MDC) until the scope closes. */
    public Tracer.SpanInScope inScope(Span span) {
        return tracer.withSpan(span);
    }
}
