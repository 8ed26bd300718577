-- collection: collection channels and their economics (src/collection.c):
-- routing by age at every boundary, commission presets, expected recovery,
-- the best channel, the collection_workload aggregate and its state, against
-- plain SQL on generated data and on the sample warehouse, serial and
-- parallel
\set ECHO none
\i test/regress_helpers.sql
\set ECHO all
\pset null '~'

-- The survey's arithmetic.  An agent makes 250 calls a day; 40 debts of
-- about 7,000 recovered a month from some 5,000 calls is 125 calls a
-- recovery, and 5,000 calls is one agent-month of 20 working days.
SELECT w.channel, w.accounts, w.balance, w.expected_recoveries, w.calls, w.agent_months, w.expected_net
FROM (SELECT collection_workload('in_house_1', 7000.00, 1, NULL) AS ws FROM generate_series(1, 40)) x,
     unnest(x.ws) w WHERE w.accounts > 0;
SELECT 5000 / 40 AS calls_per_recovery, 5000 / 250 AS working_days;
-- commission: 15% up to a year, 30% over a year (banks), and what is left of
-- a recovered debt of 7,000
SELECT collection_commission(365) AS within_a_year, collection_commission(366) AS over_a_year,
       (collection_recovery(7000, 1, collection_commission(365))).net AS net_within,
       (collection_recovery(7000, 1, collection_commission(366))).net AS net_over;
-- the presets at each of their boundaries
SELECT i.industry, d, collection_commission(d, i.industry) AS rate
FROM unnest('{bank,joint_stock_bank,telecom,property}'::text[]) i(industry),
     unnest('{1,90,91,180,181,365,366}'::int[]) d
ORDER BY i.industry, d;

-- Routing at every boundary, each side (default bounds {30,90,365,730})
SELECT d, collection_channel(d) AS channel, sort_key(collection_channel(d)) AS key
FROM unnest('{-5,0,1,30,31,90,91,365,366,730,731,100000}'::int[]) d;
-- the law firm's amount threshold: beyond team 3 only, at the threshold and
-- one cent below
SELECT d, a, collection_channel(d, a, law_firm_amount => 50000) AS channel
FROM unnest('{365,366,731}'::int[]) d, unnest('{49999.99,50000.00}'::numeric[]) a ORDER BY d, a;
-- custom bounds, each side
SELECT d, collection_channel(d, boundaries => '{7,14,21,28}') AS channel
FROM unnest('{7,8,14,15,21,22,28,29}'::int[]) d;
-- NULL options are their defaults; NULL days is NULL
SELECT collection_channel(45, NULL, NULL, NULL) AS null_options, collection_channel(NULL) AS null_days,
       collection_commission(400, NULL, NULL, NULL) AS null_industry;

-- Bad input
SELECT pg_temp.expect_error($$SELECT collection_channel(45, boundaries => '{30,20,365,730}')$$);
SELECT pg_temp.expect_error($$SELECT collection_channel(45, boundaries => '{30,90,365}')$$);
SELECT pg_temp.expect_error($$SELECT collection_channel(45, boundaries => '{0,90,365,730}')$$);
SELECT pg_temp.expect_error($$SELECT collection_channel(45, boundaries => '{30,NULL,365,730}')$$);
SELECT pg_temp.expect_error($$SELECT collection_channel(45, 'NaN')$$);
SELECT pg_temp.expect_error($$SELECT collection_channel(45, 'Infinity')$$);
SELECT pg_temp.expect_error($$SELECT collection_channel(45, 100, law_firm_amount => -1)$$);
-- a bad option fails even where the days are NULL (it would fail on other rows)
SELECT pg_temp.expect_error($$SELECT collection_channel(NULL, boundaries => '{30,30,365,730}')$$);
SELECT pg_temp.expect_error($$SELECT collection_commission(45, 'oil')$$);
SELECT pg_temp.expect_error($$SELECT collection_commission(45, commission_rates => '{0.1,0.2}')$$);
SELECT pg_temp.expect_error($$SELECT collection_commission(45, boundaries => '{90,30}', commission_rates => '{0.1,0.2,0.3}')$$);
SELECT pg_temp.expect_error($$SELECT collection_commission(45, boundaries => '{90}', commission_rates => '{0.1,15}')$$);
SELECT pg_temp.expect_error($$SELECT collection_commission(45, boundaries => '{90}', commission_rates => '{0.1,NaN}')$$);
SELECT pg_temp.expect_error($$SELECT collection_recovery(7000, 1.5)$$);
SELECT pg_temp.expect_error($$SELECT collection_recovery(7000, -0.1)$$);
SELECT pg_temp.expect_error($$SELECT collection_recovery('Infinity', 0.5)$$);
SELECT pg_temp.expect_error($$SELECT collection_recovery(7000, 0.5, cost => -1)$$);
SELECT pg_temp.expect_error($$SELECT collection_best_channel(45, 7000, 0.5, 2, calls_per_recovery => 0)$$);
SELECT pg_temp.expect_error($$SELECT collection_best_channel(45, 7000, 0.5, -2)$$);
SELECT pg_temp.expect_error($$SELECT collection_workload('agency', 100, 0.5, 1.5)$$);
SELECT pg_temp.expect_error($$SELECT collection_workload('agency', 'NaN', 0.5, 0.1)$$);
SELECT pg_temp.expect_error($$SELECT collection_workload_final(collection_workload_partial('agency', 100, 0.5, 0.1), working_days => 0, calls_per_recovery => 125)$$);
-- a caller's schedule replaces the preset
SELECT collection_commission(100, 'telecom', '{30,60}', '{0.10,0.12,0.14}') AS own_schedule,
       collection_commission(100, commission_rates => '{0.18}') AS flat;

-- Expected recovery, and the best channel
SELECT (collection_recovery(7000.00, 0.4)).*;
SELECT (collection_recovery(7000.00, 0.4, 0.15, 25)).*;
SELECT collection_recovery(NULL, 0.4) AS null_balance, collection_recovery(7000, NULL) AS null_probability,
       collection_recovery(7000, 0.4, NULL, NULL) = collection_recovery(7000, 0.4) AS null_options;
-- in-house costs p * 125 calls; outside keeps 15% (30% over a year): a
-- balance of 7,000 at p = 0.5 is worth chasing in-house up to 8.40 a call
-- (7,000 * 0.15 / 125; at 8.40 the two tie and the routed channel stays), a
-- balance of 700 up to 0.84
SELECT b, c, collection_best_channel(45, b, 0.5, c) AS at_45_days, collection_best_channel(400, b, 0.5, c) AS at_400_days
FROM unnest('{700,7000}'::numeric[]) b, unnest('{0.84,8.40,8.41}'::numeric[]) c ORDER BY b, c;
SELECT collection_best_channel(45, 7000, 0.5, 5, commission_rate => 0.05) AS cheap_agency,
       collection_best_channel(0, 7000, 0.5, 5) AS not_due,
       collection_best_channel(800, 7000, 0.5, 100) AS old_debt;

-- The state: text and binary round trip, no rows, bad text
-- a plain table, not a temporary one: parallel workers cannot read those
CREATE TABLE coll_book AS
SELECT i, (i * 7919) % 900 - 60 AS dpd, round(((i * 104729) % 2000003) / 100.0, 2) AS balance,
       CASE WHEN i % 17 <> 0 THEN round(((i * 31) % 1000) / 1000.0 * (1 - ((i * 7) % 13) / 13.0), 20) END AS p
FROM generate_series(1, 20000) i;
CREATE TEMP TABLE coll_state AS
SELECT collection_workload_partial(collection_channel(dpd, balance, law_firm_amount => 19000),
                                   balance, p, collection_commission(dpd, 'telecom')) AS s
FROM coll_book;
SELECT s::text::collection_state::text = s::text AS text_round_trip,
       pg_temp.binary_input('collection_state', collection_state_send(s)) = s::text AS binary_round_trip,
       length(s::text) AS text_length
FROM coll_state;
SELECT collection_workload(c, b, p, r) AS no_rows FROM (VALUES ('agency'::collection_channel_label, 1.0, 0.5, 0.1)) t(c, b, p, r) WHERE false;
SELECT pg_temp.input_outcome($$SELECT 'v1;0,0,0,0,0'::collection_state::text$$);
SELECT pg_temp.input_outcome($$SELECT 'v1;0,1,0,0,0;0,0,0,0,0;0,0,0,0,0;0,0,0,0,0;0,0,0,0,0'::collection_state::text$$);
SELECT pg_temp.input_outcome($$SELECT 'v1;1,5,2,0,0;0,0,0,0,0;0,0,0,0,0;0,0,0,0,0;0,0,0,0,0'::collection_state::text$$);
SELECT pg_temp.input_outcome($$SELECT 'v1;1,5,x,0,0;0,0,0,0,0;0,0,0,0,0;0,0,0,0,0;0,0,0,0,0'::collection_state::text$$);
SELECT pg_temp.input_outcome($$SELECT 'v1;1,5,0.5,2.5,0;0,0,0,0,0;0,0,0,0,0;0,0,0,0,0;0,0,0,0,0'::collection_state::text$$);
SELECT pg_temp.input_outcome($$SELECT pg_temp.binary_input('collection_state', '\x00000002'::bytea)$$);

-- Equality with plain SQL on generated data: the routing as a CASE, the
-- sums as sum(), calls and agent-months from the in-house recoveries
CREATE FUNCTION pg_temp.plain_channel(d int, amount numeric, lfa numeric) RETURNS text LANGUAGE sql IMMUTABLE AS $$
  SELECT CASE WHEN d <= 0 THEN NULL WHEN d <= 30 THEN 'in_house_1' WHEN d <= 90 THEN 'in_house_2'
              WHEN d <= 365 THEN 'in_house_3' WHEN amount >= lfa THEN 'law_firm' WHEN d <= 730 THEN 'agency'
              ELSE 'law_firm' END $$;
CREATE FUNCTION pg_temp.plain_commission(d int) RETURNS numeric LANGUAGE sql IMMUTABLE AS $$
  SELECT CASE WHEN d <= 90 THEN 0.15 WHEN d <= 180 THEN 0.20 ELSE 0.25 END $$;
SELECT count(*) FILTER (WHERE collection_channel(dpd, balance, law_firm_amount => 19000)::text
                        IS DISTINCT FROM pg_temp.plain_channel(dpd, balance, 19000)) AS routing_differs,
       count(*) FILTER (WHERE collection_commission(dpd, 'telecom') <> pg_temp.plain_commission(dpd)) AS commission_differs
FROM coll_book;
CREATE TEMP VIEW coll_plain AS
SELECT pg_temp.plain_channel(dpd, balance, 19000) AS channel, count(*) AS accounts, sum(balance) AS balance,
       coalesce(sum(p), 0) AS expected_recoveries, coalesce(sum(balance * p), 0) AS expected_gross,
       coalesce(sum(balance * p * pg_temp.plain_commission(dpd)), 0) AS commission,
       CASE WHEN pg_temp.plain_channel(dpd, balance, 19000) LIKE 'in_house%' THEN coalesce(sum(p), 0) * 125 ELSE 0 END AS calls
FROM coll_book WHERE dpd > 0 GROUP BY 1;
CREATE FUNCTION pg_temp.workload_differs(ws collection_workload_row[]) RETURNS bigint LANGUAGE sql AS $$
  SELECT count(*) FROM unnest(ws) w FULL JOIN coll_plain p ON p.channel = w.channel::text
  WHERE w.accounts > 0 AND (p.channel IS NULL OR (w.accounts, w.balance, w.expected_recoveries, w.expected_gross, w.commission, w.calls,
         w.agent_months, w.cost, w.expected_net)
        IS DISTINCT FROM (p.accounts, p.balance, p.expected_recoveries, p.expected_gross, p.commission, p.calls,
         p.calls / (250 * 20), 0::numeric, p.expected_gross - p.commission))
     OR (w.accounts = 0 AND p.channel IS NOT NULL) $$;
SELECT channel, accounts, balance, round(expected_recoveries, 4) AS recoveries, round(expected_gross, 2) AS gross,
       round(commission, 2) AS commission, round(calls) AS calls
FROM coll_plain ORDER BY sort_key(channel::collection_channel_label);
CREATE TEMP TABLE coll_runs AS
SELECT 'serial' AS how, collection_workload(collection_channel(dpd, balance, law_firm_amount => 19000), balance, p,
                                             collection_commission(dpd, 'telecom')) AS ws FROM coll_book;
INSERT INTO coll_runs SELECT 'from the stored state', collection_workload_final(s) FROM coll_state;
INSERT INTO coll_runs
SELECT 'merged from 7 parts', collection_workload_final(collection_workload_merge(s))
FROM (SELECT collection_workload_partial(collection_channel(dpd, balance, law_firm_amount => 19000), balance, p,
                                         collection_commission(dpd, 'telecom')) AS s
      FROM coll_book GROUP BY i % 7) x;
ALTER TABLE coll_book SET (parallel_workers = 2);
ANALYZE coll_book;
:force_parallel_plan
SELECT pg_temp.plan($$SELECT collection_workload(collection_channel(dpd, balance), balance, p, NULL) FROM coll_book$$) ~ 'Partial Aggregate' AS parallel_plan;
INSERT INTO coll_runs
SELECT 'parallel', collection_workload(collection_channel(dpd, balance, law_firm_amount => 19000), balance, p,
                                        collection_commission(dpd, 'telecom')) FROM coll_book;
RESET ALL;
\pset null '~'
SELECT how, pg_temp.workload_differs(ws) AS rows_differ, ws::text = (SELECT ws::text FROM coll_runs WHERE how = 'serial') AS same_text
FROM coll_runs ORDER BY how;
-- options: calls_per_recovery, calls_per_agent_day, working_days, cost_per_call
SELECT w.channel, round(w.calls) AS calls, round(w.agent_months, 2) AS agent_months, round(w.cost, 2) AS cost,
       round(w.expected_net, 2) AS net
FROM coll_state, unnest(collection_workload_final(s, 100, 200, 21, 1.50)) w;
SELECT collection_workload_final(s, NULL, NULL, NULL, NULL) = collection_workload_final(s) AS null_options FROM coll_state;

-- The sample warehouse's overdue invoices as of 2026-06-30 (3,000
-- customers), with a recovery probability falling with age (0.9 less a
-- thousandth a day, at least 0) and the bank commission: the aggregate
-- against plain SQL
CREATE SCHEMA coll_wh;
SET search_path = coll_wh, public;
\set customers 3000
\set ECHO none
\o /dev/null
\i test/warehouse.sql
\o
\set ECHO all
RESET search_path;
CREATE TEMP VIEW wh_book AS
SELECT days_past_due(due_date, DATE '2026-06-30', paid_date) AS dpd, amount,
       round(0.9 - days_past_due(due_date, DATE '2026-06-30', paid_date) / 1000.0, 3) AS p
FROM coll_wh.invoices
WHERE invoice_date <= DATE '2026-06-30' AND (paid_date IS NULL OR paid_date > DATE '2026-06-30')
  AND due_date < DATE '2026-06-30';
WITH ext AS (
  SELECT w.* FROM (SELECT collection_workload(collection_channel(dpd), amount, greatest(p, 0), collection_commission(dpd)) AS ws
                   FROM wh_book) x, unnest(x.ws) w),
plain AS (
  SELECT pg_temp.plain_channel(dpd, amount, NULL) AS channel, count(*) AS accounts, sum(amount) AS balance,
         sum(greatest(p, 0)) AS recoveries, sum(amount * greatest(p, 0)) AS gross,
         sum(amount * greatest(p, 0) * CASE WHEN dpd <= 365 THEN 0.15 ELSE 0.30 END) AS commission
  FROM wh_book GROUP BY 1)
SELECT e.channel, e.accounts, e.balance, e.expected_recoveries, round(e.agent_months, 3) AS agent_months,
       (e.accounts, e.balance, e.expected_recoveries, e.expected_gross, e.commission)
         = (p.accounts, p.balance, p.recoveries, p.gross, p.commission) AS same_as_plain
FROM ext e LEFT JOIN plain p ON p.channel = e.channel::text ORDER BY sort_key(e.channel);
SET client_min_messages = warning;
DROP SCHEMA coll_wh CASCADE;
DROP TABLE coll_book CASCADE;
