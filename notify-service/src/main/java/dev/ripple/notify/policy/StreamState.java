package dev.ripple.notify.policy;

import java.util.List;
import java.util.Objects;

/**
 * Everything the policy remembers about one stream between changes.
 *
 * @param totalFollows follows currently credited to the sharer in this stream
 * @param firstSent whether the stream's first alert went out
 * @param window the open digest window, or null
 * @param path handles from the cascade's root to the exposing sharer of the latest credit
 */
public record StreamState(
        StreamKey key,
        Person sharer,
        Person subject,
        int totalFollows,
        boolean firstSent,
        DigestWindow window,
        List<String> path) {

    public StreamState {
        Objects.requireNonNull(key, "key");
        Objects.requireNonNull(sharer, "sharer");
        Objects.requireNonNull(subject, "subject");
        if (totalFollows < 0) {
            throw new IllegalArgumentException("totalFollows must not be negative");
        }
        path = path == null ? List.of() : List.copyOf(path);
    }

    /** A stream that has seen nothing yet. */
    public static StreamState empty(StreamKey key, Person sharer, Person subject) {
        return new StreamState(key, sharer, subject, 0, false, null, List.of());
    }

    /** The same stream, naming its sharer and subject by their latest handles. */
    public StreamState withPeople(Person sharer, Person subject) {
        return new StreamState(key, sharer, subject, totalFollows, firstSent, window, path);
    }

    StreamState with(int totalFollows, boolean firstSent, DigestWindow window, List<String> path) {
        return new StreamState(key, sharer, subject, totalFollows, firstSent, window, path);
    }
}
