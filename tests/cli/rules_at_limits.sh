# Rules at the limits of a rule's size (src/core/rule.h) and one over
# each: sourced by tests/cli/test_rules.sh and tests/http/test_limits.sh.
# Depth counts the JSON form's nesting from 0 (the rule's object); values
# count every JSON value in it.
u='{"type":"unanimity"}'
# all > rules > all > rules > all > rules > veto > by > "USA" (a member
# of NATO, and an organisation's rule may name one still to join).
RULE_DEPTH_8='{"type":"veto","by":["USA"]}'
# Four of all, then a unanimity whose "type" is 9 deep.
RULE_DEPTH_9=$u
for i in 1 2 3; do RULE_DEPTH_8="{\"type\":\"all\",\"rules\":[$RULE_DEPTH_8,$u]}"; done
for i in 1 2 3 4; do RULE_DEPTH_9="{\"type\":\"all\",\"rules\":[$RULE_DEPTH_9,$u]}"; done
# An all (3 values with its list) of n unanimities (2 each): 1,021 and
# one of 3 values make 2,048; 1,023 make 2,049.
terms() {
	i=0 t=""
	while [ $i -lt "$1" ]; do t="$t$u,"; i=$((i + 1)); done
	printf '%s' "$t"
}
RULE_NODES_2048="{\"type\":\"all\",\"rules\":[$(terms 1021){\"type\":\"unanimity\",\"minus\":1}]}"
RULE_NODES_2049="{\"type\":\"all\",\"rules\":[$(terms 1022)$u]}"
# The text "unanimity" after spaces: 16,384 and 16,385 bytes.
RULE_TEXT_16384="$(head -c 16375 /dev/zero | tr '\0' ' ')unanimity"
RULE_TEXT_16385=" $RULE_TEXT_16384"
