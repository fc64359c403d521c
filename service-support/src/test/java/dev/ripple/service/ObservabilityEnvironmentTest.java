package dev.ripple.service;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.util.Map;
import org.junit.jupiter.api.Test;

/** RIPPLE_LOG_FORMAT and RIPPLE_OTLP_TRACES_ENDPOINT become Spring's settings; bad values stop start-up naming them. */
class ObservabilityEnvironmentTest {

    @Test
    void textLogsAndNoExportByDefault() {
        assertThat(ObservabilityEnvironment.map(null, null)).isEmpty();
        assertThat(ObservabilityEnvironment.map("text", " ")).isEmpty();
    }

    @Test
    void jsonMeansEcsStructuredLogsWithoutTheBanner() {
        assertThat(ObservabilityEnvironment.map(" JSON ", null))
                .containsExactlyInAnyOrderEntriesOf(
                        Map.of("logging.structured.format.console", "ecs", "spring.main.banner-mode", "off"));
    }

    @Test
    void anEndpointTurnsOnOtlpExport() {
        assertThat(ObservabilityEnvironment.map(null, "http://otel-collector:4318/v1/traces"))
                .containsExactlyEntriesOf(Map.of(
                        "management.opentelemetry.tracing.export.otlp.endpoint",
                        "http://otel-collector:4318/v1/traces"));
    }

    @Test
    void badValuesNameTheSetting() {
        assertThatThrownBy(() -> ObservabilityEnvironment.map("xml", null))
                .hasMessageContaining("RIPPLE_LOG_FORMAT")
                .hasMessageContaining("xml");
        assertThatThrownBy(() -> ObservabilityEnvironment.map(null, "otel-collector:4318"))
                .hasMessageContaining("RIPPLE_OTLP_TRACES_ENDPOINT");
        assertThatThrownBy(() -> ObservabilityEnvironment.map(null, "ftp://collector/v1/traces"))
                .hasMessageContaining("RIPPLE_OTLP_TRACES_ENDPOINT");
    }
}
