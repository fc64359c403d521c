package dev.ripple.cascade.api;

import static org.assertj.core.api.Assertions.assertThat;

import dev.ripple.cascade.query.CascadeQueries.Link;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

class TreesTest {

    @Test
    void aSharesFollowsIncludeEveryShareBelowIt() {
        List<Link> links =
                List.of(new Link("root", null), new Link("a", "root"), new Link("b", "root"), new Link("c", "a"));
        Map<String, Long> sums = Trees.subtreeSums(links, Map.of("root", 1L, "a", 2L, "b", 4L, "c", 8L));
        assertThat(sums).containsExactlyInAnyOrderEntriesOf(Map.of("root", 15L, "a", 10L, "b", 4L, "c", 8L));
    }

    @Test
    void aDeepChainDoesNotOverflowTheStack() {
        List<Link> links = new ArrayList<>();
        links.add(new Link("n0", null));
        for (int i = 1; i < 200_000; i++) {
            links.add(new Link("n" + i, "n" + (i - 1)));
        }
        assertThat(Trees.subtreeSums(links, Map.of("n199999", 3L)).get("n0")).isEqualTo(3L);
    }

    @Test
    void cyclesAndMissingParentsEndTheWalk() {
        List<Link> links = List.of(new Link("a", "b"), new Link("b", "a"), new Link("orphan", "gone"));
        Map<String, Long> sums = Trees.subtreeSums(links, Map.of("a", 1L, "orphan", 5L));
        assertThat(sums.get("orphan")).isEqualTo(5L);
        assertThat(sums).doesNotContainKey("a");
    }
}
