/*
 * assent: the command line. Global options, then a subcommand from the
 * table below (the event subcommands come from the event type table).
 */
#include "cli/cli.h"

#include <fcntl.h>
#include <stdarg.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <time.h>
#include <unistd.h>

static const command commands[] = {
	{ "load", cmd_load, "CASEFILE",
	  "append the events of a case file, all or nothing", NULL },
	{ "status", cmd_status, "PROPOSAL [--basis confirmed|reported] [--as-of DATE] [--known-at DATE] [--json | --brief]",
	  "the state of a proposal: rule, positions, who is still to be brought in", NULL },
	{ "reports", cmd_reports, "PROPOSAL [--csv | --json] [--basis confirmed|reported] [--as-of DATE]",
	  "every position and report of a proposal, with its source's kind and dates", NULL },
	{ "polls", cmd_polls, "PROPOSAL [--candidate ID] [--as-of DATE] [--json]",
	  "a proposal's straw polls: each candidate's series of rounds (indicative, never a decision)", NULL },
	{ "citations", cmd_citations, "PROPOSAL [--as-of DATE] [--json]",
	  "the source records a proposal's events cite, numbered", NULL },
	{ "changes", cmd_changes, "PROPOSAL --since DATE [--as-of DATE] [--basis confirmed|reported] [--json]",
	  "what changed on a proposal between two dates, and on whose word", NULL },
	{ "proposals", cmd_proposals, "[--as-of DATE] [--json]",
	  "every proposal with its state", NULL },
	{ "office", cmd_office, "OFFICE [--nationality CODE] [--as-of DATE] [--json]",
	  "an office's holder, designate, terms, vacancy; its holders of one nationality, numbered", NULL },
	{ "org", cmd_org, "ORG [--as-of DATE] [--json | --brief]",
	  "an organisation's rule, members, offices and proposals", NULL },
	{ "timeline", cmd_timeline, "[--proposal ID] [--as-of DATE] [--json]",
	  "the events in order, with dates and sources", NULL },
	{ "verify", cmd_verify, "[--head HASH] [--json]",
	  "recompute the hash chain and replay the ledger", NULL },
	{ "export", cmd_export, "[FILE]", "write the ledger as JSON Lines with hashes", NULL },
	{ "import", cmd_import, "FILE", "append an export, verified before anything is written", NULL },
	{ "copy", cmd_copy, "FROM TO",
	  "copy a ledger into another (SQLite or PostgreSQL), every hash kept", NULL },
	{ "analyse", cmd_analyse, "PROPOSAL [--candidate ID] [--if MEMBER=STANCE]... [--limit N] [--time-limit SECONDS] [--basis confirmed|reported] [--as-of DATE] [--json]",
	  "outcome, pivotal members, smallest sets that would carry it; what-if without writing", NULL },
	{ "power", cmd_power, "GAME [--names A,B,C] | --org ORG [--body BODY] [--rule RULE] [--as-of DATE]",
	  "exact voting power: Banzhaf and Shapley-Shubik indices", NULL },
	{ "serve", cmd_serve, "[--listen ADDR:PORT] [--max-body N] ...",
	  "serve the JSON HTTP API (docs/api.md)", NULL },
	{ "upgrade", cmd_upgrade, "",
	  "upgrade a ledger of an older format in place, every hash kept", NULL },
	{ "token", cmd_token, "add --name NAME --role ROLE [--org ORG] [--member CODE] | list | revoke NAME",
	  "manage the API's tokens (shown once, stored as a hash)", NULL },
	{ NULL, NULL, NULL, NULL, NULL }
};

int
cli_fail(int code, const char *fmt, ...)
{
	va_list ap;

	fputs("assent: ", stderr);
	va_start(ap, fmt);
	vfprintf(stderr, fmt, ap);
	va_end(ap);
	fputc('\n', stderr);
	return code;
}

int
cli_bad_opt(const cli *c, const char *cmd, int ch, char **argv)
{
	const char *opt = argv[optind - 1];
	char shortopt[3] = { '-', (char)optopt, '\0' };

	if (strncmp(opt, "--", 2) != 0 && optopt > ' ' && optopt < 127)
		opt = shortopt;	/* a short option, perhaps among others */
	return cli_fail(EXIT_USAGE, "%s%s%s '%s' (see '%s%s%s --help')",
	    cmd ? cmd : "", cmd ? ": " : "",
	    ch == ':' ? "option needs a value:" : "unknown option", opt,
	    c->prog, cmd ? " " : "", cmd ? cmd : "");
}

int
cli_exit_of(const as_error *e)
{
	static const int exits[AS_KINDS] = {
		[-AS_OK] = EXIT_OK,
		[-AS_EINVAL] = EXIT_REFUSED,
		[-AS_ESTORE] = EXIT_STORE,
		[-AS_ECONFLICT] = EXIT_REFUSED,
		[-AS_EREPLAY] = EXIT_REFUSED,
		[-AS_EUPGRADE] = EXIT_STORE,
		[-AS_EUNAVAIL] = EXIT_STORE,
		[-AS_ENOTFOUND] = EXIT_REFUSED,
		[-AS_ENOMEM] = EXIT_STORE,
		[-AS_EBROKEN] = EXIT_BROKEN,
		[-AS_ELIMIT] = EXIT_REFUSED
	};

	if (e->kind > 0 || e->kind <= -AS_KINDS)
		return EXIT_STORE;
	return exits[-e->kind];
}

int
cli_common_opt(cli *c, int ch, const char *arg)
{
	switch (ch) {
	case 'D': c->db = arg; return 1;
	case 'A': c->actor = arg; return 1;
	case 'T': c->as_of = arg; return 1;
	case 'K': c->known_at = arg; return 1;
	case 'J': c->json = 1; return 1;
	case 'h': c->help = 1; return 1;
	}
	return 0;
}

void
cli_now(char recorded[AS_DATE_MAX], char today[AS_DATE_MAX])
{
	int64_t t = (int64_t)time(NULL);

	if (recorded != NULL)
		as_date_format(t, 1, recorded);
	if (today != NULL)
		as_date_format(t, 0, today);
}

int
cli_as_of(const cli *c, int64_t *limit, char label[AS_DATE_MAX])
{
	if (c->as_of == NULL) {
		*limit = (int64_t)time(NULL);
		as_date_format(*limit, 0, label);
		return 0;
	}
	if (as_date_asof(c->as_of, limit) != 0)
		return cli_fail(EXIT_USAGE, "--as-of: '%s' is not a date "
		    "(YYYY-MM-DD or YYYY-MM-DDTHH:MM:SSZ)", c->as_of);
	as_date_canon(c->as_of, label, NULL);
	return 0;
}

/*
 * Opens the ledger at db. libpq prints what a server sends while it is
 * connecting (a "FATAL: terminating connection" of a server dying then)
 * to stderr, before the store can install its quiet notice processor;
 * the CLI's stderr is its one-line error, so it is pointed at /dev/null
 * for the open (the CLI has no other thread that could write meanwhile).
 */
static as_ledger *
open_ledger(const char *db, int create, as_error *err)
{
	as_ledger *l;
	int saved = -1, null;

	if (as_store_is_pg(db) && (null = open("/dev/null", O_WRONLY)) >= 0) {
		fflush(stderr);
		if ((saved = dup(STDERR_FILENO)) >= 0)
			dup2(null, STDERR_FILENO);
		close(null);
	}
	l = as_ledger_open(db, create, err, NULL);
	if (saved >= 0) {
		fflush(stderr);
		dup2(saved, STDERR_FILENO);
		close(saved);
	}
	return l;
}

as_ledger *
cli_open_write(const cli *c, int *created)
{
	struct stat sb;
	as_error err[1];
	as_ledger *l;

	*created = !as_store_is_pg(c->db) && stat(c->db, &sb) != 0;
	if ((l = open_ledger(c->db, 1, err)) == NULL) {
		cli_fail(cli_exit_of(err), "%s", err->msg);
		cli_write_done(c, NULL, *created, 1);
		return NULL;
	}
	/* A PostgreSQL database is the operator's: only its tables are. */
	if (as_store_is_pg(c->db))
		*created = as_ledger_made(l);
	as_ledger_advise(l, "see whether it was ('assent export | tail -n 1' "
	    "shows the last event recorded) before running the command again");
	return l;
}

void
cli_write_done(const cli *c, as_ledger *l, int created, int failed)
{
	static const char *const sfx[] = { "", "-wal", "-shm", "-journal" };
	char path[4096];

	if (l != NULL && created && failed && as_store_is_pg(c->db)) {
		as_error err[1];
		as_ledger_unmake(l, err);	/* kept if it cannot: empty */
	}
	as_ledger_close(l);
	if (!created || !failed || as_store_is_pg(c->db))
		return;
	for (size_t i = 0; i < sizeof(sfx) / sizeof(sfx[0]); i++)
		if (snprintf(path, sizeof(path), "%s%s", c->db, sfx[i]) <
		    (int)sizeof(path))
			unlink(path);
}

as_ledger *
cli_open_read(const cli *c)
{
	as_error err[1];
	as_ledger *l = open_ledger(c->db, 0, err);

	if (l == NULL)
		cli_fail(cli_exit_of(err), "%s", err->msg);
	return l;
}

void
cli_print_json(const json_t *j)
{
	json_dumpf(j, stdout, JSON_INDENT(2) | JSON_PRESERVE_ORDER);
	fputc('\n', stdout);
}

void
cli_usage(const cli *c, const command *cmd)
{
	printf("usage: %s [--db PATH] %s%s%s\n\n%s.\n", c->prog, cmd->name,
	    *cmd->args ? " " : "", cmd->args, cmd->help);
	if (cmd->type != NULL) {
		printf("\nRecords a %s event. Options:\n", cmd->type->name);
		for (const as_field *f = cmd->type->fields; f->name; f++) {
			char opt[64];
			snprintf(opt, sizeof(opt), "--%s", f->name);
			for (char *p = opt; *p; p++)
				if (*p == '_')
					*p = '-';
			printf("  %-16s %s%s\n", opt, f->help,
			    f->flags & AS_REQ ? " (required)" : "");
		}
		printf("  %-16s %s\n", "--date", "when it took effect (default: "
		    "now); may be before events already recorded");
	}
	printf("\nCommon options:\n"
	    "  --db PATH|URI    the ledger: an SQLite file, or a PostgreSQL\n"
	    "                   connection string, postgresql://... or\n"
	    "                   'host=... dbname=...' (default: $ASSENT_DB,\n"
	    "                   else assent.db)\n"
	    "  --as-of DATE     answer as of DATE (default: now)\n"
	    "  --known-at DATE  as the ledger knew it then: only the events\n"
	    "                   recorded by DATE (default: all)\n"
	    "  --json           machine-readable output\n"
	    "  --actor NAME     who records (default: the login name)\n"
	    "  --help           this text\n");
}

static void
usage(const char *prog, FILE *f)
{
	fprintf(f, "usage: %s [--db PATH] [--json] SUBCOMMAND [ARGS]\n\n"
	    "Runs and records decisions taken by consent.\n\nQueries and the ledger:\n",
	    prog);
	for (const command *c = commands; c->name; c++)
		fprintf(f, "  %-20s %s\n", c->name, c->help);
	fprintf(f, "\nRecording events:\n");
	for (const as_event_type *t = as_event_types; t->name; t++)
		fprintf(f, "  %-20s %s (%s)\n", t->cli, t->help, t->name);
	fprintf(f, "\n'%s SUBCOMMAND --help' describes each. Exit status: 0 done,"
	    " 1 refused,\n2 usage, 3 storage error or not a ledger, 4 ledger "
	    "broken.\n", prog);
}

int
main(int argc, char **argv)
{
	static const struct option opts[] = {
		CLI_COMMON_OPTS,
		{ "version", no_argument, NULL, 'V' },
		{ NULL, 0, NULL, 0 }
	};
	cli c = { "assent", NULL, NULL, NULL, NULL, 0, 0, 0 };
	const char *name;
	int ch;

	c.db = getenv("ASSENT_DB") ? getenv("ASSENT_DB") : "assent.db";
	c.actor = getenv("USER") ? getenv("USER") : "cli";
	opterr = 0;
	while ((ch = getopt_long(argc, argv, "+:h", opts, NULL)) != -1) {
		if (ch == 'V') {
			printf("assent 0.1.0\n");
			return EXIT_OK;
		}
		if (!cli_common_opt(&c, ch, optarg))
			return cli_bad_opt(&c, NULL, ch, argv);
	}
	if (optind >= argc) {
		usage(c.prog, c.help ? stdout : stderr);
		return c.help ? EXIT_OK : EXIT_USAGE;
	}
	name = argv[optind];
	argc -= optind;
	argv += optind;
	optind = 0;	/* GNU getopt: a full reset, permuting again */
	if (strcmp(name, "help") == 0) {
		usage(c.prog, stdout);
		return EXIT_OK;
	}
	for (const command *cmd = commands; cmd->name; cmd++)
		if (strcmp(cmd->name, name) == 0)
			return cmd->run(&c, argc, argv, cmd);
	for (const as_event_type *t = as_event_types; t->name; t++)
		if (strcmp(t->cli, name) == 0 || strcmp(t->name, name) == 0) {
			command cmd = { t->cli, cmd_record, "--OPTION VALUE ...",
			    t->help, t };
			return cmd_record(&c, argc, argv, &cmd);
		}
	return cli_fail(EXIT_USAGE, "unknown subcommand '%s' (see '%s --help')",
	    name, c.prog);
}
