package dev.ripple.notify.metrics;

import io.micrometer.core.instrument.Gauge;
import io.micrometer.core.instrument.MeterRegistry;
import java.sql.Timestamp;
import java.time.Clock;
import java.util.Map;
import java.util.concurrent.atomic.AtomicReference;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.jdbc.core.simple.JdbcClient;
import org.springframework.scheduling.annotation.Scheduled;
import org.springframework.stereotype.Component;

/**
 * Gauges of notify-service's state in PostgreSQL: the delivery backlog (messages waiting, and how long the most overdue
 * one has been due) and the subscriptions' endpoints by state. Read every few seconds rather than on each scrape, so a
 * slow database never stalls a scrape; NaN before the first reading and while the database does not answer.
 */
@Component
class NotifyGauges {

    private static final Logger log = LoggerFactory.getLogger(NotifyGauges.class);

    static final String[] ENDPOINT_STATES = {"active", "paused", "disabled", "failing", "circuit_open"};

    private final JdbcClient jdbc;
    private final Clock clock;
    private final AtomicReference<Map<String, Double>> readings = new AtomicReference<>(Map.of());

    NotifyGauges(MeterRegistry registry, JdbcClient jdbc, Clock clock) {
        this.jdbc = jdbc;
        this.clock = clock;
        gauge(registry, "ripple.notify.messages.pending", "pending", "Webhook messages waiting to be delivered", null);
        gauge(
                registry,
                "ripple.notify.messages.overdue",
                "overdue",
                "Seconds since the most overdue waiting message was due (0 when none is due)",
                "seconds");
        for (String state : ENDPOINT_STATES) {
            Gauge.builder("ripple.notify.endpoints", readings, r -> r.get().getOrDefault(state, Double.NaN))
                    .description("Subscribed endpoints by state: active, paused, disabled, failing (failing for a "
                            + "while, still tried) and circuit_open (tried again once the circuit half-opens)")
                    .tag("state", state)
                    .register(registry);
        }
    }

    private void gauge(MeterRegistry registry, String name, String key, String description, String unit) {
        Gauge.builder(name, readings, r -> r.get().getOrDefault(key, Double.NaN))
                .description(description)
                .baseUnit(unit)
                .register(registry);
    }

    @Scheduled(fixedDelay = 5_000, initialDelay = 1_000)
    void read() {
        try {
            Timestamp now = Timestamp.from(clock.instant());
            Map<String, Double> next = new java.util.HashMap<>();
            jdbc.sql("""
                            SELECT count(*) AS pending,
                                   coalesce(extract(epoch FROM (CAST(:now AS timestamptz)
                                       - min(next_attempt_at) FILTER (WHERE next_attempt_at <= :now))), 0) AS overdue
                              FROM messages WHERE status = 'PENDING'
                            """).param("now", now).query(rs -> {
                next.put("pending", rs.getDouble("pending"));
                next.put("overdue", Math.max(0, rs.getDouble("overdue")));
            });
            jdbc.sql("""
                            SELECT count(*) FILTER (WHERE NOT paused AND disabled_at IS NULL) AS active,
                                   count(*) FILTER (WHERE paused AND disabled_at IS NULL) AS paused,
                                   count(*) FILTER (WHERE disabled_at IS NOT NULL) AS disabled,
                                   count(*) FILTER (WHERE disabled_at IS NULL AND failing_since IS NOT NULL) AS failing,
                                   count(*) FILTER (WHERE disabled_at IS NULL AND circuit_open_until > :now)
                                       AS circuit_open
                              FROM subscriptions WHERE deleted_at IS NULL
                            """).param("now", now).query(rs -> {
                for (String state : ENDPOINT_STATES) {
                    next.put(state, rs.getDouble(state));
                }
            });
            readings.set(Map.copyOf(next));
        } catch (RuntimeException e) {
            readings.set(Map.of());
            log.debug("Cannot read the delivery backlog: {}", e.toString());
        }
    }
}
