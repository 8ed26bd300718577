-- bench data set "model": the segmentation model's input contract in schema
-- bench_model_input: :rows customers, 10 x :rows trades and 10 x :rows
-- invoices over the 18 months to today (the model's default as-of date is
-- the day of the refresh).  Trades come from customers who, as real ones
-- do, differ in how often they trade and how much commission they pay, and
-- stop trading after a while (so that the lifetime models can be fitted,
-- as on real data): each customer (3% never trade) starts trading on a day
-- of the 18 months (earlier ones likelier), trades at a rate drawn from an
-- exponential distribution until a lifetime drawn from a product of two
-- exponentials ends, on days uniform over that span, with commissions
-- exponential around the customer's own log-normal mean.  The customer's
-- draws come from hashes of the customer number, each trade's from
-- random(): about 10 trades per customer.  Invoices: terms of
-- 30/60/90 days, 10% never paid, the rest 0 to 240 days after invoicing
-- (so some are paid after the as-of date: open on it), 2% credit notes;
-- 1% of the net values and 2% of the risky shares NULL.  Plain
-- generate_series with random(): no per-row logic, so 10,000,000 rows take
-- seconds, not minutes.  Also bench_plan_profile(query): where the time of
-- a query goes (EXPLAIN ANALYZE, exclusive time per kind of plan node).
SET client_min_messages = warning;
DROP SCHEMA IF EXISTS bench_model_input CASCADE;
CREATE SCHEMA bench_model_input;
SELECT setseed(0.61) \g /dev/null

CREATE UNLOGGED TABLE bench_model_input.customers AS
SELECT i AS customer_id,
       current_date - 30 - (random() * 7800)::int AS opened,
       round((exp(11 + 1.4 * sqrt(-2 * ln(1 - random())) * cos(2 * pi() * random())))::numeric, 2) AS assets,
       round((random() * random() * 0.6)::numeric, 3) AS discount,
       CASE WHEN random() < 0.8 THEN 0 ELSE 1 + (random() * 5)::int END AS referrals,
       CASE WHEN random() < 0.01 THEN NULL ELSE round(((random() - 0.6) * 2000)::numeric, 2) END AS net,
       CASE WHEN random() < 0.02 THEN NULL ELSE round(random()::numeric, 2) END AS risky_share
FROM generate_series(1, :rows) i;

CREATE UNLOGGED TABLE bench_model_input.trades AS
SELECT p.customer_id,
       current_date - CASE WHEN p.k = 1 THEN p.s ELSE p.e + (random() * (p.s - p.e))::int END AS trade_date,
       round(((random() - 0.5) * 20000)::numeric, 2) AS amount,
       round((p.nu * -ln(1 - random()))::numeric, 2) AS commission
FROM (SELECT customer_id, s, e, nu,
             generate_series(1, CASE WHEN never < 0.03 THEN 0 ELSE 1 + floor(rate * (s - e) + frac)::int END) AS k
      FROM (SELECT customer_id, s, greatest(s - (ln(l1) * ln(l2) * 300)::int, 0) AS e,
                   -ln(r1) * 0.06 AS rate, frac, never,
                   20 * exp(0.8 * sqrt(-2 * ln(n1)) * cos(2 * pi() * n2)) AS nu
            FROM (SELECT c AS customer_id, (540 * sqrt(h[1]))::int AS s,
                         h[2] AS l1, h[3] AS l2, h[4] AS r1, h[5] AS frac, h[6] AS never, h[7] AS n1, h[8] AS n2
                  FROM (SELECT c, ARRAY(SELECT ((hashint4extended(c, j) & 4294967295) + 0.5) / 4294967296.0::float8
                                        FROM generate_series(1, 8) j) AS h
                        FROM generate_series(1, :rows) c OFFSET 0) u) a) b
      OFFSET 0) p;

CREATE UNLOGGED TABLE bench_model_input.invoices AS
SELECT customer_id, inv AS invoice_date, inv + term AS due_date,
       CASE WHEN u >= 0.1 THEN inv + (u2 * u2 * 240)::int END AS paid_date,
       CASE WHEN a < 0.02 THEN -round((a * 50000)::numeric, 2) ELSE round((exp(8 + a * 2))::numeric, 2) END AS amount
FROM (SELECT 1 + (random() * (:rows - 1))::int AS customer_id, current_date - (random() * 540)::int AS inv,
             (ARRAY[30, 60, 90])[1 + floor(random() * 3)::int] AS term,
             random() AS u, random() AS u2, random() AS a
      FROM generate_series(1, 10 * :rows) i OFFSET 0) g;

VACUUM ANALYZE bench_model_input.customers, bench_model_input.trades, bench_model_input.invoices;

-- bench_plan_profile(query): runs EXPLAIN (ANALYZE, FORMAT JSON) of the
-- query and splits its execution time into the per-customer aggregation of
-- the trades, that of the invoices (each: the grouped aggregate over that
-- table, with the scans, joins and sorts below it) and the rest (customers,
-- joins, the window functions and their sorts, the per-row rules).
CREATE OR REPLACE FUNCTION bench_plan_profile(query text)
RETURNS TABLE (part text, ms numeric, share numeric) LANGUAGE plpgsql AS $$
DECLARE plan jsonb; total numeric; t numeric; i numeric;
BEGIN
    EXECUTE 'EXPLAIN (ANALYZE, FORMAT JSON) ' || query INTO plan;
    total := (plan -> 0 ->> 'Execution Time')::numeric;
    WITH RECURSIVE nodes AS (
        SELECT plan -> 0 -> 'Plan' AS n
        UNION ALL
        SELECT c FROM nodes, jsonb_array_elements(coalesce(n -> 'Plans', '[]')) c),
    aggs AS (
        SELECT (n ->> 'Actual Total Time')::numeric * (n ->> 'Actual Loops')::numeric AS agg_ms,
               n @? '$.** ? (@."Relation Name" == "trades")' AS on_trades,
               n @? '$.** ? (@."Relation Name" == "invoices")' AS on_invoices
        FROM nodes WHERE n ->> 'Node Type' = 'Aggregate' AND n ? 'Group Key')
    SELECT max(agg_ms) FILTER (WHERE on_trades AND NOT on_invoices), max(agg_ms) FILTER (WHERE on_invoices AND NOT on_trades)
      INTO t, i FROM aggs;
    RETURN QUERY
    SELECT x.p, round(x.v), round(x.v / nullif(total, 0), 3)
    FROM (VALUES ('trades per customer (aggregate)', coalesce(t, 0)),
                 ('invoices per customer (aggregates)', coalesce(i, 0)),
                 ('the rest: joins, windows, per-row rules', total - coalesce(t, 0) - coalesce(i, 0)),
                 ('total (EXPLAIN ANALYZE)', total)) x(p, v);
END $$;
