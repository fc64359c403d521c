package dev.ripple.deploy;

import java.util.Optional;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * A container image reference and whether it is pinned: a digest, or a tag naming an exact release. "Exact" means a
 * version with three numbers (4.1.2, v3.5.0, 25.0.3_9-jre, 3.9.11-eclipse-temurin-25), or two for PostgreSQL,
 * whose releases are numbered major.minor (17.6). latest, no tag, 17, 3.9 or 25-jre all float.
 */
record ImageReference(String repository, String tag, String digest) {

    private static final Pattern REFERENCE =
            Pattern.compile("^(?<repo>[a-z0-9][a-z0-9._/:-]*?)(?::(?<tag>[A-Za-z0-9_][A-Za-z0-9_.-]{0,127}))?"
                    + "(?:@(?<digest>sha256:[a-f0-9]{64}))?$");
    private static final Pattern THREE_PART = Pattern.compile("^v?\\d+\\.\\d+\\.\\d+([._+-].*)?$");
    private static final Pattern TWO_PART = Pattern.compile("^\\d+\\.\\d+([._-].*)?$");

    static ImageReference parse(String reference) {
        Matcher m = REFERENCE.matcher(reference.trim());
        if (!m.matches()) {
            throw new IllegalArgumentException("not an image reference: " + reference);
        }
        return new ImageReference(m.group("repo"), m.group("tag"), m.group("digest"));
    }

    /** Why this reference is not pinned; empty when it is. */
    Optional<String> unpinnedBecause() {
        if (digest != null) {
            return Optional.empty();
        }
        if (tag == null) {
            return Optional.of("no tag (means latest)");
        }
        if (tag.equals("latest")) {
            return Optional.of("tag latest");
        }
        if (THREE_PART.matcher(tag).matches()) {
            return Optional.empty();
        }
        if (isPostgres() && TWO_PART.matcher(tag).matches()) {
            return Optional.empty();
        }
        return Optional.of("tag " + tag + " names no exact release");
    }

    private boolean isPostgres() {
        String name = repository.substring(repository.lastIndexOf('/') + 1);
        return name.equals("postgres") || name.equals("postgresql");
    }
}
