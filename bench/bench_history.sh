#!/bin/sh
# The ledger's two times on one large ledger, each figure beside a
# reference measured in the same run, all on loopback:
#  - a case file of $EVENTS events (default 1,000,000) over $DAYS days
#    (1,000) and $ORGS organisations (10), each of 200 members and 100
#    text proposals, the rest position.declare of about 200 bytes, dates
#    non-decreasing per organisation (bench/history_case.awk), loaded
#    with `assent load` (one all-or-nothing write): its time and peak
#    RSS, against the sqlite3 shell importing the same lines;
#  1. GET /v1/proposals/P/status?as_of=D at 10 dates spread over the
#     days (bench/history_asof.lua), one request at a time and ten at
#     once, against the same server's answer as of now;
#  2. `assent status P --as-of D` (whole process) against sqlite3
#     reading that organisation's rows of that day;
#  3. a position dated 10,000 events back in its organisation's history
#     (CLI, whole process) against the same write dated at its end;
#  4. keyed POSTs of positions (bench/history_positions.lua) to two
#     `assent serve` on the ledger at once against one server receiving
#     the same load ($CONNS connections, default 64), then `verify`;
#  5. `serve` from exec to the first 200 of GET /healthz against
#     `assent verify` of the same ledger.
# Each figure is the median of $RUNS runs (default 3) with min and max,
# wrk runs last $SECONDS_EACH seconds (default 10). Installs wrk, curl,
# sqlite3 and jq if missing (by hand only: never in the suite). Usage:
# bench/bench_history.sh [BUILD-DIR]
set -eu
root=$(cd "$(dirname "$0")/.." && pwd)
build=$(cd "${1:-$root/build}" && pwd)
assent=$build/assent
bexec=$build/bench/bench_exec
events=${EVENTS:-1000000}
days=${DAYS:-1000}
orgs=${ORGS:-10}
conns=${CONNS:-64}
secs=${SECONDS_EACH:-10}
runs=${RUNS:-3}
org=org3			# the organisation read and written
prop=$org-p042

. "$root/bench/lib.sh"
install_missing wrk:wrk curl:curl sqlite3:sqlite3 jq:jq

dir=$(mktemp -d /tmp/assent-bench-history-XXXXXX)
pids=""
cleanup() {
	for p in $pids; do kill "$p" 2>/dev/null || true; done
	for p in $pids; do wait "$p" 2>/dev/null || true; done
	[ -n "${KEEP:-}" ] || rm -rf "$dir"
}
trap cleanup EXIT
trap 'exit 130' INT TERM
started=$(date +%s)
db=$dir/ledger.db
export ASSENT_DB=$db

echo "assent history benchmark: $events events, $days days, $orgs organisations, $(nproc) cores, $(date -u +%Y-%m-%d)"
echo "disk: $(df -h "$dir" | awk 'NR == 2 { print $1 }'), runs: $runs, wrk: ${secs}s each"

# The case file and its load.
awk -v EVENTS="$events" -v DAYS="$days" -v ORGS="$orgs" -v MEMBERS=200 \
    -v PROPOSALS=100 -f "$root/bench/history_case.awk" >"$dir/history.case"
lines=$(wc -l <"$dir/history.case")
bytes=$(wc -c <"$dir/history.case")
load=$("$bexec" --out "$dir/load.out" -- "$assent" load "$dir/history.case")
[ "$(val "$load" exit)" = 0 ] || fail "load: $(cat "$dir/load.out")"
printf 'PRAGMA journal_mode=WAL;\nPRAGMA synchronous=FULL;\nCREATE TABLE lines(line TEXT);\n.mode ascii\n.separator "\037" "\\n"\n.import %s lines\n' \
    "$dir/history.case" >"$dir/import.sql"
imp=$("$bexec" --out "$dir/import.out" -- sqlite3 -init "$dir/import.sql" \
    "$dir/import.db" "SELECT count(*) FROM lines")
[ "$(grep -c "^$lines\$" "$dir/import.out")" = 1 ] ||
    fail "sqlite3 import: $(cat "$dir/import.out")"
rm -f "$dir"/import.db*
head=$(sqlite3 "$db" "SELECT max(seq) FROM events")
[ "$head" = "$lines" ] || fail "load: $head events in the ledger, $lines lines"
ndb=$(wc -c <"$db")
ncp=$(sqlite3 "$db" "SELECT count(*) FROM checkpoints")
cpsz=$(sqlite3 "$db" "SELECT max(length(state)) FROM checkpoints")
orgev=$(sqlite3 "$db" "SELECT count(*) FROM events WHERE org = '$org'")
payload=$(sqlite3 "$db" "SELECT round(avg(length(data))) FROM events WHERE type = 'position.declare'")

# Ten dates spread over the days, and each one's instants.
dates=""
k=0
while [ $k -lt 10 ]; do
	d=$((days * (2 * k + 1) / 20))
	dates="$dates $(sqlite3 :memory: "SELECT date('2023-01-01', '+$d days')")"
	k=$((k + 1))
done
dates=${dates# }

obs=$("$assent" token add --name bench-reader --role observer)
sec=$("$assent" token add --name bench-writer --role secretariat --org "$org")

# 1. GET status as of each date against as of now, one server.
serve_start a
a=$url
for d in $dates; do
	code=$(curl -s -o "$dir/asof.json" -w '%{http_code}' \
	    -H "Authorization: Bearer $obs" "$a/v1/proposals/$prop/status?as_of=$d")
	[ "$code" = 200 ] || fail "GET status?as_of=$d: $code $(cat "$dir/asof.json")"
	"$assent" status "$prop" --as-of "$d" --json >"$dir/cli.json"
	[ "$(jq -cS . "$dir/asof.json")" = "$(jq -cS . "$dir/cli.json")" ] ||
	    fail "GET status?as_of=$d differs from 'status --as-of $d --json'"
done
curl -sf -o "$dir/now.json" -H "Authorization: Bearer $obs" \
    "$a/v1/proposals/$prop/status"
seq_a="" seq_n="" par_a="" par_n=""
r=0
while [ $r -lt "$runs" ]; do
	seq_a="$seq_a$(TOKEN=$obs PROPOSAL=$prop DATES=$dates wrk_run s-asof "$a" \
	    -t1 -c1 -s "$root/bench/history_asof.lua")
"
	seq_n="$seq_n$(TOKEN=$obs PROPOSAL=$prop DATES= wrk_run s-now "$a" \
	    -t1 -c1 -s "$root/bench/history_asof.lua")
"
	par_a="$par_a$(TOKEN=$obs PROPOSAL=$prop DATES=$dates wrk_run p-asof "$a" \
	    -t2 -c10 -s "$root/bench/history_asof.lua")
"
	par_n="$par_n$(TOKEN=$obs PROPOSAL=$prop DATES= wrk_run p-now "$a" \
	    -t2 -c10 -s "$root/bench/history_asof.lua")
"
	r=$((r + 1))
done
rss_a=$(sed -n 's/^VmHWM:[^0-9]*\([0-9]*\).*/\1/p' "/proc/$pid_a/status")
serve_stop a

# 2. The CLI status as of each date against sqlite3 reading that day.
cli_t="" sql_t="" per_date=""
r=0
while [ $r -lt "$runs" ]; do
	ct=0 st=0
	for d in $dates; do
		from=$(sqlite3 :memory: "SELECT strftime('%s', '$d')")
		c=$("$bexec" -- "$assent" status "$prop" --as-of "$d")
		[ "$(val "$c" exit)" = 0 ] || fail "status --as-of $d: $c"
		s=$("$bexec" -- sqlite3 "$db" "SELECT seq, data FROM events WHERE org = '$org' AND at BETWEEN $from AND $((from + 86399))")
		[ "$(val "$s" exit)" = 0 ] || fail "sqlite3 for $d: $s"
		per_date="$per_date$d $(val "$c" seconds) $(val "$s" seconds)
"
		ct=$(awk -v a="$ct" -v b="$(val "$c" seconds)" 'BEGIN { print a + b }')
		st=$(awk -v a="$st" -v b="$(val "$s" seconds)" 'BEGIN { print a + b }')
	done
	cli_t="$cli_t $(awk -v t="$ct" 'BEGIN { print t / 10 }')"
	sql_t="$sql_t $(awk -v t="$st" 'BEGIN { print t / 10 }')"
	r=$((r + 1))
done
rows=$(sqlite3 "$db" "SELECT count(*) FROM events WHERE org = '$org' AND at BETWEEN strftime('%s', '${dates%% *}') AND strftime('%s', '${dates%% *}') + 86399")

# 5. serve from exec to the first 200 of /healthz against verify.
ready_t="" verify_t=""
r=0
while [ $r -lt "$runs" ]; do
	port=$("$bexec" --free-port)
	s=$("$bexec" --ready "$port" --out "$dir/ready.log" -- "$assent" serve \
	    --quiet --listen "127.0.0.1:$port")
	[ "$(val "$s" exit)" = 0 ] || fail "serve: $s $(cat "$dir/ready.log")"
	v=$("$bexec" --out "$dir/verify.log" -- "$assent" verify)
	[ "$(val "$v" exit)" = 0 ] || fail "verify: $(cat "$dir/verify.log")"
	ready_t="$ready_t $(val "$s" seconds)"
	verify_t="$verify_t $(val "$v" seconds)"
	r=$((r + 1))
done
ready_rss=$(val "$s" peak_rss_kib)
verify_rss=$(val "$v" peak_rss_kib)

# 3. A position dated 10,000 events back in its organisation's history,
# against the same write dated at the end of that history.
back_t="" end_t="" refused=""
nback=10000
[ "$orgev" -gt $((2 * nback)) ] || nback=$((orgev / 2))	# a small test run
r=0
while [ $r -lt "$runs" ]; do
	back=$(sqlite3 "$db" "SELECT date FROM events WHERE org = '$org' ORDER BY at DESC, seq DESC LIMIT 1 OFFSET $nback")
	w=$("$bexec" --out "$dir/back.log" -- "$assent" position --proposal "$prop" \
	    --member "M00$r" --position support --date "$back" \
	    --source "Backdated statement $r of the benchmark")
	[ "$(val "$w" exit)" = 0 ] || refused="$refused; backdated write, exit $(val "$w" exit): $(tail -n 1 "$dir/back.log")"
	last=$(sqlite3 "$db" "SELECT date FROM events WHERE org = '$org' ORDER BY at DESC, seq DESC LIMIT 1")
	e=$("$bexec" --out "$dir/end.log" -- "$assent" position --proposal "$prop" \
	    --member "M01$r" --position support --date "$last" \
	    --source "Statement $r of the benchmark at the end of the history")
	[ "$(val "$e" exit)" = 0 ] || refused="$refused; write at the end, exit $(val "$e" exit): $(tail -n 1 "$dir/end.log")"
	back_t="$back_t $(val "$w" seconds)"
	end_t="$end_t $(val "$e" seconds)"
	r=$((r + 1))
done

# 4. Keyed POSTs to two servers on the ledger against one.
before=$(sqlite3 "$db" "SELECT max(seq) FROM events")
keys0=$(sqlite3 "$db" "SELECT count(*) FROM idempotency")
serve_start a
a=$url
serve_start b
b=$url
half=$((conns / 2))
one="" two="" drains=""
r=0
while [ $r -lt "$runs" ]; do
	one="$one$(TOKEN=$sec ORG=$org PREFIX=one$r wrk_run one "$a" -t2 -c"$conns" \
	    -s "$root/bench/history_positions.lua")
"
	drains="$drains one:$(drain "$pid_a" "$pid_b")"
	TOKEN=$sec ORG=$org PREFIX=twoa$r wrk_run two-a "$a" -t1 -c"$half" \
	    -s "$root/bench/history_positions.lua" >"$dir/two-a.out" &
	wa=$!
	pids="$pids $wa"
	TOKEN=$sec ORG=$org PREFIX=twob$r wrk_run two-b "$b" -t1 -c"$half" \
	    -s "$root/bench/history_positions.lua" >"$dir/two-b.out"
	wait "$wa"
	drains="$drains two:$(drain "$pid_a" "$pid_b")"
	ta=$(cat "$dir/two-a.out") tb=$(cat "$dir/two-b.out")
	two="$two$(echo "$ta $tb" | awk '{ printf "%.1f %.3f %.3f %.3f %d %d %.1f %.1f\n",
	    $1 + $7, ($2 > $8 ? $2 : $8), ($3 > $9 ? $3 : $9),
	    ($4 > $10 ? $4 : $10), $5 + $11, $6 + $12, $1, $7 }')
"
	r=$((r + 1))
done
rss_w=$(sed -n 's/^VmHWM:[^0-9]*\([0-9]*\).*/\1/p' "/proc/$pid_a/status")
# What each server answered, by status (its /metrics).
answers=$(for u in "$a" "$b"; do curl -sf "$u/metrics"; done |
    sed -n 's/^assent_http_requests_total{.*status="\([0-9]*\)"} \([0-9]*\)$/\1 \2/p' |
    awk '{ n[$1] += $2 } END { for (s in n) { printf "%s%s: %d", sep, s, n[s]; sep = ", " } }')
serve_stop a
serve_stop b
final=$(sqlite3 "$db" "SELECT max(seq) FROM events")
keys=$(( $(sqlite3 "$db" "SELECT count(*) FROM idempotency") - keys0 ))
# Writes of this part dated before an event already in their history
# (an undated write takes the second it was received as its date).
late=$(sqlite3 "$db" "SELECT count(*), coalesce(max(prev - at), 0) FROM (SELECT seq, at, max(at) OVER (ORDER BY seq ROWS BETWEEN UNBOUNDED PRECEDING AND 1 PRECEDING) AS prev FROM events WHERE org = '$org') WHERE at < prev AND seq > $before" | tr '|' ' ')
v=$("$bexec" --out "$dir/verify-final.log" -- "$assent" verify)
vfinal="$(cat "$dir/verify-final.log") (exit $(val "$v" exit))"

# The report.
sa=$(stats $(col 2 "$seq_a")) sa99=$(stats $(col 3 "$seq_a"))
sn=$(stats $(col 2 "$seq_n")) sn99=$(stats $(col 3 "$seq_n"))
pa=$(stats $(col 2 "$par_a")) pa99=$(stats $(col 3 "$par_a"))
pn=$(stats $(col 2 "$par_n")) pn99=$(stats $(col 3 "$par_n"))
sar=$(stats $(col 1 "$seq_a")) snr=$(stats $(col 1 "$seq_n"))
par=$(stats $(col 1 "$par_a")) pnr=$(stats $(col 1 "$par_n"))
m() { echo "$1" | cut -d' ' -f1; }
errs() { printf '%s\n' "$@" | awk 'NF { e += $5; n += $6 } END { printf "%d of %d", e, n }'; }
ct=$(stats $cli_t) sq=$(stats $sql_t)
rt=$(stats $ready_t) vt=$(stats $verify_t)
bt=$(stats $back_t) et=$(stats $end_t)
o1=$(stats $(col 1 "$one")) o2=$(stats $(col 1 "$two"))
o1p50=$(stats $(col 2 "$one")) o2p50=$(stats $(col 2 "$two"))
o1p99=$(stats $(col 3 "$one")) o2p99=$(stats $(col 3 "$two"))
# Ratios pair by pair (run r against run r), then their median.
pairs() { paste -d' ' "$1" "$2" | awk '{ print $1 / $2 }' | sort -g |
    awk '{ v[NR] = $1 } END { printf "%.2f (%.2f-%.2f)", v[int((NR + 1) / 2)], v[1], v[NR] }'; }
tmpcol() { printf '%s\n' $1 >"$dir/$2"; }
tmpcol "$cli_t" c.t; tmpcol "$sql_t" s.t
tmpcol "$ready_t" r.t; tmpcol "$verify_t" v.t
tmpcol "$back_t" b.t; tmpcol "$end_t" e.t
col 1 "$two" >"$dir/two.t"; col 1 "$one" >"$dir/one.t"

cat <<EOR

load of the case file ($lines events, $bytes bytes, payloads about $payload bytes; one write, all or nothing):
  assent load              $(val "$load" seconds) s   peak RSS $(val "$load" peak_rss_kib) KiB
  sqlite3 .import, the same lines in one transaction   $(val "$imp" seconds) s   ratio: $(ratio "$(val "$load" seconds)" "$(val "$imp" seconds)")
  ledger file $ndb bytes, $ncp checkpoints (largest $cpsz bytes), $orgev events in $org

1. GET /v1/proposals/$prop/status ($(wc -c <"$dir/now.json") bytes as of now), dates: $dates
                           p50 ms                  p99 ms                  req/s
  one at a time, as_of     $(show "$sa")   $(show "$sa99")   $(show "$sar" 1 %.1f)
  one at a time, now       $(show "$sn")   $(show "$sn99")   $(show "$snr" 1 %.1f)
    ratio as_of/now        p50 $(ratio "$(m "$sa")" "$(m "$sn")")   p99 $(ratio "$(m "$sa99")" "$(m "$sn99")")   (aim: within 2)
  ten at once, as_of       $(show "$pa")   $(show "$pa99")   $(show "$par" 1 %.1f)
  ten at once, now         $(show "$pn")   $(show "$pn99")   $(show "$pnr" 1 %.1f)
    ratio as_of/now        p50 $(ratio "$(m "$pa")" "$(m "$pn")")   p99 $(ratio "$(m "$pa99")" "$(m "$pn99")")   (aim: within 2)
  errors: as_of $(errs "$seq_a" "$par_a"), now $(errs "$seq_n" "$par_n"); server peak RSS $rss_a KiB
  each as_of answer checked equal to 'status --as-of DATE --json' (as JSON)

2. assent status $prop --as-of DATE (whole process), mean of the 10 dates, s:
  assent status            $(show "$ct" 1 %.4f)
  sqlite3, the day's rows of $org   $(show "$sq" 1 %.4f)   (about $rows rows a day)
  ratio (pair by pair)     $(pairs "$dir/c.t" "$dir/s.t")   (aim: within 5)
  per date, median s (assent, sqlite3):$(printf '%s' "$per_date" | awk '{ a[$1] = a[$1] " " $2; s[$1] = s[$1] " " $3; if (!($1 in seen)) { seen[$1] = 1; o[++n] = $1 } }
    function med(l,   v, k, i, j, t) { k = split(l, v, " "); for (i = 1; i <= k; i++) for (j = i + 1; j <= k; j++) if (v[j] + 0 < v[i] + 0) { t = v[i]; v[i] = v[j]; v[j] = t } return v[int((k + 1) / 2)] }
    END { for (i = 1; i <= n; i++) printf "%s  %s %.3f %.4f", (i % 2 ? "\n   " : ""), o[i], med(a[o[i]]), med(s[o[i]]) }')

3. a position dated $nback events back in $org's history (CLI, whole process), s:
  backdated                $(show "$bt" 1 %.3f)
  dated at the end         $(show "$et" 1 %.3f)
  ratio (pair by pair)     $(pairs "$dir/b.t" "$dir/e.t")${refused:+
  REFUSED$refused}

4. keyed POSTs of positions to $org, $conns connections, durable when acknowledged:
                           events/s                p50 ms                  p99 ms
  two serve, $half each     $(show "$o2" 1 %.0f)   $(show "$o2p50")   $(show "$o2p99")
  one serve, $conns          $(show "$o1" 1 %.0f)   $(show "$o1p50")   $(show "$o1p99")
  ratio two/one (pair by pair)   $(pairs "$dir/two.t" "$dir/one.t")   (aim: at least 0.9)
  two serve, each: $(printf '%s' "$two" | awk '{ printf "%s/%s ", $7, $8 }')events/s
  errors: two $(errs "$two"), one $(errs "$one"); events recorded $((final - before)), keys stored $keys
  answers by status, both servers: $answers
  writes dated before an event already in $org's history: $(echo "$late" | cut -d' ' -f1) (at most $(echo "$late" | cut -d' ' -f2) s before)
  seconds from the end of each wrk run to the last write in flight answered:$drains
  after: $vfinal ($(val "$v" seconds) s, peak RSS $(val "$v" peak_rss_kib) KiB); server peak RSS $rss_w KiB

5. serve from exec to the first 200 of GET /healthz ($head events):
  serve ready              $(show "$rt" 1 %.2f) s   peak RSS $ready_rss KiB
  assent verify            $(show "$vt" 1 %.2f) s   peak RSS $verify_rss KiB
  ratio (pair by pair)     $(pairs "$dir/r.t" "$dir/v.t")

whole run: $(( $(date +%s) - started )) s
EOR
