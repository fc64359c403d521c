package dev.ripple.events;

/** How a share exposed its audience to the subject account. */
public enum ShareKind {
    /** A post naming the subject. */
    MENTION,
    /** A boost or repost. */
    RESHARE,
    /** A quote post. */
    QUOTE,
    /** A reply. */
    REPLY
}
