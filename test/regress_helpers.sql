-- Included by the pg_regress tests (\i test/regress_helpers.sql, with ECHO
-- off): helpers that make expected outputs show what matters.

-- Runs a statement that must fail; returns "SQLSTATE: message (hint)" so the
-- expected output records the error code as well as the words.
CREATE FUNCTION pg_temp.expect_error(stmt text) RETURNS text
LANGUAGE plpgsql AS $$
DECLARE
    st text; msg text; hint text;
BEGIN
    EXECUTE stmt;
    RETURN 'no error';
EXCEPTION WHEN OTHERS THEN
    GET STACKED DIAGNOSTICS st = RETURNED_SQLSTATE, msg = MESSAGE_TEXT, hint = PG_EXCEPTION_HINT;
    RETURN st || ': ' || msg || CASE WHEN hint <> '' THEN ' (hint: ' || hint || ')' ELSE '' END;
END $$;

-- :force_parallel_plan makes the planner split every splittable aggregate
-- (zero parallel costs; workers only; the setting that forces a Gather,
-- :force_parallel_guc, is force_parallel_mode before PostgreSQL 16 and
-- debug_parallel_query from 16 on).
SELECT CASE WHEN current_setting('server_version_num')::int >= 160000
            THEN 'debug_parallel_query' ELSE 'force_parallel_mode' END AS force_parallel_guc \gset
\set force_parallel_plan 'SET parallel_setup_cost = 0; SET parallel_tuple_cost = 0; SET min_parallel_table_scan_size = 0; SET max_parallel_workers_per_gather = 2; SET parallel_leader_participation = off; SET ' :force_parallel_guc ' = on;'

-- The one-value result of a query as text (pg_temp.run), and its plan
-- (pg_temp.plan, EXPLAIN without costs): for comparing serial and parallel
-- runs of the same queries.
CREATE FUNCTION pg_temp.run(q text) RETURNS text LANGUAGE plpgsql AS $$
DECLARE r text; BEGIN EXECUTE q INTO r; RETURN r; END $$;
CREATE FUNCTION pg_temp.plan(q text) RETURNS text LANGUAGE plpgsql AS $$
DECLARE line text; plan text := ''; BEGIN
  FOR line IN EXECUTE 'EXPLAIN (COSTS OFF) ' || q LOOP plan := plan || line || E'\n'; END LOOP;
  RETURN plan; END $$;

-- The text of a value of type typ read from its binary form (payload, as
-- its send function writes it) by COPY ... FROM (FORMAT binary): how forged
-- binary states reach a type's receive function.  The file is per backend.
CREATE FUNCTION pg_temp.binary_input(typ text, payload bytea) RETURNS text
LANGUAGE plpgsql AS $$
DECLARE
    lo oid;
    r text;
    f text := '/tmp/customer_seg_regress_' || pg_backend_pid() || '.bin';
BEGIN
    IF to_regclass('pg_temp.binary_input_' || typ) IS NULL THEN
        EXECUTE format('CREATE TEMP TABLE binary_input_%s (s %s)', typ, typ);
    END IF;
    EXECUTE format('TRUNCATE binary_input_%s', typ);
    lo := lo_from_bytea(0, '\x5047434f50590aff0d0a00'::bytea || int4send(0) || int4send(0)
                           || int2send(1::int2) || int4send(length(payload)) || payload || int2send(-1::int2));
    PERFORM lo_export(lo, f);
    PERFORM lo_unlink(lo);
    EXECUTE format('COPY binary_input_%s FROM %L WITH (FORMAT binary)', typ, f);
    EXECUTE format('SELECT s::text FROM binary_input_%s', typ) INTO r;
    RETURN r;
END $$;

-- Runs a statement that reads a state: its result (or 'accepted' when
-- show_result is false), else "SQLSTATE: detail", flagging a missing hint.
CREATE FUNCTION pg_temp.input_outcome(stmt text, show_result boolean DEFAULT true) RETURNS text
LANGUAGE plpgsql AS $$
DECLARE
    st text; detail text; hint text; r text;
BEGIN
    EXECUTE stmt INTO r;
    RETURN CASE WHEN show_result THEN r ELSE 'accepted' END;
EXCEPTION WHEN OTHERS THEN
    GET STACKED DIAGNOSTICS st = RETURNED_SQLSTATE, detail = PG_EXCEPTION_DETAIL, hint = PG_EXCEPTION_HINT;
    RETURN st || ': ' || coalesce(nullif(detail, ''), '-') || CASE WHEN hint = '' THEN ' (NO HINT)' ELSE '' END;
END $$;

-- ntile(5)'s bucket of 1-based position pos among n rows.
CREATE FUNCTION pg_temp.ntile5(pos bigint, n bigint) RETURNS int LANGUAGE sql IMMUTABLE AS $$
  SELECT CASE WHEN pos <= (n % 5) * (n / 5 + 1) THEN (pos - 1) / (n / 5 + 1) + 1
              ELSE (n % 5) + (pos - (n % 5) * (n / 5 + 1) - 1) / (n / 5) + 1 END $$;
