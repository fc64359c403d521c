package dev.ripple.local;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.ByteArrayOutputStream;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import org.junit.jupiter.api.Test;

class RippleLocalTest {

    final ByteArrayOutputStream out = new ByteArrayOutputStream();
    final ByteArrayOutputStream err = new ByteArrayOutputStream();

    @Test
    void noCommandPrintsUsageAndExits2() {
        assertThat(run()).isEqualTo(2);
        assertThat(err()).contains("usage: java -jar ripple-local.jar COMMAND");
    }

    @Test
    void helpGoesToStandardOutput() {
        assertThat(run("help")).isZero();
        assertThat(out.toString(StandardCharsets.UTF_8)).contains("sink       --port P --secret-file F");
    }

    @Test
    void unknownCommandOrOptionIsAUsageError() {
        assertThat(run("dance")).isEqualTo(2);
        assertThat(err()).startsWith("unknown command 'dance'");

        assertThat(run("replay", "--ingest", "http://127.0.0.1:1", "--fast", "yes"))
                .isEqualTo(2);
        assertThat(err()).contains("replay: unknown option --fast");
    }

    @Test
    void badUrlIsAUsageError() {
        assertThat(run("replay", "--ingest", "localhost:8081", "--file", "x")).isEqualTo(2);
        assertThat(err()).contains("--ingest must be an absolute http URL, was 'localhost:8081'");
    }

    @Test
    void failureExits1WithTheReason() {
        assertThat(run("replay", "--ingest", "http://127.0.0.1:1", "--file", "/nonexistent/story.jsonl"))
                .isEqualTo(1);
        assertThat(err()).contains("replay: cannot read /nonexistent/story.jsonl: no such file");
    }

    private int run(String... args) {
        return RippleLocal.run(
                args,
                new PrintStream(out, true, StandardCharsets.UTF_8),
                new PrintStream(err, true, StandardCharsets.UTF_8));
    }

    private String err() {
        return err.toString(StandardCharsets.UTF_8);
    }
}
