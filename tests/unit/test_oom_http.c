/*
 * Out of memory through the request handler (http_fixture.h: the NATO
 * case behind a server without sockets). Each route is asked once to
 * learn its answer, then again with the Nth allocation of the core and
 * of jansson failing, N = 1, 2, ... until none fails: every answer must
 * be the first one, byte for byte, or 503 "out_of_memory" with
 * Retry-After. Before errors carried their kind, a view or an analysis
 * that ran out of memory was answered 404 or 400, as if the proposal did
 * not exist or the request were wrong.
 */
#include "core/alloc.h"
#include "unit/check.h"
#include "unit/faulty_alloc.h"
#include "unit/http_fixture.h"

typedef struct answer {
	unsigned	 status;
	char		*body;
	unsigned	 retry_after;
} answer;

/* Runs "GET target" with the observer's token into *a. */
static void
get(const char *target, answer *a)
{
	char *url, *q, auth[AS_TOKEN_MAX + 16];
	http_req *r;

	memset(a, 0, sizeof(*a));
	if ((r = calloc(1, sizeof(*r))) == NULL || (url = strdup(target)) ==
	    NULL)
		fx_fail("out of memory");
	r->s = fx_srv;
	r->method = "GET";
	r->route = -1;
	r->t0 = http_now_us();
	if ((q = strchr(url, '?')) != NULL)
		*q++ = '\0';
	r->url = url;
	snprintf(auth, sizeof(auth), "Bearer %s", fx_tokens[FX_OBS]);
	if ((r->path = strdup(url)) == NULL || fx_query(r, q) != 0 ||
	    http_req_add(r, 1, "Authorization", auth) != 0)
		fx_fail("out of memory");
	if (http_req_check(r))
		http_req_run(r);
	a->status = r->status;
	a->retry_after = r->retry_after;
	if ((a->body = malloc(r->outlen + 1)) == NULL)
		fx_fail("out of memory");
	memcpy(a->body, r->out != NULL ? r->out : "", r->out ? r->outlen : 0);
	a->body[r->out ? r->outlen : 0] = '\0';
	http_req_free(r);
	free(url);
}

int
main(void)
{
	/* As of a date: the state is kept, the answer made anew each time. */
	static const char *const targets[] = {
		"/v1/proposals/sg-2024/status?as_of=2024-06-20",
		"/v1/proposals/sg-2024/analysis?as_of=2024-06-20",
		"/v1/proposals/sg-2024/reports?as_of=2024-06-20",
		"/v1/orgs/nato?as_of=2024-06-20",
		"/v1/offices/secretary-general?as_of=2024-10-02",
		"/v1/proposals?as_of=2024-06-20",
	};
	long tries = 0, oom = 0;

	fx_setup();
	for (size_t i = 0; i < sizeof(targets) / sizeof(targets[0]); i++) {
		answer want, got;
		size_t bad = 0;

		get(targets[i], &want);
		if (want.status != 200)
			fprintf(stderr, "%s: %u %s\n", targets[i], want.status,
			    want.body);
		CHECK(want.status == 200);
		for (fail_at = 1; want.status == 200; fail_at++) {
			count = failed = 0;
			as_set_allocator(faulty_malloc, faulty_realloc);
			get(targets[i], &got);
			as_set_allocator(NULL, NULL);
			tries++;
			if (got.status == 503 && got.retry_after > 0 &&
			    strstr(got.body, "\"error\":\"out_of_memory\"") !=
			    NULL)
				oom++;
			else if (got.status != want.status ||
			    strcmp(got.body, want.body) != 0) {
				if (bad++ < 3)
					fprintf(stderr, "%s N=%ld: %u %.200s\n",
					    targets[i], fail_at, got.status,
					    got.body);
			}
			free(got.body);
			if (!failed)
				break;
		}
		CHECK(bad == 0);
		free(want.body);
	}
	fail_at = 0;
	/* The loop reached the failures it is for. */
	CHECK(oom > 50);
	fprintf(stderr, "%ld requests, %ld of them out of memory\n", tries, oom);
	return check_done();
}
