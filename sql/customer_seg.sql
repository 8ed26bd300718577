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
