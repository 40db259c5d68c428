# Live updates: the Server-Sent Events stream of an organisation carries
# its new events, not another's; Last-Event-ID resumes after a seq; the
# token may come as ?access_token= (EventSource sets no header) on this
# route only.
. "$(dirname "$0")/lib.sh"

"$ASSENT" load "$CASE" >/dev/null
ADMIN=$(token root admin)
OBS=$(token watcher observer)
# A short timeout makes the keep-alive comments frequent, so that a
# reader that has what it wants ends soon (its next write fails).
start_server --timeout 2
head=$(ledger_head)

# stream PATH LINES [CURL-ARGS...]: the first LINES lines of the stream,
# without the keep-alive comments.
stream() {
	p=$1 n=$2
	shift 2
	curl -sN "$@" "$URL$p" | {
		i=0
		while [ "$i" -lt "$n" ] && IFS= read -r line; do
			case $line in :*) continue ;; esac
			printf '%s\n' "$line"
			i=$((i + 1))
		done
	}
}

# Resume: after event 76, the NATO events 77.. come first, in order.
stream /v1/orgs/nato/stream 12 -H "Authorization: Bearer $OBS" \
    -H "Last-Event-ID: 76" >"$T/s1"
check "resume: ids" "$(grep '^id:' "$T/s1" | tr '\n' ' ')" \
    "id: 77 id: 78 id: 79 "
check "resume: event type" "$(sed -n 2p "$T/s1")" "event: $(sql "$DB" 'SELECT type FROM events WHERE seq = 77')"
jqcheck "resume: data is the chained event" "$(sed -n 3p "$T/s1" | sed 's/^data: //')" \
    '[.seq, (.hash | length)]' '[77,64]'

# New events: a write after the stream opens reaches it; another
# organisation's does not.
stream /v1/orgs/nato/stream 3 "-H" "Authorization: Bearer $OBS" >"$T/s2" &
reader=$!
# The stream is open once the server counts it.
until curl -s "$URL/metrics" | grep -q 'assent_http_open_streams 1'; do
	sleep 0.1
done
check "other org" "$(call POST /v1/events/org.create "$ADMIN" '{"data":{"id":"osce","name":"OSCE"}}')" 201
check "nato event" "$(call POST /v1/events/proposal.open "$ADMIN" \
    '{"data":{"id":"p1","org":"nato","kind":"text","title":"T","text":"t"}}')" 201
wait "$reader"
check "live: only nato's event" "$(sed -n 1p "$T/s2")" "id: $((head + 2))"
check "live: its type" "$(sed -n 2p "$T/s2")" "event: proposal.open"

# An event another process appends is streamed too.
stream /v1/orgs/osce/stream 3 -H "Authorization: Bearer $OBS" \
    -H "Last-Event-ID: $((head + 2))" >"$T/s3" &
reader=$!
"$ASSENT" member-join --org osce --code AUT --name Austria >/dev/null
wait "$reader"
check "the CLI's event" "$(sed -n 1p "$T/s3")" "id: $((head + 3))"

# The token in the query, for EventSource; not accepted elsewhere.
stream "/v1/orgs/nato/stream?access_token=$OBS" 1 -H "Last-Event-ID: 1" >"$T/s4"
check "access_token" "$(cat "$T/s4")" "id: 2"
check "access_token elsewhere" "$(call GET "/v1/head?access_token=$OBS" "")" 401
check "no token" "$(call GET /v1/orgs/nato/stream "")" 401
check "unknown org" "$(call GET /v1/orgs/nope/stream "$OBS")" 404
check "bad Last-Event-ID" "$(call GET /v1/orgs/nato/stream "$OBS" "" -H 'Last-Event-ID: x')" 400
stream /v1/orgs/nato/stream 1 -D "$T/h" -H "Authorization: Bearer $OBS" \
    -H "Last-Event-ID: 1" >/dev/null
check "content type" "$(tr -d '\r' <"$T/h" | sed -n 's/^Content-Type: //p')" \
    text/event-stream

# A stream does not hold up the stop: SIGTERM ends it.
curl -sN -H "Authorization: Bearer $OBS" "$URL/v1/orgs/nato/stream" >"$T/s5" &
reader=$!
until curl -s "$URL/metrics" | grep -q 'assent_http_open_streams 1'; do sleep 0.1; done
stop_server
wait "$reader" || true
check "stop with a stream open" "$STOP_RC" 0
done_testing
