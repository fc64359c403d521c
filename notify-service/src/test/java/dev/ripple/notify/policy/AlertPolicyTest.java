package dev.ripple.notify.policy;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.tuple;

import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.stream.IntStream;
import org.junit.jupiter.api.Test;

class AlertPolicyTest {

    static final Person SARAH = new Person("mastodon:example.social:sarah", "@sarah@example.social");
    static final Person AUTHOR = new Person("mastodon:example.social:author", "@author@example.social");
    static final StreamKey KEY = new StreamKey(SARAH.ref(), AUTHOR.ref(), "cascade-1");
    static final List<String> PATH =
            List.of("@sarah@example.social", "@julien@example.social", "@chris@example.social");

    static final Duration WINDOW = Duration.ofSeconds(60);
    static final Instant BURST = Instant.parse("2009-09-18T15:20:30.400Z");
    static final Instant WALL = Instant.parse("2026-03-01T12:00:00Z");

    private final AlertPolicy policy = new AlertPolicy(WINDOW, WINDOW);

    @Test
    void firstCreditAlertsAtOnce() {
        Credit credit = credit(1, BURST, 0.6);

        Decision decision = policy.decide(empty(), credit, BURST, WALL);

        assertThat(decision.alerts()).singleElement().satisfies(alert -> {
            assertThat(alert.reason()).isEqualTo(AlertReason.FIRST);
            assertThat(alert.newFollows()).isEqualTo(1);
            assertThat(alert.totalFollows()).isEqualTo(1);
            assertThat(alert.corrected()).isZero();
            assertThat(alert.eventTime()).isEqualTo(BURST);
            assertThat(alert.windowStart()).isNull();
            assertThat(alert.windowEnd()).isNull();
            assertThat(alert.path()).isEqualTo(PATH);
            assertThat(alert.confidence()).isEqualTo(0.6);
            assertThat(alert.sampleFollowers()).containsExactly("@fan001@example.social");
        });
        assertThat(decision.state().firstSent()).isTrue();
        assertThat(decision.state().window()).isNull();
    }

    @Test
    void followBurstBecomesOneAlertWhenConsumedAllAtOnce() {
        List<Arrival> arrivals = new ArrayList<>();
        arrivals.add(new Arrival(credit(0, BURST.minus(Duration.ofHours(20)), 0.9), WALL));
        burst().forEach(credit -> arrivals.add(new Arrival(credit, WALL)));

        List<Alert> alerts = run(policy, arrivals, Duration.ofSeconds(1), WALL.plus(Duration.ofMinutes(5)));

        assertThat(alerts).extracting(Alert::reason).containsExactly(AlertReason.FIRST, AlertReason.DIGEST);
        Alert digest = alerts.get(1);
        assertThat(digest.newFollows()).isEqualTo(25);
        assertThat(digest.totalFollows()).isEqualTo(26);
        assertThat(digest.windowStart()).isEqualTo(BURST);
        assertThat(digest.windowEnd()).isEqualTo(BURST.plus(WINDOW));
        assertThat(digest.eventTime()).isEqualTo(BURST.plus(WINDOW));
        assertThat(digest.sampleFollowers())
                .containsExactly(
                        "@fan001@example.social",
                        "@fan002@example.social",
                        "@fan003@example.social",
                        "@fan004@example.social",
                        "@fan005@example.social");
        assertThat(digest.text())
                .isEqualTo("Your share of @author@example.social reached @julien@example.social and "
                        + "@chris@example.social: 25 people followed @author@example.social within a minute "
                        + "(26 in all).");
    }

    @Test
    void followBurstBecomesOneAlertWhenConsumedInRealTime() {
        List<Arrival> arrivals = new ArrayList<>();
        arrivals.add(new Arrival(credit(0, BURST.minus(Duration.ofHours(20)), 0.9), WALL));
        Duration lag = Duration.ofMillis(2_300);
        Instant replayStart = WALL.plus(Duration.ofHours(1));
        burst().forEach(credit -> arrivals.add(new Arrival(
                credit,
                replayStart.plus(Duration.between(BURST, credit.followedAt())).plus(lag))));

        List<Alert> alerts = run(policy, arrivals, Duration.ofSeconds(1), replayStart.plus(Duration.ofMinutes(5)));

        assertThat(alerts).extracting(Alert::reason).containsExactly(AlertReason.FIRST, AlertReason.DIGEST);
        assertThat(alerts.get(1).newFollows()).isEqualTo(25);
        assertThat(alerts.get(1).totalFollows()).isEqualTo(26);
    }

    @Test
    void windowsFollowEventTimeWhateverTheArrivalSpeed() {
        // Three bursts and some stragglers over about ten minutes of event time.
        List<Credit> credits = new ArrayList<>();
        int n = 0;
        for (int second : new int[] {0, 5, 20, 59, 60, 61, 130, 131, 190, 400, 401, 402, 455, 460, 600}) {
            credits.add(credit(++n, BURST.plusSeconds(second), 0.5 + (n % 5) / 10.0));
        }

        List<Alert> allAtOnce = replay(credits, 0);
        List<Alert> realTime = replay(credits, 1);
        List<Alert> tenTimes = replay(credits, 10);
        List<Alert> halfAgain = replay(credits, 1.5);

        assertThat(allAtOnce)
                .extracting(Alert::reason, Alert::newFollows, Alert::windowStart)
                .containsExactly(
                        tuple(AlertReason.FIRST, 1, null),
                        tuple(AlertReason.DIGEST, 5, BURST.plusSeconds(5)),
                        tuple(AlertReason.DIGEST, 2, BURST.plusSeconds(130)),
                        tuple(AlertReason.DIGEST, 1, BURST.plusSeconds(190)),
                        tuple(AlertReason.DIGEST, 4, BURST.plusSeconds(400)),
                        tuple(AlertReason.DIGEST, 1, BURST.plusSeconds(460)),
                        tuple(AlertReason.DIGEST, 1, BURST.plusSeconds(600)));
        assertThat(realTime).isEqualTo(allAtOnce);
        assertThat(tenTimes).isEqualTo(allAtOnce);
        assertThat(halfAgain).isEqualTo(allAtOnce);
    }

    @Test
    void creditAtTheWindowEndClosesItAndOpensTheNext() {
        StreamState state = afterFirst();
        state = policy.decide(state, credit(2, BURST, 0.5), BURST, WALL).state();

        Decision decision = policy.decide(state, credit(3, BURST.plus(WINDOW), 0.5), BURST.plus(WINDOW), WALL);

        assertThat(decision.alerts()).singleElement().satisfies(alert -> {
            assertThat(alert.reason()).isEqualTo(AlertReason.DIGEST);
            assertThat(alert.newFollows()).isEqualTo(1);
            assertThat(alert.totalFollows()).isEqualTo(2);
        });
        assertThat(decision.state().window().start()).isEqualTo(BURST.plus(WINDOW));
        assertThat(decision.state().window().newFollows()).isEqualTo(1);
        assertThat(decision.state().totalFollows()).isEqualTo(3);
    }

    @Test
    void watermarkClosesTheWindowWithoutAnotherCredit() {
        StreamState state =
                policy.decide(afterFirst(), credit(2, BURST, 0.5), BURST, WALL).state();

        assertThat(policy.flush(state, BURST.plusSeconds(59), WALL.plusSeconds(1))
                        .alerts())
                .isEmpty();
        Decision closed = policy.flush(state, BURST.plus(WINDOW), WALL.plusSeconds(1));

        assertThat(closed.alerts())
                .singleElement()
                .extracting(Alert::newFollows)
                .isEqualTo(1);
        assertThat(closed.state().window()).isNull();
    }

    @Test
    void maxWaitClosesTheWindowOnTheWallClock() {
        AlertPolicy quick = new AlertPolicy(WINDOW, Duration.ofSeconds(3));
        StreamState state =
                quick.decide(afterFirst(), credit(2, BURST, 0.5), BURST, WALL).state();

        assertThat(quick.flush(state, BURST, WALL.plusMillis(2_999)).alerts()).isEmpty();
        assertThat(quick.flush(state, BURST, WALL.plusSeconds(3)).alerts()).hasSize(1);
        assertThat(quick.maxWait()).isEqualTo(Duration.ofSeconds(3));
    }

    @Test
    void creditArrivingAfterTheWindowWasDueStartsAFreshWindow() {
        AlertPolicy quick = new AlertPolicy(WINDOW, Duration.ofSeconds(3));
        StreamState state =
                quick.decide(afterFirst(), credit(2, BURST, 0.5), BURST, WALL).state();

        // The flush has not run yet, but the window was due: the outcome must be as if it had.
        Decision decision =
                quick.decide(state, credit(3, BURST.plusSeconds(10), 0.5), BURST.plusSeconds(10), WALL.plusSeconds(5));

        assertThat(decision.alerts())
                .singleElement()
                .extracting(Alert::newFollows)
                .isEqualTo(1);
        assertThat(decision.state().window().start()).isEqualTo(BURST.plusSeconds(10));
    }

    @Test
    void lateCreditBehindTheWatermarkIsReportedAtOnce() {
        Instant watermark = BURST.plus(Duration.ofHours(2));

        Decision decision = policy.decide(afterFirst(), credit(2, BURST, 0.5), watermark, WALL);

        assertThat(decision.alerts()).singleElement().satisfies(alert -> {
            assertThat(alert.reason()).isEqualTo(AlertReason.DIGEST);
            assertThat(alert.newFollows()).isEqualTo(1);
            assertThat(alert.windowStart()).isEqualTo(BURST);
        });
        assertThat(decision.state().window()).isNull();
    }

    @Test
    void withdrawalCorrectsTheNextAlert() {
        StreamState state = afterFirst();
        state = policy.decide(state, credit(2, BURST, 0.5), BURST, WALL).state();
        state = policy.decide(state, credit(3, BURST.plusSeconds(2), 0.5), BURST.plusSeconds(2), WALL)
                .state();
        state = policy.decide(state, withdrawal(1), BURST.plusSeconds(2), WALL).state();

        assertThat(state.totalFollows()).isEqualTo(2);
        Alert alert = policy.flush(state, BURST.plus(WINDOW), WALL).alerts().getFirst();

        assertThat(alert.newFollows()).isEqualTo(2);
        assertThat(alert.corrected()).isEqualTo(-1);
        assertThat(alert.totalFollows()).isEqualTo(2);
        assertThat(alert.text())
                .endsWith("(2 in all). 1 follow credited earlier is no longer attributed to your share.");
    }

    @Test
    void withdrawalWithNothingElseHappeningIsStillReported() {
        StreamState state = afterFirst();

        Decision decision = policy.decide(state, withdrawal(1), BURST.plus(Duration.ofHours(1)), WALL);

        assertThat(decision.alerts()).singleElement().satisfies(alert -> {
            assertThat(alert.newFollows()).isZero();
            assertThat(alert.corrected()).isEqualTo(-1);
            assertThat(alert.totalFollows()).isZero();
            assertThat(alert.confidence()).isNull();
            assertThat(alert.text())
                    .isEqualTo("Correction for your share of @author@example.social: 1 follow credited earlier is "
                            + "no longer attributed to it (0 in all).");
        });
    }

    @Test
    void digestReportsTheLowestConfidence() {
        StreamState state = afterFirst();
        state = policy.decide(state, credit(2, BURST, 0.8), BURST, WALL).state();
        state = policy.decide(state, credit(3, BURST.plusSeconds(1), 0.35), BURST.plusSeconds(1), WALL)
                .state();
        state = policy.decide(state, credit(4, BURST.plusSeconds(2), 0.6), BURST.plusSeconds(2), WALL)
                .state();

        assertThat(policy.flush(state, BURST.plus(WINDOW), WALL)
                        .alerts()
                        .getFirst()
                        .confidence())
                .isEqualTo(0.35);
    }

    @Test
    void redeliveredDecisionsChangeNothing() {
        List<Message> messages = new ArrayList<>();
        messages.add(new Message("f0", 1, true, credit(0, BURST.minusSeconds(3600), 0.9)));
        for (int i = 1; i <= 10; i++) {
            messages.add(new Message("f" + i, 1, true, credit(i, BURST.plusSeconds(2L * i), 0.6)));
        }
        List<Message> withDuplicates = new ArrayList<>();
        for (Message message : messages) {
            withDuplicates.add(message);
            withDuplicates.add(message);
        }
        // A replay from the start after everything was consumed.
        withDuplicates.addAll(messages);

        assertThat(consume(withDuplicates)).isEqualTo(consume(messages));
        assertThat(consume(messages)).extracting(Alert::newFollows).containsExactly(1, 10);
    }

    private List<Alert> consume(List<Message> messages) {
        Map<String, PriorCredit> ledger = new HashMap<>();
        StreamState state = empty();
        Instant watermark = Instant.MIN;
        List<Alert> alerts = new ArrayList<>();
        for (Message message : messages) {
            watermark = max(watermark, message.change().followedAt());
            LedgerAction action =
                    CreditLedger.classify(ledger.get(message.followId()), message.version(), message.credited(), KEY);
            if (action == LedgerAction.STALE) {
                continue;
            }
            ledger.put(message.followId(), new PriorCredit(message.version(), message.credited(), KEY));
            if (action == LedgerAction.CREDIT) {
                Decision decision = policy.decide(state, message.change(), watermark, WALL);
                state = decision.state();
                alerts.addAll(decision.alerts());
            }
        }
        alerts.addAll(policy.flush(state, watermark, WALL.plus(WINDOW)).alerts());
        return alerts;
    }

    record Message(String followId, int version, boolean credited, StreamChange change) {}

    private List<Alert> replay(List<Credit> credits, double speed) {
        Instant replayStart = WALL.plus(Duration.ofDays(1));
        Instant eventStart = credits.getFirst().followedAt();
        List<Arrival> arrivals = credits.stream()
                .map(credit -> {
                    if (speed == 0) {
                        return new Arrival(credit, replayStart);
                    }
                    long millis = (long)
                            (Duration.between(eventStart, credit.followedAt()).toMillis() / speed);
                    return new Arrival(credit, replayStart.plusMillis(millis + 500));
                })
                .toList();
        return run(policy, arrivals, Duration.ofSeconds(1), replayStart.plus(Duration.ofHours(1)));
    }

    record Arrival(StreamChange change, Instant wallAt) {}

    /**
     * Feeds changes at their wall-clock arrival times, with the watermark at the latest follow seen so far, and runs
     * the scheduled flush every {@code flushEvery} of wall-clock time until {@code until}, as the service does.
     */
    static List<Alert> run(AlertPolicy policy, List<Arrival> arrivals, Duration flushEvery, Instant until) {
        List<Alert> alerts = new ArrayList<>();
        StreamState state = empty();
        Instant watermark = Instant.MIN;
        Instant nextFlush = arrivals.getFirst().wallAt();
        for (Arrival arrival : arrivals) {
            while (nextFlush.isBefore(arrival.wallAt())) {
                Decision flushed = policy.flush(state, watermark, nextFlush);
                state = flushed.state();
                alerts.addAll(flushed.alerts());
                nextFlush = nextFlush.plus(flushEvery);
            }
            watermark = max(watermark, arrival.change().followedAt());
            Decision decision = policy.decide(state, arrival.change(), watermark, arrival.wallAt());
            state = decision.state();
            alerts.addAll(decision.alerts());
        }
        while (!nextFlush.isAfter(until)) {
            Decision flushed = policy.flush(state, watermark, nextFlush);
            state = flushed.state();
            alerts.addAll(flushed.alerts());
            nextFlush = nextFlush.plus(flushEvery);
        }
        return alerts;
    }

    private StreamState afterFirst() {
        return policy.decide(
                        empty(),
                        credit(1, BURST.minus(Duration.ofHours(1)), 0.9),
                        BURST.minus(Duration.ofHours(1)),
                        WALL)
                .state();
    }

    static List<Credit> burst() {
        return IntStream.rangeClosed(1, 25)
                .mapToObj(i -> credit(i, BURST.plusSeconds(2L * (i - 1)), 0.6))
                .toList();
    }

    static StreamState empty() {
        return StreamState.empty(KEY, SARAH, AUTHOR);
    }

    static Credit credit(int n, Instant followedAt, double confidence) {
        String handle = "@fan%03d@example.social".formatted(n);
        return new Credit(
                "follow-" + n, new Person("mastodon:example.social:fan" + n, handle), followedAt, confidence, PATH);
    }

    static Withdrawal withdrawal(int n) {
        String handle = "@fan%03d@example.social".formatted(n);
        return new Withdrawal(
                "follow-" + n, new Person("mastodon:example.social:fan" + n, handle), BURST.minus(Duration.ofHours(1)));
    }

    private static Instant max(Instant a, Instant b) {
        return a.isAfter(b) ? a : b;
    }
}
