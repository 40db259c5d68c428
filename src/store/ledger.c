/* The ledger: see ledger.h. */
#include "store/ledger.h"

#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include <sodium.h>

#include "core/chain.h"

as_ledger *
as_ledger_open(const char *path, int create, char *err)
{
	as_ledger *l;

	if (sodium_init() < 0) {
		as_err(err, "libsodium cannot be initialised");
		return NULL;
	}
	if ((l = calloc(1, sizeof(*l))) == NULL) {
		as_err(err, "out of memory");
		return NULL;
	}
	if ((l->store = as_store_sqlite_open(path, create, err)) == NULL) {
		free(l);
		return NULL;
	}
	return l;
}

void
as_ledger_close(as_ledger *l)
{
	if (l == NULL)
		return;
	l->store->ops->close(l->store);
	free(l);
}

int
as_ledger_head(as_ledger *l, as_head *h, char *err)
{
	return l->store->ops->head(l->store, h, err);
}

int
as_ledger_scan(as_ledger *l, int64_t from, int64_t to, as_scan_fn fn,
    void *arg, char *err)
{
	return l->store->ops->scan(l->store, from, to, fn, arg, err);
}

struct fold_arg {
	as_state	*st;
	int64_t		 limit;
	int		 rc;
	char		*err;
	int64_t		 next;		/* when of the first event not folded */
};

static int
fold_one(void *arg, const as_event *ev)
{
	struct fold_arg *a = arg;
	char why[AS_ERR_MAX];

	if (ev->when > a->limit) {
		a->next = ev->when;
		return 1;
	}
	if (ev->data == NULL || as_state_apply(a->st, ev, why) != 0) {
		as_err(a->err, "stored event %lld does not apply: %.400s "
		    "(run verify)", (long long)ev->seq,
		    ev->data ? why : "data is not JSON");
		a->rc = AS_ESTORE;
		return 1;
	}
	return 0;
}

int
as_ledger_fold(as_ledger *l, as_state *st, int64_t to, int64_t limit,
    int64_t *next, char *err)
{
	struct fold_arg a = { st, limit, AS_OK, err, AS_TIME_NEVER };
	int rc;

	rc = as_ledger_scan(l, st->seq + 1, to, fold_one, &a, err);
	if (next != NULL)
		*next = a.next;
	return rc != AS_OK ? rc : a.rc;
}

int
as_ledger_state(as_ledger *l, int64_t limit, as_state **out, char *err)
{
	as_state *st = as_state_new();
	int rc;

	*out = NULL;
	if (st == NULL)
		return as_err(err, "out of memory"), AS_ESTORE;
	if ((rc = as_ledger_fold(l, st, AS_SEQ_END, limit, NULL, err)) != AS_OK) {
		as_state_free(st);
		return rc;
	}
	*out = st;
	return AS_OK;
}

int
as_ledger_chain(as_state *st, as_event *e, int64_t seq,
    const uint8_t prev[AS_HASH_LEN], const char *recorded, char *err)
{
	e->seq = seq;
	snprintf(e->recorded, sizeof(e->recorded), "%s", recorded);
	if (as_state_apply(st, e, err) != 0)
		return -1;
	memcpy(e->prev, prev, AS_HASH_LEN);
	as_chain_hash(e, e->prev, e->hash);
	return 0;
}

int
as_ledger_append(as_ledger *l, as_state *st, as_event *evs, size_t n,
    const char *recorded, size_t *bad, char *err)
{
	as_head h;
	const uint8_t *prev;
	int rc;

	if ((rc = as_ledger_head(l, &h, err)) != AS_OK)
		return rc;
	if (h.seq != st->seq)
		return as_err(err, "the state is not at the ledger's head"),
		    AS_ECONFLICT;
	if (strcmp(recorded, h.recorded) < 0)
		recorded = h.recorded;	/* the recorded times never go back */
	prev = h.hash;
	for (size_t i = 0; i < n; i++) {
		if (as_ledger_chain(st, &evs[i], h.seq + 1 + (int64_t)i, prev,
		    recorded, err) != 0) {
			if (bad != NULL)
				*bad = i;
			return AS_EINVAL;
		}
		prev = evs[i].hash;
	}
	return l->store->ops->append(l->store, h.seq, evs, n, err);
}

/*
 * Checks that ev follows the chain: its seq, its link, its hash, its
 * recorded time. Returns 0, or -1 with why set.
 */
static int
check_link(const as_event *ev, int64_t seq, const uint8_t prev[AS_HASH_LEN],
    const char *recorded, char *why)
{
	uint8_t h[AS_HASH_LEN];

	if (ev->seq != seq)
		return as_err(why, "event %lld: found where event %lld should "
		    "be (an event was removed, inserted or moved)",
		    (long long)ev->seq, (long long)seq);
	if (memcmp(ev->prev, prev, AS_HASH_LEN) != 0)
		return as_err(why, "event %lld: its link does not match the hash "
		    "of event %lld (this event's link was altered, or an event "
		    "before it was altered, removed or inserted)", (long long)seq,
		    (long long)seq - 1);
	as_chain_hash(ev, prev, h);
	if (memcmp(h, ev->hash, AS_HASH_LEN) != 0)
		return as_err(why, "event %lld: its content does not match its "
		    "hash (altered)", (long long)seq);
	if (strcmp(ev->recorded, recorded) < 0)
		return as_err(why, "event %lld: recorded %s, before the event "
		    "preceding it (%s)", (long long)seq, ev->recorded, recorded);
	return 0;
}

struct verify_arg {
	as_state	*st;
	as_verify	*v;
	uint8_t		 prev[AS_HASH_LEN];
	char		 recorded[AS_DATE_MAX];
};

static int
verify_one(void *arg, const as_event *ev)
{
	struct verify_arg *a = arg;
	char why[AS_ERR_MAX];

	if (check_link(ev, a->v->events + 1, a->prev, a->recorded,
	    a->v->why) != 0)
		goto bad;
	if (ev->data == NULL) {
		as_err(a->v->why, "event %lld: data is not JSON",
		    (long long)ev->seq);
		goto bad;
	}
	if (as_state_apply(a->st, ev, why) != 0) {
		as_err(a->v->why, "event %lld: does not apply: %.400s",
		    (long long)ev->seq, why);
		goto bad;
	}
	memcpy(a->prev, ev->hash, AS_HASH_LEN);
	memcpy(a->v->head, ev->hash, AS_HASH_LEN);
	snprintf(a->recorded, sizeof(a->recorded), "%s", ev->recorded);
	a->v->events++;
	return 0;
bad:
	a->v->ok = 0;
	a->v->bad_seq = a->v->events + 1;
	return 1;
}

int
as_ledger_verify(as_ledger *l, as_verify *v, char *err)
{
	struct verify_arg a;
	as_head h;
	int rc;

	memset(v, 0, sizeof(*v));
	memset(&a, 0, sizeof(a));
	v->ok = 1;
	a.v = v;
	if ((a.st = as_state_new()) == NULL)
		return as_err(err, "out of memory"), AS_ESTORE;
	rc = as_ledger_scan(l, 1, AS_SEQ_END, verify_one, &a, err);
	as_state_free(a.st);
	if (rc != AS_OK)
		return rc;
	if (!v->ok)
		return AS_OK;
	if ((rc = as_ledger_head(l, &h, err)) != AS_OK)
		return rc;
	if (h.seq != v->events || (h.seq > 0 &&
	    memcmp(h.hash, v->head, AS_HASH_LEN) != 0)) {
		v->ok = 0;
		v->bad_seq = v->events + 1;
		as_err(v->why, "event %lld: missing; the ledger's head is event "
		    "%lld (events were removed from the end)",
		    (long long)v->events + 1, (long long)h.seq);
	}
	return AS_OK;
}

int
as_ledger_import(as_ledger *l, const as_event *evs, size_t n, size_t *bad,
    char *err)
{
	as_state *st;
	as_head h;
	const uint8_t *prev;
	const char *recorded;
	char why[AS_ERR_MAX];
	int rc;

	if ((rc = as_ledger_state(l, AS_TIME_NEVER, &st, err)) != AS_OK)
		return rc;
	if ((rc = as_ledger_head(l, &h, err)) != AS_OK)
		goto done;
	prev = h.hash;
	recorded = h.recorded;
	for (size_t i = 0; i < n; i++) {
		rc = AS_EINVAL;
		if (bad != NULL)
			*bad = i;
		if (check_link(&evs[i], h.seq + 1 + (int64_t)i, prev, recorded,
		    why) != 0) {
			as_err(err, "%s", why);
			goto done;
		}
		if (as_state_apply(st, &evs[i], why) != 0) {
			as_err(err, "event %lld: %.400s", (long long)evs[i].seq, why);
			goto done;
		}
		prev = evs[i].hash;
		recorded = evs[i].recorded;
	}
	rc = l->store->ops->append(l->store, h.seq, evs, n, err);
done:
	as_state_free(st);
	return rc;
}
