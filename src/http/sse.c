/*
 * Live updates: GET /v1/orgs/{org}/stream answers Server-Sent Events,
 * one per new event concerning the organisation ("id:" its seq, "event:"
 * its type, "data:" the chained event as JSON). A client resumes with
 * Last-Event-ID (or ?last_event_id=): the events after that seq come
 * first. A browser's EventSource cannot set headers, so this route also
 * takes the token as ?access_token=. Each stream holds its connection's
 * thread; it wakes on every append by this server, and checks the
 * ledger at every keep-alive (other processes may append).
 */
#include "http/http.h"

#include <errno.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <time.h>

#include <sodium.h>

#include "core/casefile.h"
#include "core/json_write.h"

#define SSE_BATCH	64		/* events read per scan */
#define SSE_KEEPALIVE	15		/* seconds between comments, at most */

typedef struct stream {
	http_server	*s;
	char		 org[AS_ID_MAX + 1];
	int64_t		 after;		/* the last seq sent or skipped */
	char		*buf;		/* what is left to send */
	size_t		 len, off;
	unsigned	 keepalive;
	char		 token[AS_TOKEN_MAX];	/* the reader's, checked */
} stream;

struct scan_arg {
	stream		*st;
	json_t		*out;		/* the lines, as strings */
	int		 n;
};

static int
scan_one(void *arg, const as_event *ev)
{
	struct scan_arg *a = arg;
	json_t *j;
	char *s;

	a->st->after = ev->seq;
	if (ev->data == NULL)
		return ++a->n >= SSE_BATCH;
	/* Each event is in its own organisation's stream only. */
	if (strcmp(ev->org, a->st->org) == 0 &&
	    (j = as_event_json(ev, 1)) != NULL) {
		s = as_json_write(j, JSON_COMPACT | JSON_PRESERVE_ORDER, NULL);
		json_decref(j);
		if (s != NULL) {
			json_array_append_new(a->out, json_sprintf("id: %lld\n"
			    "event: %s\ndata: %s\n\n", (long long)ev->seq,
			    ev->type, s));
			free(s);
		}
	}
	return ++a->n >= SSE_BATCH;
}

/*
 * Reads the next events into st->buf (what was there has been sent): 0;
 * 1 if the database is out of reach now (nothing read: the stream stays
 * open and reads again later, from where it was: a failover, a restart);
 * or -1 on any other store error.
 */
static int
fill(stream *st)
{
	http_server *s = st->s;
	struct scan_arg a = { st, json_array(), 0 };
	as_error err[1];
	size_t i, len = 0;
	json_t *v;
	http_req fake;
	as_ledger *l;
	int rc;

	free(st->buf);
	st->buf = NULL;
	st->len = st->off = 0;
	memset(&fake, 0, sizeof(fake));
	fake.s = s;
	if ((l = http_reader(&fake)) == NULL) {
		free(fake.out);
		json_decref(a.out);
		return fake.status == 503 ? 1 : -1;
	}
	/* Batch after batch until one holds an event of the organisation
	 * or the head is reached: a resume never waits for a keep-alive
	 * between batches of other organisations' events. */
	do {
		a.n = 0;
		rc = as_ledger_scan(l, st->after + 1, AS_SEQ_END, scan_one, &a,
		    err);
	} while (rc == AS_OK && a.n >= SSE_BATCH && json_array_size(a.out) == 0);
	http_reader_done(s, l);
	if (rc != AS_OK) {
		json_decref(a.out);
		return rc == AS_EUNAVAIL ? 1 : -1;
	}
	json_array_foreach(a.out, i, v)
		len += json_string_length(v);
	if (len > 0 && (st->buf = malloc(len)) != NULL) {
		json_array_foreach(a.out, i, v) {
			memcpy(st->buf + st->len, json_string_value(v),
			    json_string_length(v));
			st->len += json_string_length(v);
		}
	}
	json_decref(a.out);
	return 0;
}

static ssize_t
reader(void *cls, uint64_t pos, char *out, size_t max)
{
	stream *st = cls;
	http_server *s = st->s;
	struct timespec until;
	size_t n;
	int live;

	(void)pos;
	for (;;) {
		if (st->off < st->len) {
			n = st->len - st->off < max ? st->len - st->off : max;
			memcpy(out, st->buf + st->off, n);
			st->off += n;
			return (ssize_t)n;
		}
		pthread_mutex_lock(&s->evmu);
		if (s->stopping) {
			pthread_mutex_unlock(&s->evmu);
			return MHD_CONTENT_READER_END_OF_STREAM;
		}
		pthread_mutex_unlock(&s->evmu);
		if (fill(st) < 0)
			return MHD_CONTENT_READER_END_WITH_ERROR;
		if (st->len > 0)
			continue;
		/* Nothing new (or the database out of reach): wait for an
		 * append here, a second at a time: each second the token is
		 * checked (a revocation ends the stream at once; a check the
		 * database cannot answer now does not) and the ledger read
		 * (another process may have appended); a comment at the
		 * keep-alive. */
		for (unsigned waited = 0;; waited++) {
			clock_gettime(CLOCK_REALTIME, &until);
			until.tv_sec += 1;
			pthread_mutex_lock(&s->evmu);
			int woke = s->stopping ? 1 :
			    pthread_cond_timedwait(&s->evcond, &s->evmu,
			    &until) == 0;
			pthread_mutex_unlock(&s->evmu);
			live = http_token_live(s, st->token);
			if (live != 1 && live != AS_EUNAVAIL)
				return MHD_CONTENT_READER_END_OF_STREAM;
			if (woke || waited + 1 >= st->keepalive)
				break;
			if (fill(st) < 0)
				return MHD_CONTENT_READER_END_WITH_ERROR;
			if (st->len > 0)
				break;
		}
		if (st->len > 0)
			continue;
		if (fill(st) < 0)
			return MHD_CONTENT_READER_END_WITH_ERROR;
		if (st->len > 0)
			continue;
		n = strlen(": keep-alive\n");
		if (n > max)
			return 0;
		memcpy(out, ": keep-alive\n", n);
		return (ssize_t)n;
	}
}

static void
stream_free(void *cls)
{
	stream *st = cls;

	free(st->buf);
	sodium_memzero(st->token, sizeof(st->token));
	free(st);
	http_metrics_streams(-1);
}

void
http_events_notify(http_server *s)
{
	pthread_mutex_lock(&s->evmu);
	pthread_cond_broadcast(&s->evcond);
	pthread_mutex_unlock(&s->evmu);
}

void
api_stream(http_req *r)
{
	const char *last = http_header(r, "Last-Event-ID");
	as_error err[1];
	char org[AS_ID_MAX + 1];
	as_ledger *l;
	stream *st;
	char *end;
	int known;

	if (last == NULL)
		last = http_query(r, "last_event_id");
	if (!as_is_id(r->param[0]))
		known = 0;
	else if ((l = http_reader(r)) == NULL)
		return;
	else {
		known = as_ledger_name(l, AS_NAME_ORG, r->param[0], org, err);
		http_reader_done(r->s, l);
		if (known < 0) {
			http_fail(r, err);
			return;
		}
	}
	if (!known) {
		http_error(r, 404, "not_found", "no organisation '%s'",
		    r->param[0]);
		return;
	}
	if ((st = calloc(1, sizeof(*st))) == NULL) {
		http_nomem(r);
		return;
	}
	st->s = r->s;
	snprintf(st->org, sizeof(st->org), "%s", r->param[0]);
	memcpy(st->token, r->token, sizeof(st->token));
	st->keepalive = r->s->lim.timeout / 2 > 0 ? r->s->lim.timeout / 2 : 1;
	if (st->keepalive > SSE_KEEPALIVE)
		st->keepalive = SSE_KEEPALIVE;
	if (last != NULL) {
		as_head h;
		long long v;
		errno = 0;
		v = strtoll(last, &end, 10);
		if (http_etag_head(r, &h) != 0) {
			free(st);
			return;
		}
		/* A seq of this ledger: 0 (from the start) to the head. */
		if (*last == '\0' || *end != '\0' || errno == ERANGE || v < 0 ||
		    v > h.seq) {
			free(st);
			http_error(r, 400, "bad_request", "Last-Event-ID: '%.40s' "
			    "is not a seq of this ledger (0 to %lld)", last,
			    (long long)h.seq);
			return;
		}
		st->after = v;
	} else {
		as_head h;
		if (http_etag_head(r, &h) != 0) {
			free(st);
			return;
		}
		st->after = h.seq;	/* new events only */
	}
	r->resp = MHD_create_response_from_callback(MHD_SIZE_UNKNOWN, 4096,
	    reader, st, stream_free);
	if (r->resp == NULL) {
		free(st);	/* not counted yet */
		http_nomem(r);
		return;
	}
	http_metrics_streams(1);
	MHD_add_response_header(r->resp, MHD_HTTP_HEADER_CONTENT_TYPE,
	    "text/event-stream");
	r->status = 200;
}
