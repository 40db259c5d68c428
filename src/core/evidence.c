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
	int64_t		 when;
	size_t		 order;		/* the declaration 0, report i at i + 1 */
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

static int
disagree(const item *a, const item *b)
{
	const char *ca = a->candidate ? a->candidate : "",
	    *cb = b->candidate ? b->candidate : "";

	return a->stance != b->stance || strcmp(ca, cb) != 0;
}

/*
 * The items of the member with code `code`: its declaration if any, then
 * its reports in order. Returns how many (at most n); the declaration
 * weighs as an official record.
 */
static size_t
items_of(const as_state *st, const as_proposal *p, const char *code,
    const as_position *decl, item *v, size_t n)
{
	const char *org = st->orgs[p->org].id;
	size_t k = 0;

	if (decl != NULL && k < n) {
		v[k] = (item){ NULL, decl->when, 0, as_kind_weight(st, org, 0),
		    as_kind_level(st, org, 0), decl->stance, decl->candidate };
		k++;
	}
	for (size_t i = 0; i < p->nreports && k < n; i++) {
		const as_report *r = &p->reports[i];
		int kind = st->sources[r->source].kind;
		if (strcmp(r->member, code) != 0)
			continue;
		v[k] = (item){ r, r->when, i + 1, as_kind_weight(st, org, kind),
		    as_kind_level(st, org, kind), r->stance, r->candidate };
		k++;
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

static const as_position *
declaration(const as_proposal *p, size_t mi)
{
	return mi < p->npositions && p->positions[mi].data != NULL ?
	    &p->positions[mi] : NULL;
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

void
as_member_evidence(const as_state *st, const as_proposal *p, size_t mi,
    as_basis basis, as_evidence *e)
{
	const as_position *decl = declaration(p, mi);
	const char *code = st->orgs[p->org].members[mi].code;
	item v[ITEMS_MAX];
	size_t n, i, best = (size_t)-1;

	memset(e, 0, sizeof(*e));
	e->pos.broke = decl != NULL ? decl->broke : AS_TIME_NEVER;
	n = items_of(st, p, code, decl, v, ITEMS_MAX);
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
		e->pos = *decl;
		e->confirmed = 1;
	} else {
		report_position(st, v[best].r, &e->pos);
		e->report = v[best].r;
		e->confirmed = v[best].r->confirms;
	}
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
	n = weighed(v, items_of(st, p, r->member, declaration(p, mi), v,
	    ITEMS_MAX));
	for (i = 0; i < n; i++)
		if (v[i].r == r) {
			if (!stands(v, n, i))
				return 0;
			*conflict = in_conflict(v, n, i);
			return 1;
		}
	return 0;
}
