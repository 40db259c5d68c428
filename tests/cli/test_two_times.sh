# The ledger's two times: each organisation's history ordered by its own
# dates, events recorded as they are learned (backdated, checked against
# what follows), undated writes at the instant they are recorded, the
# future out of reach, "as known at" apart from "as of", checkpoints
# checked, and a ledger of format 1 upgraded with every hash kept.
. "$(dirname "$0")/lib.sh"

recorded_of_head() {
	"$ASSENT" export | tail -n 1 | jq -r .recorded
}

# --- The freezes of format 1, as regression tests.
# (a) A date far in the future is refused, and every organisation still
# takes writes (dates never constrained one organisation by another).
quiet "$ASSENT" org-create --id a --name A --date 2024-06-01
quiet "$ASSENT" member-join --org a --code AAA --name Aa --date 2024-06-01
refused "a position dated 9999-12-31" \
	"^assent: org\.create: dated 9999-12-31, more than 14 hours after it is recorded" 1 \
	"$ASSENT" org-create --id frozen --name F --date 9999-12-31
quiet "$ASSENT" org-create --id b --name B --date 2020-01-01
check "an older organisation after a newer one" \
    "$("$ASSENT" org b --json | jq -r .org)" b
quiet "$ASSENT" member-join --org b --code BBB --name Bb --date 2020-01-02
quiet "$ASSENT" member-join --org a --code ABB --name Ab --date 2024-06-02

# (b) Silence: support dated after the deadline, then an objection dated
# before it (learned later): accepted, and the text is not adopted.
quiet "$ASSENT" member-join --org a --code ACC --name Ac --date 2024-06-02
quiet "$ASSENT" proposal-open --id s --org a --kind text --title Silent \
	--text t --rule "silence until 2024-06-10T09:00Z" --date 2024-06-03
quiet "$ASSENT" position --proposal s --member AAA --position support \
	--source s1 --date 2024-06-11
quiet "$ASSENT" position --proposal s --member ABB --position object \
	--source s2 --date 2024-06-09T12:00:00Z
jqcheck "silence broken by the earlier objection" \
    "$("$ASSENT" status s --as-of 2024-06-12 --json)" .state '"not adopted"'

# (c) An undated write after a timed event of the same day.
now=$(date -u -d '-1 hour' +%Y-%m-%dT%H:%M:%SZ)
quiet "$ASSENT" proposal-open --id u --org a --kind text --title U --text t \
	--date "$now"
quiet "$ASSENT" position --proposal u --member AAA --position support \
	--source undated
date_of_last=$("$ASSENT" export | tail -n 1 | jq -r .date)
check "an undated write takes the instant it is recorded" \
    "$date_of_last" "$(recorded_of_head)"

# --- Backdating on the NATO case.
N=$(ledger nato.db)
NREF=$(ledger nato-ref.db)
quiet "$ASSENT" --db "$N" load "$CASE"
before=$(ASSENT_DB="$N" head_seq)
ASSENT_DB="$N" refused "a report that would invalidate the decision" \
	"^assent: position\.declare: would invalidate event [0-9]+ \(decision\.take, 2024-06-26\): decision\.take: the rule \(unanimity\) does not hold for sg-2024 / rutte on 2024-06-26: missing HUN\$" 1 \
	"$ASSENT" --db "$N" position --proposal sg-2024 --member HUN \
	--position object --candidate rutte --source "a later report" \
	--date 2024-06-25
# A report learned late that breaks nothing is taken in its place.
quiet "$ASSENT" --db "$N" position --proposal sg-2024 --member HUN \
	--position object --candidate rutte --source "reported in May" \
	--date 2024-05-02
jqcheck "the late report stands at its date" \
    "$("$ASSENT" --db "$N" status sg-2024 --as-of 2024-05-03 --json)" \
    '[.members[] | select(.code == "HUN") | .source]' '["reported in May"]'
jqcheck "and is replaced by what came after it" \
    "$("$ASSENT" --db "$N" status sg-2024 --as-of 2024-06-26 --json)" \
    '[.members[] | select(.code == "HUN") | .position]' '["support"]'
quiet "$ASSENT" --db "$N" verify

# --- As known at: the NATO case recorded in three batches: up to
# Romania's candidate, then what happened from 29 April, then the
# supports of 2 April and the decision (learned last, dated before the
# second batch). What the ledger knew after each batch is what a ledger
# of those batches alone says.
# (The sources have no date: they come with the first batch.)
grep '^{' "$CASE" >"$T/all.case"
jq -c 'select((.date // "") <= "2024-03-12")' "$T/all.case" >"$T/b1.case"
jq -c 'select(.date >= "2024-04-29" and .type != "decision.take")' "$T/all.case" >"$T/b2.case"
jq -c 'select((.date > "2024-03-12" and .date < "2024-04-29") or .type == "decision.take")' \
    "$T/all.case" >"$T/b3.case"
check "the three batches hold the case" \
    "$(cat "$T/b1.case" "$T/b2.case" "$T/b3.case" | wc -l | tr -d ' ')" "$(wc -l <"$T/all.case" | tr -d ' ')"
K=$(ledger known.db)
R1=$(ledger r1.db)
R2=$(ledger r2.db)
quiet "$ASSENT" --db "$K" load "$T/b1.case"
k1=$(ASSENT_DB="$K" recorded_of_head)
sleep 1.1
quiet "$ASSENT" --db "$K" load "$T/b2.case"
k2=$(ASSENT_DB="$K" recorded_of_head)
sleep 1.1
quiet "$ASSENT" --db "$K" load "$T/b3.case"
cat "$T/b1.case" >"$T/r1.case"
cat "$T/b1.case" "$T/b2.case" >"$T/r2.case"
quiet "$ASSENT" --db "$R1" load "$T/r1.case"
# The second reference must take batch 2 after batch 1 as one load.
quiet "$ASSENT" --db "$R2" load "$T/b1.case"
quiet "$ASSENT" --db "$R2" load "$T/b2.case"
# The seqs of the events an answer rests on are the recording's: the
# answers are compared without them.
NOSEQ='del(.known_at) | if .members then del(.members[]?.report, .members[]?.latest_report, .members[]?.reports[]?.seq, .conflicts[]?.reports) else . end'
for d in 2024-02-22 2024-06-17 2024-06-20 2024-06-26 2024-10-01; do
	for q in "status sg-2024" "office secretary-general" "org nato"; do
		got1=$("$ASSENT" --db "$K" $q --as-of "$d" --known-at "$k1" --json | jq -S "$NOSEQ")
		ref1=$("$ASSENT" --db "$R1" $q --as-of "$d" --json | jq -S "$NOSEQ")
		check "$q as of $d as known after batch 1" "$got1" "$ref1"
		got2=$("$ASSENT" --db "$K" $q --as-of "$d" --known-at "$k2" --json | jq -S "$NOSEQ")
		ref2=$("$ASSENT" --db "$R2" $q --as-of "$d" --json | jq -S "$NOSEQ")
		check "$q as of $d as known after batch 2" "$got2" "$ref2"
		got3=$("$ASSENT" --db "$K" $q --as-of "$d" --json | jq -S "$NOSEQ")
		has_ledger "$NREF" || quiet "$ASSENT" --db "$NREF" load "$CASE"
		ref3=$("$ASSENT" --db "$NREF" $q --as-of "$d" --json | jq -S "$NOSEQ")
		check "$q as of $d as known now" "$got3" "$ref3"
	done
done
jqcheck "known_at is said in the answer" \
    "$("$ASSENT" --db "$K" status sg-2024 --known-at "$k2" --json)" .known_at "\"$k2\""
jqcheck "nothing known before the first write" \
    "$("$ASSENT" --db "$K" proposals --known-at 2000-01-01 --json)" '.proposals | length' 0
refused "a malformed --known-at" \
	"^assent: --known-at: 'Tuesday' is not a date \(YYYY-MM-DD or YYYY-MM-DDTHH:MM:SSZ\)\$" 2 \
	"$ASSENT" --db "$K" status sg-2024 --known-at Tuesday
quiet "$ASSENT" --db "$K" verify

# --- Checkpoints: made small, checked by verify, an altered one named by
# verify and by serve, which then refuses the ledger.
C=$(ledger cp.db)
ASSENT_CHECKPOINT_BYTES=2000 quiet "$ASSENT" --db "$C" load "$T/b1.case"
while IFS= read -r line; do
	printf '%s\n' "$line" >"$T/one.case"
	ASSENT_CHECKPOINT_BYTES=2000 quiet "$ASSENT" --db "$C" load "$T/one.case"
done <"$T/b2.case"
ncp=$(sql "$C" 'SELECT count(*) FROM checkpoints')
[ "$ncp" -ge 2 ] && ok || fail "checkpoints were written: $ncp"
jqcheck "verify checks each checkpoint" "$("$ASSENT" --db "$C" verify --json)" \
    .checkpoints "$ncp"
# A backdated write (batch 3, from 2 April) drops the checkpoints after
# its date and makes new ones along the history it replays: every
# checkpoint after its date holds it.
first3=$(( $(sql "$C" 'SELECT max(seq) FROM events') + 1 ))
ASSENT_CHECKPOINT_BYTES=2000 quiet "$ASSENT" --db "$C" load "$T/b3.case"
april=$(date -u -d 2024-04-02 +%s)
check "the checkpoints after a backdated event all hold it" \
    "$(sql "$C" "SELECT count(*) FROM checkpoints WHERE at > $april AND upto < $first3")" 0
[ "$(sql "$C" "SELECT count(*) FROM checkpoints WHERE at > $april")" -ge 1 ] && ok ||
    fail "new checkpoints along the replayed history"
quiet "$ASSENT" --db "$C" verify
cpseq=$(sql "$C" 'SELECT seq FROM checkpoints ORDER BY at DESC LIMIT 1')
sql "$C" "UPDATE checkpoints SET state = replace(state, 'Netherlands', 'Nederland') WHERE seq = $cpseq"
refused "verify names an altered checkpoint" \
	"^assent: ledger broken: the checkpoint of nato after event $cpseq \([0-9-]+\) does not match the events \(altered\)\$" 4 \
	"$ASSENT" --db "$C" verify
set +e
"$ASSENT" --db "$C" serve --listen 127.0.0.1:0 >"$T/serve.out" 2>"$T/serve.err"
rc=$?
set -e
check "serve refuses a ledger that does not verify: exit" "$rc" 4
if grep -q "the ledger does not verify, so it is not served: the checkpoint of nato after event $cpseq" "$T/serve.err"; then ok; else
	fail "serve names the checkpoint: $(cat "$T/serve.err")"
fi

sqlite_only "format 1 was SQLite's alone"

# --- A ledger of format 1 (an export of one, made by the earlier main):
# refused until upgraded; the upgrade keeps every hash, and the answers
# are those of the same case loaded now.
V="$T/v1.db"
sqlite3 "$V" "CREATE TABLE meta(key TEXT PRIMARY KEY, value TEXT NOT NULL);
CREATE TABLE events(seq INTEGER PRIMARY KEY, date TEXT NOT NULL,
 recorded TEXT NOT NULL, actor TEXT NOT NULL, type TEXT NOT NULL,
 data TEXT NOT NULL, prev BLOB NOT NULL, hash BLOB NOT NULL);
CREATE TRIGGER events_append_only_update BEFORE UPDATE ON events
 BEGIN SELECT RAISE(ABORT, 'the ledger is append-only'); END;
CREATE TRIGGER events_append_only_delete BEFORE DELETE ON events
 BEGIN SELECT RAISE(ABORT, 'the ledger is append-only'); END;"
jq -r '"INSERT INTO events VALUES(\(.seq), '"'"'\(.date)'"'"', '"'"'\(.recorded)'"'"', '"'"'\(.actor)'"'"', '"'"'\(.type)'"'"', '"'"'\(.data | tojson | gsub("'"'"'"; "'"''"'"))'"'"', X'"'"'\(.prev)'"'"', X'"'"'\(.hash)'"'"');"' \
    "$ASSENT_ROOT/tests/fixtures/nato-v1.export" >"$T/v1.sql"
v1head=$(tail -n 1 "$ASSENT_ROOT/tests/fixtures/nato-v1.export" | jq -r .hash)
v1rec=$(tail -n 1 "$ASSENT_ROOT/tests/fixtures/nato-v1.export" | jq -r .recorded)
{ cat "$T/v1.sql"; echo "INSERT INTO meta VALUES ('format', 'assent-ledger'), ('version', '1'), ('head_seq', '79'), ('head_hash', '$v1head'), ('head_recorded', '$v1rec');"; } | sqlite3 "$V"
refused "a ledger of format 1 before its upgrade" \
	"^assent: [^ ]*v1\.db: a ledger of format 1: run 'assent --db [^ ]*v1\.db upgrade' first \(it keeps every event's hash\)\$" 3 \
	"$ASSENT" --db "$V" status sg-2024
quiet "$ASSENT" --db "$V" upgrade
if grep -q "upgraded to format 2, every event's hash kept" "$T/out"; then ok; else
	fail "upgrade says what it did: $(cat "$T/out")"
fi
jqcheck "the upgraded ledger verifies with its head" \
    "$("$ASSENT" --db "$V" verify --json)" '[.intact, .head]' "[true,\"$v1head\"]"
quiet "$ASSENT" --db "$V" upgrade
if grep -q "is current" "$T/out"; then ok; else fail "a second upgrade: $(cat "$T/out")"; fi
# The same events loaded now (the case as it was, before its sources).
# (Format 1's letter named no proposal: now it must.)
jq -c '{date, type, data} | if .type == "commitment.give" then .data.proposal = "sg-2024" else . end' \
    "$ASSENT_ROOT/tests/fixtures/nato-v1.export" >"$T/v1.case"
quiet "$ASSENT" --db "$T/v1ref.db" load "$T/v1.case"
for d in 2024-06-19 2024-06-26; do
	check "the upgraded ledger's status on $d" \
	    "$("$ASSENT" --db "$V" status sg-2024 --as-of "$d" --json | jq -S .)" \
	    "$("$ASSENT" --db "$T/v1ref.db" status sg-2024 --as-of "$d" --json | jq -S .)"
done
jqcheck "the letter (no proposal in format 1) is NATO's" \
    "$(sqlite3 -json "$V" "SELECT org FROM events WHERE type = 'commitment.give'")" '.[0].org' '"nato"'
# New writes go on the upgraded chain.
quiet "$ASSENT" --db "$V" proposal-open --id later --org nato --kind text \
	--title Later --text t --date 2024-07-01
quiet "$ASSENT" --db "$V" verify

done_testing
