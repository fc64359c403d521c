package dev.ripple.notify.delivery;

/**
 * What one attempt got back.
 *
 * @param statusCode the HTTP status, or 0 when no response came (timeout, connection error, refused target)
 * @param retryAfter the {@code Retry-After} header, when the receiver sent one
 * @param error why the attempt failed, in a few words; null on success
 */
public record SendResult(int statusCode, String retryAfter, String error) {

    public static SendResult response(int statusCode, String retryAfter) {
        String error = statusCode >= 200 && statusCode < 300 ? null : "HTTP " + statusCode;
        if (statusCode >= 300 && statusCode < 400) {
            error += " (redirects are not followed)";
        }
        return new SendResult(statusCode, retryAfter, error);
    }

    public static SendResult noResponse(String error) {
        return new SendResult(0, null, error);
    }

    public boolean succeeded() {
        return statusCode >= 200 && statusCode < 300;
    }
}
