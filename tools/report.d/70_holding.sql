-- title: Holding style
-- note: Customers who traded in the lookback window, by the model's holding_style (avg_holding_days from turnover), with each style's median. A holding period beyond the rules' holding_horizon_days (3,650 by default: ten years) is not credible, the turnover too low to estimate it: such customers are in no style, counted in the lines below.
SELECT s.style, count(c.avg_holding_days) AS customers,
       round(percentile_cont(0.5) WITHIN GROUP (ORDER BY c.avg_holding_days)::numeric, 0) AS median_holding_days
FROM unnest(enum_range(NULL::holding_style_label)) AS s(style)
LEFT JOIN :"model".customer_segments c ON c.holding_style = s.style
WHERE EXISTS (SELECT FROM :"model".customer_segments WHERE holding_style IS NOT NULL)   -- nobody with a holding period: an empty panel
GROUP BY s.style
ORDER BY s.style;
-- coverage
WITH s AS (
    SELECT CASE WHEN holding_style IS NOT NULL THEN 1 WHEN holding_beyond_horizon THEN 2 ELSE 3 END AS part,
           coalesce(reason, 'no reason recorded') AS reason
    FROM :"model".customer_segments,
         LATERAL (SELECT min(CASE WHEN e LIKE '%: %' THEN substr(e, strpos(e, ': ') + 2) ELSE e END) AS reason
                  FROM unnest(excluded_from) e WHERE e LIKE 'holding: %' OR e NOT LIKE '%: %') AS r),
n AS (
    SELECT count(*) AS total, count(*) FILTER (WHERE part = 1) AS counted, count(*) FILTER (WHERE part = 2) AS beyond,
           (SELECT to_char(value::int8, 'FM999,999,999') FROM :"model".rules WHERE rule = 'holding_horizon_days') AS horizon
    FROM s)
SELECT line AS coverage
FROM (SELECT 1 AS k, CASE WHEN counted = 0 THEN 'no customer has a holding period within the horizon' END AS line FROM n
      UNION ALL
      SELECT 2, format('%s of %s customers have a holding style', to_char(counted, 'FM999,999,999'), to_char(total, 'FM999,999,999')) FROM n
      UNION ALL
      SELECT 3, CASE WHEN beyond > 0 THEN format('left out: %s beyond the %s-day horizon (turnover too low to estimate a holding period)',
                                                 to_char(beyond, 'FM999,999,999'), horizon) END FROM n
      UNION ALL
      SELECT 4, format('left out: %s (%s)', to_char(count(*), 'FM999,999,999'), reason) FROM s WHERE part = 3 GROUP BY reason) AS l
WHERE line IS NOT NULL
ORDER BY k, line;
