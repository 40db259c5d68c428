/*
 * The route table: one declared list that drives dispatch and generates
 * /v1/openapi.json, so neither can name a route the other lacks. The
 * write routes are made from the event type table: one POST per type.
 */
#include "http/http.h"

#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#define ROUTES_MAX 64

static const char *const q_as_of[] = { "as_of", "known_at", NULL };
static const char *const q_page[] = {
	"as_of", "known_at", "after", "limit", NULL
};
static const char *const q_timeline[] = {
	"as_of", "known_at", "proposal", "after", "limit", NULL
};
static const char *const q_events[] = { "after", "limit", NULL };
static const char *const q_stream[] = { "access_token", NULL };
static const char *const q_analysis[] = {
	"as_of", "known_at", "candidate", "if", "limit", "basis", "time_limit",
	NULL
};
static const char *const q_status[] = { "as_of", "known_at", "basis", NULL };
static const char *const q_office[] = { "as_of", "known_at", "nationality",
	NULL };
static const char *const q_reports[] = {
	"as_of", "known_at", "basis", "format", NULL
};
static const char *const q_polls[] = {
	"as_of", "known_at", "candidate", NULL
};
static const char *const q_changes[] = {
	"since", "as_of", "known_at", "basis", NULL
};

static const http_route fixed[] = {
	{ "GET", "/healthz", api_health, HTTP_PUBLIC,
	  "liveness: the server answers and the ledger opens", NULL, NULL, 0 },
	{ "GET", "/metrics", api_metrics, HTTP_PUBLIC,
	  "Prometheus metrics", NULL, NULL, 0 },
	{ "GET", "/", api_static, HTTP_PUBLIC, "the dashboard", NULL, NULL, 0 },
	{ "GET", "/assets/{file}", api_static, HTTP_PUBLIC,
	  "the dashboard's files", NULL, NULL, 0 },
	{ "GET", "/v1/openapi.json", api_openapi, HTTP_PUBLIC,
	  "this document", NULL, NULL, 0 },
	{ "GET", "/v1/head", api_head, HTTP_READ,
	  "the ledger's head: seq, hash, recorded", NULL, NULL, 0 },
	{ "GET", "/v1/orgs", api_orgs, HTTP_READ,
	  "every organisation, in pages", q_page, NULL, 0 },
	{ "GET", "/v1/orgs/{org}", api_org, HTTP_READ,
	  "an organisation: rule, members, offices, proposals (CLI: org)",
	  q_as_of, NULL, 0 },
	{ "GET", "/v1/orgs/{org}/members", api_members, HTTP_READ,
	  "an organisation's members, former and future ones too, in pages",
	  q_page, NULL, 0 },
	{ "GET", "/v1/orgs/{org}/stream", api_stream, HTTP_READ,
	  "Server-Sent Events: the organisation's new events, resumable "
	  "with Last-Event-ID", q_stream, NULL, 1 },
	{ "GET", "/v1/proposals", api_proposals, HTTP_READ,
	  "every proposal with its state, in pages (CLI: proposals)", q_page,
	  NULL, 0 },
	{ "GET", "/v1/proposals/{id}/status", api_status, HTTP_READ,
	  "a proposal's status, on the confirmed or the reported basis (CLI: "
	  "status)", q_status, NULL, 0 },
	{ "GET", "/v1/proposals/{id}/reports", api_reports, HTTP_READ,
	  "every position and report of a proposal with its source's kind and "
	  "dates; ?format=csv for CSV (CLI: reports)", q_reports, NULL, 0 },
	{ "GET", "/v1/proposals/{id}/polls", api_polls, HTTP_READ,
	  "a proposal's straw polls: each candidate's series of rounds, "
	  "?candidate= for one; indicative, never a decision (CLI: polls)",
	  q_polls, NULL, 0 },
	{ "GET", "/v1/proposals/{id}/citations", api_citations, HTTP_READ,
	  "the source records a proposal's events cite (CLI: citations)",
	  q_as_of, NULL, 0 },
	{ "GET", "/v1/proposals/{id}/changes", api_changes, HTTP_READ,
	  "what changed on a proposal after ?since= and on whose word (CLI: "
	  "changes)", q_changes, NULL, 0 },
	{ "GET", "/v1/proposals/{id}/analysis", api_analysis, HTTP_READ,
	  "outcome, pivotal members, smallest sets that would carry it; "
	  "what-if with ?if=HUN:support,SVK:object, never written (CLI: "
	  "analyse)", q_analysis, NULL, 0 },
	{ "GET", "/v1/proposals/{id}/timeline", api_proposal_timeline, HTTP_READ,
	  "the events concerning a proposal (CLI: timeline --proposal)",
	  q_page, NULL, 0 },
	{ "GET", "/v1/offices/{id}", api_office, HTTP_READ,
	  "an office's holder, designate, terms and vacancy; ?nationality= "
	  "for its holders of one nationality, numbered (CLI: office)",
	  q_office, NULL, 0 },
	{ "GET", "/v1/timeline", api_timeline, HTTP_READ,
	  "every event in order with its summary (CLI: timeline)", q_timeline,
	  NULL, 0 },
	{ "GET", "/v1/events", api_events, HTTP_READ,
	  "the chained events, paged by sequence (CLI: export)", q_events,
	  NULL, 0 },
	{ "GET", "/v1/verify", api_verify, HTTP_READ,
	  "recompute the chain and replay the fold (CLI: verify)", NULL, NULL, 0 },
};

static http_route routes[ROUTES_MAX];
static char paths[ROUTES_MAX][AS_ID_MAX + 16];
static size_t nroutes;

int
http_routes_init(void)
{
	size_t nfixed = sizeof(fixed) / sizeof(fixed[0]);

	if (nroutes > 0)
		return 0;
	memcpy(routes, fixed, sizeof(fixed));
	nroutes = nfixed;
	for (const as_event_type *t = as_event_types; t->name; t++) {
		if (nroutes == ROUTES_MAX)
			return -1;
		snprintf(paths[nroutes], sizeof(paths[nroutes]), "/v1/events/%s",
		    t->name);
		routes[nroutes] = (http_route){ "POST", paths[nroutes],
		    api_record, HTTP_WRITE, t->help, NULL, t, 0 };
		nroutes++;
	}
	return 0;
}

const http_route *
http_routes(size_t *n)
{
	*n = nroutes;
	return routes;
}

/*
 * Whether path matches pattern; a "{name}" segment takes any non-empty
 * segment, whose start is put in param (path is cut at each '/').
 */
static int
match(const char *pattern, char *path, char *param[HTTP_PARAM_MAX])
{
	const char *p = pattern;
	char *s = path;
	int np = 0;

	while (*p && *s) {
		if (*p == '{') {
			const char *pe = strchr(p, '}');
			char *se = strchr(s, '/');
			if (se == s || np == HTTP_PARAM_MAX)
				return 0;
			param[np++] = s;
			p = pe + 1;
			s = se ? se : s + strlen(s);
			continue;
		}
		if (*p != *s)
			return 0;
		p++, s++;
	}
	if (*p != '\0' || *s != '\0')
		return 0;
	/* Cut the parameters at their ends. */
	for (int i = 0; i < np; i++) {
		char *e = strchr(param[i], '/');
		if (e != NULL)
			*e = '\0';
	}
	return 1;
}

const http_route *
http_route_match(const char *method, char *path, char *param[HTTP_PARAM_MAX],
    int *index, const char **allow)
{
	char *probe[HTTP_PARAM_MAX];
	size_t len = strlen(path);
	char copy[len + 1];

	*allow = NULL;
	*index = -1;
	for (size_t i = 0; i < nroutes; i++) {
		memcpy(copy, path, len + 1);
		if (!match(routes[i].path, copy, probe))
			continue;
		if (strcmp(routes[i].method, method) != 0 &&
		    !(strcmp(method, "HEAD") == 0 &&
		    strcmp(routes[i].method, "GET") == 0)) {
			*allow = routes[i].method;
			continue;
		}
		match(routes[i].path, path, param);
		*index = (int)i;
		return &routes[i];
	}
	return NULL;
}

/* The JSON Schema of one event field. */
static json_t *
field_schema(const as_field *f)
{
	json_t *j;

	switch (f->type) {
	case AS_F_IDLIST:
		j = json_pack("{s:s,s:{s:s}}", "type", "array", "items",
		    "type", "string");
		break;
	case AS_F_WEIGHTS:
		j = json_pack("{s:s,s:{s:s}}", "type", "object",
		    "additionalProperties", "type", "number");
		break;
	case AS_F_RULE:
	case AS_F_OBJECT:
		j = json_pack("{s:s}", "type", "object");
		break;
	case AS_F_SEQ:
	case AS_F_ORDINAL:
		j = json_pack("{s:s,s:i}", "type", "integer", "minimum", 1);
		break;
	case AS_F_COUNT:
		j = json_pack("{s:s,s:i}", "type", "integer", "minimum", 0);
		break;
	case AS_F_FLAG:
		j = json_pack("{s:s}", "type", "boolean");
		break;
	case AS_F_ENUM:
		j = json_pack("{s:s,s:[]}", "type", "string", "enum");
		for (const char *const *v = f->values; *v; v++)
			json_array_append_new(json_object_get(j, "enum"),
			    json_string(*v));
		break;
	default:
		j = json_pack("{s:s}", "type", "string");
	}
	json_object_set_new(j, "description", json_string(f->help));
	return j;
}

/* The request body of a write: {"date": ..., "data": {...}}. */
static json_t *
event_body(const as_event_type *t)
{
	json_t *props = json_object(), *req = json_array(), *data;

	for (const as_field *f = t->fields; f->name; f++) {
		json_object_set_new(props, f->name, field_schema(f));
		if (f->flags & AS_REQ)
			json_array_append_new(req, json_string(f->name));
	}
	data = json_pack("{s:s,s:o,s:o,s:b}", "type", "object", "properties",
	    props, "required", req, "additionalProperties", 0);
	return json_pack("{s:b,s:{s:{s:{s:s,s:[s],s:b,s:{s:{s:s,s:s},s:o}}}}}",
	    "required", 1, "content", "application/json", "schema", "type",
	    "object", "required", "data", "additionalProperties", 0,
	    "properties", "date", "type", "string", "description",
	    "effective date (default: today)", "data", data);
}

static json_t *
parameters(const http_route *rt)
{
	json_t *a = json_array();

	for (const char *p = strchr(rt->path, '{'); p; p = strchr(p + 1, '{')) {
		const char *e = strchr(p, '}');
		json_array_append_new(a, json_pack("{s:s%,s:s,s:b,s:{s:s}}",
		    "name", p + 1, (size_t)(e - p - 1), "in", "path",
		    "required", 1, "schema", "type", "string"));
	}
	for (const char *const *q = rt->query; q && *q; q++)
		json_array_append_new(a, json_pack("{s:s,s:s,s:{s:s}}", "name",
		    *q, "in", "query", "schema", "type", "string"));
	if (rt->type != NULL) {
		json_array_append_new(a, json_pack("{s:s,s:s,s:s,s:{s:s}}",
		    "name", "Idempotency-Key", "in", "header", "description",
		    "a retry with the same key never records twice",
		    "schema", "type", "string"));
		json_array_append_new(a, json_pack("{s:s,s:s,s:s,s:{s:s}}",
		    "name", "If-Match", "in", "header", "description",
		    "the ledger head's ETag; 412 if it moved", "schema", "type",
		    "string"));
	}
	return a;
}

static json_t *
responses(const http_route *rt)
{
	json_t *r = json_object();
	json_t *err = json_pack("{s:{s:{s:{s:s}}}}", "content",
	    "application/json", "schema", "$ref",
	    "#/components/schemas/Error");

	json_object_set_new(r, rt->type ? "201" : "200",
	    json_pack("{s:s}", "description", rt->type ? "recorded" : "OK"));
	if (rt->access != HTTP_PUBLIC) {
		json_object_set(r, "401", err);
		json_object_set(r, "403", err);
	}
	if (rt->type != NULL) {
		json_object_set(r, "400", err);
		json_object_set(r, "412", err);
		json_object_set(r, "413", err);
		json_object_set(r, "422", err);
	}
	json_decref(err);
	return r;
}

void
api_openapi(http_req *r)
{
	json_t *doc, *paths = json_object();

	for (size_t i = 0; i < nroutes; i++) {
		const http_route *rt = &routes[i];
		json_t *item = json_object_get(paths, rt->path), *op;
		char method[8];
		size_t k;

		if (item == NULL)
			json_object_set_new(paths, rt->path, item = json_object());
		for (k = 0; rt->method[k] && k < sizeof(method) - 1; k++)
			method[k] = (char)(rt->method[k] | 0x20);
		method[k] = '\0';
		op = json_pack("{s:s,s:o,s:o}", "summary", rt->summary,
		    "parameters", parameters(rt), "responses", responses(rt));
		if (rt->access == HTTP_PUBLIC)
			json_object_set_new(op, "security", json_array());
		if (rt->type != NULL)
			json_object_set_new(op, "requestBody", event_body(rt->type));
		json_object_set_new(item, method, op);
	}
	doc = json_pack("{s:s,s:{s:s,s:s,s:s},s:o,s:[{s:[]}],s:{s:{s:{s:s,s:s}},"
	    "s:{s:{s:s,s:[s,s],s:{s:{s:s},s:{s:s}}}}}}",
	    "openapi", "3.1.0",
	    "info", "title", "assent", "version", "1",
	    "description", "Decisions taken by consent: the ledger's JSON API.",
	    "paths", paths,
	    "security", "bearer",
	    "components", "securitySchemes", "bearer", "type", "http",
	    "scheme", "bearer",
	    "schemas", "Error", "type", "object", "required", "error", "detail",
	    "properties", "error", "type", "string", "detail", "type", "string");
	http_json(r, doc ? 200 : 500, doc);
}
