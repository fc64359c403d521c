package dev.ripple.cascade.correlation;

import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;

/**
 * The shape of one cascade tree: size, depth, breadth and structural virality (Goel et al.: the mean distance
 * between all pairs of nodes, the Wiener index over n(n−1)/2), computed in O(n) from subtree sizes: every edge
 * lies on the paths between the {@code s · (n − s)} pairs it separates.
 */
public record TreeShape(int size, int depth, int maxBreadth, double structuralVirality) {

    /** One node: its id and its parent's id (null for the root). */
    public record Link(String id, String parentId) {}

    public static TreeShape of(List<Link> links) {
        int n = links.size();
        if (n == 0) {
            return new TreeShape(0, 0, 0, 0);
        }
        Map<String, List<String>> children = new HashMap<>();
        List<String> roots = new ArrayList<>();
        Map<String, String> parents = new HashMap<>();
        for (Link link : links) {
            parents.put(link.id(), link.parentId());
        }
        for (Link link : links) {
            if (link.parentId() == null || !parents.containsKey(link.parentId())) {
                roots.add(link.id());
            } else {
                children.computeIfAbsent(link.parentId(), k -> new ArrayList<>())
                        .add(link.id());
            }
        }
        // Iterative post-order (deep cascades must not overflow the stack).
        Map<String, Integer> subtree = new HashMap<>();
        Map<Integer, Integer> breadth = new HashMap<>();
        List<String> order = new ArrayList<>(n);
        Map<String, Integer> depthOf = new HashMap<>();
        List<String> stack = new ArrayList<>(roots);
        for (String root : roots) {
            depthOf.put(root, 0);
        }
        while (!stack.isEmpty()) {
            String id = stack.removeLast();
            if (order.size() > n) {
                break; // a cycle in malformed links: never loop forever
            }
            order.add(id);
            int depth = depthOf.get(id);
            breadth.merge(depth, 1, Integer::sum);
            for (String child : children.getOrDefault(id, List.of())) {
                if (!depthOf.containsKey(child)) {
                    depthOf.put(child, depth + 1);
                    stack.add(child);
                }
            }
        }
        long wiener = 0;
        for (int i = order.size() - 1; i >= 0; i--) {
            String id = order.get(i);
            int size = 1;
            for (String child : children.getOrDefault(id, List.of())) {
                size += subtree.getOrDefault(child, 0);
            }
            subtree.put(id, size);
            if (parents.get(id) != null && parents.containsKey(parents.get(id))) {
                wiener += (long) size * (order.size() - size);
            }
        }
        int reached = order.size();
        int depth = breadth.keySet().stream().mapToInt(Integer::intValue).max().orElse(0);
        int maxBreadth =
                breadth.values().stream().mapToInt(Integer::intValue).max().orElse(0);
        double virality = reached < 2 ? 0 : 2.0 * wiener / ((double) reached * (reached - 1));
        return new TreeShape(reached, depth, maxBreadth, virality);
    }
}
