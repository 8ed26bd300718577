-- model: the segmentation model (segmentation_model_create, _refresh, _drop,
-- segmentation_rules, segmentation_rule_check; sql/customer_seg--0.3.0--0.3.1.sql)
-- over a small warehouse of hand-made customers and generated ones.
\set ECHO none
\i test/regress_helpers.sql
\set ECHO all
\pset null '~'
SET datestyle = ISO;

-- The input: tables in model_data, views named as the input contract in
-- model_in.  Customers 1-8 are hand-made, 101-140 generated.
CREATE SCHEMA model_data;
CREATE TABLE model_data.customer (id int PRIMARY KEY, opened date, assets numeric, discount numeric,
                                  referrals int, net numeric, risk_score int);
CREATE TABLE model_data.trade (customer_id int, trade_date date, amount numeric, commission numeric);
CREATE TABLE model_data.invoice (customer_id int, invoice_date date, due_date date, paid_date date, amount numeric);
INSERT INTO model_data.customer VALUES
 (1, '2020-01-01', 100000, 0.10, 1, 500.00, 50),    -- everything known
 (2, '2021-06-01', 50000, 0.05, 0, NULL, 20),       -- no net value
 (3, '2022-03-15', 80000, NULL, 2, 120.00, 80),     -- no discount
 (4, '2019-05-01', 300000, 0.00, 0, -40.00, NULL),  -- never traded, large assets, no risk score
 (5, '2023-01-01', 20000, 0.20, 3, 75.00, 10),      -- no invoice
 (6, '2024-02-01', 10000, 0.15, 0, 10.00, 30),      -- a credit note
 (7, '2026-08-01', 5000, 0.10, 0, 30.00, 40),       -- opened after the as-of date
 (8, '2018-01-01', 1000000000, 0.10, 0, 900.00, 60); -- one small trade: huge holding
INSERT INTO model_data.trade VALUES
 (1, '2026-06-20', 10000, 25.00), (1, '2026-03-10', -10000, 25.00),
 (1, '2025-06-30', 5000, 10.00),   -- exactly 365 days before: outside the window
 (2, '2026-01-15', 2000, 5.00), (3, '2026-05-01', 8000, 12.00),
 (4, '2024-01-10', 50000, 80.00),  -- before the window: last trade, but no lookback trade
 (5, '2026-06-29', 3000, 4.00), (6, '2025-12-01', 1000, 2.00),
 (6, '2026-07-15', 1000, 2.00),    -- after the as-of date: ignored
 (8, '2026-02-01', 100, 1.00);
INSERT INTO model_data.invoice VALUES
 (1, '2026-01-10', '2026-02-09', '2026-02-01', 1000.00),  -- paid on time
 (1, '2026-04-01', '2026-05-01', NULL, 2000.00),          -- open, 60 days past due
 (2, '2025-10-01', '2025-10-31', '2026-05-29', 500.00),   -- paid 210 days late
 (3, '2026-06-01', '2026-07-01', NULL, 300.00),           -- open, not yet due
 (4, '2025-11-01', '2025-12-01', '2026-07-10', 15000.00), -- paid after the as-of date: open, 211 days past due
 (6, '2026-05-01', '2026-05-31', NULL, 800.00),           -- open, 30 days past due
 (6, '2026-05-20', '2026-05-20', NULL, -200.00),          -- a credit note
 (8, '2026-06-15', NULL, NULL, 100.00),                   -- no due date
 (7, '2026-08-05', '2026-09-04', NULL, 100.00);           -- after the as-of date: not counted
INSERT INTO model_data.customer
SELECT g, DATE '2018-01-01' + (g - 100) * 37, 10000 + g * 1000, (g % 5) / 20.0, g % 4, (g * 37 % 101) - 40, g % 100
FROM generate_series(101, 140) g;
INSERT INTO model_data.trade
SELECT 100 + (g % 40) + 1, DATE '2026-06-30' - (g * 13 % 400), 5000 * (1 + g % 9) * (1 + g % 4), round(g / 7.0, 2)
FROM generate_series(1, 200) g;
INSERT INTO model_data.invoice
SELECT 100 + (g % 40) + 1, DATE '2025-06-01' + g * 3, DATE '2025-06-01' + g * 3 + 30,
       CASE WHEN g % 3 <> 0 THEN DATE '2025-06-01' + g * 3 + (g * 7 % 90) END, round(100 + g, 2)
FROM generate_series(1, 120) g;
CREATE SCHEMA model_in;
CREATE VIEW model_in.customers AS
SELECT id AS customer_id, opened, assets, discount, referrals, net, risk_score / 100.0 AS risky_share
FROM model_data.customer;
CREATE VIEW model_in.trades AS SELECT customer_id, trade_date, amount, commission FROM model_data.trade;
CREATE VIEW model_in.invoices AS SELECT customer_id, invoice_date, due_date, paid_date, amount FROM model_data.invoice;

-- the rules and their defaults, without a model
SELECT * FROM segmentation_rules(NULL);

-- create: the as-of date is the day of the refresh until the rule says
-- otherwise, so the first line names today; fix it and refresh
SELECT segmentation_model_create('model', 'model_in') LIKE 'model.customer_segments: 48 customers as of %' AS created;
UPDATE model.rules SET value = '2026-06-30' WHERE rule = 'as_of';
SELECT segmentation_model_refresh('model');
SELECT rule, value FROM segmentation_rules('model') WHERE value <> default_value;

-- what the model made
SELECT c.relname, c.relkind, obj_description(c.oid, 'pg_class') IS NOT NULL AS commented
FROM pg_class c WHERE c.relnamespace = 'model'::regnamespace ORDER BY 1;
SELECT attnum, attname, format_type(atttypid, atttypmod) AS type
FROM pg_attribute WHERE attrelid = 'model.customer_segments'::regclass AND attnum > 0 ORDER BY attnum;

-- exactly one row per input customer
SELECT (SELECT count(*) FROM model.customer_segments) AS segments,
       (SELECT count(DISTINCT customer_id) FROM model.customer_segments) AS distinct_customers,
       (SELECT count(*) FROM model_in.customers) AS input_customers;

-- the hand-made customers, column by column
\x on
SELECT * FROM model.customer_segments WHERE customer_id <= 8 ORDER BY customer_id;
\x off

-- every customer: the reasons why a classification has no value
SELECT excluded_from, count(*) FROM model.customer_segments GROUP BY 1 ORDER BY 1;
-- a classification without a value always has its reason (zero rows = pass)
SELECT customer_id FROM model.customer_segments
WHERE (value_tier IS NULL) <> (excluded_from::text ~ 'value_tier:|opened after')
   OR (loyalty_tier IS NULL) <> (excluded_from::text ~ 'loyalty:|opened after')
   OR (rfm_r IS NULL) <> (excluded_from::text ~ 'rfm:|opened after')
   OR (holding_style IS NULL) <> (excluded_from::text ~ 'holding:|opened after')
   OR (risk_appetite IS NULL) <> (excluded_from::text ~ 'risk:|opened after')
   OR (credit_grade IS NULL) <> (excluded_from::text ~ 'payment:|opened after');

-- the summary views
SELECT * FROM model.population;
-- the counts add up (zero rows = pass)
SELECT classification FROM model.population
WHERE customers <> (SELECT count(*) FROM model.customer_segments) OR with_value + without_value <> customers
   OR without_value <> (SELECT coalesce(sum(v::int8), 0) FROM jsonb_each_text(reasons) r(k, v));
SELECT * FROM model.tier_summary;
SELECT * FROM model.aging_summary WHERE amount <> 0;
SELECT * FROM model.rfm_summary;
SELECT * FROM model.collection_kpis;

-- changing a rule and refreshing changes the result: a 30-day lookback
-- leaves customers 1 and 5 only one trade each, and few with any
SELECT count(*) FILTER (WHERE trades > 0) AS traded, sum(trades) AS trades FROM model.customer_segments;
UPDATE model.rules SET value = '30' WHERE rule = 'lookback_days';
SELECT segmentation_model_refresh('model');
SELECT count(*) FILTER (WHERE trades > 0) AS traded, sum(trades) AS trades FROM model.customer_segments;
SELECT customer_id, trades, commission, excluded_from FROM model.customer_segments WHERE customer_id IN (1, 5) ORDER BY 1;
UPDATE model.rules SET value = '365' WHERE rule = 'lookback_days';
-- other shares: 46 customers are ranked (not 2, without a net value, nor
-- 7, opened after the as-of date); 5% made ceil(2.3) = 3 VIPs, 20% makes
-- ceil(9.2) = 10, and 50% ceil(23) = 23 VIP or important
UPDATE model.rules SET value = '{0.2,0.5}' WHERE rule = 'value_shares';
SELECT segmentation_model_refresh('model', concurrently => false);
SELECT value_tier, customers FROM model.tier_summary;
UPDATE model.rules SET value = '{0.05,0.2}' WHERE rule = 'value_shares';

-- an invalid value is refused when it is written (22023, rule, value, hint)
SELECT pg_temp.expect_error($$UPDATE model.rules SET value = '{0.2,0.05}' WHERE rule = 'value_shares'$$);
SELECT pg_temp.expect_error($$UPDATE model.rules SET value = '0' WHERE rule = 'rfm_bins'$$);
SELECT pg_temp.expect_error($$UPDATE model.rules SET value = 'zero' WHERE rule = 'lookback_days'$$);
SELECT pg_temp.expect_error($$UPDATE model.rules SET value = '0' WHERE rule = 'dormancy_days'$$);
SELECT pg_temp.expect_error($$UPDATE model.rules SET value = '2026-02-30' WHERE rule = 'as_of'$$);
SELECT pg_temp.expect_error($$UPDATE model.rules SET value = 'yesterday' WHERE rule = 'as_of'$$);
SELECT pg_temp.expect_error($$UPDATE model.rules SET value = 'kmeans' WHERE rule = 'rfm_method'$$);
SELECT pg_temp.expect_error($$UPDATE model.rules SET value = '{0.3,0.25,0.2}' WHERE rule = 'loyalty_weights'$$);
SELECT pg_temp.expect_error($$UPDATE model.rules SET value = '{30,60}' WHERE rule = 'risk_appetite_boundaries'$$);
SELECT pg_temp.expect_error($$UPDATE model.rules SET value = '{0,30,30}' WHERE rule = 'aging_boundaries'$$);
SELECT pg_temp.expect_error($$UPDATE model.rules SET value = '{150,60,240}' WHERE rule = 'grade_limits'$$);
SELECT pg_temp.expect_error($$UPDATE model.rules SET value = '-1' WHERE rule = 'large_amount'$$);
SELECT pg_temp.expect_error($$UPDATE model.rules SET value = NULL WHERE rule = 'legal_days'$$);
SELECT pg_temp.expect_error($$INSERT INTO model.rules VALUES ('vip_share', '0.05', 'a rule that does not exist')$$);
-- the message in full (the detail says what the check found)
\set VERBOSITY default
UPDATE model.rules SET value = '{0.2,0.05}' WHERE rule = 'value_shares';
-- segmentation_rule_check alone
SELECT r.rule, segmentation_rule_check(r.rule, r.default_value) AS default_is_valid
FROM segmentation_rules(NULL) r ORDER BY 1;
SELECT segmentation_rule_check('as_of', 'refresh_date') AS refresh_date, segmentation_rule_check('as_of', '2026-03-31') AS a_date,
       segmentation_rule_check('rfm_bins', NULL) AS null_value;

-- create twice: the views are replaced, the analyst's rules are kept, and
-- a rule missing from the table comes back with its default
UPDATE model.rules SET value = '90' WHERE rule = 'dormancy_days';
DELETE FROM model.rules WHERE rule = 'collection_step_days';
SELECT segmentation_model_create('model', 'model_in');
SELECT rule, value FROM model.rules WHERE rule IN ('as_of', 'dormancy_days', 'collection_step_days') ORDER BY 1;
SELECT count(*) FILTER (WHERE dormant) AS dormant FROM model.customer_segments;
UPDATE model.rules SET value = '180' WHERE rule = 'dormancy_days';

-- a view of the analyst's own over the model: refresh keeps it; create
-- refuses to drop it, and says what to do
CREATE VIEW public.my_vips AS SELECT customer_id FROM model.customer_segments WHERE value_tier = 'vip';
SELECT segmentation_model_refresh('model');
SELECT pg_temp.expect_error($$SELECT segmentation_model_create('model', 'model_in')$$);
DROP VIEW public.my_vips;

-- REFRESH ... CONCURRENTLY needs a populated view: an unpopulated one is
-- refreshed plainly
REFRESH MATERIALIZED VIEW model.customer_segments WITH NO DATA;
SELECT segmentation_model_refresh('model');
SELECT count(*) FROM model.customer_segments;

-- the input contract is checked first
CREATE SCHEMA model_bad;
CREATE VIEW model_bad.customers AS SELECT customer_id, opened, assets, discount, referrals, net FROM model_in.customers;
CREATE VIEW model_bad.trades AS SELECT * FROM model_in.trades;
SELECT pg_temp.expect_error($$SELECT segmentation_model_create('model2', 'model_bad')$$);
\set VERBOSITY default
SELECT segmentation_model_create('model2', 'model_bad');
SELECT to_regnamespace('model2') AS model2_schema;
DROP SCHEMA model_bad CASCADE;
-- NULL arguments, and a schema without a model
SELECT pg_temp.expect_error($$SELECT segmentation_model_create(NULL)$$);
SELECT pg_temp.expect_error($$SELECT segmentation_model_refresh('model', NULL)$$);
SELECT pg_temp.expect_error($$SELECT segmentation_model_refresh('nowhere')$$);
SELECT pg_temp.expect_error($$SELECT * FROM segmentation_rules('nowhere')$$);
SELECT segmentation_model_drop('nowhere');

-- whatever the search_path: the model's SQL names the extension's schema
SET search_path = pg_catalog;
SELECT public.segmentation_model_refresh('model', false);
RESET search_path;

-- hostile names are quoted: a schema named like an injection, an input
-- schema with a space and quotes
CREATE TABLE public.y (x int);
CREATE SCHEMA "my ""input"" schema";
CREATE VIEW "my ""input"" schema".customers AS SELECT * FROM model_in.customers;
CREATE VIEW "my ""input"" schema".trades AS SELECT * FROM model_in.trades;
CREATE VIEW "my ""input"" schema".invoices AS SELECT * FROM model_in.invoices;
SELECT segmentation_model_create($$x"; DROP TABLE y; --$$, 'my "input" schema') LIKE '"x""; DROP TABLE y; --".customer_segments: 48 customers as of %' AS created;
UPDATE "x""; DROP TABLE y; --".rules SET value = '2026-06-30' WHERE rule = 'as_of';
SELECT segmentation_model_refresh($$x"; DROP TABLE y; --$$);
SELECT to_regclass('public.y') AS y_still_there;
-- the same rows as the model over model_in (zero rows = pass)
(SELECT * FROM "x""; DROP TABLE y; --".customer_segments EXCEPT ALL SELECT * FROM model.customer_segments)
UNION ALL
(SELECT * FROM model.customer_segments EXCEPT ALL SELECT * FROM "x""; DROP TABLE y; --".customer_segments);
SELECT count(*) FROM "x""; DROP TABLE y; --".population;
SELECT * FROM segmentation_rules($$x"; DROP TABLE y; --$$) WHERE value <> default_value;
SELECT segmentation_model_drop($$x"; DROP TABLE y; --$$);
SELECT to_regnamespace($$"x""; DROP TABLE y; --"$$) AS schema_left, to_regclass('public.y') AS y_still_there;
DROP SCHEMA "my ""input"" schema" CASCADE;
DROP TABLE public.y;

-- a role without CREATE on the database gets a clean error; with a schema
-- made for it, it builds its own model; a reader needs USAGE on the schema
-- and SELECT on the views
CREATE ROLE regress_model_analyst;
CREATE ROLE regress_model_reader;
GRANT USAGE ON SCHEMA model_in, model_data TO regress_model_analyst;
GRANT SELECT ON ALL TABLES IN SCHEMA model_in, model_data TO regress_model_analyst;
SET ROLE regress_model_analyst;
SELECT pg_temp.expect_error($$SELECT segmentation_model_create('analyst_model', 'model_in')$$);
RESET ROLE;
CREATE SCHEMA analyst_model AUTHORIZATION regress_model_analyst;
SET ROLE regress_model_analyst;
SELECT segmentation_model_create('analyst_model', 'model_in') LIKE 'analyst_model.customer_segments: 48 customers as of %' AS created;
UPDATE analyst_model.rules SET value = '2026-06-30' WHERE rule = 'as_of';
SELECT segmentation_model_refresh('analyst_model');
GRANT USAGE ON SCHEMA analyst_model TO regress_model_reader;
GRANT SELECT ON ALL TABLES IN SCHEMA analyst_model TO regress_model_reader;
SET ROLE regress_model_reader;
SELECT count(*) FROM analyst_model.customer_segments;
SELECT classification, customers FROM analyst_model.population ORDER BY 1 LIMIT 2;
-- the views read the input and call the extension's functions with their
-- owner's rights: the reader has no SELECT on model_in
SELECT (SELECT count(*) FROM analyst_model.collection_kpis) AS kpi_months,
       (SELECT count(*) FROM analyst_model.aging_summary) AS aging_rows;
SELECT pg_temp.expect_error($$SELECT count(*) FROM model_in.invoices$$);
SELECT pg_temp.expect_error($$UPDATE analyst_model.rules SET value = '30' WHERE rule = 'lookback_days'$$);
SELECT pg_temp.expect_error($$SELECT segmentation_model_refresh('analyst_model')$$);
RESET ROLE;
SELECT pg_get_userbyid(c.relowner) AS owner, count(*) FROM pg_class c
WHERE c.relnamespace = 'analyst_model'::regnamespace GROUP BY 1;
SET ROLE regress_model_analyst;
SELECT segmentation_model_drop('analyst_model');
RESET ROLE;
DROP SCHEMA IF EXISTS analyst_model;
REVOKE ALL ON SCHEMA model_in, model_data FROM regress_model_analyst;
REVOKE ALL ON ALL TABLES IN SCHEMA model_in, model_data FROM regress_model_analyst;
DROP ROLE regress_model_analyst, regress_model_reader;

-- the functions: VOLATILE and PARALLEL UNSAFE (they run DDL), not SECURITY
-- DEFINER; the check IMMUTABLE and PARALLEL SAFE
SELECT p.oid::regprocedure, p.provolatile, p.proparallel, p.prosecdef, pg_get_function_result(p.oid)
FROM pg_proc p WHERE p.proname LIKE 'segmentation%' ORDER BY p.oid::regprocedure::text;

-- drop removes everything, and the schema
SELECT segmentation_model_drop('model');
SELECT to_regnamespace('model') AS model_schema;
SELECT segmentation_model_drop('model');
DROP SCHEMA model_in, model_data CASCADE;
