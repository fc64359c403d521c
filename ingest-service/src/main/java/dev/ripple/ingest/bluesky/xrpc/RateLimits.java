package dev.ripple.ingest.bluesky.xrpc;

import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;

/**
 * Honours the rate-limit headers of each host ({@code RateLimit-Remaining}, {@code RateLimit-Reset} in epoch seconds,
 * as atproto's xrpc-server sends them): when a host says only {@code reserve} calls are left in its window, callers
 * wait for the reset instead of spending them; after a 429 every caller waits for the reset. A wait longer than
 * {@code maxWait} is not waited: the call fails as rate-limited and the source tries again on its next round.
 */
public final class RateLimits {

    /** The last word of a host on its budget. */
    public record Budget(long limit, long remaining, Instant reset) {}

    private final Clock clock;
    private final long reserve;
    private final Duration maxWait;
    private final Map<String, Budget> budgets = new ConcurrentHashMap<>();

    public RateLimits(Clock clock, long reserve, Duration maxWait) {
        this.clock = clock;
        this.reserve = reserve;
        this.maxWait = maxWait;
    }

    /** Waits until {@code host} may be called. */
    void acquire(String host, String nsid) throws InterruptedException {
        Budget budget = budgets.get(host);
        if (budget == null || budget.reset() == null) {
            return;
        }
        Instant now = clock.instant();
        if (budget.remaining() > reserve || !budget.reset().isAfter(now)) {
            return;
        }
        Duration wait = Duration.between(now, budget.reset());
        if (wait.compareTo(maxWait) > 0) {
            throw new XrpcException(
                    nsid,
                    429,
                    "RateLimitExceeded",
                    "budget of " + host + " spent until " + budget.reset(),
                    budget.reset(),
                    null);
        }
        Thread.sleep(wait.toMillis() + 1);
    }

    /** Records the headers of a response (any status). */
    void observe(String host, String limit, String remaining, String reset, boolean refused) {
        Long left = parse(remaining);
        Long resetSeconds = parse(reset);
        if (refused) {
            Instant until = resetSeconds != null
                    ? Instant.ofEpochSecond(resetSeconds)
                    : clock.instant().plusSeconds(60);
            budgets.put(host, new Budget(parseOr(limit, -1), 0, until));
        } else if (left != null && resetSeconds != null) {
            budgets.put(host, new Budget(parseOr(limit, -1), left, Instant.ofEpochSecond(resetSeconds)));
        }
    }

    public Budget budget(String host) {
        return budgets.get(host);
    }

    public Map<String, Budget> budgets() {
        return Map.copyOf(budgets);
    }

    private static Long parse(String value) {
        if (value == null) {
            return null;
        }
        try {
            return Long.parseLong(value.strip());
        } catch (NumberFormatException e) {
            return null;
        }
    }

    private static long parseOr(String value, long otherwise) {
        Long parsed = parse(value);
        return parsed == null ? otherwise : parsed;
    }
}
