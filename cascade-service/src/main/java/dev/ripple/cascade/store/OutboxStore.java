package dev.ripple.cascade.store;

import dev.ripple.events.CloudEvents;
import dev.ripple.events.EventJson;
import dev.ripple.events.RippleEvent;
import dev.ripple.events.Topics;
import java.io.ByteArrayInputStream;
import java.io.ByteArrayOutputStream;
import java.io.DataInputStream;
import java.io.DataOutputStream;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import org.springframework.context.ApplicationEventPublisher;
import org.springframework.jdbc.core.simple.JdbcClient;
import org.springframework.stereotype.Repository;

/**
 * The transactional outbox (table {@code outbox_batch}): the messages a batch decided are written in the batch's
 * transaction, as one row, and published by the relay in order.
 */
@Repository
public class OutboxStore {

    private final JdbcClient jdbc;
    private final ApplicationEventPublisher events;

    OutboxStore(JdbcClient jdbc, ApplicationEventPublisher events) {
        this.jdbc = jdbc;
        this.events = events;
    }

    /**
     * Published when messages were added to the outbox; listeners that act after the transaction commits (the relay)
     * can publish them at once instead of at the next poll.
     */
    public record MessagesAdded(int count) {}

    /** A message waiting to be published. */
    public record OutboxMessage(String eventId, String topic, String key, String type, Instant time, byte[] payload) {}

    /** A stored batch of messages. */
    public record OutboxBatch(long id, List<OutboxMessage> messages) {}

    /** Adds the events in the caller's transaction, in order, as one outbox row. */
    public void add(List<? extends RippleEvent> events) {
        if (events.isEmpty()) {
            return;
        }
        ByteArrayOutputStream bytes = new ByteArrayOutputStream(events.size() * 1024);
        try (DataOutputStream out = new DataOutputStream(bytes)) {
            for (RippleEvent event : events) {
                out.writeUTF(event.id());
                out.writeUTF(Topics.of(event));
                out.writeUTF(event.key());
                out.writeUTF(CloudEvents.typeOf(event));
                out.writeLong(event.time().toEpochMilli());
                byte[] payload = EventJson.encode(event);
                out.writeInt(payload.length);
                out.write(payload);
            }
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
        jdbc.sql("insert into outbox_batch (messages, count) values (:messages, :count)")
                .param("messages", bytes.toByteArray())
                .param("count", events.size())
                .update();
        this.events.publishEvent(new MessagesAdded(events.size()));
    }

    /** Locks the oldest waiting batches; other relays skip them until this transaction ends. */
    public List<OutboxBatch> claim(int limit) {
        return jdbc.sql("""
                        select id, messages from outbox_batch
                         order by id
                         limit :limit
                           for update skip locked
                        """)
                .param("limit", limit)
                .query((rs, row) -> new OutboxBatch(rs.getLong("id"), decode(rs.getBytes("messages"))))
                .list();
    }

    static List<OutboxMessage> decode(byte[] bytes) {
        List<OutboxMessage> messages = new ArrayList<>();
        try (DataInputStream in = new DataInputStream(new ByteArrayInputStream(bytes))) {
            while (in.available() > 0) {
                String id = in.readUTF();
                String topic = in.readUTF();
                String key = in.readUTF();
                String type = in.readUTF();
                Instant time = Instant.ofEpochMilli(in.readLong());
                byte[] payload = new byte[in.readInt()];
                in.readFully(payload);
                messages.add(new OutboxMessage(id, topic, key, type, time, payload));
            }
        } catch (IOException e) {
            throw new UncheckedIOException("a corrupt outbox row", e);
        }
        return messages;
    }

    public void delete(List<OutboxBatch> batches) {
        if (batches.isEmpty()) {
            return;
        }
        jdbc.sql("delete from outbox_batch where id = any(:ids)")
                .param("ids", batches.stream().map(OutboxBatch::id).toArray(Long[]::new))
                .update();
    }

    /** Messages waiting to be published. */
    public long pending() {
        return jdbc.sql("select coalesce(sum(count), 0) from outbox_batch")
                .query(Long.class)
                .single();
    }
}
