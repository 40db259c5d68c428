# A PostgreSQL cluster with a synchronous standby and automatic failover
# (pg_auto_failover), for the failover test and its benchmark: sourced
# after lib.sh (its $T, as_postgres and ON_EXIT). A monitor and two data
# nodes of one formation on free ports of 127.0.0.1, each run by
# `pg_autoctl run` in a process group of its own, as the postgres user
# when run as root; every process of it is stopped on exit (ha_stop),
# by the process groups recorded, within HA_STOP_SECONDS.
#
# The monitor's and the keepers' timeouts are those of a cluster on one
# machine (seconds where the defaults are tens of seconds): a node is
# found lost in about 2 s, and the standby promoted about 2 s later.
HA=$T/ha
HA_BIN=$(pg_config --bindir 2>/dev/null || echo /usr/lib/postgresql/15/bin)
HA_STOP_SECONDS=${HA_STOP_SECONDS:-15}
HA_DB=assent
HA_GROUPS=""		# the process groups started, NAME:PGID
HA_PORTS=""		# the ports taken
ON_EXIT="$ON_EXIT ha_stop"

# ha_as CMD...: CMD as the cluster's owner, with pg_autoctl's files
# (configuration, state, pid files) in $HA.
ha_as() {
	as_postgres env XDG_CONFIG_HOME="$HA/config" XDG_DATA_HOME="$HA/share" \
	    XDG_RUNTIME_DIR="$HA/run" PGHOST="$HA" PATH="$HA_BIN:$PATH" "$@"
}

# ha_port: a port of 127.0.0.1 nothing listens on (curl cannot connect:
# exit 7), and none of the ports taken before.
ha_port() {
	while :; do
		p=$((20000 + $(od -An -N2 -tu2 /dev/urandom) % 40000))
		case " $HA_PORTS " in *" $p "*) continue ;; esac
		rc=0
		curl -s --max-time 1 "telnet://127.0.0.1:$p" </dev/null \
		    >/dev/null 2>&1 || rc=$?
		if [ "$rc" = 7 ]; then
			HA_PORTS="$HA_PORTS $p"
			echo "$p"
			return
		fi
	done
}

# ha_sql QUERY: QUERY on the monitor's database; rows on stdout.
ha_sql() {
	PGCONNECT_TIMEOUT=5 psql -X -q -At -v ON_ERROR_STOP=1 -h 127.0.0.1 \
	    -p "$HA_PM" -U "$HA_USER" -d pg_auto_failover -c "$1"
}

# ha_node_sql PORT QUERY: QUERY on the assent database of a data node.
ha_node_sql() {
	PGCONNECT_TIMEOUT=5 psql -X -q -At -v ON_ERROR_STOP=1 -h 127.0.0.1 \
	    -p "$1" -U "$HA_USER" -d "$HA_DB" -c "$2"
}

# ha_run NAME: `pg_autoctl run` of node NAME in a new process group
# (setsid: the shell has no job control, so no fork), its log in
# $HA/NAME.log; the group is recorded from pg_autoctl's pid file.
ha_run() {
	pidfile="$HA/run/pg_autoctl$HA/$1/pg_autoctl.pid"
	rm -f "$pidfile"
	ha_as setsid pg_autoctl run --pgdata "$HA/$1" >>"$HA/$1.log" 2>&1 &
	for _ in $(seq 1 100); do
		[ -s "$pidfile" ] && break
		sleep 0.1
	done
	pid=$(head -n1 "$pidfile" 2>/dev/null || true)
	if [ -z "$pid" ] || [ "$(ps -o pgid= -p "$pid" | tr -d ' ')" != "$pid" ]; then
		echo "pg_autoctl run of $1 did not start:" >&2
		tail -n 20 "$HA/$1.log" >&2
		exit 1
	fi
	HA_GROUPS="$HA_GROUPS $1:$pid"
}

# ha_group NAME: the process group recorded for node NAME.
ha_group() {
	for g in $HA_GROUPS; do
		[ "${g%%:*}" = "$1" ] && echo "${g#*:}"
	done | tail -n1
}

# ha_forget NAME: the group of NAME is gone.
ha_forget() {
	keep=""
	for g in $HA_GROUPS; do
		[ "${g%%:*}" = "$1" ] || keep="$keep $g"
	done
	HA_GROUPS=$keep
}

# ha_postmaster NAME: the pid of node NAME's postmaster, from its own
# postmaster.pid, if that process is its (its command line names the
# node's data directory); else nothing.
ha_postmaster() {
	pm=$(head -n1 "$HA/$1/postmaster.pid" 2>/dev/null || true)
	[ -n "$pm" ] && tr '\0' ' ' <"/proc/$pm/cmdline" 2>/dev/null |
	    grep -q -- "-D $HA/$1 " && echo "$pm"
	true
}

# ha_kill NAME: the machine of node NAME lost: SIGKILL to its pg_autoctl,
# its PostgreSQL and every process they started (its process group, and
# the postmaster's own if pg_ctl gave it one), checked gone.
ha_kill() {
	g=$(ha_group "$1")
	pm=$(ha_postmaster "$1")
	[ -n "$g" ] && kill -KILL "-$g" 2>/dev/null || true
	if [ -n "$pm" ]; then
		kill -KILL "-$pm" 2>/dev/null || true
		kill -KILL "$pm" 2>/dev/null || true
	fi
	ha_forget "$1"
	for _ in $(seq 1 50); do
		[ -z "$(ha_postmaster "$1")" ] && return 0
		sleep 0.1
	done
	echo "ha: the postmaster of $1 ($pm) outlived SIGKILL" >&2
	return 1
}

# ha_wait_gone PGID SECONDS: whether the group ended in time.
ha_wait_gone() {
	n=$(($2 * 10))
	while [ "$n" -gt 0 ]; do
		kill -0 "-$1" 2>/dev/null || return 0
		sleep 0.1
		n=$((n - 1))
	done
	return 1
}

# ha_stop: every group started, SIGTERM (pg_autoctl stops its
# PostgreSQL), then SIGKILL what is left after HA_STOP_SECONDS.
ha_stop() {
	for g in $HA_GROUPS; do
		kill -TERM "-${g#*:}" 2>/dev/null || true
	done
	for g in $HA_GROUPS; do
		if ! ha_wait_gone "${g#*:}" "$HA_STOP_SECONDS"; then
			echo "ha: ${g%%:*} did not stop in ${HA_STOP_SECONDS}s: killed" >&2
			kill -KILL "-${g#*:}" 2>/dev/null || true
			ha_wait_gone "${g#*:}" 5 || true
		fi
	done
	HA_GROUPS=""
}

# ha_states: each node's name, reported state and goal state, in order.
ha_states() {
	ha_sql "SELECT string_agg(nodename || ':' || reportedstate || '/' ||
	    goalstate, ' ' ORDER BY nodeid) FROM pgautofailover.node"
}

# ha_wait_stable SECONDS: waits until one node is primary and the other
# secondary, both where the monitor wants them (synchronous replication
# on); fails with the states seen if not in time.
ha_wait_stable() {
	n=$(($1 * 10))
	while [ "$n" -gt 0 ]; do
		s=$(ha_states 2>/dev/null || true)
		case "$s" in
		*:primary/primary*:secondary/secondary* | \
		*:secondary/secondary*:primary/primary*)
			return 0 ;;
		esac
		sleep 0.1
		n=$((n - 1))
	done
	echo "ha: not stable after $1 s: $s" >&2
	return 1
}

# ha_primary: the name of the node the monitor has as primary.
ha_primary() {
	ha_sql "SELECT nodename FROM pgautofailover.node WHERE goalstate IN
	    ('primary', 'wait_primary', 'single') ORDER BY nodeid LIMIT 1"
}

# ha_port_of NAME: the PostgreSQL port of node NAME.
ha_port_of() {
	case ${1:-} in node1) echo "$HA_P1" ;; node2) echo "$HA_P2" ;; esac
}

# ha_initdb NAME: a cluster made here, so that its settings are ours
# (sockets in $HA, not the system's directory); pg_autoctl takes it over.
ha_initdb() {
	if ! ha_as initdb -D "$HA/$1" -U "$HA_USER" --auth=trust -E UTF8 \
	    --locale=C -N >"$HA/initdb-$1.log" 2>&1; then
		echo "initdb of $1 failed:" >&2
		cat "$HA/initdb-$1.log" >&2
		exit 1
	fi
	# Durability is the replication's here, not the disk's: what is
	# killed is processes, whose writes the page cache keeps (fsync off,
	# as in lib.sh's clusters; full_page_writes stays on for pg_rewind).
	cat >>"$HA/$1/postgresql.conf" <<EOF
unix_socket_directories = '$HA'
max_connections = 200
fsync = off
EOF
}

# ha_create NAME ARGS...: pg_autoctl create ARGS for node NAME, its
# output in $HA/create-NAME.log; exits with its end if it fails.
ha_create() {
	name=$1
	shift
	if ! ha_as pg_autoctl create "$@" --pgdata "$HA/$name" \
	    --pgctl "$HA_BIN/pg_ctl" --listen 127.0.0.1 --hostname 127.0.0.1 \
	    --auth trust --no-ssl >"$HA/create-$name.log" 2>&1; then
		# Another test's cluster took the port meanwhile: try again.
		if grep -q 'Address already in use' "$HA/create-$name.log"; then
			echo "ha: $name's port was taken meanwhile" >&2
			return 2
		fi
		echo "pg_autoctl create $1 ($name) failed:" >&2
		tail -n 30 "$HA/create-$name.log" >&2
		exit 1
	fi
}

# ha_start: the monitor, then node1 (the primary), then node2 (its
# standby, made by pg_basebackup from node1, its settings with it), with
# synchronous replication once node2 has caught up. Sets HA_URI, the
# multi-host connection string.
ha_start() {
	for attempt in 1 2 3; do
		rc=0
		ha_start_once || rc=$?
		[ "$rc" = 2 ] || return "$rc"
		ha_stop
		rm -rf "$HA"
	done
	echo "ha: no free ports in three attempts" >&2
	exit 1
}

# ha_start_once: ha_start's one attempt; 2 if a port was taken by another
# process between its choice and its use (the ports of a node are chosen
# just before it is made, which narrows that, the other tests' clusters
# taking theirs at random).
ha_start_once() {
	mkdir "$HA" "$HA/run"
	if [ "$(id -u)" = 0 ]; then
		chmod 711 "$T"
		chown postgres "$HA" "$HA/run"
	fi
	HA_USER=$(as_postgres id -un)
	HA_PM=$(ha_port)
	ha_t0=$(date +%s)
	ha_initdb monitor &
	ha_initdb node1
	wait $! || exit 1
	ha_create monitor monitor --pgport "$HA_PM" || return $?
	ha_run monitor
	for _ in $(seq 1 100); do
		ha_sql "SELECT 1" >/dev/null 2>&1 && break
		sleep 0.1
	done
	# A node is found lost after a missed check of 1 s and a retry, or
	# 3 s without its keeper's report; the standby is promoted 2 s after
	# the primary is given up (the keepers' network partition timeout,
	# 1 s, is below it: a primary cut off has stopped by then).
	for set in health_check_period=1000 health_check_timeout=1000 \
	    health_check_max_retries=1 health_check_retry_delay=500 \
	    node_considered_unhealthy_timeout=2000 primary_demote_timeout=1500 \
	    startup_grace_period=1000; do
		ha_sql "ALTER SYSTEM SET pgautofailover.${set%=*} = ${set#*=}"
	done
	ha_sql "SELECT pg_reload_conf()" >/dev/null
	monitor="postgres://autoctl_node@127.0.0.1:$HA_PM/pg_auto_failover?sslmode=disable"
	for n in 1 2; do
		if [ "$n" = 1 ]; then HA_P1=$(ha_port); else HA_P2=$(ha_port); fi
		ha_create "node$n" postgres --pgport "$(ha_port_of "node$n")" \
		    --pghost "$HA" --name "node$n" --dbname "$HA_DB" \
		    --username "$HA_USER" --monitor "$monitor" || return $?
		ha_as pg_autoctl config set --pgdata "$HA/node$n" \
		    timeout.network_partition_timeout 1 >/dev/null
		ha_run "node$n"
		echo "ha: node$n running after $(($(date +%s) - ha_t0)) s" >>"$HA/times"
	done
	ha_wait_stable 60 || exit 1
	HA_URI="postgresql://$HA_USER@127.0.0.1:$HA_P1,127.0.0.1:$HA_P2/$HA_DB?target_session_attrs=read-write"
}
