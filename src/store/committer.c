/* Group commit: see committer.h. */
#include "store/committer.h"

#include <pthread.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#define BATCH_MAX 4096

typedef struct request {
	as_event	*ev;
	const char	*recorded;
	const as_submit	*opts;		/* or NULL */
	as_error *err;
	int		 rc;
	int		 done;
	struct request	*next;
	pthread_cond_t	 cv;		/* signalled when done */
} request;

struct as_committer {
	as_ledger	*l;		/* its head states: the leader's */
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

/* Writes one batch through the ledger's write path; sets each rc. */
static void
commit(as_committer *c, request **batch, size_t n)
{
	as_write *w = calloc(n, sizeof(*w));
	as_error err[1];
	const char *recorded = "";

	if (w == NULL) {
		for (size_t i = 0; i < n; i++) {
			batch[i]->rc = AS_ESTORE;
			as_nomem(batch[i]->err, NULL);
		}
		return;
	}
	/* The batch is recorded at its latest clock: recorded times never
	 * go back, whatever the submitters' clocks. */
	for (size_t i = 0; i < n; i++) {
		request *r = batch[i];
		w[i].ev = r->ev;
		w[i].expect = r->opts != NULL ? r->opts->expect : NULL;
		w[i].idem = r->opts != NULL ? r->opts->idem : NULL;
		w[i].undated = r->opts != NULL && r->opts->undated;
		if (strcmp(r->recorded, recorded) > 0)
			recorded = r->recorded;
	}
	as_ledger_write(c->l, w, n, recorded, 0, NULL, err);
	for (size_t i = 0; i < n; i++) {
		request *r = batch[i];
		r->rc = w[i].rc;
		if (r->opts != NULL && r->opts->replay != NULL) {
			r->opts->replay->first = w[i].first;
			r->opts->replay->same = w[i].same;
		}
		if (w[i].rc != AS_OK)
			*r->err = *w[i].err;
	}
	free(w);
}

as_committer *
as_committer_start(as_ledger *l, as_error *err)
{
	as_committer *c = calloc(1, sizeof(*c));

	if (c == NULL) {
		as_nomem(err, NULL);
		return NULL;
	}
	(void)err;
	c->l = l;
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
    as_error *err)
{
	return as_committer_submit_opts(c, ev, recorded, NULL, err);
}

int
as_committer_submit_opts(as_committer *c, as_event *ev, const char *recorded,
    const as_submit *o, as_error *err)
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
		return as_fail(err, AS_ESTORE, "the committer is stopping");
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
	free(c);
}
