package dev.ripple.ingest.bluesky.poll;

import static dev.ripple.ingest.bluesky.Synthetic.*;
import static org.assertj.core.api.Assertions.assertThat;

import dev.ripple.events.FollowObserved;
import dev.ripple.events.FollowingObserved;
import dev.ripple.events.RippleEvent;
import dev.ripple.events.ShareKind;
import dev.ripple.events.ShareObserved;
import dev.ripple.ingest.bluesky.AccountDirectory;
import dev.ripple.ingest.bluesky.RecentSharers;
import dev.ripple.ingest.bluesky.RecordMapper;
import dev.ripple.ingest.bluesky.Synthetic;
import dev.ripple.ingest.bluesky.Watched;
import dev.ripple.ingest.bluesky.fake.FakeBluesky;
import dev.ripple.ingest.bluesky.fake.FakeXrpc;
import dev.ripple.ingest.bluesky.fake.FakeXrpc.Response;
import dev.ripple.ingest.bluesky.fake.Kafka;
import dev.ripple.ingest.bluesky.xrpc.RateLimits;
import dev.ripple.ingest.bluesky.xrpc.XrpcClient;
import dev.ripple.ingest.publish.KafkaCheckpoints;
import dev.ripple.ingest.testing.TopicRecords;
import io.micronaut.http.client.DefaultHttpClientConfiguration;
import io.micronaut.http.client.HttpClient;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.ZoneId;
import java.time.ZoneOffset;
import java.util.List;
import java.util.Set;
import java.util.concurrent.atomic.AtomicBoolean;
import org.apache.kafka.clients.admin.Admin;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.node.ArrayNode;
import tools.jackson.databind.node.ObjectNode;

/** A watched account without a password, through a local public AppView, PLC directory and PDS, to a real broker. */
class AppViewPollerIT {

    static Admin admin;
    static KafkaCheckpoints checkpoints;
    static HttpClient http;

    @BeforeAll
    static void kafka() {
        admin = Kafka.admin();
        checkpoints = Kafka.checkpoints(admin);
        DefaultHttpClientConfiguration configuration = new DefaultHttpClientConfiguration();
        configuration.setReadTimeout(Duration.ofSeconds(10));
        http = HttpClient.create(null, configuration);
    }

    @AfterAll
    static void close() {
        checkpoints.close();
        admin.close();
        http.close();
    }

    static final class MovableClock extends Clock {
        Instant now;

        MovableClock(Instant now) {
            this.now = now;
        }

        @Override
        public ZoneId getZone() {
            return ZoneOffset.UTC;
        }

        @Override
        public Clock withZone(ZoneId zone) {
            return this;
        }

        @Override
        public Instant instant() {
            return now;
        }
    }

    /** A record of the synthetic stream, by its URI. */
    private static JsonNode record(String uri) {
        return Synthetic.stream().stream()
                .map(JSON::readTree)
                .filter(frame -> frame.path("commit").has("record"))
                .filter(frame -> uri.endsWith(
                        "/" + frame.path("commit").path("collection").asString() + "/"
                                + frame.path("commit").path("rkey").asString()))
                .map(frame -> frame.path("commit").path("record"))
                .findFirst()
                .orElseThrow();
    }

    private static FakeXrpc bluesky(AtomicBoolean later) {
        FakeXrpc server = new FakeXrpc();
        JsonNode post = json("app.bsky.feed.getPosts.json").path("posts").get(0);
        JsonNode quote = json("app.bsky.feed.getPosts.json").path("posts").get(1);
        server.on("app.bsky.graph.getRelationships", FakeBluesky::relationships)
                .on("app.bsky.graph.getFollowers", request -> {
                    ObjectNode all = (ObjectNode) json("app.bsky.graph.getFollowers.alice.json");
                    if (!later.get()) {
                        ((ArrayNode) all.get("followers")).remove(0);
                        ((ArrayNode) all.get("followers")).remove(0);
                    }
                    all.remove("cursor");
                    return Response.ok(all.toString());
                })
                .on("app.bsky.feed.getAuthorFeed", request -> {
                    ObjectNode view = (ObjectNode) post.deepCopy();
                    view.put("repostCount", later.get() ? 2 : 0);
                    view.put("quoteCount", later.get() ? 1 : 0);
                    return Response.ok("{\"feed\":[{\"post\":" + view + "}]}");
                })
                .on(
                        "app.bsky.feed.getRepostedBy",
                        request -> Response.ok(text("app.bsky.feed.getRepostedBy.alice-post.json")))
                .on(
                        "app.bsky.feed.getQuotes",
                        request -> Response.ok("{\"uri\":\"" + P + "\",\"posts\":[" + quote + "]}"))
                .on(
                        "com.atproto.repo.listRecords",
                        request -> request.param("repo").equals(CAROL)
                                ? Response.ok(text("com.atproto.repo.listRecords.carol.app.bsky.feed.repost.json"))
                                : Response.ok("{\"records\":[{\"uri\":\"" + RB + "\",\"cid\":\"c\",\"value\":"
                                        + record(RB) + "}]}"))
                .on("com.atproto.repo.getRecord", request -> {
                    String uri = "at://" + request.param("repo") + "/" + request.param("collection") + "/"
                            + request.param("rkey");
                    return Response.ok("{\"uri\":\"" + uri + "\",\"value\":" + record(uri) + "}");
                });
        for (String did : List.of(ALICE, BOB, CAROL, DAVE, ERIN, FRANK, GREG)) {
            server.onPath("/" + did, request -> Response.ok("""
                    {"id":"%s","service":[{"id":"#atproto_pds","type":"AtprotoPersonalDataServer","serviceEndpoint":"%s"}]}""".formatted(did, server.url())));
        }
        return server;
    }

    @Test
    void newFollowersAndResharersComeWithTheirViaStarterPackAndExposureEvidenceAndOnlyOnce() throws Exception {
        AtomicBoolean later = new AtomicBoolean(false);
        MovableClock clock = new MovableClock(Instant.parse("2025-11-03T14:01:00Z"));
        try (FakeXrpc server = bluesky(later)) {
            XrpcClient xrpc = new XrpcClient(http, new RateLimits(Clock.systemUTC(), 0, Duration.ofSeconds(5)), "t");
            AccountDirectory accounts = new AccountDirectory(1000);
            RecentSharers sharers = new RecentSharers(Duration.ofHours(72), 300);
            AppViewPoller poller = new AppViewPoller(
                    ALICE,
                    server.url(),
                    xrpc,
                    new DidResolver(xrpc, server.url(), clock),
                    new RecordMapper(accounts),
                    accounts,
                    sharers,
                    new ExposureProbe(xrpc, accounts, sharers, 90, clock),
                    checkpoints,
                    () -> new Watched(Set.of(ALICE)),
                    clock,
                    Duration.ofHours(24),
                    10,
                    20);
            checkpoints.forget(poller.sourceKey());

            try (TopicRecords first = TopicRecords.markEnd(Kafka.TOPICS)) {
                assertThat(poller.poll())
                        .as("the followers already there are the baseline")
                        .isZero();
                assertThat(Kafka.events(first)).isEmpty();
            }

            later.set(true);
            clock.now = Instant.parse("2025-11-03T16:00:00Z");
            List<RippleEvent> events;
            try (TopicRecords second = TopicRecords.markEnd(Kafka.TOPICS)) {
                int published = poller.poll();
                events = Kafka.events(second);
                assertThat(events).hasSize(published);
            }
            assertThat(events)
                    .filteredOn(e -> e instanceof ShareObserved)
                    .map(e -> (ShareObserved) e)
                    .extracting(ShareObserved::id, ShareObserved::kind, ShareObserved::viaUri)
                    .containsExactly(
                            org.assertj.core.groups.Tuple.tuple(RB, ShareKind.RESHARE, null),
                            org.assertj.core.groups.Tuple.tuple(RC, ShareKind.RESHARE, RB),
                            org.assertj.core.groups.Tuple.tuple(EQ + "#" + ALICE, ShareKind.QUOTE, null));
            assertThat(events)
                    .filteredOn(e -> e instanceof FollowObserved)
                    .map(e -> (FollowObserved) e)
                    .extracting(FollowObserved::id, FollowObserved::viaUri, FollowObserved::occurredAt)
                    .containsExactly(
                            org.assertj.core.groups.Tuple.tuple(FD, null, Instant.parse("2025-11-03T14:32:00.433Z")),
                            org.assertj.core.groups.Tuple.tuple(FF, SP, Instant.parse("2025-11-03T15:03:00.135Z")));
            assertThat(events)
                    .filteredOn(e -> e instanceof FollowingObserved)
                    .map(e -> (FollowingObserved) e)
                    .singleElement()
                    .satisfies(snapshot -> {
                        assertThat(snapshot.account().ref()).isEqualTo("bluesky:" + DAVE);
                        assertThat(snapshot.follows()).extracting(f -> f.ref()).containsExactly("bluesky:" + CAROL);
                    });
            assertThat(server.requests("app.bsky.feed.getRepostedBy")).hasSize(1);

            clock.now = Instant.parse("2025-11-03T16:05:00Z");
            try (TopicRecords third = TopicRecords.markEnd(Kafka.TOPICS)) {
                assertThat(poller.poll()).as("nothing new: nothing again").isZero();
                assertThat(Kafka.events(third)).isEmpty();
            }
            assertThat(server.requests("app.bsky.feed.getRepostedBy"))
                    .as("counts unchanged: no list read")
                    .hasSize(1);
            assertThat(server.requests().stream().filter(r -> r.path().equals("/" + BOB)))
                    .as("bob's DID document was read once, then cached")
                    .hasSize(1);
        }
    }
}
