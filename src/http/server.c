/*
 * The daemon: libmicrohttpd with a thread per connection (a write blocks
 * its thread until its group commit is durable, and a slow client holds
 * only its own thread), dispatch through the route table, the limits
 * checked before anything is allocated, one log line per request, and a
 * drain on stop.
 */
#include "http/http.h"

#include <arpa/inet.h>
#include <errno.h>
#include <netinet/in.h>
#include <stdarg.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <strings.h>
#include <sys/socket.h>
#include <time.h>
#include <unistd.h>

#include <sodium.h>

#include "core/alloc.h"
#include "core/chain.h"
#include "core/event.h"
#include "core/json_write.h"

/* MHD's own connection limit sits above ours, so that a connection over
 * ours is still read and answered 503 with a JSON body. */
#define CONN_SLACK	16
/* MHD's memory per connection: room for the largest accepted head, and
 * for as many query arguments or headers as it holds at 4 bytes each
 * ("a=1&"; 56 bytes of libmicrohttpd's own per argument), so that a head
 * within --max-header reaches the handlers (which refuse more than
 * HTTP_QUERY_MAX arguments) instead of being dropped unanswered.
 * libmicrohttpd zeroes the whole of it for each request of a kept
 * connection: 180 KiB at the default --max-header, which costs about a
 * fifth of the reads of bench_http.sh (0.40 of nginx against 0.50 with
 * 48 KiB, three runs each, 2026-12-01): the price of answering such
 * heads in JSON; behind deploy/nginx.conf a smaller --max-header buys
 * it back. */
#define CONN_MEMORY(h)	((h) * 2 + (h) / 4 * 64 + 32 * 1024)
#define IPS_MAX		1024	/* distinct client addresses tracked */

/* Connections per client address, for --max-per-ip. */
static struct { char ip[64]; unsigned n; } ips[IPS_MAX];

int64_t
http_now_us(void)
{
	struct timespec ts;

	clock_gettime(CLOCK_REALTIME, &ts);
	return (int64_t)ts.tv_sec * 1000000 + ts.tv_nsec / 1000;
}

void
http_text(http_req *r, unsigned status, const char *ctype, char *text,
    size_t len)
{
	if (r->out != NULL && !r->out_static)
		free(r->out);
	r->status = status;
	r->ctype = ctype;
	r->out = text;
	r->outlen = len;
	r->out_static = 0;
}

void
http_json(http_req *r, unsigned status, json_t *j)
{
	size_t len;
	char *s;

	/* An answer built while an allocation failed may lack a part. */
	s = j != NULL && as_alloc_misses() == r->misses0 ? as_json_write(j,
	    JSON_COMPACT | JSON_PRESERVE_ORDER, &len) : NULL;
	json_decref(j);
	if (s == NULL) {
		http_nomem(r);
		return;
	}
	http_text(r, status, "application/json", s, len);
}

void
http_error(http_req *r, unsigned status, const char *error, const char *fmt,
    ...)
{
	char detail[AS_ERR_MAX];
	va_list ap;
	json_t *j;
	char *s;

	va_start(ap, fmt);
	vsnprintf(detail, sizeof(detail), fmt, ap);
	va_end(ap);
	j = json_pack("{s:s,s:s}", "error", error, "detail", detail);
	s = as_json_write(j, JSON_COMPACT | JSON_PRESERVE_ORDER, NULL);
	json_decref(j);
	if (s == NULL) {
		/* Not even the error could be written: what out of memory
		 * answers, from static text. */
		http_text(r, 503, "application/json", NULL, 0);
		r->retry_after = HTTP_RETRY_AFTER;
		r->out = "{\"error\":\"out_of_memory\",\"detail\":\"out of "
		    "memory\"}";
		r->outlen = strlen(r->out);
		r->out_static = 1;
		return;
	}
	http_text(r, status, "application/json", s, strlen(s));
}

void
http_fail(http_req *r, const as_error *e)
{
	static const struct {
		unsigned	 status;
		const char	*error;
		int		 retry;		/* Retry-After */
	} kinds[AS_KINDS] = {
		[-AS_OK] = { 500, "internal", 0 },
		[-AS_EINVAL] = { 400, "bad_request", 0 },
		[-AS_ESTORE] = { 500, "store", 0 },
		[-AS_ECONFLICT] = { 412, "precondition_failed", 0 },
		[-AS_EREPLAY] = { 500, "internal", 0 },
		[-AS_EUPGRADE] = { 500, "store", 0 },
		[-AS_EUNAVAIL] = { 503, "unavailable", 1 },
		[-AS_ENOTFOUND] = { 404, "not_found", 0 },
		[-AS_ENOMEM] = { 503, "out_of_memory", 1 },
		[-AS_EBROKEN] = { 500, "broken", 0 },
		[-AS_ELIMIT] = { 422, "limit", 0 },
	};
	int k = e->kind > 0 || e->kind <= -AS_KINDS ? 0 : -e->kind;

	if (kinds[k].retry)
		r->retry_after = HTTP_RETRY_AFTER;
	http_error(r, kinds[k].status, kinds[k].error, "%s",
	    e->msg[0] != '\0' ? e->msg : "internal error");
}

void
http_nomem(http_req *r)
{
	as_error e[1];

	as_nomem(e, NULL);
	http_fail(r, e);
}

int
http_req_add(http_req *r, int header, const char *key, const char *value)
{
	if (r->nkv == r->capkv) {
		size_t cap = r->capkv ? r->capkv * 2 : 16;
		http_kv *kv = realloc(r->kv, cap * sizeof(*kv));
		if (kv == NULL)
			return -1;
		r->kv = kv;
		r->capkv = cap;
	}
	r->kv[r->nkv].header = header;
	r->kv[r->nkv].key = key;
	r->kv[r->nkv].value = value;
	r->nkv++;
	return 0;
}

/* The first value of key among the headers (any case) or the query
 * arguments (exact), as libmicrohttpd looks them up. */
static const char *
lookup(const http_req *r, int header, const char *key)
{
	for (size_t i = 0; i < r->nkv; i++)
		if (r->kv[i].header == header && (header ?
		    strcasecmp(r->kv[i].key, key) == 0 :
		    strcmp(r->kv[i].key, key) == 0))
			return r->kv[i].value;
	return NULL;
}

const char *
http_query(http_req *r, const char *name)
{
	return lookup(r, 0, name);
}

const char *
http_header(http_req *r, const char *name)
{
	return lookup(r, 1, name);
}

as_ledger *
http_reader(http_req *r)
{
	http_server *s = r->s;
	as_error err[1];
	as_ledger *l = NULL;
	int rc;

	pthread_mutex_lock(&s->poolmu);
	if (s->npool > 0)
		l = s->pool[--s->npool];
	pthread_mutex_unlock(&s->poolmu);
	if (l == NULL && (l = as_ledger_open(s->db, 0, err, &rc)) == NULL)
		http_fail(r, err);
	return l;
}

void
http_reader_done(http_server *s, as_ledger *l)
{
	if (l == NULL)
		return;
	pthread_mutex_lock(&s->poolmu);
	if (s->npool == s->cappool) {
		size_t cap = s->cappool ? s->cappool * 2 : 16;
		as_ledger **p = realloc(s->pool, cap * sizeof(*p));
		if (p == NULL) {
			pthread_mutex_unlock(&s->poolmu);
			as_ledger_close(l);
			return;
		}
		s->pool = p;
		s->cappool = cap;
	}
	s->pool[s->npool++] = l;
	pthread_mutex_unlock(&s->poolmu);
}

int
http_head_locked(http_server *s, as_head *h, as_error *err)
{
	http_req fake;
	as_ledger *l;
	int64_t v;
	int rc;

	if (as_tokens_version(s->tok, &v, err) != 0)
		return as_tokens_lost(s->tok) ? AS_EUNAVAIL : AS_ESTORE;
	if (s->head_ok && v == s->version) {
		*h = s->headc;
		return AS_OK;
	}
	/* A commit between the two reads only makes the next call read
	 * again: the counter will have moved. */
	memset(&fake, 0, sizeof(fake));
	fake.s = s;
	if ((l = http_reader(&fake)) == NULL) {
		as_fail(err, fake.status == 503 ? AS_EUNAVAIL : AS_ESTORE,
		    "no reader: %s", fake.out ? fake.out : "");
		free(fake.out);
		return err->kind;
	}
	rc = as_ledger_head(l, h, err);
	http_reader_done(s, l);
	if (rc != AS_OK)
		return rc;
	s->headc = *h;
	s->version = v;
	s->head_ok = 1;
	return AS_OK;
}

static void
state_unref(http_state *hs)
{
	if (hs != NULL && --hs->refs == 0) {
		as_state_free(hs->st);
		free(hs);
	}
}

static int
corrects(const char *type)
{
	const as_event_type *t = as_event_type_find(type, 0);

	return t != NULL && (t->flags & AS_T_CORRECTS);
}

/* What was appended after a state's head: its organisation's events. */
struct since_arg {
	const char	*org;
	as_state	*st;		/* applied in place, or NULL: only seen */
	int64_t		 now, next;
	int		 rebuild;	/* one cannot be applied in place */
	int		 seen;		/* events of the organisation */
};

static int
since_one(void *arg, const as_event *ev)
{
	struct since_arg *a = arg;
	as_error why[1];

	if (strcmp(ev->org, a->org) != 0)
		return 0;
	a->seen++;
	if (ev->when > a->now) {	/* not yet due: the state stands */
		if (ev->when < a->next)
			a->next = ev->when;
		return 0;
	}
	/* A correction is the history folded again without the event it
	 * corrects (or with its payload): never applied in place. */
	if (a->st == NULL || ev->data == NULL || ev->when < a->st->when ||
	    corrects(ev->type) || as_state_apply(a->st, ev, why) != 0) {
		a->rebuild = 1;
		return 1;
	}
	return 0;
}

/* The first event of org dated after the instant: next_one's answer. */
static int
next_one(void *arg, const as_event *ev)
{
	*(int64_t *)arg = ev->when;
	return 1;
}

/*
 * Brings hs (or, if NULL, nothing) up to the head h as of now: in place if
 * exclusive (no reader holds it) and what was appended since comes after
 * it, else folded again from the checkpoint into a new state. Returns the
 * state to keep (hs itself, or a new one with *fresh set), or NULL with
 * r answered.
 */
static http_state *
bring_up(http_req *r, const char *org, http_state *hs, int exclusive,
    const as_head *h, int64_t now, int64_t *seq, int64_t *next, int *fresh)
{
	as_error err[1];
	http_state *n;
	as_ledger *l;
	int rc;

	*fresh = 0;
	if ((l = http_reader(r)) == NULL)
		return NULL;
	if (hs != NULL && hs->seq <= h->seq && now < hs->next) {
		struct since_arg a = { org, exclusive ? hs->st : NULL, now,
		    hs->next, 0, 0 };
		rc = hs->seq == h->seq ? AS_OK : as_ledger_scan(l, hs->seq + 1,
		    h->seq, since_one, &a, err);
		if (rc == AS_OK && !a.rebuild && (a.seen == 0 || exclusive)) {
			http_reader_done(r->s, l);
			*seq = h->seq;
			*next = a.next;
			return hs;
		}
	}
	if ((n = calloc(1, sizeof(*n))) == NULL) {
		http_reader_done(r->s, l);
		http_nomem(r);
		return NULL;
	}
	n->refs = 1;			/* the cache's */
	n->next = AS_TIME_NEVER;
	rc = as_ledger_org_state(l, org, now, h->seq, &n->st, err);
	if (rc == AS_OK)
		rc = l->store->ops->scan_org(l->store, org, now, INT64_MAX,
		    AS_TIME_NEVER, h->seq, next_one, &n->next, err);
	http_reader_done(r->s, l);
	if (rc != AS_OK) {
		as_state_free(n->st);
		free(n);
		http_fail(r, err);
		return NULL;
	}
	*seq = h->seq;
	*next = n->next;
	*fresh = 1;
	return n;
}

/*
 * The state of org as of limit (HTTP_NOW: now, into *now), shared: see
 * http_state_now and http_state_at.
 */
static http_state *
state_get(http_req *r, const char *org, int64_t limit, int64_t *now)
{
	http_server *s = r->s;
	as_error err[1];
	http_state *hs, *held, *got;
	http_slot *slot, *pool;
	as_head h;
	int64_t seq, next, t;
	unsigned i, n, *rr;
	int rc, exclusive, fresh;

	*now = (int64_t)time(NULL);
	t = limit == HTTP_NOW ? *now : limit;
	/* The head this request's ETag names, if read already: the answer
	 * is then of the state at that head. */
	if (r->have_head) {
		h = r->head;
	} else {
		pthread_mutex_lock(&s->rdmu);
		rc = http_head_locked(s, &h, err);
		pthread_mutex_unlock(&s->rdmu);
		if (rc != AS_OK) {
			http_fail(r, err);
			return NULL;
		}
	}
	/* States as of now and as of a date have pools of their own: no
	 * number of dates asked evicts or holds up the states as of now. */
	pool = limit == HTTP_NOW ? s->slots : s->asof;
	n = limit == HTTP_NOW ? HTTP_STATE_CACHE : HTTP_ASOF_CACHE;
	rr = limit == HTTP_NOW ? &s->nslots : &s->nasof;
	pthread_mutex_lock(&s->stmu);
	for (;;) {
		slot = NULL;
		for (i = 0; i < n; i++)
			if (pool[i].org[0] != '\0' && pool[i].limit == limit &&
			    strcmp(pool[i].org, org) == 0) {
				slot = &pool[i];
				break;
			}
		hs = slot != NULL ? slot->hs : NULL;
		if (hs != NULL && hs->seq == h.seq && t < hs->next) {
			hs->refs++;
			pthread_mutex_unlock(&s->stmu);
			return hs;
		}
		if (slot != NULL && !slot->building)
			break;
		if (slot == NULL) {
			/* A free slot, else one that no request is building,
			 * else wait for one. */
			for (i = 0; i < n && pool[i].org[0]; i++)
				;
			for (unsigned k = 0; i == n && k < n; k++)
				if (!pool[(*rr + k) % n].building)
					i = (*rr + k) % n;
			if (i < n) {
				*rr = i + 1;
				slot = &pool[i];
				state_unref(slot->hs);
				slot->hs = NULL;
				snprintf(slot->org, sizeof(slot->org), "%s", org);
				slot->limit = limit;
				break;
			}
		}
		pthread_cond_wait(&s->stbuilt, &s->stmu);
	}
	slot->building = 1;
	held = slot->hs;
	exclusive = held != NULL && held->refs == 1;
	if (held != NULL)
		held->refs++;		/* ours while we work */
	pthread_mutex_unlock(&s->stmu);

	got = bring_up(r, org, held, exclusive, &h, t, &seq, &next, &fresh);

	pthread_mutex_lock(&s->stmu);
	if (got != NULL) {
		got->seq = seq;
		got->next = next;
		if (fresh) {
			state_unref(slot->hs);
			slot->hs = got;
			http_metrics_fold(limit != HTTP_NOW);
		}
		got->refs++;		/* the caller's */
	}
	state_unref(held);
	slot->building = 0;
	pthread_cond_broadcast(&s->stbuilt);
	pthread_mutex_unlock(&s->stmu);
	return got;
}

http_state *
http_state_now(http_req *r, const char *org, int64_t *now)
{
	return state_get(r, org, HTTP_NOW, now);
}

http_state *
http_state_at(http_req *r, const char *org, int64_t limit)
{
	int64_t now;

	return state_get(r, org, limit == HTTP_NOW ? HTTP_NOW + 1 : limit,
	    &now);
}

void
http_state_done(http_server *s, http_state *hs)
{
	pthread_mutex_lock(&s->stmu);
	state_unref(hs);
	pthread_mutex_unlock(&s->stmu);
}

int
http_etag_head(http_req *r, as_head *h)
{
	as_error err[1];
	char hex[2 * AS_HASH_LEN + 1];
	int rc;

	pthread_mutex_lock(&r->s->rdmu);
	rc = http_head_locked(r->s, h, err);
	pthread_mutex_unlock(&r->s->rdmu);
	if (rc != AS_OK) {
		http_fail(r, err);
		return -1;
	}
	as_hex(h->hash, AS_HASH_LEN, hex);
	snprintf(r->etag, sizeof(r->etag), "\"%s\"", hex);
	r->head = *h;
	r->have_head = 1;
	return 0;
}

/* Keeps a header or a query argument of the request in r (pointers into
 * libmicrohttpd's memory, good for the request). */
static enum MHD_Result
collect(void *arg, enum MHD_ValueKind kind, const char *k, const char *v)
{
	http_req *r = arg;

	if (http_req_add(r, kind == MHD_HEADER_KIND, k, v) == 0)
		return MHD_YES;
	r->kv_oom = 1;
	return MHD_NO;
}

#define PHASE(st)	((enum http_phase)((st) & 7))
#define SINCE(st)	((int64_t)((st) >> 3))
#define STATE(since, phase)	((uint64_t)(since) << 3 | (uint64_t)(phase))

/* Moves conn's connection to phase `to` (from any phase, or only from
 * `from` if it is >= 0), unless the watchdog has expired it. */
static void
set_phase(struct MHD_Connection *conn, enum http_phase to, int from)
{
	const union MHD_ConnectionInfo *ci;
	http_conn *hc;
	uint64_t cur, next;

	ci = MHD_get_connection_info(conn, MHD_CONNECTION_INFO_SOCKET_CONTEXT);
	if (ci == NULL || (hc = ci->socket_context) == NULL)
		return;
	next = STATE(http_now_us(), to);
	cur = atomic_load(&hc->state);
	do {
		if (PHASE(cur) == HTTP_PHASE_EXPIRED ||
		    (from >= 0 && PHASE(cur) != (enum http_phase)from))
			return;
	} while (!atomic_compare_exchange_weak(&hc->state, &cur, next));
}

/* A request line has arrived: on a kept connection, its head's deadline
 * starts (on a new one it runs from the accept). */
static void *
request_begun(void *cls, const char *uri, struct MHD_Connection *conn)
{
	(void)cls;
	(void)uri;
	set_phase(conn, HTTP_PHASE_HEAD, HTTP_PHASE_IDLE);
	return NULL;		/* access_cb makes the request's context */
}

/*
 * The watchdog: a connection whose request head (or body) has not come
 * whole within --head-timeout (--body-timeout) of its start is answered
 * 408 and closed, however slowly its bytes trickle in (libmicrohttpd's
 * own --timeout counts idle time only). Nothing else is writing to the
 * connection in those phases.
 */
static void *
watch_main(void *arg)
{
	http_server *s = arg;
	struct timespec until;
	char msg[512], body[256];
	http_conn *hc;
	int64_t now, limit;
	int n, m;

	pthread_mutex_lock(&s->connmu);
	while (s->watching) {
		now = http_now_us();
		for (hc = s->conns; hc != NULL; hc = hc->next) {
			uint64_t cur = atomic_load(&hc->state);
			enum http_phase ph = PHASE(cur);
			const char *what = ph == HTTP_PHASE_HEAD ? "head" :
			    "body";
			if (hc->fd < 0 || (ph != HTTP_PHASE_HEAD &&
			    ph != HTTP_PHASE_BODY))
				continue;
			limit = (int64_t)(ph == HTTP_PHASE_HEAD ?
			    s->lim.head_timeout : s->lim.body_timeout) * 1000000;
			/* Late, and still in that phase when taken: no answer
			 * of the server's can be on its way meanwhile. */
			if (now - SINCE(cur) < limit ||
			    !atomic_compare_exchange_strong(&hc->state, &cur,
			    STATE(SINCE(cur), HTTP_PHASE_EXPIRED)))
				continue;
			m = snprintf(body, sizeof(body), "{\"error\":\"request_"
			    "timeout\",\"detail\":\"the request %s did not "
			    "come whole within %u s (--%s-timeout)\"}\n", what,
			    (unsigned)(limit / 1000000), what);
			n = snprintf(msg, sizeof(msg), "HTTP/1.1 408 Request "
			    "Timeout\r\nContent-Type: application/json\r\n"
			    "Connection: close\r\nContent-Length: %d\r\n\r\n%s",
			    m, body);
			if (send(hc->fd, msg, (size_t)n, MSG_NOSIGNAL |
			    MSG_DONTWAIT) < 0) {
				/* the client is gone or full: closed anyway */
			}
			shutdown(hc->fd, SHUT_RDWR);
		}
		clock_gettime(CLOCK_REALTIME, &until);
		until.tv_nsec += 250 * 1000000;
		if (until.tv_nsec >= 1000000000) {
			until.tv_sec++;
			until.tv_nsec -= 1000000000;
		}
		pthread_cond_timedwait(&s->watchwake, &s->connmu, &until);
	}
	pthread_mutex_unlock(&s->connmu);
	return NULL;
}

static void
conn_notify(void *cls, struct MHD_Connection *c, void **socket_context,
    enum MHD_ConnectionNotificationCode code)
{
	http_server *s = cls;
	const union MHD_ConnectionInfo *ci;
	http_conn *hc;
	size_t i, free_slot = IPS_MAX;

	if (code == MHD_CONNECTION_NOTIFY_STARTED) {
		if ((hc = calloc(1, sizeof(*hc))) == NULL)
			return;
		ci = MHD_get_connection_info(c, MHD_CONNECTION_INFO_CLIENT_ADDRESS);
		if (ci != NULL && ci->client_addr->sa_family == AF_INET)
			inet_ntop(AF_INET, &((struct sockaddr_in *)
			    (void *)ci->client_addr)->sin_addr, hc->ip,
			    sizeof(hc->ip));
		else if (ci != NULL && ci->client_addr->sa_family == AF_INET6)
			inet_ntop(AF_INET6, &((struct sockaddr_in6 *)
			    (void *)ci->client_addr)->sin6_addr, hc->ip,
			    sizeof(hc->ip));
		ci = MHD_get_connection_info(c, MHD_CONNECTION_INFO_CONNECTION_FD);
		hc->fd = ci != NULL ? ci->connect_fd : -1;
		atomic_init(&hc->state, STATE(http_now_us(), HTTP_PHASE_HEAD));
		pthread_mutex_lock(&s->connmu);
		if ((hc->next = s->conns) != NULL)
			hc->next->prev = hc;
		s->conns = hc;
		s->nconn++;
		for (i = 0; i < IPS_MAX; i++) {
			if (ips[i].n > 0 && strcmp(ips[i].ip, hc->ip) == 0)
				break;
			if (ips[i].n == 0 && free_slot == IPS_MAX)
				free_slot = i;
		}
		if (i == IPS_MAX && (i = free_slot) < IPS_MAX)
			snprintf(ips[i].ip, sizeof(ips[i].ip), "%s", hc->ip);
		if (i < IPS_MAX)
			ips[i].n++;
		if (s->nconn > s->lim.conn_max)
			hc->over = 503;
		else if (i == IPS_MAX || ips[i].n > s->lim.per_ip)
			hc->over = 429;
		pthread_mutex_unlock(&s->connmu);
		*socket_context = hc;
		return;
	}
	if ((hc = *socket_context) == NULL)
		return;
	pthread_mutex_lock(&s->connmu);
	if (hc->prev != NULL)
		hc->prev->next = hc->next;
	else
		s->conns = hc->next;
	if (hc->next != NULL)
		hc->next->prev = hc->prev;
	s->nconn--;
	for (i = 0; i < IPS_MAX; i++)
		if (ips[i].n > 0 && strcmp(ips[i].ip, hc->ip) == 0) {
			ips[i].n--;
			break;
		}
	pthread_mutex_unlock(&s->connmu);
	free(hc);
	*socket_context = NULL;
}

/*
 * URLs and query arguments are decoded except for control bytes, which
 * stay escaped ("%00"), so that no path or argument is cut short or
 * carries one: a path that holds one is refused (has_control).
 */
static int
hexval(char c)
{
	return c >= '0' && c <= '9' ? c - '0' : c >= 'a' && c <= 'f' ?
	    c - 'a' + 10 : c >= 'A' && c <= 'F' ? c - 'A' + 10 : -1;
}

static size_t
unescape(void *cls, struct MHD_Connection *c, char *s)
{
	char *w = s;

	(void)cls;
	(void)c;
	for (const char *p = s; *p; p++) {
		int hi, lo;
		if (*p == '%' && (hi = hexval(p[1])) >= 0 &&
		    (lo = hexval(p[2])) >= 0 && (hi * 16 + lo) >= 0x20 &&
		    hi * 16 + lo != 0x7f) {
			*w++ = (char)(hi * 16 + lo);
			p += 2;
		} else {
			*w++ = *p;
		}
	}
	*w = '\0';
	return (size_t)(w - s);
}

/* Whether s holds an escaped control byte (left so by unescape). */
static int
has_control(const char *s)
{
	for (; (s = strchr(s, '%')) != NULL; s++) {
		int hi = hexval(s[1]), lo = hi >= 0 ? hexval(s[2]) : -1;
		if (lo >= 0 && (hi * 16 + lo < 0x20 || hi * 16 + lo == 0x7f))
			return 1;
	}
	return 0;
}

/*
 * The first call for a request: the connection's limits, then the
 * request's headers and arguments kept, then http_req_check. Returns 1
 * to read the body, 0 if r is answered.
 */
static int
first(http_req *r)
{
	http_server *s = r->s;
	const union MHD_ConnectionInfo *ci;
	const http_conn *hc;

	ci = MHD_get_connection_info(r->conn, MHD_CONNECTION_INFO_SOCKET_CONTEXT);
	hc = ci ? ci->socket_context : NULL;
	if (hc != NULL)
		snprintf(r->ip, sizeof(r->ip), "%s", hc->ip);
	if (hc != NULL && hc->over != 0) {
		r->close = 1;
		if (hc->over == 503)
			http_error(r, 503, "too_many_connections", "the server "
			    "has %u connections, its limit (--max-connections)",
			    s->lim.conn_max);
		else
			http_error(r, 429, "too_many_connections_from_address",
			    "%s has %u connections, the limit (--max-per-ip)",
			    r->ip, s->lim.per_ip);
		return 0;
	}
	if (MHD_get_connection_values(r->conn, MHD_HEADER_KIND, collect, r) <
	    0 || MHD_get_connection_values(r->conn, MHD_GET_ARGUMENT_KIND,
	    collect, r) < 0 || r->kv_oom) {
		r->close = 1;
		http_error(r, 503, "unavailable", "out of memory for the "
		    "headers: try again later");
		return 0;
	}
	return http_req_check(r);
}

int
http_req_check(http_req *r)
{
	http_server *s = r->s;
	const char *allow, *cl;
	size_t hbytes = strlen(r->url) + strlen(r->method) + 12;
	int nargs = 0;

	r->misses0 = as_alloc_misses();

	/* The query string is part of the request line. */
	for (size_t i = 0; i < r->nkv; i++) {
		hbytes += strlen(r->kv[i].key) + (r->kv[i].value ?
		    strlen(r->kv[i].value) : 0) + 4;
		nargs += !r->kv[i].header;
	}
	if (hbytes > s->lim.header_max) {
		r->close = 1;
		http_error(r, 431, "headers_too_large", "the request line and "
		    "headers take %zu bytes, over the limit of %zu "
		    "(--max-header)", hbytes, s->lim.header_max);
		return 0;
	}
	if (nargs > HTTP_QUERY_MAX) {
		http_error(r, 400, "bad_request", "the query has %d arguments, "
		    "over the limit of %d", nargs, HTTP_QUERY_MAX);
		return 0;
	}
	if (has_control(r->url)) {
		http_error(r, 400, "bad_request", "the path holds an encoded "
		    "control byte");
		return 0;
	}
	if ((r->rt = http_route_match(r->method, r->path, r->param, &r->route,
	    &allow)) == NULL) {
		if (allow != NULL) {
			r->allow = allow;
			http_error(r, 405, "method_not_allowed", "%s takes %s, "
			    "not %s", r->url, allow, r->method);
		} else {
			http_error(r, 404, "not_found", "no route %s %s",
			    r->method, r->url);
		}
		return 0;
	}
	if (http_auth(r) != 0)
		return 0;
	if (strcmp(r->method, "POST") != 0)
		return 1;
	cl = http_header(r, MHD_HTTP_HEADER_CONTENT_LENGTH);
	if (cl != NULL && strtoull(cl, NULL, 10) > s->lim.body_max) {
		r->close = 1;
		http_error(r, 413, "body_too_large", "the body has %s bytes, "
		    "over the limit of %zu (--max-body)", cl, s->lim.body_max);
		return 0;
	}
	{
		const char *ct = http_header(r, MHD_HTTP_HEADER_CONTENT_TYPE);
		/* The media type exactly, parameters allowed after it. */
		if (ct == NULL || strncasecmp(ct, "application/json", 16) != 0 ||
		    (ct[16] != '\0' && ct[16] != ';' && ct[16] != ' ' &&
		    ct[16] != '\t')) {
			r->close = 1;
			http_error(r, 415, "unsupported_media_type",
			    "Content-Type: expected application/json, got %s",
			    ct ? ct : "none");
			return 0;
		}
	}
	return 1;
}

/* Appends a piece of the body, up to the limit. */
static void
take_body(http_req *r, const char *data, size_t n)
{
	if (r->too_big || n > r->s->lim.body_max - r->body.len) {
		r->too_big = 1;
		return;
	}
	as_text_put(&r->body, data, n);
}

static enum MHD_Result
send_reply(http_req *r)
{
	struct MHD_Response *resp = r->resp;
	enum MHD_Result ret;

	if (resp == NULL) {
		if (r->status == 0)
			http_error(r, 500, "internal", "no answer");
		resp = MHD_create_response_from_buffer(r->outlen, r->out,
		    r->out_static ? MHD_RESPMEM_PERSISTENT :
		    MHD_RESPMEM_MUST_FREE);
		if (resp == NULL)
			return MHD_NO;
		r->out = NULL;	/* the response owns it */
		if (r->ctype != NULL)
			MHD_add_response_header(resp,
			    MHD_HTTP_HEADER_CONTENT_TYPE, r->ctype);
	}
	if (r->etag[0])
		MHD_add_response_header(resp, MHD_HTTP_HEADER_ETAG, r->etag);
	if (r->allow != NULL)
		MHD_add_response_header(resp, MHD_HTTP_HEADER_ALLOW, r->allow);
	if (r->replayed)
		MHD_add_response_header(resp, "Idempotent-Replayed", "true");
	if (r->retry_after > 0) {
		char secs[16];
		snprintf(secs, sizeof(secs), "%u", r->retry_after);
		MHD_add_response_header(resp, MHD_HTTP_HEADER_RETRY_AFTER, secs);
	}
	if (r->status == 401)
		MHD_add_response_header(resp, MHD_HTTP_HEADER_WWW_AUTHENTICATE,
		    "Bearer");
	if (r->close)
		MHD_add_response_header(resp, MHD_HTTP_HEADER_CONNECTION,
		    "close");
	MHD_add_response_header(resp, MHD_HTTP_HEADER_CACHE_CONTROL, "no-store");
	ret = MHD_queue_response(r->conn, r->status, resp);
	MHD_destroy_response(resp);
	r->resp = NULL;
	return ret;
}

static enum MHD_Result
access_cb(void *cls, struct MHD_Connection *conn, const char *url,
    const char *method, const char *version, const char *upload,
    size_t *upload_size, void **con_cls)
{
	http_server *s = cls;
	http_req *r = *con_cls;

	(void)version;
	if (r == NULL) {
		if ((r = calloc(1, sizeof(*r))) == NULL ||
		    (r->path = strdup(url)) == NULL) {
			free(r);
			return MHD_NO;
		}
		r->s = s;
		r->conn = conn;
		r->method = method;
		r->url = url;
		r->route = -1;
		r->t0 = http_now_us();
		*con_cls = r;
		pthread_mutex_lock(&s->connmu);
		s->inflight++;
		pthread_mutex_unlock(&s->connmu);
		/* The head is in: a POST's body has its own deadline. */
		set_phase(conn, HTTP_PHASE_SERVED, -1);
		if (!first(r))
			return send_reply(r);
		r->first_done = 1;
		if (strcmp(method, "POST") == 0)
			set_phase(conn, HTTP_PHASE_BODY, -1);
		return MHD_YES;
	}
	if (*upload_size > 0) {
		take_body(r, upload, *upload_size);
		*upload_size = 0;
		return MHD_YES;
	}
	if (r->status != 0)
		return MHD_YES;		/* answered already */
	set_phase(conn, HTTP_PHASE_SERVED, -1);
	http_req_run(r);
	return send_reply(r);
}

void
http_req_body(http_req *r, const char *data, size_t n)
{
	take_body(r, data, n);
}

void
http_req_run(http_req *r)
{
	if (r->too_big) {
		r->close = 1;
		http_error(r, 413, "body_too_large", "the body is over the "
		    "limit of %zu bytes (--max-body)", r->s->lim.body_max);
	} else if (r->body.oom) {
		r->close = 1;
		http_error(r, 503, "unavailable", "out of memory for the "
		    "body: try again later");
	} else {
		r->rt->fn(r);
	}
}

void
http_req_free(http_req *r)
{
	if (r->out != NULL && !r->out_static)
		free(r->out);
	if (r->resp != NULL)
		MHD_destroy_response(r->resp);
	as_text_free(&r->body);
	free(r->kv);
	free(r->path);
	sodium_memzero(r->token, sizeof(r->token));
	free(r);
}

/* One log line per request, and its metrics. */
static void
completed(void *cls, struct MHD_Connection *conn, void **con_cls,
    enum MHD_RequestTerminationCode toe)
{
	http_server *s = cls;
	http_req *r = *con_cls;
	int64_t us;

	set_phase(conn, HTTP_PHASE_IDLE, -1);
	if (r == NULL)
		return;
	us = http_now_us() - r->t0;
	http_metrics_request(r->route, r->status, us);
	if (!s->quiet) {
		char line[1024], when[AS_DATE_MAX];
		json_t *j;
		char *path;
		as_date_format(r->t0 / 1000000, 1, when);
		j = json_pack("{s:s,s:s,s:s,s:s,s:s?,s:i,s:I,s:s?,s:s?,s:b}",
		    "ts", when, "ip", r->ip, "method", r->method, "path",
		    r->url, "route", r->rt ? r->rt->path : NULL, "status",
		    (int)r->status, "us", (json_int_t)us, "principal",
		    r->authed ? r->who.name : NULL, "role", r->authed ?
		    as_role_name(r->who.role) : NULL, "completed",
		    toe == MHD_REQUEST_TERMINATED_COMPLETED_OK);
		path = as_json_write(j, JSON_COMPACT | JSON_PRESERVE_ORDER,
		    NULL);
		if (path != NULL) {
			int n = snprintf(line, sizeof(line), "%s\n", path);
			/* A lost log line cannot be reported anywhere else. */
			if (n > 0 && (size_t)n < sizeof(line) &&
			    write(STDERR_FILENO, line, (size_t)n) < 0)
				r->close = 1;
		}
		free(path);
		json_decref(j);
	}
	http_req_free(r);
	*con_cls = NULL;
	pthread_mutex_lock(&s->connmu);
	s->inflight--;
	if (s->inflight == 0)
		pthread_cond_broadcast(&s->drained);
	pthread_mutex_unlock(&s->connmu);
}

/*
 * The listener (PostgreSQL): a connection of its own waits for the
 * notification every commit sends, of any process on any host, and
 * wakes this server's streams, which read what is new from the table.
 * A lost connection is made again; the wait after it wakes the streams
 * too (what came meanwhile is read back the same way).
 */
static void *
listen_main(void *arg)
{
	http_server *s = arg;
	as_error err[1];
	int rc, stop;

	for (;;) {
		pthread_mutex_lock(&s->evmu);
		stop = s->stopping;
		pthread_mutex_unlock(&s->evmu);
		if (stop)
			break;
		if ((rc = as_ledger_wait_commit(s->lis, 1000, err)) == 1)
			http_events_notify(s);
		else if (rc < 0)
			sleep(1);	/* the database is away: try again */
	}
	return NULL;
}

static void
close_all(http_server *s)
{
	pthread_mutex_lock(&s->connmu);
	if (s->watching) {
		s->watching = 0;
		pthread_cond_broadcast(&s->watchwake);
		pthread_mutex_unlock(&s->connmu);
		pthread_join(s->watchdog, NULL);
	} else {
		pthread_mutex_unlock(&s->connmu);
	}
	if (s->listening) {
		pthread_mutex_lock(&s->evmu);
		s->stopping = 1;
		pthread_mutex_unlock(&s->evmu);
		pthread_join(s->listener, NULL);
	}
	as_ledger_close(s->lis);
	as_committer_stop(s->com);
	as_ledger_close(s->wr);
	for (size_t i = 0; i < s->npool; i++)
		as_ledger_close(s->pool[i]);
	free(s->pool);
	as_tokens_close(s->tok);
	for (size_t i = 0; i < HTTP_STATE_CACHE; i++)
		state_unref(s->slots[i].hs);
	for (size_t i = 0; i < HTTP_ASOF_CACHE; i++)
		state_unref(s->asof[i].hs);
	pthread_cond_destroy(&s->stbuilt);
	pthread_mutex_destroy(&s->poolmu);
	pthread_mutex_destroy(&s->rdmu);
	pthread_mutex_destroy(&s->stmu);
	pthread_mutex_destroy(&s->evmu);
	pthread_cond_destroy(&s->evcond);
	pthread_mutex_destroy(&s->connmu);
	pthread_cond_destroy(&s->drained);
	pthread_cond_destroy(&s->watchwake);
	pthread_mutex_destroy(&s->idmu);
	for (size_t i = 0; i < HTTP_VIEW_CACHE; i++)
		free(s->vcache[i].text);
	pthread_mutex_destroy(&s->vcmu);
	free(s->db);
	free(s);
}

/*
 * Verifies the chain and the checkpoints before anything is served: a
 * ledger that does not verify is refused, naming the first bad event.
 * 0, or -1 with err set.
 */
static int
verify_first(http_server *s, as_error *err)
{
	as_error why[1];
	as_ledger *l;
	int64_t t0 = http_now_us();
	int rc;

	if ((l = as_ledger_open(s->db, 0, err, NULL)) == NULL)
		return -1;
	rc = as_ledger_verify(l, &s->verified, why);
	if (rc == AS_OK)
		http_reader_done(s, l);
	else
		as_ledger_close(l);
	s->verify_ms = (http_now_us() - t0) / 1000;
	if (rc != AS_OK)
		return as_wrap(err, why, "verifying the ledger");
	if (!s->verified.ok)
		return as_fail(err, AS_EBROKEN,
		    "the ledger does not verify, so it "
		    "is not served: %s (see 'assent verify')",
		    s->verified.why->msg);
	return 0;
}

http_server *
http_server_open(const char *db, const http_limits *lim, int quiet,
    as_error *err)
{
	http_server *s;
	as_ledger *l;

	if (http_routes_init() != 0) {
		as_fail(err, AS_ELIMIT, "too many routes");
		return NULL;
	}
	/* The ledger is made by the first write; the server makes it. */
	if ((l = as_ledger_open(db, 1, err, NULL)) == NULL)
		return NULL;
	as_ledger_close(l);
	if ((s = calloc(1, sizeof(*s))) == NULL ||
	    (s->db = strdup(db)) == NULL) {
		free(s);
		as_nomem(err, NULL);
		return NULL;
	}
	s->lim = *lim;
	s->quiet = quiet;
	pthread_mutex_init(&s->poolmu, NULL);
	pthread_mutex_init(&s->rdmu, NULL);
	pthread_mutex_init(&s->stmu, NULL);
	pthread_cond_init(&s->stbuilt, NULL);
	pthread_mutex_init(&s->evmu, NULL);
	pthread_cond_init(&s->evcond, NULL);
	pthread_mutex_init(&s->connmu, NULL);
	pthread_cond_init(&s->drained, NULL);
	pthread_cond_init(&s->watchwake, NULL);
	pthread_mutex_init(&s->idmu, NULL);
	pthread_mutex_init(&s->vcmu, NULL);
	if (verify_first(s, err) != 0 ||
	    (s->tok = as_tokens_open(db, err)) == NULL ||
	    (s->wr = as_ledger_open(db, 0, err, NULL)) == NULL ||
	    (s->com = as_committer_start(s->wr, err)) == NULL) {
		if (err->msg[0] == '\0')
			as_nomem(err, NULL);
		close_all(s);
		return NULL;
	}
	/* A client of the API retries a keyed write safely (api_write.c). */
	as_ledger_advise(s->wr, "retry it with its Idempotency-Key");
	if (as_store_is_pg(db)) {
		if ((s->lis = as_ledger_open(db, 0, err, NULL)) == NULL ||
		    pthread_create(&s->listener, NULL, listen_main, s) != 0) {
			if (s->lis != NULL)
				as_fail(err, AS_ESTORE,
				    "cannot start the listener thread");
			close_all(s);
			return NULL;
		}
		s->listening = 1;
	}
	return s;
}

void
http_server_close(http_server *s)
{
	if (s != NULL)
		close_all(s);
}

http_server *
http_server_start(const char *db, const char *addr, uint16_t port,
    const http_limits *lim, int quiet, as_error *err)
{
	struct sockaddr_storage ss;
	struct sockaddr_in *sin = (struct sockaddr_in *)&ss;
	struct sockaddr_in6 *sin6 = (struct sockaddr_in6 *)&ss;
	const union MHD_DaemonInfo *di;
	http_server *s;
	unsigned flags = MHD_USE_THREAD_PER_CONNECTION |
	    MHD_USE_INTERNAL_POLLING_THREAD | MHD_USE_ITC;

	memset(&ss, 0, sizeof(ss));
	if (inet_pton(AF_INET, addr, &sin->sin_addr) == 1) {
		sin->sin_family = AF_INET;
		sin->sin_port = htons(port);
	} else if (inet_pton(AF_INET6, addr, &sin6->sin6_addr) == 1) {
		sin6->sin6_family = AF_INET6;
		sin6->sin6_port = htons(port);
		flags |= MHD_USE_IPv6;
	} else {
		as_err(err, "--listen: '%s' is not an IP address", addr);
		return NULL;
	}
	if ((s = http_server_open(db, lim, quiet, err)) == NULL)
		return NULL;
	s->d = MHD_start_daemon(flags, port, NULL, NULL, access_cb, s,
	    MHD_OPTION_SOCK_ADDR, (struct sockaddr *)&ss,
	    MHD_OPTION_CONNECTION_LIMIT, lim->conn_max + CONN_SLACK,
	    MHD_OPTION_CONNECTION_TIMEOUT, lim->timeout,
	    MHD_OPTION_CONNECTION_MEMORY_LIMIT,
	    (size_t)CONN_MEMORY(lim->header_max),
	    MHD_OPTION_NOTIFY_COMPLETED, completed, s,
	    MHD_OPTION_NOTIFY_CONNECTION, conn_notify, s,
	    MHD_OPTION_UNESCAPE_CALLBACK, unescape, s,
	    /* Every connection of an address counts from its accept, while
	     * its headers are still coming: one address can hold no more
	     * than this many slots (over --max-per-ip, still answered 429,
	     * up to the slack). */
	    MHD_OPTION_PER_IP_CONNECTION_LIMIT, lim->per_ip + CONN_SLACK,
	    MHD_OPTION_URI_LOG_CALLBACK, request_begun, s,
	    MHD_OPTION_END);
	if (s->d == NULL) {
		as_err(err, "--listen: cannot listen on %s port %u: %s", addr,
		    (unsigned)port, strerror(errno));
		close_all(s);
		return NULL;
	}
	s->watching = 1;
	if (pthread_create(&s->watchdog, NULL, watch_main, s) != 0) {
		s->watching = 0;
		MHD_stop_daemon(s->d);
		as_fail(err, AS_ESTORE, "cannot start the watchdog thread");
		close_all(s);
		return NULL;
	}
	di = MHD_get_daemon_info(s->d, MHD_DAEMON_INFO_BIND_PORT);
	s->port = di ? di->port : port;
	return s;
}

void
http_server_stop(http_server *s)
{
	struct timespec until;
	MHD_socket fd;

	if (s == NULL)
		return;
	/* No new connection; the streams end; the requests finish. */
	fd = MHD_quiesce_daemon(s->d);
	if (fd != MHD_INVALID_SOCKET)
		close(fd);
	pthread_mutex_lock(&s->evmu);
	s->stopping = 1;
	pthread_cond_broadcast(&s->evcond);
	pthread_mutex_unlock(&s->evmu);
	clock_gettime(CLOCK_REALTIME, &until);
	until.tv_sec += HTTP_DRAIN_MAX;
	pthread_mutex_lock(&s->connmu);
	while (s->inflight > 0 &&
	    pthread_cond_timedwait(&s->drained, &s->connmu, &until) == 0)
		;
	pthread_mutex_unlock(&s->connmu);
	MHD_stop_daemon(s->d);
	close_all(s);
}
