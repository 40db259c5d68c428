# Operations: /metrics in the Prometheus text format (requests by route
# and status, the latency histogram, events appended, the ledger head)
# and one structured log line per request.
. "$(dirname "$0")/lib.sh"

"$ASSENT" load "$CASE" >/dev/null
ADMIN=$(token root admin)
start_server
for i in 1 2 3; do call GET /v1/head "$ADMIN" >/dev/null; done
call GET /v1/head "" >/dev/null
call POST /v1/events/org.create "$ADMIN" '{"data":{"id":"a","name":"A"}}' >/dev/null
call POST /v1/events/org.create "$ADMIN" '{"data":{"id":"a","name":"A"}}' >/dev/null
curl -s "$URL/metrics" >"$T/m"
value() { grep -v "^#" "$T/m" | grep -F "$1 " | sed "s/.* //"; }
check "GET /v1/head 200" "$(value 'assent_http_requests_total{method="GET",route="/v1/head",status="200"}')" 3
check "GET /v1/head 401" "$(value 'assent_http_requests_total{method="GET",route="/v1/head",status="401"}')" 1
check "POST 201" "$(value 'assent_http_requests_total{method="POST",route="/v1/events/org.create",status="201"}')" 1
check "POST 422" "$(value 'assent_http_requests_total{method="POST",route="/v1/events/org.create",status="422"}')" 1
check "histogram count" "$(value assent_http_request_duration_seconds_count)" 6
check "histogram +Inf" "$(value 'assent_http_request_duration_seconds_bucket{le="+Inf"}')" 6
check "appended" "$(value assent_events_appended_total)" 1
check "head" "$(value assent_ledger_head)" "$(ledger_head)"
grep -q '^# TYPE assent_http_request_duration_seconds histogram$' "$T/m" && ok ||
    fail "histogram TYPE line"
stop_server
# One JSON line per request: the six above and the scrape.
check "log lines" "$(grep -c '^{' "$T/server.log")" 7
jqcheck "a log line" "$(grep '"status":422' "$T/server.log")" \
    '[.method, .route, .principal, .role, .completed]' \
    '["POST","/v1/events/org.create","root","admin",true]'
done_testing
