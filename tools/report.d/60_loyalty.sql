-- title: Loyalty per value tier
-- note: Share of each value tier's customers by loyalty tier (loyalty_score from tenure, trades, discount and referrals; high = top 20%, medium = next 30%).
WITH t AS (
    SELECT customer_id, max(trade_date) AS last_trade,
           count(*) FILTER (WHERE trade_date > DATE :'as_of' - 365) AS trades_12m
    FROM seg_input.trades
    WHERE trade_date <= DATE :'as_of'
    GROUP BY customer_id),
c AS (
    SELECT c.net, c.assets, t.last_trade,
           loyalty_score(DATE :'as_of' - c.opened, coalesce(t.trades_12m, 0), c.discount, c.referrals) AS score
    FROM seg_input.customers c
    LEFT JOIN t USING (customer_id)
    WHERE c.opened <= DATE :'as_of' AND c.net IS NOT NULL),
tiered AS (
    SELECT score,
           value_tier(net, potential => is_dormant(last_trade, DATE :'as_of')
                                        AND assets > 200000) OVER () AS tier,
           loyalty_tier(score) OVER () AS loyalty
    FROM c)
SELECT tier,
       count(*) FILTER (WHERE loyalty = 'high')   AS high,
       count(*) FILTER (WHERE loyalty = 'medium') AS medium,
       count(*) FILTER (WHERE loyalty = 'low')    AS low,
       round(avg(score), 1)                       AS avg_score
FROM tiered
GROUP BY tier
ORDER BY tier;
