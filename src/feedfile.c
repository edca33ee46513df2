/* SPDX-License-Identifier: ISC */
#include <fcntl.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <time.h>

#include "article.h"
#include "buf.h"
#include "conf.h"
#include "date.h"
#include "meta.h"
#include "sha256.h"
#include "state.h"
#include "feedfile.h"
#include "fileio.h"
#include "http.h"
#include "publish.h"
#include "store.h"
#include "xmalloc.h"

/*
 * The feed of one source or one tag, made when it is asked for and kept
 * until the collection changes (gen); at most FEEDFILE_VIEWS of them, the
 * one asked for longest ago making room.
 */
#define FEEDFILE_VIEWS	64

struct feedview {
	char		*path;		/* "/sources/NAME.atom", or NULL */
	struct buf	 bytes;
	char		 etag[PUBLISH_ETAG_SIZE];
	int64_t		 mtime;		/* when its bytes last changed */
	unsigned int	 gen;		/* of the collection it was made of */
	uint64_t	 used;		/* when last asked for (a count) */
};

/*
 * A source failing for longer than failure_entry_after has an entry in
 * the feeds that would carry its articles, so that subscribers learn of
 * it in their reader: a new one (a new id) when its error changes, none
 * once it works again.
 */
struct feedfile_notice {
	struct atom_entry	 entry;
	struct meta_source	 info;		/* its URL, for <source> */
	struct article		 article;
	char			*paras[2];
};

struct feedfile {
	const struct state	*state;
	uint64_t		 notices;	/* a hash of those published */
	struct buf	 bytes;		/* as served; empty before the first */
	char		 etag[PUBLISH_ETAG_SIZE];
	int64_t		 mtime;
	int		 unwritten;	/* bytes served, not in the file */
	unsigned int	 gen;		/* bumped by each update */
	uint64_t	 asked;
	struct feedview	 views[FEEDFILE_VIEWS];
};

struct feedfile *
feedfile_new(const struct state *state)
{
	struct feedfile	*ff;

	ff = xcalloc(1, sizeof *ff);
	ff->state = state;
	buf_init(&ff->bytes, BUF_NOLIMIT);
	return ff;
}

void
feedfile_free(struct feedfile *ff)
{
	size_t	i;

	if (ff == NULL)
		return;
	buf_free(&ff->bytes);
	for (i = 0; i < FEEDFILE_VIEWS; i++) {
		free(ff->views[i].path);
		buf_free(&ff->views[i].bytes);
	}
	free(ff);
}

/* Whether out is what the file holds: in memory, or read at the start. */
static int
feedfile_same(const struct feedfile *ff, const char *dir,
    const struct buf *out)
{
	struct buf	 old;
	char		*path, *why = NULL;
	int		 same;

	if (ff->unwritten)
		return 0;
	if (ff->bytes.len > 0)
		return ff->bytes.len == out->len &&
		    memcmp(ff->bytes.data, out->data, out->len) == 0;
	path = xasprintf("%s/feed.atom", dir);
	buf_init(&old, out->len + 1);
	same = file_read_at(AT_FDCWD, path, &old, &why) == 0 &&
	    old.len == out->len && memcmp(old.data, out->data, out->len) == 0;
	free(why);
	free(path);
	buf_free(&old);
	return same;
}

/* Whether the tags "a,b" (or NULL) hold tag. */
static int
feedfile_has_tag(const char *tags, const char *tag)
{
	const char	*p;
	size_t		 len = strlen(tag);

	for (p = tags; p != NULL && *p != '\0'; p += strcspn(p, ","),
	    p += *p == ',') {
		if (strncmp(p, tag, len) == 0 && (p[len] == ',' ||
		    p[len] == '\0'))
			return 1;
	}
	return 0;
}

/* The notice of failing source cs, whose state is st, into n. */
static void
feedfile_notice(const struct conf *c, const struct conf_source *cs,
    const struct source_state *st, struct feedfile_notice *n)
{
	struct sha256	 ctx;
	uint8_t		 d[SHA256_DIGEST_LEN];
	char		 since[DATE_RFC3339_SIZE], id[32];
	const char	*error = st->last_error != NULL ? st->last_error : "?";

	date_rfc3339(st->fail_since, since);
	snprintf(id, sizeof id, "%lld", (long long)st->fail_since);
	sha256_init(&ctx);
	sha256_update(&ctx, "feedd-notice", 13);
	sha256_update(&ctx, cs->name, strlen(cs->name) + 1);
	sha256_update(&ctx, id, strlen(id) + 1);
	sha256_update(&ctx, error, strlen(error));
	sha256_final(&ctx, d);
	memset(n, 0, sizeof *n);
	n->article.title = xasprintf("feedd: %s has been failing since "
	    "%.10s %.5s UTC", cs->name, since, since + 11);
	n->article.date = date_yyyymmdd(st->fail_since);
	n->article.url = st->url != NULL ? st->url : cs->url;
	n->paras[0] = xasprintf("The source %s (%s) has failed %lld times in "
	    "a row since %.10s %.5s UTC. The last error: %s.", cs->name,
	    n->article.url, (long long)st->failures, since, since + 11, error);
	n->paras[1] = xasprintf("Its articles stop here until it works "
	    "again. To see why, run: feedd --explain %s. If the feed moved, "
	    "give its new url in feedd.conf; if it is gone, remove its "
	    "section or set enabled = no.", cs->name);
	n->article.body = n->paras;
	n->article.nbody = 2;
	n->entry.article = &n->article;
	n->entry.hash = sha256_u64(d);
	n->entry.updated = st->fail_since + c->failure_entry_after;
	n->entry.source = cs->name;
	n->info.url = (char *)n->article.url;
	n->entry.source_updated = n->entry.updated;
}

/*
 * The notices of the failing sources that the feed of source (or, if not
 * NULL, of tag; else the whole collection) carries; how many.
 */
static size_t
feedfile_notices(const struct feedfile *ff, const struct conf *c,
    const char *source, const char *tag, struct feedfile_notice **out)
{
	const struct conf_source	*cs;
	const struct source_state	*st;
	int64_t				 now = (int64_t)time(NULL);
	size_t				 i, n = 0;

	*out = NULL;
	for (i = 0; c->failure_entry_after > 0 && i < ff->state->n; i++) {
		st = &ff->state->v[i];
		if (st->failures == 0 || st->fail_since == 0 ||
		    now - st->fail_since < c->failure_entry_after ||
		    (cs = conf_source(c, st->name)) == NULL || !cs->enabled ||
		    (source != NULL && strcmp(source, cs->name) != 0) ||
		    (tag != NULL && !feedfile_has_tag(cs->tags, tag)))
			continue;
		*out = xreallocarray(*out, n + 1, sizeof **out);
		feedfile_notice(c, cs, st, &(*out)[n++]);
	}
	return n;
}

static void
feedfile_notices_free(struct feedfile_notice *v, size_t n, struct atom_entry
    **entries)
{
	size_t	i;

	for (i = 0; i < n; i++) {
		free(v[i].article.title);
		free(v[i].paras[0]);
		free(v[i].paras[1]);
	}
	free(v);
	free(*entries);
	*entries = NULL;
}

/* The notices as the entries publish takes; *entries is new. */
static void
feedfile_entries(const struct feedfile_notice *v, size_t n,
    struct atom_entry **entries)
{
	size_t	i;

	*entries = xcalloc(n + 1, sizeof **entries);
	for (i = 0; i < n; i++) {
		(*entries)[i] = v[i].entry;
		(*entries)[i].source_info = &v[i].info;
	}
}

/* A hash of the notices of the whole collection, to see them change. */
static uint64_t
feedfile_notices_hash(const struct feedfile_notice *v, size_t n)
{
	uint64_t	h = 1469598103934665603ULL;
	size_t		i;

	for (i = 0; i < n; i++)
		h = (h ^ v[i].entry.hash) * 1099511628211ULL;
	return h;
}

int
feedfile_notices_changed(const struct feedfile *ff, const struct conf *c)
{
	struct feedfile_notice	*v;
	struct atom_entry	*e = NULL;
	size_t			 n = feedfile_notices(ff, c, NULL, NULL, &v);
	uint64_t		 h = feedfile_notices_hash(v, n);

	feedfile_notices_free(v, n, &e);
	return h != ff->notices;
}

int
feedfile_update(struct feedfile *ff, struct store *st, const struct conf *c,
    char **cause)
{
	struct publish_settings	 ps;
	struct feedfile_notice	*notices;
	struct atom_entry	*entries;
	struct buf		 out;
	char			*id = NULL;
	size_t			 nn;
	int			 rv = 0;

	ff->gen++;	/* every view is made anew when next asked for */
	memset(&ps, 0, sizeof ps);
	ps.feed.title = c->feed_title;
	ps.feed.self = c->feed_self;
	ps.feed.author = c->feed_title;
	ps.feed.id = c->feed_id != NULL ? c->feed_id : c->feed_self;
	if (ps.feed.id == NULL)
		ps.feed.id = id = publish_folder_id("urn:feedd:", c->state_dir);
	ps.max = (size_t)c->feed_entries;
	ps.item_times = 1;
	/* The articles seen last: every new one reaches subscribers. */
	ps.order = STORE_BY_ARRIVAL;
	nn = feedfile_notices(ff, c, NULL, NULL, &notices);
	ff->notices = feedfile_notices_hash(notices, nn);
	feedfile_entries(notices, nn, &entries);
	ps.notices = entries;
	ps.nnotices = nn;
	buf_init(&out, BUF_NOLIMIT);
	publish_feed(st, &ps, &out);
	feedfile_notices_free(notices, nn, &entries);
	free(id);
	if (!feedfile_same(ff, c->state_dir, &out))
		rv = file_write_atomic(c->state_dir, "feed.atom", out.data,
		    out.len, cause);
	ff->unwritten = rv == -1;
	/*
	 * What /feed.atom serves, with a validator from its bytes: the feed
	 * of what is committed, even when the file could not be written.
	 */
	if (ff->bytes.len != out.len ||
	    memcmp(ff->bytes.data, out.data, out.len) != 0) {
		publish_etag(out.data, out.len, ff->etag);
		ff->mtime = time(NULL);
		buf_free(&ff->bytes);
		ff->bytes = out;
		return rv;
	}
	buf_free(&out);
	return rv;
}

void
feedfile_served(const struct feedfile *ff, struct http_feed *f)
{
	if (ff->bytes.len == 0)
		return;
	f->data = ff->bytes.data;
	f->len = ff->bytes.len;
	f->etag = ff->etag;
	f->mtime = ff->mtime;
}

/* The name in path after prefix and before ".atom", checked; or NULL. */
static char *
feedfile_path_name(const char *path, const char *prefix)
{
	size_t	plen = strlen(prefix), len = strlen(path);
	char	*name, *p;

	if (strncmp(path, prefix, plen) != 0 || len < plen + 6 ||
	    strcmp(path + len - 5, ".atom") != 0)
		return NULL;
	name = xstrndup(path + plen, len - plen - 5);
	for (p = name; *p != '\0'; p++) {
		if (!((*p >= 'a' && *p <= 'z') || (*p >= 'A' && *p <= 'Z') ||
		    (*p >= '0' && *p <= '9') || strchr("._-", *p) != NULL))
			break;
	}
	if (*name == '\0' || *name == '.' || *p != '\0') {
		free(name);
		return NULL;
	}
	return name;
}

/* Whether some configured source has tag. */
static int
feedfile_tag_known(const struct conf *c, const char *tag)
{
	size_t		i, len = strlen(tag);
	const char	*p;

	for (i = 0; i < c->nsources; i++) {
		for (p = c->sources[i].tags; p != NULL && *p != '\0';
		    p += strcspn(p, ","), p += *p == ',') {
			if (strncmp(p, tag, len) == 0 && (p[len] == ',' ||
			    p[len] == '\0'))
				return 1;
		}
	}
	return 0;
}

/* store_select's filter for a tag. */
struct feedfile_tag {
	const struct store	*st;
	const char		*tag;
};

static int
feedfile_want_tag(void *arg, const struct store_entry *e)
{
	const struct feedfile_tag	*t = arg;

	return store_source_has_tag(t->st, e->source, t->tag);
}

/*
 * A view's id and self link beside the main feed's: the configured id (or
 * one made from state_dir) and self, with the view's path in them.
 */
static void
feedfile_view_settings(const struct conf *c, const char *path,
    const char *kind, const char *name, struct publish_settings *ps,
    char **id, char **self)
{
	const char	*slash;
	char		*base;

	*id = *self = NULL;
	base = c->feed_id != NULL ? xstrdup(c->feed_id) :
	    publish_folder_id("urn:feedd:", c->state_dir);
	*id = publish_view_id(base, kind, name);
	free(base);
	if (c->feed_self != NULL && (slash = strrchr(c->feed_self, '/')) !=
	    NULL)
		*self = xasprintf("%.*s%s", (int)(slash - c->feed_self),
		    c->feed_self, path);
	ps->feed.id = *id;
	ps->feed.self = *self;
	ps->feed.author = c->feed_title;
	ps->max = (size_t)c->feed_entries;
	ps->item_times = 1;
	ps->order = STORE_BY_ARRIVAL;
}

/*
 * Make the feed of path, when it names a source or a tag, into out.
 * -1 when it names neither.
 */
static int
feedfile_make(const struct feedfile *ff, struct store *st,
    const struct conf *c, const char *path, struct buf *out)
{
	struct publish_settings		 ps;
	struct store_filter		 filter;
	struct feedfile_tag		 tag;
	const struct meta_source	*info;
	struct feedfile_notice		*notices;
	struct atom_entry		*entries;
	char				*name, *id, *self, *title;
	size_t				 nn;

	memset(&ps, 0, sizeof ps);
	memset(&filter, 0, sizeof filter);
	if ((name = feedfile_path_name(path, "/sources/")) != NULL) {
		if (conf_source(c, name) == NULL &&
		    store_source_info(st, name) == NULL) {
			free(name);
			return -1;
		}
		info = store_source_info(st, name);
		title = xasprintf("%s: %s", c->feed_title, info != NULL &&
		    info->title != NULL ? info->title : name);
		filter.source = name;
	} else if ((name = feedfile_path_name(path, "/tags/")) != NULL) {
		if (!feedfile_tag_known(c, name)) {
			free(name);
			return -1;
		}
		title = xasprintf("%s: %s", c->feed_title, name);
		tag.st = st;
		tag.tag = name;
		filter.want = feedfile_want_tag;
		filter.arg = &tag;
	} else
		return -1;
	feedfile_view_settings(c, path, filter.want != NULL ? "tags" :
	    "sources", name, &ps, &id, &self);
	ps.feed.title = title;
	ps.filter = &filter;
	nn = feedfile_notices(ff, c, filter.source, filter.want != NULL ?
	    name : NULL, &notices);
	feedfile_entries(notices, nn, &entries);
	ps.notices = entries;
	ps.nnotices = nn;
	publish_feed(st, &ps, out);
	feedfile_notices_free(notices, nn, &entries);
	free(title);
	free(id);
	free(self);
	free(name);
	return 0;
}

/* The view of path: its own slot, else the one asked for longest ago. */
static struct feedview *
feedfile_slot(struct feedfile *ff, const char *path)
{
	struct feedview	*v, *old = &ff->views[0];
	size_t		 i;

	for (i = 0; i < FEEDFILE_VIEWS; i++) {
		v = &ff->views[i];
		if (v->path != NULL && strcmp(v->path, path) == 0)
			return v;
		if (v->used < old->used)
			old = v;
	}
	free(old->path);
	buf_free(&old->bytes);
	memset(old, 0, sizeof *old);
	old->path = xstrdup(path);
	buf_init(&old->bytes, BUF_NOLIMIT);
	old->gen = ff->gen - 1;
	return old;
}

int
feedfile_view(struct feedfile *ff, struct store *st, const struct conf *c,
    const char *path, struct http_feed *f)
{
	struct feedview	*v;
	struct buf	 out;

	if (strcmp(path, "/feed.atom") == 0) {
		feedfile_served(ff, f);
		return 0;
	}
	buf_init(&out, BUF_NOLIMIT);
	v = feedfile_slot(ff, path);
	if (v->gen != ff->gen) {
		if (feedfile_make(ff, st, c, path, &out) == -1) {
			buf_free(&out);
			free(v->path);
			v->path = NULL;
			v->used = 0;
			return -1;
		}
		/* The same bytes keep their time: readers' caches hold. */
		if (out.len != v->bytes.len || memcmp(out.data, v->bytes.data,
		    out.len) != 0) {
			publish_etag(out.data, out.len, v->etag);
			v->mtime = time(NULL);
			buf_free(&v->bytes);
			v->bytes = out;
		} else
			buf_free(&out);
		v->gen = ff->gen;
	} else
		buf_free(&out);
	v->used = ++ff->asked;
	f->data = v->bytes.data;
	f->len = v->bytes.len;
	f->etag = v->etag;
	f->mtime = v->mtime;
	return 0;
}
