/* SPDX-License-Identifier: ISC */
#include <string.h>

#include "buf.h"
#include "utf8.h"

/*
 * Strict UTF-8, as RFC 3629 defines it: what feedd writes must be read by
 * every reader, so nothing lenient is accepted here.
 */

/* Decode one character; 0 when the bytes are not well-formed UTF-8. */
size_t
utf8_decode(const char *str, size_t len, uint32_t *cp)
{
	const unsigned char	*s = (const unsigned char *)str;
	uint32_t		 c, min;
	size_t			 n, i;

	if (len == 0)
		return 0;
	if (s[0] < 0x80) {
		*cp = s[0];
		return 1;
	}
	if (s[0] >= 0xc2 && s[0] <= 0xdf) {
		n = 2; c = s[0] & 0x1f; min = 0x80;
	} else if (s[0] >= 0xe0 && s[0] <= 0xef) {
		n = 3; c = s[0] & 0x0f; min = 0x800;
	} else if (s[0] >= 0xf0 && s[0] <= 0xf4) {
		n = 4; c = s[0] & 0x07; min = 0x10000;
	} else
		return 0;
	if (len < n)
		return 0;
	for (i = 1; i < n; i++) {
		if ((s[i] & 0xc0) != 0x80)
			return 0;
		c = (c << 6) | (s[i] & 0x3f);
	}
	if (c < min || c > 0x10ffff || (c >= 0xd800 && c <= 0xdfff))
		return 0;
	*cp = c;
	return n;
}

/* Encode cp into out; returns the number of bytes written. */
size_t
utf8_encode(uint32_t cp, char *out)
{
	unsigned char	*o = (unsigned char *)out;

	if (cp > 0x10ffff || (cp >= 0xd800 && cp <= 0xdfff))
		cp = UTF8_REPLACEMENT;
	if (cp < 0x80) {
		o[0] = cp;
		return 1;
	}
	if (cp < 0x800) {
		o[0] = 0xc0 | (cp >> 6);
		o[1] = 0x80 | (cp & 0x3f);
		return 2;
	}
	if (cp < 0x10000) {
		o[0] = 0xe0 | (cp >> 12);
		o[1] = 0x80 | ((cp >> 6) & 0x3f);
		o[2] = 0x80 | (cp & 0x3f);
		return 3;
	}
	o[0] = 0xf0 | (cp >> 18);
	o[1] = 0x80 | ((cp >> 12) & 0x3f);
	o[2] = 0x80 | ((cp >> 6) & 0x3f);
	o[3] = 0x80 | (cp & 0x3f);
	return 4;
}

/* Whether XML 1.0 allows cp in a document. */
int
utf8_is_xml_char(uint32_t cp)
{
	if (cp == 0x9 || cp == 0xa || cp == 0xd)
		return 1;
	if (cp >= 0x20 && cp <= 0xd7ff)
		return 1;
	if (cp >= 0xe000 && cp <= 0xfffd)
		return 1;
	return cp >= 0x10000 && cp <= 0x10ffff;
}

/* Append the escaped text, less what XML cannot carry. */
void
utf8_xml_escape(struct buf *out, const char *s)
{
	const char	*run = s, *rep;
	char		 enc[4];
	uint32_t	 cp;
	size_t		 n, replen;
	unsigned char	 c;

	/* Runs of text that passes as it is are appended whole. */
	for (;;) {
		c = (unsigned char)*s;
		if (c >= 0x20 && c < 0x7f && c != '&' && c != '<' &&
		    c != '>' && c != '"') {
			s++;
			continue;
		}
		if (c == '\0')
			break;
		n = 1;
		rep = NULL;
		replen = 0;
		if (c >= 0x80) {
			if ((n = utf8_decode(s, 4, &cp)) != 0) {
				if (utf8_is_xml_char(cp)) {
					s += n;
					continue;
				}
				rep = "";	/* U+FFFE, U+FFFF: dropped */
			} else {
				/* A byte that is not UTF-8 shows as U+FFFD. */
				replen = utf8_encode(UTF8_REPLACEMENT, enc);
				rep = enc;
				n = 1;
			}
		} else if (c == '&')
			rep = "&amp;";
		else if (c == '<')
			rep = "&lt;";
		else if (c == '>')
			rep = "&gt;";
		else if (c == '"')
			rep = "&quot;";
		else if (c == '\t' || c == '\n') {
			s++;
			continue;
		} else
			rep = "";	/* other controls and DEL: dropped */
		buf_add(out, run, s - run);
		buf_add(out, rep, rep == enc ? replen : strlen(rep));
		s += n;
		run = s;
	}
	buf_add(out, run, s - run);
}

int
utf8_valid(const char *s, size_t len)
{
	uint32_t	cp;
	size_t		i = 0, n;

	while (i < len) {
		if ((unsigned char)s[i] < 0x80) {
			if (s[i] == '\0')
				return 0;
			i++;
			continue;
		}
		if ((n = utf8_decode(s + i, len - i, &cp)) == 0)
			return 0;
		i += n;
	}
	return 1;
}
