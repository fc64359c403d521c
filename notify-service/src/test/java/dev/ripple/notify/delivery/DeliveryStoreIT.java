package dev.ripple.notify.delivery;

import static org.assertj.core.api.Assertions.assertThat;

import dev.ripple.notify.Ids;
import dev.ripple.notify.NotifyIntegrationTest;
import java.sql.Timestamp;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Set;
import java.util.UUID;
import java.util.concurrent.Callable;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.jdbc.core.simple.JdbcClient;

/**
 * Claiming deliveries on the real database, as several instances would. The rows are due far in the future, so the
 * running service's own worker never sees them; the test claims them "from the future".
 */
class DeliveryStoreIT extends NotifyIntegrationTest {

    private static final Instant FUTURE = Instant.parse("2100-01-01T00:00:00Z");
    private static final Duration LEASE = Duration.ofMinutes(1);

    @Autowired
    DeliveryStore store;

    @Autowired
    JdbcClient jdbc;

    private final Set<Long> created = new HashSet<>();

    @BeforeEach
    void pendingDeliveries() {
        UUID subscription = Ids.uuidV7(Instant.now());
        jdbc.sql("""
                        INSERT INTO subscriptions (id, url, sharers, secret, created_at)
                        VALUES (:id, 'http://127.0.0.1:9/never', '{m:x:nobody}', 'whsec_MfKQ9r8GKYqrTwjUPD8ILPZIo2LaLaSw',
                                now())
                        """).param("id", subscription).update();
        long stream = jdbc.sql("""
                        INSERT INTO streams (sharer_ref, subject_ref, cascade_id, sharer_handle, subject_handle,
                                             partition_id, created_at, updated_at)
                        VALUES (:sharer, 'm:x:subject', 'c', '@s', '@t', 0, now(), now())
                        RETURNING id
                        """)
                .param("sharer", "m:x:claims-" + subscription)
                .query(Long.class)
                .single();
        for (int i = 0; i < 40; i++) {
            UUID alert = Ids.uuidV7(Instant.now());
            jdbc.sql("""
                            INSERT INTO alerts (id, message_id, stream_id, reason, event_time, new_follows,
                                                total_follows, corrected, body, created_at)
                            VALUES (:id, :messageId, :stream, 'digest', now(), 1, 1, 0, :body, now())
                            """)
                    .param("id", alert)
                    .param("messageId", Ids.messageId(alert))
                    .param("stream", stream)
                    .param("body", "{}".getBytes())
                    .update();
            created.add(jdbc.sql("""
                            INSERT INTO deliveries (alert_id, subscription_id, status, next_attempt_at, created_at)
                            VALUES (:alert, :subscription, 'PENDING', :due, now())
                            RETURNING id
                            """)
                    .param("alert", alert)
                    .param("subscription", subscription)
                    .param("due", Timestamp.from(FUTURE))
                    .query(Long.class)
                    .single());
        }
    }

    @AfterEach
    void cancel() {
        jdbc.sql("UPDATE deliveries SET status = 'CANCELLED' WHERE id IN (:ids)")
                .param("ids", created)
                .update();
    }

    @Test
    void concurrentWorkersNeverClaimTheSameDelivery() throws Exception {
        CountDownLatch start = new CountDownLatch(1);
        Callable<List<Long>> worker = () -> {
            start.await();
            List<Long> mine = new ArrayList<>();
            List<DueDelivery> batch;
            do {
                batch = store.claim(FUTURE, 7, LEASE);
                batch.forEach(delivery -> mine.add(delivery.id()));
            } while (!batch.isEmpty());
            return mine;
        };
        List<Long> all = new ArrayList<>();
        try (ExecutorService threads = Executors.newFixedThreadPool(3)) {
            List<Future<List<Long>>> workers =
                    List.of(threads.submit(worker), threads.submit(worker), threads.submit(worker));
            start.countDown();
            for (Future<List<Long>> each : workers) {
                all.addAll(each.get());
            }
        }

        assertThat(all).doesNotHaveDuplicates().containsExactlyInAnyOrderElementsOf(created);
    }

    @Test
    void leaseKeepsOthersAwayUntilItExpires() {
        List<DueDelivery> claimed = store.claim(FUTURE, 100, LEASE);
        assertThat(claimed).extracting(DueDelivery::id).containsExactlyInAnyOrderElementsOf(created);
        assertThat(claimed)
                .allSatisfy(delivery -> assertThat(delivery.attempt()).isEqualTo(1));

        assertThat(store.claim(FUTURE.plusSeconds(59), 100, LEASE)).isEmpty();
        List<DueDelivery> reclaimed = store.claim(FUTURE.plus(LEASE), 100, LEASE);
        assertThat(reclaimed)
                .hasSize(created.size())
                .allSatisfy(delivery -> assertThat(delivery.attempt()).isEqualTo(2));

        DueDelivery one = reclaimed.getFirst();
        SendResult ok = SendResult.response(204, null);
        // The worker whose lease expired cannot settle over the newer attempt.
        assertThat(store.settle(one.id(), 1, DeliveryOutcome.delivered(), ok, FUTURE))
                .isFalse();
        assertThat(store.settle(one.id(), 2, DeliveryOutcome.delivered(), ok, FUTURE))
                .isTrue();
        assertThat(store.settle(one.id(), 2, DeliveryOutcome.delivered(), ok, FUTURE))
                .isFalse();
    }
}
