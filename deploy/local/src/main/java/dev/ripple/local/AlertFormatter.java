package dev.ripple.local;

import java.time.Instant;
import java.time.ZoneId;
import java.time.ZoneOffset;
import java.time.format.DateTimeFormatter;
import java.time.format.DateTimeParseException;
import java.util.ArrayList;
import java.util.List;
import tools.jackson.databind.JsonNode;

/**
 * Renders a delivery the way a person wants to read it: when it happened, whether the signature holds, what the alert
 * says, and one short line of facts (who, which cascade, how many, along which path).
 *
 * <pre>
 * 2009-09-18 15:21:30  ✓ Your mention of @author@example.social reached … (31 in all).
 *                        → @sarah@example.social · cascade 1234abcd · 25 new, 31 in all · path @sarah → @julien → @chris
 * </pre>
 */
final class AlertFormatter {

    static final String VERIFIED = "✓";
    static final String REJECTED = "✗";

    private static final DateTimeFormatter EVENT_TIME =
            DateTimeFormatter.ofPattern("yyyy-MM-dd HH:mm:ss").withZone(ZoneOffset.UTC);
    private static final DateTimeFormatter WALL_TIME = DateTimeFormatter.ofPattern("HH:mm:ss");
    private static final int TIME_WIDTH = 19;
    private static final String INDENT = " ".repeat(TIME_WIDTH + 2) + "  ";

    private final ZoneId wallZone;

    AlertFormatter(ZoneId wallZone) {
        this.wallZone = wallZone;
    }

    String format(Delivery delivery) {
        if (!delivery.verified()) {
            String received =
                    "received " + WALL_TIME.format(delivery.receivedAt().atZone(wallZone));
            return pad(received) + "  " + REJECTED + " signature rejected for " + orUnknown(delivery.id()) + ": "
                    + delivery.error() + " (answered 400)";
        }
        String time = pad(eventTime(delivery));
        if (delivery.duplicate()) {
            return time + "  " + VERIFIED + " ↺ " + orUnknown(delivery.id())
                    + " again: a repeated delivery of an alert shown above (answered 204, not counted twice)";
        }
        JsonNode data = delivery.data();
        String type = Json.text(delivery.payload(), "type");
        if (!data.isObject() || type == null) {
            return time + "  " + VERIFIED + " delivery " + orUnknown(delivery.id()) + ": "
                    + abbreviate(delivery.payload().toString(), 200);
        }
        String text = Json.text(data, "text");
        if (isShareAlert(type) || isSubjectDigest(type)) {
            if (text == null) {
                text = Json.number(data, "newFollows") + " new follows of " + handle(data.path("subject"));
            }
            return time + "  " + VERIFIED + " " + text + "\n" + INDENT + "→ " + label(type) + " · "
                    + (isSubjectDigest(type) ? subjectFacts(data) : facts(data));
        }
        // Operational and test events: their sentence, else the raw payload.
        return time + "  " + VERIFIED + " " + type + " " + orUnknown(delivery.id()) + ": "
                + (text != null ? text : abbreviate(delivery.payload().toString(), 200));
    }

    /** An alert to a sharer: {@code share.follows.first|digest|milestone} or {@code cascade.summary}. */
    static boolean isShareAlert(String type) {
        return type != null && (type.startsWith("share.follows") || type.equals("cascade.summary"));
    }

    static boolean isSubjectDigest(String type) {
        return "subject.follows.digest".equals(type);
    }

    /** {@code share.follows.milestone} → {@code milestone}. */
    static String label(String type) {
        return switch (type) {
            case "cascade.summary" -> "summary";
            case "subject.follows.digest" -> "who brought followers";
            default -> type.substring(type.lastIndexOf('.') + 1);
        };
    }

    /** {@code @author@example.social · 25 new, 31 in all · by @chris (24), @julien (1)}. */
    static String subjectFacts(JsonNode data) {
        List<String> parts = new ArrayList<>();
        parts.add(handle(data.path("subject")));
        Long newFollows = Json.number(data, "newFollows");
        Long totalFollows = Json.number(data, "totalFollows");
        if (newFollows != null && totalFollows != null) {
            parts.add(newFollows + " new, " + totalFollows + " in all");
        }
        JsonNode sharers = data.path("sharers");
        if (sharers.isArray() && !sharers.isEmpty()) {
            List<String> by = new ArrayList<>();
            sharers.values()
                    .forEach(sharer -> by.add(shortHandle(handle(sharer)) + " ("
                            + sharer.path("follows").asLong() + ")"));
            parts.add("by " + String.join(", ", by));
        }
        return String.join(" · ", parts);
    }

    /** {@code @sarah@example.social · cascade 1234abcd · 25 new, 31 in all · path @sarah → @julien → @chris}. */
    static String facts(JsonNode data) {
        List<String> parts = new ArrayList<>();
        parts.add(handle(data.path("sharer")));
        String cascadeId = Json.text(data, "cascadeId");
        if (cascadeId != null) {
            parts.add("cascade " + shortId(cascadeId));
        }
        Long newFollows = Json.number(data, "newFollows");
        Long totalFollows = Json.number(data, "totalFollows");
        if (newFollows != null && totalFollows != null) {
            parts.add(newFollows + " new, " + totalFollows + " in all");
        }
        JsonNode confidence = data.path("confidence");
        if (confidence.isNumber()) {
            parts.add("weakest claim " + Math.round(confidence.asDouble() * 100) + " %");
        }
        Long burst = Json.number(data, "burstFollows");
        if (burst != null && burst > 0) {
            parts.add("~" + burst + " more in the burst");
        }
        Long corrected = Json.number(data, "corrected");
        if (corrected != null && corrected != 0) {
            parts.add(Math.abs(corrected) + (corrected < 0 ? " withdrawn" : " restored"));
        }
        JsonNode path = data.path("path");
        if (path.isArray() && !path.isEmpty()) {
            List<String> steps = new ArrayList<>();
            path.values().forEach(step -> steps.add(shortHandle(step.asString())));
            parts.add("path " + String.join(" → ", steps));
        }
        return String.join(" · ", parts);
    }

    /** An account's handle, else its ref. */
    static String handle(JsonNode account) {
        String handle = Json.text(account, "handle");
        if (handle != null) {
            return handle;
        }
        String ref = Json.text(account, "ref");
        return ref == null ? "(unknown account)" : ref;
    }

    /** {@code @sarah@example.social} → {@code @sarah}; handles without an instance part stay as they are. */
    static String shortHandle(String handle) {
        int second = handle.indexOf('@', 1);
        return handle.startsWith("@") && second > 1 ? handle.substring(0, second) : handle;
    }

    /** The first 8 letters or digits of an id: enough to tell cascades apart on screen. */
    static String shortId(String id) {
        String compact = id.replace("-", "");
        return compact.length() <= 8 ? id : compact.substring(0, 8);
    }

    private static String eventTime(Delivery delivery) {
        String timestamp = Json.text(delivery.payload(), "timestamp");
        if (timestamp != null) {
            try {
                return EVENT_TIME.format(Instant.parse(timestamp));
            } catch (DateTimeParseException e) {
                return abbreviate(timestamp, TIME_WIDTH);
            }
        }
        return EVENT_TIME.format(delivery.receivedAt());
    }

    private static String pad(String text) {
        return text.length() >= TIME_WIDTH ? text : text + " ".repeat(TIME_WIDTH - text.length());
    }

    private static String orUnknown(String id) {
        return id == null ? "(no webhook-id)" : id;
    }

    private static String abbreviate(String text, int max) {
        return text.length() <= max ? text : text.substring(0, max - 1) + "…";
    }
}
