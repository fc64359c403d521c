package dev.ripple.ingest.bluesky.xrpc;

import java.net.URI;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayDeque;
import java.util.Deque;
import java.util.Map;
import java.util.function.Supplier;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.json.JsonMapper;
import tools.jackson.databind.node.ObjectNode;

/**
 * A logged-in session with an account's PDS, kept alive the way the PDS expects: {@code createSession} once, then
 * {@code refreshSession} whenever a call says {@code ExpiredToken} (the PDS answers 400 with that name, not 401), and
 * the call is tried again. Logging in again is the last resort — when the refresh token itself is refused — and is
 * rationed ({@code createSession} is limited per account per day): at most one attempt per {@code loginInterval} and
 * {@code maxLoginsPerDay} a day, so a wrong password or a broken PDS never turns into a login loop. Not thread-safe:
 * one poller uses a session.
 */
public final class PdsSession {

    private static final Logger log = LoggerFactory.getLogger(PdsSession.class);
    private static final JsonMapper JSON = JsonMapper.builder().build();

    /** A call made with the access token. */
    @FunctionalInterface
    public interface Call<T> {
        T apply(String accessJwt) throws InterruptedException;
    }

    private final XrpcClient xrpc;
    private final URI pds;
    private final String identifier;
    private final Supplier<String> password;
    private final Clock clock;
    private final Duration loginInterval;
    private final int maxLoginsPerDay;
    private final Deque<Instant> logins = new ArrayDeque<>();

    private String accessJwt;
    private String refreshJwt;
    private String did;
    private String handle;
    private long refreshes;

    public PdsSession(
            XrpcClient xrpc,
            URI pds,
            String identifier,
            Supplier<String> password,
            Clock clock,
            Duration loginInterval,
            int maxLoginsPerDay) {
        this.xrpc = xrpc;
        this.pds = pds;
        this.identifier = identifier;
        this.password = password;
        this.clock = clock;
        this.loginInterval = loginInterval;
        this.maxLoginsPerDay = maxLoginsPerDay;
    }

    public <T> T call(Call<T> call) throws InterruptedException {
        if (accessJwt == null) {
            if (refreshJwt != null) {
                refresh();
            } else {
                login();
            }
        }
        try {
            return call.apply(accessJwt);
        } catch (XrpcException e) {
            if (!e.expiredToken() && !"InvalidToken".equals(e.error())) {
                throw e;
            }
            log.debug("{}: access token refused ({}), refreshing the session", identifier, e.error());
            accessJwt = null;
            refresh();
            return call.apply(accessJwt);
        }
    }

    private void refresh() throws InterruptedException {
        if (refreshJwt == null) {
            login();
            return;
        }
        try {
            accept(xrpc.procedure(pds, "com.atproto.server.refreshSession", null, refreshJwt));
            refreshes++;
        } catch (XrpcException e) {
            if (e.transientFailure()) {
                throw e;
            }
            log.warn("{}: the PDS refused to refresh the session ({}); logging in again", identifier, e.error());
            refreshJwt = null;
            login();
        }
    }

    private void login() throws InterruptedException {
        Instant now = clock.instant();
        while (!logins.isEmpty() && logins.peekFirst().isBefore(now.minus(Duration.ofDays(1)))) {
            logins.removeFirst();
        }
        if (!logins.isEmpty() && logins.peekLast().plus(loginInterval).isAfter(now)) {
            throw new XrpcException(
                    "com.atproto.server.createSession",
                    0,
                    "LoginDeferred",
                    "last login attempt at " + logins.peekLast() + "; the next is allowed from "
                            + logins.peekLast().plus(loginInterval),
                    logins.peekLast().plus(loginInterval),
                    null);
        }
        if (logins.size() >= maxLoginsPerDay) {
            throw new XrpcException(
                    "com.atproto.server.createSession",
                    0,
                    "LoginDeferred",
                    maxLoginsPerDay + " login attempts in the last 24 h",
                    logins.peekFirst().plus(Duration.ofDays(1)),
                    null);
        }
        logins.addLast(now);
        ObjectNode body = JSON.createObjectNode().put("identifier", identifier).put("password", password.get());
        accept(xrpc.procedure(pds, "com.atproto.server.createSession", body, null));
        log.info("{}: logged in to {} as {}", identifier, pds, did);
    }

    private void accept(JsonNode session) {
        String access = text(session, "accessJwt");
        String refresh = text(session, "refreshJwt");
        if (access == null || refresh == null) {
            throw new XrpcException(
                    "com.atproto.server.createSession",
                    200,
                    "InvalidResponse",
                    "the session has no accessJwt or refreshJwt",
                    null,
                    null);
        }
        accessJwt = access;
        refreshJwt = refresh;
        did = text(session, "did") != null ? text(session, "did") : did;
        handle = text(session, "handle") != null ? text(session, "handle") : handle;
    }

    private static String text(JsonNode node, String field) {
        JsonNode value = node.get(field);
        return value != null && value.isString() ? value.stringValue() : null;
    }

    public String did() {
        return did;
    }

    public String handle() {
        return handle;
    }

    /** Login attempts in the last 24 hours (for health and tests). */
    public int loginsToday() {
        return logins.size();
    }

    public long refreshes() {
        return refreshes;
    }

    /** For health: what this session is, never a token. */
    public Map<String, Object> describe() {
        return Map.of("pds", pds.toString(), "loggedIn", accessJwt != null, "refreshes", refreshes);
    }
}
