package dev.ripple.ingest.replay;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;
import org.junit.jupiter.params.provider.ValueSource;

class ReplaySpeedTest {

    @ParameterizedTest
    @CsvSource({"0, 0", "1, 1", "60, 60", "2.5, 2.5", ".5, 0.5", "' 10 ', 10", "1.0E-4, 0.0001", "1e3, 1000"})
    void plainDecimalIsASpeed(String text, double speed) {
        assertThat(ReplaySpeed.parse(text)).isEqualTo(speed);
    }

    @ParameterizedTest
    @ValueSource(
            strings = {"", "-1", "fast", "NaN", "Infinity", "1e400", "0x10", "1d", "1,5", "1.", "9999999999", "e3"})
    void anythingElseIsRefusedSayingWhatIsExpected(String text) {
        assertThatThrownBy(() -> ReplaySpeed.parse(text))
                .isInstanceOf(IllegalArgumentException.class)
                .hasMessage(
                        "speed must be a number >= 0 (N times real time; 0 = as fast as possible), got '" + text + "'");
    }
}
