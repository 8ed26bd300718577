-- shares: one meaning (docs/api-contract.md, rule 3).  A share is a
-- fraction of all the values of the group, counted from the top, in (0, 1];
-- tier boundaries are one cumulative shares float8[], best tier first.
-- value_tier, value_cutoffs, loyalty_tier and percentile_tier all follow
-- it; the 0.2.0 forms with nested or added shares live on as *_deprecated.
\set ECHO none
\i test/regress_helpers.sql
\set ECHO all

-- ---------------------------------------------------------------------------
-- value_tier(net, potential, shares) OVER (...)
-- ---------------------------------------------------------------------------

-- hand-checked: N = 9 non-NULL values (100, 50, 50, 20, 10, 7, 3, 0, -5).
-- Defaults '{0.05,0.20}': VIP limit ceil(9 * 0.05) = 1, valuable limit
-- ceil(9 * 0.20) = 2 (the two 50s tie at rank 2).  '{0.25,0.5}': limits
-- ceil(2.25) = 3 and ceil(4.5) = 5.  '{0.5,1}': limits 5 and 9, but only
-- positive values get a tier above general.
CREATE TEMP TABLE h (i int, net numeric, dormant boolean);
INSERT INTO h VALUES (1, 100, false), (2, 50, false), (3, 50, false), (4, 20, false),
  (5, 10, false), (6, 0, true), (7, -5, true), (8, NULL, true), (9, 7, false), (10, 3, false);
SELECT i, net,
       value_tier(net) OVER () AS default_tier,
       value_tier(net, dormant, '{0.25,0.5}') OVER () AS quarter_half,
       value_tier(net, shares => '{0.5,1}') OVER () AS half_all,
       value_tier(net::float8, dormant, shares => '{0.25,0.5}') OVER () AS quarter_half_f8,
       value_tier(net, dormant, NULL) OVER () AS null_shares_mean_default
FROM h ORDER BY i;

-- generated data: 301 partitions of every size from 0 to 300 non-NULL
-- values (plus NULLs), with ties, negatives and zeros, numeric with up to 2
-- decimals; the same values as float8
CREATE TEMP TABLE g AS
SELECT p, k,
       CASE WHEN (p * 31 + k * 17) % 23 = 0 THEN NULL
            ELSE round((((p * 7919 + k * 104729) % 2003) - 300)::numeric / (1 + (k % 3) * 9), 2) END AS net,
       (k % 5 = 0) AS dormant
FROM generate_series(0, 300) p, LATERAL generate_series(1, p) k
UNION ALL SELECT p, 0, NULL, true FROM generate_series(0, 300, 10) p;
SELECT count(*) AS rows, count(net) AS values, count(DISTINCT p) AS partitions,
       count(*) - count(DISTINCT (p, net)) AS tied_rows FROM g;

-- the shares sets to check, as written (numeric literals in the plain rule)
CREATE TEMP TABLE share_sets (sid int, shares float8[]);
INSERT INTO share_sets VALUES (1, '{0.05,0.20}'), (2, '{0.1,0.3}'), (3, '{0.01,0.99}'),
  (4, '{0.3333,0.6667}'), (5, '{0.5,1}'), (6, '{0.03,0.3}'), (7, '{0.000001,0.000002}'), (8, '{0.07,0.21}');

-- value_tier (numeric and float8) against the rule in plain SQL: rank() by
-- net descending (ties share the best rank), VIP when rank <=
-- ceil(N * shares[1]), important when rank <= ceil(N * shares[2]), on
-- positive values only (zero rows = pass)
CREATE TEMP TABLE vt AS
SELECT s.sid, g.p, g.k, g.net,
       value_tier(g.net, g.dormant, s.shares) OVER w AS tier,
       value_tier(g.net::float8, g.dormant, s.shares) OVER w AS tier8,
       CASE WHEN g.net IS NULL THEN NULL
            WHEN g.net > 0 AND rank() OVER wr <= ceil(count(g.net) OVER w * s.shares[1]::numeric) THEN 'vip'
            WHEN g.net > 0 AND rank() OVER wr <= ceil(count(g.net) OVER w * s.shares[2]::numeric) THEN 'important'
            WHEN g.net > 0 THEN 'general'
            WHEN g.dormant THEN 'potential' ELSE 'no_value' END AS plain
FROM g CROSS JOIN share_sets s
WINDOW w AS (PARTITION BY s.sid, g.p), wr AS (PARTITION BY s.sid, g.p ORDER BY g.net DESC NULLS LAST);
SELECT count(*) AS rows_compared,
       count(*) FILTER (WHERE tier::text IS DISTINCT FROM plain) AS numeric_wrong,
       count(*) FILTER (WHERE tier8::text IS DISTINCT FROM plain) AS float8_wrong
FROM vt;
SELECT sid, p, k, net, tier, tier8, plain FROM vt
WHERE tier::text IS DISTINCT FROM plain OR tier8::text IS DISTINCT FROM plain ORDER BY sid, p, k LIMIT 5;
SELECT sid, tier, count(*) FROM vt WHERE sid IN (1, 5) GROUP BY 1, 2 ORDER BY 1, 2;

-- the new defaults give exactly 0.2.0's default tiers: ceil(N * 0.05) is
-- ceil(N * 0.20 * 0.25) for every N from 0 to 300 (each partition size),
-- and equivalent shares give the deprecated form's tiers (zero rows = pass)
SELECT count(*) AS rows_compared,
       count(*) FILTER (WHERE new_default IS DISTINCT FROM old_default) AS default_differs,
       count(*) FILTER (WHERE new_default8 IS DISTINCT FROM old_default8) AS default8_differs,
       count(*) FILTER (WHERE new_quarter_half IS DISTINCT FROM old_half_half) AS half_half_differs,
       count(*) FILTER (WHERE new_3pct IS DISTINCT FROM old_30_10) AS thirty_ten_differs
FROM (SELECT value_tier(net, dormant) OVER w AS new_default,
             value_tier_deprecated(net, dormant) OVER w AS old_default,
             value_tier(net::float8, dormant) OVER w AS new_default8,
             value_tier_deprecated(net::float8, dormant) OVER w AS old_default8,
             value_tier(net, dormant, '{0.25,0.5}') OVER w AS new_quarter_half,
             value_tier_deprecated(net, dormant, 0.5, 0.5) OVER w AS old_half_half,
             value_tier(net, dormant, '{0.03,0.3}') OVER w AS new_3pct,
             value_tier_deprecated(net, dormant, 0.3, 0.1) OVER w AS old_30_10
      FROM g WINDOW w AS (PARTITION BY p)) x;
-- the rank limits themselves, for every N up to 100,000 (zero rows = pass):
-- decimal shares make 0.20 * 0.25 exactly 0.05
SELECT n FROM generate_series(0, 100000) n
WHERE ceil(n * 0.05::float8::numeric) <> ceil(n * 0.20::float8::numeric * 0.25::float8::numeric);

-- an old positional or named call fails loudly (no such function), it never
-- silently changes meaning; the deprecated forms keep 0.2.0's meaning
SELECT pg_temp.expect_error($$SELECT value_tier(net, false, 0.2, 0.25) OVER () FROM h$$);
SELECT pg_temp.expect_error($$SELECT value_tier(net::float8, false, 0.2, 0.25) OVER () FROM h$$);
SELECT pg_temp.expect_error($$SELECT value_tier(net, top_share => 0.5, vip_share => 0.5) OVER () FROM h$$);
SELECT pg_temp.expect_error($$SELECT value_tier(net, false, 0.2) OVER () FROM h$$);
SELECT i, value_tier_deprecated(net, dormant, 0.5, 0.5) OVER () AS deprecated_half_half FROM h ORDER BY i;
SELECT p.oid::regprocedure AS deprecated, obj_description(p.oid, 'pg_proc') AS comment
FROM pg_proc p WHERE p.proname = 'value_tier_deprecated' ORDER BY 1::text;

-- ---------------------------------------------------------------------------
-- value_cutoffs(net, shares), value_cutoffs_final(summary, shares)
-- ---------------------------------------------------------------------------

-- hand-checked on h: N = 9, '{0.25,0.5}': the 3rd largest is 50, the 5th 10
SELECT value_cutoffs(net, '{0.25,0.5}') AS quarter_half, value_cutoffs(net) AS defaults,
       value_cutoffs(net, NULL) AS null_shares_mean_default, value_cutoffs(net, '{0.5,1}') AS half_all
FROM h;
SELECT value_cutoffs(net, '{0.25,0.5}') AS no_rows FROM h WHERE false;

-- the two-step form gives the window form's tiers on every partition and
-- shares set; the aggregate, the summary forms and merged text states give
-- the same cut-offs (zero rows = pass)
CREATE AGGREGATE pg_temp.cut_state(numeric, float8[]) (
    SFUNC = value_summary_add, STYPE = value_summary, COMBINEFUNC = value_summary_combine);
CREATE TEMP TABLE cuts AS
SELECT s.sid, g.p, value_cutoffs(g.net, s.shares) AS c,
       value_cutoffs_final(value_cutoffs_partial(g.net), s.shares) AS c_final,
       value_cutoffs_final(pg_temp.cut_state(g.net, s.shares)) AS c_state
FROM g CROSS JOIN share_sets s GROUP BY s.sid, s.shares, g.p;
CREATE TEMP TABLE cuts_parts AS
SELECT s.sid, g.p, g.k % 3 AS part, pg_temp.cut_state(g.net, s.shares)::text AS state
FROM g CROSS JOIN share_sets s GROUP BY s.sid, s.shares, g.p, g.k % 3;
SELECT count(*) AS groups,
       count(*) FILTER (WHERE c IS DISTINCT FROM c_final
                           OR c IS DISTINCT FROM c_state) AS forms_differ,
       count(*) FILTER (WHERE c IS DISTINCT FROM merged) AS merged_differs
FROM cuts JOIN (SELECT sid, p, value_cutoffs_final(value_summary_merge(state::value_summary)) AS merged
                FROM cuts_parts GROUP BY sid, p) m USING (sid, p);
SELECT count(*) AS rows_compared, count(*) FILTER (WHERE value_tier(vt.net, c.c, g.dormant)::text IS DISTINCT FROM vt.plain) AS twostep_wrong
FROM vt JOIN g USING (p, k) JOIN cuts c USING (sid, p);

-- equivalent shares give the deprecated aggregate's and function's cut-offs
-- (zero rows = pass)
SELECT p FROM g GROUP BY p
HAVING value_cutoffs(net) IS DISTINCT FROM value_cutoffs_deprecated(net, 0.20, 0.25)
    OR value_cutoffs(net, '{0.05,0.20}') IS DISTINCT FROM value_cutoffs_deprecated(net, 0.20, 0.25)
    OR value_cutoffs(net, '{0.25,0.5}') IS DISTINCT FROM value_cutoffs_deprecated(net, 0.5, 0.5)
    OR value_cutoffs(net, '{0.03,0.3}') IS DISTINCT FROM value_cutoffs_deprecated(net, 0.3, 0.1)
    OR value_cutoffs_final(value_cutoffs_partial(net)) IS DISTINCT FROM value_cutoffs_deprecated(value_cutoffs_partial(net), 0.2, 0.25)
    OR value_cutoffs_final(value_cutoffs_partial(net), '{0.03,0.3}') IS DISTINCT FROM value_cutoffs_deprecated(value_cutoffs_partial(net), 0.3, 0.1);
SELECT pg_temp.expect_error($$SELECT value_cutoffs(net, 0.2, 0.25) FROM h$$);
SELECT pg_temp.expect_error($$SELECT value_cutoffs(value_cutoffs_partial(net), 0.2, 0.25) FROM h$$);
SELECT value_cutoffs_deprecated(net, 0.5, 0.5) AS deprecated_aggregate,
       value_cutoffs_deprecated(value_cutoffs_partial(net), 0.5, 0.5) AS deprecated_function FROM h;
SELECT p.oid::regprocedure AS deprecated, p.prokind, obj_description(p.oid, 'pg_proc') AS comment
FROM pg_proc p WHERE p.proname = 'value_cutoffs_deprecated' ORDER BY 1::text;

-- the state keeps the shares as cumulative shares (text and binary form
-- version 2, parameters' kind "shares"), apart from 0.2.0's (top_share,
-- vip_share), which read as before
SELECT value_summary_add(NULL, 5, '{0.05,0.2}'::float8[]) AS shares_state,
       value_summary_send(value_summary_add(NULL, 5, '{0.05,0.2}'::float8[])) AS shares_binary,
       value_summary_add(NULL, 5, NULL::float8[]) AS null_shares_state,
       value_summary_add(NULL, 5, 0.2::float8, 0.25::float8) AS args_state,
       value_summary_send(value_summary_add(NULL, 5, 0.2::float8, 0.25::float8)) AS args_binary;
SELECT value_cutoffs_final('v2;numeric;0;shares;0.5;1;4;1,2,3,4') AS shares_half_all,
       value_cutoffs_final('v1;numeric;0;0.5;1;4;1,2,3,4') AS args_half_of_half,
       value_cutoffs_final('v2;numeric;0;args;0.5;1;4;1,2,3,4') AS args_in_v2,
       value_cutoffs_final('v1;numeric;0;-;-;4;1,2,3,4') AS no_params;
SELECT 'v2;numeric;0;args;0.2;0.25;1;5'::value_summary AS v2_args_reads_as_v1;
-- merging states with different shares, or shares with 0.2.0's arguments,
-- is an error; with a state without parameters it is not
SELECT pg_temp.expect_error($$SELECT value_summary_merge(s) FROM (VALUES ('v2;numeric;0;shares;0.05;0.2;1;1'::value_summary), ('v1;numeric;0;0.05;0.2;1;2')) t(s)$$);
SELECT pg_temp.expect_error($$SELECT value_summary_merge(s) FROM (VALUES ('v2;numeric;0;shares;0.05;0.2;1;1'::value_summary), ('v2;numeric;0;shares;0.05;0.3;1;2')) t(s)$$);
SELECT value_summary_merge(s) FROM (VALUES ('v2;numeric;0;shares;0.05;0.2;1;1'::value_summary), ('v1;numeric;0;-;-;1;2')) t(s);
SELECT pg_temp.expect_error($$SELECT value_cutoffs(net, CASE WHEN i < 5 THEN '{0.05,0.2}'::float8[] ELSE '{0.1,0.2}' END) FROM h$$);
SELECT pg_temp.expect_error($$SELECT value_summary_add('v1;numeric;0;0.05;0.2;1;1', 5, '{0.05,0.2}'::float8[])$$);

-- text and binary input accept exactly the same states: forged binary
-- version 2 (version, kind, scale, parameters' kind, p1, p2, n, nruns,
-- runs) next to the text of the same state
CREATE FUNCTION pg_temp.vs2_bytes(pkind int, p1 float8, p2 float8, n int8, runs int8[])
RETURNS bytea LANGUAGE sql AS $$
  SELECT '\x02010000'::bytea || substring(int4send(pkind) from 4) || float8send(p1) || float8send(p2)
      || int8send(n) || int8send(cardinality(runs) / 2)
      || coalesce((SELECT string_agg(int8send(r), ''::bytea ORDER BY o) FROM unnest(runs) WITH ORDINALITY u(r, o)), '')
$$;
CREATE TEMP TABLE forged2 (ord int, label text, bin bytea, txt text);
INSERT INTO forged2 VALUES
 (1, 'shares', pg_temp.vs2_bytes(1, 0.05, 0.2, 2, ARRAY[10000, 1, 20000, 1]), 'v2;numeric;0;shares;0.05;0.2;2;1,2'),
 (2, 'shares 1', pg_temp.vs2_bytes(1, 0.5, 1, 0, '{}'), 'v2;numeric;0;shares;0.5;1;0;'),
 (3, 'args', pg_temp.vs2_bytes(0, 0.2, 0.25, 1, ARRAY[10000, 1]), 'v2;numeric;0;args;0.2;0.25;1;1'),
 (4, 'args absent', pg_temp.vs2_bytes(0, 'NaN', 'NaN', 1, ARRAY[10000, 1]), 'v2;numeric;0;args;-;-;1;1'),
 (5, 'shares decreasing', pg_temp.vs2_bytes(1, 0.2, 0.05, 0, '{}'), 'v2;numeric;0;shares;0.2;0.05;0;'),
 (6, 'shares equal', pg_temp.vs2_bytes(1, 0.2, 0.2, 0, '{}'), 'v2;numeric;0;shares;0.2;0.2;0;'),
 (7, 'shares above 1', pg_temp.vs2_bytes(1, 0.5, 1.5, 0, '{}'), 'v2;numeric;0;shares;0.5;1.5;0;'),
 (8, 'shares absent', pg_temp.vs2_bytes(1, 'NaN', 'NaN', 0, '{}'), 'v2;numeric;0;shares;-;-;0;'),
 (9, 'one share', pg_temp.vs2_bytes(1, 0.05, 'NaN', 0, '{}'), 'v2;numeric;0;shares;0.05;-;0;'),
 (10, 'kind 2', pg_temp.vs2_bytes(2, 0.05, 0.2, 0, '{}'), 'v2;numeric;0;points;0.05;0.2;0;'),
 (11, 'truncated', substring(pg_temp.vs2_bytes(1, 0.05, 0.2, 0, '{}') from 1 for 36), NULL);
SELECT ord, label, pg_temp.input_outcome(format('SELECT pg_temp.binary_input(''value_summary'', %L)', bin)) AS binary_input,
       CASE WHEN txt IS NOT NULL THEN pg_temp.input_outcome(format('SELECT %L::value_summary', txt)) END AS text_input
FROM forged2 ORDER BY ord;
-- accepted states read back to the same forms: version 2 for shares, and
-- 0.2.0's kind written as version 1 whichever version it was read from
SELECT ord, value_summary_send(pg_temp.binary_input('value_summary', bin)::value_summary) = bin AS same_bytes,
       value_summary_send(txt::value_summary) = value_summary_send(pg_temp.binary_input('value_summary', bin)::value_summary) AS text_equals_binary
FROM forged2 WHERE ord IN (1, 2, 3, 4) ORDER BY ord;

-- ---------------------------------------------------------------------------
-- loyalty_tier(score, shares) OVER (...)
-- ---------------------------------------------------------------------------

-- hand-checked: N = 10 scores; defaults '{0.2,0.5}': high = ranks <= 2,
-- medium = ranks <= 5; '{0.1,0.3}': 1 and 3, the two 80s tie at rank 2
SELECT s, loyalty_tier(s) OVER () AS default_tier, loyalty_tier(s, '{0.1,0.3}') OVER () AS narrow,
       loyalty_tier(s, NULL) OVER () AS null_shares_mean_default
FROM unnest(ARRAY[10, 20, 30, 40, 50, 60, 70, 80, 80, 100, NULL]::numeric[]) s ORDER BY s;

-- against the rule in plain SQL on the generated data, every partition
-- size and shares set (zero rows = pass)
SELECT count(*) AS rows_compared, count(*) FILTER (WHERE tier::text IS DISTINCT FROM plain) AS wrong FROM (
  SELECT loyalty_tier(g.net, s.shares) OVER w AS tier,
         CASE WHEN g.net IS NULL THEN NULL
              WHEN rank() OVER wr <= ceil(count(g.net) OVER w * s.shares[1]::numeric) THEN 'high'
              WHEN rank() OVER wr <= ceil(count(g.net) OVER w * s.shares[2]::numeric) THEN 'medium'
              ELSE 'low' END AS plain
  FROM g CROSS JOIN share_sets s
  WINDOW w AS (PARTITION BY s.sid, g.p), wr AS (PARTITION BY s.sid, g.p ORDER BY g.net DESC NULLS LAST)) x;

-- the new defaults are 0.2.0's, and equivalent shares give the deprecated
-- form's tiers; 0.1 + 0.2 is 0.30000000000000004 in float8, and both forms
-- take ceil() on the 15-digit decimal 0.3 (zero rows = pass)
SELECT count(*) AS rows_compared,
       count(*) FILTER (WHERE a IS DISTINCT FROM b) AS default_differs,
       count(*) FILTER (WHERE c IS DISTINCT FROM d) AS narrow_differs,
       count(*) FILTER (WHERE e IS DISTINCT FROM f) AS point_three_differs
FROM (SELECT loyalty_tier(net) OVER w AS a, loyalty_tier_deprecated(net) OVER w AS b,
             loyalty_tier(net, '{0.1,0.2}') OVER w AS c, loyalty_tier_deprecated(net, 0.1, 0.1) OVER w AS d,
             loyalty_tier(net, '{0.1,0.3}') OVER w AS e, loyalty_tier_deprecated(net, 0.1, 0.2) OVER w AS f
      FROM g WINDOW w AS (PARTITION BY p)) x;
SELECT pg_temp.expect_error($$SELECT loyalty_tier(s, 0.2, 0.3) OVER () FROM unnest(ARRAY[1]::numeric[]) s$$);
SELECT pg_temp.expect_error($$SELECT loyalty_tier(s, high_share => 0.2) OVER () FROM unnest(ARRAY[1]::numeric[]) s$$);
SELECT p.oid::regprocedure AS deprecated, obj_description(p.oid, 'pg_proc') AS comment
FROM pg_proc p WHERE p.proname = 'loyalty_tier_deprecated';

-- ---------------------------------------------------------------------------
-- bad shares: one check (cs_check_shares), the same SQLSTATE and message in
-- every function that takes shares; the hint's example is the function's
-- default (shown here as '...'); grouped so that each distinct outcome
-- lists the functions that give it
-- ---------------------------------------------------------------------------
CREATE TEMP TABLE shares_fn (fn text, q text);
INSERT INTO shares_fn VALUES
 ('value_tier', 'SELECT value_tier(net, false, %s) OVER () FROM h'),
 ('value_tier float8', 'SELECT value_tier(net::float8, false, %s) OVER () FROM h'),
 ('value_cutoffs', 'SELECT value_cutoffs(net, %s) FROM h'),
 ('value_cutoffs_final', 'SELECT value_cutoffs_final(value_cutoffs_partial(net), %s) FROM h'),
 ('loyalty_tier', 'SELECT loyalty_tier(net, %s) OVER () FROM h'),
 ('percentile_tier', 'SELECT percentile_tier(net, %s) OVER () FROM h'),
 ('percentile_tier float8', 'SELECT percentile_tier(net::float8, %s) OVER () FROM h');
CREATE TEMP TABLE bad_shares (ord int, label text, expr text);
INSERT INTO bad_shares VALUES
 (1, 'empty array', $$'{}'::float8[]$$),
 (2, 'NULL', 'NULL::float8[]'),
 (3, 'NULL element', $$'{0.05,NULL}'::float8[]$$),
 (4, 'NaN', $$'{NaN,0.2}'::float8[]$$),
 (5, 'zero', $$'{0,0.2}'::float8[]$$),
 (6, 'negative', $$'{-0.05,0.2}'::float8[]$$),
 (7, 'infinite', $$'{0.05,Infinity}'::float8[]$$),
 (8, '1.5 (a percentage?)', $$'{0.05,1.5}'::float8[]$$),
 (9, 'percent written as 5, 20', $$'{5,20}'::float8[]$$),
 (10, 'decreasing', $$'{0.2,0.05}'::float8[]$$),
 (11, 'duplicate', $$'{0.2,0.2}'::float8[]$$),
 (12, '2-D', $$'{{0.05},{0.2}}'::float8[]$$),
 (13, 'one share', $$'{0.05}'::float8[]$$),
 (14, 'three shares', $$'{0.05,0.2,0.5}'::float8[]$$),
 (15, '1001 shares', $$(SELECT array_agg(i / 1001.0)::float8[] FROM generate_series(1, 1001) i)$$),
 (16, 'changes from row to row', $$ARRAY[0.01 * coalesce(i, 1), 0.5]::float8[]$$);
SELECT b.ord, b.label,
       regexp_replace(pg_temp.expect_error(format(f.q, b.expr)), 'e\.g\. ''\{[0-9.,]*\}''', 'e.g. ''...''') AS outcome,
       string_agg(f.fn, ', ' ORDER BY f.fn) AS functions
FROM bad_shares b CROSS JOIN shares_fn f
WHERE NOT (b.label = 'changes from row to row' AND f.fn IN ('value_cutoffs_final'))
GROUP BY 1, 2, 3 ORDER BY 1, 4;
-- the detail names the elements that are out of order
SELECT pg_temp.input_outcome($$SELECT value_tier(net, false, '{0.2,0.05}') OVER () FROM h LIMIT 1$$) AS decreasing,
       pg_temp.input_outcome($$SELECT percentile_tier(net, '{0.1,0.5,0.5}') OVER () FROM h LIMIT 1$$) AS duplicate;

-- percentile_tier follows the same rule: tier j for the first j with rank
-- <= ceil(N * shares[j]), on the generated data (zero rows = pass)
SELECT count(*) AS rows_compared, count(*) FILTER (WHERE ours IS DISTINCT FROM plain) AS wrong FROM (
  SELECT percentile_tier(g.net, s.shares) OVER w AS ours,
         CASE WHEN g.net IS NOT NULL THEN 1 + (rank() OVER wr > ceil(count(g.net) OVER w * s.shares[1]::numeric))::int
                                            + (rank() OVER wr > ceil(count(g.net) OVER w * s.shares[2]::numeric))::int END AS plain
  FROM g CROSS JOIN share_sets s
  WINDOW w AS (PARTITION BY s.sid, g.p), wr AS (PARTITION BY s.sid, g.p ORDER BY g.net DESC NULLS LAST)) x;
