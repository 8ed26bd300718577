-- bad-input matrix: every function and aggregate of the extension, called
-- with hostile values one argument at a time (the others stay valid); each
-- call's outcome is its SQLSTATE or its result, truncated to 60 characters
\set ECHO none
\i test/regress_helpers.sql
\set ECHO all
\pset null '~'
-- no statement here is meant to fail: an error (a base call naming a
-- function that no longer exists, say) would leave the matrix empty
\set ON_ERROR_STOP 1

-- One base call per function or aggregate: {n} is argument n, valid[n] a
-- valid SQL expression for it (it may use g, the row of generate_series).
-- Aggregates and window functions run over three rows.
CREATE TEMP VIEW bi_values AS SELECT g * 10 AS net FROM generate_series(1, 3) g;
CREATE TEMP TABLE base_call (fn regprocedure PRIMARY KEY, call text NOT NULL, valid text[] NOT NULL);
INSERT INTO base_call VALUES
 -- net value
 ('net_value(numeric,numeric)', 'SELECT net_value({1}, {2})', ARRAY['100', '30']),
 ('economic_profit(numeric,numeric,numeric,numeric,numeric,numeric,numeric)',
  'SELECT economic_profit({1}, {2}, {3}, {4}, {5}, {6}, {7})',
  ARRAY['1000', '200', '10000', '0.025', '5000', '0.12', '15']),
 -- value summaries: transition, combine and final functions
 ('value_summary_add(value_summary,numeric)', 'SELECT value_summary_add({1}, {2})',
  ARRAY[$$'v1;numeric;0;-;-;2;1,2'$$, '3']),
 ('value_summary_add(value_summary,double precision)', 'SELECT value_summary_add({1}, {2})',
  ARRAY[$$'v1;float8;0;-;-;2;1,2'$$, '3']),
 ('value_summary_add(value_summary,numeric,double precision)', 'SELECT value_summary_add({1}, {2}, {3})',
  ARRAY[$$'v1;numeric;0;0.2;-;2;1,2'$$, '3', '0.2']),
 ('value_summary_add(value_summary,double precision,double precision)', 'SELECT value_summary_add({1}, {2}, {3})',
  ARRAY[$$'v1;float8;0;0.2;-;2;1,2'$$, '3', '0.2']),
 ('value_summary_add(value_summary,numeric,double precision,double precision)', 'SELECT value_summary_add({1}, {2}, {3}, {4})',
  ARRAY[$$'v1;numeric;0;0.2;0.25;2;1,2'$$, '3', '0.2', '0.25']),
 ('value_summary_add(value_summary,numeric,double precision[])', 'SELECT value_summary_add({1}, {2}, {3})',
  ARRAY[$$'v2;numeric;0;shares;0.3;0.7;2;1,2'$$, '3', $$'{0.3,0.7}'$$]),
 ('value_summary_add(value_summary,numeric,integer)', 'SELECT value_summary_add({1}, {2}, {3})',
  ARRAY[$$'v1;numeric;0;10;-;2;1,2'$$, '3', '10']),
 ('value_summary_add(value_summary,double precision,integer)', 'SELECT value_summary_add({1}, {2}, {3})',
  ARRAY[$$'v1;float8;0;10;-;2;1,2'$$, '3', '10']),
 ('value_summary_add(value_summary,bigint)', 'SELECT value_summary_add({1}, {2})',
  ARRAY[$$'v1;float8;0;-;-;2;1,2'$$, '3']),
 ('value_summary_add(value_summary,bigint,double precision)', 'SELECT value_summary_add({1}, {2}, {3})',
  ARRAY[$$'v1;float8;0;0.2;-;2;1,2'$$, '3', '0.2']),
 ('value_summary_add(value_summary,bigint,integer)', 'SELECT value_summary_add({1}, {2}, {3})',
  ARRAY[$$'v1;float8;0;10;-;2;1,2'$$, '3', '10']),
 ('value_summary_combine(value_summary,value_summary)', 'SELECT value_summary_combine({1}, {2})',
  ARRAY[$$'v1;numeric;0;-;-;2;1,2'$$, $$'v1;numeric;0;-;-;1;5'$$]),
 ('value_cutoffs_final(value_summary)', 'SELECT value_cutoffs_final({1})', ARRAY[$$'v1;numeric;0;-;-;3;10,20,30'$$]),
 ('value_cutoffs_final(value_summary,double precision[])', 'SELECT value_cutoffs_final({1}, {2})',
  ARRAY[$$'v1;numeric;0;-;-;3;10,20,30'$$, $$'{0.3,0.7}'$$]),
 ('top_share_aggfinal(value_summary)', 'SELECT top_share_aggfinal({1})', ARRAY[$$'v1;numeric;0;0.5;-;3;10,20,30'$$]),
 ('value_curve_aggfinal(value_summary)', 'SELECT value_curve_aggfinal({1})', ARRAY[$$'v1;numeric;0;4;-;3;10,20,30'$$]),
 -- value summaries, tiers and concentration: aggregates and scalar forms
 ('value_cutoffs_partial(numeric)', 'SELECT value_cutoffs_partial({1}) FROM generate_series(1, 3) g', ARRAY['g * 10']),
 ('top_share_partial(numeric)', 'SELECT top_share_partial({1}) FROM generate_series(1, 3) g', ARRAY['g * 10']),
 ('value_curve_partial(numeric)', 'SELECT value_curve_partial({1}) FROM generate_series(1, 3) g', ARRAY['g * 10']),
 ('top_share_partial(double precision)', 'SELECT top_share_partial({1}) FROM generate_series(1, 3) g', ARRAY['g * 10']),
 ('value_curve_partial(double precision)', 'SELECT value_curve_partial({1}) FROM generate_series(1, 3) g', ARRAY['g * 10']),
 ('top_share_partial(bigint)', 'SELECT top_share_partial({1}) FROM generate_series(1, 3) g', ARRAY['g * 10']),
 ('value_curve_partial(bigint)', 'SELECT value_curve_partial({1}) FROM generate_series(1, 3) g', ARRAY['g * 10']),
 ('value_cutoffs_merge(value_summary)', 'SELECT value_cutoffs_merge({1}) FROM generate_series(1, 3) g',
  ARRAY[$$'v1;numeric;0;-;-;2;1,2'$$]),
 ('value_summary_merge(value_summary)', 'SELECT value_summary_merge({1}) FROM generate_series(1, 3) g',
  ARRAY[$$'v1;numeric;0;-;-;2;1,2'$$]),
 ('top_share_merge(value_summary)', 'SELECT top_share_merge({1}) FROM generate_series(1, 3) g',
  ARRAY[$$'v1;numeric;0;-;-;2;1,2'$$]),
 ('value_curve_merge(value_summary)', 'SELECT value_curve_merge({1}) FROM generate_series(1, 3) g',
  ARRAY[$$'v1;numeric;0;-;-;2;1,2'$$]),
 ('value_cutoffs(numeric)', 'SELECT value_cutoffs({1}) FROM generate_series(1, 3) g', ARRAY['g * 10']),
 ('value_cutoffs(numeric,double precision[])',
  'SELECT value_cutoffs({1}, {2}) FROM generate_series(1, 3) g', ARRAY['g * 10', $$'{0.3,0.7}'$$]),
 ('value_cutoffs_deprecated(numeric,double precision,double precision)',
  'SELECT value_cutoffs_deprecated({1}, {2}, {3}) FROM generate_series(1, 3) g', ARRAY['g * 10', '0.2', '0.25']),
 ('value_cutoffs_deprecated(value_summary,double precision,double precision)', 'SELECT value_cutoffs_deprecated({1}, {2}, {3})',
  ARRAY[$$'v1;numeric;0;-;-;3;10,20,30'$$, '0.2', '0.25']),
 ('value_tier(numeric,value_cutoffs_row,boolean)', 'SELECT value_tier({1}, {2}, {3})',
  ARRAY['25', 'ROW(3, 30, 20)', 'false']),
 ('value_tier(numeric,boolean,double precision[])',
  'SELECT value_tier({1}, {2}, {3}) OVER () FROM generate_series(1, 3) g',
  ARRAY['g * 10 - 10', 'g = 1', $$'{0.25,0.5}'$$]),
 ('value_tier(double precision,boolean,double precision[])',
  'SELECT value_tier({1}, {2}, {3}) OVER () FROM generate_series(1, 3) g',
  ARRAY['g * 10 - 10', 'g = 1', $$'{0.25,0.5}'$$]),
 ('value_tier(bigint,boolean,double precision[])',
  'SELECT value_tier({1}, {2}, {3}) OVER () FROM generate_series(1, 3) g',
  ARRAY['g * 10 - 10', 'g = 1', $$'{0.25,0.5}'$$]),
 ('value_tier_deprecated(numeric,boolean,double precision,double precision)',
  'SELECT value_tier_deprecated({1}, {2}, {3}, {4}) OVER () FROM generate_series(1, 3) g',
  ARRAY['g * 10 - 10', 'g = 1', '0.5', '0.5']),
 ('value_tier_deprecated(double precision,boolean,double precision,double precision)',
  'SELECT value_tier_deprecated({1}, {2}, {3}, {4}) OVER () FROM generate_series(1, 3) g',
  ARRAY['g * 10 - 10', 'g = 1', '0.5', '0.5']),
 ('percentile_tier(numeric,double precision[])', 'SELECT percentile_tier({1}, {2}) OVER () FROM generate_series(1, 3) g',
  ARRAY['g * 10', $$'{0.3,0.7}'$$]),
 ('percentile_tier(double precision,double precision[])', 'SELECT percentile_tier({1}, {2}) OVER () FROM generate_series(1, 3) g',
  ARRAY['g * 10', $$'{0.3,0.7}'$$]),
 ('percentile_tier(bigint,double precision[])', 'SELECT percentile_tier({1}, {2}) OVER () FROM generate_series(1, 3) g',
  ARRAY['g * 10', $$'{0.3,0.7}'$$]),
 ('top_share(bigint,double precision)', 'SELECT top_share({1}, {2}) FROM generate_series(1, 3) g', ARRAY['g * 10', '0.5']),
 ('top_share(numeric,double precision)', 'SELECT top_share({1}, {2}) FROM generate_series(1, 3) g', ARRAY['g * 10', '0.5']),
 ('top_share(double precision,double precision)', 'SELECT top_share({1}, {2}) FROM generate_series(1, 3) g', ARRAY['g * 10', '0.5']),
 ('top_share_final(value_summary,double precision)', 'SELECT top_share_final({1}, {2})', ARRAY[$$'v1;numeric;0;-;-;3;10,20,30'$$, '0.5']),
 ('top_share(value_summary,double precision)', 'SELECT top_share({1}, {2})', ARRAY[$$'v1;numeric;0;-;-;3;10,20,30'$$, '0.5']),
 ('value_curve(numeric)', 'SELECT value_curve({1}) FROM generate_series(1, 3) g', ARRAY['g * 10']),
 ('value_curve(numeric,integer)', 'SELECT value_curve({1}, {2}) FROM generate_series(1, 3) g', ARRAY['g * 10', '4']),
 ('value_curve(bigint)', 'SELECT value_curve({1}) FROM generate_series(1, 3) g', ARRAY['g * 10']),
 ('value_curve(bigint,integer)', 'SELECT value_curve({1}, {2}) FROM generate_series(1, 3) g', ARRAY['g * 10', '4']),
 ('value_curve(double precision)', 'SELECT value_curve({1}) FROM generate_series(1, 3) g', ARRAY['g * 10']),
 ('value_curve(double precision,integer)', 'SELECT value_curve({1}, {2}) FROM generate_series(1, 3) g', ARRAY['g * 10', '4']),
 ('value_curve_final(value_summary,integer)', 'SELECT value_curve_final({1}, {2})', ARRAY[$$'v1;numeric;0;-;-;3;10,20,30'$$, '4']),
 ('value_curve(value_summary,integer)', 'SELECT value_curve({1}, {2})', ARRAY[$$'v1;numeric;0;-;-;3;10,20,30'$$, '4']),
 -- aging
 ('days_past_due(date,date,date)', 'SELECT days_past_due({1}, {2}, {3})',
  ARRAY[$$'2026-01-31'$$, $$'2026-03-01'$$, $$'2026-02-10'$$]),
 ('aging_bucket(integer,integer[])', 'SELECT aging_bucket({1}, {2})', ARRAY['45', $$'{0,30,60,90,180}'$$]),
 ('aging_bucket(date,date,date,integer[])', 'SELECT aging_bucket({1}, {2}, {3}, {4})',
  ARRAY[$$'2026-01-31'$$, $$'2026-04-01'$$, $$'2026-03-10'$$, $$'{0,30,60,90,180}'$$]),
 ('aging_bucket_no(integer,integer[])', 'SELECT aging_bucket_no({1}, {2})', ARRAY['45', $$'{0,30,60,90,180}'$$]),
 ('aging_bucket_labels(integer[])', 'SELECT aging_bucket_labels({1})', ARRAY[$$'{0,30,60,90,180}'$$]),
 ('aging_profile_add(aging_state,numeric,integer)', 'SELECT aging_profile_add({1}, {2}, {3})',
  ARRAY[$$'v1;0;0;0;;'$$, '100.50', '45']),
 ('aging_profile_add(aging_state,numeric,integer,integer[])', 'SELECT aging_profile_add({1}, {2}, {3}, {4})',
  ARRAY[$$'v1;0;0;0;;'$$, '100.50', '45', $$'{0,30,60}'$$]),
 ('aging_profile_combine(aging_state,aging_state)', 'SELECT aging_profile_combine({1}, {2})',
  ARRAY[$$'v1;2;1;45225000;0,30,60,90,180;0,0,1005000,0,0,0'$$, $$'v1;2;1;45225000;0,30,60,90,180;0,0,1005000,0,0,0'$$]),
 ('aging_profile_final(aging_state)', 'SELECT aging_profile_final({1})',
  ARRAY[$$'v1;2;1;45225000;0,30,60,90,180;0,0,1005000,0,0,0'$$]),
 ('aging_bucket_totals_final(aging_state)', 'SELECT aging_bucket_totals_final({1})',
  ARRAY[$$'v1;2;1;45225000;0,30,60;0,0,1005000,0'$$]),
 ('aging_profile_final_array(aging_state)', 'SELECT aging_profile_final_array({1})',
  ARRAY[$$'v1;2;1;45225000;0,30,60;0,0,1005000,0'$$]),
 ('aging_profile(numeric,integer)', 'SELECT aging_profile({1}, {2}) FROM generate_series(1, 3) g',
  ARRAY['g * 100.50', 'g * 20']),
 ('aging_bucket_totals(numeric,integer,integer[])', 'SELECT aging_bucket_totals({1}, {2}, {3}) FROM generate_series(1, 3) g',
  ARRAY['g * 100.50', 'g * 20', $$'{0,30,60}'$$]),
 ('aging_bucket_totals_partial(numeric,integer,integer[])', 'SELECT aging_bucket_totals_partial({1}, {2}, {3}) FROM generate_series(1, 3) g',
  ARRAY['g * 100.50', 'g * 20', $$'{0,30,60}'$$]),
 ('aging_bucket_totals_merge(aging_state)', 'SELECT aging_bucket_totals_merge({1}) FROM generate_series(1, 3) g',
  ARRAY[$$'v1;2;1;45225000;0,30,60;0,0,1005000,0'$$]),
 ('aging_profile_partial(numeric,integer)', 'SELECT aging_profile_partial({1}, {2}) FROM generate_series(1, 3) g',
  ARRAY['g * 100.50', 'g * 20']),
 ('aging_profile_merge(aging_state)', 'SELECT aging_profile_merge({1}) FROM generate_series(1, 3) g',
  ARRAY[$$'v1;2;1;45225000;0,30,60,90,180;0,0,1005000,0,0,0'$$]),
 ('aging_state_merge(aging_state)', 'SELECT aging_state_merge({1}) FROM generate_series(1, 3) g',
  ARRAY[$$'v1;2;1;45225000;0,30,60,90,180;0,0,1005000,0,0,0'$$]),
 ('final_deadline(date,integer)', 'SELECT final_deadline({1}, {2})', ARRAY[$$'2026-01-01'$$, '60']),
 ('collection_stage(integer,integer,integer)', 'SELECT collection_stage({1}, {2}, {3})', ARRAY['45', '60', '30']),
 ('delinquency_cycle(integer)', 'SELECT delinquency_cycle({1})', ARRAY['45']),
 ('delinquency_label(integer)', 'SELECT delinquency_label({1})', ARRAY['45']),
 -- credit
 ('credit_state_combine(credit_state,credit_state)', 'SELECT credit_state_combine({1}, {2})',
  ARRAY[$$(SELECT payment_profile_partial('2026-01-01', '2026-02-01', '2026-03-01', 100.00, '2026-06-30'))$$,
        $$(SELECT payment_profile_partial('2026-03-01', '2026-04-01', NULL, 50.00, '2026-06-30'))$$]),
 ('payment_profile_merge(credit_state)', 'SELECT payment_profile_merge({1}) FROM generate_series(1, 3) g',
  ARRAY[$$(SELECT payment_profile_partial('2026-01-01', '2026-02-01', '2026-03-01', 100.00, '2026-06-30'))$$]),
 ('credit_state_merge(credit_state)', 'SELECT credit_state_merge({1}) FROM generate_series(1, 3) g',
  ARRAY[$$(SELECT payment_profile_partial('2026-01-01', '2026-02-01', '2026-03-01', 100.00, '2026-06-30'))$$]),
 ('recovery_rate_merge(credit_state)', 'SELECT recovery_rate_merge({1}) FROM generate_series(1, 3) g',
  ARRAY[$$(SELECT recovery_rate_partial(40.00, 100.00))$$]),
 ('payment_profile_add(credit_state,date,date,date,numeric,date)', 'SELECT payment_profile_add({1}, {2}, {3}, {4}, {5}, {6})',
  ARRAY[$$'v1;payment'$$, $$'2026-01-01'$$, $$'2026-02-01'$$, $$'2026-03-01'$$, '100.00', $$'2026-06-30'$$]),
 ('payment_profile_final(credit_state)', 'SELECT payment_profile_final({1})',
  ARRAY[$$(SELECT payment_profile_partial('2026-01-01', '2026-02-01', '2026-03-01', 100.00, '2026-06-30'))$$]),
 ('payment_profile(date,date,date,numeric,date)', 'SELECT payment_profile({1}, {2}, {3}, {4}, {5}) FROM generate_series(1, 3) g',
  ARRAY[$$DATE '2026-01-01' + 10 * g$$, $$DATE '2026-02-01' + 10 * g$$, $$DATE '2026-03-01' + 20 * g$$, 'g * 100', $$'2026-06-30'$$]),
 ('payment_profile_partial(date,date,date,numeric,date)', 'SELECT payment_profile_partial({1}, {2}, {3}, {4}, {5}) FROM generate_series(1, 3) g',
  ARRAY[$$DATE '2026-01-01' + 10 * g$$, $$DATE '2026-02-01' + 10 * g$$, $$DATE '2026-03-01' + 20 * g$$, 'g * 100', $$'2026-06-30'$$]),
 ('payment_state(date,date,date,numeric,date)', 'SELECT payment_state({1}, {2}, {3}, {4}, {5}) FROM generate_series(1, 3) g',
  ARRAY[$$DATE '2026-01-01' + 10 * g$$, $$DATE '2026-02-01' + 10 * g$$, $$DATE '2026-03-01' + 20 * g$$, 'g * 100', $$'2026-06-30'$$]),
 ('credit_grade(numeric,integer[])', 'SELECT credit_grade({1}, {2})', ARRAY['75', $$'{60,150,240}'$$]),
 ('credit_grade(payment_profile_row,integer[])', 'SELECT credit_grade({1}, {2})',
  ARRAY['ROW(2, 1, 75, 0.5, 10, 1, 100, 10, 100, 0)', $$'{60,150,240}'$$]),
 ('collection_terms(credit_grade_label)', 'SELECT collection_terms({1})', ARRAY[$$'B'$$]),
 ('overdue_class(numeric,integer,credit_grade_label,numeric,integer)', 'SELECT overdue_class({1}, {2}, {3}, {4}, {5})',
  ARRAY['500', '30', $$'B'$$, '10000', '180']),
 ('risk_group(bigint,numeric,integer,credit_grade_label,bigint,bigint,numeric,numeric,integer,integer)',
  'SELECT risk_group({1}, {2}, {3}, {4}, {5}, {6}, {7}, {8}, {9}, {10})',
  ARRAY['1', '500', '10', $$'A'$$, '2', '4', '1000', '10000', '31', '91']),
 ('overdue_class(payment_profile_row,numeric,integer)', 'SELECT overdue_class({1}, {2}, {3})',
  ARRAY['ROW(2, 1, 75, 0.5, 10, 1, 100, 10, 100, 0)', '10000', '180']),
 ('risk_group(payment_profile_row,bigint,bigint,numeric,numeric,integer,integer)',
  'SELECT risk_group({1}, {2}, {3}, {4}, {5}, {6}, {7})',
  ARRAY['ROW(2, 1, 75, 0.5, 10, 1, 100, 10, 100, 0)', '2', '4', '1000', '10000', '31', '91']),
 ('recovery_rate_add(credit_state,numeric,numeric)', 'SELECT recovery_rate_add({1}, {2}, {3})',
  ARRAY[$$'v1;recovery'$$, '40', '100']),
 ('recovery_rate_final(credit_state)', 'SELECT recovery_rate_final({1})', ARRAY[$$(SELECT recovery_rate_partial(40.00, 100.00))$$]),
 ('recovery_rate(numeric,numeric)', 'SELECT recovery_rate({1}, {2}) FROM generate_series(1, 3) g', ARRAY['g * 10', '100']),
 ('recovery_rate_partial(numeric,numeric)', 'SELECT recovery_rate_partial({1}, {2}) FROM generate_series(1, 3) g', ARRAY['g * 10', '100']),
 ('recovery_state(numeric,numeric)', 'SELECT recovery_state({1}, {2}) FROM generate_series(1, 3) g', ARRAY['g * 10', '100']),
 ('cycle_migration_add(credit_state,integer,integer,numeric)', 'SELECT cycle_migration_add({1}, {2}, {3}, {4})',
  ARRAY[$$'v1;roll'$$, '1', '2', '100']),
 ('cycle_migration_final(credit_state)', 'SELECT cycle_migration_final({1})', ARRAY[$$(SELECT cycle_migration_partial(1, 2, 100.00))$$]),
 ('cycle_migration(integer,integer,numeric)', 'SELECT cycle_migration({1}, {2}, {3}) FROM generate_series(1, 3) g',
  ARRAY['g', 'g + 1', 'g * 100']),
 ('cycle_migration_partial(integer,integer,numeric)', 'SELECT cycle_migration_partial({1}, {2}, {3}) FROM generate_series(1, 3) g',
  ARRAY['g', 'g + 1', 'g * 100']),
 ('cycle_migration_merge(credit_state)', 'SELECT cycle_migration_merge({1}) FROM generate_series(1, 3) g',
  ARRAY[$$(SELECT cycle_migration_partial(1, 2, 100.00))$$]),
 ('roll_rate_add(credit_state,integer,integer,numeric,boolean)', 'SELECT roll_rate_add({1}, {2}, {3}, {4}, {5})',
  ARRAY[$$'v1;roll_rate'$$, '1', '2', '100', 'false']),
 ('roll_rate_final(credit_state)', 'SELECT roll_rate_final({1})', ARRAY[$$(SELECT roll_rate_partial(1, 2, 100.00, false))$$]),
 ('roll_rate(integer,integer,numeric,boolean)', 'SELECT roll_rate({1}, {2}, {3}, {4}) FROM generate_series(1, 3) g',
  ARRAY['g', 'g + 1', 'g * 100', 'g = 3']),
 ('roll_rate_partial(integer,integer,numeric,boolean)', 'SELECT roll_rate_partial({1}, {2}, {3}, {4}) FROM generate_series(1, 3) g',
  ARRAY['g', 'g + 1', 'g * 100', 'g = 3']),
 ('roll_rate_merge(credit_state)', 'SELECT roll_rate_merge({1}) FROM generate_series(1, 3) g',
  ARRAY[$$(SELECT roll_rate_partial(1, 2, 100.00, false))$$]),
 ('roll_rate_flow(roll_rate_row[],integer)', 'SELECT roll_rate_flow({1}, {2})',
  ARRAY[$$(SELECT roll_rate(f, least(f + 1, 7), 100, f = 7) FROM generate_series(0, 7) f)$$, '5']),
 ('dso_countback_add(credit_state,numeric,numeric,integer,date)', 'SELECT dso_countback_add({1}, {2}, {3}, {4}, {5})',
  ARRAY[$$'v1;countback'$$, '150', '120', '31', $$'2026-03-31'$$]),
 ('dso_countback_final(credit_state)', 'SELECT dso_countback_final({1})', ARRAY[$$(SELECT dso_countback_partial(100.00, 120.00, 31, '2026-03-31'))$$]),
 ('dso_countback(numeric,numeric,integer,date)', 'SELECT dso_countback({1}, {2}, {3}, {4}) FROM generate_series(1, 3) g',
  ARRAY['50 * g', '90 + g', '30', $$DATE '2026-01-01' + 30 * g$$]),
 ('dso_countback_partial(numeric,numeric,integer,date)', 'SELECT dso_countback_partial({1}, {2}, {3}, {4}) FROM generate_series(1, 3) g',
  ARRAY['100 * g', '90 + g', '30', $$DATE '2026-01-01' + 30 * g$$]),
 ('dso_countback_merge(credit_state)', 'SELECT dso_countback_merge({1}) FROM generate_series(1, 3) g',
  ARRAY[$$(SELECT dso_countback_partial(150.00, 120.00, 31, '2026-03-31'))$$]),
 -- expected credit loss
 ('loss_rates_add(credit_state,date,date,numeric,boolean,integer,date)', 'SELECT loss_rates_add({1}, {2}, {3}, {4}, {5}, {6}, {7})',
  ARRAY[$$'v1;loss_rates'$$, $$'2026-01-31'$$, $$'2026-03-15'$$, '100', 'false', '180', $$'2026-06-30'$$]),
 ('loss_rates_final(credit_state)', 'SELECT loss_rates_final({1})',
  ARRAY[$$(SELECT loss_rates_partial('2026-01-31', NULL, 100.00, true, 180, '2026-06-30'))$$]),
 ('loss_rates(date,date,numeric,boolean,integer,date)', 'SELECT loss_rates({1}, {2}, {3}, {4}, {5}, {6}) FROM generate_series(1, 3) g',
  ARRAY[$$DATE '2026-01-31' + g$$, $$DATE '2026-02-15' + 20 * g$$, 'g * 100', 'g = 3', '180', $$'2026-06-30'$$]),
 ('loss_rates_partial(date,date,numeric,boolean,integer,date)', 'SELECT loss_rates_partial({1}, {2}, {3}, {4}, {5}, {6}) FROM generate_series(1, 3) g',
  ARRAY[$$DATE '2026-01-31' + g$$, $$DATE '2026-02-15' + 20 * g$$, 'g * 100', 'g = 3', '180', $$'2026-06-30'$$]),
 ('loss_rates_add(credit_state,date,date,numeric,boolean,integer,date,integer[])', 'SELECT loss_rates_add({1}, {2}, {3}, {4}, {5}, {6}, {7}, {8})',
  ARRAY[$$'v1;loss_rates'$$, $$'2026-01-31'$$, $$'2026-03-15'$$, '100', 'false', '180', $$'2026-06-30'$$, $$'{0,45}'$$]),
 ('loss_rates(date,date,numeric,boolean,integer,date,integer[])', 'SELECT loss_rates({1}, {2}, {3}, {4}, {5}, {6}, {7}) FROM generate_series(1, 3) g',
  ARRAY[$$'2026-01-31'$$, $$'2026-03-15'$$, '100.00', 'false', '180', $$'2026-06-30'$$, $$'{0,45}'$$]),
 ('loss_rates_partial(date,date,numeric,boolean,integer,date,integer[])', 'SELECT loss_rates_partial({1}, {2}, {3}, {4}, {5}, {6}, {7}) FROM generate_series(1, 3) g',
  ARRAY[$$'2026-01-31'$$, $$'2026-03-15'$$, '100.00', 'false', '180', $$'2026-06-30'$$, $$'{0,45}'$$]),
 ('loss_rates_merge(credit_state)', 'SELECT loss_rates_merge({1}) FROM generate_series(1, 3) g',
  ARRAY[$$(SELECT loss_rates_partial('2026-01-31', NULL, 100.00, true, 180, '2026-06-30'))$$]),
 ('ecl_allowance(numeric[],numeric[],numeric[])', 'SELECT ecl_allowance({1}, {2}, {3})',
  ARRAY[$$'{300000.00,140000.00}'$$, $$'{0.02,0.04}'$$, $$'{1.1}'$$]),
 -- collection channels
 ('sort_key(collection_channel_label)', 'SELECT sort_key({1})', ARRAY[$$'agency'::collection_channel_label$$]),
 ('collection_channel(integer,numeric,integer[],numeric)', 'SELECT collection_channel({1}, {2}, {3}, {4})',
  ARRAY['400', '60000', $$'{30,90,365,730}'$$, '50000']),
 ('collection_commission(integer,text,integer[],numeric[])', 'SELECT collection_commission({1}, {2}, {3}, {4})',
  ARRAY['400', $$'bank'$$, $$'{365}'$$, $$'{0.15,0.30}'$$]),
 ('collection_recovery(numeric,numeric,numeric,numeric)', 'SELECT collection_recovery({1}, {2}, {3}, {4})',
  ARRAY['7000', '0.4', '0.15', '100']),
 ('collection_best_channel(integer,numeric,numeric,numeric,numeric,text,integer[],numeric,numeric)',
  'SELECT collection_best_channel({1}, {2}, {3}, {4}, {5}, {6}, {7}, {8}, {9})',
  ARRAY['45', '7000', '0.5', '2', '125', $$'bank'$$, $$'{30,90,365,730}'$$, '50000', '0.15']),
 ('collection_workload_add(collection_state,collection_channel_label,numeric,numeric,numeric)',
  'SELECT collection_workload_add({1}, {2}, {3}, {4}, {5})',
  ARRAY[$$'v1;0,0,0,0,0;0,0,0,0,0;0,0,0,0,0;0,0,0,0,0;0,0,0,0,0'$$, $$'agency'$$, '7000', '0.4', '0.15']),
 ('collection_workload_combine(collection_state,collection_state)', 'SELECT collection_workload_combine({1}, {2})',
  ARRAY[$$(SELECT collection_workload_partial('agency', 7000, 0.4, 0.15))$$, $$(SELECT collection_workload_partial('in_house_1', 500, 0.9, NULL))$$]),
 ('collection_workload_final(collection_state)', 'SELECT collection_workload_final({1})',
  ARRAY[$$(SELECT collection_workload_partial('in_house_1', 7000, 0.4, NULL))$$]),
 ('collection_workload_final(collection_state,numeric,numeric,numeric,numeric)', 'SELECT collection_workload_final({1}, {2}, {3}, {4}, {5})',
  ARRAY[$$(SELECT collection_workload_partial('in_house_1', 7000, 0.4, NULL))$$, '125', '250', '20', '2']),
 ('collection_workload(collection_channel_label,numeric,numeric,numeric)', 'SELECT collection_workload({1}, {2}, {3}, {4}) FROM generate_series(1, 3) g',
  ARRAY[$$collection_channel(g * 200)$$, 'g * 1000', '0.5', '0.15']),
 ('collection_workload_partial(collection_channel_label,numeric,numeric,numeric)', 'SELECT collection_workload_partial({1}, {2}, {3}, {4}) FROM generate_series(1, 3) g',
  ARRAY[$$collection_channel(g * 200)$$, 'g * 1000', '0.5', '0.15']),
 ('collection_workload_merge(collection_state)', 'SELECT collection_workload_merge({1}) FROM generate_series(1, 3) g',
  ARRAY[$$(SELECT collection_workload_partial('agency', 7000, 0.4, 0.15))$$]),
 ('dso(numeric,numeric,integer)', 'SELECT dso({1}, {2}, {3})', ARRAY['150000', '900000', '365']),
 ('cei(numeric,numeric,numeric,numeric)', 'SELECT cei({1}, {2}, {3}, {4})', ARRAY['100000', '500000', '150000', '90000']),
 -- loyalty and behaviour
 ('loyalty_score(integer,numeric,numeric,integer,integer,double precision[])',
  'SELECT loyalty_score({1}, {2}, {3}, {4}, {5}, {6})',
  ARRAY['365', '12', '0.10', '1', '0', $$'{0.30,0.25,0.20,0.15,0.10}'$$]),
 ('loyalty_tier(numeric,double precision[])',
  'SELECT loyalty_tier({1}, {2}) OVER () FROM generate_series(1, 3) g', ARRAY['g * 10', $$'{0.2,0.5}'$$]),
 ('loyalty_tier_deprecated(numeric,double precision,double precision)',
  'SELECT loyalty_tier_deprecated({1}, {2}, {3}) OVER () FROM generate_series(1, 3) g', ARRAY['g * 10', '0.2', '0.3']),
 ('loyalty_cutoffs_add(value_summary,numeric,double precision[])', 'SELECT loyalty_cutoffs_add({1}, {2}, {3})',
  ARRAY[$$'v1;numeric;0;-;-;2;1,2'$$, '3', $$'{0.2,0.5}'$$]),
 ('loyalty_cutoffs_final(value_summary)', 'SELECT loyalty_cutoffs_final({1})', ARRAY[$$'v1;numeric;0;-;-;3;10,20,30'$$]),
 ('loyalty_cutoffs_final(value_summary,double precision[])', 'SELECT loyalty_cutoffs_final({1}, {2})',
  ARRAY[$$'v1;numeric;0;-;-;3;10,20,30'$$, $$'{0.2,0.5}'$$]),
 ('loyalty_cutoffs(numeric)', 'SELECT loyalty_cutoffs({1}) FROM generate_series(1, 3) g', ARRAY['g * 10']),
 ('loyalty_cutoffs(numeric,double precision[])', 'SELECT loyalty_cutoffs({1}, {2}) FROM generate_series(1, 3) g',
  ARRAY['g * 10', $$'{0.2,0.5}'$$]),
 ('loyalty_cutoffs_partial(numeric)', 'SELECT loyalty_cutoffs_partial({1}) FROM generate_series(1, 3) g', ARRAY['g * 10']),
 ('loyalty_cutoffs_merge(value_summary)', 'SELECT loyalty_cutoffs_merge({1}) FROM generate_series(1, 3) g',
  ARRAY[$$'v1;numeric;0;-;-;2;1,2'$$]),
 ('loyalty_tier_of(numeric,loyalty_cutoffs_row)', 'SELECT loyalty_tier_of({1}, {2})', ARRAY['25', 'ROW(3, 30, 20)']),
 ('holding_style(numeric,integer[])', 'SELECT holding_style({1}, {2})', ARRAY['90', $$'{60,180}'$$]),
 ('holding_class(numeric,integer[],text[])', 'SELECT holding_class({1}, {2}, {3})',
  ARRAY['45', $$'{7,30,90,180,365}'$$, $$'{day,week,month,quarter,half_year,year}'$$]),
 ('avg_holding_add(bigint[],numeric,numeric,integer)', 'SELECT avg_holding_add({1}, {2}, {3}, {4})',
  ARRAY[$$'{1,0,0,-1,0,0}'$$, '1000', '100000', '365']),
 ('avg_holding_combine(bigint[],bigint[])', 'SELECT avg_holding_combine({1}, {2})',
  ARRAY['(SELECT avg_holding_days_partial(1000, 100000, 365))', '(SELECT avg_holding_days_partial(-3000, 100000, 365))']),
 ('avg_holding_days_final(bigint[])', 'SELECT avg_holding_days_final({1})', ARRAY['(SELECT avg_holding_days_partial(1000, 100000, 365))']),
 ('avg_holding_final(bigint[])', 'SELECT avg_holding_final({1})', ARRAY['(SELECT avg_holding_days_partial(1000, 100000, 365))']),
 ('avg_holding_days(numeric,numeric,integer)', 'SELECT avg_holding_days({1}, {2}, {3}) FROM generate_series(1, 3) g',
  ARRAY['g * 1000', '100000', '365']),
 ('avg_holding_days_partial(numeric,numeric,integer)', 'SELECT avg_holding_days_partial({1}, {2}, {3}) FROM generate_series(1, 3) g',
  ARRAY['g * 1000', '100000', '365']),
 ('holding_days(numeric,numeric,integer)', 'SELECT holding_days({1}, {2}, {3})', ARRAY['2000', '100000', '365']),
 ('holding_state(numeric,numeric,integer)', 'SELECT holding_state({1}, {2}, {3}) FROM generate_series(1, 3) g',
  ARRAY['g * 1000', '100000', '365']),
 ('avg_holding_days_merge(bigint[])', 'SELECT avg_holding_days_merge({1}) FROM generate_series(1, 3) g',
  ARRAY['(SELECT avg_holding_days_partial(1000, 100000, 365))']),
 ('holding_state_merge(bigint[])', 'SELECT holding_state_merge({1}) FROM generate_series(1, 3) g',
  ARRAY['(SELECT avg_holding_days_partial(1000, 100000, 365))']),
 ('risk_appetite(numeric,numeric[])', 'SELECT risk_appetite({1}, {2})', ARRAY['0.5', $$'{0.3,0.7}'$$]),
 ('is_dormant(date,date,integer)', 'SELECT is_dormant({1}, {2}, {3})', ARRAY[$$'2026-01-01'$$, $$'2026-06-30'$$, '180']),
 ('rfm_score_deprecated(integer,numeric,numeric)', 'SELECT rfm_score_deprecated({1}, {2}, {3}) OVER () FROM generate_series(1, 3) g',
  ARRAY['g * 10', 'g', 'g * 100']),
 ('rfm_score(integer,numeric,numeric,integer,text,integer[],numeric[],numeric[])',
  'SELECT rfm_score({1}, {2}, {3}, {4}, {5}, {6}, {7}, {8}) OVER () FROM generate_series(1, 3) g',
  ARRAY['g * 10', 'g', 'g * 100', '5', $$'r_rfm'$$, $$'{30,90}'$$, $$'{2,5}'$$, $$'{100,500}'$$]),
 ('rfm_cutoffs(value_summary,value_summary,value_summary,integer,text)', 'SELECT rfm_cutoffs({1}, {2}, {3}, {4}, {5})',
  ARRAY[$$'v1;numeric;0;-;-;3;10,20,30'$$, $$'v1;numeric;0;-;-;3;1,2,3'$$, $$'v1;numeric;1;-;-;3;1.5,20,300'$$, '5', $$'ntile'$$]),
 ('rfm_score(integer,numeric,numeric,rfm_cutoffs_row)', 'SELECT rfm_score({1}, {2}, {3}, {4})',
  ARRAY['20', '2', '100', $$ROW(3, 5, 'ntile', '{20,10}', '{2,3}', '{20,300}')$$]),
 ('rfm_segment(text)', 'SELECT rfm_segment({1})', ARRAY[$$'545'$$]),
 ('rfm_segment(rfm_score_row)', 'SELECT rfm_segment({1})', ARRAY['ROW(5, 4, 5)']),
 ('rfm_segment(rfm_score_row,jsonb)', 'SELECT rfm_segment({1}, {2})',
  ARRAY['ROW(5, 4, 5)', $$'[{"segment": "best", "r": [4, 5], "fm": 5}, {"segment": "other"}]'$$]),
 ('rfm_default_segment_map()', 'SELECT rfm_default_segment_map()', '{}'),
 -- churn and lifetime value: the fits (200 rows: three cannot identify a
 -- model), their r or p rounded (the last digits depend on the libm)
 ('btyd_state_combine(btyd_state,btyd_state)', 'SELECT btyd_state_combine({1}, {2})',
  ARRAY[$$'v1;bgnbd;3;1,2.5,10*2;3,8,10'$$, $$'v1;bgnbd;1;0,0,10'$$]),
 ('bgnbd_fit_add(btyd_state,integer,double precision,double precision)', 'SELECT bgnbd_fit_add({1}, {2}, {3}, {4})',
  ARRAY[$$'v1;bgnbd;1;0,0,10'$$, '2', '5.5', '10']),
 ('bgnbd_fit_final(btyd_state)', 'SELECT round((bgnbd_fit_final({1})).r::numeric, 6)', ARRAY['(SELECT bgnbd_fit_partial((least(floor(ln(((g * 29) % 97 + 1) / 98.0) / ln(1 - ((g * 13) % 10 + 1) / 25.0)), floor(38 * ((g * 37) % 100 + 1) / 100.0)))::int, (least(floor(ln(((g * 29) % 97 + 1) / 98.0) / ln(1 - ((g * 13) % 10 + 1) / 25.0)), floor(38 * ((g * 37) % 100 + 1) / 100.0))) * 100.0 / ((g * 37) % 100 + 1), 40 - g % 3) FROM generate_series(1, 200) g)']),
 ('bgnbd_fit(integer,double precision,double precision)', 'SELECT round((bgnbd_fit({1}, {2}, {3})).r::numeric, 6) FROM generate_series(1, 200) g',
  ARRAY['(least(floor(ln(((g * 29) % 97 + 1) / 98.0) / ln(1 - ((g * 13) % 10 + 1) / 25.0)), floor(38 * ((g * 37) % 100 + 1) / 100.0)))::int', '(least(floor(ln(((g * 29) % 97 + 1) / 98.0) / ln(1 - ((g * 13) % 10 + 1) / 25.0)), floor(38 * ((g * 37) % 100 + 1) / 100.0))) * 100.0 / ((g * 37) % 100 + 1)', '40 - g % 3']),
 ('bgnbd_fit_partial(integer,double precision,double precision)', 'SELECT bgnbd_fit_partial({1}, {2}, {3}) FROM generate_series(1, 3) g',
  ARRAY['g', 'g * 2.5', '10']),
 ('bgnbd_fit_merge(btyd_state)', 'SELECT bgnbd_fit_merge({1}) FROM generate_series(1, 3) g', ARRAY[$$'v1;bgnbd;2;1,2.5,10*2'$$]),
 ('gamma_gamma_fit_add(btyd_state,integer,double precision)', 'SELECT gamma_gamma_fit_add({1}, {2}, {3})',
  ARRAY[$$'v1;gamma_gamma;1;1,20'$$, '2', '35.5']),
 ('gamma_gamma_fit_final(btyd_state)', 'SELECT round((gamma_gamma_fit_final({1})).p::numeric, 6)', ARRAY['(SELECT gamma_gamma_fit_partial(1 + g % 5, (10 + (g * 37) % 41) * (1 + (g * 11) % 7)) FROM generate_series(1, 200) g)']),
 ('gamma_gamma_fit(integer,double precision)', 'SELECT round((gamma_gamma_fit({1}, {2})).p::numeric, 6) FROM generate_series(1, 200) g',
  ARRAY['1 + g % 5', '(10 + (g * 37) % 41) * (1 + (g * 11) % 7)']),
 ('gamma_gamma_fit_partial(integer,double precision)', 'SELECT gamma_gamma_fit_partial({1}, {2}) FROM generate_series(1, 3) g',
  ARRAY['g', 'g * 12.5']),
 ('gamma_gamma_fit_merge(btyd_state)', 'SELECT gamma_gamma_fit_merge({1}) FROM generate_series(1, 3) g', ARRAY[$$'v1;gamma_gamma;2;1,20*2'$$]),
 -- purchase summaries
 ('purchase_summary_add(purchase_state,date,numeric,date)', 'SELECT purchase_summary_add({1}, {2}, {3}, {4})',
  ARRAY[$$'v1;8795;0;8766,2,155000'$$, $$'2024-01-05'$$, '2.50', $$'2024-01-30'$$]),
 ('purchase_summary_add(purchase_state,date,numeric,date,integer)', 'SELECT purchase_summary_add({1}, {2}, {3}, {4}, {5})',
  ARRAY[$$'v1;8795;7;8766,2,155000'$$, $$'2024-01-05'$$, '2.50', $$'2024-01-30'$$, '7']),
 ('purchase_summary_combine(purchase_state,purchase_state)', 'SELECT purchase_summary_combine({1}, {2})',
  ARRAY[$$'v1;8795;0;8766,2,155000'$$, $$'v1;8795;0;8766,0,10000,8770,0,20000'$$]),
 ('purchase_summary_final(purchase_state)', 'SELECT purchase_summary_final({1})',
  ARRAY[$$'v1;8795;0;8766,2,155000,8770,0,20000'$$]),
 ('purchase_summary_final(purchase_state,integer)', 'SELECT purchase_summary_final({1}, {2})',
  ARRAY[$$'v1;8795;0;8766,2,155000,8770,0,20000'$$, '7']),
 ('purchase_summary(date,numeric,date)', 'SELECT purchase_summary({1}, {2}, {3}) FROM generate_series(1, 3) g',
  ARRAY[$$DATE '2026-01-01' + 10 * g$$, 'g * 100', $$'2026-06-30'$$]),
 ('purchase_summary(date,numeric,date,integer)', 'SELECT purchase_summary({1}, {2}, {3}, {4}) FROM generate_series(1, 3) g',
  ARRAY[$$DATE '2026-01-01' + 10 * g$$, 'g * 100', $$'2026-06-30'$$, '7']),
 ('purchase_summary_partial(date,numeric,date)', 'SELECT purchase_summary_partial({1}, {2}, {3}) FROM generate_series(1, 3) g',
  ARRAY[$$DATE '2026-01-01' + 10 * g$$, 'g * 100', $$'2026-06-30'$$]),
 ('purchase_summary_merge(purchase_state)', 'SELECT purchase_summary_merge({1}) FROM generate_series(1, 3) g',
  ARRAY[$$'v1;8795;0;8766,2,155000,8770,0,20000'$$]),
 -- trade summaries
 ('trade_summary_add(trade_state,date,numeric,numeric,integer,date)', 'SELECT trade_summary_add({1}, {2}, {3}, {4}, {5}, {6})',
  ARRAY[$$'v1;9677;365;9670;2;2,4,2,0,125000;2,4,2,0,5000000;9600,20000,0,125000;9600,9670'$$, $$'2026-06-01'$$, '100.00', '2.50', '365', $$'2026-06-30'$$]),
 ('trade_summary_combine(trade_state,trade_state)', 'SELECT trade_summary_combine({1}, {2})',
  ARRAY[$$'v1;9677;365;9670;2;2,4,2,0,125000;2,4,2,0,5000000;9600,20000,0,125000;9600,9670'$$, $$'v1;9677;365;9640;1;1,4,1,0,15000;1,4,0,0,1000000;9640,15000,0,15000;9640'$$]),
 ('trade_summary_final(trade_state)', 'SELECT trade_summary_final({1})',
  ARRAY[$$'v1;9677;365;9670;2;2,4,2,0,125000;2,4,2,0,5000000;9600,20000,0,125000;9600,9670'$$]),
 ('trade_summary(date,numeric,numeric,integer,date)', 'SELECT trade_summary({1}, {2}, {3}, {4}, {5}) FROM generate_series(1, 3) g',
  ARRAY[$$DATE '2026-01-01' + 10 * g$$, 'g * 100', 'g * 1.5', '365', $$'2026-06-30'$$]),
 ('trade_summary_partial(date,numeric,numeric,integer,date)', 'SELECT trade_summary_partial({1}, {2}, {3}, {4}, {5}) FROM generate_series(1, 3) g',
  ARRAY[$$DATE '2026-01-01' + 10 * g$$, 'g * 100', 'g * 1.5', '365', $$'2026-06-30'$$]),
 ('trade_summary_merge(trade_state)', 'SELECT trade_summary_merge({1}) FROM generate_series(1, 3) g',
  ARRAY[$$'v1;9677;365;9670;2;2,4,2,0,125000;2,4,2,0,5000000;9600,20000,0,125000;9600,9670'$$]),
 -- invoice summaries
 ('invoice_summary_add(invoice_state,date,date,date,numeric,integer[],integer,date)', 'SELECT invoice_summary_add({1}, {2}, {3}, {4}, {5}, {6}, {7}, {8})',
  ARRAY[$$'v1;warning|v1;payment;2;1,9586,3,1,1,59,59,13504000,0,998669000,12505000,0,10000000,10999000,-400000|v1;2;2;590000000;0,30,60,90,180;999000,0,10000000,0,0,0|v1;2;2;590000000;0,30,60,90,180;999000,0,10000000,0,0,0'$$, $$'2026-01-01'$$, $$'2026-01-31'$$, 'NULL::date', '100.00', $$'{0,30,60,90,180}'$$, '30', $$'2026-03-31'$$]),
 ('invoice_summary_combine(invoice_state,invoice_state)', 'SELECT invoice_summary_combine({1}, {2})',
  ARRAY[$$'v1;warning|v1;payment;2;1,9586,3,1,1,59,59,13504000,0,998669000,12505000,0,10000000,10999000,-400000|v1;2;2;590000000;0,30,60,90,180;999000,0,10000000,0,0,0|v1;2;2;590000000;0,30,60,90,180;999000,0,10000000,0,0,0'$$, $$'v1;|v1;payment;2;1,9586,1,1,0,0,-1,100000,0,3000000,100000,100000,0,0,0|v1;0;0;0;;|v1;0;0;0;;'$$]),
 ('invoice_summary_final(invoice_state)', 'SELECT invoice_summary_final({1})',
  ARRAY[$$'v1;warning|v1;payment;2;1,9586,3,1,1,59,59,13504000,0,998669000,12505000,0,10000000,10999000,-400000|v1;2;2;590000000;0,30,60,90,180;999000,0,10000000,0,0,0|v1;2;2;590000000;0,30,60,90,180;999000,0,10000000,0,0,0'$$]),
 ('invoice_summary(date,date,date,numeric,integer[],integer,date)', 'SELECT invoice_summary({1}, {2}, {3}, {4}, {5}, {6}, {7}) FROM generate_series(1, 3) g',
  ARRAY[$$DATE '2026-01-01' + 10 * g$$, $$DATE '2026-01-31' + 10 * g$$, 'NULL::date', 'g * 100', $$'{0,30,60,90,180}'$$, '30', $$'2026-06-30'$$]),
 ('invoice_summary_partial(date,date,date,numeric,integer[],integer,date)', 'SELECT invoice_summary_partial({1}, {2}, {3}, {4}, {5}, {6}, {7}) FROM generate_series(1, 3) g',
  ARRAY[$$DATE '2026-01-01' + 10 * g$$, $$DATE '2026-01-31' + 10 * g$$, 'NULL::date', 'g * 100', $$'{0,30,60,90,180}'$$, '30', $$'2026-06-30'$$]),
 ('invoice_summary_merge(invoice_state)', 'SELECT invoice_summary_merge({1}) FROM generate_series(1, 3) g',
  ARRAY[$$'v1;warning|v1;payment;2;1,9586,3,1,1,59,59,13504000,0,998669000,12505000,0,10000000,10999000,-400000|v1;2;2;590000000;0,30,60,90,180;999000,0,10000000,0,0,0|v1;2;2;590000000;0,30,60,90,180;999000,0,10000000,0,0,0'$$]),
 -- sort keys
 ('sort_key(value_tier_label)', 'SELECT sort_key({1})', ARRAY[$$'general'::value_tier_label$$]),
 ('sort_key(credit_grade_label)', 'SELECT sort_key({1})', ARRAY[$$'B'::credit_grade_label$$]),
 ('sort_key(rfm_segment_label)', 'SELECT sort_key({1})', ARRAY[$$'at_risk'::rfm_segment_label$$]),
 ('sort_key(holding_style_label)', 'SELECT sort_key({1})', ARRAY[$$'mid_term'::holding_style_label$$]),
 ('sort_key(loyalty_tier_label)', 'SELECT sort_key({1})', ARRAY[$$'high'::loyalty_tier_label$$]),
 ('sort_key(risk_group_label)', 'SELECT sort_key({1})', ARRAY[$$'medium'::risk_group_label$$]),
 ('sort_key(risk_appetite_label)', 'SELECT sort_key({1})', ARRAY[$$'balanced'::risk_appetite_label$$]),
 ('sort_key(overdue_class_label)', 'SELECT sort_key({1})', ARRAY[$$'C'::overdue_class_label$$]),
 ('sort_key(collection_stage_label)', 'SELECT sort_key({1})', ARRAY[$$'notice'::collection_stage_label$$]),
 -- bounded-traffic cut-offs (bi_values: a view of three rows, created above)
 ('cutoff_counts_add(cutoff_histogram,numeric)', 'SELECT cutoff_counts_add({1}, {2})',
  ARRAY['(SELECT cutoff_counts(10))', '20']),
 ('cutoff_counts_add(cutoff_histogram,numeric,cutoff_histogram)', 'SELECT cutoff_counts_add({1}, {2}, {3})',
  ARRAY['NULL::cutoff_histogram', '20', '(SELECT cutoff_round(cutoff_counts(x * 10)) FROM generate_series(1, 3) x)']),
 ('cutoff_counts_combine(cutoff_histogram,cutoff_histogram)', 'SELECT cutoff_counts_combine({1}, {2})',
  ARRAY['(SELECT cutoff_counts(10))', '(SELECT cutoff_counts(20))']),
 ('cutoff_counts_final(cutoff_histogram)', 'SELECT cutoff_counts_final({1})', ARRAY['(SELECT cutoff_counts(10))']),
 ('cutoff_counts(numeric)', 'SELECT cutoff_counts({1}) FROM generate_series(1, 3) g', ARRAY['g * 10']),
 ('cutoff_counts(numeric,cutoff_histogram)', 'SELECT cutoff_counts({1}, {2}) FROM generate_series(1, 3) g',
  ARRAY['g * 10', '(SELECT cutoff_round(cutoff_counts(x * 10)) FROM generate_series(1, 3) x)']),
 ('cutoff_counts_partial(numeric)', 'SELECT cutoff_counts_partial({1}) FROM generate_series(1, 3) g', ARRAY['g * 10']),
 ('cutoff_counts_partial(numeric,cutoff_histogram)', 'SELECT cutoff_counts_partial({1}, {2}) FROM generate_series(1, 3) g',
  ARRAY['g * 10', '(SELECT cutoff_round(cutoff_counts(x * 10)) FROM generate_series(1, 3) x)']),
 ('cutoff_counts_merge(cutoff_histogram)', 'SELECT cutoff_counts_merge({1}) FROM generate_series(1, 3) g',
  ARRAY['(SELECT cutoff_counts(10))']),
 ('cutoff_round(cutoff_histogram,double precision[])', 'SELECT cutoff_round({1}, {2})',
  ARRAY['(SELECT cutoff_counts(x * 10) FROM generate_series(1, 3) x)', $$'{0.3,0.7}'$$]),
 ('cutoff_result(cutoff_histogram)', 'SELECT cutoff_result({1})', ARRAY['(SELECT cutoff_round(cutoff_counts(0.0001)))']),
 ('value_cutoffs_bounded(regclass,name,double precision[])', 'SELECT value_cutoffs_bounded({1}, {2}, {3})',
  ARRAY[$$'bi_values'$$, $$'net'$$, $$'{0.3,0.7}'$$]),
 -- the segmentation model's rule check
 ('segmentation_rule_check(text,text)', 'SELECT segmentation_rule_check({1}, {2})', ARRAY[$$'lookback_days'$$, $$'365'$$]),
 -- churn and lifetime value: predictions (rounded: the last bits of exp and
 -- log differ between platforms)
 ('bgnbd_p_alive(bgnbd_row,integer,double precision,double precision)', 'SELECT round(bgnbd_p_alive({1}, {2}, {3}, {4})::numeric, 10)',
  ARRAY['ROW(0.243, 4.414, 0.793, 2.426, NULL, NULL, NULL)', '2', '30.43', '38.86']),
 ('bgnbd_expected_purchases(bgnbd_row,integer,double precision,double precision,double precision)',
  'SELECT round(bgnbd_expected_purchases({1}, {2}, {3}, {4}, {5})::numeric, 10)',
  ARRAY['ROW(0.243, 4.414, 0.793, 2.426, NULL, NULL, NULL)', '2', '30.43', '38.86', '39']),
 ('bgnbd_expected_purchases_new(bgnbd_row,double precision)', 'SELECT round(bgnbd_expected_purchases_new({1}, {2})::numeric, 10)',
  ARRAY['ROW(0.243, 4.414, 0.793, 2.426, NULL, NULL, NULL)', '39']),
 ('gamma_gamma_expected_value(gamma_gamma_row,integer,double precision)', 'SELECT round(gamma_gamma_expected_value({1}, {2}, {3})::numeric, 10)',
  ARRAY['ROW(6.25, 3.74, 15.44, NULL, NULL, NULL)', '2', '35.5']),
 ('customer_lifetime_value(bgnbd_row,gamma_gamma_row,integer,double precision,double precision,double precision,integer,double precision,double precision)',
  'SELECT round(customer_lifetime_value({1}, {2}, {3}, {4}, {5}, {6}, {7}, {8}, {9})::numeric, 10)',
  ARRAY['ROW(0.243, 4.414, 0.793, 2.426, NULL, NULL, NULL)', 'ROW(6.25, 3.74, 15.44, NULL, NULL, NULL)',
        '2', '30.43', '38.86', '35.5', '13', '4', '0.01']);

-- coverage: every function of the extension has a base call, except the
-- type I/O functions (text input is tested below; binary I/O is not
-- reachable from SQL), and the four functions of the segmentation model that
-- run DDL (segmentation_model_create, _refresh, _drop, segmentation_rules:
-- sql/model.sql calls them with NULLs, hostile schema names and missing
-- inputs); and every base call names each argument once
SELECT p.oid::regprocedure AS missing_base_call
FROM pg_proc p
JOIN pg_depend d ON d.classid = 'pg_proc'::regclass AND d.objid = p.oid AND d.deptype = 'e'
JOIN pg_extension e ON e.oid = d.refobjid AND e.extname = 'customer_seg'
WHERE NOT EXISTS (SELECT FROM pg_type t WHERE p.oid IN (t.typinput, t.typoutput, t.typreceive, t.typsend))
  AND p.oid NOT IN ('segmentation_model_create(text,text)'::regprocedure, 'segmentation_model_refresh(text,boolean)'::regprocedure,
                    'segmentation_model_drop(text)'::regprocedure, 'segmentation_rules(text)'::regprocedure)
  AND NOT EXISTS (SELECT FROM base_call b WHERE b.fn = p.oid);
SELECT b.fn AS malformed_base_call
FROM base_call b JOIN pg_proc p ON p.oid = b.fn
WHERE cardinality(b.valid) <> p.pronargs
   OR ARRAY(SELECT m[1]::int FROM regexp_matches(b.call, '\{(\d+)\}', 'g') m ORDER BY 1)
      <> ARRAY(SELECT generate_series(1, p.pronargs::int));
SELECT count(*) AS functions, count(*) FILTER (WHERE p.prokind = 'a') AS aggregates,
       count(*) FILTER (WHERE p.prokind = 'w') AS window_functions, sum(p.pronargs) AS arguments
FROM base_call b JOIN pg_proc p ON p.oid = b.fn;

-- Hostile values per argument type: SQL expressions, cast to the type when
-- used; {v} stands for the argument's valid value.
CREATE TEMP TABLE hostile (typ text, ord int, label text, expr text, PRIMARY KEY (typ, label));
INSERT INTO hostile SELECT 'numeric', ord, label, expr FROM (VALUES
 (1, 'NULL', 'NULL'), (2, 'NaN', $$'NaN'$$), (3, 'Infinity', $$'Infinity'$$), (4, '-Infinity', $$'-Infinity'$$),
 (5, '-1', '-1'), (6, '0', '0'), (7, '1e300', '1e300'), (8, '1000 digits', $$repeat('9', 1000)$$),
 (9, '5 decimals', '0.00001')) v(ord, label, expr);
INSERT INTO hostile SELECT 'double precision', ord, label, expr FROM (VALUES
 (1, 'NULL', 'NULL'), (2, 'NaN', $$'NaN'$$), (3, 'Infinity', $$'Infinity'$$), (4, '-Infinity', $$'-Infinity'$$),
 (5, '-1', '-1'), (6, '0', '0'), (7, '1e308', '1e308'), (8, '-0', $$'-0'$$)) v(ord, label, expr);
INSERT INTO hostile SELECT 'integer', ord, label, expr FROM (VALUES
 (1, 'NULL', 'NULL'), (2, '-1', '-1'), (3, '0', '0'), (4, 'max', '2147483647'), (5, 'min', '-2147483648')) v(ord, label, expr);
INSERT INTO hostile SELECT 'bigint', ord, label, expr FROM (VALUES
 (1, 'NULL', 'NULL'), (2, '-1', '-1'), (3, '0', '0'), (4, 'max', '9223372036854775807'),
 (5, 'min', '-9223372036854775808')) v(ord, label, expr);
INSERT INTO hostile SELECT 'date', ord, label, expr FROM (VALUES
 (1, 'NULL', 'NULL'), (2, 'infinity', $$'infinity'$$), (3, '-infinity', $$'-infinity'$$),
 (4, 'first', $$'4713-01-01 BC'$$), (5, 'last', $$'5874897-12-31'$$)) v(ord, label, expr);
INSERT INTO hostile SELECT 'boolean', 1, 'NULL', 'NULL';
INSERT INTO hostile SELECT 'text', ord, label, expr FROM (VALUES
 (1, 'NULL', 'NULL'), (2, 'empty', $$''$$), (3, 'junk', $$'5x5'$$), (4, 'spaces', $$' 545 '$$),
 (5, '1M chars', $$repeat('5', 1000000)$$)) v(ord, label, expr);
-- arrays: shape, NULLs, order and size, derived from the valid array
INSERT INTO hostile SELECT t, ord, label, expr FROM
 (VALUES ('integer[]'), ('double precision[]'), ('numeric[]'), ('text[]'), ('bigint[]')) a(t),
 (VALUES (1, 'NULL', 'NULL'), (2, 'empty', $$'{}'$$), (3, '{NULL}', $$'{NULL}'$$),
         (4, 'NULL element', 'array_append({v}[1:cardinality({v}) - 1], NULL)'),
         (5, 'reversed', $$ARRAY(SELECT x FROM unnest({v}) WITH ORDINALITY u(x, i) ORDER BY i DESC)$$),
         (6, 'duplicate', $${v}[1:1] || {v}[1:cardinality({v}) - 1]$$),
         (7, '2-D', 'ARRAY[{v}, {v}]'),
         (8, 'lower bound 0', $$('[0:' || cardinality({v}) - 1 || ']=' || {v}::text)$$),
         (9, '1M elements', 'array_fill({v}[1], ARRAY[1000000])')) v(ord, label, expr);
INSERT INTO hostile SELECT t, ord, label, expr FROM
 (VALUES ('integer[]'), ('double precision[]'), ('numeric[]')) a(t),
 (VALUES (10, 'negative', 'array_prepend(-1, {v}[2:])'), (11, 'zero', 'array_prepend(0, {v}[2:])'),
         (12, 'max last', 'array_append({v}[1:cardinality({v}) - 1], 2147483647)')) v(ord, label, expr);
INSERT INTO hostile SELECT t, ord, label, expr FROM
 (VALUES ('double precision[]'), ('numeric[]')) a(t),
 (VALUES (13, 'NaN last', $$array_append({v}[1:cardinality({v}) - 1], 'NaN')$$),
         (14, 'Infinity last', $$array_append({v}[1:cardinality({v}) - 1], 'Infinity')$$),
         (15, 'huge last', $$array_append({v}[1:cardinality({v}) - 1], '1e300')$$)) v(ord, label, expr);
-- enums and composites
INSERT INTO hostile VALUES ('credit_grade_label', 1, 'NULL', 'NULL');
INSERT INTO hostile VALUES ('value_tier_label', 1, 'NULL', 'NULL');
INSERT INTO hostile VALUES ('rfm_segment_label', 1, 'NULL', 'NULL');
INSERT INTO hostile VALUES ('holding_style_label', 1, 'NULL', 'NULL');
INSERT INTO hostile VALUES ('loyalty_tier_label', 1, 'NULL', 'NULL');
INSERT INTO hostile VALUES ('risk_group_label', 1, 'NULL', 'NULL');
INSERT INTO hostile VALUES ('risk_appetite_label', 1, 'NULL', 'NULL');
INSERT INTO hostile VALUES ('overdue_class_label', 1, 'NULL', 'NULL');
INSERT INTO hostile VALUES ('collection_stage_label', 1, 'NULL', 'NULL');
INSERT INTO hostile SELECT 'value_cutoffs_row', ord, label, expr FROM (VALUES
 (1, 'NULL', 'NULL'), (2, 'row of NULLs', 'ROW(NULL, NULL, NULL)'), (3, 'NaN cut-offs', $$ROW(3, 'NaN', 'NaN')$$),
 (4, 'inverted', 'ROW(-1, 10, 30)')) v(ord, label, expr);
INSERT INTO hostile SELECT 'payment_profile_row', ord, label, expr FROM (VALUES
 (1, 'NULL', 'NULL'), (2, 'row of NULLs', 'ROW(NULL, NULL, NULL, NULL, NULL, NULL, NULL, NULL, NULL, NULL)'),
 (3, 'NaN measures', $$ROW(2, 1, 'NaN', 'NaN', 10, 1, 'NaN', 10, 'NaN', 'NaN')$$),
 (4, 'negative measures', 'ROW(-1, -1, -75, -1, -10, -1, -100, -10, -100, 0)')) v(ord, label, expr);
INSERT INTO hostile SELECT 'rfm_score_row', ord, label, expr FROM (VALUES
 (1, 'NULL', 'NULL'), (2, 'row of NULLs', 'ROW(NULL, NULL, NULL)'), (3, 'zeros', 'ROW(0, 0, 0)'),
 (4, 'bin 6', 'ROW(6, 1, 1)'), (5, 'negative', 'ROW(-1, -1, -1)'),
 (6, 'max', 'ROW(2147483647, 2147483647, 2147483647)')) v(ord, label, expr);
INSERT INTO hostile SELECT 'bgnbd_row', ord, label, expr FROM (VALUES
 (1, 'NULL', 'NULL'), (2, 'row of NULLs', 'ROW(NULL, NULL, NULL, NULL, NULL, NULL, NULL)'),
 (3, 'NaN r', $$ROW('NaN', 4.414, 0.793, 2.426, NULL, NULL, NULL)$$), (4, 'zero alpha', 'ROW(0.243, 0, 0.793, 2.426, NULL, NULL, NULL)'),
 (5, 'negative a', 'ROW(0.243, 4.414, -0.793, 2.426, NULL, NULL, NULL)'),
 (6, 'infinite b', $$ROW(0.243, 4.414, 0.793, 'Infinity', NULL, NULL, NULL)$$),
 (7, 'a = 1', 'ROW(0.243, 4.414, 1, 2.426, NULL, NULL, NULL)'),
 (8, 'extreme', 'ROW(1e300, 1e-300, 1e300, 1e-300, NULL, NULL, NULL)')) v(ord, label, expr);
INSERT INTO hostile SELECT 'gamma_gamma_row', ord, label, expr FROM (VALUES
 (1, 'NULL', 'NULL'), (2, 'row of NULLs', 'ROW(NULL, NULL, NULL, NULL, NULL, NULL)'),
 (3, 'NaN p', $$ROW('NaN', 3.74, 15.44, NULL, NULL, NULL)$$), (4, 'q = 1', 'ROW(6.25, 1, 15.44, NULL, NULL, NULL)'),
 (5, 'negative gamma', 'ROW(6.25, 3.74, -15.44, NULL, NULL, NULL)'),
 (6, 'extreme', 'ROW(1e300, 1e300, 1e300, NULL, NULL, NULL)')) v(ord, label, expr);
INSERT INTO hostile SELECT 'jsonb', ord, label, expr FROM (VALUES
 (1, 'NULL', 'NULL'), (2, 'empty array', $$'[]'$$), (3, 'object', $$'{"segment": "x"}'$$), (4, 'scalar', $$'1'$$),
 (5, 'rule not object', $$'[1]'$$), (6, 'no segment', $$'[{"r": 5}]'$$), (7, 'unknown key', $$'[{"segment": "x", "freq": 1}]'$$),
 (8, 'range 0', $$'[{"segment": "x", "r": [0, 5]}]'$$), (9, 'inverted range', $$'[{"segment": "x", "r": [5, 1]}]'$$),
 (10, 'fraction', $$'[{"segment": "x", "m": 2.5}]'$$), (11, 'huge', $$'[{"segment": "x", "m": 1e300}]'$$),
 (12, '1001 rules', $$(SELECT jsonb_agg('{"segment": "x"}'::jsonb) FROM generate_series(1, 1001))$$)) v(ord, label, expr);
-- state types: NULL, the empty state, states of the wrong kind, extreme states
INSERT INTO hostile SELECT 'value_summary', ord, label, expr FROM (VALUES
 (1, 'NULL', 'NULL'), (2, 'empty', $$'v1;none;0;-;-;0;'$$),
 (3, 'float8 kind', $$'v1;float8;0;-;-;2;1,2'$$), (4, 'numeric kind', $$'v1;numeric;0;-;-;2;1,2'$$),
 (5, 'share params', $$'v1;numeric;0;0.2;0.25;2;1,2'$$), (6, 'points param', $$'v1;numeric;0;100;-;2;1,2'$$),
 (7, 'odd params', $$'v1;numeric;0;1e300;2.5;2;1,2'$$),
 (10, 'cumulative shares', $$'v2;numeric;0;shares;0.05;0.2;2;1,2'$$),
 (8, 'max count', $$'v1;numeric;0;-;-;9223372036854775807;-922337203685477*9223372036854775807'$$),
 (9, 'extreme values', $$'v1;float8;0;-;-;2;-1.7976931348623157e+308,1.7976931348623157e+308'$$)) v(ord, label, expr);
INSERT INTO hostile SELECT 'aging_state', ord, label, expr FROM (VALUES
 (1, 'NULL', 'NULL'), (2, 'empty', $$'v1;0;0;0;;'$$),
 (3, 'custom bounds', $$'v1;0;1;0;1,2,3,4,5;0,0,0,10000,0,0'$$),
 (4, 'max sums', $$'v1;4;9223372036854775807;9223372036854775807;0,30,60,90,180;0,9223372036854775807,0,0,0,0'$$),
 (5, 'min sums', $$'v1;4;1;0;0,30,60,90,180;-9223372036854775808,0,0,0,0,0'$$)) v(ord, label, expr);
INSERT INTO hostile SELECT 'credit_state', ord, label, expr FROM (VALUES
 (1, 'NULL', 'NULL'), (2, 'empty payment', $$'v1;payment'$$), (3, 'empty recovery', $$'v1;recovery'$$),
 (4, 'empty roll', $$'v1;roll'$$),
 (5, 'max payment', $$'v1;payment;4;1,9496,9223372036854775807,9223372036854775807,9223372036854775807,2147483647,2147483647,9223372036854775807,2305843009213693951,-1,9223372036854775807,9223372036854775807,9223372036854775807,9223372036854775807,-9223372036854775808'$$),
 (6, 'max recovery', $$'v1;recovery;4;9223372036854775807,9223372036854775807,9223372036854775807'$$),
 (7, 'max roll', $$'v1;roll;4;' || array_to_string(array_fill(9223372036854775807, ARRAY[128]), ',')$$),
 (8, 'v2 roll', $$'v2;roll;2;1,25000,1,63,0,1'$$),
 (9, 'max v2 roll', $$'v2;roll;4;' || (SELECT string_agg(c || ',9223372036854775807,9223372036854775807', ',') FROM generate_series(0, 63) c)$$)) v(ord, label, expr);
INSERT INTO hostile SELECT 'btyd_state', ord, label, expr FROM (VALUES
 (1, 'NULL', 'NULL'), (2, 'empty bgnbd', $$'v1;bgnbd;0'$$), (3, 'empty gamma_gamma', $$'v1;gamma_gamma;0'$$),
 (4, 'gamma_gamma kind', $$'v1;gamma_gamma;3;1,20*2;2,35.5'$$), (5, 'bgnbd kind', $$'v1;bgnbd;3;0,0,10*2;2,5.5,10'$$),
 (6, 'max count', $$'v1;bgnbd;9223372036854775807;2147483647,1e300,1.7976931348623157e+308*9223372036854775807'$$),
 (7, 'one key', $$'v1;bgnbd;5;1,2,3*5'$$)) v(ord, label, expr);
INSERT INTO hostile SELECT 'purchase_state', ord, label, expr FROM (VALUES
 (1, 'NULL', 'NULL'), (2, 'empty', $$'v1'$$), (3, 'as_of only', $$'v1;8795;0;'$$),
 (4, 'other as_of', $$'v1;8796;0;8766,0,10000'$$), (5, 'weeks', $$'v1;8795;7;8766,0,10000'$$),
 (6, 'extreme', $$'v1;2145031948;2147483647;-2451507,16383,-9223372036854770000,2145031948,0,9223372036854770000'$$),
 (7, '100k days', $$'v1;8795;0;' || (SELECT string_agg(d || ',0,10000', ',' ORDER BY d) FROM generate_series(8795 - 99999, 8795) d)$$)) v(ord, label, expr);
INSERT INTO hostile SELECT 'bigint[]', ord, label, expr FROM (VALUES
 (20, 'empty state', $$'{1,0,0,-1,0,0}'$$), (21, 'version 2', $$'{2,0,0,-1,0,0}'$$),
 (22, 'negative scale', $$'{1,1,10000,10000,365,-5}'$$), (23, 'huge scale', $$'{1,1,10000,10000,365,4294967298}'$$),
 (24, 'max counts', $$'{1,9223372036854775807,9223372036854775807,9223372036854775807,2147483647,0}'$$),
 (25, 'no params', $$'{1,1,10000,-1,0,0}'$$), (26, 'negative sums', $$'{1,-1,-10000,-10000,-365,0}'$$)) v(ord, label, expr);

-- The driver: one call, its result or its error.
CREATE FUNCTION pg_temp.outcome(stmt text, OUT outcome text, OUT code text, OUT msg text, OUT detail text, OUT hint text)
LANGUAGE plpgsql AS $$
BEGIN
    EXECUTE 'SELECT left(string_agg(coalesce(x::text, ''~''), '' | ''), 60) FROM (' || stmt || ') AS t(x)' INTO outcome;
EXCEPTION WHEN OTHERS THEN
    GET STACKED DIAGNOSTICS code = RETURNED_SQLSTATE, msg = MESSAGE_TEXT, detail = PG_EXCEPTION_DETAIL,
                            hint = PG_EXCEPTION_HINT;
    outcome := 'ERROR ' || code;
END $$;

-- A base call with argument pos (0: none) replaced by expr.
CREATE FUNCTION pg_temp.substitute(b base_call, pos int, expr text) RETURNS text
LANGUAGE plpgsql AS $$
DECLARE
    types text[] := ARRAY(SELECT format_type(t, NULL) FROM unnest((SELECT proargtypes FROM pg_proc WHERE oid = b.fn)::oid[]) WITH ORDINALITY u(t, i) ORDER BY i);
    parts text[] := regexp_split_to_array(b.call, '\{\d+\}');
    nums int[] := ARRAY(SELECT m[1]::int FROM regexp_matches(b.call, '\{(\d+)\}', 'g') m);
    stmt text := parts[1];
    k int;
    v text;
BEGIN
    FOR k IN 1 .. cardinality(nums) LOOP
        v := '((' || b.valid[nums[k]] || ')::' || types[nums[k]] || ')';
        IF nums[k] = pos THEN
            v := '(' || replace(expr, '{v}', v) || ')::' || types[nums[k]];
        END IF;
        stmt := stmt || v || parts[k + 1];
    END LOOP;
    RETURN stmt;
END $$;

CREATE TEMP TABLE matrix AS
SELECT b.fn::text AS fn, c.pos, c.ord, c.label, o.*
FROM base_call b
CROSS JOIN LATERAL (
    SELECT 0 AS pos, 0 AS ord, 'valid' AS label, NULL::text AS expr
    UNION ALL
    SELECT a.pos::int, h.ord, h.label, h.expr
    FROM unnest((SELECT proargtypes FROM pg_proc WHERE oid = b.fn)::oid[]) WITH ORDINALITY a(typ, pos)
    JOIN hostile h ON h.typ = format_type(a.typ, NULL)) c
CROSS JOIN LATERAL pg_temp.outcome(pg_temp.substitute(b, c.pos, c.expr)) o;

-- the matrix: function (float8 = double precision, int4 = integer, int8 =
-- bigint), argument, hostile value, outcome
SELECT regexp_replace(regexp_replace(regexp_replace(fn, 'double precision', 'float8', 'g'),
                                     'integer', 'int4', 'g'), 'bigint', 'int8', 'g') AS fn,
       pos AS arg, label AS value, outcome
FROM matrix ORDER BY matrix.fn, pos, ord;

-- every base call works with valid values
SELECT fn, outcome FROM matrix WHERE pos = 0 AND code IS NOT NULL;
-- no internal errors, no system errors (class 58), no XX codes
SELECT fn, pos, label, code, msg FROM matrix WHERE code ~ '^(XX|58)';
-- errors without a hint (PostgreSQL's own errors, e.g. in casts, have none)
SELECT fn, pos, label, code, left(msg, 80) AS msg
FROM matrix WHERE code IS NOT NULL AND coalesce(hint, '') = ''
ORDER BY fn, pos, ord;
SELECT count(*) AS calls, count(code) AS errors, count(DISTINCT code) AS sqlstates FROM matrix;

-- Text input of the state types: malformed strings give a clean error of
-- class 22 (data exception), never a crash, a wrap-around or a huge allocation.
CREATE TEMP TABLE state_text (typ text, ord int, label text, str text);
INSERT INTO state_text SELECT 'value_summary', ord, label, str FROM (VALUES
 (1, 'valid', 'v1;numeric;2;-;-;3;1.5*2,7'),
 (2, 'valid float8', 'v1;float8;0;0.2;0.25;3;-0.5,1e-300*2'),
 (3, 'valid empty', 'v1;none;0;-;-;0;'),
 (4, 'empty string', ''),
 (5, 'wrong version', 'v3;numeric;0;-;-;0;'),
 (6, 'wrong kind', 'v1;int8;0;-;-;0;'),
 (7, 'truncated', 'v1;numeric;0;-;-;3'),
 (8, 'truncated run', 'v1;numeric;0;-;-;3;1*2,'),
 (9, 'trailing junk', 'v1;numeric;0;-;-;1;5x'),
 (10, 'trailing separator', 'v1;numeric;0;-;-;1;5;'),
 (11, 'non-numeric scale', 'v1;numeric;x;-;-;0;'),
 (12, 'non-numeric value', 'v1;numeric;0;-;-;1;abc'),
 (13, 'negative n', 'v1;numeric;0;-;-;-1;'),
 (14, 'negative count', 'v1;numeric;0;-;-;0;5*-1'),
 (15, 'zero count', 'v1;numeric;0;-;-;0;5*0'),
 (16, 'counts short of n', 'v1;numeric;0;-;-;3;1,2'),
 (17, 'claims 2^31 values', 'v1;numeric;0;-;-;2147483648;1'),
 (18, '2^31 values', 'v1;numeric;0;-;-;2147483648;1*2147483648'),
 (19, 'claims 2^62 values', 'v1;numeric;0;-;-;4611686018427387904;'),
 (20, '2^62 values', 'v1;numeric;0;-;-;4611686018427387904;1*4611686018427387904'),
 (21, 'n beyond int8', 'v1;numeric;0;-;-;9223372036854775808;'),
 (22, 'counts overflow', 'v1;numeric;0;-;-;9223372036854775807;1*9223372036854775807,2'),
 (23, 'unsorted', 'v1;numeric;0;-;-;2;2,1'),
 (24, 'duplicate values', 'v1;numeric;0;-;-;2;1,1'),
 (25, 'NaN value', 'v1;float8;0;-;-;1;NaN'),
 (26, 'infinite value', 'v1;float8;0;-;-;1;Infinity'),
 (27, 'NaN parameter', 'v1;numeric;0;NaN;-;0;'),
 (28, 'zero parameter', 'v1;numeric;0;0;-;0;'),
 (29, 'negative scale', 'v1;numeric;-1;-;-;0;'),
 (30, 'scale 1001', 'v1;numeric;1001;-;-;0;'),
 (31, 'scale 2^32 + 2', 'v1;numeric;4294967298;-;-;0;'),
 (32, 'decimals beyond scale', 'v1;numeric;0;-;-;1;1.5'),
 (33, '5 decimals', 'v1;numeric;5;-;-;1;1.00001'),
 (34, 'value beyond a key', 'v1;numeric;0;-;-;1;922337203685478'),
 (35, 'values with kind none', 'v1;none;0;-;-;1;1')) v(ord, label, str);
INSERT INTO state_text SELECT 'aging_state', ord, label, str FROM (VALUES
 (1, 'valid', 'v1;2;1;45225000;0,30,60,90,180;0,0,1005000,0,0,0'),
 (2, 'valid empty', 'v1;0;0;0;;'),
 (3, 'empty string', ''),
 (4, 'wrong version', 'v2;0;0;0;;'),
 (5, 'truncated', 'v1;0;0;0'),
 (6, 'truncated bounds', 'v1;0;1;0;0,30'),
 (7, 'trailing junk', 'v1;0;0;0;;x'),
 (8, 'trailing separator', 'v1;0;1;0;0;0,0,'),
 (9, 'non-numeric', 'v1;a;0;0;;'),
 (10, 'negative count', 'v1;0;-1;0;;'),
 (11, 'negative scale', 'v1;-1;0;0;;'),
 (12, 'scale 2^32 + 2', 'v1;4294967298;0;0;;'),
 (13, 'ten bounds', 'v1;0;0;0;1,2,3,4,5,6,7,8,9,10;0,0,0,0,0,0,0,0,0,0,0'),
 (14, 'unsorted bounds', 'v1;0;1;0;30,0;0,0,0'),
 (15, 'duplicate bounds', 'v1;0;1;0;30,30;0,0,0'),
 (16, 'negative bound', 'v1;0;1;0;-1;0,0'),
 (17, 'bound 2^32', 'v1;0;1;0;4294967296;0,0'),
 (18, 'too few sums', 'v1;0;1;0;0,30;0,0'),
 (19, 'too many sums', 'v1;0;1;0;0,30;0,0,0,0'),
 (20, 'sum beyond int8', 'v1;0;1;0;0;9223372036854775808,0'),
 (21, 'sums without bounds', 'v1;0;0;0;;5'),
 (22, 'count without bounds', 'v1;0;5;0;;'),
 (23, 'sums finer than scale', 'v1;2;1;0;0;5,0'),
 (24, 'claims 2^62 rows', 'v1;0;4611686018427387904;0;0;0,0')) v(ord, label, str);
INSERT INTO state_text SELECT 'credit_state', ord, label, str FROM (VALUES
 (1, 'valid', 'v1;recovery;2;4000,10000,1'),
 (2, 'valid empty', 'v1;roll'),
 (3, 'empty string', ''),
 (4, 'wrong version', 'v2;payment'),
 (5, 'wrong kind', 'v1;bogus'),
 (6, 'kind prefix', 'v1;pay'),
 (7, 'truncated', 'v1;payment;'),
 (8, 'truncated slots', 'v1;recovery;0;1,2'),
 (9, 'too many slots', 'v1;recovery;0;1,2,3,4'),
 (10, 'trailing junk', 'v1;recovery;0;1,2,3x'),
 (11, 'non-numeric', 'v1;recovery;0;1,x,3'),
 (12, 'negative scale', 'v1;recovery;-1;1,2,3'),
 (13, 'scale 1001', 'v1;recovery;1001;1,2,3'),
 (14, 'slot beyond int8', 'v1;recovery;0;9223372036854775808,0,0'),
 (15, 'negative sums', 'v1;recovery;0;-10000,0,1'),
 (16, 'negative count', 'v1;recovery;0;0,0,-1'),
 (17, 'sums finer than scale', 'v1;recovery;0;5,10000,1'),
 (18, 'paid > invoices', 'v1;payment;0;0,0,1,2,0,0,-1,0,0,0,0,0,0,0,0'),
 (19, 'as_of flag 2', 'v1;payment;0;2,0,0,0,0,-1,-1,0,0,0,0,0,0,0,0'),
 (20, 'infinite as_of', 'v1;payment;0;1,2147483647,0,0,0,-1,-1,0,0,0,0,0,0,0,0'),
 (21, 'days past due 2^31', 'v1;payment;0;0,0,1,0,0,2147483648,-1,0,0,0,0,0,0,0,0'),
 (22, 'negative roll count', 'v1;roll;0;' || array_to_string(array_fill(-1, ARRAY[128]), ',')),
 (23, 'too many roll slots', 'v1;roll;0;' || repeat('0,', 200) || '0'),
 (24, 'roll balance, no account', 'v1;roll;0;10000' || repeat(',0', 127)),
 (25, 'valid v2 roll', 'v2;roll;2;1,25000,1,63,0,1'),
 (26, 'v2 payment', 'v2;payment'),
 (27, 'unsorted roll cells', 'v2;roll;0;9,0,1,1,0,1'),
 (28, 'roll cell 64', 'v2;roll;0;64,0,1'),
 (29, 'roll count 0', 'v2;roll;0;1,0,0'),
 (30, 'roll slots not in 3s', 'v2;roll;0;1,0,1,2'),
 (31, 'roll sum finer than scale', 'v2;roll;0;1,5,1'),
 (32, '65 roll cells', 'v2;roll;0;' || (SELECT string_agg(c || ',0,1', ',') FROM generate_series(0, 64) c)),
 (33, 'roll junk after cells', 'v2;roll;0;1,0,1;')) v(ord, label, str);
INSERT INTO state_text SELECT 'purchase_state', ord, label, str FROM (VALUES
 (1, 'valid', 'v1;-823;7;-1095,2,633400,-1083,2,117700'),
 (2, 'valid empty', 'v1'),
 (3, 'empty string', ''),
 (4, 'wrong version', 'v2'),
 (5, 'truncated', 'v1;-823;7'),
 (6, 'truncated day', 'v1;-823;7;-1095,2'),
 (7, 'trailing junk', 'v1;-823;7;-1095,2,1266800x'),
 (8, 'trailing separator', 'v1;-823;7;-1095,2,1266800,'),
 (9, 'non-numeric', 'v1;x;7;'),
 (10, 'negative unit', 'v1;-823;-7;'),
 (11, 'unsorted days', 'v1;-823;0;-1083,2,1,-1095,2,1'),
 (12, 'a day twice', 'v1;-823;0;-1095,2,1,-1095,2,1'),
 (13, 'day after as_of', 'v1;-823;0;-822,2,1'),
 (14, 'infinite as_of', 'v1;2147483647;0;'),
 (15, 'infinite day', 'v1;-823;0;-2147483648,0,0'),
 (16, 'day beyond int4', 'v1;-823;0;-2147483649,0,0'),
 (17, 'negative scale', 'v1;-823;0;-1095,-1,0'),
 (18, 'scale 16384', 'v1;-823;0;-1095,16384,0'),
 (19, 'sum finer than scale', 'v1;-823;0;-1095,2,1'),
 (20, 'key beyond int8', 'v1;-823;0;-1095,0,9223372036854775808')) v(ord, label, str);
-- overlong strings: 1M characters of junk, and a summary of 100k values
INSERT INTO state_text
SELECT t, 90, 'overlong junk', 'v1;' || repeat('9', 1000000) FROM unnest(ARRAY['value_summary', 'aging_state', 'credit_state', 'purchase_state']) t
UNION ALL SELECT 'value_summary', 91, 'overlong value', 'v1;numeric;0;-;-;1;' || repeat('9', 1000000)
UNION ALL SELECT 'value_summary', 92, '100k values', 'v1;numeric;0;-;-;100000;' || (SELECT string_agg(g::text, ',') FROM generate_series(1, 100000) g);

CREATE TEMP TABLE state_outcome AS
SELECT s.typ, s.ord, s.label, o.*
FROM state_text s CROSS JOIN LATERAL pg_temp.outcome(format('SELECT %L::%s', s.str, s.typ)) o;
SELECT typ, label, outcome, left(msg || coalesce(' ' || nullif(detail, ''), ''), 100) AS message
FROM state_outcome ORDER BY typ, ord;
-- every rejection is a data exception (class 22) with a hint
SELECT typ, label, code, msg FROM state_outcome
WHERE code IS NOT NULL AND (code NOT LIKE '22%' OR coalesce(hint, '') = '');

-- A stored state that no input function makes (another customer_seg
-- version's, or damaged storage), forged here as bytes: every reader fails
-- with XX001, the version or layout found, and a hint to rebuild it.
CREATE FUNCTION pg_temp.forged_trade_state(cstring) RETURNS trade_state AS 'byteain' LANGUAGE internal IMMUTABLE STRICT;
CREATE FUNCTION pg_temp.forged_purchase_state(cstring) RETURNS purchase_state AS 'byteain' LANGUAGE internal IMMUTABLE STRICT;
CREATE FUNCTION pg_temp.forged_credit_state(cstring) RETURNS credit_state AS 'byteain' LANGUAGE internal IMMUTABLE STRICT;
CREATE FUNCTION pg_temp.forged_collection_state(cstring) RETURNS collection_state AS 'byteain' LANGUAGE internal IMMUTABLE STRICT;
SELECT f.label, o.code, o.msg, o.detail, o.hint
FROM (VALUES
  (1, 'trade_state version 514', $$SELECT trade_summary_final(pg_temp.forged_trade_state(('\x0202' || repeat('00', 62))::cstring))$$),
  (2, 'purchase_state version 514', $$SELECT purchase_summary_final(pg_temp.forged_purchase_state(('\x0202' || repeat('00', 62))::cstring))$$),
  (3, 'credit_state kind 99', $$SELECT pg_temp.forged_credit_state(('\x0100' || '6300' || repeat('00', 60))::cstring)::text$$),
  (4, 'credit_state version 2 of kind payment', $$SELECT payment_profile_final(pg_temp.forged_credit_state(('\x0200' || '0100' || repeat('00', 60))::cstring))$$),
  (5, 'collection_state of 6 bytes', $$SELECT pg_temp.forged_collection_state('\x0100')::text$$),
  (6, 'collection_state version 2', $$SELECT pg_temp.forged_collection_state(('\x02000000' || repeat('00', 48))::cstring)::text$$),
  (7, 'collection_state cells of 3 bytes', $$SELECT pg_temp.forged_collection_state(('\x01000000' || '03000000' || repeat('00', 44))::cstring)::text$$)
) f(ord, label, stmt)
CROSS JOIN LATERAL pg_temp.outcome(f.stmt) o
ORDER BY f.ord;
