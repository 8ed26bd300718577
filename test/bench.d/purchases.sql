-- bench data set "purchases": :rows transactions of :rows / 10 customers
-- over the two years to 2026-06-30 (the summaries are taken as of
-- 2026-03-31, so a quarter of the rows come after as_of and are ignored);
-- a customer buys on few days, often several items a day; amounts in cents,
-- 3% of them returns (negative); rows in random order
SET client_min_messages = warning;
DROP TABLE IF EXISTS bench_purchases;
SELECT setseed(0.31) \g /dev/null
CREATE TABLE bench_purchases AS
SELECT customer_id, DATE '2024-07-01' + (day_no * 37 + item % 3 * (random() < 0.3)::int) % 730 AS purchased,
       CASE WHEN random() < 0.03 THEN -round((random() * 50)::numeric, 2)
            ELSE round((exp(2 + random() * 3))::numeric, 2) END::numeric(12, 2) AS amount
FROM (SELECT i % greatest(:rows / 10, 1) AS customer_id, (random() * 20)::int + i % 7 AS day_no, i AS item
      FROM generate_series(1, :rows) i ORDER BY random() OFFSET 0) g;
VACUUM ANALYZE bench_purchases;
