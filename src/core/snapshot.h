/*
 * Snapshots: the folded state (state.h) as canonical text, and back, so
 * that a ledger can keep checkpoints and fold on from the nearest one
 * instead of from the first event. Pure: no I/O, no clock.
 *
 * The text is one JSON object (compact, sorted keys): the payloads of the
 * events that defined each entity, as JSON values, with what the payloads
 * cannot tell (instants, dates of changes, the first break of silence,
 * which decision made a holder). Everything else (ids, names, rules,
 * kinds, stances, the id maps, the strings that point into payloads) is
 * derived on load exactly as the fold derives it. See snapshot.c for the
 * shape, and what a load checks.
 */
#ifndef AS_SNAPSHOT_H
#define AS_SNAPSHOT_H

#include <stddef.h>

#include "core/error.h"
#include "core/state.h"

#define AS_SNAPSHOT_VERSION	1	/* the "version" a dump carries */

/*
 * The state as canonical text: compact JSON with sorted keys
 * (JSON_COMPACT | JSON_SORT_KEYS), the same bytes for equal states.
 * Returns a string the caller frees with free() (its length in *len if
 * len != NULL), or NULL if out of memory.
 */
char		*as_state_dump(const as_state *st, size_t *len);

/*
 * The state that the len bytes at text describe (text need not end with a
 * NUL), for the caller to free with as_state_free; or NULL with a
 * one-line message in err (AS_ERR_MAX bytes) naming what is wrong: not
 * JSON, a field missing or of the wrong type, a reference to nothing, a
 * state the fold could not have made, or out of memory. Nothing leaks on
 * failure.
 */
as_state	*as_state_load(const char *text, size_t len, as_error *err);

#endif
