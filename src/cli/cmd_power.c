/*
 * assent power: exact voting-power indices of an inline weighted game
 * ("[16; 9, 9, 7, 3, 1, 1]"), or of an organisation's rule on its members
 * at a date. The computation is core/power.c; this file reads options,
 * sets the memory limit (the machine's available memory unless
 * --memory-limit), shows progress and prints.
 *
 * Exit status: 0 done; 1 the game or the organisation was refused, or the
 * computation would exceed the memory limit; 2 a bad option; 3 the ledger.
 */
#include "cli/cli.h"

#include <errno.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <time.h>
#include <unistd.h>

#include "core/alloc.h"
#include "core/power.h"
#include "core/rule.h"
#include "core/state.h"

/* Fractions longer than this are shown as decimals only in the table. */
#define POWER_FRACTION_SHOWN	24

struct power_args {
	const char	*game;		/* the inline game, or NULL */
	const char	*names;
	const char	*org;
	const char	*body;		/* --body: one of the org's bodies */
	const char	*rule;
	const char	*limit;		/* --memory-limit */
	int		 progress;
	as_power_opts	 opts;
};

static const struct {
	const char	*name;
	int		 indices;
} index_names[] = {
	{ "all", AS_POWER_ALL },
	{ "banzhaf", AS_POWER_BANZHAF },
	{ "shapley-shubik", AS_POWER_SHAPLEY },
};

/*
 * The memory available to a new allocation: MemAvailable from
 * /proc/meminfo, else the physical memory.
 */
static uint64_t
mem_available(void)
{
	char line[256];
	unsigned long long kib;
	FILE *f;

	if ((f = fopen("/proc/meminfo", "r")) != NULL) {
		while (fgets(line, sizeof(line), f) != NULL)
			if (sscanf(line, "MemAvailable: %llu kB", &kib) == 1) {
				fclose(f);
				return (uint64_t)kib * 1024;
			}
		fclose(f);
	}
	return (uint64_t)sysconf(_SC_PHYS_PAGES) * (uint64_t)sysconf(_SC_PAGESIZE);
}

/* "512M", "8G", "1048576": bytes, with binary suffixes. 0, or -1. */
static int
parse_size(const char *s, uint64_t *out)
{
	static const char suffix[] = "KMGT";
	unsigned long long v;
	const char *p;
	char *end;

	if (*s < '0' || *s > '9')
		return -1;
	errno = 0;
	v = strtoull(s, &end, 10);
	if (errno != 0)
		return -1;
	if (*end != '\0') {
		if ((p = strchr(suffix, end[0] & ~0x20)) == NULL ||
		    (end[1] != '\0' && strcmp(end + 1, "iB") != 0 &&
		    strcmp(end + 1, "B") != 0))
			return -1;
		for (long k = 0; k <= p - suffix; k++) {
			if (v > UINT64_MAX / 1024)
				return -1;
			v *= 1024;
		}
	}
	if (v == 0)
		return -1;
	*out = v;
	return 0;
}

/*
 * Progress on stderr: with --progress always; on a terminal only once a
 * run has taken POWER_PROGRESS_AFTER seconds.
 */
#define POWER_PROGRESS_AFTER	0.5

struct progress {
	int		always, shown;
	struct timespec	start;
};

static void
show_progress(void *arg, double done)
{
	struct progress *pr = arg;
	struct timespec ts;

	clock_gettime(CLOCK_MONOTONIC, &ts);
	if (!pr->always && !pr->shown && (ts.tv_sec - pr->start.tv_sec) +
	    (ts.tv_nsec - pr->start.tv_nsec) / 1e9 < POWER_PROGRESS_AFTER)
		return;
	pr->shown = 1;
	fprintf(stderr, "\rpower: %3d%%", (int)(done * 100));
	if (done >= 1)
		fputc('\n', stderr);
	fflush(stderr);
}

static int
power_opts(cli *c, int argc, char **argv, const command *cmd,
    struct power_args *a)
{
	static const struct option opts[] = { CLI_COMMON_OPTS,
		{ "names", required_argument, NULL, 'n' },
		{ "org", required_argument, NULL, 'o' },
		{ "body", required_argument, NULL, 'b' },
		{ "rule", required_argument, NULL, 'r' },
		{ "index", required_argument, NULL, 'i' },
		{ "method", required_argument, NULL, 'm' },
		{ "memory-limit", required_argument, NULL, 'l' },
		{ "progress", no_argument, NULL, 'p' },
		{ NULL, 0, NULL, 0 } };
	size_t k;
	int ch;

	while ((ch = getopt_long(argc, argv, ":h", opts, NULL)) != -1) {
		if (cli_common_opt(c, ch, optarg))
			continue;
		switch (ch) {
		case 'n': a->names = optarg; continue;
		case 'o': a->org = optarg; continue;
		case 'b': a->body = optarg; continue;
		case 'r': a->rule = optarg; continue;
		case 'l': a->limit = optarg; continue;
		case 'p': a->progress = 1; continue;
		case 'i':
			for (k = 0; k < sizeof(index_names) /
			    sizeof(index_names[0]); k++)
				if (strcmp(index_names[k].name, optarg) == 0)
					break;
			if (k == sizeof(index_names) / sizeof(index_names[0]))
				return cli_fail(EXIT_USAGE, "power: --index: '%s' "
				    "is not all, banzhaf or shapley-shubik",
				    optarg);
			a->opts.indices = index_names[k].indices;
			continue;
		case 'm':
			a->opts.method = as_power_method_parse(optarg);
			if (a->opts.method == AS_METHOD_COUNT ||
			    a->opts.method == AS_METHOD_TRIVIAL)
				return cli_fail(EXIT_USAGE, "power: --method: '%s' "
				    "is not auto, weighted, dp, small-dims, "
				    "meet-in-the-middle or enumeration", optarg);
			continue;
		}
		return cli_bad_opt(c, cmd->name, ch, argv);
	}
	if (c->help) {
		cli_usage(c, cmd);
		printf("\nOptions:\n"
		    "  --names A,B,C         the players' names, in order\n"
		    "  --org ORG             the game of ORG's rule on its members"
		    " (with --as-of)\n"
		    "  --body BODY           the game of one of ORG's bodies: its"
		    " rule on its seats\n"
		    "  --rule RULE           another rule (JSON or text form)"
		    " on ORG's members\n"
		    "  --index WHICH         all (default), banzhaf or "
		    "shapley-shubik\n"
		    "  --method M            auto (default), weighted, dp, "
		    "small-dims,\n"
		    "                        meet-in-the-middle, enumeration\n"
		    "  --memory-limit SIZE   refuse beyond SIZE (e.g. 512M, 8G;"
		    " default: available memory)\n"
		    "  --progress            show progress on stderr (default: "
		    "when it is a terminal)\n");
		return EXIT_OK;
	}
	if (a->org == NULL && argc - optind != 1)
		return cli_fail(EXIT_USAGE, "usage: %s %s %s", c->prog,
		    cmd->name, cmd->args);
	if (a->org != NULL && argc - optind != 0)
		return cli_fail(EXIT_USAGE, "power: give either a GAME or "
		    "--org ORG, not both");
	if (a->org == NULL && (a->rule != NULL || c->as_of != NULL ||
	    a->body != NULL))
		return cli_fail(EXIT_USAGE, "power: --rule, --body and --as-of "
		    "need --org ORG");
	if (a->org != NULL && a->names != NULL)
		return cli_fail(EXIT_USAGE, "power: --names is for an inline "
		    "game; an organisation's players are its members");
	if (a->limit != NULL && parse_size(a->limit, &a->opts.mem_limit) != 0)
		return cli_fail(EXIT_USAGE, "power: --memory-limit: '%s' is not "
		    "a size (e.g. 512M, 8G)", a->limit);
	a->game = a->org == NULL ? argv[optind] : NULL;
	return -1;
}

/*
 * The game of an organisation's rule (or --rule) on the members active
 * at --as-of, each named by its code; with --body, of the body's rule
 * (or --rule) on the members seated on it then, with their seats'
 * weights. Returns -1 with g filled, or the exit code after printing
 * the error.
 */
static int
org_game(const cli *c, const struct power_args *a, as_game *g)
{
	as_error err[1];
	char label[AS_DATE_MAX];
	as_rule *own = NULL;
	const as_rule *rule;
	as_ballot *b = NULL;
	as_state *st = NULL;
	const as_body *body = NULL;
	as_org *o;
	json_t *spec;
	int64_t limit;
	size_t n = 0;
	int rc = EXIT_REFUSED;

	if ((rc = fold_for(c, AS_NAME_ORG, a->org, &st, &limit, label)) != -1)
		return rc;
	rc = EXIT_REFUSED;
	if ((o = as_state_org(st, a->org)) == NULL) {
		cli_fail(EXIT_REFUSED, "power: unknown organisation '%s'", a->org);
		goto done;
	}
	rule = o->rule;
	if (a->body != NULL && (body = as_org_body(o, a->body)) == NULL) {
		cli_fail(EXIT_REFUSED, "power: --body: unknown body '%s' of %s",
		    a->body, o->id);
		goto done;
	}
	if (body != NULL && body->rule != NULL)
		rule = body->rule;
	if (a->rule != NULL) {
		spec = a->rule[0] == '{' ? json_loads(a->rule, 0, NULL) :
		    as_rule_text_parse(a->rule, err);
		if (spec == NULL) {
			cli_fail(cli_exit_of(err), "power: --rule: %s",
			    a->rule[0] ==
			    '{' ? "not valid JSON" : err->msg);
			goto done;
		}
		own = as_rule_parse(spec, err);
		json_decref(spec);
		if (own == NULL) {
			cli_fail(cli_exit_of(err), "power: --rule: %s",
			    err->msg);
			goto done;
		}
		rule = own;
	}
	if ((b = as_calloc(o->nmembers + 1, sizeof(*b))) == NULL) {
		cli_fail(EXIT_STORE, "power: out of memory");
		goto done;
	}
	for (size_t i = 0; i < o->nmembers; i++) {
		const as_seat *seat = NULL;
		if (!as_member_active(&o->members[i], limit) || (body != NULL &&
		    (seat = as_body_seat_at(body, o->members[i].code,
		    limit)) == NULL))
			continue;
		b[n].code = o->members[i].code;
		b[n].weights = seat != NULL ? as_seat_weights(o, seat) :
		    json_object_get(o->members[i].data, "weights");
		b[n].since = b[n].broke = AS_TIME_NEVER;
		n++;
	}
	if (as_rule_game(rule, b, n, g, err) != 0) {
		cli_fail(cli_exit_of(err), "power: %s", err->msg);
		goto done;
	}
	if (g->names == NULL) {
		if ((g->names = as_calloc(n, sizeof(*g->names))) == NULL) {
			cli_fail(EXIT_STORE, "power: out of memory");
			goto done;
		}
		for (size_t i = 0; i < n; i++)
			if ((g->names[i] = as_strdup(b[i].code)) == NULL) {
				cli_fail(EXIT_STORE, "power: out of memory");
				goto done;
			}
	}
	rc = -1;
done:
	if (rc != -1)
		as_game_free(g);
	free(b);
	as_rule_free(own);
	as_state_free(st);
	return rc;
}

/* A fraction as a new string, "421/2145" or "0"; NULL if out of memory. */
static char *
fraction(const mpq_t q)
{
	return mpq_get_str(NULL, 10, q);
}

static json_t *
index_json(const mpq_t q)
{
	char *s = fraction(q);
	json_t *j = json_pack("{s:s, s:f}", "fraction", s, "decimal",
	    mpq_get_d(q));

	free(s);
	return j;
}

/* A weight or quota: a JSON integer, or a string beyond INT64_MAX. */
static json_t *
u64_json(uint64_t v)
{
	char buf[24];

	if (v <= INT64_MAX)
		return json_integer((json_int_t)v);
	snprintf(buf, sizeof(buf), "%llu", (unsigned long long)v);
	return json_string(buf);
}

static json_t *
weights_json(const as_game *g, size_t i)
{
	json_t *w = json_array();

	for (size_t d = 0; d < g->dims; d++)
		json_array_append_new(w, u64_json(g->w[i * g->dims + d]));
	return w;
}

static json_t *
power_json(const as_game *g, const as_power *p, const struct power_args *a)
{
	json_t *j = json_object(), *players = json_array(), *quotas;
	char *s;

	json_object_set_new(j, "game", a->game ? json_string(a->game) :
	    json_null());
	if (a->org != NULL) {
		json_object_set_new(j, "org", json_string(a->org));
		json_object_set_new(j, "body", a->body ? json_string(a->body) :
		    json_null());
	}
	json_object_set_new(j, "n", json_integer((json_int_t)g->n));
	json_object_set_new(j, "dims", json_integer((json_int_t)g->dims));
	quotas = json_array();
	for (size_t t = 0; t < g->nterms; t++) {
		json_t *q = json_array();

		for (size_t d = 0; d < g->dims; d++)
			json_array_append_new(q, u64_json(g->q[t * g->dims + d]));
		json_array_append_new(quotas, q);
	}
	json_object_set_new(j, "quotas", quotas);
	json_object_set_new(j, "method",
	    json_string(as_power_method_name(p->plan.method)));
	if (p->indices & AS_POWER_BANZHAF) {
		s = mpz_get_str(NULL, 10, p->total);
		json_object_set_new(j, "total_swings", json_string(s));
		free(s);
	}
	for (size_t i = 0; i < g->n; i++) {
		json_t *pl = json_object();

		json_object_set_new(pl, "name", g->names ?
		    json_string(g->names[i]) : json_null());
		json_object_set_new(pl, "weights", weights_json(g, i));
		if (p->indices & AS_POWER_BANZHAF) {
			s = mpz_get_str(NULL, 10, p->swings[i]);
			json_object_set_new(pl, "swings", json_string(s));
			free(s);
			json_object_set_new(pl, "banzhaf",
			    index_json(p->banzhaf[i]));
			json_object_set_new(pl, "banzhaf_normalised",
			    index_json(p->normalised[i]));
		}
		if (p->indices & AS_POWER_SHAPLEY)
			json_object_set_new(pl, "shapley_shubik",
			    index_json(p->shapley[i]));
		json_array_append_new(players, pl);
	}
	json_object_set_new(j, "players", players);
	return j;
}

/* The widest fraction of v that the table shows (0: decimals only). */
static int
fraction_width(mpq_t *v, size_t n)
{
	int w = 0;

	for (size_t i = 0; i < n; i++) {
		char *s = fraction(v[i]);
		int len = (int)strlen(s);

		if (len <= POWER_FRACTION_SHOWN && len > w)
			w = len;
		free(s);
	}
	return w;
}

/* One cell: "1/3 0.333333", or the decimal alone if the fraction is long. */
static int
print_index(const mpq_t q, int w)
{
	char *s = fraction(q);
	int elided = strlen(s) > POWER_FRACTION_SHOWN;

	printf("  %*s%s%.6f", w, elided ? "" : s, w ? " " : "", mpq_get_d(q));
	free(s);
	return elided;
}

/* Player i's weights, "9" or "1,5000", into buf. */
static void
weights_text(const as_game *g, size_t i, char *buf, size_t len)
{
	size_t off = 0;

	buf[0] = '\0';
	for (size_t d = 0; d < g->dims && off < len; d++)
		off += (size_t)snprintf(buf + off, len - off, "%s%llu",
		    d ? "," : "", (unsigned long long)g->w[i * g->dims + d]);
}

static void
power_print(const as_game *g, const as_power *p, const struct power_args *a)
{
	static const char *const head[] = { "Banzhaf (raw)",
	    "Banzhaf (normalised)", "Shapley-Shubik" };
	mpq_t *col[3] = { p->banzhaf, p->normalised, p->shapley };
	int fw[3] = { 0, 0, 0 }, cw[3], elided = 0, namew = 6, ww = 6, sw = 6;
	char buf[256];

	if (a->org != NULL)
		printf("organisation %s%s%s: %zu members, %zu dimension%s, %zu "
		    "term%s\n", a->org, a->body ? ", body " : "",
		    a->body ? a->body : "", g->n, g->dims, g->dims > 1 ? "s" : "",
		    g->nterms, g->nterms > 1 ? "s" : "");
	else
		printf("game %s: %zu players\n", a->game, g->n);
	printf("method: %s\n\n", as_power_method_name(p->plan.method));
	for (size_t i = 0; i < g->n; i++) {
		if (g->names && (int)strlen(g->names[i]) > namew)
			namew = (int)strlen(g->names[i]);
		weights_text(g, i, buf, sizeof(buf));
		if ((int)strlen(buf) > ww)
			ww = (int)strlen(buf);
		if (p->swings && (int)mpz_sizeinbase(p->swings[i], 10) > sw)
			sw = (int)mpz_sizeinbase(p->swings[i], 10);
	}
	for (int k = 0; k < 3; k++) {
		if (col[k] != NULL)
			fw[k] = fraction_width(col[k], g->n);
		cw[k] = fw[k] + (fw[k] ? 1 : 0) + 8;
		if (cw[k] < (int)strlen(head[k]))
			cw[k] = (int)strlen(head[k]);
		if (cw[k] > fw[k] + (fw[k] ? 1 : 0) + 8)
			fw[k] = cw[k] - 9;	/* pad the fraction instead */
	}
	printf("%-*s  %*s", namew, "player", ww, "weight");
	if (p->swings)
		printf("  %*s", sw, "swings");
	for (int k = 0; k < 3; k++)
		if (col[k] != NULL)
			printf("  %*s", cw[k], head[k]);
	printf("\n");
	for (size_t i = 0; i < g->n; i++) {
		if (g->names)
			printf("%-*s", namew, g->names[i]);
		else
			printf("%-*zu", namew, i + 1);
		weights_text(g, i, buf, sizeof(buf));
		printf("  %*s", ww, buf);
		if (p->swings) {
			char *s = mpz_get_str(NULL, 10, p->swings[i]);

			printf("  %*s", sw, s);
			free(s);
		}
		for (int k = 0; k < 3; k++)
			if (col[k] != NULL)
				elided |= print_index(col[k][i], fw[k]);
		printf("\n");
	}
	if (elided)
		printf("\nFractions longer than %d characters are shown as "
		    "decimals; --json gives them all.\n", POWER_FRACTION_SHOWN);
}

int
cmd_power(cli *c, int argc, char **argv, const command *cmd)
{
	struct power_args a;
	struct progress pr = { 0, 0, { 0, 0 } };
	as_error err[1];
	char need[32];
	as_power p;
	as_game g;
	int rc;

	memset(&a, 0, sizeof(a));
	memset(&g, 0, sizeof(g));
	a.opts.indices = AS_POWER_ALL;
	a.opts.method = AS_METHOD_AUTO;
	if ((rc = power_opts(c, argc, argv, cmd, &a)) >= 0)
		return rc;
	if (a.limit == NULL)
		a.opts.mem_limit = mem_available();
	if (a.progress || isatty(STDERR_FILENO)) {
		pr.always = a.progress;
		clock_gettime(CLOCK_MONOTONIC, &pr.start);
		a.opts.progress = show_progress;
		a.opts.arg = &pr;
	}
	if (a.org != NULL) {
		if ((rc = org_game(c, &a, &g)) >= 0)
			return rc;
	} else if (as_game_parse(a.game, &g, err) != 0 ||
	    (a.names != NULL && as_game_set_names(&g, a.names, err) != 0)) {
		as_game_free(&g);
		return cli_fail(cli_exit_of(err), "power: %s", err->msg);
	}
	if (as_power_compute(&g, &a.opts, &p, err) != 0) {
		as_power_opts bz = a.opts;
		as_power_plan plan;
		as_error dummy[1];

		/* Say when Banzhaf alone would fit. */
		bz.indices = AS_POWER_BANZHAF;
		if (a.opts.indices == AS_POWER_ALL &&
		    err->kind == AS_ELIMIT &&
		    as_power_estimate(&g, &bz, &plan, dummy) == 0) {
			as_power_bytes(plan.bytes, need, sizeof(need));
			rc = cli_fail(cli_exit_of(err),
			    "power: %s for Shapley-Shubik;"
			    " --index banzhaf needs about %s", err->msg, need);
		} else
			rc = cli_fail(cli_exit_of(err), "power: %s", err->msg);
		as_game_free(&g);
		return rc;
	}
	if (c->json) {
		json_t *j = power_json(&g, &p, &a);

		cli_print_json(j);
		json_decref(j);
	} else
		power_print(&g, &p, &a);
	as_power_free(&p);
	as_game_free(&g);
	return EXIT_OK;
}
