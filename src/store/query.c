/* The ledger's own answers: see query.h. */
#include "store/query.h"

#include <errno.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "core/casefile.h"
#include "core/chain.h"
#include "core/page.h"
#include "core/source.h"

struct timeline_arg {
	const as_timeline_q *q;
	as_ledger	*l;
	const char	*proposal;
	json_t		*related;	/* ids of candidates and commitments */
	json_t		*events;
	as_page		 page;
	int64_t		 at, seq;	/* the last in it */
	json_t		*shown;		/* seq (as text) -> the event shown */
	json_t		*sources;	/* id -> {id, kind, title, org} */
	json_t		*records;	/* id -> its source.declare payload */
	int		 rc;
	as_error *err;
};

static const char *
field(const as_event *ev, const char *k)
{
	return json_string_value(json_object_get(ev->data, k));
}

/* A field of an object field of the payload ("payload", "id"). */
static const char *
field_of(const as_event *ev, const char *o, const char *k)
{
	return json_string_value(json_object_get(json_object_get(ev->data, o),
	    k));
}

static int
is_correction(const as_event *ev)
{
	const as_event_type *t = as_event_type_find(ev->type, 0);

	return t != NULL && (t->flags & AS_T_CORRECTS);
}

/*
 * The source records, which come first in every history (they are
 * dated before it): remembered, with their corrections, for the events
 * that cite them.
 */
static int
source_one(void *arg, const as_event *ev)
{
	struct timeline_arg *a = arg;
	const char *id = NULL;
	const json_t *d = NULL;

	if (ev->data == NULL)
		return 0;
	if (strcmp(ev->type, "source.declare") == 0) {
		id = field(ev, "id");
		d = ev->data;
	} else if (is_correction(ev) && field_of(ev, "payload", "kind") &&
	    json_object_get(a->records, field_of(ev, "payload", "id"))) {
		/* A source record corrected: cited as it now reads. */
		id = field_of(ev, "payload", "id");
		d = json_object_get(ev->data, "payload");
	}
	if (id == NULL)
		return 0;
	json_object_set_new(a->sources, id, json_pack("{s:s,s:s,s:s,s:s}",
	    "id", id, "kind", json_string_value(json_object_get(d, "kind")),
	    "title", json_string_value(json_object_get(d, "title")), "org",
	    ev->org));
	json_object_set(a->records, id, (json_t *)d);
	return 0;
}

/*
 * First pass: what belongs to the proposal besides the events that name
 * it: its candidates, and the commitments its positions depend on or its
 * candidates give.
 */
static int
relate_one(void *arg, const as_event *ev)
{
	struct timeline_arg *a = arg;
	const char *prop = ev->data ? field(ev, "proposal") : NULL;
	size_t i;
	json_t *c;

	if (prop == NULL || strcmp(prop, a->proposal) != 0)
		return 0;
	if (strcmp(ev->type, "candidate.declare") == 0)
		json_object_set_new(a->related, field(ev, "id"), json_true());
	json_array_foreach(json_object_get(ev->data, "conditions"), i, c)
		json_object_set_new(a->related, json_string_value(c), json_true());
	return 0;
}

/* Whether the payload of an event of type concerns the proposal: it
 * names it, or what relates to it. */
static int
concerns_data(const struct timeline_arg *a, const char *type,
    const json_t *d)
{
	const char *prop = json_string_value(json_object_get(d, "proposal")),
	    *id = json_string_value(json_object_get(d, "id")),
	    *by = json_string_value(json_object_get(d, "by"));

	if (prop != NULL)
		return strcmp(prop, a->proposal) == 0;
	if (strcmp(type, "proposal.open") == 0)
		return strcmp(id, a->proposal) == 0;
	if (strncmp(type, "commitment.", 11) == 0)
		return json_object_get(a->related, id) != NULL ||
		    (by != NULL && json_object_get(a->related, by) != NULL);
	return 0;
}

/* The event a correction corrects, as stored. */
struct target {
	int	 found, concerns;
	const struct timeline_arg *a;
};

static int
target_one(void *arg, const as_event *ev)
{
	struct target *t = arg;

	t->found = 1;
	t->concerns = ev->data != NULL && concerns_data(t->a, ev->type,
	    ev->data);
	return 1;
}

/* Whether ev concerns the proposal; a correction, if the event it
 * corrects does. 1, 0, or -1 (the store failed, a->err set). */
static int
concerns(struct timeline_arg *a, const as_event *ev)
{
	struct target t = { 0, 0, a };
	int64_t seq;
	char key[24];

	if (!is_correction(ev))
		return concerns_data(a, ev->type, ev->data);
	seq = (int64_t)json_integer_value(json_object_get(ev->data, "seq"));
	snprintf(key, sizeof(key), "%lld", (long long)seq);
	if (json_object_get(a->shown, key) != NULL)
		return 1;
	if (as_ledger_scan(a->l, seq, seq, target_one, &t, a->err) != AS_OK)
		return -1;
	return t.concerns;
}

/* Marks the event a correction corrects, if it is on the page. */
static void
mark(struct timeline_arg *a, const as_event *ev)
{
	char key[24];
	json_t *target;

	snprintf(key, sizeof(key), "%lld", (long long)json_integer_value(
	    json_object_get(ev->data, "seq")));
	if ((target = json_object_get(a->shown, key)) != NULL)
		json_object_set_new(target, "corrected", json_pack(
		    "{s:I,s:s,s:b,s:s}", "by", (json_int_t)ev->seq, "reason",
		    json_string_value(json_object_get(ev->data, "reason")),
		    "withdrawn", json_object_get(ev->data, "payload") == NULL,
		    "recorded", ev->recorded));
}

static int
timeline_one(void *arg, const as_event *ev)
{
	struct timeline_arg *a = arg;
	json_t *j, *cited, *c;
	char *sum, key[24];
	size_t i;
	int rc;

	if (ev->data == NULL)
		return 0;
	if (a->proposal && (rc = concerns(a, ev)) <= 0) {
		if (rc < 0) {
			a->rc = AS_ESTORE;
			return 1;
		}
		return 0;
	}
	/* About its size as shown: the payload and the fields beside it. */
	if (!as_page_take(&a->page, strlen(ev->data_text) + 512))
		return 1;	/* the next page starts after the last */
	cited = json_array();
	json_array_foreach(json_object_get(ev->data, "cites"), i, c)
		if (json_object_get(a->sources, json_string_value(c)) != NULL)
			json_array_append(cited, json_object_get(a->sources,
			    json_string_value(c)));
	j = as_event_json(ev, 1);
	sum = as_event_summary(ev);
	json_object_set_new(j, "org", json_string(ev->org));
	json_object_set_new(j, "summary", json_string(sum ? sum : ev->type));
	json_object_set_new(j, "cites", cited);
	/* Its source: its own words, else what it cites; a source record
	 * is its own. */
	json_object_set(j, "source", json_object_get(ev->data, "source") ?
	    json_object_get(ev->data, "source") : json_array_size(cited) ?
	    json_object_get(json_array_get(cited, 0), "title") :
	    strcmp(ev->type, "source.declare") == 0 ?
	    json_object_get(ev->data, "title") : json_null());
	json_object_set_new(j, "corrected", json_null());
	free(sum);
	json_array_append_new(a->events, j);
	snprintf(key, sizeof(key), "%lld", (long long)ev->seq);
	json_object_set(a->shown, key, j);
	if (is_correction(ev))
		mark(a, ev);
	a->at = ev->when;
	a->seq = ev->seq;
	return 0;
}

/* After a page: the corrections at its last instant beyond it (a
 * correction is dated as the event it corrects, so only those can fall
 * past the page), to mark the events they correct. */
static int
beyond_one(void *arg, const as_event *ev)
{
	struct timeline_arg *a = arg;

	if (ev->when != a->at)
		return 1;
	if (ev->data != NULL && is_correction(ev))
		mark(a, ev);
	return 0;
}

/* Parses a cursor "AT.SEQ" (as the previous page's next); 0 or -1. */
static int
cursor(const char *s, int64_t *at, int64_t *seq)
{
	char *end;
	long long a, q;

	errno = 0;
	a = strtoll(s, &end, 10);
	if (end == s || *end != '.' || errno != 0)
		return -1;
	s = end + 1;
	q = strtoll(s, &end, 10);
	if (end == s || *end != '\0' || errno != 0 || q < 0)
		return -1;
	*at = a;
	*seq = q;
	return 0;
}

/* The timeline, and the source records seen (id -> the record's
 * payload) if records is not NULL. */
static int
timeline(as_ledger *l, const as_timeline_q *q, json_t **out, json_t **records,
    as_error *err)
{
	struct timeline_arg a;
	char org[AS_ID_MAX + 1], next[48];
	int64_t at = INT64_MIN, seq = INT64_MIN, first;
	as_store *s = l->store;
	int rc = AS_OK;

	*out = NULL;
	memset(&a, 0, sizeof(a));
	a.q = q;
	a.l = l;
	a.err = err;
	a.proposal = q->proposal;
	a.page.max_items = q->max_events;
	a.page.max_bytes = q->max_bytes;
	as_date_parse(AS_TIMELESS_DATE, &first, NULL);
	if (q->after != NULL && cursor(q->after, &at, &seq) != 0)
		return as_fail(err, AS_EINVAL,
		    "after: '%.40s' is not a cursor of a timeline "
		    "(the 'next' of a page)", q->after);
	if ((a.related = json_object()) == NULL ||
	    (a.events = json_array()) == NULL ||
	    (a.shown = json_object()) == NULL ||
	    (a.sources = json_object()) == NULL ||
	    (a.records = json_object()) == NULL) {
		rc = as_nomem(err, NULL);
		goto done;
	}
	if (q->proposal != NULL) {
		/* One organisation's history, in order of date: its sources
		 * and what relates to the proposal first, then the page. */
		if ((rc = as_ledger_name(l, AS_NAME_PROPOSAL, q->proposal, org,
		    err)) == 1) {
			rc = s->ops->scan_org(s, org, INT64_MIN, INT64_MIN, first,
			    q->known, source_one, &a, err);
			if (rc == AS_OK)
				rc = s->ops->scan_org(s, org, INT64_MIN, INT64_MIN,
				    q->limit, q->known, relate_one, &a, err);
			if (rc == AS_OK)
				rc = s->ops->scan_org(s, org, at, seq, q->limit,
				    q->known, timeline_one, &a, err);
			if (rc == AS_OK && a.rc == AS_OK && a.page.n > 0)
				rc = s->ops->scan_org(s, org, a.at, a.seq, a.at,
				    q->known, beyond_one, &a, err);
		} else if (rc == 0) {
			rc = AS_OK;	/* no such proposal: no event */
		} else {
			rc = AS_ESTORE;
		}
	} else {
		rc = s->ops->scan_dated(s, INT64_MIN, INT64_MIN, first, q->known,
		    source_one, &a, err);
		if (rc == AS_OK)
			rc = s->ops->scan_dated(s, at, seq, q->limit, q->known,
			    timeline_one, &a, err);
		if (rc == AS_OK && a.rc == AS_OK && a.page.n > 0)
			rc = s->ops->scan_dated(s, a.at, a.seq, a.at, q->known,
			    beyond_one, &a, err);
	}
	if (rc == AS_OK)
		rc = a.rc;
	if (rc != AS_OK)
		goto done;
	snprintf(next, sizeof(next), "%lld.%lld", (long long)a.at,
	    (long long)a.seq);
	*out = json_pack("{s:o,s:o,s:O,s:o}", "as_of", q->as_of ?
	    json_string(q->as_of) : json_null(), "proposal", q->proposal ?
	    json_string(q->proposal) : json_null(), "events", a.events,
	    "next", a.page.more ? json_string(next) : json_null());
	if (*out == NULL)
		rc = as_nomem(err, NULL);
	else if (records != NULL)
		*records = json_incref(a.records);
done:
	json_decref(a.related);
	json_decref(a.events);
	json_decref(a.shown);
	json_decref(a.sources);
	json_decref(a.records);
	return rc;
}

int
as_ledger_timeline(as_ledger *l, const as_timeline_q *q, json_t **out,
    as_error *err)
{
	return timeline(l, q, out, NULL, err);
}

/* The payload an event stands for in the timeline: its own, the one its
 * correction gives, or none if it was withdrawn. */
static const json_t *
standing_data(const json_t *events, const json_t *e)
{
	const json_t *c = json_object_get(e, "corrected"), *x;
	size_t i;

	if (!json_is_object(c))
		return json_object_get(e, "data");
	if (json_is_true(json_object_get(c, "withdrawn")))
		return NULL;
	json_array_foreach(events, i, x)
		if (json_integer_value(json_object_get(x, "seq")) ==
		    json_integer_value(json_object_get(c, "by")))
			return json_object_get(json_object_get(x, "data"),
			    "payload");
	return NULL;
}

int
as_ledger_citations(as_ledger *l, const char *proposal, int64_t limit,
    int64_t known, const char *as_of, json_t **out, as_error *err)
{
	as_timeline_q q = { proposal, limit, known, as_of, NULL, 0, 0 };
	json_t *t, *records, *list, *index, *e, *id;
	size_t i, j;
	int rc;

	*out = NULL;
	if ((rc = timeline(l, &q, &t, &records, err)) != AS_OK)
		return rc;
	list = json_array();
	index = json_object();
	json_array_foreach(json_object_get(t, "events"), i, e) {
		const json_t *d = standing_data(json_object_get(t, "events"), e);
		if (d == NULL || strcmp(json_string_value(json_object_get(e,
		    "type")), "event.correct") == 0)
			continue;
		json_array_foreach(json_object_get(d, "cites"), j, id) {
			const char *sid = json_string_value(id);
			const json_t *rec = json_object_get(records, sid);
			json_t *c = json_object_get(index, sid);
			if (rec == NULL)
				continue;
			if (c == NULL) {
				int k = as_source_kind_find(json_string_value(
				    json_object_get(rec, "kind")));
				c = json_pack("{s:I,s:s,s:O,s:s,s:[]}", "n",
				    (json_int_t)json_array_size(list) + 1,
				    "id", sid, "source", rec, "kind_label",
				    k >= 0 ? as_source_kinds[k].label : "",
				    "cited_by");
				json_array_append_new(list, c);
				json_object_set(index, sid, c);
			}
			json_array_append_new(json_object_get(c, "cited_by"),
			    json_pack("{s:O,s:O,s:O,s:O}", "seq",
			    json_object_get(e, "seq"), "date", json_object_get(e,
			    "date"), "type", json_object_get(e, "type"), "summary",
			    json_object_get(e, "summary")));
		}
	}
	*out = json_pack("{s:o,s:O,s:o}", "as_of", as_of ? json_string(as_of) :
	    json_null(), "proposal", json_object_get(t, "proposal"),
	    "citations", list);
	json_decref(index);
	json_decref(records);
	json_decref(t);
	return AS_OK;
}

json_t *
as_verify_json(const as_verify *v)
{
	char head[2 * AS_HASH_LEN + 1];

	as_hex(v->head, AS_HASH_LEN, head);
	return json_pack("{s:b,s:I,s:I,s:o,s:o,s:s}", "intact", v->ok,
	    "events", (json_int_t)v->events,
	    "checkpoints", (json_int_t)v->checkpoints,
	    "first_bad", v->bad_seq ? json_integer(v->bad_seq) : json_null(),
	    "error", v->ok ? json_null() : json_string(v->why->msg), "head",
	    head);
}

/* as_analyse_budget's expired(): whether the deadline has passed. */
static int
deadline_passed(void *arg)
{
	const as_deadline *d = arg;
	struct timespec now;

	clock_gettime(CLOCK_MONOTONIC, &now);
	return now.tv_sec > d->end.tv_sec || (now.tv_sec == d->end.tv_sec &&
	    now.tv_nsec >= d->end.tv_nsec);
}

void
as_analyse_deadline(as_analyse_budget *b, as_deadline *d, int64_t ms)
{
	clock_gettime(CLOCK_MONOTONIC, &d->end);
	d->end.tv_sec += (time_t)(ms / 1000);
	d->end.tv_nsec += (long)(ms % 1000) * 1000000L;
	if (d->end.tv_nsec >= 1000000000L) {
		d->end.tv_sec++;
		d->end.tv_nsec -= 1000000000L;
	}
	memset(b, 0, sizeof(*b));
	b->time_ms = ms;
	b->expired = deadline_passed;
	b->arg = d;
}
