/* Dates, durations and as-of limits. */
#include <stdint.h>

#include "core/date.h"
#include "unit/check.h"

int
main(void)
{
	char out[AS_DATE_MAX];
	int64_t t, u;
	int timed;
	as_duration d;

	/* Valid forms. */
	CHECK(as_date_parse("1970-01-01", &t, &timed) == 0 && t == 0 && !timed);
	CHECK(as_date_parse("2024-06-18", &t, NULL) == 0 && t == 1718668800);
	CHECK(as_date_parse("2024-06-18T12:30:15Z", &t, &timed) == 0 &&
	    t == 1718668800 + 45015 && timed);
	CHECK(as_date_parse("2024-06-18T14:30:15+02:00", &u, NULL) == 0 && u == t);
	CHECK(as_date_parse("2024-06-18T12:30Z", &t, NULL) == 0 &&
	    t == 1718668800 + 45000);
	CHECK(as_date_parse("1949-08-24", &t, NULL) == 0 && t < 0);
	CHECK(as_date_parse("2024-02-29", &t, NULL) == 0);

	/* Invalid forms: each must be refused. */
	static const char *const bad[] = {
		"", "2024", "2024-6-18", "24-06-18", "2024-02-30", "2023-02-29",
		"2024-13-01", "2024-00-10", "2024-06-31", "2024-06-18T25:00Z",
		"2024-06-18T12:00", "2024-06-18T12:60Z", "2024-06-18Z",
		"2024-06-18 ", "2024-06-18T12:00:00+2", "0000-01-01", "abcd-ef-gh",
	};
	for (size_t i = 0; i < sizeof(bad) / sizeof(bad[0]); i++)
		CHECK(as_date_parse(bad[i], &t, NULL) == -1);

	/* Canonical forms and round trips. */
	CHECK(as_date_canon("2024-06-18T14:30:15+02:00", out, NULL) == 0);
	CHECK_STR(out, "2024-06-18T12:30:15Z");
	CHECK(as_date_canon("1952-03-13", out, NULL) == 0);
	CHECK_STR(out, "1952-03-13");
	as_date_format(-1, 1, out);
	CHECK_STR(out, "1969-12-31T23:59:59Z");

	/* As of a date covers the whole day; as of an instant, that instant. */
	CHECK(as_date_asof("2024-06-18", &t) == 0 && t == 1718668800 + 86399);
	CHECK(as_date_asof("2024-06-18T00:00:01Z", &t) == 0 && t == 1718668801);

	/* Durations, with month-end clamping. */
	CHECK(as_duration_parse("P4Y", &d) == 0 && d.years == 4);
	CHECK(as_duration_parse("P1Y6M10D", &d) == 0 && d.years == 1 &&
	    d.months == 6 && d.days == 10);
	CHECK(as_duration_parse("P", &d) == -1);
	CHECK(as_duration_parse("P0Y", &d) == -1);
	CHECK(as_duration_parse("P6M1Y", &d) == -1);
	CHECK(as_duration_parse("4Y", &d) == -1);
	CHECK(as_duration_parse("P4W", &d) == -1);
	as_duration_parse("P4Y", &d);
	as_date_parse("2024-10-01", &t, NULL);
	as_date_format(as_date_add(t, &d), 0, out);
	CHECK_STR(out, "2028-10-01");
	as_duration_parse("P1Y", &d);
	as_date_parse("2024-02-29", &t, NULL);
	as_date_format(as_date_add(t, &d), 0, out);
	CHECK_STR(out, "2025-02-28");
	as_duration_parse("P1M", &d);
	as_date_parse("2024-01-31", &t, NULL);
	as_date_format(as_date_add(t, &d), 0, out);
	CHECK_STR(out, "2024-02-29");
	return check_done();
}
