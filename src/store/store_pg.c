/*
 * The PostgreSQL store (libpq). One database holds one ledger, in the
 * tables of the connection's current schema; any number of processes on
 * any hosts use it at once. A write is one READ COMMITTED transaction
 * that begins by locking the head row (SELECT ... FOR UPDATE): writers
 * queue on it, and each reads the head its predecessor committed. The
 * primary key on seq and the unique prev and hash make a forked chain
 * impossible even if that lock were wrong; triggers refuse any UPDATE,
 * DELETE or TRUNCATE of events. synchronous_commit is never off: a
 * commit is durable when it returns. The commit notifies the channel
 * "assent_events" (LISTEN/NOTIFY), which servers wait on.
 *
 * SQL lives in one table of statements, prepared once per session and
 * always run with bound parameters. A lost connection fails the call
 * with AS_EUNAVAIL; the next call outside a transaction reconnects, and
 * a read (or a begin) that finds its connection lost reconnects and
 * runs again at once.
 */
#include "store/store.h"

#include <errno.h>
#include <inttypes.h>
#include <poll.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include <libpq-fe.h>

#include "core/chain.h"
#include "core/json_read.h"

#define FORMAT		"assent-ledger"
#define VERSION		2		/* the same format as SQLite's */
#define BATCH		"512"		/* rows fetched per query of a scan */
#define BATCH_N		512
#define CHANNEL		"assent_events"
#define CONNECT_TIMEOUT	"10"		/* seconds, unless the string says */
/* The advisory lock that serialises making the schema. */
#define SCHEMA_LOCK	"7310593858185426287"

enum stmt {
	P_HEAD, P_BEGIN, P_LOCK_HEAD, P_INSERT, P_IDEM_INSERT, P_SET_HEAD,
	P_COMMIT, P_ROLLBACK, P_SCAN, P_SCAN_ORG, P_SCAN_DATED, P_KNOWN,
	P_NAME_GET,
	P_NAME_PUT, P_NAMES, P_IDEM_GET, P_CP_GET, P_CP_PUT, P_CP_DROP,
	P_CP_SCAN, P_COUNT, P_META_GET, P_TOK_INSERT, P_TOK_GET, P_TOK_LIST,
	P_TOK_REVOKE, P_CHANGES, P__COUNT
};

#define EVENT_COLUMNS "seq, date, recorded, actor, type, data, " \
	"encode(prev, 'hex'), encode(hash, 'hex'), org, at"

static const struct {
	const char	*sql;
	int		 retry;	/* safe to run again after a reconnection */
} sql[P__COUNT] = {
	[P_HEAD] = { "SELECT seq, encode(hash, 'hex'), recorded FROM head "
	    "WHERE id = 1", 1 },
	[P_BEGIN] = { "BEGIN ISOLATION LEVEL READ COMMITTED", 1 },
	[P_LOCK_HEAD] = { "SELECT seq, encode(hash, 'hex'), recorded FROM head "
	    "WHERE id = 1 FOR UPDATE", 0 },
	[P_INSERT] = { "INSERT INTO events(seq, date, recorded, actor, type, "
	    "data, prev, hash, org, at) VALUES ($1::bigint, $2, $3, $4, $5, $6, "
	    "$7::bytea, $8::bytea, $9, $10::bigint)", 0 },
	[P_IDEM_INSERT] = { "INSERT INTO idempotency(principal, key, request, "
	    "seq) VALUES ($1, $2, $3::bytea, $4::bigint)", 0 },
	/* The head, the change counter and the notification, in one. */
	[P_SET_HEAD] = { "WITH u AS (UPDATE head SET seq = $1::bigint, hash = "
	    "$2::bytea, recorded = $3, changes = changes + 1 WHERE id = 1 "
	    "RETURNING seq) SELECT pg_notify('" CHANNEL "', seq::text) FROM u",
	    0 },
	[P_COMMIT] = { "COMMIT", 0 },
	[P_ROLLBACK] = { "ROLLBACK", 0 },
	[P_SCAN] = { "SELECT " EVENT_COLUMNS " FROM events WHERE seq BETWEEN "
	    "$1::bigint AND $2::bigint ORDER BY seq LIMIT " BATCH, 1 },
	[P_SCAN_ORG] = { "SELECT " EVENT_COLUMNS " FROM events WHERE org = $1 "
	    "AND (at, seq) > ($2::bigint, $3::bigint) AND at <= $4::bigint AND "
	    "seq <= $5::bigint ORDER BY org, at, seq LIMIT " BATCH, 1 },
	[P_SCAN_DATED] = { "SELECT " EVENT_COLUMNS " FROM events WHERE "
	    "(at, seq) > ($1::bigint, $2::bigint) AND at <= $3::bigint AND "
	    "seq <= $4::bigint ORDER BY at, seq LIMIT " BATCH, 1 },
	[P_KNOWN] = { "SELECT coalesce(max(seq), 0) FROM events WHERE "
	    "recorded <= $1", 1 },
	[P_NAME_GET] = { "SELECT org FROM names WHERE kind = $1 AND id = $2",
	    1 },
	[P_NAME_PUT] = { "INSERT INTO names(kind, id, org, seq) VALUES ($1, $2, "
	    "$3, $4::bigint)", 0 },
	[P_NAMES] = { "SELECT id, org FROM names WHERE kind = $1 ORDER BY seq",
	    1 },
	[P_IDEM_GET] = { "SELECT encode(request, 'hex'), seq FROM idempotency "
	    "WHERE principal = $1 AND key = $2", 1 },
	[P_CP_GET] = { "SELECT at, seq, upto, state FROM checkpoints WHERE "
	    "org = $1 AND at <= $2::bigint AND upto <= $3::bigint ORDER BY at "
	    "DESC, seq DESC LIMIT 1", 1 },
	[P_CP_PUT] = { "INSERT INTO checkpoints(org, at, seq, upto, state) "
	    "VALUES ($1, $2::bigint, $3::bigint, $4::bigint, $5) ON CONFLICT "
	    "(org, at, seq) DO UPDATE SET upto = excluded.upto, state = "
	    "excluded.state", 0 },
	[P_CP_DROP] = { "DELETE FROM checkpoints WHERE org = $1 AND at > "
	    "$2::bigint", 0 },
	[P_CP_SCAN] = { "SELECT org, at, seq, upto, state FROM checkpoints "
	    "ORDER BY org, at, seq", 1 },
	/* One statement, one snapshot: the head and the rows together. */
	[P_COUNT] = { "SELECT count(*), count(*) FILTER (WHERE seq < 1 OR "
	    "seq > (SELECT seq FROM head WHERE id = 1)) FROM events", 1 },
	[P_META_GET] = { "SELECT value FROM meta WHERE key = $1", 1 },
	[P_TOK_INSERT] = { "WITH t AS (INSERT INTO tokens(name, role, org, "
	    "member, hash, created) VALUES ($1, $2, $3, $4, $5::bytea, $6) "
	    "RETURNING id), c AS (UPDATE head SET changes = changes + 1 WHERE "
	    "id = 1) SELECT id FROM t", 0 },
	[P_TOK_GET] = { "SELECT name, role, coalesce(org, ''), coalesce(member, "
	    "''), encode(hash, 'hex'), created FROM tokens WHERE id = "
	    "$1::bigint AND revoked IS NULL", 1 },
	[P_TOK_LIST] = { "SELECT id, name, role, coalesce(org, ''), "
	    "coalesce(member, ''), created, coalesce(revoked, '') FROM tokens "
	    "ORDER BY id", 1 },
	[P_TOK_REVOKE] = { "WITH r AS (UPDATE tokens SET revoked = $2 WHERE "
	    "name = $1 AND revoked IS NULL RETURNING id), c AS (UPDATE head SET "
	    "changes = changes + 1 WHERE id = 1 AND EXISTS (SELECT 1 FROM r)) "
	    "SELECT count(*) FROM r", 0 },
	[P_CHANGES] = { "SELECT changes FROM head WHERE id = 1", 1 },
};

/* A new ledger: format 2, as SQLite's, with the head in a row of its own
 * (the row writers lock) and the change counter beside it. */
static const char schema[] =
	"CREATE TABLE meta(key text PRIMARY KEY, value text NOT NULL);"
	"CREATE TABLE head("
	"  id integer PRIMARY KEY CHECK (id = 1),"
	"  seq bigint NOT NULL,"
	"  hash bytea NOT NULL,"
	"  recorded text NOT NULL,"
	"  changes bigint NOT NULL);"
	"CREATE TABLE events("
	"  seq bigint PRIMARY KEY,"
	"  date text NOT NULL,"
	"  recorded text NOT NULL,"
	"  actor text NOT NULL,"
	"  type text NOT NULL,"
	"  data text NOT NULL,"
	"  prev bytea NOT NULL UNIQUE,"
	"  hash bytea NOT NULL UNIQUE,"
	"  org text NOT NULL,"
	"  at bigint NOT NULL);"
	"CREATE INDEX events_history ON events(org, at, seq);"
	"CREATE INDEX events_recorded ON events(recorded);"
	"CREATE INDEX events_dated ON events(at, seq);"
	"CREATE TABLE names("
	"  kind text NOT NULL,"
	"  id text NOT NULL,"
	"  org text NOT NULL,"
	"  seq bigint NOT NULL,"
	"  PRIMARY KEY (kind, id));"
	"CREATE INDEX names_order ON names(kind, seq);"
	"CREATE TABLE checkpoints("
	"  org text NOT NULL,"
	"  at bigint NOT NULL,"
	"  seq bigint NOT NULL,"
	"  upto bigint NOT NULL,"
	"  state text NOT NULL,"
	"  PRIMARY KEY (org, at, seq));"
	"CREATE TABLE idempotency("
	"  principal text NOT NULL,"
	"  key text NOT NULL,"
	"  request bytea NOT NULL,"
	"  seq bigint NOT NULL,"
	"  PRIMARY KEY (principal, key));"
	"CREATE TABLE tokens("
	"  id bigint GENERATED BY DEFAULT AS IDENTITY PRIMARY KEY,"
	"  name text NOT NULL UNIQUE,"
	"  role text NOT NULL,"
	"  org text,"
	"  member text,"
	"  hash bytea NOT NULL,"
	"  created text NOT NULL,"
	"  revoked text);"
	"CREATE FUNCTION events_append_only() RETURNS trigger LANGUAGE plpgsql "
	"  AS $$BEGIN RAISE EXCEPTION 'the ledger is append-only'; END$$;"
	"CREATE TRIGGER events_append_only BEFORE UPDATE OR DELETE ON events"
	"  FOR EACH ROW EXECUTE FUNCTION events_append_only();"
	"CREATE TRIGGER events_no_truncate BEFORE TRUNCATE ON events"
	"  FOR EACH STATEMENT EXECUTE FUNCTION events_append_only();"
	"INSERT INTO meta VALUES ('format', '" FORMAT "'), ('version', '2'),"
	"  ('legacy_head', '0');"
	"INSERT INTO head VALUES (1, 0, ''::bytea, '', 0);";

typedef struct pg_store {
	as_store	 base;
	PGconn		*c;
	char		*conninfo;
	char		 label[256];	/* the database, without credentials */
	unsigned char	 prepared[P__COUNT];	/* in this session */
	int		 intx;		/* a write is open */
	int		 listening;	/* LISTEN was sent in this session */
} pg_store;

/* Query parameters: texts, and hashes in binary. */
#define PARAMS_MAX 10
typedef struct params {
	int		 n;
	const char	*v[PARAMS_MAX];
	int		 len[PARAMS_MAX];
	int		 fmt[PARAMS_MAX];
	char		 num[PARAMS_MAX][24];
} params;

static void
p_text(params *p, const char *v)
{
	p->v[p->n] = v;
	p->len[p->n] = 0;
	p->fmt[p->n++] = 0;
}

/* A text, or NULL for "". */
static void
p_opt(params *p, const char *v)
{
	p_text(p, v[0] != '\0' ? v : NULL);
}

static void
p_int(params *p, int64_t v)
{
	snprintf(p->num[p->n], sizeof(p->num[0]), "%" PRId64, v);
	p_text(p, p->num[p->n]);
}

static void
p_bin(params *p, const uint8_t *b, size_t n)
{
	p->v[p->n] = (const char *)b;
	p->len[p->n] = (int)n;
	p->fmt[p->n++] = 1;
}

/* libpq's message on one line: its lines joined, tabs dropped. */
static void
one_line(const char *msg, char *out, size_t len)
{
	size_t o = 0;

	for (const char *m = msg; *m && o + 1 < len; m++) {
		char ch = *m == '\n' || *m == '\t' ? ' ' : *m;
		if (ch == ' ' && (o == 0 || out[o - 1] == ' '))
			continue;
		out[o++] = ch;
	}
	while (o > 0 && out[o - 1] == ' ')
		o--;
	out[o] = '\0';
}

/* Fails a call: AS_EUNAVAIL if the connection is gone, else AS_ESTORE. */
static int
fail(pg_store *s, as_error *err, const char *what, const PGresult *res)
{
	char msg[AS_ERR_MAX];
	const char *m = res != NULL ? PQresultErrorMessage(res) : "";

	if (m == NULL || *m == '\0')
		m = PQerrorMessage(s->c);
	one_line(m, msg, sizeof(msg));
	if (PQstatus(s->c) != CONNECTION_OK) {
		s->base.lost = 1;
		as_fail(err, AS_EUNAVAIL,
		    "%s: %s: the connection to the database was lost "
		    "(%.300s): retry", s->label, what, msg);
		return AS_EUNAVAIL;
	}
	s->base.lost = 0;
	as_fail(err, AS_ESTORE, "%s: %s: %.400s", s->label, what, msg);
	return AS_ESTORE;
}

/* libpq's notices (e.g. "relation exists") would go to stderr. */
static void
no_notice(void *arg, const char *msg)
{
	(void)arg;
	(void)msg;
}

/*
 * What each session needs: durable commits (synchronous_commit is never
 * off here; on, or stronger, as the server's configuration says) and
 * quiet notices. 0, or an error.
 */
static int
session(pg_store *s, as_error *err)
{
	PGresult *r;
	int rc = 0;

	PQsetNoticeProcessor(s->c, no_notice, NULL);
	memset(s->prepared, 0, sizeof(s->prepared));
	s->listening = 0;
	r = PQexec(s->c, "SELECT current_setting('synchronous_commit')");
	if (PQresultStatus(r) != PGRES_TUPLES_OK) {
		rc = fail(s, err, "session", r);
	} else if (strcmp(PQgetvalue(r, 0, 0), "off") == 0) {
		PQclear(r);
		r = PQexec(s->c, "SET synchronous_commit TO on");
		if (PQresultStatus(r) != PGRES_COMMAND_OK)
			rc = fail(s, err, "synchronous_commit", r);
	}
	PQclear(r);
	return rc;
}

/* Reconnects a connection found lost, outside a write. 0, or
 * AS_EUNAVAIL with err set. */
static int
reconnect(pg_store *s, as_error *err)
{
	char msg[AS_ERR_MAX];

	if (PQstatus(s->c) == CONNECTION_OK)
		return 0;
	if (s->intx)
		return fail(s, err, "write", NULL);
	PQreset(s->c);
	if (PQstatus(s->c) != CONNECTION_OK) {
		one_line(PQerrorMessage(s->c), msg, sizeof(msg));
		s->base.lost = 1;
		as_fail(err, AS_EUNAVAIL,
		    "%s: the database cannot be reached (%.300s): retry",
		    s->label, msg);
		return AS_EUNAVAIL;
	}
	return session(s, err);
}

/*
 * Runs statement i with p: the result (PGRES_TUPLES_OK or COMMAND_OK),
 * or NULL with *rc and err set. A unique violation is AS_EINVAL with
 * err naming what. A statement marked retry is run once more on a new
 * connection if the old one was found lost.
 */
static PGresult *
run(pg_store *s, enum stmt i, const params *p, const char *what, int *rc,
    as_error *err)
{
	char name[16];
	PGresult *r;
	int attempt;

	snprintf(name, sizeof(name), "as%d", (int)i);
	for (attempt = 0;; attempt++) {
		if ((*rc = reconnect(s, err)) != 0)
			return NULL;
		r = NULL;
		if (!s->prepared[i]) {
			r = PQprepare(s->c, name, sql[i].sql, 0, NULL);
			if (PQresultStatus(r) == PGRES_COMMAND_OK) {
				s->prepared[i] = 1;
				PQclear(r);
				r = NULL;
			}
		}
		if (r == NULL)
			r = PQexecPrepared(s->c, name, p ? p->n : 0,
			    p ? p->v : NULL, p ? p->len : NULL,
			    p ? p->fmt : NULL, 0);
		if (PQresultStatus(r) == PGRES_TUPLES_OK ||
		    PQresultStatus(r) == PGRES_COMMAND_OK) {
			s->base.lost = 0;
			return r;
		}
		if (PQstatus(s->c) != CONNECTION_OK && sql[i].retry &&
		    !s->intx && attempt == 0) {
			PQclear(r);
			continue;
		}
		break;
	}
	{
		const char *state = PQresultErrorField(r, PG_DIAG_SQLSTATE);
		if (state != NULL && strcmp(state, "23505") == 0) {
			s->base.lost = 0;
			as_fail(err, AS_EINVAL, "%s: %s: already stored",
			    s->label, what);
			*rc = AS_EINVAL;
		} else {
			*rc = fail(s, err, what, r);
		}
	}
	PQclear(r);
	return NULL;
}

/* A hash in hex into out; anything else reads as all ones, which links
 * to and matches nothing (as the SQLite store does). */
static void
hash_of(const char *hex, uint8_t out[AS_HASH_LEN])
{
	if (strlen(hex) != 2 * AS_HASH_LEN ||
	    as_unhex(hex, out, AS_HASH_LEN) != 0)
		memset(out, 0xff, AS_HASH_LEN);
}

static int64_t
int_of(const PGresult *r, int row, int col)
{
	return strtoll(PQgetvalue(r, row, col), NULL, 10);
}

static void
copy_col(const PGresult *r, int row, int col, char *out, size_t len)
{
	snprintf(out, len, "%s", PQgetvalue(r, row, col));
}

/* The head from a row of (seq, hash hex, recorded). */
static int
head_of(pg_store *s, const PGresult *r, as_head *h, as_error *err)
{
	memset(h, 0, sizeof(*h));
	if (PQntuples(r) != 1) {
		as_fail(err, AS_ESTORE,
		    "%s: the head row is missing (not an assent ledger)",
		    s->label);
		return AS_ESTORE;
	}
	h->seq = int_of(r, 0, 0);
	copy_col(r, 0, 2, h->recorded, sizeof(h->recorded));
	if (h->seq > 0 && (strlen(PQgetvalue(r, 0, 1)) != 2 * AS_HASH_LEN ||
	    as_unhex(PQgetvalue(r, 0, 1), h->hash, AS_HASH_LEN) != 0)) {
		as_fail(err, AS_ESTORE, "%s: the stored head hash is malformed",
		    s->label);
		return AS_ESTORE;
	}
	return AS_OK;
}

static int
pg_head(as_store *base, as_head *h, as_error *err)
{
	pg_store *s = (pg_store *)base;
	PGresult *r;
	int rc;

	if ((r = run(s, P_HEAD, NULL, "reading the head", &rc, err)) == NULL)
		return rc;
	rc = head_of(s, r, h, err);
	PQclear(r);
	return rc;
}

static void
pg_rollback(as_store *base)
{
	pg_store *s = (pg_store *)base;
	PGresult *r;

	if (!s->intx)
		return;
	s->intx = 0;
	if (PQstatus(s->c) == CONNECTION_OK) {
		r = PQexec(s->c, "ROLLBACK");
		PQclear(r);
	}
}

static int
pg_begin(as_store *base, as_head *h, as_error *err)
{
	pg_store *s = (pg_store *)base;
	PGresult *r;
	int rc;

	s->base.unsure = 0;
	if ((r = run(s, P_BEGIN, NULL, "begin", &rc, err)) == NULL)
		return rc;
	PQclear(r);
	s->intx = 1;
	/* Every writer of every host queues here, then reads the head its
	 * predecessor committed (READ COMMITTED re-reads the locked row). */
	if ((r = run(s, P_LOCK_HEAD, NULL, "locking the head", &rc,
	    err)) == NULL) {
		pg_rollback(base);
		return rc == AS_EINVAL ? AS_ESTORE : rc;
	}
	rc = head_of(s, r, h, err);
	PQclear(r);
	if (rc != AS_OK)
		pg_rollback(base);
	return rc;
}

/* A failure inside a write: never AS_EINVAL (the ledger checked the
 * input; a constraint refusing it means the store was changed under it:
 * a second head). */
static int
store_rc(int rc)
{
	return rc == AS_EINVAL ? AS_ESTORE : rc;
}

static int
pg_insert(as_store *base, const as_event *e, const as_idem *k, as_error *err)
{
	pg_store *s = (pg_store *)base;
	params p = { 0 };
	PGresult *r;
	int rc;

	p_int(&p, e->seq);
	p_text(&p, e->date);
	p_text(&p, e->recorded);
	p_text(&p, e->actor);
	p_text(&p, e->type);
	p_text(&p, e->data_text);
	p_bin(&p, e->prev, AS_HASH_LEN);
	p_bin(&p, e->hash, AS_HASH_LEN);
	p_text(&p, e->org);
	p_int(&p, e->when);
	if ((r = run(s, P_INSERT, &p, "insert", &rc, err)) == NULL) {
		if (rc == AS_EINVAL)
			as_err(err, "%s: event %lld: the database refused a "
			    "second event at this place of the chain (another "
			    "writer took it: a fork refused)", s->label,
			    (long long)e->seq);
		return store_rc(rc);
	}
	PQclear(r);
	if (k == NULL)
		return AS_OK;
	memset(&p, 0, sizeof(p));
	p_text(&p, k->principal);
	p_text(&p, k->key);
	p_bin(&p, k->request, AS_HASH_LEN);
	p_int(&p, e->seq);
	if ((r = run(s, P_IDEM_INSERT, &p, "idempotency key", &rc, err)) ==
	    NULL)
		return store_rc(rc);
	PQclear(r);
	return AS_OK;
}

static int
pg_commit(as_store *base, const as_head *h, as_error *err)
{
	pg_store *s = (pg_store *)base;
	params p = { 0 };
	PGresult *r;
	int rc;

	p_int(&p, h->seq);
	p_bin(&p, h->hash, h->seq > 0 ? AS_HASH_LEN : 0);
	p_text(&p, h->recorded);
	if ((r = run(s, P_SET_HEAD, &p, "update head", &rc, err)) == NULL) {
		pg_rollback(base);
		return store_rc(rc);
	}
	PQclear(r);
	r = run(s, P_COMMIT, NULL, "commit", &rc, err);
	s->intx = 0;
	if (r == NULL) {
		s->base.unsure = rc == AS_EUNAVAIL;
		if (rc == AS_EUNAVAIL)
			as_fail(err, AS_EUNAVAIL, "%s: the connection was lost "
			    "during the commit: the write may have been recorded "
			    "or not%s%s",
			    s->label, s->base.unsure_advice != NULL ? "; " : "",
			    s->base.unsure_advice != NULL ?
			    s->base.unsure_advice : "");
		return store_rc(rc);
	}
	PQclear(r);
	return AS_OK;
}

/* Fills ev from row i of a scan's result; 0, or -1 if out of memory. */
static int
event_of(const PGresult *r, int i, as_event *ev)
{
	as_error why[1];

	memset(ev, 0, sizeof(*ev));
	ev->seq = int_of(r, i, 0);
	copy_col(r, i, 1, ev->date, sizeof(ev->date));
	if (strlen(PQgetvalue(r, i, 1)) >= sizeof(ev->date) ||
	    as_date_parse(ev->date, &ev->when, NULL) != 0)
		ev->when = INT64_MIN;
	copy_col(r, i, 2, ev->recorded, sizeof(ev->recorded));
	ev->actor = strdup(PQgetvalue(r, i, 3));
	ev->type = strdup(PQgetvalue(r, i, 4));
	ev->data_text = strdup(PQgetvalue(r, i, 5));
	hash_of(PQgetvalue(r, i, 6), ev->prev);
	hash_of(PQgetvalue(r, i, 7), ev->hash);
	copy_col(r, i, 8, ev->org, sizeof(ev->org));
	ev->at = int_of(r, i, 9);
	if (ev->actor == NULL || ev->type == NULL || ev->data_text == NULL)
		return -1;
	if (strlen(PQgetvalue(r, i, 2)) >= sizeof(ev->recorded) ||
	    strlen(PQgetvalue(r, i, 8)) >= sizeof(ev->org))
		ev->data_text[0] = '\0';	/* cannot be what was written */
	/* Not json_loads: out of memory, jansson may crash or lose a byte
	 * (core/json_read.h); a payload not JSON stays NULL. */
	if (ev->data_text[0] != '\0' && as_json_read(ev->data_text,
	    strlen(ev->data_text), &ev->data, why) == AS_JSON_NOMEM)
		return -1;
	return 0;
}

/*
 * Calls fn for each row of r; 1 if fn stopped, 0 if not, AS_ESTORE if
 * out of memory. *last_at and *last_seq take the last row's place.
 */
static int
each_row(PGresult *r, as_scan_fn fn, void *arg, int64_t *last_at,
    int64_t *last_seq, as_error *err)
{
	for (int i = 0; i < PQntuples(r); i++) {
		as_event ev;
		int stop;
		if (event_of(r, i, &ev) != 0) {
			as_event_clear(&ev);
			return as_nomem(err, NULL);
		}
		*last_at = ev.at;
		*last_seq = ev.seq;
		stop = fn(arg, &ev);
		as_event_clear(&ev);
		if (stop)
			return 1;
	}
	return 0;
}

/*
 * Scans run batch after batch (keyset: each from the last row of the one
 * before), each result read whole before fn is called: fn may use the
 * store (a fold reads checkpoints inside a scan).
 */
static int
pg_scan(as_store *base, int64_t from, int64_t to, as_scan_fn fn, void *arg,
    as_error *err)
{
	pg_store *s = (pg_store *)base;
	int64_t at, seq;
	PGresult *r;
	int rc, n;

	for (;;) {
		params p = { 0 };
		p_int(&p, from);
		p_int(&p, to);
		if ((r = run(s, P_SCAN, &p, "scan", &rc, err)) == NULL)
			return store_rc(rc);
		n = PQntuples(r);
		rc = each_row(r, fn, arg, &at, &seq, err);
		PQclear(r);
		if (rc != 0)
			return rc < 0 ? rc : AS_OK;
		if (n < BATCH_N || seq >= to)
			return AS_OK;
		from = seq + 1;
	}
}

/* A scan in order of (at, seq), batch after batch (keyset: each from the
 * last row of the one before): one organisation's history (P_SCAN_ORG,
 * org) or every organisation's (P_SCAN_DATED, org NULL). */
static int
scan_by_date(pg_store *s, enum stmt i, const char *org, int64_t after_at,
    int64_t after_seq, int64_t limit, int64_t known, as_scan_fn fn,
    void *arg, as_error *err)
{
	PGresult *r;
	int rc, n;

	for (;;) {
		params p = { 0 };
		if (org != NULL)
			p_text(&p, org);
		p_int(&p, after_at);
		p_int(&p, after_seq);
		p_int(&p, limit);
		p_int(&p, known);
		if ((r = run(s, i, &p, "scan", &rc, err)) == NULL)
			return store_rc(rc);
		n = PQntuples(r);
		rc = each_row(r, fn, arg, &after_at, &after_seq, err);
		PQclear(r);
		if (rc != 0)
			return rc < 0 ? rc : AS_OK;
		if (n < BATCH_N)
			return AS_OK;
	}
}

static int
pg_scan_org(as_store *base, const char *org, int64_t after_at,
    int64_t after_seq, int64_t limit, int64_t known, as_scan_fn fn,
    void *arg, as_error *err)
{
	return scan_by_date((pg_store *)base, P_SCAN_ORG, org, after_at,
	    after_seq, limit, known, fn, arg, err);
}

static int
pg_scan_dated(as_store *base, int64_t after_at, int64_t after_seq,
    int64_t limit, int64_t known, as_scan_fn fn, void *arg, as_error *err)
{
	return scan_by_date((pg_store *)base, P_SCAN_DATED, NULL, after_at,
	    after_seq, limit, known, fn, arg, err);
}

static int
pg_known(as_store *base, const char *recorded, int64_t *seq, as_error *err)
{
	pg_store *s = (pg_store *)base;
	params p = { 0 };
	PGresult *r;
	int rc;

	p_text(&p, recorded);
	if ((r = run(s, P_KNOWN, &p, "known at", &rc, err)) == NULL)
		return store_rc(rc);
	*seq = int_of(r, 0, 0);
	PQclear(r);
	return AS_OK;
}

static int
pg_name_get(void *arg, enum as_name_kind kind, const char *id,
    char org[AS_ID_MAX + 1], as_error *err)
{
	pg_store *s = arg;
	params p = { 0 };
	PGresult *r;
	int rc, found;

	p_text(&p, as_name_kind_text(kind));
	p_text(&p, id);
	if ((r = run(s, P_NAME_GET, &p, "name lookup", &rc, err)) == NULL)
		return -1;
	if ((found = PQntuples(r) == 1))
		copy_col(r, 0, 0, org, AS_ID_MAX + 1);
	PQclear(r);
	return found;
}

static int
pg_name_put(as_store *base, enum as_name_kind kind, const char *id,
    const char *org, int64_t seq, as_error *err)
{
	pg_store *s = (pg_store *)base;
	params p = { 0 };
	PGresult *r;
	int rc;

	p_text(&p, as_name_kind_text(kind));
	p_text(&p, id);
	p_text(&p, org);
	p_int(&p, seq);
	if ((r = run(s, P_NAME_PUT, &p, "name", &rc, err)) == NULL)
		return store_rc(rc);
	PQclear(r);
	return AS_OK;
}

static int
pg_names(as_store *base, enum as_name_kind kind,
    void (*fn)(void *, const char *, const char *), void *arg, as_error *err)
{
	pg_store *s = (pg_store *)base;
	params p = { 0 };
	PGresult *r;
	int rc;

	p_text(&p, as_name_kind_text(kind));
	if ((r = run(s, P_NAMES, &p, "names", &rc, err)) == NULL)
		return store_rc(rc);
	for (int i = 0; i < PQntuples(r); i++)
		fn(arg, PQgetvalue(r, i, 0), PQgetvalue(r, i, 1));
	PQclear(r);
	return AS_OK;
}

static int
pg_idem_get(as_store *base, const char *principal, const char *key,
    uint8_t request[AS_HASH_LEN], int64_t *seq, as_error *err)
{
	pg_store *s = (pg_store *)base;
	params p = { 0 };
	PGresult *r;
	int rc, found = 0;

	p_text(&p, principal);
	p_text(&p, key);
	if ((r = run(s, P_IDEM_GET, &p, "idempotency lookup", &rc, err)) ==
	    NULL)
		return -1;
	if (PQntuples(r) == 1) {
		hash_of(PQgetvalue(r, 0, 0), request);
		*seq = int_of(r, 0, 1);
		found = 1;
	}
	PQclear(r);
	return found;
}

/* Fills cp from row i of (at, seq, upto, state) from column c. */
static int
cp_of(const PGresult *r, int i, int c, as_checkpoint *cp)
{
	size_t n = strlen(PQgetvalue(r, i, c + 3));

	cp->at = int_of(r, i, c);
	cp->seq = int_of(r, i, c + 1);
	cp->upto = int_of(r, i, c + 2);
	if ((cp->state = malloc(n + 1)) == NULL)
		return -1;
	memcpy(cp->state, PQgetvalue(r, i, c + 3), n + 1);
	cp->len = n;
	return 0;
}

static int
pg_cp_get(as_store *base, const char *org, int64_t limit, int64_t known,
    as_checkpoint *cp, as_error *err)
{
	pg_store *s = (pg_store *)base;
	params p = { 0 };
	PGresult *r;
	int rc, found = 0;

	memset(cp, 0, sizeof(*cp));
	p_text(&p, org);
	p_int(&p, limit);
	p_int(&p, known);
	if ((r = run(s, P_CP_GET, &p, "checkpoint", &rc, err)) == NULL)
		return -1;
	if (PQntuples(r) == 1) {
		snprintf(cp->org, sizeof(cp->org), "%s", org);
		if (cp_of(r, 0, 0, cp) != 0) {
			PQclear(r);
			return as_nomem(err, NULL);
		}
		found = 1;
	}
	PQclear(r);
	return found;
}

static int
pg_cp_put(as_store *base, const as_checkpoint *cp, as_error *err)
{
	pg_store *s = (pg_store *)base;
	params p = { 0 };
	PGresult *r;
	int rc;

	p_text(&p, cp->org);
	p_int(&p, cp->at);
	p_int(&p, cp->seq);
	p_int(&p, cp->upto);
	p_text(&p, cp->state);
	if ((r = run(s, P_CP_PUT, &p, "checkpoint", &rc, err)) == NULL)
		return store_rc(rc);
	PQclear(r);
	return AS_OK;
}

static int
pg_cp_drop(as_store *base, const char *org, int64_t after, as_error *err)
{
	pg_store *s = (pg_store *)base;
	params p = { 0 };
	PGresult *r;
	int rc;

	p_text(&p, org);
	p_int(&p, after);
	if ((r = run(s, P_CP_DROP, &p, "checkpoint", &rc, err)) == NULL)
		return store_rc(rc);
	PQclear(r);
	return AS_OK;
}

static int
pg_cp_scan(as_store *base, as_checkpoint_fn fn, void *arg, as_error *err)
{
	pg_store *s = (pg_store *)base;
	PGresult *r;
	int rc;

	if ((r = run(s, P_CP_SCAN, NULL, "checkpoints", &rc, err)) == NULL)
		return store_rc(rc);
	for (int i = 0; i < PQntuples(r); i++) {
		as_checkpoint cp;
		int stop;
		memset(&cp, 0, sizeof(cp));
		copy_col(r, i, 0, cp.org, sizeof(cp.org));
		if (cp_of(r, i, 1, &cp) != 0) {
			PQclear(r);
			return as_nomem(err, NULL);
		}
		stop = fn(arg, &cp);
		free(cp.state);
		if (stop)
			break;
	}
	PQclear(r);
	return AS_OK;
}

static int
pg_count(as_store *base, int64_t *rows, int64_t *outside, as_error *err)
{
	pg_store *s = (pg_store *)base;
	PGresult *r;
	int rc;

	if ((r = run(s, P_COUNT, NULL, "count", &rc, err)) == NULL)
		return store_rc(rc);
	*rows = int_of(r, 0, 0);
	*outside = int_of(r, 0, 1);
	PQclear(r);
	return AS_OK;
}

/* A meta value: 1 found, 0 absent, or an error. */
static int
meta_get(pg_store *s, const char *key, char *out, size_t len, as_error *err)
{
	params p = { 0 };
	PGresult *r;
	int rc, found;

	p_text(&p, key);
	if ((r = run(s, P_META_GET, &p, "meta", &rc, err)) == NULL)
		return store_rc(rc);
	if ((found = PQntuples(r) == 1))
		copy_col(r, 0, 0, out, len);
	PQclear(r);
	return found;
}

static int
pg_legacy_head(as_store *base, int64_t *seq, as_error *err)
{
	pg_store *s = (pg_store *)base;
	char v[32];
	int rc;

	if ((rc = meta_get(s, "legacy_head", v, sizeof(v), err)) < 0)
		return rc;
	*seq = rc == 1 ? strtoll(v, NULL, 10) : 0;
	return AS_OK;
}

static int
pg_tok_add(as_store *base, as_token_row *t, as_error *err)
{
	pg_store *s = (pg_store *)base;
	params p = { 0 };
	PGresult *r;
	int rc;

	p_text(&p, t->name);
	p_text(&p, t->role);
	p_opt(&p, t->org);
	p_opt(&p, t->member);
	p_bin(&p, t->hash, AS_HASH_LEN);
	p_text(&p, t->created);
	if ((r = run(s, P_TOK_INSERT, &p, "token", &rc, err)) == NULL)
		return rc;
	t->id = int_of(r, 0, 0);
	PQclear(r);
	return AS_OK;
}

static int
pg_tok_get(as_store *base, int64_t id, as_token_row *t, as_error *err)
{
	pg_store *s = (pg_store *)base;
	params p = { 0 };
	PGresult *r;
	int rc, found = 0;

	p_int(&p, id);
	if ((r = run(s, P_TOK_GET, &p, "token", &rc, err)) == NULL)
		return store_rc(rc);
	if (PQntuples(r) == 1) {
		memset(t, 0, sizeof(*t));
		t->id = id;
		copy_col(r, 0, 0, t->name, sizeof(t->name));
		copy_col(r, 0, 1, t->role, sizeof(t->role));
		copy_col(r, 0, 2, t->org, sizeof(t->org));
		copy_col(r, 0, 3, t->member, sizeof(t->member));
		hash_of(PQgetvalue(r, 0, 4), t->hash);
		copy_col(r, 0, 5, t->created, sizeof(t->created));
		found = 1;
	}
	PQclear(r);
	return found;
}

static int
pg_tok_list(as_store *base, as_token_row_fn fn, void *arg, as_error *err)
{
	pg_store *s = (pg_store *)base;
	as_token_row t;
	PGresult *r;
	int rc;

	if ((r = run(s, P_TOK_LIST, NULL, "tokens", &rc, err)) == NULL)
		return store_rc(rc);
	for (int i = 0; i < PQntuples(r); i++) {
		memset(&t, 0, sizeof(t));
		t.id = int_of(r, i, 0);
		copy_col(r, i, 1, t.name, sizeof(t.name));
		copy_col(r, i, 2, t.role, sizeof(t.role));
		copy_col(r, i, 3, t.org, sizeof(t.org));
		copy_col(r, i, 4, t.member, sizeof(t.member));
		copy_col(r, i, 5, t.created, sizeof(t.created));
		copy_col(r, i, 6, t.revoked, sizeof(t.revoked));
		fn(arg, &t);
	}
	PQclear(r);
	return AS_OK;
}

static int
pg_tok_revoke(as_store *base, const char *name, const char *when, as_error *err)
{
	pg_store *s = (pg_store *)base;
	params p = { 0 };
	PGresult *r;
	int rc, n;

	p_text(&p, name);
	p_text(&p, when);
	if ((r = run(s, P_TOK_REVOKE, &p, "revoke", &rc, err)) == NULL)
		return store_rc(rc);
	n = (int)int_of(r, 0, 0);
	PQclear(r);
	if (n == 0)
		return as_fail(err, AS_EINVAL, "no live token named '%s'",
		    name);
	return AS_OK;
}

static int
pg_changes(as_store *base, int64_t *v, as_error *err)
{
	pg_store *s = (pg_store *)base;
	PGresult *r;
	int rc;

	if ((r = run(s, P_CHANGES, NULL, "change counter", &rc, err)) == NULL)
		return store_rc(rc);
	if (PQntuples(r) != 1) {
		PQclear(r);
		return as_fail(err, AS_ESTORE, "%s: the head row is missing",
		    s->label);
	}
	*v = int_of(r, 0, 0);
	PQclear(r);
	return AS_OK;
}

/* Drains the notifications received: whether there was one. */
static int
drain(pg_store *s)
{
	PGnotify *n;
	int got = 0;

	while ((n = PQnotifies(s->c)) != NULL) {
		got = 1;
		PQfreemem(n);
	}
	return got;
}

static int
pg_wait_commit(as_store *base, int ms, as_error *err)
{
	pg_store *s = (pg_store *)base;
	struct pollfd pfd;
	PGresult *r;
	int rc, fresh = 0;

	if (!s->listening || PQstatus(s->c) != CONNECTION_OK) {
		fresh = PQstatus(s->c) != CONNECTION_OK;
		if ((rc = reconnect(s, err)) != 0)
			return rc;
		r = PQexec(s->c, "LISTEN " CHANNEL);
		if (PQresultStatus(r) != PGRES_COMMAND_OK) {
			rc = fail(s, err, "listen", r);
			PQclear(r);
			return rc;
		}
		PQclear(r);
		s->listening = 1;
		/* What was committed while no one listened is read back
		 * from the table by whoever waits: say there may be some. */
		if (fresh)
			return 1;
	}
	if (drain(s))
		return 1;
	pfd.fd = PQsocket(s->c);
	pfd.events = POLLIN;
	pfd.revents = 0;
	if (pfd.fd < 0)
		return fail(s, err, "listen", NULL);
	if (poll(&pfd, 1, ms) < 0) {
		if (errno == EINTR)
			return 0;
		return as_fail(err, AS_ESTORE, "%s: poll: %s", s->label,
		    strerror(errno));
	}
	if (pfd.revents == 0)
		return 0;
	if (PQconsumeInput(s->c) == 0) {
		rc = fail(s, err, "listen", NULL);
		s->listening = 0;
		return rc;
	}
	return drain(s);
}

/* The tables, dropped together with their triggers and indexes. */
static const char unschema[] =
	"DROP TABLE events, names, checkpoints, idempotency, tokens, meta, "
	"head; DROP FUNCTION events_append_only()";

static int
pg_unmake(as_store *base, as_error *err)
{
	pg_store *s = (pg_store *)base;
	PGresult *r;
	int rc, empty;

	if (!base->made)
		return 0;
	/* Under the head's lock: a writer that came meanwhile keeps it. */
	r = PQexec(s->c, "BEGIN; SELECT h.seq = 0 AND NOT EXISTS (SELECT 1 FROM "
	    "tokens) FROM head h WHERE id = 1 FOR UPDATE");
	if (PQresultStatus(r) != PGRES_TUPLES_OK || PQntuples(r) != 1) {
		rc = fail(s, err, "removing the new ledger", r);
		PQclear(r);
		PQclear(PQexec(s->c, "ROLLBACK"));
		return rc;
	}
	empty = strcmp(PQgetvalue(r, 0, 0), "t") == 0;
	PQclear(r);
	if (empty) {
		r = PQexec(s->c, unschema);
		if (PQresultStatus(r) != PGRES_COMMAND_OK) {
			rc = fail(s, err, "removing the new ledger", r);
			PQclear(r);
			PQclear(PQexec(s->c, "ROLLBACK"));
			return rc;
		}
		PQclear(r);
	}
	r = PQexec(s->c, "COMMIT");
	rc = PQresultStatus(r) == PGRES_COMMAND_OK ? empty :
	    fail(s, err, "removing the new ledger", r);
	PQclear(r);
	memset(s->prepared, 0, sizeof(s->prepared));
	return rc;
}

static void
pg_close(as_store *base)
{
	pg_store *s = (pg_store *)base;

	if (s == NULL)
		return;
	pg_rollback(base);
	PQfinish(s->c);
	free(s->conninfo);
	free(s);
}

static const as_store_ops pg_ops = {
	.name = "postgresql",
	.head = pg_head,
	.begin = pg_begin,
	.insert = pg_insert,
	.commit = pg_commit,
	.rollback = pg_rollback,
	.scan = pg_scan,
	.scan_org = pg_scan_org,
	.scan_dated = pg_scan_dated,
	.known = pg_known,
	.name_get = pg_name_get,
	.name_put = pg_name_put,
	.names = pg_names,
	.idem_get = pg_idem_get,
	.cp_get = pg_cp_get,
	.cp_put = pg_cp_put,
	.cp_drop = pg_cp_drop,
	.cp_scan = pg_cp_scan,
	.count = pg_count,
	.legacy_head = pg_legacy_head,
	.tok_add = pg_tok_add,
	.tok_get = pg_tok_get,
	.tok_list = pg_tok_list,
	.tok_revoke = pg_tok_revoke,
	.changes = pg_changes,
	.wait_commit = pg_wait_commit,
	.unmake = pg_unmake,
	.close = pg_close,
};

/*
 * The database as messages name it: "postgresql://HOST:PORT/DBNAME",
 * never with the user's password (which may be in conninfo); several
 * hosts as "postgresql://HOST1:PORT1,HOST2:PORT2/DBNAME", each with its
 * port (libpq's lists, paired; one port for all if one is given).
 */
void
as_store_pg_label(const char *conninfo, char *out, size_t len)
{
	PQconninfoOption *o = PQconninfoParse(conninfo, NULL);
	const char *host = "", *port = "", *db = "";
	size_t n;

	for (PQconninfoOption *p = o; p != NULL && p->keyword != NULL; p++) {
		if (p->val == NULL)
			continue;
		if (strcmp(p->keyword, "host") == 0)
			host = p->val;
		else if (strcmp(p->keyword, "port") == 0)
			port = p->val;
		else if (strcmp(p->keyword, "dbname") == 0)
			db = p->val;
	}
	if (o == NULL) {
		snprintf(out, len, "postgresql (a malformed connection string)");
		return;
	}
	n = (size_t)snprintf(out, len, "postgresql://");
	for (int first = 1; n < len && (first || *host != '\0'); first = 0) {
		size_t hl = strcspn(host, ","), pl = strcspn(port, ",");
		n += (size_t)snprintf(out + n, len - n, "%s%.*s%s%.*s",
		    first ? "" : ",", (int)hl, host, pl > 0 ? ":" : "",
		    (int)pl, port);
		host += hl + (host[hl] == ',');
		/* One port for every host, or one each. */
		if (strchr(port, ',') != NULL || port[pl] == ',')
			port += pl + (port[pl] == ',');
	}
	if (n < len)
		snprintf(out + n, len - n, "/%s", db);
	PQconninfoFree(o);
}

/* One number from a query without parameters, or -1 with err set. */
static int64_t
query_int(pg_store *s, const char *q, as_error *err)
{
	PGresult *r = PQexec(s->c, q);
	int64_t v = -1;

	if (PQresultStatus(r) == PGRES_TUPLES_OK && PQntuples(r) == 1)
		v = strtoll(PQgetvalue(r, 0, 0), NULL, 10);
	else
		fail(s, err, "reading the schema", r);
	PQclear(r);
	return v;
}

/* The tables of this schema: how many, and how many of assent's. */
#define TABLES_SQL \
	"SELECT count(*) FROM pg_catalog.pg_tables WHERE schemaname = " \
	"current_schema()"
#define OURS_SQL TABLES_SQL " AND tablename IN ('meta', 'head', 'events')"

/* Makes the schema in an empty one, under a lock (another process may
 * be making it too). 0, or an error. */
static int
create_schema(pg_store *s, as_error *err, int *made)
{
	PGresult *r = PQexec(s->c, "BEGIN; SELECT pg_advisory_xact_lock("
	    SCHEMA_LOCK ")");
	int64_t n;
	int rc = AS_OK;

	if (PQresultStatus(r) != PGRES_TUPLES_OK) {
		rc = fail(s, err, "creating the ledger", r);
		PQclear(r);
		goto done;
	}
	PQclear(r);
	if ((n = query_int(s, TABLES_SQL, err)) < 0) {
		rc = AS_ESTORE;
		goto done;
	}
	if (n == 0) {
		r = PQexec(s->c, schema);
		if (PQresultStatus(r) != PGRES_COMMAND_OK)
			rc = fail(s, err, "creating the ledger", r);
		PQclear(r);
		*made = rc == AS_OK;
	}
	if (rc == AS_OK) {
		r = PQexec(s->c, "COMMIT");
		if (PQresultStatus(r) != PGRES_COMMAND_OK)
			rc = fail(s, err, "creating the ledger", r);
		PQclear(r);
		return rc;
	}
done:
	PQclear(PQexec(s->c, "ROLLBACK"));
	return rc;
}

as_store *
as_store_pg_open(const char *conninfo, int create, as_error *err, int *rcp)
{
	/* The string's own settings win over these defaults. */
	const char *const keys[] = { "connect_timeout",
	    "fallback_application_name", "dbname", NULL };
	const char *vals[] = { CONNECT_TIMEOUT, "assent", conninfo, NULL };
	char msg[AS_ERR_MAX];
	char format[64] = "", version[16] = "";
	pg_store *s;
	int64_t n;
	int rc;

	if (rcp != NULL)
		*rcp = AS_ESTORE;
	if ((s = calloc(1, sizeof(*s))) == NULL ||
	    (s->conninfo = strdup(conninfo)) == NULL) {
		free(s);
		as_nomem(err, NULL);
		return NULL;
	}
	s->base.ops = &pg_ops;
	as_store_pg_label(conninfo, s->label, sizeof(s->label));
	s->c = PQconnectdbParams(keys, vals, 1);
	if (s->c == NULL) {
		as_fail(err, AS_ENOMEM, "%s: cannot connect: out of memory",
		    s->label);
		goto fail;
	}
	if (PQstatus(s->c) != CONNECTION_OK) {
		one_line(PQerrorMessage(s->c), msg, sizeof(msg));
		as_fail(err, AS_ESTORE, "%s: cannot connect: %.400s", s->label,
		    msg);
		/* Credentials refused are no reason to retry; a server that
		 * does not answer is. */
		if (rcp != NULL && strstr(msg, "authentication") == NULL &&
		    strstr(msg, "does not exist") == NULL)
			*rcp = AS_EUNAVAIL;
		goto fail;
	}
	if (session(s, err) != 0)
		goto fail;
	if ((n = query_int(s, TABLES_SQL, err)) < 0)
		goto fail;
	if (n == 0 && !create) {
		as_fail(err, AS_ESTORE,
		    "%s: no ledger there (it is made by the first write)",
		    s->label);
		goto fail;
	}
	if (n == 0 && (rc = create_schema(s, err, &s->base.made)) != AS_OK) {
		if (rcp != NULL)
			*rcp = rc;
		goto fail;
	}
	/* Check what the database holds before using it. */
	if ((n = query_int(s, OURS_SQL, err)) < 0)
		goto fail;
	if (n != 3 || meta_get(s, "format", format, sizeof(format), err) != 1 ||
	    strcmp(format, FORMAT) != 0) {
		as_fail(err, AS_ESTORE,
		    "%s: not an assent ledger (its tables are another "
		    "application's)", s->label);
		goto fail;
	}
	if (meta_get(s, "version", version, sizeof(version), err) != 1 ||
	    atoi(version) != VERSION) {
		if (atoi(version) > VERSION)
			as_fail(err, AS_ESTORE,
			    "%s: ledger format version %s is newer than "
			    "this assent reads (%d): use a newer assent", s->label,
			    version, VERSION);
		else
			as_fail(err, AS_ESTORE,
			    "%s: ledger format version '%.20s' is not "
			    "supported", s->label, version);
		goto fail;
	}
	return &s->base;
fail:
	pg_close(&s->base);
	return NULL;
}
