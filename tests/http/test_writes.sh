# Writes that are safe to retry: If-Match on the ledger's head (412 when
# it moved, nothing recorded), and Idempotency-Key (a retry records
# nothing and gets the first answer; the same key for another body is
# 422; keys are per principal). Also: another process appending with the
# CLI is seen by the server.
. "$(dirname "$0")/lib.sh"

"$ASSENT" load "$CASE" >/dev/null
ADMIN=$(token root admin)
SEC=$(token nato-sec secretariat nato)
start_server

open_body() {
	printf '{"data":{"id":"%s","org":"nato","kind":"text","title":"T","text":"t"}}' "$1"
}

# If-Match: the head's ETag makes the write conditional.
check "head" "$(call GET /v1/head "$ADMIN")" 200
etag=$(header ETag)
check "If-Match the head" "$(call POST /v1/events/proposal.open "$SEC" \
    "$(open_body p1)" -H "If-Match: $etag")" 201
new=$(header ETag)
check "the answer's ETag is the new head" "$new" "\"$(jq -r .hash "$T/body")\""
before=$(ledger_head)
check "If-Match a stale head" "$(call POST /v1/events/proposal.open "$SEC" \
    "$(open_body p2)" -H "If-Match: $etag")" 412
jqcheck "412 body" "$(body)" .error '"precondition_failed"'
check "412 gives the current head" "$(header ETag)" "$new"
check "412 recorded nothing" "$(ledger_head)" "$before"
check "If-Match malformed" "$(call POST /v1/events/proposal.open "$SEC" \
    "$(open_body p2)" -H 'If-Match: "xyz"')" 400
check "If-Match *" "$(call POST /v1/events/proposal.open "$SEC" \
    "$(open_body p2)" -H 'If-Match: *')" 201

# Another process appends: the server's head follows, and a write
# conditional on the old head is refused.
check "head again" "$(call GET /v1/head "$SEC")" 200
etag=$(header ETag)
# The list is asked for first, so that an answer remembered from before
# the CLI's write would show.
check "proposals before" "$(call GET /v1/proposals "$SEC")" 200
jqcheck "p3 not yet" "$(body)" '[.proposals[].id] | index("p3")' null
"$ASSENT" proposal-open --id p3 --org nato --kind text --title T --text t >/dev/null
check "the server sees the CLI's event" "$(call GET /v1/proposals "$SEC")" 200
jqcheck "p3 listed" "$(body)" '[.proposals[].id] | index("p3") != null' true
check "stale after the CLI's write" "$(call POST /v1/events/proposal.open "$SEC" \
    "$(open_body p4)" -H "If-Match: $etag")" 412

# A proposal the CLI opens is known to the server's permission check at
# once: the secretariat may record a position on it.
"$ASSENT" proposal-open --id p10 --org nato --kind text --title T --text t >/dev/null
code=$(call POST /v1/events/position.declare "$SEC" \
    '{"data":{"proposal":"p10","member":"DEU","position":"support","source":"s"}}')
check "a position on the CLI's proposal: $(body)" "$code" 201

# Idempotency-Key: the retry gets the first answer, records nothing.
check "keyed write" "$(call POST /v1/events/proposal.open "$SEC" \
    "$(open_body p5)" -H 'Idempotency-Key: k-1')" 201
first=$(jq -S . "$T/body")
after=$(ledger_head)
check "retry" "$(call POST /v1/events/proposal.open "$SEC" \
    "$(open_body p5)" -H 'Idempotency-Key: k-1')" 201
check "retry: the first answer" "$(jq -S . "$T/body")" "$first"
check "retry: said so" "$(header Idempotent-Replayed)" true
check "retry: recorded nothing" "$(ledger_head)" "$after"
check "same key, another body" "$(call POST /v1/events/proposal.open "$SEC" \
    "$(open_body p6)" -H 'Idempotency-Key: k-1')" 422
jqcheck "422 says the key" "$(body)" .error '"idempotency_key_reused"'
check "same key, another route" "$(call POST /v1/events/org.create "$ADMIN" \
    '{"data":{"id":"p5","name":"x"}}' -H 'Idempotency-Key: k-1')" 201
check "keys are per principal" "$(ledger_head)" $((after + 1))
check "bad key" "$(call POST /v1/events/proposal.open "$SEC" \
    "$(open_body p7)" -H 'Idempotency-Key: a b')" 400
# A refused write records no key: the corrected retry is recorded.
check "refused keyed write" "$(call POST /v1/events/proposal.open "$SEC" \
    '{"data":{"id":"p8","org":"nato","kind":"text","title":"T","text":"t","office":"nope"}}' \
    -H 'Idempotency-Key: k-2')" 422
check "the key stays free" "$(call POST /v1/events/proposal.open "$SEC" \
    '{"data":{"id":"p8","org":"nato","kind":"text","title":"T","text":"t","office":"nope"}}' \
    -H 'Idempotency-Key: k-2')" 422

# The key is stored with the event, in its transaction: after a restart
# the retry still gets the first answer.
stop_server
check "stopped" "$STOP_RC" 0
start_server
check "retry after a restart" "$(call POST /v1/events/proposal.open "$SEC" \
    "$(open_body p5)" -H 'Idempotency-Key: k-1')" 201
check "after a restart: the first answer" "$(jq -S . "$T/body")" "$first"
check "keys: one row per recorded write" \
    "$(sql "$DB" "SELECT count(*) FROM idempotency")" 2
check "the key's event" "$(sql "$DB" "SELECT seq FROM idempotency WHERE key = 'k-1' AND principal = 'nato-sec'")" \
    "$(printf '%s' "$first" | jq .seq)"

# Many keyed retries at once: exactly one event, every answer the same.
seq_before=$(ledger_head)
pids=""
for i in 1 2 3 4 5 6 7 8; do
	curl -s -o "$T/par.$i" -w '%{http_code}\n' -X POST \
	    -H "Authorization: Bearer $SEC" -H 'Content-Type: application/json' \
	    -H 'Idempotency-Key: burst' --data-binary "$(open_body p9)" \
	    "$URL/v1/events/proposal.open" >"$T/code.$i" &
	pids="$pids $!"
done
wait $pids
check "burst: one event" "$(ledger_head)" $((seq_before + 1))
codes=$(cat "$T"/code.* | sort -u | tr '\n' ' ')
case $codes in
"201 "|"201 409 ") ok ;;
*) fail "burst: codes $codes (want 201, and 409 for those in flight)" ;;
esac
for i in 1 2 3 4 5 6 7 8; do
	[ "$(cat "$T/code.$i")" = 201 ] || continue
	check "burst: every 201 is the same event" "$(jq .seq "$T/par.$i")" \
	    $((seq_before + 1))
done
# An event dated a few hours ahead (within the 14 hours a date may lie
# past its recording) is in the ledger but not in the answers as of now;
# one dated years ahead is refused, naming the tolerance.
FUT=$(date -u -d '+10 hours' +%Y-%m-%dT%H:%M:%SZ)
TOMORROW=$(date -u -d '+1 day' +%Y-%m-%d)
check "a proposal dated ahead" "$(call POST /v1/events/proposal.open "$SEC" \
    "{\"date\":\"$FUT\",\"data\":{\"id\":\"later\",\"org\":\"nato\",\"kind\":\"text\",\"title\":\"T\",\"text\":\"t\"}}")" 201
check "proposals now" "$(call GET /v1/proposals "$SEC")" 200
jqcheck "not yet" "$(body)" '[.proposals[].id] | index("later")' null
check "proposals tomorrow" "$(call GET "/v1/proposals?as_of=$TOMORROW" "$SEC")" 200
jqcheck "then" "$(body)" '[.proposals[].id] | index("later") != null' true
check "a proposal dated 2099" "$(call POST /v1/events/proposal.open "$SEC" \
    '{"date":"2099-01-01","data":{"id":"much-later","org":"nato","kind":"text","title":"T","text":"t"}}')" 422
jqcheck "the tolerance named" "$(body)" '.detail | test("more than 14 hours after it is recorded")' true
check "head after the future event" "$(call GET /v1/head "$SEC")" 200
jqcheck "the head counts it" "$(body)" .seq "$(ledger_head)"

"$ASSENT" verify >/dev/null && ok || fail "verify"
done_testing
