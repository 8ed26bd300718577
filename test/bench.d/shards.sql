-- bench data set "shards": the "tiers" customers split over two shard
-- databases (customer_id % 2) on this same server, reached through
-- postgres_fdw over the Unix socket with the extension listed in each
-- server's "extensions" option; bench_sharded is the coordinator's table,
-- LIST-partitioned with one foreign partition a shard.  (Same machine: the
-- point is what crosses to the coordinator, not more cores.)
SET client_min_messages = warning;
SELECT to_regclass('bench_tiers') IS NULL AS need_tiers \gset
\if :need_tiers
\ir tiers.sql
\endif
SELECT split_part(current_setting('unix_socket_directories'), ',', 1) AS sockdir,
       current_setting('port') AS port, current_database() AS benchdb \gset
CREATE EXTENSION IF NOT EXISTS postgres_fdw;
DROP TABLE IF EXISTS bench_sharded;
DROP SERVER IF EXISTS bench_shard0 CASCADE;
DROP SERVER IF EXISTS bench_shard1 CASCADE;

SELECT 0 AS r \gset
\ir shards_one.sql
SELECT 1 AS r \gset
\ir shards_one.sql

CREATE TABLE bench_sharded (customer_id int, branch int, net numeric) PARTITION BY LIST ((customer_id % 2));
CREATE FOREIGN TABLE bench_sharded0 PARTITION OF bench_sharded FOR VALUES IN (0)
  SERVER bench_shard0 OPTIONS (table_name 'bench_tiers');
CREATE FOREIGN TABLE bench_sharded1 PARTITION OF bench_sharded FOR VALUES IN (1)
  SERVER bench_shard1 OPTIONS (table_name 'bench_tiers');
