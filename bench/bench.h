/*
 * What every benchmark measures with: a monotonic clock and the peak
 * resident set size. Included by the bench_*.c programs only.
 */
#ifndef AS_BENCH_H
#define AS_BENCH_H

#include <sys/resource.h>
#include <time.h>

/* Seconds on the monotonic clock. */
static inline double
now(void)
{
	struct timespec ts;

	clock_gettime(CLOCK_MONOTONIC, &ts);
	return ts.tv_sec + ts.tv_nsec / 1e9;
}

/* The process's peak resident set size, in KiB. */
static inline long
peak_rss_kib(void)
{
	struct rusage ru;

	getrusage(RUSAGE_SELF, &ru);
	return ru.ru_maxrss;
}

#endif
