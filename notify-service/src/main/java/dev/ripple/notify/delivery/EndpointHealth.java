package dev.ripple.notify.delivery;

import dev.ripple.notify.config.NotifyProperties;
import dev.ripple.notify.subscription.EventTypes;
import dev.ripple.notify.subscription.Subscription;
import dev.ripple.notify.subscription.SubscriptionStore;
import dev.ripple.notify.subscription.TargetGuard;
import java.net.URI;
import java.sql.Timestamp;
import java.time.Duration;
import java.time.Instant;
import java.util.Optional;
import java.util.UUID;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.jdbc.core.simple.JdbcClient;
import org.springframework.stereotype.Component;
import org.springframework.transaction.support.TransactionTemplate;
import tools.jackson.databind.node.ObjectNode;

/**
 * Each endpoint's health, from the outcome of every attempt: a circuit breaker that holds attempts after
 * {@code circuit-failures} failures in a row (open for {@code circuit-open-for}, doubling per trip up to
 * {@code circuit-max-open}, then one probe), a warning to the owner after {@code warn-after} of continuous failure,
 * and the endpoint disabled after {@code disable-after} (or at once on 410 Gone). The owner hears of it through an
 * event on their other endpoints and in {@code GET /api/v1/notices}.
 */
@Component
class EndpointHealth {

    private static final Logger log = LoggerFactory.getLogger(EndpointHealth.class);

    private final JdbcClient jdbc;
    private final TransactionTemplate transactions;
    private final SubscriptionStore subscriptions;
    private final AlertOutbox outbox;
    private final NotifyProperties.Endpoints settings;

    EndpointHealth(
            JdbcClient jdbc,
            TransactionTemplate transactions,
            SubscriptionStore subscriptions,
            AlertOutbox outbox,
            NotifyProperties settings) {
        this.jdbc = jdbc;
        this.transactions = transactions;
        this.subscriptions = subscriptions;
        this.outbox = outbox;
        this.settings = settings.endpoints();
    }

    void succeeded(UUID subscription, Instant now) {
        // A healthy endpoint's row is written (and locked) at most once a second: every success writing it would make
        // all
        // concurrent deliveries to one endpoint queue on its row lock.
        boolean needed = jdbc.sql("""
                        SELECT failing_since IS NOT NULL OR consecutive_failures > 0 OR circuit_open_until IS NOT NULL
                               OR failing_notified OR last_success_at IS NULL OR last_success_at < :stale
                          FROM subscriptions WHERE id = :id
                        """)
                .param("id", subscription)
                .param("stale", Timestamp.from(now.minusSeconds(1)))
                .query(Boolean.class)
                .optional()
                .orElse(false);
        if (!needed) {
            return;
        }
        transactions.executeWithoutResult(status -> {
            // (re-checked under the row lock): every success writing it would make all
            Boolean wasWarned = jdbc.sql("""
                            UPDATE subscriptions s
                               SET failing_since = NULL, consecutive_failures = 0, last_success_at = :now,
                                   circuit_open_until = NULL, circuit_trips = 0, failing_notified = false
                              FROM (SELECT id, failing_notified FROM subscriptions WHERE id = :id FOR UPDATE) old
                             WHERE s.id = old.id
                               AND (s.failing_since IS NOT NULL OR s.consecutive_failures > 0
                                    OR s.circuit_open_until IS NOT NULL OR s.failing_notified
                                    OR s.last_success_at IS NULL OR s.last_success_at < :stale)
                            RETURNING old.failing_notified
                            """)
                    .param("id", subscription)
                    .param("now", Timestamp.from(now))
                    .param("stale", Timestamp.from(now.minusSeconds(1)))
                    .query(Boolean.class)
                    .optional()
                    .orElse(false);
            if (wasWarned) {
                notice(subscription, EventTypes.ENDPOINT_RECOVERED, "the endpoint accepts deliveries again", now);
            }
        });
    }

    /** Records a failed attempt; disables the endpoint when it has failed for too long, or when it is gone. */
    void failed(UUID subscription, boolean gone, Instant now) {
        transactions.executeWithoutResult(status -> {
            record Row(Instant failingSince, int failures, int trips, boolean warned, boolean enabled) {}
            Optional<Row> row = jdbc.sql("""
                            UPDATE subscriptions
                               SET failing_since = COALESCE(failing_since, :now),
                                   consecutive_failures = consecutive_failures + 1, last_failure_at = :now
                             WHERE id = :id
                            RETURNING failing_since, consecutive_failures, circuit_trips, failing_notified, enabled
                            """)
                    .param("id", subscription)
                    .param("now", Timestamp.from(now))
                    .query((rs, n) -> new Row(
                            rs.getTimestamp("failing_since").toInstant(),
                            rs.getInt("consecutive_failures"),
                            rs.getInt("circuit_trips"),
                            rs.getBoolean("failing_notified"),
                            rs.getBoolean("enabled")))
                    .optional();
            if (row.isEmpty() || !row.get().enabled()) {
                return;
            }
            Row health = row.get();
            if (gone) {
                disable(subscription, "the endpoint answered 410 Gone", now);
                return;
            }
            Duration failing = Duration.between(health.failingSince(), now);
            if (failing.compareTo(settings.disableAfter()) >= 0) {
                disable(
                        subscription,
                        "every attempt failed for " + human(failing) + " (since " + health.failingSince() + ")",
                        now);
                return;
            }
            if (health.failures() >= settings.circuitFailures()
                    && health.failures() % settings.circuitFailures() == 0) {
                long factor = 1L << Math.min(20, health.trips());
                Duration open = settings.circuitOpenFor().multipliedBy(factor);
                if (open.compareTo(settings.circuitMaxOpen()) > 0) {
                    open = settings.circuitMaxOpen();
                }
                jdbc.sql("UPDATE subscriptions SET circuit_open_until = :until, circuit_trips = circuit_trips + 1"
                                + " WHERE id = :id")
                        .param("id", subscription)
                        .param("until", Timestamp.from(now.plus(open)))
                        .update();
                log.warn(
                        "Subscription {}: {} attempts failed in a row; circuit open for {} (no attempts meanwhile)",
                        subscription,
                        health.failures(),
                        open);
            } else if (health.failures() > settings.circuitFailures()) {
                // A failed probe of a half-open circuit opens it again at once, for longer.
                jdbc.sql("UPDATE subscriptions SET circuit_open_until = :until, circuit_trips = circuit_trips + 1"
                                + " WHERE id = :id AND circuit_open_until IS NOT NULL")
                        .param("id", subscription)
                        .param("until", Timestamp.from(now.plus(capped(health.trips()))))
                        .update();
            }
            if (!health.warned() && failing.compareTo(settings.warnAfter()) >= 0) {
                jdbc.sql("UPDATE subscriptions SET failing_notified = true WHERE id = :id")
                        .param("id", subscription)
                        .update();
                notice(
                        subscription,
                        EventTypes.ENDPOINT_FAILING,
                        "every attempt has failed for " + human(failing) + "; the endpoint is disabled after "
                                + human(settings.disableAfter()) + " of continuous failure",
                        now);
            }
        });
    }

    private Duration capped(int trips) {
        Duration open = settings.circuitOpenFor().multipliedBy(1L << Math.min(20, trips));
        return open.compareTo(settings.circuitMaxOpen()) > 0 ? settings.circuitMaxOpen() : open;
    }

    private void disable(UUID subscription, String reason, Instant now) {
        if (subscriptions.disable(subscription, reason, now)) {
            notice(subscription, EventTypes.ENDPOINT_DISABLED, "the endpoint was disabled: " + reason, now);
        }
    }

    /** Stores the notice for the owner and sends it as an event to the owner's other endpoints that want it. */
    private void notice(UUID subscription, String type, String detail, Instant now) {
        Optional<Subscription> found = subscriptions.find(subscription);
        if (found.isEmpty()) {
            return;
        }
        Subscription endpoint = found.get();
        String url = TargetGuard.describe(URI.create(endpoint.url()));
        jdbc.sql("""
                        INSERT INTO notices (owner, subscription_id, type, detail, created_at)
                        VALUES (:owner, :subscription, :type, :detail, :now)
                        """)
                .param("owner", endpoint.owner())
                .param("subscription", subscription)
                .param("type", type)
                .param("detail", detail)
                .param("now", Timestamp.from(now))
                .update();
        for (UUID other : subscriptions.operationalTargets(endpoint.owner(), type, subscription)) {
            ObjectNode data = AlertPayload.object();
            data.put("subscriptionId", subscription.toString());
            data.put("url", url);
            data.put("detail", detail);
            data.put("text", "Your Ripple webhook endpoint " + url + ": " + detail + ".");
            outbox.enqueueEvent(other, type, data, now);
        }
        log.warn("Subscription {} ({}): {} — {}", subscription, url, type, detail);
    }

    static String human(Duration duration) {
        long hours = duration.toHours();
        if (hours >= 48) {
            return duration.toDays() + " days";
        }
        if (hours >= 1) {
            return hours + (hours == 1 ? " hour" : " hours");
        }
        long minutes = duration.toMinutes();
        if (minutes >= 1) {
            return minutes + (minutes == 1 ? " minute" : " minutes");
        }
        return Math.max(0, duration.toSeconds()) + " seconds";
    }
}
