# Shared by the benchmark scripts: sourced, not run. Each sets before
# sourcing: $dir (its temporary directory), $assent (the binary), $secs
# (seconds of each wrk run), $pids (processes to stop on exit, added to
# by serve_start).

# install_missing COMMAND:PACKAGE...: installs each PACKAGE whose
# COMMAND is not on the PATH (by hand only: never in the suite).
install_missing() {
	need=""
	for cp in "$@"; do
		command -v "${cp%%:*}" >/dev/null || need="$need ${cp#*:}"
	done
	if [ -n "$need" ]; then
		sudo=""
		[ "$(id -u)" -eq 0 ] || sudo=sudo
		$sudo env DEBIAN_FRONTEND=noninteractive apt-get install -y -qq \
		    --no-install-recommends $need >/dev/null
	fi
}

val() { printf '%s\n' "$1" | tr ' ' '\n' | sed -n "s/^$2=//p"; }
ratio() { awk -v a="$1" -v b="$2" 'BEGIN { printf "%.2f", a / b }'; }
# stats V...: "median min max" of the values (any count).
stats() {
	printf '%s\n' "$@" | sort -g | awk '{ v[NR] = $1 }
	END {
		m = NR % 2 ? v[(NR + 1) / 2] : (v[NR / 2] + v[NR / 2 + 1]) / 2
		printf "%s %s %s\n", m, v[1], v[NR]
	}'
}
# show "median min max" [SCALE [FORMAT]]: "median (min-max)" scaled.
show() {
	echo "$1" | awk -v k="${2:-1}" -v f="${3:-%.3f}" '{
	    printf f " (" f "-" f ")", $1 * k, $2 * k, $3 * k }'
}
fail() { echo "$(basename "$0"): $*" >&2; exit 1; }

# serve_start NAME: starts `assent serve` on a free port, waits for its
# URL (bounded: verify reads the whole ledger first), sets $url.
serve_start() {
	rm -f "$dir/$1.url"
	"$assent" serve --quiet --listen 127.0.0.1:0 >"$dir/$1.url" \
	    2>"$dir/$1.log" &
	eval "pid_$1=$!"
	pids="$pids $!"
	i=0
	until [ -s "$dir/$1.url" ]; do
		i=$((i + 1))
		[ $i -lt 12000 ] || fail "serve $1: no URL after 600 s"
		kill -0 "$(eval echo \$pid_$1)" 2>/dev/null ||
		    fail "serve $1 exited: $(cat "$dir/$1.log")"
		sleep 0.05
	done
	url=$(sed 's,/$,,' "$dir/$1.url")
	p=$(eval echo \$pid_$1)
	eval "threads_$p=$(ls "/proc/$p/task" | wc -l)"
}
serve_stop() {
	p=$(eval echo \$pid_$1)
	kill -TERM "$p"
	wait "$p" 2>/dev/null || true
}

# wrk_run NAME URL ARGS: one wrk run; prints "rps p50 p99 max errors
# requests" (latencies in ms).
wrk_run() {
	name=$1 u=$2
	shift 2
	wrk --latency --timeout 60s -d"${secs}s" "$@" "$u" >"$dir/$name.wrk"
	awk '
	function ms(v) {
		if (v ~ /us$/) return v / 1000
		if (v ~ /ms$/) return v + 0
		if (v ~ /m$/) return v * 60000
		if (v ~ /s$/) return v * 1000
		return v
	}
	/^ +Latency +[0-9]/ { max = ms($4) }
	/^ +50%/ { p50 = ms($2) }
	/^ +99%/ { p99 = ms($2) }
	/requests in/ { n = $1 }
	/Requests\/sec/ { rps = $2 }
	/Non-2xx/ { err += $NF }
	/Socket errors/ { gsub(",", ""); err += $4 + $6 + $8 + $10 }
	END { printf "%.1f %.3f %.3f %.3f %d %d\n", rps, p50, p99, max, err, n }
	' "$dir/$name.wrk"
}
# drain PID...: waits until each server has no more threads than when it
# started listening (every request wrk left in flight is answered, even
# one still waiting for its commit), at most 120 s; prints the seconds
# it waited.
drain() {
	t0=$(date +%s.%N) i=0
	while [ $i -lt 1200 ]; do
		busy=0
		for p in "$@"; do
			[ "$(ls "/proc/$p/task" | wc -l)" -le "$(eval echo \$threads_$p)" ] ||
			    busy=1
		done
		[ $busy = 1 ] || break
		sleep 0.1
		i=$((i + 1))
	done
	awk -v a="$t0" -v b="$(date +%s.%N)" 'BEGIN { printf "%.1f", b - a }'
}
# col N LINES...: field N of each line.
col() {
	n=$1
	shift
	printf '%s\n' "$@" | awk -v n="$n" 'NF { print $n }'
}


# as_pg CMD...: CMD as PostgreSQL's own user (it refuses to run as root).
as_pg() {
	if [ "$(id -u)" -eq 0 ]; then runuser -u postgres -- "$@"; else "$@"; fi
}

# pg_cluster NAME PORT CONNS: initdb and start a durable cluster in
# $dir/NAME (fsync and synchronous_commit on) on 127.0.0.1:PORT, for
# CONNS clients and more; its superuser is bench. Stopped by pg_stop NAME.
pg_cluster() {
	pgbin=$(ls -d /usr/lib/postgresql/*/bin | sort -V | tail -n1)
	mkdir -p "$dir/$1"
	chmod 755 "$dir"
	chown postgres "$dir/$1" 2>/dev/null || true
	as_pg "$pgbin/initdb" -D "$dir/$1" -A trust -U bench >/dev/null
	as_pg "$pgbin/pg_ctl" -D "$dir/$1" -l "$dir/$1/log" -w -o \
	    "-p $2 -k $dir/$1 -c listen_addresses=127.0.0.1 -c synchronous_commit=on -c fsync=on -c max_connections=$(($3 + 50))" \
	    start >/dev/null || { tail -n 5 "$dir/$1/log" >&2; exit 1; }
}
pg_stop() {
	[ -f "$dir/$1/postmaster.pid" ] && as_pg "$pgbin/pg_ctl" -D "$dir/$1" \
	    -m fast stop >/dev/null 2>&1 || true
}
