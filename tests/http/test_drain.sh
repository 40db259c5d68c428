# SIGTERM drains: a request in flight when the signal comes is finished
# and answered, its event recorded; then the server exits 0 with the
# ledger closed and intact.
. "$(dirname "$0")/lib.sh"

"$ASSENT" load "$CASE" >/dev/null
ADMIN=$(token root admin)
start_server
before=$(ledger_head)

# A write whose body is still coming when SIGTERM arrives: curl says when
# the server has taken its headers (100 Continue).
mkfifo "$T/body.fifo"
exec 4<>"$T/body.fifo"
curl -sv -o "$T/answer" -w '%{http_code}' -X POST \
    -H "Authorization: Bearer $ADMIN" -H 'Content-Type: application/json' \
    -T "$T/body.fifo" "$URL/v1/events/org.create" >"$T/code" 2>"$T/curl.err" 4>&- &
writer=$!
until grep -q '100 Continue' "$T/curl.err"; do sleep 0.1; done
kill -TERM "$SERVER_PID"
printf '{"data":{"id":"late","name":"Late"}}' >&4
exec 4>&-
wait "$writer" || true
check "the request in flight is answered" "$(cat "$T/code")" 201
jqcheck "its event" "$(cat "$T/answer")" .seq $((before + 1))
stop_server
check "exit status" "$STOP_RC" 0
grep -q 'stopped on SIGTERM; the ledger is closed' "$T/server.log" && ok ||
    fail "no stop message"
check "recorded" "$(ledger_head)" $((before + 1))
"$ASSENT" verify >/dev/null && ok || fail "verify after the drain"
# No WAL left behind: the database was closed cleanly.
sqlite_only "the WAL is SQLite's"
if [ -s "$DB-wal" ]; then fail "the WAL was not checkpointed"; else ok; fi
done_testing
