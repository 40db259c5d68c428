# Crashes: a writer appending from eight threads through the group
# committer is killed with SIGKILL at a random moment, five times over
# the same ledger. Every event it acknowledged must be there with the
# same hash, and the ledger must verify after each restart.
. "$(dirname "$0")/lib.sh"
: "${CRASH_WRITER:?set CRASH_WRITER to the crash_writer binary}"

for round in 1 2 3 4 5; do
	"$CRASH_WRITER" "$DB" >"$T/acks.$round" 2>"$T/err.$round" &
	pid=$!
	# Wait for its first acknowledgement (at most 30 s, however slow the
	# machine), let it run 0.1 to 0.9 s more, then kill it without warning.
	i=0
	while [ ! -s "$T/acks.$round" ] && [ $i -lt 300 ]; do
		sleep 0.1
		i=$((i + 1))
	done
	sleep "$(awk -v s="$$$round" 'BEGIN { srand(s); printf "%.2f", 0.1 + rand() * 0.8 }')"
	kill -9 "$pid"
	wait "$pid" 2>/dev/null || true
	check "round $round: the writer did not fail on its own" "$(cat "$T/err.$round")" ""
	acked=$(wc -l <"$T/acks.$round" | tr -d ' ')
	if [ "$acked" -gt 0 ]; then ok; else fail "round $round: nothing acknowledged"; fi

	v=$("$ASSENT" verify --json)
	jqcheck "round $round: intact after the crash" "$v" .intact true
	"$ASSENT" export "$T/export.$round"
	# Every acknowledged "seq hash" must be in the export.
	jq -r '"\(.seq) \(.hash)"' "$T/export.$round" | sort >"$T/stored.$round"
	sort "$T/acks.$round" >"$T/acked.$round"
	lost=$(comm -23 "$T/acked.$round" "$T/stored.$round" | wc -l | tr -d ' ')
	check "round $round: acknowledged events lost (of $acked)" "$lost" 0
done
done_testing
