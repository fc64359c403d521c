-- cascade-service schema. Flyway owns it: applied files are never edited; changes go in V2__..., V3__...

-- Accounts as last seen: handles change, refs do not.
create table account (
    ref        text primary key,
    platform   text        not null,
    handle     text        not null,
    followers  bigint,
    updated_at timestamptz not null default now()
);

-- One cascade: a tree of shares about one subject account, rooted at a share nothing earlier explains.
create table cascade (
    id                 uuid primary key,
    subject_ref        text        not null,
    root_uri           text        not null,
    root_actor_ref     text        not null,
    platform           text        not null,
    started_at         timestamptz not null,
    last_activity_at   timestamptz not null,
    size               int         not null,
    max_depth          int         not null,
    attributed_follows int         not null default 0,
    updated_at         timestamptz not null default now(),
    unique (subject_ref, root_uri)
);
create index cascade_subject_activity on cascade (subject_ref, last_activity_at desc);

-- A share, placed in a cascade. The natural key (subject, uri) makes re-delivery and repeated observation harmless.
create table share_node (
    subject_ref      text             not null,
    uri              text             not null,
    event_id         text             not null unique,
    platform         text             not null,
    kind             text             not null,
    actor_ref        text             not null,
    actor_followers  bigint,
    object_uri       text,
    via_uri          text,
    mention_refs     text[]           not null default '{}',
    occurred_at      timestamptz      not null,
    cascade_id       uuid             not null references cascade (id),
    parent_uri       text,
    rule             text             not null,
    confidence       double precision not null,
    depth            int              not null,
    decision_version int              not null default 1,
    candidates       jsonb            not null default '[]',
    received_at      timestamptz      not null default now(),
    primary key (subject_ref, uri)
);
create index share_node_cascade on share_node (cascade_id, depth);
create index share_node_subject_time on share_node (subject_ref, occurred_at);

-- A follow of a subject and the current attribution decision (decision_version 0 = not decided yet).
create table follow (
    event_id         text primary key,
    platform         text             not null,
    follower_ref     text             not null,
    followee_ref     text             not null,
    occurred_at      timestamptz      not null,
    via_uri          text,
    decision_version int              not null default 0,
    tier             text,
    confidence       double precision,
    cascade_id       uuid,
    exposure_uri     text,
    exposer_ref      text,
    path             jsonb            not null default '[]',
    credited_refs    text[]           not null default '{}',
    candidates       jsonb            not null default '[]',
    decided_at       timestamptz,
    received_at      timestamptz      not null default now()
);
create index follow_followee_time on follow (followee_ref, occurred_at);
create index follow_follower on follow (follower_ref);
create index follow_cascade on follow (cascade_id) where cascade_id is not null;

-- Following snapshots seen (for idempotency) and the edges they listed. Snapshots can be partial, so an account
-- missing from a later snapshot does not remove the edge: exposure that happened stays history.
create table following_snapshot (
    event_id    text primary key,
    account_ref text        not null,
    observed_at timestamptz not null,
    size        int         not null,
    received_at timestamptz not null default now()
);
create table following_edge (
    account_ref       text        not null,
    followed_ref      text        not null,
    since             timestamptz,
    first_observed_at timestamptz not null,
    last_observed_at  timestamptz not null,
    primary key (account_ref, followed_ref)
);

-- Transactional outbox: FollowAttributed messages committed with the decisions that caused them, published by the
-- relay and then deleted.
create table attribution_outbox (
    id          bigserial primary key,
    event_id    text        not null unique,
    topic       text        not null,
    message_key text        not null,
    event_type  text        not null,
    event_time  timestamptz not null,
    payload     bytea       not null,
    created_at  timestamptz not null default now()
);
