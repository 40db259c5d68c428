/*
 * Ledger benchmarks, run by bench/run (not by the tests):
 *
 *   bench_ledger setup DB MEMBERS PROPOSALS   a ledger to append to
 *   bench_ledger append DB N CLIENTS          N positions from CLIENTS
 *                                             threads, group-committed
 *   bench_ledger fold DB                      open, fold everything
 *   bench_ledger sqlite DB N MODE             the reference: a plain
 *                                             INSERT loop of rows of the
 *                                             same size; MODE "durable"
 *                                             commits each row, "batch"
 *                                             all rows in one transaction
 *
 * Each prints one line of "key=value" pairs for bench/run to read.
 */
#include <pthread.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/resource.h>
#include <time.h>

#include <sqlite3.h>

#include "store/committer.h"
#include "bench.h"

static int members = 1000, proposals = 100;
static as_committer *committer;
static long per_client;
static int refused;



/* The payload of the i-th synthetic position: about the size of a real
 * one (the NATO case's are 150-600 bytes with their sources). */
static void
position_json(long i, char *buf, size_t len)
{
	static const char *const pos[] = { "support", "object", "abstain" };
	snprintf(buf, len, "{\"member\":\"M%04ld\",\"position\":\"%s\","
	    "\"proposal\":\"P%03ld\",\"source\":\"Synthetic statement number "
	    "%ld, recorded by the benchmark on behalf of the delegation, with a "
	    "reference to the verbatim record of the meeting\"}",
	    (i * 7919) % members, pos[i % 3], i % proposals, i);
}

static void
die(const char *what, const char *err)
{
	fprintf(stderr, "bench_ledger: %s: %s\n", what, err);
	exit(1);
}

static void
add(as_event **evs, size_t *n, const char *type, const char *json)
{
	as_error err[1];
	json_t *d = json_loads(json, 0, NULL);

	*evs = realloc(*evs, (*n + 1) * sizeof(**evs));
	if (as_event_init(&(*evs)[(*n)++], "2024-01-01", type, "bench", d, err))
		die("setup", err->msg);
	json_decref(d);
}

static int
setup(const char *db)
{
	as_error err[1];
	char json[256];
	as_ledger *l = as_ledger_open(db, 1, err, NULL);
	as_event *evs = NULL;
	as_state *st;
	size_t n = 0;

	if (l == NULL)
		die(db, err->msg);
	add(&evs, &n, "org.create", "{\"id\":\"bench\",\"name\":\"Bench\"}");
	for (int i = 0; i < members; i++) {
		snprintf(json, sizeof(json), "{\"org\":\"bench\",\"code\":\"M%04d\","
		    "\"name\":\"Member %d\"}", i, i);
		add(&evs, &n, "member.join", json);
	}
	for (int i = 0; i < proposals; i++) {
		snprintf(json, sizeof(json), "{\"id\":\"P%03d\",\"org\":\"bench\","
		    "\"kind\":\"text\",\"title\":\"Text %d\"}", i, i);
		add(&evs, &n, "proposal.open", json);
	}
	if (as_ledger_state(l, AS_TIME_NEVER, AS_SEQ_END, &st, err) != AS_OK ||
	    as_ledger_append(l, evs, n, "2026-01-01T00:00:00Z", NULL, err))
		die("setup", err->msg);
	for (size_t i = 0; i < n; i++)
		as_event_clear(&evs[i]);
	free(evs);
	as_state_free(st);
	as_ledger_close(l);
	printf("setup events=%zu\n", n);
	return 0;
}

static void *
client(void *arg)
{
	long id = (long)(intptr_t)arg;
	as_error err[1];
	char json[512], recorded[AS_DATE_MAX];

	for (long k = 0; k < per_client; k++) {
		as_event ev;
		position_json(id * per_client + k, json, sizeof(json));
		json_t *d = json_loads(json, 0, NULL);
		as_date_format((int64_t)time(NULL), 1, recorded);
		if (as_event_init(&ev, "2024-01-02", "position.declare", "bench",
		    d, err) != 0 ||
		    as_committer_submit(committer, &ev, recorded, err) != AS_OK)
			__atomic_add_fetch(&refused, 1, __ATOMIC_RELAXED);
		as_event_clear(&ev);
		json_decref(d);
	}
	return NULL;
}

static int
append(const char *db, long n, int clients)
{
	as_error err[1];
	as_ledger *l = as_ledger_open(db, 0, err, NULL);
	pthread_t *th = calloc((size_t)clients, sizeof(*th));
	double t0, t1;

	if (l == NULL)
		die(db, err->msg);
	if ((committer = as_committer_start(l, err)) == NULL)
		die("committer", err->msg);
	per_client = n / clients;
	t0 = now();
	for (int i = 0; i < clients; i++)
		pthread_create(&th[i], NULL, client, (void *)(intptr_t)i);
	for (int i = 0; i < clients; i++)
		pthread_join(th[i], NULL);
	t1 = now();
	as_committer_stop(committer);
	as_ledger_close(l);
	free(th);
	printf("append events=%ld clients=%d seconds=%.3f rate=%.0f refused=%d\n",
	    per_client * clients, clients, t1 - t0,
	    per_client * clients / (t1 - t0), refused);
	return refused != 0;
}

static int
fold(const char *db)
{
	as_error err[1];
	double t0 = now(), t1;
	as_ledger *l = as_ledger_open(db, 0, err, NULL);
	as_state *st;

	if (l == NULL || as_ledger_state(l, AS_TIME_NEVER, AS_SEQ_END, &st, err) != AS_OK)
		die("fold", err->msg);
	t1 = now();
	printf("fold events=%lld seconds=%.3f rate=%.0f peak_rss_kib=%ld\n",
	    (long long)st->seq, t1 - t0, st->seq / (t1 - t0), peak_rss_kib());
	as_state_free(st);
	as_ledger_close(l);
	return 0;
}

/* The reference: the same columns, rows of the same size, no ledger. */
static int
reference(const char *db, long n, const char *mode)
{
	int durable = strcmp(mode, "durable") == 0;
	char json[512];
	uint8_t hash[32] = { 1 };
	sqlite3 *s;
	sqlite3_stmt *q;
	double t0, t1;

	if (sqlite3_open(db, &s) != SQLITE_OK ||
	    sqlite3_exec(s, "PRAGMA journal_mode=WAL; PRAGMA synchronous=FULL;"
	    "CREATE TABLE IF NOT EXISTS events(seq INTEGER PRIMARY KEY, date "
	    "TEXT, recorded TEXT, actor TEXT, type TEXT, data TEXT, prev BLOB,"
	    " hash BLOB)", NULL, NULL, NULL) != SQLITE_OK ||
	    sqlite3_prepare_v2(s, "INSERT INTO events VALUES (?1, ?2, ?3, ?4, "
	    "?5, ?6, ?7, ?8)", -1, &q, NULL) != SQLITE_OK)
		die(db, sqlite3_errmsg(s));
	t0 = now();
	if (!durable)
		sqlite3_exec(s, "BEGIN", NULL, NULL, NULL);
	for (long i = 0; i < n; i++) {
		position_json(i, json, sizeof(json));
		sqlite3_bind_int64(q, 1, i + 1);
		sqlite3_bind_text(q, 2, "2024-01-02", -1, SQLITE_STATIC);
		sqlite3_bind_text(q, 3, "2026-11-28T16:00:00Z", -1, SQLITE_STATIC);
		sqlite3_bind_text(q, 4, "bench", -1, SQLITE_STATIC);
		sqlite3_bind_text(q, 5, "position.declare", -1, SQLITE_STATIC);
		sqlite3_bind_text(q, 6, json, -1, SQLITE_STATIC);
		sqlite3_bind_blob(q, 7, hash, 32, SQLITE_STATIC);
		sqlite3_bind_blob(q, 8, hash, 32, SQLITE_STATIC);
		if (sqlite3_step(q) != SQLITE_DONE)
			die("insert", sqlite3_errmsg(s));
		sqlite3_reset(q);
	}
	if (!durable)
		sqlite3_exec(s, "COMMIT", NULL, NULL, NULL);
	t1 = now();
	sqlite3_finalize(q);
	sqlite3_close(s);
	printf("sqlite mode=%s rows=%ld seconds=%.3f rate=%.0f\n", mode, n,
	    t1 - t0, n / (t1 - t0));
	return 0;
}

int
main(int argc, char **argv)
{
	if (argc == 5 && strcmp(argv[1], "setup") == 0) {
		members = atoi(argv[3]);
		proposals = atoi(argv[4]);
		return setup(argv[2]);
	}
	if (argc == 5 && strcmp(argv[1], "append") == 0)
		return append(argv[2], atol(argv[3]), atoi(argv[4]));
	if (argc == 3 && strcmp(argv[1], "fold") == 0)
		return fold(argv[2]);
	if (argc == 5 && strcmp(argv[1], "sqlite") == 0)
		return reference(argv[2], atol(argv[3]), argv[4]);
	fprintf(stderr, "usage: see the comment at the top of bench_ledger.c\n");
	return 2;
}
