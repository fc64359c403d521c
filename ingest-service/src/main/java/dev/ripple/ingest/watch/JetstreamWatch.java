package dev.ripple.ingest.watch;

import java.net.URI;
import java.util.List;

/**
 * The Jetstream live stream.
 *
 * @param url the Jetstream subscribe endpoint, e.g. {@code wss://jetstream2.us-east.bsky.network/subscribe}
 * @param collections the collections to take ({@code wantedCollections})
 */
public record JetstreamWatch(boolean enabled, URI url, List<String> collections) {

    public static final URI DEFAULT_URL = URI.create("wss://jetstream2.us-east.bsky.network/subscribe");
    public static final List<String> DEFAULT_COLLECTIONS =
            List.of("app.bsky.feed.post", "app.bsky.feed.repost", "app.bsky.feed.like", "app.bsky.graph.follow");
    public static final JetstreamWatch DISABLED = new JetstreamWatch(false, DEFAULT_URL, DEFAULT_COLLECTIONS);

    public JetstreamWatch {
        url = url == null ? DEFAULT_URL : url;
        collections = collections == null || collections.isEmpty() ? DEFAULT_COLLECTIONS : List.copyOf(collections);
    }
}
