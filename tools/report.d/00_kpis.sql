-- title: Collection KPIs
-- note: Receivables on the as-of date; CEI and recovery over the last 91 days (a quarter), DSO over the last 365. Credit notes (negative amounts) count in receivables and sales but not in the recovery rate's base.
-- span: 2
WITH q AS (
    SELECT sum(amount) FILTER (WHERE invoice_date <= DATE :'as_of' - 91
                                 AND (paid_date IS NULL OR paid_date > DATE :'as_of' - 91)) AS begin_ar,
           sum(amount) FILTER (WHERE invoice_date > DATE :'as_of' - 91 AND invoice_date <= DATE :'as_of') AS sales_quarter,
           sum(amount) FILTER (WHERE invoice_date > DATE :'as_of' - 365 AND invoice_date <= DATE :'as_of') AS sales_year,
           sum(amount) FILTER (WHERE invoice_date <= DATE :'as_of'
                                 AND (paid_date IS NULL OR paid_date > DATE :'as_of')) AS end_ar,
           sum(amount) FILTER (WHERE invoice_date <= DATE :'as_of'
                                 AND (paid_date IS NULL OR paid_date > DATE :'as_of')
                                 AND due_date >= DATE :'as_of') AS end_current
    FROM seg_input.invoices),
rec AS (  -- invoices overdue 91 days ago, and how much of them was paid since;
          -- a credit note owes nothing, so it is not part of what is to recover
    SELECT recovery_rate(CASE WHEN paid_date <= DATE :'as_of' THEN amount ELSE 0 END, amount) AS rate
    FROM seg_input.invoices
    WHERE invoice_date <= DATE :'as_of' - 91 AND due_date < DATE :'as_of' - 91
      AND (paid_date IS NULL OR paid_date > DATE :'as_of' - 91)
      AND amount > 0)
SELECT k.figure, k.value, k.unit, k.note
FROM q, rec,
     LATERAL (VALUES
       (1, 'Overdue share', round(100 * (end_ar - coalesce(end_current, 0)) / nullif(end_ar, 0), 1), '%',
           'of open receivables is past due (target under 5%)'),
       (2, 'DSO', round(dso(end_ar, sales_year, 365), 1), 'days',
           'days sales outstanding: receivables / credit sales of the last 365 days'),
       (3, 'CEI', round(cei(begin_ar, sales_quarter, end_ar, end_current), 1), '%',
           'collection effectiveness index over the last 91 days'),
       (4, 'Recovery rate', round(100 * rate, 1), '%',
           'of the amount overdue 91 days ago has been recovered since')) AS k(n, figure, value, unit, note)
ORDER BY k.n;
-- coverage
WITH i AS (
    SELECT count(*) FILTER (WHERE invoice_date <= DATE :'as_of') AS invoices,
           count(*) FILTER (WHERE invoice_date IS NULL OR amount IS NULL OR due_date IS NULL) AS incomplete,
           count(*) FILTER (WHERE amount < 0 AND invoice_date <= DATE :'as_of' - 91
                              AND due_date < DATE :'as_of' - 91
                              AND (paid_date IS NULL OR paid_date > DATE :'as_of' - 91)) AS credit_notes,
           sum(amount) FILTER (WHERE amount < 0 AND invoice_date <= DATE :'as_of' - 91
                                 AND due_date < DATE :'as_of' - 91
                                 AND (paid_date IS NULL OR paid_date > DATE :'as_of' - 91)) AS credit_amount
    FROM seg_input.invoices)
SELECT line AS coverage
FROM i, LATERAL (VALUES
    (1, CASE WHEN invoices = 0 THEN 'no invoice up to the as-of date: every figure is undefined' END),
    (2, CASE WHEN credit_notes > 0 THEN format('left out of the recovery rate''s base: %s open %s (%s) among the invoices overdue 91 days ago',
                                                to_char(credit_notes, 'FM999,999,999'),
                                                CASE WHEN credit_notes = 1 THEN 'credit note' ELSE 'credit notes' END,
                                                to_char(credit_amount, 'FM999,999,999,990.00')) END),
    (3, CASE WHEN incomplete > 0 THEN format('%s invoices with no invoice date, due date or amount (NULL) count in no figure that needs it',
                                              to_char(incomplete, 'FM999,999,999')) END)) AS l(n, line)
WHERE line IS NOT NULL
ORDER BY n;
