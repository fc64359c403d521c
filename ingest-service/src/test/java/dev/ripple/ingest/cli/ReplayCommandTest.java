package dev.ripple.ingest.cli;

import static org.assertj.core.api.Assertions.assertThat;

import dev.ripple.ingest.testing.SeedStory;
import java.io.ByteArrayOutputStream;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

/** Usage errors exit 2 before anything is started; a run against a broker is in ReplayCommandIT. */
class ReplayCommandTest {

    private final ByteArrayOutputStream out = new ByteArrayOutputStream();
    private final ByteArrayOutputStream err = new ByteArrayOutputStream();

    @ParameterizedTest(name = "replay {0}")
    @CsvSource(
            delimiter = '|',
            value = {
                "''                          | FILE is missing",
                "--speed 2                   | FILE is missing",
                "SEED --speed                | --speed needs a value",
                "SEED --speed -1             | speed must be a number >= 0",
                "SEED --speed fast           | speed must be a number >= 0",
                "SEED --speed=               | speed must be a number >= 0",
                "SEED --speed 1 --speed 2    | --speed given twice",
                "SEED --fast                 | unknown option --fast",
                "SEED SEED                   | one FILE only",
                "/no/such/story.jsonl        | /no/such/story.jsonl is not a readable file",
            })
    void usageErrorExitsTwoAndSaysWhy(String arguments, String message) {
        String[] args = arguments.isBlank()
                ? new String[0]
                : arguments.replace("SEED", SeedStory.path().toString()).split(" ");

        int status = command().run(args);

        assertThat(status).isEqualTo(ReplayCommand.USAGE);
        assertThat(err.toString(StandardCharsets.UTF_8))
                .startsWith("replay: ")
                .contains(message)
                .contains("usage: java -jar ingest-service.jar replay FILE [--speed N]");
        assertThat(out.toString(StandardCharsets.UTF_8)).isEmpty();
    }

    @Test
    void helpPrintsUsageAndExitsZero() {
        int status = command().run("--help");

        assertThat(status).isZero();
        assertThat(out.toString(StandardCharsets.UTF_8)).contains("--speed N");
    }

    @Test
    void speedMayBeGivenBeforeOrAfterTheFile() {
        assertThat(ReplayCommand.Arguments.parse("--speed=2.5", "story.jsonl"))
                .isEqualTo(new ReplayCommand.Arguments(java.nio.file.Path.of("story.jsonl"), 2.5, false));
        assertThat(ReplayCommand.Arguments.parse("story.jsonl", "--speed", "60").speed())
                .isEqualTo(60);
        assertThat(ReplayCommand.Arguments.parse("story.jsonl").speed()).isZero();
    }

    private ReplayCommand command() {
        return new ReplayCommand(
                new PrintStream(out, true, StandardCharsets.UTF_8),
                new PrintStream(err, true, StandardCharsets.UTF_8),
                Map.of());
    }
}
