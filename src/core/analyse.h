/*
 * Analysis of a proposal under its rule at an instant: the outcome, the
 * pivotal members (whose change alone would flip it), the smallest sets
 * of members whose support would carry it, all under optional what-if
 * positions that are never written anywhere. Pure: it reads the state.
 */
#ifndef AS_ANALYSE_H
#define AS_ANALYSE_H

#include <stddef.h>
#include <stdint.h>

#include <jansson.h>

#include "core/state.h"

/* A hypothetical position: member code and stance. */
typedef struct as_whatif {
	const char	*code;
	as_stance	 stance;
} as_whatif;

/* How many rule evaluations, and how many sets visited, the search for
 * minimal sets may make. */
#define AS_ANALYSE_BUDGET	2000000

/* Minimal sets listed by default and at most; what-ifs in one analysis. */
#define AS_ANALYSE_LIMIT	10
#define AS_ANALYSE_LIMIT_MAX	1000
#define AS_WHATIF_MAX		64

/*
 * Parses "support", "object", "abstain" or "none" into *s: 0, or -1.
 */
int	as_stance_parse(const char *text, as_stance *s);

/*
 * Analyses proposal id (for candidate, which may be NULL when the
 * proposal is a text or has one standing candidate) as of instant t
 * (labelled as_of), on a basis (source.h), with the what-ifs applied, listing at most limit
 * minimal sets. Returns the JSON described in docs/rules.md, or NULL with
 * err set (an unknown proposal, candidate or member).
 */
json_t	*as_analyse(const as_state *st, const char *id, const char *candidate,
	    const char *as_of, int64_t t, as_basis basis, const as_whatif *w,
	    size_t nw, size_t limit, char *err);

#endif
