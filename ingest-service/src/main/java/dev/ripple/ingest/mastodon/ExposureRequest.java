package dev.ripple.ingest.mastodon;

import dev.ripple.events.Account;
import java.time.Instant;

/**
 * Whose following list to fetch as exposure evidence: a new follower or resharer of a watched account. Kept in the
 * account's cursor until done, so a restart does not lose it.
 *
 * @param accountId the account's id on the watched instance
 * @param acct as the watched instance shows it ({@code user} or {@code user@domain})
 * @param uri its ActivityPub actor id (where its home instance is)
 * @param at when the event that made it interesting happened (the most recent are looked up first)
 * @param attempts failed attempts so far
 */
record ExposureRequest(String accountId, String acct, String uri, Account account, Instant at, int attempts) {

    static ExposureRequest of(MastodonAccount account, String localDomain, Instant at) {
        return new ExposureRequest(account.id(), account.acct(), account.uri(), account.toAccount(localDomain), at, 0);
    }

    ExposureRequest failedOnce() {
        return new ExposureRequest(accountId, acct, uri, account, at, attempts + 1);
    }

    MastodonAccount asMastodonAccount() {
        return new MastodonAccount(accountId, null, acct, uri, account.followers(), null, false);
    }
}
