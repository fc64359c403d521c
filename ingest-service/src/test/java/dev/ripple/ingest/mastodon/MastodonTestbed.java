package dev.ripple.ingest.mastodon;

import dev.ripple.events.Topics;
import dev.ripple.ingest.mastodon.client.MicronautMastodonHttp;
import dev.ripple.ingest.publish.InstanceSettings;
import dev.ripple.ingest.publish.KafkaCheckpoints;
import dev.ripple.ingest.publish.KafkaSettings;
import dev.ripple.ingest.source.Checkpoints;
import dev.ripple.ingest.source.PollScheduler;
import dev.ripple.ingest.source.SourceHealth;
import dev.ripple.ingest.source.SourceMetrics;
import dev.ripple.ingest.testing.TestKafka;
import dev.ripple.ingest.watch.MastodonWatch;
import dev.ripple.ingest.watch.SecretRef;
import io.micrometer.core.instrument.Counter;
import io.micrometer.core.instrument.simple.SimpleMeterRegistry;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.URI;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Clock;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import java.util.concurrent.ExecutionException;
import java.util.function.UnaryOperator;
import org.apache.kafka.clients.admin.Admin;
import org.apache.kafka.clients.admin.AdminClientConfig;
import org.apache.kafka.clients.admin.NewTopic;
import org.apache.kafka.common.errors.TopicExistsException;

/**
 * The Mastodon source as the service runs it, without the Micronaut context: the real HTTP client, the real
 * transactional checkpoints on the test broker, the shared scheduler, health and metrics.
 */
final class MastodonTestbed implements AutoCloseable {

    static final KafkaSettings KAFKA =
            new KafkaSettings(TestKafka.bootstrapServers(), 3, 1, Duration.ofSeconds(20), Duration.ofSeconds(20));
    private static Admin admin;

    final String instanceId;
    final SimpleMeterRegistry registry = new SimpleMeterRegistry();
    final SourceHealth health = new SourceHealth(Clock.systemUTC());
    final SourceMetrics metrics = new SourceMetrics(registry, health);
    final PollScheduler scheduler = new PollScheduler("test-poller", 2, Clock.systemUTC());
    final KafkaCheckpoints checkpoints;
    final MastodonWatcher watcher;
    /** The checkpoints the source uses (the real ones, or a test's wrapper around them). */
    final Checkpoints used;

    private final MicronautMastodonHttp http;

    MastodonTestbed(MastodonSettings settings) {
        this(settings, "it-" + UUID.randomUUID(), UnaryOperator.identity());
    }

    MastodonTestbed(MastodonSettings settings, String instanceId, UnaryOperator<Checkpoints> wrap) {
        this.instanceId = instanceId;
        this.checkpoints = new KafkaCheckpoints(KAFKA, new InstanceSettings(instanceId), admin());
        this.http = new MicronautMastodonHttp(settings.requestTimeout());
        this.used = wrap.apply(checkpoints);
        this.watcher = new MastodonWatcher(settings, http, () -> used, scheduler, health, metrics, Clock.systemUTC());
    }

    static synchronized Admin admin() {
        if (admin == null) {
            admin = Admin.create(Map.of(AdminClientConfig.BOOTSTRAP_SERVERS_CONFIG, TestKafka.bootstrapServers()));
            for (String topic : List.of(Topics.SHARES, Topics.FOLLOWS, Topics.FOLLOWING)) {
                try {
                    admin.createTopics(List.of(new NewTopic(topic, 3, (short) 1)))
                            .all()
                            .get();
                } catch (ExecutionException e) {
                    if (!(e.getCause() instanceof TopicExistsException)) {
                        throw new IllegalStateException(e);
                    }
                } catch (InterruptedException e) {
                    Thread.currentThread().interrupt();
                    throw new IllegalStateException(e);
                }
            }
        }
        return admin;
    }

    void watch(MastodonWatch... watches) {
        try {
            watcher.apply(List.of(watches));
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException(e);
        }
    }

    SourceHealth.Status status(MastodonWatch watch) {
        return health.status(watch.key()).orElseThrow();
    }

    double counter(String name, String... tags) {
        return registry.find(name).tags(tags).counters().stream()
                .mapToDouble(Counter::count)
                .sum();
    }

    /** A watch with its token in a file (the environment of a test JVM cannot be set). */
    static MastodonWatch withToken(String acct, URI base, String token) {
        try {
            Path file = Files.createTempFile("mastodon-token", ".txt");
            Files.writeString(file, token + "\n");
            file.toFile().deleteOnExit();
            return new MastodonWatch(acct, base, new SecretRef(null, file));
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    static MastodonWatch withoutToken(String acct, URI base) {
        return new MastodonWatch(acct, base, SecretRef.NONE);
    }

    @Override
    public void close() {
        watcher.close();
        scheduler.close();
        http.close();
        checkpoints.close();
    }
}
