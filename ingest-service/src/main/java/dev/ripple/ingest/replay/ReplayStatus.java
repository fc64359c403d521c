package dev.ripple.ingest.replay;

public enum ReplayStatus {
    RUNNING,
    /** Every line was read; each valid event was acknowledged by Kafka (rejected lines are counted, not fatal). */
    COMPLETED,
    /** Kafka did not accept an event, the input could not be read, or the service stopped: {@code error} says. */
    FAILED
}
