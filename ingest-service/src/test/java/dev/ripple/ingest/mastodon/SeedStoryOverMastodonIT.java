package dev.ripple.ingest.mastodon;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import dev.ripple.events.Account;
import dev.ripple.events.FollowObserved;
import dev.ripple.events.FollowedAccount;
import dev.ripple.events.FollowingObserved;
import dev.ripple.events.RippleEvent;
import dev.ripple.events.ShareKind;
import dev.ripple.events.ShareObserved;
import dev.ripple.ingest.testing.SeedStory;
import dev.ripple.ingest.watch.MastodonWatch;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import tools.jackson.databind.node.ObjectNode;

/**
 * The seed story played as Mastodon notifications, end to end into Kafka: the stand-in instance serves @author's and
 * @julien's notifications (the mentions, boosts and follows of the story) and every account's following list; the
 * Mastodon source, polling both accounts with their tokens, must publish what the story says happened (with ids
 * derived from the platform's identities instead of the recording's), plus what Mastodon shows beyond the recording.
 */
class SeedStoryOverMastodonIT {

    private static final String DOMAIN = "example.social";

    @Test
    void theSeedStoryPlayedAsNotificationsBecomesTheSeedStoryOnTheTopics() {
        List<RippleEvent> story = SeedStory.events(SeedStory.lines());
        try (MockMastodon instance = MockMastodon.start(DOMAIN);
                CommittedEvents topics = new CommittedEvents()) {
            Map<String, String> ids = new HashMap<>();
            for (RippleEvent event : story) {
                accountsOf(event)
                        .forEach(account -> ids.computeIfAbsent(account.ref(), ref -> {
                            String id = Integer.toString(ids.size() + 1);
                            instance.local(id, user(ref), account.followers() == null ? 0 : account.followers());
                            return id;
                        }));
            }
            String author = ids.get(ref("author"));
            String julien = ids.get(ref("julien"));
            instance.token("author-token", author);
            instance.token("julien-token", julien);
            Map<String, ObjectNode> statuses = new LinkedHashMap<>();
            for (RippleEvent event : story) {
                switch (event) {
                    case ShareObserved share
                    when share.kind() == ShareKind.MENTION -> {
                        ObjectNode post = statuses.computeIfAbsent(share.uri(), uri -> {
                            List<String> named = Stream.concat(Stream.of(share.subject()), share.mentions().stream())
                                    .map(account -> ids.get(account.ref()))
                                    .toList();
                            ObjectNode status = instance.status(
                                    snowflake(share.occurredAt()),
                                    ids.get(share.actor().ref()),
                                    uri,
                                    share.occurredAt(),
                                    named);
                            if (share.objectUri() != null) {
                                status.putObject("card").put("url", share.objectUri());
                            }
                            return status;
                        });
                        instance.notify(
                                ids.get(share.subject().ref()),
                                "mention",
                                share.occurredAt(),
                                ids.get(share.actor().ref()),
                                post);
                    }
                    case ShareObserved share
                    when share.kind() == ShareKind.RESHARE -> {
                        // Boosts notify the boosted status's author: a status of the story, or the subject's own post.
                        ObjectNode original = statuses.computeIfAbsent(
                                share.objectUri(),
                                uri -> instance.status(
                                        snowflake(Instant.parse("2009-09-17T12:00:00Z")),
                                        ids.get(share.subject().ref()),
                                        uri,
                                        Instant.parse("2009-09-17T12:00:00Z"),
                                        List.of()));
                        instance.notify(
                                original.get("account").get("id").asString(),
                                "reblog",
                                share.occurredAt(),
                                ids.get(share.actor().ref()),
                                original);
                    }
                    case FollowObserved follow ->
                        instance.notify(
                                ids.get(follow.followee().ref()),
                                "follow",
                                follow.occurredAt(),
                                ids.get(follow.follower().ref()),
                                null);
                    case FollowingObserved following ->
                        following
                                .follows()
                                .forEach(followed -> instance.follow(
                                        ids.get(following.account().ref()), ids.get(followed.ref())));
                    default -> throw new IllegalStateException("unexpected " + event);
                }
            }
            // Beyond the recording: whom the two resharers follow (the source looks them up too).
            instance.follow(julien, ids.get(ref("sarah")));
            instance.follow(julien, author);
            instance.follow(ids.get(ref("chris")), julien);

            TestSettings settings = new TestSettings();
            settings.backfill = Duration.ofDays(365 * 30);
            try (MastodonTestbed testbed = new MastodonTestbed(settings.build())) {
                MastodonWatch authorWatch =
                        MastodonTestbed.withToken("author@" + DOMAIN, instance.base(), "author-token");
                MastodonWatch julienWatch =
                        MastodonTestbed.withToken("julien@" + DOMAIN, instance.base(), "julien-token");
                testbed.watch(authorWatch, julienWatch);

                int followingCount = SeedStory.FOLLOWINGS + 2;
                await().atMost(Duration.ofSeconds(60))
                        .until(() -> topics.events(FollowingObserved.class).size() >= followingCount);
                await().during(Duration.ofMillis(800))
                        .atMost(Duration.ofSeconds(10))
                        .until(() -> topics.events().size() == SeedStory.EVENTS + 3);

                List<String> expectedShares = new ArrayList<>();
                List<String> expectedFollows = new ArrayList<>();
                List<String> expectedFollowings = new ArrayList<>();
                for (RippleEvent event : story) {
                    switch (event) {
                        case ShareObserved share ->
                            expectedShares.add(share(
                                    share.kind(),
                                    share.actor(),
                                    share.subject(),
                                    share.objectUri(),
                                    share.mentions(),
                                    share.occurredAt(),
                                    share.kind() == ShareKind.RESHARE
                                            ? share.objectUri() + "#reblog:"
                                                    + share.actor().ref()
                                            : share.uri()));
                        case FollowObserved follow ->
                            expectedFollows.add(follow.follower().ref() + " -> "
                                    + follow.followee().ref() + " @ " + follow.occurredAt());
                        case FollowingObserved following -> expectedFollowings.add(following(following));
                        default -> throw new IllegalStateException();
                    }
                }
                ShareObserved chrisBoost = story.stream()
                        .filter(ShareObserved.class::isInstance)
                        .map(ShareObserved.class::cast)
                        .filter(s -> s.actor().ref().equals(ref("chris")))
                        .findFirst()
                        .orElseThrow();
                // Mastodon notifies julien of chris's boost of his post: a share of julien too (the recording,
                // written from @author's side only, does not have it).
                expectedShares.add(share(
                        ShareKind.RESHARE,
                        chrisBoost.actor(),
                        Account.of(ref("julien"), "@julien"),
                        chrisBoost.objectUri(),
                        List.of(Account.of(ref("author"), "@author")),
                        chrisBoost.occurredAt(),
                        chrisBoost.objectUri() + "#reblog:" + chrisBoost.actor().ref()));
                expectedFollowings.add(ref("julien") + " -> " + List.of(ref("author"), ref("sarah")));
                expectedFollowings.add(ref("chris") + " -> " + List.of(ref("julien")));

                List<ShareObserved> shares = topics.events(ShareObserved.class);
                assertThat(shares)
                        .extracting(s -> share(
                                s.kind(), s.actor(), s.subject(), s.objectUri(), s.mentions(), s.occurredAt(), s.uri()))
                        .containsExactlyInAnyOrderElementsOf(expectedShares);
                List<FollowObserved> follows = topics.events(FollowObserved.class);
                assertThat(follows)
                        .extracting(
                                f -> f.follower().ref() + " -> " + f.followee().ref() + " @ " + f.occurredAt())
                        .containsExactlyElementsOf(expectedFollows.stream()
                                .sorted((a, b) ->
                                        a.substring(a.indexOf(" @ ")).compareTo(b.substring(b.indexOf(" @ "))))
                                .toList());
                assertThat(topics.events(FollowingObserved.class))
                        .extracting(SeedStoryOverMastodonIT::following)
                        .containsExactlyInAnyOrderElementsOf(expectedFollowings);
                // Deterministic ids from platform identities: the same notification always gives the same id.
                assertThat(follows)
                        .allSatisfy(f -> assertThat(f.id())
                                .isEqualTo("mastodon:follow:" + f.follower().ref() + ":"
                                        + f.followee().ref()));
                assertThat(shares).extracting(RippleEvent::id).doesNotHaveDuplicates();
                assertThat(shares)
                        .filteredOn(s -> s.kind() == ShareKind.MENTION)
                        .allSatisfy(s -> assertThat(s.id())
                                .isEqualTo("mastodon:share:" + s.uri() + ":"
                                        + s.subject().ref()));
            }
        }
    }

    private static String share(
            ShareKind kind,
            Account actor,
            Account subject,
            String objectUri,
            List<Account> mentions,
            Instant at,
            String uri) {
        return kind + " " + actor.ref() + " -> " + subject.ref() + " uri=" + uri + " object=" + objectUri + " mentions="
                + mentions.stream().map(Account::ref).sorted().toList() + " @ " + at;
    }

    private static String following(FollowingObserved following) {
        return following.account().ref() + " -> "
                + following.follows().stream()
                        .map(FollowedAccount::ref)
                        .sorted()
                        .toList();
    }

    private static Stream<Account> accountsOf(RippleEvent event) {
        return switch (event) {
            case ShareObserved share ->
                Stream.concat(Stream.of(share.actor(), share.subject()), share.mentions().stream());
            case FollowObserved follow -> Stream.of(follow.follower(), follow.followee());
            case FollowingObserved following ->
                Stream.concat(
                        Stream.of(following.account()),
                        following.follows().stream().map(f -> Account.of(f.ref(), f.handle())));
            default -> Stream.empty();
        };
    }

    private static String snowflake(Instant at) {
        return Long.toString(at.toEpochMilli() << 16);
    }

    private static String ref(String user) {
        return "mastodon:" + DOMAIN + ":" + user;
    }

    private static String user(String ref) {
        return ref.substring(ref.lastIndexOf(':') + 1);
    }
}
