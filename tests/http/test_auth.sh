# The authorization matrix: each role against each write route. Allowed
# writes succeed; the others get 401 or 403 and the ledger's head does
# not move. Every answer's body is {"error", "detail"}.
. "$(dirname "$0")/lib.sh"

"$ASSENT" load "$CASE" >/dev/null
ADMIN=$(token root admin)
SEC=$(token nato-sec secretariat nato)
"$ASSENT" org-create --id eu --name "European Union" --date 1993-11-01 >/dev/null
OTHER_SEC=$(token eu-sec secretariat eu)
HUN=$(token hun delegation nato HUN)
POL=$(token pol delegation nato POL)
OBS=$(token watcher observer)
REVOKED=$(token gone observer)
"$ASSENT" token revoke gone >/dev/null
start_server

# A fresh proposal for the positions, opened by the administrator.
check "setup" "$(call POST /v1/events/proposal.open "$ADMIN" \
    '{"data":{"id":"sg-2028","org":"nato","kind":"appointment","office":"secretary-general","title":"Next SG"}}')" 201
check "setup candidate" "$(call POST /v1/events/candidate.declare "$ADMIN" \
    '{"data":{"proposal":"sg-2028","id":"x","name":"X","nominated_by":"POL"}}')" 201

# try DESC TOKEN ROUTE BODY WANT: WANT is 201, or 401/403 with the head
# unmoved.
try() {
	before=$(ledger_head)
	code=$(call POST "/v1/events/$3" "$2" "$4")
	check "$1" "$code" "$5"
	if [ "$5" = 201 ]; then
		check "$1: head moved" "$(ledger_head)" $((before + 1))
	else
		check "$1: head unmoved" "$(ledger_head)" "$before"
		jqcheck "$1: error body" "$(body)" 'keys' '["detail","error"]'
	fi
}

pos() { # MEMBER: a position on sg-2028
	printf '{"data":{"proposal":"sg-2028","member":"%s","position":"support","candidate":"x","source":"s"}}' "$1"
}
ORG='{"data":{"id":"osce","name":"OSCE"}}'
MEMBER='{"data":{"org":"nato","code":"XKX","name":"Kosovo","source":"s"}}'
CAND='{"data":{"proposal":"sg-2028","id":"y","name":"Y","nominated_by":"HUN"}}'
ASK='{"data":{"id":"k1","proposal":"sg-2024","by":"x","to":"HUN","text":"t"}}'
DECIDE='{"data":{"proposal":"sg-2028","candidate":"x","source":"s"}}'

# No token, a bad one, a revoked one: 401 on every write route.
for t in org.create position.declare decision.take; do
	try "no token: $t" "" "$t" "$(pos HUN)" 401
	try "bad token: $t" "1.$(printf '%064d' 0)" "$t" "$(pos HUN)" 401
	try "revoked token: $t" "$REVOKED" "$t" "$(pos HUN)" 401
done
check "no token on a read" "$(call GET /v1/head "")" 401
check "401 says Bearer" "$(header WWW-Authenticate)" Bearer
check "not Bearer" "$(curl -s -o /dev/null -w '%{http_code}' -H 'Authorization: Basic eDp5' "$URL/v1/head")" 401

# The observer reads, and writes nothing.
check "observer reads" "$(call GET /v1/proposals "$OBS")" 200
for t in org.create member.join proposal.open candidate.declare \
    position.declare commitment.ask decision.take; do
	try "observer: $t" "$OBS" "$t" "$(pos HUN)" 403
done

# A delegation: its own member's position only.
try "delegation: own position" "$HUN" position.declare "$(pos HUN)" 201
try "delegation: another's position" "$HUN" position.declare "$(pos POL)" 403
jqcheck "403 says why" "$(body)" '.detail | test("HUN")' true
try "delegation: org.create" "$HUN" org.create "$ORG" 403
try "delegation: member.join" "$HUN" member.join "$MEMBER" 403
try "delegation: candidate.declare" "$HUN" candidate.declare "$CAND" 403
try "delegation: commitment.ask" "$HUN" commitment.ask "$ASK" 403
try "delegation: decision.take" "$HUN" decision.take "$DECIDE" 403
try "POL's delegation: own position" "$POL" position.declare "$(pos POL)" 201
check "the delegation is the actor" "$(call GET '/v1/events?after=0&limit=1000' "$OBS")" 200
jqcheck "actors of the positions" "$(body)" \
    '[.events[] | select(.data.proposal == "sg-2028" and .type == "position.declare") | .actor]' \
    '["hun","pol"]'

# A secretariat runs its own organisation's procedure, not another's,
# and does not make organisations.
try "other secretariat: position" "$OTHER_SEC" position.declare "$(pos DEU)" 403
try "other secretariat: candidate" "$OTHER_SEC" candidate.declare "$CAND" 403
try "secretariat: org.create" "$SEC" org.create "$ORG" 403
try "secretariat: member.join" "$SEC" member.join "$MEMBER" 201
try "secretariat: candidate.declare" "$SEC" candidate.declare "$CAND" 201
try "secretariat: commitment.ask" "$SEC" commitment.ask "$ASK" 201
try "secretariat: a position" "$SEC" position.declare "$(pos DEU)" 201
try "secretariat: decision.take" "$SEC" decision.take "$DECIDE" 422

# The administrator: everything.
try "admin: org.create" "$ADMIN" org.create "$ORG" 201
try "admin: another org's member" "$ADMIN" member.join \
    '{"data":{"org":"osce","code":"AUT","name":"Austria"}}' 201
try "other secretariat: osce is not eu" "$OTHER_SEC" member.join \
    '{"data":{"org":"osce","code":"BEL","name":"Belgium"}}' 403

# A token revoked while the server runs is refused from then on.
check "before the revocation" "$(call GET /v1/head "$POL")" 200
"$ASSENT" token revoke pol >/dev/null
check "after the revocation" "$(call GET /v1/head "$POL")" 401

# Token management: list shows roles and never the secret.
"$ASSENT" token list --json >"$T/tokens"
jqcheck "token list" "$(cat "$T/tokens")" '[.[] | [.name, .role, .org, .member]] | .[0:4]' \
    '[["root","admin",null,null],["nato-sec","secretariat","nato",null],["eu-sec","secretariat","eu",null],["hun","delegation","nato","HUN"]]'
jqcheck "revoked is listed" "$(cat "$T/tokens")" '.[] | select(.name == "gone") | .revoked | type' '"string"'
secret=${ADMIN#*.}
if grep -q "$secret" "$T/tokens" || dump "$DB" | grep -qi "$secret"; then
	fail "a token's secret is stored or listed"
else ok; fi
refused "token: a delegation without a member" "member" 1 \
    "$ASSENT" token add --name d2 --role delegation --org nato
refused "token: a taken name" "taken" 1 "$ASSENT" token add --name root --role admin
refused "token: a bad role" "role" 2 "$ASSENT" token add --name z --role king
refused "token: revoke twice" "no live token" 1 "$ASSENT" token revoke gone
done_testing
