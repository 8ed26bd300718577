# Stored data survives ALTER EXTENSION UPDATE, from every released version.
#
# For each released version V (from pg_available_extension_versions, so a
# new release joins by itself), a database is made at V and filled, with
# only the API that V has (the objects below, keyed by the version that
# introduced the names they use), with the sample warehouse and:
# - tables with a column of every enum, composite and state type of the
#   extension and an array column of every enum and composite, filled from
#   the extension's functions, window functions and aggregates (states from
#   the state aggregates), a btree index on every such column, expression
#   and partial indexes over IMMUTABLE functions and enum comparisons;
# - plain views and materialized views (each with a unique index) over the
#   extension's functions, window functions and aggregates, and the views the
#   stored states were computed from.
# Every stored value, view and materialized view, the order of every enum
# column, index probes and every final function applied to the stored states
# are recorded as text; then ALTER EXTENSION customer_seg UPDATE runs with
# all of it in place and must leave:
# - the newest version installed, and the same catalog as a fresh install
#   (cs_members_sql: signatures, argument names and defaults, volatility,
#   strictness, parallel safety, types, enum labels in order, composite
#   attributes, comments);
# - every recorded text unchanged; every btree index valid (amcheck's
#   bt_index_check with heapallindexed, when the PostgreSQL install has
#   amcheck) and giving the same rows as a scan without indexes;
# - REFRESH MATERIALIZED VIEW, plain and CONCURRENTLY, giving the same rows;
# - the stored states read by every final function the newest version has
#   (found in the catalog: functions of a state type, with defaults for any
#   other argument, returning another type), with the same answers as states
#   computed afresh from the same rows, alone and merged with them (merge
#   aggregates and combine functions, found the same way);
# - the state types' binary COPY round trip exact;
# - a pg_dump of the updated database that restores, with the newest version
#   installed by CREATE EXTENSION, into a database that gives the same
#   answers.
# The checks after the update use no function or type name: they read
# columns, views made at V (which refer to the extension's objects by OID,
# so they survive ALTER ... RENAME) and catalog lookups.  A version released
# later than the newest set of objects below is reached by installing that
# set's version and updating to it first.
use strict;
use warnings;
use FindBin;
use lib $FindBin::Bin;
use CsTest;
use PostgreSQL::Test::Utils;
use Test::More;

my $customers = 400;

# What a user of each version builds, with that version's names; a database
# at version V gets every set whose version is V or older.
my %objects;
$objects{'0.1.0'} = <<'SQL';
-- receivables: enum, enum array, generated column, expression indexes
CREATE TABLE cs_receivable (
    id          bigint PRIMARY KEY,
    customer_id int NOT NULL,
    amount      numeric(14,2) NOT NULL,
    dpd         int NOT NULL,
    term        int NOT NULL,
    stage       collection_stage NOT NULL,
    stages      collection_stage[] NOT NULL,
    bucket      text GENERATED ALWAYS AS (aging_bucket(dpd)) STORED
);
INSERT INTO cs_receivable (id, customer_id, amount, dpd, term, stage, stages)
SELECT id, customer_id, amount, dpd, term, collection_stage(dpd, term),
       ARRAY[collection_stage(dpd, term, 15), collection_stage(dpd - 30, term)]
FROM (SELECT id, customer_id, amount, due_date - invoice_date AS term,
             days_past_due(due_date, DATE '2026-06-30', paid_date) AS dpd
      FROM invoices) i;
CREATE INDEX cs_receivable_bucket ON cs_receivable (aging_bucket(dpd, '{0,15,45,90}'));
CREATE INDEX cs_receivable_bucket_no ON cs_receivable (aging_bucket_no(dpd)) WHERE dpd > 0;
CREATE INDEX cs_receivable_stage_of ON cs_receivable (collection_stage(dpd, 30, 20));
CREATE INDEX cs_receivable_cycle ON cs_receivable (delinquency_label(dpd), delinquency_cycle(dpd));
CREATE INDEX cs_receivable_late ON cs_receivable (customer_id) WHERE stage >= 'warning';

-- customers: tiers from window functions, cut-offs and aging profiles
CREATE TABLE cs_customer AS
SELECT v.customer_id, v.branch, v.net,
       value_tier(v.net) OVER () AS tier,
       ARRAY[value_tier(v.net, v.net <= 0 AND v.assets > 100000) OVER (),
             value_tier(v.net::float8, false, 0.1, 0.5) OVER (PARTITION BY v.branch)] AS tiers,
       value_cutoffs(v.net) OVER (PARTITION BY v.branch) AS cutoffs,
       ARRAY[value_cutoffs(v.net) OVER (), value_cutoffs(v.net, 0.1, 0.5) OVER ()] AS all_cutoffs,
       a.profile, ARRAY[a.profile, a.profile_q1] AS profiles
FROM customer_value v
LEFT JOIN (SELECT customer_id,
                  aging_profile(amount, days_past_due(due_date, DATE '2026-06-30', paid_date)) AS profile,
                  aging_profile(amount, days_past_due(due_date, DATE '2026-03-31', paid_date))
                    FILTER (WHERE invoice_date <= DATE '2026-03-31') AS profile_q1
           FROM invoices GROUP BY customer_id) a USING (customer_id);
ALTER TABLE cs_customer ADD PRIMARY KEY (customer_id);
CREATE INDEX cs_customer_tier_of ON cs_customer (value_tier(net, cutoffs));

-- aggregate states stored in a table, and the view that computes them
CREATE VIEW cs_states_live AS
SELECT c.id AS customer_id, t.vs_num, t.vs_f8, t.vs_amount, ARRAY[t.vs_num, t.vs_amount] AS vs_all,
       a.st, ARRAY[a.st, a.st_q1] AS st_all
FROM customers c
LEFT JOIN (SELECT customer_id, value_summary(commission) AS vs_num,
                  value_summary(round(amount)::float8) AS vs_f8, value_summary(amount) AS vs_amount
           FROM trades GROUP BY customer_id) t ON t.customer_id = c.id
LEFT JOIN (SELECT customer_id,
                  aging_state(amount, days_past_due(due_date, DATE '2026-06-30', paid_date)) AS st,
                  aging_state(amount, days_past_due(due_date, DATE '2026-03-31', paid_date))
                    FILTER (WHERE invoice_date <= DATE '2026-03-31') AS st_q1
           FROM invoices GROUP BY customer_id) a ON a.customer_id = c.id;
CREATE TABLE cs_states AS SELECT * FROM cs_states_live;
ALTER TABLE cs_states ADD PRIMARY KEY (customer_id);

-- a plain view: window functions, aggregates used as window functions,
-- two-step tiers and functions of stored states
CREATE VIEW cs_tier_view AS
SELECT c.customer_id, c.branch, c.net, c.tier,
       value_tier(c.net) OVER () AS tier_now,
       value_tier(c.net, c.cutoffs) AS tier_by_cutoffs,
       percentile_tier(c.net, '{0.1,0.5}') OVER (PARTITION BY c.branch) AS pct,
       top_share(greatest(c.net, 0), 0.2) OVER (PARTITION BY c.branch) AS top20,
       value_curve(greatest(c.net, 0), 4) OVER (PARTITION BY c.branch) AS curve,
       value_cutoffs(s.vs_num) AS trade_cutoffs, value_cutoffs(s.vs_num, 0.1, 0.5) AS trade_cutoffs2,
       top_share(s.vs_num, 0.2) AS trade_top20, value_curve(s.vs_f8, 5) AS trade_curve,
       value_cutoffs_final(s.vs_amount) AS amount_cutoffs,
       aging_profile_final(s.st) AS aging, aging_profile_final_array(s.st) AS aging_array,
       (aging_profile_final(s.st)).overdue_share
FROM cs_customer c JOIN cs_states_live s USING (customer_id);

-- materialized views with unique indexes (REFRESH ... CONCURRENTLY)
CREATE MATERIALIZED VIEW cs_branch_m AS
SELECT c.branch, count(*) AS customers,
       value_cutoffs(c.net) AS cutoffs, value_cutoffs(c.net, 0.1, 0.5) AS cutoffs2,
       top_share(greatest(c.net, 0), 0.2) AS top20, top_share(greatest(round(c.net), 0)::float8, 0.05) AS top5,
       value_curve(greatest(c.net, 0), 5) AS curve, value_summary(c.net) AS summary,
       min(c.tier) AS best_tier, max(c.tier) AS worst_tier,
       mode() WITHIN GROUP (ORDER BY c.tier) AS usual_tier,
       value_summary_merge(s.vs_num) AS trades_summary,
       value_cutoffs(value_summary_merge(s.vs_num)) AS trades_cutoffs,
       aging_state_merge(s.st) AS aging_state,
       aging_profile_final(aging_state_merge(s.st)) AS aging
FROM cs_customer c JOIN cs_states s USING (customer_id)
GROUP BY c.branch;
CREATE UNIQUE INDEX cs_branch_m_key ON cs_branch_m (branch);

CREATE MATERIALIZED VIEW cs_stage_m AS
SELECT stage, count(*) AS invoices, sum(amount) AS amount,
       aging_profile(amount, dpd) AS profile,
       aging_profile(amount, dpd, '{0,10,20}') AS buckets,
       aging_state(amount, dpd) AS state,
       array_agg(DISTINCT bucket ORDER BY bucket) AS bucket_labels,
       array_agg(DISTINCT delinquency_label(dpd) ORDER BY delinquency_label(dpd)) AS cycles
FROM cs_receivable GROUP BY stage;
CREATE UNIQUE INDEX cs_stage_m_key ON cs_stage_m (stage);
SQL
$objects{'0.2.0'} = <<'SQL';
-- payment behaviour, grades, classes and risk groups per customer
CREATE TABLE cs_credit AS
SELECT c.id AS customer_id, p.profile, ARRAY[p.profile, p.profile_q1] AS profiles,
       credit_grade(p.profile) AS grade,
       ARRAY[credit_grade((p.profile).avg_days_to_pay), credit_grade(p.profile, '{30,90,180}')] AS grades,
       overdue_class(p.profile) AS class,
       ARRAY[overdue_class((p.profile).overdue_amount, (p.profile).oldest_overdue_days,
                           credit_grade(p.profile), 5000, 90)] AS classes,
       risk_group(p.profile) AS risk,
       ARRAY[risk_group((p.profile).overdue_count, (p.profile).overdue_amount,
                        (p.profile).max_days_past_due)] AS risks,
       r.rolls, r.rolls[1] AS roll
FROM customers c
LEFT JOIN (SELECT customer_id,
                  payment_profile(invoice_date, due_date, paid_date, amount, DATE '2026-06-30') AS profile,
                  payment_profile(invoice_date, due_date, paid_date, amount, DATE '2026-03-31')
                    FILTER (WHERE invoice_date <= DATE '2026-03-31') AS profile_q1
           FROM invoices GROUP BY customer_id) p ON p.customer_id = c.id
LEFT JOIN (SELECT c2.branch,
                  roll_rate(delinquency_cycle(greatest(days_past_due(i.due_date, DATE '2026-03-31', i.paid_date), 0)),
                            delinquency_cycle(greatest(days_past_due(i.due_date, DATE '2026-06-30', i.paid_date), 0)),
                            i.amount) AS rolls
           FROM invoices i JOIN customers c2 ON c2.id = i.customer_id
           WHERE i.invoice_date <= DATE '2026-03-31'
           GROUP BY c2.branch) r ON r.branch = c.branch;
ALTER TABLE cs_credit ADD PRIMARY KEY (customer_id);
CREATE INDEX cs_credit_grade_of ON cs_credit (credit_grade((profile).avg_days_to_pay, '{45,120,200}'));
CREATE INDEX cs_credit_class_of ON cs_credit (overdue_class(profile));
CREATE INDEX cs_credit_terms ON cs_credit (collection_terms(grade));

-- loyalty, trading behaviour and RFM per customer
CREATE TABLE cs_behaviour AS
SELECT b.customer_id, b.score,
       loyalty_tier(b.score) OVER () AS loyalty,
       ARRAY[loyalty_tier(b.score, 0.1, 0.2) OVER (PARTITION BY b.branch)] AS loyalties,
       b.hold_days, holding_style(b.hold_days) AS style, ARRAY[holding_style(b.hold_days, '{30,90}')] AS styles,
       holding_class(b.hold_days, '{1,7,30,90,180,365}', '{day,week,month,quarter,half_year,year,long}') AS hold_class,
       b.holding, b.risky_share, risk_appetite(b.risky_share) AS appetite,
       ARRAY[risk_appetite(b.risky_share, '{0.2,0.5}'), risk_appetite(b.risk_score / 100.0)] AS appetites,
       is_dormant(b.last_trade, DATE '2026-06-30') AS dormant,
       rfm_score(DATE '2026-06-30' - b.last_trade, b.trades, b.commission) OVER () AS rfm,
       rfm_segment(rfm_score(DATE '2026-06-30' - b.last_trade, b.trades, b.commission) OVER ()) AS segment,
       ARRAY[rfm_segment(rfm_score(DATE '2026-06-30' - b.last_trade, b.trades, b.commission) OVER (PARTITION BY b.branch)),
             rfm_segment('155'::text)] AS segments
FROM (SELECT c.id AS customer_id, c.branch, c.risk_score,
             loyalty_score(DATE '2026-06-30' - c.opened, coalesce(t.trades, 0), c.commission_discount, c.referrals) AS score,
             t.hold_days, t.holding, t.risky_share, t.last_trade, t.trades, t.commission
      FROM customers c
      LEFT JOIN (SELECT t.customer_id, count(*) AS trades, sum(t.commission) AS commission, max(t.trade_date) AS last_trade,
                        avg_holding_days(t.amount, c.assets, 365) AS hold_days,
                        holding_state(t.amount, c.assets, 365) AS holding,
                        round(sum(t.amount) FILTER (WHERE t.product IN ('tech', 'a_share')) / sum(t.amount), 4) AS risky_share
                 FROM trades t JOIN customers c ON c.id = t.customer_id
                 GROUP BY t.customer_id) t ON t.customer_id = c.id) b;
ALTER TABLE cs_behaviour ADD PRIMARY KEY (customer_id);
CREATE INDEX cs_behaviour_style_of ON cs_behaviour (holding_style(hold_days, '{90,365}'));
CREATE INDEX cs_behaviour_appetite_of ON cs_behaviour (risk_appetite(risky_share));
CREATE INDEX cs_behaviour_segment_of ON cs_behaviour (rfm_segment(rfm));

-- credit states stored in a table, and the view that computes them
CREATE VIEW cs_credit_states_live AS
SELECT c.id AS customer_id, i.pay, i.recovery, i.roll, ARRAY[i.pay, i.recovery, i.roll] AS all_states
FROM customers c
LEFT JOIN (SELECT customer_id,
                  payment_state(invoice_date, due_date, paid_date, amount, DATE '2026-06-30') AS pay,
                  recovery_state(CASE WHEN dpd_q1 > 0 AND paid_date > DATE '2026-03-31'
                                       AND paid_date <= DATE '2026-06-30' THEN amount ELSE 0 END,
                                 CASE WHEN dpd_q1 > 0 THEN amount ELSE 0 END)
                    FILTER (WHERE invoice_date <= DATE '2026-03-31') AS recovery,
                  roll_state(delinquency_cycle(greatest(dpd_q1, 0)), delinquency_cycle(greatest(dpd, 0)), amount)
                    FILTER (WHERE invoice_date <= DATE '2026-03-31') AS roll
           FROM (SELECT *, days_past_due(due_date, DATE '2026-03-31', paid_date) AS dpd_q1,
                        days_past_due(due_date, DATE '2026-06-30', paid_date) AS dpd
                 FROM invoices) i
           GROUP BY customer_id) i ON i.customer_id = c.id;
CREATE TABLE cs_credit_states AS SELECT * FROM cs_credit_states_live;
ALTER TABLE cs_credit_states ADD PRIMARY KEY (customer_id);

CREATE VIEW cs_credit_view AS
SELECT k.customer_id, k.grade, collection_terms(k.grade) AS terms,
       credit_grade((k.profile).avg_days_to_pay, '{45,120,200}') AS strict_grade,
       overdue_class(k.profile, 2000, 120) AS class, risk_group(k.profile, 1, 3) AS risk,
       dso((k.profile).open_amount, 100000, 90) AS dso,
       cei(10000000, 5000000, (k.profile).open_amount, (k.profile).open_amount - (k.profile).overdue_amount) AS cei,
       payment_profile_final(s.pay) AS profile, recovery_rate_final(s.recovery) AS recovery,
       roll_rate_final(s.roll) AS rolls,
       b.loyalty, loyalty_tier(b.score) OVER (PARTITION BY k.grade) AS loyalty_in_grade,
       rfm_score(least(b.hold_days, 100000)::int, b.score, b.risky_share) OVER () AS rfm_other,
       avg_holding_final(b.holding) AS hold_days
FROM cs_credit k JOIN cs_credit_states s USING (customer_id) JOIN cs_behaviour b USING (customer_id);

CREATE MATERIALIZED VIEW cs_grade_m AS
SELECT coalesce(k.grade::text, '-') AS grade_key, k.grade, count(*) AS customers,
       min(b.segment) AS best_segment, mode() WITHIN GROUP (ORDER BY b.loyalty) AS usual_loyalty,
       max(b.style) AS longest_style, max(k.risk) AS worst_risk,
       payment_profile_final(credit_state_merge(s.pay)) AS profile,
       credit_state_merge(s.pay) AS pay,
       recovery_rate_final(credit_state_merge(s.recovery)) AS recovery,
       roll_rate_final(credit_state_merge(s.roll)) AS rolls,
       avg(avg_holding_final(b.holding)) AS hold_days
FROM cs_credit k JOIN cs_credit_states s USING (customer_id) JOIN cs_behaviour b USING (customer_id)
GROUP BY k.grade;
CREATE UNIQUE INDEX cs_grade_m_key ON cs_grade_m (grade_key);

CREATE MATERIALIZED VIEW cs_branch_credit_m AS
SELECT c.branch,
       payment_profile(i.invoice_date, i.due_date, i.paid_date, i.amount, DATE '2026-06-30') AS profile,
       credit_grade(payment_profile(i.invoice_date, i.due_date, i.paid_date, i.amount, DATE '2026-06-30')) AS grade,
       recovery_rate(CASE WHEN i.paid_date <= DATE '2026-06-30' THEN i.amount ELSE 0 END, i.amount) AS paid_share,
       roll_rate(delinquency_cycle(greatest(days_past_due(i.due_date, DATE '2026-03-31', i.paid_date), 0)),
                 delinquency_cycle(greatest(days_past_due(i.due_date, DATE '2026-06-30', i.paid_date), 0)),
                 i.amount) FILTER (WHERE i.invoice_date <= DATE '2026-03-31') AS rolls,
       payment_state(i.invoice_date, i.due_date, i.paid_date, i.amount, DATE '2026-06-30') AS state
FROM invoices i JOIN customers c ON c.id = i.customer_id
GROUP BY c.branch;
CREATE UNIQUE INDEX cs_branch_credit_m_key ON cs_branch_credit_m (branch);
SQL

# Session-local helpers (pg_temp, so they are never dumped): every name they
# use is found in the catalog.
my $helpers = <<'SQL';
SET client_min_messages = warning;
CREATE FUNCTION pg_temp.cs_ext() RETURNS oid LANGUAGE sql STABLE
AS $$ SELECT oid FROM pg_extension WHERE extname = 'customer_seg' $$;
-- the extension's types of kind k (e enum, c composite, b base = state)
CREATE FUNCTION pg_temp.cs_types(k "char") RETURNS SETOF oid LANGUAGE sql STABLE AS $$
SELECT t.oid FROM pg_type t
JOIN pg_depend d ON d.classid = 'pg_type'::regclass AND d.objid = t.oid AND d.deptype = 'e'
 AND d.refclassid = 'pg_extension'::regclass AND d.refobjid = pg_temp.cs_ext()
WHERE t.typtype = k $$;
-- the extension's functions and aggregates
CREATE FUNCTION pg_temp.cs_procs() RETURNS SETOF pg_proc LANGUAGE sql STABLE AS $$
SELECT p.* FROM pg_proc p
JOIN pg_depend d ON d.classid = 'pg_proc'::regclass AND d.objid = p.oid AND d.deptype = 'e'
 AND d.refclassid = 'pg_extension'::regclass AND d.refobjid = pg_temp.cs_ext() $$;
-- a call of function f on $1 (and $2), every other argument its default,
-- cast to its exact type so that the call resolves to f and no overload (an
-- overload whose defaults make the call ambiguous answers ERROR 42725, as
-- users' calls by name would)
CREATE FUNCTION pg_temp.cs_call(f oid, args text) RETURNS text LANGUAGE sql STABLE AS $$
SELECT format('%I.%I(%s%s)', n.nspname, p.proname, args,
              coalesce((SELECT string_agg(format(', (%s)::%s', pg_get_function_arg_default(p.oid, i + 1),
                                                 format_type(p.proargtypes[i], NULL)), '' ORDER BY i)
                        FROM generate_series(cardinality(string_to_array(args, ',')), p.pronargs - 1) i), ''))
FROM pg_proc p JOIN pg_namespace n ON n.oid = p.pronamespace WHERE p.oid = f $$;
-- final functions of state type t: t first, defaults for the rest, another result
CREATE FUNCTION pg_temp.cs_finals(t oid)
RETURNS TABLE (fn oid, sig text, call text, current bool) LANGUAGE sql STABLE AS $$
SELECT p.oid, p.oid::regprocedure::text, pg_temp.cs_call(p.oid, '$1'),
       coalesce(obj_description(p.oid, 'pg_proc'), '') NOT ILIKE 'deprecated%'
FROM pg_temp.cs_procs() p
WHERE p.prokind = 'f' AND p.pronargs >= 1 AND p.proargtypes[0] = t
  AND p.pronargdefaults = p.pronargs - 1 AND NOT p.proretset
  AND p.prorettype NOT IN (t, 'cstring'::regtype, 'bytea'::regtype)
ORDER BY 2 $$;
-- the answer of a call as text, or its SQLSTATE
CREATE FUNCTION pg_temp.cs_try(call text, a anyelement, b anyelement) RETURNS text LANGUAGE plpgsql AS $$
DECLARE r text;
BEGIN
  EXECUTE format('SELECT (%s)::text', call) INTO r USING a, b;
  RETURN coalesce(r, 'NULL');
EXCEPTION WHEN OTHERS THEN
  RETURN 'ERROR ' || SQLSTATE;
END $$;
-- columns of public relations (kinds in rk) whose type (or element type) is
-- of the extension
CREATE FUNCTION pg_temp.cs_columns(rk "char"[])
RETURNS TABLE (rel regclass, col name, typ oid, elem oid, kind "char") LANGUAGE sql STABLE AS $$
SELECT c.oid::regclass, a.attname, a.atttypid, coalesce(e.oid, t.oid), coalesce(e.typtype, t.typtype)
FROM pg_class c JOIN pg_attribute a ON a.attrelid = c.oid AND a.attnum > 0 AND NOT a.attisdropped
JOIN pg_type t ON t.oid = a.atttypid LEFT JOIN pg_type e ON e.oid = t.typelem AND t.typcategory = 'A'
WHERE c.relnamespace = 'public'::regnamespace AND c.relkind = ANY (rk)
  AND coalesce(e.oid, t.oid) IN (SELECT pg_temp.cs_types('e') UNION ALL SELECT pg_temp.cs_types('c')
                                 UNION ALL SELECT pg_temp.cs_types('b'))
ORDER BY 1::text, a.attnum $$;
-- the one text answer of a query, or its error
CREATE FUNCTION pg_temp.cs_query(q text) RETURNS text LANGUAGE plpgsql AS $$
DECLARE r text;
BEGIN
  EXECUTE q INTO r;
  RETURN r;
EXCEPTION WHEN OTHERS THEN
  RETURN format('ERROR %s: %s', SQLSTATE, SQLERRM);
END $$;
-- One row per recorded answer: key, then the answer (rows joined by \x1e).
CREATE FUNCTION pg_temp.cs_answers(only_rel regclass DEFAULT NULL) RETURNS TABLE (k text, v text) LANGUAGE plpgsql AS $$
DECLARE r record; lit text; op text; q text; line text; plan text; seq text;
BEGIN
  -- every row of every table, view and materialized view
  FOR r IN SELECT c.oid::regclass AS rel FROM pg_class c
           WHERE c.relnamespace = 'public'::regnamespace AND c.relkind IN ('r', 'v', 'm')
             AND (only_rel IS NULL OR c.oid = only_rel) ORDER BY 1::text LOOP
    k := 'rows of ' || r.rel;
    v := pg_temp.cs_query(format('SELECT string_agg(t::text, E''\x1e'' ORDER BY t::text) FROM %s t', r.rel));
    RETURN NEXT;
  END LOOP;
  IF only_rel IS NOT NULL THEN
    RETURN;
  END IF;
  -- the order of every enum column: its values with their counts in ORDER
  -- BY order, min and max, and < = > between every two distinct values
  FOR r IN SELECT * FROM pg_temp.cs_columns('{r,v,m}') WHERE kind = 'e' LOOP
    k := format('order of %s.%s', r.rel, r.col);
    v := pg_temp.cs_query(format('SELECT concat_ws(E''\x1e'', '
                   '(SELECT string_agg(format(''%%s:%%s'', x, n), '' '' ORDER BY x) FROM (SELECT %1$I AS x, count(*) AS n FROM %2$s GROUP BY 1) g), '
                   '(SELECT min(%1$I)::text || '' '' || max(%1$I)::text FROM %2$s), '
                   '(SELECT string_agg(CASE WHEN x < y THEN ''<'' WHEN x = y THEN ''='' WHEN x > y THEN ''>'' END, '''' ORDER BY x, y) '
                   ' FROM (SELECT DISTINCT %1$I AS x FROM %2$s) a CROSS JOIN (SELECT DISTINCT %1$I AS y FROM %2$s) b))',
                   r.col, r.rel));
    RETURN NEXT;
  END LOOP;
  -- every btree index: the rows from a range and from an equality probe on
  -- its first key (a value a third of the way up), as found through the
  -- index with sequential scans off, which must use the index and agree
  -- with a scan that uses no index
  FOR r IN SELECT i.indexrelid::regclass AS idx, i.indrelid::regclass AS rel,
                  pg_get_indexdef(i.indexrelid, 1, false) AS key,
                  coalesce(pg_get_expr(i.indpred, i.indrelid), 'true') AS pred
           FROM pg_index i JOIN pg_class c ON c.oid = i.indrelid JOIN pg_class ic ON ic.oid = i.indexrelid
           WHERE c.relnamespace = 'public'::regnamespace AND ic.relam = (SELECT oid FROM pg_am WHERE amname = 'btree')
           ORDER BY 1::text LOOP
    lit := pg_temp.cs_query(format('SELECT quote_literal((%1$s)::text) || ''::'' || pg_typeof(%1$s) FROM %2$s WHERE (%3$s) AND NOT (%1$s) IS NULL '
                   'ORDER BY (%1$s) OFFSET (SELECT count(*) / 3 FROM %2$s WHERE (%3$s) AND NOT (%1$s) IS NULL) LIMIT 1',
                   r.key, r.rel, r.pred));
    FOREACH op IN ARRAY ARRAY['>=', '='] LOOP
      k := format('index %s %s', r.idx, op);
      IF lit LIKE 'ERROR%' THEN
        v := lit;
        RETURN NEXT;
        CONTINUE;
      END IF;
      q := format('SELECT count(*) || '' '' || coalesce(md5(string_agg(t::text, '','' ORDER BY t::text)), ''-'') '
                  'FROM %s t WHERE (%s) %s %s AND (%s)', r.rel, r.key, op, coalesce(lit, 'NULL'), r.pred);
      PERFORM set_config('enable_seqscan', 'off', true);
      plan := '';
      FOR line IN EXECUTE 'EXPLAIN (COSTS OFF) ' || q LOOP plan := plan || line || ' '; END LOOP;
      v := pg_temp.cs_query(q);
      PERFORM set_config('enable_seqscan', 'on', true);
      PERFORM set_config('enable_indexscan', 'off', true);
      PERFORM set_config('enable_indexonlyscan', 'off', true);
      PERFORM set_config('enable_bitmapscan', 'off', true);
      seq := pg_temp.cs_query(q);
      PERFORM set_config('enable_indexscan', 'on', true);
      PERFORM set_config('enable_indexonlyscan', 'on', true);
      PERFORM set_config('enable_bitmapscan', 'on', true);
      IF position(r.idx::text IN plan) = 0 THEN
        v := v || ' (index not used: ' || plan || ')';
      ELSIF v IS DISTINCT FROM seq THEN
        v := v || ' (index scan) <> ' || seq || ' (no index)';
      END IF;
      RETURN NEXT;
    END LOOP;
  END LOOP;
END $$;
-- every final function on every state column of relation rel
CREATE FUNCTION pg_temp.cs_final_answers(rel regclass, only_current bool DEFAULT false)
RETURNS TABLE (fn oid, sig text, col name, v text) LANGUAGE plpgsql AS $$
DECLARE c record; f record;
BEGIN
  FOR c IN SELECT * FROM pg_temp.cs_columns('{r,v,m}') x WHERE x.rel = cs_final_answers.rel AND kind = 'b' AND typ = elem LOOP
    FOR f IN SELECT * FROM pg_temp.cs_finals(c.typ) x WHERE x.current OR NOT only_current LOOP
      fn := f.fn; sig := f.sig; col := c.col;
      EXECUTE format('SELECT string_agg(pg_temp.cs_try(%L, t.%I, NULL), '' '' ORDER BY t::text) FROM %s t',
                     f.call, c.col, rel) INTO v;
      RETURN NEXT;
    END LOOP;
  END LOOP;
END $$;
-- the stored states of rel.col and the same states computed now by the
-- view live: every final function on each, combined pairwise by every
-- combine function, and merged by every merge aggregate (alone and mixed);
-- and how many stored states each current final function accepts
CREATE FUNCTION pg_temp.cs_pair_answers(rel regclass, live regclass, col name)
RETURNS TABLE (k text, stored text, fresh text) LANGUAGE plpgsql AS $$
DECLARE t oid; f record; c record; m record; q text;
BEGIN
  SELECT atttypid INTO t FROM pg_attribute WHERE attrelid = rel AND attname = col;
  FOR f IN SELECT * FROM pg_temp.cs_finals(t) LOOP
    k := 'final: each state, ' || f.sig;
    EXECUTE format('SELECT string_agg(pg_temp.cs_try(%1$L, s.%2$I, NULL), '' '' ORDER BY s.customer_id), '
                   'string_agg(pg_temp.cs_try(%1$L, l.%2$I, NULL), '' '' ORDER BY s.customer_id) '
                   'FROM %3$s s JOIN %4$s l USING (customer_id)', f.call, col, rel, live) INTO stored, fresh;
    RETURN NEXT;
    IF f.current THEN
      k := 'accepted: states read by ' || f.sig;
      EXECUTE format('SELECT count(*) FILTER (WHERE pg_temp.cs_try(%1$L, s.%2$I, NULL) NOT LIKE ''ERROR%%'')::text, '
                     'count(*) FILTER (WHERE pg_temp.cs_try(%1$L, l.%2$I, NULL) NOT LIKE ''ERROR%%'')::text '
                     'FROM %3$s s JOIN %4$s l USING (customer_id) WHERE s.%2$I IS NOT NULL', f.call, col, rel, live)
        INTO stored, fresh;
      RETURN NEXT;
    END IF;
    FOR c IN SELECT p.oid FROM pg_temp.cs_procs() p
             WHERE p.prokind = 'f' AND p.pronargs = 2 AND p.proargtypes[0] = t AND p.proargtypes[1] = t
               AND p.prorettype = t LOOP
      k := format('combined: each stored state by %s with its fresh one, %s', c.oid::regprocedure, f.sig);
      q := replace(f.call, '$1', pg_temp.cs_call(c.oid, '$1, $2'));
      EXECUTE format('SELECT string_agg(pg_temp.cs_try(%1$L, s.%2$I, l.%2$I), '' '' ORDER BY s.customer_id), '
                     'string_agg(pg_temp.cs_try(%1$L, l.%2$I, l.%2$I), '' '' ORDER BY s.customer_id) '
                     'FROM %3$s s JOIN %4$s l USING (customer_id)', q, col, rel, live) INTO stored, fresh;
      RETURN NEXT;
    END LOOP;
    FOR m IN SELECT format('%I.%I', n.nspname, p.proname) AS agg, p.oid FROM pg_temp.cs_procs() p
             JOIN pg_namespace n ON n.oid = p.pronamespace
             WHERE p.prokind = 'a' AND p.pronargs = 1 AND p.proargtypes[0] = t AND p.prorettype = t LOOP
      k := format('merged: all states by %s, %s', m.oid::regprocedure, f.sig);
      EXECUTE format('SELECT pg_temp.cs_try(%1$L, (SELECT %2$s(s.%3$I) FROM %4$s s), NULL), '
                     'pg_temp.cs_try(%1$L, (SELECT %2$s(l.%3$I) FROM %5$s l), NULL)', f.call, m.agg, col, rel, live)
        INTO stored, fresh;
      RETURN NEXT;
      k := format('mixed: stored and fresh states merged by %s, %s', m.oid::regprocedure, f.sig);
      EXECUTE format('SELECT pg_temp.cs_try(%1$L, (SELECT %2$s(x) FROM (SELECT s.%3$I AS x FROM %4$s s UNION ALL SELECT l.%3$I FROM %5$s l) u), NULL), '
                     'pg_temp.cs_try(%1$L, (SELECT %2$s(x) FROM (SELECT l.%3$I AS x FROM %5$s l UNION ALL SELECT l.%3$I FROM %5$s l) u), NULL)',
                     f.call, m.agg, col, rel, live)
        INTO stored, fresh;
      RETURN NEXT;
    END LOOP;
  END LOOP;
END $$;
RESET client_min_messages;
SQL

# Relations whose state columns final functions are run on.
my $state_rels = <<'SQL';
SELECT DISTINCT rel::text FROM pg_temp.cs_columns('{r,v,m}') WHERE kind = 'b' ORDER BY 1
SQL

my $node = cs_node('stored');
my $newest = $node->safe_psql('postgres',
	"SELECT default_version FROM pg_available_extensions WHERE name = 'customer_seg'");
my @released = split /\n/, $node->safe_psql('postgres',
	"SELECT version FROM pg_available_extension_versions WHERE name = 'customer_seg' AND version <> '$newest' "
	  . "ORDER BY string_to_array(version, '.')::int[]");
ok(@released >= 2, "released versions before $newest: @released");
my $amcheck = $node->safe_psql('postgres', "SELECT count(*) FROM pg_available_extensions WHERE name = 'amcheck'");
note('amcheck is not installed in this PostgreSQL: btree indexes are checked by index scans only')
  unless $amcheck;

# Compare version numbers such as 0.2.0 and 0.10.0.
sub vcmp
{
	my ($x, $y) = @_;
	my @x = split /\./, $x;
	my @y = split /\./, $y;
	while (@x || @y)
	{
		my $c = (shift(@x) // 0) <=> (shift(@y) // 0);
		return $c if $c;
	}
	return 0;
}

# The first difference between two answers (rows are joined by \x1e).
sub first_difference
{
	my ($got, $want) = @_;
	return 'missing' unless defined $got;
	my @g = split /\x1e/, $got, -1;
	my @w = split /\x1e/, $want, -1;
	for my $i (0 .. ($#g > $#w ? $#g : $#w))
	{
		my ($x, $y) = ($g[$i] // '(none)', $w[$i] // '(none)');
		return sprintf('row %d: got %.300s, want %.300s', $i + 1, $x, $y) if $x ne $y;
	}
	return 'same';
}

# Hash of key => answer.
sub answers
{
	my ($db, $sql) = @_;
	my %h;
	for my $line (split /\n/, $node->safe_psql($db, $helpers . $sql))
	{
		my ($k, $v) = split /\x1f/, $line, 2;
		$h{$k} = $v // '';
	}
	return \%h;
}
my $answers_sql = "SELECT k || E'\\x1f' || coalesce(v, 'NULL') FROM pg_temp.cs_answers();";

# Final functions on stored states: two hashes, keyed by function OID (the
# same function before and after the update, whatever its name) and by
# signature (the same function in another database).
sub final_answers
{
	my ($db) = @_;
	my @rels = split /\n/, $node->safe_psql($db, $helpers . $state_rels);
	my $sql = join(' UNION ALL ',
		map { "SELECT fn || ' $_.' || col || E'\\x1f' || sig || ' $_.' || col || E'\\x1f' || coalesce(v, 'NULL') "
			  . "FROM pg_temp.cs_final_answers('$_')" } @rels);
	my (%by_fn, %by_sig);
	for my $line (split /\n/, $node->safe_psql($db, "$helpers$sql;"))
	{
		my ($fn, $sig, $v) = split /\x1f/, $line, 3;
		$by_fn{$fn} = $by_sig{$sig} = $v;
	}
	return (\%by_fn, \%by_sig);
}

# Compare two hashes of answers: one test, the differences in the diagnostics.
sub same_answers
{
	my ($got, $want, $name) = @_;
	# stored values first, then enum orders, then index probes
	my %rank = (rows => 0, order => 1, index => 2);
	my @bad = map { "$_: " . first_difference($got->{$_}, $want->{$_}) }
	  sort { ($rank{ (split / /, $a)[0] } // 3) <=> ($rank{ (split / /, $b)[0] } // 3) or $a cmp $b }
	  grep { !defined $got->{$_} || $got->{$_} ne $want->{$_} } keys %$want;
	unshift @bad, '(ERROR 42725: a call by name with the defaults is ambiguous: an overload with defaults'
	  . ' hides the function, in users\' queries and in restored views too)'
	  if grep { /ERROR 42725/ } @bad;
	unshift @bad, scalar(grep { !/^\(ERROR/ } @bad) . ' differences:' if @bad;
	ok(!@bad && keys %$want > 0, $name) or diag(join("\n", @bad[ 0 .. ($#bad < 30 ? $#bad : 30) ]));
	return;
}

# Every btree index passes amcheck's bt_index_check with heapallindexed
# (the expression of every index entry recomputed from its heap row).
sub check_indexes
{
	my ($db, $name) = @_;
	return unless $amcheck;
	my ($ret, $out, $err) = $node->psql($db, <<'SQL');
CREATE EXTENSION amcheck;
SELECT count(bt_index_check(i.indexrelid, true))
FROM pg_index i JOIN pg_class c ON c.oid = i.indrelid JOIN pg_class ic ON ic.oid = i.indexrelid
WHERE c.relnamespace = 'public'::regnamespace AND ic.relam = (SELECT oid FROM pg_am WHERE amname = 'btree');
DROP EXTENSION amcheck;
SQL
	ok($ret == 0 && $out > 10, "$name: bt_index_check of every btree index ($out)") or diag($err);
	return;
}

my $catalog = cs_members_sql();
$node->safe_psql('postgres', 'CREATE DATABASE fresh');
$node->safe_psql('fresh', 'CREATE EXTENSION customer_seg');
my $fresh_catalog = $node->safe_psql('fresh', $catalog);
my $dir = PostgreSQL::Test::Utils::tempdir;

foreach my $v (@released)
{
	(my $db = "stored_$v") =~ s/\W/_/g;
	my @sets = grep { vcmp($_, $v) <= 0 } sort { vcmp($a, $b) } keys %objects;
	if (!@sets)
	{
		note("no objects written for $v or an older version");
		next;
	}
	my $base = $sets[-1];
	$node->safe_psql('postgres', "CREATE DATABASE $db");
	$node->safe_psql($db, "CREATE EXTENSION customer_seg VERSION '$base'");
	$node->command_ok(
		[ 'psql', '-X', '-q', '-v', 'ON_ERROR_STOP=1', '-v', "customers=$customers",
		  '-d', $node->connstr($db), '-f', "$CS_TESTDIR/warehouse.sql" ],
		"$v: warehouse");
	for my $set (@sets)
	{
		my ($ret, $out, $err) = $node->psql($db, $objects{$set}, on_error_stop => 1);
		is($ret, 0, "$v: the objects of ${set}'s API") or diag($err);
	}
	# a btree index on every enum, composite and array column
	$node->safe_psql($db, $helpers . <<'SQL');
DO $$
DECLARE r record;
BEGIN
  FOR r IN SELECT * FROM pg_temp.cs_columns('{r}') WHERE kind IN ('e', 'c') LOOP
    EXECUTE format('CREATE INDEX ON %s (%I)', r.rel, r.col);
  END LOOP;
END $$;
ANALYZE;
SQL
	if ($base ne $v)
	{
		$node->safe_psql($db, "ALTER EXTENSION customer_seg UPDATE TO '$v'");
	}
	is($node->safe_psql($db, "SELECT extversion FROM pg_extension WHERE extname = 'customer_seg'"), $v,
		"$v: installed");

	# every type of the extension is stored: in a table column, and enums
	# and composites in an array column too
	my $missing = $node->safe_psql($db, $helpers . <<'SQL');
SELECT string_agg(format_type(t, NULL), ', ' ORDER BY 1)
FROM (SELECT pg_temp.cs_types('e') AS t UNION ALL SELECT pg_temp.cs_types('c')
      UNION ALL SELECT pg_temp.cs_types('b')) x
WHERE NOT EXISTS (SELECT FROM pg_temp.cs_columns('{r}') WHERE typ = t)
   OR (NOT EXISTS (SELECT FROM pg_temp.cs_columns('{r}') WHERE elem = t AND typ <> t)
       AND (SELECT typtype FROM pg_type WHERE oid = t) <> 'b');
SQL
	if ($base eq $v)
	{
		is($missing, '', "$v: a table column (and an array column) of every type");
	}
	elsif ($missing ne '')
	{
		note("$v: no stored column of the types added after $base yet: $missing");
	}

	check_indexes($db, "$v before the update");
	my $before = answers($db, $answers_sql);
	my ($before_finals) = final_answers($db);
	my @problems = grep { $before->{$_} =~ /\((index not used|index scan)/ } keys %$before;
	ok(!@problems, "$v: every index probe uses its index and agrees with a scan without indexes")
	  or diag(join("\n", map { "$_: $before->{$_}" } @problems));

	my ($ret, $out, $err) = $node->psql($db, 'ALTER EXTENSION customer_seg UPDATE');
	is($ret, 0, "$v: ALTER EXTENSION UPDATE with the stored data in place") or diag($err);
	is($node->safe_psql($db, "SELECT extversion FROM pg_extension WHERE extname = 'customer_seg'"),
		$newest, "$v: updates to $newest");
	is($node->safe_psql($db, $catalog), $fresh_catalog, "$v -> $newest: the same catalog as a fresh install");

	my $after = answers($db, $answers_sql);
	same_answers($after, $before,
		"$v -> $newest: every stored value, view, materialized view, enum order and index probe as before");
	check_indexes($db, "$v -> $newest");
	my ($after_finals, $after_finals_by_sig) = final_answers($db);
	same_answers($after_finals, $before_finals,
		"$v -> $newest: every final function of $v gives the same answers on the stored states");

	# the states stored at V (a table T keyed by customer_id) and the same
	# states computed now by the view T_live that computed them at V, through
	# every final function of the newest version, alone, combined and merged
	# with each other
	my @pairs = split /\n/, $node->safe_psql($db, $helpers . <<'SQL');
SELECT s.rel || ' ' || l.rel || ' ' || s.col
FROM pg_temp.cs_columns('{r}') s JOIN pg_temp.cs_columns('{v}') l
  ON l.rel::text = s.rel::text || '_live' AND l.col = s.col
WHERE s.kind = 'b' AND s.typ = s.elem
ORDER BY 1
SQL
	ok(@pairs >= 2, "$v: stored states and the views that compute them: " . join(', ', @pairs));
	for my $pair (@pairs)
	{
		my ($rel, $live, $col) = split / /, $pair;
		my (@bad, $accepted, %kinds);
		for my $line (split /\n/, $node->safe_psql($db, $helpers .
				"SELECT concat_ws(E'\\x1f', k, stored, fresh) FROM pg_temp.cs_pair_answers('$rel', '$live', '$col');"))
		{
			my ($k, $stored, $fresh) = split /\x1f/, $line, -1;
			push @bad, "$k: stored " . substr($stored // '', 0, 300) . "; fresh " . substr($fresh // '', 0, 300)
			  if ($stored // '') ne ($fresh // '');
			$accepted += $stored if $k =~ /^accepted:/;
			$kinds{$1}++ if $k =~ /^(\w+):/;
		}
		ok(!@bad, "$v -> $newest: $rel.$col stored at $v gives the same answers as computed now ("
			  . join(', ', map { "$kinds{$_} $_" } sort keys %kinds) . ')')
		  or diag(join("\n", @bad[ 0 .. ($#bad < 9 ? $#bad : 9) ]));
		ok($accepted, "$v -> $newest: current final functions accept the states of $rel.$col ($accepted)");
	}

	# binary COPY of every table with state columns
	for my $rel (split /\n/, $node->safe_psql($db, $helpers .
			"SELECT DISTINCT rel::text FROM pg_temp.cs_columns('{r}') WHERE kind = 'b' ORDER BY 1;"))
	{
		my $file = "$dir/${db}_$rel.bin";
		is($node->safe_psql($db, <<"SQL"), '0', "$v -> $newest: binary COPY round trip of $rel");
COPY $rel TO '$file' (FORMAT binary);
CREATE TEMP TABLE copied (LIKE $rel);
COPY copied FROM '$file' (FORMAT binary);
SELECT count(*) FROM ((SELECT t::text FROM $rel t EXCEPT ALL SELECT t::text FROM copied t)
                      UNION ALL (SELECT t::text FROM copied t EXCEPT ALL SELECT t::text FROM $rel t)) d;
SQL
	}

	# materialized views refresh to the same rows, plainly and concurrently
	for my $mv (split /\n/, $node->safe_psql($db,
			"SELECT oid::regclass FROM pg_class WHERE relkind = 'm' AND relnamespace = 'public'::regnamespace ORDER BY 1"))
	{
		for my $how ('', 'CONCURRENTLY ')
		{
			my ($ret, $out, $err) = $node->psql($db, "REFRESH MATERIALIZED VIEW $how$mv");
			is($ret, 0, "$v -> $newest: REFRESH MATERIALIZED VIEW $how$mv") or diag($err);
			my $rows = answers($db, "SELECT k || E'\\x1f' || coalesce(v, 'NULL') FROM pg_temp.cs_answers('$mv');");
			same_answers($rows, { "rows of $mv" => $before->{"rows of $mv"} },
				"$v -> $newest: $mv after REFRESH $how has the same rows");
		}
	}

	# pg_dump of the updated database restores where CREATE EXTENSION
	# installs the newest version
	my $restored = "${db}_restored";
	$node->command_ok([ 'pg_dump', '-Fc', '-f', "$dir/$db.dump", '-d', $node->connstr($db) ],
		"$v -> $newest: pg_dump");
	$node->safe_psql('postgres', "CREATE DATABASE $restored");
	ok(run_log([ 'pg_restore', '--exit-on-error', '-d', $node->connstr($restored), "$dir/$db.dump" ]),
		"$v -> $newest: pg_restore into a new database")
	  or next;
	is($node->safe_psql($restored, "SELECT extversion FROM pg_extension WHERE extname = 'customer_seg'"),
		$newest, "$v -> $newest: the restored database has $newest");
	is($node->safe_psql($restored, $catalog), $fresh_catalog,
		"$v -> $newest: the restored database has the catalog of a fresh install");
	same_answers(answers($restored, $answers_sql), $before,
		"$v -> $newest: restored, every stored value, view, materialized view, enum order and index probe as before");
	same_answers((final_answers($restored))[1], $after_finals_by_sig,
		"$v -> $newest: restored, every final function gives the same answers on the stored states");
	check_indexes($restored, "$v -> $newest restored");
}

$node->stop;
done_testing();
