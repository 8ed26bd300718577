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

--------------------------------------------------------------------------
-- Credit grades, collection classes and KPIs (src/credit.c)
--------------------------------------------------------------------------

-- credit_state: the state of payment_profile, recovery_rate and roll_rate
CREATE TYPE @extschema@.credit_state;
CREATE FUNCTION @extschema@.credit_state_in(pg_catalog.cstring) RETURNS @extschema@.credit_state
AS 'MODULE_PATHNAME', 'cs_credit_state_in' LANGUAGE C IMMUTABLE STRICT PARALLEL SAFE;
CREATE FUNCTION @extschema@.credit_state_out(@extschema@.credit_state) RETURNS pg_catalog.cstring
AS 'MODULE_PATHNAME', 'cs_credit_state_out' LANGUAGE C IMMUTABLE STRICT PARALLEL SAFE;
CREATE FUNCTION @extschema@.credit_state_recv(pg_catalog.internal) RETURNS @extschema@.credit_state
AS 'MODULE_PATHNAME', 'cs_credit_state_recv' LANGUAGE C IMMUTABLE STRICT PARALLEL SAFE;
CREATE FUNCTION @extschema@.credit_state_send(@extschema@.credit_state) RETURNS pg_catalog.bytea
AS 'MODULE_PATHNAME', 'cs_credit_state_send' LANGUAGE C IMMUTABLE STRICT PARALLEL SAFE;
CREATE TYPE @extschema@.credit_state (
    INPUT = @extschema@.credit_state_in, OUTPUT = @extschema@.credit_state_out,
    RECEIVE = @extschema@.credit_state_recv, SEND = @extschema@.credit_state_send,
    INTERNALLENGTH = VARIABLE, ALIGNMENT = double, STORAGE = plain);
COMMENT ON TYPE @extschema@.credit_state IS
'state of payment_profile, recovery_rate and roll_rate: v1;kind;dscale;integer slots (amounts in units of 0.0001)';
COMMENT ON FUNCTION @extschema@.credit_state_in(pg_catalog.cstring) IS 'credit_state text input';
COMMENT ON FUNCTION @extschema@.credit_state_out(@extschema@.credit_state) IS 'credit_state text output (exact)';
COMMENT ON FUNCTION @extschema@.credit_state_recv(pg_catalog.internal) IS 'credit_state binary input';
COMMENT ON FUNCTION @extschema@.credit_state_send(@extschema@.credit_state) IS 'credit_state binary output';

CREATE FUNCTION @extschema@.credit_state_combine(@extschema@.credit_state, @extschema@.credit_state)
RETURNS @extschema@.credit_state
AS 'MODULE_PATHNAME', 'cs_credit_combine' LANGUAGE C IMMUTABLE STRICT PARALLEL SAFE;
COMMENT ON FUNCTION @extschema@.credit_state_combine(@extschema@.credit_state, @extschema@.credit_state) IS
'aggregate combine function of payment_profile, recovery_rate and roll_rate: merges two states of one kind';
CREATE AGGREGATE @extschema@.credit_state_merge(@extschema@.credit_state) (
    SFUNC = @extschema@.credit_state_combine, STYPE = @extschema@.credit_state,
    COMBINEFUNC = @extschema@.credit_state_combine, PARALLEL = SAFE);
COMMENT ON AGGREGATE @extschema@.credit_state_merge(@extschema@.credit_state) IS
'merge stored payment, recovery or roll states; read with payment_profile_final, recovery_rate_final or roll_rate_final';

-- payment_profile
CREATE TYPE @extschema@.payment_profile AS (
    invoices pg_catalog.int8, paid pg_catalog.int8,
    avg_days_to_pay pg_catalog.numeric, on_time_share pg_catalog.numeric,
    max_days_past_due pg_catalog.int4, overdue_count pg_catalog.int8,
    overdue_amount pg_catalog.numeric, oldest_overdue_days pg_catalog.int4,
    open_amount pg_catalog.numeric, credit_notes pg_catalog.numeric);
COMMENT ON TYPE @extschema@.payment_profile IS
'a customer''s payment behaviour as of a date: invoice and paid counts, amount-weighted days to pay, on-time share, worst lateness, open and overdue amounts, credit notes';

CREATE FUNCTION @extschema@.payment_profile_add(@extschema@.credit_state, pg_catalog.date, pg_catalog.date,
    pg_catalog.date, pg_catalog.numeric, pg_catalog.date)
RETURNS @extschema@.credit_state
AS 'MODULE_PATHNAME', 'cs_payment_add' LANGUAGE C IMMUTABLE PARALLEL SAFE;
COMMENT ON FUNCTION @extschema@.payment_profile_add(@extschema@.credit_state, pg_catalog.date, pg_catalog.date, pg_catalog.date, pg_catalog.numeric, pg_catalog.date) IS
'aggregate transition function of payment_profile';
CREATE FUNCTION @extschema@.payment_profile_final(@extschema@.credit_state)
RETURNS @extschema@.payment_profile
AS 'MODULE_PATHNAME', 'cs_payment_final' LANGUAGE C IMMUTABLE STRICT PARALLEL SAFE;
COMMENT ON FUNCTION @extschema@.payment_profile_final(@extschema@.credit_state) IS
'payment_profile composite from a payment state';

CREATE AGGREGATE @extschema@.payment_profile(invoice_date pg_catalog.date, due_date pg_catalog.date,
    paid_date pg_catalog.date, amount pg_catalog.numeric, as_of pg_catalog.date) (
    SFUNC = @extschema@.payment_profile_add, STYPE = @extschema@.credit_state,
    COMBINEFUNC = @extschema@.credit_state_combine,
    FINALFUNC = @extschema@.payment_profile_final,
    INITCOND = 'v1;payment', PARALLEL = SAFE);
CREATE AGGREGATE @extschema@.payment_state(invoice_date pg_catalog.date, due_date pg_catalog.date,
    paid_date pg_catalog.date, amount pg_catalog.numeric, as_of pg_catalog.date) (
    SFUNC = @extschema@.payment_profile_add, STYPE = @extschema@.credit_state,
    COMBINEFUNC = @extschema@.credit_state_combine,
    INITCOND = 'v1;payment', PARALLEL = SAFE);
COMMENT ON AGGREGATE @extschema@.payment_profile(pg_catalog.date, pg_catalog.date, pg_catalog.date, pg_catalog.numeric, pg_catalog.date) IS
'payment behaviour of a customer''s invoices as of a date (paid_date NULL = open; negative amounts are credit notes)';
COMMENT ON AGGREGATE @extschema@.payment_state(pg_catalog.date, pg_catalog.date, pg_catalog.date, pg_catalog.numeric, pg_catalog.date) IS
'payment_profile state as a value, to store and merge later with credit_state_merge';

-- credit grades and terms
CREATE TYPE @extschema@.credit_grade AS ENUM ('A', 'B', 'C', 'D');
COMMENT ON TYPE @extschema@.credit_grade IS
'credit grade by payment speed: A pays within 2 months, B within 5, C within 8, D slower or unreliable';

CREATE FUNCTION @extschema@.credit_grade(avg_days_to_pay pg_catalog.numeric,
    limits pg_catalog.int4[] DEFAULT '{60,150,240}')
RETURNS @extschema@.credit_grade
AS 'MODULE_PATHNAME', 'cs_credit_grade' LANGUAGE C IMMUTABLE PARALLEL SAFE;
COMMENT ON FUNCTION @extschema@.credit_grade(pg_catalog.numeric, pg_catalog.int4[]) IS
'credit grade of an average days to pay: A if <= limits[1], B if <= limits[2], C if <= limits[3], else D; NULL days give NULL';

CREATE FUNCTION @extschema@.credit_grade(profile @extschema@.payment_profile,
    limits pg_catalog.int4[] DEFAULT '{60,150,240}')
RETURNS @extschema@.credit_grade
AS 'MODULE_PATHNAME', 'cs_credit_grade_profile' LANGUAGE C IMMUTABLE PARALLEL SAFE;
COMMENT ON FUNCTION @extschema@.credit_grade(@extschema@.payment_profile, pg_catalog.int4[]) IS
'credit grade of a payment profile: by avg_days_to_pay, and D when max_days_past_due exceeds limits[3]; no invoices gives NULL';

CREATE FUNCTION @extschema@.collection_terms(grade @extschema@.credit_grade)
RETURNS pg_catalog.text
AS 'MODULE_PATHNAME', 'cs_collection_terms' LANGUAGE C IMMUTABLE STRICT PARALLEL SAFE;
COMMENT ON FUNCTION @extschema@.collection_terms(@extschema@.credit_grade) IS
'terms to offer a grade: standard_contract (A), part_prepayment_preferred (B), part_prepayment_required (C), cash_on_delivery (D)';

-- overdue classes and risk groups
CREATE TYPE @extschema@.overdue_class AS ENUM ('A', 'B', 'C');
COMMENT ON TYPE @extschema@.overdue_class IS
'overdue-customer class: A focus (calls, visits), B regular reminders, C risk review and legal means';

CREATE FUNCTION @extschema@.overdue_class(overdue_amount pg_catalog.numeric, days_past_due pg_catalog.int4,
    grade @extschema@.credit_grade DEFAULT NULL,
    large_amount pg_catalog.numeric DEFAULT 10000, legal_days pg_catalog.int4 DEFAULT 180)
RETURNS @extschema@.overdue_class
AS 'MODULE_PATHNAME', 'cs_overdue_class' LANGUAGE C IMMUTABLE PARALLEL SAFE;
COMMENT ON FUNCTION @extschema@.overdue_class(pg_catalog.numeric, pg_catalog.int4, @extschema@.credit_grade, pg_catalog.numeric, pg_catalog.int4) IS
'collection class of an overdue customer: C if grade D or days_past_due > legal_days, A if overdue_amount >= large_amount, else B; NULL when nothing is overdue';

CREATE TYPE @extschema@.risk_group AS ENUM ('low', 'medium', 'high');
COMMENT ON TYPE @extschema@.risk_group IS
'risk group of a customer for monitoring: low, medium, high';

CREATE FUNCTION @extschema@.risk_group(overdue_count pg_catalog.int8, overdue_amount pg_catalog.numeric,
    max_days_past_due pg_catalog.int4, grade @extschema@.credit_grade DEFAULT NULL,
    medium_count pg_catalog.int8 DEFAULT 2, high_count pg_catalog.int8 DEFAULT 4,
    medium_amount pg_catalog.numeric DEFAULT 1000, high_amount pg_catalog.numeric DEFAULT 10000,
    medium_days pg_catalog.int4 DEFAULT 31, high_days pg_catalog.int4 DEFAULT 91)
RETURNS @extschema@.risk_group
AS 'MODULE_PATHNAME', 'cs_risk_group' LANGUAGE C IMMUTABLE PARALLEL SAFE;
COMMENT ON FUNCTION @extschema@.risk_group(pg_catalog.int8, pg_catalog.numeric, pg_catalog.int4, @extschema@.credit_grade, pg_catalog.int8, pg_catalog.int8, pg_catalog.numeric, pg_catalog.numeric, pg_catalog.int4, pg_catalog.int4) IS
'risk group: high if any measure reaches its high_* threshold or grade D, medium if any reaches its medium_* threshold or grade C, else low; NULL measures are left out';

-- profile shorthands: the same rules read from a payment_profile
CREATE FUNCTION @extschema@.overdue_class(profile @extschema@.payment_profile,
    large_amount pg_catalog.numeric DEFAULT 10000, legal_days pg_catalog.int4 DEFAULT 180)
RETURNS @extschema@.overdue_class
AS 'MODULE_PATHNAME', 'cs_overdue_class_profile' LANGUAGE C IMMUTABLE PARALLEL SAFE;
COMMENT ON FUNCTION @extschema@.overdue_class(@extschema@.payment_profile, pg_catalog.numeric, pg_catalog.int4) IS
'overdue class of a payment profile: its overdue_amount, oldest_overdue_days and credit_grade(profile)';

CREATE FUNCTION @extschema@.risk_group(profile @extschema@.payment_profile,
    medium_count pg_catalog.int8 DEFAULT 2, high_count pg_catalog.int8 DEFAULT 4,
    medium_amount pg_catalog.numeric DEFAULT 1000, high_amount pg_catalog.numeric DEFAULT 10000,
    medium_days pg_catalog.int4 DEFAULT 31, high_days pg_catalog.int4 DEFAULT 91)
RETURNS @extschema@.risk_group
AS 'MODULE_PATHNAME', 'cs_risk_group_profile' LANGUAGE C IMMUTABLE PARALLEL SAFE;
COMMENT ON FUNCTION @extschema@.risk_group(@extschema@.payment_profile, pg_catalog.int8, pg_catalog.int8, pg_catalog.numeric, pg_catalog.numeric, pg_catalog.int4, pg_catalog.int4) IS
'risk group of a payment profile: its overdue_count, overdue_amount, max_days_past_due and credit_grade(profile); no invoices gives NULL';

-- KPIs
CREATE FUNCTION @extschema@.recovery_rate_add(@extschema@.credit_state, pg_catalog.numeric, pg_catalog.numeric)
RETURNS @extschema@.credit_state
AS 'MODULE_PATHNAME', 'cs_recovery_add' LANGUAGE C IMMUTABLE STRICT PARALLEL SAFE;
CREATE FUNCTION @extschema@.recovery_rate_final(@extschema@.credit_state)
RETURNS pg_catalog.numeric
AS 'MODULE_PATHNAME', 'cs_recovery_final' LANGUAGE C IMMUTABLE STRICT PARALLEL SAFE;
COMMENT ON FUNCTION @extschema@.recovery_rate_add(@extschema@.credit_state, pg_catalog.numeric, pg_catalog.numeric) IS
'aggregate transition function of recovery_rate';
COMMENT ON FUNCTION @extschema@.recovery_rate_final(@extschema@.credit_state) IS
'recovery rate from a recovery state';
CREATE AGGREGATE @extschema@.recovery_rate(recovered pg_catalog.numeric, overdue_at_start pg_catalog.numeric) (
    SFUNC = @extschema@.recovery_rate_add, STYPE = @extschema@.credit_state,
    COMBINEFUNC = @extschema@.credit_state_combine,
    FINALFUNC = @extschema@.recovery_rate_final,
    INITCOND = 'v1;recovery', PARALLEL = SAFE);
CREATE AGGREGATE @extschema@.recovery_state(recovered pg_catalog.numeric, overdue_at_start pg_catalog.numeric) (
    SFUNC = @extschema@.recovery_rate_add, STYPE = @extschema@.credit_state,
    COMBINEFUNC = @extschema@.credit_state_combine,
    INITCOND = 'v1;recovery', PARALLEL = SAFE);
COMMENT ON AGGREGATE @extschema@.recovery_rate(pg_catalog.numeric, pg_catalog.numeric) IS
'recovery rate: sum(recovered) / sum(overdue_at_start); NULL when nothing was overdue';
COMMENT ON AGGREGATE @extschema@.recovery_state(pg_catalog.numeric, pg_catalog.numeric) IS
'recovery_rate state as a value, to store and merge later with credit_state_merge';

CREATE TYPE @extschema@.roll_rate AS (
    from_cycle pg_catalog.int4, accounts pg_catalog.int8, balance pg_catalog.numeric,
    rolled_forward pg_catalog.numeric, stayed pg_catalog.numeric, cured pg_catalog.numeric);
COMMENT ON TYPE @extschema@.roll_rate IS
'roll rates of one starting delinquency cycle: accounts, balance, and the shares of the balance that rolled forward, stayed or cured (moved to a lower cycle)';
CREATE FUNCTION @extschema@.roll_rate_add(@extschema@.credit_state, pg_catalog.int4, pg_catalog.int4, pg_catalog.numeric)
RETURNS @extschema@.credit_state
AS 'MODULE_PATHNAME', 'cs_roll_add' LANGUAGE C IMMUTABLE STRICT PARALLEL SAFE;
CREATE FUNCTION @extschema@.roll_rate_final(@extschema@.credit_state)
RETURNS @extschema@.roll_rate[]
AS 'MODULE_PATHNAME', 'cs_roll_final' LANGUAGE C IMMUTABLE STRICT PARALLEL SAFE;
COMMENT ON FUNCTION @extschema@.roll_rate_add(@extschema@.credit_state, pg_catalog.int4, pg_catalog.int4, pg_catalog.numeric) IS
'aggregate transition function of roll_rate';
COMMENT ON FUNCTION @extschema@.roll_rate_final(@extschema@.credit_state) IS
'roll rates from a roll state, one element per starting cycle';
CREATE AGGREGATE @extschema@.roll_rate(from_cycle pg_catalog.int4, to_cycle pg_catalog.int4, balance pg_catalog.numeric) (
    SFUNC = @extschema@.roll_rate_add, STYPE = @extschema@.credit_state,
    COMBINEFUNC = @extschema@.credit_state_combine,
    FINALFUNC = @extschema@.roll_rate_final,
    INITCOND = 'v1;roll', PARALLEL = SAFE);
CREATE AGGREGATE @extschema@.roll_state(from_cycle pg_catalog.int4, to_cycle pg_catalog.int4, balance pg_catalog.numeric) (
    SFUNC = @extschema@.roll_rate_add, STYPE = @extschema@.credit_state,
    COMBINEFUNC = @extschema@.credit_state_combine,
    INITCOND = 'v1;roll', PARALLEL = SAFE);
COMMENT ON AGGREGATE @extschema@.roll_rate(pg_catalog.int4, pg_catalog.int4, pg_catalog.numeric) IS
'roll rates between two snapshots: per starting delinquency cycle (0..7), the balance shares that rolled forward, stayed or cured';
COMMENT ON AGGREGATE @extschema@.roll_state(pg_catalog.int4, pg_catalog.int4, pg_catalog.numeric) IS
'roll_rate state as a value, to store and merge later with credit_state_merge';

CREATE FUNCTION @extschema@.dso(receivables pg_catalog.numeric, credit_sales pg_catalog.numeric,
    days pg_catalog.int4 DEFAULT 365)
RETURNS pg_catalog.numeric
AS 'MODULE_PATHNAME', 'cs_dso' LANGUAGE C IMMUTABLE STRICT PARALLEL SAFE;
COMMENT ON FUNCTION @extschema@.dso(pg_catalog.numeric, pg_catalog.numeric, pg_catalog.int4) IS
'days sales outstanding: receivables / credit_sales * days; NULL when there were no credit sales';

CREATE FUNCTION @extschema@.cei(beginning_receivables pg_catalog.numeric, credit_sales pg_catalog.numeric,
    ending_receivables pg_catalog.numeric, ending_current_receivables pg_catalog.numeric)
RETURNS pg_catalog.numeric
AS 'MODULE_PATHNAME', 'cs_cei' LANGUAGE C IMMUTABLE STRICT PARALLEL SAFE;
COMMENT ON FUNCTION @extschema@.cei(pg_catalog.numeric, pg_catalog.numeric, pg_catalog.numeric, pg_catalog.numeric) IS
'collection effectiveness index in percent: (begin + sales - end) / (begin + sales - end_current) * 100; NULL when nothing was collectible';

--------------------------------------------------------------------------
-- Loyalty (src/loyalty.c)
--------------------------------------------------------------------------

CREATE FUNCTION @extschema@.loyalty_score(tenure_days pg_catalog.int4, trades_per_year pg_catalog.numeric,
    discount_rate pg_catalog.numeric, referrals pg_catalog.int4, new_products pg_catalog.int4 DEFAULT 0,
    weights pg_catalog.float8[] DEFAULT '{0.30,0.25,0.20,0.15,0.10}')
RETURNS pg_catalog.numeric
AS 'MODULE_PATHNAME', 'cs_loyalty_score' LANGUAGE C IMMUTABLE PARALLEL SAFE;
COMMENT ON FUNCTION @extschema@.loyalty_score(pg_catalog.int4, pg_catalog.numeric, pg_catalog.numeric, pg_catalog.int4, pg_catalog.int4, pg_catalog.float8[]) IS
'loyalty index 0-100: weighted saturating transforms of tenure (10 years), trades per year (log, 250), 1 - discount, referrals r/(r+2), new products n/(n+2)';

CREATE TYPE @extschema@.loyalty_tier AS ENUM ('low', 'medium', 'high');
COMMENT ON TYPE @extschema@.loyalty_tier IS 'loyalty by percentile: high (top 20% by default), medium (next 30%), low (rest)';

CREATE FUNCTION @extschema@.loyalty_tier(score pg_catalog.numeric, high_share pg_catalog.float8 DEFAULT 0.2,
    medium_share pg_catalog.float8 DEFAULT 0.3)
RETURNS @extschema@.loyalty_tier
AS 'MODULE_PATHNAME', 'cs_loyalty_tier_window' LANGUAGE C IMMUTABLE WINDOW PARALLEL SAFE;
COMMENT ON FUNCTION @extschema@.loyalty_tier(pg_catalog.numeric, pg_catalog.float8, pg_catalog.float8) IS
'window: loyalty tier by score percentile, high = top high_share, medium = next medium_share, low = rest; ties share the better tier';

--------------------------------------------------------------------------
-- Trading behaviour and RFM (src/behavior.c)
--------------------------------------------------------------------------

CREATE TYPE @extschema@.holding_style AS ENUM ('short_term', 'mid_term', 'long_term');
COMMENT ON TYPE @extschema@.holding_style IS 'holding style by average holding period: short_term (< 2 months), mid_term, long_term (6 months and more)';

CREATE FUNCTION @extschema@.holding_style(avg_holding_days pg_catalog.numeric,
    boundaries pg_catalog.int4[] DEFAULT '{60,180}')
RETURNS @extschema@.holding_style
AS 'MODULE_PATHNAME', 'cs_holding_style' LANGUAGE C IMMUTABLE PARALLEL SAFE;
COMMENT ON FUNCTION @extschema@.holding_style(pg_catalog.numeric, pg_catalog.int4[]) IS
'holding style: short_term below boundaries[1] days, mid_term below boundaries[2], long_term from boundaries[2] on (width_bucket rule)';

CREATE FUNCTION @extschema@.holding_class(avg_holding_days pg_catalog.numeric, boundaries pg_catalog.int4[],
    labels pg_catalog.text[])
RETURNS pg_catalog.text
AS 'MODULE_PATHNAME', 'cs_holding_class' LANGUAGE C IMMUTABLE PARALLEL SAFE;
COMMENT ON FUNCTION @extschema@.holding_class(pg_catalog.numeric, pg_catalog.int4[], pg_catalog.text[]) IS
'finer holding classes: labels[k + 1] where k = the number of boundaries <= avg_holding_days, e.g. day/week/month/quarter/half_year/year';

CREATE FUNCTION @extschema@.avg_holding_add(pg_catalog.int8[], pg_catalog.numeric, pg_catalog.numeric, pg_catalog.int4)
RETURNS pg_catalog.int8[]
AS 'MODULE_PATHNAME', 'cs_holding_add' LANGUAGE C IMMUTABLE PARALLEL SAFE;
CREATE FUNCTION @extschema@.avg_holding_combine(pg_catalog.int8[], pg_catalog.int8[])
RETURNS pg_catalog.int8[]
AS 'MODULE_PATHNAME', 'cs_holding_combine' LANGUAGE C IMMUTABLE STRICT PARALLEL SAFE;
CREATE FUNCTION @extschema@.avg_holding_final(pg_catalog.int8[])
RETURNS pg_catalog.numeric
AS 'MODULE_PATHNAME', 'cs_holding_final' LANGUAGE C IMMUTABLE STRICT PARALLEL SAFE;
COMMENT ON FUNCTION @extschema@.avg_holding_add(pg_catalog.int8[], pg_catalog.numeric, pg_catalog.numeric, pg_catalog.int4) IS 'aggregate transition function of avg_holding_days';
COMMENT ON FUNCTION @extschema@.avg_holding_combine(pg_catalog.int8[], pg_catalog.int8[]) IS 'aggregate combine function of avg_holding_days';
COMMENT ON FUNCTION @extschema@.avg_holding_final(pg_catalog.int8[]) IS 'average holding days from a holding state';
CREATE AGGREGATE @extschema@.avg_holding_days(trade_value pg_catalog.numeric, avg_assets pg_catalog.numeric,
    period_days pg_catalog.int4) (
    SFUNC = @extschema@.avg_holding_add, STYPE = pg_catalog.int8[],
    COMBINEFUNC = @extschema@.avg_holding_combine, FINALFUNC = @extschema@.avg_holding_final,
    INITCOND = '{1,0,0,-1,0,0}', PARALLEL = SAFE);
CREATE AGGREGATE @extschema@.holding_state(trade_value pg_catalog.numeric, avg_assets pg_catalog.numeric,
    period_days pg_catalog.int4) (
    SFUNC = @extschema@.avg_holding_add, STYPE = pg_catalog.int8[],
    COMBINEFUNC = @extschema@.avg_holding_combine,
    INITCOND = '{1,0,0,-1,0,0}', PARALLEL = SAFE);
CREATE AGGREGATE @extschema@.holding_state_merge(pg_catalog.int8[]) (
    SFUNC = @extschema@.avg_holding_combine, STYPE = pg_catalog.int8[],
    COMBINEFUNC = @extschema@.avg_holding_combine,
    INITCOND = '{1,0,0,-1,0,0}', PARALLEL = SAFE);
COMMENT ON AGGREGATE @extschema@.avg_holding_days(pg_catalog.numeric, pg_catalog.numeric, pg_catalog.int4) IS
'average holding period from turnover: avg_assets * period_days / (sum |trade_value| / 2); NULL without trades';
COMMENT ON AGGREGATE @extschema@.holding_state(pg_catalog.numeric, pg_catalog.numeric, pg_catalog.int4) IS
'avg_holding_days state as a value (int8[]: version, trades, traded * 10^4, assets * 10^4, period_days, scale)';
COMMENT ON AGGREGATE @extschema@.holding_state_merge(pg_catalog.int8[]) IS
'merge stored holding states; read with avg_holding_final()';

CREATE TYPE @extschema@.risk_appetite AS ENUM ('conservative', 'balanced', 'aggressive');
COMMENT ON TYPE @extschema@.risk_appetite IS 'risk appetite: conservative, balanced, aggressive';

CREATE FUNCTION @extschema@.risk_appetite(risky_share pg_catalog.numeric,
    boundaries pg_catalog.numeric[] DEFAULT '{0.3,0.7}')
RETURNS @extschema@.risk_appetite
AS 'MODULE_PATHNAME', 'cs_risk_appetite' LANGUAGE C IMMUTABLE PARALLEL SAFE;
COMMENT ON FUNCTION @extschema@.risk_appetite(pg_catalog.numeric, pg_catalog.numeric[]) IS
'risk appetite from the share of the portfolio in high-risk products (or a questionnaire score with your boundaries): conservative below boundaries[1], balanced below boundaries[2], aggressive from it on';

CREATE FUNCTION @extschema@.is_dormant(last_trade pg_catalog.date, as_of pg_catalog.date,
    days pg_catalog.int4 DEFAULT 180)
RETURNS pg_catalog.bool
AS 'MODULE_PATHNAME', 'cs_is_dormant' LANGUAGE C IMMUTABLE PARALLEL SAFE;
COMMENT ON FUNCTION @extschema@.is_dormant(pg_catalog.date, pg_catalog.date, pg_catalog.int4) IS
'true when the last trade is more than days before as_of, or there was none (NULL last_trade); NULL as_of gives NULL';

CREATE FUNCTION @extschema@.rfm_score(recency_days pg_catalog.int4, frequency pg_catalog.numeric,
    monetary pg_catalog.numeric)
RETURNS pg_catalog.text
AS 'MODULE_PATHNAME', 'cs_rfm_score_window' LANGUAGE C IMMUTABLE WINDOW PARALLEL SAFE;
COMMENT ON FUNCTION @extschema@.rfm_score(pg_catalog.int4, pg_catalog.numeric, pg_catalog.numeric) IS
'window: RFM score, three digits 1-5 by quintile as ntile(5) gives them (recency: fewer days is better); ties share the better quintile; NULL measures give NULL';

CREATE TYPE @extschema@.rfm_segment AS ENUM ('champions', 'loyal', 'potential_loyalist', 'new_customer',
    'promising', 'need_attention', 'about_to_sleep', 'at_risk', 'cant_lose_them', 'hibernating', 'lost');
COMMENT ON TYPE @extschema@.rfm_segment IS 'RFM segments from the recency score and the rounded-up mean of the frequency and monetary scores';

CREATE FUNCTION @extschema@.rfm_segment(score pg_catalog.text)
RETURNS @extschema@.rfm_segment
AS 'MODULE_PATHNAME', 'cs_rfm_segment' LANGUAGE C IMMUTABLE STRICT PARALLEL SAFE;
COMMENT ON FUNCTION @extschema@.rfm_segment(pg_catalog.text) IS
'RFM segment of a score such as ''545'' (see the README grid)';
