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
-- With summaries = on, the value_summary each shard would ship instead is
-- measured too (it grows with the rows: leave it off for 100M rows).
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

SELECT pg_temp.cutoff_bytes_run(:rows, :shards, :'net') AS bounded_cutoffs;
\if :summaries
-- the single-step answer and the value_summary states, for comparison
SELECT value_cutoffs(:net) AS value_cutoffs
FROM generate_series(1::bigint, :rows) g;
SELECT max(octet_length(s)) AS summary_max_bytes, sum(octet_length(s)) AS summary_total_bytes
FROM (SELECT mod(g, :shards), value_cutoffs_partial(:net)::text AS s
      FROM generate_series(1::bigint, :rows) g GROUP BY 1) x;
\endif
SELECT * FROM cutoff_bytes ORDER BY rows, round;
