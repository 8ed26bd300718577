-- ecl: expected credit loss (src/ecl.c): loss_rates (the cohort method),
-- ecl_allowance (the provision matrix), and the migration method with
-- roll_rate and roll_rate_flow
\set ECHO none
\i test/regress_helpers.sql
\set ECHO all
\pset null '~'

-- 1. The worked example, from invoice rows.  A cohort of January sales of
-- 100,000 (ten invoices, due 2026-01-31), judged as of 2026-12-31: paid on
-- time 50,000, 1-30 days late 27,000, 31-60 days late 15,000, 61-90 days
-- late 6,000, never 2,000 (one written off, one unpaid for more than 180
-- days past due).
CREATE TEMP TABLE cohort (no int, due_date date, paid_date date, amount numeric, written_off boolean);
INSERT INTO cohort VALUES
 (1, '2026-01-31', '2026-01-20', 30000.00, false),   -- early
 (2, '2026-01-31', '2026-01-31', 20000.00, NULL),    -- on the due date
 (3, '2026-01-31', '2026-02-01', 7000.00, false),    -- 1 day late
 (4, '2026-01-31', '2026-03-02', 20000.00, false),   -- 30 days late
 (5, '2026-01-31', '2026-03-03', 5000.00, false),    -- 31 days late
 (6, '2026-01-31', '2026-04-01', 10000.00, false),   -- 60 days late
 (7, '2026-01-31', '2026-04-02', 1000.00, false),    -- 61 days late
 (8, '2026-01-31', '2026-05-01', 5000.00, false),    -- 90 days late
 (9, '2026-01-31', NULL, 1500.00, true),             -- written off
 (10, '2026-01-31', NULL, 500.00, false);            -- 334 days past due on as_of: lost

-- every figure: what reached each stage, and the loss rates 2.0%, 4.0%,
-- 8.7% (2,000 / 23,000), 25.0%, 100% (91-180 and 181+: everything there was lost)
SELECT r.bucket, r.reached, r.loss_rate, round(100 * r.loss_rate, 1) AS percent
FROM (SELECT loss_rates(due_date, paid_date, amount, written_off, 180, DATE '2026-12-31') AS lr FROM cohort) x,
     unnest(aging_bucket_labels(), (lr).reached, (lr).loss_rate) AS r(bucket, reached, loss_rate);
SELECT (lr).invoices, (lr).open_invoices, (lr).open_amount, (lr).lost,
       (lr).reached = '{100000,50000,23000,8000,2000,2000}' AS reached_as_in_the_example,
       (lr).loss_rate = ARRAY[2000 / 100000.0, 2000 / 50000.0, 2000 / 23000.0, 2000 / 8000.0, 1, 1] AS rates_as_in_the_example
FROM (SELECT loss_rates(due_date, paid_date, amount, written_off, 180, DATE '2026-12-31') AS lr FROM cohort) x;

-- 2. The provision matrix applied to the aging at the reporting date:
-- 300,000 not due, 140,000 1-30, 60,000 31-60, 23,000 61-90, 5,000 over 90.
-- 6,000 + 5,600 + 5,217.39 + 5,750 + 5,000 = 27,567.39, from invoice rows
-- aged with aging_bucket_totals and the rates of the cohort.
CREATE TEMP TABLE book (due_date date, amount numeric);
INSERT INTO book VALUES
 ('2027-01-15', 200000.00), ('2027-01-31', 100000.00),
 ('2026-12-30', 40000.00), ('2026-12-10', 100000.00),
 ('2026-11-30', 60000.00),
 ('2026-10-15', 23000.00),
 ('2026-08-01', 5000.00);
CREATE TEMP TABLE matrix AS
SELECT (SELECT aging_bucket_totals(amount, days_past_due(due_date, DATE '2026-12-31'), '{0,30,60,90,180}') FROM book) AS gross,
       (SELECT (loss_rates(due_date, paid_date, amount, written_off, 180, DATE '2026-12-31')).loss_rate FROM cohort) AS rates;
SELECT gross, (ecl_allowance(gross, rates)).* FROM matrix;
SELECT (ecl_allowance(gross, rates)).allowance_total = 27567.39 AS to_the_cent,
       (ecl_allowance(gross, rates)).allowance = '{6000.00,5600.00,5217.39,5750.00,5000.00,0.00}' AS per_bucket
FROM matrix;
-- the same from an aging_profile_row
SELECT (ecl_allowance(ARRAY[(p).current, (p).d1_30, (p).d31_60, (p).d61_90, (p).d91_180, (p).d181_plus], rates)).allowance_total
FROM (SELECT aging_profile(amount, days_past_due(due_date, DATE '2026-12-31')) AS p FROM book) x, matrix;
-- forward-looking factors: one for every bucket (10% worse), one per bucket;
-- a rate times its factor is at most 1, so the buckets at 100% stay there
SELECT (ecl_allowance(gross, rates, '{1.1}')).*,
       1.1 * (6000 + 5600 + 5750) + round(1.1 * 60000 * 2000 / 23000, 2) + 5000 AS by_hand FROM matrix;
SELECT (ecl_allowance(gross, rates, '{1,1,1,1.2,1,1}')).allowance_total AS bucket_4_worse,
       27567.39 + 0.2 * 5750 AS by_hand FROM matrix;
-- a bucket without a rate: no allowance unless its gross is 0
SELECT (ecl_allowance('{100.00,0.00}', '{0.5,NULL}')).*;
SELECT (ecl_allowance('{100.00,10.00}', '{0.5,NULL}')).*;
-- NULLs: NULL gross or rates give NULL; NULL factors are no adjustment
SELECT ecl_allowance(NULL, '{0.5}') IS NULL AS null_gross, ecl_allowance('{1}', NULL) IS NULL AS null_rates,
       ecl_allowance('{100.00}', '{0.5}', NULL) = ecl_allowance('{100.00}', '{0.5}') AS null_factors;
-- a currency with no cents is still rounded to the cent; more decimals are kept
SELECT (ecl_allowance('{60000}', ARRAY[2000 / 23000.0])).allowance AS cents,
       (ecl_allowance('{60000.0000}', ARRAY[2000 / 23000.0])).allowance AS four_decimals;

-- 3. What counts.  As of 2026-03-31 the same cohort is not mature: invoices
-- 7, 8 (paid in April and May, after as_of) and 9, 10 are open; 9 is
-- written off and lost already, 10 (59 days past due) is not lost yet, so
-- it is open and left out, as are 7 and 8.
SELECT (loss_rates(due_date, paid_date, amount, written_off, 180, DATE '2026-03-31')).* FROM cohort;
-- with a 30-day charge-off rule, 7, 8 and 10 (59 days past due) are lost too
SELECT (loss_rates(due_date, paid_date, amount, written_off, 30, DATE '2026-03-31')).* FROM cohort;
-- NULL charge_off_days: only written_off decides
SELECT (loss_rates(due_date, paid_date, amount, written_off, NULL, DATE '2026-12-31')).* FROM cohort;
-- skipped: no due date, no amount, a credit note; a written-off invoice is
-- lost even if part was paid; an invoice paid by as_of is not lost by the day rule
SELECT (loss_rates(d, p, a, w, 0, DATE '2026-06-30')).*
FROM (VALUES (NULL::date, NULL::date, 100.00, false), ('2026-01-31', NULL, NULL, false),
             ('2026-01-31', NULL, -50.00, false), ('2026-01-31', '2026-02-10', 10.00, true),
             ('2026-01-31', '2026-05-10', 20.00, false)) t(d, p, a, w);
-- over no rows
SELECT (loss_rates(due_date, paid_date, amount, written_off, 180, DATE '2026-12-31')).* FROM cohort WHERE false;

-- 4. The trio and the state: per-invoice states merged equal the whole,
-- text and binary forms read back
CREATE TEMP TABLE cohort_states AS
SELECT no % 3 AS part, loss_rates_partial(due_date, paid_date, amount, written_off, 180, DATE '2026-12-31') AS state
FROM cohort GROUP BY 1;
SELECT part, state FROM cohort_states ORDER BY part;
SELECT loss_rates_final(loss_rates_merge(state))
       = (SELECT loss_rates(due_date, paid_date, amount, written_off, 180, DATE '2026-12-31') FROM cohort) AS merged_equals_whole
FROM cohort_states;
SELECT loss_rates_final(loss_rates_merge(state)::text::credit_state) = loss_rates_final(loss_rates_merge(state)) AS text_round_trip
FROM cohort_states;
SELECT pg_temp.binary_input('credit_state', credit_state_send(s)) = s::text AS binary_round_trip
FROM (SELECT loss_rates_merge(state) AS s FROM cohort_states) x;
SELECT loss_rates_final('v1;loss_rates') AS empty_state;
-- states of two as-of dates are not merged; other kinds are not read
SELECT pg_temp.expect_error($$SELECT loss_rates_merge(s) FROM (
  SELECT loss_rates_partial('2026-01-31', NULL, 1.00, false, 180, '2026-06-30')
  UNION ALL SELECT loss_rates_partial('2026-01-31', NULL, 1.00, false, 180, '2026-12-31')) t(s)$$);
SELECT pg_temp.expect_error($$SELECT loss_rates_final(roll_rate_partial(1, 2, 100.00, false))$$);
SELECT pg_temp.expect_error($$SELECT roll_rate_final(loss_rates_partial('2026-01-31', NULL, 1.00, false, 180, '2026-06-30'))$$);
SELECT pg_temp.expect_error($$SELECT credit_state_combine(loss_rates_partial('2026-01-31', NULL, 1.00, false, 180, '2026-06-30'), 'v1;recovery')$$);
-- malformed states
SELECT pg_temp.expect_error($$SELECT 'v1;loss_rates;2;1,9677,1,0,100000,0,0,0,0,0,0'::credit_state$$);
SELECT pg_temp.expect_error($$SELECT 'v1;loss_rates;2;1,9677,1,0,-100000,0,0,0,0,0,0,0'::credit_state$$);
SELECT pg_temp.expect_error($$SELECT 'v1;loss_rates;2;2,9677,1,0,100000,0,0,0,0,0,0,0'::credit_state$$);
SELECT pg_temp.expect_error($$SELECT 'v1;loss_rates;2;1,9677,1,0,100001,0,0,0,0,0,0,0'::credit_state$$);
SELECT pg_temp.expect_error($$SELECT 'v2;loss_rates;2;1,9677,1,0,100000,0,0,0,0,0,0,0'::credit_state$$);

-- 5. Bad input
SELECT pg_temp.expect_error($$SELECT loss_rates(due_date, paid_date, amount, written_off, 180, NULL) FROM cohort$$);
SELECT pg_temp.expect_error($$SELECT loss_rates(due_date, paid_date, amount, written_off, 180, DATE '2026-12-31' + no % 2) FROM cohort$$);
SELECT pg_temp.expect_error($$SELECT loss_rates(due_date, paid_date, amount, written_off, -1, DATE '2026-12-31') FROM cohort$$);
SELECT pg_temp.expect_error($$SELECT loss_rates('infinity', NULL, 1.00, false, 180, DATE '2026-12-31')$$);
SELECT pg_temp.expect_error($$SELECT loss_rates('2026-01-31', '-infinity', 1.00, false, 180, DATE '2026-12-31')$$);
SELECT pg_temp.expect_error($$SELECT loss_rates('2026-01-31', NULL, 1.00, false, 180, 'infinity')$$);
SELECT pg_temp.expect_error($$SELECT loss_rates('2026-01-31', NULL, 0.00001, false, 180, DATE '2026-12-31')$$);
SELECT pg_temp.expect_error($$SELECT loss_rates('2026-01-31', NULL, 'NaN', false, 180, DATE '2026-12-31')$$);
SELECT pg_temp.expect_error($$SELECT ecl_allowance('{1,2}', '{0.5}')$$);
SELECT pg_temp.expect_error($$SELECT ecl_allowance('{1,2}', '{0.5,1.5}')$$);
SELECT pg_temp.expect_error($$SELECT ecl_allowance('{1,2}', '{0.5,-0.1}')$$);
SELECT pg_temp.expect_error($$SELECT ecl_allowance('{1,2}', '{0.5,0.1}', '{1,2,3}')$$);
SELECT pg_temp.expect_error($$SELECT ecl_allowance('{1,2}', '{0.5,0.1}', '{-1}')$$);
SELECT pg_temp.expect_error($$SELECT ecl_allowance('{1,2}', '{0.5,0.1}', '{1,NULL}')$$);
SELECT pg_temp.expect_error($$SELECT ecl_allowance('{{1,2}}', '{0.5,0.1}')$$);
SELECT pg_temp.expect_error($$SELECT ecl_allowance('{1,NaN}', '{0.5,0.1}')$$);

-- 6. The migration (roll-rate) method on hand-built snapshots: per account,
-- its delinquency bucket at two consecutive month ends, over two periods
-- (April to May, May to June).  In every bucket each period starts with
-- 100.00 in two accounts; what rolls to the next state is written below.
-- Averaged over the two periods (equal balances, so the pooled rate of one
-- roll_rate call over both periods is the mean of the two):
--   bucket 0: (10 + 30) / 200 = 0.20     bucket 4: (50 + 70) / 200 = 0.60
--   bucket 1: (40 + 60) / 200 = 0.50     bucket 5: (80 + 80) / 200 = 0.80
--   bucket 2: (50 + 50) / 200 = 0.50     bucket 6: (90 + 70) / 200 = 0.80
--   bucket 3: (60 + 80) / 200 = 0.70     bucket 7: (40 + 60) / 200 = 0.50 (charged off)
CREATE TEMP TABLE rolls (period int, from_bucket int, rolled numeric);
INSERT INTO rolls VALUES (1, 0, 10), (2, 0, 30), (1, 1, 40), (2, 1, 60), (1, 2, 50), (2, 2, 50), (1, 3, 60), (2, 3, 80),
  (1, 4, 50), (2, 4, 70), (1, 5, 80), (2, 5, 80), (1, 6, 90), (2, 6, 70), (1, 7, 40), (2, 7, 60);
CREATE TEMP TABLE snapshot_pairs AS
SELECT period, from_bucket, CASE WHEN from_bucket < 7 THEN from_bucket + 1 END AS to_bucket, rolled AS balance,
       from_bucket = 7 AS charged_off FROM rolls
UNION ALL
SELECT period, from_bucket, from_bucket, 100 - rolled, false FROM rolls;
CREATE TEMP TABLE migration AS
SELECT roll_rate(from_bucket, to_bucket, balance, charged_off) AS r FROM snapshot_pairs;
SELECT x.from_bucket, x.balance, x.rolled, x.roll_rate FROM migration, unnest(r) x;
-- the loss rate of each bucket: the product of the roll rates from it to charge-off
SELECT b AS from_bucket, roll_rate_flow(r, b) AS loss_rate, by_hand, roll_rate_flow(r, b) = by_hand AS same
FROM migration, unnest(ARRAY[0, 1, 2, 3, 4, 5, 6, 7],
  ARRAY[0.20 * 0.50 * 0.50 * 0.70 * 0.60 * 0.80 * 0.80 * 0.50, 0.50 * 0.50 * 0.70 * 0.60 * 0.80 * 0.80 * 0.50,
        0.50 * 0.70 * 0.60 * 0.80 * 0.80 * 0.50, 0.70 * 0.60 * 0.80 * 0.80 * 0.50, 0.60 * 0.80 * 0.80 * 0.50,
        0.80 * 0.80 * 0.50, 0.80 * 0.50, 0.50]) AS h(b, by_hand);
-- the mean of the two periods' rates, period by period, agrees
SELECT x.from_bucket, avg(x.roll_rate) AS mean_of_periods
FROM (SELECT period, roll_rate(from_bucket, to_bucket, balance, charged_off) AS r FROM snapshot_pairs GROUP BY period) p, unnest(r) x
GROUP BY 1 ORDER BY 1;
-- the migration rates as a provision matrix over the cycles (M0 to M7+)
SELECT (ecl_allowance('{1000.00,100.00,100.00,100.00,100.00,100.00,100.00,100.00}',
                      ARRAY(SELECT roll_rate_flow(r, b) FROM generate_series(0, 7) b ORDER BY b))).*
FROM migration;

-- 7. Plain SQL: the cohort method on generated invoices, as of 2026-06-30,
-- serially and under a forced parallel plan
SELECT setseed(0.42) \g /dev/null
CREATE TABLE ecl_gen AS
SELECT i, i % 7 AS grp, DATE '2025-01-01' + (i * 37) % 500 AS due_date,
       CASE WHEN i % 11 <> 0 THEN DATE '2025-01-01' + (i * 37) % 500 + (i * 13) % 150 - 20 END AS paid_date,
       round((random() * 5000)::numeric, 2) AS amount, i % 97 = 0 AS written_off
FROM generate_series(1, 40000) i;
ANALYZE ecl_gen;
CREATE TEMP VIEW ecl_plain AS
WITH c AS (
  SELECT amount,
         written_off OR (paid_date IS NULL OR paid_date > DATE '2026-06-30') AND DATE '2026-06-30' - due_date > 120 AS lost,
         paid_date <= DATE '2026-06-30' AS paid,
         CASE WHEN paid_date - due_date <= 0 THEN 1 WHEN paid_date - due_date <= 30 THEN 2
              WHEN paid_date - due_date <= 60 THEN 3 WHEN paid_date - due_date <= 90 THEN 4
              WHEN paid_date - due_date <= 180 THEN 5 ELSE 6 END AS b
  FROM ecl_gen WHERE amount >= 0),
known AS (SELECT * FROM c WHERE lost OR paid),
lost AS (SELECT coalesce(sum(amount) FILTER (WHERE lost), 0) AS l FROM known)
SELECT k AS bucket,
       (SELECT l FROM lost) + coalesce((SELECT sum(amount) FROM known WHERE NOT lost AND b >= k), 0) AS reached,
       (SELECT l FROM lost) / nullif((SELECT l FROM lost) + coalesce((SELECT sum(amount) FROM known WHERE NOT lost AND b >= k), 0), 0) AS loss_rate
FROM generate_series(1, 6) k;
SELECT * FROM ecl_plain;
SELECT (SELECT array_agg(reached ORDER BY bucket) FROM ecl_plain) = (lr).reached AS reached_equal,
       (SELECT array_agg(loss_rate ORDER BY bucket) FROM ecl_plain) = (lr).loss_rate AS rates_equal
FROM (SELECT loss_rates(due_date, paid_date, amount, written_off, 120, DATE '2026-06-30') AS lr FROM ecl_gen) x;
SELECT pg_temp.run('SELECT loss_rates(due_date, paid_date, amount, written_off, 120, ''2026-06-30'')::text FROM ecl_gen') AS serial \gset
SELECT pg_temp.run('SELECT string_agg(lr::text, '' '' ORDER BY grp) FROM (SELECT grp, loss_rates(due_date, paid_date, amount, written_off, 120, ''2026-06-30'') lr FROM ecl_gen GROUP BY grp) x') AS serial_groups \gset
BEGIN;
:force_parallel_plan
SELECT pg_temp.plan('SELECT loss_rates(due_date, paid_date, amount, written_off, 120, ''2026-06-30'') FROM ecl_gen') ~ 'Partial Aggregate' AS parallel_plan;
SELECT pg_temp.run('SELECT loss_rates(due_date, paid_date, amount, written_off, 120, ''2026-06-30'')::text FROM ecl_gen') = :'serial' AS parallel_equals_serial,
       pg_temp.run('SELECT string_agg(lr::text, '' '' ORDER BY grp) FROM (SELECT grp, loss_rates(due_date, paid_date, amount, written_off, 120, ''2026-06-30'') lr FROM ecl_gen GROUP BY grp) x') = :'serial_groups' AS groups_equal;
ROLLBACK;
DROP TABLE ecl_gen CASCADE;

-- 8. The caller's aging boundaries, as aging_bucket_totals takes them.  The
-- worked example's cohort over {0,30,60} (four buckets: the last one,
-- 61+, holds 61-90 and beyond) and over {0,45} (45 days past due splits
-- the 31-60 invoices: 5,000 at 31 days late is in 1-45, 10,000 at 60 in
-- 46+, which the lost 2,000 and the 1,000 and 5,000 paid later reached too).
SELECT aging_bucket_labels('{0,30,60}') AS labels, (lr).* FROM
  (SELECT loss_rates(due_date, paid_date, amount, written_off, 180, DATE '2026-12-31', '{0,30,60}') AS lr FROM cohort) x;
SELECT aging_bucket_labels('{0,45}') AS labels, (lr).reached,
       (lr).reached = '{100000,50000,18000}' AS reached_by_hand,
       (lr).loss_rate = ARRAY[2000 / 100000.0, 2000 / 50000.0, 2000 / 18000.0] AS rates_by_hand
FROM (SELECT loss_rates(due_date, paid_date, amount, written_off, 180, DATE '2026-12-31', '{0,45}') AS lr FROM cohort) x;
-- the default boundaries written out are the aggregate without them, state and all
SELECT loss_rates(due_date, paid_date, amount, written_off, 180, DATE '2026-12-31', '{0,30,60,90,180}')
         = loss_rates(due_date, paid_date, amount, written_off, 180, DATE '2026-12-31') AS same_rates,
       loss_rates_partial(due_date, paid_date, amount, written_off, 180, DATE '2026-12-31', '{0,30,60,90,180}')::text
         = loss_rates_partial(due_date, paid_date, amount, written_off, 180, DATE '2026-12-31')::text AS same_state
FROM cohort;
-- one boundary: current and past due
SELECT (loss_rates(due_date, paid_date, amount, written_off, 180, DATE '2026-12-31', '{0}')).loss_rate FROM cohort;
-- ecl_allowance takes any number of buckets: the {0,30,60} rates on an
-- aging over the same boundaries
SELECT e.* FROM
  (SELECT aging_bucket_totals(amount, days_past_due(due_date, DATE '2026-12-31'), '{0,30,60}') AS gross FROM book) b,
  (SELECT (loss_rates(due_date, paid_date, amount, written_off, 180, DATE '2026-12-31', '{0,30,60}')).loss_rate AS rates FROM cohort) r,
  ecl_allowance(b.gross, r.rates) e;
-- over no rows: NULL, as the boundaries were never seen (aging_bucket_totals alike)
SELECT loss_rates(due_date, paid_date, amount, written_off, 180, DATE '2026-12-31', '{0,30}') IS NULL AS no_rows_null,
       loss_rates_partial(due_date, paid_date, amount, written_off, 180, DATE '2026-12-31', '{0,30}') IS NULL AS no_rows_state_null
FROM cohort WHERE false;
-- the state holds the boundaries after the paid amounts; text and binary
-- round trips, merging per-invoice states (the empty default state takes the
-- other's boundaries)
CREATE TEMP TABLE bounded_states AS
SELECT no, loss_rates_partial(due_date, paid_date, amount, written_off, 180, DATE '2026-12-31', '{0,45}') AS s
FROM cohort GROUP BY no;
SELECT s FROM bounded_states WHERE no IN (1, 9) ORDER BY no;
SELECT bool_and(s::text::credit_state::text = s::text) AS text_round_trip,
       bool_and(pg_temp.binary_input('credit_state', credit_state_send(s)) = s::text) AS binary_round_trip
FROM bounded_states;
SELECT loss_rates_final(loss_rates_merge(s)) = (SELECT loss_rates(due_date, paid_date, amount, written_off, 180, DATE '2026-12-31', '{0,45}') FROM cohort) AS merged_equal,
       loss_rates_final(loss_rates_merge(s ORDER BY no)) = loss_rates_final(loss_rates_merge(s ORDER BY no DESC)) AS any_order
FROM (SELECT no, s FROM bounded_states UNION ALL SELECT 0, 'v1;loss_rates') x;
-- bad boundaries: clear errors with the value (22023, 22004 for NULL)
SELECT pg_temp.expect_error($$SELECT loss_rates(due_date, paid_date, amount, written_off, 180, '2026-12-31', '{}') FROM cohort$$);
SELECT pg_temp.expect_error($$SELECT loss_rates(due_date, paid_date, amount, written_off, 180, '2026-12-31', '{60,30}') FROM cohort$$);
SELECT pg_temp.expect_error($$SELECT loss_rates(due_date, paid_date, amount, written_off, 180, '2026-12-31', '{-5,30}') FROM cohort$$);
SELECT pg_temp.expect_error($$SELECT loss_rates(due_date, paid_date, amount, written_off, 180, '2026-12-31', '{0,NULL}') FROM cohort$$);
SELECT pg_temp.expect_error($$SELECT loss_rates(due_date, paid_date, amount, written_off, 180, '2026-12-31', '{1,2,3,4,5,6,7,8,9,10}') FROM cohort$$);
SELECT pg_temp.expect_error($$SELECT loss_rates(due_date, paid_date, amount, written_off, 180, '2026-12-31', NULL) FROM cohort$$);
SELECT pg_temp.expect_error($$SELECT loss_rates(due_date, paid_date, amount, written_off, 180, '2026-12-31', CASE WHEN no < 5 THEN '{0,30}'::int[] ELSE '{0,31}' END) FROM cohort$$);
SELECT pg_temp.input_outcome($$SELECT loss_rates_merge(s) FROM (VALUES ('v1;loss_rates;2;1,9861,1,0,0,0,500000000,0,0,0,45'::credit_state), ('v1;loss_rates;2;1,9861,1,0,0,0,500000000,0,0,0,46')) x(s)$$);
SELECT pg_temp.input_outcome($$SELECT loss_rates_merge(s) FROM (VALUES ('v1;loss_rates;2;1,9861,1,0,0,0,500000000,0,0,0,45'::credit_state), ('v1;loss_rates;2;1,9861,1,0,0,0,500000000,0,0')) x(s)$$);
SELECT pg_temp.input_outcome($$SELECT loss_rates_merge(s) FROM (VALUES ('v1;loss_rates;2;1,9861,1,0,0,0,500000000,0,0,0,45'::credit_state), ('v1;loss_rates;2;1,9861,1,0,0,0,500000000,0,0,0,0,0')) x(s)$$);
-- nine boundaries (the most), read back; forged states: boundaries not
-- increasing, negative, the defaults in the long layout, ten boundaries, a
-- slot count that is no layout
SELECT pg_temp.input_outcome($$SELECT loss_rates_final('v1;loss_rates;2;1,9861,1,0,0,0,500000000,0,0,0,0,0,0,0,0,0,1,2,3,4,5,6,7,8,9')$$);
SELECT s, pg_temp.input_outcome(format('SELECT %L::credit_state', s), false) AS outcome FROM (VALUES
  ('v1;loss_rates;2;1,9861,1,0,0,0,500000000,0,0,45,45'),
  ('v1;loss_rates;2;1,9861,1,0,0,0,500000000,0,0,-1,45'),
  ('v1;loss_rates;2;1,9861,1,0,0,0,500000000,0,0,0,0,0,0,0,30,60,90,180'),
  ('v1;loss_rates;2;1,9861,1,0,0,0,500000000,0,0,0,0,0,0,0,0,0,0,1,2,3,4,5,6,7,8,9,10'),
  ('v1;loss_rates;2;1,9861,1,0,0,0,500000000,0,0,45')) x(s);
SELECT pg_temp.input_outcome($$SELECT loss_rates_final(loss_rates_add('v1;loss_rates;2;1,9861,1,0,0,0,500000000,0,0,0,45', '2026-01-31', NULL, 1, false, 180, '2026-12-31'))$$);

-- 9. Amounts of every size the transition converts (inline below 10^12 with
-- at most 4 decimals, the shared path beyond): the sums are exact
CREATE TEMP TABLE amounts (a numeric);
INSERT INTO amounts VALUES (0.0001), (0.5), (5.5), (99999999999.9999), (999999999999.9999), (1000000000000),
  (123456789012345.6789), (0), (7.10), (-3.25);
SELECT (lr).reached[1] AS reached, (lr).reached[1] = (SELECT sum(a) FROM amounts WHERE a >= 0) AS exact_sum,
       (lr).lost, (lr).lost = (SELECT sum(a) FROM amounts WHERE a >= 0 AND a < 1) AS exact_lost
FROM (SELECT loss_rates(DATE '2026-01-31', CASE WHEN a >= 1 THEN DATE '2026-01-31' END, a, false, 180, DATE '2026-12-31') AS lr
      FROM amounts) x;
SELECT pg_temp.expect_error($$SELECT loss_rates(DATE '2026-01-31', NULL, 0.00001, false, 180, DATE '2026-12-31')$$);
SELECT pg_temp.expect_error($$SELECT loss_rates(DATE '2026-01-31', NULL, 1000000000000000, false, 180, DATE '2026-12-31')$$);
