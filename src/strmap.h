/* SPDX-License-Identifier: ISC */
/*
 * strmap: a hash table from strings to pointers, so that finding a source,
 * a host or a state by name costs O(1) however many there are.  Keys are
 * not copied: each must live as long as its entry.  Pure.
 */
#ifndef FEEDD_STRMAP_H
#define FEEDD_STRMAP_H

#include <stddef.h>
#include <stdint.h>

struct strmap_slot {
	const char	*key;		/* NULL: free */
	void		*value;
};

struct strmap {
	struct strmap_slot	*slots;
	size_t			 cap, n;	/* cap: 0 or a power of two */
};

/* The hash the map uses (FNV-1a, 64 bits), for whoever needs one. */
uint64_t strmap_hash(const char *);
/* An empty map is all zeroes; strmap_free leaves it so. */
void	 strmap_free(struct strmap *);
/* The value of key, or NULL. */
void	*strmap_get(const struct strmap *, const char *key);
/* Map key to value (not NULL), in place of what it mapped to. */
void	 strmap_put(struct strmap *, const char *key, void *value);
/* Forget key, if it is there. */
void	 strmap_del(struct strmap *, const char *key);

#endif
