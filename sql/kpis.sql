-- Collection KPIs as the standards define them (README, "Credit grades,
-- collection classes and KPIs"): the cycle migration (roll_rate in 0.2.0),
-- the textbook roll rate with a charge-off state, DSO in the Credit
-- Research Foundation's period and countback forms
\set ECHO none
\i test/regress_helpers.sql
\set ECHO all
\pset null '~'

-- ---------------------------------------------------------------------
-- cycle_migration: 0.2.0's roll_rate under an honest name
-- ---------------------------------------------------------------------

-- a view and a stored state made on 0.2.0 survive the update: the renames
-- keep the OIDs, and the view shows the new names
DROP EXTENSION customer_seg;
CREATE EXTENSION customer_seg VERSION '0.2.0';
CREATE TABLE kpi_snap (account int, c1 int, c2 int, balance numeric);
INSERT INTO kpi_snap VALUES (1, 0, 1, 100.00), (2, 1, 0, 50.00), (3, 1, 2, 25.00), (4, 1, 1, 25.00);
CREATE VIEW kpi_roll_view AS SELECT roll_rate(c1, c2, balance) AS r, roll_state(c1, c2, balance) AS s FROM kpi_snap;
CREATE TABLE kpi_roll_stored AS SELECT roll_state(c1, c2, balance) AS s FROM kpi_snap;
CREATE TABLE kpi_before AS SELECT r::text AS r, s::text AS s FROM kpi_roll_view;
ALTER EXTENSION customer_seg UPDATE TO '0.3.0';
SELECT v.r::text = b.r AS same_answer, v.s::text = b.s AS same_state FROM kpi_roll_view v, kpi_before b;
SELECT pg_get_viewdef('kpi_roll_view'::regclass) AS view_after_update;
SELECT pg_typeof(r) AS row_type FROM kpi_roll_view;
SELECT cycle_migration_final(s)::text = (SELECT r FROM kpi_before) AS stored_state_reads FROM kpi_roll_stored;
-- a 0.2.0 call of roll_rate or roll_state fails loudly instead of changing meaning
SELECT pg_temp.expect_error($$SELECT roll_rate(c1, c2, balance) FROM kpi_snap$$);
SELECT pg_temp.expect_error($$SELECT roll_state(c1, c2, balance) FROM kpi_snap$$);
DROP VIEW kpi_roll_view;
DROP TABLE kpi_roll_stored, kpi_before;
DROP EXTENSION customer_seg;
CREATE EXTENSION customer_seg;

-- hand-checked: from cycle 1, 50 of 100 cured, 25 stayed, 25 rolled forward
SELECT r.* FROM unnest((SELECT cycle_migration(c1, c2, balance) FROM kpi_snap)) r;
-- the trio: partial states per account group, merged, read
SELECT cycle_migration_final(cycle_migration_merge(s)) = (SELECT cycle_migration(c1, c2, balance) FROM kpi_snap) AS trio_same_answer
FROM (SELECT cycle_migration_partial(c1, c2, balance) AS s FROM kpi_snap GROUP BY account % 2) x;
SELECT cycle_migration_merge(s) IS NULL AS merge_of_nothing FROM (SELECT NULL::credit_state AS s) x;

-- the same rule in plain SQL on generated data (zero rows = pass)
CREATE TEMP TABLE kpi_mig AS
SELECT i, i % 7 AS part, (i * 7) % 8 AS f, (i * 13 + i / 5) % 8 AS t, round(((i * 7919) % 100000) / 100.0, 2) AS b
FROM generate_series(1, 5000) i;
SELECT * FROM unnest((SELECT cycle_migration(f, t, b) FROM kpi_mig)) r
EXCEPT
SELECT f, count(*), sum(b), coalesce(sum(b) FILTER (WHERE t > f), 0) / sum(b),
       coalesce(sum(b) FILTER (WHERE t = f), 0) / sum(b), coalesce(sum(b) FILTER (WHERE t < f), 0) / sum(b)
FROM kpi_mig GROUP BY f;
