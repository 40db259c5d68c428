# Corrections: an event corrected or withdrawn by its seq, with a reason
# and a source; dated as the event it corrects and re-validated there like
# a backdated event (a refusal names the later event it would break); the
# original stays in the ledger and in the timeline, marked corrected; as
# known at a moment before the correction, the original still shows;
# checkpoints, verify, export and import keep it all; and every bad input
# one line, its exit status, nothing written.
. "$(dirname "$0")/lib.sh"

cat >"$T/setup.case" <<'EOF2'
{"date": "2024-01-01", "type": "org.create", "data": {"id": "o", "name": "Org"}}
{"date": "2024-01-01", "type": "member.join", "data": {"org": "o", "code": "AAA", "name": "Aland"}}
{"date": "2024-01-01", "type": "member.join", "data": {"org": "o", "code": "BBB", "name": "Bland"}}
{"type": "source.declare", "data": {"id": "daily", "org": "o", "kind": "press-report", "title": "The Daily"}}
{"type": "source.declare", "data": {"id": "erratum", "org": "o", "kind": "press-report", "title": "The Daily, correction"}}
{"date": "2024-02-01", "type": "proposal.open", "data": {"id": "t", "org": "o", "kind": "text", "title": "A text"}}
{"date": "2024-03-01", "type": "position.report", "data": {"proposal": "t", "member": "AAA", "position": "object", "cites": ["daily"]}}
{"date": "2024-03-02", "type": "position.declare", "data": {"proposal": "t", "member": "BBB", "position": "support", "source": "the secretariat"}}
{"date": "2024-04-01", "type": "proposal.open", "data": {"id": "u", "org": "o", "kind": "text", "title": "Another"}}
EOF2
quiet "$ASSENT" load "$T/setup.case"
seq_of() {	# the seq of the first event of type $1 dated $2
	"$ASSENT" export | jq -r --arg t "$1" --arg d "$2" \
	    'select(.type == $t and .date == $d) | .seq' | head -n 1
}
R=$(seq_of position.report 2024-03-01)
D=$(seq_of position.declare 2024-03-02)
before=$("$ASSENT" export | tail -n 1 | jq -r .recorded)
sleep 1.1

# Corrected: AAA supports, as the Daily's correction says.
quiet "$ASSENT" correct --seq "$R" --reason "misread: Aland supports" \
	--cites erratum --payload '{"proposal": "t", "member": "AAA", "position": "support", "cites": ["daily"]}'
C=$(head_seq)
jqcheck "the correction is dated as the event it corrects" \
    "$("$ASSENT" export | tail -n 1)" '[.type, .date]' '["event.correct","2024-03-01"]'
s=$("$ASSENT" status t --json)
jqcheck "the corrected report counts" "$s" '[.state, .members[0].position]' '["consensus","support"]'
jqcheck "and says it was corrected" "$s" ".members[0].reports[0].corrected" \
    "{\"by\":$C,\"reason\":\"misread: Aland supports\",\"withdrawn\":false}"
jqcheck "as of before its date nothing changes" \
    "$("$ASSENT" status t --as-of 2024-02-15 --json)" '.members[0].position' '"none"'
# As known at before the correction: the original.
s=$("$ASSENT" status t --known-at "$before" --json)
jqcheck "known at before the correction: the original" "$s" \
    '[.state, .members[0].position, .members[0].reports[0].corrected]' '["open","object",null]'
jqcheck "the original stays in the timeline, marked" \
    "$("$ASSENT" timeline --proposal t --json)" \
    "[.events[] | select(.seq == $R) | [.data.position, .corrected.by, .corrected.withdrawn]]" \
    "[[\"object\",$C,false]]"
jqcheck "the correction is in the proposal's timeline, after it" \
    "$("$ASSENT" timeline --proposal t --json)" \
    "[.events[].seq] | (index($C) - index($R))" 1
jqcheck "known at before it, the timeline has no mark" \
    "$("$ASSENT" timeline --proposal t --known-at "$before" --json)" \
    "[.events[] | select(.seq == $R) | .corrected]" '[null]'
if "$ASSENT" timeline --proposal t | grep -q "corrected by event $C: misread"; then ok; else
	fail "the human timeline marks the corrected event"; fi
jqcheck "the original stays in the ledger" \
    "$("$ASSENT" export | jq -s -c ".[] | select(.seq == $R) | .data.position")" . '"object"'

# Withdrawn: the secretariat's record of BBB was a mistake.
quiet "$ASSENT" correct --seq "$D" --reason "recorded for the wrong proposal" \
	--source "the secretariat"
W=$(head_seq)
jqcheck "a withdrawn declaration no longer counts" \
    "$("$ASSENT" status t --json)" '[.state, .members[1].position]' '["open","none"]'
jqcheck "a withdrawal is marked so" "$("$ASSENT" timeline --json)" \
    "[.events[] | select(.seq == $D) | .corrected | [.by, .withdrawn]]" "[[$W,true]]"
quiet "$ASSENT" verify

# A correction re-validated like a backdated event: a decision rests on
# BBB's support; withdrawing it would break the decision, named.
quiet "$ASSENT" position --proposal u --member AAA --position support --source s --date 2024-04-02
quiet "$ASSENT" position --proposal u --member BBB --position support --source s --date 2024-04-02
B=$(head_seq)
quiet "$ASSENT" decide --proposal u --date 2024-04-03
DEC=$(head_seq)
n=$(head_seq)
refused "a correction that would break a later event" \
	"^assent: event\.correct: would invalidate event $DEC \(decision\.take, 2024-04-03\): decision\.take: the rule \(unanimity\) does not hold for u on 2024-04-03: missing BBB\$" 1 \
	"$ASSENT" correct --seq "$B" --reason r --source s
refused "a corrected payload that does not apply" \
	"^assent: event\.correct: field 'payload': the corrected event $B \(position\.declare, 2024-04-02\) does not apply: position\.declare: unknown member 'ZZZ' of o\$" 1 \
	"$ASSENT" correct --seq "$B" --reason r --source s --payload '{"proposal": "u", "member": "ZZZ", "position": "support", "source": "s"}'
refused "a corrected payload of the wrong shape" \
	"^assent: event\.correct: field 'payload': position\.declare: field 'source' is required\$" 1 \
	"$ASSENT" correct --seq "$B" --reason r --source s --payload '{"proposal": "u", "member": "BBB", "position": "support"}'
refused "a correction of an unknown event" \
	"^assent: event\.correct: field 'seq': no event 999 before this one \([0-9]+\)\$" 1 \
	"$ASSENT" correct --seq 999 --reason r --source s
refused "a correction of an event already corrected" \
	"^assent: event\.correct: event $R is already corrected \(by event $C\)\$" 1 \
	"$ASSENT" correct --seq "$R" --reason again --source s
refused "a correction of a correction" \
	"^assent: event\.correct: event $C is a correction: correct the event it corrected, or record it again\$" 1 \
	"$ASSENT" correct --seq "$C" --reason r --source s
refused "withdrawing an event that introduces a name" \
	"^assent: event\.correct: event 1 \(org\.create\) introduces organisation 'o': it can be corrected, not withdrawn\$" 1 \
	"$ASSENT" correct --seq 1 --reason r --source s
refused "a correction that renames what the event introduced" \
	"^assent: event\.correct: field 'payload': the corrected event 1 must keep organisation 'o'\$" 1 \
	"$ASSENT" correct --seq 1 --reason r --source s --payload '{"id": "p", "name": "Org"}'
refused "a correction without a source" \
	"^assent: event\.correct: field 'source' or 'cites' is required: on whose word it is corrected\$" 1 \
	"$ASSENT" correct --seq "$B" --reason r --payload '{"proposal": "u", "member": "BBB", "position": "support", "source": "t"}'
refused "a correction without a reason" \
	"^assent: event\.correct: field 'reason' is required\$" 2 \
	"$ASSENT" correct --seq "$B" --source s
refused "a dated correction" \
	"^assent: correct: --date is not taken: a correction is dated as the event it corrects\$" 2 \
	"$ASSENT" correct --seq "$B" --reason r --source s --date 2024-05-01
refused "a seq that is not a number" \
	"^assent: --seq: 'x' is not an event's sequence number \(a whole number from 1\)\$" 2 \
	"$ASSENT" correct --seq x --reason r --source s
check "nothing written by the refusals" "$(head_seq)" "$n"
# The organisation's name corrected (a payload with the same id).
quiet "$ASSENT" correct --seq 1 --reason "its name is Organisation" --source s \
	--payload '{"id": "o", "name": "Organisation"}'
jqcheck "a corrected name" "$("$ASSENT" org o --json)" .name '"Organisation"'

# Export and import keep every correction and the head; verify replays
# them.
quiet "$ASSENT" verify
quiet "$ASSENT" export "$T/all.jsonl"
COPY=$(ledger copy.db)
quiet "$ASSENT" --db "$COPY" import "$T/all.jsonl"
check "the import keeps the head" \
    "$("$ASSENT" --db "$COPY" verify --json | jq -r .head)" "$("$ASSENT" verify --json | jq -r .head)"
check "and the answers" "$("$ASSENT" --db "$COPY" status t --json | jq -S .)" \
    "$("$ASSENT" status t --json | jq -S .)"

# Checkpoints: small, so that a correction lands before several; verify
# checks each against the history folded with the corrections.
K=$(ledger cp.db)
MARCH=$(date -u -d 2024-03-01 +%s)
# In the order of the history, so that checkpoints are written on both
# sides of the date to correct.
{
	sed -n '1,6p' "$T/setup.case"
	echo '{"date": "2024-02-05", "type": "proposal.open", "data": {"id": "v", "org": "o", "kind": "text", "title": "V"}}'
	for i in $(seq 10 59); do
		echo "{\"date\": \"2024-02-06T00:00:${i}Z\", \"type\": \"position.declare\", \"data\": {\"proposal\": \"v\", \"member\": \"BBB\", \"position\": \"abstain\", \"source\": \"early $i\"}}"
	done
	sed -n '7,$p' "$T/setup.case"
	for i in $(seq 10 59); do
		echo "{\"date\": \"2024-04-06T00:00:${i}Z\", \"type\": \"position.declare\", \"data\": {\"proposal\": \"u\", \"member\": \"BBB\", \"position\": \"abstain\", \"source\": \"late $i\"}}"
	done
} >"$T/cp.case"
ASSENT_CHECKPOINT_BYTES=300 quiet "$ASSENT" --db "$K" load "$T/cp.case"
ncp=$(sql "$K" "SELECT count(*) FROM checkpoints WHERE at >= $MARCH")
[ "$ncp" -ge 1 ] && ok || fail "checkpoints after the date to correct: $ncp"
ncp=$(sql "$K" "SELECT count(*) FROM checkpoints WHERE at < $MARCH")
[ "$ncp" -ge 1 ] && ok || fail "checkpoints before it: $ncp"
kr=$(ASSENT_DB="$K" seq_of position.report 2024-03-01)
kbefore=$("$ASSENT" --db "$K" export | tail -n 1 | jq -r .recorded)
sleep 1.1
ASSENT_CHECKPOINT_BYTES=300 quiet "$ASSENT" --db "$K" correct --seq "$kr" \
	--reason r --source s --payload '{"proposal": "t", "member": "AAA", "position": "abstain", "cites": ["daily"]}'
kc=$(ASSENT_DB="$K" head_seq)
check "the checkpoints from the corrected date are dropped (any left hold the correction)" \
    "$(sql "$K" "SELECT count(*) FROM checkpoints WHERE at >= $MARCH AND upto < $kc")" 0
check "those before it are kept" \
    "$(sql "$K" "SELECT count(*) FROM checkpoints WHERE at < $MARCH")" "$ncp"
{
	for i in $(seq 10 59); do
		echo "{\"date\": \"2024-04-07T00:00:${i}Z\", \"type\": \"position.declare\", \"data\": {\"proposal\": \"u\", \"member\": \"AAA\", \"position\": \"abstain\", \"source\": \"later $i\"}}"
	done
} >"$T/cp2.case"
ASSENT_CHECKPOINT_BYTES=300 quiet "$ASSENT" --db "$K" load "$T/cp2.case"
check "checkpoints are written again after it" \
    "$(sql "$K" "SELECT count(*) FROM checkpoints WHERE at >= $MARCH" | sed 's/^[1-9][0-9]*$/some/')" some
jqcheck "verify checks the checkpoints with the correction" \
    "$("$ASSENT" --db "$K" verify --json)" '[.intact, .checkpoints > 0]' '[true,true]'
jqcheck "a read from a checkpoint sees the correction" \
    "$("$ASSENT" --db "$K" status t --json)" '.members[0].position' '"abstain"'
jqcheck "and, known at before it, the original" \
    "$("$ASSENT" --db "$K" status t --known-at "$kbefore" --json)" '.members[0].position' '"object"'

sqlite_only "the date of a correction altered in the SQLite file"
sqlite3 "$DB" ".backup '$T/bad.db'"
sqlite3 "$T/bad.db" "DROP TRIGGER events_append_only_update; UPDATE events SET date = '2024-03-02', at = at + 86400 WHERE seq = $C"
refused "verify names a correction dated otherwise (altered)" \
	"^assent: ledger broken: event $C: " 4 \
	"$ASSENT" --db "$T/bad.db" verify

done_testing
