package dev.ripple.notify.intake;

import dev.ripple.notify.policy.PriorCredit;

/** The stored decision for one (follow, sharer) pair, and the id of the stream it is counted in. */
record StoredCredit(PriorCredit prior, Long streamId) {}
