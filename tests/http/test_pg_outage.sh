# The server over PostgreSQL when the database goes away (registered
# with the PostgreSQL backend alone): connections cut under it are made
# again on the next use, unseen by the client; with the database down,
# reads and writes are answered 503 with Retry-After, nothing crashes;
# once it is back the server answers again by itself, and its streams
# get the writes of other processes again (LISTEN made again).
. "$(dirname "$0")/lib.sh"
[ "$BACKEND" = postgresql ] || { echo "for PostgreSQL only"; exit 0; }

"$ASSENT" load "$CASE" >/dev/null
SEC=$(token nato-sec secretariat nato)
start_server

open_body() {
	printf '{"data":{"id":"%s","org":"nato","kind":"text","title":"T","text":"t"}}' "$1"
}

check "a read" "$(call GET /v1/head "$SEC")" 200
check "a write" "$(call POST /v1/events/proposal.open "$SEC" "$(open_body w1)")" 201

# Every connection of the server cut (as a restart or a proxy would).
sql "$DB" "SELECT count(pg_terminate_backend(pid)) > 0 FROM pg_stat_activity
    WHERE application_name = 'assent'" >/dev/null
check "a read after the connections were cut" "$(call GET /v1/head "$SEC")" 200
check "a write after the connections were cut" \
    "$(call POST /v1/events/proposal.open "$SEC" "$(open_body w2)")" 201
check "an answer folded after it" "$(call GET /v1/proposals/w2/status "$SEC")" 200

# The database down.
head=$(ledger_head)
pg_down
for p in /v1/head /v1/proposals /v1/proposals/sg-2024/status /v1/events; do
	check "database down: GET $p" "$(call GET "$p" "$SEC")" 503
	check "database down: GET $p: Retry-After" "$(header Retry-After)" 1
	jqcheck "database down: GET $p: the error" "$(body)" .error '"unavailable"'
done
check "database down: a write" \
    "$(call POST /v1/events/proposal.open "$SEC" "$(open_body w3)" \
    -H 'Idempotency-Key: k3')" 503
check "database down: a write: Retry-After" "$(header Retry-After)" 1
jqcheck "database down: the error says to retry" "$(body)" \
    '.detail | test("retry$")' true

# Back: the server answers again by itself; the write is retried.
pg_up
ok_after=""
for i in $(seq 1 50); do
	if [ "$(call GET /v1/head "$SEC")" = 200 ]; then
		ok_after=$i
		break
	fi
	sleep 0.1
done
[ -n "$ok_after" ] && ok || fail "the server did not answer again (5 s)"
check "the write, retried" "$(call POST /v1/events/proposal.open "$SEC" \
    "$(open_body w3)" -H 'Idempotency-Key: k3')" 201
check "recorded once" "$(ledger_head)" $((head + 1))
# A stream of this server gets a write of another process (the CLI):
# the listener is back too.
curl -s -N -H "Authorization: Bearer $SEC" --max-time 20 \
    "$URL/v1/orgs/nato/stream" >"$T/stream" 2>/dev/null &
SSE=$!
sleep 1
quiet "$ASSENT" proposal-open --id from-cli --org nato --kind text \
	--title T --text t
seq=$(ledger_head)
if stream_has "$T/stream" "$seq" 30; then ok; else
	fail "the stream did not get the CLI's event $seq after the outage"
fi
kill $SSE 2>/dev/null || true
wait $SSE 2>/dev/null || true
"$ASSENT" verify >/dev/null && ok || fail "verify after the outage"
done_testing
