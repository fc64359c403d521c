package dev.ripple.ingest.mastodon;

import dev.ripple.events.Account;
import dev.ripple.events.FollowObserved;
import dev.ripple.events.RippleEvent;
import dev.ripple.events.ShareKind;
import dev.ripple.events.ShareObserved;
import java.time.Instant;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.function.Predicate;

/**
 * Turns what a watched account's instance reports into Ripple's events. Ids are derived from platform identities
 * (status URIs, account refs), never from instance-local ids, so the same platform event gets the same id whichever
 * poller or path reports it, and a repeat after a crash is harmless downstream.
 *
 * <ul>
 *   <li>{@code mention}: one share per named account (each as subject, the others as mentions); MENTION, or QUOTE for
 *       the author of a status the post quotes.
 *   <li>{@code reblog}: a RESHARE of the watched account, and one of every other watched account the boosted status
 *       names (boosts notify only the author).
 *   <li>{@code quote}: a QUOTE of the quoted status's author, plus shares of the accounts the quoting post names.
 *   <li>{@code status} (someone the account subscribed to posted): shares of watched accounts whose own notifications
 *       are not polled.
 *   <li>{@code follow}: a follow.
 * </ul>
 *
 * A share about an account whose own notifications are polled is left to that account's poller (it is notified too),
 * so that each share is emitted once.
 */
final class MastodonEvents {

    static final String PLATFORM = "mastodon";

    /** What a notification becomes. */
    record Mapped(List<RippleEvent> events, List<MastodonAccount> exposure, String skipped) {
        static Mapped skip(String reason) {
            return new Mapped(List.of(), List.of(), reason);
        }
    }

    private final String localDomain;
    private final WatchedAccounts watched;

    /** @param localDomain the domain of accounts local to the watched instance */
    MastodonEvents(String localDomain, WatchedAccounts watched) {
        this.localDomain = localDomain;
        this.watched = watched;
    }

    Mapped fromNotification(MastodonNotification notification, Account self) {
        String type = notification.type();
        MastodonStatus status = notification.status();
        return switch (type) {
            case "follow" -> {
                MastodonAccount follower = require(notification.account(), notification, "account");
                Account account = follower.toAccount(localDomain);
                if (account.ref().equals(self.ref())) {
                    yield Mapped.skip("self");
                }
                yield new Mapped(
                        List.of(new FollowObserved(
                                followId(account.ref(), self.ref()),
                                PLATFORM,
                                account,
                                self,
                                notification.createdAt(),
                                null)),
                        List.of(follower),
                        null);
            }
            case "mention", "quote" -> {
                MastodonStatus post = require(status, notification, "status");
                boolean quote = "quote".equals(type);
                if (quote && post.quote() != null && !post.quote().accepted()) {
                    yield Mapped.skip("quote_" + post.quote().state());
                }
                List<RippleEvent> shares = new ArrayList<>(
                        postShares(post, self, quote, ref -> ref.equals(self.ref()) || !watched.polledWithToken(ref)));
                yield new Mapped(shares, quote && !shares.isEmpty() ? List.of(post.account()) : List.of(), null);
            }
            case "reblog" -> {
                MastodonAccount booster = require(notification.account(), notification, "account");
                MastodonStatus original = require(status, notification, "status");
                List<RippleEvent> shares = new ArrayList<>(
                        reblogShares(booster, original, notification.createdAt(), self, watched::watched));
                yield new Mapped(shares, shares.isEmpty() ? List.of() : List.of(booster), null);
            }
            case "status" -> {
                MastodonStatus post = require(status, notification, "status");
                Predicate<String> unreported = ref -> watched.watched(ref) && !watched.polledWithToken(ref);
                List<RippleEvent> shares = new ArrayList<>();
                if (post.reblog() != null) {
                    shares.addAll(reblogShares(post.account(), post.reblog(), post.createdAt(), null, unreported));
                } else {
                    shares.addAll(postShares(post, self, false, unreported));
                }
                yield new Mapped(
                        shares, post.reblog() != null && !shares.isEmpty() ? List.of(post.account()) : List.of(), null);
            }
            default -> Mapped.skip("type_" + type);
        };
    }

    /**
     * The shares of one post (not a boost): one per named account the filter admits.
     *
     * @param quotedIsSelf a quote notification: the quoted status is the watched account's even when the server sent
     *     only its id
     */
    List<ShareObserved> postShares(MastodonStatus post, Account self, boolean quotedIsSelf, Predicate<String> emit) {
        Account actor = post.account().toAccount(localDomain);
        Map<String, Subject> subjects = new LinkedHashMap<>();
        MastodonStatus.Quote quote = post.quote();
        String quotedUri = null;
        if (quote != null && quote.accepted()) {
            if (quote.quotedStatus() != null) {
                quotedUri = quote.quotedStatus().uri();
                Account author = quote.quotedStatus().account().toAccount(localDomain);
                subjects.put(author.ref(), new Subject(same(author, self), ShareKind.QUOTE, quotedUri));
            } else if (quotedIsSelf) {
                subjects.put(self.ref(), new Subject(self, ShareKind.QUOTE, null));
            }
        }
        String objectUri = quotedUri != null ? quotedUri : post.cardUrl();
        for (MastodonStatus.Mention mention : post.mentions()) {
            Account named = same(
                    Account.of(
                            AccountRefs.ref(mention.acct(), localDomain),
                            AccountRefs.handle(mention.acct(), localDomain)),
                    self);
            subjects.putIfAbsent(named.ref(), new Subject(named, ShareKind.MENTION, objectUri));
        }
        subjects.remove(actor.ref());
        List<ShareObserved> shares = new ArrayList<>();
        for (Map.Entry<String, Subject> entry : subjects.entrySet()) {
            if (!emit.test(entry.getKey())) {
                continue;
            }
            Subject subject = entry.getValue();
            List<Account> others = subjects.values().stream()
                    .map(Subject::account)
                    .filter(other -> !other.ref().equals(entry.getKey()))
                    .toList();
            shares.add(new ShareObserved(
                    shareId(post.uri(), entry.getKey()),
                    PLATFORM,
                    subject.kind(),
                    post.uri(),
                    actor,
                    subject.account(),
                    subject.objectUri(),
                    others,
                    null,
                    post.createdAt()));
        }
        return shares;
    }

    /**
     * The shares of one boost: a RESHARE of the boosted status's author (when {@code self} is that author or the filter
     * admits them) and of every named account the filter admits. Mastodon flattens boosts, so the object is always
     * the original; the boost's own URI is not in a notification, so the share's {@code uri} is derived from the
     * original and the booster (one boost per account and status).
     */
    List<ShareObserved> reblogShares(
            MastodonAccount booster, MastodonStatus original, Instant at, Account self, Predicate<String> emitNamed) {
        Account actor = booster.toAccount(localDomain);
        Account author = original.account().toAccount(localDomain);
        if (self != null && author.ref().equals(self.ref())) {
            author = self;
        }
        Map<String, Account> named = new LinkedHashMap<>();
        for (MastodonStatus.Mention mention : original.mentions()) {
            Account account = Account.of(
                    AccountRefs.ref(mention.acct(), localDomain), AccountRefs.handle(mention.acct(), localDomain));
            named.putIfAbsent(account.ref(), self != null ? same(account, self) : account);
        }
        named.remove(author.ref());
        named.remove(actor.ref());
        List<Account> subjects = new ArrayList<>();
        boolean authorIsSelf = self != null && author == self;
        if (!author.ref().equals(actor.ref()) && (authorIsSelf || emitNamed.test(author.ref()))) {
            subjects.add(author);
        }
        named.values().stream().filter(account -> emitNamed.test(account.ref())).forEach(subjects::add);
        String uri = reblogUri(original.uri(), actor.ref());
        List<ShareObserved> shares = new ArrayList<>();
        for (Account subject : subjects) {
            // The post's other named accounts; its author is the object's author, not someone it names.
            List<Account> others = named.values().stream()
                    .filter(a -> !a.ref().equals(subject.ref()))
                    .toList();
            shares.add(new ShareObserved(
                    "mastodon:reblog:" + actor.ref() + ":" + original.uri() + ":" + subject.ref(),
                    PLATFORM,
                    ShareKind.RESHARE,
                    uri,
                    actor,
                    subject,
                    original.uri(),
                    others,
                    null,
                    at));
        }
        return shares;
    }

    /** The shares of a boost of the watched account's own status (seen in {@code reblogged_by}). */
    List<ShareObserved> boostShares(MastodonAccount booster, MastodonStatus original, Instant at, Account self) {
        return reblogShares(booster, original, at, self, watched::watched);
    }

    static String shareId(String postUri, String subjectRef) {
        return "mastodon:share:" + postUri + ":" + subjectRef;
    }

    static String followId(String followerRef, String followeeRef) {
        return "mastodon:follow:" + followerRef + ":" + followeeRef;
    }

    static String reblogUri(String originalUri, String boosterRef) {
        return originalUri + "#reblog:" + boosterRef;
    }

    private static Account same(Account account, Account self) {
        return self != null && account.ref().equals(self.ref()) ? self : account;
    }

    private static <T> T require(T value, MastodonNotification notification, String field) {
        if (value == null) {
            throw new MalformedDataException(
                    "notification " + notification.id() + " (" + notification.type() + ") has no " + field);
        }
        return value;
    }

    private record Subject(Account account, ShareKind kind, String objectUri) {}
}
