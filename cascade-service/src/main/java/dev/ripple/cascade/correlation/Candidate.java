package dev.ripple.cascade.correlation;

import java.time.Instant;

/**
 * One possible explanation considered by a decision: an edge of the influence DAG, kept with its score so a
 * decision can be explained and re-scored later.
 *
 * @param reason the rule or tier that made it a candidate
 */
public record Candidate(String uri, String actorRef, Instant at, String reason, double score) {}
