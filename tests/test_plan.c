/* SPDX-License-Identifier: ISC */
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <stdlib.h>
#include <string.h>

#include <cmocka.h>

#include "plan.h"

/*
 * The schedule's arithmetic from tables: the clock (now) and the random
 * draw (r, in [0, 1]) are given, so every row has one right answer.
 */

#define H	3600
#define D	PLAN_DAY

static void
plan_jitter__table__adds_up_to_a_tenth(void **state)
{
	static const struct {
		double	v, frac, r, want;
	} rows[] = {
		{ 600, 0.1, 0.0, 600 },
		{ 600, 0.1, 0.5, 630 },
		{ 600, 0.1, 1.0, 660 },
		{ 0, 0.1, 1.0, 0 },
		{ 10, 0.5, 1.0, 15 },
	};
	size_t	i;

	for (i = 0; i < sizeof rows / sizeof rows[0]; i++)
		assert_true(plan_jitter(rows[i].v, rows[i].frac, rows[i].r) ==
		    rows[i].want);
}

/* ttl, Cache-Control max-age and Expires raise the interval, to a day. */
static void
plan_success__table__publisher_raises_never_lowers(void **state)
{
	static const struct {
		int64_t			interval, min_before;
		struct plan_asked	asked;
		double			r;
		int64_t			want, min_after;
	} rows[] = {
		/* Nothing asked: the interval. */
		{ 1800, 0, { 200, -1, -1, -1 }, 0, 1800, 0 },
		/* A jitter draw of 1 adds a tenth. */
		{ 1800, 0, { 200, -1, -1, -1 }, 1, 1980, 0 },
		/* <ttl> of two hours (in seconds here) raises it. */
		{ 1800, 0, { 200, 2 * H, -1, -1 }, 0, 2 * H, 2 * H },
		/* max-age and Expires: the largest wins. */
		{ 1800, 0, { 200, 3 * H, 5 * H, 4 * H }, 0, 5 * H, 5 * H },
		{ 1800, 0, { 200, -1, 60, 6 * H }, 0, 6 * H, 6 * H },
		/* Shorter than the interval: the interval holds. */
		{ 1800, 0, { 200, 60, 120, -1 }, 0, 1800, 120 },
		/* Capped at a day. */
		{ 1800, 0, { 200, -1, 30 * D, -1 }, 0, D, D },
		/* A 304 that asks nothing keeps what the last 200 asked. */
		{ 1800, 5 * H, { 304, -1, -1, -1 }, 0, 5 * H, 5 * H },
		/* A 200 that asks nothing forgets it. */
		{ 1800, 5 * H, { 200, -1, -1, -1 }, 0, 1800, 0 },
		/* A 304 with a max-age replaces it. */
		{ 1800, 5 * H, { 304, -1, 2 * H, -1 }, 0, 2 * H, 2 * H },
	};
	size_t	i;
	int64_t	min;

	for (i = 0; i < sizeof rows / sizeof rows[0]; i++) {
		min = rows[i].min_before;
		assert_int_equal(plan_success(rows[i].interval, &min,
		    &rows[i].asked, rows[i].r), rows[i].want);
		assert_int_equal(min, rows[i].min_after);
	}
}

/* Doubling per failure, capped at a day; Retry-After on 429 and 503. */
static void
plan_failure__table__backoff_and_retry_after(void **state)
{
	static const struct {
		int64_t	interval, failures;
		long	status;
		int64_t	retry_after;
		double	r;
		int64_t	want;
	} rows[] = {
		{ 600, 1, 500, -1, 0, 600 },
		{ 600, 2, 500, -1, 0, 1200 },
		{ 600, 3, 500, -1, 0, 2400 },
		{ 600, 4, 0, -1, 0, 4800 },
		{ 600, 4, 0, -1, 1, 5280 },
		/* 600 * 2^8 is past a day: a day. */
		{ 600, 9, 500, -1, 0, D },
		{ 600, 1000, 500, -1, 0, D },
		{ 600, 1000, 500, -1, 1, D + D / 10 },
		/* Retry-After, when longer than the backoff. */
		{ 600, 1, 429, 3 * H, 0, 3 * H },
		{ 600, 1, 503, 3 * H, 0, 3 * H },
		{ 600, 1, 429, 60, 0, 600 },
		/* Only for 429 and 503. */
		{ 600, 1, 500, 3 * H, 0, 600 },
		/* At most a week. */
		{ 600, 1, 429, 30 * D, 0, PLAN_MAX_WAIT },
	};
	size_t	i;

	for (i = 0; i < sizeof rows / sizeof rows[0]; i++)
		assert_int_equal(plan_failure(rows[i].interval,
		    rows[i].failures, rows[i].status, rows[i].retry_after,
		    rows[i].r), rows[i].want);
}

/* New sources spread over a window that grows with their number. */
static void
plan_first__table__saved_time_or_spread(void **state)
{
	static const struct {
		int64_t	next, now;
		size_t	nsources;
		int	now_all;
		double	r, want;
	} rows[] = {
		/* --once: all at once. */
		{ 0, 1000, 500, 1, 0.7, 0 },
		{ 5000, 1000, 500, 1, 0.7, 0 },
		/* A saved next fetch keeps its time, late or not. */
		{ 1600, 1000, 500, 0, 0.7, 600 },
		{ 400, 1000, 500, 0, 0.7, -600 },
		/* New: 0.02 s per source, up to 10 s. */
		{ 0, 1000, 100, 0, 1.0, 2.0 },
		{ 0, 1000, 100, 0, 0.5, 1.0 },
		{ 0, 1000, 1000, 0, 1.0, PLAN_SPREAD },
		{ 0, 1000, 100000, 0, 0.5, PLAN_SPREAD / 2 },
		{ 0, 1000, 0, 0, 1.0, 0 },
	};
	size_t	i;
	double	got;

	for (i = 0; i < sizeof rows / sizeof rows[0]; i++) {
		got = plan_first(rows[i].next, rows[i].now, rows[i].nsources,
		    rows[i].now_all, rows[i].r);
		assert_true(got > rows[i].want - 1e-9 &&
		    got < rows[i].want + 1e-9);
	}
}

int
main(void)
{
	const struct CMUnitTest	tests[] = {
		cmocka_unit_test(plan_jitter__table__adds_up_to_a_tenth),
		cmocka_unit_test(
		    plan_success__table__publisher_raises_never_lowers),
		cmocka_unit_test(plan_failure__table__backoff_and_retry_after),
		cmocka_unit_test(plan_first__table__saved_time_or_spread),
	};

	return cmocka_run_group_tests(tests, NULL, NULL);
}
