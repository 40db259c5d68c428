/*
 * Decision rules as data. A rule is parsed from its JSON form
 * ({"type": "unanimity", "abstention": "blocks"}) into a kind from the
 * table in rule.c and its parameters, and evaluated on the ballots of the
 * members eligible at a date. New kinds are new rows in the table: the
 * fold never looks inside a rule.
 */
#ifndef AS_RULE_H
#define AS_RULE_H

#include <stddef.h>
#include <stdint.h>

#include <jansson.h>

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
} as_ballot;

/* What a rule may look at besides the ballots. */
typedef struct as_rule_ctx {
	int64_t	now;		/* the instant asked about */
} as_rule_ctx;

typedef struct as_verdict {
	int	 holds;		/* the rule is satisfied */
	size_t	*missing;	/* indices of the ballots that stand in the way */
	size_t	 nmissing;	/* (owned; as_verdict_clear frees them) */
} as_verdict;

typedef struct as_rule_kind {
	const char *name;
	/* Parses spec into *params; 0, or -1 with err (AS_ERR_MAX) set. */
	int	(*parse)(const json_t *spec, void **params, char *err);
	/* Evaluates; 0, or -1 on out of memory. */
	int	(*eval)(const void *params, const as_ballot *b, size_t n,
		    const as_rule_ctx *ctx, as_verdict *v);
	/* A short human description; returns its length like snprintf. */
	int	(*describe)(const void *params, char *buf, size_t len);
	void	(*free)(void *params);
} as_rule_kind;

typedef struct as_rule {
	const as_rule_kind	*kind;
	void			*params;
	json_t			*spec;	/* the canonical JSON form, owned */
} as_rule;

/* Parses a rule; returns it (the caller frees it), or NULL with err set. */
as_rule	*as_rule_parse(const json_t *spec, char *err);
void	 as_rule_free(as_rule *r);
int	 as_rule_eval(const as_rule *r, const as_ballot *b, size_t n,
	    const as_rule_ctx *ctx, as_verdict *v);
/* The rule as JSON (a new reference) with a "text" description added. */
json_t	*as_rule_json(const as_rule *r);
void	 as_verdict_clear(as_verdict *v);

#endif
