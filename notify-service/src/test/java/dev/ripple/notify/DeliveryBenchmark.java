package dev.ripple.notify;

import com.sun.net.httpserver.HttpServer;
import dev.ripple.events.Account;
import dev.ripple.events.CloudEvents;
import dev.ripple.events.EventJson;
import dev.ripple.events.FollowAttributed;
import dev.ripple.events.Topics;
import dev.ripple.testsupport.RealInfrastructure;
import java.io.InputStream;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.Executors;
import java.util.concurrent.atomic.AtomicLong;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.apache.kafka.clients.producer.KafkaProducer;
import org.apache.kafka.clients.producer.ProducerConfig;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.apache.kafka.common.serialization.ByteArraySerializer;
import org.apache.kafka.common.serialization.StringSerializer;
import org.springframework.boot.SpringApplication;
import org.springframework.context.ConfigurableApplicationContext;

/**
 * The webhook delivery benchmark (a harness, not a test): a real Kafka broker and PostgreSQL (embedded, as in the
 * integration tests), notify-service in this JVM, and a local receiver answering 204 on loopback.
 *
 * <ol>
 *   <li>Delivery rate: the subscription is paused while N attributions (each a sharer's first follow, so one alert
 *       each) are consumed into the outbox; then it is resumed and the rate of deliveries to the receiver measured.
 *   <li>Latency: attributions are published at a steady rate while the subscription is active; for each, the time from
 *       the Kafka record's timestamp to the receiver getting the webhook (p50, p95, p99, max).
 * </ol>
 *
 * Run with {@code notify-service/bench/delivery-benchmark.sh} (arguments: N, rate per second, seconds).
 */
public final class DeliveryBenchmark {

    private static final String KEY = "bench-key-0123456789abcdef";
    private static final Pattern SHARER = Pattern.compile("mastodon:example\\.social:(bench[0-9]+)");

    private final Map<String, Long> publishedAt = new ConcurrentHashMap<>();
    private final Map<String, Long> receivedAt = new ConcurrentHashMap<>();
    private final AtomicLong received = new AtomicLong();

    public static void main(String[] args) throws Exception {
        int count = args.length > 0 ? Integer.parseInt(args[0]) : 5000;
        int rate = args.length > 1 ? Integer.parseInt(args[1]) : 200;
        int seconds = args.length > 2 ? Integer.parseInt(args[2]) : 30;
        new DeliveryBenchmark().run(count, rate, seconds);
        System.exit(0);
    }

    void run(int count, int rate, int seconds) throws Exception {
        HttpServer receiver = HttpServer.create(new InetSocketAddress(InetAddress.getLoopbackAddress(), 0), 1024);
        receiver.setExecutor(Executors.newVirtualThreadPerTaskExecutor());
        receiver.createContext("/hook", exchange -> {
            long now = System.currentTimeMillis();
            byte[] body;
            try (InputStream in = exchange.getRequestBody()) {
                body = in.readAllBytes();
            }
            Matcher sharer = SHARER.matcher(new String(body, StandardCharsets.UTF_8));
            if (sharer.find()) {
                receivedAt.putIfAbsent(sharer.group(1), now);
            }
            received.incrementAndGet();
            exchange.sendResponseHeaders(204, -1);
            exchange.close();
        });
        receiver.start();

        RealInfrastructure.Database db = RealInfrastructure.newDatabase("notify_bench");
        String kafka = RealInfrastructure.kafkaBootstrapServers();
        SpringApplication application = NotifyApplication.application();
        ConfigurableApplicationContext notify = application.run(
                "--server.port=0",
                "--spring.datasource.url=" + db.url(),
                "--spring.datasource.username=" + db.user(),
                "--spring.datasource.password=" + db.password(),
                "--spring.kafka.bootstrap-servers=" + kafka,
                "--spring.cloud.stream.kafka.binder.brokers=" + kafka,
                "--ripple.kafka.partitions=3",
                "--ripple.notify.allowed-networks=127.0.0.1/32",
                "--ripple.notify.api-keys=bench:" + KEY,
                "--ripple.notify.delivery.batch-size=200",
                "--ripple.notify.delivery.poll-interval=50ms",
                "--logging.level.dev.ripple=warn");
        int port = Integer.parseInt(notify.getEnvironment().getProperty("local.server.port"));
        HttpClient http = HttpClient.newHttpClient();
        String id = subscribe(
                http, port, "http://127.0.0.1:" + receiver.getAddress().getPort() + "/hook");

        KafkaProducer<String, byte[]> producer = new KafkaProducer<>(
                Map.of(
                        ProducerConfig.BOOTSTRAP_SERVERS_CONFIG,
                        kafka,
                        ProducerConfig.ACKS_CONFIG,
                        "all",
                        ProducerConfig.LINGER_MS_CONFIG,
                        2),
                new StringSerializer(),
                new ByteArraySerializer());
        Instant day = Instant.parse("2030-06-01T00:00:00Z");

        // 1. Delivery rate, with the outbox filled first.
        post(http, port, "/api/v1/subscriptions/" + id + "/pause");
        for (int i = 0; i < count; i++) {
            publish(producer, "bench%07d".formatted(i), day.plusMillis(i));
        }
        producer.flush();
        long queued;
        long deadline = System.nanoTime() + Duration.ofMinutes(10).toNanos();
        do {
            Thread.sleep(500);
            queued = notify.getBean(org.springframework.jdbc.core.simple.JdbcClient.class)
                    .sql("SELECT count(*) FROM messages WHERE subscription_id = CAST(:id AS uuid)")
                    .param("id", id)
                    .query(Long.class)
                    .single();
        } while (queued < count && System.nanoTime() < deadline);
        long start = System.nanoTime();
        post(http, port, "/api/v1/subscriptions/" + id + "/resume");
        while (received.get() < count && System.nanoTime() < deadline) {
            Thread.sleep(20);
        }
        double seconds1 = (System.nanoTime() - start) / 1e9;
        long delivered1 = received.get();
        System.out.printf(
                Locale.ROOT,
                "delivery rate: %d webhooks delivered in %.2f s = %.0f deliveries/s (outbox pre-filled with %d)%n",
                delivered1,
                seconds1,
                delivered1 / seconds1,
                queued);

        // 2. Latency from attribution (Kafka) to delivery, at a steady rate.
        receivedAt.clear();
        List<String> sharers = new ArrayList<>();
        long interval = 1_000_000_000L / rate;
        long next = System.nanoTime();
        int total = rate * seconds;
        for (int i = 0; i < total; i++) {
            String sharer = "bench%07d".formatted(count + i);
            sharers.add(sharer);
            publish(producer, sharer, day.plus(Duration.ofDays(1)).plusMillis(i));
            next += interval;
            long sleep = next - System.nanoTime();
            if (sleep > 0) {
                Thread.sleep(sleep / 1_000_000, (int) (sleep % 1_000_000));
            }
        }
        producer.flush();
        deadline = System.nanoTime() + Duration.ofMinutes(2).toNanos();
        while (sharers.stream().anyMatch(s -> !receivedAt.containsKey(s)) && System.nanoTime() < deadline) {
            Thread.sleep(100);
        }
        List<Long> latencies = new ArrayList<>();
        for (String sharer : sharers) {
            Long got = receivedAt.get(sharer);
            Long sent = publishedAt.get(sharer);
            if (got != null && sent != null) {
                latencies.add(got - sent);
            }
        }
        Collections.sort(latencies);
        System.out.printf(
                Locale.ROOT,
                "latency attribution (Kafka record timestamp) -> webhook received, %d alerts at %d/s: "
                        + "p50 %d ms, p95 %d ms, p99 %d ms, max %d ms (%d of %d delivered)%n",
                latencies.size(),
                rate,
                percentile(latencies, 50),
                percentile(latencies, 95),
                percentile(latencies, 99),
                latencies.isEmpty() ? -1 : latencies.getLast(),
                latencies.size(),
                total);
        var jdbc = notify.getBean(org.springframework.jdbc.core.simple.JdbcClient.class);
        System.out.println("attempt durations (send only, from the attempt log): "
                + jdbc.sql("""
                        SELECT 'avg ' || round(avg(duration_ms)) || ' ms, p99 '
                               || percentile_disc(0.99) WITHIN GROUP (ORDER BY duration_ms) || ' ms over '
                               || count(*) || ' attempts'
                          FROM attempts
                        """).query(String.class).single());
        producer.close();
        notify.close();
        receiver.stop(0);
    }

    private void publish(KafkaProducer<String, byte[]> producer, String name, Instant followedAt) {
        Account sharer = new Account("mastodon:example.social:" + name, "@" + name + "@example.social", 100L);
        FollowAttributed event =
                Attributions.decision(sharer, name + "-f", 1, Attributions.fan(name, 1), followedAt, true);
        ProducerRecord<String, byte[]> record =
                new ProducerRecord<>(Topics.ATTRIBUTIONS, event.key(), EventJson.encode(event));
        CloudEvents.headers(event, "/ripple/bench")
                .forEach((k, v) -> record.headers().add(k, CloudEvents.bytes(v)));
        producer.send(record, (metadata, error) -> {
            if (error == null) {
                publishedAt.put(name, metadata.timestamp());
            }
        });
    }

    private static long percentile(List<Long> sorted, int p) {
        if (sorted.isEmpty()) {
            return -1;
        }
        int index = (int) Math.ceil(p / 100.0 * sorted.size()) - 1;
        return sorted.get(Math.max(0, Math.min(sorted.size() - 1, index)));
    }

    private static String subscribe(HttpClient http, int port, String url) throws Exception {
        HttpResponse<String> created = http.send(
                HttpRequest.newBuilder(URI.create("http://127.0.0.1:" + port + "/api/v1/subscriptions"))
                        .header("x-api-key", KEY)
                        .header("content-type", "application/json")
                        .POST(
                                HttpRequest.BodyPublishers.ofString(
                                        "{\"url\":\"" + url + "\",\"minConfidence\":0.5,"
                                                + "\"eventTypes\":[\"share.follows.first\"],\"maxConcurrency\":64,\"rateLimit\":10000}"))
                        .build(),
                HttpResponse.BodyHandlers.ofString());
        if (created.statusCode() != 201) {
            throw new IllegalStateException("cannot subscribe: " + created.body());
        }
        Matcher id = Pattern.compile("\"id\":\"([^\"]+)\"").matcher(created.body());
        id.find();
        return id.group(1);
    }

    private static void post(HttpClient http, int port, String path) throws Exception {
        http.send(
                HttpRequest.newBuilder(URI.create("http://127.0.0.1:" + port + path))
                        .header("x-api-key", KEY)
                        .POST(HttpRequest.BodyPublishers.noBody())
                        .build(),
                HttpResponse.BodyHandlers.discarding());
    }
}
