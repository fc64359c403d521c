package dev.ripple.ingest.mastodon;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import dev.ripple.events.Account;
import dev.ripple.events.FollowObserved;
import dev.ripple.events.FollowedAccount;
import dev.ripple.events.FollowingObserved;
import dev.ripple.events.RippleEvent;
import dev.ripple.events.ShareKind;
import dev.ripple.events.ShareObserved;
import dev.ripple.ingest.source.SourceHealth;
import dev.ripple.ingest.source.SourceMetrics;
import dev.ripple.ingest.watch.MastodonWatch;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Set;
import java.util.stream.Collectors;
import org.junit.jupiter.api.Test;
import tools.jackson.databind.JsonNode;

/**
 * The Mastodon source with a token, against a local Mastodon stand-in and a real Kafka broker: what reaches the
 * topics (read as consumers do, committed only) is exactly one event per platform event.
 */
class MastodonNotificationsIT {

    private static final Duration WAIT = Duration.ofSeconds(30);
    private static final String S = "https://mastodon.example/users/alice/statuses/115486123630482542";

    /** The synthetic scenario's notifications page, served by the stand-in, becomes exactly these events. */
    @Test
    void theScenarioNotificationsBecomeExactlyTheirEventsWithExposureEvidence() {
        try (MockMastodon instance = MockMastodon.start("mastodon.example");
                MockMastodon fedi = MockMastodon.start("fedi.example");
                MockMastodon scholar = MockMastodon.start("scholar.example");
                CommittedEvents topics = new CommittedEvents()) {
            String page = Fixtures.text("GET_api_v1_notifications.alice.json")
                    .replace("\"https://fedi.example/users/bob\"", "\"" + fedi.base() + "/users/bob\"")
                    .replace("\"https://scholar.example/users/erin\"", "\"" + scholar.base() + "/users/erin\"");
            JsonNode notifications = MockMastodon.JSON.readTree(page);
            for (JsonNode notification : notifications) {
                instance.add(notification.get("account"));
                instance.notifyRaw("111947179630472770", notification);
            }
            instance.add(Fixtures.json("GET_api_v1_accounts_lookup.alice.json"));
            instance.token("alice-token", "111947179630472770");
            // Whom they follow: dave and carol at the watched instance, bob and erin at their home instances.
            instance.follow("115132229230461489", "111947179630472770");
            instance.follow("115132229230461489", "112733611630487432");
            instance.follow("112733611630487432", "112340395630476000");
            fedi.local("77", "bob", 4120);
            fedi.local("78", "zed", 5);
            fedi.remote("79", "alice", "mastodon.example", instance.base(), 18234);
            fedi.follow("77", "79");
            fedi.follow("77", "78");
            scholar.local("12", "erin", 302);
            scholar.remote("13", "alice", "mastodon.example", instance.base(), 18234);
            scholar.follow("12", "13");

            try (MastodonTestbed testbed = new MastodonTestbed(new TestSettings().build())) {
                MastodonWatch alice =
                        MastodonTestbed.withToken("alice@mastodon.example", instance.base(), "alice-token");
                testbed.watch(alice);

                await().atMost(WAIT)
                        .until(() -> topics.events(FollowingObserved.class).size() == 4);

                Account self = new Account("mastodon:mastodon.example:alice", "@alice@mastodon.example", 18234L);
                Account greg = new Account("mastodon:mastodon.example:greg", "@greg@mastodon.example", 120L);
                Account erin = new Account("mastodon:scholar.example:erin", "@erin@scholar.example", 302L);
                Account carol = new Account("mastodon:mastodon.example:carol", "@carol@mastodon.example", 950L);
                Account bob = new Account("mastodon:fedi.example:bob", "@bob@fedi.example", 4120L);
                Account dave = new Account("mastodon:mastodon.example:dave", "@dave@mastodon.example", 41L);
                String erinPost = "https://scholar.example/users/erin/statuses/115486280917237063";
                String gregPost = "https://mastodon.example/users/greg/statuses/115486339915679528";
                assertThat(topics.events(ShareObserved.class))
                        .as("shares about alice, in notification order")
                        .containsExactly(
                                new ShareObserved(
                                        "mastodon:reblog:" + bob.ref() + ":" + S + ":" + self.ref(),
                                        "mastodon",
                                        ShareKind.RESHARE,
                                        S + "#reblog:" + bob.ref(),
                                        bob,
                                        self,
                                        S,
                                        List.of(),
                                        null,
                                        Instant.parse("2025-11-03T14:04:01.023Z")),
                                new ShareObserved(
                                        "mastodon:reblog:" + carol.ref() + ":" + S + ":" + self.ref(),
                                        "mastodon",
                                        ShareKind.RESHARE,
                                        S + "#reblog:" + carol.ref(),
                                        carol,
                                        self,
                                        S,
                                        List.of(),
                                        null,
                                        Instant.parse("2025-11-03T14:19:00.203Z")),
                                new ShareObserved(
                                        "mastodon:share:" + erinPost + ":" + self.ref(),
                                        "mastodon",
                                        ShareKind.QUOTE,
                                        erinPost,
                                        erin,
                                        self,
                                        S,
                                        List.of(),
                                        null,
                                        Instant.parse("2025-11-03T14:40:00.128Z")),
                                new ShareObserved(
                                        "mastodon:share:" + gregPost + ":" + self.ref(),
                                        "mastodon",
                                        ShareKind.MENTION,
                                        gregPost,
                                        greg,
                                        self,
                                        null,
                                        List.of(),
                                        null,
                                        Instant.parse("2025-11-03T14:55:00.373Z")));
                assertThat(topics.events(FollowObserved.class))
                        .containsExactly(new FollowObserved(
                                "mastodon:follow:" + dave.ref() + ":" + self.ref(),
                                "mastodon",
                                dave,
                                self,
                                Instant.parse("2025-11-03T14:32:00.433Z"),
                                null));
                assertThat(topics.events(FollowingObserved.class))
                        .extracting(f -> f.account().ref() + " -> " + refs(f))
                        .containsExactlyInAnyOrder(
                                dave.ref() + " -> [mastodon:mastodon.example:alice, mastodon:mastodon.example:carol]",
                                carol.ref() + " -> [mastodon:fedi.example:bob]",
                                bob.ref() + " -> [mastodon:fedi.example:zed, mastodon:mastodon.example:alice]",
                                erin.ref() + " -> [mastodon:mastodon.example:alice]");
                for (FollowingObserved snapshot : topics.events(FollowingObserved.class)) {
                    assertThat(snapshot.id())
                            .isEqualTo(ExposureLookups.snapshotId(
                                    snapshot.account().ref(), snapshot.follows()));
                }
                assertThat(topics.records()).allSatisfy(read -> {
                    assertThat(read.key()).isEqualTo(read.event().key());
                    assertThat(read.ceSource()).isEqualTo("/ripple/ingest/mastodon/127.0.0.1");
                });
                // The favourite was filtered by the server (types[]); the token went only to its own instance.
                assertThat(instance.requests("/api/v1/notifications")
                                .getFirst()
                                .query()
                                .get("types[]"))
                        .containsExactlyInAnyOrder("mention", "reblog", "follow", "quote", "status");
                assertThat(fedi.requests())
                        .isNotEmpty()
                        .allSatisfy(r -> assertThat(r.authorization()).isNull());
                assertThat(scholar.requests())
                        .isNotEmpty()
                        .allSatisfy(r -> assertThat(r.authorization()).isNull());
                assertThat(testbed.status(alice).state()).isEqualTo(SourceHealth.State.OK);
                assertThat(testbed.counter(SourceMetrics.EVENTS, "type", "share"))
                        .isEqualTo(4);
            }
        }
    }

    /** Backfill walks back through rel="next"; forward polling follows rel="prev"; nothing is missed or repeated. */
    @Test
    void pagesThroughLinkHeadersWithoutGapsOrDuplicates() {
        try (MockMastodon instance = MockMastodon.start("paging.example");
                CommittedEvents topics = new CommittedEvents()) {
            instance.local("1", "writer", 10);
            instance.token("t", "1");
            Instant start = Instant.parse("2026-01-01T00:00:00Z");
            for (int i = 1; i <= 200; i++) {
                instance.local("f" + i, "fan" + i, 1);
                instance.notify("1", "follow", start.plusSeconds(i), "f" + i, null);
            }
            TestSettings settings = new TestSettings();
            settings.exposureBudget = 0;
            settings.maxPagesPerTurn = 2;
            try (MastodonTestbed testbed = new MastodonTestbed(settings.build())) {
                testbed.watch(MastodonTestbed.withToken("writer@paging.example", instance.base(), "t"));

                await().atMost(WAIT)
                        .until(() -> topics.events(FollowObserved.class).size() >= 200);
                List<MockMastodon.Request> backfill = instance.requests("/api/v1/notifications");
                assertThat(backfill.get(0).first("max_id")).isNull();
                assertThat(backfill.get(0).first("min_id")).isNull();
                assertThat(backfill.get(1).first("max_id"))
                        .as("from page 1's Link next")
                        .isEqualTo("1121");
                assertThat(backfill.get(2).first("max_id"))
                        .as("from page 2's Link next")
                        .isEqualTo("1041");

                for (int i = 201; i <= 370; i++) {
                    instance.local("f" + i, "fan" + i, 1);
                    instance.notify("1", "follow", start.plusSeconds(i), "f" + i, null);
                }
                await().atMost(WAIT)
                        .until(() -> topics.events(FollowObserved.class).size() >= 370);
                List<MockMastodon.Request> forward = instance.requests("/api/v1/notifications").stream()
                        .filter(r -> r.first("min_id") != null)
                        .toList();
                assertThat(forward.stream()
                                .map(r -> r.first("min_id"))
                                .distinct()
                                .toList())
                        .as("the first from the cursor, then each page's Link prev")
                        .startsWith("1200", "1280", "1360");

                List<FollowObserved> follows = topics.events(FollowObserved.class);
                assertThat(follows).hasSize(370);
                assertThat(follows)
                        .extracting(f -> f.follower().handle())
                        .containsExactlyElementsOf(fans(1, 370, "paging.example"));
                assertThat(follows).extracting(FollowObserved::occurredAt).isSorted();
            }
        }
    }

    /**
     * A crash after a page was read but before it was committed, while a zombie transaction holds that page's events:
     * the restarted instance fences the zombie, resumes at the last committed page and publishes the rest once.
     */
    @Test
    void aCrashAndRestartMidPageNeitherLosesNorRepeatsAnEvent() throws Exception {
        try (MockMastodon instance = MockMastodon.start("crash.example");
                CommittedEvents topics = new CommittedEvents()) {
            instance.local("1", "writer", 10);
            instance.token("t", "1");
            Instant start = Instant.parse("2026-01-01T00:00:00Z");
            instance.local("f0", "fan0", 1);
            instance.notify("1", "follow", start, "f0", null);
            TestSettings settings = new TestSettings();
            settings.exposureBudget = 0;
            settings.backfill = Duration.ZERO;
            MastodonWatch writer = MastodonTestbed.withToken("writer@crash.example", instance.base(), "t");
            String instanceId = "it-crash-" + java.util.UUID.randomUUID();

            CrashingCheckpoints crashing;
            List<RippleEvent> lost;
            try (MastodonTestbed first = new MastodonTestbed(
                    settings.build(), instanceId, checkpoints -> new CrashingCheckpoints(checkpoints, 2))) {
                crashing = (CrashingCheckpoints) firstCheckpoints(first);
                first.watch(writer);
                await().atMost(WAIT)
                        .until(() -> first.checkpoints.cursor(cursorKey(writer)).isPresent());
                List<String> fans = new ArrayList<>();
                for (int i = 1; i <= 200; i++) {
                    instance.local("f" + i, "fan" + i, 1);
                    fans.add("f" + i);
                }
                instance.notifyFollows("1", fans, start.plusSeconds(1));
                await().atMost(WAIT).until(crashing::crashed);
                lost = crashing.lostEvents();
            }
            // The dead process left a transaction open with the events of the page it was committing.
            try (Zombie zombie = new Zombie(instanceId)) {
                zombie.sendWithoutCommitting(lost);
                try (MastodonTestbed restarted = new MastodonTestbed(settings.build(), instanceId, c -> c)) {
                    restarted.watch(writer);
                    await().atMost(WAIT)
                            .until(() -> topics.events(FollowObserved.class).size() >= 200);
                    // Give a repeat every chance to show up before looking.
                    await().during(Duration.ofSeconds(1))
                            .atMost(WAIT)
                            .until(() -> restarted.status(writer).caughtUpAt() != null);
                }
            }
            assertThat(lost).as("the crash happened with a page in hand").hasSize(80);
            List<FollowObserved> follows = topics.events(FollowObserved.class);
            assertThat(follows)
                    .extracting(f -> f.follower().handle())
                    .containsExactlyElementsOf(fans(1, 200, "crash.example"));
        }
    }

    /** Types the source does not know (or did not ask for) are counted and skipped; the cursor moves past them. */
    @Test
    void unknownNotificationTypesAreCountedAndSkipped() {
        try (MockMastodon instance = MockMastodon.start("types.example");
                CommittedEvents topics = new CommittedEvents()) {
            instance.ignoreTypesFilter();
            instance.local("1", "writer", 10);
            instance.local("2", "fan", 1);
            instance.token("t", "1");
            Instant at = Instant.parse("2026-02-01T00:00:00Z");
            instance.notify("1", "annual_report", at, null, null);
            instance.notify("1", "pleroma:emoji_reaction", at.plusSeconds(1), "2", null);
            instance.notify("1", "favourite", at.plusSeconds(2), "2", null);
            instance.notify("1", "follow", at.plusSeconds(3), "2", null);
            instance.notify("1", "severed_relationships", at.plusSeconds(4), null, null);
            TestSettings settings = new TestSettings();
            settings.exposureBudget = 0;
            try (MastodonTestbed testbed = new MastodonTestbed(settings.build())) {
                MastodonWatch writer = MastodonTestbed.withToken("writer@types.example", instance.base(), "t");
                testbed.watch(writer);

                await().atMost(WAIT)
                        .until(() -> instance.requests("/api/v1/notifications").stream()
                                .anyMatch(r -> "1005".equals(r.first("min_id"))));
                assertThat(topics.events())
                        .extracting(RippleEvent::id)
                        .containsExactly("mastodon:follow:mastodon:types.example:fan:mastodon:types.example:writer");
                for (String type :
                        List.of("annual_report", "pleroma:emoji_reaction", "favourite", "severed_relationships")) {
                    assertThat(testbed.counter(SourceMetrics.SKIPPED, "reason", "type_" + type))
                            .as(type)
                            .isEqualTo(1);
                }
                assertThat(testbed.status(writer).state()).isEqualTo(SourceHealth.State.OK);
            }
        }
    }

    /** HTML error pages, truncated bodies, timeouts and a bad item are reported, retried, and never stop the poller. */
    @Test
    void badDataIsReportedPerAccountRetriedAndNeverStopsThePoller() {
        try (MockMastodon instance = MockMastodon.start("bad.example");
                CommittedEvents topics = new CommittedEvents()) {
            instance.local("1", "writer", 10);
            instance.local("2", "fan", 1);
            instance.local("3", "other", 1);
            instance.token("t", "1");
            Instant at = Instant.parse("2026-03-01T00:00:00Z");
            instance.notify("1", "follow", at, "3", null).remove("account");
            instance.notify("1", "follow", at.plusSeconds(1), "2", null);
            instance.fault("/api/v1/notifications", MockMastodon.Fault.html(502));
            instance.fault("/api/v1/notifications", MockMastodon.Fault.body("application/json", "[{\"id\": \"10"));
            instance.fault("/api/v1/notifications", MockMastodon.Fault.slow(Duration.ofMillis(1500)));
            instance.fault("/api/v1/notifications", MockMastodon.Fault.body("text/html", "<html>maintenance</html>"));
            TestSettings settings = new TestSettings();
            settings.exposureBudget = 0;
            settings.requestTimeout = Duration.ofMillis(700);
            try (MastodonTestbed testbed = new MastodonTestbed(settings.build())) {
                MastodonWatch writer = MastodonTestbed.withToken("writer@bad.example", instance.base(), "t");
                testbed.watch(writer);

                await().atMost(WAIT)
                        .until(() -> !topics.events().isEmpty()
                                && testbed.status(writer).state() == SourceHealth.State.OK);
                assertThat(topics.events())
                        .extracting(RippleEvent::id)
                        .containsExactly("mastodon:follow:mastodon:bad.example:fan:mastodon:bad.example:writer");
                assertThat(testbed.counter(SourceMetrics.ERRORS, "kind", "server_error"))
                        .isEqualTo(1);
                assertThat(testbed.counter(SourceMetrics.ERRORS, "kind", "timeout"))
                        .isEqualTo(1);
                assertThat(testbed.counter(SourceMetrics.ERRORS, "kind", "malformed"))
                        .as("the truncated body, the HTML page served as 200, the follow without an account")
                        .isEqualTo(3);
                assertThat(testbed.counter(SourceMetrics.SKIPPED, "reason", "malformed"))
                        .isEqualTo(1);
                SourceHealth.Status status = testbed.status(writer);
                assertThat(status.lastError()).contains("writer@bad.example");
                assertThat(status.notes().get("skipped")).contains("has no account");
            }
        }
    }

    /** A refused token names its account and where the token came from; the other accounts keep polling. */
    @Test
    void aRefusedTokenNamesItsAccountAndTheOthersKeepPolling() {
        try (MockMastodon instance = MockMastodon.start("auth.example");
                CommittedEvents topics = new CommittedEvents()) {
            instance.local("1", "good", 10);
            instance.local("2", "revoked", 10);
            instance.local("3", "fan", 1);
            instance.token("good-token", "1");
            instance.notify("1", "follow", Instant.parse("2026-04-01T00:00:00Z"), "3", null);
            instance.notify("2", "follow", Instant.parse("2026-04-01T00:00:00Z"), "3", null);
            TestSettings settings = new TestSettings();
            settings.exposureBudget = 0;
            try (MastodonTestbed testbed = new MastodonTestbed(settings.build())) {
                MastodonWatch good = MastodonTestbed.withToken("good@auth.example", instance.base(), "good-token");
                MastodonWatch revoked =
                        MastodonTestbed.withToken("revoked@auth.example", instance.base(), "secret-revoked-token");
                testbed.watch(good, revoked);

                await().atMost(WAIT)
                        .until(() -> !topics.events().isEmpty()
                                && testbed.status(revoked).state() == SourceHealth.State.AUTH_FAILED);
                assertThat(topics.events())
                        .extracting(RippleEvent::id)
                        .containsExactly("mastodon:follow:mastodon:auth.example:fan:mastodon:auth.example:good");
                SourceHealth.Status status = testbed.status(revoked);
                assertThat(status.lastError())
                        .contains("revoked@auth.example", "file:", "The access token is invalid")
                        .doesNotContain("secret-revoked-token");
                assertThat(testbed.status(good).state()).isEqualTo(SourceHealth.State.OK);
                assertThat(testbed.counter(
                                SourceMetrics.ERRORS, "account", "revoked@auth.example", "kind", "unauthorized"))
                        .isGreaterThanOrEqualTo(1);
            }
        }
    }

    /** Spending the window's budget makes the source wait for X-RateLimit-Reset, without ever getting a 429. */
    @Test
    void rateLimitExhaustionWaitsForTheResetInsteadOfHittingTheLimit() {
        try (MockMastodon instance = MockMastodon.start("limits.example");
                CommittedEvents topics = new CommittedEvents()) {
            instance.local("1", "writer", 10);
            instance.token("t", "1");
            Instant start = Instant.parse("2026-05-01T00:00:00Z");
            for (int i = 1; i <= 120; i++) {
                instance.local("f" + i, "fan" + i, 1);
                instance.notify("1", "follow", start.plusSeconds(i), "f" + i, null);
            }
            instance.rateLimits(5, Duration.ofSeconds(2), 5, Duration.ofSeconds(2));
            TestSettings settings = new TestSettings();
            settings.exposureBudget = 0;
            settings.pageLimit = 10;
            settings.maxPagesPerTurn = 20;
            settings.backfillMaxPages = 20;
            try (MastodonTestbed testbed = new MastodonTestbed(settings.build())) {
                MastodonWatch writer = MastodonTestbed.withToken("writer@limits.example", instance.base(), "t");
                testbed.watch(writer);

                await().atMost(WAIT)
                        .until(() -> topics.events(FollowObserved.class).size() >= 120);
                assertThat(topics.events(FollowObserved.class)).hasSize(120);
                assertThat(testbed.counter(SourceMetrics.REQUESTS, "outcome", "429"))
                        .isZero();
                assertThat(testbed.counter(SourceMetrics.RATE_LIMIT_WAITS)).isGreaterThanOrEqualTo(2);
                assertThat(instance.requests().stream()
                                .collect(
                                        Collectors.groupingBy(r -> r.at().toEpochMilli() / 2000, Collectors.counting()))
                                .values())
                        .as("requests per 2 s window of the server")
                        .allSatisfy(count -> assertThat(count).isLessThanOrEqualTo(5));
            }
        }
    }

    /** A 429 (no Retry-After) is waited out until X-RateLimit-Reset, then polling resumes where it was. */
    @Test
    void aTooManyRequestsAnswerIsWaitedOutUntilTheReset() {
        try (MockMastodon instance = MockMastodon.start("429.example");
                CommittedEvents topics = new CommittedEvents()) {
            instance.local("1", "writer", 10);
            instance.local("2", "fan", 1);
            instance.token("t", "1");
            instance.notify("1", "follow", Instant.parse("2026-06-01T00:00:00Z"), "2", null);
            Duration resetAfter = Duration.ofMillis(1500);
            instance.fault("/api/v1/", MockMastodon.Fault.tooManyRequests(resetAfter));
            TestSettings settings = new TestSettings();
            settings.exposureBudget = 0;
            try (MastodonTestbed testbed = new MastodonTestbed(settings.build())) {
                MastodonWatch writer = MastodonTestbed.withToken("writer@429.example", instance.base(), "t");
                testbed.watch(writer);

                await().atMost(WAIT).until(() -> topics.events().size() == 1);
                List<MockMastodon.Request> requests = instance.requests();
                assertThat(requests).hasSizeGreaterThanOrEqualTo(2);
                Instant reset = requests.get(0).at().plus(resetAfter);
                assertThat(requests.get(1).at())
                        .as("the second request waited for the reset")
                        .isAfterOrEqualTo(reset.minusMillis(50));
                assertThat(testbed.counter(SourceMetrics.REQUESTS, "outcome", "429"))
                        .isEqualTo(1);
                assertThat(testbed.counter(SourceMetrics.RATE_LIMIT_WAITS)).isGreaterThanOrEqualTo(1);
            }
        }
    }

    static List<String> fans(int from, int to, String domain) {
        List<String> handles = new ArrayList<>();
        for (int i = from; i <= to; i++) {
            handles.add("@fan" + i + "@" + domain);
        }
        return handles;
    }

    private static String refs(FollowingObserved snapshot) {
        return snapshot.follows().stream()
                .map(FollowedAccount::ref)
                .sorted()
                .toList()
                .toString();
    }

    private static String cursorKey(MastodonWatch watch) {
        return MastodonAccountSource.cursorKey(watch, MastodonAccountSource.Mode.NOTIFICATIONS);
    }

    private static dev.ripple.ingest.source.Checkpoints firstCheckpoints(MastodonTestbed testbed) {
        return testbed.used;
    }

    static Set<String> ids(List<? extends RippleEvent> events) {
        return events.stream().map(RippleEvent::id).collect(Collectors.toSet());
    }
}
