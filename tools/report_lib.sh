# shellcheck shell=bash disable=SC2154
# tools/report_lib.sh: what tools/report_html and tools/report_text share.
#
# Sourced, not run, after the caller has parsed its options into $db,
# $model and $as_of and set $tool (its name, for messages).  Provides:
#   report_check_date     exits 2 unless $as_of is empty or a valid YYYY-MM-DD
#   psql_cmd              the psql command line (array); the caller adds -d
#   report_connect        connects once and checks, before any panel runs,
#                         everything the report needs: the extension, the
#                         segmentation model in schema $model (its
#                         materialized view customer_segments, populated, its
#                         summary views and rules) and the grants.  On failure
#                         it prints psql's own message, or what is missing and
#                         the statement that gives it, then exits 1
#   report_model_as_of    sets $as_of to the model's as-of date, $ncustomers
#                         to its count of customers and $model_ident to the
#                         schema as an SQL identifier; exits 1 when --as-of
#                         was given and differs from the model's
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
	if [ -n "$as_of" ] && ! [[ $as_of =~ ^[0-9]{4}-[0-9]{2}-[0-9]{2}$ ]] || ! date -d "$as_of" >/dev/null 2>&1; then
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
		echo "  (the model's schema, ${model:-seg}, for its views; the extension's schema for its functions)" >&2
	elif grep -q 'permission denied for \(view\|table\|relation\|materialized view\)' "$err"; then
		echo "  The role needs SELECT on the model's views: GRANT SELECT ON ALL TABLES IN SCHEMA ${model:-seg} TO <role>;" >&2
	elif grep -q 'permission denied\|42501' "$err"; then
		echo "  A privilege is missing (SQLSTATE 42501): the report needs CONNECT on the database," >&2
		echo "  USAGE on the model's schema (${model:-seg}) and on the extension's schema, and SELECT on" >&2
		echo "  the model's customer_segments, rules and summary views." >&2
	elif grep -q 'function .* does not exist' "$err"; then
		echo "  The extension's functions are not found by name: is customer_seg installed in this" >&2
		echo "  database, is its schema on the search path (--db 'options=-csearch_path=SCHEMA,public')," >&2
		echo "  and does the role have USAGE on that schema (GRANT USAGE ON SCHEMA <schema> TO <role>)?" >&2
	fi
}

# One query that connects and lists every problem, each a line: the
# extension, the model's schema, its objects, and the privileges on them.  It
# looks things up in the catalogs (no ACL checks there), so it cannot itself
# fail for lack of a privilege.
report_connect() {
	local err=/tmp/$tool.connect.$$ problems
	if ! problems=$("${psql_cmd[@]}" -A -t -v model="$model" 2>"$err" <<'SQL'
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
  SELECT 4, format('there is no segmentation model in schema %I: create it with SELECT segmentation_model_create(%L); '
                   '(over the input views of seg_input; docs/model.md), or name the model''s schema with --model',
                   :'model', :'model')
  WHERE NOT EXISTS (SELECT FROM pg_class c JOIN pg_namespace n ON n.oid = c.relnamespace
                    WHERE n.nspname = :'model' AND c.relname = 'customer_segments' AND c.relkind = 'm')
  UNION ALL
  SELECT 5, format('the role %I has no USAGE on the model''s schema %I: GRANT USAGE ON SCHEMA %I TO %I;',
                   current_user, n.nspname, n.nspname, current_user)
  FROM pg_namespace n WHERE n.nspname = :'model' AND NOT has_schema_privilege(n.oid, 'USAGE')
  UNION ALL
  SELECT 6, format('the model in schema %I is missing %s: re-create it with SELECT segmentation_model_create(%L);',
                   :'model', string_agg(v, ', ' ORDER BY v), :'model')
  FROM unnest(ARRAY['rules', 'population', 'tier_summary', 'aging_summary', 'rfm_summary', 'collection_kpis']) AS v
  WHERE EXISTS (SELECT FROM pg_class c JOIN pg_namespace n ON n.oid = c.relnamespace
                WHERE n.nspname = :'model' AND c.relname = 'customer_segments' AND c.relkind = 'm')
    AND NOT EXISTS (SELECT FROM pg_class c JOIN pg_namespace n ON n.oid = c.relnamespace
                    WHERE n.nspname = :'model' AND c.relname = v)
  HAVING count(*) > 0
  UNION ALL
  SELECT 7, format('the model %I.customer_segments is not populated: SELECT segmentation_model_refresh(%L, false);',
                   :'model', :'model')
  FROM pg_class c JOIN pg_namespace n ON n.oid = c.relnamespace
  WHERE n.nspname = :'model' AND c.relname = 'customer_segments' AND c.relkind = 'm' AND NOT c.relispopulated
  UNION ALL
  SELECT 8, format('the role %I has no SELECT on %s: GRANT SELECT ON ALL TABLES IN SCHEMA %I TO %I;', current_user,
                   string_agg(format('%I.%I', n.nspname, c.relname), ', ' ORDER BY c.relname), :'model', current_user)
  FROM pg_class c JOIN pg_namespace n ON n.oid = c.relnamespace
  WHERE n.nspname = :'model'
    AND c.relname IN ('customer_segments', 'rules', 'population', 'tier_summary', 'aging_summary', 'rfm_summary', 'collection_kpis')
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
		if grep -q '^there is no segmentation model' <<<"$problems"; then
			echo "  the model reads the input views seg_input.customers, trades and invoices:" >&2
			echo "  create them over your tables (docs/report.md), or over the sample warehouse" >&2
			echo "  with: psql -f test/report_views.sql" >&2
		fi
		exit 1
	fi
}

# The model's as-of date and count of customers, and its schema as an SQL
# identifier (for the SQL shown on the page).  The page is as of the
# model's date: a --as-of that differs is refused, since the panels would
# show the model's figures under another date.
report_model_as_of() {
	local m_as_of model_literal
	# (\037, not a tab: read would merge a leading empty field)
	IFS=$'\037' read -r m_as_of ncustomers model_ident model_literal < <("${psql_cmd[@]}" -A -t -F $'\037' -v model="$model" <<'SQL'
SELECT coalesce(to_char(max(as_of), 'YYYY-MM-DD'), ''), count(*), quote_ident(:'model'), quote_literal(:'model')
FROM :"model".customer_segments
SQL
	) || true
	if [ -z "$model_ident" ]; then
		echo "$tool: cannot read the model's as-of date from $model.customer_segments" >&2
		exit 1
	fi
	if [ -n "$as_of" ] && [ "$as_of" != "$m_as_of" ]; then
		echo "$tool: --as-of $as_of, but the model $model_ident is as of ${m_as_of:-(no customers)}." >&2
		echo "  The report shows the model as it is: leave out --as-of, or set the model's as-of date" >&2
		echo "  and refresh it:" >&2
		echo "    UPDATE $model_ident.rules SET value = '$as_of' WHERE rule = 'as_of';" >&2
		echo "    SELECT segmentation_model_refresh($model_literal);" >&2
		exit 1
	fi
	as_of=$m_as_of
}
