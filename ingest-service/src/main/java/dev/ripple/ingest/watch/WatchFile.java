package dev.ripple.ingest.watch;

import java.util.List;
import java.util.Objects;

/**
 * What ingest-service watches: the parsed and validated watch file ({@code RIPPLE_WATCH_FILE}). The schema is
 * documented with a commented example in {@code docs/sources/README.md}.
 *
 * @param mastodon watched Mastodon accounts
 * @param bluesky watched Bluesky accounts
 * @param jetstream the Jetstream live stream (disabled when the file has no {@code jetstream:} section)
 */
public record WatchFile(List<MastodonWatch> mastodon, List<BlueskyWatch> bluesky, JetstreamWatch jetstream) {

    public static final WatchFile EMPTY = new WatchFile(List.of(), List.of(), JetstreamWatch.DISABLED);

    public WatchFile {
        mastodon = List.copyOf(mastodon);
        bluesky = List.copyOf(bluesky);
        Objects.requireNonNull(jetstream, "jetstream");
    }

    public boolean isEmpty() {
        return mastodon.isEmpty() && bluesky.isEmpty() && !jetstream.enabled();
    }
}
