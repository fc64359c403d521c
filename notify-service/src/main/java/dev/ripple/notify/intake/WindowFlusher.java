package dev.ripple.notify.intake;

import dev.ripple.events.Topics;
import dev.ripple.notify.config.NotifyProperties;
import dev.ripple.notify.delivery.AlertOutbox;
import dev.ripple.notify.policy.Alert;
import dev.ripple.notify.policy.AlertPolicy;
import dev.ripple.notify.policy.Decision;
import java.time.Clock;
import java.time.Instant;
import java.util.List;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.dao.DataAccessException;
import org.springframework.scheduling.annotation.Scheduled;
import org.springframework.stereotype.Component;
import org.springframework.transaction.support.TransactionTemplate;

/**
 * Closes digest windows that no new credit will close: those whose partition's watermark has passed their end, and
 * those open for {@code max-wait} of wall-clock time. Safe with several instances: due streams are locked with
 * {@code SKIP LOCKED}.
 */
@Component
class WindowFlusher {

    private static final Logger log = LoggerFactory.getLogger(WindowFlusher.class);

    private final StreamStore streams;
    private final AlertOutbox outbox;
    private final AlertPolicy policy;
    private final TransactionTemplate transactions;
    private final Clock clock;
    private final int batchSize;

    WindowFlusher(
            StreamStore streams,
            AlertOutbox outbox,
            AlertPolicy policy,
            TransactionTemplate transactions,
            Clock clock,
            NotifyProperties settings) {
        this.streams = streams;
        this.outbox = outbox;
        this.policy = policy;
        this.transactions = transactions;
        this.clock = clock;
        this.batchSize = settings.delivery().batchSize();
    }

    @Scheduled(fixedDelayString = "${ripple.notify.delivery.poll-interval}")
    void flushDueWindows() {
        try {
            int closed;
            do {
                closed = flushBatch();
            } while (closed == batchSize);
        } catch (DataAccessException e) {
            log.warn("Could not close due digest windows ({}); will try again at the next poll", e.getMessage());
        }
    }

    /** Closes one batch of due windows in one transaction; returns how many streams were looked at. */
    int flushBatch() {
        Integer count = transactions.execute(status -> {
            Instant now = clock.instant();
            List<StoredStream> due = streams.lockDue(Topics.ATTRIBUTIONS, now.minus(policy.maxWait()), batchSize);
            for (StoredStream stream : due) {
                Decision decision = policy.flush(stream.state(), stream.watermark(), now);
                streams.save(stream.id(), stream.partition(), decision.state(), now);
                for (Alert alert : decision.alerts()) {
                    outbox.enqueue(stream.id(), alert, now);
                }
            }
            return due.size();
        });
        return count == null ? 0 : count;
    }
}
