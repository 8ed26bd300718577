# Every released version updates to the newest along the upgrade chain, and
# what a user built at the old version survives the update.
#
# There is no full install script for any version after 0.1.0: CREATE
# EXTENSION of the newest runs customer_seg--0.1.0.sql and then the upgrade
# scripts, so a fresh install is itself the chain from 0.1.0.  Comparing an
# update with a fresh install therefore proves little on its own; what this
# test adds is what a fresh install never goes through:
# - each released version is installed, then used: a warehouse, a view and a
#   materialized view over the old API, an expression index, and stored
#   aggregate states (value_summary, aging_state) in a table;
# - ALTER EXTENSION UPDATE then runs with those dependent objects in place
#   (an upgrade script that dropped or re-created a function or type they
#   use would fail here, or silently change their answers);
# - afterwards the version is the newest, the extension's objects (signatures,
#   volatility, strictness, parallel safety, C symbols, aggregate support
#   functions, types, enum labels, comments) equal a fresh install's, the
#   old objects give the same answers as before the update, the stored
#   states still read, and the segmentation report is the same.
# The answers are read through views made at the old version: views refer to
# functions and types by OID, so they keep working when a later version
# renames them, and the test names nothing that a release may rename.
# test/t/007_upgrade_stored_data.pl checks stored data of every type in depth.
# pg_extension_update_paths must offer a path from every released version.
use strict;
use warnings;
use FindBin;
use lib $FindBin::Bin;
use CsTest;
use PostgreSQL::Test::Utils;
use Test::More;

my $members = cs_members_sql();

my $node = cs_node('upgrade');
my $newest = $node->safe_psql('postgres',
	"SELECT default_version FROM pg_available_extensions WHERE name = 'customer_seg'");
my @released = split /\n/, $node->safe_psql('postgres',
	"SELECT version FROM pg_available_extension_versions WHERE name = 'customer_seg' AND version <> '$newest' ORDER BY string_to_array(version, '.')::int[]");
ok(@released >= 1, "released versions before $newest: @released");

# Objects a user of any released version may have made: the first
# release's API, which later releases keep, except the state aggregates that
# 0.3.0 renamed without an alias (their old names were type names): a
# database made at 0.3.0 or later builds the same objects with the new
# names (user_objects_at below).
my $user_objects = <<'SQL';
CREATE VIEW customer_net AS
SELECT c.id AS customer_id, net_value(coalesce(t.commission, 0), coalesce(k.cost, 0)) AS net
FROM customers c
LEFT JOIN (SELECT customer_id, sum(commission) AS commission FROM trades GROUP BY 1) t ON t.customer_id = c.id
LEFT JOIN (SELECT customer_id, sum(cost) AS cost FROM costs GROUP BY 1) k ON k.customer_id = c.id;
CREATE VIEW customer_tiers AS
SELECT customer_id, net, value_tier(net) OVER () AS tier,
       percentile_tier(net, '{0.1,0.5}') OVER () AS decile
FROM customer_net;
CREATE MATERIALIZED VIEW customer_tiers_m AS SELECT * FROM customer_tiers;
CREATE INDEX trades_net ON trades (net_value(amount, commission));
CREATE TABLE kept_states AS
SELECT customer_id, value_summary(amount) AS vs,
       aging_state(amount, greatest(DATE '2026-06-30' - due_date, 0)) AS st
FROM invoices GROUP BY customer_id;
CREATE VIEW kept_answers AS
SELECT customer_id, vs, st, value_cutoffs_final(vs) AS cutoffs, top_share(vs, 0.2) AS top20,
       value_curve(vs, 4) AS curve, aging_profile_final(st) AS aging
FROM kept_states;
CREATE VIEW kept_merged AS
SELECT value_cutoffs_final(value_summary_merge(vs)) AS cutoffs, aging_profile_final(aging_state_merge(st)) AS aging
FROM kept_states;
SQL
sub user_objects_at
{
	my ($v) = @_;
	my $sql = $user_objects;
	my @v = split /\./, $v;
	if ($v[0] > 0 || $v[1] >= 3)
	{
		$sql =~ s/\bvalue_summary\(/value_cutoffs_partial(/g;
		$sql =~ s/\baging_state\(/aging_profile_partial(/g;
		$sql =~ s/\bvalue_summary_merge\(/value_cutoffs_merge(/g;
		$sql =~ s/\baging_state_merge\(/aging_profile_merge(/g;
	}
	return $sql;
}
my $user_answers = <<'SQL';
SELECT string_agg(concat_ws(' ', customer_id, net, tier, decile), E'\n' ORDER BY customer_id) FROM customer_tiers;
SELECT string_agg(concat_ws(' ', customer_id, net, tier, decile), E'\n' ORDER BY customer_id) FROM customer_tiers_m;
REFRESH MATERIALIZED VIEW customer_tiers_m;
SELECT count(*) FROM customer_tiers_m;
SELECT string_agg(k::text, E'\n' ORDER BY customer_id) FROM kept_answers k;
SELECT * FROM kept_merged;
SELECT indexrelid::regclass FROM pg_index WHERE indrelid = 'trades'::regclass AND indexprs IS NOT NULL;
SQL

my $paths = $node->safe_psql('postgres',
	"SELECT string_agg(source, ' ' ORDER BY source) FROM pg_extension_update_paths('customer_seg') WHERE target = '$newest' AND path IS NOT NULL");
is($paths, join(' ', sort @released), "an update path to $newest from every released version");

cs_warehouse($node, 'fresh', 1000);
my $want_members = $node->safe_psql('fresh', $members);
my $report = sub {
	my ($db) = @_;
	my ($ret, $out, $err) = $node->psql($db, undef,
		extra_params => [ '-v', 'ON_ERROR_STOP=1', '-f', cs_report_sql() ]);
	is($ret, 0, "segmentation report runs in $db") or diag($err);
	return $out;
};
my $want_report = $report->('fresh');

foreach my $v (@released)
{
	(my $db = "from_$v") =~ s/\W/_/g;
	$node->safe_psql('postgres', "CREATE DATABASE $db");
	$node->safe_psql($db, "CREATE EXTENSION customer_seg VERSION '$v'");
	is($node->safe_psql($db, "SELECT extversion FROM pg_extension WHERE extname = 'customer_seg'"),
		$v, "installs at $v");
	$node->command_ok(
		[ 'psql', '-X', '-q', '-v', 'ON_ERROR_STOP=1', '-v', 'customers=1000',
		  '-d', $node->connstr($db), '-f', "$CS_TESTDIR/warehouse.sql" ],
		"warehouse in $db");
	$node->safe_psql($db, user_objects_at($v));
	my $want_answers = $node->safe_psql($db, $user_answers);
	my ($ret, $out, $err) = $node->psql($db, 'ALTER EXTENSION customer_seg UPDATE');
	is($ret, 0, "$v: ALTER EXTENSION UPDATE with views, an index and stored states in place")
	  or diag($err);
	is($node->safe_psql($db, "SELECT extversion FROM pg_extension WHERE extname = 'customer_seg'"),
		$newest, "$v updates to $newest");
	is($node->safe_psql($db, $members), $want_members, "$v -> $newest: the same objects as a fresh install");
	is($node->safe_psql($db, $user_answers), $want_answers,
		"$v -> $newest: objects made at $v give the same answers as before the update");
	is($report->($db), $want_report, "$v -> $newest: the same report as a fresh install");
}

$node->stop;
done_testing();
