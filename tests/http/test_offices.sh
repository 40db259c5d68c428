# Offices over the API (issue 11): the early end, the acting holder and
# the decision's term end are written through POST /v1/events/{type} with
# the CLI's checks (each refusal a 4xx JSON naming the field, nothing
# written); GET /v1/offices/{id} answers as the CLI, and ?nationality=
# lists the holders of one nationality, numbered.
. "$(dirname "$0")/lib.sh"

cat >"$T/o.case" <<'EOF'
{"date": "2020-01-01", "type": "org.create", "data": {"id": "o", "name": "O"}}
{"date": "2020-01-01", "type": "member.join", "data": {"org": "o", "code": "NLD", "name": "N"}}
{"date": "2020-01-01", "type": "office.create", "data": {"org": "o", "id": "sg", "title": "Secretary", "term": "P4Y"}}
{"date": "2020-01-01", "type": "office.holder", "data": {"office": "sg", "person": "Ann", "nationality": "NLD", "start": "2020-01-01"}}
{"date": "2020-01-01", "type": "proposal.open", "data": {"id": "p", "org": "o", "kind": "appointment", "office": "sg", "title": "Next"}}
{"date": "2020-01-01", "type": "candidate.declare", "data": {"proposal": "p", "id": "cid", "name": "Cid", "nominated_by": "NLD"}}
{"date": "2020-01-02", "type": "position.declare", "data": {"proposal": "p", "member": "NLD", "position": "support", "candidate": "cid", "source": "s"}}
EOF
"$ASSENT" load "$T/o.case" >/dev/null
ADMIN=$(token root admin)
OBS=$(token watcher observer)
start_server

refused_post "early end before the term began" office.end \
    '{"date":"2021-01-01","data":{"office":"sg","end":"2019-06-01","reason":"resigned"}}' 422 \
    "^office.end: field 'end': 2019-06-01 is not after the start of Ann's term"
refused_post "acting holder while a holder is in office" office.acting \
    '{"date":"2021-01-01","data":{"office":"sg","person":"Bob","start":"2021-01-01"}}' 422 \
    "^office.acting: field 'start': Ann holds sg on 2021-01-01"
refused_post "a reason not of the list" office.end \
    '{"date":"2021-01-01","data":{"office":"sg","reason":"bored"}}' 400 \
    "field 'reason': must be one of"
refused_post "open must be a boolean" office.holder \
    '{"date":"2021-01-01","data":{"office":"sg","person":"Dee","start":"2025-01-01","open":"yes"}}' 400 \
    "field 'open': must be true or false"

check "early end" "$(call POST /v1/events/office.end "$ADMIN" \
    '{"date":"2021-06-01","data":{"office":"sg","reason":"resigned","source":"her letter"}}')" 201
refused_post "early end of an office with no holder" office.end \
    '{"date":"2021-06-02","data":{"office":"sg","reason":"died"}}' 422 \
    "^office.end: office 'sg' has no holder on 2021-06-02"
check "acting holder" "$(call POST /v1/events/office.acting "$ADMIN" \
    '{"date":"2021-06-01","data":{"office":"sg","person":"Bob","start":"2021-06-01"}}')" 201
refused_post "a term end in the decision before its start" decision.take \
    '{"date":"2021-07-01","data":{"proposal":"p","candidate":"cid","end":"2021-06-15"}}' 422 \
    "^decision.take: field 'end': 2021-06-15 is not after the term's start \\\\(2021-07-01\\\\)"
check "a decision fixing its term end" "$(call POST /v1/events/decision.take "$ADMIN" \
    '{"date":"2021-07-01","data":{"proposal":"p","candidate":"cid","end":"2023-01-01"}}')" 201

check "office as of the vacancy" "$(call GET '/v1/offices/sg?as_of=2021-06-15' "$OBS")" 200
jqcheck "the acting holder, vacant since the early end" "$(body)" \
    '[.holder.person, .holder.acting, .vacant, .vacant_since, .past_holders[0].ended]' \
    '["Bob",true,true,"2021-06-01",{"date":"2021-06-01","reason":"resigned"}]'
a=$(jq -S . "$T/body")
b=$("$ASSENT" office sg --as-of 2021-06-15 --json | jq -S .)
check "the same answer as the CLI's" "$a" "$b"
check "office now" "$(call GET /v1/offices/sg "$OBS")" 200
jqcheck "the decision's term end" "$(body)" \
    '[.holder, .past_holders[-1].person, .past_holders[-1].term_end]' '[null,"Cid","2023-01-01"]'

check "holders of one nationality" "$(call GET '/v1/offices/sg?nationality=NLD&as_of=2021-07-01' "$OBS")" 200
jqcheck "numbered, in office said" "$(body)" \
    '[.nationality, .count, [.holders[] | [.person, .of_nationality, .state]]]' \
    '["NLD",2,[["Ann",1,"past"],["Cid",2,"holder"]]]'
a=$(jq -S . "$T/body")
b=$("$ASSENT" office sg --nationality NLD --as-of 2021-07-01 --json | jq -S .)
check "the same answer as the CLI's (nationality)" "$a" "$b"
check "a nationality that is no code" "$(call GET '/v1/offices/sg?nationality=N%20L' "$OBS")" 400
jqcheck "the 400 names the parameter" "$(body)" '.detail | startswith("nationality")' true
check "an unknown office" "$(call GET '/v1/offices/nope?nationality=NLD' "$OBS")" 404
check "the OpenAPI document lists the new types" "$(call GET /v1/openapi.json "")" 200
jqcheck "office.end and office.acting routes" "$(body)" \
    '[.paths["/v1/events/office.end"].post != null, .paths["/v1/events/office.acting"].post != null]' '[true,true]'

stop_server
done_testing
