-- customer_seg 0.4.0 -> 0.5.0: expected credit loss in the segmentation
-- model, collection channels and their economics, exact distributed value
-- cut-offs with bounded traffic.
\echo Use "ALTER EXTENSION customer_seg UPDATE TO '0.5.0'" to load this file. \quit

-- ---------------------------------------------------------------------------
-- The segmentation model of 0.5.0.  An upgrade script can only change a
-- PL/pgSQL body by CREATE OR REPLACE with the whole body, so the model's
-- functions are restated here whole and changed in place.
-- ---------------------------------------------------------------------------
CREATE OR REPLACE FUNCTION @extschema@.segmentation_rule_check(rule pg_catalog.text, value pg_catalog.text)
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
    WHEN 'lifetime_model' THEN 'Write on or off.'
    WHEN 'lifetime_horizon_days' THEN 'Write a whole number of days, at least 1, e.g. 365.'
    WHEN 'lifetime_periods' THEN 'Write a whole number of periods from 1 to 10000, e.g. 12.'
    WHEN 'lifetime_discount_rate' THEN 'Write a rate per period as a fraction in [0, 1], e.g. 0.01 for 1%.'
    WHEN 'at_risk_p_alive' THEN 'Write a probability as a fraction in [0, 1], e.g. 0.5.'
    WHEN 'ecl_charge_off_days' THEN 'Write a whole number of days, at least 1, e.g. 180.'
    WHEN 'ecl_cohort_days' THEN 'Write a whole number of days, at least 1, e.g. 365.'
    WHEN 'ecl_forward_factor' THEN 'Write a factor, 0 or more, e.g. 1.1 for 10% more losses than history.'
    WHEN 'collection_boundaries' THEN 'Write four increasing whole numbers of days, at least 1, e.g. {30,90,365,730}.'
    WHEN 'collection_industry' THEN 'Write bank, joint_stock_bank, telecom or property.'
    WHEN 'collection_recovery_probability' THEN 'Write ecl (one less the loss rate of the oldest overdue invoice''s aging bucket) or a fraction in [0, 1], e.g. 0.5.'
    WHEN 'collection_cost_per_call' THEN 'Write an amount, 0 or more, e.g. 1.20.'
    WHEN 'collection_calls_per_recovery' THEN 'Write a number of calls above 0, e.g. 125.'
  END;
  IF hint IS NULL THEN
    RAISE EXCEPTION 'unknown segmentation rule %', quote_literal(rule)
      USING ERRCODE = 'invalid_parameter_value',
            HINT = 'The rules and their defaults: SELECT * FROM segmentation_rules().';
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
                    'collection_step_days', 'lifetime_horizon_days') THEN
        IF value::int4 < 1 THEN
          RAISE EXCEPTION 'must be at least 1';
        END IF;
      WHEN rule = 'rfm_bins' THEN
        IF value::int4 NOT BETWEEN 1 AND 100 THEN
          RAISE EXCEPTION 'must be from 1 to 100';
        END IF;
      WHEN rule = 'lifetime_periods' THEN
        IF value::int4 NOT BETWEEN 1 AND 10000 THEN
          RAISE EXCEPTION 'must be from 1 to 10000';
        END IF;
      WHEN rule = 'lifetime_model' THEN
        IF value NOT IN ('on', 'off') THEN
          RAISE EXCEPTION 'not on or off';
        END IF;
      WHEN rule IN ('lifetime_discount_rate', 'at_risk_p_alive', 'collection_recovery_probability') THEN
        IF rule = 'collection_recovery_probability' AND value = 'ecl' THEN
          RETURN true;
        END IF;
        IF NOT value::float8 BETWEEN 0 AND 1 THEN
          RAISE EXCEPTION 'must be a fraction in [0, 1]';
        END IF;
      WHEN rule IN ('ecl_charge_off_days', 'ecl_cohort_days') THEN
        IF value::int4 < 1 THEN
          RAISE EXCEPTION 'must be at least 1';
        END IF;
      WHEN rule = 'ecl_forward_factor' THEN
        n := value::numeric;
        IF NOT n >= 0 OR n = 'NaN' OR n IN ('Infinity', '-Infinity') THEN
          RAISE EXCEPTION 'must be a finite factor, 0 or more';
        END IF;
      WHEN rule = 'rfm_method' THEN
        IF value NOT IN ('ntile', 'r_rfm') THEN
          RAISE EXCEPTION 'not a method of rfm_score';
        END IF;
      WHEN rule = 'collection_boundaries' THEN
        PERFORM @extschema@.collection_channel(1, NULL, value::int4[]);
      WHEN rule = 'collection_industry' THEN
        PERFORM @extschema@.collection_commission(1, value);
      WHEN rule = 'collection_calls_per_recovery' THEN
        n := value::numeric;
        IF NOT n > 0 OR n = 'NaN' OR n = 'Infinity' THEN
          RAISE EXCEPTION 'must be a finite number above 0';
        END IF;
      WHEN rule IN ('potential_min_assets', 'collection_cost_per_call') THEN
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

CREATE OR REPLACE FUNCTION @extschema@.segmentation_rules(model_schema pg_catalog.text DEFAULT 'seg')
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
    (23, 'collection_step_days', 'int4', '30', 'collection_stage: days of each escalation step'),
    (24, 'lifetime_model', 'text', 'on', 'fit the BG/NBD and Gamma-Gamma models on the trades at each refresh (on) or leave the lifetime columns empty (off)'),
    (25, 'lifetime_horizon_days', 'int4', '365', 'expected trade days and lifetime value over this many days after the as-of date'),
    (26, 'lifetime_periods', 'int4', '12', 'lifetime value: the horizon split into this many periods, each discounted once'),
    (27, 'lifetime_discount_rate', 'float8', '0.01', 'lifetime value: discount rate per period (0.01 = 1% a month with 12 periods in a year)'),
    (28, 'at_risk_p_alive', 'float8', '0.5', 'at_risk: a VIP or important customer whose probability alive is below this'),
    (29, 'ecl_charge_off_days', 'int4', '180', 'ecl_allowance: an invoice still unpaid more than this many days past due is lost (the loss rates'' charge-off rule)'),
    (30, 'ecl_cohort_days', 'int4', '365', 'ecl_allowance: the loss rates'' cohort, the invoices due in this many days before the last ecl_charge_off_days days'),
    (31, 'ecl_forward_factor', 'numeric', '1', 'ecl_allowance: forward-looking factor on every loss rate (1.1 = 10% more losses than history; a rate is at most 1)'),
    (32, 'collection_boundaries', 'int4[]', '{30,90,365,730}', 'collection_channel: days past due (of the oldest overdue invoice) where in-house teams 1, 2, 3 and the agency end'),
    (33, 'collection_industry', 'text', 'bank', 'collection_commission: the outside collectors'' commission preset (bank, joint_stock_bank, telecom, property)'),
    (34, 'collection_recovery_probability', 'text', 'ecl', 'expected_net_recovery: chance of recovery, ecl (one less the loss rate of the oldest overdue bucket) or a fraction'),
    (35, 'collection_cost_per_call', 'numeric', '0', 'expected_net_recovery: what an in-house call costs'),
    (36, 'collection_calls_per_recovery', 'numeric', '125', 'expected_net_recovery: in-house calls per recovered debt')
  ) AS d(n, rule, type, default_value, description)$d$;
BEGIN
  -- a NULL option means its default (the API contract, rule 7)
  model_schema := coalesce(model_schema, 'seg');
  -- no model there (yet): the rules a model created there starts with
  IF to_regclass(quote_ident(model_schema) || '.rules') IS NULL THEN
    RETURN QUERY EXECUTE 'SELECT d.rule, d.default_value, d.default_value, d.description FROM '
                         || defaults || ' ORDER BY d.n';
    RETURN;
  END IF;
  RETURN QUERY EXECUTE 'SELECT d.rule, coalesce(r.value, d.default_value), d.default_value, '
                       || 'coalesce(r.description, d.description) FROM ' || defaults
                       || ' LEFT JOIN ' || quote_ident(model_schema) || '.rules r ON r.rule = d.rule ORDER BY d.n';
END $$;
COMMENT ON FUNCTION @extschema@.segmentation_rules(pg_catalog.text) IS
'every rule of the segmentation model in model_schema, in a fixed order: value in force, default, meaning; the defaults where there is no model yet (docs/model.md)';

-- segmentation_model_create writes a faster query for customer_segments,
-- the same rows and columns as 0.3.1's (sql/model_reference.sql checks them
-- against the plain-SQL reference):
--   * the trades and the invoices are each aggregated per customer ALONE,
--     not joined to the customers first (0.3.1 hashed all the trades and
--     all the invoices for those joins, the CTE's row estimate making the
--     big side the hashed one); the customers join the per-customer rows
--     afterwards;
--   * the holding period is holding_days over each customer's summed
--     turnover (sum(abs(amount))), once per customer, where 0.3.1 joined
--     the customer's assets to every trade for avg_holding_days;
--   * the value tier, loyalty tier and RFM bins are two-step: their
--     cut-offs are aggregated once (c, mergeable states) and each row is
--     classified by a scalar (w), the window forms' answers without a
--     window, so a distributed engine runs the per-customer work on its
--     workers; the invoices' profiles join after w;
--   * the credit grade is computed once per row (g, kept a subquery by
--     OFFSET 0), not once per column that reads it.
-- A model created by 0.3.1 keeps its query until segmentation_model_create
-- is called again (the rules are kept).
CREATE OR REPLACE FUNCTION @extschema@.segmentation_model_create(model_schema pg_catalog.text DEFAULT 'seg',
                                                      input_schema pg_catalog.text DEFAULT 'seg_input')
RETURNS pg_catalog.text LANGUAGE plpgsql VOLATILE PARALLEL UNSAFE
-- jit off: the model's queries are calls of C functions, which compiled
-- expressions cannot speed up; compiling them took seconds a refresh
SET search_path = pg_catalog, pg_temp SET client_min_messages = warning SET jit = off AS $$
DECLARE
  m text;
  i text;
  need record;
  missing text[] := '{}';
  rules_sql text;
  ddl text;
BEGIN
  -- a NULL option means its default (the API contract, rule 7)
  model_schema := coalesce(model_schema, 'seg');
  input_schema := coalesce(input_schema, 'seg_input');
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
          || 'SELECT rule, default_value, description FROM @extschema@.segmentation_rules(' || quote_literal(model_schema) || ') '
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
  FROM @extschema@.segmentation_rules(model_schema) WITH ORDINALITY d(rule, value, default_value, description, ord)
  LEFT JOIN (VALUES ('as_of', 'date'), ('lookback_days', 'int4'), ('value_shares', 'float8[]'),
                    ('potential_min_assets', 'numeric'), ('dormancy_days', 'int4'), ('loyalty_weights', 'float8[]'),
                    ('loyalty_shares', 'float8[]'), ('rfm_bins', 'int4'), ('rfm_method', 'text'),
                    ('holding_boundaries', 'int4[]'), ('holding_horizon_days', 'int4'),
                    ('risk_appetite_boundaries', 'numeric[]'), ('aging_boundaries', 'int4[]'),
                    ('grade_limits', 'int4[]'), ('large_amount', 'numeric'), ('legal_days', 'int4'),
                    ('risk_medium_count', 'int8'), ('risk_high_count', 'int8'), ('risk_medium_amount', 'numeric'),
                    ('risk_high_amount', 'numeric'), ('risk_medium_days', 'int4'), ('risk_high_days', 'int4'),
                    ('collection_step_days', 'int4'), ('lifetime_model', 'text'), ('lifetime_horizon_days', 'int4'),
                    ('lifetime_periods', 'int4'), ('lifetime_discount_rate', 'float8'),
                    ('at_risk_p_alive', 'float8'),
                    ('ecl_charge_off_days', 'int4'), ('ecl_cohort_days', 'int4'), ('ecl_forward_factor', 'numeric'),
                    ('collection_boundaries', 'int4[]'), ('collection_industry', 'text'),
                    ('collection_recovery_probability', 'text'), ('collection_cost_per_call', 'numeric'),
                    ('collection_calls_per_recovery', 'numeric')) t(rule, type) ON t.rule = d.rule;

  -- replace the views (not the rules)
  BEGIN
    EXECUTE 'DROP VIEW IF EXISTS ' || m || '.population, ' || m || '.tier_summary, ' || m || '.aging_summary, '
            || m || '.rfm_summary, ' || m || '.collection_kpis, ' || m || '.ecl_summary';
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

  -- the lifetime models' fit, which segmentation_model_refresh makes before
  -- it refreshes customer_segments (a fit that fails leaves the lifetime
  -- columns empty with its reason, instead of failing the refresh)
  EXECUTE 'CREATE TABLE IF NOT EXISTS ' || m || '.lifetime_fit ('
          || 'input_schema text NOT NULL, as_of date, customers int8, repeat_buyers int8, '
          || 'bgnbd @extschema@.bgnbd_row, spend @extschema@.gamma_gamma_row, bgnbd_error text, spend_error text)';
  EXECUTE 'COMMENT ON TABLE ' || m || '.lifetime_fit IS '
          || quote_literal('the BG/NBD and Gamma-Gamma fits over the trades of ' || i || ' (times in days), remade by '
                           || 'segmentation_model_refresh(' || quote_literal(model_schema) || ') (docs/model.md)');
  EXECUTE 'DELETE FROM ' || m || '.lifetime_fit';
  EXECUTE 'INSERT INTO ' || m || '.lifetime_fit (input_schema) VALUES (' || quote_literal(input_schema) || ')';

  -- the loss rates of the expected credit loss, which
  -- segmentation_model_refresh computes from the invoices before it
  -- refreshes customer_segments: once per refresh, kept for audit
  EXECUTE 'CREATE TABLE IF NOT EXISTS ' || m || '.ecl_loss_rates ('
          || 'input_schema text NOT NULL, as_of date, due_from date, due_to date, charge_off_days int4, '
          || 'boundaries int4[], forward_factor numeric, rates @extschema@.loss_rates_row)';
  EXECUTE 'COMMENT ON TABLE ' || m || '.ecl_loss_rates IS '
          || quote_literal('the loss rates (cohort method) of the invoices of ' || i || ' due from due_from to due_to, '
                           || 'remade by segmentation_model_refresh(' || quote_literal(model_schema) || ') (docs/model.md)');
  EXECUTE 'DELETE FROM ' || m || '.ecl_loss_rates';
  EXECUTE 'INSERT INTO ' || m || '.ecl_loss_rates (input_schema) VALUES (' || quote_literal(input_schema) || ')';

  ddl := $t$
CREATE MATERIALIZED VIEW {m}.customer_segments AS
WITH r AS (
  SELECT {rules}
  FROM {m}.rules),
t AS (
  SELECT t.customer_id, (t.ts).last_trade, (t.ts).trades, (t.ts).commission, (t.ts).turnover AS traded,
         CASE WHEN r.lifetime_model = 'on' THEN (t.ts).purchases END AS ps
  FROM (SELECT t.customer_id, @extschema@.trade_summary(t.trade_date, t.amount, t.commission, r.lookback_days, r.as_of) AS ts
        FROM {i}.trades t CROSS JOIN r
        GROUP BY t.customer_id) t CROSS JOIN r),
a AS (
  SELECT c.customer_id, c.opened, c.assets, c.discount, c.referrals, c.net, c.risky_share,
         (c.opened IS NULL OR c.opened <= r.as_of) AS in_scope,
         t.last_trade, coalesce(t.trades, 0) AS trades, coalesce(t.commission, 0) AS commission,
         round(@extschema@.holding_days(t.traded, c.assets, r.lookback_days), 1) AS holding,
         @extschema@.is_dormant(t.last_trade, r.as_of, r.dormancy_days) AS dormant,
         CASE WHEN c.opened IS NULL OR c.opened <= r.as_of THEN t.ps END AS ps
  FROM {i}.customers c CROSS JOIN r
  LEFT JOIN t ON t.customer_id = c.customer_id),
s AS (
  SELECT a.customer_id, a.opened, a.assets, a.discount, a.referrals, a.net, a.risky_share, a.in_scope,
         a.last_trade, a.trades, a.commission, a.holding, a.dormant, a.ps,
         CASE WHEN a.in_scope THEN r.as_of - a.opened END AS tenure_days,
         a.dormant AND a.assets > r.potential_min_assets AS potential,
         CASE WHEN a.in_scope THEN @extschema@.loyalty_score(r.as_of - a.opened, a.trades * 365.0 / r.lookback_days,
                                                             a.discount, a.referrals, 0, r.loyalty_weights) END AS loyalty_score,
         CASE WHEN a.in_scope AND a.trades > 0 THEN r.as_of - a.last_trade END AS recency_days,
         a.in_scope AND a.holding > r.holding_horizon_days AS beyond
  FROM a CROSS JOIN r),
-- the tiers' and RFM bins' cut-offs, once (mergeable states: a distributed
-- engine computes them on its workers), then a scalar per row in w: the
-- same answers as the window forms value_tier/loyalty_tier/rfm_score OVER ()
-- (MATERIALIZED: a plain subquery would be pulled up into w, and
-- rfm_cutoffs(), which reads the summaries, would run once per customer)
c AS MATERIALIZED (
  SELECT c.value_cutoffs, c.loyalty_cutoffs,
         @extschema@.rfm_cutoffs(c.rfm_r, c.rfm_f, c.rfm_m, r.rfm_bins, r.rfm_method) AS rfm_cutoffs
  FROM (SELECT @extschema@.value_cutoffs(CASE WHEN s.in_scope THEN s.net END, r.value_shares) AS value_cutoffs,
               @extschema@.loyalty_cutoffs(s.loyalty_score, r.loyalty_shares) AS loyalty_cutoffs,
               -- RFM scores the rows with a recency (trades and commission are never NULL)
               @extschema@.value_cutoffs_partial(s.recency_days) FILTER (WHERE s.recency_days IS NOT NULL) AS rfm_r,
               @extschema@.value_cutoffs_partial(s.trades) FILTER (WHERE s.recency_days IS NOT NULL) AS rfm_f,
               @extschema@.value_cutoffs_partial(s.commission) FILTER (WHERE s.recency_days IS NOT NULL) AS rfm_m
        FROM s CROSS JOIN r) c CROSS JOIN r),
w AS (
  SELECT s.*,
         @extschema@.value_tier(CASE WHEN s.in_scope THEN s.net END, c.value_cutoffs, s.potential) AS value_tier,
         @extschema@.loyalty_tier_of(s.loyalty_score, c.loyalty_cutoffs) AS loyalty_tier,
         @extschema@.rfm_score(s.recency_days, CASE WHEN s.recency_days IS NOT NULL THEN s.trades END,
                               CASE WHEN s.recency_days IS NOT NULL THEN s.commission END,
                               c.rfm_cutoffs) AS rfm
  FROM s CROSS JOIN c),
p AS (
  -- one aggregate: payment_profile; aging_profile, aging_bucket_totals and
  -- the worst collection_stage of the open invoices with amount >= 0
  SELECT v.customer_id, (v.s).payment AS pp, (v.s).aging AS ap, (v.s).aging_buckets AS buckets,
         (v.s).worst_stage
  FROM (SELECT v.customer_id,
               @extschema@.invoice_summary(v.invoice_date, v.due_date, v.paid_date, v.amount,
                                           r.aging_boundaries, r.collection_step_days, r.as_of) AS s
        FROM {i}.invoices v CROSS JOIN r
        WHERE v.invoice_date <= r.as_of
        GROUP BY v.customer_id) v),
el AS (
  -- the rates, and the loss rates as ecl_allowance reads them (computed
  -- once: a subquery reading r in g would run once per customer)
  SELECT e.rates, coalesce((e.rates).loss_rate, array_fill(NULL::numeric, ARRAY[cardinality(r.aging_boundaries) + 1])) AS loss_rate
  FROM {m}.ecl_loss_rates e CROSS JOIN r
  WHERE e.as_of = r.as_of AND e.boundaries = r.aging_boundaries),
g AS (
  SELECT w.*, p.pp, p.ap, p.buckets, p.worst_stage,
         -- the purchase summary's fields, each read once here (a field of a
         -- composite read in l and below would deform it at every mention)
         (w.ps).frequency AS ps_frequency, (w.ps).recency AS ps_recency, (w.ps).age AS ps_age,
         (w.ps).monetary_value AS ps_monetary_value,
         CASE WHEN w.in_scope THEN @extschema@.credit_grade(p.pp, r.grade_limits) END AS credit_grade,
         -- a cohort of no invoice: no rate in any bucket (an allowance only
         -- where nothing is open); no row in el: rates not computed, none
         (@extschema@.ecl_allowance(p.buckets, (SELECT el.loss_rate FROM el),
                                    ARRAY[r.ecl_forward_factor])).allowance_total AS ecl,
         CASE WHEN w.in_scope THEN @extschema@.collection_channel((p.pp).oldest_overdue_days, (p.pp).overdue_amount,
                                                                 r.collection_boundaries) END AS collection_channel,
         -- the chance of recovering the overdue amount: a fraction, or one
         -- less the loss rate (with the forward factor, at most 1) of the
         -- aging bucket of the oldest overdue invoice
         CASE WHEN r.collection_recovery_probability <> 'ecl' THEN r.collection_recovery_probability::numeric
              ELSE 1 - least(1, (SELECT (el.rates).loss_rate FROM el)
                                  [@extschema@.aging_bucket_no((p.pp).oldest_overdue_days, r.aging_boundaries)]
                                * r.ecl_forward_factor) END AS recovery_probability
  FROM w CROSS JOIN r
  LEFT JOIN p ON p.customer_id = w.customer_id
  OFFSET 0),
lf AS (
  SELECT f.bgnbd, f.spend, f.bgnbd_error, f.spend_error FROM {m}.lifetime_fit f LIMIT 1),
l AS (
  SELECT g.*, lf.bgnbd_error, lf.spend_error, lf.spend IS NOT NULL AS spend_fitted,
         -- the payment profile's fields and the RFM segment, each once
         (g.pp).invoices AS pp_invoices, (g.pp).avg_days_to_pay AS pp_avg_days_to_pay,
         (g.pp).on_time_share AS pp_on_time_share, (g.pp).open_amount AS pp_open_amount,
         (g.pp).overdue_amount AS pp_overdue_amount, (g.pp).credit_notes AS pp_credit_notes,
         (g.pp).max_days_past_due AS pp_max_days_past_due, (g.pp).oldest_overdue_days AS pp_oldest_overdue_days,
         (g.pp).overdue_count AS pp_overdue_count,
         CASE WHEN r.rfm_bins = 5 THEN @extschema@.rfm_segment(g.rfm) END AS rfm_segment,
         @extschema@.bgnbd_p_alive(lf.bgnbd, g.ps_frequency, g.ps_recency, g.ps_age) AS p_alive,
         @extschema@.bgnbd_expected_purchases(lf.bgnbd, g.ps_frequency, g.ps_recency, g.ps_age,
                                               r.lifetime_horizon_days) AS expected_trade_days,
         CASE WHEN g.ps_frequency = 0 OR g.ps_monetary_value > 0
              THEN @extschema@.gamma_gamma_expected_value(lf.spend, g.ps_frequency, g.ps_monetary_value::float8) END
           AS expected_commission,
         CASE WHEN g.ps_frequency = 0 OR g.ps_monetary_value > 0
              THEN @extschema@.customer_lifetime_value(lf.bgnbd, lf.spend, g.ps_frequency, g.ps_recency, g.ps_age,
                                                       g.ps_monetary_value::float8, r.lifetime_periods,
                                                       r.lifetime_horizon_days::float8 / r.lifetime_periods,
                                                       r.lifetime_discount_rate) END AS lifetime_value
  FROM g CROSS JOIN r LEFT JOIN lf ON true
  OFFSET 0)
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
              CASE WHEN coalesce(w.pp_invoices, 0) = 0 THEN 'payment: no invoice'
                   WHEN w.credit_grade IS NULL THEN 'payment: no amount to grade' END,
              CASE WHEN w.ecl IS NOT NULL OR w.buckets IS NULL THEN NULL
                   WHEN NOT EXISTS (SELECT FROM el) THEN 'ecl: no loss rates for this as-of date and aging_boundaries (refresh with segmentation_model_refresh)'
                   WHEN (SELECT coalesce((el.rates).invoices, 0) FROM el) = 0 THEN 'ecl: no invoice with a known outcome in the cohort'
                   ELSE 'ecl: no loss rate for an aging bucket with open invoices' END,
              CASE WHEN w.collection_channel IS NOT NULL AND w.recovery_probability IS NULL
                   THEN 'collection: no loss rate for the aging bucket of the oldest overdue invoice (collection_recovery_probability = ecl)' END,
              CASE WHEN w.bgnbd_error IS NOT NULL THEN 'lifetime: ' || w.bgnbd_error
                   WHEN w.ps IS NULL THEN 'lifetime: no trade up to the as-of date' END,
              CASE WHEN w.bgnbd_error IS NOT NULL OR w.ps IS NULL THEN NULL
                   WHEN w.spend_error IS NOT NULL THEN 'lifetime_value: ' || w.spend_error
                   WHEN NOT (w.ps_frequency = 0 OR w.ps_monetary_value > 0)
                   THEN 'lifetime_value: average repeat commission is not positive' END], NULL) END AS excluded_from,
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
       w.rfm_segment,
       @extschema@.sort_key(w.rfm_segment) AS rfm_segment_sort,
       CASE WHEN w.in_scope AND NOT w.beyond THEN w.holding END AS avg_holding_days,
       coalesce(w.beyond, false) AS holding_beyond_horizon,
       @extschema@.holding_style(CASE WHEN w.in_scope AND NOT w.beyond THEN w.holding END, r.holding_boundaries) AS holding_style,
       w.risky_share,
       CASE WHEN w.in_scope THEN @extschema@.risk_appetite(w.risky_share, r.risk_appetite_boundaries) END AS risk_appetite,
       coalesce(w.pp_invoices, 0) AS invoices,
       round(w.pp_avg_days_to_pay, 1) AS avg_days_to_pay,
       round(w.pp_on_time_share, 4) AS on_time_share,
       coalesce(w.pp_open_amount, 0) AS open_amount,
       coalesce(w.pp_overdue_amount, 0) AS overdue_amount,
       coalesce(w.pp_credit_notes, 0) AS credit_notes,
       w.pp_max_days_past_due AS max_days_past_due,
       w.credit_grade,
       @extschema@.sort_key(w.credit_grade) AS credit_grade_sort,
       @extschema@.collection_terms(w.credit_grade) AS collection_terms,
       CASE WHEN w.in_scope THEN @extschema@.overdue_class(w.pp_overdue_amount, w.pp_oldest_overdue_days, w.credit_grade,
                                                          r.large_amount, r.legal_days) END AS overdue_class,
       CASE WHEN w.in_scope AND w.pp_invoices > 0
            THEN @extschema@.risk_group(w.pp_overdue_count, w.pp_overdue_amount, w.pp_max_days_past_due, w.credit_grade,
                                        r.risk_medium_count, r.risk_high_count, r.risk_medium_amount, r.risk_high_amount,
                                        r.risk_medium_days, r.risk_high_days) END AS risk_group,
       coalesce((w.ap).current, 0) AS aging_current,
       coalesce((w.ap).d1_30, 0) AS aging_1_30,
       coalesce((w.ap).d31_60, 0) AS aging_31_60,
       coalesce((w.ap).d61_90, 0) AS aging_61_90,
       coalesce((w.ap).d91_180, 0) AS aging_91_180,
       coalesce((w.ap).d181_plus, 0) AS aging_181_plus,
       w.buckets AS aging_buckets,
       CASE WHEN w.in_scope THEN CASE WHEN w.buckets IS NULL THEN 0 ELSE w.ecl END END AS ecl_allowance,
       CASE WHEN w.in_scope THEN w.worst_stage END AS worst_stage,
       @extschema@.sort_key(CASE WHEN w.in_scope THEN w.worst_stage END) AS worst_stage_sort,
       w.collection_channel,
       @extschema@.sort_key(w.collection_channel) AS collection_channel_sort,
       CASE WHEN w.collection_channel IS NOT NULL THEN w.recovery_probability END AS recovery_probability,
       CASE WHEN w.collection_channel IS NOT NULL
            THEN round((@extschema@.collection_recovery(w.pp_overdue_amount, w.recovery_probability,
                    CASE WHEN w.collection_channel >= 'agency'
                         THEN @extschema@.collection_commission(w.pp_oldest_overdue_days, r.collection_industry) END,
                    CASE WHEN w.collection_channel < 'agency'
                         THEN w.recovery_probability * r.collection_calls_per_recovery * r.collection_cost_per_call END)).net, 2)
       END AS expected_net_recovery,
       (w.ps).first_purchase AS first_trade,
       w.ps_frequency AS repeat_trade_days,
       round(w.ps_monetary_value, 2) AS avg_repeat_commission,
       round(w.p_alive::numeric, 4) AS p_alive,
       round(w.expected_trade_days::numeric, 2) AS expected_trade_days,
       round(w.expected_commission::numeric, 2) AS expected_commission,
       round(w.lifetime_value::numeric, 2) AS lifetime_value,
       w.value_tier IN ('vip', 'important') AND w.p_alive < r.at_risk_p_alive AS at_risk
FROM l w CROSS JOIN r
$t$;
  EXECUTE replace(replace(replace(ddl, '{rules}', rules_sql), '{m}', m), '{i}', i) || ' WITH NO DATA';
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
          WHERE e LIKE c.classification || ': %' OR e NOT LIKE '%: %'
             OR (c.classification = 'lifetime_value' AND e LIKE 'lifetime: %')) AS reason
  FROM {m}.customer_segments s
  CROSS JOIN LATERAL (VALUES (1, 'value_tier', s.value_tier IS NOT NULL),
                             (2, 'loyalty', s.loyalty_tier IS NOT NULL),
                             (3, 'rfm', s.rfm_r IS NOT NULL),
                             (4, 'holding', s.holding_style IS NOT NULL),
                             (5, 'risk', s.risk_appetite IS NOT NULL),
                             (6, 'payment', s.credit_grade IS NOT NULL),
                             (7, 'lifetime', s.p_alive IS NOT NULL),
                             (8, 'lifetime_value', s.lifetime_value IS NOT NULL),
                             (9, 'ecl', s.ecl_allowance IS NOT NULL)) c(n, classification, has_value)),
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

CREATE VIEW {m}.ecl_summary AS
SELECT b.bucket_no::int4 AS bucket_no,
       CASE WHEN GROUPING(b.bucket_no) = 0 THEN (@extschema@.aging_bucket_labels(l.boundaries))[b.bucket_no] ELSE 'total' END AS bucket,
       sum(b.gross) AS gross,
       CASE WHEN GROUPING(b.bucket_no) = 0 THEN max(b.loss_rate) END AS loss_rate,
       sum(b.allowance) AS ecl,
       round(sum(b.allowance) / nullif(sum(b.gross), 0), 4) AS coverage
FROM {m}.customer_segments s
JOIN {m}.ecl_loss_rates l ON l.as_of = s.as_of
CROSS JOIN LATERAL @extschema@.ecl_allowance(s.aging_buckets, (l.rates).loss_rate, ARRAY[l.forward_factor]) e
CROSS JOIN LATERAL unnest(s.aging_buckets, e.loss_rate, e.allowance) WITH ORDINALITY b(gross, loss_rate, allowance, bucket_no)
WHERE s.ecl_allowance IS NOT NULL
GROUP BY l.boundaries, ROLLUP (b.bucket_no)
ORDER BY b.bucket_no NULLS LAST;

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
  EXECUTE 'COMMENT ON VIEW ' || m || '.ecl_summary IS ''the expected credit loss per aging bucket: gross amount, loss rate and allowance, and the total (docs/model.md)''';
  EXECUTE 'COMMENT ON VIEW ' || m || '.rfm_summary IS ''customers, recency, trades and commission per RFM segment (docs/model.md)''';
  EXECUTE 'COMMENT ON VIEW ' || m || '.collection_kpis IS ''receivables, overdue share, DSO, CEI and recovery rate per month-end up to the as-of date (docs/model.md)''';

  -- the fit, then the rows
  RETURN @extschema@.segmentation_model_refresh(model_schema, false);
END $$;
COMMENT ON FUNCTION @extschema@.segmentation_model_create(pg_catalog.text, pg_catalog.text) IS
'create or re-create the segmentation model in model_schema over the input views of input_schema: rules (kept if present), materialized view customer_segments, summary views (docs/model.md)';

CREATE OR REPLACE FUNCTION @extschema@.segmentation_model_refresh(model_schema pg_catalog.text DEFAULT 'seg',
                                                       concurrently pg_catalog.bool DEFAULT true)
RETURNS pg_catalog.text LANGUAGE plpgsql VOLATILE PARALLEL UNSAFE
-- jit off: the model's queries are calls of C functions, which compiled
-- expressions cannot speed up; compiling them took seconds a refresh
SET search_path = pg_catalog, pg_temp SET client_min_messages = warning SET jit = off AS $$
DECLARE
  m text;
  i text;
  rel regclass;
  n int8;
  a date;
  on_off text;
  as_of date;
  horizon int4;
  customers int8;
  repeat_buyers int8;
  bg @extschema@.bgnbd_row;
  sp @extschema@.gamma_gamma_row;
  bg_error text;
  sp_error text;
BEGIN
  -- $2 is concurrently (a keyword, which an expression cannot name)
  -- a NULL option means its default (the API contract, rule 7)
  model_schema := coalesce(model_schema, 'seg');
  $2 := coalesce($2, true);
  m := quote_ident(model_schema);
  rel := to_regclass(m || '.customer_segments');
  IF rel IS NULL THEN
    RAISE EXCEPTION 'no segmentation model in schema %', m
      USING ERRCODE = 'undefined_table',
            HINT = 'Create it with segmentation_model_create(model_schema => ' || quote_literal(model_schema) || ').';
  END IF;
  -- The lifetime models, fitted on every in-scope customer's trade days up
  -- to the as-of date (times in days, commission read to 4 decimals; the
  -- purchases of trade_summary, which are purchase_summary(trade_date,
  -- round(commission, 4), as_of) in a smaller state; no amount, so no
  -- window sums to keep): a
  -- fit the data cannot support leaves the lifetime columns empty with the
  -- reason instead of failing the refresh.  A model made before 0.4.0 has
  -- no lifetime_fit table and no lifetime columns: nothing to fit.
  IF to_regclass(m || '.lifetime_fit') IS NOT NULL THEN
    EXECUTE 'SELECT max(input_schema) FROM ' || m || '.lifetime_fit' INTO i;
    EXECUTE 'SELECT coalesce(max(value) FILTER (WHERE rule = ''lifetime_model''), ''on''), '
            || 'CASE coalesce(max(value) FILTER (WHERE rule = ''as_of''), ''refresh_date'') WHEN ''refresh_date'' THEN CURRENT_DATE '
            || 'ELSE max(value) FILTER (WHERE rule = ''as_of'')::date END, '
            || 'coalesce(max(value) FILTER (WHERE rule = ''lifetime_horizon_days''), ''365'')::int4 FROM ' || m || '.rules'
      INTO on_off, as_of, horizon;
    IF on_off = 'off' THEN
      bg_error := 'off in the rules (lifetime_model)';
    ELSE
      DROP TABLE IF EXISTS pg_temp.cs_lifetime_input;
      EXECUTE format($q$
        CREATE TEMP TABLE cs_lifetime_input ON COMMIT DROP AS
        SELECT (s.ps).frequency AS x, (s.ps).recency AS t_x, (s.ps).age AS age, (s.ps).monetary_value AS avg_value
        FROM (SELECT t.customer_id, (@extschema@.trade_summary(t.trade_date, NULL, t.commission, 1, %2$L::date)).purchases AS ps
              FROM %1$s.trades t WHERE t.trade_date <= %2$L::date GROUP BY t.customer_id) s
        WHERE (s.ps).first_purchase IS NOT NULL
          AND s.customer_id IN (SELECT c.customer_id FROM %1$s.customers c WHERE c.opened IS NULL OR c.opened <= %2$L::date)$q$,
        quote_ident(i), as_of);
      SELECT count(*), count(*) FILTER (WHERE f.x > 0) INTO customers, repeat_buyers FROM pg_temp.cs_lifetime_input f;
      BEGIN
        bg := (SELECT @extschema@.bgnbd_fit(f.x, f.t_x, f.age) FROM pg_temp.cs_lifetime_input f);
        IF bg IS NULL THEN
          bg_error := 'no customer has traded';
        ELSE
          -- the predictions' hardest case: a customer whose first trade is on
          -- the as-of date, over the horizon
          PERFORM max(@extschema@.bgnbd_expected_purchases(bg, d.x, 0, 0, horizon))
          FROM (SELECT DISTINCT f.x FROM pg_temp.cs_lifetime_input f) d;
        END IF;
      EXCEPTION WHEN data_exception OR program_limit_exceeded THEN
        GET STACKED DIAGNOSTICS bg_error = MESSAGE_TEXT;
        bg := NULL;
      END;
      BEGIN
        sp := (SELECT @extschema@.gamma_gamma_fit(f.x, f.avg_value::float8) FILTER (WHERE f.x > 0 AND f.avg_value > 0)
              FROM pg_temp.cs_lifetime_input f);
        IF sp IS NULL THEN
          sp_error := 'no customer has a repeat trade day with a positive commission';
        ELSIF (sp).q <= 1 THEN
          -- a fit whose mean spend is infinite predicts nothing
          sp_error := format('q = %s, not above 1: the mean commission is infinite', round((sp).q::numeric, 3));
          sp := NULL;
        ELSE
          PERFORM @extschema@.gamma_gamma_expected_value(sp, 0, NULL);
        END IF;
      EXCEPTION WHEN data_exception OR program_limit_exceeded THEN
        GET STACKED DIAGNOSTICS sp_error = MESSAGE_TEXT;
        sp := NULL;
      END;
      DROP TABLE pg_temp.cs_lifetime_input;
    END IF;
    EXECUTE 'UPDATE ' || m || '.lifetime_fit SET as_of = $1, customers = $2, repeat_buyers = $3, bgnbd = $4, spend = $5, '
            || 'bgnbd_error = $6, spend_error = $7'
      USING as_of, customers, repeat_buyers, bg, sp, bg_error, sp_error;
  END IF;

  -- The loss rates of the expected credit loss (cohort method): the
  -- invoices due in the ecl_cohort_days days before the last
  -- ecl_charge_off_days days (so that each is paid or lost) over the
  -- aging_boundaries, once per refresh, before customer_segments reads them.
  -- A model made before 0.5.0 has no ecl_loss_rates table: nothing to do.
  IF to_regclass(m || '.ecl_loss_rates') IS NOT NULL THEN
    EXECUTE 'SELECT max(input_schema) FROM ' || m || '.ecl_loss_rates' INTO i;
    EXECUTE format($q$
      WITH r AS (
        SELECT CASE coalesce(max(value) FILTER (WHERE rule = 'as_of'), 'refresh_date') WHEN 'refresh_date' THEN CURRENT_DATE
                    ELSE max(value) FILTER (WHERE rule = 'as_of')::date END AS as_of,
               coalesce(max(value) FILTER (WHERE rule = 'ecl_charge_off_days'), '180')::int4 AS charge_off_days,
               coalesce(max(value) FILTER (WHERE rule = 'ecl_cohort_days'), '365')::int4 AS cohort_days,
               coalesce(max(value) FILTER (WHERE rule = 'ecl_forward_factor'), '1')::numeric AS forward_factor,
               coalesce(max(value) FILTER (WHERE rule = 'aging_boundaries'), '{0,30,60,90,180}')::int4[] AS boundaries
        FROM %1$s.rules),
      w AS (
        SELECT r.*, r.as_of - r.charge_off_days - r.cohort_days AS due_from, r.as_of - r.charge_off_days - 1 AS due_to FROM r)
      UPDATE %1$s.ecl_loss_rates SET as_of = w.as_of, due_from = w.due_from, due_to = w.due_to,
             charge_off_days = w.charge_off_days, boundaries = w.boundaries, forward_factor = w.forward_factor,
             rates = (SELECT @extschema@.loss_rates(v.due_date, v.paid_date, v.amount, NULL, w.charge_off_days, w.as_of, w.boundaries)
                      FROM %2$s.invoices v
                      WHERE v.invoice_date <= w.as_of AND v.due_date BETWEEN w.due_from AND w.due_to)
      FROM w$q$, m, quote_ident(i));
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

CREATE OR REPLACE FUNCTION @extschema@.segmentation_model_drop(model_schema pg_catalog.text DEFAULT 'seg')
RETURNS pg_catalog.text LANGUAGE plpgsql VOLATILE PARALLEL UNSAFE
SET search_path = pg_catalog, pg_temp SET client_min_messages = warning AS $$
DECLARE
  m text;
  schema_dropped boolean := true;
BEGIN
  -- a NULL option means its default (the API contract, rule 7)
  model_schema := coalesce(model_schema, 'seg');
  m := quote_ident(model_schema);
  IF NOT EXISTS (SELECT FROM pg_namespace WHERE nspname = model_schema) THEN
    RETURN m || ': no segmentation model';
  END IF;
  EXECUTE 'DROP VIEW IF EXISTS ' || m || '.population, ' || m || '.tier_summary, ' || m || '.aging_summary, '
          || m || '.rfm_summary, ' || m || '.collection_kpis, ' || m || '.ecl_summary';
  EXECUTE 'DROP MATERIALIZED VIEW IF EXISTS ' || m || '.customer_segments';
  EXECUTE 'DROP TABLE IF EXISTS ' || m || '.rules, ' || m || '.lifetime_fit, ' || m || '.ecl_loss_rates';
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

-- ---------------------------------------------------------------------
-- Bounded-traffic cut-offs (src/cutoff_histogram.c, docs/tiers.md
-- #bounded-cut-offs): value_cutoffs' answer found in rounds of fixed-size
-- histograms, so a shard ships the same few kilobytes per round whatever
-- its number of rows.  cutoff_counts(net [, plan]) counts one round,
-- cutoff_round(histogram, shares) reads it and plans the next round, and
-- cutoff_result(plan) gives the cut-offs once a plan is finished;
-- value_cutoffs_bounded(relation, column, shares) runs the rounds.
-- ---------------------------------------------------------------------
CREATE TYPE @extschema@.cutoff_histogram;
CREATE FUNCTION @extschema@.cutoff_histogram_in(pg_catalog.cstring) RETURNS @extschema@.cutoff_histogram
AS 'MODULE_PATHNAME', 'cs_cutoff_histogram_in' LANGUAGE C IMMUTABLE STRICT PARALLEL SAFE;
CREATE FUNCTION @extschema@.cutoff_histogram_out(@extschema@.cutoff_histogram) RETURNS pg_catalog.cstring
AS 'MODULE_PATHNAME', 'cs_cutoff_histogram_out' LANGUAGE C IMMUTABLE STRICT PARALLEL SAFE;
CREATE FUNCTION @extschema@.cutoff_histogram_recv(pg_catalog.internal) RETURNS @extschema@.cutoff_histogram
AS 'MODULE_PATHNAME', 'cs_cutoff_histogram_recv' LANGUAGE C IMMUTABLE STRICT PARALLEL SAFE;
CREATE FUNCTION @extschema@.cutoff_histogram_send(@extschema@.cutoff_histogram) RETURNS pg_catalog.bytea
AS 'MODULE_PATHNAME', 'cs_cutoff_histogram_send' LANGUAGE C IMMUTABLE STRICT PARALLEL SAFE;
CREATE TYPE @extschema@.cutoff_histogram (
    INPUT = @extschema@.cutoff_histogram_in,
    OUTPUT = @extschema@.cutoff_histogram_out,
    RECEIVE = @extschema@.cutoff_histogram_recv,
    SEND = @extschema@.cutoff_histogram_send,
    INTERNALLENGTH = VARIABLE,
    ALIGNMENT = double,
    STORAGE = extended
);
COMMENT ON TYPE @extschema@.cutoff_histogram IS
'exact counts of net values per value range for one round of bounded-traffic cut-offs (fixed size), or a plan of the next round';
COMMENT ON FUNCTION @extschema@.cutoff_histogram_in(pg_catalog.cstring) IS 'cutoff_histogram text input';
COMMENT ON FUNCTION @extschema@.cutoff_histogram_out(@extschema@.cutoff_histogram) IS 'cutoff_histogram text output (exact; only nonzero bins)';
COMMENT ON FUNCTION @extschema@.cutoff_histogram_recv(pg_catalog.internal) IS 'cutoff_histogram binary input';
COMMENT ON FUNCTION @extschema@.cutoff_histogram_send(@extschema@.cutoff_histogram) IS 'cutoff_histogram binary output';

CREATE FUNCTION @extschema@.cutoff_counts_add(state @extschema@.cutoff_histogram, net pg_catalog.numeric)
RETURNS @extschema@.cutoff_histogram
AS 'MODULE_PATHNAME', 'cs_cutoff_histogram_add' LANGUAGE C IMMUTABLE PARALLEL SAFE;
CREATE FUNCTION @extschema@.cutoff_counts_add(state @extschema@.cutoff_histogram, net pg_catalog.numeric,
                                              plan @extschema@.cutoff_histogram)
RETURNS @extschema@.cutoff_histogram
AS 'MODULE_PATHNAME', 'cs_cutoff_histogram_add' LANGUAGE C IMMUTABLE PARALLEL SAFE;
CREATE FUNCTION @extschema@.cutoff_counts_combine(a @extschema@.cutoff_histogram, b @extschema@.cutoff_histogram)
RETURNS @extschema@.cutoff_histogram
AS 'MODULE_PATHNAME', 'cs_cutoff_histogram_combine' LANGUAGE C IMMUTABLE STRICT PARALLEL SAFE;
CREATE FUNCTION @extschema@.cutoff_counts_final(histogram @extschema@.cutoff_histogram)
RETURNS @extschema@.cutoff_histogram
AS 'MODULE_PATHNAME', 'cs_cutoff_histogram_final' LANGUAGE C IMMUTABLE STRICT PARALLEL SAFE;
COMMENT ON FUNCTION @extschema@.cutoff_counts_add(@extschema@.cutoff_histogram, pg_catalog.numeric) IS
'aggregate transition function of cutoff_counts (round 1)';
COMMENT ON FUNCTION @extschema@.cutoff_counts_add(@extschema@.cutoff_histogram, pg_catalog.numeric, @extschema@.cutoff_histogram) IS
'aggregate transition function of cutoff_counts (a later round, given its plan)';
COMMENT ON FUNCTION @extschema@.cutoff_counts_combine(@extschema@.cutoff_histogram, @extschema@.cutoff_histogram) IS
'aggregate combine function of cutoff_counts: adds the counts of two histograms of the same round';
COMMENT ON FUNCTION @extschema@.cutoff_counts_final(@extschema@.cutoff_histogram) IS
'final function of cutoff_counts: the merged histogram itself, for cutoff_round';

CREATE AGGREGATE @extschema@.cutoff_counts(net pg_catalog.numeric) (
    SFUNC = @extschema@.cutoff_counts_add, STYPE = @extschema@.cutoff_histogram,
    COMBINEFUNC = @extschema@.cutoff_counts_combine, PARALLEL = SAFE);
CREATE AGGREGATE @extschema@.cutoff_counts(net pg_catalog.numeric, plan @extschema@.cutoff_histogram) (
    SFUNC = @extschema@.cutoff_counts_add, STYPE = @extschema@.cutoff_histogram,
    COMBINEFUNC = @extschema@.cutoff_counts_combine, PARALLEL = SAFE);
CREATE AGGREGATE @extschema@.cutoff_counts_partial(net pg_catalog.numeric) (
    SFUNC = @extschema@.cutoff_counts_add, STYPE = @extschema@.cutoff_histogram,
    COMBINEFUNC = @extschema@.cutoff_counts_combine, PARALLEL = SAFE);
CREATE AGGREGATE @extschema@.cutoff_counts_partial(net pg_catalog.numeric, plan @extschema@.cutoff_histogram) (
    SFUNC = @extschema@.cutoff_counts_add, STYPE = @extschema@.cutoff_histogram,
    COMBINEFUNC = @extschema@.cutoff_counts_combine, PARALLEL = SAFE);
CREATE AGGREGATE @extschema@.cutoff_counts_merge(histogram @extschema@.cutoff_histogram) (
    SFUNC = @extschema@.cutoff_counts_combine, STYPE = @extschema@.cutoff_histogram,
    COMBINEFUNC = @extschema@.cutoff_counts_combine, PARALLEL = SAFE);
COMMENT ON AGGREGATE @extschema@.cutoff_counts(pg_catalog.numeric) IS
'round 1 of bounded-traffic cut-offs: exact counts of the net values on a fixed grid (fixed size), for cutoff_round';
COMMENT ON AGGREGATE @extschema@.cutoff_counts(pg_catalog.numeric, @extschema@.cutoff_histogram) IS
'a later round of bounded-traffic cut-offs: exact counts of the net values inside the windows of plan (from cutoff_round)';
COMMENT ON AGGREGATE @extschema@.cutoff_counts_partial(pg_catalog.numeric) IS
'cutoff_counts state as a value (round 1): merge with cutoff_counts_merge';
COMMENT ON AGGREGATE @extschema@.cutoff_counts_partial(pg_catalog.numeric, @extschema@.cutoff_histogram) IS
'cutoff_counts state as a value (a later round): merge with cutoff_counts_merge';
COMMENT ON AGGREGATE @extschema@.cutoff_counts_merge(@extschema@.cutoff_histogram) IS
'merge cutoff_histogram states of one round (per shard, per partition) into one';

CREATE FUNCTION @extschema@.cutoff_round(histogram @extschema@.cutoff_histogram,
                                         shares pg_catalog.float8[] DEFAULT NULL)
RETURNS @extschema@.cutoff_histogram
AS 'MODULE_PATHNAME', 'cs_cutoff_round' LANGUAGE C IMMUTABLE PARALLEL SAFE;
COMMENT ON FUNCTION @extschema@.cutoff_round(@extschema@.cutoff_histogram, pg_catalog.float8[]) IS
'read a merged cutoff_counts histogram: the plan of the next round, or a finished plan holding the cut-offs for shares (NULL histogram: no rows)';
CREATE FUNCTION @extschema@.cutoff_result(plan @extschema@.cutoff_histogram)
RETURNS @extschema@.value_cutoffs_row
AS 'MODULE_PATHNAME', 'cs_cutoff_result' LANGUAGE C IMMUTABLE STRICT PARALLEL SAFE;
COMMENT ON FUNCTION @extschema@.cutoff_result(@extschema@.cutoff_histogram) IS
'the cut-offs of a finished plan from cutoff_round, as value_cutoffs gives them; NULL while another round is needed';

-- PL/pgSQL, not SQL: Citus plans a LANGUAGE sql function's query as one
-- inlined statement, which fails on distributed tables; EXECUTE runs each
-- round as a plain query that an engine splits like any other.
CREATE FUNCTION @extschema@.value_cutoffs_bounded(relation pg_catalog.regclass, net_column pg_catalog.name,
                                                  shares pg_catalog.float8[] DEFAULT NULL)
RETURNS @extschema@.value_cutoffs_row LANGUAGE plpgsql VOLATILE PARALLEL UNSAFE
SET search_path = pg_catalog, pg_temp AS $$
DECLARE
  h @extschema@.cutoff_histogram;
  plan @extschema@.cutoff_histogram;
  rounds int := 1;
BEGIN
  -- NULL in, NULL out (the API contract, rule 7)
  IF relation IS NULL OR net_column IS NULL THEN
    RETURN NULL;
  END IF;
  -- regclass prints itself quoted and schema-qualified where needed
  EXECUTE format('SELECT @extschema@.cutoff_counts(%I::pg_catalog.numeric) FROM %s', net_column, relation) INTO h;
  plan := @extschema@.cutoff_round(h, shares);
  WHILE @extschema@.cutoff_result(plan) IS NULL LOOP
    rounds := rounds + 1;
    IF rounds > 16 THEN   -- at most 7 are needed (docs/tiers.md)
      RAISE EXCEPTION 'cut-off rounds did not end' USING ERRCODE = 'internal_error';
    END IF;
    EXECUTE format('SELECT @extschema@.cutoff_counts(%I::pg_catalog.numeric, $1) FROM %s', net_column, relation)
      INTO h USING plan;
    plan := @extschema@.cutoff_round(h, shares);
  END LOOP;
  RETURN @extschema@.cutoff_result(plan);
END $$;
COMMENT ON FUNCTION @extschema@.value_cutoffs_bounded(pg_catalog.regclass, pg_catalog.name, pg_catalog.float8[]) IS
'value_cutoffs(net_column, shares) over relation in rounds of fixed-size histograms (bytes per shard independent of the rows; docs/tiers.md)';
-- ---------------------------------------------------------------------------
-- Expected credit loss: loss_rates over the caller's aging boundaries, as
-- aging_bucket_totals takes them (an int[] of upper bounds in days, no
-- default).  The state is the same credit_state of kind loss_rates; with
-- boundaries other than the defaults it holds one paid amount per bucket
-- and then the boundaries (docs/ecl.md).  No initial state: over no rows the
-- result is NULL, as the boundaries were never seen.
-- ---------------------------------------------------------------------------
CREATE FUNCTION @extschema@.loss_rates_add(@extschema@.credit_state, pg_catalog.date, pg_catalog.date,
    pg_catalog.numeric, pg_catalog.bool, pg_catalog.int4, pg_catalog.date, pg_catalog.int4[])
RETURNS @extschema@.credit_state
AS 'MODULE_PATHNAME', 'cs_loss_rates_add_bounds' LANGUAGE C IMMUTABLE PARALLEL SAFE;
COMMENT ON FUNCTION @extschema@.loss_rates_add(@extschema@.credit_state, pg_catalog.date, pg_catalog.date, pg_catalog.numeric, pg_catalog.bool, pg_catalog.int4, pg_catalog.date, pg_catalog.int4[]) IS
'aggregate transition function of loss_rates and loss_rates_partial with aging boundaries';

CREATE AGGREGATE @extschema@.loss_rates(due_date pg_catalog.date, paid_date pg_catalog.date,
    amount pg_catalog.numeric, written_off pg_catalog.bool, charge_off_days pg_catalog.int4, as_of pg_catalog.date,
    boundaries pg_catalog.int4[]) (
    SFUNC = @extschema@.loss_rates_add, STYPE = @extschema@.credit_state,
    COMBINEFUNC = @extschema@.credit_state_combine,
    FINALFUNC = @extschema@.loss_rates_final, PARALLEL = SAFE);
COMMENT ON AGGREGATE @extschema@.loss_rates(pg_catalog.date, pg_catalog.date, pg_catalog.numeric, pg_catalog.bool, pg_catalog.int4, pg_catalog.date, pg_catalog.int4[]) IS
'historical loss rates per aging bucket by the cohort method over the given aging boundaries (upper bounds in days, as aging_bucket_totals takes them)';
CREATE AGGREGATE @extschema@.loss_rates_partial(due_date pg_catalog.date, paid_date pg_catalog.date,
    amount pg_catalog.numeric, written_off pg_catalog.bool, charge_off_days pg_catalog.int4, as_of pg_catalog.date,
    boundaries pg_catalog.int4[]) (
    SFUNC = @extschema@.loss_rates_add, STYPE = @extschema@.credit_state,
    COMBINEFUNC = @extschema@.credit_state_combine, PARALLEL = SAFE);
COMMENT ON AGGREGATE @extschema@.loss_rates_partial(pg_catalog.date, pg_catalog.date, pg_catalog.numeric, pg_catalog.bool, pg_catalog.int4, pg_catalog.date, pg_catalog.int4[]) IS
'loss_rates state over the given aging boundaries, to store and merge later with loss_rates_merge';
-- ---------------------------------------------------------------------------
-- Collection channels and their economics (src/collection.c,
-- docs/collection.md): the channel of an overdue account by age (in-house
-- teams 1 to 3, collection agency, law firm), the commission an outside
-- collector charges by age, the expected gross and net recovery of a
-- balance, the channel with the larger expected net recovery, and the
-- workload of a book per channel (collection_workload).
-- ---------------------------------------------------------------------------
CREATE TYPE @extschema@.collection_channel_label AS ENUM ('in_house_1', 'in_house_2', 'in_house_3', 'agency', 'law_firm');
COMMENT ON TYPE @extschema@.collection_channel_label IS
'who works an overdue account, in the order an account moves: in-house collection teams 1, 2 and 3, an outside collection agency, a law firm';

CREATE FUNCTION @extschema@.sort_key(label @extschema@.collection_channel_label) RETURNS pg_catalog.int4
AS 'MODULE_PATHNAME', 'cs_sort_key_collection_channel' LANGUAGE C IMMUTABLE STRICT PARALLEL SAFE;
COMMENT ON FUNCTION @extschema@.sort_key(@extschema@.collection_channel_label) IS
'sort key of a collection_channel_label, in the order an account moves: in_house_1 1, in_house_2 2, in_house_3 3, agency 4, law_firm 5';

CREATE FUNCTION @extschema@.collection_channel(days_past_due pg_catalog.int4, amount pg_catalog.numeric DEFAULT NULL,
    boundaries pg_catalog.int4[] DEFAULT '{30,90,365,730}', law_firm_amount pg_catalog.numeric DEFAULT NULL)
RETURNS @extschema@.collection_channel_label
AS 'MODULE_PATHNAME', 'cs_collection_channel' LANGUAGE C IMMUTABLE PARALLEL SAFE;
COMMENT ON FUNCTION @extschema@.collection_channel(pg_catalog.int4, pg_catalog.numeric, pg_catalog.int4[], pg_catalog.numeric) IS
'the channel of an account days_past_due days past due: in_house_1 up to boundaries[1] (30), in_house_2 to [2] (90), in_house_3 to [3] (365), agency to [4] (730), law_firm beyond, or beyond [3] when amount >= law_firm_amount; NULL when not past due';

CREATE FUNCTION @extschema@.collection_commission(days_past_due pg_catalog.int4, industry pg_catalog.text DEFAULT 'bank',
    boundaries pg_catalog.int4[] DEFAULT NULL, commission_rates pg_catalog.numeric[] DEFAULT NULL)
RETURNS pg_catalog.numeric
AS 'MODULE_PATHNAME', 'cs_collection_commission' LANGUAGE C IMMUTABLE PARALLEL SAFE;
COMMENT ON FUNCTION @extschema@.collection_commission(pg_catalog.int4, pg_catalog.text, pg_catalog.int4[], pg_catalog.numeric[]) IS
'an outside collector''s commission rate for a debt days_past_due days past due: the industry''s preset (bank 0.15, 0.30 over 365 days; joint_stock_bank 0.23, 0.38; telecom 0.15, 0.20 over 90, 0.25 over 180; property 0.15, 0.20 over 365) or commission_rates by upper bounds in days';

CREATE TYPE @extschema@.collection_recovery_row AS (
    gross      pg_catalog.numeric,  -- balance * recovery_probability
    commission pg_catalog.numeric,  -- gross * commission_rate
    cost       pg_catalog.numeric,  -- the collection cost given
    net        pg_catalog.numeric   -- gross - commission - cost
);
COMMENT ON TYPE @extschema@.collection_recovery_row IS
'the expected recovery of a balance (collection_recovery): gross, the collector''s commission, the cost, and net = gross - commission - cost';

CREATE FUNCTION @extschema@.collection_recovery(balance pg_catalog.numeric, recovery_probability pg_catalog.numeric,
    commission_rate pg_catalog.numeric DEFAULT 0, cost pg_catalog.numeric DEFAULT 0)
RETURNS @extschema@.collection_recovery_row
AS 'MODULE_PATHNAME', 'cs_collection_recovery' LANGUAGE C IMMUTABLE PARALLEL SAFE;
COMMENT ON FUNCTION @extschema@.collection_recovery(pg_catalog.numeric, pg_catalog.numeric, pg_catalog.numeric, pg_catalog.numeric) IS
'the expected recovery of a balance with a recovery probability: gross = balance * probability, commission = gross * commission_rate, net = gross - commission - cost';

CREATE FUNCTION @extschema@.collection_best_channel(days_past_due pg_catalog.int4, balance pg_catalog.numeric,
    recovery_probability pg_catalog.numeric, cost_per_call pg_catalog.numeric,
    calls_per_recovery pg_catalog.numeric DEFAULT 125, industry pg_catalog.text DEFAULT 'bank',
    boundaries pg_catalog.int4[] DEFAULT '{30,90,365,730}', law_firm_amount pg_catalog.numeric DEFAULT NULL,
    commission_rate pg_catalog.numeric DEFAULT NULL)
RETURNS @extschema@.collection_channel_label
AS 'MODULE_PATHNAME', 'cs_collection_best_channel' LANGUAGE C IMMUTABLE PARALLEL SAFE;
COMMENT ON FUNCTION @extschema@.collection_best_channel(pg_catalog.int4, pg_catalog.numeric, pg_catalog.numeric, pg_catalog.numeric, pg_catalog.numeric, pg_catalog.text, pg_catalog.int4[], pg_catalog.numeric, pg_catalog.numeric) IS
'of the in-house team and the outside collector for an account, the one with the larger expected net recovery: in-house balance * p - p * calls_per_recovery * cost_per_call, outside balance * p * (1 - commission_rate, else the industry''s commission at that age)';

-- collection_state: per channel the accounts and four exact numeric sums
-- (balance, expected recoveries, expected gross, commission)
CREATE TYPE @extschema@.collection_state;
CREATE FUNCTION @extschema@.collection_state_in(pg_catalog.cstring) RETURNS @extschema@.collection_state
AS 'MODULE_PATHNAME', 'cs_collection_state_in' LANGUAGE C IMMUTABLE STRICT PARALLEL SAFE;
CREATE FUNCTION @extschema@.collection_state_out(@extschema@.collection_state) RETURNS pg_catalog.cstring
AS 'MODULE_PATHNAME', 'cs_collection_state_out' LANGUAGE C IMMUTABLE STRICT PARALLEL SAFE;
CREATE FUNCTION @extschema@.collection_state_recv(pg_catalog.internal) RETURNS @extschema@.collection_state
AS 'MODULE_PATHNAME', 'cs_collection_state_recv' LANGUAGE C IMMUTABLE STRICT PARALLEL SAFE;
CREATE FUNCTION @extschema@.collection_state_send(@extschema@.collection_state) RETURNS pg_catalog.bytea
AS 'MODULE_PATHNAME', 'cs_collection_state_send' LANGUAGE C IMMUTABLE STRICT PARALLEL SAFE;
CREATE TYPE @extschema@.collection_state (
    INPUT = @extschema@.collection_state_in, OUTPUT = @extschema@.collection_state_out,
    RECEIVE = @extschema@.collection_state_recv, SEND = @extschema@.collection_state_send,
    INTERNALLENGTH = VARIABLE, ALIGNMENT = double, STORAGE = extended);
COMMENT ON TYPE @extschema@.collection_state IS
'state of collection_workload: v1 then per channel (in_house_1, in_house_2, in_house_3, agency, law_firm) ;accounts,balance,expected recoveries,expected gross,commission (exact numerics)';
COMMENT ON FUNCTION @extschema@.collection_state_in(pg_catalog.cstring) IS 'collection_state text input';
COMMENT ON FUNCTION @extschema@.collection_state_out(@extschema@.collection_state) IS 'collection_state text output (exact)';
COMMENT ON FUNCTION @extschema@.collection_state_recv(pg_catalog.internal) IS 'collection_state binary input';
COMMENT ON FUNCTION @extschema@.collection_state_send(@extschema@.collection_state) IS 'collection_state binary output';

CREATE TYPE @extschema@.collection_workload_row AS (
    channel             @extschema@.collection_channel_label,
    accounts            pg_catalog.int8,     -- accounts routed to the channel
    balance             pg_catalog.numeric,  -- their balance
    expected_recoveries pg_catalog.numeric,  -- sum of recovery probabilities
    expected_gross      pg_catalog.numeric,  -- sum of balance * probability
    commission          pg_catalog.numeric,  -- sum of balance * probability * commission_rate
    calls               pg_catalog.numeric,  -- in-house: expected_recoveries * calls_per_recovery
    agent_months        pg_catalog.numeric,  -- calls / (calls_per_agent_day * working_days)
    cost                pg_catalog.numeric,  -- calls * cost_per_call
    expected_net        pg_catalog.numeric   -- expected_gross - commission - cost
);
COMMENT ON TYPE @extschema@.collection_workload_row IS
'one channel''s workload (collection_workload): accounts, balance, expected recoveries, gross, commission, in-house calls and agent-months, their cost, and the expected net recovery';

CREATE FUNCTION @extschema@.collection_workload_add(@extschema@.collection_state, @extschema@.collection_channel_label,
    pg_catalog.numeric, pg_catalog.numeric, pg_catalog.numeric)
RETURNS @extschema@.collection_state
AS 'MODULE_PATHNAME', 'cs_collection_workload_add' LANGUAGE C IMMUTABLE PARALLEL SAFE;
COMMENT ON FUNCTION @extschema@.collection_workload_add(@extschema@.collection_state, @extschema@.collection_channel_label, pg_catalog.numeric, pg_catalog.numeric, pg_catalog.numeric) IS
'aggregate transition function of collection_workload and collection_workload_partial';
CREATE FUNCTION @extschema@.collection_workload_combine(@extschema@.collection_state, @extschema@.collection_state)
RETURNS @extschema@.collection_state
AS 'MODULE_PATHNAME', 'cs_collection_workload_combine' LANGUAGE C IMMUTABLE STRICT PARALLEL SAFE;
COMMENT ON FUNCTION @extschema@.collection_workload_combine(@extschema@.collection_state, @extschema@.collection_state) IS
'aggregate combine function of collection_workload: adds two states';

-- collection_workload_final(state) is the aggregate's final function; the
-- form with options gives the calls and agent-months for other figures (an
-- aggregate cannot have a parameter default, and two forms that both take
-- one argument would be ambiguous, so calls_per_recovery has none: NULL
-- means 125)
CREATE FUNCTION @extschema@.collection_workload_final(state @extschema@.collection_state)
RETURNS @extschema@.collection_workload_row[]
AS 'MODULE_PATHNAME', 'cs_collection_workload_final' LANGUAGE C IMMUTABLE STRICT PARALLEL SAFE;
COMMENT ON FUNCTION @extschema@.collection_workload_final(@extschema@.collection_state) IS
'collection_workload_row per channel from a collection_workload state, with 125 calls a recovery, 250 calls an agent a day, 20 working days a month and no cost per call; NULL when no account';
CREATE FUNCTION @extschema@.collection_workload_final(state @extschema@.collection_state,
    calls_per_recovery pg_catalog.numeric, calls_per_agent_day pg_catalog.numeric DEFAULT 250,
    working_days pg_catalog.numeric DEFAULT 20, cost_per_call pg_catalog.numeric DEFAULT 0)
RETURNS @extschema@.collection_workload_row[]
AS 'MODULE_PATHNAME', 'cs_collection_workload_final' LANGUAGE C IMMUTABLE PARALLEL SAFE;
COMMENT ON FUNCTION @extschema@.collection_workload_final(@extschema@.collection_state, pg_catalog.numeric, pg_catalog.numeric, pg_catalog.numeric, pg_catalog.numeric) IS
'collection_workload_row per channel from a collection_workload state: calls = in-house expected recoveries * calls_per_recovery (NULL: 125), agent_months = calls / (calls_per_agent_day * working_days), cost = calls * cost_per_call; NULL when no account';

CREATE AGGREGATE @extschema@.collection_workload(channel @extschema@.collection_channel_label, balance pg_catalog.numeric,
    recovery_probability pg_catalog.numeric, commission_rate pg_catalog.numeric) (
    SFUNC = @extschema@.collection_workload_add, STYPE = @extschema@.collection_state,
    COMBINEFUNC = @extschema@.collection_workload_combine,
    FINALFUNC = @extschema@.collection_workload_final,
    INITCOND = 'v1;0,0,0,0,0;0,0,0,0,0;0,0,0,0,0;0,0,0,0,0;0,0,0,0,0', PARALLEL = SAFE);
COMMENT ON AGGREGATE @extschema@.collection_workload(@extschema@.collection_channel_label, pg_catalog.numeric, pg_catalog.numeric, pg_catalog.numeric) IS
'a book of overdue accounts routed to channels, per channel: accounts, balance, expected recoveries, gross, commission, in-house calls and agent-months (125 calls a recovery, 250 calls a day, 20 days a month), expected net';
CREATE AGGREGATE @extschema@.collection_workload_partial(channel @extschema@.collection_channel_label, balance pg_catalog.numeric,
    recovery_probability pg_catalog.numeric, commission_rate pg_catalog.numeric) (
    SFUNC = @extschema@.collection_workload_add, STYPE = @extschema@.collection_state,
    COMBINEFUNC = @extschema@.collection_workload_combine,
    INITCOND = 'v1;0,0,0,0,0;0,0,0,0,0;0,0,0,0,0;0,0,0,0,0;0,0,0,0,0', PARALLEL = SAFE);
COMMENT ON AGGREGATE @extschema@.collection_workload_partial(@extschema@.collection_channel_label, pg_catalog.numeric, pg_catalog.numeric, pg_catalog.numeric) IS
'collection_workload state as a value, to store per branch or shard: merge with collection_workload_merge, read with collection_workload_final';
CREATE AGGREGATE @extschema@.collection_workload_merge(state @extschema@.collection_state) (
    SFUNC = @extschema@.collection_workload_combine, STYPE = @extschema@.collection_state,
    COMBINEFUNC = @extschema@.collection_workload_combine, PARALLEL = SAFE);
COMMENT ON AGGREGATE @extschema@.collection_workload_merge(@extschema@.collection_state) IS
'merge stored collection_workload states; read with collection_workload_final';
-- ---------------------------------------------------------------------------
-- A customer's trades in one pass (src/trade_summary.c): trade_summary
-- gives the last trade, the trades, commission and turnover of a lookback
-- window and the purchase summary of the trade days, with exact integer
-- sums; the segmentation model reads the trades through it.
-- ---------------------------------------------------------------------------
CREATE TYPE @extschema@.trade_summary_row AS (
    last_trade     pg_catalog.date,     -- the latest trade up to as_of
    trades         pg_catalog.int8,     -- trades in the window
    commission     pg_catalog.numeric,  -- their commissions summed
    turnover       pg_catalog.numeric,  -- their absolute amounts summed
    purchases      @extschema@.purchase_summary_row  -- the trade days with a commission, in days
);
COMMENT ON TYPE @extschema@.trade_summary_row IS
'A customer''s trades as of a date (trade_summary): the last trade; the trades, commission and turnover (sum of absolute amounts) of the window as_of - lookback_days < trade_date <= as_of; the purchase summary of the trade days with a commission';

-- trade_state: the window's counts and exact sums, and one entry per trade day
CREATE TYPE @extschema@.trade_state;
CREATE FUNCTION @extschema@.trade_state_in(pg_catalog.cstring) RETURNS @extschema@.trade_state
AS 'MODULE_PATHNAME', 'cs_trade_state_in' LANGUAGE C IMMUTABLE STRICT PARALLEL SAFE;
CREATE FUNCTION @extschema@.trade_state_out(@extschema@.trade_state) RETURNS pg_catalog.cstring
AS 'MODULE_PATHNAME', 'cs_trade_state_out' LANGUAGE C IMMUTABLE STRICT PARALLEL SAFE;
CREATE FUNCTION @extschema@.trade_state_recv(pg_catalog.internal) RETURNS @extschema@.trade_state
AS 'MODULE_PATHNAME', 'cs_trade_state_recv' LANGUAGE C IMMUTABLE STRICT PARALLEL SAFE;
CREATE FUNCTION @extschema@.trade_state_send(@extschema@.trade_state) RETURNS pg_catalog.bytea
AS 'MODULE_PATHNAME', 'cs_trade_state_send' LANGUAGE C IMMUTABLE STRICT PARALLEL SAFE;
CREATE TYPE @extschema@.trade_state (
    INPUT = @extschema@.trade_state_in, OUTPUT = @extschema@.trade_state_out,
    RECEIVE = @extschema@.trade_state_recv, SEND = @extschema@.trade_state_send,
    INTERNALLENGTH = VARIABLE, ALIGNMENT = double, STORAGE = extended);
COMMENT ON TYPE @extschema@.trade_state IS
'state of trade_summary: v1;as_of;lookback_days;last_trade;trades;commission sum;turnover sum;first day,its commissions,all commissions (2 words);day,... (dates as day numbers from 2000-01-01, a sum as count,unit scale,display scale,high word,low word, commissions in units of 0.0001)';
COMMENT ON FUNCTION @extschema@.trade_state_in(pg_catalog.cstring) IS 'trade_state text input';
COMMENT ON FUNCTION @extschema@.trade_state_out(@extschema@.trade_state) IS 'trade_state text output (exact)';
COMMENT ON FUNCTION @extschema@.trade_state_recv(pg_catalog.internal) IS 'trade_state binary input';
COMMENT ON FUNCTION @extschema@.trade_state_send(@extschema@.trade_state) IS 'trade_state binary output';

CREATE FUNCTION @extschema@.trade_summary_add(@extschema@.trade_state, pg_catalog.date, pg_catalog.numeric,
    pg_catalog.numeric, pg_catalog.int4, pg_catalog.date)
RETURNS @extschema@.trade_state
AS 'MODULE_PATHNAME', 'cs_trade_add' LANGUAGE C IMMUTABLE PARALLEL SAFE;
COMMENT ON FUNCTION @extschema@.trade_summary_add(@extschema@.trade_state, pg_catalog.date, pg_catalog.numeric, pg_catalog.numeric, pg_catalog.int4, pg_catalog.date) IS
'aggregate transition function of trade_summary and trade_summary_partial';
CREATE FUNCTION @extschema@.trade_summary_combine(@extschema@.trade_state, @extschema@.trade_state)
RETURNS @extschema@.trade_state
AS 'MODULE_PATHNAME', 'cs_trade_combine' LANGUAGE C IMMUTABLE STRICT PARALLEL SAFE;
COMMENT ON FUNCTION @extschema@.trade_summary_combine(@extschema@.trade_state, @extschema@.trade_state) IS
'aggregate combine function of trade_summary: merges two states of one as_of and lookback_days';
CREATE FUNCTION @extschema@.trade_summary_final(state @extschema@.trade_state)
RETURNS @extschema@.trade_summary_row
AS 'MODULE_PATHNAME', 'cs_trade_final' LANGUAGE C IMMUTABLE STRICT PARALLEL SAFE;
COMMENT ON FUNCTION @extschema@.trade_summary_final(@extschema@.trade_state) IS
'trade_summary_row from a trade_summary state; NULL when no row was aggregated';

CREATE AGGREGATE @extschema@.trade_summary(trade_date pg_catalog.date, amount pg_catalog.numeric,
    commission pg_catalog.numeric, lookback_days pg_catalog.int4, as_of pg_catalog.date) (
    SFUNC = @extschema@.trade_summary_add, STYPE = @extschema@.trade_state,
    COMBINEFUNC = @extschema@.trade_summary_combine,
    FINALFUNC = @extschema@.trade_summary_final,
    INITCOND = 'v1', PARALLEL = SAFE);
COMMENT ON AGGREGATE @extschema@.trade_summary(pg_catalog.date, pg_catalog.numeric, pg_catalog.numeric, pg_catalog.int4, pg_catalog.date) IS
'a customer''s trades as of a date in one pass: last trade; trades, commission and turnover of the last lookback_days; purchase summary of the trade days (docs/clv.md)';
CREATE AGGREGATE @extschema@.trade_summary_partial(trade_date pg_catalog.date, amount pg_catalog.numeric,
    commission pg_catalog.numeric, lookback_days pg_catalog.int4, as_of pg_catalog.date) (
    SFUNC = @extschema@.trade_summary_add, STYPE = @extschema@.trade_state,
    COMBINEFUNC = @extschema@.trade_summary_combine,
    INITCOND = 'v1', PARALLEL = SAFE);
COMMENT ON AGGREGATE @extschema@.trade_summary_partial(pg_catalog.date, pg_catalog.numeric, pg_catalog.numeric, pg_catalog.int4, pg_catalog.date) IS
'trade_summary state as a value, to store per month or shard: merge with trade_summary_merge, read with trade_summary_final';
CREATE AGGREGATE @extschema@.trade_summary_merge(state @extschema@.trade_state) (
    SFUNC = @extschema@.trade_summary_combine, STYPE = @extschema@.trade_state,
    COMBINEFUNC = @extschema@.trade_summary_combine, PARALLEL = SAFE);
COMMENT ON AGGREGATE @extschema@.trade_summary_merge(@extschema@.trade_state) IS
'merge stored trade_summary states of one as_of and lookback_days; read with trade_summary_final';

-- ---------------------------------------------------------------------------
-- invoice_summary: a customer's invoices as of a date in one pass, with
-- exactly the figures of payment_profile, aging_profile and
-- aging_bucket_totals over the open invoices, and the worst collection stage
-- of those past due; the segmentation model reads the invoices through it.
-- ---------------------------------------------------------------------------
CREATE TYPE @extschema@.invoice_summary_row AS (
    payment        @extschema@.payment_profile_row,  -- payment_profile of every row
    aging          @extschema@.aging_profile_row,    -- aging_profile of the open rows with amount >= 0
    aging_buckets  pg_catalog.numeric[],             -- aging_bucket_totals of those rows; NULL for none
    worst_stage    @extschema@.collection_stage_label  -- max(collection_stage) of those past due; NULL for none
);
COMMENT ON TYPE @extschema@.invoice_summary_row IS
'A customer''s invoices as of a date (invoice_summary): the payment profile; the aging profile and the bucket totals over the caller''s boundaries of the invoices open as of the date with amount >= 0; the worst collection stage of those past due';

-- invoice_state: the states of payment_profile, aging_profile and
-- aging_bucket_totals, and the worst stage so far (448 bytes)
CREATE TYPE @extschema@.invoice_state;
CREATE FUNCTION @extschema@.invoice_state_in(pg_catalog.cstring) RETURNS @extschema@.invoice_state
AS 'MODULE_PATHNAME', 'cs_invoice_state_in' LANGUAGE C IMMUTABLE STRICT PARALLEL SAFE;
CREATE FUNCTION @extschema@.invoice_state_out(@extschema@.invoice_state) RETURNS pg_catalog.cstring
AS 'MODULE_PATHNAME', 'cs_invoice_state_out' LANGUAGE C IMMUTABLE STRICT PARALLEL SAFE;
CREATE FUNCTION @extschema@.invoice_state_recv(pg_catalog.internal) RETURNS @extschema@.invoice_state
AS 'MODULE_PATHNAME', 'cs_invoice_state_recv' LANGUAGE C IMMUTABLE STRICT PARALLEL SAFE;
CREATE FUNCTION @extschema@.invoice_state_send(@extschema@.invoice_state) RETURNS pg_catalog.bytea
AS 'MODULE_PATHNAME', 'cs_invoice_state_send' LANGUAGE C IMMUTABLE STRICT PARALLEL SAFE;
CREATE TYPE @extschema@.invoice_state (
    INPUT = @extschema@.invoice_state_in, OUTPUT = @extschema@.invoice_state_out,
    RECEIVE = @extschema@.invoice_state_recv, SEND = @extschema@.invoice_state_send,
    INTERNALLENGTH = VARIABLE, ALIGNMENT = double, STORAGE = plain);
COMMENT ON TYPE @extschema@.invoice_state IS
'state of invoice_summary: v1;worst stage (empty for none)|payment credit_state|aging_state of the default boundaries|aging_state of the caller''s boundaries (each in its own text form)';
COMMENT ON FUNCTION @extschema@.invoice_state_in(pg_catalog.cstring) IS 'invoice_state text input';
COMMENT ON FUNCTION @extschema@.invoice_state_out(@extschema@.invoice_state) IS 'invoice_state text output (exact)';
COMMENT ON FUNCTION @extschema@.invoice_state_recv(pg_catalog.internal) IS 'invoice_state binary input';
COMMENT ON FUNCTION @extschema@.invoice_state_send(@extschema@.invoice_state) IS 'invoice_state binary output';

CREATE FUNCTION @extschema@.invoice_summary_add(@extschema@.invoice_state, pg_catalog.date, pg_catalog.date,
    pg_catalog.date, pg_catalog.numeric, pg_catalog.int4[], pg_catalog.int4, pg_catalog.date)
RETURNS @extschema@.invoice_state
AS 'MODULE_PATHNAME', 'cs_invoice_add' LANGUAGE C IMMUTABLE PARALLEL SAFE;
COMMENT ON FUNCTION @extschema@.invoice_summary_add(@extschema@.invoice_state, pg_catalog.date, pg_catalog.date, pg_catalog.date, pg_catalog.numeric, pg_catalog.int4[], pg_catalog.int4, pg_catalog.date) IS
'aggregate transition function of invoice_summary and invoice_summary_partial';
CREATE FUNCTION @extschema@.invoice_summary_combine(@extschema@.invoice_state, @extschema@.invoice_state)
RETURNS @extschema@.invoice_state
AS 'MODULE_PATHNAME', 'cs_invoice_combine' LANGUAGE C IMMUTABLE STRICT PARALLEL SAFE;
COMMENT ON FUNCTION @extschema@.invoice_summary_combine(@extschema@.invoice_state, @extschema@.invoice_state) IS
'aggregate combine function of invoice_summary: merges two states of one as_of and aging boundaries';
CREATE FUNCTION @extschema@.invoice_summary_final(state @extschema@.invoice_state)
RETURNS @extschema@.invoice_summary_row
AS 'MODULE_PATHNAME', 'cs_invoice_final' LANGUAGE C IMMUTABLE STRICT PARALLEL SAFE;
COMMENT ON FUNCTION @extschema@.invoice_summary_final(@extschema@.invoice_state) IS
'invoice_summary_row from an invoice_summary state; NULL when no row was aggregated';

CREATE AGGREGATE @extschema@.invoice_summary(invoice_date pg_catalog.date, due_date pg_catalog.date,
    paid_date pg_catalog.date, amount pg_catalog.numeric, aging_boundaries pg_catalog.int4[],
    collection_step_days pg_catalog.int4, as_of pg_catalog.date) (
    SFUNC = @extschema@.invoice_summary_add, STYPE = @extschema@.invoice_state,
    COMBINEFUNC = @extschema@.invoice_summary_combine,
    FINALFUNC = @extschema@.invoice_summary_final,
    INITCOND = 'v1;|v1;payment|v1;0;0;0;;|v1;0;0;0;;', PARALLEL = SAFE);
COMMENT ON AGGREGATE @extschema@.invoice_summary(pg_catalog.date, pg_catalog.date, pg_catalog.date, pg_catalog.numeric, pg_catalog.int4[], pg_catalog.int4, pg_catalog.date) IS
'a customer''s invoices as of a date in one pass: payment profile, aging profile and bucket totals of the open invoices, worst collection stage (docs/aging.md)';
CREATE AGGREGATE @extschema@.invoice_summary_partial(invoice_date pg_catalog.date, due_date pg_catalog.date,
    paid_date pg_catalog.date, amount pg_catalog.numeric, aging_boundaries pg_catalog.int4[],
    collection_step_days pg_catalog.int4, as_of pg_catalog.date) (
    SFUNC = @extschema@.invoice_summary_add, STYPE = @extschema@.invoice_state,
    COMBINEFUNC = @extschema@.invoice_summary_combine,
    INITCOND = 'v1;|v1;payment|v1;0;0;0;;|v1;0;0;0;;', PARALLEL = SAFE);
COMMENT ON AGGREGATE @extschema@.invoice_summary_partial(pg_catalog.date, pg_catalog.date, pg_catalog.date, pg_catalog.numeric, pg_catalog.int4[], pg_catalog.int4, pg_catalog.date) IS
'invoice_summary state as a value, to store per month or shard: merge with invoice_summary_merge, read with invoice_summary_final';
CREATE AGGREGATE @extschema@.invoice_summary_merge(state @extschema@.invoice_state) (
    SFUNC = @extschema@.invoice_summary_combine, STYPE = @extschema@.invoice_state,
    COMBINEFUNC = @extschema@.invoice_summary_combine, PARALLEL = SAFE);
COMMENT ON AGGREGATE @extschema@.invoice_summary_merge(@extschema@.invoice_state) IS
'merge stored invoice_summary states of one as_of and aging boundaries; read with invoice_summary_final';

-- ---------------------------------------------------------------------------
-- Two-step loyalty tiers and RFM scores (src/loyalty.c, src/rfm.c,
-- docs/loyalty.md): cut-offs computed once from mergeable value_summary
-- states, then a scalar per row, with exactly the window forms' answers.
-- A distributed engine computes the states on its workers and classifies
-- the rows there, where the window forms ship every row to one node.  The
-- loyalty scalar is loyalty_tier_of, not a loyalty_tier overload: a second
-- argument written as a literal ('{0.1,0.3}') would then match both.
-- ---------------------------------------------------------------------------
CREATE TYPE @extschema@.loyalty_cutoffs_row AS (
    n          pg_catalog.int8,     -- scores summarised (not NULL)
    high_min   pg_catalog.numeric,  -- the smallest high score
    medium_min pg_catalog.numeric   -- the smallest high or medium score
);
COMMENT ON TYPE @extschema@.loyalty_cutoffs_row IS
'loyalty tier cut-offs (loyalty_cutoffs): n scores; high_min, the ceil(n*shares[1])-th largest score; medium_min, the ceil(n*shares[2])-th; NULL when n = 0';

CREATE FUNCTION @extschema@.loyalty_cutoffs_add(state @extschema@.value_summary, score pg_catalog.numeric,
    shares pg_catalog.float8[])
RETURNS @extschema@.value_summary
AS 'MODULE_PATHNAME', 'cs_summary_add_numeric_loyalty_shares' LANGUAGE C IMMUTABLE PARALLEL SAFE;
COMMENT ON FUNCTION @extschema@.loyalty_cutoffs_add(@extschema@.value_summary, pg_catalog.numeric, pg_catalog.float8[]) IS
'aggregate transition function of loyalty_cutoffs(score, shares): add a score, keeping the cumulative shares (NULL shares: the default {0.2,0.5})';

CREATE FUNCTION @extschema@.loyalty_cutoffs_final(summary @extschema@.value_summary)
RETURNS @extschema@.loyalty_cutoffs_row
AS 'MODULE_PATHNAME', 'cs_loyalty_cutoffs_final' LANGUAGE C IMMUTABLE PARALLEL SAFE;
COMMENT ON FUNCTION @extschema@.loyalty_cutoffs_final(@extschema@.value_summary) IS
'loyalty tier cut-offs from a loyalty_cutoffs state, with the shares it kept ({0.2,0.5} if none); no rows (NULL) give (0,,)';
CREATE FUNCTION @extschema@.loyalty_cutoffs_final(summary @extschema@.value_summary, shares pg_catalog.float8[])
RETURNS @extschema@.loyalty_cutoffs_row
AS 'MODULE_PATHNAME', 'cs_loyalty_cutoffs_final_shares' LANGUAGE C IMMUTABLE PARALLEL SAFE;
COMMENT ON FUNCTION @extschema@.loyalty_cutoffs_final(@extschema@.value_summary, pg_catalog.float8[]) IS
'what loyalty_cutoffs(score, shares) returns, from a summary of the scores (whatever shares it was built with); a NULL summary is no rows, (0,,); NULL shares means {0.2,0.5}';

CREATE AGGREGATE @extschema@.loyalty_cutoffs(score pg_catalog.numeric) (
    SFUNC = @extschema@.value_summary_add, STYPE = @extschema@.value_summary,
    COMBINEFUNC = @extschema@.value_summary_combine,
    FINALFUNC = @extschema@.loyalty_cutoffs_final, PARALLEL = SAFE);
COMMENT ON AGGREGATE @extschema@.loyalty_cutoffs(pg_catalog.numeric) IS
'loyalty tier cut-offs of scores with the default shares {0.2,0.5}, for loyalty_tier_of(score, cutoffs)';
CREATE AGGREGATE @extschema@.loyalty_cutoffs(score pg_catalog.numeric, shares pg_catalog.float8[]) (
    SFUNC = @extschema@.loyalty_cutoffs_add, STYPE = @extschema@.value_summary,
    COMBINEFUNC = @extschema@.value_summary_combine,
    FINALFUNC = @extschema@.loyalty_cutoffs_final, PARALLEL = SAFE);
COMMENT ON AGGREGATE @extschema@.loyalty_cutoffs(pg_catalog.numeric, pg_catalog.float8[]) IS
'loyalty tier cut-offs of scores for loyalty_tier_of(score, cutoffs): (n, high_min, medium_min), high = the top ceil(N*shares[1]), high or medium = the top ceil(N*shares[2]), ties with the better tier; NULL shares means {0.2,0.5}';
CREATE AGGREGATE @extschema@.loyalty_cutoffs_partial(score pg_catalog.numeric) (
    SFUNC = @extschema@.value_summary_add, STYPE = @extschema@.value_summary,
    COMBINEFUNC = @extschema@.value_summary_combine, PARALLEL = SAFE);
COMMENT ON AGGREGATE @extschema@.loyalty_cutoffs_partial(pg_catalog.numeric) IS
'loyalty_cutoffs state as a value (exact summary of the non-NULL scores, at most 4 decimals), to store per branch or shard: merge with loyalty_cutoffs_merge, read with loyalty_cutoffs_final(summary, shares)';
CREATE AGGREGATE @extschema@.loyalty_cutoffs_merge(summary @extschema@.value_summary) (
    SFUNC = @extschema@.value_summary_combine, STYPE = @extschema@.value_summary,
    COMBINEFUNC = @extschema@.value_summary_combine, PARALLEL = SAFE);
COMMENT ON AGGREGATE @extschema@.loyalty_cutoffs_merge(@extschema@.value_summary) IS
'merge stored loyalty_cutoffs states (per day, per branch, per shard) into one; read with loyalty_cutoffs_final';

CREATE FUNCTION @extschema@.loyalty_tier_of(score pg_catalog.numeric, cutoffs @extschema@.loyalty_cutoffs_row)
RETURNS @extschema@.loyalty_tier_label
AS 'MODULE_PATHNAME', 'cs_loyalty_tier_cutoffs' LANGUAGE C IMMUTABLE PARALLEL SAFE;
COMMENT ON FUNCTION @extschema@.loyalty_tier_of(pg_catalog.numeric, @extschema@.loyalty_cutoffs_row) IS
'loyalty tier of a score given cut-offs from loyalty_cutoffs(): high when score >= high_min, medium when >= medium_min, else low; the same tiers as loyalty_tier(score, shares) OVER (); NULL score or cut-offs give NULL';

CREATE TYPE @extschema@.rfm_cutoffs_row AS (
    n         pg_catalog.int8,       -- rows with all three measures
    bins      pg_catalog.int4,
    method    pg_catalog.text,       -- ntile or r_rfm
    recency   pg_catalog.numeric[],  -- the cut-offs of each dimension, in the
    frequency pg_catalog.numeric[],  -- order of the bins they start
    monetary  pg_catalog.numeric[]
);
COMMENT ON TYPE @extschema@.rfm_cutoffs_row IS
'RFM cut-offs (rfm_cutoffs) for rfm_score(recency_days, frequency, monetary, cutoffs). ntile: frequency and monetary ascending (a value >= cut k is above bin k), recency days descending (at most cut k days is above bin k); r_rfm: R''s breaks ascending';

CREATE FUNCTION @extschema@.rfm_cutoffs(recency @extschema@.value_summary, frequency @extschema@.value_summary,
    monetary @extschema@.value_summary, bins pg_catalog.int4 DEFAULT 5, method pg_catalog.text DEFAULT 'ntile')
RETURNS @extschema@.rfm_cutoffs_row
AS 'MODULE_PATHNAME', 'cs_rfm_cutoffs' LANGUAGE C IMMUTABLE PARALLEL SAFE;
COMMENT ON FUNCTION @extschema@.rfm_cutoffs(@extschema@.value_summary, @extschema@.value_summary, @extschema@.value_summary, pg_catalog.int4, pg_catalog.text) IS
'RFM cut-offs from value_cutoffs_partial summaries of recency_days, frequency and monetary over the rows with all three present (NULL: no rows): the bins rfm_score(...) OVER () gives, for rfm_score(recency_days, frequency, monetary, cutoffs); NULL bins and method mean 5 and ntile';

CREATE FUNCTION @extschema@.rfm_score(recency_days pg_catalog.int4, frequency pg_catalog.numeric,
    monetary pg_catalog.numeric, cutoffs @extschema@.rfm_cutoffs_row)
RETURNS @extschema@.rfm_score_row
AS 'MODULE_PATHNAME', 'cs_rfm_score_cutoffs' LANGUAGE C IMMUTABLE PARALLEL SAFE;
COMMENT ON FUNCTION @extschema@.rfm_score(pg_catalog.int4, pg_catalog.numeric, pg_catalog.numeric, @extschema@.rfm_cutoffs_row) IS
'RFM score (r, f, m) of one row given cut-offs from rfm_cutoffs(): the same bins as rfm_score(recency_days, frequency, monetary, bins, method) OVER (); a NULL measure or cut-offs give NULL';
