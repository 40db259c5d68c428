/*
 * Group commit: a committer owns a ledger and the state at its head; any
 * number of threads submit events to it. One submitter at a time leads:
 * it takes every event waiting, checks each (a refused one is answered
 * alone), appends the rest in one durable transaction, and only then
 * answers them. So each event is durable when its submitter is told so,
 * and many share one fsync; a lone writer pays no handoff.
 */
#ifndef AS_COMMITTER_H
#define AS_COMMITTER_H

#include "core/error.h"
#include "store/ledger.h"

typedef struct as_committer as_committer;

/*
 * Starts a committer on l (which it uses alone from now on, until
 * as_committer_stop). Each batch is one as_ledger_write: other processes
 * may write the same ledger, and queue with it on the store's lock.
 * Returns it, or NULL with err set.
 */
as_committer	*as_committer_start(as_ledger *l, as_error *err);

/*
 * Submits ev (unchained) and waits until it is durable or refused.
 * recorded is the submitter's clock. Returns AS_OK with ev chained (seq,
 * prev, hash set, its org told), AS_EINVAL with err saying why it was
 * refused, AS_ECONFLICT, AS_EREPLAY (see as_submit), or AS_ESTORE if the
 * store failed (nothing of that batch was written).
 */
int	as_committer_submit(as_committer *c, as_event *ev,
	    const char *recorded, as_error *err);

/* What a write may ask of its commit besides the event. */
typedef struct as_submit {
	/* The hash of the head the writer saw, or NULL: if the head is
	 * another by the time the event is chained, it is refused with
	 * AS_ECONFLICT (optimistic concurrency). */
	const uint8_t	*expect;
	/* Stored in the event's transaction (see as_idem), or NULL. */
	const as_idem	*idem;
	/* Dated when it is recorded (see as_write). */
	int		 undated;
	/* With AS_EREPLAY: the seq the key recorded first, and whether the
	 * request was the same (else the key was reused). Or NULL. */
	struct as_replay {
		int64_t	 first;
		int	 same;
	}		*replay;
} as_submit;

/* As as_committer_submit, with o (or NULL). */
int	as_committer_submit_opts(as_committer *c, as_event *ev,
	    const char *recorded, const as_submit *o, as_error *err);

/* Waits until nothing is being committed, then frees c. Submitting
 * after the stop has begun is refused. */
void	as_committer_stop(as_committer *c);

#endif
