/* SPDX-License-Identifier: ISC */
/*
 * pagemeta: what an article page says of itself: its title, its date of
 * publication and its canonical URL, from Open Graph and article meta
 * tags, JSON-LD (schema.org), <title>, <time> and <link rel="canonical">.
 * Pure: it reads a libxml2 tree that extract built.
 */
#ifndef FEEDD_PAGEMETA_H
#define FEEDD_PAGEMETA_H

#include <stdint.h>

#include <libxml/tree.h>

struct page_meta {
	char	*title;		/* plain text, or NULL */
	int64_t	 published;	/* seconds since the epoch, UTC */
	int	 has_published;
	char	*canonical;	/* an absolute http(s) URL, or NULL */
	char	*article_body;	/* JSON-LD's articleBody, the longest, or NULL */
};

/*
 * The title: og:title, else JSON-LD's headline, else <title> without the
 * site's name ("Story title | Site": the part before the last separator,
 * unless it has fewer than three words).  The date: article:published_time,
 * else JSON-LD's datePublished, else the first <time datetime>.  The URL:
 * <link rel="canonical">, resolved against base (may be NULL).  The story
 * as JSON-LD gives it (articleBody): some pages keep it only there.
 */
void	pagemeta_read(xmlNodePtr root, const char *base, struct page_meta *);
void	pagemeta_free(struct page_meta *);

#endif
