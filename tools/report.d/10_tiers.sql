-- title: Value tiers
-- note: Customers and twelve months' net value per tier: top 20% valuable, VIP = top 5%; potential = dormant 180+ days with assets over 200,000.
WITH c AS (
    SELECT c.net, c.assets, t.last_trade
    FROM seg_input.customers c
    LEFT JOIN (SELECT customer_id, max(trade_date) AS last_trade
               FROM seg_input.trades WHERE trade_date <= DATE :'as_of'
               GROUP BY customer_id) t USING (customer_id)
    WHERE c.opened <= DATE :'as_of' AND c.net IS NOT NULL),
tiered AS (
    SELECT net,
           value_tier(net, potential => is_dormant(last_trade, DATE :'as_of')
                                        AND assets > 200000) OVER () AS tier
    FROM c)
SELECT tier,
       count(*)                                           AS customers,
       round(100.0 * count(*) / sum(count(*)) OVER (), 1) AS pct_customers,
       sum(net)                                           AS net_value,
       round(100.0 * sum(net) / sum(sum(net)) OVER (), 1) AS pct_net_value
FROM tiered
GROUP BY tier
ORDER BY tier;
