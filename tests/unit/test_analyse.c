/*
 * The analysis (core/analyse.c) against exhaustive enumeration: on random
 * small organisations under every kind of rule, the minimal sets listed
 * are exactly the minimal winning sets of the members not yet in favour
 * (every subset enumerated), smallest first, the rule's lower bound never
 * above the smallest, and the pivotal members exactly those whose change
 * alone flips the outcome. Then the budget: a time limit that runs out
 * (a counter stands for the clock) and an evaluation limit are reported
 * in "cut_off", with the part they stopped in, never silently.
 */
#include <stdlib.h>
#include <string.h>

#include "core/alloc.h"
#include "core/analyse.h"
#include "core/state.h"
#include "unit/apply.h"
#include "unit/check.h"
#include "unit/faulty_alloc.h"

static as_error err[1];

/* Applies one event, or ends the test with the refusal. */
static void
apply(as_state *st, const char *date, const char *type, const char *json)
{
	if (test_apply(st, date, type, json, err) != 0) {
		fprintf(stderr, "refused: %s: %s\n", json, err->msg);
		exit(2);
	}
}

static int64_t
at(const char *date)
{
	int64_t t;

	as_date_asof(date, &t);
	return t;
}

/* A deterministic generator (the tests never depend on the clock). */
static unsigned long long rnd_state = 88172645463325252ULL;

static unsigned
rnd(unsigned below)
{
	rnd_state ^= rnd_state << 13;
	rnd_state ^= rnd_state >> 7;
	rnd_state ^= rnd_state << 17;
	return (unsigned)(rnd_state % below);
}

/* The rules drawn from: every kind, with and without weights. */
static const char *const rules[] = {
	"unanimity",
	"unanimity, abstention allowed",
	"unanimity with constructive abstention",
	"consensus minus 1",
	"consensus minus 2, abstention allowed",
	"consensus",
	"simple majority",
	"absolute majority",
	"two-thirds majority",
	"at least 2/3 of members",
	"three-quarters majority of members by votes",
	"more than 1/2 of votes cast by votes",
	"at least 60% of members by population",
	"at least 3 in favour",
	"qualified majority",
	"reinforced qualified majority",
	"qualified majority without M0",
	"veto by M0, M1",
	"veto by weight permanent",
	"veto by M1, abstention blocks",
	"security council substantive",
	"at least 2/3 of members by votes and at least 1/2 of members by population",
	"at least 3 in favour and veto by M0",
	"apache code change",
	"apache release",
	"lazy consensus until 2020-01-03T12:00Z",
	"silence until 2020-01-05T00:00Z",
	"silence until 2020-01-03T12:00Z",
};
#define NRULES	(sizeof(rules) / sizeof(rules[0]))

/* An organisation of n members with random weights, a text proposal p
 * under rule, and random positions. */
static as_state *
random_org(size_t n, const char *rule)
{
	static const char *const stances[] = {
		"support", "object", "abstain", NULL
	};
	as_state *st = as_state_new();
	char buf[512];

	apply(st, "2020-01-01", "org.create", "{\"id\":\"o\",\"name\":\"O\"}");
	for (size_t i = 0; i < n; i++) {
		snprintf(buf, sizeof(buf), "{\"org\":\"o\",\"code\":\"M%zu\","
		    "\"name\":\"M%zu\",\"weights\":{\"votes\":%u,\"population\":"
		    "%u,\"permanent\":%u}}", i, i, rnd(10), 1 + rnd(1000),
		    i < 3 ? 1 : 0);
		apply(st, "2020-01-01", "member.join", buf);
	}
	snprintf(buf, sizeof(buf), "{\"id\":\"p\",\"org\":\"o\",\"kind\":\"text\","
	    "\"title\":\"P\",\"rule\":\"%s\"}", rule);
	apply(st, "2020-01-02", "proposal.open", buf);
	for (size_t i = 0; i < n; i++) {
		const char *s = stances[rnd(4)];
		if (s == NULL)
			continue;	/* no position */
		snprintf(buf, sizeof(buf), "{\"proposal\":\"p\",\"member\":"
		    "\"M%zu\",\"position\":\"%s\",\"source\":\"s\"%s}", i, s,
		    rnd(2) ? ",\"reason\":\"a technical reason\"" : "");
		apply(st, "2020-01-03", "position.declare", buf);
	}
	return st;
}

/* What the enumeration works on. */
typedef struct game {
	const as_rule	*rule;
	as_ballot	*b, *keep;
	size_t		 n;
	as_rule_ctx	 ctx;
} game;

/* Sets ballot i to stance s as if declared now (as the analysis does). */
static void
declare(game *g, size_t i, as_stance s)
{
	as_ballot_declare(&g->b[i], s, g->ctx.now);
}

static as_outcome
eval(game *g)
{
	as_verdict v;
	as_outcome o;

	if (as_rule_eval(g->rule, g->b, g->n, &g->ctx, &v) != 0) {
		fprintf(stderr, "out of memory\n");
		exit(2);
	}
	o = v.outcome;
	as_verdict_clear(&v);
	return o;
}

/* Whether the members of mask (bits of ballot indices) all supporting
 * carry it. */
static int
wins(game *g, unsigned mask)
{
	int h;

	for (size_t i = 0; i < g->n; i++)
		if (mask >> i & 1)
			declare(g, i, AS_SUPPORT);
	h = eval(g) == AS_OUT_ADOPTED;
	memcpy(g->b, g->keep, g->n * sizeof(*g->b));
	return h;
}

/* The set of codes listed, as a mask of ballot indices. */
static unsigned
mask_of(const game *g, const json_t *codes)
{
	unsigned m = 0;
	size_t i, k;
	json_t *c;

	json_array_foreach(codes, i, c)
		for (k = 0; k < g->n; k++)
			if (strcmp(g->b[k].code, json_string_value(c)) == 0)
				m |= 1u << k;
	return m;
}

static int
popcount(unsigned m)
{
	return __builtin_popcount(m);
}

/* The pivotal members as the analysis defines them, worked out anew. */
static json_t *
pivotal_by_hand(game *g, int now_holds)
{
	static const as_stance away[] = { AS_OBJECT, AS_ABSTAIN, AS_NONE };
	json_t *out = json_array();

	for (size_t i = 0; i < g->n; i++) {
		const as_stance *tries = now_holds ? away :
		    (const as_stance[]){ AS_SUPPORT };
		for (size_t k = 0; k < (now_holds ? 3u : 1u); k++) {
			if (tries[k] == g->keep[i].stance)
				continue;
			declare(g, i, tries[k]);
			as_outcome o = eval(g);
			memcpy(g->b, g->keep, g->n * sizeof(*g->b));
			if ((o == AS_OUT_ADOPTED) != now_holds) {
				json_array_append_new(out, json_pack(
				    "{s:s,s:s,s:s,s:s}", "member", g->b[i].code,
				    "stance", as_stance_name(g->b[i].stance),
				    "change_to", as_stance_name(tries[k]),
				    "outcome", as_outcome_name(o)));
				break;
			}
		}
	}
	return out;
}

/* One random game: the analysis against the enumeration. */
static void
one_game(size_t n, const char *rule)
{
	as_state *st = random_org(n, rule);
	const as_proposal *p = as_state_proposal(st, "p");
	int64_t t = at("2020-01-04");
	size_t *idx, nlisted, i;
	unsigned cand = 0, mask, listed[1024];
	int smallest = -1, failed = check_failed;
	json_t *a, *sets, *s, *piv;
	game g;

	memset(&g, 0, sizeof(g));
	g.rule = as_proposal_rule(st, p);
	g.ctx.now = t;
	g.ctx.deciding = 1;	/* as the analysis: a decision taken now */
	if (as_proposal_ballots(st, p, NULL, t, AS_BASIS_DEFAULT, &g.b, &idx,
	    &g.n) != 0)
		exit(2);
	g.keep = malloc(g.n * sizeof(*g.keep) + 1);
	memcpy(g.keep, g.b, g.n * sizeof(*g.b));
	for (i = 0; i < g.n; i++)
		if (g.b[i].stance != AS_SUPPORT)
			cand |= 1u << i;
	a = as_analyse(st, "p", NULL, "2020-01-04", t, AS_BASIS_DEFAULT, NULL,
	    0, AS_ANALYSE_LIMIT_MAX, NULL, err);
	CHECK(a != NULL);
	if (a == NULL)
		goto out;
	CHECK(json_is_null(json_object_get(a, "cut_off")));
	piv = pivotal_by_hand(&g, eval(&g) == AS_OUT_ADOPTED);
	CHECK(json_equal(piv, json_object_get(a, "pivotal")));
	json_decref(piv);
	sets = json_object_get(json_object_get(a, "minimal_sets"), "sets");
	CHECK(json_is_true(json_object_get(json_object_get(a, "minimal_sets"),
	    "complete")));
	nlisted = json_array_size(sets);
	json_array_foreach(sets, i, s) {
		listed[i] = mask_of(&g, s);
		/* Smallest first. */
		CHECK(i == 0 || popcount(listed[i]) >= popcount(listed[i - 1]));
	}
	/* Every minimal winning set of the candidates is listed, and
	 * nothing else. Already carried: the empty set alone. Not adopted
	 * (silence broken, a -1 at the end of a lazy consensus): none, as
	 * documented, whatever a change of mind could do. */
	size_t nminimal = 0;
	if (eval(&g) == AS_OUT_REJECTED)
		cand = 0;
	for (mask = 0; mask <= cand && cand != 0; mask++) {
		if ((mask & ~cand) != 0 || !wins(&g, mask))
			continue;
		int minimal = 1;
		for (i = 0; i < g.n && minimal; i++)
			if ((mask >> i & 1) && wins(&g, mask & ~(1u << i)))
				minimal = 0;
		if (!minimal)
			continue;
		nminimal++;
		if (smallest < 0 || popcount(mask) < smallest)
			smallest = popcount(mask);
		size_t k;
		for (k = 0; k < nlisted && listed[k] != mask; k++)
			;
		CHECK(k < nlisted);
	}
	if (eval(&g) == AS_OUT_REJECTED)
		CHECK(nlisted == 0);
	else if (cand != 0)
		CHECK(nlisted == nminimal);
	if (smallest >= 0) {
		json_t *ms = json_object_get(a, "minimal_sets");
		CHECK(json_integer_value(json_object_get(ms, "smallest")) ==
		    smallest);
		CHECK(json_integer_value(json_object_get(ms, "lower_bound")) <=
		    smallest);
	}
	if (check_failed != failed)
		fprintf(stderr, "  in the game of %zu members under '%s': %s\n",
		    n, rule, json_dumps(a, JSON_COMPACT));
	json_decref(a);
out:
	free(g.keep);
	free(g.b);
	free(idx);
	as_state_free(st);
}

static void
test_against_enumeration(void)
{
	for (int trial = 0; trial < 1500; trial++)
		one_game(3 + rnd(8), rules[trial % NRULES]);
}

/* A head count decides the size: the bound is the smallest set. */
static void
test_bound_exact(void)
{
	static const char *const counted[] = {
		"at least 2/3 of members", "at least 3 in favour", "unanimity",
		"consensus minus 1", "absolute majority",
	};
	for (size_t r = 0; r < sizeof(counted) / sizeof(counted[0]); r++)
		for (int trial = 0; trial < 40; trial++) {
			as_state *st = random_org(3 + rnd(20), counted[r]);
			json_t *a = as_analyse(st, "p", NULL, "2020-01-04",
			    at("2020-01-04"), AS_BASIS_DEFAULT, NULL, 0, 10,
			    NULL, err), *ms;
			CHECK(a != NULL);
			ms = json_object_get(a, "minimal_sets");
			if (json_is_integer(json_object_get(ms, "smallest")) &&
			    json_integer_value(json_object_get(ms, "smallest")) > 0)
				CHECK(json_equal(json_object_get(ms, "smallest"),
				    json_object_get(ms, "lower_bound")));
			json_decref(a);
			as_state_free(st);
		}
}

/* The caller's clock, as a counter: it runs out after `left` asks. */
static int
counter_expired(void *arg)
{
	int *left = arg;

	return (*left)-- <= 0;
}

/*
 * An organisation whose search cannot end soon: two majorities by
 * opposite weights, each reachable by half the members, both by three
 * quarters of them only; the bound (a half) is far below the smallest
 * set, and every set between is visited.
 */
static as_state *
long_search(size_t n, const char *rule, size_t supporters)
{
	as_state *st = as_state_new();
	char buf[256];

	apply(st, "2020-01-01", "org.create", "{\"id\":\"o\",\"name\":\"O\"}");
	for (size_t i = 0; i < n; i++) {
		snprintf(buf, sizeof(buf), "{\"org\":\"o\",\"code\":\"M%03zu\","
		    "\"name\":\"M\",\"weights\":{\"a\":%zu,\"b\":%zu,"
		    "\"population\":%zu}}", i, i + 1, n - i, 1000 + 37 * i % 101);
		apply(st, "2020-01-01", "member.join", buf);
	}
	snprintf(buf, sizeof(buf), "{\"id\":\"p\",\"org\":\"o\",\"kind\":"
	    "\"text\",\"title\":\"P\",\"rule\":\"%s\"}", rule);
	apply(st, "2020-01-02", "proposal.open", buf);
	for (size_t i = 0; i < supporters; i++) {
		snprintf(buf, sizeof(buf), "{\"proposal\":\"p\",\"member\":"
		    "\"M%03zu\",\"position\":\"support\",\"source\":\"s\"}", i);
		apply(st, "2020-01-03", "position.declare", buf);
	}
	return st;
}

#define LONG	"at least 75% of members by a and at least 75% of members by b"

static void
test_budget(void)
{
	as_state *st = long_search(60, LONG, 0);
	int64_t t = at("2020-01-04");
	int left = 50;
	as_analyse_budget b = { 0, 1000, counter_expired, &left, NULL };
	json_t *a, *cut;

	/* The time runs out in the search: said, and not complete. */
	a = as_analyse(st, "p", NULL, "2020-01-04", t, AS_BASIS_DEFAULT, NULL,
	    0, 10, &b, err);
	CHECK(a != NULL);
	cut = json_object_get(a, "cut_off");
	CHECK_STR(json_string_value(json_object_get(cut, "by")), "time");
	CHECK_STR(json_string_value(json_object_get(cut, "during")),
	    "minimal_sets");
	CHECK(json_is_false(json_object_get(json_object_get(a, "minimal_sets"),
	    "complete")));
	CHECK(json_integer_value(json_object_get(json_object_get(a, "budget"),
	    "time_limit_ms")) == 1000);
	/* Asked every AS_ANALYSE_CHECK_EVERY evaluations or visits. */
	CHECK(json_integer_value(json_object_get(a, "evaluations")) <=
	    51 * AS_ANALYSE_CHECK_EVERY);
	json_decref(a);

	as_state_free(st);

	/* Carried: every member's change is tried, and the time runs out
	 * there (the first ask, after AS_ANALYSE_CHECK_EVERY evaluations). */
	st = long_search(100, "at least 1 in favour", 1);
	left = 0;
	a = as_analyse(st, "p", NULL, "2020-01-04", t, AS_BASIS_DEFAULT, NULL,
	    0, 10, &b, err);
	cut = json_object_get(a, "cut_off");
	CHECK_STR(json_string_value(json_object_get(cut, "by")), "time");
	CHECK_STR(json_string_value(json_object_get(cut, "during")), "pivotal");
	CHECK(json_integer_value(json_object_get(a, "evaluations")) ==
	    AS_ANALYSE_CHECK_EVERY);
	json_decref(a);
	as_state_free(st);
	st = long_search(100, LONG, 0);

	/* The evaluations run out first. */
	as_analyse_budget e = { 500, 0, NULL, NULL, NULL };
	a = as_analyse(st, "p", NULL, "2020-01-04", t, AS_BASIS_DEFAULT, NULL,
	    0, 10, &e, err);
	cut = json_object_get(a, "cut_off");
	CHECK_STR(json_string_value(json_object_get(cut, "by")), "evaluations");
	CHECK(json_integer_value(json_object_get(a, "evaluations")) <= 501);
	CHECK(json_integer_value(json_object_get(json_object_get(a, "budget"),
	    "evaluations")) == 500);
	CHECK(json_is_null(json_object_get(json_object_get(a, "budget"),
	    "time_limit_ms")));
	json_decref(a);
	as_state_free(st);

	/* A budget that does not run out: no cut-off. */
	st = random_org(8, "at least 2/3 of members");
	left = 1000000;
	a = as_analyse(st, "p", NULL, "2020-01-04", t, AS_BASIS_DEFAULT, NULL,
	    0, 10, &b, err);
	CHECK(json_is_null(json_object_get(a, "cut_off")));
	json_decref(a);
	as_state_free(st);
}

/*
 * Out of memory: with the Nth allocation failing (once, then from there
 * on), for N = 1, 2, ... until none fails, the analysis answers exactly
 * what it answers with memory, or NULL with "out of memory"; never a
 * partial answer (the sanitizers' run finds any leak).
 */
static void
test_out_of_memory(void)
{
	static const char *const oom_rules[] = {
		"at least 2/3 of members and veto by M000", "qualified majority",
		"at least 1 in favour",
	};
	/* The last rule with a what-if too, so that its part of the
	 * answer is made under failures as well. */
	static const as_whatif wi[] = { { "M001", AS_OBJECT } };
	int64_t t = at("2020-01-04");

	for (size_t r = 0; r < sizeof(oom_rules) / sizeof(oom_rules[0]); r++)
		for (persistent = 0; persistent <= 1; persistent++) {
			as_state *st = long_search(8, oom_rules[r], r == 2);
			size_t nw = r == 2 ? 1 : 0;
			json_t *want = as_analyse(st, "p", NULL, "2020-01-04", t,
			    AS_BASIS_DEFAULT, wi, nw, 10, NULL, err), *got;
			int bad = 0;
			CHECK(want != NULL);
			for (long n = 1; n < 100000; n++) {
				count = 0;
				failed = 0;
				fail_at = n;
				as_error_clear(err);
				as_set_allocator(faulty_malloc, faulty_realloc);
				got = as_analyse(st, "p", NULL, "2020-01-04", t,
				    AS_BASIS_DEFAULT, wi, nw, 10, NULL, err);
				as_set_allocator(NULL, NULL);
				fail_at = 0;
				if (got == NULL ? strcmp(err->msg,
				    "out of memory") != 0 :
				    !json_equal(got, want)) {
					if (bad++ < 3)
						fprintf(stderr, "'%s' N=%ld%s: %s\n",
						    oom_rules[r], n, persistent ?
						    " on" : "", got ? json_dumps(
						    got, JSON_COMPACT) : err->msg);
				}
				json_decref(got);
				if (!failed)
					break;
			}
			CHECK(bad == 0);
			json_decref(want);
			as_state_free(st);
		}
}

int
main(void)
{
	test_against_enumeration();
	test_bound_exact();
	test_budget();
	test_out_of_memory();
	return check_done();
}
