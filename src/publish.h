/* SPDX-License-Identifier: ISC */
/*
 * publish: the Atom feed of a collection, the one feed writer that the
 * daemon and feedd-atom share: the newest committed articles of a store,
 * read one at a time from its folder and written as Atom (atom), with the
 * validator that is served beside the bytes.
 */
#ifndef FEEDD_PUBLISH_H
#define FEEDD_PUBLISH_H

#include <stddef.h>
#include <stdint.h>

#include "atom.h"
#include "store.h"

struct buf;

struct publish_settings {
	struct atom_feed feed;		/* title, id, self, author */
	size_t		 max;		/* entries at most */
	/*
	 * Each entry's updated is its file's time (the item's own, as the
	 * store sets it) when that falls on the article's day.
	 */
	int		 item_times;
	/*
	 * Which articles: the max newest by order (STORE_BY_ARRIVAL: those
	 * seen last, so that every new article reaches subscribers) that
	 * filter (or NULL: all) takes.
	 */
	enum store_order order;
	const struct store_filter *filter;
	/*
	 * Entries that are no articles, first (a source failing for long:
	 * feedfile), or none.
	 */
	const struct atom_entry *notices;
	size_t		 nnotices;
};

/* Room for a quoted ETag of 16 hex digits and the terminator. */
#define PUBLISH_ETAG_SIZE	24

/*
 * Append the feed of the newest committed articles of st to out, newest
 * first, each with what the journal says of it (its source, authors,
 * categories, enclosures, published time).  An article that cannot be
 * read is left out with a warning that names its file.  Returns how many
 * entries the feed has.
 */
size_t	publish_feed(struct store *st, const struct publish_settings *,
	    struct buf *out);
/* The validator of a feed's bytes: a quoted hash of them. */
void	publish_etag(const void *data, size_t len,
	    char out[PUBLISH_ETAG_SIZE]);
/*
 * The id of the feed of one source or tag (kind "sources" or "tags") of
 * the feed whose id is id; the caller frees it.
 */
char	*publish_view_id(const char *id, const char *kind, const char *name);
/*
 * A permanent id for a feed that has none configured: prefix and 16 hex
 * digits of a hash of the folder's path.  The caller frees it.
 */
char	*publish_folder_id(const char *prefix, const char *path);

#endif
