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

# After the decision (26 June) the analysis says it is decided: no one
# is pivotal, no set is needed, though the stances are all for it.
s=$(a --candidate rutte --as-of 2024-07-01)
jqcheck "decided: said" "$s" '[.outcome, .decided, .decided_on]' \
	'["adopted",true,"2024-06-26"]'
jqcheck "decided: no one pivotal" "$s" '.pivotal' '[]'
jqcheck "decided: no set needed" "$s" '[.minimal_sets.sets, .minimal_sets.note]' \
	'[[],"none needed: the proposal is decided"]'
s=$(a --candidate rutte --as-of 2024-06-25)
jqcheck "the day before: not decided" "$s" '[.decided, .decided_on, (.pivotal | length)]' \
	'[false,null,32]'
"$ASSENT" analyse sg-2024 --candidate rutte --as-of 2024-07-01 >"$T/out"
if grep -q "^decided on 2024-06-26: no one is pivotal" "$T/out" &&
    ! grep -q "makes it open" "$T/out"; then ok; else
	fail "human analysis after the decision: $(cat "$T/out")"; fi

"$ASSENT" analyse sg-2024 --candidate rutte --as-of 2024-06-19 >"$T/out"
if grep -q "^  ROU: none -> support makes it adopted$" "$T/out"; then ok; else
	fail "human analysis: $(cat "$T/out")"; fi

# The Security Council (the bundled data): a Russian veto against nine
# votes. Russia alone is pivotal, and its support alone would carry it;
# were it to abstain instead, any one more vote would.
U=$(ledger unsc.db)
"$ASSENT" --db "$U" load "$ASSENT_ROOT/data/unsc/unsc.case" >/dev/null
"$ASSENT" --db "$U" proposal-open --id res --org unsc --kind text \
	--title "A resolution" --date 2026-06-01 >/dev/null
for m in FRA GBR USA DNK GRC PAK PAN SOM; do
	"$ASSENT" --db "$U" position --proposal res --member "$m" \
	    --position support --source vote --date 2026-06-02 >/dev/null
done
"$ASSENT" --db "$U" position --proposal res --member RUS --position object \
	--source vote --date 2026-06-02 >/dev/null
s=$("$ASSENT" --db "$U" analyse res --as-of 2026-06-03 --json)
jqcheck "UNSC: vetoed" "$s" '[.outcome, .explanation]' \
	'["open","8 of 15 in favour (9 needed); vetoed by RUS"]'
jqcheck "UNSC: Russia pivotal alone" "$s" '[.pivotal[].member]' '["RUS"]'
jqcheck "UNSC: Russia's support would carry it" "$s" \
	'[.minimal_sets.sets, .minimal_sets.complete]' '[[["RUS"]],true]'
s=$("$ASSENT" --db "$U" analyse res --as-of 2026-06-03 --json --if RUS=abstain)
jqcheck "UNSC: an abstaining permanent member is no veto" "$s" \
	'[.outcome, (.pivotal | length), .minimal_sets.smallest]' '["open",7,1]'
s=$("$ASSENT" --db "$U" analyse res --as-of 2026-06-03 --json --if RUS=abstain \
	--if CHN=support)
jqcheck "UNSC: nine with an abstention carry it" "$s" '.outcome' '"adopted"'

# Thirty members of whom any one carries it ("at least 1 in favour"),
# and a veto that only its holder can lift: the search ends at once and
# says it is complete, instead of visiting 2^30 sets it would skip.
B=$(ledger big.db)
"$ASSENT" --db "$B" org-create --id o --name O --rule "at least 1 in favour" \
	--date 2024-01-01 >/dev/null
"$ASSENT" --db "$B" org-create --id v --name V --rule "veto by M10" \
	--date 2024-01-01 >/dev/null
for i in $(seq 10 39); do
	for o in o v; do
		"$ASSENT" --db "$B" member-join --org $o --code "M$i" --name "M$i" \
		    --date 2024-01-01 >/dev/null
	done
done
for o in o v; do
	"$ASSENT" --db "$B" proposal-open --id "p$o" --org $o --kind text \
	    --title P --date 2024-01-02 >/dev/null
done
"$ASSENT" --db "$B" position --proposal pv --member M10 --position object \
	--source s --date 2024-01-03 >/dev/null
s=$("$ASSENT" --db "$B" analyse po --limit 1000 --json)
jqcheck "any one carries it: 30 sets, complete" "$s" \
	'[(.minimal_sets.sets | length), .minimal_sets.smallest, .minimal_sets.complete]' \
	'[30,1,true]'
s=$("$ASSENT" --db "$B" analyse pv --json)
jqcheck "only the veto's holder: one set, complete" "$s" \
	'[.minimal_sets.sets, .minimal_sets.complete]' '[[["M10"]],true]'

# A large organisation (bench/analysis_case.awk: 1,000 members, one in ten
# for, three in ten against): under two-thirds of the members the size of
# a set is decided by a count, and the first sets come at once (the
# bound is the smallest); under unanimity the 900 not in favour are the
# one set.
L=$(ledger large.db)
awk -v MEMBERS=1000 -v RULES='"at least 2/3 of members"|"unanimity"|"at least 75% of members by up and at least 75% of members by down"' \
	-f "$ASSENT_ROOT/bench/analysis_case.awk" >"$T/large.case"
"$ASSENT" --db "$L" load "$T/large.case" >/dev/null
s=$("$ASSENT" --db "$L" analyse p0 --json)
jqcheck "two-thirds of 1,000: sets of 567, found" "$s" \
	'[.minimal_sets.smallest, .minimal_sets.lower_bound, (.minimal_sets.sets | length), (.minimal_sets.sets[0] | length), .cut_off]' \
	'[567,567,10,567,null]'
s=$("$ASSENT" --db "$L" analyse p1 --json)
jqcheck "unanimity of 1,000: the 900 others, complete" "$s" \
	'[(.minimal_sets.sets | map(length)), .minimal_sets.complete, .cut_off]' \
	'[[900],true,null]'
# Two majorities by opposite weights: the search cannot end, and the time
# limit says so, in the JSON and in the text.
s=$("$ASSENT" --db "$L" analyse p2 --json --time-limit 0.2)
jqcheck "cut off by the time limit" "$s" \
	'[.cut_off, .budget.time_limit_ms, .minimal_sets.complete]' \
	'[{"by":"time","during":"minimal_sets"},200,false]'
"$ASSENT" --db "$L" analyse p2 --time-limit 0.2 >"$T/out"
if grep -q "^CUT OFF: the time limit (200 ms) ran out during the minimal_sets; the sets below are those found by then$" "$T/out"; then
	ok; else fail "cut-off not said: $(cat "$T/out")"; fi
s=$(a --candidate rutte --as-of 2024-06-19)
jqcheck "the default budget, reported" "$s" '[.budget, .cut_off]' \
	'[{"evaluations":2000000,"time_limit_ms":10000},null]'

# Bad input.
refused "a time limit of zero" \
	"^assent: analyse: --time-limit must be a number of seconds above 0, at most 3600$" 2 \
	"$ASSENT" analyse sg-2024 --candidate rutte --time-limit 0
refused "a time limit that is not a number" \
	"^assent: analyse: --time-limit must be a number of seconds above 0, at most 3600$" 2 \
	"$ASSENT" analyse sg-2024 --candidate rutte --time-limit soon
refused "unknown member in a what-if" \
	"^assent: analyse: what-if: 'XXX' is not a member of nato as of 2024-06-19$" 1 \
	"$ASSENT" analyse sg-2024 --candidate rutte --as-of 2024-06-19 --if XXX=support
refused "a what-if given twice" \
	"^assent: analyse: what-if: 'HUN' is given twice$" 1 \
	"$ASSENT" analyse sg-2024 --candidate rutte --if HUN=support --if HUN=object
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
