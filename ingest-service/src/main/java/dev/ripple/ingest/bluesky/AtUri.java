package dev.ripple.ingest.bluesky;

import java.util.Optional;

/**
 * An AT-URI naming a record: {@code at://<did>/<collection>/<rkey>}. Only DID authorities are accepted: handles
 * change, and every record reference Ripple keys on is written with the author's DID.
 */
public record AtUri(String did, String collection, String rkey) {

    public static final String POST = "app.bsky.feed.post";
    public static final String REPOST = "app.bsky.feed.repost";
    public static final String LIKE = "app.bsky.feed.like";
    public static final String FOLLOW = "app.bsky.graph.follow";
    public static final String STARTER_PACK = "app.bsky.graph.starterpack";

    public static Optional<AtUri> parse(String uri) {
        if (uri == null || !uri.startsWith("at://")) {
            return Optional.empty();
        }
        String rest = uri.substring(5);
        int first = rest.indexOf('/');
        if (first <= 0) {
            return Optional.empty();
        }
        int second = rest.indexOf('/', first + 1);
        if (second < 0 || second == first + 1 || second == rest.length() - 1) {
            return Optional.empty();
        }
        String did = rest.substring(0, first);
        String collection = rest.substring(first + 1, second);
        String rkey = rest.substring(second + 1);
        if (!Dids.isDid(did) || rkey.indexOf('/') >= 0 || rkey.indexOf('?') >= 0 || rkey.indexOf('#') >= 0) {
            return Optional.empty();
        }
        return Optional.of(new AtUri(did, collection, rkey));
    }

    public static String of(String did, String collection, String rkey) {
        return "at://" + did + "/" + collection + "/" + rkey;
    }

    public boolean is(String nsid) {
        return collection.equals(nsid);
    }

    @Override
    public String toString() {
        return of(did, collection, rkey);
    }
}
