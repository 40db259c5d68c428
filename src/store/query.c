/* The ledger's own answers: see query.h. */
#include "store/query.h"

#include <errno.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "core/casefile.h"
#include "core/chain.h"

struct timeline_arg {
	const as_timeline_q *q;
	const char	*proposal;
	json_t		*related;	/* ids of candidates and commitments */
	json_t		*events;
	size_t		 n, bytes;	/* in the page */
	int64_t		 at, seq;	/* the last in it */
	int		 more;		/* another page follows */
};

static const char *
field(const as_event *ev, const char *k)
{
	return json_string_value(json_object_get(ev->data, k));
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

/* Whether ev concerns the proposal: it names it, or what relates to it. */
static int
concerns(const struct timeline_arg *a, const as_event *ev)
{
	const char *prop = field(ev, "proposal"), *id = field(ev, "id");

	if (prop != NULL)
		return strcmp(prop, a->proposal) == 0;
	if (strcmp(ev->type, "proposal.open") == 0)
		return strcmp(id, a->proposal) == 0;
	if (strncmp(ev->type, "commitment.", 11) == 0)
		return json_object_get(a->related, id) != NULL ||
		    (field(ev, "by") != NULL &&
		    json_object_get(a->related, field(ev, "by")) != NULL);
	return 0;
}

static int
timeline_one(void *arg, const as_event *ev)
{
	struct timeline_arg *a = arg;
	json_t *j;
	char *sum;
	size_t bytes;

	if (ev->data == NULL || (a->proposal && !concerns(a, ev)))
		return 0;
	bytes = strlen(ev->data_text) + 512;
	if ((a->q->max_events && a->n == a->q->max_events) ||
	    (a->q->max_bytes && a->n > 0 && a->bytes + bytes > a->q->max_bytes)) {
		a->more = 1;		/* the next page starts after the last */
		return 1;
	}
	j = as_event_json(ev, 1);
	sum = as_event_summary(ev);
	json_object_set_new(j, "org", json_string(ev->org));
	json_object_set_new(j, "summary", json_string(sum ? sum : ev->type));
	json_object_set(j, "source", json_object_get(ev->data, "source") ?
	    json_object_get(ev->data, "source") : json_null());
	free(sum);
	json_array_append_new(a->events, j);
	a->at = ev->when;
	a->seq = ev->seq;
	a->n++;
	a->bytes += bytes;
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

int
as_ledger_timeline(as_ledger *l, const as_timeline_q *q, json_t **out,
    char *err)
{
	struct timeline_arg a;
	char org[AS_ID_MAX + 1], next[48];
	int64_t at = INT64_MIN, seq = INT64_MIN;
	as_store *s = l->store;
	int rc = AS_OK;

	*out = NULL;
	memset(&a, 0, sizeof(a));
	a.q = q;
	a.proposal = q->proposal;
	if (q->after != NULL && cursor(q->after, &at, &seq) != 0)
		return as_err(err, "after: '%.40s' is not a cursor of a timeline "
		    "(the 'next' of a page)", q->after), AS_EINVAL;
	if ((a.related = json_object()) == NULL ||
	    (a.events = json_array()) == NULL) {
		json_decref(a.related);
		return as_err(err, "out of memory"), AS_ESTORE;
	}
	if (q->proposal != NULL) {
		/* One organisation's history, in order of date: what relates
		 * to the proposal first, then the page. */
		if ((rc = as_ledger_name(l, AS_NAME_PROPOSAL, q->proposal, org,
		    err)) == 1) {
			rc = s->ops->scan_org(s, org, INT64_MIN, INT64_MIN,
			    q->limit, q->known, relate_one, &a, err);
			if (rc == AS_OK)
				rc = s->ops->scan_org(s, org, at, seq, q->limit,
				    q->known, timeline_one, &a, err);
		} else if (rc == 0) {
			rc = AS_OK;	/* no such proposal: no event */
		} else {
			rc = AS_ESTORE;
		}
	} else {
		rc = s->ops->scan_dated(s, at, seq, q->limit, q->known,
		    timeline_one, &a, err);
	}
	json_decref(a.related);
	if (rc != AS_OK) {
		json_decref(a.events);
		return rc;
	}
	snprintf(next, sizeof(next), "%lld.%lld", (long long)a.at,
	    (long long)a.seq);
	*out = json_pack("{s:o,s:o,s:o,s:o}", "as_of", q->as_of ?
	    json_string(q->as_of) : json_null(), "proposal", q->proposal ?
	    json_string(q->proposal) : json_null(), "events", a.events,
	    "next", a.more ? json_string(next) : json_null());
	return *out != NULL ? AS_OK : (as_err(err, "out of memory"), AS_ESTORE);
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
	    "error", v->ok ? json_null() : json_string(v->why), "head", head);
}
