/* SPDX-License-Identifier: ISC */
/*
 * plan: the schedule's arithmetic, pure: how long to wait after a fetch
 * (the interval raised by what the publisher asks, exponential backoff
 * on failure, Retry-After), jitter, and when a new source first starts.
 * The clock and the randomness come in as arguments (now; r, uniform in
 * [0, 1]), so that tables can test every rule.
 */
#ifndef FEEDD_PLAN_H
#define FEEDD_PLAN_H

#include <stddef.h>
#include <stdint.h>

#define PLAN_DAY		86400
#define PLAN_SPREAD		10.0	/* seconds over which new ones start */
#define PLAN_MAX_WAIT		(7 * PLAN_DAY)
#define PLAN_JITTER		0.1	/* up to this share of a wait added */

/* What a successful fetch asked for: each in seconds, or -1 (none). */
struct plan_asked {
	long	 status;	/* 200 or 304 */
	int64_t	 ttl;		/* the feed's <ttl> */
	int64_t	 max_age;	/* Cache-Control max-age */
	int64_t	 expires_in;	/* Expires less Date */
};

/* v plus up to frac of v: r of it. */
double	plan_jitter(double v, double frac, double r);
/*
 * After a success: the publisher's wish, capped at a day, replaces
 * *min_interval (a 304 that asks nothing keeps it); returns the wait,
 * the interval or *min_interval, the larger, with jitter r.
 */
int64_t	plan_success(int64_t interval, int64_t *min_interval,
	    const struct plan_asked *, double r);
/*
 * After the failures-th failure in a row: the interval doubled for each
 * failure before it, capped at a day, with jitter r; a 429 or 503 with a
 * longer Retry-After waits that long instead, up to a week.
 */
int64_t	plan_failure(int64_t interval, int64_t failures, long status,
	    int64_t retry_after, double r);
/*
 * The first wait of a source that the schedule takes on: with now_all,
 * none; a saved next fetch (next > 0) keeps its time; a new one starts
 * at r of a spread that grows with the number of sources, to 10 s.
 */
double	plan_first(int64_t next, int64_t now, size_t nsources, int now_all,
	    double r);

#endif
