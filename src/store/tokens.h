/*
 * API tokens: kept by the ledger's store (a table beside the events, of
 * either backend), outside the hash chain (they are not events). A token
 * is 256 random bits, shown once as "ID.HEX"; only its SHA-256 is
 * stored, and it is compared in constant time. The roles and the checks
 * are here; the rows are the store's (store.h, tok_*). (Idempotency keys
 * are the store's too: see as_idem in store.h.)
 */
#ifndef AS_TOKENS_H
#define AS_TOKENS_H

#include <stdint.h>

#include "core/event.h"
#include "store/store.h"

#define AS_TOKEN_MAX	128	/* the longest token text accepted */
#define AS_IDEM_KEY_MAX	255	/* the longest idempotency key */

enum as_role {
	AS_ROLE_ADMIN,		/* the server: everything */
	AS_ROLE_SECRETARIAT,	/* runs the procedure of one organisation */
	AS_ROLE_DELEGATION,	/* speaks for one member of one organisation */
	AS_ROLE_OBSERVER,	/* reads only */
	AS_ROLE__COUNT
};

/* The role's name ("admin", ...), or NULL. */
const char	*as_role_name(enum as_role r);
/* The role named name; -1 if none. */
int		 as_role_find(const char *name);

typedef struct as_principal {
	int64_t		id;
	char		name[AS_ID_MAX + 1];
	enum as_role	role;
	char		org[AS_ID_MAX + 1];	/* "" for admin, observer */
	char		member[AS_ID_MAX + 1];	/* delegation only */
} as_principal;

typedef struct as_tokens as_tokens;

/* Opens the tokens of the existing ledger db (a path or a connection
 * string: see as_store_open) on a connection of their own. Returns them
 * (the caller closes), or NULL with err set. */
as_tokens	*as_tokens_open(const char *db, as_error *err);
void		 as_tokens_close(as_tokens *t);

/*
 * Adds a token for p (p->id is set). Its text is written into token
 * (AS_TOKEN_MAX bytes): the only time it exists in clear. created is the
 * writer's clock. Returns AS_OK, AS_EINVAL (a bad or taken name, a role
 * without its org or member) with err set, or AS_ESTORE.
 */
int	as_tokens_add(as_tokens *t, as_principal *p, const char *created,
	    char token[AS_TOKEN_MAX], as_error *err);

/* Calls fn for each token (revoked is "" if it is live). */
typedef void (*as_token_fn)(void *arg, const as_principal *p,
    const char *created, const char *revoked);
int	as_tokens_list(as_tokens *t, as_token_fn fn, void *arg, as_error *err);

/* Revokes the token named name. AS_OK, AS_EINVAL if there is no live
 * token of that name, AS_ESTORE. */
int	as_tokens_revoke(as_tokens *t, const char *name, const char *when,
	    as_error *err);

/* Checks a token's text: 1 with *p filled if it is live, 0 if it is
 * malformed, unknown or revoked, -1 with err set if the store fails. */
int	as_tokens_check(as_tokens *t, const char *token, as_principal *p,
	    as_error *err);

/*
 * The store's change counter as this connection sees it (the store's
 * changes op): it differs between two calls if any other connection (the
 * server's writer, the CLI or another server, on any host) committed in
 * between. Lets a reader keep what it read (the head, live tokens) until
 * the ledger changes. 0, or -1 with err set.
 */
int	as_tokens_version(as_tokens *t, int64_t *v, as_error *err);

/* Whether the last failure of t's store was the store out of reach (an
 * error to retry: see AS_EUNAVAIL). */
int	as_tokens_lost(const as_tokens *t);

#endif
