/*
 * The SQLite store. WAL journal and synchronous=FULL: an append is durable
 * when it returns. Triggers refuse any UPDATE or DELETE of an event. SQL
 * lives in one table of statements, always with bound parameters.
 */
#include "store/store.h"

#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>

#include <sqlite3.h>

#include "core/chain.h"

#define FORMAT	"assent-ledger"
#define VERSION	"1"

enum stmt {
	S_META_GET, S_META_SET, S_INSERT, S_SCAN, S_BEGIN, S_COMMIT,
	S_ROLLBACK, S_IDEM_INSERT, S__COUNT
};

static const char *const sql[S__COUNT] = {
	[S_META_GET] = "SELECT value FROM meta WHERE key = ?1",
	[S_META_SET] = "INSERT INTO meta(key, value) VALUES (?1, ?2) "
	    "ON CONFLICT(key) DO UPDATE SET value = excluded.value",
	[S_INSERT] = "INSERT INTO events(seq, date, recorded, actor, type, "
	    "data, prev, hash) VALUES (?1, ?2, ?3, ?4, ?5, ?6, ?7, ?8)",
	[S_SCAN] = "SELECT seq, date, recorded, actor, type, data, prev, hash "
	    "FROM events WHERE seq BETWEEN ?1 AND ?2 ORDER BY seq",
	[S_BEGIN] = "BEGIN IMMEDIATE",
	[S_COMMIT] = "COMMIT",
	[S_ROLLBACK] = "ROLLBACK",
	/* The table is outside the chain; store/tokens.c creates it. */
	[S_IDEM_INSERT] = "INSERT INTO idempotency(principal, key, request, "
	    "seq) VALUES (?1, ?2, ?3, ?4)",
};

static const char schema[] =
	"CREATE TABLE meta(key TEXT PRIMARY KEY, value TEXT NOT NULL);"
	"CREATE TABLE events("
	"  seq INTEGER PRIMARY KEY,"
	"  date TEXT NOT NULL,"
	"  recorded TEXT NOT NULL,"
	"  actor TEXT NOT NULL,"
	"  type TEXT NOT NULL,"
	"  data TEXT NOT NULL,"
	"  prev BLOB NOT NULL,"
	"  hash BLOB NOT NULL);"
	"CREATE TRIGGER events_append_only_update BEFORE UPDATE ON events "
	"  BEGIN SELECT RAISE(ABORT, 'the ledger is append-only'); END;"
	"CREATE TRIGGER events_append_only_delete BEFORE DELETE ON events "
	"  BEGIN SELECT RAISE(ABORT, 'the ledger is append-only'); END;"
	"INSERT INTO meta VALUES ('format', '" FORMAT "'), ('version', '"
	VERSION "'), ('head_seq', '0'), ('head_hash', ''), "
	"('head_recorded', '');";

typedef struct sqlite_store {
	as_store	 base;
	sqlite3		*db;
	sqlite3_stmt	*st[S__COUNT];
	char		*path;
} sqlite_store;

static int
fail(sqlite_store *s, char *err, const char *what)
{
	as_err(err, "%s: %s: %s", s->path, what, sqlite3_errmsg(s->db));
	return AS_ESTORE;
}

static sqlite3_stmt *
stmt(sqlite_store *s, enum stmt i)
{
	if (s->st[i] == NULL &&
	    sqlite3_prepare_v3(s->db, sql[i], -1, SQLITE_PREPARE_PERSISTENT,
	    &s->st[i], NULL) != SQLITE_OK)
		return NULL;
	sqlite3_reset(s->st[i]);
	sqlite3_clear_bindings(s->st[i]);
	return s->st[i];
}

static int
exec1(sqlite_store *s, enum stmt i)
{
	sqlite3_stmt *q = stmt(s, i);
	int rc = q != NULL ? sqlite3_step(q) : SQLITE_ERROR;
	if (q != NULL)
		sqlite3_reset(q);
	return rc == SQLITE_DONE ? 0 : -1;
}

/* Reads a meta value into out (len bytes); 1 found, 0 absent, -1 error. */
static int
meta_get(sqlite_store *s, const char *key, char *out, size_t len)
{
	sqlite3_stmt *q = stmt(s, S_META_GET);
	int rc;

	if (q == NULL)
		return -1;
	sqlite3_bind_text(q, 1, key, -1, SQLITE_STATIC);
	rc = sqlite3_step(q);
	if (rc == SQLITE_ROW) {
		snprintf(out, len, "%s", (const char *)sqlite3_column_text(q, 0));
		sqlite3_reset(q);
		return 1;
	}
	sqlite3_reset(q);
	return rc == SQLITE_DONE ? 0 : -1;
}

static int
meta_set(sqlite_store *s, const char *key, const char *val)
{
	sqlite3_stmt *q = stmt(s, S_META_SET);
	int rc;

	if (q == NULL)
		return -1;
	sqlite3_bind_text(q, 1, key, -1, SQLITE_STATIC);
	sqlite3_bind_text(q, 2, val, -1, SQLITE_STATIC);
	rc = sqlite3_step(q);
	sqlite3_reset(q);
	return rc == SQLITE_DONE ? 0 : -1;
}

static int
sq_head(as_store *base, as_head *h, char *err)
{
	sqlite_store *s = (sqlite_store *)base;
	char seq[32], hash[2 * AS_HASH_LEN + 1];

	memset(h, 0, sizeof(*h));
	if (meta_get(s, "head_seq", seq, sizeof(seq)) != 1 ||
	    meta_get(s, "head_hash", hash, sizeof(hash)) < 0 ||
	    meta_get(s, "head_recorded", h->recorded, sizeof(h->recorded)) < 0)
		return fail(s, err, "reading the head");
	h->seq = strtoll(seq, NULL, 10);
	if (h->seq > 0 && as_unhex(hash, h->hash, AS_HASH_LEN) != 0) {
		as_err(err, "%s: the stored head hash is malformed", s->path);
		return AS_ESTORE;
	}
	return 0;
}

/* Stores one idempotency record for event seq; 0 or -1. */
static int
idem_insert(sqlite_store *s, const as_idem *k, int64_t seq)
{
	sqlite3_stmt *q = stmt(s, S_IDEM_INSERT);
	int rc;

	if (q == NULL)
		return -1;
	sqlite3_bind_text(q, 1, k->principal, -1, SQLITE_STATIC);
	sqlite3_bind_text(q, 2, k->key, -1, SQLITE_STATIC);
	sqlite3_bind_blob(q, 3, k->request, AS_HASH_LEN, SQLITE_STATIC);
	sqlite3_bind_int64(q, 4, seq);
	rc = sqlite3_step(q);
	sqlite3_reset(q);
	return rc == SQLITE_DONE ? 0 : -1;
}

static int
sq_append_keyed(as_store *base, int64_t expected, const as_event *evs,
    size_t n, const as_idem *const *idem, char *err)
{
	sqlite_store *s = (sqlite_store *)base;
	as_head h;
	char seq[32], hash[2 * AS_HASH_LEN + 1];
	int rc;

	if (exec1(s, S_BEGIN) != 0)
		return fail(s, err, "begin");
	if ((rc = sq_head(base, &h, err)) != 0)
		goto rollback;
	if (h.seq != expected) {
		as_err(err, "the ledger's head moved (expected %lld, found %lld)",
		    (long long)expected, (long long)h.seq);
		rc = AS_ECONFLICT;
		goto rollback;
	}
	for (size_t i = 0; i < n; i++) {
		const as_event *e = &evs[i];
		sqlite3_stmt *q = stmt(s, S_INSERT);
		if (q == NULL) {
			rc = fail(s, err, "prepare");
			goto rollback;
		}
		sqlite3_bind_int64(q, 1, e->seq);
		sqlite3_bind_text(q, 2, e->date, -1, SQLITE_STATIC);
		sqlite3_bind_text(q, 3, e->recorded, -1, SQLITE_STATIC);
		sqlite3_bind_text(q, 4, e->actor, -1, SQLITE_STATIC);
		sqlite3_bind_text(q, 5, e->type, -1, SQLITE_STATIC);
		sqlite3_bind_text(q, 6, e->data_text, -1, SQLITE_STATIC);
		sqlite3_bind_blob(q, 7, e->prev, AS_HASH_LEN, SQLITE_STATIC);
		sqlite3_bind_blob(q, 8, e->hash, AS_HASH_LEN, SQLITE_STATIC);
		if (sqlite3_step(q) != SQLITE_DONE) {
			rc = fail(s, err, "insert");
			sqlite3_reset(q);
			goto rollback;
		}
		sqlite3_reset(q);
		if (idem != NULL && idem[i] != NULL &&
		    idem_insert(s, idem[i], e->seq) != 0) {
			rc = fail(s, err, "idempotency key");
			goto rollback;
		}
	}
	if (n > 0) {
		snprintf(seq, sizeof(seq), "%lld", (long long)evs[n - 1].seq);
		as_hex(evs[n - 1].hash, AS_HASH_LEN, hash);
		if (meta_set(s, "head_seq", seq) != 0 ||
		    meta_set(s, "head_hash", hash) != 0 ||
		    meta_set(s, "head_recorded", evs[n - 1].recorded) != 0) {
			rc = fail(s, err, "update head");
			goto rollback;
		}
	}
	if (exec1(s, S_COMMIT) != 0) {
		rc = fail(s, err, "commit");
		goto rollback;
	}
	return 0;
rollback:
	exec1(s, S_ROLLBACK);
	return rc;
}

/*
 * A text column as a C string. A value with a NUL inside cannot be what
 * the ledger wrote: *damaged is set, so that the event cannot verify.
 */
static int
sq_append(as_store *base, int64_t expected, const as_event *evs, size_t n,
    char *err)
{
	return sq_append_keyed(base, expected, evs, n, NULL, err);
}

static char *
column_dup(sqlite3_stmt *q, int i, int *damaged)
{
	const unsigned char *t = sqlite3_column_text(q, i);
	int n = sqlite3_column_bytes(q, i);

	if (t == NULL || strlen((const char *)t) != (size_t)n)
		*damaged = 1;
	return strdup(t != NULL ? (const char *)t : "");
}

/*
 * A hash column. One that is not a 32-byte blob cannot be what the
 * ledger wrote: it reads as all ones, which links to and matches nothing.
 */
static void
column_hash(sqlite3_stmt *q, int i, uint8_t out[AS_HASH_LEN])
{
	if (sqlite3_column_bytes(q, i) == AS_HASH_LEN &&
	    sqlite3_column_type(q, i) == SQLITE_BLOB)
		memcpy(out, sqlite3_column_blob(q, i), AS_HASH_LEN);
	else
		memset(out, 0xff, AS_HASH_LEN);
}

static int
sq_scan(as_store *base, int64_t from, int64_t to, as_scan_fn fn, void *arg,
    char *err)
{
	sqlite_store *s = (sqlite_store *)base;
	sqlite3_stmt *q;
	int rc;

	/* A scan may run while the same connection appends (the callback
	 * may not), so it gets a statement of its own. */
	if (sqlite3_prepare_v2(s->db, sql[S_SCAN], -1, &q, NULL) != SQLITE_OK)
		return fail(s, err, "scan");
	sqlite3_bind_int64(q, 1, from);
	sqlite3_bind_int64(q, 2, to);
	while ((rc = sqlite3_step(q)) == SQLITE_ROW) {
		as_event ev;
		char *date;
		int damaged = 0;
		memset(&ev, 0, sizeof(ev));
		ev.seq = sqlite3_column_int64(q, 0);
		date = column_dup(q, 1, &damaged);
		snprintf(ev.date, sizeof(ev.date), "%s", date ? date : "");
		if (date == NULL || strlen(date) >= sizeof(ev.date))
			damaged = 1;
		free(date);
		if (as_date_parse(ev.date, &ev.when, NULL) != 0)
			ev.when = INT64_MIN;
		char *rec = column_dup(q, 2, &damaged);
		snprintf(ev.recorded, sizeof(ev.recorded), "%s", rec ? rec : "");
		if (rec == NULL || strlen(rec) >= sizeof(ev.recorded))
			damaged = 1;
		free(rec);
		ev.actor = column_dup(q, 3, &damaged);
		ev.type = column_dup(q, 4, &damaged);
		ev.data_text = column_dup(q, 5, &damaged);
		column_hash(q, 6, ev.prev);
		column_hash(q, 7, ev.hash);
		if (ev.actor == NULL || ev.type == NULL || ev.data_text == NULL) {
			as_event_clear(&ev);
			sqlite3_finalize(q);
			as_err(err, "out of memory");
			return AS_ESTORE;
		}
		if (damaged)
			/* A text cut at a NUL could hash as the one written; an
			 * empty payload cannot: verify reports it altered. */
			ev.data_text[0] = '\0';
		ev.data = damaged ? NULL :
		    json_loads(ev.data_text, JSON_REJECT_DUPLICATES, NULL);
		int stop = fn(arg, &ev);
		as_event_clear(&ev);
		if (stop) {
			sqlite3_finalize(q);
			return 0;
		}
	}
	if (rc != SQLITE_DONE) {
		rc = fail(s, err, "scan");
		sqlite3_finalize(q);
		return rc;
	}
	sqlite3_finalize(q);
	return 0;
}

static void
sq_close(as_store *base)
{
	sqlite_store *s = (sqlite_store *)base;

	if (s == NULL)
		return;
	for (int i = 0; i < S__COUNT; i++)
		sqlite3_finalize(s->st[i]);
	sqlite3_close(s->db);
	free(s->path);
	free(s);
}

static const as_store_ops sqlite_ops = {
	"sqlite", sq_head, sq_append, sq_scan, sq_close, sq_append_keyed
};

/* Whether the database has no tables at all (a new or empty file). */
static int
is_empty(sqlite_store *s)
{
	sqlite3_stmt *q;
	int empty = 0;

	if (sqlite3_prepare_v2(s->db, "SELECT count(*) FROM sqlite_master",
	    -1, &q, NULL) != SQLITE_OK)
		return -1;
	if (sqlite3_step(q) == SQLITE_ROW)
		empty = sqlite3_column_int(q, 0) == 0;
	else
		empty = -1;
	sqlite3_finalize(q);
	return empty;
}

/* Whether the events table is there: 1 yes, 0 no, -1 error. */
static int
has_events(sqlite_store *s)
{
	sqlite3_stmt *q;
	int rc;

	if (sqlite3_prepare_v2(s->db, "SELECT count(*) FROM sqlite_master "
	    "WHERE type = 'table' AND name IN ('events', 'meta')", -1, &q,
	    NULL) != SQLITE_OK)
		return -1;
	rc = sqlite3_step(q) == SQLITE_ROW ? sqlite3_column_int(q, 0) == 2 : -1;
	sqlite3_finalize(q);
	return rc;
}

as_store *
as_store_sqlite_open(const char *path, int create, char *err)
{
	sqlite_store *s;
	struct stat sb;
	char format[64] = "", version[16] = "";
	int empty, rc;

	if (!create && stat(path, &sb) != 0) {
		as_err(err, "%s: no ledger there (it is made by the first write)",
		    path);
		return NULL;
	}
	if ((s = calloc(1, sizeof(*s))) == NULL ||
	    (s->path = strdup(path)) == NULL) {
		free(s);
		as_err(err, "out of memory");
		return NULL;
	}
	s->base.ops = &sqlite_ops;
	rc = sqlite3_open_v2(path, &s->db, SQLITE_OPEN_READWRITE |
	    (create ? SQLITE_OPEN_CREATE : 0), NULL);
	if (rc != SQLITE_OK) {
		fail(s, err, "cannot open");
		goto fail;
	}
	sqlite3_busy_timeout(s->db, 10000);
	sqlite3_extended_result_codes(s->db, 1);
	if ((empty = is_empty(s)) < 0) {
		as_err(err, "%s: not an assent ledger (%s)", path,
		    sqlite3_errmsg(s->db));
		goto fail;
	}
	if (empty && !create) {
		as_err(err, "%s: not an assent ledger (an empty database)", path);
		goto fail;
	}
	/* Check what the file is before changing anything in it. */
	if (!empty && (has_events(s) != 1 ||
	    meta_get(s, "format", format, sizeof(format)) != 1 ||
	    strcmp(format, FORMAT) != 0)) {
		as_err(err, "%s: not an assent ledger", path);
		goto fail;
	}
	if (!empty && (meta_get(s, "version", version, sizeof(version)) != 1 ||
	    strcmp(version, VERSION) != 0)) {
		as_err(err, "%s: ledger format version %s is not supported",
		    path, version);
		goto fail;
	}
	if (sqlite3_exec(s->db, "PRAGMA journal_mode=WAL; PRAGMA "
	    "synchronous=FULL;", NULL, NULL, NULL) != SQLITE_OK) {
		fail(s, err, "setting the journal");
		goto fail;
	}
	if (empty && sqlite3_exec(s->db, schema, NULL, NULL, NULL) != SQLITE_OK) {
		fail(s, err, "creating the ledger");
		goto fail;
	}
	return &s->base;
fail:
	sq_close(&s->base);
	return NULL;
}
