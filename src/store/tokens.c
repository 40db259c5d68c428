/* API tokens: see tokens.h. */
#include "store/tokens.h"

#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include <sodium.h>
#include <sqlite3.h>

#include "core/chain.h"

#define SECRET_LEN 32	/* 256 bits */

enum stmt {
	T_INSERT, T_BY_ID, T_LIST, T_REVOKE, T_VERSION, T__COUNT
};

static const char *const sql[T__COUNT] = {
	[T_INSERT] = "INSERT INTO tokens(name, role, org, member, hash, "
	    "created) VALUES (?1, ?2, ?3, ?4, ?5, ?6)",
	[T_BY_ID] = "SELECT name, role, org, member, hash FROM tokens "
	    "WHERE id = ?1 AND revoked IS NULL",
	[T_LIST] = "SELECT id, name, role, org, member, created, "
	    "coalesce(revoked, '') FROM tokens ORDER BY id",
	[T_REVOKE] = "UPDATE tokens SET revoked = ?2 WHERE name = ?1 AND "
	    "revoked IS NULL",
	[T_VERSION] = "PRAGMA data_version",
};

static const char schema[] =
	"CREATE TABLE IF NOT EXISTS tokens("
	"  id INTEGER PRIMARY KEY,"
	"  name TEXT NOT NULL UNIQUE,"
	"  role TEXT NOT NULL,"
	"  org TEXT,"
	"  member TEXT,"
	"  hash BLOB NOT NULL,"
	"  created TEXT NOT NULL,"
	"  revoked TEXT);";

static const char *const roles[AS_ROLE__COUNT] = {
	[AS_ROLE_ADMIN] = "admin",
	[AS_ROLE_SECRETARIAT] = "secretariat",
	[AS_ROLE_DELEGATION] = "delegation",
	[AS_ROLE_OBSERVER] = "observer",
};

struct as_tokens {
	sqlite3		*db;
	sqlite3_stmt	*st[T__COUNT];
};

const char *
as_role_name(enum as_role r)
{
	return (unsigned)r < AS_ROLE__COUNT ? roles[r] : NULL;
}

int
as_role_find(const char *name)
{
	for (int i = 0; i < AS_ROLE__COUNT; i++)
		if (strcmp(roles[i], name) == 0)
			return i;
	return -1;
}

static int
fail(as_tokens *t, char *err, const char *what)
{
	as_err(err, "tokens: %s: %s", what, sqlite3_errmsg(t->db));
	return AS_ESTORE;
}

static sqlite3_stmt *
stmt(as_tokens *t, enum stmt i)
{
	if (t->st[i] == NULL &&
	    sqlite3_prepare_v3(t->db, sql[i], -1, SQLITE_PREPARE_PERSISTENT,
	    &t->st[i], NULL) != SQLITE_OK)
		return NULL;
	sqlite3_reset(t->st[i]);
	sqlite3_clear_bindings(t->st[i]);
	return t->st[i];
}

as_tokens *
as_tokens_open(const char *path, char *err)
{
	as_tokens *t;

	if (sodium_init() < 0) {
		as_err(err, "libsodium cannot be initialised");
		return NULL;
	}
	if ((t = calloc(1, sizeof(*t))) == NULL) {
		as_err(err, "out of memory");
		return NULL;
	}
	if (sqlite3_open_v2(path, &t->db, SQLITE_OPEN_READWRITE, NULL) !=
	    SQLITE_OK) {
		as_err(err, "%s: cannot open: %s", path, sqlite3_errmsg(t->db));
		as_tokens_close(t);
		return NULL;
	}
	sqlite3_busy_timeout(t->db, 10000);
	if (sqlite3_exec(t->db, schema, NULL, NULL, NULL) != SQLITE_OK) {
		fail(t, err, "creating the tables");
		as_tokens_close(t);
		return NULL;
	}
	return t;
}

void
as_tokens_close(as_tokens *t)
{
	if (t == NULL)
		return;
	for (int i = 0; i < T__COUNT; i++)
		sqlite3_finalize(t->st[i]);
	sqlite3_close(t->db);
	free(t);
}

/* Binds a text, or NULL for "". */
static void
bind_opt(sqlite3_stmt *q, int i, const char *s)
{
	if (s[0] == '\0')
		sqlite3_bind_null(q, i);
	else
		sqlite3_bind_text(q, i, s, -1, SQLITE_STATIC);
}

/* Copies a text column (NULL reads as "") into out. */
static void
column_copy(sqlite3_stmt *q, int i, char *out, size_t len)
{
	const unsigned char *s = sqlite3_column_text(q, i);

	snprintf(out, len, "%s", s != NULL ? (const char *)s : "");
}

int
as_tokens_add(as_tokens *t, as_principal *p, const char *created,
    char token[AS_TOKEN_MAX], char *err)
{
	uint8_t secret[SECRET_LEN], hash[crypto_hash_sha256_BYTES];
	char hex[2 * SECRET_LEN + 1];
	sqlite3_stmt *q;
	int rc, need_org, need_member;

	if (!as_is_id(p->name))
		return as_err(err, "token: name '%s' is not an identifier",
		    p->name), AS_EINVAL;
	need_org = p->role == AS_ROLE_SECRETARIAT ||
	    p->role == AS_ROLE_DELEGATION;
	need_member = p->role == AS_ROLE_DELEGATION;
	if (need_org != (p->org[0] != '\0'))
		return as_err(err, "token: --org is %s for the role %s",
		    need_org ? "required" : "not taken", roles[p->role]),
		    AS_EINVAL;
	if (need_member != (p->member[0] != '\0'))
		return as_err(err, "token: --member is %s for the role %s",
		    need_member ? "required" : "not taken", roles[p->role]),
		    AS_EINVAL;
	if ((need_org && !as_is_id(p->org)) ||
	    (need_member && !as_is_id(p->member)))
		return as_err(err, "token: --org and --member must be "
		    "identifiers"), AS_EINVAL;
	randombytes_buf(secret, sizeof(secret));
	crypto_hash_sha256(hash, secret, sizeof(secret));
	if ((q = stmt(t, T_INSERT)) == NULL)
		return fail(t, err, "prepare");
	sqlite3_bind_text(q, 1, p->name, -1, SQLITE_STATIC);
	sqlite3_bind_text(q, 2, roles[p->role], -1, SQLITE_STATIC);
	bind_opt(q, 3, p->org);
	bind_opt(q, 4, p->member);
	sqlite3_bind_blob(q, 5, hash, sizeof(hash), SQLITE_STATIC);
	sqlite3_bind_text(q, 6, created, -1, SQLITE_STATIC);
	rc = sqlite3_step(q);
	sqlite3_reset(q);
	if (rc == SQLITE_CONSTRAINT_UNIQUE || rc == SQLITE_CONSTRAINT)
		return as_err(err, "token: the name '%s' is taken", p->name),
		    AS_EINVAL;
	if (rc != SQLITE_DONE)
		return fail(t, err, "insert");
	p->id = sqlite3_last_insert_rowid(t->db);
	as_hex(secret, SECRET_LEN, hex);
	sodium_memzero(secret, sizeof(secret));
	snprintf(token, AS_TOKEN_MAX, "%lld.%s", (long long)p->id, hex);
	return AS_OK;
}

int
as_tokens_list(as_tokens *t, as_token_fn fn, void *arg, char *err)
{
	sqlite3_stmt *q = stmt(t, T_LIST);
	char created[AS_DATE_MAX], revoked[AS_DATE_MAX], role[32];
	as_principal p;
	int rc;

	if (q == NULL)
		return fail(t, err, "prepare");
	while ((rc = sqlite3_step(q)) == SQLITE_ROW) {
		memset(&p, 0, sizeof(p));
		p.id = sqlite3_column_int64(q, 0);
		column_copy(q, 1, p.name, sizeof(p.name));
		column_copy(q, 2, role, sizeof(role));
		p.role = as_role_find(role) < 0 ? AS_ROLE_OBSERVER :
		    (enum as_role)as_role_find(role);
		column_copy(q, 3, p.org, sizeof(p.org));
		column_copy(q, 4, p.member, sizeof(p.member));
		column_copy(q, 5, created, sizeof(created));
		column_copy(q, 6, revoked, sizeof(revoked));
		fn(arg, &p, created, revoked);
	}
	sqlite3_reset(q);
	return rc == SQLITE_DONE ? AS_OK : fail(t, err, "list");
}

int
as_tokens_revoke(as_tokens *t, const char *name, const char *when, char *err)
{
	sqlite3_stmt *q = stmt(t, T_REVOKE);
	int rc;

	if (q == NULL)
		return fail(t, err, "prepare");
	sqlite3_bind_text(q, 1, name, -1, SQLITE_STATIC);
	sqlite3_bind_text(q, 2, when, -1, SQLITE_STATIC);
	rc = sqlite3_step(q);
	sqlite3_reset(q);
	if (rc != SQLITE_DONE)
		return fail(t, err, "revoke");
	if (sqlite3_changes(t->db) == 0)
		return as_err(err, "token: no live token named '%s'", name),
		    AS_EINVAL;
	return AS_OK;
}

int
as_tokens_check(as_tokens *t, const char *token, as_principal *p, char *err)
{
	uint8_t secret[SECRET_LEN], hash[crypto_hash_sha256_BYTES];
	const char *dot = strchr(token, '.');
	char role[32], *end;
	long long id;
	sqlite3_stmt *q;
	int rc, found = 0;

	if (dot == NULL || strlen(dot + 1) != 2 * SECRET_LEN ||
	    as_unhex(dot + 1, secret, SECRET_LEN) != 0)
		return 0;
	id = strtoll(token, &end, 10);
	if (end != dot || id <= 0)
		return 0;
	crypto_hash_sha256(hash, secret, sizeof(secret));
	sodium_memzero(secret, sizeof(secret));
	if ((q = stmt(t, T_BY_ID)) == NULL)
		return fail(t, err, "prepare"), -1;
	sqlite3_bind_int64(q, 1, id);
	rc = sqlite3_step(q);
	if (rc == SQLITE_ROW && sqlite3_column_bytes(q, 4) == sizeof(hash) &&
	    sodium_memcmp(sqlite3_column_blob(q, 4), hash, sizeof(hash)) == 0) {
		memset(p, 0, sizeof(*p));
		p->id = id;
		column_copy(q, 0, p->name, sizeof(p->name));
		column_copy(q, 1, role, sizeof(role));
		column_copy(q, 2, p->org, sizeof(p->org));
		column_copy(q, 3, p->member, sizeof(p->member));
		found = as_role_find(role) >= 0;
		p->role = found ? (enum as_role)as_role_find(role) :
		    AS_ROLE_OBSERVER;
	}
	sqlite3_reset(q);
	if (rc != SQLITE_ROW && rc != SQLITE_DONE)
		return fail(t, err, "check"), -1;
	return found;
}

int
as_tokens_version(as_tokens *t, int64_t *v, char *err)
{
	sqlite3_stmt *q = stmt(t, T_VERSION);
	int rc;

	if (q == NULL)
		return fail(t, err, "prepare"), -1;
	rc = sqlite3_step(q);
	if (rc == SQLITE_ROW)
		*v = sqlite3_column_int64(q, 0);
	sqlite3_reset(q);
	return rc == SQLITE_ROW ? 0 : (fail(t, err, "data_version"), -1);
}
