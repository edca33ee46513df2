/* SPDX-License-Identifier: ISC */
/*
 * fulltext: the pages of new articles (fulltext = yes).  Each new
 * article's own page is queued; once the article is on disk the page is
 * fetched, by a fetcher of its own (so that pages never take a connection
 * or a slot from a feed), a few at a time, and the story extracted from
 * it replaces the feed's text when it has more.  A page that fails keeps
 * the feed's text and is not fetched again.
 */
#ifndef FEEDD_FULLTEXT_H
#define FEEDD_FULLTEXT_H

#include <stdint.h>

struct conf;
struct ev_loop;
struct fulltext;
struct normalized;
struct store;

struct fulltext_counts {
	uint64_t	ok, error;	/* page fetches */
	uint64_t	used;		/* stories that replaced a feed's text */
};

struct fulltext_ops {
	/*
	 * A story replaced an article's text, or the page's date or canonical
	 * URL mended it (staged in the store).
	 */
	void	(*used)(void *arg);
	/* A page is done, used or not: the queue may be empty now. */
	void	(*done)(void *arg);
	void	*arg;
};

/* With c's limits (valid until the next fulltext_configure). */
struct fulltext	*fulltext_new(struct ev_loop *, struct store *,
		     const struct conf *c, const struct fulltext_ops *);
void		 fulltext_free(struct fulltext *);
void		 fulltext_configure(struct fulltext *, const struct conf *);
/* Queue the page of n, a new article of source. */
void		 fulltext_add(struct fulltext *, const char *source,
		     const struct normalized *n);
/* Start the pages whose articles are committed, as far as limits let. */
void		 fulltext_next(struct fulltext *);
/* Whether nothing is queued or under way. */
int		 fulltext_idle(const struct fulltext *);
/* Start nothing more (at exit; the queued pages keep the feed's text). */
void		 fulltext_stop(struct fulltext *);
const struct fulltext_counts *fulltext_counts(const struct fulltext *);

#endif
