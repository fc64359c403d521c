package dev.ripple.cascade.correlation;

/** How the follow-graph tier picks among several followed earlier sharers. */
public enum GraphPolicy {
    /** The most recent followed sharer (time-inferred diffusion; Goel et al.). */
    MOST_RECENT,
    /** The first followed sharer (Bakshy et al. "first influence"). */
    FIRST,
    /** The followed sharer with the most followers. */
    MOST_FOLLOWED,
    /** DeVerna et al.'s mix: γ·popularity + (1−γ)·power-law recency. */
    POPULARITY_RECENCY
}
