/*
 * Voting power: published values (each with its source), then properties
 * that could fail: every method agrees exactly with the enumeration on
 * random games, Shapley-Shubik sums to exactly 1, equal weights get equal
 * indices, and the memory and size limits refuse before allocating.
 */
#include <stdint.h>
#include <stdlib.h>
#include <string.h>

#include "core/alloc.h"
#include "core/event.h"
#include "core/game.h"
#include "core/power.h"
#include "unit/check.h"

static const as_power_method methods[] = {
	AS_METHOD_WEIGHTED, AS_METHOD_DP, AS_METHOD_SMALL_DIMS, AS_METHOD_MITM,
	AS_METHOD_ENUM
};
#define NMETHODS (sizeof(methods) / sizeof(methods[0]))

/* Computes g's indices by method m (0 if it does not apply). */
static int
compute(const as_game *g, as_power_method m, int indices, as_power *p)
{
	as_power_opts o = { indices, m, 256 << 20, NULL, NULL };
	as_error err[1];

	return as_power_compute(g, &o, p, err);
}

/* Whether p's index of player i equals the fraction s ("421/2145"). */
static int
q_is(mpq_t *v, size_t i, const char *s)
{
	mpq_t want;
	int eq;

	mpq_init(want);
	mpq_set_str(want, s, 10);
	mpq_canonicalize(want);
	eq = mpq_equal(v[i], want);
	mpq_clear(want);
	return eq;
}

static int
weighted(as_game *g, uint64_t q, const uint64_t *w, size_t n)
{
	return as_game_weighted(g, q, w, n);
}

/*
 * Every applicable method gives the enumeration's exact figures on g;
 * used[k] counts the games methods[k] was compared on.
 */
static int
all_agree(const as_game *g, int indices, int *used)
{
	as_power ref, p;
	int same = 1;

	if (compute(g, AS_METHOD_ENUM, indices, &ref) != 0)
		return 0;
	for (size_t k = 0; k < NMETHODS; k++) {
		as_power_opts o = { indices, methods[k], 256 << 20, NULL, NULL };
		as_power_plan plan;
		as_error err[1];

		/* Methods that do not apply, or would take long, are skipped. */
		if (as_power_estimate(g, &o, &plan, err) != 0 || plan.ops > 2e6)
			continue;
		if (compute(g, methods[k], indices, &p) != 0)
			continue;
		used[k]++;
		for (size_t i = 0; i < g->n; i++) {
			if (indices & AS_POWER_BANZHAF)
				same &= mpz_cmp(p.swings[i], ref.swings[i]) == 0 &&
				    mpq_equal(p.normalised[i], ref.normalised[i]);
			if (indices & AS_POWER_SHAPLEY)
				same &= mpq_equal(p.shapley[i], ref.shapley[i]) != 0;
		}
		if (!same)
			fprintf(stderr, "method %s disagrees with the "
			    "enumeration\n", as_power_method_name(methods[k]));
		as_power_free(&p);
	}
	as_power_free(&ref);
	return same;
}

static int
starts(const char *s, const char *prefix)
{
	return strncmp(s, prefix, strlen(prefix)) == 0;
}

static uint64_t rng = 88172645463325252ULL;

static uint64_t
rnd(uint64_t n)
{
	rng ^= rng << 13;
	rng ^= rng >> 7;
	rng ^= rng << 17;
	return rng % n;
}

static void
test_published(void)
{
	as_game g;
	as_power p;

	/*
	 * Nassau County Board of Supervisors, 1964: [16; 9, 9, 7, 3, 1, 1].
	 * Banzhaf (1965), "Weighted voting doesn't work: a mathematical
	 * analysis", Rutgers Law Review 19:317-343: the three members with 3,
	 * 1 and 1 votes can never change an outcome; the other three have
	 * equal power (a third each).
	 */
	static const uint64_t nassau[] = { 9, 9, 7, 3, 1, 1 };
	CHECK(weighted(&g, 16, nassau, 6) == 0);
	for (size_t k = 0; k < NMETHODS; k++) {
		CHECK(compute(&g, methods[k], AS_POWER_ALL, &p) == 0);
		for (size_t i = 0; i < 3; i++) {
			CHECK(q_is(p.normalised, i, "1/3"));
			CHECK(q_is(p.shapley, i, "1/3"));
		}
		for (size_t i = 3; i < 6; i++) {
			CHECK(mpz_sgn(p.swings[i]) == 0);	/* dummies */
			CHECK(q_is(p.shapley, i, "0"));
		}
		as_power_free(&p);
	}
	as_game_free(&g);

	/*
	 * UN Security Council since 1965: 15 members, 5 permanent with a
	 * veto, 9 votes needed: [39; 7,7,7,7,7,1,...,1]. Shapley-Shubik:
	 * permanent 421/2145, non-permanent 4/2145; Banzhaf swings 848 and
	 * 84 (normalised 0.1669 and 0.0165). Felsenthal & Machover (1998),
	 * The Measurement of Voting Power, Edward Elgar; Straffin (1993),
	 * Game Theory and Strategy, MAA, ch. 10.
	 */
	uint64_t unsc[15];
	for (size_t i = 0; i < 15; i++)
		unsc[i] = i < 5 ? 7 : 1;
	CHECK(weighted(&g, 39, unsc, 15) == 0);
	for (size_t k = 0; k < NMETHODS; k++) {
		CHECK(compute(&g, methods[k], AS_POWER_ALL, &p) == 0);
		CHECK(p.plan.method == methods[k]);
		CHECK(q_is(p.shapley, 0, "421/2145"));
		CHECK(q_is(p.shapley, 14, "4/2145"));
		CHECK(mpz_cmp_ui(p.swings[4], 848) == 0);
		CHECK(mpz_cmp_ui(p.swings[5], 84) == 0);
		CHECK(q_is(p.banzhaf, 0, "848/16384"));
		CHECK(q_is(p.normalised, 0, "848/5080"));
		CHECK(q_is(p.normalised, 9, "84/5080"));
		as_power_free(&p);
	}
	as_game_free(&g);

	/*
	 * The same Council as a game of two dimensions (members, permanent
	 * members) and one term {9, 5}: the same figures.
	 */
	CHECK(as_game_init(&g, 15, 2, 1) == 0);
	for (size_t i = 0; i < 15; i++) {
		g.w[i * 2] = 1;
		g.w[i * 2 + 1] = i < 5;
	}
	g.q[0] = 9;
	g.q[1] = 5;
	for (size_t k = 1; k < NMETHODS; k++) {
		CHECK(compute(&g, methods[k], AS_POWER_ALL, &p) == 0);
		CHECK(q_is(p.shapley, 2, "421/2145"));
		CHECK(q_is(p.shapley, 7, "4/2145"));
		CHECK(mpz_cmp_ui(p.swings[1], 848) == 0);
		CHECK(mpz_cmp_ui(p.swings[12], 84) == 0);
		as_power_free(&p);
	}
	CHECK(compute(&g, AS_METHOD_WEIGHTED, AS_POWER_ALL, &p) == -1);
	as_game_free(&g);

	/*
	 * EEC Council of Ministers, 1958-1972: France, Germany, Italy 4
	 * votes, Belgium and the Netherlands 2, Luxembourg 1; 12 of 17.
	 * Banzhaf (normalised) 5/21, 1/7 and 0 for Luxembourg, a dummy:
	 * Brams, in The Britannica Guide to Statistics and Probability
	 * (2011), "Game theory: voting power", p. 194. Luxembourg's
	 * Shapley-Shubik index is 0 too: "Luxembourg in the Early Days of
	 * the EEC: Null Player or Not?", Games 9(2):29 (MDPI, 2018). The
	 * others' Shapley-Shubik values, 7/30 and 3/20, are not from a
	 * source: they are what every method here and the enumeration give.
	 */
	static const uint64_t eec[] = { 4, 4, 4, 2, 2, 1 };
	CHECK(weighted(&g, 12, eec, 6) == 0);
	CHECK(compute(&g, AS_METHOD_AUTO, AS_POWER_ALL, &p) == 0);
	CHECK(p.plan.method == AS_METHOD_WEIGHTED);
	CHECK(q_is(p.normalised, 0, "5/21"));
	CHECK(q_is(p.normalised, 3, "1/7"));
	CHECK(q_is(p.normalised, 5, "0"));
	CHECK(q_is(p.shapley, 1, "7/30"));
	CHECK(q_is(p.shapley, 4, "3/20"));
	CHECK(q_is(p.shapley, 5, "0"));
	as_power_free(&p);
	as_game_free(&g);
}

/* Simple majority of n equal voters: exact binomials across many limbs. */
static void
test_majority(void)
{
	static const size_t sizes[] = { 63, 64, 65, 129, 200 };
	uint64_t w[200];
	as_game g;
	as_power p;
	mpz_t want;
	char s[32];

	mpz_init(want);
	for (size_t k = 0; k < sizeof(sizes) / sizeof(sizes[0]); k++) {
		size_t n = sizes[k];

		for (size_t i = 0; i < n; i++)
			w[i] = 1;
		CHECK(weighted(&g, n / 2 + 1, w, n) == 0);
		CHECK(compute(&g, AS_METHOD_WEIGHTED, AS_POWER_ALL, &p) == 0);
		/* i swings with exactly n/2 of the n-1 others. */
		mpz_bin_uiui(want, n - 1, n / 2);
		snprintf(s, sizeof(s), "1/%zu", n);
		for (size_t i = 0; i < n; i += n / 3) {
			CHECK(mpz_cmp(p.swings[i], want) == 0);
			CHECK(q_is(p.shapley, i, s));
		}
		as_power_free(&p);
		CHECK(compute(&g, AS_METHOD_WEIGHTED, AS_POWER_BANZHAF, &p) == 0);
		CHECK(mpz_cmp(p.swings[n - 1], want) == 0);
		as_power_free(&p);
		as_game_free(&g);
	}
	mpz_clear(want);
}

/* A random game: dims dimensions, terms terms, weights below wmax. */
static void
random_game(as_game *g, size_t n, size_t dims, size_t terms, uint64_t wmax)
{
	CHECK(as_game_init(g, n, dims, terms) == 0);
	for (size_t d = 0; d < dims; d++) {
		uint64_t total = 0;

		for (size_t i = 0; i < n; i++) {
			/* Dimension 1 of several is a head count now and then. */
			g->w[i * dims + d] = d == 1 && wmax % 2 ? 1 : rnd(wmax);
			total += g->w[i * dims + d];
		}
		for (size_t t = 0; t < terms; t++)
			g->q[t * dims + d] = rnd(total + 2);
	}
}

static void
test_random(void)
{
	int agree = 1, efficient = 1, used[NMETHODS] = { 0 };
	int bz_used[NMETHODS] = { 0 };

	for (int round = 0; round < 300; round++) {
		size_t n = 1 + rnd(11), dims = 1 + rnd(3), terms = 1 + rnd(3);
		as_game g;
		as_power p;
		mpq_t sum;

		random_game(&g, n, dims, terms, 2 + rnd(round % 3 ? 12 : 1000));
		/* Banzhaf alone takes another path in the weighted method. */
		if (!all_agree(&g, AS_POWER_ALL, used) ||
		    !all_agree(&g, AS_POWER_BANZHAF, bz_used)) {
			agree = 0;
			fprintf(stderr, "round %d: n %zu dims %zu terms %zu\n",
			    round, n, dims, terms);
		}
		/* Efficiency: when the empty coalition loses and the grand
		 * coalition wins, Shapley-Shubik sums to exactly 1. */
		CHECK(compute(&g, AS_METHOD_AUTO, AS_POWER_ALL, &p) == 0);
		mpq_init(sum);
		for (size_t i = 0; i < n; i++)
			mpq_add(sum, sum, p.shapley[i]);
		{
			unsigned char none[16] = { 0 }, all[16];

			memset(all, 1, sizeof(all));
			if (!as_game_wins(&g, none) && as_game_wins(&g, all))
				efficient &= mpq_cmp_ui(sum, 1, 1) == 0;
			else
				efficient &= mpq_sgn(sum) == 0;
		}
		mpq_clear(sum);
		as_power_free(&p);
		as_game_free(&g);
	}
	CHECK(agree);
	CHECK(efficient);
	/* Each method was really compared, on games of every shape. */
	for (size_t k = 0; k < NMETHODS; k++)
		CHECK(used[k] >= 100 && bz_used[k] >= 100);

	/* Larger games: the fast methods against each other. */
	for (int round = 0; round < 20; round++) {
		size_t n = 12 + rnd(14), dims = 1 + rnd(2);
		as_game g;
		as_power a, b, c;
		int same = 1;

		random_game(&g, n, dims, 1 + rnd(2), 2 + rnd(8));
		CHECK(compute(&g, AS_METHOD_MITM, AS_POWER_ALL, &a) == 0);
		CHECK(compute(&g, AS_METHOD_DP, AS_POWER_ALL, &b) == 0);
		CHECK(compute(&g, AS_METHOD_SMALL_DIMS, AS_POWER_ALL, &c) == 0);
		for (size_t i = 0; i < n; i++)
			same &= mpz_cmp(a.swings[i], b.swings[i]) == 0 &&
			    mpq_equal(a.shapley[i], b.shapley[i]) &&
			    mpz_cmp(a.swings[i], c.swings[i]) == 0 &&
			    mpq_equal(a.shapley[i], c.shapley[i]);
		CHECK(same);
		as_power_free(&a);
		as_power_free(&b);
		as_power_free(&c);
		as_game_free(&g);
	}
}

/*
 * Weighted games of many limbs with zero weights and weights beyond the
 * quota: Banzhaf alone (a packed table, two players a pass) against the
 * Shapley-Shubik table (one entry at a time), and against dp.
 */
static void
test_wide(void)
{
	static const size_t sizes[] = { 64, 65, 127, 150 };

	for (size_t k = 0; k < sizeof(sizes) / sizeof(sizes[0]); k++) {
		size_t n = sizes[k];
		uint64_t w[150], total = 0;
		as_power a, b, c, d;
		as_game g;
		int same = 1;

		for (size_t i = 0; i < n; i++)
			total += w[i] = i % 17 == 3 ? 0 : rnd(12);
		w[n / 2] = total;	/* more than the quota on its own */
		CHECK(weighted(&g, total / 2 + 1, w, n) == 0);
		CHECK(compute(&g, AS_METHOD_WEIGHTED, AS_POWER_BANZHAF, &a) == 0);
		CHECK(compute(&g, AS_METHOD_WEIGHTED, AS_POWER_ALL, &b) == 0);
		CHECK(compute(&g, AS_METHOD_DP, AS_POWER_BANZHAF, &c) == 0);
		CHECK(compute(&g, AS_METHOD_SMALL_DIMS, AS_POWER_ALL, &d) == 0);
		for (size_t i = 0; i < n; i++)
			same &= mpz_cmp(a.swings[i], b.swings[i]) == 0 &&
			    mpz_cmp(a.swings[i], c.swings[i]) == 0 &&
			    mpz_cmp(a.swings[i], d.swings[i]) == 0 &&
			    mpq_equal(b.shapley[i], d.shapley[i]);
		CHECK(same);
		CHECK(mpz_sgn(a.swings[n / 2]) > 0 && mpz_sgn(a.swings[3]) == 0);
		as_power_free(&a);
		as_power_free(&b);
		as_power_free(&c);
		as_power_free(&d);
		as_game_free(&g);
	}
}

/* Equal weight vectors, equal indices, whatever the method. */
static void
test_symmetry(void)
{
	static const uint64_t w[] = { 5, 3, 5, 2, 3, 5, 1, 2 };
	as_game g;
	as_power p;

	CHECK(weighted(&g, 14, w, 8) == 0);
	for (size_t k = 0; k < NMETHODS; k++) {
		CHECK(compute(&g, methods[k], AS_POWER_ALL, &p) == 0);
		CHECK(mpz_cmp(p.swings[0], p.swings[2]) == 0);
		CHECK(mpz_cmp(p.swings[0], p.swings[5]) == 0);
		CHECK(mpq_equal(p.shapley[1], p.shapley[4]));
		CHECK(mpq_equal(p.shapley[3], p.shapley[7]));
		/* And more weight is never less power. */
		CHECK(mpz_cmp(p.swings[0], p.swings[1]) >= 0);
		CHECK(mpz_cmp(p.swings[1], p.swings[3]) >= 0);
		CHECK(mpz_cmp(p.swings[3], p.swings[6]) >= 0);
		as_power_free(&p);
	}
	as_game_free(&g);
}

/* Games where nobody can swing: all zero, method "trivial". */
static void
test_trivial(void)
{
	static const uint64_t w[] = { 1, 2, 3 };
	as_game g;
	as_power p;

	CHECK(weighted(&g, 7, w, 3) == 0);	/* beyond the total */
	CHECK(compute(&g, AS_METHOD_AUTO, AS_POWER_ALL, &p) == 0);
	CHECK(p.plan.method == AS_METHOD_TRIVIAL);
	CHECK(mpz_sgn(p.total) == 0 && q_is(p.normalised, 1, "0"));
	CHECK(q_is(p.shapley, 2, "0"));
	as_power_free(&p);
	g.q[0] = 0;				/* no constraint at all */
	CHECK(compute(&g, AS_METHOD_DP, AS_POWER_ALL, &p) == 0);
	CHECK(p.plan.method == AS_METHOD_TRIVIAL);
	as_power_free(&p);
	as_game_free(&g);
}

struct seen {
	int	calls;
	double	last;
	int	monotone;
};

static void
on_progress(void *arg, double done)
{
	struct seen *s = arg;

	s->monotone &= done >= s->last && done <= 1;
	s->last = done;
	s->calls++;
}

/* The memory estimate refuses before allocating; progress is reported. */
static void
test_limits(void)
{
	uint64_t *w = calloc(1000, sizeof(*w)), total = 0;
	as_power_opts o = { AS_POWER_ALL, AS_METHOD_AUTO, 1ULL << 30, NULL, NULL };
	as_error err[1];
	struct seen seen = { 0, 0, 1 };
	as_power_plan plan;
	as_power p;
	as_game g;

	for (size_t i = 0; i < 1000; i++)
		total += w[i] = 1 + rnd(1999);
	CHECK(weighted(&g, total / 2 + 1, w, 1000) == 0);
	/* Shapley-Shubik: (n + 1) rows of q + 1 entries of 16 limbs. */
	CHECK(as_power_estimate(&g, &o, &plan, err) == AS_ELIMIT);
	CHECK(starts(err->msg, "would need about "));
	CHECK(strstr(err->msg, " GiB (limit 1.0 GiB)") != NULL);
	CHECK(as_power_compute(&g, &o, &p, err) == -1);
	CHECK(p.swings == NULL && p.shapley == NULL);
	/* Banzhaf alone fits, and reports its progress. */
	o.indices = AS_POWER_BANZHAF;
	o.progress = on_progress;
	o.arg = &seen;
	CHECK(as_power_estimate(&g, &o, &plan, err) == 0);
	CHECK(plan.method == AS_METHOD_WEIGHTED);
	CHECK(plan.bytes == ((total / 2 + 2) * 16 * 8));
	g.n = 60;			/* a smaller game to compute here */
	g.q[0] = 0;
	for (size_t i = 0; i < 60; i++)
		g.q[0] += w[i];
	g.q[0] = g.q[0] / 2 + 1;
	CHECK(as_power_compute(&g, &o, &p, err) == 0);
	CHECK(seen.calls >= 10 && seen.monotone && seen.last == 1);
	CHECK(p.shapley == NULL && p.swings != NULL);
	as_power_free(&p);
	g.n = 1000;
	as_game_free(&g);

	/* A composite game beyond enumeration, its table beyond the limit. */
	CHECK(as_game_init(&g, 45, 2, 2) == 0);
	for (size_t i = 0; i < 45; i++) {
		g.w[i * 2] = 1;
		g.w[i * 2 + 1] = 1000000 + w[i] * 1000003;
	}
	g.q[0] = 30;
	g.q[1] = 40000000;
	g.q[2] = 40;
	o.indices = AS_POWER_ALL;
	CHECK(as_power_estimate(&g, &o, &plan, err) == AS_ELIMIT);
	CHECK(starts(err->msg,
	    "45 players: too many to enumerate (at most 40), "
	    "and a table would need about "));
	CHECK(strstr(err->msg, "(limit 1.0 GiB)") != NULL);
	/* A method that does not apply is named. */
	o.method = AS_METHOD_WEIGHTED;
	CHECK(as_power_estimate(&g, &o, &plan, err) == AS_EINVAL);
	CHECK_STR(err->msg, "method weighted does not apply to this game "
	    "(45 players, 2 dimensions)");
	as_game_free(&g);
	free(w);

	char buf[32];
	as_power_bytes(65712000000ULL, buf, sizeof(buf));
	CHECK_STR(buf, "61.2 GiB");
	as_power_bytes(512, buf, sizeof(buf));
	CHECK_STR(buf, "512 bytes");
}

/* An allocator that fails on its fail_at-th call. */
static int fail_at, calls;

static void *
failing_malloc(size_t n)
{
	return ++calls == fail_at ? NULL : malloc(n);
}

static void *
failing_realloc(void *p, size_t n)
{
	return ++calls == fail_at ? NULL : realloc(p, n);
}

/*
 * Out of memory at every allocation in turn, for each method and for the
 * parser: a clean refusal ("out of memory", nothing left allocated, which
 * the sanitizer build checks), until the run succeeds with the right
 * figures.
 */
static void
test_oom(void)
{
	static const char unsc[] = "[39; 7,7,7,7,7,1,1,1,1,1,1,1,1,1,1]";
	as_error err[1];
	as_power p;
	as_game g;
	int clean = 1, rc;

	CHECK(as_game_parse(unsc, &g, err) == 0);
	as_set_allocator(failing_malloc, failing_realloc);
	for (size_t k = 0; k < NMETHODS; k++) {
		for (fail_at = 1;; fail_at++) {
			calls = 0;
			if ((rc = compute(&g, methods[k], AS_POWER_ALL, &p)) == 0)
				break;
			clean &= p.swings == NULL && p.shapley == NULL;
		}
		CHECK(fail_at > 2);
		CHECK(q_is(p.shapley, 0, "421/2145"));
		as_power_free(&p);
	}
	as_game_free(&g);
	for (fail_at = 1;; fail_at++) {
		calls = 0;
		if (as_game_parse(unsc, &g, err) == 0)
			break;
		clean &= g.w == NULL && strcmp(err->msg, "out of memory") == 0;
	}
	CHECK(g.n == 15 && fail_at > 2);
	as_set_allocator(NULL, NULL);
	as_game_free(&g);
	CHECK(clean);
}

int
main(void)
{
	test_published();
	test_majority();
	test_random();
	test_wide();
	test_symmetry();
	test_trivial();
	test_limits();
	test_oom();
	return check_done();
}
