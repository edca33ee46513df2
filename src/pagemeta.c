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

struct candidates {
	char	*ld_headline, *dc_title, *og_title, *tw_title, *title;
	char	*ld_date, *meta_date, *time_date;
	char	*canonical;
	char	*ld_body;	/* the longest articleBody */
};

static char	*pm_prop(xmlNodePtr, const char *);
static int	 pm_is(xmlNodePtr, const char *);
static void	 pm_keep(char **, char *);
static const char *pm_json_find(const struct json *, const char *);
static const char *pm_json_longest(const struct json *, const char *);
static char	*pm_script_json(xmlNodePtr);
static void	 pm_jsonld(xmlNodePtr, struct candidates *);
static void	 pm_walk(xmlNodePtr, struct candidates *);
static char	*pm_site_less(const char *);
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

/*
 * The string value of key in v: v's own member first, then the first
 * found below it (so that an article's name wins over its author's).
 */
static const char *
pm_json_find(const struct json *v, const char *key)
{
	const char	*s;
	size_t		 i;

	if (v->type != JSON_OBJECT && v->type != JSON_ARRAY)
		return NULL;
	for (i = 0; v->type == JSON_OBJECT && i < v->n; i++)
		if (strcmp(v->keys[i], key) == 0 &&
		    v->kids[i].type == JSON_STRING)
			return v->kids[i].str;
	for (i = 0; i < v->n; i++)
		if ((s = pm_json_find(&v->kids[i], key)) != NULL)
			return s;
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
 * A JSON-LD script: its headline (else name), datePublished, and
 * articleBody when it is longer than another script's.
 */
static void
pm_jsonld(xmlNodePtr n, struct candidates *c)
{
	struct json	 v;
	const char	*s;
	char		*text, *err;

	if ((text = pm_script_json(n)) == NULL)
		return;
	if (json_parse(text, strlen(text), &v, &err) == 0) {
		if ((s = pm_json_find(&v, "headline")) != NULL ||
		    (s = pm_json_find(&v, "name")) != NULL)
			pm_keep(&c->ld_headline, xstrdup(s));
		if ((s = pm_json_find(&v, "datePublished")) != NULL)
			pm_keep(&c->ld_date, xstrdup(s));
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

/* Gather the candidates under n. */
static void
pm_walk(xmlNodePtr n, struct candidates *c)
{
	char	*a, *b;

	for (n = n->children; n != NULL; n = n->next) {
		if (n->type != XML_ELEMENT_NODE)
			continue;
		if (pm_is(n, "meta")) {
			if ((a = pm_prop(n, "property")) == NULL)
				a = pm_prop(n, "name");
			b = pm_prop(n, "content");
			if (a == NULL)
				free(b);
			else if (strcasecmp(a, "og:title") == 0)
				pm_keep(&c->og_title, b);
			else if (strcasecmp(a, "dc:title") == 0 ||
			    strcasecmp(a, "dcterm:title") == 0 ||
			    strcasecmp(a, "dc.title") == 0)
				pm_keep(&c->dc_title, b);
			else if (strcasecmp(a, "twitter:title") == 0 ||
			    strcasecmp(a, "parsely-title") == 0)
				pm_keep(&c->tw_title, b);
			else if (strcasecmp(a, "article:published_time") == 0 ||
			    strcasecmp(a, "parsely-pub-date") == 0 ||
			    strcasecmp(a, "dc.date.issued") == 0)
				pm_keep(&c->meta_date, b);
			else
				free(b);
			free(a);
		} else if (pm_is(n, "link")) {
			a = pm_prop(n, "rel");
			if (a != NULL && strcasestr(a, "canonical") != NULL)
				pm_keep(&c->canonical, pm_prop(n, "href"));
			free(a);
		} else if (pm_is(n, "title") && c->title == NULL) {
			xmlChar *t = xmlNodeGetContent(n);

			pm_keep(&c->title, t != NULL ? xstrdup((char *)t) : NULL);
			xmlFree(t);
		} else if (pm_is(n, "time"))
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

/* The words in s[0..end). */
static size_t
pm_words(const char *s, const char *end)
{
	size_t	n = 0;
	int	in = 0;

	for (; s < end; s++) {
		if (isspace((unsigned char)*s))
			in = 0;
		else if (!in) {
			in = 1;
			n++;
		}
	}
	return n;
}

/*
 * A <title> without the site's name: the part before the last separator
 * (" | ", " - ", " – ", " — ", " :: ", " » ", " / "), unless that has
 * fewer than three words, then the part after the first one.
 */
static char *
pm_site_less(const char *t)
{
	static const char	*seps[] = { " | ", " - ", " \xe2\x80\x93 ",
	    " \xe2\x80\x94 ", " :: ", " \xc2\xbb ", " / ", NULL };
	const char		*last = NULL, *first = NULL, *p, *q;
	size_t			 i, firstlen = 0;

	for (i = 0; seps[i] != NULL; i++) {
		for (p = t; (q = strstr(p, seps[i])) != NULL; p = q + 1) {
			if (last == NULL || q > last)
				last = q;
			if (first == NULL || q < first) {
				first = q;
				firstlen = strlen(seps[i]);
			}
		}
	}
	if (last == NULL)
		return xstrdup(t);
	if (pm_words(t, last) >= 3)
		return xstrndup(t, last - t);
	return xstrdup(first + firstlen);
}

void
pagemeta_read(xmlNodePtr root, const char *base, struct page_meta *m)
{
	struct candidates	 c;
	const char		*date, *p;
	char			*line, *url;

	memset(m, 0, sizeof *m);
	memset(&c, 0, sizeof c);
	pm_walk(root, &c);
	/* Readability's order: what is most likely the story's own title. */
	if ((p = c.ld_headline) != NULL || (p = c.dc_title) != NULL ||
	    (p = c.og_title) != NULL || (p = c.tw_title) != NULL)
		m->title = html_to_line(p, strlen(p));
	else if (c.title != NULL) {
		line = text_to_line(c.title, strlen(c.title));
		m->title = pm_site_less(line);
		free(line);
	}
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
