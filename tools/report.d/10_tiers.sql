-- title: Value tiers
-- note: The model's value tiers (tier_summary): customers and net value per tier; by default VIP = the top 5% of customers by net value, important = the next to 20%; potential = dormant with assets over the rules' potential_min_assets. The lines below say who is not ranked.
SELECT value_tier                                                        AS tier,
       customers,
       round(100.0 * customers / sum(customers) OVER (), 1)             AS pct_customers,
       net_value,
       -- a share of a total that is not positive means nothing: NULL
       CASE WHEN sum(net_value) OVER () > 0
            THEN round(100.0 * net_value / sum(net_value) OVER (), 1) END AS pct_net_value
FROM :"model".tier_summary
ORDER BY value_tier_sort;
-- coverage
WITH p AS (
    SELECT customers, with_value, reasons,
           (SELECT sum(net_value) FROM :"model".customer_segments WHERE value_tier IS NOT NULL) AS total_net
    FROM :"model".population WHERE classification = 'value_tier')
SELECT line AS coverage
FROM (SELECT 1 AS k, CASE WHEN with_value = 0 THEN 'no customer to rank: none has a net value and an opening date on or before the as-of date' END AS line FROM p
      UNION ALL
      SELECT 2, format('%s of %s customers ranked', to_char(with_value, 'FM999,999,999'), to_char(customers, 'FM999,999,999')) FROM p
      UNION ALL
      SELECT 3, format('left out: %s (%s)', to_char(r.value::int8, 'FM999,999,999'), r.key)
      FROM p, jsonb_each_text(p.reasons) r
      UNION ALL
      SELECT 4, CASE WHEN with_value > 0 AND total_net <= 0 THEN format('shares of net value are undefined: the total net value is %s, not positive', total_net) END FROM p) AS l
WHERE line IS NOT NULL
ORDER BY k, line;
