-- value_summary: the exact mergeable summary behind tiers and concentration
-- (src/value_summary.c)
\set ECHO none
\i test/regress_helpers.sql
\set ECHO all

-- text form: version, kind, scale, parameters, n, ascending value*count runs
SELECT value_summary(v) FROM (VALUES (3.5), (-1), (3.5), (NULL), (0), (12.25)) t(v);
SELECT value_summary(v) FROM (VALUES (0.1::float8), (1e300), (-2.5), (0.1)) t(v);
SELECT value_summary(v) AS nulls_only FROM (VALUES (NULL::numeric)) t(v);
SELECT value_summary(v) AS no_rows FROM (VALUES (1::numeric)) t(v) WHERE false;
SELECT value_summary(v) FROM (VALUES (-922337203685477.5807), (922337203685477.5807)) t(v);

-- round trips: text and binary (COPY BINARY uses send/recv)
SELECT setseed(0.11) \g /dev/null
CREATE TABLE vs_gen AS
SELECT i, i % 4 AS part,
       CASE WHEN random() < 0.01 THEN NULL ELSE round((random() * 2000 - 500)::numeric, (i % 3)) END AS net,
       (random() * 1000 - 100)::float8 AS f
FROM generate_series(1, 20000) i;
CREATE TEMP TABLE sums AS SELECT value_summary(net) AS s, value_summary(f) AS sf FROM vs_gen;
SELECT s::text::value_summary::text = s::text AS numeric_text_round_trip,
       sf::text::value_summary::text = sf::text AS float8_text_round_trip,
       value_cutoffs(s::text::value_summary) = value_cutoffs(s) AS same_cutoffs
FROM sums;
COPY sums TO '/tmp/customer_seg_regress_sums.bin' WITH (FORMAT binary);
CREATE TEMP TABLE sums2 (LIKE sums);
COPY sums2 FROM '/tmp/customer_seg_regress_sums.bin' WITH (FORMAT binary);
SELECT a.s::text = b.s::text AS numeric_binary_round_trip, a.sf::text = b.sf::text AS float8_binary_round_trip
FROM sums a, sums2 b;

-- merging split parts equals the whole, through the text form as Citus
-- ships it, including an empty part and a NULL-only part (zero rows = pass)
WITH parts AS (
  SELECT part, value_summary(net) AS s FROM vs_gen GROUP BY part
  UNION ALL SELECT 98, value_summary(net) FROM vs_gen WHERE false
  UNION ALL SELECT 99, value_summary(NULL::numeric))
SELECT 'merge differs' FROM parts
HAVING value_summary_merge(s::text::value_summary)::text <> (SELECT value_summary(net)::text FROM vs_gen)
    OR value_cutoffs(value_summary_merge(s)) IS DISTINCT FROM (SELECT value_cutoffs(net) FROM vs_gen)
    OR top_share(value_summary_merge(s), 0.2) IS DISTINCT FROM (SELECT top_share(net, 0.2) FROM vs_gen)
    OR value_curve(value_summary_merge(s), 10) IS DISTINCT FROM (SELECT value_curve(net, 10) FROM vs_gen);

-- the combine function called directly, and as a running window aggregate
SELECT value_summary_combine('v1;numeric;0;-;-;2;1,5', 'v1;numeric;2;-;-;3;1*2,2.5');
SELECT value_summary_combine('v1;none;0;-;-;0;', 'v1;float8;0;-;-;1;1.5');
SELECT i, value_summary(v) OVER (ORDER BY i) FROM (VALUES (1, 5.0), (2, 1.0), (3, 5.0)) t(i, v);

-- a nightly job stores one summary per day and combines them later
CREATE TEMP TABLE daily AS SELECT part AS day, value_summary(net) AS s FROM vs_gen GROUP BY part;
SELECT (value_cutoffs(value_summary_merge(s))).* FROM daily;

-- bad input
SELECT pg_temp.expect_error($$SELECT 'v2;numeric;0;-;-;1;1'::value_summary$$);
SELECT pg_temp.expect_error($$SELECT 'v1;text;0;-;-;1;1'::value_summary$$);
SELECT pg_temp.expect_error($$SELECT 'v1;numeric;0;-;-;2;2,1'::value_summary$$);
SELECT pg_temp.expect_error($$SELECT 'v1;numeric;0;-;-;2;1,1'::value_summary$$);
SELECT pg_temp.expect_error($$SELECT 'v1;numeric;0;-;-;3;1,2'::value_summary$$);
SELECT pg_temp.expect_error($$SELECT 'v1;numeric;0;-;-;1;1*0'::value_summary$$);
SELECT pg_temp.expect_error($$SELECT 'v1;numeric;0;-;-;1;0.00001'::value_summary$$);
SELECT pg_temp.expect_error($$SELECT 'v1;numeric;0;-;-;1;1x'::value_summary$$);
SELECT pg_temp.expect_error($$SELECT 'v1;numeric;0;-;-;1;99999999999999999999'::value_summary$$);
SELECT pg_temp.expect_error($$SELECT 'v1;float8;0;-;-;1;NaN'::value_summary$$);
SELECT pg_temp.expect_error($$SELECT 'v1;numeric;0;-1;-;1;1'::value_summary$$);
SELECT pg_temp.expect_error($$SELECT 'v1;numeric;0;-;-;1;'::value_summary$$);
SELECT pg_temp.expect_error($$SELECT value_summary_combine('v1;numeric;0;-;-;1;1', 'v1;float8;0;-;-;1;1')$$);
SELECT pg_temp.expect_error($$SELECT value_summary_combine('v1;numeric;0;0.2;0.25;1;1', 'v1;numeric;0;0.5;0.25;1;1')$$);
SELECT pg_temp.expect_error($$SELECT value_summary(v) FROM (VALUES ('NaN'::numeric)) t(v)$$);
SELECT pg_temp.expect_error($$SELECT value_summary(v) FROM (VALUES ('-Infinity'::float8)) t(v)$$);
SELECT pg_temp.expect_error($$SELECT value_summary(v) FROM (VALUES (1e15::numeric)) t(v)$$);

-- catalog lint (scaleout.md item 16): every aggregate of the extension has
-- a combine function, is PARALLEL SAFE, keeps its state in a real type (not
-- a pseudo-type) and leaves it read-only in the final function (zero rows)
SELECT a.aggfnoid::regprocedure AS not_splittable
FROM pg_aggregate a
JOIN pg_proc p ON p.oid = a.aggfnoid
JOIN pg_type t ON t.oid = a.aggtranstype
JOIN pg_depend d ON d.objid = p.oid AND d.classid = 'pg_proc'::regclass AND d.deptype = 'e'
JOIN pg_extension e ON e.oid = d.refobjid AND e.extname = 'customer_seg'
WHERE a.aggcombinefn = 0 OR p.proparallel <> 's' OR t.typtype = 'p' OR a.aggfinalmodify <> 'r';
SELECT count(*) > 0 AS has_aggregates
FROM pg_aggregate a JOIN pg_depend d ON d.objid = a.aggfnoid AND d.deptype = 'e'
JOIN pg_extension e ON e.oid = d.refobjid AND e.extname = 'customer_seg';

DROP TABLE vs_gen;
