/* SPDX-License-Identifier: ISC */
/*
 * hostq: what waits for a fetch slot, host by host, so that starting the
 * next fetch costs the same with ten sources or a hundred thousand: each
 * host keeps its waiting sources in order and its count of fetches under
 * way, and the hosts that have both a waiting source and a free slot of
 * max_per_host take turns in a ready list.  Hosts are found by name
 * (strmap) and live while a source refers to them.
 */
#ifndef FEEDD_HOSTQ_H
#define FEEDD_HOSTQ_H

struct hostq;
struct hostq_host;

/* A waiting place, one per source, embedded in it. */
struct hostq_item {
	void			*owner;		/* the source */
	struct hostq_host	*host;		/* where it fetches from */
	struct hostq_item	*prev, *next;	/* in its host's queue */
	int			 waiting;
	int			 fetching;	/* counted in its host's */
};

struct hostq	*hostq_new(void);
void		 hostq_free(struct hostq *);
/*
 * Point item at the host named name (lower case, with its port), which is
 * made if new; an item that was waiting moves to the new host's queue, and
 * one whose fetch is under way takes it to its new host's count.
 * NULL name: the item leaves its host (and its queue), which is freed when
 * no item refers to it any more.
 */
void		 hostq_set(struct hostq *, struct hostq_item *, const char *name);
/* Whether item's host has a fetch slot free under max_per_host. */
int		 hostq_has_slot(const struct hostq_item *, long max_per_host);
/* A fetch to item's host started; one finished (or was cancelled). */
void		 hostq_started(struct hostq_item *);
void		 hostq_finished(struct hostq *, struct hostq_item *, long max_per_host);
/* Make item wait for a slot, at the end of its host's queue. */
void		 hostq_wait(struct hostq *, struct hostq_item *, long max_per_host);
/* Take item out of its host's queue, if it waits. */
void		 hostq_unwait(struct hostq_item *);
/*
 * The next item that may start, out of its queue: the hosts with a free
 * slot take turns; NULL when none may.
 */
struct hostq_item *hostq_next(struct hostq *, long max_per_host);
/* The limits changed: every host with a waiting item and a slot is ready. */
void		 hostq_rescan(struct hostq *, long max_per_host);
/* Stopping: nothing waits and no fetch is under way any more. */
void		 hostq_clear(struct hostq *);

#endif
