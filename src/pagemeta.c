/* SPDX-License-Identifier: ISC */
#include <ctype.h>
#include <stdlib.h>
#include <string.h>
#include <strings.h>

#include <libxml/tree.h>

#include "date.h"
#include "html.h"
#include "json.h"
#include "pagemeta.h"
#include "uri.h"
#include "xmalloc.h"

/*
 * One walk over the tree gathers every candidate; the order of preference
 * is applied at the end, so that a page's own order of tags does not
 * matter.
 */

#define PM_HEADINGS	32	/* headings compared with the title */

struct candidates {
	char	*ld_name, *ld_headline, *dc_title, *og_title, *tw_title;
	char	*meta_title, *title;
	/* The page's <h1> and <h2> (one line each), and its <h1>s. */
	char	*headings[PM_HEADINGS], *h1;
	size_t	 nheadings, nh1;
	/* Which of dc_, og_, tw_ and meta_title came from a property=. */
	int	 by_property[4];
	char	*ld_date, *meta_date, *time_date;
	char	*canonical;
	char	*ld_body;	/* the longest articleBody */
};

static char	*pm_prop(xmlNodePtr, const char *);
static int	 pm_is(xmlNodePtr, const char *);
static void	 pm_keep(char **, char *);
static const char *pm_json_own(const struct json *, const char *);
static const struct json *pm_json_article(const struct json *);
static const char *pm_json_longest(const struct json *, const char *);
static char	*pm_script_json(xmlNodePtr);
static void	 pm_jsonld(xmlNodePtr, struct candidates *);
static void	 pm_walk(xmlNodePtr, struct candidates *);
static void	 pm_meta(xmlNodePtr, struct candidates *);
static char	*pm_title_clean(const char *, const struct candidates *);
static size_t	 pm_words(const char *, const char *);

static int
pm_is(xmlNodePtr n, const char *name)
{
	return n->type == XML_ELEMENT_NODE &&
	    strcasecmp((const char *)n->name, name) == 0;
}

/* An attribute as a string of ours, or NULL; the caller frees it. */
static char *
pm_prop(xmlNodePtr n, const char *name)
{
	xmlChar	*v = xmlGetProp(n, (const xmlChar *)name);
	char	*s;

	if (v == NULL)
		return NULL;
	s = xstrdup((const char *)v);
	xmlFree(v);
	return s;
}

/* Keep v in *slot if the slot is empty and v holds text; v is taken. */
static void
pm_keep(char **slot, char *v)
{
	if (*slot == NULL && v != NULL && v[strspn(v, " \t\r\n")] != '\0')
		*slot = v;
	else
		free(v);
}

/* The string value of v's own member key, or NULL. */
static const char *
pm_json_own(const struct json *v, const char *key)
{
	size_t	i;

	for (i = 0; v->type == JSON_OBJECT && i < v->n; i++)
		if (strcmp(v->keys[i], key) == 0 &&
		    v->kids[i].type == JSON_STRING)
			return v->kids[i].str;
	return NULL;
}

/* Whether t (an @type) names one of schema.org's kinds of article. */
static int
pm_article_type(const char *t)
{
	static const char	*kinds[] = { "Article", "AdvertiserContentArticle",
	    "NewsArticle", "AnalysisNewsArticle", "AskPublicNewsArticle",
	    "BackgroundNewsArticle", "OpinionNewsArticle",
	    "ReportageNewsArticle", "ReviewNewsArticle", "Report",
	    "SatiricalArticle", "ScholarlyArticle", "MedicalScholarlyArticle",
	    "SocialMediaPosting", "BlogPosting", "LiveBlogPosting",
	    "DiscussionForumPosting", "TechArticle", "APIReference", NULL };
	size_t			 i;

	if (strncmp(t, "http://schema.org/", 18) == 0)
		t += 18;
	else if (strncmp(t, "https://schema.org/", 19) == 0)
		t += 19;
	for (i = 0; kinds[i] != NULL; i++)
		if (strcmp(t, kinds[i]) == 0)
			return 1;
	return 0;
}

/*
 * The first object in v (itself, an array's items, an @graph's) whose
 * @type is a kind of article: a page's JSON-LD also describes its site,
 * its publisher and its authors, whose names are no title.
 */
static const struct json *
pm_json_article(const struct json *v)
{
	const struct json	*t, *a;
	size_t			 i;

	if (v->type == JSON_OBJECT) {
		for (i = 0; i < v->n; i++) {
			if (strcmp(v->keys[i], "@type") != 0)
				continue;
			t = &v->kids[i];
			if (t->type == JSON_STRING && pm_article_type(t->str))
				return v;
			for (size_t j = 0; t->type == JSON_ARRAY && j < t->n;
			    j++)
				if (t->kids[j].type == JSON_STRING &&
				    pm_article_type(t->kids[j].str))
					return v;
		}
		for (i = 0; i < v->n; i++)
			if (strcmp(v->keys[i], "@graph") == 0 &&
			    (a = pm_json_article(&v->kids[i])) != NULL)
				return a;
		return NULL;
	}
	for (i = 0; v->type == JSON_ARRAY && i < v->n; i++)
		if ((a = pm_json_article(&v->kids[i])) != NULL)
			return a;
	return NULL;
}

/*
 * The JSON of a <script type="application/ld+json">, without the CDATA or
 * comment markers that pages wrap it in; the caller frees it.
 */
static char *
pm_script_json(xmlNodePtr script)
{
	xmlChar		*text;
	const char	*s, *e;
	char		*json;

	if ((text = xmlNodeGetContent(script)) == NULL)
		return NULL;
	s = (const char *)text;
	s += strspn(s, " \t\r\n");
	if (strncmp(s, "<![CDATA[", 9) == 0)
		s += 9;
	else if (strncmp(s, "<!--", 4) == 0)
		s += 4;
	e = s + strlen(s);
	while (e > s && strchr(" \t\r\n", e[-1]) != NULL)
		e--;
	if (e - s >= 3 && (strncmp(e - 3, "]]>", 3) == 0 ||
	    strncmp(e - 3, "-->", 3) == 0))
		e -= 3;
	json = xstrndup(s, e - s);
	xmlFree(text);
	return json;
}

/* The longest string value of key anywhere in v, or NULL. */
static const char *
pm_json_longest(const struct json *v, const char *key)
{
	const char	*best = NULL, *b;
	size_t		 i;

	if (v->type != JSON_OBJECT && v->type != JSON_ARRAY)
		return NULL;
	for (i = 0; i < v->n; i++) {
		if (v->type == JSON_OBJECT && v->kids[i].type == JSON_STRING &&
		    strcmp(v->keys[i], key) == 0)
			b = v->kids[i].str;
		else
			b = pm_json_longest(&v->kids[i], key);
		if (b != NULL && (best == NULL || strlen(b) > strlen(best)))
			best = b;
	}
	return best;
}

/*
 * A JSON-LD script: its article's name, headline and datePublished, and
 * the articleBody when it is longer than another script's.
 */
static void
pm_jsonld(xmlNodePtr n, struct candidates *c)
{
	struct json		 v;
	const struct json	*art;
	const char		*s;
	char			*text, *err;

	if ((text = pm_script_json(n)) == NULL)
		return;
	if (json_parse(text, strlen(text), &v, &err) == 0) {
		if ((art = pm_json_article(&v)) != NULL) {
			if ((s = pm_json_own(art, "name")) != NULL)
				pm_keep(&c->ld_name, xstrdup(s));
			if ((s = pm_json_own(art, "headline")) != NULL)
				pm_keep(&c->ld_headline, xstrdup(s));
			if ((s = pm_json_own(art, "datePublished")) != NULL)
				pm_keep(&c->ld_date, xstrdup(s));
		}
		if ((s = pm_json_longest(&v, "articleBody")) != NULL &&
		    (c->ld_body == NULL || strlen(s) > strlen(c->ld_body))) {
			free(c->ld_body);
			c->ld_body = xstrdup(s);
		}
		json_free(&v);
	} else
		free(err);
	free(text);
}

/*
 * One key of a <meta>: a title, a date, or nothing.  A property= (RDFa,
 * Open Graph) wins over a name= of the same key, else the first one.
 */
static void
pm_meta_key(struct candidates *c, const char *key, const char *value,
    int property)
{
	static const struct {
		const char	*key;
		size_t		 slot;
	} titles[] = {
		{ "dc:title", 0 }, { "dcterm:title", 0 }, { "dc.title", 0 },
		{ "og:title", 1 }, { "twitter:title", 2 },
		{ "parsely-title", 2 }, { "title", 3 }, { NULL, 0 }
	};
	char	**slots[4] = { &c->dc_title, &c->og_title, &c->tw_title,
		    &c->meta_title };
	size_t	  i;

	for (i = 0; titles[i].key != NULL; i++) {
		if (strcasecmp(key, titles[i].key) != 0)
			continue;
		if (property && !c->by_property[titles[i].slot] &&
		    value[strspn(value, " \t\r\n")] != '\0') {
			free(*slots[titles[i].slot]);
			*slots[titles[i].slot] = NULL;
			c->by_property[titles[i].slot] = 1;
		}
		pm_keep(slots[titles[i].slot], xstrdup(value));
		return;
	}
	if (strcasecmp(key, "article:published_time") == 0 ||
	    strcasecmp(key, "parsely-pub-date") == 0 ||
	    strcasecmp(key, "dc.date.issued") == 0)
		pm_keep(&c->meta_date, xstrdup(value));
}

/* A <meta>: its property= (space-separated keys) or its name=. */
static void
pm_meta(xmlNodePtr n, struct candidates *c)
{
	char	*prop, *name, *content, *key, *save;

	if ((content = pm_prop(n, "content")) == NULL)
		return;
	if ((prop = pm_prop(n, "property")) != NULL) {
		for (key = strtok_r(prop, " \t\r\n", &save); key != NULL;
		    key = strtok_r(NULL, " \t\r\n", &save))
			pm_meta_key(c, key, content, 1);
		free(prop);
	} else if ((name = pm_prop(n, "name")) != NULL) {
		pm_meta_key(c, name, content, 0);
		free(name);
	}
	free(content);
}

/* An <h1> or <h2>, for pm_title_clean. */
static void
pm_heading(xmlNodePtr n, struct candidates *c)
{
	xmlChar	*t;
	char	*line;

	if ((t = xmlNodeGetContent(n)) == NULL)
		return;
	line = text_to_line((const char *)t, strlen((const char *)t));
	xmlFree(t);
	if (pm_is(n, "h1") && c->nh1++ == 0)
		c->h1 = xstrdup(line);
	if (c->nheadings < PM_HEADINGS)
		c->headings[c->nheadings++] = line;
	else
		free(line);
}

/* Gather the candidates under n. */
static void
pm_walk(xmlNodePtr n, struct candidates *c)
{
	char	*a;

	for (n = n->children; n != NULL; n = n->next) {
		if (n->type != XML_ELEMENT_NODE)
			continue;
		if (pm_is(n, "meta"))
			pm_meta(n, c);
		else if (pm_is(n, "link")) {
			a = pm_prop(n, "rel");
			if (a != NULL && strcasestr(a, "canonical") != NULL)
				pm_keep(&c->canonical, pm_prop(n, "href"));
			free(a);
		} else if (pm_is(n, "title") && c->title == NULL) {
			xmlChar *t = xmlNodeGetContent(n);

			pm_keep(&c->title, t != NULL ? xstrdup((char *)t) : NULL);
			xmlFree(t);
		} else if (pm_is(n, "h1") || pm_is(n, "h2"))
			pm_heading(n, c);
		else if (pm_is(n, "time"))
			pm_keep(&c->time_date, pm_prop(n, "datetime"));
		else if (pm_is(n, "script")) {
			a = pm_prop(n, "type");
			if (a != NULL && strcasecmp(a, "application/ld+json") == 0)
				pm_jsonld(n, c);
			free(a);
		}
		pm_walk(n, c);
	}
}

/*
 * Words as Readability counts them (a split on runs of white space, so
 * that a leading space counts one more), in s[0..end).
 */
static size_t
pm_words(const char *s, const char *end)
{
	size_t	n = 1;

	for (; s < end; s++)
		if (isspace((unsigned char)*s) && (s + 1 == end ||
		    !isspace((unsigned char)s[1])))
			n++;
	return n;
}

/* The length of the separator (| - – — \ / > ») at s, or 0. */
static size_t
pm_sep(const char *s)
{
	if (strchr("|-\\/>", *s) != NULL && *s != '\0')
		return 1;
	if (strncmp(s, "\xe2\x80\x93", 3) == 0 ||
	    strncmp(s, "\xe2\x80\x94", 3) == 0)
		return 3;
	return strncmp(s, "\xc2\xbb", 2) == 0 ? 2 : 0;
}

/* Whether the separator at s is one of a hierarchy (\ / > »). */
static int
pm_sep_hier(const char *s)
{
	return *s == '\\' || *s == '/' || *s == '>' ||
	    strncmp(s, "\xc2\xbb", 2) == 0;
}

/* Where the last " SEP " of t is, or NULL; *hier: a \ / > or » seen. */
static const char *
pm_last_sep(const char *t, int *hier)
{
	const char	*last = NULL, *p;
	size_t		 n;

	*hier = 0;
	for (p = t; *p != '\0'; p++) {
		if (*p != ' ' || (n = pm_sep(p + 1)) == 0 || p[1 + n] != ' ')
			continue;
		last = p;
		*hier |= pm_sep_hier(p + 1);
	}
	return last;
}

/*
 * The story's title from a page's <title> (t, one line), as Readability
 * makes it: without the site's name after a separator or before a colon
 * (unless a heading is the whole title), the single <h1> for a title too
 * short or too long, and the whole title when what is left is four words
 * or fewer.
 */
static char *
pm_title_clean(const char *t, const struct candidates *c)
{
	const char	*last, *p, *cur = t, *end = t + strlen(t);
	char		*out, *nosep;
	size_t		 i, words, j, n;
	int		 hier = 0, heading = 0;

	if ((last = pm_last_sep(t, &hier)) != NULL) {
		end = last;
		if (pm_words(t, last) < 3) {
			for (p = t; *p != '\0' && pm_sep(p) == 0; p++)
				;
			cur = *p != '\0' ? p + pm_sep(p) : t;
			end = t + strlen(t);
		}
	} else if (strstr(t, ": ") != NULL) {
		for (i = 0; i < c->nheadings; i++)
			heading |= strcmp(c->headings[i], t) == 0;
		if (!heading) {
			cur = strrchr(t, ':') + 1;
			if (pm_words(cur, end) < 3)
				cur = strchr(t, ':') + 1;
			else if (pm_words(t, strchr(t, ':')) > 5)
				cur = t;
		}
	} else if ((strlen(t) > 150 || strlen(t) < 15) && c->nh1 == 1 &&
	    c->h1 != NULL) {
		cur = c->h1;
		end = cur + strlen(cur);
	}
	while (cur < end && isspace((unsigned char)*cur))
		cur++;
	while (end > cur && isspace((unsigned char)end[-1]))
		end--;
	words = pm_words(cur, end);
	if (words <= 4) {
		/* The title without its separators, words counted. */
		nosep = xstrdup(t);
		for (i = j = 0; t[i] != '\0'; i += n)
			if ((n = pm_sep(t + i)) == 0) {
				nosep[j++] = t[i];
				n = 1;
			}
		nosep[j] = '\0';
		if (!hier || words != pm_words(nosep, nosep + j) - 1) {
			free(nosep);
			return xstrdup(t);
		}
		free(nosep);
	}
	out = xstrndup(cur, (size_t)(end - cur));
	return out;
}

#define PM_TOKENS	256	/* words of a title compared, at most */

/* The words of s (letters, digits, any non-ASCII), lower case. */
static size_t
pm_tokens(const char *s, char *copy, const char **tok, size_t max)
{
	size_t	n = 0, i;
	int	in = 0;

	for (i = 0; s[i] != '\0'; i++) {
		copy[i] = (char)tolower((unsigned char)s[i]);
		if (isalnum((unsigned char)s[i]) || (unsigned char)s[i] >= 0x80) {
			if (!in && n < max)
				tok[n++] = copy + i;
			in = 1;
		} else {
			copy[i] = '\0';
			in = 0;
		}
	}
	copy[i] = '\0';
	return n;
}

/*
 * How much of b's words a has (Readability's textSimilarity): 1 less the
 * share, in characters, of b's words that a does not have.
 */
static double
pm_similarity(const char *a, const char *b)
{
	const char	*ta[PM_TOKENS], *tb[PM_TOKENS];
	char		*ca = xstrdup(a), *cb = xstrdup(b);
	size_t		 na, nb, i, j, all = 0, missing = 0;

	na = pm_tokens(a, ca, ta, PM_TOKENS);
	nb = pm_tokens(b, cb, tb, PM_TOKENS);
	for (i = 0; i < nb; i++) {
		all += strlen(tb[i]) + (i > 0);
		for (j = 0; j < na && strcmp(ta[j], tb[i]) != 0; j++)
			;
		if (j == na)
			missing += strlen(tb[i]) + (missing > 0);
	}
	free(ca);
	free(cb);
	return all > 0 ? 1. - (double)missing / (double)all : 0.;
}

/*
 * The JSON-LD article's title: its name, unless its headline is the
 * page's <title> and its name is not (Readability's rule).
 */
static const char *
pm_ld_title(const struct candidates *c, const char *doc_title)
{
	if (c->ld_name != NULL && c->ld_headline != NULL &&
	    strcmp(c->ld_name, c->ld_headline) != 0 && doc_title != NULL &&
	    pm_similarity(c->ld_headline, doc_title) > 0.75 &&
	    pm_similarity(c->ld_name, doc_title) <= 0.75)
		return c->ld_headline;
	return c->ld_name != NULL ? c->ld_name : c->ld_headline;
}

void
pagemeta_read(xmlNodePtr root, const char *base, struct page_meta *m)
{
	struct candidates	 c;
	const char		*date, *p;
	char			*line = NULL, *doc_title = NULL, *url;

	memset(m, 0, sizeof *m);
	memset(&c, 0, sizeof c);
	pm_walk(root, &c);
	if (c.title != NULL) {
		line = text_to_line(c.title, strlen(c.title));
		doc_title = pm_title_clean(line, &c);
	}
	/* Readability's order: what is most likely the story's own title. */
	if ((p = pm_ld_title(&c, doc_title)) != NULL ||
	    (p = c.dc_title) != NULL || (p = c.og_title) != NULL ||
	    (p = c.meta_title) != NULL || (p = c.tw_title) != NULL)
		m->title = html_to_line(p, strlen(p));
	else if (doc_title != NULL) {
		m->title = doc_title;
		doc_title = NULL;
	}
	free(line);
	free(doc_title);
	date = c.ld_date != NULL ? c.ld_date : c.meta_date != NULL ?
	    c.meta_date : c.time_date;
	if (date != NULL && date_parse(date, &m->published) == 0)
		m->has_published = 1;
	if (m->title != NULL && *m->title == '\0') {
		free(m->title);
		m->title = NULL;
	}
	if (c.canonical != NULL) {
		url = uri_resolve(base, c.canonical);
		m->canonical = uri_clean(url);
		free(url);
	}
	m->article_body = c.ld_body;
	free(c.og_title);
	free(c.dc_title);
	free(c.tw_title);
	free(c.meta_title);
	for (size_t i = 0; i < c.nheadings; i++)
		free(c.headings[i]);
	free(c.h1);
	free(c.ld_name);
	free(c.ld_headline);
	free(c.title);
	free(c.meta_date);
	free(c.ld_date);
	free(c.time_date);
	free(c.canonical);
}

void
pagemeta_free(struct page_meta *m)
{
	free(m->title);
	free(m->canonical);
	free(m->article_body);
	memset(m, 0, sizeof *m);
}
