# load and import stream: a generated case of 20,000 events, written as
# it is read (one event in memory at a time), records the same events and
# gives the same answers as the same case loaded in five parts; an export
# imported back has the same head; a failure at the last line writes
# nothing.
. "$(dirname "$0")/lib.sh"

awk 'BEGIN {
	print "{\"date\": \"2020-01-01\", \"type\": \"org.create\", \"data\": {\"id\": \"o\", \"name\": \"O\"}}"
	for (m = 0; m < 50; m++)
		printf "{\"date\": \"2020-01-01\", \"type\": \"member.join\", \"data\": {\"org\": \"o\", \"code\": \"M%02d\", \"name\": \"Member %d\"}}\n", m, m
	for (p = 0; p < 20; p++)
		printf "{\"date\": \"2020-01-02\", \"type\": \"proposal.open\", \"data\": {\"id\": \"p%d\", \"org\": \"o\", \"kind\": \"text\", \"title\": \"T\", \"text\": \"t\"}}\n", p
	for (i = 0; i < 20000; i++)
		printf "{\"date\": \"2020-%02d-%02d\", \"type\": \"position.declare\", \"data\": {\"proposal\": \"p%d\", \"member\": \"M%02d\", \"position\": \"%s\", \"source\": \"report %d, \\\"quoted\\\", as published\"}}\n", 2 + int(i / 2000), 1 + int(i % 2000 / 80), i % 20, i % 50, i % 3 ? "support" : "object", i
}' >"$T/big.case"
n=$(wc -l <"$T/big.case")
check "the case" "$n" 20071
quiet "$ASSENT" --db "$T/whole.db" load "$T/big.case"
split -l 4100 "$T/big.case" "$T/part."
for p in "$T"/part.*; do
	quiet "$ASSENT" --db "$T/parts.db" load "$p"
done
strip='del(.recorded, .prev, .hash)'
check "the same events" \
    "$("$ASSENT" --db "$T/whole.db" export | jq -c "$strip" | md5sum)" \
    "$("$ASSENT" --db "$T/parts.db" export | jq -c "$strip" | md5sum)"
for d in 2020-02-15 2020-06-30 2020-11-30; do
	for p in p0 p7; do
		check "status $p as of $d" \
		    "$("$ASSENT" --db "$T/whole.db" status $p --as-of $d --json)" \
		    "$("$ASSENT" --db "$T/parts.db" status $p --as-of $d --json)"
	done
done
quiet "$ASSENT" --db "$T/whole.db" verify
"$ASSENT" --db "$T/whole.db" export "$T/whole.export"
quiet "$ASSENT" --db "$T/again.db" import "$T/whole.export"
check "an import of the export: the same head" \
    "$("$ASSENT" --db "$T/again.db" export | tail -n 1 | jq -r .hash)" \
    "$(tail -n 1 "$T/whole.export" | jq -r .hash)"
# The last line refused: nothing of the 20,071 is written.
{ cat "$T/big.case"; echo '{"date": "2021-01-01", "type": "position.declare", "data": {"proposal": "p1", "member": "ZZZ", "position": "support", "source": "s"}}'; } >"$T/bad.case"
refused "a refusal at the last line" \
	"^assent: [^ ]*bad\.case:20072: position\.declare: unknown member 'ZZZ' of o; nothing was written\$" 1 \
	"$ASSENT" --db "$T/none.db" load "$T/bad.case"
absent() { [ ! -e "$1" ] && ok || fail "$1 was left"; }
absent "$T/none.db"
done_testing
