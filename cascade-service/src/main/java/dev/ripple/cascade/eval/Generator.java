package dev.ripple.cascade.eval;

import dev.ripple.events.Account;
import dev.ripple.events.FollowObserved;
import dev.ripple.events.FollowedAccount;
import dev.ripple.events.FollowingObserved;
import dev.ripple.events.RippleEvent;
import dev.ripple.events.ShareKind;
import dev.ripple.events.ShareObserved;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.HashMap;
import java.util.HashSet;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.PriorityQueue;
import java.util.Random;
import java.util.Set;

/**
 * A synthetic world with known truth: a directed follower graph with heavy-tailed degrees, cascades spreading over it
 * (some reshares carrying {@code via}, most flattened), follows of the subjects planted by a known exposure rule
 * (each exposure may lead to a follow, sooner rather than later) plus background follows at a baseline rate, and
 * following snapshots of the followers and resharers. Deterministic for a seed. Feeds the evaluation and the
 * benchmarks.
 */
public final class Generator {

    /** The knobs. */
    public record Settings(
            long seed,
            int accounts,
            int subjects,
            int cascadesPerSubject,
            Duration span,
            double viaFraction,
            double mentionFraction,
            double reshareProbability,
            double followProbability,
            double backgroundFollowsPerHour,
            Snapshots snapshots) {

        public static Settings defaults(long seed) {
            return new Settings(seed, 4000, 20, 6, Duration.ofDays(7), 0.3, 0.3, 0.02, 0.01, 0.5, Snapshots.FULL);
        }

        /** The world the evaluation and the calibration use: 12,000 accounts, 80 subjects, 6 cascades each. */
        public static Settings evaluation(long seed) {
            return defaults(seed).scaled(12_000, 80, 6);
        }

        public Settings withSnapshots(Snapshots mode) {
            return new Settings(
                    seed,
                    accounts,
                    subjects,
                    cascadesPerSubject,
                    span,
                    viaFraction,
                    mentionFraction,
                    reshareProbability,
                    followProbability,
                    backgroundFollowsPerHour,
                    mode);
        }

        public Settings scaled(int accounts, int subjects, int cascadesPerSubject) {
            return new Settings(
                    seed,
                    accounts,
                    subjects,
                    cascadesPerSubject,
                    span,
                    viaFraction,
                    mentionFraction,
                    reshareProbability,
                    followProbability,
                    backgroundFollowsPerHour,
                    snapshots);
        }
    }

    /** Which following snapshots the world reports: all of each relevant account's follows, half of them, or none. */
    public enum Snapshots {
        FULL,
        PARTIAL,
        NONE
    }

    static final Instant EPOCH = Instant.parse("2026-03-01T00:00:00Z");
    private static final String PLATFORM = "synthetic";

    private final Settings settings;
    private final Random random;
    private final List<List<Integer>> followees = new ArrayList<>();
    private final List<List<Integer>> followers = new ArrayList<>();
    private final List<Set<Integer>> followeeSets = new ArrayList<>();

    public Generator(Settings settings) {
        this.settings = settings;
        this.random = new Random(settings.seed());
        buildGraph();
    }

    /** The follower graph: out-degrees log-normal, targets by a Zipf-like popularity, so in-degrees are heavy-tailed. */
    private void buildGraph() {
        int n = settings.accounts();
        double[] cumulative = new double[n];
        double total = 0;
        for (int i = 0; i < n; i++) {
            total += 1.0 / Math.pow(i + 1, 0.9);
            cumulative[i] = total;
        }
        for (int i = 0; i < n; i++) {
            followees.add(new ArrayList<>());
            followers.add(new ArrayList<>());
        }
        for (int a = 0; a < n; a++) {
            int degree = (int) Math.min(n - 1, Math.max(3, Math.round(Math.exp(3.0 + 0.9 * random.nextGaussian()))));
            Set<Integer> chosen = new LinkedHashSet<>();
            while (chosen.size() < degree) {
                double x = random.nextDouble() * total;
                int b = lowerBound(cumulative, x);
                if (b != a) {
                    chosen.add(b);
                }
            }
            for (int b : chosen) {
                followees.get(a).add(b);
                followers.get(b).add(a);
            }
        }
        for (List<Integer> list : followees) {
            followeeSets.add(new HashSet<>(list));
        }
    }

    private static int lowerBound(double[] cumulative, double x) {
        int lo = 0;
        int hi = cumulative.length - 1;
        while (lo < hi) {
            int mid = (lo + hi) >>> 1;
            if (cumulative[mid] < x) {
                lo = mid + 1;
            } else {
                hi = mid;
            }
        }
        return lo;
    }

    /** Refs and ids carry the seed, so that several generated worlds can be evaluated together. */
    private String ref(int account) {
        return "synthetic:w" + settings.seed() + ":u" + account;
    }

    private int id(Account account) {
        return Integer.parseInt(account.ref().substring(account.ref().lastIndexOf(":u") + 2));
    }

    private Account account(int id) {
        return new Account(ref(id), "@u" + id + "@w" + settings.seed(), (long)
                followers.get(id).size());
    }

    /** One exposure waiting to happen: {@code account} sees {@code share} at {@code at}. */
    private record Exposure(Instant at, int account, ShareObserved share) {}

    /** Builds the whole data set. */
    public Dataset generate() {
        List<RippleEvent> events = new ArrayList<>();
        Truth truth = new Truth();
        Map<Integer, Instant> snapshotted = new HashMap<>();
        int subjectCount = Math.min(settings.subjects(), settings.accounts() / 10);
        for (int s = 0; s < subjectCount; s++) {
            int subject = random.nextInt(settings.accounts() / 4) + settings.accounts() / 10;
            generateSubject(subject, s, events, truth, snapshotted);
        }
        // One snapshot per account, when it first acted: the graph is static, so that one is complete.
        snapshotted.entrySet().stream()
                .sorted(Map.Entry.comparingByKey())
                .forEach(entry -> emitSnapshot(entry.getKey(), entry.getValue(), events));
        events.sort(Comparator.comparing(RippleEvent::time).thenComparing(RippleEvent::id));
        return new Dataset(
                "generated(seed=" + settings.seed() + ", snapshots=" + settings.snapshots() + ")", events, truth);
    }

    private void generateSubject(
            int subject, int index, List<RippleEvent> events, Truth truth, Map<Integer, Instant> snapshotted) {
        Account subjectAccount = account(subject);
        Set<Integer> followsSubject = new HashSet<>(followers.get(subject));
        long spanSeconds = settings.span().toSeconds();
        int counter = 0;
        for (int c = 0; c < settings.cascadesPerSubject(); c++) {
            Instant start = EPOCH.plusSeconds((long) (random.nextDouble() * spanSeconds * 0.8));
            String post = "https://w" + settings.seed() + ".net/" + subject + "/post/" + c;
            int rootActor = pickActive(subject);
            PriorityQueue<Exposure> queue = new PriorityQueue<>(Comparator.comparing(Exposure::at));
            Map<Integer, Boolean> shared = new HashMap<>();
            boolean mention = random.nextDouble() < settings.mentionFraction();
            List<Account> mentioned = new ArrayList<>();
            if (mention) {
                for (int m = 0; m < 1 + random.nextInt(2); m++) {
                    int target = followees
                            .get(rootActor)
                            .get(random.nextInt(followees.get(rootActor).size()));
                    if (target != subject) {
                        mentioned.add(account(target));
                    }
                }
            }
            ShareObserved root = new ShareObserved(
                    "w" + settings.seed() + "-" + index + "-s" + (counter++),
                    PLATFORM,
                    mention ? ShareKind.MENTION : ShareKind.RESHARE,
                    "https://w" + settings.seed() + ".net/u" + rootActor + "/" + subject + "/" + c,
                    account(rootActor),
                    subjectAccount,
                    mention ? null : post,
                    mentioned,
                    null,
                    start);
            events.add(root);
            String cascade = settings.seed() + "/" + subject + "/" + c;
            truth.parents().put(Truth.key(subjectAccount.ref(), root.uri()), null);
            truth.cascades().put(Truth.key(subjectAccount.ref(), root.uri()), cascade);
            shared.put(rootActor, true);
            List<ShareObserved> cascadeShares = new ArrayList<>(List.of(root));
            snapshot(rootActor, start.plusSeconds(2), events, snapshotted);
            expose(root, rootActor, mentioned, queue);
            int shares = 1;
            while (!queue.isEmpty() && shares < 400) {
                Exposure exposure = queue.poll();
                int v = exposure.account();
                if (v == subject) {
                    continue;
                }
                // What v acts on is the top of its timeline when it looks: the most recent share it was exposed to.
                ShareObserved cause = mostRecentSeen(v, exposure.at(), cascadeShares, exposure.share());
                if (!shared.containsKey(v) && random.nextDouble() < settings.reshareProbability()) {
                    shared.put(v, true);
                    Instant at = exposure.at().plusSeconds(5 + (long) (random.nextDouble() * 120));
                    boolean via = random.nextDouble() < settings.viaFraction();
                    boolean quote = !via && random.nextDouble() < 0.1;
                    ShareObserved reshare = new ShareObserved(
                            "w" + settings.seed() + "-" + index + "-s" + (counter++),
                            PLATFORM,
                            quote ? ShareKind.QUOTE : ShareKind.RESHARE,
                            "https://w" + settings.seed() + ".net/u" + v + "/" + subject + "/" + c,
                            account(v),
                            subjectAccount,
                            quote ? exposure.share().uri() : post,
                            List.of(),
                            via ? exposure.share().uri() : null,
                            at);
                    events.add(reshare);
                    truth.parents()
                            .put(
                                    Truth.key(subjectAccount.ref(), reshare.uri()),
                                    exposure.share().uri());
                    truth.cascades().put(Truth.key(subjectAccount.ref(), reshare.uri()), cascade);
                    snapshot(v, at.plusSeconds(2), events, snapshotted);
                    expose(reshare, v, List.of(), queue);
                    shares++;
                }
                if (!followsSubject.contains(v) && random.nextDouble() < settings.followProbability()) {
                    followsSubject.add(v);
                    Instant at = exposure.at().plusMillis((long) (-Math.log(1 - random.nextDouble()) * 90_000));
                    FollowObserved follow = new FollowObserved(
                            "w" + settings.seed() + "-" + index + "-f" + (counter++),
                            PLATFORM,
                            account(v),
                            subjectAccount,
                            at,
                            null);
                    events.add(follow);
                    truth.follows().put(follow.id(), cause.uri());
                    snapshot(v, at.plusSeconds(2), events, snapshotted);
                }
            }
        }
        // Background: follows for reasons the cascades do not explain.
        double expected = settings.backgroundFollowsPerHour() * settings.span().toHours();
        int background = (int) Math.round(expected);
        for (int b = 0; b < background; b++) {
            int v = random.nextInt(settings.accounts());
            if (v == subject || followsSubject.contains(v)) {
                continue;
            }
            followsSubject.add(v);
            Instant at = EPOCH.plusSeconds((long) (random.nextDouble() * spanSeconds));
            FollowObserved follow = new FollowObserved(
                    "w" + settings.seed() + "-" + index + "-b" + (counter++),
                    PLATFORM,
                    account(v),
                    subjectAccount,
                    at,
                    null);
            events.add(follow);
            truth.follows().put(follow.id(), null);
            snapshot(v, at.plusSeconds(2), events, snapshotted);
        }
    }

    /** The latest share of the cascade published by then that {@code account} follows the author of, or is named in. */
    private ShareObserved mostRecentSeen(int account, Instant by, List<ShareObserved> shares, ShareObserved fallback) {
        Set<Integer> follows = followeeSets.get(account);
        ShareObserved latest = null;
        for (ShareObserved share : shares) {
            if (share.occurredAt().isAfter(by)) {
                continue;
            }
            int author = id(share.actor());
            boolean named = share.mentions().stream().anyMatch(m -> m.ref().equals(ref(account)));
            if ((follows.contains(author) || named)
                    && (latest == null || !share.occurredAt().isBefore(latest.occurredAt()))) {
                latest = share;
            }
        }
        return latest == null ? fallback : latest;
    }

    /** The followers of the sharer (and the accounts the share names) see it, each after a delay. */
    private void expose(ShareObserved share, int sharer, List<Account> mentioned, PriorityQueue<Exposure> queue) {
        for (int follower : followers.get(sharer)) {
            queue.add(new Exposure(
                    share.occurredAt().plusMillis((long) (-Math.log(1 - random.nextDouble()) * 600_000)),
                    follower,
                    share));
        }
        for (Account named : mentioned) {
            int id = id(named);
            queue.add(new Exposure(share.occurredAt().plusSeconds(1 + random.nextInt(60)), id, share));
        }
    }

    private int pickActive(int subject) {
        List<Integer> fans = followers.get(subject);
        if (!fans.isEmpty() && random.nextDouble() < 0.7) {
            return fans.get(random.nextInt(fans.size()));
        }
        int pick;
        do {
            pick = random.nextInt(settings.accounts());
        } while (pick == subject);
        return pick;
    }

    /** Asks for a snapshot of whom {@code account} follows, shortly after it acted (the earliest ask wins). */
    private void snapshot(int account, Instant at, List<RippleEvent> events, Map<Integer, Instant> snapshotted) {
        if (settings.snapshots() != Snapshots.NONE) {
            snapshotted.merge(account, at, (a, b) -> a.isBefore(b) ? a : b);
        }
    }

    private void emitSnapshot(int account, Instant at, List<RippleEvent> events) {
        List<FollowedAccount> list = new ArrayList<>();
        for (int followed : followees.get(account)) {
            if (settings.snapshots() == Snapshots.FULL || random.nextBoolean()) {
                list.add(new FollowedAccount(ref(followed), "@u" + followed + "@w" + settings.seed(), null));
            }
        }
        events.add(new FollowingObserved(
                "w" + settings.seed() + "-snap-" + account, PLATFORM, account(account), list, at));
    }
}
