/*
 * What changed on a proposal between two dates, and on whose word: the
 * sentences the main job tells before each board (as_view_changes, see
 * view.h). The members' moves come from the two states, on a basis; the
 * other changes (candidates, commitments, the decision, the office) from
 * the proposal's timeline between the dates. Every sentence says the
 * sources it rests on.
 */
#include "core/alloc.h"
#include "core/view.h"

#include <stdarg.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#define STR(d, k)	json_string_value(json_object_get((d), (k)))
#define LINE_MAX_	2048

/* Appends to a fixed buffer, cut at its end. */
static void
add(char *buf, size_t cap, const char *fmt, ...)
    __attribute__((format(printf, 3, 4)));

static void
add(char *buf, size_t cap, const char *fmt, ...)
{
	size_t len = strlen(buf);
	va_list ap;

	if (len + 1 >= cap)
		return;
	va_start(ap, fmt);
	vsnprintf(buf + len, cap - len, fmt, ap);
	va_end(ap);
}

static const char *
member_name(const as_state *st, const as_proposal *p, const char *code)
{
	const as_member *m = code ? as_org_member(&st->orgs[p->org], code,
	    NULL) : NULL;

	if (m != NULL)
		return m->name;
	if (code != NULL && strcmp(code, st->orgs[p->org].id) == 0)
		return st->orgs[p->org].name;
	return code ? code : "?";
}

/* A candidate's name, or a member's (who gives a commitment). */
static const char *
party_name(const as_state *st, const as_proposal *p, const char *id)
{
	const as_candidate *c = as_proposal_candidate(p, id);

	return c != NULL ? c->name : member_name(st, p, id);
}

/* "on the word of": the sources a payload cites, else its text. */
static void
word_of(const as_state *st, const as_proposal *p, const json_t *data,
    json_t *sources, char *buf, size_t cap)
{
	const json_t *cites = json_object_get(data, "cites"), *e;
	const char *text = STR(data, "source");
	size_t i, n = 0;

	buf[0] = '\0';
	json_array_foreach(cites, i, e) {
		const as_source *src = as_state_source(st, json_string_value(e));
		if (src == NULL)
			continue;
		add(buf, cap, "%s%s (%s", n++ ? "; " : "", src->title,
		    as_source_kinds[src->kind].label);
		if (src->by != NULL)
			add(buf, cap, " of %s", member_name(st, p, src->by));
		if (STR(src->data, "published") != NULL)
			add(buf, cap, ", %s", STR(src->data, "published"));
		add(buf, cap, ")");
		json_array_append_new(sources, json_pack("{s:s,s:s,s:s,s:o}",
		    "id", src->id, "kind", as_source_kinds[src->kind].id,
		    "title", src->title, "by", src->by ? json_string(src->by) :
		    json_null()));
	}
	if (n == 0 && text != NULL) {
		if (strlen(text) > 160)
			add(buf, cap, "%.157s...", text);
		else
			add(buf, cap, "%s", text);
	}
}

/* A commitment as the sentences name it: its document, else its text. */
static const char *
commitment_label(const as_commitment *c)
{
	return c->document != NULL ? c->document : c->text != NULL ? c->text :
	    c->id;
}

typedef struct change {
	char		 date[AS_DATE_MAX];
	int		 order;		/* within a date: see the kinds */
	char		 text[LINE_MAX_];	/* of one member */
	char		 plural[LINE_MAX_];	/* of several */
	char		 word[LINE_MAX_];
	int		 confirmed;
	json_t		*members;	/* codes */
	json_t		*sources;
	const char	*kind;
} change;

enum { O_OPEN, O_CANDIDATE, O_COMMITMENT, O_WITHDRAWAL, O_SEAT, O_POSITION,
	O_VOTE, O_DECISION, O_OFFICE };

typedef struct changes {
	change	*v;
	size_t	 n;
	int	 oom;
} changes;

static change *
new_change(changes *cs, const char *date, int order, const char *kind)
{
	change *v;

	if (cs->oom || (v = as_realloc(cs->v, (cs->n + 1) * sizeof(*v))) ==
	    NULL) {
		cs->oom = 1;
		return NULL;
	}
	cs->v = v;
	v = &v[cs->n++];
	memset(v, 0, sizeof(*v));
	snprintf(v->date, sizeof(v->date), "%s", date);
	v->order = order;
	v->kind = kind;
	v->confirmed = 1;
	v->members = json_array();
	v->sources = json_array();
	return v;
}

/* What a member shows: its stance, the candidate, confirmed or not. */
typedef struct shown {
	as_stance	 eff;
	const char	*cand;		/* the candidate's name */
	const char	*cand_id;
	int		 confirmed;
	as_evidence	 ev;
} shown;

static void
shown_of(const as_state *st, const as_proposal *p, size_t mi,
    as_basis basis, shown *s)
{
	const as_position *pos;

	as_member_evidence(st, p, mi, NULL, basis, &s->ev);
	pos = s->ev.pos.data != NULL ? &s->ev.pos : NULL;
	s->eff = as_position_effective(st, p, pos, NULL, NULL);
	s->cand_id = s->eff != AS_NONE && pos ? pos->candidate : NULL;
	s->cand = s->cand_id ? party_name(st, p, s->cand_id) : NULL;
	s->confirmed = pos != NULL && s->ev.confirmed;
}

/* The move from b to a, for one member (sg) or several. */
static void
move(const shown *b, const shown *a, int sg, char *buf, size_t cap)
{
	const char *to = a->cand ? a->cand : "the text";

	buf[0] = '\0';
	if (a->eff == AS_SUPPORT || a->eff == AS_PENDING) {
		if (b->eff == AS_OBJECT)
			add(buf, cap, sg ? "lifts its objection and backs %s" :
			    "lift their objections and back %s", to);
		else if ((b->eff == AS_SUPPORT || b->eff == AS_PENDING) &&
		    b->cand && a->cand && strcmp(b->cand, a->cand) != 0)
			add(buf, cap, sg ? "moves its support from %s to %s" :
			    "move their support from %s to %s", b->cand, to);
		else if (b->eff == AS_ABSTAIN)
			add(buf, cap, sg ? "no longer abstains and backs %s" :
			    "no longer abstain and back %s", to);
		else if (b->eff == a->eff && !b->confirmed && a->confirmed)
			add(buf, cap, sg ? "confirms its support for %s" :
			    "confirm their support for %s", to);
		else
			add(buf, cap, sg ? "backs %s" : "back %s", to);
	} else if (a->eff == AS_OBJECT) {
		if (b->eff == AS_SUPPORT || b->eff == AS_PENDING)
			add(buf, cap, sg ? "withdraws its support and objects" :
			    "withdraw their support and object");
		else if (b->eff == AS_OBJECT && !b->confirmed && a->confirmed)
			add(buf, cap, sg ? "confirms its objection" :
			    "confirm their objection");
		else
			add(buf, cap, sg ? "objects" : "object");
		if (a->cand)
			add(buf, cap, " to %s", a->cand);
	} else if (a->eff == AS_ABSTAIN) {
		add(buf, cap, sg ? "abstains" : "abstain");
	} else {
		add(buf, cap, sg ? "no longer has a position" :
		    "no longer have a position");
	}
}

/* The conditions a's support rests on: met ("after ...") or awaited. */
static void
conditions(const as_state *st, const shown *a, char *buf, size_t cap)
{
	const json_t *e;
	size_t i;

	if (a->ev.pos.data == NULL || (a->eff != AS_SUPPORT &&
	    a->eff != AS_PENDING))
		return;
	json_array_foreach(json_object_get(a->ev.pos.data, "conditions"), i, e) {
		const as_commitment *c = as_state_commitment(st,
		    json_string_value(e));
		if (c == NULL)
			continue;
		if (c->state == AS_GIVEN)
			add(buf, cap, "%s after %s (given %s)", i ? " and" : ",",
			    commitment_label(c), c->date);
		else
			add(buf, cap, "%s on condition of %s (not given yet)",
			    i ? " and" : ",", commitment_label(c));
	}
}

static int
same_shown(const shown *a, const shown *b)
{
	const char *ca = a->cand_id ? a->cand_id : "", *cb = b->cand_id ?
	    b->cand_id : "";

	return a->eff == b->eff && strcmp(ca, cb) == 0 &&
	    a->confirmed == b->confirmed;
}

/* The members' moves from before to after, grouped by date, words and
 * sources. */
static void
positions(const as_state *before, const as_state *after,
    const as_proposal *pb, const as_proposal *pa, int64_t t0, int64_t t1,
    as_basis basis, changes *cs)
{
	const as_org *oa = &after->orgs[pa->org];
	char verb[LINE_MAX_], conds[LINE_MAX_], word[LINE_MAX_];
	json_t *srcs;

	for (size_t i = 0; i < oa->nmembers; i++) {
		const as_member *m = &oa->members[i];
		shown b = { AS_NONE, NULL, NULL, 0, { { 0 }, 0, 0, 0, 0 } }, a;
		size_t bi;
		change *c = NULL;
		if (!as_proposal_eligible(after, pa, i, t1))
			continue;
		shown_of(after, pa, i, basis, &a);
		if (pb != NULL && as_org_member(&before->orgs[pb->org], m->code,
		    &bi) != NULL && as_proposal_eligible(before, pb, bi, t0))
			shown_of(before, pb, bi, basis, &b);
		if (same_shown(&a, &b))
			continue;
		conds[0] = '\0';
		conditions(after, &a, conds, sizeof(conds));
		srcs = json_array();
		word_of(after, pa, a.ev.pos.data, srcs, word, sizeof(word));
		move(&b, &a, 1, verb, sizeof(verb));
		add(verb, sizeof(verb), "%s", conds);
		/* One sentence for the members who move alike, the same day,
		 * on the same word. */
		for (size_t k = 0; k < cs->n && c == NULL; k++) {
			change *x = &cs->v[k];
			if (x->order == O_POSITION && strcmp(x->word, word) == 0 &&
			    x->confirmed == a.confirmed && strcmp(x->date,
			    a.ev.pos.date) == 0 && strcmp(x->text, verb) == 0)
				c = x;
		}
		if (c == NULL) {
			if ((c = new_change(cs, a.ev.pos.data ? a.ev.pos.date :
			    "", O_POSITION, "position")) == NULL) {
				json_decref(srcs);
				return;
			}
			snprintf(c->text, sizeof(c->text), "%s", verb);
			move(&b, &a, 0, c->plural, sizeof(c->plural));
			add(c->plural, sizeof(c->plural), "%s", conds);
			snprintf(c->word, sizeof(c->word), "%s", word);
			c->confirmed = a.confirmed;
			json_decref(c->sources);
			c->sources = srcs;
			srcs = NULL;
		}
		json_decref(srcs);
		json_array_append_new(c->members, json_string(m->code));
	}
}

/* The events of the timeline between the dates, as sentences. */
static void
events(const as_state *after, const as_proposal *p, const json_t *timeline,
    int64_t t0, int64_t t1, changes *cs)
{
	const json_t *evs = json_object_get(timeline, "events"), *e;
	size_t i;

	json_array_foreach(evs, i, e) {
		const char *type = STR(e, "type"), *date = STR(e, "date");
		const json_t *d = json_object_get(e, "data"), *corr;
		char text[LINE_MAX_] = "", word[LINE_MAX_];
		int64_t at;
		int order;
		json_t *srcs;
		change *c;

		if (as_date_parse(date, &at, NULL) != 0 || at <= t0 || at > t1)
			continue;
		corr = json_object_get(e, "corrected");
		if (json_is_object(corr))
			continue;	/* withdrawn, or told by its correction */
		if (strcmp(type, "event.correct") == 0) {
			/* A correction with a payload stands for the event. */
			if ((d = json_object_get(d, "payload")) == NULL)
				continue;
			for (size_t k = 0; k < json_array_size(evs); k++)
				if (json_integer_value(json_object_get(
				    json_array_get(evs, k), "seq")) ==
				    json_integer_value(json_object_get(
				    json_object_get(e, "data"), "seq")))
					type = STR(json_array_get(evs, k), "type");
		}
		if (strcmp(type, "proposal.open") == 0) {
			order = O_OPEN;
			snprintf(text, sizeof(text), "%s opens", p->title);
		} else if (strcmp(type, "candidate.declare") == 0) {
			order = O_CANDIDATE;
			snprintf(text, sizeof(text), "%s stands, put forward by %s",
			    STR(d, "name"), member_name(after, p,
			    STR(d, "nominated_by")));
		} else if (strcmp(type, "candidate.withdraw") == 0) {
			order = O_WITHDRAWAL;
			snprintf(text, sizeof(text), "%s withdraws",
			    party_name(after, p, STR(d, "candidate")));
			if (STR(d, "endorses") != NULL)
				add(text, sizeof(text), " and endorses %s",
				    party_name(after, p, STR(d, "endorses")));
		} else if (strcmp(type, "commitment.give") == 0 ||
		    strcmp(type, "commitment.ask") == 0 ||
		    strcmp(type, "commitment.revoke") == 0) {
			const as_commitment *cm = as_state_commitment(after,
			    STR(d, "id"));
			order = O_COMMITMENT;
			if (cm == NULL)
				continue;
			if (strcmp(type, "commitment.give") == 0)
				snprintf(text, sizeof(text), "%s gives %s a "
				    "commitment: %s", party_name(after, p, cm->by),
				    member_name(after, p, cm->to),
				    STR(d, "document") ? STR(d, "document") :
				    commitment_label(cm));
			else if (strcmp(type, "commitment.ask") == 0)
				snprintf(text, sizeof(text), "%s asks %s for a "
				    "commitment: %s", member_name(after, p, cm->to),
				    party_name(after, p, cm->by), cm->text ?
				    cm->text : cm->id);
			else
				snprintf(text, sizeof(text), "%s revokes the "
				    "commitment %s", party_name(after, p, cm->by),
				    commitment_label(cm));
		} else if (strcmp(type, "vote.tally") == 0) {
			order = O_VOTE;
			snprintf(text, sizeof(text), "A secret vote%s%s: %lld for, "
			    "%lld against, %lld abstaining",
			    STR(d, "candidate") ? " on " : "", STR(d, "candidate") ?
			    party_name(after, p, STR(d, "candidate")) : "",
			    (long long)json_integer_value(json_object_get(d, "for")),
			    (long long)json_integer_value(json_object_get(d,
			    "against")), (long long)json_integer_value(
			    json_object_get(d, "abstain")));
		} else if (strcmp(type, "decision.take") == 0) {
			order = O_DECISION;
			snprintf(text, sizeof(text), "The decision is taken%s",
			    STR(d, "by") != NULL ? " by acclamation" : "");
			if (STR(d, "candidate") != NULL)
				add(text, sizeof(text), ": %s is appointed",
				    party_name(after, p, STR(d, "candidate")));
		} else {
			continue;
		}
		srcs = json_array();
		word_of(after, p, d, srcs, word, sizeof(word));
		if ((c = new_change(cs, date, order, type)) == NULL) {
			json_decref(srcs);
			return;
		}
		snprintf(c->text, sizeof(c->text), "%s", text);
		snprintf(c->word, sizeof(c->word), "%s", word);
		json_decref(c->sources);
		c->sources = srcs;
	}
}

/* The office of an appointment: who took it up between the dates. */
static void
office(const as_state *after, const as_proposal *p, int64_t t0, int64_t t1,
    changes *cs)
{
	const as_office *f;
	const as_holder *prev = NULL;
	char date[AS_DATE_MAX];
	change *c;

	if (p->kind != AS_APPOINTMENT)
		return;
	f = &after->offices[p->office];
	for (size_t i = 0; i < f->nholders; i++) {
		const as_holder *h = &f->holders[i];
		if (h->start > t0 && h->start <= t1) {
			as_date_format_auto(h->start, date);
			if ((c = new_change(cs, date, O_OFFICE, "office")) == NULL)
				return;
			snprintf(c->text, sizeof(c->text), "%s takes office as %s",
			    h->person, f->title);
			if (prev != NULL && prev->end == h->start)
				add(c->text, sizeof(c->text), ", as %s's term ends",
				    prev->person);
		}
		prev = h;
	}
}

/*
 * The body a proposal is put to: who took a seat on it, or left it,
 * between the dates (docs/events.md, "Bodies"); a seat taken on the word
 * of its body.join.
 */
static void
seats(const as_state *after, const as_proposal *p, int64_t t0, int64_t t1,
    changes *cs)
{
	const as_body *b = as_proposal_body(after, p);
	char date[AS_DATE_MAX];
	change *c;

	for (size_t i = 0; b != NULL && i < b->nseats; i++) {
		const as_seat *s = &b->seats[i];
		if (s->since > t0 && s->since <= t1) {
			as_date_format_auto(s->since, date);
			if ((c = new_change(cs, date, O_SEAT, "seat")) == NULL)
				return;
			snprintf(c->text, sizeof(c->text), "%s takes a seat on %s",
			    member_name(after, p, s->code), b->name);
			word_of(after, p, s->data, c->sources, c->word,
			    sizeof(c->word));
			json_array_append_new(c->members, json_string(s->code));
		}
		if (s->until > t0 && s->until <= t1) {
			as_date_format_auto(s->until, date);
			if ((c = new_change(cs, date, O_SEAT, "seat")) == NULL)
				return;
			snprintf(c->text, sizeof(c->text), "%s leaves %s",
			    member_name(after, p, s->code), b->name);
			json_array_append_new(c->members, json_string(s->code));
		}
	}
}

static int
by_date(const void *x, const void *y)
{
	const change *a = x, *b = y;
	int c = strcmp(a->date, b->date);

	return c != 0 ? c : a->order - b->order;
}

/* "Hungary", "Estonia and Lithuania", "21 members (BEL CAN ...)". */
static void
who(const as_state *st, const as_proposal *p, const json_t *codes,
    char *buf, size_t cap)
{
	size_t n = json_array_size(codes), i;
	const json_t *e;

	buf[0] = '\0';
	if (n > 4) {
		add(buf, cap, "%zu members (", n);
		json_array_foreach(codes, i, e)
			add(buf, cap, "%s%s", i ? " " : "", json_string_value(e));
		add(buf, cap, ")");
		return;
	}
	json_array_foreach(codes, i, e)
		add(buf, cap, "%s%s", i == 0 ? "" : i + 1 == n ? " and " : ", ",
		    member_name(st, p, json_string_value(e)));
}

static json_t *
as_view_changes_(const as_state *before, const as_state *after,
    const json_t *timeline, const char *id, const char *since,
    const char *as_of, int64_t t0, int64_t t1, as_basis basis, as_error *err)
{
	const as_proposal *pa = as_state_proposal(after, id);
	const as_proposal *pb = before ? as_state_proposal(before, id) : NULL;
	changes cs = { NULL, 0, 0 };
	json_t *out, *list;
	char line[2 * LINE_MAX_];

	if (pa == NULL) {
		as_fail(err, AS_ENOTFOUND, "unknown proposal '%s' as of %s", id,
		    as_of);
		return NULL;
	}
	events(after, pa, timeline, t0, t1, &cs);
	positions(before, after, pb, pa, t0, t1, basis, &cs);
	office(after, pa, t0, t1, &cs);
	seats(after, pa, t0, t1, &cs);
	if (cs.oom) {
		for (size_t i = 0; i < cs.n; i++) {
			json_decref(cs.v[i].members);
			json_decref(cs.v[i].sources);
		}
		free(cs.v);
		as_nomem(err, NULL);
		return NULL;
	}
	if (cs.n > 0)
		qsort(cs.v, cs.n, sizeof(*cs.v), by_date);
	list = json_array();
	for (size_t i = 0; i < cs.n; i++) {
		change *c = &cs.v[i];
		char subject[LINE_MAX_];
		if (c->order == O_POSITION) {
			who(after, pa, c->members, subject, sizeof(subject));
			snprintf(line, sizeof(line), "%s %s", subject,
			    json_array_size(c->members) > 1 ? c->plural : c->text);
		} else {
			snprintf(line, sizeof(line), "%s", c->text);
		}
		json_array_append_new(list, json_pack("{s:s,s:s,s:s,s:o,s:s,s:b,s:o}",
		    "date", c->date, "kind", c->kind, "text", line,
		    "members", c->members, "word", c->word, "confirmed",
		    c->confirmed, "sources", c->sources));
	}
	free(cs.v);
	out = json_pack("{s:s,s:s,s:s,s:s,s:s,s:o}", "proposal", pa->id,
	    "title", pa->title, "since", since, "as_of", as_of,
	    "basis", as_basis_name(basis), "changes", list);
	return out;
}

json_t *
as_view_changes(const as_state *before, const as_state *after,
    const json_t *timeline, const char *id, const char *since,
    const char *as_of, int64_t t0, int64_t t1, as_basis basis, as_error *err)
{
	unsigned long m = as_alloc_misses();

	as_error_clear(err);
	return as_view_whole(as_view_changes_(before, after, timeline, id, since,
	    as_of, t0, t1, basis, err), m, err);
}
