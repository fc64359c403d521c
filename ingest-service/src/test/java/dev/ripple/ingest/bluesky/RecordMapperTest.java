package dev.ripple.ingest.bluesky;

import static dev.ripple.ingest.bluesky.Synthetic.*;
import static org.assertj.core.api.Assertions.assertThat;

import dev.ripple.events.FollowObserved;
import dev.ripple.events.RippleEvent;
import dev.ripple.events.ShareKind;
import dev.ripple.events.ShareObserved;
import java.time.Instant;
import java.util.List;
import java.util.Set;
import org.junit.jupiter.api.Test;
import tools.jackson.databind.JsonNode;

class RecordMapperTest {

    private final AccountDirectory accounts = new AccountDirectory(1000);
    private final RecordMapper mapper = new RecordMapper(accounts);
    private final Watched alice = new Watched(Set.of(ALICE));

    private RecordMapper.Mapping frame(String fixture, Watched watched) {
        JsonNode frame = json("jetstream-v1/" + fixture);
        JsonNode commit = frame.get("commit");
        return mapper.map(
                new RecordMapper.Commit(
                        frame.get("did").asString(),
                        commit.get("collection").asString(),
                        commit.get("rkey").asString(),
                        commit.get("record"),
                        Instant.EPOCH.plusNanos(frame.get("time_us").asLong() * 1000)),
                watched);
    }

    @Test
    void aRepostWithViaIsAReshareOfThePostThroughTheRepostItNames() {
        ShareObserved share = (ShareObserved)
                frame("repost-create-with-via.json", alice).events().getFirst();

        assertThat(share.id()).isEqualTo(RC);
        assertThat(share.kind()).isEqualTo(ShareKind.RESHARE);
        assertThat(share.actor().ref()).isEqualTo("bluesky:" + CAROL);
        assertThat(share.subject().ref()).isEqualTo("bluesky:" + ALICE);
        assertThat(share.objectUri()).isEqualTo(P);
        assertThat(share.viaUri()).isEqualTo(RB);
        assertThat(share.occurredAt()).isEqualTo(Instant.parse("2025-11-03T14:19:00.200Z"));
        assertThat(share.problems()).isEmpty();
    }

    @Test
    void aRepostViaAWatchedAccountsRepostConcernsItEvenWhenThePostsAuthorIsNotWatched() {
        assertThat(frame("repost-create-with-via.json", new Watched(Set.of(BOB)))
                        .events())
                .singleElement()
                .satisfies(e -> assertThat(e.key()).isEqualTo("bluesky:" + ALICE));
        assertThat(frame("repost-create-no-via.json", new Watched(Set.of(CAROL)))
                        .events())
                .isEmpty();
    }

    @Test
    void aStarterPackFollowCarriesThePackAndAPlainFollowNothing() {
        FollowObserved pack = (FollowObserved)
                frame("follow-create-via-starterpack.json", alice).events().getFirst();
        FollowObserved plain =
                (FollowObserved) frame("follow-create.json", alice).events().getFirst();

        assertThat(pack.viaUri()).isEqualTo(SP);
        assertThat(pack.follower().ref()).isEqualTo("bluesky:" + FRANK);
        assertThat(plain.viaUri()).isNull();
        assertThat(plain.id()).isEqualTo(FD);
    }

    @Test
    void aFollowWhoseViaIsNotAStarterPackIsAPlainFollow() {
        JsonNode record = JSON.readTree("""
                {"$type":"app.bsky.graph.follow","subject":"%s","createdAt":"2025-11-03T14:32:00.433Z",
                 "via":{"uri":"%s","cid":"bafyreiemqqqu7u37w2eufm5qqcncgeqgzq6tov5566n4trevv7dlxpl5lu"}}""".formatted(ALICE, RB));
        List<RippleEvent> events = mapper.map(
                        new RecordMapper.Commit(DAVE, AtUri.FOLLOW, "3m4qae2j6vc2b", record, null), alice)
                .events();

        assertThat(((FollowObserved) events.getFirst()).viaUri()).isNull();
    }

    @Test
    void postsBecomeQuoteMentionAndReplySharesAboutTheWatchedAccount() {
        assertThat(((ShareObserved)
                                frame("post-create-quote.json", alice).events().getFirst())
                        .kind())
                .isEqualTo(ShareKind.QUOTE);
        ShareObserved mention = (ShareObserved)
                frame("post-create-mention.json", alice).events().getFirst();
        assertThat(mention.kind()).isEqualTo(ShareKind.MENTION);
        assertThat(mention.subject().handle()).isEqualTo("@alice-fixture.bsky.social");
        assertThat(((ShareObserved)
                                frame("post-create-reply.json", alice).events().getFirst())
                        .kind())
                .isEqualTo(ShareKind.REPLY);
        assertThat(frame("post-create.json", alice).events())
                .as("alice's own post is not a share")
                .isEmpty();
    }

    @Test
    void aPostNamingTwoWatchedAccountsIsOneShareEachWithTheOtherAsMention() {
        // "é" is two bytes in UTF-8: facet offsets are byte offsets, not char offsets.
        JsonNode record = JSON.readTree("""
                {"$type":"app.bsky.feed.post","text":"é @alice-fixture.bsky.social and @bob-fixture.bsky.social",
                 "facets":[
                  {"index":{"byteStart":3,"byteEnd":29},"features":[{"$type":"app.bsky.richtext.facet#mention","did":"%s"}]},
                  {"index":{"byteStart":34,"byteEnd":58},"features":[{"$type":"app.bsky.richtext.facet#mention","did":"%s"}]}],
                 "createdAt":"2025-11-03T14:55:00.373Z"}""".formatted(ALICE, BOB));

        List<RippleEvent> events = mapper.map(
                        new RecordMapper.Commit(GREG, AtUri.POST, "3m4qbn6jmkc2b", record, null),
                        new Watched(Set.of(ALICE, BOB)))
                .events();

        assertThat(events)
                .hasSize(2)
                .allSatisfy(e -> assertThat(((ShareObserved) e).kind()).isEqualTo(ShareKind.MENTION));
        ShareObserved aboutAlice = (ShareObserved) events.getFirst();
        assertThat(aboutAlice.id()).isEqualTo(GM + "#" + ALICE);
        assertThat(aboutAlice.mentions())
                .extracting(a -> a.ref(), a -> a.handle())
                .containsExactly(org.assertj.core.groups.Tuple.tuple("bluesky:" + BOB, "@bob-fixture.bsky.social"));
    }

    @Test
    void aQuoteThatAlsoMentionsTheAuthorIsOneQuote() {
        JsonNode record = JSON.readTree("""
                {"$type":"app.bsky.feed.post","text":"@alice-fixture.bsky.social look",
                 "facets":[{"index":{"byteStart":0,"byteEnd":26},"features":[{"$type":"app.bsky.richtext.facet#mention","did":"%s"}]}],
                 "embed":{"$type":"app.bsky.embed.recordWithMedia","record":{"record":{"uri":"%s","cid":"bafyreicwklsevl5gvqumdt3f673xyezw2eveugx3tfppuyzmqf63lwqesm"}},
                          "media":{"$type":"app.bsky.embed.images","images":[]}},
                 "createdAt":"2025-11-03T14:40:00.128Z"}""".formatted(ALICE, P));

        List<RippleEvent> events = mapper.map(
                        new RecordMapper.Commit(ERIN, AtUri.POST, "3m4qasdyd222b", record, null), alice)
                .events();

        assertThat(events).singleElement().satisfies(e -> {
            assertThat(((ShareObserved) e).kind()).isEqualTo(ShareKind.QUOTE);
            assertThat(((ShareObserved) e).objectUri()).isEqualTo(P);
        });
    }

    @Test
    void malformedRecordsAreReportedWithTheirReason() {
        JsonNode noSubject =
                JSON.readTree("{\"$type\":\"app.bsky.feed.repost\",\"createdAt\":\"2025-11-03T14:04:00Z\"}");
        JsonNode badFollow = JSON.readTree("{\"$type\":\"app.bsky.graph.follow\",\"subject\":\"alice\"}");

        assertThat(mapper.map(new RecordMapper.Commit(BOB, AtUri.REPOST, "3m4q6ryjt5s2b", noSubject, null), alice)
                        .problem())
                .contains("subject is not a strongRef");
        assertThat(mapper.map(new RecordMapper.Commit(DAVE, AtUri.FOLLOW, "3m4qae2j6vc2b", badFollow, null), alice)
                        .problem())
                .contains("subject is not a DID");
        assertThat(mapper.map(new RecordMapper.Commit("bob", AtUri.REPOST, "x", noSubject, null), alice)
                        .problem())
                .contains("not a DID");
    }

    @Test
    void aCreatedAtLaterThanTheServersTimeIsClampedAndAMissingOneFallsBackToTheTid() {
        JsonNode future = JSON.readTree("""
                {"subject":{"uri":"%s","cid":"c"},"createdAt":"2030-01-01T00:00:00Z"}""".formatted(P));
        JsonNode undated = JSON.readTree("""
                {"subject":{"uri":"%s","cid":"c"}}""".formatted(P));
        Instant server = Instant.parse("2025-11-03T14:04:01.047Z");

        assertThat(mapper.map(new RecordMapper.Commit(BOB, AtUri.REPOST, "3m4q6ryjt5s2b", future, server), alice)
                        .events()
                        .getFirst()
                        .time())
                .isEqualTo(server);
        assertThat(mapper.map(new RecordMapper.Commit(BOB, AtUri.REPOST, "3m4q6ryjt5s2b", undated, null), alice)
                        .events()
                        .getFirst()
                        .time())
                .isEqualTo(Tid.instant("3m4q6ryjt5s2b").orElseThrow());
    }

    @Test
    void tidsDecodeToTheirCreationTime() {
        assertThat(Tid.instant("3m4q6ryjt5s2b").orElseThrow())
                .isBetween(Instant.parse("2025-11-03T14:03:00Z"), Instant.parse("2025-11-03T14:05:00Z"));
        assertThat(Tid.instant("3m4kwwfrw5s2b").orElseThrow()).isBefore(Instant.parse("2025-11-03T14:00:00Z"));
        assertThat(Tid.instant("self")).isEmpty();
        assertThat(Tid.instant("zzzzzzzzzzzzz")).isEmpty();
    }

    @Test
    void atUrisMustNameADidAndARecord() {
        assertThat(AtUri.parse(RB)).contains(new AtUri(BOB, AtUri.REPOST, "3m4q6ryjt5s2b"));
        assertThat(AtUri.parse("at://bob.bsky.social/app.bsky.feed.repost/3m4q6ryjt5s2b"))
                .isEmpty();
        assertThat(AtUri.parse("at://" + BOB + "/app.bsky.feed.repost")).isEmpty();
        assertThat(AtUri.parse("https://bsky.app")).isEmpty();
    }
}
