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

our @EXPORT = qw(cs_node cs_fdw_warehouse cs_warehouse cs_report_sql cs_segments_sql cs_differences cs_members_sql $CS_TESTDIR);

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

# A sharded warehouse with postgres_fdw: a coordinator and two shard
# clusters, customer_seg everywhere; the single-node warehouse of
# test/warehouse.sql (customers => N, default 3000) in schema single on the
# coordinator as reference and source; customers and invoices
# hash-partitioned by customer_id into partitions => P (default 2) foreign
# partitions customers_sK / invoices_sK, partition K on shard K % 2 in a
# table of its own (customers_K; "customers" itself when P is 2).  Returns
# the coordinator and the list of shards.
sub cs_fdw_warehouse
{
	my (%o) = @_;
	my $nparts = $o{partitions} // 2;
	my $ncust = $o{customers} // 3000;
	my $coord = cs_node('coordinator');
	my @shards = map { cs_node("shard$_") } (0, 1);
	my $remote = sub { my ($t, $k) = @_; return $nparts == 2 ? $t : "${t}_$k"; };
	my %shard_sql;
	foreach my $k (0 .. $nparts - 1)
	{
		my ($c, $i) = ($remote->('customers', $k), $remote->('invoices', $k));
		$shard_sql{$k % 2} .= <<"SQL";
CREATE TABLE $c (customer_id int PRIMARY KEY, branch text NOT NULL, net numeric NOT NULL, last_trade date);
CREATE TABLE $i (id bigint, customer_id int NOT NULL, invoice_date date NOT NULL,
                 due_date date NOT NULL, amount numeric(14,2) NOT NULL, paid_date date);
SQL
	}
	foreach my $s (0, 1)
	{
		$shards[$s]->safe_psql('postgres', "CREATE EXTENSION customer_seg;\n$shard_sql{$s}");
	}

	$coord->safe_psql('postgres', 'CREATE EXTENSION customer_seg; CREATE EXTENSION postgres_fdw; CREATE SCHEMA single');
	$coord->command_ok(
		[ 'psql', '-X', '-q', '-v', 'ON_ERROR_STOP=1', '-v', "customers=$ncust",
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
SQL
	foreach my $k (0 .. $nparts - 1)
	{
		my $srv = 'shard' . ($k % 2);
		my ($c, $i) = ($remote->('customers', $k), $remote->('invoices', $k));
		$sql .= <<"SQL";
CREATE FOREIGN TABLE customers_s$k PARTITION OF customers FOR VALUES WITH (MODULUS $nparts, REMAINDER $k)
  SERVER $srv OPTIONS (table_name '$c');
CREATE FOREIGN TABLE invoices_s$k PARTITION OF invoices FOR VALUES WITH (MODULUS $nparts, REMAINDER $k)
  SERVER $srv OPTIONS (table_name '$i');
SQL
	}
	$sql .= <<'SQL';
INSERT INTO customers SELECT customer_id, branch, net, last_trade FROM single.customer_value;
INSERT INTO invoices SELECT id, customer_id, invoice_date, due_date, amount, paid_date FROM single.invoices;
ALTER DATABASE postgres SET enable_partitionwise_aggregate = on;
SQL
	$coord->safe_psql('postgres', $sql);
	return ($coord, @shards);
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
