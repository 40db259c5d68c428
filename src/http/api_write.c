/*
 * The write routes: one per event type. The body is the event as in a
 * case file, without its type: {"date": "2024-06-18", "data": {...}}.
 * It goes through the same checks as the CLI's (the type's schema, then
 * the fold, in the group committer), with the principal as the event's
 * actor. If-Match makes the write conditional on the head; an
 * Idempotency-Key makes a retry return the first answer.
 */
#include "http/http.h"

#include <stdlib.h>
#include <string.h>
#include <time.h>

#include <sodium.h>

#include "core/casefile.h"
#include "core/chain.h"
#include "core/scope.h"

/*
 * Marks principal's key as being written, so that a concurrent retry
 * waits for no one and is told 409. Returns the slot, or -1 answered.
 */
static int
idem_claim(http_req *r, const char *key)
{
	http_server *s = r->s;
	size_t n = strlen(r->who.name) + strlen(key) + 2;
	int slot = -1;
	char *k;

	if ((k = malloc(n)) == NULL) {
		http_nomem(r);
		return -1;
	}
	snprintf(k, n, "%s\n%s", r->who.name, key);
	pthread_mutex_lock(&s->idmu);
	for (int i = 0; i < HTTP_IDEM_INFLIGHT_MAX; i++) {
		if (s->idem[i] != NULL && strcmp(s->idem[i], k) == 0) {
			pthread_mutex_unlock(&s->idmu);
			free(k);
			http_error(r, 409, "in_progress", "Idempotency-Key: a "
			    "request with the key '%s' is being recorded", key);
			return -1;
		}
		if (s->idem[i] == NULL && slot < 0)
			slot = i;
	}
	if (slot >= 0)
		s->idem[slot] = k;
	pthread_mutex_unlock(&s->idmu);
	if (slot < 0) {
		free(k);
		http_error(r, 503, "busy", "too many keyed writes in flight "
		    "(%d)", HTTP_IDEM_INFLIGHT_MAX);
	}
	return slot;
}

static void
idem_release(http_server *s, int slot)
{
	if (slot < 0)
		return;
	pthread_mutex_lock(&s->idmu);
	free(s->idem[slot]);
	s->idem[slot] = NULL;
	pthread_mutex_unlock(&s->idmu);
}

/* The event seq as it was recorded: the answer to a write. */
struct one_arg {
	json_t	*j;
};

static int
take_one(void *arg, const as_event *ev)
{
	struct one_arg *a = arg;

	if (ev->data != NULL)
		a->j = as_event_json(ev, 1);
	return 1;
}

/*
 * Answers a retry: the first answer, rebuilt from the event it recorded
 * (a write's answer is that event), with that event's hash as the ETag,
 * as the first answer had.
 */
static void
replay(http_req *r, int64_t seq)
{
	struct one_arg a = { NULL };
	as_error err[1];
	char hex[2 * AS_HASH_LEN + 1];
	as_ledger *l;
	json_t *h;
	int rc;

	if ((l = http_reader(r)) == NULL)
		return;
	rc = as_ledger_scan(l, seq, seq, take_one, &a, err);
	http_reader_done(r->s, l);
	if (rc != AS_OK || a.j == NULL) {
		json_decref(a.j);
		if (rc != AS_OK)
			http_fail(r, err);
		else
			http_error(r, 500, "store", "event %lld of key: "
			    "unreadable", (long long)seq);
		return;
	}
	if ((h = json_object_get(a.j, "hash")) != NULL) {
		snprintf(hex, sizeof(hex), "%s", json_string_value(h));
		snprintf(r->etag, sizeof(r->etag), "\"%s\"", hex);
	}
	r->replayed = 1;
	http_json(r, 201, a.j);
}

/* Parses If-Match into the head hash expected: 1 given, 0 not or "*",
 * -1 answered with 400. */
static int
if_match(http_req *r, uint8_t expect[AS_HASH_LEN])
{
	const char *h = http_header(r, MHD_HTTP_HEADER_IF_MATCH);
	char hex[2 * AS_HASH_LEN + 1];
	size_t n;

	if (h == NULL || strcmp(h, "*") == 0)
		return 0;
	if (strncmp(h, "W/", 2) == 0)
		h += 2;
	n = strlen(h);
	if (n >= 2 && h[0] == '"' && h[n - 1] == '"') {
		h++;
		n -= 2;
	}
	if (n != 2 * AS_HASH_LEN) {
		http_error(r, 400, "bad_request", "If-Match: expected the "
		    "ETag of the ledger's head (a quoted SHA-256 in hex)");
		return -1;
	}
	memcpy(hex, h, n);
	hex[n] = '\0';
	if (as_unhex(hex, expect, AS_HASH_LEN) != 0) {
		http_error(r, 400, "bad_request", "If-Match: '%s' is not hex",
		    hex);
		return -1;
	}
	return 1;
}

/* Whether key is acceptable: 1 to AS_IDEM_KEY_MAX visible ASCII. */
static int
good_key(const char *key)
{
	size_t n = strlen(key);

	if (n == 0 || n > AS_IDEM_KEY_MAX)
		return 0;
	for (; *key; key++)
		if (*key < 0x21 || *key > 0x7e)
			return 0;
	return 1;
}

/*
 * Parses and checks the body against the route's event type. Returns
 * the payload (a new reference) and date ("" if not given), or NULL
 * answered with 400.
 */
static json_t *
parse_body(http_req *r, char date[AS_DATE_MAX])
{
	const as_event_type *t = r->rt->type;
	as_error err[1];
	json_error_t je;
	json_t *body, *data, *d;
	const char *k;
	json_t *v;

	if (r->body.s == NULL) {
		http_error(r, 400, "bad_request", "the body is empty: expected "
		    "{\"date\": ..., \"data\": {...}}");
		return NULL;
	}
	if ((body = json_loadb(r->body.s, r->body.len, JSON_REJECT_DUPLICATES,
	    &je)) == NULL) {
		http_error(r, 400, "bad_request", "the body is not JSON: line "
		    "%d, column %d: %s", je.line, je.column, je.text);
		return NULL;
	}
	if (!json_is_object(body)) {
		json_decref(body);
		http_error(r, 400, "bad_request", "the body is not an object");
		return NULL;
	}
	json_object_foreach(body, k, v)
		if (strcmp(k, "date") != 0 && strcmp(k, "data") != 0) {
			http_error(r, 400, "bad_request", "unknown field '%s' "
			    "(expected date and data)", k);
			json_decref(body);
			return NULL;
		}
	d = json_object_get(body, "date");
	if (d != NULL && !json_is_string(d)) {
		json_decref(body);
		http_error(r, 400, "bad_request", "date: not a string");
		return NULL;
	}
	if ((data = json_object_get(body, "data")) == NULL) {
		json_decref(body);
		http_error(r, 400, "bad_request", "data: required");
		return NULL;
	}
	if (as_schema_check(t, data, err) != 0) {
		json_decref(body);
		http_fail(r, err);	/* 400, or a rule over a limit 422 */
		return NULL;
	}
	if (d != NULL && (t->flags & (AS_T_TIMELESS | AS_T_CORRECTS))) {
		json_decref(body);
		http_error(r, 400, "bad_request", "date: not taken: %s",
		    t->flags & AS_T_CORRECTS ? "a correction is dated as the "
		    "event it corrects" : "a record without a place in the "
		    "history is dated " AS_TIMELESS_DATE);
		return NULL;
	}
	if (d != NULL && strlen(json_string_value(d)) >= AS_DATE_MAX) {
		json_decref(body);
		http_error(r, 400, "bad_request", "date: '%.40s...' is not a "
		    "date", json_string_value(d));
		return NULL;
	}
	snprintf(date, AS_DATE_MAX, "%s", d ? json_string_value(d) : "");
	json_incref(data);
	json_decref(body);
	return data;
}

void
api_record(http_req *r)
{
	const as_event_type *t = r->rt->type;
	as_error err[1];
	char recorded[AS_DATE_MAX];
	uint8_t expect[AS_HASH_LEN], req_hash[AS_HASH_LEN], seen[AS_HASH_LEN];
	char date[AS_DATE_MAX];
	const char *key = http_header(r, "Idempotency-Key");
	as_submit opts = { .expect = NULL };
	struct as_replay rp = { 0, 0 };
	char org[AS_ID_MAX + 1];
	as_idem idem;
	as_event ev;
	as_ledger *l;
	json_t *data;
	int64_t now, seq;
	as_head h;
	int slot = -1, rc, expected;

	if ((expected = if_match(r, expect)) < 0)
		return;
	if (key != NULL && !good_key(key)) {
		http_error(r, 400, "bad_request", "Idempotency-Key: expected 1 "
		    "to %d visible ASCII characters", AS_IDEM_KEY_MAX);
		return;
	}
	if (key != NULL) {
		/* The request is its route and its body, byte for byte. */
		crypto_hash_sha256_state hs;
		crypto_hash_sha256_init(&hs);
		crypto_hash_sha256_update(&hs, (const uint8_t *)r->rt->path,
		    strlen(r->rt->path) + 1);
		crypto_hash_sha256_update(&hs, (const uint8_t *)
		    (r->body.s ? r->body.s : ""), r->body.len);
		crypto_hash_sha256_final(&hs, req_hash);
		if ((slot = idem_claim(r, key)) < 0)
			return;
		if ((l = http_reader(r)) == NULL)
			goto done;
		rc = as_ledger_idem(l, r->who.name, key, seen, &seq, err);
		http_reader_done(r->s, l);
		if (rc < 0) {
			http_fail(r, err);
			goto done;
		}
		if (rc == 1) {
			if (sodium_memcmp(seen, req_hash, AS_HASH_LEN) != 0)
				http_error(r, 422, "idempotency_key_reused",
				    "Idempotency-Key: '%s' was used for "
				    "another request", key);
			else
				replay(r, seq);
			goto done;
		}
	}
	if ((data = parse_body(r, date)) == NULL)
		goto done;
	/*
	 * The event's organisation, from its payload and the names recorded
	 * (which never change once recorded): who may record it is decided
	 * there. The write path tells it again, in its transaction.
	 */
	now = (int64_t)time(NULL);
	if ((l = http_reader(r)) == NULL) {
		json_decref(data);
		goto done;
	}
	rc = as_ledger_scope(l, t->name, data, org, err);
	http_reader_done(r->s, l);
	if (rc == AS_SCOPE_FAILED || rc == AS_SCOPE_UNKNOWN) {
		if (rc == AS_SCOPE_FAILED)
			http_fail(r, err);
		else
			http_error(r, 422, "refused", "%s", err->msg);
		json_decref(data);
		goto done;
	}
	if (http_may_record(r, org, t, data) != 0) {
		json_decref(data);
		goto done;
	}
	as_date_format(now, 1, recorded);
	rc = as_event_init(&ev, date[0] ? date : recorded, t->name, r->who.name,
	    data, err);
	json_decref(data);
	if (rc != 0) {
		if (err->kind == AS_EINVAL)
			http_error(r, 400, "bad_request", "date: %s", err->msg);
		else
			http_fail(r, err);
		goto done;
	}
	if (expected)
		opts.expect = expect;
	opts.undated = date[0] == '\0';
	if (key != NULL) {
		idem.principal = r->who.name;
		idem.key = key;
		memcpy(idem.request, req_hash, AS_HASH_LEN);
		opts.idem = &idem;
	}
	/* Writers of every process queue on the store's lock: without
	 * If-Match there is no conflict to retry. */
	opts.replay = &rp;
	rc = as_committer_submit_opts(r->s->com, &ev, recorded, &opts, err);
	if (rc == AS_EREPLAY) {
		/* Another process wrote this key in the meantime. */
		if (!rp.same)
			http_error(r, 422, "idempotency_key_reused",
			    "Idempotency-Key: '%s' was used for another "
			    "request", key);
		else
			replay(r, rp.first);
	} else if (rc == AS_OK) {
		char hex[2 * AS_HASH_LEN + 1];
		/* The answer as a retry will rebuild it from the stored
		 * event: the payload as stored, keys sorted. */
		as_event stored = ev;
		json_t *sd = json_loads(ev.data_text, 0, NULL);
		as_hex(ev.hash, AS_HASH_LEN, hex);
		snprintf(r->etag, sizeof(r->etag), "\"%s\"", hex);
		stored.data = sd != NULL ? sd : ev.data;
		http_json(r, 201, as_event_json(&stored, 1));
		json_decref(sd);
		http_metrics_appended();
		http_events_notify(r->s);
	} else if (rc == AS_ECONFLICT) {
		if (http_etag_head(r, &h) == 0)
			http_error(r, 412, "precondition_failed", "If-Match: the "
			    "ledger's head is now event %lld, %s",
			    (long long)h.seq, r->etag);
	} else if (rc == AS_EINVAL) {
		http_error(r, 422, "refused", "%s", err->msg);
	} else {
		http_fail(r, err);
	}
	as_event_clear(&ev);
done:
	idem_release(r->s, slot);
}
