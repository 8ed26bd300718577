-- bench data set "clv": :rows customers' summaries (frequency x, recency
-- t_x, age T in weeks, average spend m) shaped like the CDNOW sample: ages
-- of 27 to 39 weeks, about 60% without a repeat purchase, a long tail of
-- frequent buyers; the last purchase anywhere in the customer's age.  Ages
-- have two decimals, so (x, age) repeats (25,000 distinct pairs); age_u is
-- the age made distinct on every row, for the case where nothing repeats.
SET client_min_messages = warning;
DROP TABLE IF EXISTS bench_clv;
SELECT setseed(0.25) \g /dev/null
CREATE TABLE bench_clv AS
SELECT x, CASE WHEN x = 0 THEN 0 ELSE round((random() * age)::numeric, 2)::float8 END AS t_x, age,
       CASE WHEN x = 0 THEN NULL ELSE round((5 + exp(random() * 4))::numeric, 2)::float8 END AS m,
       age + i * 1e-7 AS age_u
FROM (SELECT i, CASE WHEN random() < 0.6 THEN 0 ELSE floor(-ln(1 - random()) * 4)::int + 1 END AS x,
             round((27 + random() * 12)::numeric, 2)::float8 AS age
      FROM generate_series(1, :rows) i) s;
VACUUM ANALYZE bench_clv;
