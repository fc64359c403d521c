package dev.ripple.cascade.eval;

import dev.ripple.events.Account;
import dev.ripple.events.FollowedAccount;
import dev.ripple.events.FollowingObserved;
import dev.ripple.events.RippleEvent;
import dev.ripple.events.ShareKind;
import dev.ripple.events.ShareObserved;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * A PHEME thread export ({@code ebola-essien.csv} + {@code *_who-follows-whom.dat}): replies carry their explicit
 * parent ({@code in_reply_to_status_id}), retweets are flattened to the source, and the follow edges have no
 * timestamps (taken as existing before the thread). Each thread's subject is its source tweet's author; the source
 * tweet is the original post, so a direct reply's true parent is the post (a root in Ripple's terms) and a deep
 * reply's is the reply it answers. Retweets have no truth: only their tier coverage is reported.
 */
public final class Pheme {

    private Pheme() {}

    public static Dataset load(Path csv, Path followsWhom) throws IOException {
        List<Map<String, String>> rows = Csv.read(csv);
        Map<String, Map<String, String>> byId = new HashMap<>();
        Map<String, String> sourceAuthor = new HashMap<>();
        for (Map<String, String> row : rows) {
            byId.put(row.get("tweet_id"), row);
            if ("source".equals(row.get("tweet_class"))) {
                sourceAuthor.put(row.get("thread_id"), row.get("user_id"));
            }
        }
        List<RippleEvent> events = new ArrayList<>();
        Truth truth = new Truth();
        Instant earliest = Instant.MAX;
        for (Map<String, String> row : rows) {
            String kind = row.get("tweet_class");
            if ("source".equals(kind)) {
                continue;
            }
            String thread = row.get("thread_id");
            Account subject = account(sourceAuthor.get(thread));
            String uri = uri(row.get("tweet_id"));
            Instant at = Instant.ofEpochSecond((long) Double.parseDouble(row.get("unix_ts")));
            earliest = at.isBefore(earliest) ? at : earliest;
            String repliedTo = row.get("in_reply_to_status_id");
            boolean reply = kind.endsWith("reply");
            String object = reply ? uri(repliedTo) : uri(thread);
            events.add(new ShareObserved(
                    "pheme-" + row.get("tweet_id"),
                    "twitter",
                    reply ? ShareKind.REPLY : ShareKind.RESHARE,
                    uri,
                    account(row.get("user_id")),
                    subject,
                    object,
                    List.of(),
                    null,
                    at));
            if (reply) {
                truth.parents().put(Truth.key(subject.ref(), uri), repliedTo.equals(thread) ? null : uri(repliedTo));
                truth.cascades().put(Truth.key(subject.ref(), uri), thread);
            }
        }
        Map<String, List<FollowedAccount>> follows = new LinkedHashMap<>();
        for (String line : Files.readAllLines(followsWhom)) {
            String[] pair = line.trim().split("\\s+");
            if (pair.length == 2) {
                follows.computeIfAbsent(pair[0], k -> new ArrayList<>())
                        .add(new FollowedAccount(
                                account(pair[1]).ref(), account(pair[1]).handle(), null));
            }
        }
        Instant before = earliest.minusSeconds(3600);
        follows.forEach((follower, list) ->
                events.add(new FollowingObserved("pheme-g-" + follower, "twitter", account(follower), list, before)));
        events.sort(Comparator.comparing(RippleEvent::time).thenComparing(RippleEvent::id));
        return new Dataset("pheme ebola-essien (replies explicit, retweets flattened)", events, truth);
    }

    private static Account account(String uid) {
        return new Account("twitter:x.com:" + uid, "@" + uid, null);
    }

    private static String uri(String tweetId) {
        return "https://twitter.com/i/status/" + tweetId;
    }

    /** A small RFC 4180 reader (quoted fields with commas, doubled quotes and newlines). */
    static final class Csv {

        private Csv() {}

        static List<Map<String, String>> read(Path file) throws IOException {
            String text = Files.readString(file);
            List<List<String>> records = new ArrayList<>();
            List<String> record = new ArrayList<>();
            StringBuilder field = new StringBuilder();
            boolean quoted = false;
            for (int i = 0; i < text.length(); i++) {
                char c = text.charAt(i);
                if (quoted) {
                    if (c == '"' && i + 1 < text.length() && text.charAt(i + 1) == '"') {
                        field.append('"');
                        i++;
                    } else if (c == '"') {
                        quoted = false;
                    } else {
                        field.append(c);
                    }
                } else if (c == '"') {
                    quoted = true;
                } else if (c == ',') {
                    record.add(field.toString());
                    field.setLength(0);
                } else if (c == '\n' || c == '\r') {
                    if (c == '\r' && i + 1 < text.length() && text.charAt(i + 1) == '\n') {
                        i++;
                    }
                    record.add(field.toString());
                    field.setLength(0);
                    records.add(record);
                    record = new ArrayList<>();
                } else {
                    field.append(c);
                }
            }
            if (field.length() > 0 || !record.isEmpty()) {
                record.add(field.toString());
                records.add(record);
            }
            List<String> header = records.getFirst();
            List<Map<String, String>> rows = new ArrayList<>();
            for (List<String> values : records.subList(1, records.size())) {
                if (values.size() == 1 && values.getFirst().isEmpty()) {
                    continue;
                }
                Map<String, String> row = new LinkedHashMap<>();
                for (int i = 0; i < header.size(); i++) {
                    row.put(header.get(i), i < values.size() ? values.get(i) : "");
                }
                rows.add(row);
            }
            return rows;
        }
    }
}
