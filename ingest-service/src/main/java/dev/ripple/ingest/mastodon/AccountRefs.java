package dev.ripple.ingest.mastodon;

import java.util.Locale;

/**
 * Ripple's account refs for Mastodon accounts: {@code mastodon:<home domain>:<user>}, lower-case (Mastodon usernames
 * are unique regardless of case). An instance-local {@code id} is never part of a ref, so the same person has the same
 * ref whichever instance reported them. Handles keep the case the platform shows: {@code @Julien@example.social}.
 */
public final class AccountRefs {

    private AccountRefs() {}

    /**
     * @param acct {@code user} or {@code user@domain} (a leading {@code @} is ignored)
     * @param localDomain the domain of accounts local to the instance that answered ({@code acct} without a domain)
     */
    public static String ref(String acct, String localDomain) {
        String[] parts = split(acct, localDomain);
        return "mastodon:" + parts[1].toLowerCase(Locale.ROOT) + ":" + parts[0].toLowerCase(Locale.ROOT);
    }

    public static String handle(String acct, String localDomain) {
        String[] parts = split(acct, localDomain);
        return "@" + parts[0] + "@" + parts[1].toLowerCase(Locale.ROOT);
    }

    private static String[] split(String acct, String localDomain) {
        String bare = acct.startsWith("@") ? acct.substring(1) : acct;
        int at = bare.indexOf('@');
        if (at < 0) {
            if (localDomain == null || localDomain.isBlank()) {
                throw new IllegalArgumentException("no domain for the local account " + acct);
            }
            return new String[] {bare, localDomain};
        }
        return new String[] {bare.substring(0, at), bare.substring(at + 1)};
    }
}
