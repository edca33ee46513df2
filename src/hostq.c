/* SPDX-License-Identifier: ISC */
#include <limits.h>
#include <stdint.h>
#include <stdlib.h>
#include <string.h>

#include "hostq.h"
#include "strmap.h"
#include "xmalloc.h"

/*
 * The ready list holds a host at most once (in_ready); a host on it may
 * have lost its reason to be there (its queue emptied, its slots filled)
 * by the time its turn comes, and is then passed over: every operation is
 * O(1), amortized.
 */

struct hostq_host {
	char			*name;		/* the key in hostq's map */
	size_t			 refs;		/* items pointing here */
	long			 fetching;
	struct hostq_item	*head, *tail;	/* waiting, in order */
	struct hostq_host	*ready_next;
	int			 in_ready;
};

struct hostq {
	struct strmap		 hosts;		/* name to struct hostq_host */
	struct hostq_host	*ready_head, *ready_tail;
};

static void	hq_ready(struct hostq *, struct hostq_host *, long);
static void	hq_release(struct hostq *, struct hostq_host *);

/* Put h on the ready list if it has a waiting item and a free slot. */
static void
hq_ready(struct hostq *q, struct hostq_host *h, long max_per_host)
{
	if (h->in_ready || h->head == NULL || h->fetching >= max_per_host)
		return;
	h->in_ready = 1;
	h->ready_next = NULL;
	if (q->ready_tail != NULL)
		q->ready_tail->ready_next = h;
	else
		q->ready_head = h;
	q->ready_tail = h;
}

/* Free h when nothing refers to it and it is not on the ready list. */
static void
hq_release(struct hostq *q, struct hostq_host *h)
{
	if (h->refs > 0 || h->in_ready)
		return;
	strmap_del(&q->hosts, h->name);
	free(h->name);
	free(h);
}

struct hostq *
hostq_new(void)
{
	return xcalloc(1, sizeof(struct hostq));
}

void
hostq_free(struct hostq *q)
{
	struct hostq_host	*h;
	size_t			 i;

	if (q == NULL)
		return;
	for (i = 0; i < q->hosts.cap; i++) {
		if (q->hosts.slots[i].key == NULL)
			continue;
		h = q->hosts.slots[i].value;
		free(h->name);
		free(h);
	}
	strmap_free(&q->hosts);
	free(q);
}

void
hostq_set(struct hostq *q, struct hostq_item *it, const char *name)
{
	struct hostq_host	*h = NULL, *old = it->host;
	int			 waiting = it->waiting;

	if (old != NULL && name != NULL && strcmp(old->name, name) == 0)
		return;
	if (name != NULL) {
		if ((h = strmap_get(&q->hosts, name)) == NULL) {
			h = xcalloc(1, sizeof *h);
			h->name = xstrdup(name);
			strmap_put(&q->hosts, h->name, h);
		}
		h->refs++;
	}
	hostq_unwait(it);
	if (it->fetching && old != NULL && old->fetching > 0)
		old->fetching--;
	it->host = h;
	if (it->fetching && h != NULL)
		h->fetching++;
	if (old != NULL) {
		old->refs--;
		hq_release(q, old);
	}
	/* Still waiting, on its new host (whose slots hostq_next checks). */
	if (waiting && h != NULL)
		hostq_wait(q, it, LONG_MAX);
}

int
hostq_has_slot(const struct hostq_item *it, long max_per_host)
{
	return it->host->fetching < max_per_host;
}

void
hostq_started(struct hostq_item *it)
{
	if (!it->fetching) {
		it->fetching = 1;
		it->host->fetching++;
	}
}

void
hostq_finished(struct hostq *q, struct hostq_item *it, long max_per_host)
{
	if (it->fetching) {
		it->fetching = 0;
		if (it->host->fetching > 0)
			it->host->fetching--;
	}
	hq_ready(q, it->host, max_per_host);
}

void
hostq_wait(struct hostq *q, struct hostq_item *it, long max_per_host)
{
	struct hostq_host	*h = it->host;

	if (it->waiting)
		return;
	it->waiting = 1;
	it->next = NULL;
	it->prev = h->tail;
	if (h->tail != NULL)
		h->tail->next = it;
	else
		h->head = it;
	h->tail = it;
	hq_ready(q, h, max_per_host);
}

void
hostq_unwait(struct hostq_item *it)
{
	struct hostq_host	*h = it->host;

	if (!it->waiting)
		return;
	if (it->prev != NULL)
		it->prev->next = it->next;
	else
		h->head = it->next;
	if (it->next != NULL)
		it->next->prev = it->prev;
	else
		h->tail = it->prev;
	it->prev = it->next = NULL;
	it->waiting = 0;
}

struct hostq_item *
hostq_next(struct hostq *q, long max_per_host)
{
	struct hostq_host	*h;
	struct hostq_item	*it;

	while ((h = q->ready_head) != NULL) {
		q->ready_head = h->ready_next;
		if (q->ready_head == NULL)
			q->ready_tail = NULL;
		h->in_ready = 0;
		if (h->head == NULL || h->fetching >= max_per_host) {
			hq_release(q, h);
			continue;
		}
		it = h->head;
		hostq_unwait(it);
		/* Its next one, after the other hosts' turns. */
		hq_ready(q, h, max_per_host);
		return it;
	}
	return NULL;
}

void
hostq_rescan(struct hostq *q, long max_per_host)
{
	size_t	i;

	for (i = 0; i < q->hosts.cap; i++)
		if (q->hosts.slots[i].key != NULL)
			hq_ready(q, q->hosts.slots[i].value, max_per_host);
}

void
hostq_clear(struct hostq *q)
{
	struct hostq_host	*h;
	size_t			 i;

	for (i = 0; i < q->hosts.cap; i++) {
		if (q->hosts.slots[i].key == NULL)
			continue;
		h = q->hosts.slots[i].value;
		while (h->head != NULL)
			hostq_unwait(h->head);
		h->fetching = 0;
		h->in_ready = 0;
	}
	q->ready_head = q->ready_tail = NULL;
}
