/*
 * Simple games: the a priori yes/no form of a decision rule, which the
 * voting-power indices (power.h) are computed on.
 *
 * A game has n players and `dims` weight dimensions; w[i * dims + d] is
 * player i's weight in dimension d (a head count is a dimension whose
 * weights are all 1). It has `nterms` terms, each a vector of quotas
 * q[t * dims + d]. A coalition S wins if, for at least one term t, its
 * weight reaches the term's quota in every dimension:
 *
 *	wins(S)  <=>  exists t: for all d: sum_{i in S} w[i][d] >= q[t][d]
 *
 * so every game is monotone. Examples: a weighted game [q; w1..wn] is one
 * dimension and one term; the EU Council's qualified majority is two
 * dimensions (members, population) and two terms ({15, 65% of the
 * population}, and {24, 0}: fewer than four against cannot block); the
 * Security Council's substantive vote is (members, permanent members) with
 * one term {9, 5}. A quota of 0 is no constraint.
 *
 * The game owns all its arrays; as_game_free releases them.
 */
#ifndef AS_GAME_H
#define AS_GAME_H

#include <stddef.h>
#include <stdint.h>
#include "core/error.h"

typedef struct as_game {
	size_t	  n;		/* players */
	size_t	  dims;		/* weight dimensions, at least 1 */
	uint64_t *w;		/* n * dims weights */
	size_t	  nterms;	/* at least 1 */
	uint64_t *q;		/* nterms * dims quotas */
	char	**names;	/* n player names, or NULL */
} as_game;

/* Limits of a game, each named in the error that refuses it. */
#define AS_GAME_MAX_PLAYERS	1000000
#define AS_GAME_MAX_DIMS	16
#define AS_GAME_MAX_TERMS	64
#define AS_GAME_NAME_MAX	64

/* Releases what g holds and zeroes it; a zeroed game is a no-op. */
void	as_game_free(as_game *g);

/*
 * Allocates g's arrays for n players, dims dimensions and nterms terms,
 * all weights and quotas 0 and no names. Returns 0, or -1 (out of memory,
 * or a size of 0) with g zeroed.
 */
int	as_game_init(as_game *g, size_t n, size_t dims, size_t nterms);

/* The weighted game [q; w[0], ..., w[n-1]]: 0, or -1 (out of memory). */
int	as_game_weighted(as_game *g, uint64_t q, const uint64_t *w, size_t n);

/*
 * Checks that g is a game the indices can be computed on: at least one
 * player, dimension and term, within the limits above, and each
 * dimension's total weight within 64 bits. Returns 0, or -1 with a
 * one-line message in err (AS_ERR_MAX bytes).
 */
int	as_game_check(const as_game *g, as_error *err);

/* Whether a coalition with the weight vector sum (dims entries) wins. */
int	as_game_wins_sum(const as_game *g, const uint64_t *sum);

/* Whether the coalition {i : in[i] != 0} wins. */
int	as_game_wins(const as_game *g, const unsigned char *in);

/*
 * Parses the inline notation "[16; 9, 9, 7, 3, 1, 1]": a quota, then one
 * weight per player; "[q1; w...] and [q2; w...]" is the game in which a
 * coalition must reach both (one dimension per bracket, one term). Each
 * quota must lie between 1 and its bracket's total weight. Returns 0, or
 * -1 with a one-line message in err (AS_ERR_MAX bytes) naming the column
 * or the bracket, and g zeroed.
 */
int	as_game_parse(const char *s, as_game *g, as_error *err);

/*
 * Names the players from a comma-separated list ("A,B,C"), one name per
 * player. Returns 0, or -1 with err set and g's names unchanged.
 */
int	as_game_set_names(as_game *g, const char *list, as_error *err);

#endif
