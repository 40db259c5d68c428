# Sources and reports on the command line: sources are records of a kind,
# dated before the whole history (cited from any date); reports of one
# member are kept side by side; status and analyse answer on either basis
# and say which (the default, reported, said); an organisation's own
# order of weight; every bad input one line, its exit status, nothing
# written.
. "$(dirname "$0")/lib.sh"

cat >"$T/setup.case" <<'EOF2'
{"date": "2024-01-01", "type": "org.create", "data": {"id": "o", "name": "Org"}}
{"date": "2024-01-01", "type": "member.join", "data": {"org": "o", "code": "AAA", "name": "Aland"}}
{"date": "2024-01-01", "type": "member.join", "data": {"org": "o", "code": "BBB", "name": "Bland"}}
{"date": "2024-01-01", "type": "member.join", "data": {"org": "o", "code": "CCC", "name": "Cland", "since": "2024-05-01"}}
{"type": "source.declare", "data": {"id": "daily", "org": "o", "kind": "press-report", "title": "The Daily", "published": "2024-06-01"}}
{"type": "source.declare", "data": {"id": "aland-fm", "org": "o", "kind": "official-statement", "by": "AAA", "title": "Aland's foreign ministry"}}
{"type": "source.declare", "data": {"id": "whisper", "org": "o", "kind": "anonymous", "title": "a diplomat who requested anonymity"}}
{"date": "2024-02-01", "type": "proposal.open", "data": {"id": "t", "org": "o", "kind": "text", "title": "A text", "text": "We agree."}}
EOF2
quiet "$ASSENT" load "$T/setup.case"
n=$(head_seq)

# A source is dated before the whole history: a report of February may
# cite a source of June (support "secured in February", told in June).
quiet "$ASSENT" report --proposal t --member AAA --position support \
	--cites daily --source "Aland backed it in February" --date 2024-02-10
jqcheck "a report of February citing a June source" \
    "$("$ASSENT" status t --as-of 2024-02-11 --json)" \
    '.members[] | select(.code == "AAA") | [.position, .confirmed, .rests_on, .source]' \
    '["support",false,"report","Aland backed it in February"]'
jqcheck "a source is dated 0001-01-01 in the ledger" \
    "$("$ASSENT" export | jq -s -c '[.[] | select(.type == "source.declare") | .date] | unique')" \
    . '["0001-01-01"]'
quiet "$ASSENT" source --org o --id late --kind named-person --title "A late source"
jqcheck "a source declared last is dated first" \
    "$("$ASSENT" timeline --json)" '.events[0:4] | map(.type) | unique' '["source.declare"]'

# The default basis is reported, and the answer says so.
s=$("$ASSENT" status t --as-of 2024-03-01 --json)
jqcheck "the default basis, said" "$s" '[.basis, .basis_default]' '["reported",true]'
jqcheck "the reported basis counts the report" "$s" '.supporters' '["AAA"]'
s=$("$ASSENT" status t --as-of 2024-03-01 --basis confirmed --json)
jqcheck "the confirmed basis, asked" "$s" '[.basis, .basis_default]' '["confirmed",false]'
jqcheck "on the confirmed basis a press report does not count" "$s" '.supporters' '[]'
jqcheck "... but is listed" "$s" '.members[0].reports | length' 1
if "$ASSENT" status t --as-of 2024-03-01 | grep -q '^basis: reported, the default (each member'"'"'s best report counts'; then ok; else
	fail "the board says its basis"; fi
if "$ASSENT" status t --as-of 2024-03-01 | grep -q 'of which reported, not confirmed (1): AAA'; then ok; else
	fail "the board tells reported supporters"; fi

# The member's own statement confirms; a later weaker report does not
# replace it; both are kept.
quiet "$ASSENT" report --proposal t --member AAA --position object \
	--cites aland-fm --date 2024-03-05
quiet "$ASSENT" report --proposal t --member AAA --position support \
	--cites whisper --date 2024-03-10
s=$("$ASSENT" status t --as-of 2024-03-11 --json)
jqcheck "AAA's statement counts on the reported basis" "$s" \
    '.members[0] | [.position, .confirmed, .latest_report == .reports[-1].seq]' '["object",true,true]'
jqcheck "every report of AAA side by side, which stand" "$s" \
    '[.members[0].reports[] | [.position, .source.kind, .standing]]' \
    '[["support","press-report",false],["object","official-statement",true],["support","anonymous",true]]'
jqcheck "the confirmed basis agrees" \
    "$("$ASSENT" status t --as-of 2024-03-11 --basis confirmed --json)" \
    '.members[0].position' '"object"'

# Reports of similar weight that stand and disagree are a conflict.
quiet "$ASSENT" report --proposal t --member BBB --position support \
	--cites daily --date 2024-03-12
quiet "$ASSENT" report --proposal t --member BBB --position object \
	--cites whisper --date 2024-03-12
s=$("$ASSENT" status t --as-of 2024-03-12 --json)
jqcheck "a conflict flagged" "$s" '[.conflicts[].member]' '["BBB"]'
jqcheck "the heavier counts" "$s" '.members[1] | [.position, .conflict]' '["support",true]'
if "$ASSENT" status t --as-of 2024-03-12 | grep -q '^Conflicting reports'; then ok; else
	fail "the board lists conflicting reports"; fi

# The analysis on either basis.
a=$("$ASSENT" analyse t --as-of 2024-03-12 --json)
jqcheck "analysis: the default basis" "$a" '[.basis, .basis_default]' '["reported",true]'
jqcheck "analysis: the members on the reported basis" "$a" '[.members[] | .stance]' '["object","support"]'
a=$("$ASSENT" analyse t --as-of 2024-03-12 --basis confirmed --json)
jqcheck "analysis: the confirmed basis" "$a" '[.basis, ([.members[] | .stance])]' '["confirmed",["object","none"]]'

# An organisation's own order of weight: the press above all.
quiet "$ASSENT" source-rank --org o --weights official-record=6,signed-document=5,official-statement=4,named-person=3,press-report=7,anonymous=1
jqcheck "the organisation's weights" "$("$ASSENT" org o --json)" \
    '[.source_weights[0].kind, .source_weights[0].weight, .source_weights_own]' '["press-report",7,true]'
jqcheck "a press report now outweighs a statement" \
    "$("$ASSENT" status t --as-of 2024-03-12 --json)" '.members[1] | .conflict' false

# A source's author is checked where it is cited (a source has no place
# in the history): the organisation, one of its members, or the member
# the citing event itself names (an accession citing its own act).
quiet "$ASSENT" source --org o --id dland-act --kind official-record --by DDD --title "Dland's instrument of accession"
quiet "$ASSENT" source --org o --id typo --kind official-statement --by AAAA --title "A statement by a mistyped member"
quiet "$ASSENT" member-join --org o --code DDD --name Dland --cites dland-act --date 2024-03-01
jqcheck "an accession citing the member's own act" \
    "$("$ASSENT" org o --json)" '[.members[] | .code] | sort' '["AAA","BBB","CCC","DDD"]'

n=$(head_seq)
# --- Bad input.
refused "a report citing a source by no member" \
	"^assent: position\.report: field 'cites': source 'typo' is by 'AAAA', neither o nor one of its members\$" 1 \
	"$ASSENT" report --proposal t --member AAA --position support --cites typo --date 2024-03-13
refused "an accession citing another member's act" \
	"^assent: member\.join: field 'cites': source 'typo' is by 'AAAA', neither o nor one of its members\$" 1 \
	"$ASSENT" member-join --org o --code EEE --name E --cites typo --date 2024-03-13
refused "a report citing an unknown source" \
	"^assent: position\.report: field 'cites': unknown source 'nope' of o\$" 1 \
	"$ASSENT" report --proposal t --member AAA --position support --cites nope --date 2024-03-13
refused "a report citing two sources" \
	"^assent: position\.report: field 'cites': a report cites one source \(record one report a source\)\$" 1 \
	"$ASSENT" report --proposal t --member AAA --position support --cites daily,whisper --date 2024-03-13
refused "a report citing no source" \
	"^assent: position\.report: field 'cites' is required\$" 2 \
	"$ASSENT" report --proposal t --member AAA --position support --date 2024-03-13
refused "a source kind outside the list" \
	"^assent: source\.declare: field 'kind': must be one of official-record, signed-document, official-statement, named-person, press-report, anonymous\$" 2 \
	"$ASSENT" source --org o --id x --kind rumour --title X
refused "a source of an unknown organisation" \
	"^assent: source\.declare: unknown organisation 'zz'\$" 1 \
	"$ASSENT" source --org zz --id x --kind anonymous --title X
refused "a source id taken" \
	"^assent: source\.declare: source 'daily' already exists\$" 1 \
	"$ASSENT" source --org o --id daily --kind anonymous --title X
refused "a dated source" \
	"^assent: source: --date is not taken: a record without a place in the history is dated 0001-01-01\$" 2 \
	"$ASSENT" source --org o --id x --kind anonymous --title X --date 2024-01-01
refused "a report about a non-member" \
	"^assent: position\.report: unknown member 'ZZZ' of o\$" 1 \
	"$ASSENT" report --proposal t --member ZZZ --position support --cites daily --date 2024-03-13
refused "a report before the member's accession" \
	"^assent: position\.report: CCC is not a member of o before its accession on 2024-05-01\$" 1 \
	"$ASSENT" report --proposal t --member CCC --position support --cites daily --date 2024-03-13
refused "an order of weight without every kind" \
	"^assent: source\.rank: field 'weights': kind 'signed-document' is missing \(give every kind its weight\)\$" 1 \
	"$ASSENT" source-rank --org o --weights official-record=6
refused "any event citing an unknown source" \
	"^assent: member\.join: field 'cites': unknown source 'nope' of o\$" 1 \
	"$ASSENT" member-join --org o --code DDD --name D --cites nope --date 2024-03-13
refused "a bad --basis" \
	"^assent: --basis: 'best' must be confirmed or reported\$" 2 \
	"$ASSENT" status t --basis best
refused "a case file dating a source" \
	"^assent: [^ ]*dated\.case:1: key 'date': a record without a place in the history takes no date \(the ledger dates it\)" 1 \
	sh -c "printf '%s\n' '{\"date\": \"2024-01-01\", \"type\": \"source.declare\", \"data\": {\"id\": \"y\", \"org\": \"o\", \"kind\": \"anonymous\", \"title\": \"Y\"}}' >'$T/dated.case'; '$ASSENT' load '$T/dated.case'"
check "nothing written by the refusals" "$(head_seq)" "$n"
quiet "$ASSENT" verify

done_testing
