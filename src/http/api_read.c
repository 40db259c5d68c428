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
#include "core/page.h"
#include "core/view.h"
#include "store/query.h"

typedef json_t *(*view_fn)(const as_state *, const char *, const char *,
    int64_t, as_error *);

#include <time.h>

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
 * Parses ?known_at= into the last seq recorded by then (on l). Returns 1
 * if given, 0 if not, -1 answered with 400 or 500.
 */
static int
known_at(http_req *r, as_ledger *l, int64_t *known)
{
	const char *q = http_query(r, "known_at");
	as_error err[1];
	char text[AS_DATE_MAX];
	int64_t t;
	int rc;

	if (q == NULL)
		return 0;
	if (as_date_asof(q, &t) != 0) {
		http_error(r, 400, "bad_request", "known_at: '%s' is not a date "
		    "(YYYY-MM-DD or YYYY-MM-DDTHH:MM:SSZ)", q);
		return -1;
	}
	as_date_format(t, 1, text);
	if ((rc = as_ledger_known(l, text, known, err)) != AS_OK) {
		http_fail(r, err);
		return -1;
	}
	return 1;
}

/*
 * Parses ?basis= (confirmed or reported) into *b, with *asked saying
 * whether it was given. 0, or -1 answered with 400.
 */
static int
basis_of(http_req *r, as_basis *b, int *asked)
{
	const char *q = http_query(r, "basis");

	*b = AS_BASIS_DEFAULT;
	*asked = q != NULL;
	if (q != NULL && as_basis_parse(q, b) != 0) {
		http_error(r, 400, "bad_request", "basis: '%.64s' must be "
		    "confirmed or reported", q);
		return -1;
	}
	return 0;
}

/* What a read is of: an organisation's state, shared (as of now) or
 * folded for the request. */
typedef struct read_state {
	const as_state	*st;
	as_state	*owned;
	http_state	*shared;
	int64_t		 t;
	char		 label[AS_DATE_MAX];
	char		 known[AS_DATE_MAX];	/* "" unless ?known_at= */
	int		 dated;		/* shared, as of ?as_of= */
} read_state;

/*
 * The state of org as of ?as_of= and as known at ?known_at= (folded for
 * the request, from its nearest checkpoint) or now (shared). 0, or -1
 * answered (400, 500). Release it with state_done.
 */
static int
state_for(http_req *r, const char *org, read_state *rs)
{
	as_error err[1];
	int64_t known = AS_SEQ_END;
	as_ledger *l;
	as_head h;
	int given, gk, rc;

	memset(rs, 0, sizeof(*rs));
	if ((given = as_of(r, &rs->t, rs->label)) < 0 ||
	    http_etag_head(r, &h) != 0)
		return -1;
	if (given && http_query(r, "known_at") == NULL) {
		/* As of a date, as everything recorded knows it: shared. */
		if ((rs->shared = http_state_at(r, org, rs->t)) == NULL)
			return -1;
		rs->st = rs->shared->st;
		rs->dated = 1;
		return 0;
	}
	if (given || http_query(r, "known_at") != NULL) {
		if ((l = http_reader(r)) == NULL)
			return -1;
		if ((gk = known_at(r, l, &known)) < 0) {
			http_reader_done(r->s, l);
			return -1;
		}
		if (gk)
			as_date_canon(http_query(r, "known_at"), rs->known, NULL);
		if (!given) {
			rs->t = (int64_t)time(NULL);
			as_date_format(rs->t, 0, rs->label);
		}
		if (known > h.seq)
			known = h.seq;
		rc = as_ledger_org_state(l, org, rs->t, known, &rs->owned, err);
		http_reader_done(r->s, l);
		if (rc != AS_OK) {
			http_fail(r, err);
			return -1;
		}
		rs->st = rs->owned;
		return 0;
	}
	if ((rs->shared = http_state_now(r, org, &rs->t)) == NULL)
		return -1;
	rs->st = rs->shared->st;
	as_date_format(rs->t, 0, rs->label);
	return 0;
}

static void
state_done(http_req *r, read_state *rs)
{
	as_state_free(rs->owned);
	if (rs->shared != NULL)
		http_state_done(r->s, rs->shared);
}

/* Answers j (200) with "known_at": the date ?known_at= gave (gk), in
 * its canonical form, or null. */
static void
answer_known(http_req *r, json_t *j, int gk)
{
	char text[AS_DATE_MAX];

	if (gk && as_date_canon(http_query(r, "known_at"), text, NULL) == 0)
		json_object_set_new(j, "known_at", json_string(text));
	else
		json_object_set_new(j, "known_at", json_null());
	http_json(r, 200, j);
}

/* Adds "known_at" to an answer. */
static void
add_known(json_t *j, const read_state *rs)
{
	json_object_set_new(j, "known_at", rs->known[0] ?
	    json_string(rs->known) : json_null());
}

/* The organisation a name of kind belongs to, into org ("" if unknown);
 * 0, or -1 answered with 500. */
static int
org_of(http_req *r, enum as_name_kind kind, const char *id,
    char org[AS_ID_MAX + 1])
{
	as_error err[1];
	as_ledger *l;
	int rc;

	org[0] = '\0';
	if (!as_is_id(id))
		return 0;
	if ((l = http_reader(r)) == NULL)
		return -1;
	rc = as_ledger_name(l, kind, id, org, err);
	http_reader_done(r->s, l);
	if (rc < 0) {
		http_fail(r, err);
		return -1;
	}
	if (rc == 0)
		org[0] = '\0';
	return 0;
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
 * Answers one view of the state of the organisation that arg (a name of
 * kind) belongs to, as of ?as_of= (or now).
 */
static void
answer(http_req *r, view_fn view, enum as_name_kind kind, const char *arg)
{
	as_error err[1];
	char org[AS_ID_MAX + 1];
	read_state rs;
	int64_t seq;
	json_t *j;

	if (org_of(r, kind, arg, org) != 0 || state_for(r, org, &rs) != 0)
		return;
	seq = r->head.seq;
	/* Answers as of now are remembered (as of a date: the state is). */
	if (rs.shared != NULL && !rs.dated && cache_get(r, arg, seq, rs.t)) {
		state_done(r, &rs);
		return;
	}
	as_error_clear(err);
	j = view(rs.st, arg, rs.label, rs.t, err);
	if (j != NULL)
		add_known(j, &rs);
	state_done(r, &rs);
	if (j == NULL) {
		http_fail(r, err);
		return;
	}
	http_json(r, 200, j);
	if (rs.shared != NULL && !rs.dated)
		cache_put(r, arg, seq, rs.t);
}

/* Parses an integer query parameter from min to max (dflt if absent);
 * -1 answered with 400 naming it if bad. */
static int
query_int(http_req *r, const char *name, int64_t min, int64_t dflt,
    int64_t max, int64_t *out)
{
	const char *q = http_query(r, name);
	char *end;
	long long v;

	*out = dflt;
	if (q == NULL)
		return 0;
	v = strtoll(q, &end, 10);
	if (*q == '\0' || *end != '\0' || v < min || v > max) {
		http_error(r, 400, "bad_request", "%s: '%.64s' is not a whole "
		    "number from %lld to %lld", name, q, (long long)min,
		    (long long)max);
		return -1;
	}
	*out = v;
	return 0;
}

/*
 * The page a list's ?limit= asks for (1 to HTTP_PAGE_MAX, the default),
 * about HTTP_ANSWER_MAX bytes at the most, into p: 0, or -1 answered
 * with 400. Every list (page.h) is cut by it.
 */
static int
page_limit(http_req *r, as_page *p)
{
	int64_t n;

	memset(p, 0, sizeof(*p));
	if (query_int(r, "limit", 1, HTTP_PAGE_MAX, HTTP_PAGE_MAX, &n) != 0)
		return -1;
	p->max_items = (size_t)n;
	p->max_bytes = HTTP_ANSWER_MAX;
	return 0;
}

/*
 * The page of list pl that ?limit= and ?after= ask for into p and
 * *after: 0, or -1 answered with 400 naming the parameter.
 */
static int
page_of(http_req *r, const as_page_list *pl, as_page *p, const char **after)
{
	if (page_limit(r, p) != 0)
		return -1;
	*after = http_query(r, "after");
	if (*after != NULL && !as_page_cursor_ok(pl, *after)) {
		http_error(r, 400, "bad_request", "after: '%.64s' is not a "
		    "cursor of %s (the 'next' of a page)", *after, pl->key);
		return -1;
	}
	return 0;
}

/* Answers j (consumed) cut to its page p after the cursor after. */
static void
answer_page(http_req *r, const as_page_list *pl, json_t *j,
    const char *after, as_page *p)
{
	if (as_page_cut(pl, &j, after, p) != 0)
		http_nomem(r);
	else
		http_json(r, 200, j);
}

/* The list views: each organisation's part, from its own state. */
struct each_arg {
	http_req	*r;
	json_t		*list;
	const char	*key;		/* the list's key in a part */
	json_t		*(*part)(const as_state *, const char *, int64_t);
	int		 failed;
	char		 label[AS_DATE_MAX], known[AS_DATE_MAX];
};

static void
each_org(void *arg, const char *org)
{
	struct each_arg *a = arg;
	read_state rs;
	json_t *j;

	if (a->failed || state_for(a->r, org, &rs) != 0) {
		a->failed = 1;
		return;
	}
	j = a->part(rs.st, rs.label, rs.t);
	memcpy(a->label, rs.label, sizeof(a->label));
	memcpy(a->known, rs.known, sizeof(a->known));
	state_done(a->r, &rs);
	if (j == NULL) {
		a->failed = 1;
		http_nomem(a->r);
		return;
	}
	json_array_extend(a->list, json_object_get(j, a->key));
	json_decref(j);
}

/* Answers a list pl gathered from each organisation's part, in pages. */
static void
answer_list(http_req *r, const as_page_list *pl, json_t *(*part)(
    const as_state *, const char *, int64_t))
{
	struct each_arg a;
	as_error err[1];
	const char *after;
	read_state rs;
	as_ledger *l;
	as_page p;
	json_t *j;
	int rc;

	if (page_of(r, pl, &p, &after) != 0)
		return;
	memset(&a, 0, sizeof(a));
	a.r = r;
	a.key = pl->key;
	a.part = part;
	a.list = json_array();
	/* The label when there is no organisation yet. */
	if (state_for(r, "", &rs) != 0) {
		json_decref(a.list);
		return;
	}
	memcpy(a.label, rs.label, sizeof(a.label));
	memcpy(a.known, rs.known, sizeof(a.known));
	state_done(r, &rs);
	if ((l = http_reader(r)) == NULL) {
		json_decref(a.list);
		return;
	}
	rc = as_ledger_orgs(l, each_org, &a, err);
	http_reader_done(r->s, l);
	if (rc != AS_OK || a.failed) {
		json_decref(a.list);
		if (rc != AS_OK)
			http_fail(r, err);
		return;
	}
	j = json_pack("{s:s,s:o,s:o}", "as_of", a.label, pl->key, a.list,
	    "known_at", a.known[0] ? json_string(a.known) : json_null());
	if (j == NULL)
		http_nomem(r);
	else
		answer_page(r, pl, j, after, &p);
}

void
api_health(http_req *r)
{
	char hex[2 * AS_HASH_LEN + 1];
	as_head h;

	if (http_etag_head(r, &h) != 0)
		return;
	as_hex(r->s->verified.head, AS_HASH_LEN, hex);
	http_json(r, 200, json_pack("{s:s,s:I,s:{s:I,s:I,s:s,s:I}}", "status",
	    "ok", "head", (json_int_t)h.seq, "verified", "events",
	    (json_int_t)r->s->verified.events, "checkpoints",
	    (json_int_t)r->s->verified.checkpoints, "head", hex, "ms",
	    (json_int_t)r->s->verify_ms));
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
	answer_list(r, &as_list_orgs, orgs_list);
}

void
api_org(http_req *r)
{
	answer(r, as_view_org, AS_NAME_ORG, r->param[0]);
}

void
api_proposals(http_req *r)
{
	answer_list(r, &as_list_proposals, as_view_proposals);
}

/*
 * Answers a view that reads a query parameter beyond the common ones
 * (not from the answers remembered): view(state, id, arg, ...); in pages
 * of its list pl unless pl is NULL.
 */
static void
answer_with(http_req *r, enum as_name_kind kind, json_t *(*view)(
    const as_state *, const char *, const void *, const char *, int64_t,
    as_error *), const void *arg, const as_page_list *pl)
{
	as_error err[1];
	char org[AS_ID_MAX + 1];
	const char *after = NULL;
	read_state rs;
	as_page p;
	json_t *j;

	if ((pl != NULL && page_of(r, pl, &p, &after) != 0) ||
	    org_of(r, kind, r->param[0], org) != 0 ||
	    state_for(r, org, &rs) != 0)
		return;
	as_error_clear(err);
	j = view(rs.st, r->param[0], arg, rs.label, rs.t, err);
	if (j != NULL)
		add_known(j, &rs);
	state_done(r, &rs);
	if (j == NULL)
		http_fail(r, err);
	else if (pl != NULL)
		answer_page(r, pl, j, after, &p);
	else
		http_json(r, 200, j);
}

static json_t *
members_of(const as_state *st, const char *org, const void *arg,
    const char *as_of, int64_t t, as_error *err)
{
	(void)arg;
	return as_view_members(st, org, as_of, t, err);
}

/* An organisation's members, in pages. */
void
api_members(http_req *r)
{
	answer_with(r, AS_NAME_ORG, members_of, NULL, &as_list_members);
}

static json_t *
status_on(const as_state *st, const char *id, const void *basis,
    const char *as_of, int64_t t, as_error *err)
{
	return as_view_status_on(st, id, as_of, t, *(const as_basis *)basis, 1,
	    err);
}

void
api_status(http_req *r)
{
	as_basis b;
	int asked;

	if (basis_of(r, &b, &asked) != 0)
		return;
	if (!asked)
		answer(r, as_view_status, AS_NAME_PROPOSAL, r->param[0]);
	else
		answer_with(r, AS_NAME_PROPOSAL, status_on, &b, NULL);
}

static json_t *
office_nationality(const as_state *st, const char *id, const void *nat,
    const char *as_of, int64_t t, as_error *err)
{
	return as_view_office_nationality(st, id, nat, as_of, t, err);
}

void
api_office(http_req *r)
{
	const char *nat = http_query(r, "nationality");

	if (nat == NULL)
		answer(r, as_view_office, AS_NAME_OFFICE, r->param[0]);
	else if (!as_is_id(nat))
		http_error(r, 400, "bad_request", "nationality: '%.64s' must be "
		    "a country code (1-64 of a-z A-Z 0-9 . _ -)", nat);
	else
		answer_with(r, AS_NAME_OFFICE, office_nationality, nat,
		    NULL);
}

static json_t *
polls_of(const as_state *st, const char *id, const void *cand,
    const char *as_of, int64_t t, as_error *err)
{
	return as_view_polls(st, id, cand, as_of, t, err);
}

/* A proposal's straw polls, of every candidate or of ?candidate= (an
 * unknown one is 404, as an unknown proposal). */
void
api_polls(http_req *r)
{
	const char *cand = http_query(r, "candidate");

	if (cand != NULL && !as_is_id(cand))
		http_error(r, 400, "bad_request", "candidate: '%.64s' must be a "
		    "candidate id (1-64 of a-z A-Z 0-9 . _ -)", cand);
	else
		answer_with(r, AS_NAME_PROPOSAL, polls_of, cand, NULL);
}

/* The timeline, of every event or of one proposal's. */
static void
timeline(http_req *r, const char *proposal)
{
	as_error err[1];
	char label[AS_DATE_MAX], org[AS_ID_MAX + 1];
	int64_t limit = AS_TIME_NEVER, known = AS_SEQ_END;
	as_timeline_q q;
	as_page page;
	as_ledger *l;
	as_head h;
	json_t *j;
	int given, gk, rc;

	if ((given = as_of(r, &limit, label)) < 0 || http_etag_head(r, &h) != 0)
		return;
	if (proposal != NULL && !as_is_id(proposal)) {
		http_error(r, 400, "bad_request", "proposal: '%s' is not an "
		    "identifier", proposal);
		return;
	}
	if ((l = http_reader(r)) == NULL)
		return;
	if ((gk = known_at(r, l, &known)) < 0) {
		http_reader_done(r->s, l);
		return;
	}
	if (proposal != NULL && (rc = as_ledger_name(l, AS_NAME_PROPOSAL,
	    proposal, org, err)) != 1) {
		http_reader_done(r->s, l);
		if (rc < 0)
			http_fail(r, err);
		else
			http_error(r, 404, "not_found", "unknown proposal '%s'",
			    proposal);
		return;
	}
	if (known > h.seq)
		known = h.seq;
	if (page_limit(r, &page) != 0) {
		http_reader_done(r->s, l);
		return;
	}
	q.proposal = proposal;
	q.limit = limit;
	q.known = known;
	q.as_of = given ? label : NULL;
	q.after = http_query(r, "after");
	q.max_events = page.max_items;
	q.max_bytes = page.max_bytes;
	rc = as_ledger_timeline(l, &q, &j, err);
	http_reader_done(r->s, l);
	if (rc == AS_EINVAL) {
		http_error(r, 400, "bad_request", "%s", err->msg);
		return;
	}
	if (rc != AS_OK) {
		http_fail(r, err);
		return;
	}
	answer_known(r, j, gk);
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
	as_error err[1];
	int64_t after, limit, next;
	as_ledger *l;
	as_head h;
	int rc;

	if (query_int(r, "after", 0, 0, INT64_MAX - HTTP_PAGE_MAX, &after) != 0 ||
	    query_int(r, "limit", 0, 100, HTTP_PAGE_MAX, &limit) != 0 ||
	    http_etag_head(r, &h) != 0)
		return;
	if ((l = http_reader(r)) == NULL)
		return;
	a.events = json_array();
	rc = limit == 0 ? AS_OK : as_ledger_scan(l, after + 1, after + limit,
	    page_one, &a, err);
	http_reader_done(r->s, l);
	if (rc != AS_OK) {
		json_decref(a.events);
		http_fail(r, err);
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
	as_error err[1];
	as_verify v;
	as_head h;
	int rc;

	as_ledger *l;

	if (http_etag_head(r, &h) != 0 || (l = http_reader(r)) == NULL)
		return;
	rc = as_ledger_verify(l, &v, err);
	http_reader_done(r->s, l);
	if (rc != AS_OK)
		http_fail(r, err);
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
	    *lim = http_query(r, "limit"), *tl = http_query(r, "time_limit");
	as_error err[1];
	char org[AS_ID_MAX + 1], *copy = NULL, *end;
	as_whatif w[AS_WHATIF_MAX];
	as_analyse_budget budget;
	as_deadline deadline;
	read_state rs;
	size_t nw = 0;
	long limit = AS_ANALYSE_LIMIT;
	int64_t ms = AS_ANALYSE_TIME_MS;
	double secs;
	as_basis basis;
	int asked;
	json_t *j;

	if (basis_of(r, &basis, &asked) != 0)
		return;
	if (tl != NULL) {
		/* Less than the server's limit may be asked, never more. */
		secs = strtod(tl, &end);
		if (*end != '\0' || end == tl || !(secs > 0) ||
		    secs * 1000 > AS_ANALYSE_TIME_MS) {
			http_error(r, 400, "bad_request", "time_limit: must be a "
			    "number of seconds above 0, at most %d",
			    AS_ANALYSE_TIME_MS / 1000);
			return;
		}
		ms = (int64_t)(secs * 1000 + 0.5);
		if (ms < 1)
			ms = 1;
	}
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
			http_nomem(r);
		free(copy);
		return;
	}
	if (org_of(r, AS_NAME_PROPOSAL, r->param[0], org) != 0 ||
	    state_for(r, org, &rs) != 0) {
		free(copy);
		return;
	}
	if (as_state_proposal(rs.st, r->param[0]) == NULL) {
		http_error(r, 404, "not_found", "unknown proposal '%s' as of %s",
		    r->param[0], rs.label);
		state_done(r, &rs);
		free(copy);
		return;
	}
	/* The state is held by its reference alone: no lock that readers or
	 * writers need is held while the analysis runs, however long. */
	as_analyse_deadline(&budget, &deadline, ms);
	budget.ask_candidate = "?candidate=";
	http_metrics_analyses(1, 0);
	j = as_analyse(rs.st, r->param[0], cand, rs.label, rs.t, basis, w, nw,
	    (size_t)limit, &budget, err);
	http_metrics_analyses(-1, j != NULL &&
	    !json_is_null(json_object_get(j, "cut_off")));
	if (j != NULL) {
		add_known(j, &rs);
		json_object_set_new(j, "basis_default", json_boolean(!asked));
	}
	state_done(r, &rs);
	free(copy);
	if (j == NULL)
		http_fail(r, err);
	else
		http_json(r, 200, j);
}

void
api_reports(http_req *r)
{
	const char *format = http_query(r, "format");
	as_error err[1];
	char org[AS_ID_MAX + 1], *text;
	read_state rs;
	as_basis basis;
	int asked;
	json_t *j;

	if (basis_of(r, &basis, &asked) != 0)
		return;
	if (format != NULL && strcmp(format, "csv") != 0 &&
	    strcmp(format, "json") != 0) {
		http_error(r, 400, "bad_request", "format: '%.32s' must be csv "
		    "or json", format);
		return;
	}
	if (org_of(r, AS_NAME_PROPOSAL, r->param[0], org) != 0 ||
	    state_for(r, org, &rs) != 0)
		return;
	as_error_clear(err);
	j = as_view_reports(rs.st, r->param[0], rs.label, rs.t, basis, err);
	if (j != NULL)
		add_known(j, &rs);
	state_done(r, &rs);
	if (j == NULL) {
		http_fail(r, err);
		return;
	}
	if (format == NULL || strcmp(format, "json") == 0) {
		http_json(r, 200, j);
		return;
	}
	text = as_reports_csv(j);
	json_decref(j);
	if (text == NULL)
		http_nomem(r);
	else
		http_text(r, 200, "text/csv; charset=utf-8", text, strlen(text));
}

/* The proposal's organisation and the ledger's "known at" bound, for the
 * answers read from the ledger itself: 0, or -1 answered. */
static int
ledger_read(http_req *r, const char *id, as_ledger **lp, int64_t *limit,
    char label[AS_DATE_MAX], int *given, int64_t *known, int *gk)
{
	as_error err[1];
	char org[AS_ID_MAX + 1];
	as_ledger *l;
	as_head h;
	int rc;

	*limit = AS_TIME_NEVER;
	*known = AS_SEQ_END;
	if ((*given = as_of(r, limit, label)) < 0 || http_etag_head(r, &h) != 0)
		return -1;
	if (!as_is_id(id)) {
		http_error(r, 404, "not_found", "unknown proposal '%.64s'", id);
		return -1;
	}
	if ((l = http_reader(r)) == NULL)
		return -1;
	if ((*gk = known_at(r, l, known)) < 0) {
		http_reader_done(r->s, l);
		return -1;
	}
	if ((rc = as_ledger_name(l, AS_NAME_PROPOSAL, id, org, err)) != 1) {
		http_reader_done(r->s, l);
		if (rc < 0)
			http_fail(r, err);
		else
			http_error(r, 404, "not_found", "unknown proposal '%s'", id);
		return -1;
	}
	if (*known > h.seq)
		*known = h.seq;
	*lp = l;
	return 0;
}

void
api_citations(http_req *r)
{
	as_error err[1];
	char label[AS_DATE_MAX];
	int64_t limit, known;
	int given, gk, rc;
	as_ledger *l;
	json_t *j;

	if (ledger_read(r, r->param[0], &l, &limit, label, &given, &known,
	    &gk) != 0)
		return;
	rc = as_ledger_citations(l, r->param[0], limit, known, given ? label :
	    NULL, &j, err);
	http_reader_done(r->s, l);
	if (rc != AS_OK) {
		http_fail(r, err);
		return;
	}
	answer_known(r, j, gk);
}

void
api_changes(http_req *r)
{
	const char *since = http_query(r, "since");
	as_error err[1];
	char label[AS_DATE_MAX], since_label[AS_DATE_MAX], org[AS_ID_MAX + 1];
	as_state *before = NULL, *after = NULL;
	int64_t t0, t1, known;
	json_t *tl = NULL, *j = NULL;
	int given, gk, rc, asked;
	as_basis basis;
	as_ledger *l;

	if (basis_of(r, &basis, &asked) != 0)
		return;
	if (since == NULL || as_date_asof(since, &t0) != 0) {
		http_error(r, 400, "bad_request", "since: %s%.40s%s (YYYY-MM-DD or "
		    "YYYY-MM-DDTHH:MM:SSZ)", since ? "'" : "required: a date",
		    since ? since : "", since ? "' is not a date" : "");
		return;
	}
	as_date_canon(since, since_label, NULL);
	if (ledger_read(r, r->param[0], &l, &t1, label, &given, &known,
	    &gk) != 0)
		return;
	if (!given) {
		t1 = (int64_t)time(NULL);
		as_date_format(t1, 0, label);
	}
	if (t0 >= t1) {
		http_reader_done(r->s, l);
		http_error(r, 400, "bad_request", "since: %s is not before the "
		    "date asked about (%s)", since_label, label);
		return;
	}
	rc = as_ledger_name(l, AS_NAME_PROPOSAL, r->param[0], org, err);
	if (rc == 1 && (rc = as_ledger_org_state(l, org, t0, known, &before,
	    err)) == AS_OK && (rc = as_ledger_org_state(l, org, t1, known,
	    &after, err)) == AS_OK)
	{
		as_timeline_q q = { r->param[0], t1, known, label, NULL, 0, 0 };
		rc = as_ledger_timeline(l, &q, &tl, err);
	}
	http_reader_done(r->s, l);
	if (rc == AS_OK && (j = as_view_changes(before, after, tl, r->param[0],
	    since_label, label, t0, t1, basis, err)) == NULL)
		rc = err->kind;
	as_state_free(before);
	as_state_free(after);
	json_decref(tl);
	if (rc != AS_OK) {
		http_fail(r, err);
		return;
	}
	answer_known(r, j, gk);
}
