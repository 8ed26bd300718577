-- title: Overdue classes
-- note: Overdue customers by collection class: A focus (large debts), B regular reminders, C legal (grade D or 180+ days).
WITH p AS (
    SELECT customer_id,
           payment_profile(invoice_date, due_date, paid_date, amount, DATE :'as_of') AS p
    FROM seg_input.invoices
    WHERE invoice_date <= DATE :'as_of'
      AND customer_id IN (SELECT customer_id FROM seg_input.customers)
    GROUP BY customer_id),
classed AS (
    SELECT overdue_class(p) AS class, (p).overdue_amount, (p).oldest_overdue_days
    FROM p)
SELECT k.class, count(c.class) AS customers,
       coalesce(sum(c.overdue_amount), 0) AS overdue_amount,
       round(avg(c.oldest_overdue_days), 0) AS avg_oldest_days
FROM unnest(enum_range(NULL::overdue_class_label)) AS k(class)
LEFT JOIN classed c USING (class)
WHERE EXISTS (SELECT FROM classed WHERE class IS NOT NULL)   -- nobody overdue: an empty panel
GROUP BY k.class
ORDER BY k.class;
-- coverage
WITH n AS (
    SELECT count(DISTINCT customer_id) FILTER (WHERE invoice_date <= DATE :'as_of') AS invoiced,
           count(DISTINCT customer_id) FILTER (WHERE invoice_date <= DATE :'as_of' AND due_date < DATE :'as_of'
                                                AND (paid_date IS NULL OR paid_date > DATE :'as_of')
                                                AND amount > 0)                 AS overdue,
           (SELECT count(*) FROM seg_input.customers)                            AS total
    FROM seg_input.invoices)
SELECT line AS coverage
FROM n, LATERAL (VALUES
    (1, CASE WHEN invoiced = 0 THEN 'no customer has an invoice up to the as-of date'
             WHEN overdue = 0 THEN 'no customer owes anything overdue on the as-of date' END),
    (2, format('%s of %s customers have invoices up to the as-of date; those with nothing overdue are in no class',
               to_char(invoiced, 'FM999,999,999'), to_char(total, 'FM999,999,999'))),
    (3, CASE WHEN total > invoiced THEN format('left out: %s with no invoice up to the as-of date',
                                               to_char(total - invoiced, 'FM999,999,999')) END)) AS l(k, line)
WHERE line IS NOT NULL
ORDER BY k;
