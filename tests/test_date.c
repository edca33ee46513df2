/* SPDX-License-Identifier: ISC */
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <string.h>

#include <cmocka.h>

#include "date.h"

/* Every date form feeds write, against the UTC time it means. */

static const struct {
	const char	*in;
	const char	*utc;	/* NULL: not a date */
} cases[] = {
	/* RFC 822 / 1123 */
	{ "Mon, 17 Jan 2022 10:30:00 GMT", "2022-01-17T10:30:00Z" },
	{ "Mon, 17 Jan 2022 10:30:00 +0000", "2022-01-17T10:30:00Z" },
	{ "Mon, 17 Jan 2022 10:30:00 UT", "2022-01-17T10:30:00Z" },
	{ "Mon, 17 Jan 2022 10:30:00 Z", "2022-01-17T10:30:00Z" },
	{ "Mon, 17 Jan 2022 10:30:00 EST", "2022-01-17T15:30:00Z" },
	{ "Mon, 17 Jan 2022 10:30:00 PDT", "2022-01-17T17:30:00Z" },
	{ "Mon, 17 Jan 2022 10:30:00 +0530", "2022-01-17T05:00:00Z" },
	{ "Mon, 17 Jan 2022 10:30:00 -07:00", "2022-01-17T17:30:00Z" },
	{ "Mon, 17 Jan 2022 10:30:00 +0000 (UTC)", "2022-01-17T10:30:00Z" },
	/* two-digit years (RFC 2822 4.3) */
	{ "Mon, 17 Jan 22 10:30:00 GMT", "2022-01-17T10:30:00Z" },
	{ "Fri, 17 Jan 99 10:30:00 GMT", "1999-01-17T10:30:00Z" },
	/* no seconds, no weekday, a wrong weekday, no zone */
	{ "Mon, 17 Jan 2022 10:30 GMT", "2022-01-17T10:30:00Z" },
	{ "17 Jan 2022 10:30:00 GMT", "2022-01-17T10:30:00Z" },
	{ "Fri, 17 Jan 2022 10:30:00 GMT", "2022-01-17T10:30:00Z" },
	{ "Mon, 17 Jan 2022 10:30:00", "2022-01-17T10:30:00Z" },
	{ "Monday, 17 January 2022 10:30:00 GMT", "2022-01-17T10:30:00Z" },
	{ "Mon,17 Jan 2022 10:30:00 GMT", "2022-01-17T10:30:00Z" },
	{ "Mon, 7 Jan 2022 9:05:00 GMT", "2022-01-07T09:05:00Z" },
	/* military letters: RFC 2822 says they mean nothing, so UTC */
	{ "Mon, 17 Jan 2022 10:30:00 A", "2022-01-17T10:30:00Z" },
	{ "Mon, 17 Jan 2022 10:30:00 N", "2022-01-17T10:30:00Z" },
	{ "Mon, 17 Jan 2022 10:30:00 J", NULL },
	/* a zone name and an offset together */
	{ "Mon, 17 Jan 2022 10:30:00 GMT+0100", "2022-01-17T09:30:00Z" },
	/* RFC 3339 / ISO 8601 */
	{ "2022-01-17T10:30:00Z", "2022-01-17T10:30:00Z" },
	{ "2022-01-17T10:30:00+05:30", "2022-01-17T05:00:00Z" },
	{ "2022-01-17T10:30:00-0700", "2022-01-17T17:30:00Z" },
	{ "2022-01-17T10:30:00.123456Z", "2022-01-17T10:30:00Z" },
	{ "2022-01-17T10:30:00,5+01:00", "2022-01-17T09:30:00Z" },
	{ "2022-01-17T10:30:00", "2022-01-17T10:30:00Z" },
	{ "2022-01-17T10:30Z", "2022-01-17T10:30:00Z" },
	{ "2022-01-17T10:30:00+01", "2022-01-17T09:30:00Z" },
	{ "2022-01-17", "2022-01-17T00:00:00Z" },
	{ "20220117", "2022-01-17T00:00:00Z" },
	{ "20220117T103000Z", "2022-01-17T10:30:00Z" },
	{ "  2022-01-17T10:30:00Z\n", "2022-01-17T10:30:00Z" },
	{ "2016-12-31T23:59:60Z", "2016-12-31T23:59:59Z" },
	{ "2022-01-17T24:00:00Z", "2022-01-18T00:00:00Z" },
	/* common non-standard forms */
	{ "2022-01-17 10:30:00", "2022-01-17T10:30:00Z" },
	{ "2022-01-17 10:30:00 +0100", "2022-01-17T09:30:00Z" },
	{ "2022-01-17 10:30:00 UTC", "2022-01-17T10:30:00Z" },
	{ "17 Jan 2022", "2022-01-17T00:00:00Z" },
	{ "Jan 17, 2022", "2022-01-17T00:00:00Z" },
	{ "January 17, 2022 10:30 AM", "2022-01-17T10:30:00Z" },
	{ "January 17, 2022 12:05 am", "2022-01-17T00:05:00Z" },
	{ "Jan 17, 2022 3:30 PM EST", "2022-01-17T20:30:00Z" },
	{ "17-Jan-2022 10:30:00", "2022-01-17T10:30:00Z" },
	{ "Sept 3, 2021", "2021-09-03T00:00:00Z" },
	{ "29 Feb 2024", "2024-02-29T00:00:00Z" },
	/* W3C-DTF's reduced forms, and the ISO 8601 ones feedparser reads */
	{ "2003", "2003-01-01T00:00:00Z" },
	{ "2003-12", "2003-12-01T00:00:00Z" },
	{ "2003-335", "2003-12-01T00:00:00Z" },
	{ "2003335T101400Z", "2003-12-01T10:14:00Z" },
	{ "2004-366", "2004-12-31T00:00:00Z" },
	{ "03-12-31", "2003-12-31T00:00:00Z" },
	{ "031231", "2003-12-31T00:00:00Z" },
	{ "03-335", "2003-12-01T00:00:00Z" },
	/* offsets and zones feeds write */
	{ "Etc/GMT", NULL },
	{ "Fri, 12 Dec 2008 10:00:00 Etc/GMT", "2008-12-12T10:00:00Z" },
	{ "Fri, 12 Dec 2008 10:00:00 Etc/GMT-2", "2008-12-12T08:00:00Z" },
	{ "Fri, 12 Dec 2008 10:00:00 GMT+8", "2008-12-12T02:00:00Z" },
	{ "2008-12-12 10:00:00 GMT+8", "2008-12-12T02:00:00Z" },
	{ "2008-12-12T10:00:00+8", "2008-12-12T02:00:00Z" },
	{ "Fri, 12 Dec 2008 10:00:00 ET", "2008-12-12T15:00:00Z" },
	{ "Fri, 12 Dec 2008 10:00:00 CT", "2008-12-12T16:00:00Z" },
	{ "Fri, 12 Dec 2008 10:00:00 MT", "2008-12-12T17:00:00Z" },
	{ "Fri, 12 Dec 2008 10:00:00 PT", "2008-12-12T18:00:00Z" },
	{ "Fri, 12 Dec 2008 10:00:00 AT", "2008-12-12T14:00:00Z" },
	/* other languages' months and weekdays, a wrong weekday, spaces */
	{ "ven, 12 Dec 2008 10:00:00 GMT", "2008-12-12T10:00:00Z" },
	{ "mar, 12 Dec 2008 10:00:00 GMT", "2008-12-12T10:00:00Z" },
	{ "12 juin 2008", "2008-06-12T00:00:00Z" },
	{ "Ven, 13 JUIN 2008 10:00:00 GMT", "2008-06-13T10:00:00Z" },
	{ "Mo, 12 M\xc3\xa4rz 2008 10:00", "2008-03-12T10:00:00Z" },
	{ "12. Dezember 2008 um 10:00", "2008-12-12T10:00:00Z" },
	{ "jueves, 12 de diciembre de 2008", "2008-12-12T00:00:00Z" },
	{ "12 d\xc3\xa9" "c. 2008 10:00", "2008-12-12T10:00:00Z" },
	{ "gioved\xc3\xac 12 dicembre 2008", "2008-12-12T00:00:00Z" },
	{ "vr, 12 mrt 2008", "2008-03-12T00:00:00Z" },
	{ "12 ao\xc3\xbbt 2008", "2008-08-12T00:00:00Z" },
	{ "Thu,  12 Dec  2008 10:00:00 GMT", "2008-12-12T10:00:00Z" },
	/* numbers with slashes */
	{ "12/12/2008 10:00am", "2008-12-12T10:00:00Z" },
	{ "12/31/2008 10:00 PM", "2008-12-31T22:00:00Z" },
	{ "31/12/2008", "2008-12-31T00:00:00Z" },
	{ "2006/09/15", "2006-09-15T00:00:00Z" },
	{ "Jan 17, 2022 at 10:30", "2022-01-17T10:30:00Z" },
	/* not dates */
	{ "2013-01-27-01", NULL },
	/* a zone that moves the instant out of the years 1 to 9999 */
	{ "0001-01-01T00:00:00+01:00", NULL },
	{ "9999-12-31T23:30:00-01:00", NULL },
	{ "0001-01-01T01:00:00+01:00", "0001-01-01T00:00:00Z" },
	{ "2003-367", NULL },
	{ "2003-12-", NULL },
	{ "13/13/2008", NULL },
	{ "", NULL },
	{ "yesterday", NULL },
	{ "29 Feb 2023", NULL },
	{ "2022-13-01", NULL },
	{ "2022-01-32", NULL },
	{ "2022-01-17T25:00:00Z", NULL },
	{ "2022-01-17T10:61:00Z", NULL },
	{ "2022-01-17T10:30:00+25:00", NULL },
	{ "Mon, 17 Foo 2022 10:30:00 GMT", NULL },
	{ "Mon, 17 Jan 2022 10:30:00 XYZ", NULL },
	{ "17 2022", NULL },
	{ "Jan 2022", NULL },
	{ "10:30:00", NULL },
	{ "Mon, 17 Jan 12345 10:30:00 GMT", NULL },
	{ "13:30 PM, Jan 17 2022", NULL },
};

static void
date_parse__table__utc(void **state)
{
	char	out[DATE_RFC3339_SIZE];
	int64_t	t;
	size_t	i;
	int	rv;

	for (i = 0; i < sizeof cases / sizeof cases[0]; i++) {
		rv = date_parse(cases[i].in, &t);
		if (cases[i].utc == NULL) {
			if (rv != -1) {
				date_rfc3339(t, out);
				fail_msg("\"%s\" read as %s", cases[i].in, out);
			}
			continue;
		}
		if (rv == -1)
			fail_msg("\"%s\" not read", cases[i].in);
		date_rfc3339(t, out);
		if (strcmp(out, cases[i].utc) != 0)
			fail_msg("\"%s\" -> %s, want %s", cases[i].in, out,
			    cases[i].utc);
	}
}

static void
date_civil__round_trip__every_day_of_four_centuries(void **state)
{
	int64_t		t;
	uint32_t	ymd;
	char		out[DATE_RFC3339_SIZE];

	for (t = date_from_civil(1800, 1, 1); t < date_from_civil(2200, 1, 1);
	    t += 86400) {
		ymd = date_yyyymmdd(t);
		if (date_from_civil(ymd / 10000, ymd / 100 % 100, ymd % 100) != t)
			fail_msg("%u does not round-trip", ymd);
	}
	assert_int_equal(date_yyyymmdd(0), 19700101);
	assert_int_equal(date_yyyymmdd(-1), 19691231);
	assert_int_equal(date_yyyymmdd(1642377600 + 86399), 20220117);
	date_rfc3339(-1, out);
	assert_string_equal(out, "1969-12-31T23:59:59Z");
}

int
main(void)
{
	const struct CMUnitTest	tests[] = {
		cmocka_unit_test(date_parse__table__utc),
		cmocka_unit_test(date_civil__round_trip__every_day_of_four_centuries),
	};

	return cmocka_run_group_tests(tests, NULL, NULL);
}
