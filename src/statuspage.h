/* SPDX-License-Identifier: ISC */
/*
 * statuspage: how every source stands, for an admin: the HTML page at /
 * (server-rendered, no script, usable on a phone and with a screen
 * reader), /status.json, and the table of feedd --status (/status.txt).
 * Pure formatting of the rows that status gathers.
 */
#ifndef FEEDD_STATUSPAGE_H
#define FEEDD_STATUSPAGE_H

#include <stddef.h>
#include <stdint.h>

#include "status.h"

struct buf;

/* What the page says of the whole. */
struct statuspage {
	const char		*title;		/* the feed's */
	int64_t			 now;
	size_t			 articles;	/* in the collection */
	const char		*faults;	/* what cannot be written, or NULL */
	struct status_row	*rows;		/* sorted by statuspage_sort */
	size_t			 nrows;
};

/* Failing sources first, then new, working and disabled; by name. */
void	statuspage_sort(struct status_row *rows, size_t n);
void	statuspage_html(const struct statuspage *, struct buf *out);
void	statuspage_json(const struct statuspage *, struct buf *out);
void	statuspage_text(const struct statuspage *, struct buf *out);

#endif
