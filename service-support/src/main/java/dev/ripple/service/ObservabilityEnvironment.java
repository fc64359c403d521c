package dev.ripple.service;

import java.net.URI;
import java.util.HashMap;
import java.util.Locale;
import java.util.Map;
import org.springframework.boot.EnvironmentPostProcessor;
import org.springframework.boot.SpringApplication;
import org.springframework.core.env.ConfigurableEnvironment;
import org.springframework.core.env.MapPropertySource;

/**
 * Ripple's observability settings, mapped onto Spring Boot's before logging starts (docs/observability.md):
 * {@code RIPPLE_LOG_FORMAT} ({@code text}, the default, or {@code json}: one ECS JSON object per line, with the trace
 * and span ids of the current span) and {@code RIPPLE_OTLP_TRACES_ENDPOINT} (export spans over OTLP/HTTP to a
 * collector; unset: spans are not exported, trace context still propagates). A bad value stops start-up naming the
 * setting. Spring's own properties, when set, win over these.
 */
public class ObservabilityEnvironment implements EnvironmentPostProcessor {

    static final String LOG_FORMAT = "RIPPLE_LOG_FORMAT";
    static final String TRACES_ENDPOINT = "RIPPLE_OTLP_TRACES_ENDPOINT";

    @Override
    public void postProcessEnvironment(ConfigurableEnvironment environment, SpringApplication application) {
        Map<String, Object> mapped = map(environment.getProperty(LOG_FORMAT), environment.getProperty(TRACES_ENDPOINT));
        if (!mapped.isEmpty()) {
            environment.getPropertySources().addLast(new MapPropertySource("rippleObservability", mapped));
        }
    }

    static Map<String, Object> map(String logFormat, String tracesEndpoint) {
        Map<String, Object> mapped = new HashMap<>();
        String format = logFormat == null || logFormat.isBlank()
                ? "text"
                : logFormat.strip().toLowerCase(Locale.ROOT);
        switch (format) {
            case "text" -> {}
            case "json" -> {
                mapped.put("logging.structured.format.console", "ecs");
                mapped.put("spring.main.banner-mode", "off");
            }
            default ->
                throw new IllegalStateException(
                        LOG_FORMAT + " must be text or json, was '" + logFormat + "' (docs/observability.md)");
        }
        if (tracesEndpoint != null && !tracesEndpoint.isBlank()) {
            URI uri;
            try {
                uri = URI.create(tracesEndpoint.strip());
            } catch (IllegalArgumentException e) {
                uri = null;
            }
            if (uri == null
                    || uri.getHost() == null
                    || !("http".equals(uri.getScheme()) || "https".equals(uri.getScheme()))) {
                throw new IllegalStateException(TRACES_ENDPOINT
                        + " must be an absolute http(s) URL such as http://otel-collector:4318/v1/traces, was '"
                        + tracesEndpoint + "'");
            }
            mapped.put("management.opentelemetry.tracing.export.otlp.endpoint", uri.toString());
        }
        return mapped;
    }
}
