/* Analysis of a proposal: see analyse.h and docs/rules.md. */
#include "core/alloc.h"
#include "core/analyse.h"

#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "core/event.h"
#include "core/view.h"

int
as_stance_parse(const char *text, as_stance *s)
{
	static const as_stance values[] = {
		AS_SUPPORT, AS_OBJECT, AS_ABSTAIN, AS_NONE
	};

	for (size_t i = 0; i < sizeof(values) / sizeof(values[0]); i++)
		if (strcmp(text, as_stance_name(values[i])) == 0) {
			*s = values[i];
			return 0;
		}
	return -1;
}

/* Why an analysis stopped before its end. */
enum { CUT_NONE, CUT_EVALUATIONS, CUT_TIME };

/* What the analysis works on: the ballots, changed at will, and what it
 * may still spend. */
typedef struct analysis {
	const as_rule	*rule;
	as_ballot	*b;
	size_t		 n;
	as_rule_ctx	 ctx;
	size_t		 evals;		/* rule evaluations made */
	size_t		 visits;	/* sets visited in the search */
	size_t		 max;		/* of either */
	size_t		 ticks;		/* both, for the clock */
	int		 cut;		/* CUT_*: why it stopped */
	const char	*during;	/* the part it stopped in */
	const as_analyse_budget *budget;
} analysis;

/* The outcome on the ballots as they stand; -1 if out of memory. */
static int
outcome(analysis *a, as_verdict *v)
{
	a->evals++;
	a->ticks++;
	return as_rule_eval(a->rule, a->b, a->n, &a->ctx, v);
}

/* Whether the budget is spent, before one more evaluation or visit: 1
 * (with a->cut set, for good), or 0. */
static int
spent(analysis *a)
{
	if (a->cut == CUT_NONE && (a->evals >= a->max || a->visits >= a->max))
		a->cut = CUT_EVALUATIONS;
	if (a->cut == CUT_NONE && a->budget != NULL &&
	    a->budget->expired != NULL &&
	    a->ticks % AS_ANALYSE_CHECK_EVERY == 0 &&
	    a->budget->expired(a->budget->arg))
		a->cut = CUT_TIME;
	return a->cut != CUT_NONE;
}

/* Whether it holds: 1, 0, -1 out of memory, or 2 when the budget is
 * spent (nothing evaluated). */
static int
holds(analysis *a)
{
	as_verdict v;
	int h;

	if (spent(a))
		return 2;
	if (outcome(a, &v) != 0)
		return -1;
	h = v.holds;
	as_verdict_clear(&v);
	return h;
}

/* Sets ballot i to stance s as a member would by declaring it now. */
static void
set_stance(analysis *a, size_t i, as_stance s)
{
	as_ballot_declare(&a->b[i], s, a->ctx.now);
}

/* Members whose change alone flips adopted and not, until the budget is
 * spent (a->cut then says so); NULL out of memory. When it does not hold
 * and the bound (need) says no one member's support can carry it, none. */
static json_t *
pivotal(analysis *a, int now_holds, const as_need *need)
{
	static const as_stance away[] = { AS_OBJECT, AS_ABSTAIN, AS_NONE };
	json_t *out = json_array();

	a->during = "pivotal";
	if (!now_holds && need->lower >= 2)
		return out;
	for (size_t i = 0; i < a->n && out != NULL; i++) {
		as_ballot keep = a->b[i];
		const as_stance *tries = now_holds ? away :
		    (const as_stance[]){ AS_SUPPORT };
		size_t ntries = now_holds ? 3 : 1;
		for (size_t k = 0; k < ntries; k++) {
			if (tries[k] == keep.stance)
				continue;
			if (spent(a))
				return out;
			set_stance(a, i, tries[k]);
			as_verdict v;
			if (outcome(a, &v) != 0) {
				json_decref(out);
				out = NULL;
				break;
			}
			a->b[i] = keep;
			if (v.holds != now_holds) {
				json_array_append_new(out, json_pack(
				    "{s:s,s:s,s:s,s:s}", "member", keep.code,
				    "stance", as_stance_name(keep.stance),
				    "change_to", as_stance_name(tries[k]),
				    "outcome", as_outcome_name(v.outcome)));
				as_verdict_clear(&v);
				break;
			}
			as_verdict_clear(&v);
		}
		a->b[i] = keep;
	}
	return out;
}

/* Whether the ballots idx[0..k) all supporting would carry it: as holds()
 * (1, 0, -1 out of memory, 2 budget spent). The ballots are restored. */
static int
carried_by(analysis *a, const size_t *idx, size_t k)
{
	as_ballot *keep = as_calloc(k + 1, sizeof(*keep));
	int h;

	if (keep == NULL)
		return -1;
	for (size_t i = 0; i < k; i++) {
		keep[i] = a->b[idx[i]];
		set_stance(a, idx[i], AS_SUPPORT);
	}
	h = holds(a);
	for (size_t i = 0; i < k; i++)
		a->b[idx[i]] = keep[i];
	free(keep);
	return h;
}

/* A set found: its members' ballot indices, the necessary ones first,
 * then the others in the members' order. */
typedef struct found_set {
	size_t	*m;
	size_t	 n;
} found_set;

/* Whether the set marked in `in` contains one of the sets found. */
static int
contains_found(const unsigned char *in, const found_set *found,
    size_t nsets)
{
	for (size_t s = 0; s < nsets; s++) {
		size_t i = 0;
		while (i < found[s].n && in[found[s].m[i]])
			i++;
		if (i == found[s].n)
			return 1;
	}
	return 0;
}

/* A member in the order of the search: the heaviest key first, then the
 * members' order. */
typedef struct keyed {
	uint64_t key;
	size_t	 i;
} keyed;

static int
cmp_heavier(const void *x, const void *y)
{
	const keyed *p = x, *q = y;

	if (p->key != q->key)
		return p->key > q->key ? -1 : 1;
	return p->i < q->i ? -1 : p->i > q->i;
}

static int
cmp_index(const void *x, const void *y)
{
	size_t i = *(const size_t *)x, j = *(const size_t *)y;

	return i < j ? -1 : i > j;
}

/* The order of the answer: smaller sets first, then by their members in
 * the members' order. */
static int
cmp_sets(const void *x, const void *y)
{
	const found_set *s = x, *t = y;

	if (s->n != t->n)
		return s->n < t->n ? -1 : 1;
	for (size_t i = 0; i < s->n; i++)
		if (s->m[i] != t->m[i])
			return s->m[i] < t->m[i] ? -1 : 1;
	return 0;
}

/*
 * Sorts the candidates cand[lo..hi) into the necessary ones (appended to
 * nec) and the others (to opt), in their order, on ballots where every
 * candidate is in favour (keep holds their own stances). A block whose
 * members all going back to their own stances still leaves it carried
 * holds no necessary member (each of them can be spared, the others
 * staying); else it is split in two. A few necessary members among many
 * cost a few evaluations per level, not one per member. Returns 0, -1
 * out of memory, or 2 when the budget is spent.
 */
static int
necessary(analysis *a, const as_ballot *keep, const size_t *cand, size_t lo,
    size_t hi, size_t *nec, size_t *nnec, size_t *opt, size_t *nopt)
{
	size_t mid;
	int h;

	for (size_t i = lo; i < hi; i++)
		a->b[cand[i]] = keep[cand[i]];
	h = holds(a);
	for (size_t i = lo; i < hi; i++)
		set_stance(a, cand[i], AS_SUPPORT);
	if (h != 0 && h != 1)
		return h;
	if (h == 1) {
		for (size_t i = lo; i < hi; i++)
			opt[(*nopt)++] = cand[i];
		return 0;
	}
	if (hi - lo == 1) {
		nec[(*nnec)++] = cand[lo];
		return 0;
	}
	mid = lo + (hi - lo) / 2;
	if ((h = necessary(a, keep, cand, lo, mid, nec, nnec, opt, nopt)) != 0)
		return h;
	return necessary(a, keep, cand, mid, hi, nec, nnec, opt, nopt);
}

/*
 * The minimal sets of members not yet supporting whose support would
 * carry it, smallest first, at most limit of them, within the budget.
 * Members whose support is necessary (all the others together cannot
 * carry it) are in every such set, so only the others are combined. No
 * set is smaller than the rule's bound (need), so the search
 * starts at that size, combining the others heaviest first; it is done
 * once every set of a size carries it (every larger set holds one).
 * Adds "sets", "smallest", "lower_bound", "searched_up_to" and
 * "complete" to out. 0, or -1 out of memory.
 */
static int
minimal_sets(analysis *a, as_need *need, size_t limit, json_t *out)
{
	size_t n = a->n, m = 0, nnec = 0, nopt = 0, nsets = 0, searched = 0,
	    k0 = 0, losers;
	size_t *cand = as_calloc(n + 1, sizeof(*cand)),
	    *set = as_calloc(n + 1, sizeof(*set)),
	    *opt = as_calloc(n + 1, sizeof(*opt)),
	    *pick = as_calloc(n + 1, sizeof(*pick));
	found_set *found = as_calloc(limit + 1, sizeof(*found));
	keyed *byweight = as_calloc(n + 1, sizeof(*byweight));
	as_ballot *keep = as_calloc(n + 1, sizeof(*keep));
	unsigned char *in = as_calloc(n + 1, 1);
	json_t *sets = json_array();
	int rc = -1, h, complete = 0;

	if (cand == NULL || set == NULL || opt == NULL || pick == NULL ||
	    found == NULL || byweight == NULL || keep == NULL || in == NULL ||
	    sets == NULL)
		goto done;
	if (a->cut == CUT_NONE)
		a->during = "minimal_sets";
	for (size_t i = 0; i < n; i++)
		if (a->b[i].stance != AS_SUPPORT)
			cand[m++] = i;
	if (need->lower > m)
		need->lower = m;
	/* No set smaller than the bound carries it: listed, vacuously. */
	searched = need->lower > 0 ? need->lower - 1 : 0;
	/* If all of them together cannot carry it, no set can. Then those
	 * without whom it fails, the others in favour, are necessary: all
	 * of them when the bound is their number. */
	memcpy(keep, a->b, n * sizeof(*keep));
	for (size_t j = 0; j < m; j++)
		set_stance(a, cand[j], AS_SUPPORT);
	if ((h = holds(a)) < 0)
		goto done;
	if (h == 0) {
		complete = 1;
		searched = m;
	} else if (h == 1 && need->lower == m) {
		memcpy(set, cand, m * sizeof(*cand));
		nnec = m;
	} else if (h == 1) {
		if ((h = necessary(a, keep, cand, 0, m, set, &nnec, opt,
		    &nopt)) < 0)
			goto done;
		if (h == 0)
			h = 1;
	}
	memcpy(a->b, keep, n * sizeof(*keep));
	if (h != 1)
		goto answer;
	for (size_t i = 0; i < nnec; i++)
		in[set[i]] = 1;
	for (size_t i = 0; i < nopt; i++)
		byweight[i] = (keyed){ need->key[opt[i]], opt[i] };
	qsort(byweight, nopt, sizeof(*byweight), cmp_heavier);
	for (size_t i = 0; i < nopt; i++)
		opt[i] = byweight[i].i;
	if (need->lower > nnec)
		k0 = need->lower - nnec;
	for (size_t k = k0; k <= nopt && nsets < limit && !a->cut; k++) {
		/* Every k-subset of the optional members, in order. */
		for (size_t i = 0; i < k; i++)
			pick[i] = i;
		losers = 0;
		for (;;) {
			/* Sets skipped for containing one found cost a
			 * visit each: they count against the budget too. */
			if (spent(a))
				break;
			a->visits++;
			a->ticks++;
			for (size_t i = 0; i < k; i++) {
				set[nnec + i] = opt[pick[i]];
				in[opt[pick[i]]] = 1;
			}
			if (!contains_found(in, found, nsets)) {
				if ((h = carried_by(a, set, nnec + k)) < 0)
					goto done;
				if (h == 1) {
					found_set *f = &found[nsets];
					if ((f->m = as_calloc(nnec + k + 1,
					    sizeof(*f->m))) == NULL)
						goto done;
					memcpy(f->m, set, (nnec + k) * sizeof(*set));
					qsort(f->m + nnec, k, sizeof(*set),
					    cmp_index);
					f->n = nnec + k;
					nsets++;
				} else if (h == 0) {
					losers++;
				}
			}
			for (size_t i = 0; i < k; i++)
				in[opt[pick[i]]] = 0;
			if (nsets == limit || a->cut)
				break;
			/* The next k-subset. */
			size_t i = k;
			while (i > 0 && pick[i - 1] == nopt - k + i - 1)
				i--;
			if (i == 0)
				break;
			pick[i - 1]++;
			for (size_t j = i; j < k; j++)
				pick[j] = pick[j - 1] + 1;
		}
		if (a->cut || nsets == limit)
			break;
		searched = nnec + k;
		/* Every set of this size carries it: every larger set holds
		 * one of them, so the search is done. */
		if (losers == 0) {
			searched = m;
			break;
		}
	}
	complete = searched == m && nsets < limit && !a->cut;
answer:
	qsort(found, nsets, sizeof(*found), cmp_sets);
	for (size_t s = 0; s < nsets; s++) {
		json_t *codes = json_array();
		for (size_t i = 0; i < found[s].n && codes != NULL; i++)
			json_array_append_new(codes,
			    json_string(a->b[found[s].m[i]].code));
		json_array_append_new(sets, codes);
	}
	json_object_set_new(out, "sets", sets);
	sets = NULL;
	json_object_set_new(out, "smallest", nsets ?
	    json_integer((json_int_t)found[0].n) : json_null());
	json_object_set_new(out, "lower_bound",
	    json_integer((json_int_t)need->lower));
	json_object_set_new(out, "searched_up_to",
	    json_integer((json_int_t)searched));
	json_object_set_new(out, "complete", json_boolean(complete));
	rc = 0;
done:
	json_decref(sets);
	for (size_t i = 0; found != NULL && i < nsets; i++)
		free(found[i].m);
	free(found);
	free(byweight);
	free(keep);
	free(pick);
	free(opt);
	free(set);
	free(in);
	free(cand);
	return rc;
}

/* The option analysed: the candidate named, or the only one standing;
 * else the message names the caller's way to name one (ask, or NULL). */
static int
option(const as_proposal *p, const char *candidate, const char *ask,
    const char **cand, as_error *err)
{
	const as_candidate *c;
	size_t standing = 0;

	*cand = NULL;
	if (p->kind == AS_TEXT) {
		if (candidate != NULL)
			return as_err(err, "analyse: proposal '%s' is a text and "
			    "has no candidates", p->id);
		return 0;
	}
	if (candidate != NULL) {
		if ((c = as_proposal_candidate(p, candidate)) == NULL)
			return as_err(err, "analyse: unknown candidate '%s' in %s",
			    candidate, p->id);
		*cand = c->id;
		return 0;
	}
	for (size_t i = 0; i < p->ncands; i++)
		if (p->cands[i].state != AS_WITHDRAWN) {
			standing++;
			*cand = p->cands[i].id;
		}
	if (standing != 1)
		return as_err(err, "analyse: %s has %zu candidates standing; name "
		    "one%s%s", p->id, standing, ask != NULL ? " with " : "",
		    ask != NULL ? ask : "");
	return 0;
}

/* The budget's part of an answer. */
static json_t *
budget_json(size_t max, const as_analyse_budget *budget)
{
	return json_pack("{s:I,s:o}", "evaluations", (json_int_t)max,
	    "time_limit_ms", budget != NULL && budget->time_ms > 0 ?
	    json_integer(budget->time_ms) : json_null());
}

/*
 * The analysis of an option put to a secret vote: its latest tally
 * decides it (as a decision), and names no member, so no member is
 * pivotal, no set of members can be weighed and a what-if is refused.
 */
static json_t *
tally_analysis(const as_state *st, const as_proposal *p, const char *cand,
    const as_tally *ty, const char *as_of, as_basis basis, size_t nw,
    size_t limit, size_t max, const as_analyse_budget *budget, as_error *err)
{
	as_verdict v;
	json_t *out;

	if (nw > 0) {
		as_err(err, "analyse: what-if: %s%s%s was put to a secret vote "
		    "on %s, whose tally names no member", p->id,
		    cand ? " / " : "", cand ? cand : "", ty->date);
		return NULL;
	}
	if (as_tally_eval(st, p, ty, &v) != 0) {
		as_nomem(err, NULL);
		return NULL;
	}
	out = json_pack("{s:s,s:o,s:s,s:o,s:[],s:s,s:s,s:b,s:[],s:s,"
	    "s:{s:s,s:s},s:[],s:{s:I,s:[],s:n,s:n,s:i,s:b,s:s},s:i,s:o,s:n}",
	    "proposal", p->id, "candidate", cand ? json_string(cand) :
	    json_null(), "as_of", as_of, "rule",
	    as_rule_json(as_proposal_rule(st, p)), "what_if",
	    "outcome", as_outcome_name(v.outcome), "explanation", v.why,
	    "decided", p->decided, "members", "basis", as_basis_name(basis),
	    "on_decision", "outcome", as_outcome_name(v.outcome),
	    "explanation", v.why, "pivotal", "minimal_sets",
	    "limit", (json_int_t)limit, "sets", "smallest", "lower_bound",
	    "searched_up_to", 0, "complete", 1, "note", "put to a secret vote: "
	    "its tally names no member, so no member's change can be weighed",
	    "evaluations", 1, "budget", budget_json(max, budget), "cut_off");
	as_verdict_clear(&v);
	if (out != NULL && json_object_set_new(out, "decided_on", p->decided ?
	    json_string(p->decided_date) : json_null()) != 0) {
		json_decref(out);
		out = NULL;
	}
	if (out == NULL)
		as_nomem(err, NULL);
	return out;
}

/*
 * The analysis. A part of the answer that could not be made (out of
 * memory) is left out here, unchecked: as_analyse's as_view_whole, which
 * counts every failed allocation, then answers nothing. What the work
 * itself needs (the ballots, an evaluation, the search's arrays) is
 * checked, since it cannot go on without it.
 */
static json_t *
analyse_(const as_state *st, const char *id, const char *candidate,
    const char *as_of, int64_t t, as_basis basis, const as_whatif *w,
    size_t nw, size_t limit, const as_analyse_budget *budget, as_error *err)
{
	const as_proposal *p = as_state_proposal(st, id);
	const as_tally *ty;
	const char *cand;
	size_t *idx = NULL;
	as_need need = { 0, NULL };
	analysis a;
	as_verdict v, vd;
	json_t *out = NULL, *wi, *members, *piv, *sets;

	memset(&a, 0, sizeof(a));
	memset(&v, 0, sizeof(v));
	memset(&vd, 0, sizeof(vd));
	if (p == NULL) {
		as_fail(err, AS_ENOTFOUND,
		    "analyse: unknown proposal '%s' as of %s", id, as_of);
		return NULL;
	}
	if (option(p, candidate, budget != NULL ? budget->ask_candidate : NULL,
	    &cand, err) != 0)
		return NULL;
	a.rule = as_proposal_rule(st, p);
	a.ctx.now = t;
	a.budget = budget;
	a.max = budget != NULL && budget->evaluations > 0 ?
	    budget->evaluations : AS_ANALYSE_BUDGET;
	if ((ty = as_proposal_tally(p, cand)) != NULL)
		return tally_analysis(st, p, cand, ty, as_of, basis, nw, limit,
		    a.max, budget, err);
	if (as_proposal_ballots(st, p, cand, t, basis, &a.b, &idx, &a.n) != 0) {
		as_nomem(err, NULL);
		return NULL;
	}
	if ((wi = json_array()) == NULL)
		goto oom;
	for (size_t k = 0; k < nw; k++) {
		size_t i;
		for (i = 0; i < k; i++)
			if (strcmp(w[i].code, w[k].code) == 0)
				break;
		if (i < k) {
			as_err(err, "analyse: what-if: '%s' is given twice",
			    w[k].code);
			json_decref(wi);
			goto done;
		}
		for (i = 0; i < a.n; i++)
			if (strcmp(a.b[i].code, w[k].code) == 0)
				break;
		if (i == a.n) {
			as_err(err, "analyse: what-if: '%s' is not a member of %s "
			    "as of %s", w[k].code, as_proposal_body(st, p) ?
			    as_proposal_body(st, p)->id : st->orgs[p->org].id,
			    as_of);
			json_decref(wi);
			goto done;
		}
		set_stance(&a, i, w[k].stance);
		json_array_append_new(wi, json_pack("{s:s,s:s}", "member",
		    w[k].code, "stance", as_stance_name(w[k].stance)));
	}
	if (outcome(&a, &v) != 0) {
		json_decref(wi);
		goto oom;
	}
	/* The members pivotal and the sets that carry it are those of a
	 * decision taken now: a rule that only a decision carries
	 * (consensus) is otherwise open whatever anyone says. */
	a.ctx.deciding = 1;
	if (outcome(&a, &vd) != 0) {
		json_decref(wi);
		goto oom;
	}
	members = json_array();
	for (size_t i = 0; i < a.n && members != NULL; i++)
		json_array_append_new(members, json_pack("{s:s,s:s}", "code",
		    a.b[i].code, "stance", as_stance_name(a.b[i].stance)));
	out = json_pack("{s:s,s:o,s:s,s:o,s:o,s:s,s:s,s:b,s:o}", "proposal", p->id,
	    "candidate", cand ? json_string(cand) : json_null(), "as_of", as_of,
	    "rule", as_rule_json(a.rule), "what_if", wi,
	    "outcome", as_outcome_name(v.outcome), "explanation", v.why,
	    "decided", p->decided, "members", members);
	if (out == NULL)
		goto oom;
	json_object_set_new(out, "basis", json_string(as_basis_name(basis)));
	json_object_set_new(out, "decided_on", p->decided ?
	    json_string(p->decided_date) : json_null());
	json_object_set_new(out, "on_decision", json_pack("{s:s,s:s}", "outcome",
	    as_outcome_name(vd.outcome), "explanation", vd.why));
	/* What the rule needs of the members not in favour, on the ballots
	 * with the what-ifs: a bound on any set, and the order to try. A
	 * decision taken stands whatever the stances: no one is pivotal. */
	if ((need.key = as_calloc(a.n + 1, sizeof(*need.key))) == NULL ||
	    as_rule_need(a.rule, a.b, a.n, &a.ctx, &need) != 0 ||
	    (piv = p->decided ? json_array() : pivotal(&a, vd.holds, &need)) ==
	    NULL)
		goto oom;
	json_object_set_new(out, "pivotal", piv);
	if ((sets = json_pack("{s:I}", "limit", (json_int_t)limit)) == NULL ||
	    json_object_set_new(out, "minimal_sets", sets) != 0)
		goto oom;
	if (p->decided) {
		json_object_update_new(sets, json_pack(
		    "{s:[],s:n,s:n,s:i,s:b,s:s}",
		    "sets", "smallest", "lower_bound", "searched_up_to", 0,
		    "complete", 1,
		    "note", "none needed: the proposal is decided"));
	} else if (vd.outcome == AS_OUT_ADOPTED) {
		json_object_update_new(sets, json_pack(
		    "{s:[[]],s:i,s:i,s:i,s:b,s:s}",
		    "sets", "smallest", 0, "lower_bound", 0, "searched_up_to", 0,
		    "complete", 1,
		    "note", v.outcome == AS_OUT_ADOPTED ?
		    "already carried by the members who support it" :
		    "no formal objection: a decision taken now adopts it"));
	} else if (vd.outcome == AS_OUT_REJECTED) {
		json_object_update_new(sets, json_pack(
		    "{s:[],s:n,s:n,s:i,s:b,s:s}",
		    "sets", "smallest", "lower_bound", "searched_up_to", 0,
		    "complete", 1,
		    "note", "not adopted, and no support can change that"));
	} else if (minimal_sets(&a, &need, limit, sets) != 0) {
		goto oom;
	}
	json_object_set_new(out, "evaluations",
	    json_integer((json_int_t)a.evals));
	json_object_set_new(out, "budget", budget_json(a.max, budget));
	json_object_set_new(out, "cut_off", a.cut == CUT_NONE ? json_null() :
	    json_pack("{s:s,s:s}", "by", a.cut == CUT_TIME ? "time" :
	    "evaluations", "during", a.during));
	goto done;
oom:
	as_nomem(err, NULL);
	json_decref(out);
	out = NULL;
done:
	as_verdict_clear(&v);
	as_verdict_clear(&vd);
	free(need.key);
	free(a.b);
	free(idx);
	return out;
}

/* Whole or nothing, as every view (as_view_whole). */
json_t *
as_analyse(const as_state *st, const char *id, const char *candidate,
    const char *as_of, int64_t t, as_basis basis, const as_whatif *w,
    size_t nw, size_t limit, const as_analyse_budget *budget, as_error *err)
{
	unsigned long m = as_alloc_misses();

	as_error_clear(err);
	return as_view_whole(analyse_(st, id, candidate, as_of, t, basis, w,
	    nw, limit, budget, err), m, err);
}
