/*
 * A growing text: appends that stop at the first failed allocation, and
 * one check at the end (as_text_take). Starts zeroed: as_text t = {0}.
 */
#ifndef AS_TEXT_H
#define AS_TEXT_H

#include <stddef.h>

typedef struct as_text {
	char	*s;		/* NUL-terminated once anything was put */
	size_t	 len, cap;
	int	 oom;		/* an allocation failed: s was freed */
} as_text;

void	 as_text_put(as_text *t, const char *s, size_t n);
void	 as_text_puts(as_text *t, const char *s);
void	 as_text_printf(as_text *t, const char *fmt, ...)
	    __attribute__((format(printf, 2, 3)));
/* The text (the caller frees it; "" if nothing was put), or NULL if an
 * allocation failed; t is left empty. */
char	*as_text_take(as_text *t);
/* Marks t failed (its text freed): later puts do nothing. */
void	 as_text_fail(as_text *t);
void	 as_text_free(as_text *t);

#endif
