-- title: Collection stages
-- note: Customers with overdue open invoices, and their overdue amount, by the escalation step due for the worst open invoice of each customer (the model's worst_stage: collection_stage of days past due and the invoice's term).
SELECT s.stage, count(c.customer_id) AS customers, coalesce(sum(c.overdue_amount), 0) AS overdue_amount
FROM unnest(enum_range(NULL::collection_stage_label)) AS s(stage)
LEFT JOIN :"model".customer_segments c ON c.worst_stage = s.stage
WHERE s.stage > 'not_due'
  AND EXISTS (SELECT FROM :"model".customer_segments WHERE worst_stage > 'not_due')   -- nothing overdue: an empty panel, not a chart of zeros
GROUP BY s.stage
ORDER BY s.stage;
-- coverage
WITH s AS (
    SELECT CASE WHEN worst_stage > 'not_due' THEN 1 WHEN reason IS NULL THEN 2 ELSE 3 END AS part, reason
    FROM :"model".customer_segments,
         LATERAL (SELECT min(CASE WHEN e LIKE '%: %' THEN substr(e, strpos(e, ': ') + 2) ELSE e END) AS reason
                  FROM unnest(excluded_from) e WHERE e LIKE 'payment: %' OR e NOT LIKE '%: %') AS r),
n AS (
    SELECT count(*) AS total, count(*) FILTER (WHERE part = 1) AS counted, count(*) FILTER (WHERE part = 2) AS other
    FROM s)
SELECT line AS coverage
FROM (SELECT 1 AS k, CASE WHEN counted = 0 THEN 'no open invoice is overdue on the as-of date' END AS line FROM n
      UNION ALL
      SELECT 2, format('%s of %s customers have an overdue open invoice', to_char(counted, 'FM999,999,999'), to_char(total, 'FM999,999,999')) FROM n
      UNION ALL
      SELECT 3, CASE WHEN other > 0 THEN format('left out: %s with invoices, none overdue on the as-of date', to_char(other, 'FM999,999,999')) END FROM n
      UNION ALL
      SELECT 4, format('left out: %s (%s)', to_char(count(*), 'FM999,999,999'), reason) FROM s WHERE part = 3 GROUP BY reason) AS l
WHERE line IS NOT NULL
ORDER BY k, line;
