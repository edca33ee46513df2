/* SPDX-License-Identifier: ISC */
/*
 * date: the dates feeds write (RFC 822 and its variants in the wild, RFC
 * 3339 and ISO 8601, and a few common others), read into seconds since the
 * epoch, UTC.  Pure.
 */
#ifndef FEEDD_DATE_H
#define FEEDD_DATE_H

#include <stdint.h>

/* Room for an RFC 3339 time and its terminator. */
#define DATE_RFC3339_SIZE	32

/* Read s into *t (UTC); returns 0, or -1 when s is not a date it knows. */
int		date_parse(const char *s, int64_t *t);
/* Seconds since the epoch at 00:00:00 UTC of a day of the calendar. */
int64_t		date_from_civil(int64_t year, int month, int day);
/* Write t as "YYYY-MM-DDTHH:MM:SSZ". */
void		date_rfc3339(int64_t t, char out[DATE_RFC3339_SIZE]);
/* The day of t, UTC, as the number YYYYMMDD. */
uint32_t	date_yyyymmdd(int64_t t);

#endif
