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
