/* SPDX-License-Identifier: ISC */
/*
 * feedparse: a feed document to its feed and its items, streaming.  RSS
 * 0.90, 0.91, 0.92, 2.0, RSS 1.0 (RDF), Atom 0.3 and 1.0, told apart from
 * the document itself.  Memory does not grow with the document beyond the
 * item being read: each item is handed to a callback and freed.  Pure: the
 * bytes come from a read callback, the values go to the others.
 */
#ifndef FEEDD_FEEDPARSE_H
#define FEEDD_FEEDPARSE_H

#include <stddef.h>
#include <stdint.h>
#include <sys/types.h>

enum feed_format {
	FEED_NONE,
	FEED_RSS090,
	FEED_RSS091,
	FEED_RSS092,
	FEED_RSS20,
	FEED_RSS10,
	FEED_ATOM03,
	FEED_ATOM10,
	FEED_JSON10,		/* JSON Feed 1.0 */
	FEED_JSON11		/* JSON Feed 1.1 */
};

enum feed_text_type {
	FEED_TEXT_PLAIN,	/* text as it is */
	FEED_TEXT_HTML,		/* HTML source */
	FEED_TEXT_GUESS		/* RSS: HTML if it holds markup, else text */
};

struct feed_text {
	char			*s;	/* NULL when absent */
	enum feed_text_type	 type;
};

/* Which element a value came from, for --explain and JSON. */
struct feed_date {
	char		*raw;		/* as the document has it, or NULL */
	const char	*from;		/* "pubDate", "dc:date", ... */
};

struct feed_info {
	enum feed_format	 format;
	char			*title;		/* plain text, or NULL */
	char			*link;		/* absolute where it could be */
	char			*id;
	char			*subtitle;	/* plain text */
	struct feed_date	 updated;
	char			*author;
	long			 ttl;		/* RSS <ttl> minutes, or -1 */
};

#define FEED_NCONTENT	8

/* Who wrote an item: Atom's author, RSS's author, dc:creator. */
struct feed_person {
	char		*name;		/* or NULL */
	char		*email;		/* or NULL */
	char		*uri;		/* absolute where it could be, or NULL */
};

/* What an item is about: Atom's category, RSS's category, dc:subject. */
struct feed_category {
	char		*term;
	char		*scheme;	/* Atom scheme, RSS domain, or NULL */
	char		*label;		/* or NULL */
};

/* A file an item carries: RSS's enclosure, Atom's rel="enclosure". */
struct feed_enclosure {
	char		*url;		/* absolute where it could be */
	char		*type;		/* a media type, or NULL */
	int64_t		 length;	/* bytes, or -1 */
};

/*
 * Free the strings of n people, categories and enclosures (not the arrays
 * that hold them): the parser's items, normalized items and the journal's
 * records all hold these.
 */
void	feed_meta_free(struct feed_person *, size_t, struct feed_category *,
	    size_t, struct feed_enclosure *, size_t);

/* The most of each an item keeps; more are counted in a warning. */
#define FEED_MAX_AUTHORS	8
#define FEED_MAX_CATEGORIES	32
#define FEED_MAX_ENCLOSURES	8

struct feed_item {
	size_t			 index;		/* 0 for the first item */
	char			*id;		/* guid, id or rdf:about */
	int			 id_permalink;	/* RSS guid isPermaLink */
	char			*link;		/* absolute where it could be */
	struct feed_text	 title;
	struct feed_date	 published;
	struct feed_date	 updated;
	struct feed_text	 content[FEED_NCONTENT];	/* candidates */
	const char		*content_from[FEED_NCONTENT];
	size_t			 ncontent;
	char			*author;	/* the first author's name */
	struct feed_person	 authors[FEED_MAX_AUTHORS];
	size_t			 nauthors;
	struct feed_category	 categories[FEED_MAX_CATEGORIES];
	size_t			 ncategories;
	struct feed_enclosure	 enclosures[FEED_MAX_ENCLOSURES];
	size_t			 nenclosures;
	size_t			 ndropped;	/* past the maxima above */
};

struct feedparse_cb {
	/* Return the number of bytes read into buf, 0 at the end, -1 on error. */
	ssize_t	(*read)(void *arg, char *buf, size_t len);
	/* The feed, once: before the first item, or at the end if none. */
	void	(*feed)(void *arg, const struct feed_info *);
	/* Each item in document order; the item is freed on return. */
	void	(*item)(void *arg, const struct feed_item *);
	/* Something was wrong but parsing went on. */
	void	(*warn)(void *arg, const char *msg);
	void	 *arg;
};

/*
 * Parse a document whose URL (for relative links; may be NULL) is url.
 * Returns the number of items, or -1 with *cause set (the caller frees
 * it) when the input holds no feed.
 */
long		 feedparse(const char *url, const struct feedparse_cb *cb,
		     char **cause);
/*
 * Set libxml2 up for the whole process (no external entity, ever), once
 * however often it is called; feedparse calls it, and a program that
 * parses on several threads calls it first, before starting them.
 */
void		 feedparse_init(void);
/*
 * Free what libxml2 keeps for the whole process (encoding tables and the
 * like); once, at exit, so that leak checkers see nothing left.
 */
void		 feedparse_cleanup(void);
/* Free what an item holds (not the item itself). */
void		 feed_item_free(struct feed_item *);
/* The format's short name: "rss2.0", "atom1.0", ... */
const char	*feedparse_format_name(enum feed_format);

#endif
