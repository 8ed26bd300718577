-- title: Whale curve
-- note: Cumulative share of total net value earned by the top x% of the customers the model ranks in a value tier (value_curve of customer_segments.net_value). Above the dashed 100% line the rest lose money; the marker is the top 20% (top_share). Undefined when the total net value is not positive.
WITH v AS MATERIALIZED (
    SELECT value_curve(net_value) AS curve, top_share(net_value, 0.20) AS top20
    FROM :"model".customer_segments
    WHERE value_tier IS NOT NULL)
SELECT u.i - 1                             AS top_pct_customers,
       round((100 * u.share)::numeric, 2) AS pct_net_value,
       round((100 * v.top20)::numeric, 1) AS top20_pct_net_value
FROM v, unnest(ARRAY[0::float8] || v.curve) WITH ORDINALITY AS u(share, i)
WHERE v.curve IS NOT NULL   -- NULL when the total net value is <= 0
ORDER BY u.i;
-- coverage
WITH p AS (
    SELECT customers, with_value, reasons,
           (SELECT sum(net_value) FROM :"model".customer_segments WHERE value_tier IS NOT NULL) AS total_net
    FROM :"model".population WHERE classification = 'value_tier')
SELECT line AS coverage
FROM (SELECT 1 AS k, CASE WHEN with_value = 0 THEN 'no customer to rank: none has a net value and an opening date on or before the as-of date'
                          WHEN total_net <= 0 THEN format('undefined for this data: the total net value is %s, not positive, so no share of it means anything', total_net) END AS line FROM p
      UNION ALL
      SELECT 2, format('%s of %s customers ranked', to_char(with_value, 'FM999,999,999'), to_char(customers, 'FM999,999,999')) FROM p
      UNION ALL
      SELECT 3, format('left out: %s (%s)', to_char(r.value::int8, 'FM999,999,999'), r.key)
      FROM p, jsonb_each_text(p.reasons) r) AS l
WHERE line IS NOT NULL
ORDER BY k, line;
