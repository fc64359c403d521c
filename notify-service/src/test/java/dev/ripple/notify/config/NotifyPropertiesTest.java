package dev.ripple.notify.config;

import static org.assertj.core.api.Assertions.assertThat;

import java.net.URI;
import java.time.Duration;
import org.junit.jupiter.api.Test;
import org.springframework.boot.context.properties.EnableConfigurationProperties;
import org.springframework.boot.test.context.runner.ApplicationContextRunner;
import org.springframework.context.annotation.Configuration;

class NotifyPropertiesTest {

    @Configuration(proxyBeanMethods = false)
    @EnableConfigurationProperties({NotifyProperties.class, KafkaTopicProperties.class})
    static class Settings {}

    private final ApplicationContextRunner context =
            new ApplicationContextRunner().withUserConfiguration(Settings.class);

    @Test
    void defaults() {
        context.run(ctx -> {
            NotifyProperties settings = ctx.getBean(NotifyProperties.class);
            assertThat(settings.digestWindow()).isEqualTo(Duration.ofSeconds(60));
            assertThat(settings.maxWait()).isEqualTo(Duration.ofSeconds(60));
            assertThat(settings.allowPrivateTargets()).isFalse();
            assertThat(settings.retrySchedule())
                    .containsExactly(
                            Duration.ofSeconds(5),
                            Duration.ofMinutes(5),
                            Duration.ofMinutes(30),
                            Duration.ofHours(2),
                            Duration.ofHours(5),
                            Duration.ofHours(10),
                            Duration.ofHours(14),
                            Duration.ofHours(20),
                            Duration.ofHours(24));
            assertThat(settings.delivery().batchSize()).isEqualTo(20);
            assertThat(settings.delivery().pollInterval()).isEqualTo(Duration.ofSeconds(1));
            assertThat(settings.delivery().connectTimeout()).isEqualTo(Duration.ofSeconds(15));
            assertThat(settings.delivery().requestTimeout()).isEqualTo(Duration.ofSeconds(15));
            assertThat(settings.cascadeUrl()).isEqualTo(URI.create("http://localhost:8080"));
            assertThat(settings.minConfidence()).isEqualTo(0.7);
            assertThat(settings.quietPeriod()).isEqualTo(Duration.ofHours(24));
            assertThat(settings.retention()).isEqualTo(Duration.ofDays(14));
            assertThat(settings.rotationOverlap()).isEqualTo(Duration.ofHours(24));
            assertThat(settings.endpoints().disableAfter()).isEqualTo(Duration.ofDays(5));
            assertThat(settings.delivery().concurrency()).isEqualTo(4);
            assertThat(settings.apiKeys()).isEmpty();
            assertThat(settings.allowedNetworks()).isEmpty();
            KafkaTopicProperties kafka = ctx.getBean(KafkaTopicProperties.class);
            assertThat(kafka.partitions()).isEqualTo(6);
            assertThat(kafka.replicationFactor()).isEqualTo((short) 1);
        });
    }

    @Test
    void maxWaitFollowsTheDigestWindowUnlessSet() {
        context.withPropertyValues("ripple.notify.digest-window=2m", "ripple.notify.max-wait=")
                .run(ctx -> assertThat(ctx.getBean(NotifyProperties.class).maxWait())
                        .isEqualTo(Duration.ofMinutes(2)));
        context.withPropertyValues("ripple.notify.digest-window=2m", "ripple.notify.max-wait=3s")
                .run(ctx -> assertThat(ctx.getBean(NotifyProperties.class).maxWait())
                        .isEqualTo(Duration.ofSeconds(3)));
    }

    @Test
    void retryScheduleIsConfigurable() {
        context.withPropertyValues("ripple.notify.retry-schedule=200ms,1s")
                .run(ctx -> assertThat(ctx.getBean(NotifyProperties.class).retrySchedule())
                        .containsExactly(Duration.ofMillis(200), Duration.ofSeconds(1)));
    }

    @Test
    void badSettingsStopStartUpNamingTheSetting() {
        assertFailsNaming("ripple.notify.digest-window=0s", "ripple.notify.digest-window");
        assertFailsNaming("ripple.notify.max-wait=-1s", "ripple.notify.max-wait");
        assertFailsNaming("ripple.notify.retry-schedule=5s,0s", "ripple.notify.retry-schedule[1]");
        assertFailsNaming("ripple.notify.delivery.batch-size=0", "ripple.notify.delivery.batch-size");
        assertFailsNaming("ripple.notify.delivery.poll-interval=0ms", "ripple.notify.delivery.poll-interval");
        assertFailsNaming("ripple.notify.delivery.connect-timeout=0s", "ripple.notify.delivery.connect-timeout");
        assertFailsNaming("ripple.notify.delivery.request-timeout=0s", "ripple.notify.delivery.request-timeout");
        assertFailsNaming("ripple.notify.cascade-url=ftp://cascade", "ripple.notify.cascade-url");
        assertFailsNaming("ripple.kafka.partitions=0", "ripple.kafka.partitions");
        assertFailsNaming("ripple.notify.min-confidence=1.5", "ripple.notify.min-confidence");
        assertFailsNaming("ripple.notify.allowed-networks=10.0.0.0/99", "ripple.notify.allowed-networks[0]");
        assertFailsNaming("ripple.notify.allowed-networks=example.com", "ripple.notify.allowed-networks[0]");
        assertFailsNaming("ripple.notify.api-keys=team:short", "ripple.notify.api-keys");
        assertFailsNaming("ripple.notify.rotation-overlap=8d", "ripple.notify.rotation-overlap");
        assertFailsNaming("ripple.notify.delivery.concurrency=0", "ripple.notify.delivery.concurrency");
        assertFailsNaming("ripple.notify.endpoints.circuit-failures=0", "ripple.notify.endpoints.circuit-failures");
    }

    @Test
    void unparseableValueNamesTheSetting() {
        assertFailsNaming("ripple.notify.digest-window=soon", "ripple.notify.digest-window");
    }

    @Test
    void recordChecksItsValuesWithoutSpringToo() {
        NotifyProperties settings =
                dev.ripple.notify.TestSettings.withCascadeUrl(URI.create("https://cascade.example/"));

        assertThat(settings.maxWait()).isEqualTo(Duration.ofSeconds(60));
        assertThat(settings.delivery().lease()).isEqualTo(Duration.ofSeconds(60));
    }

    private void assertFailsNaming(String property, String setting) {
        context.withPropertyValues(property).run(ctx -> {
            assertThat(ctx).hasFailed();
            assertThat(messages(ctx.getStartupFailure())).contains(setting);
        });
    }

    private static String messages(Throwable failure) {
        StringBuilder all = new StringBuilder();
        for (Throwable t = failure; t != null; t = t.getCause()) {
            all.append(t.getMessage()).append('\n');
        }
        return all.toString();
    }

    @Test
    void apiKeysNameTheirOwners() {
        context.withPropertyValues("ripple.notify.api-keys=acme:0123456789abcdef,0123456789abcdefXYZ")
                .run(ctx -> {
                    var keys = ctx.getBean(NotifyProperties.class).keys();
                    assertThat(keys.ownerOf("0123456789abcdef")).hasValue("acme");
                    assertThat(keys.ownerOf("0123456789abcdefXYZ"))
                            .hasValueSatisfying(owner -> assertThat(owner).startsWith("key-"));
                    assertThat(keys.ownerOf("0123456789abcdeX")).isEmpty();
                    assertThat(keys.ownerOf(null)).isEmpty();
                });
    }

    @Test
    void allowedNetworksAreRanges() throws Exception {
        Cidr loopback = Cidr.parse("127.0.0.0/8");
        assertThat(loopback.contains(java.net.InetAddress.getByName("127.9.9.9")))
                .isTrue();
        assertThat(loopback.contains(java.net.InetAddress.getByName("128.0.0.1")))
                .isFalse();
        assertThat(Cidr.parse("::1").contains(java.net.InetAddress.getByName("::1")))
                .isTrue();
        assertThat(Cidr.parse("10.1.2.3/31").contains(java.net.InetAddress.getByName("10.1.2.2")))
                .isTrue();
        assertThat(Cidr.parse("10.1.2.3/31").contains(java.net.InetAddress.getByName("10.1.2.4")))
                .isFalse();
    }
}
