# The PostgreSQL store, what only it has (registered with the PostgreSQL
# backend alone): bad connections and databases, one line each and exit
# 3; the database's own guards (append-only triggers, the keys that make
# a second head impossible); a payload altered behind the triggers' back,
# named by verify.
. "$(dirname "$0")/lib.sh"
[ "$BACKEND" = postgresql ] || { echo "for PostgreSQL only"; exit 0; }

quiet "$ASSENT" load "$CASE"
head=$("$ASSENT" verify --json | jq -r .head)
N=$(grep -c '^{' "$CASE")
hostport="127\\.0\\.0\\.1:$PGPORT"

# --- Bad input: one line on stderr, exit 3, the ledger's head unmoved.
# Nothing listens on port 1 of 127.0.0.1.
refused "an unreachable database" \
	"^assent: postgresql://127\\.0\\.0\\.1:1/ledger\\.db: cannot connect: .*Connection refused" 3 \
	"$ASSENT" --db "postgresql://postgres@127.0.0.1:1/ledger.db" status sg-2024
refused "an unreachable database: a write" \
	"^assent: postgresql://127\\.0\\.0\\.1:1/ledger\\.db: cannot connect: " 3 \
	"$ASSENT" --db "postgresql://postgres@127.0.0.1:1/ledger.db" \
	org-create --id q --name Q --date 2020-01-01
# A role with a password, checked before the cluster's trust lines.
sql "$DB" "CREATE ROLE secret LOGIN PASSWORD 'right-password'" >/dev/null
as_postgres sh -c "{ echo 'host all secret 127.0.0.1/32 scram-sha-256';
    cat '$PG_DATA/pg_hba.conf'; } >'$PG_DATA/hba.new' &&
    mv '$PG_DATA/hba.new' '$PG_DATA/pg_hba.conf'"
as_postgres "$PGBIN/pg_ctl" -D "$PG_DATA" reload >/dev/null
sleep 0.5
refused "wrong credentials" \
	"^assent: postgresql://$hostport/ledger\\.db: cannot connect: .*password authentication failed for user \"secret\"\$" 3 \
	"$ASSENT" --db "postgresql://secret:wrong-password@127.0.0.1:$PGPORT/ledger.db" verify
if grep -q "wrong-password" "$T/err"; then
	fail "the password is in the message: $(cat "$T/err")"
else
	ok
fi
refused "wrong credentials, as key=value" \
	"^assent: postgresql://$hostport/ledger\\.db: cannot connect: .*password authentication failed" 3 \
	"$ASSENT" --db "host=127.0.0.1 port=$PGPORT user=secret password=wrong-password dbname=ledger.db" verify
refused "a database that does not exist" \
	"^assent: postgresql://$hostport/absent\\.db: cannot connect: .*database \"absent\\.db\" does not exist\$" 3 \
	"$ASSENT" --db "postgresql://postgres@127.0.0.1:$PGPORT/absent.db" verify
# A ledger of a newer format: refused by reads and writes alike.
NEWER=$(ledger newer.db)
quiet "$ASSENT" --db "$NEWER" org-create --id q --name Q --date 2020-01-01
sql "$NEWER" "UPDATE meta SET value = '3' WHERE key = 'version'"
for cmd in "status sg-2024" verify "org-create --id r --name R"; do
	# shellcheck disable=SC2086
	refused "a newer format: $cmd" \
		"^assent: postgresql://$hostport/newer\\.db: ledger format version 3 is newer than this assent reads \\(2\\): use a newer assent\$" 3 \
		"$ASSENT" --db "$NEWER" $cmd
done
check "a newer format: nothing written" \
    "$(sql "$NEWER" "SELECT count(*) FROM events")" 1
# A database that is not an assent ledger (only its own tables) is
# refused by test_bad_input; one with assent's names but another format:
ODD=$(ledger odd.db)
sql "$ODD" "CREATE TABLE meta(key text PRIMARY KEY, value text);
    CREATE TABLE head(id int); CREATE TABLE events(seq bigint);
    INSERT INTO meta VALUES ('format', 'something-else')"
refused "tables of assent's names, another format" \
	"^assent: postgresql://$hostport/odd\\.db: not an assent ledger" 3 \
	"$ASSENT" --db "$ODD" org-create --id q --name Q

# --- The database's guards. Append-only: UPDATE, DELETE, TRUNCATE.
for q in "UPDATE events SET actor = 'x' WHERE seq = 3" \
    "DELETE FROM events WHERE seq = $N" "TRUNCATE events"; do
	if sql "$DB" "$q" >/dev/null 2>"$T/psql.err"; then
		fail "the database took: $q"
	elif grep -q "the ledger is append-only" "$T/psql.err"; then
		ok
	else
		fail "$q: $(cat "$T/psql.err")"
	fi
done
# A second head is impossible even for a writer that took no lock: a
# second event N (the last), or an event N + 1 linked to what event N
# links to.
fork() {
	sql "$DB" "INSERT INTO events SELECT $1, date, recorded, actor, type,
	    data, prev, $2, org, at FROM events WHERE seq = $N" >/dev/null \
	    2>"$T/psql.err"
}
if fork "$N" "sha256(hash)"; then fail "a second event $N was taken"; else
	grep -q "duplicate key value violates unique constraint \"events_pkey\"" \
	    "$T/psql.err" && ok || fail "a second $N: $(cat "$T/psql.err")"
fi
if fork $((N + 1)) "sha256(hash)"; then fail "a fork at $((N - 1)) was taken"; else
	grep -q "duplicate key value violates unique constraint \"events_prev_key\"" \
	    "$T/psql.err" && ok || fail "a fork: $(cat "$T/psql.err")"
fi
jqcheck "the chain is whole" "$("$ASSENT" verify --json)" '[.intact, .head]' \
    "[true,\"$head\"]"
# The head row is what writers lock; the change counter moved with each
# of the N commits.
check "one head row" "$(sql "$DB" "SELECT count(*), max(seq) FROM head")" "1|$N"
check "the change counter" "$(sql "$DB" "SELECT changes >= 1 FROM head")" t

# --- A write whose commit is lost with the connection (a deferred
# trigger ends the session at COMMIT): it may have been recorded or not,
# and the CLI tells its user what they can do, not the API's retry.
sql "$DB" 'CREATE FUNCTION lose_commit() RETURNS trigger LANGUAGE plpgsql AS
    $f$ BEGIN PERFORM pg_terminate_backend(pg_backend_pid()); RETURN NULL; END $f$;
    CREATE CONSTRAINT TRIGGER lose_commit AFTER INSERT ON events
    DEFERRABLE INITIALLY DEFERRED FOR EACH ROW EXECUTE FUNCTION lose_commit()' >/dev/null
refused "a commit lost with the connection" \
	"^assent: postgresql://$hostport/ledger\\.db: the connection was lost during the commit: the write may have been recorded or not; see whether it was \\('assent export \\| tail -n 1' shows the last event recorded\\) before running the command again\$" 3 \
	"$ASSENT" org-create --id lost --name Lost --date 2020-01-01
if grep -q "Idempotency-Key" "$T/err"; then
	fail "the CLI's message names the API's header: $(cat "$T/err")"
else
	ok
fi
sql "$DB" 'DROP TRIGGER lose_commit ON events; DROP FUNCTION lose_commit()' >/dev/null

# --- Tampering behind the triggers' back: a payload altered in the
# table (by someone who may drop the trigger) is named by verify, and
# serve refuses the ledger.
seq=$("$ASSENT" export | jq -r 'select(.data.source != null) | .seq' | sed -n 10p)
sql "$DB" "ALTER TABLE events DISABLE TRIGGER events_append_only;
    UPDATE events SET data = replace(data, '\"source\":\"', '\"source\":\"not ')
    WHERE seq = $seq;
    ALTER TABLE events ENABLE TRIGGER events_append_only" >/dev/null
refused "verify names the altered event" \
	"^assent: ledger broken: event $seq: its content does not match its hash \\(altered\\)\$" 4 \
	"$ASSENT" verify
set +e
"$ASSENT" serve --listen 127.0.0.1:0 >"$T/serve.out" 2>"$T/serve.err"
rc=$?
set -e
check "serve refuses the altered ledger: exit" "$rc" 4
if grep -q "the ledger does not verify, so it is not served: event $seq" "$T/serve.err"; then ok; else
	fail "serve names the event: $(cat "$T/serve.err")"
fi
# Its stored organisation changed instead: named too.
sql "$DB" "ALTER TABLE events DISABLE TRIGGER events_append_only;
    UPDATE events SET data = replace(data, '\"source\":\"not ', '\"source\":\"')
    WHERE seq = $seq; UPDATE events SET org = 'other' WHERE seq = 12;
    ALTER TABLE events ENABLE TRIGGER events_append_only" >/dev/null
refused "verify names an event moved to another organisation" \
	"^assent: ledger broken: event 12: stored in the history of 'other' but belongs to nato \\(altered\\)\$" 4 \
	"$ASSENT" verify

done_testing
