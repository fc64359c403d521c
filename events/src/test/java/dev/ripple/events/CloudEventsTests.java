package dev.ripple.events;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.charset.StandardCharsets;
import org.junit.jupiter.api.Test;

class CloudEventsTests {

    @Test
    void binaryModeHeadersCarryTheRequiredAttributes() throws Exception {
        FollowObserved follow = EventJson.decode(EventJsonTests.sample("follow-observed.json"), FollowObserved.class);

        assertThat(CloudEvents.headers(follow, "/ripple/ingest/replay"))
                .containsEntry("ce_specversion", "1.0")
                .containsEntry("ce_id", "seed-f-007")
                .containsEntry("ce_type", "dev.ripple.follow.observed.v1")
                .containsEntry("ce_source", "/ripple/ingest/replay")
                .containsEntry("ce_time", "2009-09-18T15:20:30.400Z")
                .containsEntry("ce_subject", "mastodon:example.social:author")
                .containsEntry("content-type", "application/json");
    }

    @Test
    void typesMapBothWays() throws Exception {
        for (String sample : new String[] {
            "share-observed.json", "follow-observed.json", "following-observed.json", "follow-attributed.json"
        }) {
            for (Class<? extends RippleEvent> type : new Class[] {
                ShareObserved.class,
                FollowObserved.class,
                FollowingObserved.class,
                FollowAttributed.class,
                EngagementObserved.class
            }) {
                if (sample.startsWith(type.getSimpleName()
                        .replaceAll("([a-z])([A-Z])", "$1-$2")
                        .toLowerCase())) {
                    RippleEvent event = EventJson.decode(EventJsonTests.sample(sample), type);
                    assertThat(CloudEvents.classOf(CloudEvents.typeOf(event))).isEqualTo(type);
                    assertThat(Topics.of(event)).startsWith("ripple.").endsWith(".v1");
                }
            }
        }
        assertThat(CloudEvents.classOf("dev.ripple.unknown.v9")).isNull();
    }

    @Test
    void headerValuesAreReadFromBytesOrStrings() {
        assertThat(CloudEvents.string("x".getBytes(StandardCharsets.UTF_8))).isEqualTo("x");
        assertThat(CloudEvents.string("y")).isEqualTo("y");
        assertThat(CloudEvents.string(null)).isNull();
    }
}
