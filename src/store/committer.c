/* Group commit: see committer.h. */
#include "store/committer.h"

#include <pthread.h>
#include <stdlib.h>
#include <string.h>

#define BATCH_MAX 4096

typedef struct request {
	as_event	*ev;
	const char	*recorded;
	const as_submit	*opts;		/* or NULL */
	char		*err;
	int		 rc;
	int		 done;
	struct request	*next;
	pthread_cond_t	 cv;		/* signalled when done */
} request;

struct as_committer {
	as_ledger	*l;
	as_state	*st;		/* the state at the head; the leader's */
	pthread_mutex_t	 mu;
	pthread_cond_t	 answered;	/* a stop waits here for the leader */
	request		*head, *tail;	/* waiting, oldest first */
	int		 leading;	/* a submitter is committing */
	int		 stopping;
	request		*batch[BATCH_MAX];	/* the leader's */
};

/* Takes up to BATCH_MAX waiting requests, oldest first. */
static size_t
take(as_committer *c)
{
	size_t n = 0;

	while (c->head != NULL && n < BATCH_MAX) {
		c->batch[n++] = c->head;
		c->head = c->head->next;
	}
	if (c->head == NULL)
		c->tail = NULL;
	return n;
}

/* Answers every request of a batch with the same failure. */
static void
fail_all(request **batch, size_t n, int rc, const char *why)
{
	for (size_t i = 0; i < n; i++) {
		batch[i]->rc = rc;
		as_err(batch[i]->err, "%s", why);
	}
}

/*
 * Folds into the committer's state what another writer appended since
 * (the CLI, while a server holds the committer). Returns AS_OK, or the
 * error with the state dropped.
 */
static int
catch_up(as_committer *c, int64_t head, char *err)
{
	int rc;

	rc = as_ledger_fold(c->l, c->st, head, AS_TIME_NEVER, NULL, err);
	if (rc == AS_OK && c->st->seq == head)
		return AS_OK;
	if (rc == AS_OK)
		as_err(err, "the ledger's head is %lld but its events end at "
		    "%lld", (long long)head, (long long)c->st->seq);
	as_state_free(c->st);
	c->st = NULL;
	return AS_ESTORE;
}

/* Checks, chains and appends one batch; sets each request's rc. */
static void
commit(as_committer *c, request **batch, size_t n)
{
	as_event *evs;
	const as_idem **idem;
	size_t *who, nok = 0;
	char err[AS_ERR_MAX];
	as_head h;
	int rc;

	if (c->st == NULL) {
		fail_all(batch, n, AS_ESTORE, "the ledger could not be read "
		    "again after a failed write");
		return;
	}
	if (as_ledger_head(c->l, &h, err) != AS_OK ||
	    (h.seq != c->st->seq && catch_up(c, h.seq, err) != AS_OK)) {
		fail_all(batch, n, AS_ESTORE, err);
		return;
	}
	evs = malloc(n * sizeof(*evs));
	who = malloc(n * sizeof(*who));
	idem = malloc(n * sizeof(*idem));
	if (evs == NULL || who == NULL || idem == NULL) {
		free(evs);
		free(who);
		free(idem);
		fail_all(batch, n, AS_ESTORE, "out of memory");
		return;
	}
	const uint8_t *prev = h.hash;
	for (size_t i = 0; i < n; i++) {
		request *r = batch[i];
		const char *rec = strcmp(r->recorded, h.recorded) < 0 ?
		    h.recorded : r->recorded;
		if (r->opts != NULL && r->opts->expect != NULL &&
		    memcmp(r->opts->expect, prev, AS_HASH_LEN) != 0) {
			r->rc = AS_ECONFLICT;
			as_err(r->err, "the ledger's head is not the one expected");
			continue;
		}
		if (as_ledger_chain(c->st, r->ev, h.seq + 1 + (int64_t)nok, prev,
		    rec, r->err) != 0) {
			r->rc = AS_EINVAL;
			continue;
		}
		/* rec may be h.recorded itself: never copy onto itself (glibc's
		 * snprintf may empty the target before reading the source). */
		if (rec != h.recorded)
			snprintf(h.recorded, sizeof(h.recorded), "%s", rec);
		prev = r->ev->hash;
		evs[nok] = *r->ev;	/* shallow: the store only reads it */
		idem[nok] = r->opts != NULL ? r->opts->idem : NULL;
		who[nok++] = i;
	}
	rc = nok ? c->l->store->ops->append_keyed(c->l->store, h.seq, evs, nok,
	    idem, err) : AS_OK;
	for (size_t k = 0; k < nok; k++) {
		batch[who[k]]->rc = rc;
		if (rc != AS_OK)
			as_err(batch[who[k]]->err, "%s", err);
	}
	if (rc != AS_OK) {
		/* The state took events the store did not: fold it again. */
		as_state_free(c->st);
		if (as_ledger_state(c->l, AS_TIME_NEVER, &c->st, err) != AS_OK)
			c->st = NULL;
	}
	free(evs);
	free(who);
	free(idem);
}

as_committer *
as_committer_start(as_ledger *l, char *err)
{
	as_committer *c = calloc(1, sizeof(*c));

	if (c == NULL) {
		as_err(err, "out of memory");
		return NULL;
	}
	c->l = l;
	if (as_ledger_state(l, AS_TIME_NEVER, &c->st, err) != AS_OK) {
		free(c);
		return NULL;
	}
	pthread_mutex_init(&c->mu, NULL);
	pthread_cond_init(&c->answered, NULL);
	return c;
}

/*
 * The first submitter to find no leader becomes the leader: it commits
 * batches of whatever is waiting, its own request among them, until
 * nothing is left. The others wait for their answer, or to lead next.
 * A lone writer so commits its own event without any handoff.
 */
int
as_committer_submit(as_committer *c, as_event *ev, const char *recorded,
    char *err)
{
	return as_committer_submit_opts(c, ev, recorded, NULL, err);
}

int
as_committer_submit_opts(as_committer *c, as_event *ev, const char *recorded,
    const as_submit *o, char *err)
{
	request r;

	/* Each follower waits on its own condition, so that a batch wakes
	 * only the submitters it answers, not every one waiting. */
	memset(&r, 0, sizeof(r));
	r.ev = ev;
	r.recorded = recorded;
	r.opts = o;
	r.err = err;
	r.rc = AS_ESTORE;
	pthread_cond_init(&r.cv, NULL);
	pthread_mutex_lock(&c->mu);
	if (c->stopping) {
		pthread_mutex_unlock(&c->mu);
		pthread_cond_destroy(&r.cv);
		return as_err(err, "the committer is stopping"), AS_ESTORE;
	}
	if (c->tail != NULL)
		c->tail->next = &r;
	else
		c->head = &r;
	c->tail = &r;
	while (!r.done) {
		if (c->leading) {
			/* The leader takes every request queued before it
			 * stops leading: this one is answered by it. */
			pthread_cond_wait(&r.cv, &c->mu);
			continue;
		}
		c->leading = 1;
		while (c->head != NULL) {
			size_t n = take(c);
			pthread_mutex_unlock(&c->mu);
			commit(c, c->batch, n);
			pthread_mutex_lock(&c->mu);
			for (size_t i = 0; i < n; i++) {
				c->batch[i]->done = 1;
				pthread_cond_signal(&c->batch[i]->cv);
			}
		}
		c->leading = 0;
		pthread_cond_broadcast(&c->answered);	/* for a stop */
	}
	pthread_mutex_unlock(&c->mu);
	pthread_cond_destroy(&r.cv);
	return r.rc;
}

void
as_committer_stop(as_committer *c)
{
	if (c == NULL)
		return;
	pthread_mutex_lock(&c->mu);
	c->stopping = 1;
	while (c->leading || c->head != NULL)
		pthread_cond_wait(&c->answered, &c->mu);
	pthread_mutex_unlock(&c->mu);
	pthread_mutex_destroy(&c->mu);
	pthread_cond_destroy(&c->answered);
	as_state_free(c->st);
	free(c);
}
