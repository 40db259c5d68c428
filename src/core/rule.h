/*
 * Decision rules as data. A rule has a JSON form ({"type": "qmv"}) and a
 * text form ("qualified majority"); rule_text.c turns the text into the
 * JSON, and as_rule_parse turns the JSON into a kind from the table in
 * rule_kinds.c with its parameters. A rule is evaluated on the ballots of
 * the members eligible at an instant, and can be turned into the a priori
 * yes/no game (game.h) that voting power is computed on. New kinds are new
 * rows in the table: the fold never looks inside a rule. See docs/rules.md.
 */
#ifndef AS_RULE_H
#define AS_RULE_H

#include <stddef.h>
#include <stdint.h>

#include <jansson.h>

#include "core/error.h"
#include "core/date.h"
#include "core/game.h"

typedef enum as_stance {
	AS_NONE,	/* no position yet, or one that lapsed */
	AS_SUPPORT,	/* support in effect */
	AS_PENDING,	/* support on conditions not (yet) met */
	AS_OBJECT,
	AS_ABSTAIN
} as_stance;

const char *as_stance_name(as_stance s);

/* One eligible member's standing on one option (a text, or a candidate). */
typedef struct as_ballot {
	const char	*code;
	as_stance	 stance;
	const json_t	*weights;	/* the member's named weights, or NULL */
	int64_t		 since;		/* when its position was declared */
	int64_t		 broke;		/* first objection or amendment on this
					 * proposal (breaks silence), or
					 * AS_TIME_NEVER */
	const char	*reason;	/* the reason given with its position */
} as_ballot;

/* Sets b to stance s as the member would by declaring it at now: an
 * objection made now breaks silence now; nothing undoes an earlier one. */
void	as_ballot_declare(as_ballot *b, as_stance s, int64_t now);

/* What a rule may look at besides the ballots. */
typedef struct as_rule_ctx {
	int64_t	now;		/* the instant asked about */
	int	deciding;	/* a decision is taken at now: decision.take's
				 * check, or the analysis's decision taken now
				 * (only consensus reads it) */
} as_rule_ctx;

typedef enum as_outcome {
	AS_OUT_OPEN,		/* not (yet) carried; may still change */
	AS_OUT_ADOPTED,		/* the rule is satisfied */
	AS_OUT_REJECTED		/* it cannot be carried any more (silence
				 * broken, a veto at the deadline) */
} as_outcome;

#define AS_WHY_MAX	320

typedef struct as_verdict {
	int		 holds;		/* outcome == AS_OUT_ADOPTED */
	as_outcome	 outcome;
	size_t		*missing;	/* indices of the ballots that stand in
					 * the way (owned) */
	size_t		 nmissing;
	size_t		 capmissing;	/* entries allocated in missing */
	char		 why[AS_WHY_MAX];	/* e.g. "16 of 27 members (15
					 * needed), 64.10% of population
					 * (65% needed)" */
} as_verdict;

/*
 * What a rule says of the members not yet supporting (the candidates:
 * every ballot whose stance is not AS_SUPPORT) for the analysis: a lower
 * bound on how many of them must come to support before it can hold
 * (no smaller set can carry it; exact where a count alone decides), and
 * for each ballot a key, how much its support weighs towards it, the
 * heaviest first in the order in which the analysis combines them.
 */
typedef struct as_need {
	size_t		 lower;
	uint64_t	*key;		/* n entries, filled by the kind; the
					 * caller owns the array */
} as_need;

typedef struct as_rule_kind {
	const char *name;
	/* Parses spec into *params; 0, or -1 with err (AS_ERR_MAX) set. */
	int	(*parse)(const json_t *spec, void **params, as_error *err);
	/* Evaluates; 0, or -1 on out of memory. */
	int	(*eval)(const void *params, const as_ballot *b, size_t n,
		    const as_rule_ctx *ctx, as_verdict *v);
	/* The canonical text form into buf (len bytes; NULL when len is
	 * 0); returns its full length like snprintf. */
	int	(*describe)(const void *params, char *buf, size_t len);
	/* Whether the members b carry the weights the rule needs and, if
	 * codes, whether the members it names are among them: 0, or -1
	 * with err naming the member. */
	int	(*check)(const void *params, const as_ballot *b, size_t n,
		    int codes, as_error *err);
	/* The a priori yes/no game on these members; 0, or -1 with err. */
	int	(*game)(const void *params, const as_ballot *b, size_t n,
		    as_game *g, as_error *err);
	/* What the analysis needs to search quickly (as_rule_need); NULL:
	 * no bound, every member alike. */
	int	(*need)(const void *params, const as_ballot *b, size_t n,
		    const as_rule_ctx *ctx, as_need *out);
	void	(*free)(void *params);
	/* Whether a vote's tally alone (how many for, against, abstaining,
	 * not voting; no names, no weights) decides the rule: 0, or -1
	 * with err saying what it needs (as_rule_tally). */
	int	(*tally)(const void *params, as_error *err);
} as_rule_kind;

typedef struct as_rule {
	const as_rule_kind	*kind;
	void			*params;
	json_t			*spec;	/* the JSON form, owned */
} as_rule;

/* The largest rule accepted: its text form's bytes, and its JSON form's
 * nesting and number of values (so that no rule can make each evaluation,
 * and an analysis's millions of them, slow for everyone). */
#define AS_RULE_TEXT_MAX	16384
#define AS_RULE_DEPTH_MAX	8
#define AS_RULE_NODES_MAX	2048

/*
 * Parses a rule from its JSON form, or from its text form given as a JSON
 * string. Returns it (the caller frees it), or NULL with err set; errors
 * in the text form name the line and column; a rule over one of the
 * limits above is refused, naming it, as AS_ELIMIT (422, exit 1; other
 * mistakes are AS_EINVAL, bad input: 400, exit 2).
 */
as_rule	*as_rule_parse(const json_t *spec, as_error *err);
void	 as_rule_free(as_rule *r);

/*
 * The JSON form of a rule written in the text form: a new reference, or
 * NULL with err set ("rule: line 1, column 12: expected ...").
 */
json_t	*as_rule_text_parse(const char *text, as_error *err);

/* Evaluates r; 0 with v filled (the caller clears it), -1 out of memory. */
int	 as_rule_eval(const as_rule *r, const as_ballot *b, size_t n,
	    const as_rule_ctx *ctx, as_verdict *v);
int	 as_rule_check(const as_rule *r, const as_ballot *b, size_t n,
	    int codes, as_error *err);

/*
 * What r needs of the ballots b (as_need): out->key must hold
 * n entries. 0, or -1 out of memory. A kind without a bound gives 0 and
 * every key 1.
 */
int	 as_rule_need(const as_rule *r, const as_ballot *b, size_t n,
	    const as_rule_ctx *ctx, as_need *out);

/*
 * The a priori game of r on the members b (only code and weights are
 * read): each member votes yes or no, and a coalition wins if the rule
 * holds when exactly its members say yes. Returns 0 with g filled (the
 * caller frees it with as_game_free), or -1 with err set.
 */
int	 as_rule_game(const as_rule *r, const as_ballot *b, size_t n,
	    as_game *g, as_error *err);

/*
 * Whether r can be decided on a secret vote's tally (vote.tally): 0, or
 * -1 with err naming what the rule needs that a tally cannot give (a
 * weight, the names of the members). See docs/rules.md.
 */
int	 as_rule_tally(const as_rule *r, as_error *err);

/* The rule as JSON (a new reference) with its "text" form added. */
json_t	*as_rule_json(const as_rule *r);
/* The text form of r into buf (NULL if len is 0); returns its full
 * length like snprintf. */
int	 as_rule_text(const as_rule *r, char *buf, size_t len);
const char *as_outcome_name(as_outcome o);
void	 as_verdict_clear(as_verdict *v);

#endif
