# A stance per candidate over the API (issue 11, item 4): stances
# written through POST /v1/events/position.declare, one per candidate;
# GET /v1/proposals/{id}/status gives each candidate its supporters,
# objectors, abstainers and members who have not said, as the CLI does;
# the analysis and the what-if on each candidate (?candidate=, ?if=); a
# stance on a withdrawn candidate refused with 422, nothing written.
. "$(dirname "$0")/lib.sh"

cat >"$T/c.case" <<'EOF'
{"date": "2020-01-01", "type": "org.create", "data": {"id": "o", "name": "O"}}
{"date": "2020-01-01", "type": "member.join", "data": {"org": "o", "code": "A", "name": "Aland"}}
{"date": "2020-01-01", "type": "member.join", "data": {"org": "o", "code": "B", "name": "Bland"}}
{"date": "2020-01-01", "type": "office.create", "data": {"org": "o", "id": "sg", "title": "Secretary", "term": "P4Y"}}
{"date": "2020-01-01", "type": "proposal.open", "data": {"id": "p", "org": "o", "kind": "appointment", "office": "sg", "title": "Next"}}
{"date": "2020-01-01", "type": "candidate.declare", "data": {"proposal": "p", "id": "x", "name": "Xan", "nominated_by": "A"}}
{"date": "2020-01-01", "type": "candidate.declare", "data": {"proposal": "p", "id": "y", "name": "Yan", "nominated_by": "B"}}
{"date": "2020-01-01", "type": "candidate.declare", "data": {"proposal": "p", "id": "z", "name": "Zan", "nominated_by": "B"}}
EOF
"$ASSENT" load "$T/c.case" >/dev/null
ADMIN=$(token root admin)
OBS=$(token watcher observer)
start_server

stance() {
	call POST /v1/events/position.declare "$ADMIN" \
	    "{\"date\":\"2020-01-02\",\"data\":{\"proposal\":\"p\",\"member\":\"$1\",\"position\":\"$2\",\"candidate\":\"$3\",\"source\":\"s\"}}"
}
check "A supports x" "$(stance A support x)" 201
check "A objects to y" "$(stance A object y)" 201
check "A abstains on z" "$(stance A abstain z)" 201
check "B supports y" "$(stance B support y)" 201

check "status" "$(call GET '/v1/proposals/p/status?as_of=2020-01-02' "$OBS")" 200
s=$(body)
lists='[.supporters, .objectors, .abstainers, .not_said]'
jqcheck "x: A supports, B has not said" "$s" ".candidates[0] | $lists" \
    '[["A"],[],[],["B"]]'
jqcheck "y: B supports, A objects" "$s" ".candidates[1] | $lists" \
    '[["B"],["A"],[],[]]'
jqcheck "z: A abstains, B has not said" "$s" ".candidates[2] | $lists" \
    '[[],[],["A"],["B"]]'
jqcheck "the API's status is the CLI's" "$(printf '%s' "$s" | jq -S 'del(.known_at)')" \
    . "$("$ASSENT" --db "$DB" status p --json --as-of 2020-01-02 | jq -cS 'del(.known_at)')"

check "analysis of y" "$(call GET '/v1/proposals/p/analysis?as_of=2020-01-02&candidate=y' "$OBS")" 200
jqcheck "analysis of y: A's objection in its way" "$(body)" \
    '[.candidate, .outcome, [.pivotal[] | [.member, .stance]]]' '["y","open",[["A","object"]]]'
check "what-if on x" "$(call GET '/v1/proposals/p/analysis?as_of=2020-01-02&candidate=x&if=B:support' "$OBS")" 200
jqcheck "what-if on x: B supports, x carried" "$(body)" '.outcome' '"adopted"'
check "what-if on y" "$(call GET '/v1/proposals/p/analysis?as_of=2020-01-02&candidate=y&if=B:support' "$OBS")" 200
jqcheck "what-if on y: B's support does not lift A's objection" "$(body)" '.outcome' '"open"'

check "z withdraws" "$(call POST /v1/events/candidate.withdraw "$ADMIN" \
    '{"date":"2020-01-03","data":{"proposal":"p","candidate":"z"}}')" 201
refused_post "a stance on a withdrawn candidate" position.declare \
    '{"date":"2020-01-04","data":{"proposal":"p","member":"B","position":"object","candidate":"z","source":"s"}}' 422 \
    "^position.declare: candidate 'z' has withdrawn on 2020-01-03$"

done_testing
