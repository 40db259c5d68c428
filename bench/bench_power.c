/*
 * Voting-power benchmarks, run by bench/run (not by the tests):
 *
 *   bench_power eu        exact Banzhaf and Shapley-Shubik for the EU
 *                         Council's qualified majority (27 members);
 *                         reference: one pass over all 2^27 coalitions
 *                         that only sums and tests them (the least any
 *                         enumeration must do)
 *   bench_power weighted  exact Banzhaf for [q; w1..w1000], total weight
 *                         10^6, q half plus one; reference: a plain loop
 *                         of one-limb 64-bit additions over the same table
 *                         (n * q additions); then the Shapley-Shubik
 *                         estimate, which is refused on this machine
 *
 * Each prints one line of "key=value" pairs for bench/run to read.
 */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/resource.h>
#include <time.h>
#include <unistd.h>

#include "core/event.h"
#include "core/power.h"
#include "bench.h"

/*
 * Populations for 2025: the EU total on 1 January 2024, 451,028,881, and
 * each member's share in hundredths of a percent, as Coreper approved
 * them on 11 December 2024 (Agence Europe, 12 December 2024, "Updating of
 * EU Member States' population figures for calculating qualified
 * majority voting in EU Council"). The figures below are share * total,
 * rounded: close to, but not, the official Annex III figures of the
 * Council's decision for 2025, whose number and full table no stored copy
 * gave. For timing, not for citing.
 */
static const struct {
	const char	*code;
	unsigned	 share;		/* hundredths of a percent */
} eu[] = {
	{ "DEU", 1849 }, { "FRA", 1517 }, { "ITA", 1323 }, { "ESP", 1078 },
	{ "POL", 833 }, { "ROU", 423 }, { "NLD", 401 }, { "BEL", 262 },
	{ "CZE", 242 }, { "PRT", 236 }, { "SWE", 234 }, { "GRC", 231 },
	{ "HUN", 213 }, { "AUT", 202 }, { "BGR", 143 }, { "DNK", 132 },
	{ "FIN", 125 }, { "SVK", 121 }, { "IRL", 119 }, { "HRV", 86 },
	{ "LTU", 64 }, { "SVN", 47 }, { "LVA", 42 }, { "EST", 30 },
	{ "CYP", 21 }, { "LUX", 15 }, { "MLT", 12 },
};
#define NEU	(sizeof(eu) / sizeof(eu[0]))
#define EU_TOTAL 451028881ULL



static void
die(const char *what, const char *err)
{
	fprintf(stderr, "bench_power: %s: %s\n", what, err);
	exit(1);
}

/*
 * The qualified majority (Art. 16(4) TEU, Art. 238(3) TFEU): 55% of the
 * members (15 of 27) representing 65% of the population, or any
 * coalition that leaves fewer than four members against (24 of 27).
 */
static void
eu_game(as_game *g)
{
	uint64_t total = 0;

	if (as_game_init(g, NEU, 2, 2) != 0)
		die("eu", "out of memory");
	for (size_t i = 0; i < NEU; i++) {
		g->w[i * 2] = 1;
		g->w[i * 2 + 1] = (EU_TOTAL * eu[i].share + 5000) / 10000;
		total += g->w[i * 2 + 1];
	}
	g->q[0] = 15;
	g->q[1] = (total * 65 + 99) / 100;	/* at least 65%, rounded up */
	g->q[2] = NEU - 3;
	g->q[3] = 0;
}

/* The reference for eu: every coalition summed and tested, nothing else. */
static double
eu_reference(const as_game *g, uint64_t *wins)
{
	uint64_t count = (uint64_t)1 << g->n, in = 0, s[2] = { 0, 0 };
	double t0 = now();

	*wins = 0;
	for (uint64_t m = 1; m < count; m++) {
		size_t bit = (size_t)__builtin_ctzll(m);
		const uint64_t *w = g->w + bit * 2;

		in ^= (uint64_t)1 << bit;
		if (in >> bit & 1)
			s[0] += w[0], s[1] += w[1];
		else
			s[0] -= w[0], s[1] -= w[1];
		*wins += as_game_wins_sum(g, s);
	}
	return now() - t0;
}

static int
bench_eu(void)
{
	as_power_opts o = { AS_POWER_ALL, AS_METHOD_AUTO, 0, NULL, NULL };
	as_error err[1];
	as_power p;
	as_game g;
	uint64_t wins;
	double t0, t, ref;
	mpq_t sum;

	eu_game(&g);
	t0 = now();
	if (as_power_compute(&g, &o, &p, err) != 0)
		die("eu", err->msg);
	t = now() - t0;
	ref = eu_reference(&g, &wins);
	mpq_init(sum);
	for (size_t i = 0; i < NEU; i++)
		mpq_add(sum, sum, p.shapley[i]);
	printf("game=eu-qmv n=%zu method=%s seconds=%.4f ref_seconds=%.3f "
	    "ratio=%.4f ss_sum_is_1=%d ss_DEU=%.5f ss_MLT=%.5f "
	    "bz_DEU=%.5f bz_MLT=%.5f winning=%llu peak_rss_kib=%ld\n",
	    g.n, as_power_method_name(p.plan.method), t, ref, t / ref,
	    mpq_cmp_ui(sum, 1, 1) == 0, mpq_get_d(p.shapley[0]),
	    mpq_get_d(p.shapley[NEU - 1]), mpq_get_d(p.normalised[0]),
	    mpq_get_d(p.normalised[NEU - 1]), (unsigned long long)wins,
	    peak_rss_kib());
	mpq_clear(sum);
	as_power_free(&p);
	as_game_free(&g);
	return 0;
}

/* The reference for weighted: n * q one-limb additions, same pattern. */
static double
weighted_reference(const uint64_t *w, size_t n, uint64_t q)
{
	uint64_t *t = calloc(q + 1, sizeof(*t));
	volatile uint64_t sink;
	double t0 = now();

	t[1] = 1;
	for (size_t j = 0; j < n; j++)
		for (uint64_t s = q; s > w[j]; s--)
			t[s] += t[s - w[j]];
	sink = t[q];
	(void)sink;
	free(t);
	return now() - t0;
}

static int
bench_weighted(void)
{
	enum { N = 1000, TOTAL = 1000000 };
	as_power_opts o = { AS_POWER_BANZHAF, AS_METHOD_AUTO, 0, NULL, NULL };
	as_error err[1];
	char need[AS_ERR_MAX];
	uint64_t w[N], sum = 0, x = 12345;
	as_power_plan plan;
	as_power p;
	as_game g;
	double t0, t, ref;
	long limit_pages = sysconf(_SC_AVPHYS_PAGES);

	/* Deterministic pseudo-random weights scaled to a total of 10^6. */
	for (size_t i = 0; i < N; i++) {
		x = x * 6364136223846793005ULL + 1442695040888963407ULL;
		w[i] = 1 + (x >> 33) % 1999;
		sum += w[i];
	}
	for (size_t i = 0, acc = 0; i < N; i++) {
		w[i] = w[i] * TOTAL / sum;
		acc += w[i];
		if (i == N - 1)
			w[i] += TOTAL - acc;	/* the rounding, to the last */
	}
	if (as_game_weighted(&g, TOTAL / 2 + 1, w, N) != 0)
		die("weighted", "out of memory");
	t0 = now();
	if (as_power_compute(&g, &o, &p, err) != 0)
		die("weighted", err->msg);
	t = now() - t0;
	ref = weighted_reference(w, N, g.q[0]);
	/* Shapley-Shubik: only the estimate, against available memory. */
	o.indices = AS_POWER_ALL;
	o.mem_limit = (uint64_t)limit_pages * (uint64_t)sysconf(_SC_PAGESIZE);
	if (as_power_estimate(&g, &o, &plan, err) == 0)
		snprintf(need, sizeof(need), "fits (%s)",
		    as_power_method_name(plan.method));
	else
		snprintf(need, sizeof(need), "%s", err->msg);
	for (char *c = need; *c; c++)
		if (*c == ' ')
			*c = '_';
	printf("game=weighted-1000 n=%zu total=%d q=%llu method=%s "
	    "seconds=%.3f ref_seconds=%.3f ratio=%.2f bz_p1=%.6f "
	    "bz_p2=%.6g peak_rss_kib=%ld shapley=%s\n", g.n, TOTAL,
	    (unsigned long long)g.q[0], as_power_method_name(p.plan.method),
	    t, ref, t / ref, mpq_get_d(p.normalised[0]),
	    mpq_get_d(p.normalised[1]), peak_rss_kib(), need);
	as_power_free(&p);
	as_game_free(&g);
	return 0;
}

int
main(int argc, char **argv)
{
	if (argc == 2 && strcmp(argv[1], "eu") == 0)
		return bench_eu();
	if (argc == 2 && strcmp(argv[1], "weighted") == 0)
		return bench_weighted();
	fprintf(stderr, "usage: bench_power eu | weighted\n");
	return 2;
}
