/*
 * assent serve, in the lean `assent`: the HTTP stack (libmicrohttpd and
 * what it links) is not in this binary, so that every query loads only
 * what it needs. `serve` runs assent-serve, the same command line with
 * the HTTP API linked in, from the directory this binary is in.
 */
#include "cli/cli.h"

#include <errno.h>
#include <limits.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

int
cmd_serve(cli *c, int argc, char **argv, const command *cmd)
{
	char self[PATH_MAX], path[PATH_MAX + 16], **args;
	ssize_t n;
	char *slash;
	int k = 0;

	(void)cmd;
	if ((n = readlink("/proc/self/exe", self, sizeof(self) - 1)) < 0)
		return cli_fail(EXIT_STORE, "serve: cannot tell where assent "
		    "is: %s", strerror(errno));
	self[n] = '\0';
	if ((slash = strrchr(self, '/')) != NULL)
		*slash = '\0';
	snprintf(path, sizeof(path), "%s/assent-serve", self);
	/* The common options as given (the ledger resolved), then serve
	 * and its own arguments. */
	if ((args = calloc((size_t)argc + 8, sizeof(*args))) == NULL)
		return cli_fail(EXIT_STORE, "out of memory");
	args[k++] = path;
	args[k++] = "--db";
	args[k++] = (char *)c->db;
	args[k++] = "--actor";
	args[k++] = (char *)c->actor;
	for (int i = 0; i < argc; i++)
		args[k++] = argv[i];
	args[k] = NULL;
	execv(path, args);
	free(args);
	return cli_fail(EXIT_STORE, "serve: cannot run %s: %s", path,
	    strerror(errno));
}
