package dev.ripple.notify;

import static dev.ripple.notify.Attributions.decision;
import static dev.ripple.notify.Attributions.fan;
import static dev.ripple.notify.Attributions.publish;
import static dev.ripple.notify.Attributions.sharer;
import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import dev.ripple.events.Account;
import dev.ripple.notify.WebhookReceiver.Received;
import dev.ripple.testsupport.RealInfrastructure;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.stream.Collectors;
import org.junit.jupiter.api.Test;
import org.springframework.context.ConfigurableApplicationContext;

/**
 * Several notify instances on one database and one consumer group: this test's context plus two more started here.
 * One of them is restarted in the middle of a burst. Every alert must arrive once: none lost, none sent twice (by
 * {@code webhook-id}), none made twice (by sharer).
 */
class MultiInstanceIT extends NotifyIntegrationTest {

    static final int SHARERS = 40;

    static ConfigurableApplicationContext startInstance() {
        RealInfrastructure.Database db = database();
        return NotifyApplication.application()
                .run(
                        "--server.port=0",
                        "--spring.datasource.url=" + db.url(),
                        "--spring.datasource.username=" + db.user(),
                        "--spring.datasource.password=" + db.password(),
                        "--spring.kafka.bootstrap-servers=" + RealInfrastructure.kafkaBootstrapServers(),
                        "--spring.cloud.stream.kafka.binder.brokers=" + RealInfrastructure.kafkaBootstrapServers(),
                        "--ripple.notify.allowed-networks=127.0.0.1/32",
                        "--ripple.notify.api-keys=" + KEY_SPEC,
                        "--ripple.notify.max-wait=2s",
                        "--ripple.notify.retry-schedule=300ms,300ms,300ms",
                        "--ripple.notify.delivery.overload-penalty=300ms",
                        "--ripple.notify.delivery.poll-interval=100ms",
                        "--ripple.notify.cascade-url=https://ripple.example",
                        "--ripple.kafka.partitions=3");
    }

    @Test
    void restartDuringABurstLosesNothingAndSendsNothingTwice() throws Exception {
        List<Account> sharers = new ArrayList<>();
        StringBuilder refs = new StringBuilder();
        for (int i = 0; i < SHARERS; i++) {
            Account sharer = sharer("multi%02d".formatted(i));
            sharers.add(sharer);
            refs.append(refs.isEmpty() ? "" : ",")
                    .append('"')
                    .append(sharer.ref())
                    .append('"');
        }
        subscribe("/hooks/multi", "\"sharers\":[" + refs + "]", "\"minConfidence\":0.5", SHARE_TYPES);
        Instant day = nextDay();

        ConfigurableApplicationContext second = startInstance();
        ConfigurableApplicationContext third = startInstance();
        try {
            for (int i = 0; i < SHARERS; i++) {
                publish(decision(
                        sharers.get(i), "multi-f%02d".formatted(i), 1, fan("multi", i), day.plusSeconds(i), true));
                if (i == SHARERS / 3) {
                    second.close(); // a restart: this instance stops in the middle of the burst…
                }
                if (i == 2 * SHARERS / 3) {
                    second = startInstance(); // …and comes back a little later
                }
            }
            await().atMost(Duration.ofSeconds(60))
                    .until(() -> RECEIVER.at("/hooks/multi").size() >= SHARERS);
            await().during(Duration.ofSeconds(3))
                    .atMost(Duration.ofSeconds(5))
                    .until(() -> RECEIVER.at("/hooks/multi").size() == SHARERS);
        } finally {
            second.close();
            third.close();
        }

        List<Received> received = RECEIVER.at("/hooks/multi");
        assertThat(received.stream().map(r -> r.header("webhook-id")).distinct().count())
                .as("distinct webhook-ids")
                .isEqualTo(SHARERS);
        Map<String, Long> bySharer = received.stream()
                .collect(Collectors.groupingBy(
                        r -> JSON.readTree(r.body()).at("/data/sharer/ref").asString(), Collectors.counting()));
        assertThat(bySharer)
                .hasSize(SHARERS)
                .allSatisfy((sharer, count) -> assertThat(count).isEqualTo(1));
        assertThat(received)
                .allSatisfy(r -> assertThat(JSON.readTree(r.body()).get("type").asString())
                        .isEqualTo("share.follows.first"));
    }
}
