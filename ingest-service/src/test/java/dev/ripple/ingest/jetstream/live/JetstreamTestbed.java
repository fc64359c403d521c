package dev.ripple.ingest.jetstream.live;

import static dev.ripple.ingest.bluesky.Synthetic.ALICE;

import dev.ripple.ingest.bluesky.fake.FakeJetstream;
import dev.ripple.ingest.bluesky.fake.FakeXrpc;
import dev.ripple.ingest.bluesky.fake.Kafka;
import dev.ripple.ingest.jetstream.JetstreamCursor;
import dev.ripple.ingest.publish.KafkaCheckpoints;
import dev.ripple.ingest.testing.TestKafka;
import io.micronaut.context.ApplicationContext;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Map;
import java.util.UUID;
import org.apache.kafka.clients.admin.Admin;

/**
 * The ingest service watching alice through a local Jetstream, on the real broker, for the Jetstream integration
 * tests: a quiet AppView (alice has no password, so her AppView poller runs too), fast commit and back-off settings,
 * and the committed Jetstream cursor.
 */
final class JetstreamTestbed implements AutoCloseable {

    final Admin admin = Kafka.admin();
    private final FakeXrpc appview = new FakeXrpc()
            .on("app.bsky.graph.getFollowers", r -> FakeXrpc.Response.ok("{\"followers\":[]}"))
            .on("app.bsky.feed.getAuthorFeed", r -> FakeXrpc.Response.ok("{\"feed\":[]}"));
    private final String instance;

    JetstreamTestbed(String name) {
        this.instance = name + "-" + UUID.randomUUID();
    }

    /** Starts from no cursor (each test replays its own frames). */
    void forgetTheCursor() {
        try (KafkaCheckpoints checkpoints = Kafka.checkpoints(admin)) {
            checkpoints.forget(JetstreamSource.SOURCE_KEY);
        }
    }

    /** A service instance (same instance id each time, as after a restart) reading these Jetstream collections. */
    ApplicationContext service(Path dir, FakeJetstream jetstream, String collections) throws IOException {
        Path watch = dir.resolve("watch.yml");
        Files.writeString(watch, """
                bluesky:
                  - did: %s
                    appview-url: %s
                jetstream:
                  url: %s
                  collections: [%s]
                """.formatted(ALICE, appview.url(), jetstream.url(), collections));
        return ApplicationContext.run(Map.ofEntries(
                Map.entry("ripple.kafka.bootstrap-servers", TestKafka.bootstrapServers()),
                Map.entry("ripple.kafka.partitions", 3),
                Map.entry("ripple.ingest.instance-id", instance),
                Map.entry("ripple.watch.file", watch.toString()),
                Map.entry("ripple.bluesky.poll-interval", "1h"),
                Map.entry("ripple.jetstream.commit-interval", "100ms"),
                Map.entry("ripple.jetstream.cursor-interval", "100ms"),
                Map.entry("ripple.jetstream.backoff-min", "50ms"),
                Map.entry("ripple.jetstream.backoff-max", "200ms"),
                Map.entry("ripple.jetstream.overlap", "2s")));
    }

    /** The Jetstream cursor committed with the events (time_us), -1 if none. */
    long committedCursor() {
        try (KafkaCheckpoints checkpoints = Kafka.checkpoints(admin)) {
            return checkpoints
                    .cursor(JetstreamSource.SOURCE_KEY)
                    .map(text -> JetstreamCursor.decode(text).timeUs())
                    .orElse(-1L);
        }
    }

    @Override
    public void close() {
        appview.close();
        admin.close();
    }
}
