# A sharded warehouse with PostgreSQL's own tools: a coordinator and two
# shard clusters; customers and invoices hash-partitioned by customer_id on
# the coordinator, each partition a postgres_fdw foreign table on a shard;
# customer_seg installed everywhere and listed in the foreign servers'
# "extensions" option.  EXPLAIN VERBOSE and the results show that
# per-customer profiles and scalar functions run on the shards, and that
# global value tiers in the two-phase form (summaries on the shards, merged
# on the coordinator, tiers from the cut-offs) equal the single-node answer.
use strict;
use warnings;
use FindBin;
use lib $FindBin::Bin;
use CsTest;
use PostgreSQL::Test::Utils;
use Test::More;

my $coord = cs_node('coordinator');
my @shards = map { cs_node("shard$_") } (0, 1);

my $tables = <<'SQL';
CREATE TABLE customers (customer_id int PRIMARY KEY, branch text NOT NULL, net numeric NOT NULL, last_trade date);
CREATE TABLE invoices (id bigint, customer_id int NOT NULL, invoice_date date NOT NULL,
                       due_date date NOT NULL, amount numeric(14,2) NOT NULL, paid_date date);
SQL
foreach my $s (@shards)
{
	$s->safe_psql('postgres', "CREATE EXTENSION customer_seg;\n$tables");
}

# the single-node warehouse, in schema single, is the reference and the source
$coord->safe_psql('postgres', 'CREATE EXTENSION customer_seg; CREATE EXTENSION postgres_fdw; CREATE SCHEMA single');
$coord->command_ok(
	[ 'psql', '-X', '-q', '-v', 'ON_ERROR_STOP=1', '-v', 'customers=3000',
	  '-d', $coord->connstr('postgres') . ' options=-csearch_path=single,public', '-f', "$CS_TESTDIR/warehouse.sql" ],
	'single-node warehouse');

my $sql = '';
foreach my $i (0, 1)
{
	my ($host, $port) = ($shards[$i]->host, $shards[$i]->port);
	$sql .= <<"SQL";
CREATE SERVER shard$i FOREIGN DATA WRAPPER postgres_fdw
  OPTIONS (host '$host', port '$port', dbname 'postgres', extensions 'customer_seg', fetch_size '10000');
CREATE USER MAPPING FOR CURRENT_USER SERVER shard$i;
SQL
}
$sql .= <<'SQL';
CREATE TABLE customers (customer_id int NOT NULL, branch text NOT NULL, net numeric NOT NULL, last_trade date)
  PARTITION BY HASH (customer_id);
CREATE TABLE invoices (id bigint, customer_id int NOT NULL, invoice_date date NOT NULL,
                       due_date date NOT NULL, amount numeric(14,2) NOT NULL, paid_date date)
  PARTITION BY HASH (customer_id);
CREATE FOREIGN TABLE customers_s0 PARTITION OF customers FOR VALUES WITH (MODULUS 2, REMAINDER 0)
  SERVER shard0 OPTIONS (table_name 'customers');
CREATE FOREIGN TABLE customers_s1 PARTITION OF customers FOR VALUES WITH (MODULUS 2, REMAINDER 1)
  SERVER shard1 OPTIONS (table_name 'customers');
CREATE FOREIGN TABLE invoices_s0 PARTITION OF invoices FOR VALUES WITH (MODULUS 2, REMAINDER 0)
  SERVER shard0 OPTIONS (table_name 'invoices');
CREATE FOREIGN TABLE invoices_s1 PARTITION OF invoices FOR VALUES WITH (MODULUS 2, REMAINDER 1)
  SERVER shard1 OPTIONS (table_name 'invoices');
INSERT INTO customers SELECT customer_id, branch, net, last_trade FROM single.customer_value;
INSERT INTO invoices SELECT id, customer_id, invoice_date, due_date, amount, paid_date FROM single.invoices;
ALTER DATABASE postgres SET enable_partitionwise_aggregate = on;
SQL
$coord->safe_psql('postgres', $sql);
foreach my $i (0, 1)
{
	cmp_ok($shards[$i]->safe_psql('postgres', 'SELECT count(*) FROM customers'), '>', 1000,
		"shard $i holds its customers");
}

sub plan_of { return $coord->safe_psql('postgres', "EXPLAIN (VERBOSE, COSTS OFF) $_[0]"); }
sub same_as_single
{
	my ($name, $sharded, $single) = @_;
	is(cs_differences($coord, 'postgres', $sharded, $single), '0', "$name: the sharded answer equals the single-node one");
}

# 1. per-customer aging and payment profiles, with scalar functions inside:
#    grouped by the partition key, each partition's aggregate runs on its shard
my $per_customer = <<'SQL';
SELECT customer_id,
       aging_profile(amount, days_past_due(due_date, DATE '2026-06-30', paid_date)) AS aging,
       credit_grade(payment_profile(invoice_date, due_date, paid_date, amount, DATE '2026-06-30')) AS grade
FROM %s GROUP BY customer_id
SQL
my $plan = plan_of(sprintf($per_customer, 'invoices'));
like($plan, qr/Relations: Aggregate on \(public\.invoices_s0 invoices\)/,
	'per-customer profiles: an aggregate foreign scan per shard');
like($plan, qr/Remote SQL: SELECT customer_id, public\.aging_profile\(amount, public\.days_past_due\(due_date, '2026-06-30'::date, paid_date\)\), public\.credit_grade\(public\.payment_profile\(/,
	'the aggregates and scalar functions are in the remote SQL');
unlike($plan, qr/HashAggregate|GroupAggregate|Partial/, 'nothing is aggregated on the coordinator');
same_as_single('per-customer profiles', sprintf($per_customer, 'invoices'), sprintf($per_customer, 'single.invoices'));

# 2. a scalar function in WHERE is shipped with the scan (an int- or
#    enum-valued one: postgres_fdw keeps a text result compared with a
#    literal local, because of its collation rule)
my $overdue = "SELECT id, amount FROM invoices WHERE aging_bucket_no(days_past_due(due_date, DATE '2026-06-30', paid_date)) = 5";
like(plan_of($overdue), qr/Remote SQL: SELECT id, amount FROM public\.invoices WHERE \(\(public\.aging_bucket_no\(public\.days_past_due\(/,
	'a scalar filter runs on the shards');
same_as_single('overdue filter', $overdue, $overdue =~ s/FROM invoices/FROM single.invoices/r);

# 3. global tiers, two-phase: one summary per shard, merged on the coordinator
my $cutoffs = <<'SQL';
SELECT value_cutoffs(value_summary_merge(s)) FROM (
  SELECT value_summary(net) AS s FROM customers_s0
  UNION ALL SELECT value_summary(net) FROM customers_s1) per_shard
SQL
$plan = plan_of($cutoffs);
is(scalar(() = $plan =~ /Remote SQL: SELECT public\.value_summary\(net\) FROM public\.customers/g), 2,
	'each shard computes its own value summary');
is($coord->safe_psql('postgres', $cutoffs),
	$coord->safe_psql('postgres', 'SELECT value_cutoffs(net) FROM single.customer_value'),
	'merged cut-offs equal the single-node cut-offs');
my $cut = $coord->safe_psql('postgres', $cutoffs);

# ... then tiers from the cut-offs, counted on each shard
my $tiers = <<"SQL";
SELECT tier, sum(n), sum(net) FROM (
  SELECT value_tier(net, '$cut'::value_cutoffs_row) AS tier, count(*) AS n, sum(net) AS net FROM customers_s0 GROUP BY 1
  UNION ALL
  SELECT value_tier(net, '$cut'::value_cutoffs_row), count(*), sum(net) FROM customers_s1 GROUP BY 1) t
GROUP BY tier
SQL
like(plan_of($tiers), qr/Remote SQL: SELECT public\.value_tier\(net, '[^']*'::public\.value_cutoffs_row, false\), count\(\*\), sum\(net\) FROM public\.customers GROUP BY 1/,
	'tier counts are computed on the shards');
same_as_single('tier counts', $tiers,
	'SELECT tier, count(*), sum(net) FROM (SELECT value_tier(net) OVER () AS tier, net FROM single.customer_value) x GROUP BY tier');

# per customer, the same tiers as the window over the whole single-node table
same_as_single('tier per customer',
	"SELECT customer_id, value_tier(net, '$cut'::value_cutoffs_row) FROM customers",
	'SELECT customer_id, value_tier(net) OVER () FROM single.customer_value');

$coord->stop;
$_->stop foreach @shards;
done_testing();
