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
CREATE TABLE par_sums AS SELECT i % 2000 AS k, value_cutoffs_partial(net) AS s, aging_profile_partial(net, dpd) AS a,
  payment_profile_partial(inv, due, paid, net, '2026-06-30') AS ps, recovery_rate_partial(abs(net) / 2, abs(net)) AS rs,
  cycle_migration_partial(delinquency_cycle(dpd), delinquency_cycle(dpd - 30 + i % 61), abs(net)) AS ls,
  roll_rate_partial(delinquency_cycle(dpd), CASE WHEN i % 9 <> 0 THEN delinquency_cycle(dpd - 30 + i % 61) END, abs(net), i % 17 = 0) AS rr,
  dso_countback_partial(CASE WHEN i = 60000 THEN abs(net) * 1000 END, abs(net), 1, DATE '2000-01-01' + i) AS cb,
  avg_holding_days_partial(net, 1000, 365) AS hs, purchase_summary_partial(inv, net, '2026-06-30') AS pu,
  trade_summary_partial(inv, net, abs(net) / 7, 365, '2026-06-30') AS ts,
  loss_rates_partial(due, paid, abs(net), i % 23 = 0, 120, '2026-06-30') AS lr, cutoff_counts_partial(net) AS ch,
  collection_workload_partial(collection_channel(dpd, abs(net)), abs(net), (i % 100) / 99.0, collection_commission(dpd, 'telecom')) AS cw,
  invoice_summary_partial(inv, due, paid, net, '{0,30,90}', 30, '2026-06-30') AS iv
FROM par_gen GROUP BY 1;
ANALYZE par_sums;

-- the queries, run once in parallel and once serially
CREATE TEMP TABLE queries (name text, q text);
INSERT INTO queries VALUES
 ('value_summary',       'SELECT value_cutoffs_partial(net)::text FROM par_gen'),
 ('value_summary f8',    'SELECT top_share_partial(f)::text FROM par_gen'),
 ('value_summary_merge', 'SELECT value_cutoffs_merge(s)::text FROM par_sums'),
 ('value_cutoffs',       'SELECT value_cutoffs(net)::text FROM par_gen'),
 ('value_cutoffs 3-arg', 'SELECT value_cutoffs_deprecated(net, 0.3, 0.1)::text FROM par_gen'),
 ('value_cutoffs shares', 'SELECT value_cutoffs(net, ''{0.03,0.3}'')::text FROM par_gen'),
 ('loyalty_cutoffs',     'SELECT loyalty_cutoffs(net)::text FROM par_gen'),
 ('loyalty_cutoffs shares', 'SELECT loyalty_cutoffs(net, ''{0.1,0.4}'')::text FROM par_gen'),
 ('loyalty_cutoffs_partial', 'SELECT loyalty_cutoffs_partial(net)::text FROM par_gen'),
 ('loyalty_cutoffs_merge', 'SELECT loyalty_cutoffs_merge(s)::text FROM par_sums'),
 ('value_cutoffs group', 'SELECT string_agg(c::text, '' '' ORDER BY grp) FROM (SELECT grp, value_cutoffs(net) c FROM par_gen GROUP BY grp) x'),
 ('top_share',           'SELECT top_share(net, 0.2)::text FROM par_gen'),
 ('top_share f8',        'SELECT top_share(f, 0.2)::text FROM par_gen'),
 ('value_curve',         'SELECT value_curve(net, 20)::text FROM par_gen'),
 ('value_curve f8',      'SELECT value_curve(f)::text FROM par_gen'),
 ('aging_profile',       'SELECT aging_profile(net, dpd)::text FROM par_gen'),
 ('aging_profile group', 'SELECT string_agg(p::text, '' '' ORDER BY grp) FROM (SELECT grp, aging_profile(net, dpd) p FROM par_gen GROUP BY grp) x'),
 ('aging_profile custom','SELECT aging_bucket_totals(net, dpd, ''{0,45,365}'')::text FROM par_gen'),
 ('aging_state',         'SELECT aging_profile_partial(net, dpd)::text FROM par_gen'),
 ('aging_state_merge',   'SELECT aging_profile_merge(a)::text FROM par_sums'),
 ('payment_profile',     'SELECT payment_profile(inv, due, paid, net, ''2026-06-30'')::text FROM par_gen'),
 ('payment_profile group','SELECT string_agg(p::text, '' '' ORDER BY grp) FROM (SELECT grp, payment_profile(inv, due, paid, net, ''2026-06-30'') p FROM par_gen GROUP BY grp) x'),
 ('payment_state',       'SELECT payment_profile_partial(inv, due, paid, net, ''2026-06-30'')::text FROM par_gen'),
 ('recovery_rate',       'SELECT recovery_rate(abs(net) / 2, abs(net))::text FROM par_gen'),
 ('cycle_migration',     'SELECT cycle_migration(delinquency_cycle(dpd), delinquency_cycle(dpd - 30 + i % 61), abs(net))::text FROM par_gen'),
 ('credit_state_merge',  'SELECT payment_profile_final(payment_profile_merge(ps))::text || recovery_rate_final(recovery_rate_merge(rs))::text || cycle_migration_final(credit_state_merge(ls))::text FROM par_sums'),
 ('recovery_state',      'SELECT recovery_rate_partial(abs(net) / 2, abs(net))::text FROM par_gen'),
 ('cycle_migration_partial', 'SELECT cycle_migration_partial(delinquency_cycle(dpd), delinquency_cycle(dpd - 30 + i % 61), abs(net))::text FROM par_gen'),
 ('cycle_migration_merge', 'SELECT cycle_migration_final(cycle_migration_merge(ls))::text FROM par_sums'),
 ('roll_rate',           'SELECT roll_rate(delinquency_cycle(dpd), CASE WHEN i % 9 <> 0 THEN delinquency_cycle(dpd - 30 + i % 61) END, abs(net), i % 17 = 0)::text FROM par_gen'),
 ('roll_rate_partial',   'SELECT roll_rate_partial(delinquency_cycle(dpd), CASE WHEN i % 9 <> 0 THEN delinquency_cycle(dpd - 30 + i % 61) END, abs(net), i % 17 = 0)::text FROM par_gen'),
 ('roll_rate_merge',     'SELECT roll_rate_final(roll_rate_merge(rr))::text FROM par_sums'),
 ('loss_rates',          'SELECT loss_rates(due, paid, abs(net), i % 23 = 0, 120, ''2026-06-30'')::text FROM par_gen'),
 ('loss_rates group',    'SELECT string_agg(l::text, '' '' ORDER BY grp) FROM (SELECT grp, loss_rates(due, paid, abs(net), i % 23 = 0, 120, ''2026-06-30'') l FROM par_gen GROUP BY grp) x'),
 ('loss_rates_partial',  'SELECT loss_rates_partial(due, paid, abs(net), i % 23 = 0, 120, ''2026-06-30'')::text FROM par_gen'),
 ('loss_rates_merge',    'SELECT loss_rates_final(loss_rates_merge(lr))::text FROM par_sums'),
 ('dso_countback group', 'SELECT string_agg(d::text, '' '' ORDER BY grp) FROM (SELECT grp, dso_countback(CASE WHEN i > 59990 THEN abs(net) * 100 END, abs(net), 1, DATE ''2000-01-01'' + i) d FROM par_gen GROUP BY grp) x'),
 ('dso_countback_partial', 'SELECT dso_countback_final(dso_countback_partial(CASE WHEN i = 60000 THEN abs(net) * 1000 END, abs(net), 1, DATE ''2000-01-01'' + i))::text FROM par_gen'),
 ('dso_countback_merge', 'SELECT dso_countback_final(dso_countback_merge(cb))::text FROM par_sums'),
 ('holding_state',       'SELECT avg_holding_days_partial(net, 1000, 365)::text FROM par_gen'),
 ('holding_state_merge', 'SELECT avg_holding_days_final(avg_holding_days_merge(hs))::text FROM par_sums'),
 ('avg_holding_days',    'SELECT string_agg(h::text, '' '' ORDER BY grp) FROM (SELECT grp, avg_holding_days(net, 1000, 365) h FROM par_gen GROUP BY grp) x'),
 ('top_share_partial',   'SELECT top_share_final(top_share_partial(net), 0.2)::text FROM par_gen'),
 ('value_curve_partial', 'SELECT value_curve_final(value_curve_partial(net), 20)::text || value_curve_final(value_curve_partial(f), 20)::text FROM par_gen'),
 ('value merges',        'SELECT top_share_merge(s)::text || value_curve_merge(s)::text FROM par_sums'),
 ('deprecated merges',   'SELECT value_summary_merge(s)::text || aging_state_merge(a)::text || credit_state_merge(ps)::text || avg_holding_final(holding_state_merge(hs))::text FROM par_sums'),
 ('deprecated partials', 'SELECT payment_state(inv, due, paid, net, ''2026-06-30'')::text || recovery_state(abs(net) / 2, abs(net))::text || holding_state(net, 1000, 365)::text FROM par_gen'),
 ('aging_bucket_totals parts', 'SELECT aging_bucket_totals_final(aging_bucket_totals_merge(p))::text || aging_profile_final_array(aging_bucket_totals_merge(p))::text FROM (SELECT grp, aging_bucket_totals_partial(net, dpd, ''{0,45,365}'') p FROM par_gen GROUP BY grp) x'),
 ('bgnbd_fit',           'SELECT bgnbd_fit(x::int, x * 100.0 / ((i * 37) % 100 + 1), 40 - i % 3)::text || bgnbd_fit_partial(x::int, x * 100.0 / ((i * 37) % 100 + 1), 40 - i % 3)::text FROM (SELECT i, least(floor(ln(((i * 29) % 97 + 1) / 98.0) / ln(1 - ((i * 13) % 10 + 1) / 25.0)), floor(38 * ((i * 37) % 100 + 1) / 100.0)) AS x FROM par_gen) s'),
 ('bgnbd_fit parts',     'SELECT bgnbd_fit_final(bgnbd_fit_merge(p))::text FROM (SELECT i % 50, bgnbd_fit_partial(x::int, x * 100.0 / ((i * 37) % 100 + 1), 40 - i % 3) p FROM (SELECT i, least(floor(ln(((i * 29) % 97 + 1) / 98.0) / ln(1 - ((i * 13) % 10 + 1) / 25.0)), floor(38 * ((i * 37) % 100 + 1) / 100.0)) AS x FROM par_gen) s GROUP BY 1) y'),
 ('gamma_gamma_fit',     'SELECT gamma_gamma_fit(1 + i % 5, (10 + (i * 37) % 41) * (1 + (i * 11) % 7))::text || gamma_gamma_fit_partial(1 + i % 5, (10 + (i * 37) % 41) * (1 + (i * 11) % 7))::text FROM par_gen'),
 ('gamma_gamma_fit parts', 'SELECT gamma_gamma_fit_final(gamma_gamma_fit_merge(p))::text FROM (SELECT grp, gamma_gamma_fit_partial(1 + i % 5, (10 + (i * 37) % 41) * (1 + (i * 11) % 7)) p FROM par_gen GROUP BY grp) y'),
 ('purchase_summary',    'SELECT purchase_summary(inv, net, ''2026-06-30'', 7)::text || purchase_summary(inv, net, ''2026-06-30'')::text FROM par_gen'),
 ('cutoff_counts',       'SELECT cutoff_counts(net)::text || cutoff_counts_partial(net)::text FROM par_gen'),
 ('cutoff_counts plan',  'SELECT cutoff_counts(net, (SELECT cutoff_round(cutoff_counts(net)) FROM par_gen))::text || cutoff_counts_partial(net, (SELECT cutoff_round(cutoff_counts(net)) FROM par_gen))::text FROM par_gen'),
 ('cutoff_counts_merge', 'SELECT cutoff_counts_merge(ch)::text FROM par_sums'),
 ('collection_workload', 'SELECT collection_workload(collection_channel(dpd, abs(net)), abs(net), (i % 100) / 99.0, CASE WHEN dpd > 365 THEN collection_commission(dpd) END)::text FROM par_gen'),
 ('collection_workload_partial', 'SELECT collection_workload_partial(collection_channel(dpd, abs(net)), abs(net), (i % 100) / 99.0, CASE WHEN dpd > 365 THEN collection_commission(dpd) END)::text FROM par_gen'),
 ('collection_workload_merge', 'SELECT collection_workload_final(collection_workload_merge(cw), 100, 200, 21, 1.5)::text FROM par_sums'),
 ('purchase_summary group', 'SELECT string_agg(p::text, '' '' ORDER BY grp) FROM (SELECT grp, purchase_summary(inv, net, ''2026-06-30'', 7) p FROM par_gen GROUP BY grp) x'),
 ('purchase_summary_partial', 'SELECT purchase_summary_partial(inv, net, ''2026-06-30'')::text FROM par_gen'),
 ('purchase_summary_merge', 'SELECT purchase_summary_final(purchase_summary_merge(pu))::text FROM par_sums'),
 ('trade_summary',       'SELECT trade_summary(inv, net, abs(net) / 7, 365, ''2026-06-30'')::text FROM par_gen'),
 ('trade_summary group', 'SELECT string_agg(t::text, '' '' ORDER BY grp) FROM (SELECT grp, trade_summary(inv, net * 1e12, abs(net) / 7, 90, ''2026-06-30'') t FROM par_gen GROUP BY grp) x'),
 ('trade_summary_partial', 'SELECT trade_summary_partial(inv, net, abs(net) / 7, 365, ''2026-06-30'')::text FROM par_gen'),
 ('trade_summary_merge', 'SELECT trade_summary_final(trade_summary_merge(ts))::text FROM par_sums'),
 ('invoice_summary',     'SELECT invoice_summary(inv, due, paid, net, ''{0,30,90}'', 30, ''2026-06-30'')::text FROM par_gen'),
 ('invoice_summary group', 'SELECT string_agg(v::text, '' '' ORDER BY grp) FROM (SELECT grp, invoice_summary(inv, due, paid, net, ''{0,15,45,120}'', 10, ''2026-06-30'') v FROM par_gen GROUP BY grp) x'),
 ('invoice_summary_partial', 'SELECT invoice_summary_partial(inv, due, paid, net, ''{0,30,90}'', 30, ''2026-06-30'')::text FROM par_gen'),
 ('invoice_summary_merge', 'SELECT invoice_summary_final(invoice_summary_merge(iv))::text FROM par_sums'),
 ('empty input',         'SELECT value_cutoffs(net)::text || coalesce(top_share(net, 0.2)::text, ''-'') || aging_profile(net, dpd)::text || payment_profile(inv, due, paid, net, ''2026-06-30'')::text || cycle_migration(0, 0, net)::text FROM par_gen WHERE i % 7 = 9');

-- every aggregate of the extension is among the queries (zero rows = pass)
SELECT p.oid::regprocedure AS aggregate_without_a_parallel_test
FROM pg_proc p JOIN pg_depend d ON d.classid = 'pg_proc'::regclass AND d.objid = p.oid AND d.deptype = 'e'
WHERE d.refobjid = (SELECT oid FROM pg_extension WHERE extname = 'customer_seg') AND p.prokind = 'a'
  AND NOT EXISTS (SELECT FROM queries q WHERE q.q ~ ('\m' || p.proname || '\('));

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
 ('summaries per group', 'SELECT string_agg(concat_ws('' '', k, c, t, cu, s, sf), '';'' ORDER BY k) FROM (SELECT k, value_cutoffs(net) c, top_share(f, 0.2) t, value_curve(net, 5) cu, value_cutoffs_partial(net) s, top_share_partial(f) sf FROM par_groups GROUP BY k) x'),
 ('merge per group',     'SELECT string_agg(concat_ws('' '', g, s), '';'' ORDER BY g) FROM (SELECT g, value_cutoffs_merge(s) s FROM par_sum_groups GROUP BY g) x');
RESET ALL;
SET max_parallel_workers_per_gather = 0;
CREATE TEMP TABLE group_serial AS SELECT name, pg_temp.run(q) AS r FROM group_queries;
SELECT name, length(r) > 1000 AS has_answer FROM group_serial ORDER BY name;

:force_parallel_plan
-- hashed: every query plans a Partial HashAggregate (zero rows = pass)
SELECT name, pg_temp.plan(q) FROM group_queries WHERE pg_temp.plan(q) NOT LIKE '%Partial HashAggregate%';
EXPLAIN (COSTS OFF) SELECT k, value_cutoffs(net), top_share(f, 0.2), value_curve(net, 5), value_cutoffs_partial(net) FROM par_groups GROUP BY k;
-- and gives the serial answer (zero rows = pass)
SELECT q.name, s.r AS serial, pg_temp.run(q.q) AS parallel
FROM group_queries q JOIN group_serial s USING (name)
WHERE pg_temp.run(q.q) IS DISTINCT FROM s.r;

-- sorted: every query plans a Partial GroupAggregate (zero rows = pass)
SET enable_hashagg = off;
SELECT name, pg_temp.plan(q) FROM group_queries WHERE pg_temp.plan(q) NOT LIKE '%Partial GroupAggregate%';
EXPLAIN (COSTS OFF) SELECT k, value_cutoffs(net), top_share(f, 0.2), value_curve(net, 5), value_cutoffs_partial(net) FROM par_groups GROUP BY k;
-- and gives the serial answer (zero rows = pass)
SELECT q.name, s.r AS serial, pg_temp.run(q.q) AS parallel
FROM group_queries q JOIN group_serial s USING (name)
WHERE pg_temp.run(q.q) IS DISTINCT FROM s.r;

RESET ALL;
DROP TABLE par_gen, par_sums, par_groups, par_sum_groups;
