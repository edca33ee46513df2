/* SPDX-License-Identifier: ISC */
#include <inttypes.h>
#include <stdio.h>
#include <string.h>
#include <time.h>

#include "article.h"
#include "atom.h"
#include "buf.h"
#include "meta.h"
#include "sha256.h"
#include "uri.h"
#include "utf8.h"

/*
 * The Atom writer.  Every piece of text in the feed comes from the plain
 * text of articles and goes through atom_escape; the HTML content is built
 * here from paragraphs, never copied from a source.
 */

static void	atom_time(struct buf *, int64_t);
static void	atom_text_element(struct buf *, const char *, const char *);

/* Append the escaped text, less what XML cannot carry. */
void
atom_escape(struct buf *out, const char *s)
{
	utf8_xml_escape(out, s);
}

/* Append an RFC 3339 time in UTC. */
static void
atom_time(struct buf *out, int64_t t)
{
	struct tm	tm;
	time_t		tt = (time_t)t;
	char		s[64];

	if (gmtime_r(&tt, &tm) == NULL ||
	    strftime(s, sizeof s, "%Y-%m-%dT%H:%M:%SZ", &tm) == 0)
		strcpy(s, "1970-01-01T00:00:00Z");
	buf_adds(out, s);
}

/* Append <name>text</name> with the text escaped. */
static void
atom_text_element(struct buf *out, const char *name, const char *text)
{
	buf_printf(out, "<%s>", name);
	atom_escape(out, text);
	buf_printf(out, "</%s>", name);
}

/* The permanent id of an article. */
void
atom_entry_id(char out[ATOM_ID_SIZE], uint64_t hash)
{
	struct sha256	ctx;
	uint8_t		d[SHA256_DIGEST_LEN];
	char		hex[17];

	snprintf(hex, sizeof hex, "%016" PRIx64, hash);
	sha256_init(&ctx);
	sha256_update(&ctx, "feedd-entry", 12);
	sha256_update(&ctx, hex, 16);
	sha256_final(&ctx, d);
	d[6] = (d[6] & 0x0f) | 0x80;	/* version 8 */
	d[8] = (d[8] & 0x3f) | 0x80;	/* the RFC 9562 variant */
	snprintf(out, ATOM_ID_SIZE, "urn:uuid:%02x%02x%02x%02x-%02x%02x-"
	    "%02x%02x-%02x%02x-%02x%02x%02x%02x%02x%02x", d[0], d[1], d[2],
	    d[3], d[4], d[5], d[6], d[7], d[8], d[9], d[10], d[11], d[12],
	    d[13], d[14], d[15]);
}

/* The time an entry was last updated. */
int64_t
atom_entry_updated(const struct atom_entry *e)
{
	if (e->updated != 0)
		return e->updated;
	return article_date_time(e->article->date);
}

/* Append ' name="value"' with the value escaped, unless it is NULL. */
static void
atom_attr(struct buf *out, const char *name, const char *value)
{
	if (value == NULL)
		return;
	buf_printf(out, " %s=\"", name);
	atom_escape(out, value);
	buf_addc(out, '"');
}

/* A <link> of rel to an http or https href, with its type and length. */
static void
atom_link(struct buf *out, const char *rel, const char *href,
    const char *type, int64_t length)
{
	if (href == NULL || !uri_is_web(href))
		return;
	buf_printf(out, "<link rel=\"%s\"", rel);
	atom_attr(out, "type", type);
	atom_attr(out, "href", href);
	if (length >= 0)
		buf_printf(out, " length=\"%" PRId64 "\"", length);
	buf_adds(out, "/>\n");
}

/* An entry's authors, categories, enclosures and published time. */
static void
atom_write_meta(struct buf *out, const struct meta_entry *m)
{
	const struct feed_person	*p;
	size_t				 i;

	if (m->published != 0) {
		buf_adds(out, "<published>");
		atom_time(out, m->published);
		buf_adds(out, "</published>\n");
	}
	for (i = 0; i < m->nauthors; i++) {
		p = &m->authors[i];
		/* A name is required: an address alone is its own name. */
		buf_adds(out, "<author>");
		atom_text_element(out, "name", p->name != NULL ? p->name :
		    p->email != NULL ? p->email : "");
		if (p->email != NULL)
			atom_text_element(out, "email", p->email);
		if (p->uri != NULL && uri_is_web(p->uri))
			atom_text_element(out, "uri", p->uri);
		buf_adds(out, "</author>\n");
	}
	for (i = 0; i < m->ncategories; i++) {
		buf_adds(out, "<category");
		atom_attr(out, "term", m->categories[i].term);
		/* A scheme is an IRI; an RSS domain may be any text. */
		if (m->categories[i].scheme != NULL &&
		    uri_is_absolute(m->categories[i].scheme))
			atom_attr(out, "scheme", m->categories[i].scheme);
		atom_attr(out, "label", m->categories[i].label);
		buf_adds(out, "/>\n");
	}
	for (i = 0; i < m->nenclosures; i++)
		atom_link(out, "enclosure", m->enclosures[i].url,
		    m->enclosures[i].type, m->enclosures[i].length);
}

/*
 * The feed an entry came from: its id (the feed's own, else its URL),
 * title (else the source's name) and links.
 */
static void
atom_write_source(struct buf *out, const char *name,
    const struct meta_source *info, int64_t updated)
{
	const char	*id = NULL, *title = name;

	if (info != NULL) {
		id = info->id != NULL ? info->id : info->url;
		title = info->title != NULL ? info->title : name;
	}
	buf_adds(out, "<source>\n");
	/* A source whose feed said nothing yet has an id all the same. */
	if (id != NULL)
		atom_text_element(out, "id", id);
	else {
		buf_adds(out, "<id>urn:feedd:source:");
		atom_escape(out, name);
		buf_adds(out, "</id>");
	}
	buf_addc(out, '\n');
	atom_text_element(out, "title", title);
	buf_addc(out, '\n');
	/* RFC 4287 4.2.11: id, title and updated SHOULD be there. */
	if (updated > 0) {
		buf_adds(out, "<updated>");
		atom_time(out, updated);
		buf_adds(out, "</updated>\n");
	}
	if (info != NULL) {
		atom_link(out, "alternate", info->link, "text/html", -1);
		atom_link(out, "self", info->url, NULL, -1);
	}
	buf_adds(out, "</source>\n");
}

/* Append one <entry>. */
void
atom_write_entry(struct buf *out, const struct atom_entry *e)
{
	const struct article	*a = e->article;
	struct buf		 html;
	char			 id[ATOM_ID_SIZE];
	size_t			 i;

	atom_entry_id(id, e->hash);
	buf_printf(out, "<entry>\n<id>%s</id>\n", id);
	atom_text_element(out, "title", a->title);
	buf_adds(out, "\n<updated>");
	atom_time(out, atom_entry_updated(e));
	buf_adds(out, "</updated>\n");
	/* Only http and https links are published, whatever a file says. */
	if (uri_is_web(a->url)) {
		buf_adds(out, "<link rel=\"alternate\" type=\"text/html\" "
		    "href=\"");
		atom_escape(out, a->url);
		buf_adds(out, "\"/>\n");
	}
	if (e->meta != NULL)
		atom_write_meta(out, e->meta);
	if (e->source != NULL && *e->source != '\0')
		atom_write_source(out, e->source, e->source_info,
		    e->source_updated);
	if (a->nbody > 0) {
		atom_text_element(out, "summary", a->body[0]);
		buf_addc(out, '\n');
	}
	/* type="html": the markup is itself text, so it is escaped twice. */
	buf_init(&html, BUF_NOLIMIT);
	for (i = 0; i < a->nbody; i++) {
		buf_adds(&html, "<p>");
		atom_escape(&html, a->body[i]);
		buf_adds(&html, "</p>");
	}
	buf_adds(out, "<content type=\"html\">");
	atom_escape(out, html.data != NULL ? html.data : "");
	buf_adds(out, "</content>\n</entry>\n");
	buf_free(&html);
}

/* Append the feed's head: everything before the first entry. */
void
atom_write_head(struct buf *out, const struct atom_feed *feed,
    int64_t updated)
{
	buf_adds(out, "<?xml version=\"1.0\" encoding=\"utf-8\"?>\n"
	    "<feed xmlns=\"http://www.w3.org/2005/Atom\">\n<id>");
	atom_escape(out, feed->id);
	buf_adds(out, "</id>\n");
	atom_text_element(out, "title", feed->title);
	buf_adds(out, "\n<updated>");
	atom_time(out, updated);
	buf_adds(out, "</updated>\n<author>");
	atom_text_element(out, "name", feed->author);
	buf_adds(out, "</author>\n");
	if (feed->self != NULL) {
		buf_adds(out, "<link rel=\"self\" "
		    "type=\"application/atom+xml\" href=\"");
		atom_escape(out, feed->self);
		buf_adds(out, "\"/>\n");
	}
	buf_adds(out, "<generator version=\"" PACKAGE_VERSION "\">feedd"
	    "</generator>\n");
}

void
atom_write_tail(struct buf *out)
{
	buf_adds(out, "</feed>\n");
}

/* Append the whole feed. */
void
atom_write(struct buf *out, const struct atom_feed *feed,
    const struct atom_entry *entries, size_t n)
{
	int64_t	updated = feed->updated, t;
	size_t	i;

	for (i = 0; i < n; i++) {
		t = atom_entry_updated(&entries[i]);
		if (i == 0 || t > updated)
			updated = t;
	}
	atom_write_head(out, feed, updated);
	for (i = 0; i < n; i++)
		atom_write_entry(out, &entries[i]);
	atom_write_tail(out);
}
