/*
 * Answers read from the ledger itself rather than from a folded state:
 * the timeline and the verify report. The CLI and the HTTP API both
 * print these, so they are built once, here.
 */
#ifndef AS_QUERY_H
#define AS_QUERY_H

#include <time.h>

#include <jansson.h>

#include "core/error.h"
#include "core/analyse.h"
#include "store/ledger.h"

/* What a page of the timeline is of. */
typedef struct as_timeline_q {
	const char	*proposal;	/* its events only, or NULL: all */
	int64_t		 limit;		/* dated up to (AS_TIME_NEVER: all) */
	int64_t		 known;		/* recorded up to seq (AS_SEQ_END) */
	const char	*as_of;		/* the label reported, or NULL */
	const char	*after;		/* the cursor of the page before, or
					 * NULL for the first */
	size_t		 max_events;	/* in the page (0: all) */
	size_t		 max_bytes;	/* about, in the page (0: no limit) */
} as_timeline_q;

/*
 * A page of the timeline, in order of date, then seq: every event, or
 * those concerning the proposal (naming it, its candidates, the
 * commitments its positions depend on or its candidates give), each with
 * its organisation, summary and source, and "next", the cursor of the
 * page after (null on the last). Returns AS_OK with *out set (the caller
 * owns it), AS_EINVAL for a malformed cursor, or the ledger's error.
 */
int	as_ledger_timeline(as_ledger *l, const as_timeline_q *q, json_t **out,
	    as_error *err);

/*
 * The citation list of a proposal: every source record its events (as
 * the timeline shows them, with corrections) cite, numbered in order of
 * first citation, each with the events that cite it: {"as_of",
 * "proposal", "citations": [{"n", "id", "source": {the record},
 * "kind_label", "cited_by": [{"seq", "date", "type", "summary"}]}]}.
 */
int	as_ledger_citations(as_ledger *l, const char *proposal, int64_t limit,
	    int64_t known, const char *as_of, json_t **out, as_error *err);

/* The verify report: intact, events, first_bad, error, head. The caller
 * owns the result. */
json_t	*as_verify_json(const as_verify *v);

/* An analysis's time limit on the monotonic clock, which the CLI and the
 * server both give as_analyse (src/core has none). */
typedef struct as_deadline {
	struct timespec	end;
} as_deadline;

/*
 * Arms d to expire ms milliseconds from now, and b (zeroed first: the
 * evaluations of AS_ANALYSE_BUDGET) to ask it and to report ms.
 */
void	as_analyse_deadline(as_analyse_budget *b, as_deadline *d, int64_t ms);

#endif
