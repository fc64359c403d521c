package dev.ripple.ingest.publish;

import dev.ripple.events.RippleEvent;
import dev.ripple.ingest.source.Checkpoints;
import io.opentelemetry.api.trace.Span;
import jakarta.annotation.PreDestroy;
import jakarta.inject.Inject;
import jakarta.inject.Singleton;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;
import org.apache.kafka.clients.admin.Admin;
import org.apache.kafka.clients.admin.NewTopic;
import org.apache.kafka.clients.consumer.ConsumerConfig;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.clients.consumer.KafkaConsumer;
import org.apache.kafka.clients.producer.KafkaProducer;
import org.apache.kafka.clients.producer.Producer;
import org.apache.kafka.clients.producer.ProducerConfig;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.apache.kafka.clients.producer.RecordMetadata;
import org.apache.kafka.common.IsolationLevel;
import org.apache.kafka.common.KafkaException;
import org.apache.kafka.common.TopicPartition;
import org.apache.kafka.common.config.TopicConfig;
import org.apache.kafka.common.errors.AuthorizationException;
import org.apache.kafka.common.errors.OutOfOrderSequenceException;
import org.apache.kafka.common.errors.ProducerFencedException;
import org.apache.kafka.common.errors.TopicExistsException;
import org.apache.kafka.common.serialization.ByteArrayDeserializer;
import org.apache.kafka.common.serialization.ByteArraySerializer;
import org.apache.kafka.common.serialization.StringDeserializer;
import org.apache.kafka.common.serialization.StringSerializer;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * {@link Checkpoints} on Kafka transactions: the events and the source's cursor (a record in the compacted topic
 * {@value #TOPIC}, keyed by the source) are written in one transaction, so consumers reading committed data see both
 * or neither. Cursors are loaded from the topic at start-up. One transactional producer per instance
 * ({@code transactional.id} = {@code ripple-ingest-<instance id>}), so a restarted instance fences its predecessor.
 */
@Singleton
public final class KafkaCheckpoints implements Checkpoints, AutoCloseable {

    /** Compacted: the latest cursor per source. */
    public static final String TOPIC = "ripple.ingest.cursors.v1";

    /**
     * Compacted: what sources remember across restarts, keyed {@code <source key>|<key>} (e.g. the Jetstream record
     * index); a tombstone forgets a record.
     */
    public static final String REMEMBERED_TOPIC = "ripple.ingest.remembered.v1";

    private static final Logger log = LoggerFactory.getLogger(KafkaCheckpoints.class);

    private final KafkaSettings settings;
    private final String transactionalId;
    private final Map<String, String> cursors = new ConcurrentHashMap<>();
    private final Object lock = new Object();
    private Producer<String, byte[]> producer;

    private final KafkaTelemetry telemetry;

    public KafkaCheckpoints(KafkaSettings settings, InstanceSettings instance, Admin admin) {
        this(settings, instance, admin, KafkaTelemetry.NOOP);
    }

    @Inject
    public KafkaCheckpoints(KafkaSettings settings, InstanceSettings instance, Admin admin, KafkaTelemetry telemetry) {
        this.telemetry = telemetry;
        this.settings = settings;
        this.transactionalId = "ripple-ingest-" + instance.instanceId();
        createTopic(admin, TOPIC, Math.min(3, settings.partitions()));
        createTopic(admin, REMEMBERED_TOPIC, Math.min(3, settings.partitions()));
        loadCursors();
    }

    /**
     * A compacted topic, created when missing: the latest value per key is all that matters (no time-based
     * retention: a cursor or a remembered record is needed until it is replaced or forgotten).
     */
    private void createTopic(Admin admin, String name, int partitions) {
        NewTopic topic = new NewTopic(name, partitions, (short) settings.replicationFactor())
                .configs(Map.of(TopicConfig.CLEANUP_POLICY_CONFIG, TopicConfig.CLEANUP_POLICY_COMPACT));
        try {
            admin.createTopics(List.of(topic)).all().get(settings.adminTimeout().toMillis(), TimeUnit.MILLISECONDS);
            log.info("Created topic {} (compacted)", name);
        } catch (ExecutionException e) {
            if (!(e.getCause() instanceof TopicExistsException)) {
                throw new IllegalStateException("Cannot create the compacted topic " + name + ": " + e.getCause(), e);
            }
        } catch (TimeoutException e) {
            throw new IllegalStateException(
                    "Kafka at " + settings.bootstrapServers() + " did not create " + name
                            + " within ripple.kafka.admin-timeout (RIPPLE_KAFKA_ADMIN_TIMEOUT)",
                    e);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException("interrupted while creating " + name, e);
        }
    }

    @Override
    public Optional<String> cursor(String sourceKey) {
        return Optional.ofNullable(cursors.get(sourceKey));
    }

    @Override
    public void commit(
            String sourceKey,
            String ceSource,
            List<? extends RippleEvent> events,
            String cursor,
            List<Remembered> remembered) {
        byte[] value = cursor == null ? null : cursor.getBytes(StandardCharsets.UTF_8);
        transact(sourceKey, ceSource, events, value, remembered);
        if (cursor == null) {
            cursors.remove(sourceKey);
        } else {
            cursors.put(sourceKey, cursor);
        }
    }

    @Override
    public void forget(String sourceKey) {
        transact(sourceKey, null, List.of(), null, List.of());
        cursors.remove(sourceKey);
    }

    private void transact(
            String sourceKey,
            String ceSource,
            List<? extends RippleEvent> events,
            byte[] cursor,
            List<Remembered> remembered) {
        synchronized (lock) {
            Producer<String, byte[]> tx = producer();
            // Each platform event starts its own trace (no context is current on a poller's thread): one alert can be
            // followed back to the one event that caused it.
            List<Span> spans = new java.util.ArrayList<>(events.size());
            List<String> topics = new java.util.ArrayList<>(events.size());
            try {
                tx.beginTransaction();
                List<Future<RecordMetadata>> sent = new java.util.ArrayList<>(events.size() + 1);
                for (RippleEvent event : events) {
                    ProducerRecord<String, byte[]> record = KafkaEventPublisher.record(event, ceSource);
                    spans.add(telemetry.publishing(record.topic(), event.id(), record.headers()));
                    topics.add(record.topic());
                    sent.add(tx.send(record));
                }
                for (Remembered change : remembered) {
                    byte[] bytes =
                            change.value() == null ? null : change.value().getBytes(StandardCharsets.UTF_8);
                    sent.add(tx.send(
                            new ProducerRecord<>(REMEMBERED_TOPIC, rememberedKey(sourceKey, change.key()), bytes)));
                }
                sent.add(tx.send(new ProducerRecord<>(TOPIC, sourceKey, cursor)));
                tx.commitTransaction();
                for (int i = 0; i < spans.size(); i++) {
                    telemetry.acknowledged(spans.get(i), topics.get(i));
                }
            } catch (ProducerFencedException | OutOfOrderSequenceException | AuthorizationException e) {
                spans.forEach(span -> telemetry.failed(span, e));
                // Not recoverable on this producer: close it; the next commit starts a new one (and fences zombies).
                closeProducer();
                throw new CheckpointException("Kafka refused the transaction for " + sourceKey + ": " + e, e);
            } catch (KafkaException e) {
                spans.forEach(span -> telemetry.failed(span, e));
                try {
                    tx.abortTransaction();
                } catch (KafkaException abortFailed) {
                    closeProducer();
                }
                throw new CheckpointException("Kafka did not commit events and cursor of " + sourceKey + ": " + e, e);
            }
        }
    }

    private Producer<String, byte[]> producer() {
        if (producer == null) {
            Map<String, Object> config = KafkaEventPublisher.producerConfig(settings);
            config.put(ProducerConfig.CLIENT_ID_CONFIG, "ripple-ingest-checkpoints");
            config.put(ProducerConfig.TRANSACTIONAL_ID_CONFIG, transactionalId);
            config.put(ProducerConfig.TRANSACTION_TIMEOUT_CONFIG, 60_000);
            KafkaProducer<String, byte[]> created =
                    new KafkaProducer<>(config, new StringSerializer(), new ByteArraySerializer());
            try {
                created.initTransactions();
            } catch (KafkaException e) {
                created.close(Duration.ZERO);
                throw new CheckpointException("cannot start the transactional producer: " + e, e);
            }
            producer = created;
        }
        return producer;
    }

    private void closeProducer() {
        if (producer != null) {
            try {
                producer.close(Duration.ofSeconds(5));
            } catch (KafkaException e) {
                log.debug("closing a failed transactional producer", e);
            }
            producer = null;
        }
    }

    static String rememberedKey(String sourceKey, String key) {
        return sourceKey + "|" + key;
    }

    /**
     * Reads {@value #REMEMBERED_TOPIC} from its start to its end (committed data only), keeping the source's records.
     * Gives up when a read makes no progress for {@code ripple.kafka.admin-timeout}.
     */
    @Override
    public Map<String, String> remembered(String sourceKey) {
        String prefix = rememberedKey(sourceKey, "");
        Map<String, String> records = new HashMap<>();
        long started = System.nanoTime();
        readToTheEnd(REMEMBERED_TOPIC, "ripple-ingest-remembered-loader", record -> {
            if (record.key() == null || !record.key().startsWith(prefix)) {
                return;
            }
            String key = record.key().substring(prefix.length());
            if (record.value() == null) {
                records.remove(key);
            } else {
                records.put(key, new String(record.value(), StandardCharsets.UTF_8));
            }
        });
        log.info(
                "Loaded {} records remembered by {} from {} in {} ms",
                records.size(),
                sourceKey,
                REMEMBERED_TOPIC,
                (System.nanoTime() - started) / 1_000_000);
        return records;
    }

    /** Reads the compacted cursor topic from the start to its end (committed data only). */
    private void loadCursors() {
        readToTheEnd(TOPIC, "ripple-ingest-checkpoints-loader", record -> {
            if (record.value() == null) {
                cursors.remove(record.key());
            } else {
                cursors.put(record.key(), new String(record.value(), StandardCharsets.UTF_8));
            }
        });
        log.info("Loaded {} source cursors from {}", cursors.size(), TOPIC);
    }

    /**
     * Reads a topic from its start to its end now, committed data only; fails when a poll brings no progress for
     * {@code ripple.kafka.admin-timeout}.
     */
    private void readToTheEnd(
            String topic, String clientId, java.util.function.Consumer<ConsumerRecord<String, byte[]>> each) {
        Map<String, Object> config = new HashMap<>();
        config.put(ConsumerConfig.BOOTSTRAP_SERVERS_CONFIG, settings.bootstrapServers());
        config.put(ConsumerConfig.ISOLATION_LEVEL_CONFIG, IsolationLevel.READ_COMMITTED.toString());
        config.put(ConsumerConfig.ENABLE_AUTO_COMMIT_CONFIG, false);
        config.put(ConsumerConfig.CLIENT_ID_CONFIG, clientId);
        config.put(ConsumerConfig.DEFAULT_API_TIMEOUT_MS_CONFIG, (int)
                settings.adminTimeout().toMillis());
        try (KafkaConsumer<String, byte[]> consumer =
                new KafkaConsumer<>(config, new StringDeserializer(), new ByteArrayDeserializer())) {
            List<TopicPartition> partitions = consumer.partitionsFor(topic, settings.adminTimeout()).stream()
                    .map(info -> new TopicPartition(topic, info.partition()))
                    .toList();
            consumer.assign(partitions);
            consumer.seekToBeginning(partitions);
            Map<TopicPartition, Long> end = consumer.endOffsets(partitions, settings.adminTimeout());
            long deadline = System.nanoTime() + settings.adminTimeout().toNanos();
            while (partitions.stream().anyMatch(p -> consumer.position(p) < end.get(p))) {
                if (System.nanoTime() > deadline) {
                    throw new IllegalStateException("reading " + topic + " made no progress within "
                            + "ripple.kafka.admin-timeout (RIPPLE_KAFKA_ADMIN_TIMEOUT, " + settings.adminTimeout()
                            + ")");
                }
                var records = consumer.poll(Duration.ofMillis(200));
                if (!records.isEmpty()) {
                    deadline = System.nanoTime() + settings.adminTimeout().toNanos();
                }
                records.forEach(each);
            }
        }
    }

    @PreDestroy
    @Override
    public void close() {
        synchronized (lock) {
            closeProducer();
        }
    }
}
