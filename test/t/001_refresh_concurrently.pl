# REFRESH MATERIALIZED VIEW CONCURRENTLY of per-customer segments while two
# sessions read the view in a loop and a third inserts invoices: no session
# sees an error, and after the last refresh the view equals a fresh
# computation.
use strict;
use warnings;
use FindBin;
use lib $FindBin::Bin;
use CsTest;
use IPC::Run;
use PostgreSQL::Test::Utils;
use Test::More;

my $node = cs_node('refresh');
cs_warehouse($node, 'wh', 2000);
$node->safe_psql('wh', cs_segments_sql());

my $dir = PostgreSQL::Test::Utils::tempdir;
PostgreSQL::Test::Utils::append_to_file("$dir/reader.sql", <<'SQL');
\set c random(1, 2000)
SELECT tier, count(*), sum(receivable), avg(loyalty) FROM customer_segments GROUP BY tier;
SELECT * FROM customer_segments WHERE customer_id = :c;
SQL
PostgreSQL::Test::Utils::append_to_file("$dir/writer.sql", <<'SQL');
\set c random(1, 2000)
\set age random(0, 400)
\set term random(30, 90)
INSERT INTO invoices (customer_id, invoice_date, due_date, amount, paid_date)
VALUES (:c, DATE '2026-06-30' - :age, DATE '2026-06-30' - :age + :term,
        round((random() * 5000)::numeric, 2), NULL);
SQL

# pgbench exits non-zero when any client's statement fails.
my $seconds = 12;
my @bench = ('pgbench', '-n', '-T', $seconds, '-d', $node->connstr('wh'));
my ($rout, $rerr, $wout, $werr) = ('', '', '', '');
my $readers = IPC::Run::start([ @bench, '-c', '2', '-f', "$dir/reader.sql" ],
	'>', \$rout, '2>', \$rerr);
my $writer = IPC::Run::start([ @bench, '-c', '1', '-f', "$dir/writer.sql" ],
	'>', \$wout, '2>', \$werr);

my $refreshes = 0;
my $start = time;
while (time - $start < $seconds - 1)
{
	$node->safe_psql('wh', 'REFRESH MATERIALIZED VIEW CONCURRENTLY customer_segments');
	$refreshes++;
}
ok($refreshes >= 2, "refreshed concurrently $refreshes times under load");

ok($readers->finish, 'readers ran without an error') or diag($rerr);
ok($writer->finish,  'writer ran without an error')  or diag($werr);
like($rout, qr/processed: [1-9]/, 'readers made progress');
like($wout, qr/processed: [1-9]/, 'writer inserted invoices');

$node->safe_psql('wh', 'REFRESH MATERIALIZED VIEW CONCURRENTLY customer_segments');
is(cs_differences($node, 'wh', 'SELECT * FROM customer_segments', 'SELECT * FROM customer_segments_live'),
	'0', 'after the last refresh the view equals a fresh computation');
cmp_ok($node->safe_psql('wh', "SELECT count(*) FROM invoices WHERE invoice_date > DATE '2026-06-30' - 401 AND paid_date IS NULL"),
	'>', 0, 'inserted invoices are in the refreshed view');

$node->stop;
done_testing();
