package dev.ripple.ingest.replay;

import java.io.ByteArrayInputStream;
import java.io.IOException;
import java.io.InputStream;
import java.nio.file.Files;
import java.nio.file.Path;

/**
 * What a replay reads: a scenario file, or an uploaded body.
 *
 * @param name shown in the report
 */
public record ReplayInput(String name, Opener opener) {

    @FunctionalInterface
    public interface Opener {
        InputStream open() throws IOException;
    }

    public static ReplayInput of(Path file) {
        return new ReplayInput(file.toString(), () -> Files.newInputStream(file));
    }

    public static ReplayInput of(String name, byte[] content) {
        return new ReplayInput(name, () -> new ByteArrayInputStream(content));
    }
}
