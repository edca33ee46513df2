/* SPDX-License-Identifier: ISC */
#include <dirent.h>
#include <errno.h>
#include <fcntl.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

#include "article.h"
#include "buf.h"
#include "fileio.h"
#include "store.h"
#include "xmalloc.h"

/*
 * The index is an open-addressing table from identity hash to sequence
 * number: the hash is already uniformly spread, so it is its own slot.
 */

struct store_slot {
	uint64_t	hash;
	uint64_t	seq;
	int		used;
	int		staged;		/* written in the open batch */
};

struct store {
	char			*dir;
	struct store_slot	*slots;
	size_t			 nslots;	/* a power of two */
	size_t			 count;
	uint64_t		 next_seq;
	struct file_batch	*batch;
	struct buf		 scratch;
};

static struct store_slot	*store_slot(const struct store *, uint64_t);
static void			 store_insert(struct store *, uint64_t,
				     uint64_t);
static int			 store_compare(struct store *,
				     const struct store_slot *,
				     struct article *, int, struct buf *);

/* The slot of hash, or the empty slot where it would go. */
static struct store_slot *
store_slot(const struct store *st, uint64_t hash)
{
	size_t	i = hash & (st->nslots - 1);

	while (st->slots[i].used && st->slots[i].hash != hash)
		i = (i + 1) & (st->nslots - 1);
	return &st->slots[i];
}

/* Index hash as the article with sequence number seq. */
static void
store_insert(struct store *st, uint64_t hash, uint64_t seq)
{
	struct store_slot	*old = st->slots, *s;
	size_t			 n = st->nslots, i;

	if ((st->count + 1) * 2 > st->nslots) {
		st->nslots = n ? n * 2 : 1024;
		st->slots = xcalloc(st->nslots, sizeof *st->slots);
		st->count = 0;
		for (i = 0; i < n; i++) {
			if (old[i].used)
				*store_slot(st, old[i].hash) = old[i], st->count++;
		}
		free(old);
	}
	s = store_slot(st, hash);
	if (!s->used)
		st->count++;
	s->used = 1;
	s->hash = hash;
	s->seq = seq;
	if (seq >= st->next_seq)
		st->next_seq = seq + 1;
}

/* Open the folder and index it. */
struct store *
store_open(const char *dir, char **cause)
{
	struct store	*st;
	struct store_slot *s;
	DIR		*d;
	struct dirent	*de;
	uint64_t	 seq, hash;

	if ((d = opendir(dir)) == NULL) {
		*cause = xasprintf("%s: %s", dir, strerror(errno));
		return NULL;
	}
	st = xcalloc(1, sizeof *st);
	st->dir = xstrdup(dir);
	buf_init(&st->scratch, ARTICLE_MAX_SIZE);
	while ((de = readdir(d)) != NULL) {
		/* What a crash left: never renamed, so never part of it. */
		if (strncmp(de->d_name, FILEIO_TEMP_PREFIX,
		    strlen(FILEIO_TEMP_PREFIX)) == 0) {
			unlinkat(dirfd(d), de->d_name, 0);
			continue;
		}
		if (article_name_parse(de->d_name, &seq, &hash) == -1)
			continue;
		/* Two files of one identity: the later one is the article. */
		if (st->nslots > 0 && (s = store_slot(st, hash))->used &&
		    s->seq > seq)
			continue;
		store_insert(st, hash, seq);
	}
	closedir(d);
	if ((st->batch = file_batch_new(dir, cause)) == NULL) {
		store_close(st);
		return NULL;
	}
	return st;
}

/*
 * Compare a with the stored article of slot s: 1 when the same.  The new
 * form is left in out.  An undated a takes the stored date.
 */
static int
store_compare(struct store *st, const struct store_slot *s, struct article *a,
    int dated, struct buf *out)
{
	struct article	 old;
	char		 name[ARTICLE_NAME_SIZE], *cause = NULL;
	int		 dfd, same = 0;

	article_name(name, s->seq, s->hash);
	if ((dfd = open(st->dir, O_RDONLY | O_DIRECTORY | O_CLOEXEC)) == -1)
		return 0;
	if (file_read_at(dfd, name, &st->scratch, &cause) == 0 &&
	    article_parse(&old, st->scratch.data, st->scratch.len,
	    &cause) == 0) {
		if (!dated)
			a->date = old.date;
		article_free(&old);
	}
	free(cause);
	close(dfd);
	buf_reset(out);
	article_format(a, out);
	same = out->len == st->scratch.len && st->scratch.len > 0 &&
	    memcmp(out->data, st->scratch.data, out->len) == 0;
	return same;
}

int
store_has(const struct store *st, uint64_t hash)
{
	return st->nslots > 0 && store_slot(st, hash)->used;
}

/* What store_add would say. */
enum store_result
store_check(struct store *st, uint64_t hash, struct article *a, int dated)
{
	struct store_slot	*s;
	struct buf		 out;
	int			 same;

	if (!store_has(st, hash))
		return STORE_NEW;
	s = store_slot(st, hash);
	if (s->staged)
		return STORE_SAME;
	buf_init(&out, BUF_NOLIMIT);
	same = store_compare(st, s, a, dated, &out);
	buf_free(&out);
	return same ? STORE_SAME : STORE_UPDATED;
}

/* Stage a for the next commit. */
int
store_add(struct store *st, uint64_t hash, struct article *a, int dated,
    enum store_result *result, char **cause)
{
	struct store_slot	*s;
	struct buf		 out;
	char			 name[ARTICLE_NAME_SIZE], *why;
	uint64_t		 seq;
	int			 rv = -1;

	buf_init(&out, BUF_NOLIMIT);
	if (store_has(st, hash)) {
		s = store_slot(st, hash);
		/* The same identity twice in one batch: the first wins. */
		if (s->staged || store_compare(st, s, a, dated, &out)) {
			*result = STORE_SAME;
			buf_free(&out);
			return 0;
		}
		*result = STORE_UPDATED;
		seq = s->seq;
	} else {
		article_format(a, &out);
		*result = STORE_NEW;
		seq = st->next_seq;
	}
	article_name(name, seq, hash);
	if (article_validate(out.data, out.len, &why) == -1) {
		*cause = xasprintf("%s: %s", name, why);
		free(why);
		goto done;
	}
	if (file_batch_add(st->batch, name, out.data, out.len, cause) == -1)
		goto done;
	store_insert(st, hash, seq);
	store_slot(st, hash)->staged = 1;
	rv = 0;
done:
	buf_free(&out);
	return rv;
}

/* Write what was staged. */
int
store_commit(struct store *st, char **cause)
{
	size_t	i;

	if (file_batch_commit(st->batch, cause) == -1)
		return -1;
	for (i = 0; i < st->nslots; i++)
		st->slots[i].staged = 0;
	return 0;
}

size_t
store_count(const struct store *st)
{
	return st->count;
}

void
store_close(struct store *st)
{
	if (st == NULL)
		return;
	file_batch_free(st->batch);
	buf_free(&st->scratch);
	free(st->slots);
	free(st->dir);
	free(st);
}
