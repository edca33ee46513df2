/* SPDX-License-Identifier: ISC */
/*
 * atom: write an Atom 1.0 (RFC 4287) feed of articles.  Pure: the feed is
 * appended to a buffer.  All text is escaped, and characters that XML 1.0
 * does not allow never reach the output.
 */
#ifndef FEEDD_ATOM_H
#define FEEDD_ATOM_H

#include <stddef.h>
#include <stdint.h>

struct article;
struct buf;
struct meta_entry;
struct meta_source;

struct atom_feed {
	const char	*title;
	const char	*id;		/* a permanent IRI */
	const char	*self;		/* the feed's own URL, or NULL */
	const char	*author;
	int64_t		 updated;	/* used when there is no entry */
};

struct atom_entry {
	const struct article	*article;
	uint64_t		 hash;		/* identity hash */
	int64_t			 updated;	/* 0: the article's date */
	/* What the journal says of it (authors, ...), or NULL. */
	const struct meta_entry	*meta;
	/*
	 * The feed it came from, for <source> (RFC 4287, 4.2.11): its name
	 * (NULL: no <source>) and what its feed said of itself, or NULL.
	 */
	const char		*source;
	const struct meta_source *source_info;
	int64_t			 source_updated;	/* or 0 */
};

/* Room for "urn:uuid:" and a UUID, and the terminator. */
#define ATOM_ID_SIZE	46

/*
 * Append the feed with the n entries, in the order given, to out.  The
 * feed's updated is the newest entry's, or feed->updated without entries.
 */
void	atom_write(struct buf *out, const struct atom_feed *feed,
	    const struct atom_entry *entries, size_t n);
/*
 * The same in pieces, for a feed written one entry at a time: the head
 * with the feed's updated time (the newest entry's), each entry, the end.
 */
void	atom_write_head(struct buf *out, const struct atom_feed *feed,
	    int64_t updated);
void	atom_write_entry(struct buf *out, const struct atom_entry *e);
void	atom_write_tail(struct buf *out);
/* When an entry was last updated: its own time, else its article's day. */
int64_t	atom_entry_updated(const struct atom_entry *e);
/*
 * The permanent id of the article with this identity hash: a name-based
 * UUID (RFC 9562 version 8, SHA-256), so it is the same on every host.
 */
void	atom_entry_id(char out[ATOM_ID_SIZE], uint64_t hash);
/* Append the escaped text, less what XML cannot carry. */
void	atom_escape(struct buf *out, const char *s);

#endif
