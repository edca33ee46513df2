/* SPDX-License-Identifier: ISC */
/*
 * store: a folder of articles, its index in memory, and deduplication by
 * identity hash.  An item seen before is not written again; an item whose
 * text changed replaces its file under the same name; a new one takes the
 * next sequence number.  Writes go in batches (fileio).
 */
#ifndef FEEDD_STORE_H
#define FEEDD_STORE_H

#include <stddef.h>
#include <stdint.h>

struct article;
struct store;

enum store_result {
	STORE_NEW,
	STORE_UPDATED,
	STORE_SAME
};

/*
 * Open the folder dir: index its articles and remove the temp files that a
 * crash left behind.  NULL with *cause (the caller frees it) on failure.
 */
struct store	*store_open(const char *dir, char **cause);
/*
 * Stage a (hash is its identity) for the next commit.  When the article
 * exists and dated is 0 (the date is only when the item was first seen),
 * the existing date is kept.  -1 with *cause on failure.
 */
int		 store_add(struct store *, uint64_t hash, struct article *a,
		     int dated, enum store_result *result, char **cause);
/* Whether hash is in the collection. */
int		 store_has(const struct store *, uint64_t hash);
/* What store_add would say, without writing anything. */
enum store_result store_check(struct store *, uint64_t hash,
		     struct article *a, int dated);
/* Write what was staged, durably.  -1 with *cause on failure. */
int		 store_commit(struct store *, char **cause);
/* The number of articles. */
size_t		 store_count(const struct store *);
/* Close; what was staged and not committed is dropped. */
void		 store_close(struct store *);

#endif
