/*
 * A server without sockets (http_server_open) on a ledger of the NATO
 * 2024 case (ASSENT_CASE) in a temporary directory, with four tokens:
 * FX_SEC a secretariat of nato, FX_DEL a delegation of Hungary, FX_OBS
 * an observer, FX_ADMIN an admin. For the request handler's fuzz target
 * and the tests that drive the handler by hand. fx_fail reports and
 * aborts; fx_done stops the server and removes the directory.
 */
#ifndef AS_TEST_HTTP_FIXTURE_H
#define AS_TEST_HTTP_FIXTURE_H

#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

#include "core/casefile.h"
#include "http/http.h"
#include "store/ledger.h"
#include "store/tokens.h"

enum { FX_SEC, FX_DEL, FX_OBS, FX_ADMIN };

static http_server *fx_srv;
static char fx_dir[] = "/tmp/assent-http-fixture-XXXXXX";
static char fx_tokens[4][AS_TOKEN_MAX];

static void
fx_fail(const char *what)
{
	fprintf(stderr, "http fixture: %s\n", what);
	abort();
}

static void
fx_done(void)
{
	char cmd[128];

	http_server_close(fx_srv);
	fx_srv = NULL;
	snprintf(cmd, sizeof(cmd), "rm -rf '%s'", fx_dir);
	if (system(cmd) != 0)
		fprintf(stderr, "http fixture: cannot remove %s\n", fx_dir);
}

/* The ledger of the NATO case and its four tokens, then the server. */
static void
fx_setup(void)
{
	static const struct { enum as_role role; const char *org, *member; }
	    who[4] = {
		{ AS_ROLE_SECRETARIAT, "nato", "" },
		{ AS_ROLE_DELEGATION, "nato", "HUN" },
		{ AS_ROLE_OBSERVER, "", "" },
		{ AS_ROLE_ADMIN, "", "" },
	};
	http_limits lim = { HTTP_BODY_MAX, HTTP_HEADER_MAX, HTTP_CONN_MAX,
	    HTTP_CONN_PER_IP, HTTP_TIMEOUT, HTTP_HEAD_TIMEOUT,
	    HTTP_BODY_TIMEOUT };
	as_error err[1];
	char db[128], line[65536];
	as_ledger *l;
	as_tokens *t;
	FILE *f;

	if (mkdtemp(fx_dir) == NULL)
		fx_fail("mkdtemp");
	snprintf(db, sizeof(db), "%s/l.db", fx_dir);
	if ((l = as_ledger_open(db, 1, err, NULL)) == NULL)
		fx_fail(err->msg);
	if ((f = fopen(ASSENT_CASE, "r")) == NULL)
		fx_fail(ASSENT_CASE);
	while (fgets(line, sizeof(line), f) != NULL) {
		as_event ev;
		line[strcspn(line, "\n")] = '\0';
		if (line[0] == '\0' || line[0] == '#' ||
		    as_parse_event_line(line, 0, &ev, err) != 0)
			continue;
		if (ev.actor == NULL)
			ev.actor = strdup("fixture");
		if (as_ledger_append(l, &ev, 1, "2026-01-01T00:00:00Z", NULL,
		    err) != AS_OK)
			fx_fail(err->msg);
		as_event_clear(&ev);
	}
	fclose(f);
	as_ledger_close(l);
	if ((t = as_tokens_open(db, err)) == NULL)
		fx_fail(err->msg);
	for (int i = 0; i < 4; i++) {
		as_principal p;
		memset(&p, 0, sizeof(p));
		snprintf(p.name, sizeof(p.name), "fixture-%d", i);
		p.role = who[i].role;
		snprintf(p.org, sizeof(p.org), "%s", who[i].org);
		snprintf(p.member, sizeof(p.member), "%s", who[i].member);
		if (as_tokens_add(t, &p, "2026-01-01T00:00:00Z", fx_tokens[i],
		    err) != AS_OK)
			fx_fail(err->msg);
	}
	as_tokens_close(t);
	if ((fx_srv = http_server_open(db, &lim, 1, err)) == NULL)
		fx_fail(err->msg);
	atexit(fx_done);
}

/* Adds the arguments of the query q ("k=v&k2=v2", split in place, not
 * copied) to r: 0, or -1 out of memory. */
static int
fx_query(http_req *r, char *q)
{
	while (q != NULL && *q != '\0') {
		char *amp = strchr(q, '&'), *eq;
		if (amp != NULL)
			*amp = '\0';
		if ((eq = strchr(q, '=')) != NULL)
			*eq++ = '\0';
		if (http_req_add(r, 0, q, eq) != 0)
			return -1;
		q = amp != NULL ? amp + 1 : NULL;
	}
	return 0;
}

#endif
