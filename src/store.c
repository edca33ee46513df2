/* SPDX-License-Identifier: ISC */
#include <sys/stat.h>

#include <dirent.h>
#include <errno.h>
#include <fcntl.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <time.h>
#include <unistd.h>

#include "article.h"
#include "buf.h"
#include "fileio.h"
#include "log.h"
#include "meta.h"
#include "normalize.h"
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
	int64_t			seen;	/* when first seen */
	uint64_t		moff;	/* its record in the journal, or 0 */
	uint32_t		src;	/* its source: st->sources[src] */
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

/*
 * The key of a link in the link table is its store_link_hash mixed with
 * its source's key, so that a link finds only the same source's articles;
 * the articles of no known source (a collection older than the journal)
 * have key 0.
 */
struct link_slot {
	uint64_t	link;
	uint64_t	hash;
	int		used;
};

/* A source of articles: src 0 is "", no known source. */
struct store_source {
	char		*name;
	struct meta_source info;	/* what its feed says; name unused */
	uint64_t	 key;		/* 64 bits of the SHA-256 of the name */
	size_t		 count;		/* its articles */
	size_t		 keep;		/* 0: the store's default */
};

/* What the journal said of an article, while the folder is read. */
struct journal_slot {
	uint64_t	hash;
	uint64_t	off;
	int64_t		seen;
	uint32_t	src;
	int		used;
};

struct journal {
	struct store		*st;
	struct journal_slot	*v;
	size_t			 n, count;	/* n: a power of two */
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
	struct store_source	*sources;
	size_t			 nsources;
	uint32_t		*srcmap;	/* key to src + 1, or 0 */
	size_t			 nsrcmap;	/* a power of two */
	size_t			 keep;		/* the default; 0: no limit */
	struct meta		*meta;		/* the journal, or NULL */
	struct buf		 records;	/* for the journal, not written */
	struct store_pending	*pending;	/* which record is whose */
	size_t			 npending;
	size_t			 jlines;	/* lines the journal holds */
	int			 mfd;		/* the journal, to read; or -1 */
};

/* A record not yet written: its article, and where in st->records. */
struct store_pending {
	uint64_t	hash;		/* 0: a source's record */
	size_t		at;
};

/* A batch taken out of the store to be committed on another thread. */
struct store_sealed {
	struct file_batch	*batch;
	unsigned int		 gen;
};

static struct store_slot *store_slot(const struct store *, uint64_t);
static void		 store_source_apply(struct store *, uint32_t,
			     const struct meta_source *);
static struct link_slot	*store_link_slot(const struct store *, uint64_t);
static struct store_slot *store_insert(struct store *,
			     const struct store_entry *, uint32_t);
static void		 store_link(struct store *, uint64_t, uint64_t);
static uint64_t		 store_link_hash(const char *);
static int		 store_compare(struct store *,
			     const struct store_slot *, struct article *, int,
			     struct buf *);
static int		 store_cmp_newest(const void *, const void *);
static void		 store_index_load(struct store_index *, int);
static size_t		 store_index_home(uint64_t, uint64_t, size_t);
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

/*
 * Index e (a new entry, or new values for one); a new one is of the
 * source src.  Returns its slot.
 */
static struct store_slot *
store_insert(struct store *st, const struct store_entry *e, uint32_t src)
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
	if (!s->used) {
		st->count++;
		s->src = src;
		st->sources[src].count++;
	}
	s->used = 1;
	s->e = *e;
	if (e->seq >= st->next_seq)
		st->next_seq = e->seq + 1;
	return s;
}

/*
 * Forget slot s of an open-addressing table of n slots (a power of two)
 * of size bytes each, whose home is home(slot): the slots after it that
 * probed past it move back, so that every lookup still finds its own.
 */
static void
store_table_delete(void *table, size_t n, size_t size, size_t i,
    size_t (*home)(const void *), int (*used)(const void *))
{
	char	*v = table;
	size_t	 j = i, k;

	for (;;) {
		j = (j + 1) & (n - 1);
		if (!used(v + j * size))
			break;
		k = home(v + j * size) & (n - 1);
		/* k cyclically in (i, j]: it may stay where it is. */
		if (i <= j ? (i < k && k <= j) : (i < k || k <= j))
			continue;
		memcpy(v + i * size, v + j * size, size);
		i = j;
	}
	memset(v + i * size, 0, size);
}

static size_t
store_slot_home(const void *p)
{
	return (size_t)((const struct store_slot *)p)->e.hash;
}

static int
store_slot_used(const void *p)
{
	return ((const struct store_slot *)p)->used;
}

static size_t
store_link_home(const void *p)
{
	return (size_t)((const struct link_slot *)p)->link;
}

static int
store_link_used(const void *p)
{
	return ((const struct link_slot *)p)->used;
}

/* Forget the link key lk if it is hash's. */
static void
store_unlink(struct store *st, uint64_t lk, uint64_t hash)
{
	struct link_slot	*l;

	if (st->nlinks == 0 || !(l = store_link_slot(st, lk))->used ||
	    l->hash != hash)
		return;
	store_table_delete(st->links, st->nlinks, sizeof *st->links,
	    (size_t)(l - st->links), store_link_home, store_link_used);
	st->linkcount--;
}

/* Forget the article of slot s (its file is gone). */
static void
store_forget(struct store *st, struct store_slot *s)
{
	uint64_t	hash = s->e.hash;

	store_unlink(st, s->url ^ st->sources[s->src].key, hash);
	store_unlink(st, s->url, hash);
	st->sources[s->src].count--;
	store_table_delete(st->slots, st->nslots, sizeof *st->slots,
	    (size_t)(s - st->slots), store_slot_home, store_slot_used);
	st->count--;
}

/* 64 bits of the SHA-256 of a source's name, never 0; 0 for "". */
static uint64_t
store_source_key(const char *name)
{
	struct sha256	 ctx;
	uint8_t		 d[SHA256_DIGEST_LEN];
	uint64_t	 key;

	if (*name == '\0')
		return 0;
	sha256_init(&ctx);
	sha256_update(&ctx, "feedd-source", 13);
	sha256_update(&ctx, name, strlen(name));
	sha256_final(&ctx, d);
	key = sha256_u64(d);
	return key != 0 ? key : 1;
}

/* Place source number src in the map of names. */
static void
store_source_map(struct store *st, uint32_t src)
{
	size_t	i;

	for (i = st->sources[src].key & (st->nsrcmap - 1); st->srcmap[i] != 0;
	    i = (i + 1) & (st->nsrcmap - 1))
		;
	st->srcmap[i] = src + 1;
}

/* The number of the source named name, made when it is new. */
static uint32_t
store_source(struct store *st, const char *name)
{
	struct store_source	*v;
	uint64_t		 key = store_source_key(name);
	size_t			 i;

	if (key == 0)
		return 0;
	for (i = key & (st->nsrcmap - 1); st->srcmap[i] != 0;
	    i = (i + 1) & (st->nsrcmap - 1)) {
		v = &st->sources[st->srcmap[i] - 1];
		if (v->key == key && strcmp(v->name, name) == 0)
			return st->srcmap[i] - 1;
	}
	st->sources = xreallocarray(st->sources, st->nsources + 1,
	    sizeof *st->sources);
	v = &st->sources[st->nsources++];
	memset(v, 0, sizeof *v);
	v->name = xstrdup(name);
	v->key = key;
	if (st->nsources * 2 > st->nsrcmap) {
		free(st->srcmap);
		st->nsrcmap *= 2;
		st->srcmap = xcalloc(st->nsrcmap, sizeof *st->srcmap);
		for (i = 0; i < st->nsources; i++)
			store_source_map(st, (uint32_t)i);
	} else
		store_source_map(st, (uint32_t)(st->nsources - 1));
	return (uint32_t)(st->nsources - 1);
}

/* The table of sources, with "" (no known source) as number 0. */
static void
store_sources_init(struct store *st)
{
	st->nsrcmap = 64;
	st->srcmap = xcalloc(st->nsrcmap, sizeof *st->srcmap);
	st->sources = xcalloc(1, sizeof *st->sources);
	st->sources[0].name = xstrdup("");
	st->nsources = 1;
}

/* How many articles of source src are kept. */
static size_t
store_keep_of(const struct store *st, uint32_t src)
{
	size_t	keep = st->sources[src].keep ? st->sources[src].keep : st->keep;

	return keep ? keep : (size_t)-1;
}

void
store_set_keep(struct store *st, const char *source, size_t keep)
{
	if (source == NULL)
		st->keep = keep;
	else
		st->sources[store_source(st, source)].keep = keep;
}

void
store_keep_clear(struct store *st)
{
	size_t	i;

	for (i = 0; i < st->nsources; i++)
		st->sources[i].keep = 0;
}

/* The record at off of the journal; -1 with *cause if it cannot be read. */
static int
store_meta_at(struct store *st, uint64_t off, struct meta_entry *out,
    char **cause)
{
	if (st->mfd == -1 && (st->mfd = openat(st->dfd, META_FILE, O_RDONLY |
	    O_CLOEXEC)) == -1) {
		*cause = xasprintf("%s: %s", META_FILE, strerror(errno));
		return -1;
	}
	return meta_read(st->mfd, off, out, cause);
}

int
store_meta(struct store *st, uint64_t hash, struct meta_entry *out,
    char **cause)
{
	struct store_slot	*s;
	char			*why;

	memset(out, 0, sizeof *out);
	if (st->nslots == 0 || !(s = store_slot(st, hash))->used) {
		*cause = xasprintf("%016llx: no such article",
		    (unsigned long long)hash);
		return -1;
	}
	if (s->moff != 0) {
		if (store_meta_at(st, s->moff, out, &why) == -1) {
			*cause = xasprintf("%s/%s", st->dir, why);
			free(why);
			return -1;
		}
	} else
		out->source = xstrdup(st->sources[s->src].name);
	out->hash = hash;
	out->seen = s->seen;
	return 0;
}

const struct meta_source *
store_source_info(const struct store *st, const char *name)
{
	uint64_t	key = store_source_key(name);
	size_t		i;

	for (i = key & (st->nsrcmap - 1); st->srcmap[i] != 0;
	    i = (i + 1) & (st->nsrcmap - 1)) {
		if (strcmp(st->sources[st->srcmap[i] - 1].name, name) == 0)
			return &st->sources[st->srcmap[i] - 1].info;
	}
	return NULL;
}

/* Two values the same, NULL being one. */
static int
store_same(const char *a, const char *b)
{
	return a == NULL ? b == NULL : b != NULL && strcmp(a, b) == 0;
}

/* The source's record, to be written with the next batch. */
static void
store_source_record(struct store *st, uint32_t src)
{
	struct meta_source	m = st->sources[src].info;

	if (st->meta == NULL)
		return;
	m.name = st->sources[src].name;
	st->pending = xreallocarray(st->pending, st->npending + 1,
	    sizeof *st->pending);
	st->pending[st->npending].hash = 0;
	st->pending[st->npending++].at = st->records.len;
	meta_format_source(&st->records, &m);
}

void
store_set_source_info(struct store *st, const struct meta_source *m)
{
	uint32_t		 src = store_source(st, m->name);
	struct meta_source	*info = &st->sources[src].info, next;

	if (src == 0 || (store_same(info->title, m->title) &&
	    store_same(info->link, m->link) && store_same(info->id, m->id) &&
	    store_same(info->url, m->url)))
		return;
	next = *m;
	next.tags = info->tags;		/* the configuration's, not the feed's */
	store_source_apply(st, src, &next);
	store_source_record(st, src);
}

void
store_set_source_tags(struct store *st, const char *name, const char *tags)
{
	uint32_t		 src = store_source(st, name);
	struct meta_source	*info = &st->sources[src].info;

	if (src == 0 || store_same(info->tags, tags))
		return;
	free(info->tags);
	info->tags = tags != NULL ? xstrdup(tags) : NULL;
	store_source_record(st, src);
}

size_t
store_source_count(const struct store *st, const char *name)
{
	uint64_t	key = store_source_key(name);
	size_t		i;

	if (key == 0)
		return st->sources[0].count;
	for (i = key & (st->nsrcmap - 1); st->srcmap[i] != 0;
	    i = (i + 1) & (st->nsrcmap - 1)) {
		if (strcmp(st->sources[st->srcmap[i] - 1].name, name) == 0)
			return st->sources[st->srcmap[i] - 1].count;
	}
	return 0;
}

int
store_source_has_tag(const struct store *st, const char *name,
    const char *tag)
{
	const struct meta_source	*info = store_source_info(st, name);
	const char			*p;
	size_t				 len = strlen(tag);

	if (info == NULL || info->tags == NULL)
		return 0;
	for (p = info->tags; *p != '\0'; p += strcspn(p, ","), p += *p == ',') {
		if (strncmp(p, tag, len) == 0 && (p[len] == ',' ||
		    p[len] == '\0'))
			return 1;
	}
	return 0;
}

/*
 * The journal's record of slot s, to be written with the next batch: the
 * source and first sighting of s with the rest from n (an item just
 * staged), else from the record s has (a change of source only).
 */
static void
store_record(struct store *st, const struct store_slot *s,
    const struct normalized *n)
{
	struct meta_entry	 e;
	char			*why;

	if (st->meta == NULL)
		return;
	memset(&e, 0, sizeof e);
	if (n == NULL && s->moff != 0 && store_meta_at(st, s->moff, &e,
	    &why) == -1) {
		log_warnx("%s: %s", st->dir, why);
		free(why);
	}
	if (n != NULL) {
		e.published = n->has_published ? n->published : 0;
		e.updated = n->has_updated ? n->updated : 0;
		e.authors = n->authors;
		e.nauthors = n->nauthors;
		e.categories = n->categories;
		e.ncategories = n->ncategories;
		e.enclosures = n->enclosures;
		e.nenclosures = n->nenclosures;
	}
	free(e.source);
	e.hash = s->e.hash;
	e.source = st->sources[s->src].name;
	e.seen = s->seen;
	st->pending = xreallocarray(st->pending, st->npending + 1,
	    sizeof *st->pending);
	st->pending[st->npending].hash = e.hash;
	st->pending[st->npending++].at = st->records.len;
	meta_format(&st->records, &e);
	e.source = NULL;
	if (n != NULL)
		memset(&e, 0, sizeof e);	/* n's, not ours */
	meta_entry_free(&e);
}

/* Write the records made since the last time into the journal. */
static int
store_records_flush(struct store *st, char **cause)
{
	struct store_slot	*s;
	uint64_t		 at;
	size_t			 i;

	if (st->meta == NULL || st->records.len == 0)
		return 0;
	if (meta_append(st->meta, st->records.data, st->records.len, &at,
	    cause) == -1)
		return -1;
	/* In order: the later record of a hash is the one that holds. */
	for (i = 0; i < st->npending; i++) {
		if (st->pending[i].hash != 0 && st->nslots > 0 &&
		    (s = store_slot(st, st->pending[i].hash))->used)
			s->moff = at + st->pending[i].at;
	}
	st->jlines += st->npending;
	st->npending = 0;
	buf_reset(&st->records);
	return 0;
}

/* Slot s, of no known source, turns out to be src's. */
static void
store_adopt(struct store *st, struct store_slot *s, uint32_t src)
{
	st->sources[s->src].count--;
	s->src = src;
	st->sources[src].count++;
	store_link(st, s->url ^ st->sources[src].key, s->e.hash);
	store_record(st, s, NULL);
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
 * Where an index entry's probe starts: from its hash and its sequence
 * number both, so that entries that share a hash (duplicates in a folder,
 * or an index made to collide) spread out instead of making one long run
 * that every insertion walks (quadratic: 11.9 s for 100,000 such lines).
 */
static size_t
store_index_home(uint64_t hash, uint64_t seq, size_t n)
{
	uint64_t	k = hash ^ (seq * 0x9e3779b97f4a7c15ULL);

	k ^= k >> 29;
	return (size_t)k & (n - 1);
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
		/* A line that repeats one (same article) takes its place. */
		for (i = store_index_home(hash, seq, ix->n); ix->v[i].used &&
		    !(ix->v[i].hash == hash && ix->v[i].seq == seq);
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
	for (i = store_index_home(hash, seq, ix->n); ix->v[i].used;
	    i = (i + 1) & (ix->n - 1)) {
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

/* The journal's slot of hash, or the empty slot where it would go. */
static struct journal_slot *
store_journal_slot(const struct journal *j, uint64_t hash)
{
	size_t	i = hash & (j->n - 1);

	while (j->v[i].used && j->v[i].hash != hash)
		i = (i + 1) & (j->n - 1);
	return &j->v[i];
}

/* What a source's record says, into the table of sources. */
static void
store_source_apply(struct store *st, uint32_t src, const struct meta_source *m)
{
	struct meta_source	*info = &st->sources[src].info, next;

	/* Copies first: m may point into info. */
	memset(&next, 0, sizeof next);
	next.title = m->title != NULL ? xstrdup(m->title) : NULL;
	next.link = m->link != NULL ? xstrdup(m->link) : NULL;
	next.id = m->id != NULL ? xstrdup(m->id) : NULL;
	next.url = m->url != NULL ? xstrdup(m->url) : NULL;
	next.tags = m->tags != NULL ? xstrdup(m->tags) : NULL;
	meta_source_free(info);
	*info = next;
}

/* meta_load: one record; a later one of the same hash replaces it. */
static void
store_journal_cb(void *arg, const struct meta_line *ml)
{
	struct journal		*j = arg;
	struct journal_slot	*old = j->v, *v;
	size_t			 n = j->n, i;

	if (ml->source != NULL) {
		store_source_apply(j->st, store_source(j->st,
		    ml->source->name), ml->source);
		return;
	}
	if ((j->count + 1) * 2 > j->n) {
		j->n = n ? n * 2 : 1024;
		j->v = xcalloc(j->n, sizeof *j->v);
		for (i = 0; i < n; i++) {
			if (old[i].used)
				*store_journal_slot(j, old[i].hash) = old[i];
		}
		free(old);
	}
	v = store_journal_slot(j, ml->entry->hash);
	if (!v->used)
		j->count++;
	v->used = 1;
	v->hash = ml->entry->hash;
	v->off = ml->off;
	v->seen = ml->entry->seen;
	v->src = store_source(j->st, ml->entry->source);
}

/* What the journal says of slot s; without a record: no known source. */
static void
store_journal_apply(struct store *st, const struct journal *j,
    struct store_slot *s, const struct stat *sb)
{
	const struct journal_slot	*v;

	if (j->n > 0 && (v = store_journal_slot(j, s->e.hash))->used) {
		st->sources[s->src].count--;
		s->src = v->src;
		st->sources[s->src].count++;
		s->seen = v->seen;
		s->moff = v->off;
	} else
		s->seen = (int64_t)sb->st_ctim.tv_sec;
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
    const struct store_index *ix, const struct journal *j)
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
	s = store_insert(st, &e, 0);
	s->url = url;
	store_journal_apply(st, j, s, &sb);
	article_name(canon, e.seq, e.hash);
	s->width = strcmp(canon, name) == 0 ? 0 :
	    (uint8_t)(strchr(name, '_') - name);
	if (!(flags & STORE_NOLINKS))
		store_link(st, url ^ st->sources[s->src].key, e.hash);
}

/* Read the folder's files into the store. */
static void
store_scan(struct store *st, DIR *d, const struct store_index *ix,
    const struct journal *j)
{
	struct dirent	*de;

	while ((de = readdir(d)) != NULL) {
		/* What a crash left: never renamed, so never part of it. */
		if (strncmp(de->d_name, FILEIO_TEMP_PREFIX,
		    strlen(FILEIO_TEMP_PREFIX)) == 0) {
			if (!(st->flags & STORE_READONLY))
				unlinkat(st->dfd, de->d_name, 0);
			continue;
		}
		/* Dot files: ".", "..", the index, the journal; no articles. */
		if (de->d_name[0] != '.')
			store_scan_file(st, st->flags, de->d_name, ix, j);
	}
}

/* Open the folder and index it. */
struct store *
store_open(const char *dir, int flags, char **cause)
{
	struct store		*st;
	struct store_index	 ix;
	struct journal		 j;
	DIR			*d;
	int			 fd, damaged;

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
	buf_init(&st->records, BUF_NOLIMIT);
	st->mfd = -1;
	store_sources_init(st);
	memset(&j, 0, sizeof j);
	j.st = st;
	st->jlines = meta_load(fd, store_journal_cb, &j, &damaged);
	if (damaged)
		log_warnx("%s/%s: damaged; its readable records are kept, "
		    "and it is written anew", dir, META_FILE);
	store_index_load(&ix, fd);
	store_scan(st, d, &ix, &j);
	closedir(d);
	free(ix.v);
	free(j.v);
	if (flags & STORE_READONLY)
		return st;
	/* A damaged journal is compacted at the next save. */
	if (damaged)
		st->jlines = (size_t)-1 / 2;
	st->meta = meta_open(fd, dir);
	if ((st->batch = file_batch_new(dir, cause)) == NULL) {
		store_close(st);
		return NULL;
	}
	return st;
}

/*
 * The journal anew into out: each source's record, and each article's
 * latest line (copied from old, the journal as it is), its new place in
 * offs (a slot's index to its offset).
 */
static void
store_compacted(const struct store *st, const struct buf *old,
    struct buf *out, uint64_t *offs)
{
	const struct store_slot	*s;
	const char		*line, *nl;
	struct meta_entry	 e;
	struct meta_source	 m;
	size_t			 i;

	meta_header(out);
	for (i = 1; i < st->nsources; i++) {
		m = st->sources[i].info;
		m.name = st->sources[i].name;
		if (m.title != NULL || m.link != NULL || m.id != NULL ||
		    m.url != NULL || m.tags != NULL)
			meta_format_source(out, &m);
	}
	/* Staged ones too: a record whose file never comes is harmless. */
	for (i = 0; i < st->nslots; i++) {
		s = &st->slots[i];
		if (!s->used)
			continue;
		offs[i] = out->len;
		if (s->moff != 0 && s->moff < old->len) {
			line = old->data + s->moff;
			if ((nl = memchr(line, '\n', old->len -
			    (size_t)s->moff)) != NULL) {
				buf_add(out, line, (size_t)(nl - line) + 1);
				continue;
			}
		}
		memset(&e, 0, sizeof e);
		e.hash = s->e.hash;
		e.source = st->sources[s->src].name;
		e.seen = s->seen;
		meta_format(out, &e);
	}
}

/*
 * Write the journal anew with one record per article and source, when
 * most of its lines are old ones (or it was damaged).
 */
static int
store_compact(struct store *st, char **cause)
{
	struct buf	 old, out;
	uint64_t	*offs;
	size_t		 i;
	char		*why;
	int		 rv;

	if (st->meta == NULL || st->jlines <= 2 * st->count + 1024)
		return 0;
	/* What is not written yet goes first: every line is then in old. */
	if (store_records_flush(st, cause) == -1)
		return -1;
	buf_init(&old, META_MAX);
	if (file_read_at(st->dfd, META_FILE, &old, &why) == -1)
		free(why);	/* damaged or gone: the slots say enough */
	buf_init(&out, BUF_NOLIMIT);
	offs = xcalloc(st->nslots > 0 ? st->nslots : 1, sizeof *offs);
	store_compacted(st, &old, &out, offs);
	if ((rv = meta_rewrite(st->meta, out.data, out.len, cause)) == 0) {
		for (i = 0; i < st->nslots; i++) {
			if (st->slots[i].used)
				st->slots[i].moff = offs[i];
		}
		st->jlines = st->count + st->nsources;
		if (st->mfd != -1)
			close(st->mfd);	/* the old file's */
		st->mfd = -1;
	}
	free(offs);
	buf_free(&old);
	buf_free(&out);
	return rv;
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

	if (store_records_flush(st, cause) == -1 ||
	    store_compact(st, cause) == -1)
		return -1;
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

/*
 * The article of source src whose link has the store_link_hash lh; else
 * one of no known source; else NULL.
 */
static struct store_slot *
store_find_link(const struct store *st, uint64_t lh, uint32_t src)
{
	struct store_slot	*s;
	struct link_slot	*l;

	if (st->nlinks == 0)
		return NULL;
	l = store_link_slot(st, lh ^ st->sources[src].key);
	if (l->used && (s = store_slot(st, l->hash))->used && s->src == src)
		return s;
	if (src == 0)
		return NULL;
	l = store_link_slot(st, lh);
	if (l->used && (s = store_slot(st, l->hash))->used && s->src == 0)
		return s;
	return NULL;
}

/*
 * The slot the item it of source src is, or NULL: by its identity; by the
 * identities of versions before 0.2 and 0.3, for the same source or none; by its
 * own link, among the same source's articles, then among those of none.
 * The first may be another source's article: the caller says no.
 */
static struct store_slot *
store_find(const struct store *st, const struct store_item *it, uint32_t src)
{
	struct store_slot	*s;
	int			 i;

	if (st->nslots == 0)
		return NULL;
	if ((s = store_slot(st, it->hash))->used)
		return s;
	for (i = 0; i < 2; i++) {
		if (it->legacy[i] != 0 &&
		    (s = store_slot(st, it->legacy[i]))->used &&
		    (s->src == src || s->src == 0))
			return s;
	}
	if (it->link == NULL || *it->link == '\0')
		return NULL;
	return store_find_link(st, store_link_hash(it->link), src);
}

void
store_item_of(struct store_item *it, struct normalized *n, const char *source)
{
	memset(it, 0, sizeof *it);
	it->hash = n->hash;
	it->legacy[0] = n->legacy[0];
	it->legacy[1] = n->legacy[1];
	it->source = source != NULL ? source : "";
	it->link = n->link;
	it->article = &n->article;
	it->dated = n->dated;
	it->when = n->when;
	it->n = n;
}

/* What store_add would say. */
enum store_result
store_check(struct store *st, const struct store_item *it)
{
	struct store_slot	*s;
	struct buf		 out;
	uint32_t		 src = store_source(st, it->source);
	int			 same;

	if ((s = store_find(st, it, src)) == NULL)
		return STORE_NEW;
	if (s->staged || (s->src != src && s->src != 0))
		return STORE_SAME;
	buf_init(&out, BUF_NOLIMIT);
	same = store_compare(st, s, it->article, it->dated, &out);
	buf_free(&out);
	return same ? STORE_SAME : STORE_UPDATED;
}

/*
 * The entry of it: e, a copy of what slot s (or NULL: none) holds,
 * with new values.  *result says which; STORE_SAME needs no write, and
 * out holds the article's file form otherwise.
 */
static void
store_entry_of(struct store *st, struct store_slot *s,
    const struct store_item *it, struct store_entry *e, struct buf *out,
    enum store_result *result)
{
	memset(e, 0, sizeof *e);
	if (s != NULL) {
		/* The same article twice in one batch: the first wins. */
		if (s->staged || store_compare(st, s, it->article, it->dated,
		    out)) {
			*result = STORE_SAME;
			return;
		}
		*result = STORE_UPDATED;
		*e = s->e;
		if (it->dated)
			e->time = it->when;
	} else {
		article_format(it->article, out);
		*result = STORE_NEW;
		e->hash = it->hash;
		e->seq = st->next_seq;
		e->time = it->when;
	}
	e->date = it->article->date;
}

/* Stage it for the next commit. */
int
store_add(struct store *st, const struct store_item *it,
    enum store_result *result, char **cause)
{
	struct store_slot	*s;
	struct store_entry	 e;
	struct buf		 out;
	char			 name[ARTICLE_NAME_SIZE], *why;
	const char		*link = it->link;
	uint32_t		 src;
	int64_t			 seen;
	int			 rv = -1;

	if (st->batch == NULL) {
		*cause = xasprintf("%s: opened read-only", st->dir);
		return -1;
	}
	src = store_source(st, it->source);
	if ((s = store_find(st, it, src)) != NULL && s->src != src) {
		if (s->src != 0) {
			*cause = xasprintf("%016llx: the identity of an "
			    "article of source \"%s\"", (unsigned long long)
			    s->e.hash, st->sources[s->src].name);
			return -1;
		}
		store_adopt(st, s, src);
	}
	buf_init(&out, BUF_NOLIMIT);
	store_entry_of(st, s, it, &e, &out, result);
	if (*result == STORE_SAME) {
		buf_free(&out);
		return 0;
	}
	seen = s != NULL ? s->seen : (int64_t)time(NULL);
	s = &(struct store_slot){ .e = e, .width = s != NULL ? s->width : 0 };
	store_slot_name(s, name);
	if (article_validate(out.data, out.len, &why) == -1) {
		*cause = xasprintf("%s: %s", name, why);
		free(why);
		goto done;
	}
	if (file_batch_add(st->batch, name, out.data, out.len, e.time,
	    cause) == -1)
		goto done;
	s = store_insert(st, &e, src);
	s->staged = st->gen;
	s->seen = seen;
	s->url = store_link_hash(it->article->url);
	/* The record's place is known once it is written. */
	store_link(st, s->url ^ st->sources[src].key, e.hash);
	if (link != NULL && *link != '\0' && strcmp(link, it->article->url) != 0)
		store_link(st, store_link_hash(link) ^ st->sources[src].key,
		    e.hash);
	/* A new article has a record; a changed one when n has news. */
	if (it->n != NULL || *result == STORE_NEW)
		store_record(st, s, it->n);
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
	/* The records first: the batch's syncfs makes them durable too. */
	if (store_records_flush(st, cause) == -1 ||
	    file_batch_commit(st->batch, cause) == -1)
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
	/* The records first: the batch's syncfs makes them durable too. */
	if (store_records_flush(st, cause) == -1 ||
	    (fresh = file_batch_new(st->dir, cause)) == NULL)
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

const char *
store_source_of(const struct store *st, uint64_t hash)
{
	const struct store_slot	*s;

	if (st->nslots == 0 || !(s = store_slot(st, hash))->used)
		return NULL;
	return st->sources[s->src].name;
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

/* Newest first: by first sighting, then sequence number. */
static int
store_cmp_arrival(const void *pa, const void *pb)
{
	const struct store_entry	*a = pa, *b = pb;

	if (a->seen != b->seen)
		return a->seen < b->seen ? 1 : -1;
	if (a->seq != b->seq)
		return a->seq < b->seq ? 1 : -1;
	return 0;
}

/* Restore the heap below i (its root the least new of the kept). */
static void
store_heap_down(struct store_entry *h, size_t n, size_t i,
    int (*cmp)(const void *, const void *))
{
	struct store_entry	t;
	size_t			c;

	while ((c = 2 * i + 1) < n) {
		if (c + 1 < n && cmp(&h[c + 1], &h[c]) > 0)
			c++;
		if (cmp(&h[c], &h[i]) <= 0)
			break;
		t = h[i];
		h[i] = h[c];
		h[c] = t;
		i = c;
	}
}

/* Add e to the heap of at most max kept. */
static void
store_heap_add(struct store_entry *h, size_t *n, size_t max,
    const struct store_entry *e, int (*cmp)(const void *, const void *))
{
	struct store_entry	t;
	size_t			i, p;

	if (*n == max) {
		/* Kept only when newer than the least new kept. */
		if (cmp(e, &h[0]) >= 0)
			return;
		h[0] = *e;
		store_heap_down(h, *n, 0, cmp);
		return;
	}
	h[i = (*n)++] = *e;
	while (i > 0 && cmp(&h[p = (i - 1) / 2], &h[i]) < 0) {
		t = h[i];
		h[i] = h[p];
		h[p] = t;
		i = p;
	}
}

/* The n newest committed articles that filter takes, newest first. */
size_t
store_select(const struct store *st, enum store_order order,
    const struct store_filter *filter, struct store_entry *out, size_t n)
{
	int			(*cmp)(const void *, const void *) =
				    order == STORE_BY_ARRIVAL ?
				    store_cmp_arrival : store_cmp_newest;
	const struct store_slot	*s;
	struct store_entry	 e;
	size_t			 i, k = 0;

	if (n == 0)
		return 0;
	for (i = 0; i < st->nslots; i++) {
		s = &st->slots[i];
		/* Not committed yet: no file to read by its name. */
		if (!s->used || s->staged)
			continue;
		e = s->e;
		e.seen = s->seen;
		e.source = st->sources[s->src].name;
		if (filter != NULL && ((filter->source != NULL &&
		    strcmp(filter->source, e.source) != 0) ||
		    (filter->want != NULL && !filter->want(filter->arg, &e))))
			continue;
		store_heap_add(out, &k, n, &e, cmp);
	}
	qsort(out, k, sizeof *out, cmp);
	return k;
}

/* The n newest articles by date, newest first. */
size_t
store_newest(const struct store *st, struct store_entry *out, size_t n)
{
	return store_select(st, STORE_BY_DATE, NULL, out, n);
}

/* An article that may go, and its source. */
struct store_victim {
	struct store_entry	e;
	uint32_t		src;
};

/* By source, then newest first. */
static int
store_cmp_victim(const void *pa, const void *pb)
{
	const struct store_victim	*a = pa, *b = pb;

	if (a->src != b->src)
		return a->src < b->src ? -1 : 1;
	return store_cmp_newest(&a->e, &b->e);
}

/*
 * The committed articles of every source that has more than it keeps,
 * by source and newest first, into *out; returns how many.
 */
static size_t
store_over(const struct store *st, struct store_victim **out)
{
	const struct store_slot	*s;
	unsigned char		*over;
	size_t			 i, n = 0, k = 0;

	over = xcalloc(st->nsources, 1);
	for (i = 0; i < st->nsources; i++) {
		over[i] = st->sources[i].count > store_keep_of(st, (uint32_t)i);
		n += over[i] ? st->sources[i].count : 0;
	}
	*out = NULL;
	if (n > 0) {
		*out = xcalloc(n, sizeof **out);
		for (i = 0; i < st->nslots; i++) {
			s = &st->slots[i];
			if (s->used && !s->staged && over[s->src]) {
				(*out)[k].e = s->e;
				(*out)[k++].src = s->src;
			}
		}
		qsort(*out, k, sizeof **out, store_cmp_victim);
	}
	free(over);
	return k;
}

/* Remove the article e's file and forget it; -1 with *cause if it stays. */
static int
store_remove(struct store *st, const struct store_entry *e, char **cause)
{
	struct store_slot	*s = store_slot(st, e->hash);
	char			 name[ARTICLE_NAME_SIZE];

	store_slot_name(s, name);
	if (unlinkat(st->dfd, name, 0) == -1 && errno != ENOENT) {
		*cause = xasprintf("%s/%s: %s", st->dir, name, strerror(errno));
		return -1;
	}
	store_forget(st, s);
	return 0;
}

/* Remove the oldest articles of each source beyond what it keeps. */
int
store_prune(struct store *st, size_t max, size_t *pruned, int *more,
    char **cause)
{
	struct store_victim	*v;
	size_t			 n, i, first, drop, kept;
	uint32_t		 src;
	char			*why;
	int			 rv = 0;

	*pruned = 0;
	*more = 0;
	n = store_over(st, &v);
	for (first = 0; first < n; first = i) {
		src = v[first].src;
		for (i = first; i < n && v[i].src == src; i++)
			;
		/* Staged ones count: they are the newest to come. */
		drop = st->sources[src].count - store_keep_of(st, src);
		kept = i - first > drop ? i - first - drop : 0;
		for (; first + kept < i; kept++) {
			if (*pruned >= max) {
				*more = 1;
				break;
			}
			if (store_remove(st, &v[first + kept].e, &why) == -1) {
				if (rv == 0)
					*cause = why;
				else
					free(why);
				rv = -1;
				continue;
			}
			(*pruned)++;
		}
	}
	free(v);
	if (*pruned > 0) {
		fsync(st->dfd);
		st->index_stale = 1;
	}
	return rv;
}

void
store_close(struct store *st)
{
	size_t	i;

	if (st == NULL)
		return;
	file_batch_free(st->batch);
	meta_close(st->meta);
	if (st->mfd != -1)
		close(st->mfd);
	if (st->dfd != -1)
		close(st->dfd);
	buf_free(&st->scratch);
	buf_free(&st->records);
	for (i = 0; i < st->nsources; i++) {
		free(st->sources[i].name);
		meta_source_free(&st->sources[i].info);
	}
	free(st->pending);
	free(st->sources);
	free(st->srcmap);
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
	size_t		 i;

	if (store_in_place(st))
		return 0;
	if (mkdir(st->dir, 0755) == -1 && errno != EEXIST) {
		*cause = xasprintf("%s: %s", st->dir, strerror(errno));
		return -1;
	}
	if ((fresh = store_open(st->dir, st->flags, cause)) == NULL)
		return -1;
	/* What each source keeps holds in the new folder too. */
	fresh->keep = st->keep;
	for (i = 1; i < st->nsources; i++) {
		if (st->sources[i].keep != 0)
			store_set_keep(fresh, st->sources[i].name,
			    st->sources[i].keep);
	}
	/* The new folder's store in this one's place; the old one goes. */
	old = *st;
	*st = *fresh;
	*fresh = old;
	store_close(fresh);
	return 1;
}
