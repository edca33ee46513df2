/* SPDX-License-Identifier: ISC */
#include <sys/stat.h>

#include <errno.h>
#include <signal.h>
#include <stdlib.h>
#include <string.h>

#include <ev.h>

#include "buf.h"
#include "commit.h"
#include "conf.h"
#include "feedfile.h"
#include "fetch.h"
#include "filter.h"
#include "fulltext.h"
#include "http.h"
#include "intake.h"
#include "log.h"
#include "loop.h"
#include "normalize.h"
#include "schedule.h"
#include "state.h"
#include "status.h"
#include "statuspage.h"
#include "store.h"
#include "xmalloc.h"

/*
 * The daemon is its parts, wired here: the schedule fetches (fetch), the
 * intake parses and stages, commit puts things on disk in their order,
 * and then the pages (fulltext), pruning and feed.atom (feedfile) follow;
 * status and http tell how it stands.  Each part knows only the callbacks
 * it is given; this file owns them all, the signals and the housekeeping.
 */

#define LOOP_HOUSEKEEPING	0.5	/* seconds between commits */
/*
 * Seconds between saves of the store's index file while running (it is
 * saved at exit too): a restart after a crash reads only the articles
 * written since.
 */
#define LOOP_INDEX_EVERY	3600
/*
 * Files pruned per turn of the loop: a source far over its keep is
 * trimmed in slices, so that the loop is never held long.
 */
#define LOOP_PRUNE_SLICE	64

struct daemon {
	struct ev_loop		*loop;
	const char		*path;		/* of the configuration */
	struct conf		*conf;
	int			 once;
	struct state		 state;
	struct store		*store;
	struct fetcher		*fetcher;
	struct schedule		*schedule;
	struct intake		*intake;
	struct fulltext		*fulltext;
	struct commit		*commit;
	struct feedfile		*feedfile;
	struct status		*status;
	struct http		*http;
	ev_timer		 housekeeping;
	ev_timer		 prune;		/* the next slice */
	size_t			 pruned;	/* by the slices so far */
	ev_signal		 sigterm, sigint, sighup;
	ev_tstamp		 index_saved;	/* ev_now of the last save */
	int			 feed_dirty;	/* feed.atom to rewrite */
	int			 unstored;	/* items not staged since */
	int			 filters;	/* the configuration has some */
	size_t			 enabled;	/* sources of it */
	int			 lockfd;	/* holds state_dir's lock */
};

/* With once: stop when every source and every page is done. */
static void
loop_once_check(struct daemon *d)
{
	if (d->once && status_done(d->status) >= d->enabled &&
	    fulltext_idle(d->fulltext))
		ev_break(d->loop, EVBREAK_ALL);
}

/* schedule: a feed came (HTTP 200); the intake makes its items. */
static void
loop_fetched(void *arg, const char *name, const struct fetch_result *r,
    void *token)
{
	struct daemon			*d = arg;
	const struct conf_source	*cs = conf_source(d->conf, name);

	intake_submit(d->intake, name, r, token, cs != NULL && cs->fulltext,
	    (long)d->conf->max_items, (long)(cs != NULL && cs->keep > 0 ?
	    cs->keep : d->conf->keep));
}

/* schedule: after every fetch, the state changed. */
static void
loop_after(void *arg, const char *name, int failed,
    const struct fetch_result *r)
{
	struct daemon	*d = arg;

	commit_state_changed(d->commit);
	status_fetched(d->status, name, failed, r);
	loop_once_check(d);
}

/* intake: whether the filters keep an item. */
static int
loop_keep_item(void *arg, const char *source, const struct normalized *n)
{
	struct daemon			*d = arg;
	const struct conf_source	*cs;
	const struct filter_rule	*why;
	int				 kept;

	if (!d->filters)
		return 1;
	cs = conf_source(d->conf, source);
	kept = filter_item(&d->conf->filters, cs != NULL ? &cs->filters :
	    NULL, n, &why);
	if (!kept)
		log_debug("%s: %s dropped: %s", source, n->article.url,
		    why != NULL ? why->text : "no keep_if matches");
	return kept;
}

/* intake: a new article whose page is wanted. */
static void
loop_page(void *arg, const char *source, const struct normalized *n)
{
	struct daemon	*d = arg;

	fulltext_add(d->fulltext, source, n);
}

/* intake: a feed's items are staged, or some could not be. */
static void
loop_parsed(void *arg, const char *source, long added, long updated,
    long dropped, const char *store_error)
{
	struct daemon	*d = arg;

	if (dropped > 0) {
		log_info("%s: %ld dropped by the filters", source, dropped);
		status_dropped(d->status, source, dropped);
	}

	if (store_error != NULL) {
		d->unstored = 1;
		status_fault(d->status, STATUS_FAULT_ARTICLES, store_error);
	}
	status_written(d->status, added + updated, added);
	status_source_written(d->status, source, added + updated);
	if (added > 0 || updated > 0)
		d->feed_dirty = 1;
}

/* fulltext: a story replaced an article's text. */
static void
loop_page_used(void *arg)
{
	struct daemon	*d = arg;

	status_written(d->status, 1, 0);
	d->feed_dirty = 1;
}

/* fulltext: a page is done. */
static void
loop_page_done(void *arg)
{
	loop_once_check(arg);
}

/*
 * What the store keeps of each source (keep, per source or [feedd]'s),
 * and each source's tags.
 */
static void
loop_keep(struct daemon *d, const struct conf *c)
{
	size_t	i;

	store_keep_clear(d->store);
	store_set_keep(d->store, NULL, (size_t)c->keep);
	d->filters = c->filters.n > 0;
	d->enabled = conf_enabled(c);
	for (i = 0; i < c->nsources; i++) {
		if (c->sources[i].keep > 0)
			store_set_keep(d->store, c->sources[i].name,
			    (size_t)c->sources[i].keep);
		store_set_source_tags(d->store, c->sources[i].name,
		    c->sources[i].tags);
		d->filters |= c->sources[i].filters.n > 0;
	}
}

/*
 * Remove the oldest articles of each source beyond its keep, a slice of
 * at most max files; the next slice comes at the next turn of the loop.
 */
static void
loop_prune_slice(struct daemon *d, size_t max)
{
	size_t	 pruned;
	char	*cause;
	int	 more;

	if (store_prune(d->store, max, &pruned, &more, &cause) == -1) {
		log_warnx("%s", cause);
		free(cause);
	}
	d->pruned += pruned;
	if (more) {
		ev_timer_set(&d->prune, 0., 0.);
		ev_timer_start(d->loop, &d->prune);
		return;
	}
	if (d->pruned > 0) {
		log_info("pruned %zu old articles (keep = %lld per source)",
		    d->pruned, (long long)d->conf->keep);
		d->pruned = 0;
		d->feed_dirty = 1;	/* at the next commit */
	}
}

static void
loop_prune_cb(struct ev_loop *loop, ev_timer *w, int revents)
{
	loop_prune_slice(w->data, LOOP_PRUNE_SLICE);
}

static void
loop_prune(struct daemon *d)
{
	if (!ev_is_active(&d->prune))
		loop_prune_slice(d, LOOP_PRUNE_SLICE);
}

/* commit: a part was written. */
static void
loop_written(void *arg, enum commit_part part)
{
	struct daemon	*d = arg;

	if (part == COMMIT_STATE)
		status_fault_clear(d->status, STATUS_FAULT_STATE);
	else if (d->unstored)
		d->unstored = 0;	/* over when a commit sees none */
	else
		status_fault_clear(d->status, STATUS_FAULT_ARTICLES);
}

/* commit: a part could not be written (it is tried again). */
static void
loop_commit_failed(void *arg, enum commit_part part, const char *cause)
{
	struct daemon	*d = arg;

	status_fault(d->status, part == COMMIT_STATE ? STATUS_FAULT_STATE :
	    STATUS_FAULT_ARTICLES, cause);
}

/* commit: articles are in place: their pages, pruning, the feed. */
static void
loop_committed(void *arg)
{
	struct daemon	*d = arg;
	char		*cause;

	fulltext_next(d->fulltext);
	loop_prune(d);
	if (!d->feed_dirty && feedfile_notices_changed(d->feedfile, d->conf))
		d->feed_dirty = 1;	/* a source failing long, or well again */
	if (d->feed_dirty) {
		if (feedfile_update(d->feedfile, d->store, d->conf,
		    &cause) == -1) {
			status_fault(d->status, STATUS_FAULT_FEED, cause);
			free(cause);
		} else {
			status_fault_clear(d->status, STATUS_FAULT_FEED);
			d->feed_dirty = 0;
		}
	}
	/* With once, the pages may have been all that was left. */
	loop_once_check(d);
}

/* Save the store's index file, when it says less than the store knows. */
static void
loop_save_index(struct daemon *d)
{
	char	*cause;

	d->index_saved = ev_now(d->loop);
	if (store_save_index(d->store, &cause) == -1) {
		log_warnx("%s", cause);
		free(cause);
	}
}

/*
 * articles/ removed or replaced while running: made anew, and every
 * source fetched again, unconditionally, so that nothing stays missing.
 */
static void
loop_check_folder(struct daemon *d)
{
	char	*cause;
	int	 rv;

	if ((rv = store_recover(d->store, &cause)) == 0)
		return;
	if (rv == -1) {
		status_fault(d->status, STATUS_FAULT_ARTICLES, cause);
		free(cause);
		return;
	}
	log_warnx("%s/articles was removed or replaced: made anew; every "
	    "source is fetched again, in full", d->conf->state_dir);
	state_forget_validators(&d->state);
	commit_state_changed(d->commit);
	d->feed_dirty = 1;
	schedule_apply(d->schedule, d->conf, 1);
}

static void
loop_housekeeping_cb(struct ev_loop *loop, ev_timer *w, int revents)
{
	struct daemon	*d = w->data;
	int		 changed = commit_state_dirty(d->commit);

	if (!commit_busy(d->commit))
		loop_check_folder(d);
	commit_start(d->commit);
	if (changed && !d->once)
		status_summary(d->status);
	if (ev_now(loop) - d->index_saved >= LOOP_INDEX_EVERY)
		loop_save_index(d);
}

/* http: the feed at path, as it was last written or made. */
static int
loop_http_feed(void *arg, const char *path, struct http_feed *f)
{
	struct daemon	*d = arg;

	return feedfile_view(d->feedfile, d->store, d->conf, path, f);
}

/* http: one article, by a name already checked to be an article's. */
static int
loop_http_article(void *arg, const char *name, struct buf *out)
{
	struct daemon	*d = arg;
	char		*why = NULL;
	int		 rv;

	rv = store_read_file(d->store, name, out, &why);
	free(why);
	return rv;
}

static int
loop_http_health(void *arg, struct buf *out)
{
	return status_health(((struct daemon *)arg)->status, out);
}

static void
loop_http_metrics(void *arg, struct buf *out)
{
	status_metrics(((struct daemon *)arg)->status, out);
}

/* http: the status page, as kind. */
static void
loop_http_page(void *arg, int kind, struct buf *out)
{
	struct daemon		*d = arg;
	struct statuspage	 p;
	struct buf		 faults;

	buf_init(&faults, BUF_NOLIMIT);
	status_faults_line(d->status, &faults);
	memset(&p, 0, sizeof p);
	p.title = d->conf->feed_title;
	p.now = (int64_t)ev_now(d->loop);
	p.articles = store_count(d->store);
	p.faults = faults.len > 0 ? faults.data : NULL;
	p.nrows = status_rows(d->status, &p.rows);
	statuspage_sort(p.rows, p.nrows);
	if (kind == HTTP_PAGE_JSON)
		statuspage_json(&p, out);
	else if (kind == HTTP_PAGE_TEXT)
		statuspage_text(&p, out);
	else
		statuspage_html(&p, out);
	free(p.rows);
	buf_free(&faults);
}

/* Take c as the configuration in force, in every part. */
static void
loop_configure(struct daemon *d, struct conf *c)
{
	d->conf = c;
	loop_keep(d, c);
	status_configure(d->status, c);
	fulltext_configure(d->fulltext, c);
	schedule_apply(d->schedule, c, d->once);
}

/* SIGHUP: read the configuration again; a broken one is not taken. */
static void
loop_reload(struct daemon *d)
{
	struct conf	*c;
	char		*cause;

	status_notify("RELOADING=1");
	if ((c = conf_load(d->path, &cause)) == NULL) {
		conf_say_errors(cause, log_warnx);
		log_warnx("%s: the running configuration is kept", d->path);
		free(cause);
		status_notify("READY=1");
		return;
	}
	conf_reloaded(d->conf, c);
	conf_free(d->conf);
	loop_configure(d, c);
	commit_state_changed(d->commit);
	d->feed_dirty = 1;
	log_info("%s: reloaded, %zu sources", d->path, c->nsources);
	status_notify("READY=1");
	status_summary(d->status);
}

static void
loop_signal_cb(struct ev_loop *loop, ev_signal *w, int revents)
{
	struct daemon	*d = w->data;

	if (w->signum == SIGHUP) {
		loop_reload(d);
		return;
	}
	log_info("stopping");
	status_notify("STOPPING=1");
	schedule_stop(d->schedule);
	ev_break(loop, EVBREAK_ALL);
}

/* The folders, the state and the collection. */
static int
loop_open(struct daemon *d, struct conf *c, char **cause)
{
	char	*articles;

	d->conf = c;
	if (mkdir(c->state_dir, 0755) == -1 && errno != EEXIST) {
		*cause = xasprintf("%s: %s", c->state_dir, strerror(errno));
		return -1;
	}
	if ((d->lockfd = state_lock(c->state_dir, cause)) == -1)
		return -1;
	articles = xasprintf("%s/articles", c->state_dir);
	if (mkdir(articles, 0755) == -1 && errno != EEXIST) {
		*cause = xasprintf("%s: %s", articles, strerror(errno));
		free(articles);
		return -1;
	}
	if (state_open(c->state_dir, &d->state, cause) == -1 ||
	    (d->store = store_open(articles, 0, cause)) == NULL) {
		free(articles);
		return -1;
	}
	free(articles);
	loop_keep(d, c);
	state_keep(&d->state, c);
	/* No article to vouch for: what the validators say is not so. */
	if (store_count(d->store) == 0)
		state_forget_validators(&d->state);
	return 0;
}

/* The parts, and the callbacks that join them. */
static void
loop_wire(struct daemon *d)
{
	const struct intake_ops		iops = { loop_keep_item, loop_page,
					    loop_parsed, d };
	const struct fulltext_ops	fops = { loop_page_used,
					    loop_page_done, d };
	const struct commit_ops		cops = { loop_committed, loop_written,
					    loop_commit_failed, d };
	const struct conf		*c = d->conf;

	d->loop = ev_default_loop(EVFLAG_AUTO);
	d->fetcher = fetcher_new(d->loop, (long)c->max_parallel,
	    (long)c->max_per_host);
	d->schedule = schedule_new(d->loop, d->fetcher, &d->state,
	    loop_fetched, loop_after, d);
	d->intake = intake_new(d->loop, d->store, d->schedule, &iops);
	d->fulltext = fulltext_new(d->loop, d->store, c, &fops);
	d->commit = commit_new(d->loop, d->store, &d->state, c->state_dir,
	    &cops);
	d->feedfile = feedfile_new(&d->state);
	d->status = status_new(d->loop, &d->state, d->store,
	    fulltext_counts(d->fulltext), schedule_lateness(d->schedule),
	    d->once);
	status_configure(d->status, c);
}

/* Signals, and the timer that commits. */
static void
loop_start_watchers(struct daemon *d)
{
	ev_signal_init(&d->sigterm, loop_signal_cb, SIGTERM);
	ev_signal_init(&d->sigint, loop_signal_cb, SIGINT);
	ev_signal_init(&d->sighup, loop_signal_cb, SIGHUP);
	d->sigterm.data = d->sigint.data = d->sighup.data = d;
	ev_signal_start(d->loop, &d->sigterm);
	ev_signal_start(d->loop, &d->sigint);
	if (!d->once)
		ev_signal_start(d->loop, &d->sighup);
	ev_timer_init(&d->housekeeping, loop_housekeeping_cb,
	    LOOP_HOUSEKEEPING, LOOP_HOUSEKEEPING);
	d->housekeeping.data = d;
	ev_timer_start(d->loop, &d->housekeeping);
	ev_timer_init(&d->prune, loop_prune_cb, 0., 0.);
	d->prune.data = d;
	d->index_saved = ev_now(d->loop);
}

/* Serve on listen, when configured and not once. */
static void
loop_serve(struct daemon *d)
{
	const struct http_ops	ops = { loop_http_feed, loop_http_article,
				    loop_http_health, loop_http_metrics,
				    loop_http_page, d };
	char			*cause;

	if (d->once || d->conf->listen == NULL)
		return;
	if ((d->http = http_start(d->loop, d->conf->listen, &ops,
	    &cause)) == NULL)
		fatalx("%s: %s", d->path, cause);
	log_info("serving on http://%s/feed.atom", d->conf->listen);
}

/* Stop: what was fetched is parsed and written. */
static void
loop_stop(struct daemon *d)
{
	schedule_stop(d->schedule);
	fulltext_stop(d->fulltext);	/* pages not fetched keep the feed's */
	intake_drain(d->intake);
	ev_timer_stop(d->loop, &d->prune);
	commit_now(d->commit);
	loop_prune_slice(d, (size_t)-1);
	ev_timer_stop(d->loop, &d->prune);
	if (d->feed_dirty)
		commit_now(d->commit);
	loop_save_index(d);
}

static void
loop_free(struct daemon *d)
{
	intake_free(d->intake);
	commit_free(d->commit);
	fulltext_free(d->fulltext);
	http_stop(d->http);
	feedfile_free(d->feedfile);
	schedule_free(d->schedule);
	fetcher_free(d->fetcher);
	status_free(d->status);
	store_close(d->store);
	state_free(&d->state);
	conf_free(d->conf);
	ev_loop_destroy(d->loop);
	if (d->lockfd != -1)
		close(d->lockfd);
}

/* Run the daemon, or one round of fetches. */
int
loop_run(const char *path, struct conf *c, int once)
{
	struct daemon	 d;
	char		*cause;
	int		 rv = 0;

	memset(&d, 0, sizeof d);
	d.lockfd = -1;
	d.path = path;
	d.once = once;
	if (loop_open(&d, c, &cause) == -1)
		fatalx("%s", cause);
	loop_wire(&d);
	loop_start_watchers(&d);
	d.feed_dirty = 1;	/* a feed.atom from the start */
	commit_now(d.commit);	/* so that /feed.atom has it at once */
	loop_serve(&d);
	loop_configure(&d, d.conf);
	log_info("started: %zu sources, %zu articles", d.conf->nsources,
	    store_count(d.store));
	if (!once)
		status_ready(d.status);
	if (!once || conf_enabled(d.conf) > 0)
		ev_run(d.loop, 0);
	loop_stop(&d);
	if (once)
		rv = status_finish(d.status);
	loop_free(&d);
	return rv;
}
