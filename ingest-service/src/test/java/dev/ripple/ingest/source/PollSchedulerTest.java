package dev.ripple.ingest.source;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.atomic.AtomicInteger;
import org.junit.jupiter.api.Test;

class PollSchedulerTest {

    /** A task that counts its turns and its overlapping runs. */
    private static final class Counting implements PollScheduler.Task {
        final String key;
        final Duration every;
        final AtomicInteger turns = new AtomicInteger();
        final AtomicInteger running = new AtomicInteger();
        final AtomicInteger overlaps = new AtomicInteger();

        Counting(String key, Duration every) {
            this.key = key;
            this.every = every;
        }

        @Override
        public String key() {
            return key;
        }

        @Override
        public Instant poll() {
            if (running.incrementAndGet() > 1) {
                overlaps.incrementAndGet();
            }
            turns.incrementAndGet();
            running.decrementAndGet();
            return Instant.now().plus(every);
        }
    }

    @Test
    void aTaskThatAlwaysHasMoreWorkCannotStarveTheOthers() {
        try (PollScheduler scheduler = new PollScheduler("t", 1, Clock.systemUTC())) {
            Counting busy = new Counting("busy", Duration.ZERO);
            Counting quiet = new Counting("quiet", Duration.ofMillis(20));
            scheduler.schedule(busy, Instant.now());
            scheduler.schedule(quiet, Instant.now());

            await().atMost(Duration.ofSeconds(10)).until(() -> quiet.turns.get() >= 20);
            assertThat(busy.turns.get()).isGreaterThan(quiet.turns.get());
        }
    }

    @Test
    void aTaskNeverRunsTwiceAtOnceEvenWhenRescheduledWhileRunning() throws Exception {
        CountDownLatch entered = new CountDownLatch(1);
        CountDownLatch release = new CountDownLatch(1);
        AtomicInteger concurrent = new AtomicInteger();
        AtomicInteger maxConcurrent = new AtomicInteger();
        AtomicInteger turns = new AtomicInteger();
        PollScheduler.Task slow = new PollScheduler.Task() {
            @Override
            public String key() {
                return "slow";
            }

            @Override
            public Instant poll() throws InterruptedException {
                maxConcurrent.accumulateAndGet(concurrent.incrementAndGet(), Math::max);
                entered.countDown();
                if (turns.incrementAndGet() == 1) {
                    release.await();
                }
                concurrent.decrementAndGet();
                return Instant.now().plusMillis(10);
            }
        };
        try (PollScheduler scheduler = new PollScheduler("t", 4, Clock.systemUTC())) {
            scheduler.schedule(slow, Instant.now());
            entered.await();
            scheduler.schedule(slow, Instant.now());
            scheduler.schedule(slow, Instant.now());
            release.countDown();
            await().atMost(Duration.ofSeconds(10)).until(() -> turns.get() >= 5);
            assertThat(maxConcurrent.get()).isEqualTo(1);
        }
    }

    @Test
    void cancellingWaitsForTheTurnInProgressAndStopsTheTask() throws Exception {
        CountDownLatch entered = new CountDownLatch(1);
        CountDownLatch release = new CountDownLatch(1);
        AtomicInteger turns = new AtomicInteger();
        PollScheduler.Task task = new PollScheduler.Task() {
            @Override
            public String key() {
                return "k";
            }

            @Override
            public Instant poll() throws InterruptedException {
                turns.incrementAndGet();
                entered.countDown();
                release.await();
                return Instant.now();
            }
        };
        try (PollScheduler scheduler = new PollScheduler("t", 2, Clock.systemUTC())) {
            scheduler.schedule(task, Instant.now());
            entered.await();
            java.util.concurrent.CompletableFuture<Boolean> cancelled =
                    java.util.concurrent.CompletableFuture.supplyAsync(() -> {
                        try {
                            return scheduler.cancel("k", Duration.ofSeconds(10));
                        } catch (InterruptedException e) {
                            throw new IllegalStateException(e);
                        }
                    });
            await().during(Duration.ofMillis(200)).atMost(Duration.ofSeconds(2)).until(() -> !cancelled.isDone());
            release.countDown();
            assertThat(cancelled.get()).isTrue();
            await().during(Duration.ofMillis(300)).atMost(Duration.ofSeconds(2)).until(() -> turns.get() == 1);
            assertThat(scheduler.keys()).isEmpty();
        }
    }

    @Test
    void aTaskThatThrowsRunsAgainLater() {
        AtomicInteger turns = new AtomicInteger();
        PollScheduler.Task failing = new PollScheduler.Task() {
            @Override
            public String key() {
                return "failing";
            }

            @Override
            public Instant poll() {
                turns.incrementAndGet();
                throw new IllegalStateException("bug");
            }
        };
        try (PollScheduler scheduler = new PollScheduler("t", 1, Clock.systemUTC())) {
            scheduler.schedule(failing, Instant.now());
            await().atMost(Duration.ofSeconds(5)).until(() -> turns.get() == 1);
            assertThat(scheduler.nextRun("failing"))
                    .hasValueSatisfying(next -> assertThat(next)
                            .isAfter(Instant.now()
                                    .plus(PollScheduler.AFTER_UNEXPECTED_FAILURE)
                                    .minusSeconds(2)));
        }
    }
}
