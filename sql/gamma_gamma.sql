-- gamma_gamma_fit: the Gamma-Gamma spend model fitted by maximum likelihood
-- (src/gamma_gamma.c, src/optimize.c), its state btyd_state
\set ECHO none
\i test/regress_helpers.sql
-- a fresh copy of the CDNOW sample (other tests load it too)
SET client_min_messages = warning;
DROP SCHEMA IF EXISTS cdnow CASCADE;
RESET client_min_messages;
\i test/cdnow.sql
\i test/btyd_simulate.sql
\set ECHO all

-- CDNOW's 946 repeat buyers: published p = 6.25, q = 3.74, gamma = 15.44
-- (two decimals).  The fit is the maximum: its log-likelihood is above the
-- published parameters' (the surface is flat along a ridge, so gamma's
-- third digit moves with little change in LL); each parameter within 0.01.
SELECT round(p::numeric, 4) AS p, round(q::numeric, 4) AS q, round(gamma::numeric, 4) AS gamma,
       round(log_likelihood::numeric, 4) AS ll, customers,
       abs(p - 6.25) < 0.01 AND abs(q - 3.74) < 0.01 AND abs(gamma - 15.44) < 0.01 AS published_params,
       log_likelihood >= (SELECT sum(pg_temp.gamma_gamma_ll(6.25, 3.74, 15.44, x, zbar)) FROM cdnow.summary WHERE x > 0)
         AS above_published_ll,
       iterations BETWEEN 1 AND 100 AS iterations_ok
FROM (SELECT (gamma_gamma_fit(x, zbar)).* FROM cdnow.summary) f;
CREATE TABLE gg_fit AS SELECT (gamma_gamma_fit(x, zbar)).* FROM cdnow.summary;

-- the log-likelihood is the formula's (plain SQL), and the optimum is
-- stationary: central differences (step 1e-4 in each log-parameter) ~0
SELECT abs(f.log_likelihood - sum(pg_temp.gamma_gamma_ll(f.p, f.q, f.gamma, s.x, s.zbar))) < 1e-8 AS same_ll
FROM gg_fit f, cdnow.summary s WHERE s.x > 0 GROUP BY f.log_likelihood;
CREATE FUNCTION pg_temp.gg_ll(p float8, q float8, g float8) RETURNS float8 LANGUAGE sql AS $$
  SELECT sum(pg_temp.gamma_gamma_ll(p, q, g, x, zbar)) FROM cdnow.summary WHERE x > 0 $$;
SELECT param, abs(up - down) / 2e-4 < 1e-2 AS flat_at_optimum, up < ll AND down < ll AS maximum,
       abs(up_off - down_off) / 2e-4 > 0.1 AS sloped_off_optimum
FROM gg_fit f, LATERAL (VALUES
  ('p', pg_temp.gg_ll(p * exp(1e-4), q, gamma), pg_temp.gg_ll(p * exp(-1e-4), q, gamma),
        pg_temp.gg_ll(p * 1.01 * exp(1e-4), q, gamma), pg_temp.gg_ll(p * 1.01 * exp(-1e-4), q, gamma)),
  ('q', pg_temp.gg_ll(p, q * exp(1e-4), gamma), pg_temp.gg_ll(p, q * exp(-1e-4), gamma),
        pg_temp.gg_ll(p, q * 1.01 * exp(1e-4), gamma), pg_temp.gg_ll(p, q * 1.01 * exp(-1e-4), gamma)),
  ('gamma', pg_temp.gg_ll(p, q, gamma * exp(1e-4)), pg_temp.gg_ll(p, q, gamma * exp(-1e-4)),
        pg_temp.gg_ll(p, q, gamma * 1.01 * exp(1e-4)), pg_temp.gg_ll(p, q, gamma * 1.01 * exp(-1e-4))))
  v(param, up, down, up_off, down_off), LATERAL (SELECT f.log_likelihood AS ll) l;

-- the currency scales gamma only: in cents, gamma is 100 times larger
SELECT abs(c.p / d.p - 1) < 1e-6 AND abs(c.q / d.q - 1) < 1e-6 AND abs(c.gamma / (100 * d.gamma) - 1) < 1e-6 AS same_model_in_cents
FROM gg_fit d, (SELECT (gamma_gamma_fit(x, zbar * 100)).* FROM cdnow.summary) c;

-- x = 0 rows and NULLs are skipped (customers counts the rows fitted)
SELECT gamma_gamma_fit(x, m) IS NOT DISTINCT FROM (SELECT gamma_gamma_fit(x, zbar) FROM cdnow.summary WHERE x > 0) AS skipped,
       (gamma_gamma_fit(x, m)).customers
FROM (SELECT x, zbar::float8 AS m FROM cdnow.summary
      UNION ALL VALUES (0, 5::float8), (0, -5), (0, 'NaN'), (NULL, 5), (3, NULL)) s;
SELECT gamma_gamma_fit_partial(x, m) FROM (VALUES (1, 20.5::float8), (0, 7), (2, 20.5), (1, 20.5), (1, 3)) v(x, m);
SELECT gamma_gamma_fit(x, zbar) AS no_repeat_buyers FROM cdnow.summary WHERE x = 0;

-- parameter recovery: 30,000 simulated customers (test/btyd_simulate.sql),
-- the repeat buyers' spend.  Likelihood-ratio test at 0.999 (chi-squared,
-- 3 degrees of freedom: 16.27; over 8 seeds it averaged 2.8, the mean
-- being 3), and each parameter within 4 standard deviations of the truth
-- as seen over those seeds (p 22%, q 8%, gamma 30%).
CREATE TABLE gg_sim AS SELECT * FROM pg_temp.btyd_simulate(30000, 0.25, 4.0, 0.8, 2.5, 52, 6, 4, 15, 0.5);
CREATE TABLE gg_sim_fit AS SELECT (gamma_gamma_fit(frequency, monetary_value)).* FROM gg_sim;
SELECT round(p::numeric, 3) AS p, round(q::numeric, 3) AS q, round(gamma::numeric, 3) AS gamma, customers,
       2 * (log_likelihood - (SELECT sum(pg_temp.gamma_gamma_ll(6, 4, 15, frequency, monetary_value)) FROM gg_sim WHERE frequency > 0)) < 16.27 AS lr_test,
       abs(p / 6 - 1) < 0.22 AND abs(q / 4 - 1) < 0.08 AND abs(gamma / 15 - 1) < 0.30 AS near_truth
FROM gg_sim_fit;

-- the trio and merged parts give the serial fit bit for bit
CREATE TABLE gg_sim_parts AS SELECT customer % 5 AS part, gamma_gamma_fit_partial(frequency, monetary_value) AS s FROM gg_sim GROUP BY 1;
SELECT gamma_gamma_fit_final(gamma_gamma_fit_merge(s))::text = (SELECT gamma_gamma_fit(frequency, monetary_value)::text FROM gg_sim) AS trio,
       gamma_gamma_fit_final(gamma_gamma_fit_merge(s::text::btyd_state))::text = (SELECT gamma_gamma_fit(frequency, monetary_value)::text FROM gg_sim) AS via_text,
       gamma_gamma_fit_merge(s)::text = (SELECT gamma_gamma_fit_partial(frequency, monetary_value)::text FROM gg_sim) AS same_state
FROM gg_sim_parts;

-- round trips: text and binary
CREATE TEMP TABLE gg_states AS SELECT gamma_gamma_fit_partial(frequency, monetary_value) AS s FROM gg_sim;
SELECT s::text::btyd_state::text = s::text AS text_round_trip FROM gg_states;
COPY gg_states TO '/tmp/customer_seg_regress_btyd_gg.bin' WITH (FORMAT binary);
CREATE TEMP TABLE gg_states2 (LIKE gg_states);
COPY gg_states2 FROM '/tmp/customer_seg_regress_btyd_gg.bin' WITH (FORMAT binary);
SELECT a.s::text = b.s::text AS binary_round_trip FROM gg_states a, gg_states2 b;
SELECT pg_temp.binary_input('btyd_state', btyd_state_send('v1;gamma_gamma;3;1,20.5*2;2,20.5'::btyd_state)) AS from_binary;

-- forced parallel plan: the serial answer
SET max_parallel_workers_per_gather = 0;
CREATE TEMP TABLE serial AS SELECT gamma_gamma_fit(frequency, monetary_value)::text AS f FROM gg_sim;
:force_parallel_plan
EXPLAIN (COSTS OFF) SELECT gamma_gamma_fit(frequency, monetary_value) FROM gg_sim;
SELECT f = (SELECT gamma_gamma_fit(frequency, monetary_value)::text FROM gg_sim) AS parallel_fit FROM serial;
RESET ALL;

-- bad input: the values and a hint
SELECT pg_temp.expect_error($$SELECT gamma_gamma_fit(x, m) FROM (VALUES (2, 0::float8)) v(x, m)$$);
SELECT pg_temp.expect_error($$SELECT gamma_gamma_fit(x, m) FROM (VALUES (2, -3.5::float8)) v(x, m)$$);
SELECT pg_temp.expect_error($$SELECT gamma_gamma_fit(x, m) FROM (VALUES (2, 'NaN'::float8)) v(x, m)$$);
SELECT pg_temp.expect_error($$SELECT gamma_gamma_fit(x, m) FROM (VALUES (2, 'infinity'::float8)) v(x, m)$$);
SELECT pg_temp.expect_error($$SELECT gamma_gamma_fit(x, m) FROM (VALUES (-2, 5::float8)) v(x, m)$$);
-- data that cannot identify the model: identical rows
SELECT pg_temp.expect_error($$SELECT gamma_gamma_fit(2, 30.5) FROM generate_series(1, 10)$$);
SELECT pg_temp.input_outcome($$SELECT gamma_gamma_fit(2, 30.5) FROM generate_series(1, 10)$$);
-- a state of the other model
SELECT pg_temp.expect_error($$SELECT gamma_gamma_fit_final('v1;bgnbd;1;0,0,5'::btyd_state)$$);
SELECT pg_temp.expect_error($$SELECT gamma_gamma_fit_add('v1;bgnbd;1;0,0,5'::btyd_state, 1, 20)$$);

SET client_min_messages = warning;
DROP TABLE gg_sim, gg_sim_fit, gg_sim_parts, gg_fit;
DROP SCHEMA cdnow CASCADE;
RESET client_min_messages;
