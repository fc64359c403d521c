package dev.ripple.ingest.mastodon;

import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.time.Duration;
import org.junit.jupiter.api.Test;

class MastodonSettingsTest {

    @Test
    void everyBadSettingIsNamedWithItsEnvironmentVariable() {
        TestSettings settings = new TestSettings();
        settings.pollInterval = Duration.ZERO;
        settings.pageLimit = 200;
        settings.rateLimitShare = 1.5;
        settings.exposureBudget = -1;
        assertThatThrownBy(settings::build)
                .isInstanceOf(IllegalArgumentException.class)
                .hasMessageContaining("ripple.mastodon.poll-interval (RIPPLE_MASTODON_POLL_INTERVAL)")
                .hasMessageContaining(
                        "ripple.mastodon.page-limit (RIPPLE_MASTODON_PAGE_LIMIT) must be between 1 and 80")
                .hasMessageContaining("ripple.mastodon.rate-limit-share (RIPPLE_MASTODON_RATE_LIMIT_SHARE)")
                .hasMessageContaining("ripple.mastodon.exposure-budget (RIPPLE_MASTODON_EXPOSURE_BUDGET)");
    }

    @Test
    void theMaximumIntervalMayNotBeShorterThanTheMinimum() {
        TestSettings settings = new TestSettings();
        settings.maxPollInterval = Duration.ofMillis(50);
        assertThatThrownBy(settings::build)
                .hasMessageContaining("RIPPLE_MASTODON_MAX_POLL_INTERVAL) must not be shorter");
    }

    @Test
    void theDefaultsAreValid() {
        MastodonSettings.defaults();
    }
}
