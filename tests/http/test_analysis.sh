# The analysis route: the CLI's `analyse` JSON, what-if from ?if=, and
# nothing written; bad parameters answered 400 naming them.
. "$(dirname "$0")/lib.sh"

"$ASSENT" load "$CASE" >/dev/null
OBS=$(token watcher observer)
start_server
before=$(ledger_head)

# The same JSON as the CLI's, byte for byte once sorted.
check "analysis" "$(call GET '/v1/proposals/sg-2024/analysis?as_of=2024-06-19&candidate=rutte' "$OBS")" 200
a=$(jq -S . "$T/body")
b=$("$ASSENT" analyse sg-2024 --candidate rutte --as-of 2024-06-19 --json | jq -S .)
if [ "$a" = "$b" ]; then ok; else fail "analysis differs from the CLI's"; fi
jqcheck "Romania pivotal" "$a" '[.pivotal[].member]' '["ROU"]'

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
check "unknown proposal" "$(call GET '/v1/proposals/nope/analysis' "$OBS")" 404
check "no token" "$(call GET '/v1/proposals/sg-2024/analysis' "")" 401
check "still nothing written" "$(ledger_head)" "$before"

done_testing
