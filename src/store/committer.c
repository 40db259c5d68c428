/* Group commit: see committer.h. */
#include "store/committer.h"

#include <pthread.h>
#include <stdlib.h>
#include <string.h>

#define BATCH_MAX 4096

typedef struct request {
	as_event	*ev;
	const char	*recorded;
	char		*err;
	int		 rc;
	int		 done;
	struct request	*next;
} request;

struct as_committer {
	as_ledger	*l;
	as_state	*st;
	pthread_t	 thread;
	pthread_mutex_t	 mu;
	pthread_cond_t	 work;		/* the writer waits for requests */
	pthread_cond_t	 answered;	/* submitters wait for answers */
	request		*head, *tail;
	int		 stopping;
};

/* Takes up to BATCH_MAX waiting requests, oldest first. */
static size_t
take(as_committer *c, request **batch)
{
	size_t n = 0;

	while (c->head != NULL && n < BATCH_MAX) {
		batch[n++] = c->head;
		c->head = c->head->next;
	}
	if (c->head == NULL)
		c->tail = NULL;
	return n;
}

/* Checks, chains and appends one batch; sets each request's rc. */
static void
commit(as_committer *c, request **batch, size_t n)
{
	as_event *evs = malloc(n * sizeof(*evs));
	size_t *who = malloc(n * sizeof(*who)), nok = 0;
	char err[AS_ERR_MAX];
	as_head h;
	int rc;

	if (evs == NULL || who == NULL ||
	    as_ledger_head(c->l, &h, err) != AS_OK) {
		for (size_t i = 0; i < n; i++) {
			batch[i]->rc = AS_ESTORE;
			as_err(batch[i]->err, "%s", evs && who ? err : "out of memory");
		}
		free(evs);
		free(who);
		return;
	}
	const uint8_t *prev = h.hash;
	for (size_t i = 0; i < n; i++) {
		request *r = batch[i];
		const char *rec = strcmp(r->recorded, h.recorded) < 0 ?
		    h.recorded : r->recorded;
		if (as_ledger_chain(c->st, r->ev, h.seq + 1 + (int64_t)nok, prev,
		    rec, r->err) != 0) {
			r->rc = AS_EINVAL;
			continue;
		}
		snprintf(h.recorded, sizeof(h.recorded), "%s", rec);
		prev = r->ev->hash;
		evs[nok] = *r->ev;	/* shallow: the store only reads it */
		who[nok++] = i;
	}
	rc = nok ? c->l->store->ops->append(c->l->store, h.seq, evs, nok, err) :
	    AS_OK;
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
}

static void *
writer(void *arg)
{
	as_committer *c = arg;
	request *batch[BATCH_MAX];

	pthread_mutex_lock(&c->mu);
	for (;;) {
		while (c->head == NULL && !c->stopping)
			pthread_cond_wait(&c->work, &c->mu);
		if (c->head == NULL && c->stopping)
			break;
		size_t n = take(c, batch);
		pthread_mutex_unlock(&c->mu);
		if (c->st == NULL) {
			for (size_t i = 0; i < n; i++) {
				batch[i]->rc = AS_ESTORE;
				as_err(batch[i]->err, "the ledger could not be "
				    "read again after a failed write");
			}
		} else {
			commit(c, batch, n);
		}
		pthread_mutex_lock(&c->mu);
		for (size_t i = 0; i < n; i++)
			batch[i]->done = 1;
		pthread_cond_broadcast(&c->answered);
	}
	pthread_mutex_unlock(&c->mu);
	return NULL;
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
	pthread_cond_init(&c->work, NULL);
	pthread_cond_init(&c->answered, NULL);
	if (pthread_create(&c->thread, NULL, writer, c) != 0) {
		as_err(err, "cannot start the writer thread");
		as_state_free(c->st);
		free(c);
		return NULL;
	}
	return c;
}

int
as_committer_submit(as_committer *c, as_event *ev, const char *recorded,
    char *err)
{
	request r = { ev, recorded, err, AS_ESTORE, 0, NULL };

	pthread_mutex_lock(&c->mu);
	if (c->stopping) {
		pthread_mutex_unlock(&c->mu);
		return as_err(err, "the writer is stopping"), AS_ESTORE;
	}
	if (c->tail != NULL)
		c->tail->next = &r;
	else
		c->head = &r;
	c->tail = &r;
	pthread_cond_signal(&c->work);
	while (!r.done)
		pthread_cond_wait(&c->answered, &c->mu);
	pthread_mutex_unlock(&c->mu);
	return r.rc;
}

void
as_committer_stop(as_committer *c)
{
	if (c == NULL)
		return;
	pthread_mutex_lock(&c->mu);
	c->stopping = 1;
	pthread_cond_signal(&c->work);
	pthread_mutex_unlock(&c->mu);
	pthread_join(c->thread, NULL);
	pthread_mutex_destroy(&c->mu);
	pthread_cond_destroy(&c->work);
	pthread_cond_destroy(&c->answered);
	as_state_free(c->st);
	free(c);
}
