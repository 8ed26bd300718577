-- customer_seg 0.3.1 -> 0.4.0: churn and lifetime value (BG/NBD and
-- Gamma-Gamma), fitted by aggregates over per-customer purchase summaries.
\echo Use "ALTER EXTENSION customer_seg UPDATE TO '0.4.0'" to load this file. \quit

-- The fitted parameters of each model, what the fit aggregates return and
-- what the prediction functions take.  Time is in the unit of the summaries
-- the model was fitted on (days, weeks, ...).
CREATE TYPE @extschema@.bgnbd_row AS (
    r              pg_catalog.float8,   -- shape of the purchase-rate gamma
    alpha          pg_catalog.float8,   -- scale of the purchase-rate gamma (time units)
    a              pg_catalog.float8,   -- beta of the drop-out probability
    b              pg_catalog.float8,
    log_likelihood pg_catalog.float8,
    customers      pg_catalog.int8,     -- summaries fitted
    iterations     pg_catalog.int4      -- optimiser iterations used
);
COMMENT ON TYPE @extschema@.bgnbd_row IS
'A fitted BG/NBD model (bgnbd_fit): r, alpha (purchase rate ~ gamma(r, alpha)), a, b (drop-out probability after each purchase ~ beta(a, b)), the log-likelihood, the customers fitted and the optimiser''s iterations';

CREATE TYPE @extschema@.gamma_gamma_row AS (
    p              pg_catalog.float8,   -- shape of the spend per purchase
    q              pg_catalog.float8,   -- shape of the customer's mean-spend gamma
    gamma          pg_catalog.float8,   -- scale of the customer's mean-spend gamma
    log_likelihood pg_catalog.float8,
    customers      pg_catalog.int8,     -- repeat buyers fitted
    iterations     pg_catalog.int4
);
COMMENT ON TYPE @extschema@.gamma_gamma_row IS
'A fitted Gamma-Gamma spend model (gamma_gamma_fit): p, q, gamma, the log-likelihood, the repeat buyers fitted and the optimiser''s iterations';

-- ---------------------------------------------------------------------------
-- Predictions (src/clv.c): scalar functions of a fitted model and one
-- customer's summary (frequency, recency, age in the model's time unit).  A
-- call site checks its model once and keeps it while the row's bytes stay
-- the same.
-- ---------------------------------------------------------------------------
CREATE FUNCTION @extschema@.bgnbd_p_alive(model @extschema@.bgnbd_row, frequency pg_catalog.int4,
                                          recency pg_catalog.float8, age pg_catalog.float8)
RETURNS pg_catalog.float8
AS 'MODULE_PATHNAME', 'bgnbd_p_alive'
LANGUAGE C IMMUTABLE STRICT PARALLEL SAFE;
COMMENT ON FUNCTION @extschema@.bgnbd_p_alive(@extschema@.bgnbd_row, pg_catalog.int4, pg_catalog.float8, pg_catalog.float8) IS
'The probability that a customer with this summary (repeat purchases, recency, age) has not dropped out, under a fitted BG/NBD model';

CREATE FUNCTION @extschema@.bgnbd_expected_purchases(model @extschema@.bgnbd_row, frequency pg_catalog.int4,
                                                     recency pg_catalog.float8, age pg_catalog.float8,
                                                     horizon pg_catalog.float8)
RETURNS pg_catalog.float8
AS 'MODULE_PATHNAME', 'bgnbd_expected_purchases'
LANGUAGE C IMMUTABLE STRICT PARALLEL SAFE;
COMMENT ON FUNCTION @extschema@.bgnbd_expected_purchases(@extschema@.bgnbd_row, pg_catalog.int4, pg_catalog.float8, pg_catalog.float8, pg_catalog.float8) IS
'The expected purchases of a customer with this summary in the next horizon time units, under a fitted BG/NBD model';

CREATE FUNCTION @extschema@.bgnbd_expected_purchases_new(model @extschema@.bgnbd_row, horizon pg_catalog.float8)
RETURNS pg_catalog.float8
AS 'MODULE_PATHNAME', 'bgnbd_expected_purchases_new'
LANGUAGE C IMMUTABLE STRICT PARALLEL SAFE;
COMMENT ON FUNCTION @extschema@.bgnbd_expected_purchases_new(@extschema@.bgnbd_row, pg_catalog.float8) IS
'The expected repeat purchases of a new customer in its first horizon time units, under a fitted BG/NBD model';

CREATE FUNCTION @extschema@.gamma_gamma_expected_value(model @extschema@.gamma_gamma_row, frequency pg_catalog.int4,
                                                       monetary_value pg_catalog.float8)
RETURNS pg_catalog.float8
AS 'MODULE_PATHNAME', 'gamma_gamma_expected_value'
LANGUAGE C IMMUTABLE PARALLEL SAFE;
COMMENT ON FUNCTION @extschema@.gamma_gamma_expected_value(@extschema@.gamma_gamma_row, pg_catalog.int4, pg_catalog.float8) IS
'The expected spend per purchase of a customer with this many repeat purchases of this average value, under a fitted Gamma-Gamma model; the population''s mean for frequency 0';

CREATE FUNCTION @extschema@.customer_lifetime_value(bgnbd @extschema@.bgnbd_row, spend @extschema@.gamma_gamma_row,
                                                    frequency pg_catalog.int4, recency pg_catalog.float8,
                                                    age pg_catalog.float8, monetary_value pg_catalog.float8,
                                                    periods pg_catalog.int4, period_length pg_catalog.float8,
                                                    discount_rate pg_catalog.float8 DEFAULT 0)
RETURNS pg_catalog.float8
AS 'MODULE_PATHNAME', 'customer_lifetime_value'
LANGUAGE C IMMUTABLE PARALLEL SAFE;
COMMENT ON FUNCTION @extschema@.customer_lifetime_value(@extschema@.bgnbd_row, @extschema@.gamma_gamma_row, pg_catalog.int4, pg_catalog.float8, pg_catalog.float8, pg_catalog.float8, pg_catalog.int4, pg_catalog.float8, pg_catalog.float8) IS
'The discounted expected spend of a customer over periods periods of period_length time units: expected spend per purchase times the expected purchases of each period, discounted at discount_rate per period';
