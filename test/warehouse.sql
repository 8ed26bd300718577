-- test/warehouse.sql: a reproducible sample brokerage-and-receivables warehouse.
--
--   psql -v customers=10000 -f test/warehouse.sql
--   psql -v customers=10000 -v distributed=on -f test/warehouse.sql   (Citus)
--
-- distributed: auto (the default) distributes the tables by customer when
-- the citus extension is installed in the database, on requires it (and
-- builds local tables with a warning without it), off never distributes.
-- Distributed, every table is loaded locally first, so the rows are the
-- same as on one node, then distributed as docs/scaling-out.md's Citus
-- chapter says: customers by id, then trades, costs and invoices by
-- customer_id co-located with it.
--
-- Fixed random seed, so every run builds the same rows.  The shape: customers'
-- trading activity (trades a year) and assets are log-normal, and a trade's
-- value is a share of the customer's assets (a half at the median), so a
-- minority of customers carries most of the commission while a fixed monthly
-- service cost makes the inactive ones lose money and a fifth are costly to
-- serve; ~15% are dormant (no trade in the last 200 days), about a fifth
-- never traded; the holding period implied by trade value and assets is days
-- to a few years for most customers.  Receivables: terms of 30 (half of the
-- invoices), 60 or 90 days; 85% of the customers pay around the due date (10
-- days early to 2 late), 11% 1 to 20 days late, 3% 21 to 261 days late
-- (skewed to the short end) and 1% never: about 11% of the open receivables
-- are past due, a DSO of about 56 days.  Everything is relative to the as-of
-- date 2026-06-30.

\if :{?customers}
\else
\set customers 10000
\endif
\if :{?distributed}
\else
\set distributed auto
\endif

SET client_min_messages = warning;
DROP VIEW IF EXISTS customer_value;
DROP TABLE IF EXISTS invoices, costs, trades, customers;
RESET client_min_messages;
SELECT setseed(0.42) \g /dev/null

CREATE TABLE customers (
    id                  int PRIMARY KEY,
    branch              text NOT NULL,
    opened              date NOT NULL,
    assets              numeric(14,2) NOT NULL,
    risk_score          int NOT NULL,           -- questionnaire score 0..100
    referrals           int NOT NULL,
    commission_discount numeric(4,3) NOT NULL,  -- 0.150 = 15% off list commission
    -- generator-only traits, not part of the warehouse schema proper
    activity            float8 NOT NULL,
    dormant             boolean NOT NULL,
    service_heavy       boolean NOT NULL,       -- costly to serve (branch visits, support)
    payer               text NOT NULL
);

INSERT INTO customers
SELECT id,
       (ARRAY['beijing','shanghai','shenzhen','guangzhou','hangzhou','chengdu','wuhan','nanjing'])[1 + (random() * 7.999)::int % 8],
       DATE '2005-01-01' + (random() * 7800)::int,
       round((exp(11 + 1.4 * z2))::numeric, 2),
       (random() * 100)::int,
       CASE WHEN random() < 0.8 THEN 0 ELSE 1 + (random() * random() * 10)::int END,
       round((random() * random() * 0.6)::numeric, 3),
       exp(1.7 * z1),
       random() < 0.15,
       random() < 0.20,
       CASE WHEN u < 0.85 THEN 'prompt' WHEN u < 0.96 THEN 'late'
            WHEN u < 0.99 THEN 'very_late' ELSE 'never' END
FROM (SELECT id,
             sqrt(-2 * ln(1 - random())) * cos(2 * pi() * random()) AS z1,
             sqrt(-2 * ln(1 - random())) * cos(2 * pi() * random()) AS z2,
             random() AS u
      FROM generate_series(1, :customers) AS id) g;

CREATE TABLE trades (
    customer_id int NOT NULL REFERENCES customers,
    trade_date  date NOT NULL,
    amount      numeric(14,2) NOT NULL,
    commission  numeric(12,2) NOT NULL,
    product     text NOT NULL
);

-- (random() is drawn in the select list of a subquery kept apart with
-- OFFSET 0: a volatile value inside a LATERAL subquery may be cached per
-- parameter, and a flattened subquery would draw it twice).
-- A trade's value is the customer's assets times a log-normal share (median
-- 0.5), so turnover follows assets; its commission is 0.025% of it less the
-- customer's discount.
INSERT INTO trades
SELECT id, trade_date, amt, round(amt * 0.00025 * (1 - commission_discount), 2), product
FROM (SELECT c.id, c.commission_discount,
             CASE WHEN c.dormant THEN DATE '2026-06-30' - 200 - (random() * 165)::int
                  ELSE DATE '2026-06-30' - (random() * 365)::int END AS trade_date,
             round((c.assets * exp(ln(0.5) + 0.7 * sqrt(-2 * ln(1 - random())) * cos(2 * pi() * random())))::numeric, 2) AS amt,
             (ARRAY['a_share','b_share','fund','bond','tech','blue_chip'])[1 + (random() * 5.999)::int % 6] AS product
      FROM customers c
      CROSS JOIN LATERAL generate_series(1, least(2000, floor(c.activity * 4)::int)) AS k
      OFFSET 0) t;

CREATE TABLE costs (
    customer_id int NOT NULL REFERENCES customers,
    period      date NOT NULL,               -- first day of the month
    cost        numeric(12,2) NOT NULL,
    PRIMARY KEY (customer_id, period)
);

INSERT INTO costs
SELECT c.id, p::date, round((4 + random() * 6 + least(c.activity, 50) * 0.6
              + CASE WHEN c.service_heavy THEN 15 + random() * 25 ELSE 0 END)::numeric, 2)
FROM customers c
CROSS JOIN generate_series(DATE '2025-07-01', DATE '2026-06-01', interval '1 month') AS p;

-- The key includes the customer, as every key here does (customers.id,
-- trades and costs by customer_id), so the tables can be distributed by
-- customer (Citus requires the distribution column in every primary key
-- and unique constraint); id alone stays unique through its sequence.
CREATE TABLE invoices (
    id           bigserial,
    customer_id  int NOT NULL REFERENCES customers,
    invoice_date date NOT NULL,
    due_date     date NOT NULL,
    amount       numeric(14,2) NOT NULL,
    paid_date    date,                       -- NULL: open as of 2026-06-30
    PRIMARY KEY (customer_id, id)
);

INSERT INTO invoices (customer_id, invoice_date, due_date, amount, paid_date)
SELECT customer_id, invoice_date, invoice_date + term, amount,
       CASE WHEN paid > DATE '2026-06-30' THEN NULL ELSE paid END
FROM (SELECT customer_id, invoice_date, term, amount,
             CASE payer
                  WHEN 'prompt'    THEN invoice_date + term - 10 + (r * 12)::int
                  WHEN 'late'      THEN invoice_date + term + 1 + (r * 19)::int
                  WHEN 'very_late' THEN invoice_date + term + 21 + (r * r * 240)::int
             END AS paid
      FROM (SELECT c.id AS customer_id, c.payer,
                   DATE '2026-06-30' - (random() * 360)::int AS invoice_date,
                   (ARRAY[30, 30, 60, 90])[1 + (random() * 3.999)::int % 4] AS term,
                   round(exp(8.3 + 0.8 * sqrt(-2 * ln(1 - random())) * cos(2 * pi() * random()))::numeric, 2) AS amount,
                   random() AS r
            FROM customers c
            CROSS JOIN LATERAL generate_series(1, (c.id * 7919) % 7) AS k   -- 0 to 6 invoices
            OFFSET 0) x) i;

CREATE INDEX ON trades (customer_id);
-- (invoices by customer: the primary key (customer_id, id) serves them)

-- Distributed by customer when Citus is there (see the top).  Citus does
-- not distribute a table that a local table's foreign key references, so
-- the foreign keys to customers are dropped first and added back on the
-- co-located tables.
SELECT lower(:'distributed') NOT IN ('auto', 'on', 'off') AS cs_bad_switch,
       lower(:'distributed') <> 'off' AND EXISTS (SELECT FROM pg_extension WHERE extname = 'citus') AS cs_distribute,
       lower(:'distributed') = 'on' AND NOT EXISTS (SELECT FROM pg_extension WHERE extname = 'citus') AS cs_no_citus \gset
\if :cs_bad_switch
\warn 'distributed must be auto, on or off: the tables stay local'
\elif :cs_no_citus
\warn 'distributed=on, but the citus extension is not installed in this database: the tables stay local'
\elif :cs_distribute
ALTER TABLE trades DROP CONSTRAINT trades_customer_id_fkey;
ALTER TABLE costs DROP CONSTRAINT costs_customer_id_fkey;
ALTER TABLE invoices DROP CONSTRAINT invoices_customer_id_fkey;
SELECT create_distributed_table('customers', 'id');
SELECT create_distributed_table(t, 'customer_id', colocate_with => 'customers')
FROM unnest(ARRAY['trades', 'costs', 'invoices']::regclass[]) t;
SELECT truncate_local_data_after_distributing_table(t)
FROM unnest(ARRAY['customers', 'trades', 'costs', 'invoices']::regclass[]) t;
ALTER TABLE trades ADD FOREIGN KEY (customer_id) REFERENCES customers;
ALTER TABLE costs ADD FOREIGN KEY (customer_id) REFERENCES customers;
ALTER TABLE invoices ADD FOREIGN KEY (customer_id) REFERENCES customers;
\endif

-- Net value per customer over the last twelve months: the input to tiers.
CREATE VIEW customer_value AS
SELECT c.id AS customer_id, c.branch, c.assets,
       net_value(coalesce(t.revenue, 0), coalesce(k.cost, 0)) AS net,
       t.last_trade
FROM customers c
LEFT JOIN (SELECT customer_id, sum(commission) AS revenue, max(trade_date) AS last_trade
           FROM trades GROUP BY customer_id) t ON t.customer_id = c.id
LEFT JOIN (SELECT customer_id, sum(cost) AS cost FROM costs GROUP BY customer_id) k ON k.customer_id = c.id;

ANALYZE;
