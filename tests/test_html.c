/* SPDX-License-Identifier: ISC */
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <stdlib.h>
#include <string.h>

#include <cmocka.h>

#include "buf.h"
#include "html.h"

/*
 * HTML to paragraphs, against what a browser shows: the spacing traps of
 * inline tags at word edges, <br> runs, nested lists and entities next to
 * tags.  Paragraphs are joined with "|" in the expected strings.
 */

static const struct {
	const char	*html;
	const char	*want;
} para_cases[] = {
	{ "<p>Russia <a href=\"x\">is</a> working</p>", "Russia is working" },
	{ "<p>Russia<a href=\"x\">is</a> working</p>", "Russiais working" },
	{ "<p>Russia\n<a href=\"x\">is working</a></p>", "Russia is working" },
	{ "<p><b>bold</b> <i>italic</i></p>", "bold italic" },
	{ "<p>text<img src=\"t.gif\"> word</p>", "text word" },
	{ "<p>text <img src=\"t.gif\" width=\"1\" height=\"1\">word</p>",
	    "text word" },
	{ "<p>e<em>m</em>phasis and <strong>bold</strong>, too.</p>",
	    "emphasis and bold, too." },
	{ "<p>a<span> </span>b</p>", "a b" },
	{ "<p>a<img src=\"x\"> <b>b</b></p>", "a b" },
	{ "<p>a<input type=\"hidden\"> <b>b</b></p>", "a b" },
	{ "<div><span>a</span> <span>b</span></div>", "a b" },
	{ "<p><em>a</em> <strong>b</strong> <code>c</code></p>", "a b c" },
	{ "<p>a <!-- c --> b</p>", "a b" },
	{ "<p>one<br>two<br><br><br>three</p>", "one|two|three" },
	{ "<p>one<br/>two</p>", "one|two" },
	{ "<ul><li>a</li><li>b<ul><li>c</li><li>d</li></ul></li><li>e</li></ul>",
	    "a|b|c|d|e" },
	{ "<ol><li>One</li>\n<li>Two</li></ol>", "One|Two" },
	{ "<p>caf&eacute; &amp; bar&nbsp;&nbsp;baz</p>", "caf\xc3\xa9 & bar baz" },
	{ "<p>Ukraine&rsquo;s &#8220;q&#8221; &apos;x&apos; &#x2014;</p>",
	    "Ukraine\xe2\x80\x99s \xe2\x80\x9cq\xe2\x80\x9d 'x' \xe2\x80\x94" },
	{ "<p>1 &lt; 2 &gt; 0 &quot;q&quot;</p>", "1 < 2 > 0 \"q\"" },
	{ "<p><b>Tom</b>&amp;<i>Jerry</i></p>", "Tom&Jerry" },
	{ "<script>var x = 1;</script><p>t</p><style>p { x: y }</style>"
	    "<iframe src=\"a\">i</iframe><form><input value=\"v\">f</form>"
	    "<nav>menu</nav><noscript>ns</noscript>", "t" },
	{ "<table><tr><td>a</td><td>b</td></tr><tr><th>c</th><td>d</td></tr>"
	    "</table>", "a b|c d" },
	{ "<pre>line 1\n  line 2\n\nline 3</pre>", "line 1|  line 2|line 3" },
	{ "plain text, no markup", "plain text, no markup" },
	{ "<div>a<div>b</div>c</div>", "a|b|c" },
	{ "<h2>Title</h2><p>Body</p><blockquote>q</blockquote><figure>"
	    "<img src=\"x\"><figcaption>cap</figcaption></figure>",
	    "Title|Body|q|cap" },
	{ "<p>  lead and trail  </p>", "lead and trail" },
	{ "<p>x</p>\n\n<p>y</p>", "x|y" },
	{ "text<p>para</p>tail", "text|para|tail" },
	{ "<p>a&#150;b &#146;</p>", "a\xe2\x80\x93" "b \xe2\x80\x99" },
	{ "<p>\xc2\x92quoted\xc2\x92</p>", "\xe2\x80\x99quoted\xe2\x80\x99" },
	{ "<p>\xf0\x9f\x93\xb0 \xe6\x9d\xb1\xe4\xba\xac \xce\xa9</p>",
	    "\xf0\x9f\x93\xb0 \xe6\x9d\xb1\xe4\xba\xac \xce\xa9" },
	{ "<p>a\xe2\x80\x83" "b\xe2\x80\x8b" "c\xe3\x80\x80" "d</p>",
	    "a b\xe2\x80\x8b" "c d" },
	{ "<meta charset=\"iso-8859-1\"><p>caf\xc3\xa9</p>", "caf\xc3\xa9" },
	{ "<p>tab\there\x01\x7f</p>", "tab here" },
	{ "<p></p><p> </p><div>&nbsp;</div><p>only</p>", "only" },
	{ "<dl><dt>term</dt><dd>definition</dd></dl>", "term|definition" },
	{ "<p>un<b>closed <i>tags</p><p>next", "unclosed tags|next" },
	/* Inline markup never starts or ends a paragraph (issue 12). */
	{ "<a href=\"/x\">ssh</a> is one of the tools", "ssh is one of the tools" },
	{ "<b>Bold</b> lead, <i>then</i> more<p>next</p>", "Bold lead, then more|next" },
	/* Void elements, <embed> among them, hold nothing. */
	{ "<p>before <embed src=\"x.swf\"> after</p><p>last</p>",
	    "before after|last" },
	{ "<p>a<br>b</br>c</p>", "a|b|c" },
	/* "<!" that is no comment is a bogus comment, to the next '>'. */
	{ "<p>x <!> y <!x> z</p>", "x y z" },
	{ "<p>a<![CDATA[b]]>c</p>", "ac" },
	{ "<p>1 <? pi ?> 2</p>", "1 2" },
	/* Legacy references without ';', as browsers read them in text. */
	{ "<p>a&nbspb AT&ampT &copy2026 &notit; &foo; &amp</p>",
	    "a b AT&T \xc2\xa9" "2026 \xc2\xac" "it; &foo; &" },
	{ "<p>&NotNestedGreaterGreater; &CounterClockwiseContourIntegral;</p>",
	    "\xe2\xaa\xa2\xcc\xb8 \xe2\x88\xb3" },
	{ "<p>&#0;|&#x110000;|&#128;|&#x2014|&#xD800;|&#|&#x;</p>",
	    "\xef\xbf\xbd|\xef\xbf\xbd|\xe2\x82\xac|\xe2\x80\x94|"
	    "\xef\xbf\xbd|&#|&#x;" },
	/* Tags cut off, '>' inside a quoted attribute, raw text. */
	{ "<p>a <b", "a" },
	{ "<p><a title=\"x>y\" href='z>'>link</a> text</p>", "link text" },
	{ "<script>if (a</p>b) {}</script><p>t</p>", "t" },
	{ "<textarea>&lt;x</textarea>y", "y" },
	{ "<plaintext><b>x</b>", "<b>x</b>" },
	{ "<title>T</title><p>x</p>", "x" },
	/* Only a matching end tag closes; a stray one changes nothing. */
	{ "<p>a</div>b</span>c</p>", "abc" },
	{ "<p>a<b>b</i>c</b></p>", "abc" },
	{ "<div>a<span>b</div>c", "ab|c" },
	{ "a</p>b", "a|b" },
	{ "<p>one<p>two<div>three</div>four", "one|two|three|four" },
	/* Blocks that give nothing still end the paragraph. */
	{ "a<nav>menu</nav>b<form><input>f</form>c", "a|b|c" },
	/* <object>'s fallback is shown; <iframe>'s never is; SVG is not text. */
	{ "<p>see <object data=\"x.swf\">the video</object>.</p>",
	    "see the video." },
	{ "<p>a <iframe src=\"x\">hidden <b>x</b></iframe> b</p>", "a b" },
	{ "<p>a <svg><title>t</title><path/><style>s</style></svg> b</p>",
	    "a b" },
	{ "", "" },
};

static char *
joined(struct html_text *t)
{
	struct buf	b;
	size_t		i;

	buf_init(&b, BUF_NOLIMIT);
	buf_adds(&b, "");
	for (i = 0; i < t->n; i++) {
		if (i > 0)
			buf_addc(&b, '|');
		assert_true(strlen(t->paras[i]) > 0);
		buf_adds(&b, t->paras[i]);
	}
	return buf_release(&b, NULL);
}

static void
html_to_paragraphs__spacing_traps__as_a_browser_shows(void **state)
{
	struct html_text	 t = { 0 };
	char			*got;
	size_t			 i;

	for (i = 0; i < sizeof para_cases / sizeof para_cases[0]; i++) {
		html_to_paragraphs(para_cases[i].html,
		    strlen(para_cases[i].html), &t);
		got = joined(&t);
		if (strcmp(got, para_cases[i].want) != 0)
			fail_msg("case %zu: \"%s\", want \"%s\"", i, got,
			    para_cases[i].want);
		free(got);
		html_text_free(&t);
	}
}

static void
text_to_paragraphs__blank_lines__split(void **state)
{
	const char		*s = "Para one\nline two\n\n  \n\nPara   two\r\n"
				    "\n\tThree\n";
	struct html_text	 t = { 0 };
	char			*got;

	text_to_paragraphs(s, strlen(s), &t);
	got = joined(&t);
	assert_string_equal(got, "Para one line two|Para two|Three");
	free(got);
	html_text_free(&t);
}

static void
html_to_line__titles__one_line(void **state)
{
	static const struct {
		const char	*in, *want;
	} cases[] = {
		{ "<b>Tom</b> &amp; <i>Jerry</i><br>x", "Tom & Jerry x" },
		{ "  Multi\n  line\ttitle ", "Multi line title" },
		{ "<p>One</p><p>Two</p>", "One Two" },
		{ "AT&amp;T&nbsp;news", "AT&T news" },
		{ "<script>x</script>", "" },
		{ "<i>Gossip Girl</i>: Death", "Gossip Girl: Death" },
		{ "<em>A</em><strong>B</strong> C", "AB C" },
	};
	char	*got;
	size_t	 i;

	for (i = 0; i < sizeof cases / sizeof cases[0]; i++) {
		got = html_to_line(cases[i].in, strlen(cases[i].in));
		if (strcmp(got, cases[i].want) != 0)
			fail_msg("\"%s\" -> \"%s\"", cases[i].in, got);
		free(got);
	}
	got = text_to_line(" a <b> &amp;\n c ", 16);
	assert_string_equal(got, "a <b> &amp; c");
	free(got);
}

/*
 * Text in pieces of three kinds (a word, white space, a character that is
 * dropped), put together at random: the paragraph is the words with one
 * space wherever white space came between them, whatever was dropped.
 * Long runs reach the fast paths that test eight bytes at a time, with
 * every piece at every offset.
 */
static const struct {
	const char	*in, *out;	/* out NULL: white space; "": dropped */
} text_pieces[] = {
	{ "ab", "ab" }, { "x", "x" }, { "~!", "~!" },
	{ "caf\xc3\xa9", "caf\xc3\xa9" }, { "\xe6\x9d\xb1", "\xe6\x9d\xb1" },
	{ "\xc2\xa1", "\xc2\xa1" }, { "\xf0\x9f\x98\x80", "\xf0\x9f\x98\x80" },
	{ "\xed\x9f\xbf", "\xed\x9f\xbf" }, { "\xe0\xa0\x80", "\xe0\xa0\x80" },
	{ "\xf3\xa0\x80\x81", "\xf3\xa0\x80\x81" }, { "\xee\x80\x80", "\xee\x80\x80" },
	{ "\xd7\xa9", "\xd7\xa9" }, { "\xe2\x80\x94", "\xe2\x80\x94" },
	{ "\xc2\xbf", "\xc2\xbf" }, { "\xc2\xad", "\xc2\xad" },
	{ "\xe2\x80\x8b", "\xe2\x80\x8b" }, { "\xe2\x81\xa0", "\xe2\x81\xa0" },
	{ "\xe2\xbf\xbf", "\xe2\xbf\xbf" }, { "\xe2\x80\x99", "\xe2\x80\x99" },
	{ "\xe2\x80", "\xef\xbf\xbd\xef\xbf\xbd" },
	{ "\xc2", "\xef\xbf\xbd" },
	{ "\xe6\x9d", "\xef\xbf\xbd\xef\xbf\xbd" },	/* cut: two U+FFFD */
	{ "\xc2\x80", "\xe2\x82\xac" },	/* C1, read as windows-1252 */
	{ "\xff", "\xef\xbf\xbd" },	/* not UTF-8 */
	{ " ", NULL }, { "  ", NULL }, { "\t", NULL }, { "\n", NULL },
	{ "\xc2\xa0", NULL }, { "\xe2\x80\x83", NULL }, { "\xc2\x85", NULL },
	{ "\xe3\x80\x80", NULL }, { "\xe1\x9a\x80", NULL }, { "\xe2\x80\xa8", NULL },
	{ "\xe2\x80\x80", NULL }, { "\xe2\x80\x8a", NULL }, { "\xe2\x80\xa9", NULL },
	{ "\xe2\x80\xaf", NULL }, { "\xe2\x81\x9f", NULL }, { "\xc2\x9f", "\xc5\xb8" },
	{ "\x7f", "" }, { "\x01", "" }, { "\x1f", "" }, { "\xc2\x81", "" },
	{ "\xef\xbf\xbe", "" },	/* U+FFFE, not a character of XML */
};

static void
html_to_paragraphs__random_text__spaces_collapsed(void **state)
{
	struct html_text	 t = { 0 };
	struct buf		 in, want;
	size_t			 round, k, n, pick;
	int			 space;
	unsigned int		 seed = 1;
	char			*got;

	buf_init(&in, BUF_NOLIMIT);
	buf_init(&want, BUF_NOLIMIT);
	for (round = 0; round < 5000; round++) {
		buf_reset(&in);
		buf_reset(&want);
		space = 0;
		n = 1 + round % 40;
		for (k = 0; k < n; k++) {
			seed = seed * 1103515245 + 12345;
			pick = (seed >> 16) % (sizeof text_pieces /
			    sizeof text_pieces[0]);
			buf_adds(&in, text_pieces[pick].in);
			if (text_pieces[pick].out == NULL)
				space = want.len > 0;
			else if (text_pieces[pick].out[0] != '\0') {
				if (space)
					buf_addc(&want, ' ');
				space = 0;
				buf_adds(&want, text_pieces[pick].out);
			}
		}
		html_to_paragraphs(in.data, in.len, &t);
		got = joined(&t);
		if (strcmp(got, want.data != NULL ? want.data : "") != 0)
			fail_msg("round %zu: \"%s\", want \"%s\"", round, got,
			    want.data);
		free(got);
		html_text_free(&t);
	}
	buf_free(&in);
	buf_free(&want);
}

/*
 * The estimate with a cap is the estimate where it stays within the cap,
 * and past the cap (never past the estimate) where it does not.
 */
static void
html_text_estimate_upto__any_cap__bounded_or_exact(void **state)
{
	static const char	*pages[] = {
		"", "plain", "<p>one</p><p>two <b>three</b></p>", "a <b",
		"<p>caf\xc3\xa9 &amp; more text</p> trailing", "<<>>x<y>z",
	};
	size_t			 i, cap, len, full, got;

	for (i = 0; i < sizeof pages / sizeof pages[0]; i++) {
		len = strlen(pages[i]);
		full = html_text_estimate(pages[i], len);
		for (cap = 0; cap <= len + 1; cap++) {
			got = html_text_estimate_upto(pages[i], len, cap);
			if (got <= cap ? got != full : got > full)
				fail_msg("page %zu, cap %zu: %zu, estimate %zu",
				    i, cap, got, full);
		}
	}
}

static void
html_has_markup__table(void **state)
{
	assert_true(html_has_markup("<p>x", 4));
	assert_true(html_has_markup("a</b>", 5));
	assert_true(html_has_markup("a &amp; b", 9));
	assert_true(html_has_markup("&#8217;", 7));
	assert_false(html_has_markup("a < b", 5));
	assert_false(html_has_markup("AT&T", 4));
	assert_false(html_has_markup("plain\n\ntext", 11));
	/* Entity-shaped text is taken for HTML: "&D;" could be one. */
	assert_true(html_has_markup("R&D; more", 9));
	/* A legacy reference without its ';' that a browser would decode. */
	assert_true(html_has_markup("a&nbsp b", 8));
	assert_true(html_has_markup("&copy 2026", 10));
	assert_false(html_has_markup("Q&A", 3));
	assert_false(html_has_markup("&ampersand", 10));
}

int
main(void)
{
	const struct CMUnitTest	tests[] = {
		cmocka_unit_test(html_to_paragraphs__spacing_traps__as_a_browser_shows),
		cmocka_unit_test(text_to_paragraphs__blank_lines__split),
		cmocka_unit_test(html_to_line__titles__one_line),
		cmocka_unit_test(html_to_paragraphs__random_text__spaces_collapsed),
		cmocka_unit_test(html_text_estimate_upto__any_cap__bounded_or_exact),
		cmocka_unit_test(html_has_markup__table),
	};

	return cmocka_run_group_tests(tests, NULL, NULL);
}
