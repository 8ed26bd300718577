# pg_dump / pg_restore (custom and plain formats) of a database whose tables,
# generated columns, indexes, views and materialized views use the
# extension's types and functions: the restored databases give the same
# results.  Also a binary COPY round trip of the aggregate state types.
use strict;
use warnings;
use FindBin;
use lib $FindBin::Bin;
use CsTest;
use PostgreSQL::Test::Utils;
use Test::More;

my $node = cs_node('dump');
cs_warehouse($node, 'wh', 1500);
$node->safe_psql('wh', cs_segments_sql() . <<'SQL');
CREATE TABLE receivables (
    id          bigint PRIMARY KEY,
    customer_id int NOT NULL,
    amount      numeric(14,2) NOT NULL,
    dpd         int NOT NULL,
    bucket      text GENERATED ALWAYS AS (aging_bucket(dpd)) STORED,
    cycle       int  GENERATED ALWAYS AS (delinquency_cycle(dpd)) STORED,
    stage       collection_stage_label GENERATED ALWAYS AS (collection_stage(dpd, 30)) STORED
);
INSERT INTO receivables
SELECT id, customer_id, amount, days_past_due(due_date, DATE '2026-06-30', paid_date) FROM invoices;
CREATE INDEX ON receivables (aging_bucket_no(dpd)) WHERE dpd > 0;
CREATE INDEX ON receivables (stage);

CREATE TABLE scores (
    customer_id int PRIMARY KEY,
    revenue     numeric NOT NULL,
    cost        numeric NOT NULL,
    avg_days    numeric,
    net         numeric GENERATED ALWAYS AS (net_value(revenue, cost)) STORED,
    grade       credit_grade_label GENERATED ALWAYS AS (credit_grade(avg_days)) STORED,
    tier        value_tier_label,
    style       holding_style_label
);
INSERT INTO scores (customer_id, revenue, cost, avg_days, tier, style)
SELECT s.customer_id, coalesce(t.rev, 0), 100, (p).avg_days_to_pay, s.tier,
       holding_style(s.customer_id % 400)
FROM customer_segments s
LEFT JOIN (SELECT customer_id, sum(commission) AS rev FROM trades GROUP BY customer_id) t USING (customer_id)
LEFT JOIN (SELECT customer_id, payment_profile(invoice_date, due_date, paid_date, amount, DATE '2026-06-30') AS p
           FROM invoices GROUP BY customer_id) q USING (customer_id);
CREATE INDEX ON scores (credit_grade(avg_days, '{30,90,180}'));
CREATE INDEX ON scores (tier, grade);

-- aggregate states kept in columns of the extension's own types
CREATE TABLE branch_states AS
SELECT c.branch, value_cutoffs_partial(v.net) AS values, aging_profile_partial(i.amount, i.dpd) AS aging,
       payment_profile_partial(i.invoice_date, i.due_date, i.paid_date, i.amount, DATE '2026-06-30') AS payments
FROM customers c
JOIN customer_value v ON v.customer_id = c.id
JOIN (SELECT customer_id, invoice_date, due_date, paid_date, amount,
             days_past_due(due_date, DATE '2026-06-30', paid_date) AS dpd FROM invoices) i
  ON i.customer_id = c.id
GROUP BY c.branch;

CREATE VIEW branch_report AS
SELECT branch, value_cutoffs_final(values) AS cutoffs, top_share_final(values, 0.2) AS top20,
       aging_profile_final(aging) AS aging, credit_grade(payment_profile_final(payments)) AS grade
FROM branch_states;
CREATE MATERIALIZED VIEW tier_counts AS
SELECT tier, grade, count(*) AS n, sum(receivable) AS receivable FROM customer_segments GROUP BY 1, 2;
SQL

# One text per table, view and index probe; compared across databases.
my @probes = (
	'SELECT * FROM receivables ORDER BY id',
	'SELECT * FROM scores ORDER BY customer_id',
	'SELECT branch, values::text, aging::text, payments::text FROM branch_states ORDER BY branch',
	'SELECT * FROM branch_report ORDER BY branch',
	'SELECT * FROM tier_counts ORDER BY tier, grade',
	'SELECT * FROM customer_segments ORDER BY customer_id',
	'SELECT * FROM customer_segments_live ORDER BY customer_id',
	'SET enable_seqscan = off; SELECT count(*), sum(amount) FROM receivables WHERE aging_bucket_no(dpd) = 3 AND dpd > 0',
	"SET enable_seqscan = off; SELECT count(*) FROM scores WHERE credit_grade(avg_days, '{30,90,180}') = 'B'",
	"SET enable_seqscan = off; SELECT count(*) FROM receivables WHERE stage = 'legal'");
sub results
{
	my ($db) = @_;
	return [ map { $node->safe_psql($db, $_) } @probes ];
}
my $original = results('wh');
ok(length($original->[0]) > 1000, 'the original database has data');

my $dir = PostgreSQL::Test::Utils::tempdir;
$node->command_ok([ 'pg_dump', '-Fc', '-f', "$dir/wh.dump", '-d', $node->connstr('wh') ],
	'pg_dump -Fc');
$node->safe_psql('postgres', 'CREATE DATABASE restored');
$node->command_ok(
	[ 'pg_restore', '--exit-on-error', '-d', $node->connstr('restored'), "$dir/wh.dump" ],
	'pg_restore without an error');
is_deeply(results('restored'), $original, 'custom-format restore gives the same results');

$node->command_ok([ 'pg_dump', '-Fp', '-f', "$dir/wh.sql", '-d', $node->connstr('wh') ],
	'pg_dump plain');
$node->safe_psql('postgres', 'CREATE DATABASE restored_plain');
$node->command_ok(
	[ 'psql', '-X', '-q', '-v', 'ON_ERROR_STOP=1', '-d', $node->connstr('restored_plain'), '-f', "$dir/wh.sql" ],
	'plain dump restores with psql without an error');
is_deeply(results('restored_plain'), $original, 'plain-format restore gives the same results');

# binary COPY of the state types (their send/receive functions)
$node->safe_psql('wh', <<"SQL");
COPY branch_states TO '$dir/states.bin' (FORMAT binary);
CREATE TABLE branch_states_bin (LIKE branch_states);
COPY branch_states_bin FROM '$dir/states.bin' (FORMAT binary);
SQL
is(cs_differences($node, 'wh',
		'SELECT branch, values::text, aging::text, payments::text FROM branch_states',
		'SELECT branch, values::text, aging::text, payments::text FROM branch_states_bin'),
	'0', 'binary COPY round trip keeps every state exactly');

$node->stop;
done_testing();
