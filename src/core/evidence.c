/*
 * The evidence of a member's position: its declaration (the secretariat's
 * record or its delegation's), and the reports of it, weighed by the
 * kind of their source (source.h), on either basis. See state.h,
 * as_member_evidence, and docs/events.md, "Reported and confirmed".
 */
#include "core/state.h"

#include <string.h>

static const as_ranking *
ranking(const as_state *st, const char *org)
{
	for (size_t i = 0; org != NULL && i < st->nrankings; i++)
		if (strcmp(st->rankings[i].org, org) == 0)
			return &st->rankings[i];
	return NULL;
}

double
as_kind_weight(const as_state *st, const char *org, int k)
{
	const as_ranking *r = ranking(st, org);

	return r != NULL ? r->weight[k] : as_source_kinds[k].weight;
}

int
as_kind_level(const as_state *st, const char *org, int k)
{
	double w = as_kind_weight(st, org, k), seen[AS_SOURCE_KINDS];
	int level = 0, nseen = 0;

	/* The distinct weights heavier than w. */
	for (int j = 0; j < AS_SOURCE_KINDS; j++) {
		double v = as_kind_weight(st, org, j);
		int dup = 0;
		if (v <= w)
			continue;
		for (int i = 0; i < nseen; i++)
			dup |= seen[i] == v;
		if (!dup) {
			seen[nseen++] = v;
			level++;
		}
	}
	return level;
}

/* One item of evidence: the declaration (r NULL) or a report. */
typedef struct item {
	const as_report	*r;
	const as_position *decl;	/* the declaration, if r is NULL */
	int64_t		 when;
	size_t		 order;		/* declarations first, then the reports */
	double		 weight;
	int		 level;
	as_stance	 stance;
	const char	*candidate;
} item;

/* Whether b comes after a in the history (a declaration before a report
 * at one instant, reports in their order). */
static int
after(const item *a, const item *b)
{
	return b->when > a->when || (b->when == a->when && b->order > a->order);
}

/* Whether two items disagree: different stances on one subject (the
 * same candidate, or the proposal as a whole, which speaks of every
 * candidate). Stances on two different candidates never do. */
static int
disagree(const item *a, const item *b)
{
	if (a->candidate != NULL && b->candidate != NULL &&
	    strcmp(a->candidate, b->candidate) != 0)
		return 0;
	return a->stance != b->stance;
}

/* Whether an item naming candidate c (or none) speaks of candidate (NULL:
 * every one). */
static int
speaks_of(const char *c, const char *candidate)
{
	return candidate == NULL || c == NULL || strcmp(c, candidate) == 0;
}

/*
 * The items of the member mi that speak of candidate (NULL: of every
 * one): its declarations (on the proposal as a whole, then on each
 * candidate), then its reports in order. Returns how many (at most n); a
 * declaration weighs as an official record. At one instant a declaration
 * on a candidate comes after the one on the whole proposal, which would
 * have replaced it otherwise (fold.c).
 */
static size_t
items_of(const as_state *st, const as_proposal *p, size_t mi,
    const char *candidate, item *v, size_t n)
{
	const char *org = st->orgs[p->org].id;
	const char *code = st->orgs[p->org].members[mi].code;
	const as_position *decl;
	size_t k = 0, order = 0;

	for (size_t c = 0; c <= p->ncands; c++, order++) {
		decl = c == 0 ? (mi < p->npositions ? &p->positions[mi] : NULL) :
		    (mi < p->cands[c - 1].npositions ?
		    &p->cands[c - 1].positions[mi] : NULL);
		if (decl == NULL || decl->data == NULL || k >= n ||
		    !speaks_of(decl->candidate, candidate))
			continue;
		v[k++] = (item){ NULL, decl, decl->when, order,
		    as_kind_weight(st, org, 0), as_kind_level(st, org, 0),
		    decl->stance, decl->candidate };
	}
	for (size_t i = 0; i < p->nreports && k < n; i++, order++) {
		const as_report *r = &p->reports[i];
		int kind = st->sources[r->source].kind;
		if (strcmp(r->member, code) != 0 ||
		    !speaks_of(r->candidate, candidate))
			continue;
		v[k++] = (item){ r, NULL, r->when, order,
		    as_kind_weight(st, org, kind), as_kind_level(st, org, kind),
		    r->stance, r->candidate };
	}
	return k;
}

static int
confirmed(const item *x)
{
	return x->r == NULL || x->r->confirms;
}

/*
 * What the reported basis weighs: the member's own acts replace each
 * other in time, so only the latest of them (its confirmed position)
 * is weighed against the other reports. Keeps those items of v (in
 * order) and returns how many.
 */
static size_t
weighed(item *v, size_t n)
{
	size_t k = 0, last = (size_t)-1;

	for (size_t i = 0; i < n; i++)
		if (confirmed(&v[i]) && (last == (size_t)-1 ||
		    after(&v[last], &v[i])))
			last = i;
	for (size_t i = 0; i < n; i++)
		if (!confirmed(&v[i]) || i == last)
			v[k++] = v[i];
	return k;
}

/* Whether item i stands: no later item weighs at least as much. */
static int
stands(const item *v, size_t n, size_t i)
{
	for (size_t j = 0; j < n; j++)
		if (j != i && v[j].when > v[i].when && v[j].weight >= v[i].weight)
			return 0;
	return 1;
}

/* Whether standing item i disagrees with another standing item of a
 * similar weight (levels at most one apart). */
static int
in_conflict(const item *v, size_t n, size_t i)
{
	for (size_t j = 0; j < n; j++)
		if (j != i && stands(v, n, j) && disagree(&v[i], &v[j]) &&
		    (v[i].level - v[j].level <= 1 && v[j].level - v[i].level <= 1))
			return 1;
	return 0;
}

/* The items of a member: on the stack when few, which they nearly always
 * are; beyond, the first ITEMS_MAX count (an organisation does not
 * publish hundreds of reports of one member on one proposal). */
#define ITEMS_MAX	256

int64_t
as_member_broke(const as_proposal *p, size_t mi)
{
	int64_t broke = mi < p->npositions ? p->positions[mi].broke :
	    AS_TIME_NEVER;

	for (size_t c = 0; c < p->ncands; c++)
		if (mi < p->cands[c].npositions &&
		    p->cands[c].positions[mi].broke < broke)
			broke = p->cands[c].positions[mi].broke;
	return broke;
}

/* A report as a position, for the rule and the views. */
static void
report_position(const as_state *st, const as_report *r, as_position *pos)
{
	pos->data = r->data;
	pos->position = r->position;
	pos->candidate = r->candidate;
	pos->source = r->note != NULL ? r->note : st->sources[r->source].title;
	pos->stance = r->stance;
	pos->when = r->when;
	memcpy(pos->date, r->date, sizeof(pos->date));
}

/*
 * The evidence on one subject (items of v[0..n), the member's that speak
 * of one candidate, or of every one): fills e but for the member's break
 * of silence.
 */
static void
evidence_of(const as_state *st, item *v, size_t n, as_basis basis,
    as_evidence *e)
{
	size_t i, best = (size_t)-1;

	for (i = 0; i < n; i++)
		if (v[i].r != NULL)
			e->latest = v[i].r;
	/* The confirmed position (the latest own act), and the reports
	 * weighed against it. */
	n = weighed(v, n);
	for (i = 0; i < n; i++) {
		int up = stands(v, n, i);
		if (up && in_conflict(v, n, i))
			e->conflict = 1;
		if (basis == AS_BASIS_CONFIRMED) {
			if (confirmed(&v[i]))
				best = i;
		} else if (up && (best == (size_t)-1 || v[i].weight >
		    v[best].weight || (v[i].weight == v[best].weight &&
		    after(&v[best], &v[i])))) {
			best = i;
		}
	}
	if (best == (size_t)-1)
		return;
	if (v[best].r == NULL) {
		e->pos = *v[best].decl;
		e->confirmed = 1;
	} else {
		report_position(st, v[best].r, &e->pos);
		e->report = v[best].r;
		e->confirmed = v[best].r->confirms;
	}
}

void
as_member_evidence(const as_state *st, const as_proposal *p, size_t mi,
    const char *candidate, as_basis basis, as_evidence *e)
{
	item v[ITEMS_MAX];
	as_evidence one;

	memset(e, 0, sizeof(*e));
	evidence_of(st, v, items_of(st, p, mi, candidate, v, ITEMS_MAX), basis,
	    e);
	/* On every candidate, a conflict is one on some candidate (reports
	 * on two candidates do not disagree, but a later one on another
	 * candidate must not hide it). */
	for (size_t c = 0; candidate == NULL && c < p->ncands; c++) {
		memset(&one, 0, sizeof(one));
		evidence_of(st, v, items_of(st, p, mi, p->cands[c].id, v,
		    ITEMS_MAX), basis, &one);
		e->conflict |= one.conflict;
	}
	e->pos.broke = as_member_broke(p, mi);
}

int
as_report_standing(const as_state *st, const as_proposal *p,
    const as_report *r, int *conflict)
{
	const as_org *o = &st->orgs[p->org];
	size_t mi, n, i;
	item v[ITEMS_MAX];

	*conflict = 0;
	if (as_org_member(o, r->member, &mi) == NULL)
		return 0;
	n = weighed(v, items_of(st, p, mi, r->candidate, v, ITEMS_MAX));
	for (i = 0; i < n; i++)
		if (v[i].r == r) {
			if (!stands(v, n, i))
				return 0;
			*conflict = in_conflict(v, n, i);
			return 1;
		}
	return 0;
}
