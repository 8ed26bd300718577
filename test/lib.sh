# test/lib.sh: set-up shared by test/demo, test/check and test/bench.
#
# Sourced, not run.  Installs what is missing from Debian's packages, builds
# and installs the extension, and starts a throwaway PostgreSQL cluster in a
# temporary directory that listens on a Unix socket only.  The cluster and
# its directory are removed on exit, whatever the exit path.
#
# Which PostgreSQL: the one whose pg_config is $PG_CONFIG, else Debian's
# PostgreSQL $CS_PG_MAJOR (default 15, the version Debian 12 packages).  The
# server, psql, pg_regress and the TAP modules all come from that
# installation.  A Debian one (/usr/lib/postgresql/N/) is installed with its
# packages when missing; any other (a build from source, say) must already
# be installed, and then the scripts install no PostgreSQL package.

set -euo pipefail

CS_ROOT=$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)
PG_CONFIG=${PG_CONFIG:-/usr/lib/postgresql/${CS_PG_MAJOR:-15}/bin/pg_config}
export PG_CONFIG
# PostgreSQL's major version: from pg_config when it is there (a Debian one
# may not be installed yet), else from its Debian path
cs_pg_major() {
	if [ -x "$PG_CONFIG" ]; then
		"$PG_CONFIG" --version | sed -E 's/^PostgreSQL ([0-9]+).*/\1/'
	elif [[ $PG_CONFIG =~ ^/usr/lib/postgresql/([0-9]+)/bin/pg_config$ ]]; then
		echo "${BASH_REMATCH[1]}"
	else
		echo "no pg_config at $PG_CONFIG (set PG_CONFIG or CS_PG_MAJOR)" >&2
		return 1
	fi
}
CS_PG_MAJOR=$(cs_pg_major)
# Debian's own PostgreSQL (its packages are named after the major version)
CS_PG_DEBIAN=0
if [ "$PG_CONFIG" = "/usr/lib/postgresql/$CS_PG_MAJOR/bin/pg_config" ]; then CS_PG_DEBIAN=1; fi
PGBIN=/usr/lib/postgresql/$CS_PG_MAJOR/bin
if [ $CS_PG_DEBIAN -eq 0 ]; then PGBIN=$("$PG_CONFIG" --bindir); fi

cs_log() { printf '==> %s\n' "$*" >&2; }

# Option parsing shared by the scripts under test/:
#   cs_options "USAGE" SPEC... -- "$@"
# SPEC is --name:var (the option takes a value, stored in $var),
# --name:var:int (a value that must be a non-negative integer) or
# --name:var=value (a flag: sets $var to value).  A SPEC of ARGS allows
# positional arguments, which are left in the array CS_ARGS.  Unknown
# options, a missing or malformed value, or an unexpected positional
# argument print "usage: USAGE" and exit 2; -h/--help prints it and exits 0.
# Set the defaults before calling.
cs_options() {
	local _cs_usage=$1 _cs_spec _cs_name _cs_target _cs_args=0 _cs_found
	local -a _cs_specs=()
	shift
	while [ $# -gt 0 ] && [ "$1" != -- ]; do
		if [ "$1" = ARGS ]; then _cs_args=1; else _cs_specs+=("$1"); fi
		shift
	done
	[ $# -gt 0 ] && shift
	CS_ARGS=()
	while [ $# -gt 0 ]; do
		_cs_found=0
		for _cs_spec in "${_cs_specs[@]}"; do
			_cs_name=${_cs_spec%%:*} _cs_target=${_cs_spec#*:}
			[ "$1" = "$_cs_name" ] || continue
			_cs_found=1
			if [[ $_cs_target == *=* ]]; then
				printf -v "${_cs_target%%=*}" '%s' "${_cs_target#*=}"
			else
				[ $# -ge 2 ] || { echo "$_cs_name needs a value" >&2; echo "usage: $_cs_usage" >&2; exit 2; }
				if [[ $_cs_target == *:int ]]; then
					_cs_target=${_cs_target%:int}
					[[ $2 =~ ^[0-9]+$ ]] || { echo "$_cs_name needs a number, not '$2'" >&2; echo "usage: $_cs_usage" >&2; exit 2; }
				fi
				printf -v "$_cs_target" '%s' "$2"
				shift
			fi
			break
		done
		if [ $_cs_found -eq 0 ]; then
			case $1 in
				-h|--help) echo "usage: $_cs_usage"; exit 0 ;;
				-*) echo "unknown option $1" >&2; echo "usage: $_cs_usage" >&2; exit 2 ;;
				*)
					[ $_cs_args -eq 1 ] || { echo "unexpected argument $1" >&2; echo "usage: $_cs_usage" >&2; exit 2; }
					CS_ARGS+=("$1") ;;
			esac
		fi
		shift
	done
}

# Run a command as root: directly when we are root, else through sudo.
cs_as_root() {
	if [ "$(id -u)" -eq 0 ]; then "$@"; else sudo "$@"; fi
}

# Debian packages the scripts need; extra ones can be passed as arguments.
# A name starting with "postgresql-N-" (an extension packaged for a major
# version, such as postgresql-N-cron) means that package for the major
# version in use, and is left out when PostgreSQL is not Debian's.
cs_install_packages() {
	local want=(make gcc libipc-run-perl) missing=() p
	if [ $CS_PG_DEBIAN -eq 1 ]; then want+=("postgresql-$CS_PG_MAJOR" "postgresql-server-dev-$CS_PG_MAJOR"); fi
	for p in "$@"; do
		if [[ $p == postgresql-N-* ]]; then
			if [ $CS_PG_DEBIAN -eq 0 ]; then continue; fi
			p=postgresql-$CS_PG_MAJOR-${p#postgresql-N-}
		fi
		want+=("$p")
	done
	for p in "${want[@]}"; do
		dpkg-query -W -f='${Status}' "$p" 2>/dev/null | grep -q 'ok installed' || missing+=("$p")
	done
	if [ ${#missing[@]} -gt 0 ]; then
		cs_log "installing ${missing[*]}"
		cs_as_root apt-get update -qq
		cs_as_root env DEBIAN_FRONTEND=noninteractive apt-get install -y -qq --no-install-recommends "${missing[@]}" >/dev/null
	fi
}

# Build warning-free (-Wall -Werror) and install into that PostgreSQL.
cs_build_install() {
	cs_log "building customer_seg"
	make -s -C "$CS_ROOT" PG_CONFIG="$PG_CONFIG" PG_CFLAGS="-Wall -Werror" >/dev/null
	cs_as_root make -s -C "$CS_ROOT" PG_CONFIG="$PG_CONFIG" install >/dev/null
}

# The server refuses to run as root; as root we run it as "postgres".
cs_as_pg() {
	if [ "$(id -u)" -eq 0 ]; then runuser -u postgres -- "$@"; else "$@"; fi
}

CS_TMP=
cs_cleanup() {
	if [ -n "$CS_TMP" ] && [ -d "$CS_TMP" ]; then
		if [ -f "$CS_TMP/data/postmaster.pid" ]; then
			cs_as_pg "$PGBIN/pg_ctl" -D "$CS_TMP/data" -m immediate -w stop >/dev/null 2>&1 || true
		fi
		rm -rf "$CS_TMP"
	fi
	# after the server has stopped, so that its pages are free again
	if [ -n "${CS_HUGE_PAGES_WAS:-}" ]; then echo "$CS_HUGE_PAGES_WAS" >/proc/sys/vm/nr_hugepages 2>/dev/null || true; fi
}

# Start a throwaway cluster; exports PGHOST/PGPORT/PGUSER/PGDATABASE for psql
# and pg_regress.  Extra server settings can be passed as "-c name=value";
# CS_SERVER_ENV holds NAME=value words for the server's environment only.
# It listens on a Unix socket in its own directory only, on port CS_PORT
# (default 5439; clusters in different directories may share it).
cs_start_cluster() {
	CS_TMP=$(mktemp -d /tmp/customer_seg.XXXXXX)
	chmod 755 "$CS_TMP"
	trap cs_cleanup EXIT
	trap 'exit 130' INT TERM
	if [ "$(id -u)" -eq 0 ]; then chown postgres: "$CS_TMP"; fi
	cs_log "starting a throwaway cluster in $CS_TMP (Unix socket only)"
	cs_as_pg "$PGBIN/initdb" -D "$CS_TMP/data" -U postgres --auth=trust \
		--encoding=UTF8 --locale=C.UTF-8 >"$CS_TMP/initdb.log" 2>&1 \
		|| { cat "$CS_TMP/initdb.log" >&2; return 1; }
	# shellcheck disable=SC2086
	cs_as_pg env ${CS_SERVER_ENV:-} "$PGBIN/pg_ctl" -D "$CS_TMP/data" -l "$CS_TMP/server.log" -w \
		-o "-c listen_addresses='' -c unix_socket_directories='$CS_TMP' -p ${CS_PORT:-5439} -c fsync=off -c max_worker_processes=8 -c max_parallel_workers=4 $*" \
		start >/dev/null \
		|| { cat "$CS_TMP/server.log" >&2; return 1; }
	export PGHOST=$CS_TMP PGPORT=${CS_PORT:-5439} PGUSER=postgres PGDATABASE=postgres
}

# Reserve huge pages for a cluster whose shared memory is about MB
# megabytes, when the machine lets us (root, 2 MB pages): without them every
# new backend and parallel worker takes a page fault for each 4 kB of shared
# buffers it touches, which on a virtual machine can cost more than the query.
# The previous reservation is restored by cs_cleanup.  Prints what it did.
cs_reserve_huge_pages() {
	local mb=$1 size free rsvd total need
	size=$(awk '/^Hugepagesize:/ { print $2 }' /proc/meminfo 2>/dev/null)
	if [ "$(id -u)" -ne 0 ] || [ "$size" != 2048 ] || [ ! -w /proc/sys/vm/nr_hugepages ]; then
		echo "huge pages: not available here (the cluster uses 4 kB pages)"; return 0
	fi
	free=$(awk '/^HugePages_Free:/ { print $2 }' /proc/meminfo)
	rsvd=$(awk '/^HugePages_Rsvd:/ { print $2 }' /proc/meminfo)
	total=$(cat /proc/sys/vm/nr_hugepages)
	need=$(((mb + 1) / 2))
	if [ $((free - rsvd)) -lt "$need" ]; then
		CS_HUGE_PAGES_WAS=$total
		echo $((total + need - free + rsvd)) >/proc/sys/vm/nr_hugepages 2>/dev/null || true
		free=$(awk '/^HugePages_Free:/ { print $2 }' /proc/meminfo)
	fi
	if [ $((free - rsvd)) -ge "$need" ]; then
		echo "huge pages: $need of 2 MB for the cluster's shared memory"
	else
		echo "huge pages: only $((free - rsvd)) of the $need needed could be reserved (the cluster uses 4 kB pages)"
	fi
}

cs_psql() { "$PGBIN/psql" -X -v ON_ERROR_STOP=1 -q "$@"; }

# Create a database with the extension and a sample warehouse of N customers.
cs_load_warehouse() {
	local db=$1 n=$2
	cs_psql -c "CREATE DATABASE $db"
	cs_psql -d "$db" -c "CREATE EXTENSION customer_seg"
	cs_log "generating a sample warehouse of $n customers in database $db"
	cs_psql -d "$db" -v customers="$n" -f "$CS_ROOT/test/warehouse.sql"
}

cs_setup() {
	cs_install_packages "$@"
	cs_build_install
}

# A private build, for the scripts that test a differently compiled
# extension (test/sanitize, test/portable) without touching the system
# install: a copy of PostgreSQL's install tree (its bin/, lib/ and share/
# directories at the same paths under a new root: the server finds share/
# and lib/ relative to its binary) and of the sources (the work tree's,
# committed or not) in a temporary directory, the extension built there with
# -Wall -Werror and the given compiler flags (and SHLIB_LINK), and installed
# into the copy.  Sets CS_PRIV (the directory; src/ holds the sources) and
# points PGBIN at the copy's binaries, so cs_start_cluster runs the private
# server; the EXIT trap removes it all.
CS_PRIV=
cs_private_cleanup() {
	cs_cleanup
	if [ -n "$CS_PRIV" ]; then rm -rf "$CS_PRIV"; fi
}
cs_private_build() {
	local flags=$1 link=${2:-} f
	CS_PRIV=$(mktemp -d /tmp/customer_seg_priv.XXXXXX)
	chmod 755 "$CS_PRIV"
	trap cs_private_cleanup EXIT
	trap 'exit 130' INT TERM
	local root=$CS_PRIV/root d
	local bindir pkglibdir sharedir
	bindir=$("$PG_CONFIG" --bindir) pkglibdir=$("$PG_CONFIG" --pkglibdir) sharedir=$("$PG_CONFIG" --sharedir)
	mkdir -p "$CS_PRIV/src"
	for d in "$bindir" "$pkglibdir" "$sharedir"; do
		mkdir -p "$root$(dirname "$d")"
		if [ ! -e "$root$d" ]; then cp -a "$d" "$root$(dirname "$d")/"; fi
	done
	# our files only: a stale extension in the copied tree must not count
	rm -f "$root$sharedir"/extension/customer_seg* "$root$pkglibdir"/customer_seg.so
	git -C "$CS_ROOT" ls-files -z --cached --others --exclude-standard |
		while IFS= read -r -d '' f; do
			if [ -e "$CS_ROOT/$f" ]; then (cd "$CS_ROOT" && cp --parents -t "$CS_PRIV/src" "$f"); fi
		done
	cs_log "building customer_seg in $CS_PRIV with: $flags"
	make -s -C "$CS_PRIV/src" PG_CONFIG="$PG_CONFIG" PG_CFLAGS="-Wall -Werror $flags" \
		SHLIB_LINK="$link" with_llvm=no >"$CS_PRIV/build.log" 2>&1 \
		|| { cat "$CS_PRIV/build.log" >&2; return 1; }
	make -s -C "$CS_PRIV/src" PG_CONFIG="$PG_CONFIG" with_llvm=no DESTDIR="$root" install >/dev/null || return 1
	PGBIN=$root$bindir
}

# make installcheck (the pg_regress suite) of the private build against the
# running cluster; its output goes to $1/installcheck.log (and the diffs to
# $1/ on failure).  Returns make's exit status.
cs_private_installcheck() {
	local out=$1 status=0
	cs_log "make installcheck against the private build"
	make -C "$CS_PRIV/src" -s PG_CONFIG="$PG_CONFIG" TAP_TESTS= installcheck >"$out/installcheck.log" 2>&1 || status=$?
	cat "$out/installcheck.log"
	if [ $status -ne 0 ]; then cp "$CS_PRIV/src/regression.diffs" "$out/" 2>/dev/null || true; fi
	return $status
}
