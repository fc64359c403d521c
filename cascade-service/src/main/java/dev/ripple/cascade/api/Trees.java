package dev.ripple.cascade.api;

import dev.ripple.cascade.query.CascadeQueries.Link;
import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.Collection;
import java.util.Deque;
import java.util.HashMap;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;

/** Tree arithmetic over a cascade's parent links. */
final class Trees {

    private Trees() {}

    /**
     * Follows per share counting the share's own and every share below it: a follow credits each share on the path
     * from the root to its exposure, so a share's total is its subtree's sum. Iterative (trees can be deep) and safe
     * against malformed links (a cycle or a missing parent ends the walk instead of looping).
     */
    static Map<String, Long> subtreeSums(Collection<Link> links, Map<String, Long> own) {
        Map<String, List<String>> children = new HashMap<>();
        Set<String> uris = new HashSet<>();
        links.forEach(link -> uris.add(link.uri()));
        List<String> roots = new ArrayList<>();
        for (Link link : links) {
            if (link.parentUri() == null || !uris.contains(link.parentUri())) {
                roots.add(link.uri());
            } else {
                children.computeIfAbsent(link.parentUri(), k -> new ArrayList<>())
                        .add(link.uri());
            }
        }
        Map<String, Long> sums = new HashMap<>();
        Set<String> seen = new HashSet<>();
        Deque<String> order = new ArrayDeque<>();
        Deque<String> stack = new ArrayDeque<>(roots);
        while (!stack.isEmpty()) {
            String uri = stack.pop();
            if (!seen.add(uri)) {
                continue;
            }
            order.push(uri);
            for (String child : children.getOrDefault(uri, List.of())) {
                stack.push(child);
            }
        }
        // `order` now pops children before their parents.
        while (!order.isEmpty()) {
            String uri = order.pop();
            long sum = own.getOrDefault(uri, 0L);
            for (String child : children.getOrDefault(uri, List.of())) {
                sum += sums.getOrDefault(child, 0L);
            }
            sums.put(uri, sum);
        }
        return sums;
    }
}
