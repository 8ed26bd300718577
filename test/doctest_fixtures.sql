-- test/doctest_fixtures.sql: a small warehouse "of your own" for the
-- examples in README.md and docs/ that show the extension over a user's
-- tables rather than the sample warehouse (test/doctest loads it).  Other
-- names than the sample's, and the awkward rows real data has: a credit
-- note, a client whose total is negative, a client with no sales at all,
-- NULL costs, an unpaid bill, a bill paid after the as-of date and one
-- with no due date.  As-of date: 2026-06-30.

CREATE SCHEMA shop;

CREATE TABLE shop.clients (
    client_no text PRIMARY KEY,
    name      text NOT NULL,
    since     date NOT NULL
);
INSERT INTO shop.clients VALUES
 ('C-01', 'Ambler Freight',   '2019-03-01'),
 ('C-02', 'Birch & Sons',     '2021-07-15'),
 ('C-03', 'Cobalt Labs',      '2024-01-10'),
 ('C-04', 'Dunmore Retail',   '2025-11-02'),
 ('C-05', 'Eastgate Clinic',  '2022-05-20'),
 ('C-06', 'Fenwick Studio',   '2026-06-01');   -- no sales yet

-- one row per sale; a credit note is a negative revenue; cost may be unknown
CREATE TABLE shop.sales (
    client_no text NOT NULL REFERENCES shop.clients,
    sold_on   date NOT NULL,
    revenue   numeric(12,2) NOT NULL,
    cost      numeric(12,2)
);
INSERT INTO shop.sales VALUES
 ('C-01', '2025-08-04', 48000.00, 30500.00),
 ('C-01', '2026-02-11', 52500.00, 33000.00),
 ('C-01', '2026-05-30', -4000.00, -2500.00),   -- credit note
 ('C-02', '2025-09-19', 12000.00,  9100.00),
 ('C-02', '2026-04-02',  9800.00,     NULL),   -- cost not booked yet
 ('C-03', '2026-01-23', 30500.00, 14200.00),
 ('C-04', '2026-03-14',  2100.00,  3900.00),   -- sold below cost
 ('C-04', '2026-06-12',  1500.00,  2600.00),
 ('C-05', '2025-07-08',  6400.00,  5200.00);

-- one row per bill; settled is NULL while it is open
CREATE TABLE shop.bills (
    bill_no   int PRIMARY KEY,
    client_no text NOT NULL REFERENCES shop.clients,
    issued    date NOT NULL,
    due       date,
    settled   date,
    amount    numeric(12,2) NOT NULL
);
INSERT INTO shop.bills VALUES
 (101, 'C-01', '2026-02-11', '2026-03-13', '2026-03-10', 52500.00),
 (102, 'C-01', '2026-05-30', '2026-06-29', NULL,         -4000.00),  -- credit note, open
 (103, 'C-02', '2025-09-19', '2025-10-19', '2026-01-05', 12000.00),
 (104, 'C-02', '2026-04-02', '2026-05-02', NULL,          9800.00),
 (105, 'C-03', '2026-01-23', '2026-02-22', '2026-07-15', 30500.00),  -- paid after the as-of date
 (106, 'C-04', '2026-03-14', '2026-04-13', NULL,          2100.00),
 (107, 'C-04', '2026-06-12', '2026-07-12', NULL,          1500.00),
 (108, 'C-05', '2025-07-08', NULL,         NULL,          6400.00);  -- no due date agreed

ANALYZE shop.clients, shop.sales, shop.bills;
