/* SPDX-License-Identifier: ISC */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "article.h"
#include "atom.h"
#include "buf.h"
#include "date.h"
#include "log.h"
#include "publish.h"
#include "sha256.h"
#include "store.h"
#include "xmalloc.h"

/*
 * Entries are written as each article is read, so memory holds one article
 * and the feed's bytes, however many entries.  The feed's updated time is
 * the newest entry's, known only at the end: the head goes in front then.
 */

size_t
publish_feed(struct store *st, const struct publish_settings *ps,
    struct buf *out)
{
	struct store_entry	*e;
	struct atom_entry	 entry;
	struct article		 a;
	struct buf		 entries;
	char			*cause;
	int64_t			 updated, t;
	size_t			 n, i, k = 0;

	/* An empty collection: the feed is as old as the folder. */
	updated = store_folder_mtime(st);
	e = xcalloc(ps->max > 0 ? ps->max : 1, sizeof *e);
	n = store_newest(st, e, ps->max);
	buf_init(&entries, BUF_NOLIMIT);
	for (i = 0; i < n; i++) {
		if (store_read(st, e[i].hash, &a, &cause) == -1) {
			log_warnx("%s", cause);
			free(cause);
			continue;
		}
		memset(&entry, 0, sizeof entry);
		entry.article = &a;
		entry.hash = e[i].hash;
		if (ps->item_times && date_yyyymmdd(e[i].time) == a.date)
			entry.updated = e[i].time;
		t = atom_entry_updated(&entry);
		if (k++ == 0 || t > updated)
			updated = t;
		atom_write_entry(&entries, &entry);
		article_free(&a);
	}
	atom_write_head(out, &ps->feed, updated);
	buf_add(out, entries.data != NULL ? entries.data : "", entries.len);
	atom_write_tail(out);
	buf_free(&entries);
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
