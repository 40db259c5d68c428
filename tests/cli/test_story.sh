# The main job tells the story (scripts/nato-story, run by ./run demo):
# before each date's board, what changed and on whose word; and the
# README's sample of what it prints is what a clean run prints, line for
# line: each block marked "verbatim" in README.md is found whole, in its
# order of lines, in the output of a run on a fresh ledger (no head
# hash in it: it changes with every load).
. "$(dirname "$0")/lib.sh"

NATO=$(ledger nato.db)
NATO_SERVE=0 NATO_DB="$NATO" sh "$ASSENT_ROOT/scripts/nato-story" "$ASSENT" \
    >"$T/story.out" 2>"$T/story.err"
check "the story runs" "$?" 0
check "and says nothing on stderr" "$(cat "$T/story.err")" ""

# Before each board, what changed and on whose word.
for d in 2024-06-17 2024-06-19 2024-06-20 2024-06-26; do
	if grep -A1 -q "^==== As of $d ====\$" "$T/story.out" &&
	    [ "$(grep -A1 "^==== As of $d ====\$" "$T/story.out" | sed -n 2p | cut -c1-12)" = "What changed" ]; then
		ok; else fail "the board of $d is not told what changed"; fi
done
if grep -q "Hungary lifts its objection and backs Mark Rutte, after Letter from Mark Rutte to Viktor Orban, 18 June 2024 (given 2024-06-18)\.\$" "$T/story.out" &&
    grep -A1 "Hungary lifts its objection" "$T/story.out" | grep -q "on the word of Prime Minister Viktor Orban on X (@PM_ViktorOrban), 18 Jun 2024 (official statement of Hungary, 2024-06-18)\$"; then
	ok; else fail "Hungary's turn is told, on its own word"; fi
if grep -q "^ *on the word of NOS, .* \[reported, not confirmed\]\$" "$T/story.out"; then ok; else
	fail "a reported change says so"; fi
if grep -Eq '[0-9a-f]{64}' "$T/story.out"; then fail "a head hash in the story"; else ok; fi

# Every verbatim block of the README, in the output.
python3 - "$ASSENT_ROOT/README.md" "$T/story.out" >"$T/blocks" <<'PY'
import sys
readme = open(sys.argv[1], encoding='utf-8').read().split('\n')
out = open(sys.argv[2], encoding='utf-8').read().split('\n')
blocks, i = [], 0
while i < len(readme):
    if readme[i].startswith('<!-- verbatim: what ./run demo prints'):
        assert readme[i + 1] == '```text', readme[i + 1]
        j = i + 2
        while readme[j] != '```':
            j += 1
        blocks.append(readme[i + 2:j])
        i = j
    i += 1
found = 0
for b in blocks:
    n = len(b)
    if any(out[k:k + n] == b for k in range(len(out) - n + 1)):
        found += 1
    else:
        print("not in the output:", b[0])
print("blocks", len(blocks), "found", found)
PY
check "the README's samples are what a run prints" "$(tail -n 1 "$T/blocks")" "blocks 6 found 6"
[ "$(tail -n 1 "$T/blocks")" = "blocks 6 found 6" ] || cat "$T/blocks" >&2

done_testing
