package dev.ripple.notify.policy;

import java.util.Objects;

/** For a subject digest: an account whose share exposed new followers, and how many. */
public record Contributor(String ref, String handle, int follows) {

    public Contributor {
        Objects.requireNonNull(ref, "ref");
        Objects.requireNonNull(handle, "handle");
    }
}
