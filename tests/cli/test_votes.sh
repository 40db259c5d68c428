# Secret votes (issue 11): a vote recorded as its tally alone (vote.tally)
# is checked against the proposal's rule as named positions are; the
# latest vote on an option decides it, and the decision then rests on it.
# Each refusal one line naming the field, nothing written: a tally over
# the members (on its date), a negative number, a withdrawn candidate, a
# rule a tally cannot decide. The status, the CLI and the analysis show
# the tally and the outcome it gives.
. "$(dirname "$0")/lib.sh"

status() { "$ASSENT" status "$1" --json ${2:+--as-of "$2"}; }
tally() { "$ASSENT" vote-tally --source "the record" "$@"; }

quiet "$ASSENT" load "$ASSENT_ROOT/tests/fixtures/votes.case"

refused "more votes than members" \
    "^assent: vote.tally: the tally counts 6 votes \(3 for, 2 against, 1 abstaining, 0 not voting\), more than the 5 members of g on 2020-01-03$" 1 \
    tally --proposal r --for 3 --against 2 --abstain 1 --date 2020-01-03
refused "one count over the members" \
    "^assent: vote.tally: field 'not_voting': 6 is more than the 5 members of g on 2020-01-03$" 1 \
    tally --proposal r --for 0 --against 0 --abstain 0 --not-voting 6 --date 2020-01-03
refused "a negative count" "^assent: --against: '-1' is not a whole number from 0$" 2 \
    tally --proposal r --for 1 --against -1 --abstain 0 --date 2020-01-03
refused "a count missing" "^assent: vote.tally: field 'abstain' is required$" 2 \
    tally --proposal r --for 1 --against 1 --date 2020-01-03
refused "a tally without a source" "^assent: vote.tally: field 'source' is required$" 2 \
    "$ASSENT" vote-tally --proposal r --for 1 --against 1 --abstain 0 --date 2020-01-03
refused "a rule a tally cannot decide" \
    "^assent: vote.tally: rule qmv: a tally cannot decide it: it needs the population of the members in favour, and a tally does not name them$" 1 \
    tally --proposal q --for 5 --against 0 --abstain 0 --date 2020-01-03
refused "an appointment's vote names its candidate" \
    "^assent: vote.tally: field 'candidate' is required for an appointment$" 1 \
    tally --proposal e --for 5 --against 0 --abstain 0 --date 2020-01-03
refused "a text's vote names none" "^assent: vote.tally: field 'candidate' is only for appointments$" 1 \
    tally --proposal r --candidate ann --for 5 --against 0 --abstain 0 --date 2020-01-03

# Exactly the members, then one short of two thirds: not adopted.
quiet tally --proposal r --for 3 --against 2 --abstain 0 --date 2020-01-03
s=$(status r 2020-01-03)
jqcheck "3 of 5 cast: short of two thirds" "$s" '[.state, .outcome, .votes[0].outcome]' \
    '["not adopted","not adopted","not adopted"]'
jqcheck "the reason gives the tally" "$s" '.explanation' \
    '"secret vote of 2020-01-03: 3 for, 2 against, 0 abstaining, 0 not voting, of 5 members: 3 of 5 votes cast in favour (at least 2/3 needed)"'
refused "a decision on a vote that did not carry it" \
    "^assent: decision.take: the rule \(majority\) does not hold for r on 2020-01-04: secret vote of 2020-01-03" 1 \
    "$ASSENT" decide --proposal r --date 2020-01-04
# Abstentions are not cast: 2 for and 1 against is two thirds exactly.
quiet tally --proposal r --for 2 --against 1 --abstain 1 --not-voting 1 --date 2020-01-04
s=$(status r 2020-01-04)
jqcheck "2 of 3 cast: two thirds exactly" "$s" \
    '[.state, .outcome, [.votes[].outcome], (.votes[1] | tostring)]' \
    '["consensus","adopted",["not adopted","adopted"],"{\"date\":\"2020-01-04\",\"for\":2,\"against\":1,\"abstain\":1,\"not_voting\":1,\"members\":5,\"outcome\":\"adopted\",\"explanation\":\"secret vote of 2020-01-04: 2 for, 1 against, 1 abstaining, 1 not voting, of 5 members: 2 of 3 votes cast in favour (at least 2/3 needed)\",\"source\":\"the record\",\"cites\":[]}"]'
jqcheck "the day before, the first vote still counts" "$(status r 2020-01-03)" '.outcome' '"not adopted"'
out=$("$ASSENT" status r --as-of 2020-01-04)
check "the CLI: adopted by secret vote" "$(printf '%s\n' "$out" | sed -n 4p)" \
    "ADOPTED by secret vote; not yet decided"
check "the CLI lists the votes" "$(printf '%s\n' "$out" | grep '^secret vote')" \
    "secret vote of 2020-01-03: 3 for, 2 against, 0 abstaining, 0 not voting (of 5 members): not adopted
secret vote of 2020-01-04: 2 for, 1 against, 1 abstaining, 1 not voting (of 5 members): adopted"
# The analysis: decided by the tally; no member to weigh, no what-if.
a=$("$ASSENT" analyse r --json --as-of 2020-01-04)
jqcheck "analysis of a voted text" "$a" '[.outcome, .pivotal, .minimal_sets.sets, .minimal_sets.note]' \
    '["adopted",[],[],"put to a secret vote: its tally names no member, so no member'"'"'s change can be weighed"]'
refused "a what-if on a secret vote" \
    "^assent: analyse: what-if: r was put to a secret vote on 2020-01-04, whose tally names no member$" 1 \
    "$ASSENT" analyse r --as-of 2020-01-04 --if AAA=object
quiet "$ASSENT" decide --proposal r --date 2020-01-05 --source "the record"
s=$(status r 2020-01-05)
jqcheck "decided by secret vote" "$s" '[.state, .decision.by, .decision.individual_positions]' \
    '["decided","vote",false]'
check "the CLI: decided by secret vote" "$("$ASSENT" status r --as-of 2020-01-05 | sed -n 4p)" \
    "DECIDED by secret vote on 2020-01-05"
check "the changes tell the votes" \
    "$("$ASSENT" changes r --since 2020-01-02 --as-of 2020-01-05 | grep -c '^  2020-01-0[34]  A secret vote: \(3 for, 2 against, 0\|2 for, 1 against, 1\) abstaining\.$')" 2
jqcheck "the analysis once decided: decided on" "$("$ASSENT" analyse r --json --as-of 2020-01-05)" \
    '[.decided_on, .pivotal, .minimal_sets.sets]' '["2020-01-05",[],[]]'
refused "a vote once decided" "^assent: vote.tally: proposal 'r' is already decided$" 1 \
    tally --proposal r --for 5 --against 0 --abstain 0 --date 2020-01-06

# An election: a vote per candidate; a withdrawn candidate's refused; the
# tally counts the members of its own date (FFF from 1 February).
quiet "$ASSENT" candidate-withdraw --proposal e --candidate bob --date 2020-01-10
refused "a vote on a withdrawn candidate" \
    "^assent: vote.tally: candidate 'bob' has withdrawn on 2020-01-10$" 1 \
    tally --proposal e --candidate bob --for 5 --against 0 --abstain 0 --date 2020-01-11
refused "six votes in January" "more than the 5 members of g on 2020-01-31" 1 \
    tally --proposal e --candidate ann --for 4 --against 2 --abstain 0 --date 2020-01-31
quiet tally --proposal e --candidate ann --for 4 --against 2 --abstain 0 --date 2020-02-01
s=$(status e 2020-02-01)
jqcheck "the candidate's vote" "$s" \
    '[.state, .consensus_for, (.candidates[] | select(.id == "ann") | [.outcome, .votes[0].members])]' \
    '["consensus","ann",["adopted",6]]'
quiet "$ASSENT" decide --proposal e --candidate ann --date 2020-02-02
jqcheck "appointed by secret vote" "$(status e 2020-02-02)" '[.decision.by, .decision.candidate]' '["vote","ann"]'
quiet "$ASSENT" verify
done_testing
