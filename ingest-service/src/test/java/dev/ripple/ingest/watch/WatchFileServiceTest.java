package dev.ripple.ingest.watch;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class WatchFileServiceTest {

    @TempDir
    Path dir;

    private WatchFileService service(Path file, boolean explicit) {
        return new WatchFileService(new WatchSettings(explicit ? file.toString() : null, Duration.ofHours(1)));
    }

    @Test
    void changesAreAppliedWithoutARestartAndListenersSeeBothVersions() throws Exception {
        Path file = dir.resolve("watch.yml");
        Files.writeString(file, "mastodon:\n  - {acct: a@x.social, base-url: https://x.social}\n");
        try (WatchFileService service = service(file, true)) {
            List<String> seen = new ArrayList<>();
            service.addListener((before, after) ->
                    seen.add(before.mastodon().size() + "->" + after.mastodon().size()));

            Files.writeString(file, """
                    mastodon:
                      - {acct: a@x.social, base-url: https://x.social}
                      - {acct: b@x.social, base-url: https://x.social}
                    """);

            assertThat(service.reloadIfChanged()).isTrue();
            assertThat(service.current().mastodon()).hasSize(2);
            assertThat(seen).containsExactly("1->2");
            assertThat(service.reloadIfChanged()).isFalse();
        }
    }

    @Test
    void aBrokenEditKeepsThePreviousListAndSaysWhy() throws Exception {
        Path file = dir.resolve("watch.yml");
        Files.writeString(file, "mastodon:\n  - {acct: a@x.social, base-url: https://x.social}\n");
        try (WatchFileService service = service(file, true)) {
            Files.writeString(file, "mastodon:\n  - {acct: broken, base-url: https://x.social}\n");

            assertThat(service.reloadIfChanged()).isFalse();
            assertThat(service.current().mastodon())
                    .extracting(MastodonWatch::acct)
                    .containsExactly("a@x.social");
            assertThat(service.lastError())
                    .hasValueSatisfying(error ->
                            assertThat(error).contains("mastodon[0].acct: 'broken' is not of the form user@instance"));

            Files.writeString(file, "mastodon: []\n");
            assertThat(service.reloadIfChanged()).isTrue();
            assertThat(service.lastError()).isEmpty();
            assertThat(service.current().mastodon()).isEmpty();
        }
    }

    @Test
    void anExplicitlyNamedFileMustExistAndBeValidAtStartUp() throws Exception {
        Path missing = dir.resolve("missing.yml");
        assertThatThrownBy(() -> service(missing, true))
                .hasMessageContaining("ripple.watch.file (RIPPLE_WATCH_FILE)")
                .hasMessageContaining("does not exist");

        Path bad = dir.resolve("bad.yml");
        Files.writeString(bad, "jetstream: {enabled: maybe}");
        assertThatThrownBy(() -> service(bad, true))
                .isInstanceOf(InvalidWatchFileException.class)
                .hasMessageContaining("jetstream.enabled: must be true or false");
    }

    @Test
    void settingsRefuseAnUnreasonableReloadInterval() {
        assertThatThrownBy(() -> new WatchSettings(null, Duration.ofMillis(1)))
                .hasMessageContaining("ripple.watch.reload-interval (RIPPLE_WATCH_RELOAD_INTERVAL)");
    }
}
