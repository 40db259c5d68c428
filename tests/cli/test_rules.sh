# Rules through the ledger and the CLI: the silence procedure (adopted at
# the deadline when unbroken, not adopted when broken a second before,
# "open" a second before the deadline), rule texts on the command line and
# in case files with their errors, weights that a rule needs, and
# decisions that wait for the rule.
. "$(dirname "$0")/lib.sh"

# state PROPOSAL AS_OF: the proposal's state then.
state() {
	"$ASSENT" status "$1" --as-of "$2" --json | jq -r .state
}

cat >"$T/osce.case" <<'EOF'
# A body that formalises by the silence procedure.
{"date": "2024-01-01", "type": "org.create", "data": {"id": "b", "name": "Body", "rule": "unanimity"}}
{"date": "2024-01-01", "type": "member.join", "data": {"org": "b", "code": "AAA", "name": "Aa"}}
{"date": "2024-01-01", "type": "member.join", "data": {"org": "b", "code": "BBB", "name": "Bb"}}
{"date": "2024-01-01", "type": "member.join", "data": {"org": "b", "code": "CCC", "name": "Cc"}}
{"date": "2024-06-24T09:00:00Z", "type": "proposal.open", "data": {"id": "quiet", "org": "b", "kind": "text", "title": "Unbroken", "rule": "silence until 2024-06-26T16:00+02:00"}}
{"date": "2024-06-24T09:00:00Z", "type": "proposal.open", "data": {"id": "broken", "org": "b", "kind": "text", "title": "Broken a second before", "rule": {"type": "silence", "until": "2024-06-26T14:00:00Z"}}}
{"date": "2024-06-24T09:00:00Z", "type": "proposal.open", "data": {"id": "late", "org": "b", "kind": "text", "title": "Objection after the deadline", "rule": "silence until 2024-06-26T14:00Z"}}
{"date": "2024-06-24T09:00:00Z", "type": "proposal.open", "data": {"id": "future", "org": "b", "kind": "text", "title": "Still under silence", "rule": "silence until 2024-06-30T12:00Z"}}
{"date": "2024-06-24T09:00:00Z", "type": "proposal.open", "data": {"id": "amended", "org": "b", "kind": "text", "title": "Amended", "rule": "silence until 2024-06-26T14:00Z"}}
{"date": "2024-06-25T10:00:00Z", "type": "position.declare", "data": {"proposal": "amended", "member": "BBB", "position": "support", "amendment": "replace 'shall' by 'may'", "source": "note verbale"}}
{"date": "2024-06-26T13:59:59Z", "type": "position.declare", "data": {"proposal": "broken", "member": "CCC", "position": "object", "source": "letter to the chair"}}
{"date": "2024-06-26T14:00:00Z", "type": "position.declare", "data": {"proposal": "late", "member": "AAA", "position": "object", "source": "letter to the chair"}}
EOF
quiet "$ASSENT" load "$T/osce.case"

# --- Unbroken: open until the last second, adopted at the deadline.
check "unbroken, a second before" "$(state quiet 2024-06-26T13:59:59Z)" open
check "unbroken, at the deadline (16:00+02:00)" \
	"$(state quiet 2024-06-26T14:00:00Z)" consensus
check "unbroken, a day later" "$(state quiet 2024-06-27)" consensus
s=$("$ASSENT" status quiet --as-of 2024-06-26T13:59:59Z --json)
jqcheck "outcome a second before" "$s" '[.outcome, .explanation]' \
	'["open","under silence until 2024-06-26T14:00:00Z"]'
jqcheck "the rule's canonical text" "$s" '.rule.text' \
	'"silence until 2024-06-26T14:00:00Z"'

# --- Broken a second before: not adopted, at the deadline and after.
check "broken, before the objection" "$(state broken 2024-06-26T13:59:58Z)" open
check "broken, at the objection" "$(state broken 2024-06-26T13:59:59Z)" \
	"not adopted"
check "broken, at the deadline" "$(state broken 2024-06-26T14:00:00Z)" \
	"not adopted"
s=$("$ASSENT" status broken --as-of 2024-06-27 --json)
jqcheck "broken: who and when" "$s" '[.outcome, .to_bring_in, .explanation]' \
	'["not adopted",["CCC"],"silence broken by CCC (the first break on 2024-06-26T13:59:59Z), before the deadline 2024-06-26T14:00:00Z"]'
"$ASSENT" status broken --as-of 2024-06-27 >"$T/out"
if grep -q "^NOT ADOPTED$" "$T/out"; then ok; else
	fail "the human status does not say NOT ADOPTED: $(cat "$T/out")"; fi

# --- An objection at the deadline is too late; an amendment breaks it.
check "objection at the deadline" "$(state late 2024-06-26T14:00:00Z)" consensus
check "amendment before it" "$(state amended 2024-06-27)" "not adopted"

# --- The decision waits for the rule.
refused "decision under silence" \
	"^assent: decision\.take: the rule \(silence\) does not hold for future on 2024-06-27: under silence until 2024-06-30T12:00:00Z$" 1 \
	"$ASSENT" decide --proposal future --date 2024-06-27
refused "decision on broken silence" \
	"^assent: decision\.take: the rule \(silence\) does not hold for broken on 2024-06-27: missing CCC$" 1 \
	"$ASSENT" decide --proposal broken --date 2024-06-27
quiet "$ASSENT" decide --proposal quiet --date 2024-06-27 \
	--source "chair's announcement"
check "decided at the deadline" "$(state quiet 2024-06-27)" decided

# --- Rule texts on the command line: stored as JSON, errors named.
quiet "$ASSENT" org-create --id eu --name "A council" \
	--rule "qualified majority" --date 2024-07-01
jqcheck "--rule text stored as JSON" \
	"$("$ASSENT" export | grep '"org.create"' | tail -n 1)" \
	'.data.rule' '{"type":"qmv"}'
refused "rule with a syntax error" \
	"^assent: --rule: rule: line 1, column 11: expected 'majority', found 'majorty'$" 2 \
	"$ASSENT" org-create --id x --name X --rule "qualified majorty"
refused "a fraction above one" \
	"^assent: org\.create: field 'rule': rule majority: field 'at_least': 4/3 is above one$" 2 \
	"$ASSENT" org-create --id x --name X --rule "at least 4/3 of members"
refused "a deadline without a zone" \
	"^assent: proposal\.open: field 'rule': rule silence: field 'until': the deadline '2024-07-02T12:00' needs a zone \(Z, or an offset such as \+02:00\)$" 2 \
	"$ASSENT" proposal-open --id x --org b --kind text --title X \
	--rule "silence until 2024-07-02T12:00"
# The limits of a rule's size (AS_RULE_*), each at its edge: the rule at
# the limit recorded, one over it refused as the fold refuses (exit 1),
# naming the limit and its value, nothing written. rules_at_limits.sh
# makes them, for the API's test too.
. "$(dirname "$0")/rules_at_limits.sh"
quiet "$ASSENT" org-create --id deep8 --name X --rule "$RULE_DEPTH_8"
refused "a rule nested 9 deep" \
	"^assent: org\.create: field 'rule': rule: nested more than 8 deep, the limit \(AS_RULE_DEPTH_MAX\)$" 1 \
	"$ASSENT" org-create --id x --name X --rule "$RULE_DEPTH_9"
quiet "$ASSENT" org-create --id nodes2048 --name X --rule "$RULE_NODES_2048"
refused "a rule of 2,049 values" \
	"^assent: org\.create: field 'rule': rule: more than 2048 values, the limit \(AS_RULE_NODES_MAX\)$" 1 \
	"$ASSENT" org-create --id x --name X --rule "$RULE_NODES_2049"
quiet "$ASSENT" org-create --id text16k --name X --rule "$RULE_TEXT_16384"
refused "a rule text of 16,385 bytes" \
	"^assent: --rule: rule: its text is 16385 bytes, over the limit of 16384 \(AS_RULE_TEXT_MAX\)$" 1 \
	"$ASSENT" org-create --id x --name X --rule "$RULE_TEXT_16385"
refused "a proposal's rule nested 9 deep" \
	"^assent: proposal\.open: field 'rule': rule: nested more than 8 deep, the limit \(AS_RULE_DEPTH_MAX\)$" 1 \
	"$ASSENT" proposal-open --id x --org b --kind text --title X \
	--rule "$RULE_DEPTH_9"
refused "a proposal's rule text of 16,385 bytes" \
	"^assent: --rule: rule: its text is 16385 bytes, over the limit of 16384 \(AS_RULE_TEXT_MAX\)$" 1 \
	"$ASSENT" proposal-open --id x --org b --kind text --title X \
	--rule "$RULE_TEXT_16385"
quiet "$ASSENT" proposal-open --id at-limits --org b --kind text --title X \
	--rule "$RULE_NODES_2048"
printf '{"date":"2024-07-01","type":"org.create","data":{"id":"c9","name":"C","rule":%s}}\n' \
    "$RULE_DEPTH_9" >"$T/deep.case"
refused "a case file's rule nested 9 deep" \
	"^assent: .*/deep\.case:1: org\.create: field 'rule': rule: nested more than 8 deep, the limit \(AS_RULE_DEPTH_MAX\); nothing was written$" 1 \
	"$ASSENT" load "$T/deep.case"
refused "a weight missing for a member" \
	"^assent: member\.join: rule qmv: member FFF has no weight 'population'$" 1 \
	"$ASSENT" member-join --org eu --code FFF --name Ff --date 2024-07-01
refused "a weight that is not whole" \
	"^assent: member\.join: rule qmv: member FFF: weight 'population' must be a whole number$" 1 \
	"$ASSENT" member-join --org eu --code FFF --name Ff --weights population=1.5 \
	--date 2024-07-01
refused "a veto by a non-member" \
	"^assent: proposal\.open: rule veto: field 'by': 'ZZZ' is not a member$" 1 \
	"$ASSENT" proposal-open --id v --org b --kind text --title V \
	--rule "simple majority and veto by AAA, ZZZ" --date 2024-07-01
refused "a proposal rule needing a weight members lack" \
	"^assent: proposal\.open: rule majority: member AAA has no weight 'votes'$" 1 \
	"$ASSENT" proposal-open --id v --org b --kind text --title V \
	--rule "at least 85% of members by votes" --date 2024-07-01

# In a case file: the file and line, and nothing written.
printf '%s\n' \
	'{"date": "2024-07-02", "type": "org.create", "data": {"id": "y", "name": "Y", "rule": "unanimity"}}' \
	'{"date": "2024-07-02", "type": "org.create", "data": {"id": "z", "name": "Z", "rule": "veto by\nweight"}}' \
	>"$T/bad.case"
refused "rule error in a case file" \
	"^assent: [^ ]*bad\.case:2: org\.create: field 'rule': rule: line 2, column 7: expected a weight name at the end of the rule; nothing was written$" 1 \
	"$ASSENT" load "$T/bad.case"

done_testing
