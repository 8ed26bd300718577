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
-- (PostgreSQL 15: force_parallel_mode; zero parallel costs; workers only).
\set force_parallel_plan 'SET parallel_setup_cost = 0; SET parallel_tuple_cost = 0; SET min_parallel_table_scan_size = 0; SET max_parallel_workers_per_gather = 2; SET parallel_leader_participation = off; SET force_parallel_mode = on;'
