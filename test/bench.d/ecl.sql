-- bench data set "ecl": :rows invoices due in 2025 (a cohort whose outcome
-- is known on 2026-06-30): 90% paid -20 to 200 days after the due date
-- (the later, the rarer), 1% of the rest written off, the others never
-- paid; amounts in cents
SET client_min_messages = warning;
DROP TABLE IF EXISTS bench_ecl;
SELECT setseed(0.19) \g /dev/null
CREATE TABLE bench_ecl AS
SELECT due AS due_date,
       CASE WHEN u >= 0.1 THEN due - 20 + (u2 * u2 * 220)::int END AS paid_date,
       round((exp(8 + a * 2))::numeric, 2) AS amount,
       u < 0.001 AS written_off
FROM (SELECT DATE '2025-01-01' + (random() * 364)::int AS due, random() AS u, random() AS u2, random() AS a
      FROM generate_series(1, :rows) i OFFSET 0) g;
VACUUM ANALYZE bench_ecl;
