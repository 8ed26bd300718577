-- test/report_views.sql: the report page's input views (schema seg_input)
-- over the sample warehouse of test/warehouse.sql.
--
--   psql -d warehouse -f test/report_views.sql
--
-- test/report_html reads nothing but these views and the extension's
-- functions.  To draw the page from your own database, create the same
-- views, with the same column names and types, over your own tables
-- (docs/report.md).  None of them depends on the as-of date:
-- the panels pass it to the extension's functions and window by it.

CREATE SCHEMA IF NOT EXISTS seg_input;

-- One row per customer.  net: net value over the twelve months to the
-- as-of date (here the warehouse's view customer_value: twelve months'
-- commission less cost to serve, as of 2026-06-30).  risky_share: the share
-- of the customer's assets in risky products, a fraction 0..1; the sample
-- has no holdings by product, so its questionnaire score (0 to 100) stands
-- in for it, scaled.
CREATE OR REPLACE VIEW seg_input.customers AS
SELECT c.id                  AS customer_id,
       c.opened              AS opened,
       c.assets              AS assets,
       c.commission_discount AS discount,
       c.referrals           AS referrals,
       v.net                 AS net,
       c.risk_score / 100.0  AS risky_share
FROM customers c
JOIN customer_value v ON v.customer_id = c.id;

-- One row per trade.
CREATE OR REPLACE VIEW seg_input.trades AS
SELECT customer_id, trade_date, amount, commission
FROM trades;

-- One row per invoice; paid_date NULL while it is open.
CREATE OR REPLACE VIEW seg_input.invoices AS
SELECT customer_id, invoice_date, due_date, paid_date, amount
FROM invoices;
