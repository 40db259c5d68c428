/*
 * assent serve: the JSON HTTP API over the same ledger (see
 * docs/api.md). The first line on stdout is the URL it listens on, so
 * that "--listen 127.0.0.1:0" (any free port) can be used by a script.
 * SIGTERM or SIGINT stops it: no new connection, the requests in flight
 * finish, the ledger is closed.
 */
#include "cli/cli.h"

#include <signal.h>
#include <stddef.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "http/http.h"

/* Parses a whole number option within [min, max]; -1 if bad. */
static int
number(const char *opt, const char *arg, unsigned long min,
    unsigned long max, unsigned long *out)
{
	char *end;
	unsigned long v = strtoul(arg, &end, 10);

	if (*arg == '\0' || *end != '\0' || *arg == '-' || v < min || v > max)
		return cli_fail(EXIT_USAGE, "serve: --%s: '%s' is not a whole "
		    "number from %lu to %lu", opt, arg, min, max), -1;
	*out = v;
	return 0;
}

/* Splits "ADDR:PORT" or "[V6]:PORT". */
static int
listen_addr(const char *arg, char *addr, size_t len, uint16_t *port)
{
	const char *colon = strrchr(arg, ':'), *a = arg, *ae = colon;
	unsigned long p;

	if (colon == NULL)
		return cli_fail(EXIT_USAGE, "serve: --listen: expected "
		    "ADDR:PORT, got '%s'", arg), -1;
	if (*a == '[' && ae > a && ae[-1] == ']') {
		a++;
		ae--;
	}
	if ((size_t)(ae - a) >= len || ae == a)
		return cli_fail(EXIT_USAGE, "serve: --listen: bad address in "
		    "'%s'", arg), -1;
	memcpy(addr, a, (size_t)(ae - a));
	addr[ae - a] = '\0';
	if (number("listen", colon + 1, 0, 65535, &p) != 0)
		return -1;
	*port = (uint16_t)p;
	return 0;
}

/* The numeric limits: option letter, name, range, where it goes. */
static const struct limit_opt {
	int		 ch;
	const char	*name;
	unsigned long	 min, max;
	size_t		 off;
	int		 is_size;	/* a size_t, else an unsigned */
} limit_opts[] = {
	{ 'b', "max-body", 1, 1UL << 30, offsetof(http_limits, body_max), 1 },
	{ 'H', "max-header", 256, 1UL << 20, offsetof(http_limits, header_max), 1 },
	{ 'c', "max-connections", 1, 10000, offsetof(http_limits, conn_max), 0 },
	{ 'i', "max-per-ip", 1, 10000, offsetof(http_limits, per_ip), 0 },
	{ 't', "timeout", 1, 3600, offsetof(http_limits, timeout), 0 },
	{ 'e', "head-timeout", 1, 3600, offsetof(http_limits, head_timeout), 0 },
	{ 'B', "body-timeout", 1, 3600, offsetof(http_limits, body_timeout), 0 },
};

/* Sets the limit of option ch from arg: 1 done, 0 not a limit, -1 bad
 * (after the message). */
static int
limit_opt(http_limits *lim, int ch, const char *arg)
{
	unsigned long v;

	for (size_t i = 0; i < sizeof(limit_opts) / sizeof(limit_opts[0]);
	    i++) {
		const struct limit_opt *o = &limit_opts[i];
		if (o->ch != ch)
			continue;
		if (number(o->name, arg, o->min, o->max, &v) != 0)
			return -1;
		if (o->is_size)
			*(size_t *)(void *)((char *)lim + o->off) = v;
		else
			*(unsigned *)(void *)((char *)lim + o->off) =
			    (unsigned)v;
		return 1;
	}
	return 0;
}

int
cmd_serve(cli *c, int argc, char **argv, const command *cmd)
{
	struct option opts[] = { CLI_COMMON_OPTS,
		{ "listen", required_argument, NULL, 'L' },
		{ "max-body", required_argument, NULL, 'b' },
		{ "max-header", required_argument, NULL, 'H' },
		{ "max-connections", required_argument, NULL, 'c' },
		{ "max-per-ip", required_argument, NULL, 'i' },
		{ "timeout", required_argument, NULL, 't' },
		{ "head-timeout", required_argument, NULL, 'e' },
		{ "body-timeout", required_argument, NULL, 'B' },
		{ "quiet", no_argument, NULL, 'q' },
		{ NULL, 0, NULL, 0 } };
	http_limits lim = { HTTP_BODY_MAX, HTTP_HEADER_MAX, HTTP_CONN_MAX,
	    HTTP_CONN_PER_IP, HTTP_TIMEOUT, HTTP_HEAD_TIMEOUT, HTTP_BODY_TIMEOUT };
	const char *listen = "127.0.0.1:8080";
	as_error err[1] = { { 0 } };
	char addr[64];
	http_server *s;
	uint16_t port;
	sigset_t set;
	int ch, sig, quiet = 0;

	while ((ch = getopt_long(argc, argv, ":h", opts, NULL)) != -1) {
		if (cli_common_opt(c, ch, optarg))
			continue;
		switch (ch) {
		case 'L':
			listen = optarg;
			continue;
		case 'q':
			quiet = 1;
			continue;
		default:
			switch (limit_opt(&lim, ch, optarg)) {
			case 1:
				continue;
			case -1:
				return EXIT_USAGE;
			}
		}
		return cli_bad_opt(c, cmd->name, ch, argv);
	}
	if (c->help) {
		cli_usage(c, cmd);
		printf("\nServe options:\n"
		    "  --listen ADDR:PORT     where (default 127.0.0.1:8080; "
		    "port 0: any free one)\n"
		    "  --max-body BYTES       request body limit (default %d)\n"
		    "  --max-header BYTES     request line and headers limit "
		    "(default %d)\n"
		    "  --max-connections N    connections at once (default %d)\n"
		    "  --max-per-ip N         connections from one address "
		    "(default %d)\n"
		    "  --timeout SECONDS      idle connection timeout (default %d)\n"
		    "  --head-timeout SECONDS a request's whole head (default %d)\n"
		    "  --body-timeout SECONDS a request's whole body (default %d)\n"
		    "  --quiet                no request log on stderr\n",
		    HTTP_BODY_MAX, HTTP_HEADER_MAX, HTTP_CONN_MAX,
		    HTTP_CONN_PER_IP, HTTP_TIMEOUT, HTTP_HEAD_TIMEOUT,
		    HTTP_BODY_TIMEOUT);
		return EXIT_OK;
	}
	if (optind < argc)
		return cli_fail(EXIT_USAGE, "serve: unexpected argument '%s'",
		    argv[optind]);
	if (listen_addr(listen, addr, sizeof(addr), &port) != 0)
		return EXIT_USAGE;
	/* The server's threads inherit this mask: only sigwait sees these. */
	sigemptyset(&set);
	sigaddset(&set, SIGTERM);
	sigaddset(&set, SIGINT);
	sigaddset(&set, SIGPIPE);
	pthread_sigmask(SIG_BLOCK, &set, NULL);
	if ((s = http_server_start(c->db, addr, port, &lim, quiet, err)) == NULL)
		/* Invalid input to serve is its options'. */
		return cli_fail(err->kind == AS_EINVAL ? EXIT_USAGE :
		    cli_exit_of(err), "serve: %s", err->msg);
	printf("http://%s%s%s:%u/\n", strchr(addr, ':') ? "[" : "", addr,
	    strchr(addr, ':') ? "]" : "", (unsigned)s->port);
	fflush(stdout);
	fprintf(stderr, "assent: serve: verified %lld events and %lld "
	    "checkpoints in %lld ms before listening\n",
	    (long long)s->verified.events, (long long)s->verified.checkpoints,
	    (long long)s->verify_ms);
	sigdelset(&set, SIGPIPE);
	do {
		if (sigwait(&set, &sig) != 0)
			sig = SIGTERM;
	} while (sig != SIGTERM && sig != SIGINT);
	http_server_stop(s);
	fprintf(stderr, "assent: serve: stopped on %s; the ledger is closed\n",
	    sig == SIGTERM ? "SIGTERM" : "SIGINT");
	return EXIT_OK;
}
