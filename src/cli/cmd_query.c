/* The queries: status, proposals, office, timeline. */
#include "cli/cli.h"

#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "core/casefile.h"
#include "core/chain.h"
#include "core/view.h"

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

struct timeline_arg {
	const char	*proposal;
	int64_t		 limit;
	json_t		*related;	/* ids of candidates and commitments */
	json_t		*events;
};

static const char *
field(const as_event *ev, const char *k)
{
	return json_string_value(json_object_get(ev->data, k));
}

/*
 * First pass: what belongs to the proposal besides the events that name
 * it: its candidates, and the commitments its positions depend on or its
 * candidates give.
 */
static int
relate_one(void *arg, const as_event *ev)
{
	struct timeline_arg *a = arg;
	const char *prop = ev->data ? field(ev, "proposal") : NULL;
	size_t i;
	json_t *c;

	if (prop == NULL || strcmp(prop, a->proposal) != 0)
		return 0;
	if (strcmp(ev->type, "candidate.declare") == 0)
		json_object_set_new(a->related, field(ev, "id"), json_true());
	json_array_foreach(json_object_get(ev->data, "conditions"), i, c)
		json_object_set_new(a->related, json_string_value(c), json_true());
	return 0;
}

/* Whether ev concerns the proposal: it names it, or what relates to it. */
static int
concerns(const struct timeline_arg *a, const as_event *ev)
{
	const char *prop = field(ev, "proposal"), *id = field(ev, "id");

	if (prop != NULL)
		return strcmp(prop, a->proposal) == 0;
	if (strcmp(ev->type, "proposal.open") == 0)
		return strcmp(id, a->proposal) == 0;
	if (strncmp(ev->type, "commitment.", 11) == 0)
		return json_object_get(a->related, id) != NULL ||
		    (field(ev, "by") != NULL &&
		    json_object_get(a->related, field(ev, "by")) != NULL);
	return 0;
}

static int
timeline_one(void *arg, const as_event *ev)
{
	struct timeline_arg *a = arg;
	json_t *j;
	char *sum;

	if (ev->when > a->limit)
		return 1;
	if (ev->data == NULL || (a->proposal && !concerns(a, ev)))
		return 0;
	j = as_event_json(ev, 1);
	sum = as_event_summary(ev);
	json_object_set_new(j, "summary", json_string(sum ? sum : ev->type));
	json_object_set(j, "source", json_object_get(ev->data, "source") ?
	    json_object_get(ev->data, "source") : json_null());
	free(sum);
	json_array_append_new(a->events, j);
	return 0;
}

int
cmd_timeline(cli *c, int argc, char **argv, const command *cmd)
{
	struct timeline_arg a = { NULL, 0, NULL, NULL };
	char label[AS_DATE_MAX], err[AS_ERR_MAX];
	as_ledger *l;
	json_t *j;
	int rc;

	if ((rc = query_opts(c, argc, argv, cmd, 0, "proposal", &a.proposal)) >= 0)
		return rc;
	if (cli_as_of(c, &a.limit, label) != 0)
		return EXIT_USAGE;
	if (c->as_of == NULL)
		a.limit = AS_TIME_NEVER;
	if ((l = cli_open_read(c)) == NULL)
		return EXIT_STORE;
	a.events = json_array();
	a.related = json_object();
	rc = a.proposal ? as_ledger_scan(l, 1, AS_SEQ_END, relate_one, &a, err) : AS_OK;
	if (rc == AS_OK)
		rc = as_ledger_scan(l, 1, AS_SEQ_END, timeline_one, &a, err);
	as_ledger_close(l);
	json_decref(a.related);
	if (rc != AS_OK) {
		json_decref(a.events);
		return cli_fail(cli_exit_for(rc), "%s", err);
	}
	j = json_pack("{s:o,s:o,s:o}", "as_of", c->as_of ? json_string(label) :
	    json_null(), "proposal", a.proposal ? json_string(a.proposal) :
	    json_null(), "events", a.events);
	if (c->json)
		cli_print_json(j);
	else
		render_timeline(j);
	json_decref(j);
	return EXIT_OK;
}
