# Offices (issue 11): a term that ends early with its date and reason, the
# vacancy, an acting holder, a term end fixed by the decision, a term
# without a fixed end, the holders of one nationality numbered; each at
# its edges and each refusal one line naming the field, nothing written.
# Then NATO's Secretaries General (data/nato/secretaries-general.case,
# after nato-2024.case): the fourth Dutch, 1994's death in office, the
# acting Secretaries General. Checkpoints are written often, so that the
# states read back from them (acting holders, early ends) are checked too.
. "$(dirname "$0")/lib.sh"
export ASSENT_CHECKPOINT_BYTES=300

office() { "$ASSENT" office sg --json --as-of "$1"; }

cat >"$T/o.case" <<'EOF'
{"date": "2020-01-01", "type": "org.create", "data": {"id": "o", "name": "O"}}
{"date": "2020-01-01", "type": "member.join", "data": {"org": "o", "code": "NLD", "name": "N"}}
{"date": "2020-01-01", "type": "member.join", "data": {"org": "o", "code": "ITA", "name": "I"}}
{"date": "2020-01-01", "type": "office.create", "data": {"org": "o", "id": "sg", "title": "Secretary", "term": "P4Y"}}
{"date": "2020-01-01", "type": "office.holder", "data": {"office": "sg", "person": "Ann", "nationality": "NLD", "start": "2020-01-01"}}
{"date": "2020-01-01", "type": "proposal.open", "data": {"id": "t", "org": "o", "kind": "text", "title": "T", "text": "x"}}
EOF
quiet "$ASSENT" load "$T/o.case"

# An early end: not at or before the term's start, not at or after its end.
refused "early end before the term began" \
    "^assent: office.end: field 'end': 2019-12-31 is not after the start of Ann's term \(2020-01-01\)$" 1 \
    "$ASSENT" office-end --office sg --end 2019-12-31 --reason resigned --date 2021-01-01
refused "early end on the term's first day" "field 'end': 2020-01-01 is not after" 1 \
    "$ASSENT" office-end --office sg --end 2020-01-01 --reason resigned --date 2021-01-01
refused "early end on the term's end" \
    "field 'end': 2024-01-01 is not before the end of Ann's term \(2024-01-01\)" 1 \
    "$ASSENT" office-end --office sg --end 2024-01-01 --reason resigned --date 2021-01-01
refused "a reason not of the list" "field 'reason': must be one of resigned, died, removed, other" 2 \
    "$ASSENT" office-end --office sg --reason bored --date 2021-01-01
refused "early end of an unknown office" "office.end: unknown office 'nope'" 1 \
    "$ASSENT" office-end --office nope --reason died --date 2021-01-01
# An acting holder while the holder is in office, to the day before.
refused "acting holder while a holder is in office" \
    "^assent: office.acting: field 'start': Ann holds sg on 2021-05-31 \(until 2024-01-01\): an acting holder serves only while the office is vacant$" 1 \
    "$ASSENT" office-acting --office sg --person Bob --start 2021-05-31 --date 2021-05-31

quiet "$ASSENT" office-end --office sg --end 2021-06-01 --reason died --date 2021-06-01
refused "early end of an office with no holder" \
    "^assent: office.end: office 'sg' has no holder on 2021-06-02: there is no term to end$" 1 \
    "$ASSENT" office-end --office sg --reason resigned --date 2021-06-02
refused "extending a term that ended early" "office.extend: Ann's term in sg ended early on 2021-06-01" 1 \
    "$ASSENT" office-extend --office sg --end 2026-01-01 --date 2021-06-02

o=$(office 2021-05-31)
jqcheck "the day before: Ann in office, her term as it stood, not vacant" "$o" \
    '[.holder.person, .holder.term_end, .vacant, .vacant_since]' '["Ann","2024-01-01",false,null]'
o=$(office 2021-06-01)
jqcheck "from the early end: vacant, no holder" "$o" \
    '[.holder, .vacant, .vacant_since]' '[null,true,"2021-06-01"]'
jqcheck "the early end in the history" "$o" \
    '.past_holders[0] | [.person, .term_end, .ended, .number]' \
    '["Ann","2021-06-01",{"date":"2021-06-01","reason":"died"},1]'

# An acting holder from the day the office fell vacant.
quiet "$ASSENT" office-acting --office sg --person Bob --nationality ITA --start 2021-06-01 --date 2021-06-01
refused "a second acting holder while one acts" \
    "office.acting: field 'start': Bob acts as sg on 2021-07-01: an acting holder serves only while the office is vacant" 1 \
    "$ASSENT" office-acting --office sg --person Cy --start 2021-07-01 --date 2021-07-01
refused "extending an acting term" "office.extend: Bob's term in sg lasts until the next term begins" 1 \
    "$ASSENT" office-extend --office sg --end 2026-01-01 --date 2021-07-01
o=$(office 2021-07-01)
jqcheck "the acting holder, shown as acting; still vacant" "$o" \
    '[.holder.person, .holder.acting, .holder.term_end, .holder.number, .vacant, .vacant_since]' \
    '["Bob",true,null,null,true,"2021-06-01"]'
"$ASSENT" office sg --as-of 2021-07-01 >"$T/text"
check "the text says acting and vacant" "$(sed -n '2,3p' "$T/text")" \
    "holder     Bob (ITA), acting, term from 2021-06-01 until the next term begins
vacant     since 2021-06-01"

# A term end fixed by the decision: not at or before the term's start.
quiet "$ASSENT" proposal-open --id p --org o --kind appointment --office sg --title "Next" --date 2021-08-01
quiet "$ASSENT" candidate-declare --proposal p --id cid --name Cid --nominated-by NLD --date 2021-08-01
quiet "$ASSENT" position --proposal p --member NLD --position support --candidate cid --source s --date 2021-08-02
quiet "$ASSENT" position --proposal p --member ITA --position support --candidate cid --source s --date 2021-08-02
refused "a term end in the decision before its start" \
    "^assent: decision.take: field 'end': 2021-08-15 is not after the term's start \(2021-09-01\)$" 1 \
    "$ASSENT" decide --proposal p --candidate cid --start 2021-09-01 --end 2021-08-15 --date 2021-08-10
refused "a term end in the decision on its start" "field 'end': 2021-09-01 is not after the term's start" 1 \
    "$ASSENT" decide --proposal p --candidate cid --start 2021-09-01 --end 2021-09-01 --date 2021-08-10
refused "a term end on a text" "fields 'candidate', 'start' and 'end' are only for appointments" 1 \
    "$ASSENT" decide --proposal t --end 2022-01-01 --date 2021-08-10
quiet "$ASSENT" decide --proposal p --candidate cid --start 2021-09-01 --end 2023-03-01 --date 2021-08-10
o=$(office 2021-08-31)
jqcheck "the designate's term as the decision fixed it; the acting holder until then" "$o" \
    '[.holder.person, .holder.term_end, .designate.person, .designate.term_start, .designate.term_end]' \
    '["Bob","2021-09-01","Cid","2021-09-01","2023-03-01"]'
o=$(office 2021-09-01)
jqcheck "the new term: no longer vacant; the acting term in the history" "$o" \
    '[.holder.person, .vacant, [.past_holders[] | [.person, .acting, .term_end]]]' \
    '["Cid",false,[["Ann",false,"2021-06-01"],["Bob",true,"2021-09-01"]]]'

# A term without a fixed end: the next term ends it; no end beside it.
refused "open and end together" "office.holder: fields 'open' and 'end' exclude each other" 1 \
    "$ASSENT" office-holder --office sg --person Dee --nationality NLD --start 2023-03-01 --open true --end 2027-01-01 --date 2023-03-01
refused "open must be true or false" "^assent: --open: 'yes' must be true or false$" 2 \
    "$ASSENT" office-holder --office sg --person Dee --start 2023-03-01 --open yes --date 2023-03-01
quiet "$ASSENT" office-holder --office sg --person Dee --nationality NLD --start 2023-03-01 --open true --date 2023-03-01
jqcheck "an open term has no end" "$(office 2030-01-01)" '[.holder.person, .holder.term_end]' '["Dee",null]'
quiet "$ASSENT" office-holder --office sg --person Ann --nationality NLD --start 2026-06-01 --date 2026-06-01
jqcheck "the next term ends it" "$(office 2026-06-01)" \
    '[.holder.person, .past_holders[-1].person, .past_holders[-1].term_end]' '["Ann","Dee","2026-06-01"]'

# The holders of one nationality, in order, numbered (a person who holds
# the office again keeps their number; acting holders are not numbered).
o=$("$ASSENT" office sg --nationality NLD --as-of 2026-06-01 --json)
jqcheck "holders of NLD, numbered" "$o" \
    '[.count, [.holders[] | [.person, .of_nationality, .number, .state]]]' \
    '[3,[["Ann",1,1,"past"],["Cid",2,2,"past"],["Dee",3,3,"past"],["Ann",1,1,"holder"]]]'
o=$("$ASSENT" office sg --nationality ITA --as-of 2026-06-01 --json)
jqcheck "an acting holder is listed, not numbered" "$o" \
    '[.count, [.holders[] | [.person, .of_nationality, .acting]]]' '[0,[["Bob",null,true]]]'
jqcheck "a nationality with no holder" "$("$ASSENT" office sg --nationality FRA --json)" \
    '[.count, .holders]' '[0,[]]'
refused "a nationality that is no code" "^assent: --nationality: 'N L' must be a country code" 2 \
    "$ASSENT" office sg --nationality "N L"
"$ASSENT" office sg --nationality NLD --as-of 2021-08-31 >"$T/text"
check "the text numbers them, the designate said" "$(cat "$T/text")" \
    "Secretary (sg of o), holders of nationality NLD, as of 2021-08-31
1          Ann (NLD), term 2020-01-01 to 2021-06-01, ended early (died)
2          Cid (NLD), term 2021-09-01 to 2023-03-01
           designate as of 2021-08-31
2 persons of nationality NLD (acting holders not numbered)"

# The whole history replays (from the checkpoints written along the way).
quiet "$ASSENT" verify
check "checkpoints were written and checked" "$(grep -c ' 0 checkpoints' "$T/out")" 0

# NATO's Secretaries General, after the 2024 case, into one ledger.
NATO=$(ledger nato.db)
refused "the Secretaries General alone: refused at its first source" \
    "secretaries-general.case:[0-9]+: source.declare: unknown organisation 'nato'; nothing was written" 1 \
    "$ASSENT" --db "$NATO" load "$ASSENT_ROOT/data/nato/secretaries-general.case"
quiet "$ASSENT" --db "$NATO" load "$CASE"
quiet "$ASSENT" --db "$NATO" load "$ASSENT_ROOT/data/nato/secretaries-general.case"
sg() { "$ASSENT" --db "$NATO" office secretary-general --json "$@"; }

o=$(sg --nationality NLD --as-of 2024-06-26)
jqcheck "the fourth Dutch official: Rutte, designate on 26 June 2024" "$o" \
    '[.count, [.holders[] | [.person, .of_nationality, .state]]]' \
    '[4,[["Dirk Stikker",1,"past"],["Joseph Luns",2,"past"],["Jaap de Hoop Scheffer",3,"past"],["Mark Rutte",4,"designate"]]]'
jqcheck "before the decision, three" "$(sg --nationality NLD --as-of 2024-06-25)" '.count' 3
o=$(sg --as-of 2024-10-01)
jqcheck "Rutte the 14th Secretary General, Stoltenberg the 13th" "$o" \
    '[.holder.person, .holder.number, .past_holders[-1].person, .past_holders[-1].number]' \
    '["Mark Rutte",14,"Jens Stoltenberg",13]'
jqcheck "three acting terms, two early ends" "$o" \
    '[[.past_holders[] | select(.acting) | [.person, .term_start, .term_end]], [.past_holders[] | select(.ended) | [.person, .ended.reason, .ended.date]]]' \
    '[[["Sergio Balanzino","1994-08-13","1994-10-17"],["Sergio Balanzino","1995-10-20","1995-12-05"],["Alessandro Minuto-Rizzo","2003-12-17","2004-01-05"]],[["Manfred Wörner","died","1994-08-13"],["Willy Claes","resigned","1995-10-20"]]]'
jqcheck "12 August 1994: Wörner in office, his term without a fixed end" "$(sg --as-of 1994-08-12)" \
    '[.holder.person, .holder.term_end, .vacant]' '["Manfred Wörner",null,false]'
o=$(sg --as-of 1994-08-13)
jqcheck "13 August 1994: died in office; Balanzino acting" "$o" \
    '[.past_holders[-1].person, .past_holders[-1].ended, .holder.person, .holder.acting, .vacant_since]' \
    '["Manfred Wörner",{"date":"1994-08-13","reason":"died"},"Sergio Balanzino",true,"1994-08-13"]'
jqcheck "October 1995: Claes resigned; Balanzino acting again" "$(sg --as-of 1995-11-01)" \
    '[.past_holders[-1].person, .past_holders[-1].ended.reason, .holder.person, .holder.acting]' \
    '["Willy Claes","resigned","Sergio Balanzino",true]'
jqcheck "October 1999: vacant, no acting holder recorded" "$(sg --as-of 1999-10-10)" \
    '[.holder, .vacant, .vacant_since]' '[null,true,"1999-10-06"]'
"$ASSENT" --db "$NATO" office secretary-general --as-of 1994-09-01 >"$T/text"
check "the text of September 1994" "$(sed -n '2,3p' "$T/text"; grep Wörner "$T/text")" \
    "holder     Sergio Balanzino (ITA), acting, term from 1994-08-13 until the next term begins
vacant     since 1994-08-13
           Manfred Wörner (DEU), term 1988-07-01 to 1994-08-13, ended early (died)"
# The 2024 case reads as before: the office as the brief says.
jqcheck "the 2024 handover unchanged" "$(sg --as-of 2024-06-26)" \
    '[.holder.person, .holder.term_end, .designate.person, .designate.term_start, .designate.term_end]' \
    '["Jens Stoltenberg","2024-10-01","Mark Rutte","2024-10-01","2028-10-01"]'
quiet "$ASSENT" --db "$NATO" verify

done_testing
