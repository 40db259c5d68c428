/* Analysis of a proposal: see analyse.h and docs/rules.md. */
#include "core/alloc.h"
#include "core/analyse.h"

#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "core/event.h"

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

/* What the analysis works on: the ballots, changed at will. */
typedef struct analysis {
	const as_rule	*rule;
	as_ballot	*b;
	size_t		 n;
	as_rule_ctx	 ctx;
	size_t		 evals;
} analysis;

/* The outcome on the ballots as they stand; -1 if out of memory. */
static int
outcome(analysis *a, as_verdict *v)
{
	a->evals++;
	return as_rule_eval(a->rule, a->b, a->n, &a->ctx, v);
}

static int
holds(analysis *a)
{
	as_verdict v;
	int h;

	if (outcome(a, &v) != 0)
		return -1;
	h = v.holds;
	as_verdict_clear(&v);
	return h;
}

/* Sets ballot i to stance s as a member would by declaring it now: an
 * objection made now breaks silence now; nothing undoes an earlier one. */
static void
set_stance(analysis *a, size_t i, as_stance s)
{
	a->b[i].stance = s;
	a->b[i].since = a->ctx.now;
	if (s == AS_OBJECT && a->b[i].broke > a->ctx.now)
		a->b[i].broke = a->ctx.now;
}

/* Members whose change alone flips adopted and not. */
static json_t *
pivotal(analysis *a, int now_holds)
{
	static const as_stance away[] = { AS_OBJECT, AS_ABSTAIN, AS_NONE };
	json_t *out = json_array();

	for (size_t i = 0; i < a->n && out != NULL; i++) {
		as_ballot keep = a->b[i];
		const as_stance *tries = now_holds ? away :
		    (const as_stance[]){ AS_SUPPORT };
		size_t ntries = now_holds ? 3 : 1;
		for (size_t k = 0; k < ntries; k++) {
			if (tries[k] == keep.stance)
				continue;
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

/* Whether the ballots idx[0..k) all supporting would carry it: 1, 0, or
 * -1 out of memory. The ballots are restored. */
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

/* Whether the set marked in `in` contains one of the sets found. */
static int
contains_found(const unsigned char *in, size_t *const *found,
    const size_t *nfound, size_t nsets)
{
	for (size_t s = 0; s < nsets; s++) {
		size_t i = 0;
		while (i < nfound[s] && in[found[s][i]])
			i++;
		if (i == nfound[s])
			return 1;
	}
	return 0;
}

/*
 * The minimal sets of members not yet supporting whose support would
 * carry it, smallest first, at most limit of them, within the budget.
 * Members whose support is necessary (all the others together cannot
 * carry it) are in every such set, so only the others are combined.
 * Adds "sets", "smallest", "searched_up_to" and "complete" to out.
 */
static int
minimal_sets(analysis *a, size_t limit, json_t *out)
{
	size_t n = a->n, m = 0, nnec = 0, nopt = 0, nsets = 0, searched = 0,
	    visits = 0;
	size_t *cand = as_calloc(n + 1, sizeof(*cand)),
	    *set = as_calloc(n + 1, sizeof(*set)),
	    *opt = as_calloc(n + 1, sizeof(*opt)),
	    *pick = as_calloc(n + 1, sizeof(*pick)),
	    **found = as_calloc(limit + 1, sizeof(*found)),
	    *nfound = as_calloc(limit + 1, sizeof(*nfound));
	unsigned char *in = as_calloc(n + 1, 1);
	json_t *sets = json_array();
	int rc = -1, h, budget_out = 0, complete = 0;

	if (cand == NULL || set == NULL || opt == NULL || pick == NULL ||
	    found == NULL || nfound == NULL || in == NULL || sets == NULL)
		goto done;
	for (size_t i = 0; i < n; i++)
		if (a->b[i].stance != AS_SUPPORT)
			cand[m++] = i;
	/* If all of them together cannot carry it, no set can. */
	if ((h = carried_by(a, cand, m)) < 0)
		goto done;
	if (!h) {
		complete = 1;
		searched = m;
		goto answer;
	}
	/* The necessary members first, then the optional ones. */
	for (size_t j = 0; j < m; j++) {
		size_t c = cand[j];
		cand[j] = cand[m - 1];
		h = carried_by(a, cand, m - 1);
		cand[m - 1] = cand[j];
		cand[j] = c;
		if (h < 0)
			goto done;
		if (!h)
			set[nnec++] = c;
		else
			opt[nopt++] = c;
	}
	for (size_t i = 0; i < nnec; i++)
		in[set[i]] = 1;
	for (size_t k = 0; k <= nopt && nsets < limit && !budget_out; k++) {
		/* Every k-subset of the optional members, in order. */
		for (size_t i = 0; i < k; i++)
			pick[i] = i;
		for (;;) {
			for (size_t i = 0; i < k; i++) {
				set[nnec + i] = opt[pick[i]];
				in[opt[pick[i]]] = 1;
			}
			if (!contains_found(in, found, nfound, nsets)) {
				if ((h = carried_by(a, set, nnec + k)) < 0)
					goto done;
				if (h) {
					json_t *codes = json_array();
					if ((found[nsets] = as_calloc(nnec + k + 1,
					    sizeof(**found))) == NULL)
						goto done;
					memcpy(found[nsets], set, (nnec + k) *
					    sizeof(*set));
					nfound[nsets++] = nnec + k;
					for (size_t i = 0; i < nnec + k; i++)
						json_array_append_new(codes,
						    json_string(a->b[set[i]].code));
					json_array_append_new(sets, codes);
				}
			}
			for (size_t i = 0; i < k; i++)
				in[opt[pick[i]]] = 0;
			if (nsets == limit)
				break;
			/* Sets skipped for containing one found cost a
			 * visit each: they count against the budget too. */
			if (a->evals >= AS_ANALYSE_BUDGET ||
			    ++visits >= AS_ANALYSE_BUDGET) {
				budget_out = 1;
				break;
			}
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
		if (!budget_out && nsets < limit)
			searched = nnec + k;
		/* When the necessary members alone carry it, or each
		 * optional member with them does, every larger set holds one
		 * of those sets: the search is done. */
		if (!budget_out && ((k == 0 && nsets == 1) ||
		    (k == 1 && nsets == nopt))) {
			searched = m;
			break;
		}
	}
	complete = searched == m && nsets < limit;
answer:
	json_object_set_new(out, "sets", sets);
	sets = NULL;
	json_object_set_new(out, "smallest", nsets ? json_integer((json_int_t)
	    nfound[0]) : json_null());
	json_object_set_new(out, "searched_up_to", json_integer(
	    (json_int_t)searched));
	json_object_set_new(out, "complete", json_boolean(complete));
	rc = 0;
done:
	json_decref(sets);
	for (size_t i = 0; found != NULL && i < nsets; i++)
		free(found[i]);
	free(found);
	free(nfound);
	free(pick);
	free(opt);
	free(set);
	free(in);
	free(cand);
	return rc;
}

/* The option analysed: the candidate named, or the only one standing. */
static int
option(const as_proposal *p, const char *candidate, const char **cand,
    char *err)
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
		    "one with --candidate", p->id, standing);
	return 0;
}

json_t *
as_analyse(const as_state *st, const char *id, const char *candidate,
    const char *as_of, int64_t t, as_basis basis, const as_whatif *w,
    size_t nw, size_t limit, char *err)
{
	const as_proposal *p = as_state_proposal(st, id);
	const char *cand;
	size_t *idx = NULL;
	analysis a;
	as_verdict v;
	json_t *out = NULL, *wi, *members, *piv, *sets;

	memset(&a, 0, sizeof(a));
	memset(&v, 0, sizeof(v));
	if (p == NULL) {
		as_err(err, "analyse: unknown proposal '%s' as of %s", id, as_of);
		return NULL;
	}
	if (option(p, candidate, &cand, err) != 0)
		return NULL;
	a.rule = as_proposal_rule(st, p);
	a.ctx.now = t;
	if (as_proposal_ballots(st, p, cand, t, basis, &a.b, &idx, &a.n) != 0) {
		as_err(err, "out of memory");
		return NULL;
	}
	wi = json_array();
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
			    "as of %s", w[k].code, st->orgs[p->org].id, as_of);
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
	members = json_array();
	for (size_t i = 0; i < a.n; i++)
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
	if ((piv = pivotal(&a, v.holds)) == NULL)
		goto oom;
	json_object_set_new(out, "pivotal", piv);
	sets = json_pack("{s:I}", "limit", (json_int_t)limit);
	json_object_set_new(out, "minimal_sets", sets);
	if (v.outcome == AS_OUT_ADOPTED) {
		json_object_update_new(sets, json_pack("{s:[[]],s:i,s:i,s:b,s:s}",
		    "sets", "smallest", 0, "searched_up_to", 0, "complete", 1,
		    "note", "already carried by the members who support it"));
	} else if (v.outcome == AS_OUT_REJECTED) {
		json_object_update_new(sets, json_pack("{s:[],s:n,s:i,s:b,s:s}",
		    "sets", "smallest", "searched_up_to", 0, "complete", 1,
		    "note", "not adopted, and no support can change that"));
	} else if (minimal_sets(&a, limit, sets) != 0) {
		goto oom;
	}
	json_object_set_new(out, "evaluations", json_integer((json_int_t)a.evals));
	goto done;
oom:
	as_err(err, "out of memory");
	json_decref(out);
	out = NULL;
done:
	as_verdict_clear(&v);
	free(a.b);
	free(idx);
	return out;
}
