# The segmentation model (docs/model.md) in a database's life:
# - a database whose extension was installed at the first release and
#   updated along the chain to the newest builds the model over the sample
#   warehouse, and it has the same rows as in a fresh install;
# - a model made at the previous release survives the update of the
#   extension under it (same rows, refreshes), and re-created it is the
#   newest model;
# - pg_dump (custom and plain formats) of a database with a model restores:
#   the rows, the analyst's rules and the rules' CHECK come back, and the
#   restored model refreshes (CONCURRENTLY) to the same rows;
# - a pg_cron job refreshing the model runs and picks up new data (skipped
#   when pg_cron is not installed, as in 002_pg_cron.pl).
use strict;
use warnings;
use FindBin;
use lib $FindBin::Bin;
use CsTest;
use PostgreSQL::Test::Utils;
use Test::More;

my $customers = 800;

# The model over the sample warehouse in $db, as of 2026-06-30.
sub build_model
{
	my ($node, $db) = @_;
	$node->command_ok(
		[ 'psql', '-X', '-q', '-v', 'ON_ERROR_STOP=1', '-v', "customers=$customers",
		  '-d', $node->connstr($db), '-f', "$CS_TESTDIR/warehouse.sql", '-f', "$CS_TESTDIR/report_views.sql" ],
		"$db: the sample warehouse and its input views");
	like($node->safe_psql($db, 'SELECT segmentation_model_create()'),
		qr/^seg\.customer_segments: $customers customers as of \d{4}-\d{2}-\d{2}$/, "$db: the model is created");
	$node->safe_psql($db, "UPDATE seg.rules SET value = '2026-06-30' WHERE rule = 'as_of'");
	is($node->safe_psql($db, 'SELECT segmentation_model_refresh()'),
		"seg.customer_segments: $customers customers as of 2026-06-30", "$db: refreshed as of 2026-06-30");
	return;
}

# Every row of the model and its views, as text.
my $model_sql = <<'SQL';
SELECT string_agg(s::text, E'\n' ORDER BY customer_id) FROM seg.customer_segments s;
SELECT string_agg(p::text, E'\n') FROM seg.population p;
SELECT string_agg(t::text, E'\n') FROM seg.tier_summary t;
SELECT string_agg(a::text, E'\n') FROM seg.aging_summary a;
SELECT string_agg(r::text, E'\n') FROM seg.rfm_summary r;
SELECT string_agg(k::text, E'\n') FROM seg.collection_kpis k;
SELECT string_agg(r::text, E'\n' ORDER BY rule) FROM seg.rules r;
SQL

my $node = cs_node('model');
my $newest = $node->safe_psql('postgres',
	"SELECT default_version FROM pg_available_extensions WHERE name = 'customer_seg'");
my $first = $node->safe_psql('postgres',
	"SELECT version FROM pg_available_extension_versions WHERE name = 'customer_seg' "
	  . "ORDER BY string_to_array(version, '.')::int[] LIMIT 1");

# a fresh install of the newest version
$node->safe_psql('postgres', 'CREATE DATABASE fresh');
$node->safe_psql('fresh', 'CREATE EXTENSION customer_seg');
build_model($node, 'fresh');
my $want = $node->safe_psql('fresh', $model_sql);
like($want, qr/^\(1,2026-06-30,/, 'the fresh model has rows');

# installed at the first release, updated along the chain
$node->safe_psql('postgres', 'CREATE DATABASE upgraded');
$node->safe_psql('upgraded', "CREATE EXTENSION customer_seg VERSION '$first'");
$node->safe_psql('upgraded', 'ALTER EXTENSION customer_seg UPDATE');
is($node->safe_psql('upgraded', "SELECT extversion FROM pg_extension WHERE extname = 'customer_seg'"),
	$newest, "installed at $first, updated to $newest");
build_model($node, 'upgraded');
is($node->safe_psql('upgraded', $model_sql), $want, "$first -> $newest: the same model as a fresh install");

# a model made at the release before the newest, then the extension updated
# under it: the model keeps its rows and refreshes, and re-creating it gives
# the newest model's rows, the analyst's rules kept
my $previous = $node->safe_psql('postgres',
	"SELECT version FROM pg_available_extension_versions WHERE name = 'customer_seg' AND version <> '$newest' "
	  . "ORDER BY string_to_array(version, '.')::int[] DESC LIMIT 1");
$node->safe_psql('postgres', 'CREATE DATABASE under');
$node->safe_psql('under', "CREATE EXTENSION customer_seg VERSION '$previous'");
build_model($node, 'under');
$node->safe_psql('under', "UPDATE seg.rules SET value = '120' WHERE rule = 'dormancy_days'");
$node->safe_psql('under', 'SELECT segmentation_model_refresh()');
my $old_rows = $node->safe_psql('under', 'SELECT string_agg(s::text, E\'\\n\' ORDER BY customer_id) FROM seg.customer_segments s');
$node->safe_psql('under', 'ALTER EXTENSION customer_seg UPDATE');
is($node->safe_psql('under', "SELECT extversion FROM pg_extension WHERE extname = 'customer_seg'"),
	$newest, "a model made at $previous, the extension updated to $newest under it");
is($node->safe_psql('under', 'SELECT segmentation_model_refresh()'),
	"seg.customer_segments: $customers customers as of 2026-06-30", "$previous model: refreshed after the update");
is($node->safe_psql('under', 'SELECT string_agg(s::text, E\'\\n\' ORDER BY customer_id) FROM seg.customer_segments s'),
	$old_rows, "$previous model: the same rows after the update and a refresh");
like($node->safe_psql('under', 'SELECT segmentation_model_create()'), qr/: $customers customers as of 2026-06-30$/,
	"$previous model: re-created at $newest");
is($node->safe_psql('under', "SELECT value FROM seg.rules WHERE rule = 'dormancy_days'"), '120',
	"$previous model: re-created, the analyst's rule kept");
$node->safe_psql('under', "UPDATE seg.rules SET value = '180' WHERE rule = 'dormancy_days'");
$node->safe_psql('under', 'SELECT segmentation_model_refresh()');
is($node->safe_psql('under', $model_sql), $want, "$previous model re-created at $newest: the same model as a fresh install");

# an analyst's rule, then dump and restore
$node->safe_psql('upgraded', "UPDATE seg.rules SET value = '90' WHERE rule = 'dormancy_days'");
$node->safe_psql('upgraded', 'SELECT segmentation_model_refresh()');
my $dumped = $node->safe_psql('upgraded', $model_sql);
isnt($dumped, $want, 'the changed rule changes the model');
my $dir = PostgreSQL::Test::Utils::tempdir;
$node->command_ok([ 'pg_dump', '-Fc', '-f', "$dir/model.dump", '-d', $node->connstr('upgraded') ], 'pg_dump -Fc');
$node->command_ok([ 'pg_dump', '-Fp', '-f', "$dir/model.sql", '-d', $node->connstr('upgraded') ], 'pg_dump plain');
$node->safe_psql('postgres', 'CREATE DATABASE restored');
$node->command_ok([ 'pg_restore', '--exit-on-error', '-d', $node->connstr('restored'), "$dir/model.dump" ],
	'pg_restore without an error');
$node->safe_psql('postgres', 'CREATE DATABASE restored_plain');
$node->command_ok(
	[ 'psql', '-X', '-q', '-v', 'ON_ERROR_STOP=1', '-d', $node->connstr('restored_plain'), '-f', "$dir/model.sql" ],
	'the plain dump restores with psql without an error');
for my $db ('restored', 'restored_plain')
{
	is($node->safe_psql($db, $model_sql), $dumped, "$db: the model's rows and rules as dumped");
	is($node->safe_psql($db, "SELECT value FROM segmentation_rules() WHERE rule = 'dormancy_days'"),
		'90', "$db: the analyst's rule is kept");
	is($node->safe_psql($db, 'SELECT segmentation_model_refresh()'),
		"seg.customer_segments: $customers customers as of 2026-06-30", "$db: the restored model refreshes");
	is($node->safe_psql($db, $model_sql), $dumped, "$db: refreshed, the same rows");
	my ($ret, $out, $err) = $node->psql($db, "UPDATE seg.rules SET value = '0' WHERE rule = 'dormancy_days'");
	like($err, qr/invalid value '0' for segmentation rule dormancy_days/,
		"$db: the rules' CHECK still refuses a bad value");
	like($node->safe_psql($db, 'SELECT segmentation_model_create()'), qr/: $customers customers as of 2026-06-30$/,
		"$db: the model is re-created over the restored data, the rules kept");
	is($node->safe_psql($db, $model_sql), $dumped, "$db: re-created, the same rows");
}
$node->stop;

# A pg_cron job refreshing the model
my $pg_config = $ENV{PG_CONFIG} // 'pg_config';
my $pkglibdir = `$pg_config --pkglibdir`;
die "$pg_config --pkglibdir failed" if $? != 0;
chomp $pkglibdir;
SKIP:
{
	skip "pg_cron is not installed in $pkglibdir", 8 unless -e "$pkglibdir/pg_cron.so";
	my $cron = cs_node('model_cron', <<'CONF');
shared_preload_libraries = 'pg_cron'
cron.database_name = 'postgres'
cron.use_background_workers = on
max_worker_processes = 16
CONF
	$cron->safe_psql('postgres', 'CREATE DATABASE wh');
	$cron->safe_psql('wh', 'CREATE EXTENSION customer_seg');
	build_model($cron, 'wh');
	$cron->safe_psql('postgres', 'CREATE EXTENSION pg_cron');
	my $before = $cron->safe_psql('wh', 'SELECT open_amount FROM seg.customer_segments WHERE customer_id = 7');
	$cron->safe_psql('wh', <<'SQL');
INSERT INTO invoices (customer_id, invoice_date, due_date, amount)
VALUES (7, DATE '2026-01-02', DATE '2026-02-01', 123456.78);
SQL
	$cron->safe_psql('postgres', <<'SQL');
SELECT cron.schedule_in_database('refresh the model', '* * * * *', $$SELECT segmentation_model_refresh('seg')$$, 'wh');
SQL
	ok($cron->poll_query_until('postgres',
			"SELECT count(*) > 0 FROM cron.job_run_details WHERE status = 'succeeded'", 't'),
		'the scheduled refresh of the model ran and succeeded');
	is($cron->safe_psql('postgres',
			"SELECT count(*) FROM cron.job_run_details WHERE status <> 'succeeded' AND status <> 'running'"),
		'0', 'no failed run');
	is($cron->safe_psql('postgres', "SELECT return_message FROM cron.job_run_details WHERE status = 'succeeded' LIMIT 1"),
		'SELECT 1', 'the run returned its one row');
	is($cron->safe_psql('wh', 'SELECT open_amount FROM seg.customer_segments WHERE customer_id = 7') - $before,
		123456.78, 'the refreshed model has the new invoice');
	$cron->stop;
}

done_testing();
