package dev.ripple.events;

/** How an account engaged with a subject's post without resharing it. */
public enum EngagementKind {
    /** A like (Bluesky {@code app.bsky.feed.like}); with {@code viaUri} it names the share it came through. */
    LIKE
}
