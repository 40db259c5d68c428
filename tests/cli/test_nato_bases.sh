# The NATO case on both bases at each date of the brief
# (../shared/brief/nato-2024.md, "What a user must be able to see"): on
# the reported basis (the default) every line of the brief holds, as
# tests/cli/test_nato.sh checks; on the confirmed basis only the allies
# whose own act is on record count (their governments' statements, the
# letter, the Council's decision); and Hungary's reports of March and of
# June stand side by side, the June ones replacing the March ones.
. "$(dirname "$0")/lib.sh"

"$ASSENT" load "$CASE" >/dev/null
rep() { "$ASSENT" status sg-2024 --json --as-of "$1"; }
con() { "$ASSENT" status sg-2024 --json --as-of "$1" --basis confirmed; }
cand() { printf '.candidates[] | select(.id == "%s")' "$1"; }
hun='.members[] | select(.code == "HUN")'

# The answer says its basis, and that the reported one is the default.
jqcheck "the default basis, said" "$(rep 2024-06-17)" '[.basis, .basis_default]' '["reported",true]'
jqcheck "the confirmed basis, asked" "$(con 2024-06-17)" '[.basis, .basis_default]' '["confirmed",false]'

# Every source an event cites is a record of its kind.
jqcheck "the sources' kinds" "$("$ASSENT" org nato --json)" \
    '[.source_weights[].kind]' '["official-record","signed-document","official-statement","named-person","press-report","anonymous"]'
tl=$("$ASSENT" timeline --json)
jqcheck "every event but the organisation's creation cites a source record" "$tl" \
    '[.events[] | select(.type != "org.create" and .type != "source.declare") | (.data.cites | length) > 0] | unique' '[true]'
jqcheck "the letter of 18 June is a signed document" "$tl" \
    '[.events[] | select(.type == "commitment.give") | .cites[0].kind]' '["signed-document"]'
jqcheck "the anonymous diplomat on the handover is an anonymous source" "$tl" \
    '[.events[] | select(.type == "decision.take") | .cites[] | select(.id == "seed-diplomat") | .kind]' '["anonymous"]'
jqcheck "the Council's decision is an official record" "$tl" \
    '[.events[] | select(.type == "decision.take") | .cites[0].kind]' '["official-record"]'
jqcheck "the 29 allies of April: reported by the press" "$tl" \
    '[.events[] | select(.type == "position.report" and .date == "2024-04-02") | .cites[0].kind] | unique' '["official-statement","press-report"]'

# As of 2024-06-17: no consensus on either basis. Reported: 29 back
# Rutte, Hungary objects, Romania backs its own, Slovakia has none.
# Confirmed: six allies' own statements back Rutte; Hungary's objection
# is its own (its foreign minister's), Romania's support of Iohannis too.
s=$(rep 2024-06-17); c=$(con 2024-06-17)
jqcheck "06-17 reported: 29 for Rutte" "$s" "$(cand rutte) | .supporters | length" 29
jqcheck "06-17 reported: to bring in" "$s" "$(cand rutte) | .to_bring_in | sort" '["HUN","ROU","SVK"]'
jqcheck "06-17 reported: 23 of them reported only" "$s" \
    '[.members[] | select(.effective == "support" and .confirmed == false)] | length' 23
jqcheck "06-17 confirmed: no consensus" "$c" '[.state, .consensus]' '["open",false]'
jqcheck "06-17 confirmed: six allies' own acts back Rutte" "$c" \
    "$(cand rutte) | .supporters" '["FRA","GBR","USA","DEU","EST","LTU"]'
jqcheck "06-17 confirmed: Hungary objects, on its own word" "$c" \
    "$hun | [.position, .confirmed, .cites[0].id]" '["object",true,"szijjarto-2024-05-27"]'
jqcheck "06-17 confirmed: Romania backs its own candidate" "$c" \
    "$(cand iohannis) | .supporters" '["ROU"]'
jqcheck "06-17 confirmed: the Netherlands' support is only reported" "$c" \
    '.members[] | select(.code == "NLD") | .position' '"none"'

# Hungary in March and in June: side by side. As of 06-17 its latest own
# statement of objection (27 May) stands and replaces the earlier
# reports; as of 06-19 the June ones replace it, all kept.
jqcheck "06-17 Hungary's reports" "$s" \
    "[$hun | .reports[] | [.date, .position, .source.kind, .standing]]" \
    '[["2024-03-05","object","press-report",false],["2024-03-05","object","official-statement",false],["2024-03-15","object","official-statement",false],["2024-05-27","object","official-statement",true]]'
s=$(rep 2024-06-19); c=$(con 2024-06-19)
jqcheck "06-19 Hungary's reports: June against March" "$s" \
    "[$hun | .reports[] | [.date, .position, .standing]]" \
    '[["2024-03-05","object",false],["2024-03-05","object",false],["2024-03-15","object",false],["2024-05-27","object",false],["2024-06-18","support",true],["2024-06-18","support",true]]'
jqcheck "06-19 no conflict: they disagree in time" "$s" '.conflicts' '[]'
jqcheck "06-19 Hungary supports on its own word, on condition of the letter" "$c" \
    "$hun | [.position, .effective, .confirmed, .cites[0].kind, .conditions[0].met]" \
    '["support","support",true,"official-statement",true]'
jqcheck "06-19 reported: Rutte lacks only Romania" "$s" "$(cand rutte) | .to_bring_in" '["ROU"]'
jqcheck "06-19 confirmed: eight" "$c" "$(cand rutte) | .supporters | length" 8

# As of 2024-06-20: consensus on the reported basis; on the confirmed
# one, nine allies' own acts, the others only reported.
s=$(rep 2024-06-20); c=$(con 2024-06-20)
jqcheck "06-20 reported: consensus for Rutte" "$s" '[.state, .consensus_for]' '["consensus","rutte"]'
jqcheck "06-20 confirmed: not yet" "$c" '[.state, .consensus_for]' '["open",null]'
jqcheck "06-20 confirmed: nine" "$c" "$(cand rutte) | .supporters" \
    '["FRA","GBR","USA","DEU","HUN","EST","LTU","ROU","SVK"]'
jqcheck "06-20 both: Iohannis withdrew" "$c" "$(cand iohannis) | [.state, .endorses]" '["withdrawn","rutte"]'

# As of 2024-06-26 and 2024-10-01: decided on both (the decision is the
# Council's own record); the office as the brief says.
for d in 2024-06-26 2024-10-01; do
	jqcheck "$d reported: decided" "$(rep $d)" '[.state, .decision.candidate]' '["decided","rutte"]'
	jqcheck "$d confirmed: decided" "$(con $d)" '[.state, .decision.candidate]' '["decided","rutte"]'
done
jqcheck "06-26 the decision's sources" "$(rep 2024-06-26)" '[.decision.cites[].kind]' '["official-record","anonymous"]'

# The analysis on either basis: on the reported one Romania alone is
# pivotal on 06-19; on the confirmed one no single ally can carry it.
jqcheck "06-19 analysis, reported" "$("$ASSENT" analyse sg-2024 --candidate rutte --as-of 2024-06-19 --json)" \
    '[.basis, [.pivotal[].member]]' '["reported",["ROU"]]'
jqcheck "06-19 analysis, confirmed" "$("$ASSENT" analyse sg-2024 --candidate rutte --as-of 2024-06-19 --basis confirmed --json)" \
    '[.basis, .pivotal, .minimal_sets.smallest]' '["confirmed",[],24]'

done_testing
