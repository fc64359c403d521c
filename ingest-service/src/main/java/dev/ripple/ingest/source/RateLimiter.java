package dev.ripple.ingest.source;

import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.ConcurrentHashMap;

/**
 * Request budgets of remote APIs, shared by every source that calls them. A <b>bucket</b> is what a server counts
 * requests by (e.g. one instance and one access token, or one instance and our IP address); each bucket has local
 * {@link Throttle}s (the limits a platform documents) and the state the server last reported in its rate-limit
 * headers. A request is granted only when every applicable throttle and the server's last word leave room for it,
 * keeping a share of every limit free for the account's other clients. Nothing here sleeps: a refused request learns
 * when to come back, so a poller can yield its thread instead of blocking it.
 *
 * <p>Platform-neutral: the platform client parses its own headers and reports them with {@link #reported}.
 */
public final class RateLimiter {

    /**
     * A limit of {@code limit} requests per fixed window of {@code period} (windows aligned to the epoch, as Mastodon's
     * rack-attack and most servers count).
     *
     * @param pagingOnly applies only to requests that page through a list (Mastodon counts those separately, tighter)
     */
    public record Throttle(String name, int limit, Duration period, boolean pagingOnly) {
        public Throttle {
            if (limit < 1 || period.isNegative() || period.isZero()) {
                throw new IllegalArgumentException("throttle " + name + " needs a positive limit and period");
            }
        }
    }

    /** What a bucket looks like now, for health and tests. */
    public record BucketState(
            String bucket, Integer serverLimit, Integer serverRemaining, Instant serverReset, Instant blockedUntil) {}

    private final Clock clock;
    private final double share;
    private final Map<String, Bucket> buckets = new ConcurrentHashMap<>();

    /**
     * @param share the fraction of each limit this service may use (0 &lt; share ≤ 1); the rest is left to the
     *     account's other clients (its owner's apps share per-user limits with us)
     */
    public RateLimiter(Clock clock, double share) {
        if (!(share > 0 && share <= 1)) {
            throw new IllegalArgumentException("share must be in (0, 1], was " + share);
        }
        this.clock = clock;
        this.share = share;
    }

    /**
     * Asks for one request.
     *
     * @return empty when granted (and counted); otherwise the instant from which to ask again
     */
    public Optional<Instant> tryAcquire(String bucket, List<Throttle> throttles, boolean paging) {
        return buckets.computeIfAbsent(bucket, ignored -> new Bucket(throttles)).tryAcquire(clock.instant(), paging);
    }

    /**
     * Records the rate-limit headers of a response (any of them may be null when absent or unreadable).
     *
     * @param reset when the server's current window ends
     */
    public void reported(String bucket, Integer limit, Integer remaining, Instant reset) {
        Bucket state = buckets.get(bucket);
        if (state != null) {
            state.reported(limit, remaining, reset);
        }
    }

    /** The server refused a request for exceeding its limit: nothing more is sent to this bucket before {@code until}. */
    public void exhausted(String bucket, Instant until) {
        Bucket state = buckets.get(bucket);
        if (state != null) {
            state.block(until);
        }
    }

    public Optional<BucketState> state(String bucket) {
        Bucket state = buckets.get(bucket);
        return state == null ? Optional.empty() : Optional.of(state.snapshot(bucket));
    }

    public double share() {
        return share;
    }

    /** Our part of a limit (rounding errors of the share never cost a request). */
    private int ourPart(int limit) {
        return (int) Math.floor(limit * share + 1e-9);
    }

    private final class Bucket {

        private final List<Throttle> throttles;
        private final long[] window;
        private final int[] used;
        private Integer serverLimit;
        private Integer serverRemaining;
        private Instant serverReset;
        private Instant blockedUntil = Instant.EPOCH;

        Bucket(List<Throttle> throttles) {
            this.throttles = List.copyOf(throttles);
            this.window = new long[throttles.size()];
            this.used = new int[throttles.size()];
        }

        synchronized Optional<Instant> tryAcquire(Instant now, boolean paging) {
            if (now.isBefore(blockedUntil)) {
                return Optional.of(blockedUntil);
            }
            if (serverReset != null && now.isBefore(serverReset) && serverRemaining != null && serverLimit != null) {
                int reserve = serverLimit - ourPart(serverLimit);
                if (serverRemaining <= reserve) {
                    return Optional.of(serverReset);
                }
            }
            long millis = now.toEpochMilli();
            for (int i = 0; i < throttles.size(); i++) {
                Throttle throttle = throttles.get(i);
                if (throttle.pagingOnly() && !paging) {
                    continue;
                }
                long period = throttle.period().toMillis();
                long current = Math.floorDiv(millis, period);
                if (current != window[i]) {
                    window[i] = current;
                    used[i] = 0;
                }
                int allowed = Math.max(1, ourPart(throttle.limit()));
                if (used[i] >= allowed) {
                    return Optional.of(Instant.ofEpochMilli((current + 1) * period));
                }
            }
            for (int i = 0; i < throttles.size(); i++) {
                if (!throttles.get(i).pagingOnly() || paging) {
                    used[i]++;
                }
            }
            if (serverRemaining != null && serverReset != null && now.isBefore(serverReset)) {
                serverRemaining--;
            }
            return Optional.empty();
        }

        synchronized void reported(Integer limit, Integer remaining, Instant reset) {
            if (limit != null && remaining != null && reset != null) {
                serverLimit = limit;
                serverRemaining = remaining;
                serverReset = reset;
            }
        }

        synchronized void block(Instant until) {
            if (until.isAfter(blockedUntil)) {
                blockedUntil = until;
            }
        }

        synchronized BucketState snapshot(String name) {
            return new BucketState(name, serverLimit, serverRemaining, serverReset, blockedUntil);
        }
    }
}
