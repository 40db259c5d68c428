/* Dates, instants and durations: see date.h. */
#include "core/date.h"

#include <stdio.h>
#include <string.h>

static int
is_leap(int64_t y)
{
	return (y % 4 == 0 && y % 100 != 0) || y % 400 == 0;
}

static int
month_days(int64_t y, int m)
{
	static const int days[12] = {31,28,31,30,31,30,31,31,30,31,30,31};
	return m == 2 && is_leap(y) ? 29 : days[m - 1];
}

/* Days since 1970-01-01 of a civil date (H. Hinnant's algorithm). */
static int64_t
days_from_civil(int64_t y, int m, int d)
{
	y -= m <= 2;
	int64_t era = (y >= 0 ? y : y - 399) / 400;
	int64_t yoe = y - era * 400;
	int64_t doy = (153 * (m + (m > 2 ? -3 : 9)) + 2) / 5 + d - 1;
	int64_t doe = yoe * 365 + yoe / 4 - yoe / 100 + doy;
	return era * 146097 + doe - 719468;
}

static void
civil_from_days(int64_t z, int64_t *y, int *m, int *d)
{
	z += 719468;
	int64_t era = (z >= 0 ? z : z - 146096) / 146097;
	int64_t doe = z - era * 146097;
	int64_t yoe = (doe - doe / 1460 + doe / 36524 - doe / 146096) / 365;
	int64_t doy = doe - (365 * yoe + yoe / 4 - yoe / 100);
	int64_t mp = (5 * doy + 2) / 153;
	*d = (int)(doy - (153 * mp + 2) / 5 + 1);
	*m = (int)(mp < 10 ? mp + 3 : mp - 9);
	*y = yoe + era * 400 + (*m <= 2);
}

/* Reads exactly n digits at *p; returns the value or -1. */
static int
digits(const char **p, int n)
{
	int v = 0;
	for (int i = 0; i < n; i++) {
		char c = (*p)[i];
		if (c < '0' || c > '9')
			return -1;
		v = v * 10 + (c - '0');
	}
	*p += n;
	return v;
}

int
as_date_parse(const char *s, int64_t *t, int *has_time)
{
	const char *p = s;
	int y, m, d, hh = 0, mm = 0, ss = 0, off = 0, timed = 0;

	if (s == NULL)
		return -1;
	if ((y = digits(&p, 4)) < 1 || *p++ != '-' ||
	    (m = digits(&p, 2)) < 1 || m > 12 || *p++ != '-' ||
	    (d = digits(&p, 2)) < 1 || d > month_days(y, m))
		return -1;
	if (*p == 'T') {
		p++;
		timed = 1;
		if ((hh = digits(&p, 2)) < 0 || hh > 23 || *p++ != ':' ||
		    (mm = digits(&p, 2)) < 0 || mm > 59)
			return -1;
		if (*p == ':') {
			p++;
			if ((ss = digits(&p, 2)) < 0 || ss > 59)
				return -1;
		}
		if (*p == 'Z') {
			p++;
		} else if (*p == '+' || *p == '-') {
			int sign = *p++ == '-' ? -1 : 1, oh, om;
			if ((oh = digits(&p, 2)) < 0 || oh > 14 || *p++ != ':' ||
			    (om = digits(&p, 2)) < 0 || om > 59)
				return -1;
			off = sign * (oh * 3600 + om * 60);
		} else {
			return -1;	/* a time needs its zone */
		}
	}
	if (*p != '\0')
		return -1;
	*t = days_from_civil(y, m, d) * 86400 + hh * 3600 + mm * 60 + ss - off;
	if (has_time != NULL)
		*has_time = timed;
	return 0;
}

void
as_date_format(int64_t t, int with_time, char out[AS_DATE_MAX])
{
	int64_t days = t >= 0 ? t / 86400 : -((-t + 86399) / 86400);
	int64_t secs = t - days * 86400, y;
	int m, d;

	civil_from_days(days, &y, &m, &d);
	if (with_time)
		snprintf(out, AS_DATE_MAX, "%04d-%02d-%02dT%02d:%02d:%02dZ",
		    (int)y, m, d, (int)(secs / 3600), (int)(secs / 60 % 60),
		    (int)(secs % 60));
	else
		snprintf(out, AS_DATE_MAX, "%04d-%02d-%02d", (int)y, m, d);
}

void
as_date_format_auto(int64_t t, char out[AS_DATE_MAX])
{
	as_date_format(t, t % 86400 != 0, out);
}

int
as_date_canon(const char *s, char out[AS_DATE_MAX], int64_t *t)
{
	int timed;
	int64_t v;

	if (as_date_parse(s, &v, &timed) != 0)
		return -1;
	as_date_format(v, timed, out);
	if (t != NULL)
		*t = v;
	return 0;
}

int
as_date_asof(const char *s, int64_t *limit)
{
	int timed;

	if (as_date_parse(s, limit, &timed) != 0)
		return -1;
	if (!timed)
		*limit += 86399;
	return 0;
}

int
as_duration_parse(const char *s, as_duration *d)
{
	const char *p = s;
	int seen = 0, last = 0;

	memset(d, 0, sizeof(*d));
	if (s == NULL || *p++ != 'P')
		return -1;
	while (*p != '\0') {
		long v = 0;
		int n = 0, unit;
		while (*p >= '0' && *p <= '9' && n < 5) {
			v = v * 10 + (*p++ - '0');
			n++;
		}
		if (n == 0)
			return -1;
		switch (*p++) {
		case 'Y': unit = 1; d->years = (int)v; break;
		case 'M': unit = 2; d->months = (int)v; break;
		case 'D': unit = 3; d->days = (int)v; break;
		default: return -1;
		}
		if (unit <= last)
			return -1;	/* units in order, once each */
		last = unit;
		seen |= v != 0;
	}
	return seen ? 0 : -1;
}

int64_t
as_date_add(int64_t t, const as_duration *dur)
{
	int64_t days = t >= 0 ? t / 86400 : -((-t + 86399) / 86400);
	int64_t secs = t - days * 86400, y;
	int m, d;

	civil_from_days(days, &y, &m, &d);
	int64_t months = y * 12 + (m - 1) + dur->years * 12 + dur->months;
	y = months / 12;
	m = (int)(months % 12) + 1;
	if (d > month_days(y, m))
		d = month_days(y, m);
	return (days_from_civil(y, m, d) + dur->days) * 86400 + secs;
}
