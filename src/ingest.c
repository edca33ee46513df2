/* SPDX-License-Identifier: ISC */
#include <stdlib.h>
#include <string.h>

#include "feedparse.h"
#include "ingest.h"
#include "normalize.h"

/* One document on its way: feedparse's callbacks land here. */
struct ingest_run {
	const struct ingest_cb	*cb;
	struct normalize_ctx	 ctx;
	long			 max_items, made;
	const char		*data;		/* with ingest_buffer */
	size_t			 len, off;
};

static ssize_t
ingest_read_buffer(void *arg, char *buf, size_t len)
{
	struct ingest_run	*r = arg;
	size_t			 n = r->len - r->off;

	if (n > len)
		n = len;
	if (n > 0)
		memcpy(buf, r->data + r->off, n);
	r->off += n;
	return (ssize_t)n;
}

static ssize_t
ingest_read(void *arg, char *buf, size_t len)
{
	struct ingest_run	*r = arg;

	return r->cb->read(r->cb->arg, buf, len);
}

static void
ingest_feed(void *arg, const struct feed_info *info)
{
	struct ingest_run	*r = arg;

	r->ctx.feed = info;
	if (r->cb->feed != NULL)
		r->cb->feed(r->cb->arg, info);
}

static void
ingest_item(void *arg, const struct feed_item *it)
{
	struct ingest_run	*r = arg;
	struct normalized	 n;
	char			*cause;

	/* Past the cap an item costs its parse alone. */
	if (r->max_items > 0 && r->made++ >= r->max_items)
		return;
	if (normalize_item(it, &r->ctx, &n, &cause) == -1) {
		if (r->cb->skipped != NULL)
			r->cb->skipped(r->cb->arg, it, cause);
		free(cause);
		return;
	}
	r->cb->item(r->cb->arg, it, &n);
}

static void
ingest_warn(void *arg, const char *msg)
{
	struct ingest_run	*r = arg;

	if (r->cb->warn != NULL)
		r->cb->warn(r->cb->arg, msg);
}

static long
ingest_run(struct ingest_run *r, const struct ingest_source *src,
    ssize_t (*read)(void *, char *, size_t), char **cause)
{
	struct feedparse_cb	fcb;

	r->ctx.source = src->name != NULL ? src->name : "";
	r->ctx.url = src->url;
	r->ctx.now = src->now;
	r->max_items = src->max_items;
	memset(&fcb, 0, sizeof fcb);
	fcb.read = read;
	fcb.feed = ingest_feed;
	fcb.item = ingest_item;
	fcb.warn = ingest_warn;
	fcb.arg = r;
	return feedparse(src->url, &fcb, cause);
}

long
ingest(const struct ingest_source *src, const struct ingest_cb *cb,
    char **cause)
{
	struct ingest_run	r;

	memset(&r, 0, sizeof r);
	r.cb = cb;
	return ingest_run(&r, src, ingest_read, cause);
}

long
ingest_buffer(const char *data, size_t len, const struct ingest_source *src,
    const struct ingest_cb *cb, char **cause)
{
	struct ingest_run	r;

	memset(&r, 0, sizeof r);
	r.cb = cb;
	r.data = data != NULL ? data : "";
	r.len = len;
	return ingest_run(&r, src, ingest_read_buffer, cause);
}
