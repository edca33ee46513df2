/* SPDX-License-Identifier: ISC */
#include <stdarg.h>
#include <stdlib.h>
#include <string.h>
#include <time.h>

#include <ev.h>

#include "buf.h"
#include "feedparse.h"
#include "fetch.h"
#include "ingest.h"
#include "intake.h"
#include "log.h"
#include "meta.h"
#include "normalize.h"
#include "schedule.h"
#include "store.h"
#include "workq.h"
#include "xmalloc.h"

#define INTAKE_THREADS		4	/* at most, one per processor */
#define INTAKE_NOTES_MAX	32	/* debug lines kept per feed */
/*
 * A feed of many items is stored in slices, a turn of the loop each, so
 * that the loop (fetches, timers, HTTP) is never held long by one feed:
 * at most INTAKE_SLICE items, and no more once INTAKE_SLICE_TIME seconds
 * have gone (each item is a file created, whose cost the disk decides).
 */
#define INTAKE_SLICE		128
#define INTAKE_SLICE_TIME	0.010

struct intake_job;

struct intake {
	struct ev_loop		*loop;
	struct store		*store;
	struct schedule		*schedule;
	struct workq		*workers;
	struct intake_ops	 ops;
	/* Parsed, being stored, in the order they were parsed. */
	struct intake_job	*first, *last;
	ev_timer		 slice;
};

/* One feed: the worker fills the second half, the loop reads it. */
struct intake_job {
	struct intake		*in;
	void			*token;		/* for schedule_parsed */
	char			*name;
	char			*url;
	struct buf		 body;
	int64_t			 now;
	int			 pages;		/* fulltext */
	long			 max_items, nread;
	long			 keep, beyond;	/* items past keep, not stored */
	long			 dropped;	/* by the filters */
	struct normalized	*items;
	size_t			 nitems;
	int64_t			 ttl;
	char			*error;		/* not a feed */
	struct meta_source	 info;		/* what the feed says of itself */
	char			**notes;	/* for the debug log */
	size_t			 nnotes;
	/* On the loop: how far the storing went, and what it came to. */
	struct intake_job	*next;
	size_t			 stored;
	struct schedule_outcome	 out;
};

static void	intake_slice_cb(struct ev_loop *, ev_timer *, int);

struct intake *
intake_new(struct ev_loop *loop, struct store *store,
    struct schedule *schedule, const struct intake_ops *ops)
{
	struct intake	*in;

	feedparse_init();	/* before the threads */
	in = xcalloc(1, sizeof *in);
	in->store = store;
	in->schedule = schedule;
	in->ops = *ops;
	in->loop = loop;
	in->workers = workq_new(loop, workq_threads(INTAKE_THREADS));
	ev_timer_init(&in->slice, intake_slice_cb, 0., 0.);
	in->slice.data = in;
	return in;
}

void
intake_free(struct intake *in)
{
	if (in == NULL)
		return;
	intake_drain(in);
	workq_free(in->workers);
	free(in);
}

void
intake_drain(struct intake *in)
{
	workq_drain(in->workers);
	ev_timer_stop(in->loop, &in->slice);
	while (in->first != NULL)
		intake_slice_cb(in->loop, &in->slice, 0);
	ev_timer_stop(in->loop, &in->slice);
}

/* On the worker: keep a line for the debug log, up to a few. */
static void
intake_note(struct intake_job *j, const char *fmt, ...)
    __attribute__((format(printf, 2, 3)));
static void
intake_note(struct intake_job *j, const char *fmt, ...)
{
	va_list	 ap;

	if (j->nnotes >= INTAKE_NOTES_MAX)
		return;
	j->notes = xreallocarray(j->notes, j->nnotes + 1, sizeof *j->notes);
	va_start(ap, fmt);
	j->notes[j->nnotes++] = xvasprintf(fmt, ap);
	va_end(ap);
}

/* On the worker. */
static void
intake_feed_cb(void *arg, const struct feed_info *info)
{
	struct intake_job	*j = arg;

	if (info->ttl > 0)
		j->ttl = info->ttl * 60;
	j->info.title = normalize_plain(info->title);
	j->info.link = normalize_web_url(info->link);
	j->info.id = normalize_plain(info->id);
}

/* On the worker: each item, kept for the loop to store. */
static void
intake_item_cb(void *arg, const struct feed_item *it, struct normalized *n)
{
	struct intake_job	*j = arg;

	/* These point into the item, which is gone after this call. */
	n->bad_date = n->date_from = n->body_from = NULL;
	j->items = xreallocarray(j->items, j->nitems + 1, sizeof *j->items);
	j->items[j->nitems++] = *n;
}

static void
intake_skipped_cb(void *arg, const struct feed_item *it, const char *cause)
{
	intake_note(arg, "item %zu skipped: %s", it->index + 1, cause);
}

static void
intake_warn_cb(void *arg, const char *msg)
{
	intake_note(arg, "%s", msg);
}

/* An item's place in the order of newness. */
struct intake_rank {
	int64_t	when;
	size_t	i;
};

/* Newest first: by the item's time, then first in the document. */
static int
intake_cmp_rank(const void *pa, const void *pb)
{
	const struct intake_rank	*a = pa, *b = pb;

	if (a->when != b->when)
		return a->when < b->when ? 1 : -1;
	return a->i < b->i ? -1 : a->i > b->i;
}

/*
 * On the worker: only the keep newest items of a document are stored,
 * in the document's order.  The rest would be pruned at once, and then
 * come back as new at the next fetch, and the next.
 */
static void
intake_window(struct intake_job *j)
{
	struct intake_rank	*r;
	unsigned char		*kept;
	size_t			 i, k = 0;

	if (j->keep <= 0 || j->nitems <= (size_t)j->keep)
		return;
	r = xcalloc(j->nitems, sizeof *r);
	kept = xcalloc(j->nitems, 1);
	for (i = 0; i < j->nitems; i++) {
		r[i].when = j->items[i].when;
		r[i].i = i;
	}
	qsort(r, j->nitems, sizeof *r, intake_cmp_rank);
	for (i = 0; i < (size_t)j->keep; i++)
		kept[r[i].i] = 1;
	for (i = 0; i < j->nitems; i++) {
		if (kept[i])
			j->items[k++] = j->items[i];
		else
			normalized_free(&j->items[i]);
	}
	j->beyond = (long)(j->nitems - k);
	j->nitems = k;
	free(kept);
	free(r);
}

/* On the worker: parse and normalize; nothing else is touched. */
static void
intake_work(void *arg)
{
	struct intake_job		*j = arg;
	const struct ingest_source	 src = { j->name, j->url, j->now,
					    j->max_items };
	const struct ingest_cb		 cb = { .feed = intake_feed_cb,
					    .item = intake_item_cb,
					    .skipped = intake_skipped_cb,
					    .warn = intake_warn_cb, .arg = j };
	char				*cause;

	if ((j->nread = ingest_buffer(j->body.data, j->body.len, &src, &cb,
	    &cause)) == -1)
		j->error = cause;
	buf_free(&j->body);
	intake_window(j);
}

/* On the loop: one item into the store. */
static void
intake_store(struct intake_job *j, struct normalized *n,
    struct schedule_outcome *out)
{
	struct intake		*in = j->in;
	struct store_item	 it;
	enum store_result	 res;
	char			*cause;

	if (!in->ops.keep(in->ops.arg, j->name, n)) {
		j->dropped++;
		return;
	}
	store_item_of(&it, n, j->name);
	if (store_add(in->store, &it, &res, &cause) == -1) {
		/* Said by the schedule and the daemon's faults, not here. */
		if (out->unstored++ == 0)
			out->store_error = cause;
		else
			free(cause);
		return;
	}
	if (res == STORE_NEW) {
		out->added++;
		if (j->pages)
			in->ops.page(in->ops.arg, j->name, n);
	} else if (res == STORE_UPDATED)
		out->updated++;
}

/* On the loop: the feed's items are all staged: tell the schedule. */
static void
intake_finish(struct intake_job *j)
{
	struct intake			*in = j->in;
	struct schedule_outcome		*out = &j->out;

	free(j->items);
	if (j->error != NULL) {
		out->failed = 1;
		out->error = j->error;
	} else {
		/* For <source> in published feeds. */
		j->info.name = j->name;
		j->info.url = j->url;
		store_set_source_info(in->store, &j->info);
		j->info.name = j->info.url = NULL;
	}
	meta_source_free(&j->info);
	if (j->nread > j->max_items)
		log_warnx("%s: %ld items, of which the first %ld were read "
		    "(max_items)", j->name, j->nread, j->max_items);
	if (out->added > 0 || out->updated > 0)
		log_info("%s: %ld new, %ld updated", j->name, out->added,
		    out->updated);
	if (j->beyond > 0)
		log_debug("%s: %ld older items passed over (keep = %ld)",
		    j->name, j->beyond, j->keep);
	in->ops.parsed(in->ops.arg, j->name, out->added, out->updated,
	    j->dropped, out->store_error);
	schedule_parsed(in->schedule, j->token, out);
	free(j->name);
	free(j->url);
	free(j);
}

/* On the loop: a slice of the first feed's items into the store. */
static void
intake_slice_cb(struct ev_loop *loop, ev_timer *w, int revents)
{
	struct intake		*in = w->data;
	struct intake_job	*j = in->first;
	size_t			 start, end;
	ev_tstamp		 until = ev_time() + INTAKE_SLICE_TIME;

	if (j == NULL)
		return;
	/* Items read before a document turned out broken are kept. */
	start = j->stored;
	end = start + INTAKE_SLICE < j->nitems ? start + INTAKE_SLICE :
	    j->nitems;
	for (; j->stored < end; j->stored++) {
		/* Draining (revents 0) waits for no turn of the loop. */
		if (j->stored > start && revents != 0 && ev_time() > until)
			break;
		intake_store(j, &j->items[j->stored], &j->out);
		normalized_free(&j->items[j->stored]);
	}
	if (j->stored == j->nitems) {
		if ((in->first = j->next) == NULL)
			in->last = NULL;
		intake_finish(j);
	}
	if (in->first != NULL) {
		ev_timer_set(&in->slice, 0., 0.);
		ev_timer_start(loop, &in->slice);
	}
}

/* On the loop: what the worker made waits its turn to be stored. */
static void
intake_done(void *arg)
{
	struct intake_job	*j = arg;
	struct intake		*in = j->in;
	size_t			 i;

	for (i = 0; i < j->nnotes; i++) {
		log_debug("%s: %s", j->name, j->notes[i]);
		free(j->notes[i]);
	}
	free(j->notes);
	j->out.ttl = j->ttl;
	if (in->last != NULL)
		in->last->next = j;
	else
		in->first = j;
	in->last = j;
	if (!ev_is_active(&in->slice)) {
		ev_timer_set(&in->slice, 0., 0.);
		ev_timer_start(in->loop, &in->slice);
	}
}

void
intake_submit(struct intake *in, const char *name,
    const struct fetch_result *r, void *token, int pages, long max_items,
    long keep)
{
	struct intake_job	*j;

	j = xcalloc(1, sizeof *j);
	j->in = in;
	j->token = token;
	j->name = xstrdup(name);
	j->url = xstrdup(r->url);
	buf_init(&j->body, BUF_NOLIMIT);
	buf_add(&j->body, r->body.data != NULL ? r->body.data : "",
	    r->body.len);
	j->now = time(NULL);
	j->pages = pages;
	j->max_items = max_items;
	j->keep = keep;
	j->ttl = -1;
	workq_submit(in->workers, intake_work, intake_done, j);
}
