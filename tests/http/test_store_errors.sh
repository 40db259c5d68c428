# A store that fails under the server (here: its checkpoints damaged
# after start-up, as a bad disk might leave them) is answered 500 with
# the store's one line, in JSON, and the server goes on: it used to
# recurse without end on any store failure but a lost connection.
. "$(dirname "$0")/lib.sh"

ASSENT_CHECKPOINT_BYTES=2000 "$ASSENT" load "$CASE" >/dev/null
OBS=$(token watcher observer)
cps=$(sql "$DB" "SELECT count(*) FROM checkpoints")
check "the load left checkpoints" "$([ "$cps" -gt 0 ] && echo yes)" yes
start_server
sql "$DB" "UPDATE checkpoints SET state = 'not a snapshot'" >/dev/null
check "a read from a damaged checkpoint: 500" \
    "$(call GET '/v1/proposals/sg-2024/status?as_of=2024-06-20' "$OBS")" 500
jqcheck "... in JSON, the store's line" "$(body)" \
    '[.error, (.detail | test("checkpoint of nato .* cannot be read"))]' '["store",true]'
check "the server goes on" "$(call GET /healthz '')" 200
done_testing
