/* SPDX-License-Identifier: ISC */
#include <ctype.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <strings.h>

#include "date.h"

/*
 * Feeds' dates, read without the C library's locale or time zone: the
 * month and zone names are English whatever the machine's locale, and the
 * result is UTC.  Two readers: a strict one for ISO 8601 / RFC 3339, and a
 * tokenizing one that takes RFC 822 and the shapes it turns into in the
 * wild (no weekday, a wrong weekday, two-digit years, no seconds, named
 * zones, the month before the day).
 */

struct date_parts {
	int64_t	year;
	int	month, day, hour, min, sec;
	int	offset;		/* seconds east of UTC */
};

static int	date_check(struct date_parts *, int64_t *);
static int	date_iso8601(const char *, int64_t *);
static int	date_zone_name(const char *, size_t, int *);
static int	date_month_name(const char *, size_t);
static int	date_is_weekday(const char *, size_t);
static int	date_rfc822(const char *, int64_t *);
static int	date_digits(const char **, int, int *);

/* Seconds since the epoch at 00:00:00 UTC of a day of the calendar. */
int64_t
date_from_civil(int64_t y, int m, int d)
{
	int64_t	era, yoe, doy, doe;

	/* Count years from March, so that the leap day ends a year. */
	y -= m <= 2;
	era = (y >= 0 ? y : y - 399) / 400;
	yoe = y - era * 400;
	doy = (153 * (m + (m > 2 ? -3 : 9)) + 2) / 5 + d - 1;
	doe = yoe * 365 + yoe / 4 - yoe / 100 + doy;
	return (era * 146097 + doe - 719468) * 86400;
}

/* The civil day of t: the inverse of date_from_civil. */
static void
date_to_civil(int64_t t, int64_t *year, int *month, int *day)
{
	int64_t	z, era, doe, yoe, doy, mp;

	z = (t >= 0 ? t : t - 86399) / 86400 + 719468;
	era = (z >= 0 ? z : z - 146096) / 146097;
	doe = z - era * 146097;
	yoe = (doe - doe / 1460 + doe / 36524 - doe / 146096) / 365;
	doy = doe - (365 * yoe + yoe / 4 - yoe / 100);
	mp = (5 * doy + 2) / 153;
	*day = (int)(doy - (153 * mp + 2) / 5 + 1);
	*month = (int)(mp < 10 ? mp + 3 : mp - 9);
	*year = yoe + era * 400 + (*month <= 2);
}

/* Write t as "YYYY-MM-DDTHH:MM:SSZ". */
void
date_rfc3339(int64_t t, char out[DATE_RFC3339_SIZE])
{
	int64_t	year, sod;
	int	month, day;

	date_to_civil(t, &year, &month, &day);
	sod = t - date_from_civil(year, month, day);
	snprintf(out, DATE_RFC3339_SIZE, "%04lld-%02d-%02dT%02d:%02d:%02dZ",
	    (long long)year, month, day, (int)(sod / 3600),
	    (int)(sod / 60 % 60), (int)(sod % 60));
}

/* The day of t as YYYYMMDD. */
uint32_t
date_yyyymmdd(int64_t t)
{
	int64_t	year;
	int	month, day;

	date_to_civil(t, &year, &month, &day);
	if (year < 1 || year > 9999)
		return 0;
	return (uint32_t)(year * 10000 + month * 100 + day);
}

/* Check the parts and turn them into seconds since the epoch, UTC. */
static int
date_check(struct date_parts *p, int64_t *t)
{
	static const int	mdays[] = {
		31, 29, 31, 30, 31, 30, 31, 31, 30, 31, 30, 31
	};
	int			leap;

	if (p->year < 1 || p->year > 9999 || p->month < 1 || p->month > 12 ||
	    p->day < 1 || p->day > mdays[p->month - 1])
		return -1;
	leap = (p->year % 4 == 0 && p->year % 100 != 0) || p->year % 400 == 0;
	if (p->month == 2 && p->day == 29 && !leap)
		return -1;
	if (p->hour == 24 && p->min == 0 && p->sec == 0)
		;	/* 24:00:00, the end of the day: allowed by ISO 8601 */
	else if (p->hour < 0 || p->hour > 23 || p->min < 0 || p->min > 59 ||
	    p->sec < 0 || p->sec > 60)
		return -1;
	if (p->sec == 60)
		p->sec = 59;	/* a leap second: the instant before will do */
	*t = date_from_civil(p->year, p->month, p->day) + p->hour * 3600 +
	    p->min * 60 + p->sec - p->offset;
	return 0;
}

/* Read exactly n digits at *s into *v and advance; -1 if they are not. */
static int
date_digits(const char **s, int n, int *v)
{
	int	i;

	*v = 0;
	for (i = 0; i < n; i++) {
		if (!isdigit((unsigned char)(*s)[i]))
			return -1;
		*v = *v * 10 + (*s)[i] - '0';
	}
	*s += n;
	return 0;
}

/*
 * ISO 8601 and RFC 3339: YYYY-MM-DD, then optionally T or a space and
 * hh:mm[:ss[.frac]], then optionally Z, +hh:mm, +hhmm or +hh; also the
 * basic forms YYYYMMDD and YYYYMMDDThhmmss.  No zone means UTC.
 */
static int
date_iso8601(const char *s, int64_t *t)
{
	struct date_parts	p = { 0 };
	int			y, sign, oh, om = 0, basic;

	while (isspace((unsigned char)*s))
		s++;
	if (date_digits(&s, 4, &y) == -1)
		return -1;
	p.year = y;
	basic = *s != '-';
	if (!basic)
		s++;
	if (date_digits(&s, 2, &p.month) == -1)
		return -1;
	if (!basic && *s++ != '-')
		return -1;
	if (date_digits(&s, 2, &p.day) == -1)
		return -1;
	if (*s == 'T' || *s == 't' || (*s == ' ' && isdigit((unsigned char)s[1]))) {
		s++;
		if (date_digits(&s, 2, &p.hour) == -1)
			return -1;
		if (!basic && *s++ != ':')
			return -1;
		if (date_digits(&s, 2, &p.min) == -1)
			return -1;
		if ((!basic && *s == ':') || (basic && isdigit((unsigned char)*s))) {
			if (!basic)
				s++;
			if (date_digits(&s, 2, &p.sec) == -1)
				return -1;
			if (*s == '.' || *s == ',') {
				s++;
				if (!isdigit((unsigned char)*s))
					return -1;
				while (isdigit((unsigned char)*s))
					s++;
			}
		}
	}
	while (*s == ' ')
		s++;
	if (*s == 'Z' || *s == 'z')
		s++;
	else if (*s == '+' || *s == '-') {
		sign = *s++ == '-' ? -1 : 1;
		if (date_digits(&s, 2, &oh) == -1)
			return -1;
		if (*s == ':')
			s++;
		if (isdigit((unsigned char)*s) && date_digits(&s, 2, &om) == -1)
			return -1;
		if (oh > 23 || om > 59)
			return -1;
		p.offset = sign * (oh * 3600 + om * 60);
	} else if (strncasecmp(s, "UTC", 3) == 0 || strncasecmp(s, "GMT", 3) == 0)
		s += 3;
	while (isspace((unsigned char)*s))
		s++;
	if (*s != '\0')
		return -1;
	return date_check(&p, t);
}

/* The month 1-12 that an English name or its abbreviation names, or 0. */
static int
date_month_name(const char *s, size_t len)
{
	static const char	*months[] = {
		"january", "february", "march", "april", "may", "june", "july",
		"august", "september", "october", "november", "december"
	};
	int			i;

	if (len < 3)
		return 0;
	for (i = 0; i < 12; i++) {
		if (len <= strlen(months[i]) && strncasecmp(s, months[i], len) == 0)
			return i + 1;
	}
	/* "Sept" is common, and what the loop above already takes. */
	return 0;
}

/* Whether s names a day of the week (any English form). */
static int
date_is_weekday(const char *s, size_t len)
{
	static const char	*days[] = {
		"monday", "tuesday", "wednesday", "thursday", "friday",
		"saturday", "sunday", "tues", "thur", "thurs"
	};
	size_t			i;

	if (len < 2)
		return 0;
	for (i = 0; i < sizeof days / sizeof days[0]; i++) {
		if (len <= strlen(days[i]) && strncasecmp(s, days[i], len) == 0)
			return 1;
	}
	return 0;
}

/*
 * The offset east of UTC, in seconds, of a zone name: RFC 822's own names,
 * the military letters, and the abbreviations feeds use most.  RFC 822 got
 * the signs of the military letters backwards, so, as RFC 2822 (4.3) says,
 * they carry no information: every one but Z is read as UTC too.
 */
static int
date_zone_name(const char *s, size_t len, int *offset)
{
	static const struct {
		const char	*name;
		int		 minutes;
	} zones[] = {
		{ "UT", 0 }, { "UTC", 0 }, { "GMT", 0 }, { "Z", 0 },
		{ "EST", -300 }, { "EDT", -240 }, { "CST", -360 },
		{ "CDT", -300 }, { "MST", -420 }, { "MDT", -360 },
		{ "PST", -480 }, { "PDT", -420 }, { "AKST", -540 },
		{ "AKDT", -480 }, { "HST", -600 }, { "AST", -240 },
		{ "ADT", -180 }, { "NST", -210 }, { "NDT", -150 },
		{ "WET", 0 }, { "WEST", 60 }, { "BST", 60 }, { "IST", 60 },
		{ "CET", 60 }, { "CEST", 120 }, { "MET", 60 }, { "MEST", 120 },
		{ "EET", 120 }, { "EEST", 180 }, { "MSK", 180 },
		{ "JST", 540 }, { "KST", 540 }, { "HKT", 480 }, { "SGT", 480 },
		{ "AWST", 480 }, { "ACST", 570 }, { "ACDT", 630 },
		{ "AEST", 600 }, { "AEDT", 660 }, { "NZST", 720 },
		{ "NZDT", 780 },
	};
	size_t		i;

	for (i = 0; i < sizeof zones / sizeof zones[0]; i++) {
		if (strlen(zones[i].name) == len &&
		    strncasecmp(s, zones[i].name, len) == 0) {
			*offset = zones[i].minutes * 60;
			return 0;
		}
	}
	if (len == 1 && isalpha((unsigned char)*s) && toupper((unsigned char)*s)
	    != 'J') {
		*offset = 0;
		return 0;
	}
	return -1;
}

/* What date_rfc822 has read so far. */
struct rfc822 {
	struct date_parts	p;
	int			have_time, have_zone;
	int			pm;		/* -1: neither AM nor PM */
	int			yeardigits;
};

/* A word: a month, a weekday, AM or PM, a zone; -1 if none of them. */
static int
rfc822_word(struct rfc822 *r, const char **sp)
{
	const char	*w, *s = *sp;
	size_t		 len;
	int		 n;

	for (w = s; isalpha((unsigned char)*s); s++)
		;
	*sp = s;
	len = s - w;
	if ((n = date_month_name(w, len)) != 0 && r->p.month == 0)
		r->p.month = n;
	else if (date_is_weekday(w, len))
		;
	else if (len == 2 && strncasecmp(w, "AM", 2) == 0)
		r->pm = 0;
	else if (len == 2 && strncasecmp(w, "PM", 2) == 0)
		r->pm = 1;
	else if (!r->have_zone && date_zone_name(w, len, &r->p.offset) == 0)
		r->have_zone = 1;
	else
		return -1;
	return 0;
}

/* A numeric zone, "+0100" or "-05:00"; -1 if it is not one. */
static int
rfc822_offset(struct rfc822 *r, const char **s)
{
	int	sign, n, v = 0;

	sign = *(*s)++ == '-' ? -1 : 1;
	if (date_digits(s, 2, &n) == -1)
		return -1;
	if (**s == ':')
		(*s)++;
	if (isdigit((unsigned char)**s) && date_digits(s, 2, &v) == -1)
		return -1;
	if (n > 23 || v > 59)
		return -1;
	/* "GMT+0100" adds to a zone already read. */
	r->p.offset = (r->have_zone ? r->p.offset : 0) +
	    sign * (n * 3600 + v * 60);
	r->have_zone = 1;
	return 0;
}

/* The time after its hour n: ":MM", ":SS", a fraction. */
static int
rfc822_time(struct rfc822 *r, const char **s, int n)
{
	r->p.hour = n;
	(*s)++;
	if (date_digits(s, 2, &r->p.min) == -1)
		return -1;
	if (**s == ':') {
		(*s)++;
		if (date_digits(s, 2, &r->p.sec) == -1)
			return -1;
	}
	if (**s == '.' && isdigit((unsigned char)(*s)[1]))
		for ((*s)++; isdigit((unsigned char)**s); (*s)++)
			;
	r->have_time = 1;
	return 0;
}

/* A number: an hour (before ':'), a year or a day. */
static int
rfc822_number(struct rfc822 *r, const char **sp)
{
	const char	*w, *s = *sp;
	size_t		 len;
	int		 n;

	for (n = 0, w = s; isdigit((unsigned char)*s); s++) {
		if (s - w >= 4)
			return -1;
		n = n * 10 + *s - '0';
	}
	len = s - w;
	*sp = s;
	if (*s == ':') {
		if (r->have_time || len > 2)
			return -1;
		return rfc822_time(r, sp, n);
	}
	if (len == 4 && r->p.year < 0) {
		r->p.year = n;
		r->yeardigits = 4;
	} else if (len <= 2 && r->p.day < 0)
		r->p.day = n;
	else if (len <= 2 && r->p.year < 0) {
		r->p.year = n;
		r->yeardigits = 2;
	} else
		return -1;
	return 0;
}

/* One token of the date at *s: -1 when it is not one of a date. */
static int
rfc822_token(struct rfc822 *r, const char **s)
{
	if (isspace((unsigned char)**s) || **s == ',' || **s == '.' ||
	    **s == '/') {
		(*s)++;
		return 0;
	}
	if (**s == '(') {	/* an RFC 822 comment: "+0000 (UTC)" */
		while (**s != '\0' && *(*s)++ != ')')
			;
		return 0;
	}
	if (isalpha((unsigned char)**s))
		return rfc822_word(r, s);
	if ((**s == '+' || **s == '-') && isdigit((unsigned char)(*s)[1]) &&
	    (r->have_time || r->p.year >= 0))
		return rfc822_offset(r, s);
	if (**s == '-') {
		(*s)++;
		return 0;
	}
	if (!isdigit((unsigned char)**s))
		return -1;
	return rfc822_number(r, s);
}

/*
 * RFC 822 and what it becomes in the wild, read as a run of tokens: words
 * (weekdays, ignored whatever they say; months; zones; AM/PM), times
 * hh:mm[:ss], numbers (day, then year; a four-digit one is the year) and
 * offsets +hhmm, +hh:mm.
 */
static int
date_rfc822(const char *s, int64_t *t)
{
	struct rfc822	r;

	memset(&r, 0, sizeof r);
	r.p.year = -1;
	r.p.day = -1;
	r.pm = -1;
	while (*s != '\0') {
		if (rfc822_token(&r, &s) == -1)
			return -1;
	}
	if (r.p.year < 0 || r.p.day < 0 || r.p.month == 0)
		return -1;
	/* RFC 2822 4.3: 00-49 are 2000-2049, 50-99 are 1950-1999. */
	if (r.yeardigits == 2)
		r.p.year += r.p.year < 50 ? 2000 : 1900;
	if (r.pm != -1) {
		if (!r.have_time || r.p.hour < 1 || r.p.hour > 12)
			return -1;
		r.p.hour = r.p.hour % 12 + (r.pm ? 12 : 0);
	}
	return date_check(&r.p, t);
}

/* Read a date as feeds write it. */
int
date_parse(const char *s, int64_t *t)
{
	if (s == NULL)
		return -1;
	if (date_iso8601(s, t) == 0)
		return 0;
	return date_rfc822(s, t);
}
