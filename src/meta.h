/* SPDX-License-Identifier: ISC */
/*
 * meta: what the collection knows of each article beside its file (its
 * source, when it was first seen), kept in the folder's journal
 * (DIR/.meta, feedd-article(5)): a line per record, appended before the
 * articles it speaks of are renamed into place, so that the sync that
 * makes them durable makes it durable first; the last record of a hash
 * wins, and a record whose file never came is harmless.  The store owns
 * the journal; this file owns its format.
 */
#ifndef FEEDD_META_H
#define FEEDD_META_H

#include <stddef.h>
#include <stdint.h>

struct buf;

/* The journal's name in the folder, a dot file that readers pass by. */
#define META_FILE	".meta"
/* The largest journal read. */
#define META_MAX	((size_t)256 << 20)
/* The longest source name a record holds. */
#define META_SOURCE_MAX	1024

/* One record: the article of identity hash. */
struct meta_record {
	uint64_t	 hash;
	const char	*source;	/* its source's name; "" if not known */
	int64_t		 seen;		/* when it was first seen, or 0 */
};

/*
 * Read the journal of the folder dfd and hand each whole, well-formed
 * record to cb, in the order written (the later of two for a hash wins).
 * Returns how many lines it holds, records or not; a missing journal has
 * none.  A journal that cannot be read is no error: *damaged is set.
 */
size_t	meta_load(int dfd, void (*cb)(void *, const struct meta_record *),
	    void *arg, int *damaged);
/* Append the line of r to out. */
void	meta_format(struct buf *out, const struct meta_record *r);
/* The first line of every journal. */
void	meta_header(struct buf *out);

/*
 * The journal of the folder dfd (its path dir), to append to; nothing is
 * opened until then, and the journal is made, with its header, by the
 * first append.
 */
struct meta;
struct meta	*meta_open(int dfd, const char *dir);
/*
 * Append data (whole lines) to the journal, not synced: a later syncfs(2)
 * of its file system makes it durable.  On failure the journal is cut
 * back to where it was (or, when even that fails, the torn line is ended
 * before the next append, and passed over when read), -1 with *cause.
 */
int		 meta_append(struct meta *, const void *data, size_t len,
		     char **cause);
/*
 * Replace the journal with data (a header and whole lines) atomically.
 * -1 with *cause on failure, the old journal kept.
 */
int		 meta_rewrite(struct meta *, const void *data, size_t len,
		     char **cause);
void		 meta_close(struct meta *);

#endif
