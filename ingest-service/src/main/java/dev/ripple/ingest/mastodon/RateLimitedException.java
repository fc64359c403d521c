package dev.ripple.ingest.mastodon;

import java.time.Instant;

/** A request may not be sent before {@link #until()} (our budget or the server's 429); not an error. */
final class RateLimitedException extends RuntimeException {

    private final Instant until;

    RateLimitedException(String message, Instant until) {
        super(message);
        this.until = until;
    }

    Instant until() {
        return until;
    }
}
