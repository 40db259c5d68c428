/*
 * I/O faults, the SQLite way: a VFS shim fails the Nth write, sync or
 * truncate (once, or from then on), for N = 1, 2, ... until an append of
 * a batch goes through untouched. After every failure the ledger,
 * reopened without faults, must verify, and hold the whole batch or none
 * of it; an append that reported success must be there.
 */
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

#include <sqlite3.h>

#include "store/ledger.h"
#include "unit/check.h"

#define BATCH 5

static sqlite3_vfs *real;
static long calls, fail_at;	/* 0: no fault */
static int persistent, failed;

typedef struct shim_file {
	sqlite3_file	 base;
	sqlite3_file	*real;
} shim_file;

static int
fault(void)
{
	if (fail_at == 0)
		return 0;
	calls++;
	if (calls == fail_at || (persistent && calls > fail_at)) {
		failed = 1;
		return 1;
	}
	return 0;
}

#define REAL(f) (((shim_file *)(f))->real)

static int s_close(sqlite3_file *f) { return REAL(f)->pMethods->xClose(REAL(f)); }
static int s_read(sqlite3_file *f, void *b, int n, sqlite3_int64 o)
{ return REAL(f)->pMethods->xRead(REAL(f), b, n, o); }
static int s_write(sqlite3_file *f, const void *b, int n, sqlite3_int64 o)
{ return fault() ? SQLITE_IOERR_WRITE : REAL(f)->pMethods->xWrite(REAL(f), b, n, o); }
static int s_truncate(sqlite3_file *f, sqlite3_int64 n)
{ return fault() ? SQLITE_IOERR_TRUNCATE : REAL(f)->pMethods->xTruncate(REAL(f), n); }
static int s_sync(sqlite3_file *f, int flags)
{ return fault() ? SQLITE_IOERR_FSYNC : REAL(f)->pMethods->xSync(REAL(f), flags); }
static int s_size(sqlite3_file *f, sqlite3_int64 *n)
{ return REAL(f)->pMethods->xFileSize(REAL(f), n); }
static int s_lock(sqlite3_file *f, int l) { return REAL(f)->pMethods->xLock(REAL(f), l); }
static int s_unlock(sqlite3_file *f, int l) { return REAL(f)->pMethods->xUnlock(REAL(f), l); }
static int s_check(sqlite3_file *f, int *r)
{ return REAL(f)->pMethods->xCheckReservedLock(REAL(f), r); }
static int s_fcntl(sqlite3_file *f, int op, void *a)
{ return REAL(f)->pMethods->xFileControl(REAL(f), op, a); }
static int s_sector(sqlite3_file *f) { return REAL(f)->pMethods->xSectorSize(REAL(f)); }
static int s_dev(sqlite3_file *f) { return REAL(f)->pMethods->xDeviceCharacteristics(REAL(f)); }
static int s_shmmap(sqlite3_file *f, int i, int sz, int ext, void volatile **p)
{ return REAL(f)->pMethods->xShmMap(REAL(f), i, sz, ext, p); }
static int s_shmlock(sqlite3_file *f, int o, int n, int fl)
{ return REAL(f)->pMethods->xShmLock(REAL(f), o, n, fl); }
static void s_shmbarrier(sqlite3_file *f) { REAL(f)->pMethods->xShmBarrier(REAL(f)); }
static int s_shmunmap(sqlite3_file *f, int d)
{ return REAL(f)->pMethods->xShmUnmap(REAL(f), d); }

static const sqlite3_io_methods shim_io = {
	2, s_close, s_read, s_write, s_truncate, s_sync, s_size, s_lock,
	s_unlock, s_check, s_fcntl, s_sector, s_dev, s_shmmap, s_shmlock,
	s_shmbarrier, s_shmunmap, NULL, NULL
};

static int
s_open(sqlite3_vfs *vfs, const char *name, sqlite3_file *f, int flags,
    int *out)
{
	shim_file *sf = (shim_file *)f;
	int rc;

	(void)vfs;
	sf->real = (sqlite3_file *)(sf + 1);
	rc = real->xOpen(real, name, sf->real, flags, out);
	sf->base.pMethods = sf->real->pMethods != NULL ? &shim_io : NULL;
	return rc;
}

static int s_delete(sqlite3_vfs *v, const char *n, int d)
{ (void)v; return real->xDelete(real, n, d); }
static int s_access(sqlite3_vfs *v, const char *n, int fl, int *r)
{ (void)v; return real->xAccess(real, n, fl, r); }
static int s_full(sqlite3_vfs *v, const char *n, int len, char *out)
{ (void)v; return real->xFullPathname(real, n, len, out); }
static int s_random(sqlite3_vfs *v, int n, char *out)
{ (void)v; return real->xRandomness(real, n, out); }
static int s_sleep(sqlite3_vfs *v, int us) { (void)v; return real->xSleep(real, us); }
static int s_time(sqlite3_vfs *v, double *t) { (void)v; return real->xCurrentTime(real, t); }
static int s_lasterr(sqlite3_vfs *v, int n, char *b)
{ (void)v; return real->xGetLastError(real, n, b); }

static sqlite3_vfs shim = {
	1, 0, 1024, NULL, "faulty", NULL, s_open, s_delete, s_access, s_full,
	NULL, NULL, NULL, NULL, s_random, s_sleep, s_time, s_lasterr,
	NULL, NULL, NULL, NULL
};

static as_event *
batch(int round)
{
	static as_event evs[BATCH];
	as_error err[1];
	char json[200], date[AS_DATE_MAX];

	for (int i = 0; i < BATCH; i++) {
		snprintf(json, sizeof(json), "{\"proposal\":\"t\",\"member\":\"M%d\","
		    "\"position\":\"%s\",\"source\":\"round %d\"}", i,
		    round % 2 ? "support" : "object", round);
		/* Dates spread over January: many land before events already
		 * recorded, so the history is replayed and the checkpoints
		 * after them dropped, inside the faulted transaction. */
		snprintf(date, sizeof(date), "2024-01-%02d",
		    2 + (round * 7 + i * 3) % 27);
		json_t *d = json_loads(json, 0, NULL);
		as_event_init(&evs[i], date, "position.declare", "t", d, err);
		json_decref(d);
	}
	return evs;
}

static void
clear(as_event *evs)
{
	for (int i = 0; i < BATCH; i++)
		as_event_clear(&evs[i]);
}

/* Verifies the ledger without faults; returns its event count or -1. */
static int64_t
verified(const char *db)
{
	as_error err[1];
	as_ledger *l;
	as_verify v;
	int64_t n = -1;

	fail_at = 0;
	if ((l = as_ledger_open(db, 0, err, NULL)) != NULL &&
	    as_ledger_verify(l, &v, err) == AS_OK && v.ok)
		n = v.events;
	else
		fprintf(stderr, "not intact: %s\n", l ? v.why->msg : err->msg);
	as_ledger_close(l);
	return n;
}

static void
setup(const char *db)
{
	as_error err[1];
	char json[128];
	as_event evs[12];
	as_ledger *l = as_ledger_open(db, 1, err, NULL);
	as_state *st;

	for (int i = 0; i < 12; i++) {
		if (i == 0)
			snprintf(json, sizeof(json), "{\"id\":\"o\",\"name\":\"O\"}");
		else if (i < 11)
			snprintf(json, sizeof(json), "{\"org\":\"o\",\"code\":\"M%d\","
			    "\"name\":\"M\"}", i - 1);
		else
			snprintf(json, sizeof(json), "{\"id\":\"t\",\"org\":\"o\","
			    "\"kind\":\"text\",\"title\":\"T\"}");
		json_t *d = json_loads(json, 0, NULL);
		as_event_init(&evs[i], "2024-01-01", i == 0 ? "org.create" :
		    i < 11 ? "member.join" : "proposal.open", "t", d, err);
		json_decref(d);
	}
	CHECK(l != NULL && as_ledger_state(l, AS_TIME_NEVER, AS_SEQ_END, &st, err) == AS_OK);
	CHECK(as_ledger_append(l, evs, 12, "2026-01-01T00:00:00Z", NULL,
	    err) == AS_OK);
	for (int i = 0; i < 12; i++)
		as_event_clear(&evs[i]);
	as_state_free(st);
	as_ledger_close(l);
}

static void
run(const char *db, int persist)
{
	as_error err[1];
	int faults = 0;

	persistent = persist;
	for (long n = 1; n < 1000; n++) {
		int64_t before = verified(db), after;
		as_event *evs = batch((int)n);
		as_ledger *l;
		as_state *st = NULL;
		int rc = AS_ESTORE;

		calls = 0;
		failed = 0;
		fail_at = n;
		if ((l = as_ledger_open(db, 0, err, NULL)) != NULL &&
		    as_ledger_state(l, AS_TIME_NEVER, AS_SEQ_END, &st, err) == AS_OK)
			rc = as_ledger_append(l, evs, BATCH,
			    "2026-01-01T00:00:01Z", NULL, err);
		as_state_free(st);
		as_ledger_close(l);	/* may itself meet the fault */
		fail_at = 0;
		clear(evs);
		after = verified(db);
		CHECK(after == before || after == before + BATCH);
		if (rc == AS_OK)
			CHECK(after == before + BATCH);
		if (!failed) {
			/* N is past every I/O call: the append went through. */
			CHECK(rc == AS_OK);
			printf("%s faults: %d failed appends before one with "
			    "no fault\n", persist ? "persistent" : "transient",
			    faults);
			CHECK(faults > 3);
			return;
		}
		faults += rc != AS_OK;
	}
	CHECK(!"the append never went through");
}

int
main(void)
{
	char dir[] = "/tmp/assent-test-io-XXXXXX", db[80], path[96];

	CHECK(mkdtemp(dir) != NULL);
	snprintf(db, sizeof(db), "%s/l.db", dir);
	/* A checkpoint at almost every write: they are written and dropped
	 * under the faults too, and verify checks each. */
	setenv("ASSENT_CHECKPOINT_BYTES", "300", 1);
	real = sqlite3_vfs_find(NULL);
	shim.szOsFile = (int)sizeof(shim_file) + real->szOsFile;
	shim.mxPathname = real->mxPathname;
	CHECK(sqlite3_vfs_register(&shim, 1) == SQLITE_OK);
	setup(db);
	CHECK(verified(db) == 12);
	run(db, 0);
	run(db, 1);
	CHECK(verified(db) > 12);
	{
		as_error err[1];
		as_ledger *l = as_ledger_open(db, 0, err, NULL);
		as_verify v;
		CHECK(l != NULL && as_ledger_verify(l, &v, err) == AS_OK &&
		    v.ok && v.checkpoints > 0);
		printf("%lld checkpoints verified\n", (long long)v.checkpoints);
		as_ledger_close(l);
	}
	for (const char *const *s = (const char *const[]){ "", "-wal", "-shm",
	    NULL }; *s; s++) {
		snprintf(path, sizeof(path), "%s%s", db, *s);
		unlink(path);
	}
	rmdir(dir);
	return check_done();
}
