-- The segmentation model (segmentation_model_create, docs/model.md) against
-- its plain-SQL reference (test/model_reference.sql): the same rows, row
-- for row, with the default rules and with changed ones.
\set ECHO none
\i test/regress_helpers.sql
\set ECHO all
\pset null '~'

-- A small warehouse with what real data has: customers without a net
-- value, opened after the as-of date or on an unknown date, without assets,
-- a discount, referrals or a risky share,
-- with no trade or no invoice; ties in net value; trades after the as-of
-- date and before the lookback window, zero and NULL amounts, NULL
-- commissions, only zero amounts, a holding beyond the
-- horizon; invoices after the as-of date, paid after it or never, credit
-- notes, zero and NULL amounts, no due date.  Arithmetic, no random(): the
-- same rows everywhere.
CREATE SCHEMA m_input;
CREATE TABLE m_input.customers AS
SELECT i AS customer_id,
       CASE WHEN i % 97 = 0 THEN DATE '2026-09-01' WHEN i % 59 = 0 THEN NULL ELSE DATE '2008-01-01' + (i * 7919) % 6700 END AS opened,
       CASE WHEN i % 53 = 0 THEN 0 WHEN i % 61 = 0 THEN NULL WHEN i % 19 = 0 THEN 9000000.00 ELSE round(((i * 104729) % 500000)::numeric + 0.5, 2) END AS assets,
       CASE WHEN i % 41 = 0 THEN NULL ELSE ((i * 31) % 300) / 1000.0 END AS discount,
       CASE WHEN i % 67 = 0 THEN NULL WHEN i % 7 = 0 THEN i % 4 ELSE 0 END AS referrals,
       CASE WHEN i % 13 = 0 THEN NULL ELSE round((((i * 7907) % 2000) - 1400) / 4.0, 2) END AS net,
       CASE WHEN i % 17 = 0 THEN NULL ELSE ((i * 13) % 101) / 100.0 END AS risky_share
FROM generate_series(1, 600) i;
CREATE TABLE m_input.trades AS
SELECT i AS customer_id, DATE '2026-07-20' - (i * 37 + k * 101) % 800 AS trade_date,
       CASE WHEN i % 19 = 0 THEN 1.00 WHEN i % 89 = 0 OR (i + k) % 43 = 0 THEN 0 WHEN (i + k) % 47 = 0 THEN NULL ELSE round(((i * k * 613) % 40000 - 20000)::numeric, 2) END AS amount,
       CASE WHEN (i * k) % 53 = 0 THEN NULL ELSE round(((i * k) % 500) / 10.0, 2) END AS commission
FROM generate_series(1, 600) i, generate_series(1, 22) k
WHERE i % 5 <> 0 AND k <= i % 23;
CREATE TABLE m_input.invoices AS
SELECT i AS customer_id, invoice_date,
       CASE WHEN (i + k) % 29 = 0 THEN NULL ELSE invoice_date + (ARRAY[0, 30, 60, 90])[1 + (i + k) % 4] END AS due_date,
       CASE WHEN (i * k) % 5 = 0 THEN NULL ELSE invoice_date + (i * k * 17) % 300 END AS paid_date,
       CASE WHEN (i + k) % 23 = 0 THEN -round(((i * k * 37) % 2000)::numeric + 0.25, 2)
            WHEN (i + k) % 31 = 0 THEN 0
            WHEN (i + k) % 37 = 0 THEN NULL
            ELSE round(((i * k * 977) % 30000 + 50)::numeric, 2) END AS amount
FROM generate_series(1, 600) i, generate_series(1, 8) k,
     LATERAL (SELECT DATE '2026-07-10' - (i * 53 + k * 211) % 700 AS invoice_date) d
WHERE i % 11 <> 0 AND k <= i % 9;
SELECT (SELECT count(*) FROM m_input.customers) AS customers, (SELECT count(*) FROM m_input.trades) AS trades,
       (SELECT count(*) FROM m_input.invoices) AS invoices,
       (SELECT count(*) FROM m_input.invoices WHERE amount < 0) AS credit_notes,
       (SELECT count(*) FROM m_input.invoices WHERE due_date IS NULL) AS without_due_date;

-- The model, with the as-of date fixed (the default, refresh_date, is the
-- day the test runs), and the reference over the same rules
SELECT segmentation_model_create('m_seg', 'm_input') IS NOT NULL AS created;
UPDATE m_seg.rules SET value = '2026-06-30' WHERE rule = 'as_of';
SELECT segmentation_model_refresh('m_seg', false);
\set model_schema m_seg
\set input_schema m_input
\set ECHO none
\i test/model_reference.sql
\set ECHO all

-- Both as rows of the same types: labels as text
CREATE VIEW m_model AS
SELECT customer_id, as_of, excluded_from, net_value, value_tier::text, value_tier_sort, last_trade, dormant, potential,
       trades, commission, tenure_days, loyalty_score, loyalty_tier::text, loyalty_tier_sort, recency_days,
       rfm_r, rfm_f, rfm_m, rfm_segment::text, rfm_segment_sort, avg_holding_days, holding_beyond_horizon,
       holding_style::text, risky_share, risk_appetite::text, invoices, avg_days_to_pay, on_time_share,
       open_amount, overdue_amount, credit_notes, max_days_past_due, credit_grade::text, credit_grade_sort,
       collection_terms, overdue_class::text, risk_group::text, aging_current, aging_1_30, aging_31_60,
       aging_61_90, aging_91_180, aging_181_plus, aging_buckets, ecl_allowance, worst_stage::text, worst_stage_sort,
       collection_channel::text, collection_channel_sort, recovery_probability, expected_net_recovery,
       first_trade, repeat_trade_days, avg_repeat_commission, p_alive, expected_commission, at_risk
FROM m_seg.customer_segments;
CREATE VIEW m_ref AS
SELECT customer_id, as_of, excluded_from, net_value, value_tier, value_tier_sort, last_trade, dormant, potential,
       trades, commission, tenure_days, loyalty_score, loyalty_tier, loyalty_tier_sort, recency_days,
       rfm_r, rfm_f, rfm_m, rfm_segment, rfm_segment_sort, avg_holding_days, holding_beyond_horizon,
       holding_style, risky_share, risk_appetite, invoices, avg_days_to_pay, on_time_share,
       open_amount, overdue_amount, credit_notes, max_days_past_due, credit_grade, credit_grade_sort,
       collection_terms, overdue_class, risk_group, aging_current, aging_1_30, aging_31_60,
       aging_61_90, aging_91_180, aging_181_plus, aging_buckets, ecl_allowance, worst_stage, worst_stage_sort,
       collection_channel, collection_channel_sort, recovery_probability, expected_net_recovery,
       first_trade, repeat_trade_days, avg_repeat_commission, p_alive, expected_commission, at_risk
FROM m_seg.ref_customer_segments;
-- the same columns in the same order as the model's, but the two whose
-- series plain SQL cannot sum (sql/model.sql checks them)
SELECT array_agg(attname ORDER BY attnum) = (SELECT array_agg(attname ORDER BY attnum) FROM pg_attribute
                                             WHERE attrelid = 'm_seg.ref_customer_segments'::regclass AND attnum > 0)
       AS same_columns
FROM pg_attribute WHERE attrelid = 'm_seg.customer_segments'::regclass AND attnum > 0
  AND attname NOT IN ('expected_trade_days', 'lifetime_value');

-- The comparison: rows only in the model, rows only in the reference (both
-- 0 = pass), the row counts, and what was compared (customers with each
-- classification)
\set compare 'SELECT (SELECT count(*) FROM (SELECT * FROM m_model EXCEPT ALL SELECT * FROM m_ref) x) AS only_model, (SELECT count(*) FROM (SELECT * FROM m_ref EXCEPT ALL SELECT * FROM m_model) x) AS only_reference, (SELECT count(*) FROM m_model) AS model_rows, (SELECT count(*) FROM m_ref) AS reference_rows, (SELECT count(*) FROM m_input.customers) AS customers;'
\set summary 'SELECT min(as_of) AS as_of, count(value_tier) AS value_tier, count(loyalty_tier) AS loyalty_tier, count(rfm_segment) AS rfm_segment, count(rfm_r) AS rfm_score, count(holding_style) AS holding_style, count(*) FILTER (WHERE holding_beyond_horizon) AS beyond_horizon, count(risk_appetite) AS risk_appetite, count(credit_grade) AS credit_grade, count(overdue_class) AS overdue_class, count(risk_group) AS risk_group, count(aging_buckets) AS aging_buckets, count(ecl_allowance) AS ecl_allowance, count(worst_stage) AS worst_stage, count(*) FILTER (WHERE excluded_from <> ''{}'') AS with_exclusions FROM m_ref;'
-- (the first customers that differ, if any: compare their rows in m_model and m_ref)
\set differences 'SELECT customer_id, side FROM (SELECT ''model'' AS side, * FROM (SELECT * FROM m_model EXCEPT ALL SELECT * FROM m_ref) a UNION ALL SELECT ''reference'', * FROM (SELECT * FROM m_ref EXCEPT ALL SELECT * FROM m_model) b) d ORDER BY customer_id, side LIMIT 6;'

-- 1. the default rules, as of 2026-06-30
:compare
:summary
:differences
SELECT value_tier, count(*) FROM m_ref GROUP BY 1 ORDER BY min(value_tier_sort);
SELECT unnest(excluded_from) AS reason, count(*) FROM m_ref GROUP BY 1 ORDER BY 1;

-- 2. other shares, weights and boundaries (the collection channels' too),
-- refreshed concurrently
UPDATE m_seg.rules SET value = '{0.1,0.3}' WHERE rule = 'value_shares';
UPDATE m_seg.rules SET value = '{0.25,0.6}' WHERE rule = 'loyalty_shares';
UPDATE m_seg.rules SET value = '{1,1,1,1,1}' WHERE rule = 'loyalty_weights';
UPDATE m_seg.rules SET value = '{7,30,90}' WHERE rule = 'aging_boundaries';
UPDATE m_seg.rules SET value = '{30,60,90}' WHERE rule = 'grade_limits';
UPDATE m_seg.rules SET value = '{30,90}' WHERE rule = 'holding_boundaries';
UPDATE m_seg.rules SET value = '400' WHERE rule = 'holding_horizon_days';
UPDATE m_seg.rules SET value = '{0.4,0.75}' WHERE rule = 'risk_appetite_boundaries';
UPDATE m_seg.rules SET value = '50000' WHERE rule = 'potential_min_assets';
UPDATE m_seg.rules SET value = '1.15' WHERE rule = 'ecl_forward_factor';
UPDATE m_seg.rules SET value = '90' WHERE rule = 'ecl_charge_off_days';
UPDATE m_seg.rules SET value = '{10,20,40,60}' WHERE rule = 'collection_boundaries';
UPDATE m_seg.rules SET value = 'telecom' WHERE rule = 'collection_industry';
UPDATE m_seg.rules SET value = '0.35' WHERE rule = 'collection_recovery_probability';
UPDATE m_seg.rules SET value = '1.75' WHERE rule = 'collection_cost_per_call';
UPDATE m_seg.rules SET value = '100' WHERE rule = 'collection_calls_per_recovery';
SELECT segmentation_model_refresh('m_seg');
REFRESH MATERIALIZED VIEW CONCURRENTLY m_seg.ref_customer_segments;
:compare
:summary
:differences
-- every collection channel is compared
SELECT collection_channel, count(*) AS customers, sum(expected_net_recovery) AS expected_net_recovery
FROM m_ref GROUP BY 1 ORDER BY min(collection_channel_sort);

-- 3. another as-of date (customers opened after it, invoices issued after
-- it), another lookback window and dormancy, other collection and risk
-- thresholds, RFM by R's cut-points
UPDATE m_seg.rules SET value = '2026-03-31' WHERE rule = 'as_of';
UPDATE m_seg.rules SET value = '180' WHERE rule = 'lookback_days';
UPDATE m_seg.rules SET value = '60' WHERE rule = 'dormancy_days';
UPDATE m_seg.rules SET value = 'r_rfm' WHERE rule = 'rfm_method';
UPDATE m_seg.rules SET value = '5000' WHERE rule = 'large_amount';
UPDATE m_seg.rules SET value = '90' WHERE rule = 'legal_days';
UPDATE m_seg.rules SET value = '15' WHERE rule = 'collection_step_days';
UPDATE m_seg.rules SET value = '3' WHERE rule = 'risk_medium_count';
UPDATE m_seg.rules SET value = '500' WHERE rule = 'risk_medium_amount';
UPDATE m_seg.rules SET value = '60' WHERE rule = 'risk_high_days';
UPDATE m_seg.rules SET value = '{0,30,60,90,180,365,400,500,1000}' WHERE rule = 'aging_boundaries';
UPDATE m_seg.rules SET value = '120' WHERE rule = 'ecl_cohort_days';
UPDATE m_seg.rules SET value = '6' WHERE rule = 'ecl_forward_factor';
SELECT segmentation_model_refresh('m_seg', false);
REFRESH MATERIALIZED VIEW m_seg.ref_customer_segments;
:compare
:summary
:differences

-- 4. three RFM bins by rank, a long horizon, a year ago
UPDATE m_seg.rules SET value = 'ntile' WHERE rule = 'rfm_method';
UPDATE m_seg.rules SET value = '3' WHERE rule = 'rfm_bins';
UPDATE m_seg.rules SET value = '2025-06-30' WHERE rule = 'as_of';
UPDATE m_seg.rules SET value = '730' WHERE rule = 'lookback_days';
UPDATE m_seg.rules SET value = '100000' WHERE rule = 'holding_horizon_days';
-- and a charge-off rule so long that no invoice is old enough for the
-- loss rates' cohort: no allowance where something is open, and why
UPDATE m_seg.rules SET value = '600' WHERE rule = 'ecl_charge_off_days';
SELECT segmentation_model_refresh('m_seg');
REFRESH MATERIALIZED VIEW CONCURRENTLY m_seg.ref_customer_segments;
:compare
:summary
:differences
SELECT e AS reason, count(*) FROM m_model, unnest(excluded_from) e WHERE e LIKE 'ecl: %' GROUP BY 1;
UPDATE m_seg.rules SET value = '180' WHERE rule = 'ecl_charge_off_days';
SELECT segmentation_model_refresh('m_seg');
REFRESH MATERIALIZED VIEW CONCURRENTLY m_seg.ref_customer_segments;
:compare

-- 5. the input changes (a new customer, a payment, a late trade): both
-- follow after a refresh
INSERT INTO m_input.customers VALUES (601, DATE '2020-01-01', 1000, 0.1, 1, 500, 0.5);
INSERT INTO m_input.trades VALUES (601, DATE '2025-06-01', 5000, 12.5), (2, DATE '2025-06-30', 100, 1);
UPDATE m_input.invoices SET paid_date = DATE '2025-06-15' WHERE customer_id = 3 AND paid_date IS NULL AND invoice_date <= DATE '2025-06-15';
SELECT segmentation_model_refresh('m_seg', false);
REFRESH MATERIALIZED VIEW m_seg.ref_customer_segments;
:compare
:differences

-- 6. the as-of date back to refresh_date: both read current_date (the
-- date itself is not shown, it is the day the test runs)
UPDATE m_seg.rules SET value = 'refresh_date' WHERE rule = 'as_of';
SELECT segmentation_model_refresh('m_seg') IS NOT NULL AS refreshed;
REFRESH MATERIALIZED VIEW CONCURRENTLY m_seg.ref_customer_segments;
SELECT (SELECT min(as_of) FROM m_model) = current_date AS model_today, (SELECT min(as_of) FROM m_ref) = current_date AS reference_today;
:compare
:differences

-- 7. trades shaped like real purchases (the CDNOW sample's first 600
-- customers, their 1997 dates moved to 2026, amounts as commissions), so
-- that the lifetime models converge and their columns are compared too;
-- then the lifetime models switched off
\set ECHO none
\i test/cdnow.sql
\set ECHO all
TRUNCATE m_input.trades;
INSERT INTO m_input.trades
SELECT customer_id, purchased + (DATE '2026-06-30' - DATE '1997-09-30'), amount * 100, amount
FROM cdnow.transactions WHERE customer_id <= 600;
UPDATE m_seg.rules SET value = '2026-06-30' WHERE rule = 'as_of';
UPDATE m_seg.rules SET value = '5' WHERE rule = 'rfm_bins';
SELECT segmentation_model_refresh('m_seg', false);
SELECT customers, repeat_buyers, round((bgnbd).r::numeric, 3) AS r, round((bgnbd).alpha::numeric, 2) AS alpha,
       round((spend).p::numeric, 2) AS p, bgnbd_error, spend_error
FROM m_seg.lifetime_fit;
REFRESH MATERIALIZED VIEW m_seg.ref_customer_segments;
:compare
:differences
SELECT count(first_trade) AS traded, count(p_alive) AS p_alive, count(expected_commission) AS expected_commission,
       count(*) FILTER (WHERE at_risk) AS at_risk
FROM m_ref;
-- the two columns the reference leaves out, against the documented calls
-- of the functions over each customer's purchase_summary (docs/clv.md)
SELECT count(*) AS customers, count(m.lifetime_value) AS with_lifetime_value,
       count(*) FILTER (WHERE m.expected_trade_days IS DISTINCT FROM
                              round(bgnbd_expected_purchases(f.bgnbd, (s.ps).frequency, (s.ps).recency, (s.ps).age, 365)::numeric, 2))
         AS expected_trade_days_differ,
       count(*) FILTER (WHERE m.lifetime_value IS DISTINCT FROM
                              round(customer_lifetime_value(f.bgnbd, f.spend, (s.ps).frequency, (s.ps).recency, (s.ps).age,
                                                            (s.ps).monetary_value::float8, 12, 365 / 12.0, 0.01)::numeric, 2))
         AS lifetime_value_differ
FROM m_seg.customer_segments m
JOIN (SELECT customer_id, purchase_summary(trade_date, round(commission, 4), DATE '2026-06-30') AS ps
      FROM m_input.trades GROUP BY customer_id) s USING (customer_id)
CROSS JOIN m_seg.lifetime_fit f
WHERE m.first_trade IS NOT NULL;   -- in scope (opened by the as-of date)
UPDATE m_seg.rules SET value = 'off' WHERE rule = 'lifetime_model';
SELECT segmentation_model_refresh('m_seg');
REFRESH MATERIALIZED VIEW CONCURRENTLY m_seg.ref_customer_segments;
:compare
:differences
SELECT count(*) FILTER (WHERE 'lifetime: off in the rules (lifetime_model)' = ANY (excluded_from)) AS lifetime_off,
       count(p_alive) AS p_alive
FROM m_ref;
DROP SCHEMA cdnow CASCADE;

DROP VIEW m_model, m_ref;
DROP MATERIALIZED VIEW m_seg.ref_customer_segments;
SELECT segmentation_model_drop('m_seg');
DROP SCHEMA m_input CASCADE;
