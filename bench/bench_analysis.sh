#!/bin/sh
# The analysis on generated organisations (bench/analysis_case.awk: one
# member in ten for, three in ten against), by hand or from bench/run:
# for each size and rule (two-thirds of the members, unanimity, the EU's
# qualified majority by population, 85% of the members by votes), the time to the first minimal set and to the
# default ten (bench/bench_analysis.c, in one process, on a state folded
# once), each the median of RUNS with min and max, beside the time to fold
# that same state, measured in the same run. Then whether the aim holds:
# the first set under a two-thirds majority of 1,000 members in under
# 100 ms. Usage: bench/bench_analysis.sh [BUILD-DIR]; environment: SIZES
# (default "200 1000 10000"), RUNS (default 3).
set -eu
root=$(cd "$(dirname "$0")/.." && pwd)
build=${1:-$root/build}
sizes=${SIZES:-200 1000 10000}
runs=${RUNS:-3}
dir=$(mktemp -d /tmp/assent-bench-analysis-XXXXXX)
trap 'rm -rf "$dir"' EXIT

val() { printf '%s\n' "$1" | tr ' ' '\n' | sed -n "s/^$2=//p"; }
ms() { awk -v s="$1" 'BEGIN { printf "%.1f", s * 1000 }'; }
ratio() { awk -v a="$1" -v b="$2" 'BEGIN { printf "%.2f", a / b }'; }

echo
echo "analysis, $runs runs each (median, min-max), $(nproc) cores:"
printf '  %-7s %-12s %-24s %-24s %-24s %-11s %s\n' members rule \
    "first set, ms" "ten sets, ms" "fold (reference), ms" "first/fold" \
    "smallest, evaluations, cut off"
aim=""
for n in $sizes; do
	awk -v MEMBERS="$n" -v RULES='"at least 2/3 of members"|"unanimity"|"qualified majority"|"at least 85% of members by votes"' \
	    -f "$root/bench/analysis_case.awk" >"$dir/a$n.case"
	"$build/assent" --db "$dir/a$n.db" load "$dir/a$n.case" >/dev/null
	for p in p0 p1 p2 p3; do
		r=$("$build/bench/bench_analysis" "$dir/a$n.db" big "$p" "$runs")
		case $p in
		p0) rule=two-thirds ;;
		p1) rule=unanimity ;;
		p2) rule=QMV ;;
		*) rule="85% by votes" ;;
		esac
		printf '  %-7s %-12s %-24s %-24s %-24s %-11s %s\n' "$n" "$rule" \
		    "$(ms "$(val "$r" first)") ($(ms "$(val "$r" first_min)")-$(ms "$(val "$r" first_max)"))" \
		    "$(ms "$(val "$r" ten)") ($(ms "$(val "$r" ten_min)")-$(ms "$(val "$r" ten_max)"))" \
		    "$(ms "$(val "$r" fold)") ($(ms "$(val "$r" fold_min)")-$(ms "$(val "$r" fold_max)"))" \
		    "$(ratio "$(val "$r" first)" "$(val "$r" fold)")" \
		    "$(val "$r" smallest), $(val "$r" evaluations), $(val "$r" cut_off)"
		if [ "$n" = 1000 ] && [ "$p" = p0 ]; then
			if awk -v s="$(val "$r" first_max)" 'BEGIN { exit !(s < 0.1) }'; then
				aim="met ($(ms "$(val "$r" first_max)") ms at most)"
			else
				aim="NOT met ($(ms "$(val "$r" first_max)") ms at most)"
			fi
		fi
	done
done
[ -n "$aim" ] && echo "  aim, the first set under two-thirds of 1,000 members in under 100 ms: $aim"
exit 0
