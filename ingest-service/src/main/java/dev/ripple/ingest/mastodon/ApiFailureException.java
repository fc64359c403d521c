package dev.ripple.ingest.mastodon;

/** A Mastodon API call failed; {@link #kind()} decides what the poller does next. */
final class ApiFailureException extends RuntimeException {

    enum Kind {
        /** 401/403: the token is missing, invalid, revoked or lacks a scope (or the instance requires one). */
        UNAUTHORIZED("unauthorized"),
        /** 404/410: the account or status does not exist (any more) there. */
        NOT_FOUND("not_found"),
        /** 5xx, including HTML error pages from a proxy. */
        SERVER_ERROR("server_error"),
        /** Another 4xx. */
        CLIENT_ERROR("client_error"),
        /** A 2xx whose body is not what the API documents. */
        MALFORMED("malformed"),
        TIMEOUT("timeout"),
        NETWORK("network");

        final String metric;

        Kind(String metric) {
            this.metric = metric;
        }
    }

    private final Kind kind;
    private final int status;

    ApiFailureException(Kind kind, int status, String message) {
        super(message);
        this.kind = kind;
        this.status = status;
    }

    Kind kind() {
        return kind;
    }

    int status() {
        return status;
    }
}
