package dev.ripple.cascade.it;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.within;
import static org.awaitility.Awaitility.await;

import dev.ripple.cascade.correlation.SeedStory;
import dev.ripple.cascade.query.CascadeChanges;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeMap;
import java.util.TreeSet;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.MethodOrderer;
import org.junit.jupiter.api.Order;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestMethodOrder;
import org.springframework.web.bind.annotation.PathVariable;
import org.springframework.web.bind.annotation.RequestMethod;
import org.springframework.web.bind.annotation.RequestParam;
import org.springframework.web.servlet.mvc.method.annotation.RequestMappingHandlerMapping;
import tools.jackson.databind.JsonNode;

/**
 * The cascade API on a real PostgreSQL with the seed story loaded through Kafka and the real pipeline: every endpoint
 * answers what the story implies, refs work raw and percent-encoded, errors are problems, keys are required, and the
 * event stream follows the cascade as it grows, across a lost listener connection.
 */
@TestMethodOrder(MethodOrderer.OrderAnnotation.class)
class CascadeApiIT {

    static final String PAGE_SUBJECT = "mastodon:example.social:page";
    static ApiTestApp app;
    static ApiClient api;
    static String cascadeId;

    @BeforeAll
    static void start() {
        app = ApiTestApp.start(
                        "cascade_api_it",
                        "--ripple.api.events.reconcile-interval=1h",
                        "--ripple.api.events.heartbeat=1s",
                        "--ripple.api.events.debounce=50ms",
                        "--ripple.api.events.max-subscribers=3")
                .withSeedStory();
        api = app.api;
        cascadeId = app.authorCascadeId();
        // Six more one-share cascades, one a month in 2010, to page through.
        for (int i = 1; i <= 6; i++) {
            app.kafka.publish(ApiTestApp.share(
                    "page-s-" + i,
                    "mastodon:example.social:pager" + i,
                    PAGE_SUBJECT + i,
                    "https://example.social/@pager" + i + "/1/reblog",
                    "https://example.social/@page" + i + "/1",
                    Instant.parse("2010-0" + i + "-01T12:00:00Z")));
        }
        await().atMost(Duration.ofSeconds(60))
                .until(() ->
                        api.json("/api/v1/cascades?limit=500").get("cascades").size() == 8);
    }

    @AfterAll
    static void stop() {
        if (app != null) {
            app.close();
        }
    }

    @Test
    @Order(1)
    void listFiltersBySubjectSharerPlatformTimeSizeAndFollows() {
        JsonNode bySubject = api.json("/api/v1/cascades?subject=" + SeedStory.AUTHOR);
        assertThat(ids(bySubject)).containsExactly(cascadeId);
        assertThat(bySubject.at("/follows/total").asLong()).isEqualTo(59);
        assertThat(bySubject.at("/follows/unattributed").asLong()).isEqualTo(3);
        assertThat(bySubject.at("/subject/handle").asString()).isEqualTo("@author@example.social");
        assertThat(bySubject.get("next").isNull()).isTrue();

        // Sarah's post named @author and @julien: she is on two trees; Chris only on @author's.
        assertThat(api.json("/api/v1/cascades?sharer=" + SeedStory.SARAH).get("cascades"))
                .hasSize(2);
        assertThat(ids(api.json("/api/v1/cascades?sharer=" + SeedStory.CHRIS))).containsExactly(cascadeId);
        assertThat(api.json("/api/v1/cascades?platform=mastodon&limit=500").get("cascades"))
                .hasSize(8);
        assertThat(api.json("/api/v1/cascades?platform=bluesky").get("cascades"))
                .isEmpty();
        assertThat(ids(api.json("/api/v1/cascades?minSize=4"))).containsExactly(cascadeId);
        assertThat(ids(api.json("/api/v1/cascades?minFollows=50"))).containsExactly(cascadeId);
        // Last active from 2010-01-01 until 2010-03-15 (+01:00): the January, February and March cascades.
        JsonNode range = api.json("/api/v1/cascades?from=2010-01-01&to=2010-03-15T00:00:00%2B01:00");
        assertThat(range.get("cascades"))
                .extracting(c -> c.at("/subject/ref").asString())
                .containsExactly(PAGE_SUBJECT + 3, PAGE_SUBJECT + 2, PAGE_SUBJECT + 1);
    }

    @Test
    @Order(2)
    void everySortPutsTheSeedCascadeWhereItBelongs() {
        assertThat(ids(api.json("/api/v1/cascades?sort=size")).getFirst()).isEqualTo(cascadeId);
        assertThat(ids(api.json("/api/v1/cascades?sort=follows")).getFirst()).isEqualTo(cascadeId);
        assertThat(ids(api.json("/api/v1/cascades?sort=VIRALITY")).getFirst()).isEqualTo(cascadeId);
        JsonNode recent = api.json("/api/v1/cascades");
        assertThat(recent.get("cascades").get(0).at("/subject/ref").asString()).isEqualTo(PAGE_SUBJECT + 6);
        List<String> activity = new ArrayList<>();
        recent.get("cascades").forEach(c -> activity.add(c.get("lastActivityAt").asString()));
        assertThat(activity).isSortedAccordingTo((a, b) -> Instant.parse(b).compareTo(Instant.parse(a)));
    }

    @Test
    @Order(3)
    void pagesAreStableWhenCascadesArriveBetweenThem() {
        List<String> all = ids(api.json("/api/v1/cascades?limit=500"));
        ApiClient.Response first = api.get("/api/v1/cascades?limit=3");
        JsonNode page = first.json();
        String next = page.get("next").asString();
        assertThat(first.header("Link")).isEqualTo("</api/v1/cascades?limit=3&cursor=" + next + ">; rel=\"next\"");

        // A newer cascade arrives: it sorts first, so it must not shift or repeat the pages after the first.
        app.kafka.publish(ApiTestApp.share(
                "page-s-new",
                "mastodon:example.social:latecomer",
                PAGE_SUBJECT + "new",
                "https://example.social/@latecomer/1/reblog",
                "https://example.social/@pagenew/1",
                Instant.parse("2011-01-01T00:00:00Z")));
        await().atMost(Duration.ofSeconds(30))
                .until(() ->
                        api.json("/api/v1/cascades?limit=500").get("cascades").size() == 9);

        List<String> paged = new ArrayList<>(ids(page));
        while (next != null) {
            ApiClient.Response response = api.get(linkTarget(page, next));
            page = response.json();
            paged.addAll(ids(page));
            next = page.get("next").isNull() ? null : page.get("next").asString();
            if (next != null) {
                assertThat(response.header("Link")).contains("cursor=" + next);
            } else {
                assertThat(response.header("Link")).isNull();
            }
        }
        assertThat(paged).containsExactlyElementsOf(all);
    }

    @Test
    @Order(4)
    void aCursorIsTiedToItsQueryAndCannotBeForged() {
        String next = api.json("/api/v1/cascades?limit=2").get("next").asString();
        ApiClient.Response otherSort = api.get("/api/v1/cascades?limit=2&sort=size&cursor=" + next);
        assertThat(otherSort.status()).isEqualTo(400);
        assertThat(otherSort.json().at("/invalidParameters/0/name").asString()).isEqualTo("cursor");
        assertThat(otherSort.json().at("/invalidParameters/0/reason").asString())
                .contains("different query");
        String forged =
                java.util.Base64.getUrlEncoder().encodeToString("c1|RECENT|x|0); drop table cascade; --|y".getBytes());
        ApiClient.Response injected = api.get("/api/v1/cascades?cursor=" + forged);
        assertThat(injected.status()).isEqualTo(400);
        assertThat(injected.contentType()).startsWith("application/problem+json");
        assertThat(api.json("/api/v1/cascades?limit=500").get("cascades")).hasSize(9);
    }

    @Test
    @Order(5)
    void cascadeDetailSummarisesTheSeedStory() {
        JsonNode cascade = api.json("/api/v1/cascades/" + cascadeId);
        assertThat(cascade.get("rootUri").asString()).isEqualTo("https://example.social/@sarah/2001");
        assertThat(cascade.at("/rootActor/handle").asString()).isEqualTo("@sarah@example.social");
        assertThat(cascade.get("size").asInt()).isEqualTo(4);
        assertThat(cascade.get("depth").asInt()).isEqualTo(2);
        assertThat(cascade.get("structuralVirality").asDouble()).isCloseTo(10.0 / 6, within(1e-9));
        assertThat(cascade.get("directFollows").asInt()).isZero();
        assertThat(cascade.get("downstreamFollows").asInt()).isEqualTo(56);
        assertThat(cascade.get("truncated").asBoolean()).isFalse();
        Map<String, Long> credits = new HashMap<>();
        cascade.get("credits")
                .forEach(c -> credits.put(
                        c.at("/sharer/ref").asString(), c.get("follows").asLong()));
        assertThat(credits).isEqualTo(Map.of(SeedStory.SARAH, 56L, SeedStory.JULIEN, 56L, SeedStory.CHRIS, 40L));
        Map<String, JsonNode> nodes = new HashMap<>();
        cascade.get("nodes").forEach(n -> nodes.put(n.get("uri").asString(), n));
        assertThat(nodes.get("https://example.social/@sarah/2001")
                        .get("creditedFollows")
                        .asLong())
                .isEqualTo(56);
        // Chris's reshare exposed 40 followers directly; they are counted on every share above it too.
        assertThat(nodes.get("https://example.social/@chris/4001/reblog")
                        .get("directFollows")
                        .asLong())
                .isEqualTo(40);
        assertThat(nodes.get("https://example.social/@julien/3002")
                        .get("creditedFollows")
                        .asLong())
                .isGreaterThanOrEqualTo(40);
    }

    @Test
    @Order(6)
    void theTreeNestsSarahJulienChris() {
        JsonNode tree = api.json("/api/v1/cascades/" + cascadeId + "/tree");
        JsonNode root = tree.get("root");
        assertThat(root.at("/actor/handle").asString()).isEqualTo("@sarah@example.social");
        assertThat(root.get("rule").asString()).isEqualTo("ROOT");
        assertThat(root.get("children"))
                .extracting(c -> c.get("uri").asString())
                .containsExactly("https://example.social/@julien/3001/reblog", "https://example.social/@julien/3002");
        JsonNode recommendation = root.get("children").get(1);
        assertThat(recommendation.get("rule").asString()).isEqualTo("MENTION");
        JsonNode chris = recommendation.get("children").get(0);
        assertThat(chris.at("/actor/handle").asString()).isEqualTo("@chris@example.social");
        assertThat(chris.get("rule").asString()).isEqualTo("EXPLICIT_OBJECT");
        assertThat(chris.get("children")).isEmpty();
        assertThat(tree.get("nodes").asInt()).isEqualTo(4);
        assertThat(tree.get("truncated").asBoolean()).isFalse();
    }

    @Test
    @Order(7)
    void theGraphListsCandidateParentsWithScoresAndMarksTheChosenOnes() {
        JsonNode graph = api.json("/api/v1/cascades/" + cascadeId + "/graph");
        assertThat(graph.get("nodes")).hasSize(4);
        assertThat(graph.get("capped").asBoolean()).isFalse();
        assertThat(graph.get("maxNodes").asInt()).isEqualTo(1000);
        assertThat(graph.get("maxEdges").asInt()).isEqualTo(12_500);
        List<String> chosen = new ArrayList<>();
        graph.get("edges").forEach(edge -> {
            assertThat(edge.get("score").asDouble()).isBetween(0.0, 1.0);
            if (edge.get("chosen").asBoolean()) {
                chosen.add(edge.get("source").asString() + " -> "
                        + edge.get("target").asString());
            }
        });
        assertThat(chosen)
                .containsExactlyInAnyOrder(
                        "https://example.social/@sarah/2001 -> https://example.social/@julien/3001/reblog",
                        "https://example.social/@sarah/2001 -> https://example.social/@julien/3002",
                        "https://example.social/@julien/3002 -> https://example.social/@chris/4001/reblog");
    }

    @Test
    @Order(8)
    void theTimelineShowsTheBurstAfterChrissReshare() {
        JsonNode timeline = api.json("/api/v1/cascades/" + cascadeId + "/timeline?buckets=72");
        assertThat(timeline.get("buckets")).hasSize(72);
        long total = 0;
        for (JsonNode bucket : timeline.get("buckets")) {
            total += bucket.get("follows").asLong();
        }
        assertThat(total).isEqualTo(56);
        // 25 of Chris's followers followed within a minute of his reshare (2009-09-18 15:20): the peak is there.
        JsonNode peak = timeline.get("peak");
        Instant peakStart = Instant.parse(peak.get("start").asString());
        assertThat(peakStart)
                .isBetween(
                        Instant.parse("2009-09-18T15:20:00Z").minus(Duration.ofHours(2)),
                        Instant.parse("2009-09-18T15:21:00Z"));
        assertThat(timeline.get("shares"))
                .extracting(s -> s.at("/actor/handle").asString())
                .containsExactly(
                        "@sarah@example.social",
                        "@julien@example.social",
                        "@julien@example.social",
                        "@chris@example.social");
        JsonNode zoomed = api.json("/api/v1/cascades/" + cascadeId
                + "/timeline?from=2009-09-18T15:19:00Z&to=2009-09-18T15:22:00Z&buckets=3");
        assertThat(zoomed.get("bucketSeconds").asDouble()).isEqualTo(60.0);
        assertThat(zoomed.get("buckets"))
                .extracting(b -> b.get("follows").asLong())
                .satisfies(counts -> assertThat(
                                counts.stream().mapToLong(Long::longValue).sum())
                        .isGreaterThanOrEqualTo(25));
        assertThat(zoomed.get("shares"))
                .extracting(s -> s.at("/actor/handle").asString())
                .containsExactly("@chris@example.social");
    }

    @Test
    @Order(9)
    void accountRefsWorkRawAndPercentEncoded() {
        JsonNode raw = api.json("/api/v1/accounts/" + SeedStory.SARAH + "/impact");
        JsonNode encoded = api.json("/api/v1/accounts/" + SeedStory.SARAH.replace(":", "%3A") + "/impact");
        JsonNode lowerCase = api.json("/api/v1/accounts/" + SeedStory.SARAH.replace(":", "%3a") + "/impact");
        assertThat(encoded).isEqualTo(raw);
        assertThat(lowerCase).isEqualTo(raw);
        assertThat(raw.at("/account/handle").asString()).isEqualTo("@sarah@example.social");
        assertThat(raw.get("cascadesStarted").asLong()).isEqualTo(2);
        assertThat(raw.at("/follows/total").asLong()).isEqualTo(56);
        assertThat(raw.at("/follows/direct").asLong()).isZero();
        assertThat(raw.at("/follows/downstream").asLong()).isEqualTo(56);
        assertThat(raw.at("/topSubjects/0/subject/ref").asString()).isEqualTo(SeedStory.AUTHOR);

        JsonNode chris = api.json("/api/v1/accounts/" + SeedStory.CHRIS + "/impact");
        assertThat(chris.get("cascadesStarted").asLong()).isZero();
        assertThat(chris.get("shares").asLong()).isEqualTo(1);
        assertThat(chris.at("/follows/direct").asLong()).isEqualTo(40);
    }

    @Test
    @Order(10)
    void bridgesRankWhoBroughtTheAuthorFollowersAndSayWhatIsUnexplained() {
        JsonNode bridges = api.json("/api/v1/accounts/" + SeedStory.AUTHOR.replace(":", "%3A") + "/bridges");
        assertThat(bridges.at("/follows/total").asLong()).isEqualTo(59);
        assertThat(bridges.at("/follows/attributed").asLong()).isEqualTo(56);
        assertThat(bridges.at("/byTier/UNATTRIBUTED").asLong()).isEqualTo(3);
        assertThat(bridges.get("unattributedShare").asDouble()).isCloseTo(3.0 / 59, within(1e-9));
        assertThat(bridges.get("bridgeCount").asLong()).isEqualTo(3);
        assertThat(bridges.get("bridges"))
                .extracting(b ->
                        b.at("/sharer/ref").asString() + "=" + b.get("follows").asLong())
                .containsExactlyInAnyOrder(SeedStory.SARAH + "=56", SeedStory.JULIEN + "=56", SeedStory.CHRIS + "=40");
        assertThat(bridges.at("/bridges/2/sharer/ref").asString()).isEqualTo(SeedStory.CHRIS);
        assertThat(bridges.at("/bridges/2/rank").asInt()).isEqualTo(3);
        for (JsonNode bridge : bridges.get("bridges")) {
            assertThat(bridge.get("meanConfidence").asDouble()).isBetween(0.0, 1.0);
            assertThat(bridge.get("expectedFollows").asDouble())
                    .isLessThanOrEqualTo(bridge.get("follows").asDouble());
        }
        JsonNode limited = api.json("/api/v1/accounts/" + SeedStory.AUTHOR
                + "/bridges?limit=1&from=2009-09-18T15:00:00Z&to=2009-09-18T16:00:00Z");
        assertThat(limited.get("bridges")).hasSize(1);
        assertThat(limited.at("/follows/total").asLong()).isBetween(25L, 58L);
    }

    @Test
    @Order(11)
    void aFollowsAttributionIsExplained() {
        JsonNode attribution = api.json("/api/v1/follows/seed-f-007/attribution");
        assertThat(attribution.get("decided").asBoolean()).isTrue();
        assertThat(attribution.get("tier").asString()).isEqualTo("GRAPH_EXPOSED");
        assertThat(attribution.get("decisionVersion").asInt()).isEqualTo(2);
        assertThat(attribution.get("confidence").asDouble()).isBetween(0.0, 1.0);
        assertThat(attribution.at("/exposure/uri").asString()).isEqualTo("https://example.social/@chris/4001/reblog");
        assertThat(attribution.at("/exposure/actor/handle").asString()).isEqualTo("@chris@example.social");
        assertThat(attribution.get("path"))
                .extracting(step -> step.at("/actor/handle").asString() + " "
                        + step.get("rule").asString())
                .containsExactly(
                        "@sarah@example.social ROOT",
                        "@julien@example.social MENTION",
                        "@chris@example.social EXPLICIT_OBJECT");
        assertThat(attribution.at("/path/2/kind").asString()).isEqualTo("RESHARE");
        assertThat(attribution.get("credited"))
                .extracting(a -> a.get("ref").asString())
                .containsExactly(SeedStory.SARAH, SeedStory.JULIEN, SeedStory.CHRIS);
        assertThat(attribution.get("candidates")).isNotEmpty();
        assertThat(attribution.get("candidates"))
                .filteredOn(c -> c.get("chosen").asBoolean())
                .hasSize(1);
        assertThat(attribution.get("modelVersion").asString())
                .as("the version of the calibration the service runs with")
                .isEqualTo(calibrationVersion());
        assertThat(attribution.get("decidedAt").asString()).isEqualTo("2009-09-18T15:20:32.400Z");
    }

    @Test
    @Order(12)
    void errorsAreProblemsAndNothingUserSuppliedIsAServerError() {
        assertProblem(api.get("/api/v1/cascades/00000000-0000-0000-0000-000000000000"), 404, "not-found");
        assertProblem(api.get("/api/v1/cascades/not-a-uuid/tree"), 404, "not-found");
        assertProblem(api.get("/api/v1/accounts/mastodon:example.social:nobody/impact"), 404, "not-found");
        assertProblem(api.get("/api/v1/accounts/not-a-ref/bridges"), 404, "not-found");
        assertProblem(api.get("/api/v1/follows/no-such-follow/attribution"), 404, "not-found");
        ApiClient.Response invalid =
                api.get("/api/v1/cascades?subject=x&limit=0&sort=loudest&from=yesterday&colour=red");
        assertProblem(invalid, 400, "invalid-parameters");
        assertThat(invalid.json().get("invalidParameters"))
                .extracting(p -> p.get("name").asString())
                .containsExactlyInAnyOrder("subject", "limit", "sort", "from", "colour");
        // NUL bytes, encoded slashes and other oddities end as 4xx problems, never as 500s.
        for (String path : List.of(
                "/api/v1/cascades?subject=mastodon:a:b%00",
                "/api/v1/accounts/mastodon:a:b%00/impact",
                "/api/v1/follows/a%00b/attribution",
                "/api/v1/follows/a%2Fb/attribution",
                "/api/v1/accounts/mastodon%3Aa%2Fb%3Ac/impact",
                "/api/v1/cascades?cursor=%FF%FE",
                "/api/v1/cascades?limit=99999999999999999999",
                "/api/v1/cascades?from=99999-01-01T00:00:00Z",
                "/api/v1/cascades/" + cascadeId + "/timeline?buckets=-1",
                "/api/v1/cascades/" + cascadeId + "?limit=1")) {
            ApiClient.Response response = api.get(path);
            assertThat(response.status()).as(path).isBetween(400, 499);
            assertThat(response.contentType()).as(path).startsWith("application/problem+json");
            assertThat(response.json().get("type").asString()).as(path).startsWith("https://ripple.dev/problems/");
        }
    }

    @Test
    @Order(13)
    void aKeyIsRequiredAndHealthDocsAndViewerStayOpen() {
        ApiClient anonymous = api.withKey(null);
        ApiClient.Response missing = anonymous.get("/api/v1/cascades");
        assertProblem(missing, 401, "unauthorized");
        assertThat(missing.header("WWW-Authenticate")).startsWith("Bearer");
        assertProblem(api.withKey("wrong-key-0123456789abcdef").get("/api/v1/cascades"), 401, "unauthorized");
        assertThat(api.withKey(ApiTestApp.SECOND_KEY).get("/api/v1/cascades").status())
                .isEqualTo(200);
        ApiClient.Response bearer = bearer("/api/v1/cascades/" + cascadeId);
        assertThat(bearer.status()).isEqualTo(200);
        assertThat(anonymous.get("/actuator/health").status()).isEqualTo(200);
        assertThat(anonymous.get("/v3/api-docs").status()).isEqualTo(200);
        assertThat(anonymous.get("/swagger-ui/index.html", "text/html").status())
                .isEqualTo(200);
        assertThat(anonymous.get("/", "text/html").status()).isEqualTo(200);
        assertThat(anonymous.get("/cascades/" + cascadeId, "text/html").body()).contains("cascade.js");
    }

    @Test
    @Order(20)
    void theEventStreamSendsTheSummaryAtOnceAndAgainWhenTheCascadeChanges() throws Exception {
        try (EventStream stream = new EventStream(api, "/api/v1/cascades/" + cascadeId + "/events")) {
            assertThat(stream.status()).isEqualTo(200);
            assertThat(stream.contentType()).startsWith("text/event-stream");
            await().atMost(Duration.ofSeconds(10)).until(() -> !stream.events().isEmpty());
            EventStream.Event first = stream.events().getFirst();
            assertThat(first.name()).isEqualTo("cascade");
            assertThat(first.json().get("size").asInt()).isEqualTo(4);
            await().atMost(Duration.ofSeconds(10)).until(() -> stream.comments().contains("keep-alive"));

            // Dana reshares Chris's reshare: the cascade grows to 5 shares. The engine announces the change at
            // commit with NOTIFY cascade_changed; the notification is sent here the same way.
            app.kafka.publish(ApiTestApp.share(
                    "live-s-1",
                    "mastodon:example.social:dana",
                    SeedStory.AUTHOR,
                    "https://example.social/@dana/5001/reblog",
                    "https://example.social/@chris/4001/reblog",
                    Instant.parse("2009-09-18T16:00:00Z")));
            await().atMost(Duration.ofSeconds(30))
                    .until(() -> api.json("/api/v1/cascades/" + cascadeId)
                                    .get("size")
                                    .asInt()
                            == 5);
            notifyChanged(cascadeId);
            await().atMost(Duration.ofSeconds(10))
                    .until(() -> stream.events().getLast().json().get("size").asInt() == 5);
            assertThat(stream.events().getLast().name()).isEqualTo("cascade");
        }
    }

    @Test
    @Order(21)
    void aLostListenerConnectionIsReestablishedAndMissedChangesAreSent() throws Exception {
        try (EventStream stream = new EventStream(api, "/api/v1/cascades/" + cascadeId + "/events")) {
            await().atMost(Duration.ofSeconds(10)).until(() -> !stream.events().isEmpty());
            int before = stream.events().getLast().json().get("size").asInt();
            Integer oldPid = listenerPid();
            assertThat(oldPid).isNotNull();

            // The change happens while nobody listens: no notification reaches this instance.
            app.jdbc()
                    .sql("select pg_terminate_backend(:pid)")
                    .param("pid", oldPid)
                    .query()
                    .singleValue();
            app.kafka.publish(ApiTestApp.share(
                    "live-s-2",
                    "mastodon:example.social:erin",
                    SeedStory.AUTHOR,
                    "https://example.social/@erin/6001/reblog",
                    "https://example.social/@chris/4001/reblog",
                    Instant.parse("2009-09-18T16:30:00Z")));
            await().atMost(Duration.ofSeconds(30))
                    .until(() -> api.json("/api/v1/cascades/" + cascadeId)
                                    .get("size")
                                    .asInt()
                            == before + 1);

            await().atMost(Duration.ofSeconds(30)).until(() -> {
                Integer pid = listenerPid();
                return pid != null && !pid.equals(oldPid);
            });
            await().atMost(Duration.ofSeconds(15))
                    .until(() -> stream.events().getLast().json().get("size").asInt() == before + 1);

            // And the new connection hears notifications.
            notifyChanged(cascadeId);
            int count = stream.events().size();
            app.kafka.publish(ApiTestApp.share(
                    "live-s-3",
                    "mastodon:example.social:fay",
                    SeedStory.AUTHOR,
                    "https://example.social/@fay/7001/reblog",
                    "https://example.social/@chris/4001/reblog",
                    Instant.parse("2009-09-18T16:40:00Z")));
            await().atMost(Duration.ofSeconds(30))
                    .until(() -> api.json("/api/v1/cascades/" + cascadeId)
                                    .get("size")
                                    .asInt()
                            == before + 2);
            notifyChanged(cascadeId);
            await().atMost(Duration.ofSeconds(10))
                    .until(() -> stream.events().size() > count
                            && stream.events().getLast().json().get("size").asInt() == before + 2);
        }
    }

    @Test
    @Order(22)
    void eventStreamsAreLimitedAndUnknownCascadesAreProblems() throws Exception {
        // Streams closed by the tests before are noticed at the next heartbeat.
        await().atMost(Duration.ofSeconds(15)).until(() -> openStreams() == 0);
        assertProblem(
                api.get("/api/v1/cascades/00000000-0000-0000-0000-000000000000/events", "text/event-stream"),
                404,
                "not-found");
        assertProblem(
                api.withKey(null).get("/api/v1/cascades/" + cascadeId + "/events", "text/event-stream"),
                401,
                "unauthorized");
        List<EventStream> open = new ArrayList<>();
        try {
            for (int i = 0; i < 3; i++) {
                open.add(new EventStream(api, "/api/v1/cascades/" + cascadeId + "/events"));
            }
            assertThat(open).allMatch(stream -> stream.status() == 200);
            assertProblem(
                    api.get("/api/v1/cascades/" + cascadeId + "/events", "text/event-stream"),
                    503,
                    "too-many-subscribers");
        } finally {
            for (EventStream stream : open) {
                stream.close();
            }
        }
        // Closed streams are noticed at the next heartbeat and their places freed.
        await().atMost(Duration.ofSeconds(15)).until(() -> openStreams() == 0);
        try (EventStream again = new EventStream(api, "/api/v1/cascades/" + cascadeId + "/events")) {
            assertThat(again.status()).isEqualTo(200);
        }
    }

    private static long openStreams() {
        return Math.round(app.context
                .getBean(io.micrometer.core.instrument.MeterRegistry.class)
                .get("ripple.api.event.streams")
                .gauge()
                .value());
    }

    @Test
    @Order(30)
    void theOpenApiDocumentDescribesExactlyTheControllers() {
        JsonNode document = api.withKey(null).json("/v3/api-docs");
        assertThat(document.get("openapi").asString()).startsWith("3.1");

        RequestMappingHandlerMapping mapping =
                app.context.getBean("requestMappingHandlerMapping", RequestMappingHandlerMapping.class);
        Map<String, Set<String>> served = new TreeMap<>();
        mapping.getHandlerMethods().forEach((info, handler) -> {
            if (!handler.getBeanType().getPackageName().equals("dev.ripple.cascade.api")) {
                return;
            }
            for (String pattern : info.getPatternValues()) {
                for (RequestMethod method : info.getMethodsCondition().getMethods()) {
                    if (pattern.startsWith("/api/")) {
                        served.put(method + " " + pattern, parameters(handler.getMethod()));
                    }
                }
            }
        });
        Map<String, Set<String>> documented = new TreeMap<>();
        Set<String> operationIds = new HashSet<>();
        for (String path : document.get("paths").propertyNames()) {
            JsonNode item = document.get("paths").get(path);
            for (String method : item.propertyNames()) {
                JsonNode operation = item.get(method);
                Set<String> parameters = new TreeSet<>();
                operation
                        .path("parameters")
                        .forEach(p -> parameters.add(
                                p.get("in").asString() + ":" + p.get("name").asString()));
                documented.put(method.toUpperCase() + " " + path, parameters);
                assertThat(operationIds.add(operation.get("operationId").asString()))
                        .isTrue();
                assertThat(operation.get("summary").asString()).isNotBlank();
                JsonNode responses = operation.get("responses");
                assertThat(responses.propertyNames()).contains("200", "400", "401", "500");
                if (path.contains("{")) {
                    assertThat(responses.propertyNames()).contains("404");
                }
                for (String code : List.of("400", "401", "500")) {
                    assertThat(responses
                                    .at("/" + code + "/content/application~1problem+json/schema/$ref")
                                    .asString())
                            .isEqualTo("#/components/schemas/Problem");
                }
            }
        }
        assertThat(documented).isEqualTo(served);
        assertThat(document.at("/components/securitySchemes/apiKey/name").asString())
                .isEqualTo("X-Api-Key");
        assertThat(document.at("/components/securitySchemes/bearer/scheme").asString())
                .isEqualTo("bearer");
    }

    @Test
    @Order(31)
    void everyResponseMatchesItsDocumentedSchema() throws Exception {
        JsonNode document = api.withKey(null).json("/v3/api-docs");
        String unattributed = app.jdbc()
                .sql("select event_id from follow where tier = 'UNATTRIBUTED' order by event_id limit 1")
                .query(String.class)
                .single();
        Map<String, List<String>> samples = new java.util.LinkedHashMap<>();
        samples.put(
                "/api/v1/cascades",
                List.of("/api/v1/cascades?subject=" + SeedStory.AUTHOR, "/api/v1/cascades?limit=1&sort=virality"));
        samples.put("/api/v1/cascades/{id}", List.of("/api/v1/cascades/" + cascadeId));
        samples.put("/api/v1/cascades/{id}/tree", List.of("/api/v1/cascades/" + cascadeId + "/tree"));
        samples.put("/api/v1/cascades/{id}/graph", List.of("/api/v1/cascades/" + cascadeId + "/graph"));
        samples.put("/api/v1/cascades/{id}/timeline", List.of("/api/v1/cascades/" + cascadeId + "/timeline"));
        samples.put(
                "/api/v1/accounts/{ref}/impact",
                List.of(
                        "/api/v1/accounts/" + SeedStory.SARAH + "/impact",
                        "/api/v1/accounts/" + SeedStory.AUTHOR + "/impact"));
        samples.put(
                "/api/v1/accounts/{ref}/bridges",
                List.of(
                        "/api/v1/accounts/" + SeedStory.AUTHOR + "/bridges",
                        "/api/v1/accounts/" + SeedStory.CHRIS + "/bridges"));
        samples.put(
                "/api/v1/follows/{id}/attribution",
                List.of("/api/v1/follows/seed-f-007/attribution", "/api/v1/follows/" + unattributed + "/attribution"));
        for (Map.Entry<String, List<String>> sample : samples.entrySet()) {
            JsonNode schema = document.at(
                    "/paths/" + pointer(sample.getKey()) + "/get/responses/200/content/application~1json/schema");
            assertThat(schema.isMissingNode()).as(sample.getKey()).isFalse();
            for (String path : sample.getValue()) {
                assertThat(SchemaCheck.check(document, schema, api.json(path)))
                        .as(path)
                        .isEmpty();
            }
        }
        JsonNode problem = document.at("/components/schemas/Problem");
        for (ApiClient.Response response : List.of(
                api.get("/api/v1/cascades?limit=x&sort=y"),
                api.get("/api/v1/cascades/" + java.util.UUID.randomUUID()),
                api.withKey(null).get("/api/v1/cascades"))) {
            assertThat(SchemaCheck.check(document, problem, response.json()))
                    .as(response.body())
                    .isEmpty();
        }
        JsonNode eventSchema = document.at("/paths/" + pointer("/api/v1/cascades/{id}/events")
                + "/get/responses/200/content/text~1event-stream/schema");
        try (EventStream stream = new EventStream(api, "/api/v1/cascades/" + cascadeId + "/events")) {
            await().atMost(Duration.ofSeconds(10)).until(() -> !stream.events().isEmpty());
            assertThat(SchemaCheck.check(
                            document, eventSchema, stream.events().getFirst().json()))
                    .isEmpty();
        }
    }

    @Test
    @Order(32)
    void theDocumentPassesRedoclyLint() throws Exception {
        String document = api.withKey(null).get("/v3/api-docs").body();
        Path file = Path.of("target/openapi/api-docs.json");
        Files.createDirectories(file.getParent());
        Files.writeString(file, document);
        Redocly.Result result = Redocly.lint(file);
        assertThat(result.exitCode()).as(result.output()).isZero();
        assertThat(result.output()).as(result.output()).contains("Woohoo! Your API description is valid");
    }

    private static Set<String> parameters(java.lang.reflect.Method method) {
        Set<String> names = new TreeSet<>();
        for (java.lang.reflect.Parameter parameter : method.getParameters()) {
            RequestParam query = parameter.getAnnotation(RequestParam.class);
            PathVariable path = parameter.getAnnotation(PathVariable.class);
            if (query != null) {
                names.add("query:" + (query.value().isEmpty() ? parameter.getName() : query.value()));
            } else if (path != null) {
                names.add("path:" + (path.value().isEmpty() ? parameter.getName() : path.value()));
            }
        }
        return names;
    }

    private static String pointer(String path) {
        return path.replace("~", "~0").replace("/", "~1");
    }

    @Test
    @Order(40)
    void aMergedCascadeLeavesTheListsAndItsIdLeadsToTheCascadeItJoined() {
        app.kafka.publish(ApiTestApp.share(
                "merge-s-1",
                "mastodon:example.social:merger",
                SeedStory.AUTHOR,
                "https://example.social/@merger/1/reblog",
                "https://example.social/@author/9999",
                Instant.parse("2009-09-16T10:00:00Z")));
        await().atMost(Duration.ofSeconds(30))
                .until(() -> api.json("/api/v1/cascades?subject=" + SeedStory.AUTHOR)
                                .get("cascades")
                                .size()
                        == 2);
        String merged = ids(api.json("/api/v1/cascades?subject=" + SeedStory.AUTHOR)).stream()
                .filter(id -> !id.equals(cascadeId))
                .findFirst()
                .orElseThrow();
        // What the engine writes when a late event gives the root of one cascade a parent in another (issue 5).
        app.jdbc()
                .sql("update cascade set merged_into = cast(:into as uuid), size = 0, updated_at = now() "
                        + "where id = cast(:id as uuid)")
                .param("into", cascadeId)
                .param("id", merged)
                .update();

        assertThat(ids(api.json("/api/v1/cascades?subject=" + SeedStory.AUTHOR)))
                .containsExactly(cascadeId);
        assertThat(ids(api.json("/api/v1/cascades?limit=500"))).doesNotContain(merged);
        assertThat(api.json("/api/v1/cascades/" + merged).get("id").asString()).isEqualTo(cascadeId);
        assertThat(api.json("/api/v1/cascades/" + merged + "/tree")
                        .at("/root/actor/handle")
                        .asString())
                .isEqualTo("@sarah@example.social");
    }

    private static Integer listenerPid() {
        return app.jdbc()
                .sql("select pid from pg_stat_activity where application_name = :name and datname = current_database()")
                .param("name", CascadeChanges.APPLICATION_NAME)
                .query(Integer.class)
                .optional()
                .orElse(null);
    }

    private static void notifyChanged(String id) {
        app.jdbc()
                .sql("select pg_notify(:channel, :id)")
                .param("channel", CascadeChanges.CHANNEL)
                .param("id", id)
                .query()
                .singleValue();
    }

    private static ApiClient.Response bearer(String path) {
        try {
            var response = api.http()
                    .send(
                            java.net.http.HttpRequest.newBuilder(java.net.URI.create(api.base() + path))
                                    .header("Authorization", "Bearer " + ApiTestApp.KEY)
                                    .build(),
                            java.net.http.HttpResponse.BodyHandlers.ofString());
            return new ApiClient.Response(response.statusCode(), "", response.headers(), response.body());
        } catch (Exception e) {
            throw new IllegalStateException(e);
        }
    }

    static void assertProblem(ApiClient.Response response, int status, String type) {
        assertThat(response.status()).as(response.body()).isEqualTo(status);
        assertThat(response.contentType()).startsWith("application/problem+json");
        JsonNode problem = response.json();
        assertThat(problem.get("type").asString()).isEqualTo("https://ripple.dev/problems/" + type);
        assertThat(problem.get("status").asInt()).isEqualTo(status);
        assertThat(problem.get("title").asString()).isNotBlank();
    }

    private static String linkTarget(JsonNode page, String next) {
        return "/api/v1/cascades?limit=3&cursor=" + next;
    }

    private static List<String> ids(JsonNode page) {
        List<String> ids = new ArrayList<>();
        page.get("cascades").forEach(c -> ids.add(c.get("id").asString()));
        return ids;
    }

    private static String calibrationVersion() {
        try (var in = CascadeApiIT.class.getResourceAsStream("/calibration/model.json")) {
            return tools.jackson.databind.json.JsonMapper.builder()
                    .build()
                    .readTree(in)
                    .get("version")
                    .asString();
        } catch (java.io.IOException e) {
            throw new java.io.UncheckedIOException(e);
        }
    }
}
