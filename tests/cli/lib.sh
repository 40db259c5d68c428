# Shared by the CLI tests: sourced, not run. Each test gets a temporary
# directory of its own ($T), removed on exit, and a fresh ledger path
# ($DB). $ASSENT is the binary, $ASSENT_ROOT the source tree.
set -eu
: "${ASSENT:?set ASSENT to the assent binary}"
: "${ASSENT_ROOT:?set ASSENT_ROOT to the source tree}"
CASE="$ASSENT_ROOT/data/nato/nato-2024.case"
T=$(mktemp -d)
trap 'rm -rf "$T"' EXIT
DB="$T/ledger.db"
export ASSENT_DB="$DB"
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
	if [ -f "$DB" ]; then
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
