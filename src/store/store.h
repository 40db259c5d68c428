/*
 * The storage interface: an append-only sequence of chained events. A
 * backend stores what the ledger gives it and checks nothing but the
 * expected head; hashing and validation live in ledger.c. SQLite is the
 * embedded backend; PostgreSQL will be another row in as_store_open.
 */
#ifndef AS_STORE_H
#define AS_STORE_H

#include <stdint.h>

#include "core/event.h"

enum {
	AS_OK = 0,
	AS_EINVAL = -1,		/* the input was refused */
	AS_ESTORE = -2,		/* the store failed or is not a ledger */
	AS_ECONFLICT = -3	/* the head moved since it was read */
};

#define AS_SEQ_END INT64_MAX	/* a scan to the head */

typedef struct as_head {
	int64_t	seq;			/* 0 for an empty ledger */
	uint8_t	hash[AS_HASH_LEN];	/* zeros for an empty ledger */
	char	recorded[AS_DATE_MAX];	/* "" for an empty ledger */
} as_head;

/*
 * Called for each event in order of seq. The event is the store's and
 * valid only during the call; ev->data is NULL if the stored payload is
 * not valid JSON. Return 0 to go on, non-zero to stop the scan.
 */
typedef int (*as_scan_fn)(void *arg, const as_event *ev);

typedef struct as_store as_store;

/*
 * An idempotency record: the key a principal gave a write, and a hash of
 * the request. A backend stores it in the transaction that appends the
 * event it answers, so that neither can exist without the other (see
 * store/tokens.h for reading it back).
 */
typedef struct as_idem {
	const char	*principal;
	const char	*key;
	uint8_t		 request[AS_HASH_LEN];
} as_idem;

typedef struct as_store_ops {
	const char *name;
	int	(*head)(as_store *, as_head *, char *err);
	/* Appends n events, all or none, if the head is still expected. */
	int	(*append)(as_store *, int64_t expected, const as_event *evs,
		    size_t n, char *err);
	/* Scans the events from seq from to seq to (AS_SEQ_END: to the
	 * head); returns 0, or AS_ESTORE. */
	int	(*scan)(as_store *, int64_t from, int64_t to, as_scan_fn fn,
		    void *arg, char *err);
	void	(*close)(as_store *);
	/* As append; idem[i] (or NULL) is stored with evs[i], in the same
	 * transaction. idem itself may be NULL. */
	int	(*append_keyed)(as_store *, int64_t expected, const as_event *evs,
		    size_t n, const as_idem *const *idem, char *err);
} as_store_ops;

struct as_store {
	const as_store_ops *ops;
};

/*
 * Opens the SQLite ledger at path. With create, a missing file or an
 * empty database becomes a new ledger; without, it is an error. A file
 * that is not an assent ledger is always an error. Returns the store, or
 * NULL with err set.
 */
as_store	*as_store_sqlite_open(const char *path, int create, char *err);

#endif
