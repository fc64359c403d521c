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
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.springframework.context.ApplicationEventPublisher;
import org.springframework.jdbc.core.simple.JdbcClient;
import org.springframework.stereotype.Repository;

/**
 * The transactional outbox (table {@code outbox_batch}): the messages a batch decided are written in the batch's
 * transaction, as one row, and published by the relay in order.
 *
 * <p>Row encoding: a sequence of messages (event id, topic, key, {@code ce_type}, event time in epoch milliseconds,
 * payload). Version 2 (written since trace context was added) starts with an empty string (two zero bytes, which no
 * version 1 row can start with: every event has an id) and a version byte {@code 2}, and stores each message's trace
 * context (propagation fields such as {@code traceparent}) before its payload. Version 1 rows, written before, are
 * still read (their messages carry no trace context). An instance older than this one cannot read version 2 rows: its
 * relay fails on them and leaves them to the newer instances.
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

    /**
     * A message waiting to be published.
     *
     * @param traceContext the propagation fields of the trace that caused it (empty when none was recorded)
     */
    public record OutboxMessage(
            String eventId,
            String topic,
            String key,
            String type,
            Instant time,
            byte[] payload,
            Map<String, String> traceContext) {

        public OutboxMessage {
            traceContext = traceContext == null ? Map.of() : Map.copyOf(traceContext);
        }

        public OutboxMessage(String eventId, String topic, String key, String type, Instant time, byte[] payload) {
            this(eventId, topic, key, type, time, payload, Map.of());
        }
    }

    /**
     * A stored batch of messages.
     *
     * @param createdAt when the batch's transaction wrote it (the database's clock)
     */
    public record OutboxBatch(long id, List<OutboxMessage> messages, Instant createdAt) {

        public OutboxBatch(long id, List<OutboxMessage> messages) {
            this(id, messages, null);
        }
    }

    /** The outbox's backlog: messages waiting, and when the oldest waiting row was written (null when none). */
    public record Backlog(long messages, Instant oldest) {}

    static final int FORMAT_VERSION = 2;

    /** Adds the events in the caller's transaction, in order, as one outbox row. */
    public void add(List<? extends RippleEvent> events) {
        add(events, Map.of());
    }

    /**
     * Adds the events in the caller's transaction, in order, as one outbox row.
     *
     * @param traceContexts event id → the trace context to publish it with (events missing here carry none)
     */
    public void add(List<? extends RippleEvent> events, Map<String, Map<String, String>> traceContexts) {
        if (events.isEmpty()) {
            return;
        }
        // clock_timestamp(), not the column's default now() (the transaction's start): the wall-clock decision latency
        // counts from here, the end of the batch's work, not from before it was correlated.
        jdbc.sql("insert into outbox_batch (messages, count, created_at) values (:messages, :count, clock_timestamp())")
                .param("messages", encode(events, traceContexts))
                .param("count", events.size())
                .update();
        this.events.publishEvent(new MessagesAdded(events.size()));
    }

    /** One outbox row's bytes (format {@value #FORMAT_VERSION}, described above). */
    static byte[] encode(List<? extends RippleEvent> events, Map<String, Map<String, String>> traceContexts) {
        ByteArrayOutputStream bytes = new ByteArrayOutputStream(events.size() * 1024);
        try (DataOutputStream out = new DataOutputStream(bytes)) {
            out.writeUTF("");
            out.writeByte(FORMAT_VERSION);
            for (RippleEvent event : events) {
                out.writeUTF(event.id());
                out.writeUTF(Topics.of(event));
                out.writeUTF(event.key());
                out.writeUTF(CloudEvents.typeOf(event));
                out.writeLong(event.time().toEpochMilli());
                Map<String, String> trace = traceContexts.getOrDefault(event.id(), Map.of());
                if (trace.size() > 255) {
                    throw new IllegalArgumentException("more than 255 trace context fields for " + event.id());
                }
                out.writeByte(trace.size());
                for (Map.Entry<String, String> field : trace.entrySet()) {
                    out.writeUTF(field.getKey());
                    out.writeUTF(field.getValue());
                }
                byte[] payload = EventJson.encode(event);
                out.writeInt(payload.length);
                out.write(payload);
            }
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
        return bytes.toByteArray();
    }

    /** Locks the oldest waiting batches; other relays skip them until this transaction ends. */
    public List<OutboxBatch> claim(int limit) {
        return jdbc.sql("""
                        select id, messages, created_at from outbox_batch
                         order by id
                         limit :limit
                           for update skip locked
                        """)
                .param("limit", limit)
                .query((rs, row) -> new OutboxBatch(
                        rs.getLong("id"),
                        decode(rs.getBytes("messages")),
                        rs.getTimestamp("created_at").toInstant()))
                .list();
    }

    static List<OutboxMessage> decode(byte[] bytes) {
        List<OutboxMessage> messages = new ArrayList<>();
        try (DataInputStream in = new DataInputStream(new ByteArrayInputStream(bytes))) {
            int version = 1;
            if (bytes.length >= 2 && bytes[0] == 0 && bytes[1] == 0) {
                in.readUTF();
                version = in.readUnsignedByte();
                if (version != FORMAT_VERSION) {
                    throw new IOException("outbox row format " + version + " is newer than this service reads");
                }
            }
            while (in.available() > 0) {
                String id = in.readUTF();
                String topic = in.readUTF();
                String key = in.readUTF();
                String type = in.readUTF();
                Instant time = Instant.ofEpochMilli(in.readLong());
                Map<String, String> trace = Map.of();
                if (version >= 2) {
                    int fields = in.readUnsignedByte();
                    if (fields > 0) {
                        trace = new LinkedHashMap<>();
                        for (int i = 0; i < fields; i++) {
                            trace.put(in.readUTF(), in.readUTF());
                        }
                    }
                }
                byte[] payload = new byte[in.readInt()];
                in.readFully(payload);
                messages.add(new OutboxMessage(id, topic, key, type, time, payload, trace));
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

    /** Messages waiting to be published, and when the oldest waiting row was written. */
    public Backlog backlog() {
        return jdbc.sql("select coalesce(sum(count), 0) as messages, min(created_at) as oldest from outbox_batch")
                .query((rs, row) -> new Backlog(
                        rs.getLong("messages"),
                        rs.getTimestamp("oldest") == null
                                ? null
                                : rs.getTimestamp("oldest").toInstant()))
                .single();
    }

    /** Messages waiting to be published. */
    public long pending() {
        return jdbc.sql("select coalesce(sum(count), 0) from outbox_batch")
                .query(Long.class)
                .single();
    }
}
