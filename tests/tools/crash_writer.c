/*
 * For tests/cli/test_crash.sh: appends positions to a ledger from several
 * threads through the group committer, forever, and prints "SEQ HASH" for
 * each event once it is acknowledged (durable). The test kills it with
 * SIGKILL and checks that every acknowledged event is in the ledger.
 *
 *   crash_writer DB
 */
#include <pthread.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <time.h>
#include <unistd.h>

#include "core/chain.h"
#include "store/committer.h"

#define THREADS 8

static as_committer *committer;

static void
die(const char *what, const char *err)
{
	fprintf(stderr, "crash_writer: %s: %s\n", what, err);
	exit(1);
}

static void
append_json(as_ledger *l, const char *type, const char *json)
{
	as_error err[1];
	json_t *d = json_loads(json, 0, NULL);
	as_event ev;

	if (as_event_init(&ev, "2024-01-01", type, "crash", d, err) != 0 ||
	    as_ledger_append(l, &ev, 1, "2026-01-01T00:00:00Z", NULL, err))
		die("setup", err->msg);
	as_event_clear(&ev);
	json_decref(d);
}

static void *
client(void *arg)
{
	long id = (long)(intptr_t)arg;
	as_error err[1];
	char json[256], line[128], hex[2 * AS_HASH_LEN + 1];

	for (long k = 0;; k++) {
		as_event ev;
		snprintf(json, sizeof(json), "{\"proposal\":\"t\",\"member\":\"M%ld\","
		    "\"position\":\"%s\",\"source\":\"writer %ld, event %ld\"}",
		    (id + k) % 10, k % 2 ? "support" : "object", id, k);
		json_t *d = json_loads(json, 0, NULL);
		if (as_event_init(&ev, "2024-01-02", "position.declare", "crash",
		    d, err) != 0)
			die("event", err->msg);
		if (as_committer_submit(committer, &ev, "2026-01-01T00:00:01Z",
		    err) != AS_OK)
			die("submit", err->msg);
		as_hex(ev.hash, AS_HASH_LEN, hex);
		/* One write(2) a line: whole lines, even when killed. */
		int n = snprintf(line, sizeof(line), "%lld %s\n",
		    (long long)ev.seq, hex);
		if (write(STDOUT_FILENO, line, (size_t)n) != n)
			die("write", "stdout");
		as_event_clear(&ev);
		json_decref(d);
	}
	return NULL;
}

int
main(int argc, char **argv)
{
	as_error err[1];
	char json[128];
	pthread_t th[THREADS];
	as_ledger *l;
	as_head h;

	if (argc != 2) {
		fprintf(stderr, "usage: crash_writer DB\n");
		return 2;
	}
	if ((l = as_ledger_open(argv[1], 1, err, NULL)) == NULL ||
	    as_ledger_head(l, &h, err) != AS_OK)
		die(argv[1], err->msg);
	if (h.seq == 0) {
		append_json(l, "org.create", "{\"id\":\"o\",\"name\":\"O\"}");
		for (int i = 0; i < 10; i++) {
			snprintf(json, sizeof(json), "{\"org\":\"o\",\"code\":\"M%d\","
			    "\"name\":\"M\"}", i);
			append_json(l, "member.join", json);
		}
		append_json(l, "proposal.open", "{\"id\":\"t\",\"org\":\"o\","
		    "\"kind\":\"text\",\"title\":\"T\"}");
	}
	if ((committer = as_committer_start(l, err)) == NULL)
		die("committer", err->msg);
	for (long i = 0; i < THREADS; i++)
		pthread_create(&th[i], NULL, client, (void *)(intptr_t)i);
	for (int i = 0; i < THREADS; i++)
		pthread_join(th[i], NULL);
	return 0;
}
