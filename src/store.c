/* SPDX-License-Identifier: ISC */
#include <sys/stat.h>

#include <dirent.h>
#include <errno.h>
#include <fcntl.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

#include "article.h"
#include "buf.h"
#include "fileio.h"
#include "log.h"
#include "sha256.h"
#include "store.h"
#include "uri.h"
#include "xmalloc.h"

/*
 * Two open-addressing tables: identity hash to entry, and link hash to
 * identity hash.  The hashes are already uniformly spread, so each is its
 * own slot.  Entries are never moved once in the table but by a rehash.
 */

struct store_slot {
	struct store_entry	e;
	uint64_t		url;	/* store_link_hash of its URL line */
	int			used;
	/*
	 * Written, not yet committed: the generation of its batch (the
	 * open one, or one sealed and committing), else 0.
	 */
	unsigned int		staged;
	/*
	 * Digits of the sequence number in the file's name when it has more
	 * leading zeros than article_name writes (a folder made by hand), or
	 * 0: the file is always opened by the name it has.
	 */
	uint8_t			width;
};

/*
 * What the index file says of one article, and the inode it said it of: a
 * file whose inode number, size and change time all match is not read
 * again.  The change time cannot be set from user space and every rename
 * into place brings a new inode, so a file replaced since is read.
 */
struct index_slot {
	uint64_t	hash, seq, ino, url;
	int64_t		size, ctime_sec, ctime_nsec;
	uint32_t	date;
	int		used;
};

/* The index file, in the folder; a dot file, so readers pass it by. */
#define STORE_INDEX		".index"
#define STORE_INDEX_MAGIC	"feedd-index 1"
#define STORE_INDEX_MAX		((size_t)256 << 20)

struct store_index {
	struct index_slot	*v;
	size_t			 n;	/* a power of two, or 0 */
};

struct link_slot {
	uint64_t	link;
	uint64_t	hash;
	int		used;
};

struct store {
	char			*dir;
	int			 flags;		/* store_open's */
	int			 dfd;		/* the folder, held open */
	struct store_slot	*slots;
	size_t			 nslots;	/* a power of two */
	size_t			 count;
	struct link_slot	*links;
	size_t			 nlinks, linkcount;
	uint64_t		 next_seq;
	struct file_batch	*batch;
	unsigned int		 gen;		/* of the open batch, from 1 */
	struct buf		 scratch;
	int			 index_stale;	/* the index file says less */
};

/* A batch taken out of the store to be committed on another thread. */
struct store_sealed {
	struct file_batch	*batch;
	unsigned int		 gen;
};

static struct store_slot *store_slot(const struct store *, uint64_t);
static struct link_slot	*store_link_slot(const struct store *, uint64_t);
static void		 store_insert(struct store *, const struct store_entry *);
static void		 store_link(struct store *, uint64_t, uint64_t);
static uint64_t		 store_link_hash(const char *);
static int		 store_compare(struct store *,
			     const struct store_slot *, struct article *, int,
			     struct buf *);
static int		 store_cmp_newest(const void *, const void *);
static void		 store_index_load(struct store_index *, int);
static const struct index_slot *store_index_find(const struct store_index *,
			     uint64_t, uint64_t, const struct stat *);
static int		 store_index_entry(int, const char *, struct store_entry *,
			     uint64_t *, struct buf *, struct stat *, char **);

/* The slot of hash, or the empty slot where it would go. */
static struct store_slot *
store_slot(const struct store *st, uint64_t hash)
{
	size_t	i = hash & (st->nslots - 1);

	while (st->slots[i].used && st->slots[i].e.hash != hash)
		i = (i + 1) & (st->nslots - 1);
	return &st->slots[i];
}

static struct link_slot *
store_link_slot(const struct store *st, uint64_t link)
{
	size_t	i = link & (st->nlinks - 1);

	while (st->links[i].used && st->links[i].link != link)
		i = (i + 1) & (st->nlinks - 1);
	return &st->links[i];
}

/* The name of the file of slot s. */
static void
store_slot_name(const struct store_slot *s, char name[ARTICLE_NAME_SIZE])
{
	if (s->width == 0)
		article_name(name, s->e.seq, s->e.hash);
	else
		snprintf(name, ARTICLE_NAME_SIZE, "%0*llu_%016llx.txt",
		    (int)s->width, (unsigned long long)s->e.seq,
		    (unsigned long long)s->e.hash);
}

/*
 * 64 bits of the SHA-256 of a link, normalized as identities are and
 * without its scheme: the same page over http and https is one article
 * (the most common guid rewrite is exactly that move).
 */
static uint64_t
store_link_hash(const char *link)
{
	struct sha256	 ctx;
	uint8_t		 d[SHA256_DIGEST_LEN];
	char		*norm = uri_normalize(link), *p;

	p = strncmp(norm, "https://", 8) == 0 ? norm + 6 :
	    strncmp(norm, "http://", 7) == 0 ? norm + 5 : norm;
	sha256_init(&ctx);
	sha256_update(&ctx, p, strlen(p));
	sha256_final(&ctx, d);
	free(norm);
	return sha256_u64(d);
}

/* Index e (a new entry, or new values for one). */
static void
store_insert(struct store *st, const struct store_entry *e)
{
	struct store_slot	*old = st->slots, *s;
	size_t			 n = st->nslots, i;

	if ((st->count + 1) * 2 > st->nslots) {
		st->nslots = n ? n * 2 : 1024;
		st->slots = xcalloc(st->nslots, sizeof *st->slots);
		for (i = 0; i < n; i++) {
			if (old[i].used)
				*store_slot(st, old[i].e.hash) = old[i];
		}
		free(old);
	}
	s = store_slot(st, e->hash);
	if (!s->used)
		st->count++;
	s->used = 1;
	s->e = *e;
	if (e->seq >= st->next_seq)
		st->next_seq = e->seq + 1;
}

/* Remember that the link of hash lh (store_link_hash) belongs to hash. */
static void
store_link(struct store *st, uint64_t lh, uint64_t hash)
{
	struct link_slot	*old = st->links, *s;
	size_t			 n = st->nlinks, i;

	if ((st->linkcount + 1) * 2 > st->nlinks) {
		st->nlinks = n ? n * 2 : 1024;
		st->links = xcalloc(st->nlinks, sizeof *st->links);
		for (i = 0; i < n; i++) {
			if (old[i].used)
				*store_link_slot(st, old[i].link) = old[i];
		}
		free(old);
	}
	s = store_link_slot(st, lh);
	if (!s->used)
		st->linkcount++;
	s->used = 1;
	s->link = lh;
	s->hash = hash;
}

/*
 * Read the index file of the folder dfd into ix.  A missing, old or
 * damaged index is no error: every article it does not vouch for is read.
 */
static void
store_index_load(struct store_index *ix, int dfd)
{
	struct index_slot	 v;
	struct buf		 b;
	unsigned long long	 seq, hash, ino, size, cs, cns, date, url;
	char			*line, *nl, *why;
	size_t			 i, count = 0;

	memset(ix, 0, sizeof *ix);
	buf_init(&b, STORE_INDEX_MAX);
	if (file_read_at(dfd, STORE_INDEX, &b, &why) == -1) {
		free(why);
		goto done;
	}
	if (b.len < sizeof STORE_INDEX_MAGIC ||
	    memcmp(b.data, STORE_INDEX_MAGIC "\n", sizeof STORE_INDEX_MAGIC) != 0)
		goto done;
	for (line = b.data; (nl = memchr(line, '\n',
	    b.len - (size_t)(line - b.data))) != NULL; line = nl + 1)
		count++;
	for (ix->n = 1024; ix->n < count * 2; ix->n *= 2)
		;
	ix->v = xcalloc(ix->n, sizeof *ix->v);
	for (line = b.data; (nl = memchr(line, '\n',
	    b.len - (size_t)(line - b.data))) != NULL; line = nl + 1) {
		*nl = '\0';
		if (sscanf(line, "%llu %llx %llu %llu %llu.%llu %llu %llx",
		    &seq, &hash, &ino, &size, &cs, &cns, &date, &url) != 8)
			continue;
		memset(&v, 0, sizeof v);
		v.seq = seq;
		v.hash = hash;
		v.ino = ino;
		v.size = (int64_t)size;
		v.ctime_sec = (int64_t)cs;
		v.ctime_nsec = (int64_t)cns;
		v.date = (uint32_t)date;
		v.url = url;
		v.used = 1;
		for (i = hash & (ix->n - 1); ix->v[i].used;
		    i = (i + 1) & (ix->n - 1))
			;
		ix->v[i] = v;
	}
done:
	buf_free(&b);
}

/* What the index says of the article seq/hash, if sb is still that file. */
static const struct index_slot *
store_index_find(const struct store_index *ix, uint64_t seq, uint64_t hash,
    const struct stat *sb)
{
	const struct index_slot	*v;
	size_t			 i;

	if (ix->n == 0)
		return NULL;
	for (i = hash & (ix->n - 1); ix->v[i].used; i = (i + 1) & (ix->n - 1)) {
		v = &ix->v[i];
		if (v->hash == hash && v->seq == seq &&
		    v->ino == (uint64_t)sb->st_ino &&
		    v->size == (int64_t)sb->st_size &&
		    v->ctime_sec == (int64_t)sb->st_ctim.tv_sec &&
		    v->ctime_nsec == (int64_t)sb->st_ctim.tv_nsec)
			return v;
	}
	return NULL;
}

/*
 * Read the article name of the folder dfd for its date and the hash of its
 * URL line.  -1 when it is not an article (not ours to index, nor to
 * remove).
 */
static int
store_index_entry(int dfd, const char *name, struct store_entry *e,
    uint64_t *url, struct buf *scratch, struct stat *sb, char **why)
{
	/* url NULL: the link table is not wanted (STORE_NOLINKS). */
	const char	*line;
	char		*link;
	size_t		 len;

	if (file_read_stat(dfd, name, scratch, sb, why) == -1 ||
	    article_head(scratch->data, scratch->len, &e->date, &line, &len,
	    why) == -1)
		return -1;
	if (url == NULL)
		return 0;
	link = xstrndup(line, len);
	*url = store_link_hash(link);
	free(link);
	return 0;
}

/* Say why a file of the folder is not indexed (STORE_WARN). */
static void
store_skip(const struct store *st, int flags, const char *name,
    const char *why)
{
	if (flags & STORE_WARN)
		log_warnx("%s/%s: skipped: %s", st->dir, name, why);
}

/* Index the file name of the folder, if it is an article. */
static void
store_scan_file(struct store *st, int flags, const char *name,
    const struct store_index *ix)
{
	struct store_slot	*s;
	struct store_entry	 e;
	const struct index_slot	*v;
	struct stat		 sb;
	uint64_t		 url = 0;
	char			*why, canon[ARTICLE_NAME_SIZE];

	memset(&e, 0, sizeof e);
	if (article_name_parse(name, &e.seq, &e.hash) == -1) {
		store_skip(st, flags, name, "not an article name "
		    "(NNN_HHHHHHHHHHHHHHHH.txt)");
		return;
	}
	/* Two files of one identity: the later one is the article. */
	if (st->nslots > 0 && (s = store_slot(st, e.hash))->used &&
	    s->e.seq > e.seq)
		return;
	/* With an index, a file it vouches for is not read (stat only). */
	if (ix->n > 0 && (fstatat(st->dfd, name, &sb, 0) == -1 ||
	    !S_ISREG(sb.st_mode))) {
		store_skip(st, flags, name, "not a regular file");
		return;
	}
	if (ix->n > 0 && (v = store_index_find(ix, e.seq, e.hash,
	    &sb)) != NULL) {
		e.date = v->date;
		url = v->url;
	} else {
		st->index_stale = 1;
		if (store_index_entry(st->dfd, name, &e, (flags &
		    STORE_NOLINKS) ? NULL : &url, &st->scratch, &sb,
		    &why) == -1) {
			store_skip(st, flags, name, why);
			free(why);
			return;
		}
	}
	e.time = sb.st_mtime;
	store_insert(st, &e);
	s = store_slot(st, e.hash);
	s->url = url;
	article_name(canon, e.seq, e.hash);
	s->width = strcmp(canon, name) == 0 ? 0 :
	    (uint8_t)(strchr(name, '_') - name);
	if (!(flags & STORE_NOLINKS))
		store_link(st, url, e.hash);
}

/* Open the folder and index it. */
struct store *
store_open(const char *dir, int flags, char **cause)
{
	struct store		*st;
	struct store_index	 ix;
	DIR			*d;
	struct dirent		*de;
	int			 fd;

	if ((fd = open(dir, O_RDONLY | O_DIRECTORY | O_CLOEXEC)) == -1 ||
	    (d = fdopendir(dup(fd))) == NULL) {
		*cause = xasprintf("%s: %s", dir, strerror(errno));
		if (fd != -1)
			close(fd);
		return NULL;
	}
	st = xcalloc(1, sizeof *st);
	st->dir = xstrdup(dir);
	st->flags = flags;
	st->dfd = fd;
	st->gen = 1;
	buf_init(&st->scratch, ARTICLE_MAX_SIZE);
	store_index_load(&ix, fd);
	while ((de = readdir(d)) != NULL) {
		/* What a crash left: never renamed, so never part of it. */
		if (strncmp(de->d_name, FILEIO_TEMP_PREFIX,
		    strlen(FILEIO_TEMP_PREFIX)) == 0) {
			if (!(flags & STORE_READONLY))
				unlinkat(fd, de->d_name, 0);
			continue;
		}
		/* Dot files: ".", "..", the index; no articles. */
		if (de->d_name[0] != '.')
			store_scan_file(st, flags, de->d_name, &ix);
	}
	closedir(d);
	free(ix.v);
	if (flags & STORE_READONLY)
		return st;
	if ((st->batch = file_batch_new(dir, cause)) == NULL) {
		store_close(st);
		return NULL;
	}
	return st;
}

/* Write the index file: one line per committed article. */
int
store_save_index(struct store *st, char **cause)
{
	const struct store_slot	*s;
	struct stat		 sb;
	struct buf		 out;
	char			 name[ARTICLE_NAME_SIZE];
	size_t			 i;
	int			 rv;

	if (!st->index_stale)
		return 0;
	buf_init(&out, BUF_NOLIMIT);
	buf_printf(&out, "%s\n", STORE_INDEX_MAGIC);
	for (i = 0; i < st->nslots; i++) {
		s = &st->slots[i];
		if (!s->used || s->staged)
			continue;
		store_slot_name(s, name);
		if (fstatat(st->dfd, name, &sb, 0) == -1)
			continue;
		buf_printf(&out, "%llu %016llx %llu %lld %lld.%09ld %u %016llx\n",
		    (unsigned long long)s->e.seq, (unsigned long long)s->e.hash,
		    (unsigned long long)sb.st_ino, (long long)sb.st_size,
		    (long long)sb.st_ctim.tv_sec, (long)sb.st_ctim.tv_nsec,
		    s->e.date, (unsigned long long)s->url);
	}
	rv = file_write_atomic(st->dir, STORE_INDEX, out.data, out.len, cause);
	buf_free(&out);
	if (rv == 0)
		st->index_stale = 0;
	return rv;
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

	store_slot_name(s, name);
	buf_reset(&st->scratch);
	if (file_read_at(st->dfd, name, &st->scratch, &cause) == 0 &&
	    article_parse(&old, st->scratch.data, st->scratch.len,
	    &cause) == 0) {
		if (!dated)
			a->date = old.date;
		article_free(&old);
	}
	free(cause);
	buf_reset(out);
	article_format(a, out);
	return out->len == st->scratch.len && st->scratch.len > 0 &&
	    memcmp(out->data, st->scratch.data, out->len) == 0;
}

/* The slot an item of identity hash and link belongs to, or NULL. */
static struct store_slot *
store_find(const struct store *st, uint64_t hash, const char *link)
{
	struct store_slot	*s;
	struct link_slot	*l;

	if (st->nslots == 0)
		return NULL;
	if ((s = store_slot(st, hash))->used)
		return s;
	if (link == NULL || *link == '\0' || st->nlinks == 0)
		return NULL;
	l = store_link_slot(st, store_link_hash(link));
	if (!l->used)
		return NULL;
	s = store_slot(st, l->hash);
	return s->used ? s : NULL;
}

/* What store_add would say. */
enum store_result
store_check(struct store *st, uint64_t hash, const char *link,
    struct article *a, int dated)
{
	struct store_slot	*s;
	struct buf		 out;
	int			 same;

	if ((s = store_find(st, hash, link)) == NULL)
		return STORE_NEW;
	if (s->staged)
		return STORE_SAME;
	buf_init(&out, BUF_NOLIMIT);
	same = store_compare(st, s, a, dated, &out);
	buf_free(&out);
	return same ? STORE_SAME : STORE_UPDATED;
}

/* Stage a for the next commit. */
int
store_add(struct store *st, uint64_t hash, const char *link,
    struct article *a, int dated, int64_t when, enum store_result *result,
    char **cause)
{
	struct store_slot	*s;
	struct store_entry	 e;
	struct buf		 out;
	char			 name[ARTICLE_NAME_SIZE], *why;
	uint8_t			 width;
	int			 rv = -1;

	if (st->batch == NULL) {
		*cause = xasprintf("%s: opened read-only", st->dir);
		return -1;
	}
	buf_init(&out, BUF_NOLIMIT);
	memset(&e, 0, sizeof e);
	width = 0;
	if ((s = store_find(st, hash, link)) != NULL) {
		/* The same article twice in one batch: the first wins. */
		if (s->staged || store_compare(st, s, a, dated, &out)) {
			*result = STORE_SAME;
			buf_free(&out);
			return 0;
		}
		*result = STORE_UPDATED;
		e = s->e;
		width = s->width;
		if (dated)
			e.time = when;
	} else {
		article_format(a, &out);
		*result = STORE_NEW;
		e.hash = hash;
		e.seq = st->next_seq;
		e.time = when;
	}
	e.date = a->date;
	s = &(struct store_slot){ .e = e, .width = width };
	store_slot_name(s, name);
	if (article_validate(out.data, out.len, &why) == -1) {
		*cause = xasprintf("%s: %s", name, why);
		free(why);
		goto done;
	}
	if (file_batch_add(st->batch, name, out.data, out.len, e.time,
	    cause) == -1)
		goto done;
	store_insert(st, &e);
	s = store_slot(st, e.hash);
	s->staged = st->gen;
	s->url = store_link_hash(a->url);
	store_link(st, s->url, e.hash);
	if (link != NULL && *link != '\0' && strcmp(link, a->url) != 0)
		store_link(st, store_link_hash(link), e.hash);
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

	if (st->batch == NULL || file_batch_count(st->batch) == 0)
		return 0;
	if (file_batch_commit(st->batch, cause) == -1)
		return -1;
	st->index_stale = 1;
	for (i = 0; i < st->nslots; i++)
		st->slots[i].staged = 0;
	return 0;
}

/* Take what is staged, to commit elsewhere. */
int
store_seal(struct store *st, struct store_sealed **out, char **cause)
{
	struct store_sealed	*sl;
	struct file_batch	*fresh;

	*out = NULL;
	if (!store_pending(st))
		return 0;
	if ((fresh = file_batch_new(st->dir, cause)) == NULL)
		return -1;
	sl = xcalloc(1, sizeof *sl);
	sl->batch = st->batch;
	sl->gen = st->gen++;
	st->batch = fresh;
	*out = sl;
	return 0;
}

/* On any thread: the sealed batch's commit. */
int
store_sealed_commit(struct store_sealed *sl, char **cause)
{
	return file_batch_commit(sl->batch, cause);
}

/* Back on the store's thread. */
void
store_sealed_finish(struct store *st, struct store_sealed *sl, int ok)
{
	size_t	i;

	for (i = 0; i < st->nslots; i++) {
		if (st->slots[i].staged != sl->gen)
			continue;
		/* Committed; or what failed goes with the open batch. */
		st->slots[i].staged = ok ? 0 : st->gen;
	}
	if (ok)
		st->index_stale = 1;
	else
		file_batch_take(st->batch, sl->batch);
	file_batch_free(sl->batch);
	free(sl);
}

int
store_committed(const struct store *st, uint64_t hash)
{
	const struct store_slot	*s;

	if (st->nslots == 0 || !(s = store_slot(st, hash))->used)
		return -1;
	return s->staged == 0;
}

int
store_pending(const struct store *st)
{
	return st->batch != NULL && file_batch_count(st->batch) > 0;
}

size_t
store_count(const struct store *st)
{
	return st->count;
}

/* Read the article of identity hash. */
int
store_read(struct store *st, uint64_t hash, struct article *a, char **cause)
{
	struct store_slot	*s;
	char			 name[ARTICLE_NAME_SIZE], *why;

	if (st->nslots == 0 || !(s = store_slot(st, hash))->used) {
		*cause = xasprintf("%016llx: no such article",
		    (unsigned long long)hash);
		return -1;
	}
	store_slot_name(s, name);
	if (store_read_file(st, name, &st->scratch, cause) == -1)
		return -1;
	if (article_parse(a, st->scratch.data, st->scratch.len, &why) == -1) {
		*cause = xasprintf("%s/%s: %s", st->dir, name, why);
		free(why);
		return -1;
	}
	return 0;
}

/* The bytes of the file name of the folder. */
int
store_read_file(struct store *st, const char *name, struct buf *out,
    char **cause)
{
	char	*why;

	if (file_read_at(st->dfd, name, out, &why) == -1) {
		*cause = xasprintf("%s/%s: %s", st->dir, name, why);
		free(why);
		return -1;
	}
	return 0;
}

/* When the folder last changed. */
int64_t
store_folder_mtime(const struct store *st)
{
	struct stat	sb;

	return fstat(st->dfd, &sb) == 0 ? (int64_t)sb.st_mtime : 0;
}

/* Newest first: by date, then by sequence number. */
static int
store_cmp_newest(const void *pa, const void *pb)
{
	const struct store_entry	*a = pa, *b = pb;

	if (a->date != b->date)
		return a->date < b->date ? 1 : -1;
	if (a->seq != b->seq)
		return a->seq < b->seq ? 1 : -1;
	return 0;
}

/* The n newest articles, newest first. */
size_t
store_newest(const struct store *st, struct store_entry *out, size_t n)
{
	struct store_entry	*all;
	size_t			 i, k = 0;

	all = xcalloc(st->count, sizeof *all);
	for (i = 0; i < st->nslots; i++) {
		/* Not committed yet: no file to read by its name. */
		if (st->slots[i].used && !st->slots[i].staged)
			all[k++] = st->slots[i].e;
	}
	qsort(all, k, sizeof *all, store_cmp_newest);
	if (n > k)
		n = k;
	memcpy(out, all, n * sizeof *out);
	free(all);
	return n;
}

/* Remove the oldest articles beyond keep. */
int
store_prune(struct store *st, size_t keep, size_t *pruned, char **cause)
{
	struct store_entry	*all;
	struct store_slot	*old;
	char			 name[ARTICLE_NAME_SIZE];
	size_t			 i, k = 0, oldn;
	int			 rv = 0;

	*pruned = 0;
	if (st->count <= keep)
		return 0;
	all = xcalloc(st->count, sizeof *all);
	for (i = 0; i < st->nslots; i++) {
		if (st->slots[i].used && !st->slots[i].staged)
			all[k++] = st->slots[i].e;
	}
	qsort(all, k, sizeof *all, store_cmp_newest);
	for (i = keep; i < k; i++) {
		store_slot_name(store_slot(st, all[i].hash), name);
		if (unlinkat(st->dfd, name, 0) == -1 && errno != ENOENT) {
			if (rv == 0)
				*cause = xasprintf("%s/%s: %s", st->dir, name,
				    strerror(errno));
			rv = -1;
			continue;
		}
		store_slot(st, all[i].hash)->used = 0;
		(*pruned)++;
	}
	/* Rebuild the table: open addressing cannot just forget a slot. */
	old = st->slots;
	oldn = st->nslots;
	st->slots = xcalloc(oldn, sizeof *st->slots);
	st->count = 0;
	for (i = 0; i < oldn; i++) {
		if (old[i].used) {
			*store_slot(st, old[i].e.hash) = old[i];
			st->count++;
		}
	}
	free(old);
	fsync(st->dfd);
	free(all);
	if (*pruned > 0)
		st->index_stale = 1;
	return rv;
}

void
store_close(struct store *st)
{
	if (st == NULL)
		return;
	file_batch_free(st->batch);
	if (st->dfd != -1)
		close(st->dfd);
	buf_free(&st->scratch);
	free(st->slots);
	free(st->links);
	free(st->dir);
	free(st);
}

/* Whether the folder held open is still the one at its path. */
static int
store_in_place(const struct store *st)
{
	struct stat	held, there;

	return fstat(st->dfd, &held) == 0 && stat(st->dir, &there) == 0 &&
	    held.st_dev == there.st_dev && held.st_ino == there.st_ino;
}

int
store_recover(struct store *st, char **cause)
{
	struct store	*fresh, old;

	if (store_in_place(st))
		return 0;
	if (mkdir(st->dir, 0755) == -1 && errno != EEXIST) {
		*cause = xasprintf("%s: %s", st->dir, strerror(errno));
		return -1;
	}
	if ((fresh = store_open(st->dir, st->flags, cause)) == NULL)
		return -1;
	/* The new folder's store in this one's place; the old one goes. */
	old = *st;
	*st = *fresh;
	*fresh = old;
	store_close(fresh);
	return 1;
}
