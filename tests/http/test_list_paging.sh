# The lists of the states in pages, as the timelines (test_paging):
# /v1/orgs, /v1/proposals and /v1/orgs/{org}/members walked by their
# cursors ("next"), every item exactly once, in order of the cursor,
# while writes go on; a page holds at most ?limit= items and about a
# megabyte; a bad ?limit= or ?after= is 400 naming it.
. "$(dirname "$0")/lib.sh"

"$ASSENT" load "$CASE" >/dev/null
ADMIN=$(token root admin)
OBS=$(token watcher observer)
SEC=$(token nato-sec secretariat nato)
start_server

# once DESC FILE COUNT: FILE holds COUNT lines, none twice, in order.
once() {
	check "$1: every item" "$(wc -l <"$2")" "$3"
	check "$1: none twice" "$(sort "$2" | uniq -d | wc -l)" 0
	check "$1: in order of the cursor" \
	    "$(LC_ALL=C sort -c "$2" && echo sorted)" sorted
}

# Organisations: three more beside NATO, one a page.
for o in aa zz nato-2; do
	check "org $o" "$(call POST /v1/events/org.create "$ADMIN" \
	    '{"data":{"id":"'"$o"'","name":"'"$o"'"}}')" 201
done
walk "/v1/orgs?limit=1" orgs .id 1 "$T/orgs"
once "orgs, a page each" "$T/orgs" 4

# Proposals: the CLI's list, in pages of two.
cli_props=$("$ASSENT" proposals --json | jq '.proposals | length')
walk "/v1/proposals?limit=2" proposals '"\(.org):\(.id)"' 2 "$T/props"
once "proposals in pages of 2" "$T/props" "$cli_props"
check "the CLI's order" "$(cut -d: -f2 "$T/props" | tr '\n' ' ')" \
    "$("$ASSENT" proposals --json | jq -r '.proposals[].id' | tr '\n' ' ')"
check "one page by default" "$(call GET /v1/proposals "$OBS")" 200
jqcheck "with next null" "$(body)" \
    "(.proposals | length) == $cli_props and .next == null" true

# Members: the organisation's members, former and future ones too.
call GET /v1/orgs/nato "$OBS" >/dev/null
all=$(jq '(.members + .former_members + .future_members) | length' "$T/body")
now=$(jq '.members | length' "$T/body")
walk "/v1/orgs/nato/members?limit=5" members .code 5 "$T/members"
once "members in pages of 5" "$T/members" "$all"
check "standing" "$(call GET /v1/orgs/nato/members "$OBS")" 200
jqcheck "as the organisation's" "$(body)" \
    "[.members[] | select(.standing == \"member\")] | length" "$now"
call GET '/v1/orgs/nato?as_of=1990-01-01' "$OBS" >/dev/null
then=$(jq '.members | length' "$T/body")
check "as of a date" "$(call GET '/v1/orgs/nato/members?as_of=1990-01-01' "$OBS")" 200
jqcheck "its members then" "$(body)" '.members | length' "$then"
jqcheck "not one who joined later" "$(body)" \
    '[.members[] | select(.code == "POL")] | length' 0
check "an unknown organisation" "$(call GET /v1/orgs/none/members "$OBS")" 404

# While proposals are opened and members join (the names spread over
# the order of the cursors, before and after the page read), every item
# that was there is walked exactly once.
"$ASSENT" proposals --json | jq -r '.proposals[] | "\(.org):\(.id)"' |
    sort >"$T/props.before"
cp "$T/members" "$T/members.before"
sort -o "$T/members.before" "$T/members.before"
(
	for i in $(seq 10 49); do
		curl -s -o /dev/null -X POST -H "Authorization: Bearer $SEC" \
		    -H 'Content-Type: application/json' --data-binary \
		    '{"data":{"org":"nato","id":"'"a$i"'","kind":"text","title":"T","text":"t"}}' \
		    "$URL/v1/events/proposal.open"
		curl -s -o /dev/null -X POST -H "Authorization: Bearer $SEC" \
		    -H 'Content-Type: application/json' --data-binary \
		    '{"data":{"org":"nato","code":"'"M$i"'","name":"M"}}' \
		    "$URL/v1/events/member.join"
	done
) &
W=$!
walk "/v1/proposals?limit=3" proposals '"\(.org):\(.id)"' 3 "$T/props.during"
walk "/v1/orgs/nato/members?limit=3" members .code 3 "$T/members.during"
wait $W
check "the writes were made" "$("$ASSENT" proposals --json |
    jq '[.proposals[] | select(.id | startswith("a"))] | length')" 40
check "every proposal of before, once, while writes go on" \
    "$(sort "$T/props.during" | comm -12 - "$T/props.before" | wc -l)" \
    "$(wc -l <"$T/props.before")"
check "no proposal twice" "$(sort "$T/props.during" | uniq -d | wc -l)" 0
check "every member of before, once, while writes go on" \
    "$(sort "$T/members.during" | comm -12 - "$T/members.before" | wc -l)" \
    "$(wc -l <"$T/members.before")"
check "no member twice" "$(sort "$T/members.during" | uniq -d | wc -l)" 0

# A page stops near a megabyte (HTTP_ANSWER_MAX): 200 proposals of 8 KiB
# titles (AS_TEXT_MAX) are about 1.6 MB.
title=$(head -c 8192 /dev/zero | tr '\0' x)
for i in $(seq 100 299); do
	curl -s -o /dev/null -w '%{http_code}\n' -X POST \
	    -H "Authorization: Bearer $ADMIN" \
	    -H 'Content-Type: application/json' --data-binary \
	    '{"data":{"org":"aa","id":"big'"$i"'","kind":"text","title":"'"$title"'","text":"t"}}' \
	    "$URL/v1/events/proposal.open"
done >"$T/big.codes"
check "the large proposals" "$(grep -c '^201$' "$T/big.codes")" 200
check "a page of large proposals" "$(call GET /v1/proposals "$OBS")" 200
bytes=$(wc -c <"$T/body")
n=$(jq '.proposals | length' "$T/body")
[ "$bytes" -le $((1024 * 1024 + 9000)) ] && ok ||
    fail "a page of $bytes bytes, over about a megabyte"
[ "$n" -lt 200 ] && [ "$n" -gt 100 ] && ok ||
    fail "$n proposals in a page of about a megabyte"
jqcheck "and a next page" "$(body)" '.next != null' true
walk /v1/proposals proposals .id 1000 "$T/big"
check "every large one once" "$(grep -c '^big' "$T/big")" 200

# Bad parameters: 400 naming them.
for q in limit=0 limit=1001 limit=x limit=; do
	check "?$q" "$(call GET "/v1/proposals?$q" "$OBS")" 400
	jqcheck "names limit" "$(body)" '.detail | startswith("limit:")' true
done
for p in '/v1/proposals?after=nato' '/v1/proposals?after=nato:' \
    '/v1/orgs?after=a:b' '/v1/orgs/nato/members?after=' \
    '/v1/orgs/nato/members?after=BEL:x'; do
	check "$p" "$(call GET "$p" "$OBS")" 400
	jqcheck "names after" "$(body)" '.detail | startswith("after:")' true
done
check "members: a bad limit" "$(call GET '/v1/orgs/nato/members?limit=-1' "$OBS")" 400
check "orgs: a bad limit" "$(call GET '/v1/orgs?limit=1001' "$OBS")" 400
check "timeline: limit 0" "$(call GET '/v1/timeline?limit=0' "$OBS")" 400
done_testing
