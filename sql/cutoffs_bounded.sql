-- bounded-traffic cut-offs: cutoff_counts, cutoff_round, cutoff_result and
-- value_cutoffs_bounded give exactly value_cutoffs(net, shares) on every data
-- shape, for several shares, with a state of fixed size per round
\set ECHO none
\i test/regress_helpers.sql
\set ECHO all

SELECT setseed(0.31) \g /dev/null
-- the shapes, as (shape, net): every row of a shape is one data set
CREATE TABLE cb_data (shape text, net numeric);
INSERT INTO cb_data
SELECT 'distinct', round((exp(random() * 12) - 80)::numeric, 2) FROM generate_series(1, 30000)
UNION ALL SELECT 'heavy ties', (ARRAY[0, 5, 5, 100, 100, 100, 2500, -7])[1 + g % 8] FROM generate_series(1, 20000) g
UNION ALL SELECT 'ties at the cut', CASE WHEN g <= 3000 THEN 9999.5 ELSE g % 97 END FROM generate_series(1, 10000) g
UNION ALL SELECT 'all equal', 19.99 FROM generate_series(1, 5000)
UNION ALL SELECT 'all equal zero', 0 FROM generate_series(1, 100)
UNION ALL SELECT 'negatives only', -g * 1.5 FROM generate_series(1, 1000) g
UNION ALL SELECT 'one row', 7.25
UNION ALL SELECT 'one negative row', -7.25
UNION ALL SELECT 'nulls', CASE WHEN g % 3 = 0 THEN NULL ELSE g % 500 - 100 END FROM generate_series(1, 6000) g
UNION ALL SELECT 'only nulls', NULL FROM generate_series(1, 10)
UNION ALL SELECT 'few positives', CASE WHEN g <= 3 THEN g * 10 ELSE -g END FROM generate_series(1, 1000) g
UNION ALL SELECT 'huge range', (ARRAY[0.0001, 922337203685477.5807, 1, 123456789012.3456, 0.5, 99999999999999.9999])[1 + g % 6] * (1 + g % 4) / (1 + g % 4) FROM generate_series(1, 2000) g
UNION ALL SELECT 'huge ties', CASE WHEN g % 3 = 0 THEN 922337203685477.5807 WHEN g % 3 = 1 THEN 922337203685477.5806 ELSE 0.0001 END FROM generate_series(1, 6000) g
UNION ALL SELECT 'wide spread', round((exp(random() * 30))::numeric, 4) FROM generate_series(1, 20000)
UNION ALL SELECT 'mixed scales', (g % 1000)::numeric / (CASE WHEN g % 2 = 0 THEN 1 ELSE 100 END) FROM generate_series(1, 4000) g;
ANALYZE cb_data;

-- the rounds run by hand for one shape: the documented loop, with the
-- number of rounds and the largest text a round's histogram takes
CREATE FUNCTION pg_temp.bounded(p_shape text, p_shares float8[], OUT cutoffs value_cutoffs_row,
                                OUT rounds int, OUT max_bytes int)
LANGUAGE plpgsql AS $$
DECLARE h cutoff_histogram; plan cutoff_histogram;
BEGIN
  SELECT cutoff_counts(net) INTO h FROM cb_data WHERE shape IS NOT DISTINCT FROM p_shape;
  rounds := 1; max_bytes := coalesce(octet_length(h::text), 0);
  plan := cutoff_round(h, p_shares);
  WHILE cutoff_result(plan) IS NULL LOOP
    SELECT cutoff_counts(net, plan) INTO h FROM cb_data WHERE shape IS NOT DISTINCT FROM p_shape;
    rounds := rounds + 1; max_bytes := greatest(max_bytes, octet_length(h::text));
    plan := cutoff_round(h, p_shares);
  END LOOP;
  cutoffs := cutoff_result(plan);
END $$;

-- every shape, five share sets (NULL = the default): zero rows = pass
CREATE TEMP TABLE cb_shares (shares float8[]);
INSERT INTO cb_shares VALUES (NULL), ('{0.05,0.20}'), ('{0.01,0.5}'), ('{0.3,0.31}'), ('{0.5,1}'), ('{0.0001,0.9999}');
CREATE TEMP TABLE cb_results AS
SELECT d.shape, s.shares, d.single, (pg_temp.bounded(d.shape, s.shares)).*
FROM (SELECT shape, NULL::value_cutoffs_row AS single FROM cb_data GROUP BY shape
      UNION ALL SELECT 'no rows', NULL) d0(shape, single)
CROSS JOIN cb_shares s
CROSS JOIN LATERAL (SELECT d0.shape, (SELECT value_cutoffs(net, s.shares) FROM cb_data WHERE shape = d0.shape) AS single) d;
SELECT shape, shares, single, cutoffs FROM cb_results WHERE single IS DISTINCT FROM cutoffs;
-- what the shapes give with the default shares, the rounds each needed and
-- the most text a round's state took
SELECT shape, cutoffs, rounds, max_bytes < 65536 AS under_64kb
FROM cb_results WHERE shares IS NULL ORDER BY shape;
SELECT max(rounds) AS most_rounds, max(max_bytes) < 65536 AS all_under_64kb FROM cb_results;

-- value_cutoffs_bounded over a view, with identifiers that need quoting
CREATE SCHEMA "Cut Offs";
CREATE VIEW "Cut Offs"."Shape ""Data""" AS SELECT shape, net AS "Net Value" FROM cb_data WHERE shape = 'distinct';
SELECT value_cutoffs_bounded('"Cut Offs"."Shape ""Data"""', 'Net Value') AS bounded,
       value_cutoffs_bounded('"Cut Offs"."Shape ""Data"""', 'Net Value', '{0.01,0.5}') AS bounded_other,
       (SELECT value_cutoffs(net) FROM cb_data WHERE shape = 'distinct') AS single,
       (SELECT value_cutoffs(net, '{0.01,0.5}') FROM cb_data WHERE shape = 'distinct') AS single_other;
-- an integer column, read as numeric; an empty table; a name that is not a column
CREATE TABLE cb_int AS SELECT g AS v FROM generate_series(-50, 1000) g;
CREATE TABLE cb_empty (net numeric);
SELECT value_cutoffs_bounded('cb_int', 'v') AS bounded, (SELECT value_cutoffs(v) FROM cb_int) AS single,
       value_cutoffs_bounded('cb_empty', 'net') AS empty;
SELECT pg_temp.expect_error($$SELECT value_cutoffs_bounded('cb_int', 'v; DROP TABLE cb_int')$$);
SELECT value_cutoffs_bounded('cb_int', NULL) IS NULL AS null_column, value_cutoffs_bounded(NULL, 'v') IS NULL AS null_relation;
SELECT pg_temp.expect_error($$SELECT value_cutoffs_bounded('cb_int', 'v', '{0.5,0.2}')$$);

-- the states: text and binary forms round-trip exactly, in every round
CREATE TEMP TABLE cb_states AS
WITH r1 AS (SELECT cutoff_counts(net) AS h FROM cb_data WHERE shape = 'distinct'),
     p2 AS (SELECT cutoff_round(h) AS plan FROM r1),
     r2 AS (SELECT cutoff_counts(net, (SELECT plan FROM p2)) AS h FROM cb_data WHERE shape = 'distinct')
SELECT 1 AS round, h FROM r1 UNION ALL SELECT 2, plan FROM p2 UNION ALL SELECT 2, h FROM r2
UNION ALL SELECT 9, cutoff_round(NULL);
SELECT round, h::text::cutoff_histogram::text = h::text AS text_round_trip,
       pg_temp.binary_input('cutoff_histogram', cutoff_histogram_send(h)) = h::text AS binary_round_trip,
       octet_length(h::text) < 65536 AS text_under_64kb, octet_length(cutoff_histogram_send(h)) AS binary_bytes
FROM cb_states ORDER BY round;
-- a small state as text
SELECT cutoff_counts(net)::text FROM cb_data WHERE shape = 'heavy ties';
SELECT cutoff_round(cutoff_counts(net))::text FROM cb_data WHERE shape = 'heavy ties';
SELECT cutoff_result(cutoff_round(cutoff_counts(net))) FROM cb_data WHERE shape = 'heavy ties';

-- malformed states are refused with the type's errors
SELECT pg_temp.input_outcome($$SELECT 'v1;round=1'::cutoff_histogram$$);
SELECT pg_temp.input_outcome($$SELECT 'v1;round=1;n=1;p=2;dscale=0;expect=0,0;done=0;rank=0,0;target=-1,-1;cut=-,-;grid='::cutoff_histogram$$);
SELECT pg_temp.input_outcome($$SELECT 'v1;round=1;n=5;p=2;dscale=0;expect=0,0;done=0;rank=0,0;target=-1,-1;cut=-,-;grid=5:3'::cutoff_histogram$$);
SELECT pg_temp.input_outcome($$SELECT 'v1;round=1;n=5;p=2;dscale=0;expect=0,0;done=0;rank=0,0;target=-1,-1;cut=-,-;grid=5:1,4:1'::cutoff_histogram$$);
SELECT pg_temp.input_outcome($$SELECT 'v1;round=2;n=5;p=2;dscale=0;expect=5,2;done=0;rank=1,2;target=0,0;cut=-,-;win=10,5,0,0,values,1024:'::cutoff_histogram$$);
SELECT pg_temp.input_outcome($$SELECT 'v1;round=2;n=5;p=2;dscale=0;expect=5,2;done=0;rank=1,2;target=0,0;cut=-,-;win=5,10,0,0,values,1024:7:1,6:1'::cutoff_histogram$$);
SELECT pg_temp.input_outcome($$SELECT pg_temp.binary_input('cutoff_histogram', '\x00000002'::bytea)$$);

-- a plan belongs to its data: states of different rounds do not merge,
-- changed data and changed shares are errors, a finished plan has no round
SELECT pg_temp.expect_error($$SELECT cutoff_counts_merge(h) FROM cb_states WHERE round IN (1, 2)$$);
SELECT pg_temp.expect_error($$SELECT cutoff_round(cutoff_counts(net, (SELECT cutoff_round(cutoff_counts(net)) FROM cb_data WHERE shape = 'distinct'))) FROM cb_data WHERE shape = 'distinct' AND net > 0.5$$);
SELECT pg_temp.expect_error($$SELECT cutoff_round(cutoff_counts(net, (SELECT cutoff_round(cutoff_counts(net)) FROM cb_data WHERE shape = 'distinct')), '{0.01,0.5}') FROM cb_data WHERE shape = 'distinct'$$);
SELECT pg_temp.expect_error($$SELECT cutoff_counts(net, (SELECT cutoff_round(NULL))) FROM cb_data$$);
SELECT pg_temp.expect_error($$SELECT cutoff_counts(net, (SELECT cutoff_counts(net) FROM cb_data)) FROM cb_data$$);
SELECT pg_temp.expect_error($$SELECT cutoff_counts(net) FROM (VALUES (1.00001)) t(net)$$);

-- the trio: partial states per part, as text (a shard's answer), merged,
-- equal the one-step aggregate in every round
CREATE TEMP TABLE cb_parts AS SELECT net, (row_number() OVER ()) % 16 AS part FROM cb_data WHERE shape = 'distinct';
WITH p1 AS (SELECT part, cutoff_counts_partial(net)::text AS s FROM cb_parts GROUP BY part),
     m1 AS (SELECT cutoff_counts_final(cutoff_counts_merge(s::cutoff_histogram)) AS h FROM p1),
     plan AS (SELECT cutoff_round(h) AS plan FROM m1),
     p2 AS (SELECT part, cutoff_counts_partial(net, (SELECT plan FROM plan))::text AS s FROM cb_parts GROUP BY part),
     m2 AS (SELECT cutoff_counts_merge(s::cutoff_histogram) AS h FROM p2)
SELECT (SELECT h::text FROM m1) = (SELECT cutoff_counts(net)::text FROM cb_parts) AS round1_equal,
       (SELECT h::text FROM m2) = (SELECT cutoff_counts(net, (SELECT plan FROM plan))::text FROM cb_parts) AS round2_equal,
       (SELECT max(octet_length(s)) FROM p1) < 65536 AS round1_part_under_64kb,
       (SELECT max(octet_length(s)) FROM p2) < 65536 AS round2_part_under_64kb;

-- a forced parallel plan gives the serial states
CREATE TABLE cb_big AS SELECT net FROM cb_data WHERE shape IN ('distinct', 'wide spread');
CREATE TABLE cb_sums AS SELECT cutoff_counts_partial(net) AS h FROM cb_big GROUP BY (net % 500)::int;
ANALYZE cb_big, cb_sums;
CREATE TEMP TABLE cb_q AS
SELECT 'round 1' AS name, 'SELECT cutoff_counts(net)::text FROM cb_big' AS q
UNION ALL SELECT 'round 2', 'SELECT cutoff_counts(net, (SELECT cutoff_round(cutoff_counts(net)) FROM cb_big))::text FROM cb_big'
UNION ALL SELECT 'merge', 'SELECT cutoff_counts_merge(h)::text FROM cb_sums';
CREATE TEMP TABLE cb_serial AS SELECT name, pg_temp.run(q) AS r FROM cb_q;
:force_parallel_plan
SELECT name, pg_temp.plan(q) LIKE '%Partial Aggregate%' AS partial_plan, pg_temp.run(q) = s.r AS same
FROM cb_q JOIN cb_serial s USING (name) ORDER BY name;
RESET ALL;
DROP SCHEMA "Cut Offs" CASCADE;
DROP TABLE cb_data, cb_int, cb_empty, cb_big, cb_sums;
