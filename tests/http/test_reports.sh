# Sources, reports, the two bases and corrections through the API: the
# answers are the CLI's (status and analysis on ?basis=, the reports as
# JSON and CSV, the citation list, what changed and on whose word); the
# new event types have their routes from the one table, with the same
# refusals (400 for a malformed body, 422 for a refused event, 403 for a
# role that may not record them); nothing written by a refusal.
. "$(dirname "$0")/lib.sh"

"$ASSENT" load "$CASE" >/dev/null
OBS=$(token watcher observer)
SEC=$(token nato-sec secretariat nato)
HUN=$(token hun delegation nato HUN)
start_server

# The status on either basis, as the CLI's; the default said.
for b in "" "&basis=reported" "&basis=confirmed"; do
	check "status$b" "$(call GET "/v1/proposals/sg-2024/status?as_of=2024-06-19$b" "$OBS")" 200
	a=$(jq -S . "$T/body")
	c=$("$ASSENT" status sg-2024 --as-of 2024-06-19 --json ${b:+--basis ${b#&basis=}} | jq -S 'del(.known_at)')
	if [ "$(printf '%s' "$a" | jq -S 'del(.known_at)')" = "$c" ]; then ok; else
		fail "status$b differs from the CLI's"; fi
done
jqcheck "the default, said" "$(call GET /v1/proposals/sg-2024/status "$OBS" >/dev/null; body)" \
    '[.basis, .basis_default]' '["reported",true]'
# As of now, the answers remembered are not served for another basis.
jqcheck "now, confirmed" "$(call GET '/v1/proposals/sg-2024/status?basis=confirmed' "$OBS" >/dev/null; body)" \
    '[.basis, .basis_default, (.members | map(select(.confirmed)) | length)]' '["confirmed",false,9]'
jqcheck "now, the default again" "$(call GET /v1/proposals/sg-2024/status "$OBS" >/dev/null; body)" \
    '.basis_default' true
check "a bad basis" "$(call GET '/v1/proposals/sg-2024/status?basis=best' "$OBS")" 400
jqcheck "a bad basis named" "$(body)" .detail "\"basis: 'best' must be confirmed or reported\""
check "analysis, confirmed" "$(call GET '/v1/proposals/sg-2024/analysis?as_of=2024-06-19&candidate=rutte&basis=confirmed' "$OBS")" 200
a=$(jq -S . "$T/body")
b=$("$ASSENT" analyse sg-2024 --candidate rutte --as-of 2024-06-19 --basis confirmed --json | jq -S .)
if [ "$a" = "$b" ]; then ok; else fail "the confirmed analysis differs from the CLI's"; fi
check "analysis, a bad basis" "$(call GET '/v1/proposals/sg-2024/analysis?candidate=rutte&basis=x' "$OBS")" 400

# The reports as JSON and CSV, as the CLI's; the citation list; what
# changed.
check "reports" "$(call GET '/v1/proposals/sg-2024/reports?as_of=2024-06-20' "$OBS")" 200
check "reports as the CLI's" "$(jq -S 'del(.known_at)' "$T/body")" \
    "$("$ASSENT" reports sg-2024 --as-of 2024-06-20 --json | jq -S 'del(.known_at)')"
check "reports as CSV" "$(call GET '/v1/proposals/sg-2024/reports?as_of=2024-06-20&format=csv' "$OBS")" 200
check "the CSV's type" "$(header Content-Type)" "text/csv; charset=utf-8"
check "the CSV, byte for byte the CLI's" "$(md5sum <"$T/body")" \
    "$("$ASSENT" reports sg-2024 --as-of 2024-06-20 --csv | md5sum)"
check "a bad format" "$(call GET '/v1/proposals/sg-2024/reports?format=xml' "$OBS")" 400
check "reports of no proposal" "$(call GET '/v1/proposals/nope/reports' "$OBS")" 404
check "citations" "$(call GET '/v1/proposals/sg-2024/citations' "$OBS")" 200
check "citations as the CLI's" "$(jq -S 'del(.known_at)' "$T/body")" \
    "$("$ASSENT" citations sg-2024 --json | jq -S 'del(.known_at)')"
check "citations of no proposal" "$(call GET '/v1/proposals/nope/citations' "$OBS")" 404
# known_at said in its canonical form on every route, as the CLI says it.
k='2099-01-01T02:00:00%2B02:00'
ck=$("$ASSENT" status sg-2024 --known-at 2099-01-01T02:00:00+02:00 --json | jq -c .known_at)
for route in status citations timeline "changes?since=2024-06-17"; do
	sep='?'; case $route in *\?*) sep='&' ;; esac
	call GET "/v1/proposals/sg-2024/$route${sep}known_at=$k" "$OBS" >/dev/null
	jqcheck "known_at of $route, canonical" "$(body)" .known_at "$ck"
done
check "changes" "$(call GET '/v1/proposals/sg-2024/changes?since=2024-06-17&as_of=2024-06-19' "$OBS")" 200
check "changes as the CLI's" "$(jq -S 'del(.known_at)' "$T/body")" \
    "$("$ASSENT" changes sg-2024 --since 2024-06-17 --as-of 2024-06-19 --json | jq -S 'del(.known_at)')"
jqcheck "Hungary lifts its objection, on its own word" "$(body)" \
    '[.changes[] | select(.members == ["HUN"]) | [.text, .confirmed, .sources[0].kind]]' \
    '[["Hungary lifts its objection and backs Mark Rutte, after Letter from Mark Rutte to Viktor Orban, 18 June 2024 (given 2024-06-18)",true,"official-statement"]]'
check "changes without since" "$(call GET '/v1/proposals/sg-2024/changes' "$OBS")" 400
jqcheck "since named" "$(body)" '.detail | startswith("since")' true
check "changes since after as of" "$(call GET '/v1/proposals/sg-2024/changes?since=2024-06-20&as_of=2024-06-19' "$OBS")" 400

# The new event types: a route each, in the OpenAPI document.
check "openapi" "$(call GET /v1/openapi.json "")" 200
jqcheck "the routes of the new types" "$(body)" \
    '[.paths | keys[] | select(test("source|report|correct|citations|changes"))]' \
    '["/v1/events/event.correct","/v1/events/position.report","/v1/events/source.declare","/v1/events/source.rank","/v1/proposals/{id}/changes","/v1/proposals/{id}/citations","/v1/proposals/{id}/reports"]'
jqcheck "a seq is an integer" "$(body)" \
    '.paths["/v1/events/event.correct"].post.requestBody.content["application/json"].schema.properties.data.properties.seq.type' '"integer"'
jqcheck "the status takes basis" "$(body)" \
    '[.paths["/v1/proposals/{id}/status"].get.parameters[].name]' '["id","as_of","known_at","basis"]'

before=$(ledger_head)
# A source and a report, by the secretariat.
check "a source" "$(call POST /v1/events/source.declare "$SEC" \
    '{"data": {"id": "web-daily", "org": "nato", "kind": "press-report", "title": "The Daily"}}')" 201
jqcheck "dated before the history" "$(body)" '.date' '"0001-01-01"'
check "a dated source" "$(call POST /v1/events/source.declare "$SEC" \
    '{"date": "2024-01-01", "data": {"id": "web-x", "org": "nato", "kind": "anonymous", "title": "X"}}')" 400
jqcheck "a dated source: why" "$(body)" .detail '"date: not taken: a record without a place in the history is dated 0001-01-01"'
check "a kind outside the list" "$(call POST /v1/events/source.declare "$SEC" \
    '{"data": {"id": "web-x", "org": "nato", "kind": "rumour", "title": "X"}}')" 400
jqcheck "the kind named" "$(body)" '.detail | startswith("source.declare: field '"'"'kind'"'"': must be one of")' true
check "a source of another organisation" "$(call POST /v1/events/source.declare "$SEC" \
    '{"data": {"id": "web-x", "org": "zz", "kind": "anonymous", "title": "X"}}')" 422
check "a report citing an unknown source" "$(call POST /v1/events/position.report "$SEC" \
    '{"date": "2024-06-21", "data": {"proposal": "sg-2024", "member": "BEL", "position": "support", "candidate": "rutte", "cites": ["nope"]}}')" 422
jqcheck "the source named" "$(body)" .detail "\"position.report: field 'cites': unknown source 'nope' of nato\""
check "a report of no member then (Sweden joined on 7 March)" "$(call POST /v1/events/position.report "$SEC" \
    '{"date": "2024-03-01", "data": {"proposal": "sg-2024", "member": "SWE", "position": "support", "candidate": "rutte", "cites": ["web-daily"]}}')" 422
jqcheck "the member named" "$(body)" .detail "\"position.report: unknown member 'SWE' of nato\""
check "a delegation may not report" "$(call POST /v1/events/position.report "$HUN" \
    '{"date": "2024-06-21", "data": {"proposal": "sg-2024", "member": "HUN", "position": "support", "candidate": "rutte", "cites": ["web-daily"]}}')" 403
check "a report" "$(call POST /v1/events/position.report "$SEC" \
    '{"date": "2024-06-21", "data": {"proposal": "sg-2024", "member": "BEL", "position": "support", "candidate": "rutte", "cites": ["web-daily"]}}')" 201
R=$(jq .seq "$T/body")
# The state as of a date is kept too: read it before the correction.
jqcheck "as of 22 June, the report" "$(call GET '/v1/proposals/sg-2024/status?as_of=2024-06-22' "$OBS" >/dev/null; body)" \
    '[.members[] | select(.code == "BEL") | .report]' "[$R]"

# Corrections: the secretariat's, dated as the event they correct.
check "a delegation may not correct" "$(call POST /v1/events/event.correct "$HUN" \
    "{\"data\": {\"seq\": $R, \"reason\": \"r\", \"source\": \"s\"}}")" 403
check "a correction of no event" "$(call POST /v1/events/event.correct "$SEC" \
    '{"data": {"seq": 99999, "reason": "r", "source": "s"}}')" 422
jqcheck "no event named" "$(body)" .detail '"event.correct: field '"'"'seq'"'"': no event 99999 in the ledger"'
check "a dated correction" "$(call POST /v1/events/event.correct "$SEC" \
    "{\"date\": \"2024-06-21\", \"data\": {\"seq\": $R, \"reason\": \"r\", \"source\": \"s\"}}")" 400
check "a correction" "$(call POST /v1/events/event.correct "$SEC" \
    "{\"data\": {\"seq\": $R, \"reason\": \"not reported so\", \"source\": \"the Daily's erratum\"}}")" 201
jqcheck "dated as the event it corrects" "$(body)" '.date' '"2024-06-21"'
C=$(jq .seq "$T/body")
jqcheck "as of 22 June, without it" "$(call GET '/v1/proposals/sg-2024/status?as_of=2024-06-22' "$OBS" >/dev/null; body)" \
    "[.members[] | select(.code == \"BEL\") | (.report == $R), (.reports | map(.seq) | index($R))]" '[false,null]'
check "a correction again" "$(call POST /v1/events/event.correct "$SEC" \
    "{\"data\": {\"seq\": $R, \"reason\": \"r\", \"source\": \"s\"}}")" 422
jqcheck "already corrected named" "$(body)" .detail "\"event.correct: event $R is already corrected (by event $C)\""
check "the timeline marks it" "$(call GET /v1/proposals/sg-2024/timeline "$OBS")" 200
jqcheck "marked" "$(body)" "[.events[] | select(.seq == $R) | .corrected.by]" "[$C]"
check "three events written, no more" "$(ledger_head)" "$((before + 3))"

# The state as of now is kept across requests; a correction of the
# latest event (dated as it, so at the state's own instant) is the
# history folded again, never applied on top: the report goes.
check "a text opened as of now" "$(call POST /v1/events/proposal.open "$SEC" \
    '{"data": {"id": "http-live", "org": "nato", "kind": "text", "title": "A text"}}')" 201
check "a report as of now" "$(call POST /v1/events/position.report "$SEC" \
    '{"data": {"proposal": "http-live", "member": "BEL", "position": "object", "cites": ["web-daily"]}}')" 201
R=$(jq .seq "$T/body")
jqcheck "the status as of now rests on it" "$(call GET /v1/proposals/http-live/status "$OBS" >/dev/null; body)" \
    '[.members[] | select(.code == "BEL") | .position, .report]' "[\"object\",$R]"
check "it is corrected" "$(call POST /v1/events/event.correct "$SEC" \
    "{\"data\": {\"seq\": $R, \"reason\": \"not reported so\", \"source\": \"the Daily's erratum\"}}")" 201
jqcheck "the status as of now no longer rests on it" "$(call GET /v1/proposals/http-live/status "$OBS" >/dev/null; body)" \
    '[.members[] | select(.code == "BEL") | .position, .report, (.reports | length)]' '["none",null,0]'

done_testing
