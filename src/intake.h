/* SPDX-License-Identifier: ISC */
/*
 * intake: a fetched feed on its way into the collection.  A worker
 * thread makes its items (ingest: the pure stages only); back on the
 * loop, each is staged in the store, and the schedule is told how the
 * fetch went (schedule_parsed), which frees the source's slot.
 */
#ifndef FEEDD_INTAKE_H
#define FEEDD_INTAKE_H

struct ev_loop;
struct fetch_result;
struct intake;
struct normalized;
struct schedule;
struct store;

struct intake_ops {
	/*
	 * Whether the item n of source is kept (the filters, feedd.conf's
	 * keep_if and drop_if): 1, else 0; asked before it is staged.
	 */
	int	(*keep)(void *arg, const char *source,
		    const struct normalized *n);
	/* A new article of a feed submitted with pages wanted. */
	void	(*page)(void *arg, const char *source,
		    const struct normalized *);
	/*
	 * All the items of a feed are staged; store_error: why some could
	 * not be (the first cause), or NULL.
	 */
	void	(*parsed)(void *arg, const char *source, long added,
		    long updated, long dropped, const char *store_error);
	void	*arg;
};

/* Workers, one per processor (at most four). */
struct intake	*intake_new(struct ev_loop *, struct store *,
		     struct schedule *, const struct intake_ops *);
/* Wait for the feeds being parsed to be stored; then free. */
void		 intake_free(struct intake *);
/*
 * Parse r's body (an HTTP 200 of source name); token is the schedule's.
 * pages: the source wants its new articles' pages (fulltext); max_items:
 * the items read at most (the rest are counted and said); keep: the
 * articles the source keeps, so that only its keep newest items are
 * stored (older ones would be pruned at once, and come back at every
 * fetch).
 */
void		 intake_submit(struct intake *, const char *name,
		     const struct fetch_result *r, void *token, int pages,
		     long max_items, long keep);
/* Wait until every feed submitted is stored. */
void		 intake_drain(struct intake *);

#endif
