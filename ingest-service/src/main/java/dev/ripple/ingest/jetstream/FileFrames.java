package dev.ripple.ingest.jetstream;

import java.io.BufferedReader;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;

/** A recorded JSON Lines file of Jetstream frames (one frame a line, blank lines skipped), replayed in file order. */
public final class FileFrames implements FrameSource {

    private final Path path;
    private final BufferedReader reader;
    private final long fromTimeUs;

    /** @param fromTimeUs frames stamped before this are skipped, as a server skips them for a cursor (-1: none) */
    public FileFrames(Path path, long fromTimeUs) {
        this.path = path;
        this.fromTimeUs = fromTimeUs;
        try {
            this.reader = Files.newBufferedReader(path, StandardCharsets.UTF_8);
        } catch (IOException e) {
            throw new UncheckedIOException("cannot read Jetstream recording " + path, e);
        }
    }

    @Override
    public String next(Duration timeout) throws Ended {
        try {
            String line;
            while ((line = reader.readLine()) != null) {
                if (line.isBlank()) {
                    continue;
                }
                long time = Frames.timeUs(line);
                if (fromTimeUs >= 0 && time >= 0 && time < fromTimeUs) {
                    continue;
                }
                return line;
            }
            throw new Ended("end of " + path, true, null);
        } catch (IOException e) {
            throw new Ended("cannot read " + path + ": " + e.getMessage(), false, e);
        }
    }

    @Override
    public void close() {
        try {
            reader.close();
        } catch (IOException e) {
            // Nothing was written; a close failure changes nothing.
        }
    }
}
