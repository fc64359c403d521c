package dev.ripple.events;

import java.time.Instant;

/**
 * One share on the path from a cascade's root to the exposing share.
 *
 * @param rule how this share's parent was decided ({@code ROOT} for the root, {@code EXPLICIT_OBJECT},
 *     {@code MENTION}, {@code FOLLOW_GRAPH}, …)
 */
public record PathStep(String uri, Account actor, String rule, Instant at) {}
