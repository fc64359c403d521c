package dev.ripple.ingest.bluesky;

import dev.ripple.events.RippleEvent;
import dev.ripple.events.ShareObserved;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * Who recently shared each watched account's posts, as seen by any Bluesky path of this instance: the candidates
 * whose share may have exposed a new follower (or a resharer without {@code via}) to the account. Kept for a window
 * (the attribution look-back) and bounded per account, newest kept. Thread-safe.
 */
public final class RecentSharers {

    private final Duration window;
    private final int perSubject;
    private final Map<String, LinkedHashMap<String, Instant>> bySubject = new HashMap<>();

    public RecentSharers(Duration window, int perSubject) {
        this.window = window;
        this.perSubject = perSubject;
    }

    public void record(List<? extends RippleEvent> events) {
        for (RippleEvent event : events) {
            if (event instanceof ShareObserved share && share.actor() != null && share.subject() != null) {
                String sharer = did(share.actor().ref());
                String subject = did(share.subject().ref());
                if (sharer != null && subject != null && !sharer.equals(subject)) {
                    record(subject, sharer, share.occurredAt());
                }
            }
        }
    }

    public synchronized void record(String subject, String sharer, Instant at) {
        LinkedHashMap<String, Instant> sharers = bySubject.computeIfAbsent(subject, ignored -> new LinkedHashMap<>());
        Instant before = sharers.get(sharer);
        // Exposure starts with the first share; a later share by the same account adds nothing new.
        if (before == null || at.isBefore(before)) {
            sharers.put(sharer, at);
        }
        if (sharers.size() > perSubject) {
            String oldest = sharers.entrySet().stream()
                    .min(Map.Entry.comparingByValue())
                    .map(Map.Entry::getKey)
                    .orElseThrow();
            sharers.remove(oldest);
        }
    }

    /** The accounts that shared the subject's posts within the window before {@code at}, newest first. */
    public synchronized List<String> before(String subject, Instant at) {
        LinkedHashMap<String, Instant> sharers = bySubject.get(subject);
        if (sharers == null) {
            return List.of();
        }
        Instant from = at.minus(window);
        sharers.values().removeIf(time -> time.isBefore(from.minus(window)));
        List<Map.Entry<String, Instant>> inWindow = new ArrayList<>();
        for (Map.Entry<String, Instant> entry : sharers.entrySet()) {
            if (!entry.getValue().isBefore(from) && !entry.getValue().isAfter(at)) {
                inWindow.add(entry);
            }
        }
        inWindow.sort(Map.Entry.<String, Instant>comparingByValue(Comparator.reverseOrder()));
        return inWindow.stream().map(Map.Entry::getKey).toList();
    }

    private static String did(String ref) {
        return ref != null && ref.startsWith("bluesky:") ? ref.substring("bluesky:".length()) : null;
    }
}
