/*
 * assent analyse: a proposal's outcome under its rule, the pivotal
 * members, the smallest sets of members whose support would carry it, and
 * what-if positions (--if CODE=STANCE) that are never written.
 */
#include "cli/cli.h"

#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "core/alloc.h"
#include "core/analyse.h"
#include "core/state.h"
#include "store/query.h"


/* Parses CODE=STANCE into w; 0, or the exit code after the message. */
static int
parse_whatif(char *arg, as_whatif *w)
{
	char *eq = strchr(arg, '=');

	if (eq == NULL || eq == arg)
		return cli_fail(EXIT_USAGE, "analyse: --if: expected "
		    "MEMBER=STANCE, e.g. HUN=support (got '%s')", arg);
	*eq = '\0';
	w->code = arg;
	if (as_stance_parse(eq + 1, &w->stance) != 0)
		return cli_fail(EXIT_USAGE, "analyse: --if %s: stance '%s' must "
		    "be support, object, abstain or none", arg, eq + 1);
	return 0;
}

static void
print_codes_of(const json_t *set)
{
	size_t i;
	json_t *c;

	json_array_foreach(set, i, c)
		printf("%s%s", i ? " " : "", json_string_value(c));
}

/* Says plainly where an analysis stopped short, and why. */
static void
print_cut_off(const json_t *a)
{
	const json_t *cut = json_object_get(a, "cut_off"),
	    *budget = json_object_get(a, "budget");
	const char *by = json_string_value(json_object_get(cut, "by"));

	if (by == NULL)
		return;
	if (strcmp(by, "time") == 0)
		printf("CUT OFF: the time limit (%lld ms) ran out during the %s",
		    (long long)json_integer_value(json_object_get(budget,
		    "time_limit_ms")), json_string_value(json_object_get(cut,
		    "during")));
	else
		printf("CUT OFF: the %lld evaluations allowed were spent during "
		    "the %s", (long long)json_integer_value(json_object_get(
		    budget, "evaluations")), json_string_value(json_object_get(
		    cut, "during")));
	printf(strcmp(json_string_value(json_object_get(cut, "during")),
	    "pivotal") == 0 ? "; the pivotal members listed above may not be "
	    "all, and no set was searched\n" : "; the sets below are those "
	    "found by then\n");
}

static void
render_analysis(const json_t *a)
{
	const json_t *sets = json_object_get(a, "minimal_sets"), *e;
	const char *cand = json_string_value(json_object_get(a, "candidate"));
	size_t i;

	printf("%s%s%s as of %s · rule: %s · basis: %s%s\n",
	    json_string_value(json_object_get(a, "proposal")),
	    cand ? " / " : "", cand ? cand : "",
	    json_string_value(json_object_get(a, "as_of")),
	    json_string_value(json_object_get(json_object_get(a, "rule"),
	    "text")), json_string_value(json_object_get(a, "basis")),
	    json_is_true(json_object_get(a, "basis_default")) ?
	    " (the default)" : "");
	if (json_array_size(json_object_get(a, "what_if")) > 0) {
		printf("what if (not recorded):");
		json_array_foreach(json_object_get(a, "what_if"), i, e)
			printf(" %s=%s", json_string_value(json_object_get(e,
			    "member")), json_string_value(json_object_get(e,
			    "stance")));
		printf("\n");
	}
	printf("outcome: %s: %s\n", json_string_value(json_object_get(a,
	    "outcome")), json_string_value(json_object_get(a, "explanation")));
	if (json_is_string(json_object_get(a, "decided_on")))
		printf("decided on %s: no one is pivotal, a decision taken "
		    "stands whatever the stances\n", json_string_value(
		    json_object_get(a, "decided_on")));
	else if (json_array_size(json_object_get(a, "pivotal")) == 0)
		printf("pivotal: none (no single member's change flips it)\n");
	else
		printf("pivotal (a change alone flips it):\n");
	json_array_foreach(json_object_get(a, "pivotal"), i, e)
		printf("  %s: %s -> %s makes it %s\n",
		    json_string_value(json_object_get(e, "member")),
		    json_string_value(json_object_get(e, "stance")),
		    json_string_value(json_object_get(e, "change_to")),
		    json_string_value(json_object_get(e, "outcome")));
	print_cut_off(a);
	if (json_string_value(json_object_get(sets, "note")) != NULL) {
		printf("smallest sets: %s\n",
		    json_string_value(json_object_get(sets, "note")));
		return;
	}
	if (json_array_size(json_object_get(sets, "sets")) == 0)
		printf("no set of up to %lld members not yet in favour would "
		    "carry it\n", (long long)json_integer_value(
		    json_object_get(sets, "searched_up_to")));
	else
		printf("smallest sets whose support would carry it (%lld %s):\n",
		    (long long)json_integer_value(json_object_get(sets,
		    "smallest")), json_integer_value(json_object_get(sets,
		    "smallest")) == 1 ? "member" : "members");
	json_array_foreach(json_object_get(sets, "sets"), i, e) {
		printf("  ");
		print_codes_of(e);
		printf("\n");
	}
	if (!json_is_true(json_object_get(sets, "complete")))
		printf("  (listed: every minimal set of up to %lld members, at "
		    "most %lld sets)\n", (long long)json_integer_value(
		    json_object_get(sets, "searched_up_to")),
		    (long long)json_integer_value(json_object_get(sets, "limit")));
}

int
cmd_analyse(cli *c, int argc, char **argv, const command *cmd)
{
	struct option opts[] = { CLI_COMMON_OPTS,
		{ "candidate", required_argument, NULL, 'C' },
		{ "if", required_argument, NULL, 'I' },
		{ "limit", required_argument, NULL, 'L' },
		{ "basis", required_argument, NULL, 'S' },
		{ "time-limit", required_argument, NULL, 'M' },
		{ NULL, 0, NULL, 0 } };
	const char *basis = NULL;
	as_basis b;
	as_whatif w[AS_WHATIF_MAX];
	const char *candidate = NULL;
	as_error err[1];
	char label[AS_DATE_MAX], *end;
	size_t nw = 0;
	long limit = AS_ANALYSE_LIMIT;
	double secs;
	int64_t t, ms = AS_ANALYSE_TIME_MS;
	as_analyse_budget budget;
	as_deadline deadline;
	as_state *st;
	json_t *a;
	int ch, rc;

	while ((ch = getopt_long(argc, argv, ":h", opts, NULL)) != -1) {
		if (cli_common_opt(c, ch, optarg))
			continue;
		switch (ch) {
		case 'C':
			candidate = optarg;
			continue;
		case 'I':
			if (nw == AS_WHATIF_MAX)
				return cli_fail(EXIT_USAGE, "analyse: at most %d "
				    "--if", AS_WHATIF_MAX);
			if ((rc = parse_whatif(optarg, &w[nw])) != 0)
				return rc;
			nw++;
			continue;
		case 'S':
			basis = optarg;
			continue;
		case 'M':
			secs = strtod(optarg, &end);
			if (*end != '\0' || end == optarg || !(secs > 0) ||
			    secs * 1000 > AS_ANALYSE_TIME_MAX_MS)
				return cli_fail(EXIT_USAGE, "analyse: --time-limit "
				    "must be a number of seconds above 0, at most "
				    "%d", AS_ANALYSE_TIME_MAX_MS / 1000);
			ms = (int64_t)(secs * 1000 + 0.5);
			if (ms < 1)
				ms = 1;
			continue;
		case 'L':
			limit = strtol(optarg, &end, 10);
			if (*end != '\0' || end == optarg || limit < 1 ||
			    limit > AS_ANALYSE_LIMIT_MAX)
				return cli_fail(EXIT_USAGE, "analyse: --limit must "
				    "be a number from 1 to %d",
				    AS_ANALYSE_LIMIT_MAX);
			continue;
		}
		return cli_bad_opt(c, cmd->name, ch, argv);
	}
	if (c->help) {
		cli_usage(c, cmd);
		return EXIT_OK;
	}
	if (argc - optind != 1)
		return cli_fail(EXIT_USAGE, "usage: %s %s %s", c->prog,
		    cmd->name, cmd->args);
	if (cli_basis(basis, &b) != 0)
		return EXIT_USAGE;
	if ((rc = fold_for(c, AS_NAME_PROPOSAL, argv[optind], &st, &t,
	    label)) != -1)
		return rc;
	/* The clock starts once the state is folded: it bounds the analysis. */
	as_analyse_deadline(&budget, &deadline, ms);
	budget.ask_candidate = "--candidate";
	a = as_analyse(st, argv[optind], candidate, label, t, b, w, nw,
	    (size_t)limit, &budget, err);
	as_state_free(st);
	if (a == NULL)
		return cli_fail(cli_exit_of(err), "%s", err->msg);
	json_object_set_new(a, "basis_default", json_boolean(basis == NULL));
	return cli_answer(c, a, render_analysis);
}
