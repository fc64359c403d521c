-- Indexes for the REST API's read side (issue 6): each serves a filter or an order of docs/api.md, measured in
-- docs/benchmarks.md ("Cascade API query latency").

-- GET /cascades sorted by recency, size, attributed follows or structural virality: keyset pagination walks one of
-- these backwards ((key, id) < (:key, :id) order by key desc, id desc).
create index cascade_recent on cascade (last_activity_at, id);
create index cascade_size on cascade (size, id);
create index cascade_follows on cascade (attributed_follows, id);
create index cascade_virality on cascade (structural_virality, id);

-- GET /cascades?subject=… in any order, and its keyset on recency.
create index cascade_subject_recent on cascade (subject_ref, last_activity_at, id);

-- GET /accounts/{ref}/impact: cascades an account started.
create index cascade_root_actor on cascade (root_actor_ref);

-- GET /cascades?sharer=… and impact: the cascades and shares of an account.
create index share_node_actor on share_node (actor_ref, cascade_id);

-- impact: the follows that credit an account (credited_refs @> array[ref]).
create index follow_credited on follow using gin (credited_refs);

-- A cascade's follows per exposing share (node sizes, direct/downstream) without reading every follow row.
create index follow_cascade_exposure on follow (cascade_id, exposure_uri, occurred_at)
    where cardinality(credited_refs) > 0;
