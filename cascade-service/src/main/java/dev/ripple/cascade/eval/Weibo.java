package dev.ripple.cascade.eval;

import dev.ripple.events.Account;
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
import java.util.List;
import java.util.Map;

/**
 * The Weibo repost chains of {@code weibo_casflow_sample/dataset.txt} (DeepHawkes via Xovee/casflow, MIT): one
 * cascade a line, {@code id \t root_uid \t unix_ts \t n \t root/…/parent/user:secs …}. Each repost becomes a
 * {@code RESHARE} of the root user's post; with {@code explicit} its true parent travels as {@code viaUri} (trees must
 * come out exactly), without it the chains are flattened and there is no follow graph (the always-root baseline).
 * The root entry itself is the original post, not a share; the root user reposting the post is the post again, so
 * {@code root/root/x} is a repost of the post (which reproduces the published 65.3 % always-root baseline).
 */
public final class Weibo {

    private Weibo() {}

    public static Dataset load(Path file, boolean explicit) throws IOException {
        List<RippleEvent> events = new ArrayList<>();
        Truth truth = new Truth();
        int line = 0;
        for (String text : Files.readAllLines(file)) {
            line++;
            if (text.isBlank()) {
                continue;
            }
            String[] parts = text.split("\t");
            if (parts.length < 5) {
                throw new IOException(file + ":" + line + ": expected 5 tab-separated fields");
            }
            String cascade = parts[0];
            String rootUser = parts[1];
            long published = Long.parseLong(parts[2]);
            Account subject = account(rootUser);
            String post = "weibo://" + cascade + "/post";
            Map<String, String> uriOfPath = new HashMap<>();
            uriOfPath.put(rootUser, post);
            List<String[]> entries = new ArrayList<>();
            for (String participant : parts[4].trim().split(" ")) {
                int colon = participant.lastIndexOf(':');
                // The root user's own repost of the post is the post again (`root/root/x` reposts the post).
                String path = participant.substring(0, colon);
                while (path.startsWith(rootUser + "/" + rootUser)) {
                    path = path.substring(rootUser.length() + 1);
                }
                entries.add(new String[] {path, participant.substring(colon + 1)});
            }
            // Parents before children: a chain is longer than its parent's chain.
            entries.sort(Comparator.comparingInt((String[] e) -> e[0].split("/").length)
                    .thenComparingLong(e -> Long.parseLong(e[1])));
            int index = 0;
            for (String[] entry : entries) {
                String path = entry[0];
                String[] chain = path.split("/");
                if (chain.length == 1) {
                    continue; // the original post (or the root user reposting it)
                }
                String user = chain[chain.length - 1];
                String parentPath = path.substring(0, path.lastIndexOf('/'));
                String parentUri = uriOfPath.get(parentPath);
                if (parentUri == null) {
                    continue; // a chain through an entry the sample does not list: no truth for it
                }
                String uri = "weibo://" + cascade + "/" + (index++) + "/" + user;
                uriOfPath.putIfAbsent(path, uri);
                String trueParent = parentUri.equals(post) ? null : parentUri;
                Instant at = Instant.ofEpochSecond(published + Long.parseLong(entry[1]));
                events.add(new ShareObserved(
                        "weibo-" + cascade + "-" + index,
                        "weibo",
                        ShareKind.RESHARE,
                        uri,
                        account(user),
                        subject,
                        post,
                        List.of(),
                        explicit ? trueParent : null,
                        at));
                truth.parents().put(Truth.key(subject.ref(), uri), trueParent);
                truth.cascades().put(Truth.key(subject.ref(), uri), cascade);
            }
        }
        events.sort(Comparator.comparing(RippleEvent::time).thenComparing(RippleEvent::id));
        return new Dataset("weibo " + (explicit ? "(explicit chains)" : "(flattened, no graph)"), events, truth);
    }

    private static Account account(String uid) {
        return new Account("weibo:sina:" + uid, "@" + uid, null);
    }

    /** The share of reposts whose true parent is the original post: the always-root baseline. */
    public static double rootShare(Dataset dataset) {
        long roots = dataset.truth().parents().values().stream()
                .filter(java.util.Objects::isNull)
                .count();
        return (double) roots / dataset.truth().parents().size();
    }

    /** The accuracy of "the most recent earlier adopter" without a graph (a regression guard: it must stay off). */
    public static double mostRecentAdopterAccuracy(Dataset dataset) {
        Map<String, String> lastBySubjectCascade = new HashMap<>();
        int correct = 0;
        int total = 0;
        for (RippleEvent event : dataset.events()) {
            ShareObserved share = (ShareObserved) event;
            String key = Truth.key(share.subject().ref(), share.uri());
            String cascade = dataset.truth().cascades().get(key);
            String guess = lastBySubjectCascade.get(cascade);
            String trueParent = dataset.truth().parents().get(key);
            if (java.util.Objects.equals(guess, trueParent)) {
                correct++;
            }
            total++;
            lastBySubjectCascade.put(cascade, share.uri());
        }
        return (double) correct / total;
    }
}
