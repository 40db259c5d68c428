/*
 * Every allocation of the core goes through these, and so does jansson's
 * once as_set_allocator has been called: a test can then make the Nth
 * allocation fail, and check that nothing breaks (tests/unit/test_oom.c).
 * Memory from them is released with free().
 */
#ifndef AS_ALLOC_H
#define AS_ALLOC_H

#include <stddef.h>

void	*as_malloc(size_t n);
void	*as_calloc(size_t count, size_t size);	/* checks the product */
void	*as_realloc(void *p, size_t n);
char	*as_strdup(const char *s);

/*
 * How many allocations have failed in this thread so far, through these
 * functions and jansson's (which go through them): a caller that built
 * something compares the count before and after to tell a whole result
 * from one that lost a part (a jansson call that failed unchecked).
 */
unsigned long	as_alloc_misses(void);

/*
 * Replaces the allocator (for the core and jansson); NULLs restore libc's.
 * Not thread-safe: call it before any other thread uses assent.
 */
void	as_set_allocator(void *(*m)(size_t), void *(*r)(void *, size_t));

#endif
