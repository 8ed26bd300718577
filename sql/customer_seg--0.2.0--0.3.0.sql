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
'RFM segment of a five-bin score from the default grid of R and FM = ceil((F + M) / 2) (README); a NULL part gives NULL';

COMMENT ON FUNCTION @extschema@.rfm_segment(pg_catalog.text) IS
'RFM segment of a score stored as text by 0.2.0, such as ''545'' (the default grid, README); new scores are rfm_score_row';

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

-- (end of section 5)
