/* SPDX-License-Identifier: ISC */
#include "plan.h"

double
plan_jitter(double v, double frac, double r)
{
	return v + v * frac * r;
}

int64_t
plan_success(int64_t interval, int64_t *min_interval,
    const struct plan_asked *a, double r)
{
	int64_t	asked = 0, wait;

	/* What the publisher asks raises the interval, up to a day. */
	if (a->ttl > asked)
		asked = a->ttl;
	if (a->max_age > asked)
		asked = a->max_age;
	if (a->expires_in > asked)
		asked = a->expires_in;
	if (a->status == 200 || asked > 0)
		*min_interval = asked > PLAN_DAY ? PLAN_DAY : asked;
	wait = interval > *min_interval ? interval : *min_interval;
	return (int64_t)plan_jitter((double)wait, PLAN_JITTER, r);
}

int64_t
plan_failure(int64_t interval, int64_t failures, long status,
    int64_t retry_after, double r)
{
	int64_t	wait = interval, i;

	/* Exponential backoff from the interval, capped at a day. */
	for (i = 1; i < failures && wait < PLAN_DAY; i++)
		wait *= 2;
	if (wait > PLAN_DAY)
		wait = PLAN_DAY;
	wait = (int64_t)plan_jitter((double)wait, PLAN_JITTER, r);
	if ((status == 429 || status == 503) && retry_after > wait)
		wait = retry_after > PLAN_MAX_WAIT ? PLAN_MAX_WAIT :
		    retry_after;
	return wait;
}

double
plan_first(int64_t next, int64_t now, size_t nsources, int now_all,
    double r)
{
	double	spread;

	if (now_all)
		return 0;
	if (next > 0)
		return (double)(next - now);
	spread = (double)nsources * 0.02;
	if (spread > PLAN_SPREAD)
		spread = PLAN_SPREAD;
	return spread * r;
}
