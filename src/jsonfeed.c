/* SPDX-License-Identifier: ISC */
#include <stdint.h>
#include <stdlib.h>
#include <string.h>

#include "json.h"
#include "jsonfeed.h"
#include "uri.h"
#include "xmalloc.h"

/*
 * JSON Feed's fields, as jsonfeed.org's 1.0 and 1.1 define them, to the
 * parser's: the feed's title, home_page_url, feed_url, description and
 * author(s); each item's id, url (else external_url), title, content_html,
 * content_text, summary, date_published, date_modified, authors (1.1) or
 * author (1.0), falling back to the feed's as 1.1 says, tags and
 * attachments.  Relative URLs are resolved against the feed_url, else the
 * document's URL.
 */

static char	*jf_dup(const char *);
static char	*jf_url(const char *, const char *);
static const struct json *jf_authors(const struct json *);
static void	 jf_people(struct feed_item *, const struct json *,
		    const char *);
static void	 jf_content(struct feed_item *, const struct json *,
		    const char *, enum feed_text_type);
static void	 jf_meta(struct feed_item *, const struct json *,
		    const char *);
static void	 jf_item(const struct json *, size_t, const struct json *,
		    const char *, const struct feedparse_cb *);

/* A copy of s, or NULL when it is NULL or only white space. */
static char *
jf_dup(const char *s)
{
	if (s == NULL || s[strspn(s, " \t\r\n")] == '\0')
		return NULL;
	return xstrdup(s);
}

/* ref resolved against base (when base is absolute), or NULL. */
static char *
jf_url(const char *base, const char *ref)
{
	if (ref == NULL || ref[strspn(ref, " \t\r\n")] == '\0')
		return NULL;
	if (base != NULL && uri_is_absolute(base))
		return uri_resolve(base, ref);
	return xstrdup(ref);
}

/* The people of an object: 1.1's authors, else 1.0's author, as an array. */
static const struct json *
jf_authors(const struct json *o)
{
	const struct json	*a = json_get(o, "authors");

	if (a != NULL && a->type == JSON_ARRAY && a->n > 0)
		return a;
	return NULL;
}

/* Add the authors of o (1.1's array, or 1.0's one author). */
static void
jf_people(struct feed_item *it, const struct json *o, const char *base)
{
	const struct json	*list = jf_authors(o), *one;
	struct feed_person	*p;
	size_t			 i, n;

	one = list != NULL ? NULL : json_get(o, "author");
	n = list != NULL ? list->n : one != NULL ? 1 : 0;
	for (i = 0; i < n; i++) {
		const struct json *a = list != NULL ? &list->kids[i] : one;
		char	*name = jf_dup(json_str(a, "name"));

		if (name == NULL)
			continue;
		if (it->nauthors == FEED_MAX_AUTHORS) {
			it->ndropped++;
			free(name);
			continue;
		}
		p = &it->authors[it->nauthors++];
		p->name = name;
		p->email = NULL;
		p->uri = jf_url(base, json_str(a, "url"));
		if (it->author == NULL)
			it->author = xstrdup(name);
	}
}

/* A content candidate from member key of item, when it is there. */
static void
jf_content(struct feed_item *it, const struct json *item, const char *key,
    enum feed_text_type type)
{
	char	*s = jf_dup(json_str(item, key));

	if (s == NULL)
		return;
	if (it->ncontent == FEED_NCONTENT) {
		free(s);
		return;
	}
	it->content_from[it->ncontent] = key;
	it->content[it->ncontent].s = s;
	it->content[it->ncontent++].type = type;
}

/* Tags as categories, attachments as enclosures. */
static void
jf_meta(struct feed_item *it, const struct json *item, const char *base)
{
	const struct json	*tags = json_get(item, "tags");
	const struct json	*att = json_get(item, "attachments");
	const struct json	*size;
	struct feed_enclosure	*e;
	char			*term, *end;
	size_t			 i;

	for (i = 0; tags != NULL && tags->type == JSON_ARRAY && i < tags->n;
	    i++) {
		if (tags->kids[i].type != JSON_STRING ||
		    (term = jf_dup(tags->kids[i].str)) == NULL)
			continue;
		if (it->ncategories == FEED_MAX_CATEGORIES) {
			it->ndropped++;
			free(term);
			continue;
		}
		memset(&it->categories[it->ncategories], 0,
		    sizeof it->categories[0]);
		it->categories[it->ncategories++].term = term;
	}
	for (i = 0; att != NULL && att->type == JSON_ARRAY && i < att->n; i++) {
		if (json_str(&att->kids[i], "url") == NULL)
			continue;
		if (it->nenclosures == FEED_MAX_ENCLOSURES) {
			it->ndropped++;
			continue;
		}
		e = &it->enclosures[it->nenclosures++];
		e->url = jf_url(base, json_str(&att->kids[i], "url"));
		e->type = jf_dup(json_str(&att->kids[i], "mime_type"));
		e->length = -1;
		size = json_get(&att->kids[i], "size_in_bytes");
		if (size != NULL && size->type == JSON_NUMBER &&
		    size->str[0] != '-') {
			e->length = strtoll(size->str, &end, 10);
			if (*end != '\0')
				e->length = -1;
		}
	}
}

/* One item, handed to cb; feed gives authors to items without any. */
static void
jf_item(const struct json *item, size_t index, const struct json *feed,
    const char *base, const struct feedparse_cb *cb)
{
	struct feed_item	 it;
	const struct json	*id = json_get(item, "id");

	memset(&it, 0, sizeof it);
	it.index = index;
	if (id != NULL && (id->type == JSON_STRING || id->type == JSON_NUMBER))
		it.id = jf_dup(id->str);
	if ((it.link = jf_url(base, json_str(item, "url"))) == NULL)
		it.link = jf_url(base, json_str(item, "external_url"));
	it.title.s = jf_dup(json_str(item, "title"));
	it.title.type = FEED_TEXT_PLAIN;
	jf_content(&it, item, "content_html", FEED_TEXT_HTML);
	jf_content(&it, item, "content_text", FEED_TEXT_PLAIN);
	jf_content(&it, item, "summary", FEED_TEXT_PLAIN);
	if ((it.published.raw = jf_dup(json_str(item, "date_published"))))
		it.published.from = "date_published";
	if ((it.updated.raw = jf_dup(json_str(item, "date_modified"))))
		it.updated.from = "date_modified";
	jf_people(&it, item, base);
	if (it.nauthors == 0)
		jf_people(&it, feed, base);
	jf_meta(&it, item, base);
	cb->item(cb->arg, &it);
	feed_item_free(&it);
}

long
jsonfeed_parse(const char *doc, size_t len, const char *url,
    const struct feedparse_cb *cb, char **cause)
{
	struct json		 root;
	struct feed_info	 info;
	struct feed_item	 authors;
	const struct json	*items;
	const char		*version, *base;
	char			*err;
	size_t			 i, n = 0;

	if (json_parse(doc, len, &root, &err) == -1) {
		*cause = xasprintf("not a feed: JSON: %s", err);
		free(err);
		return -1;
	}
	version = json_str(&root, "version");
	items = json_get(&root, "items");
	if (version == NULL || strstr(version, "jsonfeed.org/version/") == NULL ||
	    items == NULL || items->type != JSON_ARRAY) {
		*cause = xasprintf("not a feed: JSON, but not a JSON Feed (%s)",
		    version == NULL ? "no jsonfeed.org version" :
		    "no list of items");
		json_free(&root);
		return -1;
	}
	memset(&info, 0, sizeof info);
	info.format = strstr(version, "version/1.1") != NULL ? FEED_JSON11 :
	    FEED_JSON10;
	info.ttl = -1;
	base = json_str(&root, "feed_url") != NULL &&
	    uri_is_absolute(json_str(&root, "feed_url")) ?
	    json_str(&root, "feed_url") : url;
	info.title = jf_dup(json_str(&root, "title"));
	info.link = jf_url(base, json_str(&root, "home_page_url"));
	info.id = jf_url(base, json_str(&root, "feed_url"));
	info.subtitle = jf_dup(json_str(&root, "description"));
	memset(&authors, 0, sizeof authors);
	jf_people(&authors, &root, base);
	info.author = authors.author;
	authors.author = NULL;
	feed_item_free(&authors);
	if (cb->feed != NULL)
		cb->feed(cb->arg, &info);
	for (i = 0; i < items->n; i++) {
		if (items->kids[i].type == JSON_OBJECT)
			jf_item(&items->kids[i], n++, &root, base, cb);
	}
	free(info.title);
	free(info.link);
	free(info.id);
	free(info.subtitle);
	free(info.author);
	json_free(&root);
	return (long)n;
}
