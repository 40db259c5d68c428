# assent power: published values through the command line (sources in
# tests/unit/test_power.c), the JSON form, every method agreeing, and bad
# input refused with one line naming the problem and the right status.
. "$(dirname "$0")/lib.sh"

power() { "$ASSENT" power "$@"; }
NASSAU="[16; 9, 9, 7, 3, 1, 1]"
UNSC="[39; 7,7,7,7,7,1,1,1,1,1,1,1,1,1,1]"

# Nassau County (Banzhaf 1965): three dummies, three equal members.
j=$(power "$NASSAU" --names A,B,C,D,E,F --json)
jqcheck "nassau n and method" "$j" '[.n, .dims, .method]' '[6,1,"weighted"]'
jqcheck "nassau names" "$j" '[.players[].name] | join(",")' '"A,B,C,D,E,F"'
jqcheck "nassau swings" "$j" '[.players[].swings]' '["16","16","16","0","0","0"]'
jqcheck "nassau normalised" "$j" '[.players[].banzhaf_normalised.fraction] | unique' '["0","1/3"]'
jqcheck "nassau Shapley-Shubik" "$j" '[.players[].shapley_shubik.fraction]' '["1/3","1/3","1/3","0","0","0"]'
jqcheck "nassau raw Banzhaf" "$j" '.players[0].banzhaf' '{"fraction":"1/2","decimal":0.5}'
t=$(power "$NASSAU" --names A,B,C,D,E,F)
check "nassau table: method" "$(printf '%s\n' "$t" | sed -n 2p)" "method: weighted"
check "nassau table: a dummy's row" \
	"$(printf '%s\n' "$t" | awk '$1 == "E" { print $2, $3, $4, $5 }')" "1 0 0 0.000000"
check "nassau table: a member's row" \
	"$(printf '%s\n' "$t" | awk '$1 == "C" { print $2, $3, $4, $6, $8 }')" \
	"7 16 1/2 1/3 1/3"

# The Security Council: Shapley-Shubik 421/2145 and 4/2145, swings 848
# and 84, by every method, and as (members, permanent) with one term.
ref=$(power "$UNSC" --json | jq -c '[.players[] | [.swings, .banzhaf_normalised.fraction, .shapley_shubik.fraction]]')
jqcheck "unsc permanent" "$ref" '.[0]' '["848","106/635","421/2145"]'
jqcheck "unsc elected" "$ref" '.[14]' '["84","21/1270","4/2145"]'
jqcheck "unsc decimals" "$(power "$UNSC" --json)" \
	'[.players[0,14].shapley_shubik.decimal * 10000 | floor]' '[1962,18]'
for m in dp small-dims meet-in-the-middle enumeration; do
	j=$(power "$UNSC" --method "$m" --json)
	jqcheck "unsc by $m: method" "$j" .method "\"$m\""
	check "unsc by $m: same figures" "$(printf '%s' "$j" | jq -c '[.players[] | [.swings, .banzhaf_normalised.fraction, .shapley_shubik.fraction]]')" "$ref"
done
j=$(power "[9; 1,1,1,1,1,1,1,1,1,1,1,1,1,1,1] and [5; 1,1,1,1,1,0,0,0,0,0,0,0,0,0,0]" --json)
jqcheck "unsc in two dimensions" "$j" '[.dims, .quotas]' '[2,[[9,5]]]'
check "unsc in two dimensions: same figures" "$(printf '%s' "$j" | jq -c '[.players[] | [.swings, .banzhaf_normalised.fraction, .shapley_shubik.fraction]]')" "$ref"
jqcheck "unsc weights listed" "$j" '.players[0].weights' '[1,1]'

# Weights beyond 2^63 stay exact in JSON (as strings).
j=$(power "[18446744073709551615; 18446744073709551614, 1]" --json)
jqcheck "huge weights" "$j" '[.quotas[0][0], .players[0].weights[0], .players[1].weights[0]]' \
	'["18446744073709551615","18446744073709551614",1]'
jqcheck "huge weights: unanimity" "$j" '[.players[].shapley_shubik.fraction]' '["1/2","1/2"]'

# One index only.
j=$(power "$NASSAU" --index banzhaf --json)
jqcheck "banzhaf only" "$j" '.players[0] | [has("swings"), has("shapley_shubik")]' '[true,false]'
j=$(power "$NASSAU" --index shapley-shubik --json)
jqcheck "shapley-shubik only" "$j" '.players[0] | [has("swings"), has("shapley_shubik"), has("total_swings")]' '[false,true,false]'

# Progress on stderr when asked; the answer on stdout unchanged.
power "$NASSAU" --progress --json >"$T/out" 2>"$T/err"
check "progress reaches 100%" "$(tr '\r' '\n' <"$T/err" | grep -c '100%')" 1
jqcheck "progress leaves stdout JSON" "$(cat "$T/out")" .n 6

# Long fractions: the table shows decimals, JSON the exact fractions.
w=$(awk 'BEGIN { for (i = 1; i <= 100; i++) printf "%s%d", (i > 1 ? "," : ""), i }')
j=$(power "[2526; $w]" --index banzhaf --json)
jqcheck "100 players: exact raw Banzhaf" "$j" '.players[99].banzhaf.fraction | length > 24' true
check "100 players: table note" "$(power "[2526; $w]" --index banzhaf | tail -1)" \
	"Fractions longer than 24 characters are shown as decimals; --json gives them all."

# Bad games: one line naming the column or the bracket, status 1.
refused "a syntax error" "^assent: power: column 11: expected ',' or ']'\$" 1 \
	"$ASSENT" power "[16; 9, 9 7]"
refused "not a number" "^assent: power: column 2: expected a number\$" 1 \
	"$ASSENT" power "[x; 1]"
refused "a missing weight" "^assent: power: column 8: weight of player 2 is missing\$" 1 \
	"$ASSENT" power "[16; 9,, 9]"
refused "a negative weight" "^assent: power: column 9: weight of player 2 must not be negative\$" 1 \
	"$ASSENT" power "[16; 9, -3]"
refused "a fractional weight" "^assent: power: column 9: weight of player 2 must be a whole number\$" 1 \
	"$ASSENT" power "[16; 9, 2.5]"
refused "a quota of 0" "^assent: power: bracket 1: quota 0 must be between 1 and the total weight 3\$" 1 \
	"$ASSENT" power "[0; 1, 2]"
refused "a quota above the total" "^assent: power: bracket 1: quota 4 must be between 1 and the total weight 3\$" 1 \
	"$ASSENT" power "[4; 1, 2]"
refused "an overflowing weight" "^assent: power: column 5: weight of player 1 overflows 64 bits\$" 1 \
	"$ASSENT" power "[1; 99999999999999999999]"
refused "an overflowing total" "^assent: power: column 27: the total weight overflows 64 bits\$" 1 \
	"$ASSENT" power "[1; 18446744073709551615, 1]"
refused "an empty game" "^assent: power: bracket 1: empty game: no players\$" 1 \
	"$ASSENT" power "[3; ]"
refused "nothing at all" "^assent: power: empty game: expected '\\[quota; weights\\]'\$" 1 \
	"$ASSENT" power ""
refused "brackets of different sizes" "^assent: power: bracket 2 has 3 players, bracket 1 has 2\$" 1 \
	"$ASSENT" power "[2; 1, 1] and [2; 1, 1, 1]"
refused "too few names" "^assent: power: --names: 2 names for 3 players\$" 1 \
	"$ASSENT" power "[2; 1, 1, 1]" --names A,B

# The memory limit: refused before allocating, with the estimate, and
# what Banzhaf alone would need.
w=$(awk 'BEGIN { s = 7; for (i = 1; i <= 1000; i++) { s = (s * 1103515245 + 12345) % 2147483648; printf "%s%d", (i > 1 ? "," : ""), 1 + s % 1999 } }')
total=$(printf '%s' "$w" | tr ',' '\n' | awk '{ t += $1 } END { print t }')
q=$((total / 2 + 1))
refused "Shapley-Shubik beyond the limit" \
	"^assent: power: would need about [0-9.]+ GiB \\(limit 1\\.0 GiB\\) for Shapley-Shubik; --index banzhaf needs about [0-9.]+ MiB\$" 1 \
	"$ASSENT" power "[$q; $w]" --memory-limit 1G
refused "Banzhaf beyond a tiny limit" \
	"^assent: power: would need about [0-9.]+ MiB \\(limit 1\\.0 MiB\\)\$" 1 \
	"$ASSENT" power "[$q; $w]" --memory-limit 1M --index banzhaf
w1=$(awk 'BEGIN { for (i = 1; i <= 45; i++) printf "%s1", (i > 1 ? "," : "") }')
w2=$(awk 'BEGIN { s = 3; for (i = 1; i <= 45; i++) { s = (s * 1103515245 + 12345) % 2147483648; printf "%s%d", (i > 1 ? "," : ""), 1000000 + s % 9000000 } }')
refused "45 members with populations" \
	"^assent: power: 45 players: too many to enumerate \\(at most 40\\), and a table would need about [0-9.]+ [GT]iB \\(limit 8\\.0 GiB\\)\$" 1 \
	"$ASSENT" power "[30; $w1] and [200000000; $w2]" --memory-limit 8G
refused "a method that does not apply" \
	"^assent: power: method weighted does not apply to this game \\(2 players, 2 dimensions\\)\$" 1 \
	"$ASSENT" power "[1; 1, 1] and [1; 1, 1]" --method weighted

# Bad options: status 2.
refused "an unknown index" "^assent: power: --index: 'foo' is not all, banzhaf or shapley-shubik\$" 2 \
	"$ASSENT" power "$NASSAU" --index foo
refused "an unknown method" "^assent: power: --method: 'fast' is not auto, weighted, dp, small-dims, meet-in-the-middle or enumeration\$" 2 \
	"$ASSENT" power "$NASSAU" --method fast
refused "a bad memory limit" "^assent: power: --memory-limit: '12X' is not a size \\(e\\.g\\. 512M, 8G\\)\$" 2 \
	"$ASSENT" power "$NASSAU" --memory-limit 12X
refused "no game" "^assent: usage: assent power " 2 "$ASSENT" power
refused "--rule without --org" "^assent: power: --rule, --body and --as-of need --org ORG\$" 2 \
	"$ASSENT" power "$NASSAU" --rule unanimity
refused "a game and --org" "^assent: power: give either a GAME or --org ORG, not both\$" 2 \
	"$ASSENT" power "$NASSAU" --org o

# An organisation's rule on its members at a date: the Security Council
# case (data/unsc) gives the published figures, each member by its code.
"$ASSENT" load "$ASSENT_ROOT/data/unsc/unsc.case" >/dev/null
j=$(power --org unsc --json)
jqcheck "org unsc: players" "$j" '[.n, .org, .game]' '[15,"unsc",null]'
jqcheck "org unsc: permanent members" "$j" \
	'[.players[] | select(.shapley_shubik.fraction == "421/2145") | .name] | sort' \
	'["CHN","FRA","GBR","RUS","USA"]'
jqcheck "org unsc: elected members" "$j" \
	'[.players[] | select(.swings == "84" and .shapley_shubik.fraction == "4/2145")] | length' 10
check "org unsc: table header" "$(power --org unsc | head -1)" \
	"organisation unsc: 15 members, $(printf '%s' "$j" | jq -r '"\(.dims) dimension" + (if .dims > 1 then "s" else "" end)'), $(printf '%s' "$j" | jq -r '.quotas | length') term$(printf '%s' "$j" | jq -r 'if (.quotas | length) > 1 then "s" else "" end')"

# Another rule on the same members: a plain count makes them all equal.
j=$(power --org unsc --rule '{"type": "count", "at_least": 8}' --json)
jqcheck "org unsc, count rule" "$j" '[.players[].shapley_shubik.fraction] | unique' '["1/15"]'
refused "an unknown organisation" "^assent: power: unknown organisation 'zzz'\$" 1 \
	"$ASSENT" power --org zzz
refused "an organisation before its time" "^assent: power: unknown organisation 'unsc'\$" 1 \
	"$ASSENT" power --org unsc --as-of 1900-01-01
refused "a bad rule" "^assent: power: --rule: rule: unknown type 'bogus'\$" 1 \
	"$ASSENT" power --org unsc --rule '{"type": "bogus"}'
refused "names with --org" "^assent: power: --names is for an inline game; an organisation's players are its members\$" 2 \
	"$ASSENT" power --org unsc --names A,B
refused "a bad date" "^assent: --as-of: 'soon' is not a date" 2 \
	"$ASSENT" power --org unsc --as-of soon

done_testing
