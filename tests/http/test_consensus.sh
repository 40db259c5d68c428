# Consensus as no formal objection and decisions by acclamation over the
# API (issue 11): the status and the analysis (with ?if=) answer as the
# CLI; decision.take by acclamation is posted with the CLI's checks, each
# refusal a 422 naming it, nothing written.
. "$(dirname "$0")/lib.sh"

"$ASSENT" load "$ASSENT_ROOT/tests/fixtures/consensus.case" >/dev/null
"$ASSENT" position --proposal u --member CCC --position object --source s \
    --date 2020-01-04 >/dev/null
ADMIN=$(token root admin)
start_server

check "status" "$(call GET '/v1/proposals/t/status?as_of=2020-01-03' "$ADMIN")" 200
jqcheck "no objection so far: open" "$(body)" \
    '[.state, .outcome, .to_bring_in, .not_said]' '["open","open",[],["BBB","CCC","DDD"]]'
check "the same as the CLI" "$(body | jq -S 'del(.known_at)')" \
    "$("$ASSENT" status t --json --as-of 2020-01-03 | jq -S 'del(.known_at)')"
check "analysis" "$(call GET '/v1/proposals/t/analysis?as_of=2020-01-03' "$ADMIN")" 200
jqcheck "analysis: open, adopted on a decision, any objection blocks" "$(body)" \
    '[.outcome, .on_decision.outcome, [.pivotal[].member], .minimal_sets.sets]' \
    '["open","adopted",["AAA","BBB","CCC","DDD"],[[]]]'
check "what-if" "$(call GET '/v1/proposals/t/analysis?as_of=2020-01-03&if=CCC:object' "$ADMIN")" 200
jqcheck "what-if objection: CCC to bring round" "$(body)" \
    '[.outcome, .on_decision.outcome, .minimal_sets.sets, .what_if]' \
    '["open","open",[["CCC"]],[{"member":"CCC","stance":"object"}]]'
check "a consensus decision, two silent" "$(call POST /v1/events/decision.take "$ADMIN" \
    '{"date":"2020-01-05","data":{"proposal":"t","source":"minutes"}}')" 201
check "status after" "$(call GET '/v1/proposals/t/status' "$ADMIN")" 200
jqcheck "decided by positions" "$(body)" '[.state, .decision.by, .decision.individual_positions]' \
    '["decided","positions",true]'

refused_post "acclamation without a source" decision.take \
    '{"date":"2020-01-06","data":{"proposal":"u","by":"acclamation"}}' 422 \
    "^decision.take: by acclamation: field 'source' or 'cites' is required"
refused_post "acclamation while an objection stands" decision.take \
    '{"date":"2020-01-06","data":{"proposal":"u","by":"acclamation","source":"minutes"}}' 422 \
    "^decision.take: by acclamation, without objection, but CCC's objection stands on 2020-01-06"
refused_post "a 'by' not of the list" decision.take \
    '{"date":"2020-01-06","data":{"proposal":"u","by":"applause","source":"minutes"}}' 400 \
    "field 'by': must be one of acclamation"
check "CCC withdraws" "$(call POST /v1/events/position.declare "$ADMIN" \
    '{"date":"2020-01-06","data":{"proposal":"u","member":"CCC","position":"none","source":"s"}}')" 201
check "by acclamation" "$(call POST /v1/events/decision.take "$ADMIN" \
    '{"date":"2020-01-07","data":{"proposal":"u","by":"acclamation","source":"Minutes of 7 January"}}')" 201
check "status" "$(call GET '/v1/proposals/u/status' "$ADMIN")" 200
jqcheck "decided by acclamation, no individual positions" "$(body)" \
    '[.state, .decision.by, .decision.individual_positions, .decision.source]' \
    '["decided","acclamation",false,"Minutes of 7 January"]'

stop_server
done_testing
