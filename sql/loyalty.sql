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
