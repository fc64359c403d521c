package dev.ripple.notify.policy;

import static org.assertj.core.api.Assertions.assertThat;

import org.junit.jupiter.api.Test;

class CreditLedgerTest {

    private static final StreamKey HERE = new StreamKey("m:x:sarah", "m:x:author", "cascade-1");
    private static final StreamKey ELSEWHERE = new StreamKey("m:x:sarah", "m:x:author", "cascade-2");

    @Test
    void firstCreditCounts() {
        assertThat(CreditLedger.classify(null, 1, true, HERE)).isEqualTo(LedgerAction.CREDIT);
    }

    @Test
    void redeliveryOfTheSameDecisionIsStale() {
        assertThat(CreditLedger.classify(new PriorCredit(1, true, HERE), 1, true, HERE))
                .isEqualTo(LedgerAction.STALE);
    }

    @Test
    void olderDecisionIsStale() {
        assertThat(CreditLedger.classify(new PriorCredit(3, false, HERE), 2, true, HERE))
                .isEqualTo(LedgerAction.STALE);
    }

    @Test
    void newerDecisionWithTheSameOutcomeCountsNothing() {
        assertThat(CreditLedger.classify(new PriorCredit(1, true, HERE), 2, true, HERE))
                .isEqualTo(LedgerAction.UNCHANGED);
    }

    @Test
    void withdrawalOfACountedCredit() {
        assertThat(CreditLedger.classify(new PriorCredit(1, true, HERE), 2, false, null))
                .isEqualTo(LedgerAction.WITHDRAW);
    }

    @Test
    void withdrawalOfSomethingNeverCountedIsIgnored() {
        assertThat(CreditLedger.classify(null, 2, false, null)).isEqualTo(LedgerAction.IGNORE);
        assertThat(CreditLedger.classify(new PriorCredit(2, false, HERE), 3, false, null))
                .isEqualTo(LedgerAction.IGNORE);
    }

    @Test
    void creditAgainAfterAWithdrawalCountsAgain() {
        assertThat(CreditLedger.classify(new PriorCredit(2, false, HERE), 3, true, HERE))
                .isEqualTo(LedgerAction.CREDIT);
    }

    @Test
    void creditInAnotherCascadeMovesIt() {
        assertThat(CreditLedger.classify(new PriorCredit(1, true, HERE), 2, true, ELSEWHERE))
                .isEqualTo(LedgerAction.MOVE);
    }
}
