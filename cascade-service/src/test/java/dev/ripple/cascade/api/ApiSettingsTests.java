package dev.ripple.cascade.api;

import static org.assertj.core.api.Assertions.assertThat;

import java.time.Duration;
import org.junit.jupiter.api.Test;
import org.springframework.boot.autoconfigure.AutoConfigurations;
import org.springframework.boot.test.context.runner.ApplicationContextRunner;
import org.springframework.boot.validation.autoconfigure.ValidationAutoConfiguration;

/** API settings bind from their environment variables' shape and bad ones stop start-up, naming the setting. */
class ApiSettingsTests {

    private final ApplicationContextRunner runner = new ApplicationContextRunner()
            .withConfiguration(AutoConfigurations.of(ValidationAutoConfiguration.class))
            .withUserConfiguration(ApiConfiguration.class)
            .withPropertyValues(
                    "ripple.api.keys=",
                    "ripple.api.events.max-subscribers=1000",
                    "ripple.api.events.heartbeat=15s",
                    "ripple.api.events.timeout=30m",
                    "ripple.api.events.debounce=250ms",
                    "ripple.api.events.reconcile-interval=10s");

    @Test
    void noKeysMeansTheApiIsOpen() {
        runner.run(context -> {
            assertThat(context).hasNotFailed();
            ApiSettings settings = context.getBean(ApiSettings.class);
            assertThat(settings.authenticationEnabled()).isFalse();
            assertThat(settings.events().timeout()).isEqualTo(Duration.ofMinutes(30));
        });
    }

    @Test
    void commaSeparatedKeysTurnAuthenticationOn() {
        runner.withPropertyValues("ripple.api.keys= key-one-0123456789abc ,key-two-0123456789abc,")
                .run(context -> {
                    ApiSettings settings = context.getBean(ApiSettings.class);
                    assertThat(settings.authenticationEnabled()).isTrue();
                    assertThat(settings.keys()).containsExactly("key-one-0123456789abc", "key-two-0123456789abc");
                });
    }

    @Test
    void aShortKeyIsRefusedByName() {
        runner.withPropertyValues("ripple.api.keys=secret")
                .run(context -> assertThat(context)
                        .getFailure()
                        .rootCause()
                        .hasMessageContaining("ripple.api")
                        .hasMessageContaining("keysWellFormed"));
    }

    @Test
    void insaneStreamSettingsAreRefusedByName() {
        runner.withPropertyValues("ripple.api.events.heartbeat=0s")
                .run(context -> assertThat(context)
                        .getFailure()
                        .rootCause()
                        .hasMessageContaining("ripple.api.events")
                        .hasMessageContaining("durationsSane"));
        runner.withPropertyValues("ripple.api.events.max-subscribers=0")
                .run(context -> assertThat(context).getFailure().rootCause().hasMessageContaining("maxSubscribers"));
    }

    @Test
    void corsOriginsAreCommaSeparatedAndAMalformedOneIsRefusedByName() {
        runner.withPropertyValues("ripple.api.cors-origins= https://dash.example.org ,http://localhost:3000,")
                .run(context -> assertThat(context.getBean(ApiSettings.class).corsOrigins())
                        .containsExactly("https://dash.example.org", "http://localhost:3000"));
        runner.run(context ->
                assertThat(context.getBean(ApiSettings.class).corsOrigins()).isEmpty());
        for (String bad : new String[] {"dash.example.org", "https://dash.example.org/", "https://x.org/path"}) {
            runner.withPropertyValues("ripple.api.cors-origins=" + bad)
                    .run(context -> assertThat(context)
                            .getFailure()
                            .rootCause()
                            .hasMessageContaining("ripple.api")
                            .hasMessageContaining("corsOriginsWellFormed"));
        }
    }
}
