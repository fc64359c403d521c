package dev.ripple.ingest.telemetry;

import ch.qos.logback.classic.spi.ILoggingEvent;
import ch.qos.logback.classic.spi.IThrowableProxy;
import ch.qos.logback.classic.spi.ThrowableProxyUtil;
import ch.qos.logback.core.encoder.EncoderBase;
import io.opentelemetry.api.trace.Span;
import io.opentelemetry.api.trace.SpanContext;
import java.nio.charset.StandardCharsets;
import java.time.Instant;
import java.util.Map;

/**
 * Logs as one JSON object per line in the Elastic Common Schema, nested as the Spring services' ECS format writes it
 * ({@code @timestamp}, {@code log.level}, {@code log.logger}, {@code process.pid}, {@code process.thread.name},
 * {@code service.name}, {@code message}, MDC entries, {@code error.type/message/stack_trace}, {@code ecs.version}), with
 * the current span's {@code traceId} and {@code spanId} as they do, so one query finds a trace's lines in every
 * service. Selected by {@code RIPPLE_LOG_FORMAT=json} ({@link ConsoleLogEncoder}).
 */
public final class JsonLogEncoder extends EncoderBase<ILoggingEvent> {

    private static final long PID = ProcessHandle.current().pid();

    private String serviceName = "ingest-service";

    public void setServiceName(String serviceName) {
        this.serviceName = serviceName;
    }

    @Override
    public byte[] headerBytes() {
        return null;
    }

    @Override
    public byte[] footerBytes() {
        return null;
    }

    @Override
    public byte[] encode(ILoggingEvent event) {
        StringBuilder json = new StringBuilder(256);
        json.append("{\"@timestamp\":");
        quote(json, Instant.ofEpochMilli(event.getTimeStamp()).toString());
        json.append(",\"log\":{\"level\":");
        quote(json, event.getLevel().toString());
        json.append(",\"logger\":");
        quote(json, event.getLoggerName());
        json.append("},\"process\":{\"pid\":").append(PID).append(",\"thread\":{\"name\":");
        quote(json, event.getThreadName());
        json.append("}},\"service\":{\"name\":");
        quote(json, serviceName);
        json.append("},\"message\":");
        quote(json, event.getFormattedMessage());
        Map<String, String> mdc = event.getMDCPropertyMap();
        if (mdc != null) {
            mdc.forEach((key, value) -> {
                if (!key.equals("traceId") && !key.equals("spanId")) {
                    field(json, key, value);
                }
            });
        }
        SpanContext span = Span.current().getSpanContext();
        if (span.isValid()) {
            field(json, "traceId", span.getTraceId());
            field(json, "spanId", span.getSpanId());
        } else if (mdc != null && mdc.containsKey("traceId")) {
            field(json, "traceId", mdc.get("traceId"));
            field(json, "spanId", mdc.get("spanId"));
        }
        IThrowableProxy error = event.getThrowableProxy();
        if (error != null) {
            json.append(",\"error\":{\"type\":");
            quote(json, error.getClassName());
            json.append(",\"message\":");
            quote(json, error.getMessage());
            json.append(",\"stack_trace\":");
            quote(json, ThrowableProxyUtil.asString(error));
            json.append('}');
        }
        json.append(",\"ecs\":{\"version\":\"8.11\"}}\n");
        return json.toString().getBytes(StandardCharsets.UTF_8);
    }

    private static void field(StringBuilder json, String name, String value) {
        json.append(',');
        quote(json, name);
        json.append(':');
        quote(json, value);
    }

    static void quote(StringBuilder json, String text) {
        if (text == null) {
            json.append("null");
            return;
        }
        json.append('"');
        for (int i = 0; i < text.length(); i++) {
            char c = text.charAt(i);
            switch (c) {
                case '"' -> json.append("\\\"");
                case '\\' -> json.append("\\\\");
                case '\n' -> json.append("\\n");
                case '\r' -> json.append("\\r");
                case '\t' -> json.append("\\t");
                default -> {
                    if (c < 0x20) {
                        json.append(String.format("\\u%04x", (int) c));
                    } else {
                        json.append(c);
                    }
                }
            }
        }
        json.append('"');
    }
}
