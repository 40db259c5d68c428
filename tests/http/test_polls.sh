# Straw polls over the API (issue 11, item 5): rounds written through
# POST /v1/events/poll.round with the CLI's checks (each refusal a 4xx
# JSON naming the field, nothing written); GET /v1/proposals/{id}/polls
# answers as the CLI's polls, ?candidate= for one candidate's series;
# the status never reads a poll as consensus.
. "$(dirname "$0")/lib.sh"

cat >"$T/p.case" <<'EOF'
{"date": "2020-01-01", "type": "org.create", "data": {"id": "o", "name": "O"}}
{"date": "2020-01-01", "type": "member.join", "data": {"org": "o", "code": "A", "name": "Aland", "weights": {"permanent": 1}}}
{"date": "2020-01-01", "type": "member.join", "data": {"org": "o", "code": "B", "name": "Bland"}}
{"date": "2020-01-01", "type": "office.create", "data": {"org": "o", "id": "sg", "title": "Secretary", "term": "P4Y"}}
{"date": "2020-01-01", "type": "proposal.open", "data": {"id": "p", "org": "o", "kind": "appointment", "office": "sg", "title": "Next"}}
{"date": "2020-01-01", "type": "candidate.declare", "data": {"proposal": "p", "id": "x", "name": "Xan", "nominated_by": "A"}}
{"date": "2020-01-01", "type": "candidate.declare", "data": {"proposal": "p", "id": "y", "name": "Yan", "nominated_by": "B"}}
{"date": "2020-01-02", "type": "candidate.withdraw", "data": {"proposal": "p", "candidate": "y"}}
EOF
"$ASSENT" load "$T/p.case" >/dev/null
ADMIN=$(token root admin)
OBS=$(token watcher observer)
start_server

# A round refused: refused_post (lib.sh) of a poll.round.
refused_round() {
	refused_post "$1" poll.round "$2" "$3" "$4"
}
refused_round "a mark other than the three" \
    '{"date":"2020-01-03","data":{"proposal":"p","round":1,"marks":{"A":{"x":"yes"}}}}' 422 \
    "^poll.round: field 'marks': A's mark on x must be one of encourage, discourage, no-opinion$"
refused_round "a tally exceeding the members" \
    '{"date":"2020-01-03","data":{"proposal":"p","round":1,"secret":true,"tallies":{"x":{"encourage":2,"discourage":1,"no-opinion":0}}}}' 422 \
    "^poll.round: field 'tallies': x's tally, 3 marks, exceeds the 2 members of o on 2020-01-03$"
refused_round "a mark for a withdrawn candidate" \
    '{"date":"2020-01-03","data":{"proposal":"p","round":1,"marks":{"A":{"y":"encourage"}}}}' 422 \
    "^poll.round: field 'marks': candidate 'y' has withdrawn on 2020-01-02$"
refused_round "round 0" \
    '{"date":"2020-01-03","data":{"proposal":"p","round":0,"marks":{"A":{"x":"encourage"}}}}' 400 \
    "^poll.round: field 'round': must be a whole number from 1$"
refused_round "the first round numbered 2" \
    '{"date":"2020-01-03","data":{"proposal":"p","round":2,"marks":{"A":{"x":"encourage"}}}}' 422 \
    "^poll.round: field 'round': round 2 of p is out of order \\\\(the next is 1\\\\)$"

check "round 1, open" "$(call POST /v1/events/poll.round "$ADMIN" \
    '{"date":"2020-01-03","data":{"proposal":"p","round":1,"marks":{"A":{"x":"encourage"},"B":{"x":"discourage"}}}}')" 201
check "round 2, secret" "$(call POST /v1/events/poll.round "$ADMIN" \
    '{"date":"2020-01-04","data":{"proposal":"p","round":2,"secret":true,"tallies":{"x":{"encourage":2,"discourage":0,"no-opinion":0,"permanent":{"encourage":1,"discourage":0,"no-opinion":0}}}}}')" 201
refused_round "round 2 again" \
    '{"date":"2020-01-05","data":{"proposal":"p","round":2,"marks":{"A":{"x":"encourage"}}}}' 422 \
    "^poll.round: field 'round': round 2 of p is already recorded \\\\(on 2020-01-04\\\\)$"

check "polls" "$(call GET '/v1/proposals/p/polls?candidate=x' "$OBS")" 200
jqcheck "x's series" "$(body)" \
    '.candidates[0].series | map([.round, .secret, .tally.encourage, .tally.discourage, .permanent.encourage])' \
    '[[1,false,1,1,1],[2,true,2,0,1]]'
jqcheck "the API's polls are the CLI's" "$(body | jq -cS 'del(.known_at)')" . \
    "$("$ASSENT" --db "$DB" polls p --candidate x --json | jq -cS 'del(.known_at)')"
check "polls as of a date" "$(call GET '/v1/proposals/p/polls?as_of=2020-01-03' "$OBS")" 200
jqcheck "one round then" "$(body)" '[(.rounds | length), .as_of]' '[1,"2020-01-03"]'
check "polls of an unknown candidate" "$(call GET '/v1/proposals/p/polls?candidate=w' "$OBS")" 404
jqcheck "its detail" "$(body)" '.detail | test("^polls: unknown candidate .w. in p")' true
check "a candidate that is no id" "$(call GET '/v1/proposals/p/polls?candidate=a%20b' "$OBS")" 400
check "polls of an unknown proposal" "$(call GET '/v1/proposals/nope/polls' "$OBS")" 404

check "status" "$(call GET /v1/proposals/p/status "$OBS")" 200
jqcheck "status: two rounds, no consensus read" "$(body)" \
    '[.state, .consensus, .poll_rounds, .candidates[0].latest_poll.round]' '["open",false,2,2]'

done_testing
