package dev.ripple.events;

import java.time.Instant;

/**
 * The share that most plausibly exposed a follower to the subject.
 *
 * @param uri the exposing share
 * @param actor who shared it (the direct exposer)
 * @param at when it was shared
 */
public record Exposure(String uri, Account actor, Instant at) {}
