-- test/report_model.sql: the segmentation model the report reads
-- (tools/report_html, tools/report_text), over the input views of seg_input
-- (test/report_views.sql, or test/report_cases.sql's tables), as of
-- 2026-06-30, the sample warehouse's date.  Run after those:
--
--   psql -f test/report_views.sql -f test/report_model.sql
--
-- Optional psql variables: model (the model's schema, default seg) and
-- as_of (default 2026-06-30).  The rules' as_of defaults to refresh_date
-- (today): the model is created, its as_of rule set, and refreshed.  Prints
-- one line, the refresh's.
\if :{?model}
\else
\set model seg
\endif
\if :{?as_of}
\else
\set as_of 2026-06-30
\endif
SELECT segmentation_model_create(:'model') AS created \gset
UPDATE :"model".rules SET value = :'as_of' WHERE rule = 'as_of';
SELECT segmentation_model_refresh(:'model', concurrently => false);
