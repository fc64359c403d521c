package dev.ripple.cascade.it;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import dev.ripple.cascade.correlation.SeedStory;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.MethodOrderer;
import org.junit.jupiter.api.Order;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestMethodOrder;
import tools.jackson.databind.JsonNode;

/**
 * The viewer in a real headless Chromium against cascade-service with the seed story loaded through the pipeline:
 * the tree shows Sarah → Julien → Chris, the burst of follows is drawn, the page follows the cascade live, asks for an
 * API key when the deployment needs one, and loads nothing from elsewhere. Screenshots land in target/viewer/.
 */
@TestMethodOrder(MethodOrderer.OrderAnnotation.class)
class ViewerBrowserIT {

    static final Path SCREENSHOTS = Path.of("target/viewer");
    static final String WITH_KEY = "sessionStorage.setItem('ripple.apiKey', '" + ApiTestApp.KEY + "');";

    static ApiTestApp app;
    static Chromium chromium;
    static String cascadeId;

    @BeforeAll
    static void start() throws Exception {
        // Without the engine's NOTIFY (or when one is missed) the periodic check still brings changes within 1 s.
        app = ApiTestApp.start("viewer_it", "--ripple.api.events.reconcile-interval=1s")
                .withSeedStory();
        cascadeId = app.authorCascadeId();
        chromium = Chromium.start();
    }

    @AfterAll
    static void stop() throws Exception {
        if (chromium != null) {
            chromium.close();
        }
        if (app != null) {
            app.close();
        }
    }

    @Test
    @Order(1)
    void theSeedStorysTreeShowsSarahThenJulienThenChris() throws Exception {
        Chromium.Page page = chromium.open(WITH_KEY);
        page.navigate(app.api.base() + "/cascades/" + cascadeId);
        awaitReady(page);

        Map<String, JsonNode> nodes = nodes(page);
        assertThat(nodes).hasSize(4);
        JsonNode sarah = nodes.get("https://example.social/@sarah/2001");
        JsonNode recommendation = nodes.get("https://example.social/@julien/3002");
        JsonNode reshare = nodes.get("https://example.social/@julien/3001/reblog");
        JsonNode chris = nodes.get("https://example.social/@chris/4001/reblog");
        assertThat(sarah.get("handle").asString()).isEqualTo("@sarah@example.social");
        assertThat(sarah.get("parent").asString()).isEmpty();
        assertThat(sarah.get("root").asBoolean()).isTrue();
        assertThat(recommendation.get("handle").asString()).isEqualTo("@julien@example.social");
        assertThat(recommendation.get("parent").asString())
                .isEqualTo(sarah.get("uri").asString());
        assertThat(reshare.get("parent").asString()).isEqualTo(sarah.get("uri").asString());
        assertThat(chris.get("handle").asString()).isEqualTo("@chris@example.social");
        assertThat(chris.get("parent").asString())
                .isEqualTo(recommendation.get("uri").asString());
        // Drawn top-down: each share below its parent; bigger for more follows.
        assertThat(recommendation.get("y").asDouble())
                .isGreaterThan(sarah.get("y").asDouble());
        assertThat(chris.get("y").asDouble())
                .isGreaterThan(recommendation.get("y").asDouble());
        assertThat(sarah.get("r").asDouble()).isGreaterThan(reshare.get("r").asDouble());
        assertThat(sarah.get("width").asDouble()).isPositive();

        JsonNode edges = page.evaluate("[...document.querySelectorAll('#tree .edge')].map(e => ({"
                + "rule: e.dataset.rule, label: e.querySelector('text').textContent}))");
        assertThat(edges)
                .extracting(e -> e.get("label").asString())
                .containsExactlyInAnyOrder("mention", "mention", "explicit object");

        JsonNode bars = page.evaluate("[...document.querySelectorAll('#timeline .bar-rect')].map(b => "
                + "({follows: Number(b.dataset.follows), peak: b.classList.contains('peak')}))");
        long follows = 0;
        for (JsonNode bar : bars) {
            follows += bar.get("follows").asLong();
        }
        assertThat(follows).isEqualTo(56);
        assertThat(bars).filteredOn(b -> b.get("peak").asBoolean()).hasSize(1);
        assertThat(Chromium.lines(page.evaluate(
                        "[...document.querySelectorAll('#timeline .share')]" + ".map(s => s.dataset.handle)")))
                .containsExactly(
                        "@sarah@example.social",
                        "@julien@example.social",
                        "@julien@example.social",
                        "@chris@example.social");
        assertThat(Chromium.lines(page.evaluate("[...document.querySelectorAll('#credits tbody tr')]"
                        + ".map(r => r.cells[0].textContent + '=' + r.cells[1].textContent)")))
                .containsExactlyInAnyOrder(
                        "@sarah@example.social=56", "@julien@example.social=56", "@chris@example.social=40");
        assertThat(page.evaluate("document.getElementById('title').textContent").asString())
                .isEqualTo("@sarah@example.social's share of @author@example.social");

        Path screenshot = page.screenshot(SCREENSHOTS.resolve("cascade.png"));
        assertPng(screenshot);
        assertThat(chromium.problems()).isEmpty();
    }

    @Test
    @Order(2)
    void theTreeGrowsLiveWhenSomeoneReshares() {
        Chromium.Page page = chromium.open(WITH_KEY);
        page.navigate(app.api.base() + "/cascades/" + cascadeId);
        awaitReady(page);
        await().atMost(Duration.ofSeconds(10))
                .until(() -> page.evaluate("document.getElementById('live').dataset.state")
                        .asString()
                        .equals("live"));
        app.kafka.publish(ApiTestApp.share(
                "viewer-live-1",
                "mastodon:example.social:dana",
                SeedStory.AUTHOR,
                "https://example.social/@dana/5001/reblog",
                "https://example.social/@chris/4001/reblog",
                Instant.parse("2009-09-18T16:00:00Z")));
        await().atMost(Duration.ofSeconds(30))
                .until(() -> nodes(page).containsKey("https://example.social/@dana/5001/reblog"));
        JsonNode dana = nodes(page).get("https://example.social/@dana/5001/reblog");
        assertThat(dana.get("handle").asString()).isEqualTo("@dana@example.social");
        assertThat(dana.get("parent").asString()).isEqualTo("https://example.social/@chris/4001/reblog");
        assertThat(chromium.problems()).isEmpty();
    }

    @Test
    @Order(3)
    void theListPageLinksToTheCascade() throws Exception {
        Chromium.Page page = chromium.open(WITH_KEY);
        page.navigate(app.api.base() + "/?subject=" + SeedStory.AUTHOR);
        awaitReady(page);
        JsonNode rows = page.evaluate("[...document.querySelectorAll('#cascades tbody tr')].map(r => ({id: "
                + "r.dataset.id, href: r.querySelector('a').getAttribute('href'), starter: r.cells[1].textContent}))");
        assertThat(rows).hasSize(1);
        assertThat(rows.get(0).get("href").asString()).isEqualTo("/cascades/" + cascadeId);
        assertThat(rows.get(0).get("starter").asString()).isEqualTo("@sarah@example.social");
        assertThat(page.evaluate("document.getElementById('follows').textContent")
                        .asString())
                .contains("59 follows, 56 attributed, 3 unattributed");
        assertPng(page.screenshot(SCREENSHOTS.resolve("list.png")));
        assertThat(chromium.problems()).isEmpty();
    }

    @Test
    @Order(4)
    void withoutAKeyThePageAsksForOneAndThenDraws() {
        Chromium.Page page = chromium.open(null);
        page.navigate(app.api.base() + "/cascades/" + cascadeId);
        await().atMost(Duration.ofSeconds(20))
                .until(() -> page.evaluate("document.querySelector('.keyform input') !== null")
                        .asBoolean());
        page.evaluate("(() => { const input = document.querySelector('.keyform input'); input.value = '"
                + ApiTestApp.KEY + "'; document.querySelector('.keyform').requestSubmit(); return true; })()");
        awaitReady(page);
        assertThat(nodes(page)).containsKey("https://example.social/@chris/4001/reblog");
        // The 401s before the key was given are expected failed loads; nothing else went wrong.
        assertThat(chromium.problems()).allMatch(problem -> problem.contains("401"));
    }

    @Test
    @Order(5)
    void thePagesLoadNothingFromElsewhere() throws Exception {
        ApiClient.Response page = app.api.withKey(null).get("/cascades/" + cascadeId, "text/html");
        assertThat(page.header("Content-Security-Policy"))
                .contains("default-src 'self'")
                .contains("connect-src 'self'");
        for (Path file : List.of(
                Path.of("src/main/resources/static/viewer/index.html"),
                Path.of("src/main/resources/static/viewer/cascade.html"),
                Path.of("src/main/resources/static/viewer/api.js"),
                Path.of("src/main/resources/static/viewer/cascade.js"),
                Path.of("src/main/resources/static/viewer/list.js"),
                Path.of("src/main/resources/static/viewer/tree.js"),
                Path.of("src/main/resources/static/viewer/timeline.js"),
                Path.of("src/main/resources/static/viewer/viewer.css"))) {
            String text = Files.readString(file);
            // The only absolute URL allowed is the SVG namespace, which is a name, not a fetch.
            assertThat(text.replace("http://www.w3.org/2000/svg", ""))
                    .as(file.toString())
                    .doesNotContain("http://")
                    .doesNotContain("https://")
                    .doesNotContain("//cdn");
        }
    }

    private static void awaitReady(Chromium.Page page) {
        await().atMost(Duration.ofSeconds(30))
                .until(() -> page.evaluate("document.body && document.body.dataset.ready === 'true'")
                        .asBoolean());
    }

    /** The drawn tree's nodes by share uri: handle, parent, position and size as the SVG shows them. */
    private static Map<String, JsonNode> nodes(Chromium.Page page) {
        JsonNode nodes = page.evaluate("[...document.querySelectorAll('#tree .node')].map(n => { "
                + "const box = n.getBoundingClientRect(); const t = n.transform.baseVal.consolidate().matrix; "
                + "return {uri: n.dataset.uri, parent: n.dataset.parentUri, handle: n.dataset.handle, "
                + "root: n.classList.contains('root'), x: t.e, y: t.f, "
                + "r: Number(n.querySelector('circle').getAttribute('r')), width: box.width}; })");
        Map<String, JsonNode> byUri = new HashMap<>();
        nodes.forEach(node -> byUri.put(node.get("uri").asString(), node));
        return byUri;
    }

    private static void assertPng(Path file) throws Exception {
        byte[] bytes = Files.readAllBytes(file);
        assertThat(bytes.length).isGreaterThan(10_000);
        assertThat(new String(bytes, 1, 3, java.nio.charset.StandardCharsets.US_ASCII))
                .isEqualTo("PNG");
    }
}
