package dev.ripple.local;

/** A command could not do its job; the message says why and is printed as is (exit code 1). */
final class CommandFailure extends RuntimeException {
    CommandFailure(String message) {
        super(message);
    }

    CommandFailure(String message, Throwable cause) {
        super(message, cause);
    }
}
