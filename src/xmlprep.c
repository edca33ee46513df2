/* SPDX-License-Identifier: ISC */
#include <ctype.h>
#include <errno.h>
#include <iconv.h>
#include <stdint.h>
#include <stdlib.h>
#include <string.h>
#include <strings.h>
#ifdef __SSE2__
#include <emmintrin.h>
#endif

#include <libxml/HTMLparser.h>

#include "buf.h"
#include "utf8.h"
#include "xmalloc.h"
#include "xmlprep.h"

/*
 * Two stages.  The first turns the document's bytes into UTF-8; the second
 * walks the UTF-8 as a small state machine over XML's lexical shapes (text,
 * tags, comments, CDATA, processing instructions, declarations) and mends
 * what libxml2 would refuse.  Each stage keeps the bytes it cannot decide
 * on yet (a split character, an entity cut by the end of a chunk) for the
 * next push.
 */

#define XMLPREP_SNIFF	1024	/* bytes looked at for a BOM or declaration */
#define XMLPREP_REFMAX	40	/* the longest entity reference looked for */
#define XMLPREP_NAMEMAX	128	/* element names compared up to this */
#define XMLPREP_DEPTHMAX 256	/* libxml2's own limit on nesting */
#define XMLPREP_ASIDEMAX 65536	/* a CDATA section set aside in pieces of
				   at most this many bytes */

enum xmlprep_mode { MODE_UTF8, MODE_CP1252, MODE_ICONV };

enum xmlprep_state {
	ST_PROLOG,	/* before the first "<": white space dropped */
	ST_TEXT,
	ST_TAG,
	ST_COMMENT,
	ST_CDATA,
	ST_PI,
	ST_DECL,	/* <!DOCTYPE ...>: dropped */
	ST_TRAILER	/* after the root element: dropped */
};

struct xmlprep {
	int			 sniffed;
	struct buf		 raw;		/* stage 1's held bytes */
	enum xmlprep_mode	 mode;
	iconv_t			 cd;
	char			 charset[48];

	struct buf		 text;		/* stage 2's held bytes */
	enum xmlprep_state	 state;
	char			 quote;		/* in a tag: the open quote */
	int			 endtag;	/* the tag is an end tag */
	char			 last;		/* in a tag: last non-space */
	int			 depth;		/* open elements */
	char			 name[XMLPREP_NAMEMAX];	/* the tag's name */
	size_t			 namelen;
	int			 inname;
	/* The names of the open elements, to mend their nesting. */
	char			 open[XMLPREP_DEPTHMAX][XMLPREP_NAMEMAX];
	int			 bracket;	/* in a DOCTYPE: [ ] depth */
	struct buf		 tag;		/* a start tag, held to mend */
	int			 trail;		/* after the root: in a comment
						   (1) or a PI (2) */
	int			 droppi;	/* in a PI of feedd's name */
	unsigned int		 repairs;

	/* CDATA set aside (xmlprep_set_aside): the section being read,
	   then the pieces not yet taken, oldest at [head]. */
	int			 aside;
	int			 in_aside;
	struct buf		 cdata;
	struct buf		 sink;		/* what is dropped */
	struct xmlprep_piece {
		struct buf	 text;
		unsigned long	 seq;
	}			*pieces;
	size_t			 npieces, head, piecesmax;
	unsigned long		 seq;		/* the last piece's number */
};

/* windows-1252's 0x80-0x9F; the five holes map as WHATWG says (C1). */
static const uint16_t cp1252_high[32] = {
	0x20ac, 0x0081, 0x201a, 0x0192, 0x201e, 0x2026, 0x2020, 0x2021,
	0x02c6, 0x2030, 0x0160, 0x2039, 0x0152, 0x008d, 0x017d, 0x008f,
	0x0090, 0x2018, 0x2019, 0x201c, 0x201d, 0x2022, 0x2013, 0x2014,
	0x02dc, 0x2122, 0x0161, 0x203a, 0x0153, 0x009d, 0x017e, 0x0178
};

/* What may begin a character XML forbids: a C0 control; 0xEF leads U+FFFE. */
#define XMLPREP_FORBIDDEN \
	[0x00] = 1, [0x01] = 1, [0x02] = 1, [0x03] = 1, [0x04] = 1, \
	[0x05] = 1, [0x06] = 1, [0x07] = 1, [0x08] = 1, [0x0b] = 1, \
	[0x0c] = 1, [0x0e] = 1, [0x0f] = 1, [0x10] = 1, [0x11] = 1, \
	[0x12] = 1, [0x13] = 1, [0x14] = 1, [0x15] = 1, [0x16] = 1, \
	[0x17] = 1, [0x18] = 1, [0x19] = 1, [0x1a] = 1, [0x1b] = 1, \
	[0x1c] = 1, [0x1d] = 1, [0x1e] = 1, [0x1f] = 1, [0xef] = 1

/*
 * In a tag, what is neither white space nor a tag's own punctuation; in a
 * quoted value, what is not its quote, a reference or a '<'.
 */
static const unsigned char xmlprep_stop_tag[256] = {
	XMLPREP_FORBIDDEN, ['\t'] = 1, ['\n'] = 1, ['\r'] = 1, [' '] = 1,
	['>'] = 1, ['/'] = 1, ['"'] = 1, ['\''] = 1, ['<'] = 1, ['&'] = 1
};
static const unsigned char xmlprep_stop_quoted[256] = {
	XMLPREP_FORBIDDEN, ['"'] = 1, ['\''] = 1, ['<'] = 1, ['&'] = 1
};

/* The bytes that end a run that passes as it is, in each state. */
static const unsigned char xmlprep_stop[256] = {
	XMLPREP_FORBIDDEN, ['<'] = 1, ['&'] = 1, [']'] = 1
};
static const unsigned char xmlprep_stop_comment[256] = {
	XMLPREP_FORBIDDEN, ['-'] = 1
};
static const unsigned char xmlprep_stop_cdata[256] = {
	XMLPREP_FORBIDDEN, [']'] = 1
};
static const unsigned char xmlprep_stop_pi[256] = {
	XMLPREP_FORBIDDEN, ['?'] = 1
};

static void	xmlprep_sniff(struct xmlprep *, int);
static void	xmlprep_declared(const char *, size_t, char *, size_t);
static void	xmlprep_choose(struct xmlprep *, const char *);
static size_t	xmlprep_decode(struct xmlprep *, const char *, size_t, int,
		    struct buf *);
static void	xmlprep_cp1252(unsigned char, struct buf *);
static size_t	xmlprep_decode_cp1252(struct xmlprep *, const char *, size_t,
		    int, struct buf *);
static void	xmlprep_add_utf8(const char *, size_t, struct buf *);
static size_t	xmlprep_span(const unsigned char *, size_t, size_t,
		    const unsigned char *, unsigned char);
static size_t	xmlprep_utf8_len(const unsigned char *, size_t);
static size_t	xmlprep_utf8_span(const unsigned char *, size_t, size_t);
#ifdef __SSE2__
static size_t	xmlprep_utf8_block(const unsigned char *);
#endif
static size_t	xmlprep_lex(struct xmlprep *, const char *, size_t, int,
		    struct buf *);
static size_t	xmlprep_ref(struct xmlprep *, const char *, size_t, int,
		    struct buf *);
static int	xmlprep_namestart(const char *, size_t);
static void	xmlprep_iconv_flush(struct xmlprep *, struct buf *);
static void	xmlprep_tag_named(struct xmlprep *);
static void	xmlprep_tag_run(struct xmlprep *, const char *, size_t);
static void	xmlprep_tag_end(struct xmlprep *, struct buf *);
static void	xmlprep_tag_flush(struct xmlprep *, struct buf *);
static size_t	xmlprep_trailer(struct xmlprep *, const char *, size_t, int);
static void	xmlprep_cut(struct xmlprep *, struct buf *);
static void	xmlprep_close(struct buf *, const char *);

/* A new converter, before the first byte. */
struct xmlprep *
xmlprep_new(void)
{
	struct xmlprep	*xp;

	xp = xcalloc(1, sizeof *xp);
	buf_init(&xp->raw, BUF_NOLIMIT);
	buf_init(&xp->text, BUF_NOLIMIT);
	buf_init(&xp->tag, BUF_NOLIMIT);
	buf_init(&xp->cdata, BUF_NOLIMIT);
	buf_init(&xp->sink, BUF_NOLIMIT);
	xp->cd = (iconv_t)-1;
	xp->state = ST_PROLOG;
	return xp;
}

void
xmlprep_free(struct xmlprep *xp)
{
	if (xp == NULL)
		return;
	if (xp->cd != (iconv_t)-1)
		iconv_close(xp->cd);
	buf_free(&xp->raw);
	buf_free(&xp->text);
	buf_free(&xp->tag);
	buf_free(&xp->cdata);
	buf_free(&xp->sink);
	for (; xp->head < xp->npieces; xp->head++)
		buf_free(&xp->pieces[xp->head].text);
	free(xp->pieces);
	free(xp);
}

void
xmlprep_set_aside(struct xmlprep *xp)
{
	xp->aside = 1;
}

char *
xmlprep_take_cdata(struct xmlprep *xp, unsigned long seq, size_t *len)
{
	char	*s = NULL;

	/* Pieces before seq were passed by (a parser that skipped them). */
	for (; xp->head < xp->npieces && xp->pieces[xp->head].seq <= seq;
	    xp->head++) {
		if (xp->pieces[xp->head].seq == seq)
			s = buf_release(&xp->pieces[xp->head].text, len);
		else
			buf_free(&xp->pieces[xp->head].text);
	}
	if (xp->head == xp->npieces)
		xp->head = xp->npieces = 0;
	return s;
}

/*
 * The CDATA read so far becomes a piece, marked in out where it was; the
 * mark holds the piece's line ends, so that the parser's line numbers stay
 * the document's.
 */
static void
xmlprep_aside_piece(struct xmlprep *xp, struct buf *out)
{
	const char	*nl, *end;

	if (xp->npieces == xp->piecesmax) {
		xp->piecesmax = xp->piecesmax == 0 ? 8 : xp->piecesmax * 2;
		xp->pieces = xreallocarray(xp->pieces, xp->piecesmax,
		    sizeof *xp->pieces);
	}
	buf_printf(out, "<?" XMLPREP_CDATA_PI " %lu", ++xp->seq);
	if ((nl = xp->cdata.data) != NULL) {
		end = nl + xp->cdata.len;
		for (; nl < end && (nl = memchr(nl, '\n', end - nl)) != NULL;
		    nl++)
			buf_addc(out, '\n');
	}
	buf_adds(out, "?>");
	xp->pieces[xp->npieces].text = xp->cdata;
	xp->pieces[xp->npieces++].seq = xp->seq;
	buf_init(&xp->cdata, BUF_NOLIMIT);
}

const char *
xmlprep_charset(const struct xmlprep *xp)
{
	return xp->sniffed ? xp->charset : "unknown";
}

unsigned int
xmlprep_repairs(const struct xmlprep *xp)
{
	return xp->repairs;
}

/* The encoding named by an XML declaration at the start of s, or "". */
static void
xmlprep_declared(const char *s, size_t len, char *out, size_t outlen)
{
	const char	*end, *p, *q;
	char		 quote;
	size_t		 i;

	out[0] = '\0';
	while (len > 0 && isspace((unsigned char)*s)) {
		s++;
		len--;
	}
	if (len < 5 || strncmp(s, "<?xml", 5) != 0)
		return;
	if ((end = memchr(s, '>', len)) == NULL)
		return;
	for (p = s; p + 8 < end; p++) {
		if (strncmp(p, "encoding", 8) != 0)
			continue;
		p += 8;
		while (p < end && (isspace((unsigned char)*p) || *p == '='))
			p++;
		if (p >= end || (*p != '"' && *p != '\''))
			return;
		quote = *p++;
		if ((q = memchr(p, quote, end - p)) == NULL)
			return;
		for (i = 0; p < q && i + 1 < outlen; p++, i++)
			out[i] = *p;
		out[i] = '\0';
		return;
	}
}

/* Choose how to decode a document declared as charset. */
static void
xmlprep_choose(struct xmlprep *xp, const char *charset)
{
	static const char	*utf8[] = {
		"utf-8", "utf8", "us-ascii", "ascii", "ansi_x3.4-1968"
	};
	static const char	*cp1252[] = {
		"iso-8859-1", "iso8859-1", "iso_8859-1", "latin1", "latin-1",
		"l1", "windows-1252", "cp1252", "x-cp1252", "ibm819"
	};
	size_t			 i;

	for (i = 0; i < sizeof utf8 / sizeof utf8[0]; i++) {
		if (strcasecmp(charset, utf8[i]) == 0) {
			strcpy(xp->charset, "UTF-8");
			xp->mode = MODE_UTF8;
			return;
		}
	}
	/* Browsers read ISO-8859-1 as windows-1252, and so do feeds' authors. */
	for (i = 0; i < sizeof cp1252 / sizeof cp1252[0]; i++) {
		if (strcasecmp(charset, cp1252[i]) == 0) {
			strcpy(xp->charset, "windows-1252");
			xp->mode = MODE_CP1252;
			return;
		}
	}
	/*
	 * UTF-7 hides markup from every check that reads bytes (the way of
	 * many an XSS); WHATWG's encoding standard does not have it either.
	 */
	/*
	 * The WHATWG Encoding Standard reads GB2312 and GBK as GB18030 (a
	 * superset: 0xA1A4 is U+00B7 there, U+30FB in iconv's GB2312), as
	 * browsers do.
	 */
	if (strcasecmp(charset, "gb2312") == 0 || strcasecmp(charset, "gbk") == 0 ||
	    strcasecmp(charset, "x-gbk") == 0 || strcasecmp(charset, "gb_2312-80") == 0 ||
	    strcasecmp(charset, "chinese") == 0 || strcasecmp(charset, "csgb2312") == 0)
		charset = "GB18030";
	if (strncasecmp(charset, "utf-7", 5) == 0 ||
	    strncasecmp(charset, "utf7", 4) == 0 ||
	    (xp->cd = iconv_open("UTF-8", charset)) == (iconv_t)-1) {
		xp->repairs |= XMLPREP_CHARSET;
		strcpy(xp->charset, "UTF-8");
		xp->mode = MODE_UTF8;
		return;
	}
	for (i = 0; charset[i] != '\0' && i + 1 < sizeof xp->charset; i++)
		xp->charset[i] = toupper((unsigned char)charset[i]);
	xp->charset[i] = '\0';
	xp->mode = MODE_ICONV;
}

/* Decide the charset from the held bytes: a BOM, else the declaration. */
static void
xmlprep_sniff(struct xmlprep *xp, int final)
{
	const unsigned char	*s = (const unsigned char *)xp->raw.data;
	size_t			 len = xp->raw.len, skip = 0;
	char			 declared[40];

	if (len < XMLPREP_SNIFF && !final)
		return;
	xp->sniffed = 1;
	if (len >= 3 && s[0] == 0xef && s[1] == 0xbb && s[2] == 0xbf) {
		skip = 3;
		xmlprep_choose(xp, "UTF-8");
	} else if (len >= 2 && s[0] == 0xfe && s[1] == 0xff) {
		skip = 2;
		xmlprep_choose(xp, "UTF-16BE");
	} else if (len >= 2 && s[0] == 0xff && s[1] == 0xfe) {
		skip = 2;
		xmlprep_choose(xp, "UTF-16LE");
	} else if (len >= 4 && s[0] == 0 && s[1] == '<' && s[2] == 0)
		xmlprep_choose(xp, "UTF-16BE");
	else if (len >= 4 && s[0] == '<' && s[1] == 0 && s[3] == 0)
		xmlprep_choose(xp, "UTF-16LE");
	else {
		/* Only the first bytes, so the answer is the same however the
		 * document arrives. */
		xmlprep_declared(xp->raw.data, len < XMLPREP_SNIFF ? len :
		    XMLPREP_SNIFF, declared, sizeof declared);
		xmlprep_choose(xp, declared[0] != '\0' ? declared : "UTF-8");
	}
	if (skip > 0) {
		memmove(xp->raw.data, xp->raw.data + skip, len - skip);
		xp->raw.len -= skip;
	}
}

/*
 * Append iconv's output, which is UTF-8 but not always strictly so (glibc
 * lets values past U+10FFFF through): what is not shows as U+FFFD.
 */
static void
xmlprep_add_utf8(const char *s, size_t len, struct buf *out)
{
	uint32_t	cp;
	size_t		i = 0, run, n;

	while (i < len) {
		for (run = i; run < len; run += n) {
			if ((unsigned char)s[run] < 0x80)
				n = 1;
			else if ((n = utf8_decode(s + run, len - run, &cp)) == 0)
				break;
		}
		buf_add(out, s + i, run - i);
		if ((i = run) < len) {
			buf_add(out, "\xef\xbf\xbd", 3);
			i++;
		}
	}
}

/* Append the UTF-8 of one windows-1252 byte. */
static void
xmlprep_cp1252(unsigned char c, struct buf *out)
{
	char		enc[4];
	uint32_t	cp = c;

	if (c >= 0x80 && c < 0xa0)
		cp = cp1252_high[c - 0x80];
	buf_add(out, enc, utf8_encode(cp, enc));
}

/*
 * windows-1252 (and ISO-8859-1, read as it) to UTF-8; but UTF-8 in such a
 * document (a CMS that writes UTF-8 under an old header): a well-formed
 * sequence of two bytes or more is read as UTF-8, as feedparser does, for
 * "cr\xc3\xa9ole" is much likelier than "cr\xc3\x83\xc2\xa9ole".  Returns the
 * bytes used; a sequence cut by the end of the chunk waits.
 */
static size_t
xmlprep_decode_cp1252(struct xmlprep *xp, const char *s, size_t len,
    int final, struct buf *out)
{
	const unsigned char	*u = (const unsigned char *)s;
	size_t			 i, n;
	uint32_t		 cp;

	for (i = 0; i < len; i++) {
		if (u[i] < 0x80) {
			buf_addc(out, s[i]);
			continue;
		}
		if (u[i] >= 0xc2 && u[i] <= 0xf4 && (n = utf8_decode(s + i,
		    len - i, &cp)) > 1) {
			xp->repairs |= XMLPREP_UTF8;
			buf_add(out, s + i, n);
			i += n - 1;
			continue;
		}
		if (!final && u[i] >= 0xc2 && u[i] <= 0xf4 && len - i < 4) {
			for (n = i + 1; n < len && (u[n] & 0xc0) == 0x80; n++)
				;
			if (n == len)
				return i;
		}
		xmlprep_cp1252(u[i], out);
	}
	return len;
}

/*
 * Stage 1: decode s to UTF-8, appended to out.  Returns how many bytes
 * were used; the rest (a character split by the end) waits for more.
 */
static size_t
xmlprep_decode(struct xmlprep *xp, const char *s, size_t len, int final,
    struct buf *out)
{
	const unsigned char	*u = (const unsigned char *)s;
	char			*in, *o, chunk[4096];
	size_t			 i = 0, run, n, inleft, outleft;

	switch (xp->mode) {
	case MODE_UTF8:
		while (i < len) {
			/* Well-formed UTF-8, the usual case, goes in whole. */
			run = xmlprep_utf8_span(u, i, len);
			buf_add(out, s + i, run - i);
			i = run;
			if (i == len)
				break;
			/* A character cut by the end of this chunk? */
			if (!final && len - i < 4 && u[i] >= 0xc2 &&
			    u[i] <= 0xf4) {
				for (n = i + 1; n < len &&
				    (u[n] & 0xc0) == 0x80; n++)
					;
				if (n == len)
					break;
			}
			/* A claim of UTF-8 with windows-1252 in it. */
			xp->repairs |= XMLPREP_CP1252;
			xmlprep_cp1252(u[i++], out);
		}
		return i;
	case MODE_CP1252:
		return xmlprep_decode_cp1252(xp, s, len, final, out);
	case MODE_ICONV:
		in = (char *)s;
		inleft = len;
		while (inleft > 0) {
			o = chunk;
			outleft = sizeof chunk;
			n = iconv(xp->cd, &in, &inleft, &o, &outleft);
			xmlprep_add_utf8(chunk, o - chunk, out);
			if (n != (size_t)-1 || errno == E2BIG)
				continue;
			if (errno == EINVAL && !final)
				break;	/* a character cut by the end */
			/* A byte the charset does not have: U+FFFD. */
			xp->repairs |= XMLPREP_BADCHAR;
			buf_add(out, "\xef\xbf\xbd", 3);
			in++;
			inleft--;
		}
		return len - inleft;
	}
	return len;
}

/*
 * Where the run from u[i] that has no byte of stop ends.  Where SSE2 is
 * there, sixteen bytes at a time are looked at for a control, 0xEF or the
 * state's markup character (mark), the only bytes a table of stops holds
 * beside '<' and '&' (text's own, looked for too); a block with one of them
 * is left to the table.  Text is most of a document.
 */
static size_t
xmlprep_span(const unsigned char *u, size_t i, size_t len,
    const unsigned char *stop, unsigned char mark)
{
#ifdef __SSE2__
	const __m128i	bias = _mm_set1_epi8((char)0x80);
	const __m128i	ctl = _mm_set1_epi8((char)(0x20 ^ 0x80));
	const __m128i	ef = _mm_set1_epi8((char)0xef);
	const __m128i	m = _mm_set1_epi8((char)mark);
	const __m128i	lt = _mm_set1_epi8(stop['<'] ? '<' : (char)mark);
	const __m128i	amp = _mm_set1_epi8(stop['&'] ? '&' : (char)mark);
	__m128i		v, hit;
	size_t		end;

	for (;;) {
		for (; i + 16 <= len; i += 16) {
			v = _mm_loadu_si128((const __m128i *)(u + i));
			/* Below 0x20 unsigned: below 0xa0, 0x80 flipped. */
			hit = _mm_cmplt_epi8(_mm_xor_si128(v, bias), ctl);
			hit = _mm_or_si128(hit, _mm_cmpeq_epi8(v, ef));
			hit = _mm_or_si128(hit, _mm_cmpeq_epi8(v, m));
			hit = _mm_or_si128(hit, _mm_cmpeq_epi8(v, lt));
			hit = _mm_or_si128(hit, _mm_cmpeq_epi8(v, amp));
			if (_mm_movemask_epi8(hit) != 0)
				break;
		}
		/* The block with a candidate (a newline, often), by table. */
		end = i + 16 <= len ? i + 16 : len;
		while (i < end && !stop[u[i]])
			i++;
		if (i < end || i == len)
			return i;
	}
#else
	(void)mark;
	while (i < len && !stop[u[i]])
		i++;
	return i;
#endif
}

/*
 * The length of the well-formed UTF-8 character at u (n bytes there), or
 * 0: utf8_decode's rule (no overlong form, no surrogate, nothing past
 * U+10FFFF) without making the code point, for it is asked of every
 * character of a document.
 */
static size_t
xmlprep_utf8_len(const unsigned char *u, size_t n)
{
	if (u[0] < 0x80)
		return 1;
	if (u[0] >= 0xc2 && u[0] <= 0xdf)
		return n >= 2 && (u[1] & 0xc0) == 0x80 ? 2 : 0;
	if (u[0] >= 0xe0 && u[0] <= 0xef) {
		if (n < 3 || (u[1] & 0xc0) != 0x80 || (u[2] & 0xc0) != 0x80 ||
		    (u[0] == 0xe0 && u[1] < 0xa0) ||
		    (u[0] == 0xed && u[1] >= 0xa0))
			return 0;
		return 3;
	}
	if (u[0] >= 0xf0 && u[0] <= 0xf4) {
		if (n < 4 || (u[1] & 0xc0) != 0x80 || (u[2] & 0xc0) != 0x80 ||
		    (u[3] & 0xc0) != 0x80 || (u[0] == 0xf0 && u[1] < 0x90) ||
		    (u[0] == 0xf4 && u[1] >= 0x90))
			return 0;
		return 4;
	}
	return 0;
}

#ifdef __SSE2__
/*
 * How many of the sixteen bytes at u are surely well-formed UTF-8, u being
 * at a character's start; 0 when the block is left to xmlprep_utf8_len.
 * The bytes' kinds are bit masks: each lead of two bytes or more (C2-F4)
 * wants a continuation byte (80-BF) after it, each of three or more a
 * second, each of four a third, and the block is well formed when the
 * continuations wanted are exactly those there.  The leads with a narrower
 * second byte (E0, ED, F0, F4) and those never well formed (C0, C1, F5-FF)
 * are left to the byte by byte check.
 */
static size_t
xmlprep_utf8_block(const unsigned char *u)
{
	const __m128i	v = _mm_loadu_si128((const __m128i *)u);
	const __m128i	zero = _mm_setzero_si128();
	const __m128i	high = _mm_cmplt_epi8(v, zero);	/* 80-FF */
	unsigned int	cont, lead2, lead3, lead4, odd, want;

	/* Signed, 80-BF is below C0 (-64), C0-FF at or above it. */
	cont = _mm_movemask_epi8(_mm_and_si128(high,
	    _mm_cmplt_epi8(v, _mm_set1_epi8((char)0xc0))));
	lead2 = _mm_movemask_epi8(_mm_and_si128(high,
	    _mm_cmpgt_epi8(v, _mm_set1_epi8((char)0xbf))));
	lead3 = _mm_movemask_epi8(_mm_and_si128(high,
	    _mm_cmpgt_epi8(v, _mm_set1_epi8((char)0xdf))));
	lead4 = _mm_movemask_epi8(_mm_and_si128(high,
	    _mm_cmpgt_epi8(v, _mm_set1_epi8((char)0xef))));
	odd = _mm_movemask_epi8(_mm_or_si128(_mm_or_si128(
	    _mm_or_si128(_mm_cmpeq_epi8(v, _mm_set1_epi8((char)0xc0)),
	    _mm_cmpeq_epi8(v, _mm_set1_epi8((char)0xc1))),
	    _mm_or_si128(_mm_cmpeq_epi8(v, _mm_set1_epi8((char)0xe0)),
	    _mm_cmpeq_epi8(v, _mm_set1_epi8((char)0xed)))),
	    _mm_or_si128(_mm_or_si128(
	    _mm_cmpeq_epi8(v, _mm_set1_epi8((char)0xf0)),
	    _mm_cmpeq_epi8(v, _mm_set1_epi8((char)0xf4))),
	    _mm_and_si128(high, _mm_cmpgt_epi8(v, _mm_set1_epi8((char)0xf4))))));
	if (odd != 0)
		return 0;
	want = (lead2 << 1) | (lead3 << 2) | (lead4 << 3);
	if ((want & 0xffff) != cont)
		return 0;
	if (want >> 16 == 0)
		return 16;
	/* The last character goes on past the block: up to its lead. */
	return 31 - __builtin_clz(lead2);
}
#endif

/*
 * Where the well-formed UTF-8 from u[i] ends: sixteen bytes at a time where
 * SSE2 is there, a block it leaves (and the last bytes) a character at a
 * time.
 */
static size_t
xmlprep_utf8_span(const unsigned char *u, size_t i, size_t len)
{
	size_t	n, end = len;

	while (i < len) {
#ifdef __SSE2__
		for (; i + 16 <= len; i += n) {
			if (_mm_movemask_epi8(_mm_loadu_si128(
			    (const __m128i *)(u + i))) == 0)
				n = 16;
			else if ((n = xmlprep_utf8_block(u + i)) == 0)
				break;
		}
		end = i + 16 <= len ? i + 16 : len;
#endif
		while (i < end) {
			if ((n = xmlprep_utf8_len(u + i, len - i)) == 0)
				return i;
			i += n;
		}
	}
	return i;
}

/*
 * A run of bytes in a tag that are neither white space nor its punctuation:
 * a start tag keeps them; a name not yet ended grows by them.
 */
static void
xmlprep_tag_run(struct xmlprep *xp, const char *s, size_t n)
{
	size_t	k;

	if (!xp->endtag || xp->quote != 0)
		buf_add(&xp->tag, s, n);
	if (xp->quote != 0)
		return;
	if (xp->inname) {
		for (k = 0; k < n && xp->namelen + 1 < sizeof xp->name; k++)
			xp->name[xp->namelen++] = s[k];
	} else
		xp->last = s[n - 1];
}

/* Whether s starts an XML name (or, leniently, any non-ASCII character). */
static int
xmlprep_namestart(const char *s, size_t len)
{
	unsigned char	c = (unsigned char)s[0];

	return len > 0 && (isalpha(c) || c == '_' || c == ':' || c >= 0x80);
}

/*
 * An entity or character reference at s[0] == '&', in text or in an
 * attribute value.  Returns the bytes used, or 0 when more are needed.
 */
static size_t
xmlprep_ref(struct xmlprep *xp, const char *s, size_t len, int final,
    struct buf *out)
{
	const htmlEntityDesc	*ent;
	char			 name[XMLPREP_REFMAX + 1], enc[4];
	size_t			 i, n;
	unsigned long		 v;
	char			*end;

	for (i = 1; i < len && i < XMLPREP_REFMAX; i++) {
		if (s[i] == ';' || !(isalnum((unsigned char)s[i]) ||
		    s[i] == '#' || s[i] == '_' || s[i] == '-' || s[i] == '.'))
			break;
	}
	if (i == len && !final)
		return 0;
	if (i >= len || s[i] != ';' || i == 1) {
		xp->repairs |= XMLPREP_AMP;
		buf_adds(out, "&amp;");
		return 1;
	}
	n = i + 1;
	memcpy(name, s + 1, i - 1);
	name[i - 1] = '\0';
	if (name[0] == '#') {
		errno = 0;
		if (name[1] == 'x' || name[1] == 'X')
			v = strtoul(name + 2, &end, 16);
		else
			v = strtoul(name + 1, &end, 10);
		if (*end != '\0' || end == name + 1 || errno != 0 ||
		    name[1] == '-' || name[1] == '+') {
			xp->repairs |= XMLPREP_AMP;
			buf_adds(out, "&amp;");
			return 1;
		}
		if (!utf8_is_xml_char(v)) {
			xp->repairs |= XMLPREP_CONTROL;
			return n;
		}
		buf_add(out, s, n);
		return n;
	}
	if (strcmp(name, "amp") == 0 || strcmp(name, "lt") == 0 ||
	    strcmp(name, "gt") == 0 || strcmp(name, "quot") == 0 ||
	    strcmp(name, "apos") == 0) {
		buf_add(out, s, n);
		return n;
	}
	if ((ent = htmlEntityLookup((const xmlChar *)name)) != NULL) {
		xp->repairs |= XMLPREP_ENTITY;
		buf_add(out, enc, utf8_encode(ent->value, enc));
		return n;
	}
	/* An entity nobody declared: keep its text. */
	xp->repairs |= XMLPREP_AMP;
	buf_adds(out, "&amp;");
	return 1;
}

/*
 * The name of the tag being read is complete.  A name longer than the
 * buffer was cut; the cut must not split a character.
 */
static void
xmlprep_tag_named(struct xmlprep *xp)
{
	size_t	lead;

	xp->inname = 0;
	if (xp->namelen + 1 >= sizeof xp->name) {
		for (lead = xp->namelen; lead > 0 &&
		    ((unsigned char)xp->name[lead - 1] & 0xc0) == 0x80; lead--)
			;
		if (lead > 0 && (unsigned char)xp->name[lead - 1] >= 0xc0)
			xp->namelen = lead - 1;
	}
	xp->name[xp->namelen] = '\0';
}

/* Whether c may be part of an XML name (any byte of a non-ASCII one). */
static int
xmlprep_namechar(unsigned char c)
{
	return (c >= 'a' && c <= 'z') || (c >= 'A' && c <= 'Z') ||
	    (c >= '0' && c <= '9') || c == '-' || c == '_' || c == '.' ||
	    c == ':' || c >= 0x80;
}

/* An attribute's value onto out, in double quotes, escaped as XML wants. */
static void
xmlprep_attr_value(const char *v, size_t len, struct buf *out)
{
	size_t	i, k;

	buf_addc(out, '"');
	for (i = 0; i < len; i++) {
		if (v[i] == '"')
			buf_adds(out, "&quot;");
		else if (v[i] == '<')
			buf_adds(out, "&lt;");
		else if (v[i] == '&') {
			/* A reference stays; a bare '&' is escaped. */
			for (k = i + 1; k < len && (xmlprep_namechar(v[k]) ||
			    v[k] == '#'); k++)
				;
			buf_adds(out, k < len && v[k] == ';' && k > i + 1 ?
			    "&" : "&amp;");
		} else
			buf_addc(out, v[i]);
	}
	buf_addc(out, '"');
}

/*
 * Whether the attribute name n[0..len) was seen before in the tag t (from
 * its start up to n): libxml2 refuses a tag that repeats one.
 */
static int
xmlprep_attr_seen(const char *t, const char *n, size_t len)
{
	const char	*p;

	for (p = t; (p = memmem(p, n - p, n, len)) != NULL && p < n; p++) {
		if (isspace((unsigned char)p[-1]) && (p[len] == '=' ||
		    isspace((unsigned char)p[len]) || p[len] == '>' ||
		    p[len] == '/'))
			return 1;
	}
	return 0;
}

/*
 * A start tag held in xp->tag, out with its attributes mended, as an HTML
 * parser would read them and libxml2 would refuse them: a value without
 * quotes is quoted (<a href=https://x/>), an attribute without a value
 * gets an empty one (<input disabled>), a repeated one and a name that is
 * not a name are dropped.
 */
static void
xmlprep_tag_flush(struct xmlprep *xp, struct buf *out)
{
	const char	*t = xp->tag.data, *end = t + xp->tag.len, *p, *n, *v;
	size_t		 nlen, vlen, start = out->len;
	char		 quote;
	int		 mended = 0;

	for (p = t + 1; p < end && xmlprep_namechar(*p); p++)
		;
	buf_add(out, t, p - t);
	for (;;) {
		while (p < end && (isspace((unsigned char)*p) ||
		    (*p == '/' && p + 1 < end && p[1] != '>')))
			p++;
		if (p >= end || *p == '>' || *p == '/')
			break;
		for (n = p; p < end && !isspace((unsigned char)*p) &&
		    *p != '=' && *p != '>' && !(*p == '/' && p + 1 < end &&
		    p[1] == '>'); p++)
			;
		nlen = p - n;
		while (p < end && isspace((unsigned char)*p))
			p++;
		v = p;
		vlen = 0;
		quote = 0;
		if (p < end && *p == '=') {
			for (p++; p < end && isspace((unsigned char)*p); p++)
				;
			if (p < end && (*p == '"' || *p == '\'')) {
				quote = *p;
				v = p + 1;
				if ((p = memchr(v, quote, end - v)) == NULL)
					p = end - 1;
				vlen = p - v;
				p++;
			} else {
				for (v = p; p < end && !isspace((unsigned char)*p) &&
				    *p != '>' && !(*p == '/' && p + 1 < end &&
				    p[1] == '>'); p++)
					;
				vlen = p - v;
				mended = 1;
			}
		} else
			mended = 1;
		if (nlen == 0 || !xmlprep_namestart(n, nlen) ||
		    xmlprep_attr_seen(t, n, nlen)) {
			mended = 1;
			continue;
		}
		buf_addc(out, ' ');
		buf_add(out, n, nlen);
		buf_addc(out, '=');
		if (quote != 0) {	/* made safe as it was read */
			buf_addc(out, quote);
			buf_add(out, v, vlen);
			buf_addc(out, quote);
		} else
			xmlprep_attr_value(v, vlen, out);
	}
	buf_adds(out, p < end && *p == '/' ? "/>" : ">");
	if (!mended) {
		/* Nothing to mend: the tag goes out as it came, spaces and all. */
		out->len = start;
		buf_add(out, xp->tag.data, xp->tag.len);
		return;
	}
	xp->repairs |= XMLPREP_ATTR;
}

/*
 * A tag has ended.  Start tags open an element; an end tag closes the
 * innermost open element of its name, and the ones inside it first (as an
 * HTML parser would), or, when no element of its name is open, is dropped:
 * libxml2 would stop at either.  The end of the root element ends the
 * document: what follows is junk that libxml2 would refuse too.
 */
static void
xmlprep_tag_end(struct xmlprep *xp, struct buf *out)
{
	int	k;

	xp->state = ST_TEXT;
	if (!xp->endtag) {
		xmlprep_tag_flush(xp, out);
		if (xp->last == '/') {
			if (xp->depth == 0)
				xp->state = ST_TRAILER;	/* <root/> */
			return;
		}
		if (xp->depth < XMLPREP_DEPTHMAX)
			memcpy(xp->open[xp->depth], xp->name, xp->namelen + 1);
		xp->depth++;
		return;
	}
	if (xp->depth > XMLPREP_DEPTHMAX) {
		/* Too deep to follow: pass it on, libxml2 will refuse it. */
		xmlprep_close(out, xp->name);
		xp->depth--;
		return;
	}
	for (k = xp->depth - 1; k >= 0; k--) {
		if (strcmp(xp->open[k], xp->name) == 0)
			break;
	}
	if (k < 0) {
		xp->repairs |= XMLPREP_NESTING;
		return;
	}
	if (k != xp->depth - 1)
		xp->repairs |= XMLPREP_NESTING;
	while (xp->depth > k) {
		xp->depth--;
		xmlprep_close(out, xp->open[xp->depth]);
	}
	if (xp->depth == 0)
		xp->state = ST_TRAILER;
}

/*
 * After the root element: comments and processing instructions are well
 * formed there (and dropped); anything else is junk, noted.  Returns the
 * bytes used, 0 when more are needed to tell.
 */
static size_t
xmlprep_trailer(struct xmlprep *xp, const char *s, size_t len, int final)
{
	const char	*close = xp->trail == 1 ? "-->" : "?>";

	if (xp->trail != 0) {
		if (len < strlen(close) && !final)
			return 0;
		if (strncmp(s, close, strlen(close)) == 0) {
			xp->trail = 0;
			return strlen(close);
		}
		return 1;
	}
	if (*s == '<') {
		if (len < 4 && !final)
			return 0;
		if (len >= 4 && strncmp(s, "<!--", 4) == 0) {
			xp->trail = 1;
			return 4;
		}
		if (len >= 2 && s[1] == '?') {
			xp->trail = 2;
			return 2;
		}
	}
	if (!isspace((unsigned char)*s))
		xp->repairs |= XMLPREP_JUNK;
	return 1;
}

/*
 * Stage 2: mend the UTF-8 in s, appended to out.  Returns how many bytes
 * were used; the rest waits for more (or for the end).
 */
static size_t
xmlprep_lex(struct xmlprep *xp, const char *s, size_t len, int final,
    struct buf *out)
{
	const unsigned char	*u = (const unsigned char *)s;
	size_t			 i = 0, run, n;
	const unsigned char	*stop;
	struct buf		*dst;
	unsigned char		 c;

#define NEED(k)	do { if (i + (k) > len && !final) return i; } while (0)
	while (i < len) {
		c = u[i];
		/* A CDATA section set aside goes to its own buffer, a PI in
		 * feedd's name nowhere. */
		dst = xp->state == ST_CDATA && xp->in_aside ? &xp->cdata :
		    xp->state == ST_PI && xp->droppi ? &xp->sink : out;
		if (dst == &xp->cdata && xp->cdata.len >= XMLPREP_ASIDEMAX)
			xmlprep_aside_piece(xp, out);
		buf_reset(&xp->sink);
		/* Characters XML forbids go wherever they are. */
		if ((c < 0x20 && c != '\t' && c != '\n' && c != '\r') ||
		    (c == 0xef && i + 2 < len && u[i + 1] == 0xbf &&
		    (u[i + 2] == 0xbe || u[i + 2] == 0xbf))) {
			if (xp->state != ST_DECL && xp->state != ST_TRAILER)
				xp->repairs |= XMLPREP_CONTROL;
			/* Form feed and vertical tab: white space to a reader. */
			if ((c == '\f' || c == '\v') && xp->state != ST_DECL &&
			    xp->state != ST_TRAILER)
				buf_addc(dst, ' ');
			i += c < 0x20 ? 1 : 3;
			continue;
		}
		if (c == 0xef && i + 2 >= len && !final)
			return i;
		switch (xp->state) {
		case ST_PROLOG:
			if (isspace(c)) {
				i++;
				continue;
			}
			xp->state = ST_TEXT;
			continue;
		case ST_TEXT:
			run = xmlprep_span(u, i, len, xmlprep_stop, ']');
			if (run > i) {
				buf_add(out, s + i, run - i);
				i = run;
				continue;
			}
			if (c == '&') {
				if ((n = xmlprep_ref(xp, s + i, len - i, final,
				    out)) == 0)
					return i;
				i += n;
				continue;
			}
			if (c == ']') {
				/* "]]>" may not stand in text: its '>' escaped. */
				NEED(3);
				if (len - i >= 3 && memcmp(s + i, "]]>", 3) == 0) {
					xp->repairs |= XMLPREP_GT;
					buf_adds(out, "]]&gt;");
					i += 3;
				} else
					buf_addc(out, s[i++]);
				continue;
			}
			if (c != '<') {
				buf_addc(out, s[i++]);
				continue;
			}
			NEED(9);
			if (len - i >= 4 && memcmp(s + i, "<!--", 4) == 0) {
				buf_add(out, s + i, 4);
				i += 4;
				xp->state = ST_COMMENT;
			} else if (len - i >= 9 &&
			    memcmp(s + i, "<![CDATA[", 9) == 0) {
				/* Inside the root, it may be set aside. */
				xp->in_aside = xp->aside && xp->depth > 0;
				if (!xp->in_aside)
					buf_add(out, s + i, 9);
				i += 9;
				xp->state = ST_CDATA;
			} else if (len - i >= 2 && s[i + 1] == '!') {
				i += 2;
				xp->state = ST_DECL;
				xp->bracket = 0;
				xp->quote = 0;
			} else if (len - i >= 2 && s[i + 1] == '?') {
				/* feedd's own names are not a document's. */
				xp->droppi = len - i >= 8 &&
				    memcmp(s + i + 2, "feedd-", 6) == 0;
				if (!xp->droppi)
					buf_add(out, s + i, 2);
				i += 2;
				xp->state = ST_PI;
			} else if (len - i >= 2 && s[i + 1] == '/') {
				i += 2;
				xp->state = ST_TAG;
				xp->endtag = 1;
				xp->quote = 0;
				xp->last = 0;
				xp->namelen = 0;
				xp->inname = 1;
			} else if (xmlprep_namestart(s + i + 1, len - i - 1)) {
				buf_reset(&xp->tag);
				buf_addc(&xp->tag, s[i++]);
				xp->state = ST_TAG;
				xp->endtag = 0;
				xp->quote = 0;
				xp->last = 0;
				xp->namelen = 0;
				xp->inname = 1;
			} else {
				xp->repairs |= XMLPREP_LT;
				buf_adds(out, "&lt;");
				i++;
			}
			continue;
		case ST_TAG:
			/* A run that means nothing here goes in whole. */
			stop = xp->quote != 0 ? xmlprep_stop_quoted :
			    xmlprep_stop_tag;
			for (run = i; run < len && !stop[u[run]]; run++)
				;
			if (run > i) {
				xmlprep_tag_run(xp, s + i, run - i);
				i = run;
				continue;
			}
			if (xp->quote != 0) {
				if (c == (unsigned char)xp->quote)
					xp->quote = 0;
				else if (c == '&') {
					if ((n = xmlprep_ref(xp, s + i, len - i,
					    final, &xp->tag)) == 0)
						return i;
					i += n;
					continue;
				} else if (c == '<') {
					xp->repairs |= XMLPREP_LT;
					buf_adds(&xp->tag, "&lt;");
					i++;
					continue;
				}
				buf_addc(&xp->tag, s[i++]);
				continue;
			}
			/*
			 * A start tag is held whole, to mend its attributes
			 * when it ends; an end tag until its name is known.
			 */
			if (!xp->endtag)
				buf_addc(&xp->tag, s[i]);
			i++;
			if (xp->inname && (isspace(c) || c == '>' || c == '/'))
				xmlprep_tag_named(xp);
			else if (xp->inname) {
				if (xp->namelen + 1 < sizeof xp->name)
					xp->name[xp->namelen++] = c;
				continue;
			}
			if (c == '"' || c == '\'')
				xp->quote = c;
			else if (c == '>')
				xmlprep_tag_end(xp, out);
			else if (!isspace(c))
				xp->last = c;
			continue;
		case ST_COMMENT:
		case ST_CDATA:
		case ST_PI:
			if (xp->state == ST_COMMENT)
				run = xmlprep_span(u, i, len,
				    xmlprep_stop_comment, '-');
			else if (xp->state == ST_CDATA)
				run = xmlprep_span(u, i, len, xmlprep_stop_cdata,
				    ']');
			else
				run = xmlprep_span(u, i, len, xmlprep_stop_pi,
				    '?');
			if (run > i) {
				if (dst == &xp->cdata && run - i >
				    XMLPREP_ASIDEMAX - xp->cdata.len)
					run = i + XMLPREP_ASIDEMAX -
					    xp->cdata.len;
				buf_add(dst, s + i, run - i);
				i = run;
				continue;
			}
			NEED(3);
			if (dst == &xp->cdata && len - i >= 3 &&
			    memcmp(s + i, "]]>", 3) == 0) {
				xmlprep_aside_piece(xp, out);
				xp->in_aside = 0;
				i += 3;
				xp->state = ST_TEXT;
			} else if ((xp->state == ST_COMMENT && len - i >= 3 &&
			    memcmp(s + i, "-->", 3) == 0) ||
			    (xp->state == ST_CDATA && len - i >= 3 &&
			    memcmp(s + i, "]]>", 3) == 0)) {
				buf_add(out, s + i, 3);
				i += 3;
				xp->state = xp->depth > 0 ? ST_TEXT : ST_PROLOG;
			} else if (xp->state == ST_PI && len - i >= 2 &&
			    memcmp(s + i, "?>", 2) == 0) {
				buf_add(dst, s + i, 2);
				i += 2;
				xp->state = xp->depth > 0 ? ST_TEXT : ST_PROLOG;
			} else
				buf_addc(dst, s[i++]);
			continue;
		case ST_DECL:
			i++;
			if (xp->quote != 0) {
				if (c == (unsigned char)xp->quote)
					xp->quote = 0;
			} else if (c == '"' || c == '\'')
				xp->quote = c;
			else if (c == '[') {
				xp->bracket++;
				xp->repairs |= XMLPREP_SUBSET;
			} else if (c == ']')
				xp->bracket--;
			else if (c == '>' && xp->bracket <= 0)
				xp->state = xp->depth > 0 ? ST_TEXT : ST_PROLOG;
			continue;
		case ST_TRAILER:
			if ((n = xmlprep_trailer(xp, s + i, len - i, final)) == 0)
				return i;
			i += n;
			continue;
		}
	}
#undef NEED
	return i;
}

/* Append the end tag of name. */
static void
xmlprep_close(struct buf *out, const char *name)
{
	buf_add(out, "</", 2);
	buf_adds(out, name);
	buf_addc(out, '>');
}

/* Take len more bytes; append what is ready to out. */
void
xmlprep_push(struct xmlprep *xp, const char *s, size_t len, struct buf *out)
{
	size_t	used, decoded;

	buf_add(&xp->raw, s, len);
	if (!xp->sniffed)
		xmlprep_sniff(xp, 0);
	if (!xp->sniffed)
		return;
	decoded = 0;
	if (xp->mode == MODE_UTF8 && xp->text.len == 0) {
		/*
		 * Well-formed UTF-8, the usual case, is read where it is, not
		 * copied to stage 1's output first; what stage 2 holds back
		 * goes there, and so does the rest of the chunk.
		 */
		decoded = xmlprep_utf8_span((const unsigned char *)xp->raw.data,
		    0, xp->raw.len);
		used = xmlprep_lex(xp, xp->raw.data, decoded, 0, out);
		buf_add(&xp->text, xp->raw.data + used, decoded - used);
	}
	decoded += xmlprep_decode(xp, xp->raw.data + decoded,
	    xp->raw.len - decoded, 0, &xp->text);
	memmove(xp->raw.data, xp->raw.data + decoded, xp->raw.len - decoded);
	xp->raw.len -= decoded;
	if (xp->text.len == 0)
		return;
	used = xmlprep_lex(xp, xp->text.data, xp->text.len, 0, out);
	memmove(xp->text.data, xp->text.data + used, xp->text.len - used);
	xp->text.len -= used;
}

/* A stateful charset may hold a character back until told the end. */
static void
xmlprep_iconv_flush(struct xmlprep *xp, struct buf *out)
{
	char	 chunk[64], *o = chunk;
	size_t	 outleft = sizeof chunk;

	if (iconv(xp->cd, NULL, NULL, &o, &outleft) != (size_t)-1)
		xmlprep_add_utf8(chunk, o - chunk, out);
}

/* The document has ended: append the rest to out. */
void
xmlprep_finish(struct xmlprep *xp, struct buf *out)
{
	if (!xp->sniffed)
		xmlprep_sniff(xp, 1);
	xmlprep_decode(xp, xp->raw.data != NULL ? xp->raw.data : "",
	    xp->raw.len, 1, &xp->text);
	buf_reset(&xp->raw);
	if (xp->mode == MODE_ICONV)
		xmlprep_iconv_flush(xp, &xp->text);
	xmlprep_lex(xp, xp->text.data != NULL ? xp->text.data : "",
	    xp->text.len, 1, out);
	buf_reset(&xp->text);
	if (xp->depth > 0 && xp->state != ST_TRAILER)
		xmlprep_cut(xp, out);
}

/*
 * The document ends inside its root element: close what was open where it
 * was cut (a comment, a CDATA section, a tag), mark the place with the
 * processing instruction <?feedd-cut?> and close the open elements, so
 * that the XML parser reads every element that ended before the cut, the
 * last one too, and the reader of items can tell and drop the one the cut
 * went through (feedparse).
 */
static void
xmlprep_cut(struct xmlprep *xp, struct buf *out)
{
	xp->repairs |= XMLPREP_TRUNCATED;
	if (xp->state == ST_COMMENT)
		buf_adds(out, "-->");
	else if (xp->state == ST_CDATA && xp->in_aside)
		xmlprep_aside_piece(xp, out);
	else if (xp->state == ST_CDATA)
		buf_adds(out, "]]>");
	else if (xp->state == ST_PI && !xp->droppi)
		buf_adds(out, "?>");
	/* A start tag cut off is dropped; so is an end tag. */
	buf_adds(out, "<?feedd-cut?>");
	while (xp->depth > 0) {
		xp->depth--;
		if (xp->depth < XMLPREP_DEPTHMAX)
			xmlprep_close(out, xp->open[xp->depth]);
	}
}
