package dev.ripple.ingest.publish;

import dev.ripple.events.Topics;
import io.micronaut.context.event.ApplicationEventListener;
import io.micronaut.context.event.StartupEvent;
import jakarta.inject.Singleton;
import java.time.Duration;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;
import org.apache.kafka.clients.admin.Admin;
import org.apache.kafka.clients.admin.CreateTopicsOptions;
import org.apache.kafka.clients.admin.NewTopic;
import org.apache.kafka.clients.admin.TopicDescription;
import org.apache.kafka.common.KafkaFuture;
import org.apache.kafka.common.errors.TopicExistsException;
import org.apache.kafka.common.errors.UnknownTopicOrPartitionException;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Creates the topics ingest-service produces to, at start-up and idempotently: consumers never depend on the
 * broker's auto-creation. Shares and follows are co-partitioned (same key, same partition count); start-up fails
 * when existing topics break that, because consumers would then see an account's shares and follows on
 * different partitions.
 *
 * <p>Runs on the start-up event, after every settings bean has been validated (so that a bad setting is reported as
 * such rather than masked by an unreachable broker) and before the HTTP server accepts requests; an exception here
 * stops start-up.
 */
@Singleton
final class TopicProvisioner implements ApplicationEventListener<StartupEvent> {

    private static final Logger log = LoggerFactory.getLogger(TopicProvisioner.class);
    private static final Duration METADATA_RETRY = Duration.ofMillis(100);

    private final Admin admin;
    private final KafkaSettings settings;

    TopicProvisioner(Admin admin, KafkaSettings settings) {
        this.admin = admin;
        this.settings = settings;
    }

    @Override
    public void onApplicationEvent(StartupEvent event) {
        provision(admin, settings, Topics.SHARES, Topics.FOLLOWS, Topics.FOLLOWING, Topics.ENGAGEMENTS);
    }

    /**
     * Creates the topics that are missing and checks the co-partitioning of {@code shares} and {@code follows}.
     *
     * @throws IllegalStateException saying what is wrong, when Kafka cannot be reached in time, refuses to create a
     *     topic, or the partition counts of {@code shares} and {@code follows} differ
     */
    static void provision(Admin admin, KafkaSettings settings, String shares, String follows, String... others) {
        List<String> names = new ArrayList<>(List.of(shares, follows));
        names.addAll(List.of(others));
        Duration timeout = settings.adminTimeout();
        List<NewTopic> topics = names.stream()
                .map(name -> new NewTopic(name, settings.partitions(), (short) settings.replicationFactor()))
                .toList();
        Map<String, KafkaFuture<Void>> created = admin.createTopics(
                        topics, new CreateTopicsOptions().timeoutMs(Math.toIntExact(timeout.toMillis())))
                .values();
        for (String name : names) {
            try {
                await(created.get(name), timeout, settings);
                log.info(
                        "Created topic {} ({} partitions, replication factor {})",
                        name,
                        settings.partitions(),
                        settings.replicationFactor());
            } catch (ExecutionException e) {
                if (!(e.getCause() instanceof TopicExistsException)) {
                    throw new IllegalStateException(
                            "Cannot create topic " + name + " with " + settings.partitions() + " partitions and "
                                    + "replication factor " + settings.replicationFactor()
                                    + " (RIPPLE_KAFKA_PARTITIONS, RIPPLE_KAFKA_REPLICATION_FACTOR) on Kafka at "
                                    + settings.bootstrapServers() + ": "
                                    + e.getCause().getMessage(),
                            e.getCause());
                }
            }
        }
        Map<String, Integer> partitions = partitionCounts(admin, names, settings);
        if (!partitions.get(shares).equals(partitions.get(follows))) {
            throw new IllegalStateException(shares + " has " + partitions.get(shares) + " partitions but " + follows
                    + " has " + partitions.get(follows) + ": shares and follows must have the same partition count "
                    + "(they are co-partitioned by account ref, so that one consumer sees all of an account's "
                    + "events in order). Give both topics the same count before starting ingest-service.");
        }
        partitions.forEach((name, count) -> {
            if (count != settings.partitions()) {
                log.warn(
                        "Topic {} exists with {} partitions, not the configured {} (ripple.kafka.partitions); "
                                + "keeping it as it is",
                        name,
                        count,
                        settings.partitions());
            }
        });
    }

    /**
     * The partition count of each topic. A topic created a moment ago may not be in every broker's metadata yet
     * ("does not host this topic-partition"): asked again until the admin timeout.
     */
    private static Map<String, Integer> partitionCounts(Admin admin, List<String> names, KafkaSettings settings) {
        long deadline = System.nanoTime() + settings.adminTimeout().toNanos();
        while (true) {
            try {
                Map<String, TopicDescription> descriptions =
                        await(admin.describeTopics(names).allTopicNames(), settings.adminTimeout(), settings);
                Map<String, Integer> counts = new LinkedHashMap<>();
                names.forEach(name ->
                        counts.put(name, descriptions.get(name).partitions().size()));
                return counts;
            } catch (ExecutionException e) {
                if (!(e.getCause() instanceof UnknownTopicOrPartitionException) || System.nanoTime() > deadline) {
                    throw new IllegalStateException(
                            "Cannot describe topics " + names + " on Kafka at " + settings.bootstrapServers() + ": "
                                    + e.getCause().getMessage(),
                            e.getCause());
                }
                pause(METADATA_RETRY);
            }
        }
    }

    private static void pause(Duration duration) {
        try {
            Thread.sleep(duration);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException("Interrupted while creating Kafka topics", e);
        }
    }

    private static <T> T await(KafkaFuture<T> future, Duration timeout, KafkaSettings settings)
            throws ExecutionException {
        try {
            return future.get(timeout.toMillis(), TimeUnit.MILLISECONDS);
        } catch (TimeoutException e) {
            throw unreachable(settings, e);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException("Interrupted while creating Kafka topics", e);
        } catch (ExecutionException e) {
            if (e.getCause() instanceof org.apache.kafka.common.errors.TimeoutException) {
                throw unreachable(settings, e.getCause());
            }
            throw e;
        }
    }

    private static IllegalStateException unreachable(KafkaSettings settings, Throwable cause) {
        return new IllegalStateException(
                "Kafka at " + settings.bootstrapServers() + " (ripple.kafka.bootstrap-servers, "
                        + "RIPPLE_KAFKA_BOOTSTRAP_SERVERS) did not answer within " + settings.adminTimeout()
                        + " (ripple.kafka.admin-timeout): cannot create the topics ingest-service publishes to. "
                        + "Is the broker running?",
                cause);
    }
}
