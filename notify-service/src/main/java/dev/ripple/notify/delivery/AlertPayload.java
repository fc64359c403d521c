package dev.ripple.notify.delivery;

import com.fasterxml.jackson.annotation.JsonPropertyOrder;
import dev.ripple.notify.config.NotifyProperties;
import dev.ripple.notify.policy.Alert;
import dev.ripple.notify.policy.Person;
import java.net.URLEncoder;
import java.nio.charset.StandardCharsets;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import org.springframework.stereotype.Component;
import tools.jackson.databind.cfg.DateTimeFeature;
import tools.jackson.databind.json.JsonMapper;

/**
 * The webhook body of an alert ({@code type: share.follows}), serialized once: these bytes are stored, signed and
 * sent on every attempt. Documented with its JSON Schema in docs/webhooks.md.
 */
@Component
class AlertPayload {

    static final String TYPE = "share.follows";

    /** Keeps a payload well under the 20 kB Standard Webhooks recommends, however deep the cascade. */
    static final int MAX_PATH = 32;

    private static final JsonMapper JSON = JsonMapper.builder()
            .disable(DateTimeFeature.WRITE_DATES_AS_TIMESTAMPS)
            .build();

    private final String cascadeBase;

    AlertPayload(NotifyProperties settings) {
        String base = settings.cascadeUrl().toString();
        this.cascadeBase = base.endsWith("/") ? base.substring(0, base.length() - 1) : base;
    }

    byte[] render(Alert alert) {
        Data data = new Data(
                Ref.of(alert.sharer()),
                Ref.of(alert.subject()),
                alert.key().cascadeId(),
                cascadeBase + "/api/v1/cascades/"
                        + URLEncoder.encode(alert.key().cascadeId(), StandardCharsets.UTF_8),
                alert.reason().wire(),
                alert.newFollows(),
                alert.totalFollows(),
                alert.corrected(),
                alert.windowStart(),
                alert.windowEnd(),
                bounded(alert.path()),
                alert.confidence(),
                alert.sampleFollowers(),
                alert.text());
        return JSON.writeValueAsBytes(new Body(TYPE, alert.eventTime(), data));
    }

    /** The root and the shares closest to the exposer, when a path is longer than {@link #MAX_PATH}. */
    static List<String> bounded(List<String> path) {
        if (path.size() <= MAX_PATH) {
            return path;
        }
        List<String> kept = new ArrayList<>(MAX_PATH);
        kept.add(path.getFirst());
        kept.addAll(path.subList(path.size() - (MAX_PATH - 1), path.size()));
        return kept;
    }

    @JsonPropertyOrder({"type", "timestamp", "data"})
    record Body(String type, Instant timestamp, Data data) {}

    @JsonPropertyOrder({
        "sharer",
        "subject",
        "cascadeId",
        "cascadeUrl",
        "reason",
        "newFollows",
        "totalFollows",
        "corrected",
        "windowStart",
        "windowEnd",
        "path",
        "confidence",
        "sampleFollowers",
        "text"
    })
    record Data(
            Ref sharer,
            Ref subject,
            String cascadeId,
            String cascadeUrl,
            String reason,
            int newFollows,
            int totalFollows,
            int corrected,
            Instant windowStart,
            Instant windowEnd,
            List<String> path,
            Double confidence,
            List<String> sampleFollowers,
            String text) {}

    @JsonPropertyOrder({"ref", "handle"})
    record Ref(String ref, String handle) {

        static Ref of(Person person) {
            return new Ref(person.ref(), person.handle());
        }
    }
}
