package dev.ripple.ingest.replay;

import dev.ripple.ingest.replay.ReplayReport.Published;
import dev.ripple.ingest.replay.ReplayReport.Rejection;
import java.time.Clock;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;

/**
 * The counters of one replay. Written by the replay thread and by Kafka's callback thread, read by HTTP requests:
 * every access is synchronized (a few uncontended monitor entries per event).
 */
final class ReplayTally {

    static final int MAX_REJECTIONS = 1000;

    private final String id;
    private final String input;
    private final double speed;
    private final Clock clock;
    private final Instant startedAt;
    private final List<Rejection> rejections = new ArrayList<>();

    private ReplayStatus status = ReplayStatus.RUNNING;
    private long linesRead;
    private long shares;
    private long follows;
    private long followings;
    private long failed;
    private long rejected;
    private long duplicates;
    private String firstFailure;
    private Instant finishedAt;
    private String error;

    ReplayTally(String id, String input, double speed, Clock clock) {
        this.id = id;
        this.input = input;
        this.speed = speed;
        this.clock = clock;
        this.startedAt = clock.instant();
    }

    synchronized void lineRead() {
        linesRead++;
    }

    synchronized long linesRead() {
        return linesRead;
    }

    /** Returns how many lines have been rejected, this one included. */
    synchronized long rejected(long line, String reason) {
        rejected++;
        if (rejections.size() < MAX_REJECTIONS) {
            rejections.add(new Rejection(line, reason));
        }
        return rejected;
    }

    synchronized void duplicate() {
        duplicates++;
    }

    synchronized void published(EventType type) {
        switch (type) {
            case SHARE -> shares++;
            case FOLLOW -> follows++;
            case FOLLOWING -> followings++;
        }
    }

    synchronized void failed(String reason) {
        failed++;
        if (firstFailure == null) {
            firstFailure = reason;
        }
    }

    synchronized long failedCount() {
        return failed;
    }

    synchronized String firstFailure() {
        return firstFailure;
    }

    synchronized void completed() {
        finish(ReplayStatus.COMPLETED, null);
    }

    synchronized void failedWith(String reason) {
        finish(ReplayStatus.FAILED, reason);
    }

    private void finish(ReplayStatus finalStatus, String reason) {
        if (status == ReplayStatus.RUNNING) {
            status = finalStatus;
            error = reason;
            finishedAt = clock.instant();
        }
    }

    synchronized ReplayReport snapshot() {
        return new ReplayReport(
                id,
                status,
                input,
                speed,
                linesRead,
                new Published(shares, follows, followings),
                failed,
                rejected,
                duplicates,
                rejections,
                startedAt,
                finishedAt,
                error);
    }
}
