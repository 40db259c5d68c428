#!/bin/sh
# The time a failover costs a writer: a pg_auto_failover cluster (a
# monitor, a primary, a synchronous standby: tests/http/ha_lib.sh, with
# the test's timeouts), one `assent serve` on the multi-host connection
# string, and one client writing keyed events back to back (a 503 is
# retried 50 ms later). $ROUNDS times (default 3) the primary's machine
# is lost (SIGKILL to its pg_autoctl, its PostgreSQL and all they
# started) and brought back once the standby is promoted. Measured each
# time, from the loss:
#  - to the first write acknowledged among those sent after it;
#  - the reference, in the same run: to the promotion as pg_auto_failover
#    records it (the monitor's event of the standby reporting
#    wait_primary: a primary accepting writes, alone).
# Prints each, then the median with min and max of both, and their
# ratio. Usage: bench/bench_failover.sh [BUILD-DIR]
set -eu
root=$(cd "$(dirname "$0")/.." && pwd)
build=${1:-$root/build}
export ASSENT="$build/assent" ASSENT_ROOT="$root"
rounds=${ROUNDS:-3}
# bench/lib.sh first: the test libraries' pg_stop (which their exit
# calls) and fail are the ones kept.
. "$root/bench/lib.sh"
PG_OWN_CLUSTER=1
. "$root/tests/cli/lib.sh"
. "$root/tests/http/ha_lib.sh"
dir=$T assent=$ASSENT secs=0 pids=""

now_ms() { echo $(($(date +%s%N) / 1000000)); }
WRITER=""
stop_bench() {
	touch "$T/stop"
	[ -z "$WRITER" ] || wait "$WRITER" || true
	[ -z "$pids" ] || serve_stop main
}
ON_EXIT="stop_bench $ON_EXIT"

ha_start
export ASSENT_DB="$HA_URI"
"$ASSENT" org-create --id club --name "Benchmark club" --date 2025-01-01 >/dev/null
sec=$("$ASSENT" token add --name bench-sec --role secretariat --org club)
serve_start main

# The writer: "SENT_MS ANSWERED_MS STATUS" for each request.
: >"$T/writes"
(
	i=0
	while [ ! -e "$T/stop" ]; do
		i=$((i + 1))
		while [ ! -e "$T/stop" ]; do
			s=$(now_ms)
			code=$(curl -s -o /dev/null -w '%{http_code}' --max-time 60 \
			    -X POST -H "Authorization: Bearer $sec" \
			    -H 'Content-Type: application/json' -H "Idempotency-Key: k$i" \
			    --data-binary "{\"data\":{\"id\":\"p$i\",\"org\":\"club\",\"kind\":\"text\",\"title\":\"T\",\"text\":\"t\"}}" \
			    "$url/v1/events/proposal.open") || true
			echo "$s $(now_ms) $code" >>"$T/writes"
			[ "$code" = 201 ] && break
			sleep 0.05
		done
	done
) &
WRITER=$!

echo "assent failover benchmark: $rounds losses of the primary's machine, 1 server, 1 writer, $(nproc) cores, loopback"
sleep 2
for r in $(seq 1 "$rounds"); do
	old=$(ha_primary)
	t0=$(now_ms)
	ha_kill "$old"
	# The first acknowledged write sent after the loss.
	until awk -v t="$t0" '$1 >= t && $3 == 201 { f = 1 } END { exit !f }' \
	    "$T/writes"; do
		[ $(($(now_ms) - t0)) -lt 60000 ] ||
		    { echo "no write acknowledged 60 s after the loss" >&2; exit 1; }
		sleep 0.05
	done
	w=$(awk -v t="$t0" '$1 >= t && $3 == 201 { print $2 - t; exit }' "$T/writes")
	new=$(ha_primary)
	p=$(ha_sql "SELECT round(extract(epoch FROM min(eventtime)) * 1000)
	    FROM pgautofailover.event WHERE nodename = '$new' AND
	    reportedstate = 'wait_primary' AND eventtime >= to_timestamp($t0 / 1000.0)")
	p=$((${p%.*} - t0))
	n503=$(awk -v t="$t0" '$1 >= t && $3 == 503' "$T/writes" | wc -l | tr -d ' ')
	echo "loss $r of $old: first write acknowledged after $w ms (503 answered $n503 times after the loss); promotion recorded by the monitor after $p ms"
	echo "$w $p" >>"$T/rounds"
	ha_run "$old"
	ha_wait_stable 60
	sleep 1
done
w=$(stats $(col 1 "$(cat "$T/rounds")"))
p=$(stats $(col 2 "$(cat "$T/rounds")"))
"$ASSENT" verify >/dev/null
cat <<EOR

failover, the primary's machine lost ($rounds times), median (min-max):
  to the first acknowledged write   $(show "$w" 0.001 %.2f) s
  reference, to the promotion as the monitor records it
                                    $(show "$p" 0.001 %.2f) s
  ratio (medians)                   $(ratio "${w%% *}" "${p%% *}")
  writes acknowledged in all        $(awk '$3 == 201' "$T/writes" | wc -l | tr -d ' '), ledger verified
EOR
