-- Shares deleted on their platform. A deleted share keeps its node, its place in the cascade and every decision made
-- through it (the exposure it caused happened); this table only says that, and when, it was deleted. Kept apart from
-- share_node so that a delete arriving before its share is kept too, and the share write path is untouched.
create table share_deletion (
    subject_ref text        not null,
    uri         text        not null,
    event_id    text        not null,
    deleted_at  timestamptz not null,
    received_at timestamptz not null default now(),
    primary key (subject_ref, uri)
);
