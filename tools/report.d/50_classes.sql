-- title: Overdue classes
-- note: Overdue customers by collection class: A focus (large debts), B regular reminders, C legal (grade D or 180+ days).
WITH p AS (
    SELECT customer_id,
           payment_profile(invoice_date, due_date, paid_date, amount, DATE :'as_of') AS p
    FROM seg_input.invoices
    WHERE invoice_date <= DATE :'as_of'
    GROUP BY customer_id),
classed AS (
    SELECT overdue_class(p) AS class, (p).overdue_amount, (p).oldest_overdue_days
    FROM p)
SELECT k.class, count(c.class) AS customers,
       coalesce(sum(c.overdue_amount), 0) AS overdue_amount,
       round(avg(c.oldest_overdue_days), 0) AS avg_oldest_days
FROM unnest(enum_range(NULL::overdue_class_label)) AS k(class)
LEFT JOIN classed c USING (class)
GROUP BY k.class
ORDER BY k.class;
