-- customer_seg 0.2.0 -> 0.3.0: one consistent SQL surface (README, The API
-- contract).  Types and functions are renamed with ALTER ... RENAME, which
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

-- (end of section 1)



-- ---------------------------------------------------------------------------
-- 2. Checks, overloads and NULL policies
-- ---------------------------------------------------------------------------

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

-- (end of section 4)



-- ---------------------------------------------------------------------------
-- 5. Shares: one meaning, tier boundaries as cumulative shares float8[]
-- ---------------------------------------------------------------------------

-- (end of section 5)
