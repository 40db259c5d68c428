/*
 * Out of memory in the write path: on a real SQLite ledger holding the
 * NATO case up to the Hungarian letter, an event at the end of the
 * history and one dated before others (replayed in place, checkpoints
 * dropped and made again) are written with the Nth allocation of the
 * ledger, the core and jansson failing (once, then from then on), for
 * N = 1, 2, ... until a write meets no failure. A failed write stores
 * nothing (the head is where it was, the ledger verifies); the same write
 * then goes through when memory is back. Under the sanitizers: no crash,
 * no leak.
 */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

#include "core/alloc.h"
#include "core/casefile.h"
#include "store/ledger.h"
#include "unit/check.h"

#include "unit/faulty_alloc.h"

/* The head's seq (-1 on an error); with check, the ledger verified too. */
static int64_t
head_of(const char *db, int check)
{
	as_error err[1];
	as_ledger *l = as_ledger_open(db, 0, err, NULL);
	as_verify v = { .ok = 1 };
	as_head h;
	int64_t seq = -1;

	if (l != NULL && (!check || (as_ledger_verify(l, &v, err) == AS_OK &&
	    v.ok)) && as_ledger_head(l, &h, err) == AS_OK)
		seq = h.seq;
	else
		fprintf(stderr, "not intact: %s\n", l ? v.why->msg : err->msg);
	as_ledger_close(l);
	return seq;
}

/* Writes line (a case-file event) with faults from the Nth allocation;
 * returns the number of failed attempts before one went through. */
static int
write_with_faults(const char *db, const char *line, int persist)
{
	as_error err[1];
	int failures = 0;

	for (long n = 1; n < 100000; n++) {
		int64_t before = head_of(db, n % 97 == 1), after;
		as_ledger *l;
		as_event ev;
		int rc = AS_ESTORE;

		CHECK(as_parse_event_line(line, 0, &ev, err) == 0);
		free(ev.actor);
		ev.actor = strdup("test");
		count = 0;
		failed = 0;
		fail_at = n;
		persistent = persist;
		if ((l = as_ledger_open(db, 0, err, NULL)) != NULL)
			rc = as_ledger_append(l, &ev, 1, "2026-01-01T00:00:00Z",
			    NULL, err);
		as_ledger_close(l);
		fail_at = 0;
		as_event_clear(&ev);
		after = head_of(db, 0);
		if (rc == AS_OK) {
			CHECK(after == before + 1);
			if (!failed)
				return failures;
			continue;	/* a failure it did without: written */
		}
		CHECK(after == before);
		CHECK(failed);
		failures++;
	}
	CHECK(!"the write never went through");
	return failures;
}

int
main(void)
{
	as_error err[1];
	char dir[] = "/tmp/assent-oom-write-XXXXXX", db[96], path[4096],
	    buf[8192];
	const char *root = getenv("ASSENT_ROOT");
	as_ledger *l;
	FILE *f;
	int n = 0;

	CHECK(mkdtemp(dir) != NULL);
	snprintf(db, sizeof(db), "%s/l.db", dir);
	setenv("ASSENT_CHECKPOINT_BYTES", "2000", 1);
	snprintf(path, sizeof(path), "%s/data/nato/nato-2024.case",
	    root ? root : ".");
	CHECK((f = fopen(path, "r")) != NULL);
	CHECK((l = as_ledger_open(db, 1, err, NULL)) != NULL);
	/* The case's first 73 events: its sources (dated before all of
	 * it) and its history up to Sweden's accession of 7 March. */
	while (f != NULL && fgets(buf, sizeof(buf), f) != NULL && n < 73) {
		as_event ev;
		buf[strcspn(buf, "\n")] = '\0';
		if (as_parse_event_line(buf, 0, &ev, err) != 0)
			continue;
		n++;
		CHECK(as_ledger_append(l, &ev, 1, "2026-01-01T00:00:00Z", NULL,
		    err) == AS_OK);
		as_event_clear(&ev);
	}
	if (f != NULL)
		fclose(f);
	as_ledger_close(l);
	as_set_allocator(faulty_malloc, faulty_realloc);
	/* At the end of the history; then dated before events recorded. */
	printf("transient, at the end: %d failed writes before one went "
	    "through\n", write_with_faults(db, "{\"date\": \"2024-06-20\", "
	    "\"type\": \"position.declare\", \"data\": {\"proposal\": "
	    "\"sg-2024\", \"member\": \"ROU\", \"position\": \"abstain\", "
	    "\"source\": \"s\"}}", 0));
	printf("persistent, at the end: %d\n", write_with_faults(db,
	    "{\"date\": \"2024-06-21\", \"type\": \"position.declare\", "
	    "\"data\": {\"proposal\": \"sg-2024\", \"member\": \"ROU\", "
	    "\"position\": \"none\", \"source\": \"s\"}}", 1));
	int t = write_with_faults(db, "{\"date\": \"2024-03-01\", \"type\": "
	    "\"position.declare\", \"data\": {\"proposal\": \"sg-2024\", "
	    "\"member\": \"LUX\", \"position\": \"abstain\", \"source\": "
	    "\"learned late\"}}", 0);
	printf("transient, backdated: %d\n", t);
	CHECK(t > 10);
	int p = write_with_faults(db, "{\"date\": \"2024-03-02\", \"type\": "
	    "\"position.declare\", \"data\": {\"proposal\": \"sg-2024\", "
	    "\"member\": \"LUX\", \"position\": \"none\", \"source\": "
	    "\"learned later\"}}", 1);
	printf("persistent, backdated: %d\n", p);
	CHECK(p > 10);
	/* A source (dated before the whole history: all of it replayed)
	 * and a correction of the event of 2 March (the history folded
	 * again without it). */
	int64_t lux = head_of(db, 0);
	printf("transient, a source: %d\n", write_with_faults(db, "{\"type\": "
	    "\"source.declare\", \"data\": {\"id\": \"oom-daily\", \"org\": "
	    "\"nato\", \"kind\": \"press-report\", \"title\": \"The Daily\"}}",
	    0));
	snprintf(buf, sizeof(buf), "{\"type\": \"event.correct\", \"data\": "
	    "{\"seq\": %lld, \"reason\": \"not so\", \"source\": \"erratum\"}}",
	    (long long)lux);
	int c = write_with_faults(db, buf, 1);
	printf("persistent, a correction: %d\n", c);
	CHECK(c > 10);
	as_set_allocator(NULL, NULL);
	CHECK(head_of(db, 1) >= n + 6);
	snprintf(path, sizeof(path), "rm -rf '%s'", dir);
	CHECK(system(path) == 0);
	return check_done();
}
