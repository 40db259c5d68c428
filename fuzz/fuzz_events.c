/*
 * Fuzz target: the input is a case file (or, if its first byte is '!', an
 * export). Every line is parsed; every event that parses is applied to
 * one state; then every view is computed for every proposal and office.
 * Nothing may crash, leak or hang, whatever the bytes.
 *
 * With clang: cmake -DASSENT_FUZZ=ON, then build/fuzz/fuzz_events
 * fuzz/corpus (libFuzzer). Otherwise the same function is driven by
 * replay.c over the corpus, as a test.
 */
#include <stdint.h>
#include <stdlib.h>
#include <string.h>

#include "core/casefile.h"
#include "core/state.h"
#include "core/view.h"

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size);

int
LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
	as_error err[1];
	char *text = malloc(size + 1), *line, *save = NULL;
	int chained = size > 0 && data[0] == '!';
	as_state *st = as_state_new();

	if (text == NULL || st == NULL)
		goto done;
	memcpy(text, data, size);
	text[size] = '\0';
	for (line = strtok_r(text + chained, "\n", &save); line != NULL;
	    line = strtok_r(NULL, "\n", &save)) {
		as_event ev;
		if (as_parse_event_line(line, chained, &ev, err) != 0)
			continue;
		(void)as_state_apply(st, &ev, err);
		as_event_clear(&ev);
	}
	for (size_t i = 0; i < st->nproposals; i++) {
		json_t *j = as_view_status(st, st->proposals[i].id, "x", st->when, err);
		json_decref(j);
		j = as_view_status_on(st, st->proposals[i].id, "x", st->when,
		    AS_BASIS_CONFIRMED, 1, err);
		json_decref(j);
		j = as_view_reports(st, st->proposals[i].id, "x", st->when,
		    AS_BASIS_REPORTED, err);
		free(as_reports_csv(j));
		json_decref(j);
	}
	for (size_t i = 0; i < st->noffices; i++) {
		json_t *j = as_view_office(st, st->offices[i].id, "x", st->when, err);
		json_decref(j);
	}
	json_decref(as_view_proposals(st, "x", st->when));
done:
	as_state_free(st);
	free(text);
	return 0;
}
