# The analysis route: the CLI's `analyse` JSON, what-if from ?if=, and
# nothing written; bad parameters answered 400 naming them.
. "$(dirname "$0")/lib.sh"

"$ASSENT" load "$CASE" >/dev/null
# A large organisation beside it (bench/analysis_case.awk): p0's search
# cannot end (two majorities by opposite weights), p1 is another proposal.
awk -v MEMBERS=1000 -v RULES='"at least 75% of members by up and at least 75% of members by down"|"at least 2/3 of members"' \
	-f "$ASSENT_ROOT/bench/analysis_case.awk" >"$T/large.case"
"$ASSENT" load "$T/large.case" >/dev/null
OBS=$(token watcher observer)
SEC=$(token clerk secretariat big)
start_server
before=$(ledger_head)

# The same JSON as the CLI's, byte for byte once sorted.
check "analysis" "$(call GET '/v1/proposals/sg-2024/analysis?as_of=2024-06-19&candidate=rutte' "$OBS")" 200
a=$(jq -S . "$T/body")
b=$("$ASSENT" analyse sg-2024 --candidate rutte --as-of 2024-06-19 --json | jq -S .)
if [ "$a" = "$b" ]; then ok; else fail "analysis differs from the CLI's"; fi
jqcheck "Romania pivotal" "$a" '[.pivotal[].member]' '["ROU"]'
# Decided: no one pivotal.
check "analysis after the decision" "$(call GET '/v1/proposals/sg-2024/analysis?as_of=2024-07-01' "$OBS")" 200
jqcheck "decided, no one pivotal" "$(cat "$T/body")" '[.decided_on, .pivotal]' '["2024-06-26",[]]'

# What-if: Romania for, Hungary against.
check "what-if" "$(call GET '/v1/proposals/sg-2024/analysis?as_of=2024-06-19&candidate=rutte&if=ROU:support,HUN:object' "$OBS")" 200
a=$(jq -S . "$T/body")
b=$("$ASSENT" analyse sg-2024 --candidate rutte --as-of 2024-06-19 --json \
    --if ROU=support --if HUN=object | jq -S .)
if [ "$a" = "$b" ]; then ok; else fail "what-if differs from the CLI's"; fi
jqcheck "what-if outcome" "$a" '[.outcome, .minimal_sets.sets]' '["open",[["HUN"]]]'
check "nothing written" "$(ledger_head)" "$before"

# Bad input: 400 or 404, naming what is wrong; no token: 401.
check "bad stance" "$(call GET '/v1/proposals/sg-2024/analysis?candidate=rutte&if=HUN:maybe' "$OBS")" 400
jqcheck "bad stance named" "$(body)" .detail \
    "\"if: HUN: stance 'maybe' must be support, object, abstain or none\""
check "a member twice" "$(call GET '/v1/proposals/sg-2024/analysis?candidate=rutte&if=HUN:support,HUN:object' "$OBS")" 400
jqcheck "a member twice named" "$(body)" .detail "\"analyse: what-if: 'HUN' is given twice\""
check "bad item" "$(call GET '/v1/proposals/sg-2024/analysis?candidate=rutte&if=HUN' "$OBS")" 400
check "bad limit" "$(call GET '/v1/proposals/sg-2024/analysis?limit=0' "$OBS")" 400
jqcheck "bad limit named" "$(body)" '.detail | startswith("limit")' true
check "unknown member" "$(call GET '/v1/proposals/sg-2024/analysis?as_of=2024-06-19&candidate=rutte&if=XXX:support' "$OBS")" 400
jqcheck "unknown member named" "$(body)" .detail \
    "\"analyse: what-if: 'XXX' is not a member of nato as of 2024-06-19\""
check "two candidates standing" "$(call GET '/v1/proposals/sg-2024/analysis?as_of=2024-06-19' "$OBS")" 400
jqcheck "asks for one the API's way" "$(body)" .detail \
    '"analyse: sg-2024 has 2 candidates standing; name one with ?candidate="'
check "unknown proposal" "$(call GET '/v1/proposals/nope/analysis' "$OBS")" 404
check "no token" "$(call GET '/v1/proposals/sg-2024/analysis' "")" 401
check "still nothing written" "$(ledger_head)" "$before"
check "a time limit above the server's" "$(call GET '/v1/proposals/sg-2024/analysis?candidate=rutte&time_limit=11' "$OBS")" 400
jqcheck "the time limit named" "$(body)" .detail \
    '"time_limit: must be a number of seconds above 0, at most 10"'

# A long analysis holds no lock that others need: while it runs, a read
# of another proposal of its organisation and a write to it are answered
# (the analysis is still running after both), and then it ends at its
# time limit, saying so.
running() {
	curl -s "$URL/metrics" | sed -n "s/^assent_analyses_$1 //p"
}
curl -s -o "$T/long" -H "Authorization: Bearer $OBS" \
    "$URL/v1/proposals/p0/analysis?time_limit=5" &
long=$!
i=0
while [ "$(running running)" != 1 ] && [ $i -lt 400 ]; do
	sleep 0.05
	i=$((i + 1))
done
check "the analysis runs" "$(running running)" 1
check "a read meanwhile" "$(call GET /v1/proposals/p1/status "$OBS")" 200
jqcheck "the read's answer" "$(body)" '.members | length' 1000
check "a write meanwhile" "$(call POST /v1/events/position.declare "$SEC" \
    '{"data":{"proposal":"p1","member":"M00001","position":"support","source":"s"}}')" 201
check "both answered before the analysis ended" "$(running running)" 1
wait "$long"
jqcheck "the analysis cut off by its time limit" "$(cat "$T/long")" \
    '[.cut_off, .budget.time_limit_ms, .minimal_sets.complete]' \
    '[{"by":"time","during":"minimal_sets"},5000,false]'
check "counted" "$(running cut_off_total)" 1
check "none running" "$(running running)" 0

done_testing
