package dev.ripple.notify.intake;

import dev.ripple.events.Account;
import dev.ripple.events.FollowAttributed;
import dev.ripple.events.PathStep;
import dev.ripple.events.Topics;
import dev.ripple.notify.delivery.AlertOutbox;
import dev.ripple.notify.policy.Alert;
import dev.ripple.notify.policy.AlertPolicy;
import dev.ripple.notify.policy.Credit;
import dev.ripple.notify.policy.CreditLedger;
import dev.ripple.notify.policy.Decision;
import dev.ripple.notify.policy.LedgerAction;
import dev.ripple.notify.policy.Person;
import dev.ripple.notify.policy.StreamChange;
import dev.ripple.notify.policy.StreamKey;
import dev.ripple.notify.policy.StreamState;
import dev.ripple.notify.policy.Withdrawal;
import java.time.Clock;
import java.time.Instant;
import java.util.List;
import java.util.Objects;
import java.util.Optional;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.stereotype.Service;
import org.springframework.transaction.annotation.Transactional;

/**
 * Applies one attribution decision in one transaction: the watermark, the credit log, the stream's state, and the
 * alerts with their deliveries (the outbox). Either all of it is stored or none of it.
 */
@Service
class AttributionHandler {

    private static final Logger log = LoggerFactory.getLogger(AttributionHandler.class);

    private final WatermarkStore watermarks;
    private final CreditStore credits;
    private final StreamStore streams;
    private final AlertOutbox outbox;
    private final AlertPolicy policy;
    private final Clock clock;

    AttributionHandler(
            WatermarkStore watermarks,
            CreditStore credits,
            StreamStore streams,
            AlertOutbox outbox,
            AlertPolicy policy,
            Clock clock) {
        this.watermarks = watermarks;
        this.credits = credits;
        this.streams = streams;
        this.outbox = outbox;
        this.policy = policy;
        this.clock = clock;
    }

    /**
     * @param event a valid decision (see {@link AttributionsConsumer#check})
     * @param partition the partition of {@link Topics#ATTRIBUTIONS} it was read from
     */
    @Transactional
    public void handle(FollowAttributed event, int partition) {
        Instant now = clock.instant();
        Instant watermark = watermarks.advance(Topics.ATTRIBUTIONS, partition, event.followedAt(), now);
        if (event.sharer() == null) {
            // Unattributed: nobody to alert. It still moved the watermark.
            log.debug("Attribution {} credits no sharer; nothing to alert", event.id());
            return;
        }
        Account sharer = event.sharer();
        StreamKey key = event.cascadeId() == null
                ? null
                : new StreamKey(sharer.ref(), event.subject().ref(), event.cascadeId());
        Optional<StoredCredit> stored = credits.lock(event.followId(), sharer.ref());
        LedgerAction action = CreditLedger.classify(
                stored.map(StoredCredit::prior).orElse(null), event.decisionVersion(), event.credited(), key);
        Long streamId = stored.map(StoredCredit::streamId).orElse(null);
        Person follower = new Person(event.follower().ref(), event.follower().handle());
        switch (action) {
            case STALE -> {
                log.debug("Attribution {} is not newer than what is stored; ignored", event.id());
                return;
            }
            case IGNORE, UNCHANGED -> {
                // Nothing to count; the newer version is still recorded below.
            }
            case CREDIT ->
                streamId = apply(
                        lockOrCreate(key, event, partition, now), credit(event), event, partition, watermark, now);
            case WITHDRAW ->
                apply(
                        streams.lock(Objects.requireNonNull(streamId)),
                        new Withdrawal(event.followId(), follower, event.followedAt()),
                        event,
                        partition,
                        watermark,
                        now);
            case MOVE -> {
                apply(
                        streams.lock(Objects.requireNonNull(streamId)),
                        new Withdrawal(event.followId(), follower, event.followedAt()),
                        event,
                        partition,
                        watermark,
                        now);
                streamId = apply(
                        lockOrCreate(key, event, partition, now), credit(event), event, partition, watermark, now);
            }
        }
        credits.record(event, streamId, now);
    }

    private StoredStream lockOrCreate(StreamKey key, FollowAttributed event, int partition, Instant now) {
        return streams.lockOrCreate(key, person(event.sharer()), person(event.subject()), partition, now);
    }

    private long apply(
            StoredStream stored,
            StreamChange change,
            FollowAttributed event,
            int partition,
            Instant watermark,
            Instant now) {
        StreamState state = stored.state();
        // Alerts name people by their latest handles.
        if (state.key().sharerRef().equals(event.sharer().ref())
                && state.key().subjectRef().equals(event.subject().ref())) {
            state = state.withPeople(person(event.sharer()), person(event.subject()));
        }
        Decision decision = policy.decide(state, change, watermark, now);
        streams.save(stored.id(), partition, decision.state(), now);
        for (Alert alert : decision.alerts()) {
            outbox.enqueue(stored.id(), alert, now);
        }
        return stored.id();
    }

    private static Credit credit(FollowAttributed event) {
        List<String> path = event.path().stream()
                .map(PathStep::actor)
                .filter(Objects::nonNull)
                .map(Account::handle)
                .filter(Objects::nonNull)
                .toList();
        return new Credit(event.followId(), person(event.follower()), event.followedAt(), event.confidence(), path);
    }

    private static Person person(Account account) {
        return new Person(account.ref(), account.handle());
    }
}
