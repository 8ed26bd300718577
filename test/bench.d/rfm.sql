-- bench data set "rfm": :rows customers with distinct recency, frequency and
-- monetary values (permutations modulo the prime 10000019), so that ntile(5)
-- gives the same quintiles as rfm_score
SET client_min_messages = warning;
DROP TABLE IF EXISTS bench_rfm;
CREATE TABLE bench_rfm AS
SELECT ((i * 7919::bigint) % 10000019)::int AS recency, ((i * 104729::bigint) % 10000019)::int AS frequency,
       (((i * 15485863::bigint) % 10000019) / 100.0)::numeric(14, 2) AS monetary
FROM generate_series(1, :rows) i;
VACUUM ANALYZE bench_rfm;
