/*
 * The read routes: the CLI's queries, answered with the same JSON (the
 * same view functions), from the state kept as of now or, with ?as_of=,
 * from a fold to that date.
 */
#include "http/http.h"

#include <stdlib.h>
#include <string.h>

#include "core/casefile.h"
#include "core/analyse.h"
#include "core/chain.h"
#include "core/view.h"
#include "store/query.h"

typedef json_t *(*view_fn)(const as_state *, const char *, const char *,
    int64_t, char *);

/*
 * Parses ?as_of= into the instant and its label. Returns 1 if given, 0
 * if not (now), -1 answered with 400.
 */
static int
as_of(http_req *r, int64_t *limit, char label[AS_DATE_MAX])
{
	const char *q = http_query(r, "as_of");

	if (q == NULL)
		return 0;
	if (as_date_asof(q, limit) != 0) {
		http_error(r, 400, "bad_request", "as_of: '%s' is not a date "
		    "(YYYY-MM-DD or YYYY-MM-DDTHH:MM:SSZ)", q);
		return -1;
	}
	as_date_canon(q, label, NULL);
	return 1;
}

/*
 * The state as of ?as_of= (folded for the request, *owned set) or now
 * (shared, *owned NULL), with its instant and label. NULL if answered
 * (400, 500). Release it with state_done.
 */
static const as_state *
state_for(http_req *r, as_state **owned, int64_t *t, char label[AS_DATE_MAX])
{
	char err[AS_ERR_MAX];
	const as_state *st;
	as_head h;
	int given, rc;

	*owned = NULL;
	if ((given = as_of(r, t, label)) < 0 || http_etag_head(r, &h) != 0)
		return NULL;
	if (given) {
		pthread_mutex_lock(&r->s->rdmu);
		rc = as_ledger_state(r->s->rd, *t, owned, err);
		pthread_mutex_unlock(&r->s->rdmu);
		if (rc != AS_OK) {
			http_error(r, 500, "store", "%s", err);
			return NULL;
		}
		return *owned;
	}
	if ((st = http_state_now(r, t)) == NULL)
		return NULL;
	as_date_format(*t, 0, label);
	return st;
}

static void
state_done(http_req *r, as_state *owned)
{
	if (owned != NULL)
		as_state_free(owned);
	else
		http_state_done(r->s);
}

/*
 * The answers as of now are remembered by route, argument, the seq of
 * the state's last event and the second they were computed in: a
 * status can change with time alone (a silence deadline passing), so
 * an answer is never served in a later second than its own.
 */
static struct http_view_cached *
cache_slot(http_server *s, int route, const char *arg)
{
	unsigned h = (unsigned)route * 31u;

	for (const char *p = arg ? arg : ""; *p; p++)
		h = h * 33u + (unsigned char)*p;
	return &s->vcache[h % HTTP_VIEW_CACHE];
}

/* Copies a remembered answer into r; 1 if there was one. */
static int
cache_get(http_req *r, const char *arg, int64_t seq, int64_t second)
{
	struct http_view_cached *c;
	char *text = NULL;
	size_t len = 0;

	if (arg != NULL && strlen(arg) > AS_ID_MAX)
		return 0;
	pthread_mutex_lock(&r->s->vcmu);
	c = cache_slot(r->s, r->route, arg);
	if (c->text != NULL && c->route == r->route && c->seq == seq &&
	    c->second == second && strcmp(c->arg, arg ? arg : "") == 0 &&
	    (text = malloc(c->len)) != NULL) {
		memcpy(text, c->text, c->len);
		len = c->len;
	}
	pthread_mutex_unlock(&r->s->vcmu);
	if (text == NULL)
		return 0;
	http_text(r, 200, "application/json", text, len);
	return 1;
}

static void
cache_put(http_req *r, const char *arg, int64_t seq, int64_t second)
{
	struct http_view_cached *c;
	char *copy;

	if ((arg != NULL && strlen(arg) > AS_ID_MAX) || r->status != 200 ||
	    (copy = malloc(r->outlen)) == NULL)
		return;
	memcpy(copy, r->out, r->outlen);
	pthread_mutex_lock(&r->s->vcmu);
	c = cache_slot(r->s, r->route, arg);
	free(c->text);
	c->route = r->route;
	snprintf(c->arg, sizeof(c->arg), "%s", arg ? arg : "");
	c->seq = seq;
	c->second = second;
	c->text = copy;
	c->len = r->outlen;
	pthread_mutex_unlock(&r->s->vcmu);
}

/*
 * Answers one view of the state as of ?as_of= (or now). arg is the
 * view's id argument (NULL for the list views).
 */
static void
answer(http_req *r, view_fn view, json_t *(*list)(const as_state *,
    const char *, int64_t), const char *arg)
{
	char label[AS_DATE_MAX], err[AS_ERR_MAX];
	const as_state *st;
	as_state *owned;
	int64_t t, seq;
	json_t *j;

	if ((st = state_for(r, &owned, &t, label)) == NULL)
		return;
	seq = st->seq;
	if (owned == NULL && cache_get(r, arg, seq, t)) {
		state_done(r, owned);
		return;
	}
	err[0] = '\0';
	j = view ? view(st, arg, label, t, err) : list(st, label, t);
	state_done(r, owned);
	if (j == NULL) {
		http_error(r, 404, "not_found", "%s", err);
		return;
	}
	http_json(r, 200, j);
	if (owned == NULL)
		cache_put(r, arg, seq, t);
}

void
api_health(http_req *r)
{
	as_head h;

	if (http_etag_head(r, &h) == 0)
		http_json(r, 200, json_pack("{s:s,s:I}", "status", "ok",
		    "head", (json_int_t)h.seq));
}

void
api_head(http_req *r)
{
	char hex[2 * AS_HASH_LEN + 1];
	as_head h;

	if (http_etag_head(r, &h) != 0)
		return;
	as_hex(h.hash, AS_HASH_LEN, hex);
	http_json(r, 200, json_pack("{s:I,s:s,s:s}", "seq", (json_int_t)h.seq,
	    "hash", hex, "recorded", h.recorded));
}

static json_t *
orgs_list(const as_state *st, const char *label, int64_t t)
{
	json_t *a = json_array();

	(void)t;
	for (size_t i = 0; i < st->norgs; i++)
		json_array_append_new(a, json_pack("{s:s,s:s}", "id",
		    st->orgs[i].id, "name", st->orgs[i].name));
	return json_pack("{s:s,s:o}", "as_of", label, "orgs", a);
}

void
api_orgs(http_req *r)
{
	answer(r, NULL, orgs_list, NULL);
}

void
api_org(http_req *r)
{
	answer(r, as_view_org, NULL, r->param[0]);
}

void
api_proposals(http_req *r)
{
	answer(r, NULL, as_view_proposals, NULL);
}

void
api_status(http_req *r)
{
	answer(r, as_view_status, NULL, r->param[0]);
}

void
api_office(http_req *r)
{
	answer(r, as_view_office, NULL, r->param[0]);
}

/* The timeline, of every event or of one proposal's. */
static void
timeline(http_req *r, const char *proposal)
{
	char label[AS_DATE_MAX], err[AS_ERR_MAX];
	int64_t limit = AS_TIME_NEVER;
	as_head h;
	json_t *j;
	int given, rc;

	if ((given = as_of(r, &limit, label)) < 0 || http_etag_head(r, &h) != 0)
		return;
	if (proposal != NULL && !as_is_id(proposal)) {
		http_error(r, 400, "bad_request", "proposal: '%s' is not an "
		    "identifier", proposal);
		return;
	}
	pthread_mutex_lock(&r->s->rdmu);
	rc = as_ledger_timeline(r->s->rd, proposal, limit, given ? label : NULL,
	    &j, err);
	pthread_mutex_unlock(&r->s->rdmu);
	if (rc != AS_OK)
		http_error(r, 500, "store", "%s", err);
	else
		http_json(r, 200, j);
}

void
api_timeline(http_req *r)
{
	timeline(r, http_query(r, "proposal"));
}

void
api_proposal_timeline(http_req *r)
{
	timeline(r, r->param[0]);
}

/* Parses a non-negative integer query parameter; -1 answered if bad. */
static int
query_int(http_req *r, const char *name, int64_t dflt, int64_t max,
    int64_t *out)
{
	const char *q = http_query(r, name);
	char *end;
	long long v;

	*out = dflt;
	if (q == NULL)
		return 0;
	v = strtoll(q, &end, 10);
	if (*q == '\0' || *end != '\0' || v < 0 || v > max) {
		http_error(r, 400, "bad_request", "%s: '%s' is not a whole "
		    "number from 0 to %lld", name, q, (long long)max);
		return -1;
	}
	*out = v;
	return 0;
}

struct page_arg {
	json_t	*events;
};

static int
page_one(void *arg, const as_event *ev)
{
	struct page_arg *a = arg;
	json_t *j;

	if (ev->data != NULL) {
		j = as_event_json(ev, 1);
	} else {
		/* Not JSON any more: what is stored, verify will say. */
		char prev[2 * AS_HASH_LEN + 1], hash[2 * AS_HASH_LEN + 1];
		as_hex(ev->prev, AS_HASH_LEN, prev);
		as_hex(ev->hash, AS_HASH_LEN, hash);
		j = json_pack("{s:I,s:s,s:s,s:s}", "seq", (json_int_t)ev->seq,
		    "data_text", ev->data_text, "prev", prev, "hash", hash);
	}
	json_array_append_new(a->events, j);
	return 0;
}

void
api_events(http_req *r)
{
	struct page_arg a;
	char err[AS_ERR_MAX];
	int64_t after, limit, next;
	as_head h;
	int rc;

	if (query_int(r, "after", 0, INT64_MAX - HTTP_PAGE_MAX, &after) != 0 ||
	    query_int(r, "limit", 100, HTTP_PAGE_MAX, &limit) != 0 ||
	    http_etag_head(r, &h) != 0)
		return;
	a.events = json_array();
	pthread_mutex_lock(&r->s->rdmu);
	rc = limit == 0 ? AS_OK : as_ledger_scan(r->s->rd, after + 1,
	    after + limit, page_one, &a, err);
	pthread_mutex_unlock(&r->s->rdmu);
	if (rc != AS_OK) {
		json_decref(a.events);
		http_error(r, 500, "store", "%s", err);
		return;
	}
	next = after + (int64_t)json_array_size(a.events);
	http_json(r, 200, json_pack("{s:o,s:I,s:I,s:o}", "events", a.events,
	    "head", (json_int_t)h.seq, "after", (json_int_t)after, "next",
	    next < h.seq ? json_integer(next) : json_null()));
}

void
api_verify(http_req *r)
{
	char err[AS_ERR_MAX];
	as_verify v;
	as_head h;
	int rc;

	if (http_etag_head(r, &h) != 0)
		return;
	pthread_mutex_lock(&r->s->rdmu);
	rc = as_ledger_verify(r->s->rd, &v, err);
	pthread_mutex_unlock(&r->s->rdmu);
	if (rc != AS_OK)
		http_error(r, 500, "store", "%s", err);
	else
		http_json(r, 200, as_verify_json(&v));
}

/*
 * ?if=HUN:support,SVK:object into w (codes point into copy); 0, or -1
 * answered with 400 naming the item.
 */
static int
whatifs(http_req *r, char *copy, as_whatif *w, size_t max, size_t *n)
{
	char *save = NULL, *item, *colon;

	*n = 0;
	for (item = strtok_r(copy, ",", &save); item != NULL;
	    item = strtok_r(NULL, ",", &save)) {
		if ((colon = strchr(item, ':')) == NULL || colon == item) {
			http_error(r, 400, "bad_request", "if: expected "
			    "MEMBER:STANCE, e.g. HUN:support (got '%.64s')", item);
			return -1;
		}
		*colon = '\0';
		if (*n == max) {
			http_error(r, 400, "bad_request", "if: at most %zu "
			    "members", max);
			return -1;
		}
		w[*n].code = item;
		if (as_stance_parse(colon + 1, &w[*n].stance) != 0) {
			http_error(r, 400, "bad_request", "if: %.64s: stance "
			    "'%.32s' must be support, object, abstain or none",
			    item, colon + 1);
			return -1;
		}
		(*n)++;
	}
	return 0;
}

void
api_analysis(http_req *r)
{
	const char *cand = http_query(r, "candidate"), *q = http_query(r, "if"),
	    *lim = http_query(r, "limit");
	char label[AS_DATE_MAX], err[AS_ERR_MAX], *copy = NULL, *end;
	as_whatif w[AS_WHATIF_MAX];
	const as_state *st;
	as_state *owned;
	size_t nw = 0;
	long limit = AS_ANALYSE_LIMIT;
	int64_t t;
	json_t *j;

	if (lim != NULL) {
		limit = strtol(lim, &end, 10);
		if (*end != '\0' || end == lim || limit < 1 ||
		    limit > AS_ANALYSE_LIMIT_MAX) {
			http_error(r, 400, "bad_request", "limit: must be a number "
			    "from 1 to %d", AS_ANALYSE_LIMIT_MAX);
			return;
		}
	}
	if (q != NULL && ((copy = strdup(q)) == NULL ||
	    whatifs(r, copy, w, AS_WHATIF_MAX, &nw) != 0)) {
		if (copy == NULL)
			http_error(r, 500, "memory", "out of memory");
		free(copy);
		return;
	}
	if ((st = state_for(r, &owned, &t, label)) == NULL) {
		free(copy);
		return;
	}
	if (as_state_proposal(st, r->param[0]) == NULL) {
		state_done(r, owned);
		free(copy);
		http_error(r, 404, "not_found", "unknown proposal '%s' as of %s",
		    r->param[0], label);
		return;
	}
	j = as_analyse(st, r->param[0], cand, label, t, w, nw, (size_t)limit,
	    err);
	state_done(r, owned);
	free(copy);
	if (j == NULL)
		http_error(r, 400, "bad_request", "%s", err);
	else
		http_json(r, 200, j);
}
