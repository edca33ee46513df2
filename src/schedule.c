/* SPDX-License-Identifier: ISC */
#include <stdlib.h>
#include <string.h>
#include <strings.h>
#include <time.h>
#include <unistd.h>

#include <ev.h>

#include "conf.h"
#include "fetch.h"
#include "hostq.h"
#include "log.h"
#include "plan.h"
#include "request.h"
#include "schedule.h"
#include "state.h"
#include "strmap.h"
#include "uri.h"
#include "xmalloc.h"

/*
 * Sources live in an array owned here; their persistent part lives in the
 * state, found by name.  Every decision about time is made in one place,
 * schedule_next, after every fetch.
 */

struct source {
	struct schedule	*sched;
	char		*name;
	/* Its section of the configuration in force (schedule_apply). */
	const struct conf_source *cs;
	struct hostq_item wait;		/* its host (of the URL in use), and
					   its place when waiting for a slot */
	ev_timer	 timer;
	ev_tstamp	 due;		/* when the timer is to fire */
	struct fetch	*fetch;		/* under way, or NULL */
	struct fetch_result *parsing;	/* its body with the owner, or NULL */
	int		 gone;		/* removed while parsing: free after */
};

struct schedule {
	struct ev_loop		*loop;
	struct fetcher		*fetcher;
	struct state		*state;
	schedule_fetched_cb	 fetched;
	schedule_after_cb	 after;
	void			*arg;
	struct source		**sources;
	size_t			 nsources;
	struct hostq		*hosts;		/* what waits for a slot */
	const struct conf	*conf;		/* in force: schedule_apply */
	size_t			 running;	/* fetching or parsing */
	int			 stopped;
	struct schedule_lateness late;
};

const double schedule_late_bounds[SCHEDULE_LATE_BUCKETS] = {
	0.001, 0.0025, 0.005, 0.01, 0.025, 0.05, 0.1, 0.25, 0.5, 1.
};

static void	source_timer_cb(struct ev_loop *, ev_timer *, int);
static void	source_done_cb(void *, const struct fetch_result *);
static void	source_try(struct source *);
static int	source_may_start(const struct source *);
static void	source_start(struct source *);
static void	source_free(struct source *);
static void	schedule_at(struct source *, double);
static void	schedule_next(struct source *, const struct fetch_result *,
		    struct schedule_outcome *);
static void	schedule_drain(struct schedule *);
static void	source_host(struct source *, const char *);
static double	uniform(void);

/* Uniform in [0, 1], for plan's jitter: no two sources in step. */
static double
uniform(void)
{
	return (double)random() / RAND_MAX;
}

struct schedule *
schedule_new(struct ev_loop *loop, struct fetcher *fetcher, struct state *st,
    schedule_fetched_cb fetched, schedule_after_cb after, void *arg)
{
	struct schedule	*s;

	s = xcalloc(1, sizeof *s);
	s->loop = loop;
	s->hosts = hostq_new();
	s->fetcher = fetcher;
	s->state = st;
	s->fetched = fetched;
	s->after = after;
	s->arg = arg;
	srandom((unsigned int)time(NULL) ^ (unsigned int)getpid());
	return s;
}

/* Start src in delay seconds. */
static void
schedule_at(struct source *src, double delay)
{
	if (src->sched->stopped)
		return;
	if (delay < 0)
		delay = 0;
	ev_timer_stop(src->sched->loop, &src->timer);
	ev_timer_set(&src->timer, delay, 0.);
	ev_timer_start(src->sched->loop, &src->timer);
	/* libev counts from the loop's time, which is this one. */
	src->due = ev_now(src->sched->loop) + delay;
}

/* One more timer that fired late seconds after it was due. */
static void
schedule_count_late(struct schedule_lateness *l, double late)
{
	size_t	i;

	if (late < 0)
		late = 0;	/* libev fires early by its own rounding */
	for (i = 0; i < SCHEDULE_LATE_BUCKETS; i++)
		if (late <= schedule_late_bounds[i])
			break;
	l->bucket[i]++;
	l->count++;
	l->sum += late;
	if (late > l->max)
		l->max = late;
}

static void
source_timer_cb(struct ev_loop *loop, ev_timer *w, int revents)
{
	struct source	*src = w->data;

	/*
	 * The time now, not the loop's (ev_now is when this iteration
	 * began): a callback run after other slow ones is late by theirs too.
	 */
	schedule_count_late(&src->sched->late, ev_time() - src->due);
	source_try(src);
}

const struct schedule_lateness *
schedule_lateness(const struct schedule *s)
{
	return &s->late;
}

/* Whether the limits let src start now. */
static int
source_may_start(const struct source *src)
{
	struct schedule	*s = src->sched;

	return (int64_t)s->running < s->conf->max_parallel &&
	    hostq_has_slot(&src->wait, (long)s->conf->max_per_host);
}

/* Start src, or queue it until a slot is free. */
static void
source_try(struct source *src)
{
	struct schedule	*s = src->sched;

	if (src->fetch != NULL || src->parsing != NULL || src->wait.waiting)
		return;		/* never twice at once */
	if (!source_may_start(src)) {
		hostq_wait(s->hosts, &src->wait, (long)s->conf->max_per_host);
		return;
	}
	source_start(src);
}

static void
source_start(struct source *src)
{
	struct schedule		*s = src->sched;
	struct source_state	*st = state_get(s->state, src->name);
	struct fetch_request	 req;

	request_build(&req, s->conf, src->cs, st, NULL);
	if ((src->fetch = fetch_start(s->fetcher, &req, source_done_cb,
	    src)) == NULL) {
		log_warnx("%s: %s: cannot start the fetch", src->name, req.url);
		schedule_at(src, (double)src->cs->interval);
		return;
	}
	s->running++;
	hostq_started(&src->wait);
}

/*
 * Start what waits, as far as the limits let it: the hosts with a free
 * slot take turns, each start costing O(1) however many wait.
 */
static void
schedule_drain(struct schedule *s)
{
	struct hostq_item	*it;

	while ((int64_t)s->running < s->conf->max_parallel &&
	    (it = hostq_next(s->hosts, (long)s->conf->max_per_host)) != NULL)
		source_start(it->owner);
}

/* What the fetch r and its outcome say went wrong, or NULL. */
static char *
schedule_error(const struct fetch_result *r, const struct schedule_outcome *out)
{
	if (r->error != NULL)
		return xstrdup(r->error);
	if (r->status == 200 && out->failed)
		return xstrdup(out->error != NULL ? out->error : "not a feed");
	if (r->status != 200 && r->status != 304)
		return xasprintf("HTTP %ld", r->status);
	if (out->unstored > 0)
		return xasprintf("%ld article%s not written (%s); the next "
		    "fetch brings %s again", out->unstored, out->unstored == 1 ?
		    "" : "s", out->store_error != NULL ? out->store_error : "?",
		    out->unstored == 1 ? "it" : "them");
	return NULL;
}

/* A permanent redirect (every hop 301 or 308) moves the source. */
static void
schedule_moved(struct source *src, struct source_state *st,
    const struct fetch_result *r)
{
	if (r->moved_to == NULL || (st->url != NULL &&
	    strcmp(st->url, r->moved_to) == 0) ||
	    strcmp(src->cs->url, r->moved_to) == 0)
		return;
	log_info("%s: moved permanently to %s; fetching that from now on",
	    src->name, r->moved_to);
	state_set(&st->url, r->moved_to);
	source_host(src, r->moved_to);
}

/* A success: the validators, the publisher's wishes; the wait. */
static int64_t
schedule_success(struct source *src, struct source_state *st,
    const struct fetch_result *r, const struct schedule_outcome *out,
    int64_t now)
{
	struct plan_asked	asked;

	schedule_moved(src, st, r);
	if (r->status == 200 || r->etag != NULL)
		state_set(&st->etag, r->etag);
	if (r->status == 200 || r->last_modified != NULL)
		state_set(&st->last_modified, r->last_modified);
	st->failures = 0;
	st->fail_since = 0;
	st->last_success = now;
	state_set(&st->last_error, NULL);
	asked.status = r->status;
	asked.ttl = out->ttl;
	asked.max_age = r->max_age;
	asked.expires_in = r->expires_in;
	return plan_success(src->cs->interval, &st->min_interval, &asked,
	    uniform());
}

/*
 * After a fetch: update the state and decide when the next one is.
 */
static void
schedule_next(struct source *src, const struct fetch_result *r,
    struct schedule_outcome *out)
{
	struct schedule		*s = src->sched;
	struct source_state	*st = state_get(s->state, src->name);
	int64_t			 now = time(NULL), wait;
	char			*error = schedule_error(r, out);

	if (error == NULL)
		wait = schedule_success(src, st, r, out, now);
	else if (out->unstored > 0 && r->error == NULL && !out->failed &&
	    (r->status == 200 || r->status == 304)) {
		/* Not the server's fault: no backoff, and no validators. */
		if (st->failures++ == 0)
			st->fail_since = now;
		state_set(&st->last_error, error);
		state_set(&st->etag, NULL);
		state_set(&st->last_modified, NULL);
		wait = plan_failure(src->cs->interval, 1, r->status, -1,
		    uniform());
		/* The fault itself is logged once, by the daemon. */
		log_debug("%s: %s", src->name, error);
	} else {
		if (st->failures++ == 0)
			st->fail_since = now;
		state_set(&st->last_error, error);
		wait = plan_failure(src->cs->interval, st->failures,
		    r->status, r->retry_after, uniform());
		log_warnx("%s: %s: %s (failure %lld in a row; next try in "
		    "%llds)", src->name, st->url != NULL ? st->url :
		    src->cs->url, error, (long long)st->failures,
		    (long long)wait);
	}
	st->next = now + wait;
	schedule_at(src, (double)wait);
	free(error);
	free(out->error);
	free(out->store_error);
	if (s->after != NULL)
		s->after(s->arg, src->name, error != NULL, r);
}

static void
source_done_cb(void *arg, const struct fetch_result *r)
{
	struct source		*src = arg;
	struct schedule		*s = src->sched;
	struct schedule_outcome	 out;

	src->fetch = NULL;
	hostq_finished(s->hosts, &src->wait, (long)s->conf->max_per_host);
	if (r->error == NULL && r->status == 200) {
		/* The slot is kept until schedule_parsed. */
		src->parsing = fetch_result_copy(r);
		s->fetched(s->arg, src->name, r, src);
		return;
	}
	s->running--;
	memset(&out, 0, sizeof out);
	out.ttl = -1;
	schedule_next(src, r, &out);
	schedule_drain(s);
}

void
schedule_parsed(struct schedule *s, void *token, struct schedule_outcome *out)
{
	struct source		*src = token;
	struct fetch_result	*r = src->parsing;

	src->parsing = NULL;
	if (s->running > 0)
		s->running--;
	if (src->gone) {
		free(out->error);
		free(out->store_error);
		source_free(src);
	} else
		schedule_next(src, r, out);
	fetch_result_free(r);
	schedule_drain(s);
}

static void
source_free(struct source *src)
{
	ev_timer_stop(src->sched->loop, &src->timer);
	hostq_set(src->sched->hosts, &src->wait, NULL);
	free(src->name);
	free(src);
}

/* src fetches url from now on: its host is url's. */
static void
source_host(struct source *src, const char *url)
{
	char	*host = uri_host(url);

	hostq_set(src->sched->hosts, &src->wait, host);
	free(host);
}

/* Drop src: its timer, its place in the queue, its fetch and its state. */
static void
source_remove(struct schedule *s, struct source *src)
{
	hostq_unwait(&src->wait);
	state_remove(s->state, src->name);
	if (src->fetch != NULL) {
		fetch_cancel(s->fetcher, src->fetch);
		src->fetch = NULL;
		s->running--;
		hostq_finished(s->hosts, &src->wait,
		    (long)s->conf->max_per_host);
	}
	if (src->parsing != NULL) {
		/* schedule_parsed will come for it: free it then. */
		ev_timer_stop(s->loop, &src->timer);
		src->gone = 1;
		return;
	}
	source_free(src);
}

/* Stop and drop the sources that c no longer names. */
static void
schedule_remove_gone(struct schedule *s, const struct conf *c)
{
	const struct conf_source	*cs;
	struct source			*src, **kept;
	size_t				 i, nkept = 0;

	kept = xcalloc(c->nsources + s->nsources + 1, sizeof *kept);
	for (i = 0; i < s->nsources; i++) {
		src = s->sources[i];
		if ((cs = conf_source(c, src->name)) == NULL ||
		    !cs->enabled) {
			log_info("%s: %s", src->name, cs == NULL ? "removed" :
			    "disabled");
			source_remove(s, src);
		} else
			kept[nkept++] = src;
	}
	free(s->sources);
	s->sources = kept;
	s->nsources = nkept;
}

/* A new URL in the file: what was known of the old one is not. */
static void
schedule_check_url(const struct conf_source *cs, struct source_state *st)
{
	if (st->conf_url != NULL && strcmp(st->conf_url, cs->url) == 0)
		return;
	if (st->conf_url != NULL)
		log_info("%s: url changed to %s", cs->name, cs->url);
	state_set(&st->conf_url, cs->url);
	state_set(&st->url, NULL);
	state_set(&st->etag, NULL);
	state_set(&st->last_modified, NULL);
	st->failures = 0;
}

/* A source the schedule did not have: its timer, its first start. */
static struct source *
schedule_add(struct schedule *s, const struct conf_source *cs)
{
	struct source	*src;

	src = xcalloc(1, sizeof *src);
	src->sched = s;
	src->name = xstrdup(cs->name);
	src->wait.owner = src;
	ev_timer_init(&src->timer, source_timer_cb, 0., 0.);
	src->timer.data = src;
	s->sources[s->nsources++] = src;
	return src;
}

/* Take a configuration: add, remove and change sources. */
void
schedule_apply(struct schedule *s, const struct conf *c, int now_all)
{
	const struct conf_source	*cs;
	struct source_state		*st;
	struct source			*src;
	struct strmap			 byname = { NULL, 0, 0 };
	size_t				 i, j, nnew = 0;
	int64_t				 now = time(NULL);

	s->conf = c;
	/*
	 * The loop's time is from before the configuration, state and store
	 * were read (a second or more at 100,000 sources): timers set from
	 * it would all fire that much late.
	 */
	ev_now_update(s->loop);
	schedule_remove_gone(s, c);
	/* The sources kept, by name: O(1) a lookup, whatever their number. */
	for (j = 0; j < s->nsources; j++)
		strmap_put(&byname, s->sources[j]->name, s->sources[j]);
	for (i = 0; i < c->nsources; i++) {
		cs = &c->sources[i];
		if (!cs->enabled)
			continue;	/* kept: its state and articles stay */
		src = strmap_get(&byname, cs->name);
		st = state_get(s->state, cs->name);
		schedule_check_url(cs, st);
		if (src == NULL) {
			src = schedule_add(s, cs);
			nnew++;
			/* Saved: keep its time.  New: soon, spread out. */
			schedule_at(src, plan_first(st->next, now,
			    c->nsources, now_all, uniform()));
		} else if (now_all)
			schedule_at(src, 0);
		src->cs = cs;
		source_host(src, st->url != NULL ? st->url : cs->url);
	}
	strmap_free(&byname);
	if (nnew > 0)
		log_debug("%zu sources added", nnew);
	/* New limits may free slots for what waits. */
	hostq_rescan(s->hosts, (long)c->max_per_host);
	if (!s->stopped)
		schedule_drain(s);
}

/* Stop every timer and fetch. */
void
schedule_stop(struct schedule *s)
{
	size_t	i;

	s->stopped = 1;
	for (i = 0; i < s->nsources; i++) {
		ev_timer_stop(s->loop, &s->sources[i]->timer);
		if (s->sources[i]->fetch != NULL) {
			fetch_cancel(s->fetcher, s->sources[i]->fetch);
			s->sources[i]->fetch = NULL;
			hostq_finished(s->hosts, &s->sources[i]->wait,
			    (long)s->conf->max_per_host);
		}
	}
	hostq_clear(s->hosts);
	s->running = 0;
}

void
schedule_free(struct schedule *s)
{
	size_t	i;

	if (s == NULL)
		return;
	schedule_stop(s);
	for (i = 0; i < s->nsources; i++)
		source_free(s->sources[i]);
	free(s->sources);
	hostq_free(s->hosts);
	free(s);
}
