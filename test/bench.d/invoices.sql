-- bench data set "invoices": :rows open invoices of :rows / 10 customers,
-- due dates from 60 days ahead to 340 days past, amounts in cents
SET client_min_messages = warning;
DROP TABLE IF EXISTS bench_invoices;
SELECT setseed(0.75) \g /dev/null
CREATE TABLE bench_invoices AS
SELECT i % greatest(:rows / 10, 1) AS customer_id,
       DATE '2026-06-30' - (random() * 400 - 60)::int AS due_date,
       round((exp(8 + random() * 2))::numeric, 2) AS amount
FROM generate_series(1, :rows) i;
VACUUM ANALYZE bench_invoices;
