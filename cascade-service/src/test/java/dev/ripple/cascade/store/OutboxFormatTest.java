package dev.ripple.cascade.store;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.ripple.events.Account;
import dev.ripple.events.CloudEvents;
import dev.ripple.events.EventJson;
import dev.ripple.events.FollowObserved;
import dev.ripple.events.Topics;
import java.io.ByteArrayOutputStream;
import java.io.DataOutputStream;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

/** The outbox row format: version 2 keeps each message's trace context; version 1 rows, written before, still read. */
class OutboxFormatTest {

    static final String TRACEPARENT = "00-4bf92f3577b34da6a3ce929d0e0e4736-00f067aa0ba902b7-01";

    @Test
    void eachMessageKeepsTheTraceContextOfTheEventThatCausedIt() {
        FollowObserved traced = follow("f-1");
        FollowObserved untraced = follow("f-2");
        byte[] row = OutboxStore.encode(
                List.of(traced, untraced), Map.of("f-1", Map.of("traceparent", TRACEPARENT, "tracestate", "ripple=1")));

        List<OutboxStore.OutboxMessage> messages = OutboxStore.decode(row);

        assertThat(messages).extracting(OutboxStore.OutboxMessage::eventId).containsExactly("f-1", "f-2");
        assertThat(messages.get(0).traceContext())
                .containsExactlyInAnyOrderEntriesOf(Map.of("traceparent", TRACEPARENT, "tracestate", "ripple=1"));
        assertThat(messages.get(1).traceContext()).isEmpty();
        OutboxStore.OutboxMessage first = messages.getFirst();
        assertThat(first.topic()).isEqualTo(Topics.FOLLOWS);
        assertThat(first.key()).isEqualTo(traced.key());
        assertThat(first.type()).isEqualTo(CloudEvents.typeOf(traced));
        assertThat(first.time()).isEqualTo(traced.time());
        assertThat(EventJson.decode(first.payload(), FollowObserved.class)).isEqualTo(traced);
    }

    @Test
    void rowsWrittenBeforeTraceContextAreStillPublishedWithoutOne() throws IOException {
        FollowObserved event = follow("f-old");
        ByteArrayOutputStream bytes = new ByteArrayOutputStream();
        try (DataOutputStream out = new DataOutputStream(bytes)) {
            // Format 1: the messages one after another, no header, no trace context.
            out.writeUTF(event.id());
            out.writeUTF(Topics.of(event));
            out.writeUTF(event.key());
            out.writeUTF(CloudEvents.typeOf(event));
            out.writeLong(event.time().toEpochMilli());
            byte[] payload = EventJson.encode(event);
            out.writeInt(payload.length);
            out.write(payload);
        }

        List<OutboxStore.OutboxMessage> messages = OutboxStore.decode(bytes.toByteArray());

        assertThat(messages).singleElement().satisfies(m -> {
            assertThat(m.eventId()).isEqualTo("f-old");
            assertThat(m.traceContext()).isEmpty();
            assertThat(EventJson.decode(m.payload(), FollowObserved.class)).isEqualTo(event);
        });
    }

    @Test
    void aRowOfAFormatThisServiceDoesNotKnowFailsRatherThanPublishingGarbage() {
        byte[] row = OutboxStore.encode(List.of(follow("f-3")), Map.of());
        row[2] = 3; // the version byte after the empty-string marker

        assertThatThrownBy(() -> OutboxStore.decode(row))
                .isInstanceOf(UncheckedIOException.class)
                .hasRootCauseMessage("outbox row format 3 is newer than this service reads");
    }

    static FollowObserved follow(String id) {
        return new FollowObserved(
                id,
                "mastodon",
                new Account("mastodon:example.social:reader", "@reader@example.social", null),
                new Account("mastodon:example.social:author", "@author@example.social", null),
                Instant.parse("2026-01-01T12:00:00Z"),
                null);
    }
}
