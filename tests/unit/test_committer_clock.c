/*
 * Group commit with submitters whose clocks disagree: each thread's
 * "recorded" time is one of two seconds, so a batch mixes them. The
 * recorded times must never go back along the chain (verify checks it).
 * Regression: the leader copied the head's recorded time onto itself,
 * which glibc's snprintf may empty first; the next event of the batch
 * then kept an earlier clock than the one before it.
 */
#include <pthread.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

#include "store/committer.h"
#include "unit/check.h"
#include "unit/test_db.h"

#define THREADS	8
#define EACH	100

static as_committer *committer;
static int failed[THREADS];

static void *
client(void *arg)
{
	int id = (int)(intptr_t)arg;
	as_error err[1];
	char json[160];
	/* Odd threads run a second late. */
	const char *clock = id % 2 ? "2026-01-01T00:00:01Z" :
	    "2026-01-01T00:00:02Z";

	for (int i = 0; i < EACH; i++) {
		as_event ev;
		json_t *data;
		snprintf(json, sizeof(json), "{\"proposal\":\"t\",\"member\":"
		    "\"M%d\",\"position\":\"%s\",\"source\":\"s\"}", id,
		    i % 2 ? "support" : "object");
		data = json_loads(json, 0, NULL);
		if (as_event_init(&ev, "2024-01-02", "position.declare", "t",
		    data, err) != 0 ||
		    as_committer_submit(committer, &ev, clock, err) != AS_OK)
			failed[id]++;
		as_event_clear(&ev);
		json_decref(data);
	}
	return NULL;
}

int
main(void)
{
	as_error err[1];
	char path[] = "/tmp/assent-test-clock-XXXXXX", db[512];
	char json[600];
	as_event setup[THREADS + 2];
	pthread_t th[THREADS];
	as_ledger *l;
	as_state *st;
	as_verify v;
	json_t *d;

	CHECK(mkdtemp(path) != NULL);
	test_db(path, "l.db", db, sizeof(db));
	CHECK((l = as_ledger_open(db, 1, err, NULL)) != NULL);
	CHECK(as_ledger_state(l, AS_TIME_NEVER, AS_SEQ_END, &st, err) == AS_OK);
	d = json_loads("{\"id\":\"o\",\"name\":\"O\"}", 0, NULL);
	CHECK(as_event_init(&setup[0], "2024-01-01", "org.create", "t", d, err) == 0);
	json_decref(d);
	for (int i = 0; i < THREADS; i++) {
		snprintf(json, sizeof(json), "{\"org\":\"o\",\"code\":\"M%d\","
		    "\"name\":\"M\"}", i);
		d = json_loads(json, 0, NULL);
		CHECK(as_event_init(&setup[1 + i], "2024-01-01", "member.join",
		    "t", d, err) == 0);
		json_decref(d);
	}
	d = json_loads("{\"id\":\"t\",\"org\":\"o\",\"kind\":\"text\","
	    "\"title\":\"T\"}", 0, NULL);
	CHECK(as_event_init(&setup[THREADS + 1], "2024-01-01", "proposal.open",
	    "t", d, err) == 0);
	json_decref(d);
	CHECK(as_ledger_append(l, setup, THREADS + 2,
	    "2026-01-01T00:00:00Z", NULL, err) == AS_OK);
	for (int i = 0; i < THREADS + 2; i++)
		as_event_clear(&setup[i]);
	as_state_free(st);

	CHECK((committer = as_committer_start(l, err)) != NULL);
	for (int i = 0; i < THREADS; i++)
		pthread_create(&th[i], NULL, client, (void *)(intptr_t)i);
	for (int i = 0; i < THREADS; i++) {
		pthread_join(th[i], NULL);
		CHECK(failed[i] == 0);
	}
	as_committer_stop(committer);
	CHECK(as_ledger_verify(l, &v, err) == AS_OK);
	CHECK(v.ok);
	if (!v.ok)
		fprintf(stderr, "%s\n", v.why->msg);
	CHECK(v.events == THREADS + 2 + THREADS * EACH);
	as_ledger_close(l);
	unlink(db);
	snprintf(json, sizeof(json), "%s-wal", db);
	unlink(json);
	snprintf(json, sizeof(json), "%s-shm", db);
	unlink(json);
	rmdir(path);
	return check_done();
}
