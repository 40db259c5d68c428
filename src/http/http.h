/*
 * The HTTP API's shared internals: the server, a request, the route
 * table, and the helpers handlers answer with. One file per concern:
 * server.c (daemon, dispatch, limits, drain), routes.c (the table, which
 * drives dispatch and the OpenAPI document), auth.c (tokens and the
 * permission check), api_read.c, api_write.c, sse.c, metrics.c,
 * static.c. See docs/api.md.
 */
#ifndef AS_HTTP_H
#define AS_HTTP_H

#include <pthread.h>
#include <stdatomic.h>
#include <stdint.h>

#include <jansson.h>
#include <microhttpd.h>

#include "core/error.h"
#include "core/state.h"
#include "core/text.h"
#include "store/committer.h"
#include "store/ledger.h"
#include "store/tokens.h"

/* The limits, each with its default and the option that sets it. */
#define HTTP_BODY_MAX		(1024 * 1024)	/* --max-body: 413 */
#define HTTP_HEADER_MAX		8192	/* --max-header: 431 */
#define HTTP_CONN_MAX		256	/* --max-connections: 503 */
#define HTTP_HEAD_TIMEOUT	10	/* --head-timeout: 408, closed */
#define HTTP_BODY_TIMEOUT	30	/* --body-timeout: 408, closed */
#define HTTP_CONN_PER_IP	64	/* --max-per-ip: 429 */
#define HTTP_TIMEOUT		30	/* --timeout, seconds idle: closed */
#define HTTP_DRAIN_MAX		10	/* seconds SIGTERM waits for requests */
#define HTTP_PAGE_MAX		1000	/* items in one page of a list: ?limit= */
#define HTTP_ANSWER_MAX		(1024 * 1024)	/* about, bytes of one page */
#define HTTP_PARAM_MAX		4	/* path parameters in one route */
#define HTTP_QUERY_MAX		32	/* query arguments in one request: 400 */
#define HTTP_IDEM_INFLIGHT_MAX	1024	/* keyed writes in flight at once */
#define HTTP_TOKEN_CACHE	16	/* live tokens remembered */
#define HTTP_VIEW_CACHE		64	/* answers remembered (see api_read.c) */
#define HTTP_RETRY_AFTER	1	/* seconds, with a 503 of a store out
					 * of reach */

typedef struct http_limits {
	size_t		body_max;
	size_t		header_max;
	unsigned	conn_max;
	unsigned	per_ip;
	unsigned	timeout;
	unsigned	head_timeout;	/* s: the whole head, from its start */
	unsigned	body_timeout;	/* s: the whole body, from the head */
} http_limits;

typedef struct http_server http_server;
typedef struct http_req http_req;

typedef void (*http_handler)(http_req *);

enum http_access {
	HTTP_PUBLIC,	/* no token */
	HTTP_READ,	/* any live token */
	HTTP_WRITE	/* a token whose role may record (see auth.c) */
};

typedef struct http_route {
	const char		*method;
	const char		*path;		/* "/v1/proposals/{id}/status" */
	http_handler		 fn;
	enum http_access	 access;
	const char		*summary;
	const char *const	*query;		/* query parameters, NULL-ended */
	const as_event_type	*type;		/* the event a write records */
	int			 token_query;	/* ?access_token= accepted */
} http_route;

/* A header (any case) or a query argument of a request. */
typedef struct http_kv {
	int			 header;	/* 1 a header, 0 an argument */
	const char		*key, *value;	/* value may be NULL */
} http_kv;

struct http_req {
	http_server		*s;
	struct MHD_Connection	*conn;
	const char		*method;
	const char		*url;		/* MHD's, for the request */
	char			*path;		/* owned copy, cut at params */
	const http_route	*rt;		/* NULL until matched */
	int			 route;		/* its index, or -1 */
	char			*param[HTTP_PARAM_MAX];	/* into path */
	http_kv			*kv;		/* owned array; strings not */
	size_t			 nkv, capkv;
	int			 kv_oom;
	as_text			 body;		/* owned; body.s NULL if none */
	int			 too_big;
	int			 first_done;	/* the headers were checked */
	as_principal		 who;
	int			 authed;
	char			 token[AS_TOKEN_MAX];	/* as sent, if authed */
	char			 ip[64];
	int64_t			 t0;		/* microseconds */
	unsigned long		 misses0;	/* allocations failed before it */
	/* The answer. */
	unsigned		 status;
	char			*out;		/* owned unless out_static */
	size_t			 outlen;
	int			 out_static;
	const char		*ctype;
	char			 etag[72];
	const char		*allow;		/* for 405 */
	int			 replayed;	/* an idempotent retry */
	unsigned		 retry_after;	/* seconds, or 0: no header */
	int			 have_head;	/* head: read for this request */
	as_head			 head;
	int			 close;		/* Connection: close */
	struct MHD_Response	*resp;		/* set by a streaming handler */
};

/* The per-connection record kept for the limits. */
/* Where a connection is, for the deadlines of its request's head and
 * body (the watchdog of server.c). */
enum http_phase {
	HTTP_PHASE_HEAD,	/* a head is coming: since accept, or since its
				 * request line on a kept connection */
	HTTP_PHASE_IDLE,	/* kept open between requests (--timeout) */
	HTTP_PHASE_BODY,	/* the head read, the body coming */
	HTTP_PHASE_SERVED,	/* being answered: no deadline of these */
	HTTP_PHASE_EXPIRED	/* answered 408 by the watchdog, closing */
};

typedef struct http_conn {
	char		ip[64];
	int		over;		/* 0, or the status to answer: 503, 429 */
	int		fd;
	/* The phase and when it began (us): since << 3 | phase, changed
	 * by compare-and-swap, without a lock: each request moves it three
	 * times, and the watchdog takes a late one to EXPIRED, once. */
	_Atomic uint64_t state;
	struct http_conn *prev, *next;	/* the server's list */
} http_conn;

/* An organisation's state as of now, shared by the requests that read
 * it; each holder keeps a reference. It stands for as long as no event of
 * its organisation is recorded after seq and no event of it dated later
 * (next) falls due. */
typedef struct http_state {
	as_state	*st;
	int64_t		 seq;		/* the head it is good for */
	int64_t		 next;		/* the first event dated after it */
	unsigned	 refs;		/* the cache's one, and each reader's */
} http_state;

/* The cache's place for one organisation: while one request brings its
 * state up to date (building), the others wait for it. */
typedef struct http_slot {
	char		 org[AS_ID_MAX + 1];
	int64_t		 limit;		/* as of this instant, or HTTP_NOW */
	http_state	*hs;		/* or NULL */
	int		 building;
} http_slot;

#define HTTP_NOW	INT64_MIN	/* a slot's limit: as of now */

#define HTTP_STATE_CACHE	64	/* organisations' states as of now kept */
#define HTTP_ASOF_CACHE		16	/* states as of a date kept */

struct http_server {
	struct MHD_Daemon	*d;
	http_limits		 lim;
	uint16_t		 port;
	char			*db;
	/* Readers: a pool of the ledger's connections, one per reader at a
	 * time; a slow read holds only its own. */
	pthread_mutex_t		 poolmu;
	as_ledger		**pool;
	size_t			 npool, cappool;
	/* The tokens' connection, and what was read through it, kept until
	 * the file's change counter moves (as_tokens_version): the head, and
	 * the tokens found live. Held for lookups only, never for a read. */
	pthread_mutex_t		 rdmu;
	as_tokens		*tok;
	int64_t			 version;	/* when the head was read */
	int			 head_ok;
	as_head			 headc;
	int64_t			 tok_version;	/* when tcache was filled */
	struct {
		char		 text[AS_TOKEN_MAX];	/* zero-padded */
		as_principal	 p;
	}			 tcache[HTTP_TOKEN_CACHE];
	unsigned		 ntcache;
	as_verify		 verified;	/* at start-up */
	int64_t			 verify_ms;
	/* Answers as of now, by route, argument, head and second. */
	pthread_mutex_t		 vcmu;
	struct http_view_cached {
		int		 route;
		char		 arg[AS_ID_MAX + 1];
		int64_t		 seq, second;
		char		*text;
		size_t		 len;
	}			 vcache[HTTP_VIEW_CACHE];
	/* Writes: the group committer owns a connection of its own. */
	as_ledger		*wr;
	as_committer		*com;
	/* The organisations' states as of now. */
	pthread_mutex_t		 stmu;
	pthread_cond_t		 stbuilt;	/* a slot's building ended */
	http_slot		 slots[HTTP_STATE_CACHE];
	unsigned		 nslots;	/* for replacing round robin */
	http_slot		 asof[HTTP_ASOF_CACHE];	/* as of a date */
	unsigned		 nasof;
	/* New events: SSE streams wait here, woken by this server's writes
	 * and, on PostgreSQL, by the listener thread for everyone's. */
	pthread_mutex_t		 evmu;
	pthread_cond_t		 evcond;
	int			 stopping;
	as_ledger		*lis;		/* the listener's, or NULL */
	pthread_t		 listener;
	int			 listening;	/* the thread runs */
	/* Connections and requests in flight. */
	pthread_mutex_t		 connmu;
	http_conn		*conns;		/* every open connection */
	pthread_t		 watchdog;	/* the deadlines' thread */
	int			 watching;	/* it runs */
	pthread_cond_t		 watchwake;	/* ends its sleep at stop */
	unsigned		 nconn;
	unsigned		 inflight;
	pthread_cond_t		 drained;
	/* Idempotency keys being written now ("principal\nkey"). */
	pthread_mutex_t		 idmu;
	char			*idem[HTTP_IDEM_INFLIGHT_MAX];
	int			 quiet;		/* no request log */
};

/* server.c */
/*
 * Starts a server on the ledger at db (created if missing), listening on
 * addr (an IPv4 or IPv6 address) and port (0: any free port, see
 * s->port). Returns it, or NULL with err set.
 */
http_server	*http_server_start(const char *db, const char *addr,
		    uint16_t port, const http_limits *lim, int quiet,
		    as_error *err);
/* Stops accepting, waits for the requests in flight (at most
 * HTTP_DRAIN_MAX seconds), ends the streams, closes the ledger. */
void		 http_server_stop(http_server *s);
int64_t		 http_now_us(void);

/*
 * The server without its sockets (http_server_start is this and the
 * listener): the ledger verified and opened, its readers, committer and
 * caches. Requests are then driven by hand (the request handler's fuzz
 * target): a zeroed http_req with s, method, url and path (owned) set,
 * route -1, its headers and arguments added, checked, its body given,
 * run, and freed. http_server_close undoes http_server_open.
 */
http_server	*http_server_open(const char *db, const http_limits *lim,
		    int quiet, as_error *err);
void		 http_server_close(http_server *s);
/* Keeps a header (header 1) or a query argument of r: 0, or -1 out of
 * memory. The strings are not copied. */
int	 http_req_add(http_req *r, int header, const char *key,
	    const char *value);
/* The checks of the request line and headers, the route and the token:
 * 1 to go on (the body, then http_req_run), 0 if r is answered. */
int	 http_req_check(http_req *r);
void	 http_req_body(http_req *r, const char *data, size_t n);
void	 http_req_run(http_req *r);		/* answers r */
void	 http_req_free(http_req *r);

/* Answers: they set r's status and body. */
void	http_json(http_req *r, unsigned status, json_t *j);	/* takes j */
void	http_error(http_req *r, unsigned status, const char *error,
	    const char *fmt, ...) __attribute__((format(printf, 4, 5)));
void	http_text(http_req *r, unsigned status, const char *ctype, char *text,
	    size_t len);					/* takes text */
/*
 * Answers the error e with the status and code of its kind alone
 * (docs/api.md, "Errors"): invalid input 400, not found 404, a conflict
 * 412, over a limit 422, out of memory and out of reach 503 with
 * Retry-After, the store or a broken ledger 500. A write's invalid input
 * is its handler's 422 ("refused"), not this.
 */
void	http_fail(http_req *r, const as_error *e);
/* http_fail with out of memory. */
void	http_nomem(http_req *r);
/* A query parameter, or NULL. */
const char *http_query(http_req *r, const char *name);
/* A request header, or NULL. */
const char *http_header(http_req *r, const char *name);

/* A reader's connection to the ledger, from the pool (opened if none is
 * free): NULL answered with 500. Give it back with http_reader_done. */
as_ledger	*http_reader(http_req *r);
void		 http_reader_done(http_server *s, as_ledger *l);

/*
 * The state of organisation org as of now (*now set), caught up with the
 * head this request's ETag names: shared; give it back with
 * http_state_done. One request at a time brings an organisation's state
 * up to date (folding in place what was appended, or again from its
 * checkpoint), the others wait for it. An unknown organisation has an
 * empty state. NULL if answered (500, 503).
 */
http_state	*http_state_now(http_req *r, const char *org, int64_t *now);
/* As http_state_now, as of the instant limit: kept until an event of org
 * dated on or before it is recorded. */
http_state	*http_state_at(http_req *r, const char *org, int64_t limit);
void		 http_state_done(http_server *s, http_state *hs);
/* The head, as the ETag of r's answer. 0, or -1 (answered with 500). */
int	http_etag_head(http_req *r, as_head *h);
/* The head, read again only if the file changed; call with rdmu held.
 * Returns AS_OK or the store's error. */
int	http_head_locked(http_server *s, as_head *h, as_error *err);

/* routes.c */
int			 http_routes_init(void);
const http_route	*http_routes(size_t *n);
/* The route for method and path (params set into path), or NULL with
 * *allow set to the methods the path takes (NULL: no such path). */
const http_route	*http_route_match(const char *method, char *path,
			    char *param[HTTP_PARAM_MAX], int *index,
			    const char **allow);
void	 api_openapi(http_req *r);

/* auth.c */
/* Authenticates r for its route; 0, or -1 answered (401, 403). */
int	http_auth(http_req *r);
/* Whether the token is live (1), unknown or revoked (0), or the store
 * failed (-1): for what outlives its request (a stream). */
int	http_token_live(http_server *s, const char *token);
/* Whether r's principal may record an event of type t with data in
 * organisation org; 0, or -1 answered with 403. */
int	http_may_record(http_req *r, const char *org, const as_event_type *t,
	    const json_t *data);

/* api_read.c, api_write.c, sse.c, static.c, metrics.c: the handlers. */
void	api_health(http_req *r);
void	api_head(http_req *r);
void	api_orgs(http_req *r);
void	api_org(http_req *r);
void	api_members(http_req *r);
void	api_proposals(http_req *r);
void	api_status(http_req *r);
void	api_analysis(http_req *r);
void	api_proposal_timeline(http_req *r);
void	api_office(http_req *r);
void	api_timeline(http_req *r);
void	api_events(http_req *r);
void	api_verify(http_req *r);
void	api_reports(http_req *r);
void	api_polls(http_req *r);
void	api_citations(http_req *r);
void	api_changes(http_req *r);
void	api_record(http_req *r);
void	api_stream(http_req *r);
void	api_static(http_req *r);
void	api_metrics(http_req *r);

/* metrics.c */
void	http_metrics_request(int route, unsigned status, int64_t us);
void	http_metrics_appended(void);
void	http_metrics_fold(int as_of);		/* a state folded anew */
void	http_metrics_streams(int delta);	/* +1 opened, -1 closed */
/* +1 started, -1 ended (cut: stopped by a limit) */
void	http_metrics_analyses(int delta, int cut);

/* sse.c: wakes the streams after an append. */
void	http_events_notify(http_server *s);

#endif
