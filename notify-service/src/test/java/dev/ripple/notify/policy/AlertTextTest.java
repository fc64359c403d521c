package dev.ripple.notify.policy;

import static org.assertj.core.api.Assertions.assertThat;

import java.time.Duration;
import java.util.List;
import org.junit.jupiter.api.Test;

class AlertTextTest {

    private static final Person AUTHOR = new Person("m:x:author", "@author@example.social");
    private static final Person SARAH = new Person("m:x:sarah", "@sarah@example.social");
    private static final Person JULIEN = new Person("m:x:julien", "@julien@example.social");
    private static final Person CHRIS = new Person("m:x:chris", "@chris@example.social");
    private static final Person FAN = new Person("m:x:fan", "@chris_fan01@example.social");
    private static final List<String> PATH =
            List.of("@sarah@example.social", "@julien@example.social", "@chris@example.social");

    @Test
    void rootSharerHearsThePathItTravelled() {
        assertThat(AlertText.digest(SARAH, AUTHOR, PATH, 25, 0, 31, Duration.ofSeconds(60), List.of(), null, 0.9))
                .isEqualTo("Your share of @author@example.social reached @julien@example.social and "
                        + "@chris@example.social: 25 people followed @author@example.social within a minute "
                        + "(31 in all).");
    }

    @Test
    void exposerHearsAboutTheirShare() {
        assertThat(AlertText.digest(CHRIS, AUTHOR, PATH, 24, 0, 25, Duration.ofSeconds(60), List.of(), null, 0.9))
                .isEqualTo("Your share of @author@example.social: 24 people followed @author@example.social "
                        + "within a minute (25 in all).");
    }

    @Test
    void middleSharerHearsOnlyWhatCameAfterThem() {
        assertThat(AlertText.first(JULIEN, AUTHOR, PATH, FAN, 0.96))
                .isEqualTo("Your share of @author@example.social reached @chris@example.social, and led to its "
                        + "first follow: @chris_fan01@example.social followed @author@example.social.");
    }

    @Test
    void firstAlertOfTheExposer() {
        assertThat(AlertText.first(CHRIS, AUTHOR, PATH, FAN, 0.96))
                .isEqualTo("Your share of @author@example.social led to its first follow: "
                        + "@chris_fan01@example.social followed @author@example.social.");
    }

    @Test
    void singleNewFollowIsNamed() {
        assertThat(AlertText.digest(
                        CHRIS,
                        AUTHOR,
                        PATH,
                        1,
                        0,
                        7,
                        Duration.ofSeconds(60),
                        List.of("@chris_fan01@example.social"),
                        null,
                        0.9))
                .isEqualTo("Your share of @author@example.social: @chris_fan01@example.social followed "
                        + "@author@example.social (7 in all).");
    }

    @Test
    void longPathsAreSummarised() {
        List<String> path = List.of("@a", "@b", "@c", "@d", "@e", "@f");
        Person a = new Person("m:x:a", "@a");

        assertThat(AlertText.digest(a, AUTHOR, path, 2, 2, 9, Duration.ofMinutes(5), List.of(), null, 0.9))
                .isEqualTo("Your share of @author@example.social reached @b, @c, @d and 2 others: 2 people followed "
                        + "@author@example.social within 5 minutes (9 in all). 2 follows credited earlier are no "
                        + "longer attributed to your share.");
    }

    @Test
    void weakClaimsAreSaidToBeUncertainInTheSentence() {
        assertThat(AlertText.digest(SARAH, AUTHOR, PATH, 5, 0, 52, Duration.ofMinutes(45), List.of(), 50, 0.2049))
                .endsWith("within 45 minutes (52 in all, past 50). Some of these are uncertain: the weakest is 20 %"
                        + " likely.");
        assertThat(AlertText.digest(
                        CHRIS,
                        AUTHOR,
                        PATH,
                        1,
                        0,
                        40,
                        Duration.ofMinutes(5),
                        List.of("@late@example.social"),
                        null,
                        0.11))
                .endsWith("(40 in all). This is uncertain: 11 % likely.");
        assertThat(AlertText.first(CHRIS, AUTHOR, PATH, FAN, 0.3))
                .endsWith("followed @author@example.social. This is uncertain: 30 % likely.");
        assertThat(AlertText.digest(SARAH, AUTHOR, PATH, 5, 0, 52, Duration.ofMinutes(45), List.of(), null, 0.5))
                .as("from 0.5 up a claim is more likely right than wrong: nothing added")
                .endsWith("(52 in all).");
        assertThat(AlertText.percent(0.001)).isEqualTo("1 %");
    }

    @Test
    void windowLengthsReadNaturally() {
        assertThat(AlertText.within(Duration.ofSeconds(60))).isEqualTo("within a minute");
        assertThat(AlertText.within(Duration.ofSeconds(30))).isEqualTo("within 30 seconds");
        assertThat(AlertText.within(Duration.ofMinutes(90))).isEqualTo("within 90 minutes");
        assertThat(AlertText.within(Duration.ofHours(12))).isEqualTo("within 12 hours");
        assertThat(AlertText.within(Duration.ofHours(1))).isEqualTo("within an hour");
    }

    @Test
    void milestoneIsSaidInTheTotal() {
        assertThat(AlertText.digest(SARAH, AUTHOR, PATH, 25, 0, 31, Duration.ofSeconds(60), List.of(), 25, 0.9))
                .endsWith("within a minute (31 in all, past 25).");
    }

    @Test
    void summaryMentionsTheBurstHonestly() {
        assertThat(AlertText.summary(
                        SARAH,
                        AUTHOR,
                        PATH,
                        56,
                        12,
                        Duration.ofHours(24),
                        java.time.Instant.parse("2009-09-17T14:06:00Z"),
                        java.time.Instant.parse("2009-09-18T15:22:00Z"),
                        0))
                .isEqualTo(
                        "After a quiet day: your share of @author@example.social, which reached @julien@example.social and "
                                + "@chris@example.social, brought 56 followers between 17 Sep 2009 and 18 Sep 2009. About 12 more "
                                + "people followed @author@example.social during the burst, without a share that can be named.");
    }

    @Test
    void subjectDigestNamesWhoBroughtFollowers() {
        assertThat(AlertText.subjectDigest(
                        AUTHOR,
                        25,
                        0,
                        31,
                        Duration.ofSeconds(60),
                        List.of(
                                new Contributor("m:x:chris", "@chris", 24),
                                new Contributor("m:x:julien", "@julien", 1))))
                .isEqualTo(
                        "25 people followed @author@example.social within a minute through shares by @chris (24) and "
                                + "@julien (1) (31 in all).");
    }
}
