-- Reading numerics in place (src/valuekey.c, the decoder in valuekey.h)
\set ECHO none
\i test/regress_helpers.sql
\set ECHO all

-- Numerics stored out of line (a TOAST pointer, which has a 1-byte header
-- like a short inline numeric) or compressed must be fetched before their
-- digits are read.  The plain pad makes every row too long for a page's
-- share, so the toaster moves v out of line uncompressed (EXTERNAL) and
-- compresses w (and moves it out of line too if that is not enough).  Long
-- values have 100-220 base-10000 digits (200-440 bytes: every size modulo
-- 256 from 200 up); every tenth value is short and stays inline.
CREATE TABLE toasted (id int, v numeric, w numeric, pad text);
ALTER TABLE toasted ALTER COLUMN v SET STORAGE EXTERNAL, ALTER COLUMN pad SET STORAGE PLAIN;
INSERT INTO toasted
SELECT i, x, x, repeat('p', 2000)
FROM generate_series(1, 120) i,
     LATERAL (SELECT CASE WHEN i % 10 = 0 THEN (i / 10)::numeric
                          ELSE (i || '.' || repeat((i % 9 + 1)::text, 396 + 4 * i))::numeric END AS x) s;
SELECT pg_relation_size(reltoastrelid) > 0 AS has_toast FROM pg_class WHERE relname = 'toasted';
SELECT count(*) FILTER (WHERE pg_column_size(v) > 200) AS long_values,
       count(*) FILTER (WHERE pg_column_compression(w) IS NOT NULL) AS compressed
FROM toasted;

-- each function on the stored value equals it on the same value computed
-- afresh (v + 0 is an inline, uncompressed copy)
SELECT count(*) AS rows,
       count(*) FILTER (WHERE loyalty_score(100, v, 0.1, 1) IS DISTINCT FROM loyalty_score(100, v + 0, 0.1, 1)) AS loyalty_v,
       count(*) FILTER (WHERE loyalty_score(100, w, 0.1, 1) IS DISTINCT FROM loyalty_score(100, w + 0, 0.1, 1)) AS loyalty_w,
       count(*) FILTER (WHERE loyalty_score(100, 1, v / 1000, 1) IS DISTINCT FROM loyalty_score(100, 1, (v + 0) / 1000, 1)) AS discount_v,
       count(*) FILTER (WHERE value_tier(v, ROW(120, 100, 50)::value_cutoffs_row) IS DISTINCT FROM value_tier(v + 0, ROW(120, 100, 50)::value_cutoffs_row)) AS tier_v,
       count(*) FILTER (WHERE value_tier(w, ROW(120, 100, 50)::value_cutoffs_row) IS DISTINCT FROM value_tier(w + 0, ROW(120, 100, 50)::value_cutoffs_row)) AS tier_w
FROM toasted;
SELECT value_tier(v, ROW(120, 100, 50)::value_cutoffs_row) AS tier, count(*), min(id), max(id)
FROM toasted GROUP BY 1 ORDER BY 1;
SELECT sum(loyalty_score(100, v, 0.1, 1)) AS loyalty_sum, min(loyalty_score(100, v, 0.1, 1)),
       max(loyalty_score(100, v, 0.1, 1))
FROM toasted;
-- the short inline values still rank exactly; the long ones cannot be
SELECT value_cutoffs(v) FROM toasted WHERE id % 10 = 0;
SELECT pg_temp.expect_error($$SELECT value_cutoffs(v) FROM toasted$$);
DROP TABLE toasted;
