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
GROUP BY s.stage
ORDER BY s.stage;
