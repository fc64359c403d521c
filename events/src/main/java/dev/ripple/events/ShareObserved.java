package dev.ripple.events;

import java.time.Instant;
import java.util.ArrayList;
import java.util.List;

/**
 * An account exposed its audience to a subject account: a mention, reshare, quote or reply.
 *
 * <p>Keyed by {@code subject.ref}: all shares and follows about one account reach one consumer in order.
 *
 * @param uri the share itself (the post, or the reshare record)
 * @param objectUri what was shared: the subject's post, another share's post when a reshare re-shares a share, or
 *     null / an external link for a plain mention
 * @param mentions other accounts named in the same post (each of them was exposed to the subject)
 * @param viaUri the share through which the actor saw the object, when the platform records it (Bluesky {@code via})
 */
public record ShareObserved(
        String id,
        String platform,
        ShareKind kind,
        String uri,
        Account actor,
        Account subject,
        String objectUri,
        List<Account> mentions,
        String viaUri,
        Instant occurredAt)
        implements RippleEvent {

    public ShareObserved {
        mentions = mentions == null ? List.of() : List.copyOf(mentions);
    }

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
            problems.add("kind is missing (one of MENTION, RESHARE, QUOTE, REPLY)");
        }
        Validation.requireText(problems, "uri", uri);
        Validation.requireAccount(problems, "actor", actor);
        Validation.requireAccount(problems, "subject", subject);
        for (int i = 0; i < mentions.size(); i++) {
            Validation.requireAccount(problems, "mentions[" + i + "]", mentions.get(i));
        }
        if (occurredAt == null) {
            problems.add("occurredAt is missing");
        }
        return problems;
    }
}
