/*
 * The text forms of events. A case file is UTF-8 text, one event a line:
 *
 *   {"date": "2024-06-18", "type": "position.declare", "data": {...}}
 *
 * with optional "actor"; blank lines and lines starting with '#' are
 * skipped. A source record or a correction has no "date": the ledger
 * dates it (event.h, AS_T_TIMELESS and AS_T_CORRECTS). An export line has, besides, "seq", "recorded", "prev" and
 * "hash" (hex). See docs/ledger.md.
 */
#ifndef AS_CASEFILE_H
#define AS_CASEFILE_H

#include <jansson.h>

#include "core/event.h"

/*
 * Parses one line (NUL-terminated, without its newline) into ev. With
 * chained, the export fields are required; without, they are refused.
 * Returns 0 for an event, 1 for a line to skip, or -1 with err set.
 */
int	as_parse_event_line(const char *line, int chained, as_event *ev,
	    as_error *err);

/* The event as a JSON object, with the chain fields if chained. The
 * caller owns the result. */
json_t	*as_event_json(const as_event *ev, int chained);

#endif
