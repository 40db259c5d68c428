# The limits, each answered with its status and a JSON error naming it:
# body size (413), header size (431), connections from one address
# (429), connections in all (503), an idle or stalled client (closed
# after --timeout) that does not hold up the others; a non-JSON body
# (415).
. "$(dirname "$0")/lib.sh"

"$ASSENT" load "$CASE" >/dev/null
ADMIN=$(token root admin)
start_server --max-body 1000 --max-header 1024 --max-connections 2 \
    --max-per-ip 1 --timeout 2

# error_is DESC STATUS WANT ERROR: the status and the JSON error.
error_is() {
	check "$1" "$2" "$3"
	jqcheck "$1: error" "$(body)" .error "\"$4\""
	jqcheck "$1: detail names the limit" "$(body)" ".detail | test(\"$5\")" true
}

big=$(head -c 3000 /dev/zero | tr '\0' 'x')
before=$(ledger_head)
error_is "body over --max-body" "$(call POST /v1/events/org.create "$ADMIN" \
    "{\"data\":{\"id\":\"x\",\"name\":\"$big\"}}")" 413 body_too_large max-body
printf '{"data":{"id":"x","name":"%s"}}' "$big" >"$T/big.json"
error_is "chunked body over --max-body" "$(call POST /v1/events/org.create "$ADMIN" "" \
    -H 'Content-Type: application/json' -H 'Transfer-Encoding: chunked' \
    --data-binary @"$T/big.json")" 413 body_too_large max-body
check "nothing recorded" "$(ledger_head)" "$before"
check "a body under the limit" "$(call POST /v1/events/org.create "$ADMIN" \
    '{"data":{"id":"small","name":"Small"}}')" 201
error_is "headers over --max-header" "$(call GET /v1/head "$ADMIN" "" \
    -H "X-Padding: $(head -c 2000 /dev/zero | tr '\0' 'y')")" 431 \
    headers_too_large max-header
error_is "not JSON" "$(call POST /v1/events/org.create "$ADMIN" "" \
    -H 'Content-Type: text/plain' --data-binary 'x')" 415 \
    unsupported_media_type Content-Type

# Connections: a stream holds one. From one address, one is the limit;
# two in all. A stream is known to be open by its first keep-alive.
metric() {
	curl -s --interface 127.0.0.1 "$URL/metrics" | sed -n "s/^$1 //p"
}
open_stream() {
	curl -sN --interface "$1" -H "Authorization: Bearer $ADMIN" \
	    "$URL/v1/orgs/nato/stream" >"$T/stream.$1" &
}
open_stream 127.0.0.2
s1=$!
until [ -s "$T/stream.127.0.0.2" ]; do sleep 0.1; done
error_is "a second connection from one address" \
    "$(call GET /v1/head "$ADMIN" "" --interface 127.0.0.2)" 429 \
    too_many_connections_from_address max-per-ip
open_stream 127.0.0.3
s2=$!
until [ -s "$T/stream.127.0.0.3" ]; do sleep 0.1; done
error_is "a fourth connection" "$(call GET /v1/head "$ADMIN" "" \
    --interface 127.0.0.4)" 503 too_many_connections max-connections
kill "$s1" "$s2"
wait "$s1" "$s2" 2>/dev/null || true
# The streams end at their next keep-alive; then there is room again.
until [ "$(metric assent_http_open_streams)" = 0 ]; do sleep 0.1; done
check "room again" "$(call GET /v1/head "$ADMIN" "" --interface 127.0.0.2)" 200

# A client that stalls mid-body is cut off after --timeout (its request
# logged as not completed, nothing recorded), and the others are answered
# meanwhile. An idle connection is closed too.
mkfifo "$T/stall"
exec 4<>"$T/stall"
curl -s -o /dev/null --interface 127.0.0.5 -X POST \
    -H "Authorization: Bearer $ADMIN" -H 'Content-Type: application/json' \
    -T "$T/stall" "$URL/v1/events/org.create" &
stalled=$!
check "answered while one stalls" "$(call GET /healthz "")" 200
until grep -q '"ip":"127.0.0.5".*"completed":false' "$T/server.log"; do
	sleep 0.1
done
ok
kill "$stalled"
wait "$stalled" 2>/dev/null || true
exec 4>&-
check "nothing recorded by the stalled client" "$(ledger_head)" $((before + 1))
# curl's telnet mode: a connection that sends nothing; it ends when the
# server closes it.
curl -s --interface 127.0.0.6 "telnet://127.0.0.1:${URL##*:}" </dev/null >/dev/null
check "an idle connection is closed" "$?" 0
done_testing
