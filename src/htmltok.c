/* SPDX-License-Identifier: ISC */
#include <stdint.h>
#include <stdlib.h>
#include <string.h>
#ifdef __SSE2__
#include <emmintrin.h>
#endif

#include "entities.h"
#include "htmltok.h"
#include "utf8.h"

/*
 * The states of the standard's tokenizer, walked over a buffer that is all
 * there: text runs are passed on as slices of the input (no copy), and a
 * construct that the standard reads past (a comment, a doctype, a bogus
 * comment, the attributes of a tag) is skipped by finding its end as the
 * states would.  A tag or comment cut off by the end of the input gives
 * nothing, as the standard says.  After the start tag of a raw text or
 * RCDATA element (script, style, title, textarea, ...), the text runs to
 * the matching end tag, as the tree builder would make the tokenizer do.
 */

enum raw_kind { RAW_NONE, RAW_TEXT, RAW_RCDATA, RAW_PLAINTEXT };

#define TAG_CUT ((size_t)-1)

static int		is_alpha(unsigned char);
static int		is_alnum(unsigned char);
static int		is_tag_space(unsigned char);
static char		lower(char);
static int		entity_cmp(const void *, const void *);
static const char	*entity_find(const char *, size_t, int);
static size_t		numeric_ref(const char *, size_t, char[8], size_t *);
static void		emit_text(struct htmltok *, const char *, size_t, int);
static size_t		skip_comment(const char *, size_t, size_t);
static size_t		skip_to_gt(const char *, size_t, size_t);
static size_t		skip_attributes(const char *, size_t, size_t, int *);
static size_t		read_name(const char *, size_t, size_t,
			    char[HTMLTOK_NAME_MAX + 1]);
static enum raw_kind	raw_kind(const char *);
static size_t		raw_end(const char *, size_t, size_t, const char *);
static size_t		tag(struct htmltok *, const char *, size_t, size_t);
static size_t		text_end(const char *, size_t, size_t);
static size_t		markup_decl(struct htmltok *, const char *, size_t,
			    size_t);

/* The standard's table for numeric references to 0x80-0x9F. */
static const uint16_t c1_table[32] = {
	0x20ac, 0x81, 0x201a, 0x0192, 0x201e, 0x2026, 0x2020, 0x2021,
	0x02c6, 0x2030, 0x0160, 0x2039, 0x0152, 0x8d, 0x017d, 0x8f,
	0x90, 0x2018, 0x2019, 0x201c, 0x201d, 0x2022, 0x2013, 0x2014,
	0x02dc, 0x2122, 0x0161, 0x203a, 0x0153, 0x9d, 0x017e, 0x0178
};

static int
is_alpha(unsigned char c)
{
	return (c | 0x20) >= 'a' && (c | 0x20) <= 'z';
}

static int
is_alnum(unsigned char c)
{
	return is_alpha(c) || (c >= '0' && c <= '9');
}

/* The tokenizer's white space (a CR is a newline after preprocessing). */
static int
is_tag_space(unsigned char c)
{
	return c == ' ' || c == '\t' || c == '\n' || c == '\f' || c == '\r';
}

static char
lower(char c)
{
	return c >= 'A' && c <= 'Z' ? c + 32 : c;
}

static int
entity_cmp(const void *key, const void *e)
{
	return strcmp(key, ((const struct entity *)e)->name);
}

/* The entity named by name[0..len), with ';' after it if semi. */
static const char *
entity_find(const char *name, size_t len, int semi)
{
	char			 key[64];
	const struct entity	*e;

	if (len + 2 > sizeof key)
		return NULL;
	memcpy(key, name, len);
	if (semi)
		key[len++] = ';';
	key[len] = '\0';
	e = bsearch(key, entities, entities_count, sizeof entities[0],
	    entity_cmp);
	return e != NULL ? e->utf8 : NULL;
}

/* &#NNN; or &#xHHH; (';' optional), at s[0] == '&', s[1] == '#'. */
static size_t
numeric_ref(const char *s, size_t len, char out[8], size_t *outlen)
{
	size_t		i = 2, start;
	uint32_t	cp = 0;
	int		hex = 0, d;

	if (i < len && (s[i] == 'x' || s[i] == 'X')) {
		hex = 1;
		i++;
	}
	for (start = i; i < len; i++) {
		if (s[i] >= '0' && s[i] <= '9')
			d = s[i] - '0';
		else if (hex && (s[i] | 0x20) >= 'a' && (s[i] | 0x20) <= 'f')
			d = (s[i] | 0x20) - 'a' + 10;
		else
			break;
		cp = cp * (hex ? 16 : 10) + d;
		if (cp > 0x10ffff)
			cp = 0x110000;	/* stays out of range, never wraps */
	}
	if (i == start)
		return 0;		/* "&#" or "&#x" is text */
	if (i < len && s[i] == ';')
		i++;
	if (cp == 0 || cp > 0x10ffff || (cp >= 0xd800 && cp <= 0xdfff))
		cp = UTF8_REPLACEMENT;
	else if (cp >= 0x80 && cp <= 0x9f)
		cp = c1_table[cp - 0x80];
	*outlen = utf8_encode(cp, out);
	return i;
}

/*
 * A character reference: the longest name in the table that the input
 * starts with (with its ';', or a legacy one without), as in text; a
 * numeric one.
 */
size_t
htmltok_charref(const char *s, size_t len, char out[8], size_t *outlen)
{
	const char	*v;
	size_t		 run, k;

	if (len < 2)
		return 0;
	if (s[1] == '#')
		return numeric_ref(s, len, out, outlen);
	for (run = 0; 1 + run < len && is_alnum(s[1 + run]) &&
	    run <= entities_longest; run++)
		;
	if (run == 0)
		return 0;
	if (1 + run < len && s[1 + run] == ';' &&
	    (v = entity_find(s + 1, run, 1)) != NULL) {
		*outlen = strlen(v);
		memcpy(out, v, *outlen);
		return run + 2;
	}
	for (k = run; k > 0; k--) {
		if ((v = entity_find(s + 1, k, 0)) != NULL) {
			*outlen = strlen(v);
			memcpy(out, v, *outlen);
			return k + 1;
		}
	}
	return 0;
}

/* Text, with its character references decoded if refs. */
static void
emit_text(struct htmltok *tok, const char *s, size_t len, int refs)
{
	const char	*amp, *end = s + len;
	char		 out[8];
	size_t		 n, outlen;

	while (refs && (amp = memchr(s, '&', end - s)) != NULL) {
		if (amp > s)
			tok->text(tok->ctx, s, amp - s);
		if ((n = htmltok_charref(amp, end - amp, out, &outlen)) > 0) {
			tok->text(tok->ctx, out, outlen);
			s = amp + n;
		} else {
			tok->text(tok->ctx, "&", 1);
			s = amp + 1;
		}
	}
	if (end > s)
		tok->text(tok->ctx, s, end - s);
}

/*
 * Past a comment whose "<!--" ends at i: "-->" (or "--!>") ends it, and so
 * does a ">" or "->" right after the opening; else the input's end.
 */
static size_t
skip_comment(const char *s, size_t len, size_t i)
{
	const char	*p;

	if (i < len && s[i] == '>')
		return i + 1;
	if (i + 1 < len && s[i] == '-' && s[i + 1] == '>')
		return i + 2;
	while ((p = memmem(s + i, len - i, "--", 2)) != NULL) {
		i = p - s + 2;
		while (i < len && s[i] == '-')
			i++;
		if (i < len && s[i] == '>')
			return i + 1;
		if (i + 1 < len && s[i] == '!' && s[i + 1] == '>')
			return i + 2;
	}
	return len;
}

/* Past the next '>' (a bogus comment, a doctype), or at the end. */
static size_t
skip_to_gt(const char *s, size_t len, size_t i)
{
	const char	*gt;

	gt = i < len ? memchr(s + i, '>', len - i) : NULL;
	return gt != NULL ? (size_t)(gt - s) + 1 : len;
}

/*
 * Past a tag's attributes, from the end of its name to just after its
 * '>', as the attribute states read them (quoted values may hold '>');
 * TAG_CUT when the input ends first, and the tag is then dropped.
 */
static size_t
skip_attributes(const char *s, size_t len, size_t i, int *selfclosing)
{
	const char	*q;

	*selfclosing = 0;
	for (;;) {
		while (i < len && is_tag_space(s[i]))
			i++;
		if (i >= len)
			return TAG_CUT;
		if (s[i] == '>')
			return i + 1;
		if (s[i] == '/') {
			if (i + 1 < len && s[i + 1] == '>') {
				*selfclosing = 1;
				return i + 2;
			}
			i++;
			continue;
		}
		/* A name: its first character may be '=' (an error). */
		for (i++; i < len && !is_tag_space(s[i]) && s[i] != '/' &&
		    s[i] != '>' && s[i] != '='; i++)
			;
		while (i < len && is_tag_space(s[i]))
			i++;
		if (i >= len || s[i] != '=')
			continue;
		for (i++; i < len && is_tag_space(s[i]); i++)
			;
		if (i < len && (s[i] == '"' || s[i] == '\'')) {
			if ((q = memchr(s + i + 1, s[i], len - i - 1)) == NULL)
				return TAG_CUT;
			i = q - s + 1;
		} else {
			while (i < len && !is_tag_space(s[i]) && s[i] != '>')
				i++;
		}
	}
}

/* A tag name from s[i], lowercased into name (cut); returns its end. */
static size_t
read_name(const char *s, size_t len, size_t i,
    char name[HTMLTOK_NAME_MAX + 1])
{
	size_t	n = 0;

	for (; i < len && !is_tag_space(s[i]) && s[i] != '/' && s[i] != '>';
	    i++)
		if (n < HTMLTOK_NAME_MAX)
			name[n++] = lower(s[i]);
	name[n] = '\0';
	return i;
}

/* What the text after a start tag is, by the element's name. */
static enum raw_kind
raw_kind(const char *name)
{
	static const char *const rawtext[] = { "iframe", "noembed",
	    "noframes", "noscript", "script", "style", "xmp" };
	size_t	i;

	/* The common case at once: no such name is shorter than three. */
	if (name[0] == '\0' || strchr("inpstx", name[0]) == NULL ||
	    name[1] == '\0' || name[2] == '\0')
		return RAW_NONE;
	if (strcmp(name, "title") == 0 || strcmp(name, "textarea") == 0)
		return RAW_RCDATA;
	if (strcmp(name, "plaintext") == 0)
		return RAW_PLAINTEXT;
	for (i = 0; i < sizeof rawtext / sizeof rawtext[0]; i++)
		if (strcmp(name, rawtext[i]) == 0)
			return RAW_TEXT;
	return RAW_NONE;
}

/*
 * Where raw text from i ends: at "</NAME" (any case) followed by white
 * space, '/' or '>'; else at the end of the input.
 */
static size_t
raw_end(const char *s, size_t len, size_t i, const char *name)
{
	size_t		 n = strlen(name), k;
	const char	*p;

	while (i < len && (p = memmem(s + i, len - i, "</", 2)) != NULL) {
		i = p - s;
		for (k = 0; k < n && i + 2 + k < len &&
		    lower(s[i + 2 + k]) == name[k]; k++)
			;
		if (k == n && (i + 2 + n == len || is_tag_space(s[i + 2 + n]) ||
		    s[i + 2 + n] == '/' || s[i + 2 + n] == '>'))
			return i;
		i += 2;
	}
	return len;
}

/* A start or end tag at s[i] == '<'; returns where the input goes on. */
static size_t
tag(struct htmltok *tok, const char *s, size_t len, size_t i)
{
	char		 name[HTMLTOK_NAME_MAX + 1];
	int		 endtag = s[i + 1] == '/', selfclosing;
	size_t		 j, k;
	enum raw_kind	 raw;

	j = read_name(s, len, i + 1 + endtag, name);
	if ((j = skip_attributes(s, len, j, &selfclosing)) == TAG_CUT)
		return len;		/* cut off: the tag gives nothing */
	if (endtag) {
		tok->end(tok->ctx, name);
		return j;
	}
	tok->start(tok->ctx, name, selfclosing);
	if (tok->foreign || (raw = raw_kind(name)) == RAW_NONE)
		return j;
	if (raw == RAW_PLAINTEXT) {
		emit_text(tok, s + j, len - j, 0);
		return len;
	}
	k = raw_end(s, len, j, name);
	emit_text(tok, s + j, k - j, raw == RAW_RCDATA);
	return k;
}

/* "<!": a comment, a doctype, or a bogus comment (CDATA outside SVG too). */
static size_t
markup_decl(struct htmltok *tok, const char *s, size_t len, size_t i)
{
	const char	*p;

	if (len - i >= 4 && memcmp(s + i, "<!--", 4) == 0)
		return skip_comment(s, len, i + 4);
	if (tok->foreign && len - i >= 9 && memcmp(s + i, "<![CDATA[", 9) == 0) {
		p = memmem(s + i + 9, len - i - 9, "]]>", 3);
		if (p == NULL) {
			emit_text(tok, s + i + 9, len - i - 9, 0);
			return len;
		}
		emit_text(tok, s + i + 9, p - (s + i + 9), 0);
		return p - s + 3;
	}
	return skip_to_gt(s, len, i + 2);
}

/*
 * Where the text from s[i] ends: at a '<' or a '&'.  Sixteen bytes are
 * compared at a time where SSE2 is there, for text is most of a page.
 */
static size_t
text_end(const char *s, size_t i, size_t len)
{
#ifdef __SSE2__
	const __m128i	lt = _mm_set1_epi8('<'), amp = _mm_set1_epi8('&');
	__m128i		v;
	unsigned int	hit;

	for (; i + 16 <= len; i += 16) {
		v = _mm_loadu_si128((const __m128i *)(s + i));
		hit = _mm_movemask_epi8(_mm_or_si128(_mm_cmpeq_epi8(v, lt),
		    _mm_cmpeq_epi8(v, amp)));
		if (hit != 0)
			return i + __builtin_ctz(hit);
	}
#endif
	while (i < len && s[i] != '<' && s[i] != '&')
		i++;
	return i;
}

void
htmltok_run(struct htmltok *tok, const char *s, size_t len)
{
	size_t		 i = 0, j, n, outlen;
	char		 out[8];
	unsigned char	 c;

	while (i < len) {
		j = text_end(s, i, len);
		if (j > i)
			tok->text(tok->ctx, s + i, j - i);
		if ((i = j) >= len)
			break;
		if (s[i] == '&') {
			if ((n = htmltok_charref(s + i, len - i, out,
			    &outlen)) > 0) {
				tok->text(tok->ctx, out, outlen);
				i += n;
			} else {
				tok->text(tok->ctx, "&", 1);
				i++;
			}
			continue;
		}
		c = i + 1 < len ? (unsigned char)s[i + 1] : 0;
		if (is_alpha(c))
			i = tag(tok, s, len, i);
		else if (c == '/' && i + 2 < len && is_alpha(s[i + 2]))
			i = tag(tok, s, len, i);
		else if (c == '/' && i + 2 < len && s[i + 2] == '>')
			i += 3;			/* "</>": nothing */
		else if (c == '/' && i + 2 < len)
			i = skip_to_gt(s, len, i + 2);	/* a bogus comment */
		else if (c == '!')
			i = markup_decl(tok, s, len, i);
		else if (c == '?')
			i = skip_to_gt(s, len, i + 1);
		else {
			tok->text(tok->ctx, "<", 1);	/* "a < b", "</" at the end */
			i++;
		}
	}
}
