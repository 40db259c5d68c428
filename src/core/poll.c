/*
 * Straw polls: the checks of a round (as_poll_check, which the fold and a
 * checkpoint's load both make), a candidate's tally in a round, and the
 * series of rounds per candidate (as_view_polls). A poll is indicative:
 * nothing here is read by the rule, the status's state or the analysis.
 * See state.h, view.h and docs/events.md, "Straw polls".
 */
#include "core/alloc.h"
#include "core/view.h"

#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#define STR(d, k)	json_string_value(json_object_get((d), (k)))

/* The weight that marks a permanent member (the UN Security Council's
 * five, data/unsc/unsc.case). */
#define PERMANENT	"permanent"

const char *const as_poll_marks[AS_POLL_MARKS + 1] = {
	"encourage", "discourage", "no-opinion", NULL
};

static int
mark_index(const char *s)
{
	for (int k = 0; s != NULL && k < AS_POLL_MARKS; k++)
		if (strcmp(s, as_poll_marks[k]) == 0)
			return k;
	return -1;
}

static int
permanent(const as_member *m)
{
	const json_t *w = json_object_get(json_object_get(m->data, "weights"),
	    PERMANENT);

	return json_is_number(w) && json_number_value(w) > 0;
}

/* The members of o at t, and how many of them are permanent. */
static void
members_at(const as_org *o, int64_t t, int64_t *n, int64_t *nperm)
{
	*n = *nperm = 0;
	for (size_t i = 0; i < o->nmembers; i++)
		if (as_member_active(&o->members[i], t)) {
			(*n)++;
			*nperm += permanent(&o->members[i]);
		}
}

/* A candidate a round marks: known, and not withdrawn by t. */
static int
check_candidate(const as_proposal *p, const char *field, const char *id,
    int64_t t, as_error *err)
{
	const as_candidate *c = as_proposal_candidate(p, id);
	int64_t w;

	if (c == NULL)
		return as_err(err, "poll.round: field '%s': unknown candidate "
		    "'%s' in %s", field, id, p->id);
	if (c->withdrawal != NULL && as_date_parse(c->withdrawn_date, &w,
	    NULL) == 0 && w <= t)
		return as_err(err, "poll.round: field '%s': candidate '%s' has "
		    "withdrawn on %s", field, id, c->withdrawn_date);
	return 0;
}

/* One tally (whose: "x's" or "x's permanent members'") of counts c: the
 * three marks, each a whole number, and, if perm, "permanent" (in *pv);
 * fills v. */
static int
read_tally(const json_t *c, int perm, const char *whose, int64_t v[AS_POLL_MARKS],
    const json_t **pv, as_error *err)
{
	const char *key;
	json_t *e;
	int k;

	memset(v, 0, AS_POLL_MARKS * sizeof(*v));
	*pv = NULL;
	if (!json_is_object(c) || json_object_size(c) == 0)
		return as_err(err, "poll.round: field 'tallies': %s tally must be "
		    "an object of marks to counts", whose);
	json_object_foreach((json_t *)c, key, e) {
		if (perm && strcmp(key, PERMANENT) == 0) {
			*pv = e;
			continue;
		}
		if ((k = mark_index(key)) < 0)
			return as_err(err, "poll.round: field 'tallies': %s tally "
			    "has '%s', not a mark (encourage, discourage, "
			    "no-opinion%s)", whose, key, perm ? ", permanent" : "");
		if (!json_is_integer(e) || json_integer_value(e) < 0)
			return as_err(err, "poll.round: field 'tallies': %s '%s' "
			    "must be a whole number from 0", whose, key);
		v[k] = json_integer_value(e);
	}
	for (k = 0; k < AS_POLL_MARKS; k++)
		if (json_object_get(c, as_poll_marks[k]) == NULL)
			return as_err(err, "poll.round: field 'tallies': %s tally "
			    "gives no '%s' (a tally gives its three marks)", whose,
			    as_poll_marks[k]);
	return 0;
}

static int64_t
sum(const int64_t v[AS_POLL_MARKS])
{
	int64_t n = 0;

	for (int k = 0; k < AS_POLL_MARKS; k++)
		n += v[k];
	return n;
}

static int
check_tallies(const as_state *st, const as_proposal *p, const json_t *tl,
    int64_t t, const char *date, int at_t, as_error *err)
{
	const as_org *o = &st->orgs[p->org];
	int64_t n, nperm, v[AS_POLL_MARKS], pv[AS_POLL_MARKS];
	char whose[AS_ID_MAX + 32];
	const json_t *perm;
	const char *cand;
	json_t *c;

	if (!json_is_object(tl) || json_object_size(tl) == 0)
		return as_err(err, "poll.round: field 'tallies': no candidate's "
		    "tally");
	members_at(o, t, &n, &nperm);
	json_object_foreach((json_t *)tl, cand, c) {
		if (check_candidate(p, "tallies", cand, t, err) != 0)
			return -1;
		snprintf(whose, sizeof(whose), "%s's", cand);
		if (read_tally(c, 1, whose, v, &perm, err) != 0)
			return -1;
		if (at_t && sum(v) > n)
			return as_err(err, "poll.round: field 'tallies': %s tally, "
			    "%lld marks, exceeds the %lld members of %s on %s",
			    whose, (long long)sum(v), (long long)n, o->id, date);
		if (perm == NULL)
			continue;
		snprintf(whose, sizeof(whose), "%s's permanent members'", cand);
		if (json_is_object(perm) && json_object_get(perm,
		    PERMANENT) != NULL)
			return as_err(err, "poll.round: field 'tallies': %s tally "
			    "has 'permanent' within it", whose);
		if (read_tally(perm, 0, whose, pv, &perm, err) != 0)
			return -1;
		if (at_t && sum(pv) > nperm)
			return as_err(err, "poll.round: field 'tallies': %s tally, "
			    "%lld marks, exceeds the %lld permanent members (weight "
			    "'%s') of %s on %s", whose, (long long)sum(pv),
			    (long long)nperm, PERMANENT, o->id, date);
		for (int k = 0; k < AS_POLL_MARKS; k++)
			if (pv[k] > v[k])
				return as_err(err, "poll.round: field 'tallies': %s "
				    "'%s', %lld, exceeds the tally's %lld", whose,
				    as_poll_marks[k], (long long)pv[k],
				    (long long)v[k]);
	}
	return 0;
}

static int
check_marks(const as_state *st, const as_proposal *p, const json_t *mk,
    int64_t t, const char *date, int at_t, as_error *err)
{
	const as_org *o = &st->orgs[p->org];
	const as_member *m;
	const char *code, *cand;
	json_t *cs, *e;

	if (!json_is_object(mk) || json_object_size(mk) == 0)
		return as_err(err, "poll.round: field 'marks': no member's marks");
	json_object_foreach((json_t *)mk, code, cs) {
		if ((m = as_org_member(o, code, NULL)) == NULL ||
		    (at_t && !as_member_active(m, t)))
			return as_err(err, "poll.round: field 'marks': '%s' is not "
			    "a member of %s on %s", code, o->id, date);
		if (!json_is_object(cs) || json_object_size(cs) == 0)
			return as_err(err, "poll.round: field 'marks': %s's marks "
			    "must be an object of candidate ids to marks", code);
		json_object_foreach(cs, cand, e) {
			if (check_candidate(p, "marks", cand, t, err) != 0)
				return -1;
			if (mark_index(json_string_value(e)) < 0)
				return as_err(err, "poll.round: field 'marks': %s's "
				    "mark on %s must be one of encourage, discourage, "
				    "no-opinion", code, cand);
		}
	}
	return 0;
}

int
as_poll_check(const as_state *st, const as_proposal *p, const json_t *d,
    int64_t t, const char *date, int at_t, as_error *err)
{
	const json_t *mk = json_object_get(d, "marks"),
	    *tl = json_object_get(d, "tallies");
	int secret = json_is_true(json_object_get(d, "secret"));

	if (p->kind == AS_TEXT)
		return as_err(err, "poll.round: proposal '%s' is a text (a straw "
		    "poll marks candidates)", p->id);
	if (secret && mk != NULL)
		return as_err(err, "poll.round: field 'marks': a secret round "
		    "has no member's marks (give its 'tallies')");
	if (secret && tl == NULL)
		return as_err(err, "poll.round: field 'tallies' is required for "
		    "a secret round");
	if (!secret && tl != NULL)
		return as_err(err, "poll.round: field 'tallies': an open round "
		    "gives each member's 'marks' (or say 'secret': true)");
	if (!secret && mk == NULL)
		return as_err(err, "poll.round: field 'marks' is required for an "
		    "open round (a secret one, 'secret': true, gives 'tallies')");
	return secret ? check_tallies(st, p, tl, t, date, at_t, err) :
	    check_marks(st, p, mk, t, date, at_t, err);
}

int
as_poll_tally(const as_state *st, const as_proposal *p, const as_poll *r,
    const char *candidate, int64_t count[AS_POLL_MARKS],
    int64_t perm_count[AS_POLL_MARKS], int *perm)
{
	const as_org *o = &st->orgs[p->org];
	const json_t *c, *pj;
	const char *code;
	json_t *cs;
	int found = 0, k;

	memset(count, 0, AS_POLL_MARKS * sizeof(*count));
	memset(perm_count, 0, AS_POLL_MARKS * sizeof(*perm_count));
	*perm = 0;
	if (r->secret) {
		if ((c = json_object_get(json_object_get(r->data, "tallies"),
		    candidate)) == NULL)
			return -1;
		for (k = 0; k < AS_POLL_MARKS; k++)
			count[k] = json_integer_value(json_object_get(c,
			    as_poll_marks[k]));
		if ((pj = json_object_get(c, PERMANENT)) != NULL) {
			*perm = 1;
			for (k = 0; k < AS_POLL_MARKS; k++)
				perm_count[k] = json_integer_value(
				    json_object_get(pj, as_poll_marks[k]));
		}
		return 0;
	}
	*perm = 1;
	json_object_foreach(json_object_get(r->data, "marks"), code, cs) {
		const as_member *m = as_org_member(o, code, NULL);
		if ((k = mark_index(STR(cs, candidate))) < 0)
			continue;
		found = 1;
		count[k]++;
		if (m != NULL && permanent(m))
			perm_count[k]++;
	}
	return found ? 0 : -1;
}

/* {"encourage": N, "discourage": N, "no-opinion": N}. */
static json_t *
counts_json(const int64_t v[AS_POLL_MARKS])
{
	json_t *j = json_object();

	for (int k = 0; k < AS_POLL_MARKS; k++)
		json_object_set_new(j, as_poll_marks[k],
		    json_integer((json_int_t)v[k]));
	return j;
}

/* One candidate's point in round r, or NULL if r does not mark it. */
static json_t *
point_json(const as_state *st, const as_proposal *p, const as_poll *r,
    const char *cand)
{
	int64_t v[AS_POLL_MARKS], pv[AS_POLL_MARKS];
	json_t *j, *marks = json_null(), *cs;
	const char *code;
	int perm;

	if (as_poll_tally(st, p, r, cand, v, pv, &perm) != 0)
		return NULL;
	if (!r->secret) {
		marks = json_object();
		json_object_foreach(json_object_get(r->data, "marks"), code, cs)
			if (STR(cs, cand) != NULL)
				json_object_set_new(marks, code,
				    json_string(STR(cs, cand)));
	}
	j = json_pack("{s:I,s:s,s:b,s:o,s:o,s:o}", "round", (json_int_t)r->round,
	    "date", r->date, "secret", r->secret, "tally", counts_json(v),
	    "permanent", perm ? counts_json(pv) : json_null(), "marks", marks);
	return j;
}

json_t *
as_poll_latest(const as_state *st, const as_proposal *p, const char *cand)
{
	json_t *pt;

	for (size_t i = p->npolls; i > 0; i--)
		if ((pt = point_json(st, p, &p->polls[i - 1], cand)) != NULL)
			return pt;
	return json_null();
}

static json_t *
as_view_polls_(const as_state *st, const char *id, const char *cand,
    const char *as_of, int64_t t, as_error *err)
{
	const as_proposal *p = as_state_proposal(st, id);
	const as_org *o;
	json_t *rounds, *cands;
	int64_t n, nperm;

	(void)t;
	if (p == NULL) {
		as_fail(err, AS_ENOTFOUND, "polls: unknown proposal '%s' as of %s",
		    id, as_of);
		return NULL;
	}
	if (cand != NULL && as_proposal_candidate(p, cand) == NULL) {
		as_fail(err, AS_ENOTFOUND, "polls: unknown candidate '%s' in %s "
		    "as of %s", cand, id, as_of);
		return NULL;
	}
	o = &st->orgs[p->org];
	rounds = json_array();
	for (size_t i = 0; i < p->npolls; i++) {
		const as_poll *r = &p->polls[i];
		members_at(o, r->when, &n, &nperm);
		json_array_append_new(rounds, json_pack(
		    "{s:I,s:s,s:b,s:I,s:I,s:o,s:o}", "round", (json_int_t)r->round,
		    "date", r->date, "secret", r->secret, "members", (json_int_t)n,
		    "permanent_members", (json_int_t)nperm,
		    "source", STR(r->data, "source") ? json_string(STR(r->data,
		    "source")) : json_null(), "cites", json_object_get(r->data,
		    "cites") ? json_incref(json_object_get(r->data, "cites")) :
		    json_null()));
	}
	cands = json_array();
	for (size_t c = 0; c < p->ncands; c++) {
		const as_candidate *k = &p->cands[c];
		json_t *series, *pt;
		if (cand != NULL && strcmp(cand, k->id) != 0)
			continue;
		series = json_array();
		for (size_t i = 0; i < p->npolls; i++)
			if ((pt = point_json(st, p, &p->polls[i], k->id)) != NULL)
				json_array_append_new(series, pt);
		json_array_append_new(cands, json_pack("{s:s,s:s,s:s,s:o}",
		    "id", k->id, "name", k->name, "state", k->state ==
		    AS_STANDING ? "standing" : k->state == AS_WITHDRAWN ?
		    "withdrawn" : "appointed", "series", series));
	}
	return json_pack("{s:s,s:s,s:s,s:s,s:b,s:s,s:o,s:o}", "proposal", p->id,
	    "title", p->title, "org", o->id, "as_of", as_of, "indicative", 1,
	    "note", "straw polls are indicative: never a decision, never "
	    "consensus", "rounds", rounds, "candidates", cands);
}

json_t *
as_view_polls(const as_state *st, const char *id, const char *cand,
    const char *as_of, int64_t t, as_error *err)
{
	unsigned long m = as_alloc_misses();

	as_error_clear(err);
	return as_view_whole(as_view_polls_(st, id, cand, as_of, t, err), m,
	    err);
}
