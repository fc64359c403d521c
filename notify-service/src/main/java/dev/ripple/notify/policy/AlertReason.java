package dev.ripple.notify.policy;

/** Why an alert was sent; the payload's {@code reason}. */
public enum AlertReason {
    /** The stream's first credited follow, sent at once. */
    FIRST("first"),
    /** The changes gathered in one digest window. */
    DIGEST("digest");

    private final String wire;

    AlertReason(String wire) {
        this.wire = wire;
    }

    /** The value in the webhook payload. */
    public String wire() {
        return wire;
    }
}
