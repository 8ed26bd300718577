-- trading behaviour: holding classes and risk appetite (src/classes.c), avg_holding_days (src/holding.c), dormancy and RFM (src/rfm.c)
\set ECHO none
\i test/regress_helpers.sql
\set ECHO all
\pset null '~'

-- holding style at the boundaries (a boundary starts the next class, as in
-- width_bucket), custom boundaries, finer classes with labels
SELECT d, holding_style(d) AS style, holding_style(d, '{30,90}') AS custom,
       holding_class(d, '{7,30,90,180,365}', '{day,week,month,quarter,half_year,year}') AS class,
       width_bucket(d, ARRAY[60, 180]::numeric[]) AS width_bucket
FROM unnest(ARRAY[0, 6.5, 7, 59.99, 60, 179.5, 180, 364, 365, 10000, NULL]::numeric[]) d;
SELECT 'long_term'::holding_style_label > 'short_term' AS ordered;
SELECT pg_temp.expect_error($$SELECT holding_style(-1)$$);
SELECT pg_temp.expect_error($$SELECT holding_style('NaN'::numeric)$$);
SELECT pg_temp.expect_error($$SELECT holding_style(10, '{180,60}')$$);
SELECT pg_temp.expect_error($$SELECT holding_style(10, '{60}')$$);
SELECT pg_temp.expect_error($$SELECT holding_style(10, '{60,NULL}')$$);
-- NULL boundaries are the default ones
SELECT holding_style(100, NULL) AS null_boundaries, holding_style(100) AS default_boundaries;
SELECT pg_temp.expect_error($$SELECT holding_class(10, '{7,30}', '{a,b}')$$);
SELECT pg_temp.expect_error($$SELECT holding_class(10, '{7,30}', NULL)$$);
SELECT pg_temp.expect_error($$SELECT holding_class(10, '{}', '{a}')$$);
-- per-row boundaries under the same labels: the counts are checked on every
-- row (boundaries that grow must not reach past the labels, nor shrink to a
-- wrong label)
SELECT pg_temp.expect_error($$SELECT holding_class(v, b, '{a,b,c}')
  FROM (VALUES (0.5, '{1,2}'::int[]), (10, '{1,2,3,4}'::int[])) t(v, b)$$);
SELECT pg_temp.expect_error($$SELECT holding_class(v, b, '{a,b,c}')
  FROM (VALUES (0.5, '{1,2}'::int[]), (10, '{1}'::int[])) t(v, b)$$);
SELECT v, b, l, holding_class(v, b, l)
FROM (VALUES (0.5, '{1,2}'::int[], '{a,b,c}'::text[]), (10, '{1,2,3,4}', '{p,q,r,s,t}'),
             (3, '{1,2,3,4}', '{p,q,r,s,t}'), (1.5, '{1,2}', '{a,b,c}')) t(v, b, l);

-- risk appetite from the share of high-risk products, with the default or
-- other boundaries (fractions too, since 0.3.0)
SELECT s, risk_appetite(s) AS by_share, risk_appetite(s, '{0.40,0.75}') AS by_score
FROM unnest(ARRAY[0, 0.29, 0.3, 0.5, 0.7, 0.71, 1, NULL]::numeric[]) s;
SELECT pg_temp.expect_error($$SELECT risk_appetite(-0.1)$$);
SELECT pg_temp.expect_error($$SELECT risk_appetite(0.5, '{0.7,0.3}')$$);
SELECT pg_temp.expect_error($$SELECT risk_appetite(0.5, '{0.3,0.7,0.9}')$$);

-- dormancy: more than `days` days without a trade, or never traded
SELECT l, is_dormant(l, '2026-06-30') AS d180, is_dormant(l, '2026-06-30', 30) AS d30
FROM unnest(ARRAY['2026-06-30', '2026-05-31', '2026-05-30', '2026-01-01', '2025-12-31', NULL]::date[]) l;
SELECT is_dormant('2026-01-01', NULL) AS null_as_of;
SELECT pg_temp.expect_error($$SELECT is_dormant('2026-01-01', '2026-06-30', 0)$$);
SELECT pg_temp.expect_error($$SELECT is_dormant('-infinity', '2026-06-30')$$);

-- avg_holding_days from turnover: assets 100,000 turned over once a year
-- (100,000 bought and 100,000 sold) are held 365 days on average
SELECT avg_holding_days(round(v, 1200), 100000, 365) = 365 AS scale_1200_ok
FROM (VALUES (100000), (-100000)) t(v);
SELECT avg_holding_days(v, 100000, 365) AS once_a_year,
       avg_holding_days(v, 100000, 365) FILTER (WHERE v > 0) AS half_the_trades
FROM (VALUES (60000.00), (-60000.00), (40000.00), (-40000.00)) t(v);
SELECT avg_holding_days(v, 100000, 365) AS no_trades FROM (VALUES (1.0)) t(v) WHERE false;
SELECT avg_holding_days(v, 0, 365) AS no_assets FROM (VALUES (10.0)) t(v);
SELECT avg_holding_days_partial(v, 100000, 365) AS state FROM (VALUES (60000.00), (-60000.00)) t(v);
SELECT avg_holding_days_final(avg_holding_days_merge(s)) AS merged
FROM (SELECT avg_holding_days_partial(v, 100000, 365) AS s FROM (VALUES (60000.00), (-60000.00), (40000.00), (-40000.00)) t(v) GROUP BY v > 0) x;
SELECT pg_temp.expect_error($$SELECT avg_holding_days(v, a, 365) FROM (VALUES (1.0, 10), (1.0, 20)) t(v, a)$$);
SELECT pg_temp.expect_error($$SELECT avg_holding_days(1.0, 10, 0)$$);
SELECT pg_temp.expect_error($$SELECT avg_holding_days(1.0, -10, 365)$$);
SELECT pg_temp.expect_error($$SELECT avg_holding_days(0.00001, 10, 365)$$);
SELECT pg_temp.expect_error($$SELECT avg_holding_days_final('{1,2}')$$);
SELECT pg_temp.expect_error($$SELECT avg_holding_add(NULL, 1, 1, 1)$$);
-- equal to the plain-SQL turnover formula per customer (zero rows = pass)
SELECT setseed(0.17) \g /dev/null
CREATE TABLE beh_trades AS
SELECT i % 2000 AS customer_id, round(((random() - 0.5) * 20000)::numeric, 2) AS v,
       (i % 2000) * 100 + 500.50 AS assets
FROM generate_series(1, 60000) i;
ANALYZE beh_trades;
SELECT * FROM (SELECT customer_id, avg_holding_days(v, assets, 365) AS ours,
                      min(assets) * 365 * 2 / nullif(sum(abs(v)), 0) AS plain
               FROM beh_trades GROUP BY customer_id) x
WHERE ours IS DISTINCT FROM plain;

-- RFM: hand-checked quintiles (recency: fewer days is better)
SELECT id, r, f, m, rfm_score_deprecated(r, f, m) OVER () AS score, rfm_segment(rfm_score_deprecated(r, f, m) OVER ()) AS segment
FROM (VALUES (1, 3, 40, 900.00), (2, 10, 30, 50.00), (3, 30, 20, 400.00), (4, 60, 10, 20.00),
             (5, 90, 5, 10.00), (6, 200, 1, 5.00), (7, 365, 2, 1000.00), (8, 1, 100, 5000.00),
             (9, 15, NULL, 1.00), (10, 400, 1, 0.00)) t(id, r, f, m)
ORDER BY id;
-- fewer than five customers: each gets its own quintile, as ntile(5) does
SELECT m, rfm_score_deprecated(1, 1, m) OVER () FROM unnest(ARRAY[10, 20, 30]::numeric[]) m;
-- the segment grid, every R and FM cell
SELECT r, string_agg(rfm_segment(r::text || fm || fm)::text, ' ' ORDER BY fm) AS "FM = 1 .. 5"
FROM generate_series(1, 5) r, generate_series(1, 5) fm GROUP BY r ORDER BY r DESC;
-- (a bare literal would be read as a cast to the enum: say ::text)
SELECT rfm_segment('512'::text) AS fm_rounds_up;
SELECT pg_temp.expect_error($$SELECT rfm_segment('506'::text)$$);
SELECT pg_temp.expect_error($$SELECT rfm_segment('5555'::text)$$);
SELECT pg_temp.expect_error($$SELECT rfm_score_deprecated(1, 'NaN', 1) OVER ()$$);
SELECT pg_temp.expect_error($$SELECT rfm_score_deprecated(1, 1, 0.00001) OVER ()$$);

-- generated customers: with distinct values, equal to three ntile(5)
-- windows; with ties, equal to ntile's bucket of the last tied row (zero
-- rows = pass)
SELECT setseed(0.29) \g /dev/null
CREATE TEMP TABLE rfm_gen AS
SELECT i, ((i * 7919::bigint) % 50021)::int AS r_distinct, (i * 104729::bigint) % 50023 AS f_distinct, (i * 15485863::bigint) % 50033 AS m_distinct,
       (random() * 365)::int AS r, (random() * 30)::int AS f, round((random() * 5000)::numeric, 0) AS m
FROM generate_series(1, 50000) i;
SELECT count(DISTINCT r_distinct) = 50000 AND count(DISTINCT f_distinct) = 50000 AND count(DISTINCT m_distinct) = 50000 AS distinct_values FROM rfm_gen;
SELECT * FROM (
  SELECT i, rfm_score_deprecated(r_distinct, f_distinct, m_distinct) OVER () AS ours,
         ntile(5) OVER (ORDER BY r_distinct DESC)::text || ntile(5) OVER (ORDER BY f_distinct)::text
           || ntile(5) OVER (ORDER BY m_distinct)::text AS plain
  FROM rfm_gen) x
WHERE ours <> plain;
SELECT * FROM (
  SELECT i, rfm_score_deprecated(r, f, m) OVER (PARTITION BY i % 2) AS ours,
         pg_temp.ntile5(count(*) OVER (PARTITION BY i % 2 ORDER BY r DESC), count(*) OVER (PARTITION BY i % 2))::text
         || pg_temp.ntile5(count(*) OVER (PARTITION BY i % 2 ORDER BY f), count(*) OVER (PARTITION BY i % 2))::text
         || pg_temp.ntile5(count(*) OVER (PARTITION BY i % 2 ORDER BY m), count(*) OVER (PARTITION BY i % 2))::text AS plain
  FROM rfm_gen) x
WHERE ours <> plain;
SELECT rfm_segment(s) AS segment, count(*) FROM (SELECT rfm_score_deprecated(r, f, m) OVER () AS s FROM rfm_gen) x GROUP BY 1 ORDER BY 1;

DROP TABLE beh_trades;

-- NULL options (the API contract's rule 7): NULL boundaries are the default
-- ones, also after other boundaries at the same call site
SELECT v, b, holding_style(v, b) AS style
FROM (VALUES (100, '{30,90}'::int[]), (100, NULL), (200, NULL), (10, '{5,8}')) t(v, b);
SELECT v, b, risk_appetite(v, b) AS appetite
FROM (VALUES (0.5, '{0.1,0.4}'::numeric[]), (0.5, NULL), (0.8, NULL), (0.2, '{0.1,0.4}')) t(v, b);
SELECT risk_appetite(0.3, NULL) AS on_the_boundary, risk_appetite(NULL, NULL) AS null_share;
-- holding_class has no defaults: NULL boundaries or labels are errors whose
-- hint says what to pass
SELECT holding_class(5, NULL, '{a}');
SELECT holding_class(5, '{7}', NULL);
-- shape errors name the array
SELECT holding_style(5, '{60}');
SELECT holding_class(5, '{7,30}', '{a,b}');
-- is_dormant: a NULL days is 180; a NULL as_of gives NULL; days is checked
-- even on a NULL row
SELECT is_dormant(DATE '2026-01-01', DATE '2026-06-30', NULL) AS null_days,
       is_dormant(DATE '2026-01-01', DATE '2026-06-30') AS default_days,
       is_dormant(DATE '2026-01-02', DATE '2026-06-30', NULL) AS day_179,
       is_dormant(DATE '2026-01-01', NULL, NULL) AS null_as_of;
SELECT is_dormant(DATE '2026-01-01', NULL, 0);
-- errors that name the offending array: rfm_score's breakpoints of the
-- wrong shape, a hand-made avg_holding_days state
SELECT rfm_score(1, 1, 1, recency_breaks => '{}') OVER ();
SELECT rfm_score(1, 1, 1, monetary_breaks => '{{1,2},{3,4}}') OVER ();
SELECT avg_holding_days_final('{1,2}');
