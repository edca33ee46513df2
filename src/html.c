/* SPDX-License-Identifier: ISC */
#include <ctype.h>
#include <limits.h>
#include <pthread.h>
#include <stdint.h>
#include <stdlib.h>
#include <string.h>
#include <strings.h>
#ifdef __SSE2__
#include <emmintrin.h>
#endif

#include "buf.h"
#include "html.h"
#include "htmltok.h"
#include "strmap.h"
#include "utf8.h"
#include "xmalloc.h"

/*
 * HTML's own tokenizer (htmltok, after the WHATWG standard) drives a small
 * tree side that keeps only a stack of open elements, and the text is laid
 * out as a browser lays it out: runs of white space become one space, a
 * space is kept wherever the source has one (between inline elements
 * too), and no space is made where the source has none: an inline element
 * never starts or ends a paragraph.  Block boundaries end paragraphs.  No
 * element is ever implied (an HTML 4 parser would insert a <p> that no
 * browser inserts, and split the text there).
 */

#define OPEN_MAX 1024		/* deeper elements are read as void */

/* An open element: its name's hash and how it lays out. */
struct open_elem {
	uint64_t	hash;		/* strmap_hash of its name */
	uint8_t		kind;
	uint8_t		pre;		/* <pre> or <listing> */
	uint8_t		foreign;	/* <svg> or <math> */
};

/* Where a paragraph is being built, and where it goes when it ends. */
struct para_builder {
	struct buf		 cur;
	int			 space;		/* a space is due before more text */
	int			 oneline;	/* blocks make spaces, not breaks */
	int			 pre;		/* inside <pre>: lines kept */
	struct html_text	*out;
	size_t			 room;		/* out->paras allocated */
	/* The tree side: the open elements, and where skipping began. */
	struct open_elem	*open;
	size_t			 nopen, skip_from;
	int			 skip;		/* inside elements that give nothing */
	int			 foreign;
	uint64_t		 p_hash;	/* of "p" */
	struct htmltok		 tok;
};

enum html_kind {
	KIND_INLINE, KIND_BLOCK, KIND_BREAK, KIND_CELL, KIND_SKIP,
	KIND_SKIP_BLOCK		/* gives nothing, but is a block: a break */
};

/* windows-1252 for U+0080-U+009F, which come from mis-decoded text. */
static const uint16_t c1_as_cp1252[32] = {
	0x20ac, 0, 0x201a, 0x0192, 0x201e, 0x2026, 0x2020, 0x2021,
	0x02c6, 0x2030, 0x0160, 0x2039, 0x0152, 0, 0x017d, 0,
	0, 0x2018, 0x2019, 0x201c, 0x201d, 0x2022, 0x2013, 0x2014,
	0x02dc, 0x2122, 0x0161, 0x203a, 0x0153, 0, 0x017e, 0x0178
};

static void		html_index(void);
static const struct html_elem *html_lookup(const char *, uint64_t);
static int		html_is_space(uint32_t);
static int		pb_cont(unsigned char);
static size_t		pb_plain_len(const unsigned char *, size_t);
#ifndef __SSE2__
static int		pb_word_byte(const unsigned char *, size_t, size_t);
#endif
static size_t		pb_words(const unsigned char *, size_t, size_t);
#ifdef __SSE2__
static inline unsigned int pb_words16(const unsigned char *);
#endif
static void		pb_init(struct para_builder *, struct html_text *,
			    int);
static void		pb_text(struct para_builder *, const char *, size_t);
static void		pb_break(struct para_builder *);
static void		pb_char(struct para_builder *, uint32_t);
static void		tree_push(struct para_builder *, uint64_t,
			    const struct html_elem *);
static void		tree_pop(struct para_builder *);
static int		tree_find(struct para_builder *, uint64_t, int,
			    size_t *);
static void		tree_start(void *, const char *, int);
static void		tree_end(void *, const char *);
static void		tree_text(void *, const char *, size_t);
static void		html_parse(const char *, size_t, struct para_builder *);

/*
 * How an element lays out its content, by name.  Not
 * here, so inline: <object>, whose fallback content is what a browser
 * shows today (it runs no plugins); <iframe>'s content is never shown.
 */
#define ELEM_VOID	0x1	/* no content, no end tag */
#define ELEM_PRE	0x2	/* <pre>, <listing>: lines kept */
#define ELEM_FOREIGN	0x4	/* <svg>, <math>: another namespace */

static const struct html_elem {
	const char	*name;
	enum html_kind	 kind;
	int		 flags;
} html_elems[] = {
	{ "address", KIND_BLOCK, 0 },
	{ "applet", KIND_SKIP, 0 },
	{ "area", KIND_SKIP, ELEM_VOID },
	{ "article", KIND_BLOCK, 0 },
	{ "aside", KIND_BLOCK, 0 },
	{ "audio", KIND_SKIP, 0 },
	{ "base", KIND_SKIP, ELEM_VOID },
	{ "basefont", KIND_INLINE, ELEM_VOID },
	{ "bgsound", KIND_SKIP, ELEM_VOID },
	{ "blockquote", KIND_BLOCK, 0 },
	{ "body", KIND_BLOCK, 0 },
	{ "br", KIND_BREAK, ELEM_VOID },
	{ "button", KIND_SKIP, 0 },
	{ "canvas", KIND_SKIP, 0 },
	{ "caption", KIND_BLOCK, 0 },
	{ "center", KIND_BLOCK, 0 },
	{ "col", KIND_INLINE, ELEM_VOID },
	{ "dd", KIND_BLOCK, 0 },
	{ "details", KIND_BLOCK, 0 },
	{ "dir", KIND_BLOCK, 0 },
	{ "div", KIND_BLOCK, 0 },
	{ "dl", KIND_BLOCK, 0 },
	{ "dt", KIND_BLOCK, 0 },
	{ "embed", KIND_SKIP, ELEM_VOID },
	{ "fieldset", KIND_BLOCK, 0 },
	{ "figcaption", KIND_BLOCK, 0 },
	{ "figure", KIND_BLOCK, 0 },
	{ "footer", KIND_BLOCK, 0 },
	{ "form", KIND_SKIP_BLOCK, 0 },
	{ "frame", KIND_BLOCK, ELEM_VOID },
	{ "frameset", KIND_SKIP, 0 },
	{ "h1", KIND_BLOCK, 0 },
	{ "h2", KIND_BLOCK, 0 },
	{ "h3", KIND_BLOCK, 0 },
	{ "h4", KIND_BLOCK, 0 },
	{ "h5", KIND_BLOCK, 0 },
	{ "h6", KIND_BLOCK, 0 },
	{ "head", KIND_SKIP, 0 },
	{ "header", KIND_BLOCK, 0 },
	{ "hgroup", KIND_BLOCK, 0 },
	{ "hr", KIND_BLOCK, ELEM_VOID },
	{ "html", KIND_BLOCK, 0 },
	{ "iframe", KIND_SKIP, 0 },
	{ "image", KIND_SKIP, ELEM_VOID },
	{ "img", KIND_SKIP, ELEM_VOID },
	{ "input", KIND_SKIP, ELEM_VOID },
	{ "keygen", KIND_SKIP, ELEM_VOID },
	{ "legend", KIND_BLOCK, 0 },
	{ "li", KIND_BLOCK, 0 },
	{ "link", KIND_SKIP, ELEM_VOID },
	{ "listing", KIND_BLOCK, ELEM_PRE },
	{ "main", KIND_BLOCK, 0 },
	{ "map", KIND_SKIP, 0 },
	{ "math", KIND_SKIP, ELEM_FOREIGN },
	{ "menu", KIND_BLOCK, 0 },
	{ "meta", KIND_SKIP, ELEM_VOID },
	{ "nav", KIND_SKIP_BLOCK, 0 },
	{ "noembed", KIND_SKIP, 0 },
	{ "noframes", KIND_SKIP, 0 },
	{ "noscript", KIND_SKIP, 0 },
	{ "ol", KIND_BLOCK, 0 },
	{ "optgroup", KIND_BLOCK, 0 },
	{ "option", KIND_BLOCK, 0 },
	{ "p", KIND_BLOCK, 0 },
	{ "param", KIND_SKIP, ELEM_VOID },
	{ "picture", KIND_SKIP, 0 },
	{ "plaintext", KIND_BLOCK, 0 },
	{ "pre", KIND_BLOCK, ELEM_PRE },
	{ "script", KIND_SKIP, 0 },
	{ "section", KIND_BLOCK, 0 },
	{ "select", KIND_SKIP, 0 },
	{ "source", KIND_SKIP, ELEM_VOID },
	{ "style", KIND_SKIP, 0 },
	{ "summary", KIND_BLOCK, 0 },
	{ "svg", KIND_SKIP, ELEM_FOREIGN },
	{ "table", KIND_BLOCK, 0 },
	{ "tbody", KIND_BLOCK, 0 },
	{ "td", KIND_CELL, 0 },
	{ "template", KIND_SKIP, 0 },
	{ "textarea", KIND_SKIP, 0 },
	{ "tfoot", KIND_BLOCK, 0 },
	{ "th", KIND_CELL, 0 },
	{ "thead", KIND_BLOCK, 0 },
	{ "title", KIND_SKIP, 0 },
	{ "tr", KIND_BLOCK, 0 },
	{ "track", KIND_SKIP, ELEM_VOID },
	{ "ul", KIND_BLOCK, 0 },
	{ "video", KIND_SKIP, 0 },
	{ "wbr", KIND_INLINE, ELEM_VOID },
	{ "xmp", KIND_BLOCK, 0 },
};

/*
 * html_elems indexed by the hash of the name, built once: a lookup is a
 * probe or two where a binary search made seven string comparisons, and
 * it comes at every tag.
 */
#define ELEM_SLOTS	256	/* a power of two, over twice the elements */

static struct elem_slot {
	uint64_t		 hash;
	const struct html_elem	*elem;
} elem_slots[ELEM_SLOTS];
static pthread_once_t	elem_once = PTHREAD_ONCE_INIT;

static void
html_index(void)
{
	uint64_t	hash;
	size_t		i, k;

	for (k = 0; k < sizeof html_elems / sizeof html_elems[0]; k++) {
		hash = strmap_hash(html_elems[k].name);
		for (i = hash & (ELEM_SLOTS - 1); elem_slots[i].elem != NULL;
		    i = (i + 1) & (ELEM_SLOTS - 1))
			;
		elem_slots[i].hash = hash;
		elem_slots[i].elem = &html_elems[k];
	}
}

/*
 * How an element lays out its content (blocks end paragraphs, cells are
 * spaced apart, the skipped give nothing, the rest are inline) and its
 * flags: one lookup per tag.  hash is strmap_hash(name).
 */
static const struct html_elem *
html_lookup(const char *name, uint64_t hash)
{
	static const struct html_elem	inline_elem = { "", KIND_INLINE, 0 };
	size_t				i;

	pthread_once(&elem_once, html_index);
	for (i = hash & (ELEM_SLOTS - 1); elem_slots[i].elem != NULL;
	    i = (i + 1) & (ELEM_SLOTS - 1))
		if (elem_slots[i].hash == hash &&
		    strcmp(elem_slots[i].elem->name, name) == 0)
			return elem_slots[i].elem;
	return &inline_elem;
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
		/* Room doubles: a body has tens of paragraphs. */
		if (pb->out->n >= pb->room) {
			pb->room = pb->out->n < 8 ? 16 : 2 * pb->out->n;
			pb->out->paras = xreallocarray(pb->out->paras,
			    pb->room, sizeof *pb->out->paras);
		}
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

/* Whether u[0] is a UTF-8 continuation byte. */
static int
pb_cont(unsigned char c)
{
	return (c & 0xc0) == 0x80;
}

/*
 * The length of the character beyond ASCII at u (n bytes there) when it is
 * well formed and lays out as itself (html_is_plain), else 0, the slow
 * path's to judge.  Told from the bytes, for accented letters, CJK and
 * punctuation come every few words: the leads whose characters are all
 * plain pass on their continuation bytes alone; C2 (U+0080-00BF) past the
 * C1 controls and the no-break space, and E2 (U+2000-2FFF, the dashes and
 * quotes) but for its spaces, are told by their second and third bytes;
 * the other leads with a space or a dropped character in their range (E1,
 * E3, EF) and those with a narrower second byte (E0, ED, F0, F4) are left
 * to the slow path.
 */
static size_t
pb_plain_len(const unsigned char *u, size_t n)
{
	if (u[0] >= 0xc3 && u[0] <= 0xdf)
		return n >= 2 && pb_cont(u[1]) ? 2 : 0;
	if (u[0] == 0xc2)
		return n >= 2 && u[1] >= 0xa1 && u[1] <= 0xbf ? 2 : 0;
	if ((u[0] >= 0xe4 && u[0] <= 0xec) || u[0] == 0xee)
		return n >= 3 && pb_cont(u[1]) && pb_cont(u[2]) ? 3 : 0;
	if (u[0] == 0xe2) {
		if (n < 3 || !pb_cont(u[1]) || !pb_cont(u[2]))
			return 0;
		/* U+2000-200A, 2028, 2029, 202F, 205F: white space. */
		if (u[1] == 0x80 && (u[2] <= 0x8a || u[2] == 0xa8 ||
		    u[2] == 0xa9 || u[2] == 0xaf))
			return 0;
		return u[1] == 0x81 && u[2] == 0x9f ? 0 : 3;
	}
	if (u[0] >= 0xf1 && u[0] <= 0xf3)
		return n >= 4 && pb_cont(u[1]) && pb_cont(u[2]) &&
		    pb_cont(u[3]) ? 4 : 0;
	return 0;
}

#ifndef __SSE2__
/* Whether u[j] is printable ASCII, or a space before such a character. */
static int
pb_word_byte(const unsigned char *u, size_t j, size_t len)
{
	return (u[j] > 0x20 && u[j] < 0x7f) || (u[j] == ' ' && j + 1 < len &&
	    u[j + 1] > 0x20 && u[j + 1] < 0x7f);
}
#endif

#ifdef __SSE2__
/*
 * How many of the sixteen bytes at u (seventeen may be read) are printable
 * ASCII or single spaces before such a byte.
 */
static inline unsigned int
pb_words16(const unsigned char *u)
{
	const __m128i	space = _mm_set1_epi8(' '), del = _mm_set1_epi8(0x7f);
	__m128i		v, next, word, word_next;
	unsigned int	ok;

	v = _mm_loadu_si128((const __m128i *)u);
	next = _mm_loadu_si128((const __m128i *)(u + 1));
	/* 0x21-0x7e; a byte past 0x7f is negative, so not above ' '. */
	word = _mm_and_si128(_mm_cmpgt_epi8(v, space), _mm_cmplt_epi8(v, del));
	word_next = _mm_and_si128(_mm_cmpgt_epi8(next, space),
	    _mm_cmplt_epi8(next, del));
	ok = _mm_movemask_epi8(_mm_or_si128(word, _mm_and_si128(
	    _mm_cmpeq_epi8(v, space), word_next)));
	return ok == 0xffff ? 16 : (unsigned int)__builtin_ctz(~ok);
}
#endif

/*
 * Where the run of words from u[j] ends: printable ASCII and the single
 * spaces between words.  Sixteen bytes are tested at a time where SSE2 is
 * there (every x86-64), for the run is most of any text and a test per
 * byte mispredicts at every space.
 */
static size_t
pb_words(const unsigned char *u, size_t j, size_t len)
{
#ifdef __SSE2__
	unsigned char	tail[17];
	size_t		n;

	for (; j + 17 <= len; j += 16)
		if ((n = pb_words16(u + j)) < 16)
			return j + n;
	/*
	 * The last bytes (all of a short run) from a copy with NULs after
	 * them, never a word's byte: vector work, not a test per byte.
	 */
	memset(tail, 0, sizeof tail);
	memcpy(tail, u + j, len - j);
	return j + pb_words16(tail);
#else
	while (j < len && pb_word_byte(u, j, len))
		j++;
	return j;
#endif
}

/* Add text, which is UTF-8 (a byte that is not shows as U+FFFD). */
static void
pb_text(struct para_builder *pb, const char *s, size_t len)
{
	const unsigned char	*u = (const unsigned char *)s;
	uint32_t		 cp;
	size_t			 i = 0, j, n, w;
	char			*o;

	while (i < len) {
		/*
		 * Printable characters and single spaces between words, the
		 * bulk of any text, are copied straight into the paragraph
		 * (which has room for all of s and a pending space).
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
				j = pb_words(u, i + 1, len);
				memcpy(o + w, s + i, j - i);
				w += j - i;
				i = j;
			} else if (u[i] == ' ' || u[i] == '\n' || u[i] == '\t') {
				pb->space = pb->cur.len + w > 0;
				i++;
			} else if ((n = pb_plain_len(u + i, len - i)) != 0) {
				/* A character beyond ASCII, as it is. */
				if (pb->space) {
					o[w++] = ' ';
					pb->space = 0;
				}
				while (n-- > 0)
					o[w++] = s[i++];
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
tree_push(struct para_builder *pb, uint64_t hash,
    const struct html_elem *elem)
{
	struct open_elem	*e;

	if (pb->nopen % 16 == 0)
		pb->open = xreallocarray(pb->open, pb->nopen + 16,
		    sizeof *pb->open);
	e = &pb->open[pb->nopen++];
	e->hash = hash;
	e->kind = elem->kind;
	e->pre = (elem->flags & ELEM_PRE) != 0;
	e->foreign = (elem->flags & ELEM_FOREIGN) != 0;
	pb->foreign += e->foreign;
	pb->tok.foreign = pb->foreign > 0;
}

/* Close the innermost open element, laying out its end. */
static void
tree_pop(struct para_builder *pb)
{
	struct open_elem	*e = &pb->open[--pb->nopen];

	pb->foreign -= e->foreign;
	pb->tok.foreign = pb->foreign > 0;
	if (pb->skip) {
		if (pb->nopen >= pb->skip_from)
			return;
		pb->skip = 0;		/* the skipped element itself ends */
		if (e->kind == KIND_SKIP_BLOCK)
			pb_break(pb);
		return;
	}
	if (e->pre && pb->pre > 0)
		pb->pre--;
	if (e->kind == KIND_BLOCK)
		pb_break(pb);
	else if (e->kind == KIND_CELL)
		pb->space = pb->cur.len > 0;
}

/*
 * Where the innermost open element named by hash is, as an end tag finds
 * it: an end tag of an inline element stops at any block (the standard's
 * "special" elements: <span><div></span> closes nothing), a block's at a
 * table cell or table (its scope).  0 when none is found.
 */
static int
tree_find(struct para_builder *pb, uint64_t hash, int inline_end,
    size_t *at)
{
	size_t	i;

	for (i = pb->nopen; i-- > 0; ) {
		if (pb->open[i].hash == hash) {
			*at = i;
			return 1;
		}
		if (inline_end && pb->open[i].kind != KIND_INLINE)
			return 0;
		if (pb->open[i].kind == KIND_CELL)
			return 0;
	}
	return 0;
}

static void
tree_start(void *ctx, const char *name, int selfclosing)
{
	struct para_builder	*pb = ctx;
	uint64_t		 hash = strmap_hash(name);
	const struct html_elem	*e = html_lookup(name, hash);
	int			 isvoid;

	isvoid = (e->flags & ELEM_VOID) || (pb->foreign > 0 && selfclosing) ||
	    pb->nopen >= OPEN_MAX;
	/* A block closes an open <p>, as it does in a browser. */
	if ((e->kind == KIND_BLOCK || e->kind == KIND_SKIP_BLOCK) &&
	    pb->nopen > 0 && !pb->skip &&
	    pb->open[pb->nopen - 1].hash == pb->p_hash)
		tree_pop(pb);
	if (!pb->skip) {
		switch (e->kind) {
		case KIND_SKIP_BLOCK:
			pb_break(pb);
			/* FALLTHROUGH */
		case KIND_SKIP:
			if (isvoid)
				return;
			pb->skip = 1;
			pb->skip_from = pb->nopen + 1;
			break;
		case KIND_BLOCK:
			pb_break(pb);
			if (!pb->oneline && (e->flags & ELEM_PRE))
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
	if (!isvoid)
		tree_push(pb, hash, e);
}

static void
tree_end(void *ctx, const char *name)
{
	struct para_builder	*pb = ctx;
	uint64_t		 hash = strmap_hash(name);
	const struct html_elem	*e = html_lookup(name, hash);
	size_t			 at;

	if (!pb->skip && e->kind == KIND_BREAK) {
		pb_break(pb);		/* </br> is <br>, in every browser */
		return;
	}
	if (!tree_find(pb, hash, e->kind == KIND_INLINE, &at)) {
		/* </p> with no <p> open is an empty paragraph: a break. */
		if (!pb->skip && strcmp(name, "p") == 0)
			pb_break(pb);
		return;
	}
	while (pb->nopen > at)
		tree_pop(pb);
}

static void
tree_text(void *ctx, const char *s, size_t len)
{
	struct para_builder	*pb = ctx;

	if (!pb->skip && len > 0)
		pb_text(pb, s, len);
}

/* Parse html into the builder, then close what is still open. */
static void
html_parse(const char *html, size_t len, struct para_builder *pb)
{
	pb->tok.text = tree_text;
	pb->tok.start = tree_start;
	pb->tok.end = tree_end;
	pb->tok.ctx = pb;
	pb->p_hash = strmap_hash("p");
	htmltok_run(&pb->tok, html, len);
	while (pb->nopen > 0)
		tree_pop(pb);
	free(pb->open);
	pb->open = NULL;
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
	size_t	i, j, n, reflen;
	char	ref[8];

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
		/* "&nbsp " or "&copy 2026": a reference a browser decodes. */
		if ((n = htmltok_charref(s + i, len - i, ref, &reflen)) > 0 &&
		    (i + n == len || !isalnum((unsigned char)s[i + n])))
			return 1;
	}
	return 0;
}

/* About how much text html holds: the bytes outside tags. */
size_t
html_text_estimate(const char *html, size_t len)
{
	return html_text_estimate_upto(html, len, len);
}

/*
 * The same, but the scan stops once the count passes cap: what it returns
 * then is more than cap, and at most the estimate.
 */
size_t
html_text_estimate_upto(const char *html, size_t len, size_t cap)
{
	const char	*p = html, *end = html + len, *lt, *gt;
	size_t		 n = 0;

	while (p < end && (lt = memchr(p, '<', end - p)) != NULL) {
		n += lt - p;
		if (n > cap || (gt = memchr(lt, '>', end - lt)) == NULL)
			return n;
		p = gt + 1;
	}
	return n + (end - p);
}

/*
 * Whether html has paragraph breaks: two tags that start a block (<p>,
 * <br>, <div>, <li>, <h1>-<h6>, <blockquote>, <tr>, ...), found by a scan
 * of its tags' names, cheaper than a parse.
 */
int
html_has_blocks(const char *html, size_t len)
{
	const char	*p = html, *end = html + len, *lt;
	char		 name[12];
	size_t		 n;
	int		 blocks = 0;
	enum html_kind	 kind;

	while (p < end && (lt = memchr(p, '<', end - p)) != NULL) {
		for (p = lt + 1, n = 0; p < end && n < sizeof name - 1 &&
		    isalnum((unsigned char)*p); p++)
			name[n++] = tolower((unsigned char)*p);
		name[n] = '\0';
		if (n == 0)
			continue;
		kind = html_lookup(name, strmap_hash(name))->kind;
		if (((kind == KIND_BLOCK && strcmp(name, "html") != 0 &&
		    strcmp(name, "body") != 0) || kind == KIND_BREAK) &&
		    ++blocks == 2)
			return 1;
	}
	return 0;
}

/* The first size - 1 letters and digits of html's text, lowercase. */
void
html_letters(const char *html, char *out, size_t size)
{
	const char	*p = html;
	size_t		 n = 0;

	while (*p != '\0' && n + 1 < size) {
		if (*p == '<' || *p == '&') {
			p += strcspn(p, *p == '<' ? ">" : "; <");
			continue;
		}
		if (isalnum((unsigned char)*p))
			out[n++] = tolower((unsigned char)*p);
		p++;
	}
	out[n] = '\0';
}

size_t
html_paras_len(char *const *paras, size_t n)
{
	size_t	i, len = 0;

	for (i = 0; i < n; i++)
		len += strlen(paras[i]);
	return len;
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
