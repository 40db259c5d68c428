# A write whose commit is lost with the connection to PostgreSQL (a
# deferred trigger ends the session at COMMIT): 503, and the detail says
# it may have been recorded or not and tells the API's client what to do,
# retry with its Idempotency-Key (the CLI's own words are checked in
# cli/test_pg_store); the keyed retry is then recorded, once.
. "$(dirname "$0")/lib.sh"
[ "$BACKEND" = postgresql ] || { echo "for PostgreSQL only"; exit 0; }

"$ASSENT" load "$CASE" >/dev/null
SEC=$(token nato-sec secretariat nato)
start_server
body='{"data":{"org":"nato","id":"lost","kind":"text","title":"T","text":"t"}}'

sql "$DB" 'CREATE FUNCTION lose_commit() RETURNS trigger LANGUAGE plpgsql AS
    $f$ BEGIN PERFORM pg_terminate_backend(pg_backend_pid()); RETURN NULL; END $f$;
    CREATE CONSTRAINT TRIGGER lose_commit AFTER INSERT ON events
    DEFERRABLE INITIALLY DEFERRED FOR EACH ROW EXECUTE FUNCTION lose_commit()' >/dev/null
before=$(ledger_head)
check "a commit lost" "$(call POST /v1/events/proposal.open "$SEC" "$body" \
    -H 'Idempotency-Key: lost-1')" 503
jqcheck "says so, and what a client does" "$(body)" \
    '.detail | test("the connection was lost during the commit: the write may have been recorded or not; retry it with its Idempotency-Key$")' true
check "not recorded" "$(ledger_head)" "$before"
sql "$DB" 'DROP TRIGGER lose_commit ON events; DROP FUNCTION lose_commit()' >/dev/null
check "the keyed retry" "$(call POST /v1/events/proposal.open "$SEC" "$body" \
    -H 'Idempotency-Key: lost-1')" 201
check "recorded once" "$(ledger_head)" "$((before + 1))"
done_testing
