-- bigint input: value_tier, percentile_tier, top_share, value_curve and
-- their partial aggregates have bigint forms (src/tiers.c,
-- src/value_summary.c), so a bigint is never rounded to float8: the window
-- functions rank any bigint exactly; the aggregates take it as float8 where
-- that is exact (up to 2^53) and raise 22003 beyond; int, smallint, integer
-- literals and untyped literals resolve to float8 as before
\set ECHO none
\i test/regress_helpers.sql
\set ECHO all
\pset null '~'

-- 20 distinct bigints above 2^53 (9007199254740992).  As float8 they round
-- to 10 values (even ones), the top three to the same one, which ties them
-- for VIP although ceil(20 * 0.05) = 1; as bigint they stay distinct
CREATE TEMP TABLE big AS SELECT 9007199254740993::bigint + g AS v FROM generate_series(1, 20) g;
SELECT count(DISTINCT v) AS bigints, count(DISTINCT v::float8) AS as_float8 FROM big;
SELECT tier, count(*) FROM (SELECT value_tier(v) OVER () AS tier FROM big) t GROUP BY tier ORDER BY tier;
SELECT tier, count(*) AS rounded_by_float8 FROM (SELECT value_tier(v::float8) OVER () AS tier FROM big) t GROUP BY tier ORDER BY tier;

-- the tier rule in plain SQL (rank() over the bigints) agrees row by row,
-- for two share pairs, on values around 2^53, above it, and at the ends of
-- bigint's range (zero rows = pass)
CREATE TEMP TABLE edge AS
SELECT v FROM (SELECT 9007199254740992::bigint + d AS v FROM generate_series(-6, 6) d
               UNION ALL SELECT 9223372036854775807 - d FROM generate_series(0, 5) d
               UNION ALL SELECT -9223372036854775808 + d FROM generate_series(0, 3) d
               UNION ALL SELECT 4611686018427387904 + d FROM generate_series(0, 3) d
               UNION ALL VALUES (0::bigint), (0), (-1), (NULL), (9223372036854775807)) x;
WITH r AS (SELECT v, rank() OVER (ORDER BY v DESC NULLS LAST) AS rnk, count(v) OVER () AS n,
                  value_tier(v) OVER () AS tier, value_tier(v, shares => '{0.25,0.5}') OVER () AS tier2,
                  percentile_tier(v, '{0.1,0.3,0.5,0.9}') OVER () AS band
           FROM edge),
     plain AS (SELECT *,
                 CASE WHEN v IS NULL THEN NULL WHEN v <= 0 THEN 'no_value' WHEN rnk <= ceil(n * 0.05) THEN 'vip'
                      WHEN rnk <= ceil(n * 0.20) THEN 'important' ELSE 'general' END AS want,
                 CASE WHEN v IS NULL THEN NULL WHEN v <= 0 THEN 'no_value' WHEN rnk <= ceil(n * 0.25) THEN 'vip'
                      WHEN rnk <= ceil(n * 0.5) THEN 'important' ELSE 'general' END AS want2,
                 CASE WHEN v IS NULL THEN NULL WHEN rnk <= ceil(n * 0.1) THEN 1 WHEN rnk <= ceil(n * 0.3) THEN 2
                      WHEN rnk <= ceil(n * 0.5) THEN 3 WHEN rnk <= ceil(n * 0.9) THEN 4 ELSE 5 END AS want_band
               FROM r)
SELECT v, rnk, tier, want, tier2, want2, band, want_band FROM plain
WHERE tier::text IS DISTINCT FROM want OR tier2::text IS DISTINCT FROM want2 OR band IS DISTINCT FROM want_band;
-- and the counts it gives (31 non-NULL values: VIP limit 2, important 7,
-- the largest bigint twice)
SELECT tier, half, count(*), min(v), max(v)
FROM (SELECT v, value_tier(v) OVER () AS tier, percentile_tier(v, '{0.5}') OVER () AS half FROM edge) t
GROUP BY 1, 2 ORDER BY 1, 2;

-- aggregates: a bigint is added as the float8 of the same value, which is
-- exact up to 2^53, so the result is that of the float8 form (as in 0.3.0)
-- and the summary a float8 one.  Values up to 2^53 itself agree with the
-- float8 form and with plain SQL over the bigints
CREATE TEMP TABLE large AS
SELECT 9007199254740992 - (g * 7919) % 1000003 * (g % 5) * 1000 AS v FROM generate_series(1::bigint, 5000) g;
SELECT count(DISTINCT v) AS distinct_bigints, count(DISTINCT v::float8) AS distinct_as_float8, max(v) FROM large;
SELECT top_share(v, 0.2) = top_share(v::float8, 0.2) AS top_share_as_float8,
       abs(top_share(v, 0.2) - (SELECT sum(v) FILTER (WHERE rn <= 1000)::numeric / sum(v)
                                FROM (SELECT v, row_number() OVER (ORDER BY v DESC) AS rn FROM large) r)) < 1e-15 AS top_share_plain_sql,
       value_curve(v, 7) = value_curve(v::float8, 7) AS curve_as_float8,
       value_curve(v) = value_curve(v::float8) AS curve100_as_float8,
       top_share_partial(v)::text = top_share_partial(v::float8)::text AS partial_as_float8,
       value_curve_partial(v)::text = value_curve_partial(v::float8)::text AS curve_partial_as_float8
FROM large;
-- small hand-checked values; NULLs skipped; the largest and smallest keyed values
SELECT top_share(v, 0.5) AS top_half, value_curve(v, 4) AS curve, top_share_partial(v) AS summary
FROM (VALUES (10::bigint), (5), (NULL), (1), (-2), (-4), (NULL)) t(v);
SELECT top_share_partial(v) AS ends FROM (VALUES (9007199254740992::bigint), (-9007199254740992)) t(v);
-- a bigint summary merges with a float8 one (and with the summaries that
-- 0.3.0's top_share_partial(bigint) stored)
SELECT top_share_final(top_share_merge(s), 0.5) AS merged
FROM (SELECT top_share_partial(v) FROM (VALUES (10::bigint), (5)) t(v)
      UNION ALL SELECT top_share_partial(v) FROM (VALUES (1.5::float8), (-2)) t(v)
      UNION ALL SELECT 'v1;float8;0;-;-;1;3'::value_summary) m(s);
-- beyond 2^53: 22003 with the value, never a rounded answer
SELECT pg_temp.expect_error($$SELECT top_share(v, 0.2) FROM big$$);
SELECT pg_temp.expect_error($$SELECT top_share(v, 0.2) FROM (VALUES (9007199254740993::bigint)) t(v)$$);
SELECT pg_temp.expect_error($$SELECT value_curve(v) FROM (VALUES (-9007199254740993::bigint)) t(v)$$);
SELECT pg_temp.expect_error($$SELECT value_curve(v, 4) FROM (VALUES (9223372036854775807::bigint)) t(v)$$);
SELECT pg_temp.expect_error($$SELECT top_share_partial(v) FROM (VALUES ('-9223372036854775808'::bigint)) t(v)$$);
SELECT pg_temp.expect_error($$SELECT value_curve_partial(v) FROM big$$);
-- and under a parallel plan the same answers
CREATE TEMP TABLE par AS SELECT (g * 104729 % 200003 - 50000)::bigint AS v FROM generate_series(1, 20000) g;
SELECT top_share(v, 0.2) AS t20, (value_curve(v, 10))[3] AS c3, md5(top_share_partial(v)::text) AS s FROM par \gset serial_
BEGIN;
:force_parallel_plan
SELECT top_share(v, 0.2) = :serial_t20 AS same_top_share, (value_curve(v, 10))[3] = :serial_c3 AS same_curve,
       md5(top_share_partial(v)::text) = :'serial_s' AS same_summary FROM par;
ROLLBACK;

-- overload resolution: bigint reaches the bigint forms; smallint, int,
-- integer and untyped literals still reach float8; numeric stays numeric
CREATE TEMP TABLE types (s smallint, i int, b bigint, n numeric, f float8);
-- (the window calls' plan without its window clauses: EXPLAIN VERBOSE shows
-- them as OVER (?) before PostgreSQL 18 and as OVER w1 plus a Window: line
-- from 18 on)
CREATE FUNCTION pg_temp.window_plan(q text) RETURNS SETOF text LANGUAGE plpgsql AS $$
DECLARE line text; BEGIN
  FOR line IN EXECUTE 'EXPLAIN (VERBOSE, COSTS OFF) ' || q LOOP
    CONTINUE WHEN line ~ '^\s*Window: ';
    RETURN NEXT regexp_replace(line, ' OVER (\(\?\)|w[0-9]+)', '', 'g');
  END LOOP; END $$;
SELECT pg_temp.window_plan($$
SELECT value_tier(s) OVER (), value_tier(i) OVER (), value_tier(b) OVER (), value_tier(n) OVER (), value_tier(f) OVER (),
       value_tier(5) OVER (), value_tier('5') OVER (), value_tier(5000000000) OVER (),
       percentile_tier(i, '{0.5}') OVER (), percentile_tier(b, '{0.5}') OVER ()
FROM types$$) AS plan;
EXPLAIN (VERBOSE, COSTS OFF)
SELECT top_share(s, 0.2), top_share(i, 0.2), top_share(b, 0.2), top_share(n, 0.2), top_share(f, 0.2), top_share(5, 1),
       value_curve(i), value_curve(b), value_curve(b, 10), value_curve(i, 10),
       top_share_partial(i), top_share_partial(b), value_curve_partial(i), value_curve_partial(b)
FROM types;
-- named arguments and an untyped literal for the shares
SELECT b, value_tier(net => b, potential => true, shares => '{0.5,0.9}') OVER () AS named
FROM (VALUES (3::bigint), (-1)) t(b) ORDER BY b;
