# assent copy: an SQLite ledger moved into the backend under test ($DB:
# PostgreSQL in pg/cli/test_copy) and back into a new SQLite file keeps
# every hash and every answer; a copy cut short resumes; a destination
# holding another chain is refused and left as it was.
. "$(dirname "$0")/lib.sh"

SRC="$T/source.db"
BACK="$T/back.db"
ASSENT_CHECKPOINT_BYTES=3000 quiet "$ASSENT" --db "$SRC" load "$CASE"
quiet "$ASSENT" --db "$SRC" position --proposal sg-2024 --member HUN \
	--position object --candidate rutte --source "reported in May" \
	--date 2024-05-02
src=$("$ASSENT" --db "$SRC" verify --json)
head=$(printf '%s' "$src" | jq -r .head)
N=$(printf '%s' "$src" | jq -r .events)	# the case and one more
jqcheck "the source has checkpoints" "$src" '.checkpoints > 0' true

quiet "$ASSENT" copy "$SRC" "$DB"
if grep -Eq "^copied $N events \(1-$N\); [^ ]+ verifies: $N events, head $head\$" "$T/out"; then ok; else
	fail "copy says what it did: $(cat "$T/out")"
fi
jqcheck "the copy's head" "$("$ASSENT" --db "$DB" verify --json)" \
    '[.intact, .events, .head]' "[true,$N,\"$head\"]"
quiet "$ASSENT" copy "$DB" "$BACK"
jqcheck "back again: the head" "$("$ASSENT" --db "$BACK" verify --json)" \
    '[.intact, .events, .head]' "[true,$N,\"$head\"]"
check "back again: the same export" "$("$ASSENT" --db "$BACK" export | md5sum)" \
    "$("$ASSENT" --db "$SRC" export | md5sum)"
for q in "status sg-2024 --as-of 2024-05-03" "office secretary-general" \
    "org nato --as-of 2024-06-20" "timeline --proposal sg-2024"; do
	# shellcheck disable=SC2086
	check "the copy answers as the source: $q" \
	    "$("$ASSENT" --db "$DB" $q --json)" "$("$ASSENT" --db "$SRC" $q --json)"
done
# Writes go on in the copy, chained to the copied head.
quiet "$ASSENT" --db "$DB" proposal-open --id after-copy --org nato \
	--kind text --title T --text t --date 2024-07-01
jqcheck "a write after the copy" "$("$ASSENT" --db "$DB" verify --json)" \
    '[.intact, .events]' "[true,$((N + 1))]"

# A copy cut short (the first 30 events there) goes on from where it
# stopped; a second copy has nothing to do.
PART=$(ledger part.db)
"$ASSENT" --db "$SRC" export | head -n 30 >"$T/first30.jsonl"
quiet "$ASSENT" --db "$PART" import "$T/first30.jsonl"
quiet "$ASSENT" copy "$SRC" "$PART"
if grep -Eq "^copied $((N - 30)) events \(31-$N\); " "$T/out"; then ok; else
	fail "the copy resumes: $(cat "$T/out")"
fi
quiet "$ASSENT" copy "$SRC" "$PART"
if grep -q "^nothing to copy: " "$T/out"; then ok; else
	fail "nothing left to copy: $(cat "$T/out")"
fi

# Refused: into a ledger of another chain (its head moved by the write
# above), from a ledger that is not there, onto itself.
quiet "$ASSENT" --db "$BACK" org-create --id other --name Other --date 2020-01-01
refused "a copy into another chain" \
	"^assent: copy: [^ ]+ holds another ledger \\(its event $((N + 1)) is not [^ ]+'s\\); nothing was written\$" 1 \
	"$ASSENT" copy "$DB" "$BACK"
check "a copy into another chain: untouched" \
    "$("$ASSENT" --db "$BACK" verify --json | jq .events)" $((N + 1))
NONE=$(ledger none.db)
refused "a copy from a missing ledger" \
	"^assent: [^ ]*none\\.db: no ledger there" 3 \
	"$ASSENT" copy "$NONE" "$T/never.db"
if [ -e "$T/never.db" ]; then fail "a failed copy made its destination"; else ok; fi
refused "a copy onto itself" "^assent: copy: FROM and TO are the same ledger\$" 2 \
	"$ASSENT" copy "$DB" "$DB"

done_testing
