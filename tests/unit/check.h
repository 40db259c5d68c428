/*
 * A minimal test harness: CHECK(cond) records a failure with its line and
 * goes on; check_done() prints "N passed, M failed" and returns the exit
 * status.
 */
#ifndef AS_TEST_CHECK_H
#define AS_TEST_CHECK_H

#include <stdio.h>
#include <string.h>

static int check_passed, check_failed;

#define CHECK(cond) do { \
	if (cond) { check_passed++; } else { check_failed++; \
	fprintf(stderr, "%s:%d: CHECK failed: %s\n", __FILE__, __LINE__, #cond); } \
} while (0)

#define CHECK_STR(a, b) do { \
	const char *a_ = (a), *b_ = (b); \
	if (a_ != NULL && b_ != NULL && strcmp(a_, b_) == 0) { check_passed++; } \
	else { check_failed++; fprintf(stderr, "%s:%d: '%s' != '%s' (%s)\n", \
	__FILE__, __LINE__, a_ ? a_ : "(null)", b_ ? b_ : "(null)", #a); } \
} while (0)

static inline int
check_done(void)
{
	printf("%d passed, %d failed\n", check_passed, check_failed);
	return check_failed != 0;
}

#endif
