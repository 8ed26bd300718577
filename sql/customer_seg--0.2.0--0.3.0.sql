-- customer_seg 0.2.0 -> 0.3.0: one consistent SQL surface (docs/api-contract.md).  Types and functions are renamed with ALTER ... RENAME, which
-- keeps their OIDs: stored columns, indexes, views and materialized views
-- that use them keep working, and show the new names.  Nothing a user
-- object may depend on is dropped.
\echo Use "ALTER EXTENSION customer_seg UPDATE TO '0.3.0'" to load this file. \quit

-- ---------------------------------------------------------------------------
-- 1. Names: types, partial/merge/final companions, sort keys
-- ---------------------------------------------------------------------------

-- No function has the name of a type: PostgreSQL reads name('text') as a cast
-- when name is a type.  Enums take the suffix _label, composite results
-- _row; the functions keep their names.
ALTER TYPE @extschema@.value_tier RENAME TO value_tier_label;
ALTER TYPE @extschema@.credit_grade RENAME TO credit_grade_label;
ALTER TYPE @extschema@.rfm_segment RENAME TO rfm_segment_label;
ALTER TYPE @extschema@.holding_style RENAME TO holding_style_label;
ALTER TYPE @extschema@.loyalty_tier RENAME TO loyalty_tier_label;
ALTER TYPE @extschema@.risk_group RENAME TO risk_group_label;
ALTER TYPE @extschema@.risk_appetite RENAME TO risk_appetite_label;
ALTER TYPE @extschema@.overdue_class RENAME TO overdue_class_label;
ALTER TYPE @extschema@.collection_stage RENAME TO collection_stage_label;
ALTER TYPE @extschema@.aging_profile RENAME TO aging_profile_row;
ALTER TYPE @extschema@.payment_profile RENAME TO payment_profile_row;
ALTER TYPE @extschema@.roll_rate RENAME TO roll_rate_row;
ALTER TYPE @extschema@.value_cutoffs RENAME TO value_cutoffs_row;

-- Splittable aggregates (contract rule 6): every aggregate A that can be
-- computed in parts has A_partial(inputs of A without options) -> state,
-- the aggregate A_merge(state) and A_final(state [, options]).  An object of
-- 0.2.0 that already meant one of these is renamed (ALTER ... RENAME keeps
-- its OID, so user views keep working and show the new name); its old name
-- comes back as a deprecated alias only when it is not a type's name.
-- Parameters without a name get one with CREATE OR REPLACE (allowed for a
-- parameter that had none; the OID is kept).

-- value_summary, the state of value_cutoffs, top_share and value_curve.  The
-- 0.2.0 aggregate value_summary(numeric | float8) had the type's name (so
-- value_summary('...') was read as a cast): renamed, no alias.  The numeric
-- form becomes value_cutoffs_partial, which has no float8 form, so an int
-- column resolves to numeric (value_cutoffs only reads numeric summaries);
-- the float8 form becomes top_share_partial.
ALTER AGGREGATE @extschema@.value_summary(pg_catalog.numeric) RENAME TO value_cutoffs_partial;
CREATE OR REPLACE AGGREGATE @extschema@.value_cutoffs_partial(net pg_catalog.numeric) (
    SFUNC = @extschema@.value_summary_add, STYPE = @extschema@.value_summary,
    COMBINEFUNC = @extschema@.value_summary_combine, PARALLEL = SAFE);
COMMENT ON AGGREGATE @extschema@.value_cutoffs_partial(pg_catalog.numeric) IS
'value_cutoffs state as a value (exact summary of the non-NULL net values, at most 4 decimals): merge with value_cutoffs_merge, read with value_cutoffs_final';

ALTER AGGREGATE @extschema@.value_summary(pg_catalog.float8) RENAME TO top_share_partial;
CREATE OR REPLACE AGGREGATE @extschema@.top_share_partial(value pg_catalog.float8) (
    SFUNC = @extschema@.value_summary_add, STYPE = @extschema@.value_summary,
    COMBINEFUNC = @extschema@.value_summary_combine, PARALLEL = SAFE);
CREATE AGGREGATE @extschema@.top_share_partial(value pg_catalog.numeric) (
    SFUNC = @extschema@.value_summary_add, STYPE = @extschema@.value_summary,
    COMBINEFUNC = @extschema@.value_summary_combine, PARALLEL = SAFE);
COMMENT ON AGGREGATE @extschema@.top_share_partial(pg_catalog.float8) IS
'top_share state as a value (exact summary of the non-NULL values): merge with top_share_merge, read with top_share_final(summary, fraction)';
COMMENT ON AGGREGATE @extschema@.top_share_partial(pg_catalog.numeric) IS
'top_share state as a value (exact summary of the non-NULL values, at most 4 decimals): merge with top_share_merge, read with top_share_final(summary, fraction)';

CREATE AGGREGATE @extschema@.value_curve_partial(value pg_catalog.numeric) (
    SFUNC = @extschema@.value_summary_add, STYPE = @extschema@.value_summary,
    COMBINEFUNC = @extschema@.value_summary_combine, PARALLEL = SAFE);
CREATE AGGREGATE @extschema@.value_curve_partial(value pg_catalog.float8) (
    SFUNC = @extschema@.value_summary_add, STYPE = @extschema@.value_summary,
    COMBINEFUNC = @extschema@.value_summary_combine, PARALLEL = SAFE);
COMMENT ON AGGREGATE @extschema@.value_curve_partial(pg_catalog.numeric) IS
'value_curve state as a value (exact summary of the non-NULL values, at most 4 decimals): merge with value_curve_merge, read with value_curve_final(summary, points)';
COMMENT ON AGGREGATE @extschema@.value_curve_partial(pg_catalog.float8) IS
'value_curve state as a value (exact summary of the non-NULL values): merge with value_curve_merge, read with value_curve_final(summary, points)';

ALTER AGGREGATE @extschema@.value_summary_merge(@extschema@.value_summary) RENAME TO value_cutoffs_merge;
CREATE OR REPLACE AGGREGATE @extschema@.value_cutoffs_merge(summary @extschema@.value_summary) (
    SFUNC = @extschema@.value_summary_combine, STYPE = @extschema@.value_summary,
    COMBINEFUNC = @extschema@.value_summary_combine, PARALLEL = SAFE);
COMMENT ON AGGREGATE @extschema@.value_cutoffs_merge(@extschema@.value_summary) IS
'merge stored value_cutoffs states (per day, per branch, per shard) into one';
CREATE AGGREGATE @extschema@.top_share_merge(summary @extschema@.value_summary) (
    SFUNC = @extschema@.value_summary_combine, STYPE = @extschema@.value_summary,
    COMBINEFUNC = @extschema@.value_summary_combine, PARALLEL = SAFE);
COMMENT ON AGGREGATE @extschema@.top_share_merge(@extschema@.value_summary) IS
'merge stored top_share states (per day, per branch, per shard) into one';
CREATE AGGREGATE @extschema@.value_curve_merge(summary @extschema@.value_summary) (
    SFUNC = @extschema@.value_summary_combine, STYPE = @extschema@.value_summary,
    COMBINEFUNC = @extschema@.value_summary_combine, PARALLEL = SAFE);
COMMENT ON AGGREGATE @extschema@.value_curve_merge(@extschema@.value_summary) IS
'merge stored value_curve states (per day, per branch, per shard) into one';
CREATE AGGREGATE @extschema@.value_summary_merge(summary @extschema@.value_summary) (
    SFUNC = @extschema@.value_summary_combine, STYPE = @extschema@.value_summary,
    COMBINEFUNC = @extschema@.value_summary_combine, PARALLEL = SAFE);
COMMENT ON AGGREGATE @extschema@.value_summary_merge(@extschema@.value_summary) IS
'Deprecated in 0.3.0, removed in 0.4.0: use value_cutoffs_merge, top_share_merge or value_curve_merge.';

-- value_cutoffs_final(summary): the aggregate's final function, shares
-- kept in the state by value_cutoffs(net, top_share, vip_share), else the
-- defaults; it reads any value_cutoffs_partial state.
CREATE OR REPLACE FUNCTION @extschema@.value_cutoffs_final(summary @extschema@.value_summary)
RETURNS @extschema@.value_cutoffs_row
AS 'MODULE_PATHNAME', 'cs_value_cutoffs_final' LANGUAGE C IMMUTABLE PARALLEL SAFE;
COMMENT ON FUNCTION @extschema@.value_cutoffs_final(@extschema@.value_summary) IS
'tier cut-offs from a value_cutoffs state (top_share 0.20 and vip_share 0.25 unless the aggregate kept others); no rows (NULL) give (0,,)';

-- top_share_final(summary, fraction) and value_curve_final(summary, points)
-- are the 0.2.0 scalars top_share(summary, fraction) and value_curve(summary,
-- points), renamed.  The aggregates' own final functions, which read the
-- fraction or the points the aggregate kept in the state, had those names
-- with one argument: they move to *_aggfinal first (value_curve_final(s)
-- would otherwise be ambiguous with points' default).
ALTER FUNCTION @extschema@.top_share_final(@extschema@.value_summary) RENAME TO top_share_aggfinal;
CREATE OR REPLACE FUNCTION @extschema@.top_share_aggfinal(summary @extschema@.value_summary) RETURNS pg_catalog.float8
AS 'MODULE_PATHNAME', 'cs_top_share_final' LANGUAGE C IMMUTABLE PARALLEL SAFE;
COMMENT ON FUNCTION @extschema@.top_share_aggfinal(@extschema@.value_summary) IS
'final function of the top_share aggregates (the fraction kept in the state); read a stored state with top_share_final(summary, fraction)';
ALTER FUNCTION @extschema@.top_share(@extschema@.value_summary, pg_catalog.float8) RENAME TO top_share_final;
COMMENT ON FUNCTION @extschema@.top_share_final(@extschema@.value_summary, pg_catalog.float8) IS
'top_share from a top_share state: sum of the top ceil(N*fraction) values / sum of all values; NULL when the total is <= 0';
CREATE FUNCTION @extschema@.top_share(summary @extschema@.value_summary, fraction pg_catalog.float8)
RETURNS pg_catalog.float8
AS 'MODULE_PATHNAME', 'cs_top_share_summary' LANGUAGE C IMMUTABLE STRICT PARALLEL SAFE;
COMMENT ON FUNCTION @extschema@.top_share(@extschema@.value_summary, pg_catalog.float8) IS
'Deprecated in 0.3.0, removed in 0.4.0: use top_share_final(summary, fraction).';

ALTER FUNCTION @extschema@.value_curve_final(@extschema@.value_summary) RENAME TO value_curve_aggfinal;
CREATE OR REPLACE FUNCTION @extschema@.value_curve_aggfinal(summary @extschema@.value_summary) RETURNS pg_catalog.float8[]
AS 'MODULE_PATHNAME', 'cs_value_curve_final' LANGUAGE C IMMUTABLE PARALLEL SAFE;
COMMENT ON FUNCTION @extschema@.value_curve_aggfinal(@extschema@.value_summary) IS
'final function of the value_curve aggregates (the points kept in the state, else 100); read a stored state with value_curve_final(summary, points)';
ALTER FUNCTION @extschema@.value_curve(@extschema@.value_summary, pg_catalog.int4) RENAME TO value_curve_final;
COMMENT ON FUNCTION @extschema@.value_curve_final(@extschema@.value_summary, pg_catalog.int4) IS
'whale curve from a value_curve state: cumulative share of the total at points evenly spaced ranks from the top (default 100)';
CREATE FUNCTION @extschema@.value_curve(summary @extschema@.value_summary, points pg_catalog.int4 DEFAULT 100)
RETURNS pg_catalog.float8[]
AS 'MODULE_PATHNAME', 'cs_value_curve_summary' LANGUAGE C IMMUTABLE STRICT PARALLEL SAFE;
COMMENT ON FUNCTION @extschema@.value_curve(@extschema@.value_summary, pg_catalog.int4) IS
'Deprecated in 0.3.0, removed in 0.4.0: use value_curve_final(summary, points).';

-- the aggregates' own arguments get names
CREATE OR REPLACE AGGREGATE @extschema@.top_share(value pg_catalog.numeric, fraction pg_catalog.float8) (
    SFUNC = @extschema@.value_summary_add, STYPE = @extschema@.value_summary,
    COMBINEFUNC = @extschema@.value_summary_combine,
    FINALFUNC = @extschema@.top_share_aggfinal, PARALLEL = SAFE);
CREATE OR REPLACE AGGREGATE @extschema@.top_share(value pg_catalog.float8, fraction pg_catalog.float8) (
    SFUNC = @extschema@.value_summary_add, STYPE = @extschema@.value_summary,
    COMBINEFUNC = @extschema@.value_summary_combine,
    FINALFUNC = @extschema@.top_share_aggfinal, PARALLEL = SAFE);
CREATE OR REPLACE AGGREGATE @extschema@.value_curve(value pg_catalog.numeric) (
    SFUNC = @extschema@.value_summary_add, STYPE = @extschema@.value_summary,
    COMBINEFUNC = @extschema@.value_summary_combine,
    FINALFUNC = @extschema@.value_curve_aggfinal, PARALLEL = SAFE);
CREATE OR REPLACE AGGREGATE @extschema@.value_curve(value pg_catalog.numeric, points pg_catalog.int4) (
    SFUNC = @extschema@.value_summary_add, STYPE = @extschema@.value_summary,
    COMBINEFUNC = @extschema@.value_summary_combine,
    FINALFUNC = @extschema@.value_curve_aggfinal, PARALLEL = SAFE);
CREATE OR REPLACE AGGREGATE @extschema@.value_curve(value pg_catalog.float8) (
    SFUNC = @extschema@.value_summary_add, STYPE = @extschema@.value_summary,
    COMBINEFUNC = @extschema@.value_summary_combine,
    FINALFUNC = @extschema@.value_curve_aggfinal, PARALLEL = SAFE);
CREATE OR REPLACE AGGREGATE @extschema@.value_curve(value pg_catalog.float8, points pg_catalog.int4) (
    SFUNC = @extschema@.value_summary_add, STYPE = @extschema@.value_summary,
    COMBINEFUNC = @extschema@.value_summary_combine,
    FINALFUNC = @extschema@.value_curve_aggfinal, PARALLEL = SAFE);

-- aging_state, the state of aging_profile.  The 0.2.0 aggregate
-- aging_state(amount, days_past_due) had the type's name: renamed, no alias.
ALTER AGGREGATE @extschema@.aging_state(pg_catalog.numeric, pg_catalog.int4) RENAME TO aging_profile_partial;
COMMENT ON AGGREGATE @extschema@.aging_profile_partial(pg_catalog.numeric, pg_catalog.int4) IS
'aging_profile state as a value, to store per day or shard: merge with aging_profile_merge, read with aging_profile_final';
ALTER AGGREGATE @extschema@.aging_state_merge(@extschema@.aging_state) RENAME TO aging_profile_merge;
CREATE OR REPLACE AGGREGATE @extschema@.aging_profile_merge(state @extschema@.aging_state) (
    SFUNC = @extschema@.aging_profile_combine, STYPE = @extschema@.aging_state,
    COMBINEFUNC = @extschema@.aging_profile_combine,
    INITCOND = 'v1;0;0;0;;', PARALLEL = SAFE);
COMMENT ON AGGREGATE @extschema@.aging_profile_merge(@extschema@.aging_state) IS
'merge stored aging_profile states; read with aging_profile_final()';
CREATE AGGREGATE @extschema@.aging_state_merge(state @extschema@.aging_state) (
    SFUNC = @extschema@.aging_profile_combine, STYPE = @extschema@.aging_state,
    COMBINEFUNC = @extschema@.aging_profile_combine,
    INITCOND = 'v1;0;0;0;;', PARALLEL = SAFE);
COMMENT ON AGGREGATE @extschema@.aging_state_merge(@extschema@.aging_state) IS
'Deprecated in 0.3.0, removed in 0.4.0: use aging_profile_merge.';
CREATE OR REPLACE FUNCTION @extschema@.aging_profile_final(state @extschema@.aging_state)
RETURNS @extschema@.aging_profile_row
AS 'MODULE_PATHNAME', 'cs_aging_final' LANGUAGE C IMMUTABLE STRICT PARALLEL SAFE;
COMMENT ON FUNCTION @extschema@.aging_profile_final(@extschema@.aging_state) IS
'aging_profile_row from an aging_profile state (default boundaries)';

-- aging_profile's overload changed shape (aging_profile_row with two
-- arguments, numeric[] with three): the three-argument aggregate is renamed
-- aging_bucket_totals, without an alias.  Its boundaries are an input, not
-- an option: they are kept in the state, so _partial takes them too.
ALTER AGGREGATE @extschema@.aging_profile(pg_catalog.numeric, pg_catalog.int4, pg_catalog.int4[]) RENAME TO aging_bucket_totals;
COMMENT ON AGGREGATE @extschema@.aging_bucket_totals(pg_catalog.numeric, pg_catalog.int4, pg_catalog.int4[]) IS
'receivables per custom aging bucket: numeric[] with one sum per bucket of boundaries; NULL over no rows';
CREATE AGGREGATE @extschema@.aging_bucket_totals_partial(amount pg_catalog.numeric, days_past_due pg_catalog.int4,
    boundaries pg_catalog.int4[]) (
    SFUNC = @extschema@.aging_profile_add, STYPE = @extschema@.aging_state,
    COMBINEFUNC = @extschema@.aging_profile_combine,
    INITCOND = 'v1;0;0;0;;', PARALLEL = SAFE);
COMMENT ON AGGREGATE @extschema@.aging_bucket_totals_partial(pg_catalog.numeric, pg_catalog.int4, pg_catalog.int4[]) IS
'aging_bucket_totals state as a value: merge with aging_bucket_totals_merge, read with aging_bucket_totals_final';
CREATE AGGREGATE @extschema@.aging_bucket_totals_merge(state @extschema@.aging_state) (
    SFUNC = @extschema@.aging_profile_combine, STYPE = @extschema@.aging_state,
    COMBINEFUNC = @extschema@.aging_profile_combine,
    INITCOND = 'v1;0;0;0;;', PARALLEL = SAFE);
COMMENT ON AGGREGATE @extschema@.aging_bucket_totals_merge(@extschema@.aging_state) IS
'merge stored aging_bucket_totals states (same boundaries); read with aging_bucket_totals_final()';
ALTER FUNCTION @extschema@.aging_profile_final_array(@extschema@.aging_state) RENAME TO aging_bucket_totals_final;
CREATE OR REPLACE FUNCTION @extschema@.aging_bucket_totals_final(state @extschema@.aging_state)
RETURNS pg_catalog.numeric[]
AS 'MODULE_PATHNAME', 'cs_aging_final_array' LANGUAGE C IMMUTABLE STRICT PARALLEL SAFE;
COMMENT ON FUNCTION @extschema@.aging_bucket_totals_final(@extschema@.aging_state) IS
'bucket sums from an aging_bucket_totals (or aging_profile) state, one numeric per bucket; NULL before any row';
CREATE FUNCTION @extschema@.aging_profile_final_array(state @extschema@.aging_state)
RETURNS pg_catalog.numeric[]
AS 'MODULE_PATHNAME', 'cs_aging_final_array' LANGUAGE C IMMUTABLE STRICT PARALLEL SAFE;
COMMENT ON FUNCTION @extschema@.aging_profile_final_array(@extschema@.aging_state) IS
'Deprecated in 0.3.0, removed in 0.4.0: use aging_bucket_totals_final.';

-- credit_state, the state of payment_profile and recovery_rate (and of
-- roll_rate, whose companions are the collection KPIs' part).
ALTER AGGREGATE @extschema@.payment_state(pg_catalog.date, pg_catalog.date, pg_catalog.date, pg_catalog.numeric, pg_catalog.date)
    RENAME TO payment_profile_partial;
COMMENT ON AGGREGATE @extschema@.payment_profile_partial(pg_catalog.date, pg_catalog.date, pg_catalog.date, pg_catalog.numeric, pg_catalog.date) IS
'payment_profile state as a value, to store per month or shard: merge with payment_profile_merge, read with payment_profile_final';
CREATE AGGREGATE @extschema@.payment_state(invoice_date pg_catalog.date, due_date pg_catalog.date,
    paid_date pg_catalog.date, amount pg_catalog.numeric, as_of pg_catalog.date) (
    SFUNC = @extschema@.payment_profile_add, STYPE = @extschema@.credit_state,
    COMBINEFUNC = @extschema@.credit_state_combine,
    INITCOND = 'v1;payment', PARALLEL = SAFE);
COMMENT ON AGGREGATE @extschema@.payment_state(pg_catalog.date, pg_catalog.date, pg_catalog.date, pg_catalog.numeric, pg_catalog.date) IS
'Deprecated in 0.3.0, removed in 0.4.0: use payment_profile_partial.';

ALTER AGGREGATE @extschema@.credit_state_merge(@extschema@.credit_state) RENAME TO payment_profile_merge;
CREATE OR REPLACE AGGREGATE @extschema@.payment_profile_merge(state @extschema@.credit_state) (
    SFUNC = @extschema@.credit_state_combine, STYPE = @extschema@.credit_state,
    COMBINEFUNC = @extschema@.credit_state_combine, PARALLEL = SAFE);
COMMENT ON AGGREGATE @extschema@.payment_profile_merge(@extschema@.credit_state) IS
'merge stored payment_profile states; read with payment_profile_final';
CREATE AGGREGATE @extschema@.recovery_rate_merge(state @extschema@.credit_state) (
    SFUNC = @extschema@.credit_state_combine, STYPE = @extschema@.credit_state,
    COMBINEFUNC = @extschema@.credit_state_combine, PARALLEL = SAFE);
COMMENT ON AGGREGATE @extschema@.recovery_rate_merge(@extschema@.credit_state) IS
'merge stored recovery_rate states; read with recovery_rate_final';
CREATE AGGREGATE @extschema@.credit_state_merge(state @extschema@.credit_state) (
    SFUNC = @extschema@.credit_state_combine, STYPE = @extschema@.credit_state,
    COMBINEFUNC = @extschema@.credit_state_combine, PARALLEL = SAFE);
COMMENT ON AGGREGATE @extschema@.credit_state_merge(@extschema@.credit_state) IS
'Deprecated in 0.3.0, removed in 0.4.0: use the merge of the aggregate whose states it merges: payment_profile_merge, recovery_rate_merge, cycle_migration_merge (roll states of 0.2.0), roll_rate_merge or dso_countback_merge.';
CREATE OR REPLACE FUNCTION @extschema@.payment_profile_final(state @extschema@.credit_state)
RETURNS @extschema@.payment_profile_row
AS 'MODULE_PATHNAME', 'cs_payment_final' LANGUAGE C IMMUTABLE STRICT PARALLEL SAFE;
COMMENT ON FUNCTION @extschema@.payment_profile_final(@extschema@.credit_state) IS
'payment_profile_row from a payment_profile state';

ALTER AGGREGATE @extschema@.recovery_state(pg_catalog.numeric, pg_catalog.numeric) RENAME TO recovery_rate_partial;
COMMENT ON AGGREGATE @extschema@.recovery_rate_partial(pg_catalog.numeric, pg_catalog.numeric) IS
'recovery_rate state as a value: merge with recovery_rate_merge, read with recovery_rate_final';
CREATE AGGREGATE @extschema@.recovery_state(recovered pg_catalog.numeric, overdue_at_start pg_catalog.numeric) (
    SFUNC = @extschema@.recovery_rate_add, STYPE = @extschema@.credit_state,
    COMBINEFUNC = @extschema@.credit_state_combine,
    INITCOND = 'v1;recovery', PARALLEL = SAFE);
COMMENT ON AGGREGATE @extschema@.recovery_state(pg_catalog.numeric, pg_catalog.numeric) IS
'Deprecated in 0.3.0, removed in 0.4.0: use recovery_rate_partial.';
CREATE OR REPLACE FUNCTION @extschema@.recovery_rate_final(state @extschema@.credit_state)
RETURNS pg_catalog.numeric
AS 'MODULE_PATHNAME', 'cs_recovery_final' LANGUAGE C IMMUTABLE STRICT PARALLEL SAFE;
COMMENT ON FUNCTION @extschema@.recovery_rate_final(@extschema@.credit_state) IS
'recovery rate from a recovery_rate state';

-- avg_holding_days keeps its int8[] state (the one aggregate whose state is
-- not a type of the extension's own; changing it is left for a later
-- release).
ALTER AGGREGATE @extschema@.holding_state(pg_catalog.numeric, pg_catalog.numeric, pg_catalog.int4) RENAME TO avg_holding_days_partial;
COMMENT ON AGGREGATE @extschema@.avg_holding_days_partial(pg_catalog.numeric, pg_catalog.numeric, pg_catalog.int4) IS
'avg_holding_days state as a value (int8[]: version, trades, traded * 10^4, assets * 10^4, period_days, scale): merge with avg_holding_days_merge, read with avg_holding_days_final';
CREATE AGGREGATE @extschema@.holding_state(trade_value pg_catalog.numeric, avg_assets pg_catalog.numeric,
    period_days pg_catalog.int4) (
    SFUNC = @extschema@.avg_holding_add, STYPE = pg_catalog.int8[],
    COMBINEFUNC = @extschema@.avg_holding_combine,
    INITCOND = '{1,0,0,-1,0,0}', PARALLEL = SAFE);
COMMENT ON AGGREGATE @extschema@.holding_state(pg_catalog.numeric, pg_catalog.numeric, pg_catalog.int4) IS
'Deprecated in 0.3.0, removed in 0.4.0: use avg_holding_days_partial.';

ALTER AGGREGATE @extschema@.holding_state_merge(pg_catalog.int8[]) RENAME TO avg_holding_days_merge;
CREATE OR REPLACE AGGREGATE @extschema@.avg_holding_days_merge(state pg_catalog.int8[]) (
    SFUNC = @extschema@.avg_holding_combine, STYPE = pg_catalog.int8[],
    COMBINEFUNC = @extschema@.avg_holding_combine,
    INITCOND = '{1,0,0,-1,0,0}', PARALLEL = SAFE);
COMMENT ON AGGREGATE @extschema@.avg_holding_days_merge(pg_catalog.int8[]) IS
'merge stored avg_holding_days states; read with avg_holding_days_final()';
CREATE AGGREGATE @extschema@.holding_state_merge(state pg_catalog.int8[]) (
    SFUNC = @extschema@.avg_holding_combine, STYPE = pg_catalog.int8[],
    COMBINEFUNC = @extschema@.avg_holding_combine,
    INITCOND = '{1,0,0,-1,0,0}', PARALLEL = SAFE);
COMMENT ON AGGREGATE @extschema@.holding_state_merge(pg_catalog.int8[]) IS
'Deprecated in 0.3.0, removed in 0.4.0: use avg_holding_days_merge.';

ALTER FUNCTION @extschema@.avg_holding_final(pg_catalog.int8[]) RENAME TO avg_holding_days_final;
CREATE OR REPLACE FUNCTION @extschema@.avg_holding_days_final(state pg_catalog.int8[])
RETURNS pg_catalog.numeric
AS 'MODULE_PATHNAME', 'cs_holding_final' LANGUAGE C IMMUTABLE STRICT PARALLEL SAFE;
COMMENT ON FUNCTION @extschema@.avg_holding_days_final(pg_catalog.int8[]) IS
'average holding days from an avg_holding_days state';
CREATE FUNCTION @extschema@.avg_holding_final(state pg_catalog.int8[])
RETURNS pg_catalog.numeric
AS 'MODULE_PATHNAME', 'cs_holding_final' LANGUAGE C IMMUTABLE STRICT PARALLEL SAFE;
COMMENT ON FUNCTION @extschema@.avg_holding_final(pg_catalog.int8[]) IS
'Deprecated in 0.3.0, removed in 0.4.0: use avg_holding_days_final.';

-- sort_key(label) -> int for every enum (contract rule 5): 1 for the best or
-- first label, for BI tools that sort labels as text.  The enums keep their
-- own order (ORDER BY label), on which stored data and indexes rely.

CREATE FUNCTION @extschema@.sort_key(label @extschema@.value_tier_label) RETURNS pg_catalog.int4
AS 'MODULE_PATHNAME', 'cs_sort_key_value_tier' LANGUAGE C IMMUTABLE STRICT PARALLEL SAFE;
COMMENT ON FUNCTION @extschema@.sort_key(@extschema@.value_tier_label) IS
'sort key of a value_tier_label, the most valuable tier first: vip 1, important 2, general 3, potential 4, no_value 5';

CREATE FUNCTION @extschema@.sort_key(label @extschema@.credit_grade_label) RETURNS pg_catalog.int4
AS 'MODULE_PATHNAME', 'cs_sort_key_credit_grade' LANGUAGE C IMMUTABLE STRICT PARALLEL SAFE;
COMMENT ON FUNCTION @extschema@.sort_key(@extschema@.credit_grade_label) IS
'sort key of a credit_grade_label, the best grade first: A 1, B 2, C 3, D 4';

CREATE FUNCTION @extschema@.sort_key(label @extschema@.rfm_segment_label) RETURNS pg_catalog.int4
AS 'MODULE_PATHNAME', 'cs_sort_key_rfm_segment' LANGUAGE C IMMUTABLE STRICT PARALLEL SAFE;
COMMENT ON FUNCTION @extschema@.sort_key(@extschema@.rfm_segment_label) IS
'sort key of a rfm_segment_label, the best segment first: champions 1, loyal 2, potential_loyalist 3, new_customer 4, promising 5, need_attention 6, about_to_sleep 7, at_risk 8, cant_lose_them 9, hibernating 10, lost 11';

CREATE FUNCTION @extschema@.sort_key(label @extschema@.holding_style_label) RETURNS pg_catalog.int4
AS 'MODULE_PATHNAME', 'cs_sort_key_holding_style' LANGUAGE C IMMUTABLE STRICT PARALLEL SAFE;
COMMENT ON FUNCTION @extschema@.sort_key(@extschema@.holding_style_label) IS
'sort key of a holding_style_label, the shortest holding style first: short_term 1, mid_term 2, long_term 3';

CREATE FUNCTION @extschema@.sort_key(label @extschema@.loyalty_tier_label) RETURNS pg_catalog.int4
AS 'MODULE_PATHNAME', 'cs_sort_key_loyalty_tier' LANGUAGE C IMMUTABLE STRICT PARALLEL SAFE;
COMMENT ON FUNCTION @extschema@.sort_key(@extschema@.loyalty_tier_label) IS
'sort key of a loyalty_tier_label, the most loyal first: high 1, medium 2, low 3 (the reverse of the enum''s own order)';

CREATE FUNCTION @extschema@.sort_key(label @extschema@.risk_group_label) RETURNS pg_catalog.int4
AS 'MODULE_PATHNAME', 'cs_sort_key_risk_group' LANGUAGE C IMMUTABLE STRICT PARALLEL SAFE;
COMMENT ON FUNCTION @extschema@.sort_key(@extschema@.risk_group_label) IS
'sort key of a risk_group_label, the lowest risk first: low 1, medium 2, high 3';

CREATE FUNCTION @extschema@.sort_key(label @extschema@.risk_appetite_label) RETURNS pg_catalog.int4
AS 'MODULE_PATHNAME', 'cs_sort_key_risk_appetite' LANGUAGE C IMMUTABLE STRICT PARALLEL SAFE;
COMMENT ON FUNCTION @extschema@.sort_key(@extschema@.risk_appetite_label) IS
'sort key of a risk_appetite_label, the most conservative appetite first: conservative 1, balanced 2, aggressive 3';

CREATE FUNCTION @extschema@.sort_key(label @extschema@.overdue_class_label) RETURNS pg_catalog.int4
AS 'MODULE_PATHNAME', 'cs_sort_key_overdue_class' LANGUAGE C IMMUTABLE STRICT PARALLEL SAFE;
COMMENT ON FUNCTION @extschema@.sort_key(@extschema@.overdue_class_label) IS
'sort key of a overdue_class_label, the classes in the order they are named: A (focus) 1, B (reminders) 2, C (legal) 3';

CREATE FUNCTION @extschema@.sort_key(label @extschema@.collection_stage_label) RETURNS pg_catalog.int4
AS 'MODULE_PATHNAME', 'cs_sort_key_collection_stage' LANGUAGE C IMMUTABLE STRICT PARALLEL SAFE;
COMMENT ON FUNCTION @extschema@.sort_key(@extschema@.collection_stage_label) IS
'sort key of a collection_stage_label, the earliest collection stage first: not_due 1, reminder 2, notice 3, warning 4, lawyer_letter 5, legal 6';

-- (end of section 1)



-- ---------------------------------------------------------------------------
-- 2. Checks, overloads and NULL policies
-- ---------------------------------------------------------------------------

-- Rule 4: rates and fractions are in [0, 1] (the C functions check them, so
-- the 0.2.0 objects follow the rule too); the comments say so.
COMMENT ON FUNCTION @extschema@.risk_appetite(pg_catalog.numeric, pg_catalog.numeric[]) IS
'risk appetite from the share of the portfolio in high-risk products, a fraction in [0, 1]: conservative below boundaries[1], balanced below boundaries[2], aggressive from it on (boundaries are fractions too)';
COMMENT ON FUNCTION @extschema@.economic_profit(pg_catalog.numeric, pg_catalog.numeric, pg_catalog.numeric, pg_catalog.numeric, pg_catalog.numeric, pg_catalog.numeric, pg_catalog.numeric) IS
'risk-adjusted economic profit: revenue - operating_cost - funding_balance*ftp_rate - capital*hurdle_rate - expected_loss; the rates are fractions in [0, 1], the expected loss non-negative';

-- Rule 7: recovery_rate's NULL policy.  A NULL recovered counts as 0 (a LEFT
-- JOIN of overdue accounts to recoveries: an account that paid nothing still
-- counts in the denominator); a NULL overdue_at_start skips the row.  The
-- transition function handles NULLs itself, so it is no longer STRICT (a
-- STRICT one drops the whole row when either input is NULL).  The state is
-- unchanged: every stored recovery state is read as before.
ALTER FUNCTION @extschema@.recovery_rate_add(@extschema@.credit_state, pg_catalog.numeric, pg_catalog.numeric)
    CALLED ON NULL INPUT;
COMMENT ON AGGREGATE @extschema@.recovery_rate(pg_catalog.numeric, pg_catalog.numeric) IS
'recovery rate: sum(recovered) / sum(overdue_at_start); a NULL recovered counts as 0, a row with a NULL overdue_at_start is skipped; NULL when nothing was overdue';
COMMENT ON AGGREGATE @extschema@.payment_profile(pg_catalog.date, pg_catalog.date, pg_catalog.date, pg_catalog.numeric, pg_catalog.date) IS
'payment behaviour of a customer''s invoices as of a date (paid_date NULL = open; due_date NULL = not judged for timeliness; negative amounts are credit notes; rows without invoice_date or amount are skipped)';

-- (end of section 2)



-- ---------------------------------------------------------------------------
-- 3. Collection KPIs as the standards define them: roll rate, DSO
-- ---------------------------------------------------------------------------

-- 3a. The 0.2.0 roll_rate(from_cycle, to_cycle, balance) reports, per
-- starting cycle, the shares of the balance that got worse, stayed or got
-- better: a cycle migration, not the textbook roll rate (bucket k to bucket
-- k + 1).  It keeps its meaning under an honest name; the renames keep the
-- OIDs, so views on it keep working and show the new names.  No alias keeps
-- the old names: roll_rate and roll_rate_final now name the textbook roll
-- rate (with other arguments and another state kind, so a query written for
-- 0.2.0 fails instead of silently changing its meaning), and roll_state
-- would read as the state of that roll_rate.
ALTER AGGREGATE @extschema@.roll_rate(pg_catalog.int4, pg_catalog.int4, pg_catalog.numeric)
    RENAME TO cycle_migration;
ALTER TYPE @extschema@.roll_rate_row RENAME TO cycle_migration_row;
ALTER AGGREGATE @extschema@.roll_state(pg_catalog.int4, pg_catalog.int4, pg_catalog.numeric)
    RENAME TO cycle_migration_partial;
ALTER FUNCTION @extschema@.roll_rate_final(@extschema@.credit_state) RENAME TO cycle_migration_final;
ALTER FUNCTION @extschema@.roll_rate_add(@extschema@.credit_state, pg_catalog.int4, pg_catalog.int4, pg_catalog.numeric)
    RENAME TO cycle_migration_add;
-- every parameter has a name (0.2.0's support functions had none; naming an
-- unnamed parameter keeps the object)
CREATE OR REPLACE FUNCTION @extschema@.cycle_migration_add(state @extschema@.credit_state,
    from_cycle pg_catalog.int4, to_cycle pg_catalog.int4, balance pg_catalog.numeric)
RETURNS @extschema@.credit_state
AS 'MODULE_PATHNAME', 'cs_roll_add' LANGUAGE C IMMUTABLE STRICT PARALLEL SAFE;
CREATE OR REPLACE FUNCTION @extschema@.cycle_migration_final(state @extschema@.credit_state)
RETURNS @extschema@.cycle_migration_row[]
AS 'MODULE_PATHNAME', 'cs_roll_final' LANGUAGE C IMMUTABLE STRICT PARALLEL SAFE;
CREATE AGGREGATE @extschema@.cycle_migration_merge(state @extschema@.credit_state) (
    SFUNC = @extschema@.credit_state_combine, STYPE = @extschema@.credit_state,
    COMBINEFUNC = @extschema@.credit_state_combine, PARALLEL = SAFE);

COMMENT ON TYPE @extschema@.cycle_migration_row IS
'cycle migration of one starting delinquency cycle: accounts, starting balance, and the shares of that balance that moved to a higher cycle (rolled_forward), stayed, or moved to a lower one (cured)';
COMMENT ON AGGREGATE @extschema@.cycle_migration(pg_catalog.int4, pg_catalog.int4, pg_catalog.numeric) IS
'cycle migration between two snapshots (roll_rate in 0.2.0): per starting delinquency cycle 0..7, the shares of the starting balance that moved to a worse cycle, stayed, or moved to a better one';
COMMENT ON AGGREGATE @extschema@.cycle_migration_partial(pg_catalog.int4, pg_catalog.int4, pg_catalog.numeric) IS
'cycle_migration state as a value (roll_state in 0.2.0), to store and merge later with cycle_migration_merge';
COMMENT ON AGGREGATE @extschema@.cycle_migration_merge(@extschema@.credit_state) IS
'merges stored cycle_migration states; read the result with cycle_migration_final';
COMMENT ON FUNCTION @extschema@.cycle_migration_final(@extschema@.credit_state) IS
'cycle migration from a cycle_migration state (roll_rate_final in 0.2.0), one element per starting cycle';
COMMENT ON FUNCTION @extschema@.cycle_migration_add(@extschema@.credit_state, pg_catalog.int4, pg_catalog.int4, pg_catalog.numeric) IS
'aggregate transition function of cycle_migration';

-- 3b. The textbook roll rate: of the balance in delinquency bucket k at the
-- start of a period, the share in bucket k + 1 one period later, with
-- charge-off as the state after the last bucket (M7+).  One row per account
-- and period; the state is a credit_state of the new kind roll_rate
-- ('v1;roll_rate;dscale;cell,sum,count,...'), so 0.2.0's states stay as
-- they were and are never read as roll rates.
CREATE TYPE @extschema@.roll_rate_row AS (
    from_bucket pg_catalog.int4, accounts pg_catalog.int8, balance pg_catalog.numeric,
    cured pg_catalog.numeric, paid_off pg_catalog.numeric, stayed pg_catalog.numeric,
    rolled pg_catalog.numeric, rolled_further pg_catalog.numeric, charged_off pg_catalog.numeric,
    roll_rate pg_catalog.numeric);
COMMENT ON TYPE @extschema@.roll_rate_row IS
'roll rate of one starting delinquency bucket: accounts, starting balance split by where it went (cured, paid_off, stayed, rolled to the next state, rolled_further; charged_off is the written-off part of the last two), and roll_rate = rolled / balance';

CREATE FUNCTION @extschema@.roll_rate_add(state @extschema@.credit_state, from_bucket pg_catalog.int4,
    to_bucket pg_catalog.int4, balance pg_catalog.numeric, charged_off pg_catalog.bool)
RETURNS @extschema@.credit_state
AS 'MODULE_PATHNAME', 'cs_roll_rate_add' LANGUAGE C IMMUTABLE PARALLEL SAFE;
COMMENT ON FUNCTION @extschema@.roll_rate_add(@extschema@.credit_state, pg_catalog.int4, pg_catalog.int4, pg_catalog.numeric, pg_catalog.bool) IS
'aggregate transition function of roll_rate and roll_rate_partial';
CREATE FUNCTION @extschema@.roll_rate_final(state @extschema@.credit_state)
RETURNS @extschema@.roll_rate_row[]
AS 'MODULE_PATHNAME', 'cs_roll_rate_final' LANGUAGE C IMMUTABLE STRICT PARALLEL SAFE;
COMMENT ON FUNCTION @extschema@.roll_rate_final(@extschema@.credit_state) IS
'roll rates from a roll_rate state, one element per starting bucket';

CREATE AGGREGATE @extschema@.roll_rate(from_bucket pg_catalog.int4, to_bucket pg_catalog.int4,
    balance pg_catalog.numeric, charged_off pg_catalog.bool) (
    SFUNC = @extschema@.roll_rate_add, STYPE = @extschema@.credit_state,
    COMBINEFUNC = @extschema@.credit_state_combine,
    FINALFUNC = @extschema@.roll_rate_final,
    INITCOND = 'v1;roll_rate', PARALLEL = SAFE);
COMMENT ON AGGREGATE @extschema@.roll_rate(pg_catalog.int4, pg_catalog.int4, pg_catalog.numeric, pg_catalog.bool) IS
'textbook roll rates, one row per account and period: per starting delinquency bucket 0..7, the share of the starting balance in the next bucket one period later (from the last bucket: charged off); NULL to_bucket = paid off';
CREATE AGGREGATE @extschema@.roll_rate_partial(from_bucket pg_catalog.int4, to_bucket pg_catalog.int4,
    balance pg_catalog.numeric, charged_off pg_catalog.bool) (
    SFUNC = @extschema@.roll_rate_add, STYPE = @extschema@.credit_state,
    COMBINEFUNC = @extschema@.credit_state_combine,
    INITCOND = 'v1;roll_rate', PARALLEL = SAFE);
COMMENT ON AGGREGATE @extschema@.roll_rate_partial(pg_catalog.int4, pg_catalog.int4, pg_catalog.numeric, pg_catalog.bool) IS
'roll_rate state as a value, to store and merge later with roll_rate_merge';
CREATE AGGREGATE @extschema@.roll_rate_merge(state @extschema@.credit_state) (
    SFUNC = @extschema@.credit_state_combine, STYPE = @extschema@.credit_state,
    COMBINEFUNC = @extschema@.credit_state_combine, PARALLEL = SAFE);
COMMENT ON AGGREGATE @extschema@.roll_rate_merge(@extschema@.credit_state) IS
'merges stored roll_rate states; read the result with roll_rate_final';

-- the flow rate of loss forecasts: the product of consecutive roll rates
CREATE FUNCTION @extschema@.roll_rate_flow(rates @extschema@.roll_rate_row[], from_bucket pg_catalog.int4 DEFAULT 0)
RETURNS pg_catalog.numeric
AS 'MODULE_PATHNAME', 'cs_roll_rate_flow' LANGUAGE C IMMUTABLE STRICT PARALLEL SAFE;
COMMENT ON FUNCTION @extschema@.roll_rate_flow(@extschema@.roll_rate_row[], pg_catalog.int4) IS
'flow rate: the product of the roll rates of buckets from_bucket..7 (the last one into charge-off); NULL when a bucket has no rate';

-- 3c. DSO in the Credit Research Foundation's two forms.  dso(receivables,
-- credit_sales, days) is the period (regular) form and stays as it is;
-- dso_countback counts back over a series of periods.  Its state is a
-- credit_state of the new kind countback ('v1;countback;dscale;period_end,
-- days,sales,receivables,...', periods in any order).
COMMENT ON FUNCTION @extschema@.dso(pg_catalog.numeric, pg_catalog.numeric, pg_catalog.int4) IS
'DSO, the Credit Research Foundation''s period (regular) form: receivables / credit_sales * days; NULL when there were no credit sales';

CREATE FUNCTION @extschema@.dso_countback_add(state @extschema@.credit_state, receivables pg_catalog.numeric,
    credit_sales pg_catalog.numeric, days pg_catalog.int4, period_end pg_catalog.date)
RETURNS @extschema@.credit_state
AS 'MODULE_PATHNAME', 'cs_countback_add' LANGUAGE C IMMUTABLE PARALLEL SAFE;
COMMENT ON FUNCTION @extschema@.dso_countback_add(@extschema@.credit_state, pg_catalog.numeric, pg_catalog.numeric, pg_catalog.int4, pg_catalog.date) IS
'aggregate transition function of dso_countback and dso_countback_partial';
CREATE FUNCTION @extschema@.dso_countback_final(state @extschema@.credit_state)
RETURNS pg_catalog.numeric
AS 'MODULE_PATHNAME', 'cs_countback_final' LANGUAGE C IMMUTABLE STRICT PARALLEL SAFE;
COMMENT ON FUNCTION @extschema@.dso_countback_final(@extschema@.credit_state) IS
'countback DSO from a countback state';
CREATE AGGREGATE @extschema@.dso_countback(receivables pg_catalog.numeric, credit_sales pg_catalog.numeric,
    days pg_catalog.int4, period_end pg_catalog.date) (
    SFUNC = @extschema@.dso_countback_add, STYPE = @extschema@.credit_state,
    COMBINEFUNC = @extschema@.credit_state_combine,
    FINALFUNC = @extschema@.dso_countback_final,
    INITCOND = 'v1;countback', PARALLEL = SAFE);
COMMENT ON AGGREGATE @extschema@.dso_countback(pg_catalog.numeric, pg_catalog.numeric, pg_catalog.int4, pg_catalog.date) IS
'DSO, the Credit Research Foundation''s countback form, one row per period: the latest receivables counted back against the credit sales of the latest periods, in days';
CREATE AGGREGATE @extschema@.dso_countback_partial(receivables pg_catalog.numeric, credit_sales pg_catalog.numeric,
    days pg_catalog.int4, period_end pg_catalog.date) (
    SFUNC = @extschema@.dso_countback_add, STYPE = @extschema@.credit_state,
    COMBINEFUNC = @extschema@.credit_state_combine,
    INITCOND = 'v1;countback', PARALLEL = SAFE);
COMMENT ON AGGREGATE @extschema@.dso_countback_partial(pg_catalog.numeric, pg_catalog.numeric, pg_catalog.int4, pg_catalog.date) IS
'dso_countback state as a value, to store and merge later with dso_countback_merge';
CREATE AGGREGATE @extschema@.dso_countback_merge(state @extschema@.credit_state) (
    SFUNC = @extschema@.credit_state_combine, STYPE = @extschema@.credit_state,
    COMBINEFUNC = @extschema@.credit_state_combine, PARALLEL = SAFE);
COMMENT ON AGGREGATE @extschema@.dso_countback_merge(@extschema@.credit_state) IS
'merges stored dso_countback states; read the result with dso_countback_final';

-- the shared state type and combine function now serve five kinds
COMMENT ON TYPE @extschema@.credit_state IS
'state of payment_profile, recovery_rate, cycle_migration, roll_rate and dso_countback: v1;kind;dscale;integer slots (cycle_migration: v2;roll), amounts in units of 0.0001';
COMMENT ON FUNCTION @extschema@.credit_state_combine(@extschema@.credit_state, @extschema@.credit_state) IS
'aggregate combine function of payment_profile, recovery_rate, cycle_migration, roll_rate and dso_countback: merges two states of one kind';

-- (end of section 3)



-- ---------------------------------------------------------------------------
-- 4. RFM: bins, cut-points, segment map, typed score
-- ---------------------------------------------------------------------------

-- The RFM score becomes a composite (r, f, m) of integers: each part can be
-- read, grouped, ordered and indexed as an int, and bins beyond 9 fit.
-- 0.2.0's text-returning window function keeps its OID under a deprecated
-- name, so views built on it keep working; the new rfm_score returns
-- rfm_score_row, so a query that treated the score as text ('545' = ...,
-- substr(...)) fails instead of silently changing meaning.
CREATE TYPE @extschema@.rfm_score_row AS (r pg_catalog.int4, f pg_catalog.int4, m pg_catalog.int4);
COMMENT ON TYPE @extschema@.rfm_score_row IS
'RFM score: r, f, m are the recency, frequency and monetary bins, 1 to bins, higher is better';

ALTER FUNCTION @extschema@.rfm_score(pg_catalog.int4, pg_catalog.numeric, pg_catalog.numeric)
    RENAME TO rfm_score_deprecated;
COMMENT ON FUNCTION @extschema@.rfm_score_deprecated(pg_catalog.int4, pg_catalog.numeric, pg_catalog.numeric) IS
'Deprecated in 0.3.0, removed in 0.4.0: use rfm_score(recency_days, frequency, monetary), which returns rfm_score_row (the same bins: (s).r, (s).f, (s).m). Window: RFM score as text, three digits 1-5 by quintile as ntile(5) gives them; ties share the better quintile';

CREATE FUNCTION @extschema@.rfm_score(recency_days pg_catalog.int4, frequency pg_catalog.numeric,
    monetary pg_catalog.numeric, bins pg_catalog.int4 DEFAULT 5, method pg_catalog.text DEFAULT 'ntile',
    recency_breaks pg_catalog.int4[] DEFAULT NULL, frequency_breaks pg_catalog.numeric[] DEFAULT NULL,
    monetary_breaks pg_catalog.numeric[] DEFAULT NULL)
RETURNS @extschema@.rfm_score_row
AS 'MODULE_PATHNAME', 'cs_rfm_score_row_window' LANGUAGE C IMMUTABLE WINDOW PARALLEL SAFE;
COMMENT ON FUNCTION @extschema@.rfm_score(pg_catalog.int4, pg_catalog.numeric, pg_catalog.numeric,
    pg_catalog.int4, pg_catalog.text, pg_catalog.int4[], pg_catalog.numeric[], pg_catalog.numeric[]) IS
'window: RFM score (r, f, m), each 1 to bins, higher is better (recency: fewer days). method ''ntile'': ntile(bins) by rank, ties share the better bin; ''r_rfm'': the cut-points of R''s rfm package, quantile(x, k / bins) + 1. A dimension with breakpoints uses them instead (a value on a breakpoint starts the higher-value bin). NULL measures give NULL; NULL options their default';

CREATE FUNCTION @extschema@.rfm_segment(score @extschema@.rfm_score_row)
RETURNS @extschema@.rfm_segment_label
AS 'MODULE_PATHNAME', 'cs_rfm_segment_row' LANGUAGE C IMMUTABLE STRICT PARALLEL SAFE;
COMMENT ON FUNCTION @extschema@.rfm_segment(@extschema@.rfm_score_row) IS
'RFM segment of a five-bin score from the default grid of R and FM = ceil((F + M) / 2) (docs/loyalty.md); a NULL part gives NULL';

COMMENT ON FUNCTION @extschema@.rfm_segment(pg_catalog.text) IS
'RFM segment of a score stored as text by 0.2.0, such as ''545'' (the default grid, docs/loyalty.md); new scores are rfm_score_row';

-- A segment map the user can pass: a JSON array of rules (segment name and
-- inclusive ranges of r, f, m and fm), first match wins; the default grid is
-- one such map, returned by rfm_default_segment_map() to copy and edit.
CREATE FUNCTION @extschema@.rfm_segment(score @extschema@.rfm_score_row, segment_map pg_catalog.jsonb)
RETURNS pg_catalog.text
AS 'MODULE_PATHNAME', 'cs_rfm_segment_map' LANGUAGE C IMMUTABLE PARALLEL SAFE;
COMMENT ON FUNCTION @extschema@.rfm_segment(@extschema@.rfm_score_row, pg_catalog.jsonb) IS
'RFM segment of a score from a map: the segment of the first rule whose ranges of r, f, m and fm = ceil((f + m) / 2) all hold, NULL when none does; NULL score gives NULL, NULL map the default grid (as text)';

CREATE FUNCTION @extschema@.rfm_default_segment_map()
RETURNS pg_catalog.jsonb
AS 'MODULE_PATHNAME', 'cs_rfm_default_segment_map' LANGUAGE C IMMUTABLE PARALLEL SAFE;
COMMENT ON FUNCTION @extschema@.rfm_default_segment_map() IS
'the default RFM segment grid as a segment map for rfm_segment(score, segment_map): a starting point for one''s own';

-- (end of section 4)



-- ---------------------------------------------------------------------------
-- 5. Shares: one meaning, tier boundaries as cumulative shares float8[]
-- ---------------------------------------------------------------------------

-- A share is a fraction of all the values of the group, counted from the
-- top, and tier boundaries are one cumulative shares float8[], best tier
-- first (docs/api-contract.md, rule 3).  In 0.2.0 value_tier's
-- vip_share was a fraction OF top_share and loyalty_tier's medium_share was
-- added to high_share.  Those forms are renamed *_deprecated (same OIDs, so
-- views on them keep working); a new form under the old name would make
-- value_tier(net) ambiguous, and an old positional call such as
-- value_tier(net, false, 0.2, 0.25) now fails instead of changing meaning.

-- value_tier(net, potential, shares) OVER (...): VIP = rank <= ceil(N *
-- shares[1]), important = rank <= ceil(N * shares[2]); '{0.05,0.20}' gives
-- exactly 0.2.0's default tiers (top_share 0.20, vip_share 0.25).
ALTER FUNCTION @extschema@.value_tier(pg_catalog.numeric, pg_catalog.bool, pg_catalog.float8, pg_catalog.float8)
    RENAME TO value_tier_deprecated;
ALTER FUNCTION @extschema@.value_tier(pg_catalog.float8, pg_catalog.bool, pg_catalog.float8, pg_catalog.float8)
    RENAME TO value_tier_deprecated;
COMMENT ON FUNCTION @extschema@.value_tier_deprecated(pg_catalog.numeric, pg_catalog.bool, pg_catalog.float8, pg_catalog.float8) IS
'Deprecated in 0.3.0, removed in 0.4.0: use value_tier(net, potential, shares => ...)';
COMMENT ON FUNCTION @extschema@.value_tier_deprecated(pg_catalog.float8, pg_catalog.bool, pg_catalog.float8, pg_catalog.float8) IS
'Deprecated in 0.3.0, removed in 0.4.0: use value_tier(net, potential, shares => ...)';

CREATE FUNCTION @extschema@.value_tier(net pg_catalog.numeric, potential pg_catalog.bool DEFAULT false,
    shares pg_catalog.float8[] DEFAULT '{0.05,0.20}')
RETURNS @extschema@.value_tier_label
AS 'MODULE_PATHNAME', 'cs_value_tier_shares_numeric_window' LANGUAGE C IMMUTABLE WINDOW PARALLEL SAFE;
CREATE FUNCTION @extschema@.value_tier(net pg_catalog.float8, potential pg_catalog.bool DEFAULT false,
    shares pg_catalog.float8[] DEFAULT '{0.05,0.20}')
RETURNS @extschema@.value_tier_label
AS 'MODULE_PATHNAME', 'cs_value_tier_shares_float8_window' LANGUAGE C IMMUTABLE WINDOW PARALLEL SAFE;
COMMENT ON FUNCTION @extschema@.value_tier(pg_catalog.numeric, pg_catalog.bool, pg_catalog.float8[]) IS
'window function: value tier of each row by its net value''s rank in the partition: vip = rank <= ceil(N*shares[1]), important = rank <= ceil(N*shares[2]) (cumulative shares of all rows, default {0.05,0.20}), positive values only; NULL shares means the default';
COMMENT ON FUNCTION @extschema@.value_tier(pg_catalog.float8, pg_catalog.bool, pg_catalog.float8[]) IS
'window function: value tier of each row by its net value''s rank in the partition: vip = rank <= ceil(N*shares[1]), important = rank <= ceil(N*shares[2]) (cumulative shares of all rows, default {0.05,0.20}), positive values only; NULL shares means the default';

-- value_cutoffs: the one-step aggregate value_cutoffs(net, shares) keeps its
-- shares in the value_summary state as cumulative shares (a parameter kind
-- of their own, version 2 of the text and binary forms), so that the final
-- function tells them from 0.2.0's (top_share, vip_share); states stored by
-- 0.2.0 read as before.  value_cutoffs_final(summary, shares) reads a
-- summary with any shares.
ALTER AGGREGATE @extschema@.value_cutoffs(pg_catalog.numeric, pg_catalog.float8, pg_catalog.float8)
    RENAME TO value_cutoffs_deprecated;
ALTER FUNCTION @extschema@.value_cutoffs(@extschema@.value_summary, pg_catalog.float8, pg_catalog.float8)
    RENAME TO value_cutoffs_deprecated;
COMMENT ON AGGREGATE @extschema@.value_cutoffs_deprecated(pg_catalog.numeric, pg_catalog.float8, pg_catalog.float8) IS
'Deprecated in 0.3.0, removed in 0.4.0: use value_cutoffs(net, shares)';
COMMENT ON FUNCTION @extschema@.value_cutoffs_deprecated(@extschema@.value_summary, pg_catalog.float8, pg_catalog.float8) IS
'Deprecated in 0.3.0, removed in 0.4.0: use value_cutoffs_final(summary, shares)';

CREATE FUNCTION @extschema@.value_summary_add(state @extschema@.value_summary, value pg_catalog.numeric,
    shares pg_catalog.float8[])
RETURNS @extschema@.value_summary
AS 'MODULE_PATHNAME', 'cs_summary_add_numeric_cumshares' LANGUAGE C IMMUTABLE PARALLEL SAFE;
COMMENT ON FUNCTION @extschema@.value_summary_add(@extschema@.value_summary, pg_catalog.numeric, pg_catalog.float8[]) IS
'aggregate transition function of value_cutoffs(net, shares): add a value, keeping the cumulative shares (NULL shares: the default {0.05,0.20})';

CREATE AGGREGATE @extschema@.value_cutoffs(net pg_catalog.numeric, shares pg_catalog.float8[]) (
    SFUNC = @extschema@.value_summary_add, STYPE = @extschema@.value_summary,
    COMBINEFUNC = @extschema@.value_summary_combine,
    FINALFUNC = @extschema@.value_cutoffs_final, PARALLEL = SAFE);
COMMENT ON AGGREGATE @extschema@.value_cutoffs(pg_catalog.numeric, pg_catalog.float8[]) IS
'tier cut-offs of net values for value_tier(net, cutoffs): (n, vip_min, valuable_min), VIP = the top ceil(N*shares[1]), valuable = the top ceil(N*shares[2]); NULL shares means {0.05,0.20}';

CREATE FUNCTION @extschema@.value_cutoffs_final(summary @extschema@.value_summary, shares pg_catalog.float8[])
RETURNS @extschema@.value_cutoffs_row
AS 'MODULE_PATHNAME', 'cs_value_cutoffs_final_shares' LANGUAGE C IMMUTABLE PARALLEL SAFE;
COMMENT ON FUNCTION @extschema@.value_cutoffs_final(@extschema@.value_summary, pg_catalog.float8[]) IS
'what value_cutoffs(net, shares) returns, from a summary of the net values (whatever shares it was built with); a NULL summary is no rows, (0,,); NULL shares means {0.05,0.20}';

-- loyalty_tier(score, shares) OVER (...): high = rank <= ceil(N * shares[1]),
-- medium = rank <= ceil(N * shares[2]); '{0.2,0.5}' is 0.2.0's default
-- (high_share 0.2, medium_share 0.3 added to it).
ALTER FUNCTION @extschema@.loyalty_tier(pg_catalog.numeric, pg_catalog.float8, pg_catalog.float8)
    RENAME TO loyalty_tier_deprecated;
COMMENT ON FUNCTION @extschema@.loyalty_tier_deprecated(pg_catalog.numeric, pg_catalog.float8, pg_catalog.float8) IS
'Deprecated in 0.3.0, removed in 0.4.0: use loyalty_tier(score, shares => ...)';
CREATE FUNCTION @extschema@.loyalty_tier(score pg_catalog.numeric, shares pg_catalog.float8[] DEFAULT '{0.2,0.5}')
RETURNS @extschema@.loyalty_tier_label
AS 'MODULE_PATHNAME', 'cs_loyalty_tier_shares_window' LANGUAGE C IMMUTABLE WINDOW PARALLEL SAFE;
COMMENT ON FUNCTION @extschema@.loyalty_tier(pg_catalog.numeric, pg_catalog.float8[]) IS
'window: loyalty tier by score rank in the partition: high = rank <= ceil(N*shares[1]), medium = rank <= ceil(N*shares[2]) (cumulative shares of all rows, default {0.2,0.5}), low = the rest; ties share the better tier; NULL shares means the default';

-- the one-step aggregate's argument gets its name (the same aggregate, OID kept)
CREATE OR REPLACE AGGREGATE @extschema@.value_cutoffs(net pg_catalog.numeric) (
    SFUNC = @extschema@.value_summary_add, STYPE = @extschema@.value_summary,
    COMBINEFUNC = @extschema@.value_summary_combine,
    FINALFUNC = @extschema@.value_cutoffs_final, PARALLEL = SAFE);
COMMENT ON AGGREGATE @extschema@.value_cutoffs(pg_catalog.numeric) IS
'tier cut-offs of net values with the default shares {0.05,0.20}';

-- (end of section 5)
