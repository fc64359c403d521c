-- A cascade whose root gained a parent from a late event is merged into that parent's cascade and keeps its row with
-- merged_into set (the engine's V4, issue 5, adds this column; the same definition here makes this a no-op after it).
-- The API lists only cascades that were not merged and resolves a merged id to the cascade it joined.
alter table cascade add column if not exists merged_into uuid;
