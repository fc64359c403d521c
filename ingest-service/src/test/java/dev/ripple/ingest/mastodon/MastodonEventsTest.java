package dev.ripple.ingest.mastodon;

import static org.assertj.core.api.Assertions.assertThat;

import dev.ripple.events.Account;
import dev.ripple.events.FollowObserved;
import dev.ripple.events.RippleEvent;
import dev.ripple.events.ShareKind;
import dev.ripple.events.ShareObserved;
import java.time.Instant;
import java.util.List;
import java.util.Set;
import org.junit.jupiter.api.Test;

class MastodonEventsTest {

    private static final Account ALICE =
            new Account("mastodon:mastodon.example:alice", "@alice@mastodon.example", 18234L);
    private static final String S = "https://mastodon.example/users/alice/statuses/115486123630482542";

    private static List<MastodonNotification> scenario() {
        return MastodonJson.array(Fixtures.text("GET_api_v1_notifications.alice.json"), "n").stream()
                .map(node -> MastodonJson.notification(node, "n"))
                .toList();
    }

    private static WatchedAccounts watched(Set<String> any, Set<String> withToken) {
        return new WatchedAccounts() {
            @Override
            public boolean watched(String ref) {
                return any.contains(ref) || withToken.contains(ref);
            }

            @Override
            public boolean polledWithToken(String ref) {
                return withToken.contains(ref);
            }
        };
    }

    @Test
    void eachScenarioNotificationBecomesItsEvents() {
        MastodonEvents mapper = new MastodonEvents("mastodon.example", watched(Set.of(), Set.of(ALICE.ref())));
        List<MastodonEvents.Mapped> mapped =
                scenario().stream().map(n -> mapper.fromNotification(n, ALICE)).toList();

        ShareObserved mention = (ShareObserved) mapped.get(0).events().getFirst();
        assertThat(mention.kind()).isEqualTo(ShareKind.MENTION);
        assertThat(mention.actor())
                .isEqualTo(new Account("mastodon:mastodon.example:greg", "@greg@mastodon.example", 120L));
        assertThat(mention.subject()).isSameAs(ALICE);
        assertThat(mention.objectUri()).isNull();
        assertThat(mapped.get(0).exposure())
                .as("mentioners are not exposure candidates")
                .isEmpty();

        ShareObserved quote = (ShareObserved) mapped.get(1).events().getFirst();
        assertThat(quote.kind()).isEqualTo(ShareKind.QUOTE);
        assertThat(quote.actor().ref()).isEqualTo("mastodon:scholar.example:erin");
        assertThat(quote.objectUri()).isEqualTo(S);
        assertThat(mapped.get(1).exposure()).extracting(MastodonAccount::acct).containsExactly("erin@scholar.example");

        FollowObserved follow = (FollowObserved) mapped.get(2).events().getFirst();
        assertThat(follow.follower().ref()).isEqualTo("mastodon:mastodon.example:dave");
        assertThat(follow.followee()).isSameAs(ALICE);
        assertThat(follow.occurredAt()).isEqualTo(Instant.parse("2025-11-03T14:32:00.433Z"));

        assertThat(mapped.get(3).events()).isEmpty();
        assertThat(mapped.get(3).skipped()).isEqualTo("type_favourite");

        ShareObserved boost = (ShareObserved) mapped.get(5).events().getFirst();
        assertThat(boost.kind()).isEqualTo(ShareKind.RESHARE);
        assertThat(boost.actor().handle()).isEqualTo("@bob@fedi.example");
        assertThat(boost.objectUri()).isEqualTo(S);
        assertThat(boost.uri()).isEqualTo(S + "#reblog:mastodon:fedi.example:bob");
        assertThat(boost.occurredAt())
                .as("the notification's time: the boost's")
                .isEqualTo(Instant.parse("2025-11-03T14:04:01.023Z"));
    }

    @Test
    void aMentionOfSeveralAccountsYieldsOneSharePerNamedAccountExceptThoseWhoseOwnPollerReportsIt() {
        MastodonAccount sarah = new MastodonAccount("1", "sarah", "sarah", null, 860L, null, false);
        MastodonStatus post = new MastodonStatus(
                "10",
                "https://x.social/@sarah/1",
                Instant.parse("2026-01-01T00:00:00Z"),
                sarah,
                List.of(
                        new MastodonStatus.Mention("2", "author", "author"),
                        new MastodonStatus.Mention("3", "julien", "julien"),
                        new MastodonStatus.Mention("4", "chris", "chris@y.social")),
                null,
                null,
                "https://blog.example/post",
                0);
        MastodonNotification notification = new MastodonNotification("99", "mention", post.createdAt(), sarah, post);
        Account author = Account.of("mastodon:x.social:author", "@author@x.social");

        // julien is watched with a token: his own poller reports the share of julien.
        MastodonEvents mapper =
                new MastodonEvents("x.social", watched(Set.of(), Set.of(author.ref(), "mastodon:x.social:julien")));
        List<RippleEvent> events = mapper.fromNotification(notification, author).events();

        assertThat(events)
                .extracting(e -> ((ShareObserved) e).subject().ref())
                .containsExactly("mastodon:x.social:author", "mastodon:y.social:chris");
        ShareObserved first = (ShareObserved) events.getFirst();
        assertThat(first.mentions())
                .extracting(Account::ref)
                .containsExactly("mastodon:x.social:julien", "mastodon:y.social:chris");
        assertThat(first.objectUri()).isEqualTo("https://blog.example/post");
        assertThat(first.id()).isEqualTo("mastodon:share:https://x.social/@sarah/1:mastodon:x.social:author");
    }

    @Test
    void aBoostOfAStatusNamingAnotherWatchedAccountIsAShareOfThemToo() {
        MastodonAccount julien = new MastodonAccount("3", "julien", "julien", null, 54000L, null, false);
        MastodonAccount chris = new MastodonAccount("5", "chris", "chris", null, 260000L, null, false);
        MastodonStatus recommendation = new MastodonStatus(
                "30",
                "https://x.social/@julien/3002",
                Instant.parse("2026-01-01T00:00:00Z"),
                julien,
                List.of(new MastodonStatus.Mention("2", "author", "author"), new MastodonStatus.Mention("6", "z", "z")),
                null,
                null,
                null,
                1);
        Account self = new Account("mastodon:x.social:julien", "@julien@x.social", 54000L);
        MastodonEvents mapper =
                new MastodonEvents("x.social", watched(Set.of("mastodon:x.social:author"), Set.of(self.ref())));

        List<RippleEvent> events = mapper.fromNotification(
                        new MastodonNotification(
                                "7", "reblog", Instant.parse("2026-01-02T00:00:00Z"), chris, recommendation),
                        self)
                .events();

        assertThat(events)
                .extracting(e -> ((ShareObserved) e).subject().ref())
                .as("z is named but not watched")
                .containsExactly(self.ref(), "mastodon:x.social:author");
        ShareObserved ofAuthor = (ShareObserved) events.get(1);
        assertThat(ofAuthor.mentions()).extracting(Account::ref).containsExactly("mastodon:x.social:z");
        assertThat(ofAuthor.uri()).isEqualTo(((ShareObserved) events.get(0)).uri());
        assertThat(ofAuthor.id()).isNotEqualTo(events.get(0).id());
    }

    @Test
    void aQuoteWhoseStateIsNotAcceptedIsSkippedAndAFollowOfOneselfIsIgnored() {
        MastodonAccount erin = new MastodonAccount("8", "erin", "erin", null, 1L, null, false);
        MastodonStatus pending = new MastodonStatus(
                "1",
                "https://x.social/@erin/1",
                Instant.EPOCH,
                erin,
                List.of(),
                null,
                new MastodonStatus.Quote("pending", null, "5"),
                null,
                0);
        Account self = Account.of("mastodon:x.social:alice", "@alice@x.social");
        MastodonEvents mapper = new MastodonEvents("x.social", WatchedAccounts.NONE);

        assertThat(mapper.fromNotification(new MastodonNotification("1", "quote", Instant.EPOCH, erin, pending), self)
                        .skipped())
                .isEqualTo("quote_pending");
        MastodonAccount alice = new MastodonAccount("2", "alice", "alice", null, 1L, null, false);
        assertThat(mapper.fromNotification(new MastodonNotification("2", "follow", Instant.EPOCH, alice, null), self)
                        .events())
                .isEmpty();
    }

    @Test
    void aShallowQuoteOfTheWatchedAccountIsStillAQuoteOfIt() {
        MastodonAccount erin =
                new MastodonAccount("8", "erin", "erin@s.example", "https://s.example/users/erin", 1L, null, false);
        MastodonStatus shallow = new MastodonStatus(
                "1",
                "https://s.example/users/erin/statuses/1",
                Instant.EPOCH,
                erin,
                List.of(),
                null,
                new MastodonStatus.Quote("accepted", null, "5"),
                null,
                0);
        Account self = Account.of("mastodon:x.social:alice", "@alice@x.social");
        List<RippleEvent> events = new MastodonEvents("x.social", WatchedAccounts.NONE)
                .fromNotification(new MastodonNotification("1", "quote", Instant.EPOCH, erin, shallow), self)
                .events();
        assertThat(events).singleElement().satisfies(event -> {
            ShareObserved share = (ShareObserved) event;
            assertThat(share.kind()).isEqualTo(ShareKind.QUOTE);
            assertThat(share.subject()).isSameAs(self);
            assertThat(share.objectUri()).isNull();
        });
    }
}
