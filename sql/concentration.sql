-- value concentration: top_share and the whale curve (src/concentration.c)
\set ECHO none
\i test/regress_helpers.sql
\set ECHO all

-- hand-checked: total 235; top 2 of 9 (ceil(9*0.2)) = 150; NULL ignored
CREATE TEMP TABLE h (net numeric);
INSERT INTO h VALUES (100), (50), (50), (20), (10), (0), (-5), (NULL), (7), (3);
SELECT top_share(net, 0.2) AS top20, top_share(net, 1) AS all_of_it,
       top_share(net::float8, 0.2) AS top20_float8, value_curve(net, 4) AS curve4
FROM h;
SELECT array_length(value_curve(net), 1) AS default_points, (value_curve(net))[100] AS last_point FROM h;

-- the whale curve rises above 1 when the bottom loses money
SELECT value_curve(v, 5) FROM (VALUES (10), (5), (1), (-2), (-4)) t(v);

-- documented results at the edges
SELECT top_share(v, 0.5) AS total_zero FROM (VALUES (5), (-5)) t(v);
SELECT top_share(v, 0.5) AS total_negative, value_curve(v, 2) AS curve_negative FROM (VALUES (1), (-5)) t(v);
SELECT top_share(v, 0.5) AS no_rows, value_curve(v) AS no_curve FROM (VALUES (1::numeric)) t(v) WHERE false;
SELECT top_share(v, 0.5) AS one_row, value_curve(v, 3) AS one_row_curve FROM (VALUES (7::numeric)) t(v);
SELECT top_share_final(top_share_partial(net), 0.2) = top_share(net, 0.2) AS from_summary,
       value_curve_final(value_curve_partial(net), 4) = value_curve(net, 4) AS curve_from_summary
FROM h;

-- bad input
SELECT pg_temp.expect_error($$SELECT top_share(net, 0) FROM h$$);
SELECT pg_temp.expect_error($$SELECT top_share(net, 1.5) FROM h$$);
SELECT pg_temp.expect_error($$SELECT top_share(net, 'NaN') FROM h$$);
SELECT pg_temp.expect_error($$SELECT top_share(net, NULL) FROM h$$);
SELECT pg_temp.expect_error($$SELECT value_curve(net, 1) FROM h$$);
SELECT pg_temp.expect_error($$SELECT value_curve(net, 100001) FROM h$$);
SELECT pg_temp.expect_error($$SELECT value_curve_final(value_curve_partial(net), 100001) FROM h$$);
SELECT pg_temp.expect_error($$SELECT top_share(v, 0.2) FROM (VALUES ('NaN'::float8)) t(v)$$);

-- NULL options.  fraction has no default: NULL is an error (above).  Over
-- no rows the options are never read (the final function reads only the
-- state, never the call): NULL, whatever the option
SELECT top_share(net, NULL) AS null_fraction, top_share(net, 2) AS bad_fraction,
       value_curve(net, 100001) AS bad_points
FROM h WHERE false;
-- points defaults to 100: NULL points means 100, in the aggregate, its
-- final function and the deprecated alias, as leaving it out does
SELECT value_curve(net, NULL) = value_curve(net) AS aggregate_null_is_100,
       array_length(value_curve(net::float8, NULL), 1) AS float8_points,
       value_curve_final(value_curve_partial(net), NULL) = value_curve_final(value_curve_partial(net)) AS final_null_is_100,
       value_curve(value_curve_partial(net), NULL) = value_curve_final(value_curve_partial(net)) AS alias_null_is_100,
       value_curve_partial(net::float8) IS NOT NULL AS partial
FROM h;
-- the state keeps the 100 that NULL stands for
SELECT value_summary_add(NULL, 5, NULL::int)::text AS state_of_null_points;
-- rows with NULL points and rows with 100 agree; another number does not
SELECT array_length(value_curve(net, CASE WHEN net > 10 THEN NULL ELSE 100 END), 1) AS mixed_null_and_100 FROM h;
SELECT pg_temp.expect_error($$SELECT value_curve(net, CASE WHEN net > 10 THEN NULL ELSE 50 END) FROM h$$);
-- value_curve_final: a NULL summary (no rows) gives NULL, once the points
-- it is given are checked
SELECT value_curve(net, NULL) AS no_rows_null_points, value_curve_final(NULL, NULL) AS no_summary,
       value_curve_final(NULL) AS no_summary_default FROM h WHERE false;
SELECT pg_temp.expect_error($$SELECT value_curve_final(NULL, 1)$$);
SELECT pg_temp.expect_error($$SELECT value_curve(net::float8, 100001) FROM h$$);
-- the aggregates' own final functions on a summary they did not build
SELECT pg_temp.expect_error($$SELECT top_share_aggfinal(top_share_partial(net)) FROM h$$);
SELECT pg_temp.expect_error($$SELECT top_share_aggfinal('v1;numeric;0;100;-;2;1,2')$$);
SELECT pg_temp.expect_error($$SELECT top_share_aggfinal('v2;numeric;0;shares;0.05;0.2;2;1,2')$$);
SELECT pg_temp.expect_error($$SELECT top_share_aggfinal('v1;numeric;0;0.2;0.25;2;1,2')$$);
SELECT pg_temp.expect_error($$SELECT value_curve_aggfinal('v1;numeric;0;0.2;-;2;1,2')$$);
SELECT pg_temp.expect_error($$SELECT value_curve_aggfinal('v2;numeric;0;shares;0.05;0.2;2;1,2')$$);
SELECT top_share_aggfinal('v1;numeric;0;0.5;-;2;1,3') AS kept_fraction,
       value_curve_aggfinal('v1;numeric;0;-;-;2;1,3') = value_curve_final('v1;numeric;0;-;-;2;1,3') AS no_points_is_100;

-- agreement with plain SQL on 50,000 generated rows (zero rows = pass)
SELECT setseed(0.5) \g /dev/null
CREATE TEMP TABLE gen AS
SELECT i % 3 AS grp, round((exp(random() * 9) - 60)::numeric, 2) AS net FROM generate_series(1, 50000) i;
WITH r AS (SELECT grp, net, row_number() OVER (PARTITION BY grp ORDER BY net DESC) AS rn,
                  count(*) OVER (PARTITION BY grp) AS n, sum(net) OVER (PARTITION BY grp) AS total FROM gen),
     plain AS (SELECT grp,
                      sum(net) FILTER (WHERE rn <= ceil(n * 0.2)) / min(total) AS top20,
                      sum(net) FILTER (WHERE rn <= ceil(n * 0.05)) / min(total) AS top5,
                      sum(net) FILTER (WHERE rn <= ceil(n * 37 / 100.0)) / min(total) AS curve37
               FROM r GROUP BY grp),
     ours AS (SELECT grp, top_share(net, 0.2) AS top20, top_share(net, 0.05) AS top5,
                     (value_curve(net, 100))[37] AS curve37 FROM gen GROUP BY grp)
SELECT * FROM plain JOIN ours USING (grp)
WHERE abs(plain.top20 - ours.top20::numeric) > 1e-12 OR abs(plain.top5 - ours.top5::numeric) > 1e-12
   OR abs(plain.curve37 - ours.curve37::numeric) > 1e-12;

-- a share is the exact quotient of the exact sums rounded once to float8,
-- also for sums beyond 2^53 and 2^64 units of 0.0001 (values near the
-- largest rankable one): equal to numeric division with 40 decimals, then
-- float8
WITH v AS (SELECT 922337203685477.5807 - i * 12345.6789 * (i % 7) AS net FROM generate_series(1, 20000) i),
     r AS (SELECT net, row_number() OVER (ORDER BY net DESC) AS rn, count(*) OVER () AS n FROM v),
     f AS (SELECT unnest('{0.01,0.37,0.5,0.99}'::float8[]) AS fraction)
SELECT fraction,
       (SELECT top_share(net, fraction) FROM v) =
       (SELECT (sum(net) FILTER (WHERE rn <= ceil(n * fraction::numeric))::numeric(1000, 40) / sum(net))::float8 FROM r) AS exact
FROM f ORDER BY fraction;
