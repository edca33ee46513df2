/* SPDX-License-Identifier: ISC */
/*
 * meta: what the collection knows of each article beside its file (its
 * source, when it was first seen, its own dates, authors, categories and
 * enclosures) and of each source (what its feed says of itself), kept in
 * the folder's journal (DIR/.meta, feedd-article(5)): a line per record,
 * appended before the articles it speaks of are renamed into place, so
 * that the sync that makes them durable makes it durable first; the last
 * record of a hash wins, and a record whose file never came is harmless.
 * The store owns the journal; this file owns its format.
 */
#ifndef FEEDD_META_H
#define FEEDD_META_H

#include <stddef.h>
#include <stdint.h>

#include "feedparse.h"

struct buf;

/* The journal's name in the folder, a dot file that readers pass by. */
#define META_FILE	".meta"
/* The largest journal read. */
#define META_MAX	((size_t)256 << 20)
/* The longest record line read back. */
#define META_LINE_MAX	((size_t)1 << 20)

/* An article's record. */
struct meta_entry {
	uint64_t		 hash;
	char			*source;	/* its source's name; "": none */
	int64_t			 seen;		/* first seen, or 0 */
	int64_t			 published;	/* the item's own, or 0 */
	int64_t			 updated;	/* the item's own, or 0 */
	struct feed_person	*authors;
	size_t			 nauthors;
	struct feed_category	*categories;
	size_t			 ncategories;
	struct feed_enclosure	*enclosures;
	size_t			 nenclosures;
};

/* A source's record: what its feed says of itself, for Atom's <source>. */
struct meta_source {
	char		*name;
	char		*title;		/* or NULL, and so on */
	char		*link;		/* its site */
	char		*id;		/* Atom's id */
	char		*url;		/* the feed's own URL */
	char		*tags;		/* its tags in feedd.conf, "a,b" */
};

/* What meta_load hands on: one record, and where its line starts. */
struct meta_line {
	const struct meta_entry		*entry;		/* or NULL */
	const struct meta_source	*source;	/* or NULL */
	uint64_t			 off;
};

/*
 * Read the journal of the folder dfd and hand each whole, well-formed
 * record to cb, in the order written (the later of two wins); an entry
 * has its source, seen and dates only (meta_read gives the rest).
 * Returns how many lines it holds, records or not; a missing journal has
 * none.  A journal that cannot be read whole is no error: *damaged is set.
 */
size_t	meta_load(int dfd, void (*cb)(void *, const struct meta_line *),
	    void *arg, int *damaged);
/* Read the whole record at off of the journal open as fd. */
int	meta_read(int fd, uint64_t off, struct meta_entry *out, char **cause);
/* Append the line of a record to out. */
void	meta_format(struct buf *out, const struct meta_entry *);
void	meta_format_source(struct buf *out, const struct meta_source *);
/* The first line of every journal. */
void	meta_header(struct buf *out);
void	meta_entry_free(struct meta_entry *);
void	meta_source_free(struct meta_source *);

/*
 * The journal of the folder dfd (its path dir), to append to; nothing is
 * opened until then, and the journal is made, with its header, by the
 * first append.
 */
struct meta;
struct meta	*meta_open(int dfd, const char *dir);
/*
 * Append data (whole lines) to the journal, not synced: a later syncfs(2)
 * of its file system makes it durable; *at is where data starts in the
 * file.  On failure the journal is cut back to where it was (or, when
 * even that fails, the torn line is ended before the next append, and
 * passed over when read), -1 with *cause.
 */
int		 meta_append(struct meta *, const void *data, size_t len,
		     uint64_t *at, char **cause);
/*
 * Replace the journal with data (a header and whole lines) atomically.
 * -1 with *cause on failure, the old journal kept.
 */
int		 meta_rewrite(struct meta *, const void *data, size_t len,
		     char **cause);
void		 meta_close(struct meta *);

#endif
