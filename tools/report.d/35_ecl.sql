-- title: Expected credit loss
-- note: The model's ecl_summary, the provision matrix of the open invoices on the as-of date (credit notes aside): per aging bucket of the rules' aging_boundaries the gross amount, the historical loss rate (the cohort method over the invoices due in the rules' ecl_cohort_days before the last ecl_charge_off_days days, times ecl_forward_factor, at most 1) and the lifetime expected credit loss, the allowance; the total last, its rate the allowance as a share of the gross amount.
SELECT bucket,
       gross,
       round(100 * coalesce(loss_rate, coverage), 2) AS loss_rate_pct,
       ecl
FROM :"model".ecl_summary   -- no open invoice: no rows, an empty panel
ORDER BY bucket_no NULLS LAST;
-- coverage
WITH s AS (
    SELECT CASE WHEN aging_buckets IS NOT NULL AND ecl_allowance IS NOT NULL THEN 1 WHEN reason IS NULL THEN 2 ELSE 3 END AS part,
           reason
    FROM :"model".customer_segments,
         LATERAL (SELECT min(CASE WHEN e LIKE '%: %' THEN substr(e, strpos(e, ': ') + 2) ELSE e END) AS reason
                  FROM unnest(excluded_from) e
                  WHERE e LIKE 'ecl: %' OR e = 'payment: no invoice' OR e NOT LIKE '%: %') AS r),
n AS (
    SELECT count(*) AS total, count(*) FILTER (WHERE part = 1) AS counted, count(*) FILTER (WHERE part = 2) AS other
    FROM s),
f AS (
    SELECT * FROM :"model".ecl_loss_rates LIMIT 1)
SELECT line AS coverage
FROM (SELECT 1 AS k, CASE WHEN counted = 0 THEN 'no open invoice with a loss rate on the as-of date' END AS line FROM n
      UNION ALL
      SELECT 2, format('%s of %s customers have open invoices with an allowance', to_char(counted, 'FM999,999,999'), to_char(total, 'FM999,999,999')) FROM n
      UNION ALL
      SELECT 3, CASE WHEN other > 0 THEN format('left out: %s with invoices, none open on the as-of date (credit notes aside)', to_char(other, 'FM999,999,999')) END FROM n
      UNION ALL
      SELECT 4, format('left out: %s (%s)', to_char(count(*), 'FM999,999,999'), reason) FROM s WHERE part = 3 GROUP BY reason
      UNION ALL
      SELECT 5, CASE WHEN (f.rates).invoices > 0
                     THEN format('loss rates as of %s from %s invoices due %s to %s (lost: unpaid more than %s days past due): %s lost',
                                 f.as_of, to_char((f.rates).invoices, 'FM999,999,999'), f.due_from, f.due_to, f.charge_off_days,
                                 to_char((f.rates).lost, 'FM999,999,999,990.00'))
                     WHEN f.as_of IS NOT NULL
                     THEN format('no loss rates: no invoice due %s to %s', f.due_from, f.due_to) END FROM f) AS l
WHERE line IS NOT NULL
ORDER BY k, line;
