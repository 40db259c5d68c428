/*
 * Out of memory, the SQLite way: the NATO case (and a case of every rule
 * kind, fuzz/corpus/rules, and one of every event type,
 * fuzz/corpus/all-types) is folded with the Nth
 * allocation failing (once, then from then on), for N = 1, 2, ... until
 * the fold meets no failure. Each event whose apply fails must leave the
 * state exactly as it was (the same status and office JSON) and must then
 * apply when memory is back. Under the sanitizers: no crash, no leak.
 */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "core/alloc.h"
#include "core/casefile.h"
#include "core/state.h"
#include "core/view.h"
#include "unit/check.h"

#include "unit/faulty_alloc.h"

/* Everything the views say of st, as one string (allocated normally). */
static char *
snapshot(const as_state *st)
{
	as_error err[1];
	json_t *all = json_array();

	json_array_append_new(all, as_view_proposals(st, "x", st->when));
	for (size_t i = 0; i < st->nproposals; i++)
		json_array_append_new(all, as_view_status(st, st->proposals[i].id,
		    "x", st->when, err));
	for (size_t i = 0; i < st->noffices; i++)
		json_array_append_new(all, as_view_office(st, st->offices[i].id,
		    "x", st->when, err));
	for (size_t i = 0; i < st->norgs; i++)
		json_array_append_new(all, as_view_org(st, st->orgs[i].id, "x",
		    st->when, err));
	json_array_append_new(all, json_integer(st->seq));
	char *s = json_dumps(all, JSON_COMPACT | JSON_SORT_KEYS);
	json_decref(all);
	return s;
}

static as_event *events;
static size_t nevents;

static void
load(const char *path)
{
	FILE *f = fopen(path, "r");
	as_error err[1];
	char *line = NULL;
	size_t cap = 0;
	ssize_t len;

	if (f == NULL) {
		perror(path);
		exit(2);
	}
	while ((len = getline(&line, &cap, f)) != -1) {
		if (len > 0 && line[len - 1] == '\n')
			line[len - 1] = '\0';
		events = realloc(events, (nevents + 1) * sizeof(*events));
		if (as_parse_event_line(line, 0, &events[nevents], err) == 0)
			nevents++;
	}
	free(line);
	fclose(f);
}

/* Folds every event with allocation n failing; returns whether any did. */
static int
fold_with_fault(long n, int *mismatches, int *failures)
{
	as_state *st = as_state_new();
	as_error err[1];
	int any = 0;

	for (size_t i = 0; i < nevents; i++) {
		char *before = snapshot(st);
		count = 0;
		failed = 0;
		fail_at = n;
		as_set_allocator(faulty_malloc, faulty_realloc);
		int rc = as_state_apply(st, &events[i], err);
		as_set_allocator(NULL, NULL);
		fail_at = 0;
		if (failed)
			any = 1;
		if (rc != 0) {
			char *after = snapshot(st);
			(*failures)++;
			if (strcmp(before, after) != 0) {
				(*mismatches)++;
				fprintf(stderr, "N=%ld event %zu (%s): state changed "
				    "by a refused apply: %s\n", n, i + 1,
				    events[i].type, err->msg);
			}
			free(after);
			/* Memory is back: the same event must now apply. */
			if (as_state_apply(st, &events[i], err) != 0) {
				(*mismatches)++;
				fprintf(stderr, "N=%ld event %zu: refused after "
				    "the fault: %s\n", n, i + 1, err->msg);
			}
		}
		free(before);
	}
	as_state_free(st);
	return any;
}

int
main(int argc, char **argv)
{
	const char *root = getenv("ASSENT_ROOT");
	char path[4096];

	(void)argc;
	(void)argv;
	/* The NATO case, then a case of every rule kind in both forms, then
	 * one of every event type (sources, an order of weight, reports, a
	 * correction, bodies and a recommendation, straw polls, a stance per
	 * candidate and a secret vote). */
	static const char *const files[] = { "data/nato/nato-2024.case",
	    "fuzz/corpus/rules", "fuzz/corpus/all-types" };
	static const size_t sizes[] = { 116, 21, 39 };
	for (int file = 0; file < 3; file++) {
		snprintf(path, sizeof(path), "%s/%s", root ? root : ".",
		    files[file]);
		for (size_t i = 0; i < nevents; i++)
			as_event_clear(&events[i]);
		nevents = 0;
		load(path);
		CHECK(nevents == sizes[file]);
		for (persistent = 0; persistent <= 1; persistent++) {
			int mismatches = 0, failures = 0;
			long n;
			for (n = 1; n < 100000; n++)
				if (!fold_with_fault(n, &mismatches, &failures))
					break;
			printf("%s, %s: %ld allocation points, %d refused applies, "
			    "%d mismatches\n", path, persistent ? "persistent" :
			    "transient", n - 1, failures, mismatches);
			CHECK(n > 5);
			CHECK(failures > 0);
			CHECK(mismatches == 0);
		}
	}
	for (size_t i = 0; i < nevents; i++)
		as_event_clear(&events[i]);
	free(events);
	return check_done();
}
