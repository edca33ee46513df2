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
static void	date_two(char *, int);
static int	date_lower(unsigned char);
static int	date_word_is(const char *, size_t, const char *, int);
static int	date_month_name(const char *, size_t);
static int	date_is_weekday(const char *, size_t);
static int	date_rfc822(const char *, int64_t *);
static int	date_is_filler(const char *, size_t);
static int	date_digits(const char **, int, int *);
static int	date_ndigits(const char *);
static int	date_offset(const char **, int *);
static int	date_ordinal(struct date_parts *, int);
static int	iso_date(const char **, struct date_parts *, int *, int *);
static int	iso_time(const char **, struct date_parts *, int);
static void	date_to_civil(int64_t, int64_t *, int *, int *);

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

/* Two digits of n, 0-99. */
static void
date_two(char *out, int n)
{
	out[0] = '0' + n / 10;
	out[1] = '0' + n % 10;
}

/* Write t as "YYYY-MM-DDTHH:MM:SSZ". */
void
date_rfc3339(int64_t t, char out[DATE_RFC3339_SIZE])
{
	int64_t	year, sod;
	int	month, day;

	date_to_civil(t, &year, &month, &day);
	sod = t - date_from_civil(year, month, day);
	if (year < 0 || year > 9999) {
		snprintf(out, DATE_RFC3339_SIZE,
		    "%04lld-%02d-%02dT%02d:%02d:%02dZ", (long long)year, month,
		    day, (int)(sod / 3600), (int)(sod / 60 % 60),
		    (int)(sod % 60));
		return;
	}
	/* By hand, for a feed of thousands of items prints two dates each. */
	date_two(out, (int)(year / 100));
	date_two(out + 2, (int)(year % 100));
	out[4] = '-';
	date_two(out + 5, month);
	out[7] = '-';
	date_two(out + 8, day);
	out[10] = 'T';
	date_two(out + 11, (int)(sod / 3600));
	out[13] = ':';
	date_two(out + 14, (int)(sod / 60 % 60));
	out[16] = ':';
	date_two(out + 17, (int)(sod % 60));
	memcpy(out + 19, "Z", 2);
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
	/* Its zone may take the instant out of years 1-9999 (fuzzing). */
	if (*t < date_from_civil(1, 1, 1) || *t >= date_from_civil(10000, 1, 1))
		return -1;
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

/* How many digits s starts with. */
static int
date_ndigits(const char *s)
{
	int	n;

	for (n = 0; isdigit((unsigned char)s[n]); n++)
		;
	return n;
}

/*
 * A numeric offset at *s, after its sign: +h, +hh, +hmm, +hhmm, +hh:mm
 * ("GMT+8" is common); its seconds east of UTC in *offset.
 */
static int
date_offset(const char **sp, int *offset)
{
	const char	*s = *sp;
	int		 sign, n, h, m = 0;

	sign = *s++ == '-' ? -1 : 1;
	n = date_ndigits(s);
	if (n == 1 || n == 2) {
		date_digits(&s, n, &h);
		if (*s == ':' && date_ndigits(s + 1) == 2) {
			s++;
			date_digits(&s, 2, &m);
		}
	} else if (n == 3 || n == 4) {
		date_digits(&s, n - 2, &h);
		date_digits(&s, 2, &m);
	} else
		return -1;
	if (h > 23 || m > 59)
		return -1;
	*offset = sign * (h * 3600 + m * 60);
	*sp = s;
	return 0;
}

/* Day ord (1-366) of year y as a month and a day; -1 past the year. */
static int
date_ordinal(struct date_parts *p, int ord)
{
	int64_t	year;
	int64_t	t = date_from_civil(p->year, 1, 1) + (int64_t)(ord - 1) * 86400;

	if (ord < 1 || ord > 366)
		return -1;
	date_to_civil(t, &year, &p->month, &p->day);
	return year == p->year ? 0 : -1;
}

/*
 * ISO 8601's calendar date at *s, in the forms feeds use (W3C-DTF's reduced
 * ones, and those feedparser reads): YYYY-MM-DD, YYYYMMDD, YYYY-MM, YYYY,
 * the ordinal YYYY-DDD and YYYYDDD, and with a two-digit year (20YY)
 * YY-MM-DD, YYMMDD and YY-DDD.  *basic: written without separators;
 * *full: down to the day, so that a time may follow.
 */
static int
iso_date(const char **sp, struct date_parts *p, int *basic, int *full)
{
	const char	*s = *sp;
	int		 n = date_ndigits(s), y, v;

	*basic = n > 4;
	*full = 1;
	p->month = p->day = 1;
	if (n == 4 || n == 2) {		/* YYYY..., YY-... */
		date_digits(&s, n, &y);
		p->year = n == 2 ? 2000 + y : y;
		if (*s != '-') {
			*full = 0;
			*sp = s;
			return n == 4 ? 0 : -1;
		}
		s++;
		if (date_ndigits(s) == 3) {
			date_digits(&s, 3, &v);
			*sp = s;
			return date_ordinal(p, v);
		}
		if (date_digits(&s, 2, &p->month) == -1)
			return -1;
		if (*s != '-' || date_ndigits(s + 1) != 2) {
			*full = 0;
			*sp = s;
			return n == 4 ? 0 : -1;
		}
		s++;
		date_digits(&s, 2, &p->day);
	} else if (n == 8 || n == 6) {	/* YYYYMMDD, YYMMDD */
		date_digits(&s, n - 4, &y);
		p->year = n == 6 ? 2000 + y : y;
		date_digits(&s, 2, &p->month);
		date_digits(&s, 2, &p->day);
	} else if (n == 7) {		/* YYYYDDD */
		date_digits(&s, 4, &y);
		p->year = y;
		date_digits(&s, 3, &v);
		*sp = s;
		return date_ordinal(p, v);
	} else
		return -1;
	*sp = s;
	return 0;
}

/* The time after T or a space: hh:mm[:ss[.frac]], or hhmm[ss] if basic. */
static int
iso_time(const char **sp, struct date_parts *p, int basic)
{
	const char	*s = *sp;

	if (date_digits(&s, 2, &p->hour) == -1)
		return -1;
	if (!basic && *s++ != ':')
		return -1;
	if (date_digits(&s, 2, &p->min) == -1)
		return -1;
	if ((!basic && *s == ':') || (basic && isdigit((unsigned char)*s))) {
		if (!basic)
			s++;
		if (date_digits(&s, 2, &p->sec) == -1)
			return -1;
		if (*s == '.' || *s == ',') {
			s++;
			if (!isdigit((unsigned char)*s))
				return -1;
			while (isdigit((unsigned char)*s))
				s++;
		}
	}
	*sp = s;
	return 0;
}

/*
 * ISO 8601 and RFC 3339: a date (iso_date), then optionally T or a space
 * and a time, then optionally Z, UTC or GMT, or after a time an offset
 * +hh:mm, +hhmm or +hh.  No zone means UTC.  Anything after is no date
 * ("2013-01-27-01" is not read as an offset of -01:00).
 */
static int
date_iso8601(const char *s, int64_t *t)
{
	struct date_parts	p = { 0 };
	int			basic, full, timed = 0;

	while (isspace((unsigned char)*s))
		s++;
	if (iso_date(&s, &p, &basic, &full) == -1)
		return -1;
	if (full && (*s == 'T' || *s == 't' ||
	    (*s == ' ' && isdigit((unsigned char)s[1])))) {
		s++;
		if (iso_time(&s, &p, basic) == -1)
			return -1;
		timed = 1;
	}
	while (*s == ' ')
		s++;
	if (*s == 'Z' || *s == 'z')
		s++;
	else {
		if (strncasecmp(s, "UTC", 3) == 0 || strncasecmp(s, "GMT", 3) == 0)
			s += 3;
		if (timed && (*s == '+' || *s == '-') &&
		    date_offset(&s, &p.offset) == -1)
			return -1;
	}
	while (isspace((unsigned char)*s))
		s++;
	if (*s != '\0')
		return -1;
	return date_check(&p, t);
}

/* ASCII's lower case of c; other bytes as they are. */
static int
date_lower(unsigned char c)
{
	return c >= 'A' && c <= 'Z' ? c + 32 : c;
}

/*
 * Whether the word w[0..len) is name, or (prefix) its start, in any case.
 * Most words differ from most names at the first letter, where this stops.
 */
static int
date_word_is(const char *w, size_t len, const char *name, int prefix)
{
	size_t	i;

	for (i = 0; i < len; i++)
		if (name[i] == '\0' || date_lower(w[i]) != date_lower(name[i]))
			return 0;
	return prefix || name[len] == '\0';
}

/*
 * The month 1-12 that a name or its abbreviation names, or 0: English by
 * any prefix of three letters or more ("Sept"), and French, German,
 * Spanish, Italian and Dutch by their full names and usual abbreviations
 * (in UTF-8, and without their accents as feeds often write them).
 */
static int
date_month_name(const char *s, size_t len)
{
	static const char	*months[] = {
		"january", "february", "march", "april", "may", "june", "july",
		"august", "september", "october", "november", "december"
	};
	static const struct {
		const char	*name;
		int		 month;
	} others[] = {
		{ "janvier", 1 }, { "janv", 1 }, { "januar", 1 },
		{ "j\xc3\xa4nner", 1 }, { "enero", 1 }, { "ene", 1 },
		{ "gennaio", 1 }, { "gen", 1 }, { "januari", 1 },
		{ "f\xc3\xa9vrier", 2 }, { "fevrier", 2 }, { "f\xc3\xa9vr", 2 },
		{ "fevr", 2 }, { "f\xc3\xa9v", 2 }, { "fev", 2 },
		{ "februar", 2 }, { "febrero", 2 }, { "febbraio", 2 },
		{ "februari", 2 },
		{ "mars", 3 }, { "m\xc3\xa4rz", 3 }, { "maerz", 3 },
		{ "m\xc3\xa4r", 3 }, { "mrz", 3 }, { "marzo", 3 },
		{ "maart", 3 }, { "mrt", 3 },
		{ "avril", 4 }, { "avr", 4 }, { "abril", 4 }, { "abr", 4 },
		{ "aprile", 4 },
		{ "mai", 5 }, { "mayo", 5 }, { "maggio", 5 }, { "mag", 5 },
		{ "mei", 5 },
		{ "juin", 6 }, { "juni", 6 }, { "junio", 6 }, { "giugno", 6 },
		{ "giu", 6 },
		{ "juillet", 7 }, { "juil", 7 }, { "juli", 7 }, { "julio", 7 },
		{ "luglio", 7 }, { "lug", 7 },
		{ "ao\xc3\xbbt", 8 }, { "aout", 8 }, { "ao\xc3\xbb", 8 },
		{ "agosto", 8 }, { "ago", 8 }, { "augustus", 8 },
		{ "septembre", 9 }, { "septiembre", 9 }, { "setiembre", 9 },
		{ "settembre", 9 }, { "set", 9 },
		{ "octobre", 10 }, { "oktober", 10 }, { "okt", 10 },
		{ "octubre", 10 }, { "ottobre", 10 }, { "ott", 10 },
		{ "novembre", 11 }, { "noviembre", 11 },
		{ "d\xc3\xa9" "cembre", 12 }, { "decembre", 12 },
		{ "d\xc3\xa9" "c", 12 }, { "dezember", 12 }, { "dez", 12 },
		{ "diciembre", 12 }, { "dicembre", 12 }, { "dic", 12 },
	};
	size_t			i;

	for (i = 0; len >= 3 && i < 12; i++) {
		if (date_lower(*s) == *months[i] &&
		    date_word_is(s, len, months[i], 1))
			return (int)i + 1;
	}
	for (i = 0; i < sizeof others / sizeof others[0]; i++) {
		if (date_lower(*s) == *others[i].name &&
		    date_word_is(s, len, others[i].name, 0))
			return others[i].month;
	}
	return 0;
}

/*
 * Whether s names a day of the week: English in any form, and French,
 * German, Spanish, Italian and Dutch names and abbreviations.
 */
static int
date_is_weekday(const char *s, size_t len)
{
	static const char	*days[] = {
		"monday", "tuesday", "wednesday", "thursday", "friday",
		"saturday", "sunday", "tues", "thur", "thurs"
	};
	static const char	*others[] = {
		"lundi", "lun", "mardi", "mar", "mercredi", "mer", "jeudi",
		"jeu", "vendredi", "ven", "samedi", "sam", "dimanche", "dim",
		"montag", "mo", "dienstag", "di", "mittwoch", "mi",
		"donnerstag", "do", "freitag", "fr", "samstag", "sa",
		"sonntag", "so",
		"lunes", "martes", "mi\xc3\xa9rcoles", "miercoles",
		"mi\xc3\xa9", "mie", "jueves", "jue", "viernes", "vie",
		"s\xc3\xa1" "bado", "sabado", "s\xc3\xa1" "b", "sab", "domingo",
		"dom",
		"luned\xc3\xac", "lunedi", "marted\xc3\xac", "martedi",
		"mercoled\xc3\xac", "mercoledi", "gioved\xc3\xac", "giovedi",
		"gio", "venerd\xc3\xac", "venerdi", "sabato", "domenica",
		"maandag", "ma", "dinsdag", "woensdag", "wo", "donderdag",
		"vrijdag", "vr", "zaterdag", "za", "zondag", "zo",
	};
	size_t			i;

	for (i = 0; len >= 2 && i < sizeof days / sizeof days[0]; i++) {
		if (date_lower(*s) == *days[i] &&
		    date_word_is(s, len, days[i], 1))
			return 1;
	}
	for (i = 0; i < sizeof others / sizeof others[0]; i++) {
		if (date_lower(*s) == *others[i] &&
		    date_word_is(s, len, others[i], 0))
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
		/* US zones without S or D: standard time. */
		{ "ET", -300 }, { "CT", -360 }, { "MT", -420 }, { "PT", -480 },
		{ "AT", -240 },
	};
	size_t		i;

	for (i = 0; i < sizeof zones / sizeof zones[0]; i++) {
		if (date_lower(*s) == date_lower(*zones[i].name) &&
		    date_word_is(s, len, zones[i].name, 0)) {
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
	int			month_or_day;	/* "mar": March, or mardi? */
	int			etc;		/* Etc/GMT+8: the sign inverted */
};

/* Words that join the parts of a date in several languages. */
static int
date_is_filler(const char *w, size_t len)
{
	static const char	*fillers[] = { "de", "del", "le", "of", "the",
	    "um", "om", "alle", "\xc3\xa0" };
	size_t			 i;

	for (i = 0; i < sizeof fillers / sizeof fillers[0]; i++)
		if (date_word_is(w, len, fillers[i], 0))
			return 1;
	return 0;
}

/*
 * A word: a month, a weekday, AM or PM, a zone, a word that joins; -1 if
 * none of them.  A word that is both a month and a weekday ("mar": March,
 * or mardi, martes) is the month unless another month comes.
 */
static int
rfc822_word(struct rfc822 *r, const char **sp)
{
	const char	*w, *s = *sp;
	size_t		 len;
	int		 n, weekday;

	for (w = s; isalpha((unsigned char)*s) || (unsigned char)*s >= 0x80;
	    s++)
		;
	*sp = s;
	len = s - w;
	n = date_month_name(w, len);
	weekday = date_is_weekday(w, len);
	if (n != 0 && (r->p.month == 0 || r->month_or_day)) {
		if (r->p.month != 0)
			weekday = 0;	/* the earlier word was the weekday */
		r->p.month = n;
		r->month_or_day = weekday;
	} else if (weekday)
		;
	else if (len == 2 && strncasecmp(w, "AM", 2) == 0)
		r->pm = 0;
	else if (len == 2 && strncasecmp(w, "PM", 2) == 0)
		r->pm = 1;
	else if (len == 3 && strncasecmp(w, "Etc", 3) == 0 && *s == '/')
		r->etc = 1;
	else if (!r->have_time && len == 2 && strncasecmp(w, "at", 2) == 0)
		;
	else if (!r->have_zone && date_zone_name(w, len, &r->p.offset) == 0)
		r->have_zone = 1;
	else if (!date_is_filler(w, len))
		return -1;
	return 0;
}

/* A numeric zone, "+0100", "-05:00" or "+8"; -1 if it is not one. */
static int
rfc822_offset(struct rfc822 *r, const char **s)
{
	int	offset;

	if (date_offset(s, &offset) == -1)
		return -1;
	if (r->etc)
		offset = -offset;	/* the tz database's Etc/GMT+8 is UTC-8 */
	/* "GMT+0100" adds to a zone already read. */
	r->p.offset = (r->have_zone ? r->p.offset : 0) + offset;
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

/*
 * A numeric date A/B/C whose A is at *sp: YYYY/MM/DD when A has four
 * digits; else month first, as in the US (12/31/2008), unless A is past
 * 12 (31/12/2008); a year of two digits is 20YY.
 */
static int
rfc822_slash(struct rfc822 *r, const char **sp)
{
	const char	*s = *sp;
	int		 v[3], n[3], i;

	for (i = 0; i < 3; i++) {
		if ((n[i] = date_ndigits(s)) == 0 || n[i] > 4)
			return -1;
		date_digits(&s, n[i], &v[i]);
		if (i < 2 && *s++ != '/')
			return -1;
	}
	if (n[0] == 4 && n[1] <= 2 && n[2] <= 2) {
		r->p.year = v[0];
		r->p.month = v[1];
		r->p.day = v[2];
	} else if (n[0] <= 2 && n[1] <= 2 && (n[2] == 4 || n[2] == 2)) {
		r->p.year = n[2] == 2 ? 2000 + v[2] : v[2];
		r->p.month = v[0] > 12 ? v[1] : v[0];
		r->p.day = v[0] > 12 ? v[0] : v[1];
	} else
		return -1;
	r->yeardigits = 4;
	*sp = s;
	return 0;
}

/* A number: an hour (before ':'), a year or a day. */
static int
rfc822_number(struct rfc822 *r, const char **sp)
{
	const char	*w, *s = *sp;
	size_t		 len;
	int		 n;

	if (r->p.year < 0 && r->p.day < 0 && r->p.month == 0 &&
	    s[date_ndigits(s)] == '/')
		return rfc822_slash(r, sp);
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
