/* SPDX-License-Identifier: ISC */
#include <ctype.h>
#include <string.h>
#include <time.h>

#include <libxml/parser.h>
#include <libxml/tree.h>

#include "buf.h"
#include "date.h"
#include "opml.h"
#include "uri.h"
#include "utf8.h"
#include "xmalloc.h"

/*
 * OPML files are small: they are read whole with libxml2, with no network
 * and no DTD, like every other document feedd reads.
 */

struct opml_names {
	char	**v;
	size_t	  n;
};

/* A feed of the document, as it is read: each URL once. */
struct opml_entry {
	char	*url;
	char	*title;		/* or NULL */
	char	*tags;		/* "a,b": the folders it is in, or NULL */
};

struct opml_read {
	struct opml_entry	*v;
	size_t			 n;
};

static void	opml_walk(xmlNodePtr, const char *, struct opml_read *);
static char	*opml_name(const char *, const char *, const char **,
		    struct opml_names *);
static int	opml_taken(const char *, const char **,
		    const struct opml_names *);

/* Whether name is in taken or already given. */
static int
opml_taken(const char *name, const char **taken, const struct opml_names *n)
{
	size_t	i;

	for (i = 0; taken != NULL && taken[i] != NULL; i++) {
		if (strcmp(taken[i], name) == 0)
			return 1;
	}
	for (i = 0; i < n->n; i++) {
		if (strcmp(n->v[i], name) == 0)
			return 1;
	}
	return 0;
}

/*
 * A name from text: lower case, runs of anything but letters and digits
 * made one '-', at most 60 bytes; empty when text has none.
 */
static char *
opml_word(const char *s)
{
	struct buf	b;
	int		dash = 0;

	buf_init(&b, BUF_NOLIMIT);
	buf_adds(&b, "");
	for (; *s != '\0' && b.len < 60; s++) {
		if (isascii((unsigned char)*s) && isalnum((unsigned char)*s)) {
			if (dash && b.len > 0)
				buf_addc(&b, '-');
			buf_addc(&b, (char)tolower((unsigned char)*s));
			dash = 0;
		} else
			dash = 1;
	}
	return buf_release(&b, NULL);
}

/*
 * A source name from a title (else the URL's host), made unique with -2,
 * -3, ...
 */
static char *
opml_name(const char *title, const char *url, const char **taken,
    struct opml_names *names)
{
	const char	*s = title, *p;
	char		*base, *name;
	int		 k;

	if (s == NULL || *s == '\0') {
		s = url;
		if ((p = strstr(url, "://")) != NULL)
			s = p + 3;
	}
	base = opml_word(s);
	if (*base == '\0') {
		free(base);
		base = xstrdup("source");
	}
	name = xstrdup(base);
	for (k = 2; opml_taken(name, taken, names); k++) {
		free(name);
		name = xasprintf("%s-%d", base, k);
	}
	free(base);
	names->v = xreallocarray(names->v, names->n + 1, sizeof *names->v);
	names->v[names->n++] = name;
	return name;
}

/* Add tag to the tags "a,b" of e, unless it has it. */
static void
opml_tag1(struct opml_entry *e, const char *tag)
{
	char	*all, *seen;

	if (*tag == '\0')
		return;
	if (e->tags == NULL) {
		e->tags = xstrdup(tag);
		return;
	}
	all = xasprintf(",%s,", e->tags);
	seen = xasprintf(",%s,", tag);
	if (strstr(all, seen) == NULL) {
		free(all);
		all = xasprintf("%s,%s", e->tags, tag);
		free(e->tags);
		e->tags = all;
	} else
		free(all);
	free(seen);
}

/* Add each of the tags "a,b" (or NULL) to e. */
static void
opml_tag(struct opml_entry *e, const char *tags)
{
	char	*copy, *p, *tag;

	if (tags == NULL)
		return;
	p = copy = xstrdup(tags);
	while ((tag = strsep(&p, ",")) != NULL)
		opml_tag1(e, tag);
	free(copy);
}

/* A feed outline: new, or a URL seen before (in another folder). */
static void
opml_feed(struct opml_read *r, const char *url, const char *title,
    const char *folder)
{
	struct opml_entry	*e;
	size_t			 i;

	for (i = 0; i < r->n; i++) {
		if (strcmp(r->v[i].url, url) == 0) {
			opml_tag(&r->v[i], folder);
			return;
		}
	}
	r->v = xreallocarray(r->v, r->n + 1, sizeof *r->v);
	e = &r->v[r->n++];
	memset(e, 0, sizeof *e);
	e->url = xstrdup(url);
	e->title = title != NULL && *title != '\0' ? xstrdup(title) : NULL;
	opml_tag(e, folder);
}

/* The title of an outline (else its text), or NULL; xmlFree it. */
static xmlChar *
opml_title(xmlNodePtr n)
{
	xmlChar	*t = xmlGetProp(n, (const xmlChar *)"title");

	if (t != NULL && *t != '\0')
		return t;
	xmlFree(t);
	return xmlGetProp(n, (const xmlChar *)"text");
}

/*
 * Every outline with an xmlUrl, depth first; an outline without one that
 * holds others is a folder, whose name (as a tag) the feeds in it take,
 * with the names of the folders it is in (folders: "a,b", or NULL).
 */
static void
opml_walk(xmlNodePtr n, const char *folder, struct opml_read *r)
{
	xmlChar		*url, *title;
	char		*tag, *tags;

	for (; n != NULL; n = n->next) {
		if (n->type != XML_ELEMENT_NODE ||
		    strcmp((const char *)n->name, "outline") != 0)
			continue;
		url = xmlGetProp(n, (const xmlChar *)"xmlUrl");
		title = opml_title(n);
		if (url != NULL && (strncmp((char *)url, "http://", 7) == 0 ||
		    strncmp((char *)url, "https://", 8) == 0) &&
		    uri_is_absolute((char *)url))
			opml_feed(r, (char *)url, (char *)title, folder);
		if (url == NULL && n->children != NULL) {
			tag = opml_word(title != NULL ? (char *)title : "");
			tags = *tag == '\0' ? xstrdup(folder != NULL ? folder :
			    "") : folder == NULL ? xstrdup(tag) :
			    xasprintf("%s,%s", folder, tag);
			opml_walk(n->children, *tags != '\0' ? tags : NULL, r);
			free(tags);
			free(tag);
		} else
			opml_walk(n->children, folder, r);
		xmlFree(title);
		xmlFree(url);
	}
}

/* The [source] section of e. */
static void
opml_section(const struct opml_entry *e, const char *name, int first,
    struct buf *out)
{
	const char	*t;

	buf_printf(out, "%s[source \"%s\"]\n", first ? "" : "\n", name);
	if ((t = e->title) != NULL) {
		buf_adds(out, "; ");
		for (; *t != '\0'; t++)
			buf_addc(out, (unsigned char)*t < 0x20 ? ' ' : *t);
		buf_addc(out, '\n');
	}
	buf_printf(out, "url = %s\n", e->url);
	if (e->tags != NULL)
		buf_printf(out, "tags = %s\n", e->tags);
}

/* OPML to [source] sections. */
int
opml_import(const char *data, size_t len, const char **taken, struct buf *out,
    char **cause)
{
	struct opml_names	 names = { NULL, 0 };
	struct opml_read	 r = { NULL, 0 };
	xmlDocPtr		 doc;
	xmlNodePtr		 root, n;
	size_t			 i;

	doc = xmlReadMemory(data, (int)len, NULL, NULL, XML_PARSE_NONET |
	    XML_PARSE_NOERROR | XML_PARSE_NOWARNING | XML_PARSE_RECOVER);
	if (doc == NULL || (root = xmlDocGetRootElement(doc)) == NULL ||
	    strcmp((const char *)root->name, "opml") != 0) {
		*cause = xasprintf("not an OPML document");
		xmlFreeDoc(doc);
		return -1;
	}
	for (n = root->children; n != NULL; n = n->next) {
		if (n->type == XML_ELEMENT_NODE &&
		    strcmp((const char *)n->name, "body") == 0)
			opml_walk(n->children, NULL, &r);
	}
	xmlFreeDoc(doc);
	for (i = 0; i < r.n; i++) {
		opml_section(&r.v[i], opml_name(r.v[i].title, r.v[i].url,
		    taken, &names), i == 0, out);
		free(r.v[i].url);
		free(r.v[i].title);
		free(r.v[i].tags);
	}
	free(r.v);
	for (i = 0; i < names.n; i++)
		free(names.v[i]);
	free(names.v);
	return (int)r.n;
}

/* One feed's outline, indented by depth. */
static void
opml_outline(const struct opml_feed *f, int depth, struct buf *out)
{
	buf_printf(out, "%*s<outline type=\"rss\" text=\"", depth * 2, "");
	utf8_xml_escape(out, f->title);
	buf_adds(out, "\" title=\"");
	utf8_xml_escape(out, f->title);
	buf_adds(out, "\" xmlUrl=\"");
	utf8_xml_escape(out, f->url);
	buf_adds(out, "\"/>\n");
}

/* The first tag of tags ("a,b"), into out (room for its length + 1). */
static void
opml_first_tag(const char *tags, char out[128])
{
	size_t	len = tags != NULL ? strcspn(tags, ",") : 0;

	if (len > 127)
		len = 127;	/* a tag is at most 64 */
	memcpy(out, tags != NULL ? tags : "", len);
	out[len] = '\0';
}

/*
 * The sources as OPML 2.0, in their order: each in the folder of its
 * first tag (a run of sources with the same first tag shares one), and
 * again in the folder of each other tag, so that a reader files it under
 * every one and reading it back gives all of them.
 */
void
opml_export(const char *title, const struct opml_feed *feeds, size_t n,
    struct buf *out)
{
	char		 now[DATE_RFC3339_SIZE], tag[128], next[128];
	const char	*p;
	size_t		 i, len;

	date_rfc3339((int64_t)time(NULL), now);
	buf_adds(out, "<?xml version=\"1.0\" encoding=\"utf-8\"?>\n"
	    "<opml version=\"2.0\">\n<head>\n<title>");
	utf8_xml_escape(out, title);
	buf_printf(out, "</title>\n<dateCreated>%s</dateCreated>\n</head>\n"
	    "<body>\n", now);
	for (i = 0; i < n; i++) {
		opml_first_tag(feeds[i].tags, tag);
		if (*tag == '\0') {
			opml_outline(&feeds[i], 0, out);
			continue;
		}
		buf_printf(out, "<outline text=\"%s\" title=\"%s\">\n", tag,
		    tag);
		for (; i < n; i++) {
			opml_first_tag(feeds[i].tags, next);
			if (strcmp(next, tag) != 0)
				break;
			opml_outline(&feeds[i], 1, out);
			/* Its other tags: the same feed in their folders. */
			for (p = feeds[i].tags + strlen(tag); *p == ',';
			    p += len) {
				p++;
				len = strcspn(p, ",");
				buf_printf(out, "  <outline text=\"%.*s\" "
				    "title=\"%.*s\">\n", (int)len, p,
				    (int)len, p);
				opml_outline(&feeds[i], 2, out);
				buf_adds(out, "  </outline>\n");
			}
		}
		i--;
		buf_adds(out, "</outline>\n");
	}
	buf_adds(out, "</body>\n</opml>\n");
}
