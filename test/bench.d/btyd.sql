-- bench data set "btyd": :rows customers' purchase summaries simulated from
-- a BG/NBD and Gamma-Gamma model (test/btyd_simulate.sql: r 0.25, alpha 4,
-- a 0.8, b 2.5 over 52 weeks; p 6, q 4, gamma 15), with recency and age
-- exact (every triple distinct) and rounded to days (1/7 week) and to weeks
SET client_min_messages = warning;
DROP TABLE IF EXISTS bench_btyd;
\ir ../btyd_simulate.sql
CREATE TABLE bench_btyd AS
SELECT customer, frequency, recency, age, monetary_value,
       round(recency * 7) / 7 AS recency_d, round(age * 7) / 7 AS age_d,
       round(recency) AS recency_w, round(age) AS age_w
FROM pg_temp.btyd_simulate(:rows, 0.25, 4.0, 0.8, 2.5, 52, 6, 4, 15, 0.77);
VACUUM ANALYZE bench_btyd;
