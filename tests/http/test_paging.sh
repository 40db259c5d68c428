# Timeline pages: a cursor ("next") walks the timeline in order of date,
# then seq, every event exactly once, while writes go on; a page holds
# at most ?limit= events and about a megabyte; a bad cursor is 400.
. "$(dirname "$0")/lib.sh"

"$ASSENT" load "$CASE" >/dev/null
OBS=$(token watcher observer)
SEC=$(token nato-sec secretariat nato)
start_server
total=$(ledger_head)

walk "/v1/timeline?limit=7" events '"\(.seq) \(.date)"' 7 "$T/all"
check "every event once, in 7-event pages" "$(wc -l <"$T/all")" "$total"
check "no event twice" "$(cut -d' ' -f1 "$T/all" | sort | uniq -d | wc -l)" 0
check "in order of date" "$(cut -d' ' -f2 "$T/all" | sort -c && echo sorted)" sorted

walk "/v1/proposals/sg-2024/timeline?limit=5" events .seq 5 "$T/prop"
check "the proposal's timeline in pages" "$(wc -l <"$T/prop")" \
    "$(call GET /v1/proposals/sg-2024/timeline "$OBS" >/dev/null; jq '.events | length' "$T/body")"

# While positions are written (dated after the case, so at the end of the
# history), every event that was there is walked exactly once.
(
	for i in $(seq 1 40); do
		curl -s -o /dev/null -X POST -H "Authorization: Bearer $SEC" \
		    -H 'Content-Type: application/json' --data-binary \
		    '{"data":{"org":"nato","id":"'"p$i"'","kind":"text","title":"T","text":"t"}}' \
		    "$URL/v1/events/proposal.open"
	done
) &
W=$!
walk "/v1/timeline?limit=3" events '"\(.seq) \(.date)"' 3 "$T/during"
wait $W
orig=$(awk -v t="$total" '$1 <= t' "$T/during" | wc -l)
check "every event of before the writes, once" "$orig" "$total"
check "no event twice while writes go on" \
    "$(cut -d' ' -f1 "$T/during" | sort | uniq -d | wc -l)" 0

check "a bad cursor" "$(call GET '/v1/timeline?after=yesterday' "$OBS")" 400
jqcheck "names it" "$(body)" '.detail | startswith("after:")' true
check "a limit over the page size" "$(call GET '/v1/timeline?limit=5000' "$OBS")" 400
done_testing
