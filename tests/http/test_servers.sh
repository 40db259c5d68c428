# Three `assent serve` on one ledger (one PostgreSQL database in
# pg/http/test_servers; one SQLite file otherwise): concurrent keyed
# writes through each make one chain, every acknowledged write in it
# exactly once, every retry through another server answered with the
# first answer; a stream of the first server sees a write made through
# the third; a token revoked by the CLI is refused by all three at once.
. "$(dirname "$0")/lib.sh"

"$ASSENT" load "$CASE" >/dev/null
SEC=$(token nato-sec secretariat nato)
OBS=$(token watcher observer)
start_server --quiet
URL1=$URL
start_another --quiet
URL2=$OTHER_URL
start_another --quiet
URL3=$OTHER_URL

open_body() {
	printf '{"data":{"id":"%s","org":"nato","kind":"text","title":"T","text":"t"}}' "$1"
}

# post URL KEY BODY: a keyed write; the status, then the seq (or -).
post() {
	code=$(curl -s -o "$T/post.$2" -w '%{http_code}' -X POST \
	    -H "Authorization: Bearer $SEC" -H 'Content-Type: application/json' \
	    -H "Idempotency-Key: $2" --data-binary "$3" "$1/v1/events/proposal.open")
	printf '%s %s\n' "$code" "$(jq -r '.seq // "-"' "$T/post.$2" 2>/dev/null)"
}

# writer NAME URL N: N keyed writes through one server, each key's
# status and seq in $T/NAME.acks.
writer() {
	: >"$T/$1.acks"
	for i in $(seq 1 "$3"); do
		echo "$1-$i $(post "$2" "$1-$i" "$(open_body "$1-$i")")" >>"$T/$1.acks"
	done
}

# A stream of the first server, from the head on.
curl -s -N -H "Authorization: Bearer $OBS" --max-time 30 \
    "$URL1/v1/orgs/nato/stream" >"$T/stream1" 2>/dev/null &
SSE=$!
sleep 0.5

N=20
before=$(ledger_head)
writer a "$URL1" $N &
P1=$!
writer b "$URL2" $N &
P2=$!
writer c "$URL3" $N &
P3=$!
wait $P1 $P2 $P3
cat "$T/a.acks" "$T/b.acks" "$T/c.acks" >"$T/acks"
check "every write acknowledged" "$(awk '{print $2}' "$T/acks" | sort -u | tr '\n' ' ')" "201 "
check "one chain: the head moved by the writes" "$(ledger_head)" $((before + 3 * N))
check "no seq acknowledged twice" "$(awk '{print $3}' "$T/acks" | sort | uniq -d | wc -l | tr -d ' ')" 0
"$ASSENT" export | jq -r "select(.seq > $before) | \"\\(.data.id) \\(.seq)\"" |
    sort >"$T/recorded"
awk '{print $1, $3}' "$T/acks" | sort >"$T/acked"
check "each acknowledged write recorded once, at the seq it was told" \
    "$(cat "$T/recorded" | md5sum)" "$(cat "$T/acked" | md5sum)"
"$ASSENT" verify >/dev/null && ok || fail "verify after the concurrent writes"

# Every key retried through the next server: the first answer, nothing
# recorded.
head=$(ledger_head)
for w in a b c; do
	case $w in a) url=$URL2 ;; b) url=$URL3 ;; c) url=$URL1 ;; esac
	for i in 1 7 $N; do
		got=$(post "$url" "$w-$i" "$(open_body "$w-$i")")
		check "the retry of $w-$i through another server" \
		    "$got" "$(sed -n "s/^$w-$i //p" "$T/acks")"
	done
done
check "the retries recorded nothing" "$(ledger_head)" "$head"

# A write through the third server reaches the first one's stream.
t0=$(date +%s%N)
got=$(post "$URL3" live-1 "$(open_body live-1)")
seq=${got#* }
came=0
stream_has "$T/stream1" "$seq" 40 && came=1
ms=$((($(date +%s%N) - t0) / 1000000))
if [ "$came" = 1 ]; then ok; else
	fail "the first server's stream did not get event $seq (4 s)"
fi
echo "the write through server 3 reached the stream of server 1 in $ms ms"
check "the stream got each of the writes" \
    "$(grep -c '^event: proposal.open$' "$T/stream1")" $((3 * N + 1))

# A revocation by the CLI: refused by every server at once, and the
# stream of its token ends within its second.
for u in "$URL1" "$URL2" "$URL3"; do
	URL=$u
	check "the observer reads through $u" "$(call GET /v1/head "$OBS")" 200
done
quiet "$ASSENT" token revoke watcher
for u in "$URL1" "$URL2" "$URL3"; do
	URL=$u
	check "revoked: refused by $u" "$(call GET /v1/head "$OBS")" 401
done
for _ in $(seq 1 30); do
	kill -0 $SSE 2>/dev/null || break
	sleep 0.1
done
if kill -0 $SSE 2>/dev/null; then
	fail "the revoked token's stream is still open"
	kill $SSE
else
	ok
fi
wait $SSE || true
URL=$URL1
done_testing
