package dev.ripple.ingest.replay.config;

import dev.ripple.ingest.replay.ReplaySpeed;
import io.micronaut.context.annotation.ConfigurationProperties;
import io.micronaut.context.annotation.Context;
import io.micronaut.core.annotation.Nullable;
import io.micronaut.core.convert.format.ReadableBytes;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;

/**
 * Replay settings ({@code ripple.replay.*}; environment variables in application.yml). A {@link Context} bean,
 * checked when it is built, so that a bad value stops start-up with a message naming the setting.
 *
 * @param file a scenario to replay once when the service starts (for the compose demo); blank = none
 * @param speed the speed of that start-up replay: N × real time, 0 = as fast as possible
 * @param maxBodySize the largest scenario accepted by {@code POST /api/v1/replays} (it is also Micronaut's
 *     {@code micronaut.server.max-request-size})
 * @param history how many replay reports are kept in memory
 * @param maxRunning how many replays may run at the same time
 */
@Context
@ConfigurationProperties("ripple.replay")
public record ReplaySettings(
        @Nullable String file,
        @Nullable String speed,
        @ReadableBytes long maxBodySize,
        int history,
        int maxRunning) {

    public ReplaySettings {
        List<String> problems = new ArrayList<>();
        if (speed != null && !speed.isBlank() && !isSpeed(speed)) {
            problems.add(
                    "ripple.replay.speed (RIPPLE_REPLAY_SPEED) must be " + ReplaySpeed.RULE + ", was '" + speed + "'");
        }
        if (file != null && !file.isBlank()) {
            Path path = Path.of(file.strip());
            if (!Files.isRegularFile(path) || !Files.isReadable(path)) {
                problems.add("ripple.replay.file (RIPPLE_REPLAY_FILE) must be a readable file, was '" + file + "'");
            }
        }
        if (maxBodySize < 1024) {
            problems.add("ripple.replay.max-body-size (RIPPLE_REPLAY_MAX_BODY_SIZE) must be at least 1KB, was "
                    + maxBodySize);
        }
        if (history < 1) {
            problems.add("ripple.replay.history (RIPPLE_REPLAY_HISTORY) must be at least 1, was " + history);
        }
        if (maxRunning < 1) {
            problems.add("ripple.replay.max-running (RIPPLE_REPLAY_MAX_RUNNING) must be at least 1, was " + maxRunning);
        }
        if (!problems.isEmpty()) {
            throw new IllegalArgumentException("Invalid replay settings: " + String.join("; ", problems));
        }
    }

    /** The scenario to replay at start-up, if any. */
    public Optional<Path> startupFile() {
        return file == null || file.isBlank() ? Optional.empty() : Optional.of(Path.of(file.strip()));
    }

    /** The start-up replay's speed; 0 (as fast as possible) unless set. */
    public double startupSpeed() {
        return speed == null || speed.isBlank() ? 0 : ReplaySpeed.parse(speed);
    }

    private static boolean isSpeed(String speed) {
        try {
            ReplaySpeed.parse(speed);
            return true;
        } catch (IllegalArgumentException e) {
            return false;
        }
    }
}
