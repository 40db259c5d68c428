/* The ledger's own answers: see query.h. */
#include "store/query.h"

#include <stdlib.h>
#include <string.h>

#include "core/casefile.h"
#include "core/chain.h"

struct timeline_arg {
	const char	*proposal;
	int64_t		 limit, known;
	json_t		*related;	/* ids of candidates and commitments */
	json_t		*events;
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

	if (ev->when > a->limit || ev->seq > a->known || ev->data == NULL ||
	    (a->proposal && !concerns(a, ev)))
		return 0;
	j = as_event_json(ev, 1);
	json_object_set_new(j, "org", json_string(ev->org));
	json_object_set_new(j, "at", json_integer(ev->when));
	sum = as_event_summary(ev);
	json_object_set_new(j, "summary", json_string(sum ? sum : ev->type));
	json_object_set(j, "source", json_object_get(ev->data, "source") ?
	    json_object_get(ev->data, "source") : json_null());
	free(sum);
	json_array_append_new(a->events, j);
	return 0;
}

/* Orders the timeline by date, then seq: events are recorded in any
 * order of dates. */
static int
by_date(const void *x, const void *y)
{
	json_t *a = *(json_t *const *)x, *b = *(json_t *const *)y;
	json_int_t ta = json_integer_value(json_object_get(a, "at")),
	    tb = json_integer_value(json_object_get(b, "at")),
	    sa = json_integer_value(json_object_get(a, "seq")),
	    sb = json_integer_value(json_object_get(b, "seq"));

	if (ta != tb)
		return ta < tb ? -1 : 1;
	return sa < sb ? -1 : sa > sb;
}

static void
sort_by_date(json_t *events)
{
	size_t n = json_array_size(events), i;
	json_t **v = n ? malloc(n * sizeof(*v)) : NULL;

	for (i = 0; v != NULL && i < n; i++)
		v[i] = json_incref(json_array_get(events, i));
	if (v != NULL) {
		qsort(v, n, sizeof(*v), by_date);
		json_array_clear(events);
		for (i = 0; i < n; i++)
			json_array_append_new(events, v[i]);
		free(v);
	}
	/* Left in order of seq if out of memory. */
	for (i = 0; i < json_array_size(events); i++)
		json_object_del(json_array_get(events, i), "at");
}

int
as_ledger_timeline(as_ledger *l, const char *proposal, int64_t limit,
    int64_t known, const char *as_of, json_t **out, char *err)
{
	struct timeline_arg a = { proposal, limit, known, json_object(),
	    json_array() };
	int rc;

	*out = NULL;
	rc = proposal ? as_ledger_scan(l, 1, AS_SEQ_END, relate_one, &a, err) :
	    AS_OK;
	if (rc == AS_OK)
		rc = as_ledger_scan(l, 1, AS_SEQ_END, timeline_one, &a, err);
	json_decref(a.related);
	if (rc != AS_OK) {
		json_decref(a.events);
		return rc;
	}
	sort_by_date(a.events);
	*out = json_pack("{s:o,s:o,s:o}", "as_of", as_of ? json_string(as_of) :
	    json_null(), "proposal", proposal ? json_string(proposal) :
	    json_null(), "events", a.events);
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
	    "error", v->ok ? json_null() : json_string(v->why), "head", head);
}
