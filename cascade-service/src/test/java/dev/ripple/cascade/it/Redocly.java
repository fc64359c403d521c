package dev.ripple.cascade.it;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.util.List;
import java.util.concurrent.TimeUnit;

/**
 * Runs {@code @redocly/cli lint} (npm, pinned in src/test/redocly/package-lock.json) on an OpenAPI document. The tool is
 * installed with {@code npm ci} into target/redocly on first use; npm and Node.js 20+ are required, and a missing
 * tool fails the test rather than skipping it.
 */
final class Redocly {

    private static final Path SOURCE = Path.of("src/test/redocly");
    private static final Path HOME = Path.of("target/redocly");

    private Redocly() {}

    /** What the linter said, and whether it passed. */
    record Result(int exitCode, String output) {}

    static synchronized Result lint(Path document) throws IOException, InterruptedException {
        Path cli = HOME.resolve("node_modules/.bin/redocly");
        if (!Files.isExecutable(cli)) {
            Files.createDirectories(HOME);
            for (String file : List.of("package.json", "package-lock.json")) {
                Files.copy(SOURCE.resolve(file), HOME.resolve(file), StandardCopyOption.REPLACE_EXISTING);
            }
            Result install = run(List.of("npm", "ci", "--no-audit", "--no-fund", "--ignore-scripts"), HOME, 300);
            if (install.exitCode() != 0 || !Files.isExecutable(cli)) {
                throw new IllegalStateException(
                        "npm ci of @redocly/cli failed (npm and Node.js 20+ are needed):\n" + install.output());
            }
        }
        return run(
                List.of(
                        cli.toAbsolutePath().toString(),
                        "lint",
                        "--config",
                        SOURCE.resolve("redocly.yaml").toAbsolutePath().toString(),
                        "--format",
                        "stylish",
                        document.toAbsolutePath().toString()),
                HOME,
                120);
    }

    private static Result run(List<String> command, Path directory, int timeoutSeconds)
            throws IOException, InterruptedException {
        Path output = Files.createTempFile("redocly", ".log");
        Process process = new ProcessBuilder(command)
                .directory(directory.toFile())
                .redirectErrorStream(true)
                .redirectOutput(output.toFile())
                .start();
        if (!process.waitFor(timeoutSeconds, TimeUnit.SECONDS)) {
            process.destroyForcibly();
            throw new IllegalStateException(String.join(" ", command) + " did not finish in " + timeoutSeconds + " s");
        }
        String text = Files.readString(output, StandardCharsets.UTF_8);
        Files.delete(output);
        return new Result(process.exitValue(), text);
    }
}
