package dev.ripple.ingest.jetstream;

import java.time.Duration;

/**
 * Where Jetstream frames come from: a live WebSocket or a recorded JSON Lines file, through the same processing.
 */
public interface FrameSource extends AutoCloseable {

    /**
     * The next frame, waiting at most {@code timeout}.
     *
     * @return the frame, or null when none arrived in time
     * @throws Ended when the source is finished (the connection closed or failed, the file ended)
     */
    String next(Duration timeout) throws InterruptedException, Ended;

    @Override
    void close();

    /** The source will give no more frames; {@link #getMessage()} says why. */
    final class Ended extends Exception {
        private final boolean normal;

        public Ended(String reason, boolean normal, Throwable cause) {
            super(reason, cause);
            this.normal = normal;
        }

        /** True for a file that ended, false for a connection that was lost. */
        public boolean normal() {
            return normal;
        }
    }
}
