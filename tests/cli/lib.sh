# Shared by the CLI tests: sourced, not run. Each test gets a temporary
# directory of its own ($T), removed on exit, and a fresh ledger ($DB).
# $ASSENT is the binary, $ASSENT_ROOT the source tree.
#
# The backend is a parameter: ASSENT_BACKEND=postgresql (CTest's pg/
# tests) starts a PostgreSQL cluster of the test's own (initdb in $T, a
# free port of 127.0.0.1, run as the postgres user when the test runs as
# root), stopped on exit, and every ledger is a database of it; else each
# is an SQLite file in $T. Tests name ledgers with `ledger NAME` and read
# them with `sql LEDGER QUERY`, never by backend.
set -eu
: "${ASSENT:?set ASSENT to the assent binary}"
: "${ASSENT_ROOT:?set ASSENT_ROOT to the source tree}"
BACKEND=${ASSENT_BACKEND:-sqlite}
CASE="$ASSENT_ROOT/data/nato/nato-2024.case"
T=$(mktemp -d)
PG_DATA=""

# as_postgres CMD...: CMD as the cluster's owner (postgres, if root).
as_postgres() {
	if [ "$(id -u)" = 0 ]; then
		runuser -u postgres -- "$@"
	else
		"$@"
	fi
}

pg_stop() {
	if [ -n "$PG_DATA" ]; then
		as_postgres "$PGBIN/pg_ctl" -D "$PG_DATA" -m immediate -w stop \
		    >/dev/null 2>&1 || true
		PG_DATA=""
	fi
}

# ON_EXIT: more to stop on exit, before $T goes (function names).
ON_EXIT=""
cleanup() {
	for f in $ON_EXIT; do
		$f
	done
	pg_stop
	rm -rf "$T"
}
trap cleanup EXIT

# pg_start: initdb and start a cluster on a free port (PGPORT), trust
# for the superuser postgres on 127.0.0.1 only.
pg_start() {
	PGBIN=$(pg_config --bindir 2>/dev/null || echo /usr/lib/postgresql/15/bin)
	mkdir "$T/pg"
	if [ "$(id -u)" = 0 ]; then
		chmod 711 "$T"
		chown postgres "$T/pg"
	fi
	if ! as_postgres "$PGBIN/initdb" -D "$T/pg/data" -U postgres \
	    --auth=trust -E UTF8 --locale=C -N >"$T/pg/initdb.log" 2>&1; then
		echo "initdb failed:" >&2
		cat "$T/pg/initdb.log" >&2
		exit 1
	fi
	for try in 1 2 3 4 5 6 7 8 9 10; do
		PGPORT=$((20000 + $(od -An -N2 -tu2 /dev/urandom) % 40000))
		if pg_up; then
			return 0
		fi
	done
	echo "the PostgreSQL cluster did not start:" >&2
	cat "$T/pg/log" >&2
	exit 1
}

# pg_up: starts the cluster made by pg_start on PGPORT (again, after a
# pg_down). Durability is not what these clusters test (fsync off): the
# store's own setting, synchronous_commit, is.
pg_up() {
	as_postgres "$PGBIN/pg_ctl" -D "$T/pg/data" -l "$T/pg/log" -w -t 60 \
	    -o "-p $PGPORT -c listen_addresses=127.0.0.1 \
	    -c unix_socket_directories=$T/pg -c max_connections=300 \
	    -c fsync=off -c full_page_writes=off" start >/dev/null 2>&1 || return 1
	PG_DATA="$T/pg/data"
}

# pg_down: stops the cluster (fast: the connections are cut).
pg_down() {
	as_postgres "$PGBIN/pg_ctl" -D "$PG_DATA" -m fast -w stop >/dev/null
}

# psql_to NAME ARGS...: psql on database NAME, unaligned, no headers.
psql_to() {
	db=$1
	shift
	PGCONNECT_TIMEOUT=10 psql -X -q -At -v ON_ERROR_STOP=1 -h 127.0.0.1 \
	    -p "$PGPORT" -U postgres -d "$db" "$@"
}

# ledger NAME: a new, empty place for a ledger, printed: the SQLite file
# $T/NAME, or the URI of a new database NAME of the cluster.
ledger() {
	if [ "$BACKEND" = postgresql ]; then
		psql_to postgres -c "CREATE DATABASE \"$1\"" >/dev/null
		echo "postgresql://postgres@127.0.0.1:$PGPORT/$1"
	else
		echo "$T/$1"
	fi
}

# sql LEDGER QUERY: runs QUERY (SQL both engines take) on LEDGER's
# store; the rows on stdout, columns separated by '|'.
sql() {
	case $1 in
	postgres*://*) psql_to "${1##*/}" -c "$2" ;;
	*) sqlite3 "$1" "$2" ;;
	esac
}

# dump LEDGER: every byte the store holds, as text.
dump() {
	case $1 in
	postgres*://*) as_postgres "$PGBIN/pg_dump" -h 127.0.0.1 -p "$PGPORT" \
	    -U postgres "${1##*/}" ;;
	*) sqlite3 "$1" .dump ;;
	esac
}

# has_ledger LEDGER: whether there is a ledger there (a file; tables).
has_ledger() {
	case $1 in
	postgres*://*) [ "$(psql_to "${1##*/}" -c "SELECT count(*) FROM \
	    pg_tables WHERE schemaname = 'public'")" != 0 ] ;;
	*) [ -f "$1" ] ;;
	esac
}

# sqlite_only REASON: on another backend, the test ends here (what
# follows is about the SQLite file itself), with the checks so far.
sqlite_only() {
	if [ "$BACKEND" != sqlite ]; then
		echo "the rest is for SQLite only: $1"
		done_testing
		exit 0
	fi
}

# A test that starts clusters of its own sets PG_OWN_CLUSTER=1 before
# sourcing this (and names its ledger itself).
if [ -z "${PG_OWN_CLUSTER:-}" ]; then
	[ "$BACKEND" = postgresql ] && pg_start
	DB=$(ledger ledger.db)
	export ASSENT_DB="$DB"
fi
failures=0
checks=0

fail() {
	echo "FAIL: $*" >&2
	failures=$((failures + 1))
}

ok() {
	checks=$((checks + 1))
}

# check DESCRIPTION ACTUAL EXPECTED
check() {
	if [ "$2" = "$3" ]; then ok; else fail "$1: got '$2', want '$3'"; fi
}

# jqcheck DESCRIPTION JSON FILTER EXPECTED: the filter's compact output.
jqcheck() {
	check "$1" "$(printf '%s' "$2" | jq -c "$3")" "$4"
}

# The ledger's head sequence (0 if there is no ledger).
head_seq() {
	if has_ledger "$DB"; then
		"$ASSENT" --db "$DB" verify --json | jq -r .events
	else
		echo 0
	fi
}

# refused DESCRIPTION PATTERN EXIT CMD...: CMD must exit EXIT, print one
# line on stderr matching PATTERN (grep -E), and leave the head unmoved.
refused() {
	desc=$1 pattern=$2 want=$3
	shift 3
	before=$(head_seq)
	set +e
	"$@" >"$T/out" 2>"$T/err"
	rc=$?
	set -e
	check "$desc: exit status" "$rc" "$want"
	check "$desc: one line on stderr" "$(wc -l <"$T/err" | tr -d ' ')" 1
	if grep -Eq -- "$pattern" "$T/err"; then ok; else
		fail "$desc: stderr '$(cat "$T/err")' does not match '$pattern'"
	fi
	check "$desc: head unmoved" "$(head_seq)" "$before"
}

# quiet CMD...: CMD must succeed (a test's set-up); its output is kept in
# $T/out and $T/err.
quiet() {
	if "$@" >"$T/out" 2>"$T/err"; then ok; else
		fail "set-up: '$*' failed: $(cat "$T/err")"
	fi
}

# done_testing: the plain summary line CTest's log shows, and the status.
done_testing() {
	echo "$checks passed, $failures failed"
	[ "$failures" -eq 0 ]
}
