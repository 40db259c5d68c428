/*
 * Fuzz target: a checkpoint's text, as a store might hold it after
 * damage. as_state_load refuses what the fold could not have made; a
 * state it accepts dumps back to the same bytes as its own dump loads
 * to, and answers every view. Nothing may crash, leak or hang.
 */
#include <stdint.h>
#include <stdlib.h>
#include <string.h>

#include "core/snapshot.h"
#include "core/view.h"

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size);

int
LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
	as_error err[1];
	char *d1, *d2;
	as_state *st = as_state_load((const char *)data, size, err), *again;
	size_t n1, n2;

	if (st == NULL)
		return 0;
	if ((d1 = as_state_dump(st, &n1)) != NULL) {
		if ((again = as_state_load(d1, n1, err)) == NULL)
			abort();	/* its own dump must load */
		if ((d2 = as_state_dump(again, &n2)) != NULL &&
		    (n1 != n2 || memcmp(d1, d2, n1) != 0))
			abort();	/* and be canonical */
		free(d2);
		as_state_free(again);
		free(d1);
	}
	for (size_t i = 0; i < st->nproposals; i++)
		json_decref(as_view_status(st, st->proposals[i].id, "x",
		    st->when, err));
	for (size_t i = 0; i < st->noffices; i++)
		json_decref(as_view_office(st, st->offices[i].id, "x",
		    st->when, err));
	for (size_t i = 0; i < st->norgs; i++)
		json_decref(as_view_org(st, st->orgs[i].id, "x", st->when, err));
	as_state_free(st);
	return 0;
}
