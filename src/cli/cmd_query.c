/* The queries: status, proposals, office, timeline. */
#include "cli/cli.h"

#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "core/casefile.h"
#include "core/chain.h"
#include "core/page.h"
#include "core/view.h"
#include "store/query.h"

/* An option a query takes beside the common ones: with a value (val),
 * or a flag (flag). */
struct extra {
	const char	*name;
	const char	**val;
	int		*flag;
};

/*
 * Parses the options of a query that takes nargs positional arguments,
 * and the extra options x (ending with a NULL name). Returns -1 to go
 * on, or the exit code.
 */
static int
query_opts(cli *c, int argc, char **argv, const command *cmd, int nargs,
    const struct extra *x)
{
	struct option opts[16] = { CLI_COMMON_OPTS,
		{ "brief", no_argument, NULL, 'B' } };
	size_t n = 0, k;
	int ch;

	while (opts[n].name != NULL)
		n++;
	for (k = 0; x != NULL && x[k].name != NULL && n + 1 < 16; k++, n++)
		opts[n] = (struct option){ x[k].name, x[k].val ?
		    required_argument : no_argument, NULL, 1000 + (int)k };
	memset(&opts[n], 0, sizeof(opts[n]));
	while ((ch = getopt_long(argc, argv, ":h", opts, NULL)) != -1) {
		if (cli_common_opt(c, ch, optarg))
			continue;
		if (ch == 'B') {
			c->brief = 1;
			continue;
		}
		if (ch >= 1000 && x != NULL) {
			if (x[ch - 1000].val != NULL)
				*x[ch - 1000].val = optarg;
			else
				*x[ch - 1000].flag = 1;
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
cli_known_at(const cli *c, as_ledger *l, int64_t *known)
{
	as_error err[1];
	char text[AS_DATE_MAX];
	int64_t t;

	*known = AS_SEQ_END;
	if (c->known_at == NULL)
		return 0;
	if (as_date_asof(c->known_at, &t) != 0)
		return cli_fail(EXIT_USAGE, "--known-at: '%s' is not a date "
		    "(YYYY-MM-DD or YYYY-MM-DDTHH:MM:SSZ)", c->known_at);
	as_date_format(t, 1, text);
	if (as_ledger_known(l, text, known, err) != AS_OK)
		return cli_fail(cli_exit_of(err), "%s", err->msg);
	return 0;
}

void
cli_add_known_at(const cli *c, json_t *j)
{
	char label[AS_DATE_MAX];

	if (c->known_at != NULL && as_date_canon(c->known_at, label, NULL) == 0)
		json_object_set_new(j, "known_at", json_string(label));
	else
		json_object_set_new(j, "known_at", json_null());
}

int
cli_answer(const cli *c, json_t *j, void (*render)(const json_t *))
{
	if (j == NULL)
		return cli_fail(EXIT_STORE, "out of memory");
	cli_add_known_at(c, j);
	if (c->json)
		cli_print_json(j);
	else
		render(j);
	json_decref(j);
	return EXIT_OK;
}

/* Opens the ledger for a query and reads --known-at: -1 with *l open,
 * or the exit status after the message. */
static int
open_known(const cli *c, as_ledger **l, int64_t *known)
{
	int rc;

	if ((*l = cli_open_read(c)) == NULL)
		return EXIT_STORE;
	if ((rc = cli_known_at(c, *l, known)) != 0) {
		as_ledger_close(*l);
		return rc;
	}
	return -1;
}

/* The organisation of proposal id (into org): -1, or the exit status
 * after the message, l closed. */
static int
need_proposal(as_ledger *l, const char *cmd, const char *id,
    char org[AS_ID_MAX + 1])
{
	as_error err[1];
	int rc = as_ledger_name(l, AS_NAME_PROPOSAL, id, org, err);

	if (rc == 1)
		return -1;
	as_ledger_close(l);
	return rc < 0 ? cli_fail(cli_exit_of(err), "%s", err->msg) :
	    cli_fail(EXIT_REFUSED, "%s: unknown proposal '%s'", cmd, id);
}

int
fold_for(const cli *c, enum as_name_kind kind, const char *id, as_state **st,
    int64_t *limit, char label[AS_DATE_MAX])
{
	as_error err[1];
	char org[AS_ID_MAX + 1];
	int64_t known;
	as_ledger *l;
	int rc;

	*st = NULL;
	if (cli_as_of(c, limit, label) != 0)
		return EXIT_USAGE;
	if ((rc = open_known(c, &l, &known)) >= 0)
		return rc;
	rc = as_ledger_name(l, kind, id, org, err);
	if (rc == 1)
		rc = as_ledger_org_state(l, org, *limit, known, st, err);
	else if (rc == 0 && (*st = as_state_new()) == NULL)
		rc = as_nomem(err, NULL);
	else if (rc == 0)
		rc = AS_OK;
	else
		rc = AS_ESTORE;
	as_ledger_close(l);
	if (rc != AS_OK)
		return cli_fail(cli_exit_of(err), "%s", err->msg);
	return -1;
}

int
cli_basis(const char *arg, as_basis *b)
{
	*b = AS_BASIS_DEFAULT;
	if (arg != NULL && as_basis_parse(arg, b) != 0)
		return cli_fail(EXIT_USAGE, "--basis: '%s' must be confirmed or "
		    "reported", arg);
	return 0;
}

/*
 * A view's option beside the common ones: its name, a check of its value
 * (0, or the usage error printed and -1), and the view that reads it, used
 * when it is given.
 */
struct view_opt {
	const char	*name;
	int		(*check)(const char *val);
	json_t		*(*view)(const as_state *, const char *id,
			    const char *val, const char *as_of, int64_t t,
			    as_error *err);
	void		(*render)(const json_t *, int brief);
};

/* Runs one view (or, with its option given, the option's) and prints it
 * as JSON or through its renderer. */
static int
show(cli *c, int argc, char **argv, const command *cmd,
    enum as_name_kind kind, json_t *(*view)(const as_state *, const char *,
    const char *, int64_t, as_error *), void (*render)(const json_t *, int),
    const struct view_opt *vo)
{
	as_error err[1];
	char label[AS_DATE_MAX];
	const char *val = NULL;
	as_state *st;
	int64_t limit;
	json_t *j;
	int rc;

	const struct extra x[] = { { vo ? vo->name : NULL, &val, NULL },
		{ NULL, NULL, NULL } };

	if ((rc = query_opts(c, argc, argv, cmd, 1, x)) >= 0)
		return rc;
	if (val != NULL && vo->check(val) != 0)
		return EXIT_USAGE;
	if ((rc = fold_for(c, kind, argv[optind], &st, &limit, label)) >= 0)
		return rc;
	j = val != NULL ? vo->view(st, argv[optind], val, label, limit, err) :
	    view(st, argv[optind], label, limit, err);
	as_state_free(st);
	if (j == NULL)
		return cli_fail(cli_exit_of(err), "%s", err->msg);
	cli_add_known_at(c, j);
	if (c->json)
		cli_print_json(j);
	else
		(val != NULL ? vo->render : render)(j, c->brief);
	json_decref(j);
	return EXIT_OK;
}

static int
check_basis(const char *val)
{
	as_basis b;

	return cli_basis(val, &b);
}

/* The status on the basis asked for (check_basis has read it). */
static json_t *
status_on(const as_state *st, const char *id, const char *val,
    const char *as_of, int64_t t, as_error *err)
{
	as_basis b;

	as_basis_parse(val, &b);
	return as_view_status_on(st, id, as_of, t, b, 1, err);
}

int
cmd_status(cli *c, int argc, char **argv, const command *cmd)
{
	static const struct view_opt basis = { "basis", check_basis,
	    status_on, render_status };

	return show(c, argc, argv, cmd, AS_NAME_PROPOSAL, as_view_status,
	    render_status, &basis);
}

static int
check_nationality(const char *val)
{
	if (!as_is_id(val))
		return cli_fail(EXIT_USAGE, "--nationality: '%s' must be a "
		    "country code (1-64 of a-z A-Z 0-9 . _ -)", val);
	return 0;
}

int
cmd_office(cli *c, int argc, char **argv, const command *cmd)
{
	static const struct view_opt nationality = { "nationality",
	    check_nationality, as_view_office_nationality,
	    render_office_nationality };

	return show(c, argc, argv, cmd, AS_NAME_OFFICE, as_view_office,
	    render_office, &nationality);
}

int
cmd_org(cli *c, int argc, char **argv, const command *cmd)
{
	return show(c, argc, argv, cmd, AS_NAME_ORG, as_view_org, render_org,
	    NULL);
}

/* Each organisation's proposals, folded from its own checkpoint. */
struct proposals_arg {
	int64_t		 limit;
	const char	*label;
	json_t		*list;
};

static int
proposals_of(void *arg, const char *org, as_state *st)
{
	struct proposals_arg *a = arg;
	json_t *j = as_view_proposals(st, a->label, a->limit);

	(void)org;
	if (j == NULL)
		return AS_ESTORE;
	json_array_extend(a->list, json_object_get(j, "proposals"));
	json_decref(j);
	return AS_OK;
}

int
cmd_proposals(cli *c, int argc, char **argv, const command *cmd)
{
	as_error err[1];
	char label[AS_DATE_MAX];
	struct proposals_arg a;
	as_page all = { 0 };
	int64_t known;
	as_ledger *l;
	json_t *j;
	int rc;

	if ((rc = query_opts(c, argc, argv, cmd, 0, NULL)) >= 0)
		return rc;
	memset(&a, 0, sizeof(a));
	if (cli_as_of(c, &a.limit, label) != 0)
		return EXIT_USAGE;
	if ((rc = open_known(c, &l, &known)) >= 0)
		return rc;
	a.label = label;
	a.list = json_array();
	as_error_clear(err);
	rc = as_ledger_each(l, a.limit, known, proposals_of, &a, err);
	as_ledger_close(l);
	if (rc != AS_OK) {
		json_decref(a.list);
		return cli_fail(cli_exit_of(err), "%s", err->msg[0] ? err->msg :
		    "out of memory");
	}
	/* In the order the API pages them, all on one page. */
	j = json_pack("{s:s,s:o}", "as_of", label, "proposals", a.list);
	if (j == NULL || as_page_cut(&as_list_proposals, &j, NULL, &all) != 0) {
		as_nomem(err, NULL);
		return cli_fail(cli_exit_of(err), "%s", err->msg);
	}
	return cli_answer(c, j, render_proposals);
}

int
cmd_timeline(cli *c, int argc, char **argv, const command *cmd)
{
	as_error err[1];
	char label[AS_DATE_MAX], org[AS_ID_MAX + 1];
	const char *proposal = NULL;
	int64_t limit, known;
	as_timeline_q q;
	as_ledger *l;
	json_t *j;
	int rc;

	const struct extra x[] = { { "proposal", &proposal, NULL },
		{ NULL, NULL, NULL } };

	if ((rc = query_opts(c, argc, argv, cmd, 0, x)) >= 0)
		return rc;
	if (cli_as_of(c, &limit, label) != 0)
		return EXIT_USAGE;
	if (c->as_of == NULL)
		limit = AS_TIME_NEVER;
	if ((rc = open_known(c, &l, &known)) >= 0)
		return rc;
	if (proposal != NULL && (rc = need_proposal(l, "timeline", proposal,
	    org)) >= 0)
		return rc;
	memset(&q, 0, sizeof(q));
	q.proposal = proposal;
	q.limit = limit;
	q.known = known;
	q.as_of = c->as_of ? label : NULL;
	rc = as_ledger_timeline(l, &q, &j, err);
	as_ledger_close(l);
	if (rc != AS_OK)
		return cli_fail(cli_exit_of(err), "%s", err->msg);
	return cli_answer(c, j, render_timeline);
}

/* A proposal's straw polls: the series of rounds per candidate. */
int
cmd_polls(cli *c, int argc, char **argv, const command *cmd)
{
	char label[AS_DATE_MAX];
	as_error err[1];
	const char *cand = NULL;
	const struct extra x[] = { { "candidate", &cand, NULL },
		{ NULL, NULL, NULL } };
	as_state *st;
	int64_t limit;
	json_t *j;
	int rc;

	if ((rc = query_opts(c, argc, argv, cmd, 1, x)) >= 0)
		return rc;
	if ((rc = fold_for(c, AS_NAME_PROPOSAL, argv[optind], &st, &limit,
	    label)) >= 0)
		return rc;
	j = as_view_polls(st, argv[optind], cand, label, limit, err);
	as_state_free(st);
	if (j == NULL)
		return cli_fail(cli_exit_of(err), "%s", err->msg);
	return cli_answer(c, j, render_polls);
}

int
cmd_reports(cli *c, int argc, char **argv, const command *cmd)
{
	as_error err[1];
	char label[AS_DATE_MAX];
	const char *basis = NULL;
	int csv = 0, rc;
	const struct extra x[] = { { "basis", &basis, NULL },
		{ "csv", NULL, &csv }, { NULL, NULL, NULL } };
	as_state *st;
	int64_t limit;
	as_basis b;
	json_t *j;
	char *text;

	if ((rc = query_opts(c, argc, argv, cmd, 1, x)) >= 0)
		return rc;
	if (cli_basis(basis, &b) != 0)
		return EXIT_USAGE;
	if ((rc = fold_for(c, AS_NAME_PROPOSAL, argv[optind], &st, &limit,
	    label)) >= 0)
		return rc;
	j = as_view_reports(st, argv[optind], label, limit, b, err);
	as_state_free(st);
	if (j == NULL)
		return cli_fail(cli_exit_of(err), "%s", err->msg);
	cli_add_known_at(c, j);
	if (csv) {
		if ((text = as_reports_csv(j)) == NULL) {
			json_decref(j);
			return cli_fail(EXIT_STORE, "out of memory");
		}
		fputs(text, stdout);
		free(text);
	} else if (c->json) {
		cli_print_json(j);
	} else {
		render_reports(j);
	}
	json_decref(j);
	return EXIT_OK;
}

int
cmd_citations(cli *c, int argc, char **argv, const command *cmd)
{
	as_error err[1];
	char label[AS_DATE_MAX], org[AS_ID_MAX + 1];
	int64_t limit, known;
	as_ledger *l;
	json_t *j;
	int rc;

	if ((rc = query_opts(c, argc, argv, cmd, 1, NULL)) >= 0)
		return rc;
	if (cli_as_of(c, &limit, label) != 0)
		return EXIT_USAGE;
	if (c->as_of == NULL)
		limit = AS_TIME_NEVER;
	if ((rc = open_known(c, &l, &known)) >= 0)
		return rc;
	if ((rc = need_proposal(l, "citations", argv[optind], org)) >= 0)
		return rc;
	rc = as_ledger_citations(l, argv[optind], limit, known, c->as_of ?
	    label : NULL, &j, err);
	as_ledger_close(l);
	if (rc != AS_OK)
		return cli_fail(cli_exit_of(err), "%s", err->msg);
	return cli_answer(c, j, render_citations);
}

int
cmd_changes(cli *c, int argc, char **argv, const command *cmd)
{
	as_error err[1];
	char label[AS_DATE_MAX], since_label[AS_DATE_MAX], org[AS_ID_MAX + 1];
	const char *since = NULL, *basis = NULL, *id;
	const struct extra x[] = { { "since", &since, NULL },
		{ "basis", &basis, NULL }, { NULL, NULL, NULL } };
	as_state *before = NULL, *after = NULL;
	int64_t t0, t1, known;
	json_t *tl = NULL, *j = NULL;
	as_ledger *l;
	as_basis b;
	int rc;

	if ((rc = query_opts(c, argc, argv, cmd, 1, x)) >= 0)
		return rc;
	id = argv[optind];
	if (since == NULL)
		return cli_fail(EXIT_USAGE, "changes: --since DATE is required");
	if (as_date_asof(since, &t0) != 0)
		return cli_fail(EXIT_USAGE, "--since: '%s' is not a date "
		    "(YYYY-MM-DD or YYYY-MM-DDTHH:MM:SSZ)", since);
	as_date_canon(since, since_label, NULL);
	if (cli_basis(basis, &b) != 0 || cli_as_of(c, &t1, label) != 0)
		return EXIT_USAGE;
	if (t0 >= t1)
		return cli_fail(EXIT_USAGE, "changes: --since %s is not before "
		    "the date asked about (%s)", since_label, label);
	if ((rc = open_known(c, &l, &known)) >= 0)
		return rc;
	if ((rc = need_proposal(l, "changes", id, org)) >= 0)
		return rc;
	if ((rc = as_ledger_org_state(l, org, t0, known, &before, err)) ==
	    AS_OK && (rc = as_ledger_org_state(l, org, t1, known, &after,
	    err)) == AS_OK)
	{
		as_timeline_q q = { id, t1, known, label, NULL, 0, 0 };
		rc = as_ledger_timeline(l, &q, &tl, err);
	}
	as_ledger_close(l);
	if (rc == AS_OK && (j = as_view_changes(before, after, tl, id,
	    since_label, label, t0, t1, b, err)) == NULL)
		rc = AS_EINVAL;
	as_state_free(before);
	as_state_free(after);
	json_decref(tl);
	if (rc != AS_OK)
		return cli_fail(cli_exit_of(err), "%s", err->msg);
	return cli_answer(c, j, render_changes);
}
