# Shared by the tests of the bundled organisations (data/*/): sourced after
# lib.sh, not run.

# case_events FILE: the events of a case file, one JSON object a line
# (comment lines and blank lines dropped).
case_events() {
	grep -v '^#' "$1" | grep -v '^$'
}

# load_bundled FILE: loads FILE into the test's ledger; a refusal fails
# the test with the message.
load_bundled() {
	if ! "$ASSENT" load "$1" >/dev/null 2>"$T/load.err"; then
		fail "load $1: $(cat "$T/load.err")"
		done_testing
		exit 1
	fi
}
