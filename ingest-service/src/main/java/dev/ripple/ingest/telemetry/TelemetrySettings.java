package dev.ripple.ingest.telemetry;

import io.micronaut.context.annotation.ConfigurationProperties;
import io.micronaut.context.annotation.Context;
import java.net.URI;

/**
 * Tracing and log settings ({@code ripple.telemetry.*}; docs/observability.md), the same variables as the Spring
 * services read.
 *
 * @param tracesEndpoint {@code RIPPLE_OTLP_TRACES_ENDPOINT}: where spans are exported over OTLP/HTTP (e.g.
 *     {@code http://otel-collector:4318/v1/traces}); empty: spans are not exported, trace context still propagates
 * @param sampling {@code RIPPLE_TRACE_SAMPLING}: the share of new traces recorded, 0–1 (a trace started upstream keeps
 *     its own decision)
 * @param logFormat {@code RIPPLE_LOG_FORMAT}: {@code text} or {@code json} (one ECS JSON object per line, with the
 *     trace and span ids of the current span); read by logback.xml, checked here
 */
@Context
@ConfigurationProperties("ripple.telemetry")
public record TelemetrySettings(String tracesEndpoint, Double sampling, String logFormat) {

    public TelemetrySettings {
        if (tracesEndpoint != null && tracesEndpoint.isBlank()) {
            tracesEndpoint = null;
        }
        if (tracesEndpoint != null) {
            URI uri;
            try {
                uri = URI.create(tracesEndpoint.strip());
            } catch (IllegalArgumentException e) {
                uri = null;
            }
            if (uri == null
                    || uri.getHost() == null
                    || !("http".equals(uri.getScheme()) || "https".equals(uri.getScheme()))) {
                throw new IllegalArgumentException("ripple.telemetry.traces-endpoint (RIPPLE_OTLP_TRACES_ENDPOINT) must"
                        + " be an absolute http(s) URL such as http://otel-collector:4318/v1/traces, was '"
                        + tracesEndpoint + "'");
            }
            tracesEndpoint = uri.toString();
        }
        if (sampling == null) {
            sampling = 1.0;
        }
        if (!(sampling >= 0 && sampling <= 1)) {
            throw new IllegalArgumentException(
                    "ripple.telemetry.sampling (RIPPLE_TRACE_SAMPLING) must be between 0 and 1, was " + sampling);
        }
        if (logFormat == null || logFormat.isBlank()) {
            logFormat = "text";
        }
        if (!logFormat.equals("text") && !logFormat.equals("json")) {
            throw new IllegalArgumentException(
                    "ripple.telemetry.log-format (RIPPLE_LOG_FORMAT) must be text or json, was '" + logFormat + "'");
        }
    }
}
