/* SPDX-License-Identifier: ISC */
/*
 * article: the on-disk article format (feedd-article(5)), its file names
 * and the identity hash.  Pure.
 *
 *	line 1	title
 *	line 2	date, YYYYMMDD (UTC)
 *	line 3	absolute URL
 *	line 4-	body, one paragraph per line
 *
 * UTF-8, every line ends in "\n", no empty lines, no control characters.
 */
#ifndef FEEDD_ARTICLE_H
#define FEEDD_ARTICLE_H

#include <stddef.h>
#include <stdint.h>

struct buf;

struct article {
	char		*title;		/* owned */
	uint32_t	 date;		/* YYYYMMDD as a number */
	char		*url;		/* owned */
	char		**body;		/* owned: nbody owned paragraphs */
	size_t		 nbody;
};

/* The most bytes an article file may hold. */
#define ARTICLE_MAX_SIZE	(8 * 1024 * 1024)
/* Room for any article file name and its terminator. */
#define ARTICLE_NAME_SIZE	48

/*
 * Check that data is a well-formed article.  Returns 0, or -1 with *cause
 * ("line N: reason"; the caller frees it).
 */
int	article_validate(const char *data, size_t len, char **cause);
/* Validate and split data into a; on failure a is left empty. */
int	article_parse(struct article *a, const char *data, size_t len,
	    char **cause);
/*
 * Validate data and read its head without copying anything: the date, and
 * the URL line as url and urllen (not NUL-terminated, it points into data).
 */
int	article_head(const char *data, size_t len, uint32_t *date,
	    const char **url, size_t *urllen, char **cause);
/* Append the file form of a to out. */
void	article_format(const struct article *a, struct buf *out);
/* Free what a owns and leave it empty. */
void	article_free(struct article *a);

/* Whether YYYYMMDD names a real day of the Gregorian calendar. */
int	article_date_valid(uint32_t date);
/* The time at 00:00:00 UTC on a valid YYYYMMDD. */
int64_t	article_date_time(uint32_t date);

/*
 * The file name NNN_HHHHHHHHHHHHHHHH.txt: the sequence number in at least
 * three digits and the identity hash in 16 hex digits.
 */
void	article_name(char out[ARTICLE_NAME_SIZE], uint64_t seq, uint64_t hash);
/* Split a file name; -1 when name is not an article's. */
int	article_name_parse(const char *name, uint64_t *seq, uint64_t *hash);

/*
 * The identity hash of an item (feedd-article(5)): from its id, else from
 * its normalized link, else from its title and date, each qualified by the
 * source name.  Stable forever.  When the identity is the link's and
 * legacy is not NULL, *legacy gets the link's identity as versions before
 * 0.2 made it (not qualified by the source), else 0.
 */
uint64_t article_identity(const char *source, const char *id,
	    const char *link, const char *title, uint32_t date,
	    uint64_t *legacy);

#endif
