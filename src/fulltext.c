/* SPDX-License-Identifier: ISC */
#include <stdlib.h>
#include <string.h>

#include "article.h"
#include "buf.h"
#include "conf.h"
#include "date.h"
#include "extract.h"
#include "fetch.h"
#include "fulltext.h"
#include "html.h"
#include "log.h"
#include "normalize.h"
#include "pagemeta.h"
#include "request.h"
#include "store.h"
#include "uri.h"
#include "xmalloc.h"

#define FULLTEXT_AT_ONCE	4	/* page fetches at once, in all */

/* A new article whose page is to be fetched. */
struct page {
	struct fulltext	*ft;
	char		*source;
	char		*url;
	uint64_t	 hash;
	size_t		 feed_text;	/* bytes of text the feed gave */
	int64_t		 when;		/* the item's time */
	int		 dated;		/* the feed gave the item a date */
};

struct fulltext {
	struct store		*store;
	const struct conf	*conf;
	struct fetcher		*fetcher;
	struct fulltext_ops	 ops;
	struct page		**queue;	/* in the order articles came */
	size_t			 nqueue, running;
	struct fulltext_counts	 counts;
	int			 stopped;
};

struct fulltext *
fulltext_new(struct ev_loop *loop, struct store *store, const struct conf *c,
    const struct fulltext_ops *ops)
{
	struct fulltext	*ft;

	ft = xcalloc(1, sizeof *ft);
	ft->store = store;
	ft->conf = c;
	ft->ops = *ops;
	ft->fetcher = fetcher_new(loop, FULLTEXT_AT_ONCE,
	    (long)c->max_per_host);
	return ft;
}

static void
page_free(struct page *p)
{
	free(p->source);
	free(p->url);
	free(p);
}

void
fulltext_free(struct fulltext *ft)
{
	size_t	i;

	if (ft == NULL)
		return;
	for (i = 0; i < ft->nqueue; i++)
		page_free(ft->queue[i]);
	free(ft->queue);
	fetcher_free(ft->fetcher);
	free(ft);
}

void
fulltext_configure(struct fulltext *ft, const struct conf *c)
{
	ft->conf = c;
}

void
fulltext_add(struct fulltext *ft, const char *source,
    const struct normalized *n)
{
	struct page	*p;

	p = xcalloc(1, sizeof *p);
	p->ft = ft;
	p->source = xstrdup(source);
	p->url = xstrdup(n->article.url);
	p->hash = n->hash;
	p->when = n->when;
	p->dated = n->dated;
	p->feed_text = html_paras_len(n->article.body, n->article.nbody);
	ft->queue = xreallocarray(ft->queue, ft->nqueue + 1,
	    sizeof *ft->queue);
	ft->queue[ft->nqueue++] = p;
}

/* The charset the HTTP header names, or NULL; the caller frees it. */
static char *
header_charset(const char *content_type)
{
	const char	*cs;
	char		*charset, *e;

	if (content_type == NULL ||
	    (cs = strcasestr(content_type, "charset=")) == NULL)
		return NULL;
	charset = xstrdup(cs + 8);
	if ((e = strpbrk(charset, " ;\"")) != NULL)
		*e = '\0';
	if (charset[0] == '"')
		memmove(charset, charset + 1, strlen(charset));
	return charset;
}

/* Whether two absolute URLs have the same host (and port). */
static int
same_host(const char *a, const char *b)
{
	char	*ha = uri_host(a), *hb = uri_host(b);
	int	 same = strcmp(ha, hb) == 0;

	free(ha);
	free(hb);
	return same;
}

/*
 * What the page says of itself, where the feed fell short: its date when
 * the feed gave none; its canonical URL when the item's link went through
 * a redirect to another host (a tracking link, feedproxy and the like).
 */
static void
page_meta_use(struct page *p, const struct page_meta *m, const char *final,
    struct article *a)
{
	if (!p->dated && m->has_published)
		a->date = date_yyyymmdd(m->published);
	if (m->canonical != NULL && final != NULL && !same_host(p->url, final)) {
		free(a->url);
		a->url = xstrdup(m->canonical);
	}
}

/*
 * The story t (unless NULL) replaces the text of p's article, and what
 * the page says of itself mends its date and URL.
 */
static void
page_use(struct page *p, struct html_text *t, const struct page_meta *m,
    const char *final)
{
	struct fulltext		*ft = p->ft;
	struct article		 a;
	struct store_item	 it = { .hash = p->hash, .source = p->source,
				    .article = &a, .dated = 1,
				    .when = p->when };
	enum store_result	 res;
	char			*cause;
	size_t			 i;

	if (store_read(ft->store, p->hash, &a, &cause) == -1) {
		log_warnx("%s: %s", p->source, cause);
		free(cause);
		return;
	}
	if (t != NULL) {
		for (i = 0; i < a.nbody; i++)
			free(a.body[i]);
		free(a.body);
		a.body = t->paras;
		a.nbody = t->n;
		t->paras = NULL;
		t->n = 0;
	}
	page_meta_use(p, m, final, &a);
	if (store_add(ft->store, &it, &res, &cause) == -1) {
		log_warnx("%s: %s", p->source, cause);
		free(cause);
	} else if (res == STORE_UPDATED) {
		ft->counts.used += t != NULL;
		ft->ops.used(ft->ops.arg);
	}
	article_free(&a);
}

/*
 * A page came: its story replaces the feed's text when it has more.  A
 * page that fails leaves the feed's text, and is not fetched again: only
 * new articles have their page fetched.
 */
static void
page_done(void *arg, const struct fetch_result *r)
{
	struct page		*p = arg;
	struct fulltext		*ft = p->ft;
	struct html_text	 t = { NULL, 0 };
	struct page_meta	 meta;
	char			*charset;
	size_t			 text;

	ft->running--;
	if (r->error != NULL || r->status != 200) {
		ft->counts.error++;
		log_debug("%s: page %s: %s", p->source, p->url,
		    r->error != NULL ? r->error : "not 200");
		goto done;
	}
	ft->counts.ok++;
	charset = header_charset(r->content_type);
	extract_page(r->body.data != NULL ? r->body.data : "", r->body.len,
	    charset, r->url != NULL ? r->url : p->url, &t, &meta);
	free(charset);
	text = html_paras_len(t.paras, t.n);
	if (text <= p->feed_text) {
		log_debug("%s: page %s: %zu bytes of story, the feed's %zu "
		    "kept", p->source, p->url, text, p->feed_text);
		page_use(p, NULL, &meta, r->url);
	} else
		page_use(p, &t, &meta, r->url);
	pagemeta_free(&meta);
done:
	html_text_free(&t);
	page_free(p);
	fulltext_next(ft);
	ft->ops.done(ft->ops.arg);
}

/* Start the fetch of p; -1 when libcurl refuses. */
static int
page_start(struct page *p)
{
	struct fulltext		*ft = p->ft;
	struct fetch_request	 req;

	request_build(&req, ft->conf, NULL, NULL, p->url);
	if (fetch_start(ft->fetcher, &req, page_done, p) == NULL) {
		ft->counts.error++;
		return -1;
	}
	ft->running++;
	return 0;
}

void
fulltext_next(struct fulltext *ft)
{
	struct page	*p;
	int		 committed;

	while (!ft->stopped && ft->nqueue > 0 &&
	    ft->running < FULLTEXT_AT_ONCE) {
		p = ft->queue[0];
		/*
		 * Its story replaces the article's file: wait until that is
		 * on disk (the queue is in order, so the rest waits too); an
		 * article gone meanwhile (pruned) has no page to fetch.
		 */
		if ((committed = store_committed(ft->store, p->hash)) == 0)
			break;
		memmove(ft->queue, ft->queue + 1,
		    --ft->nqueue * sizeof *ft->queue);
		if (committed == -1 || page_start(p) == -1)
			page_free(p);
	}
}

int
fulltext_idle(const struct fulltext *ft)
{
	return ft->nqueue == 0 && ft->running == 0;
}

void
fulltext_stop(struct fulltext *ft)
{
	ft->stopped = 1;
}

const struct fulltext_counts *
fulltext_counts(const struct fulltext *ft)
{
	return &ft->counts;
}
