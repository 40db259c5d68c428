/*
 * The one error type of assent, for the core, the stores, the server and
 * the CLI: a kind and a one-line message. A function that can fail takes
 * an as_error * (callers declare `as_error err[1]`), returns 0 or the
 * negative kind it set, and names in the message the field, member, line
 * or limit at fault. The HTTP status and the CLI's exit status are chosen
 * from the kind alone (http_fail, cli_fail_err), never from the text.
 */
#ifndef AS_ERROR_H
#define AS_ERROR_H

#define AS_ERR_MAX	512	/* bytes of a message, its NUL included */

/* The kinds, as the negative values that functions return. */
enum as_kind {
	AS_OK = 0,
	AS_EINVAL = -1,		/* the input was refused */
	AS_ESTORE = -2,		/* the store failed or is not a ledger */
	AS_ECONFLICT = -3,	/* the head is not the one expected */
	AS_EREPLAY = -4,	/* an idempotency key seen before: a retry */
	AS_EUPGRADE = -5,	/* a ledger of an older format (see upgrade) */
	AS_EUNAVAIL = -6,	/* the store cannot be reached now (a lost
				 * connection, a server down): retry later */
	AS_ENOTFOUND = -7,	/* no such proposal, office, organisation... */
	AS_ENOMEM = -8,		/* out of memory: nothing was changed */
	AS_EBROKEN = -9,	/* the ledger does not verify */
	AS_ELIMIT = -10		/* over a named limit (the message names it) */
};
#define AS_KINDS	11	/* AS_OK down to AS_ELIMIT */

typedef struct as_error {
	int	kind;			/* AS_OK, or one of the kinds above */
	char	msg[AS_ERR_MAX];	/* one line; "" when kind is AS_OK */
} as_error;

/* Sets e (if not NULL) to kind with the formatted message; returns kind. */
int	as_fail(as_error *e, int kind, const char *fmt, ...)
	    __attribute__((format(printf, 3, 4)));

/* The most common failure, invalid input: as_fail with AS_EINVAL. */
#define as_err(e, ...)	as_fail((e), AS_EINVAL, __VA_ARGS__)

/*
 * Sets e to inner's kind (AS_EINVAL if it has none) with the formatted
 * text, ": " and inner's message: a caller's context before a callee's
 * error, whose kind it keeps. e and inner may be the same. Returns the
 * kind.
 */
int	as_wrap(as_error *e, const as_error *inner, const char *fmt, ...)
	    __attribute__((format(printf, 3, 4)));

/* Sets e to out of memory ("WHAT: out of memory", or "out of memory"
 * when what is NULL); returns AS_ENOMEM. */
int	as_nomem(as_error *e, const char *what);

/* Empties e: AS_OK and no message. */
void	as_error_clear(as_error *e);

/* The kind's name as the API's "kind" says it: "invalid", "not_found",
 * ... ; "error" for a value that is not a kind. */
const char	*as_kind_name(int kind);

#endif
