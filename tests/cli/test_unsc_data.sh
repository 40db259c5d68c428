# The bundled UN Security Council (data/unsc/unsc.case), loaded into an
# empty ledger: 15 members in 2026, the five permanent ones carrying the
# weight the veto rule reads, the elected members' terms as the General
# Assembly's elections of 2024 and 2025 set them, and a source on every
# membership event.
. "$(dirname "$0")/lib.sh"
. "$(dirname "$0")/bundled.sh"

FILE="$ASSENT_ROOT/data/unsc/unsc.case"
load_bundled "$FILE"
org() { "$ASSENT" org unsc --json --as-of "$1"; }
terms='[.members[] | select(.weights.permanent == 0) | [.code, .since, .until]]'

# The rule as the file states it (Charter Art. 27(3)), and as the ledger
# keeps it.
jqcheck "the file's rule" "$(case_events "$FILE" | jq -c 'select(.type == "org.create") | .data.rule')" . \
    '{"type":"all","rules":[{"type":"count","at_least":9},{"type":"veto","by_weight":"permanent"}]}'
jqcheck "the ledger's rule" "$(org 2026-06-01)" .rule.text \
    '"at least 9 in favour and veto by weight permanent"'

# 2026-06-01: the five permanent members and the ten elected ones.
o=$(org 2026-06-01)
jqcheck "2026: 15 members" "$o" '.members | length' 15
jqcheck "2026: every code once" "$o" '[.members[].code] | unique | length' 15
jqcheck "2026: five permanent members" "$o" \
    '[.members[] | select(.weights.permanent == 1) | .code] | sort' '["CHN","FRA","GBR","RUS","USA"]'
jqcheck "2026: ten elected members of weight 0" "$o" \
    '[.members[] | select(.weights.permanent == 0)] | length' 10
jqcheck "2026: the elected members' terms" "$o" "$terms" \
    '[["DNK","2025-01-01","2027-01-01"],["GRC","2025-01-01","2027-01-01"],["PAK","2025-01-01","2027-01-01"],["PAN","2025-01-01","2027-01-01"],["SOM","2025-01-01","2027-01-01"],["BHR","2026-01-01","2028-01-01"],["COD","2026-01-01","2028-01-01"],["COL","2026-01-01","2028-01-01"],["LBR","2026-01-01","2028-01-01"],["LVA","2026-01-01","2028-01-01"]]'
jqcheck "2026: the permanent members have no end" "$o" \
    '[.members[] | select(.weights.permanent == 1) | [.since, .until]] | unique' '[["1945-10-24",null]]'

# Terms start on 1 January and end after 31 December of their second year.
o=$(org 2024-12-31)
jqcheck "2024-12-31: only the permanent members" "$o" '[.members[].code] | sort' '["CHN","FRA","GBR","RUS","USA"]'
jqcheck "2024-12-31: the 2025-2026 members elected, not yet seated" "$o" \
    '[.future_members[].code] | sort' '["DNK","GRC","PAK","PAN","SOM"]'
jqcheck "2025-01-01: ten members" "$(org 2025-01-01)" '.members | length' 10
jqcheck "2025-12-31: ten members" "$(org 2025-12-31)" '.members | length' 10
jqcheck "2026-12-31: still fifteen" "$(org 2026-12-31)" '.members | length' 15
o=$(org 2027-01-01)
jqcheck "2027-01-01: the 2025-2026 members have left" "$o" \
    '[.former_members[].code] | sort' '["DNK","GRC","PAK","PAN","SOM"]'
jqcheck "2027-01-01: ten members" "$o" '.members | length' 10
o=$(org 2028-01-01)
jqcheck "2028-01-01: only the permanent members again" "$o" '[.members[].code] | sort' '["CHN","FRA","GBR","RUS","USA"]'
jqcheck "2028-01-01: ten former members" "$o" '.former_members | length' 10

# Every membership event carries its source, in the file and in the ledger.
ev=$(case_events "$FILE" | jq -s -c .)
jqcheck "every membership event in the file has a source" "$ev" \
    '[.[] | select(.type | startswith("member.")) | .data.source | type] | unique' '["string"]'
jqcheck "25 membership events" "$ev" '[.[] | select(.type | startswith("member."))] | length' 25
jqcheck "no source is a stub" "$ev" '[.[] | .data.source | length > 40] | unique' '[true]'
t=$("$ASSENT" timeline --json)
jqcheck "the ledger has every event of the file" "$t" '.events | length' "$(case_events "$FILE" | wc -l | tr -d ' ')"
jqcheck "every event in the ledger has a source" "$t" '[.events[] | .source | type] | unique' '["string"]'
done_testing
