/* SPDX-License-Identifier: ISC */
/*
 * extract: an article page to the story in it, in the spirit of
 * Readability: candidate containers are scored by their paragraphs' text,
 * commas, link density and class/id hints; the best one and the siblings
 * that score well are kept, everything that looks like site furniture
 * (navigation, share bars, related links, comments, footers) is dropped,
 * and the rest becomes paragraphs by html.c's rules.  Pure.
 */
#ifndef FEEDD_EXTRACT_H
#define FEEDD_EXTRACT_H

#include <stddef.h>

struct html_text;

/*
 * The story of the page html (len bytes), appended to out.  charset is the
 * one the HTTP header names, or NULL (then the page's <meta> says, else
 * UTF-8).  Returns the number of paragraphs.
 */
size_t	extract_story(const char *html, size_t len, const char *charset,
	    struct html_text *out);
struct page_meta;
/*
 * The same, and what the page says of itself into *meta (pagemeta.h; the
 * caller frees it with pagemeta_free), its canonical URL resolved against
 * base (may be NULL).
 */
size_t	extract_page(const char *html, size_t len, const char *charset,
	    const char *base, struct html_text *out, struct page_meta *meta);

#endif
