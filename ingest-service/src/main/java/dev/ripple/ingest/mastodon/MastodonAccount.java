package dev.ripple.ingest.mastodon;

import dev.ripple.events.Account;
import java.net.URI;

/**
 * The fields of a Mastodon Account entity that Ripple uses. {@code id} is valid only on the instance that answered;
 * the account's stable identity is its {@code acct} at its home domain (see {@link AccountRefs}).
 *
 * @param acct {@code user} for an account local to the answering instance, {@code user@domain} for a remote one
 * @param uri the ActivityPub actor id; its host is where the account's API (and complete follow lists) live
 * @param hideCollections true when the account hides its follower and following lists
 */
record MastodonAccount(
        String id,
        String username,
        String acct,
        String uri,
        Long followersCount,
        Long followingCount,
        boolean hideCollections) {

    /** The account as an event field, with {@code localDomain} the domain of accounts local to the answering instance. */
    Account toAccount(String localDomain) {
        return new Account(AccountRefs.ref(acct, localDomain), AccountRefs.handle(acct, localDomain), followersCount);
    }

    String ref(String localDomain) {
        return AccountRefs.ref(acct, localDomain);
    }

    boolean isLocal() {
        return !acct.contains("@");
    }

    /** The user part of {@code acct}. */
    String user() {
        int at = acct.indexOf('@');
        return at < 0 ? acct : acct.substring(0, at);
    }

    /** The domain of the account's own instance. */
    String domain(String localDomain) {
        int at = acct.indexOf('@');
        return at < 0 ? localDomain : acct.substring(at + 1).toLowerCase(java.util.Locale.ROOT);
    }

    /** Where the account's own instance answers API calls: the scheme and authority of its actor URI. */
    URI homeBase(URI answeringInstance) {
        if (isLocal()) {
            return answeringInstance;
        }
        if (uri != null) {
            try {
                URI actor = URI.create(uri);
                if (actor.getScheme() != null && actor.getRawAuthority() != null) {
                    return URI.create(actor.getScheme() + "://" + actor.getRawAuthority());
                }
            } catch (IllegalArgumentException malformed) {
                // fall through to the acct's domain
            }
        }
        return URI.create("https://" + domain(null));
    }
}
