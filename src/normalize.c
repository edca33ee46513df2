/* SPDX-License-Identifier: ISC */
#include <inttypes.h>
#include <stdlib.h>
#include <string.h>

#include "article.h"
#include "date.h"
#include "feedparse.h"
#include "html.h"
#include "normalize.h"
#include "uri.h"
#include "xmalloc.h"

/*
 * From what a feed says to what feedd keeps.  Feeds disagree about almost
 * everything, so each field has a short list of places to look, in order,
 * and a documented fallback (feedd-parse(1)).
 */

/*
 * What an article may hold, so that no feed can make one that costs more
 * than its share: a title, a paragraph and a body are cut (at a character
 * boundary, ending in "…") past these many bytes (feedd-article(5)).
 */
#define NORMALIZE_TITLE_MAX	1024
#define NORMALIZE_PARA_MAX	(64 * 1024)
#define NORMALIZE_BODY_MAX	(1024 * 1024)
/* A name, an email address, a category, a media type. */
#define NORMALIZE_META_MAX	1024
/* A URL is never cut (a cut one leads elsewhere): a longer one is left out. */
#define NORMALIZE_URL_MAX	4096

/* A title made from a body: its first words, up to this many bytes. */
#define NORMALIZE_TITLE_WORDS	80

static void	normalize_text(const struct feed_text *, struct html_text *);
static char	*normalize_line(const struct feed_text *);
static void	normalize_date(const struct feed_item *,
		    const struct normalize_ctx *, struct normalized *);
static size_t	normalize_estimate(const struct feed_text *);
static int	normalize_fuller(const struct feed_text *,
		    const struct feed_text *);
static size_t	normalize_estimate_upto(const struct feed_text *, size_t);

/* A text's paragraphs, by its type. */
static void
normalize_text(const struct feed_text *t, struct html_text *out)
{
	size_t	len = strlen(t->s);

	if (t->type == FEED_TEXT_HTML || (t->type == FEED_TEXT_GUESS &&
	    html_has_markup(t->s, len)))
		html_to_paragraphs(t->s, len, out);
	else
		text_to_paragraphs(t->s, len, out);
}

/* A text as one line; NULL when absent. */
static char *
normalize_line(const struct feed_text *t)
{
	size_t	len;

	if (t->s == NULL)
		return NULL;
	len = strlen(t->s);
	if (t->type == FEED_TEXT_HTML || (t->type == FEED_TEXT_GUESS &&
	    html_has_markup(t->s, len)))
		return html_to_line(t->s, len);
	return text_to_line(t->s, len);
}

/* The first words of a paragraph, for an item with no title. */
char *
normalize_first_words(const char *para)
{
	size_t	len = strlen(para), cut;

	if (len <= NORMALIZE_TITLE_WORDS)
		return xstrdup(para);
	for (cut = NORMALIZE_TITLE_WORDS; cut > 0 && para[cut] != ' '; cut--)
		;
	if (cut == 0) {
		/* One long word: cut at a character boundary. */
		for (cut = NORMALIZE_TITLE_WORDS;
		    cut > 0 && (para[cut] & 0xc0) == 0x80; cut--)
			;
	}
	return xstrndup(para, cut);
}

/* The article's date: published, else updated, else first seen. */
static void
normalize_date(const struct feed_item *it, const struct normalize_ctx *ctx,
    struct normalized *out)
{
	int64_t	t = ctx->now;

	if (it->published.raw != NULL) {
		if (date_parse(it->published.raw, &out->published) == 0)
			out->has_published = 1;
		else
			out->bad_date = it->published.raw;
	}
	if (it->updated.raw != NULL) {
		if (date_parse(it->updated.raw, &out->updated) == 0)
			out->has_updated = 1;
		else if (out->bad_date == NULL)
			out->bad_date = it->updated.raw;
	}
	out->date_from = "first seen";
	if (out->has_published) {
		t = out->published;
		out->date_from = it->published.from;
		out->dated = 1;
	} else if (out->has_updated) {
		t = out->updated;
		out->date_from = it->updated.from;
		out->dated = 1;
	}
	/* A date in the future is a mistake, or a way to stay on top. */
	if (t > ctx->now) {
		out->clamped = 1;
		t = ctx->now;
	}
	out->article.date = date_yyyymmdd(t);
	if (out->article.date == 0) {	/* before year 1 or after 9999 */
		out->article.date = date_yyyymmdd(ctx->now);
		out->dated = 0;
		out->date_from = "first seen";
	}
}

/* About how much text t holds, by its type. */
static size_t
normalize_estimate(const struct feed_text *t)
{
	return normalize_estimate_upto(t, (size_t)-1);
}

/*
 * normalize_estimate(a) > normalize_estimate(b), looking no further into
 * either than the answer needs: an estimate is at most the text's length,
 * so a full body against a teaser is told from the teaser's length and the
 * body's first words, not by a scan of the whole body.
 */
static int
normalize_fuller(const struct feed_text *a, const struct feed_text *b)
{
	size_t	alen = strlen(a->s), eb;

	eb = normalize_estimate_upto(b, alen);
	if (eb >= alen)
		return 0;
	return normalize_estimate_upto(a, eb) > eb;
}

/* normalize_estimate(t), or a number past cap once it is known to be. */
static size_t
normalize_estimate_upto(const struct feed_text *t, size_t cap)
{
	size_t	len = strlen(t->s);

	if (t->type == FEED_TEXT_PLAIN)
		return len;
	return html_text_estimate_upto(t->s, len, cap);
}

/* Whether t has paragraphs: HTML with blocks, text with blank lines. */
static int
normalize_has_paras(const struct feed_text *t)
{
	size_t	len = strlen(t->s);

	if (t->type == FEED_TEXT_PLAIN || (t->type == FEED_TEXT_GUESS &&
	    !html_has_markup(t->s, len)))
		return memmem(t->s, len, "\n\n", 2) != NULL;
	return html_has_blocks(t->s, len);
}

/*
 * Whether two texts start with the same words: their first 48 letters and
 * digits outside tags and references, compared without case.
 */
static int
normalize_same_words(const struct feed_text *x, const struct feed_text *y)
{
	char	a[49], b[49];

	html_letters(x->s, a, sizeof a);
	html_letters(y->s, b, sizeof b);
	return strlen(a) == sizeof a - 1 && strcmp(a, b) == 0;
}

/*
 * The content to read first: the fullest by the estimate; but when another
 * with the same words has the paragraph breaks that the fullest lacks,
 * and is at least two thirds of its size (the other may spell its links
 * out or add a "Read more"), that one, so that no structure is lost.
 */
static size_t
normalize_pick(const struct feed_item *it, const int *tried)
{
	size_t	i, pick = it->ncontent;

	for (i = 0; i < it->ncontent; i++) {
		if (!tried[i] && (pick == it->ncontent ||
		    normalize_fuller(&it->content[i], &it->content[pick])))
			pick = i;
	}
	if (pick == it->ncontent || normalize_has_paras(&it->content[pick]))
		return pick;
	for (i = 0; i < it->ncontent; i++) {
		if (!tried[i] && i != pick &&
		    normalize_estimate(&it->content[i]) * 3 >=
		    normalize_estimate(&it->content[pick]) * 2 &&
		    normalize_has_paras(&it->content[i]) &&
		    normalize_same_words(&it->content[i], &it->content[pick]))
			return i;
	}
	return pick;
}

/*
 * The item's own link (out->link) and the article's URL: the item's link,
 * else its guid when that is an http or https URL (permalink or not), else
 * the feed's link, else the document's URL (1 is returned then: the URL is
 * shared, and normalize_share gives it the item's own fragment); -1 with
 * *cause when none is an absolute http or https URL.
 */
static int
normalize_link(const struct feed_item *it, const struct normalize_ctx *ctx,
    struct normalized *out, char **iri, char **cause)
{
	struct article	*a = &out->article;
	char		*own_link, *resolved;

	/* A link still relative: the channel's link is the next best base. */
	if (it->link != NULL && !uri_is_absolute(it->link) &&
	    ctx->feed != NULL && ctx->feed->link != NULL) {
		resolved = uri_resolve(ctx->feed->link, it->link);
		*iri = uri_clean_iri(resolved);
		free(resolved);
	} else
		*iri = uri_clean_iri(it->link);
	own_link = *iri != NULL ? uri_from_iri(*iri) : NULL;
	a->url = own_link != NULL ? xstrdup(own_link) : NULL;
	if (a->url == NULL && (a->url = uri_clean(it->id)) != NULL) {
		out->link = own_link;
		return 0;
	}
	if (a->url == NULL && ctx->feed != NULL)
		a->url = uri_clean(ctx->feed->link);
	if (a->url == NULL)
		a->url = uri_clean(ctx->url);
	if (a->url == NULL) {
		*cause = xasprintf("no absolute link%s%s%s", it->link != NULL ?
		    " (\"" : "", it->link != NULL ? it->link : "",
		    it->link == NULL ? "" : uri_is_absolute(it->link) ?
		    "\" is not http or https)" :
		    "\" is relative; give a base URL)");
		free(own_link);
		free(*iri);
		*iri = NULL;
		memset(out, 0, sizeof *out);
		return -1;
	}
	out->link = own_link;
	return own_link == NULL;
}

/*
 * Before 0.3, a link was hashed as it was written, non-ASCII and all (an
 * IRI); it is now hashed as a valid URI.  When the two differ, the item's
 * identities under the old form are its legacy ones, so that the store
 * finds the article it made then instead of making another.  iri is the
 * item's own link in that form, as normalize_link made it.
 */
static void
normalize_iri_identity(const struct feed_item *it,
    const struct normalize_ctx *ctx, const char *iri, struct normalized *out)
{
	uint64_t	old;

	if (out->link == NULL || iri == NULL || strcmp(iri, out->link) == 0)
		return;
	old = article_identity(ctx->source, it->id, iri, out->article.title, 0,
	    &out->legacy[0]);
	/* Only a link's identity changes; an id's never does. */
	out->legacy[1] = old != out->hash ? old : 0;
	if (out->legacy[1] == 0)
		out->legacy[0] = 0;
}

/*
 * An item without a link of its own shares the feed's (or the document's)
 * URL: it gets a fragment naming its identity, #feedd-HHHHHHHHHHHHHHHH,
 * so that every article has a URL of its own and a reader that tells
 * entries apart by their links keeps them all (feedd-article(5)).
 */
static void
normalize_share(struct article *a, uint64_t hash)
{
	char	*hash_mark;

	if ((hash_mark = strchr(a->url, '#')) != NULL)
		*hash_mark = '\0';
	hash_mark = xasprintf("%s#feedd-%016" PRIx64, a->url, hash);
	free(a->url);
	a->url = hash_mark;
}

/* Cut *s to at most max bytes, at a character boundary, ending in "…". */
static int
normalize_cut(char *s, size_t max)
{
	size_t	cut;

	if (strnlen(s, max + 1) <= max)
		return 0;
	for (cut = max - 3; cut > 0 && (s[cut] & 0xc0) == 0x80; cut--)
		;
	memcpy(s + cut, "\xe2\x80\xa6", 4);	/* "…" and its NUL */
	return 1;
}

/* Plain text as one line of at most NORMALIZE_META_MAX bytes, or NULL. */
char *
normalize_plain(const char *s)
{
	char	*line;

	if (s == NULL || (line = text_to_line(s, strlen(s))) == NULL)
		return NULL;
	if (*line == '\0') {
		free(line);
		return NULL;
	}
	normalize_cut(line, NORMALIZE_META_MAX);
	return line;
}

/* An absolute http or https URL, bounded, or NULL. */
char *
normalize_web_url(const char *s)
{
	char	*url = uri_clean(s);

	if (url != NULL && strlen(url) > NORMALIZE_URL_MAX) {
		free(url);
		return NULL;
	}
	return url;
}

/* The item's authors, else the feed's. */
static void
normalize_authors(const struct feed_item *it, const struct normalize_ctx *ctx,
    struct normalized *out)
{
	struct feed_person	*p;
	size_t			 i;

	out->authors = xcalloc(it->nauthors > 0 ? it->nauthors : 1,
	    sizeof *out->authors);
	for (i = 0; i < it->nauthors; i++) {
		p = &out->authors[out->nauthors];
		p->name = normalize_plain(it->authors[i].name);
		p->email = normalize_plain(it->authors[i].email);
		p->uri = normalize_web_url(it->authors[i].uri);
		if (p->name != NULL || p->email != NULL)
			out->nauthors++;
		else
			free(p->uri);
	}
	if (out->nauthors == 0 && ctx->feed != NULL &&
	    (out->authors[0].name = normalize_plain(ctx->feed->author)) !=
	    NULL)
		out->nauthors = 1;
}

/* The item's categories and enclosures. */
static void
normalize_meta(const struct feed_item *it, const struct normalize_ctx *ctx,
    struct normalized *out)
{
	struct feed_category	*c;
	struct feed_enclosure	*e;
	size_t			 i;

	normalize_authors(it, ctx, out);
	out->categories = xcalloc(it->ncategories + 1, sizeof *c);
	for (i = 0; i < it->ncategories; i++) {
		c = &out->categories[out->ncategories];
		if ((c->term = normalize_plain(it->categories[i].term)) ==
		    NULL)
			continue;
		c->scheme = normalize_plain(it->categories[i].scheme);
		c->label = normalize_plain(it->categories[i].label);
		out->ncategories++;
	}
	out->enclosures = xcalloc(it->nenclosures + 1, sizeof *e);
	for (i = 0; i < it->nenclosures; i++) {
		e = &out->enclosures[out->nenclosures];
		if ((e->url = normalize_web_url(it->enclosures[i].url)) ==
		    NULL)
			continue;
		e->type = normalize_plain(it->enclosures[i].type);
		if (e->type != NULL && strchr(e->type, ' ') != NULL) {
			free(e->type);
			e->type = NULL;
		}
		e->length = it->enclosures[i].length;
		out->nenclosures++;
	}
}

/* The bounds of an article: its title, each paragraph, its body. */
static void
normalize_bound(struct article *a)
{
	size_t	i, kept, len, room, total = 0;

	normalize_cut(a->title, NORMALIZE_TITLE_MAX);
	for (i = 0; i < a->nbody; i++) {
		normalize_cut(a->body[i], NORMALIZE_PARA_MAX);
		len = strlen(a->body[i]) + 1;	/* and its newline */
		if (total + len > NORMALIZE_BODY_MAX)
			break;
		total += len;
	}
	if (i == a->nbody)
		return;
	/* The first paragraph always fits; the one past the bound is cut. */
	room = NORMALIZE_BODY_MAX - total;
	if (room > 64)
		normalize_cut(a->body[i++], room - 1);
	for (kept = i; i < a->nbody; i++)
		free(a->body[i]);
	a->nbody = kept;
}

/* Turn an item into an article. */
int
normalize_item(const struct feed_item *it, const struct normalize_ctx *ctx,
    struct normalized *out, char **cause)
{
	struct html_text	 best = { 0 };
	struct article		*a = &out->article;
	size_t			 i, pick;
	int			 tried[FEED_NCONTENT], shared;
	char			*iri = NULL;

	memset(out, 0, sizeof *out);
	/*
	 * The fullest content wins: feeds put a teaser in one, all in another.
	 * Which is fullest is judged by a cheap estimate, and only the winner
	 * is parsed; should it hold no text at all, the next one is tried.
	 */
	for (i = 0; i < it->ncontent; i++)
		tried[i] = 0;
	for (;;) {
		if ((pick = normalize_pick(it, tried)) == it->ncontent)
			break;
		tried[pick] = 1;
		normalize_text(&it->content[pick], &best);
		if (best.n > 0) {
			out->body_from = it->content_from[pick];
			break;
		}
	}

	if ((shared = normalize_link(it, ctx, out, &iri, cause)) == -1) {
		html_text_free(&best);
		return -1;
	}
	a->title = normalize_line(&it->title);
	if (a->title != NULL && *a->title == '\0') {
		free(a->title);
		a->title = NULL;
	}
	if (a->title == NULL)
		a->title = best.n > 0 ? normalize_first_words(best.paras[0]) :
		    xstrdup(a->url);
	/* An item with no text at all still has its title to show. */
	if (best.n == 0) {
		best.paras = xcalloc(1, sizeof *best.paras);
		best.paras[0] = xstrdup(a->title);
		best.n = 1;
	}
	a->body = best.paras;
	a->nbody = best.n;
	normalize_bound(a);

	normalize_date(it, ctx, out);
	normalize_meta(it, ctx, out);
	out->hash = article_identity(ctx->source, it->id, out->link, a->title,
	    out->dated ? a->date : 0, &out->legacy[0]);
	normalize_iri_identity(it, ctx, iri, out);
	free(iri);
	if (shared)
		normalize_share(a, out->hash);
	out->when = out->has_published ? out->published : out->has_updated ?
	    out->updated : ctx->now;
	if (out->when > ctx->now)
		out->when = ctx->now;
	return 0;
}

void
normalized_free(struct normalized *n)
{
	article_free(&n->article);
	free(n->link);
	n->link = NULL;
	feed_meta_free(n->authors, n->nauthors, n->categories, n->ncategories,
	    n->enclosures, n->nenclosures);
	free(n->authors);
	free(n->categories);
	free(n->enclosures);
	n->authors = NULL;
	n->categories = NULL;
	n->enclosures = NULL;
	n->nauthors = n->ncategories = n->nenclosures = 0;
}
