# assent analyse on the NATO case: the outcome, the pivotal members, the
# smallest sets whose support would carry it, and what-if positions that
# change the answer but never the ledger.
. "$(dirname "$0")/lib.sh"

"$ASSENT" load "$CASE" >/dev/null
head=$("$ASSENT" verify --json | jq -r .head)

a() {
	"$ASSENT" analyse sg-2024 --json "$@"
}

# 17 June: Hungary objects, Romania's president is still a candidate,
# Slovakia has not said.

refused "two candidates standing" \
	"^assent: analyse: sg-2024 has 2 candidates standing; name one with --candidate$" 1 \
	"$ASSENT" analyse sg-2024 --as-of 2024-06-17
s=$(a --candidate rutte --as-of 2024-06-17)
jqcheck "06-17: open" "$s" '.outcome' '"open"'
jqcheck "06-17: nobody pivotal alone" "$s" '.pivotal' '[]'
jqcheck "06-17: the one smallest set" "$s" \
	'[.minimal_sets.smallest, (.minimal_sets.sets | map(sort)), .minimal_sets.complete]' \
	'[3,[["HUN","ROU","SVK"]],true]'
jqcheck "06-17: Hungary objects" "$s" \
	'.members[] | select(.code == "HUN") | .stance' '"object"'

# 19 June: only Romania is missing, so Romania alone is pivotal.
s=$(a --candidate rutte --as-of 2024-06-19)
jqcheck "06-19: Romania pivotal" "$s" '.pivotal' \
	'[{"member":"ROU","stance":"none","change_to":"support","outcome":"adopted"}]'
jqcheck "06-19: smallest set" "$s" '.minimal_sets.sets' '[["ROU"]]'

# What if Romania had backed Rutte on the 19th: carried, and every ally
# is then pivotal (an objection from any of the 32 would undo it).
s=$(a --candidate rutte --as-of 2024-06-19 --if ROU=support)
jqcheck "what-if: adopted" "$s" '[.outcome, .what_if]' \
	'["adopted",[{"member":"ROU","stance":"support"}]]'
jqcheck "what-if: 32 pivotal" "$s" '.pivotal | length' '32'
jqcheck "what-if: carried already" "$s" '.minimal_sets.sets' '[[]]'
# And if Hungary objected on the 20th: open again, Hungary to bring in.
s=$(a --candidate rutte --as-of 2024-06-20 --if HUN=object)
jqcheck "what-if objection: open" "$s" '[.outcome, .minimal_sets.sets]' \
	'["open",[["HUN"]]]'
check "what-if wrote nothing" "$("$ASSENT" verify --json | jq -r .head)" "$head"

"$ASSENT" analyse sg-2024 --candidate rutte --as-of 2024-06-19 >"$T/out"
if grep -q "^  ROU: none -> support makes it adopted$" "$T/out"; then ok; else
	fail "human analysis: $(cat "$T/out")"; fi

# Bad input.
refused "unknown member in a what-if" \
	"^assent: analyse: what-if: 'XXX' is not a member of nato as of 2024-06-19$" 1 \
	"$ASSENT" analyse sg-2024 --candidate rutte --as-of 2024-06-19 --if XXX=support
refused "a stance that does not exist" \
	"^assent: analyse: --if HUN: stance 'maybe' must be support, object, abstain or none$" 2 \
	"$ASSENT" analyse sg-2024 --candidate rutte --if HUN=maybe
refused "a what-if without a stance" \
	"^assent: analyse: --if: expected MEMBER=STANCE, e.g. HUN=support \(got 'HUN'\)$" 2 \
	"$ASSENT" analyse sg-2024 --candidate rutte --if HUN
refused "unknown candidate" "^assent: analyse: unknown candidate 'nobody' in sg-2024$" 1 \
	"$ASSENT" analyse sg-2024 --candidate nobody
refused "unknown proposal" "^assent: analyse: unknown proposal 'nope' as of " 1 \
	"$ASSENT" analyse nope
refused "a limit out of range" "^assent: analyse: --limit must be a number from 1 to 1000$" 2 \
	"$ASSENT" analyse sg-2024 --limit 0

done_testing
