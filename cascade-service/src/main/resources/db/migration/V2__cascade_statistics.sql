-- Per-cascade statistics kept current by the engine: shape (breadth, structural virality) and follows split into
-- those the root share exposed directly and those that came through later shares.
alter table cascade
    add column max_breadth         int              not null default 1,
    add column structural_virality double precision not null default 0,
    add column direct_follows      int              not null default 0,
    add column downstream_follows  int              not null default 0,
    add column first_follow_at     timestamptz;
