# Consensus as no formal objection, and decisions by acclamation (issue
# 11): before a decision a consensus text is open however few object,
# "still to bring in" names the objectors and the members whose stance
# is not known are listed apart; the decision is refused while an
# objection stands and taken once none does, with members silent; the
# analysis and its what-if read a decision taken now. By acclamation:
# the rule is not counted, a source is needed and no objection may
# stand; the status says so and that no individual positions were taken.
. "$(dirname "$0")/lib.sh"

status() { "$ASSENT" status "$1" --json ${2:+--as-of "$2"}; }

quiet "$ASSENT" load "$ASSENT_ROOT/tests/fixtures/consensus.case"

jqcheck "the rule's two forms" "$("$ASSENT" org b --json)" '.rule' \
    '{"type":"consensus","text":"consensus"}'

# Nobody objects yet: open, never adopted before a decision.
s=$(status t 2020-01-03)
jqcheck "no objection so far: open" "$s" '[.state, .outcome, .consensus]' \
    '["open","open",false]'
jqcheck "no objection so far: said so" "$s" '.explanation' \
    '"no formal objection so far (1 of 4 members'"'"' stances known); adopted when a decision is taken without one"'
jqcheck "no one to bring in; three stances not known" "$s" \
    '[.to_bring_in, .not_said]' '[[],["BBB","CCC","DDD"]]'
check "the CLI says open" "$("$ASSENT" status t --as-of 2020-01-03 | sed -n 4p)" \
    "NO CONSENSUS yet"
check "the CLI lists the unknown apart" \
    "$("$ASSENT" status t --as-of 2020-01-03 | grep -c '^not said (3): BBB CCC DDD$')" 1

# The analysis reads a decision taken now: adopted then, so every
# member's objection alone would stop it; no set of supporters needed.
a=$("$ASSENT" analyse t --json --as-of 2020-01-03)
jqcheck "analysis: open now" "$a" '[.outcome, .on_decision.outcome]' '["open","adopted"]'
jqcheck "analysis: any one objection blocks" "$a" \
    '[.pivotal[] | .member + ":" + .change_to]' \
    '["AAA:object","BBB:object","CCC:object","DDD:object"]'
jqcheck "analysis: no set needed" "$a" '.minimal_sets | [.sets, .note]' \
    '[[[]],"no formal objection: a decision taken now adopts it"]'
# What if BBB objects: it alone is to bring round.
a=$("$ASSENT" analyse t --json --as-of 2020-01-03 --if BBB=object)
jqcheck "what-if objection: open on a decision too" "$a" \
    '[.outcome, .on_decision.outcome, .minimal_sets.sets, [.pivotal[].member]]' \
    '["open","open",[["BBB"]],["BBB"]]'

# An objection: refused while it stands, named.
quiet "$ASSENT" position --proposal t --member BBB --position object --source s --date 2020-01-04
s=$(status t 2020-01-04)
jqcheck "objector to bring in, the unknown apart" "$s" \
    '[.state, .to_bring_in, .not_said, .explanation]' \
    '["open",["BBB"],["CCC","DDD"],"formal objection by BBB; 2 of 4 members'"'"' stances known"]'
refused "a decision while BBB objects" \
    "^assent: decision.take: the rule \(consensus\) does not hold for t on 2020-01-05: missing BBB$" 1 \
    "$ASSENT" decide --proposal t --date 2020-01-05
# An abstention is no objection: decided with two members silent.
quiet "$ASSENT" position --proposal t --member BBB --position abstain --source s --date 2020-01-05
quiet "$ASSENT" decide --proposal t --date 2020-01-06 --source "minutes"
s=$(status t 2020-01-06)
jqcheck "decided with two silent" "$s" '[.state, .decided, .decision.by, .decision.individual_positions]' \
    '["decided",true,"positions",true]'
jqcheck "after the decision the reason is the decision's" "$s" '.explanation' \
    '"no formal objection from the 4 members at the decision (2 stances known)"'
jqcheck "the day before it is still open" "$(status t 2020-01-05)" '.state' '"open"'

# Acclamation, on a proposal of the unanimity rule: no source, refused;
# an objection standing, refused; then taken, the rule not counted.
quiet "$ASSENT" position --proposal u --member CCC --position object --source s --date 2020-01-04
refused "acclamation without a source" \
    "^assent: decision.take: by acclamation: field 'source' or 'cites' is required \(the record of the meeting\)$" 1 \
    "$ASSENT" decide --proposal u --by acclamation --date 2020-01-06
refused "acclamation while CCC objects" \
    "^assent: decision.take: by acclamation, without objection, but CCC's objection stands on 2020-01-06 \(record its change first\)$" 1 \
    "$ASSENT" decide --proposal u --by acclamation --source "minutes" --date 2020-01-06
refused "a 'by' not of the list" "field 'by': must be one of acclamation" 2 \
    "$ASSENT" decide --proposal u --by vote --source "minutes" --date 2020-01-06
quiet "$ASSENT" position --proposal u --member CCC --position none --source s --date 2020-01-06
quiet "$ASSENT" decide --proposal u --by acclamation --source "Minutes of the meeting of 7 January" --date 2020-01-07
s=$(status u 2020-01-07)
jqcheck "by acclamation: decided, no individual positions" "$s" \
    '[.state, .decision.by, .decision.individual_positions, .decision.source]' \
    '["decided","acclamation",false,"Minutes of the meeting of 7 January"]'
out=$("$ASSENT" status u --as-of 2020-01-07)
check "the CLI: decided by acclamation" "$(printf '%s\n' "$out" | sed -n 4,5p)" \
    "DECIDED by acclamation on 2020-01-07
  without objection at a meeting: no individual positions were taken"
check "the CLI: the member list says none were taken" \
    "$(printf '%s\n' "$out" | grep -c '^No individual positions were taken at the decision')" 1
check "the CLI: no one to bring in once decided" \
    "$(printf '%s\n' "$out" | grep -c 'to bring in')" 0
check "the changes say by acclamation" \
    "$("$ASSENT" changes u --since 2020-01-06 --as-of 2020-01-07 | grep -c '^  2020-01-07  The decision is taken by acclamation\.$')" 1
check "the timeline says by acclamation" \
    "$("$ASSENT" timeline | grep -c 'decision on u, by acclamation')" 1
refused "a second decision" "already decided" 1 \
    "$ASSENT" decide --proposal u --by acclamation --source m --date 2020-01-08

# A secret vote under consensus: no one against carries it, abstaining
# or not; one against does not, and its reason names no one.
quiet "$ASSENT" proposal-open --id w --org b --kind text --title W --date 2020-01-08
quiet "$ASSENT" vote-tally --proposal w --for 1 --against 0 --abstain 2 --source v --date 2020-01-09
jqcheck "a tally with none against" "$(status w 2020-01-09)" '[.state, .outcome, .to_bring_in]' \
    '["consensus","adopted",[]]'
quiet "$ASSENT" vote-tally --proposal w --for 3 --against 1 --abstain 0 --source v --date 2020-01-10
jqcheck "a tally with one against" "$(status w 2020-01-10)" '[.state, .outcome, .to_bring_in, .explanation]' \
    '["not adopted","not adopted",[],"secret vote of 2020-01-10: 3 for, 1 against, 0 abstaining, 0 not voting, of 4 members: formal objection by a vote against; 4 of 4 members'"'"' stances known"]'

# An appointment by acclamation: the candidate is appointed.
cat >"$T/a.case" <<'EOF2'
{"date": "2020-01-01", "type": "office.create", "data": {"org": "b", "id": "sg", "title": "Secretary", "term": "P4Y"}}
{"date": "2020-01-02", "type": "proposal.open", "data": {"id": "sg-1", "org": "b", "kind": "appointment", "office": "sg", "title": "SG"}}
{"date": "2020-01-02", "type": "candidate.declare", "data": {"proposal": "sg-1", "id": "ann", "name": "Ann", "nominated_by": "AAA"}}
{"date": "2020-01-02", "type": "candidate.declare", "data": {"proposal": "sg-1", "id": "bob", "name": "Bob", "nominated_by": "BBB"}}
{"date": "2020-01-03", "type": "candidate.withdraw", "data": {"proposal": "sg-1", "candidate": "bob"}}
EOF2
quiet "$ASSENT" load "$T/a.case"
refused "acclamation of a withdrawn candidate" "candidate 'bob' has withdrawn" 1 \
    "$ASSENT" decide --proposal sg-1 --candidate bob --by acclamation --source m --date 2020-01-04
quiet "$ASSENT" decide --proposal sg-1 --candidate ann --by acclamation --source "minutes" --date 2020-01-04
jqcheck "appointed by acclamation" "$(status sg-1 2020-01-04)" \
    '[.state, .decision.candidate, .decision.by, .candidates[0].state]' \
    '["decided","ann","acclamation","appointed"]'
jqcheck "the office's holder" "$("$ASSENT" office sg --json --as-of 2020-01-05)" \
    '.holder.person' '"Ann"'

# The states read back from checkpoints and the replay agree.
quiet "$ASSENT" verify
done_testing
