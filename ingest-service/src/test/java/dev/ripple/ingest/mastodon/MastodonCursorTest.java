package dev.ripple.ingest.mastodon;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.ripple.events.Account;
import java.time.Instant;
import java.util.List;
import org.junit.jupiter.api.Test;

class MastodonCursorTest {

    @Test
    void everyFieldSurvivesTheRoundTrip() {
        MastodonCursor cursor = new MastodonCursor();
        cursor.minId = "90876505";
        cursor.accountId = "111947179630472770";
        cursor.knownFollowers = List.of("3", "2", "1");
        cursor.followersCheckedAt = Instant.parse("2026-01-01T00:00:00Z");
        cursor.statusesSince = "115486123630482542";
        cursor.statuses.put("115486123630482542", new MastodonCursor.StatusMarks(2, List.of("9", "8")));
        cursor.pending.add(new ExposureRequest(
                "42",
                "bob@fedi.example",
                "https://fedi.example/users/bob",
                new Account("mastodon:fedi.example:bob", "@bob@fedi.example", 4120L),
                Instant.parse("2026-01-02T00:00:00Z"),
                1));

        MastodonCursor back = MastodonCursor.decode(cursor.encode());

        assertThat(back).usingRecursiveComparison().isEqualTo(cursor);
        assertThat(MastodonCursor.decode(null)).usingRecursiveComparison().isEqualTo(new MastodonCursor());
    }

    @Test
    void anUnreadableCursorIsRefusedWithAReason() {
        assertThatThrownBy(() -> MastodonCursor.decode("min_id=42")).hasMessageContaining("not JSON");
        assertThatThrownBy(() -> MastodonCursor.decode("{\"v\":99}")).hasMessageContaining("not a version 1");
    }
}
