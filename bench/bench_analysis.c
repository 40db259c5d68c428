/*
 * The analysis benchmark, run by bench/bench_analysis.sh (not by the
 * tests):
 *
 *   bench_analysis LEDGER ORG PROPOSAL RUNS
 *
 * folds ORG as of now from LEDGER (the reference: the time to fold the
 * state the analysis reads), then analyses PROPOSAL on it, asking for the
 * first minimal set (--limit 1) and for the default ten, RUNS times each,
 * within the default time limit (AS_ANALYSE_TIME_MS) on the monotonic
 * clock. Prints one line of "key=value" pairs: for each measure its
 * median, min and max in seconds, then what the analysis found (the
 * smallest set, its bound, the evaluations, the cut-off if any).
 */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <time.h>

#include "core/analyse.h"
#include "core/date.h"
#include "store/ledger.h"
#include "store/query.h"
#include "bench.h"

static int
cmp_double(const void *a, const void *b)
{
	double x = *(const double *)a, y = *(const double *)b;

	return x < y ? -1 : x > y;
}

/* "name=median name_min=min name_max=max" of the n times t (sorted). */
static void
print_times(const char *name, double *t, int n)
{
	qsort(t, (size_t)n, sizeof(*t), cmp_double);
	printf(" %s=%.6f %s_min=%.6f %s_max=%.6f", name, t[n / 2], name, t[0],
	    name, t[n - 1]);
}

/* One analysis of proposal on st, limit sets; its time into *secs. */
static json_t *
analyse(const as_state *st, const char *proposal, int64_t t,
    const char *label, size_t limit, double *secs)
{
	as_analyse_budget b;
	as_deadline d;
	as_error err[1];
	double t0 = now();
	json_t *a;

	as_analyse_deadline(&b, &d, AS_ANALYSE_TIME_MS);
	a = as_analyse(st, proposal, NULL, label, t, AS_BASIS_DEFAULT, NULL, 0,
	    limit, &b, err);
	*secs = now() - t0;
	if (a == NULL) {
		fprintf(stderr, "bench_analysis: %s\n", err->msg);
		exit(1);
	}
	return a;
}

int
main(int argc, char **argv)
{
	as_error err[1];
	char label[AS_DATE_MAX];
	double fold[16], first[16], ten[16], t0;
	int64_t t = (int64_t)time(NULL);
	int runs, rc;
	as_ledger *l;
	as_state *st = NULL;
	json_t *a = NULL, *ms, *cut;

	if (argc != 5 || (runs = atoi(argv[4])) < 1 || runs > 16) {
		fprintf(stderr, "usage: bench_analysis LEDGER ORG PROPOSAL RUNS "
		    "(1 to 16)\n");
		return 2;
	}
	if ((l = as_ledger_open(argv[1], 0, err, &rc)) == NULL) {
		fprintf(stderr, "bench_analysis: %s\n", err->msg);
		return 1;
	}
	as_date_format(t, 0, label);
	for (int r = 0; r < runs; r++) {
		as_state_free(st);
		st = NULL;
		t0 = now();
		if (as_ledger_org_state(l, argv[2], t, AS_SEQ_END, &st, err) !=
		    AS_OK) {
			fprintf(stderr, "bench_analysis: %s\n", err->msg);
			return 1;
		}
		fold[r] = now() - t0;
		json_decref(analyse(st, argv[3], t, label, 1, &first[r]));
		json_decref(a);
		a = analyse(st, argv[3], t, label, AS_ANALYSE_LIMIT, &ten[r]);
	}
	ms = json_object_get(a, "minimal_sets");
	cut = json_object_get(a, "cut_off");
	printf("members=%zu", json_array_size(json_object_get(a, "members")));
	print_times("fold", fold, runs);
	print_times("first", first, runs);
	print_times("ten", ten, runs);
	printf(" smallest=%lld lower_bound=%lld sets=%zu complete=%s "
	    "evaluations=%lld cut_off=%s peak_rss_kib=%ld\n",
	    (long long)json_integer_value(json_object_get(ms, "smallest")),
	    (long long)json_integer_value(json_object_get(ms, "lower_bound")),
	    json_array_size(json_object_get(ms, "sets")),
	    json_is_true(json_object_get(ms, "complete")) ? "yes" : "no",
	    (long long)json_integer_value(json_object_get(a, "evaluations")),
	    json_is_null(cut) ? "none" : json_string_value(json_object_get(cut,
	    "by")), peak_rss_kib());
	json_decref(a);
	as_state_free(st);
	as_ledger_close(l);
	return 0;
}
