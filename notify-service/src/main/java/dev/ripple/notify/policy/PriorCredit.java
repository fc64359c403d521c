package dev.ripple.notify.policy;

/**
 * What is stored about one (follow, sharer) pair from earlier decisions.
 *
 * @param decisionVersion the newest decision applied
 * @param credited whether that decision credits the sharer
 * @param stream the stream the follow is counted in, null when it is not counted anywhere
 */
public record PriorCredit(int decisionVersion, boolean credited, StreamKey stream) {}
