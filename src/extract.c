/* SPDX-License-Identifier: ISC */
#include <ctype.h>
#include <stdlib.h>
#include <string.h>
#include <strings.h>

#include <libxml/HTMLparser.h>
#include <libxml/HTMLtree.h>
#include <libxml/tree.h>

#include "buf.h"
#include "extract.h"
#include "html.h"
#include "log.h"
#include "xmalloc.h"

/*
 * The page is parsed whole (pages are bounded by max_size); scores live in
 * a table beside the tree, keyed by node, so the tree is not touched but
 * to drop what is clearly not the story.
 */

#define EXTRACT_MIN_PARA	25	/* shorter text does not count */

struct score {
	xmlNodePtr	node;
	double		score;
};

struct scores {
	struct score	*v;
	size_t		 n;
};

static const char *extract_negative[] = {
	"comment", "sidebar", "footer", "foot", "nav", "menu", "promo",
	"share", "sharing", "social", "related", "recommend", "advert", "ad-",
	"ads", "sponsor", "banner", "breadcrumb", "subscribe", "newsletter",
	"popup", "modal", "cookie", "masthead", "widget", "tags", "byline-share",
	"disqus", "outbrain", "taboola", "byline", "dateline", NULL
};
static const char *extract_positive[] = {
	"article", "body", "content", "entry", "main", "page", "post", "text",
	"story", "blog", NULL
};

static int	extract_hint(xmlNodePtr, const char **);
static int	extract_weight(xmlNodePtr);
static size_t	extract_text_len(xmlNodePtr);
static size_t	extract_link_len(xmlNodePtr);
static double	extract_link_density(xmlNodePtr);
static struct score *extract_score_of(struct scores *, xmlNodePtr);
static void	extract_strip(xmlNodePtr);
static void	extract_score(xmlNodePtr, struct scores *);
static int	extract_is(xmlNodePtr, const char *);
static int	extract_has_blocks(xmlNodePtr);
static int	extract_is_heading(xmlNodePtr);
static void	extract_clean(xmlNodePtr);

static int
extract_is(xmlNodePtr n, const char *name)
{
	return n != NULL && n->type == XML_ELEMENT_NODE &&
	    strcasecmp((const char *)n->name, name) == 0;
}

/* Whether n holds paragraphs or blocks of its own. */
static int
extract_has_blocks(xmlNodePtr n)
{
	xmlNodePtr	c;

	for (c = n->children; c != NULL; c = c->next) {
		if (extract_is(c, "p") || extract_is(c, "div") ||
		    extract_is(c, "table") || extract_has_blocks(c))
			return 1;
	}
	return 0;
}

static int
extract_is_heading(xmlNodePtr n)
{
	return extract_is(n, "h1") || extract_is(n, "h2") || extract_is(n, "h3");
}

/* Whether n's class or id holds one of the words. */
static int
extract_hint(xmlNodePtr n, const char **words)
{
	xmlChar		*cls, *id;
	char		*both, *p;
	size_t		 i;
	int		 hit = 0;

	cls = xmlGetProp(n, (const xmlChar *)"class");
	id = xmlGetProp(n, (const xmlChar *)"id");
	if (cls == NULL && id == NULL)
		return 0;
	both = xasprintf(" %s %s ", cls ? (char *)cls : "",
	    id ? (char *)id : "");
	for (p = both; *p != '\0'; p++)
		*p = tolower((unsigned char)*p);
	for (i = 0; words[i] != NULL && !hit; i++)
		hit = strstr(both, words[i]) != NULL;
	free(both);
	xmlFree(cls);
	xmlFree(id);
	return hit;
}

/* The class/id weight: +25 for the story's words, -25 for furniture's. */
static int
extract_weight(xmlNodePtr n)
{
	int	w = 0;

	if (extract_hint(n, extract_negative))
		w -= 25;
	if (extract_hint(n, extract_positive))
		w += 25;
	return w;
}

/* The bytes of text in n, white space collapsed roughly. */
static size_t
extract_text_len(xmlNodePtr n)
{
	xmlChar	*s = xmlNodeGetContent(n);
	size_t	 len = 0, i;
	int	 space = 1;

	if (s == NULL)
		return 0;
	for (i = 0; s[i] != '\0'; i++) {
		if (isspace(s[i])) {
			if (!space)
				len++;
			space = 1;
		} else {
			len++;
			space = 0;
		}
	}
	xmlFree(s);
	return len;
}

/* The bytes of text in n's links. */
static size_t
extract_link_len(xmlNodePtr n)
{
	xmlNodePtr	c;
	size_t		len = 0;

	for (c = n->children; c != NULL; c = c->next) {
		if (c->type != XML_ELEMENT_NODE)
			continue;
		if (extract_is(c, "a"))
			len += extract_text_len(c);
		else
			len += extract_link_len(c);
	}
	return len;
}

static double
extract_link_density(xmlNodePtr n)
{
	size_t	text = extract_text_len(n);

	return text == 0 ? 0 : (double)extract_link_len(n) / (double)text;
}

/* The score entry of n, made with its tag's and hints' weight. */
static struct score *
extract_score_of(struct scores *s, xmlNodePtr n)
{
	size_t	i;
	double	base = 0;

	for (i = 0; i < s->n; i++) {
		if (s->v[i].node == n)
			return &s->v[i];
	}
	if (extract_is(n, "article"))
		base = 10;
	else if (extract_is(n, "div") || extract_is(n, "main") ||
	    extract_is(n, "section"))
		base = 5;
	else if (extract_is(n, "td") || extract_is(n, "pre") ||
	    extract_is(n, "blockquote"))
		base = 3;
	else if (extract_is(n, "form") || extract_is(n, "ul") ||
	    extract_is(n, "ol") || extract_is(n, "dl") || extract_is(n, "li"))
		base = -3;
	s->v = xreallocarray(s->v, s->n + 1, sizeof *s->v);
	s->v[s->n].node = n;
	s->v[s->n].score = base + extract_weight(n);
	return &s->v[s->n++];
}

/* Drop what is never the story: scripts, navigation, furniture by hint. */
static void
extract_strip(xmlNodePtr n)
{
	static const char	*never[] = {
		"script", "style", "noscript", "iframe", "form", "nav",
		"footer", "aside", "button", "select", "textarea", "svg",
		"template", "object", "embed", "menu", NULL
	};
	xmlNodePtr		 c, next;
	size_t			 i;
	int			 drop;

	for (c = n->children; c != NULL; c = next) {
		next = c->next;
		if (c->type == XML_COMMENT_NODE) {
			xmlUnlinkNode(c);
			xmlFreeNode(c);
			continue;
		}
		if (c->type != XML_ELEMENT_NODE)
			continue;
		drop = 0;
		for (i = 0; never[i] != NULL && !drop; i++)
			drop = extract_is(c, never[i]);
		/* Furniture by name, unless it holds the body of the page. */
		if (!drop && !extract_is(c, "body") && !extract_is(c, "html") &&
		    !extract_is(c, "article") &&
		    extract_hint(c, extract_negative) &&
		    !extract_hint(c, extract_positive))
			drop = 1;
		if (drop) {
			xmlUnlinkNode(c);
			xmlFreeNode(c);
		} else
			extract_strip(c);
	}
}

/* Score the containers of every paragraph under n. */
static void
extract_score(xmlNodePtr n, struct scores *s)
{
	xmlNodePtr	c, parent, grand;
	xmlChar		*text;
	size_t		 len, commas, i;
	double		 add;

	for (c = n->children; c != NULL; c = c->next) {
		if (c->type != XML_ELEMENT_NODE)
			continue;
		/* A cell counts as a paragraph only when it holds none. */
		if (extract_is(c, "p") || extract_is(c, "pre") ||
		    extract_is(c, "blockquote") || (extract_is(c, "td") &&
		    !extract_has_blocks(c))) {
			len = extract_text_len(c);
			if (len >= EXTRACT_MIN_PARA && (parent = c->parent) !=
			    NULL) {
				text = xmlNodeGetContent(c);
				for (i = 0, commas = 0; text[i] != '\0'; i++)
					commas += text[i] == ',';
				xmlFree(text);
				add = 1 + commas + (len / 100 > 3 ? 3 :
				    (double)(len / 100));
				extract_score_of(s, parent)->score += add;
				if ((grand = parent->parent) != NULL &&
				    grand->type == XML_ELEMENT_NODE)
					extract_score_of(s, grand)->score +=
					    add / 2;
			}
		}
		extract_score(c, s);
	}
}

/*
 * Inside the story, drop lists and boxes that are mostly links (related
 * stories, tag clouds), and headings that are all link.
 */
static void
extract_clean(xmlNodePtr n)
{
	xmlNodePtr	c, next;
	size_t		len;

	for (c = n->children; c != NULL; c = next) {
		next = c->next;
		if (c->type != XML_ELEMENT_NODE)
			continue;
		if (extract_is(c, "ul") || extract_is(c, "ol") ||
		    extract_is(c, "div") || extract_is(c, "table") ||
		    extract_is(c, "section") || extract_is(c, "p")) {
			len = extract_text_len(c);
			if ((extract_link_density(c) > 0.5 && len < 400) ||
			    (len == 0 && !extract_is(c, "p"))) {
				xmlUnlinkNode(c);
				xmlFreeNode(c);
				continue;
			}
		}
		extract_clean(c);
	}
}

/* The story of a page. */
size_t
extract_story(const char *html, size_t len, const char *charset,
    struct html_text *out)
{
	struct scores	 s = { NULL, 0 };
	struct score	*top = NULL;
	xmlDocPtr	 doc;
	xmlNodePtr	 root, parent, c;
	xmlBufferPtr	 b;
	size_t		 i, before = out->n;
	double		 threshold, d;

	doc = htmlReadMemory(html, (int)len, NULL, charset, HTML_PARSE_RECOVER |
	    HTML_PARSE_NOERROR | HTML_PARSE_NOWARNING | HTML_PARSE_NONET);
	if (doc == NULL || (root = xmlDocGetRootElement(doc)) == NULL) {
		xmlFreeDoc(doc);
		return 0;
	}
	extract_strip(root);
	extract_score(root, &s);
	/* A container full of links is a list of links, not a story. */
	for (i = 0; i < s.n; i++) {
		d = extract_link_density(s.v[i].node);
		s.v[i].score *= 1 - d;
		if (top == NULL || s.v[i].score > top->score)
			top = &s.v[i];
	}
	if (top == NULL || top->score <= 0) {
		free(s.v);
		xmlFreeDoc(doc);
		return 0;
	}
	/* The best container, and those of its siblings that score well. */
	threshold = top->score * 0.2 > 10 ? top->score * 0.2 : 10;
	parent = top->node->parent;
	if ((b = xmlBufferCreate()) == NULL)
		fatalx("xmlBufferCreate");
	for (c = parent != NULL ? parent->children : top->node; c != NULL;
	    c = parent != NULL ? c->next : NULL) {
		if (c->type != XML_ELEMENT_NODE)
			continue;
		for (i = 0, d = -1; i < s.n; i++) {
			if (s.v[i].node == c)
				d = s.v[i].score;
		}
		/* The story's own heading sits beside it, often. */
		if (c == top->node || d >= threshold || ((extract_is_heading(c) ||
		    (extract_is(c, "header") && extract_text_len(c) < 300)) &&
		    extract_link_density(c) < 0.5) ||
		    (extract_is(c, "p") && extract_text_len(c) > 80 &&
		    extract_link_density(c) < 0.25)) {
			extract_clean(c);
			htmlNodeDump(b, doc, c);
		}
	}
	html_to_paragraphs((const char *)xmlBufferContent(b),
	    (size_t)xmlBufferLength(b), out);
	xmlBufferFree(b);
	free(s.v);
	xmlFreeDoc(doc);
	return out->n - before;
}
