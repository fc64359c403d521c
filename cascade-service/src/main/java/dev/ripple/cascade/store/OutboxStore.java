package dev.ripple.cascade.store;

import dev.ripple.events.CloudEvents;
import dev.ripple.events.EventJson;
import dev.ripple.events.RippleEvent;
import dev.ripple.events.Topics;
import java.util.List;
import org.springframework.jdbc.core.namedparam.MapSqlParameterSource;
import org.springframework.jdbc.core.namedparam.NamedParameterJdbcTemplate;
import org.springframework.jdbc.core.simple.JdbcClient;
import org.springframework.stereotype.Repository;

/** The transactional outbox of events to publish (table {@code attribution_outbox}). */
@Repository
public class OutboxStore {

    private final JdbcClient jdbc;
    private final NamedParameterJdbcTemplate batch;

    OutboxStore(JdbcClient jdbc, NamedParameterJdbcTemplate batch) {
        this.jdbc = jdbc;
        this.batch = batch;
    }

    /** A message waiting to be published. */
    public record OutboxMessage(
            long id, String eventId, String topic, String key, String type, java.time.Instant time, byte[] payload) {}

    /** Adds events in the caller's transaction; an event id already waiting is not added twice. */
    public void add(List<? extends RippleEvent> events) {
        if (events.isEmpty()) {
            return;
        }
        MapSqlParameterSource[] rows = events.stream()
                .map(event -> new MapSqlParameterSource()
                        .addValue("eventId", event.id())
                        .addValue("topic", Topics.of(event))
                        .addValue("key", event.key())
                        .addValue("type", CloudEvents.typeOf(event))
                        .addValue("time", Sql.time(event.time()))
                        .addValue("payload", EventJson.encode(event)))
                .toArray(MapSqlParameterSource[]::new);
        batch.batchUpdate("""
                insert into attribution_outbox (event_id, topic, message_key, event_type, event_time, payload)
                values (:eventId, :topic, :key, :type, :time, :payload)
                on conflict (event_id) do nothing
                """, rows);
    }

    /** Locks the oldest waiting messages; other relays skip them until this transaction ends. */
    public List<OutboxMessage> claim(int limit) {
        return jdbc.sql("""
                        select id, event_id, topic, message_key, event_type, event_time, payload
                          from attribution_outbox
                         order by id
                         limit :limit
                           for update skip locked
                        """)
                .param("limit", limit)
                .query((rs, row) -> new OutboxMessage(
                        rs.getLong("id"),
                        rs.getString("event_id"),
                        rs.getString("topic"),
                        rs.getString("message_key"),
                        rs.getString("event_type"),
                        Sql.instant(rs, "event_time"),
                        rs.getBytes("payload")))
                .list();
    }

    public void delete(List<OutboxMessage> messages) {
        if (messages.isEmpty()) {
            return;
        }
        jdbc.sql("delete from attribution_outbox where id = any(:ids)")
                .param("ids", messages.stream().map(OutboxMessage::id).toArray(Long[]::new))
                .update();
    }

    public long pending() {
        return jdbc.sql("select count(*) from attribution_outbox")
                .query(Long.class)
                .single();
    }
}
