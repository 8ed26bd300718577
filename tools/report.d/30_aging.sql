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
    JOIN grade g USING (customer_id)
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
GROUP BY b.no, b.bucket
ORDER BY b.no;
