# Tampering: the NATO case is loaded, then each check takes a fresh copy
# of the database, drops the append-only triggers with the sqlite3 CLI,
# changes the stored events behind assent's back, and expects verify to
# see it: exit 4, .intact false and .first_bad the first event that no
# longer fits the chain. Then the triggers themselves, and the round trip
# through export and import.
. "$(dirname "$0")/lib.sh"

BASE="$T/base.db"
X="$T/x.db"
TRIGGERS='DROP TRIGGER events_append_only_update;
DROP TRIGGER events_append_only_delete;'

# The good ledger, checkpointed so that the main file holds everything;
# N events, the last one N.
"$ASSENT" --db "$BASE" load "$CASE" >/dev/null
N=$(grep -c '^{' "$CASE")
P=$((N - 1))
sqlite3 "$BASE" 'PRAGMA wal_checkpoint(TRUNCATE);' >/dev/null
rm -f "$BASE-wal" "$BASE-shm"

set +e
out=$("$ASSENT" --db "$BASE" verify --json 2>"$T/err")
rc=$?
set -e
check "good ledger: verify exit status" "$rc" 0
check "good ledger: verify is silent on stderr" "$(cat "$T/err")" ""
jqcheck "good ledger: intact" "$out" .intact true
jqcheck "good ledger: $N events" "$out" .events "$N"
jqcheck "good ledger: no first_bad" "$out" .first_bad null
HEAD=$(printf '%s' "$out" | jq -r .head)
check "good ledger: the head is the hash of event $N" "$HEAD" \
	"$(sqlite3 "$BASE" "SELECT lower(hex(hash)) FROM events WHERE seq = $N")"
check "good ledger: meta head_seq" \
	"$(sqlite3 "$BASE" "SELECT value FROM meta WHERE key = 'head_seq'")" "$N"

# fresh: a copy of the good ledger at $X, nothing else beside it.
fresh() {
	rm -f "$X" "$X-wal" "$X-shm" "$X-journal"
	cp "$BASE" "$X"
}

# tamper SQL: on a fresh copy, without the triggers.
tamper() {
	fresh
	sqlite3 "$X" "$TRIGGERS $1"
}

# broken DESCRIPTION FIRST_BAD...: verify on $X must exit 4, say on one
# line of stderr that the ledger is broken, and report .intact false and
# .first_bad one of FIRST_BAD (the first is the expected one; more are
# accepted where the code may reasonably report either).
broken() {
	desc=$1
	shift
	set +e
	"$ASSENT" --db "$X" verify >"$T/out" 2>"$T/err"
	rc=$?
	set -e
	check "$desc: verify exit status" "$rc" 4
	check "$desc: one line on stderr" "$(wc -l <"$T/err" | tr -d ' ')" 1
	if grep -Eq '^assent: ledger broken: event [0-9]+: ' "$T/err"; then ok; else
		fail "$desc: stderr '$(cat "$T/err")' does not say the ledger is broken"
	fi
	set +e
	out=$("$ASSENT" --db "$X" verify --json 2>/dev/null)
	rc=$?
	set -e
	check "$desc: verify --json exit status" "$rc" 4
	jqcheck "$desc: not intact" "$out" .intact false
	got=$(printf '%s' "$out" | jq -c .first_bad)
	want=no
	for s in "$@"; do
		[ "$got" = "$s" ] && want=yes
	done
	if [ "$want" = yes ]; then ok; else
		fail "$desc: first_bad is $got, want $(echo "$@" | sed 's/ / or /g')"
	fi
	if printf '%s' "$out" | jq -e '.error | type == "string"' >/dev/null; then
		ok
	else
		fail "$desc: no error text in verify --json"
	fi
}

# change COLUMN SEQ [POS]: one character of a text column of one event
# replaced by another (position POS, default 10).
change() {
	pos=${3:-10}
	tamper "UPDATE events SET $1 = substr($1, 1, $pos - 1) ||
	    (CASE WHEN substr($1, $pos, 1) = 'x' THEN 'y' ELSE 'x' END) ||
	    substr($1, $pos + 1) WHERE seq = $2;"
	check "tamper $1 of event $2: exactly one byte differs" \
	    "$(sqlite3 "$X" "SELECT length($1) FROM events WHERE seq = $2")" \
	    "$(sqlite3 "$BASE" "SELECT length($1) FROM events WHERE seq = $2")"
}

# (a) one changed byte in the data of the first, a middle and the last event.
for k in 1 40 $N; do
	change data "$k"
	broken "one byte of the data of event $k" "$k"
done
# ... and in a character that is part of a value, not a key (the source).
tamper "UPDATE events SET data = replace(data, 'Rutte', 'Rutta') WHERE seq = (
    SELECT min(seq) FROM events WHERE data LIKE '%Rutte%');"
k=$(sqlite3 "$BASE" "SELECT min(seq) FROM events WHERE data LIKE '%Rutte%'")
broken "'Rutte' to 'Rutta' in event $k" "$k"

# One changed byte in the other hashed columns.
change date 40 4			# 2023-10-28 -> 202x-10-28
broken "one byte of the date of event 40" 40
change date $N 10
broken "one byte of the date of event $N" $N
change actor 40 1
broken "one byte of the actor of event 40" 40
change recorded 40 4
broken "one byte of the recorded time of event 40" 40
change recorded 1 19
broken "one byte of the recorded time of event 1" 1
change type 40 3
broken "one byte of the type of event 40" 40
change type $N 1
broken "one byte of the type of event $N" $N

# A flipped byte in the stored hash (and in the stored link) of an event.
flip_blob() {	# COLUMN SEQ: the first hex digit of the blob changed
	hex=$(sqlite3 "$BASE" "SELECT hex($1) FROM events WHERE seq = $2")
	first=$(printf '%s' "$hex" | cut -c1)
	rest=$(printf '%s' "$hex" | cut -c2-)
	if [ "$first" = 0 ]; then first=1; else first=0; fi
	tamper "UPDATE events SET $1 = X'$first$rest' WHERE seq = $2;"
	check "flip $1 of event $2: still 32 bytes" \
	    "$(sqlite3 "$X" "SELECT length($1) || typeof($1) FROM events WHERE seq = $2")" \
	    32blob
}
for k in 1 40 $N; do
	flip_blob hash "$k"
	broken "a flipped byte in the hash of event $k" "$k"
done
flip_blob prev 40
broken "a flipped byte in the link (prev) of event 40" 40

# (b) A deleted event in the middle, and the deleted last event (the meta
# head still says $N).
tamper 'DELETE FROM events WHERE seq = 40;'
broken "event 40 deleted" 40
tamper "DELETE FROM events WHERE seq = $N;"
broken "event $N (the last) deleted" $N
tamper 'DELETE FROM events WHERE seq = 1;'
broken "event 1 deleted" 1

# (c) A swapped pair: the content of events 10 and 11 exchanged, seq kept.
COLS='date, recorded, actor, type, data, prev, hash'
tamper "CREATE TEMP TABLE s AS SELECT * FROM events WHERE seq IN (10, 11);
UPDATE events SET ($COLS) = (SELECT $COLS FROM s WHERE s.seq = 21 - events.seq)
    WHERE seq IN (10, 11);"
check "swap: event 10 now holds event 11's hash" \
    "$(sqlite3 "$X" 'SELECT hex(hash) FROM events WHERE seq = 10')" \
    "$(sqlite3 "$BASE" 'SELECT hex(hash) FROM events WHERE seq = 11')"
broken "events 10 and 11 swapped (with their hashes)" 10
COLS='date, recorded, actor, type, data'
tamper "CREATE TEMP TABLE s AS SELECT * FROM events WHERE seq IN (10, 11);
UPDATE events SET ($COLS) = (SELECT $COLS FROM s WHERE s.seq = 21 - events.seq)
    WHERE seq IN (10, 11);"
broken "events 10 and 11 swapped (content only)" 10

# (d) An inserted event: events 20.. shifted up by one (via negative seqs,
# so that no two rows ever share a seq), then a copy of event 19 at 20.
tamper 'UPDATE events SET seq = -seq WHERE seq >= 20;
UPDATE events SET seq = 1 - seq WHERE seq < 0;
INSERT INTO events SELECT 20, date, recorded, actor, type, data, prev, hash,
    org, at FROM events WHERE seq = 19;'
check "insert: $((N + 1)) rows" "$(sqlite3 "$X" 'SELECT count(*) FROM events')" $((N + 1))
check "insert: old event 20 is now 21" \
    "$(sqlite3 "$X" 'SELECT hex(hash) FROM events WHERE seq = 21')" \
    "$(sqlite3 "$BASE" 'SELECT hex(hash) FROM events WHERE seq = 20')"
broken "a copy of event 19 inserted at 20" 20 21

# Regressions: bytes hidden after a NUL in a stored text, and a link of
# the wrong length, must not pass for the event that was written.
tamper "UPDATE events SET data = data || char(0) || 'hidden' WHERE seq = 40;"
check "NUL: the data really is longer" \
    "$(sqlite3 "$X" 'SELECT length(CAST(data AS BLOB)) > length(data) FROM events WHERE seq = 40')" 1
broken "bytes hidden after a NUL in the data of event 40" 40
if grep -q 'event 40: its content does not match its hash (altered)' "$T/err"; then ok; else
	fail "NUL in the data: stderr '$(cat "$T/err")' does not say the content was altered"
fi
tamper "UPDATE events SET actor = actor || char(0) || 'x' WHERE seq = $N;"
broken "bytes hidden after a NUL in the actor of event $N" $N
tamper "UPDATE events SET prev = x'00' WHERE seq = 1;"
broken "a one-byte link in event 1" 1
tamper "UPDATE events SET prev = zeroblob(32) || x'00' WHERE seq = 1;"
broken "a 33-byte link in event 1" 1
tamper "UPDATE events SET hash = lower(hex(hash)) WHERE seq = 40;"
broken "the hash of event 40 stored as text" 40

# The untampered ledger: the triggers refuse an UPDATE and a DELETE, and
# the ledger is unchanged afterwards.
for sql in "UPDATE events SET actor = 'mallory' WHERE seq = 40;" \
    "DELETE FROM events WHERE seq = $N;"; do
	fresh
	set +e
	sqlite3 "$X" "$sql" >"$T/out" 2>"$T/err"
	rc=$?
	set -e
	if [ "$rc" -ne 0 ]; then ok; else fail "trigger: '$sql' exited 0"; fi
	if grep -q 'append-only' "$T/err"; then ok; else
		fail "trigger: '$sql': stderr '$(cat "$T/err")' does not say append-only"
	fi
	set +e
	out=$("$ASSENT" --db "$X" verify --json)
	rc=$?
	set -e
	check "trigger: after '$sql', verify exit status" "$rc" 0
	jqcheck "trigger: after '$sql', intact" "$out" .intact true
	jqcheck "trigger: after '$sql', the same head" "$out" .head "\"$HEAD\""
done

# Export, import into a new ledger: the same chain, the same export.
"$ASSENT" --db "$BASE" export "$T/base.jsonl"
check "export: one line an event" "$(wc -l <"$T/base.jsonl" | tr -d ' ')" "$N"
set +e
"$ASSENT" --db "$T/copy.db" import "$T/base.jsonl" >"$T/out" 2>"$T/err"
rc=$?
set -e
check "import into a new ledger: exit status" "$rc" 0
check "import into a new ledger: nothing on stderr" "$(cat "$T/err")" ""
set +e
out=$("$ASSENT" --db "$T/copy.db" verify --json)
rc=$?
set -e
check "imported ledger: verify exit status" "$rc" 0
jqcheck "imported ledger: intact" "$out" .intact true
jqcheck "imported ledger: $N events" "$out" .events "$N"
jqcheck "imported ledger: the same head" "$out" .head "\"$HEAD\""
"$ASSENT" --db "$T/copy.db" export "$T/copy.jsonl"
if cmp -s "$T/base.jsonl" "$T/copy.jsonl"; then ok; else
	fail "the exports of the original and the imported ledger differ"
fi
"$ASSENT" --db "$BASE" export >"$T/stdout.jsonl"
if cmp -s "$T/base.jsonl" "$T/stdout.jsonl"; then ok; else
	fail "export to a file and to stdout differ"
fi

# verify --head: the expected head, or another hash.
set +e
"$ASSENT" --db "$T/copy.db" verify --head "$HEAD" >"$T/out" 2>"$T/err"
rc=$?
set -e
check "verify --head (the head): exit status" "$rc" 0
check "verify --head (the head): nothing on stderr" "$(cat "$T/err")" ""
OTHER=$(sqlite3 "$BASE" "SELECT lower(hex(hash)) FROM events WHERE seq = $P")
for h in "$OTHER" 0000000000000000000000000000000000000000000000000000000000000000; do
	set +e
	"$ASSENT" --db "$T/copy.db" verify --head "$h" >"$T/out" 2>"$T/err"
	rc=$?
	out=$("$ASSENT" --db "$T/copy.db" --json verify --head "$h" 2>/dev/null)
	set -e
	check "verify --head (another hash $h): exit status" "$rc" 4
	if grep -Eq "^assent: ledger broken: the head $HEAD is not the expected $h\$" \
	    "$T/err"; then ok; else
		fail "verify --head $h: stderr '$(cat "$T/err")'"
	fi
	jqcheck "verify --json --head (another hash): not intact" "$out" .intact false
	jqcheck "verify --json --head (another hash): no bad event" "$out" .first_bad null
done
UPPER=$(printf '%s' "$HEAD" | tr a-f A-F)
set +e
"$ASSENT" --db "$T/copy.db" verify --head "$UPPER" >/dev/null 2>&1
check "verify --head in upper-case hex" $? 0
set -e

done_testing
