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

my ($coord, @shards) = cs_fdw_warehouse(partitions => 2, customers => 3000);
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
SELECT value_cutoffs_final(value_cutoffs_merge(s)) FROM (
  SELECT value_cutoffs_partial(net) AS s FROM customers_s0
  UNION ALL SELECT value_cutoffs_partial(net) FROM customers_s1) per_shard
SQL
$plan = plan_of($cutoffs);
is(scalar(() = $plan =~ /Remote SQL: SELECT public\.value_cutoffs_partial\(net\) FROM public\.customers/g), 2,
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
