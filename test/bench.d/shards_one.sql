-- one shard of the "shards" data set (included by shards.sql with :r set):
-- database customer_seg_shard<r> pulls its half of bench_tiers, and the
-- coordinator gets a foreign server for it
SELECT 'customer_seg_shard' || :r AS shard \gset
DROP DATABASE IF EXISTS :shard;
CREATE DATABASE :shard;
\c :shard
SET client_min_messages = warning;
CREATE EXTENSION customer_seg;
CREATE EXTENSION postgres_fdw;
CREATE SERVER source FOREIGN DATA WRAPPER postgres_fdw
  OPTIONS (host :'sockdir', port :'port', dbname :'benchdb', fetch_size '100000');
CREATE USER MAPPING FOR CURRENT_USER SERVER source;
CREATE FOREIGN TABLE source_tiers (customer_id int, branch int, net numeric)
  SERVER source OPTIONS (table_name 'bench_tiers');
CREATE TABLE bench_tiers AS SELECT * FROM source_tiers WHERE customer_id % 2 = :r;
DROP SERVER source CASCADE;
VACUUM ANALYZE bench_tiers;
\c :benchdb
SET client_min_messages = warning;
CREATE SERVER bench_shard:r FOREIGN DATA WRAPPER postgres_fdw
  OPTIONS (host :'sockdir', port :'port', dbname :'shard', extensions 'customer_seg', fetch_size '100000');
CREATE USER MAPPING FOR CURRENT_USER SERVER bench_shard:r;
