-- credit: the credit_state type (src/credit_state.c), payment_profile (src/payment_profile.c), grades, overdue classes and risk groups (src/grades.c), collection KPIs (src/collection_kpis.c)
\set ECHO none
\i test/regress_helpers.sql
\set ECHO all
\pset null '~'

-- hand-built ledgers, as of 2026-06-30 (invoice, due, paid, amount)
CREATE TEMP TABLE ledger (who text, invoice_date date, due_date date, paid_date date, amount numeric);
INSERT INTO ledger VALUES
 -- always on time: paid 30 and 45 days after invoicing, before the due date
 ('on time',  '2026-01-01', '2026-03-02', '2026-01-31', 1000.00),
 ('on time',  '2026-02-01', '2026-04-02', '2026-03-18', 3000.00),
 -- always late: paid 100 and 200 days after invoicing, due after 30
 ('late',     '2025-10-01', '2025-10-31', '2026-01-09', 500.00),
 ('late',     '2025-11-01', '2025-12-01', '2026-05-20', 500.00),
 -- never pays: two open invoices, 300 and 120 days old
 ('never',    '2025-09-03', '2025-10-03', NULL, 2000.00),
 ('never',    '2026-03-02', '2026-04-01', NULL, 20000.00),
 -- partial history: one paid on the due date, one paid after as_of (open
 -- as of as_of), one not yet due (an invoice dated after as_of is an error
 -- since 0.3.0: sql/checks.sql)
 ('partial',  '2026-01-01', '2026-02-01', '2026-02-01', 100.00),
 ('partial',  '2026-04-01', '2026-05-01', '2026-07-15', 300.00),
 ('partial',  '2026-06-15', '2026-07-15', NULL, 50.00),
 -- one invoice
 ('single',   '2026-05-01', '2026-05-31', '2026-06-10', 250.00),
 -- credit notes: negative amounts stay out of the invoice measures
 ('credits',  '2026-02-01', '2026-03-03', '2026-03-01', 400.00),
 ('credits',  '2026-03-01', '2026-03-01', NULL, -150.00),
 ('credits',  '2026-05-01', '2026-05-31', NULL, 0.00),
 -- NULL invoice date or amount: no invoice; NULL due date: an invoice not
 -- judged for timeliness (since 0.3.0; sql/checks.sql)
 ('nulls',    NULL, '2026-03-01', NULL, 10),
 ('nulls',    '2026-01-01', NULL, NULL, 10),
 ('nulls',    '2026-01-01', '2026-03-01', NULL, NULL),
 -- only credit notes
 ('only credits', '2026-01-01', '2026-02-01', NULL, -10.00);

SELECT who, (p).*, credit_grade(p) AS grade, collection_terms(credit_grade(p)) AS terms,
       overdue_class(p) AS class, risk_group(p) AS risk
FROM (SELECT who, payment_profile(invoice_date, due_date, paid_date, amount, '2026-06-30') AS p
      FROM ledger GROUP BY who) x
ORDER BY who;

-- no rows at all: counts and amounts 0, averages NULL, grade NULL
SELECT (p).*, credit_grade(p) AS grade, risk_group(p) AS risk, overdue_class(p) AS class
FROM (SELECT payment_profile(invoice_date, due_date, paid_date, amount, '2026-06-30') AS p
      FROM ledger WHERE false) x;

-- the same customer as of an earlier date: the late payer was still open
SELECT (payment_profile(invoice_date, due_date, paid_date, amount, '2026-01-01')).*
FROM ledger WHERE who = 'late';

-- grade limits: 60 is still A, 60.0001 is B, and so on; custom limits;
-- the profile form makes a customer once more than 240 days late a D
SELECT d, credit_grade(d) AS grade, credit_grade(d, '{30,60,90}') AS strict
FROM unnest(ARRAY[-5, 0, 60, 60.0001, 61, 150, 151, 240, 240.5, 241, 10000, NULL]::numeric[]) d;
SELECT credit_grade(p) AS grade, (p).avg_days_to_pay, (p).max_days_past_due
FROM (SELECT payment_profile(i, d, pd, a, '2026-06-30') AS p
      FROM (VALUES ('2026-01-01'::date, '2026-01-31'::date, '2026-01-11'::date, 10000.00),
                   ('2026-02-01', '2026-03-03', '2026-02-11', 10000.00),
                   ('2025-09-01', '2025-10-01', NULL, 1.00)) t(i, d, pd, a)) x;
SELECT g, collection_terms(g) FROM unnest(enum_range(NULL::credit_grade_label)) g;
SELECT 'D'::credit_grade_label > 'A' AS d_is_worse, 'high'::risk_group_label > 'low' AS high_is_worse;

-- overdue classes: not overdue, small, large, old, grade D; custom thresholds
SELECT a, d, g, overdue_class(a, d, g) AS class, overdue_class(a, d, g, large_amount => 500, legal_days => 90) AS custom
FROM (VALUES (100.00, 0, NULL::credit_grade_label), (0.00, 30, NULL), (-5.00, 30, NULL),
             (100.00, 1, 'A'), (9999.99, 180, 'C'), (10000.00, 180, 'B'), (10000.00, 181, 'A'),
             (100.00, 5, 'D'), (NULL, 5, 'A'), (100.00, NULL, 'A')) t(a, d, g);

-- risk groups: each measure at its thresholds, the grade, NULL measures
SELECT c, a, d, g, risk_group(c, a, d, g) AS risk
FROM (VALUES (0, 0.00, 0, NULL::credit_grade_label), (1, 999.99, 30, 'A'), (2, 0, 0, NULL), (0, 1000, 0, NULL),
             (0, 0, 31, NULL), (3, 9999.99, 90, 'B'), (4, 0, 0, NULL), (0, 10000, 0, NULL),
             (0, 0, 91, NULL), (0, 0, 0, 'C'), (0, 0, 0, 'D'), (NULL, NULL, 100, NULL),
             (NULL, NULL, NULL, 'B'), (NULL, NULL, NULL, NULL)) t(c, a, d, g);
SELECT risk_group(3, 0, 0, high_count => 3) AS high_by_count,
       risk_group(0, 500, 0, medium_amount => 500, high_amount => 600) AS medium_by_amount;

-- KPIs: recovery rate, roll rates, DSO, CEI
SELECT recovery_rate(r, s) AS rate, recovery_rate(r, s) FILTER (WHERE s = 0) AS none_overdue
FROM (VALUES (40.00, 100.00), (10.00, 100.00), (5.00, 0.00)) t(r, s);
SELECT recovery_rate(r, s) AS empty FROM (VALUES (1.0, 1.0)) t(r, s) WHERE false;
SELECT r.* FROM unnest((SELECT cycle_migration(f, t, b) FROM (VALUES
  (0, 0, 700.00), (0, 1, 300.00),
  (1, 0, 100.00), (1, 1, 100.00), (1, 2, 200.00),
  (3, 4, 50.00), (3, 3, 0.00), (7, 7, 80.00), (7, 0, 20.00)) x(f, t, b))) r;
SELECT cycle_migration(f, t, b) AS no_accounts FROM (VALUES (0, 0, 1.0)) x(f, t, b) WHERE false;
SELECT dso(150000, 900000, 365) AS dso_year, dso(150000, 225000, 90) AS dso_quarter, dso(10, 0) AS no_sales;
SELECT cei(100000, 500000, 150000, 90000) AS cei, cei(0, 0, 0, 0) AS nothing_collectible,
       cei(100, 0, 0, 0) AS all_collected;

-- states as values: text round trip, merge of split parts equals the whole
SELECT payment_profile_partial(invoice_date, due_date, paid_date, amount, '2026-06-30') AS state FROM ledger WHERE who = 'late';
SELECT 'v1;payment'::credit_state AS empty_payment, 'v1;recovery'::credit_state AS empty_recovery;
SELECT payment_profile_final(payment_profile_merge(s::text::credit_state)) =
       (SELECT payment_profile(invoice_date, due_date, paid_date, amount, '2026-06-30') FROM ledger) AS split_equals_whole
FROM (SELECT payment_profile_partial(invoice_date, due_date, paid_date, amount, '2026-06-30') AS s FROM ledger GROUP BY who) x;
SELECT recovery_rate_final(recovery_rate_merge(s)) AS merged_rate
FROM (SELECT recovery_rate_partial(r, s) AS s FROM (VALUES (40.00, 100.00), (10.00, 100.00)) t(r, s) GROUP BY r) x;
SELECT cycle_migration_final(cycle_migration_merge(s)) = (SELECT cycle_migration(f, t, b) FROM (VALUES (0, 1, 5.00), (1, 0, 2.50), (1, 1, 1)) x(f, t, b)) AS roll_merge
FROM (SELECT cycle_migration_partial(f, t, b) AS s FROM (VALUES (0, 1, 5.00), (1, 0, 2.50), (1, 1, 1)) x(f, t, b) GROUP BY f) y;
-- roll states keep only the (from, to) cells with accounts, sorted:
-- "v2;roll;dscale;cell,sum,count,..." with cell = from * 8 + to and sums in 0.0001
SELECT cycle_migration_partial(f, t, b) AS sparse FROM (VALUES (1, 2, 5.00), (0, 1, 2.5), (1, 2, 1), (7, 7, 0)) x(f, t, b);
SELECT cycle_migration_partial(f, t, b) AS no_cells FROM (VALUES (1, 2, 5.00)) x(f, t, b) WHERE false;
SELECT 'v2;roll'::credit_state AS empty_v2, 'v1;roll'::credit_state AS empty_v1, 'v2;roll;3;'::credit_state AS empty_scale_3;
-- all 64 cells, in any order of arrival; hashed and sorted grouping, and a
-- running window, give the same answers (a new cell replaces the state)
CREATE TEMP TABLE roll_rows AS
SELECT i, i % 5 AS part, (i * 5) % 8 AS f, (i * 3 + i / 8) % 8 AS t, (i * 7919 % 100000) / 100.0 AS b
FROM generate_series(1, 4000) i;
SELECT count(DISTINCT (f, t)) AS cells FROM roll_rows;
SELECT length(cycle_migration_partial(f, t, b)::text) - length(replace(cycle_migration_partial(f, t, b)::text, ',', '')) + 1 AS slots,
       cycle_migration_partial(f, t, b)::text = (SELECT credit_state_merge(s)::text FROM (SELECT cycle_migration_partial(f, t, b) AS s FROM roll_rows GROUP BY part) y) AS merged_text_equal,
       cycle_migration(f, t, b) = (SELECT cycle_migration_final(credit_state_merge(s)) FROM (SELECT cycle_migration_partial(f, t, b) AS s FROM roll_rows GROUP BY part) y) AS merged_rate_equal
FROM roll_rows;
SET enable_sort = off;
CREATE TEMP TABLE roll_hashed AS SELECT i % 300 AS g, cycle_migration(f, t, b)::text AS r, cycle_migration_partial(f, t, b)::text AS s FROM roll_rows GROUP BY 1;
RESET enable_sort;
SET enable_hashagg = off;
CREATE TEMP TABLE roll_sorted AS SELECT i % 300 AS g, cycle_migration(f, t, b)::text AS r, cycle_migration_partial(f, t, b)::text AS s FROM roll_rows GROUP BY 1;
RESET enable_hashagg;
SELECT count(*) AS groups, count(*) FILTER (WHERE h.r = s.r AND h.s = s.s) AS same FROM roll_hashed h JOIN roll_sorted s USING (g);
SELECT count(*) AS window_rows_differing
FROM (SELECT i, cycle_migration_partial(f, t, b) OVER (ORDER BY i)::text AS w FROM roll_rows) x
WHERE w <> (SELECT cycle_migration_partial(f, t, b)::text FROM roll_rows r WHERE r.i <= x.i);
-- merging: cells of one state already in the other (summed in place), new
-- cells (a bigger state), the larger display scale; arguments never change
SELECT a, b, credit_state_combine(a, b) AS merged, a AS a_after
FROM (VALUES ('v2;roll;0;1,10000,1,2,20000,2'::credit_state, 'v2;roll;2;2,15000,1'::credit_state),
             ('v2;roll;0;1,10000,1,2,20000,2', 'v2;roll;1;0,5000,1,3,0,4,63,10000,1'),
             ('v2;roll', 'v2;roll;1;9,10000,2'),
             ('v2;roll;1;9,10000,2', 'v2;roll')) v(a, b);
SELECT s AS state, cycle_migration_add(s, 1, 1, 2.5) AS added_new_cell, cycle_migration_add(s, 0, 1, 2.5) AS added_existing, s AS state_after
FROM (VALUES ('v2;roll;0;1,10000,1,63,0,1'::credit_state)) v(s);
SELECT pg_temp.expect_error($$SELECT credit_state_combine('v2;roll;0;5,10000,9223372036854775807', 'v2;roll;0;5,10000,1')$$);
SELECT pg_temp.expect_error($$SELECT credit_state_combine('v2;roll;4;5,9223372036854775807,1', 'v2;roll;4;5,1,1')$$);
SELECT pg_temp.expect_error($$SELECT cycle_migration_add('v2;roll;4;10,9223372036854775807,1', 1, 2, 0.0001)$$);

-- version 1 roll states (customer_seg 0.2.0: 64 sums then 64 counts,
-- [from][to]) are still read, from text and binary, as the same cells
CREATE FUNCTION pg_temp.roll_dense(dscale int, cells int8[]) RETURNS text LANGUAGE sql AS $$
  SELECT 'v1;roll;' || dscale || ';' || string_agg(coalesce(CASE WHEN k < 64 THEN c.s ELSE c.n END, 0)::text, ',' ORDER BY k)
  FROM generate_series(0, 127) k
  LEFT JOIN (SELECT cells[3 * i + 1] AS cell, cells[3 * i + 2] AS s, cells[3 * i + 3] AS n
             FROM generate_series(0, cardinality(cells) / 3 - 1) i) c ON c.cell = k % 64
$$;
-- a credit_state's binary form: version, kind, scale, slot count, slots
CREATE FUNCTION pg_temp.cs_bytes(version int, kind int, dscale int, slots int8[], nslots int DEFAULT NULL) RETURNS bytea LANGUAGE sql AS $$
  SELECT int2send(version::int2) || int2send(kind::int2) || int4send(dscale) || int4send(coalesce(nslots, cardinality(slots)))
      || coalesce((SELECT string_agg(int8send(v), ''::bytea ORDER BY o) FROM unnest(slots) WITH ORDINALITY u(v, o)), '')
$$;
CREATE FUNCTION pg_temp.roll_dense_bytes(dscale int, cells int8[]) RETURNS bytea LANGUAGE sql AS $$
  SELECT pg_temp.cs_bytes(1, 3, dscale, string_to_array(substring(pg_temp.roll_dense(dscale, cells) from '^v1;roll;\d+;(.*)$'), ',')::int8[])
$$;
SELECT pg_temp.roll_dense(2, '{1,25000,1,10,60000,2,63,0,1}')::credit_state AS from_v1_text,
       pg_temp.binary_input('credit_state', pg_temp.roll_dense_bytes(2, '{1,25000,1,10,60000,2,63,0,1}')) AS from_v1_binary;
SELECT cycle_migration_final(pg_temp.roll_dense(2, '{1,25000,1,10,60000,2,63,0,1}')::credit_state) =
         (SELECT cycle_migration(f, t, b) FROM (VALUES (1, 2, 5.00), (0, 1, 2.5), (1, 2, 1), (7, 7, 0)) x(f, t, b)) AS v1_text_same_answer,
       cycle_migration_final(pg_temp.binary_input('credit_state', pg_temp.roll_dense_bytes(2, '{1,25000,1,10,60000,2,63,0,1}'))::credit_state) =
         (SELECT cycle_migration(f, t, b) FROM (VALUES (1, 2, 5.00), (0, 1, 2.5), (1, 2, 1), (7, 7, 0)) x(f, t, b)) AS v1_binary_same_answer,
       cycle_migration_final(credit_state_merge(s)) =
         (SELECT cycle_migration(f, t, b) FROM (VALUES (1, 2, 5.00), (0, 1, 2.5), (1, 2, 1), (7, 7, 0), (1, 2, 5.00)) x(f, t, b)) AS v1_merges_with_v2
FROM (VALUES (pg_temp.roll_dense(2, '{1,25000,1,10,60000,2,63,0,1}')::credit_state), ('v2;roll;2;10,50000,1')) v(s);
-- version 2 round trips: text, and binary (COPY BINARY uses send and recv)
CREATE TEMP TABLE roll_states AS SELECT part, cycle_migration_partial(f, t, b) AS s FROM roll_rows GROUP BY part
UNION ALL SELECT -1, 'v2;roll;4;0,9223372036854775807,9223372036854775807';
COPY roll_states TO '/tmp/customer_seg_regress_roll.bin' WITH (FORMAT binary);
CREATE TEMP TABLE roll_states2 (part int, s credit_state);
COPY roll_states2 FROM '/tmp/customer_seg_regress_roll.bin' WITH (FORMAT binary);
SELECT count(*) AS states, count(*) FILTER (WHERE a.s::text = b.s::text AND a.s::text::credit_state::text = a.s::text) AS round_trips,
       count(*) FILTER (WHERE credit_state_send(a.s) = credit_state_send(b.s)) AS same_bytes
FROM roll_states a JOIN roll_states2 b USING (part);

-- Binary input accepts exactly what text input accepts: forged roll states
CREATE TEMP TABLE forged (ord int, label text, bin bytea, txt text);
INSERT INTO forged VALUES
 (1, 'valid', pg_temp.cs_bytes(2, 3, 2, '{1,25000,1,10,60000,2}'), 'v2;roll;2;1,25000,1,10,60000,2'),
 (2, 'empty', pg_temp.cs_bytes(2, 3, 0, '{}'), 'v2;roll;0;'),
 (3, 'empty at scale 3', pg_temp.cs_bytes(2, 3, 3, '{}'), 'v2;roll;3;'),
 (4, 'max cells', pg_temp.cs_bytes(2, 3, 4, ARRAY(SELECT unnest(ARRAY[c, 9223372036854775807, 9223372036854775807]) FROM generate_series(0, 63) c)),
     'v2;roll;4;' || (SELECT string_agg(c || ',9223372036854775807,9223372036854775807', ',') FROM generate_series(0, 63) c)),
 (5, '65 cells', pg_temp.cs_bytes(2, 3, 0, ARRAY(SELECT unnest(ARRAY[c, 0, 1]) FROM generate_series(0, 64) c)),
     'v2;roll;0;' || (SELECT string_agg(c || ',0,1', ',') FROM generate_series(0, 64) c)),
 (6, 'unsorted cells', pg_temp.cs_bytes(2, 3, 0, '{10,0,1,1,0,1}'), 'v2;roll;0;10,0,1,1,0,1'),
 (7, 'repeated cell', pg_temp.cs_bytes(2, 3, 0, '{1,0,1,1,0,1}'), 'v2;roll;0;1,0,1,1,0,1'),
 (8, 'cell 64', pg_temp.cs_bytes(2, 3, 0, '{64,0,1}'), 'v2;roll;0;64,0,1'),
 (9, 'cell -1', pg_temp.cs_bytes(2, 3, 0, '{-1,0,1}'), 'v2;roll;0;-1,0,1'),
 (10, 'no accounts', pg_temp.cs_bytes(2, 3, 0, '{1,0,0}'), 'v2;roll;0;1,0,0'),
 (11, 'negative count', pg_temp.cs_bytes(2, 3, 0, '{1,0,-1}'), 'v2;roll;0;1,0,-1'),
 (12, 'negative sum', pg_temp.cs_bytes(2, 3, 0, '{1,-10000,1}'), 'v2;roll;0;1,-10000,1'),
 (13, 'sum finer than scale', pg_temp.cs_bytes(2, 3, 0, '{1,5,1}'), 'v2;roll;0;1,5,1'),
 (14, 'two slots', pg_temp.cs_bytes(2, 3, 0, '{1,0}'), 'v2;roll;0;1,0'),
 (15, 'four slots', pg_temp.cs_bytes(2, 3, 0, '{1,0,1,2}'), 'v2;roll;0;1,0,1,2'),
 (16, 'negative scale', pg_temp.cs_bytes(2, 3, -1, '{1,0,1}'), 'v2;roll;-1;1,0,1'),
 (17, 'scale 16384', pg_temp.cs_bytes(2, 3, 16384, '{1,0,1}'), 'v2;roll;16384;1,0,1'),
 (18, 'version 3', pg_temp.cs_bytes(3, 3, 0, '{1,0,1}'), 'v3;roll;0;1,0,1'),
 (19, 'version 2 recovery', pg_temp.cs_bytes(2, 2, 0, '{0,0,0}'), 'v2;recovery;0;0,0,0'),
 (20, 'version 1 cells', pg_temp.cs_bytes(1, 3, 0, '{1,0,1}'), 'v1;roll;0;1,0,1'),
 (21, 'v1 valid', pg_temp.roll_dense_bytes(0, '{9,10000,2}'), pg_temp.roll_dense(0, '{9,10000,2}')),
 (22, 'v1 empty', pg_temp.roll_dense_bytes(0, '{}'), pg_temp.roll_dense(0, '{}')),
 (23, 'v1 balance, no account', pg_temp.roll_dense_bytes(0, '{9,10000,0}'), pg_temp.roll_dense(0, '{9,10000,0}')),
 (24, 'v1 negative count', pg_temp.roll_dense_bytes(0, '{9,0,-1}'), pg_temp.roll_dense(0, '{9,0,-1}')),
 (25, 'v1 sum finer than scale', pg_temp.roll_dense_bytes(0, '{9,5,1}'), pg_temp.roll_dense(0, '{9,5,1}')),
 (26, 'v1 127 slots', pg_temp.cs_bytes(1, 3, 0, array_fill(0::int8, ARRAY[127])), 'v1;roll;0;' || array_to_string(array_fill(0, ARRAY[127]), ',')),
 (27, 'claims 2^31-1 slots', pg_temp.cs_bytes(2, 3, 0, '{}', 2147483647), NULL),
 (28, 'claims -3 slots', pg_temp.cs_bytes(2, 3, 0, '{}', -3), NULL),
 (29, 'trailing byte', pg_temp.cs_bytes(2, 3, 0, '{1,0,1}') || '\x00'::bytea, NULL),
 (30, 'truncated', substring(pg_temp.cs_bytes(2, 3, 0, '{1,0,1}') from 1 for 30), NULL);
SELECT ord, label, left(pg_temp.input_outcome(format('SELECT pg_temp.binary_input(''credit_state'', %L)', bin)), 70) AS binary_input,
       left(CASE WHEN txt IS NOT NULL THEN pg_temp.input_outcome(format('SELECT %L::credit_state::text', txt)) END, 70) AS text_input
FROM forged ORDER BY ord;
-- the same accepted states from either form, which read back to the same bytes
SELECT ord, pg_temp.binary_input('credit_state', bin) = txt::credit_state::text AS same_state,
       credit_state_send(pg_temp.binary_input('credit_state', bin)::credit_state) = bin AS same_bytes
FROM forged WHERE ord <= 4 ORDER BY ord;
SELECT pg_temp.expect_error($$SELECT cycle_migration_final('v2;roll;4;0,9223372036854775807,9223372036854775807,1,1,1')$$);
-- the day sums go past int64 (exact in int128), and show exactly
SELECT (payment_profile('2000-01-01', '2000-01-31', NULL, 900000000000000.00, '2026-06-30')).avg_days_to_pay AS huge_avg,
       DATE '2026-06-30' - DATE '2000-01-01' AS days;

-- bad input
SELECT pg_temp.expect_error($$SELECT payment_profile('2026-01-01', '2026-02-01', NULL, 1, NULL)$$);
-- infinite average days have no grade (they are not "very late" or "early")
SELECT pg_temp.expect_error($$SELECT credit_grade('Infinity'::numeric)$$);
SELECT pg_temp.expect_error($$SELECT credit_grade('-Infinity'::numeric)$$);
-- amounts with a display scale beyond 1000: the states read back
SELECT s::text::credit_state::text = s::text AS round_trip, scale((payment_profile_final(s)).open_amount) AS open_scale
FROM (SELECT payment_profile_partial('2026-01-01', '2026-02-01', NULL, round(12.5, 1200), '2026-06-30') AS s) x;
SELECT s::text::credit_state::text = s::text AS round_trip
FROM (SELECT recovery_rate_partial(round(1, 1100), round(2, 1001)) AS s) x;
SELECT pg_temp.expect_error($$SELECT payment_profile('2026-01-01', '2026-02-01', NULL, 1, d) FROM (VALUES ('2026-06-30'::date), ('2026-07-01')) t(d)$$);
SELECT pg_temp.expect_error($$SELECT payment_profile('infinity', '2026-02-01', NULL, 1, '2026-06-30')$$);
SELECT pg_temp.expect_error($$SELECT payment_profile('2026-01-01', '2026-02-01', 'infinity', 1, '2026-06-30')$$);
SELECT pg_temp.expect_error($$SELECT payment_profile('2026-01-01', '2026-02-01', NULL, 'NaN', '2026-06-30')$$);
SELECT pg_temp.expect_error($$SELECT payment_profile('2026-01-01', '2026-02-01', NULL, 0.00001, '2026-06-30')$$);
SELECT pg_temp.expect_error($$SELECT payment_profile('2026-01-01', '2026-02-01', NULL, a, '2026-06-30') FROM (VALUES (900000000000000), (900000000000000)) t(a)$$);
SELECT pg_temp.expect_error($$SELECT credit_grade(10, '{}')$$);
SELECT pg_temp.expect_error($$SELECT credit_grade(10, '{60,150}')$$);
SELECT pg_temp.expect_error($$SELECT credit_grade(10, '{150,60,240}')$$);
SELECT pg_temp.expect_error($$SELECT credit_grade(10, '{-1,60,240}')$$);
SELECT pg_temp.expect_error($$SELECT credit_grade(10, '{60,NULL,240}')$$);
-- NULL limits are the default ones
SELECT credit_grade(70, NULL) AS null_limits, credit_grade(70) AS default_limits;
SELECT pg_temp.expect_error($$SELECT credit_grade('NaN'::numeric)$$);
SELECT pg_temp.expect_error($$SELECT overdue_class('NaN', 5)$$);
SELECT pg_temp.expect_error($$SELECT overdue_class(5, 5, NULL, 0)$$);
SELECT pg_temp.expect_error($$SELECT overdue_class(5, 5, NULL, 100, 0)$$);
-- NULL thresholds are the default ones
SELECT overdue_class(5, 5, NULL, NULL) AS null_large_amount, overdue_class(5, 5) AS default_large_amount;
SELECT pg_temp.expect_error($$SELECT risk_group(1, 1, 1, medium_days => 100, high_days => 50)$$);
SELECT pg_temp.expect_error($$SELECT risk_group(1, 1, 1, medium_amount => 'Infinity')$$);
SELECT pg_temp.expect_error($$SELECT risk_group(1, 1, 1, high_count => 0)$$);
SELECT pg_temp.expect_error($$SELECT recovery_rate(-1, 10)$$);
SELECT pg_temp.expect_error($$SELECT recovery_rate(1, 'NaN')$$);
SELECT pg_temp.expect_error($$SELECT cycle_migration(8, 0, 10)$$);
SELECT pg_temp.expect_error($$SELECT cycle_migration(0, -1, 10)$$);
SELECT pg_temp.expect_error($$SELECT dso(-1, 10)$$);
SELECT pg_temp.expect_error($$SELECT dso(1, 10, 0)$$);
SELECT pg_temp.expect_error($$SELECT cei(100, 100, 50, 60)$$);
SELECT pg_temp.expect_error($$SELECT cei(100, 'Infinity', 50, 10)$$);
SELECT pg_temp.expect_error($$SELECT 'v2;payment'::credit_state$$);
SELECT pg_temp.expect_error($$SELECT 'v1;nonsense'::credit_state$$);
SELECT pg_temp.expect_error($$SELECT 'v1;recovery;2;1,2'::credit_state$$);
SELECT pg_temp.expect_error($$SELECT 'v1;recovery;2;1,2,3,4'::credit_state$$);
SELECT pg_temp.expect_error($$SELECT credit_state_combine('v1;payment', 'v1;recovery')$$);
SELECT pg_temp.expect_error($$SELECT payment_profile_add(NULL, '2026-01-01', '2026-02-01', NULL, 1, '2026-06-30')$$);
SELECT pg_temp.expect_error($$SELECT recovery_rate_final('v1;payment')$$);
SELECT pg_temp.expect_error($$SELECT payment_profile_final(payment_profile_merge(s)) FROM (VALUES (payment_profile_partial('2026-01-01', '2026-02-01', NULL, 1, '2026-06-30')), (payment_profile_partial('2026-01-01', '2026-02-01', NULL, 1, '2026-05-31'))) t(s)$$);

-- generated: 120,000 invoices of 6,000 customers against the plain-SQL
-- formulation, serially and under a forced parallel plan
SELECT setseed(0.33) \g /dev/null
CREATE TABLE credit_gen AS
SELECT customer_id, invoice_date, invoice_date + term AS due_date,
       -- slow payers (speed near 1) pay later and more often never
       -- (never before the invoice date: payment_profile refuses that since 0.3.0)
       CASE WHEN u < 0.1 * speed THEN NULL ELSE greatest(invoice_date + (speed * speed * 360 * u2)::int - 10, invoice_date) END AS paid_date,
       CASE WHEN v < 0.03 THEN -round(v * 1000, 2)
            WHEN v > 0.999 THEN NULL
            ELSE round((exp(4 + v * 6))::numeric, (i % 3)) END AS amount
FROM (SELECT i, i % 6000 AS customer_id, ((i % 6000) * 7919 % 1000) / 1000.0 AS speed,
             DATE '2025-01-01' + (random() * 600)::int AS invoice_date,
             (ARRAY[0, 30, 60, 90])[1 + (random() * 3.99)::int] AS term,
             random() AS u, random() AS u2, random()::numeric AS v
      FROM generate_series(1, 120000) i OFFSET 0) g;
ANALYZE credit_gen;

CREATE VIEW credit_plain AS
SELECT customer_id,
       count(*) FILTER (WHERE ok) AS invoices,
       count(*) FILTER (WHERE ok AND paid) AS paid,
       sum(amount * (end_date - invoice_date)) FILTER (WHERE ok AND amount > 0)
         / sum(amount) FILTER (WHERE ok AND amount > 0) AS avg_days_to_pay,
       coalesce(sum(amount) FILTER (WHERE ok AND paid AND paid_date <= due_date), 0)
         / nullif(sum(amount) FILTER (WHERE ok AND (paid OR end_date > due_date)), 0) AS on_time_share,
       max(greatest(end_date - due_date, 0)) FILTER (WHERE ok) AS max_days_past_due,
       count(*) FILTER (WHERE ok AND NOT paid AND end_date > due_date) AS overdue_count,
       coalesce(sum(amount) FILTER (WHERE ok AND NOT paid AND end_date > due_date), 0) AS overdue_amount,
       max(end_date - due_date) FILTER (WHERE ok AND NOT paid AND end_date > due_date) AS oldest_overdue_days,
       coalesce(sum(amount) FILTER (WHERE ok AND NOT paid), 0) AS open_amount,
       coalesce(sum(amount) FILTER (WHERE amount < 0 AND invoice_date <= '2026-06-30'), 0) AS credit_notes
FROM (SELECT *, amount >= 0 AND invoice_date <= '2026-06-30' AS ok,
             coalesce(paid_date <= '2026-06-30', false) AS paid,
             least(coalesce(paid_date, '2026-06-30'), '2026-06-30') AS end_date
      FROM credit_gen WHERE due_date IS NOT NULL AND amount IS NOT NULL) x
GROUP BY customer_id;

-- invoices dated after as_of are filtered out (payment_profile refuses them),
-- and so are those without a due date (their policy: sql/checks.sql)
CREATE VIEW credit_ours AS
SELECT customer_id, (payment_profile(invoice_date, due_date, paid_date, amount, '2026-06-30')
                     FILTER (WHERE invoice_date <= '2026-06-30' AND due_date IS NOT NULL)).*
FROM credit_gen GROUP BY customer_id;

-- the generated book has every kind of row
SELECT count(*) AS invoices, count(*) FILTER (WHERE amount < 0) AS credit_notes,
       count(*) FILTER (WHERE paid_date IS NULL) AS open, count(*) FILTER (WHERE invoice_date > '2026-06-30') AS future,
       count(DISTINCT round(amount, 0) = amount) AS scales
FROM credit_gen;

-- zero rows = pass, serially...
SELECT * FROM credit_ours o FULL JOIN credit_plain p USING (customer_id)
WHERE (o.*) IS DISTINCT FROM (p.*);
-- ...the grades and classes agree with their CASE formulations...
SELECT customer_id, credit_grade(p), plain_grade
FROM (SELECT o.customer_id, ROW(o.invoices, o.paid, o.avg_days_to_pay, o.on_time_share, o.max_days_past_due,
                                o.overdue_count, o.overdue_amount, o.oldest_overdue_days, o.open_amount,
                                o.credit_notes)::payment_profile_row AS p,
             CASE WHEN o.invoices = 0 OR o.avg_days_to_pay IS NULL THEN NULL
                  WHEN o.max_days_past_due > 240 OR o.avg_days_to_pay > 240 THEN 'D'
                  WHEN o.avg_days_to_pay > 150 THEN 'C' WHEN o.avg_days_to_pay > 60 THEN 'B'
                  ELSE 'A' END AS plain_grade
      FROM credit_plain o) x
WHERE credit_grade(p)::text IS DISTINCT FROM plain_grade;
SELECT grade, count(*) FROM (SELECT credit_grade(payment_profile(invoice_date, due_date, paid_date, amount, '2026-06-30')
                                                  FILTER (WHERE invoice_date <= '2026-06-30' AND due_date IS NOT NULL)) AS grade
                             FROM credit_gen GROUP BY customer_id) x GROUP BY grade ORDER BY grade;

-- ...and under a forced parallel plan
:force_parallel_plan
EXPLAIN (COSTS OFF) SELECT customer_id, payment_profile(invoice_date, due_date, paid_date, amount, '2026-06-30')
                                        FILTER (WHERE invoice_date <= '2026-06-30' AND due_date IS NOT NULL)
FROM credit_gen GROUP BY customer_id;
SELECT * FROM credit_ours o FULL JOIN credit_plain p USING (customer_id)
WHERE (o.*) IS DISTINCT FROM (p.*);
RESET ALL;

DROP VIEW credit_ours, credit_plain;
DROP TABLE credit_gen;

-- NULL options (the API contract's rule 7): NULL limits are the default
-- ones, in both forms, also after other limits at the same call site
SELECT d, l, credit_grade(d, l) AS grade
FROM (VALUES (70, '{30,60,90}'::int[]), (70, NULL), (200, NULL), (200, '{30,60,90}'), (NULL, NULL)) t(d, l);
SELECT credit_grade(p, NULL) AS profile_null_limits, credit_grade(p) AS profile_default_limits
FROM (SELECT payment_profile(DATE '2026-01-01', DATE '2026-01-31', DATE '2026-03-15', 100, DATE '2026-06-30') AS p) x;
-- bad limits name the limits
SELECT credit_grade(10, '{60,50,240}');
SELECT credit_grade(10, '{-1,50,240}');
SELECT credit_grade(10, '{60,150}');
-- overdue_class and risk_group: each NULL threshold is its default
SELECT overdue_class(20000, 40, NULL, NULL, NULL) AS null_thresholds, overdue_class(20000, 40) AS defaults,
       overdue_class(5000, 200, 'A', NULL, NULL) AS null_legal_days;
SELECT risk_group(3, 500, 40, NULL, NULL, NULL, NULL, NULL, NULL, NULL) AS null_thresholds,
       risk_group(3, 500, 40) AS defaults,
       risk_group(1, 5000, 100, NULL, NULL, NULL, NULL, NULL, NULL, NULL) AS null_high;
SELECT overdue_class(p, NULL, NULL) AS class_null, overdue_class(p) AS class_default,
       risk_group(p, NULL, NULL, NULL, NULL, NULL, NULL) AS group_null, risk_group(p) AS group_default
FROM (SELECT payment_profile(DATE '2026-01-01', DATE '2026-01-31', NULL, 20000, DATE '2026-06-30') AS p) x;
-- a bad threshold fails even on a row whose inputs are NULL (it is the
-- query's mistake, not the row's)
SELECT overdue_class(NULL, 40, large_amount => 0);
SELECT overdue_class(NULL::payment_profile_row, legal_days => 0);
SELECT risk_group(NULL::payment_profile_row, medium_days => 0);
SELECT risk_group(NULL::payment_profile_row, medium_count => 5, high_count => 4);
-- dso: a NULL days is 365; a NULL amount gives NULL; days is checked first
SELECT dso(150000, 900000, NULL) AS null_days, dso(150000, 900000) AS default_days,
       dso(NULL, 900000, 90) AS null_receivables, dso(150000, NULL) AS null_sales;
SELECT dso(NULL, 900000, 0);
