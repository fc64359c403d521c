-- Which model made each decision, so decisions made by different algorithm or calibration versions can be told
-- apart, re-scored and explained.
alter table share_node
    add column model_version text not null default 'rules-v1';
alter table follow
    add column model_version text;
