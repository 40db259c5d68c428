/*
 * Snapshots of the folded state: see snapshot.h. The shape of a dump (keys
 * sorted as they are written; "I" an integer instant, AS_TIME_NEVER for an
 * open end; dates in canonical text):
 *
 *   {"commitments": [{"ask": {commitment.ask}|null, "date": "...",
 *                     "give": {commitment.give}|null,
 *                     "state": "asked"|"given"|"revoked"}],
 *    "date": "..." ("" before any event),
 *    "offices": [{"data": {office.create},
 *                 "holders": [{"data": {office.holder}, "end": I, "start": I}
 *                           | {"end": I, "proposal": "id", "start": I}]}],
 *    "orgs": [{"data": {org.create},
 *              "members": [{"data": {member.join}, "since": I,
 *                           "joined": I, "until": I}]}],
 *    "proposals": [{"candidates": [{"data": {candidate.declare},
 *                       "withdrawal": {"data": {candidate.withdraw},
 *                                      "date": "..."}|null}],
 *                   "data": {proposal.open},
 *                   "decision": {"data": {decision.take}, "date": "..."}|null,
 *                   "opened_date": "...",
 *                   "positions": [null | {"broke": I,
 *                       "data": {position.declare}, "date": "...",
 *                       "when": I}]}],
 *    "seq": N, "version": 1, "when": I}
 *
 * and, only when there are some (so that a state without them dumps as
 * it did before they existed, and its checkpoints stay valid):
 *
 *   top level:  "corrections": [{"by": N, "data": {event.correct}}],
 *               "rankings": [{"data": {source.rank}}],
 *               "sources": [{"data": {source.declare}}]
 *   a proposal: "reports": [{"data": {position.report}, "date": "...",
 *                            "seq": N, "when": I}]
 *   a candidate: "positions": [null | {...}] (the stances declared on
 *                that candidate, as the proposal's positions are)
 *   a proposal: "polls": [{"data": {poll.round}, "date": "...",
 *                          "when": I}] (its straw poll's rounds, in order),
 *               "tallies": [{"data": {vote.tally}, "date": "...", "when": I}]
 *   a holder:   "ended": {office.end} (a term that ended early, at "end");
 *               an acting holder has "acting": {office.acting} in place
 *               of "data"
 *   an org:     "bodies": [{"data": {body.create},
 *                           "seats": [{"data": {body.join}, "since": I,
 *                                      "until": I}]}]
 *
 * A proposal's body and what it requires are in its payload; its
 * positions stay by member index of the organisation.
 *
 * Arrays keep the state's order (and so its indices); positions are by
 * member index, null where a member has declared none: a proposal's
 * name no candidate, a candidate's name it. A holder that a
 * decision made names its proposal: its payload is that decision's, its
 * strings the candidate's and the proposal's, as in as_apply_decision_take.
 * A commitment given without being asked has only "give" (its data and
 * given are then the same payload, as in the fold).
 *
 * A load checks everything the fold guarantees and the views and the
 * apply functions rely on: each payload against its event type's schema
 * (event_types.c), every reference (organisation, office, proposal,
 * member, candidate, commitment) resolved, ids unique, instants within
 * what a date can give, dates canonical, terms in order, the fields that
 * the fold derives consistent with the payloads, and the rules fitting the
 * members as the fold made them fit. It builds the state as the fold does,
 * entity by entity, so that a failure frees it with as_state_free.
 */
#include "core/alloc.h"
#include "core/json_read.h"
#include "core/json_write.h"
#include "core/snapshot.h"

#include <stdarg.h>
#include <stdint.h>
#include <stdio.h>
#include <stddef.h>
#include <stdlib.h>
#include <string.h>

#define STR(d, k)	json_string_value(json_object_get((d), (k)))

/*
 * The largest instant a load accepts besides AS_TIME_NEVER, either side of
 * 1970: 2^45 s, about a million years, beyond any date (years 0001-9999)
 * plus any term (date.h); within it the views' date arithmetic cannot
 * overflow.
 */
#define T_LIMIT		((int64_t)1 << 45)
#define WHERE_MAX	96

/* ---- Dump ---- */

/*
 * Each object is built whole or freed: set_new takes a new reference (NULL
 * when out of memory, then it fails), set_ref adds one; 0, or -1. A
 * member array is made inside the call that attaches it, so that nothing
 * is left unattached when an earlier step fails.
 */
static int
set_new(json_t *o, const char *key, json_t *v)
{
	return json_object_set_new(o, key, v);
}

static int
set_ref(json_t *o, const char *key, const json_t *v)
{
	return json_object_set(o, key, (json_t *)v);
}

static json_t *
instant(int64_t t)
{
	return json_integer((json_int_t)t);
}

/* {"data": data, "date": date}, or null if data is NULL. */
static json_t *
dump_dated(const json_t *data, const char *date)
{
	json_t *o;

	if (data == NULL)
		return json_null();
	if ((o = json_object()) == NULL || set_ref(o, "data", data) != 0 ||
	    set_new(o, "date", json_string(date)) != 0) {
		json_decref(o);
		return NULL;
	}
	return o;
}

/* The bodies of an organisation into o, if it has some. */
static int
dump_bodies(const as_org *og, json_t *o)
{
	json_t *bs, *b, *ss, *e;

	if (og->nbodies == 0)
		return 0;
	if (set_new(o, "bodies", bs = json_array()) != 0)
		return -1;
	for (size_t i = 0; i < og->nbodies; i++) {
		const as_body *bd = &og->bodies[i];
		if ((b = json_object()) == NULL ||
		    json_array_append_new(bs, b) != 0 ||
		    set_ref(b, "data", bd->data) != 0 ||
		    set_new(b, "seats", ss = json_array()) != 0)
			return -1;
		for (size_t k = 0; k < bd->nseats; k++)
			if ((e = json_object()) == NULL ||
			    json_array_append_new(ss, e) != 0 ||
			    set_ref(e, "data", bd->seats[k].data) != 0 ||
			    set_new(e, "since", instant(bd->seats[k].since)) != 0 ||
			    set_new(e, "until", instant(bd->seats[k].until)) != 0)
				return -1;
	}
	return 0;
}

static json_t *
dump_org(const as_org *og)
{
	json_t *o = json_object(), *ms, *m;

	if (o == NULL || set_ref(o, "data", og->data) != 0 ||
	    set_new(o, "members", ms = json_array()) != 0 ||
	    dump_bodies(og, o) != 0) {
		json_decref(o);
		return NULL;
	}
	for (size_t i = 0; i < og->nmembers; i++) {
		const as_member *mb = &og->members[i];
		if ((m = json_object()) == NULL ||
		    json_array_append_new(ms, m) != 0 ||
		    set_ref(m, "data", mb->data) != 0 ||
		    set_new(m, "since", instant(mb->since)) != 0 ||
		    set_new(m, "joined", instant(mb->joined)) != 0 ||
		    set_new(m, "until", instant(mb->until)) != 0) {
			json_decref(o);
			return NULL;
		}
	}
	return o;
}

static json_t *
dump_office(const as_office *f)
{
	json_t *o = json_object(), *hs, *h;

	if (o == NULL || set_ref(o, "data", f->data) != 0 ||
	    set_new(o, "holders", hs = json_array()) != 0) {
		json_decref(o);
		return NULL;
	}
	for (size_t i = 0; i < f->nholders; i++) {
		const as_holder *hd = &f->holders[i];
		if ((h = json_object()) == NULL ||
		    json_array_append_new(hs, h) != 0 ||
		    (hd->proposal != NULL ?
		    set_new(h, "proposal", json_string(hd->proposal)) :
		    set_ref(h, hd->acting ? "acting" : "data", hd->data)) != 0 ||
		    (hd->ended != NULL && set_ref(h, "ended", hd->ended) != 0) ||
		    set_new(h, "start", instant(hd->start)) != 0 ||
		    set_new(h, "end", instant(hd->end)) != 0) {
			json_decref(o);
			return NULL;
		}
	}
	return o;
}

/* Appends positions v[0..n) to the array ps: 0, or -1 if out of memory. */
static int
dump_positions(json_t *ps, const as_position *v, size_t n)
{
	json_t *e;

	for (size_t i = 0; i < n; i++) {
		const as_position *pos = &v[i];
		if (pos->data == NULL) {
			if (json_array_append_new(ps, json_null()) != 0)
				return -1;
			continue;
		}
		if ((e = json_object()) == NULL ||
		    json_array_append_new(ps, e) != 0 ||
		    set_ref(e, "data", pos->data) != 0 ||
		    set_new(e, "date", json_string(pos->date)) != 0 ||
		    set_new(e, "when", instant(pos->when)) != 0 ||
		    set_new(e, "broke", instant(pos->broke)) != 0)
			return -1;
	}
	return 0;
}

/* Whether some place of v[0..n) holds a position. */
static int
any_position(const as_position *v, size_t n)
{
	for (size_t i = 0; i < n; i++)
		if (v[i].data != NULL)
			return 1;
	return 0;
}

/* Appends {"data": data, "date": date, "when": when} to arr: the item,
 * arr's, or NULL (out of memory). A report adds its seq to it. */
static json_t *
dated_item(json_t *arr, const json_t *data, const char *date, int64_t when)
{
	json_t *e = json_object();

	if (e == NULL || json_array_append_new(arr, e) != 0 ||
	    set_ref(e, "data", data) != 0 ||
	    set_new(e, "date", json_string(date)) != 0 ||
	    set_new(e, "when", instant(when)) != 0)
		return NULL;
	return e;
}

static json_t *
dump_proposal(const as_proposal *p)
{
	json_t *o = json_object(), *cs, *ps, *rs, *ts, *e;
	size_t i;

	if (o == NULL || set_ref(o, "data", p->data) != 0 ||
	    set_new(o, "opened_date", json_string(p->opened_date)) != 0 ||
	    set_new(o, "decision", dump_dated(p->decided ? p->decision : NULL,
	    p->decided_date)) != 0 ||
	    set_new(o, "candidates", cs = json_array()) != 0) {
		json_decref(o);
		return NULL;
	}
	for (i = 0; i < p->ncands; i++) {
		const as_candidate *c = &p->cands[i];
		if ((e = json_object()) == NULL ||
		    json_array_append_new(cs, e) != 0 ||
		    set_ref(e, "data", c->data) != 0 ||
		    set_new(e, "withdrawal", dump_dated(c->state == AS_WITHDRAWN ?
		    c->withdrawal : NULL, c->withdrawn_date)) != 0 ||
		    (any_position(c->positions, c->npositions) &&
		    (set_new(e, "positions", ps = json_array()) != 0 ||
		    dump_positions(ps, c->positions, c->npositions) != 0))) {
			json_decref(o);
			return NULL;
		}
	}
	if (p->nreports > 0 && set_new(o, "reports", rs = json_array()) != 0) {
		json_decref(o);
		return NULL;
	}
	for (i = 0; i < p->nreports; i++) {
		const as_report *r = &p->reports[i];
		if ((e = dated_item(rs, r->data, r->date, r->when)) == NULL ||
		    set_new(e, "seq", json_integer((json_int_t)r->seq)) != 0) {
			json_decref(o);
			return NULL;
		}
	}
	if (p->npolls > 0 && set_new(o, "polls", rs = json_array()) != 0) {
		json_decref(o);
		return NULL;
	}
	for (i = 0; i < p->npolls; i++) {
		const as_poll *r = &p->polls[i];
		if (dated_item(rs, r->data, r->date, r->when) == NULL) {
			json_decref(o);
			return NULL;
		}
	}
	if (p->ntallies > 0 && set_new(o, "tallies", ts = json_array()) != 0) {
		json_decref(o);
		return NULL;
	}
	for (i = 0; i < p->ntallies; i++) {
		const as_tally *ty = &p->tallies[i];
		if (dated_item(ts, ty->data, ty->date, ty->when) == NULL) {
			json_decref(o);
			return NULL;
		}
	}
	if (set_new(o, "positions", ps = json_array()) != 0 ||
	    dump_positions(ps, p->positions, p->npositions) != 0) {
		json_decref(o);
		return NULL;
	}
	return o;
}

/* By enum as_commit_state. */
static const char *const commit_states[] = {
	"asked", "given", "revoked", NULL
};

static json_t *
dump_commitment(const as_commitment *c)
{
	json_t *o = json_object();
	const json_t *ask = c->data != c->given ? c->data : NULL;

	if (o == NULL ||
	    set_new(o, "ask", ask ? json_incref((json_t *)ask) :
	    json_null()) != 0 ||
	    set_new(o, "give", c->given ? json_incref(c->given) :
	    json_null()) != 0 ||
	    set_new(o, "state", json_string(commit_states[c->state])) != 0 ||
	    set_new(o, "date", json_string(c->date)) != 0) {
		json_decref(o);
		return NULL;
	}
	return o;
}

/* {"data": data}, with "by" if by > 0. */
static json_t *
dump_record(const json_t *data, int64_t by)
{
	json_t *o = json_object();

	if (o == NULL || set_ref(o, "data", data) != 0 || (by > 0 &&
	    set_new(o, "by", json_integer((json_int_t)by)) != 0)) {
		json_decref(o);
		return NULL;
	}
	return o;
}

/* The sources, rankings and corrections, each key only if there are
 * some. */
static int
dump_records(const as_state *st, json_t *o)
{
	static const struct {
		const char	*key;
		size_t		 list, count, size, data, by;	/* offsets */
	} t[] = {
		{ "sources", offsetof(as_state, sources),
		    offsetof(as_state, nsources), sizeof(as_source),
		    offsetof(as_source, data), 0 },
		{ "rankings", offsetof(as_state, rankings),
		    offsetof(as_state, nrankings), sizeof(as_ranking),
		    offsetof(as_ranking, data), 0 },
		{ "corrections", offsetof(as_state, corrections),
		    offsetof(as_state, ncorrections), sizeof(as_correction),
		    offsetof(as_correction, data), offsetof(as_correction, by) },
	};
	const char *base = (const char *)st, *e;
	json_t *a;
	size_t i, k, n;

	for (k = 0; k < sizeof(t) / sizeof(t[0]); k++) {
		if ((n = *(const size_t *)(base + t[k].count)) == 0)
			continue;
		if (set_new(o, t[k].key, a = json_array()) != 0)
			return -1;
		e = *(const char *const *)(base + t[k].list);
		for (i = 0; i < n; i++, e += t[k].size)
			if (json_array_append_new(a, dump_record(
			    *(json_t *const *)(e + t[k].data), t[k].by ?
			    *(const int64_t *)(e + t[k].by) : 0)) != 0)
				return -1;
	}
	return 0;
}

char *
as_state_dump(const as_state *st, size_t *len)
{
	json_t *o = json_object(), *orgs, *offices, *props, *commits;
	char *text = NULL;
	size_t i;

	if (o == NULL || set_new(o, "version",
	    json_integer(AS_SNAPSHOT_VERSION)) != 0 ||
	    set_new(o, "seq", json_integer((json_int_t)st->seq)) != 0 ||
	    set_new(o, "when", instant(st->when)) != 0 ||
	    set_new(o, "date", json_string(st->date)) != 0 ||
	    set_new(o, "orgs", orgs = json_array()) != 0 ||
	    set_new(o, "offices", offices = json_array()) != 0 ||
	    set_new(o, "proposals", props = json_array()) != 0 ||
	    set_new(o, "commitments", commits = json_array()) != 0)
		goto done;
	for (i = 0; i < st->norgs; i++)
		if (json_array_append_new(orgs, dump_org(&st->orgs[i])) != 0)
			goto done;
	for (i = 0; i < st->noffices; i++)
		if (json_array_append_new(offices,
		    dump_office(&st->offices[i])) != 0)
			goto done;
	for (i = 0; i < st->nproposals; i++)
		if (json_array_append_new(props,
		    dump_proposal(&st->proposals[i])) != 0)
			goto done;
	for (i = 0; i < st->ncommitments; i++)
		if (json_array_append_new(commits,
		    dump_commitment(&st->commitments[i])) != 0)
			goto done;
	if (dump_records(st, o) != 0)
		goto done;
	text = as_json_write(o, JSON_COMPACT | JSON_SORT_KEYS, len);
done:
	json_decref(o);
	return text;
}

/* ---- Load ---- */

/* "snapshot: <where>: <message>" into err; returns -1. */
static int
bad(as_error *err, const char *where, const char *fmt, ...)
    __attribute__((format(printf, 3, 4)));

/* Fails with why's kind (out of memory stays out of memory), at where. */
static int
bad_why(as_error *err, const char *where, const as_error *why)
{
	if (*where == '\0')
		return as_wrap(err, why, "snapshot");
	return as_wrap(err, why, "snapshot: %.200s", where);
}

static int
bad(as_error *err, const char *where, const char *fmt, ...)
{
	char msg[AS_ERR_MAX];
	va_list ap;

	va_start(ap, fmt);
	vsnprintf(msg, sizeof(msg), fmt, ap);
	va_end(ap);
	if (*where == '\0')
		return as_err(err, "snapshot: %s", msg);
	return as_err(err, "snapshot: %s: %.400s", where, msg);
}

/* Names a place in the dump ("proposals[0].positions[3]"): at most
 * WHERE_MAX bytes, room for any two indices and three names. */
static void
place(char where[WHERE_MAX], const char *fmt, ...)
    __attribute__((format(printf, 2, 3)));

static void
place(char where[WHERE_MAX], const char *fmt, ...)
{
	va_list ap;

	va_start(ap, fmt);
	vsnprintf(where, WHERE_MAX, fmt, ap);
	va_end(ap);
}

static int
oom(as_error *err)
{
	return as_nomem(err, "snapshot");
}

/* The kinds of value a key may hold. */
enum kind { K_INT, K_STR, K_ARR, K_OBJ_OR_NULL, K_PAYLOAD, K_PAYLOAD_OR_NULL,
	K_OPT_ARR,	/* an array written only when not empty */
	K_OPT_PAYLOAD };	/* a payload written only when there is one */

/* One key of an object of the dump; a payload's event names its schema. */
struct key {
	const char	*name;
	enum kind	 kind;
	const char	*event;
};

#define K_END	{ NULL, 0, NULL }

static const struct key top_keys[] = {
	{ "commitments", K_ARR, NULL }, { "corrections", K_OPT_ARR, NULL },
	{ "date", K_STR, NULL },
	{ "offices", K_ARR, NULL }, { "orgs", K_ARR, NULL },
	{ "proposals", K_ARR, NULL }, { "rankings", K_OPT_ARR, NULL },
	{ "seq", K_INT, NULL }, { "sources", K_OPT_ARR, NULL },
	{ "version", K_INT, NULL }, { "when", K_INT, NULL }, K_END
};
static const struct key source_keys[] = {
	{ "data", K_PAYLOAD, "source.declare" }, K_END
};
static const struct key ranking_keys[] = {
	{ "data", K_PAYLOAD, "source.rank" }, K_END
};
static const struct key correction_keys[] = {
	{ "by", K_INT, NULL }, { "data", K_PAYLOAD, "event.correct" }, K_END
};
static const struct key report_keys[] = {
	{ "data", K_PAYLOAD, "position.report" }, { "date", K_STR, NULL },
	{ "seq", K_INT, NULL }, { "when", K_INT, NULL }, K_END
};
static const struct key org_keys[] = {
	{ "bodies", K_OPT_ARR, NULL },
	{ "data", K_PAYLOAD, "org.create" }, { "members", K_ARR, NULL }, K_END
};
static const struct key body_keys[] = {
	{ "data", K_PAYLOAD, "body.create" }, { "seats", K_ARR, NULL }, K_END
};
static const struct key seat_keys[] = {
	{ "data", K_PAYLOAD, "body.join" }, { "since", K_INT, NULL },
	{ "until", K_INT, NULL }, K_END
};
static const struct key member_keys[] = {
	{ "data", K_PAYLOAD, "member.join" }, { "since", K_INT, NULL },
	{ "joined", K_INT, NULL }, { "until", K_INT, NULL }, K_END
};
static const struct key office_keys[] = {
	{ "data", K_PAYLOAD, "office.create" }, { "holders", K_ARR, NULL }, K_END
};
#define K_ENDED	{ "ended", K_OPT_PAYLOAD, "office.end" }
static const struct key holder_keys[] = {
	{ "data", K_PAYLOAD, "office.holder" }, { "end", K_INT, NULL },
	K_ENDED, { "start", K_INT, NULL }, K_END
};
static const struct key acting_keys[] = {
	{ "acting", K_PAYLOAD, "office.acting" }, { "end", K_INT, NULL },
	K_ENDED, { "start", K_INT, NULL }, K_END
};
static const struct key appointee_keys[] = {
	{ "end", K_INT, NULL }, K_ENDED, { "proposal", K_STR, NULL },
	{ "start", K_INT, NULL }, K_END
};
static const struct key proposal_keys[] = {
	{ "candidates", K_ARR, NULL }, { "data", K_PAYLOAD, "proposal.open" },
	{ "decision", K_OBJ_OR_NULL, NULL }, { "opened_date", K_STR, NULL },
	{ "polls", K_OPT_ARR, NULL }, { "positions", K_ARR, NULL },
	{ "reports", K_OPT_ARR, NULL }, { "tallies", K_OPT_ARR, NULL }, K_END
};
static const struct key poll_keys[] = {
	{ "data", K_PAYLOAD, "poll.round" }, { "date", K_STR, NULL },
	{ "when", K_INT, NULL }, K_END
};
static const struct key tally_keys[] = {
	{ "data", K_PAYLOAD, "vote.tally" }, { "date", K_STR, NULL },
	{ "when", K_INT, NULL }, K_END
};
static const struct key decision_keys[] = {
	{ "data", K_PAYLOAD, "decision.take" }, { "date", K_STR, NULL }, K_END
};
static const struct key candidate_keys[] = {
	{ "data", K_PAYLOAD, "candidate.declare" },
	{ "positions", K_OPT_ARR, NULL },
	{ "withdrawal", K_OBJ_OR_NULL, NULL }, K_END
};
static const struct key withdrawal_keys[] = {
	{ "data", K_PAYLOAD, "candidate.withdraw" }, { "date", K_STR, NULL }, K_END
};
static const struct key position_keys[] = {
	{ "broke", K_INT, NULL }, { "data", K_PAYLOAD, "position.declare" },
	{ "date", K_STR, NULL }, { "when", K_INT, NULL }, K_END
};
static const struct key commitment_keys[] = {
	{ "ask", K_PAYLOAD_OR_NULL, "commitment.ask" }, { "date", K_STR, NULL },
	{ "give", K_PAYLOAD_OR_NULL, "commitment.give" },
	{ "state", K_STR, NULL }, K_END
};

static int
kind_ok(enum kind k, const json_t *v)
{
	switch (k) {
	case K_INT:
		return json_is_integer(v);
	case K_STR:
		return json_is_string(v);
	case K_ARR:
		return json_is_array(v);
	case K_OPT_ARR:
		return json_is_array(v) && json_array_size(v) > 0;
	case K_PAYLOAD:
	case K_OPT_PAYLOAD:
		return json_is_object(v);
	case K_OBJ_OR_NULL:
	case K_PAYLOAD_OR_NULL:
		return json_is_object(v) || json_is_null(v);
	}
	return 0;
}

static const char *
kind_name(enum kind k)
{
	static const char *const names[] = { "an integer", "a string",
	    "an array", "an object or null", "an object", "an object or null",
	    "a non-empty array (or absent)", "an object (or absent)" };
	return names[k];
}

/*
 * Whether v is an object with exactly the keys listed, each of its kind,
 * and each payload valid for its event type: 0, or -1 with err naming the
 * key.
 */
static int
shape(const json_t *v, const struct key *keys, const char *where, as_error *err)
{
	const struct key *k;
	const char *name;
	json_t *e;
	as_error why[1];

	if (!json_is_object(v))
		return bad(err, where, "must be an object");
	for (k = keys; k->name != NULL; k++) {
		if ((e = json_object_get(v, k->name)) == NULL &&
		    (k->kind == K_OPT_ARR || k->kind == K_OPT_PAYLOAD))
			continue;
		if (e == NULL)
			return bad(err, where, "field '%s' is missing", k->name);
		if (!kind_ok(k->kind, e))
			return bad(err, where, "field '%s' must be %s", k->name,
			    kind_name(k->kind));
		if (k->event != NULL && !json_is_null(e) &&
		    as_schema_check(as_event_type_find(k->event, 0), e, why) != 0)
			return bad(err, where, "field '%s': %s", k->name,
			    why->msg);
	}
	json_object_foreach((json_t *)v, name, e) {
		for (k = keys; k->name != NULL; k++)
			if (strcmp(k->name, name) == 0)
				break;
		if (k->name == NULL)
			return bad(err, where, "unknown field '%s'", name);
	}
	return 0;
}

/* An integer field (shape has checked it is one). */
static int64_t
int_of(const json_t *o, const char *key)
{
	return (int64_t)json_integer_value(json_object_get(o, key));
}

/* An instant field: within T_LIMIT, or AS_TIME_NEVER if never. */
static int
instant_of(const json_t *o, const char *key, int never, int64_t *t,
    const char *where, as_error *err)
{
	*t = int_of(o, key);
	if ((never && *t == AS_TIME_NEVER) || (*t >= -T_LIMIT && *t <= T_LIMIT))
		return 0;
	return bad(err, where, "field '%s': %lld is not an instant%s", key,
	    (long long)*t, never ? " (nor the open end)" : "");
}

/* A date field in canonical form (see date.h) into out. */
static int
date_of(const json_t *o, const char *key, char out[AS_DATE_MAX],
    const char *where, as_error *err)
{
	const char *s = STR(o, key);
	char canon[AS_DATE_MAX];

	if (as_date_canon(s, canon, NULL) != 0 || strcmp(s, canon) != 0)
		return bad(err, where, "field '%s': '%.64s' is not a date in "
		    "canonical form", key, s);
	strcpy(out, canon);
	return 0;
}

/* The instant of the date field k of payload d (the schema has checked
 * it), or dflt if absent. */
static int64_t
payload_date(const json_t *d, const char *k, int64_t dflt)
{
	int64_t t;
	return as_date_parse(STR(d, k), &t, NULL) == 0 ? t : dflt;
}

/* Whether payload d's field k is s: it must name the entity it sits in. */
static int
names(const json_t *d, const char *k, const char *s, const char *where,
    as_error *err)
{
	if (strcmp(STR(d, k), s) != 0)
		return bad(err, where, "the payload's '%s' is '%s', not '%s'", k,
		    STR(d, k), s);
	return 0;
}

/* Allocates *arr for n elements of size sz (left NULL if n is 0). */
static int
alloc_array(void *arrp, size_t n, size_t sz, as_error *err)
{
	void *arr = NULL;

	if (n > 0 && (arr = as_calloc(n, sz)) == NULL)
		return oom(err);
	memcpy(arrp, &arr, sizeof(arr));
	return 0;
}

static int
load_members(as_org *o, const json_t *arr, const char *owhere, as_error *err)
{
	as_error why[1];
	char where[WHERE_MAX];
	size_t i, k;
	const json_t *e, *d;

	if (alloc_array(&o->members, json_array_size(arr), sizeof(*o->members),
	    err) != 0)
		return -1;
	json_array_foreach(arr, i, e) {
		int64_t since, until, joined;
		place(where, "%s.members[%zu]", owhere, i);
		if (shape(e, member_keys, where, err) != 0)
			return -1;
		d = json_object_get(e, "data");
		const char *code = STR(d, "code");
		if (names(d, "org", o->id, where, err) != 0)
			return -1;
		if (as_map_get(&o->codes, code, &k))
			return bad(err, where, "member '%s' is listed twice", code);
		if (instant_of(e, "since", 0, &since, where, err) != 0 ||
		    instant_of(e, "joined", 0, &joined, where, err) != 0 ||
		    instant_of(e, "until", 1, &until, where, err) != 0)
			return -1;
		if (since >= until)
			return bad(err, where, "'since' must be before 'until'");
		if (joined > since)
			return bad(err, where, "'joined' is after 'since'");
		if (o->nmembers > 0 && (o->members[o->nmembers - 1].joined >
		    joined || (o->members[o->nmembers - 1].joined == joined &&
		    strcmp(o->members[o->nmembers - 1].code, code) > 0)))
			return bad(err, where, "the members are not in order of "
			    "accession, then code");
		if (since != payload_date(d, "since", since))
			return bad(err, where, "'since' is not the payload's");
		as_ballot b = { .code = code,
		    .weights = json_object_get(d, "weights") };
		if (as_rule_check(o->rule, &b, 1, 0, why) != 0)
			return bad_why(err, where, why);
		as_member *m = &o->members[o->nmembers++];
		m->data = json_incref((json_t *)d);
		m->code = code;
		m->name = STR(d, "name");
		m->since = since;
		m->joined = joined;
		m->until = until;
		if (as_map_put(&o->codes, code, i) != 0)
			return oom(err);
	}
	return 0;
}

/* A body's seats, as as_apply_body_join keeps them: members of the
 * organisation at their start, in order of since then code, a member's
 * periods apart, the body's rule finding their weights. */
static int
load_seats(const as_org *o, as_body *b, const json_t *arr,
    const char *bwhere, as_error *err)
{
	char where[WHERE_MAX];
	as_error why[1];
	size_t i, k;
	const json_t *e, *d;

	if (alloc_array(&b->seats, json_array_size(arr), sizeof(*b->seats),
	    err) != 0)
		return -1;
	json_array_foreach(arr, i, e) {
		int64_t since, until;
		const as_member *m;
		place(where, "%s.seats[%zu]", bwhere, i);
		if (shape(e, seat_keys, where, err) != 0)
			return -1;
		d = json_object_get(e, "data");
		const char *code = STR(d, "code");
		if (names(d, "org", o->id, where, err) != 0 ||
		    names(d, "body", b->id, where, err) != 0 ||
		    instant_of(e, "since", 0, &since, where, err) != 0 ||
		    instant_of(e, "until", 1, &until, where, err) != 0)
			return -1;
		if (since >= until)
			return bad(err, where, "'since' must be before 'until'");
		if (since != payload_date(d, "since", since))
			return bad(err, where, "'since' is not the payload's");
		if ((m = as_org_member(o, code, NULL)) == NULL ||
		    !as_member_active(m, since))
			return bad(err, where, "'%s' is not a member of %s at its "
			    "seat's start", code, o->id);
		if (i > 0 && (b->seats[i - 1].since > since ||
		    (b->seats[i - 1].since == since &&
		    strcmp(b->seats[i - 1].code, code) > 0)))
			return bad(err, where, "the seats are not in order of "
			    "since, then code");
		for (k = 0; k < i; k++)
			if (strcmp(b->seats[k].code, code) == 0 &&
			    b->seats[k].until > since)
				return bad(err, where, "'%s' sits twice at once",
				    code);
		as_seat *seat = &b->seats[b->nseats++];
		seat->data = json_incref((json_t *)d);
		seat->code = code;
		seat->since = since;
		seat->until = until;
		as_ballot bl = { .code = code, .weights = as_seat_weights(o,
		    seat) };
		if (as_rule_check(b->rule != NULL ? b->rule : o->rule, &bl, 1, 0,
		    why) != 0)
			return bad_why(err, where, why);
	}
	return 0;
}

static int
load_bodies(as_org *o, const json_t *arr, const char *owhere,
    as_error *err)
{
	char where[WHERE_MAX];
	as_error why[1];
	size_t i, k;
	const json_t *e, *d, *spec;

	if (arr == NULL)
		return 0;
	if (alloc_array(&o->bodies, json_array_size(arr), sizeof(*o->bodies),
	    err) != 0)
		return -1;
	json_array_foreach(arr, i, e) {
		place(where, "%s.bodies[%zu]", owhere, i);
		if (shape(e, body_keys, where, err) != 0)
			return -1;
		d = json_object_get(e, "data");
		if (names(d, "org", o->id, where, err) != 0)
			return -1;
		if (as_map_get(&o->body_ids, STR(d, "id"), &k))
			return bad(err, where, "body '%s' is listed twice",
			    STR(d, "id"));
		as_body *b = &o->bodies[o->nbodies++];
		b->data = json_incref((json_t *)d);
		b->id = STR(d, "id");
		b->name = STR(d, "name");
		if (as_map_put(&o->body_ids, b->id, i) != 0)
			return oom(err);
		if ((spec = json_object_get(d, "rule")) != NULL &&
		    (b->rule = as_rule_parse(spec, why)) == NULL)
			return bad_why(err, where, why);
		if (load_seats(o, b, json_object_get(e, "seats"), where,
		    err) != 0)
			return -1;
	}
	return 0;
}

static int
load_orgs(as_state *st, const json_t *arr, as_error *err)
{
	char where[WHERE_MAX];
	size_t i, k;
	const json_t *e, *d, *spec;

	if (alloc_array(&st->orgs, json_array_size(arr), sizeof(*st->orgs),
	    err) != 0)
		return -1;
	json_array_foreach(arr, i, e) {
		place(where, "orgs[%zu]", i);
		if (shape(e, org_keys, where, err) != 0)
			return -1;
		d = json_object_get(e, "data");
		if (as_map_get(&st->org_ids, STR(d, "id"), &k))
			return bad(err, where, "organisation '%s' is listed twice",
			    STR(d, "id"));
		as_org *o = &st->orgs[st->norgs++];
		o->data = json_incref((json_t *)d);
		o->id = STR(d, "id");
		o->name = STR(d, "name");
		if (as_map_put(&st->org_ids, o->id, i) != 0)
			return oom(err);
		/* The rule as as_apply_org_create reads it. */
		json_t *dflt = NULL;
		as_error why[1];
		if ((spec = json_object_get(d, "rule")) == NULL &&
		    (spec = dflt = json_pack("{s:s}", "type", "unanimity")) == NULL)
			return oom(err);
		o->rule = as_rule_parse(spec, why);
		json_decref(dflt);
		if (o->rule == NULL)
			return bad_why(err, where, why);
		if (load_members(o, json_object_get(e, "members"), where,
		    err) != 0 || load_bodies(o, json_object_get(e, "bodies"),
		    where, err) != 0)
			return -1;
	}
	return 0;
}

static int
load_offices(as_state *st, const json_t *arr, as_error *err)
{
	char where[WHERE_MAX];
	size_t i, k, oi;
	const json_t *e, *d;

	if (alloc_array(&st->offices, json_array_size(arr),
	    sizeof(*st->offices), err) != 0)
		return -1;
	json_array_foreach(arr, i, e) {
		place(where, "offices[%zu]", i);
		if (shape(e, office_keys, where, err) != 0)
			return -1;
		d = json_object_get(e, "data");
		if (!as_map_get(&st->org_ids, STR(d, "org"), &oi))
			return bad(err, where, "unknown organisation '%s'",
			    STR(d, "org"));
		if (as_map_get(&st->office_ids, STR(d, "id"), &k))
			return bad(err, where, "office '%s' is listed twice",
			    STR(d, "id"));
		as_office *f = &st->offices[st->noffices++];
		f->data = json_incref((json_t *)d);
		f->id = STR(d, "id");
		f->title = STR(d, "title");
		f->org = oi;
		as_duration_parse(STR(d, "term"), &f->term);
		if (as_map_put(&st->office_ids, f->id, i) != 0)
			return oom(err);
	}
	return 0;
}

/* A candidate's withdrawal, or none. */
static int
load_withdrawal(as_proposal *p, as_candidate *c, const json_t *w,
    const char *cwhere, as_error *err)
{
	char where[WHERE_MAX];
	const json_t *d;

	if (json_is_null(w))
		return 0;
	place(where, "%s.withdrawal", cwhere);
	if (shape(w, withdrawal_keys, where, err) != 0)
		return -1;
	d = json_object_get(w, "data");
	if (names(d, "proposal", p->id, where, err) != 0 ||
	    names(d, "candidate", c->id, where, err) != 0 ||
	    date_of(w, "date", c->withdrawn_date, where, err) != 0)
		return -1;
	c->state = AS_WITHDRAWN;
	c->withdrawal = json_incref((json_t *)d);
	c->endorses = STR(d, "endorses");
	return 0;
}

static int
load_candidates(const as_state *st, as_proposal *p, const json_t *arr,
    const char *pwhere, as_error *err)
{
	const as_org *o = &st->orgs[p->org];
	char where[WHERE_MAX];
	size_t i, k;
	const json_t *e, *d;

	if (p->kind == AS_TEXT && json_array_size(arr) > 0)
		return bad(err, pwhere, "a text has no candidates");
	if (alloc_array(&p->cands, json_array_size(arr), sizeof(*p->cands),
	    err) != 0)
		return -1;
	json_array_foreach(arr, i, e) {
		place(where, "%s.candidates[%zu]", pwhere, i);
		if (shape(e, candidate_keys, where, err) != 0)
			return -1;
		d = json_object_get(e, "data");
		if (names(d, "proposal", p->id, where, err) != 0)
			return -1;
		if (as_map_get(&p->cand_ids, STR(d, "id"), &k))
			return bad(err, where, "candidate '%s' is listed twice",
			    STR(d, "id"));
		if (as_org_member(o, STR(d, "nominated_by"), NULL) == NULL &&
		    STR(d, "nominated_by_name") == NULL)
			return bad(err, where, "nominated by '%s', not a member "
			    "of %s, without its name", STR(d, "nominated_by"),
			    o->id);
		as_candidate *c = &p->cands[p->ncands++];
		c->data = json_incref((json_t *)d);
		c->id = STR(d, "id");
		c->name = STR(d, "name");
		c->nominated_by = STR(d, "nominated_by");
		c->nominated_by_name = STR(d, "nominated_by_name");
		c->state = AS_STANDING;
		if (as_map_put(&p->cand_ids, c->id, i) != 0)
			return oom(err);
		if (load_withdrawal(p, c, json_object_get(e, "withdrawal"), where,
		    err) != 0)
			return -1;
	}
	/* Whom a withdrawal endorses: another candidate. */
	for (i = 0; i < p->ncands; i++) {
		const as_candidate *c = &p->cands[i], *en;
		if (c->endorses == NULL)
			continue;
		place(where, "%s.candidates[%zu]", pwhere, i);
		if ((en = as_proposal_candidate(p, c->endorses)) == NULL || en == c)
			return bad(err, where, "the withdrawal endorses '%s', not "
			    "another candidate", c->endorses);
	}
	return 0;
}

/* The decision on p, or none; the candidate it names is appointed. */
static int
load_decision(as_proposal *p, const json_t *dec, const char *pwhere,
    as_error *err)
{
	char where[WHERE_MAX];
	const json_t *d;
	const char *cand;
	as_candidate *c;

	if (json_is_null(dec))
		return 0;
	place(where, "%s.decision", pwhere);
	if (shape(dec, decision_keys, where, err) != 0)
		return -1;
	d = json_object_get(dec, "data");
	cand = STR(d, "candidate");
	if (names(d, "proposal", p->id, where, err) != 0 ||
	    date_of(dec, "date", p->decided_date, where, err) != 0)
		return -1;
	if (p->kind != AS_TEXT) {
		if (cand == NULL)
			return bad(err, where, "%s names its candidate",
			    as_prop_kind_a(p->kind));
		if ((c = as_proposal_candidate(p, cand)) == NULL)
			return bad(err, where, "unknown candidate '%s'", cand);
		if (c->state != AS_STANDING)
			return bad(err, where, "candidate '%s' has withdrawn", cand);
		if (p->kind == AS_RECOMMENDATION && (json_object_get(d,
		    "start") != NULL || json_object_get(d, "end") != NULL))
			return bad(err, where, "a recommendation has no 'start' "
			    "and no 'end'");
		c->state = p->kind == AS_APPOINTMENT ? AS_APPOINTED :
		    AS_RECOMMENDED;
	} else if (cand != NULL || json_object_get(d, "start") != NULL) {
		return bad(err, where, "a decision on a text has no 'candidate' "
		    "and no 'start'");
	}
	p->decided = 1;
	p->decision = json_incref((json_t *)d);
	return 0;
}

static as_stance
stance_of(const char *s)
{
	return strcmp(s, "support") == 0 ? AS_SUPPORT :
	    strcmp(s, "object") == 0 ? AS_OBJECT :
	    strcmp(s, "abstain") == 0 ? AS_ABSTAIN : AS_NONE;
}

/* A stance d (stance s) of a position or a report (what) on p: the
 * candidate named where the kind wants one, known, with a stance that
 * names one; conditions with support only. */
static int
stance_fits(const as_proposal *p, const json_t *d, as_stance s,
    const char *what, const char *where, as_error *err)
{
	const char *cand = STR(d, "candidate");

	if (p->kind == AS_TEXT && cand != NULL)
		return bad(err, where, "a %s on a text names no candidate", what);
	if (p->kind != AS_TEXT && s == AS_SUPPORT && cand == NULL)
		return bad(err, where, "support on %s names a candidate",
		    as_prop_kind_a(p->kind));
	if (cand != NULL && as_proposal_candidate(p, cand) == NULL)
		return bad(err, where, "unknown candidate '%s'", cand);
	if (json_object_get(d, "conditions") != NULL && s != AS_SUPPORT)
		return bad(err, where, "conditions go with support only");
	return 0;
}

/* The positions on p by member index, on candidate c (those naming it)
 * or on the whole proposal (c NULL: those naming none); conditions are
 * checked once the commitments are loaded (check_conditions). */
static int
load_positions(const as_state *st, as_proposal *p, as_candidate *c,
    const json_t *arr, const char *pwhere, as_error *err)
{
	const as_org *o = &st->orgs[p->org];
	char where[WHERE_MAX];
	size_t i, n = json_array_size(arr);
	const json_t *e, *d;
	as_position **vp = c != NULL ? &c->positions : &p->positions;

	if (n > o->nmembers)
		return bad(err, pwhere, "%zu positions for %zu members of %s", n,
		    o->nmembers, o->id);
	if (alloc_array(vp, n, sizeof(**vp), err) != 0)
		return -1;
	*(c != NULL ? &c->npositions : &p->npositions) = n;
	for (i = 0; i < n; i++)
		(*vp)[i].broke = AS_TIME_NEVER;
	json_array_foreach(arr, i, e) {
		as_position *pos = &(*vp)[i];
		int64_t when, broke;
		if (json_is_null(e))
			continue;
		place(where, "%s.positions[%zu]", pwhere, i);
		if (shape(e, position_keys, where, err) != 0)
			return -1;
		d = json_object_get(e, "data");
		const char *cand = STR(d, "candidate");
		as_stance s = stance_of(STR(d, "position"));
		if (names(d, "proposal", p->id, where, err) != 0)
			return -1;
		if (strcmp(STR(d, "member"), o->members[i].code) != 0)
			return bad(err, where, "the position of '%s' is in the place "
			    "of member %zu of %s, %s", STR(d, "member"), i, o->id,
			    o->members[i].code);
		if (stance_fits(p, d, s, "position", where, err) != 0)
			return -1;
		if (c != NULL ? cand == NULL || strcmp(cand, c->id) != 0 :
		    cand != NULL)
			return bad(err, where, "a position naming %s%s%s is in the "
			    "place of one on %s%s", cand ? "candidate '" : "no "
			    "candidate", cand ? cand : "", cand ? "'" : "",
			    c ? "candidate " : "the whole proposal", c ? c->id : "");
		if (date_of(e, "date", pos->date, where, err) != 0 ||
		    instant_of(e, "when", 0, &when, where, err) != 0 ||
		    instant_of(e, "broke", 1, &broke, where, err) != 0)
			return -1;
		if (as_proposal_body(st, p) != NULL && as_body_seat_at(
		    as_proposal_body(st, p), o->members[i].code, when) == NULL)
			return bad(err, where, "'%s' has no seat on %s then",
			    o->members[i].code, as_proposal_body(st, p)->id);
		/* The first break, if any, is no later than the last position,
		 * and an objection or amendment is one. */
		if ((broke != AS_TIME_NEVER || s == AS_OBJECT ||
		    json_object_get(d, "amendment") != NULL) && broke > when)
			return bad(err, where, "'broke' must be a break no later "
			    "than 'when'");
		pos->data = json_incref((json_t *)d);
		pos->position = STR(d, "position");
		pos->candidate = cand;
		pos->source = STR(d, "source");
		pos->stance = s;
		pos->when = when;
		pos->broke = broke;
	}
	return 0;
}

/* The rounds of p's straw poll: numbered 1, 2, ... in order of their
 * dates, each fitting p as the fold made it fit (as_poll_check). */
static int
load_polls(const as_state *st, as_proposal *p, const json_t *arr,
    const char *pwhere, as_error *err)
{
	char where[WHERE_MAX];
	as_error why[1];
	const json_t *e, *d;
	size_t i;

	if (arr == NULL)
		return 0;
	if (alloc_array(&p->polls, json_array_size(arr), sizeof(*p->polls),
	    err) != 0)
		return -1;
	json_array_foreach(arr, i, e) {
		as_poll *r = &p->polls[i];
		int64_t when;
		place(where, "%s.polls[%zu]", pwhere, i);
		if (shape(e, poll_keys, where, err) != 0)
			return -1;
		d = json_object_get(e, "data");
		if (names(d, "proposal", p->id, where, err) != 0 ||
		    date_of(e, "date", r->date, where, err) != 0 ||
		    instant_of(e, "when", 0, &when, where, err) != 0)
			return -1;
		if (int_of(d, "round") != (int64_t)i + 1)
			return bad(err, where, "round %lld in the place of round "
			    "%zu", (long long)int_of(d, "round"), i + 1);
		if (i > 0 && when < p->polls[i - 1].when)
			return bad(err, where, "a round dated before the one it "
			    "follows");
		/* The members at its date are not all known here (a member
		 * holds its latest term only): the fold checked them. */
		if (as_poll_check(st, p, d, when, r->date, 0, why) != 0)
			return bad_why(err, where, why);
		r->data = json_incref((json_t *)d);
		r->round = (int64_t)i + 1;
		r->secret = json_is_true(json_object_get(d, "secret"));
		r->when = when;
		p->npolls++;
	}
	return 0;
}

/* The positions declared on each candidate of p (arr: the candidates as
 * dumped). */
static int
load_cand_positions(const as_state *st, as_proposal *p, const json_t *arr,
    const char *pwhere, as_error *err)
{
	char where[WHERE_MAX];
	const json_t *ps;

	for (size_t i = 0; i < p->ncands; i++) {
		if ((ps = json_object_get(json_array_get(arr, i),
		    "positions")) == NULL)
			continue;
		place(where, "%s.candidates[%zu]", pwhere, i);
		if (load_positions(st, p, &p->cands[i], ps, where, err) != 0)
			return -1;
	}
	return 0;
}

/* The reports on p, in order of their instants; conditions are checked
 * once the commitments are loaded (check_conditions). */
static int
load_reports(const as_state *st, as_proposal *p, const json_t *arr,
    const char *pwhere, as_error *err)
{
	const as_org *o = &st->orgs[p->org];
	char where[WHERE_MAX];
	size_t i;
	const json_t *e, *d, *cites;

	if (arr == NULL)
		return 0;
	if (alloc_array(&p->reports, json_array_size(arr), sizeof(*p->reports),
	    err) != 0)
		return -1;
	json_array_foreach(arr, i, e) {
		as_report *r = &p->reports[i];
		const as_source *src;
		int64_t when;
		place(where, "%s.reports[%zu]", pwhere, i);
		if (shape(e, report_keys, where, err) != 0)
			return -1;
		d = json_object_get(e, "data");
		const char *cand = STR(d, "candidate");
		as_stance s = stance_of(STR(d, "position"));
		if (names(d, "proposal", p->id, where, err) != 0)
			return -1;
		if (as_org_member(o, STR(d, "member"), NULL) == NULL)
			return bad(err, where, "'%s' is not a member of %s",
			    STR(d, "member"), o->id);
		if (stance_fits(p, d, s, "report", where, err) != 0)
			return -1;
		cites = json_object_get(d, "cites");
		if (json_array_size(cites) != 1 || (src = as_state_source(st,
		    json_string_value(json_array_get(cites, 0)))) == NULL ||
		    strcmp(src->org, o->id) != 0)
			return bad(err, where, "a report cites one source of %s",
			    o->id);
		if (date_of(e, "date", r->date, where, err) != 0 ||
		    instant_of(e, "when", 0, &when, where, err) != 0)
			return -1;
		if (int_of(e, "seq") < 1)
			return bad(err, where, "field 'seq' must be from 1");
		if (i > 0 && as_report_order(p->reports[i - 1].data,
		    p->reports[i - 1].when, d, when) > 0)
			return bad(err, where, "the reports are not in their "
			    "order (of dates, then of what they say)");
		r->data = json_incref((json_t *)d);
		r->member = STR(d, "member");
		r->position = STR(d, "position");
		r->candidate = cand;
		r->note = STR(d, "source");
		r->stance = s;
		r->source = (size_t)(src - st->sources);
		r->confirms = as_source_confirms(src, r->member, o->id);
		r->when = when;
		r->seq = int_of(e, "seq");
		p->nreports++;
	}
	return 0;
}

/*
 * The secret votes on p, in order of their instants, as the fold keeps
 * them: each on an option of p, under a rule a tally decides, counting
 * no more votes than members vote on it on its date.
 */
static int
load_tallies(const as_state *st, as_proposal *p, const json_t *arr,
    const char *pwhere, as_error *err)
{
	char where[WHERE_MAX];
	as_error why[1];
	size_t i;
	const json_t *e, *d;

	if (arr == NULL)
		return 0;
	if (as_rule_tally(as_proposal_rule(st, p), why) != 0)
		return bad_why(err, pwhere, why);
	if (alloc_array(&p->tallies, json_array_size(arr), sizeof(*p->tallies),
	    err) != 0)
		return -1;
	json_array_foreach(arr, i, e) {
		as_tally *ty = &p->tallies[i];
		char date[AS_DATE_MAX];
		const char *over;
		int64_t when;
		place(where, "%s.tallies[%zu]", pwhere, i);
		if (shape(e, tally_keys, where, err) != 0)
			return -1;
		d = json_object_get(e, "data");
		const char *cand = STR(d, "candidate");
		if (names(d, "proposal", p->id, where, err) != 0)
			return -1;
		if ((p->kind == AS_APPOINTMENT) != (cand != NULL) ||
		    (cand != NULL && as_proposal_candidate(p, cand) == NULL))
			return bad(err, where, "a vote is on a candidate of an "
			    "appointment, or on a text");
		if (date_of(e, "date", date, where, err) != 0 ||
		    instant_of(e, "when", 0, &when, where, err) != 0)
			return -1;
		if (i > 0 && p->tallies[i - 1].when > when)
			return bad(err, where, "the votes are not in order of "
			    "their dates");
		if (as_tally_set(ty, d, as_proposal_voters(st, p, when),
		    &over) != 0)
			return bad(err, where, "the tally counts more votes than "
			    "the %zu members who vote on %s on %s",
			    as_proposal_voters(st, p, when), p->id, date);
		strcpy(ty->date, date);
		ty->when = when;
		p->ntallies++;
	}
	return 0;
}

/*
 * Whether p's rule fits the members as the fold keeps it fitting while p
 * is undecided: their weights there, and the members it names among them.
 */
static int
check_rule_fits(const as_state *st, const as_proposal *p, const char *where,
    as_error *err)
{
	as_error why[1];
	as_ballot *b;
	size_t n;
	int rc;

	if (p->decided)
		return 0;
	if ((b = as_rule_voters(&st->orgs[p->org], as_proposal_body(st, p),
	    &n)) == NULL)
		return oom(err);
	rc = as_rule_check(as_proposal_rule(st, p), b, n, 1, why);
	free(b);
	return rc != 0 ? bad_why(err, where, why) : 0;
}

/* A decision on p that requires another's comes after it, and for
 * the same candidate if both name one (as_apply_decision_take). */
static int
check_required(const as_state *st, const as_proposal *p, const char *where,
    as_error *err)
{
	const as_proposal *r = as_state_proposal(st, p->requires);
	const char *c, *rc;

	if (!p->decided || r == NULL)
		return 0;
	if (!r->decided)
		return bad(err, where, "decided before '%s', which it requires",
		    r->id);
	c = STR(p->decision, "candidate");
	rc = STR(r->decision, "candidate");
	if (c != NULL && rc != NULL && strcmp(c, rc) != 0)
		return bad(err, where, "decided for '%s', not for '%s' as '%s' "
		    "was", c, rc, r->id);
	return 0;
}

static int
load_proposals(as_state *st, const json_t *arr, as_error *err)
{
	as_error why[1];
	char where[WHERE_MAX];
	size_t i, k, oi, fi = 0;
	const json_t *e, *d, *spec;

	if (alloc_array(&st->proposals, json_array_size(arr),
	    sizeof(*st->proposals), err) != 0)
		return -1;
	json_array_foreach(arr, i, e) {
		place(where, "proposals[%zu]", i);
		if (shape(e, proposal_keys, where, err) != 0)
			return -1;
		d = json_object_get(e, "data");
		const char *office = STR(d, "office"), *kind = STR(d, "kind");
		int appointment = strcmp(kind, "text") != 0;	/* or a
								 * recommendation */
		const as_body *body = NULL;
		if (!as_map_get(&st->org_ids, STR(d, "org"), &oi))
			return bad(err, where, "unknown organisation '%s'",
			    STR(d, "org"));
		if (as_map_get(&st->proposal_ids, STR(d, "id"), &k))
			return bad(err, where, "proposal '%s' is listed twice",
			    STR(d, "id"));
		if (appointment && office == NULL)
			return bad(err, where, "an appointment names its office");
		if (appointment && !as_map_get(&st->office_ids, office, &fi))
			return bad(err, where, "unknown office '%s'", office);
		if (appointment && st->offices[fi].org != oi)
			return bad(err, where, "office '%s' is not an office of %s",
			    office, STR(d, "org"));
		if (!appointment && office != NULL)
			return bad(err, where, "a text has no office");
		if (STR(d, "body") != NULL &&
		    (body = as_org_body(&st->orgs[oi], STR(d, "body"))) == NULL)
			return bad(err, where, "unknown body '%s' of %s",
			    STR(d, "body"), STR(d, "org"));
		/* What it requires was opened before it, in its organisation. */
		if (STR(d, "requires") != NULL && (!as_map_get(&st->proposal_ids,
		    STR(d, "requires"), &k) || st->proposals[k].org != oi))
			return bad(err, where, "it requires '%s', not a proposal "
			    "of %s listed before it", STR(d, "requires"),
			    STR(d, "org"));
		as_proposal *p = &st->proposals[st->nproposals++];
		p->data = json_incref((json_t *)d);
		p->id = STR(d, "id");
		p->title = STR(d, "title");
		p->text = STR(d, "text");
		p->kind = !appointment ? AS_TEXT : strcmp(kind,
		    "recommendation") == 0 ? AS_RECOMMENDATION : AS_APPOINTMENT;
		p->org = oi;
		p->office = appointment ? fi : 0;
		p->in_body = body != NULL;
		p->body = body != NULL ?
		    (size_t)(body - st->orgs[oi].bodies) : 0;
		p->requires = STR(d, "requires");
		if (as_map_put(&st->proposal_ids, p->id, i) != 0)
			return oom(err);
		if ((spec = json_object_get(d, "rule")) != NULL &&
		    (p->rule = as_rule_parse(spec, why)) == NULL)
			return bad_why(err, where, why);
		if (date_of(e, "opened_date", p->opened_date, where, err) != 0 ||
		    load_candidates(st, p, json_object_get(e, "candidates"), where,
		    err) != 0 ||
		    load_decision(p, json_object_get(e, "decision"), where,
		    err) != 0 || check_required(st, p, where, err) != 0 ||
		    load_positions(st, p, NULL, json_object_get(e, "positions"),
		    where, err) != 0 ||
		    load_cand_positions(st, p, json_object_get(e, "candidates"),
		    where, err) != 0 ||
		    load_polls(st, p, json_object_get(e, "polls"), where,
		    err) != 0 ||
		    load_reports(st, p, json_object_get(e, "reports"), where,
		    err) != 0 ||
		    load_tallies(st, p, json_object_get(e, "tallies"), where,
		    err) != 0 ||
		    check_rule_fits(st, p, where, err) != 0)
			return -1;
	}
	return 0;
}

static int
load_commitments(as_state *st, const json_t *arr, as_error *err)
{
	static const char *const parties[] = { "by", "to", "text", NULL };
	char where[WHERE_MAX];
	size_t i, k;
	int s;
	const json_t *e, *ask, *give, *d;

	if (alloc_array(&st->commitments, json_array_size(arr),
	    sizeof(*st->commitments), err) != 0)
		return -1;
	json_array_foreach(arr, i, e) {
		place(where, "commitments[%zu]", i);
		if (shape(e, commitment_keys, where, err) != 0)
			return -1;
		ask = json_object_get(e, "ask");
		give = json_object_get(e, "give");
		ask = json_is_null(ask) ? NULL : ask;
		give = json_is_null(give) ? NULL : give;
		for (s = 0; commit_states[s] != NULL; s++)
			if (strcmp(STR(e, "state"), commit_states[s]) == 0)
				break;
		if (commit_states[s] == NULL)
			return bad(err, where, "field 'state' must be asked, given "
			    "or revoked");
		if (s == AS_ASKED && (ask == NULL || give != NULL))
			return bad(err, where, "an asked commitment has an 'ask' "
			    "and no 'give'");
		if (s != AS_ASKED && give == NULL)
			return bad(err, where, "a commitment %s has a 'give'",
			    commit_states[s]);
		d = ask != NULL ? ask : give;
		for (size_t j = 0; ask == NULL && parties[j] != NULL; j++)
			if (json_object_get(give, parties[j]) == NULL)
				return bad(err, where, "field '%s' is required for "
				    "a commitment not asked before", parties[j]);
		for (size_t j = 0; ask != NULL && give != NULL && j < 2; j++)
			if (STR(give, parties[j]) != NULL &&
			    strcmp(STR(give, parties[j]), STR(ask, parties[j])) != 0)
				return bad(err, where, "field '%s' differs from the "
				    "commitment asked for", parties[j]);
		if (ask != NULL && give != NULL &&
		    names(give, "id", STR(ask, "id"), where, err) != 0)
			return -1;
		if (as_map_get(&st->commitment_ids, STR(d, "id"), &k))
			return bad(err, where, "commitment '%s' is listed twice",
			    STR(d, "id"));
		if (!as_state_knows_giver(st, STR(d, "by")))
			return bad(err, where, "'by': '%s' is neither a member nor "
			    "a candidate", STR(d, "by"));
		if (!as_state_has_member(st, STR(d, "to")))
			return bad(err, where, "'to': unknown member '%s'",
			    STR(d, "to"));
		as_commitment *c = &st->commitments[st->ncommitments++];
		if (date_of(e, "date", c->date, where, err) != 0)
			return -1;
		/* As new_commitment and as_apply_commitment_give set them. */
		c->data = json_incref((json_t *)d);
		c->id = STR(d, "id");
		c->by = STR(d, "by");
		c->to = STR(d, "to");
		c->text = STR(d, "text");
		if (give != NULL) {
			c->given = json_incref((json_t *)give);
			c->document = STR(give, "document");
			c->source = STR(give, "source");
			if (STR(give, "text") != NULL)
				c->text = STR(give, "text");
		}
		c->state = (enum as_commit_state)s;
		if (as_map_put(&st->commitment_ids, c->id, i) != 0)
			return oom(err);
	}
	return 0;
}

/* Each condition of a position names a commitment. */
static int
check_conditions(const as_state *st, as_error *err)
{
	char where[WHERE_MAX];
	size_t i, j, k;
	json_t *e;

	for (i = 0; i < st->nproposals; i++) {
		const as_proposal *p = &st->proposals[i];
		for (size_t c = 0; c <= p->ncands; c++) {
			const as_position *v = c == 0 ? p->positions :
			    p->cands[c - 1].positions;
			size_t n = c == 0 ? p->npositions :
			    p->cands[c - 1].npositions;
			for (j = 0; j < n; j++) {
				json_array_foreach(json_object_get(v[j].data,
				    "conditions"), k, e) {
					if (as_state_commitment(st,
					    json_string_value(e)))
						continue;
					if (c == 0)
						place(where, "proposals[%zu]."
						    "positions[%zu]", i, j);
					else
						place(where, "proposals[%zu]."
						    "candidates[%zu].positions[%zu]",
						    i, c - 1, j);
					return bad(err, where, "condition '%s' "
					    "names an unknown commitment",
					    json_string_value(e));
				}
			}
		}
		for (j = 0; j < p->nreports; j++) {
			json_array_foreach(json_object_get(p->reports[j].data,
			    "conditions"), k, e) {
				if (as_state_commitment(st, json_string_value(e)))
					continue;
				place(where, "proposals[%zu].reports[%zu]", i, j);
				return bad(err, where, "condition '%s' names an "
				    "unknown commitment", json_string_value(e));
			}
		}
	}
	return 0;
}

/* A holder made by the decision on a proposal (its id in e): the payload
 * and strings as as_apply_decision_take sets them. */
static int
load_appointee(const as_state *st, size_t fi, as_holder *h, const json_t *e,
    char *used, const char *where, as_error *err)
{
	const as_office *f = &st->offices[fi];
	const as_proposal *p;
	const as_candidate *c;
	size_t pi;

	if (shape(e, appointee_keys, where, err) != 0)
		return -1;
	if (!as_map_get(&st->proposal_ids, STR(e, "proposal"), &pi))
		return bad(err, where, "unknown proposal '%s'", STR(e, "proposal"));
	p = &st->proposals[pi];
	if (p->kind != AS_APPOINTMENT || !p->decided || p->office != fi)
		return bad(err, where, "proposal '%s' is no decided appointment "
		    "to %s", p->id, f->id);
	if (used[pi])
		return bad(err, where, "proposal '%s' appoints twice", p->id);
	used[pi] = 1;
	c = as_proposal_candidate(p, STR(p->decision, "candidate"));
	h->data = json_incref(p->decision);
	h->person = c->name;
	h->nationality = c->nominated_by;
	h->candidate = c->id;
	h->proposal = p->id;
	return 0;
}

static int
load_holders(as_state *st, const json_t *offices, as_error *err)
{
	char where[WHERE_MAX], *used;
	size_t i, j;
	const json_t *e, *hs, *d;
	int rc = -1;

	if ((used = as_calloc(st->nproposals + 1, 1)) == NULL)
		return oom(err);
	for (i = 0; i < st->noffices; i++) {
		as_office *f = &st->offices[i];
		hs = json_object_get(json_array_get(offices, i), "holders");
		if (alloc_array(&f->holders, json_array_size(hs),
		    sizeof(*f->holders), err) != 0)
			goto done;
		json_array_foreach(hs, j, e) {
			int64_t start, end, from, until, next;
			const json_t *ended;
			place(where, "offices[%zu].holders[%zu]", i, j);
			as_holder *h = &f->holders[f->nholders++];
			if (json_object_get(e, "proposal") != NULL) {
				if (load_appointee(st, i, h, e, used, where, err) != 0)
					goto done;
			} else {
				/* office.holder's payload, or office.acting's */
				int acting = json_object_get(e, "acting") != NULL;
				if (shape(e, acting ? acting_keys : holder_keys,
				    where, err) != 0)
					goto done;
				d = json_object_get(e, acting ? "acting" : "data");
				if (names(d, "office", f->id, where, err) != 0)
					goto done;
				h->data = json_incref((json_t *)d);
				h->person = STR(d, "person");
				h->nationality = STR(d, "nationality");
				h->acting = acting;
				h->open = acting ? json_object_get(d, "end") == NULL :
				    json_is_true(json_object_get(d, "open"));
			}
			if (instant_of(e, "start", 0, &start, where, err) != 0 ||
			    instant_of(e, "end", h->open, &end, where, err) != 0)
				goto done;
			/* The term the payload gives, which only an extension
			 * lengthens and an early end shortens; an acting term
			 * without an end of its own ends where the next begins
			 * (as_apply_office_holder, _acting, _end,
			 * _decision_take). */
			from = payload_date(h->data, "start", start);
			until = h->open ? AS_TIME_NEVER :
			    payload_date(h->data, "end", as_date_add(start,
			    &f->term));
			if (start != from) {
				bad(err, where, "'start' is not the payload's");
				goto done;
			}
			if ((ended = json_object_get(e, "ended")) != NULL) {
				if (names(ended, "office", f->id, where, err) != 0)
					goto done;
				h->ended = json_incref((json_t *)ended);
				h->reason = STR(ended, "reason");
				h->open = 0;
				until = payload_date(ended, "end", end);
			}
			next = j + 1 < json_array_size(hs) ?
			    int_of(json_array_get(hs, j + 1), "start") :
			    AS_TIME_NEVER;
			if (start >= end || (h->open ? end != next :
			    ended != NULL ? end != until : end < until)) {
				bad(err, where, "'end' must be after 'start' and no "
				    "earlier than the term's end");
				goto done;
			}
			if (j > 0 && start < f->holders[j - 1].end) {
				bad(err, where, "the term overlaps the previous "
				    "holder's");
				goto done;
			}
			h->start = start;
			h->end = end;
		}
	}
	/* And each appointment decided has its holder. */
	for (i = 0; i < st->nproposals; i++) {
		const as_proposal *p = &st->proposals[i];
		if (p->kind == AS_APPOINTMENT && p->decided && !used[i]) {
			place(where, "proposals[%zu]", i);
			bad(err, where, "the decision appoints '%s', who holds no "
			    "term of %s", STR(p->decision, "candidate"),
			    st->offices[p->office].id);
			goto done;
		}
	}
	rc = 0;
done:
	free(used);
	return rc;
}

static int
load_sources(as_state *st, const json_t *arr, as_error *err)
{
	char where[WHERE_MAX];
	size_t i, k;
	const json_t *e, *d;

	if (arr == NULL)
		return 0;
	if (alloc_array(&st->sources, json_array_size(arr), sizeof(*st->sources),
	    err) != 0)
		return -1;
	json_array_foreach(arr, i, e) {
		place(where, "sources[%zu]", i);
		if (shape(e, source_keys, where, err) != 0)
			return -1;
		d = json_object_get(e, "data");
		if (as_map_get(&st->source_ids, STR(d, "id"), &k))
			return bad(err, where, "source '%s' is listed twice",
			    STR(d, "id"));
		as_source *src = &st->sources[st->nsources++];
		as_source_set(src, d);
		if (as_map_put(&st->source_ids, src->id, i) != 0)
			return oom(err);
	}
	return 0;
}

static int
load_rankings(as_state *st, const json_t *arr, as_error *err)
{
	as_error why[1];
	char where[WHERE_MAX];
	size_t i, j;
	const json_t *e, *d;

	if (arr == NULL)
		return 0;
	if (alloc_array(&st->rankings, json_array_size(arr),
	    sizeof(*st->rankings), err) != 0)
		return -1;
	json_array_foreach(arr, i, e) {
		place(where, "rankings[%zu]", i);
		if (shape(e, ranking_keys, where, err) != 0)
			return -1;
		d = json_object_get(e, "data");
		for (j = 0; j < st->nrankings; j++)
			if (strcmp(st->rankings[j].org, STR(d, "org")) == 0)
				return bad(err, where, "a second order of weight "
				    "for %s", STR(d, "org"));
		as_ranking *r = &st->rankings[st->nrankings];
		if (as_ranking_weights(d, r->weight, why) != 0)
			return bad_why(err, where, why);
		r->data = json_incref((json_t *)d);
		r->org = STR(d, "org");
		st->nrankings++;
	}
	return 0;
}

static int
load_corrections(as_state *st, const json_t *arr, as_error *err)
{
	char where[WHERE_MAX];
	size_t i;
	const json_t *e, *d;

	if (arr == NULL)
		return 0;
	if (alloc_array(&st->corrections, json_array_size(arr),
	    sizeof(*st->corrections), err) != 0)
		return -1;
	json_array_foreach(arr, i, e) {
		place(where, "corrections[%zu]", i);
		if (shape(e, correction_keys, where, err) != 0)
			return -1;
		d = json_object_get(e, "data");
		int64_t seq = (int64_t)json_integer_value(json_object_get(d,
		    "seq")), by = int_of(e, "by");
		if (by <= seq)
			return bad(err, where, "'by' must come after the event "
			    "corrected");
		if (as_state_correction(st, seq) != NULL)
			return bad(err, where, "event %lld is corrected twice",
			    (long long)seq);
		as_correction *c = &st->corrections[st->ncorrections++];
		c->data = json_incref((json_t *)d);
		c->seq = seq;
		c->by = by;
		c->payload = json_object_get(d, "payload");
	}
	return 0;
}

as_state *
as_state_load(const char *text, size_t len, as_error *err)
{
	as_error why[1];
	json_t *root;
	as_state *st = NULL;
	int64_t when;

	/* Not json_loadb: see json_read.h. */
	switch (as_json_read(text, len, &root, why)) {
	case AS_JSON_OK:
		break;
	case AS_JSON_NOMEM:
		oom(err);
		return NULL;
	case AS_JSON_MALFORMED:
		as_err(err, "snapshot: not JSON: %.400s", why->msg);
		return NULL;
	}
	if (shape(root, top_keys, "", err) != 0)
		goto fail;
	if (int_of(root, "version") != AS_SNAPSHOT_VERSION) {
		as_err(err, "snapshot: version %lld, not %d", (long long)int_of(root,
		    "version"), AS_SNAPSHOT_VERSION);
		goto fail;
	}
	if (instant_of(root, "when", 0, &when, "", err) != 0)
		goto fail;
	if ((st = as_state_new()) == NULL) {
		oom(err);
		goto fail;
	}
	st->seq = int_of(root, "seq");
	st->when = when;
	if (*STR(root, "date") != '\0' &&
	    date_of(root, "date", st->date, "", err) != 0)
		goto fail;
	if (load_sources(st, json_object_get(root, "sources"), err) != 0 ||
	    load_rankings(st, json_object_get(root, "rankings"), err) != 0 ||
	    load_corrections(st, json_object_get(root, "corrections"), err) != 0 ||
	    load_orgs(st, json_object_get(root, "orgs"), err) != 0 ||
	    load_offices(st, json_object_get(root, "offices"), err) != 0 ||
	    load_proposals(st, json_object_get(root, "proposals"), err) != 0 ||
	    load_commitments(st, json_object_get(root, "commitments"), err) != 0 ||
	    check_conditions(st, err) != 0 ||
	    load_holders(st, json_object_get(root, "offices"), err) != 0)
		goto fail;
	json_decref(root);
	return st;
fail:
	as_state_free(st);
	json_decref(root);
	return NULL;
}
