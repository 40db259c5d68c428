# What a newsroom exports of a proposal: its positions and reports as CSV
# (one row a report, with the source's kind and the dates) and as JSON,
# the same rows; the CSV read back by a real CSV parser (Python's csv
# module) with every field intact, quotes, commas and line breaks in the
# sources included; and the citation list.
. "$(dirname "$0")/lib.sh"

cat >"$T/setup.case" <<'EOF2'
{"date": "2024-01-01", "type": "org.create", "data": {"id": "o", "name": "Org"}}
{"date": "2024-01-01", "type": "member.join", "data": {"org": "o", "code": "AAA", "name": "Aland, the \"first\""}}
{"date": "2024-01-01", "type": "member.join", "data": {"org": "o", "code": "BBB", "name": "Bländ"}}
{"type": "source.declare", "data": {"id": "daily", "org": "o", "kind": "press-report", "title": "The Daily, \"Aland backs it\", page 2", "published": "2024-02-01", "url": "https://example.org/a?b=1,2"}}
{"type": "source.declare", "data": {"id": "fm", "org": "o", "kind": "official-statement", "by": "BBB", "title": "Bländ's ministry"}}
{"date": "2024-02-01", "type": "proposal.open", "data": {"id": "t", "org": "o", "kind": "text", "title": "A text", "cites": ["fm"]}}
{"date": "2024-02-01", "type": "position.report", "data": {"proposal": "t", "member": "AAA", "position": "support", "cites": ["daily"], "source": "\"We back it,\" a minister said,\nthen left"}}
{"date": "2024-02-02", "type": "position.report", "data": {"proposal": "t", "member": "BBB", "position": "object", "cites": ["fm"]}}
{"date": "2024-02-03", "type": "position.declare", "data": {"proposal": "t", "member": "AAA", "position": "abstain", "source": "the secretariat, at the table", "cites": ["daily"]}}
EOF2
quiet "$ASSENT" load "$T/setup.case"

"$ASSENT" reports t --csv >"$T/rows.csv"
"$ASSENT" reports t --json >"$T/rows.json"
jqcheck "one row a report and a declaration" "$(cat "$T/rows.json")" '.rows | length' 3
jqcheck "the rows: member, type, kind, date, counted" "$(cat "$T/rows.json")" \
    '[.rows[] | [.member, .type, .source_kind, .date, .counted]]' \
    '[["AAA","position.declare","press-report","2024-02-03",true],["AAA","position.report","press-report","2024-02-01",false],["BBB","position.report","official-statement","2024-02-02",true]]'
# Every field of every row, read back by Python's csv module, is the
# JSON's (null an empty field, true and false as words, numbers as text).
python3 - "$T/rows.csv" "$T/rows.json" >"$T/py.out" 2>&1 <<'PY'
import csv, json, sys
rows = list(csv.DictReader(open(sys.argv[1], newline='', encoding='utf-8')))
want = json.load(open(sys.argv[2], encoding='utf-8'))["rows"]
def text(v):
    if v is None: return ""
    if v is True: return "true"
    if v is False: return "false"
    if isinstance(v, float) and v == int(v): return str(int(v))
    return str(v)
bad = 0
if len(rows) != len(want):
    print("rows:", len(rows), "want", len(want)); bad += 1
for r, w in zip(rows, want):
    if list(r.keys()) != list(w.keys()):
        print("columns:", list(r.keys()), list(w.keys())); bad += 1
    for k in w:
        if r.get(k) != text(w[k]):
            print("field", k, repr(r.get(k)), "want", repr(text(w[k]))); bad += 1
print("fields", sum(len(w) for w in want), "bad", bad)
PY
check "python's csv reads every field back" "$(tail -n 1 "$T/py.out")" "fields 66 bad 0"
[ "$(tail -n 1 "$T/py.out")" = "fields 66 bad 0" ] || cat "$T/py.out" >&2
jqcheck "quotes, commas and a line break intact" "$(python3 -c '
import csv, json, sys
r = list(csv.DictReader(open(sys.argv[1], newline="", encoding="utf-8")))
print(json.dumps([r[1]["note"], r[1]["source_title"], r[1]["source_url"], r[0]["member_name"]]))' "$T/rows.csv")" . \
    '["\"We back it,\" a minister said,\nthen left","The Daily, \"Aland backs it\", page 2","https://example.org/a?b=1,2","Aland, the \"first\""]'
check "the CSV's lines end in CRLF" "$(head -n 1 "$T/rows.csv" | od -c | grep -c '\\r  \\n')" 1
jqcheck "the export on the confirmed basis counts the member's own acts" \
    "$("$ASSENT" reports t --basis confirmed --json)" '[.basis, [.rows[] | .counted]]' '["confirmed",[true,false,true]]'
jqcheck "as of an earlier date, the rows then" \
    "$("$ASSENT" reports t --as-of 2024-02-01 --json)" '[.rows[] | .type]' '["position.report"]'

# The citation list: every source the proposal's events cite, numbered
# by first citation, each with the events citing it.
c=$("$ASSENT" citations t --json)
jqcheck "the citation list" "$c" '[.citations[] | [.n, .id, .kind_label, (.cited_by | map(.type))]]' \
    '[[1,"fm","official statement",["proposal.open","position.report"]],[2,"daily","press report",["position.report","position.declare"]]]'
if "$ASSENT" citations t | grep -q '^\[2\] The Daily, "Aland backs it", page 2\. press report, 2024-02-01\. https://example.org/a?b=1,2$'; then ok; else
	fail "the human citation list: $("$ASSENT" citations t)"; fi
refused "citations of an unknown proposal" "^assent: citations: unknown proposal 'nope'\$" 1 \
	"$ASSENT" citations nope
refused "reports of an unknown proposal" "^assent: unknown proposal 'nope' as of " 1 \
	"$ASSENT" reports nope

done_testing
