package dev.ripple.cascade.query;

import java.util.UUID;

/**
 * A position in a sorted cascade list: the sort key and id of the last row of the previous page. The next page holds
 * the rows strictly after it in (key desc, id desc) order, so rows inserted meanwhile never shift or repeat a page.
 *
 * @param key the sort column's value: an {@link java.time.Instant} (RECENT), an {@link Integer} (SIZE, FOLLOWS) or a
 *     {@link Double} (VIRALITY)
 */
public record Keyset(Object key, UUID id) {}
