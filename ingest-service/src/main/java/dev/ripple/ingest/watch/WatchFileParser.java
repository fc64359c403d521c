package dev.ripple.ingest.watch;

import java.net.URI;
import java.net.URISyntaxException;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.yaml.snakeyaml.LoaderOptions;
import org.yaml.snakeyaml.Yaml;
import org.yaml.snakeyaml.constructor.SafeConstructor;
import org.yaml.snakeyaml.error.YAMLException;

/**
 * Parses and validates a watch file. Every problem is reported with its path in the file
 * ({@code mastodon[1].base-url: …}); unknown keys are problems too, so a typo never silently disables a setting.
 */
public final class WatchFileParser {

    private static final Pattern ACCT = Pattern.compile("[A-Za-z0-9_.-]+@[A-Za-z0-9.-]+\\.[A-Za-z0-9-]+");
    private static final Pattern ENV_NAME = Pattern.compile("[A-Za-z_][A-Za-z0-9_]*");
    private static final Pattern HANDLE = Pattern.compile("[A-Za-z0-9-]+(\\.[A-Za-z0-9-]+)+");
    private static final Pattern DID = Pattern.compile("did:(plc|web):[A-Za-z0-9._:%-]+");

    private static final Set<String> TOP = Set.of("mastodon", "bluesky", "jetstream");
    private static final Set<String> MASTODON_KEYS =
            Set.of("acct", "base-url", "token-env", "token-file", "poll-interval", "backfill");
    private static final Pattern DURATION = Pattern.compile("(\\d{1,9})(ms|s|m|h|d)?");
    private static final Duration MIN_POLL_INTERVAL = Duration.ofSeconds(1);
    private static final Duration MAX_POLL_INTERVAL = Duration.ofHours(24);
    private static final Set<String> BLUESKY_KEYS =
            Set.of("handle", "did", "app-password-env", "app-password-file", "pds-url", "appview-url");
    private static final Set<String> JETSTREAM_KEYS = Set.of("enabled", "url", "collections");

    private WatchFileParser() {}

    /**
     * @param source how to name the file in messages
     * @param baseDir where relative {@code *-file} paths are resolved from (the watch file's directory)
     */
    public static WatchFile parse(String yaml, String source, Path baseDir) {
        Object root;
        try {
            root = new Yaml(new SafeConstructor(new LoaderOptions())).load(yaml);
        } catch (YAMLException e) {
            throw new InvalidWatchFileException(source, List.of("not valid YAML: " + firstLine(e.getMessage())));
        }
        if (root == null) {
            return WatchFile.EMPTY;
        }
        List<String> problems = new ArrayList<>();
        if (!(root instanceof Map<?, ?> top)) {
            throw new InvalidWatchFileException(
                    source,
                    List.of("the file must be a mapping with " + "mastodon:, bluesky: and/or jetstream: sections"));
        }
        unknownKeys(problems, "", top, TOP);
        List<MastodonWatch> mastodon = new ArrayList<>();
        Set<String> keys = new HashSet<>();
        for (Entry item : list(problems, "mastodon", top.get("mastodon"))) {
            MastodonWatch watch = mastodon(problems, item, baseDir);
            if (watch != null && !keys.add(watch.key())) {
                problems.add(item.path + ": " + watch.acct() + " at " + watch.baseUrl() + " is listed twice");
            } else if (watch != null) {
                mastodon.add(watch);
            }
        }
        List<BlueskyWatch> bluesky = new ArrayList<>();
        for (Entry item : list(problems, "bluesky", top.get("bluesky"))) {
            BlueskyWatch watch = bluesky(problems, item, baseDir);
            if (watch != null && !keys.add(watch.key())) {
                problems.add(item.path + ": " + watch.key().substring("bluesky:".length()) + " is listed twice");
            } else if (watch != null) {
                bluesky.add(watch);
            }
        }
        JetstreamWatch jetstream = jetstream(problems, top.get("jetstream"), baseDir);
        if (!problems.isEmpty()) {
            throw new InvalidWatchFileException(source, problems);
        }
        return new WatchFile(mastodon, bluesky, jetstream);
    }

    private record Entry(String path, Map<?, ?> values) {}

    private static List<Entry> list(List<String> problems, String name, Object value) {
        List<Entry> entries = new ArrayList<>();
        if (value == null) {
            return entries;
        }
        if (!(value instanceof List<?> items)) {
            problems.add(name + ": must be a list of accounts (each item starting with '- ')");
            return entries;
        }
        for (int i = 0; i < items.size(); i++) {
            String path = name + "[" + i + "]";
            if (items.get(i) instanceof Map<?, ?> map) {
                entries.add(new Entry(path, map));
            } else {
                problems.add(path + ": must be a mapping of settings");
            }
        }
        return entries;
    }

    private static MastodonWatch mastodon(List<String> problems, Entry item, Path baseDir) {
        int before = problems.size();
        unknownKeys(problems, item.path + ".", item.values, MASTODON_KEYS);
        String acct = text(problems, item, "acct", true);
        if (acct != null) {
            acct = acct.startsWith("@") ? acct.substring(1) : acct;
            if (!ACCT.matcher(acct).matches()) {
                problems.add(item.path + ".acct: '" + acct + "' is not of the form user@instance");
            }
        }
        URI baseUrl = url(problems, item, "base-url", true, Set.of("http", "https"));
        SecretRef token = secret(problems, item, "token-env", "token-file", baseDir);
        Duration pollInterval = duration(problems, item, "poll-interval");
        if (pollInterval != null
                && (pollInterval.compareTo(MIN_POLL_INTERVAL) < 0 || pollInterval.compareTo(MAX_POLL_INTERVAL) > 0)) {
            problems.add(
                    item.path + ".poll-interval: must be between 1s and 24h, was " + item.values.get("poll-interval"));
        }
        Duration backfill = duration(problems, item, "backfill");
        return problems.size() == before ? new MastodonWatch(acct, baseUrl, token, pollInterval, backfill) : null;
    }

    private static BlueskyWatch bluesky(List<String> problems, Entry item, Path baseDir) {
        int before = problems.size();
        unknownKeys(problems, item.path + ".", item.values, BLUESKY_KEYS);
        String handle = text(problems, item, "handle", false);
        String did = text(problems, item, "did", false);
        if (handle == null && did == null && problems.size() == before) {
            problems.add(item.path + ": needs a handle or a did");
        }
        if (handle != null) {
            handle = handle.startsWith("@") ? handle.substring(1) : handle;
            if (!HANDLE.matcher(handle).matches()) {
                problems.add(item.path + ".handle: '" + handle + "' is not a domain-style handle");
            }
        }
        if (did != null && !DID.matcher(did).matches()) {
            problems.add(item.path + ".did: '" + did + "' is not a did:plc: or did:web: identifier");
        }
        SecretRef password = secret(problems, item, "app-password-env", "app-password-file", baseDir);
        URI pds = url(problems, item, "pds-url", false, Set.of("http", "https"));
        URI appview = url(problems, item, "appview-url", false, Set.of("http", "https"));
        return problems.size() == before ? new BlueskyWatch(handle, did, password, pds, appview) : null;
    }

    private static JetstreamWatch jetstream(List<String> problems, Object value, Path baseDir) {
        if (value == null) {
            return JetstreamWatch.DISABLED;
        }
        if (!(value instanceof Map<?, ?> map)) {
            problems.add("jetstream: must be a mapping with enabled, url and collections");
            return JetstreamWatch.DISABLED;
        }
        Entry item = new Entry("jetstream", map);
        unknownKeys(problems, "jetstream.", map, JETSTREAM_KEYS);
        boolean enabled = true;
        Object flag = map.get("enabled");
        if (flag instanceof Boolean b) {
            enabled = b;
        } else if (flag != null) {
            problems.add("jetstream.enabled: must be true or false");
        }
        URI url;
        Object rawUrl = map.get("url");
        if (rawUrl instanceof String text && text.strip().startsWith("file:")) {
            // A recorded JSON Lines file of frames, replayed once through the same path (relative to this file).
            String file = text.strip().substring("file:".length());
            if (file.isBlank()) {
                problems.add("jetstream.url: 'file:' needs a path to a recording");
                url = null;
            } else {
                Path path = Path.of(file);
                url = (path.isAbsolute() ? path : baseDir.resolve(path))
                        .normalize()
                        .toUri();
            }
        } else {
            url = url(problems, item, "url", false, Set.of("ws", "wss"));
        }
        List<String> collections = null;
        Object listed = map.get("collections");
        if (listed instanceof List<?> items) {
            collections = new ArrayList<>();
            for (int i = 0; i < items.size(); i++) {
                if (items.get(i) instanceof String nsid && nsid.matches("[a-z][a-z0-9-]*(\\.[a-zA-Z0-9-]+){2,}")) {
                    collections.add(nsid);
                } else {
                    problems.add("jetstream.collections[" + i + "]: '" + items.get(i) + "' is not a collection NSID");
                }
            }
        } else if (listed != null) {
            problems.add("jetstream.collections: must be a list of collection NSIDs");
        }
        return new JetstreamWatch(enabled, url, collections);
    }

    private static void unknownKeys(List<String> problems, String prefix, Map<?, ?> map, Set<String> known) {
        for (Object key : map.keySet()) {
            if (!known.contains(String.valueOf(key))) {
                problems.add(prefix + key + ": unknown setting (known: " + String.join(", ", sorted(known)) + ")");
            }
        }
    }

    private static List<String> sorted(Set<String> values) {
        return values.stream().sorted().toList();
    }

    private static String text(List<String> problems, Entry item, String key, boolean required) {
        Object value = item.values.get(key);
        if (value == null) {
            if (required) {
                problems.add(item.path + "." + key + ": is required");
            }
            return null;
        }
        if (!(value instanceof String text) || text.isBlank()) {
            problems.add(item.path + "." + key + ": must be a non-empty string");
            return null;
        }
        return text.strip();
    }

    /** A duration such as {@code 30s}, {@code 5m}, {@code 12h}, {@code 7d}, {@code 500ms} or {@code 0}; null when absent. */
    private static Duration duration(List<String> problems, Entry item, String key) {
        Object value = item.values.get(key);
        if (value == null) {
            return null;
        }
        Matcher matcher = DURATION.matcher(String.valueOf(value).strip());
        if (!matcher.matches() || (matcher.group(2) == null && !matcher.group(1).equals("0"))) {
            problems.add(item.path + "." + key + ": '" + value + "' is not a duration like 30s, 5m, 12h or 7d");
            return null;
        }
        long amount = Long.parseLong(matcher.group(1));
        return switch (matcher.group(2) == null ? "s" : matcher.group(2)) {
            case "ms" -> Duration.ofMillis(amount);
            case "m" -> Duration.ofMinutes(amount);
            case "h" -> Duration.ofHours(amount);
            case "d" -> Duration.ofDays(amount);
            default -> Duration.ofSeconds(amount);
        };
    }

    private static URI url(List<String> problems, Entry item, String key, boolean required, Set<String> schemes) {
        String text = text(problems, item, key, required);
        if (text == null) {
            return null;
        }
        try {
            URI uri = new URI(text);
            if (uri.getScheme() == null || !schemes.contains(uri.getScheme().toLowerCase()) || uri.getHost() == null) {
                problems.add(item.path + "." + key + ": '" + text + "' is not an absolute "
                        + String.join(" or ", sorted(schemes)) + " URL");
                return null;
            }
            String path = uri.getPath() == null || uri.getPath().equals("/") ? "" : uri.getPath();
            return new URI(uri.getScheme().toLowerCase(), null, uri.getHost(), uri.getPort(), path, null, null);
        } catch (URISyntaxException e) {
            problems.add(item.path + "." + key + ": '" + text + "' is not a URL");
            return null;
        }
    }

    private static SecretRef secret(List<String> problems, Entry item, String envKey, String fileKey, Path baseDir) {
        String env = text(problems, item, envKey, false);
        String file = text(problems, item, fileKey, false);
        if (env != null && file != null) {
            problems.add(item.path + ": give either " + envKey + " or " + fileKey + ", not both");
            return SecretRef.NONE;
        }
        if (env != null && !ENV_NAME.matcher(env).matches()) {
            problems.add(item.path + "." + envKey + ": '" + env + "' is not an environment variable name");
            return SecretRef.NONE;
        }
        if (file != null) {
            Path path = Path.of(file);
            return new SecretRef(
                    null, path.isAbsolute() ? path : baseDir.resolve(path).normalize());
        }
        return env != null ? new SecretRef(env, null) : SecretRef.NONE;
    }

    private static String firstLine(String message) {
        if (message == null) {
            return "unreadable";
        }
        int newline = message.indexOf('\n');
        return newline < 0 ? message : message.substring(0, newline);
    }

    /** For tests and messages: the keys each section accepts. */
    static Map<String, Set<String>> schema() {
        Map<String, Set<String>> schema = new LinkedHashMap<>();
        schema.put("mastodon[]", MASTODON_KEYS);
        schema.put("bluesky[]", BLUESKY_KEYS);
        schema.put("jetstream", JETSTREAM_KEYS);
        return schema;
    }
}
