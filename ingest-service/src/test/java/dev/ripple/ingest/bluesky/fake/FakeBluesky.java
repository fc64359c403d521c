package dev.ripple.ingest.bluesky.fake;

import static dev.ripple.ingest.bluesky.Synthetic.*;

import dev.ripple.ingest.bluesky.fake.FakeXrpc.Request;
import dev.ripple.ingest.bluesky.fake.FakeXrpc.Response;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.atomic.AtomicInteger;

/**
 * The synthetic scenario served the way Bluesky serves it: a PDS (sessions whose access tokens expire, answering
 * {@code 400 ExpiredToken} as a real PDS does, and notifications paged with an opaque cursor), an AppView
 * ({@code getRelationships} from the scenario's follow records) and the PLC directory (DID documents naming this
 * server as every account's PDS).
 */
public final class FakeBluesky implements AutoCloseable {

    /** Who follows whom in the scenario: follower → (followee → follow record URI). */
    public static final Map<String, Map<String, String>> FOLLOWS = Map.of(
            CAROL, Map.of(BOB, FC),
            DAVE, Map.of(CAROL, FDC, ALICE, FD),
            FRANK, Map.of(ALICE, FF));

    public final FakeXrpc server = new FakeXrpc();
    public final AtomicInteger logins = new AtomicInteger();
    public final AtomicInteger refreshes = new AtomicInteger();

    private final int callsPerToken;
    private String access;
    private String refresh;
    private int callsWithAccess;

    /** @param callsPerToken calls an access token serves before the PDS says it expired */
    public FakeBluesky(int callsPerToken) {
        this.callsPerToken = callsPerToken;
        server.on("com.atproto.server.createSession", this::createSession)
                .on("com.atproto.server.refreshSession", this::refreshSession)
                .on("app.bsky.graph.getRelationships", FakeBluesky::relationships);
    }

    /** Serves these notification pages, chained by the cursors they contain (the first answers no cursor). */
    public FakeBluesky notifications(List<String> pages) {
        Map<String, String> byCursor = new LinkedHashMap<>();
        String cursor = "";
        for (String page : pages) {
            byCursor.put(cursor, text(page));
            cursor = JSON.readTree(text(page)).path("cursor").asString("<none>");
        }
        server.on(
                "app.bsky.notification.listNotifications",
                request -> authorized(request, () -> {
                    String asked = request.param("cursor") == null ? "" : request.param("cursor");
                    String page = byCursor.get(asked);
                    return page == null
                            ? Response.error(400, "InvalidRequest", "bad cursor " + asked)
                            : Response.ok(page);
                }));
        return this;
    }

    private synchronized Response createSession(Request request) {
        if (!request.body().contains("\"password\":\"app-pass-1234\"")) {
            return Response.error(401, "AuthenticationRequired", "Invalid identifier or password");
        }
        int n = logins.incrementAndGet();
        return issue("login" + n);
    }

    private synchronized Response refreshSession(Request request) {
        if (refresh == null || !refresh.equals(request.bearer())) {
            return Response.error(400, "ExpiredToken", "Token has expired");
        }
        refreshes.incrementAndGet();
        return issue("refresh" + refreshes.get());
    }

    private Response issue(String generation) {
        access = "access-" + generation;
        refresh = "refresh-" + generation;
        callsWithAccess = 0;
        return Response.ok("""
                {"did":"%s","handle":"alice-fixture.bsky.social","accessJwt":"%s","refreshJwt":"%s","active":true}""".formatted(ALICE, access, refresh));
    }

    private synchronized Response authorized(Request request, java.util.function.Supplier<Response> answer) {
        if (request.bearer() == null) {
            return Response.error(401, "AuthMissing", "Authentication Required");
        }
        if (!request.bearer().equals(access)) {
            return Response.error(400, "InvalidToken", "Token could not be verified");
        }
        if (++callsWithAccess > callsPerToken) {
            return Response.error(400, "ExpiredToken", "Token has expired");
        }
        return answer.get();
    }

    public static Response relationships(Request request) {
        String actor = request.param("actor");
        StringBuilder relationships = new StringBuilder();
        for (String other : request.params().getOrDefault("others", List.of())) {
            if (!relationships.isEmpty()) {
                relationships.append(',');
            }
            String following = FOLLOWS.getOrDefault(actor, Map.of()).get(other);
            String followedBy = FOLLOWS.getOrDefault(other, Map.of()).get(actor);
            relationships
                    .append("{\"$type\":\"app.bsky.graph.defs#relationship\",\"did\":\"")
                    .append(other)
                    .append('"');
            if (following != null) {
                relationships.append(",\"following\":\"").append(following).append('"');
            }
            if (followedBy != null) {
                relationships.append(",\"followedBy\":\"").append(followedBy).append('"');
            }
            relationships.append('}');
        }
        return Response.ok("{\"actor\":\"" + actor + "\",\"relationships\":[" + relationships + "]}");
    }

    @Override
    public void close() {
        server.close();
    }
}
