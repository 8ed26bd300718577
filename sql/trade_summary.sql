-- trade_summary: a customer's trades as of a date in one pass, the last
-- trade, the trades, commission and turnover of a lookback window, and the
-- purchase summary of the trade days (src/trade_summary.c, docs/clv.md)
\set ECHO none
\i test/regress_helpers.sql
\set ECHO all
\pset null '~'

-- ---------------------------------------------------------------------------
-- Generated trades against plain SQL: negative amounts, NULL dates, amounts
-- and commissions, several trades a day, trades after as_of and before the
-- window, amounts of several scales, commissions with more than 4 decimals,
-- amounts too large for a 64-bit key, customers with no qualifying row
-- ---------------------------------------------------------------------------
SELECT setseed(0.17) \g /dev/null
CREATE TABLE ts_gen AS
SELECT c AS customer, DATE '2024-06-01' + (random() * 800)::int AS trade_date,
       CASE (random() * 4)::int WHEN 0 THEN round((random() * 30000 - 5000)::numeric)
            WHEN 1 THEN round((random() * 30000 - 5000)::numeric, 2) WHEN 2 THEN round((random() * 3000)::numeric, 4)
            ELSE round((random() * 3000)::numeric, 1)::numeric(12, 3) END AS amount,
       CASE (random() * 3)::int WHEN 0 THEN round((random() * 50)::numeric, 2)
            WHEN 1 THEN round((random() * 50)::numeric, 4) ELSE round((random() * 50)::numeric, 3) END AS commission
FROM generate_series(1, 3000) c, generate_series(1, 1 + (c % 7) * (c % 5)) r;
INSERT INTO ts_gen SELECT customer, trade_date, round(amount / 3, 2), round(commission / 7, 2) FROM ts_gen WHERE customer % 4 = 0;
INSERT INTO ts_gen SELECT customer, NULL, 10, 1 FROM ts_gen WHERE customer % 11 = 0;
INSERT INTO ts_gen SELECT customer, trade_date, NULL, commission FROM ts_gen WHERE customer % 13 = 0;
INSERT INTO ts_gen SELECT customer, trade_date, amount, NULL FROM ts_gen WHERE customer % 17 = 0;
-- commissions of 6 decimals (a rate times an amount), amounts beyond 64-bit
-- keys, a customer with a huge negative amount and a tiny one
INSERT INTO ts_gen SELECT customer, trade_date, amount, round(amount * 0.000275, 6) FROM ts_gen WHERE customer % 19 = 0 AND amount IS NOT NULL;
INSERT INTO ts_gen SELECT customer, trade_date, amount * 1e12, commission FROM ts_gen WHERE customer % 23 = 0;
INSERT INTO ts_gen VALUES (3001, '2026-06-01', 5, 1), (3002, NULL, 5, 1), (3003, '2026-02-01', NULL, NULL),
  (3004, '2026-03-03', 0.0000, 0.0000), (3005, '2026-03-01', -1e30, 0.1234567), (3005, '2026-03-02', 1e-6, 0),
  (3006, '2025-03-31', 10, 1), (3006, '2025-04-01', 10, 1), (3006, '2026-03-31', 20, 2);
ANALYZE ts_gen;
SELECT count(*) AS rows, count(DISTINCT customer) AS customers, count(*) FILTER (WHERE amount < 0) AS negative,
       count(*) FILTER (WHERE trade_date > '2026-03-31') AS after_as_of,
       count(*) FILTER (WHERE trade_date IS NULL OR amount IS NULL OR commission IS NULL) AS with_null,
       count(*) FILTER (WHERE scale(commission) > 4) AS commission_over_4_decimals,
       count(*) FILTER (WHERE abs(amount) >= 922337203685477) AS huge_amounts
FROM ts_gen;

-- the plain-SQL formulation (what the segmentation model computed before)
CREATE TEMP TABLE ts_plain AS
SELECT customer,
       ROW(max(trade_date) FILTER (WHERE trade_date <= '2026-03-31'),
           count(*) FILTER (WHERE trade_date > DATE '2026-03-31' - 365 AND trade_date <= '2026-03-31'),
           sum(commission) FILTER (WHERE trade_date > DATE '2026-03-31' - 365 AND trade_date <= '2026-03-31'),
           sum(abs(amount)) FILTER (WHERE trade_date > DATE '2026-03-31' - 365 AND trade_date <= '2026-03-31'),
           purchase_summary(trade_date, round(commission, 4), '2026-03-31'))::trade_summary_row AS s
FROM ts_gen GROUP BY customer;
CREATE TEMP TABLE ts_agg AS
SELECT customer, trade_summary(trade_date, amount, commission, 365, '2026-03-31') AS s FROM ts_gen GROUP BY customer;
-- rows that differ, compared as text (scales too) (zero rows = pass)
SELECT * FROM ts_plain p FULL JOIN ts_agg a USING (customer) WHERE p.s::text IS DISTINCT FROM a.s::text;
SELECT count(*) AS customers, count((s).last_trade) AS with_a_trade, sum((s).trades) AS trades,
       count((s).commission) AS with_commission, count((s).purchases) AS with_purchases,
       count(DISTINCT scale((s).turnover)) AS turnover_scales, max((s).turnover) AS max_turnover
FROM ts_agg;
SELECT customer, s FROM ts_agg WHERE customer IN (3001, 3002, 3003, 3004, 3005, 3006) ORDER BY customer;
-- the window's edges: a trade lookback_days before as_of is out, the next day in
SELECT trade_summary(d, 1, 1, 365, '2026-03-31') AS one_year, trade_summary(d, 1, 1, 1, '2026-03-31') AS one_day
FROM (VALUES (DATE '2025-03-31'), ('2025-04-01'), ('2026-03-30'), ('2026-03-31'), ('2026-04-01')) t(d);

-- ---------------------------------------------------------------------------
-- The trio: partial per part, merged, final = the aggregate (zero rows = pass)
-- ---------------------------------------------------------------------------
CREATE TEMP TABLE ts_parts AS
SELECT customer, (hashtext(coalesce(trade_date::text, '') || coalesce(amount::text, '')) & 3) AS part,
       trade_summary_partial(trade_date, amount, commission, 365, '2026-03-31') AS st
FROM ts_gen GROUP BY 1, 2;
SELECT a.customer, a.s, m.s FROM ts_agg a
JOIN (SELECT customer, trade_summary_final(trade_summary_merge(st)) AS s FROM ts_parts GROUP BY customer) m USING (customer)
WHERE a.s::text IS DISTINCT FROM m.s::text;
-- merged states print as the one-pass state does
SELECT count(*) AS states_that_differ FROM
  (SELECT customer, trade_summary_partial(trade_date, amount, commission, 365, '2026-03-31')::text AS s FROM ts_gen GROUP BY customer) a
JOIN (SELECT customer, trade_summary_merge(st)::text AS s FROM ts_parts GROUP BY customer) m USING (customer)
WHERE a.s IS DISTINCT FROM m.s;
-- states by hand: one of a few trades, one of no qualifying row, a merge of nothing
SELECT trade_summary_partial(d, a, c, 365, '2026-03-31') AS state,
       trade_summary_final(trade_summary_partial(d, a, c, 365, '2026-03-31')) AS summary
FROM (VALUES (DATE '2026-01-20', 1000.00, 2.50), ('2025-01-01', 50, 0.1), ('2026-01-20', -300, 0.75), ('2026-04-05', 100, 1)) t(d, a, c);
SELECT trade_summary_partial(d, a, c, 365, '2026-03-31') AS no_qualifying_row,
       trade_summary_final(trade_summary_partial(d, a, c, 365, '2026-03-31')) AS summary
FROM (VALUES (DATE '2026-04-20', 10.00, 1), (NULL, 1, 1)) t(d, a, c);
SELECT trade_summary_merge(st) AS merge_of_nothing, trade_summary_final(trade_summary_merge(st)) AS final,
       trade_summary(d, 1, 1, 365, '2026-03-31') AS no_rows
FROM ts_parts, (VALUES (DATE '2026-01-01')) t(d) WHERE false;

-- ---------------------------------------------------------------------------
-- Forced parallel plans give the serial answers (zero rows = pass)
-- ---------------------------------------------------------------------------
CREATE TABLE ts_parts_stored AS SELECT * FROM ts_parts;
ANALYZE ts_parts_stored;
CREATE TEMP TABLE ts_queries (name text, q text);
INSERT INTO ts_queries VALUES
 ('one group',    'SELECT trade_summary(trade_date, amount, commission, 365, ''2026-03-31'')::text FROM ts_gen'),
 ('partial',      'SELECT trade_summary_partial(trade_date, amount, commission, 365, ''2026-03-31'')::text FROM ts_gen'),
 ('merge',        'SELECT trade_summary_final(trade_summary_merge(st))::text FROM ts_parts_stored'),
 ('per customer', 'SELECT md5(string_agg(s::text, '';'' ORDER BY customer)) FROM (SELECT customer, trade_summary(trade_date, amount, commission, 365, ''2026-03-31'') s FROM ts_gen GROUP BY customer) x'),
 ('merge per customer', 'SELECT md5(string_agg(s::text, '';'' ORDER BY customer)) FROM (SELECT customer, trade_summary_merge(st) s FROM ts_parts_stored GROUP BY customer) x');
SET max_parallel_workers_per_gather = 0;
CREATE TEMP TABLE ts_serial AS SELECT name, pg_temp.run(q) AS r FROM ts_queries;
:force_parallel_plan
SELECT name, pg_temp.plan(q) FROM ts_queries WHERE pg_temp.plan(q) NOT LIKE '%Partial%Aggregate%';
SELECT q.name, s.r AS serial, pg_temp.run(q.q) AS parallel
FROM ts_queries q JOIN ts_serial s USING (name) WHERE pg_temp.run(q.q) IS DISTINCT FROM s.r;
RESET ALL;

-- ---------------------------------------------------------------------------
-- Text and binary forms: exact round trips (zero rows = pass)
-- ---------------------------------------------------------------------------
SELECT customer, part FROM ts_parts
WHERE st::text::trade_state::text IS DISTINCT FROM st::text
   OR trade_summary_final(st::text::trade_state)::text IS DISTINCT FROM trade_summary_final(st)::text
   OR trade_state_send(st::text::trade_state) IS DISTINCT FROM trade_state_send(st)
   OR (customer % 50 = 0 AND pg_temp.binary_input('trade_state', trade_state_send(st)) IS DISTINCT FROM st::text);
SELECT count(*) AS states_checked FROM ts_parts;
SELECT s AS state, trade_summary_final(s::trade_state) AS summary,
       pg_temp.binary_input('trade_state', trade_state_send(s::trade_state)) AS from_binary
FROM (VALUES ('v1'), ('v1;9586;365;;0;0,4,0,0,0;0,4,0,0,0;0,0,0,0;'),
             ('v1;9677;365;9670;2;2,4,2,0,125000;2,4,2,0,5000000;9600,20000,0,125000;9600,9670'),
             ('v1;9677;30;9670;1;1,6,6,-1,-5;1,4,0,542101086242752,4003012203950112768;9670,-1,-1,-1;9670')) t(s);

-- ---------------------------------------------------------------------------
-- Bad input: errcode, message and hint
-- ---------------------------------------------------------------------------
SELECT pg_temp.expect_error($$SELECT trade_summary(d, 1, 1, 365, NULL) FROM (VALUES (DATE '2024-01-01')) t(d)$$) AS null_as_of;
SELECT pg_temp.expect_error($$SELECT trade_summary(d, 1, 1, NULL, '2024-02-01') FROM (VALUES (DATE '2024-01-01')) t(d)$$) AS null_lookback;
SELECT pg_temp.expect_error($$SELECT trade_summary(d, 1, 1, 0, '2024-02-01') FROM (VALUES (DATE '2024-01-01')) t(d)$$) AS lookback_0;
SELECT pg_temp.expect_error($$SELECT trade_summary(d, 1, 1, 365, d) FROM (VALUES (DATE '2024-01-01'), ('2024-01-02')) t(d)$$) AS as_of_differs;
SELECT pg_temp.expect_error($$SELECT trade_summary(d, 1, 1, l, '2024-02-01') FROM (VALUES (DATE '2024-01-01', 30), ('2024-01-02', 31)) t(d, l)$$) AS lookback_differs;
SELECT pg_temp.expect_error($$SELECT trade_summary('-infinity', 1, 1, 365, '2024-02-01')$$) AS infinite_date;
SELECT pg_temp.expect_error($$SELECT trade_summary('2024-01-01', 1, 1, 365, 'infinity')$$) AS infinite_as_of;
SELECT pg_temp.expect_error($$SELECT trade_summary('2024-01-01', 'NaN', 1, 365, '2024-02-01')$$) AS nan_amount;
SELECT pg_temp.expect_error($$SELECT trade_summary('2024-01-01', 1, '-Infinity', 365, '2024-02-01')$$) AS infinite_commission;
SELECT pg_temp.expect_error($$SELECT trade_summary('2024-01-01', 1e30, 1, 365, '2024-02-01') FROM generate_series(1, 200000)$$) AS turnover_beyond_38_digits;
SELECT pg_temp.expect_error($$SELECT trade_summary('2024-01-01', 1, 1e-39, 365, '2024-02-01')$$) AS commission_of_39_decimals;
SELECT pg_temp.expect_error($$SELECT trade_summary('2024-01-01', 1, 1e15, 365, '2024-02-01')$$) AS commission_beyond_a_day_key;
SELECT pg_temp.expect_error($$SELECT trade_summary_add(NULL, '2024-01-01', 1, 1, 365, '2024-02-01')$$) AS null_state;
SELECT pg_temp.expect_error($$SELECT 'v2'::trade_state$$) AS bad_version;
SELECT pg_temp.expect_error($$SELECT 'v1;9677;365;9680;0;0,4,0,0,0;0,4,0,0,0;0,0,0,0;'::trade_state$$) AS last_trade_after_as_of;
SELECT pg_temp.expect_error($$SELECT 'v1;9677;365;9670;2;0,4,0,0,0;0,4,0,0,0;9670,1,0,2;9670,9600'::trade_state$$) AS days_out_of_order;
SELECT pg_temp.expect_error($$SELECT 'v1;9677;365;9670;2;0,4,0,0,0;0,4,0,0,0;9670,1,0,2;9600,9670'::trade_state$$) AS first_day_not_the_first;
SELECT pg_temp.expect_error($$SELECT 'v1;9677;0;;0;0,4,0,0,0;0,4,0,0,0;0,0,0,0;'::trade_state$$) AS lookback_0_state;
SELECT pg_temp.expect_error($$SELECT pg_temp.binary_input('trade_state', '\x0001'::bytea)$$) AS short_binary;
SELECT pg_temp.expect_error($$SELECT trade_summary_merge(st) FROM (SELECT trade_summary_partial(DATE '2024-01-01', 1, 1, 365, '2024-02-01')
                                                              UNION ALL SELECT trade_summary_partial(DATE '2024-01-01', 1, 1, 30, '2024-02-01')) t(st)$$) AS merge_of_two_windows;
