-- bench data set "tiers": :rows customers' net values, money rounded to
SET client_min_messages = warning;
-- cents, log-normal and skewed (a minority positive and large, many small
-- losses, many ties), 0.5% NULL
DROP TABLE IF EXISTS bench_tiers;
SELECT setseed(0.25) \g /dev/null
CREATE TABLE bench_tiers AS
SELECT i AS customer_id, (i % 16) AS branch,
       CASE WHEN random() < 0.005 THEN NULL
            ELSE round((exp(2.5 + 1.8 * sqrt(-2 * ln(1 - random())) * cos(2 * pi() * random())) - 40)::numeric, 2)
       END AS net
FROM generate_series(1, :rows) i;
VACUUM ANALYZE bench_tiers;
-- cut-offs computed once, for the per-row value_tier(net, cutoffs) cases:
-- one row per branch, and branch -1 for the whole table
DROP TABLE IF EXISTS bench_cutoffs;
CREATE TABLE bench_cutoffs AS
SELECT branch, value_cutoffs(net) AS c FROM bench_tiers GROUP BY branch
UNION ALL SELECT -1, value_cutoffs(net) FROM bench_tiers;
ANALYZE bench_cutoffs;
