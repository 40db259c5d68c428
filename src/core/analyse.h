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

#include "core/error.h"
#include "core/state.h"

/* A hypothetical position: member code and stance. */
typedef struct as_whatif {
	const char	*code;
	as_stance	 stance;
} as_whatif;

/* How many rule evaluations, and how many sets visited, one analysis may
 * make (the pivotal members and the search for minimal sets together). */
#define AS_ANALYSE_BUDGET	2000000

/* The time one analysis may take, in milliseconds: by default (the CLI's
 * --time-limit, and the most the server allows; ?time_limit= may ask for
 * less), and the most the CLI accepts. */
#define AS_ANALYSE_TIME_MS	10000
#define AS_ANALYSE_TIME_MAX_MS	3600000

/* Every so many evaluations (or sets visited) the analysis asks whether
 * its time is up. */
#define AS_ANALYSE_CHECK_EVERY	64

/* Minimal sets listed by default and at most; what-ifs in one analysis. */
#define AS_ANALYSE_LIMIT	10
#define AS_ANALYSE_LIMIT_MAX	1000
#define AS_WHATIF_MAX		64

/*
 * What one analysis may spend. src/core has no clock: the caller's
 * expired(arg), asked every AS_ANALYSE_CHECK_EVERY evaluations, says when
 * its time is up (non-zero), and time_ms is the limit it stands for, as
 * the answer reports it. Past either limit the analysis stops and says so
 * in "cut_off" (docs/rules.md): never a silent partial answer.
 */
typedef struct as_analyse_budget {
	size_t	 evaluations;	/* at most; 0: AS_ANALYSE_BUDGET */
	int64_t	 time_ms;	/* reported; 0: no time limit */
	int	(*expired)(void *arg);	/* NULL: never */
	void	*arg;
	/* How the caller's user names a candidate ("--candidate",
	 * "?candidate="), for the message that asks for one when several
	 * stand; NULL: the message names no way. */
	const char	*ask_candidate;
} as_analyse_budget;

/*
 * Parses "support", "object", "abstain" or "none" into *s: 0, or -1.
 */
int	as_stance_parse(const char *text, as_stance *s);

/*
 * Analyses proposal id (for candidate, which may be NULL when the
 * proposal is a text or has one standing candidate) as of instant t
 * (labelled as_of), on a basis (source.h), with the what-ifs applied,
 * listing at most limit minimal sets, within budget (NULL: the evaluations
 * of AS_ANALYSE_BUDGET and no time limit). Returns the JSON described in
 * docs/rules.md (the caller owns it), or NULL with err set (an unknown
 * proposal, candidate or member, or out of memory).
 */
json_t	*as_analyse(const as_state *st, const char *id, const char *candidate,
	    const char *as_of, int64_t t, as_basis basis, const as_whatif *w,
	    size_t nw, size_t limit, const as_analyse_budget *budget,
	    as_error *err);

#endif
