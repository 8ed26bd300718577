-- test/model_reference.sql: the segmentation model's customer_segments
-- written in plain PostgreSQL, as a materialized view
-- <model_schema>.ref_customer_segments.
--
--   psql -v model_schema=seg -v input_schema=seg_input -f test/model_reference.sql
--
-- It computes the same rows and columns as the model's customer_segments
-- (docs/model.md), but expected_trade_days and lifetime_value, WITHOUT any
-- function of the extension (the lifetime models' fitted parameters are
-- read from <model_schema>.lifetime_fit, as the rules are): rank(), ntile()
-- and max() windows, sums with FILTER, CASE, width_bucket().  Labels are
-- text and sort keys int, so compare with the model through ::text.  The
-- rules are read from <model_schema>.rules (the table the model creates),
-- at refresh time, as the model reads them; 'refresh_date' is current_date.
-- Each rule is written out as its docs page states it (docs/tiers.md,
-- docs/loyalty.md, docs/aging.md, docs/credit.md, docs/sort_key.md) and as
-- the regression tests already formulate it in plain SQL (sql/tiers.sql,
-- sql/loyalty.sql, sql/behavior.sql, sql/rfm.sql, sql/aging.sql,
-- sql/credit.sql).
--
-- Used by sql/model_reference.sql (equality with the model, row for row)
-- and test/bench (the model against this view).  A unique index on
-- customer_id lets it refresh CONCURRENTLY, as the model does.

\if :{?model_schema}
\else
\set model_schema seg
\endif
\if :{?input_schema}
\else
\set input_schema seg_input
\endif

SET client_min_messages = warning;
DROP MATERIALIZED VIEW IF EXISTS :"model_schema".ref_customer_segments;
RESET client_min_messages;

CREATE MATERIALIZED VIEW :"model_schema".ref_customer_segments AS
WITH
-- the rules in force, one row; every value as its rule's type
rule_text AS (
    SELECT max(value) FILTER (WHERE rule = 'as_of')                    AS as_of,
           max(value) FILTER (WHERE rule = 'lookback_days')            AS lookback_days,
           max(value) FILTER (WHERE rule = 'value_shares')             AS value_shares,
           max(value) FILTER (WHERE rule = 'potential_min_assets')     AS potential_min_assets,
           max(value) FILTER (WHERE rule = 'dormancy_days')            AS dormancy_days,
           max(value) FILTER (WHERE rule = 'loyalty_weights')          AS loyalty_weights,
           max(value) FILTER (WHERE rule = 'loyalty_shares')           AS loyalty_shares,
           max(value) FILTER (WHERE rule = 'rfm_bins')                 AS rfm_bins,
           max(value) FILTER (WHERE rule = 'rfm_method')               AS rfm_method,
           max(value) FILTER (WHERE rule = 'holding_boundaries')       AS holding_boundaries,
           max(value) FILTER (WHERE rule = 'holding_horizon_days')     AS holding_horizon_days,
           max(value) FILTER (WHERE rule = 'risk_appetite_boundaries') AS risk_appetite_boundaries,
           max(value) FILTER (WHERE rule = 'aging_boundaries')         AS aging_boundaries,
           max(value) FILTER (WHERE rule = 'grade_limits')             AS grade_limits,
           max(value) FILTER (WHERE rule = 'large_amount')             AS large_amount,
           max(value) FILTER (WHERE rule = 'legal_days')               AS legal_days,
           max(value) FILTER (WHERE rule = 'risk_medium_count')        AS risk_medium_count,
           max(value) FILTER (WHERE rule = 'risk_high_count')          AS risk_high_count,
           max(value) FILTER (WHERE rule = 'risk_medium_amount')       AS risk_medium_amount,
           max(value) FILTER (WHERE rule = 'risk_high_amount')         AS risk_high_amount,
           max(value) FILTER (WHERE rule = 'risk_medium_days')         AS risk_medium_days,
           max(value) FILTER (WHERE rule = 'risk_high_days')           AS risk_high_days,
           max(value) FILTER (WHERE rule = 'collection_step_days')     AS collection_step_days,
           coalesce(max(value) FILTER (WHERE rule = 'lifetime_model'), 'on') AS lifetime_model,
           coalesce(max(value) FILTER (WHERE rule = 'at_risk_p_alive'), '0.5') AS at_risk_p_alive,
           coalesce(max(value) FILTER (WHERE rule = 'ecl_charge_off_days'), '180') AS ecl_charge_off_days,
           coalesce(max(value) FILTER (WHERE rule = 'ecl_cohort_days'), '365') AS ecl_cohort_days,
           coalesce(max(value) FILTER (WHERE rule = 'ecl_forward_factor'), '1') AS ecl_forward_factor,
           coalesce(max(value) FILTER (WHERE rule = 'collection_boundaries'), '{30,90,365,730}') AS collection_boundaries,
           coalesce(max(value) FILTER (WHERE rule = 'collection_industry'), 'bank') AS collection_industry,
           coalesce(max(value) FILTER (WHERE rule = 'collection_recovery_probability'), 'ecl') AS collection_recovery_probability,
           coalesce(max(value) FILTER (WHERE rule = 'collection_cost_per_call'), '0') AS collection_cost_per_call,
           coalesce(max(value) FILTER (WHERE rule = 'collection_calls_per_recovery'), '125') AS collection_calls_per_recovery
    FROM :"model_schema".rules),
r AS MATERIALIZED (
    SELECT CASE WHEN as_of = 'refresh_date' THEN current_date ELSE as_of::date END AS a,
           lookback_days::int                   AS l,
           value_shares::numeric[]              AS value_shares,
           potential_min_assets::numeric        AS potential_min_assets,
           dormancy_days::int                   AS dormancy_days,
           loyalty_weights::float8[]            AS w,
           loyalty_shares::numeric[]            AS loyalty_shares,
           rfm_bins::int                        AS bins,
           rfm_method                           AS method,
           holding_boundaries::int[]            AS hb,
           holding_horizon_days::int            AS horizon,
           risk_appetite_boundaries::numeric[]  AS rb,
           aging_boundaries::int[]              AS ab,
           grade_limits::int[]                  AS gl,
           large_amount::numeric                AS large_amount,
           legal_days::int                      AS legal_days,
           risk_medium_count::int8              AS mc,
           risk_high_count::int8                AS hc,
           risk_medium_amount::numeric          AS ma,
           risk_high_amount::numeric            AS ha,
           risk_medium_days::int                AS md,
           risk_high_days::int                  AS hd,
           collection_step_days::int            AS step,
           lifetime_model = 'on'                AS lifetime_on,
           at_risk_p_alive::float8              AS at_risk_p,
           ecl_charge_off_days::int             AS ecl_cod,
           ecl_cohort_days::int                 AS ecl_cohort,
           ecl_forward_factor::numeric          AS ecl_f,
           collection_boundaries::int[]         AS cb,
           collection_industry                  AS industry,
           collection_recovery_probability      AS recovery_rule,
           collection_cost_per_call::numeric    AS cost_per_call,
           collection_calls_per_recovery::numeric AS calls_per_recovery
    FROM rule_text),
-- the lifetime models' fitted parameters and why a fit failed: an input the
-- model writes at each refresh (plain SQL cannot fit them; sql/bgnbd.sql
-- and sql/gamma_gamma.sql check the fits)
lf AS (
    SELECT (f.bgnbd).r AS bg_r, (f.bgnbd).alpha AS bg_alpha, (f.bgnbd).a AS bg_a, (f.bgnbd).b AS bg_b,
           (f.spend).p AS gg_p, (f.spend).q AS gg_q, (f.spend).gamma AS gg_gamma,
           f.bgnbd_error, f.spend_error
    FROM :"model_schema".lifetime_fit f LIMIT 1),
-- trade days up to as_of (several trades a day are one; a trade without a
-- commission is not counted), the commission of each read to 4 decimals:
-- the first day, the repeat days and their mean
trade_day AS (
    SELECT t.customer_id, t.trade_date AS day, sum(round(t.commission, 4)) AS amount
    FROM :"input_schema".trades t CROSS JOIN r
    WHERE r.lifetime_on AND t.trade_date <= r.a AND t.commission IS NOT NULL
    GROUP BY t.customer_id, t.trade_date),
purchase AS (
    SELECT d.customer_id, f.first_day, max(d.day) AS last_day, count(*) - 1 AS x,
           sum(d.amount) FILTER (WHERE d.day > f.first_day) / nullif(count(*) - 1, 0) AS avg_value
    FROM trade_day d
    JOIN (SELECT customer_id, min(day) AS first_day FROM trade_day GROUP BY customer_id) f USING (customer_id)
    GROUP BY d.customer_id, f.first_day),
-- trades: the last one up to as_of (any age); count, commission and the
-- value turned over in the lookback window as_of - L < trade_date <= as_of
trade_agg AS (
    SELECT t.customer_id,
           max(t.trade_date) FILTER (WHERE t.trade_date <= r.a) AS last_trade,
           count(*) FILTER (WHERE t.trade_date > r.a - r.l AND t.trade_date <= r.a) AS trades,
           sum(t.commission) FILTER (WHERE t.trade_date > r.a - r.l AND t.trade_date <= r.a) AS commission,
           sum(abs(t.amount)) FILTER (WHERE t.trade_date > r.a - r.l AND t.trade_date <= r.a) AS traded
    FROM :"input_schema".trades t CROSS JOIN r
    GROUP BY t.customer_id),
-- invoices issued by as_of; "paid" = paid on or before as_of; "open" = not
-- paid by as_of; end_date = the payment, or as_of while open; days = days
-- past due on as_of of an open invoice (as_of - due_date)
inv AS (
    SELECT i.customer_id, i.invoice_date, i.due_date, i.amount,
           coalesce(i.paid_date <= r.a, false) AS paid,
           least(coalesce(i.paid_date, r.a), r.a) AS end_date,
           r.a - i.due_date AS days,
           r.ab, r.step
    FROM :"input_schema".invoices i CROSS JOIN r
    WHERE i.invoice_date <= r.a),
inv_agg AS (
    SELECT customer_id AS inv_customer_id,
           -- the payment profile (docs/credit.md#payment_profile): a
           -- negative amount is a credit note, a NULL amount no invoice
           count(*) FILTER (WHERE amount >= 0) AS invoices,
           sum(amount * (end_date - invoice_date)) FILTER (WHERE amount > 0)
             / nullif(sum(amount) FILTER (WHERE amount > 0), 0) AS avg_days_to_pay,
           coalesce(sum(amount) FILTER (WHERE amount >= 0 AND paid AND end_date <= due_date), 0)
             / nullif(sum(amount) FILTER (WHERE amount >= 0 AND due_date IS NOT NULL AND (paid OR end_date > due_date)), 0)
             AS on_time_share,
           max(greatest(end_date - due_date, 0)) FILTER (WHERE amount >= 0 AND due_date IS NOT NULL) AS max_days_past_due,
           count(*) FILTER (WHERE amount >= 0 AND NOT paid AND days > 0) AS overdue_count,
           coalesce(sum(amount) FILTER (WHERE amount >= 0 AND NOT paid AND days > 0), 0) AS overdue_amount,
           max(days) FILTER (WHERE amount >= 0 AND NOT paid AND days > 0) AS oldest_overdue_days,
           coalesce(sum(amount) FILTER (WHERE amount >= 0 AND NOT paid), 0) AS open_amount,
           coalesce(sum(amount) FILTER (WHERE amount < 0), 0) AS credit_notes,
           -- aging of the open invoices (docs/aging.md#aging_profile), as the
           -- model ages them: credit notes left out (as from open_amount),
           -- rows without a due date skipped
           coalesce(sum(amount) FILTER (WHERE NOT paid AND amount >= 0 AND days <= 0), 0) AS aging_current,
           coalesce(sum(amount) FILTER (WHERE NOT paid AND amount >= 0 AND days BETWEEN 1 AND 30), 0) AS aging_1_30,
           coalesce(sum(amount) FILTER (WHERE NOT paid AND amount >= 0 AND days BETWEEN 31 AND 60), 0) AS aging_31_60,
           coalesce(sum(amount) FILTER (WHERE NOT paid AND amount >= 0 AND days BETWEEN 61 AND 90), 0) AS aging_61_90,
           coalesce(sum(amount) FILTER (WHERE NOT paid AND amount >= 0 AND days BETWEEN 91 AND 180), 0) AS aging_91_180,
           coalesce(sum(amount) FILTER (WHERE NOT paid AND amount >= 0 AND days > 180), 0) AS aging_181_plus,
           -- the buckets of aging_boundaries (at most 9 bounds, 10 buckets):
           -- bucket k holds bound[k-1] < days <= bound[k]
           count(*) FILTER (WHERE NOT paid AND amount >= 0 AND days IS NOT NULL) AS aged,
           max(cardinality(ab)) AS nbounds,
           ARRAY[coalesce(sum(amount) FILTER (WHERE NOT paid AND amount >= 0 AND width_bucket(days - 1, ab) = 0), 0),
                 coalesce(sum(amount) FILTER (WHERE NOT paid AND amount >= 0 AND width_bucket(days - 1, ab) = 1), 0),
                 coalesce(sum(amount) FILTER (WHERE NOT paid AND amount >= 0 AND width_bucket(days - 1, ab) = 2), 0),
                 coalesce(sum(amount) FILTER (WHERE NOT paid AND amount >= 0 AND width_bucket(days - 1, ab) = 3), 0),
                 coalesce(sum(amount) FILTER (WHERE NOT paid AND amount >= 0 AND width_bucket(days - 1, ab) = 4), 0),
                 coalesce(sum(amount) FILTER (WHERE NOT paid AND amount >= 0 AND width_bucket(days - 1, ab) = 5), 0),
                 coalesce(sum(amount) FILTER (WHERE NOT paid AND amount >= 0 AND width_bucket(days - 1, ab) = 6), 0),
                 coalesce(sum(amount) FILTER (WHERE NOT paid AND amount >= 0 AND width_bucket(days - 1, ab) = 7), 0),
                 coalesce(sum(amount) FILTER (WHERE NOT paid AND amount >= 0 AND width_bucket(days - 1, ab) = 8), 0),
                 coalesce(sum(amount) FILTER (WHERE NOT paid AND amount >= 0 AND width_bucket(days - 1, ab) = 9), 0)] AS buckets10,
           -- the most severe collection stage of the open overdue invoices
           -- (docs/aging.md#collection_stage), as its sort key: 2 reminder
           -- up to floor(term / 3) days, then notice, warning and
           -- lawyer_letter for step days each, 6 legal beyond
           max(CASE WHEN days <= (due_date - invoice_date) / 3 THEN 2
                    WHEN days <= (due_date - invoice_date) / 3 + step THEN 3
                    WHEN days <= (due_date - invoice_date) / 3 + 2 * step THEN 4
                    WHEN days <= (due_date - invoice_date) / 3 + 3 * step THEN 5
                    ELSE 6 END) FILTER (WHERE NOT paid AND amount >= 0 AND days > 0) AS worst_stage_sort
    FROM inv
    GROUP BY customer_id),
-- the expected credit loss's loss rates (docs/ecl.md, the cohort method):
-- the invoices issued by as_of and due in the ecl_cohort days before the
-- last ecl_cod days, so each is paid by as_of or lost (unpaid more than
-- ecl_cod days past due); credit notes and NULL amounts left out.  A paid
-- one reached every bucket of aging_boundaries up to the one of its
-- lateness (paid_date - due_date), a lost one every bucket; the rate of
-- bucket k is the lost amount over what reached k, NULL where nothing did
ecl_cohort AS (
    SELECT i.amount, coalesce(i.paid_date <= r.a, false) AS paid,
           width_bucket(i.paid_date - i.due_date - 1, r.ab) + 1 AS last_bucket
    FROM :"input_schema".invoices i CROSS JOIN r
    WHERE i.invoice_date <= r.a AND i.amount >= 0
      AND i.due_date BETWEEN r.a - r.ecl_cod - r.ecl_cohort AND r.a - r.ecl_cod - 1),
ecl_rates AS (
    SELECT (SELECT count(*) FROM ecl_cohort) AS cohort_invoices, min(r.ecl_f) AS f,
           array_agg(CASE WHEN x.reached <> 0 THEN x.lost / x.reached END ORDER BY x.k) AS rates
    FROM r, LATERAL (
        SELECT k, l.lost, l.lost + coalesce((SELECT sum(c.amount) FROM ecl_cohort c WHERE c.paid AND c.last_bucket >= k), 0) AS reached
        FROM (SELECT coalesce(sum(amount) FILTER (WHERE NOT paid), 0) AS lost FROM ecl_cohort) l,
             generate_series(1, cardinality(r.ab) + 1) k) x),
-- one row per customer with its activity and payment measures
base AS (
    SELECT c.customer_id, r.a AS as_of, c.opened, c.assets, c.discount, c.referrals, c.net, c.risky_share,
           -- in scope: a customer by as_of (an unknown opening date counts)
           c.opened IS NULL OR c.opened <= r.a AS in_scope,
           ta.last_trade,
           ta.last_trade IS NULL OR r.a - ta.last_trade > r.dormancy_days AS dormant,
           coalesce(ta.trades, 0) AS trades,
           coalesce(ta.commission, 0) AS commission,
           -- holding: assets * L / (sum |amount| / 2) over the lookback trades
           c.assets * r.l * 2 / nullif(ta.traded, 0) AS holding_raw,
           ia.*,
           CASE WHEN c.opened IS NULL OR c.opened <= r.a THEN pu.first_day END AS first_trade,
           CASE WHEN c.opened IS NULL OR c.opened <= r.a THEN pu.last_day END AS last_trade_day,
           CASE WHEN c.opened IS NULL OR c.opened <= r.a THEN pu.x END AS repeat_trade_days,
           CASE WHEN c.opened IS NULL OR c.opened <= r.a THEN pu.avg_value END AS avg_value
    FROM :"input_schema".customers c
    CROSS JOIN r
    LEFT JOIN trade_agg ta ON ta.customer_id = c.customer_id
    LEFT JOIN purchase pu ON pu.customer_id = c.customer_id
    LEFT JOIN inv_agg ia ON ia.inv_customer_id = c.customer_id),
-- the loyalty score (float8, in the order of docs/loyalty.md, rounded as
-- round(x::numeric, 2)) and the RFM inputs.  (The rules join the rows again
-- after the windows, so that the sorts do not carry them.)
scored AS (
    SELECT b.*,
           b.dormant AND b.assets > r.potential_min_assets AS potential,
           b.in_scope AND b.net IS NOT NULL AS valued,
           CASE WHEN b.in_scope THEN b.as_of - b.opened END AS tenure_days,
           -- (least() skips a NULL: an unknown opening date is tested apart)
           CASE WHEN b.in_scope AND b.opened IS NOT NULL THEN
               round((100 * (r.w[1] * least((b.as_of - b.opened) / 3650.0::float8, 1)
                           + r.w[2] * least(ln(1 + (b.trades * 365.0 / r.l)::float8) / ln(251::float8), 1)
                           + r.w[3] * (1 - b.discount::float8)
                           + r.w[4] * (b.referrals / (b.referrals + 2.0::float8))
                           + r.w[5] * (0 / (0 + 2.0::float8)))
                      / (r.w[1] + r.w[2] + r.w[3] + r.w[4] + r.w[5]))::numeric, 2)
           END AS loyalty_score,
           b.in_scope AND b.trades > 0 AS scored_rfm,
           CASE WHEN b.in_scope AND b.trades > 0 THEN b.as_of - b.last_trade END AS recency_days
    FROM base b CROSS JOIN r),
ranked AS (
    SELECT s.*,
           rank() OVER (PARTITION BY s.valued ORDER BY s.net DESC) AS value_rank,
           count(*) FILTER (WHERE s.valued) OVER () AS value_n,
           rank() OVER (PARTITION BY s.loyalty_score IS NULL ORDER BY s.loyalty_score DESC) AS loyalty_rank,
           count(s.loyalty_score) OVER () AS loyalty_n,
           -- RFM by rank: the position of the last of the tied rows (the
           -- default window frame ends there), for ntile() below
           count(*) OVER (PARTITION BY s.scored_rfm ORDER BY s.recency_days DESC) AS pos_r,
           count(*) OVER (PARTITION BY s.scored_rfm ORDER BY s.trades) AS pos_f,
           count(*) OVER (PARTITION BY s.scored_rfm ORDER BY s.commission) AS pos_m,
           count(*) FILTER (WHERE s.scored_rfm) OVER () AS rfm_n
    FROM scored s),
-- RFM by value (rfm_method 'r_rfm', R's rfm package): the type-7
-- quantiles at k / bins plus 1, in float8, as sql/rfm.sql writes them
r_rfm_input AS (
    SELECT array_agg(recency_days::float8 ORDER BY recency_days) AS xr,
           array_agg(trades::float8 ORDER BY trades) AS xf,
           array_agg(commission::float8 ORDER BY commission) AS xm,
           (SELECT bins FROM r) AS bins
    FROM scored WHERE scored_rfm AND (SELECT method FROM r) = 'r_rfm'),
r_rfm_breaks AS (
    SELECT array_agg(CASE WHEN idx > lo AND xr[hi] <> xr[lo] THEN (1 - (idx - lo)) * xr[lo] + (idx - lo) * xr[hi] ELSE xr[lo] END + 1 ORDER BY k) AS r_cuts,
           array_agg(CASE WHEN idx > lo AND xf[hi] <> xf[lo] THEN (1 - (idx - lo)) * xf[lo] + (idx - lo) * xf[hi] ELSE xf[lo] END + 1 ORDER BY k) AS f_cuts,
           array_agg(CASE WHEN idx > lo AND xm[hi] <> xm[lo] THEN (1 - (idx - lo)) * xm[lo] + (idx - lo) * xm[hi] ELSE xm[lo] END + 1 ORDER BY k) AS m_cuts
    FROM r_rfm_input,
         LATERAL (SELECT k, idx, floor(idx)::int AS lo, ceil(idx)::int AS hi
                  FROM (SELECT k, 1 + (cardinality(xr) - 1)::float8 * (k * (1 / bins::float8)) AS idx
                        FROM generate_series(1, bins - 1) k) q) z),
-- the RFM bins: by value (r_rfm: bins minus the recency cut-points <= the
-- days; 1 + the frequency or monetary cut-points <= the value), or by rank:
-- ntile(bins)'s bin of the last tied row (sql/tiers.sql, pg_temp.ntile5):
-- with n rows, q = n / bins and n % bins bins of q + 1 rows first
rfm AS (
    SELECT x.*,
           ceil((x.rfm_f + x.rfm_m) / 2.0)::int AS fm
    FROM (SELECT k.*, r.*,
                 CASE WHEN k.scored_rfm AND r.method = 'r_rfm'
                      THEN r.bins - (SELECT count(*) FROM r_rfm_breaks, unnest(r_cuts) v WHERE v <= k.recency_days::float8)::int
                      WHEN k.scored_rfm THEN
                          CASE WHEN k.pos_r <= (k.rfm_n % r.bins) * (k.rfm_n / r.bins + 1) THEN (k.pos_r - 1) / (k.rfm_n / r.bins + 1) + 1
                               ELSE (k.rfm_n % r.bins) + (k.pos_r - (k.rfm_n % r.bins) * (k.rfm_n / r.bins + 1) - 1) / (k.rfm_n / r.bins) + 1 END
                 END::int AS rfm_r,
                 CASE WHEN k.scored_rfm AND r.method = 'r_rfm'
                      THEN 1 + (SELECT count(*) FROM r_rfm_breaks, unnest(f_cuts) v WHERE v <= k.trades::float8)::int
                      WHEN k.scored_rfm THEN
                          CASE WHEN k.pos_f <= (k.rfm_n % r.bins) * (k.rfm_n / r.bins + 1) THEN (k.pos_f - 1) / (k.rfm_n / r.bins + 1) + 1
                               ELSE (k.rfm_n % r.bins) + (k.pos_f - (k.rfm_n % r.bins) * (k.rfm_n / r.bins + 1) - 1) / (k.rfm_n / r.bins) + 1 END
                 END::int AS rfm_f,
                 CASE WHEN k.scored_rfm AND r.method = 'r_rfm'
                      THEN 1 + (SELECT count(*) FROM r_rfm_breaks, unnest(m_cuts) v WHERE v <= k.commission::float8)::int
                      WHEN k.scored_rfm THEN
                          CASE WHEN k.pos_m <= (k.rfm_n % r.bins) * (k.rfm_n / r.bins + 1) THEN (k.pos_m - 1) / (k.rfm_n / r.bins + 1) + 1
                               ELSE (k.rfm_n % r.bins) + (k.pos_m - (k.rfm_n % r.bins) * (k.rfm_n / r.bins + 1) - 1) / (k.rfm_n / r.bins) + 1 END
                 END::int AS rfm_m
          FROM ranked k CROSS JOIN r) x),
-- the labels, by the rules written out
labelled AS (
    SELECT f.*,
           CASE WHEN NOT f.valued THEN NULL
                WHEN f.net > 0 AND f.value_rank <= ceil(f.value_n * f.value_shares[1]) THEN 'vip'
                WHEN f.net > 0 AND f.value_rank <= ceil(f.value_n * f.value_shares[2]) THEN 'important'
                WHEN f.net > 0 THEN 'general'
                WHEN f.potential THEN 'potential'
                ELSE 'no_value' END AS value_tier,
           CASE WHEN f.loyalty_score IS NULL THEN NULL
                WHEN f.loyalty_rank <= ceil(f.loyalty_n * f.loyalty_shares[1]) THEN 'high'
                WHEN f.loyalty_rank <= ceil(f.loyalty_n * f.loyalty_shares[2]) THEN 'medium'
                ELSE 'low' END AS loyalty_tier,
           -- the segment grid of docs/loyalty.md#rfm_segment, by R and FM
           -- (named for five bins only)
           CASE WHEN f.bins <> 5 THEN NULL ELSE CASE f.rfm_r
                WHEN 5 THEN (ARRAY['new_customer','potential_loyalist','potential_loyalist','champions','champions'])[f.fm]
                WHEN 4 THEN (ARRAY['promising','potential_loyalist','potential_loyalist','loyal','champions'])[f.fm]
                WHEN 3 THEN (ARRAY['about_to_sleep','about_to_sleep','need_attention','loyal','loyal'])[f.fm]
                WHEN 2 THEN (ARRAY['hibernating','hibernating','at_risk','at_risk','cant_lose_them'])[f.fm]
                WHEN 1 THEN (ARRAY['lost','hibernating','at_risk','cant_lose_them','cant_lose_them'])[f.fm]
           END END AS rfm_segment,
           -- holding rounded to 1 decimal, then NULL beyond the horizon
           CASE WHEN f.in_scope AND round(f.holding_raw, 1) <= f.horizon THEN round(f.holding_raw, 1) END AS avg_holding_days,
           coalesce(f.in_scope AND round(f.holding_raw, 1) > f.horizon, false) AS holding_beyond_horizon,
           -- the credit grade of the profile (docs/credit.md#credit_grade):
           -- NULL without invoices; D when ever more than limits[3] days
           -- past due; else by the (unrounded) average days to pay
           CASE WHEN NOT f.in_scope OR f.invoices IS NULL OR f.invoices = 0 THEN NULL
                WHEN f.max_days_past_due > f.gl[3] THEN 'D'
                WHEN f.avg_days_to_pay IS NULL THEN NULL
                WHEN f.avg_days_to_pay <= f.gl[1] THEN 'A'
                WHEN f.avg_days_to_pay <= f.gl[2] THEN 'B'
                WHEN f.avg_days_to_pay <= f.gl[3] THEN 'C'
                ELSE 'D' END AS credit_grade
    FROM rfm f)
SELECT customer_id,
       as_of,
       -- why a classification is missing, in the model's order and words
       CASE WHEN NOT in_scope THEN ARRAY['opened after the as-of date']
            ELSE array_remove(ARRAY[
                CASE WHEN net IS NULL THEN 'value_tier: net value is NULL' END,
                CASE WHEN opened IS NULL THEN 'loyalty: opened is NULL'
                     WHEN discount IS NULL THEN 'loyalty: discount is NULL'
                     WHEN referrals IS NULL THEN 'loyalty: referrals is NULL'
                     WHEN loyalty_score IS NULL THEN 'loyalty: no score' END,
                CASE WHEN trades = 0 THEN 'rfm: no trade in the lookback window' END,
                CASE WHEN trades = 0 THEN 'holding: no trade in the lookback window'
                     WHEN assets IS NULL THEN 'holding: assets is NULL'
                     WHEN holding_beyond_horizon THEN 'holding: beyond the ' || horizon || '-day horizon'
                     WHEN holding_raw IS NULL THEN 'holding: no trade amount' END,
                CASE WHEN risky_share IS NULL THEN 'risk: risky_share is NULL' END,
                CASE WHEN coalesce(invoices, 0) = 0 THEN 'payment: no invoice'
                     WHEN credit_grade IS NULL THEN 'payment: no amount to grade' END,
                CASE WHEN ecl IS NOT NULL OR NOT aged > 0 OR aged IS NULL THEN NULL
                     WHEN (SELECT cohort_invoices FROM ecl_rates) = 0 THEN 'ecl: no invoice with a known outcome in the cohort'
                     ELSE 'ecl: no loss rate for an aging bucket with open invoices' END,
                CASE WHEN collection_channel_sort IS NOT NULL AND recovery_p IS NULL
                     THEN 'collection: no loss rate for the aging bucket of the oldest overdue invoice (collection_recovery_probability = ecl)' END,
                CASE WHEN bgnbd_error IS NOT NULL THEN 'lifetime: ' || bgnbd_error
                     WHEN first_trade IS NULL THEN 'lifetime: no trade up to the as-of date' END,
                CASE WHEN bgnbd_error IS NOT NULL OR first_trade IS NULL THEN NULL
                     WHEN spend_error IS NOT NULL THEN 'lifetime_value: ' || spend_error
                     WHEN NOT (repeat_trade_days = 0 OR avg_value > 0)
                     THEN 'lifetime_value: average repeat commission is not positive' END], NULL) END AS excluded_from,
       net AS net_value,
       value_tier,
       CASE value_tier WHEN 'vip' THEN 1 WHEN 'important' THEN 2 WHEN 'general' THEN 3
                       WHEN 'potential' THEN 4 WHEN 'no_value' THEN 5 END AS value_tier_sort,
       last_trade,
       dormant,
       potential,
       trades,
       commission,
       tenure_days,
       loyalty_score,
       loyalty_tier,
       CASE loyalty_tier WHEN 'high' THEN 1 WHEN 'medium' THEN 2 WHEN 'low' THEN 3 END AS loyalty_tier_sort,
       recency_days,
       rfm_r,
       rfm_f,
       rfm_m,
       rfm_segment,
       array_position(ARRAY['champions','loyal','potential_loyalist','new_customer','promising','need_attention',
                            'about_to_sleep','at_risk','cant_lose_them','hibernating','lost'], rfm_segment) AS rfm_segment_sort,
       avg_holding_days,
       holding_beyond_horizon,
       CASE WHEN avg_holding_days < hb[1] THEN 'short_term'
            WHEN avg_holding_days < hb[2] THEN 'mid_term'
            WHEN avg_holding_days IS NOT NULL THEN 'long_term' END AS holding_style,
       risky_share,
       CASE WHEN NOT in_scope THEN NULL
            WHEN risky_share < rb[1] THEN 'conservative'
            WHEN risky_share < rb[2] THEN 'balanced'
            WHEN risky_share IS NOT NULL THEN 'aggressive' END AS risk_appetite,
       -- a customer without an invoice: what payment_profile gives over no rows
       coalesce(invoices, 0) AS invoices,
       round(avg_days_to_pay, 1) AS avg_days_to_pay,
       round(on_time_share, 4) AS on_time_share,
       coalesce(open_amount, 0) AS open_amount,
       coalesce(overdue_amount, 0) AS overdue_amount,
       coalesce(credit_notes, 0) AS credit_notes,
       max_days_past_due,
       credit_grade,
       CASE credit_grade WHEN 'A' THEN 1 WHEN 'B' THEN 2 WHEN 'C' THEN 3 WHEN 'D' THEN 4 END AS credit_grade_sort,
       CASE credit_grade WHEN 'A' THEN 'standard_contract' WHEN 'B' THEN 'part_prepayment_preferred'
                         WHEN 'C' THEN 'part_prepayment_required' WHEN 'D' THEN 'cash_on_delivery' END AS collection_terms,
       -- the overdue class (docs/credit.md#overdue_class) of the oldest open
       -- overdue invoice's days and the overdue amount
       CASE WHEN NOT in_scope OR NOT (overdue_amount > 0 AND oldest_overdue_days > 0) OR overdue_amount IS NULL OR oldest_overdue_days IS NULL THEN NULL
            WHEN credit_grade = 'D' OR oldest_overdue_days > legal_days THEN 'C'
            WHEN overdue_amount >= large_amount THEN 'A'
            ELSE 'B' END AS overdue_class,
       -- the risk group (docs/credit.md#risk_group): the worst level any
       -- measure reaches; a NULL measure is left out
       CASE WHEN in_scope AND invoices > 0 THEN (ARRAY['low','medium','high'])[greatest(
            CASE WHEN overdue_count >= hc THEN 3 WHEN overdue_count >= mc THEN 2 WHEN overdue_count IS NOT NULL THEN 1 END,
            CASE WHEN overdue_amount >= ha THEN 3 WHEN overdue_amount >= ma THEN 2 WHEN overdue_amount IS NOT NULL THEN 1 END,
            CASE WHEN max_days_past_due >= hd THEN 3 WHEN max_days_past_due >= md THEN 2 WHEN max_days_past_due IS NOT NULL THEN 1 END,
            CASE credit_grade WHEN 'D' THEN 3 WHEN 'C' THEN 2 WHEN 'B' THEN 1 WHEN 'A' THEN 1 END)] END AS risk_group,
       coalesce(aging_current, 0) AS aging_current,
       coalesce(aging_1_30, 0) AS aging_1_30,
       coalesce(aging_31_60, 0) AS aging_31_60,
       coalesce(aging_61_90, 0) AS aging_61_90,
       coalesce(aging_91_180, 0) AS aging_91_180,
       coalesce(aging_181_plus, 0) AS aging_181_plus,
       CASE WHEN aged > 0 THEN buckets10[1:nbounds + 1] END AS aging_buckets,
       -- the allowance (docs/ecl.md#ecl_allowance): per bucket of the open
       -- invoices, gross times the rate times ecl_f (at most 1), rounded to
       -- the cent; 0 with nothing open, NULL where a bucket with an amount
       -- has no rate
       CASE WHEN in_scope THEN CASE WHEN NOT aged > 0 OR aged IS NULL THEN 0 ELSE ecl END END AS ecl_allowance,
       CASE WHEN in_scope THEN (ARRAY['not_due','reminder','notice','warning','lawyer_letter','legal'])[worst_stage_sort] END AS worst_stage,
       CASE WHEN in_scope THEN worst_stage_sort END AS worst_stage_sort,
       -- the collection channel (docs/collection.md#collection_channel) of
       -- the oldest overdue invoice's days, and the expected net recovery of
       -- the overdue amount: in-house less p * calls per recovery calls,
       -- outside less the commission of the industry at that age
       (ARRAY['in_house_1','in_house_2','in_house_3','agency','law_firm'])[collection_channel_sort] AS collection_channel,
       collection_channel_sort,
       CASE WHEN collection_channel_sort IS NOT NULL THEN recovery_p END AS recovery_probability,
       CASE WHEN collection_channel_sort IS NOT NULL THEN round(overdue_amount * recovery_p
         - CASE WHEN collection_channel_sort <= 3 THEN recovery_p * calls_per_recovery * cost_per_call
                ELSE overdue_amount * recovery_p
                     * CASE WHEN industry = 'bank' THEN CASE WHEN oldest_overdue_days <= 365 THEN 0.15 ELSE 0.30 END
                            WHEN industry = 'joint_stock_bank' THEN CASE WHEN oldest_overdue_days <= 365 THEN 0.23 ELSE 0.38 END
                            WHEN industry = 'telecom' THEN CASE WHEN oldest_overdue_days <= 90 THEN 0.15
                                                                WHEN oldest_overdue_days <= 180 THEN 0.20 ELSE 0.25 END
                            WHEN industry = 'property' THEN CASE WHEN oldest_overdue_days <= 365 THEN 0.15 ELSE 0.20 END END
           END, 2) END AS expected_net_recovery,
       -- the lifetime columns (docs/model.md) but expected_trade_days and
       -- lifetime_value, whose hypergeometric series plain SQL has no
       -- function for (sql/model.sql checks them against the functions)
       first_trade,
       repeat_trade_days,
       round(avg_value, 2) AS avg_repeat_commission,
       round(p_alive::numeric, 4) AS p_alive,
       round(CASE WHEN repeat_trade_days = 0 THEN gg_p * gg_gamma / (gg_q - 1)
                  WHEN avg_value > 0 THEN gg_p * (gg_gamma + repeat_trade_days * avg_value::float8) / (gg_p * repeat_trade_days + gg_q - 1)
             END::numeric, 2) AS expected_commission,
       value_tier IN ('vip', 'important') AND p_alive < at_risk_p AS at_risk
FROM (SELECT l.*, lf.*,
             CASE WHEN NOT l.in_scope OR l.oldest_overdue_days IS NULL OR l.oldest_overdue_days <= 0 THEN NULL
                  WHEN l.oldest_overdue_days <= l.cb[1] THEN 1 WHEN l.oldest_overdue_days <= l.cb[2] THEN 2
                  WHEN l.oldest_overdue_days <= l.cb[3] THEN 3 WHEN l.oldest_overdue_days <= l.cb[4] THEN 4
                  ELSE 5 END AS collection_channel_sort,
             -- the chance of recovering the overdue amount: the rule's
             -- fraction, or (ecl) one less the loss rate, times the forward
             -- factor and at most 1, of the aging bucket of the oldest
             -- overdue invoice
             CASE WHEN l.recovery_rule <> 'ecl' THEN l.recovery_rule::numeric
                  ELSE (SELECT 1 - least(1, e.rates[width_bucket(l.oldest_overdue_days - 1, l.ab) + 1] * e.f)
                        FROM ecl_rates e) END AS recovery_p,
             -- the BG/NBD probability alive: 1 without a repeat day, else
             -- 1 / (1 + a / (b + x - 1) * ((alpha + T) / (alpha + t_x))^(r + x))
             CASE WHEN lf.bg_r IS NULL OR l.first_trade IS NULL THEN NULL
                  WHEN l.repeat_trade_days = 0 THEN 1.0::float8
                  ELSE (SELECT CASE WHEN e > 700 THEN 0.0::float8 ELSE 1 / (1 + exp(e)) END
                        FROM (SELECT ln(lf.bg_a) - ln(lf.bg_b + l.repeat_trade_days - 1)
                                     + (lf.bg_r + l.repeat_trade_days)
                                       * (ln(lf.bg_alpha + (l.as_of - l.first_trade)) - ln(lf.bg_alpha + (l.last_trade_day - l.first_trade))) AS e) z)
             END AS p_alive,
             (SELECT CASE WHEN bool_and(u.g = 0 OR u.rt IS NOT NULL)
                          THEN sum(round(u.g * least(u.rt * e.f, 1), (SELECT greatest(2, max(scale(b))) FROM unnest(l.buckets10[1:l.nbounds + 1]) b))) END
              FROM ecl_rates e, unnest(l.buckets10[1:l.nbounds + 1], e.rates) u(g, rt)
              WHERE l.aged > 0) AS ecl
      FROM labelled l LEFT JOIN lf ON true) labelled;

CREATE UNIQUE INDEX ON :"model_schema".ref_customer_segments (customer_id);
