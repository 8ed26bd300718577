-- customer_seg 0.3.0 -> 0.3.1: the segmentation model (docs/model.md).
--
-- Four functions turn the extension's functions into one refreshable table
-- per customer that a BI tool reads and a scheduled job refreshes:
-- segmentation_model_create builds, in a schema of the caller's choice, a
-- rules table holding every threshold, the materialized view
-- customer_segments over an input schema of three views (customers, trades,
-- invoices) and the summary views; segmentation_model_refresh refreshes it;
-- segmentation_model_drop removes it; segmentation_rules lists the rules.
-- segmentation_rule_check validates one rule's value; the rules table calls
-- it in a CHECK constraint, so that a bad value is refused when it is
-- written, not when the next refresh runs.
--
-- The four orchestration functions run DDL, so they are VOLATILE and
-- PARALLEL UNSAFE (the one exception to the contract's rule that every
-- function is IMMUTABLE and PARALLEL SAFE; sql/contract.sql lists them).
-- They run as the calling role (never SECURITY DEFINER): the objects belong
-- to the caller, who needs CREATE on the database (or on an existing model
-- schema) and SELECT on the input views.  Every identifier that comes from
-- an argument is quoted with quote_ident() and every value with
-- quote_literal(); the generated SQL names the extension's objects with the
-- extension's schema, so the model works whatever the search_path.
-- Nothing is renamed or dropped in 0.3.1.
\echo Use "ALTER EXTENSION customer_seg UPDATE TO '0.3.1'" to load this file. \quit

-- ---------------------------------------------------------------------------
-- Rules: their order, type, default and meaning.  The one list: the rules
-- table is filled from it, and the view reads each rule with its type and
-- falls back to its default when the row is missing.
-- ---------------------------------------------------------------------------

-- Whether value is valid for rule; an invalid value (or an unknown rule)
-- raises 22023 naming the rule and the value, with what the check said in
-- the detail and the rule's form in the hint.  Array and option rules are
-- checked by the very function that will read them.
CREATE FUNCTION @extschema@.segmentation_rule_check(rule pg_catalog.text, value pg_catalog.text)
RETURNS pg_catalog.bool LANGUAGE plpgsql IMMUTABLE PARALLEL SAFE
SET search_path = pg_catalog, pg_temp AS $$
DECLARE
  hint text;
  why text;
  why_detail text;
  d date;
  n numeric;
BEGIN
  IF rule IS NULL OR value IS NULL THEN
    RETURN NULL;
  END IF;
  hint := CASE rule
    WHEN 'as_of' THEN 'Write refresh_date (the day the refresh runs) or a date as YYYY-MM-DD.'
    WHEN 'lookback_days' THEN 'Write a whole number of days, at least 1, e.g. 365.'
    WHEN 'value_shares' THEN 'Write two cumulative shares of the customers, best tier first, e.g. {0.05,0.2}.'
    WHEN 'potential_min_assets' THEN 'Write an amount of assets, 0 or more, e.g. 200000.'
    WHEN 'dormancy_days' THEN 'Write a whole number of days, at least 1, e.g. 180.'
    WHEN 'loyalty_weights' THEN 'Write five weights (tenure, trades, discount, referrals, new products), e.g. {0.30,0.25,0.20,0.15,0.10}.'
    WHEN 'loyalty_shares' THEN 'Write two cumulative shares of the customers, best tier first, e.g. {0.2,0.5}.'
    WHEN 'rfm_bins' THEN 'Write a whole number of bins from 1 to 100, e.g. 5 (the segments are named for 5 bins).'
    WHEN 'rfm_method' THEN 'Write ntile or r_rfm.'
    WHEN 'holding_boundaries' THEN 'Write two increasing whole numbers of days, e.g. {60,180}.'
    WHEN 'holding_horizon_days' THEN 'Write a whole number of days, at least 1, e.g. 3650.'
    WHEN 'risk_appetite_boundaries' THEN 'Write two increasing fractions in [0, 1], e.g. {0.3,0.7}.'
    WHEN 'aging_boundaries' THEN 'Write increasing whole numbers of days, e.g. {0,30,60,90,180}.'
    WHEN 'grade_limits' THEN 'Write three increasing whole numbers of days, e.g. {60,150,240}.'
    WHEN 'large_amount' THEN 'Write an amount above 0, e.g. 10000.'
    WHEN 'legal_days' THEN 'Write a whole number of days, at least 1, e.g. 180.'
    WHEN 'risk_medium_count' THEN 'Write a whole number of overdue invoices, at least 1, e.g. 2.'
    WHEN 'risk_high_count' THEN 'Write a whole number of overdue invoices, at least 1, e.g. 4.'
    WHEN 'risk_medium_amount' THEN 'Write an amount above 0, e.g. 1000.'
    WHEN 'risk_high_amount' THEN 'Write an amount above 0, e.g. 10000.'
    WHEN 'risk_medium_days' THEN 'Write a whole number of days, at least 1, e.g. 31.'
    WHEN 'risk_high_days' THEN 'Write a whole number of days, at least 1, e.g. 91.'
    WHEN 'collection_step_days' THEN 'Write a whole number of days, at least 1, e.g. 30.'
  END;
  IF hint IS NULL THEN
    RAISE EXCEPTION 'unknown segmentation rule %', quote_literal(rule)
      USING ERRCODE = 'invalid_parameter_value',
            HINT = 'The rules and their defaults: SELECT * FROM segmentation_rules(NULL).';
  END IF;
  BEGIN
    CASE
      WHEN rule = 'as_of' THEN
        IF value <> 'refresh_date' THEN
          IF value !~ '^\d{4}-\d{2}-\d{2}$' THEN
            RAISE EXCEPTION 'not refresh_date and not a date written YYYY-MM-DD';
          END IF;
          d := value::date;
        END IF;
      WHEN rule IN ('lookback_days', 'dormancy_days', 'holding_horizon_days', 'legal_days',
                    'risk_medium_count', 'risk_high_count', 'risk_medium_days', 'risk_high_days',
                    'collection_step_days') THEN
        IF value::int4 < 1 THEN
          RAISE EXCEPTION 'must be at least 1';
        END IF;
      WHEN rule = 'rfm_bins' THEN
        IF value::int4 NOT BETWEEN 1 AND 100 THEN
          RAISE EXCEPTION 'must be from 1 to 100';
        END IF;
      WHEN rule = 'rfm_method' THEN
        IF value NOT IN ('ntile', 'r_rfm') THEN
          RAISE EXCEPTION 'not a method of rfm_score';
        END IF;
      WHEN rule = 'potential_min_assets' THEN
        n := value::numeric;
        IF n < 0 OR n = 'NaN' OR n IN ('Infinity', '-Infinity') THEN
          RAISE EXCEPTION 'must be a finite amount, 0 or more';
        END IF;
      WHEN rule IN ('large_amount', 'risk_medium_amount', 'risk_high_amount') THEN
        n := value::numeric;
        IF NOT n > 0 OR n = 'NaN' OR n IN ('Infinity', '-Infinity') THEN
          RAISE EXCEPTION 'must be a finite amount above 0';
        END IF;
      WHEN rule IN ('value_shares', 'loyalty_shares') THEN
        PERFORM @extschema@.value_cutoffs_final('v1;numeric;0;-;-;1;1'::@extschema@.value_summary, value::float8[]);
      WHEN rule = 'loyalty_weights' THEN
        PERFORM @extschema@.loyalty_score(0, 0, 0, 0, 0, value::float8[]);
      WHEN rule = 'holding_boundaries' THEN
        PERFORM @extschema@.holding_style(0, value::int4[]);
      WHEN rule = 'risk_appetite_boundaries' THEN
        PERFORM @extschema@.risk_appetite(0, value::numeric[]);
      WHEN rule = 'aging_boundaries' THEN
        PERFORM @extschema@.aging_bucket_labels(value::int4[]);
      WHEN rule = 'grade_limits' THEN
        PERFORM @extschema@.credit_grade(0::numeric, value::int4[]);
    END CASE;
  EXCEPTION WHEN OTHERS THEN
    GET STACKED DIAGNOSTICS why = MESSAGE_TEXT, why_detail = PG_EXCEPTION_DETAIL;
    RAISE EXCEPTION 'invalid value % for segmentation rule %', quote_literal(value), rule
      USING ERRCODE = 'invalid_parameter_value',
            DETAIL = rtrim(why, '.') || '.' || coalesce(' ' || nullif(why_detail, ''), ''),
            HINT = hint;
  END;
  RETURN true;
END $$;
COMMENT ON FUNCTION @extschema@.segmentation_rule_check(pg_catalog.text, pg_catalog.text) IS
'true when value is valid for the segmentation rule; otherwise 22023 naming the rule and the value (the CHECK of the model''s rules table, docs/model.md)';

-- Every rule in force in the model schema, in a fixed order: its value (the
-- default when the rules table lacks the row), its default and meaning.
-- With a NULL schema: the defaults, without a model.
CREATE FUNCTION @extschema@.segmentation_rules(model_schema pg_catalog.text DEFAULT 'seg')
RETURNS TABLE (rule pg_catalog.text, value pg_catalog.text, default_value pg_catalog.text, description pg_catalog.text)
LANGUAGE plpgsql VOLATILE PARALLEL UNSAFE
SET search_path = pg_catalog, pg_temp AS $$
DECLARE
  defaults CONSTANT text := $d$(VALUES
    (1, 'as_of', 'date', 'refresh_date', 'the as-of date: refresh_date (the day the refresh runs) or a date YYYY-MM-DD'),
    (2, 'lookback_days', 'int4', '365', 'days of trades counted: as_of - lookback_days < trade_date <= as_of (trades, commission, holding, loyalty)'),
    (3, 'value_shares', 'float8[]', '{0.05,0.2}', 'value_tier: cumulative shares of the VIP and important tiers'),
    (4, 'potential_min_assets', 'numeric', '200000', 'a dormant customer with assets above this is potential, not no_value'),
    (5, 'dormancy_days', 'int4', '180', 'is_dormant: no trade for more than this many days'),
    (6, 'loyalty_weights', 'float8[]', '{0.30,0.25,0.20,0.15,0.10}', 'loyalty_score: weights of tenure, trades, discount, referrals, new products'),
    (7, 'loyalty_shares', 'float8[]', '{0.2,0.5}', 'loyalty_tier: cumulative shares of the high and medium tiers'),
    (8, 'rfm_bins', 'int4', '5', 'rfm_score: bins per measure (segments are named for 5 bins only)'),
    (9, 'rfm_method', 'text', 'ntile', 'rfm_score: ntile (equal counts) or r_rfm (value cut-points)'),
    (10, 'holding_boundaries', 'int4[]', '{60,180}', 'holding_style: days where mid_term and long_term start'),
    (11, 'holding_horizon_days', 'int4', '3650', 'an average holding period beyond this many days is not credible: NULL, holding_beyond_horizon'),
    (12, 'risk_appetite_boundaries', 'numeric[]', '{0.3,0.7}', 'risk_appetite: risky shares where balanced and aggressive start'),
    (13, 'aging_boundaries', 'int4[]', '{0,30,60,90,180}', 'aging_buckets: days past due where each bucket ends'),
    (14, 'grade_limits', 'int4[]', '{60,150,240}', 'credit_grade: days to pay within which a customer is A, B, C'),
    (15, 'large_amount', 'numeric', '10000', 'overdue_class: an overdue amount from which a customer is class A'),
    (16, 'legal_days', 'int4', '180', 'overdue_class: days past due beyond which a debt is class C'),
    (17, 'risk_medium_count', 'int8', '2', 'risk_group: overdue invoices that make a customer medium'),
    (18, 'risk_high_count', 'int8', '4', 'risk_group: overdue invoices that make a customer high'),
    (19, 'risk_medium_amount', 'numeric', '1000', 'risk_group: overdue amount that makes a customer medium'),
    (20, 'risk_high_amount', 'numeric', '10000', 'risk_group: overdue amount that makes a customer high'),
    (21, 'risk_medium_days', 'int4', '31', 'risk_group: days past due that make a customer medium'),
    (22, 'risk_high_days', 'int4', '91', 'risk_group: days past due that make a customer high'),
    (23, 'collection_step_days', 'int4', '30', 'collection_stage: days of each escalation step')
  ) AS d(n, rule, type, default_value, description)$d$;
BEGIN
  IF model_schema IS NULL THEN
    RETURN QUERY EXECUTE 'SELECT d.rule, d.default_value, d.default_value, d.description FROM '
                         || defaults || ' ORDER BY d.n';
    RETURN;
  END IF;
  IF to_regclass(quote_ident(model_schema) || '.rules') IS NULL THEN
    RAISE EXCEPTION 'no segmentation model in schema %', quote_ident(model_schema)
      USING ERRCODE = 'undefined_table',
            HINT = 'Create it with segmentation_model_create(model_schema => ' || quote_literal(model_schema)
                   || '); segmentation_rules(NULL) lists the defaults.';
  END IF;
  RETURN QUERY EXECUTE 'SELECT d.rule, coalesce(r.value, d.default_value), d.default_value, '
                       || 'coalesce(r.description, d.description) FROM ' || defaults
                       || ' LEFT JOIN ' || quote_ident(model_schema) || '.rules r ON r.rule = d.rule ORDER BY d.n';
END $$;
COMMENT ON FUNCTION @extschema@.segmentation_rules(pg_catalog.text) IS
'every rule of the segmentation model in model_schema, in a fixed order: value in force, default, meaning; with NULL, the defaults (docs/model.md)';

-- ---------------------------------------------------------------------------
-- The model: create, refresh, drop
-- ---------------------------------------------------------------------------

-- Creates (or re-creates) the model in model_schema over the input views of
-- input_schema: the schema if missing, the rules table if missing (an
-- existing one keeps the analyst's values; rules it lacks are added with
-- their defaults), the materialized view customer_segments (populated, with
-- a unique index on customer_id for REFRESH ... CONCURRENTLY) and the
-- summary views.  Returns one line: the view, its customers, the as-of date.
CREATE FUNCTION @extschema@.segmentation_model_create(model_schema pg_catalog.text DEFAULT 'seg',
                                                      input_schema pg_catalog.text DEFAULT 'seg_input')
RETURNS pg_catalog.text LANGUAGE plpgsql VOLATILE PARALLEL UNSAFE
SET search_path = pg_catalog, pg_temp SET client_min_messages = warning AS $$
DECLARE
  m text;
  i text;
  need record;
  missing text[] := '{}';
  rules_sql text;
  ddl text;
  n int8;
  a date;
BEGIN
  IF model_schema IS NULL OR input_schema IS NULL THEN
    RAISE EXCEPTION 'model_schema and input_schema must not be NULL'
      USING ERRCODE = 'null_value_not_allowed', HINT = 'Omit an argument to use its default (seg, seg_input).';
  END IF;
  m := quote_ident(model_schema);
  i := quote_ident(input_schema);

  -- the input contract: three relations and their columns
  FOR need IN SELECT * FROM (VALUES
      (1, 'customers', ARRAY['customer_id', 'opened', 'assets', 'discount', 'referrals', 'net', 'risky_share']),
      (2, 'trades', ARRAY['customer_id', 'trade_date', 'amount', 'commission']),
      (3, 'invoices', ARRAY['customer_id', 'invoice_date', 'due_date', 'paid_date', 'amount'])) v(o, rel, cols)
    ORDER BY o LOOP
    IF to_regclass(i || '.' || quote_ident(need.rel)) IS NULL THEN
      missing := missing || (i || '.' || need.rel || ' (no such table or view)');
    ELSE
      missing := missing || ARRAY(
        SELECT i || '.' || need.rel || '.' || c FROM unnest(need.cols) WITH ORDINALITY u(c, k)
        WHERE NOT EXISTS (SELECT FROM pg_attribute t
                          WHERE t.attrelid = to_regclass(i || '.' || quote_ident(need.rel))
                            AND t.attname = c AND t.attnum > 0 AND NOT t.attisdropped)
        ORDER BY k);
    END IF;
  END LOOP;
  IF cardinality(missing) > 0 THEN
    RAISE EXCEPTION 'the input schema % does not follow the input contract', i
      USING ERRCODE = 'undefined_column',
            DETAIL = 'Missing: ' || array_to_string(missing, ', ') || '.',
            HINT = 'Create the views customers(customer_id, opened, assets, discount, referrals, net, risky_share), '
                   || 'trades(customer_id, trade_date, amount, commission) and '
                   || 'invoices(customer_id, invoice_date, due_date, paid_date, amount) in ' || i || ' (docs/model.md).';
  END IF;

  -- the schema (CREATE SCHEMA IF NOT EXISTS would ask for CREATE on the
  -- database even when the schema exists)
  IF NOT EXISTS (SELECT FROM pg_namespace WHERE nspname = model_schema) THEN
    BEGIN
      EXECUTE 'CREATE SCHEMA ' || m;
    EXCEPTION WHEN insufficient_privilege THEN
      RAISE EXCEPTION 'permission denied to create the schema % of the segmentation model', m
        USING ERRCODE = 'insufficient_privilege',
              DETAIL = 'Role ' || quote_ident(current_user) || ' has no CREATE privilege on database '
                       || quote_ident(current_database()) || '.',
              HINT = 'GRANT CREATE ON DATABASE ' || quote_ident(current_database()) || ' to the role, or create the schema '
                     || m || ' for it (CREATE SCHEMA ' || m || ' AUTHORIZATION ' || quote_ident(current_user) || ').';
    END;
  END IF;

  -- the rules: kept when they exist, missing ones added with their defaults
  EXECUTE 'CREATE TABLE IF NOT EXISTS ' || m || '.rules ('
          || 'rule text PRIMARY KEY, value text NOT NULL, description text NOT NULL, '
          || 'CONSTRAINT rules_value_check CHECK (@extschema@.segmentation_rule_check(rule, value)))';
  EXECUTE 'COMMENT ON TABLE ' || m || '.rules IS '
          || quote_literal('the rules of the segmentation model: UPDATE a value, then segmentation_model_refresh('
                           || quote_literal(model_schema) || ') (docs/model.md)');
  EXECUTE 'INSERT INTO ' || m || '.rules (rule, value, description) '
          || 'SELECT rule, default_value, description FROM @extschema@.segmentation_rules(NULL) '
          || 'ON CONFLICT (rule) DO NOTHING';

  -- the rules as one typed row, a missing row read as its default
  SELECT string_agg(CASE WHEN d.rule = 'as_of'
                         THEN format('CASE coalesce(max(value) FILTER (WHERE rule = %1$L), %2$L) '
                                     'WHEN ''refresh_date'' THEN CURRENT_DATE '
                                     'ELSE coalesce(max(value) FILTER (WHERE rule = %1$L), %2$L)::date END AS as_of',
                                     d.rule, d.default_value)
                         ELSE format('coalesce(max(value) FILTER (WHERE rule = %L), %L)::%s AS %I',
                                     d.rule, d.default_value, t.type, d.rule) END,
                    E',\n         ' ORDER BY d.ord)
    INTO rules_sql
  FROM @extschema@.segmentation_rules(NULL) WITH ORDINALITY d(rule, value, default_value, description, ord)
  LEFT JOIN (VALUES ('as_of', 'date'), ('lookback_days', 'int4'), ('value_shares', 'float8[]'),
                    ('potential_min_assets', 'numeric'), ('dormancy_days', 'int4'), ('loyalty_weights', 'float8[]'),
                    ('loyalty_shares', 'float8[]'), ('rfm_bins', 'int4'), ('rfm_method', 'text'),
                    ('holding_boundaries', 'int4[]'), ('holding_horizon_days', 'int4'),
                    ('risk_appetite_boundaries', 'numeric[]'), ('aging_boundaries', 'int4[]'),
                    ('grade_limits', 'int4[]'), ('large_amount', 'numeric'), ('legal_days', 'int4'),
                    ('risk_medium_count', 'int8'), ('risk_high_count', 'int8'), ('risk_medium_amount', 'numeric'),
                    ('risk_high_amount', 'numeric'), ('risk_medium_days', 'int4'), ('risk_high_days', 'int4'),
                    ('collection_step_days', 'int4')) t(rule, type) ON t.rule = d.rule;

  -- replace the views (not the rules)
  BEGIN
    EXECUTE 'DROP VIEW IF EXISTS ' || m || '.population, ' || m || '.tier_summary, ' || m || '.aging_summary, '
            || m || '.rfm_summary, ' || m || '.collection_kpis';
    EXECUTE 'DROP MATERIALIZED VIEW IF EXISTS ' || m || '.customer_segments';
  EXCEPTION WHEN dependent_objects_still_exist THEN
    DECLARE msg text; det text;
    BEGIN
      GET STACKED DIAGNOSTICS msg = MESSAGE_TEXT, det = PG_EXCEPTION_DETAIL;
      RAISE EXCEPTION '%', msg USING ERRCODE = 'dependent_objects_still_exist', DETAIL = det,
        HINT = 'segmentation_model_create replaces the views of the model: drop your own views over them first, '
               || 'and re-create them afterwards (or refresh with segmentation_model_refresh instead).';
    END;
  END;

  ddl := $t$
CREATE MATERIALIZED VIEW {m}.customer_segments AS
WITH r AS (
  SELECT {rules}
  FROM {m}.rules),
c AS (
  SELECT c.customer_id, c.opened, c.assets, c.discount, c.referrals, c.net, c.risky_share,
         (c.opened IS NULL OR c.opened <= r.as_of) AS in_scope
  FROM {i}.customers c CROSS JOIN r),
t AS (
  SELECT c.customer_id,
         max(t.trade_date) FILTER (WHERE t.trade_date <= r.as_of) AS last_trade,
         count(*) FILTER (WHERE t.trade_date > r.as_of - r.lookback_days AND t.trade_date <= r.as_of) AS trades,
         sum(t.commission) FILTER (WHERE t.trade_date > r.as_of - r.lookback_days AND t.trade_date <= r.as_of) AS commission,
         @extschema@.avg_holding_days(t.amount, c.assets, r.lookback_days)
           FILTER (WHERE t.trade_date > r.as_of - r.lookback_days AND t.trade_date <= r.as_of) AS holding
  FROM c JOIN {i}.trades t ON t.customer_id = c.customer_id CROSS JOIN r
  GROUP BY c.customer_id),
p AS (
  SELECT c.customer_id,
         @extschema@.payment_profile(v.invoice_date, v.due_date, v.paid_date, v.amount, r.as_of) AS pp,
         @extschema@.aging_profile(v.amount, @extschema@.days_past_due(v.due_date, r.as_of, v.paid_date))
           FILTER (WHERE (v.paid_date IS NULL OR v.paid_date > r.as_of) AND v.amount >= 0) AS ap,
         @extschema@.aging_bucket_totals(v.amount, @extschema@.days_past_due(v.due_date, r.as_of, v.paid_date), r.aging_boundaries)
           FILTER (WHERE (v.paid_date IS NULL OR v.paid_date > r.as_of) AND v.amount >= 0) AS buckets,
         max(@extschema@.collection_stage(@extschema@.days_past_due(v.due_date, r.as_of, v.paid_date),
                                          v.due_date - v.invoice_date, r.collection_step_days))
           FILTER (WHERE (v.paid_date IS NULL OR v.paid_date > r.as_of) AND v.amount >= 0
                     AND @extschema@.days_past_due(v.due_date, r.as_of, v.paid_date) > 0) AS worst_stage
  FROM c JOIN {i}.invoices v ON v.customer_id = c.customer_id CROSS JOIN r
  WHERE v.invoice_date <= r.as_of
  GROUP BY c.customer_id),
b AS (
  SELECT c.customer_id, c.opened, c.assets, c.discount, c.referrals, c.net, c.risky_share, c.in_scope,
         t.last_trade, coalesce(t.trades, 0) AS trades, coalesce(t.commission, 0) AS commission,
         round(t.holding, 1) AS holding,
         @extschema@.is_dormant(t.last_trade, r.as_of, r.dormancy_days) AS dormant,
         CASE WHEN c.in_scope THEN r.as_of - c.opened END AS tenure_days,
         p.pp, p.ap, p.buckets, p.worst_stage
  FROM c CROSS JOIN r
  LEFT JOIN t ON t.customer_id = c.customer_id
  LEFT JOIN p ON p.customer_id = c.customer_id),
s AS (
  SELECT b.*,
         b.dormant AND b.assets > r.potential_min_assets AS potential,
         CASE WHEN b.in_scope THEN @extschema@.loyalty_score(b.tenure_days, b.trades * 365.0 / r.lookback_days,
                                                             b.discount, b.referrals, 0, r.loyalty_weights) END AS loyalty_score,
         CASE WHEN b.in_scope AND b.trades > 0 THEN r.as_of - b.last_trade END AS recency_days,
         b.in_scope AND b.holding > r.holding_horizon_days AS beyond,
         CASE WHEN b.in_scope THEN @extschema@.credit_grade(b.pp, r.grade_limits) END AS credit_grade
  FROM b CROSS JOIN r),
w AS (
  SELECT s.*,
         @extschema@.value_tier(CASE WHEN s.in_scope THEN s.net END, s.potential, r.value_shares) OVER () AS value_tier,
         @extschema@.loyalty_tier(s.loyalty_score, r.loyalty_shares) OVER () AS loyalty_tier,
         @extschema@.rfm_score(s.recency_days, CASE WHEN s.recency_days IS NOT NULL THEN s.trades END,
                               CASE WHEN s.recency_days IS NOT NULL THEN s.commission END,
                               r.rfm_bins, r.rfm_method) OVER () AS rfm
  FROM s CROSS JOIN r)
SELECT w.customer_id,
       r.as_of,
       CASE WHEN NOT w.in_scope THEN ARRAY['opened after the as-of date']
            ELSE array_remove(ARRAY[
              CASE WHEN w.net IS NULL THEN 'value_tier: net value is NULL' END,
              CASE WHEN w.opened IS NULL THEN 'loyalty: opened is NULL'
                   WHEN w.discount IS NULL THEN 'loyalty: discount is NULL'
                   WHEN w.referrals IS NULL THEN 'loyalty: referrals is NULL'
                   WHEN w.loyalty_score IS NULL THEN 'loyalty: no score' END,
              CASE WHEN w.trades = 0 THEN 'rfm: no trade in the lookback window' END,
              CASE WHEN w.trades = 0 THEN 'holding: no trade in the lookback window'
                   WHEN w.assets IS NULL THEN 'holding: assets is NULL'
                   WHEN w.beyond THEN 'holding: beyond the ' || r.holding_horizon_days || '-day horizon'
                   WHEN w.holding IS NULL THEN 'holding: no trade amount' END,
              CASE WHEN w.risky_share IS NULL THEN 'risk: risky_share is NULL' END,
              CASE WHEN coalesce((w.pp).invoices, 0) = 0 THEN 'payment: no invoice'
                   WHEN w.credit_grade IS NULL THEN 'payment: no amount to grade' END], NULL) END AS excluded_from,
       w.net AS net_value,
       w.value_tier,
       @extschema@.sort_key(w.value_tier) AS value_tier_sort,
       w.last_trade,
       w.dormant,
       w.potential,
       w.trades,
       w.commission,
       w.tenure_days,
       w.loyalty_score,
       w.loyalty_tier,
       @extschema@.sort_key(w.loyalty_tier) AS loyalty_tier_sort,
       w.recency_days,
       (w.rfm).r AS rfm_r,
       (w.rfm).f AS rfm_f,
       (w.rfm).m AS rfm_m,
       CASE WHEN r.rfm_bins = 5 THEN @extschema@.rfm_segment(w.rfm) END AS rfm_segment,
       @extschema@.sort_key(CASE WHEN r.rfm_bins = 5 THEN @extschema@.rfm_segment(w.rfm) END) AS rfm_segment_sort,
       CASE WHEN w.in_scope AND NOT w.beyond THEN w.holding END AS avg_holding_days,
       coalesce(w.beyond, false) AS holding_beyond_horizon,
       @extschema@.holding_style(CASE WHEN w.in_scope AND NOT w.beyond THEN w.holding END, r.holding_boundaries) AS holding_style,
       w.risky_share,
       CASE WHEN w.in_scope THEN @extschema@.risk_appetite(w.risky_share, r.risk_appetite_boundaries) END AS risk_appetite,
       coalesce((w.pp).invoices, 0) AS invoices,
       round((w.pp).avg_days_to_pay, 1) AS avg_days_to_pay,
       round((w.pp).on_time_share, 4) AS on_time_share,
       coalesce((w.pp).open_amount, 0) AS open_amount,
       coalesce((w.pp).overdue_amount, 0) AS overdue_amount,
       coalesce((w.pp).credit_notes, 0) AS credit_notes,
       (w.pp).max_days_past_due,
       w.credit_grade,
       @extschema@.sort_key(w.credit_grade) AS credit_grade_sort,
       @extschema@.collection_terms(w.credit_grade) AS collection_terms,
       CASE WHEN w.in_scope THEN @extschema@.overdue_class((w.pp).overdue_amount, (w.pp).oldest_overdue_days, w.credit_grade,
                                                          r.large_amount, r.legal_days) END AS overdue_class,
       CASE WHEN w.in_scope AND (w.pp).invoices > 0
            THEN @extschema@.risk_group((w.pp).overdue_count, (w.pp).overdue_amount, (w.pp).max_days_past_due, w.credit_grade,
                                        r.risk_medium_count, r.risk_high_count, r.risk_medium_amount, r.risk_high_amount,
                                        r.risk_medium_days, r.risk_high_days) END AS risk_group,
       coalesce((w.ap).current, 0) AS aging_current,
       coalesce((w.ap).d1_30, 0) AS aging_1_30,
       coalesce((w.ap).d31_60, 0) AS aging_31_60,
       coalesce((w.ap).d61_90, 0) AS aging_61_90,
       coalesce((w.ap).d91_180, 0) AS aging_91_180,
       coalesce((w.ap).d181_plus, 0) AS aging_181_plus,
       w.buckets AS aging_buckets,
       CASE WHEN w.in_scope THEN w.worst_stage END AS worst_stage,
       @extschema@.sort_key(CASE WHEN w.in_scope THEN w.worst_stage END) AS worst_stage_sort
FROM w CROSS JOIN r
$t$;
  EXECUTE replace(replace(replace(ddl, '{rules}', rules_sql), '{m}', m), '{i}', i);
  EXECUTE 'CREATE UNIQUE INDEX customer_segments_customer_id ON ' || m || '.customer_segments (customer_id)';
  EXECUTE 'COMMENT ON MATERIALIZED VIEW ' || m || '.customer_segments IS '
          || quote_literal('one row per customer of ' || i || '.customers with every classification as of the as-of rule; '
                           || 'refresh with segmentation_model_refresh(' || quote_literal(model_schema) || ') (docs/model.md)');

  ddl := $t$
CREATE VIEW {m}.population AS
WITH k AS (
  SELECT c.n, c.classification, c.has_value,
         (SELECT min(CASE WHEN e LIKE '%: %' THEN substr(e, strpos(e, ': ') + 2) ELSE e END)
          FROM unnest(s.excluded_from) e
          WHERE e LIKE c.classification || ': %' OR e NOT LIKE '%: %') AS reason
  FROM {m}.customer_segments s
  CROSS JOIN LATERAL (VALUES (1, 'value_tier', s.value_tier IS NOT NULL),
                             (2, 'loyalty', s.loyalty_tier IS NOT NULL),
                             (3, 'rfm', s.rfm_r IS NOT NULL),
                             (4, 'holding', s.holding_style IS NOT NULL),
                             (5, 'risk', s.risk_appetite IS NOT NULL),
                             (6, 'payment', s.credit_grade IS NOT NULL)) c(n, classification, has_value)),
g AS (
  SELECT n, classification, coalesce(reason, 'no reason recorded') AS reason, count(*) AS customers
  FROM k WHERE NOT has_value GROUP BY 1, 2, 3)
SELECT k.classification,
       count(*) AS customers,
       count(*) FILTER (WHERE k.has_value) AS with_value,
       count(*) FILTER (WHERE NOT k.has_value) AS without_value,
       coalesce((SELECT jsonb_object_agg(g.reason, g.customers) FROM g WHERE g.n = k.n), '{}') AS reasons
FROM k GROUP BY k.n, k.classification ORDER BY k.n;

CREATE VIEW {m}.tier_summary AS
SELECT value_tier, value_tier_sort, count(*) AS customers, sum(net_value) AS net_value,
       round(count(*) / sum(count(*)) OVER (), 4) AS share_of_customers,
       round(sum(net_value) / nullif(sum(sum(net_value)) OVER (), 0), 4) AS share_of_net_value
FROM {m}.customer_segments WHERE value_tier IS NOT NULL
GROUP BY value_tier, value_tier_sort ORDER BY value_tier_sort;

CREATE VIEW {m}.aging_summary AS
SELECT s.credit_grade, s.credit_grade_sort, b.bucket_no::int4 AS bucket_no,
       (@extschema@.aging_bucket_labels(r.aging_boundaries))[b.bucket_no] AS bucket, sum(b.amount) AS amount
FROM {m}.customer_segments s
CROSS JOIN LATERAL unnest(s.aging_buckets) WITH ORDINALITY b(amount, bucket_no)
CROSS JOIN (SELECT coalesce(max(value) FILTER (WHERE rule = 'aging_boundaries'), '{0,30,60,90,180}')::int4[] AS aging_boundaries
            FROM {m}.rules) r
GROUP BY 1, 2, 3, 4 ORDER BY s.credit_grade_sort NULLS LAST, 3;

CREATE VIEW {m}.rfm_summary AS
SELECT rfm_segment, rfm_segment_sort, count(*) AS customers, round(avg(recency_days), 1) AS avg_recency_days,
       round(avg(trades), 1) AS avg_trades, sum(commission) AS commission
FROM {m}.customer_segments WHERE rfm_segment IS NOT NULL
GROUP BY rfm_segment, rfm_segment_sort ORDER BY rfm_segment_sort;

CREATE VIEW {m}.collection_kpis AS
WITH a AS (
  SELECT max(as_of) AS as_of FROM {m}.customer_segments),
e AS (
  SELECT a.as_of, CASE WHEN extract(day FROM a.as_of + 1) = 1 THEN a.as_of
                       ELSE date_trunc('month', a.as_of)::date - 1 END AS last_month_end
  FROM a WHERE a.as_of IS NOT NULL),
p AS (
  SELECT (date_trunc('month', e.last_month_end) - make_interval(months => k) + interval '1 month')::date - 1 AS period_end
  FROM e, generate_series(0, 11) k
  UNION
  SELECT e.as_of FROM e),
k AS (
  SELECT p.period_end, date_trunc('month', p.period_end)::date - 1 AS period_start FROM p),
f AS (
  SELECT k.period_end, k.period_start,
         sum(v.amount) FILTER (WHERE v.invoice_date <= k.period_end AND (v.paid_date IS NULL OR v.paid_date > k.period_end)) AS ar_end,
         sum(v.amount) FILTER (WHERE v.invoice_date <= k.period_end AND (v.paid_date IS NULL OR v.paid_date > k.period_end)
                                 AND v.due_date < k.period_end) AS overdue_end,
         sum(v.amount) FILTER (WHERE v.invoice_date <= k.period_end AND (v.paid_date IS NULL OR v.paid_date > k.period_end)
                                 AND (v.due_date IS NULL OR v.due_date >= k.period_end)) AS current_end,
         sum(v.amount) FILTER (WHERE v.invoice_date <= k.period_start AND (v.paid_date IS NULL OR v.paid_date > k.period_start)) AS ar_start,
         sum(v.amount) FILTER (WHERE v.invoice_date > k.period_start AND v.invoice_date <= k.period_end) AS sales,
         @extschema@.recovery_rate(CASE WHEN v.paid_date <= k.period_end THEN v.amount ELSE 0 END, v.amount)
           FILTER (WHERE v.invoice_date <= k.period_start AND (v.paid_date IS NULL OR v.paid_date > k.period_start)
                     AND v.due_date < k.period_start) AS recovery
  FROM k CROSS JOIN {i}.invoices v
  WHERE v.amount >= 0
  GROUP BY k.period_end, k.period_start)
SELECT period_end,
       coalesce(ar_end, 0) AS receivables,
       round(coalesce(overdue_end, 0) / nullif(ar_end, 0), 4) AS overdue_share,
       round(@extschema@.dso(receivables => coalesce(ar_end, 0), credit_sales => coalesce(sales, 0),
                             days => period_end - period_start), 1) AS dso,
       round(@extschema@.cei(coalesce(ar_start, 0), coalesce(sales, 0), coalesce(ar_end, 0), coalesce(current_end, 0)), 2) AS cei,
       round(recovery, 4) AS recovery_rate
FROM f ORDER BY period_end;
$t$;
  EXECUTE replace(replace(ddl, '{m}', m), '{i}', i);
  EXECUTE 'COMMENT ON VIEW ' || m || '.population IS ''per classification: customers with a value, without one, and why (docs/model.md)''';
  EXECUTE 'COMMENT ON VIEW ' || m || '.tier_summary IS ''customers and net value per value tier (docs/model.md)''';
  EXECUTE 'COMMENT ON VIEW ' || m || '.aging_summary IS ''open amounts per credit grade and aging bucket (docs/model.md)''';
  EXECUTE 'COMMENT ON VIEW ' || m || '.rfm_summary IS ''customers, recency, trades and commission per RFM segment (docs/model.md)''';
  EXECUTE 'COMMENT ON VIEW ' || m || '.collection_kpis IS ''receivables, overdue share, DSO, CEI and recovery rate per month-end up to the as-of date (docs/model.md)''';

  EXECUTE 'SELECT count(*), max(as_of) FROM ' || m || '.customer_segments' INTO n, a;
  RETURN format('%s.customer_segments: %s customers as of %s', m, n, coalesce(to_char(a, 'YYYY-MM-DD'), '-'));
END $$;
COMMENT ON FUNCTION @extschema@.segmentation_model_create(pg_catalog.text, pg_catalog.text) IS
'create or re-create the segmentation model in model_schema over the input views of input_schema: rules (kept if present), materialized view customer_segments, summary views (docs/model.md)';

-- REFRESH MATERIALIZED VIEW [CONCURRENTLY] of the model's customer_segments
-- (plainly when it is not populated, which CONCURRENTLY refuses).
CREATE FUNCTION @extschema@.segmentation_model_refresh(model_schema pg_catalog.text DEFAULT 'seg',
                                                       concurrently pg_catalog.bool DEFAULT true)
RETURNS pg_catalog.text LANGUAGE plpgsql VOLATILE PARALLEL UNSAFE
SET search_path = pg_catalog, pg_temp SET client_min_messages = warning AS $$
DECLARE
  m text;
  rel regclass;
  n int8;
  a date;
BEGIN
  -- $2 is concurrently (a keyword, which an expression cannot name)
  IF model_schema IS NULL OR $2 IS NULL THEN
    RAISE EXCEPTION 'model_schema and concurrently must not be NULL'
      USING ERRCODE = 'null_value_not_allowed', HINT = 'Omit an argument to use its default (seg, true).';
  END IF;
  m := quote_ident(model_schema);
  rel := to_regclass(m || '.customer_segments');
  IF rel IS NULL THEN
    RAISE EXCEPTION 'no segmentation model in schema %', m
      USING ERRCODE = 'undefined_table',
            HINT = 'Create it with segmentation_model_create(model_schema => ' || quote_literal(model_schema) || ').';
  END IF;
  IF $2 AND (SELECT relispopulated FROM pg_class WHERE oid = rel) THEN
    EXECUTE 'REFRESH MATERIALIZED VIEW CONCURRENTLY ' || m || '.customer_segments';
  ELSE
    EXECUTE 'REFRESH MATERIALIZED VIEW ' || m || '.customer_segments';
  END IF;
  EXECUTE 'SELECT count(*), max(as_of) FROM ' || m || '.customer_segments' INTO n, a;
  RETURN format('%s.customer_segments: %s customers as of %s', m, n, coalesce(to_char(a, 'YYYY-MM-DD'), '-'));
END $$;
COMMENT ON FUNCTION @extschema@.segmentation_model_refresh(pg_catalog.text, pg_catalog.bool) IS
'refresh the segmentation model''s customer_segments (CONCURRENTLY by default: readers are not blocked) (docs/model.md)';

-- Drops every object the model made (views, materialized view, rules) and
-- the schema when nothing else is left in it.
CREATE FUNCTION @extschema@.segmentation_model_drop(model_schema pg_catalog.text DEFAULT 'seg')
RETURNS pg_catalog.text LANGUAGE plpgsql VOLATILE PARALLEL UNSAFE
SET search_path = pg_catalog, pg_temp SET client_min_messages = warning AS $$
DECLARE
  m text;
  schema_dropped boolean := true;
BEGIN
  IF model_schema IS NULL THEN
    RAISE EXCEPTION 'model_schema must not be NULL'
      USING ERRCODE = 'null_value_not_allowed', HINT = 'Omit the argument to use its default (seg).';
  END IF;
  m := quote_ident(model_schema);
  IF NOT EXISTS (SELECT FROM pg_namespace WHERE nspname = model_schema) THEN
    RETURN m || ': no segmentation model';
  END IF;
  EXECUTE 'DROP VIEW IF EXISTS ' || m || '.population, ' || m || '.tier_summary, ' || m || '.aging_summary, '
          || m || '.rfm_summary, ' || m || '.collection_kpis';
  EXECUTE 'DROP MATERIALIZED VIEW IF EXISTS ' || m || '.customer_segments';
  EXECUTE 'DROP TABLE IF EXISTS ' || m || '.rules';
  BEGIN
    EXECUTE 'DROP SCHEMA ' || m;
  EXCEPTION WHEN dependent_objects_still_exist THEN
    schema_dropped := false;
  END;
  RETURN m || ': segmentation model dropped'
         || CASE WHEN schema_dropped THEN ', and the schema' ELSE ' (the schema holds other objects and is kept)' END;
END $$;
COMMENT ON FUNCTION @extschema@.segmentation_model_drop(pg_catalog.text) IS
'drop the segmentation model in model_schema: its views, materialized view and rules, and the schema if it is then empty (docs/model.md)';
