-- value_summary: the exact mergeable summary behind tiers and concentration
-- (src/value_summary.c)
\set ECHO none
\i test/regress_helpers.sql
\set ECHO all

-- text form: version, kind, scale, parameters, n, ascending value*count runs
SELECT top_share_partial(v) FROM (VALUES (3.5), (-1), (3.5), (NULL), (0), (12.25)) t(v);
SELECT top_share_partial(v) FROM (VALUES (0.1::float8), (1e300), (-2.5), (0.1)) t(v);
SELECT top_share_partial(v) AS nulls_only FROM (VALUES (NULL::numeric)) t(v);
SELECT top_share_partial(v) AS no_rows FROM (VALUES (1::numeric)) t(v) WHERE false;
SELECT top_share_partial(v) FROM (VALUES (-922337203685477.5807), (922337203685477.5807)) t(v);

-- round trips: text and binary (COPY BINARY uses send/recv)
SELECT setseed(0.11) \g /dev/null
CREATE TABLE vs_gen AS
SELECT i, i % 4 AS part,
       CASE WHEN random() < 0.01 THEN NULL ELSE round((random() * 2000 - 500)::numeric, (i % 3)) END AS net,
       (random() * 1000 - 100)::float8 AS f
FROM generate_series(1, 20000) i;
CREATE TEMP TABLE sums AS SELECT value_cutoffs_partial(net) AS s, top_share_partial(f) AS sf FROM vs_gen;
SELECT s::text::value_summary::text = s::text AS numeric_text_round_trip,
       sf::text::value_summary::text = sf::text AS float8_text_round_trip,
       value_cutoffs_final(s::text::value_summary) = value_cutoffs_final(s) AS same_cutoffs
FROM sums;
COPY sums TO '/tmp/customer_seg_regress_sums.bin' WITH (FORMAT binary);
CREATE TEMP TABLE sums2 (LIKE sums);
COPY sums2 FROM '/tmp/customer_seg_regress_sums.bin' WITH (FORMAT binary);
SELECT a.s::text = b.s::text AS numeric_binary_round_trip, a.sf::text = b.sf::text AS float8_binary_round_trip
FROM sums a, sums2 b;

-- merging split parts equals the whole, through the text form as Citus
-- ships it, including an empty part and a NULL-only part (zero rows = pass)
WITH parts AS (
  SELECT part, value_cutoffs_partial(net) AS s FROM vs_gen GROUP BY part
  UNION ALL SELECT 98, value_cutoffs_partial(net) FROM vs_gen WHERE false
  UNION ALL SELECT 99, top_share_partial(NULL::numeric))
SELECT 'merge differs' FROM parts
HAVING value_cutoffs_merge(s::text::value_summary)::text <> (SELECT value_cutoffs_partial(net)::text FROM vs_gen)
    OR value_cutoffs_final(value_cutoffs_merge(s)) IS DISTINCT FROM (SELECT value_cutoffs(net) FROM vs_gen)
    OR top_share_final(top_share_merge(s), 0.2) IS DISTINCT FROM (SELECT top_share(net, 0.2) FROM vs_gen)
    OR value_curve_final(value_curve_merge(s), 10) IS DISTINCT FROM (SELECT value_curve(net, 10) FROM vs_gen);

-- the combine function called directly, and as a running window aggregate
SELECT value_summary_combine('v1;numeric;0;-;-;2;1,5', 'v1;numeric;2;-;-;3;1*2,2.5');
SELECT value_summary_combine('v1;none;0;-;-;0;', 'v1;float8;0;-;-;1;1.5');
SELECT i, top_share_partial(v) OVER (ORDER BY i) FROM (VALUES (1, 5.0), (2, 1.0), (3, 5.0)) t(i, v);

-- a nightly job stores one summary per day and combines them later
CREATE TEMP TABLE daily AS SELECT part AS day, value_cutoffs_partial(net) AS s FROM vs_gen GROUP BY part;
SELECT (value_cutoffs_final(value_cutoffs_merge(s))).* FROM daily;

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
SELECT pg_temp.expect_error($$SELECT top_share_partial(v) FROM (VALUES ('NaN'::numeric)) t(v)$$);
SELECT pg_temp.expect_error($$SELECT top_share_partial(v) FROM (VALUES ('-Infinity'::float8)) t(v)$$);
SELECT pg_temp.expect_error($$SELECT top_share_partial(v) FROM (VALUES (1e15::numeric)) t(v)$$);

-- whatever the aggregates accept, the text and binary forms give back:
-- subnormal float8 values and shares, numeric display scales above 1000
-- (numeric keeps up to 16383; typmods stop at 1000)
CREATE TEMP TABLE edge_sums AS
SELECT 'subnormal float8' AS what, top_share_partial(v) AS s FROM (VALUES (1e-310::float8), (-4.9e-324::float8), (2.2250738585072014e-308::float8), (1e-310::float8)) t(v)
UNION ALL SELECT 'subnormal share', value_summary_add(NULL, 2::float8, 1e-310::float8)
UNION ALL SELECT 'scale 1200', top_share_partial(v) FROM (VALUES (round(1.5, 1200)), (2)) t(v)
UNION ALL SELECT 'scale 16383', top_share_partial(v) FROM (VALUES (('1.5' || repeat('0', 16382))::numeric), (0.25)) t(v);
SELECT what, left(s::text, 70) AS summary, s::text::value_summary::text = s::text AS text_round_trip FROM edge_sums;
COPY edge_sums TO '/tmp/customer_seg_regress_edge.bin' WITH (FORMAT binary);
CREATE TEMP TABLE edge_sums2 (LIKE edge_sums);
COPY edge_sums2 FROM '/tmp/customer_seg_regress_edge.bin' WITH (FORMAT binary);
SELECT a.what, a.s::text = b.s::text AS binary_round_trip FROM edge_sums a JOIN edge_sums2 b USING (what);
SELECT (value_cutoffs_final(s)).n, (value_cutoffs_final(s)).vip_min = 2 AS vip_min_2, top_share_final(s, 0.5) FROM edge_sums WHERE what = 'scale 1200';
SELECT pg_temp.expect_error($$SELECT 'v1;numeric;16384;-;-;0;'::value_summary$$);
SELECT pg_temp.expect_error($$SELECT 'v1;float8;0;-;-;1;1e-400'::value_summary$$);

-- Binary input accepts exactly what text input accepts.  Forged binary
-- states (the fields of value_summary_send: version, kind, scale, p1, p2,
-- n, nruns, then (key, count) pairs), read by COPY FROM ... (FORMAT binary)
-- from a file written with lo_export, next to the text of the same state.
-- float8 keys are the IEEE bits, negative ones with the 63 low bits flipped.
CREATE FUNCTION pg_temp.vs_bytes(kind int, dscale int, p1 float8, p2 float8, n int8, runs int8[], nruns int8 DEFAULT NULL)
RETURNS bytea LANGUAGE sql AS $$
  SELECT '\x01'::bytea || substring(int4send(kind) from 4) || substring(int4send(dscale) from 3)
      || float8send(p1) || float8send(p2) || int8send(n) || int8send(coalesce(nruns, cardinality(runs) / 2))
      || coalesce((SELECT string_agg(int8send(r), ''::bytea ORDER BY o) FROM unnest(runs) WITH ORDINALITY u(r, o)), '')
$$;
CREATE FUNCTION pg_temp.f8key(v float8) RETURNS int8 LANGUAGE sql AS $$
  SELECT CASE WHEN b >= 0 THEN b ELSE b # 9223372036854775807 END
  FROM (SELECT ('x' || encode(float8send(v), 'hex'))::bit(64)::int8 AS b) x
$$;
CREATE TEMP TABLE forged (ord int, label text, bin bytea, txt text);
INSERT INTO forged VALUES
 (1, 'valid float8', pg_temp.vs_bytes(2, 0, 'NaN', 'NaN', 3, ARRAY[pg_temp.f8key(-2.5), 1, pg_temp.f8key(1e-310), 2]), 'v1;float8;0;-;-;3;-2.5,1e-310*2'),
 (2, 'valid numeric', pg_temp.vs_bytes(1, 2, 0.2, 0.25, 3, ARRAY[-15000, 2, 70000, 1]), 'v1;numeric;2;0.2;0.25;3;-1.5*2,7'),
 (3, 'NaN value', pg_temp.vs_bytes(2, 0, 'NaN', 'NaN', 1, ARRAY[pg_temp.f8key('NaN'), 1]), 'v1;float8;0;-;-;1;NaN'),
 (4, 'infinite value', pg_temp.vs_bytes(2, 0, 'NaN', 'NaN', 1, ARRAY[pg_temp.f8key('Infinity'), 1]), 'v1;float8;0;-;-;1;Infinity'),
 (5, '-infinite value', pg_temp.vs_bytes(2, 0, 'NaN', 'NaN', 1, ARRAY[pg_temp.f8key('-Infinity'), 1]), 'v1;float8;0;-;-;1;-Infinity'),
 (6, '-0 and 0 apart', pg_temp.vs_bytes(2, 0, 'NaN', 'NaN', 2, ARRAY[-1, 1, 0, 1]), 'v1;float8;0;-;-;2;-0,0'),
 (7, '-0 alone', pg_temp.vs_bytes(2, 0, 'NaN', 'NaN', 1, ARRAY[-1, 1]), NULL),
 (8, 'float8 minimum key', pg_temp.vs_bytes(2, 0, 'NaN', 'NaN', 1, ARRAY[-9223372036854775808, 1]), NULL),
 (9, 'numeric minimum key', pg_temp.vs_bytes(1, 4, 'NaN', 'NaN', 1, ARRAY[-9223372036854775808, 1]), 'v1;numeric;4;-;-;1;-922337203685477.5808'),
 (10, 'numeric maximum key', pg_temp.vs_bytes(1, 4, 'NaN', 'NaN', 1, ARRAY[9223372036854775807, 1]), 'v1;numeric;4;-;-;1;922337203685477.5807'),
 (11, 'decimals beyond scale', pg_temp.vs_bytes(1, 0, 'NaN', 'NaN', 1, ARRAY[15000, 1]), 'v1;numeric;0;-;-;1;1.5'),
 (12, 'scale 16383', pg_temp.vs_bytes(1, 16383, 'NaN', 'NaN', 1, ARRAY[15000, 1]), 'v1;numeric;16383;-;-;1;1.5'),
 (13, 'scale 16384', pg_temp.vs_bytes(1, 16384, 'NaN', 'NaN', 1, ARRAY[15000, 1]), 'v1;numeric;16384;-;-;1;1.5'),
 (14, 'kind 3', pg_temp.vs_bytes(3, 0, 'NaN', 'NaN', 0, '{}'), 'v1;money;0;-;-;0;'),
 (15, 'unsorted', pg_temp.vs_bytes(1, 0, 'NaN', 'NaN', 2, ARRAY[20000, 1, 10000, 1]), 'v1;numeric;0;-;-;2;2,1'),
 (16, 'zero count', pg_temp.vs_bytes(1, 0, 'NaN', 'NaN', 0, ARRAY[10000, 0]), 'v1;numeric;0;-;-;0;1*0'),
 (17, 'counts short of n', pg_temp.vs_bytes(1, 0, 'NaN', 'NaN', 3, ARRAY[10000, 1]), 'v1;numeric;0;-;-;3;1'),
 (18, 'infinite share', pg_temp.vs_bytes(1, 0, 'Infinity', 'NaN', 1, ARRAY[10000, 1]), 'v1;numeric;0;Infinity;-;1;1'),
 (19, 'negative NaN share', pg_temp.vs_bytes(1, 0, '-NaN'::text::float8 * -1, 'NaN', 1, ARRAY[10000, 1]), 'v1;numeric;0;-;-;1;1'),
 (20, 'values with kind none', pg_temp.vs_bytes(0, 0, 'NaN', 'NaN', 1, ARRAY[10000, 1]), 'v1;none;0;-;-;1;1'),
 (21, 'trailing byte', pg_temp.vs_bytes(1, 0, 'NaN', 'NaN', 1, ARRAY[10000, 1]) || '\x00'::bytea, NULL),
 (22, 'truncated', substring(pg_temp.vs_bytes(1, 0, 'NaN', 'NaN', 1, ARRAY[10000, 1]) from 1 for 40), NULL),
 (23, 'claims 2^62 runs', pg_temp.vs_bytes(1, 0, 'NaN', 'NaN', 0, '{}', 4611686018427387904), NULL),
 (24, 'claims the most runs', pg_temp.vs_bytes(1, 0, 'NaN', 'NaN', 0, '{}', 67108860), NULL),
 (25, 'claims one run more', pg_temp.vs_bytes(1, 0, 'NaN', 'NaN', 0, '{}', 67108861), NULL),
 (26, 'negative runs', pg_temp.vs_bytes(1, 0, 'NaN', 'NaN', 0, '{}', -1), NULL);
SELECT ord, label, pg_temp.input_outcome(format('SELECT pg_temp.binary_input(''value_summary'', %L)', bin), false) AS binary_input,
       CASE WHEN txt IS NOT NULL THEN pg_temp.input_outcome(format('SELECT %L::value_summary', txt), false) END AS text_input
FROM forged ORDER BY ord;
SELECT pg_temp.expect_error(format('SELECT pg_temp.binary_input(''value_summary'', %L)', bin)) FROM forged WHERE ord = 25;
-- accepted states read back to the same text and binary forms
SELECT ord, pg_temp.binary_input('value_summary', bin) AS from_binary, value_summary_send(pg_temp.binary_input('value_summary', bin)::value_summary) = bin AS same_bytes
FROM forged WHERE ord IN (1, 2, 10, 12, 19) ORDER BY ord;

-- GROUP BY with many small groups: hashed, the states of all groups share
-- one memory context (no context per group, which made PostgreSQL's hash
-- aggregation quadratic in the groups), and cost a few hundred bytes each:
-- 20,000 groups of three values fit in work_mem = 16MB without spilling
-- (one batch; before, with a context of 8 kB and more a group, they took
-- 300 MB).  The state's share of the hash table, beyond what count(v)
-- takes, is under 400 bytes a group.  The same answers as sorted.
CREATE FUNCTION pg_temp.hashagg_stats(q text, OUT batches int, OUT peak_kb int) LANGUAGE plpgsql AS $$
DECLARE plan json;
BEGIN
  EXECUTE 'EXPLAIN (ANALYZE, COSTS OFF, TIMING OFF, FORMAT JSON) ' || q INTO plan;
  SELECT (n->>'HashAgg Batches')::int, (n->>'Peak Memory Usage')::int INTO batches, peak_kb
  FROM json_extract_path(plan, '0', 'Plan') n WHERE n->>'Strategy' = 'Hashed';
END $$;
CREATE TEMP TABLE many AS SELECT i % 20000 AS k, round(((i * 7919) % 100003 - 20000)::numeric / 7, 2) AS v FROM generate_series(1, 60000) i;
ANALYZE many;
SET work_mem = '16MB';
SET enable_sort = off;
SELECT a.batches, (a.peak_kb - c.peak_kb) * 1024 / 20000 < 400 AS state_under_400_bytes_a_group
FROM pg_temp.hashagg_stats('SELECT k, value_cutoffs(v) FROM many GROUP BY k') a,
     pg_temp.hashagg_stats('SELECT k, count(v) FROM many GROUP BY k') c;
SELECT batches FROM pg_temp.hashagg_stats('SELECT k, value_cutoffs(v), top_share(v, 0.5), value_curve(v), top_share_partial(v) FROM many GROUP BY k');
CREATE TEMP TABLE hashed AS SELECT k, value_cutoffs(v) AS c, top_share(v, 0.5) AS t, value_curve(v, 4) AS cu, top_share_partial(v) AS s FROM many GROUP BY k;
-- spilling to disk (work_mem 64kB): between batches nodeAgg resets the hash
-- table's memory, and the shared context of the states with it
SET work_mem = '64kB';
SELECT batches > 1 AS spilled FROM pg_temp.hashagg_stats('SELECT k, value_cutoffs(v) FROM many GROUP BY k');
CREATE TEMP TABLE spilled AS SELECT k, value_cutoffs(v) AS c, top_share(v, 0.5) AS t, value_curve(v, 4) AS cu, top_share_partial(v) AS s FROM many GROUP BY k;
RESET enable_sort;
SET enable_hashagg = off;
CREATE TEMP TABLE sorted AS SELECT k, value_cutoffs(v) AS c, top_share(v, 0.5) AS t, value_curve(v, 4) AS cu, top_share_partial(v) AS s FROM many GROUP BY k;
RESET enable_hashagg;
RESET work_mem;
SELECT count(*) AS groups, count(*) FILTER (WHERE h.c IS DISTINCT FROM s.c OR h.t IS DISTINCT FROM s.t
                                                  OR h.cu IS DISTINCT FROM s.cu OR h.s::text <> s.s::text) AS hashed_differ,
       count(*) FILTER (WHERE p.c IS DISTINCT FROM s.c OR p.t IS DISTINCT FROM s.t
                        OR p.cu IS DISTINCT FROM s.cu OR p.s::text <> s.s::text) AS spilled_differ
FROM hashed h JOIN sorted s USING (k) JOIN spilled p USING (k);
-- and each group's summary is the text its definition gives, built in SQL
-- (zero rows = pass)
SELECT k, h.s, ref.s AS expected
FROM hashed h JOIN (
  SELECT k, 'v1;numeric;' || max(sc) || ';-;-;' || sum(c) || ';'
            || string_agg(trim_scale(v)::text || CASE WHEN c > 1 THEN '*' || c ELSE '' END, ',' ORDER BY v) AS s
  FROM (SELECT k, v, count(*) AS c, scale(v) AS sc FROM many GROUP BY k, v) r GROUP BY k) ref USING (k)
WHERE h.s::text <> ref.s;
-- grouping sets (a MixedAggregate: two hashed sets and a sorted one in one
-- node, with their own aggregate contexts) and a moving window frame (the
-- aggregate restarts, and its context is reset, on every row) give what
-- separate queries give (zero rows = pass)
SET enable_sort = off;
CREATE TEMP TABLE gsets AS SELECT k % 7 AS a, k % 5 AS b, top_share_partial(v)::text AS s
FROM many GROUP BY GROUPING SETS ((k % 7), (k % 5), ());
RESET enable_sort;
CREATE TEMP TABLE gsets_separate AS SELECT k % 7 AS a, NULL::int AS b, top_share_partial(v)::text AS s FROM many GROUP BY 1
  UNION ALL SELECT NULL, k % 5, top_share_partial(v)::text FROM many GROUP BY 2
  UNION ALL SELECT NULL, NULL, top_share_partial(v)::text FROM many;
(TABLE gsets EXCEPT ALL TABLE gsets_separate) UNION ALL (TABLE gsets_separate EXCEPT ALL TABLE gsets);
SELECT k, w.s, x.s AS expected
FROM (SELECT k, top_share_partial(v) OVER (ORDER BY k ROWS BETWEEN 2 PRECEDING AND CURRENT ROW)::text AS s
      FROM (SELECT k, min(v) AS v FROM many WHERE k < 2000 GROUP BY k) m) w
JOIN (SELECT m1.k, top_share_partial(m2.v)::text AS s
      FROM (SELECT k, min(v) AS v FROM many WHERE k < 2000 GROUP BY k) m1
      JOIN (SELECT k, min(v) AS v FROM many WHERE k < 2000 GROUP BY k) m2 ON m2.k BETWEEN m1.k - 2 AND m1.k
      GROUP BY m1.k) x USING (k)
WHERE w.s <> x.s;
-- a summary stored straight from the aggregate (no final function) is the
-- canonical flat value: the same bytes as the one its text reads to, and
-- 48 bytes plus 16 a distinct value
-- (*= compares the bytes of two composite values)
CREATE TYPE pg_temp.vs_box AS (s value_summary);
SELECT count(*) AS stored, count(*) FILTER (WHERE ROW(s)::pg_temp.vs_box *= ROW(s::text::value_summary)::pg_temp.vs_box
                                              AND pg_column_size(s::text::value_summary) = 48 + 16 * (SELECT count(DISTINCT v) FROM many m WHERE m.k = h.k)) AS canonical
FROM hashed h WHERE k < 1000;
DROP TABLE many, hashed, sorted, spilled, gsets, gsets_separate;

-- A Sort above the aggregate: the sort copies each group's summary, still an
-- expanded object with its values unsorted, into its own memory, and
-- flattening it sorts them there.  Since PostgreSQL 17 that memory is a Bump
-- context, where nothing may be freed: the sort's scratch must come from the
-- summary's own memory.  Serial (HashAggregate, then Sort) and under a
-- forced parallel plan (each worker's partial states sorted for a Gather
-- Merge, which a LIMIT makes the cheapest plan), the rows
-- equal those computed without a Sort above the aggregate (zero rows = pass).
ANALYZE vs_gen;
CREATE TEMP TABLE unsorted_parts AS SELECT part, value_cutoffs_partial(net)::text AS s, value_cutoffs(net) AS c FROM vs_gen GROUP BY part;
EXPLAIN (COSTS OFF) SELECT part, value_cutoffs_partial(net) AS s FROM vs_gen GROUP BY part ORDER BY part;
SELECT part FROM (SELECT part, value_cutoffs_partial(net) AS s FROM vs_gen GROUP BY part ORDER BY part) q
JOIN unsorted_parts u USING (part) WHERE q.s::text <> u.s;
:force_parallel_plan
EXPLAIN (COSTS OFF) SELECT part, value_cutoffs(net) FROM vs_gen GROUP BY part ORDER BY part LIMIT 10;
SELECT part FROM (SELECT part, value_cutoffs(net) AS c FROM vs_gen GROUP BY part ORDER BY part LIMIT 10) q
JOIN unsorted_parts u USING (part) WHERE q.c <> u.c;
RESET ALL;
DROP TABLE unsorted_parts;

-- catalog lint: every aggregate of the extension has
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
