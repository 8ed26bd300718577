/* customer_seg install script (the build copies it to customer_seg--<version>.sql) */

\echo Use "CREATE EXTENSION customer_seg" to load this file. \quit

--------------------------------------------------------------------------
-- Net value (src/net_value.c)
--------------------------------------------------------------------------

CREATE FUNCTION @extschema@.net_value(revenue pg_catalog.numeric, cost pg_catalog.numeric)
RETURNS pg_catalog.numeric
AS 'MODULE_PATHNAME', 'cs_net_value'
LANGUAGE C IMMUTABLE STRICT PARALLEL SAFE;

COMMENT ON FUNCTION @extschema@.net_value(pg_catalog.numeric, pg_catalog.numeric) IS
'customer net value: revenue (commission income) minus the cost of serving the customer; exact; NaN or infinite input is an error';

CREATE FUNCTION @extschema@.economic_profit(
    revenue pg_catalog.numeric,
    operating_cost pg_catalog.numeric,
    funding_balance pg_catalog.numeric DEFAULT 0,
    ftp_rate pg_catalog.numeric DEFAULT 0,
    capital pg_catalog.numeric DEFAULT 0,
    hurdle_rate pg_catalog.numeric DEFAULT 0,
    expected_loss pg_catalog.numeric DEFAULT 0)
RETURNS pg_catalog.numeric
AS 'MODULE_PATHNAME', 'cs_economic_profit'
LANGUAGE C IMMUTABLE STRICT PARALLEL SAFE;

COMMENT ON FUNCTION @extschema@.economic_profit(pg_catalog.numeric, pg_catalog.numeric, pg_catalog.numeric, pg_catalog.numeric, pg_catalog.numeric, pg_catalog.numeric, pg_catalog.numeric) IS
'risk-adjusted economic profit: revenue - operating_cost - funding_balance*ftp_rate - capital*hurdle_rate - expected_loss; rates and expected loss must be non-negative';

--------------------------------------------------------------------------
-- Value tiers and concentration (src/valuekey.c, src/value_summary.c,
-- src/tiers.c, src/concentration.c)
--------------------------------------------------------------------------

CREATE TYPE @extschema@.value_tier AS ENUM ('vip', 'important', 'general', 'potential', 'no_value');
COMMENT ON TYPE @extschema@.value_tier IS
'customer value tier, best first: vip, important (rest of the top share), general (other positive net value), potential (non-positive but flagged, e.g. dormant with assets), no_value';

CREATE TYPE @extschema@.value_cutoffs AS (n pg_catalog.int8, vip_min pg_catalog.numeric, valuable_min pg_catalog.numeric);
COMMENT ON TYPE @extschema@.value_cutoffs IS
'tier cut-offs: n ranked values, the smallest VIP value and the smallest VIP-or-important value (NULL when none)';

-- value_summary: exact mergeable summary (sorted run-length list of values)
CREATE TYPE @extschema@.value_summary;

CREATE FUNCTION @extschema@.value_summary_in(pg_catalog.cstring) RETURNS @extschema@.value_summary
AS 'MODULE_PATHNAME', 'cs_summary_in' LANGUAGE C IMMUTABLE STRICT PARALLEL SAFE;
CREATE FUNCTION @extschema@.value_summary_out(@extschema@.value_summary) RETURNS pg_catalog.cstring
AS 'MODULE_PATHNAME', 'cs_summary_out' LANGUAGE C IMMUTABLE STRICT PARALLEL SAFE;
CREATE FUNCTION @extschema@.value_summary_recv(pg_catalog.internal) RETURNS @extschema@.value_summary
AS 'MODULE_PATHNAME', 'cs_summary_recv' LANGUAGE C IMMUTABLE STRICT PARALLEL SAFE;
CREATE FUNCTION @extschema@.value_summary_send(@extschema@.value_summary) RETURNS pg_catalog.bytea
AS 'MODULE_PATHNAME', 'cs_summary_send' LANGUAGE C IMMUTABLE STRICT PARALLEL SAFE;

CREATE TYPE @extschema@.value_summary (
    INPUT = @extschema@.value_summary_in,
    OUTPUT = @extschema@.value_summary_out,
    RECEIVE = @extschema@.value_summary_recv,
    SEND = @extschema@.value_summary_send,
    INTERNALLENGTH = VARIABLE,
    ALIGNMENT = double,
    STORAGE = extended
);
COMMENT ON TYPE @extschema@.value_summary IS
'exact, mergeable summary of a set of values (sorted run-length list of value and count); text form v1;kind;scale;p1;p2;n;value*count,...';
COMMENT ON FUNCTION @extschema@.value_summary_in(pg_catalog.cstring) IS 'value_summary text input';
COMMENT ON FUNCTION @extschema@.value_summary_out(@extschema@.value_summary) IS 'value_summary text output (exact)';
COMMENT ON FUNCTION @extschema@.value_summary_recv(pg_catalog.internal) IS 'value_summary binary input';
COMMENT ON FUNCTION @extschema@.value_summary_send(@extschema@.value_summary) IS 'value_summary binary output (exact)';

-- transition, combine and final functions
CREATE FUNCTION @extschema@.value_summary_add(@extschema@.value_summary, pg_catalog.numeric) RETURNS @extschema@.value_summary
AS 'MODULE_PATHNAME', 'cs_summary_add_numeric' LANGUAGE C IMMUTABLE PARALLEL SAFE;
CREATE FUNCTION @extschema@.value_summary_add(@extschema@.value_summary, pg_catalog.float8) RETURNS @extschema@.value_summary
AS 'MODULE_PATHNAME', 'cs_summary_add_float8' LANGUAGE C IMMUTABLE PARALLEL SAFE;
CREATE FUNCTION @extschema@.value_summary_add(@extschema@.value_summary, pg_catalog.numeric, pg_catalog.float8) RETURNS @extschema@.value_summary
AS 'MODULE_PATHNAME', 'cs_summary_add_numeric_share' LANGUAGE C IMMUTABLE PARALLEL SAFE;
CREATE FUNCTION @extschema@.value_summary_add(@extschema@.value_summary, pg_catalog.float8, pg_catalog.float8) RETURNS @extschema@.value_summary
AS 'MODULE_PATHNAME', 'cs_summary_add_float8_share' LANGUAGE C IMMUTABLE PARALLEL SAFE;
CREATE FUNCTION @extschema@.value_summary_add(@extschema@.value_summary, pg_catalog.numeric, pg_catalog.float8, pg_catalog.float8) RETURNS @extschema@.value_summary
AS 'MODULE_PATHNAME', 'cs_summary_add_numeric_shares' LANGUAGE C IMMUTABLE PARALLEL SAFE;
CREATE FUNCTION @extschema@.value_summary_add(@extschema@.value_summary, pg_catalog.numeric, pg_catalog.int4) RETURNS @extschema@.value_summary
AS 'MODULE_PATHNAME', 'cs_summary_add_numeric_points' LANGUAGE C IMMUTABLE PARALLEL SAFE;
CREATE FUNCTION @extschema@.value_summary_add(@extschema@.value_summary, pg_catalog.float8, pg_catalog.int4) RETURNS @extschema@.value_summary
AS 'MODULE_PATHNAME', 'cs_summary_add_float8_points' LANGUAGE C IMMUTABLE PARALLEL SAFE;
CREATE FUNCTION @extschema@.value_summary_combine(@extschema@.value_summary, @extschema@.value_summary) RETURNS @extschema@.value_summary
AS 'MODULE_PATHNAME', 'cs_summary_combine' LANGUAGE C IMMUTABLE STRICT PARALLEL SAFE;
CREATE FUNCTION @extschema@.value_cutoffs_final(@extschema@.value_summary) RETURNS @extschema@.value_cutoffs
AS 'MODULE_PATHNAME', 'cs_value_cutoffs_final' LANGUAGE C IMMUTABLE PARALLEL SAFE;
CREATE FUNCTION @extschema@.top_share_final(@extschema@.value_summary) RETURNS pg_catalog.float8
AS 'MODULE_PATHNAME', 'cs_top_share_final' LANGUAGE C IMMUTABLE PARALLEL SAFE;
CREATE FUNCTION @extschema@.value_curve_final(@extschema@.value_summary) RETURNS pg_catalog.float8[]
AS 'MODULE_PATHNAME', 'cs_value_curve_final' LANGUAGE C IMMUTABLE PARALLEL SAFE;

COMMENT ON FUNCTION @extschema@.value_summary_add(@extschema@.value_summary, pg_catalog.numeric) IS 'aggregate transition function: add a value to a summary';
COMMENT ON FUNCTION @extschema@.value_summary_add(@extschema@.value_summary, pg_catalog.float8) IS 'aggregate transition function: add a value to a summary';
COMMENT ON FUNCTION @extschema@.value_summary_add(@extschema@.value_summary, pg_catalog.numeric, pg_catalog.float8) IS 'aggregate transition function: add a value, keeping the fraction';
COMMENT ON FUNCTION @extschema@.value_summary_add(@extschema@.value_summary, pg_catalog.float8, pg_catalog.float8) IS 'aggregate transition function: add a value, keeping the fraction';
COMMENT ON FUNCTION @extschema@.value_summary_add(@extschema@.value_summary, pg_catalog.numeric, pg_catalog.float8, pg_catalog.float8) IS 'aggregate transition function: add a value, keeping the shares';
COMMENT ON FUNCTION @extschema@.value_summary_add(@extschema@.value_summary, pg_catalog.numeric, pg_catalog.int4) IS 'aggregate transition function: add a value, keeping the number of points';
COMMENT ON FUNCTION @extschema@.value_summary_add(@extschema@.value_summary, pg_catalog.float8, pg_catalog.int4) IS 'aggregate transition function: add a value, keeping the number of points';
COMMENT ON FUNCTION @extschema@.value_summary_combine(@extschema@.value_summary, @extschema@.value_summary) IS 'merge two value summaries (aggregate combine function)';
COMMENT ON FUNCTION @extschema@.value_cutoffs_final(@extschema@.value_summary) IS 'aggregate final function of value_cutoffs';
COMMENT ON FUNCTION @extschema@.top_share_final(@extschema@.value_summary) IS 'aggregate final function of top_share';
COMMENT ON FUNCTION @extschema@.value_curve_final(@extschema@.value_summary) IS 'aggregate final function of value_curve';

-- the summary as a value: build, merge, read
CREATE AGGREGATE @extschema@.value_summary(pg_catalog.numeric) (
    SFUNC = @extschema@.value_summary_add, STYPE = @extschema@.value_summary,
    COMBINEFUNC = @extschema@.value_summary_combine, PARALLEL = SAFE);
CREATE AGGREGATE @extschema@.value_summary(pg_catalog.float8) (
    SFUNC = @extschema@.value_summary_add, STYPE = @extschema@.value_summary,
    COMBINEFUNC = @extschema@.value_summary_combine, PARALLEL = SAFE);
CREATE AGGREGATE @extschema@.value_summary_merge(@extschema@.value_summary) (
    SFUNC = @extschema@.value_summary_combine, STYPE = @extschema@.value_summary,
    COMBINEFUNC = @extschema@.value_summary_combine, PARALLEL = SAFE);
COMMENT ON AGGREGATE @extschema@.value_summary(pg_catalog.numeric) IS 'exact mergeable summary of the non-NULL values (numeric: at most 4 decimals)';
COMMENT ON AGGREGATE @extschema@.value_summary(pg_catalog.float8) IS 'exact mergeable summary of the non-NULL values';
COMMENT ON AGGREGATE @extschema@.value_summary_merge(@extschema@.value_summary) IS 'merge stored value summaries (per day, per branch, per shard) into one';

-- two-step tiers
CREATE AGGREGATE @extschema@.value_cutoffs(pg_catalog.numeric) (
    SFUNC = @extschema@.value_summary_add, STYPE = @extschema@.value_summary,
    COMBINEFUNC = @extschema@.value_summary_combine,
    FINALFUNC = @extschema@.value_cutoffs_final, PARALLEL = SAFE);
CREATE AGGREGATE @extschema@.value_cutoffs(pg_catalog.numeric, pg_catalog.float8, pg_catalog.float8) (
    SFUNC = @extschema@.value_summary_add, STYPE = @extschema@.value_summary,
    COMBINEFUNC = @extschema@.value_summary_combine,
    FINALFUNC = @extschema@.value_cutoffs_final, PARALLEL = SAFE);
COMMENT ON AGGREGATE @extschema@.value_cutoffs(pg_catalog.numeric) IS 'tier cut-offs of net values with top_share 0.20 and vip_share 0.25';
COMMENT ON AGGREGATE @extschema@.value_cutoffs(pg_catalog.numeric, pg_catalog.float8, pg_catalog.float8) IS 'tier cut-offs of net values: (n, vip_min, valuable_min) for value_tier(net, cutoffs)';

CREATE FUNCTION @extschema@.value_cutoffs(summary @extschema@.value_summary,
    top_share pg_catalog.float8 DEFAULT 0.20, vip_share pg_catalog.float8 DEFAULT 0.25)
RETURNS @extschema@.value_cutoffs
AS 'MODULE_PATHNAME', 'cs_value_cutoffs_summary' LANGUAGE C IMMUTABLE STRICT PARALLEL SAFE;
COMMENT ON FUNCTION @extschema@.value_cutoffs(@extschema@.value_summary, pg_catalog.float8, pg_catalog.float8) IS
'tier cut-offs from a stored value summary';

CREATE FUNCTION @extschema@.value_tier(net pg_catalog.numeric, cutoffs @extschema@.value_cutoffs,
    potential pg_catalog.bool DEFAULT false)
RETURNS @extschema@.value_tier
AS 'MODULE_PATHNAME', 'cs_value_tier_cutoffs' LANGUAGE C IMMUTABLE PARALLEL SAFE;
COMMENT ON FUNCTION @extschema@.value_tier(pg_catalog.numeric, @extschema@.value_cutoffs, pg_catalog.bool) IS
'value tier of a net value given cut-offs from value_cutoffs(); NULL net or cut-offs give NULL, NULL potential counts as false';

-- window forms
CREATE FUNCTION @extschema@.value_tier(net pg_catalog.numeric, potential pg_catalog.bool DEFAULT false,
    top_share pg_catalog.float8 DEFAULT 0.20, vip_share pg_catalog.float8 DEFAULT 0.25)
RETURNS @extschema@.value_tier
AS 'MODULE_PATHNAME', 'cs_value_tier_numeric_window' LANGUAGE C IMMUTABLE WINDOW PARALLEL SAFE;
CREATE FUNCTION @extschema@.value_tier(net pg_catalog.float8, potential pg_catalog.bool DEFAULT false,
    top_share pg_catalog.float8 DEFAULT 0.20, vip_share pg_catalog.float8 DEFAULT 0.25)
RETURNS @extschema@.value_tier
AS 'MODULE_PATHNAME', 'cs_value_tier_float8_window' LANGUAGE C IMMUTABLE WINDOW PARALLEL SAFE;
COMMENT ON FUNCTION @extschema@.value_tier(pg_catalog.numeric, pg_catalog.bool, pg_catalog.float8, pg_catalog.float8) IS
'window function: value tier of each row by its net value''s rank in the partition (no ORDER BY needed)';
COMMENT ON FUNCTION @extschema@.value_tier(pg_catalog.float8, pg_catalog.bool, pg_catalog.float8, pg_catalog.float8) IS
'window function: value tier of each row by its net value''s rank in the partition (no ORDER BY needed)';

CREATE FUNCTION @extschema@.percentile_tier(value pg_catalog.numeric, shares pg_catalog.float8[])
RETURNS pg_catalog.int4
AS 'MODULE_PATHNAME', 'cs_percentile_tier_numeric_window' LANGUAGE C IMMUTABLE WINDOW PARALLEL SAFE;
CREATE FUNCTION @extschema@.percentile_tier(value pg_catalog.float8, shares pg_catalog.float8[])
RETURNS pg_catalog.int4
AS 'MODULE_PATHNAME', 'cs_percentile_tier_float8_window' LANGUAGE C IMMUTABLE WINDOW PARALLEL SAFE;
COMMENT ON FUNCTION @extschema@.percentile_tier(pg_catalog.numeric, pg_catalog.float8[]) IS
'window function: tier 1 = top, by cumulative shares from the top (''{0.05,0.20}'' gives 3 tiers; ties share the better tier)';
COMMENT ON FUNCTION @extschema@.percentile_tier(pg_catalog.float8, pg_catalog.float8[]) IS
'window function: tier 1 = top, by cumulative shares from the top (''{0.05,0.20}'' gives 3 tiers; ties share the better tier)';

-- concentration
CREATE AGGREGATE @extschema@.top_share(pg_catalog.numeric, pg_catalog.float8) (
    SFUNC = @extschema@.value_summary_add, STYPE = @extschema@.value_summary,
    COMBINEFUNC = @extschema@.value_summary_combine,
    FINALFUNC = @extschema@.top_share_final, PARALLEL = SAFE);
CREATE AGGREGATE @extschema@.top_share(pg_catalog.float8, pg_catalog.float8) (
    SFUNC = @extschema@.value_summary_add, STYPE = @extschema@.value_summary,
    COMBINEFUNC = @extschema@.value_summary_combine,
    FINALFUNC = @extschema@.top_share_final, PARALLEL = SAFE);
COMMENT ON AGGREGATE @extschema@.top_share(pg_catalog.numeric, pg_catalog.float8) IS
'sum of the top ceil(N*fraction) values / sum of all values; NULL when the total is <= 0';
COMMENT ON AGGREGATE @extschema@.top_share(pg_catalog.float8, pg_catalog.float8) IS
'sum of the top ceil(N*fraction) values / sum of all values; NULL when the total is <= 0';
CREATE FUNCTION @extschema@.top_share(summary @extschema@.value_summary, fraction pg_catalog.float8)
RETURNS pg_catalog.float8
AS 'MODULE_PATHNAME', 'cs_top_share_summary' LANGUAGE C IMMUTABLE STRICT PARALLEL SAFE;
COMMENT ON FUNCTION @extschema@.top_share(@extschema@.value_summary, pg_catalog.float8) IS
'top_share from a stored value summary';

CREATE AGGREGATE @extschema@.value_curve(pg_catalog.numeric) (
    SFUNC = @extschema@.value_summary_add, STYPE = @extschema@.value_summary,
    COMBINEFUNC = @extschema@.value_summary_combine,
    FINALFUNC = @extschema@.value_curve_final, PARALLEL = SAFE);
CREATE AGGREGATE @extschema@.value_curve(pg_catalog.numeric, pg_catalog.int4) (
    SFUNC = @extschema@.value_summary_add, STYPE = @extschema@.value_summary,
    COMBINEFUNC = @extschema@.value_summary_combine,
    FINALFUNC = @extschema@.value_curve_final, PARALLEL = SAFE);
CREATE AGGREGATE @extschema@.value_curve(pg_catalog.float8) (
    SFUNC = @extschema@.value_summary_add, STYPE = @extschema@.value_summary,
    COMBINEFUNC = @extschema@.value_summary_combine,
    FINALFUNC = @extschema@.value_curve_final, PARALLEL = SAFE);
CREATE AGGREGATE @extschema@.value_curve(pg_catalog.float8, pg_catalog.int4) (
    SFUNC = @extschema@.value_summary_add, STYPE = @extschema@.value_summary,
    COMBINEFUNC = @extschema@.value_summary_combine,
    FINALFUNC = @extschema@.value_curve_final, PARALLEL = SAFE);
COMMENT ON AGGREGATE @extschema@.value_curve(pg_catalog.numeric) IS 'whale curve: cumulative share of the total at 100 evenly spaced ranks from the top';
COMMENT ON AGGREGATE @extschema@.value_curve(pg_catalog.numeric, pg_catalog.int4) IS 'whale curve: cumulative share of the total at evenly spaced ranks from the top';
COMMENT ON AGGREGATE @extschema@.value_curve(pg_catalog.float8) IS 'whale curve: cumulative share of the total at 100 evenly spaced ranks from the top';
COMMENT ON AGGREGATE @extschema@.value_curve(pg_catalog.float8, pg_catalog.int4) IS 'whale curve: cumulative share of the total at evenly spaced ranks from the top';
CREATE FUNCTION @extschema@.value_curve(summary @extschema@.value_summary, points pg_catalog.int4 DEFAULT 100)
RETURNS pg_catalog.float8[]
AS 'MODULE_PATHNAME', 'cs_value_curve_summary' LANGUAGE C IMMUTABLE STRICT PARALLEL SAFE;
COMMENT ON FUNCTION @extschema@.value_curve(@extschema@.value_summary, pg_catalog.int4) IS
'whale curve from a stored value summary';

--------------------------------------------------------------------------
-- Receivables aging (src/aging.c)
--------------------------------------------------------------------------

CREATE FUNCTION @extschema@.days_past_due(due_date pg_catalog.date, as_of pg_catalog.date,
    paid_date pg_catalog.date DEFAULT NULL)
RETURNS pg_catalog.int4
AS 'MODULE_PATHNAME', 'cs_days_past_due' LANGUAGE C IMMUTABLE PARALLEL SAFE;
COMMENT ON FUNCTION @extschema@.days_past_due(pg_catalog.date, pg_catalog.date, pg_catalog.date) IS
'days past due: paid_date - due_date for an invoice paid by as_of, else as_of - due_date; <= 0 = not past due; NULL due or as_of gives NULL';

CREATE FUNCTION @extschema@.aging_bucket(days_past_due pg_catalog.int4,
    boundaries pg_catalog.int4[] DEFAULT '{0,30,60,90,180}')
RETURNS pg_catalog.text
AS 'MODULE_PATHNAME', 'cs_aging_bucket' LANGUAGE C IMMUTABLE PARALLEL SAFE;
COMMENT ON FUNCTION @extschema@.aging_bucket(pg_catalog.int4, pg_catalog.int4[]) IS
'aging bucket label (current, 1-30, 31-60, 61-90, 91-180, 181+ by default) for days past due';

CREATE FUNCTION @extschema@.aging_bucket(due_date pg_catalog.date, as_of pg_catalog.date,
    paid_date pg_catalog.date DEFAULT NULL, boundaries pg_catalog.int4[] DEFAULT '{0,30,60,90,180}')
RETURNS pg_catalog.text
AS 'MODULE_PATHNAME', 'cs_aging_bucket_dates' LANGUAGE C IMMUTABLE PARALLEL SAFE;
COMMENT ON FUNCTION @extschema@.aging_bucket(pg_catalog.date, pg_catalog.date, pg_catalog.date, pg_catalog.int4[]) IS
'aging bucket label of an invoice as of a date (days past due computed as in days_past_due)';

CREATE FUNCTION @extschema@.aging_bucket_no(days_past_due pg_catalog.int4,
    boundaries pg_catalog.int4[] DEFAULT '{0,30,60,90,180}')
RETURNS pg_catalog.int4
AS 'MODULE_PATHNAME', 'cs_aging_bucket_no' LANGUAGE C IMMUTABLE PARALLEL SAFE;
COMMENT ON FUNCTION @extschema@.aging_bucket_no(pg_catalog.int4, pg_catalog.int4[]) IS
'aging bucket number, 1 = current: sorts buckets in their natural order';

CREATE FUNCTION @extschema@.aging_bucket_labels(boundaries pg_catalog.int4[] DEFAULT '{0,30,60,90,180}')
RETURNS pg_catalog.text[]
AS 'MODULE_PATHNAME', 'cs_aging_bucket_labels' LANGUAGE C IMMUTABLE PARALLEL SAFE;
COMMENT ON FUNCTION @extschema@.aging_bucket_labels(pg_catalog.int4[]) IS
'every aging bucket label in order, e.g. for chart axes';

-- aging_state: fixed-size state of aging_profile
CREATE TYPE @extschema@.aging_state;
CREATE FUNCTION @extschema@.aging_state_in(pg_catalog.cstring) RETURNS @extschema@.aging_state
AS 'MODULE_PATHNAME', 'cs_aging_state_in' LANGUAGE C IMMUTABLE STRICT PARALLEL SAFE;
CREATE FUNCTION @extschema@.aging_state_out(@extschema@.aging_state) RETURNS pg_catalog.cstring
AS 'MODULE_PATHNAME', 'cs_aging_state_out' LANGUAGE C IMMUTABLE STRICT PARALLEL SAFE;
CREATE FUNCTION @extschema@.aging_state_recv(pg_catalog.internal) RETURNS @extschema@.aging_state
AS 'MODULE_PATHNAME', 'cs_aging_state_recv' LANGUAGE C IMMUTABLE STRICT PARALLEL SAFE;
CREATE FUNCTION @extschema@.aging_state_send(@extschema@.aging_state) RETURNS pg_catalog.bytea
AS 'MODULE_PATHNAME', 'cs_aging_state_send' LANGUAGE C IMMUTABLE STRICT PARALLEL SAFE;
CREATE TYPE @extschema@.aging_state (
    INPUT = @extschema@.aging_state_in, OUTPUT = @extschema@.aging_state_out,
    RECEIVE = @extschema@.aging_state_recv, SEND = @extschema@.aging_state_send,
    INTERNALLENGTH = 152, ALIGNMENT = double, STORAGE = plain);
COMMENT ON TYPE @extschema@.aging_state IS
'aging_profile state: per-bucket sums in units of 0.0001, weighted days and bounds; text form v1;dscale;count;weighted_days;bounds;sums';
COMMENT ON FUNCTION @extschema@.aging_state_in(pg_catalog.cstring) IS 'aging_state text input';
COMMENT ON FUNCTION @extschema@.aging_state_out(@extschema@.aging_state) IS 'aging_state text output (exact)';
COMMENT ON FUNCTION @extschema@.aging_state_recv(pg_catalog.internal) IS 'aging_state binary input';
COMMENT ON FUNCTION @extschema@.aging_state_send(@extschema@.aging_state) IS 'aging_state binary output';

CREATE TYPE @extschema@.aging_profile AS (
    current pg_catalog.numeric, d1_30 pg_catalog.numeric, d31_60 pg_catalog.numeric,
    d61_90 pg_catalog.numeric, d91_180 pg_catalog.numeric, d181_plus pg_catalog.numeric,
    total pg_catalog.numeric, overdue pg_catalog.numeric,
    overdue_share pg_catalog.numeric, avg_days_past_due pg_catalog.numeric);
COMMENT ON TYPE @extschema@.aging_profile IS
'receivables by default aging bucket, total, overdue, overdue share and amount-weighted average days past due of overdue amounts';

CREATE FUNCTION @extschema@.aging_profile_add(@extschema@.aging_state, pg_catalog.numeric, pg_catalog.int4)
RETURNS @extschema@.aging_state
AS 'MODULE_PATHNAME', 'cs_aging_add' LANGUAGE C IMMUTABLE STRICT PARALLEL SAFE;
CREATE FUNCTION @extschema@.aging_profile_add(@extschema@.aging_state, pg_catalog.numeric, pg_catalog.int4, pg_catalog.int4[])
RETURNS @extschema@.aging_state
AS 'MODULE_PATHNAME', 'cs_aging_add_bounds' LANGUAGE C IMMUTABLE PARALLEL SAFE;
CREATE FUNCTION @extschema@.aging_profile_combine(@extschema@.aging_state, @extschema@.aging_state)
RETURNS @extschema@.aging_state
AS 'MODULE_PATHNAME', 'cs_aging_combine' LANGUAGE C IMMUTABLE STRICT PARALLEL SAFE;
CREATE FUNCTION @extschema@.aging_profile_final(@extschema@.aging_state)
RETURNS @extschema@.aging_profile
AS 'MODULE_PATHNAME', 'cs_aging_final' LANGUAGE C IMMUTABLE STRICT PARALLEL SAFE;
CREATE FUNCTION @extschema@.aging_profile_final_array(@extschema@.aging_state)
RETURNS pg_catalog.numeric[]
AS 'MODULE_PATHNAME', 'cs_aging_final_array' LANGUAGE C IMMUTABLE STRICT PARALLEL SAFE;
COMMENT ON FUNCTION @extschema@.aging_profile_add(@extschema@.aging_state, pg_catalog.numeric, pg_catalog.int4) IS 'aggregate transition function of aging_profile';
COMMENT ON FUNCTION @extschema@.aging_profile_add(@extschema@.aging_state, pg_catalog.numeric, pg_catalog.int4, pg_catalog.int4[]) IS 'aggregate transition function of aging_profile with custom boundaries';
COMMENT ON FUNCTION @extschema@.aging_profile_combine(@extschema@.aging_state, @extschema@.aging_state) IS 'aggregate combine function of aging_profile: adds two states';
COMMENT ON FUNCTION @extschema@.aging_profile_final(@extschema@.aging_state) IS 'aging_profile composite from a state (default boundaries)';
COMMENT ON FUNCTION @extschema@.aging_profile_final_array(@extschema@.aging_state) IS 'bucket sums from a state, one numeric per bucket';

CREATE AGGREGATE @extschema@.aging_profile(amount pg_catalog.numeric, days_past_due pg_catalog.int4) (
    SFUNC = @extschema@.aging_profile_add, STYPE = @extschema@.aging_state,
    COMBINEFUNC = @extschema@.aging_profile_combine,
    FINALFUNC = @extschema@.aging_profile_final,
    INITCOND = 'v1;0;0;0;;', PARALLEL = SAFE);
CREATE AGGREGATE @extschema@.aging_profile(amount pg_catalog.numeric, days_past_due pg_catalog.int4, boundaries pg_catalog.int4[]) (
    SFUNC = @extschema@.aging_profile_add, STYPE = @extschema@.aging_state,
    COMBINEFUNC = @extschema@.aging_profile_combine,
    FINALFUNC = @extschema@.aging_profile_final_array,
    INITCOND = 'v1;0;0;0;;', PARALLEL = SAFE);
CREATE AGGREGATE @extschema@.aging_state(amount pg_catalog.numeric, days_past_due pg_catalog.int4) (
    SFUNC = @extschema@.aging_profile_add, STYPE = @extschema@.aging_state,
    COMBINEFUNC = @extschema@.aging_profile_combine,
    INITCOND = 'v1;0;0;0;;', PARALLEL = SAFE);
CREATE AGGREGATE @extschema@.aging_state_merge(@extschema@.aging_state) (
    SFUNC = @extschema@.aging_profile_combine, STYPE = @extschema@.aging_state,
    COMBINEFUNC = @extschema@.aging_profile_combine,
    INITCOND = 'v1;0;0;0;;', PARALLEL = SAFE);
COMMENT ON AGGREGATE @extschema@.aging_profile(pg_catalog.numeric, pg_catalog.int4) IS
'aging profile of receivables: sums per default bucket, total, overdue, overdue share, weighted average days past due';
COMMENT ON AGGREGATE @extschema@.aging_profile(pg_catalog.numeric, pg_catalog.int4, pg_catalog.int4[]) IS
'aging profile with custom bucket boundaries: numeric[] with one sum per bucket';
COMMENT ON AGGREGATE @extschema@.aging_state(pg_catalog.numeric, pg_catalog.int4) IS
'aging_profile state as a value, to store and merge later with aging_state_merge';
COMMENT ON AGGREGATE @extschema@.aging_state_merge(@extschema@.aging_state) IS
'merge stored aging states; read with aging_profile_final()';

CREATE FUNCTION @extschema@.final_deadline(invoice_date pg_catalog.date, term_days pg_catalog.int4)
RETURNS pg_catalog.date
AS 'MODULE_PATHNAME', 'cs_final_deadline' LANGUAGE C IMMUTABLE STRICT PARALLEL SAFE;
COMMENT ON FUNCTION @extschema@.final_deadline(pg_catalog.date, pg_catalog.int4) IS
'last day collection may wait: invoice_date + term_days + floor(term_days / 3) (term 60 -> day 80)';

CREATE TYPE @extschema@.collection_stage AS ENUM ('not_due', 'reminder', 'notice', 'warning', 'lawyer_letter', 'legal');
COMMENT ON TYPE @extschema@.collection_stage IS
'escalation of collection by severity: not_due, reminder, notice, warning, lawyer_letter, legal';

CREATE FUNCTION @extschema@.collection_stage(days_past_due pg_catalog.int4, term_days pg_catalog.int4,
    step_days pg_catalog.int4 DEFAULT 30)
RETURNS @extschema@.collection_stage
AS 'MODULE_PATHNAME', 'cs_collection_stage' LANGUAGE C IMMUTABLE STRICT PARALLEL SAFE;
COMMENT ON FUNCTION @extschema@.collection_stage(pg_catalog.int4, pg_catalog.int4, pg_catalog.int4) IS
'escalation step due: reminder within floor(term/3) days past due, then notice, warning, lawyer_letter for step_days each, then legal';

CREATE FUNCTION @extschema@.delinquency_cycle(days_past_due pg_catalog.int4)
RETURNS pg_catalog.int4
AS 'MODULE_PATHNAME', 'cs_delinquency_cycle' LANGUAGE C IMMUTABLE STRICT PARALLEL SAFE;
COMMENT ON FUNCTION @extschema@.delinquency_cycle(pg_catalog.int4) IS
'30-day delinquency cycle: 0 = not past due, 1 = 1-30 days, ..., 7 = more than 180 days (M7+)';

CREATE FUNCTION @extschema@.delinquency_label(days_past_due pg_catalog.int4)
RETURNS pg_catalog.text
AS 'MODULE_PATHNAME', 'cs_delinquency_label' LANGUAGE C IMMUTABLE STRICT PARALLEL SAFE;
COMMENT ON FUNCTION @extschema@.delinquency_label(pg_catalog.int4) IS
'delinquency cycle label M0 .. M6, M7+';
