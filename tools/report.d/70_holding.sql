-- title: Holding style
-- note: Customers who traded in the last 365 days, by average holding period from turnover (avg_holding_days → holding_style).
WITH h AS (
    SELECT t.customer_id, avg_holding_days(t.amount, c.assets, 365) AS days
    FROM seg_input.trades t
    JOIN seg_input.customers c USING (customer_id)
    WHERE t.trade_date > DATE :'as_of' - 365 AND t.trade_date <= DATE :'as_of'
    GROUP BY t.customer_id, c.assets)
SELECT s.style, count(h.days) AS customers, round(avg(h.days), 0) AS avg_holding_days
FROM unnest(enum_range(NULL::holding_style_label)) AS s(style)
LEFT JOIN h ON holding_style(h.days) = s.style
GROUP BY s.style
ORDER BY s.style;
