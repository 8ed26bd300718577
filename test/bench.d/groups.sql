-- bench data set "groups": :rows positive amounts in cents for :rows / 5
-- customers (five each) in 16 branches, for per-group cut-offs: a few big
-- groups (GROUP BY branch) and many small ones (GROUP BY customer_id)
SET client_min_messages = warning;
DROP TABLE IF EXISTS bench_groups;
SELECT setseed(0.5) \g /dev/null
CREATE TABLE bench_groups AS
SELECT c AS customer_id, c % 16 AS branch, round(exp(3 + 4 * random())::numeric, 2) AS amount
FROM (SELECT i, i % greatest(:rows / 5, 1) AS c FROM generate_series(1, :rows) i) s;
VACUUM ANALYZE bench_groups;
