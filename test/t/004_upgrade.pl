# ALTER EXTENSION customer_seg UPDATE from every released version to the
# newest gives the same objects (signatures, volatility, strictness,
# parallel safety, C symbols, aggregate support functions, types, enum
# labels, comments) and the same results as a fresh install of the newest.
use strict;
use warnings;
use FindBin;
use lib $FindBin::Bin;
use CsTest;
use PostgreSQL::Test::Utils;
use Test::More;

# One line per member object of the extension, with what defines it.
my $members = <<'SQL';
SELECT pg_describe_object(d.classid, d.objid, 0) || ' | ' ||
       coalesce(obj_description(d.objid, d.classid::regclass::text), '-') || ' | ' ||
       coalesce(CASE d.classid
         WHEN 'pg_proc'::regclass THEN
           (SELECT concat_ws(' ', p.prokind, p.provolatile, p.proparallel, p.proisstrict, p.prosrc, p.probin,
                             pg_get_function_arguments(p.oid), pg_get_function_result(p.oid), p.proacl)
            FROM pg_proc p WHERE p.oid = d.objid) ||
           coalesce((SELECT concat_ws(' ', a.aggkind, a.aggtransfn, a.aggfinalfn, a.aggcombinefn,
                                      a.aggserialfn, a.aggdeserialfn, a.aggtranstype::regtype,
                                      a.agginitval, a.aggfinalmodify, a.aggfinalextra)
                     FROM pg_aggregate a WHERE a.aggfnoid = d.objid), '')
         WHEN 'pg_type'::regclass THEN
           (SELECT concat_ws(' ', t.typtype, t.typlen, t.typalign, t.typstorage, t.typinput, t.typoutput,
                             t.typreceive, t.typsend,
                             (SELECT string_agg(e.enumlabel, ',' ORDER BY e.enumsortorder)
                              FROM pg_enum e WHERE e.enumtypid = t.oid),
                             (SELECT string_agg(a.attname || ':' || format_type(a.atttypid, a.atttypmod), ',' ORDER BY a.attnum)
                              FROM pg_attribute a WHERE a.attrelid = t.typrelid AND a.attnum > 0))
            FROM pg_type t WHERE t.oid = d.objid)
       END, '')
FROM pg_depend d
WHERE d.refclassid = 'pg_extension'::regclass AND d.deptype = 'e'
  AND d.refobjid = (SELECT oid FROM pg_extension WHERE extname = 'customer_seg')
ORDER BY 1
SQL

my $node = cs_node('upgrade');
my $newest = $node->safe_psql('postgres',
	"SELECT default_version FROM pg_available_extensions WHERE name = 'customer_seg'");
my @released = split /\n/, $node->safe_psql('postgres',
	"SELECT version FROM pg_available_extension_versions WHERE name = 'customer_seg' AND version <> '$newest' ORDER BY string_to_array(version, '.')::int[]");
ok(@released >= 1, "released versions before $newest: @released");

cs_warehouse($node, 'fresh', 1000);
my $want_members = $node->safe_psql('fresh', $members);
my $report = sub {
	my ($db) = @_;
	my ($ret, $out, $err) = $node->psql($db, undef,
		extra_params => [ '-v', 'ON_ERROR_STOP=1', '-f', "$CS_TESTDIR/report.sql" ]);
	is($ret, 0, "segmentation report runs in $db") or diag($err);
	return $out;
};
my $want_report = $report->('fresh');

foreach my $v (@released)
{
	(my $db = "from_$v") =~ s/\W/_/g;
	$node->safe_psql('postgres', "CREATE DATABASE $db");
	$node->safe_psql($db, "CREATE EXTENSION customer_seg VERSION '$v'");
	$node->safe_psql($db, 'ALTER EXTENSION customer_seg UPDATE');
	is($node->safe_psql($db, "SELECT extversion FROM pg_extension WHERE extname = 'customer_seg'"),
		$newest, "$v updates to $newest");
	is($node->safe_psql($db, $members), $want_members, "$v -> $newest: the same objects as a fresh install");
	$node->command_ok(
		[ 'psql', '-X', '-q', '-v', 'ON_ERROR_STOP=1', '-v', 'customers=1000',
		  '-d', $node->connstr($db), '-f', "$CS_TESTDIR/warehouse.sql" ],
		"warehouse in $db");
	is($report->($db), $want_report, "$v -> $newest: the same report as a fresh install");
}

$node->stop;
done_testing();
