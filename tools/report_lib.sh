# shellcheck shell=bash disable=SC2154
# tools/report_lib.sh: what tools/report_html and tools/report_text share.
#
# Sourced, not run, after the caller has parsed its options into $db and
# $as_of and set $tool (its name, for messages).  Provides:
#   report_check_date     exits 2 unless $as_of is a valid YYYY-MM-DD
#   psql_cmd              the psql command line (array); the caller adds -d
#   report_connect        connects once and checks, before any panel runs,
#                         everything the report needs: the extension, the
#                         input views and the grants.  On failure it prints
#                         psql's own message and which grant is missing, then
#                         exits 1
#   report_explain FILE   after a failed query: FILE holds psql's error; adds
#                         what it means when it is a missing privilege
#   report_panels         the panels' query files, in order
#   report_split SQL D C  writes the panel's data query to D and its coverage
#                         query (after the line "-- coverage") to C, empty
#                         when the panel has none
#   meta SQL KEY          the value of a "-- KEY: value" line of a panel
#
# The option parser and PGBIN come from test/lib.sh, which also sets
# "set -euo pipefail".
. "$(dirname "${BASH_SOURCE[0]}")/../test/lib.sh"

REPORT_PANELS=$CS_ROOT/tools/report.d

report_check_date() {
	if ! [[ $as_of =~ ^[0-9]{4}-[0-9]{2}-[0-9]{2}$ ]] || ! date -d "$as_of" >/dev/null 2>&1; then
		echo "$tool: --as-of must be a date YYYY-MM-DD, not '$as_of'" >&2
		exit 2
	fi
}

psql_bin=$PGBIN/psql
if [ ! -x "$psql_bin" ]; then psql_bin=psql; fi
psql_cmd=("$psql_bin" -X -q -v ON_ERROR_STOP=1)   # the caller adds -d "$db"

meta() { sed -n "s/^-- $2: //p" "$1" | head -1; }

report_panels() { ls "$REPORT_PANELS"/[0-9][0-9]_*.sql; }

report_split() {
	awk -v d="$2" -v c="$3" 'BEGIN { out = d; printf "" >d; printf "" >c }
		/^-- coverage$/ { out = c; next }
		{ print >out }' "$1"
}

# psql's error in $1, explained when it is a missing privilege.  The
# extension's functions are called by name: when the role cannot use the
# extension's schema, that schema is skipped on the search path and the
# error is "function ... does not exist".
report_explain() {
	local err=$1
	sed 's/^/  /' "$err" >&2
	if grep -q 'permission denied for database\|User does not have CONNECT privilege' "$err"; then
		echo "  The role needs CONNECT on the database: GRANT CONNECT ON DATABASE <db> TO <role>;" >&2
	elif grep -q 'permission denied for schema' "$err"; then
		echo "  The role needs USAGE on that schema: GRANT USAGE ON SCHEMA <schema> TO <role>;" >&2
		echo "  (seg_input for the input views; the extension's schema for its functions)" >&2
	elif grep -q 'permission denied for \(view\|table\|relation\)' "$err"; then
		echo "  The role needs SELECT on the input views: GRANT SELECT ON ALL TABLES IN SCHEMA seg_input TO <role>;" >&2
	elif grep -q 'permission denied\|42501' "$err"; then
		echo "  A privilege is missing (SQLSTATE 42501): the report needs CONNECT on the database," >&2
		echo "  USAGE on seg_input and on the extension's schema, and SELECT on the three views." >&2
	elif grep -q 'function .* does not exist' "$err"; then
		echo "  The extension's functions are not found by name: is customer_seg installed in this" >&2
		echo "  database, is its schema on the search path (--db 'options=-csearch_path=SCHEMA,public')," >&2
		echo "  and does the role have USAGE on that schema (GRANT USAGE ON SCHEMA <schema> TO <role>)?" >&2
	fi
}

# One query that connects and lists every problem, each a line: the
# extension, the views' schema and views, and the privileges on them.  It
# looks things up in the catalogs (no ACL checks there), so it cannot itself
# fail for lack of a privilege.
report_connect() {
	local err=/tmp/$tool.connect.$$ problems
	if ! problems=$("${psql_cmd[@]}" -A -t 2>"$err" <<'SQL'
SELECT p FROM (
  SELECT 1 AS n, 'the extension customer_seg is not installed in this database (CREATE EXTENSION customer_seg)' AS p
  WHERE NOT EXISTS (SELECT FROM pg_extension WHERE extname = 'customer_seg')
  UNION ALL
  SELECT 2, format('the role %I has no USAGE on the extension''s schema %I: GRANT USAGE ON SCHEMA %I TO %I;',
                   current_user, n.nspname, n.nspname, current_user)
  FROM pg_extension e JOIN pg_namespace n ON n.oid = e.extnamespace
  WHERE e.extname = 'customer_seg' AND NOT has_schema_privilege(n.oid, 'USAGE')
  UNION ALL
  SELECT 3, format('the extension''s schema %I is not on the search path (%s): put it there, e.g. --db ''... options=-csearch_path=%I''',
                   n.nspname, current_setting('search_path'), n.nspname)
  FROM pg_extension e JOIN pg_namespace n ON n.oid = e.extnamespace
  WHERE e.extname = 'customer_seg' AND has_schema_privilege(n.oid, 'USAGE')
    AND n.nspname <> ALL (current_schemas(false))
  UNION ALL
  SELECT 4, 'missing input views: ' || string_agg('seg_input.' || v, ', ' ORDER BY v)
  FROM unnest(ARRAY['customers', 'invoices', 'trades']) AS v
  WHERE NOT EXISTS (SELECT FROM pg_class c JOIN pg_namespace n ON n.oid = c.relnamespace
                    WHERE n.nspname = 'seg_input' AND c.relname = v)
  HAVING count(*) > 0
  UNION ALL
  SELECT 5, format('the role %I has no USAGE on the input schema seg_input: GRANT USAGE ON SCHEMA seg_input TO %I;',
                   current_user, current_user)
  FROM pg_namespace n WHERE n.nspname = 'seg_input' AND NOT has_schema_privilege(n.oid, 'USAGE')
  UNION ALL
  SELECT 6, format('the role %I has no SELECT on %s: GRANT SELECT ON %s TO %I;', current_user,
                   string_agg('seg_input.' || c.relname, ', ' ORDER BY c.relname),
                   string_agg('seg_input.' || c.relname, ', ' ORDER BY c.relname), current_user)
  FROM pg_class c JOIN pg_namespace n ON n.oid = c.relnamespace
  WHERE n.nspname = 'seg_input' AND c.relname IN ('customers', 'trades', 'invoices')
    AND NOT has_table_privilege(c.oid, 'SELECT')
  HAVING count(*) > 0
) AS x ORDER BY n
SQL
	); then
		echo "$tool: cannot connect to the database${db:+ '$db'}; psql says:" >&2
		report_explain "$err"
		rm -f "$err"
		exit 1
	fi
	rm -f "$err"
	if [ -n "$problems" ]; then
		echo "$tool: the report cannot run in this database${db:+ '$db'}:" >&2
		sed 's/^/  - /' <<<"$problems" >&2
		if grep -q '^missing input views' <<<"$problems"; then
			echo "  create the views over your tables (docs/report.md), or over the" >&2
			echo "  sample warehouse with: psql -f test/report_views.sql" >&2
		fi
		exit 1
	fi
}
