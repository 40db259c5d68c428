# Deadlines for a request's head and body (issue 9): a client that sends
# its head (or its body) a byte at a time, never idle long enough for
# --timeout, is answered 408 in JSON and closed once --head-timeout (or
# --body-timeout) has passed since the head began; a connection kept open
# between requests is idle, not late, and serves its next request; a
# request line on a kept connection starts its head's deadline.
. "$(dirname "$0")/lib.sh"

"$ASSENT" load "$CASE" >/dev/null
SEC=$(token nato-sec secretariat nato)
start_server --head-timeout 2 --body-timeout 2 --timeout 30
port=${URL##*:}

# trickle.py MODE: one connection, driven as MODE says; prints what the
# server answered ("STATUS-LINE | BODY") and whether it closed the
# connection before the client was done ("closed early" / "not closed").
cat >"$T/trickle.py" <<'EOF2'
import socket, sys, time
port, mode, token = int(sys.argv[1]), sys.argv[2], sys.argv[3]
s = socket.create_connection(("127.0.0.1", port), timeout=15)

def answer():
    data = b""
    while b"\r\n\r\n" not in data:
        b = s.recv(65536)
        if not b:
            break
        data += b
    head, _, body = data.partition(b"\r\n\r\n")
    n = 0
    for line in head.split(b"\r\n")[1:]:
        k, _, v = line.partition(b":")
        if k.strip().lower() == b"content-length":
            n = int(v.strip())
    while len(body) < n:
        b = s.recv(65536)
        if not b:
            break
        body += b
    return head.split(b"\r\n")[0].decode() + " | " + body.decode().strip()

def trickle(first, pieces, every=0.5, seconds=8.0):
    """Sends first, then a piece every `every` s for `seconds` s; returns
    whether the server closed the connection meanwhile."""
    s.sendall(first)
    end = time.time() + seconds
    while time.time() < end:
        time.sleep(every)
        try:
            s.sendall(pieces)
        except OSError:
            return True
    return False

if mode == "head":
    early = trickle(b"GET /healthz HTTP/1.1\r\nHost: x\r\n", b"X-Slow: 1\r\n")
elif mode == "body":
    early = trickle(b"POST /v1/events/proposal.open HTTP/1.1\r\nHost: x\r\n"
                    b"Authorization: Bearer " + token.encode() + b"\r\n"
                    b"Content-Type: application/json\r\n"
                    b"Content-Length: 100\r\n\r\n{", b" ")
elif mode == "kept":
    s.sendall(b"GET /healthz HTTP/1.1\r\nHost: x\r\n\r\n")
    print(answer())
    time.sleep(3)        # idle past --head-timeout, within --timeout
    s.sendall(b"GET /healthz HTTP/1.1\r\nHost: x\r\n\r\n")
    print(answer())
    early = trickle(b"GET /healthz HTTP/1.1\r\nHost: x\r\n", b"X-Slow: 1\r\n")
try:
    print(answer())
except OSError as e:
    print("no answer: %s" % e)
print("closed early" if early else "not closed")
EOF2
before=$(ledger_head)

python3 "$T/trickle.py" "$port" head "$SEC" >"$T/head.out" 2>&1
check "a head trickled in: 408" "$(sed -n 1p "$T/head.out" | cut -d' ' -f2)" 408
jqcheck "... in JSON, naming the head" "$(sed -n 1p "$T/head.out" | sed 's/^[^|]*| //')" \
    '[.error, (.detail | test("head did not come whole within 2 s"))]' '["request_timeout",true]'
check "... closed while the client was still sending" "$(sed -n 2p "$T/head.out")" "closed early"

python3 "$T/trickle.py" "$port" body "$SEC" >"$T/body.out" 2>&1
check "a body trickled in: 408" "$(sed -n 1p "$T/body.out" | cut -d' ' -f2)" 408
jqcheck "... in JSON, naming the body" "$(sed -n 1p "$T/body.out" | sed 's/^[^|]*| //')" \
    '[.error, (.detail | test("body did not come whole within 2 s"))]' '["request_timeout",true]'
check "... closed while the client was still sending" "$(sed -n 2p "$T/body.out")" "closed early"
check "... nothing written" "$(ledger_head)" "$before"

python3 "$T/trickle.py" "$port" kept "$SEC" >"$T/kept.out" 2>&1
check "a kept connection: the first request" "$(sed -n 1p "$T/kept.out" | cut -d' ' -f2)" 200
check "... idle past the head's deadline, then its next request" "$(sed -n 2p "$T/kept.out" | cut -d' ' -f2)" 200
check "... then a head trickled in on it: 408" "$(sed -n 3p "$T/kept.out" | cut -d' ' -f2)" 408
check "... closed" "$(sed -n 4p "$T/kept.out")" "closed early"

check "the server answers after" "$(call GET /healthz '')" 200
done_testing
