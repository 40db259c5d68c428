/* Decision rules: see rule.h. The kinds themselves are in rule_kinds.c. */
#include "core/alloc.h"
#include "core/rule.h"

#include <inttypes.h>
#include <stdarg.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "core/event.h"
#include "core/rule_kind.h"

const char *
as_stance_name(as_stance s)
{
	static const char *const names[] = {
		"none", "support", "pending", "object", "abstain"
	};
	return names[s];
}

void
as_ballot_declare(as_ballot *b, as_stance s, int64_t now)
{
	b->stance = s;
	b->since = now;
	if (s == AS_OBJECT && b->broke > now)
		b->broke = now;
}

const char *
as_outcome_name(as_outcome o)
{
	static const char *const names[] = { "open", "adopted", "not adopted" };
	return names[o];
}

void
as_verdict_clear(as_verdict *v)
{
	free(v->missing);
	memset(v, 0, sizeof(*v));
}

/* The number of JSON values in v, at most stop (counting stops there),
 * and its deepest nesting into *depth. */
static size_t
rule_size(const json_t *v, int level, int *depth, size_t stop)
{
	const char *k;
	json_t *e;
	size_t i, n = 1;

	if (level > *depth)
		*depth = level;
	if (level > AS_RULE_DEPTH_MAX + 1)
		return n;
	if (json_is_object(v)) {
		json_object_foreach((json_t *)v, k, e)
			if ((n += rule_size(e, level + 1, depth, stop - n)) >= stop)
				return n;
	} else if (json_is_array(v)) {
		json_array_foreach(v, i, e)
			if ((n += rule_size(e, level + 1, depth, stop - n)) >= stop)
				return n;
	}
	return n;
}

as_rule *
as_rule_parse(const json_t *spec, as_error *err)
{
	const char *type;
	json_t *fromtext = NULL;
	as_rule *r;
	int depth = 0;

	if (json_is_string(spec)) {
		if ((fromtext = as_rule_text_parse(json_string_value(spec),
		    err)) == NULL)
			return NULL;
		spec = fromtext;
	}
	if (rule_size(spec, 0, &depth, AS_RULE_NODES_MAX + 1) >
	    AS_RULE_NODES_MAX || depth > AS_RULE_DEPTH_MAX) {
		if (depth > AS_RULE_DEPTH_MAX)
			as_fail(err, AS_ELIMIT,
			    "rule: nested more than %d deep, the limit "
			    "(AS_RULE_DEPTH_MAX)", AS_RULE_DEPTH_MAX);
		else
			as_fail(err, AS_ELIMIT,
			    "rule: more than %d values, the limit "
			    "(AS_RULE_NODES_MAX)", AS_RULE_NODES_MAX);
		json_decref(fromtext);
		return NULL;
	}
	if (!json_is_object(spec)) {
		as_err(err, "rule: must be a text such as \"unanimity\" or an "
		    "object such as {\"type\": \"unanimity\"}");
		return NULL;
	}
	if ((type = json_string_value(json_object_get(spec, "type"))) == NULL) {
		as_err(err, "rule: field 'type' is required");
		json_decref(fromtext);
		return NULL;
	}
	for (const as_rule_kind *k = as_rule_kinds; k->name != NULL; k++) {
		if (strcmp(k->name, type) != 0)
			continue;
		if ((r = as_calloc(1, sizeof(*r))) == NULL) {
			as_nomem(err, NULL);
			json_decref(fromtext);
			return NULL;
		}
		r->kind = k;
		if (k->parse(spec, &r->params, err) != 0) {
			free(r);
			json_decref(fromtext);
			return NULL;
		}
		r->spec = fromtext != NULL ? fromtext : json_deep_copy(spec);
		if (r->spec == NULL) {
			as_rule_free(r);
			as_nomem(err, NULL);
			return NULL;
		}
		return r;
	}
	as_err(err, "rule: unknown type '%s'", type);
	json_decref(fromtext);
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
	if (r->kind->eval(r->params, b, n, ctx, v) != 0) {
		as_verdict_clear(v);
		return -1;
	}
	return 0;
}

int
as_rule_check(const as_rule *r, const as_ballot *b, size_t n, int codes,
    as_error *err)
{
	return r->kind->check(r->params, b, n, codes, err);
}

int
as_rule_need(const as_rule *r, const as_ballot *b, size_t n,
    const as_rule_ctx *ctx, as_need *out)
{
	out->lower = 0;
	for (size_t i = 0; i < n; i++)
		out->key[i] = 1;
	return r->kind->need != NULL ? r->kind->need(r->params, b, n, ctx, out) :
	    0;
}

int
as_rule_tally(const as_rule *r, as_error *err)
{
	return r->kind->tally(r->params, err);
}

int
as_rule_game(const as_rule *r, const as_ballot *b, size_t n, as_game *g,
    as_error *err)
{
	memset(g, 0, sizeof(*g));
	if (n == 0)
		return as_err(err, "the organisation has no members");
	return r->kind->game(r->params, b, n, g, err);
}

int
as_rule_text(const as_rule *r, char *buf, size_t len)
{
	return r->kind->describe(r->params, buf, len);
}

json_t *
as_rule_json(const as_rule *r)
{
	size_t len = (size_t)as_rule_text(r, NULL, 0) + 1;
	char *text = as_malloc(len);
	json_t *j = text ? json_deep_copy(r->spec) : NULL;

	if (j != NULL) {
		as_rule_text(r, text, len);
		if (json_object_set_new(j, "text", json_string(text)) != 0) {
			json_decref(j);
			j = NULL;
		}
	}
	free(text);
	return j;
}

/* What the kinds share: see rule_kind.h. */

int
rk_share_parse(const char *kind, const char *field, const json_t *v,
    rk_share *s, as_error *err)
{
	const char *t = json_string_value(v), *p;
	char *end;
	uint64_t a, b = 0;

	if (t == NULL)
		return as_err(err, "rule %s: field '%s' must be a fraction such "
		    "as \"2/3\" or a percentage such as \"85%%\"", kind, field);
	memset(s, 0, sizeof(*s));
	if ((p = strchr(t, '%')) != NULL) {
		/* Whole per cent, then up to two decimals. */
		if (t[0] < '0' || t[0] > '9' || p[1] != '\0')
			goto bad;
		a = strtoull(t, &end, 10);
		if (a > 100)
			goto above;
		a *= 100;
		if (*end == '.') {
			int digits = 0;
			for (end++; *end >= '0' && *end <= '9'; end++, digits++)
				b = b * 10 + (uint64_t)(*end - '0');
			if (digits == 0 || digits > 2)
				goto bad;
			a += digits == 1 ? b * 10 : b;
		}
		if (end != p)
			goto bad;
		s->p = a;
		s->q = 10000;
		s->percent = 1;
	} else {
		if (t[0] < '0' || t[0] > '9')
			goto bad;
		a = strtoull(t, &end, 10);
		if (*end != '/' || end[1] < '1' || end[1] > '9')
			goto bad;
		b = strtoull(end + 1, &end, 10);
		if (*end != '\0' || a > UINT32_MAX || b > UINT32_MAX)
			goto bad;
		s->p = a;
		s->q = b;
	}
	if (s->p > s->q)
		goto above;
	if (s->p == 0)
		return as_err(err, "rule %s: field '%s': a share of zero is "
		    "always reached", kind, field);
	return 0;
above:
	return as_err(err, "rule %s: field '%s': %s is above one", kind, field, t);
bad:
	return as_err(err, "rule %s: field '%s': '%s' is not a fraction (\"2/3\") "
	    "or a percentage (\"85%%\", \"72.5%%\")", kind, field, t);
}

int
rk_share_format(const rk_share *s, char *buf, size_t len)
{
	if (!s->percent)
		return snprintf(buf, len, "%" PRIu64 "/%" PRIu64, s->p, s->q);
	if (s->p % 100 == 0)
		return snprintf(buf, len, "%" PRIu64 "%%", s->p / 100);
	if (s->p % 10 == 0)
		return snprintf(buf, len, "%" PRIu64 ".%" PRIu64 "%%", s->p / 100,
		    s->p % 100 / 10);
	return snprintf(buf, len, "%" PRIu64 ".%02" PRIu64 "%%", s->p / 100,
	    s->p % 100);
}

int
rk_share_reached(uint64_t a, uint64_t b, const rk_share *s, int strict)
{
	unsigned __int128 lhs = (unsigned __int128)a * s->q,
	    rhs = (unsigned __int128)b * s->p;

	if (b == 0)
		return 0;
	return strict ? lhs > rhs : lhs >= rhs;
}

uint64_t
rk_share_quota(uint64_t total, const rk_share *s, int strict)
{
	unsigned __int128 t = (unsigned __int128)total * s->p;
	uint64_t k = (uint64_t)(t / s->q);

	/* k/total is at most the share; step over it as the share asks. */
	if (strict || (unsigned __int128)k * s->q < t)
		k++;
	return k;
}

int
rk_keys(const json_t *spec, const char *kind, const char *const *allowed,
    as_error *err)
{
	const char *key;
	json_t *val;

	json_object_foreach((json_t *)spec, key, val) {
		size_t i;
		if (strcmp(key, "type") == 0)
			continue;
		for (i = 0; allowed[i] != NULL; i++)
			if (strcmp(allowed[i], key) == 0)
				break;
		if (allowed[i] == NULL)
			return as_err(err, "rule %s: unknown field '%s'", kind, key);
	}
	return 0;
}

int
rk_string(const json_t *spec, const char *kind, const char *field,
    const char **out, as_error *err)
{
	const json_t *v = json_object_get(spec, field);

	*out = NULL;
	if (v == NULL)
		return 0;
	if (!json_is_string(v) || json_string_length(v) == 0)
		return as_err(err, "rule %s: field '%s' must be a non-empty text",
		    kind, field);
	*out = json_string_value(v);
	return 0;
}

int
rk_deadline(const json_t *spec, const char *kind, char out[AS_DATE_MAX],
    int64_t *t, as_error *err)
{
	const char *s;
	char zoned[AS_DATE_MAX + 2];
	int has_time = 0;

	if (rk_string(spec, kind, "until", &s, err) != 0)
		return -1;
	if (s == NULL)
		return as_err(err, "rule %s: field 'until' (the deadline) is "
		    "required", kind);
	if (as_date_parse(s, t, &has_time) == 0 && has_time)
		return as_date_canon(s, out, t);
	if (as_date_parse(s, t, &has_time) == 0)
		return as_err(err, "rule %s: field 'until': the deadline '%s' "
		    "needs a time and a zone, e.g. %sT12:00+01:00", kind, s, s);
	snprintf(zoned, sizeof(zoned), "%.*sZ", AS_DATE_MAX - 1, s);
	if (as_date_parse(zoned, t, &has_time) == 0)
		return as_err(err, "rule %s: field 'until': the deadline '%s' "
		    "needs a zone (Z, or an offset such as +02:00)", kind, s);
	return as_err(err, "rule %s: field 'until': '%s' is not a date and "
	    "time such as 2024-06-26T12:00+02:00", kind, s);
}

int
rk_weight(const as_ballot *b, const char *name, uint64_t *w)
{
	const json_t *v = json_object_get(b->weights, name);

	if (!json_is_integer(v) || json_integer_value(v) < 0)
		return -1;
	*w = (uint64_t)json_integer_value(v);
	return 0;
}

int
rk_check_weight(const char *kind, const char *name, const as_ballot *b,
    size_t n, as_error *err)
{
	uint64_t w;

	for (size_t i = 0; i < n; i++) {
		if (rk_weight(&b[i], name, &w) == 0)
			continue;
		if (json_object_get(b[i].weights, name) == NULL)
			return as_err(err, "rule %s: member %s has no weight "
			    "'%s'", kind, b[i].code, name);
		return as_err(err, "rule %s: member %s: weight '%s' must be "
		    "a whole number", kind, b[i].code, name);
	}
	return 0;
}

int
rk_listed(const json_t *list, const char *code)
{
	size_t i;
	json_t *e;

	json_array_foreach(list, i, e)
		if (strcmp(json_string_value(e), code) == 0)
			return 1;
	return 0;
}

int
rk_check_codes(const char *kind, const char *field, const json_t *list,
    const as_ballot *b, size_t n, as_error *err)
{
	size_t i, j;
	json_t *e;

	json_array_foreach(list, i, e) {
		for (j = 0; j < n; j++)
			if (strcmp(b[j].code, json_string_value(e)) == 0)
				break;
		if (j == n)
			return as_err(err, "rule %s: field '%s': '%s' is not a "
			    "member", kind, field, json_string_value(e));
	}
	return 0;
}

int
rk_missing(as_verdict *v, size_t i)
{
	size_t *m, cap;

	/* Appended in amortised constant time: an analysis evaluates a rule
	 * millions of times, each listing up to every member. A kind adds
	 * each ballot once (all_eval drops the repeats of its parts). */
	if (v->nmissing == v->capmissing) {
		cap = v->capmissing ? v->capmissing * 2 : 16;
		if ((m = as_realloc(v->missing, cap * sizeof(*m))) == NULL)
			return -1;
		v->missing = m;
		v->capmissing = cap;
	}
	v->missing[v->nmissing++] = i;
	return 0;
}

int
rk_missing_unless(as_verdict *v, const as_ballot *b, size_t n,
    int (*skip)(const as_ballot *))
{
	for (size_t i = 0; i < n; i++)
		if (b[i].stance != AS_SUPPORT && (skip == NULL || !skip(&b[i])) &&
		    rk_missing(v, i) != 0)
			return -1;
	return 0;
}

static int
cmp_u128_desc(const void *a, const void *b)
{
	unsigned __int128 x = *(const unsigned __int128 *)a,
	    y = *(const unsigned __int128 *)b;

	return x < y ? 1 : x > y ? -1 : 0;
}

size_t
rk_fewest(unsigned __int128 *v, size_t n, unsigned __int128 need, int strict)
{
	unsigned __int128 sum = 0;
	size_t k = 0;

	qsort(v, n, sizeof(*v), cmp_u128_desc);
	while (strict ? sum <= need : sum < need) {
		if (k == n)
			return n + 1;
		sum += v[k++];
	}
	return k;
}

void
rk_why(as_verdict *v, const char *fmt, ...)
{
	va_list ap;

	va_start(ap, fmt);
	vsnprintf(v->why, sizeof(v->why), fmt, ap);
	va_end(ap);
}

void
rk_decide(as_verdict *v, as_outcome o)
{
	v->outcome = o;
	v->holds = o == AS_OUT_ADOPTED;
}

int
rk_game_new(as_game *g, const as_ballot *b, size_t n, size_t dims,
    size_t nterms, as_error *err)
{
	memset(g, 0, sizeof(*g));
	g->n = n;
	g->dims = dims;
	g->nterms = nterms;
	g->w = as_calloc(n * dims + 1, sizeof(*g->w));
	g->q = as_calloc(nterms * dims + 1, sizeof(*g->q));
	g->names = as_calloc(n + 1, sizeof(*g->names));
	if (g->w == NULL || g->q == NULL || g->names == NULL)
		goto oom;
	for (size_t i = 0; i < n; i++)
		if ((g->names[i] = as_strdup(b[i].code)) == NULL)
			goto oom;
	return 0;
oom:
	as_game_free(g);
	return as_nomem(err, NULL);
}

int
rk_game_count(as_game *g, const as_ballot *b, size_t n, uint64_t quota,
    as_error *err)
{
	if (rk_game_new(g, b, n, 1, 1, err) != 0)
		return -1;
	for (size_t i = 0; i < n; i++)
		g->w[i] = 1;
	g->q[0] = quota;
	return 0;
}
