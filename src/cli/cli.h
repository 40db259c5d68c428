/*
 * The assent command line: shared context, exit codes and helpers. Each
 * subcommand is a row of the table in main.c.
 */
#ifndef AS_CLI_H
#define AS_CLI_H

#include <getopt.h>
#include <stdint.h>

#include <jansson.h>

#include "core/event.h"
#include "core/source.h"
#include "store/ledger.h"

enum {
	EXIT_OK = 0,
	EXIT_REFUSED = 1,	/* the input was refused; nothing written */
	EXIT_USAGE = 2,		/* bad options or arguments */
	EXIT_STORE = 3,		/* cannot open, not a ledger, I/O */
	EXIT_BROKEN = 4		/* verify: the chain is broken */
};

typedef struct cli {
	const char	*prog;
	const char	*db;
	const char	*actor;
	const char	*as_of;		/* NULL: now */
	const char	*known_at;	/* NULL: everything recorded */
	int		 json;
	int		 help;
	int		 brief;		/* status: codes only, no sources */
} cli;

typedef struct command {
	const char	*name;
	int		(*run)(cli *, int argc, char **argv, const struct command *);
	const char	*args;		/* synopsis after the name */
	const char	*help;
	const as_event_type *type;	/* for the event subcommands */
} command;

/* Common options: every subcommand accepts these. */
#define CLI_COMMON_OPTS \
	{ "db", required_argument, NULL, 'D' }, \
	{ "actor", required_argument, NULL, 'A' }, \
	{ "as-of", required_argument, NULL, 'T' }, \
	{ "known-at", required_argument, NULL, 'K' }, \
	{ "json", no_argument, NULL, 'J' }, \
	{ "help", no_argument, NULL, 'h' }

/* Handles a common option; returns 1 if it was one, 0 if not. */
int	cli_common_opt(cli *c, int ch, const char *arg);

/*
 * getopt's answer ch ('?' or ':') for argv turned into one line naming
 * the option; returns EXIT_USAGE. Parsers use the optstring ":h" with
 * opterr = 0, so getopt itself prints nothing.
 */
int	cli_bad_opt(const cli *c, const char *cmd, int ch, char **argv);

/* Prints "assent: msg" on stderr and returns code. */
int	cli_fail(int code, const char *fmt, ...)
	    __attribute__((format(printf, 2, 3)));

/* The exit status for an error, from its kind alone (docs/cli.md): 1
 * refused input (invalid, not found, a conflict, over a limit), 3 the
 * store or the machine (storage, out of reach, out of memory, an older
 * format), 4 a broken ledger. */
int	cli_exit_of(const as_error *e);

/* The current time as "YYYY-MM-DDTHH:MM:SSZ" and today's date. */
void	cli_now(char recorded[AS_DATE_MAX], char today[AS_DATE_MAX]);

/* Resolves --as-of (or now) into the instant to fold to and its label. */
int	cli_as_of(const cli *c, int64_t *limit, char label[AS_DATE_MAX]);

/*
 * Opens the ledger for writing, creating it if missing; *created says if
 * it did. cli_write_done removes a ledger it created when the write
 * failed, so that a refused first write leaves nothing behind (an
 * SQLite file; in PostgreSQL, the tables it made in the database).
 */
as_ledger *cli_open_write(const cli *c, int *created);
void	cli_write_done(const cli *c, as_ledger *l, int created, int failed);

/*
 * Opens the ledger and folds, as of --as-of and as known at --known-at,
 * the history of the organisation that the name id of kind belongs to
 * (an unknown name: an empty state, for the view to say so). Returns -1
 * with *st set (the caller frees it), or the exit code after printing
 * the error.
 */
struct as_state;
int	fold_for(const cli *c, enum as_name_kind kind, const char *id,
	    struct as_state **st, int64_t *limit, char label[AS_DATE_MAX]);

/*
 * Resolves --known-at on l into the last seq recorded by then (AS_SEQ_END
 * without it). 0, or the exit code after printing the error.
 */
int	cli_known_at(const cli *c, as_ledger *l, int64_t *known);

/* Parses --basis (NULL: the default) into *b: 0, or EXIT_USAGE after
 * the message. */
int	cli_basis(const char *arg, as_basis *b);

/* Adds "known_at" (the option's canonical text, or null) to an answer. */
void	cli_add_known_at(const cli *c, json_t *j);

/* Prints an answer (its known_at added) as JSON or through render, and
 * releases it: EXIT_OK. */
int	cli_answer(const cli *c, json_t *j, void (*render)(const json_t *));

/* Opens an existing ledger for reading; NULL after printing the error. */
as_ledger *cli_open_read(const cli *c);

/* Prints a JSON value on stdout, indented, with a newline. */
void	cli_print_json(const json_t *j);

/* Prints the subcommand's usage from its table row. */
void	cli_usage(const cli *c, const command *cmd);

int	cmd_record(cli *, int, char **, const command *);
int	cmd_status(cli *, int, char **, const command *);
int	cmd_proposals(cli *, int, char **, const command *);
int	cmd_office(cli *, int, char **, const command *);
int	cmd_org(cli *, int, char **, const command *);
int	cmd_timeline(cli *, int, char **, const command *);
int	cmd_load(cli *, int, char **, const command *);
int	cmd_verify(cli *, int, char **, const command *);
int	cmd_export(cli *, int, char **, const command *);
int	cmd_import(cli *, int, char **, const command *);
int	cmd_copy(cli *, int, char **, const command *);
int	cmd_analyse(cli *, int, char **, const command *);
int	cmd_power(cli *, int, char **, const command *);
int	cmd_serve(cli *, int, char **, const command *);
int	cmd_token(cli *, int, char **, const command *);
int	cmd_upgrade(cli *, int, char **, const command *);
int	cmd_reports(cli *, int, char **, const command *);
int	cmd_polls(cli *, int, char **, const command *);
int	cmd_citations(cli *, int, char **, const command *);
int	cmd_changes(cli *, int, char **, const command *);

/* render.c: the human views of the JSON answers. */
void	render_status(const json_t *s, int brief);
void	render_office(const json_t *o, int brief);
void	render_office_nationality(const json_t *o, int brief);
void	render_org(const json_t *o, int brief);
void	render_proposals(const json_t *p);
void	render_timeline(const json_t *t);
void	render_reports(const json_t *r);
void	render_polls(const json_t *r);
void	render_citations(const json_t *c);
void	render_changes(const json_t *c);

#endif
