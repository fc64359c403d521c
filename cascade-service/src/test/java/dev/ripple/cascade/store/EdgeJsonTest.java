package dev.ripple.cascade.store;

import static org.assertj.core.api.Assertions.assertThat;

import dev.ripple.cascade.correlation.Edge;
import java.time.Instant;
import java.util.Arrays;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;
import tools.jackson.core.type.TypeReference;

class EdgeJsonTest {

    @Test
    void handWrittenFollowListIsTheJsonTheLoaderReads() {
        Map<String, Edge> follows = new LinkedHashMap<>();
        follows.put("bluesky:did:plc:abc", new Edge(Instant.ofEpochMilli(1_000), Instant.ofEpochMilli(2_000)));
        follows.put("mastodon:ex.social:\"quoted\"\\name\u0001", new Edge(null, Instant.ofEpochMilli(3_000)));
        follows.put("unicode:é✓", new Edge(Instant.ofEpochMilli(-5), Instant.ofEpochMilli(0)));

        Map<String, List<Long>> read = Json.read(EdgeStore.json(follows), new TypeReference<>() {});

        assertThat(read)
                .containsOnly(
                        Map.entry("bluesky:did:plc:abc", List.of(1_000L, 2_000L)),
                        Map.entry("mastodon:ex.social:\"quoted\"\\name\u0001", Arrays.asList(null, 3_000L)),
                        Map.entry("unicode:é✓", List.of(-5L, 0L)));
        assertThat(EdgeStore.json(Map.of())).isEqualTo("{}");
    }
}
