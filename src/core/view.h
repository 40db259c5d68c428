/*
 * Views: the answers, as JSON built from a folded state. Each returns a
 * new reference the caller owns, or NULL with err (AS_ERR_MAX) set.
 * "as_of" is the text to report; "t" the instant the state was folded to.
 */
#ifndef AS_VIEW_H
#define AS_VIEW_H

#include <jansson.h>

#include "core/error.h"
#include "core/state.h"

/* The status of a proposal: see docs/cli.md for the fields. On the
 * default basis (source.h). */
json_t	*as_view_status(const as_state *st, const char *proposal,
	    const char *as_of, int64_t t, as_error *err);

/* The same on a basis; asked says whether it was asked for (else it is
 * the default), which the answer says. */
json_t	*as_view_status_on(const as_state *st, const char *proposal,
	    const char *as_of, int64_t t, as_basis basis, int asked,
	    as_error *err);

/* A source record as JSON: id, kind, kind_label, title, published, by,
 * url, document, text, weight (in its organisation), confirms. */
json_t	*as_source_json(const as_state *st, const as_source *src);

/* Every proposal: id, org, kind, title, state. */
json_t	*as_view_proposals(const as_state *st, const char *as_of, int64_t t);

/* An office: holder, designate, term dates, past holders, whether it is
 * vacant; each holder acting or not, numbered, its early end. */
json_t	*as_view_office(const as_state *st, const char *office,
	    const char *as_of, int64_t t, as_error *err);

/* The holders of an office whose nationality is the code given, in order
 * of their terms, numbered among them ("of_nationality", acting holders
 * not numbered), each "past", "holder" or "designate" as of t; "count":
 * how many persons. */
json_t	*as_view_office_nationality(const as_state *st, const char *office,
	    const char *nationality, const char *as_of, int64_t t,
	    as_error *err);

/* An organisation: its rule, its members on that date (and those who
 * have left or are still to join), its offices and proposals. */
json_t	*as_view_org(const as_state *st, const char *org, const char *as_of,
	    int64_t t, as_error *err);

/* An organisation's members, past and future ones too, each with its
 * "standing" on that date: "member", "former" or "future":
 * {"org", "as_of", "members": [{"code", "name", "since", "until",
 * "weights", "standing"}]}. */
json_t	*as_view_members(const as_state *st, const char *org,
	    const char *as_of, int64_t t, as_error *err);

/*
 * What changed on a proposal after `since` (instant t0, state before)
 * up to `as_of` (t1, state after), on a basis, and on whose word: the
 * members' moves from the two states, the other changes from the
 * proposal's timeline (as_ledger_timeline's JSON, as known then), each a
 * sentence with the sources it rests on: {"proposal", "title", "since",
 * "as_of", "basis", "changes": [{"date", "kind", "text", "members",
 * "word", "confirmed", "sources"}]} in order of date. before may be NULL.
 */
json_t	*as_view_changes(const as_state *before, const as_state *after,
	    const json_t *timeline, const char *proposal, const char *since,
	    const char *as_of, int64_t t0, int64_t t1, as_basis basis,
	    as_error *err);

/*
 * Every position and report of a proposal as of t, one row each (the
 * declarations in force, and every report), members in their order:
 * {"proposal", "title", "org", "as_of", "basis", "rows": [{the columns
 * of as_report_columns}]}. "counted" says which row the basis counts.
 */
json_t	*as_view_reports(const as_state *st, const char *proposal,
	    const char *as_of, int64_t t, as_basis basis, as_error *err);

/*
 * The straw polls on a proposal as of t (poll.c): its rounds in order,
 * {"round", "date", "secret", "members", "permanent_members", "source",
 * "cites"}, and each candidate's series (only cand's if cand is not
 * NULL) of the rounds that mark it, {"round", "date", "secret",
 * "tally": {"encourage", "discourage", "no-opinion"}, "permanent": the
 * permanent members' tally or null, "marks": {member: mark} (open
 * rounds) or null}; "indicative": true. NULL with err set for an unknown
 * proposal or candidate.
 */
json_t	*as_view_polls(const as_state *st, const char *proposal,
	    const char *cand, const char *as_of, int64_t t, as_error *err);

/* The latest round of p's straw poll that marks cand, as a point of
 * as_view_polls' series, or JSON null (a new reference either way). */
json_t	*as_poll_latest(const as_state *st, const as_proposal *p,
	    const char *cand);

/*
 * A view's answer j, made by a call that began when this thread's
 * allocation misses were m0 (as_alloc_misses): j if no allocation failed
 * meanwhile; else NULL (j released), since some part of it may be
 * missing. A NULL answer without a message gets "out of memory" (err may
 * be NULL). Every view above goes through it.
 */
json_t	*as_view_whole(json_t *j, unsigned long m0, as_error *err);

/* The columns of a row, NULL-terminated: the CSV's header. */
extern const char *const as_report_columns[];

/* The rows of as_view_reports as CSV (RFC 4180: a header, CRLF, fields
 * quoted when they hold a comma, a quote or a line break): a string the
 * caller frees, or NULL if out of memory. */
char	*as_reports_csv(const json_t *reports);

#endif
