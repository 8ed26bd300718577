-- title: Loyalty per value tier
-- note: Share of each value tier's customers by the model's loyalty tier (loyalty_score from tenure, trades, discount and referrals; by default high = top 20%, medium = next 30%, of the customers with a score). Value tiers as in the value tiers panel.
SELECT value_tier                                         AS tier,
       count(*) FILTER (WHERE loyalty_tier = 'high')      AS high,
       count(*) FILTER (WHERE loyalty_tier = 'medium')    AS medium,
       count(*) FILTER (WHERE loyalty_tier = 'low')       AS low,
       round(avg(loyalty_score), 1)                       AS avg_score,
       count(*) FILTER (WHERE loyalty_tier IS NULL)       AS no_score   -- see the coverage lines
FROM :"model".customer_segments
WHERE value_tier IS NOT NULL
GROUP BY value_tier, value_tier_sort
HAVING count(loyalty_tier) > 0
ORDER BY value_tier_sort;
-- coverage
WITH s AS (
    SELECT CASE WHEN value_tier IS NOT NULL AND loyalty_tier IS NOT NULL THEN 1 ELSE 2 END AS part,
           coalesce(reason, 'no reason recorded') AS reason
    FROM :"model".customer_segments,
         LATERAL (SELECT min(e) AS reason FROM unnest(excluded_from) e
                  WHERE e LIKE 'value_tier: %' OR e LIKE 'loyalty: %' OR e NOT LIKE '%: %') AS r),
n AS (
    SELECT count(*) AS total, count(*) FILTER (WHERE part = 1) AS counted FROM s)
SELECT line AS coverage
FROM (SELECT 1 AS k, CASE WHEN counted = 0 THEN 'no customer has both a value tier and a loyalty tier' END AS line FROM n
      UNION ALL
      SELECT 2, format('%s of %s customers have both a value tier and a loyalty tier', to_char(counted, 'FM999,999,999'), to_char(total, 'FM999,999,999')) FROM n
      UNION ALL
      SELECT 3, format('left out: %s (%s)', to_char(count(*), 'FM999,999,999'), reason) FROM s WHERE part = 2 GROUP BY reason) AS l
WHERE line IS NOT NULL
ORDER BY k, line;
