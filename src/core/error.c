/*
 * The error type: see error.h.
 */
#include "core/error.h"

#include <stdarg.h>
#include <stdio.h>
#include <string.h>

int
as_fail(as_error *e, int kind, const char *fmt, ...)
{
	va_list ap;

	if (e != NULL) {
		e->kind = kind;
		va_start(ap, fmt);
		vsnprintf(e->msg, sizeof(e->msg), fmt, ap);
		va_end(ap);
	}
	return kind;
}

int
as_wrap(as_error *e, const as_error *inner, const char *fmt, ...)
{
	char pre[AS_ERR_MAX], msg[AS_ERR_MAX];
	int kind = inner->kind != AS_OK ? inner->kind : AS_EINVAL;
	va_list ap;

	memcpy(msg, inner->msg, sizeof(msg));
	msg[sizeof(msg) - 1] = '\0';
	va_start(ap, fmt);
	vsnprintf(pre, sizeof(pre), fmt, ap);
	va_end(ap);
	return as_fail(e, kind, "%.200s: %.300s", pre, msg);
}

int
as_nomem(as_error *e, const char *what)
{
	if (what != NULL)
		return as_fail(e, AS_ENOMEM, "%s: out of memory", what);
	return as_fail(e, AS_ENOMEM, "out of memory");
}

void
as_error_clear(as_error *e)
{
	e->kind = AS_OK;
	e->msg[0] = '\0';
}

const char *
as_kind_name(int kind)
{
	static const char *const names[AS_KINDS] = {
		"ok", "invalid", "store", "conflict", "replay", "upgrade",
		"unavailable", "not_found", "out_of_memory", "broken", "limit"
	};

	if (kind > 0 || kind <= -AS_KINDS)
		return "error";
	return names[-kind];
}
