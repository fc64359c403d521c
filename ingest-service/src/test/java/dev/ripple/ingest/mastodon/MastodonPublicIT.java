package dev.ripple.ingest.mastodon;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import dev.ripple.events.Account;
import dev.ripple.events.FollowObserved;
import dev.ripple.events.FollowedAccount;
import dev.ripple.events.FollowingObserved;
import dev.ripple.events.ShareKind;
import dev.ripple.events.ShareObserved;
import dev.ripple.ingest.source.SourceHealth;
import dev.ripple.ingest.watch.MastodonWatch;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import org.junit.jupiter.api.Test;

/**
 * The Mastodon source without a token: follower-list diffs and {@code reblogged_by} of recent statuses, with hidden
 * lists, unknown accounts and partial views reported rather than retried forever.
 */
class MastodonPublicIT {

    private static final Duration WAIT = Duration.ofSeconds(30);
    private static final String DOMAIN = "public.example";

    static String snowflake(Instant at) {
        return Long.toString(at.toEpochMilli() << 16);
    }

    @Test
    void newFollowersAndBoostsAreFoundByDiffingPublicListsFromABaseline() {
        try (MockMastodon instance = MockMastodon.start(DOMAIN);
                CommittedEvents topics = new CommittedEvents()) {
            instance.local("100", "author", 3);
            for (String fan : List.of("f1", "f2", "f3", "f4", "f5", "b1", "b2", "b3", "b4")) {
                instance.local(fan, fan, 7);
            }
            for (String fan : List.of("f1", "f2", "f3")) {
                instance.follow(fan, "100");
            }
            Instant old = Instant.parse("2025-01-01T00:00:00Z");
            String s1 = snowflake(old);
            instance.status(s1, "100", "https://public.example/users/author/statuses/" + s1, old, List.of());
            instance.boost(s1, "b1", snowflake(old.plusSeconds(60)));
            TestSettings settings = new TestSettings();
            settings.backfill = Duration.ZERO;
            try (MastodonTestbed testbed = new MastodonTestbed(settings.build())) {
                MastodonWatch author = MastodonTestbed.withoutToken("author@" + DOMAIN, instance.base());
                testbed.watch(author);
                try {
                    await().atMost(WAIT)
                            .until(() ->
                                    instance.requests("/api/v1/statuses/" + s1).size() == 1
                                            && instance.requests("/api/v1/accounts/100/statuses")
                                                            .size()
                                                    >= 2);
                } catch (org.awaitility.core.ConditionTimeoutException e) {
                    throw new AssertionError(
                            "requests: "
                                    + instance.requests().stream()
                                            .map(r -> r.path() + "?" + r.query())
                                            .distinct()
                                            .toList()
                                    + " status "
                                    + testbed.status(author),
                            e);
                }
                assertThat(topics.events())
                        .as("followers and boosts from before watching are not new")
                        .isEmpty();
                assertThat(testbed.status(author).notes().get("followers")).contains("baseline of 3");

                Instant before = Instant.now();
                instance.follow("f4", "100");
                instance.follow("f5", "100");
                Instant t2 = Instant.parse("2026-01-10T10:00:00.123Z");
                instance.boost(s1, "b2", snowflake(t2));
                Instant created = Instant.now();
                String s3 = snowflake(created);
                instance.status(s3, "100", "https://public.example/users/author/statuses/" + s3, created, List.of());
                Instant t3 = Instant.parse("2026-01-11T08:00:00.456Z");
                Instant t4 = Instant.parse("2026-01-11T09:30:00.789Z");
                instance.boost(s3, "b3", snowflake(t3));
                instance.boost(s3, "b4", snowflake(t4));
                instance.follow("f4", "b2");
                instance.follow("f5", "b3");
                instance.follow("b2", "b1");
                instance.follow("b3", "f1");
                instance.follow("b4", "b3");

                await().atMost(WAIT)
                        .until(() -> topics.events(FollowingObserved.class).size() == 5);
                Instant after = Instant.now();

                Account self = new Account(ref("author"), "@author@" + DOMAIN, 3L);
                String uri1 = "https://public.example/users/author/statuses/" + s1;
                String uri3 = "https://public.example/users/author/statuses/" + s3;
                assertThat(topics.events(ShareObserved.class))
                        .extracting(s -> s.kind() + " " + s.actor().ref() + " " + s.objectUri() + " " + s.occurredAt())
                        .containsExactly(
                                ShareKind.RESHARE + " " + ref("b2") + " " + uri1 + " " + t2,
                                ShareKind.RESHARE + " " + ref("b3") + " " + uri3 + " " + t3,
                                ShareKind.RESHARE + " " + ref("b4") + " " + uri3 + " " + t4);
                assertThat(topics.events(ShareObserved.class)).allSatisfy(share -> {
                    assertThat(share.subject()).isEqualTo(self);
                    assertThat(share.uri())
                            .isEqualTo(share.objectUri() + "#reblog:"
                                    + share.actor().ref());
                    assertThat(share.id())
                            .isEqualTo("mastodon:reblog:" + share.actor().ref() + ":" + share.objectUri() + ":"
                                    + self.ref());
                });
                List<FollowObserved> follows = topics.events(FollowObserved.class);
                assertThat(follows).extracting(f -> f.follower().ref()).containsExactly(ref("f4"), ref("f5"));
                assertThat(follows).allSatisfy(follow -> {
                    assertThat(follow.followee()).isEqualTo(self);
                    assertThat(follow.occurredAt()).as("the poll that saw it").isBetween(before, after);
                    assertThat(follow.id())
                            .isEqualTo("mastodon:follow:" + follow.follower().ref() + ":" + self.ref());
                });
                assertThat(topics.events(FollowingObserved.class))
                        .extracting(f -> f.account().ref() + " -> "
                                + f.follows().stream()
                                        .map(FollowedAccount::ref)
                                        .sorted()
                                        .toList())
                        .containsExactlyInAnyOrder(
                                ref("f4") + " -> [" + ref("author") + ", " + ref("b2") + "]",
                                ref("f5") + " -> [" + ref("author") + ", " + ref("b3") + "]",
                                ref("b2") + " -> [" + ref("b1") + "]",
                                ref("b3") + " -> [" + ref("f1") + "]",
                                ref("b4") + " -> [" + ref("b3") + "]");
                assertThat(instance.requests())
                        .allSatisfy(r -> assertThat(r.authorization()).isNull());
                assertThat(testbed.status(author).state()).isEqualTo(SourceHealth.State.OK);
            }
        }
    }

    @Test
    void hiddenListsUnknownAccountsAndPartialViewsAreReportedNotRetriedForever() {
        try (MockMastodon instance = MockMastodon.start(DOMAIN);
                CommittedEvents topics = new CommittedEvents()) {
            instance.local("200", "hidden", 50);
            instance.local("201", "fan", 1);
            instance.follow("201", "200");
            instance.hideCollections("200");
            instance.remote("300", "bob", "fedi.example", java.net.URI.create("https://fedi.example"), 10);
            TestSettings settings = new TestSettings();
            settings.backfill = Duration.ZERO;
            settings.authRetry = Duration.ofSeconds(2);
            try (MastodonTestbed testbed = new MastodonTestbed(settings.build())) {
                MastodonWatch hidden = MastodonTestbed.withoutToken("hidden@" + DOMAIN, instance.base());
                MastodonWatch ghost = MastodonTestbed.withoutToken("ghost@" + DOMAIN, instance.base());
                MastodonWatch remote = MastodonTestbed.withoutToken("bob@fedi.example", instance.base());
                testbed.watch(hidden, ghost, remote);

                await().atMost(WAIT)
                        .until(() -> instance.requests("/api/v1/accounts/200/statuses")
                                                .size()
                                        >= 4
                                && testbed.status(ghost).state() == SourceHealth.State.NOT_FOUND
                                && testbed.status(remote).lastSuccessAt() != null);

                assertThat(testbed.status(hidden).notes().get("followers-hidden"))
                        .contains("hides its follower list");
                assertThat(instance.requests("/api/v1/accounts/200/followers"))
                        .as("a hidden list is looked at again only every hidden-recheck")
                        .hasSize(1);
                assertThat(testbed.status(hidden).state()).isEqualTo(SourceHealth.State.OK);
                SourceHealth.Status lost = testbed.status(ghost);
                assertThat(lost.lastError()).contains("ghost@public.example", "not found", "Record not found");
                assertThat(instance.requests("/api/v1/accounts/lookup").stream()
                                .filter(r -> r.first("acct").startsWith("ghost")))
                        .as("an unknown account is asked for again only after auth-retry")
                        .hasSizeLessThanOrEqualTo(2);
                assertThat(testbed.status(remote).notes().get("partial-view")).contains("partial view");
                assertThat(topics.events()).isEmpty();
            }
        }
    }

    private static String ref(String user) {
        return "mastodon:" + DOMAIN + ":" + user;
    }
}
