-- The engine keeps each subject's state in memory, rebuilt from these tables on a cache miss.

-- Per subject: the event-time watermark and a version bumped by every batch that changes the subject, so that an
-- instance can tell whether its cached state is still current (another instance may have changed it). Locking this
-- row serialises work on one subject across instances.
create table subject_state (
    subject_ref text primary key,
    watermark   timestamptz,
    version     bigint      not null default 0,
    updated_at  timestamptz not null default now()
);
insert into subject_state (subject_ref, watermark, version)
select subject_ref, max(at), 1
  from (select subject_ref, occurred_at as at from share_node
        union all
        select followee_ref, occurred_at from follow) events
 group by subject_ref;

-- Whom each account follows, one row per account (a snapshot rewrites one row, not one row per followed account):
-- {"<followed ref>": ["<since or null>", "<first observed>"], ...}. Version as above, for the edge caches.
create table account_follows (
    account_ref text primary key,
    follows     jsonb       not null,
    version     bigint      not null default 1,
    updated_at  timestamptz not null default now()
);
insert into account_follows (account_ref, follows)
select account_ref, jsonb_object_agg(followed_ref, jsonb_build_array(since, first_observed_at))
  from following_edge
 group by account_ref;
drop table following_edge;

-- A cascade whose root gained a parent from a late event joins that parent's cascade; the old id stays resolvable.
alter table cascade add column merged_into uuid;

-- Where an account's snapshots are evidence: the subjects it shared in.
create index share_node_actor on share_node (actor_ref, occurred_at);

-- Denormalised handles: the decision messages and the API show them without a join per row.
alter table share_node add column actor_handle text;
alter table follow add column follower_handle text;
alter table follow add column features jsonb;
