/*
 * Answers read from the ledger itself rather than from a folded state:
 * the timeline and the verify report. The CLI and the HTTP API both
 * print these, so they are built once, here.
 */
#ifndef AS_QUERY_H
#define AS_QUERY_H

#include <jansson.h>

#include "store/ledger.h"

/*
 * The timeline: every event dated up to limit (AS_TIME_NEVER for all) of
 * seq at most known (AS_SEQ_END for all), in order of date, then seq,
 * or only those concerning proposal (if not NULL), each with its
 * summary and source. as_of is the label reported (NULL: null). Returns
 * AS_OK with *out set (the caller owns it), or the ledger's error.
 */
int	as_ledger_timeline(as_ledger *l, const char *proposal, int64_t limit,
	    int64_t known,
	    const char *as_of, json_t **out, char *err);

/* The verify report: intact, events, first_bad, error, head. The caller
 * owns the result. */
json_t	*as_verify_json(const as_verify *v);

#endif
