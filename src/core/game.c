/* Simple games: building, checking, the win test and the inline notation. */
#include "core/game.h"

#include <ctype.h>
#include <stdlib.h>
#include <string.h>

#include "core/alloc.h"
#include "core/event.h"

void
as_game_free(as_game *g)
{
	if (g == NULL)
		return;
	if (g->names != NULL)
		for (size_t i = 0; i < g->n; i++)
			free(g->names[i]);
	free(g->names);
	free(g->w);
	free(g->q);
	memset(g, 0, sizeof(*g));
}

int
as_game_init(as_game *g, size_t n, size_t dims, size_t nterms)
{
	memset(g, 0, sizeof(*g));
	if (n == 0 || dims == 0 || nterms == 0 || n > SIZE_MAX / dims)
		return -1;
	g->n = n;
	g->dims = dims;
	g->nterms = nterms;
	g->w = as_calloc(n * dims, sizeof(uint64_t));
	g->q = as_calloc(nterms, dims * sizeof(uint64_t));
	if (g->w == NULL || g->q == NULL) {
		as_game_free(g);
		return -1;
	}
	return 0;
}

int
as_game_weighted(as_game *g, uint64_t q, const uint64_t *w, size_t n)
{
	if (as_game_init(g, n, 1, 1) != 0)
		return -1;
	memcpy(g->w, w, n * sizeof(*w));
	g->q[0] = q;
	return 0;
}

int
as_game_check(const as_game *g, as_error *err)
{
	if (g->n == 0)
		return as_err(err, "empty game: no players");
	if (g->n > AS_GAME_MAX_PLAYERS)
		return as_err(err, "%zu players: at most %d", g->n,
		    AS_GAME_MAX_PLAYERS);
	if (g->dims == 0 || g->dims > AS_GAME_MAX_DIMS)
		return as_err(err, "%zu dimensions: between 1 and %d", g->dims,
		    AS_GAME_MAX_DIMS);
	if (g->nterms == 0 || g->nterms > AS_GAME_MAX_TERMS)
		return as_err(err, "%zu terms: between 1 and %d", g->nterms,
		    AS_GAME_MAX_TERMS);
	for (size_t d = 0; d < g->dims; d++) {
		uint64_t total = 0;

		for (size_t i = 0; i < g->n; i++) {
			uint64_t w = g->w[i * g->dims + d];

			if (total > UINT64_MAX - w)
				return as_err(err, "dimension %zu: the total "
				    "weight overflows 64 bits", d + 1);
			total += w;
		}
	}
	return 0;
}

int
as_game_wins_sum(const as_game *g, const uint64_t *sum)
{
	for (size_t t = 0; t < g->nterms; t++) {
		const uint64_t *q = g->q + t * g->dims;
		size_t d = 0;

		while (d < g->dims && sum[d] >= q[d])
			d++;
		if (d == g->dims)
			return 1;
	}
	return 0;
}

int
as_game_wins(const as_game *g, const unsigned char *in)
{
	uint64_t sum[AS_GAME_MAX_DIMS] = { 0 };

	for (size_t i = 0; i < g->n; i++)
		if (in[i])
			for (size_t d = 0; d < g->dims; d++)
				sum[d] += g->w[i * g->dims + d];
	return as_game_wins_sum(g, sum);
}

/*
 * The inline notation. A small cursor over the text: pos is where the
 * next token starts, and every error names its column (1-based).
 */
struct cursor {
	const char	*s;
	size_t		 pos;
	as_error *err;
};

static void
skip_space(struct cursor *c)
{
	while (isspace((unsigned char)c->s[c->pos]))
		c->pos++;
}

static int
fail_at(struct cursor *c, const char *what)
{
	return as_err(c->err, "column %zu: %s", c->pos + 1, what);
}

/*
 * Reads a whole number into *v; what names it in errors ("quota",
 * "weight of player 3"). Negative numbers, fractions and exponents are
 * refused by name, and so is a value beyond 64 bits.
 */
static int
number(struct cursor *c, const char *what, uint64_t *v)
{
	char msg[128];
	size_t start;

	skip_space(c);
	start = c->pos;
	if (c->s[c->pos] == '-' || c->s[c->pos] == '+') {
		if (!isdigit((unsigned char)c->s[c->pos + 1]))
			return fail_at(c, "expected a number");
		snprintf(msg, sizeof(msg), "%s must not be %s", what,
		    c->s[c->pos] == '-' ? "negative" : "signed");
		return fail_at(c, msg);
	}
	if (!isdigit((unsigned char)c->s[c->pos])) {
		if (c->s[c->pos] == ',' || c->s[c->pos] == ']' ||
		    c->s[c->pos] == ';') {
			snprintf(msg, sizeof(msg), "%s is missing", what);
			return fail_at(c, msg);
		}
		return fail_at(c, "expected a number");
	}
	*v = 0;
	while (isdigit((unsigned char)c->s[c->pos])) {
		unsigned digit = (unsigned)(c->s[c->pos] - '0');

		if (*v > (UINT64_MAX - digit) / 10) {
			c->pos = start;
			snprintf(msg, sizeof(msg), "%s overflows 64 bits", what);
			return fail_at(c, msg);
		}
		*v = *v * 10 + digit;
		c->pos++;
	}
	if (c->s[c->pos] == '.' || c->s[c->pos] == 'e' || c->s[c->pos] == 'E') {
		c->pos = start;
		snprintf(msg, sizeof(msg), "%s must be a whole number", what);
		return fail_at(c, msg);
	}
	return 0;
}

static int
expect(struct cursor *c, char ch, const char *what)
{
	skip_space(c);
	if (c->s[c->pos] != ch)
		return fail_at(c, what);
	c->pos++;
	return 0;
}

/* One bracket: its quota into *q and its weights appended to *w. */
static int
bracket(struct cursor *c, size_t b, uint64_t *q, uint64_t **w, size_t *n)
{
	char what[64];
	size_t cap = 0, start;
	uint64_t total = 0;

	*w = NULL;
	*n = 0;
	if (expect(c, '[', "expected '['") != 0)
		return -1;
	if (number(c, "quota", q) != 0 || expect(c, ';', "expected ';'") != 0)
		return -1;
	skip_space(c);
	if (c->s[c->pos] == ']') {
		as_err(c->err, "bracket %zu: empty game: no players", b);
		return -1;
	}
	for (;;) {
		if (*n == AS_GAME_MAX_PLAYERS) {
			as_err(c->err, "bracket %zu: more than %d players", b,
			    AS_GAME_MAX_PLAYERS);
			goto fail;
		}
		if (*n == cap) {
			uint64_t *p;

			cap = cap ? 2 * cap : 16;
			if ((p = as_realloc(*w, cap * sizeof(**w))) == NULL) {
				as_nomem(c->err, NULL);
				goto fail;
			}
			*w = p;
		}
		snprintf(what, sizeof(what), "weight of player %zu", *n + 1);
		skip_space(c);
		start = c->pos;
		if (number(c, what, &(*w)[*n]) != 0)
			goto fail;
		if (total > UINT64_MAX - (*w)[*n]) {
			c->pos = start;
			fail_at(c, "the total weight overflows 64 bits");
			goto fail;
		}
		total += (*w)[(*n)++];
		skip_space(c);
		if (c->s[c->pos] == ']')
			break;
		if (expect(c, ',', "expected ',' or ']'") != 0)
			goto fail;
	}
	c->pos++;
	if (*q == 0 || *q > total) {
		as_err(c->err, "bracket %zu: quota %llu must be between 1 and "
		    "the total weight %llu", b, (unsigned long long)*q,
		    (unsigned long long)total);
		goto fail;
	}
	return 0;
fail:
	free(*w);
	*w = NULL;
	return -1;
}

int
as_game_parse(const char *s, as_game *g, as_error *err)
{
	struct cursor c = { s, 0, err };
	uint64_t q[AS_GAME_MAX_DIMS], *w[AS_GAME_MAX_DIMS];
	size_t n[AS_GAME_MAX_DIMS], dims = 0;
	int rc = -1;

	memset(g, 0, sizeof(*g));
	skip_space(&c);
	if (s[c.pos] == '\0')
		return as_err(err, "empty game: expected '[quota; weights]'");
	for (;;) {
		if (dims == AS_GAME_MAX_DIMS) {
			as_err(err, "column %zu: more than %d brackets", c.pos + 1,
			    AS_GAME_MAX_DIMS);
			goto done;
		}
		if (bracket(&c, dims + 1, &q[dims], &w[dims], &n[dims]) != 0)
			goto done;
		dims++;
		if (n[dims - 1] != n[0]) {
			as_err(err, "bracket %zu has %zu players, bracket 1 has "
			    "%zu", dims, n[dims - 1], n[0]);
			goto done;
		}
		skip_space(&c);
		if (s[c.pos] == '\0')
			break;
		if (strncmp(s + c.pos, "and", 3) != 0 ||
		    isalnum((unsigned char)s[c.pos + 3])) {
			fail_at(&c, "expected 'and' or the end");
			goto done;
		}
		c.pos += 3;
	}
	if (as_game_init(g, n[0], dims, 1) != 0) {
		as_nomem(err, NULL);
		goto done;
	}
	for (size_t d = 0; d < dims; d++) {
		g->q[d] = q[d];
		for (size_t i = 0; i < n[0]; i++)
			g->w[i * dims + d] = w[d][i];
	}
	rc = 0;
done:
	for (size_t d = 0; d < dims; d++)
		free(w[d]);
	return rc;
}

int
as_game_set_names(as_game *g, const char *list, as_error *err)
{
	char **names;
	const char *p = list;
	size_t i = 0;

	if ((names = as_calloc(g->n, sizeof(*names))) == NULL)
		return as_nomem(err, NULL);
	for (;;) {
		size_t len = strcspn(p, ",");

		if (i == g->n) {
			as_err(err, "--names: more names than the %zu players",
			    g->n);
			goto fail;
		}
		if (len == 0 || len > AS_GAME_NAME_MAX) {
			as_err(err, "--names: name %zu must have 1 to %d "
			    "characters", i + 1, AS_GAME_NAME_MAX);
			goto fail;
		}
		if ((names[i] = as_malloc(len + 1)) == NULL) {
			as_nomem(err, NULL);
			goto fail;
		}
		memcpy(names[i], p, len);
		names[i++][len] = '\0';
		if (p[len] == '\0')
			break;
		p += len + 1;
	}
	if (i != g->n) {
		as_err(err, "--names: %zu names for %zu players", i, g->n);
		goto fail;
	}
	if (g->names != NULL)
		for (size_t j = 0; j < g->n; j++)
			free(g->names[j]);
	free(g->names);
	g->names = names;
	return 0;
fail:
	for (size_t j = 0; j < g->n; j++)
		free(names[j]);
	free(names);
	return -1;
}
