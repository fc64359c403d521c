package dev.ripple.ingest.mastodon;

import static org.awaitility.Awaitility.await;

import dev.ripple.events.FollowObserved;
import dev.ripple.events.FollowingObserved;
import dev.ripple.events.RippleEvent;
import dev.ripple.events.ShareObserved;
import dev.ripple.ingest.mastodon.client.MicronautMastodonHttp;
import dev.ripple.ingest.source.Checkpoints;
import dev.ripple.ingest.source.PollScheduler;
import dev.ripple.ingest.source.SourceHealth;
import dev.ripple.ingest.source.SourceMetrics;
import io.micrometer.core.instrument.simple.SimpleMeterRegistry;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.TreeMap;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.stream.Collectors;
import org.junit.jupiter.api.Test;

/**
 * Measures how many Mastodon API requests the source makes per event it publishes, and per idle poll, against the
 * local stand-in instance (the figures for docs/benchmarks.md). Not a test: run it on purpose with
 * {@code ./mvnw -pl ingest-service test -Dtest=MastodonRequestsBenchmark -Dsurefire.failIfNoSpecifiedTests=false}.
 * Checkpoints are kept in memory: Kafka does not change what is requested from the platform.
 */
class MastodonRequestsBenchmark {

    private static final int ROUNDS = 10;

    @Test
    void requestsPerEvent() {
        System.out.println("| mode | workload | requests | events (platform) | snapshots | requests per platform event "
                + "| requests per event incl. snapshots | requests by endpoint |");
        System.out.println("|---|---|---|---|---|---|---|---|");
        tokenMode(1, 0, 0, "quiet: 1 follow per poll");
        tokenMode(5, 3, 2, "busy: 5 follows, 3 boosts, 2 mentions per poll");
        tokenMode(40, 20, 20, "burst: 40 follows, 20 boosts, 20 mentions per poll");
        publicMode(1, 0, "quiet: 1 follower per poll");
        publicMode(5, 3, "busy: 5 followers, 3 boosts of one status per poll");
        idle();
    }

    private void tokenMode(int follows, int boosts, int mentions, String label) {
        try (MockMastodon instance = MockMastodon.start("bench.example");
                Bench bench = new Bench()) {
            instance.local("1", "author", 1000);
            instance.local("2", "friend", 10);
            instance.token("t", "1");
            String post = "1" + "0".repeat(17);
            instance.status(post, "1", "https://bench.example/users/author/statuses/" + post, Instant.now(), List.of());
            bench.watch(MastodonTestbed.withToken("author@bench.example", instance.base(), "t"));
            await().atMost(Duration.ofSeconds(20))
                    .until(() -> !instance.requests("/api/v1/notifications").isEmpty());
            instance.clearRequests();
            int id = 100;
            for (int round = 0; round < ROUNDS; round++) {
                Instant at = Instant.now();
                for (int i = 0; i < follows; i++, id++) {
                    instance.local("u" + id, "user" + id, 5);
                    instance.follow("u" + id, "2");
                    instance.notify("1", "follow", at, "u" + id, null);
                }
                for (int i = 0; i < boosts; i++, id++) {
                    instance.local("u" + id, "user" + id, 5);
                    instance.follow("u" + id, "1");
                    instance.notify("1", "reblog", at, "u" + id, instance.statusById(post));
                }
                for (int i = 0; i < mentions; i++, id++) {
                    instance.local("u" + id, "user" + id, 5);
                    String mention = Long.toString(200_000_000_000_000_000L + id);
                    instance.notify(
                            "1",
                            "mention",
                            at,
                            "u" + id,
                            instance.status(
                                    mention,
                                    "u" + id,
                                    "https://bench.example/users/user" + id + "/statuses/" + mention,
                                    at,
                                    List.of("1")));
                }
                int expected = bench.platformEvents() + follows + boosts + mentions;
                int expectedSnapshots = bench.snapshots() + follows + boosts;
                await().atMost(Duration.ofSeconds(30))
                        .until(() -> bench.platformEvents() >= expected && bench.snapshots() >= expectedSnapshots);
            }
            report("token", label, instance, bench);
        }
    }

    private void publicMode(int followers, int boosts, String label) {
        try (MockMastodon instance = MockMastodon.start("pub.example");
                Bench bench = new Bench()) {
            instance.local("1", "author", 1000);
            instance.local("2", "friend", 10);
            String post = "1" + "0".repeat(17);
            instance.status(post, "1", "https://pub.example/users/author/statuses/" + post, Instant.now(), List.of());
            instance.local("first", "first", 1);
            instance.follow("first", "1");
            bench.watch(MastodonTestbed.withoutToken("author@pub.example", instance.base()));
            await().atMost(Duration.ofSeconds(20))
                    .until(() ->
                            instance.requests("/api/v1/accounts/1/statuses").size() >= 1);
            instance.clearRequests();
            int id = 100;
            long boostId = Instant.now().toEpochMilli() << 16;
            for (int round = 0; round < ROUNDS; round++) {
                for (int i = 0; i < followers; i++, id++) {
                    instance.local("u" + id, "user" + id, 5);
                    instance.follow("u" + id, "2");
                    instance.follow("u" + id, "1");
                }
                for (int i = 0; i < boosts; i++, id++) {
                    instance.local("u" + id, "user" + id, 5);
                    instance.follow("u" + id, "2");
                    instance.boost(post, "u" + id, Long.toString(boostId += 1 << 16));
                }
                int expected = bench.platformEvents() + followers + boosts;
                int expectedSnapshots = bench.snapshots() + followers + boosts;
                await().atMost(Duration.ofSeconds(30))
                        .until(() -> bench.platformEvents() >= expected && bench.snapshots() >= expectedSnapshots);
            }
            report("no token", label, instance, bench);
        }
    }

    private void idle() {
        for (boolean token : List.of(true, false)) {
            try (MockMastodon instance = MockMastodon.start("idle.example");
                    Bench bench = new Bench()) {
                instance.local("1", "author", 1000);
                instance.local("first", "first", 1);
                instance.follow("first", "1");
                instance.token("t", "1");
                String post = "1" + "0".repeat(17);
                instance.status(
                        post, "1", "https://idle.example/users/author/statuses/" + post, Instant.now(), List.of());
                instance.boost(post, "first", Long.toString(Instant.now().toEpochMilli() << 16));
                bench.watch(
                        token
                                ? MastodonTestbed.withToken("author@idle.example", instance.base(), "t")
                                : MastodonTestbed.withoutToken("author@idle.example", instance.base()));
                String probe = token ? "/api/v1/notifications" : "/api/v1/accounts/1/statuses";
                await().atMost(Duration.ofSeconds(20))
                        .until(() -> instance.requests(probe).size() >= 2);
                instance.clearRequests();
                await().atMost(Duration.ofSeconds(30))
                        .until(() -> instance.requests(probe).size() >= 20);
                int polls = instance.requests(probe).size();
                System.out.printf(
                        "| %s | idle | %d requests in %d polls | 0 | 0 | – | – | %s |%n",
                        token ? "token" : "no token", instance.requests().size(), polls, byEndpoint(instance));
            }
        }
    }

    private static void report(String mode, String label, MockMastodon instance, Bench bench) {
        int requests = instance.requests().size();
        System.out.printf(
                "| %s | %s | %d | %d | %d | %.2f | %.2f | %s |%n",
                mode,
                label,
                requests,
                bench.platformEvents(),
                bench.snapshots(),
                requests / (double) bench.platformEvents(),
                requests / (double) (bench.platformEvents() + bench.snapshots()),
                byEndpoint(instance));
    }

    private static String byEndpoint(MockMastodon instance) {
        Map<String, Long> counts = instance.requests().stream()
                .collect(Collectors.groupingBy(r -> endpoint(r.path()), TreeMap::new, Collectors.counting()));
        return counts.entrySet().stream()
                .map(e -> e.getKey() + " " + e.getValue())
                .collect(Collectors.joining(", "));
    }

    private static String endpoint(String path) {
        String[] parts = path.split("/");
        return parts.length >= 6
                ? parts[3] + "/:id/" + parts[5]
                : String.join("/", List.of(parts).subList(3, parts.length));
    }

    /** The source with checkpoints in memory. */
    private static final class Bench implements AutoCloseable {
        final Map<String, String> cursors = new ConcurrentHashMap<>();
        final List<RippleEvent> events = new CopyOnWriteArrayList<>();
        final SourceHealth health = new SourceHealth(Clock.systemUTC());
        final PollScheduler scheduler = new PollScheduler("bench", 2, Clock.systemUTC());
        final MicronautMastodonHttp http = new MicronautMastodonHttp(Duration.ofSeconds(5));
        final MastodonWatcher watcher;

        Bench() {
            TestSettings settings = new TestSettings();
            Checkpoints memory = new Checkpoints() {
                @Override
                public Optional<String> cursor(String sourceKey) {
                    return Optional.ofNullable(cursors.get(sourceKey));
                }

                @Override
                public void commit(
                        String sourceKey,
                        String ceSource,
                        List<? extends RippleEvent> list,
                        String cursor,
                        List<Remembered> remembered) {
                    events.addAll(list);
                    cursors.put(sourceKey, cursor);
                }

                @Override
                public Map<String, String> remembered(String sourceKey) {
                    return Map.of();
                }

                @Override
                public void forget(String sourceKey) {
                    cursors.remove(sourceKey);
                }
            };
            watcher = new MastodonWatcher(
                    settings.build(),
                    http,
                    () -> memory,
                    scheduler,
                    health,
                    new SourceMetrics(new SimpleMeterRegistry(), health),
                    Clock.systemUTC());
        }

        void watch(dev.ripple.ingest.watch.MastodonWatch watch) {
            try {
                watcher.apply(List.of(watch));
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
            }
        }

        int platformEvents() {
            return (int) events.stream()
                    .filter(e -> e instanceof ShareObserved || e instanceof FollowObserved)
                    .count();
        }

        int snapshots() {
            return (int)
                    events.stream().filter(FollowingObserved.class::isInstance).count();
        }

        @Override
        public void close() {
            watcher.close();
            scheduler.close();
            http.close();
        }
    }
}
