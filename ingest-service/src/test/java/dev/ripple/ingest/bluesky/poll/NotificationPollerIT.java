package dev.ripple.ingest.bluesky.poll;

import static dev.ripple.ingest.bluesky.Synthetic.*;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.ripple.events.FollowingObserved;
import dev.ripple.events.RippleEvent;
import dev.ripple.ingest.bluesky.AccountDirectory;
import dev.ripple.ingest.bluesky.CascadeEdges;
import dev.ripple.ingest.bluesky.RecentSharers;
import dev.ripple.ingest.bluesky.RecordMapper;
import dev.ripple.ingest.bluesky.Tid;
import dev.ripple.ingest.bluesky.Watched;
import dev.ripple.ingest.bluesky.fake.FakeBluesky;
import dev.ripple.ingest.bluesky.fake.Kafka;
import dev.ripple.ingest.bluesky.xrpc.PdsSession;
import dev.ripple.ingest.bluesky.xrpc.RateLimits;
import dev.ripple.ingest.bluesky.xrpc.XrpcClient;
import dev.ripple.ingest.bluesky.xrpc.XrpcException;
import dev.ripple.ingest.publish.KafkaCheckpoints;
import dev.ripple.ingest.testing.TopicRecords;
import io.micronaut.http.client.DefaultHttpClientConfiguration;
import io.micronaut.http.client.HttpClient;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.ZoneOffset;
import java.util.List;
import java.util.Set;
import org.apache.kafka.clients.admin.Admin;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/** Notifications of a watched account with an app password, against a local PDS and a real broker. */
class NotificationPollerIT {

    static final Clock CLOCK = Clock.fixed(Instant.parse("2025-11-03T16:00:00Z"), ZoneOffset.UTC);
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

    private static XrpcClient xrpc() {
        return new XrpcClient(http, new RateLimits(Clock.systemUTC(), 0, Duration.ofSeconds(5)), "ripple-test");
    }

    private static NotificationPoller poller(FakeBluesky fake, String password, String did) {
        XrpcClient xrpc = xrpc();
        AccountDirectory accounts = new AccountDirectory(1000);
        RecentSharers sharers = new RecentSharers(Duration.ofHours(72), 300);
        PdsSession session = new PdsSession(
                xrpc, fake.server.url(), "alice-fixture.bsky.social", () -> password, CLOCK, Duration.ofMinutes(10), 5);
        return new NotificationPoller(
                did,
                session,
                fake.server.url(),
                fake.server.url(),
                xrpc,
                new RecordMapper(accounts),
                accounts,
                sharers,
                new ExposureProbe(xrpc, accounts, sharers, 90, CLOCK),
                checkpoints,
                () -> new Watched(Set.of(did)),
                CLOCK,
                Duration.ofMinutes(2),
                Duration.ofHours(24),
                10);
    }

    @Test
    void pagesToTheLastPageRefreshingExpiredTokensAndPublishesTheCascadeOnce() throws Exception {
        // Each access token serves one call: the second page already finds it expired (400 ExpiredToken).
        try (FakeBluesky fake = new FakeBluesky(1)
                        .notifications(List.of(
                                "app.bsky.notification.listNotifications.alice.page1.json",
                                "app.bsky.notification.listNotifications.alice.page2-last.json"));
                TopicRecords records = TopicRecords.markEnd(Kafka.TOPICS)) {
            NotificationPoller poller = poller(fake, "app-pass-1234", ALICE);

            int published = poller.poll();

            List<RippleEvent> events = Kafka.events(records);
            CascadeEdges.assertExplicitEdges(events);
            CascadeEdges.assertOtherShares(events);
            // The inferred edge carol → dave needs evidence that dave follows carol, from before the follow.
            assertThat(events)
                    .filteredOn(e -> e instanceof FollowingObserved)
                    .map(e -> (FollowingObserved) e)
                    .singleElement()
                    .satisfies(snapshot -> {
                        assertThat(snapshot.account().ref()).isEqualTo("bluesky:" + DAVE);
                        assertThat(snapshot.follows())
                                .extracting(f -> f.ref(), f -> f.since())
                                .containsExactly(org.assertj.core.groups.Tuple.tuple(
                                        "bluesky:" + CAROL,
                                        Tid.instant("3m4kwwfrw5s2b").orElseThrow()));
                    });
            assertThat(events).hasSize(9).hasSize(published);
            assertThat(events).extracting(RippleEvent::id).doesNotHaveDuplicates();

            List<FakeXrpcRequests> pages = FakeXrpcRequests.of(fake);
            assertThat(pages)
                    .extracting(FakeXrpcRequests::cursor)
                    .as("the page cursor is passed back unchanged, and the last page has none")
                    .containsExactly(null, "2025-11-03T14:40:00.978Z");
            assertThat(fake.logins.get()).as("logged in once, then refreshed").isEqualTo(1);
            assertThat(fake.refreshes.get()).isEqualTo(1);
            assertThat(poller.session().refreshes()).isEqualTo(1);
        }
    }

    @Test
    void aSecondPollReadsBackOnlyTheOverlapAndPublishesNothingAgain() throws Exception {
        try (FakeBluesky fake = new FakeBluesky(100)
                .notifications(List.of("app.bsky.notification.listNotifications.bob.repost-via-repost.json"))) {
            NotificationPoller poller = poller(fake, "app-pass-1234", BOB);
            try (TopicRecords first = TopicRecords.markEnd(Kafka.TOPICS)) {
                assertThat(poller.poll()).isEqualTo(1);
                assertThat(Kafka.events(first)).singleElement().satisfies(e -> {
                    assertThat(e.id()).isEqualTo(RC);
                    assertThat(e.key())
                            .as("about alice's post, reposted via bob")
                            .isEqualTo("bluesky:" + ALICE);
                });
            }
            try (TopicRecords second = TopicRecords.markEnd(Kafka.TOPICS)) {
                assertThat(poller.poll()).isZero();
                assertThat(Kafka.events(second)).isEmpty();
            }
            assertThat(fake.logins.get()).isEqualTo(1);
        }
    }

    @Test
    void aWrongPasswordIsNotRetriedInALoop() throws Exception {
        try (FakeBluesky fake =
                new FakeBluesky(100).notifications(List.of("app.bsky.notification.listNotifications.empty.json"))) {
            NotificationPoller poller = poller(fake, "wrong", ALICE);

            assertThatThrownBy(poller::poll)
                    .isInstanceOfSatisfying(
                            XrpcException.class, e -> assertThat(e.error()).isEqualTo("AuthenticationRequired"));
            assertThatThrownBy(poller::poll)
                    .isInstanceOfSatisfying(
                            XrpcException.class, e -> assertThat(e.error()).isEqualTo("LoginDeferred"));

            assertThat(fake.server.requests("com.atproto.server.createSession")).hasSize(1);
        }
    }

    /** The listNotifications requests a fake PDS received. */
    record FakeXrpcRequests(String cursor, String token) {
        static List<FakeXrpcRequests> of(FakeBluesky fake) {
            return fake.server.requests("app.bsky.notification.listNotifications").stream()
                    .filter(r -> !r.bearer().isEmpty())
                    .map(r -> new FakeXrpcRequests(r.param("cursor"), r.bearer()))
                    .distinct()
                    .filter(r -> r.token().startsWith("access-"))
                    .toList()
                    .stream()
                    .collect(java.util.stream.Collectors.toMap(
                            FakeXrpcRequests::cursor, r -> r, (a, b) -> a, java.util.LinkedHashMap::new))
                    .values()
                    .stream()
                    .toList();
        }
    }
}
