/* SPDX-License-Identifier: ISC */
/*
 * store: a folder of articles, its index in memory, and deduplication.  An
 * item seen before is not written again; an item whose text changed
 * replaces its file under the same name; an item with a new identity but
 * the link of an article of the same source is that article (feeds that
 * rewrite their guids must not flood the collection); a new one takes the
 * next sequence number.  Each article belongs to the source that brought
 * it (the folder's journal, meta), and no source's item ever changes
 * another's article or pushes it out: keep counts per source.  Writes go
 * in batches (fileio).  Each file's modification time is the item's own
 * time, or when it was first seen.
 */
#ifndef FEEDD_STORE_H
#define FEEDD_STORE_H

#include <stddef.h>
#include <stdint.h>

struct article;
struct buf;
struct meta_entry;
struct meta_source;
struct normalized;
struct store;

enum store_result {
	STORE_NEW,
	STORE_UPDATED,
	STORE_SAME
};

/* An article of the index. */
struct store_entry {
	uint64_t	 hash;
	uint64_t	 seq;
	uint32_t	 date;		/* YYYYMMDD */
	int64_t		 time;		/* the file's modification time */
	/* From store_select: when first seen, and the source's name. */
	int64_t		 seen;
	const char	*source;	/* the store's; "" for none known */
};

/*
 * Open the folder dir: index its articles (reading each one's date and
 * link, except where the index file that store_save_index wrote vouches
 * for an unchanged file) and remove the temp files that a crash left
 * behind.  NULL with *cause (the caller frees it) on failure.
 */
struct store	*store_open(const char *dir, int flags, char **cause);
/* store_open's flags: only read (leave temp files, write nothing). */
#define STORE_READONLY	0x1
/* store_open's flags: warn of each file that is not an article, and why. */
#define STORE_WARN	0x2
/*
 * store_open's flags, with STORE_READONLY: no table of links (only the
 * articles are listed and read; store_check is not used).
 */
#define STORE_NOLINKS	0x4
/* An item to store: its article and what the store knows it by. */
struct store_item {
	uint64_t	 hash;		/* identity (feedd-article(5)) */
	uint64_t	 legacy[2];	/* its identities before 0.2, 0.3, or 0 */
	const char	*source;	/* the source's name; "" for none */
	const char	*link;		/* its own normalized link, or NULL */
	struct article	*article;
	int		 dated;		/* the date is the item's own */
	int64_t		 when;		/* the item's time */
	/*
	 * Where the journal's record comes from (dates, authors, categories,
	 * enclosures), or NULL: the article's record stays as it is.
	 */
	const struct normalized *n;
};
/* The store item of n, from source. */
void		 store_item_of(struct store_item *, struct normalized *n,
		     const char *source);
/*
 * Stage it->article for the next commit.  It is an article already kept
 * when its identity is one (or its legacy identity is one of the same
 * source's, or of no known source's), or when its link is the link of
 * one of the same source's articles.  When the article exists and dated
 * is 0 (the date is only when the item was first seen), the existing
 * date is kept.  An article of no known source that an item is found to
 * be becomes that item's source's.  -1 with *cause on failure.
 */
int		 store_add(struct store *, const struct store_item *it,
		     enum store_result *result, char **cause);
/* What store_add would say, without writing anything. */
enum store_result store_check(struct store *, const struct store_item *it);
/* Write what was staged, durably.  -1 with *cause on failure. */
int		 store_commit(struct store *, char **cause);
/*
 * Write the index file (DIR/.index) so that the next store_open need not
 * read every article.  Only a cache: an index that is missing, old or
 * damaged costs reading, never correctness.  The journal is compacted
 * too when most of its lines are old.  -1 with *cause on failure.
 */
int		 store_save_index(struct store *, char **cause);
/*
 * A commit in three steps, so that its waits (syncfs, renames, fsyncs) can
 * run on another thread while the store goes on taking articles:
 * store_seal takes what is staged out as one batch into *out (NULL when
 * nothing is staged; -1 with *cause when a new batch cannot be opened); on any
 * thread, store_sealed_commit makes it durable and puts it in place (it
 * touches nothing but the sealed batch); back on the store's thread,
 * store_sealed_finish says how that went: ok, its articles are committed;
 * else what was not put in place goes back into the open batch.  Until
 * then its articles count as staged: the same item again is the same, and
 * neither store_newest nor store_prune returns them.  At most one sealed
 * batch at a time, and no store_commit while one is out.
 */
struct store_sealed;
int		 store_seal(struct store *, struct store_sealed **out,
		     char **cause);
int		 store_sealed_commit(struct store_sealed *, char **cause);
void		 store_sealed_finish(struct store *, struct store_sealed *,
		     int ok);
/*
 * Whether the article of identity hash is on disk: 1; staged, not yet: 0;
 * not in the store: -1.
 */
int		 store_committed(const struct store *, uint64_t hash);
/*
 * The name of the source the article of identity hash belongs to ("" for
 * none known), or NULL when there is no such article.
 */
const char	*store_source_of(const struct store *, uint64_t hash);
/*
 * What the journal says of the article of identity hash into out (the
 * caller frees it with meta_entry_free): its source and first sighting
 * at least.  -1 with *cause when there is no such article or its record
 * cannot be read.
 */
int		 store_meta(struct store *, uint64_t hash,
		     struct meta_entry *out, char **cause);
/* What the feed of the source named name says of itself, or NULL. */
const struct meta_source *store_source_info(const struct store *,
		     const char *name);
/*
 * What a source's feed says of itself (m->name is the source), written
 * to the journal with the next batch when it changed.
 */
void		 store_set_source_info(struct store *,
		     const struct meta_source *m);
/*
 * The tags ("a,b", or NULL) of the source named name, from feedd.conf:
 * written to the journal with the next batch when they changed, so that
 * a folder knows them (feedd-atom --tag).
 */
void		 store_set_source_tags(struct store *, const char *name,
		     const char *tags);
/* How many articles the source named name has (staged ones too). */
size_t		 store_source_count(const struct store *, const char *name);
/* Whether the source named name has the tag tag. */
int		 store_source_has_tag(const struct store *, const char *name,
		     const char *tag);
/* Whether something is staged. */
int		 store_pending(const struct store *);
/* The number of articles. */
size_t		 store_count(const struct store *);
/* How store_select orders, newest first. */
enum store_order {
	STORE_BY_DATE,		/* the item's date, then sequence number */
	STORE_BY_ARRIVAL	/* when first seen, then sequence number */
};
/* Which articles store_select takes: all, or those that pass. */
struct store_filter {
	const char	*source;	/* only this source's, or NULL */
	int		(*want)(void *arg, const struct store_entry *);
	void		*arg;
};
/*
 * The n newest committed articles by order that filter (or NULL) takes,
 * newest first, into out (room for n); returns how many.  It holds n of
 * them at a time, whatever the size of the store.
 */
size_t		 store_select(const struct store *, enum store_order,
		     const struct store_filter *filter, struct store_entry *out,
		     size_t n);
/* store_select by date, of all. */
size_t		 store_newest(const struct store *, struct store_entry *out,
		     size_t n);
/*
 * How many articles of the source named source to keep (0: the default);
 * source NULL sets the default, which also holds for the articles of no
 * known source (taken as one source).  0 as the default: no limit.
 */
void		 store_set_keep(struct store *, const char *source,
		     size_t keep);
/* Every source back to the default. */
void		 store_keep_clear(struct store *);
/*
 * Remove the oldest committed articles of each source beyond what it
 * keeps, at most max files in one call (so that a caller on an event loop
 * is never held long); *pruned says how many went, *more whether more are
 * due.  -1 with *cause when a file could not be removed (the rest are).
 */
int		 store_prune(struct store *, size_t max, size_t *pruned,
		     int *more, char **cause);
/* Read the article of identity hash into a; -1 with *cause if none. */
int		 store_read(struct store *, uint64_t hash, struct article *a,
		     char **cause);
/*
 * The bytes of the file name (an article's name, already checked) of the
 * folder into out (its cap bounds the size).  -1 with *cause if none.
 */
int		 store_read_file(struct store *, const char *name,
		     struct buf *out, char **cause);
/* When the folder last changed (its modification time), or 0. */
int64_t		 store_folder_mtime(const struct store *);
/*
 * When the folder at the store's path is no longer the one it holds open
 * (removed, or replaced), make it again if it is missing and open the
 * store anew on it: 1; what was staged is dropped, and what the old
 * folder held is no longer the store's.  0 when it is in place; -1 with
 * *cause when it cannot be made or opened.  Never while a sealed batch is
 * out.
 */
int		 store_recover(struct store *, char **cause);
/* Close; what was staged and not committed is dropped. */
void		 store_close(struct store *);

#endif
