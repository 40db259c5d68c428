/*
 * Fuzz target: the request handler, without sockets (http_server_open).
 * The bytes are a request: "METHOD TARGET" on the first line, header
 * lines up to an empty line, then the body. "@SEC", "@DEL", "@OBS" and
 * "@ADMIN" in a header value stand for the tokens of a secretariat of
 * nato, a delegation of Hungary, an observer and an admin of a ledger
 * holding the NATO case, made once in a temporary directory (removed at
 * exit). The request goes through the server's own checks, its body and
 * its handler, as a connection's would. Every answer must have a status
 * from 200 to 599 and, when it says it is JSON, be JSON: an object with
 * "error" on a 4xx or 5xx. Nothing may crash, leak or hang.
 */
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

#include "core/casefile.h"
#include "http/http.h"
#include "store/ledger.h"
#include "store/tokens.h"

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size);

static http_server *srv;
static char dir[] = "/tmp/assent-fuzz-http-XXXXXX";
static char tokens[4][AS_TOKEN_MAX];
static const char *const marks[4] = { "@SEC", "@DEL", "@OBS", "@ADMIN" };

static void
fail(const char *what)
{
	fprintf(stderr, "fuzz_http: %s\n", what);
	abort();
}

static void
done(void)
{
	char cmd[128];

	http_server_close(srv);
	snprintf(cmd, sizeof(cmd), "rm -rf '%s'", dir);
	if (system(cmd) != 0)
		fprintf(stderr, "fuzz_http: cannot remove %s\n", dir);
}

/* The ledger of the NATO case and its four tokens, then the server. */
static void
setup(void)
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

	if (mkdtemp(dir) == NULL)
		fail("mkdtemp");
	snprintf(db, sizeof(db), "%s/l.db", dir);
	if ((l = as_ledger_open(db, 1, err, NULL)) == NULL)
		fail(err->msg);
	if ((f = fopen(ASSENT_CASE, "r")) == NULL)
		fail(ASSENT_CASE);
	while (fgets(line, sizeof(line), f) != NULL) {
		as_event ev;
		line[strcspn(line, "\n")] = '\0';
		if (line[0] == '\0' || line[0] == '#' ||
		    as_parse_event_line(line, 0, &ev, err) != 0)
			continue;
		if (ev.actor == NULL)
			ev.actor = strdup("fuzz");
		if (as_ledger_append(l, &ev, 1, "2026-01-01T00:00:00Z", NULL,
		    err) != AS_OK)
			fail(err->msg);
		as_event_clear(&ev);
	}
	fclose(f);
	as_ledger_close(l);
	if ((t = as_tokens_open(db, err)) == NULL)
		fail(err->msg);
	for (int i = 0; i < 4; i++) {
		as_principal p;
		memset(&p, 0, sizeof(p));
		snprintf(p.name, sizeof(p.name), "fuzz-%d", i);
		p.role = who[i].role;
		snprintf(p.org, sizeof(p.org), "%s", who[i].org);
		snprintf(p.member, sizeof(p.member), "%s", who[i].member);
		if (as_tokens_add(t, &p, "2026-01-01T00:00:00Z", tokens[i],
		    err) != AS_OK)
			fail(err->msg);
	}
	as_tokens_close(t);
	if ((srv = http_server_open(db, &lim, 1, err)) == NULL)
		fail(err->msg);
	atexit(done);
}

/* A header value with its token marks replaced (into buf). */
static const char *
tokened(const char *v, char *buf, size_t n)
{
	for (int i = 0; i < 4; i++) {
		const char *m = strstr(v, marks[i]);
		if (m != NULL) {
			snprintf(buf, n, "%.*s%s%s", (int)(m - v), v, tokens[i],
			    m + strlen(marks[i]));
			return buf;
		}
	}
	return v;
}

/* The answer's checks. */
static void
check_answer(const http_req *r)
{
	json_error_t je;
	json_t *j;

	if (r->status < 200 || r->status > 599)
		fail("an answer without a status");
	if (r->resp != NULL || r->ctype == NULL ||
	    strcmp(r->ctype, "application/json") != 0)
		return;
	if ((j = json_loadb(r->out, r->outlen, 0, &je)) == NULL)
		fail("an answer said to be JSON is not");
	if (r->status >= 400 && !json_is_string(json_object_get(j, "error")))
		fail("an error without \"error\"");
	json_decref(j);
}

int
LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
	char *in, *p, *nl, *sp, *q, *body;
	char vals[16][AS_TOKEN_MAX + 256];
	size_t nvals = 0, blen;
	http_req *r;

	if (srv == NULL)
		setup();
	if (size > (1 << 20) || (in = malloc(size + 1)) == NULL)
		return 0;
	memcpy(in, data, size);
	in[size] = '\0';
	if ((nl = strchr(in, '\n')) == NULL || (sp = strchr(in, ' ')) == NULL ||
	    sp > nl) {
		free(in);
		return 0;
	}
	*nl = '\0';
	*sp = '\0';
	if ((r = calloc(1, sizeof(*r))) == NULL) {
		free(in);
		return 0;
	}
	r->s = srv;
	r->method = in;
	r->route = -1;
	r->t0 = http_now_us();
	if ((q = strchr(sp + 1, '?')) != NULL)
		*q++ = '\0';
	r->url = sp + 1;
	if ((r->path = strdup(r->url)) == NULL)
		goto out;
	/* The query's arguments, as "k=v" split at '&'. */
	while (q != NULL && *q != '\0') {
		char *amp = strchr(q, '&'), *eq;
		if (amp != NULL)
			*amp = '\0';
		if ((eq = strchr(q, '=')) != NULL)
			*eq++ = '\0';
		if (http_req_add(r, 0, q, eq) != 0)
			goto out;
		q = amp != NULL ? amp + 1 : NULL;
	}
	/* The headers, up to an empty line; then the body. */
	p = nl + 1;
	body = NULL;
	while (*p != '\0') {
		char *end = strchr(p, '\n'), *colon;
		if (end != NULL)
			*end = '\0';
		if (*p == '\0') {
			body = end != NULL ? end + 1 : NULL;
			break;
		}
		if ((colon = strchr(p, ':')) != NULL) {
			const char *v = colon + 1;
			*colon = '\0';
			while (*v == ' ')
				v++;
			if (nvals < 16)
				v = tokened(v, vals[nvals++], sizeof(vals[0]));
			if (http_req_add(r, 1, p, v) != 0)
				goto out;
		}
		if (end == NULL)
			break;
		p = end + 1;
	}
	if (http_req_check(r)) {
		blen = body != NULL ? size - (size_t)(body - in) : 0;
		/* In pieces, as a connection gives it. */
		for (size_t off = 0; off < blen; off += 1000)
			http_req_body(r, body + off, blen - off < 1000 ?
			    blen - off : 1000);
		http_req_run(r);
	}
	check_answer(r);
	if (getenv("FUZZ_HTTP_SHOW") != NULL)	/* for writing the corpus */
		fprintf(stderr, "%s %s: %u %.*s\n", r->method, r->url,
		    r->status, r->out ? (int)(r->outlen < 160 ? r->outlen : 160) :
		    0, r->out ? r->out : "");
out:
	http_req_free(r);
	free(in);
	return 0;
}
