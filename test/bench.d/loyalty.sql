-- bench data set "loyalty": :rows customers' loyalty measures, and the
-- loyalty formula as a PL/pgSQL function (the slow way a user would write it, compared)
SET client_min_messages = warning;
DROP TABLE IF EXISTS bench_loyalty;
SELECT setseed(0.45) \g /dev/null
CREATE TABLE bench_loyalty AS
SELECT (random() * 6000)::int AS tenure, round((random() * 400)::numeric, 1) AS trades,
       round(random()::numeric * 0.6, 3) AS discount, (random() * 8)::int AS referrals, (random() * 5)::int AS products
FROM generate_series(1, :rows) i;
VACUUM ANALYZE bench_loyalty;
CREATE OR REPLACE FUNCTION bench_loyalty_plpgsql(tenure int, trades numeric, discount numeric, referrals int, products int)
RETURNS numeric LANGUAGE plpgsql IMMUTABLE AS $$
BEGIN
    RETURN round((100 * (0.30::float8 * least(tenure / 3650.0::float8, 1)
                       + 0.25::float8 * least(ln(1 + trades::float8) / ln(251::float8), 1)
                       + 0.20::float8 * (1 - discount::float8)
                       + 0.15::float8 * (referrals / (referrals + 2.0::float8))
                       + 0.10::float8 * (products / (products + 2.0::float8)))
                  / (0.30::float8 + 0.25::float8 + 0.20::float8 + 0.15::float8 + 0.10::float8))::numeric, 2);
END $$;
