-- test/report_cases.sql: small warehouses that real data may look like and
-- that the report must survive, for test/report_browser.  Run in a database
-- of its own with the extension installed:
--
--   psql -v case=NAME -f test/report_cases.sql
--
-- It creates the report's input (schema seg_input, here tables rather than
-- views: the report only reads them) holding 300 customers as of
-- 2026-06-30, their trades and invoices, then changes them as the case says:
--   sample          as built: every panel has data
--   negative_total  the total net value is negative: the whale curve and the
--                   shares of net value are undefined
--   credit_notes    open credit notes (negative amounts) among the open
--                   overdue invoices, including those overdue 91 days ago
--   nulls           NULL in every column that can hold one, on some rows
--   empty           no trade and no invoice at all
--   one_customer    a single customer, with its trades and invoices
SET client_min_messages = warning;
DROP SCHEMA IF EXISTS seg_input CASCADE;
CREATE SCHEMA seg_input;

CREATE TABLE seg_input.customers AS
SELECT i                                           AS customer_id,
       DATE '2012-01-01' + (i * 37 % 5000)        AS opened,
       (1000 + i * 7919 % 500000)::numeric        AS assets,
       ((i % 5) * 0.05)::numeric                  AS discount,
       i % 3                                      AS referrals,
       ((i * 7919) % 2001 - 600)::numeric         AS net,
       ((i % 10) / 10.0)::numeric                 AS risky_share
FROM generate_series(1, 300) AS i;

CREATE TABLE seg_input.trades AS
SELECT i                                            AS customer_id,
       DATE '2026-06-30' - (i * j * 13 % 400)      AS trade_date,
       (1000 * j + i)::numeric                     AS amount,
       round((1000 * j + i) * 0.0008, 2)           AS commission
FROM generate_series(1, 300) AS i, generate_series(1, 12) AS j
WHERE j <= i % 13;

CREATE TABLE seg_input.invoices AS
SELECT i                                            AS customer_id,
       d                                           AS invoice_date,
       d + 30 * (1 + (i + j) % 3)                  AS due_date,
       CASE WHEN (i + j) % 4 = 0 THEN NULL ELSE d + (i * j % 150) END AS paid_date,
       (100 * (i % 50 + 1))::numeric               AS amount
FROM generate_series(1, 300) AS i, generate_series(1, 4) AS j,
     LATERAL (SELECT DATE '2026-06-30' - (i * j * 17 % 360) AS d) AS x
WHERE j <= i % 5;

\if :{?case}
\else
\set case sample
\endif
SELECT :'case' = 'negative_total' AS negative_total, :'case' = 'credit_notes' AS credit_notes,
       :'case' = 'nulls' AS nulls, :'case' = 'empty' AS empty, :'case' = 'one_customer' AS one_customer
\gset

\if :negative_total
UPDATE seg_input.customers SET net = net - 1000;
\endif

\if :credit_notes
INSERT INTO seg_input.invoices
SELECT i, DATE '2026-06-30' - 200 + i % 50, DATE '2026-06-30' - 170 + i % 50, NULL, -(50 * (i % 7 + 1))::numeric
FROM generate_series(1, 300, 7) AS i;
\endif

\if :nulls
UPDATE seg_input.customers SET opened = NULL WHERE customer_id % 11 = 0;
UPDATE seg_input.customers SET assets = NULL WHERE customer_id % 13 = 0;
UPDATE seg_input.customers SET discount = NULL WHERE customer_id % 7 = 0;
UPDATE seg_input.customers SET referrals = NULL WHERE customer_id % 9 = 0;
UPDATE seg_input.customers SET net = NULL WHERE customer_id % 5 = 0;
UPDATE seg_input.customers SET risky_share = NULL WHERE customer_id % 4 = 0;
UPDATE seg_input.trades SET trade_date = NULL WHERE customer_id % 17 = 0;
UPDATE seg_input.trades SET amount = NULL WHERE customer_id % 19 = 0;
UPDATE seg_input.trades SET commission = NULL WHERE customer_id % 23 = 0;
INSERT INTO seg_input.trades VALUES (NULL, DATE '2026-06-01', 500, 0.4);
UPDATE seg_input.invoices SET invoice_date = NULL WHERE customer_id % 17 = 0;
UPDATE seg_input.invoices SET due_date = NULL WHERE customer_id % 19 = 0;
UPDATE seg_input.invoices SET amount = NULL WHERE customer_id % 23 = 0;
INSERT INTO seg_input.invoices VALUES (NULL, DATE '2026-03-01', DATE '2026-04-01', NULL, 700);
\endif

\if :empty
TRUNCATE seg_input.trades, seg_input.invoices;
\endif

\if :one_customer
DELETE FROM seg_input.customers WHERE customer_id <> 42;
DELETE FROM seg_input.trades WHERE customer_id <> 42;
DELETE FROM seg_input.invoices WHERE customer_id <> 42;
\endif

ANALYZE seg_input.customers, seg_input.trades, seg_input.invoices;
