/* SPDX-License-Identifier: ISC */
/*
 * htmltok: HTML's tokenizer, after the WHATWG HTML standard's
 * tokenization chapter, for text: start tags, end tags and text with its
 * character references decoded; comments, doctypes and attributes are
 * read past and give nothing.  No tree, no allocation.  Pure.
 */
#ifndef FEEDD_HTMLTOK_H
#define FEEDD_HTMLTOK_H

#include <stddef.h>

#define HTMLTOK_NAME_MAX 32	/* tag names are cut to this (none is longer) */

struct htmltok {
	/* What the tokens go to; ctx is theirs. */
	void	(*text)(void *ctx, const char *s, size_t len);
	void	(*start)(void *ctx, const char *name, int selfclosing);
	void	(*end)(void *ctx, const char *name);
	void	 *ctx;
	/*
	 * Set by the tree side while inside <svg> or <math>: there, <title>,
	 * <style> and the like are not raw text.
	 */
	int	  foreign;
};

/*
 * Tokenize html (UTF-8), calling tok's callbacks in document order.
 * Names are lowercase and NUL-terminated.
 */
void	htmltok_run(struct htmltok *tok, const char *html, size_t len);
/*
 * The character reference at s (which starts with '&'): its UTF-8 in
 * out (at most 8 bytes), the bytes it takes and the output's length in
 * *outlen; 0 when s starts none (then '&' is only a character).
 */
size_t	htmltok_charref(const char *s, size_t len, char out[8],
	    size_t *outlen);

#endif
