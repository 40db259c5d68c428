/*
 * Dates, instants and durations. Pure: nothing here reads a clock.
 *
 * An instant is seconds since 1970-01-01T00:00:00Z (int64_t). Text forms:
 * "YYYY-MM-DD" (midnight UTC) or "YYYY-MM-DDTHH:MM[:SS]" followed by "Z"
 * or "+HH:MM" / "-HH:MM". Years 0001-9999.
 */
#ifndef AS_DATE_H
#define AS_DATE_H

#include <stdint.h>

#define AS_DATE_MAX 32			/* room for any canonical form + NUL */
#define AS_TIME_NEVER INT64_MAX		/* an open end */

typedef struct as_duration {
	int years, months, days;
} as_duration;

/*
 * Parses s. On success returns 0, stores the instant in *t and, if has_time
 * is not NULL, whether a time of day was given. Returns -1 if s is not a
 * valid date (a day that does not exist, a missing zone, trailing text).
 */
int as_date_parse(const char *s, int64_t *t, int *has_time);

/*
 * Writes the canonical form of s into out (AS_DATE_MAX bytes): a date stays
 * "YYYY-MM-DD"; a date with a time becomes "YYYY-MM-DDTHH:MM:SSZ" in UTC.
 * Returns 0, or -1 if s does not parse.
 */
int as_date_canon(const char *s, char out[AS_DATE_MAX], int64_t *t);

/*
 * The last instant that "as of s" covers: the end of the day for a date,
 * the instant itself for a date with a time. Returns 0 or -1.
 */
int as_date_asof(const char *s, int64_t *limit);

/* Formats t as "YYYY-MM-DD", or with the time as "...THH:MM:SSZ". */
void as_date_format(int64_t t, int with_time, char out[AS_DATE_MAX]);

/*
 * Formats t as a date alone when it is midnight UTC, else with the time.
 */
void as_date_format_auto(int64_t t, char out[AS_DATE_MAX]);

/* Parses an ISO 8601 duration of years, months and days ("P4Y", "P1Y6M",
 * "P30D"). Returns 0, or -1 if malformed or zero. */
int as_duration_parse(const char *s, as_duration *d);

/* t plus d; a day that does not exist in the target month is clamped to
 * the month's last day (2024-02-29 + P1Y = 2025-02-28). */
int64_t as_date_add(int64_t t, const as_duration *d);

#endif
