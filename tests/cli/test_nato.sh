# The founding case: every line of "What a user must be able to see" in
# ../shared/brief/nato-2024.md, asserted on status --json and office --json
# after one load of data/nato/nato-2024.case into an empty ledger.
. "$(dirname "$0")/lib.sh"

"$ASSENT" load "$CASE" >/dev/null
status() { "$ASSENT" status sg-2024 --json --as-of "$1"; }
office() { "$ASSENT" office secretary-general --json --as-of "$1"; }
cand() { printf '.candidates[] | select(.id == "%s")' "$1"; }

# As of 2024-06-17: no consensus; Hungary withholds support; two
# candidates stand; who is still to be brought in.
s=$(status 2024-06-17)
jqcheck "06-17 as_of" "$s" .as_of '"2024-06-17"'
jqcheck "06-17 rule" "$s" .rule.type '"unanimity"'
jqcheck "06-17 no consensus" "$s" '[.consensus, .consensus_for, .decided]' '[false,null,false]'
jqcheck "06-17 32 allies" "$s" '.members | length' 32
jqcheck "06-17 Hungary objects" "$s" '.members[] | select(.code == "HUN") | [.position, .effective, .candidate]' '["object","object","rutte"]'
jqcheck "06-17 Hungary's source" "$s" '.members[] | select(.code == "HUN") | .source | test("Hungary|Szijj")' true
jqcheck "06-17 two candidates stand" "$s" '[.candidates[] | select(.state == "standing") | .id]' '["rutte","iohannis"]'
jqcheck "06-17 Rutte's 29 supporters" "$s" "$(cand rutte) | .supporters | length" 29
jqcheck "06-17 to bring in to Rutte" "$s" "$(cand rutte) | .to_bring_in | sort" '["HUN","ROU","SVK"]'
jqcheck "06-17 Romania backs its own" "$s" "$(cand iohannis) | .supporters" '["ROU"]'
jqcheck "06-17 Slovakia no position" "$s" '.members[] | select(.code == "SVK") | .position' '"none"'
jqcheck "06-17 every support has a source" "$s" '[.members[] | select(.position != "none") | .source | type] | unique' '["string"]'

# As of 2024-06-19: Hungary's condition is met by the letter; Rutte still
# lacks Romania, whose candidate still stands.
s=$(status 2024-06-19)
jqcheck "06-19 Hungary supports on a condition" "$s" '.members[] | select(.code == "HUN") | [.position, .effective, .candidate]' '["support","support","rutte"]'
jqcheck "06-19 the condition is met" "$s" '.members[] | select(.code == "HUN") | .conditions' '[{"id":"rutte-letter-2024-06-18","state":"given","met":true}]'
jqcheck "06-19 no open condition" "$s" "$(cand rutte) | .open_conditions" '[]'
jqcheck "06-19 Rutte lacks only Romania" "$s" "$(cand rutte) | .to_bring_in" '["ROU"]'
jqcheck "06-19 Iohannis still stands" "$s" "$(cand iohannis) | .state" '"standing"'
jqcheck "06-19 no consensus" "$s" .consensus_for null

# As of 2024-06-20: Iohannis has withdrawn and endorsed Rutte; all 32
# allies consent; consensus, no one left to bring in.
s=$(status 2024-06-20)
jqcheck "06-20 Iohannis withdrew" "$s" "$(cand iohannis) | [.state, .endorses, .withdrawn]" '["withdrawn","rutte","2024-06-20"]'
jqcheck "06-20 all 32 consent" "$s" "$(cand rutte) | .supporters | length" 32
jqcheck "06-20 no one to bring in" "$s" "$(cand rutte) | .to_bring_in" '[]'
jqcheck "06-20 consensus for Rutte" "$s" '[.state, .consensus_for, .decided]' '["consensus","rutte",false]'
jqcheck "06-20 Rutte the sole candidate" "$s" '[.candidates[] | select(.state == "standing") | .id]' '["rutte"]'

# As of 2024-06-26: formally appointed; designate until the incumbent's
# term ends.
s=$(status 2024-06-26)
jqcheck "06-26 decided" "$s" '[.state, .decided, .decision.date, .decision.candidate]' '["decided",true,"2024-06-26","rutte"]'
jqcheck "06-26 Rutte appointed" "$s" "$(cand rutte) | .state" '"appointed"'
o=$(office 2024-06-26)
jqcheck "06-26 Stoltenberg holds" "$o" '.holder | [.person, .term_end]' '["Jens Stoltenberg","2024-10-01"]'
jqcheck "06-26 Rutte designate" "$o" '.designate | [.person, .term_start, .term_end]' '["Mark Rutte","2024-10-01","2028-10-01"]'
o=$(office 2024-09-30)
jqcheck "09-30 still designate" "$o" '[.holder.person, .designate.person]' '["Jens Stoltenberg","Mark Rutte"]'

# As of 2024-10-01: Rutte in office, term ending four years later.
o=$(office 2024-10-01)
jqcheck "10-01 Rutte holds" "$o" '.holder | [.person, .nationality, .term_start, .term_end]' '["Mark Rutte","NLD","2024-10-01","2028-10-01"]'
jqcheck "10-01 no designate" "$o" .designate null
jqcheck "10-01 Stoltenberg before" "$o" '.past_holders[-1].person' '"Jens Stoltenberg"'
jqcheck "10-01 status still decided" "$(status 2024-10-01)" .state '"decided"'

# Before the race: the proposal does not exist yet; Sweden counts from its
# accession (2024-03-07), not before.
set +e
"$ASSENT" status sg-2024 --as-of 2023-01-01 >/dev/null 2>&1
check "status before the proposal opened" $? 1
set -e
jqcheck "03-06 31 allies" "$(status 2024-03-06)" '.members | length' 31
jqcheck "03-07 32 allies" "$(status 2024-03-07)" '.members | length' 32
o=$("$ASSENT" org nato --json --as-of 2024-03-06)
jqcheck "org as of 03-06: 31 members, no Sweden" "$o" '[(.members | length), ([.members[].code] | index("SWE"))]' '[31,null]'
o=$("$ASSENT" org nato --json --as-of 2024-03-07)
jqcheck "org as of 03-07: Sweden since its accession" "$o" '.members[] | select(.code == "SWE") | [.name, .since, .until]' '["Sweden","2024-03-07",null]'
jqcheck "org: the 1949 founders" "$o" '[.members[] | select(.since == "1949-08-24")] | length' 12
jqcheck "org: offices and proposals" "$o" '[.offices, .proposals]' '[["secretary-general"],["sg-2024"]]' 

# The whole timeline, each event with its date and source, and the proof
# that the record was not altered.
t=$("$ASSENT" timeline --json)
N=$(grep -c '^{' "$CASE")
jqcheck "timeline has every event" "$t" '.events | length' "$N"
jqcheck "every event has a source" "$t" '[.events[] | .source | type] | unique' '["string"]'
jqcheck "dates never go back" "$t" '[.events[].date] as $d | $d == ($d | sort)' true
tp=$("$ASSENT" timeline --proposal sg-2024 --json)
jqcheck "timeline of the proposal" "$tp" '[.events[].type] | unique' '["candidate.declare","candidate.withdraw","commitment.give","decision.take","position.report","proposal.open"]'
jqcheck "the letter in the proposal's timeline" "$tp" '[.events[] | select(.type == "commitment.give") | [.date, .data.id]]' '[["2024-06-18","rutte-letter-2024-06-18"]]'
jqcheck "no membership events in it" "$tp" '[.events[] | select(.type == "member.join")] | length' 0
v=$("$ASSENT" verify --json)
jqcheck "verify intact" "$v" '[.intact, .events]' "[true,$N]"
jqcheck "the head is the last event's hash" "$v" .head "$(printf '%s' "$t" | jq -c '.events[-1].hash')"
jqcheck "proposals" "$("$ASSENT" proposals --json --as-of 2024-06-20)" '.proposals' '[{"id":"sg-2024","org":"nato","kind":"appointment","title":"Appointment of the Secretary General (2024)","state":"consensus","opened":"2023-10-28"}]'

# The same case file a second time is refused whole: ids exist already.
refused "loading the case twice" "nato-2024.case:[0-9]+: org.create: organisation 'nato' already exists; nothing was written" 1 "$ASSENT" load "$CASE"
done_testing
