# Shared by the tests of the bundled organisations (data/*/): sourced after
# lib.sh, not run.

# case_events FILE: the events of a case file, one JSON object a line
# (comment lines and blank lines dropped).
case_events() {
	grep -v '^#' "$1" | grep -v '^$'
}

# load_bundled FILE KIND: loads FILE into the test's ledger and sets
# REAL_RULE to 1. While the rule kind KIND is not built yet, load refuses
# the organisation's rule ("unknown type 'KIND'") and writes nothing; then
# a copy whose org.create carries unanimity instead is loaded, REAL_RULE
# is 0 and a note says so. Any other refusal fails the test.
load_bundled() {
	set +e
	"$ASSENT" load "$1" >/dev/null 2>"$T/load.err"
	rc=$?
	set -e
	REAL_RULE=1
	[ "$rc" -eq 0 ] && return 0
	if ! grep -q "field 'rule': rule: unknown type '$2'" "$T/load.err"; then
		fail "load $1: $(cat "$T/load.err")"
		done_testing
		exit 1
	fi
	echo "note: rule kind '$2' is not built yet; loading with unanimity instead"
	sed '/"org.create"/s/"rule": {.*}, "source"/"rule": {"type": "unanimity"}, "source"/' \
	    "$1" >"$T/copy.case"
	"$ASSENT" load "$T/copy.case" >/dev/null
	REAL_RULE=0
}
