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
-- Summaries from transactions (src/purchase_summary.c): purchase_summary
-- turns a customer's transactions into the models' inputs.
-- ---------------------------------------------------------------------------
CREATE TYPE @extschema@.purchase_summary_row AS (
    frequency      pg_catalog.int4,     -- repeat purchases: purchase days - 1
    recency        pg_catalog.float8,   -- first to last purchase, in units
    age            pg_catalog.float8,   -- first purchase to as_of, in units
    monetary_value pg_catalog.numeric,  -- mean amount of the repeat purchase days
    first_purchase pg_catalog.date,
    last_purchase  pg_catalog.date
);
COMMENT ON TYPE @extschema@.purchase_summary_row IS
'A customer''s purchases as of a date (purchase_summary): frequency (purchase days after the first), recency and age (from the first purchase to the last and to as_of, in units of unit_days), the mean amount of the repeat purchase days, the first and last purchase dates';

-- purchase_state: one entry per purchase day
CREATE TYPE @extschema@.purchase_state;
CREATE FUNCTION @extschema@.purchase_state_in(pg_catalog.cstring) RETURNS @extschema@.purchase_state
AS 'MODULE_PATHNAME', 'cs_purchase_state_in' LANGUAGE C IMMUTABLE STRICT PARALLEL SAFE;
CREATE FUNCTION @extschema@.purchase_state_out(@extschema@.purchase_state) RETURNS pg_catalog.cstring
AS 'MODULE_PATHNAME', 'cs_purchase_state_out' LANGUAGE C IMMUTABLE STRICT PARALLEL SAFE;
CREATE FUNCTION @extschema@.purchase_state_recv(pg_catalog.internal) RETURNS @extschema@.purchase_state
AS 'MODULE_PATHNAME', 'cs_purchase_state_recv' LANGUAGE C IMMUTABLE STRICT PARALLEL SAFE;
CREATE FUNCTION @extschema@.purchase_state_send(@extschema@.purchase_state) RETURNS pg_catalog.bytea
AS 'MODULE_PATHNAME', 'cs_purchase_state_send' LANGUAGE C IMMUTABLE STRICT PARALLEL SAFE;
CREATE TYPE @extschema@.purchase_state (
    INPUT = @extschema@.purchase_state_in, OUTPUT = @extschema@.purchase_state_out,
    RECEIVE = @extschema@.purchase_state_recv, SEND = @extschema@.purchase_state_send,
    INTERNALLENGTH = VARIABLE, ALIGNMENT = double, STORAGE = extended);
COMMENT ON TYPE @extschema@.purchase_state IS
'state of purchase_summary: v1;as_of;unit_days;day,scale,key,... (dates as day numbers from 2000-01-01, one entry per purchase day in date order, amount sums in units of 0.0001)';
COMMENT ON FUNCTION @extschema@.purchase_state_in(pg_catalog.cstring) IS 'purchase_state text input';
COMMENT ON FUNCTION @extschema@.purchase_state_out(@extschema@.purchase_state) IS 'purchase_state text output (exact)';
COMMENT ON FUNCTION @extschema@.purchase_state_recv(pg_catalog.internal) IS 'purchase_state binary input';
COMMENT ON FUNCTION @extschema@.purchase_state_send(@extschema@.purchase_state) IS 'purchase_state binary output';

CREATE FUNCTION @extschema@.purchase_summary_add(@extschema@.purchase_state, pg_catalog.date, pg_catalog.numeric,
    pg_catalog.date)
RETURNS @extschema@.purchase_state
AS 'MODULE_PATHNAME', 'cs_purchase_add' LANGUAGE C IMMUTABLE PARALLEL SAFE;
COMMENT ON FUNCTION @extschema@.purchase_summary_add(@extschema@.purchase_state, pg_catalog.date, pg_catalog.numeric, pg_catalog.date) IS
'aggregate transition function of purchase_summary and purchase_summary_partial';
CREATE FUNCTION @extschema@.purchase_summary_add(@extschema@.purchase_state, pg_catalog.date, pg_catalog.numeric,
    pg_catalog.date, pg_catalog.int4)
RETURNS @extschema@.purchase_state
AS 'MODULE_PATHNAME', 'cs_purchase_add' LANGUAGE C IMMUTABLE PARALLEL SAFE;
COMMENT ON FUNCTION @extschema@.purchase_summary_add(@extschema@.purchase_state, pg_catalog.date, pg_catalog.numeric, pg_catalog.date, pg_catalog.int4) IS
'aggregate transition function of purchase_summary with unit_days';
CREATE FUNCTION @extschema@.purchase_summary_combine(@extschema@.purchase_state, @extschema@.purchase_state)
RETURNS @extschema@.purchase_state
AS 'MODULE_PATHNAME', 'cs_purchase_combine' LANGUAGE C IMMUTABLE STRICT PARALLEL SAFE;
COMMENT ON FUNCTION @extschema@.purchase_summary_combine(@extschema@.purchase_state, @extschema@.purchase_state) IS
'aggregate combine function of purchase_summary: merges two states of one as_of';

-- purchase_summary_final(state) is the aggregates' final function;
-- purchase_summary_final(state, unit_days) with a NULL unit_days is the same
-- (an aggregate cannot have a parameter default, so the one-argument form
-- stands for unit_days DEFAULT 1).
CREATE FUNCTION @extschema@.purchase_summary_final(state @extschema@.purchase_state)
RETURNS @extschema@.purchase_summary_row
AS 'MODULE_PATHNAME', 'cs_purchase_final' LANGUAGE C IMMUTABLE STRICT PARALLEL SAFE;
COMMENT ON FUNCTION @extschema@.purchase_summary_final(@extschema@.purchase_state) IS
'purchase_summary_row from a purchase_summary state, in days (or in the unit the aggregate was given); NULL when no row qualified';
CREATE FUNCTION @extschema@.purchase_summary_final(state @extschema@.purchase_state, unit_days pg_catalog.int4)
RETURNS @extschema@.purchase_summary_row
AS 'MODULE_PATHNAME', 'cs_purchase_final' LANGUAGE C IMMUTABLE PARALLEL SAFE;
COMMENT ON FUNCTION @extschema@.purchase_summary_final(@extschema@.purchase_state, pg_catalog.int4) IS
'purchase_summary_row from a purchase_summary state in units of unit_days (NULL: 1); NULL when no row qualified';

CREATE AGGREGATE @extschema@.purchase_summary(purchased pg_catalog.date, amount pg_catalog.numeric,
    as_of pg_catalog.date) (
    SFUNC = @extschema@.purchase_summary_add, STYPE = @extschema@.purchase_state,
    COMBINEFUNC = @extschema@.purchase_summary_combine,
    FINALFUNC = @extschema@.purchase_summary_final,
    INITCOND = 'v1', PARALLEL = SAFE);
COMMENT ON AGGREGATE @extschema@.purchase_summary(pg_catalog.date, pg_catalog.numeric, pg_catalog.date) IS
'a customer''s transactions as of a date, summarised in days into the BG/NBD and Gamma-Gamma inputs (rows after as_of ignored; one purchase a day)';
CREATE AGGREGATE @extschema@.purchase_summary(purchased pg_catalog.date, amount pg_catalog.numeric,
    as_of pg_catalog.date, unit_days pg_catalog.int4) (
    SFUNC = @extschema@.purchase_summary_add, STYPE = @extschema@.purchase_state,
    COMBINEFUNC = @extschema@.purchase_summary_combine,
    FINALFUNC = @extschema@.purchase_summary_final,
    INITCOND = 'v1', PARALLEL = SAFE);
COMMENT ON AGGREGATE @extschema@.purchase_summary(pg_catalog.date, pg_catalog.numeric, pg_catalog.date, pg_catalog.int4) IS
'a customer''s transactions as of a date, summarised into the BG/NBD and Gamma-Gamma inputs with recency and age in units of unit_days (7: weeks; NULL: 1)';
CREATE AGGREGATE @extschema@.purchase_summary_partial(purchased pg_catalog.date, amount pg_catalog.numeric,
    as_of pg_catalog.date) (
    SFUNC = @extschema@.purchase_summary_add, STYPE = @extschema@.purchase_state,
    COMBINEFUNC = @extschema@.purchase_summary_combine,
    INITCOND = 'v1', PARALLEL = SAFE);
COMMENT ON AGGREGATE @extschema@.purchase_summary_partial(pg_catalog.date, pg_catalog.numeric, pg_catalog.date) IS
'purchase_summary state as a value, to store per month or shard: merge with purchase_summary_merge, read with purchase_summary_final';
CREATE AGGREGATE @extschema@.purchase_summary_merge(state @extschema@.purchase_state) (
    SFUNC = @extschema@.purchase_summary_combine, STYPE = @extschema@.purchase_state,
    COMBINEFUNC = @extschema@.purchase_summary_combine, PARALLEL = SAFE);
COMMENT ON AGGREGATE @extschema@.purchase_summary_merge(@extschema@.purchase_state) IS
'merge stored purchase_summary states of one as_of; read with purchase_summary_final';

---------------------------------------------------------------------------
-- Fitting the models (src/btyd_state.c, optimize.c, bgnbd.c, gamma_gamma.c)
---------------------------------------------------------------------------

-- btyd_state: the state of bgnbd_fit and gamma_gamma_fit, a histogram of
-- the distinct (frequency, recency, age) or (frequency, monetary value)
-- keys with their counts, sorted
CREATE TYPE @extschema@.btyd_state;
CREATE FUNCTION @extschema@.btyd_state_in(pg_catalog.cstring) RETURNS @extschema@.btyd_state
AS 'MODULE_PATHNAME', 'cs_btyd_in' LANGUAGE C IMMUTABLE STRICT PARALLEL SAFE;
CREATE FUNCTION @extschema@.btyd_state_out(@extschema@.btyd_state) RETURNS pg_catalog.cstring
AS 'MODULE_PATHNAME', 'cs_btyd_out' LANGUAGE C IMMUTABLE STRICT PARALLEL SAFE;
CREATE FUNCTION @extschema@.btyd_state_recv(pg_catalog.internal) RETURNS @extschema@.btyd_state
AS 'MODULE_PATHNAME', 'cs_btyd_recv' LANGUAGE C IMMUTABLE STRICT PARALLEL SAFE;
CREATE FUNCTION @extschema@.btyd_state_send(@extschema@.btyd_state) RETURNS pg_catalog.bytea
AS 'MODULE_PATHNAME', 'cs_btyd_send' LANGUAGE C IMMUTABLE STRICT PARALLEL SAFE;
CREATE TYPE @extschema@.btyd_state (
    INPUT = @extschema@.btyd_state_in, OUTPUT = @extschema@.btyd_state_out,
    RECEIVE = @extschema@.btyd_state_recv, SEND = @extschema@.btyd_state_send,
    INTERNALLENGTH = VARIABLE, ALIGNMENT = double, STORAGE = extended);
COMMENT ON TYPE @extschema@.btyd_state IS
'state of bgnbd_fit and gamma_gamma_fit: the distinct keys with their counts, v1;bgnbd;n;x,t_x,T*count;... or v1;gamma_gamma;n;x,m*count;...';
COMMENT ON FUNCTION @extschema@.btyd_state_in(pg_catalog.cstring) IS 'btyd_state text input';
COMMENT ON FUNCTION @extschema@.btyd_state_out(@extschema@.btyd_state) IS 'btyd_state text output (exact)';
COMMENT ON FUNCTION @extschema@.btyd_state_recv(pg_catalog.internal) IS 'btyd_state binary input';
COMMENT ON FUNCTION @extschema@.btyd_state_send(@extschema@.btyd_state) IS 'btyd_state binary output';

CREATE FUNCTION @extschema@.btyd_state_combine(@extschema@.btyd_state, @extschema@.btyd_state)
RETURNS @extschema@.btyd_state
AS 'MODULE_PATHNAME', 'cs_btyd_combine' LANGUAGE C IMMUTABLE STRICT PARALLEL SAFE;
COMMENT ON FUNCTION @extschema@.btyd_state_combine(@extschema@.btyd_state, @extschema@.btyd_state) IS
'aggregate combine function of bgnbd_fit and gamma_gamma_fit: adds the counts of two states of one kind';

-- bgnbd_fit
CREATE FUNCTION @extschema@.bgnbd_fit_add(state @extschema@.btyd_state, frequency pg_catalog.int4,
    recency pg_catalog.float8, age pg_catalog.float8)
RETURNS @extschema@.btyd_state
AS 'MODULE_PATHNAME', 'cs_bgnbd_fit_add' LANGUAGE C IMMUTABLE PARALLEL SAFE;
COMMENT ON FUNCTION @extschema@.bgnbd_fit_add(@extschema@.btyd_state, pg_catalog.int4, pg_catalog.float8, pg_catalog.float8) IS
'aggregate transition function of bgnbd_fit: adds a customer''s (frequency, recency, age)';
CREATE FUNCTION @extschema@.bgnbd_fit_final(state @extschema@.btyd_state)
RETURNS @extschema@.bgnbd_row
AS 'MODULE_PATHNAME', 'cs_bgnbd_fit_final' LANGUAGE C IMMUTABLE STRICT PARALLEL SAFE;
COMMENT ON FUNCTION @extschema@.bgnbd_fit_final(@extschema@.btyd_state) IS
'fits the BG/NBD model to a bgnbd_fit_partial state (maximum likelihood)';
CREATE AGGREGATE @extschema@.bgnbd_fit(frequency pg_catalog.int4, recency pg_catalog.float8, age pg_catalog.float8) (
    SFUNC = @extschema@.bgnbd_fit_add, STYPE = @extschema@.btyd_state,
    FINALFUNC = @extschema@.bgnbd_fit_final,
    COMBINEFUNC = @extschema@.btyd_state_combine, PARALLEL = SAFE);
COMMENT ON AGGREGATE @extschema@.bgnbd_fit(pg_catalog.int4, pg_catalog.float8, pg_catalog.float8) IS
'fits the BG/NBD purchase and drop-out model (r, alpha, a, b) to customers'' frequency, recency and age by maximum likelihood';
CREATE AGGREGATE @extschema@.bgnbd_fit_partial(frequency pg_catalog.int4, recency pg_catalog.float8, age pg_catalog.float8) (
    SFUNC = @extschema@.bgnbd_fit_add, STYPE = @extschema@.btyd_state,
    COMBINEFUNC = @extschema@.btyd_state_combine, PARALLEL = SAFE);
COMMENT ON AGGREGATE @extschema@.bgnbd_fit_partial(pg_catalog.int4, pg_catalog.float8, pg_catalog.float8) IS
'the state of bgnbd_fit, to store or merge; fit it with bgnbd_fit_final';
CREATE AGGREGATE @extschema@.bgnbd_fit_merge(state @extschema@.btyd_state) (
    SFUNC = @extschema@.btyd_state_combine, STYPE = @extschema@.btyd_state,
    COMBINEFUNC = @extschema@.btyd_state_combine, PARALLEL = SAFE);
COMMENT ON AGGREGATE @extschema@.bgnbd_fit_merge(@extschema@.btyd_state) IS
'merges bgnbd_fit_partial states; fit the result with bgnbd_fit_final';

-- gamma_gamma_fit
CREATE FUNCTION @extschema@.gamma_gamma_fit_add(state @extschema@.btyd_state, frequency pg_catalog.int4,
    monetary_value pg_catalog.float8)
RETURNS @extschema@.btyd_state
AS 'MODULE_PATHNAME', 'cs_gamma_gamma_fit_add' LANGUAGE C IMMUTABLE PARALLEL SAFE;
COMMENT ON FUNCTION @extschema@.gamma_gamma_fit_add(@extschema@.btyd_state, pg_catalog.int4, pg_catalog.float8) IS
'aggregate transition function of gamma_gamma_fit: adds a repeat buyer''s (frequency, monetary value)';
CREATE FUNCTION @extschema@.gamma_gamma_fit_final(state @extschema@.btyd_state)
RETURNS @extschema@.gamma_gamma_row
AS 'MODULE_PATHNAME', 'cs_gamma_gamma_fit_final' LANGUAGE C IMMUTABLE STRICT PARALLEL SAFE;
COMMENT ON FUNCTION @extschema@.gamma_gamma_fit_final(@extschema@.btyd_state) IS
'fits the Gamma-Gamma spend model to a gamma_gamma_fit_partial state (maximum likelihood)';
CREATE AGGREGATE @extschema@.gamma_gamma_fit(frequency pg_catalog.int4, monetary_value pg_catalog.float8) (
    SFUNC = @extschema@.gamma_gamma_fit_add, STYPE = @extschema@.btyd_state,
    FINALFUNC = @extschema@.gamma_gamma_fit_final,
    COMBINEFUNC = @extschema@.btyd_state_combine, PARALLEL = SAFE);
COMMENT ON AGGREGATE @extschema@.gamma_gamma_fit(pg_catalog.int4, pg_catalog.float8) IS
'fits the Gamma-Gamma spend model (p, q, gamma) to repeat buyers'' frequency and average spend by maximum likelihood';
CREATE AGGREGATE @extschema@.gamma_gamma_fit_partial(frequency pg_catalog.int4, monetary_value pg_catalog.float8) (
    SFUNC = @extschema@.gamma_gamma_fit_add, STYPE = @extschema@.btyd_state,
    COMBINEFUNC = @extschema@.btyd_state_combine, PARALLEL = SAFE);
COMMENT ON AGGREGATE @extschema@.gamma_gamma_fit_partial(pg_catalog.int4, pg_catalog.float8) IS
'the state of gamma_gamma_fit, to store or merge; fit it with gamma_gamma_fit_final';
CREATE AGGREGATE @extschema@.gamma_gamma_fit_merge(state @extschema@.btyd_state) (
    SFUNC = @extschema@.btyd_state_combine, STYPE = @extschema@.btyd_state,
    COMBINEFUNC = @extschema@.btyd_state_combine, PARALLEL = SAFE);
COMMENT ON AGGREGATE @extschema@.gamma_gamma_fit_merge(@extschema@.btyd_state) IS
'merges gamma_gamma_fit_partial states; fit the result with gamma_gamma_fit_final';
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
