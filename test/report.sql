-- test/report.sql: the segmentation report over the sample warehouse.
-- Run by test/demo; every figure comes from one query over the warehouse.

\pset footer off
\pset null '(null)'

\echo
\echo '== Net value per customer (last twelve months) =='
SELECT count(*) FILTER (WHERE net > 0)  AS customers_creating_value,
       count(*) FILTER (WHERE net <= 0) AS customers_destroying_value,
       sum(net)                         AS total_net_value,
       sum(net) FILTER (WHERE net > 0)  AS value_created,
       sum(net) FILTER (WHERE net <= 0) AS value_destroyed
FROM customer_value;

\echo
\echo '== Value tiers (top 20% valuable, VIP = top 5%; potential = dormant 180+ days with assets over 200,000) =='
WITH tiered AS (
    SELECT net,
           value_tier(net, potential => is_dormant(last_trade, DATE '2026-06-30')
                                        AND assets > 200000) OVER () AS tier
    FROM customer_value)
SELECT tier,
       count(*)                                              AS customers,
       round(100.0 * count(*) / sum(count(*)) OVER (), 1)    AS pct_customers,
       sum(net)                                              AS net_value,
       round(100.0 * sum(net) / sum(sum(net)) OVER (), 1)    AS pct_net_value
FROM tiered GROUP BY tier ORDER BY tier;

\echo
\echo '== Concentration: share of total net value earned by the top 20% and 5% of customers; whale-curve peak =='
SELECT round(top_share(net, 0.20)::numeric, 4) AS top20_share,
       round(top_share(net, 0.05)::numeric, 4) AS top5_share,
       round((SELECT max(p) FROM unnest(value_curve(net)) p)::numeric, 4) AS whale_curve_peak,
       (SELECT min(i) FROM unnest(value_curve(net)) WITH ORDINALITY u(p, i)
        WHERE p = (SELECT max(q) FROM unnest(value_curve(net)) q)) AS peak_at_percent
FROM customer_value;

\echo
\echo '== Value tiers per branch, two-step form (cut-offs per branch, then a tier per row) =='
WITH cut AS (SELECT branch, value_cutoffs(net) AS c FROM customer_value GROUP BY branch)
SELECT branch, (c).vip_min, (c).valuable_min,
       count(*) FILTER (WHERE value_tier(v.net, c) = 'vip')       AS vip,
       count(*) FILTER (WHERE value_tier(v.net, c) = 'important') AS important,
       count(*) FILTER (WHERE value_tier(v.net, c) = 'general')   AS general,
       count(*) FILTER (WHERE value_tier(v.net, c) = 'no_value')  AS no_value
FROM customer_value v JOIN cut USING (branch)
GROUP BY branch, c ORDER BY branch;

\echo
\echo '== Receivables aging, whole book, open invoices as of 2026-06-30 =='
SELECT (aging_profile(amount, days_past_due(due_date, DATE '2026-06-30', paid_date))).*
FROM invoices WHERE paid_date IS NULL;

\echo
\echo '== Open receivables per aging bucket =='
SELECT aging_bucket(dpd) AS bucket, count(*) AS invoices, sum(amount) AS amount,
       round(100.0 * sum(amount) / sum(sum(amount)) OVER (), 1) AS pct
FROM (SELECT amount, days_past_due(due_date, DATE '2026-06-30', paid_date) AS dpd
      FROM invoices WHERE paid_date IS NULL) i
GROUP BY aging_bucket(dpd), aging_bucket_no(dpd) ORDER BY aging_bucket_no(dpd);

\echo
\echo '== The ten customers with the largest overdue balance, and the escalation step due =='
SELECT customer_id, (p).overdue, (p).d181_plus, round((p).avg_days_past_due, 1) AS avg_days_past_due,
       stage, delinquency_label(max_dpd) AS cycle
FROM (SELECT customer_id,
             aging_profile(amount, days_past_due(due_date, DATE '2026-06-30')) AS p,
             max(collection_stage(days_past_due(due_date, DATE '2026-06-30'), due_date - invoice_date)) AS stage,
             max(days_past_due(due_date, DATE '2026-06-30')) AS max_dpd
      FROM invoices WHERE paid_date IS NULL GROUP BY customer_id) c
ORDER BY (p).overdue DESC, customer_id
LIMIT 10;

\echo
\echo '== Credit grades from payment behaviour (as of 2026-06-30) and the terms to offer =='
WITH p AS (SELECT customer_id, payment_profile(invoice_date, due_date, paid_date, amount, DATE '2026-06-30') AS p
           FROM invoices GROUP BY customer_id)
SELECT credit_grade(p) AS grade, collection_terms(credit_grade(p)) AS terms, count(*) AS customers,
       round(avg((p).avg_days_to_pay), 1) AS avg_days_to_pay, round(avg((p).on_time_share), 3) AS on_time_share,
       sum((p).open_amount) AS open_amount
FROM p GROUP BY 1, 2 ORDER BY 1;

\echo
\echo '== Overdue customers by collection class (A focus, B reminders, C legal) =='
WITH p AS (SELECT customer_id, payment_profile(invoice_date, due_date, paid_date, amount, DATE '2026-06-30') AS p
           FROM invoices GROUP BY customer_id)
SELECT overdue_class(p) AS class, count(*) AS customers, sum((p).overdue_amount) AS overdue_amount,
       round(avg((p).oldest_overdue_days), 0) AS avg_oldest_days
FROM p WHERE overdue_class(p) IS NOT NULL GROUP BY 1 ORDER BY 1;

\echo
\echo '== Risk groups for monitoring =='
WITH p AS (SELECT customer_id, payment_profile(invoice_date, due_date, paid_date, amount, DATE '2026-06-30') AS p
           FROM invoices GROUP BY customer_id)
SELECT risk_group(p) AS risk, count(*) AS customers, sum((p).overdue_count) AS overdue_invoices,
       sum((p).overdue_amount) AS overdue_amount
FROM p WHERE risk_group(p) IS NOT NULL GROUP BY 1 ORDER BY 1;

\echo
\echo '== Collection KPIs, second quarter of 2026 =='
WITH q AS (
    SELECT sum(amount) FILTER (WHERE invoice_date <= '2026-03-31' AND (paid_date IS NULL OR paid_date > '2026-03-31')) AS begin_ar,
           sum(amount) FILTER (WHERE invoice_date > '2026-03-31' AND invoice_date <= '2026-06-30') AS sales_q2,
           sum(amount) FILTER (WHERE invoice_date > '2025-06-30' AND invoice_date <= '2026-06-30') AS sales_12m,
           sum(amount) FILTER (WHERE invoice_date <= '2026-06-30' AND (paid_date IS NULL OR paid_date > '2026-06-30')) AS end_ar,
           sum(amount) FILTER (WHERE invoice_date <= '2026-06-30' AND (paid_date IS NULL OR paid_date > '2026-06-30')
                                     AND due_date >= '2026-06-30') AS end_current,
           sum(amount) FILTER (WHERE invoice_date <= '2026-06-30' AND (paid_date IS NULL OR paid_date > '2026-06-30')
                                     AND due_date < '2026-06-30') AS end_overdue
    FROM invoices),
rec AS (  -- invoices overdue on 2026-03-31 and what of them was paid in the quarter
    SELECT recovery_rate(CASE WHEN paid_date <= '2026-06-30' THEN amount ELSE 0 END, amount) AS rate
    FROM invoices
    WHERE invoice_date <= '2026-03-31' AND due_date < '2026-03-31' AND (paid_date IS NULL OR paid_date > '2026-03-31'))
SELECT round(100.0 * end_overdue / end_ar, 1) AS overdue_share_pct,
       round(100 * (SELECT rate FROM rec), 1) AS recovery_rate_pct,
       round(dso(end_ar, sales_12m, 365), 1) AS dso_days,
       round(cei(begin_ar, sales_q2, end_ar, end_current), 1) AS cei_pct
FROM q;

\echo
\echo '== Cycle migration of customers by delinquency cycle (worse, same, better), 2026-05-31 to 2026-06-30 =='
WITH snap AS (
    SELECT customer_id,
           delinquency_cycle(coalesce(max(days_past_due(due_date, DATE '2026-05-31', paid_date))
                                      FILTER (WHERE invoice_date <= '2026-05-31' AND (paid_date IS NULL OR paid_date > '2026-05-31')), 0)) AS c1,
           delinquency_cycle(coalesce(max(days_past_due(due_date, DATE '2026-06-30', paid_date))
                                      FILTER (WHERE paid_date IS NULL OR paid_date > '2026-06-30'), 0)) AS c2,
           coalesce(sum(amount) FILTER (WHERE invoice_date <= '2026-05-31' AND (paid_date IS NULL OR paid_date > '2026-05-31')), 0) AS balance
    FROM invoices GROUP BY customer_id)
SELECT from_cycle, accounts, balance, round(rolled_forward, 3) AS rolled_forward,
       round(stayed, 3) AS stayed, round(cured, 3) AS cured
FROM unnest((SELECT cycle_migration(c1, c2, balance) FROM snap WHERE balance > 0));

\echo
\echo '== Loyalty per value tier (score 0-100 from tenure, trades, discount, referrals; tier by percentile) =='
WITH t12 AS (SELECT customer_id, count(*) AS trades FROM trades
             WHERE trade_date > DATE '2026-06-30' - 365 GROUP BY customer_id),
c AS (SELECT v.net, v.assets, v.last_trade,
             loyalty_score(DATE '2026-06-30' - cu.opened, coalesce(t12.trades, 0), cu.commission_discount, cu.referrals) AS score
      FROM customers cu JOIN customer_value v ON v.customer_id = cu.id LEFT JOIN t12 ON t12.customer_id = cu.id),
tiered AS (SELECT score,
                  value_tier(net, potential => is_dormant(last_trade, DATE '2026-06-30') AND assets > 200000) OVER () AS tier,
                  loyalty_tier(score) OVER () AS loyalty
           FROM c)
SELECT tier, count(*) AS customers, round(avg(score), 1) AS avg_score,
       count(*) FILTER (WHERE loyalty = 'high') AS high_loyalty,
       count(*) FILTER (WHERE loyalty = 'medium') AS medium_loyalty,
       count(*) FILTER (WHERE loyalty = 'low') AS low_loyalty
FROM tiered GROUP BY tier ORDER BY tier;

\echo
\echo '== Holding style of customers who traded in the last year (average holding period from turnover) =='
SELECT holding_style(h) AS style, count(*) AS customers, round(avg(h), 0) AS avg_holding_days
FROM (SELECT t.customer_id, avg_holding_days(t.amount, c.assets, 365) AS h
      FROM trades t JOIN customers c ON c.id = t.customer_id
      WHERE t.trade_date > DATE '2026-06-30' - 365 GROUP BY t.customer_id) x
WHERE h IS NOT NULL GROUP BY 1 ORDER BY 1;

\echo
\echo '== RFM segments (recency of the last trade, trades and commission in the last year) =='
WITH rfm AS (
    SELECT customer_id, DATE '2026-06-30' - max(trade_date) AS recency, count(*) AS frequency, sum(commission) AS monetary
    FROM trades WHERE trade_date > DATE '2026-06-30' - 365 GROUP BY customer_id),
scored AS (SELECT *, rfm_score(recency, frequency, monetary) OVER () AS score FROM rfm)
SELECT rfm_segment(score) AS segment, count(*) AS customers, round(avg(recency), 0) AS avg_recency_days,
       round(avg(frequency), 1) AS avg_trades, sum(monetary) AS commission
FROM scored GROUP BY 1 ORDER BY 1;

\echo
\echo '== Economic profit of the ten most valuable customers =='
\echo '   (net value less a 10% hurdle on capital of 1% of assets and an expected loss of 0.05% of assets)'
SELECT customer_id, branch, assets, net AS net_value,
       economic_profit(revenue => net, operating_cost => 0,
                       capital => round(assets * 0.01, 2), hurdle_rate => 0.10,
                       expected_loss => round(assets * 0.0005, 2)) AS economic_profit
FROM customer_value
ORDER BY net DESC, customer_id
LIMIT 10;
