/* SPDX-License-Identifier: ISC */
/*
 * feedfile: state_dir/feed.atom, the collection's feed as publish writes
 * it, rewritten only when its bytes change (readers' caches depend on
 * that), and kept in memory as it is served, with its ETag and the time
 * it last changed.
 */
#ifndef FEEDD_FEEDFILE_H
#define FEEDD_FEEDFILE_H

struct conf;
struct feedfile;
struct http_feed;
struct store;

struct state;

/* state: whose failing sources have an entry in the feeds. */
struct feedfile	*feedfile_new(const struct state *state);
void		 feedfile_free(struct feedfile *);
/*
 * Write the feed of st with c's [feed] settings, when it changed, and
 * serve it.  -1 with *cause when the file could not be written (it is
 * served all the same; the caller tries the file again later).
 */
int		 feedfile_update(struct feedfile *, struct store *st,
		     const struct conf *c, char **cause);
/*
 * Whether the entries for sources failing longer than failure_entry_after
 * are not those of the feed last written (so it must be written again).
 */
int		 feedfile_notices_changed(const struct feedfile *,
		     const struct conf *c);
/* What is served now; nothing (data NULL) before the first update. */
void		 feedfile_served(const struct feedfile *, struct http_feed *);
/*
 * The feed at path into f: "/feed.atom", or the feed of one source
 * ("/sources/NAME.atom", a configured source or one the collection has
 * articles of) or one tag ("/tags/TAG.atom", a configured source's tag),
 * made from st with c's [feed] settings when the collection changed since
 * it was last made, and kept until then (at most 64 such feeds are kept).
 * -1 when path names none.
 */
int		 feedfile_view(struct feedfile *, struct store *st,
		     const struct conf *c, const char *path,
		     struct http_feed *f);

#endif
