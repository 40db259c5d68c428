/* The ledger as a whole: load, verify, export, import. */
#include "cli/cli.h"

#include <errno.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <strings.h>

#include "core/casefile.h"
#include "core/chain.h"
#include "store/query.h"

/* Options for these commands: the common ones, and --head or --output. */
static int
ledger_opts(cli *c, int argc, char **argv, const command *cmd, int minargs,
    int maxargs, const char **head)
{
	static const struct option opts[] = { CLI_COMMON_OPTS,
		{ "head", required_argument, NULL, 'H' },
		{ NULL, 0, NULL, 0 } };
	int ch;

	while ((ch = getopt_long(argc, argv, ":h", opts, NULL)) != -1) {
		if (cli_common_opt(c, ch, optarg))
			continue;
		if (ch == 'H' && head != NULL) {
			*head = optarg;
			continue;
		}
		return cli_bad_opt(c, cmd->name, ch, argv);
	}
	if (c->help) {
		cli_usage(c, cmd);
		return EXIT_OK;
	}
	if (argc - optind < minargs || argc - optind > maxargs)
		return cli_fail(EXIT_USAGE, "usage: %s %s %s", c->prog,
		    cmd->name, cmd->args);
	return -1;
}

#define LINE_MAX_BYTES (1 << 20)	/* one event's line in a file */

/* A file of events, one a line (chained: an export), read as it is
 * written: one line in memory at a time. */
typedef struct reader {
	FILE		*f;
	const char	*path;
	int		 chained;
	const char	*actor;
	char		*line;
	size_t		 cap, lineno;
	int		 exit;		/* the exit code of a failure in it */
} reader;

/* An as_next_fn: the next event of the file, "FILE:LINE: ..." if not. */
static int
next_line(void *arg, as_event *ev, as_error *err)
{
	reader *r = arg;
	as_error why[1];
	ssize_t len;
	int rc;

	while ((len = getline(&r->line, &r->cap, r->f)) != -1) {
		r->lineno++;
		r->exit = EXIT_REFUSED;
		if (len > LINE_MAX_BYTES)
			return as_err(err, "%s:%zu: longer than the limit of %d "
			    "bytes for one event", r->path, r->lineno,
			    LINE_MAX_BYTES);
		if ((size_t)len != strlen(r->line))
			return as_err(err, "%s:%zu: a NUL byte in the line",
			    r->path, r->lineno);
		while (len > 0 && (r->line[len - 1] == '\n' ||
		    r->line[len - 1] == '\r'))
			r->line[--len] = '\0';
		if ((rc = as_parse_event_line(r->line, r->chained, ev,
		    why)) == 1)
			continue;
		if (rc != 0)
			return as_err(err, "%s:%zu: %s", r->path, r->lineno,
			    why->msg);
		if (!r->chained && ev->actor[0] == '\0') {
			free(ev->actor);
			if ((ev->actor = strdup(r->actor)) == NULL) {
				as_event_clear(ev);
				r->exit = EXIT_STORE;
				return as_nomem(err, NULL);
			}
		}
		r->exit = 0;
		return 1;
	}
	if (ferror(r->f)) {
		r->exit = EXIT_STORE;
		return as_err(err, "%s: %s", r->path, strerror(errno));
	}
	return 0;
}

static void
print_head(const cli *c, const char *verb, const as_stream_result *res)
{
	char hash[2 * AS_HASH_LEN + 1];

	as_hex(res->head, AS_HASH_LEN, hash);
	if (c->json) {
		json_t *j = json_pack("{s:I,s:o,s:o}", "events",
		    (json_int_t)res->count, "first_seq", res->count ?
		    json_integer(res->first) : json_null(), "head", res->count ?
		    json_string(hash) : json_null());
		cli_print_json(j);
		json_decref(j);
	} else if (res->count > 0) {
		printf("%s %lld events (%lld-%lld); head %s\n", verb,
		    (long long)res->count, (long long)res->first,
		    (long long)res->last, hash);
	} else {
		printf("%s no events\n", verb);
	}
}

/*
 * load and import: the file's events (chained, if an export) written as
 * they are read, in one transaction, all or nothing, into a ledger made if
 * missing and removed again if the write fails.
 */
static int
read_and_write(cli *c, int argc, char **argv, const command *cmd,
    int chained)
{
	as_error err[1];
	char recorded[AS_DATE_MAX];
	as_stream_result res;
	reader r;
	as_ledger *l;
	int created, rc;

	if ((rc = ledger_opts(c, argc, argv, cmd, 1, 1, NULL)) >= 0)
		return rc;
	memset(&r, 0, sizeof(r));
	r.path = argv[optind];
	r.chained = chained;
	r.actor = c->actor;
	if ((r.f = strcmp(r.path, "-") == 0 ? stdin : fopen(r.path, "r")) ==
	    NULL)
		return cli_fail(EXIT_USAGE, "%s: %s", r.path, strerror(errno));
	if ((l = cli_open_write(c, &created)) == NULL) {
		rc = EXIT_STORE;
		goto done;
	}
	cli_now(recorded, NULL);
	rc = as_ledger_write_stream(l, next_line, &r, chained, recorded, &res,
	    err);
	cli_write_done(c, l, created, rc != AS_OK);
	if (rc == AS_OK) {
		print_head(c, chained ? "imported" : "loaded", &res);
		rc = EXIT_OK;
	} else if (r.exit != 0) {
		rc = cli_fail(r.exit, "%s", err->msg);	/* the file's fault */
	} else if (rc == AS_EINVAL) {
		rc = cli_fail(cli_exit_of(err),
		    "%s:%zu: %s; nothing was written",
		    r.path, r.lineno, err->msg);
	} else {
		rc = cli_fail(cli_exit_of(err), "%s; nothing was written",
		    err->msg);
	}
done:
	free(r.line);
	if (r.f != stdin)
		fclose(r.f);
	return rc;
}

int
cmd_load(cli *c, int argc, char **argv, const command *cmd)
{
	return read_and_write(c, argc, argv, cmd, 0);
}

int
cmd_import(cli *c, int argc, char **argv, const command *cmd)
{
	return read_and_write(c, argc, argv, cmd, 1);
}

static int
export_one(void *arg, const as_event *ev)
{
	FILE *f = arg;
	json_t *j;

	if (ev->data == NULL) {
		/* Not JSON any more: export what is stored, verify will say. */
		j = json_pack("{s:I,s:s,s:s}", "seq", (json_int_t)ev->seq,
		    "type", ev->type, "data_text", ev->data_text);
	} else {
		j = as_event_json(ev, 1);
	}
	json_dumpf(j, f, JSON_COMPACT | JSON_SORT_KEYS);
	fputc('\n', f);
	json_decref(j);
	return 0;
}

int
cmd_export(cli *c, int argc, char **argv, const command *cmd)
{
	as_error err[1];
	as_ledger *l;
	FILE *f = stdout;
	int rc;

	if ((rc = ledger_opts(c, argc, argv, cmd, 0, 1, NULL)) >= 0)
		return rc;
	if ((l = cli_open_read(c)) == NULL)
		return EXIT_STORE;
	if (optind < argc && strcmp(argv[optind], "-") != 0 &&
	    (f = fopen(argv[optind], "w")) == NULL) {
		as_ledger_close(l);
		return cli_fail(EXIT_USAGE, "%s: %s", argv[optind],
		    strerror(errno));
	}
	rc = as_ledger_scan(l, 1, AS_SEQ_END, export_one, f, err);
	as_ledger_close(l);
	if (fflush(f) != 0 || ferror(f))
		rc = cli_fail(EXIT_STORE, "writing the export: %s",
		    strerror(errno));
	else if (rc != AS_OK)
		rc = cli_fail(cli_exit_of(err), "%s", err->msg);
	if (f != stdout && fclose(f) != 0 && rc == AS_OK)
		rc = cli_fail(EXIT_STORE, "closing the export: %s",
		    strerror(errno));
	return rc;
}

int
cmd_verify(cli *c, int argc, char **argv, const command *cmd)
{
	as_error err[1];
	char head[2 * AS_HASH_LEN + 1];
	const char *want = NULL;
	as_verify v;
	as_ledger *l;
	int rc;

	if ((rc = ledger_opts(c, argc, argv, cmd, 0, 0, &want)) >= 0)
		return rc;
	if ((l = cli_open_read(c)) == NULL)
		return EXIT_STORE;
	rc = as_ledger_verify(l, &v, err);
	as_ledger_close(l);
	if (rc != AS_OK)
		return cli_fail(cli_exit_of(err), "%s", err->msg);
	as_hex(v.head, AS_HASH_LEN, head);
	if (v.ok && want != NULL && strcasecmp(want, head) != 0) {
		v.ok = 0;
		as_fail(v.why, AS_EBROKEN, "the head %s is not the expected "
		    "%s", head, want);
	}
	if (c->json) {
		json_t *j = as_verify_json(&v);
		cli_print_json(j);
		json_decref(j);
	} else if (v.ok) {
		printf("ledger intact: %lld events, %lld checkpoints, head %s\n",
		    (long long)v.events, (long long)v.checkpoints, head);
	}
	if (!v.ok)
		return cli_fail(EXIT_BROKEN, "ledger broken: %s", v.why->msg);
	return EXIT_OK;
}

int
cmd_upgrade(cli *c, int argc, char **argv, const command *cmd)
{
	as_error err[1];
	char label[256];
	int rc;

	if ((rc = ledger_opts(c, argc, argv, cmd, 0, 0, NULL)) >= 0)
		return rc;
	as_store_label(c->db, label, sizeof(label));
	if ((rc = as_ledger_upgrade(c->db, err)) < 0)
		return cli_fail(cli_exit_of(err),
		    "upgrade: %s; nothing was changed",
		    err->msg);
	printf(rc == 1 ? "%s: the ledger's format is current\n" :
	    "%s: upgraded to format 2, every event's hash kept\n", label);
	return EXIT_OK;
}

/*
 * copy FROM TO: the chain of one ledger into another (of either
 * backend), batch after batch through the write path's import (each
 * event's link and hash checked, and each acceptable where it stands),
 * so that every hash is kept. TO must be empty, or hold a first part of
 * FROM (a copy cut short resumes where it stopped). Tokens and
 * idempotency keys are not copied: they are not part of the chain.
 */
#define COPY_BATCH 1000

struct copy_arg {
	as_write	*w;
	size_t		 n;
	int64_t		 last;
	int		 oom;
	const uint8_t	*want;		/* the hash TO's head must have */
	int		 match;
};

static int
copy_one(void *arg, const as_event *ev)
{
	struct copy_arg *a = arg;
	as_event *e = a->w[a->n].ev;

	*e = *ev;
	e->actor = strdup(ev->actor);
	e->type = strdup(ev->type);
	e->data_text = strdup(ev->data_text);
	e->data = json_incref(ev->data);
	if (e->actor == NULL || e->type == NULL || e->data_text == NULL) {
		as_event_clear(e);
		return a->oom = 1;
	}
	a->w[a->n].chained = 1;
	a->last = ev->seq;
	return ++a->n == COPY_BATCH;
}

static int
head_is(void *arg, const as_event *ev)
{
	struct copy_arg *a = arg;

	a->match = memcmp(ev->hash, a->want, AS_HASH_LEN) == 0;
	return 1;
}

int
cmd_copy(cli *c, int argc, char **argv, const command *cmd)
{
	as_error err[1];
	char recorded[AS_DATE_MAX], hash[2 * AS_HASH_LEN + 1];
	char from[256], to[256];
	struct copy_arg a;
	as_event *evs = NULL;
	as_ledger *src = NULL, *dst = NULL;
	as_head sh, dh, first;
	int64_t copied = 0;
	as_verify v;
	int rc, created;
	cli tc = *c;

	if ((rc = ledger_opts(c, argc, argv, cmd, 2, 2, NULL)) >= 0)
		return rc;
	if (strcmp(argv[optind], argv[optind + 1]) == 0)
		return cli_fail(EXIT_USAGE, "copy: FROM and TO are the same "
		    "ledger");
	as_store_label(argv[optind], from, sizeof(from));
	as_store_label(argv[optind + 1], to, sizeof(to));
	tc.db = argv[optind];
	if ((src = cli_open_read(&tc)) == NULL)
		return EXIT_STORE;
	if ((rc = as_ledger_head(src, &sh, err)) != AS_OK) {
		as_ledger_close(src);
		return cli_fail(cli_exit_of(err), "copy: %s", err->msg);
	}
	tc.db = argv[optind + 1];
	if ((dst = cli_open_write(&tc, &created)) == NULL) {
		as_ledger_close(src);
		return EXIT_STORE;
	}
	memset(&a, 0, sizeof(a));
	if ((rc = as_ledger_head(dst, &dh, err)) != AS_OK) {
		rc = cli_fail(cli_exit_of(err), "copy: %s", err->msg);
		goto done;
	}
	first = dh;
	/* TO holds nothing, or a first part of FROM: go on from there. */
	if (dh.seq > 0) {
		a.want = dh.hash;
		if (dh.seq <= sh.seq && (rc = as_ledger_scan(src, dh.seq, dh.seq,
		    head_is, &a, err)) != AS_OK) {
			rc = cli_fail(cli_exit_of(err), "copy: %s", err->msg);
			goto done;
		}
		if (dh.seq > sh.seq || !a.match) {
			rc = cli_fail(EXIT_REFUSED, "copy: %s holds another "
			    "ledger (its event %lld is not %s's); nothing was "
			    "written", to, (long long)dh.seq, from);
			goto done;
		}
	}
	if ((a.w = calloc(COPY_BATCH, sizeof(*a.w))) == NULL ||
	    (evs = calloc(COPY_BATCH, sizeof(*evs))) == NULL) {
		rc = cli_fail(EXIT_STORE, "out of memory");
		goto done;
	}
	cli_now(recorded, NULL);
	for (a.last = dh.seq; a.last < sh.seq;) {
		size_t bad = 0;
		for (size_t i = 0; i < COPY_BATCH; i++) {
			memset(&a.w[i], 0, sizeof(a.w[i]));
			a.w[i].ev = &evs[i];
		}
		a.n = 0;
		rc = as_ledger_scan(src, a.last + 1, sh.seq, copy_one, &a, err);
		if (rc == AS_OK && a.oom)
			rc = as_nomem(err, NULL);
		if (rc == AS_OK && a.n == 0)
			break;
		if (rc == AS_OK)
			rc = as_ledger_write(dst, a.w, a.n, recorded, 1, &bad, err);
		for (size_t i = 0; i < a.n; i++)
			as_event_clear(&evs[i]);
		if (rc != AS_OK) {
			rc = cli_fail(cli_exit_of(err), "copy: %s%s", err->msg,
			    copied > 0 ? "; the events before it were copied "
			    "(run copy again to go on)" : "; nothing was "
			    "written");
			goto done;
		}
		copied += (int64_t)a.n;
	}
	if ((rc = as_ledger_verify(dst, &v, err)) != AS_OK) {
		rc = cli_fail(cli_exit_of(err), "copy: verifying %s: %s", to,
		    err->msg);
		goto done;
	}
	if (!v.ok) {
		rc = cli_fail(EXIT_BROKEN, "copy: %s does not verify: %s", to,
		    v.why->msg);
		goto done;
	}
	as_hex(v.head, AS_HASH_LEN, hash);
	if (c->json) {
		json_t *j = json_pack("{s:I,s:I,s:I,s:s}", "copied",
		    (json_int_t)copied, "from_seq", (json_int_t)first.seq + 1,
		    "events", (json_int_t)v.events, "head", hash);
		cli_print_json(j);
		json_decref(j);
	} else if (copied == 0) {
		printf("nothing to copy: %s holds the %lld events of %s; head "
		    "%s\n", to, (long long)v.events, from, hash);
	} else {
		printf("copied %lld events (%lld-%lld); %s verifies: %lld "
		    "events, head %s\n", (long long)copied,
		    (long long)first.seq + 1, (long long)v.events, to,
		    (long long)v.events, hash);
	}
	rc = EXIT_OK;
done:
	free(a.w);
	free(evs);
	as_ledger_close(src);
	cli_write_done(&tc, dst, created, rc != EXIT_OK && copied == 0);
	return rc;
}
