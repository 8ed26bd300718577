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
           value_tier(net, potential => (last_trade IS NULL OR last_trade < DATE '2026-06-30' - 180)
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
\echo '== Economic profit of the ten most valuable customers =='
\echo '   (net value less a 10% hurdle on capital of 1% of assets and an expected loss of 0.05% of assets)'
SELECT customer_id, branch, assets, net AS net_value,
       economic_profit(revenue => net, operating_cost => 0,
                       capital => round(assets * 0.01, 2), hurdle_rate => 0.10,
                       expected_loss => round(assets * 0.0005, 2)) AS economic_profit
FROM customer_value
ORDER BY net DESC, customer_id
LIMIT 10;
