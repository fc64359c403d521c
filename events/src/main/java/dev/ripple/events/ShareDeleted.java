package dev.ripple.events;

import java.time.Instant;
import java.util.ArrayList;
import java.util.List;

/**
 * A share was deleted on its platform (an un-repost, a deleted post). The share keeps its place in its cascade and
 * every decision already made through it stands: the exposure it caused happened. The cascade service marks it
 * deleted, so the API can show it as gone, whether the delete arrives after the share or before it.
 *
 * <p>On the shares topic, keyed by {@code subject.ref} like the share it deletes, so the two reach one consumer in
 * order; its {@code ce_type} ({@value CloudEvents#SHARE_DELETED}) tells it from a {@link ShareObserved}.
 *
 * @param uri the deleted share's uri (the {@code uri} of its {@link ShareObserved})
 * @param subject the subject of the deleted share: one delete per subject when a post named several
 * @param deletedAt when the platform says it was deleted (event time)
 */
public record ShareDeleted(String id, String platform, String uri, Account subject, Instant deletedAt)
        implements RippleEvent {

    @Override
    public String key() {
        return subject == null ? null : subject.ref();
    }

    @Override
    public Instant time() {
        return deletedAt;
    }

    @Override
    public List<String> problems() {
        List<String> problems = new ArrayList<>();
        Validation.requireText(problems, "id", id);
        Validation.requireText(problems, "platform", platform);
        Validation.requireText(problems, "uri", uri);
        Validation.requireAccount(problems, "subject", subject);
        if (deletedAt == null) {
            problems.add("deletedAt is missing");
        }
        return problems;
    }
}
