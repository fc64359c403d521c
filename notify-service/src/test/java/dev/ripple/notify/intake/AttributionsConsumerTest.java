package dev.ripple.notify.intake;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.ripple.events.CloudEvents;
import dev.ripple.events.EventJson;
import dev.ripple.events.FollowAttributed;
import dev.ripple.events.InvalidEventException;
import java.io.IOException;
import java.io.InputStream;
import org.junit.jupiter.api.Test;

/** What the consumer checks beyond the contract, on the contract's own saved sample. */
class AttributionsConsumerTest {

    private final FollowAttributed sample = sample();

    @Test
    void acceptsTheContractSample() {
        assertThat(AttributionsConsumer.check(CloudEvents.FOLLOW_ATTRIBUTED, sample.key(), sample))
                .isSameAs(sample);
        assertThat(AttributionsConsumer.check(null, null, sample)).isSameAs(sample);
    }

    @Test
    void namesEveryProblem() {
        FollowAttributed noCascade = new FollowAttributed(
                sample.id(),
                sample.followId(),
                sample.decisionVersion(),
                sample.platform(),
                sample.subject(),
                sample.follower(),
                sample.followedAt(),
                sample.decidedAt(),
                sample.sharer(),
                true,
                sample.tier(),
                sample.confidence(),
                null,
                sample.exposure(),
                sample.path(),
                sample.creditedSharers());

        assertThatThrownBy(() -> AttributionsConsumer.check(CloudEvents.SHARE_OBSERVED, "other", noCascade))
                .isInstanceOf(InvalidEventException.class)
                .satisfies(e -> assertThat(((InvalidEventException) e).problems())
                        .containsExactly(
                                "ce_type 'dev.ripple.share.observed.v1' is not dev.ripple.follow.attributed.v1",
                                "record key 'other' is not the event's key 'mastodon:example.social:sarah'",
                                "cascadeId is missing for a credited sharer"));
    }

    private static FollowAttributed sample() {
        try (InputStream json = FollowAttributed.class.getResourceAsStream("/samples/follow-attributed.json")) {
            if (json == null) {
                throw new IllegalStateException("the events module's samples are not on the test class path");
            }
            return EventJson.decode(json.readAllBytes(), FollowAttributed.class);
        } catch (IOException e) {
            throw new IllegalStateException(e);
        }
    }
}
