/* The core's allocator: see alloc.h. */
#include "core/alloc.h"

#include <stdint.h>
#include <stdlib.h>
#include <string.h>

#include <jansson.h>

static void *(*alloc_fn)(size_t) = malloc;
static void *(*realloc_fn)(void *, size_t) = realloc;
static _Thread_local unsigned long misses;

/* jansson allocates through the core from the start: its failures are
 * counted too. */
__attribute__((constructor)) static void
jansson_through_core(void)
{
	json_set_alloc_funcs(as_malloc, free);
}

void *
as_malloc(size_t n)
{
	void *p = alloc_fn(n ? n : 1);

	if (p == NULL)
		misses++;
	return p;
}

unsigned long
as_alloc_misses(void)
{
	return misses;
}

void *
as_calloc(size_t count, size_t size)
{
	void *p;

	if (size != 0 && count > SIZE_MAX / size)
		return NULL;
	if ((p = as_malloc(count * size)) != NULL)
		memset(p, 0, count * size);
	return p;
}

void *
as_realloc(void *p, size_t n)
{
	void *q = realloc_fn(p, n ? n : 1);

	if (q == NULL)
		misses++;
	return q;
}

char *
as_strdup(const char *s)
{
	size_t n = strlen(s) + 1;
	char *d = as_malloc(n);

	if (d != NULL)
		memcpy(d, s, n);
	return d;
}

void
as_set_allocator(void *(*m)(size_t), void *(*r)(void *, size_t))
{
	alloc_fn = m != NULL ? m : malloc;
	realloc_fn = r != NULL ? r : realloc;
	json_set_alloc_funcs(as_malloc, free);
}
