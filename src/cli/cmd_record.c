/*
 * The event subcommands: one per event type, their options made from the
 * type's fields ("nominated_by" is --nominated-by), the payload checked by
 * the same code as every other write.
 */
#include "cli/cli.h"

#include <math.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "core/casefile.h"
#include "core/chain.h"
#include "core/rule.h"

#define MAX_OPTS 24

/* Converts one option's text into the field's JSON value. */
static json_t *
field_value(const as_field *f, const char *arg, as_error *err)
{
	json_error_t je;
	json_t *v;

	switch (f->type) {
	case AS_F_IDLIST: {
		char *copy = strdup(arg), *tok, *save = NULL;
		v = json_array();
		for (tok = strtok_r(copy, ",", &save); tok != NULL;
		    tok = strtok_r(NULL, ",", &save))
			json_array_append_new(v, json_string(tok));
		free(copy);
		return v;
	}
	case AS_F_WEIGHTS:
		if (arg[0] == '{')
			break;
		{
			char *copy = strdup(arg), *tok, *save = NULL;
			v = json_object();
			for (tok = strtok_r(copy, ",", &save); tok != NULL;
			    tok = strtok_r(NULL, ",", &save)) {
				char *eq = strchr(tok, '='), *end;
				double d;
				if (eq == NULL || eq == tok) {
					as_err(err, "--%s: expected NAME=NUMBER,... "
					    "(got '%s')", f->name, tok);
					free(copy);
					json_decref(v);
					return NULL;
				}
				*eq = '\0';
				d = strtod(eq + 1, &end);
				if (*end != '\0' || end == eq + 1 || !isfinite(d)) {
					as_err(err, "--%s: '%s' is not a number",
					    f->name, eq + 1);
					free(copy);
					json_decref(v);
					return NULL;
				}
				/* Whole numbers in range stay integers. */
				json_object_set_new(v, tok, fabs(d) < 9e15 &&
				    d == floor(d) ? json_integer((json_int_t)d) :
				    json_real(d));
			}
			free(copy);
			return v;
		}
	case AS_F_SEQ:
	case AS_F_ORDINAL: {
		char *end;
		long long n = strtoll(arg, &end, 10);
		if (*arg == '\0' || *end != '\0' || n < 1) {
			as_err(err, "--%s: '%s' is not %s", f->name, arg,
			    f->type == AS_F_SEQ ? "an event's sequence number "
			    "(a whole number from 1)" : "a whole number from 1");
			return NULL;
		}
		return json_integer((json_int_t)n);
	}
	case AS_F_COUNT: {
		char *end;
		long long n = strtoll(arg, &end, 10);
		if (*arg == '\0' || *end != '\0' || n < 0) {
			as_err(err, "--%s: '%s' is not a whole number from 0",
			    f->name, arg);
			return NULL;
		}
		return json_integer((json_int_t)n);
	}
	case AS_F_OBJECT:
		break;
	case AS_F_FLAG:
		if (strcmp(arg, "true") == 0 || strcmp(arg, "false") == 0)
			return json_boolean(arg[0] == 't');
		as_err(err, "--%s: '%s' must be true or false", f->name, arg);
		return NULL;
	case AS_F_RULE: {
		/* The text form, stored as its JSON form. */
		as_error rerr[1];
		if (arg[0] == '{')
			break;
		if ((v = as_rule_text_parse(arg, rerr)) == NULL)
			as_wrap(err, rerr, "--%s", f->name);
		return v;
	}
	default:
		return json_string(arg);
	}
	if ((v = json_loads(arg, 0, &je)) == NULL)
		as_err(err, "--%s: not valid JSON: %s", f->name, je.text);
	return v;
}

int
cmd_record(cli *c, int argc, char **argv, const command *cmd)
{
	const as_event_type *t = cmd->type;
	static const struct option common[] = { CLI_COMMON_OPTS };
	struct option opts[MAX_OPTS + 8] = { CLI_COMMON_OPTS };
	as_error err[1];
	char names[MAX_OPTS][48], recorded[AS_DATE_MAX],
	    hash[2 * AS_HASH_LEN + 1];
	const char *date = NULL;
	json_t *data = json_object();
	size_t nf = 0, ncommon = sizeof(common) / sizeof(common[0]);
	as_write w = { 0 };
	int undated;
	as_event ev;
	as_ledger *l = NULL;
	int ch, idx, created = 0, rc = EXIT_USAGE;

	for (const as_field *f = t->fields; f->name && nf < MAX_OPTS; f++, nf++) {
		snprintf(names[nf], sizeof(names[nf]), "%s", f->name);
		for (char *p = names[nf]; *p; p++)
			if (*p == '_')
				*p = '-';
		opts[ncommon + nf] = (struct option){ names[nf],
		    required_argument, NULL, 1000 + (int)nf };
	}
	opts[ncommon + nf] = (struct option){ "date", required_argument, NULL, 'd' };
	while ((ch = getopt_long(argc, argv, ":h", opts, &idx)) != -1) {
		if (cli_common_opt(c, ch, optarg))
			continue;
		if (ch == 'd') {
			date = optarg;
		} else if (ch >= 1000 && ch < 1000 + (int)nf) {
			const as_field *f = &t->fields[ch - 1000];
			json_t *v = field_value(f, optarg, err);
			if (v == NULL) {
				/* Over a limit (a rule's) is refused input. */
				rc = cli_fail(err->kind == AS_ELIMIT ?
				    EXIT_REFUSED : EXIT_USAGE, "%s", err->msg);
				goto done;
			}
			json_object_set_new(data, f->name, v);
		} else {
			rc = cli_bad_opt(c, cmd->name, ch, argv);
			goto done;
		}
	}
	if (c->help) {
		cli_usage(c, cmd);
		rc = EXIT_OK;
		goto done;
	}
	if (optind < argc) {
		rc = cli_fail(EXIT_USAGE, "%s: unexpected argument '%s'",
		    cmd->name, argv[optind]);
		goto done;
	}
	if (date != NULL && (t->flags & (AS_T_TIMELESS | AS_T_CORRECTS))) {
		rc = cli_fail(EXIT_USAGE, "%s: --date is not taken: %s", cmd->name,
		    t->flags & AS_T_CORRECTS ? "a correction is dated as the "
		    "event it corrects" : "a record without a place in the "
		    "history is dated " AS_TIMELESS_DATE);
		goto done;
	}
	cli_now(recorded, NULL);
	if ((undated = date == NULL))
		date = recorded;	/* dated again when it is recorded */
	if (as_event_init(&ev, date, t->name, c->actor, data, err) != 0) {
		rc = cli_fail(EXIT_USAGE, "--date: %s", err->msg);
		goto done;
	}
	/* A missing or malformed option is a usage error: say so before
	 * opening anything. */
	if (as_schema_check(t, data, err) != 0) {
		as_event_clear(&ev);
		rc = cli_fail(err->kind == AS_ELIMIT ? EXIT_REFUSED : EXIT_USAGE,
		    "%s", err->msg);
		goto done;
	}
	if ((l = cli_open_write(c, &created)) == NULL) {
		as_event_clear(&ev);
		rc = EXIT_STORE;
		goto done;
	}
	w.ev = &ev;
	w.undated = undated;
	if (as_ledger_write(l, &w, 1, recorded, 1, NULL, err) != AS_OK) {
		rc = cli_fail(cli_exit_of(err), "%s", err->msg);
	} else {
		as_hex(ev.hash, AS_HASH_LEN, hash);
		if (c->json) {
			json_t *j = as_event_json(&ev, 1);
			cli_print_json(j);
			json_decref(j);
		} else {
			printf("recorded event %lld (%s, %s) hash %s\n",
			    (long long)ev.seq, ev.type, ev.date, hash);
		}
		rc = EXIT_OK;
	}
	as_event_clear(&ev);
	cli_write_done(c, l, created, rc != EXIT_OK);
done:
	json_decref(data);
	return rc;
}
