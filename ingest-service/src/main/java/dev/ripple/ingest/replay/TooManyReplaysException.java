package dev.ripple.ingest.replay;

/** As many replays as allowed are running already; the caller may retry when one has finished. */
public class TooManyReplaysException extends RuntimeException {

    private final int limit;

    TooManyReplaysException(int limit) {
        super(limit + " replays are running already (the limit); retry when one has finished");
        this.limit = limit;
    }

    public int limit() {
        return limit;
    }
}
