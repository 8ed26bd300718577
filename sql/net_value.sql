-- net_value and economic_profit (src/net_value.c)
\set ECHO none
\i test/regress_helpers.sql
\set ECHO all

-- the simplest call: revenue less cost
SELECT net_value(100, 30);

-- normal values, negative revenue (refunds) and negative cost (reversals)
SELECT net_value(1234.56, 234.56), net_value(-50, 20), net_value(10, -5), net_value(0, 0);

-- exactness: no float rounding
SELECT net_value(0.1, 0.3) = -0.2 AS exact,
       net_value(100000000000000000000.01, 0.01) AS huge;

-- NULL in, NULL out (STRICT)
SELECT net_value(NULL, 1) IS NULL AS a, net_value(1, NULL) IS NULL AS b;

-- money is never NaN or infinite
SELECT pg_temp.expect_error($$SELECT net_value('NaN', 1)$$);
SELECT pg_temp.expect_error($$SELECT net_value(1, 'NaN')$$);
SELECT pg_temp.expect_error($$SELECT net_value('Infinity', 1)$$);
SELECT pg_temp.expect_error($$SELECT net_value(1, '-Infinity')$$);

-- huge numerics that overflow the numeric format
SELECT pg_temp.expect_error($$SELECT net_value(('9' || repeat('0', 131071))::numeric, -('9' || repeat('0', 131071))::numeric)$$);

-- economic_profit: defaults, named arguments, every charge
SELECT economic_profit(1000, 200);
SELECT economic_profit(revenue => 1000, operating_cost => 200,
                       funding_balance => 10000, ftp_rate => 0.025,
                       capital => 5000, hurdle_rate => 0.12,
                       expected_loss => 15);
SELECT economic_profit(1000, 200, capital => 5000, hurdle_rate => 0.1);
-- a depositor's negative funding balance is a credit
SELECT economic_profit(100, 50, funding_balance => -2000, ftp_rate => 0.01);
-- negative revenue (refunds) is allowed
SELECT economic_profit(-100, 50);

-- bad input
SELECT pg_temp.expect_error($$SELECT economic_profit(1000, 200, ftp_rate => -0.01)$$);
SELECT pg_temp.expect_error($$SELECT economic_profit(1000, 200, hurdle_rate => -0.1)$$);
SELECT pg_temp.expect_error($$SELECT economic_profit(1000, 200, expected_loss => -1)$$);
SELECT pg_temp.expect_error($$SELECT economic_profit(1000, 'NaN')$$);
SELECT pg_temp.expect_error($$SELECT economic_profit(1000, 200, capital => 'Infinity', hurdle_rate => 0.1)$$);
-- a NULL option is its default (0); a NULL revenue or operating_cost gives NULL
SELECT economic_profit(1000, 200, funding_balance => 10000, ftp_rate => NULL) AS null_rate,
       economic_profit(1000, 200, funding_balance => 10000) AS rate_omitted,
       economic_profit(NULL, 200) AS null_revenue, economic_profit(1000, NULL) AS null_cost;

-- volatility and parallel safety as declared
SELECT p.proname, p.provolatile, p.proisstrict, p.proparallel
FROM pg_proc p JOIN pg_depend d ON d.objid = p.oid AND d.deptype = 'e'
JOIN pg_extension e ON e.oid = d.refobjid AND e.extname = 'customer_seg'
WHERE p.proname IN ('net_value', 'economic_profit')
ORDER BY 1;

-- agreement with the plain-SQL formula on 20,000 generated rows, including
-- negatives, zeros and many decimal places: zero rows means pass
SELECT setseed(0.17) \g /dev/null
CREATE TEMP TABLE ep AS
SELECT i,
       round((random() * 2e6 - 5e5)::numeric, 2)  AS revenue,
       round((random() * 1e6 - 1e4)::numeric, 2)  AS opcost,
       round((random() * 1e8 - 1e7)::numeric, 2)  AS balance,
       round((random() * 0.08)::numeric, 6)       AS ftp,
       round((random() * 1e7)::numeric, 2)        AS capital,
       round((random() * 0.2)::numeric, 4)        AS hurdle,
       round((random() * 1e4)::numeric, 2)        AS loss
FROM generate_series(1, 20000) i;

SELECT count(*) AS rows_checked FROM ep;
SELECT i FROM ep
WHERE net_value(revenue, opcost) IS DISTINCT FROM revenue - opcost
   OR economic_profit(revenue, opcost, balance, ftp, capital, hurdle, loss)
      IS DISTINCT FROM revenue - opcost - balance * ftp - capital * hurdle - loss;

-- works from any schema: objects are schema-qualified in the install script
CREATE SCHEMA other;
SET search_path = other;
SELECT public.net_value(100, 30), public.economic_profit(100, 30, capital => 100, hurdle_rate => 0.1);
RESET search_path;
DROP SCHEMA other;

-- the sign test behind the non-negative checks, on short and long numeric
-- formats (zero, tiny, huge, negative zero): zero rows means pass
SELECT v FROM (VALUES (0::numeric), (-0.000), (0.00000000000000000001), (-0.00000000000000000001),
                      (1e100), (-1e100), (123.45), (-123.45), (1e-300), (-1e-300)) t(v)
WHERE (pg_temp.expect_error(format('SELECT economic_profit(1, 1, ftp_rate => %s)', v)) <> 'no error')
      IS DISTINCT FROM (v < 0 OR v > 1);

-- NULL options (the API contract's rule 7): each of the five options given
-- as NULL is its default 0
SELECT economic_profit(1000, 200, NULL, 0.025, 5000, 0.12, 15) AS no_funding,
       economic_profit(1000, 200, 0, 0.025, 5000, 0.12, 15) AS zero_funding,
       economic_profit(1000, 200, 10000, 0.025, NULL, 0.12, 15) AS no_capital,
       economic_profit(1000, 200, 10000, 0.025, 5000, NULL, 15) AS no_hurdle,
       economic_profit(1000, 200, 10000, 0.025, 5000, 0.12, NULL) AS no_loss,
       economic_profit(1000, 200, 10000, NULL, 5000, 0.12, 15) AS no_ftp;
-- a NULL revenue gives NULL, but a bad option fails even on such a row
SELECT economic_profit(NULL, 200, ftp_rate => 0.5) AS null_revenue;
SELECT economic_profit(NULL, 200, ftp_rate => 2.5);
