package dev.ripple.events;

import java.util.ArrayList;
import java.util.List;

/**
 * An account as a platform showed it when the event was observed.
 *
 * @param ref stable, globally unique key {@code <platform>:<authority>:<id>} (Bluesky: {@code bluesky:did:plc:…});
 *     handles change, refs do not
 * @param handle the display handle at observation time, e.g. {@code @sarah@example.social}
 * @param followers follower count at observation time, when known
 */
public record Account(String ref, String handle, Long followers) {

    public static Account of(String ref, String handle) {
        return new Account(ref, handle, null);
    }

    /** The platform part of the ref ({@code mastodon}, {@code bluesky}, …), or {@code null} for a malformed ref. */
    public String platform() {
        if (ref == null) {
            return null;
        }
        int colon = ref.indexOf(':');
        return colon > 0 ? ref.substring(0, colon) : null;
    }

    List<String> problems(String field) {
        List<String> problems = new ArrayList<>();
        if (ref == null || ref.isBlank()) {
            problems.add(field + ".ref is missing");
        } else if (!Refs.isValid(ref)) {
            problems.add(field + ".ref '" + ref + "' is not of the form <platform>:<authority>:<id>");
        }
        if (handle == null || handle.isBlank()) {
            problems.add(field + ".handle is missing");
        }
        if (followers != null && followers < 0) {
            problems.add(field + ".followers must not be negative");
        }
        return problems;
    }
}
