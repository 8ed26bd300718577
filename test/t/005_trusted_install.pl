# customer_seg is a trusted extension: a role with CREATE on a database, and
# no other privilege, installs it, updates it and uses it, and a role without
# CREATE cannot.  Hostile objects another role put in public, named like the
# pg_catalog functions and operators the install script uses, change nothing:
# the analyst's segmentation report equals a superuser's on the same data.
use strict;
use warnings;
use FindBin;
use lib $FindBin::Bin;
use CsTest;
use PostgreSQL::Test::Utils;
use Test::More;

my $node = cs_node('trusted');
cs_warehouse($node, 'reference', 800);

$node->safe_psql('postgres', <<'SQL');
CREATE ROLE analyst LOGIN;
CREATE ROLE mallory LOGIN;
CREATE DATABASE shop;
GRANT CREATE ON DATABASE shop TO analyst;
SQL
$node->safe_psql('shop', 'GRANT CREATE ON SCHEMA public TO PUBLIC');

# mallory's traps in public: same names as what the install script and the
# C code's callers rely on, all returning nonsense
$node->safe_psql('shop', <<'SQL', extra_params => [ '-U', 'mallory' ]);
CREATE FUNCTION public.numeric(text) RETURNS numeric LANGUAGE sql AS 'SELECT 666::numeric';
CREATE FUNCTION public.round(numeric, int) RETURNS numeric LANGUAGE sql AS 'SELECT 666::numeric';
CREATE FUNCTION public.int4(numeric) RETURNS int LANGUAGE sql AS 'SELECT 666';
CREATE FUNCTION public.array_length(anyarray, int) RETURNS int LANGUAGE sql AS 'SELECT 666';
CREATE FUNCTION public.evil_eq(numeric, numeric) RETURNS bool LANGUAGE sql AS 'SELECT true';
CREATE OPERATOR public.= (LEFTARG = numeric, RIGHTARG = numeric, FUNCTION = public.evil_eq);
CREATE FUNCTION public.evil_add(numeric, numeric) RETURNS numeric LANGUAGE sql AS 'SELECT 666::numeric';
CREATE OPERATOR public.+ (LEFTARG = numeric, RIGHTARG = numeric, FUNCTION = public.evil_add);
CREATE TYPE public.value_tier AS ENUM ('evil');
CREATE TYPE public.value_tier_label AS ENUM ('evil');
SQL

my ($ret, $out, $err) = $node->psql('shop', 'CREATE EXTENSION customer_seg',
	extra_params => [ '-U', 'mallory' ]);
isnt($ret, 0, 'a role without CREATE on the database cannot install it');
like($err, qr/permission denied/, '... with permission denied');

$node->safe_psql('shop', <<'SQL', extra_params => [ '-U', 'analyst' ]);
CREATE SCHEMA seg;
CREATE EXTENSION customer_seg SCHEMA seg VERSION '0.1.0';
ALTER EXTENSION customer_seg UPDATE;
SQL
pass('a non-superuser with CREATE on the database installed and updated the extension');
is($node->safe_psql('shop',
		"SELECT r.rolname || ' ' || r.rolsuper FROM pg_extension e JOIN pg_roles r ON r.oid = e.extowner WHERE extname = 'customer_seg'"),
	'analyst false', 'the extension belongs to the analyst');

# the analyst's warehouse and report, with public ahead of the extension's schema
my @as_analyst = ('psql', '-X', '-q', '-v', 'ON_ERROR_STOP=1', '-U', 'analyst');
my $opts = 'options=-csearch_path=public,seg';
$node->command_ok([ @as_analyst, '-v', 'customers=800', '-d', $node->connstr('shop') . " $opts",
		'-f', "$CS_TESTDIR/warehouse.sql" ], 'the analyst loads the warehouse');
$node->command_ok([ @as_analyst, '-d', $node->connstr('shop') . " $opts", '-o', "$PostgreSQL::Test::Utils::tmp_check/analyst.out",
		'-f', cs_report_sql() ], 'the analyst runs the segmentation report');
$node->command_ok([ 'psql', '-X', '-q', '-v', 'ON_ERROR_STOP=1', '-d', $node->connstr('reference'),
		'-o', "$PostgreSQL::Test::Utils::tmp_check/reference.out", '-f', cs_report_sql() ],
	'a superuser runs the report on the reference database');
is(slurp_file("$PostgreSQL::Test::Utils::tmp_check/analyst.out"),
	slurp_file("$PostgreSQL::Test::Utils::tmp_check/reference.out"),
	"hostile objects in public change nothing: the analyst's report equals the superuser's");

# the extension's own objects are not the analyst's to redefine
($ret, $out, $err) = $node->psql('shop',
	'CREATE OR REPLACE FUNCTION seg.net_value(numeric, numeric) RETURNS numeric LANGUAGE sql AS $$SELECT 1::numeric$$',
	extra_params => [ '-U', 'analyst' ]);
isnt($ret, 0, 'the analyst cannot replace an extension function');

$node->stop;
done_testing();
