-- shares: one meaning (README, The API contract, rule 3).  A share is a
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
