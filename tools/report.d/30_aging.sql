-- title: Receivables aging
-- note: The model's aging_summary: open invoices on the as-of date (credit notes aside) per aging bucket of the rules' aging_boundaries, stacked by the customer's credit grade.
SELECT bucket,
       coalesce(sum(amount) FILTER (WHERE credit_grade = 'A'), 0)    AS grade_a,
       coalesce(sum(amount) FILTER (WHERE credit_grade = 'B'), 0)    AS grade_b,
       coalesce(sum(amount) FILTER (WHERE credit_grade = 'C'), 0)    AS grade_c,
       coalesce(sum(amount) FILTER (WHERE credit_grade = 'D'), 0)    AS grade_d,
       coalesce(sum(amount) FILTER (WHERE credit_grade IS NULL), 0)  AS ungraded,
       coalesce(sum(amount), 0)                                      AS total
FROM :"model".aging_summary   -- no open invoice: no rows, an empty panel
GROUP BY bucket_no, bucket
ORDER BY bucket_no;
-- coverage
WITH s AS (
    SELECT CASE WHEN aging_buckets IS NOT NULL THEN 1 WHEN reason IS NULL THEN 2 ELSE 3 END AS part, reason
    FROM :"model".customer_segments,
         LATERAL (SELECT min(CASE WHEN e LIKE '%: %' THEN substr(e, strpos(e, ': ') + 2) ELSE e END) AS reason
                  FROM unnest(excluded_from) e WHERE e LIKE 'payment: %' OR e NOT LIKE '%: %') AS r),
n AS (
    SELECT count(*) AS total, count(*) FILTER (WHERE part = 1) AS counted, count(*) FILTER (WHERE part = 2) AS other
    FROM s)
SELECT line AS coverage
FROM (SELECT 1 AS k, CASE WHEN counted = 0 THEN 'no open invoice on the as-of date' END AS line FROM n
      UNION ALL
      SELECT 2, format('%s of %s customers have open invoices', to_char(counted, 'FM999,999,999'), to_char(total, 'FM999,999,999')) FROM n
      UNION ALL
      SELECT 3, CASE WHEN other > 0 THEN format('left out: %s with invoices, none open on the as-of date (credit notes aside)', to_char(other, 'FM999,999,999')) END FROM n
      UNION ALL
      SELECT 4, format('left out: %s (%s)', to_char(count(*), 'FM999,999,999'), reason) FROM s WHERE part = 3 GROUP BY reason) AS l
WHERE line IS NOT NULL
ORDER BY k, line;
