# Runs a unit test of the store (its binary, $1) on PostgreSQL: a cluster
# of the test's own (tests/cli/lib.sh starts it and stops it), named to
# the test by ASSENT_TEST_PG; each ledger is a database of it
# (tests/unit/test_db.h).
ASSENT_BACKEND=postgresql
ASSENT=${ASSENT:-unused}
. "$(dirname "$0")/../cli/lib.sh"
ASSENT_TEST_PG="postgresql://postgres@127.0.0.1:$PGPORT/" "$1"
