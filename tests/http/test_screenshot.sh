# The dashboard settles for Chromium's own headless capture: with
# ?stream=off the page opens no stream, so --virtual-time-budget ends
# and --dump-dom and --screenshot return, well before their time-out.
# ?known_at= is shown beside the date. Debian's chromium, headless, no
# sandbox, no background networking.
. "$(dirname "$0")/lib.sh"

CHROMIUM=${CHROMIUM:-/usr/bin/chromium}
"$ASSENT" load "$CASE" >/dev/null
OBS=$(token watcher observer)
start_server
k=$(sql "$DB" 'SELECT recorded FROM events ORDER BY seq DESC LIMIT 1')

shot() {
	profile=$1
	shift
	timeout 90 "$CHROMIUM" --headless --no-sandbox --disable-gpu \
	    --disable-quic --no-first-run --disable-background-networking \
	    --disable-component-update --disable-sync --disable-dev-shm-usage \
	    --user-data-dir="$T/profile-$profile" --window-size=1280,1000 \
	    --virtual-time-budget=15000 "$@" 2>>"$T/chromium.log"
}

page="$URL/?stream=off&org=nato&proposal=sg-2024&known_at=$k#token=$OBS"
set +e
shot dom --dump-dom "$page" >"$T/dom.html"
rc=$?
set -e
check "the DOM is dumped once the page settles" "$rc" 0
if grep -q 'Mark Rutte' "$T/dom.html"; then ok; else
	fail "the page was drawn: $(head -c 300 "$T/dom.html")"
fi
if grep -q "as known at $k" "$T/dom.html"; then ok; else
	fail "the page says what it was known at"
fi
if grep -q 'live updates off' "$T/dom.html"; then ok; else
	fail "the page says it has no live updates"
fi
set +e
(cd "$T" && shot png --screenshot="$T/board.png" "$page")
rc=$?
set -e
check "the screenshot is taken" "$rc" 0
check "it is a PNG" "$(head -c 8 "$T/board.png" | od -An -tx1 | tr -d ' \n')" 89504e470d0a1a0a
[ "$(wc -c <"$T/board.png")" -gt 20000 ] && ok || fail "the screenshot is blank"
[ -n "${ASSENT_ARTIFACTS:-}" ] && cp "$T/board.png" "$ASSENT_ARTIFACTS/" || true
done_testing
