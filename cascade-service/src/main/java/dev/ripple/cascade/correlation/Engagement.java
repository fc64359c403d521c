package dev.ripple.cascade.correlation;

import java.time.Instant;

/**
 * An account engaged with the subject's content without resharing it (a like), evidence that it saw the content:
 * through {@code viaUri} when the platform recorded which share it saw it through.
 *
 * @param exposureUri the share it saw the content through (a {@code via}), or null when unknown
 */
public record Engagement(String eventId, String actorRef, String objectUri, String exposureUri, Instant at) {}
