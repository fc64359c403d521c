package dev.ripple.notify.delivery;

/**
 * What one attempt got back.
 *
 * @param statusCode the HTTP status, or 0 when no response came (timeout, connection error, refused target)
 * @param retryAfter the {@code Retry-After} header, when the receiver sent one
 * @param error why the attempt failed, in a few words; null on success
 * @param abort whether the receiver asked to stop retrying this message ({@code webhook-delivery: abort-message})
 * @param responseExcerpt the start of the response body (at most {@link #EXCERPT_CHARS} characters), or null
 * @param durationMillis how long the attempt took, from connecting to the end of the response
 */
public record SendResult(
        int statusCode, String retryAfter, String error, boolean abort, String responseExcerpt, long durationMillis) {

    /** How much of a response body the attempt log keeps. */
    public static final int EXCERPT_CHARS = 2048;

    public SendResult {
        if (responseExcerpt != null && responseExcerpt.length() > EXCERPT_CHARS) {
            responseExcerpt = responseExcerpt.substring(0, EXCERPT_CHARS);
        }
    }

    public static SendResult response(int statusCode, String retryAfter) {
        return response(statusCode, retryAfter, false, null, 0);
    }

    public static SendResult response(
            int statusCode, String retryAfter, boolean abort, String responseExcerpt, long durationMillis) {
        String error = statusCode >= 200 && statusCode < 300 ? null : "HTTP " + statusCode;
        if (statusCode >= 300 && statusCode < 400) {
            error += " (redirects are not followed)";
        }
        if (abort && error != null) {
            error += " (the receiver asked to stop: webhook-delivery: abort-message)";
        }
        return new SendResult(statusCode, retryAfter, error, abort, responseExcerpt, durationMillis);
    }

    public static SendResult noResponse(String error) {
        return noResponse(error, 0);
    }

    public static SendResult noResponse(String error, long durationMillis) {
        return new SendResult(0, null, error, false, null, durationMillis);
    }

    public boolean succeeded() {
        return statusCode >= 200 && statusCode < 300;
    }

    /** No answer in time: the receiver may be overloaded. */
    public boolean timedOut() {
        return statusCode == 0 && error != null && error.contains("timed out");
    }
}
