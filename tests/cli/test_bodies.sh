# Bodies (issue 11, items 1 and 2): an organisation with a council that
# recommends and an assembly that appoints. Who sits on a body changes
# over time and its rule counts only them, as of the date; a proposal
# put to a body takes stances of its members only; an appointment that
# requires a recommendation waits for it and takes its candidate; a
# candidate is put forward by a member off the body, or by a state that
# is no member, named. Each refusal one line naming the field, nothing
# written. Checkpoints are written often, so that the states read back
# from them (bodies, seats, what a proposal requires) are checked too.
. "$(dirname "$0")/lib.sh"
export ASSENT_CHECKPOINT_BYTES=300

status() { "$ASSENT" status "$1" --json --as-of "$2"; }

cat >"$T/un.case" <<'EOF'
{"date": "2020-01-01", "type": "org.create", "data": {"id": "un", "name": "Union", "rule": "simple majority"}}
{"date": "2020-01-01", "type": "member.join", "data": {"org": "un", "code": "AAA", "name": "Avalon"}}
{"date": "2020-01-01", "type": "member.join", "data": {"org": "un", "code": "BBB", "name": "Borduria"}}
{"date": "2020-01-01", "type": "member.join", "data": {"org": "un", "code": "CCC", "name": "Carpania"}}
{"date": "2020-01-01", "type": "member.join", "data": {"org": "un", "code": "DDD", "name": "Drusselstein"}}
{"date": "2020-01-01", "type": "member.join", "data": {"org": "un", "code": "EEE", "name": "Elbonia"}}
{"date": "2020-01-01", "type": "body.create", "data": {"org": "un", "id": "council", "name": "Council", "rule": "at least 2 in favour and veto by weight permanent"}}
{"date": "2020-01-01", "type": "body.join", "data": {"org": "un", "body": "council", "code": "AAA", "weights": {"permanent": 1}}}
{"date": "2020-01-01", "type": "body.join", "data": {"org": "un", "body": "council", "code": "BBB", "weights": {"permanent": 0}}}
{"date": "2020-01-01", "type": "body.join", "data": {"org": "un", "body": "council", "code": "CCC", "weights": {"permanent": 0}}}
{"date": "2020-01-01", "type": "body.leave", "data": {"org": "un", "body": "council", "code": "CCC", "until": "2021-03-01"}}
{"date": "2020-01-01", "type": "body.join", "data": {"org": "un", "body": "council", "code": "DDD", "since": "2021-03-01", "weights": {"permanent": 0}}}
{"date": "2020-01-01", "type": "body.create", "data": {"org": "un", "id": "assembly", "name": "Assembly"}}
{"date": "2020-01-01", "type": "office.create", "data": {"org": "un", "id": "sg", "title": "Secretary-General", "term": "P5Y"}}
{"date": "2021-01-01", "type": "proposal.open", "data": {"id": "rec", "org": "un", "kind": "recommendation", "office": "sg", "title": "The Council recommends", "body": "council"}}
{"date": "2021-01-02", "type": "candidate.declare", "data": {"proposal": "rec", "id": "ann", "name": "Ann", "nominated_by": "EEE"}}
{"date": "2021-01-02", "type": "candidate.declare", "data": {"proposal": "rec", "id": "zed", "name": "Zed", "nominated_by": "ZZZ", "nominated_by_name": "Zembla"}}
{"date": "2021-01-04", "type": "proposal.open", "data": {"id": "appt", "org": "un", "kind": "appointment", "office": "sg", "title": "The Assembly appoints", "requires": "rec"}}
{"date": "2021-01-04", "type": "candidate.declare", "data": {"proposal": "appt", "id": "ann", "name": "Ann", "nominated_by": "EEE"}}
{"date": "2021-01-04", "type": "candidate.declare", "data": {"proposal": "appt", "id": "zed", "name": "Zed", "nominated_by": "ZZZ", "nominated_by_name": "Zembla"}}
EOF
quiet "$ASSENT" load "$T/un.case"

# --- The body and its members as of the date.
s=$(status rec 2021-02-01)
jqcheck "put to the council: its members then" "$s" \
    '[.kind, .body.id, [.body.members[].code], .eligible, [.members[].code]]' \
    '["recommendation","council",["AAA","BBB","CCC"],3,["AAA","BBB","CCC"]]'
jqcheck "the council's own rule" "$s" '[.rule.text, .body.rule_own]' \
    '["at least 2 in favour and veto by weight permanent",true]'
jqcheck "seats to come and ended" "$s" \
    '[[.body.future_members[].code], [.body.former_members[].code]]' '[["DDD"],[]]'
s=$(status rec 2021-03-01)
jqcheck "from 2021-03-01: CCC gone, DDD seated" "$s" \
    '[[.body.members[].code], [.body.former_members[] | [.code, .until]], .eligible]' \
    '[["AAA","BBB","DDD"],[["CCC","2021-03-01"]],3]'
jqcheck "to bring in: the body's members only" "$s" \
    '[.candidates[0].to_bring_in]' '[["AAA","BBB","DDD"]]'
jqcheck "what changed: who left the council and who took a seat" \
    "$("$ASSENT" changes rec --since 2021-01-15 --as-of 2021-03-01 --json)" \
    '[.changes[] | select(.kind == "seat") | [.date, .text, .members]] | sort' \
    '[["2021-03-01","Carpania leaves Council",["CCC"]],["2021-03-01","Drusselstein takes a seat on Council",["DDD"]]]'
jqcheck "no seat changed before" \
    "$("$ASSENT" changes rec --since 2021-01-15 --as-of 2021-02-28 --json)" \
    '[.changes[] | select(.kind == "seat")]' '[]'
s=$(status appt 2021-02-01)
jqcheck "an appointment put to the whole membership" "$s" \
    '[.body, .eligible, .requires.proposal, .requires.body, .requires.decided]' \
    '[null,5,"rec","council",false]'

# --- Nominations: from a member off the body, from a state that is no
# member, named; an unknown code without a name, or a name for a member,
# refused.
jqcheck "nominated by a member not on the council" "$s" \
    '.candidates[0] | [.nominated_by, .nominated_by_name, .nominated_by_member]' \
    '["EEE","Elbonia",true]'
jqcheck "nominated by a state that is not a member" "$s" \
    '.candidates[1] | [.nominated_by, .nominated_by_name, .nominated_by_member]' \
    '["ZZZ","Zembla",false]'
jqcheck "on the body or not" "$(status rec 2021-03-01)" \
    '[.candidates[] | .nominated_by_on_body]' '[false,false]'
refused "an unknown nominator without a name" \
    "^assent: candidate\.declare: field 'nominated_by': unknown member 'QQQ' of un \(a nominator that is not a member is given with its name, 'nominated_by_name'\)$" 1 \
    "$ASSENT" candidate-declare --proposal rec --id q --name Q --nominated-by QQQ --date 2021-01-05
refused "a name for a nominator that is a member" \
    "^assent: candidate\.declare: field 'nominated_by_name': AAA is a member of un \(Avalon\): the name is for a nominator that is not one$" 1 \
    "$ASSENT" candidate-declare --proposal rec --id q --name Q --nominated-by AAA \
    --nominated-by-name Avalon --date 2021-01-05
"$ASSENT" status rec --as-of 2021-02-01 >"$T/text"
check "the board names the body and the nominator" \
    "$(grep -E '^(put to|candidate)' "$T/text")" \
    "put to council (Council), members (3): AAA BBB CCC
candidate ann (Ann), put forward by EEE: standing
candidate zed (Zed), put forward by ZZZ (Zembla, not a member): standing"

# --- Stances: only of the body's members on the date.
refused "a stance of a member not on the body" \
    "^assent: position\.declare: field 'member': DDD does not sit on council of un on 2021-02-01, to which rec is put$" 1 \
    "$ASSENT" position --proposal rec --member DDD --position support --candidate ann \
    --source s --date 2021-02-01
refused "support on a recommendation names a candidate" \
    "^assent: position\.declare: support on a recommendation must name a candidate$" 1 \
    "$ASSENT" position --proposal rec --member AAA --position support --source s --date 2021-02-01
quiet "$ASSENT" position --proposal rec --member AAA --position support --candidate ann --source s --date 2021-02-01
quiet "$ASSENT" position --proposal rec --member CCC --position support --candidate ann --source s --date 2021-02-01
jqcheck "2 of the council's 3 for ann: carried" "$(status rec 2021-02-15)" \
    '[.state, .consensus_for]' '["consensus","ann"]'
# CCC's support counts no more once it has left the council.
jqcheck "CCC gone: 1 of 3, not carried" "$(status rec 2021-03-01)" \
    '[.state, .candidates[0].supporters]' '["open",["AAA"]]'
quiet "$ASSENT" position --proposal rec --member DDD --position support --candidate ann --source s --date 2021-03-02
quiet "$ASSENT" position --proposal rec --member BBB --position support --candidate zed --source s --date 2021-03-02
refused "a what-if of a member off the body" \
    "^assent: analyse: what-if: 'EEE' is not a member of council as of 2021-03-02$" 1 \
    "$ASSENT" analyse rec --candidate ann --as-of 2021-03-02 --if EEE=support

# --- The power of the council's members: its rule on its seats then.
j=$("$ASSENT" power --org un --body council --as-of 2021-02-01 --json)
jqcheck "power on the council: its seats, the veto's weight the seat's" "$j" \
    '[.org, .body, .n, [.players[] | [.name, .banzhaf.fraction]]]' \
    '["un","council",3,[["AAA","3/4"],["BBB","1/4"],["CCC","1/4"]]]'
check "power on the council: its header" \
    "$("$ASSENT" power --org un --body council --as-of 2021-02-01 | head -1)" \
    "organisation un, body council: 3 members, $(printf '%s' "$j" | jq -r '"\(.dims) dimension" + (if .dims > 1 then "s" else "" end)'), $(printf '%s' "$j" | jq -r '.quotas | length') term$(printf '%s' "$j" | jq -r 'if (.quotas | length) > 1 then "s" else "" end')"
jqcheck "power on the whole membership: every member, no body" \
    "$("$ASSENT" power --org un --as-of 2021-02-01 --json)" '[.body, .n]' '[null,5]'
refused "power on an unknown body" "^assent: power: --body: unknown body 'senate' of un$" 1 \
    "$ASSENT" power --org un --body senate
refused "power on a body without --org" "^assent: power: --rule, --body and --as-of need --org ORG$" 2 \
    "$ASSENT" power --body council "[1; 1]"

# --- The appointment waits for the recommendation, and takes its candidate.
quiet "$ASSENT" position --proposal appt --member AAA --position support --candidate ann --source s --date 2021-03-03
quiet "$ASSENT" position --proposal appt --member EEE --position support --candidate ann --source s --date 2021-03-03
quiet "$ASSENT" position --proposal appt --member BBB --position support --candidate zed --source s --date 2021-03-03
refused "a recommendation that was not decided" \
    "^assent: decision\.take: proposal 'appt' requires the decision on 'rec' first \(its 'requires'\), and none is recorded by 2021-03-04$" 1 \
    "$ASSENT" decide --proposal appt --candidate ann --date 2021-03-04
refused "a decision of a body on a proposal put to another" \
    "^assent: decision\.take: field 'body': proposal 'rec' is put to council, not to assembly$" 1 \
    "$ASSENT" decide --proposal rec --candidate ann --body assembly --date 2021-03-04
refused "a decision of a body on a proposal put to the whole membership" \
    "^assent: decision\.take: field 'body': proposal 'appt' is put to the whole membership of un, not to council$" 1 \
    "$ASSENT" decide --proposal appt --candidate ann --body council --date 2021-03-04
refused "a decision by an unknown body" \
    "^assent: decision\.take: field 'body': unknown body 'senate' of un$" 1 \
    "$ASSENT" decide --proposal rec --candidate ann --body senate --date 2021-03-04
refused "a term in a recommendation" \
    "^assent: decision\.take: fields 'start' and 'end' are only for appointments \(a recommendation appoints no one\)$" 1 \
    "$ASSENT" decide --proposal rec --candidate ann --start 2021-04-01 --date 2021-03-04
rec_seq=$("$ASSENT" decide --proposal rec --candidate ann --body council \
    --date 2021-03-04 --json | jq .seq)
s=$(status rec 2021-03-04)
jqcheck "recommended: no one appointed" "$s" \
    '[.state, .decision.candidate, .candidates[0].state, .candidates[1].state]' \
    '["decided","ann","recommended","standing"]'
jqcheck "the office has no holder from a recommendation" \
    "$("$ASSENT" office sg --json --as-of 2021-03-04)" '[.holder, .designate]' '[null,null]'
jqcheck "the appointment sees the recommendation" "$(status appt 2021-03-04)" \
    '.requires | [.decided, .date, .candidate]' '[true,"2021-03-04","ann"]'
refused "an appointment of another candidate than recommended" \
    "^assent: decision\.take: field 'candidate': 'zed' is not the candidate of the decision on 'rec' \(ann\), which appt requires$" 1 \
    "$ASSENT" decide --proposal appt --candidate zed --date 2021-03-05
quiet "$ASSENT" decide --proposal appt --candidate ann --date 2021-03-05
jqcheck "appointed" "$("$ASSENT" office sg --json --as-of 2021-03-05)" \
    '[.holder.person, .holder.proposal, .holder.nationality]' '["Ann","appt","EEE"]'
"$ASSENT" status appt --as-of 2021-03-05 >"$T/text"
check "the board says what it requires" "$(grep -E '^(requires|DECIDED)' "$T/text")" \
    "requires the decision on rec by council: taken on 2021-03-04, for ann
DECIDED on 2021-03-05: appointed ann"

# --- A text put to a body, requiring a text: no candidate to compare.
quiet "$ASSENT" proposal-open --id report --org un --kind text --title "Report" \
    --body assembly --date 2021-04-01
quiet "$ASSENT" proposal-open --id adopt --org un --kind text --title "Adopt" \
    --body council --requires report --date 2021-04-01
jqcheck "an empty body: no one eligible" "$(status report 2021-04-01)" \
    '[.body.id, .body.members, .eligible, .body.rule.text, .body.rule_own]' \
    '["assembly",[],0,"more than 1/2 of votes cast",false]'

# --- Bad seats and proposals.
refused "a body member who is not a member of the organisation" \
    "^assent: body\.join: field 'code': QQQ is not a member of un on 2021-04-02 \(the members of its bodies are its members\)$" 1 \
    "$ASSENT" body-join --org un --body council --code QQQ --date 2021-04-02
refused "a seat taken twice at once" \
    "^assent: body\.join: AAA already sits on council of un$" 1 \
    "$ASSENT" body-join --org un --body council --code AAA --date 2021-04-02
refused "a seat on an unknown body" "^assent: body\.join: field 'body': unknown body 'senate' of un$" 1 \
    "$ASSENT" body-join --org un --body senate --code AAA --date 2021-04-02
refused "leaving a seat never taken" "^assent: body\.leave: field 'code': EEE has no seat on council of un$" 1 \
    "$ASSENT" body-leave --org un --body council --code EEE --date 2021-04-02
refused "leaving a seat twice" "^assent: body\.leave: field 'code': CCC has already left its seat on council of un$" 1 \
    "$ASSENT" body-leave --org un --body council --code CCC --date 2021-04-02
refused "a body created twice" "^assent: body\.create: body 'council' already exists in un$" 1 \
    "$ASSENT" body-create --org un --id council --name Again --date 2021-04-02
refused "a proposal to an unknown body" \
    "^assent: proposal\.open: field 'body': unknown body 'senate' of un$" 1 \
    "$ASSENT" proposal-open --id x --org un --kind text --title X --body senate --date 2021-04-02
refused "a proposal requiring an unknown proposal" \
    "^assent: proposal\.open: field 'requires': unknown proposal 'nope' of un$" 1 \
    "$ASSENT" proposal-open --id x --org un --kind text --title X --requires nope --date 2021-04-02
refused "a recommendation without its office" \
    "^assent: proposal\.open: field 'office' is required for a recommendation$" 1 \
    "$ASSENT" proposal-open --id x --org un --kind recommendation --title X --date 2021-04-02
quiet "$ASSENT" body-create --org un --id board --name Board \
    --rule "two-thirds majority of members by votes" --date 2021-04-02
refused "a seat without the weight its body's rule reads" \
    "^assent: body\.join: rule majority: member DDD has no weight 'votes'$" 1 \
    "$ASSENT" body-join --org un --body board --code DDD --date 2021-04-02
quiet "$ASSENT" body-join --org un --body board --code DDD --weights votes=2 --date 2021-04-02
# Back on the council after leaving it: a new seat.
quiet "$ASSENT" body-join --org un --body council --code CCC --since 2021-05-01 --date 2021-04-02

# --- The organisation's view and the list of proposals.
o=$("$ASSENT" org un --json --as-of 2021-06-01)
jqcheck "the organisation's bodies" "$o" \
    '[.bodies[] | [.id, [.members[].code], [.former_members[].code]]]' \
    '[["council",["AAA","BBB","DDD","CCC"],["CCC"]],["assembly",[],[]],["board",["DDD"],[]]]'
jqcheck "a seat's weights, its own" "$o" '.bodies[0].members[0].weights' '{"permanent":1}'
jqcheck "proposals: the body and what they require, when there are" \
    "$("$ASSENT" proposals --json)" \
    '[.proposals[] | [.id, .body, .requires]]' \
    '[["adopt","council","report"],["appt",null,"rec"],["rec","council",null],["report","assembly",null]]'

# --- History recorded late may not undo what followed: the council's
# decision withdrawn under the appointment, a seat ended under a stance.
refused "withdrawing the recommendation an appointment rests on" \
    "^assent: event\.correct: would invalidate event [0-9]+ \(decision\.take, 2021-03-05\): decision\.take: proposal 'appt' requires the decision on 'rec' first" 1 \
    "$ASSENT" correct --seq "$rec_seq" --reason "not so" --source s
refused "a seat ended before a stance taken on it" \
    "^assent: body\.leave: would invalidate event [0-9]+ \(position\.declare, 2021-03-02\): position\.declare: field 'member': DDD does not sit on council of un on 2021-03-02" 1 \
    "$ASSENT" body-leave --org un --body council --code DDD --until 2021-03-02 --date 2021-03-01

# --- The whole ledger folded again from its events, checked.
verify_rc=0
"$ASSENT" verify >/dev/null 2>&1 || verify_rc=$?
check "verify" "$verify_rc" 0
done_testing
