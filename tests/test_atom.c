/* SPDX-License-Identifier: ISC */
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include <cmocka.h>
#include <libxml/parser.h>
#include <libxml/xpath.h>
#include <libxml/xpathInternals.h>

#include "article.h"
#include "atom.h"
#include "buf.h"
#include "meta.h"

/*
 * The Atom writer, read back with libxml2: well-formed, what RFC 4287
 * requires, and the text exactly as the articles have it.
 */

static const struct {
	const char	*in;
	const char	*out;
} escape_cases[] = {
	{ "plain", "plain" },
	{ "a & b < c > d \"e\" 'f'", "a &amp; b &lt; c &gt; d &quot;e&quot; 'f'" },
	{ "&amp;", "&amp;amp;" },
	{ "bell\a nul-free \x1b[0m", "bell nul-free [0m" },
	{ "tab\tnl\ncr\r", "tab\tnl\ncr" },
	{ "bad \xff byte", "bad \xef\xbf\xbd byte" },
	{ "non-char \xef\xbf\xbe \xef\xbf\xbf.", "non-char  ." },
	{ "\xe2\x80\x9cquotes\xe2\x80\x9d \xf0\x9f\x93\xb0",
	    "\xe2\x80\x9cquotes\xe2\x80\x9d \xf0\x9f\x93\xb0" },
};

static void
atom_escape__table__safe_for_xml(void **state)
{
	struct buf	b;
	size_t		i;

	for (i = 0; i < sizeof escape_cases / sizeof escape_cases[0]; i++) {
		buf_init(&b, BUF_NOLIMIT);
		buf_adds(&b, "");
		atom_escape(&b, escape_cases[i].in);
		if (strcmp(b.data, escape_cases[i].out) != 0)
			fail_msg("case %zu: \"%s\"", i, b.data);
		buf_free(&b);
	}
}

static void
atom_entry_id__hash__stable_uuid_v8(void **state)
{
	char	id[ATOM_ID_SIZE], again[ATOM_ID_SIZE], other[ATOM_ID_SIZE];

	atom_entry_id(id, 0x0263b587192c9eaeULL);
	atom_entry_id(again, 0x0263b587192c9eaeULL);
	atom_entry_id(other, 0x0263b587192c9eafULL);
	assert_string_equal(id, again);
	assert_string_not_equal(id, other);
	assert_int_equal(strlen(id), 45);
	assert_memory_equal(id, "urn:uuid:", 9);
	assert_int_equal(id[9 + 14], '8');			/* version */
	assert_non_null(strchr("89ab", id[9 + 19]));		/* variant */
	/* Computed with Python's hashlib: ids must never change. */
	assert_string_equal(id, "urn:uuid:b20fc036-7bcf-8172-81ae-840c8bbdef70");
}

static char *
xpath_string(xmlXPathContextPtr ctx, const char *expr)
{
	xmlXPathObjectPtr	 obj;
	char			*s;

	obj = xmlXPathEvalExpression((const xmlChar *)expr, ctx);
	if (obj == NULL)
		fail_msg("bad xpath %s", expr);
	s = (char *)xmlXPathCastToString(obj);
	xmlXPathFreeObject(obj);
	return s;
}

static void
assert_xpath(xmlXPathContextPtr ctx, const char *expr, const char *want)
{
	char	*got = xpath_string(ctx, expr);

	if (strcmp(got, want) != 0)
		fail_msg("%s = \"%s\", want \"%s\"", expr, got, want);
	xmlFree(got);
}

static void
atom_write__two_entries__rfc4287_and_exact_text(void **state)
{
	char			*b1[] = { "First & <only>", "Second \"para\"" };
	char			*b2[] = { "Bad \x01 control" };
	struct article		 a1 = { "Tom & Jerry <3", 20220117,
				    "https://e.org/a?x=1&y=2", b1, 2 };
	struct article		 a2 = { "Older", 20211231, "https://e.org/b",
				    b2, 1 };
	struct atom_entry	 e[2] = {
		{ .article = &a1, .hash = 0x1ULL },
		/* 2022-01-01T01:00 */
		{ .article = &a2, .hash = 0x2ULL, .updated = 1640995200 + 3600 },
	};
	struct atom_feed	 feed = { "My <feed>", "urn:x:feed",
				    "http://127.0.0.1:8765/feed.atom",
				    "Me & you", 0 };
	struct buf		 out;
	xmlDocPtr		 doc;
	xmlXPathContextPtr	 ctx;
	char			 id[ATOM_ID_SIZE];

	buf_init(&out, BUF_NOLIMIT);
	atom_write(&out, &feed, e, 2);
	doc = xmlReadMemory(out.data, out.len, "feed.atom", NULL,
	    XML_PARSE_NONET);
	assert_non_null(doc);
	ctx = xmlXPathNewContext(doc);
	xmlXPathRegisterNs(ctx, (const xmlChar *)"a",
	    (const xmlChar *)"http://www.w3.org/2005/Atom");
	assert_xpath(ctx, "/a:feed/a:id", "urn:x:feed");
	assert_xpath(ctx, "/a:feed/a:title", "My <feed>");
	assert_xpath(ctx, "/a:feed/a:author/a:name", "Me & you");
	/* The newest entry's time, not the order's first. */
	assert_xpath(ctx, "/a:feed/a:updated", "2022-01-17T00:00:00Z");
	assert_xpath(ctx, "/a:feed/a:link[@rel='self']/@href",
	    "http://127.0.0.1:8765/feed.atom");
	assert_xpath(ctx, "count(/a:feed/a:entry)", "2");
	atom_entry_id(id, 0x1);
	assert_xpath(ctx, "/a:feed/a:entry[1]/a:id", id);
	assert_xpath(ctx, "/a:feed/a:entry[1]/a:title", "Tom & Jerry <3");
	assert_xpath(ctx, "/a:feed/a:entry[1]/a:updated",
	    "2022-01-17T00:00:00Z");
	assert_xpath(ctx, "/a:feed/a:entry[1]/a:link[@rel='alternate']/@href",
	    "https://e.org/a?x=1&y=2");
	assert_xpath(ctx, "/a:feed/a:entry[1]/a:summary", "First & <only>");
	assert_xpath(ctx, "/a:feed/a:entry[1]/a:content/@type", "html");
	assert_xpath(ctx, "/a:feed/a:entry[1]/a:content",
	    "<p>First &amp; &lt;only&gt;</p><p>Second &quot;para&quot;</p>");
	assert_xpath(ctx, "/a:feed/a:entry[2]/a:updated",
	    "2022-01-01T01:00:00Z");
	assert_xpath(ctx, "/a:feed/a:entry[2]/a:summary", "Bad  control");
	xmlXPathFreeContext(ctx);
	xmlFreeDoc(doc);
	buf_free(&out);
}

/*
 * What the journal says of an entry: its authors (an address alone is its
 * own name), categories (a scheme that is no IRI left out), enclosures
 * (only http and https), published time, and the feed it came from.
 */
static void
atom_write_entry__meta__authors_categories_enclosures_source(void **state)
{
	char			*b[] = { "Body." };
	struct article		 a = { "T", 20220117, "https://e.org/a", b, 1 };
	struct feed_person	 people[] = {
		{ "Jo & Co", "jo@e.org", "https://e.org/jo" },
		{ NULL, "anon@e.org", "javascript:alert(1)" },
	};
	struct feed_category	 cats[] = {
		{ "c", "https://e.org/tags", "The C <language>" },
		{ "misc", "not an iri", NULL },
	};
	struct feed_enclosure	 encs[] = {
		{ "https://e.org/a.mp3", "audio/mpeg", 1234 },
		{ "javascript:alert(1)", "audio/mpeg", 1 },
		{ "http://e.org/b.pdf", NULL, -1 },
	};
	struct meta_entry	 m = { .published = 1642320000,
				    .authors = people, .nauthors = 2,
				    .categories = cats, .ncategories = 2,
				    .enclosures = encs, .nenclosures = 3 };
	struct meta_source	 src = { .title = "The <Source>",
				    .link = "https://src.example/",
				    .url = "https://src.example/feed.xml" };
	struct atom_entry	 e = { .article = &a, .hash = 1, .meta = &m,
				    .source = "src", .source_info = &src };
	struct atom_feed	 feed = { "F", "urn:x", NULL, "Me", 0 };
	struct buf		 out;
	xmlDocPtr		 doc;
	xmlXPathContextPtr	 ctx;

	buf_init(&out, BUF_NOLIMIT);
	atom_write(&out, &feed, &e, 1);
	assert_non_null(doc = xmlReadMemory(out.data, out.len, "feed.atom",
	    NULL, XML_PARSE_NONET));
	ctx = xmlXPathNewContext(doc);
	xmlXPathRegisterNs(ctx, (const xmlChar *)"a",
	    (const xmlChar *)"http://www.w3.org/2005/Atom");
	assert_xpath(ctx, "/a:feed/a:entry/a:published",
	    "2022-01-16T08:00:00Z");
	assert_xpath(ctx, "count(/a:feed/a:entry/a:author)", "2");
	assert_xpath(ctx, "/a:feed/a:entry/a:author[1]/a:name", "Jo & Co");
	assert_xpath(ctx, "/a:feed/a:entry/a:author[1]/a:email", "jo@e.org");
	assert_xpath(ctx, "/a:feed/a:entry/a:author[1]/a:uri",
	    "https://e.org/jo");
	assert_xpath(ctx, "/a:feed/a:entry/a:author[2]/a:name", "anon@e.org");
	assert_xpath(ctx, "count(/a:feed/a:entry/a:author[2]/a:uri)", "0");
	assert_xpath(ctx, "count(/a:feed/a:entry/a:category)", "2");
	assert_xpath(ctx, "/a:feed/a:entry/a:category[1]/@label",
	    "The C <language>");
	assert_xpath(ctx, "/a:feed/a:entry/a:category[1]/@scheme",
	    "https://e.org/tags");
	assert_xpath(ctx, "count(/a:feed/a:entry/a:category[2]/@scheme)", "0");
	assert_xpath(ctx, "count(/a:feed/a:entry/a:link[@rel='enclosure'])",
	    "2");
	assert_xpath(ctx, "/a:feed/a:entry/a:link[@rel='enclosure'][1]/@length",
	    "1234");
	assert_xpath(ctx, "/a:feed/a:entry/a:link[@rel='enclosure'][2]/@href",
	    "http://e.org/b.pdf");
	assert_xpath(ctx, "count(/a:feed/a:entry/a:link[@rel='enclosure'][2]"
	    "/@length)", "0");
	assert_xpath(ctx, "/a:feed/a:entry/a:source/a:title", "The <Source>");
	/* No id of its own: the feed's URL is it. */
	assert_xpath(ctx, "/a:feed/a:entry/a:source/a:id",
	    "https://src.example/feed.xml");
	assert_xpath(ctx, "/a:feed/a:entry/a:source/a:link[@rel='self']/@href",
	    "https://src.example/feed.xml");
	assert_xpath(ctx, "/a:feed/a:entry/a:source/a:link[@rel='alternate']"
	    "/@href", "https://src.example/");
	xmlXPathFreeContext(ctx);
	xmlFreeDoc(doc);
	buf_free(&out);
}

static void
atom_write__no_entries__feed_updated_from_caller(void **state)
{
	struct atom_feed	 feed = { "T", "urn:x", NULL, "A", 86400 };
	struct buf		 out;

	buf_init(&out, BUF_NOLIMIT);
	atom_write(&out, &feed, NULL, 0);
	assert_non_null(strstr(out.data,
	    "<updated>1970-01-02T00:00:00Z</updated>"));
	assert_null(strstr(out.data, "rel=\"self\""));
	assert_null(strstr(out.data, "<entry>"));
	buf_free(&out);
}

int
main(void)
{
	const struct CMUnitTest	tests[] = {
		cmocka_unit_test(atom_escape__table__safe_for_xml),
		cmocka_unit_test(atom_entry_id__hash__stable_uuid_v8),
		cmocka_unit_test(atom_write__two_entries__rfc4287_and_exact_text),
		cmocka_unit_test(atom_write__no_entries__feed_updated_from_caller),
		cmocka_unit_test(atom_write_entry__meta__authors_categories_enclosures_source),
	};

	return cmocka_run_group_tests(tests, NULL, NULL);
}
