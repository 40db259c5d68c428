# Bodies over the API (issue 11, items 1 and 2): a council that
# recommends and an assembly that appoints, recorded through POST
# /v1/events/{type} with the CLI's checks (each refusal a 4xx JSON
# naming the field, nothing written); GET /v1/proposals/{id}/status shows
# the body a proposal is put to and its members as of the date, what it
# requires and who put each candidate forward; GET /v1/orgs/{org} its
# bodies; each answers as the CLI.
. "$(dirname "$0")/lib.sh"

cat >"$T/un.case" <<'EOF'
{"date": "2020-01-01", "type": "org.create", "data": {"id": "un", "name": "Union", "rule": "simple majority"}}
{"date": "2020-01-01", "type": "member.join", "data": {"org": "un", "code": "AAA", "name": "Avalon"}}
{"date": "2020-01-01", "type": "member.join", "data": {"org": "un", "code": "BBB", "name": "Borduria"}}
{"date": "2020-01-01", "type": "member.join", "data": {"org": "un", "code": "CCC", "name": "Carpania"}}
{"date": "2020-01-01", "type": "office.create", "data": {"org": "un", "id": "sg", "title": "Secretary-General", "term": "P5Y"}}
EOF
"$ASSENT" load "$T/un.case" >/dev/null
ADMIN=$(token root admin)
OBS=$(token watcher observer)
start_server

post() {
	check "$1" "$(call POST "/v1/events/$2" "$ADMIN" "$3")" 201
}

post "a body" body.create \
    '{"date":"2020-01-02","data":{"org":"un","id":"council","name":"Council","rule":"at least 2 in favour"}}'
post "a seat" body.join \
    '{"date":"2020-01-02","data":{"org":"un","body":"council","code":"AAA"}}'
post "a seat to come" body.join \
    '{"date":"2020-01-02","data":{"org":"un","body":"council","code":"BBB","since":"2020-06-01"}}'
refused_post "a body member who is not a member of the organisation" body.join \
    '{"date":"2020-01-02","data":{"org":"un","body":"council","code":"QQQ"}}' 422 \
    "^body.join: field 'code': QQQ is not a member of un on 2020-01-02"
refused_post "weights that are not numbers" body.join \
    '{"date":"2020-01-02","data":{"org":"un","body":"council","code":"CCC","weights":{"w":"x"}}}' 400 \
    "^body.join: field 'weights': weight 'w' must be a non-negative number"
refused_post "a proposal to an unknown body" proposal.open \
    '{"date":"2020-01-03","data":{"id":"rec","org":"un","kind":"recommendation","office":"sg","title":"R","body":"senate"}}' 422 \
    "^proposal.open: field 'body': unknown body 'senate' of un$"
post "a recommendation put to the council" proposal.open \
    '{"date":"2020-01-03","data":{"id":"rec","org":"un","kind":"recommendation","office":"sg","title":"R","body":"council"}}'
post "an appointment that requires it" proposal.open \
    '{"date":"2020-01-03","data":{"id":"appt","org":"un","kind":"appointment","office":"sg","title":"A","requires":"rec"}}'
post "a candidate put forward by a state that is not a member" candidate.declare \
    '{"date":"2020-01-03","data":{"proposal":"rec","id":"ann","name":"Ann","nominated_by":"ZZZ","nominated_by_name":"Zembla"}}'
refused_post "an unknown nominator without a name" candidate.declare \
    '{"date":"2020-01-03","data":{"proposal":"rec","id":"bob","name":"Bob","nominated_by":"ZZZ"}}' 422 \
    "^candidate.declare: field 'nominated_by': unknown member 'ZZZ' of un"
post "a candidate put forward by a member off the council" candidate.declare \
    '{"date":"2020-01-03","data":{"proposal":"appt","id":"ann","name":"Ann","nominated_by":"CCC"}}'
refused_post "a stance of a member not on the body" position.declare \
    '{"date":"2020-01-04","data":{"proposal":"rec","member":"BBB","position":"support","candidate":"ann","source":"s"}}' 422 \
    "^position.declare: field 'member': BBB does not sit on council of un on 2020-01-04"
post "AAA for ann" position.declare \
    '{"date":"2020-01-04","data":{"proposal":"rec","member":"AAA","position":"support","candidate":"ann","source":"s"}}'
post "BBB for ann, once seated" position.declare \
    '{"date":"2020-06-01","data":{"proposal":"rec","member":"BBB","position":"support","candidate":"ann","source":"s"}}'
post "the assembly for ann" position.declare \
    '{"date":"2020-06-01","data":{"proposal":"appt","member":"CCC","position":"support","candidate":"ann","source":"s"}}'
refused_post "a recommendation that was not decided" decision.take \
    '{"date":"2020-06-02","data":{"proposal":"appt","candidate":"ann"}}' 422 \
    "^decision.take: proposal 'appt' requires the decision on 'rec' first"
refused_post "a decision of a body on a proposal put to another" decision.take \
    '{"date":"2020-06-02","data":{"proposal":"appt","candidate":"ann","body":"council"}}' 422 \
    "^decision.take: field 'body': proposal 'appt' is put to the whole membership of un, not to council$"

check "status before the council's second seat" \
    "$(call GET '/v1/proposals/rec/status?as_of=2020-03-01' "$OBS")" 200
jqcheck "the body and its members then" "$(body)" \
    '[.kind, .body.id, [.body.members[].code], [.body.future_members[].code], .eligible, .state]' \
    '["recommendation","council",["AAA"],["BBB"],1,"open"]'
jqcheck "the nominator, named, not a member" "$(body)" \
    '.candidates[0] | [.nominated_by, .nominated_by_name, .nominated_by_member, .nominated_by_on_body]' \
    '["ZZZ","Zembla",false,false]'
same_as_cli "status once seated" '/v1/proposals/rec/status?as_of=2020-06-01' \
    status rec --as-of 2020-06-01
jqcheck "2 of the council's 2: carried" "$(body)" \
    '[[.body.members[].code], .state, .consensus_for]' '[["AAA","BBB"],"consensus","ann"]'

post "the council recommends" decision.take \
    '{"date":"2020-06-02","data":{"proposal":"rec","candidate":"ann","body":"council"}}'
post "the assembly appoints" decision.take \
    '{"date":"2020-06-03","data":{"proposal":"appt","candidate":"ann"}}'
check "the appointment's status" "$(call GET '/v1/proposals/appt/status?as_of=2020-06-03' "$OBS")" 200
jqcheck "what it required, taken" "$(body)" \
    '[.body, .requires.proposal, .requires.decided, .requires.date, .requires.candidate, .state]' \
    '[null,"rec",true,"2020-06-02","ann","decided"]'
check "the office" "$(call GET '/v1/offices/sg?as_of=2020-06-03' "$OBS")" 200
jqcheck "appointed by the assembly, not by the recommendation" "$(body)" \
    '[.holder.person, .holder.proposal, .designate]' '["Ann","appt",null]'

same_as_cli "the organisation" '/v1/orgs/un?as_of=2020-06-03' org un --as-of 2020-06-03
jqcheck "its bodies" "$(body)" \
    '[.bodies[] | [.id, .name, .rule.text, .rule_own, [.members[].code]]]' \
    '[["council","Council","at least 2 in favour",true,["AAA","BBB"]]]'
same_as_cli "the proposals" /v1/proposals proposals
jqcheck "each with its body and what it requires" "$(body)" \
    '[.proposals[] | [.id, .body, .requires]]' '[["appt",null,"rec"],["rec","council",null]]'
done_testing
