/*
 * The ledger: events validated by the fold, chained by hash and kept in a
 * store. Each event has two times: its date (when it took effect), by
 * which it is placed in its organisation's history, and its place in the
 * chain with the instant it was recorded, which never change. Every
 * write, whatever its origin (a CLI subcommand, a case file, an import,
 * the group committer of the HTTP API), goes through as_ledger_write, and
 * so through the same steps and checks (docs/ledger.md).
 */
#ifndef AS_LEDGER_H
#define AS_LEDGER_H

#include <stdint.h>

#include "core/error.h"
#include "core/map.h"
#include "core/state.h"
#include "store/store.h"

/* How far past the instant it is recorded an event's date may lie: the
 * start of a day anywhere on Earth (UTC+14:00) is at most this far ahead
 * of midnight UTC. What schedules the future goes in the fields that say
 * so (an accession's since, a term's start, a silence deadline). */
#define AS_AHEAD_MAX		(14 * 3600)
#define AS_AHEAD_TEXT		"14 hours"

/* A checkpoint of an organisation's state is written once the payloads
 * folded since the last one add up to this many bytes, or to the last
 * one's size if larger ($ASSENT_CHECKPOINT_BYTES overrides it). */
#define AS_CHECKPOINT_BYTES	(256 * 1024)

/* The head state of one organisation, as a writer keeps it. */
typedef struct as_org_head {
	char	 org[AS_ID_MAX + 1];
	as_state *st;
	int64_t	 at, seq;	/* the position of its last event */
	int64_t	 upto;		/* the highest seq it holds */
	size_t	 bytes;		/* payload bytes since the last checkpoint */
	size_t	 cp_len;	/* the size of the last checkpoint */
} as_org_head;

typedef struct as_org_heads {
	as_org_head	*v;
	size_t		 n;
	as_map		 ids;		/* org -> index in v */
} as_org_heads;

typedef struct as_ledger {
	as_store	*store;
	size_t		 cp_bytes;
	/* The writer's head states, valid for the head at seq seen. */
	int64_t		 seen;
	as_org_heads	 heads;
} as_ledger;

/* Opens the ledger at path, an SQLite file or a PostgreSQL connection
 * string (see as_store_open; as_store_sqlite_open for create). Returns
 * it (the caller closes it), or NULL with err set and *rc (if not NULL)
 * AS_EUPGRADE, AS_EUNAVAIL (the database cannot be reached now) or
 * AS_ESTORE. Every function below that fails on the store returns
 * AS_EUNAVAIL rather than AS_ESTORE when the store was out of reach. */
as_ledger	*as_ledger_open(const char *path, int create, as_error *err,
		    int *rc);
void		 as_ledger_close(as_ledger *l);

/* Upgrades a ledger of format 1 in place (every hash kept): 0, 1 if it
 * was current already, -1 with err set. */
int	as_ledger_upgrade(const char *path, as_error *err);

int	as_ledger_head(as_ledger *l, as_head *h, as_error *err);

/* Whether this open made the ledger; and, for a store whose ledger is
 * not a file (PostgreSQL), undoing that while it holds nothing: 1 done,
 * 0 kept (or nothing to do), or an error. */
int	as_ledger_made(const as_ledger *l);
int	as_ledger_unmake(as_ledger *l, as_error *err);

/* Whether the last failure of l's store was the store out of reach. */
int	as_ledger_lost(const as_ledger *l);

/*
 * What the message of a write whose commit was lost with the store (it
 * may have been recorded or not) tells l's user to do, in the words of
 * the one who opened l for that user (the CLI, the server): a static
 * string, or NULL for nothing more.
 */
void	as_ledger_advise(as_ledger *l, const char *unsure_advice);

/* The store's change counter (see changes in store.h). */
int	as_ledger_changes(as_ledger *l, int64_t *v, as_error *err);

/* Waits at most ms milliseconds for a commit by any connection: 1 if one
 * came (or may have), 0 if none, or an error (AS_ESTORE if the store
 * cannot tell: SQLite). */
int	as_ledger_wait_commit(as_ledger *l, int ms, as_error *err);

/* Calls fn for each stored event from seq from to seq to (AS_SEQ_END for
 * all), in order of seq (see as_scan_fn). */
int	as_ledger_scan(as_ledger *l, int64_t from, int64_t to, as_scan_fn fn,
	    void *arg, as_error *err);

/* The organisation a name belongs to: 1 with org set, 0 unknown, -1. */
int	as_ledger_name(as_ledger *l, enum as_name_kind kind, const char *id,
	    char org[AS_ID_MAX + 1], as_error *err);

/* The organisation of an event of type type with payload data, from the
 * names recorded (as_event_scope). */
int	as_ledger_scope(as_ledger *l, const char *type, const json_t *data,
	    char org[AS_ID_MAX + 1], as_error *err);

/* Finds principal's idempotency key: 1 with the request hash and the seq
 * it recorded, 0 if absent, -1 with err set. */
int	as_ledger_idem(as_ledger *l, const char *principal, const char *key,
	    uint8_t request[AS_HASH_LEN], int64_t *seq, as_error *err);

/* Calls fn with each organisation's id, in the order they were made. */
int	as_ledger_orgs(as_ledger *l, void (*fn)(void *, const char *org),
	    void *arg, as_error *err);

/*
 * "As known at": the last seq recorded at or before the text instant
 * recorded (canonical UTC, see date.h), into *seq (0: nothing yet).
 */
int	as_ledger_known(as_ledger *l, const char *recorded, int64_t *seq,
	    as_error *err);

/*
 * Folds org's history as of limit (AS_TIME_NEVER for all), as known at
 * seq known (AS_SEQ_END: everything recorded), from its nearest
 * checkpoint, into st (a new state if *st is NULL; into an existing one,
 * which then holds several organisations, without checkpoints). Returns
 * AS_OK, or AS_ESTORE if the store fails or a stored event does not
 * apply (*st is then freed and NULL if it was made here).
 */
int	as_ledger_org_state(as_ledger *l, const char *org, int64_t limit,
	    int64_t known, as_state **st, as_error *err);

/* Calls fn with each organisation's state (as as_ledger_org_state,
 * freed after the call), in the order they were made; fn returns AS_OK
 * to go on, else the error that stops it. */
int	as_ledger_each(as_ledger *l, int64_t limit, int64_t known,
	    int (*fn)(void *arg, const char *org, as_state *st), void *arg,
	    as_error *err);

/* As as_ledger_org_state, every organisation into one state. */
int	as_ledger_state(as_ledger *l, int64_t limit, int64_t known,
	    as_state **out, as_error *err);

/* One write of a batch. */
typedef struct as_write {
	as_event	*ev;		/* dated; seq, prev, hash, recorded set
					 * here, unless chained */
	int		 chained;	/* an import: its link is checked */
	int		 undated;	/* dated when it is recorded, in the
					 * write's transaction (never before
					 * an event recorded ahead of it) */
	const uint8_t	*expect;	/* If-Match: the head hash, or NULL */
	const as_idem	*idem;		/* or NULL */
	/* Out. */
	int		 rc;		/* AS_OK, AS_EINVAL, AS_ECONFLICT,
					 * AS_EREPLAY, AS_ESTORE */
	int64_t		 first;		/* AS_EREPLAY: the seq the key wrote */
	int		 same;		/* AS_EREPLAY: the same request */
	as_error err[1];
} as_write;

/*
 * The write path. In one transaction of the store: takes the write lock
 * and reads the head; catches the kept head states up with what other
 * processes appended; then for each write in order: checks If-Match,
 * looks its idempotency key up, checks its date against recorded (the
 * writer's clock, raised to the head's if behind) and AS_AHEAD_MAX,
 * tells its organisation, places it in that organisation's history by
 * its date (an event dated before others of its organisation is accepted
 * only if the history replayed with it still applies in full), chains it
 * and inserts it, with its name, key and checkpoints; and commits.
 *
 * With all, a refused write refuses the batch: nothing is written, the
 * call returns its rc and *bad its index. Without, each write is
 * accepted or refused on its own (w[i].rc) and the accepted ones are
 * committed together; the call returns AS_OK unless the store failed
 * (AS_ESTORE: nothing written, every w[i].rc set to it).
 */
int	as_ledger_write(as_ledger *l, as_write *w, size_t n,
	    const char *recorded, int all, size_t *bad, as_error *err);

/*
 * The next event of a stream into *ev (it is the ledger's after the
 * call, cleared when written): 1, or 0 at the end, or -1 with err set
 * (the write is refused).
 */
typedef int (*as_next_fn)(void *arg, as_event *ev, as_error *err);

typedef struct as_stream_result {
	int64_t	 count;			/* events written */
	int64_t	 first, last;		/* their seqs */
	uint8_t	 head[AS_HASH_LEN];	/* the last one's hash */
} as_stream_result;

/*
 * as_ledger_write of every event next gives (chained: an import), all or
 * nothing, in one transaction, holding one event at a time: a case file
 * or an export of any size in bounded memory. Returns AS_OK with res
 * filled, AS_EINVAL (refused, or next failed) or AS_ECONFLICT with err
 * set, or AS_ESTORE; on a failure nothing is written.
 */
int	as_ledger_write_stream(as_ledger *l, as_next_fn next, void *arg,
	    int chained, const char *recorded, as_stream_result *res,
	    as_error *err);

/* as_ledger_write of evs (unchained), all or nothing. */
int	as_ledger_append(as_ledger *l, as_event *evs, size_t n,
	    const char *recorded, size_t *bad, as_error *err);

typedef struct as_verify {
	int	 ok;
	int64_t	 events;		/* events checked */
	int64_t	 checkpoints;		/* checkpoints checked */
	int64_t	 bad_seq;		/* the first bad event, or 0 */
	as_error why[1];
	uint8_t	 head[AS_HASH_LEN];	/* the last good hash */
} as_verify;

/*
 * Recomputes the chain up to the head (in order of seq: links, hashes,
 * recorded times, each event's stored organisation and instant, names),
 * then folds each organisation's history (in order of date) checking that
 * every event applies and every checkpoint is the state at its place.
 * Linear in the ledger. Returns AS_OK with v filled (v->ok says whether
 * the ledger is intact), or AS_ESTORE.
 */
int	as_ledger_verify(as_ledger *l, as_verify *v, as_error *err);

#endif
