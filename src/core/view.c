/* Views of the state as JSON: see view.h. */
#include "core/alloc.h"
#include "core/view.h"

#include <stdlib.h>
#include <string.h>

static json_t *
str_or_null(const char *s)
{
	return s != NULL ? json_string(s) : json_null();
}

static json_t *
date_json(int64_t t)
{
	char d[AS_DATE_MAX];

	if (t == AS_TIME_NEVER)
		return json_null();
	as_date_format_auto(t, d);
	return json_string(d);
}

static const char *
cand_state_name(enum as_cand_state s)
{
	static const char *const names[] = { "standing", "withdrawn",
	    "appointed", "recommended" };
	return names[s];
}

/* Adds code to arr; used for the member lists. */
static void
push_code(json_t *arr, const char *code)
{
	json_array_append_new(arr, json_string(code));
}

/* The conditions of a payload (a position's or a report's), each with
 * its commitment's state. */
static json_t *
conditions_of(const as_state *st, const json_t *data)
{
	json_t *out = json_array(), *e;
	size_t i;

	json_array_foreach(json_object_get(data, "conditions"), i, e) {
		const as_commitment *c = as_state_commitment(st,
		    json_string_value(e));
		const char *state = c == NULL ? "unknown" :
		    c->state == AS_GIVEN ? "given" :
		    c->state == AS_ASKED ? "asked" : "revoked";
		json_array_append_new(out, json_pack("{s:s,s:s,s:b}",
		    "id", json_string_value(e), "state", state,
		    "met", c != NULL && c->state == AS_GIVEN));
	}
	return out;
}

static json_t *
conditions_json(const as_state *st, const as_position *pos)
{
	return conditions_of(st, pos != NULL ? pos->data : NULL);
}

json_t *
as_view_whole(json_t *j, unsigned long m0, as_error *err)
{
	if (as_alloc_misses() != m0) {
		json_decref(j);
		as_nomem(err, NULL);
		return NULL;
	}
	if (j == NULL && err != NULL && err->msg[0] == '\0')
		as_nomem(err, NULL);
	return j;
}

json_t *
as_source_json(const as_state *st, const as_source *src)
{
	const char *org = src->org;
	const as_source_kind *k = &as_source_kinds[src->kind];

	return json_pack("{s:s,s:s,s:s,s:s,s:o,s:o,s:o,s:o,s:o,s:f,s:b}",
	    "id", src->id, "kind", k->id, "kind_label", k->label,
	    "title", src->title,
	    "published", str_or_null(json_string_value(json_object_get(
	    src->data, "published"))),
	    "by", str_or_null(src->by),
	    "url", str_or_null(json_string_value(json_object_get(src->data,
	    "url"))),
	    "document", str_or_null(json_string_value(json_object_get(
	    src->data, "document"))),
	    "text", str_or_null(json_string_value(json_object_get(src->data,
	    "text"))),
	    "weight", as_kind_weight(st, org, src->kind),
	    "confirms", k->confirms);
}

/* The source records a payload cites, in full. */
static json_t *
cites_json(const as_state *st, const json_t *data)
{
	json_t *out = json_array(), *e;
	size_t i;

	json_array_foreach(json_object_get(data, "cites"), i, e) {
		const as_source *src = as_state_source(st, json_string_value(e));
		if (src != NULL)
			json_array_append_new(out, as_source_json(st, src));
	}
	return out;
}

static json_t *
correction_json(const as_state *st, int64_t seq)
{
	const as_correction *c = as_state_correction(st, seq);

	if (c == NULL)
		return json_null();
	return json_pack("{s:I,s:s,s:b}", "by", (json_int_t)c->by, "reason",
	    json_string_value(json_object_get(c->data, "reason")),
	    "withdrawn", c->payload == NULL);
}

/* A report, with its source and how it stands among the member's. */
static json_t *
report_json(const as_state *st, const as_proposal *p, const as_report *r)
{
	int conflict, standing = as_report_standing(st, p, r, &conflict);

	return json_pack("{s:I,s:s,s:s,s:s,s:o,s:o,s:o,s:o,s:b,s:b,s:b,s:o}",
	    "seq", (json_int_t)r->seq, "date", r->date, "member", r->member,
	    "position", r->position, "candidate", str_or_null(r->candidate),
	    "conditions", conditions_of(st, r->data),
	    "note", str_or_null(r->note),
	    "source", as_source_json(st, &st->sources[r->source]),
	    "confirms", r->confirms, "standing", standing,
	    "conflict", standing && conflict,
	    "corrected", correction_json(st, r->seq));
}

/* A commitment as JSON. */
static json_t *
commitment_json(const as_commitment *c)
{
	return json_pack("{s:s,s:s,s:s,s:o,s:s,s:o,s:o,s:s}",
	    "id", c->id, "by", c->by, "to", c->to, "text", str_or_null(c->text),
	    "state", c->state == AS_GIVEN ? "given" :
	    c->state == AS_ASKED ? "asked" : "revoked",
	    "document", str_or_null(c->document),
	    "source", str_or_null(c->source), "date", c->date);
}

/* Adds to out the unmet conditions of the positions counted for one option. */
static void
open_conditions(const as_state *st, const as_proposal *p, const char *cand,
    as_basis basis, json_t *out, json_t *ids)
{
	const as_org *o = &st->orgs[p->org];
	size_t i, j, open;
	as_evidence ev;
	json_t *e;

	for (i = 0; i < o->nmembers; i++) {
		as_member_evidence(st, p, i, cand, basis, &ev);
		const as_position *pos = ev.pos.data != NULL ? &ev.pos : NULL;
		if (as_position_effective(st, p, pos, cand, &open) != AS_PENDING)
			continue;
		json_array_foreach(json_object_get(pos->data, "conditions"), j, e) {
			const char *id = json_string_value(e);
			const as_commitment *c = as_state_commitment(st, id);
			if (c == NULL || c->state == AS_GIVEN ||
			    json_object_get(ids, id) != NULL)
				continue;
			json_object_set_new(ids, id, json_true());
			json_t *cj = commitment_json(c);
			json_object_set_new(cj, "for", json_string(o->members[i].code));
			json_array_append_new(out, cj);
		}
	}
}

/* ---- Bodies (docs/events.md, "Bodies") ---- */

/*
 * Who put a candidate forward: "nominated_by_name" (the member's name,
 * or the one given for a nominator that is not a member),
 * "nominated_by_member" (whether it was a member of the organisation)
 * and "nominated_by_on_body" (whether it sits on p's body at t; null
 * if p is put to the whole membership).
 */
static json_t *
nominator_json(const as_state *st, const as_proposal *p,
    const as_candidate *c, int64_t t)
{
	const as_org *o = &st->orgs[p->org];
	const as_member *m = as_org_member(o, c->nominated_by, NULL);
	const as_body *b = as_proposal_body(st, p);
	const char *name = c->nominated_by_name != NULL ?
	    c->nominated_by_name : m != NULL ? m->name : NULL;

	return json_pack("{s:o,s:b,s:o}", "nominated_by_name",
	    str_or_null(name), "nominated_by_member", c->nominated_by_name == NULL,
	    "nominated_by_on_body", b == NULL ? json_null() :
	    json_boolean(as_body_seat_at(b, c->nominated_by, t) != NULL));
}

/* A seat as JSON: code, name, since, until, weights (those it votes
 * with). */
static json_t *
seat_json(const as_org *o, const as_seat *s)
{
	const as_member *m = as_org_member(o, s->code, NULL);
	const json_t *w = as_seat_weights(o, s);

	return json_pack("{s:s,s:o,s:o,s:o,s:O}", "code", s->code, "name",
	    str_or_null(m ? m->name : NULL), "since", date_json(s->since),
	    "until", date_json(s->until), "weights", w ? w : json_null());
}

/*
 * A body as of t: id, name, rule (its own or the organisation's, and
 * "rule_own"), its members then (seats), and the seats that have ended
 * or are still to begin. NULL body: JSON null.
 */
static json_t *
body_json(const as_org *o, const as_body *b, int64_t t)
{
	json_t *members, *former, *future;

	if (b == NULL)
		return json_null();
	members = json_array();
	former = json_array();
	future = json_array();
	for (size_t i = 0; i < b->nseats; i++) {
		const as_seat *s = &b->seats[i];
		json_array_append_new(s->since <= t && t < s->until ? members :
		    s->since > t ? future : former, seat_json(o, s));
	}
	return json_pack("{s:s,s:s,s:o,s:b,s:o,s:o,s:o}", "id", b->id, "name",
	    b->name, "rule", as_rule_json(b->rule != NULL ? b->rule : o->rule),
	    "rule_own", b->rule != NULL, "members", members,
	    "former_members", former, "future_members", future);
}

/* The decision p requires first: {"proposal", "title", "body",
 * "decided", "date", "candidate"}, or null. */
static json_t *
requires_json(const as_state *st, const as_proposal *p)
{
	const as_proposal *r = as_state_proposal(st, p->requires);
	const as_body *b;

	if (r == NULL)
		return json_null();
	b = as_proposal_body(st, r);
	return json_pack("{s:s,s:s,s:o,s:b,s:o,s:o}", "proposal", r->id,
	    "title", r->title, "body", str_or_null(b ? b->id : NULL),
	    "decided", r->decided, "date", r->decided ?
	    json_string(r->decided_date) : json_null(), "candidate",
	    str_or_null(r->decided ? json_string_value(json_object_get(
	    r->decision, "candidate")) : NULL));
}

/* A secret vote: its tally, its source and the outcome it gives. */
static json_t *
tally_json(const as_state *st, const as_proposal *p, const as_tally *ty)
{
	as_verdict v;
	json_t *j;

	if (as_tally_eval(st, p, ty, &v) != 0)
		return NULL;
	j = json_pack("{s:s,s:I,s:I,s:I,s:I,s:I,s:s,s:s,s:o,s:o}",
	    "date", ty->date, "for", (json_int_t)ty->yes,
	    "against", (json_int_t)ty->no, "abstain", (json_int_t)ty->abstain,
	    "not_voting", (json_int_t)ty->not_voting,
	    "members", (json_int_t)ty->members,
	    "outcome", as_outcome_name(v.outcome), "explanation", v.why,
	    "source", str_or_null(json_string_value(json_object_get(ty->data,
	    "source"))), "cites", cites_json(st, ty->data));
	as_verdict_clear(&v);
	return j;
}

/* The secret votes on one option, in order of date (the latest counts). */
static json_t *
votes_json(const as_state *st, const as_proposal *p, const char *cand)
{
	json_t *out = json_array();

	for (size_t i = 0; i < p->ntallies; i++) {
		const as_tally *ty = &p->tallies[i];
		if (as_tally_on(ty, cand))
			json_array_append_new(out, tally_json(st, p, ty));
	}
	return out;
}

/*
 * One option of p (a candidate, or the text if cand is NULL): who
 * supports it, who is pending, who objects, who abstains, who has not
 * said (no stance on it, or one that lapsed), who is still to be
 * brought in.
 */
static json_t *
option_json(const as_state *st, const as_proposal *p, const char *cand,
    int64_t t, as_basis basis, as_error *err)
{
	const as_org *o = &st->orgs[p->org];
	json_t *sup = json_array(), *pend = json_array(), *obj = json_array(),
	    *abst = json_array(), *silent = json_array(), *miss = json_array(),
	    *opn = json_array(), *ids = json_object();
	size_t *members = NULL, nm, i;
	as_verdict v;

	/* Once decided, the rule reads as at the decision (consensus). */
	if (as_proposal_eval(st, p, cand, t, p->decided, basis, &v, &members,
	    &nm) != 0) {
		as_nomem(err, NULL);
		json_decref(sup); json_decref(pend); json_decref(obj);
		json_decref(abst); json_decref(silent); json_decref(miss);
		json_decref(opn); json_decref(ids);
		return NULL;
	}
	for (i = 0; i < nm; i++) {
		size_t mi = members[i];
		as_evidence ev;
		as_member_evidence(st, p, mi, cand, basis, &ev);
		as_stance s = as_position_effective(st, p, ev.pos.data ?
		    &ev.pos : NULL, cand, NULL);
		push_code(s == AS_SUPPORT ? sup : s == AS_PENDING ? pend :
		    s == AS_OBJECT ? obj : s == AS_ABSTAIN ? abst : silent,
		    o->members[mi].code);
	}
	for (i = 0; i < v.nmissing; i++)
		push_code(miss, o->members[v.missing[i]].code);
	open_conditions(st, p, cand, basis, opn, ids);
	json_decref(ids);
	free(members);
	json_t *out = json_pack("{s:o,s:o,s:o,s:o,s:o,s:o,s:o,s:b,s:s,s:s,s:o}",
	    "supporters", sup, "pending", pend, "objectors", obj,
	    "abstainers", abst, "not_said", silent, "to_bring_in", miss,
	    "open_conditions", opn, "consensus", v.holds,
	    "outcome", as_outcome_name(v.outcome), "explanation", v.why,
	    "votes", votes_json(st, p, cand));
	as_verdict_clear(&v);
	return out;
}

/*
 * A member's stance on each candidate of an appointment it has said
 * something of (its own, or one that speaks of every candidate): what
 * counts on that candidate, as the candidate's lists count it.
 */
static json_t *
stances_json(const as_state *st, const as_proposal *p, size_t mi,
    as_basis basis)
{
	json_t *out = json_array();
	as_evidence ev;

	for (size_t c = 0; c < p->ncands; c++) {
		const char *cand = p->cands[c].id;
		as_member_evidence(st, p, mi, cand, basis, &ev);
		if (ev.pos.data == NULL)
			continue;
		json_array_append_new(out, json_pack(
		    "{s:s,s:s,s:s,s:o,s:s,s:b,s:s}", "candidate", cand,
		    "position", ev.pos.position, "effective",
		    as_stance_name(as_position_effective(st, p, &ev.pos, cand,
		    NULL)), "named", json_boolean(ev.pos.candidate != NULL),
		    "since", ev.pos.date, "confirmed", ev.confirmed,
		    "rests_on", ev.report ? "report" : "declaration"));
	}
	return out;
}

/* The rule's outcome for one option at t (open if out of memory). */
static as_outcome
option_outcome(const as_state *st, const as_proposal *p, const char *cand,
    int64_t t, as_basis basis)
{
	size_t *members, n;
	as_verdict v;
	as_outcome o;

	if (as_proposal_eval(st, p, cand, t, p->decided, basis, &v, &members,
	    &n) != 0)
		return AS_OUT_OPEN;
	o = v.outcome;
	as_verdict_clear(&v);
	free(members);
	return o;
}

/*
 * "decided"; "consensus" (the rule holds, for the candidate in
 * *consensus_for); "not adopted" (it cannot hold any more: silence
 * broken, for every candidate still standing); or "open".
 */
static const char *
proposal_state(const as_state *st, const as_proposal *p, int64_t t,
    as_basis basis, const char **consensus_for)
{
	size_t standing = 0, rejected = 0;
	as_outcome o;

	*consensus_for = NULL;
	if (p->decided)
		return "decided";
	if (p->kind == AS_TEXT) {
		o = option_outcome(st, p, NULL, t, basis);
		return o == AS_OUT_ADOPTED ? "consensus" :
		    o == AS_OUT_REJECTED ? "not adopted" : "open";
	}
	for (size_t i = 0; i < p->ncands; i++) {
		if (p->cands[i].state != AS_STANDING)
			continue;
		standing++;
		o = option_outcome(st, p, p->cands[i].id, t, basis);
		if (o == AS_OUT_ADOPTED) {
			*consensus_for = p->cands[i].id;
			return "consensus";
		}
		rejected += o == AS_OUT_REJECTED;
	}
	return standing > 0 && rejected == standing ? "not adopted" : "open";
}

/*
 * The decision on p: its date, candidate, source, and how it was taken
 * ("by"): "acclamation" (without objection at a meeting), "vote" (the
 * rule counted on a secret vote's tally), in both no individual
 * positions taken; or "positions" (the rule counted on them).
 */
static json_t *
decision_json(const as_state *st, const as_proposal *p)
{
	const char *by = json_string_value(json_object_get(p->decision, "by")),
	    *cand = json_string_value(json_object_get(p->decision, "candidate"));

	if (by == NULL && as_proposal_tally(p, cand) != NULL)
		by = "vote";
	return json_pack("{s:s,s:o,s:o,s:o,s:s,s:b}", "date", p->decided_date,
	    "candidate", str_or_null(cand),
	    "source", str_or_null(json_string_value(json_object_get(
	    p->decision, "source"))), "cites", cites_json(st, p->decision),
	    "by", by != NULL ? by : "positions", "individual_positions",
	    by == NULL);
}

json_t *
as_view_status(const as_state *st, const char *id, const char *as_of,
    int64_t t, as_error *err)
{
	return as_view_status_on(st, id, as_of, t, AS_BASIS_DEFAULT, 0, err);
}

static json_t *
as_view_status_on_(const as_state *st, const char *id, const char *as_of,
    int64_t t, as_basis basis, int asked, as_error *err)
{
	const as_proposal *p = as_state_proposal(st, id);
	const as_org *o;
	const char *state, *cfor;
	json_t *out, *cands, *members, *conds, *opt, *conflicts;
	size_t i;

	if (p == NULL) {
		as_fail(err, AS_ENOTFOUND, "unknown proposal '%s' as of %s", id,
		    as_of);
		return NULL;
	}
	o = &st->orgs[p->org];
	state = proposal_state(st, p, t, basis, &cfor);
	if (p->decided && p->kind == AS_APPOINTMENT)
		cfor = json_string_value(json_object_get(p->decision, "candidate"));

	cands = json_array();
	for (i = 0; i < p->ncands; i++) {
		const as_candidate *c = &p->cands[i];
		if ((opt = option_json(st, p, c->id, t, basis, err)) == NULL)
			goto fail;
		json_object_update_new(opt, nominator_json(st, p, c, t));
		json_object_update_new(opt, json_pack("{s:s,s:s,s:s,s:s,s:o,s:o,s:o}",
		    "id", c->id, "name", c->name, "nominated_by", c->nominated_by,
		    "state", cand_state_name(c->state),
		    "endorses", str_or_null(c->endorses),
		    "withdrawn", c->state == AS_WITHDRAWN ?
		    json_string(c->withdrawn_date) : json_null(),
		    "source", str_or_null(json_string_value(
		    json_object_get(c->data, "source")))));
		/* A straw poll is indicative: shown beside the stances, never
		 * read by the rule or the state. */
		json_object_set_new(opt, "latest_poll", as_poll_latest(st, p,
		    c->id));
		json_array_append_new(cands, opt);
	}

	members = json_array();
	conflicts = json_array();
	for (i = 0; i < o->nmembers; i++) {
		const as_member *m = &o->members[i];
		as_evidence ev;
		size_t open = 0;
		as_stance eff;
		json_t *mj, *reps;
		if (!as_proposal_eligible(st, p, i, t))
			continue;
		as_member_evidence(st, p, i, NULL, basis, &ev);
		const as_position *pos = ev.pos.data != NULL ? &ev.pos : NULL;
		eff = as_position_effective(st, p, pos, NULL, &open);
		reps = json_array();
		for (size_t k = 0; k < p->nreports; k++)
			if (strcmp(p->reports[k].member, m->code) == 0)
				json_array_append_new(reps, report_json(st, p,
				    &p->reports[k]));
		mj = json_pack("{s:s,s:s,s:s,s:s,s:o,s:o,s:o,s:o,s:b}",
		    "code", m->code, "name", m->name,
		    "position", pos ? pos->position : "none",
		    "effective", as_stance_name(eff),
		    "candidate", str_or_null(pos ? pos->candidate : NULL),
		    "conditions", conditions_json(st, pos),
		    "source", str_or_null(pos ? pos->source : NULL),
		    "since", pos ? json_string(pos->date) : json_null(),
		    "lapsed", pos != NULL && pos->stance != AS_NONE && eff == AS_NONE);
		json_object_set_new(mj, "confirmed", json_boolean(pos != NULL &&
		    ev.confirmed));
		json_object_set_new(mj, "rests_on", pos == NULL ? json_null() :
		    json_string(ev.report ? "report" : "declaration"));
		json_object_set_new(mj, "report", ev.report ? json_integer(
		    (json_int_t)ev.report->seq) : json_null());
		json_object_set_new(mj, "cites", cites_json(st, pos ? pos->data :
		    NULL));
		json_object_set_new(mj, "latest_report", ev.latest ?
		    json_integer((json_int_t)ev.latest->seq) : json_null());
		json_object_set_new(mj, "conflict", json_boolean(ev.conflict));
		if (ev.conflict) {
			json_t *seqs = json_array(), *r;
			size_t k;
			json_array_foreach(reps, k, r)
				if (json_is_true(json_object_get(r, "conflict")))
					json_array_append(seqs, json_object_get(r,
					    "seq"));
			json_array_append_new(conflicts, json_pack("{s:s,s:o}",
			    "member", m->code, "reports", seqs));
		}
		json_object_set_new(mj, "reports", reps);
		if (p->kind != AS_TEXT)
			json_object_set_new(mj, "stances",
			    stances_json(st, p, i, basis));
		json_array_append_new(members, mj);
	}

	conds = json_array();
	for (i = 0; i < st->ncommitments; i++) {
		const as_commitment *c = &st->commitments[i];
		if (c->state != AS_GIVEN)
			json_array_append_new(conds, commitment_json(c));
	}

	out = json_pack("{s:s,s:s,s:s,s:s,s:s,s:o,s:s,s:b,s:o,s:o,s:i}",
	    "proposal", p->id, "title", p->title, "org", o->id,
	    "kind", as_prop_kind_name(p->kind),
	    "as_of", as_of, "rule", as_rule_json(as_proposal_rule(st, p)),
	    "state", state, "decided", p->decided,
	    "decision", p->decided ? decision_json(st, p) : json_null(),
	    "consensus_for", str_or_null(cfor), "eligible", (int)json_array_size(members));
	json_object_set_new(out, "basis", json_string(as_basis_name(basis)));
	json_object_set_new(out, "basis_default", json_boolean(!asked));
	json_object_set_new(out, "consensus", json_boolean(
	    strcmp(state, "consensus") == 0 || strcmp(state, "decided") == 0));
	json_object_set_new(out, "body", body_json(o, as_proposal_body(st, p),
	    t));
	json_object_set_new(out, "requires", requires_json(st, p));
	if (p->kind != AS_TEXT) {
		json_object_set_new(out, "office",
		    json_string(st->offices[p->office].id));
	} else {
		if ((opt = option_json(st, p, NULL, t, basis, err)) == NULL) {
			json_decref(out);
			json_decref(members);
			json_decref(conds);
			json_decref(conflicts);
			goto fail;
		}
		json_object_update_new(out, opt);
	}
	json_object_set_new(out, "candidates", cands);
	json_object_set_new(out, "poll_rounds", json_integer(
	    (json_int_t)p->npolls));
	json_object_set_new(out, "members", members);
	json_object_set_new(out, "commitments_open", conds);
	json_object_set_new(out, "conflicts", conflicts);
	if (p->text != NULL)
		json_object_set_new(out, "text", json_string(p->text));
	return out;
fail:
	json_decref(cands);
	return NULL;
}

json_t *
as_view_status_on(const as_state *st, const char *id, const char *as_of,
    int64_t t, as_basis basis, int asked, as_error *err)
{
	unsigned long m = as_alloc_misses();

	as_error_clear(err);
	return as_view_whole(as_view_status_on_(st, id, as_of, t, basis, asked,
	    err), m, err);
}

static json_t *
as_view_proposals_(const as_state *st, const char *as_of, int64_t t)
{
	json_t *list = json_array();
	const char *cfor;

	for (size_t i = 0; i < st->nproposals; i++) {
		const as_proposal *p = &st->proposals[i];
		const char *state = proposal_state(st, p, t, AS_BASIS_DEFAULT,
		    &cfor);
		const as_body *b = as_proposal_body(st, p);
		json_t *e = json_pack("{s:s,s:s,s:s,s:s,s:s,s:s}",
		    "id", p->id, "org", st->orgs[p->org].id,
		    "kind", as_prop_kind_name(p->kind),
		    "title", p->title, "state", state, "opened", p->opened_date);
		/* Only when there is one, as before bodies existed. */
		if (b != NULL)
			json_object_set_new(e, "body", json_string(b->id));
		if (p->requires != NULL)
			json_object_set_new(e, "requires",
			    json_string(p->requires));
		json_array_append_new(list, e);
	}
	return json_pack("{s:s,s:o}", "as_of", as_of, "proposals", list);
}

json_t *
as_view_proposals(const as_state *st, const char *as_of, int64_t t)
{
	unsigned long m = as_alloc_misses();

	return as_view_whole(as_view_proposals_(st, as_of, t), m, NULL);
}

/* Whether holder h counts among the numbered ones of nationality nat
 * (any if NULL): not acting. */
static int
numbered(const as_holder *h, const char *nat)
{
	return !h->acting && (nat == NULL || (h->nationality != NULL &&
	    strcmp(h->nationality, nat) == 0));
}

/*
 * The place of f's holder i among the persons who held f, not acting,
 * of nationality nat (any if NULL), in order of their terms: 1 for the
 * first, ...; a person who holds the office again keeps their number. 0
 * if the holder is not numbered (acting).
 */
static int
holder_number(const as_office *f, size_t i, const char *nat)
{
	int n = 0;

	if (!numbered(&f->holders[i], nat))
		return 0;
	for (size_t j = 0; j <= i; j++) {
		size_t k;
		if (!numbered(&f->holders[j], nat))
			continue;
		for (k = 0; k < j; k++)
			if (numbered(&f->holders[k], nat) && strcmp(
			    f->holders[k].person, f->holders[j].person) == 0)
				break;
		if (k == j)
			n++;	/* a person not seen before */
		/* The person's first term: the number they keep. */
		if (strcmp(f->holders[j].person, f->holders[i].person) == 0)
			return n;
	}
	return n;
}

static json_t *
holder_json(const as_office *f, size_t i)
{
	const as_holder *h = &f->holders[i];
	int n = holder_number(f, i, NULL);
	json_t *j = json_pack("{s:s,s:o,s:o,s:o,s:o,s:o,s:b,s:o}", "person",
	    h->person, "nationality", str_or_null(h->nationality),
	    "candidate", str_or_null(h->candidate),
	    "proposal", str_or_null(h->proposal),
	    "term_start", date_json(h->start), "term_end", date_json(h->end),
	    "acting", h->acting, "number", n ? json_integer(n) : json_null());

	if (j != NULL)
		json_object_set_new(j, "ended", h->ended == NULL ? json_null() :
		    json_pack("{s:o,s:s}", "date", date_json(h->end), "reason",
		    h->reason));
	return j;
}

/*
 * Whether f is vacant at t (no holder, or an acting one only), and since
 * when: the end of the last term, not acting, that ended by t
 * (AS_TIME_NEVER if none did).
 */
static int
office_vacant(const as_office *f, int64_t t, int64_t *since)
{
	const as_holder *h = as_office_holder_at(f, t);

	*since = AS_TIME_NEVER;
	if (h != NULL && !h->acting)
		return 0;
	for (size_t i = 0; i < f->nholders; i++)
		if (!f->holders[i].acting && f->holders[i].end <= t)
			*since = f->holders[i].end;
	return 1;
}

/* The office id, or NULL with err naming it. */
static const as_office *
need_office(const as_state *st, const char *id, const char *as_of,
    as_error *err)
{
	const as_office *f = as_state_office(st, id);

	if (f == NULL)
		as_fail(err, AS_ENOTFOUND, "unknown office '%s' as of %s", id,
		    as_of);
	return f;
}

static json_t *
as_view_office_(const as_state *st, const char *id, const char *as_of,
    int64_t t, as_error *err)
{
	const as_office *f = need_office(st, id, as_of, err);
	json_t *holder = json_null(), *designate = json_null(), *past;
	int64_t since;
	int vacant;

	if (f == NULL)
		return NULL;
	past = json_array();
	for (size_t i = 0; i < f->nholders; i++) {
		const as_holder *h = &f->holders[i];
		if (h->start <= t && t < h->end) {
			json_decref(holder);
			holder = holder_json(f, i);
		} else if (h->start > t && json_is_null(designate)) {
			designate = holder_json(f, i);
		} else if (h->end <= t) {
			json_array_append_new(past, holder_json(f, i));
		}
	}
	vacant = office_vacant(f, t, &since);
	return json_pack("{s:s,s:s,s:s,s:s,s:s,s:o,s:o,s:o,s:b,s:o}", "office",
	    f->id, "title", f->title, "org", st->orgs[f->org].id, "as_of", as_of,
	    "term", json_string_value(json_object_get(f->data, "term")),
	    "holder", holder, "designate", designate, "past_holders", past,
	    "vacant", vacant, "vacant_since", date_json(since));
}

static json_t *
as_view_office_nationality_(const as_state *st, const char *id,
    const char *nationality, const char *as_of, int64_t t, as_error *err)
{
	const as_office *f = need_office(st, id, as_of, err);
	json_t *list, *j;
	int count = 0;

	if (f == NULL)
		return NULL;
	list = json_array();
	for (size_t i = 0; i < f->nholders; i++) {
		const as_holder *h = &f->holders[i];
		int n = holder_number(f, i, nationality);
		if (h->nationality == NULL ||
		    strcmp(h->nationality, nationality) != 0)
			continue;
		if ((j = holder_json(f, i)) == NULL)
			continue;
		json_object_set_new(j, "of_nationality", n ? json_integer(n) :
		    json_null());
		json_object_set_new(j, "state", json_string(h->start > t ?
		    "designate" : t < h->end ? "holder" : "past"));
		json_array_append_new(list, j);
		if (n > count)
			count = n;
	}
	return json_pack("{s:s,s:s,s:s,s:s,s:s,s:i,s:o}", "office", f->id,
	    "title", f->title, "org", st->orgs[f->org].id, "as_of", as_of,
	    "nationality", nationality, "count", count, "holders", list);
}

json_t *
as_view_office_nationality(const as_state *st, const char *id,
    const char *nationality, const char *as_of, int64_t t, as_error *err)
{
	unsigned long m = as_alloc_misses();

	as_error_clear(err);
	return as_view_whole(as_view_office_nationality_(st, id, nationality,
	    as_of, t, err), m, err);
}

json_t *
as_view_office(const as_state *st, const char *id, const char *as_of,
    int64_t t, as_error *err)
{
	unsigned long m = as_alloc_misses();

	as_error_clear(err);
	return as_view_whole(as_view_office_(st, id, as_of, t, err), m, err);
}

/* A member: code, name, since, until, weights. */
static json_t *
member_json(const as_member *m)
{
	json_t *w = json_object_get(m->data, "weights");

	return json_pack("{s:s,s:s,s:o,s:o,s:O}", "code", m->code, "name",
	    m->name, "since", date_json(m->since), "until", date_json(m->until),
	    "weights", w ? w : json_null());
}

static json_t *
as_view_org_(const as_state *st, const char *id, const char *as_of,
    int64_t t, as_error *err)
{
	const as_org *o = as_state_org(st, id);
	json_t *members, *former, *future, *offices, *props;
	size_t i;

	if (o == NULL) {
		as_fail(err, AS_ENOTFOUND, "unknown organisation '%s' as of %s",
		    id, as_of);
		return NULL;
	}
	members = json_array();
	former = json_array();
	future = json_array();
	for (i = 0; i < o->nmembers; i++) {
		const as_member *m = &o->members[i];
		json_array_append_new(as_member_active(m, t) ? members :
		    m->since > t ? future : former, member_json(m));
	}
	offices = json_array();
	for (i = 0; i < st->noffices; i++)
		if (&st->orgs[st->offices[i].org] == o)
			json_array_append_new(offices, json_string(st->offices[i].id));
	props = json_array();
	for (i = 0; i < st->nproposals; i++)
		if (&st->orgs[st->proposals[i].org] == o)
			json_array_append_new(props, json_string(st->proposals[i].id));
	json_t *out = json_pack("{s:s,s:s,s:s,s:o,s:o,s:o,s:o,s:o,s:o}", "org",
	    o->id, "name", o->name, "as_of", as_of, "rule",
	    as_rule_json(o->rule), "members", members, "former_members", former,
	    "future_members", future, "offices", offices, "proposals", props);
	json_t *srcs = json_array(), *kinds = json_array();
	int order[AS_SOURCE_KINDS], own = 0;
	for (i = 0; i < st->nsources; i++)
		if (strcmp(st->sources[i].org, o->id) == 0)
			json_array_append_new(srcs, json_string(st->sources[i].id));
	for (i = 0; i < st->nrankings; i++)
		own |= strcmp(st->rankings[i].org, o->id) == 0;
	/* The kinds heaviest first, in the table's order among equals. */
	for (int k = 0; k < AS_SOURCE_KINDS; k++) {
		int j = k;
		while (j > 0 && as_kind_weight(st, o->id, order[j - 1]) <
		    as_kind_weight(st, o->id, k)) {
			order[j] = order[j - 1];
			j--;
		}
		order[j] = k;
	}
	for (int k = 0; k < AS_SOURCE_KINDS; k++)
		json_array_append_new(kinds, json_pack("{s:s,s:s,s:f,s:i,s:b}",
		    "kind", as_source_kinds[order[k]].id, "label",
		    as_source_kinds[order[k]].label, "weight",
		    as_kind_weight(st, o->id, order[k]), "level",
		    as_kind_level(st, o->id, order[k]), "confirms",
		    as_source_kinds[order[k]].confirms));
	json_t *bodies = json_array();
	for (i = 0; i < o->nbodies; i++)
		json_array_append_new(bodies, body_json(o, &o->bodies[i], t));
	json_object_set_new(out, "bodies", bodies);
	json_object_set_new(out, "sources", srcs);
	json_object_set_new(out, "source_weights", kinds);
	json_object_set_new(out, "source_weights_own", json_boolean(own));
	return out;
}

json_t *
as_view_org(const as_state *st, const char *id, const char *as_of,
    int64_t t, as_error *err)
{
	unsigned long m = as_alloc_misses();

	as_error_clear(err);
	return as_view_whole(as_view_org_(st, id, as_of, t, err), m, err);
}

static json_t *
as_view_members_(const as_state *st, const char *id, const char *as_of,
    int64_t t, as_error *err)
{
	const as_org *o = as_state_org(st, id);
	json_t *list, *mj;

	if (o == NULL) {
		as_fail(err, AS_ENOTFOUND, "unknown organisation '%s' as of %s",
		    id, as_of);
		return NULL;
	}
	list = json_array();
	for (size_t i = 0; i < o->nmembers; i++) {
		const as_member *m = &o->members[i];
		if ((mj = member_json(m)) != NULL)
			json_object_set_new(mj, "standing", json_string(
			    as_member_active(m, t) ? "member" : m->since > t ?
			    "future" : "former"));
		json_array_append_new(list, mj);
	}
	return json_pack("{s:s,s:s,s:o}", "org", o->id, "as_of", as_of,
	    "members", list);
}

json_t *
as_view_members(const as_state *st, const char *id, const char *as_of,
    int64_t t, as_error *err)
{
	unsigned long m = as_alloc_misses();

	as_error_clear(err);
	return as_view_whole(as_view_members_(st, id, as_of, t, err), m, err);
}
