/*
 * The state: what the events say, folded. Entities keep a reference to the
 * payload of the event that defined them, and their strings point into it.
 * The state owns everything it holds; as_state_free releases it.
 */
#ifndef AS_STATE_H
#define AS_STATE_H

#include <stddef.h>
#include <stdint.h>

#include <jansson.h>

#include "core/date.h"
#include "core/event.h"
#include "core/map.h"
#include "core/rule.h"

typedef struct as_member {
	json_t		*data;		/* member.join payload */
	const char	*code, *name;
	int64_t		 since;		/* a member from this instant */
	int64_t		 until;		/* and up to (excluding) this one */
	int64_t		 joined;	/* since, at its first accession: the
					 * members are in order of it, then
					 * of code, however recorded */
} as_member;

typedef struct as_org {
	json_t		*data;
	const char	*id, *name;
	as_rule		*rule;
	as_member	*members;
	size_t		 nmembers;
	as_map		 codes;		/* code -> index in members */
} as_org;

typedef struct as_holder {
	json_t		*data;		/* office.holder or decision.take payload */
	const char	*person, *nationality, *candidate, *proposal;
	int64_t		 start, end;
} as_holder;

typedef struct as_office {
	json_t		*data;
	const char	*id, *title;
	size_t		 org;
	as_duration	 term;
	as_holder	*holders;	/* in order of start */
	size_t		 nholders;
} as_office;

enum as_cand_state { AS_STANDING, AS_WITHDRAWN, AS_APPOINTED };

typedef struct as_candidate {
	json_t		*data;
	const char	*id, *name, *nominated_by;
	enum as_cand_state state;
	const char	*endorses;	/* on withdrawal, or NULL */
	json_t		*withdrawal;	/* candidate.withdraw payload (owns
					 * endorses) */
	char		 withdrawn_date[AS_DATE_MAX];
} as_candidate;

typedef struct as_position {
	json_t		*data;		/* position.declare payload, or NULL */
	const char	*position, *candidate, *source;
	as_stance	 stance;	/* as declared: SUPPORT, OBJECT, ABSTAIN, NONE */
	char		 date[AS_DATE_MAX];
	int64_t		 when;		/* its instant */
	int64_t		 broke;		/* the member's first objection or
					 * amendment on the proposal (breaks
					 * silence), or AS_TIME_NEVER */
} as_position;

enum as_prop_kind { AS_APPOINTMENT, AS_TEXT };

typedef struct as_proposal {
	json_t		*data;
	const char	*id, *title, *text;
	enum as_prop_kind kind;
	size_t		 org;
	size_t		 office;	/* for an appointment */
	as_rule		*rule;		/* its own, or NULL for the org's */
	char		 opened_date[AS_DATE_MAX];
	as_candidate	*cands;
	size_t		 ncands;
	as_map		 cand_ids;
	as_position	*positions;	/* by member index in the org */
	size_t		 npositions;
	int		 decided;
	json_t		*decision;	/* decision.take payload */
	char		 decided_date[AS_DATE_MAX];
} as_proposal;

enum as_commit_state { AS_ASKED, AS_GIVEN, AS_REVOKED };

typedef struct as_commitment {
	json_t		*data;		/* the defining payload (ask or give) */
	json_t		*given;		/* commitment.give payload, or NULL */
	const char	*id, *by, *to, *text, *document, *source;
	enum as_commit_state state;
	char		 date[AS_DATE_MAX];	/* of the last change */
} as_commitment;

typedef struct as_state {
	as_org		*orgs;
	size_t		 norgs;
	as_office	*offices;
	size_t		 noffices;
	as_proposal	*proposals;
	size_t		 nproposals;
	as_commitment	*commitments;
	size_t		 ncommitments;
	as_map		 org_ids, office_ids, proposal_ids, commitment_ids;
	int64_t		 seq;		/* of the last event applied */
	int64_t		 when;		/* its effective instant */
	char		 date[AS_DATE_MAX];
} as_state;

/* A new empty state (the caller frees it), or NULL if out of memory. */
as_state	*as_state_new(void);
void		 as_state_free(as_state *st);

/*
 * Checks ev against the schema and the state, and applies it. Returns 0;
 * or -1 with a one-line message in err (AS_ERR_MAX bytes), the state
 * unchanged.
 */
int	as_state_apply(as_state *st, const as_event *ev, char *err);

/* Lookups: return the entity or NULL. */
as_org		*as_state_org(const as_state *st, const char *id);
as_office	*as_state_office(const as_state *st, const char *id);
as_proposal	*as_state_proposal(const as_state *st, const char *id);
as_commitment	*as_state_commitment(const as_state *st, const char *id);
as_member	*as_org_member(const as_org *o, const char *code, size_t *index);
as_candidate	*as_proposal_candidate(const as_proposal *p, const char *id);
const as_rule	*as_proposal_rule(const as_state *st, const as_proposal *p);

/* Whether code is a member of an organisation of st (at any time); and
 * whether by may give a commitment: such a member, or a candidate. */
int	as_state_has_member(const as_state *st, const char *code);
int	as_state_knows_giver(const as_state *st, const char *by);

/* Whether m is a member at instant t. */
int	as_member_active(const as_member *m, int64_t t);

/*
 * The stance of a member's position on one option of p (a candidate id,
 * or NULL for a text), at instant t: conditions met or not, a candidate
 * withdrawn since. Fills *open with the number of unmet conditions.
 */
as_stance	as_position_effective(const as_state *st, const as_proposal *p,
		    const as_position *pos, const char *candidate, size_t *open);

/*
 * The ballots of the members active at instant t on one option of p
 * (candidate, or NULL for a text). On success returns 0 with *ballots and
 * *members (the org member index of each ballot) allocated for the
 * caller, both *n long; -1 if out of memory.
 */
int	as_proposal_ballots(const as_state *st, const as_proposal *p,
	    const char *candidate, int64_t t, as_ballot **ballots,
	    size_t **members, size_t *n);

/*
 * Evaluates p's rule for one option at instant t over the members active
 * then. On success returns 0 with v filled; v->missing indexes *members
 * (an array of org member indices, owned by the caller after the call).
 */
int	as_proposal_eval(const as_state *st, const as_proposal *p,
	    const char *candidate, int64_t t, as_verdict *v,
	    size_t **members, size_t *nmembers);

#endif
