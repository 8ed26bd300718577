-- title: Value tiers
-- note: Customers and twelve months' net value per tier: top 20% valuable, VIP = top 5%; potential = dormant 180+ days with assets over 200,000. The lines below say who is not ranked.
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
       -- a share of a total that is not positive means nothing: NULL
       CASE WHEN sum(sum(net)) OVER () > 0
            THEN round(100.0 * sum(net) / sum(sum(net)) OVER (), 1) END AS pct_net_value
FROM tiered
GROUP BY tier
ORDER BY tier;
-- coverage
WITH n AS (
    SELECT count(*) AS total,
           count(*) FILTER (WHERE opened IS NULL)                                     AS no_opened,
           count(*) FILTER (WHERE opened > DATE :'as_of')                             AS later,
           count(*) FILTER (WHERE opened <= DATE :'as_of' AND net IS NULL)            AS no_net,
           count(*) FILTER (WHERE opened <= DATE :'as_of' AND net IS NOT NULL)        AS ranked,
           sum(net) FILTER (WHERE opened <= DATE :'as_of')                            AS total_net
    FROM seg_input.customers)
SELECT line AS coverage
FROM n, LATERAL (VALUES
    (1, CASE WHEN ranked = 0 THEN 'no customer to rank: none has a net value and an opening date on or before the as-of date' END),
    (2, format('%s of %s customers ranked', to_char(ranked, 'FM999,999,999'), to_char(total, 'FM999,999,999'))),
    (3, CASE WHEN no_net > 0 THEN format('left out: %s with no net value (NULL)', to_char(no_net, 'FM999,999,999')) END),
    (4, CASE WHEN later > 0 THEN format('left out: %s opened after the as-of date', to_char(later, 'FM999,999,999')) END),
    (5, CASE WHEN no_opened > 0 THEN format('left out: %s with no opening date (NULL)', to_char(no_opened, 'FM999,999,999')) END),
    (6, CASE WHEN ranked > 0 AND total_net <= 0 THEN format('shares of net value are undefined: the total net value is %s, not positive', total_net) END)) AS l(k, line)
WHERE line IS NOT NULL
ORDER BY k;
