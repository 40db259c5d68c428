/* A growing text (text.h). */
#include <stdarg.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "core/alloc.h"
#include "core/text.h"

void
as_text_put(as_text *t, const char *s, size_t n)
{
	if (t->oom)
		return;
	if (t->len + n + 1 > t->cap) {
		size_t cap = (t->len + n + 1) * 2;
		char *p = as_realloc(t->s, cap);
		if (p == NULL) {
			as_text_fail(t);
			return;
		}
		t->s = p;
		t->cap = cap;
	}
	memcpy(t->s + t->len, s, n);
	t->len += n;
	t->s[t->len] = '\0';
}

void
as_text_puts(as_text *t, const char *s)
{
	as_text_put(t, s, strlen(s));
}

void
as_text_printf(as_text *t, const char *fmt, ...)
{
	va_list ap;
	char small[256], *big;
	int n;

	va_start(ap, fmt);
	n = vsnprintf(small, sizeof(small), fmt, ap);
	va_end(ap);
	if (n < 0) {
		as_text_fail(t);
		return;
	}
	if ((size_t)n < sizeof(small)) {
		as_text_put(t, small, (size_t)n);
		return;
	}
	if ((big = as_malloc((size_t)n + 1)) == NULL) {
		as_text_fail(t);
		return;
	}
	va_start(ap, fmt);
	vsnprintf(big, (size_t)n + 1, fmt, ap);
	va_end(ap);
	as_text_put(t, big, (size_t)n);
	free(big);
}

char *
as_text_take(as_text *t)
{
	char *s;

	as_text_put(t, "", 0);
	s = t->oom ? NULL : t->s;
	memset(t, 0, sizeof(*t));
	return s;
}

void
as_text_free(as_text *t)
{
	free(t->s);
	t->s = NULL;
	t->len = t->cap = 0;
}

void
as_text_fail(as_text *t)
{
	as_text_free(t);
	t->oom = 1;
}
