-- value tiers and percentile tiers (src/tiers.c, src/valuekey.c)
\set ECHO none
\i test/regress_helpers.sql
\set ECHO all

-- hand-checked: N = 9 non-NULL values; VIP limit ceil(9*0.05) = 1,
-- valuable limit ceil(9*0.20) = 2; the two 50s tie at rank 2
CREATE TEMP TABLE h (i int, net numeric, dormant boolean);
INSERT INTO h VALUES (1, 100, false), (2, 50, false), (3, 50, false), (4, 20, false),
  (5, 10, false), (6, 0, true), (7, -5, true), (8, NULL, true), (9, 7, false), (10, 3, false);
SELECT i, net,
       value_tier(net) OVER () AS tier,
       value_tier(net, dormant) OVER () AS with_potential,
       value_tier(net, shares => '{0.25,0.5}') OVER () AS half_half,
       percentile_tier(net, '{0.1,0.5}') OVER () AS pct
FROM h ORDER BY i;

-- an ORDER BY in the window changes nothing (the whole partition is ranked)
SELECT count(*) AS differ FROM (
  SELECT i, value_tier(net) OVER () a, value_tier(net) OVER (ORDER BY i) b,
         percentile_tier(net, '{0.1,0.5}') OVER () c, percentile_tier(net, '{0.1,0.5}') OVER (ORDER BY net) d
  FROM h) x WHERE a IS DISTINCT FROM b OR c IS DISTINCT FROM d;

-- the enum sorts best first
SELECT tier, count(*) FROM (SELECT value_tier(net, dormant) OVER () AS tier FROM h) x GROUP BY tier ORDER BY tier;

-- ties at each cut-off: 20 rows, VIP limit 1, valuable limit 4
CREATE TEMP TABLE ties (case_name text, net numeric);
INSERT INTO ties SELECT 'tie at vip cut', CASE WHEN g <= 3 THEN 90 ELSE g END FROM generate_series(1, 20) g;
INSERT INTO ties SELECT 'tie at valuable cut', CASE WHEN g = 1 THEN 100 WHEN g <= 8 THEN 50 ELSE g END FROM generate_series(1, 20) g;
INSERT INTO ties SELECT 'tie across both cuts', CASE WHEN g <= 6 THEN 70 ELSE g END FROM generate_series(1, 20) g;
INSERT INTO ties SELECT 'all equal', 5 FROM generate_series(1, 20) g;
INSERT INTO ties SELECT 'all negative', -g FROM generate_series(1, 20) g;
INSERT INTO ties SELECT 'few positive', CASE WHEN g <= 2 THEN g ELSE -g END FROM generate_series(1, 20) g;
SELECT case_name, tier, count(*), min(net), max(net)
FROM (SELECT case_name, net, value_tier(net) OVER (PARTITION BY case_name) AS tier FROM ties) x
GROUP BY 1, 2 ORDER BY 1, 2;
SELECT case_name, (value_cutoffs(net)).* FROM ties GROUP BY 1 ORDER BY 1;

-- N = 0, 1, 2, and NULL-only partitions
CREATE TEMP TABLE small (p text, net numeric);
INSERT INTO small VALUES ('n1', 10), ('n1 negative', -10), ('n2', 10), ('n2', 20),
  ('nulls', NULL), ('nulls', NULL), ('n1 + null', NULL), ('n1 + null', 3);
SELECT p, net, value_tier(net) OVER (PARTITION BY p), percentile_tier(net, '{0.5}') OVER (PARTITION BY p)
FROM small ORDER BY p, net;
SELECT p, value_cutoffs(net) FROM small GROUP BY p ORDER BY p;
SELECT value_cutoffs(net) AS empty_input FROM small WHERE false;

-- float8 values, including -0 and tiny fractions
SELECT v, value_tier(v) OVER () AS tier, percentile_tier(v, '{0.25,0.5,1}') OVER () AS pct
FROM (VALUES (1e-300::float8), (-0::float8), (2.5::float8), (2.5::float8), (1e300::float8), (-1e300::float8), (NULL::float8)) t(v)
ORDER BY v;

-- numeric display scale is kept in the cut-offs
SELECT value_cutoffs(v) FROM (VALUES (1.50), (2.25), (3.125), (0.0001)) t(v);

-- potential: NULL flag counts as false; positive values are never potential
SELECT net, value_tier(net, flag) OVER () FROM (VALUES (5, true), (-1, NULL::boolean), (-2, true), (-3, false)) t(net, flag) ORDER BY net;

-- two-step: cut-offs, then a scalar tier per row
WITH c AS (SELECT value_cutoffs(net, '{0.25,0.5}') AS c FROM h)
SELECT i, net, value_tier(net, c, dormant) FROM h, c ORDER BY i;
SELECT value_tier(1::numeric, NULL::value_cutoffs_row) IS NULL AS null_cutoffs,
       value_tier(NULL::numeric, '(1,1,1)'::value_cutoffs_row) IS NULL AS null_net,
       value_tier(5, '(0,,)'::value_cutoffs_row) AS no_cutoffs,
       value_tier(1.00001, '(3,2,1)'::value_cutoffs_row) AS beyond_key_precision,
       value_tier(0.99999, '(3,2,1)'::value_cutoffs_row) AS just_below;

-- cut-offs that change from row to row: 300 distinct cut-offs cycling (more
-- than the per-call-site cache holds, so slots are replaced), some with no
-- integer key (5 decimals, beyond 9e14), NULL fields, nets with 5 decimals;
-- equal to the CASE rule (zero rows means pass)
SELECT count(*) AS rows, count(*) FILTER (WHERE ours::text IS DISTINCT FROM plain) AS wrong FROM (
  SELECT value_tier(net, c, i % 7 = 0) AS ours,
         CASE WHEN net IS NULL THEN NULL
              WHEN net > 0 AND net >= (c).vip_min THEN 'vip'
              WHEN net > 0 AND net >= (c).valuable_min THEN 'important'
              WHEN net > 0 THEN 'general'
              WHEN i % 7 = 0 THEN 'potential' ELSE 'no_value' END AS plain
  FROM (SELECT i, CASE WHEN i % 97 = 0 THEN NULL ELSE ((i * 7919) % 20001 - 5000) / 10.0 + (i % 3) * 0.00001 END AS net,
               ROW(i % 300, CASE WHEN i % 300 % 11 = 0 THEN NULL WHEN i % 300 % 13 = 0 THEN 1e15 + i % 300
                                 ELSE 1000 + (i % 300) * 7 + (i % 300 % 2) * 0.00001 END,
                    CASE WHEN i % 300 % 17 = 0 THEN NULL ELSE (i % 300) * 3 END)::value_cutoffs_row AS c
        FROM generate_series(1, 60000) i) g) x;

-- bad input
SELECT pg_temp.expect_error($$SELECT value_tier(net, shares => '{0,0.2}') OVER () FROM h$$);
SELECT pg_temp.expect_error($$SELECT value_tier(net, shares => '{0.05,1.5}') OVER () FROM h$$);
SELECT pg_temp.expect_error($$SELECT value_tier(net, shares => '{NaN,0.2}') OVER () FROM h$$);
SELECT pg_temp.expect_error($$SELECT value_tier(net, shares => '{0.05,NULL}') OVER () FROM h$$);
SELECT pg_temp.expect_error($$SELECT value_tier(net, shares => ARRAY[i / 100.0, 0.5]) OVER () FROM h$$);
SELECT pg_temp.expect_error($$SELECT value_tier(v) OVER () FROM (VALUES (1::numeric), ('NaN')) t(v)$$);
SELECT pg_temp.expect_error($$SELECT value_tier(v) OVER () FROM (VALUES (1::float8), ('Infinity')) t(v)$$);
SELECT pg_temp.expect_error($$SELECT value_tier(v) OVER () FROM (VALUES (1::numeric), (0.00001)) t(v)$$);
SELECT pg_temp.expect_error($$SELECT value_tier(v) OVER () FROM (VALUES (1e20::numeric)) t(v)$$);
SELECT pg_temp.expect_error($$SELECT percentile_tier(net, '{}') OVER () FROM h$$);
SELECT pg_temp.expect_error($$SELECT percentile_tier(net, '{0.5,0.2}') OVER () FROM h$$);
SELECT pg_temp.expect_error($$SELECT percentile_tier(net, '{0.2,0.2}') OVER () FROM h$$);
SELECT pg_temp.expect_error($$SELECT percentile_tier(net, '{0.2,NULL}') OVER () FROM h$$);
SELECT pg_temp.expect_error($$SELECT percentile_tier(net, '{0,0.5}') OVER () FROM h$$);
SELECT pg_temp.expect_error($$SELECT percentile_tier(net, '{0.5,1.01}') OVER () FROM h$$);
SELECT pg_temp.expect_error($$SELECT percentile_tier(net, NULL) OVER () FROM h$$);
SELECT pg_temp.expect_error($$SELECT percentile_tier(net, '{{0.1},{0.2}}') OVER () FROM h$$);
SELECT pg_temp.expect_error($$SELECT value_cutoffs(net, '{0.2,0}') FROM h$$);
SELECT pg_temp.expect_error($$SELECT value_cutoffs(net, '{NULL,0.2}') FROM h$$);
SELECT pg_temp.expect_error($$SELECT value_cutoffs(net, ARRAY[i / 100.0, 0.2]) FROM h$$);
SELECT pg_temp.expect_error($$SELECT value_cutoffs_final(top_share_partial(v)) FROM (VALUES (1::float8)) t(v)$$);
SELECT pg_temp.expect_error($$SELECT value_tier(1, '(1,NaN,1)'::value_cutoffs_row)$$);

-- equivalence on 120,000 generated rows with many ties, NULLs, negatives and
-- partitions of different sizes: the window form, the two-step form and the
-- plain-SQL rule with rank() give identical tiers (zero rows means pass)
SELECT setseed(0.7) \g /dev/null
CREATE TABLE tiers_gen AS
SELECT i, (i % 5) * (i % 3) AS branch,
       CASE WHEN random() < 0.02 THEN NULL
            ELSE round((exp(random() * 7) - 40)::numeric, (i % 3)) END AS net,
       random() < 0.1 AS dormant
FROM generate_series(1, 120000) i;
SELECT count(*) AS rows, count(DISTINCT net) AS distinct_values, count(DISTINCT branch) AS partitions FROM tiers_gen;

CREATE TEMP TABLE plain AS
SELECT i, branch, net,
       CASE WHEN net IS NULL THEN NULL
            WHEN net > 0 AND rk <= ceil(n * 0.20 * 0.25) THEN 'vip'
            WHEN net > 0 AND rk <= ceil(n * 0.20) THEN 'important'
            WHEN net > 0 THEN 'general'
            WHEN dormant THEN 'potential' ELSE 'no_value' END AS tier,
       CASE WHEN net IS NULL THEN NULL
            ELSE 1 + (rk > ceil(n * 0.05))::int + (rk > ceil(n * 0.20))::int + (rk > ceil(n * 0.5))::int END AS pct,
       CASE WHEN net IS NULL THEN NULL
            ELSE 1 + (rk > ceil(n * 0.1))::int + (rk > ceil(n * 0.2))::int + (rk > ceil(n * 0.3))::int
                   + (rk > ceil(n * 0.4))::int + (rk > ceil(n * 0.5))::int + (rk > ceil(n * 0.6))::int
                   + (rk > ceil(n * 0.7))::int + (rk > ceil(n * 0.8))::int + (rk > ceil(n * 0.9))::int END AS decile
FROM (SELECT *, rank() OVER (PARTITION BY branch ORDER BY net DESC NULLS LAST) AS rk,
             count(net) OVER (PARTITION BY branch) AS n
      FROM tiers_gen) r;

SELECT tier, count(*) FROM plain GROUP BY tier ORDER BY tier;

CREATE TEMP TABLE win AS
SELECT i, value_tier(net, dormant) OVER (PARTITION BY branch) AS tier,
       value_tier(net::float8, dormant) OVER (PARTITION BY branch) AS tier8,
       percentile_tier(net, '{0.05,0.20,0.5}') OVER (PARTITION BY branch) AS pct,
       percentile_tier(net::float8, '{0.05,0.20,0.5}') OVER (PARTITION BY branch) AS pct8,
       percentile_tier(net, '{0.1,0.2,0.3,0.4,0.5,0.6,0.7,0.8,0.9}') OVER (PARTITION BY branch) AS decile
FROM tiers_gen;
CREATE TEMP TABLE twostep AS
WITH c AS (SELECT branch, value_cutoffs(net) AS c FROM tiers_gen GROUP BY branch)
SELECT g.i, value_tier(g.net, c.c, g.dormant) AS tier FROM tiers_gen g JOIN c USING (branch);
ANALYZE plain;
ANALYZE win;
ANALYZE twostep;
SELECT p.i, p.net, p.tier, w.tier AS window_tier, s.tier AS twostep_tier, p.pct, w.pct AS window_pct
FROM plain p JOIN win w USING (i) JOIN twostep s USING (i)
WHERE w.tier::text IS DISTINCT FROM p.tier OR s.tier::text IS DISTINCT FROM p.tier
   OR w.tier8::text IS DISTINCT FROM p.tier
   OR w.pct IS DISTINCT FROM p.pct OR w.pct8 IS DISTINCT FROM p.pct OR w.decile IS DISTINCT FROM p.decile
LIMIT 5;
SELECT count(*) AS rows_compared FROM plain p JOIN win w USING (i) JOIN twostep s USING (i);

-- selection worst cases: inputs crafted against quickselect (sorted,
-- reversed, organ pipe, all equal, two interleaved descending runs, the
-- median-of-3 killer, sawtooth) and against radix selection (keys that
-- differ only in the lowest byte, one huge bucket with outliers at every
-- byte, the extremes of the key range).  Every window form must equal the
-- rank() rule on each (zero rows means pass); the 1M-row interleaved case
-- must also be fast, which test/cancel checks with a timeout.
CREATE TEMP TABLE wc AS
SELECT shape, i, v
FROM (SELECT i, 20000 AS n FROM generate_series(0, 19999) i) g,
LATERAL (VALUES
  ('ascending', i::numeric),
  ('descending', (n - i)::numeric),
  ('organ pipe', least(i, n - 1 - i)::numeric),
  ('all equal', 7.5),
  ('two values', (i % 2)::numeric),
  ('interleaved runs', (CASE WHEN i < n / 2 THEN 2 * (n / 2 - 1 - i) ELSE 2 * (n - 1 - i) + 1 END)::numeric),
  ('median-of-3 killer', (CASE WHEN i < n / 2 THEN CASE WHEN i % 2 = 0 THEN i + 1 ELSE n / 2 + i END ELSE 2 * (i - n / 2 + 1) END)::numeric),
  ('sawtooth', (i % 100 - 30)::numeric),
  ('low byte only', 100000 + (i % 256) * 0.0001),
  ('outliers at every byte', CASE WHEN i % 997 = 0 THEN round(power(2::numeric, i % 47) / 10000, 4) * (1 - 2 * (i % 2)) ELSE 42 END),
  ('key range extremes', CASE i % 3 WHEN 0 THEN -922337203685477.5807 + i WHEN 1 THEN 922337203685477.5807 - i ELSE (i - n / 2)::numeric / 100 END)
) s(shape, v);
SELECT shape, count(*), count(DISTINCT v) AS distinct_values, min(v), max(v) FROM wc GROUP BY shape ORDER BY shape;
CREATE TEMP TABLE wc_plain AS
SELECT shape, i,
       CASE WHEN v > 0 AND rk <= ceil(n * 0.20 * 0.25) THEN 'vip' WHEN v > 0 AND rk <= ceil(n * 0.20) THEN 'important'
            WHEN v > 0 THEN 'general' ELSE 'no_value' END AS tier,
       CASE WHEN v8 > 0 AND rk8 <= ceil(n * 0.20 * 0.25) THEN 'vip' WHEN v8 > 0 AND rk8 <= ceil(n * 0.20) THEN 'important'
            WHEN v8 > 0 THEN 'general' ELSE 'no_value' END AS tier8,
       1 + (rk > ceil(n * 0.1))::int + (rk > ceil(n * 0.2))::int + (rk > ceil(n * 0.3))::int + (rk > ceil(n * 0.4))::int
         + (rk > ceil(n * 0.5))::int + (rk > ceil(n * 0.6))::int + (rk > ceil(n * 0.7))::int + (rk > ceil(n * 0.8))::int
         + (rk > ceil(n * 0.9))::int AS decile,
       1 + (rk8 > ceil(n * 0.1))::int + (rk8 > ceil(n * 0.5))::int + (rk8 > ceil(n * 0.99))::int AS pct8,
       CASE WHEN rk <= ceil(n * 0.2) THEN 'high' WHEN rk <= ceil(n * 0.5) THEN 'medium' ELSE 'low' END AS loyalty
FROM (SELECT shape, i, v, v::float8 AS v8, count(*) OVER (PARTITION BY shape) AS n,
             rank() OVER (PARTITION BY shape ORDER BY v DESC) AS rk,
             rank() OVER (PARTITION BY shape ORDER BY v::float8 DESC) AS rk8
      FROM wc) r;
CREATE TEMP TABLE wc_win AS
SELECT shape, i, value_tier(v) OVER w AS tier, value_tier(v::float8) OVER w AS tier8,
       percentile_tier(v, '{0.1,0.2,0.3,0.4,0.5,0.6,0.7,0.8,0.9}') OVER w AS decile,
       percentile_tier(v::float8, '{0.1,0.5,0.99}') OVER w AS pct8,
       loyalty_tier(v) OVER w AS loyalty
FROM wc WINDOW w AS (PARTITION BY shape);
SELECT p.shape, count(*) AS rows,
       count(*) FILTER (WHERE w.tier::text IS DISTINCT FROM p.tier) AS tier_wrong,
       count(*) FILTER (WHERE w.tier8::text IS DISTINCT FROM p.tier8) AS tier8_wrong,
       count(*) FILTER (WHERE w.decile IS DISTINCT FROM p.decile) AS decile_wrong,
       count(*) FILTER (WHERE w.pct8 IS DISTINCT FROM p.pct8) AS pct8_wrong,
       count(*) FILTER (WHERE w.loyalty::text IS DISTINCT FROM p.loyalty) AS loyalty_wrong
FROM wc_plain p JOIN wc_win w USING (shape, i)
GROUP BY p.shape ORDER BY p.shape;
-- the two-step form on the same shapes (value_summary's radix sort of the
-- keys) gives the same tiers
SELECT p.shape, count(*) FILTER (WHERE value_tier(w.v, c.c)::text IS DISTINCT FROM p.tier) AS twostep_wrong
FROM wc_plain p JOIN wc w USING (shape, i) JOIN (SELECT shape, value_cutoffs(v) AS c FROM wc GROUP BY shape) c USING (shape)
GROUP BY p.shape ORDER BY p.shape;
-- rfm_score (0.2.0's text form, now rfm_score_deprecated) on the same shapes (frequency and monetary), recency a
SELECT shape, count(*) AS rows, count(*) FILTER (WHERE ours <> plain) AS rfm_wrong FROM (
  SELECT shape, rfm_score_deprecated(r, v, -v) OVER (PARTITION BY shape) AS ours,
         pg_temp.ntile5(count(*) OVER (PARTITION BY shape ORDER BY r DESC), count(*) OVER (PARTITION BY shape))::text
         || pg_temp.ntile5(count(*) OVER (PARTITION BY shape ORDER BY v), count(*) OVER (PARTITION BY shape))::text
         || pg_temp.ntile5(count(*) OVER (PARTITION BY shape ORDER BY -v), count(*) OVER (PARTITION BY shape))::text AS plain
  FROM (SELECT shape, v, ((i * 7919) % 20011)::int AS r FROM wc) x) y
GROUP BY shape ORDER BY shape;
-- small partitions around the size where selection switches to insertion
-- sort, in every shape
SELECT count(*) AS rows, count(*) FILTER (WHERE w.tier::text IS DISTINCT FROM p.tier OR w.decile IS DISTINCT FROM p.decile) AS wrong
FROM (SELECT shape, i, n,
             CASE WHEN v > 0 AND rk <= ceil(m * 0.20 * 0.25) THEN 'vip' WHEN v > 0 AND rk <= ceil(m * 0.20) THEN 'important'
                  WHEN v > 0 THEN 'general' ELSE 'no_value' END AS tier,
             1 + (rk > ceil(m * 0.1))::int + (rk > ceil(m * 0.2))::int + (rk > ceil(m * 0.3))::int + (rk > ceil(m * 0.4))::int
               + (rk > ceil(m * 0.5))::int + (rk > ceil(m * 0.6))::int + (rk > ceil(m * 0.7))::int + (rk > ceil(m * 0.8))::int
               + (rk > ceil(m * 0.9))::int AS decile
      FROM (SELECT shape, i, n, v, count(*) OVER (PARTITION BY shape, n) AS m,
                   rank() OVER (PARTITION BY shape, n ORDER BY v DESC) AS rk
            FROM wc, generate_series(30, 34) n WHERE i < n) r) p
JOIN (SELECT shape, i, n, value_tier(v) OVER w AS tier,
             percentile_tier(v, '{0.1,0.2,0.3,0.4,0.5,0.6,0.7,0.8,0.9}') OVER w AS decile
      FROM wc, generate_series(30, 34) n WHERE i < n WINDOW w AS (PARTITION BY shape, n)) w USING (shape, i, n);
DROP TABLE wc, wc_plain, wc_win;
-- percentile_tier with many shares (up to 300, binary search of the tier)
-- on random partitions of 2 to 1,500 rows with ties, negatives and NULLs
SELECT setseed(0.321) \g /dev/null
CREATE TEMP TABLE rp AS
SELECT p, round((random() ^ 3 * 10 ^ (p % 9))::numeric, p % 3) * (CASE WHEN random() < 0.3 THEN -1 ELSE 1 END) AS v
FROM generate_series(1, 60) p, LATERAL generate_series(1, (p * 37) % 1500 + 2) i
UNION ALL SELECT p, NULL FROM generate_series(1, 60, 7) p;
CREATE TEMP TABLE sh AS
SELECT p, array_agg(s ORDER BY s) AS shares
FROM (SELECT DISTINCT p, round((random() * 0.98 + 0.01)::numeric, 3)::float8 AS s
      FROM generate_series(1, 60) p, generate_series(1, 1 + (p * 13 % 300))) x GROUP BY p;
SELECT count(*) AS rows, count(DISTINCT p) AS partitions, max(array_length(shares, 1)) AS max_shares,
       count(*) FILTER (WHERE ours IS DISTINCT FROM CASE WHEN v IS NOT NULL THEN 1 + (SELECT count(*) FROM unnest(shares) s WHERE rk > ceil(n * s::numeric)) END) AS wrong
FROM (SELECT rp.p, v, shares, percentile_tier(v, sh.shares) OVER (PARTITION BY rp.p) AS ours,
             rank() OVER (PARTITION BY rp.p ORDER BY v DESC NULLS LAST) AS rk, count(v) OVER (PARTITION BY rp.p) AS n
      FROM rp JOIN sh USING (p)) w;
DROP TABLE rp, sh;

-- the two-step aggregate under a forced parallel plan equals the serial one
:force_parallel_plan
ANALYZE tiers_gen;
EXPLAIN (COSTS OFF) SELECT value_cutoffs(net) FROM tiers_gen;
CREATE TEMP TABLE par AS SELECT branch, value_cutoffs(net) AS c FROM tiers_gen GROUP BY branch;
RESET :force_parallel_guc;
RESET parallel_leader_participation;
SET max_parallel_workers_per_gather = 0;
SELECT p.branch FROM par p FULL JOIN (SELECT branch, value_cutoffs(net) AS c FROM tiers_gen GROUP BY branch) s USING (branch)
WHERE p.c IS DISTINCT FROM s.c;
RESET ALL;
DROP TABLE tiers_gen;

-- shares that change within a partition: the detail shows both
SELECT value_tier(i::numeric, shares => ARRAY[0.05, 0.2 + i / 10.0]) OVER () FROM generate_series(1, 3) i;
SELECT percentile_tier(i::numeric, CASE WHEN i < 3 THEN ARRAY[0.1, 0.5] ELSE ARRAY[0.1, 0.5, 0.9] END) OVER () FROM generate_series(1, 3) i;
