/* SPDX-License-Identifier: ISC */
/*
 * html: HTML, or plain text, to the plain text of articles: paragraphs
 * with the spaces a browser shows, every other character kept.  Pure.
 */
#ifndef FEEDD_HTML_H
#define FEEDD_HTML_H

#include <stddef.h>

struct html_text {
	char	**paras;	/* owned: n owned, non-empty paragraphs */
	size_t	  n;
};

/*
 * HTML to paragraphs: block elements (p, div, br, li, headings,
 * blockquote, pre, table rows, figcaption, ...) end a paragraph; inline
 * elements keep exactly the white space around them; script, style,
 * iframe, form, nav, noscript, images and the like give nothing.  Read
 * with htmltok, as a browser tokenizes.  The result is appended to out.
 */
void	html_to_paragraphs(const char *html, size_t len, struct html_text *out);
/* Plain text to paragraphs, split at blank lines; appended to out. */
void	text_to_paragraphs(const char *text, size_t len, struct html_text *out);
/* HTML to one line of text (titles); the caller frees it. */
char	*html_to_line(const char *html, size_t len);
/* Plain text to one line, white space collapsed; the caller frees it. */
char	*text_to_line(const char *text, size_t len);
/* Whether text holds markup or entity references, so is HTML. */
int	 html_has_markup(const char *text, size_t len);
/*
 * About how much text html holds: the bytes outside tags.  Cheap, to
 * choose among an item's contents without parsing them all.
 */
size_t	 html_text_estimate(const char *html, size_t len);
/* The same, stopping once past cap (then returning more than cap). */
size_t	 html_text_estimate_upto(const char *html, size_t len, size_t cap);
/* Whether html has two paragraphs or more: <p>, <br>, <div>, <li>... */
int	 html_has_blocks(const char *html, size_t len);
/*
 * The first size - 1 letters and digits of html's text (ASCII, lowercase;
 * tags and references passed over), NUL-terminated in out: enough to tell
 * whether two texts start with the same words.
 */
void	 html_letters(const char *html, char *out, size_t size);
/* The bytes of text in n paragraphs (newlines not counted). */
size_t	 html_paras_len(char *const *paras, size_t n);
/* Free the paragraphs and leave t empty. */
void	 html_text_free(struct html_text *t);

#endif
