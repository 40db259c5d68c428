# Straw polls (issue 11, item 5): numbered, dated, indicative rounds on an
# appointment, three marks per candidate (encourage, discourage,
# no-opinion); open (each member's marks) or secret (tallies only, with
# the permanent members' tally apart where published). Never a decision,
# never consensus: status reads no poll as consensus. The series per
# candidate (polls), the bad input (one line naming the field, nothing
# written), and a worked example on the shape of the 2016 selection of
# the UN Secretary-General. Checkpoints are written often, so that the
# states read back from them hold the rounds too.
. "$(dirname "$0")/lib.sh"
export ASSENT_CHECKPOINT_BYTES=300

cat >"$T/p.case" <<'EOF'
{"date": "2020-01-01", "type": "org.create", "data": {"id": "o", "name": "O"}}
{"date": "2020-01-01", "type": "member.join", "data": {"org": "o", "code": "A", "name": "Aland"}}
{"date": "2020-01-01", "type": "member.join", "data": {"org": "o", "code": "B", "name": "Bland"}}
{"date": "2020-01-01", "type": "member.join", "data": {"org": "o", "code": "C", "name": "Cland", "weights": {"permanent": 1}}}
{"date": "2020-01-01", "type": "office.create", "data": {"org": "o", "id": "sg", "title": "Secretary", "term": "P4Y"}}
{"date": "2020-01-01", "type": "proposal.open", "data": {"id": "p", "org": "o", "kind": "appointment", "office": "sg", "title": "Next"}}
{"date": "2020-01-01", "type": "proposal.open", "data": {"id": "t", "org": "o", "kind": "text", "title": "T", "text": "x"}}
{"date": "2020-01-01", "type": "candidate.declare", "data": {"proposal": "p", "id": "x", "name": "Xan", "nominated_by": "A"}}
{"date": "2020-01-01", "type": "candidate.declare", "data": {"proposal": "p", "id": "y", "name": "Yan", "nominated_by": "B"}}
{"date": "2020-01-01", "type": "candidate.declare", "data": {"proposal": "p", "id": "z", "name": "Zan", "nominated_by": "B"}}
{"date": "2020-01-05", "type": "poll.round", "data": {"proposal": "p", "round": 1, "marks": {"A": {"x": "encourage", "y": "discourage"}, "B": {"x": "encourage", "y": "no-opinion"}, "C": {"x": "encourage", "y": "discourage"}}, "source": "the chair's note"}}
EOF
quiet "$ASSENT" load "$T/p.case"

# An open round: each member's marks, the tallies follow, the permanent
# members' apart.
s=$("$ASSENT" polls p --json --as-of 2020-01-05)
jqcheck "round 1 is open, of 3 members, 1 permanent" "$s" \
    '.rounds | map([.round, .date, .secret, .members, .permanent_members])' \
    '[[1,"2020-01-05",false,3,1]]'
jqcheck "x: 3 encourage, the permanent member's among them" "$s" \
    '.candidates[0].series | map([.round, .tally, .permanent])' \
    '[[1,{"encourage":3,"discourage":0,"no-opinion":0},{"encourage":1,"discourage":0,"no-opinion":0}]]'
jqcheck "y: each member's mark" "$s" '.candidates[1].series[0].marks' \
    '{"A":"discourage","B":"no-opinion","C":"discourage"}'
jqcheck "z: not marked" "$s" '.candidates[2].series' '[]'
jqcheck "indicative" "$s" '[.indicative, .note]' \
    '[true,"straw polls are indicative: never a decision, never consensus"]'

# Never consensus: every member encourages x, and no member has a stance.
s=$("$ASSENT" status p --json --as-of 2020-01-05)
jqcheck "status: a poll is not consensus" "$s" \
    '[.state, .consensus, .consensus_for, .candidates[0].consensus, .candidates[0].supporters, .candidates[0].not_said]' \
    '["open",false,null,false,[],["A","B","C"]]'
jqcheck "status: the latest round beside the stances" "$s" \
    '[.poll_rounds, .candidates[0].latest_poll.round, .candidates[0].latest_poll.tally.encourage]' '[1,1,3]'
t=$("$ASSENT" status p --as-of 2020-01-05)
case "$t" in *CONSENSUS:*) fail "the board reads a poll as consensus: $t" ;; *) ok ;; esac
case "$t" in *"straw poll round 1 (2020-01-05, open; indicative, not a decision): 3 encourage, 0 discourage, 0 no opinion; permanent members 1 encourage, 0 discourage, 0 no opinion"*) ok ;;
*) fail "the board's poll line: $t" ;; esac

# Bad input: one line naming the field, nothing written.
P() { "$ASSENT" poll-round --proposal p --date 2020-01-06 "$@"; }
refused "a mark other than the three" \
    "^assent: poll.round: field 'marks': A's mark on x must be one of encourage, discourage, no-opinion$" 1 \
    P --round 2 --marks '{"A": {"x": "maybe"}}'
refused "round 0" "^assent: --round: '0' is not a whole number from 1$" 2 \
    P --round 0 --marks '{"A": {"x": "encourage"}}'
refused "a round repeated" \
    "^assent: poll.round: field 'round': round 1 of p is already recorded \(on 2020-01-05\)$" 1 \
    P --round 1 --marks '{"A": {"x": "encourage"}}'
refused "a round out of order" \
    "^assent: poll.round: field 'round': round 3 of p is out of order \(the next is 2\)$" 1 \
    P --round 3 --marks '{"A": {"x": "encourage"}}'
refused "a tally exceeding the members" \
    "^assent: poll.round: field 'tallies': x's tally, 4 marks, exceeds the 3 members of o on 2020-01-06$" 1 \
    P --round 2 --secret true --tallies '{"x": {"encourage": 2, "discourage": 1, "no-opinion": 1}}'
refused "a permanent tally exceeding the permanent members" \
    "^assent: poll.round: field 'tallies': x's permanent members' tally, 2 marks, exceeds the 1 permanent members \(weight 'permanent'\) of o on 2020-01-06$" 1 \
    P --round 2 --secret true --tallies '{"x": {"encourage": 2, "discourage": 0, "no-opinion": 0, "permanent": {"encourage": 2, "discourage": 0, "no-opinion": 0}}}'
refused "a permanent mark above the tally's" \
    "^assent: poll.round: field 'tallies': x's permanent members' 'discourage', 1, exceeds the tally's 0$" 1 \
    P --round 2 --secret true --tallies '{"x": {"encourage": 2, "discourage": 0, "no-opinion": 0, "permanent": {"encourage": 0, "discourage": 1, "no-opinion": 0}}}'
refused "a tally without one of its marks" \
    "^assent: poll.round: field 'tallies': x's tally gives no 'no-opinion' \(a tally gives its three marks\)$" 1 \
    P --round 2 --secret true --tallies '{"x": {"encourage": 2, "discourage": 0}}'
refused "a tally of another key" \
    "^assent: poll.round: field 'tallies': x's tally has 'yes', not a mark" 1 \
    P --round 2 --secret true --tallies '{"x": {"yes": 2}}'
refused "a negative count" \
    "^assent: poll.round: field 'tallies': x's 'discourage' must be a whole number from 0$" 1 \
    P --round 2 --secret true --tallies '{"x": {"encourage": 1, "discourage": -1, "no-opinion": 0}}'
refused "a mark for an unknown candidate" \
    "^assent: poll.round: field 'marks': unknown candidate 'w' in p$" 1 \
    P --round 2 --marks '{"A": {"w": "encourage"}}'
refused "a mark of a non-member" \
    "^assent: poll.round: field 'marks': 'ZZ' is not a member of o on 2020-01-06$" 1 \
    P --round 2 --marks '{"ZZ": {"x": "encourage"}}'
refused "a secret round with marks" \
    "^assent: poll.round: field 'marks': a secret round has no member's marks" 1 \
    P --round 2 --secret true --marks '{"A": {"x": "encourage"}}'
refused "an open round with tallies" \
    "^assent: poll.round: field 'tallies': an open round gives each member's 'marks'" 1 \
    P --round 2 --tallies '{"x": {"encourage": 1, "discourage": 0, "no-opinion": 0}}'
refused "a poll on a text" \
    "^assent: poll.round: proposal 't' is a text \(a straw poll marks candidates\)$" 1 \
    "$ASSENT" poll-round --proposal t --round 1 --marks '{"A": {"x": "encourage"}}' --date 2020-01-06
quiet "$ASSENT" candidate-withdraw --proposal p --candidate z --date 2020-01-06
refused "a mark for a withdrawn candidate" \
    "^assent: poll.round: field 'tallies': candidate 'z' has withdrawn on 2020-01-06$" 1 \
    P --round 2 --secret true --tallies '{"z": {"encourage": 1, "discourage": 0, "no-opinion": 0}}'

# A secret round: tallies only, the permanent members' apart.
quiet P --round 2 --secret true --source "leaked, two diplomats" \
    --tallies '{"x": {"encourage": 2, "discourage": 0, "no-opinion": 1, "permanent": {"encourage": 0, "discourage": 0, "no-opinion": 1}}, "y": {"encourage": 0, "discourage": 3, "no-opinion": 0}}'
s=$("$ASSENT" polls p --json --candidate x)
jqcheck "x's series: round 1 open, round 2 secret" "$s" \
    '.candidates | map([.id, (.series | map([.round, .secret, .tally.encourage, .tally["no-opinion"], .permanent["no-opinion"], (.marks | type)]))])' \
    '[["x",[[1,false,3,0,0,"object"],[2,true,2,1,1,"null"]]]]'
jqcheck "a poll's past as of a date" "$("$ASSENT" polls p --json --as-of 2020-01-05)" \
    '[(.rounds | length), (.candidates[0].series | length)]' '[1,1]'
t=$("$ASSENT" polls p --candidate y)
case "$t" in *"round 2  2020-01-06 secret 0 encourage, 3 discourage, 0 no opinion"*) ok ;;
*) fail "polls text: $t" ;; esac
refused "polls of an unknown candidate" "^assent: polls: unknown candidate 'w' in p as of " 1 \
    "$ASSENT" polls p --candidate w
quiet "$ASSENT" verify

# After the decision, no more rounds.
for m in A B C; do
	quiet "$ASSENT" position --proposal p --member $m --position support --candidate x --source s --date 2020-01-07
done
quiet "$ASSENT" decide --proposal p --candidate x --date 2020-01-08
refused "a round after the decision" "^assent: poll.round: proposal 'p' is already decided$" 1 \
    "$ASSENT" poll-round --proposal p --round 3 --marks '{"A": {"x": "encourage"}}' --date 2020-01-09

# The worked example: the 2016 selection of the UN Secretary-General, on
# a hand-made Council of 15 (five of weight 'permanent'); the candidates'
# tallies as the press published them, each round citing its report
# (secret rounds: only the tallies are known). No round is consensus,
# nor is Guterres's 13 encourage and no discourage of the sixth.
U=$(ledger unsg)
{
	echo '{"date": "2016-01-01", "type": "org.create", "data": {"id": "sc", "name": "A council of 15 (hand-made)"}}'
	for i in 1 2 3 4 5; do
		echo "{\"date\": \"2016-01-01\", \"type\": \"member.join\", \"data\": {\"org\": \"sc\", \"code\": \"P$i\", \"name\": \"Permanent $i\", \"weights\": {\"permanent\": 1}}}"
	done
	for i in 01 02 03 04 05 06 07 08 09 10; do
		echo "{\"date\": \"2016-01-01\", \"type\": \"member.join\", \"data\": {\"org\": \"sc\", \"code\": \"E$i\", \"name\": \"Elected $i\"}}"
	done
	cat <<'EOF'
{"date": "2016-01-01", "type": "office.create", "data": {"org": "sc", "id": "sg", "title": "Secretary-General", "term": "P5Y"}}
{"date": "2016-01-01", "type": "proposal.open", "data": {"id": "sg-2016", "org": "sc", "kind": "appointment", "office": "sg", "title": "Recommendation of the Secretary-General (2016)"}}
{"date": "2016-01-01", "type": "candidate.declare", "data": {"proposal": "sg-2016", "id": "guterres", "name": "Antonio Guterres", "nominated_by": "E01"}}
{"date": "2016-01-01", "type": "candidate.declare", "data": {"proposal": "sg-2016", "id": "turk", "name": "Danilo Turk", "nominated_by": "E02"}}
{"date": "2016-01-01", "type": "candidate.declare", "data": {"proposal": "sg-2016", "id": "lajcak", "name": "Miroslav Lajcak", "nominated_by": "E03"}}
{"date": "2016-07-21", "type": "poll.round", "data": {"proposal": "sg-2016", "round": 1, "secret": true, "tallies": {"guterres": {"encourage": 12, "discourage": 0, "no-opinion": 3}, "turk": {"encourage": 11, "discourage": 2, "no-opinion": 2}}, "source": "AP, 22 Jul 2016, two diplomats (arkansasonline.com/news/2016/jul/22/portugal-envoy-tops-poll-to-be-u-n-chie/)"}}
{"date": "2016-08-05", "type": "poll.round", "data": {"proposal": "sg-2016", "round": 2, "secret": true, "tallies": {"lajcak": {"encourage": 2, "discourage": 6, "no-opinion": 7}}, "source": "Xinhua, 30 Aug 2016: Lajcak 'from a 2-6-7 ranking at the last poll on Aug. 5' (en.chinagate.cn/2016-08/30/content_39190395.htm)"}}
{"date": "2016-08-29", "type": "poll.round", "data": {"proposal": "sg-2016", "round": 3, "secret": true, "tallies": {"guterres": {"encourage": 11, "discourage": 3, "no-opinion": 1}, "lajcak": {"encourage": 9, "discourage": 5, "no-opinion": 1}, "turk": {"encourage": 5, "discourage": 6, "no-opinion": 4}}, "source": "Xinhua, 30 Aug 2016 (en.chinagate.cn/2016-08/30/content_39190395.htm)"}}
{"date": "2016-09-09", "type": "poll.round", "data": {"proposal": "sg-2016", "round": 4, "secret": true, "tallies": {"guterres": {"encourage": 12, "discourage": 2, "no-opinion": 1}}, "source": "Kyodo, 27 Sep 2016: 'the same result as in the previous straw poll Sept. 9' (english.kyodonews.jp/news/2016/09/435856.html)"}}
{"date": "2016-09-26", "type": "poll.round", "data": {"proposal": "sg-2016", "round": 5, "secret": true, "tallies": {"guterres": {"encourage": 12, "discourage": 2, "no-opinion": 1}}, "source": "Kyodo, 27 Sep 2016 (english.kyodonews.jp/news/2016/09/435856.html)"}}
{"date": "2016-10-05", "type": "poll.round", "data": {"proposal": "sg-2016", "round": 6, "secret": true, "tallies": {"guterres": {"encourage": 13, "discourage": 0, "no-opinion": 2}}, "source": "1 for 7 Billion, 'Outcome of UN Security Council straw polls', straw poll six, 5 Oct 2016 (1for7billion.org/outcome-of-straw-polls)"}}
EOF
} >"$T/unsg.case"
quiet "$ASSENT" --db "$U" load "$T/unsg.case"
s=$("$ASSENT" --db "$U" polls sg-2016 --json)
jqcheck "2016: Guterres's series" "$s" \
    '.candidates[0].series | map([.round, .tally.encourage, .tally.discourage, .tally["no-opinion"]])' \
    '[[1,12,0,3],[3,11,3,1],[4,12,2,1],[5,12,2,1],[6,13,0,2]]'
jqcheck "2016: Lajcak's series" "$s" \
    '.candidates[2].series | map([.round, .tally.encourage])' '[[2,2],[3,9]]'
jqcheck "2016: 15 members, 5 permanent, each round" "$s" \
    '[.rounds[] | [.members, .permanent_members]] | unique' '[[15,5]]'
jqcheck "2016: after the sixth round, no consensus read" \
    "$("$ASSENT" --db "$U" status sg-2016 --json --as-of 2016-10-05)" \
    '[.state, .consensus, .candidates[0].supporters]' '["open",false,[]]'

done_testing
