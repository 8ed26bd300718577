-- title: Collection stages
-- note: Open overdue invoices by the escalation step due (collection_stage of days past due and the invoice's term).
WITH open AS (
    SELECT amount,
           collection_stage(days_past_due(due_date, DATE :'as_of', paid_date), due_date - invoice_date) AS stage
    FROM seg_input.invoices
    WHERE invoice_date <= DATE :'as_of'
      AND (paid_date IS NULL OR paid_date > DATE :'as_of'))
SELECT s.stage, count(o.amount) AS invoices, coalesce(sum(o.amount), 0) AS amount
FROM unnest(enum_range(NULL::collection_stage_label)) AS s(stage)
LEFT JOIN open o USING (stage)
WHERE s.stage > 'not_due'
  AND EXISTS (SELECT FROM open WHERE stage > 'not_due')   -- nothing overdue: an empty panel, not a chart of zeros
GROUP BY s.stage
ORDER BY s.stage;
-- coverage
WITH n AS (
    SELECT count(*) FILTER (WHERE invoice_date <= DATE :'as_of'
                              AND (paid_date IS NULL OR paid_date > DATE :'as_of'))         AS open,
           count(DISTINCT customer_id) FILTER (WHERE invoice_date <= DATE :'as_of'
                              AND (paid_date IS NULL OR paid_date > DATE :'as_of'))         AS customers,
           count(*) FILTER (WHERE invoice_date <= DATE :'as_of'
                              AND (paid_date IS NULL OR paid_date > DATE :'as_of')
                              AND (due_date IS NULL OR amount IS NULL))                     AS incomplete,
           count(*) FILTER (WHERE invoice_date IS NULL)                                    AS undated,
           count(*) FILTER (WHERE invoice_date <= DATE :'as_of'
                              AND (paid_date IS NULL OR paid_date > DATE :'as_of')
                              AND due_date < DATE :'as_of')                                AS overdue
    FROM seg_input.invoices)
SELECT line AS coverage
FROM n, LATERAL (VALUES
    (1, CASE WHEN open = 0 THEN 'no open invoice on the as-of date'
             WHEN overdue = 0 THEN 'no open invoice is overdue on the as-of date' END),
    (2, format('%s open invoices of %s customers (of %s)', to_char(open, 'FM999,999,999'), to_char(customers, 'FM999,999,999'),
               to_char((SELECT count(*) FROM seg_input.customers), 'FM999,999,999'))),
    (3, CASE WHEN incomplete > 0 THEN format('left out: %s open invoices with no due date or amount (NULL)', to_char(incomplete, 'FM999,999,999')) END),
    (4, CASE WHEN undated > 0 THEN format('left out: %s invoices with no invoice date (NULL)', to_char(undated, 'FM999,999,999')) END)) AS l(k, line)
WHERE line IS NOT NULL
ORDER BY k;
