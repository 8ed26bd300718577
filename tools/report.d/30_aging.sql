-- title: Receivables aging
-- note: Open invoices on the as-of date per aging bucket, stacked by the customer's credit grade (payment_profile → credit_grade).
WITH grade AS (
    SELECT customer_id,
           credit_grade(payment_profile(invoice_date, due_date, paid_date, amount, DATE :'as_of')) AS grade
    FROM seg_input.invoices
    WHERE invoice_date <= DATE :'as_of'
    GROUP BY customer_id),
open AS (
    SELECT i.amount, days_past_due(i.due_date, DATE :'as_of', i.paid_date) AS dpd, g.grade
    FROM seg_input.invoices i
    LEFT JOIN grade g USING (customer_id)   -- no customer (NULL): ungraded
    WHERE i.invoice_date <= DATE :'as_of'
      AND (i.paid_date IS NULL OR i.paid_date > DATE :'as_of'))
SELECT b.bucket,
       coalesce(sum(o.amount) FILTER (WHERE o.grade = 'A'), 0)    AS grade_a,
       coalesce(sum(o.amount) FILTER (WHERE o.grade = 'B'), 0)    AS grade_b,
       coalesce(sum(o.amount) FILTER (WHERE o.grade = 'C'), 0)    AS grade_c,
       coalesce(sum(o.amount) FILTER (WHERE o.grade = 'D'), 0)    AS grade_d,
       coalesce(sum(o.amount) FILTER (WHERE o.grade IS NULL), 0)  AS ungraded,
       coalesce(sum(o.amount), 0)                                 AS total
FROM unnest(aging_bucket_labels()) WITH ORDINALITY AS b(bucket, no)
LEFT JOIN open o ON aging_bucket_no(o.dpd) = b.no
WHERE EXISTS (SELECT FROM open)   -- no open invoice: an empty panel, not a chart of zeros
GROUP BY b.no, b.bucket
ORDER BY b.no;
-- coverage
WITH n AS (
    SELECT count(*) FILTER (WHERE invoice_date <= DATE :'as_of'
                              AND (paid_date IS NULL OR paid_date > DATE :'as_of'))         AS open,
           count(DISTINCT customer_id) FILTER (WHERE invoice_date <= DATE :'as_of'
                              AND (paid_date IS NULL OR paid_date > DATE :'as_of'))         AS customers,
           count(*) FILTER (WHERE invoice_date <= DATE :'as_of'
                              AND (paid_date IS NULL OR paid_date > DATE :'as_of')
                              AND (due_date IS NULL OR amount IS NULL))                     AS incomplete,
           count(*) FILTER (WHERE invoice_date IS NULL)                                    AS undated
    FROM seg_input.invoices)
SELECT line AS coverage
FROM n, LATERAL (VALUES
    (1, CASE WHEN open = 0 THEN 'no open invoice on the as-of date' END),
    (2, format('%s open invoices of %s customers (of %s)', to_char(open, 'FM999,999,999'), to_char(customers, 'FM999,999,999'),
               to_char((SELECT count(*) FROM seg_input.customers), 'FM999,999,999'))),
    (3, CASE WHEN incomplete > 0 THEN format('left out: %s open invoices with no due date or amount (NULL)', to_char(incomplete, 'FM999,999,999')) END),
    (4, CASE WHEN undated > 0 THEN format('left out: %s invoices with no invoice date (NULL)', to_char(undated, 'FM999,999,999')) END)) AS l(k, line)
WHERE line IS NOT NULL
ORDER BY k;
