package dev.ripple.local;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.time.Duration;
import java.util.List;
import java.util.Set;
import org.junit.jupiter.api.Test;

class ArgsTest {

    static final Set<String> KNOWN = Set.of("port", "speed", "wait", "file");

    @Test
    void readsSpaceAndEqualsSeparatedValues() {
        Args args = Args.parse("replay", List.of("--port", "8090", "--speed=2.5", "--file", "a b.jsonl"), KNOWN);

        assertThat(args.port("port")).isEqualTo(8090);
        assertThat(args.nonNegativeNumber("speed", 0)).isEqualTo(2.5);
        assertThat(args.path("file")).hasToString("a b.jsonl");
        assertThat(args.seconds("wait", Duration.ofSeconds(7))).isEqualTo(Duration.ofSeconds(7));
    }

    @Test
    void everyMistakeIsNamedAtOnce() {
        assertThatThrownBy(
                        () -> Args.parse("sink", List.of("--nope", "1", "stray", "--port", "1", "--port", "2"), KNOWN))
                .isInstanceOf(Args.UsageException.class)
                .hasMessage("sink: unknown option --nope; unexpected argument 'stray'; option --port given twice");
        assertThatThrownBy(() -> Args.parse("sink", List.of("--port"), KNOWN))
                .hasMessage("sink: option --port needs a value");
    }

    @Test
    void valuesAreValidated() {
        assertThatThrownBy(() ->
                        Args.parse("sink", List.of("--port", "70000"), KNOWN).port("port"))
                .hasMessageContaining("--port must be a port number (0-65535), was 70000");
        assertThatThrownBy(
                        () -> Args.parse("sink", List.of("--port", "x"), KNOWN).port("port"))
                .hasMessageContaining("--port must be a whole number, was 'x'");
        assertThatThrownBy(() ->
                        Args.parse("replay", List.of("--speed", "-1"), KNOWN).nonNegativeNumber("speed", 0))
                .hasMessageContaining("--speed must be a number >= 0, was '-1'");
        assertThatThrownBy(() -> Args.parse("replay", List.of(), KNOWN).required("file"))
                .hasMessage("replay: missing --file");
    }
}
