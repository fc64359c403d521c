package dev.ripple.ingest.mastodon;

/**
 * Which accounts this service watches, by ref. Used to emit every share exactly once when one post concerns several
 * watched accounts: a share about an account whose own notifications are polled is left to that account's poller.
 */
interface WatchedAccounts {

    /** Watched in any way (with or without a token). */
    boolean watched(String ref);

    /** Watched with a token: its own notifications are polled, so they report what concerns it. */
    boolean polledWithToken(String ref);

    WatchedAccounts NONE = new WatchedAccounts() {
        @Override
        public boolean watched(String ref) {
            return false;
        }

        @Override
        public boolean polledWithToken(String ref) {
            return false;
        }
    };
}
