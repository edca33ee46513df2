/* SPDX-License-Identifier: ISC */
#include <ctype.h>
#include <limits.h>
#include <stdint.h>
#include <stdlib.h>
#include <string.h>
#include <strings.h>

#include <libxml/HTMLparser.h>

#include "buf.h"
#include "html.h"
#include "utf8.h"
#include "xmalloc.h"

/*
 * libxml2's HTML parser is driven through SAX, and the text is laid out as
 * a browser lays it out: runs of white space become one space, a space is
 * kept wherever the source has one (between inline elements too: libxml2
 * would call some of those "ignorable", and gluing words together is the
 * defect this file exists to avoid), and no space is made where the source
 * has none.  Block boundaries end paragraphs.
 */

/* Where a paragraph is being built, and where it goes when it ends. */
struct para_builder {
	struct buf		 cur;
	int			 space;		/* a space is due before more text */
	int			 oneline;	/* blocks make spaces, not breaks */
	int			 pre;		/* inside <pre>: lines kept */
	int			 skip;		/* inside elements that give nothing */
	int			 depth;
	struct html_text	*out;
};

enum html_kind { KIND_INLINE, KIND_BLOCK, KIND_BREAK, KIND_CELL, KIND_SKIP };

/* windows-1252 for U+0080-U+009F, which come from mis-decoded text. */
static const uint16_t c1_as_cp1252[32] = {
	0x20ac, 0, 0x201a, 0x0192, 0x201e, 0x2026, 0x2020, 0x2021,
	0x02c6, 0x2030, 0x0160, 0x2039, 0x0152, 0, 0x017d, 0,
	0, 0x2018, 0x2019, 0x201c, 0x201d, 0x2022, 0x2013, 0x2014,
	0x02dc, 0x2122, 0x0161, 0x203a, 0x0153, 0, 0x017e, 0x0178
};

static int		html_elem_cmp(const void *, const void *);
static enum html_kind	html_kind(const char *);
static int		html_is_space(uint32_t);
static void		pb_init(struct para_builder *, struct html_text *,
			    int);
static void		pb_text(struct para_builder *, const char *, size_t);
static void		pb_break(struct para_builder *);
static void		pb_char(struct para_builder *, uint32_t);
static void		html_start_cb(void *, const xmlChar *,
			    const xmlChar **);
static void		html_end_cb(void *, const xmlChar *);
static void		html_chars_cb(void *, const xmlChar *, int);
static void		html_error_cb(void *, const char *, ...);
static void		html_parse(const char *, size_t, struct para_builder *);

/* How an element lays out its content; sorted by name for bsearch. */
static const struct html_elem {
	const char	*name;
	enum html_kind	 kind;
} html_elems[] = {
	{ "address", KIND_BLOCK }, { "applet", KIND_SKIP },
	{ "article", KIND_BLOCK }, { "aside", KIND_BLOCK },
	{ "audio", KIND_SKIP }, { "blockquote", KIND_BLOCK },
	{ "body", KIND_BLOCK }, { "br", KIND_BREAK }, { "button", KIND_SKIP },
	{ "canvas", KIND_SKIP }, { "caption", KIND_BLOCK },
	{ "center", KIND_BLOCK }, { "dd", KIND_BLOCK },
	{ "details", KIND_BLOCK }, { "dir", KIND_BLOCK }, { "div", KIND_BLOCK },
	{ "dl", KIND_BLOCK }, { "dt", KIND_BLOCK }, { "embed", KIND_SKIP },
	{ "fieldset", KIND_BLOCK }, { "figcaption", KIND_BLOCK },
	{ "figure", KIND_BLOCK }, { "footer", KIND_BLOCK },
	{ "form", KIND_SKIP }, { "frame", KIND_BLOCK },
	{ "frameset", KIND_SKIP }, { "h1", KIND_BLOCK }, { "h2", KIND_BLOCK },
	{ "h3", KIND_BLOCK }, { "h4", KIND_BLOCK }, { "h5", KIND_BLOCK },
	{ "h6", KIND_BLOCK }, { "head", KIND_SKIP }, { "header", KIND_BLOCK },
	{ "hgroup", KIND_BLOCK }, { "hr", KIND_BLOCK }, { "html", KIND_BLOCK },
	{ "iframe", KIND_SKIP }, { "img", KIND_SKIP }, { "input", KIND_SKIP },
	{ "legend", KIND_BLOCK }, { "li", KIND_BLOCK }, { "link", KIND_SKIP },
	{ "listing", KIND_BLOCK }, { "main", KIND_BLOCK },
	{ "map", KIND_SKIP }, { "math", KIND_SKIP }, { "menu", KIND_BLOCK },
	{ "meta", KIND_SKIP }, { "nav", KIND_SKIP },
	{ "noframes", KIND_BLOCK }, { "noscript", KIND_SKIP },
	{ "object", KIND_SKIP }, { "ol", KIND_BLOCK },
	{ "optgroup", KIND_BLOCK }, { "option", KIND_BLOCK },
	{ "p", KIND_BLOCK }, { "param", KIND_SKIP },
	{ "picture", KIND_SKIP }, { "plaintext", KIND_BLOCK },
	{ "pre", KIND_BLOCK }, { "script", KIND_SKIP },
	{ "section", KIND_BLOCK }, { "select", KIND_SKIP },
	{ "source", KIND_SKIP }, { "style", KIND_SKIP },
	{ "summary", KIND_BLOCK }, { "svg", KIND_SKIP },
	{ "table", KIND_BLOCK }, { "tbody", KIND_BLOCK }, { "td", KIND_CELL },
	{ "template", KIND_SKIP }, { "textarea", KIND_SKIP },
	{ "tfoot", KIND_BLOCK }, { "th", KIND_CELL }, { "thead", KIND_BLOCK },
	{ "title", KIND_SKIP }, { "tr", KIND_BLOCK }, { "track", KIND_SKIP },
	{ "ul", KIND_BLOCK }, { "video", KIND_SKIP }, { "xmp", KIND_BLOCK },
};

static int
html_elem_cmp(const void *key, const void *elem)
{
	return strcmp(key, ((const struct html_elem *)elem)->name);
}

/*
 * How an element lays out its content: blocks end paragraphs, cells are
 * spaced apart, the skipped give nothing, the rest are inline.
 */
static enum html_kind
html_kind(const char *name)
{
	const struct html_elem	*e;

	e = bsearch(name, html_elems, sizeof html_elems / sizeof html_elems[0],
	    sizeof html_elems[0], html_elem_cmp);
	return e != NULL ? e->kind : KIND_INLINE;
}

/* White space as a reader sees it: the ASCII kinds and the odd spaces. */
static int
html_is_space(uint32_t cp)
{
	return cp == ' ' || cp == '\t' || cp == '\n' || cp == '\r' ||
	    cp == '\f' || cp == '\v' || cp == 0xa0 || cp == 0x1680 ||
	    (cp >= 0x2000 && cp <= 0x200a) || cp == 0x2028 ||
	    cp == 0x2029 || cp == 0x202f || cp == 0x205f || cp == 0x3000 ||
	    cp == 0x85;
}

static void
pb_init(struct para_builder *pb, struct html_text *out, int oneline)
{
	memset(pb, 0, sizeof *pb);
	buf_init(&pb->cur, BUF_NOLIMIT);
	pb->out = out;
	pb->oneline = oneline;
}

/* End the paragraph being built, if it holds anything. */
static void
pb_break(struct para_builder *pb)
{
	if (pb->oneline) {
		pb->space = pb->cur.len > 0;
		return;
	}
	while (pb->cur.len > 0 && pb->cur.data[pb->cur.len - 1] == ' ')
		pb->cur.len--;
	if (pb->cur.len > 0) {
		pb->out->paras = xreallocarray(pb->out->paras, pb->out->n + 1,
		    sizeof *pb->out->paras);
		pb->out->paras[pb->out->n++] = xstrndup(pb->cur.data,
		    pb->cur.len);
	}
	buf_reset(&pb->cur);
	pb->space = 0;
}

/* Add one character of text. */
static void
pb_char(struct para_builder *pb, uint32_t cp)
{
	char	enc[4];

	if (cp >= 0x80 && cp < 0xa0 && cp != 0x85)
		cp = c1_as_cp1252[cp - 0x80];	/* 0: a C1 control, dropped */
	if (pb->pre && (cp == '\n' || cp == '\r')) {
		pb_break(pb);
		return;
	}
	if (pb->pre && (cp == ' ' || cp == '\t' || cp == 0xa0)) {
		buf_addc(&pb->cur, ' ');
		return;
	}
	if (html_is_space(cp)) {
		pb->space = pb->cur.len > 0;
		return;
	}
	if (cp == 0 || cp < 0x20 || cp == 0x7f || !utf8_is_xml_char(cp))
		return;
	if (pb->space) {
		buf_addc(&pb->cur, ' ');
		pb->space = 0;
	}
	buf_add(&pb->cur, enc, utf8_encode(cp, enc));
}

/* Add text, which is UTF-8 (a byte that is not shows as U+FFFD). */
static void
pb_text(struct para_builder *pb, const char *s, size_t len)
{
	const unsigned char	*u = (const unsigned char *)s;
	uint32_t		 cp;
	size_t			 i = 0, n, w;
	char			*o;

	while (i < len) {
		/*
		 * Printable ASCII and single spaces between words, the bulk of
		 * any text, are copied straight into the paragraph (which has
		 * room for all of s and a pending space).
		 */
		if ((o = buf_reserve(&pb->cur, len - i + 1)) == NULL)
			return;
		w = 0;
		while (i < len && !pb->pre) {
			if (u[i] > 0x20 && u[i] < 0x7f) {
				if (pb->space) {
					o[w++] = ' ';
					pb->space = 0;
				}
				o[w++] = s[i++];
			} else if (u[i] == ' ' || u[i] == '\n' || u[i] == '\t') {
				pb->space = pb->cur.len + w > 0;
				i++;
			} else
				break;
		}
		buf_commit(&pb->cur, w);
		if (i == len)
			break;
		if ((n = utf8_decode(s + i, len - i, &cp)) == 0) {
			cp = UTF8_REPLACEMENT;
			n = 1;
		}
		pb_char(pb, cp);
		i += n;
	}
}

static void
html_start_cb(void *ctx, const xmlChar *name, const xmlChar **attrs)
{
	struct para_builder	*pb = ctx;

	pb->depth++;
	if (pb->skip > 0) {
		pb->skip++;
		return;
	}
	switch (html_kind((const char *)name)) {
	case KIND_SKIP:
		pb->skip = 1;
		break;
	case KIND_BLOCK:
		pb_break(pb);
		if (strcmp((const char *)name, "pre") == 0 && !pb->oneline)
			pb->pre++;
		break;
	case KIND_BREAK:
		pb_break(pb);
		break;
	case KIND_CELL:
		pb->space = pb->cur.len > 0;
		break;
	case KIND_INLINE:
		break;
	}
}

static void
html_end_cb(void *ctx, const xmlChar *name)
{
	struct para_builder	*pb = ctx;

	pb->depth--;
	if (pb->skip > 0) {
		pb->skip--;
		return;
	}
	switch (html_kind((const char *)name)) {
	case KIND_BLOCK:
		if (strcmp((const char *)name, "pre") == 0 && pb->pre > 0)
			pb->pre--;
		pb_break(pb);
		break;
	case KIND_CELL:
		pb->space = pb->cur.len > 0;
		break;
	default:
		break;
	}
}

static void
html_chars_cb(void *ctx, const xmlChar *s, int len)
{
	struct para_builder	*pb = ctx;

	if (pb->skip == 0 && len > 0)
		pb_text(pb, (const char *)s, (size_t)len);
}

/* libxml2's complaints about HTML are of no use to anyone here. */
static void
html_error_cb(void *ctx, const char *msg, ...)
{
}

/* Parse html into the builder. */
static void
html_parse(const char *html, size_t len, struct para_builder *pb)
{
	htmlParserCtxtPtr	 ctxt;
	xmlDocPtr		 doc;
	struct buf		 fixed;
	const char		*p, *end = html + len, *amp;

	/* &apos; is XML and HTML5, not HTML 4: libxml2 would show it as is. */
	buf_init(&fixed, BUF_NOLIMIT);
	if (memmem(html, len, "&apos;", 6) != NULL) {
		for (p = html; (amp = memchr(p, '&', end - p)) != NULL;
		    p = amp + 1) {
			buf_add(&fixed, p, amp - p);
			if (end - amp >= 6 && strncmp(amp, "&apos;", 6) == 0) {
				buf_addc(&fixed, '\'');
				amp += 5;
			} else
				buf_addc(&fixed, '&');
		}
		buf_add(&fixed, p, end - p);
		html = fixed.data;
		len = fixed.len;
	}

	if ((ctxt = htmlNewParserCtxt()) == NULL)
		goto done;
	memset(ctxt->sax, 0, sizeof *ctxt->sax);
	ctxt->sax->startElement = html_start_cb;
	ctxt->sax->endElement = html_end_cb;
	ctxt->sax->characters = html_chars_cb;
	/*
	 * Never "ignorable": a space between two elements is a space.  (libxml2
	 * judges that from the tree, which SAX does not build, so it passes
	 * them all today; this keeps it so.)
	 */
	ctxt->sax->ignorableWhitespace = html_chars_cb;
	ctxt->sax->cdataBlock = html_chars_cb;
	ctxt->sax->error = html_error_cb;
	ctxt->sax->warning = html_error_cb;
	ctxt->userData = pb;
	/* UTF-8 whatever a <meta> inside says: the text came out of XML. */
	doc = htmlCtxtReadMemory(ctxt, html, len > INT_MAX ? INT_MAX : (int)len,
	    NULL, "UTF-8",
	    HTML_PARSE_RECOVER |
	    HTML_PARSE_NOERROR | HTML_PARSE_NOWARNING | HTML_PARSE_NONET |
	    HTML_PARSE_NOIMPLIED | HTML_PARSE_IGNORE_ENC);
	if (doc != NULL)
		xmlFreeDoc(doc);
	htmlFreeParserCtxt(ctxt);
done:
	buf_free(&fixed);
}

/* HTML to paragraphs, appended to out. */
void
html_to_paragraphs(const char *html, size_t len, struct html_text *out)
{
	struct para_builder	pb;

	pb_init(&pb, out, 0);
	html_parse(html, len, &pb);
	pb_break(&pb);
	buf_free(&pb.cur);
}

/* Plain text to paragraphs split at blank lines, appended to out. */
void
text_to_paragraphs(const char *text, size_t len, struct html_text *out)
{
	struct para_builder	 pb;
	const char		*p = text, *end = text + len, *nl, *q;

	pb_init(&pb, out, 0);
	for (; p < end; p = nl + 1) {
		if ((nl = memchr(p, '\n', end - p)) == NULL)
			nl = end;
		for (q = p; q < nl && isspace((unsigned char)*q); q++)
			;
		if (q == nl)
			pb_break(&pb);
		else {
			pb_text(&pb, p, nl - p);
			pb.space = pb.cur.len > 0;
		}
	}
	pb_break(&pb);
	buf_free(&pb.cur);
}

/* HTML to one line; the caller frees it. */
char *
html_to_line(const char *html, size_t len)
{
	struct para_builder	pb;

	pb_init(&pb, NULL, 1);
	html_parse(html, len, &pb);
	return buf_release(&pb.cur, NULL);
}

/* Plain text to one line; the caller frees it. */
char *
text_to_line(const char *text, size_t len)
{
	struct para_builder	pb;

	pb_init(&pb, NULL, 1);
	pb_text(&pb, text, len);
	return buf_release(&pb.cur, NULL);
}

/* Whether text holds a tag or an entity reference. */
int
html_has_markup(const char *s, size_t len)
{
	size_t	i, j;

	for (i = 0; i + 1 < len; i++) {
		if (s[i] == '<' && (isalpha((unsigned char)s[i + 1]) ||
		    s[i + 1] == '/' || s[i + 1] == '!'))
			return 1;
		if (s[i] != '&')
			continue;
		for (j = i + 1; j < len && j - i < 12 &&
		    (isalnum((unsigned char)s[j]) || s[j] == '#'); j++)
			;
		if (j < len && s[j] == ';' && j > i + 1)
			return 1;
	}
	return 0;
}

/* About how much text html holds: the bytes outside tags. */
size_t
html_text_estimate(const char *html, size_t len)
{
	const char	*p = html, *end = html + len, *lt, *gt;
	size_t		 n = 0;

	while (p < end && (lt = memchr(p, '<', end - p)) != NULL) {
		n += lt - p;
		if ((gt = memchr(lt, '>', end - lt)) == NULL)
			return n;
		p = gt + 1;
	}
	return n + (end - p);
}

/* Free the paragraphs. */
void
html_text_free(struct html_text *t)
{
	size_t	i;

	for (i = 0; i < t->n; i++)
		free(t->paras[i]);
	free(t->paras);
	t->paras = NULL;
	t->n = 0;
}
