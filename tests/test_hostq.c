/* SPDX-License-Identifier: ISC */
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include <cmocka.h>

#include "hostq.h"

/*
 * The queue of what waits for a fetch slot: order within a host, turns
 * between hosts, max_per_host, a source that moves host while it waits,
 * one taken out, new limits, and a stop.
 */

#define N 8

static struct hostq_item	items[N];

static void
setup_items(void)
{
	size_t	i;

	memset(items, 0, sizeof items);
	for (i = 0; i < N; i++)
		items[i].owner = &items[i];
}

/* The index of the next item to start, or -1. */
static int
next(struct hostq *q, long per_host)
{
	struct hostq_item	*it = hostq_next(q, per_host);

	if (it == NULL)
		return -1;
	hostq_started(it);
	return (int)(it - items);
}

static void
hostq__turns__in_order_per_host_and_by_turns_across(void **state)
{
	struct hostq	*q = hostq_new();
	int		 i;

	setup_items();
	/* 0-3 on a, 4-5 on b, 6 on c: all waiting. */
	for (i = 0; i < 7; i++)
		hostq_set(q, &items[i], i < 4 ? "a" : i < 6 ? "b" : "c");
	for (i = 0; i < 7; i++)
		hostq_wait(q, &items[i], 2);
	/* Two per host at most; the hosts take turns. */
	assert_int_equal(next(q, 2), 0);
	assert_int_equal(next(q, 2), 4);
	assert_int_equal(next(q, 2), 6);
	assert_int_equal(next(q, 2), 1);
	assert_int_equal(next(q, 2), 5);
	assert_int_equal(next(q, 2), -1);	/* a has 2 under way */
	/* One of a's fetches ends: its next one may go. */
	hostq_finished(q, &items[0], 2);
	assert_int_equal(next(q, 2), 2);
	assert_int_equal(next(q, 2), -1);
	hostq_finished(q, &items[1], 2);
	hostq_finished(q, &items[2], 2);
	assert_int_equal(next(q, 2), 3);
	assert_int_equal(next(q, 2), -1);
	for (i = 0; i < 7; i++)
		hostq_set(q, &items[i], NULL);
	hostq_free(q);
}

static void
hostq__move_unwait_rescan_clear(void **state)
{
	struct hostq	*q = hostq_new();
	int		 i;

	setup_items();
	for (i = 0; i < 4; i++) {
		hostq_set(q, &items[i], "a");
		hostq_started(&items[i]);	/* a is full */
	}
	hostq_set(q, &items[4], "a");
	hostq_set(q, &items[5], "a");
	hostq_wait(q, &items[4], 4);
	hostq_wait(q, &items[5], 4);
	assert_int_equal(next(q, 4), -1);
	/* 5 moves to b (a permanent redirect, a new URL): it may go. */
	hostq_set(q, &items[5], "b");
	assert_true(items[5].waiting);
	assert_int_equal(next(q, 4), 5);
	/* 4 is taken out (its source removed): nothing waits on a. */
	hostq_unwait(&items[4]);
	assert_false(items[4].waiting);
	hostq_finished(q, &items[0], 4);
	assert_int_equal(next(q, 4), -1);
	/* New limits: what waits on a full host goes once they allow it. */
	hostq_wait(q, &items[4], 3);
	assert_int_equal(next(q, 3), -1);	/* 3 under way on a */
	hostq_rescan(q, 5);
	assert_int_equal(next(q, 5), 4);
	/*
	 * A source whose URL changes during its fetch takes the fetch to
	 * its new host's count: the old host's slot is free again.
	 */
	hostq_set(q, &items[7], "d");
	hostq_started(&items[7]);
	assert_false(hostq_has_slot(&items[7], 1));
	hostq_set(q, &items[6], "d");
	hostq_set(q, &items[7], "e");
	assert_true(hostq_has_slot(&items[6], 1));
	assert_false(hostq_has_slot(&items[7], 1));
	hostq_finished(q, &items[7], 1);
	assert_true(hostq_has_slot(&items[7], 1));
	/* A stop: nothing waits, nothing is under way. */
	hostq_set(q, &items[6], "c");
	hostq_wait(q, &items[6], 5);
	hostq_clear(q);
	assert_false(items[6].waiting);
	assert_true(hostq_has_slot(&items[0], 1));
	assert_int_equal(next(q, 5), -1);
	for (i = 0; i < 8; i++)
		hostq_set(q, &items[i], NULL);
	hostq_free(q);
}

/* Many hosts: the table grows and every host is found again. */
static void
hostq__many_hosts__table_grows(void **state)
{
	struct hostq		*q = hostq_new();
	struct hostq_item	*many, *it;
	char			 name[32];
	int			 i, n = 5000, started = 0;

	many = calloc(n, sizeof *many);
	assert_non_null(many);
	for (i = 0; i < n; i++) {
		snprintf(name, sizeof name, "h%d.example.org", i % 1000);
		many[i].owner = &many[i];
		hostq_set(q, &many[i], name);
		hostq_wait(q, &many[i], 1);
	}
	/* One per host at a time: 1000 hosts, 1000 starts, then none. */
	while ((it = hostq_next(q, 1)) != NULL) {
		hostq_started(it);
		started++;
	}
	assert_int_equal(started, 1000);
	for (i = 0; i < n; i++)
		hostq_set(q, &many[i], NULL);
	hostq_free(q);
	free(many);
}

int
main(void)
{
	const struct CMUnitTest	tests[] = {
		cmocka_unit_test(hostq__turns__in_order_per_host_and_by_turns_across),
		cmocka_unit_test(hostq__move_unwait_rescan_clear),
		cmocka_unit_test(hostq__many_hosts__table_grows),
	};

	return cmocka_run_group_tests(tests, NULL, NULL);
}
