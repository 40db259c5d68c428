/*
 * Authentication and authorization. A request carries its token as
 * "Authorization: Bearer ID.HEX" (or, on the stream route only, which a
 * browser's EventSource opens without headers, as ?access_token=). Who
 * may record what is one table: the roles allowed for every event type,
 * narrowed to the principal's organisation (and member, for a
 * delegation) by the event's scope.
 */
#include "http/http.h"

#include <string.h>
#include <strings.h>

#include <sodium.h>

#include "core/scope.h"

/*
 * The event types a delegation may record, for its own member only: its
 * position, which is also how it breaks a silence procedure (an
 * objection, or a position with an amendment; docs/rules.md).
 */
static const char *const delegation_types[] = {
	"position.declare",
	NULL
};

/* Event types only the administrator records: they make organisations. */
static const char *const admin_types[] = {
	"org.create",
	NULL
};

static int
listed(const char *const *list, const char *name)
{
	for (; *list; list++)
		if (strcmp(*list, name) == 0)
			return 1;
	return 0;
}

/*
 * as_tokens_check, remembering the tokens found live until the ledger
 * changes (a revocation by the CLI or another server changes it).
 * Compared in constant time, as the store does. Called with rdmu held.
 * 1 live, 0 not, or the store's error (AS_EUNAVAIL, AS_ESTORE).
 */
static int
check_cached(http_server *s, const char *tok, as_principal *p, as_error *err)
{
	char text[AS_TOKEN_MAX];
	int64_t v;
	int rc;

	memset(text, 0, sizeof(text));
	memcpy(text, tok, strlen(tok));
	if (as_tokens_version(s->tok, &v, err) != 0)
		return as_tokens_lost(s->tok) ? AS_EUNAVAIL : AS_ESTORE;
	if (v != s->tok_version) {
		sodium_memzero(s->tcache, sizeof(s->tcache));
		s->ntcache = 0;
		s->tok_version = v;
	}
	for (unsigned i = 0; i < s->ntcache && i < HTTP_TOKEN_CACHE; i++)
		if (sodium_memcmp(s->tcache[i].text, text, sizeof(text)) == 0) {
			*p = s->tcache[i].p;
			return 1;
		}
	if ((rc = as_tokens_check(s->tok, tok, p, err)) < 0)
		return as_tokens_lost(s->tok) ? AS_EUNAVAIL : AS_ESTORE;
	if (rc == 1) {
		unsigned i = s->ntcache++ % HTTP_TOKEN_CACHE;
		memcpy(s->tcache[i].text, text, sizeof(text));
		s->tcache[i].p = *p;
	}
	return rc;
}

int
http_token_live(http_server *s, const char *token)
{
	as_error err[1];
	as_principal p;
	int rc;

	if (token[0] == '\0')
		return 0;
	pthread_mutex_lock(&s->rdmu);
	rc = check_cached(s, token, &p, err);
	pthread_mutex_unlock(&s->rdmu);
	return rc;
}

int
http_auth(http_req *r)
{
	const char *h, *tok = NULL;
	as_error err[1];
	int rc;

	if (r->rt->access == HTTP_PUBLIC)
		return 0;
	if ((h = http_header(r, MHD_HTTP_HEADER_AUTHORIZATION)) != NULL) {
		if (strncasecmp(h, "Bearer ", 7) != 0) {
			http_error(r, 401, "unauthorized", "Authorization: "
			    "expected 'Bearer TOKEN'");
			return -1;
		}
		tok = h + 7;
	} else if (r->rt->token_query) {
		tok = http_query(r, "access_token");
	}
	if (tok == NULL) {
		http_error(r, 401, "unauthorized", "no token: send "
		    "'Authorization: Bearer TOKEN'");
		return -1;
	}
	if (strlen(tok) >= AS_TOKEN_MAX) {
		http_error(r, 401, "unauthorized", "the token is not valid");
		return -1;
	}
	pthread_mutex_lock(&r->s->rdmu);
	rc = check_cached(r->s, tok, &r->who, err);
	pthread_mutex_unlock(&r->s->rdmu);
	if (rc < 0) {
		http_fail(r, err);
		return -1;
	}
	if (rc == 0) {
		http_error(r, 401, "unauthorized", "the token is not valid "
		    "(unknown, malformed or revoked)");
		return -1;
	}
	r->authed = 1;
	snprintf(r->token, sizeof(r->token), "%s", tok);
	if (r->rt->access == HTTP_WRITE && r->who.role == AS_ROLE_OBSERVER) {
		http_error(r, 403, "forbidden", "%s is an observer: it reads "
		    "only", r->who.name);
		return -1;
	}
	return 0;
}

int
http_may_record(http_req *r, const char *org, const as_event_type *t,
    const json_t *data)
{
	const as_principal *p = &r->who;
	const char *member;

	if (p->role == AS_ROLE_ADMIN)
		return 0;
	if (listed(admin_types, t->name)) {
		http_error(r, 403, "forbidden", "%s: only the administrator "
		    "records %s", p->name, t->name);
		return -1;
	}
	if (strcmp(org, p->org) != 0) {
		http_error(r, 403, "forbidden", "%s: %s %s of %s, not of %s",
		    p->name, p->role == AS_ROLE_SECRETARIAT ? "the secretariat"
		    : "a delegation", p->role == AS_ROLE_SECRETARIAT ? "is" :
		    "speaks for a member", p->org, org);
		return -1;
	}
	if (p->role == AS_ROLE_SECRETARIAT)
		return 0;
	if (!listed(delegation_types, t->name)) {
		http_error(r, 403, "forbidden", "%s: a delegation does not "
		    "record %s (the secretariat does)", p->name, t->name);
		return -1;
	}
	member = json_string_value(json_object_get(data, "member"));
	if (member == NULL || strcmp(member, p->member) != 0) {
		http_error(r, 403, "forbidden", "%s: the delegation of %s "
		    "records for %s only, not for %s", p->name, p->member,
		    p->member, member ? member : "no member");
		return -1;
	}
	return 0;
}
