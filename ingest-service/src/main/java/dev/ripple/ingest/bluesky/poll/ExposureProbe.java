package dev.ripple.ingest.bluesky.poll;

import dev.ripple.events.FollowObserved;
import dev.ripple.events.FollowedAccount;
import dev.ripple.events.FollowingObserved;
import dev.ripple.events.RippleEvent;
import dev.ripple.events.ShareKind;
import dev.ripple.events.ShareObserved;
import dev.ripple.ingest.bluesky.AccountDirectory;
import dev.ripple.ingest.bluesky.AtUri;
import dev.ripple.ingest.bluesky.Dids;
import dev.ripple.ingest.bluesky.RecentSharers;
import dev.ripple.ingest.bluesky.RecordMapper;
import dev.ripple.ingest.bluesky.Tid;
import dev.ripple.ingest.bluesky.xrpc.XrpcClient;
import java.net.URI;
import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.time.Clock;
import java.time.Instant;
import java.util.ArrayList;
import java.util.HexFormat;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import tools.jackson.databind.JsonNode;

/**
 * Exposure evidence for follows and resharers that the platform does not explain: for a new follower of a watched
 * account (no starter pack) and for a resharer whose repost carries no {@code via}, asks the public AppView whom of
 * the candidate sharers that account follows ({@code app.bsky.graph.getRelationships}, ≤ 30 per call) and publishes a
 * {@link FollowingObserved} snapshot. Each entry's {@code since} is the follow record's TID: when the follow was made,
 * so a follow made after a share is not mistaken for exposure to it. Candidates: the accounts that shared the watched
 * account's posts within the exposure window before the act (and, for a resharer, the author).
 */
public final class ExposureProbe {

    static final int PER_CALL = 30;

    private final XrpcClient xrpc;
    private final AccountDirectory accounts;
    private final RecentSharers sharers;
    private final int maxCandidates;
    private final Clock clock;

    public ExposureProbe(
            XrpcClient xrpc, AccountDirectory accounts, RecentSharers sharers, int maxCandidates, Clock clock) {
        this.xrpc = xrpc;
        this.accounts = accounts;
        this.sharers = sharers;
        this.maxCandidates = maxCandidates;
        this.clock = clock;
    }

    /** Snapshots for the events that need them; call after {@link RecentSharers#record} saw the same events. */
    public List<FollowingObserved> explain(URI appview, List<RippleEvent> events) throws InterruptedException {
        Map<String, Set<String>> asks = new LinkedHashMap<>();
        for (RippleEvent event : events) {
            switch (event) {
                case FollowObserved follow
                when follow.viaUri() == null -> {
                    String follower = did(follow.follower().ref());
                    String subject = did(follow.followee().ref());
                    List<String> candidates = sharers.before(subject, follow.occurredAt());
                    add(asks, follower, candidates, subject);
                }
                case ShareObserved share
                when share.kind() == ShareKind.RESHARE && share.viaUri() == null -> {
                    String actor = did(share.actor().ref());
                    String subject = did(share.subject().ref());
                    List<String> candidates = new ArrayList<>();
                    candidates.add(subject);
                    candidates.addAll(sharers.before(subject, share.occurredAt()));
                    add(asks, actor, candidates, null);
                }
                default -> {}
            }
        }
        List<FollowingObserved> snapshots = new ArrayList<>();
        for (Map.Entry<String, Set<String>> ask : asks.entrySet()) {
            FollowingObserved snapshot = snapshot(appview, ask.getKey(), List.copyOf(ask.getValue()));
            if (snapshot != null) {
                snapshots.add(snapshot);
            }
        }
        return snapshots;
    }

    private void add(Map<String, Set<String>> asks, String actor, List<String> candidates, String exclude) {
        if (actor == null) {
            return;
        }
        Set<String> set = asks.computeIfAbsent(actor, ignored -> new LinkedHashSet<>());
        for (String candidate : candidates) {
            if (set.size() >= maxCandidates) {
                break;
            }
            if (candidate != null && !candidate.equals(actor) && !candidate.equals(exclude)) {
                set.add(candidate);
            }
        }
        if (set.isEmpty()) {
            asks.remove(actor);
        }
    }

    /** Whom of {@code others} the actor follows, as a snapshot; null when none. */
    FollowingObserved snapshot(URI appview, String actor, List<String> others) throws InterruptedException {
        List<FollowedAccount> follows = new ArrayList<>();
        for (int from = 0; from < others.size(); from += PER_CALL) {
            List<String> chunk = others.subList(from, Math.min(others.size(), from + PER_CALL));
            Map<String, Object> params = new LinkedHashMap<>();
            params.put("actor", actor);
            params.put("others", chunk);
            JsonNode answer = xrpc.query(appview, "app.bsky.graph.getRelationships", params, null);
            for (JsonNode relationship : answer.path("relationships")) {
                String did = relationship.path("did").asString("");
                String following = relationship.path("following").asString("");
                if (!Dids.isDid(did) || following.isEmpty()) {
                    continue;
                }
                Instant since = AtUri.parse(following)
                        .flatMap(uri -> Tid.instant(uri.rkey()))
                        .orElse(null);
                follows.add(
                        new FollowedAccount(Dids.ref(did), accounts.account(did).handle(), since));
            }
        }
        if (follows.isEmpty()) {
            return null;
        }
        return new FollowingObserved(
                snapshotId(actor, follows), RecordMapper.PLATFORM, accounts.account(actor), follows, clock.instant());
    }

    /** The same evidence gets the same id, however often it is observed. */
    static String snapshotId(String actor, List<FollowedAccount> follows) {
        StringBuilder content = new StringBuilder();
        follows.stream()
                .map(f -> f.ref() + "@" + f.since())
                .sorted()
                .forEach(line -> content.append(line).append('\n'));
        try {
            byte[] hash = MessageDigest.getInstance("SHA-256")
                    .digest(content.toString().getBytes(StandardCharsets.UTF_8));
            return "bluesky:following:" + actor + ":" + HexFormat.of().formatHex(hash, 0, 8);
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException(e);
        }
    }

    private static String did(String ref) {
        return ref != null && ref.startsWith("bluesky:") ? ref.substring("bluesky:".length()) : null;
    }
}
