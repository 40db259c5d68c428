/* The queries: status, proposals, office, timeline. */
#include "cli/cli.h"

#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "core/casefile.h"
#include "core/chain.h"
#include "core/view.h"
#include "store/query.h"

/*
 * Parses the options of a query that takes nargs positional arguments
 * (extra: one more long option, stored in *extra_val). Returns -1 to go
 * on, or the exit code.
 */
static int
query_opts(cli *c, int argc, char **argv, const command *cmd, int nargs,
    const char *extra, const char **extra_val)
{
	struct option opts[] = { CLI_COMMON_OPTS,
		{ "brief", no_argument, NULL, 'B' },
		{ extra ? extra : "-", required_argument, NULL, 'X' },
		{ NULL, 0, NULL, 0 } };
	int ch;

	while ((ch = getopt_long(argc, argv, ":h", opts, NULL)) != -1) {
		if (cli_common_opt(c, ch, optarg))
			continue;
		if (ch == 'B') {
			c->brief = 1;
			continue;
		}
		if (ch == 'X' && extra != NULL) {
			*extra_val = optarg;
			continue;
		}
		return cli_bad_opt(c, cmd->name, ch, argv);
	}
	if (c->help) {
		cli_usage(c, cmd);
		return EXIT_OK;
	}
	if (argc - optind != nargs)
		return cli_fail(EXIT_USAGE, "usage: %s %s %s", c->prog,
		    cmd->name, cmd->args);
	return -1;
}

int
fold_as_of(const cli *c, as_state **st, int64_t *limit,
    char label[AS_DATE_MAX])
{
	char err[AS_ERR_MAX];
	as_ledger *l;
	int rc;

	if (cli_as_of(c, limit, label) != 0)
		return EXIT_USAGE;
	if ((l = cli_open_read(c)) == NULL)
		return EXIT_STORE;
	rc = as_ledger_state(l, *limit, st, err);
	as_ledger_close(l);
	if (rc != AS_OK)
		return cli_fail(cli_exit_for(rc), "%s", err);
	return -1;
}

/* Runs one view and prints it as JSON or through its renderer. */
static int
show(cli *c, int argc, char **argv, const command *cmd,
    json_t *(*view)(const as_state *, const char *, const char *, int64_t,
    char *), void (*render)(const json_t *, int))
{
	char label[AS_DATE_MAX], err[AS_ERR_MAX];
	as_state *st;
	int64_t limit;
	json_t *j;
	int rc;

	if ((rc = query_opts(c, argc, argv, cmd, 1, NULL, NULL)) >= 0)
		return rc;
	if ((rc = fold_as_of(c, &st, &limit, label)) >= 0)
		return rc;
	j = view(st, argv[optind], label, limit, err);
	as_state_free(st);
	if (j == NULL)
		return cli_fail(EXIT_REFUSED, "%s", err);
	if (c->json)
		cli_print_json(j);
	else
		render(j, c->brief);
	json_decref(j);
	return EXIT_OK;
}

int
cmd_status(cli *c, int argc, char **argv, const command *cmd)
{
	return show(c, argc, argv, cmd, as_view_status, render_status);
}

int
cmd_office(cli *c, int argc, char **argv, const command *cmd)
{
	return show(c, argc, argv, cmd, as_view_office, render_office);
}

int
cmd_org(cli *c, int argc, char **argv, const command *cmd)
{
	return show(c, argc, argv, cmd, as_view_org, render_org);
}

int
cmd_proposals(cli *c, int argc, char **argv, const command *cmd)
{
	char label[AS_DATE_MAX];
	as_state *st;
	int64_t limit;
	json_t *j;
	int rc;

	if ((rc = query_opts(c, argc, argv, cmd, 0, NULL, NULL)) >= 0)
		return rc;
	if ((rc = fold_as_of(c, &st, &limit, label)) >= 0)
		return rc;
	j = as_view_proposals(st, label, limit);
	as_state_free(st);
	if (c->json)
		cli_print_json(j);
	else
		render_proposals(j);
	json_decref(j);
	return EXIT_OK;
}

int
cmd_timeline(cli *c, int argc, char **argv, const command *cmd)
{
	char label[AS_DATE_MAX], err[AS_ERR_MAX];
	const char *proposal = NULL;
	int64_t limit;
	as_ledger *l;
	json_t *j;
	int rc;

	if ((rc = query_opts(c, argc, argv, cmd, 0, "proposal", &proposal)) >= 0)
		return rc;
	if (cli_as_of(c, &limit, label) != 0)
		return EXIT_USAGE;
	if (c->as_of == NULL)
		limit = AS_TIME_NEVER;
	if ((l = cli_open_read(c)) == NULL)
		return EXIT_STORE;
	rc = as_ledger_timeline(l, proposal, limit, c->as_of ? label : NULL,
	    &j, err);
	as_ledger_close(l);
	if (rc != AS_OK)
		return cli_fail(cli_exit_for(rc), "%s", err);
	if (c->json)
		cli_print_json(j);
	else
		render_timeline(j);
	json_decref(j);
	return EXIT_OK;
}
