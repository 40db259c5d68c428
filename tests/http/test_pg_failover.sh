# Failover with no acknowledged write lost (registered with the
# PostgreSQL backend alone): a pg_auto_failover monitor, a primary and a
# synchronous standby (ha_lib.sh), two `assent serve` on the multi-host
# connection string (target_session_attrs=read-write) and the CLI beside
# them, each under a steady stream of writes. Ten rounds, each a
# failover at a random moment of the writes: the primary's machine is
# lost (SIGKILL to its pg_autoctl, its PostgreSQL and all they started)
# and the standby promoted; then two planned switchovers (`pg_autoctl
# perform failover`). Every answer during a failover is either the
# write's (201, exit 0) or one saying to retry (503 with Retry-After and
# "unavailable"; exit 3 with one line), and a keyed write is retried
# until acknowledged. After the rounds: every acknowledged write is in
# the ledger once, at the seq and with the hash it was told; verify
# passes on the new primary and on the standby, which has caught up; both
# servers answer with the same head, and a stream of the first, open
# through the rounds, gets a write made through the second.
PG_OWN_CLUSTER=1
. "$(dirname "$0")/lib.sh"
[ "$BACKEND" = postgresql ] || { echo "for PostgreSQL only"; exit 0; }
. "$(dirname "$0")/ha_lib.sh"
ROUNDS=${ROUNDS:-10}		# machines lost
SWITCHOVERS=${SWITCHOVERS:-2}	# planned, after them

now_ms() { echo $(($(date +%s%N) / 1000000)); }
t_start=$(now_ms)
ha_start
echo "cluster up in $(($(now_ms) - t_start)) ms: $(ha_states)"
DB=$HA_URI
export ASSENT_DB="$DB"
"$ASSENT" load "$CASE" >/dev/null
SEC=$(token nato-sec secretariat nato)
start_server --quiet
URL1=$URL
start_another --quiet
URL2=$OTHER_URL

open_body() {
	printf '{"data":{"id":"%s","org":"nato","kind":"text","title":"T","text":"t"}}' "$1"
}

# empty NAME EXT...: the files $T/NAME.EXT, empty.
empty() {
	n=$1
	shift
	for f in "$@"; do
		: >"$T/$n.$f"
	done
}

# writer NAME URL: keyed writes through one server until $T/stop exists,
# each retried with its key on 503 until acknowledged. Each
# acknowledgement ("KEY SEQ HASH") goes to $T/NAME.acks, each 503 to
# $T/NAME.503, anything else (or a 503 without Retry-After or
# "unavailable") to $T/NAME.bad.
writer() {
	empty "$1" acks 503 bad
	i=0
	while [ ! -e "$T/stop" ]; do
		i=$((i + 1))
		key="$1-$i"
		while :; do
			code=$(curl -s -o "$T/$1.body" -D "$T/$1.headers" \
			    -w '%{http_code}' --max-time 60 -X POST \
			    -H "Authorization: Bearer $SEC" \
			    -H 'Content-Type: application/json' \
			    -H "Idempotency-Key: $key" \
			    --data-binary "$(open_body "$key")" \
			    "$2/v1/events/proposal.open") || true
			case $code in
			201)
				jq -r --arg k "$key" '"\($k) \(.seq) \(.hash)"' \
				    "$T/$1.body" >>"$T/$1.acks"
				break ;;
			503)
				echo "$key $(cat "$T/$1.body")" >>"$T/$1.503"
				if ! tr -d '\r' <"$T/$1.headers" |
				    grep -qi '^Retry-After: 1$' ||
				    [ "$(jq -r .error "$T/$1.body" 2>/dev/null)" != unavailable ]; then
					echo "$key 503 without Retry-After or" \
					    "unavailable: $(cat "$T/$1.body")" >>"$T/$1.bad"
					break
				fi
				sleep 0.2 ;;
			*)
				echo "$key $code $(cat "$T/$1.body" 2>/dev/null)" \
				    >>"$T/$1.bad"
				break ;;
			esac
		done
	done
}

# cli_writer: unkeyed writes by the CLI until $T/stop exists: each exit 0
# ("ID SEQ HASH") to $T/cli.acks; each exit 3 with one line on stderr to
# $T/cli.3; anything else to $T/cli.bad.
cli_writer() {
	empty cli acks 3 bad
	i=0
	while [ ! -e "$T/stop" ]; do
		i=$((i + 1))
		rc=0
		"$ASSENT" proposal-open --id "cli-$i" --org nato --kind text \
		    --title T --text t >"$T/cli.out" 2>"$T/cli.err" || rc=$?
		lines=$(wc -l <"$T/cli.err" | tr -d ' ')
		if [ "$rc" = 0 ]; then
			sed -n "s/^recorded event \([0-9]*\) .* hash \([0-9a-f]*\)$/cli-$i \1 \2/p" \
			    "$T/cli.out" >>"$T/cli.acks"
		elif [ "$rc" = 3 ] && [ "$lines" = 1 ]; then
			echo "cli-$i $(cat "$T/cli.err")" >>"$T/cli.3"
			sleep 0.2
		else
			echo "cli-$i exit $rc, $lines lines: $(cat "$T/cli.err")" \
			    >>"$T/cli.bad"
		fi
	done
}

acks() {
	cat "$T/w1.acks" "$T/w2.acks" "$T/cli.acks" 2>/dev/null | wc -l |
	    tr -d ' '
}

# ha_log_tail: the cluster's last words, when a round fails.
ha_log_tail() {
	echo "states: $(ha_states 2>/dev/null)" >&2
	for f in "$HA"/monitor.log "$HA"/node1.log "$HA"/node2.log; do
		echo "== $f" >&2
		tail -n 15 "$f" >&2
	done
}

# A stream of the first server, open through every round.
OBS=$(token watcher observer)
curl -s -N -H "Authorization: Bearer $OBS" --max-time 280 \
    "$URL1/v1/orgs/nato/stream" >"$T/stream1" 2>/dev/null &
SSE=$!

writer w1 "$URL1" &
W1=$!
writer w2 "$URL2" &
W2=$!
cli_writer &
WC=$!

# within_60s MESSAGE CMD...: waits until CMD succeeds (every 0.1 s);
# after 60 s fails with MESSAGE and the cluster's logs.
within_60s() {
	msg=$1
	shift
	n=0
	until "$@"; do
		n=$((n + 1))
		if [ "$n" -gt 600 ]; then
			fail "$msg"
			ha_log_tail
			return 1
		fi
		sleep 0.1
	done
}
# new_primary OLD: the monitor names a primary, not OLD.
new_primary() {
	p=$(ha_primary) && [ -n "$p" ] && [ "$p" != "$1" ]
}
# all_moved B1 B2 BC: each writer acknowledged a write since its counts.
all_moved() {
	[ "$(wc -l <"$T/w1.acks")" -gt "$1" ] &&
	    [ "$(wc -l <"$T/w2.acks")" -gt "$2" ] &&
	    [ "$(wc -l <"$T/cli.acks")" -gt "$3" ]
}
rounds_ok=0
times=""
for r in $(seq 1 $((ROUNDS + SWITCHOVERS))); do
	old=$(ha_primary)
	# A random moment of the writes: 200 to 999 ms into the round.
	sleep "0.$((200 + $(od -An -N2 -tu2 /dev/urandom) % 800))"
	before=$(acks)
	t0=$(now_ms)
	if [ "$r" -le "$ROUNDS" ]; then
		how="SIGKILL of $old's machine"
		ha_kill "$old" || fail "round $r: $old not killed"
	else
		how="switchover from $old"
		ha_as pg_autoctl perform failover --pgdata "$HA/monitor" \
		    --wait 60 >"$HA/failover-$r.log" 2>&1 || {
			fail "round $r: pg_autoctl perform failover failed"
			cat "$HA/failover-$r.log" >&2
		}
	fi
	# The monitor's new primary first: a write acknowledged just after
	# the kill may have been sent, and committed, before it.
	within_60s "round $r ($how): $old still primary after 60 s" \
	    new_primary "$old"
	# Then writes acknowledged again through both servers and the CLI:
	# each writer's count moved after the promotion.
	b1=$(wc -l <"$T/w1.acks")
	b2=$(wc -l <"$T/w2.acks")
	bc=$(wc -l <"$T/cli.acks")
	within_60s "round $r ($how): no write acknowledged within 60 s" \
	    all_moved "$b1" "$b2" "$bc"
	ms=$(($(now_ms) - t0))
	new=$(ha_primary)
	if [ "$new" != "$old" ]; then ok; else
		fail "round $r ($how): $old still primary"
		ha_log_tail
	fi
	# The lost machine comes back, as the new primary's standby.
	[ "$r" -le "$ROUNDS" ] && ha_run "$old"
	if ha_wait_stable 60; then ok; else
		fail "round $r ($how): no synchronous standby again"
		ha_log_tail
		break
	fi
	echo "round $r: $how: writes acknowledged again after $ms ms (primary now $new, $(($(acks) - before)) writes in the round)"
	times="$times $ms"
	rounds_ok=$((rounds_ok + 1))
done
touch "$T/stop"
for p in $W1 $W2 $WC; do
	wait "$p" && ok || fail "a writer (process $p) failed"
done
check "rounds" "$rounds_ok" $((ROUNDS + SWITCHOVERS))
for f in w1 w2 cli; do
	if [ -s "$T/$f.bad" ]; then
		fail "$f: answers that were neither the write's nor a retry's:"
		head -n 5 "$T/$f.bad" >&2
	else
		ok
	fi
done
echo "503 answered to the servers' writers: $(cat "$T/w1.503" "$T/w2.503" | wc -l), exit 3 to the CLI: $(wc -l <"$T/cli.3")"
# What a write in flight at the commit was told (said once, if seen).
grep -h 'may have been recorded' "$T/w1.503" "$T/w2.503" "$T/cli.3" |
    head -n 1 | cut -c 1-300

# Every acknowledged write in the ledger, once, at its seq, with its hash.
primary=$(ha_primary)
ON_PRIMARY="postgresql://$HA_USER@127.0.0.1:$(ha_port_of "$primary")/$HA_DB"
"$ASSENT" --db "$ON_PRIMARY" export |
    jq -r 'select(.type == "proposal.open") | "\(.data.id) \(.seq) \(.hash)"' |
    sort >"$T/recorded"
sort "$T/w1.acks" "$T/w2.acks" "$T/cli.acks" >"$T/acked"
echo "writes acknowledged: $(wc -l <"$T/acked")"
[ "$(wc -l <"$T/acked")" -gt $((ROUNDS * 10)) ] && ok ||
    fail "fewer than $((ROUNDS * 10)) writes acknowledged"
check "every acknowledged write in the ledger, at its seq, with its hash" \
    "$(comm -23 "$T/acked" "$T/recorded" | head -n 5 | tr '\n' ' ')" ""
check "no key recorded twice" \
    "$(awk '{print $1}' "$T/recorded" | sort | uniq -d | head -n 5 | tr '\n' ' ')" ""
check "no seq acknowledged twice" \
    "$(awk '{print $2}' "$T/acked" | sort | uniq -d | head -n 5 | tr '\n' ' ')" ""
# verify on the new primary; the standby caught up: the same head.
if "$ASSENT" --db "$ON_PRIMARY" verify >"$T/verify.primary" 2>&1; then ok; else
	fail "verify on the new primary: $(cat "$T/verify.primary")"
fi
standby=node1
[ "$primary" = node1 ] && standby=node2
ON_STANDBY="postgresql://$HA_USER@127.0.0.1:$(ha_port_of "$standby")/$HA_DB"
want=$(ha_node_sql "$(ha_port_of "$primary")" \
    "SELECT seq || ' ' || encode(hash, 'hex') FROM head")
for _ in $(seq 1 100); do
	got=$(ha_node_sql "$(ha_port_of "$standby")" \
	    "SELECT seq || ' ' || encode(hash, 'hex') FROM head")
	[ "$got" = "$want" ] && break
	sleep 0.1
done
check "the standby caught up: its head" "$got" "$want"
if "$ASSENT" --db "$ON_STANDBY" verify >"$T/verify.standby" 2>&1; then ok; else
	fail "verify on the standby: $(cat "$T/verify.standby")"
fi
check "verify: the same head on both" "$(tail -n 1 "$T/verify.standby")" \
    "$(tail -n 1 "$T/verify.primary")"
# Both servers answer, with the ledger's head.
for u in "$URL1" "$URL2"; do
	URL=$u
	check "$u answers after the rounds" "$(call GET /v1/head "$SEC")" 200
	jqcheck "$u: the head" "$(body)" .seq "${want%% *}"
done
URL=$URL1
# The stream of the first server, open through the rounds, gets a write
# made through the second after them.
id=$(curl -s -X POST -H "Authorization: Bearer $SEC" \
    -H 'Content-Type: application/json' --data-binary "$(open_body last)" \
    "$URL2/v1/events/proposal.open" | jq -r .seq)
if stream_has "$T/stream1" "$id" 50; then ok; else
	fail "the first server's stream did not get event $id after the rounds"
fi
kill $SSE 2>/dev/null || true
wait $SSE 2>/dev/null || true
echo "writes acknowledged again after each failover (ms):$times"
echo "whole test: $(($(now_ms) - t_start)) ms"
done_testing
