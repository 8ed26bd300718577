-- customer_seg 0.3.1 -> 0.4.0: churn and lifetime value (BG/NBD and
-- Gamma-Gamma), fitted by aggregates over per-customer purchase summaries.
\echo Use "ALTER EXTENSION customer_seg UPDATE TO '0.4.0'" to load this file. \quit

-- The fitted parameters of each model, what the fit aggregates return and
-- what the prediction functions take.  Time is in the unit of the summaries
-- the model was fitted on (days, weeks, ...).
CREATE TYPE @extschema@.bgnbd_row AS (
    r              pg_catalog.float8,   -- shape of the purchase-rate gamma
    alpha          pg_catalog.float8,   -- scale of the purchase-rate gamma (time units)
    a              pg_catalog.float8,   -- beta of the drop-out probability
    b              pg_catalog.float8,
    log_likelihood pg_catalog.float8,
    customers      pg_catalog.int8,     -- summaries fitted
    iterations     pg_catalog.int4      -- optimiser iterations used
);
COMMENT ON TYPE @extschema@.bgnbd_row IS
'A fitted BG/NBD model (bgnbd_fit): r, alpha (purchase rate ~ gamma(r, alpha)), a, b (drop-out probability after each purchase ~ beta(a, b)), the log-likelihood, the customers fitted and the optimiser''s iterations';

CREATE TYPE @extschema@.gamma_gamma_row AS (
    p              pg_catalog.float8,   -- shape of the spend per purchase
    q              pg_catalog.float8,   -- shape of the customer's mean-spend gamma
    gamma          pg_catalog.float8,   -- scale of the customer's mean-spend gamma
    log_likelihood pg_catalog.float8,
    customers      pg_catalog.int8,     -- repeat buyers fitted
    iterations     pg_catalog.int4
);
COMMENT ON TYPE @extschema@.gamma_gamma_row IS
'A fitted Gamma-Gamma spend model (gamma_gamma_fit): p, q, gamma, the log-likelihood, the repeat buyers fitted and the optimiser''s iterations';

-- ---------------------------------------------------------------------------
-- the segmentation model, faster
-- ---------------------------------------------------------------------------

-- avg_holding_days for a customer whose trades are already summed: a query
-- sums each customer's trades alone and applies the rule once per customer,
-- instead of joining the customer's assets to every trade.
CREATE FUNCTION @extschema@.holding_days(traded pg_catalog.numeric, avg_assets pg_catalog.numeric,
                                         period_days pg_catalog.int4)
RETURNS pg_catalog.numeric
AS 'MODULE_PATHNAME', 'cs_holding_days' LANGUAGE C IMMUTABLE STRICT PARALLEL SAFE;
COMMENT ON FUNCTION @extschema@.holding_days(pg_catalog.numeric, pg_catalog.numeric, pg_catalog.int4) IS
'average holding period from a customer''s summed turnover: avg_assets * period_days / (traded / 2), traded = sum of |trade_value|; what avg_holding_days gives over the trades; NULL when traded is 0';

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
--   * the window functions (value_tier, loyalty_tier, rfm_score) read rows
--     of the customers and their trades only: the invoices' profiles join
--     after the windows, so the partition the windows spool is narrow;
--   * the credit grade is computed once per row (g, kept a subquery by
--     OFFSET 0), not once per column that reads it.
-- A model created by 0.3.1 keeps its query until segmentation_model_create
-- is called again (the rules are kept).
CREATE OR REPLACE FUNCTION @extschema@.segmentation_model_create(model_schema pg_catalog.text DEFAULT 'seg',
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
t AS (
  SELECT t.customer_id,
         max(t.trade_date) FILTER (WHERE t.trade_date <= r.as_of) AS last_trade,
         count(*) FILTER (WHERE t.trade_date > r.as_of - r.lookback_days AND t.trade_date <= r.as_of) AS trades,
         sum(t.commission) FILTER (WHERE t.trade_date > r.as_of - r.lookback_days AND t.trade_date <= r.as_of) AS commission,
         sum(abs(t.amount)) FILTER (WHERE t.trade_date > r.as_of - r.lookback_days AND t.trade_date <= r.as_of) AS traded
  FROM {i}.trades t CROSS JOIN r
  GROUP BY t.customer_id),
a AS (
  SELECT c.customer_id, c.opened, c.assets, c.discount, c.referrals, c.net, c.risky_share,
         (c.opened IS NULL OR c.opened <= r.as_of) AS in_scope,
         t.last_trade, coalesce(t.trades, 0) AS trades, coalesce(t.commission, 0) AS commission,
         round(@extschema@.holding_days(t.traded, c.assets, r.lookback_days), 1) AS holding,
         @extschema@.is_dormant(t.last_trade, r.as_of, r.dormancy_days) AS dormant
  FROM {i}.customers c CROSS JOIN r
  LEFT JOIN t ON t.customer_id = c.customer_id),
s AS (
  SELECT a.customer_id, a.opened, a.assets, a.discount, a.referrals, a.net, a.risky_share, a.in_scope,
         a.last_trade, a.trades, a.commission, a.holding, a.dormant,
         CASE WHEN a.in_scope THEN r.as_of - a.opened END AS tenure_days,
         a.dormant AND a.assets > r.potential_min_assets AS potential,
         CASE WHEN a.in_scope THEN @extschema@.loyalty_score(r.as_of - a.opened, a.trades * 365.0 / r.lookback_days,
                                                             a.discount, a.referrals, 0, r.loyalty_weights) END AS loyalty_score,
         CASE WHEN a.in_scope AND a.trades > 0 THEN r.as_of - a.last_trade END AS recency_days,
         a.in_scope AND a.holding > r.holding_horizon_days AS beyond
  FROM a CROSS JOIN r),
w AS (
  SELECT s.*,
         @extschema@.value_tier(CASE WHEN s.in_scope THEN s.net END, s.potential, r.value_shares) OVER () AS value_tier,
         @extschema@.loyalty_tier(s.loyalty_score, r.loyalty_shares) OVER () AS loyalty_tier,
         @extschema@.rfm_score(s.recency_days, CASE WHEN s.recency_days IS NOT NULL THEN s.trades END,
                               CASE WHEN s.recency_days IS NOT NULL THEN s.commission END,
                               r.rfm_bins, r.rfm_method) OVER () AS rfm
  FROM s CROSS JOIN r),
p AS (
  SELECT v.customer_id,
         @extschema@.payment_profile(v.invoice_date, v.due_date, v.paid_date, v.amount, r.as_of) AS pp,
         @extschema@.aging_profile(v.amount, @extschema@.days_past_due(v.due_date, r.as_of, v.paid_date))
           FILTER (WHERE (v.paid_date IS NULL OR v.paid_date > r.as_of) AND v.amount >= 0) AS ap,
         @extschema@.aging_bucket_totals(v.amount, @extschema@.days_past_due(v.due_date, r.as_of, v.paid_date), r.aging_boundaries)
           FILTER (WHERE (v.paid_date IS NULL OR v.paid_date > r.as_of) AND v.amount >= 0) AS buckets,
         max(@extschema@.collection_stage(@extschema@.days_past_due(v.due_date, r.as_of, v.paid_date),
                                          v.due_date - v.invoice_date, r.collection_step_days))
           FILTER (WHERE (v.paid_date IS NULL OR v.paid_date > r.as_of) AND v.amount >= 0
                     AND @extschema@.days_past_due(v.due_date, r.as_of, v.paid_date) > 0) AS worst_stage
  FROM {i}.invoices v CROSS JOIN r
  WHERE v.invoice_date <= r.as_of
  GROUP BY v.customer_id),
g AS (
  SELECT w.*, p.pp, p.ap, p.buckets, p.worst_stage,
         CASE WHEN w.in_scope THEN @extschema@.credit_grade(p.pp, r.grade_limits) END AS credit_grade
  FROM w CROSS JOIN r
  LEFT JOIN p ON p.customer_id = w.customer_id
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
FROM g w CROSS JOIN r
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
