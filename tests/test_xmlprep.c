/* SPDX-License-Identifier: ISC */
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include <cmocka.h>

#include "buf.h"
#include "xmlprep.h"

/*
 * The repairs before libxml2, each fed in every chunk size from one byte to
 * the whole, so that no state is lost where a chunk ends.
 */

/* A name of 126 bytes, two short of the buffer. */
#define A10	"aaaaaaaaaa"
#define NAME126	A10 A10 A10 A10 A10 A10 A10 A10 A10 A10 A10 A10 "aaaaaa"

static const struct {
	const char	*in;
	size_t		 inlen;		/* 0: strlen */
	const char	*out;
	unsigned int	 repairs;
	const char	*charset;
} cases[] = {
	{ "<a>plain text</a>", 0, "<a>plain text</a>", 0, "UTF-8" },
	{ "<a>&nbsp;&eacute;&rsquo;&hellip;</a>", 0,
	    "<a>\xc2\xa0\xc3\xa9\xe2\x80\x99\xe2\x80\xa6</a>", XMLPREP_ENTITY,
	    "UTF-8" },
	{ "<a>&amp;&lt;&gt;&quot;&apos;&#8217;&#x2019;</a>", 0,
	    "<a>&amp;&lt;&gt;&quot;&apos;&#8217;&#x2019;</a>", 0, "UTF-8" },
	{ "<a>AT&T & Co &foo; &#0;&#x1;&#xD800;|&#12x;</a>", 0,
	    "<a>AT&amp;T &amp; Co &amp;foo; |&amp;#12x;</a>",
	    XMLPREP_AMP | XMLPREP_CONTROL, "UTF-8" },
	{ "<a>a < b <= c <3</a>", 0, "<a>a &lt; b &lt;= c &lt;3</a>",
	    XMLPREP_LT, "UTF-8" },
	{ "<a href=\"x?a=1&b=2&amp;c=&copy;\" t='<'>x</a>", 0,
	    "<a href=\"x?a=1&amp;b=2&amp;c=\xc2\xa9\" t='&lt;'>x</a>",
	    XMLPREP_AMP | XMLPREP_ENTITY | XMLPREP_LT, "UTF-8" },
	{ "<a><![CDATA[&nbsp; & <b>]] ]]></a>", 0,
	    "<a><![CDATA[&nbsp; & <b>]] ]]></a>", 0, "UTF-8" },
	{ "<!-- & < --><a><!-- &nbsp; - -- --></a>", 0,
	    "<!-- & < --><a><!-- &nbsp; - -- --></a>", 0, "UTF-8" },
	{ "<?xml version=\"1.0\"?>\n<!DOCTYPE rss PUBLIC \"-//Netscape "
	    "Communications//DTD RSS 0.91//EN\" \"http://x/rss-0.91.dtd\">\n"
	    "<rss version=\"0.91\"/>", 0,
	    "<?xml version=\"1.0\"?><rss version=\"0.91\"/>", 0, "UTF-8" },
	{ "<?xml version=\"1.0\"?><!DOCTYPE lolz [<!ENTITY lol \"lol\">"
	    "<!ENTITY lol2 \"&lol;&lol;&lol;\">]><lolz>&lol2;</lolz>", 0,
	    "<?xml version=\"1.0\"?><lolz>&amp;lol2;</lolz>",
	    XMLPREP_SUBSET | XMLPREP_AMP, "UTF-8" },
	{ "<rss><channel></channel></rss>\n<br>junk<p>", 0,
	    "<rss><channel></channel></rss>", XMLPREP_JUNK, "UTF-8" },
	{ "<rss><c></b></c></b><i>x</i></rss>  \n", 0,
	    "<rss><c></c><i>x</i></rss>", XMLPREP_NESTING, "UTF-8" },
	{ "<r><d><p>a<b>b<p>c</d ><i/><br/></r>", 0,
	    "<r><d><p>a<b>b<p>c</p></b></p></d><i/><br/></r>",
	    XMLPREP_NESTING, "UTF-8" },
	/* Names past the buffer are cut at a character boundary (fuzzing). */
	{ "<r><" NAME126 "\xc3\xa9>x</" NAME126 "\xc3\xa9></r>", 0,
	    "<r><" NAME126 "\xc3\xa9>x</" NAME126 "></r>", 0,
	    "UTF-8" },
	/*
	 * Cut off: what was open is closed after a mark where the cut is (so
	 * that the element before it is read, and the one it is in is not).
	 */
	{ "<r a='x/'><i>cut", 0, "<r a='x/'><i>cut<?feedd-cut?></i></r>",
	    XMLPREP_TRUNCATED, "UTF-8" },
	{ "<r><i>whole</i><i><!-- in a comm", 0,
	    "<r><i>whole</i><i><!-- in a comm--><?feedd-cut?></i></r>",
	    XMLPREP_TRUNCATED, "UTF-8" },
	{ "<r><i>whole</i><i x=\"in a t", 0,
	    "<r><i>whole</i><?feedd-cut?></r>", XMLPREP_TRUNCATED,
	    "UTF-8" },
	/* A bare "]]>" in text; attributes an XML parser refuses. */
	{ "<a>x]]>y ]] > ]</a>", 0, "<a>x]]&gt;y ]] > ]</a>", XMLPREP_GT,
	    "UTF-8" },
	{ "<a href=http://e.org/?a=1&b=2 checked x='1' x=\"2\" 9z=1>t</a>", 0,
	    "<a href=\"http://e.org/?a=1&amp;b=2\" checked=\"\" x='1'>t</a>",
	    XMLPREP_ATTR, "UTF-8" },
	{ "<a  b = \"1\"   c='2' />", 0, "<a  b = \"1\"   c='2' />", 0, "UTF-8" },
	/* Comments and PIs after the root are well-formed: no junk. */
	{ "<r/>\n<!-- cache -->\n<?pi x?>\n", 0, "<r/>", 0, "UTF-8" },
	/* UTF-8 in a document declared ISO-8859-1; GB2312 as GB18030. */
	{ "<?xml version='1.0' encoding='ISO-8859-1'?><a>cr\xc3\xa9ole \xe9\x85</a>",
	    0, "<?xml version='1.0' encoding='ISO-8859-1'?>"
	    "<a>cr\xc3\xa9ole \xc3\xa9\xe2\x80\xa6</a>", XMLPREP_UTF8,
	    "windows-1252" },
	{ "<?xml version='1.0' encoding='gb2312'?><a>\xa1\xa4</a>", 0,
	    "<?xml version='1.0' encoding='gb2312'?><a>\xc2\xb7</a>", 0,
	    "GB18030" },
	{ "<r:RDF x='1'><i/></r:RDF><r:RDF>", 0, "<r:RDF x='1'><i/></r:RDF>",
	    XMLPREP_JUNK, "UTF-8" },
	{ "<a>x\x01\x0cy\xef\xbf\xbe\xef\xbf\xbfz\xef\xbc\x81</a>", 0,
	    "<a>x yz\xef\xbc\x81</a>", XMLPREP_CONTROL, "UTF-8" },
	{ "\n\n  <?xml version=\"1.0\"?><a/>", 0, "<?xml version=\"1.0\"?><a/>",
	    0, "UTF-8" },
	{ "\xef\xbb\xbf<a>\xc3\xa9</a>", 0, "<a>\xc3\xa9</a>", 0, "UTF-8" },
	{ "<?xml version=\"1.0\" encoding=\"utf-8\"?><a>Ukraine\x92s caf\xe9 "
	    "\xe2\x80\x99</a>", 0, "<?xml version=\"1.0\" encoding=\"utf-8\"?>"
	    "<a>Ukraine\xe2\x80\x99s caf\xc3\xa9 \xe2\x80\x99</a>",
	    XMLPREP_CP1252, "UTF-8" },
	{ "<?xml version='1.0' encoding='ISO-8859-1'?><a>\xe9\x93x\x94</a>", 0,
	    "<?xml version='1.0' encoding='ISO-8859-1'?>"
	    "<a>\xc3\xa9\xe2\x80\x9cx\xe2\x80\x9d</a>", 0, "windows-1252" },
	{ "<?xml version=\"1.0\" encoding=\"KOI8-R\"?><a>\xf0\xd2\xc9\xd7\xc5"
	    "\xd4</a>", 0, "<?xml version=\"1.0\" encoding=\"KOI8-R\"?><a>"
	    "\xd0\x9f\xd1\x80\xd0\xb8\xd0\xb2\xd0\xb5\xd1\x82</a>", 0,
	    "KOI8-R" },
	{ "\xff\xfe<\0a\0>\0\xe9\0<\0/\0a\0>\0", 18, "<a>\xc3\xa9</a>", 0,
	    "UTF-16LE" },
	{ "\xfe\xff\0<\0a\0>\x20\x19\0<\0/\0a\0>", 18, "<a>\xe2\x80\x99</a>",
	    0, "UTF-16BE" },
	{ "<\0a\0>\0\xe9\0<\0/\0a\0>\0", 16, "<a>\xc3\xa9</a>", 0,
	    "UTF-16LE" },
	/* glibc's iconv passes UTF-8 past U+10FFFF through (fuzzing). */
	{ "<?xml version='1.0' encoding='utf-8&'?><a>\xf4\xa0\xa0\xa0</a>", 0,
	    "<?xml version='1.0' encoding='utf-8&'?><a>\xef\xbf\xbd\xef\xbf"
	    "\xbd\xef\xbf\xbd\xef\xbf\xbd</a>", 0, "UTF-8&" },
	{ "<?xml version=\"1.0\" encoding=\"UTF-7\"?><a>+ADw-b+AD4-</a>", 0,
	    "<?xml version=\"1.0\" encoding=\"UTF-7\"?><a>+ADw-b+AD4-</a>",
	    XMLPREP_CHARSET, "UTF-8" },
	{ "<?xml version=\"1.0\" encoding=\"x-no-such-charset\"?><a/>", 0,
	    "<?xml version=\"1.0\" encoding=\"x-no-such-charset\"?><a/>",
	    XMLPREP_CHARSET, "UTF-8" },
	/* A document's own PIs in feedd's names are dropped; others kept. */
	{ "<?feedd-cut?><r><?feedd-cut?><i><?feedd-cdata x?>a</i><?o x?></r>",
	    0, "<r><i>a</i><?o x?></r>", 0, "UTF-8" },
};

static void
xmlprep__table__every_chunking(void **state)
{
	struct xmlprep	*xp;
	struct buf	 out;
	size_t		 i, len, chunk, off, n;

	for (i = 0; i < sizeof cases / sizeof cases[0]; i++) {
		len = cases[i].inlen ? cases[i].inlen : strlen(cases[i].in);
		for (chunk = 1; chunk <= len; chunk++) {
			xp = xmlprep_new();
			buf_init(&out, BUF_NOLIMIT);
			for (off = 0; off < len; off += n) {
				n = len - off < chunk ? len - off : chunk;
				xmlprep_push(xp, cases[i].in + off, n, &out);
			}
			xmlprep_finish(xp, &out);
			buf_addc(&out, '\0');
			if (strcmp(out.data, cases[i].out) != 0)
				fail_msg("case %zu, chunk %zu: \"%s\"", i, chunk,
				    out.data);
			if (xmlprep_repairs(xp) != cases[i].repairs)
				fail_msg("case %zu, chunk %zu: repairs %#x, "
				    "want %#x", i, chunk, xmlprep_repairs(xp),
				    cases[i].repairs);
			assert_string_equal(xmlprep_charset(xp),
			    cases[i].charset);
			buf_free(&out);
			xmlprep_free(xp);
		}
	}
}

/* A declaration that ends past the sniffed bytes is not read (fuzzing). */
static void
xmlprep__declaration_past_sniff__ignored(void **state)
{
	struct xmlprep	*xp;
	struct buf	 in, out;
	size_t		 chunk, off, n;

	buf_init(&in, BUF_NOLIMIT);
	buf_adds(&in, "<?xml version=\"1.0\"");
	for (n = 0; n < 1100; n++)
		buf_addc(&in, ' ');
	buf_adds(&in, "encoding=\"KOI8-R\"?><a>\xf0</a>");
	for (chunk = 1; chunk <= in.len; chunk += 97) {
		xp = xmlprep_new();
		buf_init(&out, BUF_NOLIMIT);
		for (off = 0; off < in.len; off += n) {
			n = in.len - off < chunk ? in.len - off : chunk;
			xmlprep_push(xp, in.data + off, n, &out);
		}
		xmlprep_finish(xp, &out);
		assert_string_equal(xmlprep_charset(xp), "UTF-8");
		assert_int_equal(xmlprep_repairs(xp), XMLPREP_CP1252);
		assert_memory_equal(out.data + out.len - 9, "<a>\xc3\xb0</a>", 9);
		buf_free(&out);
		xmlprep_free(xp);
	}
	buf_free(&in);
}

/*
 * UTF-8, well formed or not, is judged the same however it arrives: whole
 * (sixteen bytes at a time where SSE2 is there) or a byte at a time (one
 * character at a time, past the first kilobyte, which is sniffed whole).
 * Random mixes of characters of every length, the leads with a narrower
 * second byte, and what is never well formed.
 */
static void
xmlprep__random_utf8__same_whole_or_bytewise(void **state)
{
	static const char	*pieces[] = {
		"ab", "x", " ", "\xc3\xa9", "\xe6\x9d\xb1", "\xf0\x9f\x98\x80",
		"\xe0\xa0\x80", "\xe0\x80\x80", "\xed\x9f\xbf", "\xed\xa0\x80",
		"\xf4\x8f\xbf\xbf", "\xf4\x90\x80\x80", "\xc0\x80", "\xc1\xbf",
		"\xf5", "\xff", "\x80", "\xe6\x9d", "\xc3", "\xf0\x9f\x98",
	};
	struct xmlprep		*xp;
	struct buf		 in, whole, bytewise;
	size_t			 round, k, off;
	unsigned int		 seed = 7, repairs;

	buf_init(&in, BUF_NOLIMIT);
	buf_init(&whole, BUF_NOLIMIT);
	buf_init(&bytewise, BUF_NOLIMIT);
	for (round = 0; round < 300; round++) {
		buf_reset(&in);
		buf_adds(&in, "<a>");
		for (k = 0; k < 1100; k++)
			buf_addc(&in, 'p');
		for (k = 0; k < 200; k++) {
			seed = seed * 1103515245 + 12345;
			buf_adds(&in, pieces[(seed >> 16) %
			    (sizeof pieces / sizeof pieces[0])]);
		}
		buf_adds(&in, "</a>");
		buf_reset(&whole);
		xp = xmlprep_new();
		xmlprep_push(xp, in.data, in.len, &whole);
		xmlprep_finish(xp, &whole);
		repairs = xmlprep_repairs(xp);
		xmlprep_free(xp);
		buf_reset(&bytewise);
		xp = xmlprep_new();
		for (off = 0; off < in.len; off++)
			xmlprep_push(xp, in.data + off, 1, &bytewise);
		xmlprep_finish(xp, &bytewise);
		if (whole.len != bytewise.len ||
		    memcmp(whole.data, bytewise.data, whole.len) != 0 ||
		    xmlprep_repairs(xp) != repairs)
			fail_msg("round %zu: whole and byte by byte differ",
			    round);
		xmlprep_free(xp);
	}
	buf_free(&in);
	buf_free(&whole);
	buf_free(&bytewise);
}

/*
 * CDATA set aside: each section inside the root becomes a mark and a
 * piece, in order, however the document arrives; one before the root is
 * left to the parser.  pieces: each piece followed by '|'.
 */
static const struct {
	const char	*in, *out, *pieces;
	unsigned int	 repairs;
} aside_cases[] = {
	{ "<r><![CDATA[a<b]]]>x<i><![CDATA[]]></i></r>",
	    "<r><?feedd-cdata 1?>x<i><?feedd-cdata 2?></i></r>", "a<b]||", 0 },
	{ "<r><![CDATA[a\nb\r\n]]></r>", "<r><?feedd-cdata 1\n\n?></r>",
	    "a\nb\r\n|", 0 },
	{ "<r><![CDATA[a\x0c" "b\x01" "c&amp;]]></r>",
	    "<r><?feedd-cdata 1?></r>", "a bc&amp;|", XMLPREP_CONTROL },
	{ "<![CDATA[x]]><r/>", "<![CDATA[x]]><r/>", "", 0 },
	{ "<r><i><![CDATA[cut he",
	    "<r><i><?feedd-cdata 1?><?feedd-cut?></i></r>", "cut he|",
	    XMLPREP_TRUNCATED },
};

/* Run in through an xmlprep that sets CDATA aside, chunk bytes at a time. */
static void
aside_run(const char *in, size_t len, size_t chunk, struct buf *out,
    struct buf *pieces, unsigned int *repairs)
{
	struct xmlprep	*xp = xmlprep_new();
	size_t		 off, n, plen;
	unsigned long	 k;
	char		*p;

	xmlprep_set_aside(xp);
	for (off = 0; off < len; off += n) {
		n = len - off < chunk ? len - off : chunk;
		xmlprep_push(xp, in + off, n, out);
	}
	xmlprep_finish(xp, out);
	for (k = 1; (p = xmlprep_take_cdata(xp, k, &plen)) != NULL; k++) {
		buf_add(pieces, p, plen);
		buf_addc(pieces, '|');
		free(p);
	}
	*repairs = xmlprep_repairs(xp);
	xmlprep_free(xp);
}

static void
xmlprep__cdata_aside__marks_and_pieces_every_chunking(void **state)
{
	struct buf	 out, pieces;
	size_t		 i, len, chunk;
	unsigned int	 repairs;

	for (i = 0; i < sizeof aside_cases / sizeof aside_cases[0]; i++) {
		len = strlen(aside_cases[i].in);
		for (chunk = 1; chunk <= len; chunk++) {
			buf_init(&out, BUF_NOLIMIT);
			buf_init(&pieces, BUF_NOLIMIT);
			aside_run(aside_cases[i].in, len, chunk, &out, &pieces,
			    &repairs);
			buf_addc(&out, '\0');
			buf_addc(&pieces, '\0');
			if (strcmp(out.data, aside_cases[i].out) != 0 ||
			    strcmp(pieces.data, aside_cases[i].pieces) != 0)
				fail_msg("case %zu, chunk %zu: \"%s\", pieces "
				    "\"%s\"", i, chunk, out.data, pieces.data);
			assert_int_equal(repairs, aside_cases[i].repairs);
			buf_free(&out);
			buf_free(&pieces);
		}
	}
}

/* A long section comes out in pieces of at most 64 KB, nothing lost. */
static void
xmlprep__long_cdata_aside__pieces_of_64k(void **state)
{
	static const size_t	 chunks[] = { 1000, 65536, 300000 };
	struct buf		 in, out, pieces;
	size_t			 i, k, marks, off, n;
	unsigned int		 repairs;
	const char		*p, *bar;

	buf_init(&in, BUF_NOLIMIT);
	buf_adds(&in, "<r><![CDATA[");
	for (k = 0; k < 200000; k++)
		buf_addc(&in, "abcdefghij"[k % 10]);
	buf_adds(&in, "]]></r>");
	for (i = 0; i < sizeof chunks / sizeof chunks[0]; i++) {
		buf_init(&out, BUF_NOLIMIT);
		buf_init(&pieces, BUF_NOLIMIT);
		aside_run(in.data, in.len, chunks[i], &out, &pieces, &repairs);
		for (marks = 0, p = out.data; (p = memmem(p, out.data +
		    out.len - p, "<?feedd-cdata ", 14)) != NULL; p++)
			marks++;
		assert_int_equal(marks, 4);	/* 200,000 bytes: 4 pieces */
		assert_non_null(memmem(out.data, out.len,
		    "<?feedd-cdata 4?></r>", 21));
		/* The pieces, '|' after each, are the text in order. */
		for (k = 0, p = pieces.data, off = 0; k < 4; k++) {
			bar = memchr(p, '|', pieces.data + pieces.len - p);
			assert_non_null(bar);
			n = (size_t)(bar - p);
			assert_true(n > 0 && n <= 65536);
			assert_memory_equal(p, in.data + 12 + off, n);
			off += n;
			p += n + 1;
		}
		assert_int_equal(off, 200000);
		assert_int_equal(pieces.len, 200000 + 4);
		buf_free(&out);
		buf_free(&pieces);
	}
	buf_free(&in);
}

/* A piece is taken by its number; those before it are dropped. */
static void
xmlprep__take_cdata__by_number(void **state)
{
	static const char	 in[] = "<r><![CDATA[one]]><![CDATA[two]]>"
				    "<![CDATA[three]]></r>";
	struct xmlprep		*xp = xmlprep_new();
	struct buf		 out;
	size_t			 len;
	char			*p;

	buf_init(&out, BUF_NOLIMIT);
	xmlprep_set_aside(xp);
	xmlprep_push(xp, in, sizeof in - 1, &out);
	xmlprep_finish(xp, &out);
	p = xmlprep_take_cdata(xp, 2, &len);
	assert_string_equal(p, "two");
	free(p);
	assert_null(xmlprep_take_cdata(xp, 1, &len));
	assert_null(xmlprep_take_cdata(xp, 2, &len));
	p = xmlprep_take_cdata(xp, 3, &len);
	assert_string_equal(p, "three");
	assert_int_equal(len, 5);
	free(p);
	assert_null(xmlprep_take_cdata(xp, 4, &len));
	buf_free(&out);
	xmlprep_free(xp);
}

int
main(void)
{
	const struct CMUnitTest	tests[] = {
		cmocka_unit_test(xmlprep__table__every_chunking),
		cmocka_unit_test(xmlprep__declaration_past_sniff__ignored),
		cmocka_unit_test(xmlprep__random_utf8__same_whole_or_bytewise),
		cmocka_unit_test(
		    xmlprep__cdata_aside__marks_and_pieces_every_chunking),
		cmocka_unit_test(xmlprep__long_cdata_aside__pieces_of_64k),
		cmocka_unit_test(xmlprep__take_cdata__by_number),
	};

	return cmocka_run_group_tests(tests, NULL, NULL);
}
