/* SPDX-License-Identifier: ISC */
#include <pthread.h>
#include <stdarg.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <strings.h>

#include <libxml/parser.h>
#include <libxml/tree.h>
#include <libxml/SAX2.h>
#include <libxml/parserInternals.h>

#include "buf.h"
#include "feedparse.h"
#include "jsonfeed.h"
#include "html.h"
#include "log.h"
#include "uri.h"
#include "utf8.h"
#include "xmalloc.h"
#include "xmlprep.h"

/*
 * libxml2's push parser reads the document as it arrives, in blocks of
 * up to FP_CHUNK bytes, and its own SAX2 handlers build the tree; ours
 * wrap them so that only an item (or entry), or an element of the feed's
 * own metadata, is built in full.  Such an element is read when it ends,
 * handed on, and freed; every other element is freed when it ends, and
 * text, comments and processing instructions outside such an element are
 * never kept.  The tree holds the open elements and one item at most, so
 * memory does not grow with the document.
 * The bytes reach libxml2 through xmlprep, which has already decoded
 * them to UTF-8 and dropped any DTD, so libxml2 is told the encoding and
 * never sees an entity declaration.  xmlprep also sets every CDATA
 * section aside (the bulk of most feeds, HTML bodies), leaving a mark
 * that fp_sax_pi turns back into text: libxml2 need not scan it again.
 * No option that loads a DTD or substitutes entities is set, NONET is,
 * and the external entity loader refuses everything: nothing in a feed
 * can make feedd read a file or reach the network.
 */

#define NS_ATOM10	"http://www.w3.org/2005/Atom"
#define NS_ATOM03	"http://purl.org/atom/ns#"
#define NS_RDF		"http://www.w3.org/1999/02/22-rdf-syntax-ns#"
#define NS_RSS10	"http://purl.org/rss/1.0/"
#define NS_RSS090	"http://my.netscape.com/rdf/simple/0.9/"
#define NS_CONTENT	"http://purl.org/rss/1.0/modules/content/"
#define NS_DC		"http://purl.org/dc/elements/1.1/"
#define NS_DC10		"http://purl.org/dc/elements/1.0/"
#define NS_USERLAND	"http://backend.userland.com/rss2"
#define NS_HARVARD	"http://blogs.law.harvard.edu/tech/rss"
#define NS_XHTML	"http://www.w3.org/1999/xhtml"
#define NS_IANA_REL	"http://www.iana.org/assignments/relation/"
#define NS_ITUNES	"http://www.itunes.com/dtds/podcast-1.0.dtd"
#define NS_MEDIA	"http://search.yahoo.com/mrss/"
#define NS_DCTERMS	"http://purl.org/dc/terms/"

#define FP_CHUNK	65536
#define FP_JSON_MAX	(64 << 20)	/* the largest JSON document read */

struct fp {
	const struct feedparse_cb	*cb;
	struct xmlprep			*prep;
	xmlParserCtxtPtr		 ctxt;
	struct buf			 pending;	/* prepared, not yet parsed */
	int				 eof;
	xmlNodePtr			 reading;	/* the item or metadata
							   element being built */
	int				 reading_item;
	char				**cause;
	int				 not_feed;	/* the root says so */
	int				 read_error;
	enum feed_format		 format;
	struct feed_info		 info;
	int				 info_prio;	/* of info.updated */
	int				 info_sent;
	char				*dc_title;	/* the channel's, if no title */
	long				 nitems;
	char				*error;		/* libxml2's first */
	int				 nerrors;
	size_t				 nread;		/* bytes in */
};

static void	fp_sax_start(void *, const xmlChar *, const xmlChar *,
		    const xmlChar *, int, const xmlChar **, int, int,
		    const xmlChar **);
static void	fp_sax_end(void *, const xmlChar *, const xmlChar *,
		    const xmlChar *);
static void	fp_sax_text(void *, const xmlChar *, int);
static void	fp_sax_comment(void *, const xmlChar *);
static void	fp_sax_pi(void *, const xmlChar *, const xmlChar *);
static void	fp_sax_reference(void *, const xmlChar *);
static void	fp_sax_error(void *, xmlErrorPtr);
static xmlParserInputPtr fp_no_entities(const char *, const char *,
		    xmlParserCtxtPtr);
static void	fp_warn(struct fp *, const char *, ...)
		    __attribute__((format(printf, 2, 3)));
static int	fp_root(struct fp *, xmlNodePtr);
static int	fp_at_item(struct fp *, xmlNodePtr, int);
static int	fp_at_meta(struct fp *, xmlNodePtr, int);
static int	fp_is_atom(const struct fp *, const xmlChar *);
static int	fp_is_rss(const xmlChar *);
static int	fp_is_dc(const xmlChar *);
static int	fp_named(xmlNodePtr, const char *);
static char	*fp_rel(xmlNodePtr);
static char	*fp_value(char *);
static const char *fp_local(const char *, const void *);
static char	*fp_text(xmlNodePtr);
static char	*fp_children_markup(xmlNodePtr);
static char	*fp_resolve(xmlNodePtr, const char *);
static void	fp_set(char **, char *);
static void	fp_text_construct(struct fp *, xmlNodePtr, struct feed_text *);
static ssize_t	fp_base64(char *);
static void	fp_rss_text(xmlNodePtr, enum feed_text_type, struct feed_text *);
static void	fp_date(struct feed_date *, int *, xmlNodePtr, const char *,
		    int);
static void	fp_add_content(struct feed_item *, struct feed_text *,
		    const char *);
static void	fp_item(struct fp *, xmlNodePtr);
static void	fp_meta(struct fp *, xmlNodePtr);
static void	fp_send_info(struct fp *);
static void	fp_report_repairs(struct fp *);
static char	*fp_line(const struct feed_text *);
static int	fp_has_elements(xmlNodePtr);
static void	fp_atom_link(xmlNodePtr, char **, char **);
static void	fp_info_free(struct feed_info *);

/* Free libxml2's process-wide state, at exit. */
static void
fp_init_once(void)
{
	xmlInitParser();
	xmlSetExternalEntityLoader(fp_no_entities);
}

void
feedparse_init(void)
{
	static pthread_once_t	once = PTHREAD_ONCE_INIT;

	pthread_once(&once, fp_init_once);
}

void
feedparse_cleanup(void)
{
	xmlCleanupParser();
}

/* The format's short name. */
const char *
feedparse_format_name(enum feed_format f)
{
	switch (f) {
	case FEED_RSS090:
		return "rss0.90";
	case FEED_RSS091:
		return "rss0.91";
	case FEED_RSS092:
		return "rss0.92";
	case FEED_RSS20:
		return "rss2.0";
	case FEED_RSS10:
		return "rss1.0";
	case FEED_ATOM03:
		return "atom0.3";
	case FEED_ATOM10:
		return "atom1.0";
	case FEED_JSON10:
		return "json1.0";
	case FEED_JSON11:
		return "json1.1";
	default:
		return "none";
	}
}

/* The parse that a SAX callback's context is libxml2's part of. */
static struct fp *
fp_of(void *ctx)
{
	return ((xmlParserCtxtPtr)ctx)->_private;
}

/* Keep libxml2's first error for the message; count the rest. */
static void
fp_sax_error(void *ctx, xmlErrorPtr err)
{
	struct fp	*fp = fp_of(ctx);
	char		*msg;
	size_t		 len;

	if (err == NULL || err->level == XML_ERR_WARNING)
		return;
	if (fp->nerrors++ > 0)
		return;
	msg = xstrdup(err->message != NULL ? err->message : "error");
	len = strlen(msg);
	while (len > 0 && (msg[len - 1] == '\n' || msg[len - 1] == ' '))
		msg[--len] = '\0';
	fp->error = xasprintf("line %d: %s", err->line, msg);
	free(msg);
}

/* The external entity loader: nothing is ever loaded. */
static xmlParserInputPtr
fp_no_entities(const char *url, const char *id, xmlParserCtxtPtr ctxt)
{
	return NULL;
}

static void
fp_warn(struct fp *fp, const char *fmt, ...)
{
	va_list	 ap;
	char	*msg;

	if (fp->cb->warn == NULL)
		return;
	va_start(ap, fmt);
	if (vasprintf(&msg, fmt, ap) == -1)
		msg = NULL;
	va_end(ap);
	if (msg != NULL) {
		fp->cb->warn(fp->cb->arg, msg);
		free(msg);
	}
}

/* Whether ns is the namespace of the feed's Atom (or Atom without one). */
static int
fp_is_atom(const struct fp *fp, const xmlChar *ns)
{
	if (ns == NULL)
		return fp->format == FEED_ATOM03 || fp->format == FEED_ATOM10;
	return strcmp((const char *)ns, NS_ATOM10) == 0 ||
	    strcmp((const char *)ns, NS_ATOM03) == 0;
}

/* Whether ns is one of RSS's: none, RSS 1.0's or RSS 0.90's. */
static int
fp_is_rss(const xmlChar *ns)
{
	return ns == NULL || strcmp((const char *)ns, NS_RSS10) == 0 ||
	    strcmp((const char *)ns, NS_RSS090) == 0 ||
	    strcmp((const char *)ns, NS_USERLAND) == 0 ||
	    strcmp((const char *)ns, NS_HARVARD) == 0;
}

/* Whether the element's local name is name. */
/* Dublin Core, in the 1.1 namespace or the older 1.0 one. */
static int
fp_is_dc(const xmlChar *ns)
{
	return strcmp((const char *)ns, NS_DC) == 0 ||
	    strcmp((const char *)ns, NS_DC10) == 0;
}

/*
 * A name without an "atom:" prefix that was never declared (libxml2 then
 * keeps the prefix in the name, with no namespace): such feeds exist.
 */
static const char *
fp_local(const char *name, const void *ns)
{
	if (ns == NULL && strncmp(name, "atom:", 5) == 0)
		return name + 5;
	return name;
}

static int
fp_named(xmlNodePtr n, const char *name)
{
	return strcmp(fp_local((const char *)n->name, n->ns), name) == 0;
}

/* The text of an element and its descendants; the caller frees it. */
static char *
fp_text(xmlNodePtr n)
{
	xmlChar	*s;
	char	*t;

	/* One text or CDATA child, the usual case: one copy, not two. */
	if (n->children == NULL)
		return xstrdup("");
	if (n->children->next == NULL && n->children->content != NULL &&
	    (n->children->type == XML_TEXT_NODE ||
	    n->children->type == XML_CDATA_SECTION_NODE))
		return xstrdup((const char *)n->children->content);
	if ((s = xmlNodeGetContent(n)) == NULL)
		return xstrdup("");
	t = xstrdup((const char *)s);
	xmlFree(s);
	return t;
}

/* The markup of an element's children, for inline XHTML. */
static char *
fp_children_markup(xmlNodePtr n)
{
	xmlBufferPtr	 b;
	xmlNodePtr	 c;
	char		*s;

	if ((b = xmlBufferCreate()) == NULL)
		fatalx("xmlBufferCreate");
	for (c = n->children; c != NULL; c = c->next)
		xmlNodeDump(b, n->doc, c, 0, 0);
	s = xstrdup((const char *)xmlBufferContent(b));
	xmlBufferFree(b);
	return s;
}

/* Whether an element has element children. */
static int
fp_has_elements(xmlNodePtr n)
{
	xmlNodePtr	c;

	for (c = n->children; c != NULL; c = c->next) {
		if (c->type == XML_ELEMENT_NODE)
			return 1;
	}
	return 0;
}

/* ref resolved against the element's xml:base and the document's URL. */
static char *
fp_resolve(xmlNodePtr n, const char *ref)
{
	xmlChar	*base;
	char	*s;

	/* xmlNodeGetBase: the xml:base attributes up the tree, then the URL. */
	base = xmlNodeGetBase(n->doc, n);
	s = uri_resolve((const char *)base, ref);
	xmlFree(base);
	return s;
}

/* Set *dst to s unless it is set already; s is taken either way. */
static void
fp_set(char **dst, char *s)
{
	if (*dst == NULL && s != NULL && *s != '\0')
		*dst = s;
	else
		free(s);
}

/*
 * Base64 (RFC 4648; white space inside ignored) decoded in place; the
 * length, or -1 when s is not base64.
 */
static ssize_t
fp_base64(char *s)
{
	static const char	 set[] = "ABCDEFGHIJKLMNOPQRSTUVWXYZ"
				    "abcdefghijklmnopqrstuvwxyz0123456789+/";
	const char		*p, *in;
	uint32_t		 acc = 0;
	size_t			 out = 0, bits = 0;

	for (in = s; *in != '\0'; in++) {
		if (strchr(" \t\r\n", *in) != NULL)
			continue;
		if (*in == '=')
			break;
		if ((p = strchr(set, *in)) == NULL)
			return -1;
		acc = acc << 6 | (uint32_t)(p - set);
		if ((bits += 6) >= 8) {
			bits -= 8;
			s[out++] = (char)(acc >> bits & 0xff);
		}
	}
	s[out] = '\0';
	return (ssize_t)out;
}

/*
 * An Atom text construct or content (RFC 4287 3.1, 4.1.3; Atom 0.3's
 * mode): text, html and xhtml; a MIME type read as what it says (text/html
 * and application/xhtml+xml as HTML, any other text/ or XML type as text
 * or markup); any other MIME type, and Atom 0.3's mode="base64", as
 * base64, decoded, and read as text when it is UTF-8 (as HTML when the
 * type is text/html); an empty or unknown type as text.  Out-of-line
 * content (src) gives nothing.
 */
static void
fp_text_construct(struct fp *fp, xmlNodePtr n, struct feed_text *t)
{
	xmlChar		*type, *mode;
	const char	*ty, *mo;
	int		 html, xml, mime;

	if (t->s != NULL || xmlHasProp(n, (const xmlChar *)"src") != NULL)
		return;
	type = xmlGetProp(n, (const xmlChar *)"type");
	mode = xmlGetProp(n, (const xmlChar *)"mode");
	ty = type != NULL ? (const char *)type : "text";
	mo = mode != NULL ? (const char *)mode : "";
	html = strcasecmp(ty, "html") == 0 || strncasecmp(ty, "text/html", 9) == 0;
	xml = strcasecmp(ty, "xhtml") == 0 || strcmp(mo, "xml") == 0 ||
	    strncasecmp(ty, "application/xhtml+xml", 21) == 0;
	mime = strchr(ty, '/') != NULL && strncasecmp(ty, "text/", 5) != 0 &&
	    !xml && strstr(ty, "xml") == NULL;
	if (strcmp(mo, "base64") == 0 || mime) {
		t->s = fp_text(n);
		if (fp_base64(t->s) < 0 || !utf8_valid(t->s, strlen(t->s))) {
			free(t->s);
			t->s = NULL;	/* binary content: no text to read */
		}
		t->type = html ? FEED_TEXT_HTML : FEED_TEXT_PLAIN;
	} else if (xml || (fp_has_elements(n) && strcmp(mo, "escaped") != 0)) {
		t->s = fp_children_markup(n);
		t->type = FEED_TEXT_HTML;
	} else {
		t->s = fp_text(n);
		t->type = html || strcmp(mo, "escaped") == 0 ? FEED_TEXT_HTML :
		    FEED_TEXT_PLAIN;
	}
	xmlFree(type);
	xmlFree(mode);
}

/* An RSS text: inline XHTML is taken as markup, else as the type given. */
static void
fp_rss_text(xmlNodePtr n, enum feed_text_type type, struct feed_text *t)
{
	if (t->s != NULL)
		return;
	if (fp_has_elements(n)) {
		t->s = fp_children_markup(n);
		t->type = FEED_TEXT_HTML;
	} else {
		t->s = fp_text(n);
		t->type = type;
	}
}

/* A date, kept if no element of higher priority gave one. */
static void
fp_date(struct feed_date *d, int *have, xmlNodePtr n, const char *from,
    int prio)
{
	char	*s;

	if (*have >= prio)
		return;
	s = fp_text(n);
	if (*s == '\0') {
		free(s);
		return;
	}
	free(d->raw);
	d->raw = s;
	d->from = from;
	*have = prio;
}

/* Add a content candidate; t is taken. */
static void
fp_add_content(struct feed_item *it, struct feed_text *t, const char *from)
{
	if (t->s == NULL || it->ncontent == FEED_NCONTENT) {
		free(t->s);
		return;
	}
	it->content_from[it->ncontent] = from;
	it->content[it->ncontent++] = *t;
}

/*
 * A link's rel, with the full IANA IRI of a registered one made short
 * ("http://www.iana.org/assignments/relation/alternate" is "alternate");
 * NULL when there is none.  The caller frees it.
 */
static char *
fp_rel(xmlNodePtr c)
{
	xmlChar	*rel = xmlGetProp(c, (const xmlChar *)"rel");
	char	*s;

	if (rel == NULL)
		return NULL;
	s = xstrdup((const char *)rel +
	    (strncmp((const char *)rel, NS_IANA_REL, strlen(NS_IANA_REL)) == 0 ?
	    strlen(NS_IANA_REL) : 0));
	xmlFree(rel);
	return s;
}

/*
 * An Atom link: the alternate one, else the first.  Its URL is href, or
 * in Atom 0.3 as some wrote it, the element's text.
 */
static void
fp_atom_link(xmlNodePtr c, char **alternate, char **first)
{
	xmlChar	*href;
	char	*rel, *text = NULL;

	if ((href = xmlGetProp(c, (const xmlChar *)"href")) == NULL) {
		text = fp_value(fp_text(c));
		if (text == NULL)
			return;
	}
	rel = fp_rel(c);
	if (rel == NULL || strcmp(rel, "alternate") == 0)
		fp_set(alternate, fp_resolve(c, href != NULL ?
		    (const char *)href : text));
	fp_set(first, fp_resolve(c, href != NULL ? (const char *)href : text));
	free(rel);
	free(text);
	xmlFree(href);
}

/* An attribute's value, or NULL when absent or empty; the caller frees. */
static char *
fp_attr(xmlNodePtr n, const char *name)
{
	xmlChar	*v = xmlGetProp(n, (const xmlChar *)name);
	char	*s = NULL;

	if (v != NULL && *v != '\0')
		s = xstrdup((const char *)v);
	xmlFree(v);
	return s;
}

static char	*fp_trim(char *);
static char	*fp_rss_name(char *);

/* s trimmed; an empty string is no value (NULL). */
static char *
fp_value(char *s)
{
	if (s != NULL && *fp_trim(s) == '\0') {
		free(s);
		return NULL;
	}
	return s;
}

/* Add a person (values taken); none when it has neither name nor email. */
static void
fp_add_person(struct feed_item *it, char *name, char *email, char *uri)
{
	struct feed_person	*p;

	name = fp_value(name);
	email = fp_value(email);
	uri = fp_value(uri);
	if ((name == NULL && email == NULL) ||
	    it->nauthors == FEED_MAX_AUTHORS) {
		it->ndropped += name != NULL || email != NULL;
		free(name);
		free(email);
		free(uri);
		return;
	}
	p = &it->authors[it->nauthors++];
	p->name = name;
	p->email = email;
	p->uri = uri;
	if (it->author == NULL && name != NULL)
		it->author = xstrdup(name);
}

/* s without white space at either end, in place. */
static char *
fp_trim(char *s)
{
	size_t	len;
	char	*p = s;

	while (*p == ' ' || *p == '\t' || *p == '\n' || *p == '\r')
		p++;
	len = strlen(p);
	while (len > 0 && (p[len - 1] == ' ' || p[len - 1] == '\t' ||
	    p[len - 1] == '\n' || p[len - 1] == '\r'))
		len--;
	memmove(s, p, len);
	s[len] = '\0';
	return s;
}

/*
 * RSS's author is an email address, often with the name after it in
 * parentheses ("jo@example.org (Jo Bloggs)"); some feeds give a name.
 * s is taken.
 */
static void
fp_rss_person(struct feed_item *it, char *s)
{
	char	*at, *open, *close, *email;

	fp_trim(s);
	at = strchr(s, '@');
	open = strchr(s, '(');
	if (at != NULL && open != NULL && at < open &&
	    (close = strrchr(open, ')')) != NULL) {
		email = xstrndup(s, (size_t)(open - s));
		fp_add_person(it, fp_trim(xstrndup(open + 1,
		    (size_t)(close - open - 1))), fp_trim(email), NULL);
		free(s);
	} else if (at != NULL && strchr(s, ' ') == NULL)
		fp_add_person(it, NULL, s, NULL);
	else
		fp_add_person(it, s, NULL, NULL);
}

/* The name of an RSS address with one ("jo@x.org (Jo)"), else it all. */
static char *
fp_rss_name(char *s)
{
	char	*at = strchr(s, '@'), *open = strchr(s, '('), *close, *name;

	if (at == NULL || open == NULL || at > open ||
	    (close = strrchr(open, ')')) == NULL)
		return s;
	name = fp_trim(xstrndup(open + 1, (size_t)(close - open - 1)));
	free(s);
	return name;
}

/* An Atom person construct: name, email, uri. */
static void
fp_atom_person(struct feed_item *it, xmlNodePtr n)
{
	xmlNodePtr	 a;
	char		*name = NULL, *email = NULL, *uri = NULL, *s;

	for (a = n->children; a != NULL; a = a->next) {
		if (a->type != XML_ELEMENT_NODE)
			continue;
		if (fp_named(a, "name"))
			fp_set(&name, fp_text(a));
		else if (fp_named(a, "email"))
			fp_set(&email, fp_text(a));
		else if (fp_named(a, "uri") || fp_named(a, "url")) {
			s = fp_text(a);
			fp_set(&uri, fp_resolve(a, s));
			free(s);
		}
	}
	fp_add_person(it, name, email, uri);
}

/* Add a category (values taken); none without a term. */
static void
fp_add_category(struct feed_item *it, char *term, char *scheme, char *label)
{
	struct feed_category	*c;

	if ((term = fp_value(term)) == NULL ||
	    it->ncategories == FEED_MAX_CATEGORIES) {
		it->ndropped += term != NULL;
		free(term);
		free(scheme);
		free(label);
		return;
	}
	c = &it->categories[it->ncategories++];
	c->term = term;
	c->scheme = fp_value(scheme);
	c->label = fp_value(label);
}

/* Add an enclosure of element n whose URL attribute is attr. */
static void
fp_add_enclosure(struct feed_item *it, xmlNodePtr n, const char *attr,
    const char *lenattr)
{
	struct feed_enclosure	*e;
	char			*url, *len, *end;
	long long		 v;

	if ((url = fp_attr(n, attr)) == NULL)
		return;
	if (it->nenclosures == FEED_MAX_ENCLOSURES) {
		it->ndropped++;
		free(url);
		return;
	}
	e = &it->enclosures[it->nenclosures++];
	e->url = fp_resolve(n, url);
	free(url);
	e->type = fp_attr(n, "type");
	e->length = -1;
	if ((len = fp_attr(n, lenattr)) != NULL) {
		v = strtoll(len, &end, 10);
		if (end != len && *end == '\0' && v >= 0)
			e->length = (int64_t)v;
		free(len);
	}
}

/* An item being read: its fields, and which of its dates won so far. */
struct fp_item_read {
	struct feed_item	 it;
	int			 pub, upd;	/* the priority of each date */
	char			*first_link;
	/* Dublin Core's, taken when the item has no title or id of its own. */
	struct feed_text	 dc_title;
	char			*dc_id;
};

/* One Atom element of an entry. */
static void
fp_item_atom(struct fp *fp, xmlNodePtr c, struct fp_item_read *r)
{
	struct feed_item	*it = &r->it;
	struct feed_text	 t;
	char			*rel;

	memset(&t, 0, sizeof t);
	if (fp_named(c, "title"))
		fp_text_construct(fp, c, &it->title);
	else if (fp_named(c, "link")) {
		fp_atom_link(c, &it->link, &r->first_link);
		if ((rel = fp_rel(c)) != NULL && strcmp(rel, "enclosure") == 0)
			fp_add_enclosure(it, c, "href", "length");
		free(rel);
	} else if (fp_named(c, "id"))
		fp_set(&it->id, fp_text(c));
	else if (fp_named(c, "published"))
		fp_date(&it->published, &r->pub, c, "published", 3);
	else if (fp_named(c, "issued"))
		fp_date(&it->published, &r->pub, c, "issued", 2);
	else if (fp_named(c, "created"))
		fp_date(&it->published, &r->pub, c, "created", 1);
	else if (fp_named(c, "updated"))
		fp_date(&it->updated, &r->upd, c, "updated", 2);
	else if (fp_named(c, "modified"))
		fp_date(&it->updated, &r->upd, c, "modified", 1);
	else if (fp_named(c, "content")) {
		fp_text_construct(fp, c, &t);
		fp_add_content(it, &t, "content");
	} else if (fp_named(c, "summary")) {
		fp_text_construct(fp, c, &t);
		fp_add_content(it, &t, "summary");
	} else if (fp_named(c, "author"))
		fp_atom_person(it, c);
	else if (fp_named(c, "category"))
		fp_add_category(it, fp_attr(c, "term"), fp_attr(c, "scheme"),
		    fp_attr(c, "label"));
}

/* One RSS element of an item. */
static void
fp_item_rss(xmlNodePtr c, struct fp_item_read *r)
{
	struct feed_item	*it = &r->it;
	struct feed_text	 t;
	xmlChar			*attr;

	memset(&t, 0, sizeof t);
	if (fp_named(c, "title"))
		fp_rss_text(c, FEED_TEXT_GUESS, &it->title);
	else if (fp_named(c, "link")) {
		t.s = fp_text(c);
		fp_set(&it->link, fp_resolve(c, t.s));
		free(t.s);
	} else if (fp_named(c, "description")) {
		fp_rss_text(c, FEED_TEXT_GUESS, &t);
		fp_add_content(it, &t, "description");
	} else if (fp_named(c, "guid")) {
		attr = xmlGetProp(c, (const xmlChar *)"isPermaLink");
		it->id_permalink = attr == NULL ||
		    strcmp((const char *)attr, "false") != 0;
		xmlFree(attr);
		fp_set(&it->id, fp_text(c));
	} else if (fp_named(c, "body") || fp_named(c, "fullitem")) {
		/* The full text some RSS feeds give beside the description. */
		fp_rss_text(c, FEED_TEXT_GUESS, &t);
		fp_add_content(it, &t, fp_named(c, "body") ? "body" : "fullitem");
	} else if (fp_named(c, "pubDate"))
		fp_date(&it->published, &r->pub, c, "pubDate", 3);
	else if (fp_named(c, "author")) {
		t.s = fp_text(c);
		fp_rss_person(it, t.s);
	} else if (fp_named(c, "category"))
		fp_add_category(it, fp_text(c), fp_attr(c, "domain"), NULL);
	else if (fp_named(c, "enclosure"))
		fp_add_enclosure(it, c, "url", "length");
}

/* One element of a module: content, Dublin Core, DC terms. */
static void
fp_item_module(xmlNodePtr c, const xmlChar *ns, struct fp_item_read *r)
{
	struct feed_item	*it = &r->it;
	struct feed_text	 t;

	memset(&t, 0, sizeof t);
	if (strcmp((const char *)ns, NS_CONTENT) == 0 &&
	    fp_named(c, "encoded")) {
		fp_rss_text(c, FEED_TEXT_HTML, &t);
		fp_add_content(it, &t, "content:encoded");
	} else if (fp_is_dc(ns)) {
		if (fp_named(c, "date"))
			fp_date(&it->published, &r->pub, c, "dc:date", 2);
		else if (fp_named(c, "creator"))
			fp_add_person(it, fp_text(c), NULL, NULL);
		else if (fp_named(c, "subject"))
			fp_add_category(it, fp_text(c), NULL, NULL);
		else if (fp_named(c, "title") && r->dc_title.s == NULL)
			fp_rss_text(c, FEED_TEXT_GUESS, &r->dc_title);
		else if (fp_named(c, "identifier"))
			fp_set(&r->dc_id, fp_text(c));
		else if (fp_named(c, "description")) {
			fp_rss_text(c, FEED_TEXT_GUESS, &t);
			fp_add_content(it, &t, "dc:description");
		}
	} else if (strcmp((const char *)ns, NS_XHTML) == 0 &&
	    fp_named(c, "body")) {
		t.s = fp_children_markup(c);
		t.type = FEED_TEXT_HTML;
		fp_add_content(it, &t, "xhtml:body");
	} else if (strcmp((const char *)ns, NS_ITUNES) == 0 &&
	    (fp_named(c, "summary") || fp_named(c, "subtitle"))) {
		fp_rss_text(c, FEED_TEXT_GUESS, &t);
		fp_add_content(it, &t, fp_named(c, "summary") ?
		    "itunes:summary" : "itunes:subtitle");
	} else if (strcmp((const char *)ns, NS_MEDIA) == 0 &&
	    fp_named(c, "description")) {
		fp_rss_text(c, FEED_TEXT_GUESS, &t);
		fp_add_content(it, &t, "media:description");
	} else if (strcmp((const char *)ns, NS_DCTERMS) == 0) {
		if (fp_named(c, "issued"))
			fp_date(&it->published, &r->pub, c, "dcterms:issued",
			    2);
		else if (fp_named(c, "created"))
			fp_date(&it->published, &r->pub, c,
			    "dcterms:created", 1);
		else if (fp_named(c, "modified"))
			fp_date(&it->updated, &r->upd, c, "dcterms:modified",
			    1);
	}
}

/*
 * Whether n holds the mark that xmlprep leaves where a document was cut
 * off: the item it is in ends there, cut, and is not read.
 */
static int
fp_has_cut(xmlNodePtr n)
{
	for (n = n->children; n != NULL; n = n->next) {
		if (n->type == XML_PI_NODE &&
		    strcmp((const char *)n->name, "feedd-cut") == 0)
			return 1;
		if (n->type == XML_ELEMENT_NODE && fp_has_cut(n))
			return 1;
	}
	return 0;
}

/* Read one item (RSS) or entry (Atom) and hand it on. */
static void
fp_item(struct fp *fp, xmlNodePtr item)
{
	struct fp_item_read	 r;
	struct feed_item	*it = &r.it;
	xmlNodePtr		 c;
	xmlChar			*attr;
	const xmlChar		*ns;

	if (fp->eof && fp_has_cut(item))
		return;
	memset(&r, 0, sizeof r);
	it->index = fp->nitems;
	if ((attr = xmlGetNsProp(item, (const xmlChar *)"about",
	    (const xmlChar *)NS_RDF)) != NULL) {
		fp_set(&it->id, xstrdup((const char *)attr));
		xmlFree(attr);
	}
	for (c = item->children; c != NULL; c = c->next) {
		if (c->type != XML_ELEMENT_NODE)
			continue;
		ns = c->ns != NULL ? c->ns->href : NULL;
		if (fp_is_atom(fp, ns))
			fp_item_atom(fp, c, &r);
		else if (fp_is_rss(ns))
			fp_item_rss(c, &r);
		else
			fp_item_module(c, ns, &r);
	}
	fp_set(&it->link, r.first_link);
	if (it->title.s == NULL)
		it->title = r.dc_title;
	else
		free(r.dc_title.s);
	if (it->id == NULL)
		it->id = r.dc_id;
	else
		free(r.dc_id);
	if (it->ndropped > 0)
		fp_warn(fp, "item %zu: %zu authors, categories or enclosures "
		    "past the most an item keeps (%d, %d, %d)", it->index + 1,
		    it->ndropped, FEED_MAX_AUTHORS, FEED_MAX_CATEGORIES,
		    FEED_MAX_ENCLOSURES);
	/* RSS: a guid that is a permalink is the link when there is none. */
	if (it->link == NULL && it->id != NULL && it->id_permalink &&
	    uri_is_absolute(it->id))
		it->link = xstrdup(it->id);
	fp_send_info(fp);
	fp->cb->item(fp->cb->arg, it);
	fp->nitems++;
	feed_item_free(it);
}

/* One element of the feed's own metadata. */
static void
fp_meta(struct fp *fp, xmlNodePtr n)
{
	struct feed_text	 t = { 0 };
	xmlNodePtr		 a;
	const xmlChar		*ns = n->ns != NULL ? n->ns->href : NULL;
	char			*first = NULL, *s;

	if (fp_is_atom(fp, ns)) {
		if (fp_named(n, "title"))
			fp_text_construct(fp, n, &t);
		else if (fp_named(n, "subtitle") || fp_named(n, "tagline")) {
			fp_text_construct(fp, n, &t);
			if (fp->info.subtitle == NULL && t.s != NULL)
				fp->info.subtitle = fp_line(&t);
			free(t.s);
			return;
		} else if (fp_named(n, "link")) {
			fp_atom_link(n, &fp->info.link, &first);
			free(first);
		} else if (fp_named(n, "id"))
			fp_set(&fp->info.id, fp_text(n));
		else if (fp_named(n, "updated"))
			fp_date(&fp->info.updated, &fp->info_prio, n, "updated",
			    2);
		else if (fp_named(n, "modified"))
			fp_date(&fp->info.updated, &fp->info_prio, n,
			    "modified", 1);
		else if (fp_named(n, "author")) {
			for (a = n->children; a != NULL; a = a->next) {
				if (a->type == XML_ELEMENT_NODE &&
				    fp_named(a, "name"))
					fp_set(&fp->info.author, fp_text(a));
			}
		}
	} else if (fp_is_rss(ns)) {
		if (fp_named(n, "title"))
			fp_rss_text(n, FEED_TEXT_GUESS, &t);
		else if (fp_named(n, "link")) {
			s = fp_text(n);
			fp_set(&fp->info.link, fp_resolve(n, s));
			free(s);
		} else if (fp_named(n, "description")) {
			fp_rss_text(n, FEED_TEXT_GUESS, &t);
			if (fp->info.subtitle == NULL && t.s != NULL)
				fp->info.subtitle = fp_line(&t);
			free(t.s);
			return;
		} else if (fp_named(n, "lastBuildDate"))
			fp_date(&fp->info.updated, &fp->info_prio, n,
			    "lastBuildDate", 3);
		else if (fp_named(n, "pubDate"))
			fp_date(&fp->info.updated, &fp->info_prio, n, "pubDate",
			    2);
		else if (fp_named(n, "ttl")) {
			s = fp_text(n);
			fp->info.ttl = strtol(s, NULL, 10);
			free(s);
		} else if (fp_named(n, "managingEditor"))
			fp_set(&fp->info.author, fp_rss_name(fp_text(n)));
	} else if (fp_is_dc(ns) && fp_named(n, "date"))
		fp_date(&fp->info.updated, &fp->info_prio, n, "dc:date", 1);
	else if (fp_is_dc(ns) && fp_named(n, "title") && fp->dc_title == NULL) {
		fp_rss_text(n, FEED_TEXT_GUESS, &t);
		if (t.s != NULL)
			fp->dc_title = fp_line(&t);
		free(t.s);
		return;
	}
	if (t.s != NULL && fp->info.title == NULL)
		fp->info.title = fp_line(&t);
	free(t.s);
}

/* A text as one line of plain text; the caller frees it. */
static char *
fp_line(const struct feed_text *t)
{
	size_t	len = strlen(t->s);

	if (t->type == FEED_TEXT_HTML || (t->type == FEED_TEXT_GUESS &&
	    html_has_markup(t->s, len)))
		return html_to_line(t->s, len);
	return text_to_line(t->s, len);
}

/* Hand the feed's metadata on, once. */
static void
fp_send_info(struct fp *fp)
{
	if (fp->info_sent)
		return;
	fp->info_sent = 1;
	fp->info.format = fp->format;
	if (fp->info.title == NULL) {
		fp->info.title = fp->dc_title;
		fp->dc_title = NULL;
	}
	if (fp->cb->feed != NULL)
		fp->cb->feed(fp->cb->arg, &fp->info);
}

/* The element's name as written, prefix and all; the caller frees it. */
static char *
fp_qname(xmlNodePtr n)
{
	if (n->ns != NULL && n->ns->prefix != NULL)
		return xasprintf("%s:%s", (const char *)n->ns->prefix,
		    (const char *)n->name);
	return xstrdup((const char *)n->name);
}

/* Tell the format from the root element; -1 with *cause when no feed's. */
static int
fp_root(struct fp *fp, xmlNodePtr n)
{
	const char	*ns = n->ns != NULL ? (const char *)n->ns->href : NULL;
	const char	*name = fp_local((const char *)n->name, ns);
	xmlChar		*version;
	char		*qname;

	version = xmlGetNoNsProp(n, (const xmlChar *)"version");
	if (strcmp(name, "rss") == 0 && (ns == NULL ||
	    strcmp(ns, NS_USERLAND) == 0 || strcmp(ns, NS_HARVARD) == 0)) {
		fp->format = FEED_RSS20;
		if (version != NULL && strcmp((char *)version, "0.91") == 0)
			fp->format = FEED_RSS091;
		else if (version != NULL && strcmp((char *)version, "0.92") == 0)
			fp->format = FEED_RSS092;
	} else if (strcmp(name, "RDF") == 0 && ns != NULL &&
	    strcmp(ns, NS_RDF) == 0)
		fp->format = FEED_RSS10;	/* or 0.90: see the channel */
	else if (strcmp(name, "feed") == 0 && ns != NULL &&
	    strcmp(ns, NS_ATOM10) == 0)
		fp->format = FEED_ATOM10;
	else if (strcmp(name, "feed") == 0 && ((ns != NULL &&
	    strcmp(ns, NS_ATOM03) == 0) || (ns == NULL && version != NULL &&
	    strcmp((char *)version, "0.3") == 0)))
		fp->format = FEED_ATOM03;
	else if (strcmp(name, "feed") == 0 && ns == NULL)
		fp->format = FEED_ATOM10;	/* Atom without its namespace */
	xmlFree(version);
	if (fp->format == FEED_NONE) {
		qname = fp_qname(n);
		*fp->cause = xasprintf("not a feed: the root element is <%s>",
		    qname);
		free(qname);
		return -1;
	}
	return 0;
}

/* Whether n, at depth, is an item (RSS) or entry (Atom). */
static int
fp_at_item(struct fp *fp, xmlNodePtr n, int depth)
{
	const xmlChar	*ns = n->ns != NULL ? n->ns->href : NULL;
	const char	*name = fp_local((const char *)n->name, ns);

	if (fp->format == FEED_ATOM03 || fp->format == FEED_ATOM10)
		return depth == 1 && strcmp(name, "entry") == 0 &&
		    fp_is_atom(fp, ns);
	return (depth == 1 || depth == 2) && strcmp(name, "item") == 0 &&
	    fp_is_rss(ns);
}

/* Whether n, at depth, is an element of the feed's own metadata. */
static int
fp_at_meta(struct fp *fp, xmlNodePtr n, int depth)
{
	if (fp->format == FEED_ATOM03 || fp->format == FEED_ATOM10)
		return depth == 1;
	return depth == 2 && n->parent != NULL &&
	    n->parent->type == XML_ELEMENT_NODE &&
	    strcmp((const char *)n->parent->name, "channel") == 0;
}

/* Say what xmlprep had to mend. */
static void
fp_report_repairs(struct fp *fp)
{
	static const struct {
		unsigned int	 bit;
		const char	*what;
	} repairs[] = {
		{ XMLPREP_CP1252, "bytes that are not UTF-8, read as "
		    "windows-1252" },
		{ XMLPREP_CHARSET, "an unknown charset, read as UTF-8" },
		{ XMLPREP_BADCHAR, "bytes invalid in the charset, shown as "
		    "U+FFFD" },
		{ XMLPREP_ENTITY, "HTML entities that XML does not declare, "
		    "read as HTML's" },
		{ XMLPREP_AMP, "a bare \"&\" or an undeclared entity, kept as "
		    "text" },
		{ XMLPREP_LT, "a bare \"<\", kept as text" },
		{ XMLPREP_CONTROL, "characters that XML does not allow, "
		    "removed" },
		{ XMLPREP_NESTING, "end tags that close no open element "
		    "dropped, or that skip open ones mended" },
		{ XMLPREP_JUNK, "text after the root element, ignored" },
		{ XMLPREP_GT, "a bare \"]]>\" in text, kept as text" },
		{ XMLPREP_UTF8, "UTF-8 in a document declared windows-1252 or "
		    "ISO-8859-1, read as UTF-8" },
		{ XMLPREP_ATTR, "attributes without quotes or a value mended, "
		    "repeated ones dropped" },
		{ XMLPREP_SUBSET, "a DTD with declarations, ignored (entities "
		    "are never expanded)" },
	};
	unsigned int	have = xmlprep_repairs(fp->prep);
	size_t		i;

	for (i = 0; i < sizeof repairs / sizeof repairs[0]; i++) {
		if (have & repairs[i].bit)
			fp_warn(fp, "broken XML: %s", repairs[i].what);
	}
}

/*
 * An element has started, at depth, outside any item: tell the format
 * from the root, or mark an item or metadata element to be built in full.
 */
static void
fp_start(struct fp *fp, xmlNodePtr n, int depth)
{
	const xmlChar	*ns = n->ns != NULL ? n->ns->href : NULL;

	if (depth == 0) {
		if (fp->format == FEED_NONE && fp_root(fp, n) == -1) {
			fp->not_feed = 1;
			xmlStopParser(fp->ctxt);
		}
		return;
	}
	if (fp->format == FEED_RSS10 && depth == 1 && ns != NULL &&
	    strcmp((const char *)ns, NS_RSS090) == 0)
		fp->format = FEED_RSS090;
	if (fp_at_item(fp, n, depth)) {
		fp->reading = n;
		fp->reading_item = 1;
	} else if (fp_at_meta(fp, n, depth)) {
		fp->reading = n;
		fp->reading_item = 0;
	}
}

static void
fp_sax_start(void *ctx, const xmlChar *localname, const xmlChar *prefix,
    const xmlChar *uri, int nns, const xmlChar **nsdecl, int nattrs,
    int ndefaulted, const xmlChar **attrs)
{
	xmlParserCtxtPtr	 ctxt = ctx;
	struct fp		*fp = fp_of(ctx);
	int			 depth = ctxt->nodeNr;

	xmlSAX2StartElementNs(ctx, localname, prefix, uri, nns, nsdecl,
	    nattrs, ndefaulted, attrs);
	if (ctxt->nodeNr == depth + 1 && fp->reading == NULL)
		fp_start(fp, ctxt->node, depth);
}

/*
 * An element has ended: read it if it is the item or metadata element
 * being built, then free it, unless it is the root (or inside the item).
 */
static void
fp_sax_end(void *ctx, const xmlChar *localname, const xmlChar *prefix,
    const xmlChar *uri)
{
	struct fp		*fp = fp_of(ctx);
	xmlNodePtr		 n = ((xmlParserCtxtPtr)ctx)->node;

	xmlSAX2EndElementNs(ctx, localname, prefix, uri);
	if (n == NULL || (fp->reading != NULL && fp->reading != n))
		return;
	if (fp->reading == n) {
		fp->reading = NULL;
		if (fp->reading_item)
			fp_item(fp, n);
		else
			fp_meta(fp, n);
	}
	if (n->parent != NULL && n->parent->type == XML_ELEMENT_NODE) {
		xmlUnlinkNode(n);
		xmlFreeNode(n);
	}
}

/* Text, comments and the rest: kept only inside an element being built. */
static void
fp_sax_text(void *ctx, const xmlChar *s, int len)
{
	if (fp_of(ctx)->reading != NULL)
		xmlSAX2Characters(ctx, s, len);
}

static void
fp_sax_comment(void *ctx, const xmlChar *s)
{
	if (fp_of(ctx)->reading != NULL)
		xmlSAX2Comment(ctx, s);
}

/*
 * A processing instruction; or where xmlprep set a CDATA section aside,
 * its text, which goes in as the parser would have put it (XML_PARSE_-
 * NOCDATA: text, joined to the text around it).  The pieces are taken by
 * number, so that one the parser passed by never lands in another place.
 */
static void
fp_sax_pi(void *ctx, const xmlChar *target, const xmlChar *data)
{
	struct fp	*fp = fp_of(ctx);
	char		*s;
	size_t		 len;

	if (strcmp((const char *)target, XMLPREP_CDATA_PI) != 0) {
		if (fp->reading != NULL)
			xmlSAX2ProcessingInstruction(ctx, target, data);
		return;
	}
	if (data == NULL || (s = xmlprep_take_cdata(fp->prep,
	    strtoul((const char *)data, NULL, 10), &len)) == NULL)
		return;
	if (fp->reading != NULL && len > 0)
		xmlSAX2Characters(ctx, (const xmlChar *)s, (int)len);
	free(s);
}

static void
fp_sax_reference(void *ctx, const xmlChar *name)
{
	if (fp_of(ctx)->reading != NULL)
		xmlSAX2Reference(ctx, name);
}

/*
 * Run the document through xmlprep into the parser: what is pending
 * first, then the rest as it is read.  Returns 0, or -1 when the parser
 * found the document not well formed.
 */
static int
fp_parse(struct fp *fp)
{
	char	chunk[FP_CHUNK];
	ssize_t	n;
	int	end = fp->eof;

	for (;;) {
		xmlParseChunk(fp->ctxt, fp->pending.data, (int)fp->pending.len,
		    end);
		buf_reset(&fp->pending);
		if (end || fp->ctxt->disableSAX)
			break;
		if ((n = fp->cb->read(fp->cb->arg, chunk, sizeof chunk)) < 0) {
			fp->read_error = 1;
			break;
		}
		if (n == 0) {
			xmlprep_finish(fp->prep, &fp->pending);
			fp->eof = end = 1;
		} else {
			fp->nread += n;
			xmlprep_push(fp->prep, chunk, n, &fp->pending);
		}
	}
	return fp->ctxt->wellFormed ? 0 : -1;
}

/* A push parser whose SAX handlers are fp's; NULL if libxml2 fails. */
static xmlParserCtxtPtr
fp_parser(struct fp *fp, const char *url)
{
	xmlSAXHandler		 sax;
	xmlParserCtxtPtr	 ctxt;

	memset(&sax, 0, sizeof sax);
	xmlSAXVersion(&sax, 2);
	sax.startElementNs = fp_sax_start;
	sax.endElementNs = fp_sax_end;
	sax.characters = fp_sax_text;
	sax.ignorableWhitespace = fp_sax_text;
	sax.comment = fp_sax_comment;
	sax.processingInstruction = fp_sax_pi;
	sax.reference = fp_sax_reference;
	sax.serror = fp_sax_error;
	if ((ctxt = xmlCreatePushParserCtxt(&sax, NULL, NULL, 0, url)) == NULL)
		return NULL;
	ctxt->_private = fp;
	xmlCtxtUseOptions(ctxt, XML_PARSE_NONET | XML_PARSE_NOCDATA |
	    XML_PARSE_IGNORE_ENC | XML_PARSE_RECOVER | XML_PARSE_NOERROR |
	    XML_PARSE_NOWARNING | XML_PARSE_COMPACT);
	xmlSwitchEncoding(ctxt, XML_CHAR_ENCODING_UTF8);
	return ctxt;
}

/* After the parse: what went wrong, said; the count of items, or -1. */
static long
fp_finish(struct fp *fp, int ret, char **cause)
{
	if (fp->read_error) {
		*cause = xasprintf("read error after %zu bytes", fp->nread);
		return -1;
	}
	if (fp->format == FEED_NONE) {
		if (fp->nread == 0)
			*cause = xasprintf("not a feed: the document is empty");
		else
			*cause = xasprintf("not a feed: %s", fp->error != NULL ?
			    fp->error : "no root element");
		return -1;
	}
	fp_report_repairs(fp);
	if (xmlprep_repairs(fp->prep) & XMLPREP_TRUNCATED)
		fp_warn(fp, "the document is cut off: the %ld whole item%s "
		    "before the cut were read", fp->nitems,
		    fp->nitems == 1 ? "" : "s");
	else if (ret == -1 || fp->error != NULL)
		fp_warn(fp, "broken XML: %s; %ld item%s read before it",
		    fp->error != NULL ? fp->error : "parse error", fp->nitems,
		    fp->nitems == 1 ? "" : "s");
	fp_send_info(fp);
	return fp->nitems;
}

/*
 * Read the input's first bytes into head, up to the first that is neither
 * white space nor part of a byte order mark: 1 when that is '{' (JSON,
 * whatever the Content-Type said), 0 otherwise, when head goes on to the
 * XML parser through xmlprep, before the rest.
 */
static int
fp_sniff(struct fp *fp, struct buf *head)
{
	char	chunk[FP_CHUNK];
	ssize_t	n;
	size_t	i = 0;

	for (;;) {
		while (i < head->len && ((head->data[i] != '\0' &&
		    strchr(" \t\r\n", head->data[i]) != NULL) ||
		    (i < 3 && head->data[i] == "\xef\xbb\xbf"[i])))
			i++;
		if (i < head->len)
			return head->data[i] == '{';
		if ((n = fp->cb->read(fp->cb->arg, chunk, sizeof chunk)) <= 0) {
			fp->read_error = n < 0;
			return 0;
		}
		buf_add(head, chunk, n);
	}
}

/* A JSON document: all of it, then JSON Feed's reader. */
static long
fp_json(struct fp *fp, struct buf *doc, const char *url, char **cause)
{
	char	chunk[FP_CHUNK];
	ssize_t	n;

	while ((n = fp->cb->read(fp->cb->arg, chunk, sizeof chunk)) > 0) {
		if (doc->len + n > FP_JSON_MAX) {
			*cause = xasprintf("a JSON document over %d MB",
			    FP_JSON_MAX >> 20);
			return -1;
		}
		buf_add(doc, chunk, n);
	}
	if (n < 0) {
		*cause = xasprintf("read error after %zu bytes", doc->len);
		return -1;
	}
	return jsonfeed_parse(doc->data, doc->len, url, fp->cb, cause);
}

/* Parse a document; the number of items, or -1 with *cause. */
long
feedparse(const char *url, const struct feedparse_cb *cb, char **cause)
{
	struct fp		 fp;
	struct buf		 head;
	int			 ret;
	long			 rv = -1;

	feedparse_init();

	memset(&fp, 0, sizeof fp);
	fp.cb = cb;
	fp.cause = cause;
	buf_init(&head, BUF_NOLIMIT);
	if (fp_sniff(&fp, &head)) {
		rv = fp_json(&fp, &head, url, cause);
		buf_free(&head);
		return rv;
	}
	fp.prep = xmlprep_new();
	xmlprep_set_aside(fp.prep);
	fp.info.ttl = -1;
	buf_init(&fp.pending, BUF_NOLIMIT);
	if (head.len > 0) {
		fp.nread = head.len;
		xmlprep_push(fp.prep, head.data, head.len, &fp.pending);
	} else if (!fp.read_error)
		xmlprep_finish(fp.prep, &fp.pending);
	fp.eof = head.len == 0 || fp.read_error;
	buf_free(&head);
	if ((fp.ctxt = fp_parser(&fp, url)) == NULL)
		*cause = xasprintf("cannot start the XML parser");
	else {
		ret = fp_parse(&fp);
		if (!fp.not_feed)
			rv = fp_finish(&fp, ret, cause);
		xmlFreeDoc(fp.ctxt->myDoc);
		xmlFreeParserCtxt(fp.ctxt);
	}
	xmlprep_free(fp.prep);
	buf_free(&fp.pending);
	fp_info_free(&fp.info);
	free(fp.dc_title);
	free(fp.error);
	return rv;
}

void
feed_item_free(struct feed_item *it)
{
	size_t	i;

	free(it->id);
	free(it->link);
	free(it->title.s);
	free(it->published.raw);
	free(it->updated.raw);
	for (i = 0; i < it->ncontent; i++)
		free(it->content[i].s);
	free(it->author);
	feed_meta_free(it->authors, it->nauthors, it->categories,
	    it->ncategories, it->enclosures, it->nenclosures);
}

void
feed_meta_free(struct feed_person *p, size_t np, struct feed_category *c,
    size_t nc, struct feed_enclosure *e, size_t ne)
{
	size_t	i;

	for (i = 0; i < np; i++) {
		free(p[i].name);
		free(p[i].email);
		free(p[i].uri);
	}
	for (i = 0; i < nc; i++) {
		free(c[i].term);
		free(c[i].scheme);
		free(c[i].label);
	}
	for (i = 0; i < ne; i++) {
		free(e[i].url);
		free(e[i].type);
	}
}

static void
fp_info_free(struct feed_info *info)
{
	free(info->title);
	free(info->link);
	free(info->id);
	free(info->subtitle);
	free(info->updated.raw);
	free(info->author);
}
