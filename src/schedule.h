/* SPDX-License-Identifier: ISC */
/*
 * schedule: when each source is fetched.  A timer per source; the limits
 * max_parallel and max_per_host, with a queue for what must wait; a
 * source never fetched twice at once; the interval raised (never lowered)
 * by what the publisher asks (<ttl>, Cache-Control max-age, Expires);
 * Retry-After honoured; exponential backoff on failure, capped at a day
 * and reset on success; jitter on all of it.
 */
#ifndef FEEDD_SCHEDULE_H
#define FEEDD_SCHEDULE_H

#include <stddef.h>
#include <stdint.h>

struct conf;
struct ev_loop;
struct fetch_result;
struct fetcher;
struct schedule;
struct source_state;
struct state;

/* What the owner made of a fetched body (HTTP 200). */
struct schedule_outcome {
	int		 failed;	/* not a feed, say */
	char		*error;		/* when failed; the schedule frees it */
	int64_t		 ttl;		/* the feed's <ttl>, seconds, or -1 */
	long		 added, updated;
	/*
	 * Items that could not be written (a full disk, say), and why: the
	 * fetch counts as failed and its validators are dropped, so that
	 * the next one, at the interval, is unconditional and brings them.
	 */
	long		 unstored;
	char		*store_error;	/* the schedule frees it */
};

/*
 * Called for a 200 with the body (valid during the call only).  The owner
 * parses it, now or later, and then calls schedule_parsed with token and
 * the outcome, exactly once.  Until then the source keeps its slot of
 * max_parallel (so bodies waiting to be parsed are bounded) and is not
 * fetched again.
 */
typedef void (*schedule_fetched_cb)(void *arg, const char *name,
    const struct fetch_result *, void *token);
/* Called after every fetch, once the state is updated. */
typedef void (*schedule_after_cb)(void *arg, const char *name, int failed,
    const struct fetch_result *);

/*
 * How late the sources' timers fire: the time from when a timer was due
 * to when its callback ran, as a histogram with the bounds below (seconds;
 * counts are per bucket, not cumulative).  A loop that some callback
 * blocks shows here first.
 */
#define SCHEDULE_LATE_BUCKETS	10
extern const double schedule_late_bounds[SCHEDULE_LATE_BUCKETS];
struct schedule_lateness {
	uint64_t	 bucket[SCHEDULE_LATE_BUCKETS + 1];	/* + over */
	uint64_t	 count;
	double		 sum, max;
};

struct schedule	*schedule_new(struct ev_loop *, struct fetcher *,
		     struct state *, schedule_fetched_cb, schedule_after_cb,
		     void *arg);
void		 schedule_free(struct schedule *);
/*
 * Take the configuration: sources added start (soon, spread out, or at the
 * time their state says), removed ones stop and lose their state, changed
 * ones take their new settings.  now_all: start every source at once
 * (--once).
 */
void		 schedule_apply(struct schedule *, const struct conf *,
		     int now_all);
/*
 * The outcome of the body of token: update the state and decide the next
 * fetch.  out->error is the schedule's to free.
 */
void		 schedule_parsed(struct schedule *, void *token,
		     struct schedule_outcome *out);
/*
 * Stop every timer and fetch.  Bodies still being parsed may still be
 * given to schedule_parsed: their state is updated, nothing restarts.
 */
void		 schedule_stop(struct schedule *);
/* The timers' lateness since start (valid while the schedule is). */
const struct schedule_lateness *schedule_lateness(const struct schedule *);

#endif
