/*
 * Exact voting-power indices: see power.h for what and how.
 *
 * Counts of coalitions are kept in tables of fixed-width GMP limb arrays
 * (L = n / 64 + 1 limbs an entry holds any count up to 2^n) and added with
 * mpn_add_n; per-player results are mpz integers, the indices mpq.
 */
#include "core/power.h"

#include <math.h>
#include <stdlib.h>
#include <string.h>

#include "core/alloc.h"
#include "core/event.h"

static const char *const method_names[AS_METHOD_COUNT] = {
	[AS_METHOD_AUTO] = "auto",
	[AS_METHOD_WEIGHTED] = "weighted",
	[AS_METHOD_DP] = "dp",
	[AS_METHOD_SMALL_DIMS] = "small-dims",
	[AS_METHOD_MITM] = "meet-in-the-middle",
	[AS_METHOD_ENUM] = "enumeration",
	[AS_METHOD_TRIVIAL] = "trivial",
};

const char *
as_power_method_name(as_power_method m)
{
	return m < AS_METHOD_COUNT ? method_names[m] : "?";
}

as_power_method
as_power_method_parse(const char *name)
{
	for (int m = 0; m < AS_METHOD_COUNT; m++)
		if (strcmp(method_names[m], name) == 0)
			return (as_power_method)m;
	return AS_METHOD_COUNT;
}

void
as_power_bytes(uint64_t bytes, char *buf, size_t len)
{
	static const char *const unit[] = { "KiB", "MiB", "GiB", "TiB",
	    "PiB", "EiB" };
	double v = (double)bytes;
	size_t u = 0;

	if (bytes < 1024) {
		snprintf(buf, len, "%llu bytes", (unsigned long long)bytes);
		return;
	}
	v /= 1024;
	while (v >= 1024 && u + 1 < sizeof(unit) / sizeof(unit[0])) {
		v /= 1024;
		u++;
	}
	snprintf(buf, len, "%.1f %s", v, unit[u]);
}

/*
 * The game as the methods see it: terms no coalition can reach dropped,
 * dimensions no term constrains dropped, one dimension's terms merged
 * into the lowest quota, and the players grouped into classes of equal
 * weight vectors.
 */
typedef struct ngame {
	size_t		 n, dims, nterms;
	uint64_t	*w;		/* n * dims */
	uint64_t	*q;		/* nterms * dims */
	uint64_t	 bound[AS_GAME_MAX_DIMS];	/* largest quota */
	uint64_t	 total[AS_GAME_MAX_DIMS];	/* all the weight */
	int		 headcount[AS_GAME_MAX_DIMS];	/* every weight 1 */
	int		 trivial;	/* nobody can ever swing */
	size_t		 nclass;
	size_t		*cls;		/* n: each player's class */
	size_t		*rep;		/* nclass: a player of each */
} ngame;

static void
ngame_free(ngame *ng)
{
	free(ng->w);
	free(ng->q);
	free(ng->cls);
	free(ng->rep);
	memset(ng, 0, sizeof(*ng));
}

struct byvec {
	size_t		 i;
	const uint64_t	*w;
	size_t		 dims;
};

static int
cmp_vec(const void *a, const void *b)
{
	const struct byvec *x = a, *y = b;

	for (size_t d = 0; d < x->dims; d++)
		if (x->w[d] != y->w[d])
			return x->w[d] < y->w[d] ? -1 : 1;
	return x->i < y->i ? -1 : x->i > y->i;
}

static int
ngame_init(ngame *ng, const as_game *g)
{
	uint64_t total[AS_GAME_MAX_DIMS] = { 0 };
	int keep[AS_GAME_MAX_DIMS] = { 0 }, *live = NULL;
	struct byvec *v = NULL;
	size_t nt = 0, nd = 0;

	memset(ng, 0, sizeof(*ng));
	ng->n = g->n;
	for (size_t i = 0; i < g->n; i++)
		for (size_t d = 0; d < g->dims; d++)
			total[d] += g->w[i * g->dims + d];
	if ((live = as_calloc(g->nterms, sizeof(*live))) == NULL)
		goto fail;
	for (size_t t = 0; t < g->nterms; t++) {
		const uint64_t *q = g->q + t * g->dims;
		int any = 0, reach = 1;

		for (size_t d = 0; d < g->dims; d++) {
			reach &= q[d] <= total[d];
			any |= q[d] != 0;
		}
		if (!reach)
			continue;
		if (!any)
			ng->trivial = 1;	/* the empty coalition wins */
		live[t] = 1;
		nt++;
		for (size_t d = 0; d < g->dims; d++)
			if (q[d] != 0)
				keep[d] = 1;
	}
	if (nt == 0)
		ng->trivial = 1;		/* nothing ever wins */
	for (size_t d = 0; d < g->dims; d++)
		nd += keep[d];
	if (ng->trivial)
		nd = 1, nt = 1;
	ng->dims = nd;
	ng->nterms = nd == 1 ? 1 : nt;
	ng->w = as_calloc(g->n, nd * sizeof(uint64_t));
	ng->q = as_calloc(ng->nterms, nd * sizeof(uint64_t));
	ng->cls = as_calloc(g->n, sizeof(size_t));
	v = as_calloc(g->n, sizeof(*v));
	if (ng->w == NULL || ng->q == NULL || ng->cls == NULL || v == NULL)
		goto fail;
	if (!ng->trivial) {
		size_t t2 = 0;

		for (size_t i = 0; i < g->n; i++)
			for (size_t d = 0, e = 0; d < g->dims; d++)
				if (keep[d])
					ng->w[i * nd + e++] = g->w[i * g->dims + d];
		for (size_t t = 0; t < g->nterms; t++) {
			uint64_t q[AS_GAME_MAX_DIMS];

			if (!live[t])
				continue;
			for (size_t d = 0, e = 0; d < g->dims; d++)
				if (keep[d])
					q[e++] = g->q[t * g->dims + d];
			/* One dimension: a coalition wins by the lowest quota. */
			if (nd == 1 && t2 == 1 && q[0] >= ng->q[0])
				continue;
			memcpy(ng->q + (nd == 1 ? 0 : t2) * nd, q,
			    nd * sizeof(*q));
			if (nd > 1 || t2 == 0)
				t2++;
		}
		for (size_t t = 0; t < ng->nterms; t++)
			for (size_t d = 0; d < nd; d++)
				if (ng->q[t * nd + d] > ng->bound[d])
					ng->bound[d] = ng->q[t * nd + d];
	}
	for (size_t d = 0; d < nd; d++)
		ng->headcount[d] = 1;
	for (size_t i = 0; i < g->n; i++)
		for (size_t d = 0; d < nd; d++) {
			ng->total[d] += ng->w[i * nd + d];
			ng->headcount[d] &= ng->w[i * nd + d] == 1;
		}
	for (size_t i = 0; i < g->n; i++)
		v[i] = (struct byvec){ i, ng->w + i * nd, nd };
	qsort(v, g->n, sizeof(*v), cmp_vec);
	for (size_t k = 0; k < g->n; k++) {
		if (k == 0 || cmp_vec(&(struct byvec){ 0, v[k].w, nd },
		    &(struct byvec){ 0, v[k - 1].w, nd }) != 0)
			ng->nclass++;
		ng->cls[v[k].i] = ng->nclass - 1;
	}
	if ((ng->rep = as_calloc(g->n, sizeof(size_t))) == NULL)
		goto fail;
	for (size_t k = g->n; k-- > 0;)
		ng->rep[ng->cls[v[k].i]] = v[k].i;
	free(v);
	free(live);
	return 0;
fail:
	free(v);
	free(live);
	ngame_free(ng);
	return -1;
}

/* Whether the (clamped) weight vector s wins. */
static int
nwins(const ngame *ng, const uint64_t *s)
{
	as_game view = { ng->n, ng->dims, ng->w, ng->nterms, ng->q, NULL };

	return as_game_wins_sum(&view, s);
}

static uint64_t
sat_add(uint64_t a, uint64_t b, uint64_t bound)
{
	return b >= bound || a >= bound - b ? bound : a + b;
}

/*
 * Estimates. Sizes are doubles so that an impossible size still gives a
 * number to quote.
 */
static size_t
limbs_for(size_t n)
{
	return n / (8 * sizeof(mp_limb_t)) + 1;
}

/* The dimension with the largest quota: the long axis of mitm. */
static size_t
big_dim(const ngame *ng)
{
	size_t b = 0;

	for (size_t d = 1; d < ng->dims; d++)
		if (ng->bound[d] > ng->bound[b])
			b = d;
	return b;
}

/*
 * A small dimension that counts heads (every weight 1) and so tells the
 * size of a coalition; ng->dims if there is none.
 */
static size_t
head_axis(const ngame *ng, size_t b)
{
	for (size_t d = 0; d < ng->dims; d++)
		if (d != b && ng->headcount[d])
			return d;
	return ng->dims;
}

/*
 * The memory and work of method m on ng: 0 if m applies to ng, -1 if not.
 */
static int
estimate(const ngame *ng, as_power_method m, int ss, double *bytes,
    double *ops)
{
	double n = (double)ng->n, L = (double)limbs_for(ng->n);
	double cls = (double)ng->nclass;

	switch (m) {
	case AS_METHOD_TRIVIAL:
		if (!ng->trivial)
			return -1;
		*bytes = 0;
		*ops = n;
		return 0;
	case AS_METHOD_WEIGHTED: {
		double q = (double)ng->q[0], rows = ss ? n + 1 : 1;

		if (ng->trivial || ng->dims != 1)
			return -1;
		*bytes = rows * (q + 1) * L * sizeof(mp_limb_t);
		*ops = n * q * L / 2 * (ss ? n / 2 : 1) + rows * q * L;
		return 0;
	}
	case AS_METHOD_DP: {
		double states = ss ? n : 1;

		if (ng->trivial)
			return -1;
		for (size_t d = 0; d < ng->dims; d++)
			states *= (double)ng->bound[d] + 1;
		*bytes = states * L * sizeof(mp_limb_t);
		*ops = cls * n * states * L;
		return 0;
	}
	case AS_METHOD_SMALL_DIMS: {
		double u = 1;
		size_t b;

		if (ng->trivial)
			return -1;
		b = big_dim(ng);
		for (size_t d = 0; d < ng->dims; d++)
			if (d != b)
				u *= (double)ng->total[d] + 1;
		if (ss && head_axis(ng, b) == ng->dims)
			u *= n + 1;	/* a size axis of its own */
		*bytes = 2 * u * ((double)ng->bound[b] + 1) * L *
		    sizeof(mp_limb_t);
		*ops = (n + 3 * cls) * u * (double)ng->bound[b] * L;
		return 0;
	}
	case AS_METHOD_MITM: {
		double h = floor((n - 1) / 2), half = ldexp(1, (int)(n - h - 1));
		double keys = ss ? h + 2 : 1;
		size_t b;

		if (ng->trivial || ng->n > AS_POWER_MITM_MAX || ng->n < 2)
			return -1;
		b = big_dim(ng);
		for (size_t d = 0; d < ng->dims; d++)
			if (d != b)
				keys *= (double)ng->bound[d] + 1;
		if (keys >= 0x1p63)
			return -1;	/* the keys would not fit 64 bits */
		*bytes = 2 * half * (48 + 8 * (double)ng->dims);
		*ops = cls * 2 * half * (n / 2 + fmin(keys, half));
		return 0;
	}
	case AS_METHOD_ENUM:
		if (ng->trivial || ng->n > AS_POWER_ENUM_MAX)
			return -1;
		*bytes = ldexp(1, (int)ng->n) / 8 + n * n * 8;
		*ops = n * ldexp(1, (int)ng->n);
		return 0;
	default:
		return -1;
	}
}

static int
plan_ngame(const ngame *ng, const as_power_opts *o, as_power_plan *plan,
    as_error *err)
{
	int ss = (o->indices & AS_POWER_SHAPLEY) != 0;
	double best = INFINITY, least = INFINITY, limit;
	char need[32], have[32];
	as_power_method m;

	limit = o->mem_limit ? (double)o->mem_limit : (double)SIZE_MAX / 2;
	memset(plan, 0, sizeof(*plan));
	plan->method = AS_METHOD_COUNT;
	for (m = AS_METHOD_WEIGHTED; m < AS_METHOD_COUNT; m++) {
		double bytes, ops;

		if (o->method != AS_METHOD_AUTO && o->method != m &&
		    m != AS_METHOD_TRIVIAL)
			continue;
		if (estimate(ng, m, ss, &bytes, &ops) != 0)
			continue;
		if (bytes < least)
			least = bytes;
		if (bytes > limit || ops >= best)
			continue;
		best = ops;
		plan->method = m;
		plan->bytes = (uint64_t)bytes;
		plan->ops = ops;
	}
	if (plan->method != AS_METHOD_COUNT)
		return 0;
	if (least == INFINITY) {
		if (o->method != AS_METHOD_AUTO)
			return as_err(err, "method %s does not apply to this "
			    "game (%zu players, %zu dimensions)",
			    as_power_method_name(o->method), ng->n, ng->dims);
		return as_err(err, "no method applies");
	}
	as_power_bytes(least >= 0x1p64 ? UINT64_MAX : (uint64_t)least, need,
	    sizeof(need));
	if (o->mem_limit)
		as_power_bytes(o->mem_limit, have, sizeof(have));
	else
		snprintf(have, sizeof(have), "this machine's address space");
	if (ng->dims > 1 && ng->n > AS_POWER_MITM_MAX)
		return as_fail(err, AS_ELIMIT,
		    "%zu players: too many to enumerate (at "
		    "most %d), and a table would need about %s (limit %s)",
		    ng->n, AS_POWER_MITM_MAX, need, have);
	return as_fail(err, AS_ELIMIT, "would need about %s (limit %s)", need,
	    have);
}

int
as_power_estimate(const as_game *g, const as_power_opts *o, as_power_plan *plan,
    as_error *err)
{
	ngame ng;
	int rc;

	if (as_game_check(g, err) != 0)
		return -1;
	if (ngame_init(&ng, g) != 0)
		return as_nomem(err, NULL);
	rc = plan_ngame(&ng, o, plan, err);
	ngame_free(&ng);
	return rc;
}

/*
 * A computation in progress: the per-class results, and the progress
 * callback, throttled to about a hundred calls.
 */
typedef struct run {
	const ngame		*ng;
	const as_power_opts	*o;
	int			 ss;
	size_t			 L;
	mpz_t			*swings;	/* nclass */
	mpz_t			*ssnum;		/* nclass: SS times n! */
	mpz_t			*coef;		/* n: k! (n-1-k)! */
	double			 shown;
} run;

static void
progress(run *r, double done)
{
	if (r->o->progress == NULL)
		return;
	if (done >= 1 ? r->shown >= 1 : done - r->shown < 0.01)
		return;		/* said already, or too little news */
	r->shown = done > 1 ? 1 : done;
	r->o->progress(r->o->arg, r->shown);
}

/* a += b over the first k limbs (the sum fits: no carry out). */
static inline void
add_to(mp_limb_t *a, const mp_limb_t *b, size_t k)
{
	if (k == 1)
		a[0] += b[0];
	else
		mpn_add_n(a, a, b, (mp_size_t)k);
}

static void
mpz_from_limbs(mpz_t z, const mp_limb_t *p, size_t k)
{
	mp_limb_t *d = mpz_limbs_write(z, (mp_size_t)k);

	memcpy(d, p, k * sizeof(*p));
	mpz_limbs_finish(z, (mp_size_t)k);
}

/* Adds count coalitions of size k to class c's swings and SS numerator. */
static void
add_swings(run *r, size_t c, size_t k, const mpz_t count)
{
	mpz_add(r->swings[c], r->swings[c], count);
	if (r->ss)
		mpz_addmul(r->ssnum[c], count, r->coef[k]);
}

static void
add_swings_ui(run *r, size_t c, size_t k, uint64_t count, mpz_t tmp)
{
	if (count == 0)
		return;
	mpz_set_ui(tmp, 0);
	mpz_import(tmp, 1, -1, sizeof(count), 0, 0, &count);
	add_swings(r, c, k, tmp);
}

/*
 * The Banzhaf table of run_weighted: T[t + 1] counts the coalitions
 * weighing t < q. Entries are packed with a stride of as many limbs as
 * the counts so far need (the table is spread out as players are added),
 * so that adding players is one mpn_add_n per run of entries rather than
 * one per entry, and no entry carries into the next since every sum fits.
 * Players go in by pairs of weights a and b, T[s] += T[s - a] + T[s - b] +
 * T[s - a - b], over runs of min(a, b) entries whose sources are all below
 * the run and not yet changed: one pass over the table for two players
 * halves the memory traffic, which bounds this loop. On return the
 * stride is L.
 */
/* Spreads the count entries of T from a stride of cur limbs to to. */
static size_t
restride(mp_limb_t *T, size_t entries, size_t cur, size_t to)
{
	for (size_t t = entries; t-- > 0;) {
		memmove(T + t * to, T + t * cur, cur * sizeof(*T));
		memset(T + t * to + cur, 0, (to - cur) * sizeof(*T));
	}
	return to;
}

static void
banzhaf_table(run *r, mp_limb_t *T, uint64_t q)
{
	const uint64_t *w = r->ng->w;
	size_t n = r->ng->n, cur = 1, done = 0;

	for (size_t j = 0; j < n;) {
		uint64_t off[3], m;
		size_t k = 1, need, noff, hi, lo;

		if (w[j] >= q) {
			j++;		/* no coalition below q gains it */
			continue;
		}
		if (w[j] > 0 && j + 1 < n && w[j + 1] > 0 && w[j + 1] < q)
			k = 2;
		if ((need = limbs_for(done + k)) > cur)
			cur = restride(T, (size_t)q + 1, cur, need);
		off[0] = w[j];
		off[1] = k == 2 ? w[j + 1] : 0;
		off[2] = off[0] + off[1];
		noff = k == 2 ? 3 : 1;
		m = k == 2 && off[1] < off[0] ? off[1] : off[0];
		if (m == 0)	/* a player of no weight doubles every count */
			mpn_add_n(T + cur, T + cur, T + cur, (mp_size_t)(q * cur));
		for (hi = (size_t)q + 1; m > 0 && hi > m + 1; hi = lo) {
			lo = hi - m > 1 ? hi - (size_t)m : 1;
			for (size_t o = 0; o < noff; o++) {
				size_t from = lo > off[o] ? lo : (size_t)off[o] + 1;

				if (from < hi)
					mpn_add_n(T + from * cur, T + from * cur,
					    T + (from - off[o]) * cur,
					    (mp_size_t)((hi - from) * cur));
			}
		}
		done += k;
		j += k;
		progress(r, 0.9 * (double)j / (double)n);
	}
	if (cur < r->L)		/* players of weight q or more only */
		restride(T, (size_t)q + 1, cur, r->L);
}

/*
 * One dimension. T[k][t + 1] counts the coalitions of k players (of all
 * n; a single row when only Banzhaf is asked) weighing t, for t < q; the
 * rows are then turned into prefix sums, P[k][t] = sum over u < t.
 *
 * Without player i of weight w, the counts g satisfy T = g (1 + x^w), so
 * g[s] = T[s] - g[s - w] = sum_j (-1)^j T[s - j w]. Player i swings in the
 * coalitions weighing s in [q - w, q - 1]; every t < q falls in exactly
 * one block [q - (j + 1) w, q - j w) of that sum, with sign (-1)^j, and
 * adds to the coalitions of size k + j. So each player costs q / w block
 * sums from the prefix table instead of a new table.
 */
static int
run_weighted(run *r)
{
	const ngame *ng = r->ng;
	size_t n = ng->n, L = r->L, rows = r->ss ? n + 1 : 1;
	uint64_t q = ng->q[0];
	size_t E = (size_t)q + 1;
	mp_limb_t *T, *pos, *neg, *diff;
	mpz_t tmp;

	if ((T = as_calloc(rows * E, L * sizeof(mp_limb_t))) == NULL)
		return -1;
	if ((pos = as_calloc(3 * (L + 1), sizeof(mp_limb_t))) == NULL) {
		free(T);
		return -1;
	}
	neg = pos + L + 1;
	diff = neg + L + 1;
#define AT(k, t)	(T + ((size_t)(k) * E + (size_t)(t)) * L)
	if (!r->ss) {
		T[1] = 1;	/* the empty coalition, at a stride of 1 */
		banzhaf_table(r, T, q);
	} else
		AT(0, 1)[0] = 1;
	for (size_t j = 0; r->ss && j < n; j++) {
		uint64_t w = ng->w[j];
		size_t lk = limbs_for(j + 1) < L ? limbs_for(j + 1) : L;

		if (w < q) {
			for (size_t k = j + 1; k-- > 0;) {
				mp_limb_t *dst = AT(k + 1, 0);
				const mp_limb_t *src = AT(k, 0);

				for (size_t s = (size_t)q; s > w; s--)
					add_to(dst + s * L, src + (s - w) * L, lk);
			}
		}
		progress(r, 0.9 * (double)(j + 1) / (double)n);
	}
	for (size_t k = 0; k < rows; k++)
		for (size_t t = 1; t < E; t++)
			add_to(AT(k, t), AT(k, t - 1), L);
	mpz_init(tmp);
	for (size_t c = 0; c < ng->nclass; c++) {
		uint64_t w = ng->w[ng->rep[c]];

		if (w == 0)
			continue;	/* a player of no weight is a dummy */
		if (!r->ss) {
			/* Banzhaf alone: every block into pos or neg. */
			memset(pos, 0, 2 * (L + 1) * sizeof(mp_limb_t));
			for (uint64_t hi = q, j = 0; hi > 0; j++) {
				uint64_t lo = hi > w ? hi - w : 0;

				mpn_add(j % 2 ? neg : pos, j % 2 ? neg : pos,
				    (mp_size_t)L + 1, AT(0, hi), (mp_size_t)L);
				mpn_add(j % 2 ? pos : neg, j % 2 ? pos : neg,
				    (mp_size_t)L + 1, AT(0, lo), (mp_size_t)L);
				hi = lo;
			}
			mpn_sub_n(diff, pos, neg, (mp_size_t)L + 1);
			mpz_from_limbs(r->swings[c], diff, L + 1);
			continue;
		}
		for (size_t k = 0; k < rows; k++) {
			for (uint64_t hi = q, j = 0; hi > 0; j++) {
				uint64_t lo = hi > w ? hi - w : 0;

				mpn_sub_n(diff, AT(k, hi), AT(k, lo),
				    (mp_size_t)L);
				hi = lo;
				if (mpn_zero_p(diff, (mp_size_t)L))
					continue;
				mpz_from_limbs(tmp, diff, L);
				if (j % 2)
					mpz_sub(r->swings[c], r->swings[c], tmp);
				else
					mpz_add(r->swings[c], r->swings[c], tmp);
				if (k + j > n - 1)
					continue;	/* these cancel out */
				if (j % 2)
					mpz_submul(r->ssnum[c], tmp,
					    r->coef[k + j]);
				else
					mpz_addmul(r->ssnum[c], tmp,
					    r->coef[k + j]);
			}
		}
		progress(r, 0.9 + 0.1 * (double)(c + 1) / (double)ng->nclass);
	}
#undef AT
	mpz_clear(tmp);
	free(pos);
	free(T);
	return 0;
}

/*
 * Any game, small quotas: for each class, a table over the clamped weight
 * vectors (and sizes) of the coalitions of the other players.
 */
static int
run_dp(run *r)
{
	const ngame *ng = r->ng;
	size_t n = ng->n, L = r->L, D = ng->dims, axes = D + (r->ss ? 1 : 0);
	size_t radix[AS_GAME_MAX_DIMS + 1], stride[AS_GAME_MAX_DIMS + 1];
	size_t states = 1, dig[AS_GAME_MAX_DIMS + 1];
	uint64_t v[AS_GAME_MAX_DIMS], v2[AS_GAME_MAX_DIMS];
	mp_limb_t *T;
	mpz_t tmp;

	for (size_t a = 0; a < axes; a++) {
		radix[a] = a < D ? (size_t)ng->bound[a] + 1 : n;
		stride[a] = states;
		states *= radix[a];
	}
	if ((T = as_calloc(states, L * sizeof(mp_limb_t))) == NULL)
		return -1;
	mpz_init(tmp);
	for (size_t c = 0; c < ng->nclass; c++) {
		size_t i = ng->rep[c], j = 0;
		const uint64_t *wi = ng->w + i * D;

		memset(T, 0, states * L * sizeof(mp_limb_t));
		T[0] = 1;
		for (size_t p = 0; p < n; p++) {
			const uint64_t *wp = ng->w + p * D;
			size_t lk;

			if (p == i)
				continue;
			lk = limbs_for(++j) < L ? limbs_for(j) : L;
			for (size_t a = 0; a < axes; a++)
				dig[a] = radix[a] - 1;
			for (size_t s = states; s-- > 0;) {
				if (!mpn_zero_p(T + s * L, (mp_size_t)lk)) {
					size_t to = 0;

					for (size_t a = 0; a < axes; a++)
						to += (a < D ? (size_t)sat_add(
						    dig[a], wp[a], radix[a] - 1) :
						    dig[a] + 1) * stride[a];
					add_to(T + to * L, T + s * L, lk);
				}
				for (size_t a = 0; a < axes; a++) {
					if (dig[a]-- > 0)
						break;
					dig[a] = radix[a] - 1;
				}
			}
			progress(r, ((double)c + (double)j / (double)n) /
			    (double)ng->nclass);
		}
		memset(dig, 0, sizeof(dig));
		for (size_t s = 0; s < states; s++) {
			if (!mpn_zero_p(T + s * L, (mp_size_t)L)) {
				for (size_t d = 0; d < D; d++) {
					v[d] = dig[d];
					v2[d] = sat_add(dig[d], wi[d], ng->bound[d]);
				}
				if (!nwins(ng, v) && nwins(ng, v2)) {
					mpz_from_limbs(tmp, T + s * L, L);
					add_swings(r, c, r->ss ? dig[D] : 0, tmp);
				}
			}
			for (size_t a = 0; a < axes; a++) {
				if (++dig[a] < radix[a])
					break;
				dig[a] = 0;
			}
		}
	}
	mpz_clear(tmp);
	free(T);
	return 0;
}

/* The lowest big-dimension quota of the terms v's small dims meet. */
static uint64_t
threshold(const ngame *ng, size_t b, const uint64_t *v)
{
	uint64_t th = UINT64_MAX;

	for (size_t t = 0; t < ng->nterms; t++) {
		const uint64_t *q = ng->q + t * ng->dims;
		size_t d = 0;

		while (d < ng->dims && (d == b || v[d] >= q[d]))
			d++;
		if (d == ng->dims && q[b] < th)
			th = q[b];
	}
	return th;
}

/*
 * Small dimensions exact, the big one cut: F[U][x] counts the coalitions
 * of all n players whose small dimensions (and size) have the mixed-radix
 * code U and whose big weight is x < Qb, the largest quota of the big
 * dimension; C[U] counts them whatever their big weight. No sum is
 * clamped, so a player of small code dU and big weight wb is taken out
 * exactly: g[U][x] = F[U][x] - g[U - dU][x - wb], c[U] = C[U] - c[U - dU].
 * A coalition of code U wins once its big weight reaches theta(U), the
 * lowest big quota of the terms U meets (none: it cannot win); the swings
 * of i among those of code U are the x in [theta(U + dU) - wb, theta(U)),
 * summed from g, or from c when theta(U) is infinite.
 */
struct axes {
	size_t	 n;			/* small axes, then the size axis */
	size_t	 radix[AS_GAME_MAX_DIMS + 1], stride[AS_GAME_MAX_DIMS + 1];
	size_t	 dim[AS_GAME_MAX_DIMS + 1];	/* the dimension of each */
	size_t	 codes;			/* product of the radices */
};

/* The code offset of player p on the axes (the size axis adds 1). */
static size_t
axes_offset(const struct axes *ax, const ngame *ng, size_t p, size_t *dig)
{
	size_t off = 0;

	for (size_t a = 0; a < ax->n; a++) {
		dig[a] = ax->dim[a] < ng->dims ?
		    (size_t)ng->w[p * ng->dims + ax->dim[a]] : 1;
		off += dig[a] * ax->stride[a];
	}
	return off;
}

/* The lowest big quota of the terms the small weights of digits meet. */
static uint64_t
axes_threshold(const struct axes *ax, const ngame *ng, size_t b,
    const size_t *dig, const size_t *plus)
{
	uint64_t v[AS_GAME_MAX_DIMS] = { 0 };

	for (size_t a = 0; a < ax->n; a++)
		if (ax->dim[a] < ng->dims)
			v[ax->dim[a]] = dig[a] + (plus ? plus[a] : 0);
	return threshold(ng, b, v);
}

/* Adds the entries e[0..count) of L limbs into acc (L + 1 limbs). */
static void
sum_entries(mp_limb_t *acc, const mp_limb_t *e, size_t count, size_t L)
{
	for (size_t x = 0; x < count; x++)
		mpn_add(acc, acc, (mp_size_t)L + 1, e + x * L, (mp_size_t)L);
}

static int
run_small_dims(run *r)
{
	const ngame *ng = r->ng;
	size_t n = ng->n, L = r->L, b = big_dim(ng), Q = (size_t)ng->bound[b];
	size_t dig[AS_GAME_MAX_DIMS + 1], pd[AS_GAME_MAX_DIMS + 1];
	size_t head = head_axis(ng, b), size_at = 0;
	mp_limb_t *F, *G, *C, *c, *acc;
	struct axes ax;
	mpz_t tmp;

	memset(&ax, 0, sizeof(ax));
	ax.codes = 1;
	for (size_t d = 0; d <= ng->dims; d++) {
		if (d == b || (d == ng->dims && (!r->ss || head < ng->dims)))
			continue;
		if (d == head || d == ng->dims)
			size_at = ax.n;
		ax.dim[ax.n] = d;
		ax.radix[ax.n] = d < ng->dims ? (size_t)ng->total[d] + 1 : n + 1;
		ax.stride[ax.n] = ax.codes;
		ax.codes *= ax.radix[ax.n++];
	}
	F = as_calloc(ax.codes * Q, L * sizeof(mp_limb_t));
	G = as_calloc(ax.codes * Q, L * sizeof(mp_limb_t));
	C = as_calloc(ax.codes, L * sizeof(mp_limb_t));
	c = as_calloc(ax.codes, L * sizeof(mp_limb_t));
	acc = as_calloc(2 * (L + 1), sizeof(mp_limb_t));
	if (F == NULL || G == NULL || C == NULL || c == NULL || acc == NULL) {
		free(F), free(G), free(C), free(c), free(acc);
		return -1;
	}
#define AT(T, U, x)	((T) + ((U) * Q + (x)) * L)
	AT(F, 0, 0)[0] = 1;
	C[0] = 1;
	for (size_t p = 0; p < n; p++) {
		size_t du = axes_offset(&ax, ng, p, pd);
		uint64_t wb = ng->w[p * ng->dims + b];

		for (size_t U = ax.codes; U-- > du;) {
			if (mpn_zero_p(C + (U - du) * L, (mp_size_t)L))
				continue;
			add_to(C + U * L, C + (U - du) * L, L);
			if (wb >= Q)
				continue;
			if (du > 0) {
				mpn_add_n(AT(F, U, wb), AT(F, U, wb),
				    AT(F, U - du, 0), (mp_size_t)((Q - wb) * L));
				continue;
			}
			/* Within one block: runs of wb entries, top down. */
			for (size_t hi = Q, lo; hi > wb; hi = lo) {
				lo = wb > 0 && hi - wb > wb ? hi - wb : wb;
				mpn_add_n(AT(F, U, lo), AT(F, U, lo),
				    AT(F, U, lo - wb), (mp_size_t)((hi - lo) * L));
			}
		}
		progress(r, 0.5 * (double)(p + 1) / (double)n);
	}
	mpz_init(tmp);
	for (size_t cl = 0; cl < ng->nclass; cl++) {
		size_t i = ng->rep[cl], du = axes_offset(&ax, ng, i, pd);
		uint64_t wb = ng->w[i * ng->dims + b];

		if (du == 0 && wb == 0)
			continue;	/* no weight at all: a dummy */
		memset(dig, 0, sizeof(dig));
		for (size_t U = 0; U < ax.codes; U++) {
			int below = 1;	/* U - du is a code: every digit fits */
			uint64_t th, th2, lo;

			for (size_t a = 0; a < ax.n; a++)
				below &= dig[a] >= pd[a];
			/* c[U] = C[U] - c[U - du]; with du 0, C[U] / 2. */
			if (du == 0)
				mpn_rshift(c + U * L, C + U * L, (mp_size_t)L, 1);
			else if (below)
				mpn_sub_n(c + U * L, C + U * L, c + (U - du) * L,
				    (mp_size_t)L);
			else
				memcpy(c + U * L, C + U * L, L * sizeof(*c));
			/* G[U] = F[U] - G[U - du] shifted by wb. */
			memcpy(AT(G, U, 0), AT(F, U, 0), Q * L * sizeof(*G));
			if (du > 0 && below && wb < Q)
				mpn_sub_n(AT(G, U, wb), AT(G, U, wb),
				    AT(G, U - du, 0), (mp_size_t)((Q - wb) * L));
			else if (du == 0)
				for (size_t lo = wb; lo < Q; lo += wb) {
					size_t hi = lo + wb < Q ? lo + wb : Q;

					mpn_sub_n(AT(G, U, lo), AT(G, U, lo),
					    AT(G, U, lo - wb),
					    (mp_size_t)((hi - lo) * L));
				}
			if (!mpn_zero_p(c + U * L, (mp_size_t)L) &&
			    (th2 = axes_threshold(&ax, ng, b, dig, pd)) !=
			    UINT64_MAX) {
				th = axes_threshold(&ax, ng, b, dig, NULL);
				lo = th2 > wb ? th2 - wb : 0;
				/* The x in [lo, th): from g, or c minus [0, lo). */
				memset(acc, 0, 2 * (L + 1) * sizeof(*acc));
				if (th != UINT64_MAX)
					sum_entries(acc, AT(G, U, lo),
					    (size_t)(th - lo), L);
				else {
					mpn_add(acc, acc, (mp_size_t)L + 1,
					    c + U * L, (mp_size_t)L);
					sum_entries(acc + L + 1, AT(G, U, 0),
					    (size_t)lo, L);
					mpn_sub_n(acc, acc, acc + L + 1,
					    (mp_size_t)L + 1);
				}
				mpz_from_limbs(tmp, acc, L + 1);
				add_swings(r, cl, r->ss ? dig[size_at] : 0, tmp);
			}
			for (size_t a = 0; a < ax.n; a++) {
				if (++dig[a] < ax.radix[a])
					break;
				dig[a] = 0;
			}
		}
		progress(r, 0.5 + 0.5 * (double)(cl + 1) / (double)ng->nclass);
	}
#undef AT
	mpz_clear(tmp);
	free(F), free(G), free(C), free(c), free(acc);
	return 0;
}

/* Meet in the middle: one half's coalition, keyed by small dims and size. */
struct half_ent {
	uint64_t	key;
	uint64_t	big;
};

static int
cmp_ent(const void *a, const void *b)
{
	const struct half_ent *x = a, *y = b;

	if (x->key != y->key)
		return x->key < y->key ? -1 : 1;
	return x->big < y->big ? -1 : x->big > y->big;
}

/* A group: the entries [start, end) sharing a key, and its size. */
struct group {
	size_t		 start, end;
	size_t		 size;
};

struct half {
	struct half_ent	*e;
	size_t		 count;
	struct group	*g;
	uint64_t	*gv;		/* each group's small dims, clamped */
	size_t		 ngroups;
	uint64_t	*big;		/* count: the sorted big weights */
};

/*
 * Enumerates the coalitions of the h players pl[] in Gray-code order into
 * hf, sorted and grouped. The key is the mixed-radix code of the clamped
 * small dimensions (all but b) and, for Shapley-Shubik, the size.
 */
static void
half_fill(const run *r, const size_t *pl, size_t h, size_t b, struct half *hf)
{
	const ngame *ng = r->ng;
	size_t D = ng->dims, count = (size_t)1 << h, size = 0;
	uint64_t sum[AS_GAME_MAX_DIMS] = { 0 }, in = 0;

	for (size_t m = 0; m < count; m++) {
		uint64_t key = 0, mul = 1;

		if (m > 0) {
			size_t bit = (size_t)__builtin_ctzll(m);
			const uint64_t *w = ng->w + pl[bit] * D;

			in ^= (uint64_t)1 << bit;
			for (size_t d = 0; d < D; d++)
				sum[d] = in >> bit & 1 ? sum[d] + w[d] :
				    sum[d] - w[d];
			size = in >> bit & 1 ? size + 1 : size - 1;
		}
		for (size_t d = 0; d < D; d++) {
			if (d == b)
				continue;
			key += (sum[d] < ng->bound[d] ? sum[d] : ng->bound[d]) *
			    mul;
			mul *= ng->bound[d] + 1;
		}
		if (r->ss)
			key += size * mul;
		hf->e[m] = (struct half_ent){ key, sum[b] };
	}
	hf->count = count;
	qsort(hf->e, count, sizeof(*hf->e), cmp_ent);
	hf->ngroups = 0;
	for (size_t m = 0; m < count; m++) {
		struct group *g;
		uint64_t key, *v;

		hf->big[m] = hf->e[m].big;
		if (m > 0 && hf->e[m].key == hf->e[m - 1].key) {
			hf->g[hf->ngroups - 1].end = m + 1;
			continue;
		}
		g = &hf->g[hf->ngroups++];
		g->start = m;
		g->end = m + 1;
		key = hf->e[m].key;
		v = hf->gv + (hf->ngroups - 1) * D;
		for (size_t d = 0; d < D; d++) {
			v[d] = 0;
			if (d == b)
				continue;
			v[d] = key % (ng->bound[d] + 1);
			key /= ng->bound[d] + 1;
		}
		g->size = (size_t)key;
	}
}

/* Pairs (x in a, y in b), both ascending, with x + y <= lim. */
static uint64_t
pairs_le(const uint64_t *a, size_t na, const uint64_t *b, size_t nb,
    uint64_t lim)
{
	uint64_t count = 0;
	size_t j = nb;

	for (size_t i = 0; i < na && a[i] <= lim; i++) {
		while (j > 0 && b[j - 1] > lim - a[i])
			j--;
		count += j;
	}
	return count;
}

static int
run_mitm(run *r)
{
	const ngame *ng = r->ng;
	size_t n = ng->n, D = ng->dims, b = big_dim(ng);
	size_t h1 = (n - 1) / 2, h2 = n - 1 - h1, cap = (size_t)1 << h2;
	size_t pl[AS_POWER_MITM_MAX];
	struct half hf[2];
	uint64_t *cnt = NULL;
	uint64_t v[AS_GAME_MAX_DIMS], v2[AS_GAME_MAX_DIMS];
	mpz_t tmp;
	int rc = -1;

	memset(hf, 0, sizeof(hf));
	for (int k = 0; k < 2; k++) {
		hf[k].e = as_calloc(cap, sizeof(*hf[k].e));
		hf[k].g = as_calloc(cap, sizeof(*hf[k].g));
		hf[k].big = as_calloc(cap, sizeof(*hf[k].big));
		hf[k].gv = as_calloc(cap, D * sizeof(*hf[k].gv));
		if (hf[k].e == NULL || hf[k].g == NULL || hf[k].big == NULL ||
		    hf[k].gv == NULL)
			goto done;
	}
	if ((cnt = as_calloc(n, sizeof(*cnt))) == NULL)
		goto done;
	mpz_init(tmp);
	for (size_t c = 0; c < ng->nclass; c++) {
		size_t i = ng->rep[c], m = 0;
		const uint64_t *wi = ng->w + i * D;

		for (size_t p = 0; p < n; p++)
			if (p != i)
				pl[m++] = p;
		half_fill(r, pl, h1, b, &hf[0]);
		half_fill(r, pl + h1, h2, b, &hf[1]);
		memset(cnt, 0, n * sizeof(*cnt));
		for (size_t x = 0; x < hf[0].ngroups; x++) {
			const struct group *g1 = &hf[0].g[x];
			const uint64_t *gv1 = hf[0].gv + x * D;

			for (size_t y = 0; y < hf[1].ngroups; y++) {
				const struct group *g2 = &hf[1].g[y];
				const uint64_t *gv2 = hf[1].gv + y * D;
				uint64_t th, th2, lo, hi, count;

				for (size_t d = 0; d < D; d++) {
					v[d] = sat_add(gv1[d], gv2[d],
					    ng->bound[d]);
					v2[d] = d == b ? 0 : sat_add(v[d], wi[d],
					    ng->bound[d]);
				}
				th = threshold(ng, b, v);
				th2 = threshold(ng, b, v2);
				/* S loses: big < th; S + i wins: big + wi >= th2. */
				if (th2 == UINT64_MAX || th == 0)
					continue;
				lo = th2 > wi[b] ? th2 - wi[b] : 0;
				hi = th == UINT64_MAX ? UINT64_MAX : th - 1;
				if (lo > hi)
					continue;
				count = pairs_le(hf[0].big + g1->start,
				    g1->end - g1->start, hf[1].big + g2->start,
				    g2->end - g2->start, hi);
				if (lo > 0)
					count -= pairs_le(hf[0].big + g1->start,
					    g1->end - g1->start,
					    hf[1].big + g2->start,
					    g2->end - g2->start, lo - 1);
				cnt[r->ss ? g1->size + g2->size : 0] += count;
			}
		}
		for (size_t k = 0; k < n; k++)
			add_swings_ui(r, c, k, cnt[k], tmp);
		progress(r, (double)(c + 1) / (double)ng->nclass);
	}
	mpz_clear(tmp);
	rc = 0;
done:
	for (int k = 0; k < 2; k++) {
		free(hf[k].e);
		free(hf[k].g);
		free(hf[k].big);
		free(hf[k].gv);
	}
	free(cnt);
	return rc;
}

/*
 * Every coalition: a bitmap of the winning ones, filled in Gray-code
 * order (one player in or out at each step), then each losing coalition
 * S and each player i outside it: a swing if S + i wins.
 */
static int
run_enum(run *r)
{
	const ngame *ng = r->ng;
	size_t n = ng->n, D = ng->dims;
	uint64_t count = (uint64_t)1 << n, sum[AS_GAME_MAX_DIMS] = { 0 };
	uint64_t g = 0, *cnt;
	unsigned char *win;
	mpz_t tmp;

	if ((win = as_calloc(count / 8 + 1, 1)) == NULL)
		return -1;
	if ((cnt = as_calloc(n * n, sizeof(*cnt))) == NULL) {
		free(win);
		return -1;
	}
	for (uint64_t m = 0; m < count; m++) {
		if (m > 0) {
			size_t bit = (size_t)__builtin_ctzll(m);
			const uint64_t *w = ng->w + bit * D;

			g ^= (uint64_t)1 << bit;
			for (size_t d = 0; d < D; d++)
				sum[d] = g >> bit & 1 ? sum[d] + w[d] :
				    sum[d] - w[d];
		}
		if (nwins(ng, sum))
			win[g / 8] |= (unsigned char)(1u << (g % 8));
		if ((m & 0xfffff) == 0xfffff)
			progress(r, 0.5 * (double)m / (double)count);
	}
	for (uint64_t s = 0; s < count; s++) {
		size_t k = (size_t)__builtin_popcountll(s);

		if ((s & 0xfffff) == 0xfffff)
			progress(r, 0.5 + 0.5 * (double)s / (double)count);
		if (win[s / 8] >> (s % 8) & 1)
			continue;
		for (size_t i = 0; i < n; i++) {
			uint64_t t = s | (uint64_t)1 << i;

			if (t != s && (win[t / 8] >> (t % 8) & 1))
				cnt[i * n + k]++;
		}
	}
	mpz_init(tmp);
	for (size_t c = 0; c < ng->nclass; c++)
		for (size_t k = 0; k < n; k++)
			add_swings_ui(r, c, k, cnt[ng->rep[c] * n + k], tmp);
	mpz_clear(tmp);
	progress(r, 1);
	free(cnt);
	free(win);
	return 0;
}

void
as_power_free(as_power *p)
{
	if (p == NULL)
		return;
	for (size_t i = 0; i < p->n; i++) {
		if (p->swings != NULL) {
			mpz_clear(p->swings[i]);
			mpq_clear(p->banzhaf[i]);
			mpq_clear(p->normalised[i]);
		}
		if (p->shapley != NULL)
			mpq_clear(p->shapley[i]);
	}
	if (p->swings != NULL && p->n > 0)
		mpz_clear(p->total);
	free(p->swings);
	free(p->banzhaf);
	free(p->normalised);
	free(p->shapley);
	memset(p, 0, sizeof(*p));
}

/* Fills p from the per-class results of r. */
static int
finish(const run *r, int indices, as_power *p)
{
	const ngame *ng = r->ng;
	size_t n = ng->n;
	mpz_t fact;

	if (indices & AS_POWER_BANZHAF) {
		p->swings = as_calloc(n, sizeof(*p->swings));
		p->banzhaf = as_calloc(n, sizeof(*p->banzhaf));
		p->normalised = as_calloc(n, sizeof(*p->normalised));
		if (p->swings == NULL || p->banzhaf == NULL ||
		    p->normalised == NULL)
			return -1;
		mpz_init(p->total);
		for (size_t i = 0; i < n; i++) {
			mpz_init_set(p->swings[i], r->swings[ng->cls[i]]);
			mpz_add(p->total, p->total, p->swings[i]);
			mpq_init(p->banzhaf[i]);
			mpq_init(p->normalised[i]);
		}
		p->n = n;
		for (size_t i = 0; i < n; i++) {
			mpq_set_z(p->banzhaf[i], p->swings[i]);
			mpq_div_2exp(p->banzhaf[i], p->banzhaf[i],
			    (mp_bitcnt_t)(n - 1));
			if (mpz_sgn(p->total) == 0)
				continue;
			mpz_set(mpq_numref(p->normalised[i]), p->swings[i]);
			mpz_set(mpq_denref(p->normalised[i]), p->total);
			mpq_canonicalize(p->normalised[i]);
		}
	}
	if (indices & AS_POWER_SHAPLEY) {
		if ((p->shapley = as_calloc(n, sizeof(*p->shapley))) == NULL)
			return -1;
		p->n = n;
		mpz_init(fact);
		mpz_fac_ui(fact, (unsigned long)n);
		for (size_t i = 0; i < n; i++) {
			mpq_init(p->shapley[i]);
			mpz_set(mpq_numref(p->shapley[i]), r->ssnum[ng->cls[i]]);
			mpz_set(mpq_denref(p->shapley[i]), fact);
			mpq_canonicalize(p->shapley[i]);
		}
		mpz_clear(fact);
	}
	p->indices = indices;
	return 0;
}

static int (*const runners[AS_METHOD_COUNT])(run *) = {
	[AS_METHOD_WEIGHTED] = run_weighted,
	[AS_METHOD_DP] = run_dp,
	[AS_METHOD_SMALL_DIMS] = run_small_dims,
	[AS_METHOD_MITM] = run_mitm,
	[AS_METHOD_ENUM] = run_enum,
};

int
as_power_compute(const as_game *g, const as_power_opts *o, as_power *p,
    as_error *err)
{
	as_power_opts opts = *o;
	ngame ng;
	run r;
	int rc = -1, ok, inited = 0;

	memset(p, 0, sizeof(*p));
	memset(&r, 0, sizeof(r));
	if (opts.indices == 0)
		opts.indices = AS_POWER_ALL;
	if (as_game_check(g, err) != 0)
		return -1;
	if (ngame_init(&ng, g) != 0)
		return as_nomem(err, NULL);
	if (plan_ngame(&ng, &opts, &p->plan, err) != 0)
		goto done;
	if (p->plan.method == AS_METHOD_ENUM) {
		/* The reference: every player counted on its own. */
		ng.nclass = ng.n;
		for (size_t i = 0; i < ng.n; i++)
			ng.cls[i] = ng.rep[i] = i;
	}
	r.ng = &ng;
	r.o = &opts;
	r.ss = (opts.indices & AS_POWER_SHAPLEY) != 0;
	r.L = limbs_for(ng.n);
	r.swings = as_calloc(ng.nclass, sizeof(*r.swings));
	r.ssnum = as_calloc(ng.nclass, sizeof(*r.ssnum));
	r.coef = as_calloc(ng.n, sizeof(*r.coef));
	if (r.swings == NULL || r.ssnum == NULL || r.coef == NULL) {
		as_nomem(err, NULL);
		goto done;
	}
	for (size_t c = 0; c < ng.nclass; c++) {
		mpz_init(r.swings[c]);
		mpz_init(r.ssnum[c]);
	}
	inited = 1;
	for (size_t k = 0; k < ng.n; k++) {
		mpz_init(r.coef[k]);
		if (r.ss) {
			mpz_t f;

			mpz_init(f);
			mpz_fac_ui(r.coef[k], (unsigned long)k);
			mpz_fac_ui(f, (unsigned long)(ng.n - 1 - k));
			mpz_mul(r.coef[k], r.coef[k], f);
			mpz_clear(f);
		}
	}
	ok = p->plan.method == AS_METHOD_TRIVIAL ? 0 :
	    runners[p->plan.method](&r);
	if (ok != 0 || finish(&r, opts.indices, p) != 0) {
		as_power_plan keep = p->plan;

		as_power_free(p);
		p->plan = keep;
		as_nomem(err, NULL);
		goto done;
	}
	progress(&r, 1);
	rc = 0;
done:
	for (size_t c = 0; inited && c < ng.nclass; c++) {
		mpz_clear(r.swings[c]);
		mpz_clear(r.ssnum[c]);
	}
	for (size_t k = 0; inited && k < ng.n; k++)
		mpz_clear(r.coef[k]);
	free(r.swings);
	free(r.ssnum);
	free(r.coef);
	ngame_free(&ng);
	return rc;
}
