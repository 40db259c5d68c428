/*
 * The out-of-memory tests' allocator (as_set_allocator): the fail_at-th
 * allocation counted from count = 0 fails, and with persistent every one
 * after it; failed says whether any did.
 */
#ifndef AS_TEST_FAULTY_ALLOC_H
#define AS_TEST_FAULTY_ALLOC_H

#include <stdlib.h>

static long count, fail_at;
static int persistent, failed;

static int
should_fail(void)
{
	count++;
	if (fail_at != 0 && (count == fail_at || (persistent && count > fail_at))) {
		failed = 1;
		return 1;
	}
	return 0;
}

static void *
faulty_malloc(size_t n)
{
	return should_fail() ? NULL : malloc(n);
}

static void *
faulty_realloc(void *p, size_t n)
{
	return should_fail() ? NULL : realloc(p, n);
}

#endif
