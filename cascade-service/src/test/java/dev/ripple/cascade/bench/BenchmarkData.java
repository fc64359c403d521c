package dev.ripple.cascade.bench;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.sql.Connection;
import java.sql.SQLException;
import java.time.Instant;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Locale;
import java.util.Random;
import java.util.Set;
import java.util.UUID;
import org.postgresql.PGConnection;
import org.postgresql.copy.CopyIn;

/**
 * Generates a realistic store of cascades straight into PostgreSQL with COPY: power-law cascade sizes (most cascades
 * one share, a few of thousands), Zipf-popular subjects and sharers, trees that branch near the root, follows
 * attributed along each share's path (credited to every sharer above), and unattributed follows. Deterministic for
 * a seed. Statistics columns are computed exactly as the engine defines them.
 */
final class BenchmarkData {

    static final Instant EPOCH = Instant.parse("2025-01-01T00:00:00Z");
    static final long YEAR_SECONDS = 365L * 24 * 3600;
    static final int MAX_CASCADE = 20_000;

    private final Random random;
    private final int shareTarget;
    private final int subjects;
    private final int users;
    private final Zipf subjectPick;
    private final Zipf userPick;

    /** What the benchmark needs to pick realistic parameters afterwards. */
    record Loaded(
            int shares,
            int cascades,
            int follows,
            List<UUID> cascadeIds,
            List<UUID> largestCascades,
            List<String> subjectRefs,
            List<String> sharerRefs,
            List<String> followIds) {}

    BenchmarkData(long seed, int shareTarget) {
        this.random = new Random(seed);
        this.shareTarget = shareTarget;
        this.subjects = Math.max(100, shareTarget / 50);
        this.users = Math.max(1000, shareTarget * 3 / 10);
        this.subjectPick = new Zipf(subjects, 1.1, random);
        this.userPick = new Zipf(users, 0.9, random);
    }

    /**
     * Loads the data through two connections: shares (then cascades and accounts) on {@code main}, follows on
     * {@code side}, both streaming as they are generated. Foreign keys are not checked while loading (the rows are
     * consistent by construction and cascades are written after their shares).
     */
    Loaded load(Connection main, Connection side) throws SQLException, IOException {
        try (java.sql.Statement statement = main.createStatement()) {
            statement.execute("set session_replication_role = replica");
        }
        PGConnection postgres = main.unwrap(PGConnection.class);
        List<UUID> ids = new ArrayList<>();
        List<int[]> sizes = new ArrayList<>();
        List<String> followIds = new ArrayList<>();
        Set<String> sharers = new HashSet<>();
        int shares = 0;
        int follows = 0;
        int cascadeCount = 0;
        StringBuilder cascadeRows = new StringBuilder();
        Copy shareCopy = new Copy(postgres.getCopyAPI().copyIn("""
                copy share_node (subject_ref, uri, event_id, platform, kind, actor_ref, actor_followers, object_uri,
                                 via_uri, mention_refs, occurred_at, cascade_id, parent_uri, rule, confidence, depth,
                                 candidates) from stdin"""));
        Copy followOut = new Copy(side.unwrap(PGConnection.class).getCopyAPI().copyIn("""
                copy follow (event_id, platform, follower_ref, followee_ref, occurred_at, via_uri, decision_version,
                             tier, confidence, cascade_id, exposure_uri, exposer_ref, path, credited_refs, candidates,
                             decided_at, model_version) from stdin"""));
        {
            while (shares < shareTarget) {
                int size = Math.min(cascadeSize(), shareTarget - shares);
                UUID id = new UUID(random.nextLong(), random.nextLong());
                boolean bluesky = random.nextInt(5) == 0;
                String platform = bluesky ? "bluesky" : "mastodon";
                String subject = ref(bluesky, "subject", subjectPick.next());
                long start = EPOCH.getEpochSecond() + (long) (random.nextDouble() * YEAR_SECONDS);
                int[] parent = new int[size];
                int[] depth = new int[size];
                long[] at = new long[size];
                String[] actor = new String[size];
                String[] uri = new String[size];
                for (int i = 0; i < size; i++) {
                    parent[i] = i == 0 ? -1 : pickParent(i);
                    depth[i] = i == 0 ? 0 : depth[parent[i]] + 1;
                    at[i] = i == 0 ? start : at[i - 1] + 1 + (long) (-Math.log(1 - random.nextDouble()) * 600);
                    actor[i] = ref(bluesky, "user", userPick.next());
                    uri[i] = "https://bench.example/" + platform + "/" + (shares + i);
                    sharers.add(actor[i]);
                }
                // Shape: depth, breadth, structural virality (mean pairwise distance) from subtree sizes.
                int[] subtree = new int[size];
                int maxDepth = 0;
                java.util.Map<Integer, Integer> breadth = new java.util.HashMap<>();
                for (int i = size - 1; i >= 0; i--) {
                    subtree[i] += 1;
                    if (parent[i] >= 0) {
                        subtree[parent[i]] += subtree[i];
                    }
                    maxDepth = Math.max(maxDepth, depth[i]);
                    breadth.merge(depth[i], 1, Integer::sum);
                }
                double wiener = 0;
                for (int i = 1; i < size; i++) {
                    wiener += (double) subtree[i] * (size - subtree[i]);
                }
                double virality = size < 2 ? 0 : wiener / (size * (size - 1) / 2.0);
                int maxBreadth = breadth.values().stream().max(Integer::compare).orElse(1);

                // Follows attributed to each share: few for most, a burst for some.
                int attributed = 0;
                int direct = 0;
                long firstFollow = Long.MAX_VALUE;
                long lastActivity = at[size - 1];
                for (int i = 0; i < size; i++) {
                    int count = followsOf(i, size);
                    for (int f = 0; f < count; f++) {
                        long followedAt = at[i] + 5 + (long) (-Math.log(1 - random.nextDouble()) * 900);
                        String followId = "bench-f-" + (follows + 1);
                        String follower = ref(bluesky, "fan", random.nextInt(users * 3));
                        List<Integer> path = new ArrayList<>();
                        for (int n = i; n >= 0; n = parent[n]) {
                            path.addFirst(n);
                        }
                        Set<String> credited = new LinkedHashSet<>();
                        StringBuilder pathJson = new StringBuilder("[");
                        for (int step : path) {
                            if (pathJson.length() > 1) {
                                pathJson.append(',');
                            }
                            pathJson.append("{\"uri\":\"")
                                    .append(uri[step])
                                    .append("\",\"actorRef\":\"")
                                    .append(actor[step])
                                    .append("\",\"rule\":\"")
                                    .append(step == 0 ? "ROOT" : "FOLLOW_GRAPH")
                                    .append("\",\"at\":\"")
                                    .append(Instant.ofEpochSecond(at[step]))
                                    .append("\"}");
                            credited.add(actor[step]);
                        }
                        pathJson.append(']');
                        credited.remove(follower);
                        credited.remove(subject);
                        String tier = random.nextInt(10) < 7
                                ? "GRAPH_EXPOSED"
                                : random.nextBoolean() ? "ENGAGED" : "MENTIONED";
                        double confidence = 0.3 + random.nextDouble() * 0.6;
                        String candidates = "[{\"uri\":\"" + uri[i] + "\",\"actorRef\":\"" + actor[i] + "\",\"at\":\""
                                + Instant.ofEpochSecond(at[i]) + "\",\"reason\":\"" + tier + "\",\"score\":"
                                + String.format(Locale.ROOT, "%.4f", confidence) + "}]";
                        followOut.write(row(
                                followId,
                                platform,
                                follower,
                                subject,
                                time(followedAt),
                                null,
                                "1",
                                tier,
                                String.format(Locale.ROOT, "%.4f", confidence),
                                id.toString(),
                                uri[i],
                                actor[i],
                                pathJson.toString(),
                                array(credited),
                                candidates,
                                time(followedAt + 2),
                                "rules-v1"));
                        follows++;
                        if (followIds.size() < 100_000) {
                            followIds.add(followId);
                        }
                        if (!credited.isEmpty()) {
                            attributed++;
                            if (i == 0) {
                                direct++;
                            }
                            firstFollow = Math.min(firstFollow, followedAt);
                            lastActivity = Math.max(lastActivity, followedAt);
                        }
                    }
                }
                // Some follows of the subject nothing explains.
                if (random.nextInt(10) == 0) {
                    long followedAt = start + random.nextInt(86_400);
                    String followId = "bench-f-" + (follows + 1);
                    followOut.write(row(
                            followId,
                            platform,
                            ref(bluesky, "fan", random.nextInt(users * 3)),
                            subject,
                            time(followedAt),
                            null,
                            "1",
                            "UNATTRIBUTED",
                            "0",
                            null,
                            null,
                            null,
                            "[]",
                            "{}",
                            "[]",
                            time(followedAt + 2),
                            "rules-v1"));
                    follows++;
                }

                for (int i = 0; i < size; i++) {
                    String candidates = i == 0
                            ? "[]"
                            : "[{\"uri\":\"" + uri[parent[i]] + "\",\"actorRef\":\"" + actor[parent[i]] + "\",\"at\":\""
                                    + Instant.ofEpochSecond(at[parent[i]])
                                    + "\",\"reason\":\"FOLLOW_GRAPH\",\"score\":0.8}"
                                    + (parent[i] > 0
                                            ? ",{\"uri\":\"" + uri[0] + "\",\"actorRef\":\"" + actor[0]
                                                    + "\",\"at\":\"" + Instant.ofEpochSecond(at[0])
                                                    + "\",\"reason\":\"FOLLOW_GRAPH\",\"score\":0.2}"
                                            : "")
                                    + "]";
                    shareCopy.write(row(
                            subject,
                            uri[i],
                            "bench-s-" + (shares + i),
                            platform,
                            i == 0 ? "MENTION" : "RESHARE",
                            actor[i],
                            Integer.toString(50 + random.nextInt(5000)),
                            i == 0 ? "https://elsewhere.example/post" : uri[parent[i]],
                            null,
                            "{}",
                            time(at[i]),
                            id.toString(),
                            i == 0 ? null : uri[parent[i]],
                            i == 0 ? "ROOT" : "FOLLOW_GRAPH",
                            i == 0 ? "1.0" : "0.8",
                            Integer.toString(depth[i]),
                            candidates));
                }
                cascadeRows.append(row(
                        id.toString(),
                        subject,
                        uri[0],
                        actor[0],
                        platform,
                        time(start),
                        time(lastActivity),
                        Integer.toString(size),
                        Integer.toString(maxDepth),
                        Integer.toString(attributed),
                        Integer.toString(maxBreadth),
                        String.format(Locale.ROOT, "%.6f", virality),
                        Integer.toString(direct),
                        Integer.toString(attributed - direct),
                        firstFollow == Long.MAX_VALUE ? null : time(firstFollow)));
                ids.add(id);
                sizes.add(new int[] {size, cascadeCount});
                shares += size;
                cascadeCount++;
            }
        }
        shareCopy.finish();
        followOut.finish();
        Copy cascades = new Copy(postgres.getCopyAPI().copyIn("""
                copy cascade (id, subject_ref, root_uri, root_actor_ref, platform, started_at, last_activity_at, size,
                              max_depth, attributed_follows, max_breadth, structural_virality, direct_follows,
                              downstream_follows, first_follow_at) from stdin"""));
        cascades.write(cascadeRows);
        cascades.finish();
        Copy accounts =
                new Copy(postgres.getCopyAPI().copyIn("copy account (ref, platform, handle, followers) from stdin"));
        Set<String> refs = new HashSet<>(sharers);
        for (int s = 1; s <= subjects; s++) {
            refs.add(ref(false, "subject", s));
            refs.add(ref(true, "subject", s));
        }
        StringBuilder accountRows = new StringBuilder();
        for (String ref : refs) {
            String name = ref.substring(ref.lastIndexOf(':') + 1);
            accountRows.append(row(ref, ref.substring(0, ref.indexOf(':')), "@" + name + "@bench.example", "100"));
            if (accountRows.length() > 1 << 20) {
                accounts.write(accountRows);
                accountRows.setLength(0);
            }
        }
        accounts.write(accountRows);
        accounts.finish();

        sizes.sort((a, b) -> Integer.compare(b[0], a[0]));
        List<UUID> largest = new ArrayList<>();
        for (int i = 0; i < Math.max(1, sizes.size() / 100); i++) {
            largest.add(ids.get(sizes.get(i)[1]));
        }
        List<String> subjectRefs = new ArrayList<>();
        for (int s = 1; s <= subjects; s++) {
            subjectRefs.add(ref(false, "subject", s));
        }
        List<String> sharerRefs = new ArrayList<>(sharers);
        java.util.Collections.sort(sharerRefs);
        return new Loaded(shares, cascadeCount, follows, ids, largest, subjectRefs, sharerRefs, followIds);
    }

    /** P(size = k) ∝ k^-2.3, the heavy tail reported for real reshare cascades (most are a single share). */
    private int cascadeSize() {
        double u = random.nextDouble();
        int size = (int) Math.floor(Math.pow(1 - u, -1 / 1.3));
        return Math.max(1, Math.min(size, MAX_CASCADE));
    }

    /** Reshares cluster near the root: half hang under the root, the rest under a recent share. */
    private int pickParent(int i) {
        if (random.nextBoolean()) {
            return 0;
        }
        return Math.max(0, i - 1 - random.nextInt(Math.min(i, 20)));
    }

    /** Most shares bring no follow; some bring a few; the root of a large cascade may bring a burst. */
    private int followsOf(int i, int size) {
        double u = random.nextDouble();
        if (i == 0 && size > 50) {
            return 10 + random.nextInt(Math.min(size, 500));
        }
        return u < 0.6 ? 0 : u < 0.9 ? 1 : 1 + random.nextInt(4);
    }

    private static String ref(boolean bluesky, String kind, int n) {
        return bluesky ? "bluesky:did:plc:" + kind + n : "mastodon:bench.example:" + kind + n;
    }

    private static String time(long epochSecond) {
        return Instant.ofEpochSecond(epochSecond).toString();
    }

    private static String array(Set<String> values) {
        StringBuilder array = new StringBuilder("{");
        for (String value : values) {
            if (array.length() > 1) {
                array.append(',');
            }
            array.append('"').append(value).append('"');
        }
        return array.append('}').toString();
    }

    /** One COPY text-format row; the generated values never contain tabs, newlines or backslashes. */
    static String row(String... fields) {
        StringBuilder row = new StringBuilder();
        for (int i = 0; i < fields.length; i++) {
            if (i > 0) {
                row.append('\t');
            }
            row.append(fields[i] == null ? "\\N" : fields[i]);
        }
        return row.append('\n').toString();
    }

    /** A COPY in progress, written in ~1 MB chunks. */
    private static final class Copy {

        private final CopyIn copy;
        private final StringBuilder buffer = new StringBuilder();

        Copy(CopyIn copy) {
            this.copy = copy;
        }

        void write(CharSequence rows) throws SQLException {
            buffer.append(rows);
            if (buffer.length() > 1 << 20) {
                flush();
            }
        }

        void flush() throws SQLException {
            byte[] bytes = buffer.toString().getBytes(StandardCharsets.UTF_8);
            copy.writeToCopy(bytes, 0, bytes.length);
            buffer.setLength(0);
        }

        void finish() throws SQLException {
            flush();
            copy.endCopy();
        }

        void cancel() throws SQLException {
            copy.cancelCopy();
        }
    }

    /** Zipf-distributed ranks 1..n (rejection-inversion would be faster; a CDF table is plenty here). */
    static final class Zipf {

        private final double[] cdf;
        private final Random random;

        Zipf(int n, double exponent, Random random) {
            this.random = random;
            cdf = new double[n];
            double sum = 0;
            for (int k = 1; k <= n; k++) {
                sum += 1 / Math.pow(k, exponent);
                cdf[k - 1] = sum;
            }
            for (int k = 0; k < n; k++) {
                cdf[k] /= sum;
            }
        }

        int next() {
            int index = java.util.Arrays.binarySearch(cdf, random.nextDouble());
            return (index >= 0 ? index : -index - 1) + 1;
        }
    }
}
