package dev.ripple.notify.policy;

import java.util.Objects;

/** An account as alerts name it: its stable ref and the handle people read. */
public record Person(String ref, String handle) {

    public Person {
        Objects.requireNonNull(ref, "ref");
        Objects.requireNonNull(handle, "handle");
    }
}
