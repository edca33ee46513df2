/* SPDX-License-Identifier: ISC */
#include <ctype.h>
#include <math.h>
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
#include "pagemeta.h"
#include "utf8.h"
#include "xmalloc.h"

/*
 * The page is parsed whole (pages are bounded by max_size); scores live in
 * a table beside the tree, keyed by node, so the tree is not touched but
 * to drop what is clearly not the story.
 */

#define EXTRACT_MIN_PARA	25	/* shorter text does not count */
#define EXTRACT_ENOUGH		500	/* a story this long needs no retry */
#define EXTRACT_LEVELS		5	/* a paragraph's credit goes this high */

/*
 * The rules a pass applies; when a pass finds too little, the next drops
 * one of them, as Readability does with its flags.
 */
#define EX_STRIP	0x1	/* drop furniture by class and id hints */
#define EX_WEIGHT	0x2	/* weigh containers by their hints */
#define EX_CLEAN	0x4	/* drop link lists inside the story */

struct score {
	xmlNodePtr	node;
	double		score;
	double		credit;		/* of score, what its text gave */
};

struct scores {
	struct score	*v;
	size_t		 n;
	int		 flags;		/* EX_* */
};

/*
 * Words that hint at furniture, and at the story, matched against the
 * parts of class and id tokens (see extract_hint).
 */
static const char *extract_negative[] = {
	"comment", "sidebar", "footer", "foot", "nav", "navbar", "menu",
	"promo", "share", "sharing", "social", "related", "recommend",
	"recommended", "advert", "advertisement", "ad", "ads", "sponsor",
	"sponsored", "banner", "breadcrumb", "breadcrumbs", "subscribe",
	"newsletter", "popup", "modal", "cookie", "masthead", "widget", "tags",
	"topics", "gallery", "carousel", "slideshow", "slider",
	"disqus", "outbrain", "taboola", "byline", "dateline", "caption",
	"credit", "copyright", NULL
};
/* Furniture that even the loosest pass drops: comments are no story. */
static const char *extract_comments[] = {
	"comment", "disqus", NULL
};
static const char *extract_positive[] = {
	"article", "body", "content", "entry", "main", "page", "post", "text",
	"story", "blog", "embed", NULL
};

static int	extract_hint(xmlNodePtr, const char **);
static int	extract_token_hint(const char *, size_t, const char **);
static int	extract_is_furniture(xmlNodePtr, const char **);
static int	extract_weight(xmlNodePtr);
static size_t	extract_text_len(xmlNodePtr);
static size_t	extract_link_len(xmlNodePtr);
static double	extract_link_density(xmlNodePtr);
static struct score *extract_score_of(struct scores *, xmlNodePtr);
static void	extract_strip(xmlNodePtr, size_t, int);
static int	extract_is_hidden(xmlNodePtr);
static void	extract_score(xmlNodePtr, struct scores *);
static int	extract_is_block(xmlNodePtr);
static int	extract_has_block_under(xmlNodePtr);
static size_t	extract_own_text_len(xmlNodePtr);
static void	extract_credit(struct scores *, xmlNodePtr, xmlNodePtr, size_t);
static int	extract_is(xmlNodePtr, const char *);
static int	extract_is_heading(xmlNodePtr);
static void	extract_clean(xmlNodePtr);
static struct score *extract_top(xmlNodePtr, struct scores *);
static xmlNodePtr extract_two_parts(xmlNodePtr, xmlNodePtr);
static void	extract_gather(xmlDocPtr, struct scores *, struct score *,
		    xmlBufferPtr);
static int	extract_same_class(xmlNodePtr, xmlNodePtr);
static size_t	extract_len_from(const struct html_text *, size_t);
static void	extract_replace(struct html_text *, size_t, struct html_text *);
static void	extract_prefer_ld(const char *, struct html_text *, size_t);
static xmlDocPtr extract_parse(const char *, size_t, const char *);
static void	extract_pass(xmlDocPtr, int, struct html_text *);
static void	extract_retry(const char *, size_t, const char *,
		    struct html_text *, size_t);

static int
extract_is(xmlNodePtr n, const char *name)
{
	return n != NULL && n->type == XML_ELEMENT_NODE &&
	    strcasecmp((const char *)n->name, name) == 0;
}

static int
extract_is_heading(xmlNodePtr n)
{
	return extract_is(n, "h1") || extract_is(n, "h2") || extract_is(n, "h3");
}

/*
 * Whether a token of a class or id hints one of the words: the token is
 * the word (or its plural), or its first or last part between dashes is
 * ("sidebar-left", "post-comments"), or for furniture's words between
 * underscores too ("asset_gallery"; the story's are not: BEM's
 * "rail__body" names layout).  Never a word inside another word ("advert"
 * in "m-advertisement-off-canvas") or a middle part ("widget" in
 * "elementor-widget-wrap"), which name layouts as often as furniture.
 */
static int
extract_token_hint(const char *tok, size_t len, const char **words)
{
	size_t		 i, w, first, last;
	int		 under = words != extract_positive;

	for (first = 0; first < len && tok[first] != '-' &&
	    (!under || tok[first] != '_'); first++)
		;
	for (last = len; last > 0 && tok[last - 1] != '-' &&
	    (!under || tok[last - 1] != '_'); last--)
		;
	for (i = 0; words[i] != NULL; i++) {
		w = strlen(words[i]);
		if (((first == w || (first == w + 1 && tok[w] == 's')) &&
		    strncmp(tok, words[i], w) == 0) ||
		    ((len - last == w || (len - last == w + 1 &&
		    tok[len - 1] == 's')) && strncmp(tok + last, words[i], w) == 0))
			return 1;
	}
	return 0;
}

/* Whether n's class or id has a token that hints one of the words. */
static int
extract_hint(xmlNodePtr n, const char **words)
{
	xmlChar		*cls, *id;
	char		*both, *p, *tok;
	int		 hit = 0;

	cls = xmlGetProp(n, (const xmlChar *)"class");
	id = xmlGetProp(n, (const xmlChar *)"id");
	if (cls == NULL && id == NULL)
		return 0;
	both = xasprintf("%s %s", cls ? (char *)cls : "", id ? (char *)id : "");
	for (p = both; *p != '\0'; p++)
		*p = tolower((unsigned char)*p);
	for (tok = strtok_r(both, " \t\r\n", &p); tok != NULL && !hit;
	    tok = strtok_r(NULL, " \t\r\n", &p))
		hit = extract_token_hint(tok, strlen(tok), words);
	free(both);
	xmlFree(cls);
	xmlFree(id);
	return hit;
}

/*
 * Whether n is named as furniture (one of words): its class or id hints
 * it and nothing hints the story, or its id is the word itself or its
 * plural (an id="footer" whose class says "footer-content").
 */
static int
extract_is_furniture(xmlNodePtr n, const char **words)
{
	xmlChar	*id;
	size_t	 i, len;
	int	 hit = 0;

	if (!extract_hint(n, words))
		return 0;
	if (!extract_hint(n, extract_positive))
		return 1;
	if ((id = xmlGetProp(n, (const xmlChar *)"id")) == NULL)
		return 0;
	for (i = 0; words[i] != NULL && !hit; i++) {
		len = strlen(words[i]);
		hit = strncasecmp((char *)id, words[i], len) == 0 &&
		    (id[len] == '\0' || (id[len] == 's' && id[len + 1] == '\0'));
	}
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
	s->v[s->n].score = base + (s->flags & EX_WEIGHT ? extract_weight(n) : 0);
	s->v[s->n].credit = 0;
	return &s->v[s->n++];
}

/*
 * Whether n is hidden from a reader: the hidden attribute, aria-hidden,
 * or an inline style of display:none or visibility:hidden.
 */
static int
extract_is_hidden(xmlNodePtr n)
{
	xmlChar		*v;
	char		*p, *q;
	int		 hidden = 0;

	if (xmlHasProp(n, (const xmlChar *)"hidden") != NULL)
		return 1;
	if ((v = xmlGetProp(n, (const xmlChar *)"aria-hidden")) != NULL) {
		hidden = strcasecmp((const char *)v, "true") == 0;
		xmlFree(v);
		if (hidden)
			return 1;
	}
	if ((v = xmlGetProp(n, (const xmlChar *)"style")) == NULL)
		return 0;
	/* The style without its spaces, in lower case. */
	for (p = q = (char *)v; *p != '\0'; p++)
		if (!isspace((unsigned char)*p))
			*q++ = tolower((unsigned char)*p);
	*q = '\0';
	hidden = strstr((char *)v, "display:none") != NULL ||
	    strstr((char *)v, "visibility:hidden") != NULL;
	xmlFree(v);
	return hidden;
}

/*
 * Drop what is never the story: scripts, navigation; and when page (the
 * page's text, in bytes) is not 0, what is hidden, and furniture by hint
 * if hints.
 */
static void
extract_strip(xmlNodePtr n, size_t page, int hints)
{
	static const char	*never[] = {
		"script", "style", "noscript", "iframe", "nav",
		"footer", "aside", "button", "select", "textarea", "svg",
		"template", "object", "embed", "menu", "figcaption", NULL
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
		/*
		 * Hidden, a form, or furniture by name; but never an element
		 * that holds most of the page's text (a <main
		 * class="nav-open">, the one <form> of an ASP.NET page), nor,
		 * when hidden, nine tenths of it (a wrapper of the whole page
		 * that a script unhides; a hidden part of a story is dropped
		 * even when it is the larger part, as a reader never sees it).
		 */
		if (!drop && page > 0 && !extract_is(c, "body") &&
		    !extract_is(c, "html") &&
		    !extract_is(c, "article") && !extract_is(c, "main")) {
			if (extract_is_hidden(c))
				drop = extract_text_len(c) * 10 < page * 9;
			else if (extract_is(c, "form") || (hints &&
			    extract_is_furniture(c, extract_negative)) ||
			    extract_is_furniture(c, extract_comments))
				drop = extract_text_len(c) * 2 < page;
		}
		if (drop) {
			xmlUnlinkNode(c);
			xmlFreeNode(c);
		} else
			extract_strip(c, page, hints);
	}
}

/* Elements that lay out blocks: a container holding one is no paragraph. */
static int
extract_is_block(xmlNodePtr n)
{
	static const char	*blocks[] = { "p", "div", "section", "article",
	    "main", "table", "ul", "ol", "dl", "pre", "blockquote", "h1", "h2",
	    "h3", "h4", "h5", "h6", "header", "footer", "aside", "figure",
	    "form", NULL };
	size_t			 i;

	for (i = 0; blocks[i] != NULL; i++)
		if (extract_is(n, blocks[i]))
			return 1;
	return 0;
}

/* Whether any element under n is a block. */
static int
extract_has_block_under(xmlNodePtr n)
{
	xmlNodePtr	c;

	for (c = n->children; c != NULL; c = c->next)
		if (c->type == XML_ELEMENT_NODE && (extract_is_block(c) ||
		    extract_has_block_under(c)))
			return 1;
	return 0;
}

/*
 * The text that n holds outside its blocks: what a browser lays out as
 * n's own paragraphs (text beside <br>s, in spans and fonts).
 */
static size_t
extract_own_text_len(xmlNodePtr n)
{
	xmlNodePtr	c;
	size_t		len = 0;

	for (c = n->children; c != NULL; c = c->next) {
		if (c->type == XML_TEXT_NODE || (c->type == XML_ELEMENT_NODE &&
		    !extract_is_block(c) && !extract_has_block_under(c)))
			len += extract_text_len(c);
	}
	return len;
}

/* Add a paragraph of len bytes, text t, to container and its parent. */
static void
extract_credit(struct scores *s, xmlNodePtr container, xmlNodePtr text_of,
    size_t len)
{
	struct score	*sc;
	xmlNodePtr	 grand;
	xmlChar		*text;
	size_t		 commas, i, level;
	double		 add, part;

	text = xmlNodeGetContent(text_of);
	for (i = 0, commas = 0; text != NULL && text[i] != '\0'; i++)
		commas += text[i] == ',';
	xmlFree(text);
	/*
	 * Commas mark prose; but a list of tags or names is commas and
	 * little else (under 15 bytes between them): that is no story.
	 */
	if (commas > 0 && len / commas < 15)
		commas = 0;
	add = 1 + commas + (len / 100 > 3 ? 3 : (double)(len / 100));
	sc = extract_score_of(s, container);
	sc->score += add;
	sc->credit += add;
	/*
	 * And its ancestors, less at each level, as Readability does: a
	 * story cut into sections adds up in their common container.
	 */
	for (grand = container->parent, level = 1; grand != NULL &&
	    grand->type == XML_ELEMENT_NODE && level < EXTRACT_LEVELS;
	    grand = grand->parent, level++) {
		part = add / (level == 1 ? 2 : (double)level * 3);
		sc = extract_score_of(s, grand);
		sc->score += part;
		sc->credit += part;
	}
}

/*
 * Score the containers of every paragraph under n.  A paragraph is a <p>,
 * <pre> or <blockquote>, a cell that holds no blocks; and, as Readability
 * turns such a <div> into a <p>, a div, section or article that holds no
 * block (its text laid out by <br>s), or the text such an element holds
 * beside its blocks, which counts for the element itself.
 */
static void
extract_score(xmlNodePtr n, struct scores *s)
{
	xmlNodePtr	c;
	size_t		len;
	int		divlike;

	for (c = n->children; c != NULL; c = c->next) {
		if (c->type != XML_ELEMENT_NODE)
			continue;
		divlike = extract_is(c, "div") || extract_is(c, "section") ||
		    extract_is(c, "article") || extract_is(c, "center");
		if (extract_is(c, "p") || extract_is(c, "pre") ||
		    extract_is(c, "blockquote") || ((extract_is(c, "td") ||
		    divlike) && !extract_has_block_under(c))) {
			len = extract_text_len(c);
			if (len >= EXTRACT_MIN_PARA && c->parent != NULL)
				extract_credit(s, c->parent, c, len);
		} else if (extract_is(c, "li") && !extract_has_block_under(c) &&
		    c->parent != NULL && c->parent->parent != NULL &&
		    c->parent->parent->type == XML_ELEMENT_NODE &&
		    extract_link_density(c) < 0.5) {
			/* A list's prose item counts for the list's container. */
			len = extract_text_len(c);
			if (len >= EXTRACT_MIN_PARA)
				extract_credit(s, c->parent->parent, c, len);
		} else if (divlike &&
		    (len = extract_own_text_len(c)) >= EXTRACT_MIN_PARA)
			extract_credit(s, c, c, len);
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
	int		box;

	for (c = n->children; c != NULL; c = next) {
		next = c->next;
		if (c->type != XML_ELEMENT_NODE)
			continue;
		box = extract_is(c, "ul") || extract_is(c, "ol") ||
		    extract_is(c, "div") || extract_is(c, "table") ||
		    extract_is(c, "section");
		/*
		 * A box or paragraph mostly links; a box with less than a
		 * paragraph's text, before its inside is cleaned and after
		 * (a "Share this:" whose buttons went).
		 */
		if (box || extract_is(c, "p")) {
			len = extract_text_len(c);
			if ((extract_link_density(c) > (box ? 0.3 : 0.5) &&
			    len < 400) || (box && len < EXTRACT_MIN_PARA)) {
				xmlUnlinkNode(c);
				xmlFreeNode(c);
				continue;
			}
		}
		extract_clean(c);
		if (box && extract_text_len(c) < EXTRACT_MIN_PARA) {
			xmlUnlinkNode(c);
			xmlFreeNode(c);
		}
	}
}

#define EXTRACT_ALTERNATIVES	3	/* near-best that point to an ancestor */

/* Whether a is an ancestor of n. */
static int
extract_is_ancestor(xmlNodePtr a, xmlNodePtr n)
{
	for (n = n->parent; n != NULL; n = n->parent)
		if (n == a)
			return 1;
	return 0;
}

/*
 * The container of a story in two parts, top and alt (the best other
 * candidate, near top's score), each in a box of its own: their first
 * common ancestor, when it holds little but the two (four fifths of its
 * text); else top.
 */
static xmlNodePtr
extract_two_parts(xmlNodePtr top, xmlNodePtr alt)
{
	xmlNodePtr	p;

	if (extract_is_ancestor(top, alt) || extract_is_ancestor(alt, top))
		return top;
	for (p = top->parent; p != NULL && p->type == XML_ELEMENT_NODE &&
	    !extract_is(p, "body"); p = p->parent) {
		if (!extract_is_ancestor(p, alt))
			continue;
		if (extract_text_len(p) * 4 <=
		    (extract_text_len(top) + extract_text_len(alt)) * 5)
			return p;
		break;
	}
	return top;
}

/*
 * A better container than top, as Readability looks for one: when three of
 * the next four best score three quarters of top's or more, their first
 * common ancestor with top (a story cut into sections, each its own
 * candidate); then, while top is its parent's only element, the parent.
 */
static struct score *
extract_better_top(struct scores *s, struct score *top)
{
	xmlNodePtr	 alt[4], p, c, node = top->node;
	double		 best = top->score, next, prev = INFINITY;
	size_t		 i, j, nalt = 0, count;
	int		 only;

	/* The next four best, in order, each below the one before. */
	for (j = 0; j < 4; j++) {
		for (i = 0, next = -INFINITY, p = NULL; i < s->n; i++)
			if (s->v[i].node != node && s->v[i].score < prev &&
			    s->v[i].score > next) {
				next = s->v[i].score;
				p = s->v[i].node;
			}
		if (p == NULL || next < best * 0.75)
			break;
		alt[nalt++] = p;
		prev = next;
	}
	if (nalt >= EXTRACT_ALTERNATIVES) {
		for (p = node->parent; p != NULL && p->type ==
		    XML_ELEMENT_NODE && !extract_is(p, "body"); p = p->parent) {
			for (i = 0, count = 0; i < nalt; i++)
				count += extract_is_ancestor(p, alt[i]);
			if (count >= EXTRACT_ALTERNATIVES) {
				node = p;
				break;
			}
		}
	} else if (nalt > 0)
		node = extract_two_parts(node, alt[0]);
	for (p = node->parent; p != NULL && p->type == XML_ELEMENT_NODE &&
	    !extract_is(p, "body"); p = p->parent) {
		for (c = p->children, only = 1; c != NULL; c = c->next)
			if (c->type == XML_ELEMENT_NODE && c != node)
				only = 0;
		if (!only)
			break;
		node = p;
	}
	return node == top->node ? top : extract_score_of(s, node);
}

/*
 * The story's container: the best scored, its score cut by its links'
 * share (a container full of links is a list of links, not a story); when
 * none scores (a page of one short paragraph, a list), the whole body,
 * stripped, as Readability takes it then.  NULL when there is no text.
 */
static struct score *
extract_top(xmlNodePtr root, struct scores *s)
{
	struct score	*top = NULL;
	xmlNodePtr	 c;
	size_t		 i;
	double		 d;

	for (i = 0; i < s->n; i++) {
		d = 1 - extract_link_density(s->v[i].node);
		s->v[i].score *= d;
		s->v[i].credit *= d;
		if (top == NULL || s->v[i].score > top->score)
			top = &s->v[i];
	}
	if (top != NULL && top->score > 0)
		return extract_better_top(s, top);
	for (c = root->children; c != NULL && !extract_is(c, "body");
	    c = c->next)
		;
	if (c == NULL || extract_text_len(c) == 0)
		return NULL;
	return extract_score_of(s, c);
}

/*
 * The container top and those of its siblings that belong with it, as
 * HTML into b: siblings that score well, the story's own heading (it sits
 * beside the story, often), and paragraphs long enough and few in links.
 */
static void
extract_gather(xmlDocPtr doc, struct scores *s, struct score *top,
    xmlBufferPtr b)
{
	xmlNodePtr	parent = top->node->parent, c;
	double		threshold, d;
	size_t		i;

	threshold = top->score * 0.2 > 10 ? top->score * 0.2 : 10;
	for (c = parent != NULL ? parent->children : top->node; c != NULL;
	    c = parent != NULL ? c->next : NULL) {
		if (c->type != XML_ELEMENT_NODE)
			continue;
		/*
		 * A sibling named as furniture is none of the story, even in
		 * the looser passes (which keep it, so that a story wrongly
		 * named can still be the one chosen).
		 */
		if (c != top->node && extract_is_furniture(c, extract_negative))
			continue;
		/*
		 * A sibling joins for its paragraphs; for its name as well
		 * when it holds a story's worth of text or is named as the
		 * container is (a story cut in parts): not a headline's box
		 * whose class says "article".
		 */
		for (i = 0, d = -1; i < s->n; i++) {
			if (s->v[i].node == c)
				d = extract_text_len(c) >= EXTRACT_ENOUGH ||
				    extract_same_class(c, top->node) ?
				    s->v[i].score : s->v[i].credit;
		}
		if (c == top->node || (d >= threshold &&
		    extract_link_density(c) < 0.3) || ((extract_is_heading(c) ||
		    (extract_is(c, "header") && extract_text_len(c) < 300)) &&
		    extract_link_density(c) < 0.5) ||
		    (extract_is(c, "p") && extract_text_len(c) > 80 &&
		    extract_link_density(c) < 0.25)) {
			if (s->flags & EX_CLEAN)
				extract_clean(c);
			htmlNodeDump(b, doc, c);
		}
	}
}

/* Whether a and b have the same class, and one. */
static int
extract_same_class(xmlNodePtr a, xmlNodePtr b)
{
	xmlChar	*ca, *cb;
	int	 same;

	ca = xmlGetProp(a, (const xmlChar *)"class");
	cb = xmlGetProp(b, (const xmlChar *)"class");
	same = ca != NULL && cb != NULL && *ca != '\0' &&
	    xmlStrcmp(ca, cb) == 0;
	xmlFree(ca);
	xmlFree(cb);
	return same;
}

/* The bytes of text in t's paragraphs from from on (none: NULL paras). */
static size_t
extract_len_from(const struct html_text *t, size_t from)
{
	return from < t->n ? html_paras_len(t->paras + from, t->n - from) : 0;
}

/* The paragraphs of t (taken) in place of those of out from before on. */
static void
extract_replace(struct html_text *out, size_t before, struct html_text *t)
{
	size_t	i;

	for (i = before; i < out->n; i++)
		free(out->paras[i]);
	out->n = before;
	out->paras = xreallocarray(out->paras, before + t->n + 1,
	    sizeof *out->paras);
	for (i = 0; i < t->n; i++)
		out->paras[out->n++] = t->paras[i];
	free(t->paras);
	t->paras = NULL;
	t->n = 0;
}

/*
 * Use the JSON-LD articleBody in place of what the page gave when it is
 * the fuller text by half again (the page shows a teaser, or nothing).
 */
static void
extract_prefer_ld(const char *ld, struct html_text *out, size_t before)
{
	struct html_text	 t = { NULL, 0 };
	size_t			 len = strlen(ld);

	if (len * 2 <= extract_len_from(out, before) * 3)
		return;
	if (html_has_markup(ld, len))
		html_to_paragraphs(ld, len, &t);
	else
		text_to_paragraphs(ld, len, &t);
	extract_replace(out, before, &t);
}

/*
 * Whether heading is title, case and spacing aside (ASCII), or the part of
 * it before the site's name ("Heading | Site", "Heading - Site").
 */
static int
extract_is_title(const char *heading, const char *title)
{
	static const char	*seps[] = { "| ", "- ", "\xe2\x80\x93 ",
	    "\xe2\x80\x94 ", "\xc2\xb7 ", ":: ", "\xc2\xbb ", "/ ", NULL };
	const char		*a = heading, *b = title;
	size_t			 i;

	for (;;) {
		while (isspace((unsigned char)*a))
			a++;
		while (isspace((unsigned char)*b))
			b++;
		if (*a == '\0' && *b != '\0' && b > title &&
		    isspace((unsigned char)b[-1])) {
			for (i = 0; seps[i] != NULL; i++)
				if (strncmp(b, seps[i], strlen(seps[i])) == 0)
					return 1;
			return 0;
		}
		if (*a == '\0' || *b == '\0')
			return *a == *b;
		if (tolower((unsigned char)*a) != tolower((unsigned char)*b))
			return 0;
		/* A run of spaces matches a run of spaces. */
		if (a[1] != '\0' &&
		    !isspace((unsigned char)a[1]) != !isspace((unsigned char)b[1]))
			return 0;
		a++;
		b++;
	}
}

/*
 * Drop the page's title where the story repeats it before its text (its
 * heading, gathered beside it): the article carries the title on a line
 * of its own.
 */
static void
extract_drop_title(struct html_text *out, size_t before, const char *title)
{
	size_t	i;

	for (i = before; title != NULL && i < out->n && i < before + 3; i++) {
		if (!extract_is_title(out->paras[i], title))
			continue;
		free(out->paras[i]);
		memmove(out->paras + i, out->paras + i + 1,
		    (out->n - i - 1) * sizeof *out->paras);
		out->n--;
		return;
	}
}

/* The story of a page. */
size_t
extract_story(const char *html, size_t len, const char *charset,
    struct html_text *out)
{
	return extract_page(html, len, charset, NULL, out, NULL);
}

/*
 * The page's tree; a page that is UTF-8 throughout is read as UTF-8
 * whatever its <meta> says (a site moved to UTF-8 and kept its old header;
 * text in a legacy charset is seldom well-formed UTF-8 by chance).
 */
static xmlDocPtr
extract_parse(const char *html, size_t len, const char *charset)
{
	if (charset == NULL && utf8_valid(html, len))
		charset = "UTF-8";
	return htmlReadMemory(html, (int)len, NULL, charset,
	    HTML_PARSE_RECOVER | HTML_PARSE_NOERROR | HTML_PARSE_NOWARNING |
	    HTML_PARSE_NONET | (charset != NULL &&
	    strcasecmp(charset, "UTF-8") == 0 ? HTML_PARSE_IGNORE_ENC : 0));
}

/* One pass over doc (which it changes) with the rules flags, into out. */
static void
extract_pass(xmlDocPtr doc, int flags, struct html_text *out)
{
	struct scores	 s = { NULL, 0, flags };
	struct score	*top;
	xmlNodePtr	 root = xmlDocGetRootElement(doc);
	xmlBufferPtr	 b;

	/* What is never the story first, then furniture against the rest. */
	extract_strip(root, 0, 0);
	extract_strip(root, extract_text_len(root), flags & EX_STRIP);
	extract_score(root, &s);
	if ((top = extract_top(root, &s)) != NULL) {
		if ((b = xmlBufferCreate()) == NULL)
			fatalx("xmlBufferCreate");
		extract_gather(doc, &s, top, b);
		html_to_paragraphs((const char *)xmlBufferContent(b),
		    (size_t)xmlBufferLength(b), out);
		xmlBufferFree(b);
	}
	free(s.v);
}

/*
 * When the first pass finds under EXTRACT_ENOUGH bytes, passes with looser
 * rules over a new tree each: hints neither strip nor weigh (a story in a
 * box whose class says "share"), then they weigh again, then link lists
 * are kept too.  A looser result is kept only when it has twice the text
 * (a short story is often all there is, and a looser pass always finds
 * more: the furniture).
 */
static void
extract_retry(const char *html, size_t len, const char *charset,
    struct html_text *out, size_t before)
{
	static const int	 looser[] = { EX_CLEAN, EX_WEIGHT | EX_CLEAN, 0 };
	struct html_text	 t;
	xmlDocPtr		 doc;
	size_t			 i, have;

	for (i = 0; i < sizeof looser / sizeof looser[0]; i++) {
		have = extract_len_from(out, before);
		if (have >= EXTRACT_ENOUGH ||
		    (doc = extract_parse(html, len, charset)) == NULL)
			return;
		memset(&t, 0, sizeof t);
		if (xmlDocGetRootElement(doc) != NULL)
			extract_pass(doc, looser[i], &t);
		xmlFreeDoc(doc);
		if (html_paras_len(t.paras, t.n) >= 2 * have)
			extract_replace(out, before, &t);
		html_text_free(&t);
	}
}

/* The story of a page, and what it says of itself. */
size_t
extract_page(const char *html, size_t len, const char *charset,
    const char *base, struct html_text *out, struct page_meta *meta)
{
	struct page_meta	 own, *m = meta != NULL ? meta : &own;
	xmlDocPtr		 doc;
	xmlNodePtr		 root;
	size_t			 before = out->n;

	memset(m, 0, sizeof *m);
	doc = extract_parse(html, len, charset);
	if (doc == NULL || (root = xmlDocGetRootElement(doc)) == NULL) {
		xmlFreeDoc(doc);
		return 0;
	}
	/* Before the passes, which drop the scripts that JSON-LD is in. */
	pagemeta_read(root, base, m);
	extract_pass(doc, EX_STRIP | EX_WEIGHT | EX_CLEAN, out);
	xmlFreeDoc(doc);
	extract_retry(html, len, charset, out, before);
	if (m->article_body != NULL)
		extract_prefer_ld(m->article_body, out, before);
	extract_drop_title(out, before, m->title);
	if (m == &own)
		pagemeta_free(&own);
	return out->n - before;
}
