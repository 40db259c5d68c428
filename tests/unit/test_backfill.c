/*
 * History recorded as it is learned: the NATO case written event by event
 * in 50 random orders of recording (an event the ledger cannot take yet,
 * because what it rests on is not recorded, waits for a later pass, as a
 * tracker would record it when it learns the rest) gives, at every date
 * of the case, the same status (on both bases) and office answers as the
 * ordered load, but for the seq numbers that point into the ledger
 * (which are the recording's, so they differ).
 * Checkpoints are made small, so that they are written and dropped as
 * backdated events land; every ledger verifies.
 */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

#include "core/casefile.h"
#include "core/view.h"
#include "store/ledger.h"
#include "unit/check.h"
#include "unit/test_db.h"

#define ORDERS		50	/* ASSENT_TEST_ORDERS may say fewer */
#define EVENTS_MAX	256

static char *lines[EVENTS_MAX];
static size_t nlines;
static int64_t dates[EVENTS_MAX];	/* the instants asked about */
static size_t ndates;

static void
read_case(const char *path)
{
	FILE *f = fopen(path, "r");
	as_error err[1];
	char buf[8192];

	CHECK(f != NULL);
	if (f == NULL)
		exit(1);
	while (fgets(buf, sizeof(buf), f) != NULL && nlines < EVENTS_MAX) {
		as_event ev;
		buf[strcspn(buf, "\n")] = '\0';
		if (as_parse_event_line(buf, 0, &ev, err) != 0)
			continue;
		lines[nlines++] = strdup(buf);
		int64_t t;
		as_date_asof(ev.date, &t);
		if (ndates == 0 || dates[ndates - 1] != t)
			dates[ndates++] = t;
		as_event_clear(&ev);
	}
	fclose(f);
}

/* Writes line i; AS_OK, or the ledger's refusal. */
static int
write_line(as_ledger *l, size_t i, as_error *err)
{
	as_event ev;
	int rc;

	if (as_parse_event_line(lines[i], 0, &ev, err) != 0)
		return AS_ESTORE;
	ev.actor = ev.actor ? ev.actor : strdup("test");
	rc = as_ledger_append(l, &ev, 1, "2026-01-01T00:00:00Z", NULL, err);
	as_event_clear(&ev);
	return rc;
}

/* A status without the seqs of the events it rests on. */
static json_t *
without_seqs(json_t *s)
{
	json_t *m, *r;
	size_t i, j;

	json_array_foreach(json_object_get(s, "members"), i, m) {
		json_object_del(m, "report");
		json_object_del(m, "latest_report");
		json_array_foreach(json_object_get(m, "reports"), j, r)
			json_object_del(r, "seq");
	}
	json_array_foreach(json_object_get(s, "conflicts"), i, m)
		json_object_del(m, "reports");
	return s;
}

/* Every answer the test compares, at every date, as one JSON array. */
static json_t *
answers(as_ledger *l)
{
	json_t *all = json_array();
	as_error err[1];
	char label[AS_DATE_MAX];

	for (size_t d = 0; d < ndates; d++) {
		as_state *st = NULL;
		CHECK(as_ledger_org_state(l, "nato", dates[d], AS_SEQ_END, &st,
		    err) == AS_OK);
		if (st == NULL)
			continue;
		as_date_format(dates[d], 0, label);
		json_t *s = as_view_status(st, "sg-2024", label, dates[d], err);
		json_t *c = as_view_status_on(st, "sg-2024", label, dates[d],
		    AS_BASIS_CONFIRMED, 1, err);
		json_t *o = as_view_office(st, "secretary-general", label,
		    dates[d], err);
		json_array_append_new(all, s ? without_seqs(s) :
		    json_string("no proposal"));
		json_array_append_new(all, c ? without_seqs(c) :
		    json_string("no proposal"));
		json_array_append_new(all, o ? o : json_string("no office"));
		as_state_free(st);
	}
	return all;
}

static int
verifies(as_ledger *l)
{
	as_error err[1];
	as_verify v;

	if (as_ledger_verify(l, &v, err) != AS_OK || !v.ok) {
		fprintf(stderr, "verify: %s\n", v.ok ? err->msg : v.why->msg);
		return 0;
	}
	return 1;
}

int
main(void)
{
	as_error err[1];
	char path[4096], dir[] = "/tmp/assent-backfill-XXXXXX", db[4200],
	    name[32];
	const char *root = getenv("ASSENT_ROOT");
	json_t *want;
	as_ledger *l;
	size_t order[EVENTS_MAX];
	int64_t cps = 0;

	snprintf(path, sizeof(path), "%s/data/nato/nato-2024.case",
	    root ? root : ".");
	read_case(path);
	CHECK(nlines > 70);
	CHECK(mkdtemp(dir) != NULL);
	setenv("ASSENT_CHECKPOINT_BYTES", "3000", 1);

	/* The ordered load, one write each. */
	test_db(dir, "ordered.db", db, sizeof(db));
	CHECK((l = as_ledger_open(db, 1, err, NULL)) != NULL);
	for (size_t i = 0; i < nlines; i++)
		CHECK(write_line(l, i, err) == AS_OK);
	want = answers(l);
	CHECK(verifies(l));
	{
		as_verify v;
		CHECK(as_ledger_verify(l, &v, err) == AS_OK);
		/* Checkpoints were written, to be read and checked. */
		CHECK(v.checkpoints >= 2);
		printf("the ordered load: %lld checkpoints\n",
		    (long long)v.checkpoints);
	}
	as_ledger_close(l);

	srand(20240626);
	const char *o = getenv("ASSENT_TEST_ORDERS");
	int orders = o != NULL && atoi(o) > 0 && atoi(o) < ORDERS ? atoi(o) :
	    ORDERS;
	for (int k = 0; k < orders; k++) {
		size_t left, passes = 0;
		json_t *got;
		as_verify v;
		for (size_t i = 0; i < nlines; i++)
			order[i] = i;
		for (size_t i = nlines - 1; i > 0; i--) {
			size_t j = (size_t)rand() % (i + 1), t = order[i];
			order[i] = order[j];
			order[j] = t;
		}
		snprintf(name, sizeof(name), "order-%d.db", k);
		test_db(dir, name, db, sizeof(db));
		CHECK((l = as_ledger_open(db, 1, err, NULL)) != NULL);
		/* Passes over what is left until everything is recorded. */
		left = nlines;
		while (left > 0 && passes++ < nlines) {
			size_t kept = 0;
			for (size_t i = 0; i < left; i++) {
				int rc = write_line(l, order[i], err);
				CHECK(rc == AS_OK || rc == AS_EINVAL);
				if (rc != AS_OK)
					order[kept++] = order[i];
			}
			if (kept == left)
				break;		/* no progress: a failure */
			left = kept;
		}
		CHECK(left == 0);
		if (left != 0)
			fprintf(stderr, "order %d: %zu events never taken, the "
			    "first: %s (%s)\n", k, left, lines[order[0]],
			    err->msg);
		got = answers(l);
		CHECK(json_equal(got, want));
		if (!json_equal(got, want))
			fprintf(stderr, "order %d: the answers differ\n", k);
		json_decref(got);
		CHECK(verifies(l));
		if (as_ledger_verify(l, &v, err) == AS_OK)
			cps += v.checkpoints;
		as_ledger_close(l);
		unlink(db);
	}
	/* Checkpoints were written and kept in the shuffled loads too. */
	CHECK(cps > 0);
	printf("%lld checkpoints verified\n", (long long)cps);
	json_decref(want);
	for (size_t i = 0; i < nlines; i++)
		free(lines[i]);
	snprintf(db, sizeof(db), "rm -rf '%s'", dir);
	CHECK(system(db) == 0);
	return check_done();
}
