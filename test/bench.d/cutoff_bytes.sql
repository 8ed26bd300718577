-- Bytes to the coordinator per shard per round for bounded-traffic cut-offs
-- (cutoff_counts, cutoff_round), against the data size.  Not a timing case
-- of test/bench: run it by hand, e.g. for 1M, 10M and 100M rows over 32
-- shards:
--
--   psql -X -q -v ON_ERROR_STOP=1 -v rows=1000000 -v shards=32 -f test/bench.d/cutoff_bytes.sql
--
-- No table is stored: each round streams the rows from generate_series,
-- and a row's value is a function of its number (a hash), so every round
-- sees the same data, as a real table would.  Each shard's state is the
-- partial aggregate of its rows (row number mod shards), exactly what a
-- shard computes and ships as text; the coordinator merges the states and
-- plans the next round.  The values (:net below) are amounts with two
-- decimals from -2,000 to about 1,340,000, spread over eight powers of two,
-- most of them distinct within a shard (cheap to generate: the cost is the
-- aggregates').
-- The cut-offs are checked exact by counting the rows around them (any
-- size).  With summaries = on, value_cutoffs is computed too and the
-- value_summary each shard would ship instead is measured (it grows with
-- the rows: leave it off for 100M rows).
\if :{?shards}
\else
\set shards 32
\endif
\if :{?summaries}
\else
\set summaries on
\endif
\set net '(((hashint8(g) & 1048575) << ((hashint8(g) >> 20) & 7)) - 200000) * 0.01'
SET client_min_messages = warning;
CREATE TEMP TABLE IF NOT EXISTS cutoff_bytes (rows bigint, shards int, round int, max_bytes int,
                                              total_bytes bigint, seconds numeric);
CREATE OR REPLACE FUNCTION pg_temp.cutoff_bytes_run(p_rows bigint, p_shards int, p_net text) RETURNS value_cutoffs_row
LANGUAGE plpgsql AS $$
DECLARE
  q text := 'SELECT mod(g, ' || p_shards || ') AS shard, cutoff_counts_partial('
            || p_net || '%s)::text AS s '
            'FROM generate_series(1::bigint, ' || p_rows || ') g GROUP BY 1';
  plan cutoff_histogram;
  h cutoff_histogram;
  r int := 0;
  t0 timestamptz;
  mx int; tot bigint;
BEGIN
  LOOP
    r := r + 1;
    t0 := clock_timestamp();
    EXECUTE format('SELECT max(octet_length(s)), sum(octet_length(s)), cutoff_counts_merge(s::cutoff_histogram) FROM (%s) x',
                   format(q, CASE WHEN r = 1 THEN '' ELSE ', $1' END))
      INTO mx, tot, h USING plan;
    plan := cutoff_round(h);
    INSERT INTO cutoff_bytes VALUES (p_rows, p_shards, r, mx, tot,
                                     round(extract(epoch FROM clock_timestamp() - t0)::numeric, 1));
    EXIT WHEN cutoff_result(plan) IS NOT NULL;
  END LOOP;
  RETURN cutoff_result(plan);
END $$;

SELECT pg_temp.cutoff_bytes_run(:rows, :shards, :'net') AS bounded_cutoffs \gset b_
-- Exact at any size, without value_summary: one more pass counts the rows
-- around each cut-off.  With N rows and limit L = ceil(N x share), the
-- cut-off v is the smallest value of rank <= L (ties share the best rank)
-- among the positive ones: fewer than L rows lie above v, and at least L
-- at or above it unless every positive row is at or above it; NULL when
-- no row is positive.
SELECT :'b_bounded_cutoffs' AS bounded_cutoffs,
       coalesce(bool_and(CASE WHEN v IS NULL THEN pos = 0
                              ELSE v > 0 AND above < ceil(n * share) AND (at_or_above >= ceil(n * share) OR at_or_above = pos) END), false)
         AND max(n) = (:'b_bounded_cutoffs'::value_cutoffs_row).n AS exact
FROM (SELECT count(x) AS n, count(*) FILTER (WHERE x > 0) AS pos,
             count(*) FILTER (WHERE x > c.vip_min) AS above_1, count(*) FILTER (WHERE x >= c.vip_min) AS at_or_above_1,
             count(*) FILTER (WHERE x > c.valuable_min) AS above_2, count(*) FILTER (WHERE x >= c.valuable_min) AS at_or_above_2,
             c.vip_min, c.valuable_min
      FROM (SELECT (:'b_bounded_cutoffs'::value_cutoffs_row).*) c,
           LATERAL (SELECT :net AS x FROM generate_series(1::bigint, :rows) g) r
      GROUP BY c.vip_min, c.valuable_min) k,
     LATERAL (VALUES (k.vip_min, 0.05, k.above_1, k.at_or_above_1),
                     (k.valuable_min, 0.20, k.above_2, k.at_or_above_2)) AS t(v, share, above, at_or_above);
\if :summaries
-- the single-step answer and the value_summary states, for comparison
SELECT value_cutoffs(:net) AS value_cutoffs
FROM generate_series(1::bigint, :rows) g;
SELECT max(octet_length(s)) AS summary_max_bytes, sum(octet_length(s)) AS summary_total_bytes
FROM (SELECT mod(g, :shards), value_cutoffs_partial(:net)::text AS s
      FROM generate_series(1::bigint, :rows) g GROUP BY 1) x;
\endif
SELECT * FROM cutoff_bytes ORDER BY rows, round;
