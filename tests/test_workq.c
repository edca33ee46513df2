/* SPDX-License-Identifier: ISC */
#include <pthread.h>
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <stdlib.h>
#include <string.h>

#include <cmocka.h>
#include <ev.h>

#include "workq.h"

/*
 * Work runs on the queue's threads, done() on the thread of the loop, once
 * each; drain waits for all of it, including work that a done() submits.
 */

#define JOBS	200

struct job {
	struct ev_loop	*loop;
	struct workq	*q;
	int		 n;
	uint64_t	 result;
	pthread_t	 worker;
	int		 done;
	int		*finished;	/* shared count */
	int		 more;		/* done() submits one more job */
	struct job	*next_job;
};

static pthread_t	loop_thread;

static void
job_work(void *arg)
{
	struct job	*j = arg;
	uint64_t	 x = (uint64_t)j->n;
	int		 i;

	/* Something to chew on, so that threads overlap. */
	for (i = 0; i < 10000; i++)
		x = x * 6364136223846793005ULL + 1442695040888963407ULL;
	j->result = x;
	j->worker = pthread_self();
}

static void
job_done(void *arg)
{
	struct job	*j = arg;

	assert_true(pthread_equal(pthread_self(), loop_thread));
	j->done++;
	(*j->finished)++;
	if (j->more && j->next_job != NULL)
		workq_submit(j->q, job_work, job_done, j->next_job);
	if (*j->finished == JOBS + 1)
		ev_break(j->loop, EVBREAK_ALL);
}

static uint64_t
expect(int n)
{
	uint64_t	x = (uint64_t)n;
	int		i;

	for (i = 0; i < 10000; i++)
		x = x * 6364136223846793005ULL + 1442695040888963407ULL;
	return x;
}

/* Run JOBS jobs plus one submitted by a done(), through the loop or drain. */
static void
run(int through_loop)
{
	struct ev_loop	*loop = ev_loop_new(EVFLAG_AUTO);
	struct workq	*q = workq_new(loop, 3);
	struct job	*jobs = calloc(JOBS + 1, sizeof *jobs);
	int		 finished = 0, i, off_loop = 0;

	loop_thread = pthread_self();
	for (i = 0; i <= JOBS; i++) {
		jobs[i].loop = loop;
		jobs[i].q = q;
		jobs[i].n = i;
		jobs[i].finished = &finished;
	}
	jobs[0].more = 1;
	jobs[0].next_job = &jobs[JOBS];
	for (i = 0; i < JOBS; i++)
		workq_submit(q, job_work, job_done, &jobs[i]);
	if (through_loop)
		ev_run(loop, 0);
	else
		workq_drain(q);
	assert_int_equal(finished, JOBS + 1);
	for (i = 0; i <= JOBS; i++) {
		assert_int_equal(jobs[i].done, 1);
		assert_true(jobs[i].result == expect(i));
		if (!pthread_equal(jobs[i].worker, loop_thread))
			off_loop++;
	}
	assert_int_equal(off_loop, JOBS + 1);
	workq_free(q);
	ev_loop_destroy(loop);
	free(jobs);
}

static void
workq__through_the_loop__every_done_once_on_the_loop(void **state)
{
	run(1);
}

static void
workq__drain__waits_for_work_submitted_by_done(void **state)
{
	run(0);
}

static void
workq_threads__at_least_one_at_most_max(void **state)
{
	assert_true(workq_threads(4) >= 1);
	assert_true(workq_threads(4) <= 4);
	assert_int_equal(workq_threads(1), 1);
}

int
main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(
		    workq__through_the_loop__every_done_once_on_the_loop),
		cmocka_unit_test(workq__drain__waits_for_work_submitted_by_done),
		cmocka_unit_test(workq_threads__at_least_one_at_most_max),
	};

	return cmocka_run_group_tests(tests, NULL, NULL);
}
