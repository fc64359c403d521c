package dev.ripple.events;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.io.IOException;
import java.io.InputStream;
import java.time.Instant;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;
import tools.jackson.databind.JsonNode;

/** The wire format is pinned by saved samples: a change to a record that alters the JSON fails here. */
class EventJsonTests {

    @ParameterizedTest
    @CsvSource({
        "share-observed.json, dev.ripple.events.ShareObserved",
        "follow-observed.json, dev.ripple.events.FollowObserved",
        "following-observed.json, dev.ripple.events.FollowingObserved",
        "follow-attributed.json, dev.ripple.events.FollowAttributed",
        "engagement-observed.json, dev.ripple.events.EngagementObserved",
        "share-deleted.json, dev.ripple.events.ShareDeleted"
    })
    void samplesRoundTripWithoutDrift(String sample, String className) throws Exception {
        byte[] json = sample(sample);
        Class<? extends RippleEvent> type = Class.forName(className).asSubclass(RippleEvent.class);

        RippleEvent event = EventJson.decode(json, type);
        JsonNode reEncoded = EventJson.mapper().readTree(EventJson.encode(event));

        assertThat(reEncoded).isEqualTo(EventJson.mapper().readTree(json));
        assertThat(event.problems()).isEmpty();
    }

    @Test
    void shareSampleDecodesToTheSeedStoryReshare() throws Exception {
        ShareObserved share = EventJson.decode(sample("share-observed.json"), ShareObserved.class);

        assertThat(share.kind()).isEqualTo(ShareKind.RESHARE);
        assertThat(share.key()).isEqualTo("mastodon:example.social:author");
        assertThat(share.objectUri()).isEqualTo("https://example.social/@julien/3002");
        assertThat(share.mentions()).extracting(Account::ref).containsExactly("mastodon:example.social:julien");
        assertThat(share.occurredAt()).isEqualTo(Instant.parse("2009-09-18T15:20:00Z"));
    }

    @Test
    void keysFollowTheTopicContract() throws Exception {
        assertThat(EventJson.decode(sample("follow-observed.json"), FollowObserved.class)
                        .key())
                .isEqualTo("mastodon:example.social:author");
        assertThat(EventJson.decode(sample("following-observed.json"), FollowingObserved.class)
                        .key())
                .isEqualTo("mastodon:example.social:chris_fan01");
        FollowAttributed attributed = EventJson.decode(sample("follow-attributed.json"), FollowAttributed.class);
        assertThat(attributed.key()).isEqualTo("mastodon:example.social:sarah");
        assertThat(attributed.id()).isEqualTo(FollowAttributed.idOf("seed-f-007", 1, attributed.sharer()));
    }

    @Test
    void engagementSampleIsALikeThroughARepostKeyedByThePostsAuthor() throws Exception {
        EngagementObserved like = EventJson.decode(sample("engagement-observed.json"), EngagementObserved.class);

        assertThat(like.kind()).isEqualTo(EngagementKind.LIKE);
        assertThat(like.key()).isEqualTo("bluesky:did:plc:teix674xturiz723icjh47qu");
        assertThat(like.viaUri()).endsWith("/app.bsky.feed.repost/3m4q7msgem22b");
        assertThat(Topics.of(like)).isEqualTo(Topics.ENGAGEMENTS);
        assertThat(CloudEvents.typeOf(like)).isEqualTo("dev.ripple.engagement.observed.v1");
    }

    @Test
    void aDeleteTravelsWithTheShareItDeletes() throws Exception {
        ShareDeleted deleted = EventJson.decode(sample("share-deleted.json"), ShareDeleted.class);

        assertThat(deleted.key()).isEqualTo("bluesky:did:plc:teix674xturiz723icjh47qu");
        assertThat(Topics.of(deleted)).isEqualTo(Topics.SHARES);
        assertThat(CloudEvents.typeOf(deleted)).isEqualTo("dev.ripple.share.deleted.v1");
        assertThat(CloudEvents.classOf("dev.ripple.share.deleted.v1")).isEqualTo(ShareDeleted.class);
        assertThat(deleted.time()).isEqualTo(java.time.Instant.parse("2025-11-03T16:02:11.250Z"));
    }

    @Test
    void aDeleteNamesEveryMissingField() {
        String json = """
                {"id":"d1","platform":"bluesky","uri":null,"subject":null,"deletedAt":null}""";

        assertThatThrownBy(() -> EventJson.decode(json, ShareDeleted.class))
                .isInstanceOf(InvalidEventException.class)
                .hasMessageContaining("uri")
                .hasMessageContaining("subject")
                .hasMessageContaining("deletedAt");
    }

    @Test
    void anEngagementNamesEveryMissingField() {
        String json = """
                {"id":"l1","platform":"bluesky","kind":"REPOST","uri":"at://x",
                 "actor":{"ref":"bluesky:did:plc:a","handle":"@a"},"subject":null,"occurredAt":null}""";
        String noKind = """
                {"id":"l1","platform":"bluesky","uri":"at://x",
                 "actor":{"ref":"bluesky:did:plc:a","handle":"@a"},"subject":null,"occurredAt":null}""";

        assertThatThrownBy(() -> EventJson.decode(json, EngagementObserved.class))
                .isInstanceOf(InvalidEventException.class)
                .hasMessageStartingWith("kind: ");
        assertThatThrownBy(() -> EventJson.decode(noKind, EngagementObserved.class))
                .isInstanceOfSatisfying(
                        InvalidEventException.class,
                        e -> assertThat(e.problems())
                                .containsExactlyInAnyOrder(
                                        "kind is missing (one of LIKE)",
                                        "subject is missing",
                                        "objectUri is missing",
                                        "occurredAt is missing"));
    }

    @Test
    void unknownFieldsAreIgnoredSoProducersMayAddOptionalFields() {
        String json = """
                {"id":"f1","platform":"mastodon","newField":{"x":1},
                 "follower":{"ref":"mastodon:a:x","handle":"@x@a"},
                 "followee":{"ref":"mastodon:a:y","handle":"@y@a"},
                 "occurredAt":"2026-01-01T00:00:00Z"}""";

        assertThat(EventJson.decode(json, FollowObserved.class).follower().ref())
                .isEqualTo("mastodon:a:x");
    }

    @Test
    void everyMissingFieldIsNamed() {
        String json = """
                {"id":"s1","kind":"RESHARE","actor":{"ref":"nonsense","handle":"@x"},"subject":null}""";

        assertThatThrownBy(() -> EventJson.decode(json, ShareObserved.class))
                .isInstanceOfSatisfying(
                        InvalidEventException.class,
                        e -> assertThat(e.problems())
                                .containsExactlyInAnyOrder(
                                        "platform is missing",
                                        "uri is missing",
                                        "actor.ref 'nonsense' is not of the form <platform>:<authority>:<id>",
                                        "subject is missing",
                                        "occurredAt is missing"));
    }

    @Test
    void badValuesAreReportedWithTheirField() {
        String badKind = """
                {"id":"s1","platform":"mastodon","kind":"LIKE","uri":"u",
                 "actor":{"ref":"mastodon:a:x","handle":"@x"},"subject":{"ref":"mastodon:a:y","handle":"@y"},
                 "occurredAt":"2026-01-01T00:00:00Z"}""";
        String badTime = """
                {"id":"f1","platform":"mastodon","follower":{"ref":"mastodon:a:x","handle":"@x"},
                 "followee":{"ref":"mastodon:a:y","handle":"@y"},"occurredAt":"yesterday"}""";

        assertThatThrownBy(() -> EventJson.decode(badKind, ShareObserved.class))
                .isInstanceOf(InvalidEventException.class)
                .hasMessageStartingWith("kind: ");
        assertThatThrownBy(() -> EventJson.decode(badTime, FollowObserved.class))
                .isInstanceOf(InvalidEventException.class)
                .hasMessageContaining("occurredAt");
    }

    @Test
    void notJsonIsInvalidNotACrash() {
        assertThatThrownBy(() -> EventJson.decode("<html>502 Bad Gateway</html>", FollowObserved.class))
                .isInstanceOf(InvalidEventException.class)
                .hasMessageStartingWith("not valid JSON");
        assertThatThrownBy(() -> EventJson.decode("null", FollowObserved.class))
                .isInstanceOf(InvalidEventException.class);
    }

    @Test
    void aFollowOfOneselfIsInvalid() {
        String json = """
                {"id":"f1","platform":"mastodon","follower":{"ref":"mastodon:a:x","handle":"@x"},
                 "followee":{"ref":"mastodon:a:x","handle":"@x"},"occurredAt":"2026-01-01T00:00:00Z"}""";

        assertThatThrownBy(() -> EventJson.decode(json, FollowObserved.class))
                .hasMessageContaining("follower and followee are the same account");
    }

    static byte[] sample(String name) throws IOException {
        try (InputStream in = EventJsonTests.class.getResourceAsStream("/samples/" + name)) {
            if (in == null) {
                throw new IOException("missing sample " + name);
            }
            return in.readAllBytes();
        }
    }
}
