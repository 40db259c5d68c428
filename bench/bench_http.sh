#!/bin/sh
# The HTTP API against two references measured in the same run, all on
# loopback, with wrk at $CONNS connections (default 64) for $SECONDS_EACH
# seconds (default 10) each:
#  - GET the status of a 32-member proposal, against nginx serving the
#    same JSON as a static file;
#  - POST positions with fresh idempotency keys, each durable when
#    acknowledged, against PostgreSQL inserting a row of the same size
#    (pgbench, synchronous_commit on, the same number of clients).
# Prints requests/s, p50 and p99 latency and errors for each, the ratios,
# and the server's peak RSS. Installs wrk, nginx and PostgreSQL if
# missing (by hand only: never in the suite). Usage: bench/bench_http.sh
# [BUILD-DIR]
set -eu
root=$(cd "$(dirname "$0")/.." && pwd)
build=${1:-$root/build}
assent=$build/assent
conns=${CONNS:-64}
secs=${SECONDS_EACH:-10}
pgbin=$(ls -d /usr/lib/postgresql/*/bin 2>/dev/null | sort -V | tail -n1)

need=""
command -v wrk >/dev/null || need="$need wrk"
command -v nginx >/dev/null || need="$need nginx-light"
[ -n "$pgbin" ] && [ -x "$pgbin/postgres" ] || need="$need postgresql"
if [ -n "$need" ]; then
	sudo=""
	[ "$(id -u)" -eq 0 ] || sudo=sudo
	$sudo env DEBIAN_FRONTEND=noninteractive apt-get install -y -qq \
	    --no-install-recommends $need >/dev/null
	pgbin=$(ls -d /usr/lib/postgresql/*/bin | sort -V | tail -n1)
fi

dir=$(mktemp -d /tmp/assent-bench-http-XXXXXX)
chmod 755 "$dir"
pids=""
cleanup() {
	for p in $pids; do kill "$p" 2>/dev/null || true; done
	for p in $pids; do wait "$p" 2>/dev/null || true; done
	[ -f "$dir/pg/postmaster.pid" ] && as_pg "$pgbin/pg_ctl" -D "$dir/pg" \
	    -m fast stop >/dev/null 2>&1 || true
	[ -n "${KEEP:-}" ] || rm -rf "$dir"
}
trap cleanup EXIT

# PostgreSQL refuses to run as root: it runs as its own user.
as_pg() {
	if [ "$(id -u)" -eq 0 ]; then runuser -u postgres -- "$@"; else "$@"; fi
}

# free_port: a port nothing listens on now (the kernel's pick).
free_port() {
	rm -f "$dir/probe"
	"$assent" --db "$dir/probe.db" serve --quiet --listen 127.0.0.1:0 \
	    >"$dir/probe" 2>/dev/null &
	p=$!
	until [ -s "$dir/probe" ]; do sleep 0.05; done
	kill "$p"
	wait "$p" 2>/dev/null || true
	sed 's,.*:,,; s,/,,' "$dir/probe"
}

# wrk_run NAME URL [ARGS]: one wrk run; prints "rps p50 p99 errors".
wrk_run() {
	name=$1 url=$2
	shift 2
	wrk -t2 -c"$conns" -d"${secs}s" --latency "$@" "$url" >"$dir/$name.wrk"
	awk '
	function ms(v) {
		if (v ~ /us$/) return v / 1000
		if (v ~ /ms$/) return v + 0
		if (v ~ /s$/) return v * 1000
		return v
	}
	/^ +50%/ { p50 = ms($2) }
	/^ +99%/ { p99 = ms($2) }
	/Requests\/sec/ { rps = $2 }
	/Non-2xx/ { err += $NF }
	/Socket errors/ { gsub(",", ""); err += $4 + $6 + $8 + $10 }
	END { printf "%.0f %.3f %.3f %d\n", rps, p50, p99, err }
	' "$dir/$name.wrk"
}

ratio() { awk -v a="$1" -v b="$2" 'BEGIN { printf "%.2f", a / b }'; }
field() { echo "$1" | cut -d' ' -f"$2"; }

# The ledger: a 32-member organisation and an open proposal.
db=$dir/ledger.db
export ASSENT_DB=$db
"$assent" org-create --id club --name "Benchmark club" --date 2025-01-01 >/dev/null
i=0
while [ $i -lt 32 ]; do
	printf '{"date":"2025-01-01","type":"member.join","data":{"org":"club","code":"M%02d","name":"Member %02d"}}\n' $i $i
	i=$((i + 1))
done >"$dir/members.case"
"$assent" load "$dir/members.case" >/dev/null
"$assent" proposal-open --id bench --org club --kind text --title "A text" \
    --text "The text" --date 2025-01-02 >/dev/null
i=0
while [ $i -lt 32 ]; do
	"$assent" position --proposal bench --member "$(printf M%02d $i)" \
	    --position support --source "setup" --date 2025-01-03 >/dev/null
	i=$((i + 1))
done
obs=$("$assent" token add --name bench-reader --role observer)
sec=$("$assent" token add --name bench-sec --role secretariat --org club)

"$assent" serve --quiet --listen 127.0.0.1:0 >"$dir/url" 2>"$dir/serve.log" &
server=$!
pids="$pids $server"
until [ -s "$dir/url" ]; do sleep 0.05; done
url=$(sed 's,/$,,' "$dir/url")

# nginx: the same JSON as a static file.
mkdir -p "$dir/www" "$dir/ngx"
curl -sf -H "Authorization: Bearer $obs" "$url/v1/proposals/bench/status" \
    >"$dir/www/status.json"
nport=$(free_port)
cat >"$dir/nginx.conf" <<EON
worker_processes $(nproc);
pid $dir/ngx/nginx.pid;
error_log $dir/ngx/error.log;
daemon off;
events { worker_connections 4096; }
http {
  access_log off;
  client_body_temp_path $dir/ngx; proxy_temp_path $dir/ngx;
  fastcgi_temp_path $dir/ngx; uwsgi_temp_path $dir/ngx; scgi_temp_path $dir/ngx;
  server { listen 127.0.0.1:$nport; root $dir/www; default_type application/json; }
}
EON
nginx -c "$dir/nginx.conf" -p "$dir/ngx" </dev/null >/dev/null 2>&1 &
pids="$pids $!"
until curl -sf -o /dev/null "http://127.0.0.1:$nport/status.json"; do sleep 0.05; done

# PostgreSQL: a cluster of its own, on loopback, synchronous_commit on.
pport=$(free_port)
mkdir -p "$dir/pg"
chown postgres "$dir/pg" 2>/dev/null || true
as_pg "$pgbin/initdb" -D "$dir/pg" -A trust -U bench >/dev/null
as_pg "$pgbin/pg_ctl" -D "$dir/pg" -l "$dir/pg/log" -w -o \
    "-p $pport -k $dir/pg -c listen_addresses=127.0.0.1 -c synchronous_commit=on -c fsync=on -c max_connections=$((conns + 20))" \
    start >/dev/null || { tail -n 5 "$dir/pg/log" >&2; exit 1; }
# A row the size of a stored position event (its payload and envelope).
rowlen=$(sqlite3 "$db" "SELECT length(data) + length(date) + length(recorded) + length(actor) + length(type) + 64 FROM events ORDER BY seq DESC LIMIT 1")
as_pg "$pgbin/psql" -q -h 127.0.0.1 -p "$pport" -U bench -d postgres -c \
    "CREATE TABLE events(seq bigserial PRIMARY KEY, data text NOT NULL)"
printf "INSERT INTO events(data) VALUES (repeat('x', %d));\n" "$rowlen" >"$dir/insert.sql"
chmod 644 "$dir/insert.sql"

echo "assent HTTP benchmark: $conns connections, ${secs}s each, $(nproc) cores, loopback"

get=$(wrk_run get "$url/v1/proposals/bench/status" -H "Authorization: Bearer $obs")
ngx=$(wrk_run nginx "http://127.0.0.1:$nport/status.json")
before=$(sqlite3 "$db" "SELECT max(seq) FROM events")
post=$(TOKEN=$sec wrk_run post "$url" -s "$root/bench/http_positions.lua")
(cd "$dir" && as_pg pgbench -n -h 127.0.0.1 -p "$pport" -U bench -c "$conns" \
    -j 2 -T "$secs" -f "$dir/insert.sql" -l --log-prefix="$dir/pg/pgb" \
    postgres >"$dir/pgbench.out" 2>&1)
pg_tps=$(sed -n 's/^tps = \([0-9.]*\).*/\1/p' "$dir/pgbench.out" | head -n1)
pg_err=$(sed -n 's/^number of failed transactions: \([0-9]*\).*/\1/p' "$dir/pgbench.out")
cat "$dir"/pg/pgb.* | awk '{ print $3 / 1000 }' | sort -n >"$dir/pg.lat"
n=$(wc -l <"$dir/pg.lat")
pg_p50=$(sed -n "$(( (n + 1) / 2 ))p" "$dir/pg.lat")
pg_p99=$(sed -n "$(( (n * 99 + 99) / 100 ))p" "$dir/pg.lat")
rss=$(sed -n 's/^VmHWM:[^0-9]*\([0-9]*\).*/\1/p' "/proc/$server/status")
kill -TERM "$server"
wait "$server" 2>/dev/null || true
# Counted once the server is stopped: the requests wrk left in flight are
# finished by then.
after=$(sqlite3 "$db" "SELECT max(seq) FROM events")
keys=$(sqlite3 "$db" "SELECT count(*) FROM idempotency")
"$assent" verify >/dev/null

cat <<EOR

GET status of a 32-member proposal ($(wc -c <"$dir/www/status.json") bytes of JSON):
  assent serve       $(field "$get" 1) req/s   p50 $(field "$get" 2) ms   p99 $(field "$get" 3) ms   errors $(field "$get" 4)
  nginx, static file $(field "$ngx" 1) req/s   p50 $(field "$ngx" 2) ms   p99 $(field "$ngx" 3) ms   errors $(field "$ngx" 4)
  ratio assent/nginx $(ratio "$(field "$get" 1)" "$(field "$ngx" 1)")   (aim: at least 0.5)
POST a position, fresh idempotency key, durable when acknowledged:
  assent serve       $(field "$post" 1) req/s   p50 $(field "$post" 2) ms   p99 $(field "$post" 3) ms   errors $(field "$post" 4)
                     events recorded $((after - before)), keys stored $keys, ledger verified
  PostgreSQL INSERT  $(printf '%.0f' "$pg_tps") tx/s    p50 $pg_p50 ms   p99 $pg_p99 ms   errors ${pg_err:-0}   ($rowlen-byte rows, synchronous_commit on, pgbench -c $conns)
  ratio assent/PostgreSQL $(ratio "$(field "$post" 1)" "$pg_tps")   (aim: at least 1)
server peak RSS      $rss KiB
EOR
