/* SPDX-License-Identifier: ISC */
#include <ctype.h>
#include <stdint.h>
#include <string.h>
#include <time.h>

#include <libxml/parser.h>
#include <libxml/tree.h>

#include "buf.h"
#include "date.h"
#include "log.h"
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
	char	*name;		/* feedd's own (feeddName), or NULL */
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
 * The plain letters of a Latin letter with a mark (U+00C0 to U+017F), or
 * NULL: "Actualités" is read "actualites", not "actualit-s".  The tables
 * were made with Python's unicodedata (NFKD, the base letter); '-' marks
 * a character of more letters (the list below) or none (x and ÷).
 */
static const char *
opml_latin(uint32_t cp)
{
	static const char	latin1[] =	/* U+00C0 to U+00FF */
	    "aaaaaa-ceeeeiiiidnooooo-ouuuuy--aaaaaa-ceeeeiiiidnooooo-ouuuuy-y";
	static const char	extended[] =	/* U+0100 to U+017F */
	    "aaaaaaccccccccddddeeeeeeeeeegggggggghhhhiiiiiiiiii--jjkkkllllll"
	    "llllnnnnnnnnnoooooo--rrrrrrssssssssttttttuuuuuuuuuuuuwwyyyzzzzzzs";
	static const struct {
		uint32_t	 cp;
		const char	*s;
	} more[] = {
		{ 0xc6, "ae" }, { 0xde, "th" }, { 0xdf, "ss" }, { 0xe6, "ae" },
		{ 0xfe, "th" }, { 0x132, "ij" }, { 0x133, "ij" },
		{ 0x152, "oe" }, { 0x153, "oe" },
	};
	static char		one[2];
	size_t			i;

	for (i = 0; i < sizeof more / sizeof more[0]; i++) {
		if (more[i].cp == cp)
			return more[i].s;
	}
	if (cp >= 0xc0 && cp <= 0xff)
		one[0] = latin1[cp - 0xc0];
	else if (cp >= 0x100 && cp <= 0x17f)
		one[0] = extended[cp - 0x100];
	else
		return NULL;
	return one[0] == '-' ? NULL : one;
}

/*
 * A name from text: lower case, letters with marks as plain ones, runs of
 * anything else but letters and digits made one '-', at most 60 bytes;
 * empty when text has none (a title in another script).
 */
static char *
opml_word(const char *s)
{
	struct buf	 b;
	const char	*plain;
	char		 ascii[2] = { 0, 0 };
	uint32_t	 cp;
	size_t		 n;
	int		 dash = 0;

	buf_init(&b, BUF_NOLIMIT);
	buf_adds(&b, "");
	for (; *s != '\0' && b.len < 60; s += n) {
		if ((n = utf8_decode(s, strlen(s), &cp)) == 0) {
			n = 1;
			cp = 0xfffd;
		}
		if (cp < 0x80 && isalnum((int)cp)) {
			ascii[0] = (char)tolower((int)cp);
			plain = ascii;
		} else
			plain = opml_latin(cp);
		if (plain == NULL) {
			dash = 1;
			continue;
		}
		if (dash && b.len > 0)
			buf_addc(&b, '-');
		buf_adds(&b, plain);
		dash = 0;
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
	const char	*p;
	char		*base, *name, *host;
	int		 k;

	base = opml_word(title != NULL ? title : "");
	if (*base == '\0') {
		/* No title, or one in another script: the feed's host. */
		free(base);
		p = (p = strstr(url, "://")) != NULL ? p + 3 : url;
		host = xstrndup(p, strcspn(p, "/:?#"));
		base = opml_word(strncmp(host, "www.", 4) == 0 ? host + 4 :
		    host);
		free(host);
	}
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
opml_feed(struct opml_read *r, xmlNodePtr n, const char *url,
    const char *title, const char *folder)
{
	xmlChar			*name;
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
	/* What feedd's own export says the source is named. */
	if ((name = xmlGetProp(n, (const xmlChar *)"feeddName")) != NULL)
		e->name = xstrdup((const char *)name);
	xmlFree(name);
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
			opml_feed(r, n, (char *)url, (char *)title, folder);
		else if (url != NULL)
			log_warnx("outline \"%s\": %s is not an http or https "
			    "URL: skipped", title != NULL ? (char *)title : "",
			    (char *)url);
		else if (n->children == NULL)
			log_warnx("outline \"%s\" has no xmlUrl: skipped",
			    title != NULL ? (char *)title : "");
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

/* Whether name is one feedd.conf takes: letters, digits, ._-, no dot first. */
static int
opml_valid(const char *name)
{
	const char	*p;

	if (*name == '\0' || *name == '.' || strlen(name) > 255)
		return 0;
	for (p = name; *p != '\0'; p++) {
		if (!isascii((unsigned char)*p) || (!isalnum((unsigned char)*p) &&
		    strchr("._-", *p) == NULL))
			return 0;
	}
	return 1;
}

/*
 * The name of e: the one feedd's export gave it, when it can be had (so
 * that its articles keep their identities), else one from its title.
 */
static char *
opml_own_name(const struct opml_entry *e, const char **taken,
    struct opml_names *names)
{
	char	*name;

	if (e->name == NULL || !opml_valid(e->name) ||
	    opml_taken(e->name, taken, names))
		return opml_name(e->title, e->url, taken, names);
	name = xstrdup(e->name);
	names->v = xreallocarray(names->v, names->n + 1, sizeof *names->v);
	names->v[names->n++] = name;
	return name;
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
		opml_section(&r.v[i], opml_own_name(&r.v[i], taken, &names),
		    i == 0, out);
		free(r.v[i].name);
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
	const char	*title = f->title != NULL ? f->title : f->name;

	buf_printf(out, "%*s<outline type=\"rss\" text=\"", depth * 2, "");
	utf8_xml_escape(out, title);
	buf_adds(out, "\" title=\"");
	utf8_xml_escape(out, title);
	buf_adds(out, "\" xmlUrl=\"");
	utf8_xml_escape(out, f->url);
	/* Read back by --import-opml: the same name, the same articles. */
	buf_adds(out, "\" feeddName=\"");
	utf8_xml_escape(out, f->name);
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
