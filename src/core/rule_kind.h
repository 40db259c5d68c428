/*
 * What the rule kinds share; internal to src/core (rule.c, rule_kinds.c).
 * Each kind is a row of as_rule_kinds[]; these helpers keep the rows
 * short and their messages alike.
 */
#ifndef AS_RULE_KIND_H
#define AS_RULE_KIND_H

#include "core/error.h"
#include "core/rule.h"

extern const as_rule_kind as_rule_kinds[];	/* ends with a NULL name */

/* A share: p/q, written as a fraction ("2/3") or a percentage ("85%",
 * kept in hundredths of a per cent with q = 10000). */
typedef struct rk_share {
	uint64_t p, q;
	int	 percent;
} rk_share;

/* Parses "p/q" or "N%" / "N.NN%" into s: 0, or -1 with err naming field. */
int	rk_share_parse(const char *kind, const char *field, const json_t *v,
	    rk_share *s, as_error *err);
int	rk_share_format(const rk_share *s, char *buf, size_t len);
/* Whether a/b reaches s (a/b >= s, or > s when strict); b == 0 never. */
int	rk_share_reached(uint64_t a, uint64_t b, const rk_share *s, int strict);
/* The least integer quota k with k/total reaching s. */
uint64_t rk_share_quota(uint64_t total, const rk_share *s, int strict);

/* Refuses any key of spec not in allowed (NULL-terminated) or "type". */
int	rk_keys(const json_t *spec, const char *kind,
	    const char *const *allowed, as_error *err);
/* A non-empty string field of spec into *out (NULL if absent). */
int	rk_string(const json_t *spec, const char *kind, const char *field,
	    const char **out, as_error *err);
/* A deadline: a date with a time and a zone, canonicalised to UTC. */
int	rk_deadline(const json_t *spec, const char *kind, char out[AS_DATE_MAX],
	    int64_t *t, as_error *err);

/* Member b's weight called name: 0, or -1 if absent or not whole. */
int	rk_weight(const as_ballot *b, const char *name, uint64_t *w);
/* Checks every member has a whole weight called name. */
int	rk_check_weight(const char *kind, const char *name,
	    const as_ballot *b, size_t n, as_error *err);
/* Checks every code of list is a member's. */
int	rk_check_codes(const char *kind, const char *field, const json_t *list,
	    const as_ballot *b, size_t n, as_error *err);
/* Whether code is in the JSON array of strings list. */
int	rk_listed(const json_t *list, const char *code);

/* Adds ballot i, not yet added, to the members standing in the way: 0,
 * or -1 (memory). */
int	rk_missing(as_verdict *v, size_t i);
/* Adds every ballot whose stance is not AS_SUPPORT (unless skipped). */
int	rk_missing_unless(as_verdict *v, const as_ballot *b, size_t n,
	    int (*skip)(const as_ballot *));
/*
 * The fewest of the n values v whose sum reaches need (exceeds it when
 * strict), the largest taken first: a lower bound on the size of any set
 * whose values reach it. n + 1 if all of them together do not. Sorts v,
 * largest first.
 */
size_t	rk_fewest(unsigned __int128 *v, size_t n, unsigned __int128 need,
	    int strict);
void	rk_why(as_verdict *v, const char *fmt, ...)
	    __attribute__((format(printf, 2, 3)));
void	rk_decide(as_verdict *v, as_outcome o);

/*
 * A new game of n players with dims dimensions and nterms terms, all
 * weights and quotas zero and the players named after the ballots: 0, or
 * -1 with err set.
 */
int	rk_game_new(as_game *g, const as_ballot *b, size_t n, size_t dims,
	    size_t nterms, as_error *err);
/* The game where every member must say yes (unanimity minus k). */
int	rk_game_count(as_game *g, const as_ballot *b, size_t n, uint64_t quota,
	    as_error *err);

#endif
