/*
 * Applies test events to a state: the payload given as JSON text, the
 * event checked and applied as the ledger would.
 */
#ifndef AS_TEST_APPLY_H
#define AS_TEST_APPLY_H

#include <stdio.h>
#include <stdlib.h>

#include "core/state.h"

/* Applies one event of type dated date; returns what as_state_apply
 * returns, with err (AS_ERR_MAX bytes) set on a refusal. Malformed test
 * JSON ends the test (status 2). */
static inline int
test_apply(as_state *st, const char *date, const char *type,
    const char *json, as_error *err)
{
	json_t *data = json_loads(json, 0, NULL);
	as_event ev;
	int rc;

	if (data == NULL) {
		fprintf(stderr, "bad test JSON: %s\n", json);
		exit(2);
	}
	as_error_clear(err);
	rc = as_event_init(&ev, date, type, "test", data, err);
	if (rc == 0)
		rc = as_state_apply(st, &ev, err);
	as_event_clear(&ev);
	json_decref(data);
	return rc;
}

#endif
