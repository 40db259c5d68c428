/*
 * The fold: each event type's checks against the state, and its effect.
 * Every apply function checks everything first and changes the state only
 * once nothing can fail but memory; so a refused event leaves no trace.
 */
#include "core/alloc.h"
#include "core/state.h"

#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#define STR(d, k)	json_string_value(json_object_get((d), (k)))

/* Grows an array of n elements of size sz by one; NULL if out of memory. */
static void *
grow(void *arr, size_t n, size_t sz)
{
	return as_realloc(arr, (n + 1) * sz);
}

/*
 * Appends a zeroed element to the array whose pointer is at arrp (*n
 * elements of size sz), indexed under id in m: returns the element, or
 * NULL if out of memory (then *n is unchanged, and so is what the array
 * holds). The pointer is moved with memcpy, valid whatever its type.
 */
static void *
append_indexed(void *arrp, size_t *n, size_t sz, as_map *m, const char *id)
{
	char *arr, *grown;

	memcpy(&arr, arrp, sizeof(arr));
	if ((grown = grow(arr, *n, sz)) == NULL)
		return NULL;
	memcpy(arrp, &grown, sizeof(grown));
	if (as_map_put(m, id, *n) != 0)
		return NULL;
	memset(grown + *n * sz, 0, sz);
	return grown + (*n)++ * sz;
}

as_state *
as_state_new(void)
{
	return as_calloc(1, sizeof(as_state));
}

void
as_state_free(as_state *st)
{
	size_t i, j;

	if (st == NULL)
		return;
	for (i = 0; i < st->norgs; i++) {
		as_org *o = &st->orgs[i];
		for (j = 0; j < o->nmembers; j++)
			json_decref(o->members[j].data);
		free(o->members);
		as_map_free(&o->codes);
		for (j = 0; j < o->nbodies; j++) {
			as_body *b = &o->bodies[j];
			for (size_t k = 0; k < b->nseats; k++)
				json_decref(b->seats[k].data);
			free(b->seats);
			as_rule_free(b->rule);
			json_decref(b->data);
		}
		free(o->bodies);
		as_map_free(&o->body_ids);
		as_rule_free(o->rule);
		json_decref(o->data);
	}
	for (i = 0; i < st->noffices; i++) {
		as_office *f = &st->offices[i];
		for (j = 0; j < f->nholders; j++) {
			json_decref(f->holders[j].data);
			json_decref(f->holders[j].ended);
		}
		free(f->holders);
		json_decref(f->data);
	}
	for (i = 0; i < st->nproposals; i++) {
		as_proposal *p = &st->proposals[i];
		for (j = 0; j < p->ncands; j++) {
			as_candidate *c = &p->cands[j];
			for (size_t k = 0; k < c->npositions; k++)
				json_decref(c->positions[k].data);
			free(c->positions);
			json_decref(c->data);
			json_decref(c->withdrawal);
		}
		for (j = 0; j < p->npositions; j++)
			json_decref(p->positions[j].data);
		for (j = 0; j < p->nreports; j++)
			json_decref(p->reports[j].data);
		for (j = 0; j < p->npolls; j++)
			json_decref(p->polls[j].data);
		free(p->polls);
		for (j = 0; j < p->ntallies; j++)
			json_decref(p->tallies[j].data);
		free(p->cands);
		free(p->positions);
		free(p->reports);
		free(p->tallies);
		as_map_free(&p->cand_ids);
		as_rule_free(p->rule);
		json_decref(p->decision);
		json_decref(p->data);
	}
	for (i = 0; i < st->ncommitments; i++) {
		json_decref(st->commitments[i].data);
		json_decref(st->commitments[i].given);
	}
	for (i = 0; i < st->nsources; i++)
		json_decref(st->sources[i].data);
	for (i = 0; i < st->nrankings; i++)
		json_decref(st->rankings[i].data);
	for (i = 0; i < st->ncorrections; i++)
		json_decref(st->corrections[i].data);
	free(st->orgs);
	free(st->offices);
	free(st->proposals);
	free(st->commitments);
	free(st->sources);
	free(st->rankings);
	free(st->corrections);
	as_map_free(&st->org_ids);
	as_map_free(&st->office_ids);
	as_map_free(&st->proposal_ids);
	as_map_free(&st->commitment_ids);
	as_map_free(&st->source_ids);
	free(st);
}

as_org *
as_state_org(const as_state *st, const char *id)
{
	size_t i;
	return id && as_map_get(&st->org_ids, id, &i) ? &st->orgs[i] : NULL;
}

as_office *
as_state_office(const as_state *st, const char *id)
{
	size_t i;
	return id && as_map_get(&st->office_ids, id, &i) ? &st->offices[i] : NULL;
}

as_proposal *
as_state_proposal(const as_state *st, const char *id)
{
	size_t i;
	return id && as_map_get(&st->proposal_ids, id, &i) ?
	    &st->proposals[i] : NULL;
}

as_commitment *
as_state_commitment(const as_state *st, const char *id)
{
	size_t i;
	return id && as_map_get(&st->commitment_ids, id, &i) ?
	    &st->commitments[i] : NULL;
}

as_source *
as_state_source(const as_state *st, const char *id)
{
	size_t i;
	return id && as_map_get(&st->source_ids, id, &i) ? &st->sources[i] : NULL;
}

const as_correction *
as_state_correction(const as_state *st, int64_t seq)
{
	for (size_t i = 0; i < st->ncorrections; i++)
		if (st->corrections[i].seq == seq)
			return &st->corrections[i];
	return NULL;
}

as_member *
as_org_member(const as_org *o, const char *code, size_t *index)
{
	size_t i;

	if (code == NULL || !as_map_get(&o->codes, code, &i))
		return NULL;
	if (index != NULL)
		*index = i;
	return &o->members[i];
}

as_candidate *
as_proposal_candidate(const as_proposal *p, const char *id)
{
	size_t i;
	return id && as_map_get(&p->cand_ids, id, &i) ? &p->cands[i] : NULL;
}

/* A body's rule: its own, else its organisation's. */
static const as_rule *
body_rule(const as_org *o, const as_body *b)
{
	return b->rule != NULL ? b->rule : o->rule;
}

const as_rule *
as_proposal_rule(const as_state *st, const as_proposal *p)
{
	if (p->rule != NULL)
		return p->rule;
	if (p->in_body)
		return body_rule(&st->orgs[p->org], as_proposal_body(st, p));
	return st->orgs[p->org].rule;
}

const as_body *
as_proposal_body(const as_state *st, const as_proposal *p)
{
	return p->in_body ? &st->orgs[p->org].bodies[p->body] : NULL;
}

as_body *
as_org_body(const as_org *o, const char *id)
{
	size_t i;
	return id && as_map_get(&o->body_ids, id, &i) ? &o->bodies[i] : NULL;
}

const char *
as_prop_kind_name(enum as_prop_kind k)
{
	static const char *const names[] = { "appointment", "text",
	    "recommendation" };
	return names[k];
}

const char *
as_prop_kind_a(enum as_prop_kind k)
{
	static const char *const names[] = { "an appointment", "a text",
	    "a recommendation" };
	return names[k];
}

const as_seat *
as_body_seat_at(const as_body *b, const char *code, int64_t t)
{
	for (size_t i = 0; i < b->nseats; i++)
		if (b->seats[i].since <= t && t < b->seats[i].until &&
		    strcmp(b->seats[i].code, code) == 0)
			return &b->seats[i];
	return NULL;
}

const json_t *
as_seat_weights(const as_org *o, const as_seat *s)
{
	const json_t *w = json_object_get(s->data, "weights");
	const as_member *m;

	if (w != NULL || (m = as_org_member(o, s->code, NULL)) == NULL)
		return w;
	return json_object_get(m->data, "weights");
}

as_ballot *
as_rule_voters(const as_org *o, const as_body *b, size_t *n)
{
	as_ballot *bl = as_calloc((b ? b->nseats : o->nmembers) + 1,
	    sizeof(*bl));

	*n = 0;
	if (bl == NULL)
		return NULL;
	for (size_t i = 0; b != NULL && i < b->nseats; i++, (*n)++) {
		bl[*n].code = b->seats[i].code;
		bl[*n].weights = as_seat_weights(o, &b->seats[i]);
	}
	for (size_t i = 0; b == NULL && i < o->nmembers; i++, (*n)++) {
		bl[*n].code = o->members[i].code;
		bl[*n].weights = json_object_get(o->members[i].data, "weights");
	}
	return bl;
}

int
as_proposal_eligible(const as_state *st, const as_proposal *p, size_t mi,
    int64_t t)
{
	const as_member *m = &st->orgs[p->org].members[mi];
	const as_body *b = as_proposal_body(st, p);

	return as_member_active(m, t) && (b == NULL ||
	    as_body_seat_at(b, m->code, t) != NULL);
}

as_holder *
as_office_holder_at(const as_office *f, int64_t t)
{
	for (size_t i = 0; i < f->nholders; i++)
		if (f->holders[i].start <= t && t < f->holders[i].end)
			return &f->holders[i];
	return NULL;
}

int
as_member_active(const as_member *m, int64_t t)
{
	return m->since <= t && t < m->until;
}

/* The date field k of d as an instant, or dflt if absent. */
static int64_t
date_or(const json_t *d, const char *k, int64_t dflt)
{
	int64_t t;
	const char *s = STR(d, k);
	return s != NULL && as_date_parse(s, &t, NULL) == 0 ? t : dflt;
}

/* An organisation known by id, or an error naming the field. */
static as_org *
need_org(const as_state *st, const json_t *d, const char *type, as_error *err)
{
	as_org *o = as_state_org(st, STR(d, "org"));
	if (o == NULL)
		as_err(err, "%s: unknown organisation '%s'", type, STR(d, "org"));
	return o;
}

static as_proposal *
need_proposal(const as_state *st, const json_t *d, const char *type,
    as_error *err)
{
	as_proposal *p = as_state_proposal(st, STR(d, "proposal"));
	if (p == NULL)
		as_err(err, "%s: unknown proposal '%s'", type, STR(d, "proposal"));
	return p;
}

/*
 * A member of o, active at the event's date: the error tells an unknown
 * code from a member not (or no longer) in the organisation then.
 */
static as_member *
need_member(const as_org *o, const char *code,
    const as_event *ev, size_t *index, as_error *err)
{
	char d[AS_DATE_MAX];
	as_member *m = as_org_member(o, code, index);

	if (m == NULL) {
		as_err(err, "%s: unknown member '%s' of %s", ev->type, code, o->id);
		return NULL;
	}
	if (ev->when < m->since) {
		as_date_format_auto(m->since, d);
		as_err(err, "%s: %s is not a member of %s before its accession "
		    "on %s", ev->type, code, o->id, d);
		return NULL;
	}
	if (ev->when >= m->until) {
		as_date_format_auto(m->until, d);
		as_err(err, "%s: %s left %s on %s", ev->type, code, o->id, d);
		return NULL;
	}
	return m;
}

static int
unique_id(const as_map *m, const char *id, const char *what,
    const as_event *ev, as_error *err)
{
	size_t i;
	if (as_map_get(m, id, &i))
		return as_err(err, "%s: %s '%s' already exists", ev->type, what, id);
	return 0;
}

/*
 * Whether rule r fits the members b (codes and weights): the weights it
 * reads are there and, with codes, the members it names exist. 0, or -1
 * with err prefixed by the event type.
 */
static int
rule_fits(const as_rule *r, const as_ballot *b, size_t n, int codes,
    const char *type, as_error *err)
{
	as_error why[1];

	if (as_rule_check(r, b, n, codes, why) != 0)
		return as_wrap(err, why, "%s", type);
	return 0;
}

int
as_apply_org_create(as_state *st, const as_event *ev, as_error *err)
{
	const json_t *d = ev->data, *spec = json_object_get(d, "rule");
	json_t *dflt = NULL;
	as_rule *rule;

	if (unique_id(&st->org_ids, STR(d, "id"), "organisation", ev, err))
		return -1;
	if (spec == NULL &&
	    (spec = dflt = json_pack("{s:s}", "type", "unanimity")) == NULL)
		return as_nomem(err, NULL);
	rule = as_rule_parse(spec, err);
	json_decref(dflt);
	if (rule == NULL)
		return -1;
	as_org *o = append_indexed(&st->orgs, &st->norgs, sizeof(*o),
	    &st->org_ids, STR(d, "id"));
	if (o == NULL) {
		as_rule_free(rule);
		return as_nomem(err, NULL);
	}
	o->data = json_incref((json_t *)d);
	o->id = STR(d, "id");
	o->name = STR(d, "name");
	o->rule = rule;
	return 0;
}

/*
 * The places of positions by member index (a proposal's, a candidate's):
 * grow_place makes room for one more before index k, if the array
 * reaches k (0, or -1 if out of memory, the array as it was); open_place
 * then moves the places from k up one and empties place k.
 */
static int
grow_place(as_position **v, size_t n, size_t k)
{
	as_position *ps;

	if (n <= k)
		return 0;
	if ((ps = grow(*v, n, sizeof(*ps))) == NULL)
		return -1;
	*v = ps;
	return 0;
}

static void
open_place(as_position *v, size_t *n, size_t k)
{
	if (*n <= k)
		return;
	memmove(&v[k + 1], &v[k], (*n - k) * sizeof(*v));
	memset(&v[k], 0, sizeof(*v));
	v[k].broke = AS_TIME_NEVER;
	(*n)++;
}

/*
 * A new member of o, zeroed, in its place: in order of accession, then
 * code, so that the order never depends on the order of recording. The
 * members after it move up one, and so do their positions on o's
 * proposals. NULL if out of memory (then nothing has changed).
 */
static as_member *
insert_member(as_state *st, as_org *o, const char *code, int64_t since)
{
	as_member *ms;
	size_t k, i;

	for (k = o->nmembers; k > 0; k--) {
		const as_member *b = &o->members[k - 1];
		if (b->joined < since || (b->joined == since &&
		    strcmp(b->code, code) < 0))
			break;
	}
	/* Every allocation first: a failure leaves the arrays as they were
	 * (only larger). */
	if ((ms = grow(o->members, o->nmembers, sizeof(*ms))) == NULL)
		return NULL;
	o->members = ms;
	for (i = 0; i < st->nproposals; i++) {
		as_proposal *p = &st->proposals[i];
		if (&st->orgs[p->org] != o)
			continue;
		if (grow_place(&p->positions, p->npositions, k) != 0)
			return NULL;
		for (size_t c = 0; c < p->ncands; c++)
			if (grow_place(&p->cands[c].positions,
			    p->cands[c].npositions, k) != 0)
				return NULL;
	}
	if (as_map_put(&o->codes, code, o->nmembers) != 0)
		return NULL;
	as_map_shift(&o->codes, k);
	as_map_put(&o->codes, code, k);	/* there already: cannot fail */
	memmove(&ms[k + 1], &ms[k], (o->nmembers - k) * sizeof(*ms));
	memset(&ms[k], 0, sizeof(*ms));
	o->nmembers++;
	for (i = 0; i < st->nproposals; i++) {
		as_proposal *p = &st->proposals[i];
		if (&st->orgs[p->org] != o)
			continue;
		open_place(p->positions, &p->npositions, k);
		for (size_t c = 0; c < p->ncands; c++)
			open_place(p->cands[c].positions,
			    &p->cands[c].npositions, k);
	}
	return &ms[k];
}

int
as_apply_member_join(as_state *st, const as_event *ev, as_error *err)
{
	const json_t *d = ev->data;
	as_org *o;
	as_member *m;
	int64_t since = date_or(d, "since", ev->when);
	size_t i;
	char ds[AS_DATE_MAX];

	if ((o = need_org(st, d, ev->type, err)) == NULL)
		return -1;
	/* The rules the member will vote under must find its weights. */
	as_ballot b = { .code = STR(d, "code"),
	    .weights = json_object_get(d, "weights") };
	if (rule_fits(o->rule, &b, 1, 0, ev->type, err) != 0)
		return -1;
	/* (Not those put to a body, which it does not sit on yet.) */
	for (i = 0; i < st->nproposals; i++)
		if (&st->orgs[st->proposals[i].org] == o &&
		    st->proposals[i].rule != NULL && !st->proposals[i].decided &&
		    !st->proposals[i].in_body &&
		    rule_fits(st->proposals[i].rule, &b, 1, 0, ev->type, err) != 0)
			return -1;
	if (since < ev->when) {
		as_date_format_auto(ev->when, ds);
		return as_err(err, "%s: field 'since' is earlier than the event's "
		    "date %s", ev->type, ds);
	}
	if ((m = as_org_member(o, STR(d, "code"), &i)) != NULL) {
		if (m->until == AS_TIME_NEVER)
			return as_err(err, "%s: %s is already a member of %s",
			    ev->type, m->code, o->id);
		/* A member that left and joins again: a new period. */
		json_decref(m->data);
		m->data = json_incref((json_t *)d);
		m->code = STR(d, "code");
		m->name = STR(d, "name");
		m->since = since;
		m->until = AS_TIME_NEVER;
		return 0;
	}
	if ((m = insert_member(st, o, STR(d, "code"), since)) == NULL)
		return as_nomem(err, NULL);
	m->data = json_incref((json_t *)d);
	m->code = STR(d, "code");
	m->name = STR(d, "name");
	m->since = since;
	m->joined = since;
	m->until = AS_TIME_NEVER;
	return 0;
}

int
as_apply_member_leave(as_state *st, const as_event *ev, as_error *err)
{
	const json_t *d = ev->data;
	as_org *o;
	as_member *m;
	int64_t until = date_or(d, "until", ev->when);

	if ((o = need_org(st, d, ev->type, err)) == NULL)
		return -1;
	if ((m = as_org_member(o, STR(d, "code"), NULL)) == NULL)
		return as_err(err, "%s: unknown member '%s' of %s", ev->type,
		    STR(d, "code"), o->id);
	if (m->until != AS_TIME_NEVER)
		return as_err(err, "%s: %s has already left %s", ev->type,
		    m->code, o->id);
	if (until < ev->when || until <= m->since)
		return as_err(err, "%s: field 'until' must be after the member's "
		    "accession and not before the event's date", ev->type);
	m->until = until;
	return 0;
}

/* The body of o that payload d's field 'body' names, or NULL with err
 * naming the field. */
static as_body *
need_body(const as_org *o, const json_t *d, const char *type, as_error *err)
{
	as_body *b = as_org_body(o, STR(d, "body"));

	if (b == NULL)
		as_err(err, "%s: field 'body': unknown body '%s' of %s", type,
		    STR(d, "body"), o->id);
	return b;
}

int
as_apply_body_create(as_state *st, const as_event *ev, as_error *err)
{
	const json_t *d = ev->data, *spec = json_object_get(d, "rule");
	as_rule *rule = NULL;
	as_org *o;
	as_body *b;

	if ((o = need_org(st, d, ev->type, err)) == NULL)
		return -1;
	if (as_org_body(o, STR(d, "id")) != NULL)
		return as_err(err, "%s: body '%s' already exists in %s", ev->type,
		    STR(d, "id"), o->id);
	if (spec != NULL && (rule = as_rule_parse(spec, err)) == NULL)
		return -1;
	if ((b = append_indexed(&o->bodies, &o->nbodies, sizeof(*b),
	    &o->body_ids, STR(d, "id"))) == NULL) {
		as_rule_free(rule);
		return as_err(err, "out of memory");
	}
	b->data = json_incref((json_t *)d);
	b->id = STR(d, "id");
	b->name = STR(d, "name");
	b->rule = rule;
	return 0;
}

/*
 * A seat on a body: for a member of the organisation on the day it
 * takes it, in no other period of the same member's on that body. The
 * body's rule, and the own rules of the undecided proposals put to it,
 * must find the weights it votes with.
 */
int
as_apply_body_join(as_state *st, const as_event *ev, as_error *err)
{
	const json_t *d = ev->data;
	const char *code = STR(d, "code");
	int64_t since = date_or(d, "since", ev->when);
	char ds[AS_DATE_MAX], du[AS_DATE_MAX];
	as_seat seat = { .data = (json_t *)d, .code = code, .since = since,
	    .until = AS_TIME_NEVER }, *ss;
	const as_member *m;
	as_org *o;
	as_body *b;
	size_t i, k;

	if ((o = need_org(st, d, ev->type, err)) == NULL ||
	    (b = need_body(o, d, ev->type, err)) == NULL)
		return -1;
	as_date_format_auto(since, ds);
	if (since < ev->when)
		return as_err(err, "%s: field 'since' is earlier than the event's "
		    "date %s", ev->type, ev->date);
	if ((m = as_org_member(o, code, NULL)) == NULL ||
	    !as_member_active(m, since))
		return as_err(err, "%s: field 'code': %s is not a member of %s on "
		    "%s (the members of its bodies are its members)", ev->type,
		    code, o->id, ds);
	for (i = 0; i < b->nseats; i++) {
		if (strcmp(b->seats[i].code, code) != 0 ||
		    b->seats[i].until <= since)
			continue;
		if (b->seats[i].until != AS_TIME_NEVER)
			as_date_format_auto(b->seats[i].until, du);
		return as_err(err, "%s: %s already sits on %s of %s%s%s", ev->type,
		    code, b->id, o->id, b->seats[i].until == AS_TIME_NEVER ?
		    "" : " until ", b->seats[i].until == AS_TIME_NEVER ? "" : du);
	}
	as_ballot bl = { .code = code, .weights = as_seat_weights(o, &seat) };
	if (rule_fits(body_rule(o, b), &bl, 1, 0, ev->type, err) != 0)
		return -1;
	for (i = 0; i < st->nproposals; i++) {
		const as_proposal *p = &st->proposals[i];
		if (as_proposal_body(st, p) == b && p->rule != NULL &&
		    !p->decided && rule_fits(p->rule, &bl, 1, 0, ev->type,
		    err) != 0)
			return -1;
	}
	/* In order of since, then code, however recorded. */
	for (k = b->nseats; k > 0; k--)
		if (b->seats[k - 1].since < since || (b->seats[k - 1].since ==
		    since && strcmp(b->seats[k - 1].code, code) < 0))
			break;
	if ((ss = grow(b->seats, b->nseats, sizeof(*ss))) == NULL)
		return as_err(err, "out of memory");
	b->seats = ss;
	memmove(&ss[k + 1], &ss[k], (b->nseats - k) * sizeof(*ss));
	b->nseats++;
	seat.data = json_incref((json_t *)d);
	ss[k] = seat;
	return 0;
}

int
as_apply_body_leave(as_state *st, const as_event *ev, as_error *err)
{
	const json_t *d = ev->data;
	const char *code = STR(d, "code");
	int64_t until = date_or(d, "until", ev->when);
	as_seat *seat = NULL;
	int sat = 0;
	as_org *o;
	as_body *b;

	if ((o = need_org(st, d, ev->type, err)) == NULL ||
	    (b = need_body(o, d, ev->type, err)) == NULL)
		return -1;
	for (size_t i = 0; i < b->nseats; i++) {
		if (strcmp(b->seats[i].code, code) != 0)
			continue;
		sat = 1;
		if (b->seats[i].until == AS_TIME_NEVER)
			seat = &b->seats[i];
	}
	if (seat == NULL)
		return as_err(err, "%s: field 'code': %s %s on %s of %s", ev->type,
		    code, sat ? "has already left its seat" : "has no seat",
		    b->id, o->id);
	if (until < ev->when || until <= seat->since)
		return as_err(err, "%s: field 'until' must be after the seat's "
		    "start and not before the event's date", ev->type);
	seat->until = until;
	return 0;
}

int
as_apply_office_create(as_state *st, const as_event *ev, as_error *err)
{
	const json_t *d = ev->data;
	as_org *o;
	as_office *f;
	size_t oi;

	if ((o = need_org(st, d, ev->type, err)) == NULL)
		return -1;
	oi = (size_t)(o - st->orgs);
	if (unique_id(&st->office_ids, STR(d, "id"), "office", ev, err))
		return -1;
	if ((f = append_indexed(&st->offices, &st->noffices, sizeof(*f),
	    &st->office_ids, STR(d, "id"))) == NULL)
		return as_nomem(err, NULL);
	f->data = json_incref((json_t *)d);
	f->id = STR(d, "id");
	f->title = STR(d, "title");
	f->org = oi;
	as_duration_parse(STR(d, "term"), &f->term);
	return 0;
}

/*
 * Inserts a holder into f at index k (f->nholders to append); the caller
 * has checked the dates. The holder, or NULL with err set if out of
 * memory (then f is unchanged).
 */
static as_holder *
add_holder(as_office *f, size_t k, const json_t *d, const char *person,
    const char *candidate, const char *proposal, int64_t start, int64_t end,
    as_error *err)
{
	as_holder *hs = grow(f->holders, f->nholders, sizeof(*hs));

	if (hs == NULL) {
		as_nomem(err, NULL);
		return NULL;
	}
	f->holders = hs;
	memmove(&hs[k + 1], &hs[k], (f->nholders - k) * sizeof(*hs));
	f->nholders++;
	as_holder *h = &hs[k];
	memset(h, 0, sizeof(*h));
	h->data = json_incref((json_t *)d);
	h->person = person;
	h->nationality = STR(d, "nationality");
	h->candidate = candidate;
	h->proposal = proposal;
	h->start = start;
	h->end = end;
	return h;
}

/*
 * Whether a new term from start may follow f's latest one: after its
 * end, or, for an open term (acting without an end of its own, or
 * recorded without a fixed end), after its start (the open term then
 * ends where the new one begins).
 */
static int
may_follow(const as_office *f, int64_t start)
{
	const as_holder *h;

	if (f->nholders == 0)
		return 1;
	h = &f->holders[f->nholders - 1];
	return h->open ? start > h->start : start >= h->end;
}

/* Ends an open term (acting, or without a fixed end) where the term
 * just appended (the last) begins. */
static void
close_open(as_office *f)
{
	as_holder *h;

	if (f->nholders < 2)
		return;
	h = &f->holders[f->nholders - 2];
	if (h->open && h->end > f->holders[f->nholders - 1].start)
		h->end = f->holders[f->nholders - 1].start;
}

static as_office *
need_office(const as_state *st, const as_event *ev, as_error *err)
{
	as_office *f = as_state_office(st, STR(ev->data, "office"));

	if (f == NULL)
		as_err(err, "%s: unknown office '%s'", ev->type,
		    STR(ev->data, "office"));
	return f;
}

int
as_apply_office_holder(as_state *st, const as_event *ev, as_error *err)
{
	const json_t *d = ev->data;
	as_office *f;
	int64_t start, end;

	if ((f = need_office(st, ev, err)) == NULL)
		return -1;
	const int open = json_is_true(json_object_get(d, "open"));
	as_holder *h;

	start = date_or(d, "start", 0);
	end = open ? AS_TIME_NEVER : date_or(d, "end", as_date_add(start,
	    &f->term));
	if (open && json_object_get(d, "end") != NULL)
		return as_err(err, "%s: fields 'open' and 'end' exclude each "
		    "other (an open term has no fixed end)", ev->type);
	if (end <= start)
		return as_err(err, "%s: field 'end' must be after 'start'",
		    ev->type);
	if (!may_follow(f, start))
		return as_err(err, "%s: the term overlaps the previous holder's",
		    ev->type);
	if ((h = add_holder(f, f->nholders, d, STR(d, "person"), NULL, NULL,
	    start, end, err)) == NULL)
		return -1;
	h->open = open;
	close_open(f);
	return 0;
}

int
as_apply_office_extend(as_state *st, const as_event *ev, as_error *err)
{
	const json_t *d = ev->data;
	as_office *f;
	int64_t end = date_or(d, "end", 0);
	char ds[AS_DATE_MAX];
	as_holder *h;

	if ((f = need_office(st, ev, err)) == NULL)
		return -1;
	if (f->nholders == 0)
		return as_err(err, "%s: office '%s' has no holder to extend",
		    ev->type, f->id);
	h = &f->holders[f->nholders - 1];
	if (h->ended != NULL) {
		as_date_format_auto(h->end, ds);
		return as_err(err, "%s: %s's term in %s ended early on %s: "
		    "there is no term to extend", ev->type, h->person, f->id, ds);
	}
	if (h->open)
		return as_err(err, "%s: %s's term in %s lasts until the next term "
		    "begins: an open term has no end to extend", ev->type,
		    h->person, f->id);
	if (end <= h->end)
		return as_err(err, "%s: field 'end' must be later than the "
		    "current end of the term", ev->type);
	h->end = end;
	return 0;
}

/*
 * An acting holder: only while no one holds the office (after an early
 * end, or between terms), until its own end or the next term's start.
 * It goes in its place among the terms, before a designate's.
 */
int
as_apply_office_acting(as_state *st, const as_event *ev, as_error *err)
{
	const json_t *d = ev->data;
	const int has_end = json_object_get(d, "end") != NULL;
	int64_t start = date_or(d, "start", 0), end;
	char ds[AS_DATE_MAX], de[AS_DATE_MAX];
	const as_holder *h;
	as_holder *a;
	as_office *f;
	size_t k;

	if ((f = need_office(st, ev, err)) == NULL)
		return -1;
	end = has_end ? date_or(d, "end", 0) : AS_TIME_NEVER;
	if (end <= start)
		return as_err(err, "%s: field 'end' must be after 'start'",
		    ev->type);
	as_date_format_auto(start, ds);
	if ((h = as_office_holder_at(f, start)) != NULL) {
		as_date_format_auto(h->end, de);
		return as_err(err, "%s: field 'start': %s %s %s on %s%s%s%s: an "
		    "acting holder serves only while the office is vacant",
		    ev->type, h->person, h->acting ? "acts as" : "holds", f->id,
		    ds, h->end == AS_TIME_NEVER ? "" : " (until ",
		    h->end == AS_TIME_NEVER ? "" : de,
		    h->end == AS_TIME_NEVER ? "" : ")");
	}
	for (k = 0; k < f->nholders && f->holders[k].start <= start; k++)
		continue;
	if (k < f->nholders) {
		h = &f->holders[k];
		as_date_format_auto(h->start, de);
		if (has_end && end > h->start)
			return as_err(err, "%s: field 'end' is after the start of "
			    "%s's term on %s", ev->type, h->person, de);
		if (!has_end)
			end = h->start;
	}
	if ((a = add_holder(f, k, d, STR(d, "person"), NULL, NULL, start, end,
	    err)) == NULL)
		return -1;
	a->acting = 1;
	a->open = !has_end;
	return 0;
}

/*
 * An early end of the term of the holder in office on the event's date
 * (acting or not): from `end` the office is vacant, until an acting
 * holder or the next term.
 */
int
as_apply_office_end(as_state *st, const as_event *ev, as_error *err)
{
	const json_t *d = ev->data;
	int64_t end = date_or(d, "end", ev->when);
	char de[AS_DATE_MAX], dh[AS_DATE_MAX];
	as_office *f;
	as_holder *h;

	if ((f = need_office(st, ev, err)) == NULL)
		return -1;
	if ((h = as_office_holder_at(f, ev->when)) == NULL)
		return as_err(err, "%s: office '%s' has no holder on %s: there is "
		    "no term to end", ev->type, f->id, ev->date);
	as_date_format_auto(end, de);
	if (h->ended != NULL) {
		as_date_format_auto(h->end, dh);
		return as_err(err, "%s: %s's term in %s already ends early, on %s",
		    ev->type, h->person, f->id, dh);
	}
	if (end <= h->start) {
		as_date_format_auto(h->start, dh);
		return as_err(err, "%s: field 'end': %s is not after the start of "
		    "%s's term (%s)", ev->type, de, h->person, dh);
	}
	if (end >= h->end) {
		as_date_format_auto(h->end, dh);
		return as_err(err, "%s: field 'end': %s is not before the end of "
		    "%s's term (%s): a term that ends on time needs no %s",
		    ev->type, de, h->person, dh, ev->type);
	}
	h->ended = json_incref((json_t *)d);
	h->reason = STR(d, "reason");
	h->end = end;
	h->open = 0;
	return 0;
}

int
as_apply_proposal_open(as_state *st, const as_event *ev, as_error *err)
{
	const json_t *d = ev->data, *spec = json_object_get(d, "rule");
	const char *kind = STR(d, "kind"), *req = STR(d, "requires");
	enum as_prop_kind k = strcmp(kind, "appointment") == 0 ?
	    AS_APPOINTMENT : strcmp(kind, "recommendation") == 0 ?
	    AS_RECOMMENDATION : AS_TEXT;
	const as_proposal *rp;
	const as_body *body = NULL;
	as_proposal *p;
	as_office *f = NULL;
	as_rule *rule = NULL;
	as_org *o;
	size_t nb = 0;

	if ((o = need_org(st, d, ev->type, err)) == NULL)
		return -1;
	if (unique_id(&st->proposal_ids, STR(d, "id"), "proposal", ev, err))
		return -1;
	if (STR(d, "body") != NULL && (body = need_body(o, d, ev->type,
	    err)) == NULL)
		return -1;
	/* What it requires is in the same history: its organisation's. */
	if (req != NULL && ((rp = as_state_proposal(st, req)) == NULL ||
	    &st->orgs[rp->org] != o))
		return as_err(err, "%s: field 'requires': unknown proposal '%s' "
		    "of %s", ev->type, req, o->id);
	if (k != AS_TEXT) {
		if (STR(d, "office") == NULL)
			return as_err(err, "%s: field 'office' is required for %s",
			    ev->type, as_prop_kind_a(k));
		if ((f = as_state_office(st, STR(d, "office"))) == NULL)
			return as_err(err, "%s: unknown office '%s'", ev->type,
			    STR(d, "office"));
		if (&st->orgs[f->org] != o)
			return as_err(err, "%s: office '%s' is not an office of %s",
			    ev->type, f->id, o->id);
	} else if (STR(d, "office") != NULL) {
		return as_err(err, "%s: field 'office' is only for appointments "
		    "and recommendations", ev->type);
	}
	if (spec != NULL && (rule = as_rule_parse(spec, err)) == NULL)
		return -1;
	/* The rule must fit those who vote on it. */
	as_ballot *b = as_rule_voters(o, body, &nb);
	if (b == NULL) {
		as_rule_free(rule);
		return as_nomem(err, NULL);
	}
	int fits = rule_fits(rule ? rule : body ? body_rule(o, body) : o->rule,
	    b, nb, 1, ev->type, err);
	free(b);
	if (fits != 0) {
		as_rule_free(rule);
		return -1;
	}
	if ((p = append_indexed(&st->proposals, &st->nproposals, sizeof(*p),
	    &st->proposal_ids, STR(d, "id"))) == NULL) {
		as_rule_free(rule);
		return as_nomem(err, NULL);
	}
	p->data = json_incref((json_t *)d);
	p->id = STR(d, "id");
	p->title = STR(d, "title");
	p->text = STR(d, "text");
	p->kind = k;
	p->org = (size_t)(o - st->orgs);
	p->office = f != NULL ? (size_t)(f - st->offices) : 0;
	p->rule = rule;
	p->in_body = body != NULL;
	p->body = body != NULL ? (size_t)(body - o->bodies) : 0;
	p->requires = req;
	strcpy(p->opened_date, ev->date);
	return 0;
}

static int
need_open_appointment(const as_proposal *p, const as_event *ev, as_error *err)
{
	if (p->kind == AS_TEXT)
		return as_err(err, "%s: proposal '%s' is not an appointment "
		    "(a text has no candidates)", ev->type, p->id);
	if (p->decided)
		return as_err(err, "%s: proposal '%s' is already decided",
		    ev->type, p->id);
	return 0;
}

/*
 * Who puts a candidate forward: a member of the organisation on the
 * event's date, whether or not it sits on the body deciding; or anyone
 * else (a state that is not a member) named with 'nominated_by_name'.
 */
static int
check_nominator(const as_org *o, const as_event *ev, as_error *err)
{
	const char *by = STR(ev->data, "nominated_by");
	const as_member *m = as_org_member(o, by, NULL);
	int member = m != NULL && as_member_active(m, ev->when);

	if (member && STR(ev->data, "nominated_by_name") != NULL)
		return as_err(err, "%s: field 'nominated_by_name': %s is a member "
		    "of %s (%s): the name is for a nominator that is not one",
		    ev->type, by, o->id, m->name);
	if (!member && STR(ev->data, "nominated_by_name") == NULL) {
		if (m == NULL)
			return as_err(err, "%s: field 'nominated_by': unknown member "
			    "'%s' of %s (a nominator that is not a member is given "
			    "with its name, 'nominated_by_name')", ev->type, by, o->id);
		return as_err(err, "%s: field 'nominated_by': %s is not a member "
		    "of %s on %s (a nominator that is not a member is given with "
		    "its name, 'nominated_by_name')", ev->type, by, o->id,
		    ev->date);
	}
	return 0;
}

int
as_apply_candidate_declare(as_state *st, const as_event *ev, as_error *err)
{
	const json_t *d = ev->data;
	as_proposal *p;
	as_candidate *c;

	if ((p = need_proposal(st, d, ev->type, err)) == NULL ||
	    need_open_appointment(p, ev, err) != 0 ||
	    check_nominator(&st->orgs[p->org], ev, err) != 0)
		return -1;
	if (unique_id(&p->cand_ids, STR(d, "id"), "candidate", ev, err))
		return -1;
	if ((c = append_indexed(&p->cands, &p->ncands, sizeof(*c),
	    &p->cand_ids, STR(d, "id"))) == NULL)
		return as_nomem(err, NULL);
	c->data = json_incref((json_t *)d);
	c->id = STR(d, "id");
	c->name = STR(d, "name");
	c->nominated_by = STR(d, "nominated_by");
	c->nominated_by_name = STR(d, "nominated_by_name");
	c->state = AS_STANDING;
	return 0;
}

int
as_apply_candidate_withdraw(as_state *st, const as_event *ev, as_error *err)
{
	const json_t *d = ev->data;
	const char *endorses = STR(d, "endorses");
	as_proposal *p;
	as_candidate *c, *e;

	if ((p = need_proposal(st, d, ev->type, err)) == NULL ||
	    need_open_appointment(p, ev, err) != 0)
		return -1;
	if ((c = as_proposal_candidate(p, STR(d, "candidate"))) == NULL)
		return as_err(err, "%s: unknown candidate '%s' in %s", ev->type,
		    STR(d, "candidate"), p->id);
	if (c->state != AS_STANDING)
		return as_err(err, "%s: candidate '%s' has already withdrawn",
		    ev->type, c->id);
	if (endorses != NULL) {
		if ((e = as_proposal_candidate(p, endorses)) == NULL)
			return as_err(err, "%s: field 'endorses': unknown "
			    "candidate '%s'", ev->type, endorses);
		if (e == c || e->state != AS_STANDING)
			return as_err(err, "%s: field 'endorses': '%s' is not "
			    "another standing candidate", ev->type, endorses);
	}
	c->state = AS_WITHDRAWN;
	c->endorses = endorses;
	c->withdrawal = json_incref((json_t *)d);
	strcpy(c->withdrawn_date, ev->date);
	return 0;
}

int
as_state_has_member(const as_state *st, const char *code)
{
	for (size_t i = 0; i < st->norgs; i++)
		if (as_org_member(&st->orgs[i], code, NULL) != NULL)
			return 1;
	return 0;
}

int
as_state_knows_giver(const as_state *st, const char *by)
{
	if (as_state_has_member(st, by))
		return 1;
	for (size_t i = 0; i < st->nproposals; i++)
		if (as_proposal_candidate(&st->proposals[i], by) != NULL)
			return 1;
	return 0;
}

static as_commitment *
new_commitment(as_state *st, const json_t *d, as_error *err)
{
	as_commitment *c = append_indexed(&st->commitments,
	    &st->ncommitments, sizeof(*c), &st->commitment_ids, STR(d, "id"));

	if (c == NULL) {
		as_nomem(err, NULL);
		return NULL;
	}
	c->data = json_incref((json_t *)d);
	c->id = STR(d, "id");
	c->by = STR(d, "by");
	c->to = STR(d, "to");
	c->text = STR(d, "text");
	return c;
}

static int
check_parties(const as_state *st, const json_t *d, const as_event *ev,
    as_error *err)
{
	if (!as_state_knows_giver(st, STR(d, "by")))
		return as_err(err, "%s: field 'by': '%s' is neither a member nor "
		    "a candidate", ev->type, STR(d, "by"));
	if (!as_state_has_member(st, STR(d, "to")))
		return as_err(err, "%s: field 'to': unknown member '%s'",
		    ev->type, STR(d, "to"));
	return 0;
}

int
as_apply_commitment_ask(as_state *st, const as_event *ev, as_error *err)
{
	const json_t *d = ev->data;
	as_commitment *c;

	if (unique_id(&st->commitment_ids, STR(d, "id"), "commitment", ev, err) ||
	    check_parties(st, d, ev, err))
		return -1;
	if ((c = new_commitment(st, d, err)) == NULL)
		return -1;
	c->state = AS_ASKED;
	strcpy(c->date, ev->date);
	return 0;
}

int
as_apply_commitment_give(as_state *st, const as_event *ev, as_error *err)
{
	const json_t *d = ev->data;
	as_commitment *c = as_state_commitment(st, STR(d, "id"));

	if (c != NULL && c->state != AS_ASKED)
		return as_err(err, "%s: commitment '%s' was already given%s",
		    ev->type, c->id, c->state == AS_REVOKED ? " and revoked" : "");
	if (c == NULL) {
		for (const char *const *k = (const char *const[]){ "by", "to",
		    "text", NULL }; *k != NULL; k++)
			if (json_object_get(d, *k) == NULL)
				return as_err(err, "%s: field '%s' is required for "
				    "a commitment not asked before", ev->type, *k);
		if (check_parties(st, d, ev, err) != 0 ||
		    (c = new_commitment(st, d, err)) == NULL)
			return -1;
	} else {
		for (const char *const *k = (const char *const[]){ "by", "to",
		    NULL }; *k != NULL; k++)
			if (STR(d, *k) != NULL &&
			    strcmp(STR(d, *k), STR(c->data, *k)) != 0)
				return as_err(err, "%s: field '%s' differs from the "
				    "commitment asked for ('%s')", ev->type, *k,
				    STR(c->data, *k));
	}
	c->given = json_incref((json_t *)d);
	c->document = STR(d, "document");
	c->source = STR(d, "source");
	if (STR(d, "text") != NULL)
		c->text = STR(d, "text");
	c->state = AS_GIVEN;
	strcpy(c->date, ev->date);
	return 0;
}

int
as_apply_commitment_revoke(as_state *st, const as_event *ev, as_error *err)
{
	as_commitment *c = as_state_commitment(st, STR(ev->data, "id"));

	if (c == NULL)
		return as_err(err, "%s: unknown commitment '%s'", ev->type,
		    STR(ev->data, "id"));
	if (c->state != AS_GIVEN)
		return as_err(err, "%s: commitment '%s' is not in force",
		    ev->type, c->id);
	c->state = AS_REVOKED;
	strcpy(c->date, ev->date);
	return 0;
}

static as_stance
stance_of(const char *s)
{
	return strcmp(s, "support") == 0 ? AS_SUPPORT :
	    strcmp(s, "object") == 0 ? AS_OBJECT :
	    strcmp(s, "abstain") == 0 ? AS_ABSTAIN : AS_NONE;
}

/* The member whose stance ev is, on the body p is put to (if any) on
 * the event's date. */
static int
need_seat(const as_state *st, const as_proposal *p, const as_event *ev,
    as_error *err)
{
	const as_body *b = as_proposal_body(st, p);

	if (b != NULL && as_body_seat_at(b, STR(ev->data, "member"),
	    ev->when) == NULL)
		return as_err(err, "%s: field 'member': %s does not sit on %s "
		    "of %s on %s, to which %s is put", ev->type,
		    STR(ev->data, "member"), b->id, st->orgs[p->org].id,
		    ev->date, p->id);
	return 0;
}

/*
 * The checks a declared or reported stance shares: the proposal, open;
 * the member, active at the event's date; the candidate, standing; the
 * conditions, naming commitments. 0 with *pp, *mi and *sp set, or -1.
 */
static int
check_stance(const as_state *st, const as_event *ev, as_proposal **pp,
    size_t *mi, as_stance *sp, as_error *err)
{
	const json_t *d = ev->data, *conds = json_object_get(d, "conditions");
	const char *cand = STR(d, "candidate");
	as_stance s = stance_of(STR(d, "position"));
	as_proposal *p;
	as_candidate *c;
	size_t i;
	json_t *e;

	if ((p = need_proposal(st, d, ev->type, err)) == NULL)
		return -1;
	if (p->decided)
		return as_err(err, "%s: proposal '%s' is already decided",
		    ev->type, p->id);
	if (need_member(&st->orgs[p->org], STR(d, "member"), ev, mi,
	    err) == NULL || need_seat(st, p, ev, err) != 0)
		return -1;
	if (p->kind == AS_TEXT && cand != NULL)
		return as_err(err, "%s: field 'candidate' is only for "
		    "appointments", ev->type);
	if (p->kind != AS_TEXT && s == AS_SUPPORT && cand == NULL)
		return as_err(err, "%s: support on %s must name a candidate",
		    ev->type, as_prop_kind_a(p->kind));
	if (cand != NULL) {
		if ((c = as_proposal_candidate(p, cand)) == NULL)
			return as_err(err, "%s: unknown candidate '%s' in %s",
			    ev->type, cand, p->id);
		if (c->state == AS_WITHDRAWN)
			return as_err(err, "%s: candidate '%s' has withdrawn on %s",
			    ev->type, cand, c->withdrawn_date);
	}
	if (conds != NULL) {
		if (s != AS_SUPPORT)
			return as_err(err, "%s: conditions go with support only",
			    ev->type);
		json_array_foreach(conds, i, e)
			if (as_state_commitment(st, json_string_value(e)) == NULL)
				return as_err(err, "%s: condition '%s' names an "
				    "unknown commitment", ev->type,
				    json_string_value(e));
	}
	*pp = p;
	*sp = s;
	return 0;
}

/* The places of an org's members (n of them) in *v, from *nv: made
 * empty. 0, or -1 if out of memory (the array as it was). */
static int
fill_places(as_position **v, size_t *nv, size_t n)
{
	as_position *ps;

	if (*nv >= n)
		return 0;
	if ((ps = as_realloc(*v, n * sizeof(*ps))) == NULL)
		return -1;
	memset(ps + *nv, 0, (n - *nv) * sizeof(*ps));
	for (size_t i = *nv; i < n; i++)
		ps[i].broke = AS_TIME_NEVER;
	*v = ps;
	*nv = n;
	return 0;
}

/*
 * A declaration goes in its place: the candidate's it names, or the
 * proposal's. One that names no candidate speaks of every candidate: it
 * replaces the member's stances on each (whose first breaks of silence
 * it keeps).
 */
int
as_apply_position_declare(as_state *st, const as_event *ev, as_error *err)
{
	const json_t *d = ev->data;
	as_candidate *c = NULL;
	as_stance s;
	as_proposal *p;
	as_position *pos;
	size_t mi, n, i;

	if (check_stance(st, ev, &p, &mi, &s, err) != 0)
		return -1;
	n = st->orgs[p->org].nmembers;
	if (STR(d, "candidate") != NULL)
		c = as_proposal_candidate(p, STR(d, "candidate"));
	if ((c != NULL ? fill_places(&c->positions, &c->npositions, n) :
	    fill_places(&p->positions, &p->npositions, n)) != 0)
		return as_nomem(err, NULL);
	pos = c != NULL ? &c->positions[mi] : &p->positions[mi];
	for (i = 0; c == NULL && i < p->ncands; i++) {
		as_position *on;
		if (mi >= p->cands[i].npositions)
			continue;
		on = &p->cands[i].positions[mi];
		if (on->broke < pos->broke)
			pos->broke = on->broke;
		json_decref(on->data);
		memset(on, 0, sizeof(*on));
		on->broke = AS_TIME_NEVER;
	}
	json_decref(pos->data);
	pos->data = json_incref((json_t *)d);
	pos->position = STR(d, "position");
	pos->candidate = STR(d, "candidate");
	pos->source = STR(d, "source");
	pos->stance = s;
	pos->when = ev->when;
	if ((s == AS_OBJECT || json_object_get(d, "amendment") != NULL) &&
	    ev->when < pos->broke)
		pos->broke = ev->when;
	strcpy(pos->date, ev->date);
	return 0;
}

int
as_source_confirms(const as_source *src, const char *member, const char *org)
{
	return src->by != NULL && (strcmp(src->by, member) == 0 ||
	    strcmp(src->by, org) == 0) && as_source_kinds[src->kind].confirms;
}

int
as_apply_position_report(as_state *st, const as_event *ev, as_error *err)
{
	const json_t *d = ev->data, *cites = json_object_get(d, "cites");
	const char *org;
	as_source *src;
	as_stance s;
	as_proposal *p;
	as_report *r;
	size_t mi;

	if (check_stance(st, ev, &p, &mi, &s, err) != 0)
		return -1;
	org = st->orgs[p->org].id;
	if (json_array_size(cites) != 1)
		return as_err(err, "%s: field 'cites': a report cites one source "
		    "(record one report a source)", ev->type);
	src = as_state_source(st, json_string_value(json_array_get(cites, 0)));
	if (src == NULL || strcmp(src->org, org) != 0)
		return as_err(err, "%s: field 'cites': unknown source '%s' of %s",
		    ev->type, json_string_value(json_array_get(cites, 0)), org);
	/* Reports are kept in order of their dates, and at one date in an
	 * order of their payloads, never of their recording. */
	size_t k = p->nreports;
	while (k > 0 && as_report_order(p->reports[k - 1].data,
	    p->reports[k - 1].when, d, ev->when) > 0)
		k--;
	r = as_realloc(p->reports, (p->nreports + 1) * sizeof(*r));
	if (r == NULL)
		return as_nomem(err, NULL);
	p->reports = r;
	memmove(&r[k + 1], &r[k], (p->nreports - k) * sizeof(*r));
	p->nreports++;
	r = &r[k];
	memset(r, 0, sizeof(*r));
	r->data = json_incref((json_t *)d);
	r->member = STR(d, "member");
	r->position = STR(d, "position");
	r->candidate = STR(d, "candidate");
	r->note = STR(d, "source");
	r->stance = s;
	r->source = (size_t)(src - st->sources);
	r->confirms = as_source_confirms(src, r->member, org);
	strcpy(r->date, ev->date);
	r->when = ev->when;
	r->seq = ev->seq ? ev->seq : st->seq + 1;
	return 0;
}

/*
 * A round of a straw poll: the next of its proposal's (1, then each the
 * next: a round out of order or repeated is refused), on an appointment
 * not yet decided, its marks or tallies as as_poll_check wants them.
 * Indicative: it changes no stance and nothing the rule reads.
 */
int
as_apply_poll_round(as_state *st, const as_event *ev, as_error *err)
{
	const json_t *d = ev->data;
	int64_t round = json_integer_value(json_object_get(d, "round"));
	as_proposal *p;
	as_poll *r;

	if ((p = need_proposal(st, d, ev->type, err)) == NULL)
		return -1;
	if (p->decided)
		return as_err(err, "%s: proposal '%s' is already decided",
		    ev->type, p->id);
	if (round <= (int64_t)p->npolls)
		return as_err(err, "%s: field 'round': round %lld of %s is "
		    "already recorded (on %s)", ev->type, (long long)round,
		    p->id, p->polls[round - 1].date);
	if (round != (int64_t)p->npolls + 1)
		return as_err(err, "%s: field 'round': round %lld of %s is out "
		    "of order (the next is %zu)", ev->type, (long long)round,
		    p->id, p->npolls + 1);
	if (as_poll_check(st, p, d, ev->when, ev->date, 1, err) != 0)
		return -1;
	if ((r = grow(p->polls, p->npolls, sizeof(*r))) == NULL)
		return as_nomem(err, NULL);
	p->polls = r;
	r = &r[p->npolls++];
	memset(r, 0, sizeof(*r));
	r->data = json_incref((json_t *)d);
	r->round = round;
	r->secret = json_is_true(json_object_get(d, "secret"));
	strcpy(r->date, ev->date);
	r->when = ev->when;
	return 0;
}

/* Compares two strings, NULL first. */
static int
cmp_str(const char *a, const char *b)
{
	if (a == NULL || b == NULL)
		return (a != NULL) - (b != NULL);
	return strcmp(a, b);
}

int
as_report_order(const json_t *a, int64_t aw, const json_t *b, int64_t bw)
{
	static const char *const keys[] = { "member", "position", "candidate",
	    "source", NULL };
	const json_t *ca = json_object_get(a, "conditions"),
	    *cb = json_object_get(b, "conditions");
	int c;

	if (aw != bw)
		return aw < bw ? -1 : 1;
	if ((c = cmp_str(json_string_value(json_array_get(json_object_get(a,
	    "cites"), 0)), json_string_value(json_array_get(json_object_get(b,
	    "cites"), 0)))) != 0)
		return c < 0 ? -1 : 1;
	for (size_t i = 0; keys[i] != NULL; i++)
		if ((c = cmp_str(STR(a, keys[i]), STR(b, keys[i]))) != 0)
			return c < 0 ? -1 : 1;
	for (size_t i = 0; i < json_array_size(ca) || i < json_array_size(cb);
	    i++)
		if ((c = cmp_str(json_string_value(json_array_get(ca, i)),
		    json_string_value(json_array_get(cb, i)))) != 0)
			return c < 0 ? -1 : 1;
	return 0;
}

int
as_apply_source_declare(as_state *st, const as_event *ev, as_error *err)
{
	const json_t *d = ev->data;
	as_source *src;

	/* No check of the organisation: a source has no place in the
	 * history, and comes before the organisation's creation there (the
	 * ledger checks that the organisation exists, scope.c). */
	if (unique_id(&st->source_ids, STR(d, "id"), "source", ev, err))
		return -1;
	if ((src = append_indexed(&st->sources, &st->nsources, sizeof(*src),
	    &st->source_ids, STR(d, "id"))) == NULL)
		return as_nomem(err, NULL);
	as_source_set(src, d);
	return 0;
}

void
as_source_set(as_source *src, const json_t *d)
{
	src->data = json_incref((json_t *)d);
	src->id = STR(d, "id");
	src->org = STR(d, "org");
	src->title = STR(d, "title");
	src->by = STR(d, "by");
	src->kind = as_source_kind_find(STR(d, "kind"));
}

/* The weights of a source.rank payload, checked: every kind, no other. */
int
as_ranking_weights(const json_t *d, double w[AS_SOURCE_KINDS], as_error *err)
{
	const json_t *ws = json_object_get(d, "weights");
	const char *key;
	json_t *v;
	int k;

	json_object_foreach((json_t *)ws, key, v)
		if (as_source_kind_find(key) < 0)
			return as_err(err, "source.rank: field 'weights': '%s' is "
			    "not a source kind", key);
	for (k = 0; k < AS_SOURCE_KINDS; k++) {
		if ((v = json_object_get(ws, as_source_kinds[k].id)) == NULL)
			return as_err(err, "source.rank: field 'weights': kind "
			    "'%s' is missing (give every kind its weight)",
			    as_source_kinds[k].id);
		w[k] = json_number_value(v);
	}
	return 0;
}

int
as_apply_source_rank(as_state *st, const as_event *ev, as_error *err)
{
	const json_t *d = ev->data;
	double w[AS_SOURCE_KINDS];
	as_ranking *r = NULL;
	size_t i;

	if (as_ranking_weights(d, w, err) != 0)
		return -1;
	for (i = 0; i < st->nrankings; i++)
		if (strcmp(st->rankings[i].org, STR(d, "org")) == 0)
			r = &st->rankings[i];
	if (r == NULL) {
		if ((r = as_realloc(st->rankings, (st->nrankings + 1) *
		    sizeof(*r))) == NULL)
			return as_nomem(err, NULL);
		st->rankings = r;
		r = &r[st->nrankings++];
		memset(r, 0, sizeof(*r));
	}
	json_decref(r->data);
	r->data = json_incref((json_t *)d);
	r->org = STR(d, "org");
	memcpy(r->weight, w, sizeof(w));
	return 0;
}

int
as_apply_event_correct(as_state *st, const as_event *ev, as_error *err)
{
	const json_t *d = ev->data;
	int64_t seq = (int64_t)json_integer_value(json_object_get(d, "seq"));
	int64_t by = ev->seq ? ev->seq : st->seq + 1;
	const as_correction *prev = as_state_correction(st, seq);
	as_correction *c;

	/* What the correction does is the ledger's: it folds the history
	 * without the event, or with the payload in its place. The state
	 * keeps the corrections, for the next one and for the views. */
	if (seq >= by)
		return as_err(err, "%s: field 'seq': event %lld is not before "
		    "this one", ev->type, (long long)seq);
	if (prev != NULL)
		return as_err(err, "%s: event %lld is already corrected (by "
		    "event %lld)", ev->type, (long long)seq, (long long)prev->by);
	if (json_object_get(d, "source") == NULL &&
	    json_object_get(d, "cites") == NULL)
		return as_err(err, "%s: field 'source' or 'cites' is required: "
		    "on whose word it is corrected", ev->type);
	if ((c = as_realloc(st->corrections, (st->ncorrections + 1) *
	    sizeof(*c))) == NULL)
		return as_nomem(err, NULL);
	st->corrections = c;
	c = &c[st->ncorrections++];
	c->data = json_incref((json_t *)d);
	c->seq = seq;
	c->by = by;
	c->payload = json_object_get(d, "payload");
	return 0;
}

as_stance
as_position_effective(const as_state *st, const as_proposal *p,
    const as_position *pos, const char *candidate, size_t *open)
{
	const json_t *conds;
	as_candidate *c;
	size_t i, unmet = 0;
	json_t *e;

	if (open != NULL)
		*open = 0;
	if (pos == NULL || pos->data == NULL || pos->stance == AS_NONE)
		return AS_NONE;
	if (pos->candidate != NULL) {
		c = as_proposal_candidate(p, pos->candidate);
		if (c == NULL || c->state == AS_WITHDRAWN)
			return AS_NONE;		/* lapsed */
		/* A position on another candidate says nothing of this one. */
		if (candidate != NULL && strcmp(candidate, pos->candidate) != 0)
			return AS_NONE;
	}
	if (pos->stance != AS_SUPPORT)
		return pos->stance;
	conds = json_object_get(pos->data, "conditions");
	json_array_foreach(conds, i, e) {
		as_commitment *cm = as_state_commitment(st, json_string_value(e));
		if (cm == NULL || cm->state != AS_GIVEN)
			unmet++;
	}
	if (open != NULL)
		*open = unmet;
	return unmet ? AS_PENDING : AS_SUPPORT;
}

/* Whether member m votes at t on a proposal put to body (NULL: the
 * whole membership): a member then, and seated on it (*seat). */
static int
votes_on(const as_body *body, const as_member *m, int64_t t,
    const as_seat **seat)
{
	*seat = NULL;
	return as_member_active(m, t) && (body == NULL ||
	    (*seat = as_body_seat_at(body, m->code, t)) != NULL);
}

size_t
as_proposal_voters(const as_state *st, const as_proposal *p, int64_t t)
{
	const as_org *o = &st->orgs[p->org];
	const as_body *body = as_proposal_body(st, p);
	const as_seat *seat;
	size_t n = 0;

	for (size_t i = 0; i < o->nmembers; i++)
		n += (size_t)votes_on(body, &o->members[i], t, &seat);
	return n;
}

int
as_proposal_ballots(const as_state *st, const as_proposal *p,
    const char *candidate, int64_t t, as_basis basis, as_ballot **ballots,
    size_t **members, size_t *nballots)
{
	const as_org *o = &st->orgs[p->org];
	as_ballot *b = as_calloc(o->nmembers + 1, sizeof(*b));
	size_t *idx = as_calloc(o->nmembers + 1, sizeof(*idx)), n = 0;
	as_evidence e;

	if (b == NULL || idx == NULL) {
		free(b);
		free(idx);
		return -1;
	}
	const as_body *body = as_proposal_body(st, p);

	for (size_t i = 0; i < o->nmembers; i++) {
		const as_member *m = &o->members[i];
		const as_seat *seat = NULL;
		if (!votes_on(body, m, t, &seat))
			continue;
		as_member_evidence(st, p, i, candidate, basis, &e);
		const as_position *pos = e.pos.data != NULL ? &e.pos : NULL;
		b[n].code = m->code;
		b[n].weights = seat != NULL ? as_seat_weights(o, seat) :
		    json_object_get(m->data, "weights");
		b[n].stance = as_position_effective(st, p, pos, candidate, NULL);
		b[n].since = pos ? pos->when : AS_TIME_NEVER;
		/* Only a declaration breaks silence (as_member_evidence). */
		b[n].broke = e.pos.broke;
		b[n].reason = pos ? STR(pos->data, "reason") : NULL;
		idx[n++] = i;
	}
	*ballots = b;
	*members = idx;
	*nballots = n;
	return 0;
}

int
as_tally_set(as_tally *ty, const json_t *d, size_t members, const char **over)
{
	static const char *const counts[] = { "for", "against", "abstain",
	    "not_voting" };
	uint64_t k[4], total = 0;

	*over = NULL;
	for (size_t i = 0; i < 4; i++) {
		k[i] = (uint64_t)json_integer_value(json_object_get(d, counts[i]));
		/* Each at most the members: the sum cannot overflow. */
		if (k[i] > members) {
			*over = counts[i];
			return -1;
		}
		total += k[i];
	}
	if (total > members)
		return -1;
	memset(ty, 0, sizeof(*ty));
	ty->data = json_incref((json_t *)d);
	ty->candidate = STR(d, "candidate");
	ty->yes = k[0];
	ty->no = k[1];
	ty->abstain = k[2];
	ty->not_voting = k[3];
	ty->members = members;
	return 0;
}

int
as_tally_on(const as_tally *ty, const char *candidate)
{
	if (candidate == NULL || ty->candidate == NULL)
		return candidate == ty->candidate;
	return strcmp(candidate, ty->candidate) == 0;
}

const as_tally *
as_proposal_tally(const as_proposal *p, const char *candidate)
{
	for (size_t i = p->ntallies; i > 0; i--)
		if (as_tally_on(&p->tallies[i - 1], candidate))
			return &p->tallies[i - 1];
	return NULL;
}

int
as_tally_eval(const as_state *st, const as_proposal *p, const as_tally *ty,
    as_verdict *v)
{
	/* Each vote a ballot of no name: the kinds that name members in
	 * their reasons name the vote instead ("a vote against"). */
	const struct { const char *code; as_stance s; uint64_t k; } votes[] = {
		{ "a vote for", AS_SUPPORT, ty->yes },
		{ "a vote against", AS_OBJECT, ty->no },
		{ "an abstention", AS_ABSTAIN, ty->abstain },
		{ "a member not voting", AS_NONE, ty->members - ty->yes - ty->no -
		  ty->abstain }
	};
	as_rule_ctx ctx = { ty->when, 1 };
	as_ballot *b = as_calloc(ty->members + 1, sizeof(*b));
	char why[AS_WHY_MAX];
	size_t n = 0;

	if (b == NULL)
		return -1;
	for (size_t i = 0; i < sizeof(votes) / sizeof(votes[0]); i++)
		for (uint64_t k = 0; k < votes[i].k; k++)
			b[n++] = (as_ballot){ .code = votes[i].code,
			    .stance = votes[i].s, .since = ty->when,
			    .broke = AS_TIME_NEVER };
	if (as_rule_eval(as_proposal_rule(st, p), b, n, &ctx, v) != 0) {
		free(b);
		return -1;
	}
	free(b);
	v->nmissing = 0;
	if (v->outcome != AS_OUT_ADOPTED)
		v->outcome = AS_OUT_REJECTED;
	/* A reason longer than AS_WHY_MAX is cut there, as every reason. */
	if (snprintf(why, sizeof(why), "secret vote of %s: %llu for, %llu "
	    "against, %llu abstaining, %llu not voting, of %zu members: %s",
	    ty->date, (unsigned long long)ty->yes, (unsigned long long)ty->no,
	    (unsigned long long)ty->abstain, (unsigned long long)votes[3].k,
	    ty->members, v->why) >= (int)sizeof(why))
		why[sizeof(why) - 1] = '\0';
	memcpy(v->why, why, sizeof(why));
	return 0;
}

int
as_proposal_eval(const as_state *st, const as_proposal *p,
    const char *candidate, int64_t t, int deciding, as_basis basis,
    as_verdict *v, size_t **members, size_t *nmembers)
{
	const as_tally *ty = as_proposal_tally(p, candidate);
	as_ballot *b;
	size_t *idx, n;
	as_rule_ctx ctx = { t, deciding };

	if (as_proposal_ballots(st, p, candidate, t, basis, &b, &idx, &n) != 0)
		return -1;
	if (ty != NULL ? as_tally_eval(st, p, ty, v) != 0 :
	    as_rule_eval(as_proposal_rule(st, p), b, n, &ctx, v) != 0) {
		free(b);
		free(idx);
		return -1;
	}
	for (size_t i = 0; i < v->nmissing; i++)
		v->missing[i] = idx[v->missing[i]];
	free(b);
	*members = idx;
	*nmembers = n;
	return 0;
}

/*
 * The term an appointment's decision gives: from when the incumbent's
 * term ends (or the decision's date if the office is vacant, or an acting
 * holder's only), or a later 'start'; to 'end' if the decision fixes
 * it, else for the office's term. 0, or -1 with err naming the field.
 */
static int
term_of(const as_state *st, const as_proposal *p, const as_event *ev,
    int64_t *startp, int64_t *endp, as_error *err)
{
	const json_t *d = ev->data;
	const as_office *f = &st->offices[p->office];
	const as_holder *last = f->nholders ? &f->holders[f->nholders - 1] : NULL;
	int64_t start = ev->when, end;
	char ds[AS_DATE_MAX], de[AS_DATE_MAX];

	if (last != NULL && !last->open && last->end > start)
		start = last->end;
	if (json_object_get(d, "start") != NULL) {
		int64_t s = date_or(d, "start", start);
		if (s < start)
			return as_err(err, "%s: field 'start' is before the "
			    "decision or the incumbent's term end", ev->type);
		start = s;
	}
	if (!may_follow(f, start))
		return as_err(err, "%s: the term would begin before the acting "
		    "holder's (give 'start')", ev->type);
	end = date_or(d, "end", as_date_add(start, &f->term));
	if (end <= start) {
		as_date_format_auto(end, de);
		as_date_format_auto(start, ds);
		return as_err(err, "%s: field 'end': %s is not after the term's "
		    "start (%s)", ev->type, de, ds);
	}
	*startp = start;
	*endp = end;
	return 0;
}

/* The body a decision names ('body') is the one its proposal is put
 * to. */
static int
check_decider(const as_state *st, const as_proposal *p, const as_event *ev,
    as_error *err)
{
	const char *by = STR(ev->data, "body");
	const as_org *o = &st->orgs[p->org];
	const as_body *b = as_proposal_body(st, p);

	if (by == NULL)
		return 0;
	if (as_org_body(o, by) == NULL)
		return as_err(err, "%s: field 'body': unknown body '%s' of %s",
		    ev->type, by, o->id);
	if (b == NULL)
		return as_err(err, "%s: field 'body': proposal '%s' is put to the "
		    "whole membership of %s, not to %s", ev->type, p->id, o->id,
		    by);
	if (strcmp(b->id, by) != 0)
		return as_err(err, "%s: field 'body': proposal '%s' is put to %s, "
		    "not to %s", ev->type, p->id, b->id, by);
	return 0;
}

/*
 * The decision p requires first ('requires'), taken; and, when both
 * name a candidate, for the same one (by id).
 */
static int
check_required(const as_state *st, const as_proposal *p, const as_event *ev,
    as_error *err)
{
	const as_proposal *r = as_state_proposal(st, p->requires);
	const char *cand = STR(ev->data, "candidate"), *rc;

	if (p->requires == NULL)
		return 0;
	if (!r->decided)
		return as_err(err, "%s: proposal '%s' requires the decision on "
		    "'%s' first (its 'requires'), and none is recorded by %s",
		    ev->type, p->id, r->id, ev->date);
	rc = STR(r->decision, "candidate");
	if (cand != NULL && rc != NULL && strcmp(cand, rc) != 0)
		return as_err(err, "%s: field 'candidate': '%s' is not the "
		    "candidate of the decision on '%s' (%s), which %s requires",
		    ev->type, cand, r->id, rc, p->id);
	return 0;
}

/*
 * A decision by acclamation (decision.take's 'by'): the secretariat's
 * record that the body adopted it without objection at a meeting, no
 * individual positions taken, so the rule is not counted on positions.
 * It rests on a source, and no formal objection may stand on the
 * record that day (the member's change is to be recorded first). 0, or
 * -1 with err naming the objector.
 */
static int
acclamation_fits(const as_state *st, const as_proposal *p, const char *cand,
    const as_event *ev, as_error *err)
{
	as_ballot *b;
	size_t *idx, n, i;

	if (json_object_get(ev->data, "source") == NULL &&
	    json_object_get(ev->data, "cites") == NULL)
		return as_err(err, "%s: by acclamation: field 'source' or 'cites' "
		    "is required (the record of the meeting)", ev->type);
	if (as_proposal_ballots(st, p, cand, ev->when, AS_BASIS_REPORTED, &b,
	    &idx, &n) != 0)
		return as_nomem(err, NULL);
	for (i = 0; i < n && b[i].stance != AS_OBJECT; i++)
		continue;
	if (i < n)
		as_err(err, "%s: by acclamation, without objection, but %s's "
		    "objection stands on %s (record its change first)", ev->type,
		    b[i].code, ev->date);
	free(b);
	free(idx);
	return i < n ? -1 : 0;
}

/*
 * Whether p's rule holds for cand on the decision ev's date, on
 * everything the record holds (the best reported positions), as a
 * decision taken then: 0, or -1 with err naming the members missing or
 * the rule's reason.
 */
static int
decision_holds(const as_state *st, const as_proposal *p, const char *cand,
    const as_event *ev, as_error *err)
{
	const as_org *o = &st->orgs[p->org];
	char missing[AS_ERR_MAX / 2] = "";
	size_t *members = NULL, nm, len = 0;
	as_verdict v;

	if (as_proposal_eval(st, p, cand, ev->when, 1, AS_BASIS_REPORTED, &v,
	    &members, &nm) != 0)
		return as_nomem(err, NULL);
	free(members);
	if (v.holds) {
		as_verdict_clear(&v);
		return 0;
	}
	for (size_t i = 0; i < v.nmissing && len + 8 < sizeof(missing); i++)
		len += (size_t)snprintf(missing + len, sizeof(missing) - len,
		    "%s%s", i ? " " : "", o->members[v.missing[i]].code);
	as_err(err, "%s: the rule (%s) does not hold for %s%s%s on %s: "
	    "%s%.200s", ev->type, json_string_value(json_object_get(
	    as_proposal_rule(st, p)->spec, "type")), p->id,
	    cand ? " / " : "", cand ? cand : "", ev->date,
	    v.nmissing ? "missing " : "", v.nmissing ? missing : v.why);
	as_verdict_clear(&v);
	return -1;
}

int
as_apply_decision_take(as_state *st, const as_event *ev, as_error *err)
{
	const json_t *d = ev->data;
	const char *cand = STR(d, "candidate");
	as_proposal *p;
	as_candidate *c = NULL;
	int64_t start = 0, end = 0;

	if ((p = need_proposal(st, d, ev->type, err)) == NULL)
		return -1;
	if (p->decided)
		return as_err(err, "%s: proposal '%s' is already decided",
		    ev->type, p->id);
	if (check_decider(st, p, ev, err) != 0)
		return -1;
	if (p->kind == AS_RECOMMENDATION && (json_object_get(d, "start") !=
	    NULL || json_object_get(d, "end") != NULL))
		return as_err(err, "%s: fields 'start' and 'end' are only for "
		    "appointments (a recommendation appoints no one)", ev->type);
	if (p->kind != AS_TEXT) {
		if (cand == NULL)
			return as_err(err, "%s: field 'candidate' is required for "
			    "%s", ev->type, as_prop_kind_a(p->kind));
		if ((c = as_proposal_candidate(p, cand)) == NULL)
			return as_err(err, "%s: unknown candidate '%s' in %s",
			    ev->type, cand, p->id);
		if (c->state != AS_STANDING)
			return as_err(err, "%s: candidate '%s' has withdrawn",
			    ev->type, cand);
	} else if (cand != NULL || json_object_get(d, "start") != NULL ||
	    json_object_get(d, "end") != NULL) {
		return as_err(err, "%s: fields 'candidate', 'start' and 'end' are "
		    "only for appointments", ev->type);
	}
	if (check_required(st, p, ev, err) != 0)
		return -1;
	if (p->kind == AS_APPOINTMENT &&
	    (term_of(st, p, ev, &start, &end, err)) != 0)
		return -1;
	if (STR(d, "by") != NULL ? acclamation_fits(st, p, cand, ev, err) != 0 :
	    decision_holds(st, p, cand, ev, err) != 0)
		return -1;
	if (p->kind == AS_APPOINTMENT) {
		as_office *f = &st->offices[p->office];
		as_holder *h = add_holder(f, f->nholders, d, c->name, c->id,
		    p->id, start, end, err);
		if (h == NULL)
			return -1;
		h->nationality = c->nominated_by;
		close_open(f);
		c->state = AS_APPOINTED;
	} else if (c != NULL) {
		c->state = AS_RECOMMENDED;
	}
	p->decided = 1;
	p->decision = json_incref((json_t *)d);
	strcpy(p->decided_date, ev->date);
	return 0;
}

/*
 * A secret vote on one option of a proposal still open, known by its
 * tally: the candidate standing (appointments), the rule one that a
 * tally decides (as_rule_tally), and no more votes counted than the
 * organisation has members on its date. It does not decide the
 * proposal: decision.take does, on the latest vote.
 */
int
as_apply_vote_tally(as_state *st, const as_event *ev, as_error *err)
{
	const json_t *d = ev->data;
	const char *cand = STR(d, "candidate"), *over, *voters;
	as_error why[1];
	as_proposal *p;
	as_candidate *c;
	as_tally ty, *ts;
	size_t members;

	if ((p = need_proposal(st, d, ev->type, err)) == NULL)
		return -1;
	if (p->decided)
		return as_err(err, "%s: proposal '%s' is already decided",
		    ev->type, p->id);
	if (p->kind == AS_APPOINTMENT && cand == NULL)
		return as_err(err, "%s: field 'candidate' is required for an "
		    "appointment", ev->type);
	if (p->kind == AS_TEXT && cand != NULL)
		return as_err(err, "%s: field 'candidate' is only for "
		    "appointments", ev->type);
	if (cand != NULL && (c = as_proposal_candidate(p, cand)) == NULL)
		return as_err(err, "%s: unknown candidate '%s' in %s", ev->type,
		    cand, p->id);
	if (cand != NULL && c->state == AS_WITHDRAWN)
		return as_err(err, "%s: candidate '%s' has withdrawn on %s",
		    ev->type, cand, c->withdrawn_date);
	if (as_rule_tally(as_proposal_rule(st, p), why) != 0)
		return as_wrap(err, why, "%s", ev->type);
	members = as_proposal_voters(st, p, ev->when);
	voters = as_proposal_body(st, p) != NULL ? as_proposal_body(st,
	    p)->id : st->orgs[p->org].id;
	if (as_tally_set(&ty, d, members, &over) != 0) {
		if (over != NULL)
			return as_err(err, "%s: field '%s': %lld is more than the "
			    "%zu members of %s on %s", ev->type, over, (long long)
			    json_integer_value(json_object_get(d, over)), members,
			    voters, ev->date);
		/* Each count at most the members: their sum fits. */
		return as_err(err, "%s: the tally counts %lld votes (%lld for, "
		    "%lld against, %lld abstaining, %lld not voting), more than "
		    "the %zu members of %s on %s", ev->type, (long long)(
		    json_integer_value(json_object_get(d, "for")) +
		    json_integer_value(json_object_get(d, "against")) +
		    json_integer_value(json_object_get(d, "abstain")) +
		    json_integer_value(json_object_get(d, "not_voting"))),
		    (long long)json_integer_value(json_object_get(d, "for")),
		    (long long)json_integer_value(json_object_get(d, "against")),
		    (long long)json_integer_value(json_object_get(d, "abstain")),
		    (long long)json_integer_value(json_object_get(d, "not_voting")),
		    members, voters, ev->date);
	}
	if ((ts = grow(p->tallies, p->ntallies, sizeof(*ts))) == NULL) {
		json_decref(ty.data);
		return as_nomem(err, NULL);
	}
	p->tallies = ts;
	strcpy(ty.date, ev->date);
	ty.when = ev->when;
	ts[p->ntallies++] = ty;
	return 0;
}

/*
 * Whether the source's author (by) is known when ev cites it: the
 * organisation itself, one of its members (at any time), or the member
 * ev itself names (a member's accession citing its own act). A source
 * has no place in the history, so its author is checked where it is
 * cited.
 */
static int
source_author_known(const as_state *st, const as_source *src,
    const as_event *ev)
{
	const as_org *o;
	const char *self;

	if (src->by == NULL || strcmp(src->by, src->org) == 0)
		return 1;
	if ((o = as_state_org(st, src->org)) != NULL &&
	    as_org_member(o, src->by, NULL) != NULL)
		return 1;
	self = STR(ev->data, "code");
	if (self == NULL)
		self = STR(ev->data, "member");
	return self != NULL && strcmp(self, src->by) == 0;
}

/*
 * Every source an event cites is a source record of its organisation
 * (when the ledger has told it: ev->org), declared (sources have no
 * place in the history: any event may cite any source recorded), by an
 * author the organisation knows (unless the event too comes before the
 * history, where its members are not yet known).
 */
static int
check_cites(const as_state *st, const as_event_type *t, const as_event *ev,
    as_error *err)
{
	const json_t *e;
	const as_source *src;
	size_t i;

	json_array_foreach(json_object_get(ev->data, "cites"), i, e) {
		src = as_state_source(st, json_string_value(e));
		if (src == NULL || (ev->org[0] != '\0' &&
		    strcmp(src->org, ev->org) != 0))
			return as_err(err, "%s: field 'cites': unknown source '%s'"
			    "%s%s", ev->type, json_string_value(e),
			    ev->org[0] ? " of " : "", ev->org);
		if (!(t->flags & AS_T_TIMELESS) &&
		    !source_author_known(st, src, ev))
			return as_err(err, "%s: field 'cites': source '%s' is "
			    "by '%s', neither %s nor one of its members",
			    ev->type, src->id, src->by, src->org);
	}
	return 0;
}

int
as_state_apply(as_state *st, const as_event *ev, as_error *err)
{
	const as_event_type *t = as_event_type_find(ev->type, 0);

	/* The ledger applies each organisation's events in order of date,
	 * then seq (ledger.h): the fold itself keeps no order. */
	if (t == NULL)
		return as_err(err, "unknown event type '%s'", ev->type);
	if (as_schema_check(t, ev->data, err) != 0 ||
	    check_cites(st, t, ev, err) != 0 || t->apply(st, ev, err) != 0)
		return -1;
	st->seq = ev->seq ? ev->seq : st->seq + 1;
	st->when = ev->when;
	strcpy(st->date, ev->date);
	return 0;
}
