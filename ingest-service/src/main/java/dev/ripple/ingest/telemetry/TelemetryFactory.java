package dev.ripple.ingest.telemetry;

import io.micronaut.context.annotation.Bean;
import io.micronaut.context.annotation.Factory;
import io.micronaut.context.annotation.Value;
import io.opentelemetry.api.OpenTelemetry;
import io.opentelemetry.api.common.AttributeKey;
import io.opentelemetry.api.common.Attributes;
import io.opentelemetry.api.trace.propagation.W3CTraceContextPropagator;
import io.opentelemetry.context.propagation.ContextPropagators;
import io.opentelemetry.exporter.otlp.http.trace.OtlpHttpSpanExporter;
import io.opentelemetry.sdk.OpenTelemetrySdk;
import io.opentelemetry.sdk.resources.Resource;
import io.opentelemetry.sdk.trace.SdkTracerProvider;
import io.opentelemetry.sdk.trace.SdkTracerProviderBuilder;
import io.opentelemetry.sdk.trace.export.BatchSpanProcessor;
import io.opentelemetry.sdk.trace.samplers.Sampler;
import jakarta.inject.Singleton;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The OpenTelemetry SDK of ingest-service: W3C trace context, parent-based sampling, and an OTLP/HTTP exporter only when
 * {@code RIPPLE_OTLP_TRACES_ENDPOINT} names a collector. Not registered globally: the beans are passed where spans are
 * made (the Kafka publisher, the replay endpoint).
 */
@Factory
final class TelemetryFactory {

    private static final Logger log = LoggerFactory.getLogger(TelemetryFactory.class);

    @Singleton
    @Bean(preDestroy = "close")
    OpenTelemetrySdk openTelemetry(
            TelemetrySettings settings,
            @Value("${micronaut.application.name:ingest-service}") String serviceName,
            @Value("${ripple.version:dev}") String version) {
        SdkTracerProviderBuilder tracing = SdkTracerProvider.builder()
                .setResource(Resource.getDefault()
                        .merge(Resource.create(Attributes.of(
                                AttributeKey.stringKey("service.name"), serviceName,
                                AttributeKey.stringKey("service.version"), version))))
                .setSampler(Sampler.parentBased(Sampler.traceIdRatioBased(settings.sampling())));
        if (settings.tracesEndpoint() != null) {
            tracing.addSpanProcessor(BatchSpanProcessor.builder(OtlpHttpSpanExporter.builder()
                            .setEndpoint(settings.tracesEndpoint())
                            .build())
                    .build());
            log.info("Exporting spans over OTLP/HTTP to {}", settings.tracesEndpoint());
        }
        return OpenTelemetrySdk.builder()
                .setTracerProvider(tracing.build())
                .setPropagators(ContextPropagators.create(W3CTraceContextPropagator.getInstance()))
                .build();
    }

    @Singleton
    OpenTelemetry api(OpenTelemetrySdk sdk) {
        return sdk;
    }
}
