-- title: Valuable customers at risk
-- note: VIP and important customers by the model's probability alive (the BG/NBD model fitted on every customer's trade days, segmentation rules lifetime_*): at risk below the rules' at_risk_p_alive (0.5 by default), with the net value they hold and the lifetime value the model still expects of them over the rules' horizon (empty when the spend model is not fitted).
SELECT value_tier                                                     AS tier,
       count(*) FILTER (WHERE NOT at_risk)                            AS likely_active,
       count(*) FILTER (WHERE at_risk)                                AS at_risk,
       coalesce(sum(net_value) FILTER (WHERE at_risk), 0)             AS net_value_at_risk,
       sum(lifetime_value) FILTER (WHERE at_risk)                     AS lifetime_value_at_risk,
       round(percentile_cont(0.5) WITHIN GROUP (ORDER BY p_alive)::numeric, 2) AS median_p_alive
FROM :"model".customer_segments
WHERE value_tier IN ('vip', 'important') AND p_alive IS NOT NULL
GROUP BY value_tier, value_tier_sort
ORDER BY value_tier_sort;
-- coverage
WITH s AS (
    SELECT CASE WHEN p_alive IS NOT NULL THEN 1 ELSE 2 END AS part,
           coalesce(reason, 'no reason recorded') AS reason
    FROM :"model".customer_segments,
         LATERAL (SELECT min(CASE WHEN e LIKE '%: %' THEN substr(e, strpos(e, ': ') + 2) ELSE e END) AS reason
                  FROM unnest(excluded_from) e WHERE e LIKE 'lifetime: %' OR e NOT LIKE '%: %') AS r),
n AS (
    SELECT count(*) AS total, count(*) FILTER (WHERE part = 1) AS counted FROM s),
f AS (
    SELECT * FROM :"model".lifetime_fit LIMIT 1)
SELECT line AS coverage
FROM (SELECT 1 AS k, format('%s of %s customers have a probability alive', to_char(counted, 'FM999,999,999'), to_char(total, 'FM999,999,999')) AS line FROM n
      UNION ALL
      SELECT 2, format('left out: %s (%s)', to_char(count(*), 'FM999,999,999'), reason) FROM s WHERE part = 2 GROUP BY reason
      UNION ALL
      SELECT 3, CASE WHEN f.bgnbd IS NOT NULL
                     THEN format('BG/NBD fitted on %s customers (%s with repeat trade days) as of %s: r %s, alpha %s days, a %s, b %s',
                                 to_char(f.customers, 'FM999,999,999'), to_char(f.repeat_buyers, 'FM999,999,999'), f.as_of,
                                 round((f.bgnbd).r::numeric, 3), round((f.bgnbd).alpha::numeric, 1),
                                 round((f.bgnbd).a::numeric, 3), round((f.bgnbd).b::numeric, 3)) END FROM f
      UNION ALL
      SELECT 4, CASE WHEN f.bgnbd IS NOT NULL AND f.spend IS NULL
                     THEN 'no lifetime value: the spend model is not fitted (' || coalesce(f.spend_error, 'no reason recorded') || ')'
                     WHEN f.spend IS NOT NULL
                     THEN format('Gamma-Gamma spend model: p %s, q %s, gamma %s', round((f.spend).p::numeric, 3),
                                 round((f.spend).q::numeric, 3), round((f.spend).gamma::numeric, 3)) END FROM f) AS l
WHERE line IS NOT NULL
ORDER BY k, line;
