package dev.ripple.ingest.bluesky.xrpc;

import java.time.Instant;

/**
 * An XRPC call failed. {@link #error()} is the error name of the body ({@code ExpiredToken}, {@code InvalidRequest},
 * {@code RateLimitExceeded}, …; decisions are taken on it, not on the status), or a description when the server
 * could not be reached or did not answer with XRPC JSON.
 */
public final class XrpcException extends RuntimeException {

    private final int status;
    private final String error;
    private final Instant retryAt;

    public XrpcException(String nsid, int status, String error, String message, Instant retryAt, Throwable cause) {
        super(
                nsid + " failed: " + (status > 0 ? "HTTP " + status + " " : "") + error
                        + (message == null || message.isBlank() ? "" : " (" + message + ")"),
                cause);
        this.status = status;
        this.error = error;
        this.retryAt = retryAt;
    }

    /** The HTTP status, or 0 when there was no response. */
    public int status() {
        return status;
    }

    public String error() {
        return error;
    }

    /** When the rate limit that refused the call resets, for a 429; else null. */
    public Instant retryAt() {
        return retryAt;
    }

    public boolean rateLimited() {
        return status == 429 || "RateLimitExceeded".equals(error);
    }

    /** The access token expired: refresh the session (a PDS answers 400, an AppView 401; the name decides). */
    public boolean expiredToken() {
        return "ExpiredToken".equals(error);
    }

    /** Worth trying again later: no response, a 5xx, or a rate limit. */
    public boolean transientFailure() {
        return status == 0 || status >= 500 || rateLimited();
    }
}
