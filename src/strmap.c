/* SPDX-License-Identifier: ISC */
#include <stdint.h>
#include <stdlib.h>
#include <string.h>

#include "strmap.h"
#include "xmalloc.h"

/*
 * Open addressing with linear probing, at most half full; a deletion
 * shifts the entries after it back (no tombstones), so that lookups stay
 * short however many names come and go.
 */

static size_t	sm_find(const struct strmap *, const char *);
static void	sm_grow(struct strmap *);

/* FNV-1a, 64 bits. */
uint64_t
strmap_hash(const char *s)
{
	uint64_t	h = 14695981039346656037ULL;

	for (; *s != '\0'; s++)
		h = (h ^ (unsigned char)*s) * 1099511628211ULL;
	return h;
}

/* The slot of key, or the free slot where it would go (cap > 0). */
static size_t
sm_find(const struct strmap *m, const char *key)
{
	size_t	i = (size_t)strmap_hash(key) & (m->cap - 1);

	while (m->slots[i].key != NULL && strcmp(m->slots[i].key, key) != 0)
		i = (i + 1) & (m->cap - 1);
	return i;
}

static void
sm_grow(struct strmap *m)
{
	struct strmap_slot	*old = m->slots;
	size_t			 i, n = m->cap;

	m->cap = n == 0 ? 16 : n * 2;
	m->slots = xcalloc(m->cap, sizeof *m->slots);
	for (i = 0; i < n; i++)
		if (old[i].key != NULL)
			m->slots[sm_find(m, old[i].key)] = old[i];
	free(old);
}

void
strmap_free(struct strmap *m)
{
	free(m->slots);
	memset(m, 0, sizeof *m);
}

void *
strmap_get(const struct strmap *m, const char *key)
{
	size_t	i;

	if (m->cap == 0)
		return NULL;
	i = sm_find(m, key);
	return m->slots[i].key != NULL ? m->slots[i].value : NULL;
}

void
strmap_put(struct strmap *m, const char *key, void *value)
{
	size_t	i;

	if ((m->n + 1) * 2 > m->cap)
		sm_grow(m);
	i = sm_find(m, key);
	if (m->slots[i].key == NULL)
		m->n++;
	m->slots[i].key = key;
	m->slots[i].value = value;
}

void
strmap_del(struct strmap *m, const char *key)
{
	size_t	i, j, home;

	if (m->cap == 0 || m->slots[i = sm_find(m, key)].key == NULL)
		return;
	m->slots[i].key = NULL;
	m->n--;
	/* Shift back what follows, where its probe passed over i. */
	for (j = (i + 1) & (m->cap - 1); m->slots[j].key != NULL;
	    j = (j + 1) & (m->cap - 1)) {
		home = (size_t)strmap_hash(m->slots[j].key) & (m->cap - 1);
		if ((j > i && (home <= i || home > j)) ||
		    (j < i && (home <= i && home > j))) {
			m->slots[i] = m->slots[j];
			m->slots[j].key = NULL;
			i = j;
		}
	}
}
