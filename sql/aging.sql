-- receivables aging (src/aging.c)
\set ECHO none
\i test/regress_helpers.sql
\set ECHO all

-- days past due: open, paid before / on / after due, paid after as_of (open
-- as of as_of), leap day, month ends, NULLs
SELECT due, as_of, paid, days_past_due(due, as_of, paid) AS dpd
FROM (VALUES ('2026-01-31'::date, '2026-03-01'::date, NULL::date),
             ('2026-01-31', '2026-03-01', '2026-01-20'),
             ('2026-01-31', '2026-03-01', '2026-01-31'),
             ('2026-01-31', '2026-03-01', '2026-02-10'),
             ('2026-01-31', '2026-03-01', '2026-04-10'),
             ('2028-02-28', '2028-03-01', NULL),
             ('2027-02-28', '2027-03-01', NULL),
             ('2026-12-31', '2027-01-31', NULL),
             (NULL, '2026-03-01', NULL),
             ('2026-01-31', NULL, NULL)) t(due, as_of, paid);
SELECT days_past_due('2026-01-31', '2026-03-01') AS two_args;
SELECT pg_temp.expect_error($$SELECT days_past_due('infinity', '2026-03-01')$$);
SELECT pg_temp.expect_error($$SELECT days_past_due('2026-01-01', '-infinity')$$);
SELECT pg_temp.expect_error($$SELECT days_past_due('2026-01-01', '2026-03-01', 'infinity')$$);

-- every bucket edge with the default boundaries, bucket numbers for sorting,
-- delinquency cycles and their labels
SELECT d, aging_bucket(d), aging_bucket_no(d), delinquency_cycle(d), delinquency_label(d)
FROM unnest(ARRAY[-30, 0, 1, 30, 31, 60, 61, 90, 91, 180, 181, 210, 211, 100000]) d;
SELECT aging_bucket(NULL::int) IS NULL AS null_days, delinquency_cycle(NULL) IS NULL AS null_cycle;
SELECT aging_bucket_labels();

-- custom boundaries, and the date overload
SELECT d, aging_bucket(d, '{7,30,31}'), aging_bucket_no(d, '{7,30,31}')
FROM unnest(ARRAY[0, 7, 8, 30, 31, 32]) d;
SELECT aging_bucket_labels('{0,7,14,30,90,180,365}');
SELECT aging_bucket('2026-01-31'::date, '2026-03-01'::date) AS open_29,
       aging_bucket('2026-01-31'::date, '2026-03-01'::date, '2026-01-31') AS paid_on_due,
       aging_bucket('2026-01-31'::date, '2026-06-01'::date, NULL, '{0,60,120}') AS custom;

-- bad boundaries
SELECT pg_temp.expect_error($$SELECT aging_bucket(5, '{}')$$);
SELECT pg_temp.expect_error($$SELECT aging_bucket(5, '{30,10}')$$);
SELECT pg_temp.expect_error($$SELECT aging_bucket(5, '{-1,30}')$$);
SELECT pg_temp.expect_error($$SELECT aging_bucket(5, '{30,30}')$$);
SELECT pg_temp.expect_error($$SELECT aging_bucket(5, '{0,NULL}')$$);
-- NULL boundaries are the default ones (the API contract's rule for options)
SELECT aging_bucket(5, NULL) AS null_boundaries, aging_bucket(5) AS default_boundaries;
SELECT pg_temp.expect_error($$SELECT aging_bucket(5, '{1,2,3,4,5,6,7,8,9,10}')$$);

-- final deadline and escalation stages (term 60: grace 20 days, then
-- 30-day steps)
SELECT final_deadline('2026-01-01', 60) AS term60, final_deadline('2026-01-01', 0) AS term0,
       final_deadline('2024-02-29', 31) AS leap, final_deadline('2026-01-01', 1) AS term1;
SELECT d, collection_stage(d, 60) AS term60, collection_stage(d, 30, 15) AS term30_step15
FROM unnest(ARRAY[-1, 0, 1, 20, 21, 50, 51, 80, 81, 110, 111, 1000]) d;
SELECT 'legal'::collection_stage_label > 'warning' AS ordered_by_severity;
SELECT pg_temp.expect_error($$SELECT final_deadline('2026-01-01', -1)$$);
SELECT pg_temp.expect_error($$SELECT final_deadline('infinity', 30)$$);
SELECT pg_temp.expect_error($$SELECT final_deadline('5874000-01-01', 2000000000)$$);
SELECT pg_temp.expect_error($$SELECT collection_stage(10, 60, 0)$$);
SELECT pg_temp.expect_error($$SELECT collection_stage(10, -60)$$);

-- aging_profile: hand-checked, credit notes reduce their bucket, NULL rows
-- are skipped, empty input gives zeros
SELECT (aging_profile(a, d)).*
FROM (VALUES (100.00, 0), (50.5, 10), (-20, 10), (30, 200), (7, NULL), (NULL, 3)) t(a, d);
SELECT (aging_profile(a, d)).* FROM (VALUES (1::numeric, 1)) t(a, d) WHERE false;
SELECT aging_bucket_totals(a, d, '{0,60}') FROM (VALUES (100.00, 0), (50.5, 10), (30, 200)) t(a, d);
SELECT aging_bucket_totals(a, d, '{0,60}') AS empty_custom FROM (VALUES (1::numeric, 1)) t(a, d) WHERE false;
SELECT pg_temp.expect_error($$SELECT aging_profile(a, 5) FROM (VALUES ('NaN'::numeric)) t(a)$$);
SELECT pg_temp.expect_error($$SELECT aging_profile(a, 5) FROM (VALUES (0.00001)) t(a)$$);
SELECT pg_temp.expect_error($$SELECT aging_bucket_totals(a, 5, NULL) FROM (VALUES (1)) t(a)$$);
SELECT pg_temp.expect_error($$SELECT aging_bucket_totals(a, 5, ARRAY[a::int]) FROM (VALUES (1), (2)) t(a)$$);
SELECT pg_temp.expect_error($$SELECT aging_profile(a, 5) FROM (VALUES (900000000000000), (900000000000000)) t(a)$$);

-- the state as a value: text round trip, merge, bad input
SELECT aging_profile_partial(a, d) FROM (VALUES (100.00, 0), (50.5, 10), (30, 200)) t(a, d);
SELECT (aging_profile_final(aging_profile_merge(s::text::aging_state))).* 
FROM (SELECT aging_profile_partial(a, d) AS s FROM (VALUES (100.00, 0), (50.5, 10), (30, 200)) t(a, d) GROUP BY d) x;
SELECT pg_temp.expect_error($$SELECT 'v2;0;0;0;;'::aging_state$$);
SELECT pg_temp.expect_error($$SELECT 'v1;0;0;0;30,10;0,0,0'::aging_state$$);
SELECT pg_temp.expect_error($$SELECT 'v1;0;0;0;0,30;0,0'::aging_state$$);
SELECT pg_temp.expect_error($$SELECT aging_profile_combine('v1;4;1;0;0;1,0', 'v1;4;1;0;0,30;1,0,0')$$);
SELECT pg_temp.expect_error($$SELECT aging_profile_final('v1;4;1;0;0,60;1,0,0')$$);
SELECT pg_temp.expect_error($$SELECT aging_profile_add(NULL, 1, 1, '{0,30}')$$);
SELECT aging_bucket_totals_final('v1;2;1;0;0,60;12300,0,0') AS custom_state_read;
-- the default-bounds transition on a state with other bounds refuses the
-- row instead of dropping its amount
SELECT pg_temp.expect_error($$SELECT aging_profile_add('v1;2;1;0;0,60;12300,0,0', 100, 200)$$);
-- amounts with a display scale beyond 1000 (numeric allows 16383): the
-- state's text reads back, and the buckets keep that scale
SELECT s::text::aging_state::text = s::text AS round_trip,
       scale((aging_profile_final(s)).current) AS bucket_scale
FROM (SELECT aging_profile_partial(round(12.5, 1200), 0) AS s) x;
SELECT pg_temp.expect_error($$SELECT 'v1;16384;0;0;;'::aging_state$$);
SELECT pg_temp.expect_error($$SELECT 'v1;0;0;0;;'::aging_state$$) AS no_bounds_no_sums_ok;
SELECT pg_temp.expect_error($$SELECT 'v1; 0;0;0;;'::aging_state$$);
SELECT pg_temp.expect_error($$SELECT 'v1;+0;0;0;;'::aging_state$$);

-- agreement with the plain-SQL pivot on 120,000 generated invoices,
-- grouped and whole-book, serial and under a forced parallel plan; the
-- buckets add up to total (zero rows = pass)
SELECT setseed(0.3) \g /dev/null
CREATE TABLE aging_gen AS
SELECT i, i % 997 AS customer_id,
       DATE '2026-06-30' - (random() * 400 - 60)::int AS due_date,
       CASE WHEN random() < 0.01 THEN NULL ELSE round((random() * 20000 - 1000)::numeric, 2) END AS amount
FROM generate_series(1, 120000) i;
ANALYZE aging_gen;

CREATE TEMP VIEW pivot AS
SELECT customer_id,
       sum(amount) FILTER (WHERE DATE '2026-06-30' - due_date <= 0) AS current,
       sum(amount) FILTER (WHERE DATE '2026-06-30' - due_date BETWEEN 1 AND 30) AS d1_30,
       sum(amount) FILTER (WHERE DATE '2026-06-30' - due_date BETWEEN 31 AND 60) AS d31_60,
       sum(amount) FILTER (WHERE DATE '2026-06-30' - due_date BETWEEN 61 AND 90) AS d61_90,
       sum(amount) FILTER (WHERE DATE '2026-06-30' - due_date BETWEEN 91 AND 180) AS d91_180,
       sum(amount) FILTER (WHERE DATE '2026-06-30' - due_date > 180) AS d181_plus,
       sum(amount) AS total,
       sum(amount) FILTER (WHERE DATE '2026-06-30' - due_date > 0) AS overdue,
       sum(amount * (DATE '2026-06-30' - due_date)) FILTER (WHERE DATE '2026-06-30' - due_date > 0)
         / nullif(sum(amount) FILTER (WHERE DATE '2026-06-30' - due_date > 0), 0) AS avg_days
FROM aging_gen GROUP BY customer_id;

CREATE TEMP TABLE ours AS
SELECT customer_id, (aging_profile(amount, DATE '2026-06-30' - due_date)).* FROM aging_gen GROUP BY customer_id;
SELECT count(*) AS customers FROM ours;
SELECT o.customer_id FROM ours o JOIN pivot p USING (customer_id)
WHERE o.current <> coalesce(p.current, 0) OR o.d1_30 <> coalesce(p.d1_30, 0) OR o.d31_60 <> coalesce(p.d31_60, 0)
   OR o.d61_90 <> coalesce(p.d61_90, 0) OR o.d91_180 <> coalesce(p.d91_180, 0) OR o.d181_plus <> coalesce(p.d181_plus, 0)
   OR o.total <> p.total OR o.overdue <> coalesce(p.overdue, 0)
   OR o.overdue_share IS DISTINCT FROM p.overdue / nullif(p.total, 0)
   OR round(o.avg_days_past_due, 10) IS DISTINCT FROM round(p.avg_days, 10)
   OR o.current + o.d1_30 + o.d31_60 + o.d61_90 + o.d91_180 + o.d181_plus <> o.total;

:force_parallel_plan
EXPLAIN (COSTS OFF) SELECT aging_profile(amount, DATE '2026-06-30' - due_date) FROM aging_gen;
CREATE TEMP TABLE par AS
SELECT (aging_profile(amount, DATE '2026-06-30' - due_date)).* AS whole,
       aging_bucket_totals(amount, DATE '2026-06-30' - due_date, '{0,45,365}') AS custom
FROM aging_gen;
CREATE TEMP TABLE par_grouped AS
SELECT customer_id, aging_profile(amount, DATE '2026-06-30' - due_date) AS p FROM aging_gen GROUP BY customer_id;
RESET ALL;
-- whole-book: the parallel profile equals the plain pivot without GROUP BY
SELECT 'whole-book differs' FROM par,
  (SELECT sum(amount) FILTER (WHERE DATE '2026-06-30' - due_date <= 0) AS current,
          sum(amount) FILTER (WHERE DATE '2026-06-30' - due_date > 180) AS d181_plus,
          sum(amount) AS total,
          sum(amount) FILTER (WHERE DATE '2026-06-30' - due_date > 0) AS overdue,
          sum(amount * (DATE '2026-06-30' - due_date)) FILTER (WHERE DATE '2026-06-30' - due_date > 0)
            / sum(amount) FILTER (WHERE DATE '2026-06-30' - due_date > 0) AS avg_days
   FROM aging_gen) p
WHERE par.current <> p.current OR par.d181_plus <> p.d181_plus OR par.total <> p.total
   OR par.overdue <> p.overdue OR round(par.avg_days_past_due, 10) <> round(p.avg_days, 10);
SELECT 'custom differs' FROM par
WHERE custom IS DISTINCT FROM (SELECT ARRAY[coalesce(sum(amount) FILTER (WHERE DATE '2026-06-30' - due_date <= 0), 0),
                                            coalesce(sum(amount) FILTER (WHERE DATE '2026-06-30' - due_date BETWEEN 1 AND 45), 0),
                                            coalesce(sum(amount) FILTER (WHERE DATE '2026-06-30' - due_date BETWEEN 46 AND 365), 0),
                                            coalesce(sum(amount) FILTER (WHERE DATE '2026-06-30' - due_date > 365), 0.00)] FROM aging_gen);
SELECT g.customer_id FROM par_grouped g JOIN ours o USING (customer_id)
WHERE (g.p).total <> o.total OR (g.p).overdue <> o.overdue OR (g.p).d181_plus <> o.d181_plus;
DROP VIEW pivot;
DROP TABLE aging_gen;

-- NULL options (the API contract's rule 7): NULL boundaries are the default
-- ones in every aging function that has them, whatever was cached before
-- at the same call site; a NULL days or date still gives NULL
SELECT d, b, aging_bucket(d, b) AS bucket, aging_bucket_no(d, b) AS bucket_no
FROM (VALUES (45, '{0,7,14,30,90}'::int[]), (45, NULL), (200, NULL), (200, '{0,7,14,30,90}'), (NULL, NULL)) t(d, b);
SELECT aging_bucket_labels(NULL) = aging_bucket_labels() AS labels_default,
       aging_bucket(DATE '2026-05-02', DATE '2026-06-30', NULL, NULL) AS dates_null_boundaries,
       aging_bucket(NULL::date, DATE '2026-06-30', NULL, NULL) AS no_due_date;
-- aging_bucket_totals has no default boundaries: NULL stays an error, with
-- the values in the detail and a hint that does not say to omit them
SELECT aging_bucket_totals(a, 5, NULL) FROM (VALUES (1)) t(a);
SELECT aging_bucket(5, '{1,NULL}');
SELECT aging_bucket(5, '{}');
SELECT aging_bucket_totals(a, 5, ARRAY[a::int]) FROM (VALUES (1), (2)) t(a);
SELECT aging_profile_final(aging_bucket_totals_partial(1, 5, '{10,20}'));
-- collection_stage: a NULL step_days is 30; a NULL days or term gives NULL;
-- step_days is checked even on a NULL row
SELECT collection_stage(45, 60, NULL) AS null_step, collection_stage(45, 60) AS default_step,
       collection_stage(NULL, 60, 10) AS null_days, collection_stage(45, NULL) AS null_term;
SELECT collection_stage(NULL, 60, 0);
SELECT p.oid::regprocedure, p.proisstrict FROM pg_proc p
WHERE p.oid = 'collection_stage(int, int, int)'::regprocedure;
