/* API tokens: see tokens.h. */
#include "store/tokens.h"

#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include <sodium.h>

#include "core/chain.h"

#define SECRET_LEN 32	/* 256 bits */

static const char *const roles[AS_ROLE__COUNT] = {
	[AS_ROLE_ADMIN] = "admin",
	[AS_ROLE_SECRETARIAT] = "secretariat",
	[AS_ROLE_DELEGATION] = "delegation",
	[AS_ROLE_OBSERVER] = "observer",
};

struct as_tokens {
	as_store	*s;
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

as_tokens *
as_tokens_open(const char *db, as_error *err)
{
	as_tokens *t;

	if (sodium_init() < 0) {
		as_fail(err, AS_ESTORE, "libsodium cannot be initialised");
		return NULL;
	}
	if ((t = calloc(1, sizeof(*t))) == NULL) {
		as_nomem(err, NULL);
		return NULL;
	}
	if ((t->s = as_store_open(db, 0, err, NULL)) == NULL) {
		free(t);
		return NULL;
	}
	return t;
}

void
as_tokens_close(as_tokens *t)
{
	if (t == NULL)
		return;
	t->s->ops->close(t->s);
	free(t);
}

/* A stored row as a principal (an unknown role reads as an observer's,
 * which can do least). */
static void
principal_of(const as_token_row *row, as_principal *p)
{
	int role = as_role_find(row->role);

	memset(p, 0, sizeof(*p));
	p->id = row->id;
	snprintf(p->name, sizeof(p->name), "%s", row->name);
	p->role = role < 0 ? AS_ROLE_OBSERVER : (enum as_role)role;
	snprintf(p->org, sizeof(p->org), "%s", row->org);
	snprintf(p->member, sizeof(p->member), "%s", row->member);
}

int
as_tokens_add(as_tokens *t, as_principal *p, const char *created,
    char token[AS_TOKEN_MAX], as_error *err)
{
	uint8_t secret[SECRET_LEN];
	char hex[2 * SECRET_LEN + 1];
	as_token_row row;
	int rc, need_org, need_member;

	if (!as_is_id(p->name))
		return as_fail(err, AS_EINVAL,
		    "token: name '%s' is not an identifier",
		    p->name);
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
		return as_fail(err, AS_EINVAL,
		    "token: --org and --member must be "
		    "identifiers");
	memset(&row, 0, sizeof(row));
	snprintf(row.name, sizeof(row.name), "%s", p->name);
	snprintf(row.role, sizeof(row.role), "%s", roles[p->role]);
	snprintf(row.org, sizeof(row.org), "%s", p->org);
	snprintf(row.member, sizeof(row.member), "%s", p->member);
	snprintf(row.created, sizeof(row.created), "%s", created);
	randombytes_buf(secret, sizeof(secret));
	crypto_hash_sha256(row.hash, secret, sizeof(secret));
	rc = t->s->ops->tok_add(t->s, &row, err);
	if (rc == AS_EINVAL)
		as_err(err, "token: the name '%s' is taken", p->name);
	if (rc != AS_OK) {
		sodium_memzero(secret, sizeof(secret));
		return rc;
	}
	p->id = row.id;
	as_hex(secret, SECRET_LEN, hex);
	sodium_memzero(secret, sizeof(secret));
	snprintf(token, AS_TOKEN_MAX, "%lld.%s", (long long)p->id, hex);
	sodium_memzero(hex, sizeof(hex));
	return AS_OK;
}

struct list_arg {
	as_token_fn	 fn;
	void		*arg;
};

static void
list_one(void *arg, const as_token_row *row)
{
	struct list_arg *a = arg;
	as_principal p;

	principal_of(row, &p);
	a->fn(a->arg, &p, row->created, row->revoked);
}

int
as_tokens_list(as_tokens *t, as_token_fn fn, void *arg, as_error *err)
{
	struct list_arg a = { fn, arg };

	return t->s->ops->tok_list(t->s, list_one, &a, err);
}

int
as_tokens_revoke(as_tokens *t, const char *name, const char *when,
    as_error *err)
{
	int rc = t->s->ops->tok_revoke(t->s, name, when, err);

	if (rc == AS_EINVAL)
		as_fail(err, AS_ENOTFOUND, "token: no live token named '%s'",
		    name);
	return rc;
}

int
as_tokens_check(as_tokens *t, const char *token, as_principal *p, as_error *err)
{
	uint8_t secret[SECRET_LEN], hash[crypto_hash_sha256_BYTES];
	const char *dot = strchr(token, '.');
	as_token_row row;
	char *end;
	long long id;
	int rc;

	if (dot == NULL || strlen(dot + 1) != 2 * SECRET_LEN ||
	    as_unhex(dot + 1, secret, SECRET_LEN) != 0)
		return 0;
	id = strtoll(token, &end, 10);
	if (end != dot || id <= 0)
		return 0;
	crypto_hash_sha256(hash, secret, sizeof(secret));
	sodium_memzero(secret, sizeof(secret));
	if ((rc = t->s->ops->tok_get(t->s, id, &row, err)) < 0)
		return -1;
	if (rc == 0 || sodium_memcmp(row.hash, hash, sizeof(hash)) != 0 ||
	    as_role_find(row.role) < 0)
		return 0;
	principal_of(&row, p);
	return 1;
}

int
as_tokens_version(as_tokens *t, int64_t *v, as_error *err)
{
	return t->s->ops->changes(t->s, v, err) == AS_OK ? 0 : -1;
}

int
as_tokens_lost(const as_tokens *t)
{
	return t->s->lost;
}
