-- customer_seg 0.3.0 -> 0.3.1
\echo Use "ALTER EXTENSION customer_seg UPDATE TO '0.3.1'" to load this file. \quit

-- section: NULL options
-- The API contract's rule for NULLs (docs/api-contract.md, rule 7): an
-- optional parameter (one with a DEFAULT) given as NULL means its default,
-- and a required input given as NULL gives NULL.  The C functions below
-- read a NULL option as its default and return NULL for a NULL required
-- input themselves, so they are no longer STRICT (STRICT would return NULL
-- for economic_profit(1000, 200, ftp_rate => NULL) without calling them).
-- The other functions with options were never STRICT; their C code now
-- reads NULL as the default too.
ALTER FUNCTION @extschema@.economic_profit(pg_catalog.numeric, pg_catalog.numeric, pg_catalog.numeric,
    pg_catalog.numeric, pg_catalog.numeric, pg_catalog.numeric, pg_catalog.numeric) CALLED ON NULL INPUT;
ALTER FUNCTION @extschema@.collection_stage(pg_catalog.int4, pg_catalog.int4, pg_catalog.int4) CALLED ON NULL INPUT;
ALTER FUNCTION @extschema@.dso(pg_catalog.numeric, pg_catalog.numeric, pg_catalog.int4) CALLED ON NULL INPUT;
ALTER FUNCTION @extschema@.roll_rate_flow(@extschema@.roll_rate_row[], pg_catalog.int4) CALLED ON NULL INPUT;
-- end of section: NULL options
