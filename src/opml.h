/* SPDX-License-Identifier: ISC */
/*
 * opml: feed readers' OPML to feedd.conf sections, and feedd.conf's
 * sources to OPML 2.0.  Pure: bytes in, text out.
 */
#ifndef FEEDD_OPML_H
#define FEEDD_OPML_H

#include <stddef.h>

struct buf;

/* A feed of an OPML export. */
struct opml_feed {
	const char	*name;		/* the source's, in feedd.conf */
	const char	*title;		/* its feed's own, or NULL: the name */
	const char	*url;
	const char	*tags;		/* "a,b" (names), or NULL */
};

/*
 * The [source "NAME"] sections for every outline with an xmlUrl (nested
 * outlines too), names made from titles: valid, unique, and not among
 * taken (a NULL-terminated list, or NULL).  The folders (outlines that
 * hold others) a feed is in become its tags; a URL in two folders is one
 * source with both.  Returns the number of sources, or -1 with *cause
 * when the document is not OPML.
 */
int	opml_import(const char *data, size_t len, const char **taken,
	    struct buf *out, char **cause);
/*
 * The n feeds as an OPML 2.0 document whose title is title, each in the
 * folders of its tags.
 */
void	opml_export(const char *title, const struct opml_feed *feeds,
	    size_t n, struct buf *out);

#endif
