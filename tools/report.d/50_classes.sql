-- title: Overdue classes
-- note: Overdue customers by the model's overdue_class: A focus (large debts), B regular reminders, C legal (grade D or overdue beyond the rules' legal_days).
SELECT k.class, count(c.customer_id) AS customers,
       coalesce(sum(c.overdue_amount), 0) AS overdue_amount,
       round(avg(c.max_days_past_due), 0) AS avg_max_days_past_due
FROM unnest(enum_range(NULL::overdue_class_label)) AS k(class)
LEFT JOIN :"model".customer_segments c ON c.overdue_class = k.class
WHERE EXISTS (SELECT FROM :"model".customer_segments WHERE overdue_class IS NOT NULL)   -- nobody overdue: an empty panel
GROUP BY k.class
ORDER BY k.class;
-- coverage
WITH s AS (
    SELECT CASE WHEN overdue_class IS NOT NULL THEN 1 WHEN reason IS NULL THEN 2 ELSE 3 END AS part, reason
    FROM :"model".customer_segments,
         LATERAL (SELECT min(CASE WHEN e LIKE '%: %' THEN substr(e, strpos(e, ': ') + 2) ELSE e END) AS reason
                  FROM unnest(excluded_from) e WHERE e LIKE 'payment: %' OR e NOT LIKE '%: %') AS r),
n AS (
    SELECT count(*) AS total, count(*) FILTER (WHERE part = 1) AS counted, count(*) FILTER (WHERE part = 2) AS other
    FROM s)
SELECT line AS coverage
FROM (SELECT 1 AS k, CASE WHEN counted = 0 THEN 'no customer owes anything overdue on the as-of date' END AS line FROM n
      UNION ALL
      SELECT 2, format('%s of %s customers in an overdue class', to_char(counted, 'FM999,999,999'), to_char(total, 'FM999,999,999')) FROM n
      UNION ALL
      SELECT 3, CASE WHEN other > 0 THEN format('left out: %s with invoices and nothing overdue on the as-of date', to_char(other, 'FM999,999,999')) END FROM n
      UNION ALL
      SELECT 4, format('left out: %s (%s)', to_char(count(*), 'FM999,999,999'), reason) FROM s WHERE part = 3 GROUP BY reason) AS l
WHERE line IS NOT NULL
ORDER BY k, line;
