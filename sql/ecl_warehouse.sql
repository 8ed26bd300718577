-- ecl_warehouse: both methods of expected credit loss (loss_rates, the
-- cohort method; roll_rate and roll_rate_flow, the migration method) and
-- the provision matrix (ecl_allowance) equal a plain-SQL formulation on the
-- sample warehouse (test/warehouse.sql, 2,000 customers), serially and
-- under a forced parallel plan.
\set ECHO none
\i test/regress_helpers.sql
CREATE SCHEMA ecl_wh;
SET search_path = ecl_wh, public;
\set customers 2000
\i test/warehouse.sql
\set ECHO all
-- a write-off now and then, so that both ways of losing an invoice occur
ALTER TABLE invoices ADD COLUMN written_off boolean;
UPDATE invoices SET written_off = (id % 37 = 0) WHERE id % 5 <> 0;
ANALYZE invoices;
SELECT count(*) > 4000 AS enough_invoices, count(*) FILTER (WHERE written_off) > 50 AS some_written_off FROM invoices;

-- The cohort method in plain SQL: per bucket k (k = 1 .. one more than the
-- boundaries; the default aging boundaries are {0,30,60,90,180}), what
-- reached it is the lost amount plus what was paid in bucket k or later;
-- the rate is the lost amount over that.  Lost: written off, or unpaid on
-- as_of and more than :days past due; open otherwise when unpaid.  A paid
-- invoice's bucket is one more than the number of boundaries its lateness
-- exceeds.  A loss_rates_row per cohort and rule; the comparisons below are
-- of the text forms, so every digit and scale must agree.
CREATE FUNCTION pg_temp.plain_loss_rates(due_from date, due_to date, days int, as_of date,
                                         bounds int[] DEFAULT '{0,30,60,90,180}')
RETURNS loss_rates_row LANGUAGE sql AS $$
  WITH c AS (
    SELECT amount,
           CASE WHEN coalesce(written_off, false) THEN 'lost'
                WHEN paid_date <= as_of THEN 'paid'
                WHEN as_of - due_date > days THEN 'lost'
                ELSE 'open' END AS outcome,
           1 + (SELECT count(*) FROM unnest(bounds) b WHERE paid_date - due_date > b) AS last_bucket
    FROM invoices
    WHERE due_date BETWEEN due_from AND due_to),
  lost AS (SELECT coalesce(sum(amount), 0.00) AS l FROM c WHERE outcome = 'lost'),
  reached AS (
    SELECT k, l + coalesce((SELECT sum(amount) FROM c WHERE outcome = 'paid' AND last_bucket >= k), 0) AS r
    FROM lost, generate_series(1, cardinality(bounds) + 1) k)
  SELECT (SELECT count(*) FROM c WHERE outcome <> 'open'),
         (SELECT count(*) FROM c WHERE outcome = 'open'),
         (SELECT coalesce(sum(amount), 0.00) FROM c WHERE outcome = 'open'),
         (SELECT l FROM lost),
         (SELECT array_agg(r ORDER BY k) FROM reached),
         (SELECT array_agg(CASE WHEN r <> 0 THEN (SELECT l FROM lost) / r END ORDER BY k) FROM reached) $$;

-- the cohorts: the invoices due in 2025 with the 180-day rule (outcome
-- known), those due up to the end of March 2026 with a 60-day rule, and
-- every invoice with a 90-day rule (some still open)
CREATE TEMP TABLE cohorts (name text, due_from date, due_to date, days int);
INSERT INTO cohorts VALUES
 ('2025, 180 days', '2025-01-01', '2025-12-31', 180),
 ('to 2026-03, 60 days', '2025-01-01', '2026-03-31', 60),
 ('all, 90 days', '2000-01-01', '2099-12-31', 90);
CREATE TEMP TABLE plain_rates AS
SELECT name, pg_temp.plain_loss_rates(due_from, due_to, days, DATE '2026-06-30') AS lr FROM cohorts
UNION ALL SELECT 'all, 180 days, {0,45,120}', pg_temp.plain_loss_rates('2000-01-01', '2099-12-31', 180, DATE '2026-06-30', '{0,45,120}');
SELECT name, (lr).invoices > 0 AS has_invoices, (lr).open_invoices, (lr).lost > 0 AS has_losses FROM plain_rates ORDER BY name;

-- The migration method in plain SQL: customers' balances and oldest
-- lateness at four month ends, each joined to the next month end; an
-- account more than 270 days past due at the end of a period is charged
-- off.  The roll rate of bucket k is what went to bucket k + 1 (from bucket
-- 7: what was charged off) over the balance in k; the flow rate of k the
-- exact product of the rates of k..7, rounded to 20 decimals.
CREATE TABLE month_ends AS
SELECT d.as_of, i.customer_id, sum(i.amount) AS balance, max(d.as_of - i.due_date) AS dpd
FROM (VALUES (DATE '2026-03-31'), (DATE '2026-04-30'), (DATE '2026-05-31'), (DATE '2026-06-30')) d(as_of)
JOIN invoices i ON i.invoice_date <= d.as_of AND (i.paid_date IS NULL OR i.paid_date > d.as_of)
GROUP BY d.as_of, i.customer_id;
CREATE TABLE migration_rows AS
SELECT delinquency_cycle(m.dpd) AS f, delinquency_cycle(n.dpd) AS t, m.balance AS b, n.dpd > 270 AS co
FROM month_ends m
LEFT JOIN month_ends n ON n.customer_id = m.customer_id AND n.as_of = (m.as_of + 1 + interval '1 month')::date - 1
WHERE m.as_of < DATE '2026-06-30';
ANALYZE month_ends, migration_rows;
CREATE TEMP TABLE plain_roll AS
SELECT f, count(*) AS accounts, sum(b) AS balance,
       coalesce(sum(b) FILTER (WHERE (f < 7 AND t = f + 1 AND NOT coalesce(co, false)) OR (f = 7 AND co)), 0) AS rolled,
       coalesce(sum(b) FILTER (WHERE (f < 7 AND t = f + 1 AND NOT coalesce(co, false)) OR (f = 7 AND co)), 0) / sum(b) AS roll_rate
FROM migration_rows GROUP BY f;
CREATE TEMP TABLE plain_flow AS
WITH RECURSIVE p(f, product) AS (
  SELECT 7, roll_rate FROM plain_roll WHERE f = 7
  UNION ALL
  SELECT r.f, r.roll_rate * p.product FROM p JOIN plain_roll r ON r.f = p.f - 1)
SELECT f, round(product, 20) AS flow FROM p;
SELECT f, accounts, roll_rate > 0 AS rolls FROM plain_roll ORDER BY f;

-- The provision matrix in plain SQL: the book on 2026-06-30 per default
-- bucket, times the 2025 cohort's rates, rounded to the cent per bucket.
CREATE TEMP TABLE plain_book AS
SELECT array_agg(coalesce(s, 0) ORDER BY k) AS gross
FROM generate_series(1, 6) k
LEFT JOIN (SELECT aging_bucket_no(days_past_due(due_date, DATE '2026-06-30', paid_date)) AS k, sum(amount) AS s
           FROM invoices
           WHERE invoice_date <= DATE '2026-06-30' AND (paid_date IS NULL OR paid_date > DATE '2026-06-30')
           GROUP BY 1) t USING (k);
CREATE TEMP TABLE plain_allowance AS
SELECT array_agg(round(g * r, 2) ORDER BY k) AS allowance, sum(round(g * r, 2)) AS allowance_total
FROM plain_book, plain_rates, unnest(gross, (lr).loss_rate) WITH ORDINALITY AS u(g, r, k)
WHERE plain_rates.name = '2025, 180 days';

-- The queries, each comparing the extension's answer with the plain one
-- (true = equal), run serially and under a forced parallel plan.
CREATE TEMP TABLE queries (name text, q text);
INSERT INTO queries VALUES
 ('loss_rates 2025', $q$SELECT loss_rates(due_date, paid_date, amount, written_off, 180, '2026-06-30')::text = (SELECT lr::text FROM plain_rates WHERE name = '2025, 180 days') FROM invoices WHERE due_date BETWEEN '2025-01-01' AND '2025-12-31'$q$),
 ('loss_rates 60 days', $q$SELECT loss_rates(due_date, paid_date, amount, written_off, 60, '2026-06-30')::text = (SELECT lr::text FROM plain_rates WHERE name = 'to 2026-03, 60 days') FROM invoices WHERE due_date BETWEEN '2025-01-01' AND '2026-03-31'$q$),
 ('loss_rates all', $q$SELECT loss_rates(due_date, paid_date, amount, written_off, 90, '2026-06-30')::text = (SELECT lr::text FROM plain_rates WHERE name = 'all, 90 days') FROM invoices$q$),
 ('loss_rates {0,45,120}', $q$SELECT loss_rates(due_date, paid_date, amount, written_off, 180, '2026-06-30', '{0,45,120}')::text = (SELECT lr::text FROM plain_rates WHERE name = 'all, 180 days, {0,45,120}') FROM invoices$q$),
 ('loss_rates partial', $q$SELECT loss_rates_final(loss_rates_partial(due_date, paid_date, amount, written_off, 90, '2026-06-30'))::text = (SELECT lr::text FROM plain_rates WHERE name = 'all, 90 days') FROM invoices$q$),
 ('roll_rate', $q$SELECT (SELECT array_agg(ROW(x.from_bucket, x.accounts, x.balance, x.rolled, x.roll_rate)::text ORDER BY x.from_bucket) FROM unnest(r) x)
                         = (SELECT array_agg(ROW(f, accounts, balance, rolled, roll_rate)::text ORDER BY f) FROM plain_roll)
                  FROM (SELECT roll_rate(f, t, b, co) AS r FROM migration_rows) y$q$),
 ('roll_rate_flow', $q$SELECT (SELECT array_agg(roll_rate_flow(r, b) ORDER BY b) FROM generate_series(0, 7) b)::text
                              = (SELECT array_agg(flow ORDER BY f) FROM plain_flow)::text
                       FROM (SELECT roll_rate(f, t, b, co) AS r FROM migration_rows) y$q$),
 ('ecl_allowance', $q$SELECT (e.allowance, e.allowance_total)::text = (p.allowance, p.allowance_total)::text
                      FROM (SELECT aging_bucket_totals(amount, days_past_due(due_date, '2026-06-30', paid_date), '{0,30,60,90,180}') AS gross
                            FROM invoices WHERE invoice_date <= '2026-06-30' AND (paid_date IS NULL OR paid_date > '2026-06-30')) b,
                           (SELECT loss_rates(due_date, paid_date, amount, written_off, 180, '2026-06-30') AS lr
                            FROM invoices WHERE due_date BETWEEN '2025-01-01' AND '2025-12-31') r,
                           ecl_allowance(b.gross, (r.lr).loss_rate) e, plain_allowance p$q$);

SET max_parallel_workers_per_gather = 0;
SELECT name, pg_temp.run(q) AS serial FROM queries ORDER BY name;

:force_parallel_plan
-- every query plans a Partial Aggregate (zero rows = pass)
SELECT name FROM queries WHERE pg_temp.plan(q) NOT LIKE '%Partial%Aggregate%';
SELECT name, pg_temp.run(q) AS parallel FROM queries ORDER BY name;

-- per branch (GROUP BY under parallel query): each branch's rates equal
-- the plain ones computed over its own invoices
CREATE TEMP TABLE plain_branch AS
WITH c AS (
  SELECT cu.branch, i.amount,
         coalesce(i.written_off, false) OR NOT coalesce(i.paid_date <= '2026-06-30', false) AS lost,
         aging_bucket_no(i.paid_date - i.due_date) AS last_bucket
  FROM invoices i JOIN customers cu ON cu.id = i.customer_id
  WHERE i.due_date BETWEEN '2025-01-01' AND '2025-12-31'),
r AS (
  SELECT branch, k, sum(amount) FILTER (WHERE lost) AS l,
         sum(amount) FILTER (WHERE lost OR last_bucket >= k) AS reached
  FROM c, generate_series(1, 6) k GROUP BY branch, k)
SELECT branch, array_agg(l / reached ORDER BY k) AS rates FROM r GROUP BY branch;
SET max_parallel_workers_per_gather = 0;
SELECT count(*) AS branches, count(*) FILTER (WHERE (lr).loss_rate::text = p.rates::text) AS equal
FROM (SELECT c.branch, loss_rates(i.due_date, i.paid_date, i.amount, i.written_off, 180, '2026-06-30') AS lr
      FROM invoices i JOIN customers c ON c.id = i.customer_id
      WHERE i.due_date BETWEEN '2025-01-01' AND '2025-12-31' GROUP BY c.branch) x JOIN plain_branch p USING (branch);
:force_parallel_plan
SELECT pg_temp.plan($q$SELECT c.branch, loss_rates(i.due_date, i.paid_date, i.amount, i.written_off, 180, '2026-06-30')
  FROM invoices i JOIN customers c ON c.id = i.customer_id GROUP BY c.branch$q$) LIKE '%Partial%Aggregate%' AS parallel_plan;
SELECT count(*) AS branches, count(*) FILTER (WHERE (lr).loss_rate::text = p.rates::text) AS equal
FROM (SELECT c.branch, loss_rates(i.due_date, i.paid_date, i.amount, i.written_off, 180, '2026-06-30') AS lr
      FROM invoices i JOIN customers c ON c.id = i.customer_id
      WHERE i.due_date BETWEEN '2025-01-01' AND '2025-12-31' GROUP BY c.branch) x JOIN plain_branch p USING (branch);

RESET ALL;
SET client_min_messages = warning;
DROP SCHEMA ecl_wh CASCADE;
