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

-- (end of section 3)



-- ---------------------------------------------------------------------------
-- 4. RFM: bins, cut-points, segment map, typed score
-- ---------------------------------------------------------------------------

-- (end of section 4)



-- ---------------------------------------------------------------------------
-- 5. Shares: one meaning, tier boundaries as cumulative shares float8[]
-- ---------------------------------------------------------------------------

-- (end of section 5)
