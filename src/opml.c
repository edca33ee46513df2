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

static void	opml_walk(xmlNodePtr, const char **, struct opml_names *,
		    struct buf *, int *);
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
 * A source name from a title (else the URL's host): lower case, runs of
 * anything but letters and digits made one '-', at most 60 bytes, made
 * unique with -2, -3, ...
 */
static char *
opml_name(const char *title, const char *url, const char **taken,
    struct opml_names *names)
{
	struct buf	 b;
	const char	*s = title, *p;
	char		*base, *name;
	int		 dash = 0, k;

	if (s == NULL || *s == '\0') {
		s = url;
		if ((p = strstr(url, "://")) != NULL)
			s = p + 3;
	}
	buf_init(&b, BUF_NOLIMIT);
	for (; *s != '\0' && b.len < 60; s++) {
		if (isascii((unsigned char)*s) && isalnum((unsigned char)*s)) {
			if (dash && b.len > 0)
				buf_addc(&b, '-');
			buf_addc(&b, tolower((unsigned char)*s));
			dash = 0;
		} else
			dash = 1;
	}
	if (b.len == 0)
		buf_adds(&b, "source");
	base = buf_release(&b, NULL);
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

/* Every outline with an xmlUrl, depth first. */
static void
opml_walk(xmlNodePtr n, const char **taken, struct opml_names *names,
    struct buf *out, int *count)
{
	xmlChar		*url, *title, *text;
	const char	*t;
	char		*name;

	for (; n != NULL; n = n->next) {
		if (n->type != XML_ELEMENT_NODE ||
		    strcmp((const char *)n->name, "outline") != 0)
			continue;
		url = xmlGetProp(n, (const xmlChar *)"xmlUrl");
		if (url != NULL && (strncmp((char *)url, "http://", 7) == 0 ||
		    strncmp((char *)url, "https://", 8) == 0) &&
		    uri_is_absolute((char *)url)) {
			title = xmlGetProp(n, (const xmlChar *)"title");
			text = xmlGetProp(n, (const xmlChar *)"text");
			t = title != NULL && *title != '\0' ?
			    (const char *)title : (const char *)text;
			name = opml_name(t, (char *)url, taken, names);
			buf_printf(out, "%s[source \"%s\"]\n", *count > 0 ?
			    "\n" : "", name);
			if (t != NULL && *t != '\0') {
				buf_adds(out, "; ");
				for (; *t != '\0'; t++)
					buf_addc(out, (unsigned char)*t < 0x20 ?
					    ' ' : *t);
				buf_addc(out, '\n');
			}
			buf_printf(out, "url = %s\n", (char *)url);
			(*count)++;
			xmlFree(title);
			xmlFree(text);
		}
		xmlFree(url);
		opml_walk(n->children, taken, names, out, count);
	}
}

/* OPML to [source] sections. */
int
opml_import(const char *data, size_t len, const char **taken, struct buf *out,
    char **cause)
{
	struct opml_names	 names = { NULL, 0 };
	xmlDocPtr		 doc;
	xmlNodePtr		 root, n;
	int			 count = 0;
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
			opml_walk(n->children, taken, &names, out, &count);
	}
	xmlFreeDoc(doc);
	for (i = 0; i < names.n; i++)
		free(names.v[i]);
	free(names.v);
	return count;
}

/* The sources as OPML 2.0. */
void
opml_export(const char *title, const struct opml_feed *feeds, size_t n,
    struct buf *out)
{
	char	now[DATE_RFC3339_SIZE];
	size_t	i;

	date_rfc3339((int64_t)time(NULL), now);
	buf_adds(out, "<?xml version=\"1.0\" encoding=\"utf-8\"?>\n"
	    "<opml version=\"2.0\">\n<head>\n<title>");
	utf8_xml_escape(out, title);
	buf_printf(out, "</title>\n<dateCreated>%s</dateCreated>\n</head>\n"
	    "<body>\n", now);
	for (i = 0; i < n; i++) {
		buf_adds(out, "<outline type=\"rss\" text=\"");
		utf8_xml_escape(out, feeds[i].title);
		buf_adds(out, "\" title=\"");
		utf8_xml_escape(out, feeds[i].title);
		buf_adds(out, "\" xmlUrl=\"");
		utf8_xml_escape(out, feeds[i].url);
		buf_adds(out, "\"/>\n");
	}
	buf_adds(out, "</body>\n</opml>\n");
}
