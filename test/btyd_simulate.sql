-- test/btyd_simulate.sql: a deterministic simulator of the BG/NBD and
-- Gamma-Gamma models, and their log-likelihoods in plain SQL, for the
-- parameter-recovery tests (sql/bgnbd.sql, sql/gamma_gamma.sql) and the
-- fit benchmark (test/bench.d/btyd.sql).  Everything is created in pg_temp.
--
-- pg_temp.btyd_simulate(customers, r, alpha, a, b, horizon, p, q, gamma, seed)
-- draws, for each customer, a purchase rate lambda ~ gamma(shape r, rate
-- alpha) and a drop-out probability ~ beta(a, b); the customer arrives at a
-- time uniform in [0, horizon / 3), buys at the Poisson rate lambda and,
-- after each purchase, drops out with that probability; observed until
-- horizon.  Each repeat purchase's value is gamma(shape p, rate nu) with the
-- customer's nu ~ gamma(shape q, rate gamma).  Returns (frequency, recency,
-- age, monetary_value): x repeat purchases, the time of the last one and the
-- age since the first, the mean value of the repeat purchases (NULL when
-- x = 0).  random() after setseed(seed): the same rows on every run.

-- a gamma(shape k, rate 1) draw (Marsaglia and Tsang 2000; k < 1 through
-- G(k + 1) U^(1/k)), normals by Box-Muller
CREATE FUNCTION pg_temp.rgamma(k float8) RETURNS float8 LANGUAGE plpgsql AS $$
DECLARE
    d float8;
    c float8;
    x float8;
    v float8;
    u float8;
    boost float8 := 1;
BEGIN
    IF k < 1 THEN
        boost := power(1 - random(), 1 / k);
        k := k + 1;
    END IF;
    d := k - 1.0 / 3;
    c := 1 / sqrt(9 * d);
    LOOP
        LOOP
            x := sqrt(-2 * ln(1 - random())) * cos(2 * pi() * random());
            v := 1 + c * x;
            EXIT WHEN v > 0;
        END LOOP;
        v := v * v * v;
        u := 1 - random();
        IF ln(u) < 0.5 * x * x + d - d * v + d * ln(v) THEN
            RETURN d * v * boost;
        END IF;
    END LOOP;
END $$;

CREATE FUNCTION pg_temp.btyd_simulate(customers int, r float8, alpha float8, a float8, b float8,
    horizon float8, p float8, q float8, gamma float8, seed float8)
RETURNS TABLE (customer int, frequency int, recency float8, age float8, monetary_value float8)
LANGUAGE plpgsql AS $$
DECLARE
    lambda float8;
    pdrop float8;
    nu float8;
    g1 float8;
    t float8;
    total float8;
BEGIN
    PERFORM setseed(seed);
    FOR i IN 1 .. customers LOOP
        customer := i;
        lambda := pg_temp.rgamma(r) / alpha;
        g1 := pg_temp.rgamma(a);
        pdrop := g1 / (g1 + pg_temp.rgamma(b));
        nu := pg_temp.rgamma(q) / gamma;
        age := horizon - horizon / 3 * random();
        frequency := 0;
        recency := 0;
        total := 0;
        t := 0;
        -- alive after the first purchase; drop out after each repeat one
        LOOP
            t := t - ln(1 - random()) / lambda;
            EXIT WHEN t > age;
            frequency := frequency + 1;
            recency := t;
            total := total + pg_temp.rgamma(p) / nu;
            EXIT WHEN random() < pdrop;
        END LOOP;
        monetary_value := CASE WHEN frequency > 0 THEN total / frequency END;
        RETURN NEXT;
    END LOOP;
END $$;

-- ln(Gamma(x)), x > 0: Lanczos (g = 7, 9 terms), about 1e-15 relative
CREATE FUNCTION pg_temp.lngamma(x float8) RETURNS float8 LANGUAGE sql IMMUTABLE AS $$
  SELECT CASE WHEN x < 0.5 THEN pg_temp.lngamma(x + 1) - ln(x) ELSE
    0.5 * ln(2 * pi()) + (x - 0.5) * ln(x + 6.5) - (x + 6.5) + ln(
      0.99999999999980993 + 676.5203681218851 / x - 1259.1392167224028 / (x + 1)
      + 771.32342877765313 / (x + 2) - 176.61502916214059 / (x + 3)
      + 12.507343278686905 / (x + 4) - 0.13857109526572012 / (x + 5)
      + 9.9843695780195716e-6 / (x + 6) + 1.5056327351493116e-7 / (x + 7)) END $$;

-- a customer's BG/NBD log-likelihood, the published formula with beta functions
CREATE FUNCTION pg_temp.bgnbd_ll(r float8, alpha float8, a float8, b float8, x int, t_x float8, big_t float8)
RETURNS float8 LANGUAGE sql IMMUTABLE AS $$
  SELECT pg_temp.lngamma(r + x) - pg_temp.lngamma(r) + r * ln(alpha) + ln(
      exp(pg_temp.lngamma(a + b) + pg_temp.lngamma(b + x) - pg_temp.lngamma(b) - pg_temp.lngamma(a + b + x)
          - (r + x) * ln(alpha + big_t))
    + CASE WHEN x > 0 THEN exp(pg_temp.lngamma(a + b) + pg_temp.lngamma(a + 1) + pg_temp.lngamma(b + x - 1)
          - pg_temp.lngamma(a) - pg_temp.lngamma(b) - pg_temp.lngamma(a + b + x)
          - (r + x) * ln(alpha + t_x)) ELSE 0 END) $$;

-- a repeat buyer's Gamma-Gamma log-likelihood
CREATE FUNCTION pg_temp.gamma_gamma_ll(p float8, q float8, g float8, x int, m float8)
RETURNS float8 LANGUAGE sql IMMUTABLE AS $$
  SELECT pg_temp.lngamma(p * x + q) - pg_temp.lngamma(p * x) - pg_temp.lngamma(q) + q * ln(g)
       + (p * x - 1) * ln(m) + p * x * ln(x) - (p * x + q) * ln(g + m * x) $$;
