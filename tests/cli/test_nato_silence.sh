# NATO's silence procedure of February 2003 (data/nato/silence-2003.case):
# under silence until Monday 09:00 UTC, broken that morning by France,
# Belgium and Germany, so not adopted; nothing would have mended it.
. "$(dirname "$0")/lib.sh"

"$ASSENT" load "$ASSENT_ROOT/data/nato/silence-2003.case" >/dev/null
st() { "$ASSENT" status turkey-2003 --as-of "$1" --json; }

jqcheck "19 allies in 2003" "$("$ASSENT" org nato --as-of 2003-02-06 --json)" \
    '.members | length' 19
jqcheck "under silence on Sunday" "$(st 2003-02-09T23:59:59Z)" \
    '[.state, .explanation]' '["open","under silence until 2003-02-10T09:00:00Z"]'
jqcheck "broken on Monday" "$(st 2003-02-10)" '[.state, (.to_bring_in | sort)]' \
    '["not adopted",["BEL","DEU","FRA"]]'
jqcheck "the reason names the three" "$(st 2003-02-11)" .explanation \
    '"silence broken by BEL, FRA, DEU (the first break on 2003-02-10), before the deadline 2003-02-10T09:00:00Z"'
a=$("$ASSENT" analyse turkey-2003 --as-of 2003-02-11 --json --if FRA=support \
    --if BEL=support --if DEU=support)
jqcheck "support afterwards cannot mend a break" "$a" \
    '[.outcome, .minimal_sets.sets, .pivotal]' '["not adopted",[],[]]'
a=$("$ASSENT" analyse turkey-2003 --as-of 2003-02-09 --json)
jqcheck "on Sunday no support could carry it before the deadline" "$a" '.pivotal | length' 0
jqcheck "on Sunday no set of supporters either" "$a" '.minimal_sets.sets' '[]'
refused "no decision on a broken silence" \
    "^assent: decision\.take: the rule \(silence\) does not hold for turkey-2003 on 2003-02-12: missing " 1 \
    "$ASSENT" decide --proposal turkey-2003 --date 2003-02-12

done_testing
