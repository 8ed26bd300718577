-- RFM (src/rfm.c): the typed score rfm_score_row, bins and breakpoints,
-- R's rfm cut-points, segment maps
\set ECHO none
\i test/regress_helpers.sql
\set ECHO all
\pset null '~'

-- Generated customers: recency, frequency and monetary with many ties
-- (whole days, small counts, skewed money) and a NULL in each measure now
-- and then; three partitions.
SELECT setseed(0.47) \g /dev/null
CREATE TEMP TABLE rfm_data AS
SELECT i, i % 3 AS g,
       CASE WHEN i % 97 = 0 THEN NULL ELSE (random() * 400)::int END AS r,
       CASE WHEN i % 89 = 0 THEN NULL ELSE (random() * random() * 30)::int::numeric END AS f,
       CASE WHEN i % 83 = 0 THEN NULL ELSE round((random() * random() * 5000)::numeric, 2) END AS m
FROM generate_series(1, 20000) i;
SELECT count(*) AS rows, count(*) FILTER (WHERE r IS NULL OR f IS NULL OR m IS NULL) AS with_null,
       count(DISTINCT r) AS r_values, count(DISTINCT f) AS f_values, count(DISTINCT m) AS m_values
FROM rfm_data;

-- ---------------------------------------------------------------------
-- 1. The typed score: rfm_score(...) returns rfm_score_row (r, f, m)
-- ---------------------------------------------------------------------

-- hand-checked quintiles (recency: fewer days is better); each part reads
-- as an int
SELECT id, s AS score, (s).r, (s).f, (s).m, rfm_segment(s) AS segment
FROM (SELECT id, rfm_score(r, f, m) OVER () AS s
      FROM (VALUES (1, 3, 40, 900.00), (2, 10, 30, 50.00), (3, 30, 20, 400.00), (4, 60, 10, 20.00),
                   (5, 90, 5, 10.00), (6, 200, 1, 5.00), (7, 365, 2, 1000.00), (8, 1, 100, 5000.00),
                   (9, 15, NULL, 1.00), (10, 400, 1, 0.00)) t(id, r, f, m)) x
ORDER BY id;

-- the same bins as 0.2.0's text score, now rfm_score_deprecated (zero rows = pass)
SELECT * FROM (
  SELECT i, rfm_score(r, f, m) OVER w AS s, rfm_score_deprecated(r, f, m) OVER w AS old
  FROM rfm_data WINDOW w AS (PARTITION BY g)) x
WHERE ((s).r::text || (s).f || (s).m) IS DISTINCT FROM old;

-- GROUP BY, ORDER BY (r, then f, then m), comparisons and indexes work on
-- the score as on any row value
CREATE TEMP TABLE rfm_scored AS SELECT i, rfm_score(r, f, m) OVER () AS s FROM rfm_data;
CREATE INDEX ON rfm_scored (s);
CREATE INDEX ON rfm_scored (((s).r));
SELECT s, count(*) FROM rfm_scored WHERE s >= ROW(5, 5, 4)::rfm_score_row GROUP BY s ORDER BY s;
SELECT (s).r, count(*) FROM rfm_scored GROUP BY 1 ORDER BY 1;
SET enable_seqscan = off;
SELECT count(*) AS champions_555 FROM rfm_scored WHERE s = ROW(5, 5, 5)::rfm_score_row;
SELECT count(*) AS recent FROM rfm_scored WHERE (s).r = 5;
RESET enable_seqscan;

-- a query that treated the score as text fails instead of changing meaning
SELECT pg_temp.expect_error($$SELECT rfm_score(1, 1, 1) OVER () = '555'$$);
SELECT pg_temp.expect_error($$SELECT substr(rfm_score(1, 1, 1) OVER (), 1, 1)$$);

-- rfm_segment(rfm_score_row) is the 0.2.0 grid: every score, as the text
-- form gives it (zero rows = pass)
SELECT r, f, m FROM generate_series(1, 5) r, generate_series(1, 5) f, generate_series(1, 5) m
WHERE rfm_segment(ROW(r, f, m)::rfm_score_row) IS DISTINCT FROM rfm_segment(r::text || f || m);
SELECT rfm_segment(ROW(5, 1, 2)::rfm_score_row) AS fm_rounds_up, rfm_segment(ROW(5, NULL, 2)::rfm_score_row) AS null_part,
       rfm_segment(NULL::rfm_score_row) AS null_score;
-- a bare literal is read as text, a stored 0.2.0 score
SELECT rfm_segment('545') AS text_score;
SELECT pg_temp.expect_error($$SELECT rfm_segment(ROW(6, 1, 1)::rfm_score_row)$$);
SELECT pg_temp.expect_error($$SELECT rfm_segment(ROW(0, 3, 3)::rfm_score_row)$$);

-- ---------------------------------------------------------------------
-- 2. Bins and breakpoints
-- ---------------------------------------------------------------------

-- method 'ntile' (the default) with any number of bins is ntile(bins) with
-- ties sharing the better bin: in plain SQL, the largest ntile among the
-- tied rows (zero rows = pass, per number of bins)
CREATE FUNCTION pg_temp.plain_ntile(bins int) RETURNS TABLE (i int, s rfm_score_row)
LANGUAGE sql AS $$
  SELECT i, ROW(max(nr) OVER (PARTITION BY g, r), max(nf) OVER (PARTITION BY g, f),
                max(nm) OVER (PARTITION BY g, m))::rfm_score_row
  FROM (SELECT i, g, r, f, m,
               ntile(bins) OVER (PARTITION BY g ORDER BY r DESC) AS nr,
               ntile(bins) OVER (PARTITION BY g ORDER BY f) AS nf,
               ntile(bins) OVER (PARTITION BY g ORDER BY m) AS nm
        FROM rfm_data WHERE r IS NOT NULL AND f IS NOT NULL AND m IS NOT NULL) x
$$;
SELECT b AS bins, count(*) AS rows, count(*) FILTER (WHERE o.s IS DISTINCT FROM p.s) AS wrong
FROM unnest(ARRAY[1, 2, 3, 4, 5, 7, 10, 100]) b,
     LATERAL (SELECT i, rfm_score(r, f, m, bins => b) OVER (PARTITION BY g) AS s FROM rfm_data) o
     LEFT JOIN LATERAL pg_temp.plain_ntile(b) p USING (i)
GROUP BY b ORDER BY b;
-- fewer customers than bins: each gets its own bin, as ntile does
SELECT v, rfm_score(v::int, v, v, bins => 10) OVER () FROM unnest(ARRAY[10, 20, 30]::numeric[]) v;

-- breakpoints per dimension: width_bucket's rule, a value on a breakpoint
-- starts the higher-value bin; recency in days, fewer days scoring higher.
-- In plain SQL: r = 1 + #breaks - width_bucket(days), f and m =
-- 1 + width_bucket(value) (zero rows = pass)
SELECT count(*) AS rows,
       count(*) FILTER (WHERE s IS DISTINCT FROM CASE WHEN r IS NOT NULL AND f IS NOT NULL AND m IS NOT NULL THEN
           ROW(5 - width_bucket(r, ARRAY[30, 90, 180, 365]), 1 + width_bucket(f, ARRAY[2, 4, 8, 16]::numeric[]),
               1 + width_bucket(m, ARRAY[100, 500, 1000, 2500.50]::numeric[]))::rfm_score_row END) AS wrong
FROM (SELECT r, f, m, rfm_score(r, f, m, recency_breaks => '{30,90,180,365}', frequency_breaks => '{2,4,8,16}',
                                monetary_breaks => '{100,500,1000,2500.50}') OVER (PARTITION BY g) AS s
      FROM rfm_data) x;
-- hand-checked: on and around each breakpoint
SELECT d, rfm_score(d, d, d, recency_breaks => '{30,90}', frequency_breaks => '{2,4}', monetary_breaks => '{0.5}') OVER () AS s
FROM unnest(ARRAY[0, 1, 2, 3, 4, 29, 30, 89, 90, 1000]) d;
-- one dimension by breakpoints, the others ranked (with their own bins)
SELECT count(*) AS rows, count(*) FILTER (WHERE (o.s).r IS DISTINCT FROM (p.s).r OR (o.s).m IS DISTINCT FROM (p.s).m
                                                OR (o.s).f IS DISTINCT FROM CASE WHEN p.s IS NOT NULL THEN 1 + width_bucket(d.f, ARRAY[1, 3]::numeric[]) END) AS wrong
FROM (SELECT i, rfm_score(r, f, m, bins => 4, frequency_breaks => '{1,3}') OVER (PARTITION BY g) AS s FROM rfm_data) o
JOIN rfm_data d USING (i) LEFT JOIN pg_temp.plain_ntile(4) p USING (i);

-- NULL options are their defaults
SELECT count(*) FILTER (WHERE s IS DISTINCT FROM d) AS wrong
FROM (SELECT rfm_score(r, f, m, NULL, NULL, NULL, NULL, NULL) OVER () AS s, rfm_score(r, f, m) OVER () AS d FROM rfm_data) x;

-- bad options
SELECT pg_temp.expect_error($$SELECT rfm_score(1, 1, 1, bins => 0) OVER ()$$);
SELECT pg_temp.expect_error($$SELECT rfm_score(1, 1, 1, bins => -5) OVER ()$$);
SELECT pg_temp.expect_error($$SELECT rfm_score(1, 1, 1, bins => 101) OVER ()$$);
SELECT pg_temp.expect_error($$SELECT rfm_score(1, 1, 1, bins => 2147483647) OVER ()$$);
SELECT pg_temp.expect_error($$SELECT rfm_score(1, 1, 1, method => 'NTILE') OVER ()$$);
SELECT pg_temp.expect_error($$SELECT rfm_score(1, 1, 1, method => 'quantile') OVER ()$$);
SELECT pg_temp.expect_error($$SELECT rfm_score(1, 1, 1, recency_breaks => '{}') OVER ()$$);
SELECT pg_temp.expect_error($$SELECT rfm_score(1, 1, 1, recency_breaks => '{90,30}') OVER ()$$);
SELECT pg_temp.expect_error($$SELECT rfm_score(1, 1, 1, recency_breaks => '{30,30}') OVER ()$$);
SELECT pg_temp.expect_error($$SELECT rfm_score(1, 1, 1, recency_breaks => '{-1,30}') OVER ()$$);
SELECT pg_temp.expect_error($$SELECT rfm_score(1, 1, 1, recency_breaks => '{30,NULL}') OVER ()$$);
SELECT pg_temp.expect_error($$SELECT rfm_score(1, 1, 1, recency_breaks => '{{30},{90}}') OVER ()$$);
SELECT pg_temp.expect_error($$SELECT rfm_score(1, 1, 1, frequency_breaks => '{1,NaN}') OVER ()$$);
SELECT pg_temp.expect_error($$SELECT rfm_score(1, 1, 1, frequency_breaks => '{-2}') OVER ()$$);
SELECT pg_temp.expect_error($$SELECT rfm_score(1, 1, 1, monetary_breaks => '{100,Infinity}') OVER ()$$);
SELECT pg_temp.expect_error($$SELECT rfm_score(1, 1, 1, monetary_breaks => '{100,50.5}') OVER ()$$);
SELECT pg_temp.expect_error($$SELECT rfm_score(1, 1, 1, monetary_breaks => '{0.00001}') OVER ()$$);
SELECT pg_temp.expect_error($$SELECT rfm_score(1, 1, 1, monetary_breaks => ARRAY(SELECT generate_series(1, 100))::numeric[]) OVER ()$$);
-- money may be negative (refunds); 99 breakpoints are 100 bins
SELECT rfm_score(1, 1, -5, monetary_breaks => '{-10,0}') OVER () AS negative_money,
       rfm_score(50, 50, 50, monetary_breaks => ARRAY(SELECT generate_series(1, 99))::numeric[]) OVER () AS bins_100;
-- options that change within a partition
SELECT pg_temp.expect_error($$SELECT rfm_score(g, g, g, bins => g) OVER () FROM generate_series(1, 3) g$$);
SELECT pg_temp.expect_error($$SELECT rfm_score(g, g, g, recency_breaks => ARRAY[g]) OVER () FROM generate_series(1, 3) g$$);
-- the detail names the option that changed and both values
SELECT rfm_score(g, g, g, bins => g) OVER () FROM generate_series(1, 3) g;
SELECT rfm_score(g, g, g, method => CASE WHEN g = 1 THEN 'ntile' ELSE 'r_rfm' END) OVER () FROM generate_series(1, 3) g;
SELECT rfm_score(g, g, g, monetary_breaks => ARRAY[g, 10.5 * g]) OVER () FROM generate_series(1, 3) g;
SELECT rfm_score(g, g, g, recency_breaks => CASE WHEN g > 1 THEN ARRAY[30, 90] END) OVER () FROM generate_series(1, 3) g;
-- and too many breakpoints show the array
SELECT rfm_score(1, 1, 1, frequency_breaks => ARRAY(SELECT generate_series(1, 100))::numeric[]) OVER ();
-- ... are fine when they change only between partitions
SELECT g, rfm_score(g, g, g, bins => g) OVER (PARTITION BY g) FROM generate_series(1, 3) g;

-- ---------------------------------------------------------------------
-- 3. method => 'r_rfm': the cut-points of R's rfm package
-- ---------------------------------------------------------------------

-- R's rule (rfm 0.1.0 to 0.3.0, rfm_table_customer): breaks =
-- quantile(x, seq(0, 1, length.out = bins + 1))[-c(1, bins + 1)] + 1 with
-- quantile type 7 in double: p = k * (1 / bins), index = 1 + (n - 1) * p,
-- x[lo] unless index > lo and x[hi] <> x[lo], then (1 - h) * x[lo] + h * x[hi];
-- a value scores 1 + the number of breaks <= it (recency: bins minus that).
CREATE FUNCTION pg_temp.r_breaks(x float8[], bins int) RETURNS float8[]
LANGUAGE sql IMMUTABLE AS $$
  SELECT coalesce(array_agg(CASE WHEN idx > lo AND xs[hi] <> xs[lo]
                                 THEN (1 - (idx - lo)) * xs[lo] + (idx - lo) * xs[hi]
                                 ELSE xs[lo] END + 1 ORDER BY k), '{}')
  FROM (SELECT array_agg(v ORDER BY v) AS xs FROM unnest(x) v) s,
       LATERAL (SELECT k, idx, floor(idx)::int AS lo, ceil(idx)::int AS hi
                FROM (SELECT k, 1 + (cardinality(xs) - 1)::float8 * (k * (1 / bins::float8)) AS idx
                      FROM generate_series(1, bins - 1) k) q) z
$$;
CREATE FUNCTION pg_temp.plain_r_rfm(bins int) RETURNS TABLE (i int, s rfm_score_row)
LANGUAGE sql AS $$
  WITH d AS (SELECT * FROM rfm_data WHERE r IS NOT NULL AND f IS NOT NULL AND m IS NOT NULL),
  b AS (SELECT g, pg_temp.r_breaks(array_agg(r::float8), bins) AS rb, pg_temp.r_breaks(array_agg(f::float8), bins) AS fb,
               pg_temp.r_breaks(array_agg(m::float8), bins) AS mb FROM d GROUP BY g)
  SELECT i, ROW(bins - (SELECT count(*) FROM unnest(rb) x WHERE x <= r::float8),
                1 + (SELECT count(*) FROM unnest(fb) x WHERE x <= f::float8),
                1 + (SELECT count(*) FROM unnest(mb) x WHERE x <= m::float8))::rfm_score_row
  FROM d JOIN b USING (g)
$$;
SELECT b AS bins, count(*) AS rows, count(*) FILTER (WHERE o.s IS DISTINCT FROM p.s) AS wrong
FROM unnest(ARRAY[1, 2, 3, 4, 5, 6, 7, 10, 13]) b,
     LATERAL (SELECT i, rfm_score(r, f, m, bins => b, method => 'r_rfm') OVER (PARTITION BY g) AS s FROM rfm_data) o
     LEFT JOIN LATERAL pg_temp.plain_r_rfm(b) p USING (i)
GROUP BY b ORDER BY b;
-- small partitions (1 to 12 customers), where index falls between or on
-- order statistics and floating-point p matters (k * (1 / bins))
SELECT count(*) AS rows, count(*) FILTER (WHERE o.s IS DISTINCT FROM p.s) AS wrong
FROM (SELECT i, rfm_score(r, f, m, bins => 5, method => 'r_rfm') OVER (PARTITION BY i % 1700) AS s FROM rfm_data) o
LEFT JOIN (SELECT i, ROW(5 - (SELECT count(*) FROM unnest(rb) x WHERE x <= r::float8),
                         1 + (SELECT count(*) FROM unnest(fb) x WHERE x <= f::float8),
                         1 + (SELECT count(*) FROM unnest(mb) x WHERE x <= m::float8))::rfm_score_row AS s
           FROM rfm_data d
           JOIN (SELECT i % 1700 AS k, pg_temp.r_breaks(array_agg(r::float8), 5) AS rb,
                        pg_temp.r_breaks(array_agg(f::float8), 5) AS fb, pg_temp.r_breaks(array_agg(m::float8), 5) AS mb
                 FROM rfm_data WHERE r IS NOT NULL AND f IS NOT NULL AND m IS NOT NULL GROUP BY 1) b ON b.k = d.i % 1700
           WHERE r IS NOT NULL AND f IS NOT NULL AND m IS NOT NULL) p USING (i);

-- hand-checked: frequencies 1,1,1,1,2,2,3,5,8,13: R's breaks are 2, 2.6,
-- 3.4, 6.6 (type-7 quantiles 1, 1.6, 2.4, 5.6, plus one), so 1 -> 1,
-- 2 -> 2, 3 -> 3, 5 -> 4, 8 and 13 -> 5; recency days 10, 20, ..., 100
-- (breaks 29, 47, 65, 83): fewer days, higher score
SELECT f, d, pg_temp.r_breaks(array_agg(f::float8) OVER (), 5) AS f_breaks,
       rfm_score(d, f, f, method => 'r_rfm') OVER () AS r_rfm, rfm_score(d, f, f) OVER () AS ntile
FROM unnest(ARRAY[1, 1, 1, 1, 2, 2, 3, 5, 8, 13], ARRAY[10, 20, 30, 40, 50, 60, 70, 80, 90, 100]) t(f, d)
ORDER BY d;
-- the R rule can leave bins empty when values tie (most customers buying
-- once): 74 ones in 100 give breaks 2, 2, 2, 4, so bins 2 and 3 stay empty
-- (R's own behaviour, reproduced)
SELECT (s).f, count(*) FROM (
  SELECT rfm_score(1, f, 1, method => 'r_rfm') OVER () AS s
  FROM unnest(array_cat(array_fill(1, ARRAY[70]), ARRAY(SELECT 1 + g % 7 FROM generate_series(1, 30) g))) f) x
GROUP BY 1 ORDER BY 1;
-- breakpoints override the method for their measure
SELECT rfm_score(d, d, d, method => 'r_rfm', recency_breaks => '{5}') OVER () FROM generate_series(1, 10) d;

-- ---------------------------------------------------------------------
-- 4. Segment maps: rfm_segment(score, segment_map jsonb) → text
-- ---------------------------------------------------------------------

-- the default grid as a map
SELECT jsonb_array_length(rfm_default_segment_map()) AS rules, rfm_default_segment_map() -> 0 AS first_rule;
-- the default map, passed or NULL, gives the grid's segment for every score
-- (zero rows = pass)
SELECT r, f, m FROM generate_series(1, 5) r, generate_series(1, 5) f, generate_series(1, 5) m
WHERE rfm_segment(ROW(r, f, m)::rfm_score_row, rfm_default_segment_map()) IS DISTINCT FROM rfm_segment(ROW(r, f, m)::rfm_score_row)::text
   OR rfm_segment(ROW(r, f, m)::rfm_score_row, NULL) IS DISTINCT FROM rfm_segment(ROW(r, f, m)::rfm_score_row)::text;

-- a map of one's own, on ten-bin scores: the first rule that matches wins;
-- overlapping rules are allowed; no match gives NULL, unless a last rule
-- without ranges catches the rest
CREATE TEMP TABLE rfm_map AS SELECT $$[
  {"segment": "vip",      "r": [9, 10], "f": [9, 10], "m": [9, 10]},
  {"segment": "big",      "m": 10},
  {"segment": "regular",  "r": [6, 10], "fm": [5, 10]},
  {"segment": "lapsed",   "r": [1, 3]}
]$$::jsonb AS map;
SELECT s, rfm_segment(s, map) AS segment, rfm_segment(s, map || '[{"segment": "other"}]') AS with_other
FROM rfm_map, unnest(ARRAY[ROW(10, 9, 10), ROW(1, 1, 10), ROW(7, 4, 6), ROW(7, 4, 5),
                            ROW(2, 9, 9), ROW(5, 5, 5), NULL, ROW(5, NULL, 5)]::rfm_score_row[]) s;
-- the same map in plain SQL (CASE, first match) on generated ten-bin
-- scores (zero rows = pass)
SELECT count(*) AS rows, count(*) FILTER (WHERE ours IS DISTINCT FROM plain) AS wrong FROM (
  SELECT rfm_segment(s, (SELECT map FROM rfm_map)) AS ours,
         CASE WHEN s IS NULL THEN NULL
              WHEN (s).r BETWEEN 9 AND 10 AND (s).f BETWEEN 9 AND 10 AND (s).m BETWEEN 9 AND 10 THEN 'vip'
              WHEN (s).m = 10 THEN 'big'
              WHEN (s).r BETWEEN 6 AND 10 AND ceil(((s).f + (s).m) / 2.0) BETWEEN 5 AND 10 THEN 'regular'
              WHEN (s).r BETWEEN 1 AND 3 THEN 'lapsed' END AS plain
  FROM (SELECT rfm_score(r, f, m, bins => 10) OVER (PARTITION BY g) AS s FROM rfm_data) x) y;
-- a map per row works too (each new map is parsed once and kept)
SELECT rfm_segment(ROW(k, 1, 1)::rfm_score_row, jsonb_build_array(jsonb_build_object('segment', 'r' || k, 'r', k))) AS segment
FROM generate_series(1, 3) k;

-- bad maps: the error names the rule and shows it
CREATE FUNCTION pg_temp.map_error(map text) RETURNS text LANGUAGE plpgsql AS $$
DECLARE st text; msg text; det text; hint text;
BEGIN
    PERFORM rfm_segment(ROW(5, 5, 5)::rfm_score_row, map::jsonb);
    RETURN 'no error';
EXCEPTION WHEN OTHERS THEN
    GET STACKED DIAGNOSTICS st = RETURNED_SQLSTATE, msg = MESSAGE_TEXT, det = PG_EXCEPTION_DETAIL, hint = PG_EXCEPTION_HINT;
    RETURN st || ': ' || msg || coalesce(' / ' || nullif(det, ''), '') || CASE WHEN hint <> '' THEN ' (hinted)' ELSE ' (NO HINT)' END;
END $$;
SELECT m AS map, pg_temp.map_error(m) AS error FROM unnest(ARRAY[
  '[]', '{"segment": "x"}', '"champions"', '[1]', '[{"segment": "a"}, ["r", 5]]', '[{"r": 5}]', '[{"segment": ""}]',
  '[{"segment": 5}]', '[{"segment": "x", "freq": [1, 5]}]', '[{"segment": "x", "r": [0, 5]}]',
  '[{"segment": "x", "r": [5, 1]}]', '[{"segment": "x", "r": [1, 2, 3]}]', '[{"segment": "x", "m": 2.5}]',
  '[{"segment": "x", "m": "5"}]', '[{"segment": "x", "m": 101}]', '[{"segment": "x", "m": -1}]',
  '[{"segment": "x", "m": 1e300}]', '[{"segment": "x", "f": [1, null]}]']) m;
SELECT pg_temp.map_error((SELECT jsonb_agg('{"segment": "x"}'::jsonb)::text FROM generate_series(1, 1001))) AS rules_1001;
SELECT rfm_segment(ROW(5, 5, 5)::rfm_score_row, (SELECT jsonb_agg('{"segment": "x"}'::jsonb) FROM generate_series(1, 1000))) AS rules_1000;
-- scores beyond 100 bins, or below 1, are errors; NULL parts give NULL
SELECT pg_temp.expect_error($$SELECT rfm_segment(ROW(101, 1, 1)::rfm_score_row, '[{"segment": "x"}]')$$);
SELECT pg_temp.expect_error($$SELECT rfm_segment(ROW(0, 1, 1)::rfm_score_row, NULL)$$);

-- ---------------------------------------------------------------------
-- Two-step scores: rfm_cutoffs over value_cutoffs_partial summaries of the
-- rows with all three measures, then rfm_score(r, f, m, cutoffs) per row,
-- equal to the window form on every data shape, bins and method
-- ---------------------------------------------------------------------
CREATE TEMP TABLE rfm_shapes AS
SELECT 'ties' AS shape, i, r, f, m FROM rfm_data
UNION ALL SELECT 'distinct', i, (i * 7919) % 3001, ((i * 104729) % 3001)::numeric, (i * 0.01)::numeric
          FROM generate_series(1, 3000) i
UNION ALL SELECT 'equal', i, 7, 3, 12.5 FROM generate_series(1, 500) i
UNION ALL SELECT 'one row', 1, 10, 2, 3.25
UNION ALL SELECT 'two rows', i, i * 10, i, i FROM generate_series(1, 2) i
UNION ALL SELECT 'nulls', i, CASE WHEN i % 2 = 0 THEN i END, CASE WHEN i % 3 = 0 THEN i END, i
          FROM generate_series(1, 50) i
UNION ALL SELECT 'negative money', i, (i * 37) % 101, (i * 13) % 7, round(((i * 7919) % 1000 - 600) * 0.37, 2)
          FROM generate_series(1, 900) i
UNION ALL SELECT 'no scored row', i, NULL, 1, 1 FROM generate_series(1, 5) i;
CREATE TEMP TABLE rfm_opts AS
SELECT * FROM (VALUES (5, 'ntile'), (5, 'r_rfm'), (1, 'ntile'), (1, 'r_rfm'), (2, 'ntile'), (3, 'r_rfm'),
                      (7, 'ntile'), (10, 'r_rfm'), (100, 'ntile'), (100, 'r_rfm')) o(bins, method);
CREATE TEMP TABLE rfm_parts AS
SELECT shape, i % 4 AS part,
       value_cutoffs_partial(r) FILTER (WHERE r IS NOT NULL AND f IS NOT NULL AND m IS NOT NULL) AS rr,
       value_cutoffs_partial(f) FILTER (WHERE r IS NOT NULL AND f IS NOT NULL AND m IS NOT NULL) AS ff,
       value_cutoffs_partial(m) FILTER (WHERE r IS NOT NULL AND f IS NOT NULL AND m IS NOT NULL) AS mm
FROM rfm_shapes GROUP BY shape, i % 4;
CREATE TEMP TABLE rfm_cuts AS
SELECT s.shape, o.bins, o.method, rfm_cutoffs(s.rr, s.ff, s.mm, o.bins, o.method) AS c
FROM (SELECT shape,
             value_cutoffs_partial(r) FILTER (WHERE r IS NOT NULL AND f IS NOT NULL AND m IS NOT NULL) AS rr,
             value_cutoffs_partial(f) FILTER (WHERE r IS NOT NULL AND f IS NOT NULL AND m IS NOT NULL) AS ff,
             value_cutoffs_partial(m) FILTER (WHERE r IS NOT NULL AND f IS NOT NULL AND m IS NOT NULL) AS mm
      FROM rfm_shapes GROUP BY shape) s CROSS JOIN rfm_opts o;
-- rows compared per shape, and the rows where the forms differ (0 = pass)
SELECT x.shape, count(*) AS rows_compared,
       count(*) FILTER (WHERE rfm_score(x.r, x.f, x.m, c.c) IS DISTINCT FROM x.w) AS differ
FROM (SELECT d.shape, o.bins, o.method, d.r, d.f, d.m,
             rfm_score(d.r, d.f, d.m, o.bins, o.method) OVER (PARTITION BY d.shape, o.bins, o.method) AS w
      FROM rfm_shapes d CROSS JOIN rfm_opts o) x
JOIN rfm_cuts c USING (shape, bins, method)
GROUP BY x.shape ORDER BY x.shape;
-- a few cut-offs as they read
SELECT shape, bins, method, c FROM rfm_cuts
WHERE shape IN ('one row', 'equal', 'no scored row') AND bins = 5 OR shape = 'ties' AND bins = 5
ORDER BY shape, method;
-- merged parts (in either order), and parts stored as text, give the same
-- cut-offs as the whole (zero rows = pass)
SELECT c.shape, c.bins, c.method FROM rfm_cuts c
JOIN (SELECT shape, value_cutoffs_merge(rr ORDER BY part) AS rr, value_cutoffs_merge(ff ORDER BY part DESC) AS ff,
             value_cutoffs_merge(mm::text::value_summary) AS mm
      FROM rfm_parts GROUP BY shape) p USING (shape)
WHERE rfm_cutoffs(p.rr, p.ff, p.mm, c.bins, c.method) IS DISTINCT FROM c.c;
-- cut-offs stored as text score as before (zero rows = pass)
SELECT d.shape FROM rfm_shapes d JOIN rfm_cuts c USING (shape)
WHERE rfm_score(d.r, d.f, d.m, c.c::text::rfm_cutoffs_row) IS DISTINCT FROM rfm_score(d.r, d.f, d.m, c.c);
-- the summaries under a forced parallel plan give the serial cut-offs (zero rows = pass)
:force_parallel_plan
SELECT c.shape FROM rfm_cuts c
JOIN (SELECT shape,
             value_cutoffs_partial(r) FILTER (WHERE r IS NOT NULL AND f IS NOT NULL AND m IS NOT NULL) AS rr,
             value_cutoffs_partial(f) FILTER (WHERE r IS NOT NULL AND f IS NOT NULL AND m IS NOT NULL) AS ff,
             value_cutoffs_partial(m) FILTER (WHERE r IS NOT NULL AND f IS NOT NULL AND m IS NOT NULL) AS mm
      FROM rfm_shapes GROUP BY shape) p USING (shape)
WHERE rfm_cutoffs(p.rr, p.ff, p.mm, c.bins, c.method) IS DISTINCT FROM c.c;
RESET ALL;
\pset null '~'
-- NULLs: a NULL measure or cut-offs give NULL; NULL bins and method are 5 and ntile
SELECT rfm_score(NULL, 1, 1, c) AS null_recency, rfm_score(1, 1, 1, NULL::rfm_cutoffs_row) AS null_cutoffs,
       rfm_cutoffs(rr, ff, mm, NULL, NULL) = rfm_cutoffs(rr, ff, mm) AS null_options
FROM rfm_cuts JOIN (SELECT shape, rr, ff, mm FROM rfm_parts WHERE part = 1) p USING (shape)
WHERE shape = 'ties' AND bins = 5 AND method = 'ntile';
SELECT rfm_cutoffs(NULL, NULL, NULL) AS no_rows;
-- errors: summaries of different rows, bad options, edited cut-offs
SELECT rfm_cutoffs(value_cutoffs_partial(r), value_cutoffs_partial(f), value_cutoffs_partial(m)) FROM rfm_data;
SELECT rfm_cutoffs(NULL, NULL, NULL, 0);
SELECT rfm_cutoffs(NULL, NULL, NULL, 5, 'median');
SELECT rfm_cutoffs(value_cutoffs_partial(x), value_cutoffs_partial(x), value_cutoffs_partial(x), 5, 'r_rfm')
FROM (VALUES (1.5), (2)) t(x);
SELECT rfm_score(1, 1, 1, ROW(1, 5, 'ntile', '{1}', '{1}', NULL)::rfm_cutoffs_row);
SELECT rfm_score(1, 1, 1, ROW(1, 2, 'ntile', '{1,2}', '{1}', '{1}')::rfm_cutoffs_row);
SELECT rfm_score(1, 1, 1, ROW(1, 5, 'ntile', '{1}', '{3,2}', '{1}')::rfm_cutoffs_row);
SELECT rfm_score(1, 1, 1, ROW(1, 5, 'ntile', '{1.5}', '{1}', '{1}')::rfm_cutoffs_row);
