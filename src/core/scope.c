/* Scope: see scope.h. */
#include "core/scope.h"

#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "core/alloc.h"

static const char *const kind_text[AS_NAME__COUNT] = {
	"organisation", "office", "proposal", "commitment", "source"
};

const char *
as_name_kind_text(enum as_name_kind k)
{
	return kind_text[k];
}

static const char *
str(const json_t *data, const char *k)
{
	return json_string_value(json_object_get(data, k));
}

/* The organisation of a name the event refers to, in org: 0, or an
 * AS_SCOPE_ error. */
static int
by_name(const char *type, enum as_name_kind kind,
    const char *id, as_name_fn fn, void *arg, char org[AS_ID_MAX + 1],
    as_error *err)
{
	int rc = fn(arg, kind, id, org, err);

	if (rc < 0)
		return AS_SCOPE_FAILED;
	if (rc == 0)
		return as_err(err, "%s: unknown %s '%s'", type,
		    kind_text[kind], id), AS_SCOPE_UNKNOWN;
	return 0;
}

int
as_event_scope(const char *type, const json_t *data, as_name_fn fn,
    void *arg, char org[AS_ID_MAX + 1], as_error *err)
{
	const char *s, *o = str(data, "org");
	int commitment = strncmp(type, "commitment.", 11) == 0;
	char via[AS_ID_MAX + 1];
	int rc;

	const as_event_type *t = as_event_type_find(type, 0);

	org[0] = '\0';
	if (t != NULL && (t->flags & AS_T_CORRECTS))
		return as_err(err, "%s: the organisation is that of the event "
		    "corrected (the ledger tells it)", type), AS_SCOPE_UNKNOWN;
	if (t != NULL && (t->flags & AS_T_TIMELESS))
		/* It comes before the organisation's creation in the history,
		 * so the fold cannot check that it exists: the names can. */
		return by_name(type, AS_NAME_ORG, o, fn, arg, org, err);
	if (strcmp(type, "org.create") == 0)
		o = str(data, "id");
	if ((s = str(data, "proposal")) != NULL) {
		if ((rc = by_name(type, AS_NAME_PROPOSAL, s, fn, arg,
		    via, err)) != 0)
			return rc;
		if (o != NULL && strcmp(o, via) != 0)
			return as_err(err, "%s: field 'org': proposal '%s' is of "
			    "%s, not of %s", type, s, via, o), AS_SCOPE_UNKNOWN;
		memcpy(org, via, sizeof(via));
		return 0;
	}
	if ((s = str(data, "office")) != NULL && o == NULL)
		return by_name(type, AS_NAME_OFFICE, s, fn, arg, org,
		    err);
	if (o != NULL) {
		snprintf(org, AS_ID_MAX + 1, "%s", o);
		return 0;
	}
	if (commitment && strcmp(type, "commitment.ask") != 0 &&
	    (s = str(data, "id")) != NULL) {
		rc = fn(arg, AS_NAME_COMMITMENT, s, org, err);
		if (rc < 0)
			return AS_SCOPE_FAILED;
		if (rc == 1)
			return 0;
		if (strcmp(type, "commitment.revoke") == 0)
			return as_err(err, "%s: unknown commitment '%s'", type,
			    s), AS_SCOPE_UNKNOWN;
	}
	if (commitment)
		return as_err(err, "%s: field 'proposal' or 'org' is required: "
		    "the organisation the commitment is %s in", type,
		    strcmp(type, "commitment.ask") == 0 ? "asked" : "given"),
		    AS_SCOPE_UNKNOWN;
	return as_err(err, "%s: cannot tell which organisation the event "
	    "belongs to", type), AS_SCOPE_UNKNOWN;
}

int
as_event_names(const char *type, const json_t *data, enum as_name_kind *kind,
    const char **id)
{
	static const struct { const char *type; enum as_name_kind kind; } t[] = {
		{ "org.create", AS_NAME_ORG },
		{ "office.create", AS_NAME_OFFICE },
		{ "proposal.open", AS_NAME_PROPOSAL },
		{ "commitment.ask", AS_NAME_COMMITMENT },
		{ "commitment.give", AS_NAME_COMMITMENT },
		{ "source.declare", AS_NAME_SOURCE },
	};

	for (size_t i = 0; i < sizeof(t) / sizeof(t[0]); i++)
		if (strcmp(type, t[i].type) == 0 &&
		    (*id = str(data, "id")) != NULL) {
			*kind = t[i].kind;
			return 1;
		}
	return 0;
}

int
as_event_name_check(const char *type, const json_t *data, const char *org,
    as_name_fn fn, void *arg, as_error *err)
{
	enum as_name_kind kind;
	const char *id;
	char owner[AS_ID_MAX + 1];
	int rc;

	if (!as_event_names(type, data, &kind, &id))
		return 0;
	if ((rc = fn(arg, kind, id, owner, err)) < 0)
		return -2;
	if (rc == 0)
		return 1;
	if (strcmp(owner, org) != 0)
		return as_err(err, "%s: %s '%s' already exists, in %s (names "
		    "are unique in the ledger)", type, kind_text[kind], id,
		    owner);
	return 0;	/* the fold tells a duplicate from a given commitment */
}

int
as_names_put(as_names *n, enum as_name_kind kind, const char *id,
    const char *org)
{
	size_t i;

	if (!as_map_get(&n->map[AS_NAME_ORG], org, &i)) {
		char **o = as_realloc(n->orgs, (n->norgs + 1) * sizeof(*o));
		if (o == NULL)
			return -1;
		n->orgs = o;
		if ((o[n->norgs] = as_malloc(strlen(org) + 1)) == NULL)
			return -1;
		strcpy(o[n->norgs], org);
		if (as_map_put(&n->map[AS_NAME_ORG], org, n->norgs) != 0) {
			free(o[n->norgs]);
			return -1;
		}
		i = n->norgs++;
	}
	return as_map_put(&n->map[kind], id, i);
}

int
as_names_get(void *arg, enum as_name_kind kind, const char *id,
    char org[AS_ID_MAX + 1], as_error *err)
{
	as_names *n = arg;
	size_t i;

	(void)err;
	if (!as_map_get(&n->map[kind], id, &i))
		return 0;
	snprintf(org, AS_ID_MAX + 1, "%s", n->orgs[i]);
	return 1;
}

void
as_names_free(as_names *n)
{
	for (int k = 0; k < AS_NAME__COUNT; k++)
		as_map_free(&n->map[k]);
	for (size_t i = 0; i < n->norgs; i++)
		free(n->orgs[i]);
	free(n->orgs);
	memset(n, 0, sizeof(*n));
}
