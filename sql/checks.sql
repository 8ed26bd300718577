-- The API contract's checks (README, "The API contract", rules 2, 4, 7, 8
-- and 9): fractions and rates, errors that name the offending value, swapped
-- arguments, NULL policies, exact float8 sums, date-only arguments.
\set ECHO none
\i test/regress_helpers.sql
\set ECHO all
SET extra_float_digits = 3;

-- ---------------------------------------------------------------------------
-- Rule 4: fractions and rates.  A rate is in [0, 1]; 0 is valid; NaN,
-- infinities, negatives and values above 1 raise 22003 with the value, and
-- above 1 the hint says a percentage is written as a fraction.
-- ---------------------------------------------------------------------------
SELECT economic_profit(100, 10, 1000, 0, 100, 0, 0) AS zero_rates,
       economic_profit(100, 10, 1000, 1, 100, 1, 0) AS rates_of_one;
SELECT economic_profit(100, 10, 1000, ftp_rate => 2.5, capital => 0, hurdle_rate => 0, expected_loss => 0);
SELECT economic_profit(100, 10, 1000, 0.03, 100, hurdle_rate => 12, expected_loss => 0);
SELECT economic_profit(100, 10, 1000, 'NaN', 100, 0.1, 0);
SELECT economic_profit(100, 10, 1000, 0.03, 100, '-Infinity', 0);
SELECT risk_appetite(30);
SELECT risk_appetite(0), risk_appetite(1), risk_appetite(0.3), risk_appetite(0.3, '{0.2,0.5}');
SELECT risk_appetite(0.3, '{20,50}');
SELECT risk_appetite(-0.01);
SELECT loyalty_score(365, 12, 15, 1);
SELECT loyalty_score(365, 12, 0, 1) AS no_discount, loyalty_score(365, 12, 1, 1) AS full_discount;
SELECT top_share(v, 20) FROM generate_series(1, 10) v;
SELECT top_share(v, 0) FROM generate_series(1, 10) v;
