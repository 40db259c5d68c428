/*
 * Views: the answers, as JSON built from a folded state. Each returns a
 * new reference the caller owns, or NULL with err (AS_ERR_MAX) set.
 * "as_of" is the text to report; "t" the instant the state was folded to.
 */
#ifndef AS_VIEW_H
#define AS_VIEW_H

#include <jansson.h>

#include "core/state.h"

/* The status of a proposal: see docs/cli.md for the fields. */
json_t	*as_view_status(const as_state *st, const char *proposal,
	    const char *as_of, int64_t t, char *err);

/* Every proposal: id, org, kind, title, state. */
json_t	*as_view_proposals(const as_state *st, const char *as_of, int64_t t);

/* An office: holder, designate, term dates, past holders. */
json_t	*as_view_office(const as_state *st, const char *office,
	    const char *as_of, int64_t t, char *err);

/* An organisation: its rule, its members on that date (and those who
 * have left or are still to join), its offices and proposals. */
json_t	*as_view_org(const as_state *st, const char *org, const char *as_of,
	    int64_t t, char *err);

#endif
