/* Decision rules: see rule.h. */
#include "core/alloc.h"
#include "core/rule.h"

#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "core/event.h"

const char *
as_stance_name(as_stance s)
{
	static const char *const names[] = {
		"none", "support", "pending", "object", "abstain"
	};
	return names[s];
}

static int
verdict_add(as_verdict *v, size_t i)
{
	size_t *m = as_realloc(v->missing, (v->nmissing + 1) * sizeof(*m));
	if (m == NULL)
		return -1;
	m[v->nmissing++] = i;
	v->missing = m;
	return 0;
}

void
as_verdict_clear(as_verdict *v)
{
	free(v->missing);
	memset(v, 0, sizeof(*v));
}

/*
 * Unanimity: every eligible member supports. With "abstention": "allowed"
 * an abstention does not stand in the way (but at least one member must
 * support); with "blocks" (the default) it does.
 */
struct unanimity {
	int abstention_blocks;
};

static int
unanimity_parse(const json_t *spec, void **params, char *err)
{
	struct unanimity *u;
	const char *key, *abst = "blocks";
	json_t *val;

	json_object_foreach((json_t *)spec, key, val) {
		if (strcmp(key, "type") == 0)
			continue;
		if (strcmp(key, "abstention") != 0)
			return as_err(err, "rule unanimity: unknown field '%s'", key);
		abst = json_string_value(val);
		if (abst == NULL || (strcmp(abst, "blocks") != 0 &&
		    strcmp(abst, "allowed") != 0))
			return as_err(err, "rule unanimity: field 'abstention' "
			    "must be \"blocks\" or \"allowed\"");
	}
	if ((u = as_calloc(1, sizeof(*u))) == NULL)
		return as_err(err, "out of memory");
	u->abstention_blocks = strcmp(abst, "blocks") == 0;
	*params = u;
	return 0;
}

static int
unanimity_eval(const void *params, const as_ballot *b, size_t n,
    const as_rule_ctx *ctx, as_verdict *v)
{
	const struct unanimity *u = params;
	size_t supporters = 0;

	(void)ctx;
	for (size_t i = 0; i < n; i++) {
		if (b[i].stance == AS_SUPPORT)
			supporters++;
		else if (b[i].stance != AS_ABSTAIN || u->abstention_blocks)
			if (verdict_add(v, i) != 0)
				return -1;
	}
	v->holds = v->nmissing == 0 && supporters > 0;
	return 0;
}

static int
unanimity_describe(const void *params, char *buf, size_t len)
{
	const struct unanimity *u = params;
	return snprintf(buf, len, "unanimity (an abstention %s)",
	    u->abstention_blocks ? "blocks" : "does not block");
}

static const as_rule_kind kinds[] = {
	{ "unanimity", unanimity_parse, unanimity_eval, unanimity_describe, free },
	{ NULL, NULL, NULL, NULL, NULL }
};

as_rule *
as_rule_parse(const json_t *spec, char *err)
{
	const char *type;
	as_rule *r;

	if (!json_is_object(spec)) {
		as_err(err, "rule: must be an object such as {\"type\": \"unanimity\"}");
		return NULL;
	}
	if ((type = json_string_value(json_object_get(spec, "type"))) == NULL) {
		as_err(err, "rule: field 'type' is required");
		return NULL;
	}
	for (const as_rule_kind *k = kinds; k->name != NULL; k++) {
		if (strcmp(k->name, type) != 0)
			continue;
		if ((r = as_calloc(1, sizeof(*r))) == NULL) {
			as_err(err, "out of memory");
			return NULL;
		}
		r->kind = k;
		if (k->parse(spec, &r->params, err) != 0) {
			free(r);
			return NULL;
		}
		if ((r->spec = json_deep_copy(spec)) == NULL) {
			as_rule_free(r);
			as_err(err, "out of memory");
			return NULL;
		}
		return r;
	}
	as_err(err, "rule: unknown type '%s'", type);
	return NULL;
}

void
as_rule_free(as_rule *r)
{
	if (r == NULL)
		return;
	r->kind->free(r->params);
	json_decref(r->spec);
	free(r);
}

int
as_rule_eval(const as_rule *r, const as_ballot *b, size_t n,
    const as_rule_ctx *ctx, as_verdict *v)
{
	memset(v, 0, sizeof(*v));
	return r->kind->eval(r->params, b, n, ctx, v);
}

json_t *
as_rule_json(const as_rule *r)
{
	char text[256];
	json_t *j = json_deep_copy(r->spec);

	if (j == NULL)
		return NULL;
	r->kind->describe(r->params, text, sizeof(text));
	json_object_set_new(j, "text", json_string(text));
	return j;
}
