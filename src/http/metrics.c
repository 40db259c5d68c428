/*
 * Metrics in the Prometheus text format: requests by route and status, a
 * latency histogram, events appended by this server, the ledger's head.
 * Counters are atomic: no request waits for another to count.
 */
#include "core/text.h"
#include "http/http.h"

#include <stdatomic.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#define ROUTES_MAX	64	/* as in routes.c; one more for "no route" */

/* The statuses counted one by one; any other counts as its class. */
static const unsigned statuses[] = {
	200, 201, 400, 401, 403, 404, 405, 409, 412, 413, 415, 422, 429, 431,
	500, 503
};
#define NSTATUS (sizeof(statuses) / sizeof(statuses[0]) + 1)

/* Upper bounds of the latency buckets, in microseconds. */
static const int64_t buckets[] = {
	100, 250, 500, 1000, 2500, 5000, 10000, 25000, 50000, 100000, 250000,
	500000, 1000000, 2500000
};
#define NBUCKET (sizeof(buckets) / sizeof(buckets[0]))

static atomic_ullong requests[ROUTES_MAX + 1][NSTATUS];
static atomic_ullong hist[NBUCKET + 1];
static atomic_ullong hist_sum_us, appended, folds[2];
static atomic_llong streams, analyses;
static atomic_ullong cut_offs;

static size_t
status_index(unsigned status)
{
	for (size_t i = 0; i < NSTATUS - 1; i++)
		if (statuses[i] == status)
			return i;
	return NSTATUS - 1;
}

void
http_metrics_request(int route, unsigned status, int64_t us)
{
	size_t b = 0;

	if (route < 0 || route >= ROUTES_MAX)
		route = ROUTES_MAX;
	atomic_fetch_add(&requests[route][status_index(status)], 1);
	while (b < NBUCKET && us > buckets[b])
		b++;
	atomic_fetch_add(&hist[b], 1);
	atomic_fetch_add(&hist_sum_us, (unsigned long long)(us > 0 ? us : 0));
}

void
http_metrics_streams(int delta)
{
	atomic_fetch_add(&streams, delta);
}

void
http_metrics_fold(int as_of)
{
	atomic_fetch_add(&folds[as_of != 0], 1);
}

void
http_metrics_analyses(int delta, int cut)
{
	atomic_fetch_add(&analyses, delta);
	if (cut)
		atomic_fetch_add(&cut_offs, 1);
}

void
http_metrics_appended(void)
{
	atomic_fetch_add(&appended, 1);
}

/* Appends to a growing text; on failure the text is dropped. */
void
api_metrics(http_req *r)
{
	size_t n, len;
	const http_route *rt = http_routes(&n);
	as_text t = { 0 };
	unsigned long long cum = 0;
	as_head h;
	char *buf;

	if (http_etag_head(r, &h) != 0)
		return;
	as_text_printf(&t, "# HELP assent_http_requests_total Requests "
	    "answered, by route and status.\n"
	    "# TYPE assent_http_requests_total counter\n");
	for (size_t i = 0; i <= n && i <= ROUTES_MAX; i++)
		for (size_t k = 0; k < NSTATUS; k++) {
			unsigned long long c = atomic_load(&requests[
			    i < n ? i : ROUTES_MAX][k]);
			if (c == 0)
				continue;
			char code[8];
			if (k < NSTATUS - 1)
				snprintf(code, sizeof(code), "%u", statuses[k]);
			else
				snprintf(code, sizeof(code), "other");
			as_text_printf(&t, "assent_http_requests_total{"
			    "method=\"%s\",route=\"%s\",status=\"%s\"} %llu\n",
			    i < n ? rt[i].method : "", i < n ? rt[i].path :
			    "none", code, c);
		}
	as_text_printf(&t, "# HELP assent_http_request_duration_seconds "
	    "Time from the request line to the answer queued.\n"
	    "# TYPE assent_http_request_duration_seconds histogram\n");
	for (size_t b = 0; b <= NBUCKET; b++) {
		cum += atomic_load(&hist[b]);
		if (b < NBUCKET)
			as_text_printf(&t, "assent_http_request_duration_"
			    "seconds_bucket{le=\"%g\"} %llu\n",
			    (double)buckets[b] / 1e6, cum);
		else
			as_text_printf(&t, "assent_http_request_duration_"
			    "seconds_bucket{le=\"+Inf\"} %llu\n", cum);
	}
	as_text_printf(&t, "assent_http_request_duration_seconds_sum %.6f\n"
	    "assent_http_request_duration_seconds_count %llu\n"
	    "# HELP assent_events_appended_total Events this server "
	    "recorded.\n# TYPE assent_events_appended_total counter\n"
	    "assent_events_appended_total %llu\n"
	    "# HELP assent_ledger_head The ledger's last sequence number.\n"
	    "# TYPE assent_ledger_head gauge\nassent_ledger_head %lld\n"
	    "# HELP assent_http_open_streams Event streams open now.\n"
	    "# TYPE assent_http_open_streams gauge\n"
	    "assent_http_open_streams %lld\n"
	    "# HELP assent_state_folds_total States folded anew (from a "
	    "checkpoint), as of now and as of a date.\n"
	    "# TYPE assent_state_folds_total counter\n"
	    "assent_state_folds_total{as_of=\"now\"} %llu\n"
	    "assent_state_folds_total{as_of=\"date\"} %llu\n"
	    "# HELP assent_analyses_running Analyses being computed now.\n"
	    "# TYPE assent_analyses_running gauge\n"
	    "assent_analyses_running %lld\n"
	    "# HELP assent_analyses_cut_off_total Analyses stopped by their "
	    "time or evaluation limit.\n"
	    "# TYPE assent_analyses_cut_off_total counter\n"
	    "assent_analyses_cut_off_total %llu\n",
	    (double)atomic_load(&hist_sum_us) / 1e6, cum,
	    atomic_load(&appended), (long long)h.seq,
	    (long long)atomic_load(&streams), atomic_load(&folds[0]),
	    atomic_load(&folds[1]), (long long)atomic_load(&analyses),
	    atomic_load(&cut_offs));
	len = t.len;
	if ((buf = as_text_take(&t)) == NULL) {
		http_nomem(r);
		return;
	}
	http_text(r, 200, "text/plain; version=0.0.4", buf, len);
}
