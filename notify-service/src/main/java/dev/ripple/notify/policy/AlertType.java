package dev.ripple.notify.policy;

import java.util.Arrays;
import java.util.Optional;

/** What an alert is; its {@code type} on the wire. */
public enum AlertType {
    /** A sharer's first credited follow in a cascade, sent at once. */
    FIRST("share.follows.first"),
    /** The follows (and corrections) gathered over one digest window. */
    DIGEST("share.follows.digest"),
    /** A digest window whose total passed a milestone (10, 25, 50, 100, 250, 500, 1000, …). */
    MILESTONE("share.follows.milestone"),
    /** A cascade quiet for the quiet period: what the share did in all, burst-level follows included. */
    SUMMARY("cascade.summary"),
    /** For the followed account: who brought it followers over one digest window. */
    SUBJECT_DIGEST("subject.follows.digest");

    private final String wire;

    AlertType(String wire) {
        this.wire = wire;
    }

    public String wire() {
        return wire;
    }

    public static Optional<AlertType> ofWire(String wire) {
        return Arrays.stream(values()).filter(type -> type.wire.equals(wire)).findFirst();
    }
}
