-- Collection KPIs as the standards define them (docs/credit.md): the cycle migration (roll_rate in 0.2.0),
-- the textbook roll rate with a charge-off state, DSO in the Credit
-- Research Foundation's period and countback forms
\set ECHO none
\i test/regress_helpers.sql
\set ECHO all
\pset null '~'

-- ---------------------------------------------------------------------
-- cycle_migration: 0.2.0's roll_rate under an honest name
-- ---------------------------------------------------------------------

-- a view and a stored state made on 0.2.0 survive the update: the renames
-- keep the OIDs, and the view shows the new names
DROP EXTENSION customer_seg;
CREATE EXTENSION customer_seg VERSION '0.2.0';
CREATE TABLE kpi_snap (account int, c1 int, c2 int, balance numeric);
INSERT INTO kpi_snap VALUES (1, 0, 1, 100.00), (2, 1, 0, 50.00), (3, 1, 2, 25.00), (4, 1, 1, 25.00);
CREATE VIEW kpi_roll_view AS SELECT roll_rate(c1, c2, balance) AS r, roll_state(c1, c2, balance) AS s FROM kpi_snap;
CREATE TABLE kpi_roll_stored AS SELECT roll_state(c1, c2, balance) AS s FROM kpi_snap;
CREATE TABLE kpi_before AS SELECT r::text AS r, s::text AS s FROM kpi_roll_view;
ALTER EXTENSION customer_seg UPDATE TO '0.3.0';
SELECT v.r::text = b.r AS same_answer, v.s::text = b.s AS same_state FROM kpi_roll_view v, kpi_before b;
-- (the view now calls the renamed objects; the deparsed text's table
-- qualification differs between PostgreSQL versions, so match the calls)
SELECT regexp_replace(pg_get_viewdef('kpi_roll_view'::regclass), '\w+\.(c1|c2|balance)', '\1', 'g') AS view_after_update;
SELECT pg_typeof(r) AS row_type FROM kpi_roll_view;
SELECT cycle_migration_final(s)::text = (SELECT r FROM kpi_before) AS stored_state_reads FROM kpi_roll_stored;
-- a 0.2.0 call of roll_rate or roll_state fails loudly instead of changing meaning
SELECT pg_temp.expect_error($$SELECT roll_rate(c1, c2, balance) FROM kpi_snap$$);
SELECT pg_temp.expect_error($$SELECT roll_state(c1, c2, balance) FROM kpi_snap$$);
DROP VIEW kpi_roll_view;
DROP TABLE kpi_roll_stored, kpi_before;
DROP EXTENSION customer_seg;
CREATE EXTENSION customer_seg;

-- hand-checked: from cycle 1, 50 of 100 cured, 25 stayed, 25 rolled forward
SELECT r.* FROM unnest((SELECT cycle_migration(c1, c2, balance) FROM kpi_snap)) r;
-- the trio: partial states per account group, merged, read
SELECT cycle_migration_final(cycle_migration_merge(s)) = (SELECT cycle_migration(c1, c2, balance) FROM kpi_snap) AS trio_same_answer
FROM (SELECT cycle_migration_partial(c1, c2, balance) AS s FROM kpi_snap GROUP BY account % 2) x;
SELECT cycle_migration_merge(s) IS NULL AS merge_of_nothing FROM (SELECT NULL::credit_state AS s) x;

-- the same rule in plain SQL on generated data (zero rows = pass)
CREATE TEMP TABLE kpi_mig AS
SELECT i, i % 7 AS part, (i * 7) % 8 AS f, (i * 13 + i / 5) % 8 AS t, round(((i * 7919) % 100000) / 100.0, 2) AS b
FROM generate_series(1, 5000) i;
SELECT * FROM unnest((SELECT cycle_migration(f, t, b) FROM kpi_mig)) r
EXCEPT
SELECT f, count(*), sum(b), coalesce(sum(b) FILTER (WHERE t > f), 0) / sum(b),
       coalesce(sum(b) FILTER (WHERE t = f), 0) / sum(b), coalesce(sum(b) FILTER (WHERE t < f), 0) / sum(b)
FROM kpi_mig GROUP BY f;

-- ---------------------------------------------------------------------
-- roll_rate(from_bucket, to_bucket, balance, charged_off): the textbook
-- roll rate, charge-off the state after the last bucket (7, M7+)
-- ---------------------------------------------------------------------

-- hand-checked: one row per account and period.  Bucket 0: 100 of 1000
-- rolled to bucket 1 (0.1).  Bucket 1: 30 of 100 rolled to 2, 50 cured, 20
-- paid off (no bucket at the end).  Bucket 2: 8 charged off, past bucket 3
-- (rolled_further, not rolled).  Bucket 6: 5 to bucket 7 (rolled), 5
-- charged off (further).  Bucket 7: 40 of 50 charged off, the next state
-- after the last bucket (0.8).  A NULL from_bucket (opened during the
-- period) or balance skips the row; a NULL charged_off is false.
CREATE TEMP TABLE kpi_roll (account int, f int, t int, b numeric, co boolean);
INSERT INTO kpi_roll VALUES
 (1, 0, 1, 100.00, false), (2, 0, 0, 900.00, false), (3, 1, 2, 30, NULL), (4, 1, 0, 50, false),
 (5, 1, NULL, 20, false), (6, 7, 7, 10, false), (7, 7, NULL, 40, true), (8, 6, 7, 5, false),
 (9, 6, 5, 5, true), (10, 2, NULL, 8, true), (11, NULL, 3, 1000, false), (12, 3, 4, NULL, false);
SELECT r.* FROM unnest((SELECT roll_rate(f, t, b, co) FROM kpi_roll)) r;
-- the parts add up to the starting balance; charged_off is within rolled and rolled_further
SELECT bool_and(cured + paid_off + stayed + rolled + rolled_further = balance) AS parts_add_up,
       bool_and(charged_off <= rolled + rolled_further) AS charged_off_within
FROM unnest((SELECT roll_rate(f, t, b, co) FROM kpi_roll)) r;
SELECT roll_rate(f, t, b, co) AS no_rows FROM kpi_roll WHERE false;
SELECT r.roll_rate AS zero_balance_rate FROM unnest((SELECT roll_rate(1, 2, 0.00, false))) r;
-- a query written for 0.2.0's roll_rate(c1, c2, balance) fails instead of
-- changing meaning; a state of one kind is never read as the other
SELECT pg_temp.expect_error($$SELECT roll_rate(f, t, b) FROM kpi_roll$$);
SELECT pg_temp.expect_error($$SELECT roll_rate_final(cycle_migration_partial(1, 2, 5.00))$$);
SELECT pg_temp.expect_error($$SELECT cycle_migration_final(roll_rate_partial(1, 2, 5.00, false))$$);
SELECT pg_temp.expect_error($$SELECT roll_rate_final(credit_state_combine(cycle_migration_partial(1, 2, 5.00), roll_rate_partial(1, 2, 5.00, false)))$$);
-- bad input: buckets outside 0..7 (also when charged off), negative balance
SELECT pg_temp.expect_error($$SELECT roll_rate(8, 0, 10, false)$$);
SELECT pg_temp.expect_error($$SELECT roll_rate(0, -1, 10, true)$$);
SELECT pg_temp.expect_error($$SELECT roll_rate(0, 1, -10, false)$$);
SELECT pg_temp.expect_error($$SELECT roll_rate_add(NULL, 0, 1, 10, false)$$);

-- the same rule in plain SQL on generated data (zero rows = pass):
-- charge-off is state 8, paid off has no state
CREATE TEMP TABLE kpi_rr AS
SELECT i, i % 7 AS part, CASE WHEN i % 97 <> 0 THEN (i * 7) % 8 END AS f,
       CASE WHEN i % 11 <> 0 THEN ((i * 7) % 8 + (i * 13) % 5 - 2 + 8) % 8 END AS t,
       CASE WHEN i % 89 <> 0 THEN round(((i * 7919) % 100000) / 100.0, 2) END AS b,
       CASE WHEN i % 5 = 0 THEN NULL ELSE i % 13 = 0 OR ((i * 7) % 8 = 7 AND i % 3 = 0) END AS co
FROM generate_series(1, 20000) i;
CREATE TEMP VIEW kpi_rr_sql AS
SELECT f, count(*) AS accounts, sum(b) AS balance,
       coalesce(sum(b) FILTER (WHERE NOT co AND t < f), 0) AS cured,
       coalesce(sum(b) FILTER (WHERE NOT co AND t IS NULL), 0) AS paid_off,
       coalesce(sum(b) FILTER (WHERE NOT co AND t = f), 0) AS stayed,
       coalesce(sum(b) FILTER (WHERE (CASE WHEN co THEN 8 ELSE t END) = f + 1), 0) AS rolled,
       coalesce(sum(b) FILTER (WHERE (CASE WHEN co THEN 8 ELSE t END) > f + 1), 0) AS rolled_further,
       coalesce(sum(b) FILTER (WHERE co), 0) AS charged_off,
       coalesce(sum(b) FILTER (WHERE (CASE WHEN co THEN 8 ELSE t END) = f + 1), 0) / nullif(sum(b), 0) AS roll_rate
FROM (SELECT f, t, b, coalesce(co, false) AS co FROM kpi_rr WHERE f IS NOT NULL AND b IS NOT NULL) x
GROUP BY f;
SELECT count(*) AS buckets, sum(accounts) AS accounts, sum(charged_off) AS charged_off FROM kpi_rr_sql;
(SELECT * FROM unnest((SELECT roll_rate(f, t, b, co) FROM kpi_rr)) EXCEPT SELECT * FROM kpi_rr_sql)
UNION ALL
(SELECT * FROM kpi_rr_sql EXCEPT SELECT * FROM unnest((SELECT roll_rate(f, t, b, co) FROM kpi_rr)));

-- the trio: partial states per part, merged, read; and the state's forms
SELECT roll_rate_final(roll_rate_merge(s)) = (SELECT roll_rate(f, t, b, co) FROM kpi_rr) AS trio_same_answer,
       roll_rate_final(credit_state_merge(s)) = (SELECT roll_rate(f, t, b, co) FROM kpi_rr) AS generic_merge_same_answer
FROM (SELECT roll_rate_partial(f, t, b, co) AS s FROM kpi_rr GROUP BY part) x;
SELECT roll_rate_partial(f, t, b, co) AS state FROM kpi_roll;
SELECT 'v1;roll_rate'::credit_state AS empty, 'v1;roll_rate;2;'::credit_state AS empty_scale_2,
       roll_rate_partial(f, t, b, co) AS no_rows FROM kpi_roll WHERE false;
SELECT roll_rate_partial(f, t, b, co)::text::credit_state::text = roll_rate_partial(f, t, b, co)::text AS text_round_trip,
       pg_temp.binary_input('credit_state', credit_state_send(roll_rate_partial(f, t, b, co))) = roll_rate_partial(f, t, b, co)::text AS binary_round_trip
FROM kpi_rr;
-- every one of the 80 cells (8 starting buckets x 8 buckets, paid off,
-- charged off) round-trips, in a state of at most 80 cells
SELECT length(s::text) - length(replace(s::text, ',', '')) + 1 AS slots, s::text::credit_state::text = s::text AS round_trip
FROM (SELECT roll_rate_partial(f, t, 1.5, co) AS s
      FROM generate_series(0, 7) f, generate_series(0, 8) t0, (VALUES (false), (true)) c(co),
           LATERAL (SELECT CASE WHEN t0 < 8 THEN t0 END AS t) x
      WHERE NOT co OR t0 = 0) y;

-- binary input accepts exactly what text input accepts
CREATE FUNCTION pg_temp.cs_bytes(version int, kind int, dscale int, slots int8[]) RETURNS bytea LANGUAGE sql AS $$
  SELECT int2send(version::int2) || int2send(kind::int2) || int4send(dscale) || int4send(cardinality(slots))
      || coalesce((SELECT string_agg(int8send(v), ''::bytea ORDER BY o) FROM unnest(slots) WITH ORDINALITY u(v, o)), '')
$$;
CREATE TEMP TABLE kpi_forged (ord int, label text, version int, dscale int, slots int8[]);
INSERT INTO kpi_forged VALUES
 (1, 'valid', 1, 2, '{1,25000,1,79,10000,2}'), (2, 'empty', 1, 0, '{}'),
 (3, 'max cells', 1, 4, ARRAY(SELECT unnest(ARRAY[c, 9223372036854775807, 9223372036854775807]) FROM generate_series(0, 79) c)),
 (4, '81 cells', 1, 0, ARRAY(SELECT unnest(ARRAY[c, 0, 1]) FROM generate_series(0, 80) c)),
 (5, 'cell 80', 1, 0, '{80,0,1}'), (6, 'unsorted cells', 1, 0, '{10,0,1,1,0,1}'),
 (7, 'repeated cell', 1, 0, '{1,0,1,1,0,1}'), (8, 'no accounts', 1, 0, '{1,0,0}'),
 (9, 'negative sum', 1, 0, '{1,-10000,1}'), (10, 'sum finer than scale', 1, 0, '{1,5,1}'),
 (11, 'four slots', 1, 0, '{1,0,1,2}'), (12, 'version 2', 2, 0, '{1,0,1}'), (13, 'cell -1', 1, 0, '{-1,0,1}');
SELECT ord, label,
       left(pg_temp.input_outcome(format('SELECT pg_temp.binary_input(''credit_state'', %L)', pg_temp.cs_bytes(version, 4, dscale, slots))), 50) AS binary_input,
       left(pg_temp.input_outcome(format('SELECT %L::credit_state::text', 'v' || version || ';roll_rate;' || dscale || ';' || array_to_string(slots, ','))), 50) AS text_input
FROM kpi_forged ORDER BY ord;
SELECT count(*) AS forged,
       count(*) FILTER (WHERE (pg_temp.input_outcome(format('SELECT pg_temp.binary_input(''credit_state'', %L)', pg_temp.cs_bytes(version, 4, dscale, slots))) ~ '^[0-9A-Z]{5}: ')
                            = (pg_temp.input_outcome(format('SELECT %L::credit_state::text', 'v' || version || ';roll_rate;' || dscale || ';' || array_to_string(slots, ','))) ~ '^[0-9A-Z]{5}: ')) AS same_verdict
FROM kpi_forged;

-- roll_rate_flow: the product of the roll rates from a bucket to charge-off
SELECT roll_rate_flow(r) AS from_current, roll_rate_flow(r, 6) AS from_6, roll_rate_flow(r, 7) AS from_7
FROM (SELECT roll_rate(f, least(t, 7), b, t = 8) AS r
      FROM generate_series(0, 7) f, LATERAL (VALUES (f + 1, 1.00), (f, 1.00)) x(t, b)) y;
-- a bucket without accounts (or with a zero balance) on the way: no flow rate
SELECT roll_rate_flow(r, 0) AS gap, roll_rate_flow(r, 1) AS from_1
FROM (SELECT roll_rate(f, least(f + 1, 7), 2.00, f = 7) AS r FROM generate_series(1, 7) f) y;
SELECT roll_rate_flow('{}') AS no_rows, roll_rate_flow(ARRAY[NULL::roll_rate_row], 7) AS null_element;
SELECT pg_temp.expect_error($$SELECT roll_rate_flow('{}', 8)$$);
SELECT pg_temp.expect_error($$SELECT roll_rate_flow(ARRAY[ROW(7, 1, 1, 0, 0, 0, 1, 0, 1, 0.5), ROW(7, 1, 1, 0, 0, 0, 1, 0, 1, 0.5)]::roll_rate_row[], 7)$$);
SELECT pg_temp.expect_error($$SELECT roll_rate_flow(ARRAY[ROW(7, 1, 1, 0, 0, 0, 1, 0, 1, -0.5)]::roll_rate_row[], 7)$$);
SELECT pg_temp.expect_error($$SELECT roll_rate_flow(ARRAY[ROW(7, 1, 1, 0, 0, 0, 1, 0, 1, 'NaN')]::roll_rate_row[], 7)$$);
-- the same product in plain SQL, per part of the generated data and start bucket (zero rows = pass)
CREATE TEMP TABLE kpi_flow AS
SELECT part, roll_rate(f, t, b, co) AS r FROM kpi_rr GROUP BY part;
WITH RECURSIVE rates AS (
  SELECT part, x.from_bucket, x.roll_rate FROM kpi_flow, unnest(r) x
), chain(part, start, bucket, product, scale) AS (
  SELECT part, from_bucket, from_bucket, roll_rate, scale(roll_rate) FROM rates
  UNION ALL
  SELECT c.part, c.start, r.from_bucket, c.product * r.roll_rate, greatest(c.scale, scale(r.roll_rate))
  FROM chain c JOIN rates r ON r.part = c.part AND r.from_bucket = c.bucket + 1
), plain AS (
  SELECT part, start, round(product, scale) AS flow FROM chain WHERE bucket = 7
)
SELECT p.part, p.start, p.flow, roll_rate_flow(k.r, p.start) AS flow_c
FROM plain p JOIN kpi_flow k USING (part)
WHERE roll_rate_flow(k.r, p.start) IS DISTINCT FROM p.flow
UNION ALL
SELECT count(*), NULL, NULL, NULL FROM plain HAVING count(*) <> 56;

-- ---------------------------------------------------------------------
-- DSO, the Credit Research Foundation's two forms
-- ---------------------------------------------------------------------

-- the period (regular) form: ending receivables / credit sales of the period * its days
SELECT dso(receivables => 150000, credit_sales => 120000, days => 31) AS march_period_dso,
       dso(150000, 900000) AS yearly_default_days;

-- the countback form, one row per period (hand-checked).  March: 150,000
-- of receivables against 120,000 of March sales: all 31 days, 30,000 left;
-- February: 30,000 of 90,000 sold in 28 days is 9.33 days: 40.33
CREATE TEMP TABLE kpi_months (customer int, receivables numeric, sales numeric, days int, period_end date);
INSERT INTO kpi_months VALUES
 (1, NULL, 100000.00, 31, '2026-01-31'), (1, NULL, 90000.00, 28, '2026-02-28'), (1, 150000.00, 120000.00, 31, '2026-03-31'),
 -- exactly March's sales: 31 days
 (2, 50.00, 60.00, 31, '2026-01-31'), (2, 120.00, 120.00, 31, '2026-03-31'), (2, 80.00, 90.00, 28, '2026-02-28'),
 -- no receivables: 0; receivables beyond every sale: NULL (more history needed)
 (3, 0, 10.00, 31, '2026-03-31'), (4, 500.00, 100.00, 31, '2026-03-31'), (4, NULL, 100.00, 28, '2026-02-28'),
 -- no February row: its 28 days count as a period without sales (31 + 28 + 31 * 30/100)
 (5, 150.00, 120.00, 31, '2026-03-31'), (5, NULL, 100.00, 31, '2026-01-31'),
 -- the latest period's receivables unknown: NULL; NULL sales are no sales
 (6, 100.00, 50.00, 28, '2026-02-28'), (6, NULL, 50.00, 31, '2026-03-31'),
 (7, 100.00, NULL, 31, '2026-03-31'), (7, NULL, 200.00, 28, '2026-02-28'),
 -- a row without period_end or days is no period
 (8, 40.00, 80.00, 31, '2026-03-31'), (8, 999.00, 1.00, NULL, '2026-02-28'), (8, 999.00, 1.00, 28, NULL);
SELECT customer, dso_countback(receivables, sales, days, period_end) FROM kpi_months GROUP BY customer ORDER BY customer;
-- the row order does not matter
SELECT dso_countback(receivables, sales, days, period_end ORDER BY period_end DESC) AS descending,
       dso_countback(receivables, sales, days, period_end ORDER BY sales) AS by_sales
FROM kpi_months WHERE customer = 1;
SELECT dso_countback(receivables, sales, days, period_end) AS no_rows FROM kpi_months WHERE false;

-- bad input: the error names the value
SELECT pg_temp.expect_error($$SELECT dso_countback(r, s, 31, e) FROM (VALUES (10.00, 5.00, DATE '2026-03-31'), (NULL, 7.00, '2026-03-31')) x(r, s, e)$$);
SELECT pg_temp.expect_error($$SELECT dso_countback(r, s, d, e) FROM (VALUES (10.00, 5.00, 31, DATE '2026-03-31'), (NULL, 7.00, 31, '2026-03-01')) x(r, s, d, e)$$);
SELECT pg_temp.expect_error($$SELECT dso_countback(10.00, -5.00, 31, '2026-03-31')$$);
SELECT pg_temp.expect_error($$SELECT dso_countback(-10.00, 5.00, 31, '2026-03-31')$$);
SELECT pg_temp.expect_error($$SELECT dso_countback(10.00, 5.00, 0, '2026-03-31')$$);
SELECT pg_temp.expect_error($$SELECT dso_countback(10.00, 5.00, 31, 'infinity')$$);
SELECT pg_temp.expect_error($$SELECT dso_countback(10.00, 'NaN', 31, '2026-03-31')$$);
SELECT pg_temp.expect_error($$SELECT dso_countback_final(roll_rate_partial(1, 2, 5.00, false))$$);

-- the same rule in plain SQL (window sums) on generated data: 400
-- customers, 24 months with gaps, NULL and zero sales, receivables of
-- every size (zero rows = pass)
CREATE TEMP TABLE kpi_ar AS
SELECT c AS customer, e AS period_end, extract(day FROM e)::int AS days,
       CASE WHEN (c * 5 + k) % 17 = 0 THEN NULL WHEN (c + k) % 13 = 0 THEN 0
            ELSE round(((c * 7919 + k * 104729) % 100000) / 100.0, 2) END AS sales,
       CASE WHEN c % 23 = 0 AND k = 23 THEN NULL WHEN c % 19 = 0 THEN 0
            ELSE round(((c::int8 * 15485863 + k * 7) % (c * 40000 + 1)) / 100.0, 2) END AS receivables
FROM generate_series(1, 400) c, generate_series(0, 23) k,
     LATERAL (SELECT (DATE '2024-01-01' + make_interval(months => k + 1))::date - 1 AS e) m
WHERE (c * 7 + k) % 11 <> 0 OR k = 23;
CREATE TEMP VIEW kpi_ar_sql AS
WITH p AS (
  SELECT customer, days, coalesce(sales, 0) AS sales,
         first_value(receivables) OVER w AS r,
         coalesce(sum(coalesce(sales, 0)) OVER (w ROWS BETWEEN UNBOUNDED PRECEDING AND 1 PRECEDING), 0) AS later_sales,
         coalesce(lag(period_end - days) OVER w - period_end, 0) AS gap_after
  FROM kpi_ar WINDOW w AS (PARTITION BY customer ORDER BY period_end DESC)
)
SELECT customer,
       CASE WHEN min(r) IS NULL THEN NULL
            WHEN min(r) = 0 THEN 0
            WHEN sum(sales) < min(r) THEN NULL
            ELSE coalesce(sum(days) FILTER (WHERE later_sales + sales < r), 0)
                 + coalesce(sum(gap_after) FILTER (WHERE later_sales < r), 0)
                 + sum((days * (r - later_sales)) / sales) FILTER (WHERE later_sales < r AND later_sales + sales >= r)
       END AS dso
FROM p GROUP BY customer;
SELECT count(*) AS customers, count(dso) AS with_dso, count(*) FILTER (WHERE dso = 0) AS zero,
       count(*) FILTER (WHERE dso > 0 AND dso < 31) AS within_a_month, count(*) FILTER (WHERE dso > 62) AS over_two_months
FROM kpi_ar_sql;
SELECT s.customer, s.dso AS plain_sql, c.dso AS countback
FROM kpi_ar_sql s JOIN (SELECT customer, dso_countback(receivables, sales, days, period_end) AS dso FROM kpi_ar GROUP BY customer) c USING (customer)
WHERE s.dso IS DISTINCT FROM c.dso;

-- the trio: states of the odd and even months, merged, read
SELECT count(*) FILTER (WHERE dso_countback_final(m) IS DISTINCT FROM d) AS trio_differs
FROM (SELECT customer, dso_countback_merge(s) AS m FROM (
        SELECT customer, dso_countback_partial(receivables, sales, days, period_end) AS s
        FROM kpi_ar GROUP BY customer, extract(month FROM period_end)::int % 2) x GROUP BY customer) y
JOIN (SELECT customer, dso_countback(receivables, sales, days, period_end) AS d FROM kpi_ar GROUP BY customer) z USING (customer);
SELECT dso_countback_partial(receivables, sales, days, period_end) AS state FROM kpi_months WHERE customer = 1;
SELECT 'v1;countback'::credit_state AS empty, dso_countback_final('v1;countback') AS empty_dso;
-- text and binary round trips, and forged states: binary input accepts exactly what text input accepts
SELECT count(*) FILTER (WHERE s::text::credit_state::text = s::text) AS text_round_trips,
       count(*) FILTER (WHERE pg_temp.binary_input('credit_state', credit_state_send(s)) = s::text) AS binary_round_trips
FROM (SELECT dso_countback_partial(receivables, sales, days, period_end) AS s FROM kpi_ar GROUP BY customer) x;
CREATE TEMP TABLE kpi_forged_cb (ord int, label text, version int, dscale int, slots int8[]);
INSERT INTO kpi_forged_cb VALUES
 (1, 'valid', 1, 2, '{9586,31,1200000000,1500000000,9555,28,900000000,-1}'), (2, 'empty', 1, 0, '{}'),
 (3, 'duplicate periods', 1, 0, '{9586,31,0,-1,9586,31,0,-1}'),
 (4, 'days 0', 1, 0, '{9586,0,0,-1}'), (5, 'negative sales', 1, 0, '{9586,31,-10000,-1}'),
 (6, 'receivables -2', 1, 0, '{9586,31,0,-2}'), (7, 'infinite end', 1, 0, '{2147483647,31,0,-1}'),
 (8, 'end beyond int32', 1, 0, '{4294967296,31,0,-1}'), (9, 'three slots', 1, 0, '{9586,31,0}'),
 (10, 'sales finer than scale', 1, 0, '{9586,31,5,-1}'), (11, 'version 2', 2, 0, '{9586,31,0,-1}'),
 (12, 'days beyond int32', 1, 0, '{9586,2147483648,0,-1}');
SELECT ord, label,
       left(pg_temp.input_outcome(format('SELECT pg_temp.binary_input(''credit_state'', %L)', pg_temp.cs_bytes(version, 5, dscale, slots))), 50) AS binary_input,
       left(pg_temp.input_outcome(format('SELECT %L::credit_state::text', 'v' || version || ';countback;' || dscale || ';' || array_to_string(slots, ','))), 50) AS text_input
FROM kpi_forged_cb ORDER BY ord;
SELECT pg_temp.expect_error($$SELECT dso_countback_final('v1;countback;0;9586,31,0,-1,9586,31,0,-1')$$);
-- one customer with 100,000 periods: the state grows by doubling and the
-- final function sorts, so the work is n log n
SELECT dso_countback(CASE WHEN k = 100000 THEN 5000000.00 END, 100.00, 1, DATE '1800-01-01' + k) AS long_series
FROM generate_series(1, 100000) k;

-- ---------------------------------------------------------------------
-- recovery_rate: the collection rate of overdue balances (docs/credit.md)
-- ---------------------------------------------------------------------

-- not capped: 150 collected on an account 100 overdue at the start (50 fell
-- due during the period) gives 1.5; least(recovered, overdue_at_start)
-- counts only collections of the starting overdue balance
SELECT recovery_rate(r, s) AS above_one FROM (VALUES (150.00, 100.00)) t(r, s);
SELECT recovery_rate(least(r, s), s) AS capped_per_account FROM (VALUES (150.00, 100.00), (20.00, 100.00)) t(r, s);
-- the same rule in plain SQL on generated data (zero rows = pass)
SELECT x.rate, y.rate
FROM (SELECT recovery_rate(r, s) AS rate FROM (SELECT round(((i * 7919) % 50000) / 100.0, 2) AS r, round(((i * 104729) % 40000) / 100.0, 2) AS s
                                              FROM generate_series(1, 5000) i) g) x,
     (SELECT sum(r) / sum(s) AS rate FROM (SELECT round(((i * 7919) % 50000) / 100.0, 2) AS r, round(((i * 104729) % 40000) / 100.0, 2) AS s
                                           FROM generate_series(1, 5000) i) g) y
WHERE x.rate IS DISTINCT FROM y.rate;

-- every function of this part names its parameters (zero rows = pass)
SELECT p.oid::regprocedure AS unnamed_parameter
FROM pg_proc p
WHERE p.pronamespace = (SELECT extnamespace FROM pg_extension WHERE extname = 'customer_seg')
  AND p.proname ~ '^(cycle_migration|roll_rate|dso_countback)'
  AND p.pronargs > 0 AND (p.proargnames IS NULL OR '' = ANY (p.proargnames));

-- roll_rate_flow: a NULL from_bucket is its default 0; NULL rates give NULL
SELECT roll_rate_flow(r, NULL) AS null_from, roll_rate_flow(r) AS default_from, roll_rate_flow(NULL, 7) AS null_rates
FROM (SELECT ARRAY(SELECT ROW(b, 1, 100, 0, 0, 0, 90, 0, 0, 0.9)::roll_rate_row FROM generate_series(0, 7) b) AS r) x;
SELECT roll_rate_flow(NULL, 8);
-- a bucket repeated is refused whether its first copy has a rate or not
SELECT roll_rate_flow(ARRAY[ROW(7, 1, 0, 0, 0, 0, 0, 0, 0, NULL), ROW(7, 1, 1, 0, 0, 0, 1, 0, 1, 0.5)]::roll_rate_row[], 7);
SELECT roll_rate_flow(ARRAY[ROW(7, 1, 1, 0, 0, 0, 1, 0, 1, 0.5), ROW(7, 1, 0, 0, 0, 0, 0, 0, 0, NULL)]::roll_rate_row[], 7);
-- a negative rate is named in the detail
SELECT roll_rate_flow(ARRAY[ROW(7, 1, 1, 0, 0, 0, 1, 0, 1, -0.5)]::roll_rate_row[], 7);
SELECT p.oid::regprocedure, p.proisstrict FROM pg_proc p
WHERE p.oid IN ('roll_rate_flow(roll_rate_row[], int)'::regprocedure, 'dso(numeric, numeric, int)'::regprocedure)
ORDER BY 1::text;
