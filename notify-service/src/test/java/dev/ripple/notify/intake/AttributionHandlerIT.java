package dev.ripple.notify.intake;

import static dev.ripple.notify.Attributions.decision;
import static dev.ripple.notify.Attributions.fan;
import static dev.ripple.notify.Attributions.sharer;
import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import dev.ripple.events.Account;
import dev.ripple.notify.NotifyIntegrationTest;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.jdbc.core.simple.JdbcClient;

/**
 * The transaction behind each consumed attribution, on the real database, with partitions chosen by the test (numbers
 * the real topic does not have, so the running consumer's watermarks stay out of it).
 */
class AttributionHandlerIT extends NotifyIntegrationTest {

    private static final Instant DAY = Instant.parse("2031-06-01T10:00:00.500Z");

    @Autowired
    AttributionHandler handler;

    @Autowired
    JdbcClient jdbc;

    @Test
    void fastPartitionDoesNotCloseTheWindowsOfALaggingOne() throws Exception {
        Account speedy = sharer("speedy");
        Account lagging = sharer("lagging");
        subscribeTo("/hooks/handler-speedy", speedy.ref());
        subscribeTo("/hooks/handler-lagging", lagging.ref());
        String url = RECEIVER.url("/hooks/handler-lagging");
        // One partition has already been consumed an hour ahead of the other.
        for (int i = 1; i <= 30; i++) {
            handler.handle(
                    decision(speedy, "speedy-f%02d".formatted(i), 1, fan("speedy", i), DAY.plusSeconds(120L * i), true),
                    101);
        }

        handler.handle(decision(lagging, "lagging-f00", 1, fan("lagging", 0), DAY.minusSeconds(3600), true), 100);
        for (int i = 1; i <= 25; i++) {
            handler.handle(
                    decision(
                            lagging, "lagging-f%02d".formatted(i), 1, fan("lagging", i), DAY.plusSeconds(2L * i), true),
                    100);
        }

        await().atMost(Duration.ofSeconds(20)).until(() -> alerts(lagging, url).size() == 2);
        assertThat(alerts(lagging, url)).containsExactly("share.follows.first 1/1", "share.follows.milestone 25/26");
    }

    @Test
    void redeliveryAndOlderVersionsChangeNothing() throws Exception {
        Account steady = sharer("steady");
        subscribeTo("/hooks/handler-steady", steady.ref());
        String url = RECEIVER.url("/hooks/handler-steady");
        handler.handle(decision(steady, "steady-f01", 1, fan("steady", 1), DAY, true), 102);
        handler.handle(decision(steady, "steady-f01", 1, fan("steady", 1), DAY, true), 102);
        handler.handle(decision(steady, "steady-f02", 2, fan("steady", 2), DAY.plusSeconds(1), true), 102);
        handler.handle(decision(steady, "steady-f02", 1, fan("steady", 2), DAY.plusSeconds(1), true), 102);

        await().atMost(Duration.ofSeconds(20)).until(() -> alerts(steady, url).size() == 2);
        assertThat(alerts(steady, url)).containsExactly("share.follows.first 1/1", "share.follows.digest 1/2");
        assertThat(jdbc.sql("SELECT decision_version FROM credits WHERE follow_id = 'steady-f02'")
                        .query(Integer.class)
                        .single())
                .isEqualTo(2);
    }

    private List<String> alerts(Account sharer, String url) {
        return jdbc.sql("""
                        SELECT m.type || ' ' || (convert_from(m.body, 'UTF8')::jsonb #>> '{data,newFollows}') || '/'
                               || (convert_from(m.body, 'UTF8')::jsonb #>> '{data,totalFollows}')
                          FROM messages m JOIN feeds f ON f.id = m.feed_id
                          JOIN subscriptions s ON s.id = m.subscription_id
                         WHERE f.sharer_ref = :sharer AND s.url = :url
                         ORDER BY m.id
                        """)
                .param("sharer", sharer.ref())
                .param("url", url)
                .query(String.class)
                .list();
    }
}
