#!/usr/bin/perl
# test/doctest.pl: runs every SQL example of README.md and docs/*.md and
# compares what psql prints with the output written under it.  Called by
# test/doctest, which builds the database first; see there for the usage.
#
# An example is a ```sql block followed (blank lines between are allowed) by
# a ```text block: the SQL and what psql prints for it.  A ```sql norun
# block is shown, not run (a fragment, or a statement that cannot run inside
# a transaction).  Each file runs in one psql session, in one transaction
# that is rolled back, with ON_ERROR_ROLLBACK on: the examples of a page may
# build on each other, an example may show an error, and nothing persists.
#
# Besides the examples it checks that
#   - every function of the extension (but the type I/O functions, the
#     deprecated ones and the aggregates' own transition and combine
#     functions) is called by at least one example that ran;
#   - README.md is at most 12 KB and its index links every function (but
#     the type I/O and deprecated ones, and the aggregates' own transition
#     and combine functions, which their pages list) to an entry in docs/;
#     an aggregate's A_partial, A_merge and A_final count as linked by A's
#     link (the index says once that every aggregate has the three);
#   - every relative link of those files points at a file that exists and,
#     with #anchor, at a heading there or an <a id="anchor"></a>;
#   - the error-code table of docs/errors.md lists exactly the SQLSTATEs the
#     extension raises in the bad-input matrix (expected/badinput.out), and
#     the example call of each row raises that SQLSTATE.
use strict;
use warnings;
use File::Temp qw(tempfile);
use Getopt::Long;

my ($accept, $db, $psql) = (0, 'doctest', 'psql');
GetOptions('accept' => \$accept, 'db=s' => \$db, 'psql=s' => \$psql) or die "usage: doctest.pl [--accept] [--db DB] FILE...\n";
my $root = $ENV{CS_ROOT} or die "CS_ROOT not set\n";
chdir $root or die "cd $root: $!\n";
my @files = @ARGV ? @ARGV : ('README.md', sort glob('docs/*.md'));
my $all_files = !@ARGV;

my ($examples, $norun, $failed, $problems) = (0, 0, 0, 0);
my @called;    # SQL text of every example that ran, for the coverage check

sub problem { print "FAILED $_[0]\n"; $problems++; }

# The fenced blocks of a Markdown file: [lang, info, first line no, lines, fence line no, end line no]
sub blocks {
	my ($lines) = @_;
	my @b;
	for (my $i = 0; $i < @$lines; $i++) {
		next unless $lines->[$i] =~ /^(```+|~~~+)\s*([\w-]*)\s*(.*?)\s*$/;
		my ($fence, $lang, $info, $start) = ($1, $2, $3, $i);
		my @body;
		for ($i++; $i < @$lines && $lines->[$i] !~ /^\Q$fence\E\s*$/; $i++) { push @body, $lines->[$i]; }
		push @b, { lang => $lang, info => $info, start => $start, end => $i, body => \@body };
	}
	return @b;
}

sub norm {
	my @l = map { my $x = $_; $x =~ s/\s+$//; $x } split /\n/, $_[0], -1;
	shift @l while @l && $l[0] eq '';
	pop @l while @l && $l[-1] eq '';
	return join("\n", @l);
}

# Runs the examples of one file; returns the actual outputs, one per example.
sub run_examples {
	my ($file, $ex) = @_;
	my ($fh, $script) = tempfile('doctest_XXXXXX', TMPDIR => 1, SUFFIX => '.sql', UNLINK => 1);
	print $fh "\\set ON_ERROR_STOP 0\n\\set ON_ERROR_ROLLBACK on\n\\pset pager off\nBEGIN;\n";
	for my $k (0 .. $#$ex) {
		print $fh "\\echo '<<<doctest $k>>>'\n", join("\n", @{$ex->[$k]{sql}}), "\n";
	}
	print $fh "\\echo '<<<doctest end>>>'\nROLLBACK;\n";
	close $fh;
	# stdout line-buffered, so results and errors (stderr) arrive in order
	my @cmd = ('stdbuf', '-oL', $psql, '-X', '-q', '-d', $db, '-f', $script);
	open(my $out, '-|', join(' ', map { "'$_'" } @cmd) . ' 2>&1') or die "psql: $!\n";
	my ($cur, @got) = (undef);
	while (my $line = <$out>) {
		$line =~ s/^psql:\Q$script\E:\d+: //;
		if ($line =~ /^<<<doctest (\d+|end)>>>$/) { $cur = $1 eq 'end' ? undef : $1; $got[$1] = '' if $1 ne 'end'; next; }
		$got[$cur] .= $line if defined $cur;
	}
	close $out;
	return @got;
}

for my $file (@files) {
	open(my $in, '<', $file) or do { problem("$file: cannot read: $!"); next; };
	my @lines = map { s/\r?\n$//r } <$in>;
	close $in;
	my @b = blocks(\@lines);
	my @ex;
	for my $i (0 .. $#b) {
		next unless $b[$i]{lang} eq 'sql';
		if ($b[$i]{info} =~ /\bnorun\b/) { $norun++; next; }
		my $o = $i < $#b ? $b[$i + 1] : undef;
		my $between = $o ? join('', @lines[$b[$i]{end} + 1 .. $o->{start} - 1]) : 'x';
		my $has_out = $o && $o->{lang} eq 'text' && $between =~ /^\s*$/;
		my $sql = $b[$i]{body};
		my $last = (grep { /\S/ } @$sql)[-1] // '';
		if ($last !~ /;\s*(--.*)?$/ && $last !~ /^\s*\\/) {
			problem(sprintf "%s:%d: the example does not end with a semicolon", $file, $b[$i]{start} + 1);
			next;
		}
		if (!$has_out && !$accept) {
			problem(sprintf "%s:%d: a sql block without its output (a ```text block right under it), nor marked norun",
			        $file, $b[$i]{start} + 1);
			next;
		}
		push @ex, { sql => $sql, line => $b[$i]{start} + 1, out => $has_out ? $o : undef, sqlblock => $b[$i] };
	}
	next unless @ex;
	my @got = run_examples($file, \@ex);
	my @edits;
	for my $k (0 .. $#ex) {
		my $e = $ex[$k];
		my $got = norm($got[$k] // '');
		my $want = $e->{out} ? norm(join("\n", @{$e->{out}{body}})) : undef;
		$examples++;
		push @called, join("\n", @{$e->{sql}});
		next if defined $want && $want eq $got;
		if ($accept) { push @edits, [$e, $got]; next; }
		$failed++;
		print "FAILED $file:$e->{line}: the output differs\n";
		my ($wf, $wn) = tempfile(UNLINK => 1); print $wf "$want\n"; close $wf;
		my ($gf, $gn) = tempfile(UNLINK => 1); print $gf "$got\n"; close $gf;
		print map { "    $_" } `diff -u --label written --label actual '$wn' '$gn'`;
	}
	if (@edits) {
		# from the bottom up, so earlier line numbers stay right
		for my $ed (sort { $b->[0]{sqlblock}{start} <=> $a->[0]{sqlblock}{start} } @edits) {
			my ($e, $got) = @$ed;
			my @new = ('```text', split(/\n/, $got), '```');
			if ($e->{out}) { splice @lines, $e->{out}{start}, $e->{out}{end} - $e->{out}{start} + 1, @new; }
			else { splice @lines, $e->{sqlblock}{end} + 1, 0, '', @new; }
		}
		open(my $w, '>', $file) or die "$file: $!\n";
		print $w map { "$_\n" } @lines;
		close $w;
		printf "accepted %d outputs in %s\n", scalar(@edits), $file;
	}
}

# Runs SQL (a file's worth) with psql; its stdout and stderr, as lines.
sub psql_lines {
	my ($sql, @opts) = @_;
	my ($fh, $f) = tempfile('doctest_XXXXXX', TMPDIR => 1, SUFFIX => '.sql', UNLINK => 1);
	print $fh $sql;
	close $fh;
	my @r = `'$psql' -X -q -A -t @opts -d '$db' -f '$f' 2>&1`;
	chomp @r;
	s/^psql:\Q$f\E:\d+: // for @r;
	return ($? >> 8, @r);
}

# A one-column query, as a list of lines.
sub query {
	my ($rc, @r) = psql_lines($_[0], '-v', 'ON_ERROR_STOP=1');
	die "doctest: query failed: $_[0]\n@r\n" if $rc;
	return @r;
}

my ($functions, $codes) = (0, 0);
if ($all_files) {
	# coverage: every function a user calls appears in an example that ran
	my @fn = query(q{SELECT DISTINCT p.proname FROM pg_proc p
		JOIN pg_depend d ON d.classid = 'pg_proc'::regclass AND d.objid = p.oid AND d.deptype = 'e'
		JOIN pg_extension e ON e.oid = d.refobjid AND e.extname = 'customer_seg'
		WHERE coalesce(obj_description(p.oid, 'pg_proc'), '') NOT LIKE 'Deprecated%'
		  AND NOT EXISTS (SELECT FROM pg_type t WHERE p.oid IN (t.typinput, t.typoutput, t.typreceive, t.typsend))
		  AND NOT EXISTS (SELECT FROM pg_aggregate a WHERE p.oid IN (a.aggtransfn, a.aggcombinefn))
		ORDER BY 1});
	my $text = join("\n", @called);
	for my $f (@fn) {
		$functions++;
		problem("no example calls $f()") unless $text =~ /\b\Q$f\E\s*\(/;
	}

	# the README: short, and its index links every function to its entry
	# (the links themselves are checked below with every other link)
	my $readme = do { local $/; open(my $r, '<', 'README.md') or die "README.md: $!\n"; <$r> };
	problem(sprintf 'README.md is %d bytes, more than 12 KB: move detail to docs/', length $readme)
		if length $readme > 12 * 1024;
	my @all = query(q{SELECT DISTINCT p.proname FROM pg_proc p
		JOIN pg_depend d ON d.classid = 'pg_proc'::regclass AND d.objid = p.oid AND d.deptype = 'e'
		JOIN pg_extension e ON e.oid = d.refobjid AND e.extname = 'customer_seg'
		WHERE coalesce(obj_description(p.oid, 'pg_proc'), '') NOT LIKE 'Deprecated%'
		  AND NOT EXISTS (SELECT FROM pg_type t WHERE p.oid IN (t.typinput, t.typoutput, t.typreceive, t.typsend))
		  AND NOT EXISTS (SELECT FROM pg_aggregate a WHERE p.oid IN (a.aggtransfn, a.aggcombinefn))
		ORDER BY 1});
	# an aggregate's trio (A_partial, A_merge, A_final) is covered by the
	# link to A: the index says once that every aggregate has one
	my %aggregate = map { $_ => 1 } query(q{SELECT DISTINCT p.proname FROM pg_proc p
		JOIN pg_depend d ON d.classid = 'pg_proc'::regclass AND d.objid = p.oid AND d.deptype = 'e'
		JOIN pg_extension e ON e.oid = d.refobjid AND e.extname = 'customer_seg'
		WHERE p.prokind = 'a'});
	my %seen;
	for my $f (@all) {
		my $g = ($f =~ /^(\w+)_(?:partial|merge|final)$/ && $aggregate{$1}) ? $1 : $f;
		next if $seen{$g}++;
		problem("README.md: the function index has no link to the entry of $g (docs/PAGE.md#$g)")
			unless $readme =~ /\]\(docs\/[\w-]+\.md#\Q$g\E\)/;
	}

	# the error-code table against the bad-input matrix and the server
	my %raised;
	open(my $bi, '<', 'expected/badinput.out') or die "expected/badinput.out: $!\n";
	while (<$bi>) { $raised{$1} = 1 if /\|\s*ERROR ([0-9A-Z]{5})\s*(\||$)/; }
	close $bi;
	my %table;
	if (open(my $er, '<', 'docs/errors.md')) {
		while (<$er>) {
			next unless /^\|\s*`([0-9A-Z]{5})`\s*\|/;
			my $code = $1;
			my @cells = split /\s*\|\s*/;
			my ($example) = grep { /^`SELECT / } @cells;
			$table{$code} = 1;
			$codes++;
			if (!$example) { problem("docs/errors.md: $code has no example call (`SELECT ...`)"); next; }
			$example =~ s/^`|`$//g;
			my (undef, @got) = psql_lines("\\set VERBOSITY sqlstate\n$example;\n");
			my $got = join(' ', @got) || 'no error';
			$got =~ s/^ERROR:\s*/sqlstate /;
			problem("docs/errors.md: the example of $code gives $got: $example") unless $got eq "sqlstate $code";
		}
		close $er;
	} else { problem('docs/errors.md: missing'); }
	problem("docs/errors.md: the extension raises $_ (expected/badinput.out), not in the table") for grep { !$table{$_} } sort keys %raised;
}

# links: relative targets exist, anchors are headings of the target
my %anchors;
sub anchors_of {
	my ($f) = @_;
	return $anchors{$f} if $anchors{$f};
	my %a;
	if (open(my $h, '<', $f)) {
		my $in_code = 0;
		while (<$h>) {
			$in_code = !$in_code if /^(```|~~~)/;
			next if $in_code;
			# an explicit anchor, for each name of an entry that documents several
			$a{$1} = 1 while /<a (?:id|name)="([^"]+)"/g;
			next unless /^#+\s+(.*?)\s*$/;
			# GitHub's rule: lower case, drop punctuation but - and _, spaces to -
			my $id = lc $1;
			$id =~ s/[^\w\- ]//g;
			$id =~ s/ /-/g;
			my $n = $a{"count:$id"}++;
			$a{$n ? "$id-$n" : $id} = 1;
		}
		close $h;
	}
	return $anchors{$f} = \%a;
}
for my $file (@files) {
	open(my $in, '<', $file) or next;
	my $text = do { local $/; <$in> };
	close $in;
	$text =~ s/^```.*?^```//gms;
	(my $dir = $file) =~ s{[^/]*$}{};
	while ($text =~ /\]\(([^)\s]+)\)/g) {
		my $link = $1;
		next if $link =~ /^(https?|mailto):/;
		my ($path, $anchor) = split /#/, $link, 2;
		my $target = $path eq '' ? $file : "$dir$path";
		1 while $target =~ s{(^|/)(?!\.\./)[^/]+/\.\./}{$1};
		if (!-e $target) { problem("$file: link to $link: no file $target"); next; }
		next unless defined $anchor && $target =~ /\.md$/;
		problem("$file: link to $link: no heading #$anchor in $target") unless anchors_of($target)->{$anchor};
	}
}

my $summary = sprintf "%d examples in %d files run, %d differ, %d sql blocks marked norun", $examples, scalar(@files), $failed, $norun;
$summary .= sprintf "; %d functions each called by an example; %d error codes checked", $functions, $codes if $all_files;
if ($failed || $problems) { print "doctest FAILED: $summary; $problems other problems\n"; exit 1; }
print "doctest passed: $summary\n";
