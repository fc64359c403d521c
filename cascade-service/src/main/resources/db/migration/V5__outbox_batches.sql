-- The outbox holds one row per engine batch (all the FollowAttributed messages that batch decided, in order) rather
-- than one row per message: a batch of two thousand events writes one outbox row, not thousands.
create table outbox_batch (
    id         bigserial primary key,
    messages   bytea       not null,
    count      int         not null,
    created_at timestamptz not null default now()
);
-- Snapshots are idempotent by content (merging a snapshot twice changes nothing); the per-snapshot log is dropped.
drop table following_snapshot;
