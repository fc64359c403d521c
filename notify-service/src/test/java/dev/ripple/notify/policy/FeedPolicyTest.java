package dev.ripple.notify.policy;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.tuple;

import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.EnumSet;
import java.util.List;
import java.util.Set;
import org.junit.jupiter.api.Test;

class FeedPolicyTest {

    static final Person SARAH = new Person("mastodon:example.social:sarah", "@sarah@example.social");
    static final Person AUTHOR = new Person("mastodon:example.social:author", "@author@example.social");
    static final StreamKey KEY = new StreamKey(SARAH.ref(), AUTHOR.ref(), "cascade-1");
    static final List<String> PATH =
            List.of("@sarah@example.social", "@julien@example.social", "@chris@example.social");
    static final Duration WINDOW = Duration.ofSeconds(60);
    static final Instant BURST = Instant.parse("2009-09-18T15:20:30.400Z");
    static final Instant WALL = Instant.parse("2026-03-01T12:00:00Z");
    static final Set<AlertType> SHARE_TYPES =
            EnumSet.of(AlertType.FIRST, AlertType.DIGEST, AlertType.MILESTONE, AlertType.SUMMARY);

    private final FeedPolicy policy = new FeedPolicy(Duration.ofHours(24));
    private final FeedOptions all = new FeedOptions(WINDOW, WINDOW, SHARE_TYPES);

    static Credit credit(int n, Instant at) {
        return new Credit(
                "f" + n, new Person("m:x:fan" + n, "@fan%03d@example.social".formatted(n)), at, 0.8, PATH, true, null);
    }

    static FeedState empty() {
        return FeedState.empty(KEY, SARAH, AUTHOR);
    }

    /** Feeds changes one by one at the given wall times, flushing every second in between, like the service does. */
    List<Alert> run(FeedOptions options, List<Credit> credits, List<Instant> walls, Instant end) {
        List<Alert> alerts = new ArrayList<>();
        FeedState state = empty();
        Instant watermark = null;
        for (int i = 0; i < credits.size(); i++) {
            Credit credit = credits.get(i);
            watermark = watermark == null || credit.followedAt().isAfter(watermark) ? credit.followedAt() : watermark;
            Decision decision = policy.decide(state, credit, options, watermark, walls.get(i));
            alerts.addAll(decision.alerts());
            state = decision.state();
        }
        for (Instant wall = walls.getLast(); !wall.isAfter(end); wall = wall.plusSeconds(1)) {
            Decision decision = policy.flush(state, options, watermark, wall);
            alerts.addAll(decision.alerts());
            state = decision.state();
        }
        return alerts;
    }

    static List<Credit> seedLikeBurst() {
        List<Credit> credits = new ArrayList<>();
        credits.add(credit(0, BURST.minus(Duration.ofHours(20))));
        for (int i = 1; i <= 25; i++) {
            credits.add(credit(i, BURST.plusMillis(2000L * (i - 1))));
        }
        return credits;
    }

    @Test
    void firstCreditAlertsAtOnce() {
        Decision decision = policy.decide(empty(), credit(1, BURST), all, BURST, WALL);

        assertThat(decision.alerts()).singleElement().satisfies(alert -> {
            assertThat(alert.type()).isEqualTo(AlertType.FIRST);
            assertThat(alert.newFollows()).isEqualTo(1);
            assertThat(alert.totalFollows()).isEqualTo(1);
            assertThat(alert.eventTime()).isEqualTo(BURST);
            assertThat(alert.sampleFollowers()).containsExactly("@fan001@example.social");
        });
    }

    @Test
    void burstBecomesOneMilestoneAlertWhenConsumedAllAtOnce() {
        List<Credit> credits = seedLikeBurst();
        List<Instant> walls = credits.stream().map(c -> WALL).toList();

        List<Alert> alerts = run(all, credits, walls, WALL.plusSeconds(120));

        assertThat(alerts)
                .extracting(Alert::type, Alert::newFollows, Alert::totalFollows, Alert::milestone)
                .containsExactly(tuple(AlertType.FIRST, 1, 1, null), tuple(AlertType.MILESTONE, 25, 26, 25));
        Alert burst = alerts.get(1);
        assertThat(burst.windowStart()).isEqualTo(BURST);
        assertThat(burst.windowEnd()).isEqualTo(BURST.plus(WINDOW));
        assertThat(burst.sampleFollowers()).hasSize(5).startsWith("@fan001@example.social");
        assertThat(burst.text())
                .endsWith("25 people followed @author@example.social within a minute (26 in all, past 25).");
    }

    @Test
    void burstBecomesTheSameAlertWhenConsumedInRealTime() {
        List<Credit> credits = seedLikeBurst();
        List<Instant> walls = new ArrayList<>();
        walls.add(WALL);
        for (int i = 1; i < credits.size(); i++) {
            walls.add(WALL.plusSeconds(10).plusMillis(2000L * (i - 1)));
        }

        List<Alert> realTime = run(all, credits, walls, walls.getLast().plusSeconds(120));
        List<Alert> atOnce = run(all, credits, credits.stream().map(c -> WALL).toList(), WALL.plusSeconds(120));

        assertThat(realTime).isEqualTo(atOnce);
    }

    @Test
    void withoutMilestonesTheWindowIsAPlainDigest() {
        FeedOptions noMilestones = new FeedOptions(WINDOW, WINDOW, EnumSet.of(AlertType.FIRST, AlertType.DIGEST));
        List<Credit> credits = seedLikeBurst();

        List<Alert> alerts =
                run(noMilestones, credits, credits.stream().map(c -> WALL).toList(), WALL.plusSeconds(120));

        assertThat(alerts).extracting(Alert::type).containsExactly(AlertType.FIRST, AlertType.DIGEST);
        assertThat(alerts.get(1).milestone()).isNull();
    }

    @Test
    void milestonesOnlyCarryEverythingSinceTheLastAlert() {
        FeedOptions milestonesOnly = new FeedOptions(WINDOW, WINDOW, EnumSet.of(AlertType.MILESTONE));
        List<Credit> credits = new ArrayList<>();
        List<Instant> walls = new ArrayList<>();
        // 12 follows, one every 5 minutes: each its own window; only passing 10 is worth an alert.
        for (int i = 1; i <= 12; i++) {
            credits.add(credit(i, BURST.plus(Duration.ofMinutes(5L * i))));
            walls.add(WALL.plus(Duration.ofMinutes(5L * i)));
        }

        List<Alert> alerts = run(milestonesOnly, credits, walls, walls.getLast().plusSeconds(120));

        assertThat(alerts)
                .extracting(Alert::type, Alert::newFollows, Alert::totalFollows, Alert::milestone)
                .containsExactly(tuple(AlertType.MILESTONE, 10, 10, 10));
    }

    @Test
    void withdrawalIsNeverSilent() {
        Decision first = policy.decide(empty(), credit(1, BURST), all, BURST, WALL);
        Withdrawal withdrawal = new Withdrawal("f1", new Person("m:x:fan1", "@fan001@example.social"), BURST);

        Decision after = policy.decide(first.state(), withdrawal, all, BURST.plusSeconds(2), WALL.plusSeconds(2));
        Decision flushed = policy.flush(after.state(), all, BURST.plusSeconds(2), WALL.plusSeconds(70));

        assertThat(flushed.alerts()).singleElement().satisfies(alert -> {
            assertThat(alert.type()).isEqualTo(AlertType.DIGEST);
            assertThat(alert.newFollows()).isZero();
            assertThat(alert.corrected()).isEqualTo(-1);
            assertThat(alert.totalFollows()).isZero();
            assertThat(alert.text()).startsWith("Correction for your share of @author@example.social");
        });
    }

    @Test
    void lateCreditBehindTheWatermarkIsReportedAtOnce() {
        FeedState state =
                policy.decide(empty(), credit(1, BURST), all, BURST, WALL).state();

        Decision late =
                policy.decide(state, credit(2, BURST.plusSeconds(5)), all, BURST.plus(Duration.ofHours(1)), WALL);

        assertThat(late.alerts()).extracting(Alert::type).containsExactly(AlertType.DIGEST);
        assertThat(late.state().window()).isNull();
    }

    @Test
    void wallClockDeadlineClosesAWindowEventTimeDoesNotReach() {
        FeedState state =
                policy.decide(empty(), credit(1, BURST), all, BURST, WALL).state();
        state = policy.decide(state, credit(2, BURST.plusSeconds(1)), all, BURST.plusSeconds(1), WALL)
                .state();

        assertThat(policy.flush(state, all, BURST.plusSeconds(1), WALL.plusSeconds(59))
                        .alerts())
                .isEmpty();
        assertThat(policy.flush(state, all, BURST.plusSeconds(1), WALL.plusSeconds(60))
                        .alerts())
                .extracting(Alert::type)
                .containsExactly(AlertType.DIGEST);
    }

    @Test
    void quietCascadeIsSummarisedWithItsBurstOnce() {
        FeedState state =
                policy.decide(empty(), credit(1, BURST), all, BURST, WALL).state();
        state = policy.decide(state, credit(2, BURST.plusSeconds(1)), all, BURST.plusSeconds(1), WALL)
                .state();
        Instant quiet = BURST.plus(Duration.ofHours(24));

        Decision summary = policy.summarize(state, all, quiet, 7);

        assertThat(summary.alerts()).extracting(Alert::type).containsExactly(AlertType.DIGEST, AlertType.SUMMARY);
        Alert last = summary.alerts().getLast();
        assertThat(last.burstFollows()).isEqualTo(7);
        assertThat(last.totalFollows()).isEqualTo(2);
        assertThat(last.eventTime()).isEqualTo(quiet);
        assertThat(last.text()).contains("About 7 more people followed @author@example.social during the burst");
        assertThat(policy.summarize(summary.state(), all, quiet, 7).alerts()).isEmpty();
    }

    @Test
    void subjectDigestCountsWhoBroughtTheFollowers() {
        StreamKey key = StreamKey.subject(AUTHOR.ref());
        FeedOptions subject = new FeedOptions(WINDOW, WINDOW, EnumSet.of(AlertType.SUBJECT_DIGEST));
        Person chris = new Person("m:x:chris", "@chris");
        Person julien = new Person("m:x:julien", "@julien");
        FeedState state = FeedState.empty(key, new Person("", ""), AUTHOR);
        for (int i = 1; i <= 3; i++) {
            Credit c = new Credit(
                    "f" + i,
                    new Person("m:x:f" + i, "@f" + i),
                    BURST.plusSeconds(i),
                    0.8,
                    List.of(),
                    true,
                    i == 3 ? julien : chris);
            state = policy.decide(state, c, subject, BURST.plusSeconds(i), WALL).state();
        }

        Decision closed = policy.flush(state, subject, BURST.plusSeconds(61), WALL);

        assertThat(closed.alerts()).singleElement().satisfies(alert -> {
            assertThat(alert.type()).isEqualTo(AlertType.SUBJECT_DIGEST);
            assertThat(alert.newFollows()).isEqualTo(3);
            assertThat(alert.contributors())
                    .containsExactly(
                            new Contributor("m:x:chris", "@chris", 2), new Contributor("m:x:julien", "@julien", 1));
        });
    }

    @Test
    void privateFollowersAreNeverNamed() {
        Credit hidden = new Credit("f1", new Person("m:x:f1", "@hidden"), BURST, 0.8, PATH, false, null);

        Alert first = policy.decide(empty(), hidden, all, BURST, WALL).alerts().getFirst();

        assertThat(first.sampleFollowers()).isEmpty();
        assertThat(first.text()).doesNotContain("@hidden").contains("someone followed");
    }

    @Test
    void aTrickleBecomesOneAlertPerInterval() {
        FeedOptions hourly = new FeedOptions(WINDOW, Duration.ofDays(1), SHARE_TYPES, Duration.ofHours(1));
        List<Credit> credits = new ArrayList<>();
        // The first follow, then one every 17 minutes for almost three hours.
        for (int i = 0; i <= 10; i++) {
            credits.add(credit(i, BURST.plus(Duration.ofMinutes(17L * i))));
        }

        List<Alert> alerts =
                run(hourly, credits, credits.stream().map(c -> WALL).toList(), WALL.plusSeconds(5));
        Decision rest = policy.flush(replay(hourly, credits), hourly, BURST.plus(Duration.ofHours(5)), WALL);

        List<Alert> all = new ArrayList<>(alerts);
        all.addAll(rest.alerts());
        // Windows: [17, 60] min, [68, 120] min, [136, 180] min (which passes 10 follows in all).
        assertThat(all)
                .extracting(Alert::type, Alert::newFollows, Alert::totalFollows)
                .containsExactly(
                        tuple(AlertType.FIRST, 1, 1),
                        tuple(AlertType.DIGEST, 3, 4),
                        tuple(AlertType.DIGEST, 4, 8),
                        tuple(AlertType.MILESTONE, 3, 11));
        assertThat(all.get(1).text()).contains("3 people followed @author@example.social within 43 minutes");
        for (int i = 1; i < all.size(); i++) {
            assertThat(Duration.between(all.get(i - 1).eventTime(), all.get(i).eventTime()))
                    .isGreaterThanOrEqualTo(Duration.ofHours(1));
        }
    }

    @Test
    void aBurstRightAfterTheFirstAlertIsToldAtOnce() {
        FeedOptions hourly = new FeedOptions(WINDOW, Duration.ofDays(1), SHARE_TYPES, Duration.ofHours(1));
        List<Credit> credits = new ArrayList<>();
        for (int i = 0; i < 25; i++) {
            credits.add(credit(i, BURST.plusSeconds(2L * i)));
        }
        credits.add(credit(99, BURST.plus(Duration.ofMinutes(40))));

        List<Alert> alerts =
                run(hourly, credits, credits.stream().map(c -> WALL).toList(), WALL.plusSeconds(5));

        assertThat(alerts)
                .extracting(Alert::type, Alert::newFollows, Alert::totalFollows)
                .containsExactly(tuple(AlertType.FIRST, 1, 1), tuple(AlertType.MILESTONE, 24, 25));
        assertThat(alerts.get(1).text()).contains("24 people followed @author@example.social within a minute");
    }

    private FeedState replay(FeedOptions options, List<Credit> credits) {
        FeedState state = empty();
        for (Credit credit : credits) {
            state = policy.decide(state, credit, options, credit.followedAt(), WALL)
                    .state();
        }
        return state;
    }

    @Test
    void milestoneLadder() {
        assertThat(List.of(9, 10, 24, 25, 49, 50, 99, 100, 250, 999, 1000, 2500, 7000))
                .extracting(Milestones::reachedBy)
                .containsExactly(0, 10, 10, 25, 25, 50, 50, 100, 250, 500, 1000, 2500, 5000);
    }
}
