package dev.ripple.notify.policy;

/** What an attribution message means for the sharer's streams, given what was stored before it. */
public enum LedgerAction {
    /** Same or older decision than the one stored: a re-delivery or a reordering; changes nothing. */
    STALE,
    /** The follow is now credited to the sharer and was not before: count it. */
    CREDIT,
    /** Still credited to the sharer in the same stream (a newer decision with the same outcome): count nothing. */
    UNCHANGED,
    /** Still credited to the sharer, but in another stream (another cascade): withdraw there, credit here. */
    MOVE,
    /** No longer credited to the sharer: withdraw it from the stream it was counted in. */
    WITHDRAW,
    /** Not credited, and it never was: nothing to withdraw. */
    IGNORE
}
