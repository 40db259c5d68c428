# Secret votes over the API (issue 11): POST /v1/events/vote.tally with
# the CLI's checks (each refusal a 4xx JSON naming the field, nothing
# written); the status and the analysis show the tally and the outcome it
# gives, as the CLI does.
. "$(dirname "$0")/lib.sh"

"$ASSENT" load "$ASSENT_ROOT/tests/fixtures/votes.case" >/dev/null
"$ASSENT" candidate-withdraw --proposal e --candidate bob --date 2020-01-10 >/dev/null
ADMIN=$(token root admin)
start_server

refused_post "more votes than members" vote.tally \
    '{"date":"2020-01-03","data":{"proposal":"r","for":4,"against":2,"abstain":0,"source":"s"}}' 422 \
    "^vote.tally: the tally counts 6 votes \\\\(4 for, 2 against, 0 abstaining, 0 not voting\\\\), more than the 5 members of g on 2020-01-03$"
refused_post "a negative count" vote.tally \
    '{"date":"2020-01-03","data":{"proposal":"r","for":-1,"against":2,"abstain":0,"source":"s"}}' 400 \
    "^vote.tally: field 'for': must be a whole number from 0$"
refused_post "a count that is not a number" vote.tally \
    '{"date":"2020-01-03","data":{"proposal":"r","for":"3","against":2,"abstain":0,"source":"s"}}' 400 \
    "^vote.tally: field 'for': must be a whole number from 0$"
refused_post "a withdrawn candidate" vote.tally \
    '{"date":"2020-01-11","data":{"proposal":"e","candidate":"bob","for":5,"against":0,"abstain":0,"source":"s"}}' 422 \
    "^vote.tally: candidate 'bob' has withdrawn on 2020-01-10$"
refused_post "a rule a tally cannot decide" vote.tally \
    '{"date":"2020-01-03","data":{"proposal":"q","for":5,"against":0,"abstain":0,"source":"s"}}' 422 \
    "^vote.tally: rule qmv: a tally cannot decide it"

check "a vote" "$(call POST /v1/events/vote.tally "$ADMIN" \
    '{"date":"2020-01-03","data":{"proposal":"r","for":4,"against":1,"abstain":0,"source":"the record"}}')" 201
check "status" "$(call GET '/v1/proposals/r/status?as_of=2020-01-03' "$ADMIN")" 200
jqcheck "the tally and its outcome" "$(body)" \
    '[.state, .outcome, (.votes[0] | [.for, .against, .abstain, .not_voting, .members, .outcome])]' \
    '["consensus","adopted",[4,1,0,0,5,"adopted"]]'
check "the same as the CLI" "$(body | jq -S 'del(.known_at)')" \
    "$("$ASSENT" status r --json --as-of 2020-01-03 | jq -S 'del(.known_at)')"
check "analysis" "$(call GET '/v1/proposals/r/analysis?as_of=2020-01-03' "$ADMIN")" 200
jqcheck "the analysis: the tally's outcome, no member to weigh" "$(body)" \
    '[.outcome, .pivotal, .minimal_sets.sets]' '["adopted",[],[]]'
check "a what-if on it" "$(call GET '/v1/proposals/r/analysis?as_of=2020-01-03&if=AAA:object' "$ADMIN")" 400
jqcheck "named" "$(body)" '.detail' \
    '"analyse: what-if: r was put to a secret vote on 2020-01-03, whose tally names no member"'
check "the decision" "$(call POST /v1/events/decision.take "$ADMIN" \
    '{"date":"2020-01-04","data":{"proposal":"r","source":"the record"}}')" 201
check "status after" "$(call GET '/v1/proposals/r/status' "$ADMIN")" 200
jqcheck "decided by secret vote" "$(body)" '[.state, .decision.by, .decision.individual_positions]' \
    '["decided","vote",false]'

stop_server
done_testing
