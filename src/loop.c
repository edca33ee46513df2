/* SPDX-License-Identifier: ISC */
#include <sys/stat.h>

#include <errno.h>
#include <fcntl.h>
#include <inttypes.h>
#include <signal.h>
#include <stdarg.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <time.h>
#include <unistd.h>

#include <ev.h>
#ifdef HAVE_LIBSYSTEMD
#include <systemd/sd-daemon.h>
#endif

#include "article.h"
#include "atom.h"
#include "buf.h"
#include "conf.h"
#include "date.h"
#include "extract.h"
#include "feedparse.h"
#include "fetch.h"
#include "fileio.h"
#include "html.h"
#include "http.h"
#include "log.h"
#include "loop.h"
#include "normalize.h"
#include "publish.h"
#include "schedule.h"
#include "sha256.h"
#include "state.h"
#include "store.h"
#include "workq.h"
#include "xmalloc.h"

/*
 * Order on disk matters: articles are committed before the state that
 * says they were fetched, so that a crash in between can only make feedd
 * fetch a feed again (and find nothing new), never forget an article.
 */

#define LOOP_HOUSEKEEPING	0.5	/* seconds between commits */
/*
 * Seconds between saves of the store's index file while running (it is
 * saved at exit too): a restart after a crash reads only the articles
 * written since.
 */
#define LOOP_INDEX_EVERY	3600

struct daemon {
	struct ev_loop		*loop;
	const char		*path;
	struct conf		*conf;
	struct state		 state;
	struct store		*store;
	struct fetcher		*fetcher;
	struct schedule		*schedule;
	char			*articles;	/* state_dir/articles */
	ev_timer		 housekeeping;
	ev_timer		 watchdog;
	ev_signal		 sigterm, sigint, sighup;
	int			 once;
	size_t			 done;		/* with once: sources fetched */
	size_t			 failed;
	long			 added;		/* articles, for progress */
	int			 state_dirty;
	int			 feed_dirty;
	int			 progress;	/* stderr is a terminal */
	char			**failures;	/* with once: names */
	size_t			 nfailures;
	struct http		*http;
	struct buf		 feed;		/* feed.atom as served */
	char			 feed_etag[24];
	int64_t			 feed_mtime;
	ev_tstamp		 index_saved;	/* ev_now of the last save */
	/* Counters for /metrics, since start. */
	uint64_t		 fetch_ok, fetch_304, fetch_error;
	uint64_t		 written, bytes;
	/*
	 * Pages of new articles (fulltext): their own fetcher, so that they
	 * never take a connection or a slot from a feed.
	 */
	struct fetcher		*pages;
	struct workq		*parsers;	/* feeds parsed off the loop */
	struct workq		*committer;	/* commits' waits, off it */
	int			 committing;	/* a commit is out */
	struct page_job		**page_queue;
	size_t			 npage_queue, pages_running;
	uint64_t		 page_ok, page_error, page_used;
	int			 stopping;
};

/* A new article whose page is to be fetched (fulltext = yes). */
struct page_job {
	struct daemon	*d;
	char		*name;		/* the source */
	char		*url;
	uint64_t	 hash;
	size_t		 feed_text;	/* bytes of text the feed gave */
	int64_t		 when;
};

#define LOOP_PAGES_AT_ONCE	4	/* page fetches at once, in all */

/* A fetched body, read by feedparse; first in the structs that hold one. */
struct body_reader {
	const struct buf	*body;
	size_t			 off;
};

/*
 * A fetched feed on its way through a worker thread: the worker parses
 * and normalizes it (pure stages only), the loop then stores the items
 * and tells the schedule.
 */
struct parse_job {
	struct body_reader	 reader;	/* first: cb.arg */
	struct daemon		*d;
	void			*token;		/* for schedule_parsed */
	char			*name;
	char			*url;
	struct buf		 body;
	struct normalize_ctx	 ctx;
	/* What the worker made of it. */
	struct normalized	*items;
	size_t			 nitems;
	int64_t			 ttl;
	char			*error;		/* not a feed */
	char			**notes;	/* for the debug log */
	size_t			 nnotes;
};

/* A commit on the committer's thread (loop_commit_start). */
struct commit_job {
	struct daemon		*d;
	struct store_sealed	*sealed;	/* or NULL: the state alone */
	struct buf		 state;		/* its snapshot, or empty */
	char			*dir;		/* state_dir */
	char			*articles_error;
	char			*state_error;
};

#define LOOP_NOTES_MAX		32	/* debug lines kept per feed */
#define LOOP_PARSE_THREADS	4	/* at most, one per processor */

static ssize_t	loop_read_cb(void *, char *, size_t);
static void	loop_feed_cb(void *, const struct feed_info *);
static void	loop_item_cb(void *, const struct feed_item *);
static void	loop_warn_cb(void *, const char *);
static void	loop_fetched(void *, const char *, const struct fetch_result *,
		    void *);
static void	loop_parse_work(void *);
static void	loop_parse_done(void *);
static void	loop_store_item(struct parse_job *, struct normalized *,
		    int, struct schedule_outcome *);
static void	loop_note(struct parse_job *, const char *, ...)
		    __attribute__((format(printf, 2, 3)));
static void	loop_after(void *, const char *, int,
		    const struct fetch_result *);
static void	loop_housekeeping_cb(struct ev_loop *, ev_timer *, int);
static void	loop_signal_cb(struct ev_loop *, ev_signal *, int);
static void	loop_commit(struct daemon *);
static void	loop_commit_start(struct daemon *);
static void	loop_commit_work(void *);
static void	loop_commit_done(void *);
static void	loop_committed(struct daemon *);
static void	loop_save_index(struct daemon *);
static int	loop_write_feed(struct daemon *, char **);
static int	loop_prepare(struct daemon *, struct conf *, char **);
static void	loop_forget_removed(struct daemon *);
static void	loop_page_add(struct daemon *, const char *, const char *,
		    uint64_t, const struct article *, int64_t);
static void	loop_page_next(struct daemon *);
static void	loop_page_done(void *, const struct fetch_result *);
static void	loop_page_free(struct page_job *);
static void	loop_once_check(struct daemon *);
static void	loop_notify(const char *, ...)
		    __attribute__((format(printf, 1, 2)));
static void	loop_status(struct daemon *);
static void	loop_watchdog_cb(struct ev_loop *, ev_timer *, int);

/*
 * Tell systemd (Type=notify) how things stand; nothing without libsystemd
 * or outside systemd (sd_notify does nothing without NOTIFY_SOCKET).
 */
static void
loop_notify(const char *fmt, ...)
{
#ifdef HAVE_LIBSYSTEMD
	va_list	 ap;
	char	*msg;

	va_start(ap, fmt);
	if (vasprintf(&msg, fmt, ap) != -1) {
		sd_notify(0, msg);
		free(msg);
	}
	va_end(ap);
#else
	(void)fmt;
#endif
}

/* STATUS=: a one-line summary for systemctl status. */
static void
loop_status(struct daemon *d)
{
	size_t	i, failing = 0;

	for (i = 0; i < d->state.n; i++) {
		if (d->state.v[i].failures > 0)
			failing++;
	}
	loop_notify("STATUS=%zu sources (%zu failing), %zu articles",
	    d->conf->nsources, failing, store_count(d->store));
}

/* WATCHDOG=1, at half the interval systemd asks for. */
static void
loop_watchdog_cb(struct ev_loop *loop, ev_timer *w, int revents)
{
	loop_notify("WATCHDOG=1");
}

/* feedparse's read callback over a fetched body. */
static ssize_t
loop_read_cb(void *arg, char *buf, size_t len)
{
	struct body_reader	*r = arg;
	size_t			 n = r->body->len - r->off;

	if (n > len)
		n = len;
	if (n > 0)
		memcpy(buf, r->body->data + r->off, n);
	r->off += n;
	return (ssize_t)n;
}

/* On the worker: keep a line for the debug log, up to a few. */
static void
loop_note(struct parse_job *j, const char *fmt, ...)
{
	va_list	 ap;

	if (j->nnotes >= LOOP_NOTES_MAX)
		return;
	j->notes = xreallocarray(j->notes, j->nnotes + 1, sizeof *j->notes);
	va_start(ap, fmt);
	j->notes[j->nnotes++] = xvasprintf(fmt, ap);
	va_end(ap);
}

/* On the worker. */
static void
loop_feed_cb(void *arg, const struct feed_info *info)
{
	struct parse_job	*j = arg;

	j->ctx.feed = info;
	if (info->ttl > 0)
		j->ttl = info->ttl * 60;
}

/* On the worker: each item normalized, kept for the loop to store. */
static void
loop_item_cb(void *arg, const struct feed_item *it)
{
	struct parse_job	*j = arg;
	struct normalized	 n;
	char			*cause;

	if (normalize_item(it, &j->ctx, &n, &cause) == -1) {
		loop_note(j, "item %zu skipped: %s", it->index + 1, cause);
		free(cause);
		return;
	}
	/* These point into the item, which is gone after this call. */
	n.bad_date = n.date_from = n.body_from = NULL;
	j->items = xreallocarray(j->items, j->nitems + 1, sizeof *j->items);
	j->items[j->nitems++] = n;
}

/* On the loop: one item into the store; fulltext: queue its page. */
static void
loop_store_item(struct parse_job *j, struct normalized *n, int fulltext,
    struct schedule_outcome *out)
{
	enum store_result	 res;
	char			*cause;

	if (store_add(j->d->store, n->hash, n->link, &n->article, n->dated,
	    n->when, &res, &cause) == -1) {
		log_warnx("%s: %s", j->name, cause);
		free(cause);
	} else if (res == STORE_NEW) {
		out->added++;
		if (fulltext)
			loop_page_add(j->d, j->name, n->article.url, n->hash,
			    &n->article, n->when);
	} else if (res == STORE_UPDATED)
		out->updated++;
}

/* Queue the page of a new article. */
static void
loop_page_add(struct daemon *d, const char *name, const char *url,
    uint64_t hash, const struct article *a, int64_t when)
{
	struct page_job	*j;
	size_t		 i;

	j = xcalloc(1, sizeof *j);
	j->d = d;
	j->name = xstrdup(name);
	j->url = xstrdup(url);
	j->hash = hash;
	j->when = when;
	for (i = 0; i < a->nbody; i++)
		j->feed_text += strlen(a->body[i]);
	d->page_queue = xreallocarray(d->page_queue, d->npage_queue + 1,
	    sizeof *d->page_queue);
	d->page_queue[d->npage_queue++] = j;
}

static void
loop_page_free(struct page_job *j)
{
	free(j->name);
	free(j->url);
	free(j);
}

/* Start queued page fetches, a few at a time, once articles are on disk. */
static void
loop_page_next(struct daemon *d)
{
	struct fetch_request	 req;
	struct page_job		*j;
	int			 committed;

	while (!d->stopping && d->npage_queue > 0 &&
	    d->pages_running < LOOP_PAGES_AT_ONCE) {
		j = d->page_queue[0];
		/*
		 * Its story replaces the article's file: wait until that is
		 * on disk (the queue is in order, so the rest waits too); an
		 * article gone meanwhile (pruned) has no page to fetch.
		 */
		if ((committed = store_committed(d->store, j->hash)) == 0)
			break;
		memmove(d->page_queue, d->page_queue + 1,
		    --d->npage_queue * sizeof *d->page_queue);
		if (committed == -1) {
			loop_page_free(j);
			continue;
		}
		memset(&req, 0, sizeof req);
		req.url = j->url;
		req.user_agent = d->conf->user_agent != NULL ?
		    d->conf->user_agent :
		    "feedd/" PACKAGE_VERSION " (feed fetcher; polite)";
		req.ca_file = d->conf->ca_file;
		req.timeout = d->conf->timeout;
		req.max_size = d->conf->max_size;
		if (fetch_start(d->pages, &req, loop_page_done, j) == NULL) {
			d->page_error++;
			loop_page_free(j);
			continue;
		}
		d->pages_running++;
	}
}

/*
 * A page came: its story replaces the feed's text when it has more.  A
 * page that fails leaves the feed's text, and is not fetched again: only
 * new articles have their page fetched.
 */
static void
loop_page_done(void *arg, const struct fetch_result *r)
{
	struct page_job		*j = arg;
	struct daemon		*d = j->d;
	struct html_text	 t = { NULL, 0 };
	struct article		 a;
	enum store_result	 res;
	const char		*cs;
	char			*charset = NULL, *cause, *e;
	size_t			 i, text = 0;

	d->pages_running--;
	if (r->error != NULL || r->status != 200) {
		d->page_error++;
		log_debug("%s: page %s: %s", j->name, j->url, r->error != NULL ?
		    r->error : "not 200");
		goto done;
	}
	d->page_ok++;
	/* The charset of the HTTP header, if it names one. */
	if (r->content_type != NULL &&
	    (cs = strcasestr(r->content_type, "charset=")) != NULL) {
		charset = xstrdup(cs + 8);
		if ((e = strpbrk(charset, " ;\"")) != NULL)
			*e = '\0';
		if (charset[0] == '"')
			memmove(charset, charset + 1, strlen(charset));
	}
	extract_story(r->body.data != NULL ? r->body.data : "", r->body.len,
	    charset, &t);
	free(charset);
	for (i = 0; i < t.n; i++)
		text += strlen(t.paras[i]);
	if (text <= j->feed_text) {
		log_debug("%s: page %s: %zu bytes of story, the feed's %zu kept",
		    j->name, j->url, text, j->feed_text);
		goto done;
	}
	if (store_read(d->store, j->hash, &a, &cause) == -1) {
		log_warnx("%s: %s", j->name, cause);
		free(cause);
		goto done;
	}
	for (i = 0; i < a.nbody; i++)
		free(a.body[i]);
	free(a.body);
	a.body = t.paras;
	a.nbody = t.n;
	t.paras = NULL;
	t.n = 0;
	if (store_add(d->store, j->hash, NULL, &a, 1, j->when, &res,
	    &cause) == -1) {
		log_warnx("%s: %s", j->name, cause);
		free(cause);
	} else if (res == STORE_UPDATED) {
		d->page_used++;
		d->written++;
		d->feed_dirty = 1;
	}
	article_free(&a);
done:
	html_text_free(&t);
	loop_page_free(j);
	loop_page_next(d);
	loop_once_check(d);
}

/* With once: stop when every source and every page is done. */
static void
loop_once_check(struct daemon *d)
{
	if (d->once && d->done >= d->conf->nsources &&
	    d->npage_queue == 0 && d->pages_running == 0)
		ev_break(d->loop, EVBREAK_ALL);
}

/* On the worker. */
static void
loop_warn_cb(void *arg, const char *msg)
{
	loop_note(arg, "%s", msg);
}

/* A feed came (HTTP 200): a worker thread makes its items. */
static void
loop_fetched(void *arg, const char *name, const struct fetch_result *r,
    void *token)
{
	struct daemon		*d = arg;
	struct parse_job	*j;

	j = xcalloc(1, sizeof *j);
	j->d = d;
	j->token = token;
	j->name = xstrdup(name);
	j->url = xstrdup(r->url);
	buf_init(&j->body, BUF_NOLIMIT);
	buf_add(&j->body, r->body.data != NULL ? r->body.data : "",
	    r->body.len);
	j->reader.body = &j->body;
	j->ctx.source = j->name;
	j->ctx.url = j->url;
	j->ctx.now = time(NULL);
	j->ttl = -1;
	workq_submit(d->parsers, loop_parse_work, loop_parse_done, j);
}

/* On the worker: parse and normalize; nothing else is touched. */
static void
loop_parse_work(void *arg)
{
	struct parse_job	*j = arg;
	struct feedparse_cb	 cb;
	char			*cause;

	memset(&cb, 0, sizeof cb);
	cb.read = loop_read_cb;
	cb.feed = loop_feed_cb;
	cb.item = loop_item_cb;
	cb.warn = loop_warn_cb;
	cb.arg = j;
	if (feedparse(j->url, &cb, &cause) == -1)
		j->error = cause;
	j->ctx.feed = NULL;	/* gone with the parser */
	buf_free(&j->body);
}

/* On the loop: store what the worker made, and tell the schedule. */
static void
loop_parse_done(void *arg)
{
	struct parse_job		*j = arg;
	struct daemon			*d = j->d;
	const struct conf_source	*cs = conf_source(d->conf, j->name);
	struct schedule_outcome		 out;
	size_t				 i;

	memset(&out, 0, sizeof out);
	out.ttl = j->ttl;
	for (i = 0; i < j->nnotes; i++) {
		log_debug("%s: %s", j->name, j->notes[i]);
		free(j->notes[i]);
	}
	free(j->notes);
	/* Items read before a document turned out broken are kept. */
	for (i = 0; i < j->nitems; i++) {
		loop_store_item(j, &j->items[i], cs != NULL && cs->fulltext,
		    &out);
		normalized_free(&j->items[i]);
	}
	free(j->items);
	if (j->error != NULL) {
		out.failed = 1;
		out.error = j->error;
	}
	d->written += (uint64_t)(out.added + out.updated);
	if (out.added > 0 || out.updated > 0) {
		log_info("%s: %ld new, %ld updated", j->name, out.added,
		    out.updated);
		d->feed_dirty = 1;
		d->added += out.added;
	}
	schedule_parsed(d->schedule, j->token, &out);
	free(j->name);
	free(j->url);
	free(j);
}

/* After every fetch: the state changed; with once, count it. */
static void
loop_after(void *arg, const char *name, int failed,
    const struct fetch_result *r)
{
	struct daemon	*d = arg;

	d->state_dirty = 1;
	if (failed)
		d->fetch_error++;
	else if (r->status == 304)
		d->fetch_304++;
	else
		d->fetch_ok++;
	d->bytes += (uint64_t)(r->bytes > 0 ? r->bytes : 0);
	if (!d->once)
		return;
	d->done++;
	if (failed) {
		d->failures = xreallocarray(d->failures, d->nfailures + 1,
		    sizeof *d->failures);
		d->failures[d->nfailures++] = xstrdup(name);
	}
	if (d->progress)
		fprintf(stderr, "\rfeedd: %zu of %zu sources, %ld new articles",
		    d->done, d->conf->nsources, d->added);
	loop_once_check(d);
}

/* http: the feed as it was last written. */
static void
loop_http_feed(void *arg, struct http_feed *f)
{
	struct daemon	*d = arg;

	if (d->feed.len == 0)
		return;
	f->data = d->feed.data;
	f->len = d->feed.len;
	f->etag = d->feed_etag;
	f->mtime = d->feed_mtime;
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

/* http: a status line; 0 when every source is failing. */
static int
loop_http_health(void *arg, struct buf *out)
{
	struct daemon	*d = arg;
	size_t		 i, failing = 0;

	for (i = 0; i < d->state.n; i++) {
		if (d->state.v[i].failures > 0)
			failing++;
	}
	buf_printf(out, "%s: %zu sources, %zu failing, %zu articles\n",
	    d->conf->nsources > 0 && failing >= d->conf->nsources ? "failing" :
	    "ok", d->conf->nsources, failing, store_count(d->store));
	return !(d->conf->nsources > 0 && failing >= d->conf->nsources);
}

/* http: Prometheus text format. */
static void
loop_http_metrics(void *arg, struct buf *out)
{
	struct daemon	*d = arg;
	size_t		 i, failing = 0;

	for (i = 0; i < d->state.n; i++) {
		if (d->state.v[i].failures > 0)
			failing++;
	}
	buf_printf(out, "# HELP feedd_fetches_total Fetches, by result.\n"
	    "# TYPE feedd_fetches_total counter\n"
	    "feedd_fetches_total{result=\"ok\"} %" PRIu64 "\n"
	    "feedd_fetches_total{result=\"not_modified\"} %" PRIu64 "\n"
	    "feedd_fetches_total{result=\"error\"} %" PRIu64 "\n",
	    d->fetch_ok, d->fetch_304, d->fetch_error);
	buf_printf(out, "# HELP feedd_articles_written_total Articles written "
	    "(new or updated).\n# TYPE feedd_articles_written_total counter\n"
	    "feedd_articles_written_total %" PRIu64 "\n", d->written);
	buf_printf(out, "# HELP feedd_bytes_fetched_total Bytes received on "
	    "the wire.\n# TYPE feedd_bytes_fetched_total counter\n"
	    "feedd_bytes_fetched_total %" PRIu64 "\n", d->bytes);
	buf_printf(out, "# HELP feedd_page_fetches_total Fetches of articles' "
	    "own pages (fulltext), by result.\n"
	    "# TYPE feedd_page_fetches_total counter\n"
	    "feedd_page_fetches_total{result=\"ok\"} %" PRIu64 "\n"
	    "feedd_page_fetches_total{result=\"error\"} %" PRIu64 "\n"
	    "feedd_page_fetches_total{result=\"used\"} %" PRIu64 "\n",
	    d->page_ok, d->page_error, d->page_used);
	buf_printf(out, "# HELP feedd_articles Articles in the collection.\n"
	    "# TYPE feedd_articles gauge\nfeedd_articles %zu\n",
	    store_count(d->store));
	buf_printf(out, "# HELP feedd_sources Sources configured.\n"
	    "# TYPE feedd_sources gauge\nfeedd_sources %zu\n",
	    d->conf->nsources);
	buf_printf(out, "# HELP feedd_sources_failing Sources whose last fetch "
	    "failed.\n# TYPE feedd_sources_failing gauge\n"
	    "feedd_sources_failing %zu\n", failing);
	buf_adds(out, "# HELP feedd_source_last_success_timestamp_seconds "
	    "The last successful fetch of each source.\n"
	    "# TYPE feedd_source_last_success_timestamp_seconds gauge\n");
	for (i = 0; i < d->state.n; i++)
		buf_printf(out, "feedd_source_last_success_timestamp_seconds"
		    "{source=\"%s\"} %lld\n", d->state.v[i].name,
		    (long long)d->state.v[i].last_success);
}

/* Write feed.atom from the index: the newest entries, read from disk. */
static int
loop_write_feed(struct daemon *d, char **cause)
{
	struct publish_settings	 ps;
	struct buf		 out, old;
	char			*why = NULL, *id = NULL, *path;
	int			 rv, same;

	memset(&ps, 0, sizeof ps);
	ps.title = d->conf->feed_title;
	ps.self = d->conf->feed_self;
	ps.author = d->conf->feed_title;
	ps.id = d->conf->feed_id != NULL ? d->conf->feed_id :
	    d->conf->feed_self;
	if (ps.id == NULL)
		ps.id = id = publish_folder_id("urn:feedd:",
		    d->conf->state_dir);
	ps.max = (size_t)d->conf->feed_entries;
	ps.item_times = 1;
	buf_init(&out, BUF_NOLIMIT);
	publish_feed(d->store, &ps, &out);
	free(id);
	/*
	 * Rewritten only when it changes: readers' caches depend on it.  What
	 * was last written is in memory; only at start is the file read.
	 */
	if (d->feed.len > 0)
		same = d->feed.len == out.len &&
		    memcmp(d->feed.data, out.data, out.len) == 0;
	else {
		path = xasprintf("%s/feed.atom", d->conf->state_dir);
		buf_init(&old, out.len + 1);
		same = file_read_at(AT_FDCWD, path, &old, &why) == 0 &&
		    old.len == out.len &&
		    memcmp(old.data, out.data, out.len) == 0;
		free(why);
		free(path);
		buf_free(&old);
	}
	rv = same ? 0 : file_write_atomic(d->conf->state_dir, "feed.atom",
	    out.data, out.len, cause);
	/* What /feed.atom serves, with a validator from its bytes. */
	if (rv == 0 && (d->feed.len != out.len || memcmp(d->feed.data,
	    out.data, out.len) != 0)) {
		publish_etag(out.data, out.len, d->feed_etag);
		d->feed_mtime = time(NULL);
		buf_reset(&d->feed);
		buf_add(&d->feed, out.data, out.len);
	}
	buf_free(&out);
	return rv;
}

/*
 * Articles, then the state, then the feed: in that order.  Here all at
 * once, on the loop's thread (at start and at exit); while running, the
 * housekeeping timer does the same through loop_commit_start, with the
 * waits on the committer's thread.
 */
static void
loop_commit(struct daemon *d)
{
	char	*cause;

	if (store_pending(d->store)) {
		if (store_commit(d->store, &cause) == -1) {
			log_warnx("%s", cause);
			free(cause);
			return;	/* the state must not run ahead */
		}
	}
	if (d->state_dirty) {
		if (state_save(d->conf->state_dir, &d->state, &cause) == -1) {
			log_warnx("%s", cause);
			free(cause);
		} else
			d->state_dirty = 0;
	}
	loop_committed(d);
}

/*
 * Seal what the store has staged and snapshot the state, both as they
 * stand now, and commit them on the committer's thread, one commit at a
 * time: the state written is never ahead of the articles written before
 * it, since every article a fetch brings is staged before the state says
 * it was fetched.
 */
static void
loop_commit_start(struct daemon *d)
{
	struct commit_job	*j;
	char			*cause = NULL;

	if (d->committing)
		return;
	if (!store_pending(d->store) && !d->state_dirty) {
		loop_committed(d);
		return;
	}
	j = xcalloc(1, sizeof *j);
	j->d = d;
	if (store_seal(d->store, &j->sealed, &cause) == -1) {
		log_warnx("%s", cause);
		free(cause);
		free(j);
		return;
	}
	buf_init(&j->state, BUF_NOLIMIT);
	if (d->state_dirty) {
		state_format(&d->state, &j->state);
		d->state_dirty = 0;
	}
	j->dir = xstrdup(d->conf->state_dir);
	d->committing = 1;
	workq_submit(d->committer, loop_commit_work, loop_commit_done, j);
}

/* On the committer's thread: touches only the job. */
static void
loop_commit_work(void *arg)
{
	struct commit_job	*j = arg;

	if (j->sealed != NULL &&
	    store_sealed_commit(j->sealed, &j->articles_error) == -1)
		return;	/* the state must not run ahead */
	if (j->state.len > 0)
		state_write(j->dir, &j->state, &j->state_error);
}

/* Back on the loop. */
static void
loop_commit_done(void *arg)
{
	struct commit_job	*j = arg;
	struct daemon		*d = j->d;

	d->committing = 0;
	if (j->sealed != NULL)
		store_sealed_finish(d->store, j->sealed,
		    j->articles_error == NULL);
	if (j->articles_error != NULL) {
		log_warnx("%s", j->articles_error);
		if (j->state.len > 0)
			d->state_dirty = 1;
	} else {
		if (j->state_error != NULL) {
			log_warnx("%s", j->state_error);
			d->state_dirty = 1;
		}
		loop_committed(d);
	}
	free(j->articles_error);
	free(j->state_error);
	free(j->dir);
	buf_free(&j->state);
	free(j);
}

/* Once articles are in place: their pages, pruning, the feed. */
static void
loop_committed(struct daemon *d)
{
	char	*cause;
	size_t	 pruned;

	loop_page_next(d);
	if (store_count(d->store) > (size_t)d->conf->keep) {
		if (store_prune(d->store, (size_t)d->conf->keep, &pruned,
		    &cause) == -1) {
			log_warnx("%s", cause);
			free(cause);
		}
		if (pruned > 0) {
			log_info("pruned %zu old articles (keep = %lld)", pruned,
			    (long long)d->conf->keep);
			d->feed_dirty = 1;
		}
	}
	if (d->feed_dirty) {
		if (loop_write_feed(d, &cause) == -1) {
			log_warnx("%s", cause);
			free(cause);
		} else
			d->feed_dirty = 0;
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

static void
loop_housekeeping_cb(struct ev_loop *loop, ev_timer *w, int revents)
{
	struct daemon	*d = w->data;
	int		 changed = d->state_dirty;

	loop_commit_start(d);
	if (changed && !d->once)
		loop_status(d);
	if (ev_now(loop) - d->index_saved >= LOOP_INDEX_EVERY)
		loop_save_index(d);
}

/* Forget the state of sources that are not in the configuration. */
static void
loop_forget_removed(struct daemon *d)
{
	size_t	i = 0;

	while (i < d->state.n) {
		if (conf_source(d->conf, d->state.v[i].name) == NULL)
			state_remove(&d->state, d->state.v[i].name);
		else
			i++;
	}
}

static void
loop_signal_cb(struct ev_loop *loop, ev_signal *w, int revents)
{
	struct daemon	*d = w->data;
	struct conf	*c;
	char		*cause;

	if (w->signum == SIGHUP) {
		loop_notify("RELOADING=1");
		if ((c = conf_load(d->path, &cause)) == NULL) {
			log_warnx("%s; the running configuration is kept",
			    cause);
			free(cause);
			loop_notify("READY=1");
			return;
		}
		if (strcmp(c->state_dir, d->conf->state_dir) != 0)
			log_warnx("%s: state_dir cannot change while running; "
			    "restart feedd for it", d->path);
		if ((c->listen == NULL) != (d->conf->listen == NULL) ||
		    (c->listen != NULL && strcmp(c->listen,
		    d->conf->listen) != 0))
			log_warnx("%s: listen cannot change while running; "
			    "restart feedd for it", d->path);
		free(c->state_dir);
		c->state_dir = xstrdup(d->conf->state_dir);
		conf_free(d->conf);
		d->conf = c;
		schedule_apply(d->schedule, c, 0);
		d->state_dirty = d->feed_dirty = 1;
		log_info("%s: reloaded, %zu sources", d->path, c->nsources);
		loop_notify("READY=1");
		loop_status(d);
		return;
	}
	log_info("stopping");
	loop_notify("STOPPING=1");
	schedule_stop(d->schedule);
	ev_break(loop, EVBREAK_ALL);
}

/* The folders, the state and the collection. */
static int
loop_prepare(struct daemon *d, struct conf *c, char **cause)
{
	d->conf = c;
	if (mkdir(c->state_dir, 0755) == -1 && errno != EEXIST) {
		*cause = xasprintf("%s: %s", c->state_dir, strerror(errno));
		return -1;
	}
	d->articles = xasprintf("%s/articles", c->state_dir);
	if (mkdir(d->articles, 0755) == -1 && errno != EEXIST) {
		*cause = xasprintf("%s: %s", d->articles, strerror(errno));
		return -1;
	}
	if (state_load(c->state_dir, &d->state, cause) == -1)
		return -1;
	if ((d->store = store_open(d->articles, 0, cause)) == NULL)
		return -1;
	return 0;
}

/* Run the daemon, or one round of fetches. */
int
loop_run(const char *path, struct conf *c, int once)
{
	struct daemon	 d;
	char		*cause;
	size_t		 i;
	int		 rv = 0;

	memset(&d, 0, sizeof d);
	d.path = path;
	d.once = once;
	d.progress = once && isatty(STDERR_FILENO);
	if (loop_prepare(&d, c, &cause) == -1)
		fatalx("%s", cause);
	d.loop = ev_default_loop(EVFLAG_AUTO);
	d.fetcher = fetcher_new(d.loop, (long)c->max_parallel,
	    (long)c->max_per_host);
	d.schedule = schedule_new(d.loop, d.fetcher, &d.state, loop_fetched,
	    loop_after, &d);
	feedparse_init();	/* before the threads */
	d.parsers = workq_new(d.loop, workq_threads(LOOP_PARSE_THREADS));
	d.committer = workq_new(d.loop, 1);
	d.pages = fetcher_new(d.loop, LOOP_PAGES_AT_ONCE,
	    (long)c->max_per_host);
	loop_forget_removed(&d);
	ev_signal_init(&d.sigterm, loop_signal_cb, SIGTERM);
	ev_signal_init(&d.sigint, loop_signal_cb, SIGINT);
	ev_signal_init(&d.sighup, loop_signal_cb, SIGHUP);
	d.sigterm.data = d.sigint.data = d.sighup.data = &d;
	ev_signal_start(d.loop, &d.sigterm);
	ev_signal_start(d.loop, &d.sigint);
	if (!once)
		ev_signal_start(d.loop, &d.sighup);
	ev_timer_init(&d.housekeeping, loop_housekeeping_cb, LOOP_HOUSEKEEPING,
	    LOOP_HOUSEKEEPING);
	d.housekeeping.data = &d;
	ev_timer_start(d.loop, &d.housekeeping);
	d.index_saved = ev_now(d.loop);
	d.feed_dirty = 1;	/* a feed.atom from the start */
	buf_init(&d.feed, BUF_NOLIMIT);
	loop_commit(&d);	/* so that /feed.atom has it at once */
	if (!once && c->listen != NULL) {
		struct http_ops	ops = { loop_http_feed, loop_http_article,
				    loop_http_health, loop_http_metrics, &d };

		if ((d.http = http_start(d.loop, c->listen, &ops,
		    &cause)) == NULL)
			fatalx("%s: %s", path, cause);
		log_info("serving on http://%s/feed.atom", c->listen);
	}

	schedule_apply(d.schedule, d.conf, once);
	log_info("started: %zu sources, %zu articles", d.conf->nsources,
	    store_count(d.store));
	if (!once) {
#ifdef HAVE_LIBSYSTEMD
		uint64_t	usec;

		if (sd_watchdog_enabled(0, &usec) > 0) {
			ev_timer_init(&d.watchdog, loop_watchdog_cb,
			    usec / 2e6, usec / 2e6);
			ev_timer_start(d.loop, &d.watchdog);
		}
#endif
		loop_notify("READY=1");
		loop_status(&d);
	}
	if (!once || d.conf->nsources > 0)
		ev_run(d.loop, 0);
	if (d.progress)
		fputc('\n', stderr);

	schedule_stop(d.schedule);
	d.stopping = 1;
	workq_drain(d.parsers);	/* what was fetched is written */
	workq_drain(d.committer);
	loop_commit(&d);
	loop_save_index(&d);
	/* Pages not fetched yet keep the feed's text. */
	for (i = 0; i < d.npage_queue; i++)
		loop_page_free(d.page_queue[i]);
	free(d.page_queue);
	fetcher_free(d.pages);
	if (once && d.nfailures > 0) {
		for (i = 0; i < d.nfailures; i++) {
			log_warnx("%s: failed", d.failures[i]);
			free(d.failures[i]);
		}
		rv = 1;
	}
	free(d.failures);
	workq_free(d.parsers);
	workq_free(d.committer);
	http_stop(d.http);
	buf_free(&d.feed);
	schedule_free(d.schedule);
	fetcher_free(d.fetcher);
	store_close(d.store);
	state_free(&d.state);
	conf_free(d.conf);
	free(d.articles);
	ev_loop_destroy(d.loop);
	return rv;
}

/* What --explain gathers: the result, and the parse of it. */
struct explain {
	struct body_reader	 reader;	/* first: cb.arg */
	const char		*name;
	struct store		*store;
	struct normalize_ctx	 ctx;
	long			 added, updated, same, skipped;
	int			 done;
	int			 failed;
};

static void
explain_feed_cb(void *arg, const struct feed_info *info)
{
	struct explain	*e = arg;

	e->ctx.feed = info;
	printf("format: %s\n", feedparse_format_name(info->format));
	if (info->ttl > 0)
		printf("ttl: %ld minutes\n", info->ttl);
}

static void
explain_item_cb(void *arg, const struct feed_item *it)
{
	struct explain		*e = arg;
	struct normalized	 n;
	enum store_result	 res = STORE_NEW;
	const char		*what;
	char			*cause;

	printf("\nitem %zu\n", it->index + 1);
	if (normalize_item(it, &e->ctx, &n, &cause) == -1) {
		printf("  skipped: %s\n", cause);
		free(cause);
		e->skipped++;
		return;
	}
	if (e->store != NULL)
		res = store_check(e->store, n.hash, n.link, &n.article,
		    n.dated);
	what = res == STORE_NEW ? "new" : res == STORE_UPDATED ? "updated" :
	    "duplicate";
	if (res == STORE_NEW)
		e->added++;
	else if (res == STORE_UPDATED)
		e->updated++;
	else
		e->same++;
	printf("  identity: %016" PRIx64 " from its %s\n", n.hash,
	    it->id != NULL && *it->id != '\0' ? "id" : n.link != NULL ?
	    "link" : "title and date");
	if (it->id != NULL)
		printf("  id: %s\n", it->id);
	printf("  title: %s\n", n.article.title);
	printf("  url: %s\n", n.article.url);
	printf("  date: %08" PRIu32 " from %s%s%s%s\n", n.article.date,
	    n.date_from, n.dated ? " \"" : "", n.dated ?
	    (n.has_published ? it->published.raw : it->updated.raw) : "",
	    n.dated ? "\"" : "");
	if (n.bad_date != NULL)
		printf("  unreadable date: \"%s\"\n", n.bad_date);
	if (n.clamped)
		printf("  the date was in the future: made now\n");
	printf("  body: %zu paragraph%s from %s\n", n.article.nbody,
	    n.article.nbody == 1 ? "" : "s", n.body_from != NULL ?
	    n.body_from : "the title");
	printf("  would be: %s\n", what);
	normalized_free(&n);
}

static void
explain_warn_cb(void *arg, const char *msg)
{
	printf("warning: %s\n", msg);
}

static void
explain_done_cb(void *arg, const struct fetch_result *r)
{
	struct explain		*e = arg;
	struct feedparse_cb	 cb;
	char			*cause;

	e->done = 1;
	e->reader.body = &r->body;
	printf("request:\n");
	fwrite(r->headers_out.data != NULL ? r->headers_out.data : "", 1,
	    r->headers_out.len, stdout);
	printf("response:\n%s\n", r->headers_in.data != NULL ?
	    r->headers_in.data : "");
	if (r->error != NULL) {
		printf("error: %s\n", r->error);
		e->failed = 1;
		return;
	}
	printf("status: %ld; %" PRId64 " bytes on the wire, %zu decoded, "
	    "%.3f s\n", r->status, r->bytes, r->body.len, r->seconds);
	if (r->moved_to != NULL)
		printf("moved permanently to: %s\n", r->moved_to);
	if (r->status == 304) {
		printf("not modified: nothing to parse\n");
		return;
	}
	if (r->status != 200) {
		e->failed = 1;
		return;
	}
	memset(&cb, 0, sizeof cb);
	cb.read = loop_read_cb;
	cb.feed = explain_feed_cb;
	cb.item = explain_item_cb;
	cb.warn = explain_warn_cb;
	cb.arg = e;
	e->ctx.url = r->url;
	if (feedparse(r->url, &cb, &cause) == -1) {
		printf("error: %s\n", cause);
		free(cause);
		e->failed = 1;
		return;
	}
	printf("\n%ld new, %ld updated, %ld duplicates, %ld skipped\n",
	    e->added, e->updated, e->same, e->skipped);
}

/* Fetch one source now and say what happened, writing nothing. */
int
loop_explain(struct conf *c, const char *name)
{
	const struct conf_source	*cs;
	struct source_state		*st = NULL;
	struct state			 state;
	struct explain			 e;
	struct fetch_request		 req;
	struct ev_loop			*loop;
	struct fetcher			*fetcher;
	char				*articles, *cause;
	size_t				 i;

	if ((cs = conf_source(c, name)) == NULL) {
		log_errx("%s: no source \"%s\"", c->path, name);
		conf_free(c);
		return 1;
	}
	memset(&e, 0, sizeof e);
	e.name = name;
	e.ctx.source = name;
	e.ctx.now = time(NULL);
	memset(&state, 0, sizeof state);
	if (state_load(c->state_dir, &state, &cause) == -1) {
		log_warnx("%s", cause);
		free(cause);
	}
	for (i = 0; i < state.n; i++) {
		if (strcmp(state.v[i].name, name) == 0 &&
		    state.v[i].conf_url != NULL &&
		    strcmp(state.v[i].conf_url, cs->url) == 0)
			st = &state.v[i];
	}
	articles = xasprintf("%s/articles", c->state_dir);
	if ((e.store = store_open(articles, STORE_READONLY, &cause)) == NULL)
		free(cause);	/* no collection yet: everything is new */

	memset(&req, 0, sizeof req);
	req.url = st != NULL && st->url != NULL ? st->url : cs->url;
	req.etag = st != NULL ? st->etag : NULL;
	req.last_modified = st != NULL ? st->last_modified : NULL;
	req.user_agent = cs->user_agent != NULL ? cs->user_agent :
	    c->user_agent != NULL ? c->user_agent :
	    "feedd/" PACKAGE_VERSION " (feed fetcher; polite)";
	req.ca_file = c->ca_file;
	req.timeout = c->timeout;
	req.max_size = c->max_size;
	req.verbose = 1;
	printf("source: %s\nurl: %s\n", name, req.url);
	if (st != NULL && st->failures > 0)
		printf("failures in a row: %lld (last: %s)\n",
		    (long long)st->failures, st->last_error != NULL ?
		    st->last_error : "?");

	loop = ev_default_loop(EVFLAG_AUTO);
	fetcher = fetcher_new(loop, 1, 1);
	if (fetch_start(fetcher, &req, explain_done_cb, &e) == NULL)
		fatalx("%s: cannot start the fetch", name);
	while (!e.done)
		ev_run(loop, EVRUN_ONCE);
	fetcher_free(fetcher);
	ev_loop_destroy(loop);
	store_close(e.store);
	state_free(&state);
	free(articles);
	conf_free(c);
	return e.failed;
}
