/* SPDX-License-Identifier: ISC */
/* utf8: decoding, encoding and the characters XML 1.0 allows. */
#ifndef FEEDD_UTF8_H
#define FEEDD_UTF8_H

#include <stddef.h>
#include <stdint.h>

#define UTF8_REPLACEMENT	0xfffd

/*
 * Decode the character at s (len bytes available).  Returns its length in
 * bytes, or 0 when the bytes are not well-formed UTF-8 (overlong forms,
 * surrogates, values past U+10FFFF and truncated sequences included).
 */
size_t	utf8_decode(const char *s, size_t len, uint32_t *cp);
/* Whether s[0..len) is well-formed UTF-8 with no NUL. */
int	utf8_valid(const char *s, size_t len);
/* Encode cp into out (at least 4 bytes); returns the length. */
size_t	utf8_encode(uint32_t cp, char *out);
/* Whether XML 1.0 allows cp in a document (production [2] Char). */
int	utf8_is_xml_char(uint32_t cp);

struct buf;
/*
 * Append s to out as XML text or attribute value: & < > " as references,
 * tab and newline dropped, other characters XML 1.0 does not allow
 * dropped, a byte that is not UTF-8 as U+FFFD.
 */
void	utf8_xml_escape(struct buf *out, const char *s);

#endif
