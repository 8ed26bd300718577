# The segments refresh scheduled with pg_cron (preloaded): the job runs, and
# the view picks up an invoice inserted after it was last refreshed.
# pg_cron 1.4 (Debian 12) schedules by the minute, so this waits up to ~2 min.
use strict;
use warnings;
use FindBin;
use lib $FindBin::Bin;
use CsTest;
use PostgreSQL::Test::Utils;
use Test::More;

# pg_cron is packaged by Debian for its own PostgreSQL (test/check installs
# it there); a PostgreSQL built from source has none
my $pg_config = $ENV{PG_CONFIG} // 'pg_config';
my $pkglibdir = `$pg_config --pkglibdir`;
die "$pg_config --pkglibdir failed" if $? != 0;
chomp $pkglibdir;
plan skip_all => "pg_cron is not installed in $pkglibdir"
  unless -e "$pkglibdir/pg_cron.so";

my $node = cs_node('cron', <<'CONF');
shared_preload_libraries = 'pg_cron'
cron.database_name = 'postgres'
cron.use_background_workers = on
max_worker_processes = 16
CONF
cs_warehouse($node, 'wh', 500);
$node->safe_psql('wh', cs_segments_sql());
$node->safe_psql('postgres', 'CREATE EXTENSION pg_cron');

my $before = $node->safe_psql('wh', 'SELECT receivable FROM customer_segments WHERE customer_id = 7');
$node->safe_psql('wh', <<'SQL');
INSERT INTO invoices (customer_id, invoice_date, due_date, amount)
VALUES (7, DATE '2026-01-02', DATE '2026-02-01', 123456.78);
SQL
$node->safe_psql('postgres', <<'SQL');
SELECT cron.schedule_in_database('refresh segments', '* * * * *',
       'REFRESH MATERIALIZED VIEW CONCURRENTLY customer_segments', 'wh');
SQL

ok($node->poll_query_until('postgres',
		"SELECT count(*) > 0 FROM cron.job_run_details WHERE status = 'succeeded'", 't'),
	'the scheduled refresh ran and succeeded');
is($node->safe_psql('postgres',
		"SELECT count(*) FROM cron.job_run_details WHERE status <> 'succeeded' AND status <> 'running'"),
	'0', 'no failed run');
my $after = $node->safe_psql('wh', 'SELECT receivable FROM customer_segments WHERE customer_id = 7');
is($after - ($before || 0), 123456.78, 'the view changed: the new invoice is in it');
is(cs_differences($node, 'wh', 'SELECT * FROM customer_segments', 'SELECT * FROM customer_segments_live'),
	'0', 'the refreshed view equals a fresh computation');

$node->stop;
done_testing();
