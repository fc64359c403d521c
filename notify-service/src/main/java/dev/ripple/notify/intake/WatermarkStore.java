package dev.ripple.notify.intake;

import java.sql.Timestamp;
import java.time.Instant;
import org.springframework.jdbc.core.simple.JdbcClient;
import org.springframework.stereotype.Repository;

/** The event-time watermark of each consumed partition. */
@Repository
class WatermarkStore {

    private final JdbcClient jdbc;

    WatermarkStore(JdbcClient jdbc) {
        this.jdbc = jdbc;
    }

    /**
     * Raises the partition's watermark to {@code eventTime} if that is later, and returns the watermark.
     *
     * <p>Also takes the partition's row lock for the rest of the transaction, which serialises the processing of
     * one partition even while a rebalance hands it from one instance to another.
     */
    Instant advance(String topic, int partition, Instant eventTime, Instant now) {
        return jdbc.sql("""
                        INSERT INTO watermarks (topic, partition_id, event_time, updated_at)
                        VALUES (:topic, :partition, :eventTime, :now)
                        ON CONFLICT (topic, partition_id) DO UPDATE
                           SET event_time = GREATEST(watermarks.event_time, EXCLUDED.event_time),
                               updated_at = EXCLUDED.updated_at
                        RETURNING event_time
                        """)
                .param("topic", topic)
                .param("partition", partition)
                .param("eventTime", Timestamp.from(eventTime))
                .param("now", Timestamp.from(now))
                .query((rs, row) -> rs.getTimestamp(1).toInstant())
                .single();
    }

    /** The watermark of one partition (null before anything was consumed there). */
    Instant of(String topic, int partition) {
        return jdbc.sql("SELECT event_time FROM watermarks WHERE topic = :topic AND partition_id = :partition")
                .param("topic", topic)
                .param("partition", partition)
                .query(Timestamp.class)
                .optional()
                .map(Timestamp::toInstant)
                .orElse(null);
    }

    /** The lowest watermark over the topic's partitions seen so far (null before any): how far all of them got. */
    Instant lowest(String topic) {
        return jdbc.sql("SELECT event_time FROM watermarks WHERE topic = :topic ORDER BY event_time LIMIT 1")
                .param("topic", topic)
                .query(Timestamp.class)
                .optional()
                .map(Timestamp::toInstant)
                .orElse(null);
    }
}
