-- scale-out: what a distributed engine does with our aggregates, simulated
-- on one node.  Citus 13
-- runs each aggregate's state function on the shards, ships the state as
-- text, parses it on the coordinator with the type's input function, merges
-- the states with the combine function and calls the final function.  Here:
-- x_final(x_merge(x_state(part)::text::state_type)) over parts that include
-- an empty one and a NULL-only one must equal x(all rows) exactly.
\set ECHO none
\i test/regress_helpers.sql
\set ECHO all

SELECT setseed(0.77) \g /dev/null
CREATE TABLE so_gen AS
SELECT i, i % 4 AS part,
       CASE WHEN i % 4 <> 2 THEN round((exp(random() * 9) - 40)::numeric, 2) END AS net,
       CASE WHEN i % 4 <> 2 THEN (random() * 1000)::float8 END AS f,
       (i * 7919) % 420 - 60 AS dpd,
       -- invoices up to as_of (2026-06-30): payment_profile refuses later ones
       DATE '2025-06-01' + (i * 31) % 395 AS inv, DATE '2025-06-01' + (i * 31) % 395 + 30 AS due,
       CASE WHEN i % 5 <> 0 THEN DATE '2025-06-01' + (i * 31) % 395 + (i * 13) % 200 END AS paid,
       (i % 8) AS c_from, ((i / 8) % 8) AS c_to
FROM generate_series(1, 40000) i
WHERE i % 4 <> 3;               -- part 3 is empty
-- one row per part, the empty part included, as shards would answer
CREATE TABLE so_states AS
SELECT p.part,
       value_cutoffs_partial(g.net)::text AS vs, top_share_partial(g.f)::text AS vsf,
       aging_profile_partial(g.net, g.dpd)::text AS ag,
       payment_profile_partial(g.inv, g.due, g.paid, g.net, '2026-06-30')::text AS ps,
       recovery_rate_partial(round(abs(g.net) / 3, 2), abs(g.net))::text AS rs,
       cycle_migration_partial(g.c_from, g.c_to, abs(g.net))::text AS ls,
       avg_holding_days_partial(g.net, 250000, 365)::text AS hs,
       -- RFM: recency and frequency of the rows with a net value (monetary: vs)
       value_cutoffs_partial(abs(g.dpd)) FILTER (WHERE g.net IS NOT NULL)::text AS rr,
       value_cutoffs_partial(g.c_from) FILTER (WHERE g.net IS NOT NULL)::text AS rf
FROM generate_series(0, 3) p(part) LEFT JOIN so_gen g ON g.part = p.part
GROUP BY p.part;
SELECT part, length(vs) > 0 AS has_summary, ag FROM so_states ORDER BY part;

-- every aggregate: the merged text states equal the single-node answer
-- (zero rows = pass)
WITH merged AS (
  SELECT value_cutoffs_merge(vs::value_summary) AS vs, value_cutoffs_merge(vsf::value_summary) AS vsf,
         aging_profile_merge(ag::aging_state) AS ag,
         payment_profile_merge(ps::credit_state) AS ps, recovery_rate_merge(rs::credit_state) AS rs,
         cycle_migration_merge(ls::credit_state) AS ls, avg_holding_days_merge(hs::int8[]) AS hs,
         value_cutoffs_merge(rr::value_summary) AS rr, value_cutoffs_merge(rf::value_summary) AS rf
  FROM so_states),
single AS (
  SELECT value_cutoffs(net)::text AS cutoffs, value_cutoffs(net, '{0.03,0.3}')::text AS cutoffs3,
         top_share(net, 0.2)::text AS top20, value_curve(net, 10)::text AS curve,
         top_share(f, 0.2)::text AS top20f, value_curve(f)::text AS curvef,
         aging_profile(net, dpd)::text AS aging,
         payment_profile(inv, due, paid, net, '2026-06-30')::text AS payment,
         recovery_rate(round(abs(net) / 3, 2), abs(net))::text AS recovery,
         cycle_migration(c_from, c_to, abs(net))::text AS roll,
         avg_holding_days(net, 250000, 365)::text AS holding,
         loyalty_cutoffs(net)::text AS loyalty, loyalty_cutoffs(net, '{0.1,0.4}')::text AS loyalty14,
         rfm_cutoffs(value_cutoffs_partial(abs(dpd)) FILTER (WHERE net IS NOT NULL),
                     value_cutoffs_partial(c_from) FILTER (WHERE net IS NOT NULL), value_cutoffs_partial(net))::text AS rfm,
         rfm_cutoffs(value_cutoffs_partial(abs(dpd)) FILTER (WHERE net IS NOT NULL),
                     value_cutoffs_partial(c_from) FILTER (WHERE net IS NOT NULL), value_cutoffs_partial(net),
                     4, 'r_rfm')::text AS rfm_r
  FROM so_gen),
two_phase AS (
  SELECT value_cutoffs_final(vs)::text AS cutoffs, value_cutoffs_final(vs, '{0.03,0.3}')::text AS cutoffs3,
         top_share_final(vs, 0.2)::text AS top20, value_curve_final(vs, 10)::text AS curve,
         top_share_final(vsf, 0.2)::text AS top20f, value_curve_final(vsf)::text AS curvef,
         aging_profile_final(ag)::text AS aging, payment_profile_final(ps)::text AS payment,
         recovery_rate_final(rs)::text AS recovery, cycle_migration_final(ls)::text AS roll,
         avg_holding_days_final(hs)::text AS holding,
         loyalty_cutoffs_final(vs, NULL)::text AS loyalty, loyalty_cutoffs_final(vs, '{0.1,0.4}')::text AS loyalty14,
         rfm_cutoffs(rr, rf, vs)::text AS rfm, rfm_cutoffs(rr, rf, vs, 4, 'r_rfm')::text AS rfm_r
  FROM merged)
SELECT k, s.v AS single_node, t.v AS two_phase
FROM (SELECT (jsonb_each_text(to_jsonb(single))).* FROM single) s(k, v)
JOIN (SELECT (jsonb_each_text(to_jsonb(two_phase))).* FROM two_phase) t(k, v) USING (k)
WHERE s.v IS DISTINCT FROM t.v;

-- the merges do not depend on the order of the parts (zero rows = pass)
SELECT 'order' AS problem
FROM (SELECT value_cutoffs_merge(vs::value_summary ORDER BY part)::text a,
             value_cutoffs_merge(vs::value_summary ORDER BY part DESC)::text b,
             aging_profile_merge(ag::aging_state ORDER BY part)::text c,
             aging_profile_merge(ag::aging_state ORDER BY part DESC)::text d,
             payment_profile_merge(ps::credit_state ORDER BY part)::text e,
             payment_profile_merge(ps::credit_state ORDER BY part DESC)::text g
      FROM so_states) x
WHERE a <> b OR c <> d OR e <> g;

-- global tiers in the two-phase form equal the window form (zero rows = pass)
WITH cut AS MATERIALIZED (SELECT value_cutoffs_final(value_cutoffs_merge(vs::value_summary)) AS c FROM so_states)
SELECT i FROM (
  SELECT i, value_tier(net) OVER () AS w, value_tier(net, (SELECT c FROM cut)) AS t
  FROM so_gen WHERE net IS NOT NULL) x
WHERE w IS DISTINCT FROM t;

-- bounded-traffic cut-offs: every round's state goes through its text form
-- per part (the empty part answers NULL, the NULL-only part an empty
-- state), the merged rounds give value_cutoffs exactly, and global tiers
-- from them equal the window form (zero rows = pass)
CREATE FUNCTION pg_temp.so_bounded(shares float8[]) RETURNS value_cutoffs_row LANGUAGE plpgsql AS $$
DECLARE plan cutoff_histogram; h cutoff_histogram;
BEGIN
  SELECT cutoff_counts_merge(s::cutoff_histogram) INTO h
  FROM (SELECT p.part, cutoff_counts_partial(g.net)::text AS s
        FROM generate_series(0, 3) p(part) LEFT JOIN so_gen g ON g.part = p.part GROUP BY p.part) x;
  plan := cutoff_round(h, shares);
  WHILE cutoff_result(plan) IS NULL LOOP
    SELECT cutoff_counts_merge(s::cutoff_histogram) INTO h
    FROM (SELECT p.part, cutoff_counts_partial(g.net, plan)::text AS s
          FROM generate_series(0, 3) p(part) LEFT JOIN so_gen g ON g.part = p.part GROUP BY p.part) x;
    plan := cutoff_round(h, shares);
  END LOOP;
  RETURN cutoff_result(plan);
END $$;
SELECT sh AS shares, single, bounded
FROM (VALUES (NULL::float8[]), ('{0.03,0.3}'), ('{0.5,1}')) v(sh),
     LATERAL (SELECT value_cutoffs(net, sh) AS single FROM so_gen) s,
     LATERAL (SELECT pg_temp.so_bounded(sh) AS bounded) b
WHERE single IS DISTINCT FROM bounded;
WITH cut AS MATERIALIZED (SELECT pg_temp.so_bounded(NULL) AS c)
SELECT i FROM (
  SELECT i, value_tier(net) OVER () AS w, value_tier(net, (SELECT c FROM cut)) AS t
  FROM so_gen WHERE net IS NOT NULL) x
WHERE w IS DISTINCT FROM t;

-- a state from one node version must not be misread by another: the text
-- carries a version tag, and a wrong one is an error
SELECT pg_temp.expect_error($$SELECT 'v9;payment'::credit_state$$);
SELECT pg_temp.expect_error($$SELECT 'v9;0;0;0;;'::aging_state$$);

DROP TABLE so_gen, so_states;

-- The sample warehouse's switch to distribute it on Citus (test/warehouse.sql,
-- -v distributed=auto|on|off): without the citus extension every setting
-- leaves the tables local and complete; 'on' says so, a bad value too
CREATE SCHEMA so_wh;
SET search_path = so_wh, public;
\set customers 50
\set ECHO none
\set distributed on
\i test/warehouse.sql
\set distributed off
\i test/warehouse.sql
\set distributed maybe
\i test/warehouse.sql
\unset distributed
\i test/warehouse.sql
\set ECHO all
SELECT c.relname, c.relkind, (SELECT count(*) FROM pg_constraint f WHERE f.conrelid = c.oid AND f.contype = 'f') AS foreign_keys
FROM pg_class c WHERE c.relnamespace = 'so_wh'::regnamespace AND c.relkind IN ('r', 'v') ORDER BY c.relname;
SELECT (SELECT count(*) FROM customers) AS customers, (SELECT count(*) FROM customer_value) AS customer_value,
       (SELECT count(*) > 0 FROM trades) AS has_trades, (SELECT count(*) > 0 FROM invoices) AS has_invoices;
RESET search_path;
SET client_min_messages = warning;
DROP SCHEMA so_wh CASCADE;
RESET client_min_messages;
