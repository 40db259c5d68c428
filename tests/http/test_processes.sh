# Several processes on one ledger: two `assent serve` and the CLI write
# at once, keyed and unkeyed. Every acknowledged write is in the ledger
# exactly once; no 5xx; no 412 without If-Match; a key replayed through
# the other process gets the first answer; verify passes. Then the
# organisations: a token of one organisation may not write in another
# (the commitment case included), and each event is on its own
# organisation's stream only.
. "$(dirname "$0")/lib.sh"

"$ASSENT" load "$CASE" >/dev/null
"$ASSENT" org-create --id club --name Club --date 2020-01-01 >/dev/null
for m in AAA BBB; do
	"$ASSENT" member-join --org club --code "$m" --name "$m" --date 2020-01-01 >/dev/null
done
"$ASSENT" proposal-open --id club-p --org club --kind text --title T \
	--text t --date 2020-02-01 >/dev/null
"$ASSENT" commitment-ask --id club-k --proposal club-p --by AAA --to BBB \
	--text t --date 2020-02-02 >/dev/null
SEC=$(token nato-sec secretariat nato)
CLUB=$(token club-sec secretariat club)
start_server
URL1=$URL

# The second server, on another free port.
mkfifo "$T/url2.fifo"
"$ASSENT" --db "$DB" serve --listen 127.0.0.1:0 --quiet \
    >"$T/url2.fifo" 2>>"$T/server2.log" &
PID2=$!
exec 4<"$T/url2.fifo"
read -r URL2 <&4 || { cat "$T/server2.log" >&2; exit 1; }
exec 4<&-
URL2=${URL2%/}
trap 'status=$?; kill -TERM $PID2 2>/dev/null || true; stop_server || status=1;
    [ "$SERVER_FAILED" = 0 ] || status=1; cleanup; exit $status' EXIT

open_body() {
	printf '{"data":{"id":"%s","org":"nato","kind":"text","title":"T","text":"t"}}' "$1"
}

# writer NAME URL N: N writes through one server, every third keyed; the
# status of each in $T/NAME.codes, the seq of each 201 in $T/NAME.seqs.
writer() {
	name=$1 url=$2 n=$3
	: >"$T/$name.codes"
	: >"$T/$name.seqs"
	for i in $(seq 1 "$n"); do
		key=""
		[ $((i % 3)) -eq 0 ] && key="-H Idempotency-Key:$name-$i"
		code=$(curl -s -o "$T/$name.body" -w '%{http_code}' -X POST \
		    -H "Authorization: Bearer $SEC" \
		    -H 'Content-Type: application/json' $key \
		    --data-binary "$(open_body "$name-$i")" \
		    "$url/v1/events/proposal.open")
		echo "$code" >>"$T/$name.codes"
		[ "$code" = 201 ] && jq -r .seq "$T/$name.body" >>"$T/$name.seqs"
	done
	return 0
}
cliwriter() {
	: >"$T/cli.codes"
	for i in $(seq 1 "$1"); do
		if "$ASSENT" --db "$DB" proposal-open --id "cli-$i" --org nato \
		    --kind text --title T --text t >/dev/null 2>>"$T/cli.err"; then
			echo ok >>"$T/cli.codes"
		else
			echo failed >>"$T/cli.codes"
		fi
	done
}

N=40
before=$(ledger_head)
writer one "$URL1" $N &
P1=$!
writer two "$URL2" $N &
P2=$!
writer three "$URL1" $N &
P3=$!
writer four "$URL2" $N &
P4=$!
cliwriter 20 &
P5=$!
# verify while the writes go on: the chain up to the head it reads,
# never a false alarm about what others commit meanwhile.
( for i in $(seq 1 8); do
	"$ASSENT" --db "$DB" verify >/dev/null 2>>"$T/verify.err" ||
	    echo "verify $i failed" >>"$T/verify.fail"
done ) &
P6=$!
wait $P1 $P2 $P3 $P4 $P5 $P6
check "verify during the writes: $(cat "$T/verify.err" 2>/dev/null)" \
    "$(cat "$T/verify.fail" 2>/dev/null)" ""
for w in one two three four; do
	check "$w: every write 201" "$(sort -u "$T/$w.codes" | tr '\n' ' ')" "201 "
done
check "the CLI: every write done ($(cat "$T/cli.err" 2>/dev/null))" \
    "$(sort -u "$T/cli.codes" | tr '\n' ' ')" "ok "
after=$(ledger_head)
check "every acknowledged write recorded once" "$((after - before))" $((4 * N + 20))
check "an undated write is dated when it is recorded, after any wait for the lock" \
    "$(sql "$DB" "SELECT count(*) FROM events WHERE seq > $before AND date <> recorded")" 0
check "no seq answered twice" "$(cat "$T"/one.seqs "$T"/two.seqs "$T"/three.seqs "$T"/four.seqs | sort | uniq -d | wc -l)" 0
check "each proposal once" \
    "$(sql "$DB" "SELECT count(*) FROM events WHERE type = 'proposal.open' AND seq > $before")" $((4 * N + 20))
"$ASSENT" verify >/dev/null && ok || fail "verify after the concurrent writes"

# A key written through one server, replayed through the other: the first
# answer (body and ETag), nothing recorded.
code=$(call POST /v1/events/proposal.open "$SEC" "$(open_body replayed)" \
    -H 'Idempotency-Key: across')
check "keyed write through server 1" "$code" 201
first=$(jq -S . "$T/body")
etag1=$(header ETag)
head1=$(ledger_head)
URL=$URL2
code=$(call POST /v1/events/proposal.open "$SEC" "$(open_body replayed)" \
    -H 'Idempotency-Key: across')
check "the retry through server 2" "$code" 201
check "gets the first answer" "$(jq -S . "$T/body")" "$first"
check "with the first answer's ETag" "$(header ETag)" "$etag1"
check "replayed" "$(header Idempotent-Replayed)" true
check "and records nothing" "$(ledger_head)" "$head1"
code=$(call POST /v1/events/proposal.open "$SEC" "$(open_body other)" \
    -H 'Idempotency-Key: across')
check "the key with another body through server 2" "$code" 422
URL=$URL1

# The organisation of each event: another organisation's secretariat may
# not write, the commitment case included.
for body in \
    'position.declare {"data":{"proposal":"club-p","member":"AAA","position":"support","source":"s"}}' \
    'commitment.give {"data":{"id":"club-k","source":"s"}}' \
    'commitment.revoke {"data":{"id":"club-k"}}' \
    'member.join {"data":{"org":"club","code":"CCC","name":"C"}}' \
    'decision.take {"data":{"proposal":"club-p"}}'; do
	type=${body%% *}
	check "nato's secretariat: $type in club" \
	    "$(call POST "/v1/events/$type" "$SEC" "${body#* }")" 403
done
check "club's secretariat: commitment.give" \
    "$(call POST /v1/events/commitment.give "$CLUB" '{"data":{"id":"club-k","source":"s"}}')" 201
check "club's secretariat: a position in nato" \
    "$(call POST /v1/events/position.declare "$CLUB" '{"data":{"proposal":"sg-2024","member":"HUN","position":"object","candidate":"rutte","source":"s","amendment":"x"}}')" 403

# Each event on its own organisation's stream only.
last=$(ledger_head)
curl -s -N -H "Authorization: Bearer $SEC" -H "Last-Event-ID: $before" \
    --max-time 3 "$URL1/v1/orgs/club/stream" >"$T/club.sse" || true
curl -s -N -H "Authorization: Bearer $SEC" -H "Last-Event-ID: $before" \
    --max-time 3 "$URL2/v1/orgs/nato/stream" >"$T/nato.sse" || true
check "club's stream: its commitment only" \
    "$(grep '^event:' "$T/club.sse" | sort | uniq -c | tr -s ' ' | tr '\n' ';')" " 1 event: commitment.give;"
check "nato's stream: nato's events" \
    "$(grep -c '^event: proposal.open' "$T/nato.sse")" $((4 * N + 20 + 1))
check "nato's stream: no commitment of club" "$(grep -c commitment "$T/nato.sse")" 0

# ?known_at= on the API, and a malformed one.
first_rec=$(sql "$DB" "SELECT recorded FROM events WHERE seq = $((before + 1))")
k=$(date -u -d "$first_rec - 1 second" +%Y-%m-%dT%H:%M:%SZ)
check "status known at the first write" \
    "$(call GET "/v1/proposals?known_at=$k" "$SEC")" 200
jqcheck "the proposals known then" "$(body)" \
    "[.proposals[].id | select(startswith(\"one-\"))] | length" 0
jqcheck "known_at said" "$(body)" .known_at "\"$k\""
check "status known now" "$(call GET "/v1/proposals" "$SEC")" 200
jqcheck "the proposals known now" "$(body)" \
    "[.proposals[].id | select(startswith(\"one-\"))] | length" $N
check "known_at malformed" "$(call GET '/v1/proposals/sg-2024/status?known_at=soon' "$SEC")" 400
jqcheck "names the parameter" "$(body)" '.detail | startswith("known_at:")' true
check "the timeline of no proposal" "$(call GET /v1/proposals/nosuch/timeline "$SEC")" 404
check "the timeline known at the first write" "$(call GET "/v1/timeline?known_at=$k" "$SEC")" 200
jqcheck "holds nothing recorded after it" "$(body)" "[.events[] | select(.seq > $before)] | length" 0
check "healthz: the verified head" "$(call GET /healthz "")" 200
jqcheck "verified before listening" "$(body)" '.verified.events > 0' true

kill -TERM $PID2
wait $PID2 || fail "server 2 exited $?"
grep -Eq 'Sanitizer|runtime error' "$T/server2.log" && fail "server 2: $(cat "$T/server2.log")"
"$ASSENT" verify >/dev/null && ok || fail "verify at the end"
done_testing
