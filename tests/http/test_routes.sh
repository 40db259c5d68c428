# Every route, against a real server on the NATO ledger: the reads give
# the CLI's JSON; each event type's write route records through the same
# checks; /v1/openapi.json lists every route and every path in it is
# served.
. "$(dirname "$0")/lib.sh"

"$ASSENT" load "$CASE" >/dev/null
ADMIN=$(token root admin)
OBS=$(token watcher observer)
start_server

# The reads: the same JSON as the CLI's --json, byte for byte once sorted.
same_as_cli "status" "/v1/proposals/sg-2024/status?as_of=2024-06-19" \
    status sg-2024 --as-of 2024-06-19
same_as_cli "status now" "/v1/proposals/sg-2024/status" status sg-2024
same_as_cli "proposals" "/v1/proposals?as_of=2024-06-20" proposals --as-of 2024-06-20
same_as_cli "office" "/v1/offices/secretary-general?as_of=2024-06-26" \
    office secretary-general --as-of 2024-06-26
same_as_cli "org" "/v1/orgs/nato?as_of=2024-06-18" org nato --as-of 2024-06-18
same_as_cli "timeline" "/v1/timeline" timeline
same_as_cli "timeline of a proposal" "/v1/proposals/sg-2024/timeline?as_of=2024-06-20" \
    timeline --proposal sg-2024 --as-of 2024-06-20
same_as_cli "timeline ?proposal" "/v1/timeline?proposal=sg-2024" \
    timeline --proposal sg-2024
same_as_cli "verify" "/v1/verify" verify

check "orgs" "$(call GET /v1/orgs "$OBS")" 200
jqcheck "orgs lists nato" "$(body)" '[.orgs[].id]' '["nato"]'
check "head" "$(call GET /v1/head "$OBS")" 200
jqcheck "head seq" "$(body)" .seq "$(ledger_head)"
check "head ETag" "$(header ETag)" "\"$(jq -r .hash "$T/body")\""
check "unknown proposal" "$(call GET /v1/proposals/nope/status "$OBS")" 404
jqcheck "unknown proposal names it" "$(body)" '.detail | test("nope")' true
check "bad as_of" "$(call GET '/v1/proposals/sg-2024/status?as_of=June' "$OBS")" 400
jqcheck "bad as_of says which" "$(body)" '.detail | startswith("as_of")' true

# The events, paged by sequence: pages join into the whole ledger.
check "events page 1" "$(call GET '/v1/events?limit=50' "$OBS")" 200
jqcheck "page 1" "$(body)" '[.events[0].seq, (.events | length), .next]' '[1,50,50]'
check "events page 2" "$(call GET '/v1/events?after=50&limit=1000' "$OBS")" 200
jqcheck "page 2 ends at the head" "$(body)" '[.events[0].seq, .events[-1].seq, .next]' \
    "[51,$(ledger_head),null]"
jqcheck "events carry the chain" "$(body)" '.events[0] | has("hash") and has("prev")' true
check "bad page" "$(call GET '/v1/events?limit=5000' "$OBS")" 400

# Health, metrics, the dashboard: no token needed.
check "healthz" "$(call GET /healthz "")" 200
jqcheck "healthz" "$(body)" .status '"ok"'
check "index" "$(call GET / "")" 200
check "index is HTML" "$(header Content-Type)" "text/html; charset=utf-8"
check "no such asset" "$(call GET /assets/nope.js "")" 404
check "no such route" "$(call GET /v1/nope "$OBS")" 404
jqcheck "404 body" "$(body)" 'keys' '["detail","error"]'
check "wrong method" "$(call DELETE /v1/head "$OBS")" 405
check "405 says what is allowed" "$(header Allow)" GET

# A procedure recorded through the API, one route per event type; the
# CLI reads it back.
post() {
	code=$(call POST "/v1/events/$2" "$ADMIN" "$3")
	check "$1: $(body)" "$code" 201
}
post "org.create" org.create '{"date":"2025-01-01","data":{"id":"club","name":"A club"}}'
for m in AAA BBB CCC; do
	post "member.join $m" member.join "{\"date\":\"2025-01-01\",\"data\":{\"org\":\"club\",\"code\":\"$m\",\"name\":\"Member $m\"}}"
done
post "office.create" office.create '{"date":"2025-01-02","data":{"org":"club","id":"chair","title":"Chair","term":"P2Y"}}'
post "office.holder" office.holder '{"date":"2025-01-02","data":{"office":"chair","person":"Ann","start":"2025-01-02"}}'
post "office.extend" office.extend '{"date":"2025-01-03","data":{"office":"chair","end":"2027-06-01"}}'
post "proposal.open" proposal.open '{"date":"2025-02-01","data":{"id":"chair-2027","org":"club","kind":"appointment","office":"chair","title":"Next chair"}}'
post "candidate.declare" candidate.declare '{"date":"2025-02-02","data":{"proposal":"chair-2027","id":"bob","name":"Bob","nominated_by":"AAA"}}'
post "candidate.declare 2" candidate.declare '{"date":"2025-02-02","data":{"proposal":"chair-2027","id":"eve","name":"Eve","nominated_by":"BBB"}}'
post "candidate.withdraw" candidate.withdraw '{"date":"2025-02-03","data":{"proposal":"chair-2027","candidate":"eve","endorses":"bob"}}'
post "commitment.ask" commitment.ask '{"date":"2025-02-04","data":{"id":"c1","proposal":"chair-2027","by":"bob","to":"CCC","text":"a promise"}}'
post "commitment.give" commitment.give '{"date":"2025-02-05","data":{"id":"c1","document":"a letter","source":"the letter"}}'
post "commitment.ask 2" commitment.ask '{"date":"2025-02-05","data":{"id":"c2","org":"club","by":"bob","to":"CCC","text":"another"}}'
post "commitment.give 2" commitment.give '{"date":"2025-02-05","data":{"id":"c2","source":"a note"}}'
post "commitment.revoke" commitment.revoke '{"date":"2025-02-06","data":{"id":"c2"}}'
for m in AAA BBB; do
	post "position.declare $m" position.declare "{\"date\":\"2025-02-07\",\"data\":{\"proposal\":\"chair-2027\",\"member\":\"$m\",\"position\":\"support\",\"candidate\":\"bob\",\"source\":\"minutes\"}}"
done
post "position.declare CCC" position.declare '{"date":"2025-02-07","data":{"proposal":"chair-2027","member":"CCC","position":"support","candidate":"bob","conditions":["c1"],"source":"minutes"}}'
jqcheck "the principal is the actor" "$(body)" .actor '"root"'
post "decision.take" decision.take '{"date":"2025-02-08","data":{"proposal":"chair-2027","candidate":"bob"}}'
post "member.leave" member.leave '{"date":"2025-03-01","data":{"org":"club","code":"CCC"}}'
s=$("$ASSENT" status chair-2027 --json --as-of 2025-02-08)
jqcheck "the CLI reads the API's writes" "$s" '[.decided, .consensus_for]' '[true,"bob"]'
"$ASSENT" verify >/dev/null && ok || fail "verify after the API's writes"

# A refused write: the fold's message, 422, nothing recorded.
before=$(ledger_head)
check "refused" "$(call POST /v1/events/office.holder "$ADMIN" \
    '{"data":{"office":"nope","person":"Zed","start":"2025-01-01"}}')" 422
jqcheck "refused names the office" "$(body)" '.detail | test("nope")' true
check "bad body" "$(call POST /v1/events/position.declare "$ADMIN" '{"data":{"proposal":"x"}}')" 400
jqcheck "bad body names the field" "$(body)" '.detail | test("member")' true
check "not JSON" "$(call POST /v1/events/position.declare "$ADMIN" '{"data":')" 400
check "unknown field" "$(call POST /v1/events/org.create "$ADMIN" '{"data":{"id":"x","name":"X"},"when":1}')" 400
jqcheck "unknown field named" "$(body)" '.detail | test("when")' true
check "bad date" "$(call POST /v1/events/org.create "$ADMIN" '{"date":"2025-13-01","data":{"id":"x","name":"X"}}')" 400
check "refusals record nothing" "$(ledger_head)" "$before"

# The OpenAPI document: every route above is in it, and every path in it
# is served (a request reaches its handler: never "no route", never 405).
check "openapi" "$(call GET /v1/openapi.json "")" 200
cp "$T/body" "$T/openapi.json"
jqcheck "openapi version" "$(cat "$T/openapi.json")" .openapi '"3.1.0"'
for r in "get /healthz" "get /metrics" "get /" "get /assets/{file}" \
    "get /v1/openapi.json" "get /v1/head" "get /v1/orgs" "get /v1/orgs/{org}" \
    "get /v1/orgs/{org}/stream" "get /v1/proposals" \
    "get /v1/proposals/{id}/status" "get /v1/proposals/{id}/timeline" \
    "get /v1/proposals/{id}/analysis" \
    "get /v1/offices/{id}" "get /v1/timeline" "get /v1/events" "get /v1/verify"; do
	set -- $r
	jqcheck "openapi has $1 $2" "$(cat "$T/openapi.json")" ".paths[\"$2\"] | has(\"$1\")" true
done
for t in $(jq -r '.[]' <<EOT
["org.create","member.join","member.leave","office.create","office.holder","office.extend","proposal.open","candidate.declare","candidate.withdraw","commitment.ask","commitment.give","commitment.revoke","position.declare","decision.take"]
EOT
); do
	jqcheck "openapi has POST $t" "$(cat "$T/openapi.json")" \
	    ".paths[\"/v1/events/$t\"].post.requestBody.required" true
done
jq -r '.paths | to_entries[] | .key as $p | .value | keys[] | "\(.) \($p)"' \
    "$T/openapi.json" >"$T/routes"
check "openapi route count" "$(wc -l <"$T/routes" | tr -d ' ')" \
    "$(jq '[.paths[] | keys[]] | length' "$T/openapi.json")"
while read -r m p; do
	path=$(printf '%s' "$p" | sed 's,/v1/offices/{id},/v1/offices/chair,;
	    s,{id},sg-2024,; s,{org},nato,; s,{file},app.js,')
	M=$(printf '%s' "$m" | tr a-z A-Z)
	if [ "$p" = "/v1/orgs/{org}/stream" ]; then
		first=$(curl -sN -H "Authorization: Bearer $OBS" \
		    -H "Last-Event-ID: 0" "$URL$path" | head -n1)
		check "served: $m $p" "$first" "id: 1"
		continue
	fi
	if [ "$M" = POST ]; then
		code=$(call POST "$path" "$ADMIN" '{}')
		check "served: $m $p (reaches the schema check)" "$code" 400
		jqcheck "served: $m $p names data" "$(body)" .detail '"data: required"'
		continue
	fi
	code=$(call "$M" "$path" "$ADMIN")
	case $code in
	405) fail "served: $m $p: 405" ;;
	*) if grep -q '"no route' "$T/body"; then
		fail "served: $m $p: no route"; else ok; fi ;;
	esac
done <"$T/routes"

stop_server
check "SIGTERM: exit 0" "$STOP_RC" 0
"$ASSENT" verify >/dev/null && ok || fail "verify after the stop"
done_testing
