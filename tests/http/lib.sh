# Shared by the HTTP tests: sourced, not run. On top of ../cli/lib.sh (a
# temporary directory $T, a ledger $DB, check/jqcheck): a real
# `assent serve` on a free port of 127.0.0.1, always stopped on exit, and
# curl to talk to it.
. "$(dirname "$0")/../cli/lib.sh"
SERVER_PID=""
SERVER_FAILED=0
# On exit the server is stopped; a non-zero exit status or a sanitizer's
# report in its log fails the test, whatever the checks said.
trap 'status=$?; stop_others || status=1; stop_server || status=1;
    [ "$SERVER_FAILED" = 0 ] || status=1; cleanup; exit $status' EXIT
OTHER_PIDS=""
OTHERS=0

# start_server [OPTIONS...]: starts the server on the NATO ledger ($DB)
# with any free port; sets URL (without the final slash). The first line
# the server prints is its URL: read through a FIFO, nothing is polled.
start_server() {
	rm -f "$T/url.fifo"
	mkfifo "$T/url.fifo"
	"$ASSENT" --db "$DB" serve --listen 127.0.0.1:0 "$@" \
	    >"$T/url.fifo" 2>>"$T/server.log" &
	SERVER_PID=$!
	exec 3<"$T/url.fifo"
	if ! read -r URL <&3; then
		echo "the server did not start:" >&2
		cat "$T/server.log" >&2
		exit 1
	fi
	exec 3<&-
	URL=${URL%/}
}

# start_another [OPTIONS...]: one more server on the same ledger, on
# another free port; sets OTHER_URL. Stopped on exit (stop_others).
start_another() {
	OTHERS=$((OTHERS + 1))
	rm -f "$T/url.fifo"
	mkfifo "$T/url.fifo"
	"$ASSENT" --db "$DB" serve --listen 127.0.0.1:0 "$@" \
	    >"$T/url.fifo" 2>>"$T/server$OTHERS.log" &
	OTHER_PIDS="$OTHER_PIDS $!"
	exec 3<"$T/url.fifo"
	if ! read -r OTHER_URL <&3; then
		echo "server $OTHERS did not start:" >&2
		cat "$T/server$OTHERS.log" >&2
		exit 1
	fi
	exec 3<&-
	OTHER_URL=${OTHER_URL%/}
}

# stop_others: SIGTERM to each, then wait; fails if one exited non-zero
# or a sanitizer spoke in its log.
stop_others() {
	rc=0
	for pid in $OTHER_PIDS; do
		kill -TERM "$pid" 2>/dev/null || true
		wait "$pid" || rc=1
	done
	OTHER_PIDS=""
	if [ "$OTHERS" -gt 0 ] && grep -Eq 'Sanitizer|runtime error' \
	    "$T"/server[0-9]*.log 2>/dev/null; then
		grep -h -v '^{' "$T"/server[0-9]*.log | tail -n 30 >&2
		rc=1
	fi
	[ "$rc" = 0 ] || echo "FAIL: another server failed" >&2
	return $rc
}

# stop_server: SIGTERM, then wait; the exit status is kept in STOP_RC.
stop_server() {
	STOP_RC=0
	if [ -n "$SERVER_PID" ]; then
		kill -TERM "$SERVER_PID" 2>/dev/null || true
		wait "$SERVER_PID" || STOP_RC=$?
		SERVER_PID=""
		if [ "$STOP_RC" != 0 ] || grep -Eq 'Sanitizer|runtime error' \
		    "$T/server.log" 2>/dev/null; then
			echo "FAIL: the server exited $STOP_RC:" >&2
			grep -v '^{' "$T/server.log" | tail -n 30 >&2
			SERVER_FAILED=1
		fi
	fi
}

# token NAME ROLE [ORG [MEMBER]]: adds a token and prints it.
token() {
	"$ASSENT" --db "$DB" token add --name "$1" --role "$2" \
	    ${3:+--org "$3"} ${4:+--member "$4"}
}

# call METHOD PATH TOKEN [BODY] [CURL-ARGS...]: the status code on
# stdout, the body in $T/body, the headers in $T/headers.
call() {
	m=$1 p=$2 tok=$3
	shift 3
	body=""
	if [ $# -gt 0 ]; then
		body=$1
		shift
	fi
	set -- -s -o "$T/body" -D "$T/headers" -w '%{http_code}' -X "$m" "$@"
	[ -n "$tok" ] && set -- "$@" -H "Authorization: Bearer $tok"
	[ -n "$body" ] && set -- "$@" -H 'Content-Type: application/json' \
	    --data-binary "$body"
	curl "$@" "$URL$p"
}

# header NAME: a header of the last answer (from $T/headers).
header() {
	tr -d '\r' <"$T/headers" | sed -n "s/^$1: //Ip" | head -n1
}

# The body of the last answer.
body() {
	cat "$T/body"
}

# refused_post DESC TYPE BODY STATUS PATTERN: a write through POST
# /v1/events/TYPE with $ADMIN's token is refused with STATUS, its detail
# matches PATTERN (jq's test), and the ledger's head is unmoved.
refused_post() {
	before=$(ledger_head)
	check "$1" "$(call POST "/v1/events/$2" "$ADMIN" "$3")" "$4"
	jqcheck "$1: the detail" "$(body)" ".detail | test(\"$5\")" true
	check "$1: nothing written" "$(ledger_head)" "$before"
}

# ledger_head: the head seq, read from the store (not through the server).
ledger_head() {
	sql "$DB" "SELECT coalesce(max(seq), 0) FROM events"
}

# same_as_cli DESC PATH CLI-ARGS...: GET PATH (with $OBS) is 200 and its
# body, left in $T/body, is the CLI's --json answer to CLI-ARGS.
same_as_cli() {
	desc=$1 path=$2
	shift 2
	check "$desc: status" "$(call GET "$path" "$OBS")" 200
	a=$(jq -S . "$T/body")
	b=$("$ASSENT" "$@" --json | jq -S .)
	if [ "$a" = "$b" ]; then ok; else fail "$desc: differs from the CLI's"; fi
}

# refused_post DESC TYPE BODY STATUS PATTERN: the write (with $ADMIN) is
# refused with STATUS, its detail matches PATTERN, and the ledger's head
# is unmoved.
refused_post() {
	before=$(ledger_head)
	check "$1" "$(call POST "/v1/events/$2" "$ADMIN" "$3")" "$4"
	jqcheck "$1: the detail" "$(body)" ".detail | test(\"$5\")" true
	check "$1: nothing written" "$(ledger_head)" "$before"
}

# stream_has FILE SEQ TENTHS: waits up to TENTHS tenths of a second for
# event SEQ in FILE, a stream as curl wrote it: whether it came.
stream_has() {
	for _ in $(seq 1 "$3"); do
		grep -q "^id: $2\$" "$1" && return 0
		sleep 0.1
	done
	grep -q "^id: $2\$" "$1"
}

# walk PATH KEY ITEM LIMIT OUT: a paged list (docs/api.md, "Pages") walked
# by its cursors, as the observer token $OBS: each item of the list KEY
# of every page (as the jq expression ITEM makes it), one a line, in the
# order served; a page over LIMIT items, or pages that do not end, fail.
walk() {
	: >"$5"
	after=""
	pages=0
	sep='?'
	case $1 in *\?*) sep='&' ;; esac
	while :; do
		code=$(call GET "$1${after:+${sep}after=$after}" "$OBS")
		[ "$code" = 200 ] || { fail "page $pages of $1: $code $(body)"; return; }
		jq -r ".$2[] | $3" "$T/body" >>"$5"
		n=$(jq ".$2 | length" "$T/body")
		[ "$n" -le "$4" ] || fail "a page of $n items over the limit $4"
		after=$(jq -r '.next // empty' "$T/body")
		pages=$((pages + 1))
		[ -n "$after" ] || break
		[ "$pages" -lt 1000 ] || { fail "the pages do not end"; break; }
	done
}
