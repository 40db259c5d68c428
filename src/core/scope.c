/* Scope: see scope.h. */
#include "core/scope.h"

#include <string.h>

static const char *
str(const json_t *data, const char *k)
{
	return json_string_value(json_object_get(data, k));
}

/* The first organisation that has member code. */
static const char *
org_of_member(const as_state *st, const char *code)
{
	for (size_t i = 0; code != NULL && i < st->norgs; i++)
		if (as_org_member(&st->orgs[i], code, NULL) != NULL)
			return st->orgs[i].id;
	return NULL;
}

const char *
as_event_org(const as_state *st, const char *type, const json_t *data)
{
	const as_proposal *p;
	const as_office *o;
	const as_commitment *c;
	const char *s;

	if (strcmp(type, "org.create") == 0)
		return str(data, "id");
	if ((s = str(data, "org")) != NULL)
		return s;
	if ((s = str(data, "proposal")) != NULL)
		return (p = as_state_proposal(st, s)) != NULL ?
		    st->orgs[p->org].id : NULL;
	if ((s = str(data, "office")) != NULL)
		return (o = as_state_office(st, s)) != NULL ?
		    st->orgs[o->org].id : NULL;
	if (strncmp(type, "commitment.", 11) != 0)
		return NULL;
	if ((s = str(data, "to")) != NULL)
		return org_of_member(st, s);
	if ((s = str(data, "id")) != NULL &&
	    (c = as_state_commitment(st, s)) != NULL)
		return org_of_member(st, c->to);
	return NULL;
}
