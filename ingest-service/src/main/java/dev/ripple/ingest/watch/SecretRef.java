package dev.ripple.ingest.watch;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Map;
import java.util.Optional;

/**
 * Where a secret (an access token, an app password) is to be found: an environment variable or a file. Only the
 * location is kept in the watch file; the value is read when needed and never logged ({@link #toString()} names the
 * location only).
 *
 * @param env the environment variable holding it, or null
 * @param file the file holding it (trailing newline ignored), or null
 */
public record SecretRef(String env, Path file) {

    public static final SecretRef NONE = new SecretRef(null, null);

    public boolean isPresent() {
        return env != null || file != null;
    }

    /**
     * Reads the secret.
     *
     * @return empty when no location is configured
     * @throws SecretUnavailableException naming the location when it is configured but empty or unreadable
     */
    public Optional<String> read(Map<String, String> environment) {
        if (env != null) {
            String value = environment.get(env);
            if (value == null || value.isBlank()) {
                throw new SecretUnavailableException("environment variable " + env + " is not set or empty");
            }
            return Optional.of(value.strip());
        }
        if (file != null) {
            try {
                String value = Files.readString(file, StandardCharsets.UTF_8).strip();
                if (value.isEmpty()) {
                    throw new SecretUnavailableException("file " + file + " is empty");
                }
                return Optional.of(value);
            } catch (IOException e) {
                throw new SecretUnavailableException("file " + file + " cannot be read: " + e.getMessage());
            }
        }
        return Optional.empty();
    }

    public Optional<String> read() {
        return read(System.getenv());
    }

    @Override
    public String toString() {
        return env != null ? "env:" + env : file != null ? "file:" + file : "none";
    }

    /** A configured secret cannot be read; the message names where it was looked for, never its value. */
    public static final class SecretUnavailableException extends RuntimeException {
        public SecretUnavailableException(String message) {
            super(message);
        }
    }
}
