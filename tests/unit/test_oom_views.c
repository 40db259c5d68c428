/*
 * Out of memory in the views: the NATO case folded to two dates of the
 * brief (Hungary's objection standing, then the decision), then each
 * view of each date (status on both bases, the office and its holders
 * of a nationality, the organisation, its members and a page of them
 * (page.h), the proposals, the reports and their CSV) made with the Nth allocation failing (once, then from then
 * on), for N = 1, 2, ... 300, then every 7th (a view makes thousands),
 * until a view meets no failure, and written out as the server writes
 * it (as_json_write). A view that meets a failure answers either NULL
 * with its message set, or exactly the answer it gives with memory to
 * spare: never a partial answer, never an empty message. Under the
 * sanitizers: no crash, no leak.
 */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "core/alloc.h"
#include "core/casefile.h"
#include "core/date.h"
#include "core/json_write.h"
#include "core/page.h"
#include "core/state.h"
#include "core/view.h"
#include "unit/check.h"

#include "unit/faulty_alloc.h"

enum { V_STATUS_REPORTED, V_STATUS_CONFIRMED, V_OFFICE, V_NATIONALITY,
    V_ORG, V_MEMBERS, V_MEMBERS_PAGE, V_PROPOSALS, V_REPORTS, V_CSV,
    V__COUNT };
static const char *const names[V__COUNT] = { "status (reported)",
    "status (confirmed)", "office", "office's holders of a nationality",
    "org", "members", "a page of members", "proposals", "reports",
    "reports as CSV" };

/* View v of st as a string (NULL: the view said no, err set). */
static char *
view(const as_state *st, int v, int64_t t, as_error *err)
{
	json_t *j = NULL;
	char *s;

	as_error_clear(err);
	switch (v) {
	case V_STATUS_REPORTED:
	case V_STATUS_CONFIRMED:
		j = as_view_status_on(st, "sg-2024", "x", t, v ==
		    V_STATUS_REPORTED ? AS_BASIS_REPORTED : AS_BASIS_CONFIRMED,
		    1, err);
		break;
	case V_OFFICE:
		j = as_view_office(st, "secretary-general", "x", t, err);
		break;
	case V_NATIONALITY:
		j = as_view_office_nationality(st, "secretary-general", "NLD",
		    "x", t, err);
		break;
	case V_ORG:
		j = as_view_org(st, "nato", "x", t, err);
		break;
	case V_MEMBERS:
	case V_MEMBERS_PAGE:
		j = as_view_members(st, "nato", "x", t, err);
		if (j != NULL && v == V_MEMBERS_PAGE) {
			as_page p = { 5, 0, 0, 0, 0 };
			if (as_page_cut(&as_list_members, &j, "BEL", &p) != 0)
				as_nomem(err, NULL);
		}
		break;
	case V_PROPOSALS:
		if ((j = as_view_proposals(st, "x", t)) == NULL)
			as_nomem(err, NULL);
		break;
	case V_REPORTS:
	case V_CSV:
		j = as_view_reports(st, "sg-2024", "x", t, AS_BASIS_REPORTED,
		    err);
		if (j != NULL && v == V_CSV) {
			s = as_reports_csv(j);
			json_decref(j);
			if (s == NULL)
				as_nomem(err, NULL);
			return s;
		}
		break;
	}
	if (j == NULL)
		return NULL;
	s = as_json_write(j, JSON_COMPACT | JSON_SORT_KEYS, NULL);
	json_decref(j);
	if (s == NULL)
		as_nomem(err, "dumping");
	return s;
}

int
main(void)
{
	static const char *const dates[] = { "2024-02-22", "2024-06-26" };
	const char *root = getenv("ASSENT_ROOT");
	as_error err[1];
	char path[4096], *line = NULL;
	size_t cap = 0;
	ssize_t len;
	FILE *f;
	int bad = 0, points = 0;

	snprintf(path, sizeof(path), "%s/data/nato/nato-2024.case",
	    root ? root : ".");
	for (size_t d = 0; d < sizeof(dates) / sizeof(dates[0]); d++) {
		as_state *st = as_state_new();
		int64_t t;
		CHECK(as_date_asof(dates[d], &t) == 0);
		CHECK((f = fopen(path, "r")) != NULL);
		while ((len = getline(&line, &cap, f)) != -1) {
			as_event ev;
			if (len > 0 && line[len - 1] == '\n')
				line[len - 1] = '\0';
			if (as_parse_event_line(line, 0, &ev, err) != 0)
				continue;
			if (ev.when <= t)
				CHECK(as_state_apply(st, &ev, err) == 0);
			as_event_clear(&ev);
		}
		fclose(f);
		for (int v = 0; v < V__COUNT; v++) {
			char *want = view(st, v, t, err);
			CHECK(want != NULL);
			for (persistent = 0; persistent <= 1; persistent++) {
				long n;
				for (n = 1; n < 1000000; n += n < 300 ? 1 : 7) {
					char *got;
					count = 0;
					failed = 0;
					fail_at = n;
					as_set_allocator(faulty_malloc,
					    faulty_realloc);
					got = view(st, v, t, err);
					as_set_allocator(NULL, NULL);
					fail_at = 0;
					if (!failed) {
						free(got);
						break;
					}
					points++;
					if (got == NULL && err->msg[0] == '\0') {
						bad++;
						fprintf(stderr, "%s %s, N=%ld: "
						    "NULL without a message\n",
						    dates[d], names[v], n);
					} else if (got != NULL &&
					    strcmp(got, want) != 0) {
						bad++;
						fprintf(stderr, "%s %s, N=%ld%s: a "
						    "partial answer\n", dates[d],
						    names[v], n, persistent ?
						    " (persistent)" : "");
						if (getenv("OOM_SHOW") != NULL) {
							size_t k = 0;
							while (got[k] && got[k] == want[k])
								k++;
							fprintf(stderr, "  want ...%.120s\n  got  ...%.120s\n",
							    want + (k > 40 ? k - 40 : 0),
							    got + (k > 40 ? k - 40 : 0));
						}
					}
					free(got);
				}
				CHECK(n > 3);
			}
			free(want);
		}
		as_state_free(st);
	}
	free(line);
	printf("%d failing allocations met, %d answers wrong\n", points, bad);
	CHECK(bad == 0);
	return check_done();
}
