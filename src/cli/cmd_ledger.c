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

typedef struct evlist {
	as_event	*ev;
	size_t		*line;		/* the line each event came from */
	size_t		 n, cap;
} evlist;

static void
evlist_free(evlist *l)
{
	for (size_t i = 0; i < l->n; i++)
		as_event_clear(&l->ev[i]);
	free(l->ev);
	free(l->line);
}

/*
 * Reads a file of events, one a line (chained: an export). Returns 0, or
 * an exit code after printing "FILE:LINE: problem".
 */
static int
read_events(const char *path, int chained, evlist *out, const char *actor)
{
	FILE *f = strcmp(path, "-") == 0 ? stdin : fopen(path, "r");
	char *line = NULL, err[AS_ERR_MAX];
	size_t cap = 0, lineno = 0;
	ssize_t len;
	int rc = 0;

	memset(out, 0, sizeof(*out));
	if (f == NULL)
		return cli_fail(EXIT_USAGE, "%s: %s", path, strerror(errno));
	while ((len = getline(&line, &cap, f)) != -1) {
		as_event ev;
		int r;
		lineno++;
		if (len > LINE_MAX_BYTES) {
			rc = cli_fail(EXIT_REFUSED, "%s:%zu: longer than the limit "
			    "of %d bytes for one event", path, lineno, LINE_MAX_BYTES);
			break;
		}
		if ((size_t)len != strlen(line)) {
			rc = cli_fail(EXIT_REFUSED, "%s:%zu: a NUL byte in the line",
			    path, lineno);
			break;
		}
		while (len > 0 && (line[len - 1] == '\n' || line[len - 1] == '\r'))
			line[--len] = '\0';
		if ((r = as_parse_event_line(line, chained, &ev, err)) == 1)
			continue;
		if (r != 0) {
			rc = cli_fail(EXIT_REFUSED, "%s:%zu: %s", path, lineno, err);
			break;
		}
		if (!chained && ev.actor[0] == '\0') {
			free(ev.actor);
			if ((ev.actor = strdup(actor)) == NULL) {
				as_event_clear(&ev);
				rc = cli_fail(EXIT_STORE, "out of memory");
				break;
			}
		}
		if (out->n == out->cap) {
			size_t nc = out->cap ? out->cap * 2 : 64;
			as_event *ne = realloc(out->ev, nc * sizeof(*ne));
			size_t *nl = ne ? realloc(out->line, nc * sizeof(*nl)) : NULL;
			if (ne != NULL)
				out->ev = ne;
			if (nl == NULL) {
				as_event_clear(&ev);
				rc = cli_fail(EXIT_STORE, "out of memory");
				break;
			}
			out->line = nl;
			out->cap = nc;
		}
		out->line[out->n] = lineno;
		out->ev[out->n++] = ev;
	}
	if (rc == 0 && ferror(f))
		rc = cli_fail(EXIT_STORE, "%s: %s", path, strerror(errno));
	free(line);
	if (f != stdin)
		fclose(f);
	if (rc != 0)
		evlist_free(out);
	return rc;
}

static void
print_head(const cli *c, const char *verb, const evlist *l)
{
	char hash[2 * AS_HASH_LEN + 1];
	const as_event *last = l->n ? &l->ev[l->n - 1] : NULL;

	if (last != NULL)
		as_hex(last->hash, AS_HASH_LEN, hash);
	if (c->json) {
		json_t *j = json_pack("{s:i,s:o,s:o}", "events", (int)l->n,
		    "first_seq", last ? json_integer(l->ev[0].seq) : json_null(),
		    "head", last ? json_string(hash) : json_null());
		cli_print_json(j);
		json_decref(j);
	} else if (last != NULL) {
		printf("%s %zu events (%lld-%lld); head %s\n", verb, l->n,
		    (long long)l->ev[0].seq, (long long)last->seq, hash);
	} else {
		printf("%s no events\n", verb);
	}
}

/* Appends evs (or imports them, if chained) into a ledger that is made
 * if missing and removed again if the write fails: one write, all or
 * nothing. */
static int
write_events(cli *c, const char *path, evlist *evs, int chained)
{
	char err[AS_ERR_MAX], recorded[AS_DATE_MAX];
	as_write *w;
	as_ledger *l;
	size_t bad = 0;
	int created, r;

	if ((w = calloc(evs->n + 1, sizeof(*w))) == NULL)
		return cli_fail(EXIT_STORE, "out of memory");
	for (size_t i = 0; i < evs->n; i++) {
		w[i].ev = &evs->ev[i];
		w[i].chained = chained;
	}
	if ((l = cli_open_write(c, &created)) == NULL) {
		free(w);
		return EXIT_STORE;
	}
	cli_now(recorded, NULL);
	r = as_ledger_write(l, w, evs->n, recorded, 1, &bad, err);
	free(w);
	cli_write_done(c, l, created, r != AS_OK);
	if (r == AS_EINVAL)
		return cli_fail(EXIT_REFUSED, "%s:%zu: %s; nothing was written",
		    path, evs->line[bad], err);
	if (r != AS_OK)
		return cli_fail(cli_exit_for(r), "%s; nothing was written", err);
	print_head(c, chained ? "imported" : "loaded", evs);
	return EXIT_OK;
}

/* load and import: read the whole file, then write it or nothing. */
static int
read_and_write(cli *c, int argc, char **argv, const command *cmd,
    int chained)
{
	evlist evs;
	int rc;

	if ((rc = ledger_opts(c, argc, argv, cmd, 1, 1, NULL)) >= 0)
		return rc;
	if ((rc = read_events(argv[optind], chained, &evs, c->actor)) != 0)
		return rc;
	rc = write_events(c, argv[optind], &evs, chained);
	evlist_free(&evs);
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
	char err[AS_ERR_MAX];
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
		rc = cli_fail(cli_exit_for(rc), "%s", err);
	if (f != stdout && fclose(f) != 0 && rc == AS_OK)
		rc = cli_fail(EXIT_STORE, "closing the export: %s",
		    strerror(errno));
	return rc;
}

int
cmd_verify(cli *c, int argc, char **argv, const command *cmd)
{
	char err[AS_ERR_MAX], head[2 * AS_HASH_LEN + 1];
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
		return cli_fail(cli_exit_for(rc), "%s", err);
	as_hex(v.head, AS_HASH_LEN, head);
	if (v.ok && want != NULL && strcasecmp(want, head) != 0) {
		v.ok = 0;
		snprintf(v.why, sizeof(v.why), "the head %s is not the expected "
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
		return cli_fail(EXIT_BROKEN, "ledger broken: %s", v.why);
	return EXIT_OK;
}

int
cmd_upgrade(cli *c, int argc, char **argv, const command *cmd)
{
	char err[AS_ERR_MAX];
	int rc;

	if ((rc = ledger_opts(c, argc, argv, cmd, 0, 0, NULL)) >= 0)
		return rc;
	if ((rc = as_ledger_upgrade(c->db, err)) < 0)
		return cli_fail(EXIT_STORE, "upgrade: %s; nothing was changed",
		    err);
	printf(rc == 1 ? "%s: the ledger's format is current\n" :
	    "%s: upgraded to format 2, every event's hash kept\n", c->db);
	return EXIT_OK;
}
