package dev.ripple.events;

import java.nio.charset.StandardCharsets;
import java.util.LinkedHashMap;
import java.util.Map;

/**
 * CloudEvents 1.0 Kafka protocol binding, binary mode: the payload is the event's JSON, the attributes travel as
 * {@code ce_*} headers with UTF-8 string values.
 */
public final class CloudEvents {

    public static final String SPEC_VERSION = "ce_specversion";
    public static final String ID = "ce_id";
    public static final String TYPE = "ce_type";
    public static final String SOURCE = "ce_source";
    public static final String TIME = "ce_time";
    public static final String SUBJECT = "ce_subject";
    public static final String CONTENT_TYPE = "content-type";

    public static final String SPEC_VERSION_VALUE = "1.0";
    public static final String JSON = "application/json";

    public static final String SHARE_OBSERVED = "dev.ripple.share.observed.v1";
    public static final String SHARE_DELETED = "dev.ripple.share.deleted.v1";
    public static final String FOLLOW_OBSERVED = "dev.ripple.follow.observed.v1";
    public static final String FOLLOWING_OBSERVED = "dev.ripple.following.observed.v1";
    public static final String FOLLOW_ATTRIBUTED = "dev.ripple.follow.attributed.v1";
    public static final String ENGAGEMENT_OBSERVED = "dev.ripple.engagement.observed.v1";

    /** Header carrying why a record was dead-lettered (the name Spring's dead-letter publisher uses). */
    public static final String DLQ_REASON = "x-exception-message";

    private CloudEvents() {}

    public static String typeOf(RippleEvent event) {
        return switch (event) {
            case ShareObserved ignored -> SHARE_OBSERVED;
            case ShareDeleted ignored -> SHARE_DELETED;
            case FollowObserved ignored -> FOLLOW_OBSERVED;
            case FollowingObserved ignored -> FOLLOWING_OBSERVED;
            case FollowAttributed ignored -> FOLLOW_ATTRIBUTED;
            case EngagementObserved ignored -> ENGAGEMENT_OBSERVED;
        };
    }

    /** The event class a {@code ce_type} names, or null when the type is unknown. */
    public static Class<? extends RippleEvent> classOf(String type) {
        if (type == null) {
            return null;
        }
        return switch (type) {
            case SHARE_OBSERVED -> ShareObserved.class;
            case SHARE_DELETED -> ShareDeleted.class;
            case FOLLOW_OBSERVED -> FollowObserved.class;
            case FOLLOWING_OBSERVED -> FollowingObserved.class;
            case FOLLOW_ATTRIBUTED -> FollowAttributed.class;
            case ENGAGEMENT_OBSERVED -> EngagementObserved.class;
            default -> null;
        };
    }

    /**
     * The headers for an event, in a stable order.
     *
     * @param source the producer, a URI reference such as {@code /ripple/ingest/replay}
     */
    public static Map<String, String> headers(RippleEvent event, String source) {
        Map<String, String> headers = new LinkedHashMap<>();
        headers.put(SPEC_VERSION, SPEC_VERSION_VALUE);
        headers.put(ID, event.id());
        headers.put(TYPE, typeOf(event));
        headers.put(SOURCE, source);
        if (event.time() != null) {
            headers.put(TIME, event.time().toString());
        }
        if (event.key() != null) {
            headers.put(SUBJECT, event.key());
        }
        headers.put(CONTENT_TYPE, JSON);
        return headers;
    }

    public static byte[] bytes(String value) {
        return value.getBytes(StandardCharsets.UTF_8);
    }

    /** Reads a header value that may arrive as raw bytes or as a string. */
    public static String string(Object value) {
        return switch (value) {
            case null -> null;
            case byte[] raw -> new String(raw, StandardCharsets.UTF_8);
            default -> value.toString();
        };
    }
}
