-- every aggregate of the extension under a forced parallel plan gives the
-- serial answer (zero parallel costs, force_parallel_mode or, from PostgreSQL
-- 16, debug_parallel_query)
\set ECHO none
\i test/regress_helpers.sql
\set ECHO all

SELECT setseed(0.9) \g /dev/null
CREATE TABLE par_gen AS
SELECT i, i % 3 AS grp, round((exp(random() * 8) - 50)::numeric, 2) AS net, (random() * 100)::float8 AS f,
       (i * 7919) % 400 - 60 AS dpd,
       -- invoices up to as_of (2026-06-30): payment_profile refuses later ones
       DATE '2025-06-01' + (i * 31) % 395 AS inv, DATE '2025-06-01' + (i * 31) % 395 + 30 AS due,
       CASE WHEN i % 5 <> 0 THEN DATE '2025-06-01' + (i * 31) % 395 + (i * 13) % 200 END AS paid
FROM generate_series(1, 60000) i;
ANALYZE par_gen;
-- stored summaries, as a nightly job keeps them, for value_summary_merge
CREATE TABLE par_sums AS SELECT i % 2000 AS k, value_summary(net) AS s, aging_state(net, dpd) AS a,
  payment_state(inv, due, paid, net, '2026-06-30') AS ps, recovery_state(abs(net) / 2, abs(net)) AS rs,
  roll_state(delinquency_cycle(dpd), delinquency_cycle(dpd - 30 + i % 61), abs(net)) AS ls,
  holding_state(net, 1000, 365) AS hs
FROM par_gen GROUP BY 1;
ANALYZE par_sums;

-- the queries, run once in parallel and once serially
CREATE TEMP TABLE queries (name text, q text);
INSERT INTO queries VALUES
 ('value_summary',       'SELECT value_summary(net)::text FROM par_gen'),
 ('value_summary f8',    'SELECT value_summary(f)::text FROM par_gen'),
 ('value_summary_merge', 'SELECT value_summary_merge(s)::text FROM par_sums'),
 ('value_cutoffs',       'SELECT value_cutoffs(net)::text FROM par_gen'),
 ('value_cutoffs 3-arg', 'SELECT value_cutoffs(net, 0.3, 0.1)::text FROM par_gen'),
 ('value_cutoffs group', 'SELECT string_agg(c::text, '' '' ORDER BY grp) FROM (SELECT grp, value_cutoffs(net) c FROM par_gen GROUP BY grp) x'),
 ('top_share',           'SELECT top_share(net, 0.2)::text FROM par_gen'),
 ('top_share f8',        'SELECT top_share(f, 0.2)::text FROM par_gen'),
 ('value_curve',         'SELECT value_curve(net, 20)::text FROM par_gen'),
 ('value_curve f8',      'SELECT value_curve(f)::text FROM par_gen'),
 ('aging_profile',       'SELECT aging_profile(net, dpd)::text FROM par_gen'),
 ('aging_profile group', 'SELECT string_agg(p::text, '' '' ORDER BY grp) FROM (SELECT grp, aging_profile(net, dpd) p FROM par_gen GROUP BY grp) x'),
 ('aging_profile custom','SELECT aging_profile(net, dpd, ''{0,45,365}'')::text FROM par_gen'),
 ('aging_state',         'SELECT aging_state(net, dpd)::text FROM par_gen'),
 ('aging_state_merge',   'SELECT aging_state_merge(a)::text FROM par_sums'),
 ('payment_profile',     'SELECT payment_profile(inv, due, paid, net, ''2026-06-30'')::text FROM par_gen'),
 ('payment_profile group','SELECT string_agg(p::text, '' '' ORDER BY grp) FROM (SELECT grp, payment_profile(inv, due, paid, net, ''2026-06-30'') p FROM par_gen GROUP BY grp) x'),
 ('payment_state',       'SELECT payment_state(inv, due, paid, net, ''2026-06-30'')::text FROM par_gen'),
 ('recovery_rate',       'SELECT recovery_rate(abs(net) / 2, abs(net))::text FROM par_gen'),
 ('roll_rate',           'SELECT roll_rate(delinquency_cycle(dpd), delinquency_cycle(dpd - 30 + i % 61), abs(net))::text FROM par_gen'),
 ('credit_state_merge',  'SELECT payment_profile_final(credit_state_merge(ps))::text || recovery_rate_final(credit_state_merge(rs))::text || roll_rate_final(credit_state_merge(ls))::text FROM par_sums'),
 ('recovery_state',      'SELECT recovery_state(abs(net) / 2, abs(net))::text FROM par_gen'),
 ('roll_state',          'SELECT roll_state(delinquency_cycle(dpd), delinquency_cycle(dpd - 30 + i % 61), abs(net))::text FROM par_gen'),
 ('holding_state',       'SELECT holding_state(net, 1000, 365)::text FROM par_gen'),
 ('holding_state_merge', 'SELECT avg_holding_final(holding_state_merge(hs))::text FROM par_sums'),
 ('avg_holding_days',    'SELECT string_agg(h::text, '' '' ORDER BY grp) FROM (SELECT grp, avg_holding_days(net, 1000, 365) h FROM par_gen GROUP BY grp) x'),
 ('empty input',         'SELECT value_cutoffs(net)::text || coalesce(top_share(net, 0.2)::text, ''-'') || aging_profile(net, dpd)::text || payment_profile(inv, due, paid, net, ''2026-06-30'')::text || roll_rate(0, 0, net)::text FROM par_gen WHERE i % 7 = 9');

-- every aggregate of the extension is among the queries (zero rows = pass)
SELECT p.oid::regprocedure AS aggregate_without_a_parallel_test
FROM pg_proc p JOIN pg_depend d ON d.classid = 'pg_proc'::regclass AND d.objid = p.oid AND d.deptype = 'e'
WHERE d.refobjid = (SELECT oid FROM pg_extension WHERE extname = 'customer_seg') AND p.prokind = 'a'
  AND NOT EXISTS (SELECT FROM queries q WHERE q.q ~ ('\m' || p.proname || '\('));

CREATE FUNCTION pg_temp.run(q text) RETURNS text LANGUAGE plpgsql AS $$
DECLARE r text; BEGIN EXECUTE q INTO r; RETURN r; END $$;
CREATE FUNCTION pg_temp.plan(q text) RETURNS text LANGUAGE plpgsql AS $$
DECLARE line text; plan text := ''; BEGIN
  FOR line IN EXECUTE 'EXPLAIN (COSTS OFF) ' || q LOOP plan := plan || line || E'\n'; END LOOP;
  RETURN plan; END $$;

SET max_parallel_workers_per_gather = 0;
CREATE TEMP TABLE serial AS SELECT name, pg_temp.run(q) AS r FROM queries;

:force_parallel_plan

-- every query plans a Partial Aggregate (zero rows = pass)
SELECT name, pg_temp.plan(q) FROM queries WHERE pg_temp.plan(q) NOT LIKE '%Partial%Aggregate%';
EXPLAIN (COSTS OFF) SELECT value_cutoffs(net) FROM par_gen;

-- and gives the serial answer (zero rows = pass)
SELECT q.name, s.r AS serial, pg_temp.run(q.q) AS parallel
FROM queries q JOIN serial s USING (name)
WHERE pg_temp.run(q.q) IS DISTINCT FROM s.r;

-- GROUP BY under parallel query: each worker builds a summary per group
-- (Partial HashAggregate, or Partial GroupAggregate over a sort), a flat
-- value crosses the Gather, and the leader merges the workers' summaries of
-- each group (Finalize).  Both plans give the serial answers.
CREATE TABLE par_groups AS SELECT i % 300 AS k, net, f FROM par_gen;
CREATE TABLE par_sum_groups AS SELECT k % 40 AS g, s FROM par_sums;
ANALYZE par_groups, par_sum_groups;
CREATE TEMP TABLE group_queries (name text, q text);
INSERT INTO group_queries VALUES
 ('summaries per group', 'SELECT string_agg(concat_ws('' '', k, c, t, cu, s, sf), '';'' ORDER BY k) FROM (SELECT k, value_cutoffs(net) c, top_share(f, 0.2) t, value_curve(net, 5) cu, value_summary(net) s, value_summary(f) sf FROM par_groups GROUP BY k) x'),
 ('merge per group',     'SELECT string_agg(concat_ws('' '', g, s), '';'' ORDER BY g) FROM (SELECT g, value_summary_merge(s) s FROM par_sum_groups GROUP BY g) x');
RESET ALL;
SET max_parallel_workers_per_gather = 0;
CREATE TEMP TABLE group_serial AS SELECT name, pg_temp.run(q) AS r FROM group_queries;
SELECT name, length(r) > 1000 AS has_answer FROM group_serial ORDER BY name;

:force_parallel_plan
-- hashed: every query plans a Partial HashAggregate (zero rows = pass)
SELECT name, pg_temp.plan(q) FROM group_queries WHERE pg_temp.plan(q) NOT LIKE '%Partial HashAggregate%';
EXPLAIN (COSTS OFF) SELECT k, value_cutoffs(net), top_share(f, 0.2), value_curve(net, 5), value_summary(net) FROM par_groups GROUP BY k;
-- and gives the serial answer (zero rows = pass)
SELECT q.name, s.r AS serial, pg_temp.run(q.q) AS parallel
FROM group_queries q JOIN group_serial s USING (name)
WHERE pg_temp.run(q.q) IS DISTINCT FROM s.r;

-- sorted: every query plans a Partial GroupAggregate (zero rows = pass)
SET enable_hashagg = off;
SELECT name, pg_temp.plan(q) FROM group_queries WHERE pg_temp.plan(q) NOT LIKE '%Partial GroupAggregate%';
EXPLAIN (COSTS OFF) SELECT k, value_cutoffs(net), top_share(f, 0.2), value_curve(net, 5), value_summary(net) FROM par_groups GROUP BY k;
-- and gives the serial answer (zero rows = pass)
SELECT q.name, s.r AS serial, pg_temp.run(q.q) AS parallel
FROM group_queries q JOIN group_serial s USING (name)
WHERE pg_temp.run(q.q) IS DISTINCT FROM s.r;

RESET ALL;
DROP TABLE par_gen, par_sums, par_groups, par_sum_groups;
