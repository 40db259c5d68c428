/*
 * The storage interface: an append-only sequence of chained events, each
 * placed in its organisation's history by its stored instant, and the
 * derived data kept beside it (the directory of names, checkpoints of
 * each organisation's state, idempotency records). A backend stores what
 * the ledger gives it and checks nothing; hashing, validation and the
 * order of the steps of a write live in ledger.c. SQLite is the embedded
 * backend (store_sqlite.c), PostgreSQL the shared one (store_pg.c); the
 * table of backends in store.c picks one by the form of the --db text.
 */
#ifndef AS_STORE_H
#define AS_STORE_H

#include <stddef.h>
#include <stdint.h>

#include "core/event.h"
#include "core/scope.h"

#define AS_SEQ_END INT64_MAX	/* a scan to the head */

typedef struct as_head {
	int64_t	seq;			/* 0 for an empty ledger */
	uint8_t	hash[AS_HASH_LEN];	/* zeros for an empty ledger */
	char	recorded[AS_DATE_MAX];	/* "" for an empty ledger */
} as_head;

/*
 * Called for each event of a scan. The event is the store's and valid
 * only during the call; ev->data is NULL if the stored payload is not
 * valid JSON. Return 0 to go on, non-zero to stop the scan.
 */
typedef int (*as_scan_fn)(void *arg, const as_event *ev);

/*
 * An idempotency record: the key a principal gave a write, and a hash of
 * the request. It is stored in the transaction that appends the event it
 * answers, so that neither can exist without the other.
 */
typedef struct as_idem {
	const char	*principal;
	const char	*key;
	uint8_t		 request[AS_HASH_LEN];
} as_idem;

/*
 * A checkpoint: an organisation's state folded up to and including the
 * event at (at, seq) of its history, as a snapshot (core/snapshot.h).
 * upto is the highest seq it holds: it serves a read as known at any
 * seq from upto on.
 */
typedef struct as_checkpoint {
	char	 org[AS_ID_MAX + 1];
	int64_t	 at, seq, upto;
	char	*state;		/* owned by the caller after a get */
	size_t	 len;
} as_checkpoint;

typedef int (*as_checkpoint_fn)(void *arg, const as_checkpoint *cp);

/*
 * An API token as stored (store/tokens.h gives it meaning): only the
 * SHA-256 of its secret is kept. org and member are "" when absent,
 * revoked "" while it is live.
 */
typedef struct as_token_row {
	int64_t	id;
	char	name[AS_ID_MAX + 1];
	char	role[32];
	char	org[AS_ID_MAX + 1];
	char	member[AS_ID_MAX + 1];
	char	created[AS_DATE_MAX];
	char	revoked[AS_DATE_MAX];
	uint8_t	hash[AS_HASH_LEN];
} as_token_row;

typedef void (*as_token_row_fn)(void *arg, const as_token_row *t);

typedef struct as_store as_store;

typedef struct as_store_ops {
	const char *name;
	/* The head, outside any write. */
	int	(*head)(as_store *, as_head *, as_error *err);
	/*
	 * A write: begin takes the database's write lock (writers of every
	 * process queue on it) and reads the head; then any number of
	 * inserts and derived-data changes; then commit (which stores the
	 * new head) or rollback. Reads made between begin and commit see
	 * the write's own changes.
	 */
	int	(*begin)(as_store *, as_head *, as_error *err);
	int	(*insert)(as_store *, const as_event *ev, const as_idem *idem,
		    as_error *err);
	int	(*commit)(as_store *, const as_head *, as_error *err);
	void	(*rollback)(as_store *);
	/* Scans seq from..to (AS_SEQ_END: to the head) in order of seq. */
	int	(*scan)(as_store *, int64_t from, int64_t to, as_scan_fn fn,
		    void *arg, as_error *err);
	/*
	 * Scans org's history in order of (at, seq): the events after
	 * (after_at, after_seq), at or before limit, of seq at most known.
	 */
	int	(*scan_org)(as_store *, const char *org, int64_t after_at,
		    int64_t after_seq, int64_t limit, int64_t known,
		    as_scan_fn fn, void *arg, as_error *err);
	/* Scans every organisation's events in order of (at, seq): those
	 * after (after_at, after_seq), at or before limit, of seq at most
	 * known. */
	int	(*scan_dated)(as_store *, int64_t after_at, int64_t after_seq,
		    int64_t limit, int64_t known, as_scan_fn fn, void *arg,
		    as_error *err);
	/* The highest seq recorded at or before the text instant recorded
	 * (0 if none). */
	int	(*known)(as_store *, const char *recorded, int64_t *seq,
		    as_error *err);
	/* The directory of names (an as_name_fn), and adding to it. */
	int	(*name_get)(void *store, enum as_name_kind, const char *id,
		    char org[AS_ID_MAX + 1], as_error *err);
	int	(*name_put)(as_store *, enum as_name_kind, const char *id,
		    const char *org, int64_t seq, as_error *err);
	/* Calls fn with each name of kind, in order of the seq that
	 * introduced it. */
	int	(*names)(as_store *, enum as_name_kind,
		    void (*fn)(void *, const char *id, const char *org),
		    void *arg, as_error *err);
	/* Finds principal's key: 1 with the request hash and the seq it
	 * recorded, 0 if absent, -1 with err set. */
	int	(*idem_get)(as_store *, const char *principal, const char *key,
		    uint8_t request[AS_HASH_LEN], int64_t *seq, as_error *err);
	/*
	 * Checkpoints: the latest of org at or before limit whose upto is
	 * at most known (1 with *cp filled, 0 if none, -1); adding one;
	 * dropping those of org after instant after; every one, for verify.
	 */
	int	(*cp_get)(as_store *, const char *org, int64_t limit,
		    int64_t known, as_checkpoint *cp, as_error *err);
	int	(*cp_put)(as_store *, const as_checkpoint *cp, as_error *err);
	int	(*cp_drop)(as_store *, const char *org, int64_t after,
		    as_error *err);
	int	(*cp_scan)(as_store *, as_checkpoint_fn fn, void *arg,
		    as_error *err);
	/* The number of event rows, and of rows whose seq lies outside
	 * 1..head (verify). */
	int	(*count)(as_store *, int64_t *rows, int64_t *outside,
		    as_error *err);
	/* The seq up to which the events were written before the ledger
	 * was upgraded from format 1 (0 if it never was). */
	int	(*legacy_head)(as_store *, int64_t *seq, as_error *err);
	/*
	 * Tokens, outside the chain and outside any write: adding one (its
	 * id set; AS_EINVAL if the name is taken), the live one of an id (1
	 * with *t filled, 0 if none), each in order of id, revoking the live
	 * one of a name (AS_EINVAL if none).
	 */
	int	(*tok_add)(as_store *, as_token_row *t, as_error *err);
	int	(*tok_get)(as_store *, int64_t id, as_token_row *t,
	    as_error *err);
	int	(*tok_list)(as_store *, as_token_row_fn fn, void *arg,
		    as_error *err);
	int	(*tok_revoke)(as_store *, const char *name, const char *when,
		    as_error *err);
	/*
	 * The change counter, cheap to poll: two reads differ if anything
	 * was committed in between through another connection (an event, a
	 * token added or revoked), of this process or another. A reader
	 * keeps what it read until it moves.
	 */
	int	(*changes)(as_store *, int64_t *v, as_error *err);
	/*
	 * Waits at most ms milliseconds for a commit of any connection: 1 if
	 * one came (or may have: after a reconnection), 0 on the timeout, or
	 * an error. NULL for a backend that cannot tell (SQLite: poll
	 * changes instead).
	 */
	int	(*wait_commit)(as_store *, int ms, as_error *err);
	/*
	 * Undoes the making of a ledger this connection made (made is set)
	 * if it holds nothing yet (no event, no token): a failed first
	 * write leaves nothing behind. 1 undone, 0 kept, or an error. NULL
	 * for SQLite, whose file the caller removes.
	 */
	int	(*unmake)(as_store *, as_error *err);
	void	(*close)(as_store *);
} as_store_ops;

struct as_store {
	const as_store_ops *ops;
	/* Set by the backend at each failure: whether it was the store
	 * being out of reach (then AS_EUNAVAIL), cleared on success. */
	int	lost;
	/* Set by the backend when a write's commit failed with the store
	 * out of reach (the write may have been recorded or not), cleared
	 * at each begin. */
	int	unsure;
	/* What the opener's user is told to do about such a write (the
	 * store's message says it may have been recorded or not), in the
	 * opener's words; NULL: nothing more (as_ledger_advise). */
	const char	*unsure_advice;
	int	made;	/* this open made the ledger */
};

/*
 * Opens the ledger that db names: a PostgreSQL connection string (a
 * libpq URI, "postgresql://..." or "postgres://...", or key=value
 * pairs, "host=... dbname=..."), else the path of an SQLite file. create
 * as in as_store_sqlite_open; err and *rc as there, and AS_EUNAVAIL when
 * the server cannot be reached.
 */
as_store	*as_store_open(const char *db, int create, as_error *err,
    int *rc);

/* Whether db names a PostgreSQL database (see as_store_open). */
int		 as_store_is_pg(const char *db);

/* db as messages name it: an SQLite path as it is, a connection string
 * as "postgresql://HOST:PORT/DBNAME", without user or password. */
void		 as_store_label(const char *db, char *out, size_t len);

/* conninfo's label (see as_store_label). */
void		 as_store_pg_label(const char *conninfo, char *out, size_t len);

/* Opens the PostgreSQL ledger of the connection string conninfo: as
 * as_store_sqlite_open; with create an empty schema gets the tables. */
as_store	*as_store_pg_open(const char *conninfo, int create,
    as_error *err,
		    int *rc);

/*
 * Opens the SQLite ledger at path. With create, a missing file or an
 * empty database becomes a new ledger; without, it is an error. A file
 * that is not an assent ledger is always an error; a ledger of format
 * version 1 opens only with upgrade (it is then upgraded in place, every
 * event's hash kept: see as_store_upgrade). Returns the store, or NULL
 * with err set (*rc, if not NULL, says AS_EUPGRADE or AS_ESTORE).
 */
as_store	*as_store_sqlite_open(const char *path, int create,
    as_error *err,
		    int *rc);

/*
 * Upgrades a version-1 SQLite ledger in place: adds each event's
 * organisation and instant, the directory of names and the checkpoint
 * table, and records the head of the upgrade ("legacy_head"). scope_of
 * tells the organisation of each event in order of seq. 0, 1 if the
 * ledger was already current, or -1 with err set (nothing changed).
 */
int	as_store_sqlite_upgrade(const char *path,
	    int (*scope_of)(void *arg, const as_event *ev,
	    char org[AS_ID_MAX + 1], as_error *err), void *arg, as_error *err);

#endif
