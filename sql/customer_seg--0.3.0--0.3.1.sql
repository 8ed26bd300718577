-- customer_seg 0.3.0 -> 0.3.1.
-- Nothing is renamed or dropped in 0.3.1.
\echo Use "ALTER EXTENSION customer_seg UPDATE TO '0.3.1'" to load this file. \quit

-- section: int8 forms
-- ---------------------------------------------------------------------------
-- bigint forms of the ranking functions and aggregates, and NULL options of
-- the concentration functions (docs/tiers.md)
-- ---------------------------------------------------------------------------

-- value_tier, percentile_tier, top_share, value_curve and their partial
-- aggregates have a numeric and a float8 form.  PostgreSQL resolves a bigint
-- argument to float8 (the preferred type of the numeric category), which
-- rounds a bigint above 2^53 to 53 bits: two distinct values could tie, and
-- a tier or share would be silently wrong.  The bigint forms below never
-- round.  The window functions rank any bigint exactly, by its own value.
-- The aggregates add a bigint as the float8 of the same value, as 0.3.0 did,
-- so they answer exactly what 0.3.0 answered and build the same float8
-- summaries (stored ones keep merging with new ones), but a value beyond
-- 2^53 in absolute value, which float8 would round, raises 22003.  An exact
-- match wins overload resolution, so bigint columns and bigint literals
-- reach these forms; int and smallint columns, integer literals and untyped
-- literals still resolve to float8 (preferred over bigint and numeric), as
-- before, and float8 and numeric are unchanged.

CREATE FUNCTION @extschema@.value_tier(net pg_catalog.int8, potential pg_catalog.bool DEFAULT false,
    shares pg_catalog.float8[] DEFAULT '{0.05,0.20}')
RETURNS @extschema@.value_tier_label
AS 'MODULE_PATHNAME', 'cs_value_tier_shares_int8_window' LANGUAGE C IMMUTABLE WINDOW PARALLEL SAFE;
COMMENT ON FUNCTION @extschema@.value_tier(pg_catalog.int8, pg_catalog.bool, pg_catalog.float8[]) IS
'window function: value tier of each row by its net value''s rank in the partition: vip = rank <= ceil(N*shares[1]), important = rank <= ceil(N*shares[2]) (cumulative shares of all rows, default {0.05,0.20}), positive values only; NULL shares means the default; any bigint ranked exactly';

CREATE FUNCTION @extschema@.percentile_tier(value pg_catalog.int8, shares pg_catalog.float8[])
RETURNS pg_catalog.int4
AS 'MODULE_PATHNAME', 'cs_percentile_tier_int8_window' LANGUAGE C IMMUTABLE WINDOW PARALLEL SAFE;
COMMENT ON FUNCTION @extschema@.percentile_tier(pg_catalog.int8, pg_catalog.float8[]) IS
'window function: tier 1 = top, by cumulative shares from the top (''{0.05,0.20}'' gives 3 tiers; ties share the better tier); any bigint ranked exactly';

-- transition functions: a bigint value added as the float8 of the same value
CREATE FUNCTION @extschema@.value_summary_add(@extschema@.value_summary, pg_catalog.int8) RETURNS @extschema@.value_summary
AS 'MODULE_PATHNAME', 'cs_summary_add_int8' LANGUAGE C IMMUTABLE PARALLEL SAFE;
CREATE FUNCTION @extschema@.value_summary_add(@extschema@.value_summary, pg_catalog.int8, pg_catalog.float8) RETURNS @extschema@.value_summary
AS 'MODULE_PATHNAME', 'cs_summary_add_int8_share' LANGUAGE C IMMUTABLE PARALLEL SAFE;
CREATE FUNCTION @extschema@.value_summary_add(@extschema@.value_summary, pg_catalog.int8, pg_catalog.int4) RETURNS @extschema@.value_summary
AS 'MODULE_PATHNAME', 'cs_summary_add_int8_points' LANGUAGE C IMMUTABLE PARALLEL SAFE;
COMMENT ON FUNCTION @extschema@.value_summary_add(@extschema@.value_summary, pg_catalog.int8) IS 'aggregate transition function: add a value to a summary';
COMMENT ON FUNCTION @extschema@.value_summary_add(@extschema@.value_summary, pg_catalog.int8, pg_catalog.float8) IS 'aggregate transition function: add a value, keeping the fraction';
COMMENT ON FUNCTION @extschema@.value_summary_add(@extschema@.value_summary, pg_catalog.int8, pg_catalog.int4) IS 'aggregate transition function: add a value, keeping the number of points';

CREATE AGGREGATE @extschema@.top_share(value pg_catalog.int8, fraction pg_catalog.float8) (
    SFUNC = @extschema@.value_summary_add, STYPE = @extschema@.value_summary,
    COMBINEFUNC = @extschema@.value_summary_combine,
    FINALFUNC = @extschema@.top_share_aggfinal, PARALLEL = SAFE);
COMMENT ON AGGREGATE @extschema@.top_share(pg_catalog.int8, pg_catalog.float8) IS
'sum of the top ceil(N*fraction) values / sum of all values; NULL when the total is <= 0; bigint values up to 2^53 in absolute value, summed exactly';
CREATE AGGREGATE @extschema@.top_share_partial(value pg_catalog.int8) (
    SFUNC = @extschema@.value_summary_add, STYPE = @extschema@.value_summary,
    COMBINEFUNC = @extschema@.value_summary_combine, PARALLEL = SAFE);
COMMENT ON AGGREGATE @extschema@.top_share_partial(pg_catalog.int8) IS
'top_share state as a value (exact float8 summary of the non-NULL values, up to 2^53 in absolute value): merge with top_share_merge, read with top_share_final(summary, fraction)';

CREATE AGGREGATE @extschema@.value_curve(value pg_catalog.int8) (
    SFUNC = @extschema@.value_summary_add, STYPE = @extschema@.value_summary,
    COMBINEFUNC = @extschema@.value_summary_combine,
    FINALFUNC = @extschema@.value_curve_aggfinal, PARALLEL = SAFE);
CREATE AGGREGATE @extschema@.value_curve(value pg_catalog.int8, points pg_catalog.int4) (
    SFUNC = @extschema@.value_summary_add, STYPE = @extschema@.value_summary,
    COMBINEFUNC = @extschema@.value_summary_combine,
    FINALFUNC = @extschema@.value_curve_aggfinal, PARALLEL = SAFE);
COMMENT ON AGGREGATE @extschema@.value_curve(pg_catalog.int8) IS 'whale curve: cumulative share of the total at 100 evenly spaced ranks from the top';
COMMENT ON AGGREGATE @extschema@.value_curve(pg_catalog.int8, pg_catalog.int4) IS 'whale curve: cumulative share of the total at evenly spaced ranks from the top (NULL points: 100)';
CREATE AGGREGATE @extschema@.value_curve_partial(value pg_catalog.int8) (
    SFUNC = @extschema@.value_summary_add, STYPE = @extschema@.value_summary,
    COMBINEFUNC = @extschema@.value_summary_combine, PARALLEL = SAFE);
COMMENT ON AGGREGATE @extschema@.value_curve_partial(pg_catalog.int8) IS
'value_curve state as a value (exact float8 summary of the non-NULL values, up to 2^53 in absolute value): merge with value_curve_merge, read with value_curve_final(summary, points)';

-- value_curve's points default to 100, so NULL points means 100 (the API
-- contract, rule 7) in the aggregate (its transition function) and in
-- value_curve_final(summary, points), which 0.3.0 declared STRICT (NULL);
-- a NULL summary still gives NULL, once the points are checked.  The
-- deprecated alias value_curve(summary, points) answers the same.
ALTER FUNCTION @extschema@.value_curve_final(@extschema@.value_summary, pg_catalog.int4) CALLED ON NULL INPUT;
ALTER FUNCTION @extschema@.value_curve(@extschema@.value_summary, pg_catalog.int4) CALLED ON NULL INPUT;
COMMENT ON FUNCTION @extschema@.value_curve_final(@extschema@.value_summary, pg_catalog.int4) IS
'whale curve from a value_curve state: cumulative share of the total at points evenly spaced ranks from the top (default 100; NULL points means 100)';
COMMENT ON AGGREGATE @extschema@.value_curve(pg_catalog.numeric, pg_catalog.int4) IS 'whale curve: cumulative share of the total at evenly spaced ranks from the top (NULL points: 100)';
COMMENT ON AGGREGATE @extschema@.value_curve(pg_catalog.float8, pg_catalog.int4) IS 'whale curve: cumulative share of the total at evenly spaced ranks from the top (NULL points: 100)';
-- end of section: int8 forms
