-- title: Loyalty per value tier
-- note: Share of each value tier's customers by loyalty tier (loyalty_score from tenure, trades, discount and referrals; high = top 20%, medium = next 30%, of the customers with a score). Value tiers as in the value tiers panel.
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
       round(avg(score), 1)                       AS avg_score,
       count(*) FILTER (WHERE score IS NULL)      AS no_score   -- no discount or referrals: see the coverage lines
FROM tiered
GROUP BY tier
HAVING count(score) > 0
ORDER BY tier;
-- coverage
WITH n AS (
    SELECT count(*) AS total,
           count(*) FILTER (WHERE opened IS NULL OR opened > DATE :'as_of')                      AS not_open,
           count(*) FILTER (WHERE opened <= DATE :'as_of' AND net IS NULL)                      AS no_net,
           count(*) FILTER (WHERE opened <= DATE :'as_of' AND net IS NOT NULL AND discount IS NULL) AS no_discount,
           count(*) FILTER (WHERE opened <= DATE :'as_of' AND net IS NOT NULL AND discount IS NOT NULL
                              AND referrals IS NULL)                                            AS no_referrals,
           count(*) FILTER (WHERE opened <= DATE :'as_of' AND net IS NOT NULL AND discount IS NOT NULL
                              AND referrals IS NOT NULL)                                        AS scored
    FROM seg_input.customers)
SELECT line AS coverage
FROM n, LATERAL (VALUES
    (1, CASE WHEN scored = 0 THEN 'no customer has both a value tier and a loyalty score' END),
    (2, format('%s of %s customers scored', to_char(scored, 'FM999,999,999'), to_char(total, 'FM999,999,999'))),
    (3, CASE WHEN not_open > 0 THEN format('left out: %s opened after the as-of date or with no opening date', to_char(not_open, 'FM999,999,999')) END),
    (4, CASE WHEN no_net > 0 THEN format('left out: %s with no net value (NULL), so in no value tier', to_char(no_net, 'FM999,999,999')) END),
    (5, CASE WHEN no_discount > 0 THEN format('left out: %s with no discount (NULL), so no loyalty score', to_char(no_discount, 'FM999,999,999')) END),
    (6, CASE WHEN no_referrals > 0 THEN format('left out: %s with no referrals (NULL), so no loyalty score', to_char(no_referrals, 'FM999,999,999')) END)) AS l(k, line)
WHERE line IS NOT NULL
ORDER BY k;
