package dev.ripple.ingest.watch;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.net.URI;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

class WatchFileParserTest {

    private static final Path BASE = Path.of("/etc/ripple");

    private static WatchFile parse(String yaml) {
        return WatchFileParser.parse(yaml, "watch.yml", BASE);
    }

    private static List<String> problems(String yaml) {
        try {
            parse(yaml);
        } catch (InvalidWatchFileException e) {
            return e.problems();
        }
        throw new AssertionError("expected the file to be refused");
    }

    @Test
    void aFullFileParsesIntoTheThreeSections() {
        WatchFile file = parse("""
                mastodon:
                  - acct: author@example.social
                    base-url: https://example.social/
                    token-env: AUTHOR_TOKEN
                  - acct: "@other@example.social"
                    base-url: https://example.social
                    token-file: secrets/other
                  - acct: quiet@example.org
                    base-url: https://example.org
                bluesky:
                  - handle: author.bsky.social
                    app-password-file: /run/secrets/bsky
                  - did: did:plc:abc123
                    appview-url: http://127.0.0.1:9999
                jetstream:
                  enabled: true
                  url: wss://jetstream.example/subscribe
                  collections: [app.bsky.feed.repost, app.bsky.graph.follow]
                """);

        assertThat(file.mastodon())
                .extracting(MastodonWatch::acct)
                .containsExactly("author@example.social", "other@example.social", "quiet@example.org");
        assertThat(file.mastodon().get(0).baseUrl()).isEqualTo(URI.create("https://example.social"));
        assertThat(file.mastodon().get(0).token()).isEqualTo(new SecretRef("AUTHOR_TOKEN", null));
        assertThat(file.mastodon().get(1).token().file()).isEqualTo(Path.of("/etc/ripple/secrets/other"));
        assertThat(file.mastodon().get(2).token()).isEqualTo(SecretRef.NONE);
        assertThat(file.mastodon().get(0).key()).isEqualTo("mastodon:example.social:author@example.social");
        assertThat(file.bluesky().get(0).pdsUrl()).isEqualTo(BlueskyWatch.DEFAULT_PDS);
        assertThat(file.bluesky().get(1).appviewUrl()).isEqualTo(URI.create("http://127.0.0.1:9999"));
        assertThat(file.bluesky().get(1).key()).isEqualTo("bluesky:did:plc:abc123");
        assertThat(file.jetstream().enabled()).isTrue();
        assertThat(file.jetstream().collections()).containsExactly("app.bsky.feed.repost", "app.bsky.graph.follow");
    }

    @Test
    void anEmptyFileWatchesNothing() {
        assertThat(parse("")).isEqualTo(WatchFile.EMPTY);
        assertThat(parse("# nothing yet\n")).isEqualTo(WatchFile.EMPTY);
        assertThat(WatchFile.EMPTY.isEmpty()).isTrue();
        assertThat(parse("jetstream: {enabled: false}").jetstream().enabled()).isFalse();
    }

    @Test
    void everyProblemIsNamedByItsPathInTheFile() {
        assertThat(problems("""
                        mastodon:
                          - acct: nobody
                            base-url: ftp://example.social
                            token-env: A
                            token-file: b
                          - base-url: https://x.social
                            tokn-env: TYPO
                        bluesky:
                          - app-password-env: X
                          - handle: not a handle
                            did: did:key:zzz
                        jetstream:
                          enabled: "yes"
                          url: https://not-websocket
                          collections: [Not.An.Nsid]
                        extra: 1
                        """))
                .containsExactlyInAnyOrder(
                        "extra: unknown setting (known: bluesky, jetstream, mastodon)",
                        "mastodon[0].acct: 'nobody' is not of the form user@instance",
                        "mastodon[0].base-url: 'ftp://example.social' is not an absolute http or https URL",
                        "mastodon[0]: give either token-env or token-file, not both",
                        "mastodon[1].tokn-env: unknown setting (known: acct, backfill, base-url, poll-interval, token-env, token-file)",
                        "mastodon[1].acct: is required",
                        "bluesky[0]: needs a handle or a did",
                        "bluesky[1].handle: 'not a handle' is not a domain-style handle",
                        "bluesky[1].did: 'did:key:zzz' is not a did:plc: or did:web: identifier",
                        "jetstream.enabled: must be true or false",
                        "jetstream.url: 'https://not-websocket' is not an absolute ws or wss URL",
                        "jetstream.collections[0]: 'Not.An.Nsid' is not a collection NSID");
    }

    @Test
    void aJetstreamRecordingIsAFileUrlResolvedFromTheWatchFile() {
        assertThat(parse("jetstream: {url: 'file:recordings/stream.jsonl'}")
                        .jetstream()
                        .url())
                .isEqualTo(BASE.resolve("recordings/stream.jsonl").normalize().toUri());
        assertThat(parse("jetstream: {url: 'file:/data/stream.jsonl'}")
                        .jetstream()
                        .url()
                        .getPath())
                .isEqualTo("/data/stream.jsonl");
        assertThatThrownBy(() -> parse("jetstream: {url: 'file:'}"))
                .hasMessageContaining("jetstream.url: 'file:' needs a path");
        assertThatThrownBy(() -> parse("jetstream: {url: 'http://example.org/subscribe'}"))
                .hasMessageContaining("jetstream.url");
    }

    @Test
    void theSameAccountTwiceIsRefused() {
        assertThat(problems("""
                        mastodon:
                          - {acct: a@x.social, base-url: https://x.social}
                          - {acct: a@x.social, base-url: "https://x.social/"}
                        """)).containsExactly("mastodon[1]: a@x.social at https://x.social is listed twice");
    }

    @Test
    void notYamlOrTheWrongShapeIsRefusedWithAReason() {
        assertThat(problems("mastodon: [unclosed")).singleElement().asString().startsWith("not valid YAML");
        assertThat(problems("- just\n- a list")).singleElement().asString().startsWith("the file must be a mapping");
        assertThat(problems("mastodon: {acct: a@x.social}"))
                .containsExactly("mastodon: must be a list of accounts (each item starting with '- ')");
    }

    @Test
    void theSchemaIsTheDocumentedOne() {
        assertThat(WatchFileParser.schema())
                .containsOnlyKeys("mastodon[]", "bluesky[]", "jetstream")
                .extractingByKey("mastodon[]")
                .isEqualTo(
                        java.util.Set.of("acct", "base-url", "token-env", "token-file", "poll-interval", "backfill"));
    }

    @Test
    void secretsAreReadFromTheEnvironmentOrAFileAndNeverPrinted() throws Exception {
        Path file = java.nio.file.Files.createTempFile("token", ".txt");
        java.nio.file.Files.writeString(file, "s3cr3t\n");
        SecretRef fromFile = new SecretRef(null, file);
        SecretRef fromEnv = new SecretRef("TOKEN_X", null);

        assertThat(fromFile.read(Map.of())).contains("s3cr3t");
        assertThat(fromEnv.read(Map.of("TOKEN_X", " abc "))).contains("abc");
        assertThat(SecretRef.NONE.read(Map.of())).isEmpty();
        assertThat(fromEnv.toString()).isEqualTo("env:TOKEN_X").doesNotContain("abc");
        assertThatThrownBy(() -> fromEnv.read(Map.of()))
                .isInstanceOf(SecretRef.SecretUnavailableException.class)
                .hasMessage("environment variable TOKEN_X is not set or empty");
        assertThatThrownBy(() -> new SecretRef(null, Path.of("/no/such/file")).read(Map.of()))
                .hasMessageStartingWith("file /no/such/file cannot be read");
    }

    @Test
    void aMastodonAccountMayHaveItsOwnPollIntervalAndBackfill() {
        WatchFile file = parse("""
                mastodon:
                  - acct: busy@example.social
                    base-url: https://example.social
                    poll-interval: 10s
                    backfill: 7d
                  - acct: new@example.social
                    base-url: https://example.social
                    backfill: 0
                """);
        assertThat(file.mastodon().get(0).pollInterval()).isEqualTo(java.time.Duration.ofSeconds(10));
        assertThat(file.mastodon().get(0).backfill()).isEqualTo(java.time.Duration.ofDays(7));
        assertThat(file.mastodon().get(1).pollInterval()).isNull();
        assertThat(file.mastodon().get(1).backfill()).isEqualTo(java.time.Duration.ZERO);
    }

    @Test
    void badMastodonPollSettingsAreNamedByTheirPath() {
        assertThat(problems("""
                mastodon:
                  - acct: a@example.social
                    base-url: https://example.social
                    poll-interval: often
                  - acct: b@example.social
                    base-url: https://example.social
                    poll-interval: 500ms
                    backfill: 3 weeks
                """))
                .containsExactly(
                        "mastodon[0].poll-interval: 'often' is not a duration like 30s, 5m, 12h or 7d",
                        "mastodon[1].poll-interval: must be between 1s and 24h, was 500ms",
                        "mastodon[1].backfill: '3 weeks' is not a duration like 30s, 5m, 12h or 7d");
    }
}
