package dev.ripple.ingest.source;

import static org.assertj.core.api.Assertions.assertThat;

import java.time.Duration;
import java.util.random.RandomGenerator;
import org.junit.jupiter.api.Test;

class PollPacingTest {

    @Test
    void quietPollsDoubleTheWaitUpToTheMaximumAndActivityResetsIt() {
        PollPacing pacing = new PollPacing(
                Duration.ofSeconds(30), Duration.ofMinutes(2), Duration.ofMinutes(5), RandomGenerator.getDefault());
        assertThat(pacing.afterIdle()).isEqualTo(Duration.ofMinutes(1));
        assertThat(pacing.afterIdle()).isEqualTo(Duration.ofMinutes(2));
        assertThat(pacing.afterIdle()).isEqualTo(Duration.ofMinutes(2));
        assertThat(pacing.afterActivity()).isEqualTo(Duration.ofSeconds(30));
    }

    @Test
    void failuresBackOffExponentiallyWithJitterUpToTheCeiling() {
        PollPacing pacing = new PollPacing(
                Duration.ofSeconds(30), Duration.ofMinutes(2), Duration.ofMinutes(5), RandomGenerator.getDefault());
        for (int i = 0; i < 50; i++) {
            assertThat(pacing.afterFailure(1)).isBetween(Duration.ofSeconds(4), Duration.ofSeconds(6));
            assertThat(pacing.afterFailure(3)).isBetween(Duration.ofSeconds(16), Duration.ofSeconds(24));
            assertThat(pacing.afterFailure(40)).isBetween(Duration.ofMinutes(4), Duration.ofMinutes(6));
        }
    }
}
