/*
 * Group commit on a real SQLite ledger: many threads submit at once;
 * valid events are all written, each exactly once, refused ones are
 * answered alone and written nowhere, and the chain verifies.
 */
#include <pthread.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

#include "store/committer.h"
#include "unit/check.h"
#include "unit/test_db.h"

#define THREADS	8
#define EACH	200

static as_committer *committer;

/* Counts the events of a scan and checks they come in order. */
static int
count_one(void *arg, const as_event *ev)
{
	int64_t *c = arg;	/* c[0]: count, c[1]: last seq */
	CHECK(ev->seq == c[1] + 1 || c[0] == 0);
	c[0]++;
	c[1] = ev->seq;
	return 0;
}
static int accepted[THREADS], refused[THREADS], wrong[THREADS];

static void *
client(void *arg)
{
	int id = (int)(intptr_t)arg;
	as_error err[1];
	char json[256];

	for (int i = 0; i < EACH; i++) {
		/* Every fifth event names a member that does not exist. */
		int bad = i % 5 == 4;
		snprintf(json, sizeof(json), "{\"proposal\":\"t\",\"member\":\"%s%d\","
		    "\"position\":\"%s\",\"source\":\"thread %d\"}", bad ? "X" : "M",
		    (id * EACH + i) % 50, i % 2 ? "support" : "object", id);
		json_t *data = json_loads(json, 0, NULL);
		as_event ev;
		if (as_event_init(&ev, "2024-01-02", "position.declare", "t",
		    data, err) != 0) {
			wrong[id]++;
			continue;
		}
		int rc = as_committer_submit(committer, &ev,
		    "2026-01-01T00:00:00Z", err);
		if (rc == AS_OK && !bad && ev.seq > 0)
			accepted[id]++;
		else if (rc == AS_EINVAL && bad && strstr(err->msg,
		    "unknown member"))
			refused[id]++;
		else
			wrong[id]++;
		as_event_clear(&ev);
		json_decref(data);
	}
	return NULL;
}

int
main(void)
{
	as_error err[1];
	char path[] = "/tmp/assent-test-committer-XXXXXX", db[512];
	char json[600];
	as_ledger *l;
	as_state *st;
	as_event *setup;
	as_verify v;
	pthread_t th[THREADS];
	int total_ok = 0, total_refused = 0, total_wrong = 0;

	CHECK(mkdtemp(path) != NULL);
	test_db(path, "l.db", db, sizeof(db));
	CHECK((l = as_ledger_open(db, 1, err, NULL)) != NULL);
	CHECK(as_ledger_state(l, AS_TIME_NEVER, AS_SEQ_END, &st, err) == AS_OK);
	setup = calloc(52, sizeof(*setup));
	json_t *d = json_loads("{\"id\":\"o\",\"name\":\"O\"}", 0, NULL);
	as_event_init(&setup[0], "2024-01-01", "org.create", "t", d, err);
	json_decref(d);
	for (int i = 0; i < 50; i++) {
		snprintf(json, sizeof(json), "{\"org\":\"o\",\"code\":\"M%d\",\"name\":\"M\"}", i);
		d = json_loads(json, 0, NULL);
		as_event_init(&setup[1 + i], "2024-01-01", "member.join", "t", d, err);
		json_decref(d);
	}
	d = json_loads("{\"id\":\"t\",\"org\":\"o\",\"kind\":\"text\",\"title\":\"T\"}", 0, NULL);
	as_event_init(&setup[51], "2024-01-01", "proposal.open", "t", d, err);
	json_decref(d);
	CHECK(as_ledger_append(l, setup, 52, "2026-01-01T00:00:00Z", NULL, err) == AS_OK);
	for (int i = 0; i < 52; i++)
		as_event_clear(&setup[i]);
	free(setup);
	as_state_free(st);

	CHECK((committer = as_committer_start(l, err)) != NULL);
	for (int i = 0; i < THREADS; i++)
		pthread_create(&th[i], NULL, client, (void *)(intptr_t)i);
	for (int i = 0; i < THREADS; i++) {
		pthread_join(th[i], NULL);
		total_ok += accepted[i];
		total_refused += refused[i];
		total_wrong += wrong[i];
	}
	as_committer_stop(committer);
	CHECK(total_ok == THREADS * EACH * 4 / 5);
	CHECK(total_refused == THREADS * EACH / 5);
	CHECK(total_wrong == 0);

	/* What was acknowledged is there, once, and the chain holds. */
	CHECK(as_ledger_verify(l, &v, err) == AS_OK);
	CHECK(v.ok);
	CHECK(v.events == 52 + total_ok);

	/* A range of the ledger, in order, and nothing past the head. */
	int64_t range[2] = { 0, 0 };
	CHECK(as_ledger_scan(l, 10, 20, count_one, range, err) == AS_OK);
	CHECK(range[0] == 11 && range[1] == 20);
	range[0] = range[1] = 0;
	CHECK(as_ledger_scan(l, v.events - 2, AS_SEQ_END, count_one, range,
	    err) == AS_OK);
	CHECK(range[0] == 3 && range[1] == v.events);

	as_ledger_close(l);

	/* And it is still there when the ledger is opened again. */
	CHECK((l = as_ledger_open(db, 0, err, NULL)) != NULL);
	CHECK(as_ledger_verify(l, &v, err) == AS_OK && v.ok &&
	    v.events == 52 + total_ok);
	as_ledger_close(l);
	unlink(db);
	snprintf(json, sizeof(json), "%s-wal", db);
	unlink(json);
	snprintf(json, sizeof(json), "%s-shm", db);
	unlink(json);
	rmdir(path);
	return check_done();
}
