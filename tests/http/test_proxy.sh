# Two `assent serve` on one ledger (one PostgreSQL database in
# pg/http/test_proxy) behind nginx with deploy/nginx.conf as it is, the
# configuration docs/deploy.md gives: writes through the proxy reach both
# servers and make one chain; a keyed retry through the proxy gets the
# first answer; an event stream through the proxy is passed on at once;
# the proxy's own refusals (a body over its limit, every server down) are
# assent's JSON, 503 with Retry-After.
. "$(dirname "$0")/lib.sh"

command -v nginx >/dev/null || { echo "nginx is missing (scripts/install-deps)" >&2; exit 1; }
"$ASSENT" load "$CASE" >/dev/null
SEC=$(token nato-sec secretariat nato)
OBS=$(token watcher observer)
start_server --max-per-ip 1024
URL1=$URL
start_another --max-per-ip 1024
URL2=$OTHER_URL

# nginx: the configuration of deploy/nginx.conf with this test's
# addresses, in a main context of its own (all files in $T).
mkdir -p "$T/ngx"
chmod 777 "$T/ngx"
NGX_PID=""
stop_nginx() {
	if [ -n "$NGX_PID" ]; then
		kill -QUIT "$NGX_PID" 2>/dev/null || true
		for i in $(seq 1 50); do
			kill -0 "$NGX_PID" 2>/dev/null || break
			sleep 0.1
		done
		kill -KILL "$NGX_PID" 2>/dev/null || true
		NGX_PID=""
	fi
}
trap 'status=$?; stop_nginx; stop_others || status=1; stop_server || status=1;
    [ "$SERVER_FAILED" = 0 ] || status=1; cleanup; exit $status' EXIT
servers="server ${URL1#http://}; server ${URL2#http://};"
for try in 1 2 3 4 5 6 7 8 9 10; do
	PORT=$((20000 + $(od -An -N2 -tu2 /dev/urandom) % 40000))
	sed -e "s|@SERVERS@|$servers|" -e "s|@LISTEN@|127.0.0.1:$PORT|" \
	    "$ASSENT_ROOT/deploy/nginx.conf" >"$T/ngx/assent.conf"
	cat >"$T/ngx/nginx.conf" <<EON
pid $T/ngx/nginx.pid;
error_log $T/ngx/error.log;
daemon off;
worker_processes 1;
events { worker_connections 1024; }
http {
	access_log off;
	client_body_temp_path $T/ngx/body;
	proxy_temp_path $T/ngx/proxy;
	fastcgi_temp_path $T/ngx/fcgi;
	uwsgi_temp_path $T/ngx/uwsgi;
	scgi_temp_path $T/ngx/scgi;
	include $T/ngx/assent.conf;
}
EON
	nginx -c "$T/ngx/nginx.conf" -p "$T/ngx" </dev/null >"$T/ngx/out" 2>&1 &
	NGX_PID=$!
	up=""
	for i in $(seq 1 50); do
		kill -0 "$NGX_PID" 2>/dev/null || break
		if curl -s -o /dev/null "http://127.0.0.1:$PORT/healthz"; then
			up=1
			break
		fi
		sleep 0.1
	done
	[ -n "$up" ] && break
	stop_nginx
done
if [ -z "$up" ]; then
	echo "nginx did not start:" >&2
	cat "$T/ngx/out" "$T/ngx/error.log" >&2 2>/dev/null
	exit 1
fi
URL=http://127.0.0.1:$PORT

check "the proxy passes /healthz on" "$(call GET /healthz '')" 200

open_body() {
	printf '{"data":{"id":"%s","org":"nato","kind":"text","title":"T","text":"t"}}' "$1"
}

# Writes through the proxy: every one acknowledged, one chain, and both
# servers took some (nginx spreads them round robin).
before=$(ledger_head)
n1=$(grep -c '"method":"POST"' "$T/server.log" || true)
n2=$(grep -c '"method":"POST"' "$T/server1.log" || true)
: >"$T/acks"
for i in $(seq 1 10); do
	code=$(call POST /v1/events/proposal.open "$SEC" "$(open_body "px-$i")" \
	    -H "Idempotency-Key: px-$i")
	echo "$code $(jq -r .seq "$T/body")" >>"$T/acks"
done
check "every write through the proxy acknowledged" \
    "$(cut -d' ' -f1 "$T/acks" | sort -u | tr '\n' ' ')" "201 "
check "one chain: the head moved by the writes" "$(ledger_head)" $((before + 10))
check "no seq acknowledged twice" "$(cut -d' ' -f2 "$T/acks" | sort | uniq -d | wc -l | tr -d ' ')" 0
m1=$(grep -c '"method":"POST"' "$T/server.log" || true)
m2=$(grep -c '"method":"POST"' "$T/server1.log" || true)
check "the first server took writes" "$([ $((m1 - n1)) -gt 0 ] && echo yes)" yes
check "the second server took writes" "$([ $((m2 - n2)) -gt 0 ] && echo yes)" yes

# A keyed retry through the proxy: the first answer, byte for byte, and
# its ETag, whichever server takes it.
call POST /v1/events/proposal.open "$SEC" "$(open_body px-retry)" \
    -H "Idempotency-Key: px-retry" >/dev/null
cp "$T/body" "$T/first"
etag=$(header ETag)
for i in 1 2 3; do
	check "retry $i through the proxy: the first status, 201" \
	    "$(call POST /v1/events/proposal.open "$SEC" "$(open_body px-retry)" \
	    -H "Idempotency-Key: px-retry")" 201
	check "retry $i: the first answer's bytes" "$(cmp -s "$T/first" "$T/body" && echo same)" same
	check "retry $i: the first answer's ETag" "$(header ETag)" "$etag"
done
check "the retries wrote nothing" "$(ledger_head)" $((before + 11))

# An event stream through the proxy: a write made after it opened is
# passed on while the stream stays open (the proxy does not buffer it).
curl -s -N -H "Authorization: Bearer $OBS" --max-time 20 \
    "$URL/v1/orgs/nato/stream" >"$T/stream" 2>/dev/null &
SSE=$!
sleep 0.5
call POST /v1/events/proposal.open "$SEC" "$(open_body px-live)" >/dev/null
live=""
for i in $(seq 1 100); do
	if grep -q '"px-live"' "$T/stream"; then
		live=yes
		break
	fi
	sleep 0.1
done
check "the stream passed the write on while open" "$live" yes
check "the stream was still open" "$(kill -0 $SSE 2>/dev/null && echo open)" open
kill $SSE 2>/dev/null || true
wait $SSE 2>/dev/null || true

# The proxy's own refusals, in assent's JSON.
head -c 1100000 /dev/zero | tr '\0' 'x' >"$T/big"
code=$(curl -s -o "$T/body" -D "$T/headers" -w '%{http_code}' -X POST \
    -H "Authorization: Bearer $SEC" -H 'Content-Type: application/json' \
    --data-binary @"$T/big" "$URL/v1/events/proposal.open")
check "a body over the proxy's limit: 413" "$code" 413
jqcheck "... as JSON" "$(body)" .error '"body_too_large"'
check "... nothing written" "$(ledger_head)" $((before + 12))

long=$(head -c 20000 /dev/zero | tr '\0' a)
check "a 20,000-byte header line through the proxy: 431" \
    "$(call GET /v1/proposals "$OBS" "" -H "X-Long: $long")" 431
jqcheck "... as JSON" "$(body)" .error '"headers_too_large"'
printf 'GET /healthz HTTP/1.1\r\nHost: x\r\nContent-Length: -1\r\n\r\n' >"$T/badcl"
check "a Content-Length of -1 through the proxy: 400 in JSON" \
    "$(python3 -c '
import socket, sys
s = socket.create_connection(("127.0.0.1", int(sys.argv[1])), timeout=10)
s.sendall(open(sys.argv[2], "rb").read())
d = b""
while True:
    b = s.recv(65536)
    if not b:
        break
    d += b
h, _, body = d.partition(b"\r\n\r\n")
print(h.split(b" ")[1].decode(), body.decode().strip())
' "$PORT" "$T/badcl" | jq -Rr 'split(" ") | .[0] + " " + (.[1:] | join(" ") | fromjson | .error)')" \
    "400 bad_request"

stop_others
stop_server
check "every server down: the proxy answers 503" "$(call GET /v1/proposals "$OBS")" 503
jqcheck "... as JSON" "$(body)" .error '"unavailable"'
check "... with Retry-After" "$(header Retry-After)" 1
check "... of type application/json" "$(header Content-Type)" application/json

done_testing
