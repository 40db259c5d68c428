# The bundled Council of the European Union (data/eu-council/), loaded
# into an empty ledger: its 27 member states, each from its accession
# date, and a source on every membership event.
#
# The populations of Annex III of the Council's Rules of Procedure are not
# in the file (data/eu-council/SOURCES.md says why), so their sum cannot be
# checked against a decision's total yet: the 2025 total is 451,028,881
# (Agence Europe, 12 Dec 2024), but no stored copy of the decision gives
# the 27 figures.
. "$(dirname "$0")/lib.sh"
. "$(dirname "$0")/bundled.sh"

FILE="$ASSENT_ROOT/data/eu-council/eu-council.case"
load_bundled "$FILE"
org() { "$ASSENT" org eu-council --json --as-of "$1"; }
count() { printf '%s' "$(org "$1")" | jq '.members | length'; }
ev=$(case_events "$FILE" | jq -s -c .)

# The ledger keeps the rule the file states.
check "the ledger's rule is the file's" "$(org 2026-06-01 | jq -c .rule.type)" \
    "$(printf '%s' "$ev" | jq -c '.[] | select(.type == "org.create") | .data.rule.type')"

# Today: 27 member states, each once, by ISO 3166-1 alpha-3 code.
o=$(org 2026-06-01)
jqcheck "2026: 27 members" "$o" '.members | length' 27
jqcheck "2026: every code once" "$o" '[.members[].code] | unique | length' 27
jqcheck "2026: alpha-3 codes" "$o" '[.members[].code | test("^[A-Z]{3}$")] | unique' '[true]'
jqcheck "2026: no former members" "$o" '.former_members' '[]'
jqcheck "2026: the accession dates" "$o" '[.members[].since] | unique' \
    '["1958-01-01","1973-01-01","1981-01-01","1986-01-01","1995-01-01","2004-05-01","2007-01-01","2013-07-01"]'
jqcheck "2026: the founders" "$o" '[.members[] | select(.since == "1958-01-01") | .code] | sort' \
    '["BEL","DEU","FRA","ITA","LUX","NLD"]'

# Each enlargement counts from its own day, not the day before.
check "1958-01-01: the six founders" "$(count 1958-01-01)" 6
check "1972-12-31: still six" "$(count 1972-12-31)" 6
check "1973-01-01: Denmark and Ireland" "$(count 1973-01-01)" 8
check "1981-01-01: Greece" "$(count 1981-01-01)" 9
check "1986-01-01: Spain and Portugal" "$(count 1986-01-01)" 11
check "1995-01-01: Austria, Finland, Sweden" "$(count 1995-01-01)" 14
check "2004-04-30: before the 2004 enlargement" "$(count 2004-04-30)" 14
check "2004-05-01: ten more" "$(count 2004-05-01)" 24
check "2007-01-01: Bulgaria and Romania" "$(count 2007-01-01)" 26
check "2013-06-30: before Croatia" "$(count 2013-06-30)" 26
check "2013-07-01: Croatia" "$(count 2013-07-01)" 27

# Every membership event carries its source, in the file and in the ledger.
jqcheck "27 member.join events in the file" "$ev" '[.[] | select(.type == "member.join")] | length' 27
jqcheck "every member.join in the file has a source" "$ev" \
    '[.[] | select(.type == "member.join") | .data.source | type] | unique' '["string"]'
jqcheck "no source is a stub" "$ev" '[.[] | .data.source | length > 40] | unique' '[true]'
t=$("$ASSENT" timeline --json)
jqcheck "every member.join in the ledger has a source" "$t" \
    '[.events[] | select(.type == "member.join") | .source | type] | unique' '["string"]'
jqcheck "the ledger has every event of the file" "$t" '.events | length' \
    "$(printf '%s' "$ev" | jq length)"
done_testing
