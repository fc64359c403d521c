package dev.ripple.ingest.mastodon;

/** A response or one of its items is not what the Mastodon API documents; the message names what is wrong and where. */
final class MalformedDataException extends RuntimeException {

    MalformedDataException(String message) {
        super(message);
    }
}
