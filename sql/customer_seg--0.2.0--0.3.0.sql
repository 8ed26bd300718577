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

-- (end of section 3)



-- ---------------------------------------------------------------------------
-- 4. RFM: bins, cut-points, segment map, typed score
-- ---------------------------------------------------------------------------

-- (end of section 4)



-- ---------------------------------------------------------------------------
-- 5. Shares: one meaning, tier boundaries as cumulative shares float8[]
-- ---------------------------------------------------------------------------

-- A share is a fraction of all the values of the group, counted from the
-- top, and tier boundaries are one cumulative shares float8[], best tier
-- first (README, The API contract, rule 3).  In 0.2.0 value_tier's
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
-- 0.2.0 read as before.  value_cutoffs(summary [, shares]) and
-- value_cutoffs_final(summary, shares) read a summary with any shares.
ALTER AGGREGATE @extschema@.value_cutoffs(pg_catalog.numeric, pg_catalog.float8, pg_catalog.float8)
    RENAME TO value_cutoffs_deprecated;
ALTER FUNCTION @extschema@.value_cutoffs(@extschema@.value_summary, pg_catalog.float8, pg_catalog.float8)
    RENAME TO value_cutoffs_deprecated;
COMMENT ON AGGREGATE @extschema@.value_cutoffs_deprecated(pg_catalog.numeric, pg_catalog.float8, pg_catalog.float8) IS
'Deprecated in 0.3.0, removed in 0.4.0: use value_cutoffs(net, shares)';
COMMENT ON FUNCTION @extschema@.value_cutoffs_deprecated(@extschema@.value_summary, pg_catalog.float8, pg_catalog.float8) IS
'Deprecated in 0.3.0, removed in 0.4.0: use value_cutoffs(summary, shares) or value_cutoffs_final(summary, shares)';

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

CREATE FUNCTION @extschema@.value_cutoffs(summary @extschema@.value_summary,
    shares pg_catalog.float8[] DEFAULT '{0.05,0.20}')
RETURNS @extschema@.value_cutoffs_row
AS 'MODULE_PATHNAME', 'cs_value_cutoffs_summary_shares' LANGUAGE C IMMUTABLE PARALLEL SAFE;
COMMENT ON FUNCTION @extschema@.value_cutoffs(@extschema@.value_summary, pg_catalog.float8[]) IS
'tier cut-offs from a stored value summary for cumulative shares (default {0.05,0.20}); NULL summary gives NULL, NULL shares means the default';

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

-- (end of section 5)
