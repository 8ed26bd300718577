-- bench data set "ledger": :rows invoices of :rows / 10 customers over 18
-- months to 2026-06-30, terms of 30/60/90 days; 10% never paid, the rest
-- paid 0 to 240 days after invoicing; amounts in cents
SET client_min_messages = warning;
DROP TABLE IF EXISTS bench_ledger;
SELECT setseed(0.25) \g /dev/null
CREATE TABLE bench_ledger AS
SELECT i % greatest(:rows / 10, 1) AS customer_id, inv AS invoice_date, inv + term AS due_date,
       CASE WHEN u >= 0.1 THEN inv + (u2 * u2 * 240)::int END AS paid_date,
       round((exp(8 + a * 2))::numeric, 2) AS amount
FROM (SELECT i, DATE '2025-01-01' + (random() * 545)::int AS inv,
             (ARRAY[30, 60, 90])[1 + floor(random() * 3)::int] AS term,
             random() AS u, random() AS u2, random() AS a
      FROM generate_series(1, :rows) i OFFSET 0) g;
VACUUM ANALYZE bench_ledger;
