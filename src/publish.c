/* SPDX-License-Identifier: ISC */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <strings.h>

#include "article.h"
#include "atom.h"
#include "buf.h"
#include "date.h"
#include "log.h"
#include "meta.h"
#include "publish.h"
#include "sha256.h"
#include "store.h"
#include "xmalloc.h"

/*
 * Entries are written as each article is read, so memory holds one article
 * and the feed's bytes, however many entries.  The feed's updated time,
 * the newest entry's, is known from the index before any file is read.
 */

/* When the entry of e (with its article's date) was last updated. */
static int64_t
publish_updated(const struct publish_settings *ps,
    const struct store_entry *e)
{
	if (ps->item_times && date_yyyymmdd(e->time) == e->date)
		return e->time;
	return article_date_time(e->date);
}

/* One entry: article a of e, with what the journal says of it. */
static void
publish_entry(struct store *st, const struct publish_settings *ps,
    const struct store_entry *e, const struct article *a, struct buf *out)
{
	struct atom_entry	 entry;
	struct meta_entry	 m;
	char			*cause;
	int			 have;

	memset(&entry, 0, sizeof entry);
	entry.article = a;
	entry.hash = e->hash;
	entry.updated = publish_updated(ps, e);
	/* Without its record an entry is still published, as it was. */
	if (!(have = store_meta(st, e->hash, &m, &cause) == 0)) {
		log_warnx("%s", cause);
		free(cause);
	} else
		entry.meta = &m;
	entry.source = e->source;
	/* The source feed as feedd last saw it change: with this entry. */
	entry.source_updated = e->seen;
	if (e->source != NULL && *e->source != '\0')
		entry.source_info = store_source_info(st, e->source);
	atom_write_entry(out, &entry);
	if (have)
		meta_entry_free(&m);
}

size_t
publish_feed(struct store *st, const struct publish_settings *ps,
    struct buf *out)
{
	struct store_entry	*e;
	struct article		 a;
	int64_t			 updated;
	size_t			 n, i, k = 0;
	char			*cause;

	e = xcalloc(ps->max > 0 ? ps->max : 1, sizeof *e);
	n = store_select(st, ps->order, ps->filter, e, ps->max);
	/* An empty collection: the feed is as old as the folder. */
	updated = n > 0 ? publish_updated(ps, &e[0]) : store_folder_mtime(st);
	for (i = 1; i < n; i++) {
		if (publish_updated(ps, &e[i]) > updated)
			updated = publish_updated(ps, &e[i]);
	}
	for (i = 0; i < ps->nnotices; i++) {
		if (ps->notices[i].updated > updated)
			updated = ps->notices[i].updated;
	}
	atom_write_head(out, &ps->feed, updated);
	for (i = 0; i < ps->nnotices; i++)
		atom_write_entry(out, &ps->notices[i]);
	for (i = 0; i < n; i++) {
		if (store_read(st, e[i].hash, &a, &cause) == -1) {
			log_warnx("%s", cause);
			free(cause);
			continue;
		}
		publish_entry(st, ps, &e[i], &a, out);
		article_free(&a);
		k++;
	}
	atom_write_tail(out);
	free(e);
	return k;
}

void
publish_etag(const void *data, size_t len, char out[PUBLISH_ETAG_SIZE])
{
	struct sha256	ctx;
	uint8_t		d[SHA256_DIGEST_LEN];
	char		hex[17];

	sha256_init(&ctx);
	sha256_update(&ctx, data, len);
	sha256_final(&ctx, d);
	sha256_hex(d, 8, hex);
	snprintf(out, PUBLISH_ETAG_SIZE, "\"%s\"", hex);
}

char *
publish_folder_id(const char *prefix, const char *path)
{
	struct sha256	ctx;
	uint8_t		d[SHA256_DIGEST_LEN];
	char		hex[17];

	sha256_init(&ctx);
	sha256_update(&ctx, "feedd-folder", 13);	/* with its NUL */
	sha256_update(&ctx, path, strlen(path));
	sha256_final(&ctx, d);
	sha256_hex(d, 8, hex);
	return xasprintf("%s%s", prefix, hex);
}

char *
publish_view_id(const char *id, const char *kind, const char *name)
{
	/* A URN's parts are ':'-separated; any other IRI takes a path. */
	if (strncasecmp(id, "urn:", 4) == 0)
		return xasprintf("%s:%s:%s", id, kind, name);
	return xasprintf("%s/%s/%s", id, kind, name);
}
