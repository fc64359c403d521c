package dev.ripple.ingest.bluesky;

import dev.ripple.events.Account;
import dev.ripple.events.EngagementKind;
import dev.ripple.events.EngagementObserved;
import dev.ripple.events.FollowObserved;
import dev.ripple.events.RippleEvent;
import dev.ripple.events.ShareKind;
import dev.ripple.events.ShareObserved;
import java.nio.charset.StandardCharsets;
import java.time.Instant;
import java.time.format.DateTimeParseException;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import tools.jackson.databind.JsonNode;

/**
 * Turns one Bluesky record (from a notification, the AppView, a PDS or Jetstream: the same rules for every path) into
 * Ripple's events about the watched accounts.
 *
 * <ul>
 *   <li>a repost of a watched account's post, or via a watched account's repost: a {@code RESHARE} share with
 *       {@code objectUri} = the post and {@code viaUri} = {@code via} (only when it names a repost record);
 *   <li>a post quoting ({@code embed.record}, {@code recordWithMedia}) a watched account's post: {@code QUOTE}; replying
 *       to one (parent or thread root): {@code REPLY}; naming a watched account in a mention facet: {@code MENTION}.
 *       One share per (post, watched account), the strongest kind winning (quote, then reply, then mention);
 *   <li>a like of a watched account's post, or via a watched account's repost: an {@link EngagementObserved}, never a
 *       share;
 *   <li>a follow of a watched account: a follow, with {@code viaUri} only when {@code via} is a starter pack (such a
 *       follow is never credited to a sharer).
 * </ul>
 *
 * <p>Event ids are the record's AT-URI (posts: {@code <uri>#<watched did>}, as one post can concern several accounts),
 * so the same record seen through two paths is the same event. The time is the record's {@code createdAt}, the same on
 * every path (a value the client sets: one in the future of the server's time is clamped to it); the record key's TID
 * or the server's time stand in when it is missing.
 */
public final class RecordMapper {

    public static final String PLATFORM = "bluesky";

    private final AccountDirectory accounts;

    public RecordMapper(AccountDirectory accounts) {
        this.accounts = accounts;
    }

    /**
     * One record as a platform showed it.
     *
     * @param did the record's author (the repo)
     * @param record the record's JSON (its {@code $type} may be absent)
     * @param serverTime when a server saw it (Jetstream {@code time_us}, the AppView's {@code indexedAt}), or null
     */
    public record Commit(String did, String collection, String rkey, JsonNode record, Instant serverTime) {

        public String uri() {
            return AtUri.of(did, collection, rkey);
        }
    }

    /**
     * What a record became.
     *
     * @param events the events, possibly none (the record does not concern a watched account)
     * @param problem why the record was malformed and skipped, or null
     */
    public record Mapping(List<RippleEvent> events, String problem) {

        static final Mapping NOTHING = new Mapping(List.of(), null);

        static Mapping malformed(String problem) {
            return new Mapping(List.of(), problem);
        }

        public boolean malformed() {
            return problem != null;
        }
    }

    public Mapping map(Commit commit, Watched watched) {
        if (!Dids.isDid(commit.did())) {
            return Mapping.malformed("repo '" + commit.did() + "' is not a DID");
        }
        if (commit.record() == null || !commit.record().isObject()) {
            return Mapping.malformed(commit.collection() + " " + commit.uri() + " has no record object");
        }
        return switch (commit.collection()) {
            case AtUri.REPOST -> repost(commit, watched);
            case AtUri.LIKE -> like(commit, watched);
            case AtUri.FOLLOW -> follow(commit, watched);
            case AtUri.POST -> post(commit, watched);
            default -> Mapping.NOTHING;
        };
    }

    private Mapping repost(Commit commit, Watched watched) {
        Optional<AtUri> subject = strongRefUri(commit.record().get("subject"));
        if (subject.isEmpty()) {
            return Mapping.malformed("repost " + commit.uri() + ": subject is not a strongRef to a record");
        }
        AtUri post = subject.get();
        String via = viaRepost(commit.record());
        if (!post.is(AtUri.POST)) {
            return Mapping.NOTHING;
        }
        if (!watched.contains(post.did()) && !watched.contains(authorOf(via))) {
            return Mapping.NOTHING;
        }
        Instant at = time(commit);
        if (at == null) {
            return Mapping.malformed("repost " + commit.uri() + ": no usable createdAt");
        }
        ShareObserved share = new ShareObserved(
                commit.uri(),
                PLATFORM,
                ShareKind.RESHARE,
                commit.uri(),
                accounts.account(commit.did()),
                accounts.account(post.did()),
                post.toString(),
                List.of(),
                via,
                at);
        return new Mapping(List.of(share), null);
    }

    private Mapping like(Commit commit, Watched watched) {
        Optional<AtUri> subject = strongRefUri(commit.record().get("subject"));
        if (subject.isEmpty()) {
            return Mapping.malformed("like " + commit.uri() + ": subject is not a strongRef to a record");
        }
        AtUri post = subject.get();
        String via = viaRepost(commit.record());
        if (!post.is(AtUri.POST) || commit.did().equals(post.did())) {
            return Mapping.NOTHING;
        }
        if (!watched.contains(post.did()) && !watched.contains(authorOf(via))) {
            return Mapping.NOTHING;
        }
        Instant at = time(commit);
        if (at == null) {
            return Mapping.malformed("like " + commit.uri() + ": no usable createdAt");
        }
        EngagementObserved like = new EngagementObserved(
                commit.uri(),
                PLATFORM,
                EngagementKind.LIKE,
                commit.uri(),
                accounts.account(commit.did()),
                accounts.account(post.did()),
                post.toString(),
                via,
                at);
        return new Mapping(List.of(like), null);
    }

    private Mapping follow(Commit commit, Watched watched) {
        String followee = text(commit.record().get("subject"));
        if (!Dids.isDid(followee)) {
            return Mapping.malformed("follow " + commit.uri() + ": subject is not a DID");
        }
        if (!watched.contains(followee) || followee.equals(commit.did())) {
            return Mapping.NOTHING;
        }
        Instant at = time(commit);
        if (at == null) {
            return Mapping.malformed("follow " + commit.uri() + ": no usable createdAt");
        }
        // Only a starter pack explains a follow; any other via is not a platform-recorded origin.
        String via = strongRefUri(commit.record().get("via"))
                .filter(uri -> uri.is(AtUri.STARTER_PACK))
                .map(AtUri::toString)
                .orElse(null);
        FollowObserved follow = new FollowObserved(
                commit.uri(), PLATFORM, accounts.account(commit.did()), accounts.account(followee), at, via);
        return new Mapping(List.of(follow), null);
    }

    private record Target(ShareKind kind, String objectUri) {}

    private Mapping post(Commit commit, Watched watched) {
        JsonNode record = commit.record();
        String author = commit.did();
        Map<String, Target> targets = new LinkedHashMap<>();
        // Strongest first: a later, weaker kind never replaces an earlier one for the same account.
        quoted(record.get("embed")).ifPresent(quoted -> {
            if (quoted.is(AtUri.POST)) {
                consider(targets, watched, author, quoted.did(), new Target(ShareKind.QUOTE, quoted.toString()));
            }
        });
        JsonNode reply = record.get("reply");
        if (reply != null && reply.isObject()) {
            Optional<AtUri> parent = strongRefUri(reply.get("parent"));
            Optional<AtUri> root = strongRefUri(reply.get("root"));
            if (parent.isEmpty() || root.isEmpty()) {
                return Mapping.malformed("post " + commit.uri() + ": reply without parent and root strongRefs");
            }
            consider(
                    targets,
                    watched,
                    author,
                    parent.get().did(),
                    new Target(ShareKind.REPLY, parent.get().toString()));
            consider(
                    targets,
                    watched,
                    author,
                    root.get().did(),
                    new Target(ShareKind.REPLY, root.get().toString()));
        }
        Map<String, String> mentioned = mentions(record);
        for (String did : mentioned.keySet()) {
            consider(targets, watched, author, did, new Target(ShareKind.MENTION, null));
        }
        if (targets.isEmpty()) {
            return Mapping.NOTHING;
        }
        Instant at = time(commit);
        if (at == null) {
            return Mapping.malformed("post " + commit.uri() + ": no usable createdAt");
        }
        mentioned.forEach((did, handle) -> {
            if (handle != null && !accounts.knows(did)) {
                accounts.learn(did, handle, null);
            }
        });
        List<RippleEvent> shares = new ArrayList<>();
        Account actor = accounts.account(author);
        for (Map.Entry<String, Target> target : targets.entrySet()) {
            String subject = target.getKey();
            List<Account> others = mentioned.keySet().stream()
                    .filter(did -> !did.equals(subject) && !did.equals(author))
                    .map(accounts::account)
                    .toList();
            shares.add(new ShareObserved(
                    commit.uri() + "#" + subject,
                    PLATFORM,
                    target.getValue().kind(),
                    commit.uri(),
                    actor,
                    accounts.account(subject),
                    target.getValue().objectUri(),
                    others,
                    null,
                    at));
        }
        return new Mapping(shares, null);
    }

    private static void consider(Map<String, Target> targets, Watched watched, String author, String did, Target t) {
        if (watched.contains(did) && !did.equals(author)) {
            targets.putIfAbsent(did, t);
        }
    }

    /** The record a post embeds ({@code app.bsky.embed.record}, or the record part of {@code recordWithMedia}). */
    private static Optional<AtUri> quoted(JsonNode embed) {
        if (embed == null || !embed.isObject()) {
            return Optional.empty();
        }
        String type = text(embed.get("$type"));
        if ("app.bsky.embed.record".equals(type)) {
            return strongRefUri(embed.get("record"));
        }
        if ("app.bsky.embed.recordWithMedia".equals(type)) {
            JsonNode record = embed.get("record");
            return record == null ? Optional.empty() : strongRefUri(record.get("record"));
        }
        return Optional.empty();
    }

    /**
     * The DIDs named by mention facets, each with the handle its text shows ({@code @handle}, sliced by UTF-8 byte
     * offsets as the lexicon defines them), or null when the slice is not a handle.
     */
    static Map<String, String> mentions(JsonNode post) {
        JsonNode facets = post.get("facets");
        if (facets == null || !facets.isArray()) {
            return Map.of();
        }
        String text = text(post.get("text"));
        byte[] bytes = text == null ? new byte[0] : text.getBytes(StandardCharsets.UTF_8);
        Map<String, String> found = new LinkedHashMap<>();
        for (JsonNode facet : facets) {
            JsonNode features = facet.get("features");
            if (features == null || !features.isArray()) {
                continue;
            }
            for (JsonNode feature : features) {
                if ("app.bsky.richtext.facet#mention".equals(text(feature.get("$type")))) {
                    String did = text(feature.get("did"));
                    if (Dids.isDid(did)) {
                        found.putIfAbsent(did, handleAt(bytes, facet.get("index")));
                    }
                }
            }
        }
        return found;
    }

    private static String handleAt(byte[] text, JsonNode index) {
        if (index == null
                || !index.path("byteStart").isIntegralNumber()
                || !index.path("byteEnd").isIntegralNumber()) {
            return null;
        }
        int start = index.path("byteStart").asInt();
        int end = index.path("byteEnd").asInt();
        if (start < 0 || end > text.length || start >= end) {
            return null;
        }
        String slice = new String(text, start, end - start, StandardCharsets.UTF_8);
        if (slice.startsWith("@")) {
            slice = slice.substring(1);
        }
        return slice.matches("[A-Za-z0-9-]+(\\.[A-Za-z0-9-]+)+") ? slice.toLowerCase() : null;
    }

    /** {@code via} when it is a strongRef to a repost record (the only thing a repost's or like's via may name). */
    private static String viaRepost(JsonNode record) {
        return strongRefUri(record.get("via"))
                .filter(uri -> uri.is(AtUri.REPOST))
                .map(AtUri::toString)
                .orElse(null);
    }

    private static String authorOf(String uri) {
        return uri == null ? null : AtUri.parse(uri).map(AtUri::did).orElse(null);
    }

    static Optional<AtUri> strongRefUri(JsonNode ref) {
        if (ref == null || !ref.isObject()) {
            return Optional.empty();
        }
        return AtUri.parse(text(ref.get("uri")));
    }

    /** createdAt, clamped to the server's time when it claims to be later; else the TID, else the server's time. */
    static Instant time(Commit commit) {
        Instant created = parseTime(text(commit.record().get("createdAt")));
        if (created == null) {
            created = Tid.instant(commit.rkey()).orElse(commit.serverTime());
        }
        if (created != null && commit.serverTime() != null && created.isAfter(commit.serverTime())) {
            return commit.serverTime();
        }
        return created;
    }

    static Instant parseTime(String value) {
        if (value == null) {
            return null;
        }
        try {
            return java.time.OffsetDateTime.parse(value).toInstant();
        } catch (DateTimeParseException e) {
            return null;
        }
    }

    static String text(JsonNode node) {
        return node != null && node.isString() ? node.stringValue() : null;
    }

    /** The DIDs a set of events names as subjects (the watched accounts they concern). */
    public static Set<String> subjects(List<RippleEvent> events) {
        Set<String> subjects = new LinkedHashSet<>();
        for (RippleEvent event : events) {
            String key = event.key();
            if (key != null && key.startsWith("bluesky:")) {
                subjects.add(key.substring("bluesky:".length()));
            }
        }
        return subjects;
    }
}
