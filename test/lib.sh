# test/lib.sh: set-up shared by test/demo, test/check and test/bench.
#
# Sourced, not run.  Installs what is missing from Debian's packages, builds
# and installs the extension, and starts a throwaway PostgreSQL 15 cluster in
# a temporary directory that listens on a Unix socket only.  The cluster and
# its directory are removed on exit, whatever the exit path.

set -euo pipefail

CS_ROOT=$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)
PGBIN=/usr/lib/postgresql/15/bin
PG_CONFIG=$PGBIN/pg_config
export PG_CONFIG

cs_log() { printf '==> %s\n' "$*" >&2; }

# Run a command as root: directly when we are root, else through sudo.
cs_as_root() {
	if [ "$(id -u)" -eq 0 ]; then "$@"; else sudo "$@"; fi
}

# Debian packages the scripts need; extra ones can be passed as arguments.
cs_install_packages() {
	local want=(postgresql-15 postgresql-server-dev-15 make gcc libipc-run-perl "$@")
	local missing=() p
	for p in "${want[@]}"; do
		dpkg-query -W -f='${Status}' "$p" 2>/dev/null | grep -q 'ok installed' || missing+=("$p")
	done
	if [ ${#missing[@]} -gt 0 ]; then
		cs_log "installing ${missing[*]}"
		cs_as_root apt-get update -qq
		cs_as_root env DEBIAN_FRONTEND=noninteractive apt-get install -y -qq --no-install-recommends "${missing[@]}" >/dev/null
	fi
}

# Build warning-free (-Wall -Werror) and install into PostgreSQL 15.
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
}

# Start a throwaway cluster; exports PGHOST/PGPORT/PGUSER/PGDATABASE for psql
# and pg_regress.  Extra server settings can be passed as "-c name=value";
# CS_SERVER_ENV holds NAME=value words for the server's environment only.
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
		-o "-c listen_addresses='' -c unix_socket_directories='$CS_TMP' -p 5439 -c fsync=off -c max_worker_processes=8 -c max_parallel_workers=4 $*" \
		start >/dev/null \
		|| { cat "$CS_TMP/server.log" >&2; return 1; }
	export PGHOST=$CS_TMP PGPORT=5439 PGUSER=postgres PGDATABASE=postgres
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
