package dev.ripple.ingest.source;

import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.PriorityQueue;
import java.util.Set;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.locks.Condition;
import java.util.concurrent.locks.ReentrantLock;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Runs many polling tasks (one per watched account) on a few threads, fairly: the task due earliest runs first, and a
 * task that still has work after its turn comes back with "now" as its due time, behind every task that was already
 * due. A busy account therefore takes turns with the others instead of holding a thread; each task bounds the work of
 * one turn itself. A task never runs twice at once, and it decides when it runs next (adaptive intervals, rate-limit
 * resets, back-off), so waiting never blocks a thread.
 *
 * <p>Platform-neutral; every live source can schedule its pollers here.
 */
public final class PollScheduler implements AutoCloseable {

    /** One polling task, identified by its key. */
    public interface Task {

        String key();

        /**
         * Does one bounded turn of work.
         *
         * @return when to run next ({@code now} or earlier: as soon as the other due tasks had their turn)
         * @throws InterruptedException when the scheduler is closing
         */
        Instant poll() throws InterruptedException;
    }

    private static final Logger log = LoggerFactory.getLogger(PollScheduler.class);
    /** When a task throws anyway (a bug): it is not lost, it runs again after this. */
    static final Duration AFTER_UNEXPECTED_FAILURE = Duration.ofSeconds(30);

    private final Clock clock;
    private final ReentrantLock lock = new ReentrantLock();
    private final Condition changed = lock.newCondition();
    private final PriorityQueue<Entry> queue = new PriorityQueue<>();
    /** The current entry of each scheduled key (a replaced or cancelled entry left in the queue is skipped). */
    private final Map<String, Entry> current = new HashMap<>();

    private final Set<String> running = new HashSet<>();
    /** Entries that became due while their key was still running; queued when it finishes. */
    private final Map<String, Entry> deferred = new HashMap<>();

    private final List<Thread> workers = new ArrayList<>();
    private long sequence;
    private boolean closed;

    public PollScheduler(String name, int threads, Clock clock) {
        if (threads < 1) {
            throw new IllegalArgumentException("threads must be at least 1");
        }
        this.clock = clock;
        for (int i = 0; i < threads; i++) {
            Thread worker = new Thread(this::work, name + "-" + (i + 1));
            worker.setDaemon(true);
            workers.add(worker);
            worker.start();
        }
    }

    /** Schedules a task (replacing a task with the same key; a running one finishes its turn first). */
    public void schedule(Task task, Instant first) {
        lock.lock();
        try {
            if (closed) {
                throw new IllegalStateException("the scheduler is closed");
            }
            Entry entry = new Entry(task, first, sequence++);
            current.put(task.key(), entry);
            deferred.remove(task.key());
            queue.add(entry);
            changed.signalAll();
        } finally {
            lock.unlock();
        }
    }

    /**
     * Stops scheduling a task and waits (up to {@code timeout}) for a turn in progress to end, so that the caller may
     * then clean up after it (e.g. forget its cursor) without the turn writing behind its back.
     *
     * @return false when the turn in progress did not end in time
     */
    public boolean cancel(String key, Duration timeout) throws InterruptedException {
        lock.lock();
        try {
            current.remove(key);
            deferred.remove(key);
            long nanos = timeout.toNanos();
            while (running.contains(key)) {
                if (nanos <= 0) {
                    return false;
                }
                nanos = changed.awaitNanos(nanos);
            }
            return true;
        } finally {
            lock.unlock();
        }
    }

    /** When a scheduled task runs next (empty when it is not scheduled, or running now). */
    public Optional<Instant> nextRun(String key) {
        lock.lock();
        try {
            Entry entry = current.get(key);
            return entry == null || running.contains(key) ? Optional.empty() : Optional.of(entry.due);
        } finally {
            lock.unlock();
        }
    }

    public Set<String> keys() {
        lock.lock();
        try {
            return Set.copyOf(current.keySet());
        } finally {
            lock.unlock();
        }
    }

    private void work() {
        while (true) {
            Entry entry;
            try {
                entry = next();
            } catch (InterruptedException e) {
                return;
            }
            if (entry == null) {
                return;
            }
            Instant next;
            try {
                next = entry.task.poll();
            } catch (InterruptedException e) {
                finished(entry, null);
                return;
            } catch (RuntimeException | Error e) {
                log.error(
                        "Poller {} failed unexpectedly; it runs again in {}",
                        entry.task.key(),
                        AFTER_UNEXPECTED_FAILURE,
                        e);
                next = clock.instant().plus(AFTER_UNEXPECTED_FAILURE);
            }
            finished(entry, next);
        }
    }

    /** Waits for the earliest due entry whose key is not running; null when closed. */
    private Entry next() throws InterruptedException {
        lock.lock();
        try {
            while (!closed) {
                Entry head = queue.peek();
                if (head == null) {
                    changed.await();
                    continue;
                }
                if (current.get(head.task.key()) != head) {
                    queue.poll();
                    continue;
                }
                long wait = Duration.between(clock.instant(), head.due).toNanos();
                if (wait > 0) {
                    changed.awaitNanos(Math.min(wait, TimeUnit.SECONDS.toNanos(1)));
                    continue;
                }
                queue.poll();
                if (running.contains(head.task.key())) {
                    deferred.put(head.task.key(), head);
                    continue;
                }
                running.add(head.task.key());
                return head;
            }
            return null;
        } finally {
            lock.unlock();
        }
    }

    private void finished(Entry entry, Instant next) {
        lock.lock();
        try {
            String key = entry.task.key();
            running.remove(key);
            Entry waiting = deferred.remove(key);
            if (waiting != null && current.get(key) == waiting) {
                queue.add(waiting);
            } else if (next != null && !closed && current.get(key) == entry) {
                Entry again = new Entry(entry.task, next, sequence++);
                current.put(key, again);
                queue.add(again);
            }
            changed.signalAll();
        } finally {
            lock.unlock();
        }
    }

    /** Stops the workers (interrupting turns in progress) and waits briefly for them. */
    @Override
    public void close() {
        lock.lock();
        try {
            closed = true;
            changed.signalAll();
        } finally {
            lock.unlock();
        }
        workers.forEach(Thread::interrupt);
        for (Thread worker : workers) {
            try {
                worker.join(TimeUnit.SECONDS.toMillis(10));
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                return;
            }
        }
    }

    private record Entry(Task task, Instant due, long sequence) implements Comparable<Entry> {
        @Override
        public int compareTo(Entry other) {
            int byDue = due.compareTo(other.due);
            return byDue != 0 ? byDue : Long.compare(sequence, other.sequence);
        }
    }
}
