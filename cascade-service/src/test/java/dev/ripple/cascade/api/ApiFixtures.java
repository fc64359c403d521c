package dev.ripple.cascade.api;

import dev.ripple.cascade.query.CascadeQueries.ShareRow;
import dev.ripple.cascade.query.CascadeRow;
import java.time.Instant;
import java.util.UUID;

/** Rows as the query classes return them, for the web slice tests. */
final class ApiFixtures {

    static final String AUTHOR = "mastodon:x:author";
    static final String SARAH = "mastodon:x:sarah";
    static final String JULIEN = "mastodon:x:julien";
    static final String CHRIS = "mastodon:x:chris";
    static final Instant T0 = Instant.parse("2026-01-01T00:00:00Z");

    private ApiFixtures() {}

    static CascadeRow cascade(UUID id, int size) {
        return new CascadeRow(
                id,
                AUTHOR,
                "mastodon",
                "https://x/@sarah/1",
                SARAH,
                size,
                2,
                2,
                1.5,
                56,
                0,
                56,
                T0,
                T0.plusSeconds(3600),
                T0.plusSeconds(86_400),
                T0.plusSeconds(86_400));
    }

    static ShareRow share(String uri, String actor, String parent, int depth, long second) {
        return new ShareRow(
                uri,
                actor,
                "RESHARE",
                parent,
                parent == null ? "ROOT" : "EXPLICIT_OBJECT",
                parent == null ? 1.0 : 0.99,
                depth,
                T0.plusSeconds(second),
                null,
                null);
    }

    static ShareRow share(String uri, String actor, String parent, int depth, long second, String candidates) {
        ShareRow row = share(uri, actor, parent, depth, second);
        return new ShareRow(
                row.uri(),
                row.actorRef(),
                row.kind(),
                row.parentUri(),
                row.rule(),
                row.confidence(),
                row.depth(),
                row.occurredAt(),
                row.deletedAt(),
                candidates);
    }
}
