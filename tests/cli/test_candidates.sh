# A stance per candidate (issue 11, item 4): a member supports one
# candidate, objects to another and abstains on a third of one
# appointment; each candidate's lists (supporters, objectors,
# abstainers, not said) and the analysis and what-if on each. A stance
# naming no candidate speaks of every one; a support for one says
# nothing of the others. Then the NATO case read per candidate, and the
# refusals: one line, nothing written. Checkpoints are written often, so
# that the states read back from them hold stances on candidates too.
. "$(dirname "$0")/lib.sh"
export ASSENT_CHECKPOINT_BYTES=300

cat >"$T/c.case" <<'EOF'
{"date": "2020-01-01", "type": "org.create", "data": {"id": "o", "name": "O", "rule": {"type": "unanimity", "abstention": "allowed"}}}
{"date": "2020-01-01", "type": "member.join", "data": {"org": "o", "code": "A", "name": "Aland"}}
{"date": "2020-01-01", "type": "member.join", "data": {"org": "o", "code": "B", "name": "Bland"}}
{"date": "2020-01-01", "type": "member.join", "data": {"org": "o", "code": "C", "name": "Cland"}}
{"type": "source.declare", "data": {"id": "press", "org": "o", "kind": "press-report", "title": "A paper"}}
{"date": "2020-01-01", "type": "office.create", "data": {"org": "o", "id": "sg", "title": "Secretary", "term": "P4Y"}}
{"date": "2020-01-01", "type": "proposal.open", "data": {"id": "p", "org": "o", "kind": "appointment", "office": "sg", "title": "Next"}}
{"date": "2020-01-01", "type": "candidate.declare", "data": {"proposal": "p", "id": "x", "name": "Xan", "nominated_by": "A"}}
{"date": "2020-01-01", "type": "candidate.declare", "data": {"proposal": "p", "id": "y", "name": "Yan", "nominated_by": "B"}}
{"date": "2020-01-01", "type": "candidate.declare", "data": {"proposal": "p", "id": "z", "name": "Zan", "nominated_by": "C"}}
{"date": "2020-01-02", "type": "position.declare", "data": {"proposal": "p", "member": "A", "position": "support", "candidate": "x", "source": "s"}}
{"date": "2020-01-02", "type": "position.declare", "data": {"proposal": "p", "member": "A", "position": "object", "candidate": "y", "source": "s"}}
{"date": "2020-01-02", "type": "position.declare", "data": {"proposal": "p", "member": "A", "position": "abstain", "candidate": "z", "source": "s"}}
{"date": "2020-01-02", "type": "position.declare", "data": {"proposal": "p", "member": "B", "position": "support", "candidate": "y", "source": "s"}}
{"date": "2020-01-02", "type": "position.declare", "data": {"proposal": "p", "member": "C", "position": "abstain", "source": "s"}}
EOF
quiet "$ASSENT" load "$T/c.case"

status() { "$ASSENT" status p --json --as-of "$1"; }
lists='[.supporters, .objectors, .abstainers, .not_said]'
s=$(status 2020-01-02)
jqcheck "x: A supports; B has not said; C abstains on every candidate" "$s" \
    ".candidates[0] | $lists" '[["A"],[],["C"],["B"]]'
jqcheck "y: A objects, B supports" "$s" \
    ".candidates[1] | $lists" '[["B"],["A"],["C"],[]]'
jqcheck "z: A and C abstain, B has not said" "$s" \
    ".candidates[2] | $lists" '[[],[],["A","C"],["B"]]'
jqcheck "to bring in: each candidate its own" "$s" \
    '[.candidates[].to_bring_in]' '[["B"],["A"],["B"]]'
jqcheck "no consensus for any" "$s" '[.state, .consensus]' '["open",false]'
jqcheck "A's stances, one per candidate" "$s" \
    '.members[0].stances | map([.candidate, .effective, .named])' \
    '[["x","support",true],["y","object",true],["z","abstain",true]]'
jqcheck "C's abstention names no candidate: on each" "$s" \
    '.members[2].stances | map([.candidate, .effective, .named])' \
    '[["x","abstain",false],["y","abstain",false],["z","abstain",false]]'
t=$("$ASSENT" status p --as-of 2020-01-02)
case "$t" in *"objectors (1): A"*"not said (1): B"*) ok ;;
*) fail "status text: objectors and not said per candidate: $t" ;; esac

# The analysis and the what-if, per candidate.
a() { "$ASSENT" analyse p --json --as-of 2020-01-02 "$@"; }
jqcheck "analyse x: B (not said) is pivotal, not A" "$(a --candidate x)" \
    '[.outcome, [.pivotal[] | [.member, .stance]], .minimal_sets.sets]' \
    '["open",[["B","none"]],[["B"]]]'
jqcheck "analyse y: A's objection is what stands in y's way" "$(a --candidate y)" \
    '[.outcome, [.pivotal[] | [.member, .stance]], .minimal_sets.sets]' \
    '["open",[["A","object"]],[["A"]]]'
jqcheck "what-if on x: B supports, x carried" "$(a --candidate x --if B=support)" \
    '.outcome' '"adopted"'
jqcheck "what-if on y: A supports, y carried" "$(a --candidate y --if A=support)" \
    '.outcome' '"adopted"'
jqcheck "what-if on z: B supports, z carried over two abstentions" \
    "$(a --candidate z --if B=support)" '.outcome' '"adopted"'

# A stance naming no candidate replaces A's on each; a later one on a
# candidate stands beside it; 'none' on a candidate: not said again.
quiet "$ASSENT" position --proposal p --member A --position object --source s --date 2020-01-03
s=$(status 2020-01-03)
jqcheck "A objects to the whole proposal: to every candidate" "$s" \
    '[.candidates[].objectors]' '[["A"],["A"],["A"]]'
quiet "$ASSENT" position --proposal p --member A --position support --candidate z --source s --date 2020-01-04
quiet "$ASSENT" position --proposal p --member A --position none --candidate y --source s --date 2020-01-04
s=$(status 2020-01-04)
jqcheck "then supports z, says nothing of y: x still objected" "$s" \
    "[.candidates[] | $lists | map(index(\"A\") != null)]" \
    '[[false,true,false,false],[false,false,false,true],[true,false,false,false]]'
jqcheck "status at a date before: as it was" "$(status 2020-01-02)" \
    ".candidates[1] | $lists" '[["B"],["A"],["C"],[]]'
quiet "$ASSENT" verify

# Refusals: one line, nothing written.
quiet "$ASSENT" candidate-withdraw --proposal p --candidate z --date 2020-01-05
refused "a stance on a withdrawn candidate" \
    "^assent: position.declare: candidate 'z' has withdrawn on 2020-01-05$" 1 \
    "$ASSENT" position --proposal p --member B --position abstain --candidate z --source s --date 2020-01-06
refused "a report on a withdrawn candidate" \
    "^assent: position.report: candidate 'z' has withdrawn on 2020-01-05$" 1 \
    "$ASSENT" report --proposal p --member B --position object --candidate z --cites press --date 2020-01-06
refused "a stance on an unknown candidate" \
    "^assent: position.declare: unknown candidate 'w' in p$" 1 \
    "$ASSENT" position --proposal p --member B --position object --candidate w --source s --date 2020-01-06
refused "support naming no candidate" \
    "^assent: position.declare: support on an appointment must name a candidate$" 1 \
    "$ASSENT" position --proposal p --member B --position support --source s --date 2020-01-06
jqcheck "A's support of z lapsed with the withdrawal" "$(status 2020-01-06)" \
    '.candidates[2] | [.supporters, .not_said]' '[[],["A","B"]]'

# The NATO case per candidate: Romania's support for its own candidate
# says nothing of Rutte (not said there, never an objector); Hungary's
# objection to Rutte says nothing of Iohannis.
N=$(ledger nato)
"$ASSENT" --db "$N" load "$CASE" >/dev/null
s=$("$ASSENT" --db "$N" status sg-2024 --json --as-of 2024-04-02)
jqcheck "NATO 04-02 rutte: 28 supporters, HUN objects, TUR ROU SVK not said" "$s" \
    '.candidates[0] | [(.supporters | length), .objectors, .abstainers, .not_said]' \
    '[28,["HUN"],[],["TUR","ROU","SVK"]]'
jqcheck "NATO 04-02 iohannis: ROU supports, the 31 others not said" "$s" \
    '.candidates[1] | [.supporters, .objectors, (.not_said | length), (.not_said | index("ROU"))]' \
    '[["ROU"],[],31,null]'
jqcheck "NATO 04-02 ROU's stances: iohannis only" "$s" \
    '.members[] | select(.code == "ROU") | .stances | map([.candidate, .effective])' \
    '[["iohannis","support"]]'

done_testing
