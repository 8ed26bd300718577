-- title: Holding style
-- note: Customers who traded in the last 365 days, by holding period from turnover (avg_holding_days → holding_style), with each style's median. A holding period beyond 3,650 days (ten years) is not credible, the turnover too low to estimate it: such customers are in no style, counted in the lines below.
WITH h AS (
    SELECT t.customer_id, avg_holding_days(t.amount, c.assets, 365) AS days
    FROM seg_input.trades t
    JOIN seg_input.customers c USING (customer_id)
    WHERE t.trade_date > DATE :'as_of' - 365 AND t.trade_date <= DATE :'as_of'
    GROUP BY t.customer_id, c.assets),
bounded AS (  -- the horizon: 3,650 days
    SELECT days FROM h WHERE days <= 3650)
SELECT s.style, count(b.days) AS customers,
       round(percentile_cont(0.5) WITHIN GROUP (ORDER BY b.days)::numeric, 0) AS median_holding_days
FROM unnest(enum_range(NULL::holding_style_label)) AS s(style)
LEFT JOIN bounded b ON holding_style(b.days) = s.style
WHERE EXISTS (SELECT FROM bounded)   -- nobody with a holding period: an empty panel
GROUP BY s.style
ORDER BY s.style;
-- coverage
WITH h AS (
    SELECT t.customer_id, avg_holding_days(t.amount, c.assets, 365) AS days
    FROM seg_input.trades t
    JOIN seg_input.customers c USING (customer_id)
    WHERE t.trade_date > DATE :'as_of' - 365 AND t.trade_date <= DATE :'as_of'
    GROUP BY t.customer_id, c.assets),
n AS (
    SELECT (SELECT count(*) FROM seg_input.customers)  AS total,
           count(*)                                    AS traded,
           count(*) FILTER (WHERE days <= 3650)        AS styled,
           count(*) FILTER (WHERE days > 3650)         AS beyond,
           count(*) FILTER (WHERE days IS NULL)        AS no_days
    FROM h)
SELECT line AS coverage
FROM n, LATERAL (VALUES
    (1, CASE WHEN traded = 0 THEN 'no customer traded in the last 365 days'
             WHEN styled = 0 THEN 'no customer has a holding period within the 3,650-day horizon' END),
    (2, format('%s of %s customers have a holding style', to_char(styled, 'FM999,999,999'), to_char(total, 'FM999,999,999'))),
    (3, CASE WHEN beyond > 0 THEN format('left out: %s beyond the 3,650-day horizon (turnover too low to estimate a holding period)', to_char(beyond, 'FM999,999,999')) END),
    (4, CASE WHEN no_days > 0 THEN format('left out: %s with no assets or no traded amount (NULL)', to_char(no_days, 'FM999,999,999')) END),
    (5, CASE WHEN total > traded THEN format('left out: %s with no trade in the last 365 days', to_char(total - traded, 'FM999,999,999')) END)) AS l(k, line)
WHERE line IS NOT NULL
ORDER BY k;
