/*
 * The rule kinds: one section each, then the table. Every kind parses its
 * JSON form, evaluates on ballots (with the reason in v->why), writes its
 * canonical text form (which rule_text.c parses back to the same JSON),
 * checks an organisation's members carry what it needs, and builds its a
 * priori game. docs/rules.md documents each, with its sources.
 */
#include "core/alloc.h"
#include "core/rule_kind.h"

#include <inttypes.h>
#include <stdarg.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "core/event.h"

/* Shared pieces of the kinds below. */

static int
no_check(const void *params, const as_ballot *b, size_t n, int codes,
    as_error *err)
{
	(void)params; (void)b; (void)n; (void)codes; (void)err;
	return 0;
}

/* A rule a tally decides, and one it cannot (a kind's 'tally'). */
static int
tally_ok(const void *params, as_error *err)
{
	(void)params; (void)err;
	return 0;
}

static int
tally_never(const char *kind, const char *why, as_error *err)
{
	return as_err(err, "rule %s: a tally cannot decide it: %s", kind, why);
}

static int
is_abstain(const as_ballot *b)
{
	return b->stance == AS_ABSTAIN;
}

static size_t
count_stance(const as_ballot *b, size_t n, as_stance s)
{
	size_t k = 0;

	for (size_t i = 0; i < n; i++)
		k += b[i].stance == s;
	return k;
}

/* An enumerated string field: its index in values, the first if absent. */
static int
enum_field(const json_t *spec, const char *kind, const char *field,
    const char *const *values, int *out, as_error *err)
{
	const json_t *v = json_object_get(spec, field);
	const char *s = json_string_value(v);

	*out = 0;
	if (v == NULL)
		return 0;
	for (int i = 0; s != NULL && values[i] != NULL; i++)
		if (strcmp(values[i], s) == 0) {
			*out = i;
			return 0;
		}
	char list[160] = "";
	for (int i = 0; values[i] != NULL; i++)
		snprintf(list + strlen(list), sizeof(list) - strlen(list),
		    "%s\"%s\"", i ? (values[i + 1] ? ", " : " or ") : "",
		    values[i]);
	return as_err(err, "rule %s: field '%s' must be %s", kind, field, list);
}

/* A count field: a whole number from 1 (or 0 with zero_ok) up. */
static int
count_field(const json_t *spec, const char *kind, const char *field,
    int zero_ok, uint64_t *out, as_error *err)
{
	const json_t *v = json_object_get(spec, field);

	*out = 0;
	if (v == NULL)
		return 0;
	if (!json_is_integer(v) || json_integer_value(v) < (zero_ok ? 0 : 1) ||
	    json_integer_value(v) > 1000000)
		return as_err(err, "rule %s: field '%s' must be a whole number "
		    "from %d to 1000000", kind, field, zero_ok ? 0 : 1);
	*out = (uint64_t)json_integer_value(v);
	return 0;
}

/* A list of member codes: a non-empty array of distinct identifiers. */
static int
codes_field(const json_t *spec, const char *kind, const char *field,
    json_t **out, as_error *err)
{
	json_t *v = json_object_get(spec, field), *e;
	size_t i, j;

	*out = NULL;
	if (v == NULL)
		return 0;
	if (!json_is_array(v) || json_array_size(v) == 0)
		return as_err(err, "rule %s: field '%s' must be a non-empty list "
		    "of member codes", kind, field);
	json_array_foreach(v, i, e) {
		if (!as_is_id(json_string_value(e)))
			return as_err(err, "rule %s: field '%s': item %zu is not "
			    "a member code", kind, field, i + 1);
		for (j = 0; j < i; j++)
			if (json_equal(e, json_array_get(v, j)))
				return as_err(err, "rule %s: field '%s': '%s' is "
				    "listed twice", kind, field,
				    json_string_value(e));
	}
	*out = json_incref(v);
	return 0;
}

/*
 * An appender for the text forms: writes what fits into buf (len bytes,
 * NUL-terminated; buf may be NULL when len is 0) and counts everything,
 * so that a describe function returns its full length like snprintf.
 */
typedef struct text_out {
	char	*buf;
	size_t	 len, off;
} text_out;

static void
out_printf(text_out *o, const char *fmt, ...)
    __attribute__((format(printf, 2, 3)));

static void
out_printf(text_out *o, const char *fmt, ...)
{
	int fits = o->off < o->len;
	va_list ap;
	int k;

	va_start(ap, fmt);
	k = vsnprintf(fits ? o->buf + o->off : NULL, fits ? o->len - o->off : 0,
	    fmt, ap);
	va_end(ap);
	if (k > 0)
		o->off += (size_t)k;
}

/* A rule's own text form, appended. */
static void
out_rule(text_out *o, const as_rule *r)
{
	int fits = o->off < o->len;
	int k = as_rule_text(r, fits ? o->buf + o->off : NULL,
	    fits ? o->len - o->off : 0);

	if (k > 0)
		o->off += (size_t)k;
}

/* A list of member codes, appended as "A, B, C". */
static void
out_codes(text_out *o, const json_t *list)
{
	size_t i;
	json_t *e;

	json_array_foreach(list, i, e)
		out_printf(o, "%s%s", i ? ", " : "", json_string_value(e));
}

static text_out
out_start(char *buf, size_t len)
{
	if (len > 0)
		buf[0] = '\0';
	return (text_out){ buf, len, 0 };
}

/* The codes of the members standing in the way, for "why": six at most. */
static void
codes_of(const as_ballot *b, const as_verdict *v, char *buf, size_t len)
{
	size_t off = 0;

	buf[0] = '\0';
	for (size_t i = 0; i < v->nmissing && off + 8 < len; i++) {
		if (i == 6) {
			snprintf(buf + off, len - off, " and %zu more",
			    v->nmissing - i);
			return;
		}
		off += (size_t)snprintf(buf + off, len - off, "%s%s",
		    i ? ", " : "", b[v->missing[i]].code);
	}
}

static const char *
plural(size_t n, const char *one, const char *many)
{
	return n == 1 ? one : many;
}

/*
 * Unanimity and consensus minus N. Every eligible member supports, but
 * for at most `minus` of them; at least one supports. An abstention
 * "blocks" (the default), is "allowed", or is "constructive" (TEU Art.
 * 31(1)): allowed unless the abstainers are at least a third of the
 * members comprising at least a third of the population (the weight
 * named by "weight").
 */
enum { ABST_BLOCKS, ABST_ALLOWED, ABST_CONSTRUCTIVE };
static const char *const abst_values[] = {
	"blocks", "allowed", "constructive", NULL
};

struct unanimity {
	int		 abstention;
	uint64_t	 minus;
	char		*weight;
};

static void
unanimity_free(void *params)
{
	struct unanimity *u = params;

	if (u != NULL)
		free(u->weight);
	free(u);
}

static int
unanimity_parse(const json_t *spec, void **params, as_error *err)
{
	static const char *const keys[] = { "abstention", "minus", "weight", NULL };
	struct unanimity *u;
	const char *weight;
	int abst;
	uint64_t minus;

	if (rk_keys(spec, "unanimity", keys, err) != 0 ||
	    enum_field(spec, "unanimity", "abstention", abst_values, &abst,
	    err) != 0 ||
	    count_field(spec, "unanimity", "minus", 1, &minus, err) != 0 ||
	    rk_string(spec, "unanimity", "weight", &weight, err) != 0)
		return -1;
	if (weight != NULL && abst != ABST_CONSTRUCTIVE)
		return as_err(err, "rule unanimity: field 'weight' goes with "
		    "\"abstention\": \"constructive\" only");
	if ((u = as_calloc(1, sizeof(*u))) == NULL ||
	    (u->weight = as_strdup(weight ? weight : "population")) == NULL) {
		free(u);
		return as_nomem(err, NULL);
	}
	u->abstention = abst;
	u->minus = minus;
	*params = u;
	return 0;
}

static int
unanimity_eval(const void *params, const as_ballot *b, size_t n,
    const as_rule_ctx *ctx, as_verdict *v)
{
	const struct unanimity *u = params;
	size_t sup = count_stance(b, n, AS_SUPPORT),
	    abst = count_stance(b, n, AS_ABSTAIN);
	char who[120];

	(void)ctx;
	if (rk_missing_unless(v, b, n,
	    u->abstention == ABST_BLOCKS ? NULL : is_abstain) != 0)
		return -1;
	if (u->abstention == ABST_CONSTRUCTIVE && abst > 0 && 3 * abst >= n) {
		uint64_t total = 0, apop = 0, w;
		for (size_t i = 0; i < n; i++) {
			w = 0;
			rk_weight(&b[i], u->weight, &w);
			total += w;
			if (b[i].stance == AS_ABSTAIN)
				apop += w;
		}
		if ((unsigned __int128)apop * 3 >= (unsigned __int128)total) {
			rk_decide(v, AS_OUT_OPEN);
			rk_why(v, "%zu of %zu members abstain, with %.2f%% of the "
			    "%s: at least a third of both, so it is not adopted",
			    abst, n, total ? 100.0 * (double)apop / (double)total
			    : 0.0, u->weight);
			return 0;
		}
	}
	rk_decide(v, v->nmissing <= u->minus && sup > 0 ? AS_OUT_ADOPTED :
	    AS_OUT_OPEN);
	codes_of(b, v, who, sizeof(who));
	if (sup == 0)
		rk_why(v, "no member supports yet");
	else if (v->nmissing == 0)
		rk_why(v, "%zu of %zu in favour%s", sup, n,
		    abst ? ", the others abstain" : "");
	else if (u->minus > 0)
		rk_why(v, "%zu of %zu in favour; %zu not (%s), %" PRIu64
		    " may be left out", sup, n, v->nmissing, who, u->minus);
	else
		rk_why(v, "%zu of %zu in favour; still to bring in: %s", sup, n,
		    who);
	return 0;
}

static int
unanimity_describe(const void *params, char *buf, size_t len)
{
	const struct unanimity *u = params;
	char head[48];

	if (u->minus > 0)
		snprintf(head, sizeof(head), "consensus minus %" PRIu64, u->minus);
	else
		snprintf(head, sizeof(head), "unanimity");
	switch (u->abstention) {
	case ABST_ALLOWED:
		return snprintf(buf, len, "%s, abstention allowed", head);
	case ABST_CONSTRUCTIVE:
		if (strcmp(u->weight, "population") != 0)
			return snprintf(buf, len, "%s with constructive abstention "
			    "by %s", head, u->weight);
		return snprintf(buf, len, "%s with constructive abstention", head);
	}
	return snprintf(buf, len, "%s", head);
}

static int
unanimity_check(const void *params, const as_ballot *b, size_t n, int codes,
    as_error *err)
{
	(void)codes;
	const struct unanimity *u = params;

	if (u->abstention != ABST_CONSTRUCTIVE)
		return 0;
	return rk_check_weight("unanimity", u->weight, b, n, err);
}

static int
unanimity_game(const void *params, const as_ballot *b, size_t n, as_game *g,
    as_error *err)
{
	const struct unanimity *u = params;

	return rk_game_count(g, b, n, u->minus >= n ? 1 : n - u->minus, err);
}

/* The members that block, each to bring in but for `minus` of them; and
 * one supporter at least. */
static int
unanimity_need(const void *params, const as_ballot *b, size_t n,
    const as_rule_ctx *ctx, as_need *out)
{
	const struct unanimity *u = params;
	size_t blocking = 0;
	int blocks;

	(void)ctx;
	for (size_t i = 0; i < n; i++) {
		blocks = b[i].stance != AS_SUPPORT &&
		    (u->abstention == ABST_BLOCKS || b[i].stance != AS_ABSTAIN);
		blocking += (size_t)blocks;
		out->key[i] = blocks ? 2 : 1;
	}
	out->lower = blocking > u->minus ? blocking - u->minus : 0;
	if (out->lower == 0 && count_stance(b, n, AS_SUPPORT) == 0)
		out->lower = 1;
	return 0;
}

/* A tally decides unanimity, unless abstentions are weighed. */
static int
unanimity_tally(const void *params, as_error *err)
{
	const struct unanimity *u = params;

	if (u->abstention != ABST_CONSTRUCTIVE)
		return 0;
	return tally_never("unanimity", "a constructive abstention is weighed "
	    "by the abstainers' weight, and a tally does not name them", err);
}

/*
 * Consensus as the absence of formal objection: adopted when a decision
 * is taken and no member present formally objects. The record holds no
 * attendance, so every member of the organisation at the decision's
 * date counts as present: an objection on the record (declared, or the
 * best report) stands whether or not its member came, and a member
 * whose stance is not known is taken not to object. Nobody needs to
 * support. Before a decision it is never adopted, whoever has objected
 * or not: open, "no formal objection so far".
 */
static int
consensus_parse(const json_t *spec, void **params, as_error *err)
{
	static const char *const keys[] = { NULL };

	*params = NULL;
	return rk_keys(spec, "consensus", keys, err);
}

static int
consensus_eval(const void *params, const as_ballot *b, size_t n,
    const as_rule_ctx *ctx, as_verdict *v)
{
	size_t known = n - count_stance(b, n, AS_NONE);
	char who[120];

	(void)params;
	for (size_t i = 0; i < n; i++)
		if (b[i].stance == AS_OBJECT && rk_missing(v, i) != 0)
			return -1;
	codes_of(b, v, who, sizeof(who));
	rk_decide(v, n > 0 && v->nmissing == 0 && ctx->deciding ?
	    AS_OUT_ADOPTED : AS_OUT_OPEN);
	if (n == 0)
		rk_why(v, "no member to decide");
	else if (v->nmissing > 0)
		rk_why(v, "formal objection by %s; %zu of %zu members' stances "
		    "known", who, known, n);
	else if (ctx->deciding)
		rk_why(v, "no formal objection from the %zu %s at the decision "
		    "(%zu %s known)", n, plural(n, "member", "members"), known,
		    plural(known, "stance", "stances"));
	else
		rk_why(v, "no formal objection so far (%zu of %zu members' "
		    "stances known); adopted when a decision is taken without "
		    "one", known, n);
	return 0;
}

static int
consensus_describe(const void *params, char *buf, size_t len)
{
	(void)params;
	return snprintf(buf, len, "consensus");
}

/* Every objector must withdraw its objection. */
static int
consensus_need(const void *params, const as_ballot *b, size_t n,
    const as_rule_ctx *ctx, as_need *out)
{
	(void)params; (void)ctx;
	for (size_t i = 0; i < n; i++) {
		out->key[i] = b[i].stance == AS_OBJECT ? 2 : 1;
		out->lower += b[i].stance == AS_OBJECT;
	}
	return 0;
}

/*
 * The silence procedure: adopted at the deadline unless a member broke
 * silence (an objection, or an amendment) before it. The deadline has a
 * time and a zone. Before the deadline an unbroken text is open.
 */
struct silence {
	char	 until[AS_DATE_MAX];
	int64_t	 deadline;
};

static int
silence_parse(const json_t *spec, void **params, as_error *err)
{
	static const char *const keys[] = { "until", NULL };
	struct silence s, *p;

	if (rk_keys(spec, "silence", keys, err) != 0 ||
	    rk_deadline(spec, "silence", s.until, &s.deadline, err) != 0)
		return -1;
	if ((p = as_malloc(sizeof(*p))) == NULL)
		return as_nomem(err, NULL);
	*p = s;
	*params = p;
	return 0;
}

static int
silence_eval(const void *params, const as_ballot *b, size_t n,
    const as_rule_ctx *ctx, as_verdict *v)
{
	const struct silence *s = params;
	size_t first = n;
	char when[AS_DATE_MAX], who[120];

	for (size_t i = 0; i < n; i++) {
		if (b[i].broke >= s->deadline)
			continue;
		if (rk_missing(v, i) != 0)
			return -1;
		if (first == n || b[i].broke < b[first].broke)
			first = i;
	}
	if (first < n) {
		rk_decide(v, AS_OUT_REJECTED);
		as_date_format_auto(b[first].broke, when);
		codes_of(b, v, who, sizeof(who));
		rk_why(v, "silence broken by %s (the first break on %s), before "
		    "the deadline %s", who, when, s->until);
	} else if (ctx->now >= s->deadline) {
		rk_decide(v, AS_OUT_ADOPTED);
		rk_why(v, "silence unbroken at the deadline %s", s->until);
	} else {
		rk_decide(v, AS_OUT_OPEN);
		rk_why(v, "under silence until %s", s->until);
	}
	return 0;
}

/* The silence procedure is not a vote. */
static int
silence_tally(const void *params, as_error *err)
{
	(void)params;
	return tally_never("silence", "it is decided by who broke silence and "
	    "when, not by a vote", err);
}

static int
silence_describe(const void *params, char *buf, size_t len)
{
	return snprintf(buf, len, "silence until %s",
	    ((const struct silence *)params)->until);
}

static int
unanimous_game(const void *params, const as_ballot *b, size_t n, as_game *g,
    as_error *err)
{
	(void)params;
	return rk_game_count(g, b, n, n, err);
}

/*
 * Majorities: a share of the members, or of the votes cast (support and
 * objection; abstentions are not cast), counted by head or by a named
 * weight; "more than" the share or "at least" it.
 */
struct majority {
	rk_share	 share;
	int		 strict;
	int		 of_cast;
	char		*weight;
};

static void
majority_free(void *params)
{
	struct majority *m = params;

	if (m != NULL)
		free(m->weight);
	free(m);
}

static int
majority_parse(const json_t *spec, void **params, as_error *err)
{
	static const char *const keys[] = {
		"more_than", "at_least", "of", "weight", NULL
	};
	static const char *const of_values[] = { "members", "cast", NULL };
	const json_t *mt = json_object_get(spec, "more_than"),
	    *al = json_object_get(spec, "at_least");
	struct majority m, *p;
	const char *weight;
	int of;

	memset(&m, 0, sizeof(m));
	if (rk_keys(spec, "majority", keys, err) != 0)
		return -1;
	if ((mt == NULL) == (al == NULL))
		return as_err(err, "rule majority: give one of 'more_than' or "
		    "'at_least'");
	if (json_object_get(spec, "of") == NULL)
		return as_err(err, "rule majority: field 'of' (\"members\" or "
		    "\"cast\") is required");
	if (rk_share_parse("majority", mt ? "more_than" : "at_least",
	    mt ? mt : al, &m.share, err) != 0 ||
	    enum_field(spec, "majority", "of", of_values, &of, err) != 0 ||
	    rk_string(spec, "majority", "weight", &weight, err) != 0)
		return -1;
	if (mt != NULL && m.share.p == m.share.q)
		return as_err(err, "rule majority: field 'more_than': more than "
		    "all can never be reached");
	m.strict = mt != NULL;
	m.of_cast = of == 1;
	if ((p = as_malloc(sizeof(*p))) == NULL ||
	    (weight != NULL && (m.weight = as_strdup(weight)) == NULL)) {
		free(p);
		return as_nomem(err, NULL);
	}
	*p = m;
	*params = p;
	return 0;
}

static uint64_t
weight_or_one(const as_ballot *b, const char *name)
{
	uint64_t w = 0;

	if (name == NULL)
		return 1;
	rk_weight(b, name, &w);
	return w;
}

static int
majority_eval(const void *params, const as_ballot *b, size_t n,
    const as_rule_ctx *ctx, as_verdict *v)
{
	const struct majority *m = params;
	uint64_t yes = 0, no = 0, all = 0, base;
	char share[32];

	(void)ctx;
	for (size_t i = 0; i < n; i++) {
		uint64_t w = weight_or_one(&b[i], m->weight);
		all += w;
		if (b[i].stance == AS_SUPPORT)
			yes += w;
		else if (b[i].stance == AS_OBJECT)
			no += w;
	}
	base = m->of_cast ? yes + no : all;
	if (rk_missing_unless(v, b, n, NULL) != 0)
		return -1;
	rk_decide(v, yes > 0 && rk_share_reached(yes, base, &m->share,
	    m->strict) ? AS_OUT_ADOPTED : AS_OUT_OPEN);
	rk_share_format(&m->share, share, sizeof(share));
	rk_why(v, "%" PRIu64 " of %" PRIu64 " %s%s%s in favour (%s %s needed)",
	    yes, base, m->of_cast ? "votes cast" : "members",
	    m->weight ? " by " : "", m->weight ? m->weight : "",
	    m->strict ? "more than" : "at least", share);
	return 0;
}

/*
 * A member's support adds its weight w to those in favour and, if it had
 * not voted, to the votes cast: it moves yes * q - base * p (the rule
 * holds when that reaches zero) by w * q, or w * (q - p). The fewest
 * members, the largest moves first, are the bound.
 */
static int
majority_need(const void *params, const as_ballot *b, size_t n,
    const as_rule_ctx *ctx, as_need *out)
{
	const struct majority *m = params;
	unsigned __int128 yes = 0, base = 0, *moves, need;
	size_t k = 0;

	(void)ctx;
	if ((moves = as_calloc(n + 1, sizeof(*moves))) == NULL)
		return -1;
	for (size_t i = 0; i < n; i++) {
		uint64_t w = weight_or_one(&b[i], m->weight);
		int cast = b[i].stance == AS_SUPPORT || b[i].stance == AS_OBJECT;
		if (!m->of_cast || cast)
			base += w;
		if (b[i].stance == AS_SUPPORT) {
			yes += w;
			out->key[i] = 0;
			continue;
		}
		moves[k] = (unsigned __int128)w * (m->share.q -
		    (m->of_cast && !cast ? m->share.p : 0));
		out->key[i] = moves[k] > UINT64_MAX ? UINT64_MAX :
		    (uint64_t)moves[k];
		k++;
	}
	need = base * m->share.p > yes * m->share.q ?
	    base * m->share.p - yes * m->share.q : 0;
	out->lower = rk_fewest(moves, k, need, m->strict);
	if (out->lower > k)
		out->lower = k;
	if (out->lower == 0 && yes == 0)
		out->lower = 1;
	free(moves);
	return 0;
}

static int
majority_describe(const void *params, char *buf, size_t len)
{
	const struct majority *m = params;
	char share[32];

	rk_share_format(&m->share, share, sizeof(share));
	return snprintf(buf, len, "%s %s of %s%s%s",
	    m->strict ? "more than" : "at least", share,
	    m->of_cast ? "votes cast" : "members", m->weight ? " by " : "",
	    m->weight ? m->weight : "");
}

static int
majority_check(const void *params, const as_ballot *b, size_t n, int codes,
    as_error *err)
{
	(void)codes;
	const struct majority *m = params;

	return m->weight ? rk_check_weight("majority", m->weight, b, n, err) : 0;
}

static int
majority_tally(const void *params, as_error *err)
{
	const struct majority *m = params;

	if (m->weight == NULL)
		return 0;
	return tally_never("majority", "it counts the votes by weight, and a "
	    "tally does not say whose they are", err);
}

static int
majority_game(const void *params, const as_ballot *b, size_t n, as_game *g,
    as_error *err)
{
	const struct majority *m = params;
	uint64_t total = 0;

	if (rk_game_new(g, b, n, 1, 1, err) != 0)
		return -1;
	for (size_t i = 0; i < n; i++)
		total += g->w[i] = weight_or_one(&b[i], m->weight);
	/* A priori every member votes, so the votes cast are all of them. */
	g->q[0] = rk_share_quota(total, &m->share, m->strict);
	if (g->q[0] == 0)
		g->q[0] = 1;
	return 0;
}

/* A number of members in favour: the Security Council's nine votes. */
struct count {
	uint64_t at_least;
};

static int
count_parse(const json_t *spec, void **params, as_error *err)
{
	static const char *const keys[] = { "at_least", NULL };
	struct count c, *p;

	if (rk_keys(spec, "count", keys, err) != 0 ||
	    count_field(spec, "count", "at_least", 0, &c.at_least, err) != 0)
		return -1;
	if (c.at_least == 0)
		return as_err(err, "rule count: field 'at_least' (a number of "
		    "members from 1) is required");
	if ((p = as_malloc(sizeof(*p))) == NULL)
		return as_nomem(err, NULL);
	*p = c;
	*params = p;
	return 0;
}

static int
count_eval(const void *params, const as_ballot *b, size_t n,
    const as_rule_ctx *ctx, as_verdict *v)
{
	const struct count *c = params;
	size_t yes = count_stance(b, n, AS_SUPPORT);

	(void)ctx;
	if (rk_missing_unless(v, b, n, NULL) != 0)
		return -1;
	rk_decide(v, yes >= c->at_least ? AS_OUT_ADOPTED : AS_OUT_OPEN);
	rk_why(v, "%zu of %zu in favour (%" PRIu64 " needed)", yes, n,
	    c->at_least);
	return 0;
}

static int
count_need(const void *params, const as_ballot *b, size_t n,
    const as_rule_ctx *ctx, as_need *out)
{
	const struct count *c = params;
	size_t yes = count_stance(b, n, AS_SUPPORT);

	(void)ctx;
	out->lower = c->at_least > yes ? (size_t)c->at_least - yes : 0;
	return 0;
}

static int
count_describe(const void *params, char *buf, size_t len)
{
	return snprintf(buf, len, "at least %" PRIu64 " in favour",
	    ((const struct count *)params)->at_least);
}

static int
count_game(const void *params, const as_ballot *b, size_t n, as_game *g,
    as_error *err)
{
	const struct count *c = params;

	if (c->at_least > n)
		return as_err(err, "rule count: %" PRIu64 " in favour needed "
		    "but the organisation has %zu %s", c->at_least, n,
		    plural(n, "member", "members"));
	return rk_game_count(g, b, n, c->at_least, err);
}

/*
 * The EU Council's qualified majority (TEU Art. 16(4), TFEU Art. 238):
 * 55% of the members (at least 15 when all take part) comprising 65% of
 * the population; a blocking minority needs at least four members (when
 * some do not take part: the fewest members with more than 35% of the
 * participants' population, plus one), failing which the qualified
 * majority is deemed reached. Reinforced: 72% of the members, 65% of the
 * population, no blocking-minority clause. An abstention counts against.
 */
struct qmv {
	int	 reinforced;
	char	*weight;
	json_t	*absent;	/* members not taking part, or NULL */
};

static void
qmv_free(void *params)
{
	struct qmv *q = params;

	if (q != NULL) {
		free(q->weight);
		json_decref(q->absent);
	}
	free(q);
}

static int
qmv_parse(const json_t *spec, void **params, as_error *err)
{
	static const char *const keys[] = {
		"reinforced", "weight", "not_taking_part", NULL
	};
	const json_t *r = json_object_get(spec, "reinforced");
	struct qmv *q;
	const char *weight;
	json_t *absent;

	if (rk_keys(spec, "qmv", keys, err) != 0 ||
	    rk_string(spec, "qmv", "weight", &weight, err) != 0)
		return -1;
	if (r != NULL && !json_is_boolean(r))
		return as_err(err, "rule qmv: field 'reinforced' must be true or "
		    "false");
	if (codes_field(spec, "qmv", "not_taking_part", &absent, err) != 0)
		return -1;
	if ((q = as_calloc(1, sizeof(*q))) == NULL ||
	    (q->weight = as_strdup(weight ? weight : "population")) == NULL) {
		free(q);
		json_decref(absent);
		return as_nomem(err, NULL);
	}
	q->reinforced = json_is_true(r);
	q->absent = absent;
	*params = q;
	return 0;
}

/* The thresholds of a qualified majority over the participants. */
struct qmv_need {
	uint64_t members;	/* participants */
	uint64_t pop;		/* their population */
	uint64_t count;		/* members in favour needed */
	uint64_t popq;		/* population in favour needed */
	uint64_t block;		/* members a blocking minority needs, or 0 */
};

static int
cmp_u64_desc(const void *a, const void *b)
{
	uint64_t x = *(const uint64_t *)a, y = *(const uint64_t *)b;

	return x < y ? 1 : x > y ? -1 : 0;
}

static const rk_share share55 = { 55, 100, 0 }, share72 = { 72, 100, 0 },
    share65 = { 65, 100, 0 }, share35 = { 35, 100, 0 };

static int
qmv_quotas(const struct qmv *q, const as_ballot *b, size_t n,
    struct qmv_need *k)
{
	uint64_t *pops = as_calloc(n + 1, sizeof(*pops)), sum = 0;
	size_t m = 0;

	if (pops == NULL)
		return -1;
	memset(k, 0, sizeof(*k));
	for (size_t i = 0; i < n; i++) {
		if (q->absent != NULL && rk_listed(q->absent, b[i].code))
			continue;
		pops[m] = 0;
		rk_weight(&b[i], q->weight, &pops[m]);
		k->pop += pops[m++];
	}
	k->members = m;
	k->count = rk_share_quota(m, q->reinforced ? &share72 : &share55, 0);
	if (!q->reinforced && q->absent == NULL && k->count < 15)
		k->count = 15;
	k->popq = rk_share_quota(k->pop, &share65, 0);
	if (!q->reinforced && q->absent == NULL) {
		k->block = 4;
	} else if (!q->reinforced) {
		/* The fewest members above 35% of the population, plus one. */
		qsort(pops, m, sizeof(*pops), cmp_u64_desc);
		for (k->block = 0; k->block < m; ) {
			sum += pops[k->block++];
			if (rk_share_reached(sum, k->pop, &share35, 1))
				break;
		}
		k->block++;
	}
	free(pops);
	return 0;
}

static int
qmv_eval(const void *params, const as_ballot *b, size_t n,
    const as_rule_ctx *ctx, as_verdict *v)
{
	const struct qmv *q = params;
	struct qmv_need k;
	uint64_t yes = 0, ypop = 0, w;
	int deemed, reached;
	char pct[32];

	(void)ctx;
	if (qmv_quotas(q, b, n, &k) != 0)
		return -1;
	for (size_t i = 0; i < n; i++) {
		if (q->absent != NULL && rk_listed(q->absent, b[i].code))
			continue;
		if (b[i].stance == AS_SUPPORT) {
			w = 0;
			rk_weight(&b[i], q->weight, &w);
			yes++;
			ypop += w;
		} else if (rk_missing(v, i) != 0) {
			return -1;
		}
	}
	reached = yes >= k.count && ypop >= k.popq && yes > 0;
	deemed = !reached && k.block > 0 && yes > 0 &&
	    k.members - yes < k.block;
	rk_decide(v, reached || deemed ? AS_OUT_ADOPTED : AS_OUT_OPEN);
	snprintf(pct, sizeof(pct), "%.2f%%", k.pop ?
	    100.0 * (double)ypop / (double)k.pop : 0.0);
	rk_why(v, "%" PRIu64 " of %" PRIu64 " members (%" PRIu64 " needed), "
	    "%s of the %s (65%% needed)%s", yes, k.members, k.count, pct,
	    q->weight, deemed ? "; fewer members against than a blocking "
	    "minority needs, so it is deemed reached" : "");
	return 0;
}

/*
 * Either term: enough members and, the most populous first, enough
 * population; or, with a blocking-minority clause, so many members in
 * favour that too few are left to block. The smaller of the two is the
 * bound; the key is the population.
 */
static int
qmv_need(const void *params, const as_ballot *b, size_t n,
    const as_rule_ctx *ctx, as_need *out)
{
	const struct qmv *q = params;
	struct qmv_need k;
	unsigned __int128 *pops;
	uint64_t yes = 0, ypop = 0, w;
	size_t m = 0, t1, t2 = SIZE_MAX;

	(void)ctx;
	if (qmv_quotas(q, b, n, &k) != 0 ||
	    (pops = as_calloc(n + 1, sizeof(*pops))) == NULL)
		return -1;
	for (size_t i = 0; i < n; i++) {
		w = 0;
		out->key[i] = 0;
		if (q->absent != NULL && rk_listed(q->absent, b[i].code))
			continue;
		rk_weight(&b[i], q->weight, &w);
		if (b[i].stance == AS_SUPPORT) {
			yes++;
			ypop += w;
		} else {
			pops[m++] = w;
			out->key[i] = w;
		}
	}
	t1 = rk_fewest(pops, m, k.popq > ypop ? k.popq - ypop : 0, 0);
	if (k.count > yes && t1 < k.count - yes)
		t1 = (size_t)(k.count - yes);
	if (k.block > 0)
		t2 = k.members - k.block + 1 > yes ?
		    (size_t)(k.members - k.block + 1 - yes) : 0;
	out->lower = t1 < t2 ? t1 : t2;
	if (out->lower > m)
		out->lower = m;
	if (out->lower == 0 && yes == 0)
		out->lower = 1;
	free(pops);
	return 0;
}

static int
qmv_describe(const void *params, char *buf, size_t len)
{
	const struct qmv *q = params;
	text_out o = out_start(buf, len);

	out_printf(&o, "%squalified majority", q->reinforced ? "reinforced " :
	    "");
	if (strcmp(q->weight, "population") != 0)
		out_printf(&o, " by %s", q->weight);
	if (q->absent != NULL) {
		out_printf(&o, " without ");
		out_codes(&o, q->absent);
	}
	return (int)o.off;
}

static int
qmv_check(const void *params, const as_ballot *b, size_t n, int codes,
    as_error *err)
{
	const struct qmv *q = params;

	if (codes && q->absent != NULL && rk_check_codes("qmv", "not_taking_part",
	    q->absent, b, n, err) != 0)
		return -1;
	return rk_check_weight("qmv", q->weight, b, n, err);
}

static int
qmv_tally(const void *params, as_error *err)
{
	(void)params;
	return tally_never("qmv", "it needs the population of the members in "
	    "favour, and a tally does not name them", err);
}

static int
qmv_game(const void *params, const as_ballot *b, size_t n, as_game *g,
    as_error *err)
{
	const struct qmv *q = params;
	struct qmv_need k;

	if (qmv_check(params, b, n, 1, err) != 0)
		return -1;
	if (qmv_quotas(q, b, n, &k) != 0)
		return as_nomem(err, NULL);
	if (k.members == 0)
		return as_err(err, "rule qmv: no member takes part");
	if (rk_game_new(g, b, n, 2, k.block ? 2 : 1, err) != 0)
		return -1;
	for (size_t i = 0; i < n; i++) {
		if (q->absent != NULL && rk_listed(q->absent, b[i].code))
			continue;	/* not taking part: no weight at all */
		g->w[i * 2] = 1;
		rk_weight(&b[i], q->weight, &g->w[i * 2 + 1]);
	}
	g->q[0] = k.count;
	g->q[1] = k.popq;
	if (k.block) {
		/* Fewer than k.block against: at least members - block + 1. */
		g->q[2] = k.members - k.block + 1;
		g->q[3] = 0;
	}
	return 0;
}

/*
 * A veto held by named members, or by the members with a non-zero weight
 * of a name ("permanent"). By default only an objection is a veto (UN
 * Charter Art. 27(3) in the Council's practice since 1946: a permanent
 * member's abstention or absence is not); with "abstention": "blocks"
 * every holder must support.
 */
struct veto {
	json_t	*by;
	char	*by_weight;
	int	 abstention;
};

static void
veto_free(void *params)
{
	struct veto *t = params;

	if (t != NULL) {
		json_decref(t->by);
		free(t->by_weight);
	}
	free(t);
}

static int
veto_parse(const json_t *spec, void **params, as_error *err)
{
	static const char *const keys[] = {
		"by", "by_weight", "abstention", NULL
	};
	static const char *const values[] = { "allowed", "blocks", NULL };
	struct veto *t;
	const char *byw;
	json_t *by;
	int abst;

	if (rk_keys(spec, "veto", keys, err) != 0 ||
	    enum_field(spec, "veto", "abstention", values, &abst, err) != 0 ||
	    rk_string(spec, "veto", "by_weight", &byw, err) != 0 ||
	    codes_field(spec, "veto", "by", &by, err) != 0)
		return -1;
	if ((by == NULL) == (byw == NULL)) {
		json_decref(by);
		return as_err(err, "rule veto: give one of 'by' (member codes) "
		    "or 'by_weight' (a weight marking the holders)");
	}
	if ((t = as_calloc(1, sizeof(*t))) == NULL ||
	    (byw != NULL && (t->by_weight = as_strdup(byw)) == NULL)) {
		free(t);
		json_decref(by);
		return as_nomem(err, NULL);
	}
	t->by = by;
	t->abstention = abst;
	*params = t;
	return 0;
}

static int
veto_holder(const struct veto *t, const as_ballot *b)
{
	uint64_t w = 0;

	if (t->by != NULL)
		return rk_listed(t->by, b->code);
	return rk_weight(b, t->by_weight, &w) == 0 && w > 0;
}

static int
veto_eval(const void *params, const as_ballot *b, size_t n,
    const as_rule_ctx *ctx, as_verdict *v)
{
	const struct veto *t = params;
	size_t holders = 0;
	char who[120];

	(void)ctx;
	for (size_t i = 0; i < n; i++) {
		if (!veto_holder(t, &b[i]))
			continue;
		holders++;
		if ((b[i].stance == AS_OBJECT || (t->abstention &&
		    b[i].stance != AS_SUPPORT)) && rk_missing(v, i) != 0)
			return -1;
	}
	rk_decide(v, v->nmissing == 0 ? AS_OUT_ADOPTED : AS_OUT_OPEN);
	codes_of(b, v, who, sizeof(who));
	if (v->nmissing > 0)
		rk_why(v, "%s by %s", t->abstention ? "not supported" :
		    "vetoed", who);
	else
		rk_why(v, "no veto from the %zu %s", holders,
		    plural(holders, "holder", "holders"));
	return 0;
}

/* Every holder that blocks must come round. */
static int
veto_need(const void *params, const as_ballot *b, size_t n,
    const as_rule_ctx *ctx, as_need *out)
{
	const struct veto *t = params;
	int blocks;

	(void)ctx;
	for (size_t i = 0; i < n; i++) {
		blocks = veto_holder(t, &b[i]) && (b[i].stance == AS_OBJECT ||
		    (t->abstention && b[i].stance != AS_SUPPORT));
		out->lower += (size_t)blocks;
		out->key[i] = blocks ? 2 : 1;
	}
	return 0;
}

static int
veto_describe(const void *params, char *buf, size_t len)
{
	const struct veto *t = params;
	text_out o = out_start(buf, len);

	out_printf(&o, "veto by ");
	if (t->by != NULL)
		out_codes(&o, t->by);
	else
		out_printf(&o, "weight %s", t->by_weight);
	if (t->abstention)
		out_printf(&o, ", abstention blocks");
	return (int)o.off;
}

static int
veto_check(const void *params, const as_ballot *b, size_t n, int codes,
    as_error *err)
{
	const struct veto *t = params;

	return codes && t->by ? rk_check_codes("veto", "by", t->by, b, n, err) : 0;
}

static int
veto_tally(const void *params, as_error *err)
{
	(void)params;
	return tally_never("veto", "it needs to know how the holders voted, "
	    "and a tally does not name them", err);
}

static int
veto_game(const void *params, const as_ballot *b, size_t n, as_game *g,
    as_error *err)
{
	const struct veto *t = params;

	if (veto_check(params, b, n, 1, err) != 0 ||
	    rk_game_new(g, b, n, 1, 1, err) != 0)
		return -1;
	for (size_t i = 0; i < n; i++)
		g->q[0] += g->w[i] = (uint64_t)veto_holder(t, &b[i]);
	return 0;
}

/*
 * Apache votes (apache.org/foundation/voting.html): lazy consensus
 * passes at the end of its window unless a -1 stands; a code change needs
 * three +1 and no veto, a veto being a -1 with its (technical) reason; a
 * release needs three +1 and more +1 than -1, and cannot be vetoed.
 */
enum { APACHE_LAZY, APACHE_CODE, APACHE_RELEASE };
static const char *const apache_values[] = { "lazy", "code", "release", NULL };

struct apache {
	int	 vote;
	char	 until[AS_DATE_MAX];
	int64_t	 deadline;
};

static int
apache_parse(const json_t *spec, void **params, as_error *err)
{
	static const char *const keys[] = { "vote", "until", NULL };
	struct apache a, *p;

	memset(&a, 0, sizeof(a));
	if (rk_keys(spec, "apache", keys, err) != 0)
		return -1;
	if (json_object_get(spec, "vote") == NULL)
		return as_err(err, "rule apache: field 'vote' (\"lazy\", "
		    "\"code\" or \"release\") is required");
	if (enum_field(spec, "apache", "vote", apache_values, &a.vote, err) != 0)
		return -1;
	if (a.vote == APACHE_LAZY &&
	    rk_deadline(spec, "apache", a.until, &a.deadline, err) != 0)
		return -1;
	if (a.vote != APACHE_LAZY && json_object_get(spec, "until") != NULL)
		return as_err(err, "rule apache: field 'until' goes with "
		    "\"vote\": \"lazy\" only");
	if ((p = as_malloc(sizeof(*p))) == NULL)
		return as_nomem(err, NULL);
	*p = a;
	*params = p;
	return 0;
}

static int
apache_eval(const void *params, const as_ballot *b, size_t n,
    const as_rule_ctx *ctx, as_verdict *v)
{
	const struct apache *a = params;
	size_t yes = count_stance(b, n, AS_SUPPORT),
	    no = count_stance(b, n, AS_OBJECT), unjustified = 0;
	char who[120];

	for (size_t i = 0; i < n; i++) {
		if (b[i].stance != AS_OBJECT)
			continue;
		if (a->vote == APACHE_LAZY && b[i].since >= a->deadline)
			continue;	/* after the window */
		if (a->vote == APACHE_CODE && b[i].reason == NULL) {
			unjustified++;
			continue;
		}
		if (a->vote != APACHE_RELEASE && rk_missing(v, i) != 0)
			return -1;
	}
	codes_of(b, v, who, sizeof(who));
	switch (a->vote) {
	case APACHE_LAZY:
		if (ctx->now < a->deadline) {
			rk_decide(v, AS_OUT_OPEN);
			rk_why(v, "lazy consensus until %s%s%s", a->until,
			    v->nmissing ? "; -1 from " : "", who);
		} else {
			rk_decide(v, v->nmissing ? AS_OUT_REJECTED :
			    AS_OUT_ADOPTED);
			rk_why(v, v->nmissing ? "-1 from %s stands at the end "
			    "of the window" : "no -1 by the end of the window%s",
			    who);
		}
		break;
	case APACHE_CODE:
		rk_decide(v, yes >= 3 && v->nmissing == 0 ? AS_OUT_ADOPTED :
		    AS_OUT_OPEN);
		rk_why(v, "%zu +1 (3 needed), %zu %s%s%s%s", yes, v->nmissing,
		    plural(v->nmissing, "veto", "vetoes"),
		    v->nmissing ? " by " : "", who, unjustified ?
		    "; a -1 without a reason is not a veto" : "");
		break;
	default:
		if (rk_missing_unless(v, b, n, NULL) != 0)
			return -1;
		rk_decide(v, yes >= 3 && yes > no ? AS_OUT_ADOPTED : AS_OUT_OPEN);
		rk_why(v, "%zu +1 (3 needed), %zu -1 (fewer than the +1 needed)",
		    yes, no);
	}
	return 0;
}

/*
 * Lazy consensus: every -1 of the window, once it has closed; a code
 * change: every veto, and three +1; a release: three +1, and more +1
 * than -1, a -1 that turns counting twice.
 */
static int
apache_need(const void *params, const as_ballot *b, size_t n,
    const as_rule_ctx *ctx, as_need *out)
{
	const struct apache *a = params;
	size_t yes = count_stance(b, n, AS_SUPPORT),
	    no = count_stance(b, n, AS_OBJECT), blocking = 0, k = 0, votes;
	unsigned __int128 *moves;

	if ((moves = as_calloc(n + 1, sizeof(*moves))) == NULL)
		return -1;
	for (size_t i = 0; i < n; i++) {
		int obj = b[i].stance == AS_OBJECT, blocks = obj &&
		    ((a->vote == APACHE_LAZY && b[i].since < a->deadline) ||
		    (a->vote == APACHE_CODE && b[i].reason != NULL));
		blocking += (size_t)blocks;
		out->key[i] = blocks || (a->vote == APACHE_RELEASE && obj) ? 2 : 1;
		if (b[i].stance != AS_SUPPORT)
			moves[k++] = obj ? 2 : 1;
	}
	votes = yes < 3 ? 3 - yes : 0;
	switch (a->vote) {
	case APACHE_LAZY:
		out->lower = ctx->now < a->deadline ? 0 : blocking;
		break;
	case APACHE_CODE:
		out->lower = blocking > votes ? blocking : votes;
		break;
	default:
		out->lower = no < yes ? 0 : rk_fewest(moves, k, no - yes, 1);
		if (out->lower < votes)
			out->lower = votes;
		if (out->lower > k)
			out->lower = k;
	}
	free(moves);
	return 0;
}

static int
apache_describe(const void *params, char *buf, size_t len)
{
	const struct apache *a = params;

	switch (a->vote) {
	case APACHE_LAZY:
		return snprintf(buf, len, "apache lazy consensus until %s",
		    a->until);
	case APACHE_CODE:
		return snprintf(buf, len, "apache code change");
	}
	return snprintf(buf, len, "apache release");
}

/* A release counts +1 and -1; lazy consensus has a window and a code
 * change a veto's reason, which a tally does not give. */
static int
apache_tally(const void *params, as_error *err)
{
	const struct apache *a = params;

	if (a->vote == APACHE_RELEASE)
		return 0;
	return tally_never("apache", a->vote == APACHE_LAZY ? "lazy consensus "
	    "reads when each -1 was cast" : "a code change reads each veto's "
	    "reason", err);
}

static int
apache_game(const void *params, const as_ballot *b, size_t n, as_game *g,
    as_error *err)
{
	const struct apache *a = params;
	uint64_t q = n / 2 + 1;

	if (a->vote != APACHE_RELEASE)
		return rk_game_count(g, b, n, n, err);
	if (q < 3)
		q = 3;
	if (q > n)
		return as_err(err, "rule apache: a release needs three +1 but "
		    "the organisation has %zu %s", n, plural(n, "member",
		    "members"));
	return rk_game_count(g, b, n, q, err);
}

/*
 * All of several rules: the Security Council's nine votes and the
 * permanent members' veto, say. Not adopted if any part cannot be any
 * more; adopted if every part is.
 */
struct all {
	as_rule	**rules;
	size_t	  n;
};

static void
all_free(void *params)
{
	struct all *a = params;

	if (a == NULL)
		return;
	for (size_t i = 0; i < a->n; i++)
		as_rule_free(a->rules[i]);
	free(a->rules);
	free(a);
}

static int
all_parse(const json_t *spec, void **params, as_error *err)
{
	static const char *const keys[] = { "rules", NULL };
	const json_t *list = json_object_get(spec, "rules");
	as_error sub[1];
	struct all *a;
	size_t i;

	if (rk_keys(spec, "all", keys, err) != 0)
		return -1;
	if (!json_is_array(list) || json_array_size(list) < 2)
		return as_err(err, "rule all: field 'rules' must list at least "
		    "two rules");
	if ((a = as_calloc(1, sizeof(*a))) == NULL ||
	    (a->rules = as_calloc(json_array_size(list), sizeof(*a->rules)))
	    == NULL) {
		free(a);
		return as_nomem(err, NULL);
	}
	for (i = 0; i < json_array_size(list); i++) {
		if ((a->rules[i] = as_rule_parse(json_array_get(list, i),
		    sub)) == NULL) {
			all_free(a);
			return as_wrap(err, sub, "rule all: rule %zu", i + 1);
		}
		a->n++;
	}
	*params = a;
	return 0;
}

static int
all_eval(const void *params, const as_ballot *b, size_t n,
    const as_rule_ctx *ctx, as_verdict *v)
{
	const struct all *a = params;
	as_outcome out = AS_OUT_ADOPTED;
	size_t off = 0;
	unsigned char *seen = as_calloc(n + 1, 1);

	if (seen == NULL)
		return -1;
	for (size_t i = 0; i < a->n; i++) {
		as_verdict part;
		if (as_rule_eval(a->rules[i], b, n, ctx, &part) != 0) {
			free(seen);
			return -1;
		}
		/* A member in the way of several parts is listed once. */
		for (size_t j = 0; j < part.nmissing; j++) {
			if (seen[part.missing[j]])
				continue;
			seen[part.missing[j]] = 1;
			if (rk_missing(v, part.missing[j]) != 0) {
				as_verdict_clear(&part);
				free(seen);
				return -1;
			}
		}
		if (part.outcome == AS_OUT_REJECTED)
			out = AS_OUT_REJECTED;
		else if (part.outcome == AS_OUT_OPEN && out == AS_OUT_ADOPTED)
			out = AS_OUT_OPEN;
		if (off < sizeof(v->why))
			off += (size_t)snprintf(v->why + off, sizeof(v->why) - off,
			    "%s%s", i ? "; " : "", part.why);
		as_verdict_clear(&part);
	}
	free(seen);
	rk_decide(v, out);
	return 0;
}

/* Every part must hold, so the largest of their bounds is one; the keys
 * are those of the part with that bound (the first, on a tie). */
static int
all_need(const void *params, const as_ballot *b, size_t n,
    const as_rule_ctx *ctx, as_need *out)
{
	const struct all *a = params;
	as_need part;

	if ((part.key = as_calloc(n + 1, sizeof(*part.key))) == NULL)
		return -1;
	for (size_t i = 0; i < a->n; i++) {
		if (as_rule_need(a->rules[i], b, n, ctx, &part) != 0) {
			free(part.key);
			return -1;
		}
		if (i == 0 || part.lower > out->lower) {
			out->lower = part.lower;
			memcpy(out->key, part.key, n * sizeof(*part.key));
		}
	}
	free(part.key);
	return 0;
}

static int
all_describe(const void *params, char *buf, size_t len)
{
	const struct all *a = params;
	text_out o = out_start(buf, len);

	for (size_t i = 0; i < a->n; i++) {
		int nested = a->rules[i]->kind->eval == all_eval;
		out_printf(&o, "%s%s", i > 0 ? " and " : "", nested ? "(" : "");
		out_rule(&o, a->rules[i]);
		out_printf(&o, "%s", nested ? ")" : "");
	}
	return (int)o.off;
}

static int
all_check(const void *params, const as_ballot *b, size_t n, int codes,
    as_error *err)
{
	const struct all *a = params;

	for (size_t i = 0; i < a->n; i++)
		if (as_rule_check(a->rules[i], b, n, codes, err) != 0)
			return -1;
	return 0;
}

/* A tally decides all of several rules if it decides each. */
static int
all_tally(const void *params, as_error *err)
{
	const struct all *a = params;

	for (size_t i = 0; i < a->n; i++)
		if (as_rule_tally(a->rules[i], err) != 0)
			return -1;
	return 0;
}

/* The game where both g1 and g2 must be won: dimensions side by side,
 * every term of one with every term of the other. */
static int
game_and(const as_game *g1, const as_game *g2, const as_ballot *b,
    as_game *out, as_error *err)
{
	size_t d = g1->dims + g2->dims;

	if (rk_game_new(out, b, g1->n, d, g1->nterms * g2->nterms, err) != 0)
		return -1;
	for (size_t i = 0; i < g1->n; i++) {
		memcpy(&out->w[i * d], &g1->w[i * g1->dims],
		    g1->dims * sizeof(uint64_t));
		memcpy(&out->w[i * d + g1->dims], &g2->w[i * g2->dims],
		    g2->dims * sizeof(uint64_t));
	}
	for (size_t s = 0; s < g1->nterms; s++)
		for (size_t t = 0; t < g2->nterms; t++) {
			uint64_t *q = &out->q[(s * g2->nterms + t) * d];
			memcpy(q, &g1->q[s * g1->dims], g1->dims * sizeof(*q));
			memcpy(q + g1->dims, &g2->q[t * g2->dims],
			    g2->dims * sizeof(*q));
		}
	return 0;
}

static int
all_game(const void *params, const as_ballot *b, size_t n, as_game *g,
    as_error *err)
{
	const struct all *a = params;
	as_game acc, part, next;

	if (as_rule_game(a->rules[0], b, n, &acc, err) != 0)
		return -1;
	for (size_t i = 1; i < a->n; i++) {
		if (as_rule_game(a->rules[i], b, n, &part, err) != 0) {
			as_game_free(&acc);
			return -1;
		}
		int rc = game_and(&acc, &part, b, &next, err);
		as_game_free(&acc);
		as_game_free(&part);
		if (rc != 0)
			return -1;
		acc = next;
	}
	*g = acc;
	return 0;
}

const as_rule_kind as_rule_kinds[] = {
	{ "unanimity", unanimity_parse, unanimity_eval, unanimity_describe,
	  unanimity_check, unanimity_game, unanimity_need, unanimity_free,
	  unanimity_tally },
	{ "consensus", consensus_parse, consensus_eval, consensus_describe,
	  no_check, unanimous_game, consensus_need, free, tally_ok },
	{ "silence", silence_parse, silence_eval, silence_describe,
	  no_check, unanimous_game, NULL, free, silence_tally },
	{ "majority", majority_parse, majority_eval, majority_describe,
	  majority_check, majority_game, majority_need, majority_free,
	  majority_tally },
	{ "count", count_parse, count_eval, count_describe,
	  no_check, count_game, count_need, free, tally_ok },
	{ "qmv", qmv_parse, qmv_eval, qmv_describe,
	  qmv_check, qmv_game, qmv_need, qmv_free, qmv_tally },
	{ "veto", veto_parse, veto_eval, veto_describe,
	  veto_check, veto_game, veto_need, veto_free, veto_tally },
	{ "apache", apache_parse, apache_eval, apache_describe,
	  no_check, apache_game, apache_need, free, apache_tally },
	{ "all", all_parse, all_eval, all_describe,
	  all_check, all_game, all_need, all_free, all_tally },
	{ NULL, NULL, NULL, NULL, NULL, NULL, NULL, NULL, NULL }
};
