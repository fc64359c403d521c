-- Indexes for the REST API's read side (issue 6): each serves a filter or an order of docs/api.md; the figures they
-- give at 1 million shares are in docs/benchmarks.md ("Cascade API query latency").

-- GET /cascades in each order: keyset pagination walks one of these backwards
-- ((key, id) < (:key, :id) order by key desc, id desc); from/to are a range of cascade_recent.
create index cascade_recent on cascade (last_activity_at, id);
create index cascade_size on cascade (size, id);
create index cascade_follows on cascade (attributed_follows, id);
create index cascade_virality on cascade (structural_virality, id);

-- GET /cascades?subject=… in each order (a popular subject has tens of thousands of cascades).
create index cascade_subject_recent on cascade (subject_ref, last_activity_at, id);
create index cascade_subject_size on cascade (subject_ref, size, id);
create index cascade_subject_follows on cascade (subject_ref, attributed_follows, id);
create index cascade_subject_virality on cascade (subject_ref, structural_virality, id);

-- GET /accounts/{ref}/impact: cascades an account started.
create index cascade_root_actor on cascade (root_actor_ref);

-- GET /cascades?sharer=… and impact: the cascades and shares of an account.
create index share_node_actor_cascade on share_node (actor_ref, cascade_id);

-- impact: the follows that credit an account (credited_refs @> array[ref]).
create index follow_credited on follow using gin (credited_refs);

-- One cascade's attributed follows (node sizes, credits, timeline) read from the index alone.
create index follow_cascade_credited on follow (cascade_id, exposure_uri, occurred_at)
    include (credited_refs, exposer_ref)
    where cardinality(credited_refs) > 0;

-- A subject's follows: counts by outcome and tier and its bridges, in one pass over this index alone (a popular
-- subject has tens of thousands of follows; no heap visits).
create index follow_followee_outcome on follow (followee_ref, occurred_at)
    include (decision_version, tier, credited_refs, exposer_ref, confidence, cascade_id);
-- GET /cascades?subject=…: the subject's follow counts as three narrow index-only counts (total on the V1 index).
create index follow_followee_attributed on follow (followee_ref) where cardinality(credited_refs) > 0;
create index follow_followee_undecided on follow (followee_ref) where decision_version = 0;
