-- title: Collection KPIs
-- note: Receivables on the as-of date; CEI and recovery over the last 91 days (a quarter), DSO over the last 365.
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
rec AS (  -- invoices overdue 91 days ago, and how much of them was paid since
    SELECT recovery_rate(CASE WHEN paid_date <= DATE :'as_of' THEN amount ELSE 0 END, amount) AS rate
    FROM seg_input.invoices
    WHERE invoice_date <= DATE :'as_of' - 91 AND due_date < DATE :'as_of' - 91
      AND (paid_date IS NULL OR paid_date > DATE :'as_of' - 91))
SELECT k.figure, k.value, k.unit, k.note
FROM q, rec,
     LATERAL (VALUES
       (1, 'Overdue share', round(100 * (end_ar - end_current) / nullif(end_ar, 0), 1), '%',
           'of open receivables is past due (target under 5%)'),
       (2, 'DSO', round(dso(end_ar, sales_year, 365), 1), 'days',
           'days sales outstanding: receivables / credit sales of the last 365 days'),
       (3, 'CEI', round(cei(begin_ar, sales_quarter, end_ar, end_current), 1), '%',
           'collection effectiveness index over the last 91 days'),
       (4, 'Recovery rate', round(100 * rate, 1), '%',
           'of the amount overdue 91 days ago has been recovered since')) AS k(n, figure, value, unit, note)
ORDER BY k.n;
