-- Engagements (likes) with the subject's content: exposure evidence for a later follow by the same account
-- (tier F1, "engaged"); never shares, never nodes.
create table engagement (
    event_id     text primary key,
    subject_ref  text        not null,
    actor_ref    text        not null,
    object_uri   text,
    exposure_uri text,
    occurred_at  timestamptz not null,
    received_at  timestamptz not null default now()
);
create index engagement_subject_actor on engagement (subject_ref, actor_ref, occurred_at);
