-- test/cdnow.sql: loads the CDNOW sample (test/data/cdnow, see its README)
-- into the schema cdnow.  Run with psql from the repository's top directory
-- (pg_regress and test/doctest do): the \copy paths are relative to it.
--   cdnow.transactions  one row per purchase of the 1/10 sample
--   cdnow.summary       the published calibration summary: x, t_x, T in
--                       weeks (2 decimals) and zbar (cents), per sample id

CREATE SCHEMA cdnow;

CREATE TABLE cdnow.transactions (
    master_id   integer NOT NULL,
    customer_id integer NOT NULL,       -- the sample id, 1..2357
    purchased   date NOT NULL,
    cds         integer NOT NULL,
    amount      numeric(10,2) NOT NULL
);
CREATE TEMP TABLE cdnow_raw (line text);
\copy cdnow_raw FROM 'test/data/cdnow/CDNOW_sample.txt'
INSERT INTO cdnow.transactions
SELECT f[1]::int, f[2]::int, to_date(f[3], 'YYYYMMDD'), f[4]::int, f[5]::numeric
FROM (SELECT regexp_split_to_array(btrim(line, E' \t\r'), '\s+') AS f FROM cdnow_raw) s;
DROP TABLE cdnow_raw;

CREATE TABLE cdnow.summary (
    customer_id integer PRIMARY KEY,
    x           integer NOT NULL,
    t_x         numeric(8,2) NOT NULL,
    t_cal       numeric(8,2) NOT NULL,   -- T, the age at the end of calibration
    zbar        numeric(10,2) NOT NULL
);
\copy cdnow.summary FROM 'test/data/cdnow/cdnow_customers_summary_with_transactions.csv' WITH (FORMAT csv, HEADER true)
ANALYZE cdnow.transactions;
ANALYZE cdnow.summary;
