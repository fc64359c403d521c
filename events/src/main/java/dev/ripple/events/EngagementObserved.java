package dev.ripple.events;

import java.time.Instant;
import java.util.ArrayList;
import java.util.List;

/**
 * An account engaged with a subject's post without resharing it (a like). It exposes nobody: it is evidence that the
 * actor saw the post, and, with {@code viaUri}, through which share. It never counts as a share and never places a
 * node in a cascade; the cascade service may use it as exposure evidence for a later follow of the subject by the
 * actor (attribution tier F1, "engaged").
 *
 * <p>Keyed by {@code subject.ref} (the engaged post's author), like the shares and follows about that account, on
 * its own topic so that consumers which do not know it are not disturbed.
 *
 * @param uri the engagement itself (the like record)
 * @param objectUri the post engaged with (the subject's post)
 * @param viaUri the share through which the actor saw the post, when the platform records it (Bluesky {@code via}: a
 *     repost record); null when unknown, which does not mean "seen from the author"
 */
public record EngagementObserved(
        String id,
        String platform,
        EngagementKind kind,
        String uri,
        Account actor,
        Account subject,
        String objectUri,
        String viaUri,
        Instant occurredAt)
        implements RippleEvent {

    @Override
    public String key() {
        return subject == null ? null : subject.ref();
    }

    @Override
    public Instant time() {
        return occurredAt;
    }

    @Override
    public List<String> problems() {
        List<String> problems = new ArrayList<>();
        Validation.requireText(problems, "id", id);
        Validation.requireText(problems, "platform", platform);
        if (kind == null) {
            problems.add("kind is missing (one of LIKE)");
        }
        Validation.requireText(problems, "uri", uri);
        Validation.requireAccount(problems, "actor", actor);
        Validation.requireAccount(problems, "subject", subject);
        Validation.requireText(problems, "objectUri", objectUri);
        if (occurredAt == null) {
            problems.add("occurredAt is missing");
        }
        return problems;
    }
}
