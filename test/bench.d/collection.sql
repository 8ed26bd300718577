-- bench data set "collection": :rows overdue accounts, 1 to 900 days past
-- due (every channel of the default bounds has accounts), balances in
-- cents, a recovery probability of three decimals falling with age
SET client_min_messages = warning;
DROP TABLE IF EXISTS bench_collection;
SELECT setseed(0.22) \g /dev/null
CREATE TABLE bench_collection AS
SELECT dpd, round((exp(7 + a * 3))::numeric, 2) AS balance,
       round(greatest(0.95 - dpd / 1000.0 - u / 10, 0)::numeric, 3) AS p
FROM (SELECT 1 + (random() * random() * 899)::int AS dpd, random() AS a, random() AS u
      FROM generate_series(1, :rows) i OFFSET 0) g;
VACUUM ANALYZE bench_collection;
