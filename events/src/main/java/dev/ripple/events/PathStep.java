package dev.ripple.events;

import java.time.Instant;

/**
 * One share on the path from a cascade's root to the exposing share.
 *
 * @param rule how this share's parent was decided ({@code ROOT} for the root, {@code EXPLICIT_OBJECT},
 *     {@code MENTION}, {@code FOLLOW_GRAPH}, …)
 * @param kind what the share was ({@code MENTION}, {@code RESHARE}, {@code QUOTE}, {@code REPLY}); null from producers
 *     older than this field
 */
public record PathStep(String uri, Account actor, String rule, Instant at, ShareKind kind) {

    public PathStep(String uri, Account actor, String rule, Instant at) {
        this(uri, actor, rule, at, null);
    }
}
