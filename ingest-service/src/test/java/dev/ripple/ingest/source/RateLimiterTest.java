package dev.ripple.ingest.source;

import static org.assertj.core.api.Assertions.assertThat;

import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.ZoneOffset;
import java.util.List;
import org.junit.jupiter.api.Test;

class RateLimiterTest {

    private static final List<RateLimiter.Throttle> MASTODON = List.of(
            new RateLimiter.Throttle("api", 300, Duration.ofMinutes(5), false),
            new RateLimiter.Throttle("paging", 300, Duration.ofMinutes(15), true));

    private final MutableClock clock = new MutableClock(Instant.parse("2026-01-01T00:00:00Z"));

    @Test
    void ourShareOfEachWindowIsGrantedThenTheWindowsEndIsTheAnswer() {
        RateLimiter limiter = new RateLimiter(clock, 0.5);
        for (int i = 0; i < 150; i++) {
            assertThat(limiter.tryAcquire("a", MASTODON, true))
                    .as("request %d", i)
                    .isEmpty();
        }
        assertThat(limiter.tryAcquire("a", MASTODON, true)).contains(Instant.parse("2026-01-01T00:05:00Z"));
        assertThat(limiter.tryAcquire("b", MASTODON, true))
                .as("another bucket is not affected")
                .isEmpty();

        clock.set(Instant.parse("2026-01-01T00:05:00Z"));
        assertThat(limiter.tryAcquire("a", MASTODON, false))
                .as("a new 5-minute window, not paging")
                .isEmpty();
        assertThat(limiter.tryAcquire("a", MASTODON, true))
                .as("paging: the 15-minute window still has 150 of 150 used")
                .contains(Instant.parse("2026-01-01T00:15:00Z"));
    }

    @Test
    void theServersRemainingCountStopsUsBeforeTheReserveIsTouched() {
        RateLimiter limiter = new RateLimiter(clock, 0.8);
        Instant reset = Instant.parse("2026-01-01T00:03:00Z");
        assertThat(limiter.tryAcquire("a", MASTODON, false)).isEmpty();
        limiter.reported("a", 300, 61, reset);
        assertThat(limiter.tryAcquire("a", MASTODON, false))
                .as("61 left, 60 reserved")
                .isEmpty();
        assertThat(limiter.tryAcquire("a", MASTODON, false)).contains(reset);

        clock.set(reset);
        assertThat(limiter.tryAcquire("a", MASTODON, false))
                .as("after the reset")
                .isEmpty();
    }

    @Test
    void aLargerLimitReportedByTheServerIsUsedUpToTheLocalCeiling() {
        RateLimiter limiter = new RateLimiter(clock, 1.0);
        List<RateLimiter.Throttle> generous =
                List.of(new RateLimiter.Throttle("api", 7500, Duration.ofMinutes(5), false));
        limiter.tryAcquire("a", generous, false);
        limiter.reported("a", 7500, 7499, Instant.parse("2026-01-01T00:05:00Z"));
        for (int i = 0; i < 1000; i++) {
            assertThat(limiter.tryAcquire("a", generous, false)).isEmpty();
        }
    }

    @Test
    void aTooManyRequestsAnswerBlocksTheBucketUntilTheReset() {
        RateLimiter limiter = new RateLimiter(clock, 1.0);
        limiter.tryAcquire("a", MASTODON, false);
        Instant until = Instant.parse("2026-01-01T00:01:30Z");
        limiter.exhausted("a", until);
        assertThat(limiter.tryAcquire("a", MASTODON, false)).contains(until);
        clock.set(until);
        assertThat(limiter.tryAcquire("a", MASTODON, false)).isEmpty();
        assertThat(limiter.state("a"))
                .map(RateLimiter.BucketState::blockedUntil)
                .contains(until);
    }

    /** A clock the test moves. */
    static final class MutableClock extends Clock {
        private Instant now;

        MutableClock(Instant now) {
            this.now = now;
        }

        void set(Instant instant) {
            now = instant;
        }

        @Override
        public ZoneOffset getZone() {
            return ZoneOffset.UTC;
        }

        @Override
        public Clock withZone(java.time.ZoneId zone) {
            return this;
        }

        @Override
        public Instant instant() {
            return now;
        }
    }
}
