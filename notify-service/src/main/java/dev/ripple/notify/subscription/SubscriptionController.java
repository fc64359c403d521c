package dev.ripple.notify.subscription;

import dev.ripple.events.Refs;
import dev.ripple.notify.Ids;
import dev.ripple.notify.config.NotifyProperties;
import dev.ripple.notify.web.ApiKeyFilter;
import dev.ripple.notify.web.FieldProblem;
import dev.ripple.notify.web.InvalidRequestException;
import dev.ripple.notify.web.NotFoundException;
import dev.ripple.notify.web.Problems;
import java.net.URI;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.ArrayList;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.http.ResponseEntity;
import org.springframework.web.bind.annotation.DeleteMapping;
import org.springframework.web.bind.annotation.GetMapping;
import org.springframework.web.bind.annotation.PatchMapping;
import org.springframework.web.bind.annotation.PathVariable;
import org.springframework.web.bind.annotation.PostMapping;
import org.springframework.web.bind.annotation.RequestAttribute;
import org.springframework.web.bind.annotation.RequestBody;
import org.springframework.web.bind.annotation.RequestMapping;
import org.springframework.web.bind.annotation.RestController;

/**
 * Webhook subscriptions of the caller's API key: create (the only answer carrying the {@code whsec_} secret), list,
 * read, update, pause, resume, delete, rotate the signing keys, send a test event.
 */
@RestController
@RequestMapping("/api/v1/subscriptions")
class SubscriptionController {

    static final int MAX_REFS = 1000;
    static final int MAX_DESCRIPTION = 500;
    static final long MAX_WINDOW_SECONDS = Duration.ofDays(1).toSeconds();

    private static final Logger log = LoggerFactory.getLogger(SubscriptionController.class);

    private final SubscriptionStore store;
    private final TargetGuard guard;
    private final NotifyProperties settings;
    private final TestEvents tests;
    private final Clock clock;

    SubscriptionController(
            SubscriptionStore store, TargetGuard guard, NotifyProperties settings, TestEvents tests, Clock clock) {
        this.store = store;
        this.guard = guard;
        this.settings = settings;
        this.tests = tests;
        this.clock = clock;
    }

    /** The body of a creation, and of an update (where every field left out stays as it is). */
    record Request(
            String url,
            String description,
            List<String> sharers,
            List<String> subjects,
            List<String> eventTypes,
            Double minConfidence,
            Long digestWindowSeconds,
            Long minIntervalSeconds,
            Boolean ordered,
            Integer maxConcurrency,
            Double rateLimit,
            List<String> signatures) {}

    /** A subscription as listed and read: never with a secret. */
    record View(
            UUID id,
            String url,
            String description,
            List<String> sharers,
            List<String> subjects,
            List<String> eventTypes,
            double minConfidence,
            long digestWindowSeconds,
            long minIntervalSeconds,
            boolean ordered,
            int maxConcurrency,
            double rateLimit,
            List<String> signatures,
            List<String> publicKeys,
            String status,
            String disabledReason,
            Instant disabledAt,
            Subscription.Health health,
            Instant createdAt,
            Instant updatedAt) {}

    /** The answer to a creation: the only time the {@code whsec_} secret is shown. */
    record Created(View subscription, String secret) {}

    /** The answer to a rotation: the new keys, and until when the old ones keep signing. */
    record Rotated(String secret, String publicKey, Instant previousKeysExpireAt) {}

    /** The body of a rotation. */
    record Rotation(Long overlapSeconds) {}

    @PostMapping
    ResponseEntity<Map<String, Object>> create(
            @RequestAttribute(ApiKeyFilter.OWNER) String owner, @RequestBody Request request) {
        Instant now = clock.instant().truncatedTo(ChronoUnit.MICROS);
        Subscription subscription = validate(request, null, owner, Ids.uuidV7(now), now);
        List<SigningKeys.Key> keys =
                subscription.signatures().stream().map(SigningKeys::generate).toList();
        store.create(subscription, keys);
        log.info(
                "Subscription {} created by {} for {}",
                subscription.id(),
                owner,
                TargetGuard.describe(URI.create(subscription.url())));
        View view = view(store.find(owner, subscription.id()).orElseThrow());
        String secret = keys.stream()
                .filter(k -> k.scheme().equals("v1"))
                .map(SigningKeys.Key::secret)
                .findFirst()
                .orElse(null);
        Map<String, Object> body = new java.util.LinkedHashMap<>();
        body.put("id", view.id());
        body.put("url", view.url());
        body.put("secret", secret);
        body.put("subscription", view);
        return ResponseEntity.created(URI.create("/api/v1/subscriptions/" + subscription.id()))
                .body(body);
    }

    @GetMapping
    List<View> list(@RequestAttribute(ApiKeyFilter.OWNER) String owner) {
        return store.list(owner).stream().map(this::view).toList();
    }

    @GetMapping("/{id}")
    View read(@RequestAttribute(ApiKeyFilter.OWNER) String owner, @PathVariable String id) {
        return view(find(owner, id));
    }

    @PatchMapping("/{id}")
    View update(
            @RequestAttribute(ApiKeyFilter.OWNER) String owner, @PathVariable String id, @RequestBody Request request) {
        Subscription current = find(owner, id);
        if (request.signatures() != null && !request.signatures().equals(current.signatures())) {
            throw Problems.invalid(
                    "invalid-subscription",
                    "Invalid subscription",
                    "signatures",
                    "signatures cannot change; create a new subscription for other signature schemes");
        }
        Instant now = clock.instant();
        Subscription changed = validate(request, current, owner, current.id(), current.createdAt());
        if (!store.update(owner, changed, now)) {
            throw unknown(id);
        }
        log.info("Subscription {} updated", id);
        return view(find(owner, id));
    }

    @PostMapping("/{id}/pause")
    View pause(@RequestAttribute(ApiKeyFilter.OWNER) String owner, @PathVariable String id) {
        if (!store.setPaused(owner, parse(id), true, clock.instant())) {
            throw unknown(id);
        }
        log.info("Subscription {} paused", id);
        return view(find(owner, id));
    }

    @PostMapping("/{id}/resume")
    View resume(@RequestAttribute(ApiKeyFilter.OWNER) String owner, @PathVariable String id) {
        if (!store.setPaused(owner, parse(id), false, clock.instant())) {
            throw unknown(id);
        }
        log.info("Subscription {} resumed", id);
        return view(find(owner, id));
    }

    @DeleteMapping("/{id}")
    ResponseEntity<Void> delete(@RequestAttribute(ApiKeyFilter.OWNER) String owner, @PathVariable String id) {
        if (!store.delete(owner, parse(id), clock.instant())) {
            throw unknown(id);
        }
        log.info("Subscription {} deleted", id);
        return ResponseEntity.noContent().build();
    }

    @PostMapping("/{id}/rotate")
    Rotated rotate(
            @RequestAttribute(ApiKeyFilter.OWNER) String owner,
            @PathVariable String id,
            @RequestBody(required = false) Rotation rotation) {
        Duration overlap = settings.rotationOverlap();
        if (rotation != null && rotation.overlapSeconds() != null) {
            long seconds = rotation.overlapSeconds();
            if (seconds < 0 || seconds > NotifyProperties.MAX_ROTATION_OVERLAP.toSeconds()) {
                throw Problems.invalid(
                        "invalid-rotation",
                        "Invalid rotation",
                        "overlapSeconds",
                        "overlapSeconds must be between 0 and " + NotifyProperties.MAX_ROTATION_OVERLAP.toSeconds());
            }
            overlap = Duration.ofSeconds(seconds);
        }
        Instant now = clock.instant().truncatedTo(ChronoUnit.MICROS);
        List<SigningKeys.Key> fresh =
                store.rotate(owner, parse(id), overlap, now).orElseThrow(() -> unknown(id));
        log.info("Subscription {}: signing keys rotated; the previous ones sign until {}", id, now.plus(overlap));
        return new Rotated(
                fresh.stream()
                        .filter(k -> k.scheme().equals("v1"))
                        .map(SigningKeys.Key::secret)
                        .findFirst()
                        .orElse(null),
                fresh.stream()
                        .filter(k -> k.scheme().equals("v1a"))
                        .map(SigningKeys.Key::publicKey)
                        .findFirst()
                        .orElse(null),
                now.plus(overlap));
    }

    @PostMapping("/{id}/test")
    ResponseEntity<Map<String, String>> test(
            @RequestAttribute(ApiKeyFilter.OWNER) String owner, @PathVariable String id) {
        Subscription subscription = find(owner, id);
        String messageId = tests.send(subscription, clock.instant());
        return ResponseEntity.accepted().body(Map.of("messageId", messageId));
    }

    private Subscription find(String owner, String id) {
        return store.find(owner, parse(id)).orElseThrow(() -> unknown(id));
    }

    private View view(Subscription s) {
        String status = !s.enabled() ? "disabled" : s.paused() ? "paused" : "active";
        return new View(
                s.id(),
                s.url(),
                s.description(),
                s.sharers(),
                s.subjects(),
                EventTypes.effective(s.eventTypes()),
                s.minConfidence(),
                s.digestWindow().toSeconds(),
                s.minInterval().toSeconds(),
                s.ordered(),
                s.maxConcurrency(),
                s.rateLimit(),
                s.signatures(),
                store.publicKeys(s.id(), clock.instant()),
                status,
                s.disabledReason(),
                s.disabledAt(),
                s.health(),
                s.createdAt(),
                s.updatedAt());
    }

    /** The subscription a request describes, naming every bad field at once. */
    private Subscription validate(Request r, Subscription current, String owner, UUID id, Instant createdAt) {
        List<FieldProblem> problems = new ArrayList<>();
        String url = r.url() != null ? r.url() : current == null ? null : current.url();
        if (r.url() != null || current == null) {
            guard.problems(url).forEach(message -> problems.add(new FieldProblem("url", message)));
        }
        String description = r.description() != null ? r.description() : current == null ? null : current.description();
        if (description != null && description.length() > MAX_DESCRIPTION) {
            problems.add(
                    new FieldProblem("description", "description must be at most " + MAX_DESCRIPTION + " characters"));
        }
        List<String> sharers = refs("sharers", r.sharers(), current == null ? List.of() : current.sharers(), problems);
        List<String> subjects =
                refs("subjects", r.subjects(), current == null ? List.of() : current.subjects(), problems);
        List<String> types = current == null ? List.of() : current.eventTypes();
        if (r.eventTypes() != null) {
            LinkedHashSet<String> chosen = new LinkedHashSet<>();
            for (int i = 0; i < r.eventTypes().size(); i++) {
                String type = r.eventTypes().get(i);
                if (type == null || !EventTypes.ALL.contains(type)) {
                    problems.add(new FieldProblem(
                            "eventTypes[" + i + "]",
                            "eventTypes[" + i + "] '" + type + "' is not one of " + String.join(", ", EventTypes.ALL)));
                } else {
                    chosen.add(type);
                }
            }
            types = List.copyOf(chosen);
        }
        double minConfidence = r.minConfidence() != null
                ? r.minConfidence()
                : current == null ? settings.minConfidence() : current.minConfidence();
        if (!(minConfidence >= 0 && minConfidence <= 1)) {
            problems.add(new FieldProblem("minConfidence", "minConfidence must be between 0 and 1"));
        }
        Duration window = current == null ? settings.digestWindow() : current.digestWindow();
        if (r.digestWindowSeconds() != null) {
            if (r.digestWindowSeconds() < 1 || r.digestWindowSeconds() > MAX_WINDOW_SECONDS) {
                problems.add(new FieldProblem(
                        "digestWindowSeconds", "digestWindowSeconds must be between 1 and " + MAX_WINDOW_SECONDS));
            } else {
                window = Duration.ofSeconds(r.digestWindowSeconds());
            }
        }
        Duration interval = current == null ? settings.minInterval() : current.minInterval();
        if (r.minIntervalSeconds() != null) {
            if (r.minIntervalSeconds() < 0 || r.minIntervalSeconds() > MAX_WINDOW_SECONDS) {
                problems.add(new FieldProblem(
                        "minIntervalSeconds", "minIntervalSeconds must be between 0 and " + MAX_WINDOW_SECONDS));
            } else {
                interval = Duration.ofSeconds(r.minIntervalSeconds());
            }
        }
        boolean ordered = r.ordered() != null ? r.ordered() : current != null && current.ordered();
        int concurrency = r.maxConcurrency() != null
                ? r.maxConcurrency()
                : current == null ? settings.delivery().concurrency() : current.maxConcurrency();
        if (concurrency < 1 || concurrency > 100) {
            problems.add(new FieldProblem("maxConcurrency", "maxConcurrency must be between 1 and 100"));
        }
        double rateLimit = r.rateLimit() != null
                ? r.rateLimit()
                : current == null ? settings.delivery().rateLimit() : current.rateLimit();
        if (!(rateLimit > 0 && rateLimit <= 10_000)) {
            problems.add(new FieldProblem("rateLimit", "rateLimit must be above 0 and at most 10000 per second"));
        }
        List<String> signatures = current != null ? current.signatures() : List.of("v1");
        if (current == null && r.signatures() != null) {
            LinkedHashSet<String> schemes = new LinkedHashSet<>();
            for (String scheme : r.signatures()) {
                if (!"v1".equals(scheme) && !"v1a".equals(scheme)) {
                    problems.add(new FieldProblem("signatures", "signatures may hold only \"v1\" and \"v1a\""));
                } else {
                    schemes.add(scheme);
                }
            }
            if (schemes.isEmpty()) {
                problems.add(new FieldProblem("signatures", "signatures must name at least one scheme"));
            }
            signatures = List.copyOf(schemes);
        }
        if (!problems.isEmpty()) {
            throw new InvalidRequestException("invalid-subscription", "Invalid subscription", problems);
        }
        return new Subscription(
                id,
                owner,
                url,
                description,
                sharers,
                subjects,
                types,
                minConfidence,
                window,
                interval,
                ordered,
                concurrency,
                rateLimit,
                signatures,
                current != null && current.paused(),
                current == null || current.enabled(),
                null,
                null,
                createdAt,
                createdAt,
                null);
    }

    private static List<String> refs(
            String field, List<String> given, List<String> unchanged, List<FieldProblem> problems) {
        if (given == null) {
            return unchanged;
        }
        LinkedHashSet<String> refs = new LinkedHashSet<>();
        if (given.size() > MAX_REFS) {
            problems.add(new FieldProblem(field, field + " must list at most " + MAX_REFS + " refs"));
            return unchanged;
        }
        for (int i = 0; i < given.size(); i++) {
            String ref = given.get(i);
            String name = field + "[" + i + "]";
            if (ref == null || ref.isBlank()) {
                problems.add(new FieldProblem(name, name + " is missing"));
            } else if (!Refs.isValid(ref)) {
                problems.add(new FieldProblem(
                        name, name + " '" + ref + "' is not an account ref <platform>:<authority>:<id>"));
            } else {
                refs.add(ref);
            }
        }
        return List.copyOf(refs);
    }

    static UUID parse(String id) {
        try {
            return UUID.fromString(id);
        } catch (IllegalArgumentException e) {
            throw unknown(id);
        }
    }

    static NotFoundException unknown(String id) {
        return new NotFoundException(
                "subscription-not-found", "Subscription not found", "There is no subscription " + id + ".");
    }
}
