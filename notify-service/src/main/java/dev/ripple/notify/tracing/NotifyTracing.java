package dev.ripple.notify.tracing;

import dev.ripple.events.CloudEvents;
import io.micrometer.tracing.Span;
import io.micrometer.tracing.Tracer;
import io.micrometer.tracing.propagation.Propagator;
import java.util.LinkedHashMap;
import java.util.Map;
import org.springframework.beans.factory.ObjectProvider;
import org.springframework.stereotype.Component;

/**
 * W3C trace context through notify-service (docs/observability.md): each consumed attribution is processed in a span
 * whose parent is the record's {@code traceparent}; the alerts that processing makes store the span's context with
 * their message (and the feed keeps its latest credit's, for alerts made later by the window flusher); each delivery
 * attempt is a client span in that trace, and its context goes out as the webhook request's {@code traceparent}.
 * Micrometer Tracing with the OpenTelemetry bridge; without a tracer (slice tests) everything here is a no-op.
 */
@Component
public class NotifyTracing {

    public static final String TRACEPARENT = "traceparent";
    public static final String TRACESTATE = "tracestate";

    private final Tracer tracer;
    private final Propagator propagator;

    @org.springframework.beans.factory.annotation.Autowired
    NotifyTracing(ObjectProvider<Tracer> tracer, ObjectProvider<Propagator> propagator) {
        this(tracer.getIfAvailable(() -> Tracer.NOOP), propagator.getIfAvailable(() -> Propagator.NOOP));
    }

    public NotifyTracing(Tracer tracer, Propagator propagator) {
        this.tracer = tracer;
        this.propagator = propagator;
    }

    /** A consumer span for one record, the child of the trace context in its headers (a new trace without one). */
    public Span consume(Map<String, Object> headers, String topic) {
        return propagator
                .extract(headers, (carrier, key) -> CloudEvents.string(carrier.get(key)))
                .kind(Span.Kind.CONSUMER)
                .name("notify " + topic)
                .tag("messaging.system", "kafka")
                .tag("messaging.destination.name", topic)
                .tag("messaging.operation", "process")
                .start();
    }

    /**
     * A span that continues a stored trace context ({@code traceparent}, {@code tracestate}); a new trace when none
     * was stored. {@code kind} null: an internal span.
     */
    public Span continueTrace(String traceParent, String traceState, String name, Span.Kind kind) {
        Span.Builder builder;
        if (traceParent == null || traceParent.isBlank()) {
            builder = tracer.spanBuilder();
        } else {
            Map<String, String> stored = new LinkedHashMap<>();
            stored.put(TRACEPARENT, traceParent);
            if (traceState != null && !traceState.isBlank()) {
                stored.put(TRACESTATE, traceState);
            }
            builder = propagator.extract(stored, Map::get);
        }
        return (kind == null ? builder : builder.kind(kind)).name(name).start();
    }

    /** The current span's propagation fields (empty when no span is current). */
    public Map<String, String> current() {
        Span span = tracer.currentSpan();
        return span == null ? Map.of() : fields(span);
    }

    /** A span's propagation fields, e.g. to send as HTTP headers. */
    public Map<String, String> fields(Span span) {
        Map<String, String> fields = new LinkedHashMap<>();
        propagator.inject(span.context(), fields, Map::put);
        return fields;
    }

    /** Makes the span current (its trace id in the logs' MDC) until the scope closes. */
    public Tracer.SpanInScope inScope(Span span) {
        return tracer.withSpan(span);
    }
}
