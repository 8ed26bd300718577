-- invoice_summary: a customer's invoices as of a date in one pass, the
-- payment profile, the aging profile and bucket totals of the open invoices,
-- and the worst collection stage of those past due (src/invoice_summary.c,
-- docs/aging.md)
\set ECHO none
\i test/regress_helpers.sql
\set ECHO all
\pset null '~'

-- ---------------------------------------------------------------------------
-- Generated invoices against the separate aggregates and against plain SQL:
-- paid and open invoices, paid after as_of, NULL due and paid dates and
-- amounts, credit notes (negative amounts), zero amounts, amounts of several
-- scales, customers with no open invoice and with only credit notes
-- ---------------------------------------------------------------------------
SELECT setseed(0.19) \g /dev/null
CREATE TABLE is_gen AS
SELECT c AS customer, d AS invoice_date, d + (ARRAY[0, 14, 30, 60, 90])[1 + (random() * 4)::int] AS due_date,
       CASE WHEN random() < 0.35 THEN NULL ELSE d + (random() * 200)::int END AS paid_date,
       CASE (random() * 3)::int WHEN 0 THEN round((random() * 5000)::numeric) WHEN 1 THEN round((random() * 5000)::numeric, 2)
            ELSE round((random() * 500)::numeric, 4) END AS amount
FROM generate_series(1, 3000) c, generate_series(1, 1 + (c % 7) * (c % 4)) r,
     LATERAL (SELECT DATE '2025-01-01' + (random() * 450 + c * 0)::int AS d) x;
INSERT INTO is_gen SELECT customer, invoice_date, invoice_date, NULL, -round(amount / 5, 2) FROM is_gen WHERE customer % 9 = 0;
INSERT INTO is_gen SELECT customer, invoice_date, NULL, paid_date, amount FROM is_gen WHERE customer % 11 = 0;
INSERT INTO is_gen SELECT customer, invoice_date, due_date, paid_date, NULL FROM is_gen WHERE customer % 13 = 0;
INSERT INTO is_gen SELECT customer, invoice_date, due_date, NULL, 0 FROM is_gen WHERE customer % 17 = 0;
INSERT INTO is_gen VALUES (3001, '2026-03-01', '2026-03-31', NULL, -50), (3002, '2026-03-01', '2026-03-31', '2026-03-05', 10),
  (3003, '2025-01-01', '2025-01-31', NULL, 100.5), (3003, '2026-03-30', '2026-04-30', NULL, 7.25),
  (3004, '2026-01-01', NULL, NULL, 20), (3005, '2026-01-01', '2026-01-31', '2026-04-10', 30);
ANALYZE is_gen;
SELECT count(*) AS rows, count(DISTINCT customer) AS customers, count(*) FILTER (WHERE amount < 0) AS credit_notes,
       count(*) FILTER (WHERE paid_date IS NULL OR paid_date > '2026-03-31') AS open,
       count(*) FILTER (WHERE due_date IS NULL OR amount IS NULL) AS with_null,
       count(*) FILTER (WHERE invoice_date > '2026-03-31') AS after_as_of
FROM is_gen;

-- the separate aggregates (what the segmentation model ran before), default
-- and custom boundaries, default and custom escalation steps
CREATE TEMP TABLE is_cases (bounds int4[], step int4);
INSERT INTO is_cases VALUES ('{0,30,60,90,180}', 30), ('{0,15,45,120}', 10), ('{10}', 7);
CREATE TEMP TABLE is_separate AS
SELECT k.bounds, k.step, v.customer,
       ROW(payment_profile(v.invoice_date, v.due_date, v.paid_date, v.amount, '2026-03-31'),
           aging_profile(v.amount, days_past_due(v.due_date, '2026-03-31', v.paid_date))
             FILTER (WHERE (v.paid_date IS NULL OR v.paid_date > '2026-03-31') AND v.amount >= 0),
           aging_bucket_totals(v.amount, days_past_due(v.due_date, '2026-03-31', v.paid_date), k.bounds)
             FILTER (WHERE (v.paid_date IS NULL OR v.paid_date > '2026-03-31') AND v.amount >= 0),
           max(collection_stage(days_past_due(v.due_date, '2026-03-31', v.paid_date), v.due_date - v.invoice_date, k.step))
             FILTER (WHERE (v.paid_date IS NULL OR v.paid_date > '2026-03-31') AND v.amount >= 0
                       AND days_past_due(v.due_date, '2026-03-31', v.paid_date) > 0))::invoice_summary_row AS s
FROM is_gen v CROSS JOIN is_cases k WHERE v.invoice_date <= '2026-03-31' GROUP BY 1, 2, 3;
CREATE TEMP TABLE is_agg AS
SELECT k.bounds, k.step, v.customer, invoice_summary(v.invoice_date, v.due_date, v.paid_date, v.amount, k.bounds, k.step, '2026-03-31') AS s
FROM is_gen v CROSS JOIN is_cases k WHERE v.invoice_date <= '2026-03-31' GROUP BY 1, 2, 3;
-- rows that differ, compared as text (scales too) (zero rows = pass)
SELECT * FROM is_separate p FULL JOIN is_agg a USING (bounds, step, customer) WHERE p.s::text IS DISTINCT FROM a.s::text;
SELECT bounds, step, count(*) AS customers, sum(((s).payment).invoices) AS invoices, count((s).aging_buckets) AS with_open,
       sum(((s).aging).total) AS open_total, count((s).worst_stage) AS past_due,
       count(*) FILTER (WHERE (s).worst_stage = 'legal') AS legal, sum(((s).payment).credit_notes) AS credit_notes
FROM is_agg GROUP BY 1, 2 ORDER BY 1, 2;
SELECT customer, s FROM is_agg WHERE customer BETWEEN 3001 AND 3005 AND step = 30 ORDER BY customer;
-- a NULL collection_step_days is collection_stage's default, 30 (zero rows = pass)
SELECT a.customer FROM is_agg a
JOIN (SELECT customer, invoice_summary(invoice_date, due_date, paid_date, amount, '{0,30,60,90,180}', NULL, '2026-03-31') AS s
      FROM is_gen WHERE invoice_date <= '2026-03-31' GROUP BY customer) n USING (customer)
WHERE a.step = 30 AND a.s::text IS DISTINCT FROM n.s::text;

-- plain SQL of the parts the other aggregates do not show: the open amount
-- per custom bucket and the worst stage (zero rows = pass)
WITH o AS (
  SELECT customer, amount, '2026-03-31'::date - due_date AS dpd, due_date - invoice_date AS term
  FROM is_gen WHERE invoice_date <= '2026-03-31' AND (paid_date IS NULL OR paid_date > '2026-03-31') AND amount >= 0
    AND due_date IS NOT NULL),
b AS (
  SELECT customer, ARRAY[coalesce(sum(amount) FILTER (WHERE dpd <= 0), 0), coalesce(sum(amount) FILTER (WHERE dpd BETWEEN 1 AND 15), 0),
                         coalesce(sum(amount) FILTER (WHERE dpd BETWEEN 16 AND 45), 0), coalesce(sum(amount) FILTER (WHERE dpd BETWEEN 46 AND 120), 0),
                         coalesce(sum(amount) FILTER (WHERE dpd > 120), 0)] AS buckets,
         max(CASE WHEN dpd <= term / 3 THEN 1 WHEN (dpd - term / 3 - 1) / 10 >= 3 THEN 5 ELSE 2 + (dpd - term / 3 - 1) / 10 END)
           FILTER (WHERE dpd > 0) AS stage
  FROM o GROUP BY customer)
SELECT * FROM b FULL JOIN (SELECT customer, s FROM is_agg WHERE step = 10) a USING (customer)
WHERE b.buckets::numeric(20, 4)[] IS DISTINCT FROM ((a.s).aging_buckets)::numeric(20, 4)[]
   OR b.stage IS DISTINCT FROM array_position(enum_range(NULL::collection_stage_label), (a.s).worst_stage) - 1;

-- ---------------------------------------------------------------------------
-- The trio: partial per part, merged, final = the aggregate (zero rows = pass)
-- ---------------------------------------------------------------------------
CREATE TEMP TABLE is_parts AS
SELECT customer, (hashtext(invoice_date::text || coalesce(amount::text, '')) & 3) AS part,
       invoice_summary_partial(invoice_date, due_date, paid_date, amount, '{0,15,45,120}', 10, '2026-03-31') AS st
FROM is_gen WHERE invoice_date <= '2026-03-31' GROUP BY 1, 2;
SELECT a.customer, a.s, m.s FROM (SELECT * FROM is_agg WHERE step = 10) a
FULL JOIN (SELECT customer, invoice_summary_final(invoice_summary_merge(st)) AS s FROM is_parts GROUP BY customer) m USING (customer)
WHERE a.s::text IS DISTINCT FROM m.s::text;
-- merged states print as the one-pass state does
SELECT count(*) AS states_that_differ FROM
  (SELECT customer, invoice_summary_partial(invoice_date, due_date, paid_date, amount, '{0,15,45,120}', 10, '2026-03-31')::text AS s
   FROM is_gen WHERE invoice_date <= '2026-03-31' GROUP BY customer) a
JOIN (SELECT customer, invoice_summary_merge(st)::text AS s FROM is_parts GROUP BY customer) m USING (customer)
WHERE a.s IS DISTINCT FROM m.s;
-- states by hand: a few invoices; one paid invoice (nothing open); a merge of nothing
SELECT invoice_summary_partial(i, d, p, a, '{0,30,60,90,180}', 30, '2026-03-31') AS state,
       invoice_summary_final(invoice_summary_partial(i, d, p, a, '{0,30,60,90,180}', 30, '2026-03-31')) AS summary
FROM (VALUES (DATE '2026-01-01', DATE '2026-01-31', NULL::date, 1000.00), ('2026-02-01', '2026-03-03', '2026-03-10', 250.5),
             ('2026-03-01', '2026-03-31', NULL, -40), ('2026-03-15', '2026-04-14', NULL, 99.9)) t(i, d, p, a);
SELECT invoice_summary(i, d, p, a, '{0,30,60,90,180}', 30, '2026-03-31') AS nothing_open
FROM (VALUES (DATE '2026-01-01', DATE '2026-01-31', DATE '2026-02-10', 10.00)) t(i, d, p, a);
SELECT invoice_summary_merge(st) AS merge_of_nothing, invoice_summary_final(invoice_summary_merge(st)) AS final,
       invoice_summary(DATE '2026-01-01', NULL, NULL, 1, '{0}', 30, '2026-03-31') AS no_rows
FROM is_parts WHERE false;

-- ---------------------------------------------------------------------------
-- Forced parallel plans give the serial answers (zero rows = pass)
-- ---------------------------------------------------------------------------
CREATE TABLE is_parts_stored AS SELECT * FROM is_parts;
ANALYZE is_parts_stored;
CREATE TEMP TABLE is_queries (name text, q text);
INSERT INTO is_queries VALUES
 ('one group',    'SELECT invoice_summary(invoice_date, due_date, paid_date, amount, ''{0,15,45,120}'', 10, ''2026-03-31'')::text FROM is_gen WHERE invoice_date <= ''2026-03-31'''),
 ('partial',      'SELECT invoice_summary_partial(invoice_date, due_date, paid_date, amount, ''{0,15,45,120}'', 10, ''2026-03-31'')::text FROM is_gen WHERE invoice_date <= ''2026-03-31'''),
 ('merge',        'SELECT invoice_summary_final(invoice_summary_merge(st))::text FROM is_parts_stored'),
 ('per customer', 'SELECT md5(string_agg(s::text, '';'' ORDER BY customer)) FROM (SELECT customer, invoice_summary(invoice_date, due_date, paid_date, amount, ''{0,15,45,120}'', 10, ''2026-03-31'') s FROM is_gen WHERE invoice_date <= ''2026-03-31'' GROUP BY customer) x'),
 ('merge per customer', 'SELECT md5(string_agg(s::text, '';'' ORDER BY customer)) FROM (SELECT customer, invoice_summary_merge(st) s FROM is_parts_stored GROUP BY customer) x');
SET max_parallel_workers_per_gather = 0;
CREATE TEMP TABLE is_serial AS SELECT name, pg_temp.run(q) AS r FROM is_queries;
:force_parallel_plan
SELECT name, pg_temp.plan(q) FROM is_queries WHERE pg_temp.plan(q) NOT LIKE '%Partial%Aggregate%';
SELECT q.name, s.r AS serial, pg_temp.run(q.q) AS parallel
FROM is_queries q JOIN is_serial s USING (name) WHERE pg_temp.run(q.q) IS DISTINCT FROM s.r;
RESET ALL;

-- ---------------------------------------------------------------------------
-- Text and binary forms: exact round trips (zero rows = pass)
-- ---------------------------------------------------------------------------
SELECT customer, part FROM is_parts
WHERE st::text::invoice_state::text IS DISTINCT FROM st::text
   OR invoice_summary_final(st::text::invoice_state)::text IS DISTINCT FROM invoice_summary_final(st)::text
   OR invoice_state_send(st::text::invoice_state) IS DISTINCT FROM invoice_state_send(st)
   OR (customer % 50 = 0 AND pg_temp.binary_input('invoice_state', invoice_state_send(st)) IS DISTINCT FROM st::text);
SELECT count(*) AS states_checked FROM is_parts;
SELECT s AS state, invoice_summary_final(s::invoice_state) AS summary,
       pg_temp.binary_input('invoice_state', invoice_state_send(s::invoice_state)) AS from_binary
FROM (VALUES ('v1;|v1;payment|v1;0;0;0;;|v1;0;0;0;;')) t(s);

-- ---------------------------------------------------------------------------
-- Bad input: errcode, message and hint
-- ---------------------------------------------------------------------------
SELECT pg_temp.expect_error($$SELECT invoice_summary('2026-01-01', '2026-01-31', NULL, 1, '{0}', 30, NULL)$$) AS null_as_of;
SELECT pg_temp.expect_error($$SELECT invoice_summary('2026-01-01', '2026-01-31', NULL, 1, NULL, 30, '2026-03-31')$$) AS null_boundaries;
SELECT pg_temp.expect_error($$SELECT invoice_summary('2026-01-01', '2026-01-31', NULL, 1, '{30,0}', 30, '2026-03-31')$$) AS bad_boundaries;
SELECT pg_temp.expect_error($$SELECT invoice_summary('2026-01-01', '2026-01-31', NULL, 1, '{0}', 0, '2026-03-31')$$) AS step_0;
SELECT invoice_summary('2026-01-01', '2026-01-31', '2026-02-01', 1, NULL, 0, '2026-03-31') AS options_of_no_open_invoice;
SELECT pg_temp.expect_error($$SELECT invoice_summary('2026-04-01', '2026-04-30', NULL, 1, '{0}', 30, '2026-03-31')$$) AS invoice_after_as_of;
SELECT pg_temp.expect_error($$SELECT invoice_summary('2026-01-01', '2025-12-01', NULL, 1, '{0}', 30, '2026-03-31')$$) AS due_before_invoice;
SELECT pg_temp.expect_error($$SELECT invoice_summary('2026-01-01', '2026-01-31', NULL, 'NaN', '{0}', 30, '2026-03-31')$$) AS nan_amount;
SELECT pg_temp.expect_error($$SELECT invoice_summary('2026-01-01', '2026-01-31', NULL, '-Infinity', '{0}', 30, '2026-03-31')$$) AS infinite_amount;
SELECT pg_temp.expect_error($$SELECT invoice_summary(NULL, 'infinity', NULL, 1, '{0}', 30, '2026-03-31')$$) AS infinite_due_date;
SELECT pg_temp.expect_error($$SELECT invoice_summary('2026-01-01', '2026-01-31', NULL, 1, '{0}', 30, a)
                              FROM (VALUES (DATE '2026-03-31'), ('2026-04-30')) t(a)$$) AS as_of_differs;
SELECT pg_temp.expect_error($$SELECT invoice_summary('2026-01-01', '2026-01-31', NULL, 1, b, 30, '2026-03-31')
                              FROM (VALUES ('{0}'::int4[]), ('{0,30}')) t(b)$$) AS boundaries_differ;
SELECT pg_temp.expect_error($$SELECT invoice_summary_add(NULL, '2026-01-01', '2026-01-31', NULL, 1, '{0}', 30, '2026-03-31')$$) AS null_state;
SELECT pg_temp.expect_error($$SELECT 'v2;|v1;payment|v1;0;0;0;;|v1;0;0;0;;'::invoice_state$$) AS bad_version;
SELECT pg_temp.expect_error($$SELECT 'v1;not_due|v1;payment|v1;0;0;0;;|v1;0;0;0;;'::invoice_state$$) AS not_due_as_worst;
SELECT pg_temp.expect_error($$SELECT 'v1;|v1;recovery|v1;0;0;0;;|v1;0;0;0;;'::invoice_state$$) AS not_a_payment_state;
SELECT pg_temp.expect_error($$SELECT 'v1;|v1;payment|v1;0;0;0;;'::invoice_state$$) AS three_parts;
SELECT pg_temp.expect_error($$SELECT pg_temp.binary_input('invoice_state', '\x0001'::bytea)$$) AS short_binary;
-- a stored state of another size or version (another build, damaged storage)
-- cannot come from the input functions: forged as bytes, it fails with both
CREATE FUNCTION pg_temp.forged_invoice_state(cstring) RETURNS invoice_state AS 'byteain' LANGUAGE internal IMMUTABLE STRICT;
SELECT pg_temp.expect_error($$SELECT invoice_summary_final(pg_temp.forged_invoice_state('\x0001'))$$) AS state_of_6_bytes;
SELECT pg_temp.expect_error($$SELECT pg_temp.forged_invoice_state(('\x0202' || repeat('00', 442))::cstring)::text$$) AS state_of_version_514;
SELECT pg_temp.expect_error($$SELECT invoice_summary_merge(st) FROM (SELECT invoice_summary_partial(DATE '2026-01-01', '2026-01-31', NULL, 1, '{0}', 30, '2026-03-31')
                                                                UNION ALL SELECT invoice_summary_partial(DATE '2026-01-01', '2026-01-31', NULL, 1, '{0}', 30, '2026-04-30')) t(st)$$) AS merge_of_two_as_of_dates;

-- a later test drops the extension: no table may keep its types
DROP TABLE is_parts_stored, is_gen;
