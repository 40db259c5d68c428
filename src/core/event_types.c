/*
 * The event types: one declared table of names, fields and help, which
 * the fold, the CLI and (later) the HTTP API all read. See docs/events.md.
 */
#include "core/alloc.h"
#include "core/event.h"

#include <stdarg.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "core/json_write.h"
#include "core/rule.h"
#include "core/source.h"
#include "core/state.h"

int	as_apply_org_create(struct as_state *, const as_event *, as_error *);
int	as_apply_member_join(struct as_state *, const as_event *, as_error *);
int	as_apply_member_leave(struct as_state *, const as_event *, as_error *);
int	as_apply_body_create(struct as_state *, const as_event *, as_error *);
int	as_apply_body_join(struct as_state *, const as_event *, as_error *);
int	as_apply_body_leave(struct as_state *, const as_event *, as_error *);
int	as_apply_office_create(struct as_state *, const as_event *, as_error *);
int	as_apply_office_holder(struct as_state *, const as_event *, as_error *);
int	as_apply_office_extend(struct as_state *, const as_event *, as_error *);
int	as_apply_office_acting(struct as_state *, const as_event *, as_error *);
int	as_apply_office_end(struct as_state *, const as_event *, as_error *);
int	as_apply_proposal_open(struct as_state *, const as_event *, as_error *);
int	as_apply_candidate_declare(struct as_state *, const as_event *,
    as_error *);
int	as_apply_candidate_withdraw(struct as_state *, const as_event *,
    as_error *);
int	as_apply_commitment_ask(struct as_state *, const as_event *,
    as_error *);
int	as_apply_commitment_give(struct as_state *, const as_event *,
    as_error *);
int	as_apply_commitment_revoke(struct as_state *, const as_event *,
    as_error *);
int	as_apply_position_declare(struct as_state *, const as_event *,
    as_error *);
int	as_apply_decision_take(struct as_state *, const as_event *, as_error *);
int	as_apply_source_declare(struct as_state *, const as_event *,
    as_error *);
int	as_apply_source_rank(struct as_state *, const as_event *, as_error *);
int	as_apply_position_report(struct as_state *, const as_event *,
    as_error *);
int	as_apply_event_correct(struct as_state *, const as_event *, as_error *);
int	as_apply_poll_round(struct as_state *, const as_event *, as_error *);
int	as_apply_vote_tally(struct as_state *, const as_event *, as_error *);

/* In the order of enum as_prop_kind (state.h). */
static const char *const kinds[] = { "appointment", "text", "recommendation",
	NULL };
static const char *const end_reasons[] = { "resigned", "died", "removed",
	"other", NULL };
static const char *const stances[] = { "support", "object", "abstain", "none", NULL };
static const char *const decided_by[] = { "acclamation", NULL };

#define SOURCE(req) { "source", AS_F_TEXT, req, NULL, \
	"where this is known from: text, URL or document reference" }
#define END { NULL, 0, 0, NULL, NULL }
/* The source records an event rests on (source.declare ids of its
 * organisation): on every type but org.create (whose sources can only be
 * declared once it exists) and source.declare. */
#define CITES { "cites", AS_F_IDLIST, 0, NULL, \
	"the source records it rests on (source ids of its organisation)" }

/* What tells a commitment's organisation (core/scope.h): one of them,
 * unless it was asked before. */
#define SCOPE \
	{ "proposal", AS_F_ID, 0, NULL, "the proposal it concerns (its organisation's)" }, \
	{ "org", AS_F_ID, 0, NULL, "the organisation it is asked or given in, if it names no proposal" }

static const as_field org_create[] = {
	{ "id", AS_F_ID, AS_REQ, NULL, "organisation id" },
	{ "name", AS_F_TEXT, AS_REQ, NULL, "its name" },
	{ "rule", AS_F_RULE, 0, NULL, "default decision rule (text or JSON, see docs/rules.md), unanimity if absent" },
	SOURCE(0), END
};
static const as_field member_join[] = {
	{ "org", AS_F_ID, AS_REQ, NULL, "organisation id" },
	{ "code", AS_F_ID, AS_REQ, NULL, "member code (ISO 3166-1 alpha-3 for states)" },
	{ "name", AS_F_TEXT, AS_REQ, NULL, "member name" },
	{ "since", AS_F_DATE, 0, NULL, "accession date (default: the event's date)" },
	{ "weights", AS_F_WEIGHTS, 0, NULL, "named weights, e.g. {\"population\": 5000}" },
	CITES, SOURCE(0), END
};
static const as_field member_leave[] = {
	{ "org", AS_F_ID, AS_REQ, NULL, "organisation id" },
	{ "code", AS_F_ID, AS_REQ, NULL, "member code" },
	{ "until", AS_F_DATE, 0, NULL, "date it leaves (default: the event's date)" },
	CITES, SOURCE(0), END
};
/* Bodies: see docs/events.md, "Bodies". Their ids are unique within
 * their organisation, and their events name it ('org'). */
static const as_field body_create[] = {
	{ "org", AS_F_ID, AS_REQ, NULL, "organisation id" },
	{ "id", AS_F_ID, AS_REQ, NULL, "body id (unique in the organisation)" },
	{ "name", AS_F_TEXT, AS_REQ, NULL, "its name" },
	{ "rule", AS_F_RULE, 0, NULL, "its decision rule (text or JSON), the organisation's if absent" },
	CITES, SOURCE(0), END
};
static const as_field body_join[] = {
	{ "org", AS_F_ID, AS_REQ, NULL, "organisation id" },
	{ "body", AS_F_ID, AS_REQ, NULL, "body id" },
	{ "code", AS_F_ID, AS_REQ, NULL, "the member taking a seat (a member of the organisation then)" },
	{ "since", AS_F_DATE, 0, NULL, "from when (default: the event's date)" },
	{ "weights", AS_F_WEIGHTS, 0, NULL, "its weights on the body (default: its weights in the organisation)" },
	CITES, SOURCE(0), END
};
static const as_field body_leave[] = {
	{ "org", AS_F_ID, AS_REQ, NULL, "organisation id" },
	{ "body", AS_F_ID, AS_REQ, NULL, "body id" },
	{ "code", AS_F_ID, AS_REQ, NULL, "the member leaving its seat" },
	{ "until", AS_F_DATE, 0, NULL, "the day it leaves (default: the event's date)" },
	CITES, SOURCE(0), END
};
static const as_field office_create[] = {
	{ "org", AS_F_ID, AS_REQ, NULL, "organisation id" },
	{ "id", AS_F_ID, AS_REQ, NULL, "office id" },
	{ "title", AS_F_TEXT, AS_REQ, NULL, "its title" },
	{ "term", AS_F_DURATION, AS_REQ, NULL, "term length, ISO 8601 (P4Y)" },
	CITES, SOURCE(0), END
};
/* Who holds an office, or acts in it, and from when to when. */
#define TERM(who, start, end) \
	{ "office", AS_F_ID, AS_REQ, NULL, "office id" }, \
	{ "person", AS_F_TEXT, AS_REQ, NULL, "the " who "'s name" }, \
	{ "nationality", AS_F_ID, 0, NULL, "the " who "'s country code" }, \
	{ "start", AS_F_DATE, AS_REQ, NULL, start }, \
	{ "end", AS_F_DATE, 0, NULL, end }
static const as_field office_holder[] = {
	TERM("holder", "term start", "term end (default: start + the office's term)"),
	{ "open", AS_F_FLAG, 0, NULL, "true: a term without a fixed end recorded "
	  "(it lasts until the next term begins or an early end; not with 'end')" },
	CITES, SOURCE(0), END
};
static const as_field office_extend[] = {
	{ "office", AS_F_ID, AS_REQ, NULL, "office id" },
	{ "end", AS_F_DATE, AS_REQ, NULL, "the new end of the latest holder's term" },
	CITES, SOURCE(0), END
};
static const as_field office_acting[] = {
	TERM("acting holder", "from when (the office must be vacant then)",
	    "until when (default: until the next term begins)"),
	CITES, SOURCE(0), END
};
static const as_field office_end[] = {
	{ "office", AS_F_ID, AS_REQ, NULL, "office id" },
	{ "end", AS_F_DATE, 0, NULL, "the day the term ends (default: the event's date)" },
	{ "reason", AS_F_ENUM, AS_REQ, end_reasons, "resigned, died, removed or other" },
	CITES, SOURCE(0), END
};
static const as_field proposal_open[] = {
	{ "id", AS_F_ID, AS_REQ, NULL, "proposal id" },
	{ "org", AS_F_ID, AS_REQ, NULL, "organisation id" },
	{ "kind", AS_F_ENUM, AS_REQ, kinds, "appointment, text or recommendation" },
	{ "title", AS_F_TEXT, AS_REQ, NULL, "its title" },
	{ "office", AS_F_ID, 0, NULL, "the office (appointments and recommendations)" },
	{ "text", AS_F_TEXT, 0, NULL, "the text, or a reference to it" },
	{ "rule", AS_F_RULE, 0, NULL, "decision rule (text or JSON), the body's or the organisation's if absent" },
	{ "body", AS_F_ID, 0, NULL, "the body it is put to (default: the whole membership)" },
	{ "requires", AS_F_ID, 0, NULL, "a proposal of the organisation whose decision must come first (a recommendation)" },
	CITES, SOURCE(0), END
};
static const as_field candidate_declare[] = {
	{ "proposal", AS_F_ID, AS_REQ, NULL, "proposal id" },
	{ "id", AS_F_ID, AS_REQ, NULL, "candidate id" },
	{ "name", AS_F_TEXT, AS_REQ, NULL, "the candidate's name" },
	{ "nominated_by", AS_F_ID, AS_REQ, NULL, "who puts the candidate forward: a member's code, or a state's" },
	{ "nominated_by_name", AS_F_TEXT, 0, NULL, "the nominator's name, if it is not a member of the organisation" },
	CITES, SOURCE(0), END
};
static const as_field candidate_withdraw[] = {
	{ "proposal", AS_F_ID, AS_REQ, NULL, "proposal id" },
	{ "candidate", AS_F_ID, AS_REQ, NULL, "candidate id" },
	{ "endorses", AS_F_ID, 0, NULL, "another standing candidate endorsed" },
	CITES, SOURCE(0), END
};
static const as_field commitment_ask[] = {
	{ "id", AS_F_ID, AS_REQ, NULL, "commitment id" },
	SCOPE,
	{ "by", AS_F_ID, AS_REQ, NULL, "who is to give it (candidate id or member code)" },
	{ "to", AS_F_ID, AS_REQ, NULL, "the member it is given to" },
	{ "text", AS_F_TEXT, AS_REQ, NULL, "what is committed to" },
	CITES, SOURCE(0), END
};
static const as_field commitment_give[] = {
	{ "id", AS_F_ID, AS_REQ, NULL, "commitment id" },
	SCOPE,
	{ "by", AS_F_ID, 0, NULL, "who gives it (required unless asked before)" },
	{ "to", AS_F_ID, 0, NULL, "the member it is given to (idem)" },
	{ "text", AS_F_TEXT, 0, NULL, "what is committed to (idem)" },
	{ "document", AS_F_TEXT, 0, NULL, "the document that gives it" },
	CITES, SOURCE(AS_REQ), END
};
static const as_field commitment_revoke[] = {
	{ "id", AS_F_ID, AS_REQ, NULL, "commitment id" },
	CITES, SOURCE(0), END
};
static const as_field position_declare[] = {
	{ "proposal", AS_F_ID, AS_REQ, NULL, "proposal id" },
	{ "member", AS_F_ID, AS_REQ, NULL, "member code" },
	{ "position", AS_F_ENUM, AS_REQ, stances, "support, object, abstain or none" },
	{ "candidate", AS_F_ID, 0, NULL, "the candidate (appointments)" },
	{ "conditions", AS_F_IDLIST, 0, NULL, "commitment ids the support depends on" },
	{ "amendment", AS_F_TEXT, 0, NULL, "an amendment proposed (breaks silence)" },
	{ "reason", AS_F_TEXT, 0, NULL, "the reason given (an Apache veto needs one)" },
	CITES, SOURCE(AS_REQ), END
};
static const as_field decision_take[] = {
	{ "proposal", AS_F_ID, AS_REQ, NULL, "proposal id" },
	{ "candidate", AS_F_ID, 0, NULL, "the candidate appointed or recommended" },
	{ "body", AS_F_ID, 0, NULL, "the body taking it (the one the proposal is put to)" },
	{ "start", AS_F_DATE, 0, NULL, "term start (default: when the incumbent's ends)" },
	{ "end", AS_F_DATE, 0, NULL, "term end fixed by the decision (default: start + the office's term)" },
	{ "by", AS_F_ENUM, 0, decided_by, "acclamation: adopted without objection "
	  "at a meeting, no individual positions taken (needs a source)" },
	CITES, SOURCE(0), END
};
static const as_field vote_tally[] = {
	{ "proposal", AS_F_ID, AS_REQ, NULL, "proposal id" },
	{ "candidate", AS_F_ID, 0, NULL, "the candidate voted on (appointments)" },
	{ "for", AS_F_COUNT, AS_REQ, NULL, "votes in favour" },
	{ "against", AS_F_COUNT, AS_REQ, NULL, "votes against" },
	{ "abstain", AS_F_COUNT, AS_REQ, NULL, "abstentions" },
	{ "not_voting", AS_F_COUNT, 0, NULL, "members present and not voting "
	  "(default 0; a member the tally does not count did not vote either)" },
	CITES, SOURCE(AS_REQ), END
};

static const as_field source_declare[] = {
	{ "id", AS_F_ID, AS_REQ, NULL, "source id, which events cite" },
	{ "org", AS_F_ID, AS_REQ, NULL, "the organisation whose events cite it" },
	{ "kind", AS_F_ENUM, AS_REQ, as_source_kind_ids,
	  "official-record, signed-document, official-statement, named-person, "
	  "press-report or anonymous (docs/events.md, \"Sources\")" },
	{ "title", AS_F_TEXT, AS_REQ, NULL, "its title, or its outlet and headline" },
	{ "published", AS_F_DATE, 0, NULL, "its own date: when it was issued or published" },
	{ "by", AS_F_ID, 0, NULL, "the member whose own act it is (its code), or the organisation's id" },
	{ "url", AS_F_TEXT, 0, NULL, "where it can be read" },
	{ "document", AS_F_TEXT, 0, NULL, "a document reference" },
	{ "text", AS_F_TEXT, 0, NULL, "what it says, in a few words or a quote" },
	{ "source", AS_F_TEXT, 0, NULL, "where this record was read (a copy, an archive)" },
	END
};
static const as_field source_rank[] = {
	{ "org", AS_F_ID, AS_REQ, NULL, "organisation id" },
	{ "weights", AS_F_WEIGHTS, AS_REQ, NULL,
	  "every source kind's weight, e.g. {\"official-record\": 6, ...}" },
	CITES, SOURCE(0), END
};
static const as_field position_report[] = {
	{ "proposal", AS_F_ID, AS_REQ, NULL, "proposal id" },
	{ "member", AS_F_ID, AS_REQ, NULL, "member code" },
	{ "position", AS_F_ENUM, AS_REQ, stances, "support, object, abstain or none" },
	{ "candidate", AS_F_ID, 0, NULL, "the candidate (appointments)" },
	{ "conditions", AS_F_IDLIST, 0, NULL, "commitment ids the support depends on" },
	{ "cites", AS_F_IDLIST, AS_REQ, NULL, "the source the report rests on (one source id)" },
	{ "source", AS_F_TEXT, 0, NULL, "what the source says, in its words" },
	END
};
/* A straw poll's round (docs/events.md, "Straw polls"): its marks are
 * checked by the fold (as_poll_check), a mark being one of as_poll_marks. */
static const as_field poll_round[] = {
	{ "proposal", AS_F_ID, AS_REQ, NULL, "proposal id (an appointment or a recommendation)" },
	{ "round", AS_F_ORDINAL, AS_REQ, NULL,
	  "the round's number: 1, then each the next" },
	{ "secret", AS_F_FLAG, 0, NULL, "true: a secret round, known by its "
	  "tallies only (default false: an open round, each member's marks)" },
	{ "marks", AS_F_OBJECT, 0, NULL, "an open round: each member's mark on "
	  "each candidate, {\"FRA\": {\"x\": \"encourage\"}}; a mark is "
	  "encourage, discourage or no-opinion" },
	{ "tallies", AS_F_OBJECT, 0, NULL, "a secret round: each candidate's "
	  "tally, {\"x\": {\"encourage\": 11, \"discourage\": 3, "
	  "\"no-opinion\": 1}}, with 'permanent', the permanent members' "
	  "tally apart, where it is published" },
	CITES, SOURCE(0), END
};
static const as_field event_correct[] = {
	{ "seq", AS_F_SEQ, AS_REQ, NULL, "the event corrected: its sequence number" },
	{ "reason", AS_F_TEXT, AS_REQ, NULL, "why it is corrected" },
	{ "payload", AS_F_OBJECT, 0, NULL,
	  "the event's data as it should have been (the same type); without it "
	  "the event is withdrawn" },
	CITES, SOURCE(0), END
};

const as_event_type as_event_types[] = {
	{ "org.create", "org-create", "create an organisation",
	  org_create, as_apply_org_create, "organisation {id} ({name}) created", 0 },
	{ "member.join", "member-join", "add a member to an organisation",
	  member_join, as_apply_member_join, "{code} ({name}) joins {org}[ from {since}]", 0 },
	{ "member.leave", "member-leave", "record that a member leaves",
	  member_leave, as_apply_member_leave, "{code} leaves {org}[ on {until}]", 0 },
	{ "body.create", "body-create", "create a body of an organisation (a council, an assembly)",
	  body_create, as_apply_body_create, "body {id} ({name}) of {org}", 0 },
	{ "body.join", "body-join", "seat a member of the organisation on one of its bodies",
	  body_join, as_apply_body_join, "{code} sits on {body} of {org}[ from {since}]", 0 },
	{ "body.leave", "body-leave", "record that a member leaves its seat on a body",
	  body_leave, as_apply_body_leave, "{code} leaves {body} of {org}[ on {until}]", 0 },
	{ "office.create", "office-create", "create an office with a term length",
	  office_create, as_apply_office_create, "office {id} ({title}) of {org}, term {term}", 0 },
	{ "office.holder", "office-holder", "record a holder of an office",
	  office_holder, as_apply_office_holder, "{person} holds {office} from {start}[ to {end}]", 0 },
	{ "office.extend", "office-extend", "extend the latest holder's term",
	  office_extend, as_apply_office_extend, "term in {office} extended to {end}", 0 },
	{ "office.acting", "office-acting", "record an acting holder of a vacant office",
	  office_acting, as_apply_office_acting, "{person} acts as {office} from {start}[ to {end}]", 0 },
	{ "office.end", "office-end", "end the holder's term early (resigned, died, removed)",
	  office_end, as_apply_office_end, "term in {office} ends early[ on {end}]: {reason}", 0 },
	{ "proposal.open", "proposal-open", "open a proposal (appointment or text)",
	  proposal_open, as_apply_proposal_open, "proposal {id} opened: {title}", 0 },
	{ "candidate.declare", "candidate-declare", "declare a candidate for an appointment",
	  candidate_declare, as_apply_candidate_declare,
	  "{name} ({id}) stands for {proposal}, put forward by {nominated_by}[ ({nominated_by_name})]", 0 },
	{ "candidate.withdraw", "candidate-withdraw", "withdraw a candidate",
	  candidate_withdraw, as_apply_candidate_withdraw,
	  "{candidate} withdraws from {proposal}[ and endorses {endorses}]", 0 },
	{ "commitment.ask", "commitment-ask", "record a commitment asked for",
	  commitment_ask, as_apply_commitment_ask, "{to} asks {by} for commitment {id}: {text}", 0 },
	{ "commitment.give", "commitment-give", "record a commitment given",
	  commitment_give, as_apply_commitment_give, "commitment {id} given[ by {by}][ to {to}][: {document}]", 0 },
	{ "commitment.revoke", "commitment-revoke", "revoke a commitment",
	  commitment_revoke, as_apply_commitment_revoke, "commitment {id} revoked", 0 },
	{ "position.declare", "position", "declare a member's position",
	  position_declare, as_apply_position_declare,
	  "{member}: {position}[ {candidate}][ on condition of {conditions}][, amending: {amendment}][ because {reason}] ({proposal})", 0 },
	{ "decision.take", "decide", "take the formal decision (an appointment, a recommendation, a text)",
	  decision_take, as_apply_decision_take, "decision on {proposal}[ by {body}][, by {by}][: {candidate}][, term from {start}][ to {end}]", 0 },
	{ "vote.tally", "vote-tally", "record a secret vote by its tally alone",
	  vote_tally, as_apply_vote_tally,
	  "secret vote on {proposal}[ for {candidate}]: {for} for, {against} against, {abstain} abstaining[, {not_voting} not voting]", 0 },
	{ "source.declare", "source", "declare a source record that events cite",
	  source_declare, as_apply_source_declare,
	  "source {id} of {org}: {kind}, {title}[ ({published})]", AS_T_TIMELESS },
	{ "source.rank", "source-rank", "set an organisation's own order of weight of source kinds",
	  source_rank, as_apply_source_rank, "sources of {org} weighed {weights}",
	  AS_T_TIMELESS },
	{ "position.report", "report", "record a report of a member's stance, citing a source",
	  position_report, as_apply_position_report,
	  "{member} reported: {position}[ {candidate}][ on condition of {conditions}] ({proposal}, per {cites})", 0 },
	{ "poll.round", "poll-round", "record a round of a straw poll (indicative, never a decision)",
	  poll_round, as_apply_poll_round,
	  "straw poll on {proposal}, round {round} (indicative)", 0 },
	{ "event.correct", "correct", "correct or withdraw an earlier event, by its seq",
	  event_correct, as_apply_event_correct,
	  "correction of event {seq}: {reason}", AS_T_CORRECTS },
	{ NULL, NULL, NULL, NULL, NULL, NULL, 0 }
};

const as_event_type *
as_event_type_find(const char *name, int cli)
{
	for (const as_event_type *t = as_event_types; t->name != NULL; t++)
		if (strcmp(cli ? t->cli : t->name, name) == 0)
			return t;
	return NULL;
}

int
as_is_id(const char *s)
{
	size_t n = 0;

	if (s == NULL)
		return 0;
	for (; s[n] != '\0'; n++) {
		char c = s[n];
		if (!((c >= 'a' && c <= 'z') || (c >= 'A' && c <= 'Z') ||
		    (c >= '0' && c <= '9') || c == '.' || c == '_' || c == '-'))
			return 0;
	}
	return n >= 1 && n <= AS_ID_MAX;
}

static int
check_field(const as_event_type *t, const as_field *f, const json_t *v,
    as_error *err)
{
	const char *s = json_string_value(v);
	as_error rerr[1];
	char buf[AS_DATE_MAX];
	as_duration d;
	const char *key;
	json_t *e;
	size_t i;

#define BAD(...) do { \
	char why_[256]; snprintf(why_, sizeof(why_), __VA_ARGS__); \
	return as_err(err, "%s: field '%s': %s", t->name, f->name, why_); \
} while (0)

	switch (f->type) {
	case AS_F_ID:
		if (!as_is_id(s))
			BAD("must be an identifier (1-64 of a-z A-Z 0-9 . _ -)");
		break;
	case AS_F_TEXT:
		if (s == NULL || *s == '\0' || strlen(s) > AS_TEXT_MAX)
			BAD("must be non-empty text of at most %d bytes", AS_TEXT_MAX);
		break;
	case AS_F_DATE:
		if (s == NULL || as_date_canon(s, buf, NULL) != 0)
			BAD("must be a date YYYY-MM-DD or YYYY-MM-DDTHH:MM:SSZ");
		if (strcmp(s, buf) != 0)
			BAD("must be written in canonical form, %s", buf);
		break;
	case AS_F_DURATION:
		if (s == NULL || as_duration_parse(s, &d) != 0)
			BAD("must be an ISO 8601 duration such as P4Y");
		break;
	case AS_F_ENUM:
		for (i = 0; s != NULL && f->values[i] != NULL; i++)
			if (strcmp(s, f->values[i]) == 0)
				return 0;
		{
			char list[128] = "";
			for (i = 0; f->values[i] != NULL; i++) {
				strcat(list, i ? ", " : "");
				strcat(list, f->values[i]);
			}
			BAD("must be one of %s", list);
		}
	case AS_F_IDLIST:
		if (!json_is_array(v) || json_array_size(v) == 0 ||
		    json_array_size(v) > AS_LIST_MAX)
			BAD("must be a list of 1 to %d identifiers", AS_LIST_MAX);
		json_array_foreach(v, i, e) {
			if (!as_is_id(json_string_value(e)))
				BAD("item %zu must be an identifier", i + 1);
			for (size_t j = 0; j < i; j++)
				if (json_equal(e, json_array_get(v, j)))
					BAD("'%s' is listed twice", json_string_value(e));
		}
		break;
	case AS_F_WEIGHTS:
		if (!json_is_object(v))
			BAD("must be an object of names to numbers");
		json_object_foreach((json_t *)v, key, e) {
			if (!as_is_id(key))
				BAD("'%s' is not a valid weight name", key);
			if (!json_is_number(e) || json_number_value(e) < 0)
				BAD("weight '%s' must be a non-negative number", key);
		}
		break;
	case AS_F_SEQ:
	case AS_F_ORDINAL:
		if (!json_is_integer(v) || json_integer_value(v) < 1)
			BAD("%s", f->type == AS_F_SEQ ? "must be an event's "
			    "sequence number (a whole number from 1)" :
			    "must be a whole number from 1");
		break;
	case AS_F_OBJECT:
		if (!json_is_object(v))
			BAD("must be a JSON object");
		break;
	case AS_F_FLAG:
		if (!json_is_boolean(v))
			BAD("must be true or false");
		break;
	case AS_F_COUNT:
		if (!json_is_integer(v) || json_integer_value(v) < 0)
			BAD("must be a whole number from 0");
		break;
	case AS_F_RULE: {
		as_rule *r = as_rule_parse(v, rerr);
		if (r == NULL)
			return as_wrap(err, rerr, "%s: field '%s'", t->name,
			    f->name);
		as_rule_free(r);
		break;
	}
	}
	return 0;
#undef BAD
}

int
as_schema_check(const as_event_type *t, const json_t *data, as_error *err)
{
	const as_field *f;
	const char *key;
	json_t *v;
	int rc;

	if (!json_is_object(data))
		return as_err(err, "%s: the data must be a JSON object", t->name);
	json_object_foreach((json_t *)data, key, v) {
		for (f = t->fields; f->name != NULL; f++)
			if (strcmp(f->name, key) == 0)
				break;
		if (f->name == NULL)
			return as_err(err, "%s: unknown field '%s'", t->name, key);
		if ((rc = check_field(t, f, v, err)) != 0)
			return rc;
	}
	for (f = t->fields; f->name != NULL; f++)
		if ((f->flags & AS_REQ) && json_object_get(data, f->name) == NULL)
			return as_err(err, "%s: field '%s' is required", t->name,
			    f->name);
	return 0;
}

void
as_event_clear(as_event *ev)
{
	free(ev->actor);
	free(ev->type);
	free(ev->data_text);
	json_decref(ev->data);
	memset(ev, 0, sizeof(*ev));
}

int
as_event_init(as_event *ev, const char *date, const char *type,
    const char *actor, json_t *data, as_error *err)
{
	memset(ev, 0, sizeof(*ev));
	if (date == NULL || as_date_canon(date, ev->date, &ev->when) != 0)
		return as_err(err, "date '%s' is not a valid date "
		    "(YYYY-MM-DD or YYYY-MM-DDTHH:MM:SSZ)", date ? date : "");
	if (type == NULL || as_event_type_find(type, 0) == NULL)
		return as_err(err, "unknown event type '%s'", type ? type : "");
	if (!json_is_object(data))
		return as_err(err, "%s: the data must be a JSON object", type);
	ev->type = as_strdup(type);
	ev->actor = as_strdup(actor != NULL ? actor : "");
	ev->data = json_incref(data);
	ev->data_text = as_json_write(data, JSON_COMPACT | JSON_SORT_KEYS, NULL);
	if (ev->type == NULL || ev->actor == NULL || ev->data_text == NULL) {
		as_event_clear(ev);
		return as_nomem(err, NULL);
	}
	return 0;
}
