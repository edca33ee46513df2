/* SPDX-License-Identifier: ISC */
/*
 * ingest: the one path from a feed document to articles, shared by the
 * daemon's workers, --explain and feedd-parse: feedparse reads the
 * document, normalize makes each item an article with its identity.
 * Pure: the bytes come from a buffer or the caller's read callback, and
 * what is made goes to the caller's callbacks.
 */
#ifndef FEEDD_INGEST_H
#define FEEDD_INGEST_H

#include <stddef.h>
#include <stdint.h>
#include <sys/types.h>

struct feed_info;
struct feed_item;
struct normalized;

struct ingest_cb {
	/* The bytes (as feedparse reads them); NULL with ingest_buffer. */
	ssize_t	(*read)(void *arg, char *buf, size_t len);
	/* The feed, once (feedparse's rule); may be NULL. */
	void	(*feed)(void *arg, const struct feed_info *);
	/*
	 * Each item that is an article, in document order; n is the
	 * callee's to keep or to free (normalized_free).  Its date_from,
	 * bad_date and body_from point into the item, valid during the call.
	 */
	void	(*item)(void *arg, const struct feed_item *,
		    struct normalized *n);
	/* An item that cannot be an article, and why. */
	void	(*skipped)(void *arg, const struct feed_item *,
		    const char *cause);
	/* Something was wrong with the document but parsing went on. */
	void	(*warn)(void *arg, const char *msg);
	void	 *arg;
};

/* Where the document came from. */
struct ingest_source {
	const char	*name;		/* the source's name, or "" */
	const char	*url;		/* the document's URL, or NULL */
	int64_t		 now;		/* when its items are seen */
	long		 max_items;	/* items made at most; 0: all */
};

/*
 * Read a document through cb->read.  Returns the number of items (those
 * past max_items included: they are read, not made), or -1
 * with *cause (the caller frees it) when the input holds no feed; items
 * read before a document turned out broken have been given all the same.
 */
long	ingest(const struct ingest_source *, const struct ingest_cb *,
	    char **cause);
/* The same over a document in memory (cb->read is not used). */
long	ingest_buffer(const char *data, size_t len,
	    const struct ingest_source *, const struct ingest_cb *,
	    char **cause);

#endif
