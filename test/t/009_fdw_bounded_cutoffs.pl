# Global value tiers by bounded-traffic cut-offs on many small shards: the
# sharded warehouse of cs_fdw_warehouse with 16 foreign partitions (two shard
# clusters).  Each round, every partition computes its cutoff_counts state
# on its shard (the aggregate is in the remote SQL), the coordinator merges
# the 16 states and plans the next round with cutoff_round, until
# cutoff_result gives the cut-offs: they, and the tiers from them, equal the
# single-node answer.  The bytes each partition sends per round are printed
# (the text of its state, as postgres_fdw and Citus ship it) and must stay
# under 64 kB.
use strict;
use warnings;
use FindBin;
use lib $FindBin::Bin;
use CsTest;
use PostgreSQL::Test::Utils;
use Test::More;

my $nparts = 16;
my ($coord, @shards) = cs_fdw_warehouse(partitions => $nparts, customers => 20000);
cmp_ok($shards[1]->safe_psql('postgres', 'SELECT count(*) FROM customers_15'), '>', 500,
	'a shard table holds its partition');

# one round: each partition's state as text, and the merged plan of the next round
sub round_sql
{
	my ($plan) = @_;
	my $arg = defined $plan ? ", '$plan'::cutoff_histogram" : '';
	return join("\nUNION ALL ",
		map { "SELECT $_ AS part, cutoff_counts_partial(net$arg)::text AS s FROM customers_s$_" } 0 .. $nparts - 1);
}

foreach my $shares ('NULL', "'{0.01,0.10}'")
{
	my ($plan, $round, $max_bytes) = (undef, 0, 0);
	my $result = '';
	while ($result eq '')
	{
		$round++;
		my $per_part = round_sql($plan);
		if ($round <= 2)
		{
			my $explain = $coord->safe_psql('postgres', "EXPLAIN (VERBOSE, COSTS OFF) $per_part");
			is(scalar(() = $explain =~ /Remote SQL: SELECT \d+, public\.cutoff_counts_partial\(net/g), $nparts,
				"round $round: every partition counts on its shard");
		}
		my @bytes = split /\n/, $coord->safe_psql('postgres',
			"SELECT coalesce(octet_length(s), 0) FROM ($per_part) x ORDER BY part");
		my ($sum, $max) = (0, 0);
		foreach (@bytes) { $sum += $_; $max = $_ if $_ > $max; }
		$max_bytes = $max if $max > $max_bytes;
		note(sprintf('shares %s, round %d: bytes per partition min %d, max %d, total %d for %d partitions',
				$shares, $round, (sort { $a <=> $b } @bytes)[0], $max, $sum, scalar(@bytes)));
		diag(sprintf('shares %s, round %d: max %d bytes per partition, %d in all', $shares, $round, $max, $sum));
		$plan = $coord->safe_psql('postgres',
			"SELECT cutoff_round(cutoff_counts_merge(s::cutoff_histogram), $shares) FROM ($per_part) x");
		$result = $coord->safe_psql('postgres', "SELECT cutoff_result('$plan'::cutoff_histogram)");
		BAIL_OUT('cut-off rounds did not end') if $round > 8;
	}
	cmp_ok($max_bytes, '<', 65536, "shares $shares: every partition sends under 64 kB per round");
	is($result, $coord->safe_psql('postgres', "SELECT value_cutoffs(net, $shares) FROM single.customer_value"),
		"shares $shares: the bounded cut-offs equal the single-node value_cutoffs ($round rounds)");

	# tiers from the cut-offs, counted on each shard, equal the window form
	my $tiers = join("\nUNION ALL ",
		map { "SELECT value_tier(net, '$result'::value_cutoffs_row) AS tier, count(*) AS n, sum(net) AS net FROM customers_s$_ GROUP BY 1" }
		0 .. $nparts - 1);
	like($coord->safe_psql('postgres', "EXPLAIN (VERBOSE, COSTS OFF) $tiers"),
		qr/Remote SQL: SELECT public\.value_tier\(net, '[^']*'::public\.value_cutoffs_row, false\), count\(\*\), sum\(net\) FROM public\.customers_15 GROUP BY 1/,
		"shares $shares: tier counts are computed on the shards");
	is(cs_differences($coord, 'postgres', "SELECT tier, sum(n), sum(net) FROM ($tiers) t GROUP BY tier",
			"SELECT tier, count(*), sum(net) FROM (SELECT value_tier(net, false, coalesce($shares, '{0.05,0.20}')::float8[]) OVER () AS tier, net FROM single.customer_value) x GROUP BY tier"),
		'0', "shares $shares: tier counts equal the single-node window form");
}

# for comparison: the value_summary each partition would send instead
my $summaries = join("\nUNION ALL ",
	map { "SELECT octet_length(value_cutoffs_partial(net)::text) AS b FROM customers_s$_" } 0 .. $nparts - 1);
diag('value_summary instead (one round): '
	  . $coord->safe_psql('postgres', "SELECT format('max %s bytes per partition, %s in all', max(b), sum(b)) FROM ($summaries) x"));

# the PL/pgSQL helper over the partitioned table gives the same cut-offs
is($coord->safe_psql('postgres', "SELECT value_cutoffs_bounded('customers', 'net')"),
	$coord->safe_psql('postgres', 'SELECT value_cutoffs(net) FROM single.customer_value'),
	'value_cutoffs_bounded over the partitioned table equals value_cutoffs');

$coord->stop;
$_->stop foreach @shards;
done_testing();
