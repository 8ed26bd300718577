-- bench data set "money": :rows customers' revenue, costs, balances and rates
SET client_min_messages = warning;
DROP TABLE IF EXISTS bench_money;
SELECT setseed(0.5) \g /dev/null
CREATE TABLE bench_money AS
SELECT round((random() * 2e6 - 5e5)::numeric, 2)  AS revenue,
       round((random() * 1e6)::numeric, 2)        AS opcost,
       round((random() * 1e8)::numeric, 2)        AS balance,
       round((random() * 0.08)::numeric, 6)       AS ftp,
       round((random() * 1e7)::numeric, 2)        AS capital,
       round((random() * 0.2)::numeric, 4)        AS hurdle,
       round((random() * 1e4)::numeric, 2)        AS loss
FROM generate_series(1, :rows);
VACUUM ANALYZE bench_money;
