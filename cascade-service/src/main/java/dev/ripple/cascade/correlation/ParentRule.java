package dev.ripple.cascade.correlation;

/** How a share's parent in its cascade was decided, strongest evidence first. */
public enum ParentRule {
    /** The platform recorded the share the actor saw ({@code viaUri}, Bluesky {@code via}). */
    EXPLICIT_VIA,
    /** The share re-shares an earlier share ({@code objectUri} is that share's uri). */
    EXPLICIT_OBJECT,
    /** A quote of an earlier share. */
    EXPLICIT_QUOTE,
    /** A reply to an earlier share. */
    EXPLICIT_REPLY,
    /** An earlier share named the actor. */
    MENTION,
    /** The actor follows the author of an earlier share (following snapshots). */
    FOLLOW_GRAPH,
    /** Nothing earlier explains it: the root of a new cascade. */
    ROOT;

    public boolean isExplicit() {
        return this == EXPLICIT_VIA || this == EXPLICIT_OBJECT || this == EXPLICIT_QUOTE || this == EXPLICIT_REPLY;
    }
}
