#!/bin/sh
# Beyond one machine (issue 10), each figure beside a reference measured
# in the same run, all on loopback, $CONNS connections (default 64) in all:
#  1. keyed POSTs of positions, each durable when acknowledged, through 1,
#     2 and 3 `assent serve` on one PostgreSQL database (the connections
#     shared among them, one wrk each, at once), against pgbench inserting
#     a row of the same size at the same concurrency into the same cluster
#     (synchronous_commit on, fsync on); the same load through one server
#     on an SQLite file;
#  2. GET the status of a 32-member proposal through 1 and 3 servers on
#     the PostgreSQL database.
# Each figure is the median of $RUNS runs (default 3) with min and max;
# wrk runs last $SECONDS_EACH seconds (default 5). After the writes the
# ledger is verified and its events counted against the keys. Installs
# wrk and PostgreSQL if missing (by hand only: never in the suite).
# Usage: bench/bench_pg.sh [BUILD-DIR]
set -eu
root=$(cd "$(dirname "$0")/.." && pwd)
build=$(cd "${1:-$root/build}" && pwd)
assent=$build/assent
conns=${CONNS:-64}
secs=${SECONDS_EACH:-5}
runs=${RUNS:-3}

. "$root/bench/lib.sh"
install_missing wrk:wrk pgbench:postgresql-15 python3:python3

dir=$(mktemp -d /tmp/assent-bench-pg-XXXXXX)
pids=""
cleanup() {
	for p in $pids; do kill "$p" 2>/dev/null || true; done
	for p in $pids; do wait "$p" 2>/dev/null || true; done
	pg_stop pg
	[ -n "${KEEP:-}" ] || rm -rf "$dir"
}
trap cleanup EXIT
trap 'exit 130' INT TERM

free_port() {
	python3 -c 'import socket; s = socket.socket(); s.bind(("127.0.0.1", 0)); print(s.getsockname()[1])'
}
pport=$(free_port)
pg_cluster pg "$pport" "$conns"
psql_pg() {
	as_pg psql -X -q -At -h 127.0.0.1 -p "$pport" -U bench "$@"
}
psql_pg -d postgres -c "CREATE DATABASE ledger" >/dev/null
pguri=postgresql://bench@127.0.0.1:$pport/ledger
sqlite=$dir/ledger.db

# One organisation of 32 members and one open proposal, on both.
{
	echo '{"date":"2025-01-01","type":"org.create","data":{"id":"club","name":"Benchmark club"}}'
	i=0
	while [ $i -lt 32 ]; do
		printf '{"date":"2025-01-01","type":"member.join","data":{"org":"club","code":"M%03d","name":"Member %03d"}}\n' $i $i
		i=$((i + 1))
	done
	echo '{"date":"2025-01-02","type":"proposal.open","data":{"id":"club-p000","org":"club","kind":"text","title":"A text","text":"The text"}}'
} >"$dir/setup.case"
# kind_of DB: pg or sqlite (the name of its tokens' files).
kind_of() { case $1 in postgresql://*) echo pg ;; *) echo sqlite ;; esac; }
for db in "$pguri" "$sqlite"; do
	"$assent" --db "$db" load "$dir/setup.case" >/dev/null
	"$assent" --db "$db" token add --name bench-sec --role secretariat \
	    --org club >"$dir/sec.$(kind_of "$db")"
	"$assent" --db "$db" token add --name bench-obs --role observer \
	    >"$dir/obs.$(kind_of "$db")"
done

# through DB N NAME KIND: N servers on DB, $conns connections shared
# among them (one wrk each, at once), $runs runs of KIND (post or get);
# prints one line per run: "rps p50 p99 max errors requests" (the sum of
# the rates, the worst latencies).
through() {
	db=$1 n=$2 name=$3 kind=$4
	k=$(kind_of "$db")
	sec=$(cat "$dir/sec.$k") obs=$(cat "$dir/obs.$k")
	urls="" spids=""
	s=1
	while [ $s -le "$n" ]; do
		ASSENT_DB=$db serve_start "$name$s"
		urls="$urls $url"
		spids="$spids $(eval echo \$pid_$name$s)"
		s=$((s + 1))
	done
	per=$((conns / n))
	r=0
	while [ $r -lt "$runs" ]; do
		s=0 ws=""
		for u in $urls; do
			s=$((s + 1))
			if [ "$kind" = post ]; then
				TOKEN=$sec ORG=club PREFIX=$name$r-$s MEMBERS=32 \
				    PROPOSALS=1 wrk_run "$name$r-$s" "$u" -t1 \
				    -c"$per" -s "$root/bench/history_positions.lua" \
				    >"$dir/$name$r-$s.out" &
			else
				wrk_run "$name$r-$s" \
				    "$u/v1/proposals/club-p000/status" -t1 -c"$per" \
				    -H "Authorization: Bearer $obs" \
				    >"$dir/$name$r-$s.out" &
			fi
			ws="$ws $!"
		done
		for w in $ws; do wait "$w"; done
		# Every request wrk left in flight answered, and its
		# connection gone, before the next run counts its own.
		drain $spids >/dev/null
		cat "$dir/$name$r"-*.out | awk '
		{ rps += $1; if ($2 > p50) p50 = $2; if ($3 > p99) p99 = $3
		  if ($4 > mx) mx = $4; err += $5; req += $6 }
		END { printf "%.1f %.3f %.3f %.3f %d %d\n", rps, p50, p99, mx, err, req }'
		r=$((r + 1))
	done
	s=1
	while [ $s -le "$n" ]; do
		serve_stop "$name$s"
		s=$((s + 1))
	done
}

echo "assent PostgreSQL benchmark: $conns connections, $runs runs of ${secs}s each, $(nproc) cores, $(date -u +%Y-%m-%d)"

w1=$(through "$pguri" 1 pgw1 post)
w2=$(through "$pguri" 2 pgw2 post)
w3=$(through "$pguri" 3 pgw3 post)
ws=$(through "$sqlite" 1 sqw1 post)
g1=$(through "$pguri" 1 pgg1 get)
g3=$(through "$pguri" 3 pgg3 get)

# pgbench: a row the size of a stored position event, same concurrency.
rowlen=$(psql_pg -d ledger -c "SELECT length(data) + length(date) + length(recorded) + length(actor) + length(type) + 64 FROM events WHERE type = 'position.declare' ORDER BY seq DESC LIMIT 1")
psql_pg -d postgres -c "CREATE TABLE rows(seq bigserial PRIMARY KEY, data text NOT NULL)"
printf "INSERT INTO rows(data) VALUES (repeat('x', %d));\n" "$rowlen" >"$dir/insert.sql"
chmod 644 "$dir/insert.sql"
pgb=""
r=0
while [ $r -lt "$runs" ]; do
	(cd "$dir" && as_pg pgbench -n -h 127.0.0.1 -p "$pport" -U bench \
	    -c "$conns" -j 2 -T "$secs" -f "$dir/insert.sql" postgres \
	    >"$dir/pgbench.out" 2>&1)
	pgb="$pgb $(sed -n 's/^tps = \([0-9.]*\).*/\1/p' "$dir/pgbench.out" | head -n1)"
	r=$((r + 1))
done

# The ledgers after the writes: verified, every acknowledged write once.
vpg=$("$assent" --db "$pguri" verify 2>&1 | tail -n 1)
vsq=$("$assent" --db "$sqlite" verify 2>&1 | tail -n 1)
evpg=$(psql_pg -d ledger -c "SELECT count(*) FROM events WHERE type = 'position.declare'")
keypg=$(psql_pg -d ledger -c "SELECT count(*) FROM idempotency")

pg=$(stats $pgb)
line() {	# line LABEL RUNS: "rps (min-max), p99 median, errors"
	printf '  %-34s %s req/s   p99 %s ms   errors %s\n' "$1" \
	    "$(show "$(stats $(col 1 "$2"))" 1 %.0f)" \
	    "$(show "$(stats $(col 3 "$2"))" 1 %.1f)" \
	    "$(col 5 "$2" | awk '{ e += $1 } END { print e + 0 }')"
}
rat() {		# rat RUNS REF: the ratio of the medians
	ratio "$(stats $(col 1 "$1") | cut -d' ' -f1)" "$(echo "$2" | cut -d' ' -f1)"
}

cat <<EOR

durable keyed POSTs of positions, $conns connections in all:
$(line "through 1 server on PostgreSQL" "$w1")
$(line "through 2 servers on PostgreSQL" "$w2")
$(line "through 3 servers on PostgreSQL" "$w3")
$(line "through 1 server on SQLite" "$ws")
  PostgreSQL INSERT (pgbench -c $conns)  $(show "$pg" 1 %.0f) tx/s   ($rowlen-byte rows, synchronous_commit on)
  ratios to pgbench: 1 server $(rat "$w1" "$pg"), 2 servers $(rat "$w2" "$pg"), 3 servers $(rat "$w3" "$pg"), SQLite $(rat "$ws" "$pg")
  PostgreSQL ledger: $evpg positions recorded, $keypg keys stored; verify: $vpg
  SQLite ledger: verify: $vsq
GET status of a 32-member proposal:
$(line "through 1 server on PostgreSQL" "$g1")
$(line "through 3 servers on PostgreSQL" "$g3")
  ratio 3 servers / 1: $(ratio "$(stats $(col 1 "$g3") | cut -d' ' -f1)" "$(stats $(col 1 "$g1") | cut -d' ' -f1)")
EOR
