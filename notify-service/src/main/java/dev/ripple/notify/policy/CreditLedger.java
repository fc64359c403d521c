package dev.ripple.notify.policy;

/**
 * Makes consumption idempotent: each attribution decision about one (follow, sharer) pair is applied at most once,
 * and only when it is newer than what is stored.
 */
public final class CreditLedger {

    private CreditLedger() {}

    /**
     * Classifies a decision.
     *
     * @param prior what is stored for the pair, or null when nothing is
     * @param decisionVersion the decision's version
     * @param credited whether the decision credits the sharer
     * @param stream the stream the decision credits the follow to (ignored when not credited)
     */
    public static LedgerAction classify(PriorCredit prior, int decisionVersion, boolean credited, StreamKey stream) {
        if (prior != null && decisionVersion <= prior.decisionVersion()) {
            return LedgerAction.STALE;
        }
        boolean counted = prior != null && prior.credited() && prior.stream() != null;
        if (credited) {
            if (!counted) {
                return LedgerAction.CREDIT;
            }
            return prior.stream().equals(stream) ? LedgerAction.UNCHANGED : LedgerAction.MOVE;
        }
        return counted ? LedgerAction.WITHDRAW : LedgerAction.IGNORE;
    }
}
