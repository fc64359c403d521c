package dev.ripple.ingest.publish;

import io.micrometer.core.instrument.Counter;
import io.micrometer.core.instrument.MeterRegistry;
import io.opentelemetry.api.OpenTelemetry;
import io.opentelemetry.api.trace.Span;
import io.opentelemetry.api.trace.SpanKind;
import io.opentelemetry.api.trace.StatusCode;
import io.opentelemetry.context.Context;
import io.opentelemetry.context.propagation.TextMapSetter;
import jakarta.inject.Singleton;
import java.nio.charset.StandardCharsets;
import org.apache.kafka.common.header.Headers;

/**
 * Trace context and counts of the records ingest-service publishes (docs/observability.md). Each event is published in
 * a producer span, the child of the current context (a replay's caller, when its request carried a
 * {@code traceparent}) or the root of a new trace (a platform event), and the span's W3C {@code traceparent} goes into
 * the record's headers, where cascade-service picks it up. Acknowledged records are counted per topic as
 * {@code ripple_kafka_records_produced_total}, the name every service uses.
 */
@Singleton
public final class KafkaTelemetry {

    /** No spans, no counts: for code run without the service's beans (tests, tools). */
    public static final KafkaTelemetry NOOP = new KafkaTelemetry(OpenTelemetry.noop(), null);

    private static final TextMapSetter<Headers> HEADERS = (headers, key, value) -> {
        if (headers != null) {
            headers.remove(key);
            headers.add(key, value.getBytes(StandardCharsets.UTF_8));
        }
    };

    private final OpenTelemetry telemetry;
    private final MeterRegistry registry;

    public KafkaTelemetry(OpenTelemetry telemetry, MeterRegistry registry) {
        this.telemetry = telemetry;
        this.registry = registry;
    }

    /** Starts the span publishing one record and writes its trace context into the record's headers. */
    Span publishing(String topic, String eventId, Headers headers) {
        Span span = telemetry
                .getTracer("dev.ripple.ingest")
                .spanBuilder("publish " + topic)
                .setSpanKind(SpanKind.PRODUCER)
                .setParent(Context.current())
                .setAttribute("messaging.system", "kafka")
                .setAttribute("messaging.destination.name", topic)
                .setAttribute("messaging.operation", "publish")
                .setAttribute("messaging.message.id", eventId)
                .startSpan();
        telemetry
                .getPropagators()
                .getTextMapPropagator()
                .inject(Context.current().with(span), headers, HEADERS);
        return span;
    }

    /** The record was acknowledged: the span ends, the record is counted. */
    void acknowledged(Span span, String topic) {
        span.end();
        if (registry != null) {
            Counter.builder("ripple.kafka.records.produced")
                    .description("Records published and acknowledged, per topic")
                    .tag("topic", topic)
                    .register(registry)
                    .increment();
        }
    }

    /** The record was not acknowledged (or its transaction aborted). */
    void failed(Span span, Throwable error) {
        span.recordException(error);
        span.setStatus(StatusCode.ERROR, String.valueOf(error.getMessage()));
        span.end();
    }
}
