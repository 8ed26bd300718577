-- bgnbd_fit: the BG/NBD model fitted by maximum likelihood (src/bgnbd.c,
-- src/optimize.c), its state btyd_state (src/btyd_state.c)
\set ECHO none
\i test/regress_helpers.sql
-- a fresh copy of the CDNOW sample (other tests load it too)
SET client_min_messages = warning;
DROP SCHEMA IF EXISTS cdnow CASCADE;
RESET client_min_messages;
\i test/cdnow.sql
\i test/btyd_simulate.sql
\set ECHO all

-- CDNOW (Fader, Hardie and Lee 2005): r = 0.243, alpha = 4.414, a = 0.793,
-- b = 2.426, LL = -9582.4; within 0.001 of each, LL >= -9582.43
SELECT round(r::numeric, 4) AS r, round(alpha::numeric, 4) AS alpha, round(a::numeric, 4) AS a,
       round(b::numeric, 4) AS b, round(log_likelihood::numeric, 4) AS ll, customers,
       abs(r - 0.243) <= 0.001 AND abs(alpha - 4.414) <= 0.001 AND abs(a - 0.793) <= 0.001
         AND abs(b - 2.426) <= 0.001 AS published_params, log_likelihood >= -9582.43 AS published_ll,
       iterations BETWEEN 1 AND 100 AS iterations_ok
FROM (SELECT (bgnbd_fit(x, t_x, t_cal)).* FROM cdnow.summary) f;
CREATE TABLE cd_fit AS SELECT (bgnbd_fit(x, t_x, t_cal)).* FROM cdnow.summary;

-- the log-likelihood is the published formula's (beta functions, plain SQL)
SELECT abs(f.log_likelihood - sum(pg_temp.bgnbd_ll(f.r, f.alpha, f.a, f.b, s.x, s.t_x, s.t_cal))) < 1e-8 AS same_ll
FROM cd_fit f, cdnow.summary s GROUP BY f.log_likelihood;

-- the optimum is stationary: central differences (step 1e-4 in each
-- log-parameter) of the plain-SQL log-likelihood are ~0 there and both
-- sides are lower; 1% off the optimum the slope is clearly not 0
CREATE FUNCTION pg_temp.cd_ll(r float8, alpha float8, a float8, b float8) RETURNS float8 LANGUAGE sql AS $$
  SELECT sum(pg_temp.bgnbd_ll(r, alpha, a, b, x, t_x, t_cal)) FROM cdnow.summary $$;
SELECT param, abs(up - down) / 2e-4 < 1e-2 AS flat_at_optimum, up < ll AND down < ll AS maximum,
       abs(up_off - down_off) / 2e-4 > 1 AS sloped_off_optimum
FROM cd_fit f, LATERAL (VALUES
  ('r', pg_temp.cd_ll(r * exp(1e-4), alpha, a, b), pg_temp.cd_ll(r * exp(-1e-4), alpha, a, b),
        pg_temp.cd_ll(r * 1.01 * exp(1e-4), alpha, a, b), pg_temp.cd_ll(r * 1.01 * exp(-1e-4), alpha, a, b)),
  ('alpha', pg_temp.cd_ll(r, alpha * exp(1e-4), a, b), pg_temp.cd_ll(r, alpha * exp(-1e-4), a, b),
        pg_temp.cd_ll(r, alpha * 1.01 * exp(1e-4), a, b), pg_temp.cd_ll(r, alpha * 1.01 * exp(-1e-4), a, b)),
  ('a', pg_temp.cd_ll(r, alpha, a * exp(1e-4), b), pg_temp.cd_ll(r, alpha, a * exp(-1e-4), b),
        pg_temp.cd_ll(r, alpha, a * 1.01 * exp(1e-4), b), pg_temp.cd_ll(r, alpha, a * 1.01 * exp(-1e-4), b)),
  ('b', pg_temp.cd_ll(r, alpha, a, b * exp(1e-4)), pg_temp.cd_ll(r, alpha, a, b * exp(-1e-4)),
        pg_temp.cd_ll(r, alpha, a, b * 1.01 * exp(1e-4)), pg_temp.cd_ll(r, alpha, a, b * 1.01 * exp(-1e-4))))
  v(param, up, down, up_off, down_off), LATERAL (SELECT f.log_likelihood AS ll) l;

-- the time unit scales alpha only: in days, alpha is 7 times larger and
-- the log-likelihood lower by ln(7) per repeat purchase
SELECT abs(d.r / w.r - 1) < 1e-6 AND abs(d.alpha / (7 * w.alpha) - 1) < 1e-6
       AND abs(d.a / w.a - 1) < 1e-6 AND abs(d.b / w.b - 1) < 1e-6 AS same_model_in_days,
       abs(d.log_likelihood - (w.log_likelihood - ln(7) * (SELECT sum(x) FROM cdnow.summary))) < 1e-6 AS ll_shifted
FROM cd_fit w, (SELECT (bgnbd_fit(x, t_x * 7, t_cal * 7)).* FROM cdnow.summary) d;

-- NULLs are skipped; x = 0 rows keep only T (their recency does not count)
SELECT bgnbd_fit(x, t, big_t) IS NOT DISTINCT FROM (SELECT bgnbd_fit(x, t_x, t_cal) FROM cdnow.summary) AS nulls_skipped
FROM (SELECT x, t_x::float8 AS t, t_cal::float8 AS big_t FROM cdnow.summary
      UNION ALL VALUES (NULL::int, 1::float8, 2::float8), (1, NULL, 2), (1, 1, NULL)) s;
SELECT bgnbd_fit_partial(x, t, big_t) FROM (VALUES (0, 0::float8, 10::float8), (0, 5, 10), (2, 3.5, 10), (0, -0.0, 10)) v(x, t, big_t);
SELECT bgnbd_fit(x, t_x, t_cal) AS no_rows FROM cdnow.summary WHERE false;
SELECT bgnbd_fit(NULL::int, NULL::float8, NULL::float8) AS nulls_only;

-- parameter recovery: 30,000 customers simulated from known parameters
-- (test/btyd_simulate.sql).  The tolerance is the likelihood-ratio test:
-- under the true model 2 (LL(fit) - LL(true)) is chi-squared with 4
-- degrees of freedom, so below 18.47 with probability 0.999 (over 8 seeds
-- it averaged 3.9, the chi-squared mean being 4).  Each parameter is also
-- within 4 standard deviations of the truth as seen over those 8 seeds
-- (r 7%, alpha 5%, a 10%, b 20%).
CREATE TABLE bg_sim AS SELECT * FROM pg_temp.btyd_simulate(30000, 0.25, 4.0, 0.8, 2.5, 52, 6, 4, 15, 0.5);
CREATE TABLE bg_sim_fit AS SELECT (bgnbd_fit(frequency, recency, age)).* FROM bg_sim;
SELECT count(*) AS customers, count(*) FILTER (WHERE frequency > 0) AS repeat_buyers FROM bg_sim;
SELECT round(r::numeric, 3) AS r, round(alpha::numeric, 3) AS alpha, round(a::numeric, 3) AS a, round(b::numeric, 3) AS b,
       2 * (log_likelihood - (SELECT sum(pg_temp.bgnbd_ll(0.25, 4, 0.8, 2.5, frequency, recency, age)) FROM bg_sim)) < 18.47 AS lr_test,
       abs(r / 0.25 - 1) < 0.07 AND abs(alpha / 4 - 1) < 0.05 AND abs(a / 0.8 - 1) < 0.10 AND abs(b / 2.5 - 1) < 0.20 AS near_truth
FROM bg_sim_fit;

-- the trio and merged parts give the serial fit bit for bit, through the
-- text form, in any split (the merged histogram is sorted)
CREATE TABLE bg_sim_parts AS SELECT customer % 7 AS part, bgnbd_fit_partial(frequency, recency, age) AS s FROM bg_sim GROUP BY 1;
SELECT bgnbd_fit_final(bgnbd_fit_merge(s))::text = (SELECT bgnbd_fit(frequency, recency, age)::text FROM bg_sim) AS trio,
       bgnbd_fit_final(bgnbd_fit_merge(s::text::btyd_state))::text = (SELECT bgnbd_fit(frequency, recency, age)::text FROM bg_sim) AS via_text,
       bgnbd_fit_merge(s)::text = (SELECT bgnbd_fit_partial(frequency, recency, age)::text FROM bg_sim) AS same_state
FROM bg_sim_parts;
SELECT bgnbd_fit_final(bgnbd_fit_merge(s ORDER BY part DESC))::text = bgnbd_fit_final(bgnbd_fit_merge(s ORDER BY part))::text AS order_free
FROM bg_sim_parts;
-- 10,000 one-customer parts and one part of 20,000, in both orders (a
-- small state is appended to the merged one, a comparable one merged
-- linearly)
SELECT bgnbd_fit_merge(s ORDER BY part)::text = (SELECT bgnbd_fit_partial(frequency, recency, age)::text FROM bg_sim) AS big_first,
       bgnbd_fit_merge(s ORDER BY part DESC)::text = (SELECT bgnbd_fit_partial(frequency, recency, age)::text FROM bg_sim) AS small_first
FROM (SELECT 0 AS part, bgnbd_fit_partial(frequency, recency, age) AS s FROM bg_sim WHERE customer <= 20000
      UNION ALL
      SELECT customer, bgnbd_fit_partial(frequency, recency, age) FROM bg_sim WHERE customer > 20000 GROUP BY customer) p;

-- round trips: text and binary (COPY BINARY uses send/recv)
CREATE TEMP TABLE bg_states AS SELECT bgnbd_fit_partial(frequency, recency, age) AS s FROM bg_sim;
SELECT s::text::btyd_state::text = s::text AS text_round_trip, length(s::text) > 100000 AS big FROM bg_states;
COPY bg_states TO '/tmp/customer_seg_regress_btyd.bin' WITH (FORMAT binary);
CREATE TEMP TABLE bg_states2 (LIKE bg_states);
COPY bg_states2 FROM '/tmp/customer_seg_regress_btyd.bin' WITH (FORMAT binary);
SELECT a.s::text = b.s::text AS binary_round_trip FROM bg_states a, bg_states2 b;
SELECT btyd_state_send('v1;bgnbd;3;0,0,38*2;2,30.5,38'::btyd_state);
SELECT pg_temp.binary_input('btyd_state', btyd_state_send('v1;bgnbd;3;0,0,38*2;2,30.5,38'::btyd_state)) AS from_binary;

-- forced parallel plan: the serial answer
SET max_parallel_workers_per_gather = 0;
CREATE TEMP TABLE serial AS SELECT bgnbd_fit(frequency, recency, age)::text AS f, bgnbd_fit_partial(frequency, recency, age)::text AS s FROM bg_sim;
:force_parallel_plan
EXPLAIN (COSTS OFF) SELECT bgnbd_fit(frequency, recency, age) FROM bg_sim;
SELECT f = (SELECT bgnbd_fit(frequency, recency, age)::text FROM bg_sim) AS parallel_fit,
       s = (SELECT bgnbd_fit_partial(frequency, recency, age)::text FROM bg_sim) AS parallel_state
FROM serial;
RESET ALL;

-- bad input: the values and a hint
SELECT pg_temp.expect_error($$SELECT bgnbd_fit(x, t, big_t) FROM (VALUES (-1, 0::float8, 1::float8)) v(x, t, big_t)$$);
SELECT pg_temp.expect_error($$SELECT bgnbd_fit(x, t, big_t) FROM (VALUES (1, -1::float8, 1::float8)) v(x, t, big_t)$$);
SELECT pg_temp.expect_error($$SELECT bgnbd_fit(x, t, big_t) FROM (VALUES (1, 3::float8, 2::float8)) v(x, t, big_t)$$);
SELECT pg_temp.expect_error($$SELECT bgnbd_fit(x, t, big_t) FROM (VALUES (1, 'NaN'::float8, 2::float8)) v(x, t, big_t)$$);
SELECT pg_temp.expect_error($$SELECT bgnbd_fit(x, t, big_t) FROM (VALUES (1, 1::float8, 'infinity'::float8)) v(x, t, big_t)$$);
-- data that cannot identify the model
SELECT pg_temp.expect_error($$SELECT bgnbd_fit(0, 0, t_cal) FROM cdnow.summary$$);
SELECT pg_temp.expect_error($$SELECT bgnbd_fit(2, 10, 30) FROM cdnow.summary$$);
SELECT pg_temp.expect_error($$SELECT bgnbd_fit(x, t, big_t) FROM (VALUES (1, 1e-300::float8, 1e300::float8), (2, 1e-300, 1e300)) v(x, t, big_t)$$);
-- their details: what was seen
SELECT pg_temp.input_outcome($$SELECT bgnbd_fit(0, 0, t_cal) FROM cdnow.summary$$);
SELECT pg_temp.input_outcome($$SELECT bgnbd_fit(2, 10, 30) FROM cdnow.summary$$);
SELECT pg_temp.input_outcome($$SELECT bgnbd_fit(x, t, big_t) FROM (VALUES (1, 1e-300::float8, 1e300::float8), (2, 1e-300, 1e300)) v(x, t, big_t)$$);
-- states of the other model, malformed states
SELECT pg_temp.expect_error($$SELECT bgnbd_fit_final('v1;gamma_gamma;1;1,20'::btyd_state)$$);
SELECT pg_temp.expect_error($$SELECT bgnbd_fit_merge(s) FROM (VALUES ('v1;gamma_gamma;1;1,20'::btyd_state), ('v1;bgnbd;1;0,0,5')) v(s)$$);
SELECT pg_temp.expect_error($$SELECT bgnbd_fit_add('v1;gamma_gamma;1;1,20'::btyd_state, 1, 1, 2)$$);
SELECT t, pg_temp.input_outcome(format('SELECT %L::btyd_state', t)) FROM (VALUES
  ('v1;bgnbd;0'), ('v1;gamma_gamma;0'), ('v1;bgnbd;2;1,0.5,3*2'), ('v2;bgnbd;0'), ('v1;pareto;0'),
  ('v1;bgnbd;2;1,0.5,3'), ('v1;bgnbd;2;1,0.5,3;1,0.5,3'), ('v1;bgnbd;2;2,0.5,3;1,0.5,3'),
  ('v1;bgnbd;1;0,1,3'), ('v1;bgnbd;1;1,4,3'), ('v1;bgnbd;1;1,-0,3'), ('v1;bgnbd;1;-1,0,3'),
  ('v1;bgnbd;1;1,0.5,3*0'), ('v1;bgnbd;1;1,0.5'), ('v1;bgnbd;1;1,0.5,3,4'), ('v1;bgnbd;1;1,nan,3'),
  ('v1;gamma_gamma;1;0,20'), ('v1;gamma_gamma;1;1,0'), ('v1;gamma_gamma;1;1,20,0'), ('v1;bgnbd;1;1,0.5,3;'),
  ('v1;bgnbd;1; 1,0.5,3'), ('v1;bgnbd;1;1,+0.5,3')) v(t);
SELECT pg_temp.input_outcome($$SELECT pg_temp.binary_input('btyd_state', '\x0101'::bytea)$$);
SELECT pg_temp.input_outcome($$SELECT pg_temp.binary_input('btyd_state', '\x0102' || int8send(1) || int8send(1)
  || float8send(0) || float8send(20) || float8send(0) || int8send(1))$$);

SET client_min_messages = warning;
DROP TABLE bg_sim, bg_sim_fit, bg_sim_parts, cd_fit;
DROP SCHEMA cdnow CASCADE;
RESET client_min_messages;
