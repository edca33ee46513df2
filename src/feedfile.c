/* SPDX-License-Identifier: ISC */
#include <fcntl.h>
#include <stdlib.h>
#include <string.h>
#include <time.h>

#include "buf.h"
#include "conf.h"
#include "feedfile.h"
#include "fileio.h"
#include "http.h"
#include "publish.h"
#include "xmalloc.h"

struct feedfile {
	struct buf	 bytes;		/* as served; empty before the first */
	char		 etag[PUBLISH_ETAG_SIZE];
	int64_t		 mtime;
	int		 unwritten;	/* bytes served, not in the file */
};

struct feedfile *
feedfile_new(void)
{
	struct feedfile	*ff;

	ff = xcalloc(1, sizeof *ff);
	buf_init(&ff->bytes, BUF_NOLIMIT);
	return ff;
}

void
feedfile_free(struct feedfile *ff)
{
	if (ff == NULL)
		return;
	buf_free(&ff->bytes);
	free(ff);
}

/* Whether out is what the file holds: in memory, or read at the start. */
static int
feedfile_same(const struct feedfile *ff, const char *dir,
    const struct buf *out)
{
	struct buf	 old;
	char		*path, *why = NULL;
	int		 same;

	if (ff->unwritten)
		return 0;
	if (ff->bytes.len > 0)
		return ff->bytes.len == out->len &&
		    memcmp(ff->bytes.data, out->data, out->len) == 0;
	path = xasprintf("%s/feed.atom", dir);
	buf_init(&old, out->len + 1);
	same = file_read_at(AT_FDCWD, path, &old, &why) == 0 &&
	    old.len == out->len && memcmp(old.data, out->data, out->len) == 0;
	free(why);
	free(path);
	buf_free(&old);
	return same;
}

int
feedfile_update(struct feedfile *ff, struct store *st, const struct conf *c,
    char **cause)
{
	struct publish_settings	 ps;
	struct buf		 out;
	char			*id = NULL;
	int			 rv = 0;

	memset(&ps, 0, sizeof ps);
	ps.feed.title = c->feed_title;
	ps.feed.self = c->feed_self;
	ps.feed.author = c->feed_title;
	ps.feed.id = c->feed_id != NULL ? c->feed_id : c->feed_self;
	if (ps.feed.id == NULL)
		ps.feed.id = id = publish_folder_id("urn:feedd:", c->state_dir);
	ps.max = (size_t)c->feed_entries;
	ps.item_times = 1;
	/* The articles seen last: every new one reaches subscribers. */
	ps.order = STORE_BY_ARRIVAL;
	buf_init(&out, BUF_NOLIMIT);
	publish_feed(st, &ps, &out);
	free(id);
	if (!feedfile_same(ff, c->state_dir, &out))
		rv = file_write_atomic(c->state_dir, "feed.atom", out.data,
		    out.len, cause);
	ff->unwritten = rv == -1;
	/*
	 * What /feed.atom serves, with a validator from its bytes: the feed
	 * of what is committed, even when the file could not be written.
	 */
	if (ff->bytes.len != out.len ||
	    memcmp(ff->bytes.data, out.data, out.len) != 0) {
		publish_etag(out.data, out.len, ff->etag);
		ff->mtime = time(NULL);
		buf_free(&ff->bytes);
		ff->bytes = out;
		return rv;
	}
	buf_free(&out);
	return rv;
}

void
feedfile_served(const struct feedfile *ff, struct http_feed *f)
{
	if (ff->bytes.len == 0)
		return;
	f->data = ff->bytes.data;
	f->len = ff->bytes.len;
	f->etag = ff->etag;
	f->mtime = ff->mtime;
}
