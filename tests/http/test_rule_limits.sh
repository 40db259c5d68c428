# The limits of a rule's size (AS_RULE_TEXT_MAX, AS_RULE_DEPTH_MAX,
# AS_RULE_NODES_MAX) through POST, each at its edge: the rule at the
# limit recorded (201), one over it refused (422 "limit", as every
# named limit), one line naming the limit and its value, nothing written;
# for org.create and proposal.open, in JSON and in the text form.
. "$(dirname "$0")/lib.sh"
. "$ASSENT_ROOT/tests/cli/rules_at_limits.sh"

"$ASSENT" load "$CASE" >/dev/null
ADMIN=$(token root admin)
start_server

# post TYPE ID RULE: the status of a write of TYPE with that rule (a JSON
# form, or a text given as a JSON string), as the admin.
post() {
	case $3 in
	'{'*) rule=$3 ;;
	*) rule="\"$3\"" ;;
	esac
	if [ "$1" = org.create ]; then
		data="{\"id\":\"$2\",\"name\":\"X\",\"rule\":$rule}"
	else
		data="{\"org\":\"nato\",\"id\":\"$2\",\"kind\":\"text\",\"title\":\"X\",\"rule\":$rule}"
	fi
	printf '{"data":%s}' "$data" >"$T/req.json"
	call POST "/v1/events/$1" "$ADMIN" "" \
	    -H 'Content-Type: application/json' --data-binary @"$T/req.json"
}

# over DESC TYPE RULE DETAIL: refused with 422 "limit", naming it,
# nothing written.
over() {
	before=$(ledger_head)
	check "$1" "$(post "$2" x "$3")" 422
	jqcheck "$1: refused" "$(body)" .error '"limit"'
	jqcheck "$1: one line naming the limit" "$(body)" .detail "\"$4\""
	check "$1: nothing written" "$(ledger_head)" "$before"
}

for type in org.create proposal.open; do
	check "$type: nested 8 deep" "$(post $type d8-$type "$RULE_DEPTH_8")" 201
	over "$type: nested 9 deep" $type "$RULE_DEPTH_9" \
	    "$type: field 'rule': rule: nested more than 8 deep, the limit (AS_RULE_DEPTH_MAX)"
	check "$type: 2,048 values" "$(post $type n2048-$type "$RULE_NODES_2048")" 201
	over "$type: 2,049 values" $type "$RULE_NODES_2049" \
	    "$type: field 'rule': rule: more than 2048 values, the limit (AS_RULE_NODES_MAX)"
	check "$type: a text of 16,384 bytes" "$(post $type t16k-$type "$RULE_TEXT_16384")" 201
	over "$type: a text of 16,385 bytes" $type "$RULE_TEXT_16385" \
	    "$type: field 'rule': rule: its text is 16385 bytes, over the limit of 16384 (AS_RULE_TEXT_MAX)"
done
# A rule that is no rule stays malformed input: 400.
check "a rule with a syntax error" "$(post org.create x 'qualified majorty')" 400
jqcheck "names it" "$(body)" .error '"bad_request"'
done_testing
