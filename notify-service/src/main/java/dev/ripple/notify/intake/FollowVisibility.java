package dev.ripple.notify.intake;

import dev.ripple.events.FollowAttributed;
import java.util.Locale;
import java.util.Set;
import java.util.stream.Collectors;
import org.springframework.beans.factory.annotation.Value;
import org.springframework.stereotype.Component;

/**
 * Whether an alert may name a follower: only when their follow is public. The attribution contract carries no
 * per-follow visibility yet, so this is decided per platform ({@code ripple.notify.public-follow-platforms}): on
 * Bluesky every follow is a public record; on Mastodon the follows Ripple sees come from public follower lists. A
 * platform not listed never has its followers named.
 */
@Component
class FollowVisibility {

    private final Set<String> publicPlatforms;

    FollowVisibility(@Value("${ripple.notify.public-follow-platforms:bluesky,mastodon}") String platforms) {
        this.publicPlatforms = Set.of(platforms.split(",")).stream()
                .map(String::strip)
                .filter(p -> !p.isEmpty())
                .map(p -> p.toLowerCase(Locale.ROOT))
                .collect(Collectors.toUnmodifiableSet());
    }

    boolean nameable(FollowAttributed event) {
        return event.platform() != null
                && publicPlatforms.contains(event.platform().toLowerCase(Locale.ROOT));
    }
}
