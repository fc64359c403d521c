package dev.ripple.notify;

import static org.assertj.core.api.Assertions.assertThatThrownBy;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;

class NotifyApplicationTest {

    /** Nothing listens on these ports: reaching for Kafka or PostgreSQL first would hang, then fail differently. */
    @Test
    @Timeout(20)
    void badSettingStopsStartUpBeforeAnyConnectionNamingTheSetting() {
        assertThatThrownBy(() -> NotifyApplication.application()
                        .run(
                                "--ripple.notify.digest-window=0s",
                                "--spring.kafka.bootstrap-servers=127.0.0.1:1",
                                "--spring.cloud.stream.kafka.binder.brokers=127.0.0.1:1",
                                "--spring.datasource.url=jdbc:postgresql://127.0.0.1:1/notify",
                                "--server.port=0"))
                .rootCause()
                .hasMessageContaining("ripple.notify.digest-window must be greater than zero");
    }

    @Test
    @Timeout(20)
    void badKafkaSettingIsCaughtAsEarly() {
        assertThatThrownBy(() -> NotifyApplication.application().run("--ripple.kafka.partitions=0", "--server.port=0"))
                .rootCause()
                .hasMessageContaining("ripple.kafka.partitions must be at least 1");
    }
}
