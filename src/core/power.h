/*
 * Exact a priori voting power of the players of a simple game (game.h):
 *
 *  - raw Penrose-Banzhaf: player i's swings, the coalitions S without i
 *    that lose while S + i wins, counted exactly, and swings / 2^(n-1);
 *  - normalised Banzhaf: swings_i / (sum of all swings);
 *  - Shapley-Shubik: the share of the n! orderings in which i is pivotal,
 *    sum over those S of |S|! (n - |S| - 1)! / n!.
 *
 * Everything is an exact GMP integer or rational. The module is pure: no
 * I/O, no clock; its tables come from as_malloc (alloc.h), its numbers
 * from GMP's own allocator (GMP cannot recover from a failed allocation,
 * so it is not routed through the hook a test can make fail).
 *
 * Methods, chosen by as_power_estimate from an estimate of cost and memory:
 *
 *  weighted	one dimension (one term): counts of coalitions by weight
 *		(and by size for Shapley-Shubik) below the quota, each player
 *		then taken out of the full table by an alternating sum over
 *		prefix sums; O(n q) for Banzhaf, O(n^2 q) for Shapley-Shubik.
 *  dp		any game whose quotas are small: a table over every
 *		dimension, sums clamped at the largest quota, recomputed for
 *		each distinct player without that player.
 *  small-dims	any game whose dimensions but one have small totals (head
 *		counts, veto indicators): a table exact in those (and in
 *		size) and cut at the largest quota of the other, with the
 *		counts by the small dimensions alone beside it; each player
 *		is taken out of both by subtraction, O(n S) in all.
 *  mitm	meet in the middle, n up to AS_POWER_MITM_MAX: the other
 *		players split in two halves, each enumerated and grouped by
 *		its small dimensions (and size), pairs counted on the
 *		largest dimension by two pointers.
 *  enumeration	every coalition in Gray-code order, n up to
 *		AS_POWER_ENUM_MAX; the reference the others are tested on.
 *
 * Players with equal weight vectors have equal indices; each distinct
 * vector is computed once.
 */
#ifndef AS_POWER_H
#define AS_POWER_H

#include <stddef.h>
#include <stdint.h>

#include <gmp.h>

#include "core/error.h"
#include "core/game.h"

#define AS_POWER_ENUM_MAX	30	/* players, for enumeration */
#define AS_POWER_MITM_MAX	40	/* players, for meet in the middle */

/* Which indices to compute (as_power_opts.indices). */
enum {
	AS_POWER_BANZHAF = 1,
	AS_POWER_SHAPLEY = 2,
	AS_POWER_ALL = 3
};

typedef enum as_power_method {
	AS_METHOD_AUTO,
	AS_METHOD_WEIGHTED,
	AS_METHOD_DP,
	AS_METHOD_SMALL_DIMS,
	AS_METHOD_MITM,
	AS_METHOD_ENUM,
	AS_METHOD_TRIVIAL,	/* nobody can ever swing: all indices 0 */
	AS_METHOD_COUNT
} as_power_method;

/* "weighted", "dp", "small-dims", "meet-in-the-middle", "enumeration",
 * "trivial". */
const char *as_power_method_name(as_power_method m);
/* The method of that name, or AS_METHOD_COUNT. */
as_power_method as_power_method_parse(const char *name);

typedef struct as_power_opts {
	int		 indices;	/* AS_POWER_BANZHAF | AS_POWER_SHAPLEY */
	as_power_method	 method;	/* AS_METHOD_AUTO: the cheapest */
	uint64_t	 mem_limit;	/* bytes; 0: no limit */
	/* Called now and then with the fraction done, 0 to 1; may be NULL. */
	void		(*progress)(void *arg, double done);
	void		*arg;
} as_power_opts;

/* What a computation would do, before it allocates anything. */
typedef struct as_power_plan {
	as_power_method	method;
	uint64_t	bytes;		/* the estimated peak of its tables */
	double		ops;		/* the estimated work, in limb steps */
} as_power_plan;

typedef struct as_power {
	size_t		 n;
	int		 indices;	/* those computed */
	as_power_plan	 plan;		/* how */
	mpz_t		*swings;	/* n, if AS_POWER_BANZHAF */
	mpz_t		 total;		/* sum of the swings */
	mpq_t		*banzhaf;	/* raw: swings / 2^(n-1) */
	mpq_t		*normalised;	/* swings / total (0 if total is 0) */
	mpq_t		*shapley;	/* n, if AS_POWER_SHAPLEY */
} as_power;

/*
 * Chooses the method for g and estimates its memory. Returns 0, or the
 * kind of err's one-line message: invalid (-1) when the game is not
 * valid (as_game_check) or the method asked for does not apply, AS_ELIMIT
 * when the estimate exceeds o->mem_limit ("would need about 61.2 GiB
 * (limit 23.4 GiB)") or the enumeration limits.
 */
int	as_power_estimate(const as_game *g, const as_power_opts *o,
	    as_power_plan *plan, as_error *err);

/*
 * Computes the indices asked for into *p (the caller frees it with
 * as_power_free). Returns 0, or -1 with err set as for as_power_estimate, or
 * "out of memory"; on failure *p is zeroed.
 */
int	as_power_compute(const as_game *g, const as_power_opts *o,
	    as_power *p, as_error *err);

/* Releases what p holds and zeroes it; a zeroed p is a no-op. */
void	as_power_free(as_power *p);

/* "61.2 GiB": bytes in binary units with one decimal, into buf. */
void	as_power_bytes(uint64_t bytes, char *buf, size_t len);

#endif
