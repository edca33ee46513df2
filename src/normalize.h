/* SPDX-License-Identifier: ISC */
/*
 * normalize: a feed's item to an article (feedd-article(5)): the title as
 * one line of plain text, the date in UTC, an absolute URL, and the
 * fullest of the item's contents as paragraphs.  Pure.
 */
#ifndef FEEDD_NORMALIZE_H
#define FEEDD_NORMALIZE_H

#include <stdint.h>

#include "article.h"
#include "feedparse.h"

struct normalize_ctx {
	const char		*source;	/* the source's name, or "" */
	const char		*url;		/* the document's URL, or NULL */
	const struct feed_info	*feed;		/* or NULL */
	int64_t			 now;		/* when the item is seen */
};

struct normalized {
	struct article	 article;	/* owned */
	uint64_t	 hash;		/* identity (feedd-article(5)) */
	/*
	 * Identities the item had in earlier versions, or 0: the link's before
	 * 0.2 ("feedd-link"), and before 0.3, when a link with non-ASCII or
	 * other bytes a URI cannot hold was hashed as it was written (an IRI).
	 */
	uint64_t	 legacy[2];
	int		 dated;		/* the date is the item's own */
	const char	*date_from;	/* "pubDate", ..., or "first seen" */
	int		 clamped;	/* a future date, made now */
	int		 has_published, has_updated;
	int64_t		 published, updated;
	const char	*bad_date;	/* a date that could not be read */
	const char	*body_from;	/* "content:encoded", ..., or NULL */
	char		*link;		/* the item's own link, or NULL; owned */
	int64_t		 when;		/* the item's time, or now */
	/*
	 * Who wrote it (the feed's author when the item names none), what
	 * it is about, what it carries: plain one-line text of at most 1 KB
	 * each, URLs only absolute http or https.  Owned.
	 */
	struct feed_person	*authors;
	size_t			 nauthors;
	struct feed_category	*categories;
	size_t			 ncategories;
	struct feed_enclosure	*enclosures;
	size_t			 nenclosures;
};

/*
 * Turn it into an article.  Returns 0, or -1 with *cause set (the caller
 * frees it) when the item cannot be one (it has no absolute URL).
 */
int	normalize_item(const struct feed_item *it,
	    const struct normalize_ctx *ctx, struct normalized *out,
	    char **cause);
void	normalized_free(struct normalized *);
/*
 * A value of metadata (a name, a category, a feed's title) as one line of
 * plain text of at most 1 KB, or NULL when empty; the caller frees it.
 */
char	*normalize_plain(const char *);
/*
 * A title made of a paragraph's first words (at most 80 bytes, cut at a
 * space); the caller frees it.
 */
char	*normalize_first_words(const char *);
/* An absolute http or https URL of at most 4 KB, or NULL. */
char	*normalize_web_url(const char *);

#endif
