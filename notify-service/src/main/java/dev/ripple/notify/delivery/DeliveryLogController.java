package dev.ripple.notify.delivery;

import dev.ripple.notify.config.NotifyProperties;
import dev.ripple.notify.subscription.Subscription;
import dev.ripple.notify.subscription.SubscriptionStore;
import dev.ripple.notify.web.ApiKeyFilter;
import dev.ripple.notify.web.NotFoundException;
import dev.ripple.notify.web.Problems;
import java.time.Clock;
import java.time.Instant;
import java.time.format.DateTimeParseException;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.UUID;
import org.springframework.http.ResponseEntity;
import org.springframework.web.bind.annotation.GetMapping;
import org.springframework.web.bind.annotation.PathVariable;
import org.springframework.web.bind.annotation.PostMapping;
import org.springframework.web.bind.annotation.RequestAttribute;
import org.springframework.web.bind.annotation.RequestBody;
import org.springframework.web.bind.annotation.RequestParam;
import org.springframework.web.bind.annotation.RestController;
import tools.jackson.databind.json.JsonMapper;

/**
 * The delivery log of the caller's subscriptions: messages, every attempt with status, latency, response excerpt and
 * error; redelivering one message; replaying everything since a time (within the retention); the owner's notices.
 */
@RestController
class DeliveryLogController {

    static final int MAX_LIMIT = 500;
    private static final Set<String> STATUSES = Set.of("PENDING", "DELIVERED", "FAILED", "CANCELLED");
    private static final JsonMapper JSON = JsonMapper.builder().build();

    private final DeliveryLog log;
    private final SubscriptionStore subscriptions;
    private final NotifyProperties settings;
    private final Clock clock;

    DeliveryLogController(DeliveryLog log, SubscriptionStore subscriptions, NotifyProperties settings, Clock clock) {
        this.log = log;
        this.subscriptions = subscriptions;
        this.settings = settings;
        this.clock = clock;
    }

    /** The body of a replay. */
    record Replay(String since, Boolean failedOnly) {}

    @GetMapping("/api/v1/subscriptions/{id}/messages")
    List<DeliveryLog.MessageView> messages(
            @RequestAttribute(ApiKeyFilter.OWNER) String owner,
            @PathVariable String id,
            @RequestParam(required = false) String status,
            @RequestParam(defaultValue = "50") int limit) {
        UUID subscription = owned(owner, id);
        if (status != null && !STATUSES.contains(status)) {
            throw Problems.invalid(
                    "invalid-parameter", "Invalid parameter", "status", "status must be one of " + STATUSES);
        }
        return log.messages(subscription, status, limit(limit));
    }

    @GetMapping("/api/v1/subscriptions/{id}/messages/{messageId}")
    Map<String, Object> message(
            @RequestAttribute(ApiKeyFilter.OWNER) String owner,
            @PathVariable String id,
            @PathVariable String messageId) {
        UUID subscription = owned(owner, id);
        DeliveryLog.MessageView message = log.message(subscription, messageId)
                .orElseThrow(() -> Problems.notFound("message-not-found", "Message", messageId));
        Map<String, Object> body = new LinkedHashMap<>();
        body.put("message", message);
        body.put("payload", JSON.readTree(log.body(subscription, messageId).orElse("null")));
        body.put("attempts", log.attempts(subscription, messageId, MAX_LIMIT));
        return body;
    }

    @GetMapping("/api/v1/subscriptions/{id}/attempts")
    List<DeliveryLog.AttemptView> attempts(
            @RequestAttribute(ApiKeyFilter.OWNER) String owner,
            @PathVariable String id,
            @RequestParam(defaultValue = "50") int limit) {
        return log.attempts(owned(owner, id), null, limit(limit));
    }

    @PostMapping("/api/v1/subscriptions/{id}/messages/{messageId}/redeliver")
    ResponseEntity<Map<String, String>> redeliver(
            @RequestAttribute(ApiKeyFilter.OWNER) String owner,
            @PathVariable String id,
            @PathVariable String messageId) {
        UUID subscription = owned(owner, id);
        log.message(subscription, messageId)
                .orElseThrow(() -> Problems.notFound("message-not-found", "Message", messageId));
        if (!log.redeliver(subscription, messageId, clock.instant())) {
            throw new dev.ripple.notify.web.ConflictException(
                    "message-in-flight", "Message in flight", "Message " + messageId + " is being sent right now.");
        }
        return ResponseEntity.accepted().body(Map.of("messageId", messageId));
    }

    @PostMapping("/api/v1/subscriptions/{id}/replay")
    ResponseEntity<Map<String, Object>> replay(
            @RequestAttribute(ApiKeyFilter.OWNER) String owner, @PathVariable String id, @RequestBody Replay replay) {
        UUID subscription = owned(owner, id);
        Instant now = clock.instant();
        Instant since;
        try {
            since = replay.since() == null ? null : Instant.parse(replay.since());
        } catch (DateTimeParseException e) {
            since = null;
        }
        if (since == null) {
            throw Problems.invalid(
                    "invalid-replay",
                    "Invalid replay",
                    "since",
                    "since must be an ISO-8601 instant such as 2026-01-02T03:04:05Z");
        }
        Instant oldest = now.minus(settings.retention());
        if (since.isBefore(oldest)) {
            throw Problems.invalid(
                    "invalid-replay",
                    "Invalid replay",
                    "since",
                    "since must be within the retention of "
                            + settings.retention().toDays() + " days (at or after " + oldest + ")");
        }
        int requeued = log.replay(subscription, since, Boolean.TRUE.equals(replay.failedOnly()), now);
        Map<String, Object> body = new LinkedHashMap<>();
        body.put("requeued", requeued);
        body.put("since", since);
        return ResponseEntity.accepted().body(body);
    }

    @GetMapping("/api/v1/notices")
    List<DeliveryLog.Notice> notices(
            @RequestAttribute(ApiKeyFilter.OWNER) String owner, @RequestParam(defaultValue = "50") int limit) {
        return log.notices(owner, limit(limit));
    }

    private UUID owned(String owner, String id) {
        UUID uuid;
        try {
            uuid = UUID.fromString(id);
        } catch (IllegalArgumentException e) {
            throw unknown(id);
        }
        return subscriptions
                .find(uuid)
                .filter(s -> s.owner().equals(owner))
                .map(Subscription::id)
                .orElseThrow(() -> unknown(id));
    }

    private static int limit(int limit) {
        if (limit < 1 || limit > MAX_LIMIT) {
            throw Problems.invalid(
                    "invalid-parameter", "Invalid parameter", "limit", "limit must be between 1 and " + MAX_LIMIT);
        }
        return limit;
    }

    private static NotFoundException unknown(String id) {
        return new NotFoundException(
                "subscription-not-found", "Subscription not found", "There is no subscription " + id + ".");
    }
}
