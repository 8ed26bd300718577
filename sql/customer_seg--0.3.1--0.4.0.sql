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
