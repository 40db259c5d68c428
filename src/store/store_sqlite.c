/*
 * The SQLite store. WAL journal and synchronous=FULL: a commit is durable
 * when it returns. Triggers refuse any UPDATE or DELETE of an event. SQL
 * lives in one table of statements, always with bound parameters. A write
 * is BEGIN IMMEDIATE: writers of every process queue on SQLite's write
 * lock (the busy timeout), never fail on each other.
 */
#include "store/store.h"

#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>

#include <sqlite3.h>

#include "core/chain.h"
#include "core/json_read.h"

#define FORMAT	"assent-ledger"
#define VERSION	"2"
#define BUSY_MS	60000	/* how long a writer queues for the lock */

enum stmt {
	S_META_GET, S_META_SET, S_INSERT, S_SCAN, S_SCAN_ORG, S_SCAN_DATED,
	S_KNOWN,
	S_BEGIN, S_COMMIT, S_ROLLBACK, S_IDEM_INSERT, S_IDEM_GET,
	S_NAME_GET, S_NAME_PUT, S_NAMES, S_CP_GET, S_CP_PUT, S_CP_DROP,
	S_CP_SCAN, S_COUNT, S_TOK_INSERT, S_TOK_GET, S_TOK_LIST, S_TOK_REVOKE,
	S_VERSION, S__COUNT
};

#define EVENT_COLUMNS "seq, date, recorded, actor, type, data, prev, hash, " \
	"org, at"

static const char *const sql[S__COUNT] = {
	[S_META_GET] = "SELECT value FROM meta WHERE key = ?1",
	[S_META_SET] = "INSERT INTO meta(key, value) VALUES (?1, ?2) "
	    "ON CONFLICT(key) DO UPDATE SET value = excluded.value",
	[S_INSERT] = "INSERT INTO events(" EVENT_COLUMNS ") VALUES (?1, ?2, "
	    "?3, ?4, ?5, ?6, ?7, ?8, ?9, ?10)",
	[S_SCAN] = "SELECT " EVENT_COLUMNS " FROM events WHERE seq BETWEEN "
	    "?1 AND ?2 ORDER BY seq",
	[S_SCAN_ORG] = "SELECT " EVENT_COLUMNS " FROM events WHERE org = ?1 "
	    "AND (at, seq) > (?2, ?3) AND at <= ?4 AND seq <= ?5 "
	    "ORDER BY at, seq",
	[S_SCAN_DATED] = "SELECT " EVENT_COLUMNS " FROM events WHERE "
	    "(at, seq) > (?1, ?2) AND at <= ?3 AND seq <= ?4 ORDER BY at, seq",
	[S_KNOWN] = "SELECT coalesce(max(seq), 0) FROM events WHERE "
	    "recorded <= ?1",
	[S_BEGIN] = "BEGIN IMMEDIATE",
	[S_COMMIT] = "COMMIT",
	[S_ROLLBACK] = "ROLLBACK",
	[S_IDEM_INSERT] = "INSERT INTO idempotency(principal, key, request, "
	    "seq) VALUES (?1, ?2, ?3, ?4)",
	[S_IDEM_GET] = "SELECT request, seq FROM idempotency WHERE "
	    "principal = ?1 AND key = ?2",
	[S_NAME_GET] = "SELECT org FROM names WHERE kind = ?1 AND id = ?2",
	[S_NAME_PUT] = "INSERT INTO names(kind, id, org, seq) VALUES (?1, ?2, "
	    "?3, ?4)",
	[S_NAMES] = "SELECT id, org FROM names WHERE kind = ?1 ORDER BY seq",
	[S_CP_GET] = "SELECT at, seq, upto, state FROM checkpoints WHERE "
	    "org = ?1 AND at <= ?2 AND upto <= ?3 ORDER BY at DESC, seq DESC "
	    "LIMIT 1",
	[S_CP_PUT] = "INSERT OR REPLACE INTO checkpoints(org, at, seq, upto, "
	    "state) VALUES (?1, ?2, ?3, ?4, ?5)",
	[S_CP_DROP] = "DELETE FROM checkpoints WHERE org = ?1 AND at > ?2",
	[S_CP_SCAN] = "SELECT org, at, seq, upto, state FROM checkpoints "
	    "ORDER BY org, at, seq",
	/* One statement, one snapshot: the head and the rows together. */
	[S_COUNT] = "SELECT count(*), coalesce(sum(seq < 1 OR seq > (SELECT "
	    "CAST(value AS INTEGER) FROM meta WHERE key = 'head_seq')), 0) "
	    "FROM events",
	[S_TOK_INSERT] = "INSERT INTO tokens(name, role, org, member, hash, "
	    "created) VALUES (?1, ?2, ?3, ?4, ?5, ?6)",
	[S_TOK_GET] = "SELECT name, role, org, member, hash, created FROM "
	    "tokens WHERE id = ?1 AND revoked IS NULL",
	[S_TOK_LIST] = "SELECT id, name, role, org, member, created, "
	    "coalesce(revoked, '') FROM tokens ORDER BY id",
	[S_TOK_REVOKE] = "UPDATE tokens SET revoked = ?2 WHERE name = ?1 AND "
	    "revoked IS NULL",
	[S_VERSION] = "PRAGMA data_version",
};

/* The tokens (not events: outside the chain), in every ledger made
 * since they came, and added to an older one by the first token op. */
static const char tokens_schema[] =
	"CREATE TABLE IF NOT EXISTS tokens("
	"  id INTEGER PRIMARY KEY,"
	"  name TEXT NOT NULL UNIQUE,"
	"  role TEXT NOT NULL,"
	"  org TEXT,"
	"  member TEXT,"
	"  hash BLOB NOT NULL,"
	"  created TEXT NOT NULL,"
	"  revoked TEXT);";

/* What format 2 adds to format 1, in both a new ledger and an upgrade. */
static const char schema_v2[] =
	"CREATE INDEX events_history ON events(org, at, seq);"
	"CREATE INDEX events_recorded ON events(recorded);"
	"CREATE INDEX events_dated ON events(at, seq);"
	"CREATE TABLE names("
	"  kind TEXT NOT NULL,"
	"  id TEXT NOT NULL,"
	"  org TEXT NOT NULL,"
	"  seq INTEGER NOT NULL,"
	"  PRIMARY KEY (kind, id));"
	"CREATE TABLE checkpoints("
	"  org TEXT NOT NULL,"
	"  at INTEGER NOT NULL,"
	"  seq INTEGER NOT NULL,"
	"  upto INTEGER NOT NULL,"
	"  state BLOB NOT NULL,"
	"  PRIMARY KEY (org, at, seq));"
	"CREATE TABLE IF NOT EXISTS idempotency("
	"  principal TEXT NOT NULL,"
	"  key TEXT NOT NULL,"
	"  request BLOB NOT NULL,"
	"  seq INTEGER NOT NULL,"
	"  PRIMARY KEY (principal, key));";

static const char triggers[] =
	"CREATE TRIGGER events_append_only_update BEFORE UPDATE ON events "
	"  BEGIN SELECT RAISE(ABORT, 'the ledger is append-only'); END;"
	"CREATE TRIGGER events_append_only_delete BEFORE DELETE ON events "
	"  BEGIN SELECT RAISE(ABORT, 'the ledger is append-only'); END;";

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
	"  hash BLOB NOT NULL,"
	"  org TEXT NOT NULL,"
	"  at INTEGER NOT NULL);"
	"INSERT INTO meta VALUES ('format', '" FORMAT "'), ('version', '"
	VERSION "'), ('head_seq', '0'), ('head_hash', ''), "
	"('head_recorded', ''), ('legacy_head', '0');";

typedef struct sqlite_store {
	as_store	 base;
	sqlite3		*db;
	sqlite3_stmt	*st[S__COUNT];
	char		*path;
	int		 have_tokens;	/* the tokens table is there */
} sqlite_store;

static int
fail(sqlite_store *s, as_error *err, const char *what)
{
	int code = sqlite3_extended_errcode(s->db);

	if (code == SQLITE_FULL)
		as_fail(err, AS_ESTORE, "%s: %s: the disk is full", s->path,
		    what);
	else
		as_fail(err, AS_ESTORE, "%s: %s: %s", s->path, what,
		    sqlite3_errmsg(s->db));
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

/* Steps q once and resets it: 0 if it is done, -1 if not. */
static int
step_done(sqlite3_stmt *q)
{
	int rc = q != NULL ? sqlite3_step(q) : SQLITE_ERROR;

	if (q != NULL)
		sqlite3_reset(q);
	return rc == SQLITE_DONE ? 0 : -1;
}

static int
exec1(sqlite_store *s, enum stmt i)
{
	return step_done(stmt(s, i));
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

	if (q == NULL)
		return -1;
	sqlite3_bind_text(q, 1, key, -1, SQLITE_STATIC);
	sqlite3_bind_text(q, 2, val, -1, SQLITE_STATIC);
	return step_done(q);
}

static int
sq_head(as_store *base, as_head *h, as_error *err)
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
		as_fail(err, AS_ESTORE, "%s: the stored head hash is malformed",
		    s->path);
		return AS_ESTORE;
	}
	return 0;
}

static int
sq_begin(as_store *base, as_head *h, as_error *err)
{
	sqlite_store *s = (sqlite_store *)base;
	int rc;

	if (exec1(s, S_BEGIN) != 0)
		return fail(s, err, "begin");
	if ((rc = sq_head(base, h, err)) != 0)
		exec1(s, S_ROLLBACK);
	return rc;
}

static int
sq_insert(as_store *base, const as_event *e, const as_idem *k, as_error *err)
{
	sqlite_store *s = (sqlite_store *)base;
	sqlite3_stmt *q = stmt(s, S_INSERT);

	if (q == NULL)
		return fail(s, err, "prepare");
	sqlite3_bind_int64(q, 1, e->seq);
	sqlite3_bind_text(q, 2, e->date, -1, SQLITE_STATIC);
	sqlite3_bind_text(q, 3, e->recorded, -1, SQLITE_STATIC);
	sqlite3_bind_text(q, 4, e->actor, -1, SQLITE_STATIC);
	sqlite3_bind_text(q, 5, e->type, -1, SQLITE_STATIC);
	sqlite3_bind_text(q, 6, e->data_text, -1, SQLITE_STATIC);
	sqlite3_bind_blob(q, 7, e->prev, AS_HASH_LEN, SQLITE_STATIC);
	sqlite3_bind_blob(q, 8, e->hash, AS_HASH_LEN, SQLITE_STATIC);
	sqlite3_bind_text(q, 9, e->org, -1, SQLITE_STATIC);
	sqlite3_bind_int64(q, 10, e->when);
	if (step_done(q) != 0)
		return fail(s, err, "insert");
	if (k == NULL)
		return 0;
	if ((q = stmt(s, S_IDEM_INSERT)) == NULL)
		return fail(s, err, "prepare");
	sqlite3_bind_text(q, 1, k->principal, -1, SQLITE_STATIC);
	sqlite3_bind_text(q, 2, k->key, -1, SQLITE_STATIC);
	sqlite3_bind_blob(q, 3, k->request, AS_HASH_LEN, SQLITE_STATIC);
	sqlite3_bind_int64(q, 4, e->seq);
	if (step_done(q) != 0)
		return fail(s, err, "idempotency key");
	return 0;
}

static int
sq_commit(as_store *base, const as_head *h, as_error *err)
{
	sqlite_store *s = (sqlite_store *)base;
	char seq[32], hash[2 * AS_HASH_LEN + 1];
	int rc;

	snprintf(seq, sizeof(seq), "%lld", (long long)h->seq);
	as_hex(h->hash, AS_HASH_LEN, hash);
	if (meta_set(s, "head_seq", seq) != 0 ||
	    meta_set(s, "head_hash", hash) != 0 ||
	    meta_set(s, "head_recorded", h->recorded) != 0) {
		rc = fail(s, err, "update head");
		exec1(s, S_ROLLBACK);
		return rc;
	}
	if (exec1(s, S_COMMIT) != 0) {
		rc = fail(s, err, "commit");
		exec1(s, S_ROLLBACK);
		return rc;
	}
	return 0;
}

static void
sq_rollback(as_store *base)
{
	exec1((sqlite_store *)base, S_ROLLBACK);
}

/*
 * A text column as a C string. A value with a NUL inside cannot be what
 * the ledger wrote: *damaged is set, so that the event cannot verify.
 */
static char *
column_dup(sqlite3_stmt *q, int i, int *damaged)
{
	const unsigned char *t = sqlite3_column_text(q, i);
	int n = sqlite3_column_bytes(q, i);

	if (t == NULL || strlen((const char *)t) != (size_t)n)
		*damaged = 1;
	return strdup(t != NULL ? (const char *)t : "");
}

/* A text column into a fixed buffer; too long or damaged sets *damaged. */
static void
column_fixed(sqlite3_stmt *q, int i, char *out, size_t len, int *damaged)
{
	char *t = column_dup(q, i, damaged);

	snprintf(out, len, "%s", t ? t : "");
	if (t == NULL || strlen(t) >= len)
		*damaged = 1;
	free(t);
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

/* Runs a prepared scan q (its own statement), calling fn per row. */
static int
run_scan(sqlite_store *s, sqlite3_stmt *q, as_scan_fn fn, void *arg,
    as_error *err)
{
	int rc;

	while ((rc = sqlite3_step(q)) == SQLITE_ROW) {
		as_error why[1];
		as_event ev;
		int damaged = 0;
		memset(&ev, 0, sizeof(ev));
		ev.seq = sqlite3_column_int64(q, 0);
		column_fixed(q, 1, ev.date, sizeof(ev.date), &damaged);
		if (as_date_parse(ev.date, &ev.when, NULL) != 0)
			ev.when = INT64_MIN;
		column_fixed(q, 2, ev.recorded, sizeof(ev.recorded), &damaged);
		ev.actor = column_dup(q, 3, &damaged);
		ev.type = column_dup(q, 4, &damaged);
		ev.data_text = column_dup(q, 5, &damaged);
		column_hash(q, 6, ev.prev);
		column_hash(q, 7, ev.hash);
		column_fixed(q, 8, ev.org, sizeof(ev.org), &damaged);
		ev.at = sqlite3_column_int64(q, 9);
		if (ev.actor == NULL || ev.type == NULL || ev.data_text == NULL) {
			as_event_clear(&ev);
			sqlite3_finalize(q);
			return as_nomem(err, NULL);
		}
		if (damaged)
			/* A text cut at a NUL could hash as the one written; an
			 * empty payload cannot: verify reports it altered. */
			ev.data_text[0] = '\0';
		/* Not json_loads: out of memory, jansson may crash or lose a
		 * byte (core/json_read.h); a payload not JSON stays NULL. */
		if (!damaged && as_json_read(ev.data_text, strlen(ev.data_text),
		    &ev.data, why) == AS_JSON_NOMEM) {
			as_event_clear(&ev);
			sqlite3_finalize(q);
			return as_nomem(err, NULL);
		}
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

static int
sq_scan(as_store *base, int64_t from, int64_t to, as_scan_fn fn, void *arg,
    as_error *err)
{
	sqlite_store *s = (sqlite_store *)base;
	sqlite3_stmt *q;

	/* A scan may run while the same connection writes (the callback
	 * may not), so it gets a statement of its own. */
	if (sqlite3_prepare_v2(s->db, sql[S_SCAN], -1, &q, NULL) != SQLITE_OK)
		return fail(s, err, "scan");
	sqlite3_bind_int64(q, 1, from);
	sqlite3_bind_int64(q, 2, to);
	return run_scan(s, q, fn, arg, err);
}

static int
sq_scan_org(as_store *base, const char *org, int64_t after_at,
    int64_t after_seq, int64_t limit, int64_t known, as_scan_fn fn,
    void *arg, as_error *err)
{
	sqlite_store *s = (sqlite_store *)base;
	sqlite3_stmt *q;

	if (sqlite3_prepare_v2(s->db, sql[S_SCAN_ORG], -1, &q, NULL) !=
	    SQLITE_OK)
		return fail(s, err, "scan");
	sqlite3_bind_text(q, 1, org, -1, SQLITE_STATIC);
	sqlite3_bind_int64(q, 2, after_at);
	sqlite3_bind_int64(q, 3, after_seq);
	sqlite3_bind_int64(q, 4, limit);
	sqlite3_bind_int64(q, 5, known);
	return run_scan(s, q, fn, arg, err);
}

static int
sq_scan_dated(as_store *base, int64_t after_at, int64_t after_seq,
    int64_t limit, int64_t known, as_scan_fn fn, void *arg, as_error *err)
{
	sqlite_store *s = (sqlite_store *)base;
	sqlite3_stmt *q;

	if (sqlite3_prepare_v2(s->db, sql[S_SCAN_DATED], -1, &q, NULL) !=
	    SQLITE_OK)
		return fail(s, err, "scan");
	sqlite3_bind_int64(q, 1, after_at);
	sqlite3_bind_int64(q, 2, after_seq);
	sqlite3_bind_int64(q, 3, limit);
	sqlite3_bind_int64(q, 4, known);
	return run_scan(s, q, fn, arg, err);
}

static int
sq_known(as_store *base, const char *recorded, int64_t *seq, as_error *err)
{
	sqlite_store *s = (sqlite_store *)base;
	sqlite3_stmt *q = stmt(s, S_KNOWN);
	int rc;

	if (q == NULL)
		return fail(s, err, "prepare");
	sqlite3_bind_text(q, 1, recorded, -1, SQLITE_STATIC);
	if ((rc = sqlite3_step(q)) == SQLITE_ROW)
		*seq = sqlite3_column_int64(q, 0);
	sqlite3_reset(q);
	return rc == SQLITE_ROW ? 0 : fail(s, err, "known at");
}

static int
sq_name_get(void *arg, enum as_name_kind kind, const char *id,
    char org[AS_ID_MAX + 1], as_error *err)
{
	sqlite_store *s = arg;
	sqlite3_stmt *q = stmt(s, S_NAME_GET);
	int rc;

	if (q == NULL)
		return fail(s, err, "prepare"), -1;
	sqlite3_bind_text(q, 1, as_name_kind_text(kind), -1, SQLITE_STATIC);
	sqlite3_bind_text(q, 2, id, -1, SQLITE_STATIC);
	rc = sqlite3_step(q);
	if (rc == SQLITE_ROW)
		snprintf(org, AS_ID_MAX + 1, "%s",
		    (const char *)sqlite3_column_text(q, 0));
	sqlite3_reset(q);
	if (rc != SQLITE_ROW && rc != SQLITE_DONE)
		return fail(s, err, "name lookup"), -1;
	return rc == SQLITE_ROW;
}

static int
sq_name_put(as_store *base, enum as_name_kind kind, const char *id,
    const char *org, int64_t seq, as_error *err)
{
	sqlite_store *s = (sqlite_store *)base;
	sqlite3_stmt *q = stmt(s, S_NAME_PUT);

	if (q == NULL)
		return fail(s, err, "prepare");
	sqlite3_bind_text(q, 1, as_name_kind_text(kind), -1, SQLITE_STATIC);
	sqlite3_bind_text(q, 2, id, -1, SQLITE_STATIC);
	sqlite3_bind_text(q, 3, org, -1, SQLITE_STATIC);
	sqlite3_bind_int64(q, 4, seq);
	return step_done(q) == 0 ? 0 : fail(s, err, "name");
}

static int
sq_names(as_store *base, enum as_name_kind kind,
    void (*fn)(void *, const char *, const char *), void *arg, as_error *err)
{
	sqlite_store *s = (sqlite_store *)base;
	sqlite3_stmt *q;
	int rc;

	if (sqlite3_prepare_v2(s->db, sql[S_NAMES], -1, &q, NULL) != SQLITE_OK)
		return fail(s, err, "names");
	sqlite3_bind_text(q, 1, as_name_kind_text(kind), -1, SQLITE_STATIC);
	while ((rc = sqlite3_step(q)) == SQLITE_ROW)
		fn(arg, (const char *)sqlite3_column_text(q, 0),
		    (const char *)sqlite3_column_text(q, 1));
	sqlite3_finalize(q);
	return rc == SQLITE_DONE ? 0 : fail(s, err, "names");
}

static int
sq_idem_get(as_store *base, const char *principal, const char *key,
    uint8_t request[AS_HASH_LEN], int64_t *seq, as_error *err)
{
	sqlite_store *s = (sqlite_store *)base;
	sqlite3_stmt *q = stmt(s, S_IDEM_GET);
	int rc, found = 0;

	if (q == NULL)
		return fail(s, err, "prepare"), -1;
	sqlite3_bind_text(q, 1, principal, -1, SQLITE_STATIC);
	sqlite3_bind_text(q, 2, key, -1, SQLITE_STATIC);
	rc = sqlite3_step(q);
	if (rc == SQLITE_ROW && sqlite3_column_bytes(q, 0) == AS_HASH_LEN) {
		memcpy(request, sqlite3_column_blob(q, 0), AS_HASH_LEN);
		*seq = sqlite3_column_int64(q, 1);
		found = 1;
	}
	sqlite3_reset(q);
	if (rc != SQLITE_ROW && rc != SQLITE_DONE)
		return fail(s, err, "idempotency lookup"), -1;
	return found;
}

/* Fills cp from a row of (at, seq, upto, state) starting at column c;
 * 0, or -1 if out of memory. */
static int
column_cp(sqlite3_stmt *q, int c, as_checkpoint *cp)
{
	const void *b = sqlite3_column_blob(q, c + 3);
	int n = sqlite3_column_bytes(q, c + 3);

	cp->at = sqlite3_column_int64(q, c);
	cp->seq = sqlite3_column_int64(q, c + 1);
	cp->upto = sqlite3_column_int64(q, c + 2);
	if ((cp->state = malloc((size_t)n + 1)) == NULL)
		return -1;
	if (n > 0)
		memcpy(cp->state, b, (size_t)n);
	cp->state[n] = '\0';
	cp->len = (size_t)n;
	return 0;
}

static int
sq_cp_get(as_store *base, const char *org, int64_t limit, int64_t known,
    as_checkpoint *cp, as_error *err)
{
	sqlite_store *s = (sqlite_store *)base;
	sqlite3_stmt *q = stmt(s, S_CP_GET);
	int rc, found = 0;

	memset(cp, 0, sizeof(*cp));
	if (q == NULL)
		return fail(s, err, "prepare"), -1;
	sqlite3_bind_text(q, 1, org, -1, SQLITE_STATIC);
	sqlite3_bind_int64(q, 2, limit);
	sqlite3_bind_int64(q, 3, known);
	rc = sqlite3_step(q);
	if (rc == SQLITE_ROW) {
		snprintf(cp->org, sizeof(cp->org), "%s", org);
		if (column_cp(q, 0, cp) != 0) {
			sqlite3_reset(q);
			return as_nomem(err, NULL);
		}
		found = 1;
	}
	sqlite3_reset(q);
	if (rc != SQLITE_ROW && rc != SQLITE_DONE)
		return fail(s, err, "checkpoint"), -1;
	return found;
}

static int
sq_cp_put(as_store *base, const as_checkpoint *cp, as_error *err)
{
	sqlite_store *s = (sqlite_store *)base;
	sqlite3_stmt *q = stmt(s, S_CP_PUT);

	if (q == NULL)
		return fail(s, err, "prepare");
	sqlite3_bind_text(q, 1, cp->org, -1, SQLITE_STATIC);
	sqlite3_bind_int64(q, 2, cp->at);
	sqlite3_bind_int64(q, 3, cp->seq);
	sqlite3_bind_int64(q, 4, cp->upto);
	sqlite3_bind_blob(q, 5, cp->state, (int)cp->len, SQLITE_STATIC);
	return step_done(q) == 0 ? 0 : fail(s, err, "checkpoint");
}

static int
sq_cp_drop(as_store *base, const char *org, int64_t after, as_error *err)
{
	sqlite_store *s = (sqlite_store *)base;
	sqlite3_stmt *q = stmt(s, S_CP_DROP);

	if (q == NULL)
		return fail(s, err, "prepare");
	sqlite3_bind_text(q, 1, org, -1, SQLITE_STATIC);
	sqlite3_bind_int64(q, 2, after);
	return step_done(q) == 0 ? 0 : fail(s, err, "checkpoint");
}

static int
sq_cp_scan(as_store *base, as_checkpoint_fn fn, void *arg, as_error *err)
{
	sqlite_store *s = (sqlite_store *)base;
	sqlite3_stmt *q;
	int rc;

	if (sqlite3_prepare_v2(s->db, sql[S_CP_SCAN], -1, &q, NULL) !=
	    SQLITE_OK)
		return fail(s, err, "checkpoints");
	while ((rc = sqlite3_step(q)) == SQLITE_ROW) {
		as_checkpoint cp;
		int stop;
		memset(&cp, 0, sizeof(cp));
		snprintf(cp.org, sizeof(cp.org), "%s",
		    (const char *)sqlite3_column_text(q, 0));
		if (column_cp(q, 1, &cp) != 0) {
			sqlite3_finalize(q);
			return as_nomem(err, NULL);
		}
		stop = fn(arg, &cp);
		free(cp.state);
		if (stop) {
			sqlite3_finalize(q);
			return 0;
		}
	}
	sqlite3_finalize(q);
	return rc == SQLITE_DONE ? 0 : fail(s, err, "checkpoints");
}

static int
sq_count(as_store *base, int64_t *rows, int64_t *outside, as_error *err)
{
	sqlite_store *s = (sqlite_store *)base;
	sqlite3_stmt *q;
	int rc;

	if ((q = stmt(s, S_COUNT)) == NULL)
		return fail(s, err, "prepare");
	if ((rc = sqlite3_step(q)) == SQLITE_ROW) {
		*rows = sqlite3_column_int64(q, 0);
		*outside = sqlite3_column_int64(q, 1);
	}
	sqlite3_reset(q);
	return rc == SQLITE_ROW ? 0 : fail(s, err, "count");
}

static int
sq_legacy_head(as_store *base, int64_t *seq, as_error *err)
{
	sqlite_store *s = (sqlite_store *)base;
	char v[32];

	if (meta_get(s, "legacy_head", v, sizeof(v)) != 1)
		return fail(s, err, "legacy head");
	*seq = strtoll(v, NULL, 10);
	return 0;
}

/* Makes the tokens table if it is missing; 0, or AS_ESTORE. */
static int
tokens_ready(sqlite_store *s, as_error *err)
{
	if (s->have_tokens)
		return 0;
	if (sqlite3_exec(s->db, tokens_schema, NULL, NULL, NULL) != SQLITE_OK)
		return fail(s, err, "creating the tokens table");
	s->have_tokens = 1;
	return 0;
}

/* Binds a text, or NULL for "". */
static void
bind_opt(sqlite3_stmt *q, int i, const char *v)
{
	if (v[0] == '\0')
		sqlite3_bind_null(q, i);
	else
		sqlite3_bind_text(q, i, v, -1, SQLITE_STATIC);
}

/* Copies a text column (NULL reads as "") into out. */
static void
column_copy(sqlite3_stmt *q, int i, char *out, size_t len)
{
	const unsigned char *v = sqlite3_column_text(q, i);

	snprintf(out, len, "%s", v != NULL ? (const char *)v : "");
}

static int
sq_tok_add(as_store *base, as_token_row *t, as_error *err)
{
	sqlite_store *s = (sqlite_store *)base;
	sqlite3_stmt *q;
	int rc;

	if (tokens_ready(s, err) != 0)
		return AS_ESTORE;
	if ((q = stmt(s, S_TOK_INSERT)) == NULL)
		return fail(s, err, "prepare");
	sqlite3_bind_text(q, 1, t->name, -1, SQLITE_STATIC);
	sqlite3_bind_text(q, 2, t->role, -1, SQLITE_STATIC);
	bind_opt(q, 3, t->org);
	bind_opt(q, 4, t->member);
	sqlite3_bind_blob(q, 5, t->hash, AS_HASH_LEN, SQLITE_STATIC);
	sqlite3_bind_text(q, 6, t->created, -1, SQLITE_STATIC);
	rc = sqlite3_step(q);
	sqlite3_reset(q);
	if ((rc & 0xff) == SQLITE_CONSTRAINT)
		return as_err(err, "the name '%s' is taken", t->name),
		    AS_EINVAL;
	if (rc != SQLITE_DONE)
		return fail(s, err, "token");
	t->id = sqlite3_last_insert_rowid(s->db);
	return AS_OK;
}

static int
sq_tok_get(as_store *base, int64_t id, as_token_row *t, as_error *err)
{
	sqlite_store *s = (sqlite_store *)base;
	sqlite3_stmt *q;
	int rc, found = 0;

	if (tokens_ready(s, err) != 0)
		return AS_ESTORE;
	if ((q = stmt(s, S_TOK_GET)) == NULL)
		return fail(s, err, "prepare");
	sqlite3_bind_int64(q, 1, id);
	rc = sqlite3_step(q);
	if (rc == SQLITE_ROW && sqlite3_column_bytes(q, 4) == AS_HASH_LEN) {
		memset(t, 0, sizeof(*t));
		t->id = id;
		column_copy(q, 0, t->name, sizeof(t->name));
		column_copy(q, 1, t->role, sizeof(t->role));
		column_copy(q, 2, t->org, sizeof(t->org));
		column_copy(q, 3, t->member, sizeof(t->member));
		memcpy(t->hash, sqlite3_column_blob(q, 4), AS_HASH_LEN);
		column_copy(q, 5, t->created, sizeof(t->created));
		found = 1;
	}
	sqlite3_reset(q);
	if (rc != SQLITE_ROW && rc != SQLITE_DONE)
		return fail(s, err, "token");
	return found;
}

static int
sq_tok_list(as_store *base, as_token_row_fn fn, void *arg, as_error *err)
{
	sqlite_store *s = (sqlite_store *)base;
	sqlite3_stmt *q;
	as_token_row t;
	int rc;

	if (tokens_ready(s, err) != 0)
		return AS_ESTORE;
	if (sqlite3_prepare_v2(s->db, sql[S_TOK_LIST], -1, &q, NULL) !=
	    SQLITE_OK)
		return fail(s, err, "tokens");
	while ((rc = sqlite3_step(q)) == SQLITE_ROW) {
		memset(&t, 0, sizeof(t));
		t.id = sqlite3_column_int64(q, 0);
		column_copy(q, 1, t.name, sizeof(t.name));
		column_copy(q, 2, t.role, sizeof(t.role));
		column_copy(q, 3, t.org, sizeof(t.org));
		column_copy(q, 4, t.member, sizeof(t.member));
		column_copy(q, 5, t.created, sizeof(t.created));
		column_copy(q, 6, t.revoked, sizeof(t.revoked));
		fn(arg, &t);
	}
	sqlite3_finalize(q);
	return rc == SQLITE_DONE ? AS_OK : fail(s, err, "tokens");
}

static int
sq_tok_revoke(as_store *base, const char *name, const char *when, as_error *err)
{
	sqlite_store *s = (sqlite_store *)base;
	sqlite3_stmt *q;
	int rc;

	if (tokens_ready(s, err) != 0)
		return AS_ESTORE;
	if ((q = stmt(s, S_TOK_REVOKE)) == NULL)
		return fail(s, err, "prepare");
	sqlite3_bind_text(q, 1, name, -1, SQLITE_STATIC);
	sqlite3_bind_text(q, 2, when, -1, SQLITE_STATIC);
	rc = sqlite3_step(q);
	sqlite3_reset(q);
	if (rc != SQLITE_DONE)
		return fail(s, err, "revoke");
	if (sqlite3_changes(s->db) == 0)
		return as_fail(err, AS_EINVAL, "no live token named '%s'",
		    name);
	return AS_OK;
}

/* SQLite's data_version: it moves when another connection commits. */
static int
sq_changes(as_store *base, int64_t *v, as_error *err)
{
	sqlite_store *s = (sqlite_store *)base;
	sqlite3_stmt *q = stmt(s, S_VERSION);
	int rc;

	if (q == NULL)
		return fail(s, err, "prepare");
	rc = sqlite3_step(q);
	if (rc == SQLITE_ROW)
		*v = sqlite3_column_int64(q, 0);
	sqlite3_reset(q);
	return rc == SQLITE_ROW ? AS_OK : fail(s, err, "data_version");
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
	.name = "sqlite",
	.head = sq_head,
	.begin = sq_begin,
	.insert = sq_insert,
	.commit = sq_commit,
	.rollback = sq_rollback,
	.scan = sq_scan,
	.scan_org = sq_scan_org,
	.scan_dated = sq_scan_dated,
	.known = sq_known,
	.name_get = sq_name_get,
	.name_put = sq_name_put,
	.names = sq_names,
	.idem_get = sq_idem_get,
	.cp_get = sq_cp_get,
	.cp_put = sq_cp_put,
	.cp_drop = sq_cp_drop,
	.cp_scan = sq_cp_scan,
	.count = sq_count,
	.legacy_head = sq_legacy_head,
	.tok_add = sq_tok_add,
	.tok_get = sq_tok_get,
	.tok_list = sq_tok_list,
	.tok_revoke = sq_tok_revoke,
	.changes = sq_changes,
	.wait_commit = NULL,
	.unmake = NULL,
	.close = sq_close,
};

/* One integer from a query without parameters; -1 on error. */
static int64_t
query_int(sqlite_store *s, const char *q_text)
{
	sqlite3_stmt *q;
	int64_t v = -1;

	if (sqlite3_prepare_v2(s->db, q_text, -1, &q, NULL) != SQLITE_OK)
		return -1;
	if (sqlite3_step(q) == SQLITE_ROW)
		v = sqlite3_column_int64(q, 0);
	sqlite3_finalize(q);
	return v;
}

/*
 * Opens the SQLite file and checks what it is: sets *version (0 for an
 * empty database, else the ledger's format version). NULL with err set
 * if it is not an assent ledger.
 */
static sqlite_store *
open_file(const char *path, int create, int *version, as_error *err)
{
	sqlite_store *s;
	struct stat sb;
	char format[64] = "", v[16] = "";
	int64_t tables;

	if (!create && stat(path, &sb) != 0) {
		as_fail(err, AS_ESTORE,
		    "%s: no ledger there (it is made by the first write)",
		    path);
		return NULL;
	}
	if ((s = calloc(1, sizeof(*s))) == NULL ||
	    (s->path = strdup(path)) == NULL) {
		free(s);
		as_nomem(err, NULL);
		return NULL;
	}
	s->base.ops = &sqlite_ops;
	if (sqlite3_open_v2(path, &s->db, SQLITE_OPEN_READWRITE |
	    (create ? SQLITE_OPEN_CREATE : 0), NULL) != SQLITE_OK) {
		fail(s, err, "cannot open");
		goto fail;
	}
	sqlite3_busy_timeout(s->db, BUSY_MS);
	sqlite3_extended_result_codes(s->db, 1);
	if ((tables = query_int(s, "SELECT count(*) FROM sqlite_master")) < 0) {
		as_fail(err, AS_ESTORE, "%s: not an assent ledger (%s)", path,
		    sqlite3_errmsg(s->db));
		goto fail;
	}
	*version = 0;
	if (tables == 0)
		return s;
	/* Check what the file is before changing anything in it. */
	if (query_int(s, "SELECT count(*) FROM sqlite_master WHERE type = "
	    "'table' AND name IN ('events', 'meta')") != 2 ||
	    meta_get(s, "format", format, sizeof(format)) != 1 ||
	    strcmp(format, FORMAT) != 0) {
		as_fail(err, AS_ESTORE, "%s: not an assent ledger", path);
		goto fail;
	}
	if (meta_get(s, "version", v, sizeof(v)) != 1 ||
	    (strcmp(v, "1") != 0 && strcmp(v, VERSION) != 0)) {
		as_fail(err, AS_ESTORE,
		    "%s: ledger format version %s is not supported",
		    path, v);
		goto fail;
	}
	*version = atoi(v);
	return s;
fail:
	sq_close(&s->base);
	return NULL;
}

as_store *
as_store_sqlite_open(const char *path, int create, as_error *err, int *rcp)
{
	sqlite_store *s;
	int version;

	if (rcp != NULL)
		*rcp = AS_ESTORE;
	if ((s = open_file(path, create, &version, err)) == NULL)
		return NULL;
	if (version == 0 && !create) {
		as_fail(err, AS_ESTORE,
		    "%s: not an assent ledger (an empty database)", path);
		goto fail;
	}
	if (version == 1) {
		as_fail(err, AS_EUPGRADE,
		    "%s: a ledger of format 1: run 'assent --db %s "
		    "upgrade' first (it keeps every event's hash)", path, path);
		if (rcp != NULL)
			*rcp = AS_EUPGRADE;
		goto fail;
	}
	if (sqlite3_exec(s->db, "PRAGMA journal_mode=WAL; PRAGMA "
	    "synchronous=FULL;", NULL, NULL, NULL) != SQLITE_OK) {
		fail(s, err, "setting the journal");
		goto fail;
	}
	if (version == 0 && (sqlite3_exec(s->db, "BEGIN IMMEDIATE", NULL, NULL,
	    NULL) != SQLITE_OK || (query_int(s, "SELECT count(*) FROM "
	    "sqlite_master") == 0 && (sqlite3_exec(s->db, schema, NULL, NULL,
	    NULL) != SQLITE_OK || sqlite3_exec(s->db, schema_v2, NULL, NULL,
	    NULL) != SQLITE_OK || sqlite3_exec(s->db, triggers, NULL, NULL,
	    NULL) != SQLITE_OK || sqlite3_exec(s->db, tokens_schema, NULL, NULL,
	    NULL) != SQLITE_OK)) || sqlite3_exec(s->db, "COMMIT", NULL, NULL,
	    NULL) != SQLITE_OK)) {
		fail(s, err, "creating the ledger");
		sqlite3_exec(s->db, "ROLLBACK", NULL, NULL, NULL);
		goto fail;
	}
	return &s->base;
fail:
	sq_close(&s->base);
	return NULL;
}

struct upgrade_arg {
	sqlite_store	*s;
	int		(*scope_of)(void *, const as_event *, char *,
	    as_error *);
	void		*arg;
	as_error *err;
	int		 rc;
};

static int
upgrade_one(void *arg, const as_event *ev)
{
	struct upgrade_arg *a = arg;
	char org[AS_ID_MAX + 1];
	enum as_name_kind kind;
	const char *id;
	sqlite3_stmt *q;

	if (ev->data == NULL) {
		as_fail(a->err, AS_EBROKEN,
		    "event %lld: data is not JSON (run verify)",
		    (long long)ev->seq);
		return a->rc = -1;
	}
	if (a->scope_of(a->arg, ev, org, a->err) != 0)
		return a->rc = -1;
	if (sqlite3_prepare_v2(a->s->db, "UPDATE events SET org = ?1, at = ?2 "
	    "WHERE seq = ?3", -1, &q, NULL) != SQLITE_OK)
		return a->rc = fail(a->s, a->err, "upgrade");
	sqlite3_bind_text(q, 1, org, -1, SQLITE_STATIC);
	sqlite3_bind_int64(q, 2, ev->when);
	sqlite3_bind_int64(q, 3, ev->seq);
	if (sqlite3_step(q) != SQLITE_DONE) {
		sqlite3_finalize(q);
		return a->rc = fail(a->s, a->err, "upgrade");
	}
	sqlite3_finalize(q);
	if (as_event_names(ev->type, ev->data, &kind, &id)) {
		char owner[AS_ID_MAX + 1];
		int found = sq_name_get(a->s, kind, id, owner, a->err);
		if (found < 0 || (found == 0 && sq_name_put(&a->s->base, kind,
		    id, org, ev->seq, a->err) != 0))
			return a->rc = -1;
	}
	return 0;
}

int
as_store_sqlite_upgrade(const char *path,
    int (*scope_of)(void *, const as_event *, char *, as_error *), void *arg,
    as_error *err)
{
	struct upgrade_arg a;
	sqlite_store *s;
	as_head h;
	char seq[32];
	int version, rc = -1;

	if ((s = open_file(path, 0, &version, err)) == NULL)
		return -1;
	if (version != 1) {
		sq_close(&s->base);
		if (version == 0)
			return as_fail(err, AS_ESTORE,
			    "%s: not an assent ledger (an empty "
			    "database)", path), -1;
		return 1;
	}
	a = (struct upgrade_arg){ s, scope_of, arg, err, 0 };
	if (sqlite3_exec(s->db, "PRAGMA journal_mode=WAL; PRAGMA "
	    "synchronous=FULL; BEGIN IMMEDIATE", NULL, NULL, NULL) != SQLITE_OK) {
		fail(s, err, "upgrade");
		goto done;
	}
	if (sqlite3_exec(s->db, "DROP TRIGGER events_append_only_update;"
	    "DROP TRIGGER events_append_only_delete;"
	    "ALTER TABLE events ADD COLUMN org TEXT NOT NULL DEFAULT '';"
	    "ALTER TABLE events ADD COLUMN at INTEGER NOT NULL DEFAULT 0;",
	    NULL, NULL, NULL) != SQLITE_OK ||
	    sqlite3_exec(s->db, schema_v2, NULL, NULL, NULL) != SQLITE_OK) {
		fail(s, err, "upgrade");
		goto rollback;
	}
	if (sq_scan(&s->base, 1, AS_SEQ_END, upgrade_one, &a, err) != 0 ||
	    a.rc != 0)
		goto rollback;
	if (sq_head(&s->base, &h, err) != 0)
		goto rollback;
	snprintf(seq, sizeof(seq), "%lld", (long long)h.seq);
	if (sqlite3_exec(s->db, triggers, NULL, NULL, NULL) != SQLITE_OK ||
	    meta_set(s, "version", VERSION) != 0 ||
	    meta_set(s, "legacy_head", seq) != 0 ||
	    sqlite3_exec(s->db, "COMMIT", NULL, NULL, NULL) != SQLITE_OK) {
		fail(s, err, "upgrade");
		goto rollback;
	}
	rc = 0;
	goto done;
rollback:
	sqlite3_exec(s->db, "ROLLBACK", NULL, NULL, NULL);
done:
	sq_close(&s->base);
	return rc;
}
