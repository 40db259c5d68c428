# Hostile input, each once a finding of issue 9: slow headers from one
# address cannot take the server; Last-Event-ID out of range is 400, not
# a crash or a replay from the start; a revoked token's stream ends at
# once; an encoded control byte in a path is refused; the media type is
# matched exactly; the query string counts towards --max-header; a
# keyed retry gets the first answer byte for byte; token add checks its
# organisation and member.
. "$(dirname "$0")/lib.sh"

: "${SLOW_CLIENT:?set SLOW_CLIENT to the slow_client tool}"
"$ASSENT" load "$CASE" >/dev/null
SEC=$(token nato-sec secretariat nato)
OBS=$(token watcher observer)
start_server --max-per-ip 16 --max-connections 64 --max-header 4096
port=${URL##*:}

# Slow headers: 200 connections from 127.0.0.1, a header line every 2 s,
# for 12 s. Another address is answered at once meanwhile, and so is
# 127.0.0.1 again once they are gone.
"$SLOW_CLIENT" "$port" 200 2 12 >"$T/slow.out" &
SLOW=$!
sleep 3
for i in 1 2 3; do
	code=$(curl -s -o /dev/null -w '%{http_code}' --max-time 1 \
	    --interface 127.0.0.2 "$URL/healthz" || true)
	check "healthz from another address while one misbehaves ($i)" "$code" 200
	sleep 1
done
wait $SLOW
opened=$(sed -n 's/^open //p' "$T/slow.out")
[ "$opened" -ge 1 ] && ok || fail "the slow client opened no connection"
sleep 1
check "healthz from the same address after" \
    "$(curl -s -o /dev/null -w '%{http_code}' --max-time 5 "$URL/healthz")" 200

# Last-Event-ID: a number of this ledger only.
head=$(ledger_head)
for bad in 9223372036854775807 99999999999999999999 -1 abc $((head + 1)); do
	check "Last-Event-ID $bad" "$(curl -s -o "$T/body" -w '%{http_code}' \
	    --max-time 5 -H "Authorization: Bearer $OBS" \
	    -H "Last-Event-ID: $bad" "$URL/v1/orgs/nato/stream")" 400
	jqcheck "Last-Event-ID $bad: says the range" "$(body)" \
	    '.detail | test("0 to [0-9]+")' true
done
curl -s -N --max-time 3 -H "Authorization: Bearer $OBS" \
    -H "Last-Event-ID: $((head - 2))" "$URL/v1/orgs/nato/stream" >"$T/tail.sse" || true
check "Last-Event-ID head-2: the last two events" \
    "$(grep -c '^id:' "$T/tail.sse")" 2

# A revoked token's stream ends at once.
GONE=$(token gone observer)
curl -s -N --max-time 20 -H "Authorization: Bearer $GONE" \
    "$URL/v1/orgs/nato/stream" >"$T/gone.sse" &
CURL=$!
sleep 1
"$ASSENT" token revoke gone >/dev/null
t0=$(date +%s)
wait $CURL || true
t1=$(date +%s)
[ $((t1 - t0)) -le 4 ] && ok || fail "the revoked token's stream lasted $((t1 - t0)) s after the revocation"

# An encoded control byte in a path or an argument.
check "/assets/app.js%00.html" "$(call GET /assets/app.js%00.html "")" 400
check "a %01 in an id" "$(call GET /v1/proposals/sg%012024/status "$OBS")" 400
check "a %00 in an argument" "$(call GET '/v1/timeline?proposal=sg-2024%00x' "$OBS")" 400

# The media type, exactly.
body='{"data":{"id":"mt","org":"nato","kind":"text","title":"T","text":"t"}}'
check "Content-Type: application/jsonfoo" "$(curl -s -o /dev/null -w '%{http_code}' \
    -X POST -H "Authorization: Bearer $SEC" -H 'Content-Type: application/jsonfoo' \
    --data-binary "$body" "$URL/v1/events/proposal.open")" 415
check "Content-Type: application/json; charset=utf-8" "$(curl -s -o /dev/null -w '%{http_code}' \
    -X POST -H "Authorization: Bearer $SEC" -H 'Content-Type: application/json; charset=utf-8' \
    --data-binary "$body" "$URL/v1/events/proposal.open")" 201

# The query string counts towards --max-header (4096 here).
long=$(head -c 5000 /dev/zero | tr '\0' a)
check "a 5,000-byte query string" "$(call GET "/v1/proposals?as_of=$long" "$OBS")" 431
jqcheck "431 is JSON" "$(body)" .error '"headers_too_large"'
# Heads that libmicrohttpd answered itself (HTML) or dropped unanswered
# when they did not fit its memory: within ten times --max-header they
# reach the handlers and get assent's JSON.
long=$(head -c 40000 /dev/zero | tr '\0' a)
check "a 40,000-byte query string" "$(call GET "/v1/proposals?as_of=$long" "$OBS")" 431
jqcheck "... in JSON" "$(body)" .error '"headers_too_large"'
seq 1 1000 | sed 's/^/X-H/; s/$/: a/' >"$T/headers.txt"
check "1,000 headers" "$(call GET /v1/proposals "$OBS" "" -H @"$T/headers.txt")" 431
jqcheck "... in JSON" "$(body)" .error '"headers_too_large"'
many=$(seq 1 700 | sed 's/^/p/; s/$/=1/' | paste -sd'&')
check "700 query arguments (over --max-header)" "$(call GET "/v1/proposals?$many" "$OBS")" 431
jqcheck "... in JSON" "$(body)" .error '"headers_too_large"'
many=$(seq 1 100 | sed 's/^/p/; s/$/=1/' | paste -sd'&')
check "100 query arguments" "$(call GET "/v1/proposals?$many" "$OBS")" 400
jqcheck "... in JSON, naming the limit" "$(body)" .detail '"the query has 100 arguments, over the limit of 32"'

# A keyed retry: the first answer's bytes and ETag.
kb='{"data":{"title":"K","kind":"text","org":"nato","id":"keyed","text":"t"}}'
check "keyed write" "$(call POST /v1/events/proposal.open "$SEC" "$kb" -H 'Idempotency-Key: bytes')" 201
cp "$T/body" "$T/first"
e1=$(header ETag)
sleep 1
"$ASSENT" proposal-open --id later --org nato --kind text --title L --text t >/dev/null
check "its retry" "$(call POST /v1/events/proposal.open "$SEC" "$kb" -H 'Idempotency-Key: bytes')" 201
cmp -s "$T/first" "$T/body" && ok || fail "the retry's body differs: $(cat "$T/first") / $(body)"
check "its ETag is the first answer's, not the head" "$(header ETag)" "$e1"

# token add: the organisation and the member must exist.
refused "token add for no organisation" \
	"^assent: token add: --org: unknown organisation 'nosuch'\$" 1 \
	"$ASSENT" token add --name x1 --role secretariat --org nosuch
refused "token add for no member" \
	"^assent: token add: --member: 'XXX' is not a member of nato\$" 1 \
	"$ASSENT" token add --name x2 --role delegation --org nato --member XXX
done_testing
