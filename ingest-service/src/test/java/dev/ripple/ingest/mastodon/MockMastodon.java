package dev.ripple.ingest.mastodon;

import com.sun.net.httpserver.HttpExchange;
import com.sun.net.httpserver.HttpServer;
import java.io.IOException;
import java.io.OutputStream;
import java.net.InetSocketAddress;
import java.net.URI;
import java.net.URLDecoder;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.time.Instant;
import java.time.ZoneOffset;
import java.time.format.DateTimeFormatter;
import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.Deque;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.atomic.AtomicLong;
import java.util.function.Predicate;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.json.JsonMapper;
import tools.jackson.databind.node.ArrayNode;
import tools.jackson.databind.node.ObjectNode;

/**
 * A local stand-in for a Mastodon instance, on a real HTTP server (the JDK's), that behaves like Mastodon where the
 * source depends on it: string ids, newest-first lists, {@code max_id}/{@code min_id}/{@code since_id} and
 * {@code limit} (clamped at 80), {@code types[]}, {@code Link} headers whose cursors are internal ids (Follow ids,
 * boost ids), {@code X-RateLimit-*} headers with per-token and per-IP windows and a tighter paging window, 429s
 * without {@code Retry-After}, 401s for bad tokens, {@code []} for hidden collections, 404s for unknown records. Faults
 * (HTML error pages, truncated bodies, slow answers) can be scripted for the next request to a path.
 */
final class MockMastodon implements AutoCloseable {

    static final JsonMapper JSON = JsonMapper.builder().build();
    private static final DateTimeFormatter RESET =
            DateTimeFormatter.ofPattern("yyyy-MM-dd'T'HH:mm:ss.SSSSSS'Z'").withZone(ZoneOffset.UTC);

    /** A request as the server saw it. */
    record Request(Instant at, String path, Map<String, List<String>> query, String authorization) {
        boolean paging() {
            return query.containsKey("max_id") || query.containsKey("min_id") || query.containsKey("since_id");
        }

        String first(String name) {
            List<String> values = query.get(name);
            return values == null ? null : values.getFirst();
        }
    }

    /**
     * A scripted answer for the next request to a path prefix.
     *
     * @param resetAfter when set, the answer's {@code X-RateLimit-Reset} is this long after the request arrived
     */
    record Fault(
            int status,
            String contentType,
            String body,
            Duration delay,
            Map<String, String> headers,
            Duration resetAfter) {
        static Fault html(int status) {
            return new Fault(
                    status,
                    "text/html",
                    "<html><body><h1>" + status + " Bad Gateway</h1>nginx</body></html>",
                    null,
                    Map.of(),
                    null);
        }

        static Fault body(String contentType, String body) {
            return new Fault(200, contentType, body, null, Map.of(), null);
        }

        static Fault slow(Duration delay) {
            return new Fault(0, null, null, delay, Map.of(), null);
        }

        /**
         * A 429 as Mastodon sends it: no Retry-After, the window's end in X-RateLimit-Reset, {@code resetAfter} after
         * the request (relative to the request, so a slow start of the client cannot put the reset in the past).
         */
        static Fault tooManyRequests(Duration resetAfter) {
            return new Fault(
                    429,
                    "application/json",
                    Fixtures.text("error.429.json"),
                    null,
                    Map.of("X-RateLimit-Limit", "300", "X-RateLimit-Remaining", "0"),
                    resetAfter);
        }
    }

    private record Edge(String id, String accountId) {}

    private final HttpServer server;
    private final ExecutorService executor = Executors.newFixedThreadPool(4);
    private final String localDomain;
    private final AtomicLong sequence = new AtomicLong(1000);
    private final Map<String, ObjectNode> accounts = new ConcurrentHashMap<>();
    private final Map<String, String> tokens = new ConcurrentHashMap<>();
    private final Map<String, List<ObjectNode>> notifications = new ConcurrentHashMap<>();
    private final Map<String, List<Edge>> followers = new ConcurrentHashMap<>();
    private final Map<String, List<Edge>> following = new ConcurrentHashMap<>();
    private final Map<String, List<ObjectNode>> statuses = new ConcurrentHashMap<>();
    private final Map<String, List<Edge>> boosts = new ConcurrentHashMap<>();
    private final Map<String, Deque<Fault>> faults = new ConcurrentHashMap<>();
    private final List<Request> requests = new CopyOnWriteArrayList<>();
    private final Map<String, long[]> windows = new HashMap<>();
    private volatile boolean honourTypes = true;
    private volatile int limit = 1_000_000;
    private volatile int pagingLimit = 1_000_000;
    private volatile Duration period = Duration.ofMinutes(5);
    private volatile Duration pagingPeriod = Duration.ofMinutes(15);

    private MockMastodon(String localDomain) throws IOException {
        this.localDomain = localDomain;
        server = HttpServer.create(new InetSocketAddress("127.0.0.1", 0), 0);
        server.createContext("/", this::handle);
        server.setExecutor(executor);
        server.start();
    }

    static MockMastodon start(String localDomain) {
        try {
            return new MockMastodon(localDomain);
        } catch (IOException e) {
            throw new IllegalStateException(e);
        }
    }

    URI base() {
        return URI.create("http://127.0.0.1:" + server.getAddress().getPort());
    }

    String localDomain() {
        return localDomain;
    }

    // ------------------------------------------------------------------------------------------------ data

    /** A local account ({@code acct} = username); its actor URI points at this server. */
    ObjectNode local(String id, String username, long followersCount) {
        return add(id, username, username, base() + "/users/" + username, followersCount);
    }

    /** A remote account as this instance knows it, whose home is {@code home} (another mock, or nowhere). */
    ObjectNode remote(String id, String username, String domain, URI home, long followersCount) {
        return add(id, username, username + "@" + domain, home + "/users/" + username, followersCount);
    }

    ObjectNode add(String id, String username, String acct, String uri, long followersCount) {
        ObjectNode account = JSON.createObjectNode();
        account.put("id", id);
        account.put("username", username);
        account.put("acct", acct);
        account.put("display_name", username);
        account.put("locked", false);
        account.put("bot", false);
        account.put("created_at", "2024-01-01T00:00:00.000Z");
        account.put("url", uri.replace("/users/", "/@"));
        account.put("uri", uri);
        account.put("followers_count", followersCount);
        account.put("following_count", 0);
        account.put("statuses_count", 1);
        account.put("hide_collections", false);
        account.putArray("emojis");
        account.putArray("fields");
        accounts.put(id, account);
        return account;
    }

    /** Takes an account object from a fixture file as it is. */
    ObjectNode add(JsonNode fixture) {
        ObjectNode account = (ObjectNode) fixture.deepCopy();
        accounts.put(account.get("id").asString(), account);
        return account;
    }

    ObjectNode account(String id) {
        return accounts.get(id);
    }

    /** A status added with {@link #status}, by id. */
    ObjectNode statusById(String id) {
        return statuses.values().stream()
                .flatMap(List::stream)
                .filter(status -> status.get("id").asString().equals(id))
                .findFirst()
                .orElseThrow();
    }

    void token(String token, String accountId) {
        tokens.put(token, accountId);
    }

    void revoke(String token) {
        tokens.remove(token);
    }

    /** A status by {@code accountId} naming {@code mentioned} (account ids). */
    ObjectNode status(String id, String accountId, String uri, Instant createdAt, List<String> mentioned) {
        ObjectNode status = JSON.createObjectNode();
        status.put("id", id);
        status.put("created_at", createdAt.toString());
        status.putNull("in_reply_to_id");
        status.putNull("in_reply_to_account_id");
        status.put("visibility", "public");
        status.put("uri", uri);
        status.put("url", uri);
        status.put("content", "<p>…</p>");
        status.putNull("reblog");
        status.set("account", accounts.get(accountId));
        ArrayNode mentions = status.putArray("mentions");
        for (String mentionedId : mentioned) {
            JsonNode account = accounts.get(mentionedId);
            ObjectNode mention = mentions.addObject();
            mention.put("id", mentionedId);
            mention.put("username", account.get("username").asString());
            mention.put("url", account.get("url").asString());
            mention.put("acct", account.get("acct").asString());
        }
        status.put("reblogs_count", 0);
        status.put("favourites_count", 0);
        status.putNull("quote");
        status.putNull("card");
        statuses.computeIfAbsent(accountId, ignored -> new CopyOnWriteArrayList<>())
                .add(status);
        return status;
    }

    /** Adds a notification for the account; its id is the next in this instance's sequence (as Mastodon's are). */
    ObjectNode notify(String accountId, String type, Instant createdAt, String fromAccountId, JsonNode status) {
        String id = Long.toString(sequence.incrementAndGet());
        ObjectNode notification = JSON.createObjectNode();
        notification.put("id", id);
        notification.put("type", type);
        notification.put("created_at", createdAt.toString());
        notification.put("group_key", "ungrouped-" + id);
        if (fromAccountId != null) {
            notification.set("account", accounts.get(fromAccountId));
        }
        if (status != null) {
            notification.set("status", status);
        }
        notifications
                .computeIfAbsent(accountId, ignored -> new CopyOnWriteArrayList<>())
                .add(notification);
        return notification;
    }

    /** Follow notifications from each account, a second apart, all visible at once (one atomic addition). */
    void notifyFollows(String accountId, List<String> followerIds, Instant first) {
        List<ObjectNode> batch = new ArrayList<>();
        for (int i = 0; i < followerIds.size(); i++) {
            String id = Long.toString(sequence.incrementAndGet());
            ObjectNode notification = JSON.createObjectNode();
            notification.put("id", id);
            notification.put("type", "follow");
            notification.put("created_at", first.plusSeconds(i).toString());
            notification.set("account", accounts.get(followerIds.get(i)));
            batch.add(notification);
        }
        notifications
                .computeIfAbsent(accountId, ignored -> new CopyOnWriteArrayList<>())
                .addAll(batch);
    }

    /** Adds a raw notification object (e.g. from a fixture), keeping its id. */
    void notifyRaw(String accountId, JsonNode notification) {
        notifications
                .computeIfAbsent(accountId, ignored -> new CopyOnWriteArrayList<>())
                .add((ObjectNode) notification.deepCopy());
    }

    /** {@code followerId} follows {@code followeeId}; the Follow row id (used in Link cursors) is the next in sequence. */
    void follow(String followerId, String followeeId) {
        String id = Long.toString(sequence.incrementAndGet());
        followers
                .computeIfAbsent(followeeId, ignored -> new CopyOnWriteArrayList<>())
                .add(new Edge(id, followerId));
        following
                .computeIfAbsent(followerId, ignored -> new CopyOnWriteArrayList<>())
                .add(new Edge(id, followeeId));
    }

    void unfollow(String followerId, String followeeId) {
        followers
                .getOrDefault(followeeId, List.of())
                .removeIf(edge -> edge.accountId().equals(followerId));
        following
                .getOrDefault(followerId, List.of())
                .removeIf(edge -> edge.accountId().equals(followeeId));
    }

    /** {@code accountId} boosts the status; the boost's own status id is {@code boostId} (a Snowflake). */
    void boost(String statusId, String accountId, String boostId) {
        boosts.computeIfAbsent(statusId, ignored -> new CopyOnWriteArrayList<>())
                .add(new Edge(boostId, accountId));
        statuses.values().stream()
                .flatMap(List::stream)
                .filter(status -> status.get("id").asString().equals(statusId))
                .forEach(status ->
                        status.put("reblogs_count", boosts.get(statusId).size()));
    }

    void hideCollections(String accountId) {
        accounts.get(accountId).put("hide_collections", true);
    }

    // ------------------------------------------------------------------------------------------------ behaviour

    /** Ignore {@code types[]} (as servers before 3.5 do), so that every type reaches the client. */
    void ignoreTypesFilter() {
        honourTypes = false;
    }

    /** Rate limits per token (or per IP without one): {@code limit} per {@code period}, paging ones tighter. */
    synchronized void rateLimits(int limit, Duration period, int pagingLimit, Duration pagingPeriod) {
        this.limit = limit;
        this.period = period;
        this.pagingLimit = pagingLimit;
        this.pagingPeriod = pagingPeriod;
        windows.clear();
    }

    /** The next request whose path starts with {@code pathPrefix} gets this answer instead. */
    void fault(String pathPrefix, Fault fault) {
        faults.computeIfAbsent(pathPrefix, ignored -> new ArrayDeque<>()).add(fault);
    }

    List<Request> requests() {
        return List.copyOf(requests);
    }

    List<Request> requests(String pathPrefix) {
        return requests.stream().filter(r -> r.path().startsWith(pathPrefix)).toList();
    }

    void clearRequests() {
        requests.clear();
    }

    // ------------------------------------------------------------------------------------------------ HTTP

    private void handle(HttpExchange exchange) throws IOException {
        try (exchange) {
            String path = exchange.getRequestURI().getPath();
            Map<String, List<String>> query = query(exchange.getRequestURI().getRawQuery());
            String authorization = exchange.getRequestHeaders().getFirst("Authorization");
            Request request = new Request(Instant.now(), path, query, authorization);
            requests.add(request);
            Fault fault = nextFault(path);
            if (fault != null && fault.delay() != null) {
                sleep(fault.delay());
                return;
            }
            String token = authorization != null && authorization.startsWith("Bearer ")
                    ? authorization.substring("Bearer ".length())
                    : null;
            Map<String, String> limits =
                    admit(exchange, token, request.paging(), request.at().toEpochMilli());
            if (limits == null) {
                return;
            }
            if (fault != null) {
                Map<String, String> headers = new LinkedHashMap<>(limits);
                headers.putAll(fault.headers());
                if (fault.resetAfter() != null) {
                    headers.put("X-RateLimit-Reset", RESET.format(request.at().plus(fault.resetAfter())));
                }
                send(exchange, fault.status(), fault.contentType(), fault.body(), headers);
                return;
            }
            limits.forEach((name, value) -> exchange.getResponseHeaders().add(name, value));
            route(exchange, request, token);
        } catch (RuntimeException e) {
            e.printStackTrace();
        }
    }

    private Fault nextFault(String path) {
        for (Map.Entry<String, Deque<Fault>> entry : faults.entrySet()) {
            if (path.startsWith(entry.getKey())) {
                synchronized (entry.getValue()) {
                    Fault fault = entry.getValue().poll();
                    if (fault != null) {
                        return fault;
                    }
                }
            }
        }
        return null;
    }

    /** rack-attack's fixed windows: per token (per IP without one), and a tighter one for paging requests. */
    private synchronized Map<String, String> admit(HttpExchange exchange, String token, boolean paging, long now)
            throws IOException {
        String bucket = token == null ? "ip" : "token:" + token;
        long[] general = window(bucket, period, now);
        long[] pages = window(bucket + " paging", pagingPeriod, now);
        boolean pagingCloser = paging && (pagingLimit - pages[1]) < (limit - general[1]);
        long[] shown = pagingCloser ? pages : general;
        int shownLimit = pagingCloser ? pagingLimit : limit;
        Duration shownPeriod = pagingCloser ? pagingPeriod : period;
        Instant reset = Instant.ofEpochMilli((shown[0] + 1) * shownPeriod.toMillis());
        Map<String, String> headers = new LinkedHashMap<>();
        headers.put("X-RateLimit-Limit", Integer.toString(shownLimit));
        headers.put("X-RateLimit-Reset", RESET.format(reset));
        if (general[1] >= limit || (paging && pages[1] >= pagingLimit)) {
            headers.put("X-RateLimit-Remaining", "0");
            send(exchange, 429, "application/json", Fixtures.text("error.429.json"), headers);
            return null;
        }
        general[1]++;
        if (paging) {
            pages[1]++;
        }
        headers.put("X-RateLimit-Remaining", Long.toString(shownLimit - shown[1]));
        return headers;
    }

    private long[] window(String bucket, Duration length, long now) {
        long current = Math.floorDiv(now, length.toMillis());
        long[] window = windows.computeIfAbsent(bucket, ignored -> new long[] {current, 0});
        if (window[0] != current) {
            window[0] = current;
            window[1] = 0;
        }
        return window;
    }

    private void route(HttpExchange exchange, Request request, String token) throws IOException {
        String[] parts = request.path().split("/");
        // ["", "api", "v1", resource, id?, sub?]
        if (parts.length < 4 || !"api".equals(parts[1]) || !"v1".equals(parts[2])) {
            error(exchange, 404, "Record not found");
            return;
        }
        String me = token == null ? null : tokens.get(token);
        if (token != null && me == null) {
            error(exchange, 401, "The access token is invalid");
            return;
        }
        String resource = parts[3];
        if (resource.equals("notifications") && parts.length == 4) {
            if (me == null) {
                error(exchange, 401, "The access token is invalid");
                return;
            }
            List<String> types = request.query().get("types[]");
            Predicate<ObjectNode> wanted = n -> !honourTypes
                    || types == null
                    || types.contains(n.get("type").asString());
            List<ObjectNode> all = notifications.getOrDefault(me, List.of()).stream()
                    .filter(wanted)
                    .toList();
            page(
                    exchange,
                    request,
                    all.stream()
                            .map(n -> Map.entry(n.get("id").asString(), (JsonNode) n))
                            .toList(),
                    true);
        } else if (resource.equals("accounts") && parts.length == 5 && parts[4].equals("verify_credentials")) {
            if (me == null) {
                error(exchange, 401, "The access token is invalid");
                return;
            }
            json(exchange, accounts.get(me));
        } else if (resource.equals("accounts") && parts.length == 5 && parts[4].equals("lookup")) {
            String acct = request.first("acct");
            String wanted = acct == null ? "" : acct.startsWith("@") ? acct.substring(1) : acct;
            if (wanted.endsWith("@" + localDomain)) {
                wanted = wanted.substring(0, wanted.length() - localDomain.length() - 1);
            }
            String target = wanted;
            accounts.values().stream()
                    .filter(a -> a.get("acct").asString().equalsIgnoreCase(target))
                    .findFirst()
                    .ifPresentOrElse(
                            a -> jsonQuietly(exchange, a), () -> errorQuietly(exchange, 404, "Record not found"));
        } else if (resource.equals("accounts") && parts.length == 6) {
            ObjectNode account = accounts.get(parts[4]);
            if (account == null) {
                error(exchange, 404, "Record not found");
                return;
            }
            boolean hidden = account.path("hide_collections").asBoolean(false) && !parts[4].equals(me);
            switch (parts[5]) {
                case "followers", "following" -> {
                    List<Edge> edges = hidden
                            ? List.of()
                            : (parts[5].equals("followers") ? followers : following).getOrDefault(parts[4], List.of());
                    page(
                            exchange,
                            request,
                            edges.stream()
                                    .map(edge -> Map.entry(edge.id(), (JsonNode) accounts.get(edge.accountId())))
                                    .toList(),
                            false);
                }
                case "statuses" -> {
                    List<ObjectNode> own = new ArrayList<>(statuses.getOrDefault(parts[4], List.of()));
                    own.sort(Comparator.comparing((ObjectNode s) -> s.get("id").asString(), MastodonIds.ORDER)
                            .reversed());
                    int limit = clamp(request);
                    json(exchange, JSON.valueToTree(own.subList(0, Math.min(limit, own.size()))));
                }
                default -> error(exchange, 404, "Record not found");
            }
        } else if (resource.equals("statuses") && parts.length == 6 && parts[5].equals("reblogged_by")) {
            boolean exists = statuses.values().stream()
                    .flatMap(List::stream)
                    .anyMatch(s -> s.get("id").asString().equals(parts[4]));
            if (!exists) {
                error(exchange, 404, "Record not found");
                return;
            }
            page(
                    exchange,
                    request,
                    boosts.getOrDefault(parts[4], List.of()).stream()
                            .map(edge -> Map.entry(edge.id(), (JsonNode) accounts.get(edge.accountId())))
                            .toList(),
                    false);
        } else {
            error(exchange, 404, "Record not found");
        }
    }

    /**
     * Mastodon's pagination over (cursor id, item) pairs, newest first: {@code max_id} (older), {@code since_id}
     * (newest above), {@code min_id} (immediately newer), {@code limit} clamped at 80. Links: {@code next} with the
     * page's oldest cursor as {@code max_id}, {@code prev} with its newest as {@code min_id} (notifications) or
     * {@code since_id} (account lists).
     */
    private void page(
            HttpExchange exchange, Request request, List<Map.Entry<String, JsonNode>> items, boolean minIdPrev)
            throws IOException {
        List<Map.Entry<String, JsonNode>> sorted = new ArrayList<>(items);
        sorted.sort(
                Map.Entry.<String, JsonNode>comparingByKey(MastodonIds.ORDER).reversed());
        String maxId = request.first("max_id");
        String sinceId = request.first("since_id");
        String minId = request.first("min_id");
        int limit = clamp(request);
        List<Map.Entry<String, JsonNode>> window = sorted.stream()
                .filter(e -> maxId == null || MastodonIds.ORDER.compare(e.getKey(), maxId) < 0)
                .filter(e -> sinceId == null || MastodonIds.ORDER.compare(e.getKey(), sinceId) > 0)
                .filter(e -> minId == null || MastodonIds.ORDER.compare(e.getKey(), minId) > 0)
                .toList();
        List<Map.Entry<String, JsonNode>> page;
        if (minId != null) {
            page = new ArrayList<>(window.subList(Math.max(0, window.size() - limit), window.size()));
        } else {
            page = new ArrayList<>(window.subList(0, Math.min(limit, window.size())));
        }
        ArrayNode body = JSON.createArrayNode();
        page.forEach(e -> body.add(e.getValue()));
        if (!page.isEmpty()) {
            String path = request.path();
            StringBuilder common = new StringBuilder("limit=" + limit);
            List<String> types = request.query().get("types[]");
            if (types != null) {
                types.forEach(type -> common.append("&types%5B%5D=").append(type));
            }
            String next =
                    base() + path + "?" + common + "&max_id=" + page.getLast().getKey();
            String prev = base() + path + "?" + common + (minIdPrev ? "&min_id=" : "&since_id=")
                    + page.getFirst().getKey();
            exchange.getResponseHeaders().add("Link", "<" + next + ">; rel=\"next\", <" + prev + ">; rel=\"prev\"");
        }
        json(exchange, body);
    }

    private static int clamp(Request request) {
        String limit = request.first("limit");
        int asked = limit == null ? 40 : Integer.parseInt(limit);
        return Math.max(1, Math.min(80, asked));
    }

    private void json(HttpExchange exchange, JsonNode body) throws IOException {
        send(exchange, 200, "application/json; charset=utf-8", JSON.writeValueAsString(body), Map.of());
    }

    private void jsonQuietly(HttpExchange exchange, JsonNode body) {
        try {
            json(exchange, body);
        } catch (IOException e) {
            throw new IllegalStateException(e);
        }
    }

    private void error(HttpExchange exchange, int status, String message) throws IOException {
        send(exchange, status, "application/json; charset=utf-8", "{\"error\":\"" + message + "\"}", Map.of());
    }

    private void errorQuietly(HttpExchange exchange, int status, String message) {
        try {
            error(exchange, status, message);
        } catch (IOException e) {
            throw new IllegalStateException(e);
        }
    }

    private static void send(
            HttpExchange exchange, int status, String contentType, String body, Map<String, String> headers)
            throws IOException {
        byte[] bytes = body.getBytes(StandardCharsets.UTF_8);
        headers.forEach((name, value) -> exchange.getResponseHeaders().add(name, value));
        exchange.getResponseHeaders().add("Content-Type", contentType);
        exchange.sendResponseHeaders(status, bytes.length == 0 ? -1 : bytes.length);
        if (bytes.length > 0) {
            try (OutputStream out = exchange.getResponseBody()) {
                out.write(bytes);
            }
        }
    }

    private static Map<String, List<String>> query(String raw) {
        Map<String, List<String>> query = new LinkedHashMap<>();
        if (raw == null || raw.isEmpty()) {
            return query;
        }
        for (String pair : raw.split("&")) {
            int eq = pair.indexOf('=');
            String key = URLDecoder.decode(eq < 0 ? pair : pair.substring(0, eq), StandardCharsets.UTF_8);
            String value = eq < 0 ? "" : URLDecoder.decode(pair.substring(eq + 1), StandardCharsets.UTF_8);
            query.computeIfAbsent(key, ignored -> new ArrayList<>()).add(value);
        }
        return query;
    }

    private static void sleep(Duration delay) {
        try {
            Thread.sleep(delay);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }

    @Override
    public void close() {
        server.stop(0);
        executor.shutdownNow();
    }
}
