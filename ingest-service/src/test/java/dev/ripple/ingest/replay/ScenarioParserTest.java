package dev.ripple.ingest.replay;

import static org.assertj.core.api.Assertions.assertThat;

import dev.ripple.events.Account;
import dev.ripple.events.FollowObserved;
import dev.ripple.events.FollowingObserved;
import dev.ripple.events.RippleEvent;
import dev.ripple.events.ShareKind;
import dev.ripple.events.ShareObserved;
import dev.ripple.ingest.replay.ScenarioParser.Blank;
import dev.ripple.ingest.replay.ScenarioParser.Line;
import dev.ripple.ingest.replay.ScenarioParser.Parsed;
import dev.ripple.ingest.replay.ScenarioParser.Rejected;
import dev.ripple.ingest.testing.SeedStory;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import java.util.stream.Collectors;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;
import tools.jackson.databind.node.ObjectNode;

class ScenarioParserTest {

    @Test
    void everySeedStoryLineIsAnEventOfItsType() {
        List<RippleEvent> events =
                SeedStory.lines().stream().map(ScenarioParserTest::parsed).toList();

        Map<Class<?>, Long> perType =
                events.stream().collect(Collectors.groupingBy(Object::getClass, Collectors.counting()));
        assertThat(perType)
                .containsOnly(
                        Map.entry(ShareObserved.class, 5L),
                        Map.entry(FollowObserved.class, 59L),
                        Map.entry(FollowingObserved.class, 59L));
        assertThat(events).map(RippleEvent::id).doesNotHaveDuplicates();
    }

    @Test
    void shareLineCarriesEveryFieldOfTheFormat() {
        ShareObserved share = (ShareObserved) parsed(SeedStory.lines().getFirst());

        assertThat(share.id()).isEqualTo("seed-s-01a");
        assertThat(share.platform()).isEqualTo("mastodon");
        assertThat(share.kind()).isEqualTo(ShareKind.MENTION);
        assertThat(share.uri()).isEqualTo("https://example.social/@sarah/2001");
        assertThat(share.actor())
                .isEqualTo(new Account("mastodon:example.social:sarah", "@sarah@example.social", 860L));
        assertThat(share.subject().ref()).isEqualTo("mastodon:example.social:author");
        assertThat(share.objectUri()).isEqualTo("https://author.example/2009/09/awkward-moments-experiment");
        assertThat(share.mentions()).extracting(Account::ref).containsExactly("mastodon:example.social:julien");
        assertThat(share.viaUri()).isNull();
        assertThat(share.occurredAt()).isEqualTo(Instant.parse("2009-09-17T14:05:00Z"));
        assertThat(share.key()).isEqualTo("mastodon:example.social:author");
    }

    @Test
    void followingLineIsASnapshotKeyedByTheListedAccount() {
        FollowingObserved following =
                (FollowingObserved) parsed(SeedStory.first("following").toString());

        assertThat(following.account().ref()).isEqualTo("mastodon:example.social:julien_fan01");
        assertThat(following.follows()).hasSize(3);
        assertThat(following.time()).isEqualTo(Instant.parse("2009-09-17T17:46:02Z"));
        assertThat(following.key()).isEqualTo("mastodon:example.social:julien_fan01");
    }

    @ParameterizedTest
    @ValueSource(strings = {"", " ", "\t", "   \t  "})
    void blankLineIsSkipped(String text) {
        assertThat(ScenarioParser.parse(text)).isInstanceOf(Blank.class);
    }

    @Test
    void unknownFieldsAreIgnored() {
        ObjectNode follow = SeedStory.first("follow");
        follow.put("observedBy", "a newer recorder");

        assertThat(parsed(follow.toString()).id()).isEqualTo("seed-f-001");
    }

    @Test
    void notJsonIsRejected() {
        assertThat(reason("{\"type\":\"share\",")).startsWith("not valid JSON: ");
        assertThat(reason("share seed-s-01a")).startsWith("not valid JSON: ");
    }

    @Test
    void trailingContentAfterTheObjectIsRejected() {
        assertThat(reason(SeedStory.first("follow") + " {}")).startsWith("not valid JSON: ");
    }

    @Test
    void repeatedFieldIsRejected() {
        String line = SeedStory.first("follow").toString().replaceFirst("\\{", "{\"type\":\"share\",");

        assertThat(reason(line)).startsWith("not valid JSON: ").contains("type");
    }

    @Test
    void jsonThatIsNotAnObjectIsRejected() {
        assertThat(reason("[1, 2]")).isEqualTo("not a JSON object (found array)");
        assertThat(reason("\"share\"")).isEqualTo("not a JSON object (found string)");
        assertThat(reason("null")).isEqualTo("not a JSON object (found null)");
    }

    @Test
    void missingTypeIsRejected() {
        ObjectNode follow = SeedStory.first("follow");
        follow.remove("type");

        assertThat(reason(follow.toString())).isEqualTo("type is missing (one of share, follow, following)");
        assertThat(reason("{\"type\": null}")).isEqualTo("type is missing (one of share, follow, following)");
    }

    @Test
    void unknownTypeIsRejected() {
        ObjectNode follow = SeedStory.first("follow");
        follow.put("type", "like");

        assertThat(reason(follow.toString())).isEqualTo("unknown type 'like' (one of share, follow, following)");
    }

    @Test
    void typeThatIsNotAStringIsRejected() {
        assertThat(reason("{\"type\": 3}"))
                .isEqualTo("type must be a string (one of share, follow, following), found 3");
    }

    @Test
    void missingFieldsAreAllNamed() {
        ObjectNode follow = SeedStory.first("follow");
        follow.remove("followee");
        follow.remove("occurredAt");

        assertThat(reason(follow.toString())).isEqualTo("invalid follow: followee is missing; occurredAt is missing");
    }

    @Test
    void malformedRefIsRejected() {
        ObjectNode share = SeedStory.first("share");
        ((ObjectNode) share.get("actor")).put("ref", "sarah");

        assertThat(reason(share.toString()))
                .isEqualTo("invalid share: actor.ref 'sarah' is not of the form <platform>:<authority>:<id>");
    }

    @Test
    void unknownShareKindIsRejected() {
        ObjectNode share = SeedStory.first("share");
        share.put("kind", "BOOST");

        assertThat(reason(share.toString())).startsWith("invalid share: kind: ").contains("BOOST");
    }

    @Test
    void unreadableTimeIsRejected() {
        ObjectNode follow = SeedStory.first("follow");
        follow.put("occurredAt", "yesterday");

        assertThat(reason(follow.toString()))
                .startsWith("invalid follow: occurredAt: ")
                .contains("yesterday");
    }

    @Test
    void followingWithoutItsListIsRejected() {
        ObjectNode following = SeedStory.first("following");
        following.remove("follows");

        assertThat(reason(following.toString()))
                .isEqualTo("invalid following: follows is missing (use [] for an empty list)");
    }

    @Test
    void reasonIsOneShortLineEvenForAHugeValue() {
        ObjectNode follow = SeedStory.first("follow");
        follow.put("occurredAt", "x".repeat(10_000) + "\n" + "y");

        String reason = reason(follow.toString());

        assertThat(reason)
                .hasSizeLessThanOrEqualTo(ScenarioParser.MAX_REASON_LENGTH)
                .doesNotContain("\n");
    }

    private static RippleEvent parsed(String text) {
        Line line = ScenarioParser.parse(text);
        assertThat(line).isInstanceOf(Parsed.class);
        return ((Parsed) line).event();
    }

    private static String reason(String text) {
        Line line = ScenarioParser.parse(text);
        assertThat(line).isInstanceOf(Rejected.class);
        return ((Rejected) line).reason();
    }
}
