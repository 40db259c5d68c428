/*
 * assent token add|list|revoke: the API's tokens (see store/tokens.h).
 * A token is printed once, by add; the ledger keeps only its hash.
 */
#include "cli/cli.h"

#include <stdio.h>
#include <string.h>

#include "store/tokens.h"

static void
list_one(void *arg, const as_principal *p, const char *created,
    const char *revoked)
{
	json_t *a = arg;

	if (a != NULL) {
		json_array_append_new(a, json_pack("{s:I,s:s,s:s,s:s?,s:s?,s:s,"
		    "s:s?}", "id", (json_int_t)p->id, "name", p->name, "role",
		    as_role_name(p->role), "org", p->org[0] ? p->org : NULL,
		    "member", p->member[0] ? p->member : NULL, "created",
		    created, "revoked", revoked[0] ? revoked : NULL));
		return;
	}
	printf("%-4lld %-20s %-12s %-12s %-8s %s%s%s\n", (long long)p->id,
	    p->name, as_role_name(p->role), p->org[0] ? p->org : "-",
	    p->member[0] ? p->member : "-", created, revoked[0] ?
	    " revoked " : "", revoked);
}

/*
 * Whether org exists, and member (unless "") is one of its members, now or
 * to come: AS_OK, AS_EINVAL with err saying which is unknown, AS_ESTORE.
 */
static int
known_member(as_ledger *l, const char *org, const char *member, as_error *err)
{
	char owner[AS_ID_MAX + 1];
	as_state *st = NULL;
	const as_org *o;
	int rc;

	if ((rc = as_ledger_name(l, AS_NAME_ORG, org, owner, err)) < 0)
		return AS_ESTORE;
	if (rc == 0)
		return as_err(err, "--org: unknown organisation '%s'", org),
		    AS_EINVAL;
	if (member[0] == '\0')
		return AS_OK;
	if ((rc = as_ledger_org_state(l, org, AS_TIME_NEVER, AS_SEQ_END, &st,
	    err)) != AS_OK)
		return rc;
	o = as_state_org(st, org);
	rc = o != NULL && as_org_member(o, member, NULL) != NULL ? AS_OK :
	    (as_err(err, "--member: '%s' is not a member of %s", member, org),
	    AS_EINVAL);
	as_state_free(st);
	return rc;
}

int
cmd_token(cli *c, int argc, char **argv, const command *cmd)
{
	struct option opts[] = { CLI_COMMON_OPTS,
		{ "name", required_argument, NULL, 'n' },
		{ "role", required_argument, NULL, 'r' },
		{ "org", required_argument, NULL, 'o' },
		{ "member", required_argument, NULL, 'm' },
		{ NULL, 0, NULL, 0 } };
	const char *name = NULL, *role = NULL, *org = "", *member = "", *verb;
	as_error err[1];
	char now[AS_DATE_MAX], token[AS_TOKEN_MAX];
	as_principal p;
	as_tokens *t;
	as_ledger *l;
	int ch, rc, created;

	while ((ch = getopt_long(argc, argv, ":h", opts, NULL)) != -1) {
		if (cli_common_opt(c, ch, optarg))
			continue;
		switch (ch) {
		case 'n': name = optarg; continue;
		case 'r': role = optarg; continue;
		case 'o': org = optarg; continue;
		case 'm': member = optarg; continue;
		}
		return cli_bad_opt(c, cmd->name, ch, argv);
	}
	if (c->help) {
		cli_usage(c, cmd);
		printf("\nToken options:\n"
		    "  --name NAME      the principal's name, recorded as the "
		    "actor of its writes\n"
		    "  --role ROLE      admin, secretariat, delegation or observer\n"
		    "  --org ORG        the organisation (secretariat, delegation)\n"
		    "  --member CODE    the member a delegation speaks for\n");
		return EXIT_OK;
	}
	verb = optind < argc ? argv[optind] : "";
	if (strcmp(verb, "add") == 0 && optind + 1 == argc) {
		if (name == NULL || role == NULL)
			return cli_fail(EXIT_USAGE, "token add: --name and "
			    "--role are required");
		memset(&p, 0, sizeof(p));
		if (as_role_find(role) < 0)
			return cli_fail(EXIT_USAGE, "token add: --role: '%s' is "
			    "not admin, secretariat, delegation or observer",
			    role);
		p.role = (enum as_role)as_role_find(role);
		if (strlen(name) >= sizeof(p.name) ||
		    strlen(org) >= sizeof(p.org) ||
		    strlen(member) >= sizeof(p.member))
			return cli_fail(EXIT_USAGE, "token add: --name, --org "
			    "and --member are identifiers of at most %d "
			    "characters", AS_ID_MAX);
		snprintf(p.name, sizeof(p.name), "%s", name);
		snprintf(p.org, sizeof(p.org), "%s", org);
		snprintf(p.member, sizeof(p.member), "%s", member);
	} else if (strcmp(verb, "revoke") == 0 && optind + 2 == argc) {
		name = argv[optind + 1];
	} else if (strcmp(verb, "list") != 0 || optind + 1 != argc) {
		return cli_fail(EXIT_USAGE, "usage: %s token %s", c->prog,
		    cmd->args);
	}
	/* Tokens live in the ledger's file: make it if it is not there. */
	if ((l = cli_open_write(c, &created)) == NULL)
		return EXIT_STORE;
	if (strcmp(verb, "add") == 0 && org[0] != '\0' &&
	    (rc = known_member(l, org, member, err)) != AS_OK) {
		cli_write_done(c, l, created, 1);
		return cli_fail(cli_exit_of(err), "token add: %s", err->msg);
	}
	cli_write_done(c, l, created, 0);
	if ((t = as_tokens_open(c->db, err)) == NULL)
		return cli_fail(cli_exit_of(err), "%s", err->msg);
	cli_now(now, NULL);
	if (strcmp(verb, "add") == 0) {
		rc = as_tokens_add(t, &p, now, token, err);
		if (rc == AS_OK)
			printf("%s\n", token);
	} else if (strcmp(verb, "revoke") == 0) {
		rc = as_tokens_revoke(t, name, now, err);
		if (rc == AS_OK && !c->json)
			printf("revoked %s\n", name);
	} else if (c->json) {
		json_t *a = json_array();
		rc = as_tokens_list(t, list_one, a, err);
		if (rc == AS_OK)
			cli_print_json(a);
		json_decref(a);
	} else {
		rc = as_tokens_list(t, list_one, NULL, err);
	}
	as_tokens_close(t);
	if (rc != AS_OK)
		return cli_fail(cli_exit_of(err), "%s", err->msg);
	return EXIT_OK;
}
