/* SPDX-License-Identifier: ISC */
/*
 * jsonfeed: JSON Feed 1.0 and 1.1 (jsonfeed.org) into the feed and items
 * that feedparse hands on, so that a JSON Feed is read like any other
 * feed.  Pure.
 */
#ifndef FEEDD_JSONFEED_H
#define FEEDD_JSONFEED_H

#include <stddef.h>

#include "feedparse.h"

/*
 * Parse the JSON Feed doc (all of it) whose URL is url (may be NULL),
 * calling cb's feed and item callbacks as feedparse does.  Returns the
 * number of items, or -1 with *cause (the caller frees it) when doc is
 * not JSON, or not a JSON Feed.
 */
long	jsonfeed_parse(const char *doc, size_t len, const char *url,
	    const struct feedparse_cb *cb, char **cause);

#endif
