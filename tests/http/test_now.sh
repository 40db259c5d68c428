# The state as of now, kept between requests: it follows what is written
# (by this server, another process, in another organisation), what falls
# due with no write at all (an event dated a few seconds ahead, a silence
# deadline), and concurrent readers all get the same answer.
. "$(dirname "$0")/lib.sh"

"$ASSENT" load "$CASE" >/dev/null
OBS=$(token watcher observer)
SEC=$(token nato-sec secretariat nato)
start_server
"$ASSENT" org-create --id club --name Club --date 2020-01-01 >/dev/null

status() {
	call GET "/v1/proposals/$1/status" "$OBS" >/dev/null
	jq -r "$2" "$T/body"
}

# Ten readers at once: one answer.
pids=""
for i in 1 2 3 4 5 6 7 8 9 10; do
	curl -s -H "Authorization: Bearer $OBS" \
	    "$URL/v1/proposals/sg-2024/status" >"$T/r$i" &
	pids="$pids $!"
done
wait $pids
check "ten readers at once, one answer" \
    "$(for i in 1 2 3 4 5 6 7 8 9 10; do md5sum <"$T/r$i"; done | sort -u | wc -l)" 1
jqcheck "and it is the status" "$(cat "$T/r1")" .proposal '"sg-2024"'

# A write in another organisation leaves nato's state as it was; a write
# in nato is seen at once, through the server or the CLI.
check "before" "$(status sg-2024 .state)" decided
"$ASSENT" member-join --org club --code AAA --name A >/dev/null
check "after a write in another organisation" "$(status sg-2024 .state)" decided
"$ASSENT" proposal-open --id t1 --org nato --kind text --title T --text t \
	--rule "silence until $(date -u -d '+4 seconds' +%Y-%m-%dT%H:%M:%SZ)" >/dev/null
check "a proposal the CLI opened" "$(status t1 .proposal)" t1
check "under silence" "$(status t1 .state)" open

# An event dated three seconds ahead: not in the state now, in it once
# due, with no write in between.
soon=$(date -u -d '+3 seconds' +%Y-%m-%dT%H:%M:%SZ)
check "a position dated ahead" "$(call POST /v1/events/position.declare "$SEC" \
    "{\"date\":\"$soon\",\"data\":{\"proposal\":\"t1\",\"member\":\"FRA\",\"position\":\"support\",\"source\":\"s\"}}")" 201
check "not yet in the state" "$(status t1 '[.members[] | select(.code == "FRA") | .position] | .[0]')" none
sleep 5
check "in the state once due" "$(status t1 '[.members[] | select(.code == "FRA") | .position] | .[0]')" support
check "the silence deadline passed, with no write" "$(status t1 .state)" consensus
# As of a date, the state is kept too: a write dated after it leaves the
# answer as it was, one dated before it (learned late) is seen at once.
asof() {
	call GET "/v1/proposals/sg-2024/status?as_of=2024-06-19" "$OBS" >/dev/null
	cp "$T/body" "$T/$1"
}
asof a1
asof a2
check "as of 19 June, twice: the same bytes" "$(md5sum <"$T/a1")" "$(md5sum <"$T/a2")"
"$ASSENT" position --proposal t1 --member DEU --position support --source s >/dev/null
asof a3
check "after a write dated later: the same" "$(md5sum <"$T/a3")" "$(md5sum <"$T/a1")"
"$ASSENT" position --proposal sg-2024 --member LUX --position support --candidate rutte \
	--source "learned late" --date 2024-06-18 >/dev/null
asof a4
jqcheck "a position dated before it, seen at once" "$(cat "$T/a4")" \
    '[.members[] | select(.code == "LUX") | .source] | .[0]' '"learned late"'

# The states as of a date have a pool of their own: reading as of 80
# dates (more than every pool holds) folds 80 states as of a date, and the
# state as of now, read before and after, is not folded again.
folds() {
	curl -s "$URL/metrics" | sed -n "s/^assent_state_folds_total{as_of=\"$1\"} //p"
}
status sg-2024 .proposal >/dev/null
now0=$(folds now) date0=$(folds date)
for d in $(seq 1 80); do
	day=$(date -u -d "2023-01-01 + $d days" +%Y-%m-%d)
	call GET "/v1/proposals/sg-2024/status?as_of=$day" "$OBS" >/dev/null
done
check "80 dates: 80 states as of a date folded" $(( $(folds date) - date0 )) 80
status sg-2024 .proposal >/dev/null
check "the state as of now kept through them" "$(folds now)" "$now0"
done_testing
