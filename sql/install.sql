-- CREATE EXTENSION in any schema: the install script is search_path-safe

DROP EXTENSION customer_seg;
CREATE SCHEMA seg;
CREATE SCHEMA elsewhere;
SET search_path = elsewhere;
CREATE EXTENSION customer_seg SCHEMA seg;
SELECT seg.net_value(100, 30), seg.economic_profit(100, 30, expected_loss => 5);
SELECT n.nspname, count(*) > 2 AS has_functions
FROM pg_proc p JOIN pg_namespace n ON n.oid = p.pronamespace
JOIN pg_depend d ON d.objid = p.oid AND d.deptype = 'e'
JOIN pg_extension e ON e.oid = d.refobjid AND e.extname = 'customer_seg'
GROUP BY 1;
-- every function of the extension carries a comment
SELECT p.oid::regprocedure AS uncommented
FROM pg_proc p JOIN pg_depend d ON d.objid = p.oid AND d.deptype = 'e'
JOIN pg_extension e ON e.oid = d.refobjid AND e.extname = 'customer_seg'
WHERE obj_description(p.oid, 'pg_proc') IS NULL;
-- and every function is PARALLEL SAFE, except the four of the segmentation
-- model that run DDL (VOLATILE, PARALLEL UNSAFE: docs/model.md) and
-- value_cutoffs_bounded, which runs queries (docs/tiers.md)
SELECT p.oid::regprocedure AS not_parallel_safe
FROM pg_proc p JOIN pg_depend d ON d.objid = p.oid AND d.deptype = 'e'
JOIN pg_extension e ON e.oid = d.refobjid AND e.extname = 'customer_seg'
WHERE p.proparallel <> 's'
  AND p.proname NOT IN ('segmentation_model_create', 'segmentation_model_refresh', 'segmentation_model_drop', 'segmentation_rules',
                        'value_cutoffs_bounded');
-- which are exactly these, run as the caller
SELECT p.oid::regprocedure AS runs_ddl, p.provolatile, p.proparallel, p.prosecdef
FROM pg_proc p JOIN pg_depend d ON d.objid = p.oid AND d.deptype = 'e'
JOIN pg_extension e ON e.oid = d.refobjid AND e.extname = 'customer_seg'
WHERE p.proparallel <> 's' ORDER BY p.oid::regprocedure::text;
DROP EXTENSION customer_seg;
RESET search_path;
DROP SCHEMA seg, elsewhere;
CREATE EXTENSION customer_seg;
