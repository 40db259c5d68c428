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
#include "core/source.h"

typedef struct as_member {
	json_t		*data;		/* member.join payload */
	const char	*code, *name;
	int64_t		 since;		/* a member from this instant */
	int64_t		 until;		/* and up to (excluding) this one */
	int64_t		 joined;	/* since, at its first accession: the
					 * members are in order of it, then
					 * of code, however recorded */
} as_member;

/*
 * A seat on a body of an organisation, for one period (body.join): a
 * member may sit several times, never in two periods at once.
 */
typedef struct as_seat {
	json_t		*data;		/* body.join payload */
	const char	*code;
	int64_t		 since, until;	/* [since, until) */
} as_seat;

/*
 * A body of an organisation (body.create): its own rule (the
 * organisation's if it gives none) and its seats, in order of since,
 * then code. Its ids are unique within its organisation.
 */
typedef struct as_body {
	json_t		*data;
	const char	*id, *name;
	as_rule		*rule;		/* its own, or NULL for the org's */
	as_seat		*seats;
	size_t		 nseats;
} as_body;

typedef struct as_org {
	json_t		*data;
	const char	*id, *name;
	as_rule		*rule;
	as_member	*members;
	size_t		 nmembers;
	as_map		 codes;		/* code -> index in members */
	as_body		*bodies;	/* in order of creation */
	size_t		 nbodies;
	as_map		 body_ids;	/* id -> index in bodies */
} as_org;

typedef struct as_holder {
	json_t		*data;		/* office.holder, office.acting or
					 * decision.take payload */
	const char	*person, *nationality, *candidate, *proposal;
	int64_t		 start, end;
	int		 acting;	/* an acting holder (office.acting) */
	int		 open;		/* no fixed end (acting without an end of
					 * its own, or office.holder's 'open'):
					 * it lasts until the next term begins
					 * (end is AS_TIME_NEVER until one does) */
	json_t		*ended;		/* office.end payload of an early end,
					 * or NULL */
	const char	*reason;	/* in ended: resigned, died, ... */
} as_holder;

typedef struct as_office {
	json_t		*data;
	const char	*id, *title;
	size_t		 org;
	as_duration	 term;
	as_holder	*holders;	/* in order of start */
	size_t		 nholders;
} as_office;

/* AS_APPOINTED by an appointment's decision, AS_RECOMMENDED by a
 * recommendation's. */
enum as_cand_state { AS_STANDING, AS_WITHDRAWN, AS_APPOINTED, AS_RECOMMENDED };

typedef struct as_candidate {
	json_t		*data;
	const char	*id, *name, *nominated_by;
	const char	*nominated_by_name;	/* the payload's, for a nominator
					 * that is not a member, or NULL */
	enum as_cand_state state;
	const char	*endorses;	/* on withdrawal, or NULL */
	json_t		*withdrawal;	/* candidate.withdraw payload (owns
					 * endorses) */
	char		 withdrawn_date[AS_DATE_MAX];
	struct as_position *positions;	/* declared on this candidate: by
					 * member index in the org */
	size_t		 npositions;
} as_candidate;

/*
 * A member's declared stance on a proposal as a whole (in the proposal's
 * positions), or on one candidate of an appointment (in the candidate's):
 * a member may support one candidate, object to another and abstain on
 * a third. A stance that names no candidate speaks of every candidate
 * and replaces the member's stances on each; one that names a candidate
 * says nothing of the others.
 */
typedef struct as_position {
	json_t		*data;		/* position.declare payload, or NULL */
	const char	*position, *candidate, *source;
	as_stance	 stance;	/* as declared: SUPPORT, OBJECT, ABSTAIN, NONE */
	char		 date[AS_DATE_MAX];
	int64_t		 when;		/* its instant */
	int64_t		 broke;		/* the member's first objection or
					 * amendment in this place (breaks
					 * silence), or AS_TIME_NEVER; the
					 * member's on the proposal is the
					 * first of all its places
					 * (as_member_broke) */
} as_position;

/*
 * A report of a member's stance on a proposal, from one source: kept
 * beside the others, however they disagree. It is confirmed when its
 * source is the member's own act (or the organisation's record): a
 * source of a kind that confirms, issued by the member or the
 * organisation.
 */
typedef struct as_report {
	json_t		*data;		/* position.report payload */
	const char	*member, *position, *candidate, *note;
	as_stance	 stance;	/* as reported: SUPPORT, OBJECT, ABSTAIN, NONE */
	size_t		 source;	/* index in the state's sources */
	int		 confirms;
	char		 date[AS_DATE_MAX];
	int64_t		 when, seq;
} as_report;

/*
 * A round of a straw poll on an appointment (poll.round): indicative,
 * never a decision, never read as consensus. Open, it gives each member's
 * mark on each candidate; secret, each candidate's tally only (with the
 * permanent members' tally apart where it is published).
 */
typedef struct as_poll {
	json_t		*data;		/* poll.round payload */
	int64_t		 round;		/* 1, 2, ... in order */
	int		 secret;
	char		 date[AS_DATE_MAX];
	int64_t		 when;
} as_poll;

/* The three marks of a straw poll, in this order: "encourage",
 * "discourage", "no-opinion" (NULL-terminated). */
#define AS_POLL_MARKS	3
extern const char *const as_poll_marks[AS_POLL_MARKS + 1];

/*
 * A secret vote on one option of a proposal, known by its tally alone
 * (vote.tally): how many voted for, against, abstained, and did not vote
 * though present; the members who vote on it that day whom it does
 * not count did not vote either.
 */
typedef struct as_tally {
	json_t		*data;		/* vote.tally payload */
	const char	*candidate;	/* the option, or NULL for a text */
	uint64_t	 yes, no, abstain, not_voting;
	size_t		 members;	/* who vote on it then (as_proposal_voters) */
	char		 date[AS_DATE_MAX];
	int64_t		 when;
} as_tally;

/* In the order of proposal.open's kinds (event_types.c). A
 * recommendation is a choice among candidates for an office, like an
 * appointment, whose decision names the candidate recommended and
 * appoints no one (an appointment may require it). */
enum as_prop_kind { AS_APPOINTMENT, AS_TEXT, AS_RECOMMENDATION };

typedef struct as_proposal {
	json_t		*data;
	const char	*id, *title, *text;
	enum as_prop_kind kind;
	size_t		 org;
	size_t		 office;	/* for an appointment or a
					 * recommendation */
	as_rule		*rule;		/* its own, or NULL for the body's or
					 * the org's */
	int		 in_body;	/* put to a body (else the whole
					 * membership) */
	size_t		 body;		/* then: its index in the org's */
	const char	*requires;	/* the proposal whose decision it
					 * requires first, or NULL */
	char		 opened_date[AS_DATE_MAX];
	as_candidate	*cands;
	size_t		 ncands;
	as_map		 cand_ids;
	as_position	*positions;	/* declared, naming no candidate: by
					 * member index in the org */
	size_t		 npositions;
	as_report	*reports;	/* every report, in order of (when, seq) */
	size_t		 nreports;
	as_poll		*polls;		/* straw poll rounds, in order */
	size_t		 npolls;
	as_tally	*tallies;	/* the secret votes, in order of date */
	size_t		 ntallies;
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

/* A source record (source.declare): timeless, cited from any date. */
typedef struct as_source {
	json_t		*data;
	const char	*id, *org, *title, *by;
	int		 kind;		/* index in as_source_kinds */
} as_source;

/* An organisation's own order of weight (source.rank): the last given. */
typedef struct as_ranking {
	json_t		*data;
	const char	*org;
	double		 weight[AS_SOURCE_KINDS];
} as_ranking;

/* A correction of an earlier event (event.correct): the ledger folds the
 * history without that event, or with the payload in its place. */
typedef struct as_correction {
	json_t		*data;		/* event.correct payload */
	int64_t		 seq;		/* the event corrected */
	int64_t		 by;		/* the correction's own seq */
	json_t		*payload;	/* in data: the corrected payload, or
					 * NULL (withdrawn) */
} as_correction;

typedef struct as_state {
	as_org		*orgs;
	size_t		 norgs;
	as_office	*offices;
	size_t		 noffices;
	as_proposal	*proposals;
	size_t		 nproposals;
	as_commitment	*commitments;
	size_t		 ncommitments;
	as_source	*sources;
	size_t		 nsources;
	as_ranking	*rankings;
	size_t		 nrankings;
	as_correction	*corrections;	/* in the order folded */
	size_t		 ncorrections;
	as_map		 org_ids, office_ids, proposal_ids, commitment_ids,
			 source_ids;
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
int	as_state_apply(as_state *st, const as_event *ev, as_error *err);

/* Lookups: return the entity or NULL. */
as_org		*as_state_org(const as_state *st, const char *id);
as_office	*as_state_office(const as_state *st, const char *id);
as_proposal	*as_state_proposal(const as_state *st, const char *id);
as_commitment	*as_state_commitment(const as_state *st, const char *id);
as_member	*as_org_member(const as_org *o, const char *code, size_t *index);
/* The holder of f in office at instant t (acting or not), or NULL: the
 * office is vacant then. */
as_holder	*as_office_holder_at(const as_office *f, int64_t t);
as_candidate	*as_proposal_candidate(const as_proposal *p, const char *id);
/* p's rule: its own, else its body's, else its organisation's. */
const as_rule	*as_proposal_rule(const as_state *st, const as_proposal *p);
as_body		*as_org_body(const as_org *o, const char *id);
/* The body p is put to, or NULL for the whole membership. */
const as_body	*as_proposal_body(const as_state *st, const as_proposal *p);
/* "appointment", "text" or "recommendation"; and with its article, "an
 * appointment", ... (for messages). */
const char	*as_prop_kind_name(enum as_prop_kind k);
const char	*as_prop_kind_a(enum as_prop_kind k);

/* Whether code sits on body b at instant t; the seat, or NULL. */
const as_seat	*as_body_seat_at(const as_body *b, const char *code, int64_t t);
/* The weights a seat votes with: its body.join's, else the member's in
 * the organisation. */
const json_t	*as_seat_weights(const as_org *o, const as_seat *s);

/*
 * The ballots (code and weights only) of all who may ever vote on a
 * proposal of o put to body b (each of its seats), or to o's whole
 * membership if b is NULL (each member): what a rule is checked
 * against (as_rule_check). The caller frees the array (*n long); NULL
 * if out of memory.
 */
as_ballot	*as_rule_voters(const as_org *o, const as_body *b, size_t *n);

/* Whether org member mi takes part in p at instant t: a member then
 * and, if p is put to a body, on that body then. */
int	as_proposal_eligible(const as_state *st, const as_proposal *p,
	    size_t mi, int64_t t);

/* Whether code is a member of an organisation of st (at any time); and
 * whether by may give a commitment: such a member, or a candidate. */
int	as_state_has_member(const as_state *st, const char *code);
int	as_state_knows_giver(const as_state *st, const char *by);

as_source	*as_state_source(const as_state *st, const char *id);
/* Whether src confirms a stance of member of org: a kind that confirms,
 * issued by the member itself or by the organisation. */
int	as_source_confirms(const as_source *src, const char *member,
	    const char *org);
/* Fills src from a source.declare payload d (held: a reference taken). */
void	as_source_set(as_source *src, const json_t *d);
/* The correction of event seq, or NULL. */
const as_correction *as_state_correction(const as_state *st, int64_t seq);

/* The weight of source kind k in organisation org (its own, else the
 * default), and its level: 0 for the heaviest weight, 1 for the next
 * lighter one, ... (kinds of equal weight share a level). */
double	as_kind_weight(const as_state *st, const char *org, int k);
int	as_kind_level(const as_state *st, const char *org, int k);

/* The order in which a proposal keeps its reports: by instant, then by
 * what they say (source, member, position, candidate, note, conditions),
 * so that no answer depends on the order they were recorded in. <0, 0
 * (the same report), >0. */
int	as_report_order(const json_t *a, int64_t aw, const json_t *b, int64_t bw);

/* The weights a source.rank payload gives (every kind, no other): 0, or
 * -1 with err naming the kind. */
int	as_ranking_weights(const json_t *data, double w[AS_SOURCE_KINDS],
	    as_error *err);

/*
 * Whether a round's payload d fits p at instant t, but for its number: an
 * appointment; marks (open) or tallies (secret), not both; each member
 * marking one at t; each candidate known and not withdrawn by t; each
 * mark one of as_poll_marks; no tally above the members at t, nor the
 * permanent members' (weight "permanent") above theirs. Without at_t,
 * what needs the members at t is not checked (a checkpoint holds only
 * each member's latest term): a member marking is one at some time. 0,
 * or -1 with err naming the field.
 */
int	as_poll_check(const as_state *st, const as_proposal *p, const json_t *d,
	    int64_t t, const char *date, int at_t, as_error *err);

/*
 * A candidate's tally in round r: the counts of each mark (as_poll_marks'
 * order) and the permanent members' apart (*perm set to 1 if they are
 * known: always in an open round, where published in a secret one).
 * Returns 0, or -1 if the round does not mark that candidate.
 */
int	as_poll_tally(const as_state *st, const as_proposal *p,
	    const as_poll *r, const char *candidate, int64_t count[AS_POLL_MARKS],
	    int64_t perm_count[AS_POLL_MARKS], int *perm);

/* Whether m is a member at instant t. */
int	as_member_active(const as_member *m, int64_t t);

/*
 * The stance of a member's position on one option of p (a candidate id,
 * or NULL for a text), at instant t: conditions met or not, a candidate
 * withdrawn since. Fills *open with the number of unmet conditions.
 */
as_stance	as_position_effective(const as_state *st, const as_proposal *p,
		    const as_position *pos, const char *candidate, size_t *open);

/* When member mi first broke silence on p, in any of its places (its
 * stance on the proposal or on a candidate), or AS_TIME_NEVER. */
int64_t	as_member_broke(const as_proposal *p, size_t mi);

/*
 * The evidence of one member's position on p (member index mi), on a
 * basis (evidence.c), on one candidate of an appointment: its stances
 * that name that candidate or none. With candidate NULL, on every one:
 * the member's latest stance of any kind, as a list of members gives it
 * (a text's stances name none). Its confirmed position is the latest of its own
 * acts: its declaration and its confirmed reports (at one instant a
 * declaration goes before a report). On the confirmed basis, that. On
 * the reported basis, it is weighed against the other reports: an item
 * stands unless a later one (by date) weighs at least as much; the best
 * is the heaviest that stands, the latest of those if several. A
 * declaration weighs as an official record, a report as its source's
 * kind; items that stand, of weights at most one level apart, that
 * disagree, are a conflict.
 */
typedef struct as_evidence {
	as_position	 pos;		/* what counts, as a position (data is
					 * the payload it rests on); pos.data
					 * is NULL if there is none */
	const as_report	*report;	/* the report it is, or NULL for the
					 * declaration */
	int		 confirmed;	/* a declaration, or a confirmed report */
	const as_report	*latest;	/* the latest report, or NULL */
	int		 conflict;	/* reports of similar weight that stand
					 * disagree */
} as_evidence;

void	as_member_evidence(const as_state *st, const as_proposal *p,
	    size_t mi, const char *candidate, as_basis basis, as_evidence *e);

/* Whether report r stands among the member's reports on the reported
 * basis (no later report weighs as much), and whether it is in a
 * conflict there: among those on r's candidate (or on every one, if r
 * names none). */
int	as_report_standing(const as_state *st, const as_proposal *p,
	    const as_report *r, int *conflict);

/*
 * The ballots of the members active at instant t on one option of p
 * (candidate, or NULL for a text), on a basis. On success returns 0 with
 * *ballots and *members (the org member index of each ballot) allocated
 * for the caller, both *n long; -1 if out of memory.
 */
int	as_proposal_ballots(const as_state *st, const as_proposal *p,
	    const char *candidate, int64_t t, as_basis basis,
	    as_ballot **ballots, size_t **members, size_t *n);

/* The latest secret vote on one option of p (a candidate, or NULL for a
 * text), or NULL: once there is one, it decides the option. */
const as_tally	*as_proposal_tally(const as_proposal *p, const char *candidate);
/*
 * Fills ty (but its date and instant) from a vote.tally payload d, a
 * reference taken, on an organisation of `members` members on its date:
 * 0; or -1 if it counts more votes than members, *over then naming the
 * count above them alone, or NULL when it is their sum, and ty untouched.
 */
int	as_tally_set(as_tally *ty, const json_t *d, size_t members,
	    const char **over);
/* Whether ty is a vote on that option (a candidate, or NULL: the text). */
int	as_tally_on(const as_tally *ty, const char *candidate);

/* The number of members who vote on p at instant t: the organisation's
 * then, or those seated on the body p is put to. */
size_t	as_proposal_voters(const as_state *st, const as_proposal *p,
	    int64_t t);

/*
 * Evaluates p's rule on the tally ty, as at a decision on its date: its
 * votes stand for members of no name (v->missing is empty: a tally names
 * no one), and a vote that does not carry it is not adopted. v->why
 * gives the tally first. 0, or -1 if out of memory.
 */
int	as_tally_eval(const as_state *st, const as_proposal *p,
	    const as_tally *ty, as_verdict *v);

/*
 * Evaluates p's rule for one option at instant t over the members active
 * then, on a basis; deciding if a decision is taken at t (as_rule_ctx).
 * On success returns 0 with v filled; v->missing indexes *members (an
 * array of org member indices, owned by the caller after the call). An
 * option put to a secret vote is decided by its latest tally
 * (as_tally_eval).
 */
int	as_proposal_eval(const as_state *st, const as_proposal *p,
	    const char *candidate, int64_t t, int deciding, as_basis basis,
	    as_verdict *v, size_t **members, size_t *nmembers);

#endif
