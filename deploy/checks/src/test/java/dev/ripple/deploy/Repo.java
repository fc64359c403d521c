package dev.ripple.deploy;

import static org.assertj.core.api.Assertions.fail;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import com.fasterxml.jackson.dataformat.yaml.YAMLFactory;
import com.fasterxml.jackson.dataformat.yaml.YAMLMapper;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;

/** The repository under test, and the external tools the checks run. A missing tool fails the check, loudly. */
final class Repo {

    static final ObjectMapper YAML = new YAMLMapper();

    private Repo() {}

    static Path root() {
        String configured = System.getProperty("ripple.repo");
        Path root = configured != null ? Path.of(configured) : Path.of("../..");
        root = root.toAbsolutePath().normalize();
        if (!Files.isRegularFile(root.resolve("docker-compose.yml"))) {
            throw new IllegalStateException("Not the Ripple repository (no docker-compose.yml): " + root);
        }
        return root;
    }

    static Path file(String relative) {
        return root().resolve(relative);
    }

    static String read(String relative) {
        try {
            return Files.readString(file(relative), StandardCharsets.UTF_8);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    /** Every YAML document in the text, empty ones dropped. */
    static List<ObjectNode> documents(String yaml) {
        try (var parser = new YAMLFactory().createParser(yaml)) {
            List<ObjectNode> documents = new ArrayList<>();
            var iterator = YAML.readValues(parser, JsonNode.class);
            while (iterator.hasNext()) {
                JsonNode node = iterator.next();
                if (node instanceof ObjectNode object && !object.isEmpty()) {
                    documents.add(object);
                }
            }
            return documents;
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    record Result(int exitCode, String stdout, String stderr) {}

    /**
     * Runs a command from the repository root. A command that is not installed fails the test with what installs it
     * (.ci/run does), never skips it.
     */
    static Result run(List<String> command, Map<String, String> environment, String installHint) {
        ProcessBuilder builder = new ProcessBuilder(command).directory(root().toFile());
        builder.environment().putAll(environment);
        Path out;
        Path err;
        try {
            out = Files.createTempFile("ripple-check", ".out");
            err = Files.createTempFile("ripple-check", ".err");
            builder.redirectOutput(out.toFile()).redirectError(err.toFile());
            Process process;
            try {
                process = builder.start();
            } catch (IOException e) {
                return fail("Cannot run " + command.getFirst() + " (" + e.getMessage() + "). " + installHint);
            }
            if (!process.waitFor(5, TimeUnit.MINUTES)) {
                process.destroyForcibly();
                return fail(String.join(" ", command) + " did not finish within 5 minutes");
            }
            Result result = new Result(
                    process.exitValue(),
                    Files.readString(out, StandardCharsets.UTF_8),
                    Files.readString(err, StandardCharsets.UTF_8));
            Files.deleteIfExists(out);
            Files.deleteIfExists(err);
            return result;
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException(e);
        }
    }

    static Result runOk(List<String> command, Map<String, String> environment, String installHint) {
        Result result = run(command, environment, installHint);
        if (result.exitCode() != 0) {
            fail(String.join(" ", command) + " exited " + result.exitCode() + ":\n" + result.stderr()
                    + result.stdout());
        }
        return result;
    }
}
