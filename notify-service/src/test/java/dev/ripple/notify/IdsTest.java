package dev.ripple.notify;

import static org.assertj.core.api.Assertions.assertThat;

import java.time.Instant;
import java.util.UUID;
import org.junit.jupiter.api.Test;

class IdsTest {

    @Test
    void uuidV7CarriesItsTimeAndSortsByIt() {
        Instant earlier = Instant.parse("2026-01-02T03:04:05.006Z");
        UUID first = Ids.uuidV7(earlier);
        UUID second = Ids.uuidV7(earlier.plusMillis(1));

        assertThat(first.version()).isEqualTo(7);
        assertThat(first.variant()).isEqualTo(2);
        assertThat(first.getMostSignificantBits() >>> 16).isEqualTo(earlier.toEpochMilli());
        assertThat(Ids.messageId(first)).startsWith("msg_").hasSize(30).doesNotContain(".");
        assertThat(Ids.messageId(first)).isLessThan(Ids.messageId(second));
    }

    @Test
    void base32EncodesAll128Bits() {
        assertThat(Ids.base32(new UUID(0, 0))).isEqualTo("0".repeat(26));
        assertThat(Ids.base32(new UUID(-1, -1))).isEqualTo("7" + "Z".repeat(25));
        assertThat(Ids.base32(new UUID(0, 1))).isEqualTo("0".repeat(25) + "1");
    }
}
