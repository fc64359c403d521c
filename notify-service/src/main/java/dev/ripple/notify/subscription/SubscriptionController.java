package dev.ripple.notify.subscription;

import dev.ripple.events.Refs;
import dev.ripple.notify.Ids;
import dev.ripple.notify.web.FieldProblem;
import dev.ripple.notify.web.InvalidRequestException;
import dev.ripple.notify.web.NotFoundException;
import java.net.URI;
import java.time.Clock;
import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.ArrayList;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.UUID;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.http.ResponseEntity;
import org.springframework.web.bind.annotation.DeleteMapping;
import org.springframework.web.bind.annotation.GetMapping;
import org.springframework.web.bind.annotation.PathVariable;
import org.springframework.web.bind.annotation.PostMapping;
import org.springframework.web.bind.annotation.RequestBody;
import org.springframework.web.bind.annotation.RequestMapping;
import org.springframework.web.bind.annotation.RestController;

/** Webhook subscriptions: create (the only response carrying the secret), list, read, delete. */
@RestController
@RequestMapping("/api/v1/subscriptions")
class SubscriptionController {

    static final int MAX_SHARERS = 1000;

    private static final Logger log = LoggerFactory.getLogger(SubscriptionController.class);

    private final SubscriptionStore store;
    private final TargetGuard guard;
    private final Clock clock;

    SubscriptionController(SubscriptionStore store, TargetGuard guard, Clock clock) {
        this.store = store;
        this.guard = guard;
        this.clock = clock;
    }

    /** The request body of {@code POST /api/v1/subscriptions}. */
    record NewSubscription(String url, List<String> sharers) {}

    /** The answer to a creation: the only time the secret is shown. */
    record Created(UUID id, String url, List<String> sharers, String secret, Instant createdAt) {}

    /** A subscription as listed and read: never with its secret. */
    record View(UUID id, String url, List<String> sharers, boolean enabled, String disabledReason, Instant createdAt) {

        static View of(Subscription subscription) {
            return new View(
                    subscription.id(),
                    subscription.url(),
                    subscription.sharers(),
                    subscription.enabled(),
                    subscription.disabledReason(),
                    subscription.createdAt());
        }
    }

    @PostMapping
    ResponseEntity<Created> create(@RequestBody NewSubscription request) {
        List<String> sharers = validate(request);
        Instant now = clock.instant().truncatedTo(ChronoUnit.MICROS);
        Subscription subscription = new Subscription(Ids.uuidV7(now), request.url(), sharers, true, null, now);
        String secret = WebhookSecrets.generate();
        store.create(subscription, secret);
        log.info(
                "Subscription {} created for {} ({})",
                subscription.id(),
                TargetGuard.describe(URI.create(subscription.url())),
                sharers.isEmpty() ? "every sharer" : sharers.size() + " sharers");
        return ResponseEntity.created(URI.create("/api/v1/subscriptions/" + subscription.id()))
                .body(new Created(subscription.id(), subscription.url(), sharers, secret, now));
    }

    @GetMapping
    List<View> list() {
        return store.list().stream().map(View::of).toList();
    }

    @GetMapping("/{id}")
    View read(@PathVariable String id) {
        return store.find(parse(id)).map(View::of).orElseThrow(() -> unknown(id));
    }

    @DeleteMapping("/{id}")
    ResponseEntity<Void> delete(@PathVariable String id) {
        if (!store.delete(parse(id), clock.instant())) {
            throw unknown(id);
        }
        log.info("Subscription {} deleted", id);
        return ResponseEntity.noContent().build();
    }

    private List<String> validate(NewSubscription request) {
        List<FieldProblem> problems = new ArrayList<>();
        guard.problems(request.url()).forEach(message -> problems.add(new FieldProblem("url", message)));
        LinkedHashSet<String> sharers = new LinkedHashSet<>();
        List<String> given = request.sharers() == null ? List.of() : request.sharers();
        if (given.size() > MAX_SHARERS) {
            problems.add(new FieldProblem("sharers", "sharers must list at most " + MAX_SHARERS + " refs"));
        } else {
            for (int i = 0; i < given.size(); i++) {
                String ref = given.get(i);
                String field = "sharers[" + i + "]";
                if (ref == null || ref.isBlank()) {
                    problems.add(new FieldProblem(field, field + " is missing"));
                } else if (!Refs.isValid(ref)) {
                    problems.add(new FieldProblem(
                            field, field + " '" + ref + "' is not an account ref <platform>:<authority>:<id>"));
                } else {
                    sharers.add(ref);
                }
            }
        }
        if (!problems.isEmpty()) {
            throw new InvalidRequestException("invalid-subscription", "Invalid subscription", problems);
        }
        return List.copyOf(sharers);
    }

    private static UUID parse(String id) {
        try {
            return UUID.fromString(id);
        } catch (IllegalArgumentException e) {
            throw unknown(id);
        }
    }

    private static NotFoundException unknown(String id) {
        return new NotFoundException(
                "subscription-not-found", "Subscription not found", "There is no subscription " + id + ".");
    }
}
