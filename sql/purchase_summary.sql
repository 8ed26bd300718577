-- purchase_summary: a customer's transactions as of a date summarised into
-- the BG/NBD and Gamma-Gamma inputs (src/purchase_summary.c, docs/clv.md)
\set ECHO none
\i test/regress_helpers.sql
\set ECHO all
\pset null '~'

-- ---------------------------------------------------------------------------
-- CDNOW: both published summary files reproduced from the raw transactions
-- (as of 1997-09-30, weeks; t_x and T rounded to 2 decimals, zbar to cents
-- and 0 when x = 0, as the files have them)
-- ---------------------------------------------------------------------------
\set ECHO none
\i test/cdnow.sql
\set ECHO all
CREATE TEMP TABLE cdnow_file1 (id int, frequency int, recency numeric, t numeric);
\copy cdnow_file1 FROM 'test/data/cdnow/cdnow_customers_summary.csv' WITH (FORMAT csv, HEADER true)
CREATE TEMP TABLE cdnow_file2 (id int, x int, t_x numeric, t numeric, zbar numeric);
\copy cdnow_file2 FROM 'test/data/cdnow/cdnow_customers_summary_with_transactions.csv' WITH (FORMAT csv, HEADER true)
CREATE TEMP TABLE cdnow_ours AS
SELECT customer_id AS id, (s).frequency AS x, round((s).recency::numeric, 2) AS t_x,
       round((s).age::numeric, 2) AS t, coalesce(round((s).monetary_value, 2), 0) AS zbar
FROM (SELECT customer_id, purchase_summary(purchased, amount, DATE '1997-09-30', 7) AS s
      FROM cdnow.transactions GROUP BY customer_id) q;
SELECT (SELECT count(*) FROM cdnow.transactions) AS transactions,
       (SELECT count(*) FROM cdnow.transactions WHERE purchased <= '1997-09-30') AS in_calibration,
       (SELECT count(*) FROM cdnow_file1) AS file1_rows, (SELECT count(*) FROM cdnow_file2) AS file2_rows,
       (SELECT count(*) FROM cdnow_ours) AS our_rows, (SELECT count(*) FROM cdnow_ours WHERE x > 0) AS repeat_buyers;
-- rows that differ, both ways (zero = pass)
SELECT (SELECT count(*) FROM (TABLE cdnow_file1 EXCEPT SELECT id, x, t_x, t FROM cdnow_ours) d) AS file1_not_ours,
       (SELECT count(*) FROM (SELECT id, x, t_x, t FROM cdnow_ours EXCEPT TABLE cdnow_file1) d) AS ours_not_file1,
       (SELECT count(*) FROM (TABLE cdnow_file2 EXCEPT TABLE cdnow_ours) d) AS file2_not_ours,
       (SELECT count(*) FROM (TABLE cdnow_ours EXCEPT TABLE cdnow_file2) d) AS ours_not_file2;
-- the published file agrees with cdnow.summary, which the fits read
SELECT count(*) AS summary_rows_that_differ
FROM cdnow.summary s FULL JOIN cdnow_ours o ON o.id = s.customer_id
WHERE (s.x, s.t_x, s.t_cal, s.zbar) IS DISTINCT FROM (o.x, o.t_x, o.t, o.zbar);
-- a few customers in full
SELECT customer_id, purchase_summary(purchased, amount, '1997-09-30', 7)
FROM cdnow.transactions WHERE customer_id IN (1, 2, 4, 18) GROUP BY customer_id ORDER BY customer_id;

-- ---------------------------------------------------------------------------
-- Generated data against plain SQL: negative amounts, NULL dates and
-- amounts, several rows a day, rows after as_of, one-row customers, amounts
-- of several scales, customers with no qualifying row, and one customer of
-- 20,000 purchase days in random order
-- ---------------------------------------------------------------------------
SELECT setseed(0.4) \g /dev/null
CREATE TABLE ps_gen AS
SELECT c AS customer, DATE '2024-01-01' + (random() * 500)::int AS purchased,
       CASE (random() * 5)::int WHEN 0 THEN round((random() * 300 - 50)::numeric)
            WHEN 1 THEN round((random() * 300 - 50)::numeric, 2) WHEN 2 THEN round((random() * 300)::numeric, 4)
            WHEN 3 THEN round((random() * 300)::numeric, 1)::numeric(12, 3) ELSE round((random() * 30)::numeric, 2) END AS amount
FROM generate_series(1, 3000) c, generate_series(1, 1 + (c % 7) * (c % 5)) r;
-- several rows on one day, NULLs, a customer with rows only after as_of or
-- only NULLs, one-row customers, and a long one
INSERT INTO ps_gen SELECT customer, purchased, round(amount / 3, 2) FROM ps_gen WHERE customer % 4 = 0;
INSERT INTO ps_gen SELECT customer, NULL, 10 FROM ps_gen WHERE customer % 11 = 0;
INSERT INTO ps_gen SELECT customer, purchased, NULL FROM ps_gen WHERE customer % 13 = 0;
INSERT INTO ps_gen VALUES (3001, '2025-06-01', 5), (3002, NULL, 5), (3003, '2024-02-01', NULL), (3004, '2024-03-03', 0.0000);
INSERT INTO ps_gen SELECT 3005, DATE '1970-01-01' + (i * 7919) % 20000, (i % 1000 - 300) / 100.0
FROM generate_series(1, 40000) i ORDER BY random();
-- customers who buy on a few days only, many rows a day, in random order:
-- the state fills with repeated days and merges them as it grows
INSERT INTO ps_gen SELECT 4000 + c, DATE '2025-03-20' + (random() * 12)::int, round((random() * 100 - 10)::numeric, 2)
FROM generate_series(1, 300) c, generate_series(1, 5 + c % 40) r ORDER BY random();
-- and 2,000 customers of 9 rows over 6 days in a scrambled order (so that
-- the ninth row often comes when the first 8 entries are full)
INSERT INTO ps_gen SELECT 5000 + c, DATE '2025-03-20' + (hashint4(c * 16 + r) & 255) % 6, (c * r) % 1000 / 10.0
FROM generate_series(1, 2000) c, generate_series(1, 9) r ORDER BY c, hashint4(c * 32 + r);
ANALYZE ps_gen;
SELECT count(*) AS rows, count(DISTINCT customer) AS customers, count(*) FILTER (WHERE amount < 0) AS negative,
       count(*) FILTER (WHERE purchased > '2025-03-31') AS after_as_of,
       count(*) FILTER (WHERE purchased IS NULL OR amount IS NULL) AS with_null
FROM ps_gen;

-- the plain-SQL formulation: purchase days with their amounts summed, then
-- the summary (monetary_value: sum over the repeat days / their count)
CREATE TEMP TABLE ps_plain AS
WITH d AS (SELECT customer, purchased, sum(amount) AS amount FROM ps_gen
           WHERE purchased <= DATE '2025-03-31' AND amount IS NOT NULL GROUP BY customer, purchased),
c AS (SELECT customer, count(*) AS days, min(purchased) AS first, max(purchased) AS last FROM d GROUP BY customer),
r AS (SELECT customer, sum(d.amount) FILTER (WHERE d.purchased > c.first) AS repeat_amount FROM d JOIN c USING (customer) GROUP BY customer)
SELECT g.customer, CASE WHEN c.customer IS NOT NULL THEN
         ROW((c.days - 1)::int, (c.last - c.first)::float8 / 7, (DATE '2025-03-31' - c.first)::float8 / 7,
             r.repeat_amount / nullif(c.days - 1, 0), c.first, c.last)::purchase_summary_row END AS s
FROM (SELECT DISTINCT customer FROM ps_gen) g LEFT JOIN c USING (customer) LEFT JOIN r USING (customer);
CREATE TEMP TABLE ps_agg AS
SELECT customer, purchase_summary(purchased, amount, '2025-03-31', 7) AS s FROM ps_gen GROUP BY customer;
-- rows that differ, compared as text (scales too) (zero rows = pass)
SELECT * FROM ps_plain p FULL JOIN ps_agg a USING (customer) WHERE p.s::text IS DISTINCT FROM a.s::text;
SELECT count(*) AS customers, count(s) AS with_summary, count((s).monetary_value) AS repeat_buyers,
       max((s).frequency) AS max_frequency, count(DISTINCT scale((s).monetary_value)) AS scales
FROM ps_agg;
SELECT customer, s FROM ps_agg WHERE customer IN (3001, 3002, 3003, 3004, 3005) ORDER BY customer;
-- in days: the three-argument form, and unit_days NULL
SELECT count(*) AS days_rows_that_differ FROM (
  SELECT customer, purchase_summary(purchased, amount, '2025-03-31')::text AS a,
         purchase_summary(purchased, amount, '2025-03-31', NULL)::text AS b,
         purchase_summary(purchased, amount, '2025-03-31', 1)::text AS c
  FROM ps_gen GROUP BY customer) x
WHERE a IS DISTINCT FROM b OR a IS DISTINCT FROM c;

-- ---------------------------------------------------------------------------
-- The trio: partial per part, merged, final = the aggregate (zero rows = pass)
-- ---------------------------------------------------------------------------
CREATE TEMP TABLE ps_parts AS
SELECT customer, (hashtext(purchased::text || amount::text) & 3) AS part,
       purchase_summary_partial(purchased, amount, '2025-03-31') AS st
FROM ps_gen GROUP BY 1, 2;
SELECT a.customer, a.s, m.s FROM ps_agg a
JOIN (SELECT customer, purchase_summary_final(purchase_summary_merge(st), 7) AS s FROM ps_parts GROUP BY customer) m USING (customer)
WHERE a.s::text IS DISTINCT FROM m.s::text;
SELECT a.customer FROM (SELECT customer, purchase_summary(purchased, amount, '2025-03-31') AS s FROM ps_gen GROUP BY customer) a
JOIN (SELECT customer, purchase_summary_final(purchase_summary_merge(st)) AS s FROM ps_parts GROUP BY customer) m USING (customer)
WHERE a.s::text IS DISTINCT FROM m.s::text;
-- merged states print as the one-pass state does (days sorted and merged)
SELECT count(*) AS states_that_differ FROM
  (SELECT customer, purchase_summary_partial(purchased, amount, '2025-03-31')::text AS s FROM ps_gen GROUP BY customer) a
JOIN (SELECT customer, purchase_summary_merge(st)::text AS s FROM ps_parts GROUP BY customer) m USING (customer)
WHERE a.s IS DISTINCT FROM m.s;
-- rows in this order fill the first 8 entries, and the ninth is the day the
-- merge then ends with: it joins that day (7 purchase days, not 8)
SELECT purchase_summary_partial(d, a, '2026-03-31') AS state, purchase_summary(d, a, '2026-03-31') AS summary
FROM (VALUES (DATE '2024-11-26', 18.80), ('2025-03-17', 10.36), ('2025-09-18', 37.15), ('2025-08-12', 77.23),
             ('2026-01-07', 9.10), ('2026-03-22', 27.66), ('2026-01-07', 61.56), ('2024-09-23', 124.28),
             ('2026-03-22', 49.19), ('2026-06-04', 14.09)) t(d, a);
-- states by hand: text, one of no row, a merge of nothing
SELECT purchase_summary_partial(d, a, '2024-01-31') AS state,
       purchase_summary_final(purchase_summary_partial(d, a, '2024-01-31')) AS in_days,
       purchase_summary_final(purchase_summary_partial(d, a, '2024-01-31'), 7) AS in_weeks
FROM (VALUES (DATE '2024-01-20', 10.00), ('2024-01-01', 5.5), ('2024-01-10', 20), ('2024-01-20', -3.25), ('2024-02-05', 100)) t(d, a);
SELECT purchase_summary_partial(d, a, '2024-01-31') AS no_qualifying_row,
       purchase_summary_final(purchase_summary_partial(d, a, '2024-01-31')) AS summary
FROM (VALUES (DATE '2024-02-20', 10.00), (NULL, 1)) t(d, a);
SELECT purchase_summary_merge(st) AS merge_of_nothing, purchase_summary_final(purchase_summary_merge(st)) AS final,
       purchase_summary_final(NULL, 7) AS final_of_null, purchase_summary(d, a, '2024-01-31') AS no_rows
FROM ps_parts, (VALUES (DATE '2024-01-01', 1.0)) t(d, a) WHERE false;
SELECT purchase_summary_final('v1;8795;7;8766,2,155000,8775,0,200000') AS unit_of_the_state,
       purchase_summary_final('v1;8795;7;8766,2,155000,8775,0,200000', 1) AS unit_given,
       purchase_summary_final('v1;8795;7;8766,2,155000,8775,0,200000', NULL) AS unit_null;

-- ---------------------------------------------------------------------------
-- Forced parallel plans give the serial answers (zero rows = pass)
-- ---------------------------------------------------------------------------
CREATE TABLE ps_parts_stored AS SELECT * FROM ps_parts;
ANALYZE ps_parts_stored;
CREATE TEMP TABLE ps_queries (name text, q text);
INSERT INTO ps_queries VALUES
 ('one group',       'SELECT purchase_summary(purchased, amount, ''2025-03-31'', 7)::text FROM ps_gen'),
 ('one group, days', 'SELECT purchase_summary(purchased, amount, ''2025-03-31'')::text FROM ps_gen'),
 ('long customer',   'SELECT purchase_summary(purchased, amount, ''2025-03-31'')::text FROM ps_gen WHERE customer = 3005'),
 ('partial',         'SELECT purchase_summary_partial(purchased, amount, ''2025-03-31'')::text FROM ps_gen'),
 ('merge',           'SELECT purchase_summary_final(purchase_summary_merge(st), 7)::text FROM ps_parts_stored'),
 ('per customer',    'SELECT md5(string_agg(s::text, '';'' ORDER BY customer)) FROM (SELECT customer, purchase_summary(purchased, amount, ''2025-03-31'', 7) s FROM ps_gen GROUP BY customer) x'),
 ('merge per customer', 'SELECT md5(string_agg(s::text, '';'' ORDER BY customer)) FROM (SELECT customer, purchase_summary_merge(st) s FROM ps_parts_stored GROUP BY customer) x');
SET max_parallel_workers_per_gather = 0;
CREATE TEMP TABLE ps_serial AS SELECT name, pg_temp.run(q) AS r FROM ps_queries;
:force_parallel_plan
-- but the merge per customer: a customer's few stored parts are not worth a
-- partial aggregate, so the planner gathers them and merges each customer's
-- once (whether it also sorts for string_agg's ORDER BY depends on the
-- PostgreSQL version, so only the Gather is shown)
SELECT name, pg_temp.plan(q) LIKE '%Gather%' AS gathered FROM ps_queries WHERE pg_temp.plan(q) NOT LIKE '%Partial%Aggregate%';
EXPLAIN (COSTS OFF) SELECT purchase_summary(purchased, amount, '2025-03-31', 7) FROM ps_gen;
SELECT q.name, s.r AS serial, pg_temp.run(q.q) AS parallel
FROM ps_queries q JOIN ps_serial s USING (name) WHERE pg_temp.run(q.q) IS DISTINCT FROM s.r;
RESET ALL;

-- ---------------------------------------------------------------------------
-- Text and binary forms: exact round trips (zero rows = pass), and the
-- binary form read back by COPY ... (FORMAT binary)
-- ---------------------------------------------------------------------------
SELECT customer, part FROM ps_parts
WHERE st::text::purchase_state::text IS DISTINCT FROM st::text
   OR purchase_summary_final(st::text::purchase_state, 7)::text IS DISTINCT FROM purchase_summary_final(st, 7)::text
   OR purchase_state_send(st::text::purchase_state) IS DISTINCT FROM purchase_state_send(st);
SELECT count(*) AS states_checked, sum(length(st::text)) AS text_bytes FROM ps_parts;
-- the binary form read by the receive function (COPY ... FORMAT binary), for
-- one customer in 100 and the long one
SELECT customer, part FROM ps_parts
WHERE (customer % 100 = 0 OR customer = 3005)
  AND pg_temp.binary_input('purchase_state', purchase_state_send(st)) IS DISTINCT FROM st::text;
SELECT s AS state, pg_temp.binary_input('purchase_state', purchase_state_send(s::purchase_state)) AS from_binary
FROM (VALUES ('v1'), ('v1;8795;0;'), ('v1;8795;7;8766,2,155000'), ('v1;-823;0;-1000,16383,-1'), ('v1;8795;0;8766,0,-9223372036854770000')) t(s);
COPY (SELECT st FROM ps_parts WHERE customer = 3005) TO '/tmp/customer_seg_purchase_state.bin' WITH (FORMAT binary);
CREATE TEMP TABLE ps_copied (st purchase_state);
COPY ps_copied FROM '/tmp/customer_seg_purchase_state.bin' WITH (FORMAT binary);
SELECT count(*) AS copied, bool_and(c.st::text = p.st::text) AS same
FROM ps_copied c, ps_parts p WHERE p.customer = 3005 AND c.st::text = p.st::text;

-- ---------------------------------------------------------------------------
-- Bad input: errcode, message and hint
-- ---------------------------------------------------------------------------
SELECT pg_temp.expect_error($$SELECT purchase_summary(d, 1, NULL) FROM (VALUES (DATE '2024-01-01')) t(d)$$) AS null_as_of;
SELECT pg_temp.expect_error($$SELECT purchase_summary(d, 1, d) FROM (VALUES (DATE '2024-01-01'), ('2024-01-02')) t(d)$$) AS as_of_differs;
SELECT pg_temp.expect_error($$SELECT purchase_summary(d, 1, '2024-02-01', 0) FROM (VALUES (DATE '2024-01-01')) t(d)$$) AS unit_0;
SELECT pg_temp.expect_error($$SELECT purchase_summary(d, 1, '2024-02-01', -7) FROM (VALUES (DATE '2024-01-01')) t(d)$$) AS unit_negative;
SELECT pg_temp.expect_error($$SELECT purchase_summary(d, 1, '2024-02-01', u) FROM (VALUES (DATE '2024-01-01', 7), ('2024-01-02', 1)) t(d, u)$$) AS unit_differs;
SELECT pg_temp.expect_error($$SELECT purchase_summary_final('v1;8795;0;8766,2,155000', 0)$$) AS final_unit_0;
SELECT pg_temp.expect_error($$SELECT purchase_summary('-infinity', 1, '2024-02-01')$$) AS infinite_date;
SELECT pg_temp.expect_error($$SELECT purchase_summary('2024-01-01', 1, 'infinity')$$) AS infinite_as_of;
SELECT pg_temp.expect_error($$SELECT purchase_summary('2024-01-01', 'NaN', '2024-02-01')$$) AS nan_amount;
SELECT pg_temp.expect_error($$SELECT purchase_summary('2024-01-01', 1.00001, '2024-02-01')$$) AS five_decimals;
SELECT pg_temp.expect_error($$SELECT purchase_summary(d, 900000000000000, '2024-02-01') FROM (VALUES (DATE '2024-01-01'), ('2024-01-01')) t(d)$$) AS day_sum_overflow;
SELECT pg_temp.expect_error($$SELECT purchase_summary_merge(s::purchase_state) FROM (VALUES ('v1;8795;0;'), ('v1;8796;0;')) t(s)$$) AS merge_as_of_differs;
SELECT pg_temp.expect_error($$SELECT purchase_summary_merge(s::purchase_state) FROM (VALUES ('v1;8795;7;'), ('v1;8795;1;')) t(s)$$) AS merge_unit_differs;
SELECT pg_temp.expect_error($$SELECT purchase_summary_add(NULL, '2024-01-01', 1, '2024-02-01')$$) AS null_state;
-- the transition function by hand: the state is copied, not changed
SELECT s::purchase_state AS state, purchase_summary_add(s::purchase_state, '2024-01-05', 2.5, '2024-01-30') AS added,
       purchase_summary_add(s::purchase_state, '2024-01-01', -15.5, '2024-01-30') AS same_day,
       purchase_summary_add('v1', NULL, 2.5, '2024-01-31', 7) AS as_of_only
FROM (VALUES ('v1;8795;0;8766,2,155000')) t(s);
-- malformed states: 22P02 (text) and 22P03 (binary) with the detail
SELECT s AS text, pg_temp.input_outcome(format('SELECT %L::purchase_state::text', s)) AS outcome
FROM (VALUES ('v2'), ('v1;'), ('v1;8795'), ('v1;8795;-1;'), ('v1;8795;0;8766,2'), ('v1;8795;0;8766,2,155000,'),
             ('v1;8795;0;8766,2,155000;'), ('v1;8795;0;8775,0,1,8766,0,1'), ('v1;8795;0;8766,0,1,8766,0,1'),
             ('v1;8795;0;8796,0,1'), ('v1;8795;0;8766,16384,1'), ('v1;8795;0;8766,1,1'), ('v1;2147483647;0;'),
             ('v1;8795;0;2147483647,0,1'), (' v1'), ('v1;+8795;0;')) t(s);
-- binary: version, has as_of, as_of, unit_days, days; each day: date, scale, key
CREATE FUNCTION pg_temp.ps_bin(version int, has int, as_of int, unit int, n int, days bytea DEFAULT '') RETURNS bytea
LANGUAGE sql AS $$ SELECT int2send(version::int2) || int2send(has::int2) || int4send(as_of) || int4send(unit) || int4send(n) || days $$;
CREATE FUNCTION pg_temp.ps_day(d int, scale int, key bigint) RETURNS bytea
LANGUAGE sql AS $$ SELECT int4send(d) || int2send(scale::int2) || int8send(key) $$;
SELECT name, pg_temp.input_outcome(format('SELECT pg_temp.binary_input(''purchase_state'', %L)', b)) AS outcome
FROM (VALUES ('valid', pg_temp.ps_bin(1, 1, 8795, 7, 2, pg_temp.ps_day(8766, 2, 155000) || pg_temp.ps_day(8775, 0, 20000))),
             ('valid, empty', pg_temp.ps_bin(1, 0, 0, 0, 0)),
             ('empty message', ''::bytea),
             ('short', '\x00010001'::bytea),
             ('version 2', pg_temp.ps_bin(2, 1, 8795, 7, 0)),
             ('as_of flag 2', pg_temp.ps_bin(1, 2, 8795, 7, 0)),
             ('unit without as_of', pg_temp.ps_bin(1, 0, 0, 7, 0)),
             ('negative unit', pg_temp.ps_bin(1, 1, 8795, -7, 0)),
             ('infinite as_of', pg_temp.ps_bin(1, 1, 2147483647, 0, 0)),
             ('one day too few', pg_temp.ps_bin(1, 1, 8795, 7, 2, pg_temp.ps_day(8766, 2, 155000))),
             ('a byte more', pg_temp.ps_bin(1, 1, 8795, 7, 1, pg_temp.ps_day(8766, 2, 155000) || '\x00'::bytea)),
             ('negative count', pg_temp.ps_bin(1, 1, 8795, 7, -1)),
             ('day after as_of', pg_temp.ps_bin(1, 1, 8795, 7, 1, pg_temp.ps_day(8796, 2, 155000))),
             ('days out of order', pg_temp.ps_bin(1, 1, 8795, 7, 2, pg_temp.ps_day(8775, 0, 20000) || pg_temp.ps_day(8766, 2, 155000))),
             ('a day twice', pg_temp.ps_bin(1, 1, 8795, 7, 2, pg_temp.ps_day(8766, 0, 20000) || pg_temp.ps_day(8766, 2, 155000))),
             ('decimals beyond the scale', pg_temp.ps_bin(1, 1, 8795, 7, 1, pg_temp.ps_day(8766, 1, 155001))),
             ('negative scale', pg_temp.ps_bin(1, 1, 8795, 7, 1, pg_temp.ps_day(8766, -1, 155000)))) t(name, b);

DROP TABLE ps_gen, ps_parts_stored;
DROP SCHEMA cdnow CASCADE;
