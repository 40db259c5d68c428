# Bad input: each write below must be refused with one line on stderr
# that names the problem, the right exit status (1 refused, 2 usage, 3 not
# a ledger), and no event written; a refused first write leaves no file.
. "$(dirname "$0")/lib.sh"

# absent DESCRIPTION LEDGER: no ledger there (no SQLite file, nor its
# WAL; no tables in a PostgreSQL database).
absent() {
	if has_ledger "$2"; then
		fail "$1: a ledger was left at $2"
		return
	fi
	for sfx in -wal -shm -journal; do
		if [ -e "$2$sfx" ]; then
			fail "$1: $2$sfx was left behind"
			return
		fi
	done
	ok
}

# The ledgers these tests make, each empty.
NEW1=$(ledger new1.db) NEW2=$(ledger new2.db) NEW3=$(ledger new3.db)
NEW4=$(ledger new4.db)
NEW4=$(ledger new4.db) NEW5=$(ledger new5.db) TZ=$(ledger tz.db)
OTHER=$(ledger other.db) OTHER2=$(ledger other2.db)
NOWHERE=$(ledger nowhere.db)

# --- The ledger: org o, members AAA (2020), BBB (recorded 2024-01-10,
# accession 2024-03-07) and CCC, an office, an appointment p with two
# candidates (y withdrawn), a text proposal t, an asked commitment c1.
cat >"$T/setup.case" <<'EOF'
# the organisation, its first member and its office
{"date": "2020-01-01", "type": "org.create", "data": {"id": "o", "name": "Org"}}
{"date": "2020-01-01", "type": "member.join", "data": {"org": "o", "code": "AAA", "name": "Aa"}}
{"date": "2020-01-01", "type": "office.create", "data": {"org": "o", "id": "sg", "title": "Secretary", "term": "P4Y"}}
EOF
quiet "$ASSENT" load "$T/setup.case"
quiet "$ASSENT" member-join --org o --code BBB --name Bb --since 2024-03-07 \
	--date 2024-01-10
quiet "$ASSENT" member-join --org o --code CCC --name Cc --date 2024-01-10
quiet "$ASSENT" proposal-open --id p --org o --kind appointment \
	--title "A secretary" --office sg --date 2024-01-10
quiet "$ASSENT" proposal-open --id t --org o --kind text --title "A text" \
	--text "We agree." --date 2024-01-10
quiet "$ASSENT" candidate-declare --proposal p --id x --name Ex \
	--nominated-by AAA --date 2024-01-10
quiet "$ASSENT" candidate-declare --proposal p --id y --name Why \
	--nominated-by CCC --date 2024-01-10
quiet "$ASSENT" candidate-withdraw --proposal p --candidate y --date 2024-01-11
quiet "$ASSENT" commitment-ask --id c1 --proposal p --by x --to CCC \
	--text "a deputy" --date 2024-01-11
quiet "$ASSENT" position --proposal p --member AAA --position support \
	--candidate x --source s1 --date 2024-01-12
quiet "$ASSENT" position --proposal p --member CCC --position support \
	--candidate x --conditions c1 --source s2 --date 2024-01-12
quiet "$ASSENT" position --proposal t --member AAA --position support \
	--source s3 --date 2024-01-12
check "set-up: 14 events" "$(head_seq)" 14

# --- Positions.
refused "position by a non-member" \
	"^assent: position\.declare: unknown member 'ZZZ' of o\$" 1 \
	"$ASSENT" position --proposal p --member ZZZ --position support \
	--candidate x --source s --date 2024-02-01
refused "position before accession" \
	"^assent: position\.declare: BBB is not a member of o before its accession on 2024-03-07\$" 1 \
	"$ASSENT" position --proposal p --member BBB --position support \
	--candidate x --source s --date 2024-02-01
refused "support for a withdrawn candidate" \
	"^assent: position\.declare: candidate 'y' has withdrawn on 2024-01-11\$" 1 \
	"$ASSENT" position --proposal p --member CCC --position support \
	--candidate y --source s --date 2024-02-01
refused "objection to a withdrawn candidate" \
	"^assent: position\.declare: candidate 'y' has withdrawn" 1 \
	"$ASSENT" position --proposal p --member CCC --position object \
	--candidate y --source s --date 2024-02-01
refused "a condition naming an unknown commitment" \
	"^assent: position\.declare: condition 'c9' names an unknown commitment\$" 1 \
	"$ASSENT" position --proposal p --member CCC --position support \
	--candidate x --conditions c1,c9 --source s --date 2024-02-01

# --- Decisions when the rule does not hold: exactly the missing members.
# Before BBB's accession only CCC is missing on t; after it BBB too. On p
# CCC's support is pending (c1 not given), so CCC is missing as well.
refused "decision on t before BBB's accession" \
	"^assent: decision\.take: the rule \(unanimity\) does not hold for t on 2024-02-01: missing CCC\$" 1 \
	"$ASSENT" decide --proposal t --date 2024-02-01
refused "decision on t after BBB's accession" \
	"^assent: decision\.take: the rule \(unanimity\) does not hold for t on 2024-04-01: missing (BBB CCC|CCC BBB)\$" 1 \
	"$ASSENT" decide --proposal t --date 2024-04-01
refused "decision on p (CCC's support pending)" \
	"^assent: decision\.take: the rule \(unanimity\) does not hold for p / x on 2024-04-01: missing (BBB CCC|CCC BBB)\$" 1 \
	"$ASSENT" decide --proposal p --candidate x --date 2024-04-01

# --- Dates.
refused "a backdated event that would break a later one (named)" \
	"^assent: candidate\.withdraw: would invalidate event [0-9]+ \(position\.declare, 2024-01-12\): position\.declare: candidate 'x' has withdrawn on 2024-01-11\$" 1 \
	"$ASSENT" candidate-withdraw --proposal p --candidate x --date 2024-01-11
refused "a date far in the future (the tolerance named)" \
	"^assent: position\.declare: dated 9999-12-31, more than 14 hours after it is recorded \([0-9T:Z-]+\): a date to come goes in the field that schedules it \(since, until, start, a silence deadline\)\$" 1 \
	"$ASSENT" position --proposal t --member CCC --position object \
	--source s --date 9999-12-31
refused "a commitment whose organisation cannot be told" \
	"^assent: commitment\.ask: field 'proposal' or 'org' is required: the organisation the commitment is asked in\$" 1 \
	"$ASSENT" commitment-ask --id c7 --by x --to CCC --text t --date 2024-01-11
refused "a position on a proposal no organisation has" \
	"^assent: position\.declare: unknown proposal 'nosuch'\$" 1 \
	"$ASSENT" position --proposal nosuch --member CCC --position object \
	--source s --date 2024-01-11
for d in 2024-02-30 2024-13-01 24-1-1 2023-02-29 2024-06-01T10:00; do
	refused "malformed date $d" \
		"^assent: --date: date '$d' is not a valid date" 2 \
		"$ASSENT" position --proposal t --member CCC --position object \
		--source s --date "$d"
done

# --- Candidates.
refused "candidate nominated by an unknown member" \
	"^assent: candidate\.declare: field 'nominated_by': unknown member 'QQQ' of o \(a nominator that is not a member is given with its name, 'nominated_by_name'\)$" 1 \
	"$ASSENT" candidate-declare --proposal p --id z --name Zed \
	--nominated-by QQQ --date 2024-02-01

# --- The payload's schema, on the command line. These are found from the
# arguments alone, before the ledger is opened: usage errors (exit 2), as
# for a malformed --date (cmd_record.c says "A schema error is a usage
# error"; docs/cli.md: "2 usage (an unknown option, a malformed date)").
refused "position without --source" \
	"^assent: position\.declare: field 'source' is required\$" 2 \
	"$ASSENT" position --proposal t --member CCC --position object \
	--date 2024-02-01
refused "an invalid --position" \
	"^assent: position\.declare: field 'position': must be one of support, object, abstain, none\$" 2 \
	"$ASSENT" position --proposal t --member CCC --position maybe \
	--source s --date 2024-02-01
refused "a malformed --since (a date, as --date above)" \
	"^assent: member\.join: field 'since': must be a date" 2 \
	"$ASSENT" member-join --org o --code DDD --name Dd --since 2024-02-30 \
	--date 2024-02-01
# An unknown option: a usage error (docs/cli.md: "2 usage (an unknown
# option, a malformed date) ... Every error is one line on standard error,
# starting `assent: `"), the one line naming the option.
refused "an unknown option" "^assent: position: unknown option '--colour' \\(see 'assent position --help'\\)$" 2 \
	"$ASSENT" position --proposal t --member CCC --position object \
	--source s --colour red --date 2024-02-01

# --- Case files. Lines are counted with comments and blank lines.
cat >"$T/syntax.case" <<'EOF'
# line 1 is a comment
{"date": "2024-02-01", "type": "member.join", "data": {"org": "o", "code": "DDD", "name": "Dd"}}
{"date": "2024-02-01", "type": "member.join", "data": {"org": "o", "code": "EEE", "name": "Ee"}
{"date": "2024-02-01", "type": "member.join", "data": {"org": "o", "code": "FFF", "name": "Ff"}}
EOF
refused "case file: not JSON on line 3" \
	'^assent: [^ ]*syntax\.case:3: not valid JSON' 1 \
	"$ASSENT" load "$T/syntax.case"
# A new ledger: the file is written as it is read, so the first line that
# fails is named (line 2: no organisation o there yet), and the ledger
# made for the load is removed.
refused "case file: the first failing line, new ledger" \
	"^assent: [^ ]*syntax\.case:2: member\.join: unknown organisation 'o'; nothing was written\$" 1 \
	"$ASSENT" --db "$NEW1" load "$T/syntax.case"
absent "case file: the first failing line, new ledger" "$NEW1"
sed 's/"org": "o"/"org": "o2"/' "$T/syntax.case" | sed '1a {"date": "2024-01-01", "type": "org.create", "data": {"id": "o2", "name": "O2"}}' >"$T/syntax2.case"
refused "case file: not JSON on line 4, new ledger" \
	'^assent: [^ ]*syntax2\.case:4: not valid JSON' 1 \
	"$ASSENT" --db "$NEW4" load "$T/syntax2.case"
absent "case file: not JSON on line 4, new ledger" "$NEW4"

cat >"$T/semantic.case" <<'EOF'
{"date": "2024-02-01", "type": "member.join", "data": {"org": "o", "code": "DDD", "name": "Dd"}}

# line 3 a comment, line 2 blank
{"date": "2024-02-02", "type": "position.declare", "data": {"proposal": "t", "member": "DDD", "position": "support", "source": "s"}}
{"date": "2024-02-03", "type": "position.declare", "data": {"proposal": "t", "member": "ZZZ", "position": "support", "source": "s"}}
{"date": "2024-02-04", "type": "member.join", "data": {"org": "o", "code": "EEE", "name": "Ee"}}
EOF
refused "case file: an unknown member on line 5" \
	"^assent: [^ ]*semantic\.case:5: position\.declare: unknown member 'ZZZ' of o; nothing was written\$" 1 \
	"$ASSENT" load "$T/semantic.case"
{
	printf '%s\n' '{"date": "2020-01-01", "type": "org.create", "data": {"id": "o", "name": "Org"}}'
	printf '%s\n' '{"date": "2020-01-01", "type": "proposal.open", "data": {"id": "t", "org": "o", "kind": "text", "title": "T"}}'
	cat "$T/semantic.case"
} >"$T/semantic-new.case"
refused "case file: an unknown member on line 7, new ledger" \
	"^assent: [^ ]*semantic-new\.case:7: position\.declare: unknown member 'ZZZ' of o; nothing was written\$" 1 \
	"$ASSENT" --db "$NEW2" load "$T/semantic-new.case"
absent "case file: an unknown member on line 7, new ledger" "$NEW2"

# All or nothing: every event but the last is good.
cat >"$T/last.case" <<'EOF'
{"date": "2024-03-10", "type": "commitment.give", "data": {"id": "c1", "source": "a letter"}}
{"date": "2024-03-10", "type": "position.declare", "data": {"proposal": "t", "member": "CCC", "position": "support", "source": "s"}}
{"date": "2024-03-10", "type": "position.declare", "data": {"proposal": "t", "member": "BBB", "position": "object", "source": "s"}}
{"date": "2024-03-11", "type": "decision.take", "data": {"proposal": "t"}}
EOF
refused "case file: the last event refused" \
	"^assent: [^ ]*last\.case:4: decision\.take: the rule \(unanimity\) does not hold for t on 2024-03-11: missing BBB; nothing was written\$" 1 \
	"$ASSENT" load "$T/last.case"
out=$("$ASSENT" --json timeline)
jqcheck "case file: the last event refused: no commitment given" "$out" \
	'[.. | objects | select(.type? == "commitment.give")] | length' 0
{
	cat "$T/setup.case"
	printf '%s\n' '{"date": "2020-01-01", "type": "proposal.open", "data": {"id": "t", "org": "o", "kind": "text", "title": "T"}}'
	printf '%s\n' '{"date": "2020-01-02", "type": "decision.take", "data": {"proposal": "t"}}'
} >"$T/last-new.case"
refused "case file: the last event refused, new ledger" \
	"^assent: [^ ]*last-new\.case:6: decision\.take: the rule \(unanimity\) does not hold for t on 2020-01-02: missing AAA; nothing was written\$" 1 \
	"$ASSENT" --db "$NEW3" load "$T/last-new.case"
absent "case file: the last event refused, new ledger" "$NEW3"

# Unknown fields, keys and types, and a bad date, in a case file.
refused "a weight that is not a finite number" "^assent: --weights: 'inf' is not a number\$" 2 \
	"$ASSENT" member-join --org o --code FFF --name Ff --weights votes=inf --date 2024-02-01
refused "a weight without its name" "^assent: --weights: expected NAME=NUMBER" 2 \
	"$ASSENT" member-join --org o --code FFF --name Ff --weights =3 --date 2024-02-01
refused "an option without its value" "^assent: position: option needs a value: '--source'" 2 \
	"$ASSENT" position --proposal t --member AAA --position support --source
refused "an unknown global option" "^assent: unknown option '--colour' \\(see 'assent --help'\\)$" 2 \
	"$ASSENT" --colour red proposals
printf '%s\n' '{"date": "2024-02-01", "type": "member.join", "data": {"org": "o", "code": "DDD", "name": "Dd", "colour": "red"}}' >"$T/field.case"
refused "case file: an unknown field in data" \
	"^assent: [^ ]*field\.case:1: member\.join: unknown field 'colour'; nothing was written\$" 1 \
	"$ASSENT" load "$T/field.case"
printf '%s\n' '{"date": "2024-02-01", "type": "member.join", "data": {"org": "o", "code": "DDD", "name": "Dd"}, "colour": "red"}' >"$T/key.case"
refused "case file: an unknown key beside data" \
	"^assent: [^ ]*key\.case:1: unknown key 'colour'" 1 \
	"$ASSENT" load "$T/key.case"
# Not bad: an envelope date with a zone offset is taken, in UTC, as on the
# command line; a date in the payload must be written as it will be hashed.
printf '%s\n' '{"date": "2021-01-01T01:30:00+02:00", "type": "org.create", "data": {"id": "tz", "name": "Tz"}}' >"$T/tz.case"
"$ASSENT" --db "$TZ" load "$T/tz.case" >/dev/null
check "an offset date is stored in UTC" \
    "$("$ASSENT" --db "$TZ" timeline --json | jq -r '.events[0].date')" "2020-12-31T23:30:00Z"
# A line over the limit of one event (1 MiB) is refused by its number.
{ echo '# a comment'; printf '{"date": "2024-02-01", "type": "member.join", "data": {"org": "o", "code": "DDD", "name": "'; head -c 1100000 /dev/zero | tr '\0' x; echo '"}}'; } >"$T/long.case"
refused "a line over 1 MiB" "^assent: [^ ]*long\.case:2: longer than the limit of 1048576 bytes for one event\$" 1 \
	"$ASSENT" load "$T/long.case"
printf '%s\n' '# types' '{"date": "2024-02-01", "type": "member.adopt", "data": {"org": "o", "code": "DDD", "name": "Dd"}}' >"$T/type.case"
refused "case file: an unknown event type" \
	"^assent: [^ ]*type\.case:2: unknown event type 'member\.adopt'\$" 1 \
	"$ASSENT" load "$T/type.case"
refused "case file: an unknown event type, new ledger" \
	"^assent: [^ ]*type\.case:2: unknown event type 'member\.adopt'\$" 1 \
	"$ASSENT" --db "$NEW4" load "$T/type.case"
absent "case file: an unknown event type, new ledger" "$NEW4"
printf '%s\n' '{"date": "2024-02-30", "type": "member.join", "data": {"org": "o", "code": "DDD", "name": "Dd"}}' >"$T/date.case"
refused "case file: a malformed date" \
	"^assent: [^ ]*date\.case:1: date '2024-02-30' is not a valid date" 1 \
	"$ASSENT" load "$T/date.case"
printf '%s\n' '{"date": "2024-02-01", "type": "position.declare", "data": {"proposal": "t", "member": "CCC", "position": "object"}}' >"$T/source.case"
refused "case file: a missing required field" \
	"^assent: [^ ]*source\.case:1: position\.declare: field 'source' is required; nothing was written\$" 1 \
	"$ASSENT" load "$T/source.case"

# --- Imports.
"$ASSENT" export "$T/good.jsonl"
check "export: 14 lines" "$(wc -l <"$T/good.jsonl" | tr -d ' ')" 14
# One byte of event 4's data (BBB's accession date) changed: still a
# valid event, so only the hash can tell.
sed '4s/"since":"2024-03-07"/"since":"2024-03-08"/' "$T/good.jsonl" >"$T/bad.jsonl"
check "import: the edit changes one byte" \
	"$(cmp -l "$T/good.jsonl" "$T/bad.jsonl" | wc -l | tr -d ' ')" 1
refused "import: a broken chain into a new ledger" \
	"^assent: [^ ]*bad\.jsonl:4: event 4: its content does not match its hash \(altered\); nothing was written\$" 1 \
	"$ASSENT" --db "$NEW5" import "$T/bad.jsonl"
absent "import: a broken chain into a new ledger" "$NEW5"
refused "import: the export into the ledger it came from" \
	"^assent: [^ ]*good\.jsonl:1: event 1: found where event 15 should be" 1 \
	"$ASSENT" import "$T/good.jsonl"
# A ledger that shares events 1-3 and then has an event 4 of its own.
head -n 3 "$T/good.jsonl" >"$T/first3.jsonl"
tail -n +5 "$T/good.jsonl" >"$T/from5.jsonl"
quiet "$ASSENT" --db "$OTHER" import "$T/first3.jsonl"
quiet "$ASSENT" --db "$OTHER" member-join --org o --code BBB --name Bb \
	--since 2024-03-06 --date 2024-01-10
refused "import: a valid export onto a ledger whose head differs" \
	"^assent: [^ ]*from5\.jsonl:1: event 5: its link does not match the hash of event 4" 1 \
	"$ASSENT" --db "$OTHER" import "$T/from5.jsonl"
check "import onto a different head: still 4 events" \
	"$("$ASSENT" --db "$OTHER" verify --json | jq .events)" 4
quiet "$ASSENT" --db "$OTHER2" org-create --id q --name Q --date 2019-01-01
refused "import: a whole export onto another ledger" \
	"^assent: [^ ]*good\.jsonl:1: event 1: found where event 2 should be" 1 \
	"$ASSENT" --db "$OTHER2" import "$T/good.jsonl"

# --- Files that are not assent ledgers: exit 3, the file untouched.
if [ "$BACKEND" = postgresql ]; then
	# A database of another application's: refused, its table intact.
	NOTES=$(ledger notes.db)
	sql "$NOTES" "CREATE TABLE notes(id integer PRIMARY KEY, body text);
	    INSERT INTO notes VALUES (1, 'one')"
	for cmd in "status t" verify export "org-create --id q --name Q" \
	    "load $T/setup.case" "import $T/good.jsonl"; do
		# shellcheck disable=SC2086
		refused "another application's database: $cmd" \
			"^assent: [^ ]*notes\.db: not an assent ledger" 3 \
			"$ASSENT" --db "$NOTES" $cmd
		check "another application's database: $cmd: its tables" \
		    "$(sql "$NOTES" "SELECT string_agg(tablename, ',') FROM pg_tables WHERE schemaname = 'public'")|$(sql "$NOTES" "SELECT body FROM notes")" "notes|one"
	done
fi
if [ "$BACKEND" = sqlite ]; then
	printf 'hello, I am a text file\n' >"$T/text.db"
	cp "$T/text.db" "$T/text.orig"
	sqlite3 "$T/sql.db" 'CREATE TABLE notes(id INTEGER PRIMARY KEY, body TEXT);
INSERT INTO notes(body) VALUES (1);'
	cp "$T/sql.db" "$T/sql.orig"
fi
for f in text sql; do
	[ "$BACKEND" = sqlite ] || break
	for cmd in "status t" verify export "org-create --id q --name Q" \
	    "load $T/setup.case" "import $T/good.jsonl"; do
		# shellcheck disable=SC2086
		refused "$f file: $cmd" "^assent: [^ ]*$f\.db: not an assent ledger" 3 \
			"$ASSENT" --db "$T/$f.db" $cmd
		if cmp -s "$T/$f.db" "$T/$f.orig"; then ok; else
			fail "$f file: $cmd changed the file"
		fi
		for sfx in -wal -shm -journal; do
			if [ -e "$T/$f.db$sfx" ]; then
				fail "$f file: $cmd left $f.db$sfx"
			fi
		done
	done
done

# --- Reads on a missing ledger: exit 3, and no file made.
for cmd in "status t" verify export proposals timeline "office sg"; do
	# shellcheck disable=SC2086
	refused "missing ledger: $cmd" \
		"^assent: [^ ]*nowhere\.db: no ledger there" 3 \
		"$ASSENT" --db "$NOWHERE" $cmd
	absent "missing ledger: $cmd" "$NOWHERE"
done
# A write refused on a missing ledger leaves no file either.
refused "missing ledger: a refused position" \
	"^assent: position\.declare: unknown proposal 't'\$" 1 \
	"$ASSENT" --db "$NOWHERE" position --proposal t --member AAA \
	--position support --source s --date 2024-01-01
absent "missing ledger: a refused position" "$NOWHERE"

check "the ledger still has its 14 events" "$(head_seq)" 14
if "$ASSENT" verify >/dev/null 2>&1; then ok; else
	fail "the ledger does not verify after the refused writes"
fi

done_testing
