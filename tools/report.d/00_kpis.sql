-- title: Collection KPIs
-- note: The model's collection_kpis for the as-of date: receivables and the overdue share on that day; DSO, CEI and recovery rate over the month up to it (since the previous month-end). Credit notes (negative amounts) and invoices with no amount are in no figure.
-- span: 2
WITH k AS (
    SELECT k.*
    FROM (SELECT max(as_of) AS as_of FROM :"model".customer_segments) a
    LEFT JOIN :"model".collection_kpis k ON k.period_end = a.as_of)
SELECT f.figure, f.value, f.unit, f.note
FROM k, LATERAL (VALUES
       (1, 'Overdue share', round(100 * k.overdue_share, 1), '%',
           'of open receivables is past due (target under 5%)'),
       (2, 'DSO', k.dso, 'days',
           'days sales outstanding: receivables / credit sales of the month, times its days'),
       (3, 'CEI', round(k.cei, 1), '%',
           'collection effectiveness index over the month'),
       (4, 'Recovery rate', round(100 * k.recovery_rate, 1), '%',
           'of the amount overdue at the previous month-end has been recovered since')) AS f(n, figure, value, unit, note)
ORDER BY f.n;
-- coverage
WITH n AS (
    SELECT count(*) AS total,
           coalesce(sum(invoices), 0) AS invoices,
           count(*) FILTER (WHERE credit_notes < 0) AS with_credit_notes,
           coalesce(sum(credit_notes), 0) AS credit_amount
    FROM :"model".customer_segments)
SELECT line AS coverage
FROM n, LATERAL (VALUES
    (1, CASE WHEN invoices = 0 THEN 'no invoice up to the as-of date: every figure is undefined' END),
    (2, CASE WHEN with_credit_notes > 0 THEN format('left out of every figure: the credit notes of %s %s (%s)',
                                                     to_char(with_credit_notes, 'FM999,999,999'),
                                                     CASE WHEN with_credit_notes = 1 THEN 'customer' ELSE 'customers' END,
                                                     to_char(credit_amount, 'FM999,999,999,990.00')) END)) AS l(k, line)
WHERE line IS NOT NULL
ORDER BY k;
