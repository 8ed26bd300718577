# test/t/CsTest.pm: set-up shared by the TAP tests.
#
# A node with customer_seg installed and the sample warehouse loaded, and the
# per-customer segments view that the refresh tests materialize.
package CsTest;

use strict;
use warnings;
use FindBin;
use Exporter 'import';
use PostgreSQL::Test::Cluster;
use Test::More;

our @EXPORT = qw(cs_node cs_warehouse cs_report_sql cs_segments_sql cs_differences cs_members_sql $CS_TESTDIR);

our $CS_TESTDIR = "$FindBin::Bin/..";

# A started node; extra lines go to postgresql.conf.
sub cs_node
{
	my ($name, $conf) = @_;
	my $node = PostgreSQL::Test::Cluster->new($name);
	$node->init;
	$node->append_conf('postgresql.conf', "fsync = off\n" . ($conf // ''));
	$node->start;
	return $node;
}

# A psql script that prints the segmentation report over the sample
# warehouse: it creates the report's input views (test/report_views.sql) and
# the segmentation model over them as of 2026-06-30 (test/report_model.sql,
# schema seg), and runs every panel's query of tools/report.d over that
# model, the same files the report page and tools/report_text read.
# Returns its path.
sub cs_report_sql
{
	my $path = "$PostgreSQL::Test::Utils::tmp_check/report.sql";
	open(my $fh, '>', $path) or die "$path: $!";
	print $fh "\\set as_of 2026-06-30\n\\set model seg\n\\i $CS_TESTDIR/report_views.sql\n\\i $CS_TESTDIR/report_model.sql\n";
	foreach my $panel (sort glob("$CS_TESTDIR/../tools/report.d/[0-9][0-9]_*.sql"))
	{
		print $fh "\\echo $panel\n\\i $panel\n";
	}
	close $fh;
	return $path;
}

# Create database $db with the extension and a warehouse of $customers.
sub cs_warehouse
{
	my ($node, $db, $customers) = @_;
	$node->safe_psql('postgres', "CREATE DATABASE $db");
	$node->safe_psql($db, 'CREATE EXTENSION customer_seg');
	$node->command_ok(
		[
			'psql', '-X', '-q', '-v', 'ON_ERROR_STOP=1', '-v', "customers=$customers",
			'-d', $node->connstr($db), '-f', "$CS_TESTDIR/warehouse.sql"
		],
		"sample warehouse of $customers customers in $db");
	return;
}

# Per-customer value tier, aging profile, credit grade and loyalty score as
# of 2026-06-30: a live view, and a materialized copy with a unique index so
# that it can be refreshed CONCURRENTLY.
sub cs_segments_sql
{
	return <<'SQL';
CREATE VIEW customer_segments_live AS
SELECT c.id AS customer_id,
       value_tier(v.net, is_dormant(v.last_trade, DATE '2026-06-30')) OVER () AS tier,
       (a.p).total AS receivable, (a.p).overdue, (a.p).d181_plus,
       credit_grade(a.pay) AS grade,
       loyalty_score(DATE '2026-06-30' - c.opened, coalesce(t.trades, 0),
                     c.commission_discount, c.referrals) AS loyalty
FROM customers c
JOIN customer_value v ON v.customer_id = c.id
LEFT JOIN (SELECT customer_id, count(*) AS trades FROM trades
           WHERE trade_date > DATE '2026-06-30' - 365 GROUP BY customer_id) t
       ON t.customer_id = c.id
LEFT JOIN (SELECT customer_id,
                  aging_profile(amount, days_past_due(due_date, DATE '2026-06-30', paid_date)) AS p,
                  payment_profile(invoice_date, due_date, paid_date, amount, DATE '2026-06-30') AS pay
           FROM invoices GROUP BY customer_id) a
       ON a.customer_id = c.id;
CREATE MATERIALIZED VIEW customer_segments AS SELECT * FROM customer_segments_live;
CREATE UNIQUE INDEX ON customer_segments (customer_id);
SQL
}

# One line per member object of the extension, with what defines it:
# functions and aggregates with their arguments (names, defaults), result,
# kind, volatility, parallel safety, strictness, cost, C symbol, ACL and
# aggregate support functions; types with their storage, I/O functions, enum
# labels in order and composite attributes; every comment.  Two databases
# with the same text have the same SQL surface (OIDs aside).
sub cs_members_sql
{
	return <<'SQL';
SELECT pg_describe_object(d.classid, d.objid, 0) || ' | ' ||
       coalesce(obj_description(d.objid, d.classid::regclass::text), '-') || ' | ' ||
       coalesce(CASE d.classid
         WHEN 'pg_proc'::regclass THEN
           (SELECT concat_ws(' ', p.prokind, p.provolatile, p.proparallel, p.proisstrict, p.proretset,
                             p.prosecdef, p.proleakproof, p.procost, p.prorows, p.proconfig,
                             p.prosrc, p.probin,
                             pg_get_function_arguments(p.oid), pg_get_function_result(p.oid), p.proacl)
            FROM pg_proc p WHERE p.oid = d.objid) ||
           coalesce((SELECT concat_ws(' ', a.aggkind, a.aggnumdirectargs, a.aggtransfn, a.aggfinalfn,
                                      a.aggcombinefn, a.aggserialfn, a.aggdeserialfn,
                                      a.aggmtransfn, a.aggminvtransfn, a.aggmfinalfn, a.aggsortop::regoperator,
                                      a.aggtranstype::regtype, a.aggtransspace, a.agginitval,
                                      a.aggfinalmodify, a.aggfinalextra, a.aggminitval)
                     FROM pg_aggregate a WHERE a.aggfnoid = d.objid), '')
         WHEN 'pg_type'::regclass THEN
           (SELECT concat_ws(' ', t.typtype, t.typlen, t.typbyval, t.typalign, t.typstorage, t.typcategory,
                             t.typinput, t.typoutput, t.typreceive, t.typsend, t.typanalyze,
                             t.typarray::regtype, t.typdefault,
                             (SELECT string_agg(e.enumlabel, ',' ORDER BY e.enumsortorder)
                              FROM pg_enum e WHERE e.enumtypid = t.oid),
                             (SELECT string_agg(a.attname || ':' || format_type(a.atttypid, a.atttypmod) ||
                                                coalesce(' ' || col_description(t.typrelid, a.attnum), ''),
                                                ',' ORDER BY a.attnum)
                              FROM pg_attribute a WHERE a.attrelid = t.typrelid AND a.attnum > 0 AND NOT a.attisdropped))
            FROM pg_type t WHERE t.oid = d.objid)
       END, '')
FROM pg_depend d
WHERE d.refclassid = 'pg_extension'::regclass AND d.deptype = 'e'
  AND d.refobjid = (SELECT oid FROM pg_extension WHERE extname = 'customer_seg')
ORDER BY 1
SQL
}

# Rows in one query's result and not the other's, both ways (0 = same).
sub cs_differences
{
	my ($node, $db, $q1, $q2) = @_;
	return $node->safe_psql($db,
		"SELECT count(*) FROM (($q1 EXCEPT ALL $q2) UNION ALL ($q2 EXCEPT ALL $q1)) d");
}

1;
