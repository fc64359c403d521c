package dev.ripple.ingest.jetstream;

import dev.ripple.ingest.bluesky.AccountDirectory;
import dev.ripple.ingest.bluesky.RecordIndex;
import dev.ripple.ingest.bluesky.RecordMapper;
import dev.ripple.ingest.bluesky.Watched;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Random;
import java.util.Set;

/**
 * Throughput of the Jetstream filter ({@link JetstreamProcessor#process}) on one thread, in frames per second: a
 * benchmark harness, not a test. It generates frames shaped like Jetstream v1's (the create mix of Jetstream's own
 * simulator: post 60 %, like 20 %, follow 10 %, repost 5 %, profile 5 %, plus 10 % deletes; random DIDs; posts with
 * text, facets and replies), watches {@code --watched} accounts of which a small share of the records name one, and
 * times {@code --rounds} passes after a warm-up. With {@code --file FILE} it replays a recorded JSON Lines file
 * instead (and writes none). {@code --write FILE} saves the generated frames.
 *
 * <pre>
 * ./mvnw -q -o -pl events,ingest-service test-compile dependency:build-classpath \
 *     -Dmdep.outputFile=target/bench.cp -Dmdep.includeScope=test
 * java -cp "ingest-service/target/test-classes:ingest-service/target/classes:events/target/classes:$(cat ingest-service/target/bench.cp)" \
 *     dev.ripple.ingest.jetstream.JetstreamFilterBenchmark [--frames 1000000] [--watched 1000] [--rounds 5]
 * </pre>
 */
public final class JetstreamFilterBenchmark {

    private static final String ALPHABET = "abcdefghijklmnopqrstuvwxyz234567";

    public static void main(String[] args) throws IOException {
        int frameCount = Integer.parseInt(option(args, "--frames", "1000000"));
        int watchedCount = Integer.parseInt(option(args, "--watched", "1000"));
        int rounds = Integer.parseInt(option(args, "--rounds", "5"));
        String file = option(args, "--file", null);
        Random random = new Random(42);

        List<String> population = new ArrayList<>();
        for (int i = 0; i < 200_000; i++) {
            population.add(did(random));
        }
        Set<String> watched = new HashSet<>(population.subList(0, watchedCount));
        List<String> frames = file != null
                ? Files.readAllLines(Path.of(file), StandardCharsets.UTF_8).stream()
                        .filter(line -> !line.isBlank())
                        .toList()
                : generate(frameCount, population, random);
        String write = option(args, "--write", null);
        if (write != null) {
            Files.write(Path.of(write), frames, StandardCharsets.UTF_8);
        }
        long bytes = frames.stream().mapToLong(String::length).sum();
        System.out.printf(
                "frames: %d (mean %d bytes), watched accounts: %d, JDK %s, %d cores%n",
                frames.size(),
                bytes / frames.size(),
                watched.size(),
                Runtime.version(),
                Runtime.getRuntime().availableProcessors());

        run(frames, watched, Math.max(1, rounds / 2), "warm-up");
        run(frames, watched, rounds, "measured");
    }

    private static void run(List<String> frames, Set<String> watched, int rounds, String label) {
        for (int round = 1; round <= rounds; round++) {
            AccountDirectory accounts = new AccountDirectory(100_000);
            JetstreamStats stats = new JetstreamStats();
            JetstreamProcessor processor = new JetstreamProcessor(
                    new RecordMapper(accounts), accounts, new RecordIndex(100_000), stats, 2_000_000);
            processor.watch(new Watched(watched), List.of());
            long events = 0;
            long start = System.nanoTime();
            for (String frame : frames) {
                events += processor.process(frame).events().size();
            }
            double seconds = (System.nanoTime() - start) / 1e9;
            System.out.printf(
                    "%s round %d: %,.0f frames/s on one thread (%.2f s; %d parsed, %d events, %d malformed)%n",
                    label, round, frames.size() / seconds, seconds, stats.parsed.sum(), events, stats.malformedTotal());
        }
    }

    static List<String> generate(int count, List<String> population, Random random) {
        List<String> frames = new ArrayList<>(count);
        long time = 1_762_178_400_000_000L;
        for (int i = 0; i < count; i++) {
            time += 1 + random.nextInt(400);
            String did = pick(population, random);
            String other = pick(population, random);
            String rkey = tid(random);
            int kind = random.nextInt(100);
            String frame;
            if (kind < 10) {
                frame =
                        "{\"did\":\"%s\",\"time_us\":%d,\"kind\":\"commit\",\"commit\":{\"rev\":\"%s\",\"operation\":\"delete\",\"collection\":\"app.bsky.feed.like\",\"rkey\":\"%s\"}}"
                                .formatted(did, time, tid(random), rkey);
            } else if (kind < 64) {
                String reply = random.nextInt(3) == 0
                        ? ",\"reply\":{\"root\":{\"uri\":\"at://%s/app.bsky.feed.post/%s\",\"cid\":\"%s\"},\"parent\":{\"uri\":\"at://%s/app.bsky.feed.post/%s\",\"cid\":\"%s\"}}"
                                .formatted(other, tid(random), cid(random), other, tid(random), cid(random))
                        : "";
                String facets = random.nextInt(10) == 0
                        ? ",\"facets\":[{\"index\":{\"byteStart\":0,\"byteEnd\":20},\"features\":[{\"$type\":\"app.bsky.richtext.facet#mention\",\"did\":\"%s\"}]}]"
                                .formatted(pick(population, random))
                        : "";
                frame =
                        ("{\"did\":\"%s\",\"time_us\":%d,\"kind\":\"commit\",\"commit\":{\"rev\":\"%s\",\"operation\":\"create\",\"collection\":\"app.bsky.feed.post\",\"rkey\":\"%s\",\"record\":{\"$type\":\"app.bsky.feed.post\",\"createdAt\":\"2025-11-03T14:00:00.123Z\",\"langs\":[\"en\"],\"text\":\"%s\"%s%s},\"cid\":\"%s\"}}")
                                .formatted(did, time, tid(random), rkey, text(random), facets, reply, cid(random));
            } else if (kind < 82) {
                frame = subjectRecord(did, time, rkey, "app.bsky.feed.like", other, random);
            } else if (kind < 91) {
                frame =
                        "{\"did\":\"%s\",\"time_us\":%d,\"kind\":\"commit\",\"commit\":{\"rev\":\"%s\",\"operation\":\"create\",\"collection\":\"app.bsky.graph.follow\",\"rkey\":\"%s\",\"record\":{\"$type\":\"app.bsky.graph.follow\",\"createdAt\":\"2025-11-03T14:00:00.123Z\",\"subject\":\"%s\"},\"cid\":\"%s\"}}"
                                .formatted(did, time, tid(random), rkey, other, cid(random));
            } else if (kind < 96) {
                frame = subjectRecord(did, time, rkey, "app.bsky.feed.repost", other, random);
            } else {
                frame =
                        "{\"did\":\"%s\",\"time_us\":%d,\"kind\":\"commit\",\"commit\":{\"rev\":\"%s\",\"operation\":\"update\",\"collection\":\"app.bsky.actor.profile\",\"rkey\":\"self\",\"record\":{\"$type\":\"app.bsky.actor.profile\",\"displayName\":\"Someone\",\"description\":\"%s\"},\"cid\":\"%s\"}}"
                                .formatted(did, time, tid(random), text(random), cid(random));
            }
            frames.add(frame);
        }
        return frames;
    }

    private static String subjectRecord(
            String did, long time, String rkey, String collection, String author, Random random) {
        String via = random.nextInt(5) == 0
                ? ",\"via\":{\"uri\":\"at://%s/app.bsky.feed.repost/%s\",\"cid\":\"%s\"}"
                        .formatted(did(random), tid(random), cid(random))
                : "";
        return ("{\"did\":\"%s\",\"time_us\":%d,\"kind\":\"commit\",\"commit\":{\"rev\":\"%s\",\"operation\":\"create\",\"collection\":\"%s\",\"rkey\":\"%s\",\"record\":{\"$type\":\"%s\",\"createdAt\":\"2025-11-03T14:00:00.123Z\",\"subject\":{\"cid\":\"%s\",\"uri\":\"at://%s/app.bsky.feed.post/%s\"}%s},\"cid\":\"%s\"}}")
                .formatted(
                        did,
                        time,
                        tid(random),
                        collection,
                        rkey,
                        collection,
                        cid(random),
                        author,
                        tid(random),
                        via,
                        cid(random));
    }

    private static String pick(List<String> population, Random random) {
        // Skewed: a few accounts get most of the attention, as on a real network.
        int index = (int) Math.min(population.size() - 1, Math.abs(random.nextGaussian()) * population.size() / 3);
        return population.get(index);
    }

    private static String did(Random random) {
        return "did:plc:" + chars(random, 24);
    }

    private static String tid(Random random) {
        return "3m" + chars(random, 11).replace('z', '7');
    }

    private static String cid(Random random) {
        return "bafyrei" + chars(random, 52);
    }

    private static String text(Random random) {
        StringBuilder text = new StringBuilder();
        int words = 5 + random.nextInt(40);
        for (int i = 0; i < words; i++) {
            text.append(chars(random, 2 + random.nextInt(8))).append(' ');
        }
        return text.toString().strip();
    }

    private static String chars(Random random, int n) {
        StringBuilder s = new StringBuilder(n);
        for (int i = 0; i < n; i++) {
            s.append(ALPHABET.charAt(random.nextInt(32)));
        }
        return s.toString();
    }

    private static String option(String[] args, String name, String otherwise) {
        for (int i = 0; i < args.length - 1; i++) {
            if (args[i].equals(name)) {
                return args[i + 1];
            }
        }
        return otherwise;
    }
}
