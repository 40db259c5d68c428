/*
 * The ledger: events validated by the fold, chained by hash and kept in a
 * store. Every write, whatever its origin (a CLI subcommand, a case file,
 * an import, later the HTTP API), goes through as_ledger_append or
 * as_ledger_import, and so through the same checks.
 */
#ifndef AS_LEDGER_H
#define AS_LEDGER_H

#include <stdint.h>

#include "core/state.h"
#include "store/store.h"

typedef struct as_ledger {
	as_store	*store;
} as_ledger;

/* Opens the ledger at path (see as_store_sqlite_open for create). Returns
 * it (the caller closes it), or NULL with err set. */
as_ledger	*as_ledger_open(const char *path, int create, char *err);
void		 as_ledger_close(as_ledger *l);

int	as_ledger_head(as_ledger *l, as_head *h, char *err);

/* Calls fn for each stored event from seq from to seq to (AS_SEQ_END for
 * all), in order (see as_scan_fn). */
int	as_ledger_scan(as_ledger *l, int64_t from, int64_t to, as_scan_fn fn,
	    void *arg, char *err);

/*
 * Folds every event dated on or before limit (AS_TIME_NEVER for all) into
 * a new state, returned in *out (the caller frees it). Returns AS_OK, or
 * AS_ESTORE if the store fails or a stored event does not apply.
 */
int	as_ledger_state(as_ledger *l, int64_t limit, as_state **out, char *err);

/*
 * Folds into st the events after its last one, up to seq to (AS_SEQ_END
 * for all), stopping at the first dated after limit; *next (if not NULL)
 * is that event's instant, or AS_TIME_NEVER. Catches a kept state up
 * with what was appended since. Returns AS_OK, or AS_ESTORE with err set
 * (st then holds the events before the one that failed).
 */
int	as_ledger_fold(as_ledger *l, as_state *st, int64_t to, int64_t limit,
	    int64_t *next, char *err);

/*
 * Appends evs (unchained; their seq, recorded, prev and hash are set here)
 * after checking each against st, which must be the state at the head
 * (from as_ledger_state with AS_TIME_NEVER) and is advanced by them.
 * recorded is the writer's clock (UTC text); an earlier value than the
 * head's is raised to it. All or nothing. Returns AS_OK; AS_EINVAL with
 * err naming the event (index in *bad) that was refused; AS_ECONFLICT if
 * another writer moved the head; AS_ESTORE. On any failure st no longer
 * matches the ledger: free it.
 */
int	as_ledger_append(as_ledger *l, as_state *st, as_event *evs, size_t n,
	    const char *recorded, size_t *bad, char *err);

/*
 * Checks one event against st (advancing it) and chains it as event seq
 * after prev, recorded at recorded: the step that as_ledger_append and
 * the committer share. Returns 0, or -1 with err set and st unchanged.
 */
int	as_ledger_chain(as_state *st, as_event *e, int64_t seq,
	    const uint8_t prev[AS_HASH_LEN], const char *recorded, char *err);

/*
 * Imports chained events (from an export): they must continue the chain
 * at the head, every hash must recompute and every event apply. Nothing
 * is written unless all do. Returns as as_ledger_append.
 */
int	as_ledger_import(as_ledger *l, const as_event *evs, size_t n,
	    size_t *bad, char *err);

typedef struct as_verify {
	int	 ok;
	int64_t	 events;		/* events checked */
	int64_t	 bad_seq;		/* the first bad event, or 0 */
	char	 why[AS_ERR_MAX];
	uint8_t	 head[AS_HASH_LEN];	/* the last good hash */
} as_verify;

/*
 * Recomputes the whole chain and replays the fold. Returns AS_OK with v
 * filled (v->ok says whether the ledger is intact), or AS_ESTORE.
 */
int	as_ledger_verify(as_ledger *l, as_verify *v, char *err);

#endif
