package dev.ripple.events;

/**
 * Why a follow was attributed as it was, strongest evidence first (tiers F0–F4 of docs/attribution).
 */
public enum AttributionTier {
    /** F0: the platform recorded the follow's origin (a Bluesky starter pack); never credited to a sharer. */
    EXPLICIT,
    /** F1: the follower engaged (reshared, quoted, replied, liked) with a node of the subject's cascade. */
    ENGAGED,
    /** F2: a share in the subject's cascade named the follower. */
    MENTIONED,
    /** F3: the follower follows a sharer whose share in the cascade preceded the follow. */
    GRAPH_EXPOSED,
    /** F4: no individual exposure, but inside a follow burst after a cascade: cascade-level credit only. */
    BURST,
    /** No exposure found (organic, search, recommendation): said honestly, not guessed. */
    UNATTRIBUTED
}
