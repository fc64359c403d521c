package dev.ripple.cascade.bench;

import dev.ripple.cascade.CascadeServiceApplication;
import dev.ripple.cascade.engine.CorrelationEngine;
import dev.ripple.cascade.eval.Dataset;
import dev.ripple.cascade.eval.Generator;
import dev.ripple.events.CloudEvents;
import dev.ripple.events.EventJson;
import dev.ripple.events.FollowAttributed;
import dev.ripple.events.FollowObserved;
import dev.ripple.events.RippleEvent;
import dev.ripple.events.Topics;
import dev.ripple.testsupport.RealInfrastructure;
import java.lang.management.ManagementFactory;
import java.lang.ref.Reference;
import java.nio.charset.StandardCharsets;
import java.sql.Connection;
import java.sql.ResultSet;
import java.sql.Statement;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Collections;
import java.util.HashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.TreeMap;
import java.util.UUID;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.atomic.AtomicBoolean;
import org.apache.kafka.clients.admin.Admin;
import org.apache.kafka.clients.admin.AdminClientConfig;
import org.apache.kafka.clients.consumer.ConsumerConfig;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.clients.consumer.KafkaConsumer;
import org.apache.kafka.clients.consumer.OffsetAndMetadata;
import org.apache.kafka.clients.producer.KafkaProducer;
import org.apache.kafka.clients.producer.ProducerConfig;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.apache.kafka.common.TopicPartition;
import org.apache.kafka.common.header.internals.RecordHeaders;
import org.apache.kafka.common.serialization.ByteArrayDeserializer;
import org.apache.kafka.common.serialization.ByteArraySerializer;
import org.apache.kafka.common.serialization.StringDeserializer;
import org.apache.kafka.common.serialization.StringSerializer;
import org.springframework.boot.builder.SpringApplicationBuilder;
import org.springframework.context.ConfigurableApplicationContext;

/**
 * The cascade-service benchmark: generated traffic (shares, follows, following snapshots) through a real Kafka broker
 * into the real service on a real PostgreSQL. Prints, in one run: the rate a plain Kafka consumer reads the same
 * topics (the ceiling), the sustained rate the service correlates and publishes at, the decision latency (follow
 * sent → decision published) at a fixed offered rate, heap held and PostgreSQL bytes per million events.
 *
 * <p>Run: {@code ./mvnw -q -pl cascade-service -am test-compile && ./mvnw -q -pl cascade-service exec:java
 * -Dbench} (see docs/benchmarks.md for the options). Not a test: it asserts nothing and is not part of verify.
 */
public final class CascadeBenchmark {

    private static final String SENT_AT = "bench-sent-at";

    public static void main(String[] args) throws Exception {
        int worlds = Integer.parseInt(System.getProperty("bench.worlds", "4"));
        int rate = Integer.parseInt(System.getProperty("bench.rate", "2000"));
        int latencySeconds = Integer.parseInt(System.getProperty("bench.latencySeconds", "20"));
        int partitions = Integer.parseInt(System.getProperty("bench.partitions", "6"));
        int warmupWorlds = Integer.parseInt(System.getProperty("bench.warmupWorlds", "6"));
        String concurrency = System.getProperty("bench.concurrency", "");

        say("generating %d + %d worlds ...", warmupWorlds, worlds);
        Dataset load = worlds("throughput", 100, worlds);
        List<RippleEvent> warmup = worlds("warm-up", 200, warmupWorlds).events();
        Dataset paced = new Generator(Generator.Settings.defaults(9_999).scaled(20_000, 300, 6)).generate();
        Map<String, Integer> mix = new HashMap<>();
        load.events().forEach(e -> mix.merge(e.getClass().getSimpleName(), 1, Integer::sum));
        say(
                "warm-up set: %d events; throughput set: %d events %s; latency set: %d events",
                warmup.size(), load.events().size(), mix, paced.events().size());

        String kafka = RealInfrastructure.kafkaBootstrapServers();
        RealInfrastructure.Database database = RealInfrastructure.newDatabase("bench");
        try (Admin admin = Admin.create(Map.of(AdminClientConfig.BOOTSTRAP_SERVERS_CONFIG, kafka))) {
            admin.createTopics(List.of(
                            new org.apache.kafka.clients.admin.NewTopic(Topics.SHARES, partitions, (short) 1),
                            new org.apache.kafka.clients.admin.NewTopic(Topics.FOLLOWS, partitions, (short) 1),
                            new org.apache.kafka.clients.admin.NewTopic(Topics.FOLLOWING, partitions, (short) 1)))
                    .all()
                    .get();

            long produceStart = System.nanoTime();
            try (KafkaProducer<String, byte[]> producer = producer(kafka)) {
                // The warm-up set first: the service reads it (JIT compilation, caches, connection pool) before the
                // measured set, which follows it on the same topics.
                for (RippleEvent event : warmup) {
                    producer.send(record(event, null));
                }
                for (RippleEvent event : load.events()) {
                    producer.send(record(event, null));
                }
                producer.flush();
            }
            int total = warmup.size() + load.events().size();
            say("produced the warm-up and throughput sets at %.0f events/s", total / seconds(produceStart));

            double ceiling = plainConsumerRate(kafka, total);
            say("plain Kafka consumer reads the same topics at %.0f events/s (the ceiling)", ceiling);

            // The heap before the service exists (broker, generated data sets): what the service adds is measured
            // against it at the end.
            long heapBefore = heapAfterGc();
            long appStart = System.nanoTime();
            List<String> arguments = new ArrayList<>(List.of(
                    "--server.port=0",
                    "--spring.datasource.url=" + database.url(),
                    "--spring.datasource.username=" + database.user(),
                    "--spring.datasource.password=" + database.password(),
                    "--ripple.kafka.bootstrap-servers=" + kafka,
                    "--spring.cloud.stream.kafka.binder.brokers=" + kafka,
                    "--ripple.kafka.partitions=" + partitions,
                    "--logging.level.root=WARN",
                    "--spring.cloud.stream.kafka.bindings.correlate-in-0.consumer.configuration.max.poll.records="
                            + System.getProperty("bench.maxPoll", "2000")));
            if (!concurrency.isEmpty()) {
                arguments.add("--spring.cloud.stream.bindings.correlate-in-0.consumer.concurrency=" + concurrency);
            }
            ConfigurableApplicationContext app =
                    new SpringApplicationBuilder(CascadeServiceApplication.class).run(arguments.toArray(String[]::new));
            say("cascade-service started in %.1f s", seconds(appStart));

            // Throughput: from the moment the service has read the warm-up set until every input record is consumed
            // and every decision published.
            long appReady = System.nanoTime();
            long start = 0;
            long consumedAtStart = 0;
            List<double[]> samples = new ArrayList<>();
            long lastConsumed = 0;
            long lastTime = appReady;
            while (true) {
                Thread.sleep(2_000);
                long consumed = consumed(admin, "cascade-service");
                long now = System.nanoTime();
                if (start == 0 && consumed >= warmup.size()) {
                    start = now;
                    consumedAtStart = consumed;
                    say("warm-up read in %.1f s (%d events)", seconds(appReady), consumed);
                } else if (start != 0) {
                    samples.add(
                            new double[] {(now - start) / 1e9, (consumed - lastConsumed) / ((now - lastTime) / 1e9)});
                }
                lastConsumed = consumed;
                lastTime = now;
                if (consumed >= total && outboxEmpty(database)) {
                    break;
                }
                if (seconds(appReady) > 1_800) {
                    say("gave up after 30 min at %d of %d", consumed, total);
                    break;
                }
            }
            double elapsed = seconds(start);
            long measured = total - consumedAtStart;
            StringBuilder series = new StringBuilder();
            samples.forEach(sample -> series.append(String.format(Locale.ROOT, " %.0f", sample[1])));
            say("events/s in each 2 s window:%s", series);
            List<Double> steady = new ArrayList<>();
            for (double[] sample : samples) {
                if (sample[1] > 0) {
                    steady.add(sample[1]);
                }
            }
            Collections.sort(steady);
            say(
                    "correlated and published %d events after the warm-up in %.1f s: %.0f events/s overall, %.0f events/s"
                            + " median sustained (2 s windows) = %.1f %% of the plain consumer's rate",
                    measured,
                    elapsed,
                    measured / elapsed,
                    steady.isEmpty() ? 0 : steady.get(steady.size() / 2),
                    100 * (steady.isEmpty() ? 0 : steady.get(steady.size() / 2)) / ceiling);

            if (Boolean.getBoolean("ripple.test.pgStatements")) {
                printStatements(database);
            }

            // Latency at a fixed offered rate: follow sent → first decision about it published.
            Map<String, Long> sentAt = new ConcurrentHashMap<>();
            Map<String, Long> decidedAt = new ConcurrentHashMap<>();
            AtomicBoolean listening = new AtomicBoolean(true);
            CountDownLatch atTheEnd = new CountDownLatch(1);
            Thread listener = Thread.ofPlatform().start(() -> listen(kafka, decidedAt, listening, atTheEnd));
            // Pacing starts once the listener reads from the end of the attributions topic: reading the throughput
            // phase's decisions first would count its own catch-up as decision latency.
            atTheEnd.await();
            long paceStart = System.nanoTime();
            int sent = 0;
            try (KafkaProducer<String, byte[]> producer = producer(kafka)) {
                List<RippleEvent> events = paced.events();
                long budgetNanos = latencySeconds * 1_000_000_000L;
                for (RippleEvent event : events) {
                    long due = paceStart + (long) (sent * (1e9 / rate));
                    long wait = due - System.nanoTime();
                    if (wait > 0) {
                        Thread.sleep(wait / 1_000_000, (int) (wait % 1_000_000));
                    }
                    if (System.nanoTime() - paceStart > budgetNanos) {
                        break;
                    }
                    long now = System.currentTimeMillis();
                    if (event instanceof FollowObserved follow) {
                        sentAt.put(follow.id(), now);
                    }
                    producer.send(record(event, now));
                    sent++;
                }
                producer.flush();
            }
            double offered = sent / seconds(paceStart);
            long waitUntil = System.nanoTime() + Duration.ofSeconds(30).toNanos();
            while (decidedAt.keySet().containsAll(sentAt.keySet()) == false && System.nanoTime() < waitUntil) {
                Thread.sleep(200);
            }
            listening.set(false);
            listener.join();
            List<Long> latencies = new ArrayList<>();
            long firstSent =
                    sentAt.values().stream().mapToLong(Long::longValue).min().orElse(0);
            Map<Long, List<Long>> bySlice = new TreeMap<>();
            sentAt.forEach((id, at) -> {
                Long decided = decidedAt.get(id);
                if (decided != null) {
                    latencies.add(decided - at);
                    bySlice.computeIfAbsent((at - firstSent) / 5_000, k -> new ArrayList<>())
                            .add(decided - at);
                }
            });
            Collections.sort(latencies);
            StringBuilder slices = new StringBuilder();
            bySlice.values().forEach(slice -> {
                Collections.sort(slice);
                slices.append(String.format(Locale.ROOT, " %d", percentile(slice, 0.99)));
            });
            say("p99 decision latency (ms) of the follows sent in each 5 s:%s", slices);
            say(
                    "at %.0f events/s offered (%d events, %d follows): decision latency p50 %d ms, p99 %d ms, max %d ms"
                            + " (%d follows without a decision within 30 s)",
                    offered,
                    sent,
                    sentAt.size(),
                    percentile(latencies, 0.50),
                    percentile(latencies, 0.99),
                    latencies.isEmpty() ? -1 : latencies.getLast(),
                    sentAt.size() - latencies.size());

            // Memory and storage.
            long heap = heapAfterGc();
            long serviceHeap = heap - heapBefore;
            long cached = app.getBean(CorrelationEngine.class).cachedEntries();
            long events = total + sent;
            long bytes = databaseSize(database);
            say(
                    "heap used after GC %.0f MB in all (broker and data sets included); the service's share %.0f MB"
                            + " (%.0f MB per million events; its state caches hold %d shares and follows of the"
                            + " RIPPLE_CASCADE_CACHE_ENTRIES budget); PostgreSQL %.0f MB (%.0f MB per million events)",
                    heap / 1e6,
                    serviceHeap / 1e6,
                    serviceHeap / 1e6 / (events / 1e6),
                    cached,
                    bytes / 1e6,
                    bytes / 1e6 / (events / 1e6));
            // The data sets stay reachable until here, so the difference above is the service's alone.
            Reference.reachabilityFence(warmup);
            Reference.reachabilityFence(load);
            Reference.reachabilityFence(paced);
            app.close();
        }
        System.exit(0);
    }

    /** Generated worlds with consecutive seeds, merged in event-time order. */
    private static Dataset worlds(String name, int firstSeed, int count) {
        List<Dataset> parts = new ArrayList<>();
        for (int w = 0; w < count; w++) {
            parts.add(new Generator(Generator.Settings.defaults(firstSeed + w).scaled(20_000, 300, 6)).generate());
        }
        return Dataset.concat(name, parts);
    }

    private static long heapAfterGc() throws InterruptedException {
        for (int i = 0; i < 3; i++) {
            System.gc();
            Thread.sleep(300);
        }
        return ManagementFactory.getMemoryMXBean().getHeapMemoryUsage().getUsed();
    }

    private static KafkaProducer<String, byte[]> producer(String kafka) {
        return new KafkaProducer<>(
                Map.of(
                        ProducerConfig.BOOTSTRAP_SERVERS_CONFIG,
                        kafka,
                        ProducerConfig.ACKS_CONFIG,
                        "all",
                        ProducerConfig.ENABLE_IDEMPOTENCE_CONFIG,
                        true,
                        ProducerConfig.COMPRESSION_TYPE_CONFIG,
                        "lz4",
                        ProducerConfig.LINGER_MS_CONFIG,
                        5),
                new StringSerializer(),
                new ByteArraySerializer());
    }

    private static ProducerRecord<String, byte[]> record(RippleEvent event, Long sentAt) {
        RecordHeaders headers = new RecordHeaders();
        CloudEvents.headers(event, "/ripple/bench")
                .forEach((name, value) -> headers.add(name, value.getBytes(StandardCharsets.UTF_8)));
        if (sentAt != null) {
            headers.add(SENT_AT, Long.toString(sentAt).getBytes(StandardCharsets.UTF_8));
        }
        return new ProducerRecord<>(Topics.of(event), null, event.key(), EventJson.encode(event), headers);
    }

    /** A plain consumer reading the input topics from the start, doing nothing with the records. */
    private static double plainConsumerRate(String kafka, int expected) {
        try (KafkaConsumer<String, byte[]> consumer = consumer(kafka, "bench-ceiling-" + UUID.randomUUID())) {
            consumer.subscribe(List.of(Topics.SHARES, Topics.FOLLOWS, Topics.FOLLOWING));
            long start = 0;
            int read = 0;
            while (read < expected) {
                int got = consumer.poll(Duration.ofMillis(500)).count();
                if (got > 0 && start == 0) {
                    start = System.nanoTime();
                }
                read += got;
            }
            return read / seconds(start);
        }
    }

    private static void listen(
            String kafka, Map<String, Long> decidedAt, AtomicBoolean listening, CountDownLatch atTheEnd) {
        try (KafkaConsumer<String, byte[]> consumer = consumer(kafka, "bench-latency-" + UUID.randomUUID())) {
            consumer.subscribe(List.of(Topics.ATTRIBUTIONS));
            while (consumer.assignment().isEmpty()) {
                consumer.poll(Duration.ofMillis(100));
            }
            consumer.seekToEnd(consumer.assignment());
            consumer.assignment().forEach(consumer::position); // resolves the end offsets now
            atTheEnd.countDown();
            while (listening.get()) {
                for (ConsumerRecord<String, byte[]> record : consumer.poll(Duration.ofMillis(100))) {
                    long now = System.currentTimeMillis();
                    FollowAttributed decision = EventJson.decode(record.value(), FollowAttributed.class);
                    decidedAt.putIfAbsent(decision.followId(), now);
                }
            }
        }
    }

    private static KafkaConsumer<String, byte[]> consumer(String kafka, String group) {
        return new KafkaConsumer<>(
                Map.of(
                        ConsumerConfig.BOOTSTRAP_SERVERS_CONFIG,
                        kafka,
                        ConsumerConfig.GROUP_ID_CONFIG,
                        group,
                        ConsumerConfig.AUTO_OFFSET_RESET_CONFIG,
                        "latest".equals(group) ? "latest" : "earliest",
                        ConsumerConfig.MAX_POLL_RECORDS_CONFIG,
                        5000),
                new StringDeserializer(),
                new ByteArrayDeserializer());
    }

    /** Records the group has committed on the three input topics. */
    private static long consumed(Admin admin, String group) throws Exception {
        Map<TopicPartition, OffsetAndMetadata> offsets = admin.listConsumerGroupOffsets(group)
                .partitionsToOffsetAndMetadata()
                .get();
        long total = 0;
        for (var entry : offsets.entrySet()) {
            if (!entry.getKey().topic().equals(Topics.ATTRIBUTIONS) && entry.getValue() != null) {
                total += entry.getValue().offset();
            }
        }
        return total;
    }

    private static boolean outboxEmpty(RealInfrastructure.Database database) throws Exception {
        try (Connection connection = database.connect();
                Statement statement = connection.createStatement();
                ResultSet rs = statement.executeQuery("select count(*) from attribution_outbox")) {
            rs.next();
            return rs.getLong(1) == 0;
        }
    }

    /** PostgreSQL's time per statement over the whole run (needs -Dripple.test.pgStatements=true). */
    private static void printStatements(RealInfrastructure.Database database) throws Exception {
        try (Connection connection = database.connect();
                Statement statement = connection.createStatement()) {
            statement.execute("create extension if not exists pg_stat_statements");
            try (ResultSet rs = statement.executeQuery("""
                    select calls, total_exec_time, rows, left(regexp_replace(query, '\\s+', ' ', 'g'), 110) as query
                      from pg_stat_statements where dbid = (select oid from pg_database where datname = current_database())
                     order by total_exec_time desc limit 15
                    """)) {
                while (rs.next()) {
                    say(
                            "  pg %8.0f ms %7d calls %9d rows  %s",
                            rs.getDouble("total_exec_time"),
                            rs.getLong("calls"),
                            rs.getLong("rows"),
                            rs.getString("query"));
                }
            }
        }
    }

    private static long databaseSize(RealInfrastructure.Database database) throws Exception {
        try (Connection connection = database.connect();
                Statement statement = connection.createStatement()) {
            statement.execute("vacuum analyze");
            try (ResultSet rs = statement.executeQuery("select pg_database_size(current_database())")) {
                rs.next();
                return rs.getLong(1);
            }
        }
    }

    private static long percentile(List<Long> sorted, double p) {
        if (sorted.isEmpty()) {
            return -1;
        }
        return sorted.get(Math.min(sorted.size() - 1, (int) Math.ceil(p * sorted.size()) - 1));
    }

    private static double seconds(long startNanos) {
        return (System.nanoTime() - startNanos) / 1e9;
    }

    private static void say(String format, Object... args) {
        System.out.printf(Locale.ROOT, "[bench] " + format + "%n", args);
    }
}
