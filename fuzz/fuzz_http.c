/*
 * Fuzz target: the request handler, without sockets (http_server_open).
 * The bytes are a request: "METHOD TARGET" on the first line, header
 * lines up to an empty line, then the body. "@SEC", "@DEL", "@OBS" and
 * "@ADMIN" in a header value stand for the tokens of a secretariat of
 * nato, a delegation of Hungary, an observer and an admin of a ledger
 * holding the NATO case, made once in a temporary directory (removed at
 * exit; tests/unit/http_fixture.h). The request goes through the server's own checks, its body and
 * its handler, as a connection's would. Every answer must have a status
 * from 200 to 599 and, when it says it is JSON, be JSON: an object with
 * "error" on a 4xx or 5xx. Nothing may crash, leak or hang.
 */
#include <stdint.h>

#include "../tests/unit/http_fixture.h"

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size);

static const char *const marks[4] = { "@SEC", "@DEL", "@OBS", "@ADMIN" };

/* A header value with its token marks replaced (into buf). */
static const char *
tokened(const char *v, char *buf, size_t n)
{
	for (int i = 0; i < 4; i++) {
		const char *m = strstr(v, marks[i]);
		if (m != NULL) {
			snprintf(buf, n, "%.*s%s%s", (int)(m - v), v,
			    fx_tokens[i],
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
		fx_fail("an answer without a status");
	if (r->resp != NULL || r->ctype == NULL ||
	    strcmp(r->ctype, "application/json") != 0)
		return;
	if ((j = json_loadb(r->out, r->outlen, 0, &je)) == NULL)
		fx_fail("an answer said to be JSON is not");
	if (r->status >= 400 && !json_is_string(json_object_get(j, "error")))
		fx_fail("an error without \"error\"");
	json_decref(j);
}

int
LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
	char *in, *p, *nl, *sp, *q, *body;
	char vals[16][AS_TOKEN_MAX + 256];
	size_t nvals = 0, blen;
	http_req *r;

	if (fx_srv == NULL)
		fx_setup();
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
	r->s = fx_srv;
	r->method = in;
	r->route = -1;
	r->t0 = http_now_us();
	if ((q = strchr(sp + 1, '?')) != NULL)
		*q++ = '\0';
	r->url = sp + 1;
	if ((r->path = strdup(r->url)) == NULL)
		goto out;
	if (fx_query(r, q) != 0)
		goto out;
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
