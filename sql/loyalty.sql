-- loyalty scores and tiers (src/loyalty.c)
\set ECHO none
\i test/regress_helpers.sql
\set ECHO all
\pset null '~'

-- hand-checked: a new customer, a year-old one, the best and the worst
SELECT loyalty_score(0, 0, 0, 0) AS new_no_discount,
       loyalty_score(365, 12, 0.10, 1) AS one_year,
       loyalty_score(3650, 250, 0, 1000000, 1000000) AS near_best,
       loyalty_score(0, 0, 1, 0, 0) AS worst,
       loyalty_score(7300, 10000, 0, 2, 2, '{0,0,0,1,1}') AS referrals_only;
-- NULL measures give NULL; new_products has a default (0), which a NULL means
SELECT loyalty_score(NULL, 1, 0, 0) AS n1, loyalty_score(1, NULL, 0, 0) AS n2, loyalty_score(1, 1, NULL, 0) AS n3,
       loyalty_score(1, 1, 0, NULL) AS n4, loyalty_score(1, 1, 0, 0, NULL) AS n5, loyalty_score(1, 1, 0, 0) AS n5_omitted;
-- bad input and weights
SELECT pg_temp.expect_error($$SELECT loyalty_score(-1, 1, 0, 0)$$);
SELECT pg_temp.expect_error($$SELECT loyalty_score(1, -1, 0, 0)$$);
SELECT pg_temp.expect_error($$SELECT loyalty_score(1, 'NaN', 0, 0)$$);
SELECT pg_temp.expect_error($$SELECT loyalty_score(1, 'Infinity', 0, 0)$$);
SELECT pg_temp.expect_error($$SELECT loyalty_score(1, 1, 1.5, 0)$$);
SELECT pg_temp.expect_error($$SELECT loyalty_score(1, 1, -0.1, 0)$$);
SELECT pg_temp.expect_error($$SELECT loyalty_score(1, 1, 0, -2)$$);
SELECT pg_temp.expect_error($$SELECT loyalty_score(1, 1, 0, 0, -1)$$);
SELECT pg_temp.expect_error($$SELECT loyalty_score(1, 1, 0, 0, 0, '{0,0,0,0,0}')$$);
SELECT pg_temp.expect_error($$SELECT loyalty_score(1, 1, 0, 0, 0, '{1,1,1,1,-1}')$$);
SELECT pg_temp.expect_error($$SELECT loyalty_score(1, 1, 0, 0, 0, '{1,1,1,1}')$$);
SELECT pg_temp.expect_error($$SELECT loyalty_score(1, 1, 0, 0, 0, '{1,1,1,1,NaN}')$$);
-- NULL weights are the default ones
SELECT loyalty_score(1, 1, 0, 0, 0, NULL) AS null_weights, loyalty_score(1, 1, 0, 0, 0) AS default_weights;
-- huge values saturate
SELECT loyalty_score(2147483647, 1e15, 0, 2147483647, 2147483647) AS huge;

-- the SQL formula of docs/loyalty.md gives the same scores on generated customers
SELECT setseed(0.61) \g /dev/null
CREATE TEMP TABLE loy_gen AS
SELECT i, (random() * 6000)::int AS tenure, round((random() * 400)::numeric, (i % 3)) AS trades,
       round(random()::numeric, 3) AS discount, (random() * 8)::int AS referrals, (random() * 5)::int AS products
FROM generate_series(1, 50000) i;
SELECT count(*) AS differ FROM loy_gen
WHERE loyalty_score(tenure, trades, discount, referrals, products) IS DISTINCT FROM
      round((100 * (0.30::float8 * least(tenure / 3650.0::float8, 1)
                  + 0.25::float8 * least(ln(1 + trades::float8) / ln(251::float8), 1)
                  + 0.20::float8 * (1 - discount::float8)
                  + 0.15::float8 * (referrals / (referrals + 2.0::float8))
                  + 0.10::float8 * (products / (products + 2.0::float8)))
             / (0.30::float8 + 0.25::float8 + 0.20::float8 + 0.15::float8 + 0.10::float8))::numeric, 2);

-- rounding to 2 decimals is round(x::numeric, 2) exactly, also where the
-- float8 score lies a hair below or above a half cent (100 * (1 - d) for d
-- in steps of 0.000005: every half cent, each side of it)
SELECT count(*) AS scores,
       count(*) FILTER (WHERE loyalty_score(0, 0, d, 0, 0, '{0,0,1,0,0}')
                        IS DISTINCT FROM round((100 * (1 - d::float8))::numeric, 2)) AS differ,
       count(*) FILTER (WHERE loyalty_score(0, 0, d, 0, 0, '{0,0,0.7,0.2,0}')
                        IS DISTINCT FROM round((100 * (0.7::float8 * (1 - d::float8)) / (0.7::float8 + 0.2::float8))::numeric, 2)) AS differ_weighted
FROM (SELECT (i / 200000.0)::numeric AS d FROM generate_series(0, 200000) i) s;

-- properties over a grid: more tenure, trades, referrals or new products
-- never lower the score, a larger discount never raises it, and it stays in
-- [0, 100] (zero rows = pass)
CREATE TEMP TABLE grid AS
SELECT t, tr, d, r, p, loyalty_score(t, tr, d, r, p) AS s
FROM unnest(ARRAY[0, 30, 365, 1000, 3650, 5000]) t, unnest(ARRAY[0, 1, 12, 100, 250, 1000]::numeric[]) tr,
     unnest(ARRAY[0, 0.1, 0.5, 1]::numeric[]) d, unnest(ARRAY[0, 1, 5]) r, unnest(ARRAY[0, 2, 10]) p;
SELECT count(*) AS grid_points, min(s), max(s) FROM grid;
SELECT * FROM grid a JOIN grid b ON (b.tr, b.d, b.r, b.p) = (a.tr, a.d, a.r, a.p) AND b.t > a.t WHERE b.s < a.s;
SELECT * FROM grid a JOIN grid b ON (b.t, b.d, b.r, b.p) = (a.t, a.d, a.r, a.p) AND b.tr > a.tr WHERE b.s < a.s;
SELECT * FROM grid a JOIN grid b ON (b.t, b.tr, b.r, b.p) = (a.t, a.tr, a.r, a.p) AND b.d > a.d WHERE b.s > a.s;
SELECT * FROM grid a JOIN grid b ON (b.t, b.tr, b.d, b.p) = (a.t, a.tr, a.d, a.p) AND b.r > a.r WHERE b.s < a.s;
SELECT * FROM grid a JOIN grid b ON (b.t, b.tr, b.d, b.r) = (a.t, a.tr, a.d, a.r) AND b.p > a.p WHERE b.s < a.s;
SELECT * FROM grid WHERE NOT s BETWEEN 0 AND 100;

-- loyalty_tier: top 20% high, next 30% medium, ties share the better tier
SELECT s, loyalty_tier(s) OVER () AS tier, loyalty_tier(s, '{0.1,0.2}') OVER () AS narrow
FROM unnest(ARRAY[10, 20, 30, 40, 50, 60, 70, 80, 80, 100, NULL]::numeric[]) s ORDER BY s;
SELECT loyalty_tier(s, '{0.5,1}') OVER () AS two_tiers FROM unnest(ARRAY[1, 2]::numeric[]) s;
SELECT pg_temp.expect_error($$SELECT loyalty_tier(s, '{0,0.3}') OVER () FROM unnest(ARRAY[1]::numeric[]) s$$);
SELECT pg_temp.expect_error($$SELECT loyalty_tier(s, '{0.8,1.1}') OVER () FROM unnest(ARRAY[1]::numeric[]) s$$);
SELECT pg_temp.expect_error($$SELECT loyalty_tier(s, '{0.2,NULL}') OVER () FROM unnest(ARRAY[1]::numeric[]) s$$);
-- the deprecated 0.2.0 form (medium_share added to high_share) keeps its meaning
SELECT s, loyalty_tier_deprecated(s, 0.1, 0.1) OVER () AS deprecated_narrow
FROM unnest(ARRAY[10, 20, 30, 40, 50, 60, 70, 80, 80, 100, NULL]::numeric[]) s ORDER BY s;
SELECT pg_temp.expect_error($$SELECT loyalty_tier_deprecated(s, 0.8, 0.3) OVER () FROM unnest(ARRAY[1]::numeric[]) s$$);
-- equal to the rank rule on the generated scores, per partition (zero rows = pass)
SELECT * FROM (
  SELECT i, loyalty_tier(s) OVER (PARTITION BY i % 3) AS tier,
         CASE WHEN rk <= ceil(n * 0.2) THEN 'high' WHEN rk <= ceil(n * 0.5) THEN 'medium' ELSE 'low' END AS plain
  FROM (SELECT i, s, rank() OVER (PARTITION BY i % 3 ORDER BY s DESC) AS rk, count(*) OVER (PARTITION BY i % 3) AS n
        FROM (SELECT i, loyalty_score(tenure, trades, discount, referrals, products) AS s FROM loy_gen) x) y) z
WHERE tier::text <> plain;

-- NULL options (the API contract's rule 7): NULL weights are the default
-- ones, also after other weights at the same call site; NULL new_products
-- is 0
SELECT w, loyalty_score(365, 12, 0.1, 1, 2, w) AS score
FROM (VALUES ('{1,0,0,0,0}'::float8[]), (NULL), ('{0,0,0,0,1}'), (NULL)) t(w);
SELECT loyalty_score(365, 12, 0.1, 1, NULL) = loyalty_score(365, 12, 0.1, 1, 0) AS null_products_is_zero;
-- bad weights name the weights
SELECT loyalty_score(365, 12, 0.1, 1, 2, '{1,2}');
SELECT loyalty_score(365, 12, 0.1, 1, 2, '{1,1,-1,1,1}');
SELECT loyalty_score(365, 12, 0.1, 1, 2, '{0,0,0,0,0}');
-- loyalty_tier_deprecated: NULL shares are the defaults 0.2 and 0.3
SELECT s, loyalty_tier_deprecated(s, NULL, NULL) OVER () AS null_shares, loyalty_tier_deprecated(s) OVER () AS defaults
FROM unnest(ARRAY[10, 20, 30, 40, 50, 60, 70, 80, 90, 100]::numeric[]) s ORDER BY s;
SELECT loyalty_tier_deprecated(s, 0.8, 0.3) OVER () FROM unnest(ARRAY[1]::numeric[]) s;

-- ---------------------------------------------------------------------
-- Two-step tiers: loyalty_cutoffs (or its _partial/_merge/_final trio),
-- then loyalty_tier_of(score, cutoffs) per row, equal to
-- loyalty_tier(score, shares) OVER () on every data shape and share set
-- ---------------------------------------------------------------------
\pset null '~'
CREATE TEMP TABLE loy_shapes AS
SELECT 'generated' AS shape, i, loyalty_score(tenure, trades, discount, referrals, products) AS s FROM loy_gen
UNION ALL SELECT 'distinct', i, ((i * 7919) % 5003) / 100.0 FROM generate_series(1, 5000) i
UNION ALL SELECT 'ties', i, (i % 7) * 10.5 FROM generate_series(1, 3000) i
UNION ALL SELECT 'equal', i, 42.42 FROM generate_series(1, 400) i
UNION ALL SELECT 'one row', 1, 55
UNION ALL SELECT 'nulls', i, CASE WHEN i % 3 = 0 THEN i END FROM generate_series(1, 30) i
UNION ALL SELECT 'only nulls', i, NULL FROM generate_series(1, 3) i;
CREATE TEMP TABLE loy_share_sets AS
SELECT * FROM (VALUES ('{0.2,0.5}'::float8[]), ('{0.1,0.3}'), ('{0.05,0.2}'), ('{0.5,1}'), ('{0.001,0.002}'),
                      ('{0.999,1}'), ('{0.3333333333333333,0.6666666666666666}')) t(shares);
CREATE TEMP TABLE loy_cuts AS
SELECT shape, shares, loyalty_cutoffs(s, shares) AS c FROM loy_shapes CROSS JOIN loy_share_sets GROUP BY shape, shares;
-- rows compared per shape, and the rows where the forms differ (0 = pass)
SELECT x.shape, count(*) AS rows_compared,
       count(*) FILTER (WHERE loyalty_tier_of(x.s, c.c) IS DISTINCT FROM x.w) AS differ
FROM (SELECT d.shape, t.shares, d.s, loyalty_tier(d.s, t.shares) OVER (PARTITION BY d.shape, t.shares) AS w
      FROM loy_shapes d CROSS JOIN loy_share_sets t) x
JOIN loy_cuts c USING (shape, shares)
GROUP BY x.shape ORDER BY x.shape;
SELECT shape, c FROM loy_cuts WHERE shares = '{0.2,0.5}' ORDER BY shape;
-- the default shares, and NULL shares, are {0.2,0.5}
SELECT loyalty_cutoffs(s) = c AS default_shares, loyalty_cutoffs(s, NULL) = c AS null_shares
FROM loy_shapes JOIN loy_cuts USING (shape) WHERE shape = 'generated' AND shares = '{0.2,0.5}' GROUP BY c;
-- the trio: parts stored as text, merged in either order, read with any
-- shares, give the one-step cut-offs (zero rows = pass)
CREATE TEMP TABLE loy_parts AS
SELECT shape, i % 5 AS part, loyalty_cutoffs_partial(s)::text AS st FROM loy_shapes GROUP BY shape, i % 5;
SELECT c.shape, c.shares FROM loy_cuts c
JOIN (SELECT shape, loyalty_cutoffs_merge(st::value_summary ORDER BY part) AS a,
             loyalty_cutoffs_merge(st::value_summary ORDER BY part DESC) AS b
      FROM loy_parts GROUP BY shape) p USING (shape)
WHERE loyalty_cutoffs_final(p.a, c.shares) IS DISTINCT FROM c.c
   OR loyalty_cutoffs_final(p.b, c.shares) IS DISTINCT FROM c.c;
-- the aggregate's state keeps its shares for the one-argument final function
SELECT loyalty_cutoffs_final(x) = loyalty_cutoffs_final(x, '{0.1,0.3}') AS shares_kept,
       loyalty_cutoffs_final(x) <> loyalty_cutoffs_final(x, NULL) AS not_the_default
FROM (SELECT loyalty_cutoffs_merge(loyalty_cutoffs_add(NULL, g, '{0.1,0.3}')) AS x FROM generate_series(1, 10) g) t;
-- under a forced parallel plan, the serial cut-offs (zero rows = pass)
:force_parallel_plan
SELECT c.shape, c.shares FROM loy_cuts c
JOIN (SELECT shape, shares, loyalty_cutoffs(s, shares) AS p FROM loy_shapes CROSS JOIN loy_share_sets
      GROUP BY shape, shares) p USING (shape, shares)
WHERE p.p IS DISTINCT FROM c.c;
RESET ALL;
\pset null '~'
-- NULLs: a NULL score or cut-offs give NULL; no rows give (0,,), and any
-- score is then low
SELECT loyalty_tier_of(NULL, c) AS null_score, loyalty_tier_of(50, NULL) AS null_cutoffs
FROM loy_cuts WHERE shape = 'generated' AND shares = '{0.2,0.5}';
SELECT loyalty_cutoffs(s) AS no_rows, loyalty_tier_of(50, loyalty_cutoffs(s)) AS tier FROM loy_shapes WHERE false;
SELECT loyalty_cutoffs_final(NULL, NULL) AS null_summary;
-- errors: shares as the window form checks them, shares that change
-- within a group, cut-offs out of order, a float8 summary
SELECT loyalty_cutoffs(s, '{0.5,0.2}') FROM loy_shapes;
SELECT loyalty_cutoffs(s, '{0.2}') FROM loy_shapes;
SELECT loyalty_cutoffs(s, CASE WHEN i < 10 THEN '{0.1,0.2}' ELSE '{0.2,0.5}' END::float8[]) FROM loy_shapes;
SELECT loyalty_tier_of(50, ROW(10, 40, 60)::loyalty_cutoffs_row);
SELECT loyalty_cutoffs_final(top_share_partial(1::float8), NULL);
