package dev.ripple.cascade.publish;

import dev.ripple.cascade.config.CascadeSettings;
import dev.ripple.cascade.metrics.CascadeMetrics;
import dev.ripple.cascade.store.OutboxStore;
import dev.ripple.cascade.store.OutboxStore.OutboxBatch;
import dev.ripple.cascade.store.OutboxStore.OutboxMessage;
import dev.ripple.cascade.tracing.KafkaTracing;
import dev.ripple.events.CloudEvents;
import io.micrometer.tracing.Span;
import java.nio.charset.StandardCharsets;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.RejectedExecutionException;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.locks.ReentrantLock;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.apache.kafka.clients.producer.RecordMetadata;
import org.apache.kafka.common.header.internals.RecordHeaders;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.beans.factory.DisposableBean;
import org.springframework.scheduling.annotation.Scheduled;
import org.springframework.stereotype.Component;
import org.springframework.transaction.event.TransactionPhase;
import org.springframework.transaction.event.TransactionalEventListener;
import org.springframework.transaction.support.TransactionTemplate;

/**
 * Publishes the outbox: claims the oldest waiting messages (skipping rows another instance holds), sends them,
 * waits for the broker's acknowledgement and deletes them, in one transaction. A crash between send and delete
 * re-sends on restart: consumers deduplicate by the message id.
 *
 * <p>A batch's commit wakes the relay at once (decision latency is not a poll interval); the poll stays as the safety
 * net for rows a wake-up missed (written by another instance, or left by a failed send). One pass runs at a time, so
 * this instance publishes its outbox rows in order.
 */
@Component
class OutboxRelay implements DisposableBean {

    private static final Logger log = LoggerFactory.getLogger(OutboxRelay.class);
    static final String SOURCE = "/ripple/cascade-service";

    private final OutboxStore outbox;
    private final RippleProducer producer;
    private final TransactionTemplate transactions;
    private final int batchSize;
    private final KafkaTracing tracing;
    private final CascadeMetrics metrics;
    private final ReentrantLock passes = new ReentrantLock();
    private final AtomicBoolean wakeQueued = new AtomicBoolean();
    private final ExecutorService waker = Executors.newSingleThreadExecutor(
            Thread.ofVirtual().name("outbox-relay").factory());

    OutboxRelay(
            OutboxStore outbox,
            RippleProducer producer,
            TransactionTemplate transactions,
            CascadeSettings settings,
            KafkaTracing tracing,
            CascadeMetrics metrics) {
        this.outbox = outbox;
        this.producer = producer;
        this.transactions = transactions;
        this.batchSize = settings.outbox().batchSize();
        this.tracing = tracing;
        this.metrics = metrics;
    }

    /** After a batch's transaction committed messages: one more pass, unless one is already queued. */
    @TransactionalEventListener(phase = TransactionPhase.AFTER_COMMIT)
    void messagesCommitted(OutboxStore.MessagesAdded added) {
        if (wakeQueued.compareAndSet(false, true)) {
            try {
                waker.execute(() -> {
                    wakeQueued.set(false);
                    passes.lock();
                    try {
                        relay();
                    } finally {
                        passes.unlock();
                    }
                });
            } catch (RejectedExecutionException e) {
                // Shutting down: the rows stay in the outbox and the next start publishes them.
                wakeQueued.set(false);
            }
        }
    }

    /** The safety net; skipped while a pass runs (a commit during that pass queues another). */
    @Scheduled(fixedDelayString = "${ripple.cascade.outbox.poll-interval}")
    void poll() {
        if (passes.tryLock()) {
            try {
                relay();
            } finally {
                passes.unlock();
            }
        }
    }

    private void relay() {
        try {
            int published;
            do {
                Integer count = transactions.execute(status -> publishBatch());
                published = count == null ? 0 : count;
            } while (published == batchSize);
        } catch (RuntimeException e) {
            log.warn(
                    "Publishing attributions failed; the messages stay in the outbox and are retried: {}",
                    e.toString());
        }
    }

    private int publishBatch() {
        List<OutboxBatch> batches = outbox.claim(batchSize);
        if (batches.isEmpty()) {
            return 0;
        }
        List<Future<RecordMetadata>> sent = new ArrayList<>();
        List<Span> spans = new ArrayList<>();
        List<OutboxMessage> messages = new ArrayList<>();
        List<Instant> committed = new ArrayList<>();
        try {
            for (OutboxBatch batch : batches) {
                for (OutboxMessage message : batch.messages()) {
                    // A child of the span that processed the event which caused this decision (same trace).
                    Span span = tracing.produce(message.traceContext(), message.topic())
                            .tag("messaging.message.id", message.eventId());
                    spans.add(span);
                    ProducerRecord<String, byte[]> record = record(message);
                    tracing.inject(span, record.headers());
                    sent.add(producer.send(record));
                    messages.add(message);
                    committed.add(batch.createdAt());
                }
            }
            producer.flush();
            for (Future<RecordMetadata> future : sent) {
                future.get(30, TimeUnit.SECONDS);
            }
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            spans.forEach(span -> span.error(e).end());
            throw new IllegalStateException("interrupted while publishing", e);
        } catch (ExecutionException | TimeoutException | RuntimeException e) {
            spans.forEach(span -> span.error(e).end());
            if (e instanceof RuntimeException runtime) {
                throw runtime;
            }
            throw new IllegalStateException("Kafka did not acknowledge: " + e.getMessage(), e);
        }
        outbox.delete(batches);
        Instant now = Instant.now();
        spans.forEach(Span::end);
        for (int i = 0; i < messages.size(); i++) {
            OutboxMessage message = messages.get(i);
            metrics.produced(message.topic(), 1);
            metrics.published(message.time(), committed.get(i), now);
        }
        return batches.size();
    }

    @Override
    public void destroy() {
        waker.shutdownNow();
    }

    static ProducerRecord<String, byte[]> record(OutboxMessage message) {
        RecordHeaders headers = new RecordHeaders();
        headers.add(CloudEvents.SPEC_VERSION, bytes(CloudEvents.SPEC_VERSION_VALUE));
        headers.add(CloudEvents.ID, bytes(message.eventId()));
        headers.add(CloudEvents.TYPE, bytes(message.type()));
        headers.add(CloudEvents.SOURCE, bytes(SOURCE));
        headers.add(CloudEvents.TIME, bytes(message.time().toString()));
        headers.add(CloudEvents.SUBJECT, bytes(message.key()));
        headers.add(CloudEvents.CONTENT_TYPE, bytes(CloudEvents.JSON));
        return new ProducerRecord<>(message.topic(), null, message.key(), message.payload(), headers);
    }

    private static byte[] bytes(String value) {
        return value.getBytes(StandardCharsets.UTF_8);
    }
}
